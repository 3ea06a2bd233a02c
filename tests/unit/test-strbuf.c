/* test-strbuf.c - strbuf and strvec: growth, editing, reading, ownership. */
#include "fs.h"
#include "run.h"
#include "strbuf.h"
#include "strvec.h"
#include "unit.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/myc-test-strbuf.XXXXXX";

/* A strbuf holding text, for the editing tests. */
static struct strbuf buf_of(const char *text)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, text);
	return sb;
}

static void test_a_fresh_strbuf_is_an_empty_string(void)
{
	struct strbuf sb = STRBUF_INIT, hinted;

	CHECK(sb.buf != NULL);
	CHECK_STR(sb.buf, "");
	CHECK_INT(sb.len, 0);
	strbuf_init(&hinted, 100);
	CHECK(hinted.alloc >= 101);
	CHECK_STR(hinted.buf, "");
	strbuf_release(&hinted);
}

static void test_add_appends_bytes_including_nuls(void)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, "ab");
	strbuf_addch(&sb, 'c');
	strbuf_add(&sb, "d\0e", 3);
	CHECK_INT(sb.len, 6);
	CHECK(!memcmp(sb.buf, "abcd\0e", 7));
	strbuf_reset(&sb);
	CHECK_INT(sb.len, 0);
	CHECK_STR(sb.buf, "");
	strbuf_release(&sb);
}

static void test_addf_grows_past_the_first_allocation(void)
{
	struct strbuf sb = STRBUF_INIT, other = STRBUF_INIT;
	char big[1000];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	strbuf_addstr(&sb, "head:");
	strbuf_addf(&sb, "%s|%d|%s", big, 42, big);
	CHECK_INT(sb.len, 5 + 999 + 4 + 999);
	CHECK(starts_with(sb.buf, "head:xxx"));
	CHECK(!memcmp(sb.buf + 5 + 999, "|42|", 4));
	CHECK_INT(strlen(sb.buf), sb.len);
	strbuf_addf(&other, "%s", "");
	CHECK_STR(other.buf, "");
	strbuf_addbuf(&other, &sb);
	CHECK_INT(other.len, sb.len);
	strbuf_release(&sb);
	strbuf_release(&other);
}

static void test_trim_removes_white_space_at_both_ends(void)
{
	struct strbuf sb = buf_of(" \t\n a b \r\n ");

	strbuf_trim(&sb);
	CHECK_STR(sb.buf, "a b");
	CHECK_INT(sb.len, 3);
	strbuf_release(&sb);
	sb = buf_of("   ");
	strbuf_trim(&sb);
	CHECK_STR(sb.buf, "");
	CHECK_INT(sb.len, 0);
	strbuf_release(&sb);
	sb = buf_of("  x");
	strbuf_rtrim(&sb);
	CHECK_STR(sb.buf, "  x");
	strbuf_ltrim(&sb);
	CHECK_STR(sb.buf, "x");
	strbuf_release(&sb);
	strbuf_trim(&sb); /* on the shared empty buffer */
	CHECK_STR(sb.buf, "");
}

static void test_chomp_drops_one_newline_and_its_carriage_return(void)
{
	struct strbuf sb = buf_of("line\r\n\n");

	strbuf_chomp(&sb);
	CHECK_STR(sb.buf, "line\r\n");
	strbuf_chomp(&sb);
	CHECK_STR(sb.buf, "line");
	strbuf_chomp(&sb);
	CHECK_STR(sb.buf, "line");
	strbuf_release(&sb);
	sb = buf_of("\n");
	strbuf_chomp(&sb);
	CHECK_STR(sb.buf, "");
	strbuf_release(&sb);
	strbuf_chomp(&sb);
	CHECK_STR(sb.buf, "");
}

static void check_replace(const char *text, const char *from, const char *to,
			  const char *want, size_t want_count)
{
	struct strbuf sb = buf_of(text);
	size_t n = strbuf_replace_all(&sb, from, to);

	CHECK_STR(sb.buf, want);
	CHECK_INT(sb.len, strlen(want));
	CHECK_INT(n, want_count);
	strbuf_release(&sb);
}

static void test_replace_all_replaces_every_occurrence_once(void)
{
	check_replace("a-b-c", "-", "+", "a+b+c", 2);
	check_replace("xyz", "q", "r", "xyz", 0);
	check_replace("", "q", "r", "", 0);
	check_replace("abc", "", "r", "abc", 0);
	/* occurrences are taken left to right, without overlap */
	check_replace("aaaa", "aa", "b", "bb", 2);
	check_replace("aaa", "aa", "b", "ba", 1);
	check_replace("ababa", "aba", "X", "Xba", 1);
	/* a replacement holding the pattern is not replaced again */
	check_replace("a.b", ".", "..", "a..b", 1);
	check_replace("secret", "secret", "[secret]", "[secret]", 1);
	/* shrinking to nothing */
	check_replace("xxx", "x", "", "", 3);
	check_replace("a{{v}}b{{v}}", "{{v}}", "long value",
		      "along valueblong value", 2);
}

static void test_replace_all_works_past_embedded_nuls(void)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_add(&sb, "k\0k", 3);
	CHECK_INT(strbuf_replace_all(&sb, "k", "KK"), 2);
	CHECK_INT(sb.len, 5);
	CHECK(!memcmp(sb.buf, "KK\0KK", 6));
	strbuf_release(&sb);
}

static void test_read_fd_appends_everything_from_a_pipe(void)
{
	struct strbuf sb = buf_of(">");
	char chunk[1000];
	int fds[2];
	pid_t pid;
	int i;

	memset(chunk, 'z', sizeof(chunk));
	CHECK(pipe(fds) == 0);
	pid = fork();
	if (!pid) {
		close(fds[0]);
		for (i = 0; i < 300; i++)
			if (write_all(fds[1], chunk, sizeof(chunk)) < 0)
				_exit(1);
		_exit(0);
	}
	close(fds[1]);
	CHECK_INT(strbuf_read_fd(&sb, fds[0]), 300000);
	close(fds[0]);
	CHECK_INT(sb.len, 300001);
	CHECK_INT(strlen(sb.buf), 300001);
	CHECK(sb.buf[0] == '>' && sb.buf[300000] == 'z');
	waitpid(pid, NULL, 0);
	strbuf_release(&sb);
}

static void test_read_file_reads_a_file_or_fails_with_errno(void)
{
	struct strbuf sb = STRBUF_INIT;
	char *path = path_join(tmpdir, "f");
	char *missing = path_join(tmpdir, "missing");

	CHECK(write_file_atomic(path, "one\ntwo\n", 8, 0644) == 0);
	CHECK_INT(strbuf_read_file(&sb, path), 8);
	CHECK_STR(sb.buf, "one\ntwo\n");
	errno = 0;
	CHECK_INT(strbuf_read_file(&sb, missing), -1);
	CHECK_INT(errno, ENOENT);
	CHECK_STR(sb.buf, "one\ntwo\n");
	errno = 0;
	CHECK_INT(strbuf_read_file(&sb, tmpdir), -1);
	CHECK_INT(errno, EISDIR);
	strbuf_release(&sb);
	free(path);
	free(missing);
}

static void test_getline_splits_lines_and_ends_with_eof(void)
{
	struct strbuf sb = buf_of("old content");
	char *path = path_join(tmpdir, "lines");
	FILE *fp;

	CHECK(write_file_atomic(path, "first\n\nthird\nlast", 17, 0644) == 0);
	fp = fopen(path, "r");
	CHECK(fp != NULL);
	if (!fp)
		goto out;
	CHECK_INT(strbuf_getline(&sb, fp), 0);
	CHECK_STR(sb.buf, "first");
	CHECK_INT(strbuf_getline(&sb, fp), 0);
	CHECK_STR(sb.buf, "");
	CHECK_INT(strbuf_getline(&sb, fp), 0);
	CHECK_STR(sb.buf, "third");
	CHECK_INT(strbuf_getline(&sb, fp), 0);
	CHECK_STR(sb.buf, "last");
	CHECK_INT(strbuf_getline(&sb, fp), EOF);
	CHECK_STR(sb.buf, "");
	fclose(fp);
out:
	strbuf_release(&sb);
	free(path);
}

static void test_detach_and_release_leave_a_valid_empty_buffer(void)
{
	struct strbuf sb = buf_of("owned");
	struct strbuf empty = STRBUF_INIT;
	size_t len = 0;
	char *s = strbuf_detach(&sb, &len);

	CHECK_STR(s, "owned");
	CHECK_INT(len, 5);
	free(s);
	CHECK(sb.buf != NULL);
	CHECK_STR(sb.buf, "");
	CHECK_INT(sb.len, 0);
	strbuf_addstr(&sb, "again");
	CHECK_STR(sb.buf, "again");
	strbuf_release(&sb);
	CHECK(sb.buf != NULL);
	CHECK_STR(sb.buf, "");
	strbuf_release(&sb);

	/* detaching a never-used buffer still gives a string to free() */
	s = strbuf_detach(&empty, NULL);
	CHECK(s != NULL);
	CHECK_STR(s, "");
	CHECK(s != strbuf_slopbuf);
	free(s);
}

/* sh -c 'printf %s QUOTED' must print s back unchanged. */
static void check_shell_round_trip(const char *s)
{
	struct strbuf cmd = STRBUF_INIT, out = STRBUF_INIT;
	const char *argv[] = {"sh", "-c", NULL, NULL};

	strbuf_addstr(&cmd, "printf %s ");
	strbuf_add_shell_quoted(&cmd, s);
	argv[2] = cmd.buf;
	CHECK_INT(run_capture(argv, &out), 0);
	CHECK_STR(out.buf, s);
	strbuf_release(&cmd);
	strbuf_release(&out);
}

static void test_shell_quoting_round_trips_through_sh(void)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_add_shell_quoted(&sb, "it's");
	CHECK_STR(sb.buf, "'it'\\''s'");
	strbuf_release(&sb);
	check_shell_round_trip("");
	check_shell_round_trip("plain");
	check_shell_round_trip("it's a 'quoted' \"word\"");
	check_shell_round_trip("$HOME `id` $(id) \\n \\ * ? [a] ~ # ; & | < >");
	check_shell_round_trip("new\nline\ttab");
	check_shell_round_trip("''''");
	check_shell_round_trip("-n");
}

/* ---- strvec ---- */

static void test_a_fresh_strvec_is_an_empty_null_terminated_array(void)
{
	struct strvec sv = STRVEC_INIT, other;

	CHECK(sv.v != NULL);
	CHECK(sv.v[0] == NULL);
	CHECK_INT(sv.nr, 0);
	strvec_init(&other);
	CHECK(other.v != NULL && other.v[0] == NULL);
	strvec_clear(&sv);
	CHECK(sv.v != NULL && sv.v[0] == NULL);
	strvec_pop(&sv); /* popping nothing is harmless */
	CHECK_INT(sv.nr, 0);
}

static void test_push_copies_and_keeps_the_array_null_terminated(void)
{
	struct strvec sv = STRVEC_INIT;
	char word[] = "word";
	const char *items[] = {"x", "y", NULL};
	int i;

	CHECK(strvec_push(&sv, word) != word);
	word[0] = 'W';
	CHECK_STR(strvec_pushf(&sv, "%s-%d", "n", 7), "n-7");
	strvec_pushl(&sv, "a", "b", NULL);
	strvec_pushv(&sv, items);
	strvec_push_nodup(&sv, xstrdup("owned"));
	CHECK_INT(sv.nr, 7);
	CHECK_STR(sv.v[0], "word");
	CHECK_STR(sv.v[1], "n-7");
	CHECK_STR(sv.v[3], "b");
	CHECK_STR(sv.v[5], "y");
	CHECK_STR(sv.v[6], "owned");
	CHECK(sv.v[7] == NULL);
	for (i = 0; i < 100; i++)
		strvec_pushf(&sv, "%d", i);
	CHECK_INT(sv.nr, 107);
	CHECK_STR(sv.v[106], "99");
	CHECK(sv.v[107] == NULL);
	strvec_clear(&sv);
}

static void test_pop_and_find(void)
{
	struct strvec sv = STRVEC_INIT;

	strvec_pushl(&sv, "a", "b", "c", NULL);
	CHECK_INT(strvec_find(&sv, "b"), 1);
	CHECK_INT(strvec_find(&sv, "z"), -1);
	strvec_pop(&sv);
	CHECK_INT(sv.nr, 2);
	CHECK(sv.v[2] == NULL);
	CHECK_INT(strvec_find(&sv, "c"), -1);
	strvec_pop(&sv);
	strvec_pop(&sv);
	CHECK_INT(sv.nr, 0);
	CHECK(sv.v[0] == NULL);
	strvec_push(&sv, "again");
	CHECK_STR(sv.v[0], "again");
	strvec_clear(&sv);
}

static void test_setenv_replaces_and_getenv_matches_whole_keys(void)
{
	struct strvec sv = STRVEC_INIT;

	CHECK(strvec_getenv(&sv, "K") == NULL);
	strvec_pushl(&sv, "KEY2=x", "KEY=old", "NOEQ", NULL);
	strvec_setenv(&sv, "KEY", "new");
	CHECK_INT(sv.nr, 3);
	CHECK_STR(sv.v[1], "KEY=new");
	CHECK_STR(strvec_getenv(&sv, "KEY"), "new");
	CHECK_STR(strvec_getenv(&sv, "KEY2"), "x");
	CHECK(strvec_getenv(&sv, "KE") == NULL);
	CHECK(strvec_getenv(&sv, "NOEQ") == NULL);
	strvec_setenv(&sv, "EMPTY", "");
	CHECK_STR(strvec_getenv(&sv, "EMPTY"), "");
	strvec_setenv(&sv, "EQ", "a=b");
	CHECK_STR(strvec_getenv(&sv, "EQ"), "a=b");
	CHECK_INT(sv.nr, 5);
	CHECK(sv.v[5] == NULL);
	strvec_clear(&sv);
}

static void test_detach_hands_over_a_null_terminated_array(void)
{
	struct strvec sv = STRVEC_INIT;
	const char **v;

	v = strvec_detach(&sv);
	CHECK(v != NULL && v[0] == NULL);
	CHECK(v != strvec_empty);
	free(v);

	strvec_pushl(&sv, "a", "b", NULL);
	v = strvec_detach(&sv);
	CHECK_STR(v[0], "a");
	CHECK_STR(v[1], "b");
	CHECK(v[2] == NULL);
	CHECK(sv.v != NULL && sv.v[0] == NULL && sv.nr == 0);
	free((char *)v[0]);
	free((char *)v[1]);
	free(v);
	strvec_push(&sv, "reuse");
	CHECK_STR(sv.v[0], "reuse");
	strvec_clear(&sv);
}

int main(void)
{
	if (!mkdtemp(tmpdir))
		die_errno("mkdtemp");
	RUN(test_a_fresh_strbuf_is_an_empty_string);
	RUN(test_add_appends_bytes_including_nuls);
	RUN(test_addf_grows_past_the_first_allocation);
	RUN(test_trim_removes_white_space_at_both_ends);
	RUN(test_chomp_drops_one_newline_and_its_carriage_return);
	RUN(test_replace_all_replaces_every_occurrence_once);
	RUN(test_replace_all_works_past_embedded_nuls);
	RUN(test_read_fd_appends_everything_from_a_pipe);
	RUN(test_read_file_reads_a_file_or_fails_with_errno);
	RUN(test_getline_splits_lines_and_ends_with_eof);
	RUN(test_detach_and_release_leave_a_valid_empty_buffer);
	RUN(test_shell_quoting_round_trips_through_sh);
	RUN(test_a_fresh_strvec_is_an_empty_null_terminated_array);
	RUN(test_push_copies_and_keeps_the_array_null_terminated);
	RUN(test_pop_and_find);
	RUN(test_setenv_replaces_and_getenv_matches_whole_keys);
	RUN(test_detach_hands_over_a_null_terminated_array);
	remove_tree(tmpdir);
	return unit_done();
}
