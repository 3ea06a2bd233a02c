/* ytree.c - ordered YAML trees: parsing on libyaml, building, merging. */
#include "ytree.h"
#include "strbuf.h"

#include <yaml.h>

/* Deeper than this is an attack or a mistake, not a configuration. */
#define MAX_DEPTH 512
/* Nodes one document may expand to through aliases. */
#define MAX_NODES 2000000

/* ---- interned file names ---- */

/*
 * Nodes point to the name of their file, kept once until y_release_names().
 * Hashed (open addressing, at most half full): compose parses one file per
 * recorded hook result, thousands of names in a big project.
 */
static char **names;
static size_t nr_names, nr_slots; /* nr_slots: 0 or a power of two */

static char **name_slot(const char *name)
{
	size_t h = 2166136261u; /* FNV-1a */
	const char *p;

	for (p = name; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	h &= nr_slots - 1;
	while (names[h] && !streq(names[h], name))
		h = (h + 1) & (nr_slots - 1);
	return &names[h];
}

static void grow_names(void)
{
	char **old = names;
	size_t i, n = nr_slots;

	nr_slots = n ? 2 * n : 64;
	names = xcalloc(nr_slots, sizeof(*names));
	for (i = 0; i < n; i++)
		if (old[i])
			*name_slot(old[i]) = old[i];
	free(old);
}

static const char *intern_name(const char *name)
{
	char **slot;

	if (2 * (nr_names + 1) > nr_slots)
		grow_names();
	slot = name_slot(name);
	if (!*slot) {
		*slot = xstrdup(name);
		nr_names++;
	}
	return *slot;
}

void y_release_names(void)
{
	size_t i;

	for (i = 0; i < nr_slots; i++)
		free(names[i]);
	free(names);
	names = NULL;
	nr_names = nr_slots = 0;
}

/* ---- building ---- */

static struct ynode *new_node(enum ytype t)
{
	struct ynode *n = xcalloc(1, sizeof(*n));

	n->type = t;
	return n;
}

struct ynode *y_new_map(void)
{
	return new_node(Y_MAP);
}

struct ynode *y_new_seq(void)
{
	return new_node(Y_SEQ);
}

static struct ynode *new_scalar(const char *s, size_t len, bool quoted)
{
	struct ynode *n = new_node(Y_SCALAR);

	n->str = xstrndup(s, len);
	n->len = len;
	n->quoted = quoted;
	return n;
}

struct ynode *y_new_str(const char *s)
{
	return new_scalar(s, strlen(s), true);
}

struct ynode *y_new_plain(const char *s)
{
	return new_scalar(s, strlen(s), false);
}

struct ynode *y_new_null(void)
{
	return new_scalar("", 0, false);
}

void y_free(struct ynode *n)
{
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n->nr; i++) {
		if (n->keys)
			y_free(n->keys[i]);
		y_free(n->items[i]);
	}
	free(n->keys);
	free(n->items);
	free(n->str);
	free(n->tag);
	free(n);
}

struct ynode *y_copy(const struct ynode *n)
{
	struct ynode *c;
	size_t i;

	if (!n)
		return NULL;
	c = new_node(n->type);
	c->quoted = n->quoted;
	c->tag = n->tag ? xstrdup(n->tag) : NULL;
	if (n->str) {
		c->str = xstrndup(n->str, n->len);
		c->len = n->len;
	}
	c->file = n->file;
	c->line = n->line;
	c->col = n->col;
	if (n->nr) {
		c->items = xcalloc(n->nr, sizeof(*c->items));
		if (n->keys)
			c->keys = xcalloc(n->nr, sizeof(*c->keys));
		c->nr = c->alloc = n->nr;
		for (i = 0; i < n->nr; i++) {
			c->items[i] = y_copy(n->items[i]);
			if (n->keys)
				c->keys[i] = y_copy(n->keys[i]);
		}
	}
	return c;
}

static void map_append(struct ynode *map, struct ynode *key, struct ynode *val)
{
	size_t old = map->alloc;

	ALLOC_GROW(map->items, map->nr + 1, map->alloc);
	if (old != map->alloc)
		map->keys = xrealloc(map->keys, map->alloc * sizeof(*map->keys));
	map->keys[map->nr] = key;
	map->items[map->nr++] = val;
}

ssize_t y_map_index(const struct ynode *map, const char *key)
{
	size_t i;

	if (!map || map->type != Y_MAP)
		return -1;
	for (i = 0; i < map->nr; i++)
		if (streq(map->keys[i]->str, key))
			return (ssize_t)i;
	return -1;
}

struct ynode *y_map_get(const struct ynode *map, const char *key)
{
	ssize_t i = y_map_index(map, key);

	return i < 0 ? NULL : map->items[i];
}

const char *y_map_key(const struct ynode *map, size_t i)
{
	return map->keys[i]->str;
}

struct ynode *y_map_set(struct ynode *map, const char *key, struct ynode *val)
{
	ssize_t i;

	if (map->type != Y_MAP)
		BUG("y_map_set on a non-mapping");
	i = y_map_index(map, key);
	if (i >= 0) {
		y_free(map->items[i]);
		map->items[i] = val;
	} else {
		map_append(map, y_new_str(key), val);
	}
	return val;
}

struct ynode *y_map_take(struct ynode *map, const char *key)
{
	ssize_t i = y_map_index(map, key);
	struct ynode *val;

	if (i < 0)
		return NULL;
	val = map->items[i];
	y_free(map->keys[i]);
	memmove(&map->keys[i], &map->keys[i + 1],
		(map->nr - (size_t)i - 1) * sizeof(*map->keys));
	memmove(&map->items[i], &map->items[i + 1],
		(map->nr - (size_t)i - 1) * sizeof(*map->items));
	map->nr--;
	return val;
}

bool y_map_del(struct ynode *map, const char *key)
{
	ssize_t i = y_map_index(map, key);

	if (i < 0)
		return false;
	y_free(y_map_take(map, key));
	return true;
}

struct ynode *y_map_ensure_map(struct ynode *map, const char *key)
{
	struct ynode *v = y_map_get(map, key);

	if (v && v->type == Y_MAP)
		return v;
	return y_map_set(map, key, y_new_map());
}

void y_seq_push(struct ynode *seq, struct ynode *val)
{
	if (seq->type != Y_SEQ)
		BUG("y_seq_push on a non-sequence");
	ALLOC_GROW(seq->items, seq->nr + 1, seq->alloc);
	seq->items[seq->nr++] = val;
}

struct ynode *y_get(const struct ynode *root, ...)
{
	va_list ap;
	const char *key;
	const struct ynode *n = root;

	va_start(ap, root);
	while (n && (key = va_arg(ap, const char *)))
		n = y_map_get(n, key);
	va_end(ap);
	return (struct ynode *)n;
}

/* ---- typed views ---- */

bool y_is_map(const struct ynode *n)
{
	return n && n->type == Y_MAP;
}

bool y_is_seq(const struct ynode *n)
{
	return n && n->type == Y_SEQ;
}

bool y_is_scalar(const struct ynode *n)
{
	return n && n->type == Y_SCALAR;
}

static bool is_null_word(const char *s)
{
	return !*s || streq(s, "~") || streq(s, "null") || streq(s, "Null") ||
	       streq(s, "NULL");
}

bool y_is_null(const struct ynode *n)
{
	if (!n)
		return true;
	return n->type == Y_SCALAR && !n->quoted && !n->tag &&
	       is_null_word(n->str);
}

const char *y_str(const struct ynode *n)
{
	if (!n || n->type != Y_SCALAR || y_is_null(n))
		return NULL;
	return n->str;
}

static const char *const true_words[] = {"y",	 "Y",	 "yes", "Yes", "YES",
					 "true", "True", "TRUE", "on",	"On",
					 "ON"};
static const char *const false_words[] = {
	"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off",
	"OFF"};

static bool in_list(const char *s, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (streq(s, list[i]))
			return true;
	return false;
}

bool y_bool(const struct ynode *n, bool dflt)
{
	const char *s = y_str(n);

	if (!s)
		return dflt;
	if (in_list(s, true_words, ARRAY_SIZE(true_words)))
		return true;
	if (in_list(s, false_words, ARRAY_SIZE(false_words)))
		return false;
	return dflt;
}

/*
 * Conservative on purpose: anything that starts like a number, a date or a
 * special float reads as typed, whether PyYAML (YAML 1.1, with sexagesimal
 * "1:20" and timestamps) or a YAML 1.2 reader would type it.
 */
bool y_plain_is_typed(const char *s)
{
	const char *p = s;

	if (is_null_word(s) || streq(s, "<<") || streq(s, "=") ||
	    in_list(s, true_words, ARRAY_SIZE(true_words)) ||
	    in_list(s, false_words, ARRAY_SIZE(false_words)))
		return true;
	if (*p == '-' || *p == '+')
		p++;
	if (*p >= '0' && *p <= '9')
		return true;
	if (*p == '.' && ((p[1] >= '0' && p[1] <= '9') ||
			  !strcasecmp(p + 1, "inf") || !strcasecmp(p + 1, "nan")))
		return true;
	return false;
}

/* ---- merge and compare ---- */

/* Replace dst's content by a copy of src, keeping the node itself. */
static void replace_in_place(struct ynode *dst, const struct ynode *src)
{
	struct ynode *c = y_copy(src), tmp;

	tmp = *dst;
	*dst = *c;
	*c = tmp;
	y_free(c);
}

static void merge(struct ynode *dst, const struct ynode *src, bool append)
{
	size_t i;

	if (!src || y_is_null(src))
		return;
	if (dst->type == Y_MAP && src->type == Y_MAP) {
		for (i = 0; i < src->nr; i++) {
			const char *k = src->keys[i]->str;
			struct ynode *d = y_map_get(dst, k);

			if (d && !y_is_null(d))
				merge(d, src->items[i], append);
			else if (d)
				y_map_set(dst, k, y_copy(src->items[i]));
			else
				map_append(dst, y_copy(src->keys[i]),
					   y_copy(src->items[i]));
		}
		return;
	}
	if (append && dst->type == Y_SEQ && src->type == Y_SEQ) {
		for (i = 0; i < src->nr; i++)
			y_seq_push(dst, y_copy(src->items[i]));
		return;
	}
	replace_in_place(dst, src);
}

void y_merge(struct ynode *dst, const struct ynode *src)
{
	merge(dst, src, true);
}

void y_overlay(struct ynode *dst, const struct ynode *src)
{
	merge(dst, src, false);
}

bool y_equal(const struct ynode *a, const struct ynode *b)
{
	size_t i;

	if (!a || !b)
		return a == b;
	if (a->type != b->type || a->nr != b->nr)
		return false;
	if ((a->tag || b->tag) && (!a->tag || !b->tag || strcmp(a->tag, b->tag)))
		return false;
	if (a->type == Y_SCALAR)
		return a->len == b->len && !memcmp(a->str, b->str, a->len) &&
		       (a->quoted == b->quoted ||
			!y_plain_is_typed(a->str));
	for (i = 0; i < a->nr; i++) {
		if (a->keys && strcmp(a->keys[i]->str, b->keys[i]->str))
			return false;
		if (!y_equal(a->items[i], b->items[i]))
			return false;
	}
	return true;
}

void y_where(const struct ynode *n, struct strbuf *sb)
{
	if (n && n->file)
		strbuf_addf(sb, "%s:%u:%u", n->file, n->line, n->col);
	else
		strbuf_addstr(sb, "<built>");
}

/* ---- parsing ---- */

struct anchor {
	char *name;
	struct ynode *node; /* NULL while the anchored node is being built */
};

struct yparser {
	yaml_parser_t p;
	const char *name;
	struct strbuf *err;
	struct anchor *anchors;
	size_t nr_anchors, alloc_anchors;
	size_t nodes;
	int depth;
};

static void set_pos(struct yparser *P, struct ynode *n, yaml_mark_t m)
{
	n->file = P->name;
	n->line = (unsigned)m.line + 1;
	n->col = (unsigned)m.column + 1;
}

static int perr(struct yparser *P, yaml_mark_t m, const char *fmt, ...)
	PRINTF(3, 4);
static int perr(struct yparser *P, yaml_mark_t m, const char *fmt, ...)
{
	va_list ap;

	if (P->err->len)
		return -1;
	strbuf_addf(P->err, "%s:%zu:%zu: ", P->name, m.line + 1, m.column + 1);
	va_start(ap, fmt);
	strbuf_vaddf(P->err, fmt, ap);
	va_end(ap);
	return -1;
}

static int next_event(struct yparser *P, yaml_event_t *ev)
{
	if (yaml_parser_parse(&P->p, ev))
		return 0;
	if (P->p.context && P->p.context_mark.line != P->p.problem_mark.line)
		perr(P, P->p.problem_mark, "%s %s started at line %zu, column %zu",
		     P->p.problem, P->p.context, P->p.context_mark.line + 1,
		     P->p.context_mark.column + 1);
	else if (P->p.context)
		perr(P, P->p.problem_mark, "%s %s", P->p.problem,
		     P->p.context);
	else
		perr(P, P->p.problem_mark, "%s",
		     P->p.problem ? P->p.problem : "invalid YAML");
	return -1;
}

static size_t count_nodes(const struct ynode *n)
{
	size_t i, c = 1;

	for (i = 0; i < n->nr; i++)
		c += count_nodes(n->items[i]) + (n->keys ? 1 : 0);
	return c;
}

static struct anchor *find_anchor(struct yparser *P, const char *name)
{
	size_t i = P->nr_anchors;

	/* the latest definition of a name wins, as in YAML */
	while (i--)
		if (streq(P->anchors[i].name, name))
			return &P->anchors[i];
	return NULL;
}

static struct anchor *add_anchor(struct yparser *P, const char *name)
{
	struct anchor *a;

	ALLOC_GROW(P->anchors, P->nr_anchors + 1, P->alloc_anchors);
	a = &P->anchors[P->nr_anchors++];
	a->name = xstrdup(name);
	a->node = NULL;
	return a;
}

static char *tag_of(const yaml_char_t *tag)
{
	return tag ? xstrdup((const char *)tag) : NULL;
}

static struct ynode *parse_node(struct yparser *P, yaml_event_t *ev);

static struct ynode *parse_alias(struct yparser *P, yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	struct anchor *a = find_anchor(P, name);
	struct ynode *c;

	if (!a) {
		perr(P, ev->start_mark, "unknown alias '*%s'", name);
		return NULL;
	}
	if (!a->node) {
		perr(P, ev->start_mark, "alias '*%s' refers to itself", name);
		return NULL;
	}
	P->nodes += count_nodes(a->node);
	if (P->nodes > MAX_NODES) {
		perr(P, ev->start_mark, "too many nodes through aliases");
		return NULL;
	}
	c = y_copy(a->node);
	set_pos(P, c, ev->start_mark);
	return c;
}

static struct ynode *parse_scalar(struct yparser *P, yaml_event_t *ev)
{
	struct ynode *n;
	const char *tag = (const char *)ev->data.scalar.tag;

	n = new_scalar((const char *)ev->data.scalar.value,
		       ev->data.scalar.length,
		       ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE);
	if (tag && !streq(tag, "!")) {
		n->tag = tag_of(ev->data.scalar.tag);
		if (streq(tag, "tag:yaml.org,2002:str"))
			n->quoted = true;
	} else if (tag) {
		n->quoted = true; /* the non-specific tag "!" means string */
	}
	set_pos(P, n, ev->start_mark);
	return n;
}

static int apply_merge(struct yparser *P, struct ynode *map,
		       struct ynode *src, yaml_mark_t m)
{
	size_t i;

	if (src->type == Y_SEQ) {
		for (i = 0; i < src->nr; i++)
			if (apply_merge(P, map, src->items[i], m) < 0)
				return -1;
		return 0;
	}
	if (src->type != Y_MAP)
		return perr(P, m, "'<<' needs a mapping or a list of mappings");
	for (i = 0; i < src->nr; i++)
		if (y_map_index(map, src->keys[i]->str) < 0)
			map_append(map, y_copy(src->keys[i]),
				   y_copy(src->items[i]));
	return 0;
}

static struct ynode *parse_mapping(struct yparser *P, yaml_event_t *start)
{
	struct ynode *map = new_node(Y_MAP), *merges = new_node(Y_SEQ);
	yaml_event_t ev;

	set_pos(P, map, start->start_mark);
	map->tag = tag_of(start->data.mapping_start.tag);
	for (;;) {
		struct ynode *key, *val;
		yaml_mark_t km;
		ssize_t dup;

		if (next_event(P, &ev) < 0)
			goto fail;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		km = ev.start_mark;
		if (ev.type != YAML_SCALAR_EVENT && ev.type != YAML_ALIAS_EVENT) {
			perr(P, km, "only scalar mapping keys are supported");
			yaml_event_delete(&ev);
			goto fail;
		}
		key = parse_node(P, &ev);
		if (!key)
			goto fail;
		if (key->type != Y_SCALAR) {
			y_free(key);
			perr(P, km, "only scalar mapping keys are supported");
			goto fail;
		}
		if (next_event(P, &ev) < 0) {
			y_free(key);
			goto fail;
		}
		val = parse_node(P, &ev);
		if (!val) {
			y_free(key);
			goto fail;
		}
		if (!key->quoted && streq(key->str, "<<")) {
			y_free(key);
			y_seq_push(merges, val);
			continue;
		}
		dup = y_map_index(map, key->str);
		if (dup >= 0) {
			perr(P, km, "duplicate key '%s' (first at line %u)",
			     key->str, map->keys[dup]->line);
			y_free(key);
			y_free(val);
			goto fail;
		}
		map_append(map, key, val);
	}
	if (apply_merge(P, map, merges, start->start_mark) < 0)
		goto fail;
	y_free(merges);
	return map;
fail:
	y_free(merges);
	y_free(map);
	return NULL;
}

static struct ynode *parse_sequence(struct yparser *P, yaml_event_t *start)
{
	struct ynode *seq = new_node(Y_SEQ);
	yaml_event_t ev;

	set_pos(P, seq, start->start_mark);
	seq->tag = tag_of(start->data.sequence_start.tag);
	for (;;) {
		struct ynode *item;

		if (next_event(P, &ev) < 0)
			goto fail;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			return seq;
		}
		item = parse_node(P, &ev);
		if (!item)
			goto fail;
		y_seq_push(seq, item);
	}
fail:
	y_free(seq);
	return NULL;
}

/* Build the node starting with ev; ev is consumed. */
static struct ynode *parse_node(struct yparser *P, yaml_event_t *ev)
{
	struct ynode *n = NULL;
	const yaml_char_t *anchor = NULL;
	struct anchor *a = NULL;

	if (++P->depth > MAX_DEPTH) {
		perr(P, ev->start_mark, "nesting deeper than %d levels",
		     MAX_DEPTH);
		goto out;
	}
	if (++P->nodes > MAX_NODES) {
		perr(P, ev->start_mark, "too many nodes");
		goto out;
	}
	if (ev->type == YAML_SCALAR_EVENT)
		anchor = ev->data.scalar.anchor;
	else if (ev->type == YAML_MAPPING_START_EVENT)
		anchor = ev->data.mapping_start.anchor;
	else if (ev->type == YAML_SEQUENCE_START_EVENT)
		anchor = ev->data.sequence_start.anchor;
	if (anchor)
		a = add_anchor(P, (const char *)anchor);

	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		n = parse_scalar(P, ev);
		break;
	case YAML_ALIAS_EVENT:
		n = parse_alias(P, ev);
		break;
	case YAML_MAPPING_START_EVENT:
		n = parse_mapping(P, ev);
		break;
	case YAML_SEQUENCE_START_EVENT:
		n = parse_sequence(P, ev);
		break;
	default:
		perr(P, ev->start_mark, "unexpected YAML event");
		break;
	}
	if (a && n)
		a->node = n;
out:
	P->depth--;
	yaml_event_delete(ev);
	return n;
}

static struct ynode *parse_document(struct yparser *P)
{
	yaml_event_t ev;
	struct ynode *root = NULL;

	if (next_event(P, &ev) < 0) /* stream start */
		return NULL;
	yaml_event_delete(&ev);
	if (next_event(P, &ev) < 0)
		return NULL;
	if (ev.type == YAML_STREAM_END_EVENT) {
		yaml_event_delete(&ev);
		return y_new_null();
	}
	yaml_event_delete(&ev); /* document start */
	if (next_event(P, &ev) < 0)
		return NULL;
	root = parse_node(P, &ev);
	if (!root)
		return NULL;
	if (next_event(P, &ev) < 0) { /* document end */
		y_free(root);
		return NULL;
	}
	yaml_event_delete(&ev);
	if (next_event(P, &ev) < 0) {
		y_free(root);
		return NULL;
	}
	if (ev.type != YAML_STREAM_END_EVENT) {
		perr(P, ev.start_mark, "only one YAML document is expected");
		yaml_event_delete(&ev);
		y_free(root);
		return NULL;
	}
	yaml_event_delete(&ev);
	return root;
}

struct ynode *y_parse_string(const char *text, size_t len, const char *name,
			     struct strbuf *err)
{
	struct yparser P = {0};
	struct ynode *root;
	size_t i;

	strbuf_reset(err);
	if (!yaml_parser_initialize(&P.p))
		die("out of memory");
	P.name = intern_name(name);
	P.err = err;
	yaml_parser_set_input_string(&P.p, (const unsigned char *)text, len);
	root = parse_document(&P);
	yaml_parser_delete(&P.p);
	for (i = 0; i < P.nr_anchors; i++)
		free(P.anchors[i].name);
	free(P.anchors);
	if (!root && !err->len)
		strbuf_addf(err, "%s: invalid YAML", name);
	return root;
}

struct ynode *y_parse_file(const char *path, struct strbuf *err)
{
	struct strbuf text = STRBUF_INIT;
	struct ynode *n;

	if (strbuf_read_file(&text, path) < 0) {
		strbuf_reset(err);
		strbuf_addf(err, "can't read '%s': %s", path, strerror(errno));
		strbuf_release(&text);
		return NULL;
	}
	n = y_parse_string(text.buf, text.len, path, err);
	strbuf_release(&text);
	return n;
}
