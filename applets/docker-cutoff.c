/* docker-cutoff - reject containers' outgoing TCP to some ports (iptables). */
#include "applets.h"
#include "common.h"
#include "run.h"
#include "strbuf.h"

const char docker_cutoff_help[] =
	"usage: docker-cutoff [-n] PORT...\n"
	"       docker-cutoff [-n] --remove PORT...\n"
	"       docker-cutoff --list\n"
	"\n"
	"Cut containers off from TCP PORTs elsewhere (e.g. 25 and 465, so that a\n"
	"compromised app can't send mail): their new connections to those ports\n"
	"are rejected with a TCP reset.  Run it as root.\n"
	"\n"
	"  -n, --dry-run   print the commands as a shell script, run nothing\n"
	"  -l, --list      print the ports cut off, one a line, sorted\n"
	"  -r, --remove    let the PORTs through again\n"
	"\n"
	"Rules go first in iptables' DOCKER-USER chain, which Docker evaluates\n"
	"before its own rules and keeps as it is; one rule per port for each of\n"
	"the interfaces docker0 and br-+ (Docker's bridges, compose networks\n"
	"included):\n"
	"\n"
	"  iptables -w -I DOCKER-USER -i docker0 -p tcp --dport 25 \\\n"
	"      -m comment --comment myc-cutoff -j REJECT --reject-with tcp-reset\n"
	"\n"
	"Adding and removing are idempotent: a rule is checked (iptables -C)\n"
	"before it is inserted or deleted.  --list and --remove touch only\n"
	"rules with the myc-cutoff comment.  To remove them all:\n"
	"docker-cutoff --remove $(docker-cutoff --list).\n"
	"\n"
	"Not covered: containers with network_mode: host (their traffic is not\n"
	"forwarded), IPv6 (ip6tables), and Docker's nftables backend (it has no\n"
	"DOCKER-USER chain).  Rules do not survive a reboot: run it at boot.\n"
	"\n"
	"Environment: IPTABLES, the program to run (default iptables; e.g.\n"
	"iptables-legacy when Docker uses that one).\n"
	"Exit status: 0 ok, 1 iptables failed or no DOCKER-USER chain, 2 bad\n"
	"usage or port.\n";

#define CHAIN "DOCKER-USER"
#define TAG "myc-cutoff"

/* Docker's default bridge and the bridges of user networks. */
static const char *const bridges[] = {"docker0", "br-+"};

enum mode { MODE_ADD, MODE_REMOVE, MODE_LIST };

struct cutoff {
	enum mode mode;
	bool dry_run;
	const char *iptables;
	unsigned *ports;
	size_t nr_ports;
};

static void set_mode(struct cutoff *s, enum mode m, const char *opt)
{
	if (s->mode != MODE_ADD && s->mode != m)
		die_usage("%s: only one of --list and --remove", opt);
	s->mode = m;
}

/* A TCP port: digits only, 1 to 65535.  0 if s is not one. */
static unsigned parse_port(const char *s)
{
	unsigned long v = 0;
	size_t i;

	for (i = 0; s[i]; i++) {
		if (s[i] < '0' || s[i] > '9' || i >= 5)
			return 0;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	return v <= 65535 ? (unsigned)v : 0;
}

static void add_port(struct cutoff *s, const char *arg, size_t *alloc)
{
	unsigned p = parse_port(arg);
	size_t i;

	if (!p)
		die_usage("invalid port '%s' (want 1 to 65535)", arg);
	for (i = 0; i < s->nr_ports; i++)
		if (s->ports[i] == p)
			return;
	ALLOC_GROW(s->ports, s->nr_ports + 1, *alloc);
	s->ports[s->nr_ports++] = p;
}

static void parse_options(struct cutoff *s, int argc, char **argv)
{
	size_t alloc = 0;
	bool opts = true;
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (opts && streq(a, "--"))
			opts = false;
		else if (opts && (streq(a, "-n") || streq(a, "--dry-run")))
			s->dry_run = true;
		else if (opts && (streq(a, "-l") || streq(a, "--list")))
			set_mode(s, MODE_LIST, a);
		else if (opts && (streq(a, "-r") || streq(a, "--remove")))
			set_mode(s, MODE_REMOVE, a);
		else if (opts && a[0] == '-' && !(a[1] >= '0' && a[1] <= '9'))
			die_usage("unknown option '%s' (see docker-cutoff "
				  "--help)",
				  a);
		else
			add_port(s, a, &alloc); /* "-1" is a bad port */
	}
	if (s->mode == MODE_LIST && s->nr_ports)
		die_usage("--list takes no port");
	if (s->mode != MODE_LIST && !s->nr_ports)
		die_usage("no port given (see docker-cutoff --help)");
}

static int cmp_ports(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return x < y ? -1 : x > y;
}

/* iptables -w OP DOCKER-USER -i BRIDGE -p tcp --dport PORT ... our tag. */
static void rule_command(const struct cutoff *s, struct child *c,
			 const char *op, const char *bridge, unsigned port)
{
	strvec_pushl(&c->args, s->iptables, "-w", op, CHAIN, "-i", bridge, "-p",
		     "tcp", "--dport", NULL);
	strvec_pushf(&c->args, "%u", port);
	strvec_pushl(&c->args, "-m", "comment", "--comment", TAG, "-j",
		     "REJECT", "--reject-with", "tcp-reset", NULL);
}

/* Run c quietly; its stderr's first line goes to err. */
static int run_quiet(struct child *c, struct strbuf *err)
{
	int rc;

	strbuf_reset(err);
	c->err_buf = err;
	c->no_stdin = true;
	rc = run_command(c);
	strbuf_setlen(err, strcspn(err->buf, "\n"));
	return rc;
}

/*
 * Whether the rule is there: 1 yes, 0 no, -1 error (reported).  iptables -C
 * exits 1 for a missing rule; anything else is a real failure.
 */
static int rule_exists(const struct cutoff *s, const char *bridge,
		       unsigned port)
{
	struct child c = CHILD_INIT;
	struct strbuf err = STRBUF_INIT;
	int rc;

	rule_command(s, &c, "-C", bridge, port);
	rc = run_quiet(&c, &err);
	if (rc == 0 || rc == 1)
		rc = !rc;
	else if (rc > 0)
		rc = error("%s -C failed (port %u): %s", s->iptables, port,
			   err.buf);
	child_release(&c);
	strbuf_release(&err);
	return rc;
}

static int change_rule(const struct cutoff *s, const char *op,
		       const char *bridge, unsigned port)
{
	struct child c = CHILD_INIT;
	struct strbuf err = STRBUF_INIT;
	int rc;

	rule_command(s, &c, op, bridge, port);
	rc = run_quiet(&c, &err);
	if (rc > 0)
		error("%s %s failed (port %u): %s", s->iptables, op, port,
		      err.buf);
	child_release(&c);
	strbuf_release(&err);
	return rc ? -1 : 0;
}

/* The shell line doing what apply_rule() does, for -n. */
static void print_rule(const struct cutoff *s, const char *bridge,
		       unsigned port)
{
	struct child check = CHILD_INIT, change = CHILD_INIT;
	struct strbuf sb = STRBUF_INIT;
	bool add = s->mode == MODE_ADD;

	rule_command(s, &check, "-C", bridge, port);
	rule_command(s, &change, add ? "-I" : "-D", bridge, port);
	strbuf_addstr(&sb, add ? "" : "! ");
	child_describe(&check, &sb);
	strbuf_addstr(&sb, " 2>/dev/null || ");
	child_describe(&change, &sb);
	puts(sb.buf);
	strbuf_release(&sb);
	child_release(&check);
	child_release(&change);
}

/* Insert the rule unless it is there; delete every copy of it. */
static int apply_rule(const struct cutoff *s, const char *bridge, unsigned port)
{
	int there;

	if (s->dry_run) {
		print_rule(s, bridge, port);
		return 0;
	}
	while ((there = rule_exists(s, bridge, port)) > 0) {
		if (s->mode == MODE_ADD)
			return 0;
		if (change_rule(s, "-D", bridge, port) < 0)
			return -1;
	}
	if (there < 0)
		return -1;
	return s->mode == MODE_ADD ? change_rule(s, "-I", bridge, port) : 0;
}

/*
 * What iptables says of a chain that is not there: legacy "No chain/target/
 * match by that name", nft 1.8.9 "chain `X' ... is incompatible", others
 * "... does not exist".
 */
static bool no_such_chain(const char *msg)
{
	return strstr(msg, "No chain") || strstr(msg, "incompatible") ||
	       strstr(msg, "does not exist");
}

/* iptables -S DOCKER-USER into out, or die saying why it can't be read. */
static void read_chain(const struct cutoff *s, struct strbuf *out)
{
	struct child c = CHILD_INIT;
	struct strbuf err = STRBUF_INIT;
	int rc;

	strvec_pushl(&c.args, s->iptables, "-w", "-S", CHAIN, NULL);
	c.out_buf = out;
	rc = run_quiet(&c, &err);
	if (rc < 0)
		exit(EXIT_FAIL); /* run_command() said why */
	if (rc == 1 && no_such_chain(err.buf))
		die("no " CHAIN " chain in %s: is Docker running? (its "
		    "nftables backend has none)",
		    s->iptables);
	if (rc)
		die("can't read the " CHAIN " chain: %s", err.buf);
	child_release(&c);
	strbuf_release(&err);
}

/* Our ports in an "iptables -S" line ("-A DOCKER-USER ... --dport 25"). */
static void ports_of_line(struct cutoff *s, char *line, size_t *alloc)
{
	char *save = NULL, *w, *prev = NULL;
	bool ours = false;
	unsigned port = 0;
	size_t i;

	for (w = strtok_r(line, " ", &save); w;
	     w = strtok_r(NULL, " ", &save)) {
		if (prev && streq(prev, "--comment"))
			ours = ours || streq(w, TAG) || streq(w, "\"" TAG "\"");
		if (prev && streq(prev, "--dport"))
			port = parse_port(w);
		prev = w;
	}
	if (!ours || !port)
		return;
	for (i = 0; i < s->nr_ports; i++)
		if (s->ports[i] == port)
			return;
	ALLOC_GROW(s->ports, s->nr_ports + 1, *alloc);
	s->ports[s->nr_ports++] = port;
}

static int list_ports(struct cutoff *s)
{
	struct strbuf out = STRBUF_INIT;
	size_t alloc = 0, i;
	char *line, *save = NULL;

	read_chain(s, &out);
	for (line = strtok_r(out.buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		if (starts_with(line, "-A "))
			ports_of_line(s, line, &alloc);
	if (s->nr_ports)
		qsort(s->ports, s->nr_ports, sizeof(*s->ports), cmp_ports);
	for (i = 0; i < s->nr_ports; i++)
		printf("%u\n", s->ports[i]);
	strbuf_release(&out);
	return EXIT_OK;
}

int docker_cutoff_main(int argc, char **argv)
{
	struct cutoff s = {.mode = MODE_ADD};
	const char *env = getenv("IPTABLES");
	size_t i, b;
	int rc = EXIT_OK;

	s.iptables = env && *env ? env : "iptables";
	parse_options(&s, argc, argv);
	if (s.mode == MODE_LIST) {
		rc = list_ports(&s);
		free(s.ports);
		return rc;
	}
	if (!s.dry_run) {
		struct strbuf ignored = STRBUF_INIT;
		read_chain(&s, &ignored);
		strbuf_release(&ignored);
	}
	/* each rule goes first: insert the last port first to keep the order */
	qsort(s.ports, s.nr_ports, sizeof(*s.ports), cmp_ports);
	for (i = s.nr_ports; i-- > 0;)
		for (b = ARRAY_SIZE(bridges); b-- > 0;)
			if (apply_rule(&s, bridges[b], s.ports[i]) < 0)
				rc = EXIT_FAIL;
	free(s.ports);
	return rc;
}
