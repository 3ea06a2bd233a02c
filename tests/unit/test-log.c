/* test-log.c - message format, levels, colour choice and secret masking. */
#include "log.h"
#include "strbuf.h"
#include "unit.h"

#include <fcntl.h>
#include <unistd.h>

/* Our stderr goes into a pipe while a test prints; the text comes back. */
static int saved_stderr = -1, capture_pipe[2];

static void stderr_capture_start(void)
{
	if (pipe(capture_pipe) < 0)
		die_errno("pipe");
	saved_stderr = dup(2);
	dup2(capture_pipe[1], 2);
	close(capture_pipe[1]);
}

static char *stderr_capture_end(void)
{
	struct strbuf sb = STRBUF_INIT;

	dup2(saved_stderr, 2);
	close(saved_stderr);
	strbuf_read_fd(&sb, capture_pipe[0]);
	close(capture_pipe[0]);
	return strbuf_detach(&sb, NULL);
}

static void reset(void)
{
	log_clear_secrets();
	log_show_secrets(false);
	log_set_level(LOG_INFO);
}

static void test_messages_are_prefixed_with_the_applet_name(void)
{
	char *out;

	reset();
	applet_name = "tester";
	stderr_capture_start();
	error("can't open '%s'", "x.yml");
	warning("odd value %d", 3);
	errno = ENOENT;
	error_errno("can't read '%s'", "y");
	log_info("plain %s", "info");
	out = stderr_capture_end();
	CHECK_STR(out, "tester: can't open 'x.yml'\n"
		       "tester: warning: odd value 3\n"
		       "tester: can't read 'y': No such file or directory\n"
		       "tester: plain info\n");
	free(out);
	applet_name = "myc";
}

static void test_error_returns_minus_one_and_error_errno_keeps_errno(void)
{
	char *out;
	int r1, r2, e;

	reset();
	stderr_capture_start();
	r1 = error("x");
	errno = EACCES;
	r2 = error_errno("y");
	e = errno;
	out = stderr_capture_end();
	CHECK_INT(r1, -1);
	CHECK_INT(r2, -1);
	CHECK_INT(e, EACCES);
	free(out);
}

static void test_debug_messages_show_only_at_debug_level(void)
{
	char *out;

	reset();
	CHECK(!log_debug_enabled());
	stderr_capture_start();
	log_debug("hidden %d", 1);
	log_info("shown");
	log_set_level(LOG_DEBUG);
	log_debug("visible %d", 2);
	log_set_level(LOG_WARN);
	log_info("hidden too");
	log_msg(LOG_WARN, "a warning");
	log_msg(LOG_ERROR, "an error");
	/* error() is never filtered */
	log_set_level(LOG_ERROR);
	warning("filtered? no: warnings are not levelled");
	error("always");
	out = stderr_capture_end();
	CHECK_STR(out, "myc: shown\n"
		       "myc: visible 2\n"
		       "myc: a warning\n"
		       "myc: an error\n"
		       "myc: warning: filtered? no: warnings are not levelled\n"
		       "myc: always\n");
	free(out);
	log_set_level(LOG_DEBUG);
	CHECK(log_debug_enabled());
	CHECK_INT(log_get_level(), LOG_DEBUG);
	reset();
}

static void test_secrets_are_masked_in_every_message(void)
{
	char *out;

	reset();
	log_add_secret("hunter22");
	log_add_secret("s3cr3t-token");
	stderr_capture_start();
	error("login with hunter22 failed");
	warning("token=%s", "s3cr3t-token");
	log_info("both: hunter22/s3cr3t-token, twice hunter22");
	errno = EPERM;
	error_errno("key %s", "hunter22");
	out = stderr_capture_end();
	CHECK_STR(out, "myc: login with ***** failed\n"
		       "myc: warning: token=*****\n"
		       "myc: both: *****/*****, twice *****\n"
		       "myc: key *****: Operation not permitted\n");
	free(out);
	reset();
}

static void test_log_mask_masks_a_buffer(void)
{
	struct strbuf sb = STRBUF_INIT;

	reset();
	log_add_secret("p4ssw0rd");
	log_add_secret("p4ssw0rd"); /* twice is once */
	strbuf_addstr(&sb, "user:p4ssw0rd@host p4ssw0rdp4ssw0rd");
	log_mask(&sb);
	CHECK_STR(sb.buf, "user:*****@host **********");
	strbuf_release(&sb);
	reset();
}

static void test_a_secret_inside_a_longer_one_leaks_nothing(void)
{
	struct strbuf sb = STRBUF_INIT;

	reset();
	/* registered short first: the long one must still be masked whole */
	log_add_secret("abcd");
	log_add_secret("abcdefgh");
	log_add_secret("xyz-abcd-xyz");
	strbuf_addstr(&sb, "[abcdefgh] [abcd] [xyz-abcd-xyz]");
	log_mask(&sb);
	CHECK_STR(sb.buf, "[*****] [*****] [*****]");
	strbuf_release(&sb);
	reset();
}

static void test_show_secrets_turns_masking_off(void)
{
	struct strbuf sb = STRBUF_INIT;
	char *out;

	reset();
	log_add_secret("hunter22");
	log_show_secrets(true);
	CHECK(log_secrets_shown());
	stderr_capture_start();
	error("password hunter22");
	out = stderr_capture_end();
	CHECK_STR(out, "myc: password hunter22\n");
	free(out);
	strbuf_addstr(&sb, "hunter22");
	log_mask(&sb);
	CHECK_STR(sb.buf, "hunter22");
	log_show_secrets(false);
	CHECK(!log_secrets_shown());
	log_mask(&sb);
	CHECK_STR(sb.buf, "*****");
	strbuf_release(&sb);
	reset();
}

static void test_short_and_null_secrets_are_ignored(void)
{
	struct strbuf sb = STRBUF_INIT;

	reset();
	log_add_secret("");
	log_add_secret("a");
	log_add_secret("abc");
	log_add_secret(NULL);
	strbuf_addstr(&sb, "a abc abcd");
	log_mask(&sb);
	CHECK_STR(sb.buf, "a abc abcd");
	log_add_secret("abcd");
	log_mask(&sb);
	CHECK_STR(sb.buf, "a abc *****");
	log_clear_secrets();
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "abcd");
	log_mask(&sb);
	CHECK_STR(sb.buf, "abcd");
	strbuf_release(&sb);
	reset();
}

static void test_no_colour_off_a_terminal_or_with_no_color(void)
{
	int master = posix_openpt(O_RDWR | O_NOCTTY), slave = -1;
	const char *name;
	int fds[2];

	CHECK(pipe(fds) == 0);
	unsetenv("NO_COLOR");
	CHECK(!log_use_color(fds[1]));
	close(fds[0]);
	close(fds[1]);
	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0 ||
	    !(name = ptsname(master)) ||
	    (slave = open(name, O_RDWR | O_NOCTTY)) < 0) {
		printf("# SKIP colour on a terminal: no pseudo-terminal\n");
		if (master >= 0)
			close(master);
		return;
	}
	unsetenv("NO_COLOR");
	CHECK(log_use_color(slave));
	setenv("NO_COLOR", "1", 1);
	CHECK(!log_use_color(slave));
	setenv("NO_COLOR", "", 1); /* empty counts as unset */
	CHECK(log_use_color(slave));
	unsetenv("NO_COLOR");
	close(slave);
	close(master);
}

int main(void)
{
	RUN(test_messages_are_prefixed_with_the_applet_name);
	RUN(test_error_returns_minus_one_and_error_errno_keeps_errno);
	RUN(test_debug_messages_show_only_at_debug_level);
	RUN(test_secrets_are_masked_in_every_message);
	RUN(test_log_mask_masks_a_buffer);
	RUN(test_a_secret_inside_a_longer_one_leaks_nothing);
	RUN(test_show_secrets_turns_masking_off);
	RUN(test_short_and_null_secrets_are_ignored);
	RUN(test_no_colour_off_a_terminal_or_with_no_color);
	return unit_done();
}
