/* hookdata.c - YAML state files shared by compose and its hook helpers. */
#include "hookdata.h"
#include "fs.h"
#include "strbuf.h"
#include "ytree.h"

struct ynode *hookdata_read(const char *path, struct strbuf *err)
{
	struct ynode *n;

	if (!file_exists(path))
		return y_new_map();
	n = y_parse_file(path, err);
	if (n && y_is_null(n)) {
		y_free(n);
		return y_new_map();
	}
	return n;
}

int hookdata_write(const char *path, const struct ynode *n)
{
	struct strbuf sb = STRBUF_INIT;
	int r;

	y_emit(n, &sb);
	r = write_file_atomic(path, sb.buf, sb.len, 0600);
	strbuf_release(&sb);
	return r;
}

int hookdata_print(const struct ynode *root, const char *const *keys,
		   size_t nr, bool json, FILE *out)
{
	const struct ynode *n = root;
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < nr && n; i++)
		n = y_is_map(n) && y_map_index(n, keys[i]) >= 0
			    ? y_map_get(n, keys[i])
			    : NULL;
	if (!n)
		return -1;
	if (json) {
		y_emit_json(n, &sb);
		strbuf_addch(&sb, '\n');
	} else if (n->type == Y_SCALAR) {
		if (!y_is_null(n))
			strbuf_add(&sb, n->str, n->len);
		strbuf_addch(&sb, '\n');
	} else {
		y_emit(n, &sb);
	}
	fwrite(sb.buf, 1, sb.len, out);
	strbuf_release(&sb);
	return 0;
}

int hookdata_get_main(int argc, char **argv, const char *envvar,
		      const char *usage)
{
	const char *file = getenv(envvar), *dflt = NULL;
	struct strbuf err = STRBUF_INIT;
	struct ynode *root;
	bool json = false;
	int i = 1, rc = 0;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (streq(argv[i], "--")) {
			i++;
			break;
		} else if (streq(argv[i], "--json")) {
			json = true;
		} else if (streq(argv[i], "--default") && i + 1 < argc) {
			dflt = argv[++i];
		} else {
			die_usage("unknown option '%s'\n%s", argv[i], usage);
		}
	}
	if (!file || !*file)
		die_usage("%s is not set: run me from a compose hook", envvar);
	root = hookdata_read(file, &err);
	if (!root)
		die("%s", err.buf);
	if (hookdata_print(root, (const char *const *)argv + i,
			   (size_t)(argc - i), json, stdout) < 0) {
		if (dflt) {
			puts(dflt);
		} else {
			struct strbuf path = STRBUF_INIT;
			int k;
			for (k = i; k < argc; k++)
				strbuf_addf(&path, "%s%s", k > i ? " " : "",
					    argv[k]);
			error("no value for '%s'", path.buf);
			rc = EXIT_FAIL;
			strbuf_release(&path);
		}
	}
	y_free(root);
	strbuf_release(&err);
	return rc;
}
