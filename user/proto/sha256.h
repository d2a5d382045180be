/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* SHA-256 (FIPS 180-4 §6.2), the pseudorandom function F() of RFC 7217 §5 stable-privacy
 * interface identifiers. Small and portable; not constant-time, not for bulk data. */
#ifndef XDP6_SHA256_H
#define XDP6_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_LEN	32
#define SHA256_BLOCK_LEN	64

struct sha256 {
	uint32_t h[8];
	uint64_t total;			/* bytes hashed so far */
	uint8_t buf[SHA256_BLOCK_LEN];
	size_t buf_len;
};

void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *data, size_t len);
void sha256_final(struct sha256 *c, uint8_t out[SHA256_DIGEST_LEN]);
/* One-shot digest of [data, data+len). */
void sha256(const void *data, size_t len, uint8_t out[SHA256_DIGEST_LEN]);

#endif /* XDP6_SHA256_H */
