/*
 * common.h - what every file of myc includes first.
 *
 * Conventions (STYLE.md):
 *  - Library functions report failure by returning -1 (or NULL) through
 *    error(), which prints "APPLET: message" and returns -1.
 *  - Only applets and the x*()/die*() helpers exit.  Every x-function dies on
 *    failure: xmalloc() never returns NULL, xopen() never returns -1.
 *  - BUG() marks a broken invariant: it prints where and aborts.
 *
 * Exit codes: 0 ok, 1 failure, 2 usage, 127 unknown applet or command,
 * 128+N child killed by signal N; a passed-through status is returned as is.
 */
#ifndef MYC_COMMON_H
#define MYC_COMMON_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "banned.h"

enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,
	EXIT_USAGE = 2,
	EXIT_NOTFOUND = 127,
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define NORETURN __attribute__((noreturn))
#define PRINTF(f, a) __attribute__((format(printf, f, a)))
#define UNUSED __attribute__((unused))

/* Name used to prefix messages; set by main() to the applet's name. */
extern const char *applet_name;

/* "APPLET: fatal message" on stderr, then exit(1) / exit(2). */
NORETURN void die(const char *fmt, ...) PRINTF(1, 2);
/* die() with ": strerror(errno)" appended. */
NORETURN void die_errno(const char *fmt, ...) PRINTF(1, 2);
/* Usage error: message then exit(EXIT_USAGE). */
NORETURN void die_usage(const char *fmt, ...) PRINTF(1, 2);
/* Exit with the given code after the message. */
NORETURN void die_code(int code, const char *fmt, ...) PRINTF(2, 3);

/* Print "APPLET: message" and return -1. */
int error(const char *fmt, ...) PRINTF(1, 2);
/* error() with ": strerror(errno)" appended; errno is preserved. */
int error_errno(const char *fmt, ...) PRINTF(1, 2);
/* "APPLET: warning: message". */
void warning(const char *fmt, ...) PRINTF(1, 2);

NORETURN void bug_fl(const char *file, int line, const char *fmt, ...)
	PRINTF(3, 4);
#define BUG(...) bug_fl(__FILE__, __LINE__, __VA_ARGS__)

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xstrfmt(const char *fmt, ...) PRINTF(1, 2);
char *xstrvfmt(const char *fmt, va_list ap);

/* Grow *p (an array of *alloc elements) so that it holds at least n. */
#define ALLOC_GROW(p, n, alloc)                                                \
	do {                                                                   \
		if ((n) > (alloc)) {                                           \
			size_t alloc_new_ = (alloc) < 8 ? 8 : (alloc) * 2;     \
			while (alloc_new_ < (n))                               \
				alloc_new_ *= 2;                               \
			(p) = xrealloc((p), alloc_new_ * sizeof(*(p)));        \
			(alloc) = alloc_new_;                                  \
		}                                                              \
	} while (0)

static inline bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static inline bool ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);
	return ls >= lx && memcmp(s + ls - lx, suffix, lx) == 0;
}

static inline bool streq(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

/* Copy src into dst of size n, always NUL-terminated; returns strlen(src). */
size_t strlcpy_(char *dst, const char *src, size_t n);

/*
 * Flush stdout and report a write error (e.g. ENOSPC on /dev/full).
 * Returns rc, or EXIT_FAIL when stdout could not be written.
 */
int finish_stdout(int rc);

#endif
