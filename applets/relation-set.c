/* relation-set - a hook helper: set a value in the current relation. */
#include "applets.h"
#include "hookdata.h"
#include "strbuf.h"
#include "ytree.h"

#include <unistd.h>

const char relation_set_help[] =
	"usage: relation-set KEY VALUE\n"
	"       relation-set KEY -        (the value from standard input)\n"
	"\n"
	"From a relation hook: set KEY to the string VALUE in the relation's\n"
	"data.  The other side's hook sees it with relation-get, and so do\n"
	"later runs.  Prefer '-' for secrets: the value then never appears\n"
	"in a process list.  A trailing newline of standard input is dropped.\n"
	"Writes the files named by RELATION_DATA_FILE and RELATION_SET_FILE.\n";

/* Set key in the mapping file at path. */
static void set_in(const char *path, const char *key, const char *value)
{
	struct strbuf err = STRBUF_INIT;
	struct ynode *root = hookdata_read(path, &err);

	if (!root)
		die("%s", err.buf);
	if (!y_is_map(root))
		die("'%s' does not hold a mapping", path);
	y_map_set(root, key, y_new_str(value));
	if (hookdata_write(path, root) < 0)
		die_errno("can't write '%s'", path);
	y_free(root);
	strbuf_release(&err);
}

int relation_set_main(int argc, char **argv)
{
	const char *data = getenv("RELATION_DATA_FILE");
	const char *set = getenv("RELATION_SET_FILE");
	struct strbuf value = STRBUF_INIT;

	if (argc != 3 || !*argv[1])
		die_usage("usage: relation-set KEY VALUE (or - for stdin)");
	if (!data || !*data || !set || !*set)
		die_usage("RELATION_DATA_FILE and RELATION_SET_FILE are not "
			  "set: run me from a relation hook");
	if (streq(argv[2], "-")) {
		if (strbuf_read_fd(&value, 0) < 0)
			die_errno("can't read standard input");
		strbuf_chomp(&value);
	} else {
		strbuf_addstr(&value, argv[2]);
	}
	set_in(set, argv[1], value.buf);
	set_in(data, argv[1], value.buf);
	strbuf_release(&value);
	return 0;
}
