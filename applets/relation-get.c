/* relation-get - a hook helper: print the data of the current relation. */
#include "applets.h"
#include "hookdata.h"

const char relation_get_help[] =
	"usage: relation-get [--json] [--default VALUE] [KEY...]\n"
	"\n"
	"From a relation hook: print the relation's data (its options and\n"
	"every value either side set with relation-set).  With KEYs, print\n"
	"the value at that path (relation-get ssl myletsencrypt\n"
	"challenge-type): a scalar as text, anything else as YAML, or as\n"
	"JSON with --json (safe to splice into YAML).  Exit 1 when the\n"
	"path has no value, unless --default gives one.\n"
	"Reads the file named by RELATION_DATA_FILE.\n";

int relation_get_main(int argc, char **argv)
{
	return hookdata_get_main(argc, argv, "RELATION_DATA_FILE",
				 relation_get_help);
}
