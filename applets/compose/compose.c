/* compose - charm-based compose.yml to docker-compose, with hooks. */
#include "applets.h"
#include "compose.h"
#include "fs.h"
#include "hookdata.h"
#include "log.h"
#include "strbuf.h"
#include "ytree.h"

#include <ctype.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

const char compose_help[] =
	"usage: compose [OPTIONS] COMMAND [ARGS...]\n"
	"\n"
	"Turn compose.yml (services and their charms) into a docker-compose\n"
	"file, run the charms' hooks, then run docker-compose.\n"
	"\n"
	"Options (before the command):\n"
	"  -f, --file FILE              compose.yml (default ./compose.yml,\n"
	"                               else /opt/apps/myc-deploy/compose.yml)\n"
	"  -p, --project-name NAME      project name (default: the file's\n"
	"                               directory without '-deploy')\n"
	"  --add-compose-content YAML   merge YAML over compose.yml for this\n"
	"                               run (repeatable)\n"
	"  --charm-store DIR            charms (default /srv/charm-store)\n"
	"  --debug                      show hooks' output, the generated file\n"
	"                               and the docker-compose command line\n"
	"  --show-secrets               don't mask secrets in that output\n"
	"  --no-hook-cache              run hooks even if nothing changed\n"
	"\n"
	"Commands:\n"
	"  up, create, run              run the hooks, write the file, then\n"
	"                               docker-compose COMMAND ARGS\n"
	"  down, start, stop, restart, rm, logs, ps, exec, build, pull, kill,\n"
	"  top, port, images, pause, unpause, events\n"
	"                               docker-compose COMMAND ARGS on the\n"
	"                               last generated file\n"
	"  config [-q|--services]       print the generated file (no hook runs,\n"
	"                               no container is touched)\n"
	"  actions SERVICE              list the service's charm actions\n"
	"  ACTION SERVICE [ARGS...]     run a charm action, e.g.\n"
	"                               compose save-db odoo FILE.dump.bz2\n"
	"\n"
	"Places: CHARM_STORE, DATASTORE (/srv/datastore/data), CONFIGSTORE\n"
	"(/srv/datastore/config), COMPOSE_STATE_DIR (/var/lib/compose) and\n"
	"DOCKER_COMPOSE, from the environment or /etc/compose/local.conf.\n";

static const char *const secret_words[] = {"password", "passwd", "secret",
					   "token", "key", "private"};

static bool secret_key(const char *k)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(secret_words); i++)
		if (strcasestr(k, secret_words[i]))
			return true;
	return false;
}

/* All scalars below n. */
static void register_all(const struct ynode *n)
{
	size_t i;

	if (!n)
		return;
	if (n->type == Y_SCALAR) {
		log_add_secret(y_str(n));
		return;
	}
	for (i = 0; i < n->nr; i++)
		register_all(n->items[i]);
}

void register_tree_secrets(const struct ynode *n)
{
	size_t i;

	if (!n)
		return;
	if (n->type == Y_SCALAR) {
		const char *s = y_str(n), *eq;
		/* environment lists: "DB_PASSWORD=value" */
		if (s && (eq = strchr(s, '=')) && eq > s) {
			char *k = xstrndup(s, (size_t)(eq - s));
			if (secret_key(k))
				log_add_secret(eq + 1);
			free(k);
		}
		if (s && strstr(s, "PRIVATE KEY-----"))
			log_add_secret(s);
		return;
	}
	for (i = 0; i < n->nr; i++) {
		if (n->keys && secret_key(y_map_key(n, i)))
			register_all(n->items[i]);
		else
			register_tree_secrets(n->items[i]);
	}
}

void register_relation_secrets(struct compose *c, const struct relation *r)
{
	struct strbuf err = STRBUF_INIT;
	char *p = xstrfmt("%s/relations/%s/data.yml", c->state_dir, r->id);
	struct ynode *data = hookdata_read(p, &err);

	register_tree_secrets(r->options);
	register_tree_secrets(data);
	y_free(data);
	free(p);
	strbuf_release(&err);
}

/* Every secret of the model and of relation data, for masking. */
static void compose_register_secrets(struct compose *c)
{
	size_t i;

	for (i = 0; i < c->model.nr; i++)
		register_tree_secrets(c->model.services[i]->options);
	for (i = 0; i < c->model.nr_rel; i++)
		register_relation_secrets(c, c->model.relations[i]);
}

int compose_load(struct compose *c, const char *const *names, size_t n)
{
	struct model_config cfg = {0};
	struct strbuf err = STRBUF_INIT;
	size_t i;

	if (c->model_ready)
		BUG("model loaded twice");
	if (!c->file)
		return error("%s", c->no_file);
	cfg.file = c->file;
	cfg.project = c->project;
	cfg.charm_store = c->charm_store;
	cfg.datastore = c->datastore;
	cfg.configstore = c->configstore;
	cfg.overlay_file = c->overlay_file;
	model_init(&c->model, &cfg);
	c->model_ready = true;
	if (model_load(&c->model, &err) < 0 ||
	    model_select(&c->model, names, n, &err) < 0) {
		error("%s", err.buf);
		strbuf_release(&err);
		return -1;
	}
	for (i = 0; i < c->model.warnings.nr; i++)
		warning("%s", c->model.warnings.v[i]);
	/* before any hook runs: a failing hook's output is shown masked */
	compose_register_secrets(c);
	strbuf_release(&err);
	return 0;
}

int compose_lock(struct compose *c)
{
	char *p;
	int fd;

	if (mkdir_p(c->state_dir, 0700) < 0)
		return error_errno("can't create '%s'", c->state_dir);
	p = path_join(c->state_dir, "lock");
	fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		error_errno("can't open '%s'", p);
		free(p);
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		log_info("waiting for another compose on project '%s'",
			 c->project);
		if (flock(fd, LOCK_EX) < 0) {
			error_errno("can't lock '%s'", p);
			free(p);
			return -1;
		}
	}
	free(p);
	/* held until we exit: the fd stays open on purpose */
	return 0;
}

/* The overlays go to a 0600 file so that actions' nested compose see them. */
static void save_overlays(struct compose *c)
{
	struct strbuf sb = STRBUF_INIT, err = STRBUF_INIT;
	struct ynode *all;
	size_t i;
	char *p;

	if (!c->overlays.nr)
		return;
	all = y_new_map();
	for (i = 0; i < c->overlays.nr; i++) {
		const char *t = c->overlays.v[i];
		struct ynode *o =
			y_parse_string(t, strlen(t), "--add-compose-content",
				       &err);
		if (!o)
			die("%s", err.buf);
		y_merge(all, o);
		y_free(o);
	}
	if (c->overlay_file) {
		struct ynode *o = y_parse_file(c->overlay_file, &err);
		if (!o)
			die("%s", err.buf);
		y_merge(o, all);
		y_free(all);
		all = o;
	}
	if (mkdir_p(c->state_dir, 0700) < 0)
		die_errno("can't create '%s'", c->state_dir);
	p = path_join(c->state_dir, "add-content.yml");
	y_emit(all, &sb);
	if (write_file_atomic(p, sb.buf, sb.len, 0600) < 0)
		die_errno("can't write '%s'", p);
	free(c->overlay_file);
	c->overlay_file = p;
	strvec_clear(&c->overlays);
	y_free(all);
	strbuf_release(&sb);
	strbuf_release(&err);
}

/* An option's value: "--opt=V" or "--opt V"; NULL if argv[*i] isn't it. */
static const char *opt_value(int argc, char **argv, int *i, const char *s,
			     const char *l)
{
	const char *a = argv[*i];
	size_t ll = l ? strlen(l) : 0;

	if (l && !strncmp(a, l, ll) && a[ll] == '=')
		return a + ll + 1;
	if ((s && streq(a, s)) || (l && streq(a, l))) {
		if (*i + 1 >= argc)
			die_usage("option '%s' needs a value", a);
		return argv[++*i];
	}
	return NULL;
}

struct cli {
	const char *file, *project, *store;
};

static int parse_options(struct compose *c, struct cli *cli, int argc,
			 char **argv)
{
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *v;

		if (streq(argv[i], "--debug"))
			c->debug = true;
		else if (streq(argv[i], "--show-secrets"))
			c->show_secrets = true;
		else if (streq(argv[i], "--no-hook-cache"))
			c->no_cache = true;
		else if ((v = opt_value(argc, argv, &i, "-f", "--file")))
			cli->file = v;
		else if ((v = opt_value(argc, argv, &i, "-p", "--project-name")))
			cli->project = v;
		else if ((v = opt_value(argc, argv, &i, NULL, "--charm-store")))
			cli->store = v;
		else if ((v = opt_value(argc, argv, &i, NULL,
					"--add-compose-content")))
			strvec_push(&c->overlays, v);
		else if (streq(argv[i], "-h") || streq(argv[i], "--help")) {
			fputs(compose_help, stdout);
			exit(finish_stdout(EXIT_OK));
		} else
			die_usage("unknown option '%s' (see compose --help)",
				  argv[i]);
	}
	return i;
}

int compose_main(int argc, char **argv)
{
	struct compose c = {0};
	struct cli cli = {NULL, NULL, NULL};
	const char *cmd;
	int i, r;

	strvec_init(&c.overlays);
	strvec_init(&c.dc);
	i = parse_options(&c, &cli, argc, argv);
	if (i >= argc)
		die_usage("usage: compose [OPTIONS] COMMAND [ARGS...] (see "
			  "compose --help)");
	if (c.debug || (getenv("COMPOSE_DEBUG") && *getenv("COMPOSE_DEBUG")))
		c.debug = true;
	if (c.debug)
		log_set_level(LOG_DEBUG);
	log_show_secrets(c.show_secrets);
	c.self = self_exe_path(NULL);
	if (settings_resolve(&c, cli.file, cli.project, cli.store) < 0) {
		settings_release(&c);
		return EXIT_FAIL;
	}
	save_overlays(&c);
	cmd = argv[i];
	if (streq(cmd, "config"))
		r = dc_config(&c, argc - i, argv + i);
	else if (streq(cmd, "actions"))
		r = action_list(&c, argc - i, argv + i);
	else if (dc_is_command(cmd))
		r = dc_passthrough(&c, argc - i, argv + i);
	else
		r = action_run(&c, argc - i, argv + i);
	if (c.model_ready)
		model_release(&c.model);
	settings_release(&c);
	y_release_names();
	log_clear_secrets();
	return r;
}
