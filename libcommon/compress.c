/* compress.c - streaming gzip and bzip2 between file descriptors. */
#include "compress.h"
#include "fs.h"
#include "strbuf.h"

#include <bzlib.h>
#include <unistd.h>
#include <zlib.h>

#define CHUNK 65536

enum compress_format compress_sniff(const void *buf, size_t len)
{
	const unsigned char *b = buf;

	if (len >= 2 && b[0] == 0x1f && b[1] == 0x8b)
		return COMPRESS_GZIP;
	if (len >= 4 && b[0] == 'B' && b[1] == 'Z' && b[2] == 'h' &&
	    b[3] >= '1' && b[3] <= '9')
		return COMPRESS_BZIP2;
	return COMPRESS_NONE;
}

enum compress_format compress_from_name(const char *name)
{
	if (ends_with(name, ".gz"))
		return COMPRESS_GZIP;
	if (ends_with(name, ".bz2"))
		return COMPRESS_BZIP2;
	return COMPRESS_NONE;
}

static ssize_t read_some(int fd, void *buf, size_t len)
{
	ssize_t n;

	do
		n = read(fd, buf, len);
	while (n < 0 && errno == EINTR);
	return n;
}

/* Fill buf as far as possible (short only at end of file). */
static ssize_t read_full(int fd, unsigned char *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read_some(fd, buf + got, len - got);
		if (n < 0)
			return -1;
		if (!n)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

static int io_fail(struct strbuf *err, const char *what)
{
	strbuf_addf(err, "%s: %s", what, strerror(errno));
	return -1;
}

static int gunzip(int in, int out, unsigned char *ibuf, size_t ilen,
		  struct strbuf *err)
{
	unsigned char obuf[CHUNK];
	z_stream z = {0};
	int r = Z_OK;

	if (inflateInit2(&z, 15 + 32) != Z_OK)
		die("zlib: out of memory");
	for (;;) {
		if (!ilen) {
			ssize_t n = read_some(in, ibuf, CHUNK);
			if (n < 0) {
				inflateEnd(&z);
				return io_fail(err, "read error");
			}
			if (!n)
				break;
			ilen = (size_t)n;
		}
		z.next_in = ibuf;
		z.avail_in = (uInt)ilen;
		do {
			z.next_out = obuf;
			z.avail_out = sizeof(obuf);
			r = inflate(&z, Z_NO_FLUSH);
			if (r != Z_OK && r != Z_STREAM_END && r != Z_BUF_ERROR) {
				strbuf_addf(err, "gzip data is corrupt: %s",
					    z.msg ? z.msg : "inflate failed");
				inflateEnd(&z);
				return -1;
			}
			if (write_all(out, obuf, sizeof(obuf) - z.avail_out)) {
				inflateEnd(&z);
				return io_fail(err, "write error");
			}
			/* concatenated gzip members follow one another */
			if (r == Z_STREAM_END && z.avail_in)
				inflateReset(&z);
		} while (z.avail_in || !z.avail_out);
		ilen = 0;
	}
	inflateEnd(&z);
	if (r != Z_STREAM_END) {
		strbuf_addstr(err, "gzip data is truncated");
		return -1;
	}
	return 0;
}

static int bunzip(int in, int out, unsigned char *ibuf, size_t ilen,
		  struct strbuf *err)
{
	char obuf[CHUNK];
	bz_stream b = {0};
	int r = BZ_OK;

	if (BZ2_bzDecompressInit(&b, 0, 0) != BZ_OK)
		die("bzip2: out of memory");
	for (;;) {
		if (!ilen) {
			ssize_t n = read_some(in, ibuf, CHUNK);
			if (n < 0) {
				BZ2_bzDecompressEnd(&b);
				return io_fail(err, "read error");
			}
			if (!n)
				break;
			ilen = (size_t)n;
		}
		b.next_in = (char *)ibuf;
		b.avail_in = (unsigned)ilen;
		do {
			b.next_out = obuf;
			b.avail_out = sizeof(obuf);
			r = BZ2_bzDecompress(&b);
			if (r != BZ_OK && r != BZ_STREAM_END) {
				strbuf_addf(err, "bzip2 data is corrupt (%d)",
					    r);
				BZ2_bzDecompressEnd(&b);
				return -1;
			}
			if (write_all(out, obuf, sizeof(obuf) - b.avail_out)) {
				BZ2_bzDecompressEnd(&b);
				return io_fail(err, "write error");
			}
			if (r == BZ_STREAM_END) {
				/* pbzip2 and cat'ed files: several streams */
				char *rest = b.next_in;
				unsigned left = b.avail_in;

				BZ2_bzDecompressEnd(&b);
				memset(&b, 0, sizeof(b));
				if (BZ2_bzDecompressInit(&b, 0, 0) != BZ_OK)
					die("bzip2: out of memory");
				b.next_in = rest;
				b.avail_in = left;
				if (!left)
					break;
			}
		} while (b.avail_in || !b.avail_out);
		ilen = 0;
	}
	BZ2_bzDecompressEnd(&b);
	if (r != BZ_STREAM_END) {
		strbuf_addstr(err, "bzip2 data is truncated");
		return -1;
	}
	return 0;
}

/* Write the len bytes already in buf, then copy the rest of in. */
static int copy_rest(int in, int out, unsigned char *buf, size_t len,
		     struct strbuf *err)
{
	ssize_t n = (ssize_t)len;

	do {
		if (write_all(out, buf, (size_t)n) < 0)
			return io_fail(err, "write error");
	} while ((n = read_some(in, buf, CHUNK)) > 0);
	if (n < 0)
		return io_fail(err, "read error");
	return 0;
}

int decompress_stream(int in, int out, struct strbuf *err)
{
	unsigned char *buf = xmalloc(CHUNK);
	ssize_t n = read_full(in, buf, 4);
	int r = -1;

	if (n < 0) {
		io_fail(err, "read error");
		goto out;
	}
	switch (compress_sniff(buf, (size_t)n)) {
	case COMPRESS_GZIP:
		r = gunzip(in, out, buf, (size_t)n, err);
		break;
	case COMPRESS_BZIP2:
		r = bunzip(in, out, buf, (size_t)n, err);
		break;
	case COMPRESS_NONE:
		r = copy_rest(in, out, buf, (size_t)n, err);
		break;
	}
out:
	free(buf);
	return r;
}

static int gzip_out(int in, int out, struct strbuf *err)
{
	unsigned char ibuf[CHUNK], obuf[CHUNK];
	z_stream z = {0};
	ssize_t n;
	int flush;

	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
	    Z_OK)
		die("zlib: out of memory");
	do {
		n = read_some(in, ibuf, sizeof(ibuf));
		if (n < 0) {
			deflateEnd(&z);
			return io_fail(err, "read error");
		}
		flush = n ? Z_NO_FLUSH : Z_FINISH;
		z.next_in = ibuf;
		z.avail_in = (uInt)n;
		do {
			z.next_out = obuf;
			z.avail_out = sizeof(obuf);
			deflate(&z, flush);
			if (write_all(out, obuf, sizeof(obuf) - z.avail_out)) {
				deflateEnd(&z);
				return io_fail(err, "write error");
			}
		} while (!z.avail_out);
	} while (flush != Z_FINISH);
	deflateEnd(&z);
	return 0;
}

static int bzip2_out(int in, int out, struct strbuf *err)
{
	char ibuf[CHUNK], obuf[CHUNK];
	bz_stream b = {0};
	ssize_t n;
	int action, r;

	if (BZ2_bzCompressInit(&b, 9, 0, 0) != BZ_OK)
		die("bzip2: out of memory");
	do {
		n = read_some(in, ibuf, sizeof(ibuf));
		if (n < 0) {
			BZ2_bzCompressEnd(&b);
			return io_fail(err, "read error");
		}
		action = n ? BZ_RUN : BZ_FINISH;
		b.next_in = ibuf;
		b.avail_in = (unsigned)n;
		do {
			b.next_out = obuf;
			b.avail_out = sizeof(obuf);
			r = BZ2_bzCompress(&b, action);
			if (write_all(out, obuf, sizeof(obuf) - b.avail_out)) {
				BZ2_bzCompressEnd(&b);
				return io_fail(err, "write error");
			}
		} while (action == BZ_FINISH ? r != BZ_STREAM_END
					     : b.avail_in > 0);
	} while (action != BZ_FINISH);
	BZ2_bzCompressEnd(&b);
	return 0;
}

int compress_stream(int in, int out, enum compress_format fmt,
		    struct strbuf *err)
{
	switch (fmt) {
	case COMPRESS_GZIP:
		return gzip_out(in, out, err);
	case COMPRESS_BZIP2:
		return bzip2_out(in, out, err);
	case COMPRESS_NONE:
		break;
	}
	{
		unsigned char *buf = xmalloc(CHUNK);
		int r = copy_rest(in, out, buf, 0, err);

		free(buf);
		return r;
	}
}
