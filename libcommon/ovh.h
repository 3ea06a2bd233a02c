/*
 * ovh.h - OVH's API: endpoints, request signatures, signed calls.
 *
 *	struct ovh_client c = OVH_CLIENT_INIT;
 *	struct http_response rs = HTTP_RESPONSE_INIT;
 *	struct strbuf err = STRBUF_INIT;
 *	c.base_url = ovh_endpoint_url("ovh-eu");
 *	c.app_key = AK; c.app_secret = AS; c.consumer_key = CK;
 *	if (ovh_request(&c, "GET", "/auth/currentCredential", NULL, &rs,
 *			&err) < 0)
 *		return error("%s", err.buf);
 *	if (rs.status != 200) ... ovh_error_of(&rs, &msg) ...
 *
 * A signed call carries X-Ovh-Application (the application key),
 * X-Ovh-Consumer (the consumer key), X-Ovh-Timestamp (the server's clock, in
 * seconds) and X-Ovh-Signature: "$1$" and the lowercase hex SHA-1 of
 * AS+"+"+CK+"+"+METHOD+"+"+URL+"+"+BODY+"+"+TIMESTAMP, with the full URL as
 * sent (query string included) and the body exactly as sent.  The server
 * refuses a timestamp far from its own clock, so the client first reads
 * GET /auth/time (unsigned) and keeps server time minus local time.
 *
 * Nothing here prints; the caller should log_add_secret() the application
 * secret and the consumer key before reporting anything.
 */
#ifndef MYC_OVH_H
#define MYC_OVH_H

#include "common.h"

struct http_response;
struct strbuf;

struct ovh_endpoint {
	const char *name; /* "ovh-eu" */
	const char *url;  /* "https://eu.api.ovh.com/1.0" */
};

/* The endpoints python-ovh knows, in a fixed order. */
extern const struct ovh_endpoint ovh_endpoints[];
extern const size_t ovh_nr_endpoints;

/*
 * The base URL of an entrypoint: a name of the table above, or an https://
 * URL, returned as is.  NULL for anything else (plain http:// included).
 */
const char *ovh_endpoint_url(const char *entrypoint);

/* "$1$" + 40 hex digits, and the NUL. */
#define OVH_SIGNATURE_SIZE 44

/* The X-Ovh-Signature of a request; body may be NULL (empty). */
void ovh_signature(const char *app_secret, const char *consumer_key,
		   const char *method, const char *url, const char *body,
		   long long timestamp, char sig[OVH_SIGNATURE_SIZE]);

struct ovh_client {
	const char *base_url; /* without the trailing slash (one is dropped) */
	const char *app_key;
	const char *app_secret;
	const char *consumer_key;
	const char *ca_file; /* CA bundle to trust instead of the system's */
	long timeout_ms;     /* per request; 0: http.h's default */
	bool have_delta;     /* time_delta was read from the server */
	long long time_delta; /* server time - local time, in seconds */
};

#define OVH_CLIENT_INIT                                                        \
	{                                                                      \
		NULL                                                           \
	}

/*
 * GET /auth/time and set c->time_delta.  -1 with err set when no answer
 * came ("GET URL: curl's message") or the answer is not a time.
 */
int ovh_read_time_delta(struct ovh_client *c, struct strbuf *err);

/*
 * A signed call: method ("GET"), path under the base URL
 * ("/auth/currentCredential"), a JSON body or NULL.  Reads the time delta
 * first if it was not yet.  Returns 0 when an HTTP response came, whatever
 * its status (see ovh_error_of()), -1 with err set otherwise.
 */
int ovh_request(struct ovh_client *c, const char *method, const char *path,
		const char *body, struct http_response *rs, struct strbuf *err);

/* What went wrong, from a response that is not a 2xx. */
enum ovh_error {
	OVH_ERR_NONE = 0,	    /* 2xx */
	OVH_ERR_INVALID_KEY,	    /* unknown application key */
	OVH_ERR_INVALID_CREDENTIAL, /* consumer key expired, refused, pending */
	OVH_ERR_NOT_CREDENTIAL,	    /* consumer key unknown */
	OVH_ERR_INVALID_SIGNATURE,  /* wrong application secret */
	OVH_ERR_NOT_GRANTED,	    /* the access rules don't allow the call */
	OVH_ERR_TIME,		    /* timestamp too far from the server's */
	OVH_ERR_OTHER,		    /* anything else: see the message */
};

/*
 * Classify an error response.  OVH answers {"errorCode": "INVALID_KEY",
 * "httpCode": "403 Forbidden", "message": "Invalid application key"}; newer
 * bodies carry "class" ("Client::Forbidden") instead of errorCode, so the
 * class's last word and then the message are tried too.  msg (if not NULL)
 * gets the API's message, or "HTTP STATUS" when the body has none; code (if
 * not NULL) the errorCode or class, or nothing.
 */
enum ovh_error ovh_error_of(const struct http_response *rs,
			    struct strbuf *msg, struct strbuf *code);

/* A short lower-case description: "invalid application key"... */
const char *ovh_error_name(enum ovh_error e);

#endif
