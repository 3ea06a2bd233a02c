/*
 * model-order.c - which services a run handles, in which order their
 * containers start (tech-dep) and their relation hooks run.
 */
#include "model-impl.h"
#include "model.h"
#include "strbuf.h"

/* Whether a must start after b because of r. */
static struct service *dep_of(const struct relation *r, const struct service *s)
{
	if (r->tech_dep == TECH_DEP_BASE_AFTER_TARGET && r->base == s)
		return r->target;
	if (r->tech_dep == TECH_DEP_TARGET_AFTER_BASE && r->target == s)
		return r->base;
	return NULL;
}

size_t service_depends_on(const struct model *m, const struct service *s,
			  const struct service ***out)
{
	size_t i, j, n = 0, alloc = 1;

	/* NULL-terminated; grown, not nr_rel zeroed entries per service */
	*out = xcalloc(alloc, sizeof(**out));
	for (i = 0; i < m->nr_rel; i++) {
		struct service *d = dep_of(m->relations[i], s);
		bool seen = false;

		for (j = 0; d && j < n; j++)
			seen |= (*out)[j] == d;
		if (d && !seen) {
			ALLOC_GROW(*out, n + 2, alloc);
			(*out)[n++] = d;
			(*out)[n] = NULL;
		}
	}
	return n;
}

static void select_closure(struct service *s)
{
	size_t i;

	if (s->selected)
		return;
	s->selected = true;
	for (i = 0; i < s->nr_uses; i++)
		select_closure(s->uses[i]->target);
}

/*
 * The start-up order: a depth-first walk along tech-deps.  While it runs, a
 * service's mark is its index in m->services, which indexes the arrays here.
 */
struct topo {
	struct model *m;
	size_t n;
	struct service **stack;
	const struct relation **via;
	size_t depth;
	unsigned char *colour;
	/* relations making service k start after another, in creation
	 * order: after[first[k]] to after[first[k + 1] - 1] */
	size_t *first;
	const struct relation **after;
};

enum { WHITE, GREY, BLACK };

/* The service that r makes start after the other, or NULL. */
static struct service *starts_after(const struct relation *r)
{
	if (r->tech_dep == TECH_DEP_BASE_AFTER_TARGET)
		return r->base;
	if (r->tech_dep == TECH_DEP_TARGET_AFTER_BASE)
		return r->target;
	return NULL;
}

/* Tech-deps indexed once: scanning every relation per service was quadratic. */
static void topo_init(struct topo *t, struct model *m)
{
	size_t i, *fill;

	memset(t, 0, sizeof(*t));
	t->m = m;
	t->stack = xcalloc(m->nr + 1, sizeof(*t->stack));
	t->via = xcalloc(m->nr + 1, sizeof(*t->via));
	t->colour = xcalloc(m->nr + 1, sizeof(*t->colour));
	t->first = xcalloc(m->nr + 1, sizeof(*t->first));
	t->after = xcalloc(m->nr_rel + 1, sizeof(*t->after));
	for (i = 0; i < m->nr; i++)
		m->services[i]->mark = (int)i;
	for (i = 0; i < m->nr_rel; i++) {
		struct service *s = starts_after(m->relations[i]);
		if (s)
			t->first[s->mark + 1]++;
	}
	for (i = 0; i < m->nr; i++)
		t->first[i + 1] += t->first[i];
	fill = xcalloc(m->nr + 1, sizeof(*fill));
	memcpy(fill, t->first, (m->nr + 1) * sizeof(*fill));
	for (i = 0; i < m->nr_rel; i++) {
		struct service *s = starts_after(m->relations[i]);
		if (s)
			t->after[fill[s->mark]++] = m->relations[i];
	}
	free(fill);
}

static void topo_release(struct topo *t)
{
	free(t->stack);
	free(t->via);
	free(t->colour);
	free(t->first);
	free(t->after);
}

static int cycle_error(struct topo *t, struct service *back, struct strbuf *err)
{
	size_t i = t->depth;

	while (i > 0 && t->stack[i - 1] != back)
		i--;
	strbuf_reset(err);
	strbuf_addstr(err, "tech-dep cycle:");
	for (i = i - 1; i < t->depth; i++)
		strbuf_addf(err, " '%s' starts after '%s' (relation %s)%s",
			    t->stack[i]->name,
			    i + 1 < t->depth ? t->stack[i + 1]->name
					     : back->name,
			    t->via[i]->name, i + 1 < t->depth ? "," : "");
	return -1;
}

static int visit(struct topo *t, struct service *s, struct strbuf *err)
{
	size_t k = (size_t)s->mark, i;

	if (t->colour[k] == BLACK)
		return 0;
	if (t->colour[k] == GREY)
		return cycle_error(t, s, err);
	t->colour[k] = GREY;
	t->stack[t->depth] = s;
	for (i = t->first[k]; i < t->first[k + 1]; i++) {
		t->via[t->depth] = t->after[i];
		t->depth++;
		if (visit(t, dep_of(t->after[i], s), err) < 0)
			return -1;
		t->depth--;
	}
	t->colour[k] = BLACK;
	t->m->order[t->n++] = s;
	return 0;
}

/*
 * Relation hooks go by the start-up position of the relation's later end,
 * then of its earlier end, then by address (any fixed order would do).  The
 * keys are computed once: finding positions in the comparator made the sort
 * quadratic.
 */
struct hook_key {
	struct relation *r;
	size_t later, earlier; /* positions of its ends in m->order */
};

static int cmp_hooks(const void *pa, const void *pb)
{
	const struct hook_key *a = pa, *b = pb;

	if (a->later != b->later)
		return a->later < b->later ? -1 : 1;
	if (a->earlier != b->earlier)
		return a->earlier < b->earlier ? -1 : 1;
	return a->r < b->r ? -1 : a->r > b->r;
}

/* Relation hooks of the selected services, in that order. */
static void order_hooks(struct model *m)
{
	struct hook_key *keys = xcalloc(m->nr_rel + 1, sizeof(*keys));
	size_t i, n = 0;

	/* the topological sort is done: mark now holds the position */
	for (i = 0; i < m->nr; i++)
		m->order[i]->mark = (int)i;
	for (i = 0; i < m->nr_rel; i++) {
		struct relation *r = m->relations[i];
		size_t b = (size_t)r->base->mark, t = (size_t)r->target->mark;

		if (!r->base->selected)
			continue;
		keys[n].r = r;
		keys[n].later = b > t ? b : t;
		keys[n].earlier = b < t ? b : t;
		n++;
	}
	qsort(keys, n, sizeof(*keys), cmp_hooks);
	free(m->hook_order);
	m->hook_order = xcalloc(m->nr_rel + 1, sizeof(*m->hook_order));
	for (i = 0; i < n; i++)
		m->hook_order[i] = keys[i].r;
	m->nr_hook_order = n;
	free(keys);
}

int model_select(struct model *m, const char *const *names, size_t n,
		 struct strbuf *err)
{
	struct topo t;
	size_t i;
	int r = 0;

	for (i = 0; i < n; i++)
		if (!model_service(m, names[i]))
			return model_fail(err, NULL, "no service '%s' in %s",
					  names[i], m->cfg.file);
	for (i = 0; i < m->nr; i++)
		m->services[i]->selected = false;
	for (i = 0; i < n; i++)
		select_closure(model_service(m, names[i]));
	for (i = 0; !n && i < m->nr; i++)
		m->services[i]->selected = true;

	free(m->order);
	m->order = xcalloc(m->nr + 1, sizeof(*m->order));
	topo_init(&t, m);
	for (i = 0; !r && i < m->nr; i++)
		r = visit(&t, m->services[i], err);
	topo_release(&t);
	if (r < 0)
		return -1;
	order_hooks(m);
	return 0;
}
