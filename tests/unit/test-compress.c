/* test-compress.c - gzip and bzip2 streams: round trips, damage, gzip(1). */
#include "compress.h"
#include "fs.h"
#include "run.h"
#include "strbuf.h"
#include "unit.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/myc-test-compress.XXXXXX";
/* big: 4 MiB for gzip; medium: 2 MiB, three blocks, for the slower bzip2 */
static struct strbuf small = STRBUF_INIT, medium = STRBUF_INIT,
		     big = STRBUF_INIT;

/* Deterministic bytes that no compressor can shrink. */
static void add_noise(struct strbuf *sb, size_t len, uint32_t seed)
{
	uint32_t x = seed ? seed : 1;

	strbuf_grow(sb, len);
	while (len--) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		strbuf_addch(sb, (int)(x & 0xff));
	}
}

/* Incompressible, then very compressible, len bytes in all. */
static void add_mixed(struct strbuf *sb, size_t len)
{
	size_t i;

	add_noise(sb, len / 2, 42);
	for (i = 0; sb->len < len; i++)
		strbuf_addf(sb, "row %zu: the same words again and again\n", i);
}

static void make_data(void)
{
	strbuf_addstr(&small, "hello, compressed world\n");
	add_mixed(&medium, 2 * 1024 * 1024);
	add_mixed(&big, 4 * 1024 * 1024);
}

static int open_tmp(const char *name, int flags)
{
	char *path = path_join(tmpdir, name);
	int fd = open(path, flags | O_CLOEXEC, 0600);

	if (fd < 0)
		die_errno("can't open '%s'", path);
	free(path);
	return fd;
}

/* Write data to a fresh temporary file and return it open for reading. */
static int file_with(const struct strbuf *data)
{
	int fd = open_tmp("in", O_RDWR | O_CREAT | O_TRUNC);

	if (write_all(fd, data->buf, data->len) < 0)
		die_errno("write");
	lseek(fd, 0, SEEK_SET);
	return fd;
}

/* A pipe fed with data by a child process; returns the read end. */
static int pipe_with(const struct strbuf *data, pid_t *pid)
{
	int fds[2];

	if (pipe(fds) < 0)
		die_errno("pipe");
	*pid = fork();
	if (*pid < 0)
		die_errno("fork");
	if (!*pid) {
		close(fds[0]);
		/* small, uneven writes: reads end anywhere */
		for (size_t off = 0; off < data->len; off += 7777) {
			size_t n =
			    data->len - off < 7777 ? data->len - off : 7777;
			if (write_all(fds[1], data->buf + off, n) < 0)
				_exit(1);
		}
		_exit(0);
	}
	close(fds[1]);
	return fds[0];
}

enum transport { VIA_FILES, VIA_PIPE };

/*
 * Run compress_stream (fmt) or decompress_stream (fmt < 0) from in to out;
 * returns its result.  err gets the message.
 */
static int filter(int fmt, const struct strbuf *in, struct strbuf *out,
		  struct strbuf *err, enum transport how)
{
	pid_t pid = -1;
	int ifd = how == VIA_PIPE ? pipe_with(in, &pid) : file_with(in);
	int ofd = open_tmp("out", O_RDWR | O_CREAT | O_TRUNC);
	int r;

	strbuf_reset(out);
	strbuf_reset(err);
	if (fmt < 0)
		r = decompress_stream(ifd, ofd, err);
	else
		r = compress_stream(ifd, ofd, (enum compress_format)fmt, err);
	close(ifd);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	lseek(ofd, 0, SEEK_SET);
	if (strbuf_read_fd(out, ofd) < 0)
		die_errno("read");
	close(ofd);
	return r;
}

static bool same(const struct strbuf *a, const struct strbuf *b)
{
	return a->len == b->len && !memcmp(a->buf, b->buf, a->len);
}

static void check_round_trip(enum compress_format fmt,
			     const struct strbuf *data, enum transport how)
{
	struct strbuf packed = STRBUF_INIT, back = STRBUF_INIT;
	struct strbuf err = STRBUF_INIT;

	CHECK_INT(filter(fmt, data, &packed, &err, how), 0);
	CHECK_STR(err.buf, "");
	CHECK_INT(compress_sniff(packed.buf, packed.len), fmt);
	CHECK_INT(filter(-1, &packed, &back, &err, how), 0);
	CHECK_STR(err.buf, "");
	CHECK_INT(back.len, data->len);
	CHECK(same(&back, data));
	strbuf_release(&packed);
	strbuf_release(&back);
	strbuf_release(&err);
}

static void test_gzip_round_trips(void)
{
	struct strbuf empty = STRBUF_INIT;

	check_round_trip(COMPRESS_GZIP, &empty, VIA_FILES);
	check_round_trip(COMPRESS_GZIP, &small, VIA_FILES);
	check_round_trip(COMPRESS_GZIP, &big, VIA_FILES);
	check_round_trip(COMPRESS_GZIP, &small, VIA_PIPE);
	check_round_trip(COMPRESS_GZIP, &big, VIA_PIPE);
}

static void test_bzip2_round_trips(void)
{
	struct strbuf empty = STRBUF_INIT;

	check_round_trip(COMPRESS_BZIP2, &empty, VIA_FILES);
	check_round_trip(COMPRESS_BZIP2, &small, VIA_FILES);
	check_round_trip(COMPRESS_BZIP2, &medium, VIA_FILES);
	check_round_trip(COMPRESS_BZIP2, &small, VIA_PIPE);
}

static void test_compressible_data_does_shrink(void)
{
	struct strbuf text = STRBUF_INIT, packed = STRBUF_INIT;
	struct strbuf err = STRBUF_INIT;

	while (text.len < 1024 * 1024)
		strbuf_addstr(&text, "all work and no play\n");
	CHECK_INT(filter(COMPRESS_GZIP, &text, &packed, &err, VIA_FILES), 0);
	CHECK(packed.len < text.len / 50);
	CHECK_INT(filter(COMPRESS_BZIP2, &text, &packed, &err, VIA_FILES), 0);
	CHECK(packed.len < text.len / 50);
	strbuf_release(&text);
	strbuf_release(&packed);
	strbuf_release(&err);
}

static void test_sniffing_by_content_and_by_name(void)
{
	CHECK_INT(compress_sniff("\x1f\x8b\x08\x00", 4), COMPRESS_GZIP);
	CHECK_INT(compress_sniff("\x1f\x8b", 2), COMPRESS_GZIP);
	CHECK_INT(compress_sniff("\x1f", 1), COMPRESS_NONE);
	CHECK_INT(compress_sniff("BZh9", 4), COMPRESS_BZIP2);
	CHECK_INT(compress_sniff("BZh1rest", 8), COMPRESS_BZIP2);
	CHECK_INT(compress_sniff("BZh0", 4), COMPRESS_NONE);
	CHECK_INT(compress_sniff("BZh", 3), COMPRESS_NONE);
	CHECK_INT(compress_sniff("-- SQL", 6), COMPRESS_NONE);
	CHECK_INT(compress_sniff("", 0), COMPRESS_NONE);
	CHECK_INT(compress_from_name("db.sql.gz"), COMPRESS_GZIP);
	CHECK_INT(compress_from_name("db.dump.bz2"), COMPRESS_BZIP2);
	CHECK_INT(compress_from_name("db.sql"), COMPRESS_NONE);
	CHECK_INT(compress_from_name("gz"), COMPRESS_NONE);
	CHECK_INT(compress_from_name("x.gzip"), COMPRESS_NONE);
}

static void test_uncompressed_input_is_copied_as_is(void)
{
	const char *texts[] = {
	    "", "a", "BZ", "BZh", "BZh0 not bzip2", "\x1f not gzip"};
	struct strbuf in = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(texts); i++) {
		strbuf_reset(&in);
		strbuf_addstr(&in, texts[i]);
		CHECK_INT(filter(-1, &in, &out, &err, VIA_FILES), 0);
		CHECK_STR(out.buf, texts[i]);
	}
	CHECK_INT(filter(-1, &big, &out, &err, VIA_PIPE), 0);
	CHECK(same(&out, &big));
	CHECK_INT(filter(COMPRESS_NONE, &big, &out, &err, VIA_FILES), 0);
	CHECK(same(&out, &big));
	strbuf_release(&in);
	strbuf_release(&out);
	strbuf_release(&err);
}

/* Run a system command with in on stdin; its stdout. */
static void pipe_through(const char *cmd, const char *arg,
			 const struct strbuf *in, struct strbuf *out)
{
	struct child c = CHILD_INIT;

	strvec_pushl(&c.args, cmd, arg, NULL);
	c.in_data = in->buf;
	c.in_len = in->len;
	c.out_buf = out;
	strbuf_reset(out);
	CHECK_INT(run_command(&c), 0);
	child_release(&c);
}

/* Whether the system has tool; says so loudly when it doesn't. */
static bool have(const char *tool)
{
	char *path = find_in_path(tool, NULL);
	bool found = path != NULL;

	if (!found)
		printf("# SKIP comparisons with %s: not installed\n", tool);
	free(path);
	return found;
}

static void check_against_tool(const char *tool, enum compress_format fmt,
			       const struct strbuf *data)
{
	struct strbuf theirs = STRBUF_INIT, ours = STRBUF_INIT;
	struct strbuf back = STRBUF_INIT, err = STRBUF_INIT;

	/* theirs decompressed by us */
	pipe_through(tool, "-c", data, &theirs);
	CHECK_INT(filter(-1, &theirs, &back, &err, VIA_FILES), 0);
	CHECK(same(&back, data));
	/* ours decompressed by them */
	CHECK_INT(filter(fmt, data, &ours, &err, VIA_FILES), 0);
	pipe_through(tool, "-dc", &ours, &back);
	CHECK(same(&back, data));
	strbuf_release(&theirs);
	strbuf_release(&ours);
	strbuf_release(&back);
	strbuf_release(&err);
}

static void test_gzip_and_bzip2_commands_agree_with_us(void)
{
	struct strbuf empty = STRBUF_INIT;

	if (have("gzip")) {
		check_against_tool("gzip", COMPRESS_GZIP, &empty);
		check_against_tool("gzip", COMPRESS_GZIP, &small);
		check_against_tool("gzip", COMPRESS_GZIP, &big);
	}
	if (have("bzip2")) {
		check_against_tool("bzip2", COMPRESS_BZIP2, &empty);
		check_against_tool("bzip2", COMPRESS_BZIP2, &small);
	}
}

static void check_concatenation(const char *tool, enum compress_format fmt)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, all = STRBUF_INIT;
	struct strbuf packed = STRBUF_INIT, part = STRBUF_INIT;
	struct strbuf err = STRBUF_INIT, back = STRBUF_INIT;

	strbuf_addstr(&a, "first part\n");
	add_noise(&b, 200000, 7);
	/* theirs, ours, an empty one, theirs again */
	pipe_through(tool, "-c", &a, &part);
	strbuf_addbuf(&packed, &part);
	CHECK_INT(filter(fmt, &b, &part, &err, VIA_FILES), 0);
	strbuf_addbuf(&packed, &part);
	CHECK_INT(filter(fmt, &back, &part, &err, VIA_FILES), 0); /* empty */
	strbuf_addbuf(&packed, &part);
	pipe_through(tool, "-c", &a, &part);
	strbuf_addbuf(&packed, &part);
	strbuf_addbuf(&all, &a);
	strbuf_addbuf(&all, &b);
	strbuf_addbuf(&all, &a);

	CHECK_INT(filter(-1, &packed, &back, &err, VIA_FILES), 0);
	CHECK_STR(err.buf, "");
	CHECK(same(&back, &all));
	CHECK_INT(filter(-1, &packed, &back, &err, VIA_PIPE), 0);
	CHECK(same(&back, &all));
	/* and the tool reads our concatenation the same way */
	pipe_through(tool, "-dc", &packed, &back);
	CHECK(same(&back, &all));
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&all);
	strbuf_release(&packed);
	strbuf_release(&part);
	strbuf_release(&err);
	strbuf_release(&back);
}

static void test_concatenated_gzip_members_all_decompress(void)
{
	if (have("gzip"))
		check_concatenation("gzip", COMPRESS_GZIP);
}

static void test_concatenated_bzip2_streams_all_decompress(void)
{
	if (have("bzip2"))
		check_concatenation("bzip2", COMPRESS_BZIP2);
}

/*
 * A gzip member of exactly total bytes, made by padding the header with a
 * comment (FCOMMENT), so that a member can end at any offset we like.
 */
static void gzip_member_of_size(struct strbuf *out, const struct strbuf *data,
				size_t total)
{
	struct strbuf plain = STRBUF_INIT, err = STRBUF_INIT;
	size_t pad;

	CHECK_INT(filter(COMPRESS_GZIP, data, &plain, &err, VIA_FILES), 0);
	if (plain.len + 2 > total || (plain.buf[3] & 0x1e))
		BUG("can't pad a gzip member of %zu bytes", plain.len);
	pad = total - plain.len - 1;
	strbuf_add(out, plain.buf, 10);
	out->buf[out->len - 10 + 3] |= 0x10; /* FCOMMENT */
	while (pad--)
		strbuf_addch(out, 'c');
	strbuf_addch(out, '\0');
	strbuf_add(out, plain.buf + 10, plain.len - 10);
	strbuf_release(&plain);
	strbuf_release(&err);
}

static void test_a_member_may_end_exactly_where_a_read_ends(void)
{
	struct strbuf a = STRBUF_INIT, packed = STRBUF_INIT;
	struct strbuf back = STRBUF_INIT, err = STRBUF_INIT, want = STRBUF_INIT;
	size_t total;

	strbuf_addstr(&a, "member\n");
	strbuf_addbuf(&want, &a);
	strbuf_addbuf(&want, &a);
	/* around the 4 sniffed bytes + 64 KiB and + 128 KiB of reads */
	for (total = 65536 - 2; total <= 65536 + 6; total++) {
		strbuf_reset(&packed);
		gzip_member_of_size(&packed, &a, total);
		gzip_member_of_size(&packed, &a, 65536);
		CHECK_INT(filter(-1, &packed, &back, &err, VIA_FILES), 0);
		CHECK(same(&back, &want));
	}
	strbuf_release(&a);
	strbuf_release(&packed);
	strbuf_release(&back);
	strbuf_release(&err);
	strbuf_release(&want);
}

static void check_damaged(enum compress_format fmt, const char *want_msg)
{
	struct strbuf data = STRBUF_INIT, packed = STRBUF_INIT;
	struct strbuf cut = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	/* ("BZh" alone can't be told from text: it is copied) */
	size_t sizes[] = {4, 10, 100, 5000};
	size_t i;

	add_noise(&data, 200000, 3);
	CHECK_INT(filter(fmt, &data, &packed, &err, VIA_FILES), 0);
	/* truncated anywhere */
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		strbuf_reset(&cut);
		strbuf_add(&cut, packed.buf, sizes[i]);
		CHECK_INT(filter(-1, &cut, &out, &err, VIA_FILES), -1);
		CHECK(err.len > 0);
	}
	strbuf_reset(&cut);
	strbuf_add(&cut, packed.buf, packed.len - 1);
	CHECK_INT(filter(-1, &cut, &out, &err, VIA_FILES), -1);
	CHECK(strstr(err.buf, "truncated") || strstr(err.buf, "corrupt"));

	/* a stretch of garbage in the middle */
	strbuf_reset(&cut);
	strbuf_addbuf(&cut, &packed);
	memset(cut.buf + cut.len / 2, 0x55, 64);
	CHECK_INT(filter(-1, &cut, &out, &err, VIA_FILES), -1);
	CHECK(strstr(err.buf, want_msg) != NULL);
	if (!strstr(err.buf, want_msg))
		fprintf(stderr, "    message: %s\n", err.buf);
	strbuf_release(&data);
	strbuf_release(&packed);
	strbuf_release(&cut);
	strbuf_release(&out);
	strbuf_release(&err);
}

static void test_truncated_or_corrupt_gzip_is_an_error(void)
{
	struct strbuf cut = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;

	check_damaged(COMPRESS_GZIP, "gzip data is corrupt");
	/* the two magic bytes are enough to call it gzip */
	strbuf_add(&cut, "\x1f\x8b", 2);
	CHECK_INT(filter(-1, &cut, &out, &err, VIA_FILES), -1);
	CHECK_STR(err.buf, "gzip data is truncated");
	strbuf_release(&cut);
	strbuf_release(&out);
	strbuf_release(&err);
}

static void test_truncated_or_corrupt_bzip2_is_an_error(void)
{
	check_damaged(COMPRESS_BZIP2, "bzip2 data is corrupt");
}

static void test_read_and_write_errors_are_reported(void)
{
	struct strbuf err = STRBUF_INIT;
	int full = open("/dev/full", O_WRONLY | O_CLOEXEC);
	int dir = open(tmpdir, O_RDONLY | O_CLOEXEC);
	int in;

	CHECK(full >= 0 && dir >= 0);
	in = file_with(&small);
	CHECK_INT(compress_stream(in, full, COMPRESS_GZIP, &err), -1);
	CHECK(starts_with(err.buf, "write error"));
	close(in);
	strbuf_reset(&err);
	in = file_with(&small);
	CHECK_INT(decompress_stream(in, full, &err), -1);
	CHECK(starts_with(err.buf, "write error"));
	close(in);
	strbuf_reset(&err);
	CHECK_INT(compress_stream(dir, 1, COMPRESS_BZIP2, &err), -1);
	CHECK(starts_with(err.buf, "read error"));
	strbuf_reset(&err);
	CHECK_INT(decompress_stream(dir, 1, &err), -1);
	CHECK(starts_with(err.buf, "read error"));
	close(full);
	close(dir);
	strbuf_release(&err);
}

int main(void)
{
	if (!mkdtemp(tmpdir))
		die_errno("mkdtemp");
	make_data();
	RUN(test_gzip_round_trips);
	RUN(test_bzip2_round_trips);
	RUN(test_compressible_data_does_shrink);
	RUN(test_sniffing_by_content_and_by_name);
	RUN(test_uncompressed_input_is_copied_as_is);
	RUN(test_gzip_and_bzip2_commands_agree_with_us);
	RUN(test_concatenated_gzip_members_all_decompress);
	RUN(test_concatenated_bzip2_streams_all_decompress);
	RUN(test_a_member_may_end_exactly_where_a_read_ends);
	RUN(test_truncated_or_corrupt_gzip_is_an_error);
	RUN(test_truncated_or_corrupt_bzip2_is_an_error);
	RUN(test_read_and_write_errors_are_reported);
	strbuf_release(&small);
	strbuf_release(&medium);
	strbuf_release(&big);
	remove_tree(tmpdir);
	return unit_done();
}
