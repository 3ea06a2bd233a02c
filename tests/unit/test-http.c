/*
 * test-http.c - http_run against servers of our own: a tiny HTTP/1.1 server
 * forked from the test (on a unix socket and on 127.0.0.1), and
 * `openssl s_server` with a throwaway CA for HTTPS.
 */
#include "fs.h"
#include "http.h"
#include "run.h"
#include "unit.h"
#include "ytree.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

static char tmpdir[] = "/tmp/myc-test-http.XXXXXX";
static char *sock_path;
static pid_t unix_server = -1, tcp_server = -1;
static int tcp_port;

#define BIG_LEN (2 * 1024 * 1024 + 17)

static char big_byte(size_t i)
{
	return (char)('a' + (i * 7 + i / 1000) % 26);
}

/* ---- the server side ---- */

/* For the processes we fork: don't outlive a test that was killed. */
static void die_with_parent(void)
{
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
}

static void reply(int fd, const char *status, const char *headers,
		  const char *body, size_t len)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb,
		    "HTTP/1.1 %s\r\n%sContent-Length: %zu\r\n"
		    "Connection: close\r\n\r\n",
		    status, headers, len);
	strbuf_add(&sb, body, len);
	write_all(fd, sb.buf, sb.len);
	strbuf_release(&sb);
}

/* The Content-Length of a request head (up to end), 0 if absent. */
static size_t content_length(const char *head, const char *end)
{
	const char *p = head;

	while ((p = strstr(p, "\r\n")) && p < end) {
		p += 2;
		if (!strncasecmp(p, "Content-Length:", 15))
			return strtoul(p + 15, NULL, 10);
	}
	return 0;
}

/* Read one request (head and Content-Length body) into req. */
static int read_request(int fd, struct strbuf *req)
{
	char buf[65536], *end = NULL;
	size_t want;

	while (!end) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n <= 0)
			return -1;
		strbuf_add(req, buf, (size_t)n);
		end = strstr(req->buf, "\r\n\r\n");
	}
	want = (size_t)(end + 4 - req->buf) + content_length(req->buf, end);
	while (req->len < want) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n <= 0)
			return -1;
		strbuf_add(req, buf, (size_t)n);
	}
	return 0;
}

static void serve_one(int fd)
{
	struct strbuf req = STRBUF_INIT;
	char method[16] = "", path[256] = "";

	if (read_request(fd, &req) < 0 ||
	    sscanf(req.buf, "%15s %255s", method, path) != 2)
		_exit(1);
	path[strcspn(path, "?")] = '\0';
	if (streq(path, "/echo")) {
		char *h = xstrfmt("Content-Type: text/plain\r\n"
				  "X-Echo-Method: %s\r\n",
				  method);
		reply(fd, "200 OK", h, req.buf, req.len);
		free(h);
	} else if (streq(path, "/json")) {
		const char *j = "{\"name\": \"myc\", \"n\": 3, "
				"\"list\": [\"a\", \"b\"], "
				"\"nested\": {\"ok\": true, \"none\": null}}";
		reply(fd, "200 OK", "Content-Type: application/json\r\n", j,
		      strlen(j));
	} else if (streq(path, "/notjson")) {
		reply(fd, "200 OK", "", "<html>", 6);
	} else if (streq(path, "/teapot")) {
		reply(fd, "418 I'm a teapot",
		      "X-Custom-Header:   spaced value\r\n"
		      "Content-Type: text/plain\r\n",
		      "short and stout", 15);
	} else if (streq(path, "/continue")) {
		const char *c = "HTTP/1.1 100 Continue\r\nX-Interim: 1\r\n\r\n";
		write_all(fd, c, strlen(c));
		reply(fd, "201 Created", "X-Final: yes\r\n", "made", 4);
	} else if (streq(path, "/big")) {
		char *b = xmalloc(BIG_LEN);
		for (size_t i = 0; i < BIG_LEN; i++)
			b[i] = big_byte(i);
		reply(fd, "200 OK", "", b, BIG_LEN);
		free(b);
	} else if (streq(path, "/hang")) {
		sleep(30); /* killed with the server at the end */
	} else {
		reply(fd, "404 Not Found", "", "no such page", 12);
	}
	strbuf_release(&req);
	_exit(0);
}

/* Fork a server answering on listening socket lfd; one child a request. */
static pid_t start_server(int lfd)
{
	pid_t pid = fork();

	if (pid < 0)
		die_errno("fork");
	if (pid) {
		setpgid(pid, pid);
		close(lfd);
		return pid;
	}
	setpgid(0, 0);
	die_with_parent();
	signal(SIGCHLD, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	for (;;) {
		int fd = accept(lfd, NULL, NULL);
		if (fd < 0)
			continue;
		if (!fork()) {
			die_with_parent();
			close(lfd);
			serve_one(fd);
		}
		close(fd);
	}
}

static void stop_server(pid_t pid)
{
	if (pid <= 0)
		return;
	kill(-pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static int listen_unix(const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	strlcpy_(sa.sun_path, path, sizeof(sa.sun_path));
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(fd, 16) < 0)
		die_errno("can't listen on '%s'", path);
	return fd;
}

/* Listen on 127.0.0.1, port chosen by the kernel; *port gets it. */
static int listen_tcp(int *port)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(fd, 16) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) < 0)
		die_errno("can't listen on 127.0.0.1");
	*port = ntohs(sa.sin_port);
	return fd;
}

/* ---- the client side ---- */

static char *tcp_url(const char *path)
{
	return xstrfmt("http://127.0.0.1:%d%s", tcp_port, path);
}

static void test_get_reaches_the_server_with_our_headers(void)
{
	struct http_request rq = HTTP_REQUEST_INIT;
	struct http_response rs = HTTP_RESPONSE_INIT;
	struct strbuf err = STRBUF_INIT;

	rq.url = "http://localhost/echo?q=1";
	rq.unix_socket = sock_path;
	strvec_pushl(&rq.headers, "X-Test: one", "Accept: application/json",
		     NULL);
	CHECK_INT(http_run(&rq, &rs, &err), 0);
	CHECK_STR(err.buf, "");
	CHECK_INT(rs.status, 200);
	CHECK(starts_with(rs.body.buf, "GET /echo?q=1 HTTP/1.1\r\n"));
	CHECK(strstr(rs.body.buf, "\r\nX-Test: one\r\n") != NULL);
	CHECK(strstr(rs.body.buf, "\r\nAccept: application/json\r\n") != NULL);
	CHECK(strstr(rs.body.buf, "\r\nUser-Agent: myc\r\n") != NULL);
	CHECK(strstr(rs.body.buf, "\r\nHost: localhost\r\n") != NULL);
	CHECK(ends_with(rs.body.buf, "\r\n\r\n"));
	CHECK_STR(http_header(&rs, "X-Echo-Method"), "GET");
	http_request_release(&rq);
	http_response_release(&rs);
	strbuf_release(&err);
}

static void test_post_sends_the_body_intact(void)
{
	struct http_request rq = HTTP_REQUEST_INIT;
	struct http_response rs = HTTP_RESPONSE_INIT;
	struct strbuf err = STRBUF_INIT, body = STRBUF_INIT;
	char *url = tcp_url("/echo");
	const char *sent;
	size_t i;

	/* binary, with NULs, larger than any single buffer */
	for (i = 0; i < 300000; i++)
		strbuf_addch(&body, (int)(i % 251));
	rq.url = url;
	rq.body = body.buf;
	rq.body_len = body.len;
	strvec_push(&rq.headers, "Content-Type: application/octet-stream");
	CHECK_INT(http_run(&rq, &rs, &err), 0);
	CHECK_INT(rs.status, 200);
	CHECK_STR(http_header(&rs, "X-Echo-Method"), "POST");
	CHECK(strstr(rs.body.buf, "\r\nContent-Length: 300000\r\n") != NULL);
	CHECK(strstr(rs.body.buf, "\r\nContent-Type: application/octet-stream"
				  "\r\n") != NULL);
	/* no Expect: 100-continue round trip */
	CHECK(strcasestr(rs.body.buf, "Expect:") == NULL);
	sent = strstr(rs.body.buf, "\r\n\r\n");
	CHECK(sent != NULL);
	if (sent) {
		sent += 4;
		CHECK_INT(rs.body.len - (size_t)(sent - rs.body.buf), body.len);
		CHECK(!memcmp(sent, body.buf, body.len));
	}
	http_request_release(&rq);
	http_response_release(&rs);
	strbuf_release(&err);
	strbuf_release(&body);
	free(url);
}

static void test_the_method_can_be_chosen(void)
{
	struct http_request rq = HTTP_REQUEST_INIT;
	struct http_response rs = HTTP_RESPONSE_INIT;
	struct strbuf err = STRBUF_INIT;

	rq.url = "http://localhost/echo";
	rq.unix_socket = sock_path;
	rq.method = "DELETE";
	CHECK_INT(http_run(&rq, &rs, &err), 0);
	CHECK(starts_with(rs.body.buf, "DELETE /echo HTTP/1.1\r\n"));
	http_response_release(&rs);

	rq.method = "PUT";
	rq.body = "{\"k\": 1}";
	rq.body_len = 8;
	CHECK_INT(http_run(&rq, &rs, &err), 0);
	CHECK(starts_with(rs.body.buf, "PUT /echo HTTP/1.1\r\n"));
	CHECK(ends_with(rs.body.buf, "\r\n\r\n{\"k\": 1}"));
	http_response_release(&rs);

	/* an explicit method wins over the body's default of POST */
	rq.method = "GET";
	CHECK_INT(http_run(&rq, &rs, &err), 0);
	CHECK(starts_with(rs.body.buf, "GET /echo HTTP/1.1\r\n"));
	CHECK(ends_with(rs.body.buf, "\r\n\r\n{\"k\": 1}"));
	http_response_release(&rs);

	/* an empty body is still a body: POST with Content-Length: 0 */
	rq.method = NULL;
	rq.body = "";
	rq.body_len = 0;
	CHECK_INT(http_run(&rq, &rs, &err), 0);
	CHECK(starts_with(rs.body.buf, "POST /echo HTTP/1.1\r\n"));
	CHECK(strstr(rs.body.buf, "\r\nContent-Length: 0\r\n") != NULL);
	http_response_release(&rs);
	strbuf_release(&err);
}

static void test_status_and_response_headers_come_back(void)
{
	struct http_request rq = HTTP_REQUEST_INIT;
	struct http_response rs = HTTP_RESPONSE_INIT;
	struct strbuf err = STRBUF_INIT;

	rq.url = "http://localhost/teapot";
	rq.unix_socket = sock_path;
	/* any HTTP status is a response, not a failure */
	CHECK_INT(http_run(&rq, &rs, &err), 0);
	CHECK_INT(rs.status, 418);
	CHECK_STR(rs.body.buf, "short and stout");
	CHECK_STR(http_header(&rs, "X-Custom-Header"), "spaced value");
	CHECK_STR(http_header(&rs, "x-custom-header"), "spaced value");
	CHECK_STR(http_header(&rs, "CONTENT-TYPE"), "text/plain");
	CHECK_STR(http_header(&rs, "content-length"), "15");
	CHECK(http_header(&rs, "X-Custom") == NULL);
	CHECK(http_header(&rs, "Missing") == NULL);
	http_response_release(&rs);
	CHECK(rs.body.buf != NULL && rs.headers.v != NULL);

	rq.url = "http://localhost/nowhere";
	CHECK_INT(http_run(&rq, &rs, &err), 0);
	CHECK_INT(rs.status, 404);
	CHECK_STR(rs.body.buf, "no such page");
	http_response_release(&rs);
	strbuf_release(&err);
}

static void test_only_the_final_header_block_is_kept(void)
{
	struct http_request rq = HTTP_REQUEST_INIT;
	struct http_response rs = HTTP_RESPONSE_INIT;
	struct strbuf err = STRBUF_INIT;

	rq.url = "http://localhost/continue";
	rq.unix_socket = sock_path;
	CHECK_INT(http_run(&rq, &rs, &err), 0);
	CHECK_INT(rs.status, 201);
	CHECK_STR(http_header(&rs, "X-Final"), "yes");
	CHECK(http_header(&rs, "X-Interim") == NULL);
	CHECK_STR(rs.body.buf, "made");
	http_response_release(&rs);
	strbuf_release(&err);
}

static void test_a_json_response_is_parsed(void)
{
	struct http_request rq = HTTP_REQUEST_INIT;
	struct http_response rs = HTTP_RESPONSE_INIT;
	struct strbuf err = STRBUF_INIT;
	struct ynode *j;

	rq.url = "http://localhost/json";
	rq.unix_socket = sock_path;
	CHECK_INT(http_run(&rq, &rs, &err), 0);
	j = http_json(&rs, &err);
	CHECK(j != NULL);
	CHECK_STR(y_str(y_get(j, "name", NULL)), "myc");
	CHECK_STR(y_str(y_get(j, "n", NULL)), "3");
	CHECK(y_is_seq(y_get(j, "list", NULL)));
	CHECK_INT(y_get(j, "list", NULL) ? y_get(j, "list", NULL)->nr : 0, 2);
	CHECK(y_bool(y_get(j, "nested", "ok", NULL), false));
	CHECK(y_is_null(y_get(j, "nested", "none", NULL)));
	y_free(j);
	http_response_release(&rs);

	rq.url = "http://localhost/notjson";
	CHECK_INT(http_run(&rq, &rs, &err), 0);
	strbuf_reset(&err);
	CHECK(http_json(&rs, &err) == NULL);
	CHECK(err.len > 0);
	CHECK(starts_with(err.buf, "response:"));
	http_response_release(&rs);
	strbuf_release(&err);
}

static void test_a_missing_socket_gives_curls_error_text(void)
{
	struct http_request rq = HTTP_REQUEST_INIT;
	struct http_response rs = HTTP_RESPONSE_INIT;
	struct strbuf err = STRBUF_INIT;
	char *missing = path_join(tmpdir, "no-such.sock");

	rq.url = "http://localhost/echo";
	rq.unix_socket = missing;
	strbuf_addstr(&err, "stale text");
	CHECK_INT(http_run(&rq, &rs, &err), -1);
	CHECK(strstr(err.buf, "connect") != NULL);
	CHECK(strstr(err.buf, "stale") == NULL);
	CHECK_INT(rs.status, 0);
	http_response_release(&rs);
	strbuf_release(&err);
	free(missing);
}

static void test_a_refused_connection_is_an_error(void)
{
	struct http_request rq = HTTP_REQUEST_INIT;
	struct http_response rs = HTTP_RESPONSE_INIT;
	struct strbuf err = STRBUF_INIT;
	int port, fd = listen_tcp(&port);
	char *url;

	close(fd); /* the port is now closed */
	url = xstrfmt("http://127.0.0.1:%d/", port);
	rq.url = url;
	CHECK_INT(http_run(&rq, &rs, &err), -1);
	CHECK(strstr(err.buf, "onnect") != NULL);
	http_response_release(&rs);
	strbuf_release(&err);
	free(url);
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void test_a_server_that_never_answers_times_out(void)
{
	struct http_request rq = HTTP_REQUEST_INIT;
	struct http_response rs = HTTP_RESPONSE_INIT;
	struct strbuf err = STRBUF_INIT;
	char *url = tcp_url("/hang");
	long start = now_ms(), took;

	rq.url = url;
	rq.timeout_ms = 300;
	CHECK_INT(http_run(&rq, &rs, &err), -1);
	took = now_ms() - start;
	CHECK(took >= 250 && took < 3000);
	CHECK(strstr(err.buf, "timed out") != NULL);
	http_response_release(&rs);
	strbuf_release(&err);
	free(url);
}

static void test_out_fd_streams_the_body_to_a_file(void)
{
	struct http_request rq = HTTP_REQUEST_INIT;
	struct http_response rs = HTTP_RESPONSE_INIT;
	struct strbuf err = STRBUF_INIT, got = STRBUF_INIT;
	char *path = path_join(tmpdir, "body");
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	size_t i, bad = 0;

	rq.url = "http://localhost/big";
	rq.unix_socket = sock_path;
	rq.out_fd = fd;
	CHECK_INT(http_run(&rq, &rs, &err), 0);
	CHECK_INT(rs.status, 200);
	CHECK_INT(rs.body.len, 0);
	lseek(fd, 0, SEEK_SET);
	CHECK_INT(strbuf_read_fd(&got, fd), BIG_LEN);
	for (i = 0; i < got.len; i++)
		bad += got.buf[i] != big_byte(i);
	CHECK_INT(bad, 0);
	close(fd);
	http_response_release(&rs);

	/* a body that can't be written is an error of its own */
	fd = open("/dev/full", O_WRONLY | O_CLOEXEC);
	rq.out_fd = fd;
	CHECK_INT(http_run(&rq, &rs, &err), -1);
	CHECK(starts_with(err.buf, "can't write the response: "));
	CHECK(strstr(err.buf, strerror(ENOSPC)) != NULL);
	close(fd);
	http_response_release(&rs);
	strbuf_release(&err);
	strbuf_release(&got);
	free(path);
}

static void handler(int sig UNUSED)
{
}

static void test_our_sigpipe_disposition_is_restored(void)
{
	struct http_request rq = HTTP_REQUEST_INIT;
	struct http_response rs = HTTP_RESPONSE_INIT;
	struct strbuf err = STRBUF_INIT;
	struct sigaction sa = {.sa_handler = handler}, old, now;

	sigaction(SIGPIPE, &sa, &old);
	rq.url = "http://localhost/json";
	rq.unix_socket = sock_path;
	CHECK_INT(http_run(&rq, &rs, &err), 0);
	sigaction(SIGPIPE, &old, &now);
	CHECK(now.sa_handler == handler);
	http_response_release(&rs);
	strbuf_release(&err);
}

static void check_urlencode(const char *s, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	http_urlencode(&sb, s);
	CHECK_STR(sb.buf, want);
	strbuf_release(&sb);
}

static void test_urlencode_keeps_only_unreserved_characters(void)
{
	check_urlencode("", "");
	check_urlencode("AZaz09-._~", "AZaz09-._~");
	check_urlencode("a b&c=d/e?f#g+h%", "a%20b%26c%3Dd%2Fe%3Ff%23g%2Bh%25");
	check_urlencode("\xc3\xa9\n", "%C3%A9%0A");
}

/* ---- HTTPS with openssl s_server and a throwaway CA ---- */

static int openssl(const char *first, ...)
{
	struct child c = CHILD_INIT;
	struct strbuf out = STRBUF_INIT;
	va_list ap;
	const char *a;
	int r;

	strvec_pushl(&c.args, "openssl", first, NULL);
	va_start(ap, first);
	while ((a = va_arg(ap, const char *)))
		strvec_push(&c.args, a);
	va_end(ap);
	c.dir = tmpdir;
	c.no_stdin = true;
	c.out_buf = &out;
	c.err_to_out = true;
	r = run_command(&c);
	if (r)
		fprintf(stderr, "  openssl failed (%d): %s\n", r, out.buf);
	child_release(&c);
	strbuf_release(&out);
	return r;
}

static int make_certificates(void)
{
	const char *ec[] = {"-newkey", "ec", "-pkeyopt",
			    "ec_paramgen_curve:prime256v1"};

	return openssl("req", "-x509", ec[0], ec[1], ec[2], ec[3], "-nodes",
		       "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
		       "-subj", "/CN=myc test CA", NULL) ||
	       openssl("req", "-x509", ec[0], ec[1], ec[2], ec[3], "-nodes",
		       "-keyout", "other-ca.key", "-out", "other-ca.pem",
		       "-days", "2", "-subj", "/CN=myc other CA", NULL) ||
	       openssl("req", "-x509", ec[0], ec[1], ec[2], ec[3], "-nodes",
		       "-keyout", "srv.key", "-out", "srv.pem", "-days", "2",
		       "-subj", "/CN=localhost", "-CA", "ca.pem", "-CAkey",
		       "ca.key", "-addext",
		       "subjectAltName=DNS:localhost,IP:127.0.0.1", "-addext",
		       "basicConstraints=critical,CA:FALSE", NULL);
}

/*
 * Start openssl s_server -www on a free port; its pid, *port set (0 when it
 * did not start).  It says "ACCEPT 127.0.0.1:PORT" once it listens; its
 * output goes to a file, which it can keep writing to.
 */
static pid_t start_tls_server(int *port)
{
	struct strbuf out = STRBUF_INIT;
	char *log = path_join(tmpdir, "s_server.log");
	const char *acc = NULL;
	pid_t pid;
	int i;

	pid = fork();
	if (pid < 0)
		die_errno("fork");
	if (!pid) {
		int fd;

		die_with_parent();
		fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0 ||
		    chdir(tmpdir) < 0)
			_exit(127);
		execlp("openssl", "openssl", "s_server", "-accept",
		       "127.0.0.1:0", "-cert", "srv.pem", "-key", "srv.key",
		       "-www", (char *)NULL);
		_exit(127);
	}
	*port = 0;
	for (i = 0; i < 500 && !(acc && strchr(acc, '\n')); i++) {
		struct timespec ms10 = {0, 10 * 1000 * 1000};
		nanosleep(&ms10, NULL);
		strbuf_reset(&out);
		strbuf_read_file(&out, log);
		acc = strstr(out.buf, "ACCEPT ");
		if (!acc && waitpid(pid, NULL, WNOHANG) == pid) {
			pid = -1; /* it gave up: no need to wait longer */
			break;
		}
	}
	if (acc && strchr(acc, '\n'))
		*port = atoi(strchr(acc, ':') ? strchr(acc, ':') + 1 : "0");
	else
		fprintf(stderr, "  s_server did not start: %s\n", out.buf);
	strbuf_release(&out);
	free(log);
	return pid;
}

static int https_get(int port, const char *ca, bool insecure,
		     struct http_response *rs, struct strbuf *err)
{
	struct http_request rq = HTTP_REQUEST_INIT;
	char *url = xstrfmt("https://localhost:%d/", port);
	char *ca_path = ca ? path_join(tmpdir, ca) : NULL;
	int r;

	rq.url = url;
	rq.ca_file = ca_path;
	rq.insecure = insecure;
	rq.timeout_ms = 5000;
	r = http_run(&rq, rs, err);
	free(url);
	free(ca_path);
	return r;
}

static void test_https_trusts_exactly_the_given_ca(void)
{
	struct http_response rs = HTTP_RESPONSE_INIT;
	struct strbuf err = STRBUF_INIT;
	pid_t pid;
	int port;

	char *tool = find_in_path("openssl", NULL);

	if (!tool) {
		printf("# SKIP https: no openssl command\n");
		return;
	}
	free(tool);
	if (make_certificates()) {
		CHECK(!"openssl can make certificates");
		return;
	}
	pid = start_tls_server(&port);
	CHECK(port > 0);
	if (port <= 0)
		goto out;

	CHECK_INT(https_get(port, "ca.pem", false, &rs, &err), 0);
	CHECK_STR(err.buf, "");
	CHECK_INT(rs.status, 200);
	CHECK(strstr(rs.body.buf, "s_server") != NULL);
	http_response_release(&rs);

	CHECK_INT(https_get(port, "other-ca.pem", false, &rs, &err), -1);
	CHECK(strstr(err.buf, "SSL certificate problem") != NULL);
	if (!strstr(err.buf, "SSL certificate problem"))
		fprintf(stderr, "    error: %s\n", err.buf);
	http_response_release(&rs);

	CHECK_INT(https_get(port, "no-such-ca.pem", false, &rs, &err), -1);
	CHECK(strstr(err.buf, "certificate file") != NULL);
	http_response_release(&rs);

	/* --insecure skips the check (tests only) */
	CHECK_INT(https_get(port, "other-ca.pem", true, &rs, &err), 0);
	CHECK_INT(rs.status, 200);
	http_response_release(&rs);
out:
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	strbuf_release(&err);
}

int main(void)
{
	int lfd;

	if (!mkdtemp(tmpdir))
		die_errno("mkdtemp");
	sock_path = path_join(tmpdir, "http.sock");
	fflush(NULL);
	unix_server = start_server(listen_unix(sock_path));
	lfd = listen_tcp(&tcp_port);
	tcp_server = start_server(lfd);

	RUN(test_get_reaches_the_server_with_our_headers);
	RUN(test_post_sends_the_body_intact);
	RUN(test_the_method_can_be_chosen);
	RUN(test_status_and_response_headers_come_back);
	RUN(test_only_the_final_header_block_is_kept);
	RUN(test_a_json_response_is_parsed);
	RUN(test_a_missing_socket_gives_curls_error_text);
	RUN(test_a_refused_connection_is_an_error);
	RUN(test_a_server_that_never_answers_times_out);
	RUN(test_out_fd_streams_the_body_to_a_file);
	RUN(test_our_sigpipe_disposition_is_restored);
	RUN(test_urlencode_keeps_only_unreserved_characters);
	RUN(test_https_trusts_exactly_the_given_ca);

	stop_server(unix_server);
	stop_server(tcp_server);
	remove_tree(tmpdir);
	free(sock_path);
	return unit_done();
}
