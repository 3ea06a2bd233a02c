/*
 * http.h - HTTP(S) requests on libcurl, over TCP or a unix socket.
 *
 *	struct http_request rq = HTTP_REQUEST_INIT;
 *	struct http_response rs = HTTP_RESPONSE_INIT;
 *	struct strbuf err = STRBUF_INIT;
 *	rq.url = "http://localhost/v1.41/containers/json";
 *	rq.unix_socket = "/var/run/docker.sock";
 *	if (http_run(&rq, &rs, &err) < 0)
 *		return error("docker: %s", err.buf);
 *	... rs.status, rs.body ...
 *	http_request_release(&rq); http_response_release(&rs);
 *
 * http_run() returns 0 when an HTTP response was received, whatever its
 * status, and -1 when none was (connection refused, timeout, TLS failure):
 * then err holds curl's own explanation (CURLOPT_ERRORBUFFER).  Every request
 * has a connect timeout (10 s) and a total timeout (60 s) unless set.
 * libcurl is initialised once, on first use; SIGPIPE is ignored while curl
 * runs.
 */
#ifndef MYC_HTTP_H
#define MYC_HTTP_H

#include "common.h"
#include "strbuf.h"
#include "strvec.h"

struct ynode;

struct http_request {
	const char *method;	 /* default "GET", or "POST" if body is set */
	const char *url;
	const char *unix_socket; /* connect through this socket instead */
	struct strvec headers;	 /* "Name: value" */
	const char *body;	 /* request body, body_len bytes */
	size_t body_len;
	long connect_timeout_ms; /* 0: 10 s */
	long timeout_ms;	 /* 0: 60 s; -1: none (streams) */
	const char *ca_file;	 /* CA bundle to trust instead of the system's */
	bool insecure;		 /* don't verify the peer (tests only) */
	int out_fd;		 /* >= 0: stream the response body there */
};

#define HTTP_REQUEST_INIT                                                      \
	{                                                                      \
		.headers = STRVEC_INIT, .out_fd = -1                           \
	}

struct http_response {
	long status;
	struct strbuf body;	/* unless streamed to out_fd */
	struct strvec headers;	/* "Name: value", as received */
};

#define HTTP_RESPONSE_INIT                                                     \
	{                                                                      \
		0, STRBUF_INIT, STRVEC_INIT                                    \
	}

int http_run(const struct http_request *rq, struct http_response *rs,
	     struct strbuf *err);

/* The value of a response header (case-insensitive name), or NULL. */
const char *http_header(const struct http_response *rs, const char *name);

/*
 * Parse a JSON response body.  NULL with err set when the body is not JSON.
 */
struct ynode *http_json(const struct http_response *rs, struct strbuf *err);

/* Percent-encode s for a URL query value. */
void http_urlencode(struct strbuf *out, const char *s);

void http_request_release(struct http_request *rq);
void http_response_release(struct http_response *rs);

#endif
