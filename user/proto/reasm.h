/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* IPv6 reassembly and fragmentation, sans-I/O (RFC 8200 §4.5; RFC 5722 overlapping fragments;
 * RFC 6946 atomic fragments; RFC 7112 §5 header chain in the first fragment; RFC 6980 §5 no ND
 * in fragments; RFC 7739 §5.1 random Fragment Identification).
 *
 * How the host uses it:
 *   - every frame with a Fragment header (pi.has_frag) addressed to one of our addresses or
 *     groups goes to reasm_input() after icmp6_err_check_options() accepted its per-fragment
 *     headers, and to nothing else; pkt_parse() and check_options() leave a fragment's
 *     Fragmentable Part alone, so the RFC 7112 §5 check of first fragments is made here;
 *   - ops.deliver hands back a complete unfragmented Ethernet + IPv6 frame (the first
 *     fragment's Ethernet/VLAN header and per-fragment headers, the Next Header of the first
 *     fragment's Fragment header, Payload Length recomputed): feed it to host_input() like any
 *     frame. The buffer is only valid during the call;
 *   - ops.error asks for an ICMPv6 error about `invoking` (a fragment as received): call
 *     icmp6_err_send(e, now, invoking, type, code, param, our_src) with our_src = the
 *     invoking destination when it is one of ours, else the host's choice;
 *   - reasm_timeout() at reasm_next_deadline();
 *   - replies larger than the path MTU (pmtu_get()) go out through reasm_send(), which
 *     fragments them with a random Identification and ops.tx.
 * Choices (RFC first, then Linux):
 *   - overlap (RFC 5722 §4): the datagram is dropped and later fragments with its key are
 *     ignored until its timer ends (Linux instead forgets the queue at once, so later
 *     fragments start a new one); no ICMP error;
 *   - exact duplicate (same offset, same length, same bytes): dropped, datagram kept
 *     (RFC 8200 §4.5 allows it; Linux compares offset and length only, we also compare the
 *     bytes: a "duplicate" with other contents is an overlap);
 *   - a last fragment that disagrees with what arrived (two ends, data beyond the end): the
 *     datagram is dropped like an overlap (Linux: discard the queue);
 *   - a first fragment without the whole header chain (RFC 7112 §5: Parameter Problem code
 *     3) drops the whole datagram like an overlap, its key ignored until its timer ends (the
 *     RFC and Linux drop that fragment only; the queued rest would then complete a later
 *     datagram reusing the key with stale octets);
 *   - zero-length fragments (other than atomic ones) are dropped, the datagram kept;
 *   - a reassembled packet that again holds a Fragment header is dropped (Linux would
 *     reassemble again; nested fragmentation has no legitimate use);
 *   - limits: a fragment that would take the table over max_bytes, or start a datagram
 *     beyond max_datagrams, is dropped (Linux: no new queues above ip6frag_high_thresh);
 *   - timeout 60 s from the first fragment to arrive (not restarted), Time Exceeded code 1
 *     quoting the offset-0 fragment only if it arrived (RFC 8200 §4.5, Linux). */
#ifndef XDP6_REASM_H
#define XDP6_REASM_H

#include "pkt.h"

#define REASM_MAX_PAYLOAD	65535	/* RFC 8200 §4.5: reassembled Payload Length limit */

struct reasm;

struct reasm_cfg {
	uint32_t max_datagrams;	/* under reassembly at once (incl. dropped ones waiting out their
				 * timer): 64 */
	uint32_t max_bytes;	/* memory for fragment data and first-fragment copies: 4 MiB
				 * (Linux net.ipv6.ip6frag_high_thresh) */
	uint32_t max_size;	/* largest reassembled IPv6 packet: 65535 + 40 */
	uint32_t max_frags;	/* fragments per datagram: 128 */
	xdp6_ns timeout;	/* 60 s (RFC 8200 §4.5, Linux net.ipv6.ip6frag_time) */
};

void reasm_cfg_defaults(struct reasm_cfg *cfg);

struct reasm_ops {
	void (*deliver)(void *ctx, xdp6_ns now, const uint8_t *frame, size_t len);
	void (*error)(void *ctx, xdp6_ns now, const struct pkt_info *invoking, uint8_t type,
		      uint8_t code, uint32_t param);
	struct xdp6_tx tx;	/* for reasm_send() */
	void *ctx;
};

/* cfg NULL = defaults. seed drives the Fragment Identifications of reasm_send(). */
struct reasm *reasm_new(const struct xdp6_link *link, const struct reasm_cfg *cfg,
			const struct reasm_ops *ops, uint64_t seed, uint64_t *dstats);
void reasm_free(struct reasm *r);

/* A frame with a Fragment header (checked here again). Returns 0 when taken (queued,
 * delivered or dropped; counted: D_FRAG_RECEIVED, then D_REASM_OK / D_REASM_FAILED /
 * D_REASM_OVERLAP / D_REASM_ND_DROPPED), -EINVAL when it has no usable Fragment header (not
 * counted). RFC 8200 §4.5 errors, through ops.error, the fragment dropped:
 *   M = 1 and a length not a multiple of 8: Parameter Problem code 0, pointer 4 (Payload
 *   Length); a reassembled Payload Length beyond 65535 (the per-fragment headers of the
 *   first fragment once it arrived, else of this one, + offset + length): Parameter Problem
 *   code 0 at the Fragment Offset; first fragment without the upper-layer header: Parameter
 *   Problem code 3, pointer 0.
 * A first fragment whose per-fragment headers make the data already queued too long drops
 * the datagram (D_REASM_FAILED, no error: Linux finds it at reassembly and drops too). */
int reasm_input(struct reasm *r, xdp6_ns now, const struct pkt_info *pi);
void reasm_timeout(struct reasm *r, xdp6_ns now);
xdp6_ns reasm_next_deadline(const struct reasm *r);

struct reasm_usage {
	uint32_t datagrams;	/* entries in use, dropped ones included */
	size_t bytes;		/* accounted memory */
};
void reasm_usage(const struct reasm *r, struct reasm_usage *u);

/* Splits the IPv6 packet in `frame` (Ethernet [+ VLAN] + IPv6) into fragments of at most
 * `mtu` octets (< 1280 is taken as 1280): the unfragmentable part (IPv6 header, Hop-by-Hop,
 * Destination Options before a Routing header, Routing header) repeated, a Fragment header
 * with `id`, 8-octet multiples of the rest. A packet that fits is sent unchanged (no atomic
 * fragments, RFC 8021). Frames are built in out[cap] one at a time and passed to tx.
 * Returns the number of frames sent, -EINVAL (not IPv6, already fragmented, bad lengths),
 * -EMSGSIZE (unfragmentable part too large for mtu), -ENOSPC (cap too small for a fragment). */
int reasm_fragment(uint8_t *out, size_t cap, const uint8_t *frame, size_t len, uint32_t mtu,
		   uint32_t id, const struct xdp6_tx *tx);
/* The same with a random Identification (RFC 7739 §5.1), an internal buffer sized for the
 * link MTU (mtu is capped to it) and ops.tx; counts D_FRAG_SENT per fragment. */
int reasm_send(struct reasm *r, const uint8_t *frame, size_t len, uint32_t mtu);

#endif /* XDP6_REASM_H */
