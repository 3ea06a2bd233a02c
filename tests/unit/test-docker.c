/* test-docker.c - DOCKER_HOST parsing, version negotiation, error texts. */
#include "docker.h"
#include "strbuf.h"
#include "unit.h"
#include "ytree.h"

static void test_versions_compare_by_number(void)
{
	CHECK(docker_version_cmp("1.41", "1.41") == 0);
	CHECK(docker_version_cmp("1.9", "1.41") < 0);
	CHECK(docker_version_cmp("1.100", "1.47") > 0);
	CHECK(docker_version_cmp("2.0", "1.99") > 0);
	CHECK(docker_version_cmp("junk", "1.0") < 0);
	CHECK(docker_version_valid("1.47"));
	CHECK(!docker_version_valid("1"));
	CHECK(!docker_version_valid("1."));
	CHECK(!docker_version_valid("v1.41"));
	CHECK(!docker_version_valid("1.41.2"));
	CHECK(!docker_version_valid(""));
	CHECK(!docker_version_valid(NULL));
}

static const char *negotiate(const char *max, const char *min)
{
	static char v[16];

	docker_negotiate("1.47", max, min, v, sizeof(v));
	return v;
}

static void test_negotiation(void)
{
	/* an older engine: its version */
	CHECK_STR(negotiate("1.41", "1.12"), "1.41");
	/* a newer one: ours */
	CHECK_STR(negotiate("1.52", "1.44"), "1.47");
	/* a minimum above ours wins (it would refuse ours) */
	CHECK_STR(negotiate("1.60", "1.50"), "1.50");
	/* unknown or bad values change nothing */
	CHECK_STR(negotiate(NULL, NULL), "1.47");
	CHECK_STR(negotiate("x", "y"), "1.47");
	CHECK_STR(negotiate("1.24", NULL), "1.24");
}

static char *error_text(const char *body, long status)
{
	struct strbuf sb = STRBUF_INIT;

	docker_error_text(body, strlen(body), status, &sb);
	return strbuf_detach(&sb, NULL);
}

static void test_error_texts(void)
{
	char *s;

	s = error_text("{\"message\":\"No such container: x\"}", 404);
	CHECK_STR(s, "No such container: x");
	free(s);
	s = error_text("{\"message\":\"two\\nlines\\n\"}", 500);
	CHECK_STR(s, "two lines");
	free(s);
	s = error_text("page not found\nmore\n", 404);
	CHECK_STR(s, "page not found");
	free(s);
	s = error_text("", 502);
	CHECK_STR(s, "HTTP 502");
	free(s);
	s = error_text("{\"other\":1}", 500);
	CHECK_STR(s, "HTTP 500");
	free(s);
}

static void check_host(const char *host, const char *socket, const char *base,
		       const char *where)
{
	struct docker d = DOCKER_INIT;
	struct strbuf err = STRBUF_INIT;

	CHECK_INT(docker_set_host(&d, host, &err), 0);
	CHECK_STR(err.buf, "");
	if (socket)
		CHECK_STR(d.socket, socket);
	else
		CHECK(d.socket == NULL);
	CHECK_STR(d.base, base);
	CHECK_STR(d.where, where);
	docker_release(&d);
	strbuf_release(&err);
}

static char *host_error(const char *host)
{
	struct docker d = DOCKER_INIT;
	struct strbuf err = STRBUF_INIT;

	if (!docker_set_host(&d, host, &err)) {
		docker_release(&d);
		strbuf_release(&err);
		return xstrdup("(accepted)");
	}
	CHECK(d.base == NULL);
	return strbuf_detach(&err, NULL);
}

static void test_hosts(void)
{
	char *s;

	unsetenv("DOCKER_TLS_VERIFY");
	check_host(NULL, "/var/run/docker.sock", "http://localhost",
		   "/var/run/docker.sock");
	check_host("", "/var/run/docker.sock", "http://localhost",
		   "/var/run/docker.sock");
	check_host("unix:///run/user/1000/docker.sock",
		   "/run/user/1000/docker.sock", "http://localhost",
		   "/run/user/1000/docker.sock");
	check_host("tcp://10.0.0.1:2375", NULL, "http://10.0.0.1:2375",
		   "tcp://10.0.0.1:2375");
	check_host("tcp://dockerhost", NULL, "http://dockerhost:2375",
		   "tcp://dockerhost:2375");
	check_host("tcp://[::1]", NULL, "http://[::1]:2375",
		   "tcp://[::1]:2375");
	check_host("tcp://[::1]:4243/", NULL, "http://[::1]:4243",
		   "tcp://[::1]:4243");

	s = host_error("ssh://me@host");
	CHECK_STR(s, "DOCKER_HOST 'ssh://me@host' is not supported (use "
		     "unix:///PATH or tcp://HOST:PORT)");
	free(s);
	s = host_error("unix://");
	CHECK_STR(s, "DOCKER_HOST 'unix://' names no socket");
	free(s);
	s = host_error("tcp://");
	CHECK_STR(s, "DOCKER_HOST 'tcp://' names no host");
	free(s);
	{
		struct strbuf host = STRBUF_INIT;
		strbuf_addstr(&host, "unix:///");
		while (host.len < 120)
			strbuf_addstr(&host, "long/");
		strbuf_addstr(&host, "docker.sock");
		s = host_error(host.buf);
		CHECK(starts_with(s, "docker socket path too long"));
		free(s);
		strbuf_release(&host);
	}
	setenv("DOCKER_TLS_VERIFY", "1", 1);
	s = host_error("tcp://10.0.0.1:2376");
	CHECK(strstr(s, "TLS to the Docker engine is not supported") != NULL);
	free(s);
	unsetenv("DOCKER_TLS_VERIFY");
}

static void test_unreachable_socket_says_why(void)
{
	struct docker d = DOCKER_INIT;
	struct strbuf err = STRBUF_INIT;
	struct ynode dummy, *n = &dummy;

	setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock", 1);
	unsetenv("DOCKER_API_VERSION");
	CHECK_INT(docker_open(&d, &err), -1);
	CHECK_STR(err.buf, "can't reach the Docker engine at "
			   "/nonexistent/docker.sock: No such file or "
			   "directory");
	CHECK(d.base == NULL);

	/* a forced version asks nothing: the first request tells */
	setenv("DOCKER_API_VERSION", "1.41", 1);
	CHECK_INT(docker_open(&d, &err), 0);
	CHECK_STR(d.version, "1.41");
	CHECK_INT(docker_get_json(&d, "/containers/json", &n, &err), -1);
	CHECK(n == NULL);
	CHECK(starts_with(err.buf, "can't reach the Docker engine at "));
	CHECK_INT(docker_ping(&d, &err), -1);
	docker_release(&d);

	setenv("DOCKER_API_VERSION", "latest", 1);
	CHECK_INT(docker_open(&d, &err), -1);
	CHECK_STR(err.buf, "bad DOCKER_API_VERSION 'latest' (want "
			   "MAJOR.MINOR, e.g. 1.41)");
	unsetenv("DOCKER_API_VERSION");
	unsetenv("DOCKER_HOST");
	strbuf_release(&err);
}

int main(void)
{
	RUN(test_versions_compare_by_number);
	RUN(test_negotiation);
	RUN(test_error_texts);
	RUN(test_hosts);
	RUN(test_unreachable_socket_says_why);
	return unit_done();
}
