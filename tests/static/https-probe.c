/*
 * https-probe - one request through the static libcurl of myc-static.
 *
 * myc-static has no applet yet whose only job is an HTTPS request, so
 * tests/static.test drives this program, linked by scripts/build-static.sh
 * against the very same libcurl, mbedTLS and zlib archives, to prove the
 * static TLS stack verifies peers (and refuses the wrong ones).
 */
#include <curl/curl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

static const char usage[] =
	"usage: https-probe [--cacert FILE] [--unix-socket PATH] URL\n"
	"       https-probe --info\n"
	"\n"
	"GET URL and print \"status N\" then the body; exit 1 when no response\n"
	"came (connection, TLS or verification failure) with curl's reason.\n"
	"--info prints the TLS backend, zlib, the protocols and the CA bundle\n"
	"used when no --cacert is given.\n";

static int print_info(void)
{
	const curl_version_info_data *v = curl_version_info(CURLVERSION_NOW);
	CURL *c = curl_easy_init();
	char *ca = NULL;
	const char *const *p;

	if (!c) {
		fputs("https-probe: curl_easy_init failed\n", stderr);
		return 1;
	}
	printf("curl: %s\n", v->version);
	printf("ssl: %s\n", v->ssl_version ? v->ssl_version : "none");
	printf("libz: %s\n", v->libz_version ? v->libz_version : "none");
	fputs("protocols:", stdout);
	for (p = v->protocols; *p; p++)
		printf(" %s", *p);
	putchar('\n');
	printf("unix-sockets: %s\n",
	       v->features & CURL_VERSION_UNIX_SOCKETS ? "yes" : "no");
	if (curl_easy_getinfo(c, CURLINFO_CAINFO, &ca) != CURLE_OK)
		ca = NULL;
	printf("ca-bundle: %s\n", ca ? ca : "none");
	curl_easy_cleanup(c);
	return fflush(stdout) ? 1 : 0;
}

struct body {
	char *buf;
	size_t len;
};

/* Kept in memory so that the status line can be printed before it. */
static size_t on_body(char *data, size_t size, size_t n, void *ctx)
{
	struct body *b = ctx;
	char *grown = realloc(b->buf, b->len + size * n);

	if (!grown)
		return 0;
	memcpy(grown + b->len, data, size * n);
	b->buf = grown;
	b->len += size * n;
	return size * n;
}

static int probe(const char *url, const char *cacert, const char *unix_socket)
{
	char errbuf[CURL_ERROR_SIZE] = "";
	CURL *c = curl_easy_init();
	struct body body = {NULL, 0};
	CURLcode rc;
	long status = 0;

	if (!c) {
		fputs("https-probe: curl_easy_init failed\n", stderr);
		return 1;
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 30000L);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	if (cacert)
		curl_easy_setopt(c, CURLOPT_CAINFO, cacert);
	if (unix_socket)
		curl_easy_setopt(c, CURLOPT_UNIX_SOCKET_PATH, unix_socket);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(c);
	if (rc != CURLE_OK) {
		fprintf(stderr, "https-probe: %s\n",
			*errbuf ? errbuf : curl_easy_strerror(rc));
		free(body.buf);
		return 1;
	}
	printf("status %ld\n", status);
	if (body.len)
		fwrite(body.buf, 1, body.len, stdout);
	free(body.buf);
	return fflush(stdout) ? 1 : 0;
}

int main(int argc, char **argv)
{
	const char *cacert = NULL, *unix_socket = NULL;
	int i, rc;

	if (curl_global_init(CURL_GLOBAL_DEFAULT)) {
		fputs("https-probe: curl_global_init failed\n", stderr);
		return 1;
	}
	for (i = 1; i < argc - 1; i += 2) {
		if (!strcmp(argv[i], "--cacert"))
			cacert = argv[i + 1];
		else if (!strcmp(argv[i], "--unix-socket"))
			unix_socket = argv[i + 1];
		else
			break;
	}
	if (argc == 2 && !strcmp(argv[1], "--info"))
		rc = print_info();
	else if (i == argc - 1 && argv[i][0] != '-')
		rc = probe(argv[i], cacert, unix_socket);
	else {
		fputs(usage, stderr);
		rc = 2;
	}
	curl_global_cleanup();
	return rc;
}
