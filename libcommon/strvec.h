/*
 * strvec.h - a NULL-terminated, growable vector of owned strings, ready to be
 * passed as argv or envp.  v.v is never NULL after init; v.v[v.nr] is NULL.
 */
#ifndef MYC_STRVEC_H
#define MYC_STRVEC_H

#include "common.h"

struct strvec {
	const char **v;
	size_t nr;
	size_t alloc;
};

extern const char *strvec_empty[];
#define STRVEC_INIT {strvec_empty, 0, 0}

void strvec_init(struct strvec *sv);
/* Push a copy of s. Returns the copy. */
const char *strvec_push(struct strvec *sv, const char *s);
const char *strvec_pushf(struct strvec *sv, const char *fmt, ...) PRINTF(2, 3);
/* Push every argument up to a NULL. */
void strvec_pushl(struct strvec *sv, ...);
/* Push every element of a NULL-terminated array. */
void strvec_pushv(struct strvec *sv, const char *const *items);
/* Push already-allocated s; the vector takes ownership. */
void strvec_push_nodup(struct strvec *sv, char *s);
void strvec_pop(struct strvec *sv);
/* Find s; returns its index or -1. */
ssize_t strvec_find(const struct strvec *sv, const char *s);
void strvec_clear(struct strvec *sv);
/* Hand the array to the caller (each element and the array to free). */
const char **strvec_detach(struct strvec *sv);

/*
 * Environment-style vectors of "KEY=VALUE": set (replace) KEY, or get its
 * value (NULL when absent).
 */
void strvec_setenv(struct strvec *sv, const char *key, const char *value);
const char *strvec_getenv(const struct strvec *sv, const char *key);

#endif
