/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Helpers the host unit tests share: address literals, hex, big-endian fields, an RFC 1071
 * checksum and an Ethernet + IPv6 header writer of their own (not user/proto/pkt.c, so that
 * inputs do not depend on the code under test), and the frame mutator of the fuzz loops. */
#ifndef XDP6_TESTUTIL_H
#define XDP6_TESTUTIL_H

#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "xdp6_wire.h"

/* The address written as s (a literal: the tests' own, always valid). */
static inline struct in6_addr A(const char *s)
{
	struct in6_addr a;

	inet_pton(AF_INET6, s, &a);
	return a;
}

/* The same with a stable address, for calls that take a pointer (the last 8 stay valid). */
static inline const struct in6_addr *P(const char *s)
{
	static struct in6_addr ring[8];
	static unsigned k;
	struct in6_addr *a = &ring[k++ % 8];

	inet_pton(AF_INET6, s, a);
	return a;
}

/* Hex digits (up to the end, a newline or cap octets) into out; returns the octets written. */
static inline size_t unhex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;

	while (s[0] && s[1] && s[0] != '\n' && n < cap) {
		if (sscanf(s, "%2hhx", &out[n]) != 1)
			break;
		n++;
		s += 2;
	}
	return n;
}

static inline void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

static inline uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

/* RFC 1071 sum over the RFC 8200 §8.1 pseudo-header and the message p[0..len), complemented:
 * the value to store in the checksum field (zeroed), and 0 for a message whose field is right. */
static inline uint16_t ref_csum(const uint8_t src[16], const uint8_t dst[16], uint8_t nh,
				const uint8_t *p, size_t len)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < 16; i += 2)
		sum += (uint32_t)(src[i] << 8 | src[i + 1]) + (uint32_t)(dst[i] << 8 | dst[i + 1]);
	sum += (len >> 16) + (len & 0xffff) + nh;
	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* Recomputes the checksum of the upper-layer message at offset l4 of an Ethernet + IPv6 frame
 * of flen octets (addresses at their untagged offsets); proto picks the field (UDP, TCP, else
 * ICMPv6), UDP's 0 is sent as 0xffff (RFC 8200 §8.1). */
static inline void fix_csum(uint8_t *f, size_t flen, size_t l4, uint8_t proto)
{
	size_t co = proto == IP6_NH_UDP ? 6 : proto == IP6_NH_TCP ? 16 : 2;
	uint16_t c;

	if (flen < l4 + co + 2)
		return;
	f[l4 + co] = f[l4 + co + 1] = 0;
	c = ref_csum(f + ETH6_HLEN + 8, f + ETH6_HLEN + 24, proto, f + l4, flen - l4);
	if (proto == IP6_NH_UDP && !c)
		c = 0xffff;
	put16(f + l4 + co, c);
}

/* Writes an Ethernet header (dmac, smac, IPv6) and an IPv6 header (traffic class, payload
 * length, next header, hop limit, addresses) at f; returns their length. */
static inline size_t put_eth_ip6(uint8_t *f, const uint8_t dmac[ETH6_ALEN],
				 const uint8_t smac[ETH6_ALEN], const struct in6_addr *src,
				 const struct in6_addr *dst, uint8_t nh, size_t plen,
				 uint8_t tclass, uint8_t hop_limit)
{
	memcpy(f, dmac, ETH6_ALEN);
	memcpy(f + ETH6_ALEN, smac, ETH6_ALEN);
	put16(f + 12, ETH6_P_IPV6);
	put32(f + ETH6_HLEN, (uint32_t)IP6_VERSION << 28 | (uint32_t)tclass << 20);
	put16(f + ETH6_HLEN + 4, (uint16_t)plen);
	f[ETH6_HLEN + 6] = nh;
	f[ETH6_HLEN + 7] = hop_limit;
	memcpy(f + ETH6_HLEN + 8, src, 16);
	memcpy(f + ETH6_HLEN + 24, dst, 16);
	return ETH6_HLEN + IP6_HLEN;
}

/* ---- the fuzz loops' inputs: random and mutated copies of valid frames ---- */

struct fuzz_base {
	const uint8_t *f;
	size_t len;
	size_t l4;		/* where the ICMPv6 message starts (for the checksum) */
};

struct fuzz {
	uint64_t rng;		/* fixed seed: the same inputs every run */
	unsigned random_one_in;	/* 1 in N inputs is random bytes, the others mutations */
	size_t random_max;	/* random inputs are shorter than this */
	size_t keep;		/* ... and keep base[0]'s first `keep` octets when longer */
	unsigned flips_min, flips_max;	/* octets changed in a mutation */
};

/* xorshift64*: the fuzz's own generator, whatever the code under test does with its own. */
static inline uint32_t fuzz_u32(struct fuzz *z)
{
	z->rng ^= z->rng >> 12;
	z->rng ^= z->rng << 25;
	z->rng ^= z->rng >> 27;
	return (uint32_t)((z->rng * 0x2545f4914f6cdd1dull) >> 32);
}

/* One input into buf (cap octets at least as long as every base): either random octets (with
 * base[0]'s start and a Payload Length that fits, so parsing gets past the IPv6 header), or a
 * copy of a random base with a few octets changed, cut short 1 time in 2, and its checksum
 * made right 1 time in 2 so that the checks after the checksum are reached. Returns its
 * length. */
static inline size_t fuzz_frame(struct fuzz *z, uint8_t *buf, size_t cap,
				const struct fuzz_base *base, unsigned nbase)
{
	uint32_t r = fuzz_u32(z);
	size_t len, k;

	if (r % z->random_one_in == 0) {
		len = fuzz_u32(z) % (z->random_max < cap ? z->random_max : cap);
		for (k = 0; k < len; k++)
			buf[k] = (uint8_t)fuzz_u32(z);
		if (len > z->keep && len > ETH6_HLEN + IP6_HLEN) {
			memcpy(buf, base[0].f, z->keep);
			put16(buf + ETH6_HLEN + 4, (uint16_t)(len - ETH6_HLEN - IP6_HLEN));
		}
		return len;
	}
	{
		const struct fuzz_base *b = &base[(r >> 8) % nbase];
		unsigned flips = z->flips_min + fuzz_u32(z) % (z->flips_max - z->flips_min + 1);

		len = b->len;
		memcpy(buf, b->f, len);
		for (k = 0; k < flips; k++)
			buf[fuzz_u32(z) % len] ^= (uint8_t)(1 + fuzz_u32(z) % 255);
		if (r & 0x10000)
			len = fuzz_u32(z) % (len + 1);
		if (r & 0x20000)
			fix_csum(buf, len, b->l4, IP6_NH_ICMPV6);
	}
	return len;
}

#endif
