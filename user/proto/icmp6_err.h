/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* ICMPv6 errors, sans-I/O: the ones we generate (RFC 4443 §2.4, §3; RFC 8200 §4, §4.2-§4.5;
 * RFC 7112) with the §2.4(e) suppression rules and the §2.4(f) rate limit, the classification
 * helpers that say which error a received frame deserves, and the errors we receive (RFC 4443
 * §2.4(d), §3; Packet Too Big per RFC 8201 §4), counted by type and code.
 *
 * How the host (user/proto/host.c) calls this module, for every frame XDP hands over:
 *   1. pkt_parse() fails            -> icmp6_err_check_header(frame, len, &pi, &what);
 *                                      ICMP6_ERR_REPLY: icmp6_err_send(pi, what...), then drop.
 *   2. pkt_parse() succeeds         -> icmp6_err_check_options(&pi, &what): Hop-by-Hop and
 *                                      Destination Options, Routing header, HBH position.
 *                                      DISCARD: drop; REPLY: send what, drop; ACCEPT: go on.
 *                                      Fragments are checked up to their Fragment header; the
 *                                      reassembled frame comes back through host_input and is
 *                                      checked whole. RFC 7112 §5 (a first fragment without
 *                                      the whole chain: code 3) is reasm_input()'s check.
 *   3. pi.has_frag                  -> reasm_input() (user/proto/reasm.h), nothing else.
 *   4. ICMPv6 type 0..127 (errors)  -> icmp6_err_input(): counts, PTB -> ops.pmtu_update.
 *   5. not ICMPv6                   -> icmp6_err_for_unserved(&pi, served, ctx, &what):
 *                                      REPLY: send what (Port Unreachable / Parameter Problem
 *                                      code 1); DISCARD: drop (TCP, No Next Header, malformed).
 * Sending (icmp6_err_send): our_src is the invoking packet's destination when that is one of
 * our unicast addresses; when the destination was multicast (only PTB and Parameter Problem
 * code 2 survive §2.4(e.3)) the host picks one of ours, link-local preferred for a link-local
 * peer. Callbacks the host implements: ops.tx (AF_XDP), ops.pmtu_update (-> pmtu_update()),
 * ops.is_local (is this address ours, for PTB validation; may be NULL).
 * Defaults: icmp6_err_cfg_defaults(). */
#ifndef XDP6_ICMP6_ERR_H
#define XDP6_ICMP6_ERR_H

#include "pkt.h"

/* RFC 7112 §5 / RFC 8200 §4.5: first fragment without the whole header chain. Not yet in
 * include/xdp6_wire.h (owned elsewhere); defined here until it moves there. */
#ifndef ICMP6_PP_INCOMPLETE_CHAIN
#define ICMP6_PP_INCOMPLETE_CHAIN	3
#endif
#define ICMP6_ERR_HLEN			8	/* type, code, checksum, pointer/MTU/unused */
/* Most of the invoking packet an error may quote: 1280 - 40 - 8 (RFC 4443 §2.4(c)). */
#define ICMP6_ERR_MAX_QUOTE		(ICMP6_ERROR_MAX_LEN - IP6_HLEN - ICMP6_ERR_HLEN)

struct icmp6_err;

struct icmp6_err_cfg {
	/* hop limit of the errors we send: 64 (Linux: the route's), then the one RAs give
	 * (icmp6_err_set_hop_limit) */
	uint8_t hop_limit;
	/* Global token bucket, RFC 4443 §2.4(f). Linux: net.ipv4.icmp_msgs_per_sec = 1000 and
	 * net.ipv4.icmp_msgs_burst = 50, shared by ICMP and ICMPv6. rate 0 = no global limit. */
	uint32_t rate;			/* errors per second, 1000 */
	uint32_t burst;			/* 50 */
	/* Per-destination bucket (Linux inet_peer_xrlim_allow): one error per peer_interval_ns,
	 * bursts of peer_burst. Linux: net.ipv6.icmp.ratelimit = 100 ms since 6.19 (1000 ms
	 * before, scaled down by the route's prefix length), XRLIM_BURST_FACTOR = 6.
	 * peer_interval_ns 0 = no per-destination limit. */
	xdp6_ns peer_interval_ns;	/* 100 ms */
	uint32_t peer_burst;		/* 6 */
	uint32_t peer_max;		/* destinations remembered, 1024; LRU beyond */
	/* Linux net.ipv6.icmp.ratemask defaults to "0-1,3-127": Packet Too Big is never
	 * limited (PMTU discovery must not break). true puts PTB under both buckets. */
	bool limit_ptb;			/* false */
};

void icmp6_err_cfg_defaults(struct icmp6_err_cfg *cfg);

struct icmp6_err_ops {
	struct xdp6_tx tx;
	/* A valid Packet Too Big said the path to dst has this MTU (>= 1280). -> pmtu_update(). */
	void (*pmtu_update)(void *ctx, xdp6_ns now, const struct in6_addr *dst, uint32_t mtu);
	/* Is `a` one of our addresses? A PTB quoting a packet whose source is not ours is
	 * ignored (RFC 8201 §4, RFC 5927 §4.1). NULL: accept any. */
	bool (*is_local)(void *ctx, const struct in6_addr *a);
	void *ctx;
};

/* cfg NULL = defaults. dstats: the host's counter array (enum xdp6_dreason), not NULL.
 * seed: unused today (rate limiting is deterministic), kept for the module shape. */
struct icmp6_err *icmp6_err_new(const struct xdp6_link *link, const struct icmp6_err_cfg *cfg,
				const struct icmp6_err_ops *ops, uint64_t seed, uint64_t *dstats);
void icmp6_err_free(struct icmp6_err *e);

/* Build and transmit an ICMPv6 error about `invoking` (RFC 4443 §2.4, §3). Choices:
 *  - never about an ICMPv6 error or a Redirect (§2.4(e.1)(e.2)); the ICMPv6 type is looked at
 *    only when the packet holds it (unfragmented or first fragment); a later fragment gets
 *    errors (the RFC does not forbid it, the reassembly errors of RFC 8200 §4.5 need it);
 *  - never for a multicast destination, a link-layer multicast or broadcast frame, except
 *    Packet Too Big and Parameter Problem code 2 about an option of action 10 (§2.4(e.3)-(e.5),
 *    the same byte Linux opt_unrec() checks); never for a unicast frame to another MAC
 *    (Linux drops PACKET_OTHERHOST before anything could answer);
 *  - never to ::, a multicast or loopback source, nor to a group source MAC (§2.4(e.6));
 *    anycast sources look like unicast ones (RFC 4291 §2.6) and do get errors;
 *  - Ethernet destination: the invoking frame's source MAC, the neighbor that delivered it,
 *    like a reply; Linux routes the error and resolves the next hop instead (differs only on
 *    asymmetric paths). Same VLAN tag as the invoking frame; hop limit cfg.hop_limit (64);
 *    traffic class 0 (Linux: the ICMPv6 socket's, 0);
 *  - as much of the invoking IPv6 packet (from its IPv6 header, Ethernet padding excluded) as
 *    fits in 1280 octets: at most 1232 octets quoted (§2.4(c));
 *  - rate limits only once the error is allowed (suppressed errors spend no tokens).
 * type is 1..127;
 * param is the Parameter Problem pointer (offset from the start of the invoking IPv6 header)
 * or the PTB MTU, ignored (sent as 0) for other types. Only invoking->frame, ->len and
 * ->ip6_off are trusted; everything else is re-read from the bytes.
 * Returns 0 sent (D_ERR_SENT), -EPERM suppressed by §2.4(e) or an unusable our_src
 * (D_ERR_SUPPRESSED), -EAGAIN rate limited by §2.4(f) (D_ERR_RATE_LIMITED), -EINVAL bad
 * arguments (nothing counted). */
int icmp6_err_send(struct icmp6_err *e, xdp6_ns now, const struct pkt_info *invoking,
		   uint8_t type, uint8_t code, uint32_t param, const struct in6_addr *our_src);

/* A received ICMPv6 error message (type < 128), already parsed. Validated (length, checksum,
 * unicast source, not a fragment), counted by type and code (D_ERR_RECEIVED) or as
 * D_ERR_INVALID. A Packet Too Big quoting one of our packets with MTU >= 1280 goes to
 * ops.pmtu_update; one with MTU < 1280 is discarded (RFC 8201 §4). Never answered with an
 * error (RFC 4443 §2.4(e.1)). Returns 0 or -EINVAL (invalid, counted). */
int icmp6_err_input(struct icmp6_err *e, xdp6_ns now, const struct pkt_info *pi);

/* RFC 4861 §6.3.4: a Router Advertisement's Cur Hop Limit becomes the hop limit of the errors
 * we send, like every packet the host originates (the host calls this from its RA hook).
 * 0 (unspecified by the router) changes nothing. */
void icmp6_err_set_hop_limit(struct icmp6_err *e, uint8_t hop_limit);

/* A new global bucket (xdp6d reload of --err-rate): rate errors a second in bursts of burst
 * (0 rate = unlimited); the bucket starts full at the next error, as at start. */
void icmp6_err_set_rate(struct icmp6_err *e, uint32_t rate, uint32_t burst);

/* Nothing is scheduled: the buckets refill lazily. */
void icmp6_err_timeout(struct icmp6_err *e, xdp6_ns now);
xdp6_ns icmp6_err_next_deadline(const struct icmp6_err *e);

/* ---- classification: which error, if any, a received frame deserves ---- */
enum icmp6_err_action {
	ICMP6_ERR_ACCEPT = 0,	/* nothing wrong here: go on processing */
	ICMP6_ERR_DISCARD,	/* drop silently */
	ICMP6_ERR_REPLY,	/* drop and send the error in *what (through icmp6_err_send) */
};

struct icmp6_err_what {
	uint8_t type, code;
	uint32_t param;		/* Parameter Problem pointer, from the start of the IPv6 header */
};

/* RFC 8200 §4.2-§4.4 on a parsed frame, headers in order up to the upper layer (or up to a
 * Fragment header with offset != 0 or M = 1):
 *  - Hop-by-Hop anywhere but right after the IPv6 header: PP code 1 at the Next Header byte
 *    that named it (§4.3; Linux does the same).
 *  - options in Hop-by-Hop and Destination Options headers (§4.2): Pad1, PadN and (HBH only)
 *    Router Alert (RFC 2711; length != 2: DISCARD, as Linux) are known. Unknown option type
 *    action 00: skip; 01: DISCARD; 10: PP code 2 at the option type byte; 11: the same unless
 *    the destination is multicast, then DISCARD. Jumbo Payload (RFC 2675) is not supported:
 *    it is an unknown type 0xC2, action 11. An option overrunning its header: PP code 0 at its
 *    length byte (RFC 4443 §3.4; Linux drops silently).
 *  - Routing header with Segments Left != 0: we recognise no Routing Type (RH0 is deprecated,
 *    RFC 5095), so PP code 0 at the Routing Type byte (§4.4). Segments Left 0: ignored. */
enum icmp6_err_action icmp6_err_check_options(const struct pkt_info *pi,
					      struct icmp6_err_what *what);

/* For a frame pkt_parse() rejected: finds the header field at fault (RFC 4443 §3.4).
 * Fills *pi with what icmp6_err_send needs (frame, len, smac/dmac, ip6_off, src, dst) so the
 * error can be sent; *pi is not a full parse. Besides the checks of check_options:
 *  - Payload Length beyond the frame: PP code 0 pointing at Payload Length (offset 4)
 *    (Linux drops such truncated packets silently);
 *  - an extension header overrunning the payload: PP code 0 at its Hdr Ext Len byte, or at
 *    Payload Length when not even its first 2 (8 for a Fragment header) octets fit;
 *  - not IPv6 / wrong version: DISCARD.
 * As in check_options, a fragment's Fragmentable Part is not looked at (RFC 7112 §5 is
 * reasm_input()'s, see reasm.h).
 * Extension headers are walked in any number (RFC 8200 §4.1), bounded by the Payload Length. */
enum icmp6_err_action icmp6_err_check_header(const uint8_t *frame, size_t len,
					     struct pkt_info *pi, struct icmp6_err_what *what);

/* Does anything serve this upper-layer protocol / port? The host answers from its served
 * table (struct xdp6_served_key). port 0 = the whole protocol (any port / portless). */
typedef bool (*icmp6_err_served_fn)(void *ctx, uint8_t proto, uint16_t port);

/* Upper-layer traffic nobody handles (RFC 4443 §3.1, RFC 8200 §4):
 *  - ICMPv6: ACCEPT (it is ours).
 *  - UDP: served(UDP, port) or served(UDP, 0): ACCEPT; else, once the UDP length and checksum
 *    are valid (as Linux checks before answering; zero checksum is invalid, RFC 8200 §8.1):
 *    Destination Unreachable code 4. Malformed: DISCARD.
 *  - TCP: served: ACCEPT; else DISCARD. RFC 4443 §3.1 sends Port Unreachable only when the
 *    transport has no other way to tell the sender; TCP has RST (RFC 9293 §3.10.7.1, what
 *    Linux sends), which is a TCP module's job: we send nothing and the host counts.
 *  - DCCP, SCTP, UDP-Lite (the other protocols with ports, ip6_nh_has_ports()): served
 *    (proto, port) or (proto, 0): ACCEPT; else Destination Unreachable code 4, as the fast
 *    path treats them. Shorter than the two ports: DISCARD.
 *  - No Next Header (59): DISCARD (RFC 8200 §4.7).
 *  - anything else: served(proto, 0): ACCEPT; else Parameter Problem code 1 pointing at the
 *    Next Header byte that named the protocol (RFC 8200 §4, Linux ip6_protocol_deliver_rcu).
 *  - a fragment other than an atomic one: DISCARD (reassemble first). */
enum icmp6_err_action icmp6_err_for_unserved(const struct pkt_info *pi, icmp6_err_served_fn served,
					     void *ctx, struct icmp6_err_what *what);

/* ---- received errors, for `xdp6ctl stats` ---- */
#define ICMP6_ERR_RX_CODES	16	/* codes >= 15 are counted under 15 */

struct icmp6_err_rx_count {
	uint8_t type;		/* 1..4, or 0 for any other error type (5..127) */
	uint8_t code;		/* 0..15, 15 meaning 15 or more */
	uint64_t count;
};

/* Fills up to max non-zero counters (type, then code order); returns how many there are. */
size_t icmp6_err_rx_counts(const struct icmp6_err *e, struct icmp6_err_rx_count *out, size_t max);
/* "dest-unreach", "packet-too-big", "time-exceeded", "param-problem", or "other". */
const char *icmp6_err_type_name(uint8_t type);
/* "port-unreach", "reassembly", "unrecognized-option", ...; NULL when unnamed. */
const char *icmp6_err_code_name(uint8_t type, uint8_t code);

#endif /* XDP6_ICMP6_ERR_H */
