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
	size_t i, j, n = 0;

	*out = xcalloc(m->nr_rel + 1, sizeof(**out));
	for (i = 0; i < m->nr_rel; i++) {
		struct service *d = dep_of(m->relations[i], s);
		bool seen = false;

		for (j = 0; d && j < n; j++)
			seen |= (*out)[j] == d;
		if (d && !seen)
			(*out)[n++] = d;
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

struct topo {
	struct model *m;
	size_t n;
	struct service **stack;
	const struct relation **via;
	size_t depth;
};

enum { WHITE, GREY, BLACK };

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
	size_t i;

	if (s->mark == BLACK)
		return 0;
	if (s->mark == GREY)
		return cycle_error(t, s, err);
	s->mark = GREY;
	t->stack[t->depth] = s;
	for (i = 0; i < t->m->nr_rel; i++) {
		struct service *d = dep_of(t->m->relations[i], s);
		if (!d)
			continue;
		t->via[t->depth] = t->m->relations[i];
		t->depth++;
		if (visit(t, d, err) < 0)
			return -1;
		t->depth--;
	}
	s->mark = BLACK;
	t->m->order[t->n++] = s;
	return 0;
}

static size_t position(const struct model *m, const struct service *s)
{
	size_t i;

	for (i = 0; i < m->nr; i++)
		if (m->order[i] == s)
			return i;
	BUG("service '%s' not ordered", s->name);
}

static int cmp_hooks(const void *pa, const void *pb, void *data)
{
	const struct relation *a = *(const struct relation *const *)pa;
	const struct relation *b = *(const struct relation *const *)pb;
	const struct model *m = data;
	size_t a1 = position(m, a->base), a2 = position(m, a->target);
	size_t b1 = position(m, b->base), b2 = position(m, b->target);
	size_t amax = a1 > a2 ? a1 : a2, bmax = b1 > b2 ? b1 : b2;
	size_t amin = a1 < a2 ? a1 : a2, bmin = b1 < b2 ? b1 : b2;

	if (amax != bmax)
		return amax < bmax ? -1 : 1;
	if (amin != bmin)
		return amin < bmin ? -1 : 1;
	return a < b ? -1 : a > b;
}

int model_select(struct model *m, const char *const *names, size_t n,
		 struct strbuf *err)
{
	struct topo t = {m, 0, NULL, NULL, 0};
	size_t i;

	for (i = 0; i < n; i++)
		if (!model_service(m, names[i]))
			return model_fail(err, NULL, "no service '%s' in %s",
					  names[i], m->cfg.file);
	for (i = 0; i < m->nr; i++) {
		m->services[i]->selected = false;
		m->services[i]->mark = WHITE;
	}
	for (i = 0; i < n; i++)
		select_closure(model_service(m, names[i]));
	for (i = 0; !n && i < m->nr; i++)
		m->services[i]->selected = true;

	free(m->order);
	m->order = xcalloc(m->nr + 1, sizeof(*m->order));
	t.stack = xcalloc(m->nr + 1, sizeof(*t.stack));
	t.via = xcalloc(m->nr + 1, sizeof(*t.via));
	for (i = 0; i < m->nr; i++)
		if (visit(&t, m->services[i], err) < 0) {
			free(t.stack);
			free(t.via);
			return -1;
		}
	free(t.stack);
	free(t.via);

	free(m->hook_order);
	m->hook_order = xcalloc(m->nr_rel + 1, sizeof(*m->hook_order));
	m->nr_hook_order = 0;
	for (i = 0; i < m->nr_rel; i++)
		if (m->relations[i]->base->selected)
			m->hook_order[m->nr_hook_order++] = m->relations[i];
	qsort_r(m->hook_order, m->nr_hook_order, sizeof(*m->hook_order),
		cmp_hooks, m);
	return 0;
}
