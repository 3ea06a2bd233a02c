/* docker.c - the Docker Engine API over its unix socket (or plain TCP). */
#include "docker.h"
#include "fs.h"
#include "http.h"
#include "strbuf.h"
#include "ytree.h"

#include <ctype.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

void docker_release(struct docker *d)
{
	free(d->socket);
	free(d->base);
	free(d->where);
	d->socket = d->base = d->where = NULL;
	d->version[0] = '\0';
	d->status = 0;
}

static int set_unix(struct docker *d, const char *path, struct strbuf *err)
{
	struct sockaddr_un sa;

	if (!*path) {
		strbuf_addstr(err, "DOCKER_HOST 'unix://' names no socket");
		return -1;
	}
	if (strlen(path) >= sizeof(sa.sun_path)) {
		strbuf_addf(err,
			    "docker socket path too long (over %zu bytes): "
			    "'%s'",
			    sizeof(sa.sun_path) - 1, path);
		return -1;
	}
	d->socket = xstrdup(path);
	d->where = xstrdup(path);
	d->base = xstrdup("http://localhost");
	return 0;
}

static int set_tcp(struct docker *d, const char *host, const char *addr,
		   struct strbuf *err)
{
	const char *tls = getenv("DOCKER_TLS_VERIFY");
	size_t len = strcspn(addr, "/");
	char *hostport = xstrndup(addr, len);

	if (!len) {
		free(hostport);
		strbuf_addf(err, "DOCKER_HOST '%s' names no host", host);
		return -1;
	}
	if (tls && *tls) {
		free(hostport);
		strbuf_addf(err,
			    "DOCKER_HOST '%s' with DOCKER_TLS_VERIFY: TLS "
			    "to the Docker engine is not supported",
			    host);
		return -1;
	}
	/* dockerd's own default port when none is given */
	if (!strchr(hostport +
			(hostport[0] == '[' ? strcspn(hostport, "]") : 0),
		    ':'))
		d->base = xstrfmt("http://%s:2375", hostport);
	else
		d->base = xstrfmt("http://%s", hostport);
	d->where = xstrfmt("tcp://%s", d->base + strlen("http://"));
	free(hostport);
	return 0;
}

int docker_set_host(struct docker *d, const char *host, struct strbuf *err)
{
	strbuf_reset(err);
	docker_release(d);
	if (!host || !*host)
		host = DOCKER_DEFAULT_HOST;
	if (starts_with(host, "unix://"))
		return set_unix(d, host + strlen("unix://"), err);
	if (starts_with(host, "tcp://"))
		return set_tcp(d, host, host + strlen("tcp://"), err);
	if (starts_with(host, "http://"))
		return set_tcp(d, host, host + strlen("http://"), err);
	if (starts_with(host, "https://"))
		strbuf_addf(err,
			    "DOCKER_HOST '%s': TLS to the Docker engine is "
			    "not supported",
			    host);
	else
		strbuf_addf(err,
			    "DOCKER_HOST '%s' is not supported (use "
			    "unix:///PATH or tcp://HOST:PORT)",
			    host);
	return -1;
}

static bool parse_version(const char *v, unsigned long *maj, unsigned long *min)
{
	char *end;

	if (!v || !isdigit((unsigned char)v[0]))
		return false;
	*maj = strtoul(v, &end, 10);
	if (*end != '.' || !isdigit((unsigned char)end[1]))
		return false;
	*min = strtoul(end + 1, &end, 10);
	return !*end;
}

bool docker_version_valid(const char *v)
{
	unsigned long a, b;

	return parse_version(v, &a, &b) && strlen(v) < 16;
}

int docker_version_cmp(const char *a, const char *b)
{
	unsigned long amaj, amin, bmaj, bmin;
	bool aok = parse_version(a, &amaj, &amin);
	bool bok = parse_version(b, &bmaj, &bmin);

	if (!aok || !bok)
		return (int)aok - (int)bok;
	if (amaj != bmaj)
		return amaj < bmaj ? -1 : 1;
	if (amin != bmin)
		return amin < bmin ? -1 : 1;
	return 0;
}

void docker_negotiate(const char *ours, const char *engine_max,
		      const char *engine_min, char *out, size_t n)
{
	const char *v = ours;

	if (docker_version_valid(engine_max) &&
	    docker_version_cmp(engine_max, v) < 0)
		v = engine_max;
	if (docker_version_valid(engine_min) &&
	    docker_version_cmp(engine_min, v) > 0)
		v = engine_min;
	strlcpy_(out, v, n);
}

void docker_error_text(const char *body, size_t len, long status,
		       struct strbuf *err)
{
	struct strbuf msg = STRBUF_INIT, ignored = STRBUF_INIT;
	struct ynode *j =
	    len ? y_parse_json(body, len, "answer", &ignored) : NULL;
	const char *m = y_str(y_map_get(j, "message"));

	if (m)
		strbuf_addstr(&msg, m);
	else if (!j && len)
		strbuf_add(&msg, body, strcspn(body, "\r\n"));
	/* the message must stay on one line */
	strbuf_replace_all(&msg, "\n", " ");
	strbuf_trim(&msg);
	if (msg.len)
		strbuf_addbuf(err, &msg);
	else
		strbuf_addf(err, "HTTP %ld", status);
	y_free(j);
	strbuf_release(&msg);
	strbuf_release(&ignored);
}

/*
 * Why the socket can't be reached, from connect(2) itself: curl only says
 * "Couldn't connect to server" about localhost port 80.
 */
static bool socket_errno_text(const char *path, struct strbuf *why)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	bool failed = false;

	if (fd < 0)
		return false;
	if (set_cloexec(fd) < 0) {
		close(fd);
		return false;
	}
	strlcpy_(sa.sun_path, path, sizeof(sa.sun_path));
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		strbuf_addstr(why, strerror(errno));
		failed = true;
	}
	close(fd);
	return failed;
}

static void unreachable(const struct docker *d, const char *curl_err,
			struct strbuf *err)
{
	strbuf_reset(err);
	strbuf_addf(err, "can't reach the Docker engine at %s: ", d->where);
	if (!d->socket || !socket_errno_text(d->socket, err))
		strbuf_addstr(err, curl_err);
}

int docker_request(struct docker *d, const char *method, const char *path,
		   const char *json_body, struct http_response *rs,
		   struct strbuf *err)
{
	struct http_request rq = HTTP_REQUEST_INIT;
	char *url;
	int rc = 0;

	if (!d->base)
		BUG("docker_request() before docker_open()");
	strbuf_reset(err);
	url = d->version[0] ? xstrfmt("%s/v%s%s", d->base, d->version, path)
			    : xstrfmt("%s%s", d->base, path);
	rq.method = method;
	rq.url = url;
	rq.unix_socket = d->socket;
	if (json_body) {
		rq.body = json_body;
		rq.body_len = strlen(json_body);
		strvec_push(&rq.headers, "Content-Type: application/json");
	}
	d->status = 0;
	if (http_run(&rq, rs, err) < 0) {
		char *curl_err = strbuf_detach(err, NULL);
		unreachable(d, curl_err, err);
		free(curl_err);
		rc = -1;
	} else if ((d->status = rs->status) >= 400) {
		docker_error_text(rs->body.buf, rs->body.len, rs->status, err);
		rc = -1;
	}
	http_request_release(&rq);
	free(url);
	return rc;
}

int docker_get_json(struct docker *d, const char *path, struct ynode **out,
		    struct strbuf *err)
{
	struct http_response rs = HTTP_RESPONSE_INIT;
	int rc = docker_request(d, "GET", path, NULL, &rs, err);

	*out = NULL;
	if (!rc) {
		*out = http_json(&rs, err);
		if (!*out) {
			char *why = strbuf_detach(err, NULL);
			strbuf_addf(err,
				    "the Docker engine at %s sent bad "
				    "JSON for %s: %s",
				    d->where, path, why);
			free(why);
			rc = -1;
		}
	}
	http_response_release(&rs);
	return rc;
}

int docker_ping(struct docker *d, struct strbuf *err)
{
	struct http_response rs = HTTP_RESPONSE_INIT;
	char saved[sizeof(d->version)];
	int rc;

	/* unversioned, like the docker CLI: it must answer whatever we speak */
	strlcpy_(saved, d->version, sizeof(saved));
	d->version[0] = '\0';
	rc = docker_request(d, "GET", "/_ping", NULL, &rs, err);
	strlcpy_(d->version, saved, sizeof(d->version));
	http_response_release(&rs);
	return rc;
}

/* Ask the engine which versions it speaks (GET /version, unversioned). */
static int negotiate(struct docker *d, struct strbuf *err)
{
	struct http_response rs = HTTP_RESPONSE_INIT;
	struct ynode *v = NULL;
	const char *max = NULL, *min = NULL;

	if (docker_request(d, "GET", "/version", NULL, &rs, err) < 0) {
		http_response_release(&rs);
		return -1;
	}
	v = http_json(&rs, err);
	max = y_str(y_map_get(v, "ApiVersion"));
	min = y_str(y_map_get(v, "MinAPIVersion"));
	if (!docker_version_valid(max))
		max = http_header(&rs, "Api-Version");
	if (!docker_version_valid(max)) {
		strbuf_reset(err);
		strbuf_addf(err,
			    "the Docker engine at %s did not say which "
			    "API version it speaks",
			    d->where);
		y_free(v);
		http_response_release(&rs);
		return -1;
	}
	strbuf_reset(err);
	docker_negotiate(DOCKER_API_MAX, max, min, d->version,
			 sizeof(d->version));
	y_free(v);
	http_response_release(&rs);
	return 0;
}

int docker_open(struct docker *d, struct strbuf *err)
{
	const char *forced = getenv("DOCKER_API_VERSION");

	if (docker_set_host(d, getenv("DOCKER_HOST"), err) < 0)
		return -1;
	if (forced && *forced) {
		if (!docker_version_valid(forced)) {
			docker_release(d);
			strbuf_addf(err,
				    "bad DOCKER_API_VERSION '%s' (want "
				    "MAJOR.MINOR, e.g. 1.41)",
				    forced);
			return -1;
		}
		strlcpy_(d->version, forced, sizeof(d->version));
		return 0;
	}
	if (negotiate(d, err) < 0) {
		docker_release(d);
		return -1;
	}
	return 0;
}
