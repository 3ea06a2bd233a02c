/* charm.c - loading charms' metadata from the store, once each. */
#include "charm.h"
#include "fs.h"
#include "log.h"
#include "sha1.h"
#include "strbuf.h"
#include "strvec.h"
#include "ytree.h"

#include <ctype.h>
#include <sys/stat.h>

bool valid_name(const char *name)
{
	const char *p;

	if (!isalnum((unsigned char)*name))
		return false;
	for (p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("._-", *p))
			return false;
	return p - name <= 200;
}

void charm_store_init(struct charm_store *s, const char *dir)
{
	memset(s, 0, sizeof(*s));
	s->dir = xstrdup(dir);
}

static void charm_free(struct charm *c)
{
	size_t i;

	for (i = 0; i < c->nr_uses; i++)
		free(c->uses[i].solves);
	free(c->uses);
	y_free(c->meta);
	free(c->name);
	free(c->path);
	free(c);
}

void charm_store_release(struct charm_store *s)
{
	size_t i;

	for (i = 0; i < s->nr; i++)
		charm_free(s->charms[i]);
	free(s->charms);
	free(s->dir);
	memset(s, 0, sizeof(*s));
}

static int meta_error(struct strbuf *err, const struct ynode *at,
		      const char *fmt, ...) PRINTF(3, 4);
static int meta_error(struct strbuf *err, const struct ynode *at,
		      const char *fmt, ...)
{
	va_list ap;

	strbuf_reset(err);
	y_where(at, err);
	strbuf_addstr(err, ": ");
	va_start(ap, fmt);
	strbuf_vaddf(err, fmt, ap);
	va_end(ap);
	return -1;
}

static char *solves_text(const struct ynode *n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	if (!n || y_is_null(n))
		return NULL;
	if (n->type == Y_SCALAR)
		return xstrdup(n->str);
	if (n->type == Y_MAP) {
		for (i = 0; i < n->nr; i++) {
			const char *v = y_str(n->items[i]);
			strbuf_addf(&sb, "%s%s%s%s", i ? "; " : "",
				    y_map_key(n, i), v ? ": " : "", v ? v : "");
		}
		return strbuf_detach(&sb, NULL);
	}
	return NULL;
}

static int parse_enum(const struct ynode *n, const char *const *words,
		      int nr_words, int dflt, const char *what,
		      struct strbuf *err)
{
	const char *s = y_str(n);
	int i;

	if (!n || y_is_null(n))
		return dflt;
	for (i = 0; s && i < nr_words; i++)
		if (streq(s, words[i]))
			return i;
	strbuf_reset(err);
	y_where(n, err);
	strbuf_addf(err, ": invalid %s '%s' (expected", what,
		    s ? s : "(not a scalar)");
	for (i = 0; i < nr_words; i++)
		strbuf_addf(err, "%s %s", i ? "," : "", words[i]);
	strbuf_addch(err, ')');
	return -1;
}

static int parse_tech_dep(const struct ynode *n, enum tech_dep *out,
			  struct strbuf *err)
{
	const char *s = y_str(n);

	*out = TECH_DEP_NONE;
	if (!n || y_is_null(n))
		return 0;
	if (s && streq(s, "reversed")) {
		*out = TECH_DEP_TARGET_AFTER_BASE;
		return 0;
	}
	if (s && (y_bool(n, false) || !y_bool(n, true))) {
		*out = y_bool(n, false) ? TECH_DEP_BASE_AFTER_TARGET
					: TECH_DEP_NONE;
		return 0;
	}
	return meta_error(err, n,
			  "invalid tech-dep '%s' (expected true, false or "
			  "reversed)",
			  s ? s : "(not a scalar)");
}

static int parse_use(struct charm_use *u, const char *relation,
		     const struct ynode *spec, struct strbuf *err)
{
	static const char *const constraints[] = {"optional", "recommended",
						  "required"};
	static const char *const autos[] = {"none", "pair", "summon"};
	int r;

	memset(u, 0, sizeof(*u));
	u->relation = relation;
	u->node = spec;
	if (y_is_null(spec))
		return 0;
	if (!y_is_map(spec))
		return meta_error(err, spec, "uses.%s must be a mapping",
				  relation);
	r = parse_enum(y_map_get(spec, "constraint"), constraints, 3,
		       CONSTRAINT_OPTIONAL, "constraint", err);
	if (r < 0)
		return -1;
	u->constraint = (enum constraint)r;
	r = parse_enum(y_map_get(spec, "auto"), autos, 3, AUTO_NONE, "auto",
		       err);
	if (r < 0)
		return -1;
	u->auto_mode = (enum auto_mode)r;
	if (parse_tech_dep(y_map_get(spec, "tech-dep"), &u->tech_dep, err) < 0)
		return -1;
	u->solves = solves_text(y_map_get(spec, "solves"));
	u->summon_charm = y_str(y_map_get(spec, "charm"));
	u->defaults = y_map_get(spec, "default-options");
	if (u->defaults && !y_is_null(u->defaults) && !y_is_map(u->defaults))
		return meta_error(err, u->defaults,
				  "default-options must be a mapping");
	return 0;
}

static int check_list(const struct ynode *meta, const char *key,
		      struct strbuf *err)
{
	const struct ynode *n = y_map_get(meta, key);
	size_t i;

	if (!n || y_is_null(n))
		return 0;
	if (!y_is_seq(n))
		return meta_error(err, n, "%s must be a list of paths", key);
	for (i = 0; i < n->nr; i++) {
		const char *p = y_str(n->items[i]);
		if (!p || *p != '/')
			return meta_error(err, n->items[i],
					  "%s: '%s' is not an absolute path",
					  key, p ? p : "(not a scalar)");
	}
	return 0;
}

static int parse_meta(struct charm *c, struct strbuf *err)
{
	const struct ynode *m = c->meta, *uses;
	static const char *const maps[] = {"default-options", "docker-compose",
					   "provides", "uses"};
	size_t i;

	if (y_is_null(m)) {
		y_free(c->meta);
		c->meta = y_new_map();
		m = c->meta;
	}
	if (!y_is_map(m))
		return meta_error(err, m, "metadata must be a mapping");
	for (i = 0; i < ARRAY_SIZE(maps); i++) {
		const struct ynode *n = y_map_get(m, maps[i]);
		if (n && !y_is_null(n) && !y_is_map(n))
			return meta_error(err, n, "%s must be a mapping",
					  maps[i]);
	}
	if (check_list(m, "data-resources", err) < 0 ||
	    check_list(m, "config-resources", err) < 0 ||
	    check_list(m, "host-resources", err) < 0)
		return -1;
	c->docker_image = y_str(y_map_get(m, "docker-image"));
	c->subordinate = y_bool(y_map_get(m, "subordinate"), false);
	uses = y_map_get(m, "uses");
	if (y_is_map(uses) && uses->nr) {
		c->uses = xcalloc(uses->nr, sizeof(*c->uses));
		for (i = 0; i < uses->nr; i++) {
			if (parse_use(&c->uses[i], y_map_key(uses, i),
				      uses->items[i], err) < 0) {
				c->nr_uses = i;
				return -1;
			}
			c->nr_uses = i + 1;
		}
	}
	return 0;
}

static struct charm *load_charm(struct charm_store *s, const char *name,
				struct strbuf *err)
{
	struct charm *c;
	char *meta;
	struct strbuf build = STRBUF_INIT;

	c = xcalloc(1, sizeof(*c));
	c->name = xstrdup(name);
	c->path = path_join(s->dir, name);
	meta = path_join(c->path, "metadata.yml");
	if (!file_exists(meta)) {
		strbuf_reset(err);
		strbuf_addf(err, "unknown charm '%s' (no %s)", name, meta);
		goto fail;
	}
	c->meta = y_parse_file(meta, err);
	if (!c->meta || parse_meta(c, err) < 0)
		goto fail;
	strbuf_addf(&build, "%s/build/Dockerfile", c->path);
	c->has_build = file_exists(build.buf);
	strbuf_release(&build);
	free(meta);
	return c;
fail:
	free(meta);
	charm_free(c);
	return NULL;
}

struct charm *charm_get(struct charm_store *s, const char *name,
			struct strbuf *err)
{
	struct charm *c;
	size_t i;

	for (i = 0; i < s->nr; i++)
		if (streq(s->charms[i]->name, name))
			return s->charms[i];
	if (!valid_name(name)) {
		strbuf_reset(err);
		strbuf_addf(err, "invalid charm name '%s'", name);
		return NULL;
	}
	c = load_charm(s, name, err);
	if (!c)
		return NULL;
	ALLOC_GROW(s->charms, s->nr + 1, s->alloc);
	s->charms[s->nr++] = c;
	return c;
}

const struct ynode *charm_provides(const struct charm *c, const char *relation)
{
	const struct ynode *p = y_map_get(c->meta, "provides");

	if (!y_is_map(p) || y_map_index(p, relation) < 0)
		return NULL;
	return y_map_get(p, relation);
}

const struct charm_use *charm_use(const struct charm *c, const char *relation)
{
	size_t i;

	for (i = 0; i < c->nr_uses; i++)
		if (streq(c->uses[i].relation, relation))
			return &c->uses[i];
	return NULL;
}

static int load_entry(const char *name, void *ctx)
{
	struct charm_store *s = ctx;
	struct strbuf err = STRBUF_INIT;
	char *meta = xstrfmt("%s/%s/metadata.yml", s->dir, name);

	/* a broken charm nobody asked for must not break the others */
	if (valid_name(name) && file_exists(meta) && !charm_get(s, name, &err))
		log_debug("skipping charm '%s': %s", name, err.buf);
	free(meta);
	strbuf_release(&err);
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

size_t charm_store_providers(struct charm_store *s, const char *relation,
			     const char ***names)
{
	size_t i, n = 0;

	if (!s->scanned) {
		for_each_dir_entry(s->dir, load_entry, s);
		s->scanned = true;
	}
	*names = xcalloc(s->nr + 1, sizeof(**names));
	for (i = 0; i < s->nr; i++)
		if (charm_provides(s->charms[i], relation))
			(*names)[n++] = s->charms[i]->name;
	qsort(*names, n, sizeof(**names), cmp_names);
	return n;
}

struct hash_walk {
	struct sha1_ctx ctx;
	const char *root;
	char *rel;
};

static void hash_tree(struct hash_walk *w, const char *rel);

static int hash_entry(const char *name, void *ctx)
{
	struct hash_walk *w = ctx;
	char *rel = *w->rel ? xstrfmt("%s/%s", w->rel, name) : xstrdup(name);

	if (!streq(rel, "build"))
		hash_tree(w, rel);
	free(rel);
	return 0;
}

static void hash_tree(struct hash_walk *w, const char *rel)
{
	char *full = path_join(w->root, rel);
	struct stat st;
	char *saved = w->rel;

	if (stat(full, &st) < 0) {
		free(full);
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		w->rel = (char *)rel;
		for_each_dir_entry(full, hash_entry, w);
		w->rel = saved;
	} else if (S_ISREG(st.st_mode)) {
		struct strbuf sb = STRBUF_INIT;
		char head[64];
		int len = snprintf(head, sizeof(head), "%c %lld ",
				   (st.st_mode & 0111) ? 'x' : '-',
				   (long long)st.st_size);

		sha1_update(&w->ctx, rel, strlen(rel) + 1);
		sha1_update(&w->ctx, head, (size_t)len);
		if (strbuf_read_file(&sb, full) >= 0)
			sha1_update(&w->ctx, sb.buf, sb.len);
		strbuf_release(&sb);
	}
	free(full);
}

const char *charm_tree_hash(struct charm *c)
{
	struct hash_walk w;

	if (c->tree_hash[0])
		return c->tree_hash;
	sha1_init(&w.ctx);
	w.root = c->path;
	w.rel = (char *)"";
	hash_tree(&w, "");
	sha1_final_hex(&w.ctx, c->tree_hash);
	return c->tree_hash;
}
