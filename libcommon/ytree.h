/*
 * ytree.h - an ordered YAML tree on libyaml, with JSON in and out.
 *
 * A node is a scalar, a sequence or a mapping.  Mappings keep their keys in
 * document order and hold scalar keys only.  Every node parsed from text
 * remembers its file, line and column (1-based) for error messages.
 *
 * Scalars are kept as text.  `quoted` tells a scalar known to be a string
 * (quoted in the source, a JSON string, or made with y_new_str()) from a plain
 * one whose type a YAML reader would infer ("80", "yes", "~").  The emitter
 * uses that to write "80" back quoted and 80 back plain, so that what we emit
 * parses back to the same tree, with PyYAML (docker-compose v1) as with Go.
 *
 * Tags are kept as written after handle resolution: "!var-expand",
 * "tag:yaml.org,2002:str" for "!!str".  Anchors and aliases are resolved at
 * parse time (an alias becomes a copy of its anchored node); "<<" merge keys
 * are applied.  Duplicate keys are an error, as are non-scalar keys.
 *
 * Ownership: a tree is freed with y_free().  Setters take ownership of the
 * node they are given.  Getters return borrowed pointers.
 */
#ifndef MYC_YTREE_H
#define MYC_YTREE_H

#include "common.h"

struct strbuf;

enum ytype {
	Y_SCALAR,
	Y_SEQ,
	Y_MAP,
};

struct ynode {
	enum ytype type;
	bool quoted;	     /* scalar known to be a string */
	char *tag;	     /* explicit tag or NULL */
	char *str;	     /* scalar text, NUL-terminated */
	size_t len;	     /* scalar length */
	struct ynode **keys; /* mapping keys (scalars) */
	struct ynode **items; /* sequence items / mapping values */
	size_t nr, alloc;
	const char *file; /* interned; NULL for built nodes */
	unsigned line, col;
};

/*
 * Parse the first document of a file or of a buffer.  name is used in error
 * messages.  An empty document gives a null scalar.  On error, returns NULL
 * and sets err to "NAME:LINE:COL: message" (err is reset first).
 */
struct ynode *y_parse_file(const char *path, struct strbuf *err);
struct ynode *y_parse_string(const char *text, size_t len, const char *name,
			     struct strbuf *err);

/* Parse JSON (RFC 8259) into the same tree.  Errors as above. */
struct ynode *y_parse_json(const char *text, size_t len, const char *name,
			   struct strbuf *err);

/* Emit as a YAML block document / as compact JSON, appending to out. */
void y_emit(const struct ynode *n, struct strbuf *out);
void y_emit_json(const struct ynode *n, struct strbuf *out);

/* Building. */
struct ynode *y_new_map(void);
struct ynode *y_new_seq(void);
struct ynode *y_new_str(const char *s);	  /* a string (quoted) */
struct ynode *y_new_plain(const char *s); /* untyped plain scalar */
struct ynode *y_new_null(void);
struct ynode *y_copy(const struct ynode *n);
void y_free(struct ynode *n);

/* Set key (replacing and freeing a previous value); takes val. Returns val. */
struct ynode *y_map_set(struct ynode *map, const char *key, struct ynode *val);
/* Value of key in a mapping, NULL if absent or map is not a mapping. */
struct ynode *y_map_get(const struct ynode *map, const char *key);
/* Index of key in the mapping or -1. */
ssize_t y_map_index(const struct ynode *map, const char *key);
/* Remove key (freeing its value); returns whether it was there. */
bool y_map_del(struct ynode *map, const char *key);
/* Detach the value of key and return it (NULL if absent). */
struct ynode *y_map_take(struct ynode *map, const char *key);
/* Get key's value, creating an empty mapping there if absent or null. */
struct ynode *y_map_ensure_map(struct ynode *map, const char *key);
const char *y_map_key(const struct ynode *map, size_t i);
/* Append to a sequence; takes val. */
void y_seq_push(struct ynode *seq, struct ynode *val);

/*
 * Follow a path of mapping keys given as separate arguments, ending with
 * NULL: y_get(root, "services", name, "image", NULL).  NULL if any step is
 * missing.  Keys may contain dots or slashes (domain names do).
 */
struct ynode *y_get(const struct ynode *root, ...);

/* Typed views of scalars. */
bool y_is_map(const struct ynode *n);
bool y_is_seq(const struct ynode *n);
bool y_is_scalar(const struct ynode *n);
/* NULL, or a plain scalar "", "~", "null", "Null", "NULL". */
bool y_is_null(const struct ynode *n);
/* A scalar's text, or NULL for non-scalars and nulls. */
const char *y_str(const struct ynode *n);
/* Scalar as a YAML 1.1 boolean; dflt when absent or not a boolean. */
bool y_bool(const struct ynode *n, bool dflt);
/* Whether a plain scalar with this text would read as a non-string. */
bool y_plain_is_typed(const char *s);

/*
 * Deep merge src over dst (SPEC 3.2): mappings merge key by key, scalars
 * override, sequences are appended.  A null src changes nothing; a src of
 * another type replaces dst.  src is copied, not taken.
 */
void y_merge(struct ynode *dst, const struct ynode *src);

/*
 * Layer src over dst the way options are layered (SPEC 3.4): mappings merge
 * key by key, anything else in src (scalars, sequences) replaces; a null src
 * changes nothing.  src is copied.
 */
void y_overlay(struct ynode *dst, const struct ynode *src);

/* Structural equality (types, scalar text, keys in order, tags). */
bool y_equal(const struct ynode *a, const struct ynode *b);

/* "FILE:LINE:COL" of a node into sb ("<built>" for built nodes). */
void y_where(const struct ynode *n, struct strbuf *sb);

/* Free interned file names (at exit, for leak checkers). */
void y_release_names(void);

#endif
