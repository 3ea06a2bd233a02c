/*
 * docker.h - a small client of the Docker Engine API.
 *
 *	struct docker d = DOCKER_INIT;
 *	struct strbuf err = STRBUF_INIT;
 *	struct ynode *list;
 *	if (docker_open(&d, &err) < 0 ||
 *	    docker_get_json(&d, "/containers/json", &list, &err) < 0)
 *		die("%s", err.buf);
 *	... y_free(list); docker_release(&d);
 *
 * Where the engine is: DOCKER_HOST, else unix:///var/run/docker.sock.
 *  - unix:///PATH: the socket PATH (at most 107 bytes, the kernel's limit).
 *  - tcp://HOST:PORT (or http://): plain HTTP over TCP, as `dockerd -H tcp://`
 *    serves it.  TLS (DOCKER_TLS_VERIFY, https://) needs a client certificate
 *    that http.h can't present: refused with "not supported".
 * Anything else (ssh://, npipe://) is refused with "not supported".
 *
 * API version: DOCKER_API_VERSION ("1.41") forces one and nothing is asked.
 * Otherwise docker_open() asks the engine (GET /version): it uses the newest
 * version both sides speak, min(DOCKER_API_MAX, engine's ApiVersion), raised
 * to the engine's MinAPIVersion when that is newer (Docker 29 refuses
 * anything below 1.44).  When /version says nothing usable, the Api-Version
 * header of the answer (as /_ping sends it) is used.
 *
 * Errors (every function returns 0 / -1 and fills err, reset first; nothing
 * is printed): one line, ready for die("%s", err.buf):
 *  - engine unreachable: "can't reach the Docker engine at WHERE: REASON",
 *    where REASON is the socket's own errno text when it can be had
 *    ("No such file or directory", "Permission denied"), else curl's;
 *  - engine answered >= 400: its {"message": ...}, else the body's first
 *    line, else "HTTP STATUS"; d->status keeps the status (404: no such
 *    object) so callers can tell cases apart.
 */
#ifndef MYC_DOCKER_H
#define MYC_DOCKER_H

#include "common.h"

struct strbuf;
struct ynode;
struct http_response;

/* The newest API version we were written against. */
#define DOCKER_API_MAX "1.47"
#define DOCKER_DEFAULT_HOST "unix:///var/run/docker.sock"

struct docker {
	char *socket;	  /* unix socket path, or NULL over TCP */
	char *base;	  /* "http://localhost" or "http://HOST:PORT" */
	char *where;	  /* for messages: the socket path or tcp://HOST:PORT */
	char version[16]; /* the API version in use, "1.41" */
	long status;	  /* HTTP status of the last answer, 0 if none */
};

#define DOCKER_INIT                                                            \
	{                                                                      \
		NULL, NULL, NULL, "", 0                                        \
	}

/*
 * Find the engine (DOCKER_HOST) and settle the API version (see above).
 * On error, d is left released.
 */
int docker_open(struct docker *d, struct strbuf *err);

/*
 * Only read DOCKER_HOST / host into d, with no I/O and no version (so
 * docker_get_json() then speaks the engine's default version).
 */
int docker_set_host(struct docker *d, const char *host, struct strbuf *err);

/*
 * One request: METHOD /vVERSION/PATH (PATH starts with '/' and may carry a
 * query string; unversioned when no version is settled), with an optional
 * JSON body.  0 when the engine answered < 400; rs holds the answer either
 * way (release it).  -1 with err otherwise.
 */
int docker_request(struct docker *d, const char *method, const char *path,
		   const char *json_body, struct http_response *rs,
		   struct strbuf *err);

/* GET PATH and parse the JSON answer into *out (the caller y_free()s it). */
int docker_get_json(struct docker *d, const char *path, struct ynode **out,
		    struct strbuf *err);

/* GET /_ping: 0 when the engine answers "OK". */
int docker_ping(struct docker *d, struct strbuf *err);

void docker_release(struct docker *d);

/* Pure helpers, exposed for tests. */

/* Compare "MAJOR.MINOR" versions like strcmp; bad text sorts lowest. */
int docker_version_cmp(const char *a, const char *b);
/* Whether v reads as "MAJOR.MINOR" (digits, one dot, digits). */
bool docker_version_valid(const char *v);
/*
 * The version to speak with an engine that speaks up to engine_max and no
 * lower than engine_min (either may be NULL: unknown), into out (size n).
 */
void docker_negotiate(const char *ours, const char *engine_max,
		      const char *engine_min, char *out, size_t n);
/* The error text of an engine's answer body, into err (appended). */
void docker_error_text(const char *body, size_t len, long status,
		       struct strbuf *err);

#endif
