/*
 * strbuf.h - growable byte buffers.
 *
 * A strbuf is always NUL-terminated and sb.buf is never NULL once it is
 * initialised (STRBUF_INIT or strbuf_init()), so sb.buf can be handed to any
 * C string function.  It may hold NUL bytes too (sb.len counts them).
 * strbuf_release() frees and re-initialises; strbuf_detach() hands the buffer
 * over to the caller (who free()s it) and re-initialises.
 */
#ifndef MYC_STRBUF_H
#define MYC_STRBUF_H

#include "common.h"

struct strbuf {
	size_t alloc;
	size_t len;
	char *buf;
};

extern char strbuf_slopbuf[];
#define STRBUF_INIT {0, 0, strbuf_slopbuf}

void strbuf_init(struct strbuf *sb, size_t hint);
void strbuf_release(struct strbuf *sb);
char *strbuf_detach(struct strbuf *sb, size_t *len);
/* Make room for extra more bytes (plus the NUL). */
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_setlen(struct strbuf *sb, size_t len);
static inline void strbuf_reset(struct strbuf *sb)
{
	strbuf_setlen(sb, 0);
}

void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) PRINTF(2, 3);
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
void strbuf_addbuf(struct strbuf *sb, const struct strbuf *other);

/* Remove white space at the end / start / both. */
void strbuf_rtrim(struct strbuf *sb);
void strbuf_ltrim(struct strbuf *sb);
void strbuf_trim(struct strbuf *sb);
/* Drop one trailing newline (and \r before it) if there is one. */
void strbuf_chomp(struct strbuf *sb);

/* Replace every occurrence of from (non-empty) by to. Returns the count. */
size_t strbuf_replace_all(struct strbuf *sb, const char *from, const char *to);

/*
 * Append the whole content of fd / of a file.  Return the number of bytes
 * read, or -1 with errno set (what was read stays in sb).
 */
ssize_t strbuf_read_fd(struct strbuf *sb, int fd);
ssize_t strbuf_read_file(struct strbuf *sb, const char *path);

/*
 * Read one line (without its newline) from fp into sb, replacing sb's
 * content.  Returns 0, or EOF at end of file with nothing read.
 */
int strbuf_getline(struct strbuf *sb, FILE *fp);

/* Append s quoted for a POSIX shell ('...' with '\'' for quotes). */
void strbuf_add_shell_quoted(struct strbuf *sb, const char *s);

#endif
