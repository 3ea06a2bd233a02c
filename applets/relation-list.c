/* relation-list - a hook helper: the services related to this one. */
#include "applets.h"
#include "hookdata.h"
#include "strbuf.h"
#include "ytree.h"

const char relation_list_help[] =
	"usage: relation-list [--provides] [RELATION]\n"
	"\n"
	"From a hook or an action: list the services this service relates to\n"
	"through the relations its charm uses (with --provides: the services\n"
	"using the relations it provides).  With RELATION, print those\n"
	"services one a line; without, print 'RELATION SERVICE' lines.\n"
	"Prints nothing when there is none.  For example the apache charm\n"
	"finds its certificate provider with: relation-list cert-provider\n"
	"Reads the file named by SERVICE_RELATIONS_FILE.\n";

static void print_side(const struct ynode *side, const char *only)
{
	size_t i, j;

	for (i = 0; y_is_map(side) && i < side->nr; i++) {
		const struct ynode *list = side->items[i];
		const char *rel = y_map_key(side, i);

		if (only && !streq(only, rel))
			continue;
		for (j = 0; y_is_seq(list) && j < list->nr; j++) {
			if (only)
				printf("%s\n", y_str(list->items[j]));
			else
				printf("%s %s\n", rel, y_str(list->items[j]));
		}
	}
}

int relation_list_main(int argc, char **argv)
{
	const char *file = getenv("SERVICE_RELATIONS_FILE");
	struct strbuf err = STRBUF_INIT;
	const char *side = "uses";
	struct ynode *root;
	int i = 1;

	if (i < argc && streq(argv[i], "--provides")) {
		side = "provides";
		i++;
	}
	if (argc - i > 1 || (i < argc && argv[i][0] == '-'))
		die_usage("usage: relation-list [--provides] [RELATION]");
	if (!file || !*file)
		die_usage("SERVICE_RELATIONS_FILE is not set: run me from a "
			  "compose hook or action");
	root = hookdata_read(file, &err);
	if (!root)
		die("%s", err.buf);
	print_side(y_map_get(root, side), i < argc ? argv[i] : NULL);
	y_free(root);
	strbuf_release(&err);
	return 0;
}
