/* docker-ip - name, network and IP of running containers, from the engine. */
#include "applets.h"
#include "common.h"
#include "docker.h"
#include "strbuf.h"
#include "ytree.h"

const char docker_ip_help[] =
	"usage: docker-ip [-H] [NAME...]\n"
	"\n"
	"Print the networks and IP addresses of the running containers (all of\n"
	"them, or those named), asking the Docker engine on its socket.\n"
	"\n"
	"  -H, --no-header   leave out the header line\n"
	"\n"
	"NAME is a container name (with or without its leading '/'), a compose\n"
	"service name (every container of that service, whatever its project),\n"
	"or a container id (in full, or its first 12 characters or more).\n"
	"A NAME that matches no running container is an error (exit 1) after\n"
	"the others are printed.\n"
	"\n"
	"Output: one line per container and network, sorted by name then\n"
	"network, in aligned columns separated by spaces:\n"
	"\n"
	"  NAME            NETWORK       IP          PROJECT  SERVICE\n"
	"  myc-postgres-1  myc_default   172.18.0.2  myc      postgres\n"
	"\n"
	"No field holds a space; a missing one is '-' (no IP on network 'host',\n"
	"no compose labels), so `docker-ip -H web | awk '{print $3}'` gives the\n"
	"IPs.  IP is the IPv4 address, else the global IPv6 one.  PROJECT and\n"
	"SERVICE come from the com.docker.compose.project / .service labels.\n"
	"\n"
	"Environment: DOCKER_HOST (default unix:///var/run/docker.sock;\n"
	"tcp://HOST:PORT works without TLS), DOCKER_API_VERSION (force a\n"
	"version instead of asking the engine).\n";

enum { COL_NAME, COL_NETWORK, COL_IP, COL_PROJECT, COL_SERVICE, NR_COLS };

static const char *const col_titles[NR_COLS] = {
    "NAME", "NETWORK", "IP", "PROJECT", "SERVICE",
};

static void parse_options(int *argc, char ***argv, bool *header)
{
	int i;

	for (i = 1; i < *argc; i++) {
		const char *a = (*argv)[i];

		if (streq(a, "--")) {
			i++;
			break;
		}
		if (a[0] != '-' || !a[1])
			break;
		if (streq(a, "-H") || streq(a, "--no-header"))
			*header = false;
		else
			die_usage("unknown option '%s' (see docker-ip --help)",
				  a);
	}
	*argc -= i;
	*argv += i;
}

struct row {
	const char *col[NR_COLS]; /* borrowed from the engine's answer */
};

struct docker_ip {
	bool header;
	char **names; /* the NAMEs asked for (none: every container) */
	int nr_names;
	bool *found; /* per NAME */
	struct row *rows;
	size_t nr_rows, alloc_rows;
};

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

/* The container's own name: the one without a second '/' (links add some). */
static const char *container_name(const struct ynode *c)
{
	const struct ynode *names = y_map_get(c, "Names");
	const char *first = NULL;
	size_t i;

	for (i = 0; y_is_seq(names) && i < names->nr; i++) {
		const char *n = y_str(names->items[i]);

		if (!n)
			continue;
		if (*n == '/')
			n++;
		if (!first)
			first = n;
		if (!strchr(n, '/'))
			return n;
	}
	return first ? first : "";
}

static const char *label(const struct ynode *c, const char *key)
{
	return y_str(y_get(c, "Labels", key, NULL));
}

static bool matches(const struct ynode *c, const char *want)
{
	const char *id = y_str(y_map_get(c, "Id"));
	const char *service = label(c, "com.docker.compose.service");

	if (*want == '/')
		want++;
	if (streq(container_name(c), want))
		return true;
	if (service && streq(service, want))
		return true;
	return id && strlen(want) >= 12 && starts_with(id, want);
}

/* Whether c is wanted; marks the NAMEs it matches as found. */
static bool wanted(struct docker_ip *s, const struct ynode *c)
{
	bool any = false;
	int i;

	if (!s->nr_names)
		return true;
	for (i = 0; i < s->nr_names; i++)
		if (matches(c, s->names[i]))
			any = s->found[i] = true;
	return any;
}

static void add_row(struct docker_ip *s, const struct ynode *c,
		    const char *network, const struct ynode *settings)
{
	struct row *r;
	const char *ip = y_str(y_map_get(settings, "IPAddress"));

	if (!ip || !*ip)
		ip = y_str(y_map_get(settings, "GlobalIPv6Address"));
	ALLOC_GROW(s->rows, s->nr_rows + 1, s->alloc_rows);
	r = &s->rows[s->nr_rows++];
	r->col[COL_NAME] = or_dash(container_name(c));
	r->col[COL_NETWORK] = or_dash(network);
	r->col[COL_IP] = or_dash(ip);
	r->col[COL_PROJECT] = or_dash(label(c, "com.docker.compose.project"));
	r->col[COL_SERVICE] = or_dash(label(c, "com.docker.compose.service"));
}

static void add_container(struct docker_ip *s, const struct ynode *c)
{
	const struct ynode *nets =
	    y_get(c, "NetworkSettings", "Networks", NULL);
	size_t i;

	if (!y_is_map(nets) || !nets->nr) {
		add_row(s, c, NULL, NULL);
		return;
	}
	for (i = 0; i < nets->nr; i++)
		add_row(s, c, y_map_key(nets, i), nets->items[i]);
}

static int cmp_rows(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int c = strcmp(x->col[COL_NAME], y->col[COL_NAME]);

	return c ? c : strcmp(x->col[COL_NETWORK], y->col[COL_NETWORK]);
}

static void print_line(const char *const *col, const size_t *width)
{
	int i;

	for (i = 0; i < NR_COLS - 1; i++)
		printf("%-*s  ", (int)width[i], col[i]);
	printf("%s\n", col[NR_COLS - 1]);
}

static void print_rows(struct docker_ip *s)
{
	size_t width[NR_COLS] = {0}, i;
	int c;

	if (s->nr_rows)
		qsort(s->rows, s->nr_rows, sizeof(*s->rows), cmp_rows);
	for (c = 0; c < NR_COLS; c++) {
		if (s->header)
			width[c] = strlen(col_titles[c]);
		for (i = 0; i < s->nr_rows; i++)
			if (strlen(s->rows[i].col[c]) > width[c])
				width[c] = strlen(s->rows[i].col[c]);
	}
	if (s->header)
		print_line(col_titles, width);
	for (i = 0; i < s->nr_rows; i++)
		print_line(s->rows[i].col, width);
}

/* Say why each NAME not found is missing: stopped, or no such container. */
static int report_missing(struct docker_ip *s, struct docker *d)
{
	struct strbuf err = STRBUF_INIT;
	struct ynode *all = NULL;
	int i, rc = 0;
	size_t j;

	for (i = 0; i < s->nr_names; i++) {
		bool exists = false;

		if (s->found[i])
			continue;
		if (!all && docker_get_json(d, "/containers/json?all=1", &all,
					    &err) < 0) {
			rc = error("%s", err.buf);
			break;
		}
		for (j = 0; y_is_seq(all) && j < all->nr; j++)
			exists = exists || matches(all->items[j], s->names[i]);
		if (exists)
			rc =
			    error("container '%s' is not running", s->names[i]);
		else
			rc = error("no such container: '%s'", s->names[i]);
	}
	y_free(all);
	strbuf_release(&err);
	return rc;
}

int docker_ip_main(int argc, char **argv)
{
	struct docker_ip s = {.header = true};
	struct docker d = DOCKER_INIT;
	struct strbuf err = STRBUF_INIT;
	struct ynode *list;
	size_t i;
	int rc;

	parse_options(&argc, &argv, &s.header);
	s.names = argv;
	s.nr_names = argc;
	s.found = xcalloc((size_t)argc + 1, sizeof(*s.found));
	if (docker_open(&d, &err) < 0 ||
	    docker_get_json(&d, "/containers/json", &list, &err) < 0)
		die("%s", err.buf);
	if (!y_is_seq(list))
		die("the Docker engine at %s sent no container list", d.where);
	for (i = 0; i < list->nr; i++)
		if (wanted(&s, list->items[i]))
			add_container(&s, list->items[i]);
	print_rows(&s);
	fflush(stdout);
	rc = report_missing(&s, &d) < 0 ? EXIT_FAIL : EXIT_OK;
	free(s.rows);
	free(s.found);
	y_free(list);
	docker_release(&d);
	strbuf_release(&err);
	return rc;
}
