/* options-get - a hook helper: print the current service's options. */
#include "applets.h"
#include "hookdata.h"

const char options_get_help[] =
	"usage: options-get [--json] [--default VALUE] [KEY...]\n"
	"\n"
	"From a hook or an action: print the service's options (the charm's\n"
	"default-options with the user's over them).  With KEYs, print the\n"
	"value at that path (options-get ovh application key): a scalar as\n"
	"text, anything else as YAML, or as JSON with --json (safe to splice\n"
	"into YAML).  Exit 1 when the path has no value, unless --default\n"
	"gives one.\n"
	"Reads the file named by SERVICE_OPTIONS_FILE.\n";

int options_get_main(int argc, char **argv)
{
	return hookdata_get_main(argc, argv, "SERVICE_OPTIONS_FILE",
				 options_get_help);
}
