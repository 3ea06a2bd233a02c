/* http.c - libcurl easy interface, used the way curl's own tool uses it. */
#include "http.h"
#include "fs.h"
#include "ytree.h"

#include <ctype.h>
#include <curl/curl.h>
#include <signal.h>

static bool curl_ready;

static void http_cleanup(void)
{
	curl_global_cleanup();
}

static void http_init_once(void)
{
	if (curl_ready)
		return;
	if (curl_global_init(CURL_GLOBAL_DEFAULT))
		die("can't initialise libcurl");
	atexit(http_cleanup);
	curl_ready = true;
}

struct sink {
	const struct http_request *rq;
	struct http_response *rs;
	int write_errno; /* why out_fd could not be written, or 0 */
};

static size_t on_body(char *data, size_t size, size_t n, void *ctx)
{
	struct sink *s = ctx;
	size_t len = size * n;

	if (s->rq->out_fd >= 0) {
		if (write_all(s->rq->out_fd, data, len) < 0) {
			s->write_errno = errno ? errno : EIO;
			return 0;
		}
		return len;
	}
	strbuf_add(&s->rs->body, data, len);
	return len;
}

static size_t on_header(char *data, size_t size, size_t n, void *ctx)
{
	struct sink *s = ctx;
	size_t len = size * n, l = len;

	while (l && (data[l - 1] == '\n' || data[l - 1] == '\r'))
		l--;
	/* a new status line starts a new header block (redirects, 100) */
	if (l >= 5 && !memcmp(data, "HTTP/", 5))
		strvec_clear(&s->rs->headers);
	else if (l && memchr(data, ':', l))
		strvec_push_nodup(&s->rs->headers, xstrndup(data, l));
	return len;
}

static void set_options(CURL *c, const struct http_request *rq,
			struct curl_slist *hdrs, struct sink *s, char *errbuf)
{
	const char *method = rq->method ? rq->method
					: (rq->body ? "POST" : "GET");

	curl_easy_setopt(c, CURLOPT_URL, rq->url);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
			 rq->connect_timeout_ms ? rq->connect_timeout_ms
						: 10000L);
	if (rq->timeout_ms >= 0)
		curl_easy_setopt(c, CURLOPT_TIMEOUT_MS,
				 rq->timeout_ms ? rq->timeout_ms : 60000L);
	if (rq->unix_socket)
		curl_easy_setopt(c, CURLOPT_UNIX_SOCKET_PATH, rq->unix_socket);
	if (rq->ca_file)
		curl_easy_setopt(c, CURLOPT_CAINFO, rq->ca_file);
	if (rq->insecure) {
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	curl_easy_setopt(c, CURLOPT_USERAGENT, "myc");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, s);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, s);
	/* HTTPGET would drop a body that POSTFIELDS then turns into a POST */
	if (streq(method, "GET") && !rq->body)
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	else if (streq(method, "HEAD"))
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	else
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (rq->body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, rq->body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
				 (curl_off_t)rq->body_len);
	}
}

int http_run(const struct http_request *rq, struct http_response *rs,
	     struct strbuf *err)
{
	char errbuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *hdrs = NULL;
	struct sink s = {rq, rs, 0};
	struct sigaction ign = {.sa_handler = SIG_IGN}, old;
	CURL *c;
	CURLcode rc;
	size_t i;

	http_init_once();
	strbuf_reset(err);
	c = curl_easy_init();
	if (!c)
		die("can't create a libcurl handle");
	for (i = 0; i < rq->headers.nr; i++)
		hdrs = curl_slist_append(hdrs, rq->headers.v[i]);
	/* no "Expect: 100-continue" round trip on POST */
	hdrs = curl_slist_append(hdrs, "Expect:");
	set_options(c, rq, hdrs, &s, errbuf);
	sigaction(SIGPIPE, &ign, &old);
	rc = curl_easy_perform(c);
	sigaction(SIGPIPE, &old, NULL);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &rs->status);
	curl_easy_cleanup(c);
	curl_slist_free_all(hdrs);
	if (rc == CURLE_OK)
		return 0;
	if (s.write_errno)
		strbuf_addf(err, "can't write the response: %s",
			    strerror(s.write_errno));
	else
		strbuf_addstr(err, *errbuf ? errbuf : curl_easy_strerror(rc));
	return -1;
}

const char *http_header(const struct http_response *rs, const char *name)
{
	size_t i, l = strlen(name);

	for (i = 0; i < rs->headers.nr; i++) {
		const char *h = rs->headers.v[i];
		if (!strncasecmp(h, name, l) && h[l] == ':') {
			h += l + 1;
			while (*h == ' ' || *h == '\t')
				h++;
			return h;
		}
	}
	return NULL;
}

struct ynode *http_json(const struct http_response *rs, struct strbuf *err)
{
	return y_parse_json(rs->body.buf, rs->body.len, "response", err);
}

void http_urlencode(struct strbuf *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c) || strchr("-._~", c))
			strbuf_addch(out, c);
		else
			strbuf_addf(out, "%%%02X", c);
	}
}

void http_request_release(struct http_request *rq)
{
	strvec_clear(&rq->headers);
}

void http_response_release(struct http_response *rs)
{
	strbuf_release(&rs->body);
	strvec_clear(&rs->headers);
}
