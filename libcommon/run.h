/*
 * run.h - running child processes without a shell.
 *
 *	struct child c = CHILD_INIT;
 *	strvec_pushl(&c.args, "docker-compose", "version", "--short", NULL);
 *	c.out_buf = &out;               (capture stdout)
 *	status = run_command(&c);
 *	child_release(&c);
 *
 * run_command() returns the child's exit code, 128+N when it was killed by
 * signal N, or -1 with errno set when the program could not be started (not
 * found, not executable: exec failures are reported to the parent through a
 * close-on-exec pipe).  Unless c.silent_exec_failure, that -1 also prints
 * "can't run 'PROG': reason".
 *
 * The program is looked up in the child's PATH (c.env's PATH if set there,
 * else ours).  While it waits, the parent ignores SIGINT and SIGQUIT, as
 * the C library's system does, so that a Ctrl-C reaches the child and its
 * status is kept.
 */
#ifndef MYC_RUN_H
#define MYC_RUN_H

#include "common.h"
#include "strbuf.h"
#include "strvec.h"

struct child {
	struct strvec args;	/* argv; args.v[0] is the program */
	struct strvec env;	/* "K=V" set or override, "K" unsets */
	bool clean_env;		/* start from an empty environment */
	const char *dir;	/* working directory of the child */

	/* stdin: the bytes of in_data, else /dev/null if no_stdin, else in */
	const char *in_data;
	size_t in_len;
	bool no_stdin;
	int in;			/* fd to give as stdin; -1 inherits ours */

	/* stdout / stderr: captured into a buffer, or an fd, or inherited */
	struct strbuf *out_buf;
	struct strbuf *err_buf;
	int out;		/* fd for stdout when not captured; -1 inherits */
	int err;		/* fd for stderr when not captured; -1 inherits */
	bool err_to_out;	/* stderr goes wherever stdout goes */

	/* Called with each chunk read from a captured stdout. */
	void (*on_output)(const char *data, size_t len, void *ctx);
	void *on_output_ctx;

	bool silent_exec_failure;
	pid_t pid;
};

#define CHILD_INIT                                                             \
	{                                                                      \
		.args = STRVEC_INIT, .env = STRVEC_INIT, .in = -1, .out = -1,  \
		.err = -1,                                                     \
	}

void child_init(struct child *c);
void child_release(struct child *c);

/* Start, feed, capture and wait. See the top of this file for the result. */
int run_command(struct child *c);

/* Shorthand: run argv (NULL-terminated), stdout into out (may be NULL). */
int run_capture(const char *const *argv, struct strbuf *out);

/* Decode a wait(2) status: exit code, or 128+signal. */
int decode_wait_status(int status);

/* The command line, each word shell-quoted when needed (for --debug). */
void child_describe(const struct child *c, struct strbuf *sb);

#endif
