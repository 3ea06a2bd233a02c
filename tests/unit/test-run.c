/* test-run.c - children: exit status, exec failures, pipes, env, cwd. */
#include "fs.h"
#include "run.h"
#include "unit.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/myc-test-run.XXXXXX";

/* Our own stderr, sent to a file while a test looks at what is printed. */
static int saved_stderr = -1;
static char *stderr_file;

static void stderr_capture_start(void)
{
	int fd;

	stderr_file = path_join(tmpdir, "stderr");
	fd = open(stderr_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		die_errno("can't open '%s'", stderr_file);
	saved_stderr = dup(2);
	dup2(fd, 2);
	close(fd);
}

static char *stderr_capture_end(void)
{
	struct strbuf sb = STRBUF_INIT;

	dup2(saved_stderr, 2);
	close(saved_stderr);
	strbuf_read_file(&sb, stderr_file);
	free(stderr_file);
	return strbuf_detach(&sb, NULL);
}

/* Run sh -c SCRIPT with c's other settings, return the status. */
static int sh(struct child *c, const char *script)
{
	strvec_pushl(&c->args, "sh", "-c", script, "sh", NULL);
	return run_command(c);
}

static int status_of(const char *script)
{
	struct child c = CHILD_INIT;
	int r = sh(&c, script);

	child_release(&c);
	return r;
}

static void test_exit_codes_come_back_as_they_are(void)
{
	CHECK_INT(status_of("exit 0"), 0);
	CHECK_INT(status_of("exit 3"), 3);
	CHECK_INT(status_of("exit 255"), 255);
}

static void test_a_child_killed_by_a_signal_gives_128_plus_the_signal(void)
{
	CHECK_INT(status_of("kill -TERM $$"), 128 + SIGTERM);
	CHECK_INT(status_of("kill -KILL $$"), 128 + SIGKILL);
	CHECK_INT(status_of("kill -INT $$"), 128 + SIGINT);
	CHECK_INT(decode_wait_status(0x0300), 3);
}

static void test_a_missing_program_is_minus_one_enoent_with_a_message(void)
{
	struct child c = CHILD_INIT;
	char *msg;
	int r, e;

	strvec_push(&c.args, "myc-no-such-program");
	stderr_capture_start();
	errno = 0;
	r = run_command(&c);
	e = errno;
	msg = stderr_capture_end();
	CHECK_INT(r, -1);
	CHECK_INT(e, ENOENT);
	CHECK(strstr(msg, "can't run 'myc-no-such-program'") != NULL);
	CHECK(strstr(msg, strerror(ENOENT)) != NULL);
	free(msg);

	c.silent_exec_failure = true;
	stderr_capture_start();
	errno = 0;
	r = run_command(&c);
	e = errno;
	msg = stderr_capture_end();
	CHECK_INT(r, -1);
	CHECK_INT(e, ENOENT);
	CHECK_STR(msg, "");
	free(msg);
	child_release(&c);
}

static void test_a_missing_path_fails_in_exec_and_reports_enoent(void)
{
	struct child c = CHILD_INIT;
	char *path = path_join(tmpdir, "no-such-file");

	strvec_push(&c.args, path);
	c.silent_exec_failure = true;
	errno = 0;
	CHECK_INT(run_command(&c), -1);
	CHECK_INT(errno, ENOENT);
	child_release(&c);
	free(path);
}

static void test_a_non_executable_file_does_not_run(void)
{
	struct child c = CHILD_INIT;
	char *path = path_join(tmpdir, "not-exec");
	char *env_path = xstrfmt("PATH=%s", tmpdir);
	char *msg;
	int r, e;

	CHECK_INT(write_file_atomic(path, "#!/bin/sh\nexit 0\n", 17, 0644), 0);
	/* looked up by name: a non-executable file is no candidate */
	strvec_push(&c.args, "not-exec");
	strvec_push(&c.env, env_path);
	c.silent_exec_failure = true;
	errno = 0;
	CHECK_INT(run_command(&c), -1);
	CHECK_INT(errno, ENOENT);
	child_release(&c);

	/* given as a path: exec refuses it */
	strvec_push(&c.args, path);
	c.silent_exec_failure = false;
	stderr_capture_start();
	errno = 0;
	r = run_command(&c);
	e = errno;
	msg = stderr_capture_end();
	CHECK_INT(r, -1);
	CHECK_INT(e, EACCES);
	CHECK(strstr(msg, "can't run '") && strstr(msg, strerror(EACCES)));
	free(msg);
	child_release(&c);
	free(path);
	free(env_path);
}

static void test_a_script_without_shebang_runs_with_sh(void)
{
	struct child c = CHILD_INIT;
	struct strbuf out = STRBUF_INIT;
	char *path = path_join(tmpdir, "no-shebang");

	CHECK_INT(
	    write_file_atomic(path, "echo \"args: $*\"\nexit 4\n", 23, 0755),
	    0);
	strvec_pushl(&c.args, path, "a", "b c", NULL);
	c.out_buf = &out;
	CHECK_INT(run_command(&c), 4);
	CHECK_STR(out.buf, "args: a b c\n");
	child_release(&c);
	strbuf_release(&out);
	free(path);
}

static void test_stdout_and_stderr_are_captured_separately(void)
{
	struct child c = CHILD_INIT;
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;

	c.out_buf = &out;
	c.err_buf = &err;
	CHECK_INT(sh(&c, "echo to-out; echo to-err >&2; echo more-out; exit 5"),
		  5);
	CHECK_STR(out.buf, "to-out\nmore-out\n");
	CHECK_STR(err.buf, "to-err\n");
	child_release(&c);
	strbuf_release(&out);
	strbuf_release(&err);
}

static void test_err_to_out_merges_stderr_into_the_captured_stdout(void)
{
	struct child c = CHILD_INIT;
	struct strbuf out = STRBUF_INIT;

	c.out_buf = &out;
	c.err_to_out = true;
	CHECK_INT(sh(&c, "echo one; echo two >&2; echo three"), 0);
	CHECK_STR(out.buf, "one\ntwo\nthree\n");
	child_release(&c);
	strbuf_release(&out);
}

static void test_output_can_go_to_given_fds(void)
{
	struct child c = CHILD_INIT;
	char *outp = path_join(tmpdir, "out"), *errp = path_join(tmpdir, "err");
	struct strbuf got = STRBUF_INIT;
	int o = open(outp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	int e = open(errp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	c.out = o;
	c.err = e;
	CHECK_INT(sh(&c, "echo O; echo E >&2"), 0);
	close(o);
	close(e);
	strbuf_read_file(&got, outp);
	CHECK_STR(got.buf, "O\n");
	strbuf_reset(&got);
	strbuf_read_file(&got, errp);
	CHECK_STR(got.buf, "E\n");
	child_release(&c);
	strbuf_release(&got);
	free(outp);
	free(errp);
}

static void test_more_than_a_mebibyte_goes_in_and_out_without_deadlock(void)
{
	struct child c = CHILD_INIT;
	struct strbuf in = STRBUF_INIT, out = STRBUF_INIT, err = STRBUF_INIT;
	size_t i;

	for (i = 0; in.len < 3 * 1024 * 1024; i++)
		strbuf_addf(&in, "line %zu of the input\n", i);
	c.in_data = in.buf;
	c.in_len = in.len;
	c.out_buf = &out;
	c.err_buf = &err;
	/* the child writes as much back on both pipes as it reads */
	CHECK_INT(sh(&c, "tee /dev/stderr"), 0);
	CHECK_INT(out.len, in.len);
	CHECK(out.len == in.len && !memcmp(out.buf, in.buf, in.len));
	CHECK_INT(err.len, in.len);
	child_release(&c);
	strbuf_release(&in);
	strbuf_release(&out);
	strbuf_release(&err);
}

static void test_a_child_that_ignores_its_stdin_does_not_block_us(void)
{
	struct child c = CHILD_INIT;
	struct strbuf out = STRBUF_INIT;
	size_t len = 4 * 1024 * 1024;
	char *data = xcalloc(1, len);

	c.in_data = data;
	c.in_len = len;
	c.out_buf = &out;
	CHECK_INT(sh(&c, "echo not reading"), 0);
	CHECK_STR(out.buf, "not reading\n");
	child_release(&c);
	strbuf_release(&out);
	free(data);
}

static void test_in_data_of_zero_bytes_is_an_empty_stdin(void)
{
	struct child c = CHILD_INIT;
	struct strbuf out = STRBUF_INIT;

	c.in_data = "";
	c.in_len = 0;
	c.out_buf = &out;
	CHECK_INT(sh(&c, "wc -c"), 0);
	strbuf_trim(&out);
	CHECK_STR(out.buf, "0");
	child_release(&c);
	strbuf_release(&out);
}

static void test_no_stdin_gives_end_of_file(void)
{
	struct child c = CHILD_INIT;
	struct strbuf out = STRBUF_INIT;
	int fds[2];

	/* our stdin is a pipe that never ends: the child must not see it */
	CHECK(pipe(fds) == 0);
	c.in = fds[0];
	c.no_stdin = true;
	c.out_buf = &out;
	CHECK_INT(sh(&c, "cat; echo done"), 0);
	CHECK_STR(out.buf, "done\n");
	close(fds[0]);
	close(fds[1]);
	child_release(&c);
	strbuf_release(&out);
}

static void test_stdin_can_be_a_given_fd(void)
{
	struct child c = CHILD_INIT;
	struct strbuf out = STRBUF_INIT;
	char *path = path_join(tmpdir, "in");
	int fd;

	CHECK_INT(write_file_atomic(path, "from a file\n", 12, 0600), 0);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	c.in = fd;
	c.out_buf = &out;
	CHECK_INT(sh(&c, "cat"), 0);
	CHECK_STR(out.buf, "from a file\n");
	close(fd);
	child_release(&c);
	strbuf_release(&out);
	free(path);
}

static char *env_value_in_child(struct child *c, const char *name)
{
	struct strbuf out = STRBUF_INIT;
	char *script = xstrfmt("printf %%s \"${%s-(unset)}\"", name);

	c->out_buf = &out;
	CHECK_INT(sh(c, script), 0);
	free(script);
	strvec_clear(&c->args);
	return strbuf_detach(&out, NULL);
}

static void check_env(struct child *c, const char *name, const char *want)
{
	char *v = env_value_in_child(c, name);

	CHECK_STR(v, want);
	free(v);
}

static void test_env_adds_overrides_and_unsets(void)
{
	struct child c = CHILD_INIT;

	setenv("MYC_TEST_OVERRIDDEN", "ours", 1);
	setenv("MYC_TEST_UNSET", "ours", 1);
	setenv("MYC_TEST_KEPT", "kept", 1);
	strvec_pushl(&c.env, "MYC_TEST_ADDED=added",
		     "MYC_TEST_OVERRIDDEN=theirs", "MYC_TEST_UNSET",
		     "MYC_TEST_EQ=a=b", NULL);
	check_env(&c, "MYC_TEST_ADDED", "added");
	check_env(&c, "MYC_TEST_OVERRIDDEN", "theirs");
	check_env(&c, "MYC_TEST_UNSET", "(unset)");
	check_env(&c, "MYC_TEST_KEPT", "kept");
	check_env(&c, "MYC_TEST_EQ", "a=b");
	/* and ours is untouched */
	CHECK_STR(getenv("MYC_TEST_OVERRIDDEN"), "ours");
	CHECK_STR(getenv("MYC_TEST_UNSET"), "ours");
	CHECK(getenv("MYC_TEST_ADDED") == NULL);
	child_release(&c);
	unsetenv("MYC_TEST_OVERRIDDEN");
	unsetenv("MYC_TEST_UNSET");
	unsetenv("MYC_TEST_KEPT");
}

static void test_clean_env_passes_only_the_given_variables(void)
{
	struct child c = CHILD_INIT;
	struct strbuf out = STRBUF_INIT;

	setenv("MYC_TEST_KEPT", "kept", 1);
	c.clean_env = true;
	strvec_pushl(&c.env, "ONLY=this", NULL);
	strvec_pushl(&c.args, "/usr/bin/env", NULL);
	c.out_buf = &out;
	CHECK_INT(run_command(&c), 0);
	CHECK_STR(out.buf, "ONLY=this\n");
	child_release(&c);
	strbuf_release(&out);
	unsetenv("MYC_TEST_KEPT");
}

static void test_the_program_is_looked_up_in_the_childs_path(void)
{
	struct child c = CHILD_INIT;
	struct strbuf out = STRBUF_INIT;
	char *bin = path_join(tmpdir, "bin");
	char *prog = path_join(tmpdir, "bin/myc-test-prog");
	const char *script = "#!/bin/sh\necho \"found $1\"\n";

	CHECK_INT(mkdir_p(bin, 0755), 0);
	CHECK_INT(write_file_atomic(prog, script, strlen(script), 0755), 0);
	strvec_pushl(&c.args, "myc-test-prog", "it", NULL);
	strvec_pushf(&c.env, "PATH=/nonexistent:%s:/usr/bin:/bin", bin);
	c.out_buf = &out;
	CHECK_INT(run_command(&c), 0);
	CHECK_STR(out.buf, "found it\n");
	child_release(&c);
	strbuf_release(&out);
	free(bin);
	free(prog);
}

static void test_dir_sets_the_childs_working_directory(void)
{
	struct child c = CHILD_INIT;
	struct strbuf out = STRBUF_INIT;
	char *real = path_real(tmpdir), *missing = path_join(tmpdir, "nodir");
	char cwd[4096];

	c.dir = tmpdir;
	c.out_buf = &out;
	CHECK_INT(sh(&c, "pwd -P"), 0);
	strbuf_chomp(&out);
	CHECK_STR(out.buf, real);
	CHECK(getcwd(cwd, sizeof(cwd)) && !streq(cwd, real));
	child_release(&c);

	/* a directory that doesn't exist is a failure to start */
	c.dir = missing;
	c.silent_exec_failure = true;
	errno = 0;
	CHECK_INT(sh(&c, "exit 0"), -1);
	CHECK_INT(errno, ENOENT);
	child_release(&c);
	strbuf_release(&out);
	free(real);
	free(missing);
}

struct chunks {
	struct strbuf all;
	int calls;
};

static void on_chunk(const char *data, size_t len, void *ctx)
{
	struct chunks *ch = ctx;

	strbuf_add(&ch->all, data, len);
	ch->calls++;
}

static void test_on_output_chunks_add_up_to_the_output(void)
{
	struct child c = CHILD_INIT;
	struct strbuf out = STRBUF_INIT;
	struct chunks ch = {STRBUF_INIT, 0};

	c.on_output = on_chunk;
	c.on_output_ctx = &ch;
	c.out_buf = &out;
	CHECK_INT(sh(&c, "seq 1 50000"), 0);
	CHECK(ch.calls > 1);
	CHECK_INT(ch.all.len, out.len);
	CHECK(!strcmp(ch.all.buf, out.buf));
	CHECK(starts_with(out.buf, "1\n2\n3\n"));
	CHECK(ends_with(out.buf, "\n49999\n50000\n"));
	child_release(&c);

	/* without out_buf, the callback alone sees the output */
	strbuf_reset(&ch.all);
	c.on_output = on_chunk;
	c.on_output_ctx = &ch;
	CHECK_INT(sh(&c, "echo only-callback"), 0);
	CHECK_STR(ch.all.buf, "only-callback\n");
	child_release(&c);
	strbuf_release(&out);
	strbuf_release(&ch.all);
}

static void test_run_capture_is_run_command_with_stdout_captured(void)
{
	const char *argv[] = {"printf", "%s|", "a", "b c", NULL};
	const char *bad[] = {"myc-no-such-program", NULL};
	struct strbuf out = STRBUF_INIT;
	char *msg;
	int r;

	CHECK_INT(run_capture(argv, &out), 0);
	CHECK_STR(out.buf, "a|b c|");
	stderr_capture_start();
	r = run_capture(bad, NULL);
	msg = stderr_capture_end();
	CHECK_INT(r, -1);
	CHECK(strstr(msg, "myc-no-such-program") != NULL);
	free(msg);
	strbuf_release(&out);
}

static void test_child_describe_quotes_only_what_needs_it(void)
{
	struct child c = CHILD_INIT;
	struct strbuf sb = STRBUF_INIT;

	strvec_pushl(&c.args, "docker", "run", "--name=web-1", "/a/b:c",
		     "two words", "it's", "", "$HOME", "a*", NULL);
	child_describe(&c, &sb);
	CHECK_STR(sb.buf, "docker run --name=web-1 /a/b:c 'two words' "
			  "'it'\\''s' '' '$HOME' 'a*'");
	child_release(&c);
	strbuf_release(&sb);
}

/*
 * A child inherits the signal dispositions we had before run_command(), as
 * with the C library's system: a SIGINT we ignore (nohup, background jobs)
 * stays ignored.
 */
static void test_the_child_keeps_our_ignored_sigint(void)
{
	struct sigaction ign = {.sa_handler = SIG_IGN}, old;

	sigaction(SIGINT, &ign, &old);
	CHECK_INT(status_of("kill -INT $$; exit 7"), 7);
	sigaction(SIGINT, &old, NULL);
	CHECK_INT(status_of("kill -INT $$; exit 7"), 128 + SIGINT);
}

static void test_sigpipe_is_default_in_the_child(void)
{
	struct sigaction ign = {.sa_handler = SIG_IGN}, old;

	/* even when we ignore it, as the applets do for libcurl */
	sigaction(SIGPIPE, &ign, &old);
	CHECK_INT(status_of("yes | head -n 1 >/dev/null; exit 0"), 0);
	CHECK_INT(status_of("kill -PIPE $$"), 128 + SIGPIPE);
	sigaction(SIGPIPE, &old, NULL);
}

int main(void)
{
	/* a background job starts with SIGINT ignored: the tests want ours */
	signal(SIGINT, SIG_DFL);
	if (!mkdtemp(tmpdir))
		die_errno("mkdtemp");
	RUN(test_exit_codes_come_back_as_they_are);
	RUN(test_a_child_killed_by_a_signal_gives_128_plus_the_signal);
	RUN(test_a_missing_program_is_minus_one_enoent_with_a_message);
	RUN(test_a_missing_path_fails_in_exec_and_reports_enoent);
	RUN(test_a_non_executable_file_does_not_run);
	RUN(test_a_script_without_shebang_runs_with_sh);
	RUN(test_stdout_and_stderr_are_captured_separately);
	RUN(test_err_to_out_merges_stderr_into_the_captured_stdout);
	RUN(test_output_can_go_to_given_fds);
	RUN(test_more_than_a_mebibyte_goes_in_and_out_without_deadlock);
	RUN(test_a_child_that_ignores_its_stdin_does_not_block_us);
	RUN(test_in_data_of_zero_bytes_is_an_empty_stdin);
	RUN(test_no_stdin_gives_end_of_file);
	RUN(test_stdin_can_be_a_given_fd);
	RUN(test_env_adds_overrides_and_unsets);
	RUN(test_clean_env_passes_only_the_given_variables);
	RUN(test_the_program_is_looked_up_in_the_childs_path);
	RUN(test_dir_sets_the_childs_working_directory);
	RUN(test_on_output_chunks_add_up_to_the_output);
	RUN(test_run_capture_is_run_command_with_stdout_captured);
	RUN(test_child_describe_quotes_only_what_needs_it);
	RUN(test_the_child_keeps_our_ignored_sigint);
	RUN(test_sigpipe_is_default_in_the_child);
	remove_tree(tmpdir);
	return unit_done();
}
