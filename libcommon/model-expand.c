/*
 * model-expand.c - the values of the model: relation options layered over
 * the charms' defaults, then !var-expand values expanded.
 */
#include "fs.h"
#include "model-impl.h"
#include "model.h"
#include "strbuf.h"
#include "ytree.h"

int expand_vars(const char *s, const char *(*lookup)(const char *, void *),
		void *ctx, struct strbuf *out, struct strbuf *err)
{
	const char *p = s;

	while (*p) {
		const char *start, *val;
		char *name;
		size_t len;

		if (*p != '$') {
			strbuf_addch(out, *p++);
			continue;
		}
		p++;
		if (*p == '$') {
			strbuf_addch(out, *p++);
			continue;
		}
		if (*p == '{') {
			start = ++p;
			while (*p && *p != '}')
				p++;
			if (!*p)
				return model_fail(err, NULL,
						  "unterminated '${' in "
						  "'%s'",
						  s);
			len = (size_t)(p - start);
			p++;
		} else {
			start = p;
			while (*p == '_' || (*p >= 'a' && *p <= 'z') ||
			       (*p >= 'A' && *p <= 'Z') ||
			       (p > start && *p >= '0' && *p <= '9'))
				p++;
			len = (size_t)(p - start);
			if (!len) {
				strbuf_addch(out, '$');
				continue;
			}
		}
		name = xstrndup(start, len);
		val = lookup ? lookup(name, ctx) : NULL;
		if (!val)
			val = getenv(name);
		if (!val) {
			model_fail(err, NULL, "unknown variable '%s'", name);
			free(name);
			return -1;
		}
		strbuf_addstr(out, val);
		free(name);
	}
	return 0;
}

struct expand_ctx {
	const struct model *m;
	const struct service *s;
	const struct relation *r;
	char *paths[4];
};

static const char *ctx_lookup(const char *name, void *data)
{
	struct expand_ctx *c = data;
	const struct service *s = c->s;

	if (streq(name, "PROJECT_NAME"))
		return c->m->cfg.project;
	if (streq(name, "SERVICE_NAME"))
		return s->name;
	if (streq(name, "CHARM_NAME"))
		return s->charm->name;
	if (streq(name, "CHARM_PATH"))
		return s->charm->path;
	if (streq(name, "CHARM_STORE"))
		return c->m->cfg.charm_store;
	if (streq(name, "DATASTORE"))
		return c->m->cfg.datastore;
	if (streq(name, "CONFIGSTORE"))
		return c->m->cfg.configstore;
	if (streq(name, "SERVICE_DATASTORE")) {
		if (!c->paths[0])
			c->paths[0] = path_join(c->m->cfg.datastore, s->name);
		return c->paths[0];
	}
	if (streq(name, "SERVICE_CONFIGSTORE")) {
		if (!c->paths[1])
			c->paths[1] = path_join(c->m->cfg.configstore, s->name);
		return c->paths[1];
	}
	if (!c->r)
		return streq(name, "MASTER_BASE_SERVICE_NAME") ? s->master->name
							       : NULL;
	if (streq(name, "RELATION_NAME"))
		return c->r->name;
	if (streq(name, "BASE_SERVICE_NAME"))
		return c->r->base->name;
	if (streq(name, "TARGET_SERVICE_NAME"))
		return c->r->target->name;
	if (streq(name, "MASTER_BASE_SERVICE_NAME"))
		return c->r->base->master->name;
	if (streq(name, "MASTER_TARGET_SERVICE_NAME"))
		return c->r->target->master->name;
	return NULL;
}

/* Expand every scalar tagged !var-expand in n, in place. */
static int expand_tree(struct ynode *n, struct expand_ctx *c,
		       struct strbuf *err)
{
	struct strbuf out = STRBUF_INIT, e = STRBUF_INIT;
	size_t i;

	if (!n)
		return 0;
	for (i = 0; i < n->nr; i++)
		if (expand_tree(n->items[i], c, err) < 0)
			return -1;
	if (n->type != Y_SCALAR || !n->tag || !streq(n->tag, "!var-expand"))
		return 0;
	if (expand_vars(n->str, ctx_lookup, c, &out, &e) < 0) {
		model_fail(err, n, "in !var-expand value: %s", e.buf);
		strbuf_release(&out);
		strbuf_release(&e);
		return -1;
	}
	free(n->str);
	free(n->tag);
	n->tag = NULL;
	n->len = out.len;
	n->str = strbuf_detach(&out, NULL);
	n->quoted = true;
	strbuf_release(&e);
	return 0;
}

static void ctx_release(struct expand_ctx *c)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(c->paths); i++)
		free(c->paths[i]);
}

/* Relation options: user's over uses-side over provides-side defaults. */
static void layer_options(struct relation *r)
{
	const struct ynode *prov = charm_provides(r->target->charm, r->name);
	const struct charm_use *u = charm_use(r->base->charm, r->name);
	struct ynode *opts = y_new_map();

	y_overlay(opts, y_map_get(prov, "default-options"));
	if (u)
		y_overlay(opts, u->defaults);
	y_overlay(opts, r->options);
	if (streq(r->name, "web-proxy") && y_map_index(opts, "domain") < 0)
		y_map_set(opts, "domain", y_new_str(r->base->name));
	y_free(r->options);
	r->options = opts;
}

int model_expand_all(struct model *m, struct strbuf *err)
{
	size_t i;

	for (i = 0; i < m->nr; i++) {
		struct expand_ctx c = {m, m->services[i], NULL, {NULL}};
		int r = expand_tree(m->services[i]->options, &c, err);

		ctx_release(&c);
		if (r < 0)
			return -1;
	}
	for (i = 0; i < m->nr_rel; i++) {
		struct relation *rel = m->relations[i];
		struct expand_ctx c = {m, rel->base, rel, {NULL}};
		int r;

		layer_options(rel);
		r = expand_tree(rel->options, &c, err);
		ctx_release(&c);
		if (r < 0)
			return -1;
	}
	return 0;
}
