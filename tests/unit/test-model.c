/*
 * test-model.c - resolution and merging of the compose model, on the test
 * charm store tests/charms (run from the source tree's root, as make does).
 */
#include "fs.h"
#include "generate.h"
#include "model.h"
#include "strbuf.h"
#include "unit.h"
#include "ytree.h"

#include <unistd.h>

static char tmpdir[] = "/tmp/myc-test-model.XXXXXX";
static struct model m;
static struct strbuf err = STRBUF_INIT;

/* Load text as compose.yml; returns model_load + model_select's result. */
static int load_sel(const char *text, const char *const *names, size_t n)
{
	char *file = path_join(tmpdir, "compose.yml");
	struct model_config cfg = {0};
	int r;

	if (write_file_atomic(file, text, strlen(text), 0644) < 0)
		die_errno("can't write %s", file);
	model_release(&m);
	cfg.file = file;
	cfg.project = "proj";
	cfg.charm_store = "tests/charms";
	cfg.datastore = "/srv/datastore/data";
	cfg.configstore = "/srv/datastore/config";
	model_init(&m, &cfg);
	r = model_load(&m, &err);
	if (!r)
		r = model_select(&m, names, n, &err);
	m.cfg.file = NULL; /* freed below; messages were made already */
	free(file);
	return r;
}

static int load(const char *text)
{
	return load_sel(text, NULL, 0);
}

/* The relation NAME of BASE; a blank one when missing (CHECKs fail). */
static struct relation *rel(const char *base, const char *name)
{
	static struct service none_s = {.name = (char *)"(none)"};
	static struct relation none = {.name = (char *)"(none)",
				       .base = &none_s, .target = &none_s};
	size_t i;

	for (i = 0; i < m.nr_rel; i++)
		if (streq(m.relations[i]->base->name, base) &&
		    streq(m.relations[i]->name, name))
			return m.relations[i];
	fprintf(stderr, "  no relation %s of %s\n", name, base);
	return &none;
}

static const char *opt(const struct ynode *o, const char *key)
{
	return y_str(y_map_get(o, key));
}

static bool err_has(const char *needle)
{
	if (strstr(err.buf, needle))
		return true;
	fprintf(stderr, "  error was: %s\n  expected to contain: %s\n",
		err.buf, needle);
	return false;
}

static void test_an_empty_definition_means_the_charm_of_its_name(void)
{
	CHECK_INT(load("db:\n"), 0);
	CHECK_INT(m.nr, 1);
	CHECK_STR(m.services[0]->charm->name, "db");
	CHECK(m.services[0]->declared);
}

static void test_summon_adds_the_providing_charm(void)
{
	CHECK_INT(load("www:\n  charm: app\n"), 0);
	CHECK(model_service(&m, "db") != NULL);
	CHECK(!model_service(&m, "db")->declared);
	CHECK(rel("www", "database") != NULL);
	CHECK_STR(rel("www", "database")->target->name, "db");
	CHECK(rel("www", "database")->automatic);
}

static void test_pair_links_the_one_provider(void)
{
	CHECK_INT(load("www:\n  charm: app\nproxy:\ndb:\n"), 0);
	CHECK_STR(rel("www", "web")->target->name, "proxy");
	CHECK_STR(rel("www", "database")->target->name, "db");
	CHECK_INT(m.nr, 3);
}

static void test_recommended_missing_is_a_warning_with_solves(void)
{
	CHECK_INT(load("www:\n  charm: app\n"), 0);
	CHECK_INT(m.warnings.nr, 1);
	CHECK(strstr(m.warnings.v[0], "recommended relation 'web'"));
	CHECK(strstr(m.warnings.v[0], "public access through a virtual host"));
}

static void test_explicit_relation_wins_over_pairing(void)
{
	CHECK_INT(load("www:\n  charm: app\n  relations:\n"
		       "    database: main\nmain:\n  charm: db\n"
		       "other:\n  charm: db2\n"),
		  0);
	CHECK_STR(rel("www", "database")->target->name, "main");
	CHECK(!rel("www", "database")->automatic);
}

static void test_undeclared_target_is_created_with_its_charm(void)
{
	CHECK_INT(load("www:\n  charm: app\n  relations:\n    database: db\n"),
		  0);
	CHECK(!model_service(&m, "db")->declared);
	CHECK_STR(model_service(&m, "db")->charm->name, "db");
}

static void test_two_candidates_name_both_and_the_explicit_form(void)
{
	CHECK_INT(load("www:\n  charm: app\none:\n  charm: db\n"
		       "two:\n  charm: db2\n"),
		  -1);
	CHECK(err_has("'one' (charm db) or 'two' (charm db2)"));
	CHECK(err_has("www: {relations: {database: one}}"));
}

static void test_unresolved_required_names_relation_and_solves(void)
{
	CHECK_INT(load("x:\n  charm: nodb\n"), -1);
	CHECK(err_has("service 'x' (charm nodb): required relation "
		      "'database' is unresolved: storage"));
}

static void test_relation_options_are_layered(void)
{
	struct relation *r;

	CHECK_INT(load("www:\n  charm: app\n  relations:\n    database:\n"
		       "      db: {user: www}\n"),
		  0);
	r = rel("www", "database");
	/* provides-side default kept, overridden by the user's */
	CHECK_STR(opt(r->options, "port"), "5432");
	CHECK_STR(opt(r->options, "user"), "www");
}

static void test_uses_defaults_expand_master_and_domain_defaults(void)
{
	struct relation *r;

	CHECK_INT(load("www.example.org:\n  charm: app\nproxy:\n"), 0);
	r = rel("www.example.org", "web");
	CHECK_STR(opt(r->options, "target"), "www.example.org:8000");
	CHECK_STR(opt(r->options, "ssl"), "false");
	/* "domain" defaults only for web-proxy relations */
	CHECK(opt(r->options, "domain") == NULL);
}

static void test_options_overlay_defaults_lists_replace(void)
{
	struct service *s;

	CHECK_INT(load("www:\n  charm: app\n  options:\n    modules: [sale]\n"
		       "  extra: shorthand\n"),
		  0);
	s = model_service(&m, "www");
	CHECK_STR(opt(s->options, "workers"), "2");
	CHECK_INT(y_map_get(s->options, "modules")->nr, 1);
	CHECK_STR(y_str(y_map_get(s->options, "modules")->items[0]), "sale");
	CHECK_STR(opt(s->options, "extra"), "shorthand");
}

static void test_unknown_charm_names_file_line_col(void)
{
	CHECK_INT(load("db:\nweb:\n  charm: nope\n"), -1);
	CHECK(err_has("compose.yml:3:10: service 'web': unknown charm "
		      "'nope'"));
}

static void test_invalid_service_name(void)
{
	CHECK_INT(load("db:\n'bad name':\n  charm: db\n"), -1);
	CHECK(err_has("compose.yml:2:1: invalid service name 'bad name'"));
}

static void test_relation_to_a_non_provider_is_refused(void)
{
	CHECK_INT(load("www:\n  charm: app\n  relations:\n    database: "
		       "proxy\nproxy:\n"),
		  -1);
	CHECK(err_has("relation 'database' targets 'proxy' (charm proxy), "
		      "which does not provide 'database'"));
	CHECK(err_has("compose.yml:4:15:"));
}

static void test_relation_the_charm_does_not_use_is_refused(void)
{
	CHECK_INT(load("db:\n  relations:\n    web: proxy\n"), -1);
	CHECK(err_has("charm 'db' has no relation 'web'"));
}

static void test_broken_charm_metadata_names_its_file(void)
{
	CHECK_INT(load("x:\n  charm: broken\n"), -1);
	CHECK(err_has("tests/charms/broken/metadata.yml:3:1:"));
}

static void test_tech_dep_cycle_is_named(void)
{
	CHECK_INT(load("a:\n  charm: loop-a\nb:\n  charm: loop-b\n"), -1);
	CHECK(err_has("tech-dep cycle:"));
	CHECK(err_has("'a' starts after 'b' (relation b)"));
	CHECK(err_has("'b' starts after 'a' (relation a)"));
}

static void test_order_puts_dependencies_first(void)
{
	size_t i, db = 0, www = 0, proxy = 0;

	CHECK_INT(load("proxy:\nwww:\n  charm: app\n"), 0);
	for (i = 0; i < m.nr; i++) {
		if (streq(m.order[i]->name, "db"))
			db = i;
		if (streq(m.order[i]->name, "www"))
			www = i;
		if (streq(m.order[i]->name, "proxy"))
			proxy = i;
	}
	CHECK(db < www);
	CHECK(www < proxy);
	/* hooks: the database relation before the web one */
	CHECK_INT(m.nr_hook_order, 2);
	CHECK_STR(m.hook_order[0]->name, "database");
	CHECK_STR(m.hook_order[1]->name, "web");
}

static void test_selection_follows_relations(void)
{
	const char *names[] = {"www"};

	CHECK_INT(load_sel("www:\n  charm: app\nproxy:\nother:\n  charm: worker\n",
			   names, 1),
		  0);
	CHECK(model_service(&m, "www")->selected);
	CHECK(model_service(&m, "db")->selected);
	CHECK(model_service(&m, "proxy")->selected);
	CHECK(!model_service(&m, "other")->selected);
	names[0] = "nope";
	CHECK_INT(load_sel("db:\n", names, 1), -1);
	CHECK(err_has("no service 'nope'"));
}

static void test_subordinate_master_is_its_host(void)
{
	struct relation *r;

	CHECK_INT(load("w:\n  charm: worker\ns:\n  charm: sub\n  relations:\n"
		       "    host: w\n"),
		  0);
	CHECK_STR(model_service(&m, "s")->master->name, "w");
	r = rel("s", "host");
	CHECK_STR(opt(r->options, "on"), "w");
}

static void test_unknown_variable_in_var_expand(void)
{
	CHECK_INT(load("www:\n  charm: app\n  options:\n"
		       "    x: !var-expand ${NO_SUCH_VAR_HERE}\n"),
		  -1);
	CHECK(err_has("compose.yml:4:8: in !var-expand value: unknown "
		      "variable 'NO_SUCH_VAR_HERE'"));
}

static void test_expand_vars(void)
{
	struct strbuf out = STRBUF_INIT, e = STRBUF_INIT;

	setenv("MYC_TEST_X", "ex", 1);
	CHECK_INT(expand_vars("a${MYC_TEST_X}b $MYC_TEST_X.c $$d $", NULL, NULL,
			      &out, &e),
		  0);
	CHECK_STR(out.buf, "aexb ex.c $d $");
	strbuf_reset(&out);
	CHECK_INT(expand_vars("${open", NULL, NULL, &out, &e), -1);
	strbuf_release(&out);
	strbuf_release(&e);
}

static void test_generation_merges_fragments(void)
{
	struct ynode *doc, *svc, *frag;
	struct strbuf e = STRBUF_INIT;
	const char *f = "services: {www: {environment: {A: '1'}}}";

	CHECK_INT(load("www:\n  charm: app\n  docker-compose:\n"
		       "    command: [--log-level=debug]\n"
		       "    environment: {TOTO: TUTU}\n"
		       "proxy:\ncerts:\n"),
		  0);
	frag = y_parse_string(f, strlen(f), "frag", &e);
	doc = generate_compose(&m, frag);
	svc = y_get(doc, "services", "www", NULL);
	CHECK_STR(y_str(y_map_get(svc, "image")), "myc-test/busybox");
	CHECK_STR(y_str(y_map_get(svc, "restart")), "unless-stopped");
	/* the charm's command, then the user's list appended */
	CHECK_INT(y_map_get(svc, "command")->nr, 7);
	CHECK_STR(y_str(y_map_get(svc, "command")->items[6]),
		  "--log-level=debug");
	CHECK_STR(y_str(y_get(svc, "environment", "TOTO", NULL)), "TUTU");
	CHECK_STR(y_str(y_get(svc, "environment", "A", NULL)), "1");
	CHECK_STR(y_str(y_get(svc, "labels", "myc.charm", NULL)), "app");
	CHECK_STR(y_str(y_map_get(svc, "volumes")->items[0]),
		  "/srv/datastore/data/www/var/lib/app:/var/lib/app");
	CHECK_STR(y_str(y_map_get(svc, "volumes")->items[1]),
		  "/srv/datastore/config/www/etc/app:/etc/app");
	CHECK_STR(y_str(y_map_get(svc, "depends_on")->items[0]), "db");
	/* proxy starts after www (reversed); certs has no container */
	CHECK_STR(y_str(y_get(doc, "services", "proxy", "depends_on", NULL)
				->items[0]),
		  "www");
	CHECK(y_get(doc, "services", "certs", NULL) == NULL);
	y_free(doc);
	y_free(frag);
	strbuf_release(&e);
}

static void test_user_image_drops_the_charm_build(void)
{
	struct ynode *doc;

	/* worker has a docker-image; fake a build charm by its fragment */
	CHECK_INT(load("w:\n  charm: worker\n  docker-compose:\n"
		       "    image: masuperimage\n"),
		  0);
	doc = generate_compose(&m, NULL);
	CHECK_STR(y_str(y_get(doc, "services", "w", "image", NULL)),
		  "masuperimage");
	y_free(doc);
}

int main(void)
{
	if (!mkdtemp(tmpdir))
		die_errno("mkdtemp");
	memset(&m, 0, sizeof(m));
	RUN(test_an_empty_definition_means_the_charm_of_its_name);
	RUN(test_summon_adds_the_providing_charm);
	RUN(test_pair_links_the_one_provider);
	RUN(test_recommended_missing_is_a_warning_with_solves);
	RUN(test_explicit_relation_wins_over_pairing);
	RUN(test_undeclared_target_is_created_with_its_charm);
	RUN(test_two_candidates_name_both_and_the_explicit_form);
	RUN(test_unresolved_required_names_relation_and_solves);
	RUN(test_relation_options_are_layered);
	RUN(test_uses_defaults_expand_master_and_domain_defaults);
	RUN(test_options_overlay_defaults_lists_replace);
	RUN(test_unknown_charm_names_file_line_col);
	RUN(test_invalid_service_name);
	RUN(test_relation_to_a_non_provider_is_refused);
	RUN(test_relation_the_charm_does_not_use_is_refused);
	RUN(test_broken_charm_metadata_names_its_file);
	RUN(test_tech_dep_cycle_is_named);
	RUN(test_order_puts_dependencies_first);
	RUN(test_selection_follows_relations);
	RUN(test_subordinate_master_is_its_host);
	RUN(test_unknown_variable_in_var_expand);
	RUN(test_expand_vars);
	RUN(test_generation_merges_fragments);
	RUN(test_user_image_drops_the_charm_build);
	model_release(&m);
	strbuf_release(&err);
	remove_tree(tmpdir);
	y_release_names();
	return unit_done();
}
