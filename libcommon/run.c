/* run.c - fork/exec without a shell, with capture and exact exit status. */
#include "run.h"
#include "fs.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

void child_init(struct child *c)
{
	struct child blank = CHILD_INIT;

	*c = blank;
}

void child_release(struct child *c)
{
	strvec_clear(&c->args);
	strvec_clear(&c->env);
}

int decode_wait_status(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return -1;
}

static bool needs_quote(const char *s)
{
	if (!*s)
		return true;
	for (; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789-_./=:,+@%",
			    *s))
			return true;
	return false;
}

void child_describe(const struct child *c, struct strbuf *sb)
{
	size_t i;

	for (i = 0; i < c->args.nr; i++) {
		if (i)
			strbuf_addch(sb, ' ');
		if (needs_quote(c->args.v[i]))
			strbuf_add_shell_quoted(sb, c->args.v[i]);
		else
			strbuf_addstr(sb, c->args.v[i]);
	}
}

/* Our environment with c->env applied. */
static void build_env(const struct child *c, struct strvec *out)
{
	size_t i;

	if (!c->clean_env)
		for (i = 0; environ && environ[i]; i++)
			strvec_push(out, environ[i]);
	for (i = 0; i < c->env.nr; i++) {
		const char *kv = c->env.v[i], *eq = strchr(kv, '=');
		char *key = eq ? xstrndup(kv, (size_t)(eq - kv)) : xstrdup(kv);
		size_t j;

		for (j = 0; j < out->nr; j++) {
			const char *o = out->v[j];
			size_t kl = strlen(key);
			if (!strncmp(o, key, kl) && o[kl] == '=') {
				free((char *)o);
				memmove(&out->v[j], &out->v[j + 1],
					(out->nr - j) * sizeof(*out->v));
				out->nr--;
				break;
			}
		}
		if (eq)
			strvec_push(out, kv);
		free(key);
	}
}

static char *resolve_program(const char *prog, const struct strvec *env)
{
	if (strchr(prog, '/'))
		return xstrdup(prog);
	return find_in_path(prog, strvec_getenv(env, "PATH"));
}

static void child_dup(int from, int to)
{
	if (from == to) {
		/* the fd must survive exec: clear close-on-exec */
		fcntl(to, F_SETFD, 0);
		return;
	}
	if (dup2(from, to) < 0)
		_exit(127);
}

struct pipes {
	int in[2], out[2], err[2], exec_err[2];
};

/* Our dispositions from before run_command() ignored these signals. */
struct saved_signals {
	struct sigaction intr, quit, pipe;
};

static void child_signal(int sig, const struct sigaction *old)
{
	signal(sig, old->sa_handler == SIG_IGN ? SIG_IGN : SIG_DFL);
}

static NORETURN void exec_child(const struct child *c, const char *prog,
				const struct strvec *env, struct pipes *p,
				const struct saved_signals *old)
{
	int e;

	/*
	 * As the C library's system does, a SIGINT ignored by whoever started
	 * us (nohup, a background job) stays ignored in the child; our own
	 * handlers don't survive exec anyway.  SIGPIPE is the default whatever
	 * we do with it.
	 */
	signal(SIGPIPE, SIG_DFL);
	child_signal(SIGINT, &old->intr);
	child_signal(SIGQUIT, &old->quit);
	if (p->in[0] >= 0)
		child_dup(p->in[0], 0);
	else if (c->in >= 0)
		child_dup(c->in, 0);
	if (p->out[1] >= 0)
		child_dup(p->out[1], 1);
	else if (c->out >= 0)
		child_dup(c->out, 1);
	if (c->err_to_out)
		child_dup(1, 2);
	else if (p->err[1] >= 0)
		child_dup(p->err[1], 2);
	else if (c->err >= 0)
		child_dup(c->err, 2);
	if (c->dir && chdir(c->dir) < 0)
		goto fail;
	execve(prog, (char *const *)c->args.v, (char *const *)env->v);
	if (errno == ENOEXEC) {
		/* a script without #!: run it with sh, as execvp does */
		struct strvec sh = STRVEC_INIT;
		strvec_pushl(&sh, "/bin/sh", prog, NULL);
		strvec_pushv(&sh, c->args.v + 1);
		execve("/bin/sh", (char *const *)sh.v, (char *const *)env->v);
	}
fail:
	e = errno;
	if (write(p->exec_err[1], &e, sizeof(e)) < 0)
		_exit(127);
	_exit(127);
}

static void close_pair(int fds[2])
{
	if (fds[0] >= 0)
		close(fds[0]);
	if (fds[1] >= 0)
		close(fds[1]);
	fds[0] = fds[1] = -1;
}

/* pipe2(fds, O_CLOEXEC), which macOS lacks. */
static int cloexec_pipe(int fds[2])
{
	if (pipe(fds) < 0)
		return -1;
	if (set_cloexec(fds[0]) < 0 || set_cloexec(fds[1]) < 0) {
		close_pair(fds);
		return -1;
	}
	return 0;
}

static int open_pipes(const struct child *c, struct pipes *p)
{
	p->in[0] = p->in[1] = p->out[0] = p->out[1] = -1;
	p->err[0] = p->err[1] = -1;
	if (cloexec_pipe(p->exec_err) < 0)
		return -1;
	if (c->in_data) {
		/* non-blocking, so that feeding never stalls the draining */
		if (cloexec_pipe(p->in) < 0 ||
		    fcntl(p->in[1], F_SETFL, O_NONBLOCK) < 0)
			return -1;
	}
	if (c->no_stdin && !c->in_data) {
		p->in[0] = open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (p->in[0] < 0)
			return -1;
	}
	if ((c->out_buf || c->on_output) && cloexec_pipe(p->out) < 0)
		return -1;
	if (c->err_buf && !c->err_to_out && cloexec_pipe(p->err) < 0)
		return -1;
	return 0;
}

static void read_into(int *fd, struct strbuf *sb, const struct child *c,
		      bool is_out)
{
	char buf[16384];
	ssize_t n = read(*fd, buf, sizeof(buf));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		close(*fd);
		*fd = -1;
		return;
	}
	if (sb)
		strbuf_add(sb, buf, (size_t)n);
	if (is_out && c->on_output)
		c->on_output(buf, (size_t)n, c->on_output_ctx);
}

/* Feed stdin and drain stdout/stderr until all are closed. */
static void pump(const struct child *c, struct pipes *p)
{
	size_t fed = 0;
	int in = p->in[1], out = p->out[0], err = p->err[0];

	if (in >= 0 && !c->in_len) {
		close(in);
		in = -1;
	}
	while (in >= 0 || out >= 0 || err >= 0) {
		struct pollfd fds[3];
		int n = 0, io = -1, oo = -1, eo = -1;

		if (in >= 0) {
			fds[n] = (struct pollfd){in, POLLOUT, 0};
			io = n++;
		}
		if (out >= 0) {
			fds[n] = (struct pollfd){out, POLLIN, 0};
			oo = n++;
		}
		if (err >= 0) {
			fds[n] = (struct pollfd){err, POLLIN, 0};
			eo = n++;
		}
		if (poll(fds, (nfds_t)n, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (io >= 0 && fds[io].revents) {
			ssize_t w = write(in, c->in_data + fed,
					  c->in_len - fed > 65536
						  ? 65536
						  : c->in_len - fed);
			if (w > 0)
				fed += (size_t)w;
			if ((w < 0 && errno != EINTR && errno != EAGAIN) ||
			    fed == c->in_len) {
				close(in);
				in = -1;
			}
		}
		if (oo >= 0 && fds[oo].revents)
			read_into(&out, c->out_buf, c, true);
		if (eo >= 0 && fds[eo].revents)
			read_into(&err, c->err_buf, c, false);
	}
	p->in[1] = p->out[0] = p->err[0] = -1;
}

static int wait_child(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return decode_wait_status(status);
}

int run_command(struct child *c)
{
	struct strvec env = STRVEC_INIT;
	struct sigaction ign = {.sa_handler = SIG_IGN};
	struct saved_signals old;
	struct pipes p;
	char *prog;
	int e = 0, status;
	ssize_t n;

	if (!c->args.nr)
		BUG("run_command with no program");
	build_env(c, &env);
	prog = resolve_program(c->args.v[0], &env);
	if (!prog) {
		strvec_clear(&env);
		errno = ENOENT;
		goto exec_failed;
	}
	if (open_pipes(c, &p) < 0)
		die_errno("can't create pipes");
	fflush(NULL);
	sigaction(SIGINT, &ign, &old.intr);
	sigaction(SIGQUIT, &ign, &old.quit);
	sigaction(SIGPIPE, &ign, &old.pipe);
	c->pid = fork();
	if (c->pid < 0)
		die_errno("fork failed");
	if (!c->pid)
		exec_child(c, prog, &env, &p, &old);
	free(prog);
	strvec_clear(&env);
	close(p.exec_err[1]);
	if (p.in[0] >= 0)
		close(p.in[0]);
	if (p.out[1] >= 0)
		close(p.out[1]);
	if (p.err[1] >= 0)
		close(p.err[1]);
	while ((n = read(p.exec_err[0], &e, sizeof(e))) < 0 && errno == EINTR)
		;
	close(p.exec_err[0]);
	if (n == sizeof(e)) {
		close_pair(p.in);
		close_pair(p.out);
		close_pair(p.err);
		wait_child(c->pid);
		errno = e;
		status = -1;
	} else {
		pump(c, &p);
		status = wait_child(c->pid);
	}
	sigaction(SIGINT, &old.intr, NULL);
	sigaction(SIGQUIT, &old.quit, NULL);
	sigaction(SIGPIPE, &old.pipe, NULL);
	if (status >= 0)
		return status;
exec_failed:
	if (!c->silent_exec_failure)
		error_errno("can't run '%s'", c->args.v[0]);
	return -1;
}

int run_capture(const char *const *argv, struct strbuf *out)
{
	struct child c = CHILD_INIT;
	int r;

	strvec_pushv(&c.args, argv);
	c.out_buf = out;
	r = run_command(&c);
	child_release(&c);
	return r;
}
