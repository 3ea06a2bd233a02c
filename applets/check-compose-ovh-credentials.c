/* check-compose-ovh-credentials - ask OVH's API about a compose.yml's keys. */
#include "applets.h"
#include "common.h"
#include "http.h"
#include "log.h"
#include "ovh.h"
#include "strbuf.h"
#include "ytree.h"

const char check_compose_ovh_credentials_help[] =
	"usage: check-compose-ovh-credentials FILE\n"
	"\n"
	"Check every OVH API credential set of a compose.yml against OVH.\n"
	"\n"
	"A credential set is a mapping named 'ovh' anywhere in FILE holding\n"
	"at least one of its keys: under a service's options (the letsencrypt\n"
	"charm's DNS challenge) or directly under the service, as injected by\n"
	"compose --add-compose-content:\n"
	"\n"
	"    letsencrypt:\n"
	"      options:\n"
	"        ovh:\n"
	"          entrypoint: ovh-eu\n"
	"          application: {key: AK, secret: AS}\n"
	"          consumer_key: CK\n"
	"\n"
	"For each set, the server's clock is read (GET /auth/time) and a\n"
	"signed GET /auth/currentCredential tells whether the consumer key is\n"
	"valid, when it expires and which calls it grants.  Valid sets are\n"
	"reported on stdout with their access rules, bad ones on stderr with\n"
	"OVH's reason; each names its service and FILE:LINE:COL.  The\n"
	"application secret and the consumer key are never printed.\n"
	"\n"
	"Entrypoints: ovh-eu, ovh-ca, ovh-us, kimsufi-eu, kimsufi-ca,\n"
	"soyoustart-eu, soyoustart-ca, or an https:// base URL.\n"
	"\n"
	"Environment:\n"
	"  OVH_API_BASE_URL  base URL to use for every set whatever its\n"
	"                    entrypoint (e.g. http://127.0.0.1:8080/1.0)\n"
	"  OVH_CA_FILE       CA bundle to trust for HTTPS instead of the\n"
	"                    system's\n"
	"\n"
	"Exit status: 0 every set is valid; 1 a set is bad or incomplete,\n"
	"OVH can't be reached, or FILE holds no set at all (a typo must not\n"
	"pass for success); 2 usage error, FILE unreadable or not YAML.\n";

/* A request that hangs must not hang the operator's shell. */
#define OVH_TIMEOUT_MS 30000L

/* One 'ovh:' mapping of the file. */
struct cred_set {
	const char *service;	 /* the top-level key it is under */
	const struct ynode *key; /* the 'ovh' key, for FILE:LINE:COL */
	const struct ynode *map;
};

struct check_state {
	const char *file;
	struct ynode *root;
	struct cred_set *sets;
	size_t nr, alloc;
	const char *base_url; /* OVH_API_BASE_URL, or NULL */
	const char *ca_file;  /* OVH_CA_FILE, or NULL */
};

static const char *parse_args(int argc, char **argv)
{
	const char *file = NULL;
	bool options = true;
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (options && streq(a, "--")) {
			options = false;
			continue;
		}
		if (options && a[0] == '-' && a[1])
			die_usage("unknown option '%s'", a);
		if (file)
			die_usage("too many arguments: '%s'", a);
		file = a;
	}
	if (!file)
		die_usage("missing FILE (see --help)");
	return file;
}

static const char *env_or_null(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

/* ---- finding the sets ---- */

static bool has_credential_keys(const struct ynode *n)
{
	return y_map_get(n, "entrypoint") || y_map_get(n, "application") ||
	       y_map_get(n, "consumer_key");
}

static void find_sets(struct check_state *s, const char *service,
		      const struct ynode *n, bool top)
{
	size_t i;

	if (y_is_seq(n)) {
		for (i = 0; i < n->nr; i++)
			find_sets(s, service, n->items[i], false);
		return;
	}
	if (!y_is_map(n))
		return;
	for (i = 0; i < n->nr; i++) {
		const char *k = y_map_key(n, i);
		const struct ynode *v = n->items[i];
		const char *svc = top ? k : service;

		if (streq(k, "ovh") && has_credential_keys(v)) {
			ALLOC_GROW(s->sets, s->nr + 1, s->alloc);
			s->sets[s->nr].service = svc;
			s->sets[s->nr].key = n->keys[i];
			s->sets[s->nr].map = v;
			s->nr++;
		} else {
			find_sets(s, svc, v, false);
		}
	}
}

/* ---- reporting ---- */

/* "letsencrypt (compose.yml:5:5)" */
static void add_label(struct strbuf *sb, const struct cred_set *cs)
{
	strbuf_addf(sb, "%s (", cs->service ? cs->service : "-");
	y_where(cs->key, sb);
	strbuf_addch(sb, ')');
}

/* A bad set: one line on stderr, masked like every message. */
static int bad(const struct cred_set *cs, const char *fmt, ...) PRINTF(2, 3);
static int bad(const struct cred_set *cs, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	add_label(&sb, cs);
	strbuf_addstr(&sb, ": ");
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	error("%s", sb.buf);
	strbuf_release(&sb);
	return -1;
}

/* Stdout gets the same masking as stderr, in case the API echoes a key. */
static void print_masked(struct strbuf *sb)
{
	log_mask(sb);
	fwrite(sb->buf, 1, sb->len, stdout);
}

/* The application key is not secret, but a prefix is enough to tell. */
static void add_key_hint(struct strbuf *sb, const char *key)
{
	if (strlen(key) >= 8)
		strbuf_addf(sb, "%.4s...", key);
	else
		strbuf_addstr(sb, "...");
}

static void add_rules(struct strbuf *sb, const struct ynode *rules)
{
	size_t i;

	if (!y_is_seq(rules) || !rules->nr) {
		strbuf_addstr(sb, "  (no access rule)\n");
		return;
	}
	for (i = 0; i < rules->nr; i++) {
		const char *m = y_str(y_map_get(rules->items[i], "method"));
		const char *p = y_str(y_map_get(rules->items[i], "path"));

		strbuf_addf(sb, "  %s %s\n", m ? m : "?", p ? p : "?");
	}
}

static void add_allowed_ips(struct strbuf *sb, const struct ynode *ips)
{
	size_t i;

	if (!y_is_seq(ips) || !ips->nr)
		return;
	strbuf_addstr(sb, "  allowed from:");
	for (i = 0; i < ips->nr; i++) {
		const char *ip = y_str(ips->items[i]);
		strbuf_addf(sb, "%s %s", i ? "," : "", ip ? ip : "?");
	}
	strbuf_addch(sb, '\n');
}

static int report_valid(const struct cred_set *cs, const struct ovh_client *c,
			const char *entrypoint, const struct ynode *cred)
{
	const char *expiration = y_str(y_map_get(cred, "expiration"));
	struct strbuf sb = STRBUF_INIT;

	add_label(&sb, cs);
	strbuf_addstr(&sb, ": valid: application ");
	add_key_hint(&sb, c->app_key);
	strbuf_addf(&sb, " on %s", entrypoint);
	if (!streq(entrypoint, c->base_url))
		strbuf_addf(&sb, " (%s)", c->base_url);
	if (expiration)
		strbuf_addf(&sb, ", expires %s\n", expiration);
	else
		strbuf_addstr(&sb, ", never expires\n");
	add_rules(&sb, y_map_get(cred, "rules"));
	add_allowed_ips(&sb, y_map_get(cred, "allowedIPs"));
	print_masked(&sb);
	strbuf_release(&sb);
	return 0;
}

/* ---- checking a set ---- */

static const char *field(const struct ynode *map, const char *a, const char *b,
			 struct strbuf *missing)
{
	const char *v = y_str(y_get(map, a, b, NULL));

	if (!v || !*v)
		strbuf_addf(missing, "%s%s%s%s", missing->len ? ", " : "", a,
			    b ? "." : "", b ? b : "");
	return v;
}

static int unknown_entrypoint(const struct cred_set *cs, const char *name)
{
	struct strbuf known = STRBUF_INIT;
	size_t i;

	for (i = 0; i < ovh_nr_endpoints; i++)
		strbuf_addf(&known, "%s, ", ovh_endpoints[i].name);
	strbuf_addstr(&known, "or an https:// URL");
	bad(cs, "unknown entrypoint '%s' (known: %s)", name, known.buf);
	strbuf_release(&known);
	return -1;
}

static int api_refused(const struct cred_set *cs,
		       const struct http_response *rs)
{
	struct strbuf msg = STRBUF_INIT, code = STRBUF_INIT;
	enum ovh_error e = ovh_error_of(rs, &msg, &code);

	bad(cs, "%s: %s (HTTP %ld%s%s)", ovh_error_name(e), msg.buf,
	    rs->status, code.len ? " " : "", code.buf);
	strbuf_release(&msg);
	strbuf_release(&code);
	return -1;
}

static int check_answer(const struct cred_set *cs, const struct ovh_client *c,
			const char *entrypoint, const struct http_response *rs)
{
	struct strbuf err = STRBUF_INIT;
	struct ynode *cred;
	const char *status;
	int ret;

	if (rs->status != 200)
		return api_refused(cs, rs);
	cred = http_json(rs, &err);
	status = y_str(y_map_get(cred, "status"));
	if (!cred)
		ret = bad(cs, "unexpected answer from OVH: %s", err.buf);
	else if (!status)
		ret = bad(cs, "unexpected answer from OVH: no credential "
			      "status");
	else if (!streq(status, "validated"))
		ret = bad(cs, "credential not usable: status '%s'", status);
	else
		ret = report_valid(cs, c, entrypoint, cred);
	y_free(cred);
	strbuf_release(&err);
	return ret;
}

static int check_set(const struct check_state *s, const struct cred_set *cs)
{
	struct ovh_client c = OVH_CLIENT_INIT;
	struct http_response rs = HTTP_RESPONSE_INIT;
	struct strbuf missing = STRBUF_INIT, err = STRBUF_INIT;
	const char *entrypoint, *url;
	int ret;

	entrypoint = field(cs->map, "entrypoint", NULL, &missing);
	c.app_key = field(cs->map, "application", "key", &missing);
	c.app_secret = field(cs->map, "application", "secret", &missing);
	c.consumer_key = field(cs->map, "consumer_key", NULL, &missing);
	/* before anything is printed about this set */
	log_add_secret(c.app_secret);
	log_add_secret(c.consumer_key);
	if (missing.len) {
		ret = bad(cs, "incomplete: missing %s", missing.buf);
		goto out;
	}
	url = ovh_endpoint_url(entrypoint);
	if (!url) {
		ret = unknown_entrypoint(cs, entrypoint);
		goto out;
	}
	c.base_url = s->base_url ? s->base_url : url;
	c.ca_file = s->ca_file;
	c.timeout_ms = OVH_TIMEOUT_MS;
	if (ovh_request(&c, "GET", "/auth/currentCredential", NULL, &rs,
			&err) < 0)
		ret = bad(cs, "%s", err.buf);
	else
		ret = check_answer(cs, &c, entrypoint, &rs);
out:
	http_response_release(&rs);
	strbuf_release(&missing);
	strbuf_release(&err);
	return ret;
}

int check_compose_ovh_credentials_main(int argc, char **argv)
{
	struct check_state s = {NULL};
	struct strbuf err = STRBUF_INIT;
	int rc = EXIT_OK;
	size_t i;

	s.file = parse_args(argc, argv);
	s.base_url = env_or_null("OVH_API_BASE_URL");
	s.ca_file = env_or_null("OVH_CA_FILE");
	if (s.base_url && !starts_with(s.base_url, "http://") &&
	    !starts_with(s.base_url, "https://"))
		die_usage("OVH_API_BASE_URL is not an http(s) URL: '%s'",
			  s.base_url);
	s.root = y_parse_file(s.file, &err);
	if (!s.root)
		die_code(EXIT_USAGE, "%s", err.buf);
	find_sets(&s, NULL, s.root, true);
	if (!s.nr) {
		error("no ovh credential set in '%s'", s.file);
		rc = EXIT_FAIL;
	}
	for (i = 0; i < s.nr; i++)
		if (check_set(&s, &s.sets[i]) < 0)
			rc = EXIT_FAIL;
	free(s.sets);
	y_free(s.root);
	y_release_names();
	log_clear_secrets();
	strbuf_release(&err);
	return rc;
}
