/* test-ovh.c - SHA-1 vectors, OVH signatures, endpoints and error bodies. */
#include "http.h"
#include "ovh.h"
#include "sha1.h"
#include "strbuf.h"
#include "unit.h"

/* python-ovh's own test vector (tests/test_client.py). */
#define AS "9ufkBmLaTQ9nz5yMUlg79taH0GNnzDjk"
#define CK "5mBuy6SUQcRw2ZUxg0cG68BoDKpED4KY"
#define TS 1457018875LL

static void test_sha1_fips_vectors(void)
{
	char hex[41];

	sha1_hex("abc", 3, hex);
	CHECK_STR(hex, "a9993e364706816aba3e25717850c26c9cd0d89d");
	sha1_hex("", 0, hex);
	CHECK_STR(hex, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	/* two blocks once padded */
	sha1_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
		 hex);
	CHECK_STR(hex, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
}

static void test_sha1_million_a_in_uneven_pieces(void)
{
	struct sha1_ctx c;
	char chunk[997], hex[41];
	size_t left = 1000000;

	memset(chunk, 'a', sizeof(chunk));
	sha1_init(&c);
	while (left) {
		size_t n = left < sizeof(chunk) ? left : sizeof(chunk);
		sha1_update(&c, chunk, n);
		left -= n;
	}
	sha1_final_hex(&c, hex);
	CHECK_STR(hex, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

static void test_signature_of_a_get(void)
{
	char sig[OVH_SIGNATURE_SIZE];

	ovh_signature(AS, CK, "GET", "https://eu.api.ovh.com/1.0/auth", NULL,
		      TS, sig);
	CHECK_STR(sig, "$1$e9556054b6309771395efa467c22e627407461ad");
	ovh_signature(AS, CK, "GET", "https://eu.api.ovh.com/1.0/auth", "",
		      TS, sig);
	CHECK_STR(sig, "$1$e9556054b6309771395efa467c22e627407461ad");
}

static void test_signature_of_a_post_covers_the_body(void)
{
	char sig[OVH_SIGNATURE_SIZE];

	ovh_signature(AS, CK, "POST", "https://eu.api.ovh.com/1.0/auth",
		      "{\"a\":\"b\",\"c\":\"d\"}", TS, sig);
	CHECK_STR(sig, "$1$ec2fb5c7a81f64723c77d2e5b609ae6f58a84fc1");
	ovh_signature(AS, CK, "POST", "https://eu.api.ovh.com/1.0/auth",
		      "{\"a\":\"b\",\"c\":\"e\"}", TS, sig);
	CHECK(strcmp(sig, "$1$ec2fb5c7a81f64723c77d2e5b609ae6f58a84fc1"));
	ovh_signature(AS, CK, "POST", "https://eu.api.ovh.com/1.0/auth",
		      "{\"a\":\"b\",\"c\":\"d\"}", TS + 1, sig);
	CHECK(strcmp(sig, "$1$ec2fb5c7a81f64723c77d2e5b609ae6f58a84fc1"));
}

static void test_endpoint_names(void)
{
	CHECK_STR(ovh_endpoint_url("ovh-eu"), "https://eu.api.ovh.com/1.0");
	CHECK_STR(ovh_endpoint_url("ovh-ca"), "https://ca.api.ovh.com/1.0");
	CHECK_STR(ovh_endpoint_url("ovh-us"),
		  "https://api.us.ovhcloud.com/1.0");
	CHECK_STR(ovh_endpoint_url("kimsufi-eu"),
		  "https://eu.api.kimsufi.com/1.0");
	CHECK_STR(ovh_endpoint_url("kimsufi-ca"),
		  "https://ca.api.kimsufi.com/1.0");
	CHECK_STR(ovh_endpoint_url("soyoustart-eu"),
		  "https://eu.api.soyoustart.com/1.0");
	CHECK_STR(ovh_endpoint_url("soyoustart-ca"),
		  "https://ca.api.soyoustart.com/1.0");
	CHECK_INT(ovh_nr_endpoints, 7);
}

static void test_endpoint_urls_and_unknown_names(void)
{
	CHECK_STR(ovh_endpoint_url("https://api.example.net/1.0"),
		  "https://api.example.net/1.0");
	CHECK(ovh_endpoint_url("http://eu.api.ovh.com/1.0") == NULL);
	CHECK(ovh_endpoint_url("https://") == NULL);
	CHECK(ovh_endpoint_url("ovh-EU") == NULL);
	CHECK(ovh_endpoint_url("ovh-xx") == NULL);
	CHECK(ovh_endpoint_url("") == NULL);
	CHECK(ovh_endpoint_url(NULL) == NULL);
}

/* Classify a body with a status; return the message too. */
static enum ovh_error classify(long status, const char *body, char **msg,
			       char **code)
{
	struct http_response rs = HTTP_RESPONSE_INIT;
	struct strbuf m = STRBUF_INIT, c = STRBUF_INIT;
	enum ovh_error e;

	rs.status = status;
	strbuf_addstr(&rs.body, body);
	e = ovh_error_of(&rs, &m, &c);
	*msg = strbuf_detach(&m, NULL);
	*code = strbuf_detach(&c, NULL);
	http_response_release(&rs);
	return e;
}

static void test_classic_error_bodies(void)
{
	static const struct {
		long status;
		const char *body;
		enum ovh_error want;
		const char *message;
	} cases[] = {
		{403,
		 "{\"errorCode\":\"INVALID_KEY\",\"httpCode\":\"403 "
		 "Forbidden\",\"message\":\"Invalid application key\"}",
		 OVH_ERR_INVALID_KEY, "Invalid application key"},
		{403,
		 "{\"errorCode\":\"INVALID_CREDENTIAL\",\"httpCode\":\"403 "
		 "Forbidden\",\"message\":\"This credential is not valid\"}",
		 OVH_ERR_INVALID_CREDENTIAL, "This credential is not valid"},
		{403,
		 "{\"errorCode\":\"NOT_CREDENTIAL\",\"httpCode\":\"403 "
		 "Forbidden\",\"message\":\"This credential does not exist\"}",
		 OVH_ERR_NOT_CREDENTIAL, "This credential does not exist"},
		{400,
		 "{\"message\":\"Invalid signature\",\"httpCode\":\"400 Bad "
		 "Request\",\"errorCode\":\"INVALID_SIGNATURE\"}",
		 OVH_ERR_INVALID_SIGNATURE, "Invalid signature"},
		{403,
		 "{\"errorCode\":\"NOT_GRANTED_CALL\",\"httpCode\":\"403 "
		 "Forbidden\",\"message\":\"This call has not been granted\"}",
		 OVH_ERR_NOT_GRANTED, "This call has not been granted"},
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		char *msg, *code;

		CHECK_INT(classify(cases[i].status, cases[i].body, &msg, &code),
			  cases[i].want);
		CHECK_STR(msg, cases[i].message);
		CHECK(*code);
		free(msg);
		free(code);
	}
}

static void test_class_error_bodies(void)
{
	char *msg, *code;

	/* a generic class: the message tells */
	CHECK_INT(classify(403,
			   "{\"class\":\"Client::Forbidden\",\"message\":"
			   "\"This credential is not valid\"}",
			   &msg, &code),
		  OVH_ERR_INVALID_CREDENTIAL);
	CHECK_STR(code, "Client::Forbidden");
	free(msg);
	free(code);
	/* a precise class: its last word tells */
	CHECK_INT(classify(403,
			   "{\"class\":\"Client::Forbidden::InvalidKey\","
			   "\"message\":\"Forbidden\"}",
			   &msg, &code),
		  OVH_ERR_INVALID_KEY);
	CHECK_STR(msg, "Forbidden");
	free(msg);
	free(code);
}

static void test_other_errors_keep_the_status(void)
{
	char *msg, *code;

	CHECK_INT(classify(502, "<html>bad gateway</html>", &msg, &code),
		  OVH_ERR_OTHER);
	CHECK_STR(msg, "HTTP 502");
	CHECK_STR(code, "");
	free(msg);
	free(code);
	CHECK_INT(classify(500,
			   "{\"class\":\"Server::InternalServerError\","
			   "\"message\":\"Internal server error\"}",
			   &msg, &code),
		  OVH_ERR_OTHER);
	CHECK_STR(msg, "Internal server error");
	free(msg);
	free(code);
	CHECK_INT(classify(200, "{}", &msg, &code), OVH_ERR_NONE);
	free(msg);
	free(code);
	CHECK_STR(ovh_error_name(OVH_ERR_INVALID_KEY),
		  "invalid application key");
}

static void test_keys_with_line_breaks_are_not_sent(void)
{
	struct ovh_client c = OVH_CLIENT_INIT;
	struct http_response rs = HTTP_RESPONSE_INIT;
	struct strbuf err = STRBUF_INIT;

	/* a closed port: had it tried, the error would say "can't reach" */
	c.base_url = "http://127.0.0.1:1/1.0";
	c.app_key = "AK\r\nX-Evil: 1";
	c.app_secret = AS;
	c.consumer_key = CK;
	CHECK_INT(ovh_request(&c, "GET", "/auth/currentCredential", NULL, &rs,
			      &err),
		  -1);
	CHECK_STR(err.buf, "a key holds a line break");
	http_response_release(&rs);
	strbuf_release(&err);
}

int main(void)
{
	RUN(test_sha1_fips_vectors);
	RUN(test_sha1_million_a_in_uneven_pieces);
	RUN(test_signature_of_a_get);
	RUN(test_signature_of_a_post_covers_the_body);
	RUN(test_endpoint_names);
	RUN(test_endpoint_urls_and_unknown_names);
	RUN(test_classic_error_bodies);
	RUN(test_class_error_bodies);
	RUN(test_other_errors_keep_the_status);
	RUN(test_keys_with_line_breaks_are_not_sent);
	return unit_done();
}
