/*
 * sha1.h - SHA-1 (FIPS 180-4).  Used where a protocol demands it (OVH's
 * request signatures) and for content fingerprints, where it only has to
 * tell "changed" from "unchanged".
 */
#ifndef MYC_SHA1_H
#define MYC_SHA1_H

#include "common.h"

struct sha1_ctx {
	uint32_t h[5];
	uint64_t len;
	unsigned char block[64];
	size_t used;
};

void sha1_init(struct sha1_ctx *c);
void sha1_update(struct sha1_ctx *c, const void *data, size_t len);
void sha1_final(struct sha1_ctx *c, unsigned char out[20]);

/* Lowercase hex of the SHA-1 of data; hex must hold 41 bytes. */
void sha1_hex(const void *data, size_t len, char hex[41]);
/* Lowercase hex of a finished context. */
void sha1_final_hex(struct sha1_ctx *c, char hex[41]);

#endif
