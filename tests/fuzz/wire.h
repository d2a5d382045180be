/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The fuzz harnesses' own view of the wire, written independently of user/proto/pkt.c so that
 * a bug there cannot hide itself: an Ethernet + IPv6 parser (RFC 8200 §4 header walk bounded by
 * bytes, not by a count), the RFC 1071 Internet checksum with the RFC 8200 §8.1 pseudo-header,
 * and small builders for the frames the harnesses send. Constants come from xdp6_wire.h (RFC
 * numbers only); no code from user/ is called. */
#ifndef XDP6_FUZZ_WIRE_H
#define XDP6_FUZZ_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "xdp6_wire.h"

#define W_FRAG_HLEN	8	/* RFC 8200 §4.5 Fragment header */
#define W_EXT_UNIT	8	/* RFC 8200 §4.3: Hdr Ext Len in 8-octet units, not counting the
				 * first 8 */
#define W_ICMP6_ERR_HLEN 8	/* RFC 4443 §3: type, code, checksum, 32-bit parameter */

/* One parsed frame. Offsets are from the start of the frame. */
struct wpkt {
	size_t l2;			/* Ethernet header length incl. one VLAN tag */
	bool vlan;
	const uint8_t *dmac, *smac;
	size_t ip6;			/* offset of the IPv6 header */
	struct in6_addr src, dst;
	uint8_t hlim, tclass;
	uint16_t plen;			/* Payload Length as found */
	size_t end;			/* ip6 + 40 + plen */
	bool router_alert;		/* Hop-by-Hop Router Alert option seen (RFC 2711) */
	bool has_frag;
	size_t frag_off;		/* offset of the Fragment header */
	size_t unfrag_end;		/* == frag_off: end of the headers before it */
	uint16_t frag_offset;		/* in octets */
	bool frag_m;
	uint32_t frag_id;
	uint8_t frag_nh;		/* Next Header of the Fragment header */
	size_t frag_nh_field;		/* offset of the Next Header byte naming the Fragment
					 * header */
	uint8_t l4;			/* upper-layer protocol (first non-extension header) */
	size_t l4_off, l4_len;
	size_t l4_nh_field;		/* offset of the Next Header byte naming l4 */
	size_t first_ext_nh_field;	/* offset of the IPv6 Next Header byte */
};

/* Parses Ethernet [802.1Q/802.1ad] + IPv6 + every extension header (HBH, Routing, Fragment,
 * Destination Options, AH) within Payload Length. After a Fragment header with a non-zero
 * offset the walk stops (the rest is data). exact: the frame must end at ip6 + 40 + plen.
 * Returns 0, or -1 with a reason in *why. */
int w_parse(const uint8_t *f, size_t len, bool exact, struct wpkt *p, const char **why);

/* RFC 1071 one's complement sum over the RFC 8200 §8.1 pseudo-header and l4[0..len): 0 (as
 * returned, i.e. already complemented: 0 means valid) for a correct checksum. */
uint16_t w_csum(const struct in6_addr *src, const struct in6_addr *dst, uint8_t nh,
		const uint8_t *l4, size_t len);
/* Computes and stores the checksum of an ICMPv6 or UDP upper layer (field at l4 + 2 / l4 + 6). */
void w_csum_fix(const struct in6_addr *src, const struct in6_addr *dst, uint8_t nh,
		uint8_t *l4, size_t len);

bool w_is_mcast(const struct in6_addr *a);
bool w_is_unspec(const struct in6_addr *a);
bool w_is_loopback(const struct in6_addr *a);
bool w_is_v4mapped(const struct in6_addr *a);
bool w_is_linklocal(const struct in6_addr *a);
bool w_eq(const struct in6_addr *a, const struct in6_addr *b);
void w_solnode(const struct in6_addr *a, struct in6_addr *out);	/* RFC 4291 §2.7.1 */

/* Builders: Ethernet + IPv6 + ICMPv6 (checksum filled), hop limit hl, into buf (cap bytes).
 * Returns the frame length or 0 when it does not fit. */
size_t w_build_icmp6(uint8_t *buf, size_t cap, const uint8_t dmac[6], const uint8_t smac[6],
		     const struct in6_addr *src, const struct in6_addr *dst, uint8_t hl,
		     const uint8_t *icmp, size_t icmp_len);

#endif /* XDP6_FUZZ_WIRE_H */
