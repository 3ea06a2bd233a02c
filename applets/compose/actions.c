/*
 * actions.c - `compose ACTION SERVICE [ARGS…]` runs the charm's
 * actions/ACTION with the hooks' environment; `compose actions SERVICE`
 * lists them with the first comment line of each as help.
 */
#include "compose.h"
#include "fs.h"
#include "run.h"
#include "strbuf.h"

#include <unistd.h>

/* The first "# …" line after the #! line of a script. */
static void help_line(const char *path, struct strbuf *out)
{
	struct strbuf line = STRBUF_INIT;
	FILE *fp = fopen(path, "r");

	if (!fp)
		return;
	while (strbuf_getline(&line, fp) != EOF) {
		if (starts_with(line.buf, "#!"))
			continue;
		if (line.buf[0] != '#')
			break;
		strbuf_addstr(out, line.buf + 1);
		strbuf_trim(out);
		if (out->len)
			break;
	}
	fclose(fp);
	strbuf_release(&line);
}

struct listing {
	const char *dir;
	struct strbuf *out;
	int count;
};

static int list_one(const char *name, void *data)
{
	struct listing *l = data;
	char *p = path_join(l->dir, name);
	struct strbuf help = STRBUF_INIT;

	if (is_executable(p)) {
		help_line(p, &help);
		strbuf_addf(l->out, "  %-14s %s\n", name, help.buf);
		l->count++;
	}
	strbuf_release(&help);
	free(p);
	return 0;
}

/* The service named on the command line, with the model loaded. */
static struct service *action_service(struct compose *c, const char *name)
{
	const char *names[] = {name};

	if (compose_load(c, names, 1) < 0)
		return NULL;
	return model_service(&c->model, name);
}

static int list_actions(struct service *s, struct strbuf *out)
{
	char *dir = path_join(s->charm->path, "actions");
	struct listing l = {dir, out, 0};

	for_each_dir_entry(dir, list_one, &l);
	free(dir);
	return l.count;
}

int action_list(struct compose *c, int argc, char **argv)
{
	struct strbuf out = STRBUF_INIT;
	struct service *s;

	if (argc != 2)
		die_usage("usage: compose actions SERVICE");
	s = action_service(c, argv[1]);
	if (!s)
		return EXIT_FAIL;
	if (!list_actions(s, &out))
		printf("service '%s' (charm %s) has no actions\n", s->name,
		       s->charm->name);
	else
		printf("actions of service '%s' (charm %s):\n%s", s->name,
		       s->charm->name, out.buf);
	strbuf_release(&out);
	return EXIT_OK;
}

int action_run(struct compose *c, int argc, char **argv)
{
	struct child ch = CHILD_INIT;
	struct strbuf list = STRBUF_INIT;
	struct service *s;
	char *path;
	int i, r;

	if (argc < 2)
		die_usage("'%s' is not a compose command; as an action it "
			  "needs a service: compose %s SERVICE [ARGS...]",
			  argv[0], argv[0]);
	s = action_service(c, argv[1]);
	if (!s)
		return EXIT_FAIL;
	path = xstrfmt("%s/actions/%s", s->charm->path, argv[0]);
	if (strchr(argv[0], '/') || !is_executable(path)) {
		list_actions(s, &list);
		error("service '%s' (charm %s) has no action '%s'%s%s",
		      s->name, s->charm->name, argv[0],
		      list.len ? "; its actions:\n" : "", list.buf);
		strbuf_rtrim(&list);
		free(path);
		strbuf_release(&list);
		return EXIT_NOTFOUND;
	}
	/* the action reads its options and relations like a hook does */
	hooks_prepare_service(c, s);
	strvec_push(&ch.args, path);
	for (i = 2; i < argc; i++)
		strvec_push(&ch.args, argv[i]);
	hook_env(c, s, NULL, false, &ch.env);
	strvec_setenv(&ch.env, "ACTION_NAME", argv[0]);
	r = run_command(&ch);
	child_release(&ch);
	free(path);
	strbuf_release(&list);
	return r < 0 ? EXIT_FAIL : r;
}
