/* st - a terminal in tmux on a host: mosh, or ssh when mosh can't connect. */
#include "applets.h"
#include "common.h"
#include "log.h"
#include "run.h"
#include "strbuf.h"
#include "strvec.h"

#include <time.h>

const char st_help[] =
	"usage: st [OPTIONS] HOST [SSH-OPTION...]\n"
	"\n"
	"Open a terminal on HOST inside tmux: mosh first, then 'ssh -t' when\n"
	"mosh can't connect.  Both run 'tmux new-session -A -s NAME' there\n"
	"(attach to the session NAME, or create it), with TERM=xterm-256color.\n"
	"\n"
	"  -s, --session NAME   tmux session to attach or create (default: st)\n"
	"  -m, --mosh-arg ARG   pass ARG to mosh (repeatable): -m --port=60001\n"
	"      --ssh-only       use ssh, don't try mosh\n"
	"      --mosh-only      use mosh, don't fall back to ssh\n"
	"\n"
	"SSH-OPTIONs after HOST (after a '--' if you like) go to ssh, and to the\n"
	"ssh that mosh runs (as mosh --ssh='ssh SSH-OPTION...'):\n"
	"    st root@myvps.fr -p 2222 -i ~/.ssh/vps\n"
	"\n"
	"st falls back to ssh when mosh is not installed; when mosh exits 10\n"
	"(ssh or mosh-server failed: nothing was started) or another code of\n"
	"its wrapper dying before any session; when mosh exits 1 within 60 s\n"
	"of the start (no UDP got through: mosh gives up after 15 s).  Not\n"
	"when mosh exits 0 (a session ended), is killed by a signal, or exits\n"
	"1 later than that: mosh also exits 1 when a real session lost its\n"
	"server, and st never follows a session with another one.\n"
	"ST_FALLBACK_WINDOW=SECONDS changes the 60 s.\n"
	"\n"
	"Exit status: that of the last mosh or ssh, as is; 2 on usage errors,\n"
	"127 when it can't be run.\n";

#define DEFAULT_SESSION "st"
#define DEFAULT_WINDOW 60
#define SESSION_TERM "xterm-256color"

struct st_opts {
	const char *host;
	const char *session;
	struct strvec ssh_args;	 /* after HOST: for ssh, and mosh's ssh */
	struct strvec mosh_args; /* -m ARG */
	bool ssh_only, mosh_only;
	long window; /* seconds within which mosh's exit 1 is a failure */
};

#define ST_OPTS_INIT                                                           \
	{                                                                      \
		.session = DEFAULT_SESSION, .ssh_args = STRVEC_INIT,           \
		.mosh_args = STRVEC_INIT, .window = DEFAULT_WINDOW,            \
	}

/*
 * The value of option -S / --LONG at argv[*i] (-SVAL, -S VAL, --LONG=VAL,
 * --LONG VAL), stepping *i over it; NULL if argv[*i] is another option.
 */
static const char *take_value(int argc, char **argv, int *i, char s,
			      const char *lng)
{
	const char *a = argv[*i];
	size_t n = strlen(lng);

	if (a[0] == '-' && a[1] == s) {
		if (a[2])
			return a + 2;
	} else if (a[0] == '-' && a[1] == '-' && !strncmp(a + 2, lng, n) &&
		   (a[2 + n] == '=' || !a[2 + n])) {
		if (a[2 + n] == '=')
			return a + 3 + n;
	} else {
		return NULL;
	}
	if (*i + 1 >= argc)
		die_usage("option '%s' needs a value", a);
	return argv[++*i];
}

static void check_session(const char *name)
{
	const char *p;

	/* tmux reads ':' and '.' in a target as window and pane */
	if (!*name)
		die_usage("empty session name");
	for (p = name; *p; p++)
		if (*p == ':' || *p == '.' || (unsigned char)*p < ' ' ||
		    *p == 0x7f)
			die_usage("invalid session name '%s'", name);
}

static void check_host(const char *host)
{
	if (!*host)
		die_usage("empty host");
	/* ssh and mosh would take it for an option */
	if (host[0] == '-')
		die_usage("invalid host '%s': starts with '-'", host);
}

static long window_from_env(void)
{
	const char *v = getenv("ST_FALLBACK_WINDOW");
	char *end;
	long w;

	if (!v)
		return DEFAULT_WINDOW;
	errno = 0;
	w = strtol(v, &end, 10);
	if (!*v || *end || w < 0 || errno)
		die_usage("invalid ST_FALLBACK_WINDOW '%s' (seconds)", v);
	return w;
}

/* Returns 1 when --help was asked for. */
static int parse_args(struct st_opts *o, int argc, char **argv)
{
	const char *v;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];

		if (streq(a, "--")) {
			i++;
			break;
		}
		if ((v = take_value(argc, argv, &i, 's', "session")))
			o->session = v;
		else if ((v = take_value(argc, argv, &i, 'm', "mosh-arg")))
			strvec_push(&o->mosh_args, v);
		else if (streq(a, "--ssh-only"))
			o->ssh_only = true;
		else if (streq(a, "--mosh-only"))
			o->mosh_only = true;
		else if (streq(a, "-h") || streq(a, "--help"))
			return 1;
		else
			die_usage("unknown option '%s' (see st --help)", a);
	}
	if (i >= argc)
		die_usage("missing HOST (usage: st [OPTIONS] HOST "
			  "[SSH-OPTION...])");
	if (o->ssh_only && o->mosh_only)
		die_usage("--ssh-only and --mosh-only exclude each other");
	o->host = argv[i++];
	check_host(o->host);
	check_session(o->session);
	if (i < argc && streq(argv[i], "--"))
		i++;
	strvec_pushv(&o->ssh_args, (const char *const *)argv + i);
	o->window = window_from_env();
	return 0;
}

/* Append word to a command line read by a shell (or mosh's shellwords). */
static void add_word(struct strbuf *sb, const char *w)
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyz"
				   "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "0123456789-_./=:,+@%";

	if (sb->len)
		strbuf_addch(sb, ' ');
	if (*w && strspn(w, safe) == strlen(w))
		strbuf_addstr(sb, w);
	else
		strbuf_add_shell_quoted(sb, w);
}

/*
 * mosh execs the command itself (no shell on the way), so one tmux command
 * that attaches or creates beats the guide's "tmux attach || tmux", which
 * needed "bash -c" around it, and always lands in the same named session.
 */
static void push_tmux(const struct st_opts *o, struct strvec *v)
{
	strvec_pushl(v, "tmux", "new-session", "-A", "-s", o->session, NULL);
}

static int run_mosh(const struct st_opts *o)
{
	struct child c = CHILD_INIT;
	int rc;

	strvec_push(&c.args, "mosh");
	strvec_pushv(&c.args, o->mosh_args.v);
	if (o->ssh_args.nr) {
		struct strbuf sb = STRBUF_INIT;
		size_t i;

		strbuf_addstr(&sb, "ssh");
		for (i = 0; i < o->ssh_args.nr; i++)
			add_word(&sb, o->ssh_args.v[i]);
		strvec_pushf(&c.args, "--ssh=%s", sb.buf);
		strbuf_release(&sb);
	}
	strvec_pushl(&c.args, o->host, "--", NULL);
	push_tmux(o, &c.args);
	strvec_push(&c.env, "TERM=" SESSION_TERM);
	/* when it is missing, we say so on our way to ssh */
	c.silent_exec_failure = !o->mosh_only;
	rc = run_command(&c);
	child_release(&c);
	return rc;
}

static int run_ssh(const struct st_opts *o)
{
	struct child c = CHILD_INIT;
	struct strvec tmux = STRVEC_INIT;
	struct strbuf cmd = STRBUF_INIT;
	size_t i;
	int rc;

	/* ssh hands one string to the remote user's shell */
	push_tmux(o, &tmux);
	for (i = 0; i < tmux.nr; i++)
		add_word(&cmd, tmux.v[i]);
	strvec_pushl(&c.args, "ssh", "-t", NULL);
	strvec_pushv(&c.args, o->ssh_args.v);
	strvec_pushl(&c.args, o->host, cmd.buf, NULL);
	/* ssh passes its TERM on with the pty request */
	strvec_push(&c.env, "TERM=" SESSION_TERM);
	rc = run_command(&c);
	child_release(&c);
	strvec_clear(&tmux);
	strbuf_release(&cmd);
	return rc;
}

static long now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec;
}

/*
 * Was mosh's status (rc, after secs seconds) a failure to connect?
 *
 * mosh is a Perl wrapper: it runs ssh to start mosh-server, reads the UDP
 * port and key that mosh-server prints, then execs mosh-client.
 *  - Before the exec nothing runs on the host yet.  When ssh or mosh-server
 *    fails, the wrapper dies, and Perl's die exits with errno: 10 (ECHILD,
 *    from its waitpid after the pipe's close had reaped ssh); other errno
 *    values, or 255 without one, on its rarer deaths.  All: fall back.
 *  - mosh-client exits 0 after a clean shutdown: a session that ended.
 *  - mosh-client exits 1 on an unclean one.  That is the UDP-blocked case
 *    (it gives up 15 s after it started, having never heard from the
 *    server), but also a real session whose server became unreachable
 *    before the user quit it.  Following that one with an ssh session
 *    would be wrong, and st can't see mosh-client's message without
 *    capturing the terminal's stderr, so time tells them apart: 15 s plus
 *    ssh's log-in is well under the window (60 s), and a session lost in
 *    its first minute is the rare case that gets an ssh one after it.
 *  - 129..254: killed by a signal: the user's or the system's decision.
 */
static bool mosh_failed_to_connect(int rc, long secs, long window)
{
	if (rc < 0)
		return true;
	if (rc == 0 || (rc > 128 && rc < 255))
		return false;
	if (rc == 1)
		return secs <= window;
	return true;
}

static void say_fallback(int rc, int err, long secs, bool falling_back)
{
	if (rc < 0)
		log_info("can't run mosh (%s), falling back to ssh",
			 strerror(err));
	else if (falling_back)
		log_info("mosh failed (exit %d), falling back to ssh", rc);
	else if (rc == 1)
		log_info("mosh exited 1 after %ld s: a lost session, not "
			 "retried with ssh",
			 secs);
}

static int connect_host(const struct st_opts *o)
{
	long start, secs;
	bool fallback;
	int rc, err;

	if (o->ssh_only) {
		log_info("trying ssh to %s", o->host);
		return run_ssh(o);
	}
	log_info("trying mosh to %s", o->host);
	start = now_seconds();
	rc = run_mosh(o);
	err = errno;
	secs = now_seconds() - start;
	if (o->mosh_only)
		return rc;
	fallback = mosh_failed_to_connect(rc, secs, o->window);
	say_fallback(rc, err, secs, fallback);
	if (!fallback)
		return rc;
	return run_ssh(o);
}

int st_main(int argc, char **argv)
{
	struct st_opts o = ST_OPTS_INIT;
	int rc;

	if (parse_args(&o, argc, argv)) {
		fputs(st_help, stdout);
		rc = EXIT_OK;
	} else {
		rc = connect_host(&o);
		if (rc < 0)
			rc = EXIT_NOTFOUND;
	}
	strvec_clear(&o.ssh_args);
	strvec_clear(&o.mosh_args);
	return rc;
}
