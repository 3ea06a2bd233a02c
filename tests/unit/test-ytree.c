/* test-ytree.c - parsing, errors, merging, emitting and JSON of ytree. */
#include "strbuf.h"
#include "unit.h"
#include "ytree.h"

static struct ynode *parse(const char *text)
{
	struct strbuf err = STRBUF_INIT;
	struct ynode *n = y_parse_string(text, strlen(text), "t.yml", &err);

	if (!n)
		fprintf(stderr, "  unexpected parse error: %s\n", err.buf);
	strbuf_release(&err);
	return n;
}

/* The error message of a text that must not parse. */
static char *parse_error(const char *text)
{
	struct strbuf err = STRBUF_INIT;
	struct ynode *n = y_parse_string(text, strlen(text), "c.yml", &err);

	if (n) {
		y_free(n);
		strbuf_release(&err);
		return xstrdup("(parsed)");
	}
	return strbuf_detach(&err, NULL);
}

static char *emit(const struct ynode *n)
{
	struct strbuf sb = STRBUF_INIT;

	y_emit(n, &sb);
	return strbuf_detach(&sb, NULL);
}

static void test_keeps_key_order_and_positions(void)
{
	struct ynode *n = parse("zeta: 1\nalpha:\n  beta: x\nmid: [a, b]\n");

	CHECK(y_is_map(n));
	CHECK_INT(n->nr, 3);
	CHECK_STR(y_map_key(n, 0), "zeta");
	CHECK_STR(y_map_key(n, 1), "alpha");
	CHECK_STR(y_map_key(n, 2), "mid");
	CHECK_STR(y_str(y_get(n, "alpha", "beta", NULL)), "x");
	CHECK_INT(y_get(n, "alpha", "beta", NULL)->line, 3);
	CHECK_INT(y_get(n, "alpha", "beta", NULL)->col, 9);
	CHECK_INT(y_get(n, "mid", NULL)->nr, 2);
	CHECK(y_get(n, "nope", NULL) == NULL);
	y_free(n);
}

static void test_keys_may_hold_dots(void)
{
	struct ynode *n = parse("www.mydomain.org:\n  charm: odoo\n");

	CHECK_STR(y_str(y_get(n, "www.mydomain.org", "charm", NULL)), "odoo");
	y_free(n);
}

static void test_null_and_quoted_scalars(void)
{
	struct ynode *n = parse("apache:\nq: ''\nt: ~\np: '80'\nb: yes\n");

	CHECK(y_is_null(y_get(n, "apache", NULL)));
	CHECK(!y_is_null(y_get(n, "q", NULL)));
	CHECK(y_is_null(y_get(n, "t", NULL)));
	CHECK(y_get(n, "p", NULL)->quoted);
	CHECK(y_bool(y_get(n, "b", NULL), false));
	CHECK(!y_bool(y_get(n, "missing", NULL), false));
	y_free(n);
}

static void test_tags_are_kept(void)
{
	struct ynode *n =
		parse("target: !var-expand ${MASTER_BASE_SERVICE_NAME}:8069\n"
		      "s: !!str 12\n");
	struct ynode *t = y_get(n, "target", NULL);

	CHECK_STR(t->tag, "!var-expand");
	CHECK_STR(t->str, "${MASTER_BASE_SERVICE_NAME}:8069");
	CHECK(y_get(n, "s", NULL)->quoted);
	y_free(n);
}

static void test_anchors_aliases_and_merge_keys(void)
{
	struct ynode *n = parse("base: &b {image: x, restart: always}\n"
			       "svc:\n  <<: *b\n  restart: 'no'\n"
			       "copy: *b\n");

	CHECK_STR(y_str(y_get(n, "svc", "image", NULL)), "x");
	CHECK_STR(y_str(y_get(n, "svc", "restart", NULL)), "no");
	CHECK_STR(y_str(y_get(n, "copy", "restart", NULL)), "always");
	CHECK(y_map_get(y_get(n, "svc", NULL), "<<") == NULL);
	y_free(n);
}

static void test_syntax_errors_name_line_and_column(void)
{
	char *e = parse_error("a: 1\nb: [1, 2\nc: 3\n");

	CHECK(starts_with(e, "c.yml:"));
	CHECK(strstr(e, "flow sequence") != NULL);
	free(e);
	e = parse_error("a:\n  b: 1\n c: 2\n");
	CHECK_STR(e, "c.yml:3:2: did not find expected key while parsing a "
		     "block mapping started at line 1, column 1");
	free(e);
	e = parse_error("key: value: other\n");
	CHECK_STR(e, "c.yml:1:11: mapping values are not allowed in this "
		     "context");
	free(e);
}

static void test_duplicate_keys_are_errors(void)
{
	char *e = parse_error("odoo:\n  charm: odoo\nodoo:\n  charm: x\n");

	CHECK_STR(e, "c.yml:3:1: duplicate key 'odoo' (first at line 1)");
	free(e);
}

static void test_unknown_alias_and_multi_documents(void)
{
	char *e = parse_error("a: *nope\n");

	CHECK_STR(e, "c.yml:1:4: unknown alias '*nope'");
	free(e);
	e = parse_error("a: 1\n---\nb: 2\n");
	CHECK(strstr(e, "only one YAML document") != NULL);
	free(e);
}

static void test_empty_document_is_null(void)
{
	struct ynode *n = parse("# nothing\n");

	CHECK(y_is_null(n));
	y_free(n);
}

static void test_merge_maps_merge_scalars_override_lists_append(void)
{
	struct ynode *dst = parse("command: [--a]\nenvironment: {A: 1, B: 2}\n"
				  "image: base\nkeep: k\n");
	struct ynode *src = parse("command: [--log-level=debug]\n"
				  "environment: {B: 3, C: 4}\nimage: mine\n"
				  "nullish:\nkeep:\n");
	struct ynode *cmd;

	y_merge(dst, src);
	cmd = y_get(dst, "command", NULL);
	CHECK_INT(cmd->nr, 2);
	CHECK_STR(y_str(cmd->items[0]), "--a");
	CHECK_STR(y_str(cmd->items[1]), "--log-level=debug");
	CHECK_STR(y_str(y_get(dst, "environment", "A", NULL)), "1");
	CHECK_STR(y_str(y_get(dst, "environment", "B", NULL)), "3");
	CHECK_STR(y_str(y_get(dst, "environment", "C", NULL)), "4");
	CHECK_STR(y_str(y_get(dst, "image", NULL)), "mine");
	/* a null over a value changes nothing */
	CHECK_STR(y_str(y_get(dst, "keep", NULL)), "k");
	CHECK(y_map_index(dst, "nullish") >= 0);
	y_free(dst);
	y_free(src);
}

static void test_merge_replaces_on_type_change(void)
{
	struct ynode *dst = parse("command: run me\n");
	struct ynode *src = parse("command: [a, b]\n");

	y_merge(dst, src);
	CHECK(y_is_seq(y_get(dst, "command", NULL)));
	y_free(dst);
	y_free(src);
}

static void test_emit_round_trips(void)
{
	const char *text =
		"services:\n"
		"  www.example.org:\n"
		"    image: 'tryton:6'\n"
		"    ports: ['80:80', 8069]\n"
		"    environment:\n"
		"      ENABLED: 'yes'\n"
		"      RAW: yes\n"
		"      EMPTY: ''\n"
		"      NUM: '0012'\n"
		"      DATE: '2001-12-14'\n"
		"    command: [--log-level=debug]\n"
		"    labels: {x: !var-expand '${A}'}\n"
		"    rules: |\n"
		"      RewriteEngine On\n"
		"      RewriteRule ^ https://%{HTTP_HOST}%{REQUEST_URI} [R=302]\n"
		"    nothing:\n";
	struct ynode *a = parse(text), *b;
	char *out = emit(a);

	b = parse(out);
	CHECK(b != NULL);
	CHECK(y_equal(a, b));
	CHECK(y_get(b, "services", "www.example.org", "environment", "NUM",
		    NULL)
		      ->quoted);
	CHECK(!y_get(b, "services", "www.example.org", "environment", "RAW",
		     NULL)
		       ->quoted);
	CHECK(strstr(out, "rules: |") != NULL);
	free(out);
	y_free(a);
	y_free(b);
}

static void test_built_strings_that_look_typed_are_quoted(void)
{
	struct ynode *m = y_new_map();
	char *out;

	y_map_set(m, "port", y_new_str("8069"));
	y_map_set(m, "flag", y_new_str("on"));
	y_map_set(m, "name", y_new_str("odoo"));
	y_map_set(m, "n", y_new_plain("3"));
	y_map_set(m, "count", y_new_plain("4"));
	out = emit(m);
	/* "n" is a boolean to YAML 1.1 readers: even a key gets quoted */
	CHECK_STR(out, "port: '8069'\nflag: 'on'\nname: odoo\n'n': 3\n"
		       "count: 4\n");
	free(out);
	y_free(m);
}

static void test_json_in_and_out(void)
{
	const char *text = "{\"Names\":[\"/myc_postgres_1\"],\"n\":-1.5e3,"
			   "\"ok\":true,\"none\":null,"
			   "\"s\":\"a\\\"b\\u00e9\\ud83d\\ude00\\/\"}";
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	struct ynode *n = y_parse_json(text, strlen(text), "r", &err);

	CHECK(n != NULL);
	CHECK_STR(y_str(y_get(n, "Names", NULL)->items[0]), "/myc_postgres_1");
	CHECK_STR(y_str(y_get(n, "n", NULL)), "-1.5e3");
	CHECK(y_is_null(y_get(n, "none", NULL)));
	CHECK_STR(y_str(y_get(n, "s", NULL)),
		  "a\"b\xc3\xa9\xf0\x9f\x98\x80/");
	y_emit_json(n, &out);
	CHECK_STR(out.buf, "{\"Names\":[\"/myc_postgres_1\"],\"n\":-1.5e3,"
			   "\"ok\":true,\"none\":null,"
			   "\"s\":\"a\\\"b\xc3\xa9\xf0\x9f\x98\x80/\"}");
	y_free(n);
	CHECK(y_parse_json("{\"a\":1,}", 8, "r", &err) == NULL);
	CHECK_STR(err.buf, "r:1:8: expected a string key");
	CHECK(y_parse_json("[1] x", 5, "r", &err) == NULL);
	CHECK(y_parse_json("\"abc", 4, "r", &err) == NULL);
	strbuf_release(&err);
	strbuf_release(&out);
}

static void test_map_take_and_del(void)
{
	struct ynode *n = parse("a: 1\nb: 2\nc: 3\n"), *v;

	v = y_map_take(n, "b");
	CHECK_STR(y_str(v), "2");
	y_free(v);
	CHECK_INT(n->nr, 2);
	CHECK_STR(y_map_key(n, 1), "c");
	CHECK(y_map_del(n, "a"));
	CHECK(!y_map_del(n, "a"));
	CHECK_INT(n->nr, 1);
	y_free(n);
}

static void test_alias_bombs_are_refused(void)
{
	struct strbuf sb = STRBUF_INIT;
	char *e;
	int i;

	strbuf_addstr(&sb, "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
	for (i = 1; i < 10; i++)
		strbuf_addf(&sb,
			    "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, "
			    "*a%d, *a%d, *a%d, *a%d]\n",
			    i, i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1,
			    i - 1, i - 1, i - 1, i - 1);
	e = parse_error(sb.buf);
	CHECK(strstr(e, "too many nodes") != NULL);
	free(e);
	strbuf_release(&sb);
}

int main(void)
{
	RUN(test_keeps_key_order_and_positions);
	RUN(test_keys_may_hold_dots);
	RUN(test_null_and_quoted_scalars);
	RUN(test_tags_are_kept);
	RUN(test_anchors_aliases_and_merge_keys);
	RUN(test_syntax_errors_name_line_and_column);
	RUN(test_duplicate_keys_are_errors);
	RUN(test_unknown_alias_and_multi_documents);
	RUN(test_empty_document_is_null);
	RUN(test_merge_maps_merge_scalars_override_lists_append);
	RUN(test_merge_replaces_on_type_change);
	RUN(test_emit_round_trips);
	RUN(test_built_strings_that_look_typed_are_quoted);
	RUN(test_json_in_and_out);
	RUN(test_map_take_and_del);
	RUN(test_alias_bombs_are_refused);
	y_release_names();
	return unit_done();
}
