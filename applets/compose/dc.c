/*
 * dc.c - docker-compose: finding it, feeding it the generated file, and
 * passing commands through (SPEC 3.5).
 *
 * `up`, `create` and `run` load the model, run the hooks of the services
 * they name (all when none), write the generated file and run
 * docker-compose.  Other commands use the generated file as the last `up`
 * wrote it, without reading compose.yml, so that `down` or `logs` still work
 * while compose.yml is being edited; with no generated file yet, one is
 * made from the model without running hooks.
 */
#include "compose.h"
#include "docker.h"
#include "fs.h"
#include "generate.h"
#include "log.h"
#include "run.h"
#include "strbuf.h"
#include "ytree.h"

#include <fcntl.h>
#include <unistd.h>

struct dc_command {
	const char *name;
	bool hooks;
	bool first_only;	/* only the first word names a service */
	const char *value_opts; /* options taking a value, space-separated */
};

/* Sorted; `config` is ours (dc_config), not passed through. */
static const struct dc_command commands[] = {
	{"build", false, false, NULL},
	{"create", true, false, ""},
	{"down", false, false, NULL},
	{"events", false, false, NULL},
	{"exec", false, true, NULL},
	{"images", false, false, NULL},
	{"kill", false, false, NULL},
	{"logs", false, false, NULL},
	{"pause", false, false, NULL},
	{"port", false, true, NULL},
	{"ps", false, false, NULL},
	{"pull", false, false, NULL},
	{"restart", false, false, NULL},
	{"rm", false, false, NULL},
	{"run", true, true,
	 " -e --env -l --label -u --user -w --workdir --entrypoint -p "
	 "--publish -v --volume --name --pull "},
	{"start", false, false, NULL},
	{"stop", false, false, NULL},
	{"top", false, false, NULL},
	{"unpause", false, false, NULL},
	{"up", true, false,
	 " -t --timeout --scale --exit-code-from --wait-timeout --pull "},
};

static const struct dc_command *find_command(const char *word)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (streq(commands[i].name, word))
			return &commands[i];
	return NULL;
}

bool dc_is_command(const char *word)
{
	return find_command(word) != NULL;
}

/* The service names among a command's arguments. */
static void service_args(const struct dc_command *cmd, int argc, char **argv,
			 struct strvec *names)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (streq(a, "--")) {
			i++;
			break;
		}
		if (a[0] == '-' && a[1]) {
			char *pat;
			bool takes;

			if (strchr(a, '='))
				continue;
			pat = xstrfmt(" %s ", a);
			takes = cmd->value_opts && strstr(cmd->value_opts, pat);
			free(pat);
			if (takes)
				i++;
			continue;
		}
		strvec_push(names, a);
		if (cmd->first_only)
			return;
	}
	for (; i < argc && !(cmd->first_only && names->nr); i++)
		strvec_push(names, argv[i]);
}

/* Find docker-compose (DOCKER_COMPOSE, docker-compose, docker compose). */
static int detect(struct compose *c, struct strvec *argv)
{
	struct child ch = CHILD_INIT;
	char *p;
	int r;

	if (c->dc_command) {
		char *copy = xstrdup(c->dc_command), *w, *save = NULL;

		for (w = strtok_r(copy, " \t", &save); w;
		     w = strtok_r(NULL, " \t", &save))
			strvec_push(argv, w);
		free(copy);
		if (!argv->nr)
			return error("DOCKER_COMPOSE is empty");
		return 0;
	}
	p = find_in_path("docker-compose", NULL);
	if (p) {
		strvec_push(argv, "docker-compose");
		free(p);
		return 0;
	}
	/* the v2 plugin: `docker compose` fails when it is not installed */
	strvec_pushl(&ch.args, "docker", "compose", "version", NULL);
	ch.no_stdin = true;
	ch.out = ch.err = open("/dev/null", O_WRONLY | O_CLOEXEC);
	ch.silent_exec_failure = true;
	r = run_command(&ch);
	close(ch.out);
	child_release(&ch);
	if (r == 0) {
		strvec_pushl(argv, "docker", "compose", NULL);
		return 0;
	}
	return error("docker-compose is not installed (neither "
		     "'docker-compose' nor 'docker compose' works; set "
		     "DOCKER_COMPOSE to name another)");
}

int dc_prefix(struct compose *c, struct strvec *argv)
{
	if (!c->dc.nr && detect(c, &c->dc) < 0)
		return -1;
	strvec_pushv(argv, c->dc.v);
	return 0;
}

static int check_engine(void)
{
	struct docker d = DOCKER_INIT;
	struct strbuf err = STRBUF_INIT;
	int r = docker_open(&d, &err) < 0 || docker_ping(&d, &err) < 0;

	if (r)
		error("%s", err.buf);
	docker_release(&d);
	strbuf_release(&err);
	return r ? -1 : 0;
}

static char *generated_path(struct compose *c)
{
	return path_join(c->state_dir, "docker-compose.yml");
}

static void render(struct compose *c, const struct ynode *doc,
		   struct strbuf *out)
{
	generate_header(&c->model, out);
	y_emit(doc, out);
}

static void debug_print(const char *what, struct strbuf *text)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addbuf(&sb, text);
	log_mask(&sb);
	fprintf(stderr, "%s:\n%s", what, sb.buf);
	if (sb.len && sb.buf[sb.len - 1] != '\n')
		fputc('\n', stderr);
	strbuf_release(&sb);
}

int dc_write_generated(struct compose *c, bool run_hooks, char **path)
{
	struct ynode *frags, *doc;
	struct strbuf text = STRBUF_INIT;

	if (hooks_run(c, run_hooks, &frags) < 0)
		return -1;
	doc = generate_compose(&c->model, frags);
	y_free(frags);
	/* the model's and relations' secrets are registered already (at
	 * load, and after each relation's hooks): the file's own remain */
	register_tree_secrets(doc);
	render(c, doc, &text);
	y_free(doc);
	if (mkdir_p(c->state_dir, 0700) < 0)
		die_errno("can't create '%s'", c->state_dir);
	*path = generated_path(c);
	if (write_file_atomic(*path, text.buf, text.len, 0600) < 0)
		die_errno("can't write '%s'", *path);
	if (c->debug)
		debug_print(*path, &text);
	strbuf_release(&text);
	return 0;
}

int dc_config(struct compose *c, int argc, char **argv)
{
	struct ynode *frags, *doc, *services;
	struct strbuf text = STRBUF_INIT;
	bool quiet = false, list = false;
	size_t i;
	int a;

	for (a = 1; a < argc; a++) {
		if (streq(argv[a], "-q") || streq(argv[a], "--quiet"))
			quiet = true;
		else if (streq(argv[a], "--services"))
			list = true;
		else
			die_usage("config: unknown argument '%s' (config "
				  "[-q|--services])",
				  argv[a]);
	}
	if (compose_load(c, NULL, 0) < 0 || hooks_run(c, false, &frags) < 0)
		return EXIT_FAIL;
	doc = generate_compose(&c->model, frags);
	y_free(frags);
	services = y_map_get(doc, "services");
	if (list)
		for (i = 0; i < services->nr; i++)
			printf("%s\n", y_map_key(services, i));
	else if (!quiet) {
		/* what the operator asked for: printed as it is, unmasked */
		render(c, doc, &text);
		fwrite(text.buf, 1, text.len, stdout);
	}
	y_free(doc);
	strbuf_release(&text);
	return EXIT_OK;
}

static int run_dc(struct compose *c, const char *file, int argc, char **argv)
{
	struct child ch = CHILD_INIT;
	int r, i;

	if (dc_prefix(c, &ch.args) < 0) {
		child_release(&ch);
		return EXIT_FAIL;
	}
	strvec_pushl(&ch.args, "-f", file, "-p", c->project, NULL);
	for (i = 0; i < argc; i++)
		strvec_push(&ch.args, argv[i]);
	if (c->debug) {
		struct strbuf sb = STRBUF_INIT;
		child_describe(&ch, &sb);
		log_mask(&sb);
		fprintf(stderr, "running: %s\n", sb.buf);
		strbuf_release(&sb);
	}
	r = run_command(&ch);
	child_release(&ch);
	return r < 0 ? EXIT_FAIL : r;
}

int dc_passthrough(struct compose *c, int argc, char **argv)
{
	const struct dc_command *cmd = find_command(argv[0]);
	struct strvec names = STRVEC_INIT, dc = STRVEC_INIT;
	char *file = NULL;
	int r = EXIT_FAIL;

	if (!cmd)
		BUG("not a passthrough command: %s", argv[0]);
	if (cmd->hooks) {
		service_args(cmd, argc, argv, &names);
		if (compose_load(c, names.v, names.nr) < 0)
			goto out;
		/* docker-compose and the engine first: hooks may need both */
		if (dc_prefix(c, &dc) < 0 || check_engine() < 0)
			goto out;
		strvec_clear(&dc);
		if (compose_lock(c) < 0 || dc_write_generated(c, true, &file) < 0)
			goto out;
	} else {
		file = generated_path(c);
		if (!file_exists(file)) {
			free(file);
			file = NULL;
			if (compose_load(c, NULL, 0) < 0 ||
			    dc_write_generated(c, false, &file) < 0)
				goto out;
		}
	}
	r = run_dc(c, file, argc, argv);
out:
	free(file);
	strvec_clear(&names);
	strvec_clear(&dc);
	return r;
}
