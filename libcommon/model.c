/* model.c - compose.yml + charm store -> services and relations. */
#include "model.h"
#include "fs.h"
#include "log.h"
#include "strbuf.h"
#include "ytree.h"
#include "model-impl.h"

static const char *const service_keys[] = {"charm", "options", "relations",
					   "docker-compose"};

void model_init(struct model *m, const struct model_config *cfg)
{
	memset(m, 0, sizeof(*m));
	m->cfg = *cfg;
	charm_store_init(&m->store, cfg->charm_store);
	strvec_init(&m->warnings);
}

static void relation_free(struct relation *r)
{
	free(r->name);
	free(r->id);
	y_free(r->options);
	free(r);
}

void model_release(struct model *m)
{
	size_t i;

	for (i = 0; i < m->nr_rel; i++)
		relation_free(m->relations[i]);
	for (i = 0; i < m->nr; i++) {
		struct service *s = m->services[i];
		free(s->name);
		free(s->uses);
		y_free(s->options);
		free(s);
	}
	free(m->relations);
	free(m->services);
	free(m->order);
	free(m->hook_order);
	y_free(m->doc);
	strvec_clear(&m->warnings);
	charm_store_release(&m->store);
	memset(m, 0, sizeof(*m));
}

/* "FILE:LINE:COL: " (when at is known) followed by the message. */
int model_fail(struct strbuf *err, const struct ynode *at, const char *fmt, ...)
{
	va_list ap;

	strbuf_reset(err);
	if (at && at->file) {
		y_where(at, err);
		strbuf_addstr(err, ": ");
	}
	va_start(ap, fmt);
	strbuf_vaddf(err, fmt, ap);
	va_end(ap);
	return -1;
}

struct service *model_service(const struct model *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nr; i++)
		if (streq(m->services[i]->name, name))
			return m->services[i];
	return NULL;
}

static bool is_service_key(const char *k)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(service_keys); i++)
		if (streq(k, service_keys[i]))
			return true;
	return false;
}

/* Charm defaults, then the user's options:, then option-like keys. */
static int build_options(struct service *s, struct strbuf *err)
{
	const struct ynode *d = y_map_get(s->charm->meta, "default-options");
	const struct ynode *u = y_map_get(s->def, "options");
	size_t i;

	s->options = y_is_map(d) ? y_copy(d) : y_new_map();
	if (u && !y_is_null(u) && !y_is_map(u))
		return model_fail(
		    err, u, "service '%s': options must be a mapping", s->name);
	y_overlay(s->options, u);
	for (i = 0; y_is_map(s->def) && i < s->def->nr; i++)
		if (!is_service_key(y_map_key(s->def, i))) {
			struct ynode *one = y_new_map();
			y_map_set(one, y_map_key(s->def, i),
				  y_copy(s->def->items[i]));
			y_overlay(s->options, one);
			y_free(one);
		}
	return 0;
}

static struct service *add_service(struct model *m, const char *name,
				   struct charm *c)
{
	struct service *s = xcalloc(1, sizeof(*s));

	s->name = xstrdup(name);
	s->charm = c;
	s->master = s;
	ALLOC_GROW(m->services, m->nr + 1, m->alloc);
	m->services[m->nr++] = s;
	return s;
}

static int load_doc(struct model *m, struct strbuf *err)
{
	struct ynode *o;

	m->doc = y_parse_file(m->cfg.file, err);
	if (!m->doc)
		return -1;
	if (y_is_null(m->doc)) {
		y_free(m->doc);
		m->doc = y_new_map();
	}
	if (!y_is_map(m->doc))
		return model_fail(err, m->doc,
				  "compose file must be a mapping of service "
				  "names to definitions");
	if (!m->cfg.overlay_file)
		return 0;
	o = y_parse_file(m->cfg.overlay_file, err);
	if (!o)
		return -1;
	if (!y_is_null(o) && !y_is_map(o)) {
		model_fail(err, o, "added content must be a mapping of services");
		y_free(o);
		return -1;
	}
	y_merge(m->doc, o);
	y_free(o);
	return 0;
}

static int load_declared(struct model *m, struct strbuf *err)
{
	struct strbuf cerr = STRBUF_INIT;
	size_t i;

	for (i = 0; i < m->doc->nr; i++) {
		const struct ynode *key = m->doc->keys[i];
		const struct ynode *def = m->doc->items[i];
		const char *name = key->str, *cname;
		struct charm *c;
		struct service *s;

		if (!valid_name(name))
			return model_fail(
			    err, key,
			    "invalid service name '%s' (letters, "
			    "digits, '.', '_' and '-', starting with "
			    "a letter or digit)",
			    name);
		if (!y_is_null(def) && !y_is_map(def))
			return model_fail(err, def,
					  "service '%s': definition must be a "
					  "mapping (or empty)",
					  name);
		cname = y_str(y_map_get(def, "charm"));
		if (!cname)
			cname = name;
		c = charm_get(&m->store, cname, &cerr);
		if (!c) {
			model_fail(err,
				   y_map_get(def, "charm")
				       ? y_map_get(def, "charm")
				       : key,
				   "service '%s': %s", name, cerr.buf);
			strbuf_release(&cerr);
			return -1;
		}
		s = add_service(m, name, c);
		s->def = def;
		s->key = key;
		s->declared = true;
		if (build_options(s, err) < 0) {
			strbuf_release(&cerr);
			return -1;
		}
	}
	strbuf_release(&cerr);
	return 0;
}

static bool has_relation(const struct service *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nr_uses; i++)
		if (streq(s->uses[i]->name, name))
			return true;
	return false;
}

static struct relation *add_relation(struct model *m, struct service *base,
				     const char *name, struct service *target,
				     const struct ynode *opts,
				     const struct ynode *where)
{
	struct relation *r = xcalloc(1, sizeof(*r));
	const struct charm_use *u = charm_use(base->charm, name);

	r->name = xstrdup(name);
	r->base = base;
	r->target = target;
	r->where = where;
	r->automatic = !where;
	r->tech_dep = u ? u->tech_dep : TECH_DEP_NONE;
	r->id = xstrfmt("%s--%s--%s", base->name, name, target->name);
	/* the user's options are kept for now, layered in layer_options() */
	r->options = opts && !y_is_null(opts) ? y_copy(opts) : y_new_map();
	ALLOC_GROW(base->uses, base->nr_uses + 1, base->alloc_uses);
	base->uses[base->nr_uses++] = r;
	ALLOC_GROW(m->relations, m->nr_rel + 1, m->alloc_rel);
	m->relations[m->nr_rel++] = r;
	return r;
}

static void list_uses(const struct charm *c, struct strbuf *sb)
{
	size_t i;

	if (!c->nr_uses) {
		strbuf_addstr(sb, "it uses no relation");
		return;
	}
	strbuf_addstr(sb, "it uses:");
	for (i = 0; i < c->nr_uses; i++)
		strbuf_addf(sb, "%s %s", i ? "," : "", c->uses[i].relation);
}

/* The service T for an explicit relation, created from the charm T. */
static struct service *target_service(struct model *m, struct service *s,
				      const char *rel, const char *t,
				      const struct ynode *at,
				      struct strbuf *err)
{
	struct service *ts = model_service(m, t);
	struct strbuf cerr = STRBUF_INIT;
	struct charm *c;

	if (ts)
		return ts;
	if (!valid_name(t)) {
		model_fail(err, at,
			   "service '%s': relation '%s': invalid target "
			   "name '%s'",
			   s->name, rel, t);
		return NULL;
	}
	c = charm_get(&m->store, t, &cerr);
	if (!c) {
		model_fail(
		    err, at,
		    "service '%s': relation '%s' targets '%s', which is not "
		    "declared and is not a charm: %s",
		    s->name, rel, t, cerr.buf);
		strbuf_release(&cerr);
		return NULL;
	}
	strbuf_release(&cerr);
	ts = add_service(m, t, c);
	ts->created_by = "a relation's target";
	ts->options = y_is_map(y_map_get(c->meta, "default-options"))
			  ? y_copy(y_map_get(c->meta, "default-options"))
			  : y_new_map();
	return ts;
}

static int explicit_target(struct model *m, struct service *s, const char *rel,
			   const char *t, const struct ynode *opts,
			   const struct ynode *at, struct strbuf *err)
{
	struct service *ts = target_service(m, s, rel, t, at, err);

	if (!ts)
		return -1;
	if (ts == s)
		return model_fail(err, at,
				  "service '%s': relation '%s' targets "
				  "itself",
				  s->name, rel);
	if (!charm_provides(ts->charm, rel))
		return model_fail(
		    err, at,
		    "service '%s' (charm %s): relation '%s' targets "
		    "'%s' (charm %s), which does not provide '%s'",
		    s->name, s->charm->name, rel, ts->name, ts->charm->name,
		    rel);
	if (opts && !y_is_null(opts) && !y_is_map(opts))
		return model_fail(
		    err, opts,
		    "service '%s': options of relation '%s' to '%s' "
		    "must be a mapping",
		    s->name, rel, t);
	add_relation(m, s, rel, ts, opts, at);
	return 0;
}

static int explicit_relations(struct model *m, struct service *s,
			      struct strbuf *err)
{
	const struct ynode *rels = y_map_get(s->def, "relations");
	size_t i, j;

	if (!rels || y_is_null(rels))
		return 0;
	if (!y_is_map(rels))
		return model_fail(err, rels,
				  "service '%s': relations must be a "
				  "mapping",
				  s->name);
	for (i = 0; i < rels->nr; i++) {
		const char *rel = y_map_key(rels, i);
		const struct ynode *v = rels->items[i], *at = rels->keys[i];

		if (!charm_use(s->charm, rel)) {
			struct strbuf u = STRBUF_INIT;
			list_uses(s->charm, &u);
			model_fail(err, at,
				   "service '%s' (charm %s): charm '%s' has no "
				   "relation '%s' (%s)",
				   s->name, s->charm->name, s->charm->name, rel,
				   u.buf);
			strbuf_release(&u);
			return -1;
		}
		if (y_str(v)) {
			if (explicit_target(m, s, rel, y_str(v), NULL, v, err) <
			    0)
				return -1;
		} else if (y_is_seq(v)) {
			for (j = 0; j < v->nr; j++) {
				const char *t = y_str(v->items[j]);
				if (!t)
					return model_fail(
					    err, v->items[j],
					    "service '%s': relation "
					    "'%s': a target must be a "
					    "service name",
					    s->name, rel);
				if (explicit_target(m, s, rel, t, NULL,
						    v->items[j], err) < 0)
					return -1;
			}
		} else if (y_is_map(v)) {
			for (j = 0; j < v->nr; j++)
				if (explicit_target(m, s, rel, y_map_key(v, j),
						    v->items[j], v->keys[j],
						    err) < 0)
					return -1;
		} else {
			return model_fail(err, at,
					  "service '%s': relation '%s' needs a "
					  "target service",
					  s->name, rel);
		}
	}
	return 0;
}

/*
 * Which services provide each relation, in service order.  Services are only
 * ever appended, so a lookup scans just those added since the last one: the
 * pairing passes stay linear in the number of services.
 */
struct provider_set {
	const char *relation;
	size_t scanned;		  /* services looked at so far */
	size_t n;		  /* providers among them */
	struct service *first[3]; /* enough to skip one and name two */
};

struct provider_index {
	struct provider_set *sets;
	size_t nr, alloc;
};

static struct provider_set *
provider_set(const struct model *m, struct provider_index *idx, const char *rel)
{
	struct provider_set *set = NULL;
	size_t i;

	for (i = 0; i < idx->nr && !set; i++)
		if (streq(idx->sets[i].relation, rel))
			set = &idx->sets[i];
	if (!set) {
		ALLOC_GROW(idx->sets, idx->nr + 1, idx->alloc);
		set = &idx->sets[idx->nr++];
		memset(set, 0, sizeof(*set));
		set->relation = rel;
	}
	for (; set->scanned < m->nr; set->scanned++) {
		struct service *p = m->services[set->scanned];
		if (!charm_provides(p->charm, rel))
			continue;
		if (set->n < ARRAY_SIZE(set->first))
			set->first[set->n] = p;
		set->n++;
	}
	return set;
}

/* Services other than s providing rel: how many, and the first two. */
static size_t providers(const struct model *m, struct provider_index *idx,
			const struct service *s, const char *rel,
			struct service **first, struct service **second)
{
	const struct provider_set *set = provider_set(m, idx, rel);
	size_t i, n = 0;

	for (i = 0; i < set->n && i < ARRAY_SIZE(set->first) && n < 2; i++) {
		if (set->first[i] == s)
			continue;
		if (n++ == 0)
			*first = set->first[i];
		else
			*second = set->first[i];
	}
	return set->n - (charm_provides(s->charm, rel) ? 1 : 0);
}

static int ambiguous(struct strbuf *err, const struct service *s,
		     const char *rel, const struct service *a,
		     const struct service *b)
{
	return model_fail(
	    err, NULL,
	    "service '%s' (charm %s): relation '%s' could pair with "
	    "'%s' (charm %s) or '%s' (charm %s); name one in "
	    "compose.yml, e.g. %s: {relations: {%s: %s}}",
	    s->name, s->charm->name, rel, a->name, a->charm->name, b->name,
	    b->charm->name, s->name, rel, a->name);
}

static int summon(struct model *m, struct service *s, const struct charm_use *u,
		  struct strbuf *err)
{
	struct strbuf cerr = STRBUF_INIT;
	const char **names = NULL;
	const char *cname = u->summon_charm;
	struct service *t;
	struct charm *c;
	size_t n;

	if (!cname) {
		n = charm_store_providers(&m->store, u->relation, &names);
		if (n != 1) {
			model_fail(
			    err, NULL,
			    "service '%s' (charm %s): relation '%s' can't "
			    "be summoned: %s charm of the store provides it",
			    s->name, s->charm->name, u->relation,
			    n ? "more than one" : "no");
			free(names);
			return -1;
		}
		cname = names[0];
	}
	c = charm_get(&m->store, cname, &cerr);
	free(names);
	if (!c) {
		model_fail(err, u->node,
			   "service '%s': can't summon charm '%s': %s", s->name,
			   cname, cerr.buf);
		strbuf_release(&cerr);
		return -1;
	}
	strbuf_release(&cerr);
	t = model_service(m, c->name);
	if (t)
		return model_fail(
		    err, NULL,
		    "service '%s' (charm %s): relation '%s' would "
		    "summon a service '%s', but '%s' exists with "
		    "charm %s, which does not provide it",
		    s->name, s->charm->name, u->relation, c->name, t->name,
		    t->charm->name);
	if (!charm_provides(c, u->relation))
		return model_fail(
		    err, u->node,
		    "charm '%s' is to be summoned for '%s' but does "
		    "not provide it",
		    c->name, u->relation);
	t = add_service(m, c->name, c);
	t->created_by = "summoned";
	t->options = y_is_map(y_map_get(c->meta, "default-options"))
			 ? y_copy(y_map_get(c->meta, "default-options"))
			 : y_new_map();
	add_relation(m, s, u->relation, t, NULL, NULL);
	return 0;
}

/* One pass of pairing; summons only when pairing found nothing more. */
static int pair_and_summon(struct model *m, struct provider_index *idx,
			   struct strbuf *err)
{
	bool changed = true;
	size_t i, j;

	while (changed) {
		changed = false;
		for (i = 0; i < m->nr; i++) {
			struct service *s = m->services[i], *a = NULL,
				       *b = NULL;
			for (j = 0; j < s->charm->nr_uses; j++) {
				const struct charm_use *u = &s->charm->uses[j];
				size_t n;

				if (u->auto_mode == AUTO_NONE ||
				    has_relation(s, u->relation))
					continue;
				n = providers(m, idx, s, u->relation, &a, &b);
				if (n > 1)
					return ambiguous(err, s, u->relation, a,
							 b);
				if (n == 1) {
					add_relation(m, s, u->relation, a, NULL,
						     NULL);
					changed = true;
				}
			}
		}
		for (i = 0; !changed && i < m->nr; i++) {
			struct service *s = m->services[i];
			for (j = 0; j < s->charm->nr_uses; j++) {
				const struct charm_use *u = &s->charm->uses[j];

				if (u->auto_mode != AUTO_SUMMON ||
				    has_relation(s, u->relation))
					continue;
				if (summon(m, s, u, err) < 0)
					return -1;
				changed = true;
				break;
			}
		}
	}
	/* a summoned service may have made an earlier pairing ambiguous */
	for (i = 0; i < m->nr_rel; i++) {
		struct relation *r = m->relations[i];
		struct service *a = NULL, *b = NULL;

		if (r->automatic &&
		    providers(m, idx, r->base, r->name, &a, &b) > 1)
			return ambiguous(err, r->base, r->name, a, b);
	}
	return 0;
}

static int auto_relations(struct model *m, struct strbuf *err)
{
	struct provider_index idx = {NULL, 0, 0};
	int r = pair_and_summon(m, &idx, err);

	free(idx.sets);
	return r;
}

static int check_unresolved(struct model *m, struct strbuf *err)
{
	size_t i, j;

	for (i = 0; i < m->nr; i++) {
		struct service *s = m->services[i];
		for (j = 0; j < s->charm->nr_uses; j++) {
			const struct charm_use *u = &s->charm->uses[j];

			if (has_relation(s, u->relation) ||
			    u->constraint == CONSTRAINT_OPTIONAL)
				continue;
			if (u->constraint == CONSTRAINT_REQUIRED)
				return model_fail(
				    err, NULL,
				    "service '%s' (charm %s): "
				    "required relation '%s' is "
				    "unresolved%s%s; add a service "
				    "providing it, e.g. %s: "
				    "{relations: {%s: SERVICE}}",
				    s->name, s->charm->name, u->relation,
				    u->solves ? ": " : "",
				    u->solves ? u->solves : "", s->name,
				    u->relation);
			strvec_pushf(&m->warnings,
				     "service '%s' (charm %s): recommended "
				     "relation '%s' is missing%s%s",
				     s->name, s->charm->name, u->relation,
				     u->solves ? ": " : "",
				     u->solves ? u->solves : "");
		}
	}
	return 0;
}

static void set_masters(struct model *m)
{
	size_t i;
	int hops;

	for (i = 0; i < m->nr; i++) {
		struct service *s = m->services[i];
		/* bounded: subordinates chained in a loop stop somewhere */
		for (hops = 0; s->charm->subordinate && s->nr_uses && hops < 16;
		     hops++)
			s = s->uses[0]->target;
		m->services[i]->master = s;
	}
}

/* "FILE:LINE:COL: " (when at is known) followed by the message. */
int model_load(struct model *m, struct strbuf *err)
{
	size_t i;

	if (load_doc(m, err) < 0 || load_declared(m, err) < 0)
		return -1;
	/* targets created here have no definition, hence no relations */
	for (i = 0; i < m->nr; i++)
		if (explicit_relations(m, m->services[i], err) < 0)
			return -1;
	if (auto_relations(m, err) < 0 || check_unresolved(m, err) < 0)
		return -1;
	set_masters(m);
	return model_expand_all(m, err);
}
