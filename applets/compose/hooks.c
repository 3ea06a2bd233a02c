/*
 * hooks.c - running the charms' hooks, and not running them twice.
 *
 * Order: every selected service's `init`, dependencies first; then each
 * relation's RELATION-relation-joined, the provider's before the user
 * side's, relations in start-up order (model_select()).
 *
 * Cache: a hook runs again only when its inputs changed since its last
 * success: the charm's files, the service's options and relations, the
 * places (project, stores), and for relation hooks the relation's options
 * and what the OTHER side set.  Its own outputs (what it set, what it config-added) are checked
 * too, so that lost state makes it run again.  Inputs exclude the hook's own
 * relation-set values: a provider that hands out a password does not see its
 * own output as a change, while a value the other side sets does wake it on
 * the next run.  --no-hook-cache runs everything.
 */
#include "compose.h"
#include "fs.h"
#include "hookdata.h"
#include "log.h"
#include "run.h"
#include "sha1.h"
#include "strbuf.h"
#include "ytree.h"

#include <fcntl.h>
#include <unistd.h>

/* Output kept to show when a hook fails. */
#define TAIL_BYTES 65536
#define TAIL_LINES 15

static const char *const helpers[] = {"config-add",   "options-get",
				      "relation-get", "relation-list",
				      "relation-set", "compose"};

struct hook {
	const char *name; /* "init" or "RELATION-relation-joined" */
	struct service *s; /* whose charm runs it */
	const struct relation *r;
	bool provider;
	char *id;   /* file stem in STATE/hooks */
	char *path; /* the executable */
};

static char *state_path(struct compose *c, const char *fmt, ...) PRINTF(2, 3);
static char *state_path(struct compose *c, const char *fmt, ...)
{
	va_list ap;
	char *rel, *p;

	va_start(ap, fmt);
	rel = xstrvfmt(fmt, ap);
	va_end(ap);
	p = path_join(c->state_dir, rel);
	free(rel);
	return p;
}

const char *hooks_bin_dir(struct compose *c)
{
	static char *dir;
	size_t i;

	if (dir)
		return dir;
	dir = state_path(c, "bin");
	if (mkdir_p(dir, 0700) < 0)
		die_errno("can't create '%s'", dir);
	for (i = 0; i < ARRAY_SIZE(helpers); i++) {
		char *link = path_join(dir, helpers[i]);
		char *cur = path_real(link);

		if (!cur || !streq(cur, c->self)) {
			char *tmp = xstrfmt("%s.tmp", link);
			unlink(tmp);
			if (symlink(c->self, tmp) < 0 || rename(tmp, link) < 0)
				die_errno("can't link '%s'", link);
			free(tmp);
		}
		free(cur);
		free(link);
	}
	return dir;
}

static void setenv_path(struct strvec *env, const char *key, const char *root,
			const char *name)
{
	char *p = path_join(root, name);

	strvec_setenv(env, key, p);
	free(p);
}

void hook_env(struct compose *c, const struct service *s,
	      const struct relation *r, bool provider, struct strvec *env)
{
	const char *path = getenv("PATH");
	char *p;

	p = xstrfmt("%s:%s", hooks_bin_dir(c), path ? path : "/usr/bin:/bin");
	strvec_setenv(env, "PATH", p);
	free(p);
	strvec_setenv(env, "PROJECT_NAME", c->project);
	strvec_setenv(env, "COMPOSE_PROJECT_NAME", c->project);
	if (c->file)
		strvec_setenv(env, "COMPOSE_YML_FILE", c->file);
	strvec_setenv(env, "SERVICE_NAME", s->name);
	strvec_setenv(env, "CHARM_NAME", s->charm->name);
	strvec_setenv(env, "CHARM_PATH", s->charm->path);
	strvec_setenv(env, "CHARM_STORE", c->charm_store);
	strvec_setenv(env, "DATASTORE", c->datastore);
	strvec_setenv(env, "CONFIGSTORE", c->configstore);
	setenv_path(env, "SERVICE_DATASTORE", c->datastore, s->name);
	setenv_path(env, "SERVICE_CONFIGSTORE", c->configstore, s->name);
	strvec_setenv(env, "COMPOSE_DEBUG", c->debug ? "1" : "");
	p = state_path(c, "services/%s/options.yml", s->name);
	strvec_setenv(env, "SERVICE_OPTIONS_FILE", p);
	free(p);
	p = state_path(c, "services/%s/relations.yml", s->name);
	strvec_setenv(env, "SERVICE_RELATIONS_FILE", p);
	free(p);
	if (c->overlay_file)
		strvec_setenv(env, "COMPOSE_ADD_CONTENT_FILE", c->overlay_file);
	strvec_setenv(env, "MASTER_BASE_SERVICE_NAME", s->master->name);
	if (!r) {
		/* none inherited from a hook that ran us (actions) */
		strvec_pushl(env, "RELATION_NAME", "RELATION_SIDE",
			     "BASE_SERVICE_NAME", "TARGET_SERVICE_NAME",
			     "BASE_CHARM_NAME", "TARGET_CHARM_NAME",
			     "MASTER_TARGET_SERVICE_NAME", "RELATION_DATA_FILE",
			     "RELATION_SET_FILE", NULL);
		return;
	}
	strvec_setenv(env, "RELATION_NAME", r->name);
	strvec_setenv(env, "RELATION_SIDE", provider ? "provides" : "uses");
	strvec_setenv(env, "BASE_SERVICE_NAME", r->base->name);
	strvec_setenv(env, "TARGET_SERVICE_NAME", r->target->name);
	strvec_setenv(env, "BASE_CHARM_NAME", r->base->charm->name);
	strvec_setenv(env, "TARGET_CHARM_NAME", r->target->charm->name);
	strvec_setenv(env, "MASTER_BASE_SERVICE_NAME", r->base->master->name);
	strvec_setenv(env, "MASTER_TARGET_SERVICE_NAME",
		      r->target->master->name);
	p = state_path(c, "relations/%s/data.yml", r->id);
	strvec_setenv(env, "RELATION_DATA_FILE", p);
	free(p);
	p = state_path(c, "relations/%s/%s.yml", r->id,
		       provider ? "provides" : "uses");
	strvec_setenv(env, "RELATION_SET_FILE", p);
	free(p);
}

/* ---- fingerprints ---- */

static struct ynode *relations_of(const struct model *m,
				  const struct service *s);

static void add_json(struct strbuf *sb, const char *label,
		     const struct ynode *n)
{
	strbuf_addf(sb, "%s\n", label);
	y_emit_json(n, sb);
	strbuf_addch(sb, '\n');
}

static void add_file(struct sha1_ctx *ctx, const char *path)
{
	struct strbuf sb = STRBUF_INIT;

	if (strbuf_read_file(&sb, path) < 0)
		strbuf_addstr(&sb, "(none)");
	sha1_update(ctx, sb.buf, sb.len + 1);
	strbuf_release(&sb);
}

static void input_fingerprint(struct compose *c, struct hook *h,
			      char hex[41])
{
	struct strbuf sb = STRBUF_INIT;
	struct sha1_ctx ctx;
	struct ynode *rels;

	strbuf_addf(&sb, "myc-hook-1\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n", h->id,
		    charm_tree_hash(h->s->charm), c->project, c->datastore,
		    c->configstore, c->charm_store, h->s->master->name);
	add_json(&sb, "options", h->s->options);
	/* what relation-list tells the hook */
	rels = relations_of(&c->model, h->s);
	add_json(&sb, "relations", rels);
	y_free(rels);
	sha1_init(&ctx);
	if (h->r) {
		char *other = state_path(c, "relations/%s/%s.yml", h->r->id,
					 h->provider ? "uses" : "provides");

		add_json(&sb, "relation", h->r->options);
		strbuf_addf(&sb, "%s\n%s\n", h->r->base->master->name,
			    h->r->target->master->name);
		add_file(&ctx, other);
		free(other);
	}
	sha1_update(&ctx, sb.buf, sb.len);
	sha1_final_hex(&ctx, hex);
	strbuf_release(&sb);
}

static void output_fingerprint(struct compose *c, struct hook *h,
			       char hex[41])
{
	struct sha1_ctx ctx;
	char *p;

	sha1_init(&ctx);
	p = state_path(c, "hooks/%s.yml", h->id);
	add_file(&ctx, p);
	free(p);
	if (h->r) {
		p = state_path(c, "relations/%s/%s.yml", h->r->id,
			       h->provider ? "provides" : "uses");
		add_file(&ctx, p);
		free(p);
	}
	sha1_final_hex(&ctx, hex);
}

/* ---- running ---- */

struct tail {
	struct strbuf all;  /* the last TAIL_BYTES of output */
	struct strbuf line; /* a partial line to echo in --debug */
	int log_fd;
	bool echo;
};

static void on_output(const char *data, size_t len, void *ctx)
{
	struct tail *t = ctx;
	size_t i;

	if (t->log_fd >= 0 && write_all(t->log_fd, data, len) < 0)
		t->log_fd = -1;
	strbuf_add(&t->all, data, len);
	if (t->all.len > 2 * TAIL_BYTES) {
		memmove(t->all.buf, t->all.buf + t->all.len - TAIL_BYTES,
			TAIL_BYTES);
		strbuf_setlen(&t->all, TAIL_BYTES);
	}
	for (i = 0; t->echo && i < len; i++) {
		if (!t->line.len)
			strbuf_addstr(&t->line, "  | ");
		strbuf_addch(&t->line, data[i]);
		if (data[i] == '\n') {
			log_mask(&t->line);
			fputs(t->line.buf, stderr);
			strbuf_reset(&t->line);
		}
	}
}

static void report_failure(struct hook *h, int status, struct tail *t)
{
	struct strbuf msg = STRBUF_INIT;
	const char *p = t->all.buf + t->all.len;
	int lines = 0;

	strbuf_addf(&msg, "hook '%s' of service '%s' (charm %s", h->name,
		    h->s->name, h->s->charm->name);
	if (h->r)
		strbuf_addf(&msg, ", relation %s from '%s' to '%s'",
			    h->r->name, h->r->base->name, h->r->target->name);
	if (status < 0)
		strbuf_addf(&msg, ") could not run: %s", strerror(errno));
	else if (status > 128)
		strbuf_addf(&msg, ") was killed by signal %d", status - 128);
	else
		strbuf_addf(&msg, ") failed with exit status %d", status);
	while (p > t->all.buf && lines <= TAIL_LINES)
		if (*--p == '\n' && p + 1 < t->all.buf + t->all.len)
			lines++;
	if (t->all.len && !t->echo) {
		strbuf_addstr(&msg, "; its last output:\n");
		if (*p == '\n')
			p++;
		strbuf_addstr(&msg, p);
		strbuf_rtrim(&msg);
	}
	log_mask(&msg);
	error("%s", msg.buf);
	strbuf_release(&msg);
}

static bool cached(struct compose *c, struct hook *h, const char *in)
{
	struct strbuf rec = STRBUF_INIT;
	char out[41], *fp = state_path(c, "hooks/%s.fp", h->id);
	bool same = false;

	if (!c->no_cache && strbuf_read_file(&rec, fp) >= 0) {
		output_fingerprint(c, h, out);
		strbuf_rtrim(&rec);
		same = rec.len == 81 && !memcmp(rec.buf, in, 40) &&
		       !memcmp(rec.buf + 41, out, 40);
	}
	strbuf_release(&rec);
	free(fp);
	return same;
}

static void record(struct compose *c, struct hook *h, const char *in)
{
	char out[41], *fp = state_path(c, "hooks/%s.fp", h->id);
	char *line;

	output_fingerprint(c, h, out);
	line = xstrfmt("%s %s\n", in, out);
	if (write_file_atomic(fp, line, strlen(line), 0600) < 0)
		die_errno("can't write '%s'", fp);
	free(line);
	free(fp);
}

static int exec_hook(struct compose *c, struct hook *h)
{
	struct child ch = CHILD_INIT;
	struct tail t = {STRBUF_INIT, STRBUF_INIT, -1, c->debug};
	char *frag = state_path(c, "hooks/%s.yml", h->id);
	char *fresh = xstrfmt("%s.new", frag);
	char *log = state_path(c, "hooks/%s.log", h->id);
	int status;

	unlink(fresh);
	t.log_fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	strvec_push(&ch.args, h->path);
	hook_env(c, h->s, h->r, h->provider, &ch.env);
	strvec_setenv(&ch.env, "CONFIG_ADD_FILE", fresh);
	strvec_setenv(&ch.env, "HOOK_NAME", h->name);
	ch.dir = h->s->charm->path;
	ch.no_stdin = true;
	ch.err_to_out = true;
	ch.on_output = on_output;
	ch.on_output_ctx = &t;
	ch.silent_exec_failure = true;
	status = run_command(&ch);
	if (t.line.len) {
		strbuf_addch(&t.line, '\n');
		log_mask(&t.line);
		fputs(t.line.buf, stderr);
	}
	if (t.log_fd >= 0)
		close(t.log_fd);
	if (status) {
		report_failure(h, status, &t);
		unlink(fresh);
	} else if (file_exists(fresh)) {
		if (rename(fresh, frag) < 0)
			die_errno("can't rename '%s'", fresh);
	} else {
		unlink(frag);
	}
	child_release(&ch);
	strbuf_release(&t.all);
	strbuf_release(&t.line);
	free(frag);
	free(fresh);
	free(log);
	return status ? -1 : 0;
}

static int run_hook(struct compose *c, struct hook *h)
{
	char in[41];

	if (!file_exists(h->path)) {
		/* no such hook (any more): forget what an old one recorded */
		char *frag = state_path(c, "hooks/%s.yml", h->id);
		char *fp = state_path(c, "hooks/%s.fp", h->id);
		unlink(frag);
		unlink(fp);
		free(frag);
		free(fp);
		return 0;
	}
	if (!is_executable(h->path))
		return error("hook '%s' of charm '%s' is not executable",
			     h->path, h->s->charm->name);
	input_fingerprint(c, h, in);
	if (cached(c, h, in)) {
		log_debug("hook %s (%s): unchanged, not run", h->name, h->id);
		return 0;
	}
	log_info("running %s of %s%s%s", h->name, h->s->name,
		 h->r ? (h->provider ? " for " : " with ") : "",
		 h->r ? (h->provider ? h->r->base->name : h->r->target->name)
		      : "");
	if (exec_hook(c, h) < 0)
		return -1;
	record(c, h, in);
	return 0;
}

static void hook_init(struct hook *h, const char *name, struct service *s,
		      const struct relation *r, bool provider)
{
	h->name = name;
	h->s = s;
	h->r = r;
	h->provider = provider;
	if (r)
		h->id = xstrfmt("%s.%s", r->id, provider ? "provides" : "uses");
	else
		h->id = xstrfmt("%s.init", s->name);
	h->path = xstrfmt("%s/hooks/%s", s->charm->path, name);
}

static void hook_release(struct hook *h)
{
	free(h->id);
	free(h->path);
}

/*
 * A hook's values are literal, but docker-compose reads "$" in its file as
 * the start of a variable: "pa$word" would reach the container as "pa".
 */
static void escape_dollars(struct ynode *n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < n->nr; i++)
		escape_dollars(n->items[i]);
	if (n->type != Y_SCALAR || !memchr(n->str, '$', n->len))
		return;
	strbuf_add(&sb, n->str, n->len);
	strbuf_replace_all(&sb, "$", "$$");
	free(n->str);
	n->len = sb.len;
	n->str = strbuf_detach(&sb, NULL);
}

/* Merge a hook's recorded config-add fragment into frags. */
static int gather(struct compose *c, const char *id, struct ynode *frags)
{
	struct strbuf err = STRBUF_INIT;
	char *p = state_path(c, "hooks/%s.yml", id);
	struct ynode *f = NULL;
	int r = 0;

	if (file_exists(p)) {
		f = hookdata_read(p, &err);
		if (!f) {
			r = error("%s", err.buf);
		} else {
			escape_dollars(f);
			y_merge(frags, f);
		}
	}
	y_free(f);
	free(p);
	strbuf_release(&err);
	return r;
}

static void write_or_die(const char *path, const struct ynode *n)
{
	if (hookdata_write(path, n) < 0)
		die_errno("can't write '%s'", path);
}

/* {uses: {REL: [TARGET…]}, provides: {REL: [BASE…]}} of a service. */
static struct ynode *relations_of(const struct model *m,
				  const struct service *s)
{
	struct ynode *all = y_new_map();
	struct ynode *uses = y_map_set(all, "uses", y_new_map());
	struct ynode *prov = y_map_set(all, "provides", y_new_map());
	size_t i, j;

	/* in the order the charm declares them */
	for (j = 0; j < s->charm->nr_uses; j++)
		for (i = 0; i < s->nr_uses; i++) {
			const struct relation *r = s->uses[i];

			if (!streq(r->name, s->charm->uses[j].relation))
				continue;
			y_seq_push(y_map_get(uses, r->name)
					   ? y_map_get(uses, r->name)
					   : y_map_set(uses, r->name, y_new_seq()),
				   y_new_str(r->target->name));
		}
	for (i = 0; i < m->nr_rel; i++) {
		const struct relation *r = m->relations[i];

		if (r->target == s)
			y_seq_push(y_map_get(prov, r->name)
					   ? y_map_get(prov, r->name)
					   : y_map_set(prov, r->name, y_new_seq()),
				   y_new_str(r->base->name));
	}
	return all;
}

/* The service's stores, and the files its hooks and actions read. */
void hooks_prepare_service(struct compose *c, const struct service *s)
{
	char *d = path_join(c->datastore, s->name);
	char *k = path_join(c->configstore, s->name);
	char *dir = state_path(c, "services/%s", s->name);
	char *opts = path_join(dir, "options.yml");
	char *rels = path_join(dir, "relations.yml");
	struct ynode *r = relations_of(&c->model, s);

	if (mkdir_p(d, 0755) < 0 || mkdir_p(k, 0755) < 0)
		die_errno("can't create the stores of '%s'", s->name);
	if (mkdir_p(dir, 0700) < 0)
		die_errno("can't create '%s'", dir);
	write_or_die(opts, s->options);
	write_or_die(rels, r);
	y_free(r);
	free(d);
	free(k);
	free(dir);
	free(opts);
	free(rels);
}

/* data.yml: the relation's options, then what each side set. */
static int prepare_relation(struct compose *c, const struct relation *r)
{
	struct strbuf err = STRBUF_INIT;
	char *dir = state_path(c, "relations/%s", r->id);
	const char *const sides[] = {"provides", "uses"};
	struct ynode *data = y_copy(r->options);
	size_t i;
	char *p;

	if (mkdir_p(dir, 0700) < 0)
		die_errno("can't create '%s'", dir);
	for (i = 0; i < ARRAY_SIZE(sides); i++) {
		struct ynode *set;

		p = xstrfmt("%s/%s.yml", dir, sides[i]);
		set = hookdata_read(p, &err);
		free(p);
		if (!set) {
			error("%s", err.buf);
			y_free(data);
			free(dir);
			strbuf_release(&err);
			return -1;
		}
		y_overlay(data, set);
		y_free(set);
	}
	p = path_join(dir, "data.yml");
	write_or_die(p, data);
	free(p);
	y_free(data);
	free(dir);
	strbuf_release(&err);
	return 0;
}

static int init_hook(struct compose *c, struct service *s, bool run,
		     struct ynode *frags)
{
	struct hook h;
	int r = 0;

	hook_init(&h, "init", s, NULL, false);
	if (run && s->selected) {
		hooks_prepare_service(c, s);
		r = run_hook(c, &h);
	}
	if (!r)
		r = gather(c, h.id, frags);
	hook_release(&h);
	return r;
}

static int relation_hooks(struct compose *c, const struct relation *r,
			  bool run, struct ynode *frags)
{
	char *name = xstrfmt("%s-relation-joined", r->name);
	struct hook prov, user;
	int ret = 0;

	hook_init(&prov, name, r->target, r, true);
	hook_init(&user, name, r->base, r, false);
	if (run && r->base->selected) {
		hooks_prepare_service(c, r->target);
		hooks_prepare_service(c, r->base);
		if (prepare_relation(c, r) < 0 || run_hook(c, &prov) < 0)
			ret = -1;
		/* what the provider set (a password) is masked from now on */
		register_relation_secrets(c, r);
		if (!ret && run_hook(c, &user) < 0)
			ret = -1;
		register_relation_secrets(c, r);
	}
	if (!ret && (gather(c, prov.id, frags) < 0 ||
		     gather(c, user.id, frags) < 0))
		ret = -1;
	hook_release(&prov);
	hook_release(&user);
	free(name);
	return ret;
}

int hooks_run(struct compose *c, bool run, struct ynode **frags)
{
	struct model *m = &c->model;
	size_t i;

	*frags = y_new_map();
	if (run) {
		char *dirs[] = {state_path(c, "hooks"),
				state_path(c, "relations"),
				state_path(c, "services")};
		for (i = 0; i < ARRAY_SIZE(dirs); i++) {
			if (mkdir_p(dirs[i], 0700) < 0)
				die_errno("can't create '%s'", dirs[i]);
			free(dirs[i]);
		}
		hooks_bin_dir(c);
	}
	for (i = 0; i < m->nr; i++)
		if (init_hook(c, m->order[i], run, *frags) < 0)
			goto fail;
	for (i = 0; i < m->nr_hook_order; i++)
		if (relation_hooks(c, m->hook_order[i], run, *frags) < 0)
			goto fail;
	/* relations whose hooks were not to run keep their last results */
	for (i = 0; i < m->nr_rel; i++)
		if (!m->relations[i]->base->selected &&
		    relation_hooks(c, m->relations[i], false, *frags) < 0)
			goto fail;
	return 0;
fail:
	y_free(*frags);
	*frags = NULL;
	return -1;
}
