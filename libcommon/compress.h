/*
 * compress.h - gzip (zlib) and bzip2 streams between file descriptors.
 *
 * Used to load and save database dumps of any of the forms the guide names
 * (.dump, .sql, .gz, .bz2) without holding them in memory.
 */
#ifndef MYC_COMPRESS_H
#define MYC_COMPRESS_H

#include "common.h"

struct strbuf;

enum compress_format {
	COMPRESS_NONE,
	COMPRESS_GZIP,
	COMPRESS_BZIP2,
};

/* Recognise gzip (1f 8b) and bzip2 ("BZh" + digit) by their first bytes. */
enum compress_format compress_sniff(const void *buf, size_t len);
/* From a file name's ending: .gz / .bz2 / anything else. */
enum compress_format compress_from_name(const char *name);

/*
 * Copy in to out, decompressing when in starts as gzip or bzip2 (sniffed)
 * and copying as is otherwise.  Returns 0, or -1 with err set.
 */
int decompress_stream(int in, int out, struct strbuf *err);

/* Copy in to out compressed in fmt (NONE copies).  0, or -1 with err set. */
int compress_stream(int in, int out, enum compress_format fmt,
		    struct strbuf *err);

#endif
