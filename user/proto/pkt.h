/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Common ground of the sans-I/O protocol modules: time, randomness, transmit callback, a parsed
 * view of a received frame (RFC 8200 §4 header walk) and builders for the frames we send. No
 * module under user/proto/ touches a socket, a clock or a map: time comes in as an argument,
 * frames go out through struct xdp6_tx, and randomness comes from a seeded state. */
#ifndef XDP6_PKT_H
#define XDP6_PKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "xdp6_wire.h"
#include "xdp6_maps.h"

/* Monotonic nanoseconds. Modules never read a clock; adapters pass `now`. */
typedef uint64_t xdp6_ns;
#define XDP6_NS_PER_MS	1000000ull
#define XDP6_NS_PER_SEC	1000000000ull
#define XDP6_NEVER	UINT64_MAX	/* next_deadline() of a module with nothing scheduled */

/* Transmit: a complete Ethernet frame. Tests replace fn with a capture. */
struct xdp6_tx {
	void (*fn)(void *ctx, const uint8_t *frame, size_t len);
	void *ctx;
};

static inline void xdp6_tx_send(const struct xdp6_tx *tx, const uint8_t *frame, size_t len)
{
	if (tx && tx->fn)
		tx->fn(tx->ctx, frame, len);
}

/* What a protocol module knows of its interface. */
struct xdp6_link {
	int ifindex;
	char ifname[16];
	uint8_t mac[ETH6_ALEN];
	uint32_t mtu;
};

/* splitmix64: deterministic for tests (fixed seed), seeded from getrandom() by the daemon. */
uint32_t xdp6_rand_u32(uint64_t *state);
/* Uniform in [0, max_ns]. */
xdp6_ns xdp6_rand_delay(uint64_t *state, xdp6_ns max_ns);

/* Addresses */
bool ip6_is_unspecified(const struct in6_addr *a);
bool ip6_is_multicast(const struct in6_addr *a);
bool ip6_is_linklocal(const struct in6_addr *a);	/* fe80::/10 */
bool ip6_is_loopback(const struct in6_addr *a);
bool ip6_is_v4mapped(const struct in6_addr *a);	/* ::ffff:0:0/96, RFC 4291 §2.5.5.2 */
/* IEEE 802: a station's MAC, not a group (I/G bit) nor all zeros (Linux is_valid_ether_addr) */
bool eth_is_station(const uint8_t *mac);
bool ip6_is_solnode(const struct in6_addr *a);		/* ff02::1:ffxx:xxxx */
void ip6_solnode(const struct in6_addr *a, struct in6_addr *out);	/* RFC 4291 §2.7.1 */
void ip6_mc_mac(const struct in6_addr *group, uint8_t mac[ETH6_ALEN]);	/* RFC 2464 §7 */
void ip6_eui64_iid(const uint8_t mac[ETH6_ALEN], uint8_t iid[8]);	/* RFC 4291 App. A */
bool ip6_prefix_match(const struct in6_addr *a, const struct in6_addr *b, unsigned plen);
extern const struct in6_addr ip6_all_nodes, ip6_all_routers, ip6_all_mldv2;

/* Checksum of an upper-layer payload with the RFC 8200 §8.1 pseudo-header. `l4` is the whole
 * upper-layer packet with its checksum field as found (zero it first to compute). */
uint16_t ip6_l4_csum(const struct in6_addr *src, const struct in6_addr *dst, uint8_t nexthdr,
		     const void *l4, size_t len);

/* A received frame, parsed once by pkt_parse(). Offsets are from the start of the frame. */
struct pkt_info {
	const uint8_t *frame;
	size_t len;
	const uint8_t *dmac, *smac;
	bool vlan;
	uint16_t vlan_tci;
	size_t ip6_off;
	const struct ip6_hdr *ip6;
	struct in6_addr src, dst;
	uint8_t hop_limit;
	uint8_t tclass;
	size_t ip6_end;		/* ip6_off + 40 + payload_len (frame may be longer: padding) */
	uint8_t l4_proto;	/* first header that is not HBH/Routing/DestOpts/Fragment, or
				 * the Next Header of a non-atomic fragment's Fragment header */
	size_t l4_off;
	size_t l4_len;
	size_t nh_field_off;	/* offset of the Next Header byte that named l4_proto */
	bool router_alert_mld;	/* Hop-by-Hop Router Alert, value 0 (RFC 2711) */
	bool has_frag;		/* a Fragment header was walked */
	size_t frag_hdr_off;
	uint16_t frag_offset;	/* in octets */
	bool frag_more;
	uint32_t frag_id;
	size_t frag_unfrag_end;	/* end of the per-fragment headers (start of Fragment header) */
};

/* Parses Ethernet (one 802.1Q/802.1ad tag), IPv6 and its extension headers, any number of them
 * (RFC 8200 §4.1; the walk is bounded by the Payload Length, each header being 8 octets or
 * more). Returns 0, or -EINVAL (not IPv6 / bad version / payload length beyond the frame /
 * extension header overrunning). After the Fragment header of a fragment other than an atomic
 * one (offset != 0 or M = 1) the walk stops: l4_proto is the Fragment header's Next Header,
 * l4_off its payload; the Fragmentable Part, first fragment included, is judged by reassembly
 * (RFC 7112 §5 there). */
int pkt_parse(const uint8_t *frame, size_t len, struct pkt_info *pi);

/* ND options (RFC 4861 §4.6): iterate over [opts, opts+len). Returns 1 and fills *type, *olen
 * (bytes, incl. header) and *off for the next option, 0 at the end, -EINVAL on a zero-length or
 * overrunning option. Start with *off = 0. */
int nd_opt_next(const uint8_t *opts, size_t len, size_t *off, uint8_t *type, size_t *olen);

/* Headers of a frame we send. */
struct pkt_out {
	uint8_t dmac[ETH6_ALEN];
	uint8_t smac[ETH6_ALEN];
	struct in6_addr src, dst;
	uint8_t hop_limit;
	uint8_t tclass;
	bool router_alert;	/* add a Hop-by-Hop header with Router Alert (MLD), RFC 3810 §5 */
};

/* Builds Ethernet + IPv6 [+ HBH Router Alert] + the ICMPv6 message `icmp` (icmp_len bytes, its
 * checksum field is overwritten). Destination MAC: as given (use ip6_mc_mac for multicast).
 * Returns the frame length, or -ENOSPC when cap is too small. */
int pkt_build_icmp6(uint8_t *buf, size_t cap, const struct pkt_out *o, const void *icmp,
		    size_t icmp_len);

#endif /* XDP6_PKT_H */
