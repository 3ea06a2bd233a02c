/* config-add - a hook helper: add YAML to the generated docker-compose.yml. */
#include "applets.h"
#include "hookdata.h"
#include "strbuf.h"
#include "ytree.h"

const char config_add_help[] =
	"usage: config-add YAML\n"
	"       config-add -          (the YAML from standard input)\n"
	"\n"
	"From a hook: merge a fragment of docker-compose YAML, from the top\n"
	"(services:, networks:, volumes:), into the generated file: maps\n"
	"merge, scalars override, lists append.  For example:\n"
	"  config-add \"services: {$SERVICE_NAME: {environment: {A: '1'}}}\"\n"
	"Use options-get --json / relation-get --json to put values in it\n"
	"safely.  The fragment is kept with the hook's results and reused\n"
	"when the hook does not need to run again.\n"
	"Writes the file named by CONFIG_ADD_FILE.\n";

int config_add_main(int argc, char **argv)
{
	const char *file = getenv("CONFIG_ADD_FILE");
	struct strbuf text = STRBUF_INIT, err = STRBUF_INIT;
	struct ynode *frag, *acc;

	if (argc != 2)
		die_usage("usage: config-add YAML (or - for stdin)");
	if (!file || !*file)
		die_usage("CONFIG_ADD_FILE is not set: run me from a hook");
	if (streq(argv[1], "-")) {
		if (strbuf_read_fd(&text, 0) < 0)
			die_errno("can't read standard input");
	} else {
		strbuf_addstr(&text, argv[1]);
	}
	frag = y_parse_string(text.buf, text.len, "config-add", &err);
	if (!frag)
		die("%s", err.buf);
	if (!y_is_null(frag) && !y_is_map(frag))
		die("config-add: the fragment must be a mapping (services:, "
		    "networks:, volumes:)");
	acc = hookdata_read(file, &err);
	if (!acc)
		die("%s", err.buf);
	y_merge(acc, frag);
	if (hookdata_write(file, acc) < 0)
		die_errno("can't write '%s'", file);
	y_free(frag);
	y_free(acc);
	strbuf_release(&text);
	strbuf_release(&err);
	return 0;
}
