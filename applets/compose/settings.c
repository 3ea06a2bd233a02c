/*
 * settings.c - where compose finds things (SPEC 3.1).
 *
 * Each setting comes from, in this order: the command line, the
 * environment, /etc/compose/local.conf (KEY=VALUE lines; COMPOSE_LOCAL_CONF
 * names another file), the default.
 *
 *	compose.yml   -f; COMPOSE_YML_FILE; ./compose.yml, else
 *	              DEFAULT_COMPOSE_FILE (/opt/apps/myc-deploy/compose.yml)
 *	charm store   --charm-store; CHARM_STORE (/srv/charm-store)
 *	data store    DATASTORE (/srv/datastore/data)
 *	config store  CONFIGSTORE (/srv/datastore/config)
 *	state         COMPOSE_STATE_DIR (/var/lib/compose), one dir per project
 *	project       -p; COMPOSE_PROJECT_NAME; the compose.yml's directory
 *	              without a "-deploy" suffix, sanitized
 *	docker-compose DOCKER_COMPOSE ("docker-compose", "docker compose",
 *	              a path); detected when unset
 *	more content  COMPOSE_ADD_CONTENT_FILE: a YAML file merged like
 *	              --add-compose-content (set for actions, so that a nested
 *	              compose sees the same content)
 */
#include "compose.h"
#include "fs.h"
#include "strbuf.h"

#include <ctype.h>

static struct strvec local_conf = STRVEC_INIT;
static bool local_conf_read;

/* KEY=VALUE lines; '#' comments; optional quotes around VALUE. */
static void read_local_conf(void)
{
	const char *path = getenv("COMPOSE_LOCAL_CONF");
	struct strbuf line = STRBUF_INIT;
	FILE *fp;

	if (local_conf_read)
		return;
	local_conf_read = true;
	if (!path)
		path = "/etc/compose/local.conf";
	fp = fopen(path, "r");
	if (!fp)
		return;
	while (strbuf_getline(&line, fp) != EOF) {
		char *start, *eq, *key, *val;
		size_t vl;

		strbuf_trim(&line);
		start = line.buf;
		if (!line.len || *start == '#')
			continue;
		if (starts_with(start, "export "))
			start += strlen("export ");
		eq = strchr(start, '=');
		if (!eq)
			continue;
		key = xstrndup(start, (size_t)(eq - start));
		val = eq + 1;
		vl = strlen(val);
		if (vl >= 2 && (val[0] == '"' || val[0] == '\'') &&
		    val[vl - 1] == val[0]) {
			val[vl - 1] = '\0';
			val++;
		}
		strvec_setenv(&local_conf, key, val);
		free(key);
	}
	fclose(fp);
	strbuf_release(&line);
}

/* The setting KEY from the environment, else local.conf, else dflt. */
static const char *setting(const char *key, const char *dflt)
{
	const char *v = getenv(key);

	if (v && *v)
		return v;
	read_local_conf();
	v = strvec_getenv(&local_conf, key);
	return v && *v ? v : dflt;
}

char *sanitize_project(const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p;

	for (p = name; *p; p++) {
		unsigned char ch = (unsigned char)tolower((unsigned char)*p);
		if (isalnum(ch) || ((ch == '_' || ch == '-') && sb.len))
			strbuf_addch(&sb, ch);
	}
	if (!sb.len) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}

static char *project_from_file(const char *file)
{
	char *dir = path_dirname(file);
	const char *base = path_basename(dir);
	char *name, *r;

	name = ends_with(base, "-deploy")
		       ? xstrndup(base, strlen(base) - strlen("-deploy"))
		       : xstrdup(base);
	r = sanitize_project(name);
	free(name);
	free(dir);
	return r;
}

/* The compose.yml to use, absolute; NULL (message in why) if none. */
static char *find_compose_file(const char *cli_file, struct strbuf *why)
{
	const char *f = cli_file;

	if (!f)
		f = getenv("COMPOSE_YML_FILE");
	if (!f || !*f) {
		if (file_exists("compose.yml"))
			f = "compose.yml";
		else
			f = setting("DEFAULT_COMPOSE_FILE",
				    "/opt/apps/myc-deploy/compose.yml");
	}
	if (!file_exists(f)) {
		strbuf_addf(why, "can't find '%s'%s", f,
			    cli_file ? "" : " (nor ./compose.yml; use -f FILE)");
		return NULL;
	}
	return path_absolute(f);
}

int settings_resolve(struct compose *c, const char *cli_file,
		     const char *cli_project, const char *cli_store)
{
	struct strbuf why = STRBUF_INIT;
	const char *p, *v;
	char *root;

	p = cli_project ? cli_project : getenv("COMPOSE_PROJECT_NAME");
	c->file = find_compose_file(cli_file, &why);
	/* with a project name, commands on the last generated file go on */
	if (!c->file && !(p && *p)) {
		error("%s", why.buf);
		strbuf_release(&why);
		return -1;
	}
	c->no_file = strbuf_detach(&why, NULL);
	c->project = p && *p ? sanitize_project(p) : project_from_file(c->file);
	if (!c->project)
		return error("can't make a project name from '%s': use -p NAME",
			     p && *p ? p : c->file);
	c->charm_store = path_absolute(
		cli_store ? cli_store : setting("CHARM_STORE", "/srv/charm-store"));
	c->datastore = path_absolute(setting("DATASTORE", "/srv/datastore/data"));
	c->configstore =
		path_absolute(setting("CONFIGSTORE", "/srv/datastore/config"));
	root = path_absolute(setting("COMPOSE_STATE_DIR", "/var/lib/compose"));
	c->state_dir = path_join(root, c->project);
	free(root);
	v = setting("DOCKER_COMPOSE", NULL);
	c->dc_command = v ? xstrdup(v) : NULL;
	v = getenv("COMPOSE_ADD_CONTENT_FILE");
	if (v && *v)
		c->overlay_file = xstrdup(v);
	return 0;
}

void settings_release(struct compose *c)
{
	free(c->file);
	free(c->no_file);
	free(c->project);
	free(c->charm_store);
	free(c->datastore);
	free(c->configstore);
	free(c->state_dir);
	free(c->dc_command);
	strvec_clear(&c->dc);
	free(c->overlay_file);
	free(c->self);
	strvec_clear(&c->overlays);
	strvec_clear(&local_conf);
	local_conf_read = false;
}
