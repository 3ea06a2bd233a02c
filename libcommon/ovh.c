/* ovh.c - OVH's API: endpoints, request signatures, signed calls. */
#include "ovh.h"
#include "http.h"
#include "sha1.h"
#include "strbuf.h"
#include "ytree.h"

#include <ctype.h>
#include <strings.h>
#include <time.h>

/* The same table as python-ovh's ENDPOINTS. */
const struct ovh_endpoint ovh_endpoints[] = {
	{"ovh-eu", "https://eu.api.ovh.com/1.0"},
	{"ovh-ca", "https://ca.api.ovh.com/1.0"},
	{"ovh-us", "https://api.us.ovhcloud.com/1.0"},
	{"kimsufi-eu", "https://eu.api.kimsufi.com/1.0"},
	{"kimsufi-ca", "https://ca.api.kimsufi.com/1.0"},
	{"soyoustart-eu", "https://eu.api.soyoustart.com/1.0"},
	{"soyoustart-ca", "https://ca.api.soyoustart.com/1.0"},
};
const size_t ovh_nr_endpoints = ARRAY_SIZE(ovh_endpoints);

const char *ovh_endpoint_url(const char *entrypoint)
{
	size_t i;

	if (!entrypoint)
		return NULL;
	for (i = 0; i < ovh_nr_endpoints; i++)
		if (streq(entrypoint, ovh_endpoints[i].name))
			return ovh_endpoints[i].url;
	/* keys and secrets must not travel in clear text */
	if (starts_with(entrypoint, "https://") && entrypoint[8])
		return entrypoint;
	return NULL;
}

void ovh_signature(const char *app_secret, const char *consumer_key,
		   const char *method, const char *url, const char *body,
		   long long timestamp, char sig[OVH_SIGNATURE_SIZE])
{
	struct strbuf sb = STRBUF_INIT;
	char hex[41];

	strbuf_addf(&sb, "%s+%s+%s+%s+%s+%lld", app_secret, consumer_key,
		    method, url, body ? body : "", timestamp);
	sha1_hex(sb.buf, sb.len, hex);
	snprintf(sig, OVH_SIGNATURE_SIZE, "$1$%s", hex);
	/* the buffer held the secret: don't leave it in freed memory */
	memset(sb.buf, 0, sb.len);
	strbuf_release(&sb);
}

/* base URL + path, without doubling the slash between them. */
static char *api_url(const struct ovh_client *c, const char *path)
{
	size_t l = strlen(c->base_url);

	if (l && c->base_url[l - 1] == '/')
		l--;
	return xstrfmt("%.*s%s", (int)l, c->base_url, path);
}

static void prepare(const struct ovh_client *c, struct http_request *rq,
		    const char *method, const char *url)
{
	rq->method = method;
	rq->url = url;
	rq->ca_file = c->ca_file;
	rq->timeout_ms = c->timeout_ms;
	strvec_push(&rq->headers, "Accept: application/json");
}

/* /auth/time answers a bare integer: seconds since the epoch. */
static int parse_time(const char *s, long long *out)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	*out = strtoll(s, &end, 10);
	while (isspace((unsigned char)*end))
		end++;
	return errno || *end ? -1 : 0;
}

int ovh_read_time_delta(struct ovh_client *c, struct strbuf *err)
{
	struct http_request rq = HTTP_REQUEST_INIT;
	struct http_response rs = HTTP_RESPONSE_INIT;
	struct strbuf why = STRBUF_INIT;
	char *url = api_url(c, "/auth/time");
	long long server;
	int ret = -1;

	prepare(c, &rq, "GET", url);
	strbuf_reset(err);
	if (http_run(&rq, &rs, &why) < 0)
		strbuf_addf(err, "can't reach %s: %s", url, why.buf);
	else if (rs.status != 200)
		strbuf_addf(err, "bad answer from %s: HTTP %ld", url,
			    rs.status);
	else if (parse_time(rs.body.buf, &server) < 0)
		strbuf_addf(err, "bad answer from %s: not a time", url);
	else {
		c->time_delta = server - (long long)time(NULL);
		c->have_delta = true;
		ret = 0;
	}
	strbuf_release(&why);
	http_request_release(&rq);
	http_response_release(&rs);
	free(url);
	return ret;
}

int ovh_request(struct ovh_client *c, const char *method, const char *path,
		const char *body, struct http_response *rs, struct strbuf *err)
{
	struct http_request rq = HTTP_REQUEST_INIT;
	struct strbuf why = STRBUF_INIT;
	char sig[OVH_SIGNATURE_SIZE];
	long long ts;
	char *url;
	int ret = 0;

	if (strpbrk(c->app_key, "\r\n") ||
	    strpbrk(c->consumer_key, "\r\n")) {
		/* it would end the header and start another */
		strbuf_reset(err);
		strbuf_addstr(err, "a key holds a line break");
		return -1;
	}
	if (!c->have_delta && ovh_read_time_delta(c, err) < 0)
		return -1;
	url = api_url(c, path);
	ts = (long long)time(NULL) + c->time_delta;
	ovh_signature(c->app_secret, c->consumer_key, method, url, body, ts,
		      sig);
	prepare(c, &rq, method, url);
	strvec_pushf(&rq.headers, "X-Ovh-Application: %s", c->app_key);
	strvec_pushf(&rq.headers, "X-Ovh-Consumer: %s", c->consumer_key);
	strvec_pushf(&rq.headers, "X-Ovh-Timestamp: %lld", ts);
	strvec_pushf(&rq.headers, "X-Ovh-Signature: %s", sig);
	if (body) {
		rq.body = body;
		rq.body_len = strlen(body);
		strvec_push(&rq.headers, "Content-Type: application/json");
	}
	strbuf_reset(err);
	if (http_run(&rq, rs, &why) < 0) {
		strbuf_addf(err, "can't reach %s: %s", url, why.buf);
		ret = -1;
	}
	strbuf_release(&why);
	http_request_release(&rq);
	free(url);
	return ret;
}

/* ---- errors ---- */

static const struct {
	const char *code;
	const char *message;
	enum ovh_error e;
} known_errors[] = {
	{"INVALID_KEY", "Invalid application key", OVH_ERR_INVALID_KEY},
	{"INVALID_CREDENTIAL", "This credential is not valid",
	 OVH_ERR_INVALID_CREDENTIAL},
	{"NOT_CREDENTIAL", "This credential does not exist",
	 OVH_ERR_NOT_CREDENTIAL},
	{"INVALID_SIGNATURE", "Invalid signature", OVH_ERR_INVALID_SIGNATURE},
	{"NOT_GRANTED_CALL", "This call has not been granted",
	 OVH_ERR_NOT_GRANTED},
	{"QUERY_TIME_OUT", "Query out of time", OVH_ERR_TIME},
};

/* "INVALID_KEY", "InvalidKey" and "invalid-key" all give "invalidkey". */
static void squeeze(struct strbuf *out, const char *s)
{
	strbuf_reset(out);
	for (; *s; s++)
		if (isalnum((unsigned char)*s))
			strbuf_addch(out, tolower((unsigned char)*s));
}

static enum ovh_error by_code(const char *code)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	enum ovh_error e = OVH_ERR_OTHER;
	size_t i;

	squeeze(&a, code);
	for (i = 0; i < ARRAY_SIZE(known_errors); i++) {
		squeeze(&b, known_errors[i].code);
		if (a.len && streq(a.buf, b.buf)) {
			e = known_errors[i].e;
			break;
		}
	}
	strbuf_release(&a);
	strbuf_release(&b);
	return e;
}

static enum ovh_error by_message(const char *message)
{
	size_t i, l;

	for (i = 0; i < ARRAY_SIZE(known_errors); i++) {
		l = strlen(known_errors[i].message);
		if (!strncasecmp(message, known_errors[i].message, l) &&
		    (!message[l] || message[l] == '.'))
			return known_errors[i].e;
	}
	return OVH_ERR_OTHER;
}

enum ovh_error ovh_error_of(const struct http_response *rs,
			    struct strbuf *msg, struct strbuf *code)
{
	struct strbuf err = STRBUF_INIT;
	const char *ecode = NULL, *cls = NULL, *message = NULL;
	enum ovh_error e = OVH_ERR_OTHER;
	struct ynode *j;

	if (msg)
		strbuf_reset(msg);
	if (code)
		strbuf_reset(code);
	if (rs->status >= 200 && rs->status < 300)
		return OVH_ERR_NONE;
	j = y_parse_json(rs->body.buf, rs->body.len, "response", &err);
	if (y_is_map(j)) {
		ecode = y_str(y_map_get(j, "errorCode"));
		cls = y_str(y_map_get(j, "class"));
		message = y_str(y_map_get(j, "message"));
	}
	if (ecode)
		e = by_code(ecode);
	if (e == OVH_ERR_OTHER && cls) {
		/* "Client::Forbidden::InvalidKey": the last word, if known */
		const char *last = strrchr(cls, ':');
		e = by_code(last ? last + 1 : cls);
	}
	if (e == OVH_ERR_OTHER && message)
		e = by_message(message);
	if (msg) {
		if (message && *message)
			strbuf_addstr(msg, message);
		else
			strbuf_addf(msg, "HTTP %ld", rs->status);
	}
	if (code && (ecode || cls))
		strbuf_addstr(code, ecode ? ecode : cls);
	y_free(j);
	strbuf_release(&err);
	return e;
}

const char *ovh_error_name(enum ovh_error e)
{
	switch (e) {
	case OVH_ERR_NONE:
		return "ok";
	case OVH_ERR_INVALID_KEY:
		return "invalid application key";
	case OVH_ERR_INVALID_CREDENTIAL:
		return "invalid credential (expired, refused or not validated)";
	case OVH_ERR_NOT_CREDENTIAL:
		return "nonexistent credential";
	case OVH_ERR_INVALID_SIGNATURE:
		return "bad signature (wrong application secret?)";
	case OVH_ERR_NOT_GRANTED:
		return "call not granted";
	case OVH_ERR_TIME:
		return "timestamp refused (clock off?)";
	case OVH_ERR_OTHER:
		break;
	}
	return "api error";
}
