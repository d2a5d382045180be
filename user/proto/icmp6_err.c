// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* ICMPv6 errors we send (RFC 4443 §2.4(c)(e)(f), §3.1-§3.4; RFC 8200 §4.2-§4.5; RFC 7112 §5),
 * the checks that decide them, and the errors we receive (RFC 4443 §2.4(d), §3; RFC 8201 §4). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "icmp6_err.h"

#define RX_TYPES	5	/* index 0: any other error type; 1..4 as on the wire */
#define UDP_HLEN	8
#define TCP_HLEN	20
#define PORTS_LEN	4	/* source and destination port, where port protocols start */
#define IP6_PAYLOAD_LEN_OFF	4	/* offsetof(struct ip6_hdr, payload_len) */
#define IP6_NEXTHDR_OFF		6
#define IP6_SRC_OFF		8
#define IP6_DST_OFF		24
#define RT_TYPE_OFF		2	/* Routing header: Routing Type, Segments Left */
#define RT_SEGLEFT_OFF		3
#define FRAG_OFF_OFF		2	/* Fragment header: Fragment Offset + M */

struct peer {
	struct in6_addr addr;
	xdp6_ns tokens;		/* Linux inet_peer: time credit, one error costs peer_interval */
	xdp6_ns last;
	bool used;
};

struct icmp6_err {
	struct xdp6_link link;
	struct icmp6_err_cfg cfg;
	struct icmp6_err_ops ops;
	uint64_t *dstats;
	uint64_t rand;
	/* global bucket: tokens in units of 1e-9 error (XDP6_TOKEN_SCALE), like the XDP buckets */
	uint64_t g_tokens;
	xdp6_ns g_last;
	bool g_started;
	struct peer *peers;
	uint64_t rx[RX_TYPES][ICMP6_ERR_RX_CODES];
};

void icmp6_err_cfg_defaults(struct icmp6_err_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->hop_limit = ICMP6_ECHO_HOP_LIMIT_DEFAULT;
	cfg->rate = 1000;
	cfg->burst = 50;
	cfg->peer_interval_ns = 100 * XDP6_NS_PER_MS;
	cfg->peer_burst = 6;
	cfg->peer_max = 1024;
	cfg->limit_ptb = false;
}

struct icmp6_err *icmp6_err_new(const struct xdp6_link *link, const struct icmp6_err_cfg *cfg,
				const struct icmp6_err_ops *ops, uint64_t seed, uint64_t *dstats)
{
	struct icmp6_err *e;

	if (!link || !dstats)
		return NULL;
	e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	e->link = *link;
	if (cfg)
		e->cfg = *cfg;
	else
		icmp6_err_cfg_defaults(&e->cfg);
	if (!e->cfg.hop_limit)
		e->cfg.hop_limit = ICMP6_ECHO_HOP_LIMIT_DEFAULT;
	if (!e->cfg.peer_burst)
		e->cfg.peer_burst = 1;
	if (e->cfg.rate && !e->cfg.burst)
		e->cfg.burst = 1;	/* a bucket must hold at least one error */
	if (ops)
		e->ops = *ops;
	e->dstats = dstats;
	e->rand = seed;
	if (e->cfg.peer_interval_ns && e->cfg.peer_max) {
		e->peers = calloc(e->cfg.peer_max, sizeof(*e->peers));
		if (!e->peers) {
			free(e);
			return NULL;
		}
	}
	return e;
}

void icmp6_err_free(struct icmp6_err *e)
{
	if (!e)
		return;
	free(e->peers);
	free(e);
}

void icmp6_err_set_hop_limit(struct icmp6_err *e, uint8_t hop_limit)
{
	if (e && hop_limit)	/* RFC 4861 §4.2: 0 = unspecified by this router */
		e->cfg.hop_limit = hop_limit;
}

void icmp6_err_timeout(struct icmp6_err *e, xdp6_ns now)
{
}

xdp6_ns icmp6_err_next_deadline(const struct icmp6_err *e)
{
	return XDP6_NEVER;
}

static inline uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static enum icmp6_err_action reply(struct icmp6_err_what *what, uint8_t type, uint8_t code,
				   size_t param)
{
	what->type = type;
	what->code = code;
	what->param = (uint32_t)param;
	return ICMP6_ERR_REPLY;
}

/* ---- the header walk shared by the classification helpers ---- */

struct walk {
	uint8_t l4_proto;
	size_t l4_off;
	size_t nh_off;		/* the Next Header byte that named l4_proto */
	bool later_fragment;	/* stopped at a Fragment header with offset != 0 */
	bool first_fragment;	/* stopped at a Fragment header with offset 0, M = 1 */
};

/* Options of one Hop-by-Hop or Destination Options header at [hs, hs + hl), RFC 8200 §4.2. */
static enum icmp6_err_action walk_options(const uint8_t *f, size_t ip6_off, size_t hs, size_t hl,
					  bool hbh, bool dst_mc, struct icmp6_err_what *what)
{
	size_t o = hs + sizeof(struct ip6_ext_hdr), he = hs + hl;

	while (o < he) {
		uint8_t t = f[o], l;

		if (t == IP6_OPT_PAD1) {
			o++;
			continue;
		}
		/* RFC 4443 §3.4: a header field we cannot process -> code 0 at the field. With no
		 * room for the Opt Data Len byte the type byte is the last one that is ours. */
		if (o + 2 > he)
			return reply(what, ICMP6_TYPE_PARAM_PROBLEM, ICMP6_PP_HEADER_FIELD, o - ip6_off);
		l = f[o + 1];
		if (o + 2 + l > he)
			return reply(what, ICMP6_TYPE_PARAM_PROBLEM, ICMP6_PP_HEADER_FIELD,
				     o + 1 - ip6_off);
		if (t == IP6_OPT_PADN) {
			/* RFC 8200 §4.2: contents ignored. (Linux also drops PadN over 7 octets or
			 * with non-zero data, RFC 4942 §2.1.9.5 hardening; not an RFC 8200 rule.) */
		} else if (hbh && t == IP6_OPT_ROUTER_ALERT) {
			if (l != 2)	/* RFC 2711 §2.1: length 2; Linux ipv6_hop_ra drops others */
				return ICMP6_ERR_DISCARD;
		} else {
			switch (IP6_OPT_ACTION(t)) {	/* RFC 8200 §4.2, unrecognized type */
			case IP6_OPT_ACTION_SKIP:
				break;
			case IP6_OPT_ACTION_DISCARD:
				return ICMP6_ERR_DISCARD;
			case IP6_OPT_ACTION_ICMP_UC:
				if (dst_mc)
					return ICMP6_ERR_DISCARD;
				/* fall through */
			case IP6_OPT_ACTION_ICMP:
				return reply(what, ICMP6_TYPE_PARAM_PROBLEM, ICMP6_PP_OPTION,
					     o - ip6_off);
			}
		}
		o += 2 + (size_t)l;
	}
	return ICMP6_ERR_ACCEPT;
}

/* Walks the header chain of the IPv6 packet at f[ip6_off, end), RFC 8200 §4 order. Options and
 * Routing headers are judged up to a Fragment header. Behind the Fragment header of a fragment
 * (other than an atomic one) is its Fragmentable Part, judged once reassembled; whether a first
 * fragment holds the whole chain (RFC 7112 §5, code 3) is reassembly's check, which can then
 * drop the rest of the datagram too (reasm.c). */
static enum icmp6_err_action walk(const uint8_t *f, size_t ip6_off, size_t end, struct walk *w,
				  struct icmp6_err_what *what)
{
	bool dst_mc = f[ip6_off + IP6_DST_OFF] == 0xff;
	uint8_t nh = f[ip6_off + IP6_NEXTHDR_OFF];
	size_t nh_off = ip6_off + IP6_NEXTHDR_OFF, off = ip6_off + IP6_HLEN;

	memset(w, 0, sizeof(*w));
	/* RFC 8200 §4.1: any number of headers; each is 8 octets or more and must fit before
	 * `end`, so the walk ends within the Payload Length */
	for (;;) {
		enum icmp6_err_action a;
		size_t hl;

		switch (nh) {
		case IP6_NH_HOPOPTS:
			/* §4.3: only right after the IPv6 header; elsewhere Next Header 0 is not
			 * recognized (PP code 1, as Linux: no protocol handler for 0). */
			if (off != ip6_off + IP6_HLEN)
				return reply(what, ICMP6_TYPE_PARAM_PROBLEM, ICMP6_PP_NEXT_HEADER,
					     nh_off - ip6_off);
			/* fall through */
		case IP6_NH_DSTOPTS:
		case IP6_NH_ROUTING:
			if (off + sizeof(struct ip6_ext_hdr) > end)
				return reply(what, ICMP6_TYPE_PARAM_PROBLEM, ICMP6_PP_HEADER_FIELD,
					     IP6_PAYLOAD_LEN_OFF);
			hl = ((size_t)f[off + 1] + 1) * 8;
			if (off + hl > end)
				return reply(what, ICMP6_TYPE_PARAM_PROBLEM, ICMP6_PP_HEADER_FIELD,
					     off + 1 - ip6_off);
			if (nh == IP6_NH_ROUTING) {
				/* §4.4: Segments Left 0 -> ignore the header. Otherwise the type must
				 * be known; we implement none (RH0 is deprecated, RFC 5095 §3). */
				if (f[off + RT_SEGLEFT_OFF])
					return reply(what, ICMP6_TYPE_PARAM_PROBLEM,
						     ICMP6_PP_HEADER_FIELD,
						     off + RT_TYPE_OFF - ip6_off);
			} else {
				a = walk_options(f, ip6_off, off, hl, nh == IP6_NH_HOPOPTS, dst_mc,
						 what);
				if (a != ICMP6_ERR_ACCEPT)
					return a;
			}
			nh_off = off;
			nh = f[off];
			off += hl;
			continue;
		case IP6_NH_FRAGMENT: {
			uint16_t fo;

			if (off + sizeof(struct ip6_frag_hdr) > end)
				return reply(what, ICMP6_TYPE_PARAM_PROBLEM, ICMP6_PP_HEADER_FIELD,
					     IP6_PAYLOAD_LEN_OFF);
			fo = rd16(f + off + FRAG_OFF_OFF);
			nh_off = off;
			nh = f[off];
			off += sizeof(struct ip6_frag_hdr);
			if (fo & (IP6_FRAG_OFF_MASK | IP6_FRAG_MF)) {
				/* §4.5: a fragment's payload is data until reassembled */
				w->later_fragment = fo & IP6_FRAG_OFF_MASK;
				w->first_fragment = !w->later_fragment;
				w->l4_proto = nh;
				w->l4_off = off;
				w->nh_off = nh_off;
				return ICMP6_ERR_ACCEPT;
			}
			/* offset 0, M 0: atomic fragment (RFC 6946), the rest is the whole packet */
			continue;
		}
		default:
			w->l4_proto = nh;
			w->l4_off = off;
			w->nh_off = nh_off;
			return ICMP6_ERR_ACCEPT;
		}
	}
}

static bool pi_sane(const struct pkt_info *pi)
{
	return pi && pi->frame && pi->ip6_off + IP6_HLEN <= pi->len &&
	       pi->ip6_end >= pi->ip6_off + IP6_HLEN && pi->ip6_end <= pi->len &&
	       (pi->frame[pi->ip6_off] >> 4) == IP6_VERSION;
}

enum icmp6_err_action icmp6_err_check_options(const struct pkt_info *pi,
					      struct icmp6_err_what *what)
{
	struct walk w;

	if (!pi_sane(pi) || !what)
		return ICMP6_ERR_DISCARD;
	return walk(pi->frame, pi->ip6_off, pi->ip6_end, &w, what);
}

enum icmp6_err_action icmp6_err_check_header(const uint8_t *frame, size_t len,
					     struct pkt_info *pi, struct icmp6_err_what *what)
{
	size_t off = ETH6_HLEN, end;
	uint16_t proto;
	struct walk w;

	if (!frame || !pi || !what)
		return ICMP6_ERR_DISCARD;
	memset(pi, 0, sizeof(*pi));
	pi->frame = frame;
	pi->len = len;
	if (len < ETH6_HLEN)
		return ICMP6_ERR_DISCARD;
	pi->dmac = frame;
	pi->smac = frame + ETH6_ALEN;
	proto = rd16(frame + 2 * ETH6_ALEN);
	if (proto == ETH6_P_8021Q || proto == ETH6_P_8021AD) {
		if (len < off + ETH6_VLAN_HLEN)
			return ICMP6_ERR_DISCARD;
		pi->vlan = true;
		pi->vlan_tci = rd16(frame + off);
		proto = rd16(frame + off + 2);
		off += ETH6_VLAN_HLEN;
	}
	/* not IPv6, or too short to be sure it is: nobody to tell (RFC 4443 §2.4(e.6) needs a
	 * source address) */
	if (proto != ETH6_P_IPV6 || len < off + IP6_HLEN || (frame[off] >> 4) != IP6_VERSION)
		return ICMP6_ERR_DISCARD;
	pi->ip6_off = off;
	pi->ip6 = (const void *)(frame + off);
	memcpy(&pi->src, frame + off + IP6_SRC_OFF, 16);
	memcpy(&pi->dst, frame + off + IP6_DST_OFF, 16);
	pi->hop_limit = frame[off + 7];
	pi->tclass = (uint8_t)(rd32(frame + off) >> 20);
	end = off + IP6_HLEN + rd16(frame + off + IP6_PAYLOAD_LEN_OFF);
	if (end > len) {
		/* RFC 4443 §3.4: the Payload Length field is wrong for what arrived */
		pi->ip6_end = len;
		return reply(what, ICMP6_TYPE_PARAM_PROBLEM, ICMP6_PP_HEADER_FIELD,
			     IP6_PAYLOAD_LEN_OFF);
	}
	pi->ip6_end = end;
	return walk(frame, off, end, &w, what);
}

enum icmp6_err_action icmp6_err_for_unserved(const struct pkt_info *pi, icmp6_err_served_fn served,
					     void *ctx, struct icmp6_err_what *what)
{
	const uint8_t *f;
	enum icmp6_err_action a;
	struct walk w;
	size_t l4_len;

	if (!pi_sane(pi) || !what)
		return ICMP6_ERR_DISCARD;
	f = pi->frame;
	a = walk(f, pi->ip6_off, pi->ip6_end, &w, what);
	if (a != ICMP6_ERR_ACCEPT)
		return a;	/* a header problem comes first, in processing order */
	if (w.later_fragment || w.first_fragment)
		return ICMP6_ERR_DISCARD;	/* not the whole packet: reassemble first */
	l4_len = pi->ip6_end - w.l4_off;
	switch (w.l4_proto) {
	case IP6_NH_ICMPV6:
		return ICMP6_ERR_ACCEPT;
	case IP6_NH_NONE:
		return ICMP6_ERR_DISCARD;	/* RFC 8200 §4.7: nothing follows, ignore */
	case IP6_NH_UDP: {
		const uint8_t *u = f + w.l4_off;
		uint16_t port, ulen;

		if (l4_len < UDP_HLEN)
			return ICMP6_ERR_DISCARD;
		port = rd16(u + 2);
		if (served && (served(ctx, IP6_NH_UDP, port) || served(ctx, IP6_NH_UDP, 0)))
			return ICMP6_ERR_ACCEPT;
		/* Linux __udp6_lib_rcv: length and checksum are checked before Port Unreachable;
		 * a zero checksum is invalid over IPv6 (RFC 8200 §8.1) */
		ulen = rd16(u + 4);
		if (ulen < UDP_HLEN || ulen > l4_len || !rd16(u + 6) ||
		    ip6_l4_csum(&pi->src, &pi->dst, IP6_NH_UDP, u, ulen))
			return ICMP6_ERR_DISCARD;
		return reply(what, ICMP6_TYPE_DEST_UNREACH, ICMP6_DU_PORT_UNREACH, 0);
	}
	case IP6_NH_TCP:
		if (l4_len < TCP_HLEN)
			return ICMP6_ERR_DISCARD;
		if (served && (served(ctx, IP6_NH_TCP, rd16(f + w.l4_off + 2)) ||
			       served(ctx, IP6_NH_TCP, 0)))
			return ICMP6_ERR_ACCEPT;
		/* RFC 4443 §3.1: no Port Unreachable when the transport can say it itself; TCP
		 * answers with RST (RFC 9293 §3.10.7.1), which is not ICMPv6's to send. */
		return ICMP6_ERR_DISCARD;
	default:
		if (ip6_nh_has_ports(w.l4_proto)) {
			/* DCCP, SCTP, UDP-Lite: a destination port, as the fast path reads it (it
			 * hands over only an unserved one); RFC 4443 §3.1 Port Unreachable. Their
			 * own answers (DCCP Reset, RFC 4340 §8.3.1; SCTP ABORT, RFC 9260 §8.4)
			 * are not ICMPv6's to send; without them Linux knows no such protocol
			 * and sends PP code 1. */
			if (l4_len < PORTS_LEN)
				return ICMP6_ERR_DISCARD;
			if (served && (served(ctx, w.l4_proto, rd16(f + w.l4_off + 2)) ||
				       served(ctx, w.l4_proto, 0)))
				return ICMP6_ERR_ACCEPT;
			return reply(what, ICMP6_TYPE_DEST_UNREACH, ICMP6_DU_PORT_UNREACH, 0);
		}
		if (served && served(ctx, w.l4_proto, 0))
			return ICMP6_ERR_ACCEPT;
		/* RFC 8200 §4: unrecognized Next Header -> PP code 1 at that Next Header byte */
		return reply(what, ICMP6_TYPE_PARAM_PROBLEM, ICMP6_PP_NEXT_HEADER,
			     w.nh_off - pi->ip6_off);
	}
}

/* ---- sending ---- */

/* RFC 4443 §2.4(e.1)(e.2): is the invoking packet an ICMPv6 error or a Redirect? Only knowable
 * when the ICMPv6 header is in this packet: unfragmented or the first fragment. A chain we
 * cannot walk (a header that does not fit) says nothing: the error may be about that very
 * chain, e.g. RFC 7112 code 3 about a first fragment whose chain overruns it. An ICMPv6 header
 * cut short is taken for an error message in a whole packet, but says nothing in a fragment
 * (Linux is_ineligible: "fragment packet with no icmp header info"). */
static bool is_ineligible(const uint8_t *f, size_t ip6_off, size_t end)
{
	uint8_t nh = f[ip6_off + IP6_NEXTHDR_OFF];
	size_t off = ip6_off + IP6_HLEN, hl;
	bool frag = false;	/* behind a first fragment's Fragment header (offset 0, M = 1) */

	/* any number of headers (RFC 8200 §4.1): each is 8 octets or more and must fit before
	 * end, so the walk ends within the packet */
	for (;;) {
		switch (nh) {
		case IP6_NH_HOPOPTS:
		case IP6_NH_DSTOPTS:
		case IP6_NH_ROUTING:
			if (off + 2 > end)
				return false;
			hl = ((size_t)f[off + 1] + 1) * 8;
			break;
		case IP6_NH_AH:		/* RFC 4302 §2.2: length in 4-octet units, minus 2 */
			if (off + 2 > end)
				return false;
			hl = ((size_t)f[off + 1] + 2) * 4;
			break;
		case IP6_NH_FRAGMENT:
			if (off + sizeof(struct ip6_frag_hdr) > end)
				return false;
			if (rd16(f + off + FRAG_OFF_OFF) & IP6_FRAG_OFF_MASK)
				return false;	/* not the first fragment: type unknown */
			frag = frag || (rd16(f + off + FRAG_OFF_OFF) & IP6_FRAG_MF);
			hl = sizeof(struct ip6_frag_hdr);
			break;
		case IP6_NH_ICMPV6:
			if (off + 1 > end)
				return !frag;
			return ICMP6_TYPE_IS_ERROR(f[off]) || f[off] == ICMP6_TYPE_REDIRECT;
		default:
			return false;
		}
		if (off + hl > end)
			return false;	/* the chain overruns the packet: nothing to learn */
		nh = f[off];
		off += hl;
	}
}

static void refill(uint64_t *tokens, xdp6_ns *last, xdp6_ns now, uint64_t per_ns, uint64_t cap)
{
	xdp6_ns dt = now > *last ? now - *last : 0;

	*last = now > *last ? now : *last;
	if (!per_ns || dt >= (cap - *tokens) / per_ns + 1)
		*tokens = cap;
	else
		*tokens += dt * per_ns;
	if (*tokens > cap)
		*tokens = cap;
}

static struct peer *peer_get(struct icmp6_err *e, xdp6_ns now, const struct in6_addr *a)
{
	struct peer *p, *victim = NULL;
	uint32_t i;

	for (i = 0; i < e->cfg.peer_max; i++) {
		p = &e->peers[i];
		if (p->used && !memcmp(&p->addr, a, sizeof(*a)))
			return p;
		/* free slot first, else the least recently charged one (LRU) */
		if (!victim || (victim->used && (!p->used || p->last < victim->last)))
			victim = p;
	}
	if (!victim)
		return NULL;
	memset(victim, 0, sizeof(*victim));
	victim->used = true;
	victim->addr = *a;
	/* Linux starts a new peer with rate_last = now - 60 s: a full burst */
	victim->tokens = (xdp6_ns)e->cfg.peer_burst * e->cfg.peer_interval_ns;
	victim->last = now;
	return victim;
}

/* RFC 4443 §2.4(f). Linux order (icmp6_send): the type mask, the global bucket (allow only),
 * the per-destination bucket (charged), then the global bucket is charged. Differences from
 * Linux, on purpose: we charge exactly 1 token per error where Linux charges a random 0..2
 * (icmp_global_consume, a side-channel defence against off-path counting), and refill
 * continuously where Linux refills in steps of at least 20 ms; so tests can count. */
static bool rate_allow(struct icmp6_err *e, xdp6_ns now, const struct in6_addr *dst, uint8_t type)
{
	uint64_t cap = (uint64_t)e->cfg.burst * XDP6_TOKEN_SCALE;
	struct peer *p = NULL;

	if (type == ICMP6_TYPE_PACKET_TOO_BIG && !e->cfg.limit_ptb)
		return true;
	if (e->cfg.rate) {
		if (!e->g_started) {
			e->g_started = true;
			e->g_tokens = cap;
			e->g_last = now;
		}
		/* rate per second == rate * 1e-9 per ns == rate units of 1e-9 token per ns */
		refill(&e->g_tokens, &e->g_last, now, e->cfg.rate, cap);
		if (e->g_tokens < XDP6_TOKEN_SCALE)
			return false;
	}
	if (e->peers) {
		xdp6_ns pcap = (xdp6_ns)e->cfg.peer_burst * e->cfg.peer_interval_ns;

		p = peer_get(e, now, dst);
		if (p) {
			refill(&p->tokens, &p->last, now, 1, pcap);
			if (p->tokens < e->cfg.peer_interval_ns)
				return false;
			p->tokens -= e->cfg.peer_interval_ns;
		}
	}
	if (e->cfg.rate)
		e->g_tokens -= XDP6_TOKEN_SCALE;
	return true;
}

int icmp6_err_send(struct icmp6_err *e, xdp6_ns now, const struct pkt_info *inv, uint8_t type,
		   uint8_t code, uint32_t param, const struct in6_addr *our_src)
{
	static const uint8_t zero_mac[ETH6_ALEN];
	uint8_t icmp[ICMP6_ERROR_MAX_LEN - IP6_HLEN];
	uint8_t buf[ETH6_VLAN_HLEN + ETH6_HLEN + ICMP6_ERROR_MAX_LEN];
	struct in6_addr src, dst;
	struct pkt_out o = { 0 };
	const uint8_t *f, *dmac;
	size_t ip6_off, end, quote;
	bool exempt, l2_group, vlan;
	int n;

	if (!e || !inv || !inv->frame || !type || !ICMP6_TYPE_IS_ERROR(type))
		return -EINVAL;
	f = inv->frame;
	ip6_off = inv->ip6_off;
	vlan = ip6_off == ETH6_HLEN + ETH6_VLAN_HLEN &&
	       (rd16(f + 2 * ETH6_ALEN) == ETH6_P_8021Q || rd16(f + 2 * ETH6_ALEN) == ETH6_P_8021AD);
	if ((ip6_off != ETH6_HLEN && !vlan) || inv->len < ip6_off + IP6_HLEN ||
	    (f[ip6_off] >> 4) != IP6_VERSION)
		return -EINVAL;
	memcpy(&src, f + ip6_off + IP6_SRC_OFF, 16);
	memcpy(&dst, f + ip6_off + IP6_DST_OFF, 16);
	end = ip6_off + IP6_HLEN + rd16(f + ip6_off + IP6_PAYLOAD_LEN_OFF);
	if (end > inv->len)
		end = inv->len;		/* quote what arrived (Payload Length errors) */
	dmac = f;

	/* §2.4(e.3)-(e.5): not for a multicast destination, a link-layer multicast or broadcast
	 * frame, except Packet Too Big and Parameter Problem code 2 for an option whose type has
	 * the high-order bits 10 (Linux opt_unrec() checks the same byte). */
	exempt = type == ICMP6_TYPE_PACKET_TOO_BIG ||
		 (type == ICMP6_TYPE_PARAM_PROBLEM && code == ICMP6_PP_OPTION &&
		  ip6_off + (size_t)param < end &&
		  IP6_OPT_ACTION(f[ip6_off + param]) == IP6_OPT_ACTION_ICMP);
	l2_group = dmac[0] & 1;		/* group bit: multicast, and broadcast ff:ff:ff:ff:ff:ff */
	if ((ip6_is_multicast(&dst) || l2_group) && !exempt)
		goto suppressed;
	/* A unicast frame for another MAC (promiscuous capture) is not ours to answer: Linux
	 * drops PACKET_OTHERHOST in ip6_rcv_core before anything could answer it. */
	if (!l2_group && memcmp(e->link.mac, zero_mac, ETH6_ALEN) &&
	    memcmp(dmac, e->link.mac, ETH6_ALEN))
		goto suppressed;
	/* IEEE 802 source addresses are individual: a group source MAC is forged and there is
	 * no single neighbor to answer. */
	if (f[ETH6_ALEN] & 1)
		goto suppressed;
	/* §2.4(e.6): the source must identify a single node. Anycast sources cannot be told
	 * apart from unicast here (RFC 4291 §2.6: same format), so they get errors, as in Linux
	 * without a local anycast match. Loopback never appears on a link (RFC 4291 §2.5.3). */
	if (ip6_is_unspecified(&src) || ip6_is_multicast(&src) || ip6_is_loopback(&src))
		goto suppressed;
	/* §2.4(e.1)(e.2) */
	if (is_ineligible(f, ip6_off, end))
		goto suppressed;
	if (!our_src || ip6_is_unspecified(our_src) || ip6_is_multicast(our_src))
		goto suppressed;
	/* §2.4(f) */
	if (!rate_allow(e, now, &src, type)) {
		e->dstats[D_ERR_RATE_LIMITED]++;
		return -EAGAIN;
	}

	/* §3.1-§3.4: type, code, checksum, then the 32-bit field, then the invoking packet:
	 * as much as fits in a 1280-octet error packet (§2.4(c)), from its IPv6 header on. */
	quote = end - ip6_off;
	if (quote > ICMP6_ERR_MAX_QUOTE)
		quote = ICMP6_ERR_MAX_QUOTE;
	if (type == ICMP6_TYPE_PACKET_TOO_BIG || type == ICMP6_TYPE_PARAM_PROBLEM)
		param = htonl(param);
	else
		param = 0;	/* Destination Unreachable, Time Exceeded: Unused, zero */
	icmp[0] = type;
	icmp[1] = code;
	icmp[2] = icmp[3] = 0;
	memcpy(icmp + 4, &param, 4);
	memcpy(icmp + ICMP6_ERR_HLEN, f + ip6_off, quote);

	/* The error goes back to the neighbor that delivered the invoking frame, like a reply:
	 * its source MAC is our destination MAC. Linux routes the error and resolves the next
	 * hop instead; the two differ only when the invoking packet came in through a different
	 * router than the one our route to its source would use (asymmetric paths). */
	memcpy(o.dmac, f + ETH6_ALEN, ETH6_ALEN);
	memcpy(o.smac, e->link.mac, ETH6_ALEN);
	o.src = *our_src;
	o.dst = src;
	o.hop_limit = e->cfg.hop_limit;
	o.tclass = 0;		/* Linux: the ICMPv6 socket's tclass, 0 */
	n = pkt_build_icmp6(buf + ETH6_VLAN_HLEN, sizeof(buf) - ETH6_VLAN_HLEN, &o, icmp,
			    ICMP6_ERR_HLEN + quote);
	if (n < 0)
		return n;
	if (vlan) {
		/* same VLAN (and TPID) as the invoking frame */
		memmove(buf, buf + ETH6_VLAN_HLEN, 2 * ETH6_ALEN);
		memcpy(buf + 2 * ETH6_ALEN, f + 2 * ETH6_ALEN, ETH6_VLAN_HLEN);
		xdp6_tx_send(&e->ops.tx, buf, (size_t)n + ETH6_VLAN_HLEN);
	} else {
		xdp6_tx_send(&e->ops.tx, buf + ETH6_VLAN_HLEN, (size_t)n);
	}
	e->dstats[D_ERR_SENT]++;
	return 0;

suppressed:
	e->dstats[D_ERR_SUPPRESSED]++;
	return -EPERM;
}

/* ---- receiving ---- */

int icmp6_err_input(struct icmp6_err *e, xdp6_ns now, const struct pkt_info *pi)
{
	const uint8_t *l4, *inner;
	struct in6_addr isrc, idst;
	uint8_t type, code;
	uint32_t mtu;

	if (!e || !pi || !pi->frame)
		return -EINVAL;
	/* RFC 4443 §2.3 checksum, §3 lengths (8 octets before the invoking packet) */
	if (pi->l4_proto != IP6_NH_ICMPV6 || pi->l4_off + pi->l4_len > pi->len ||
	    pi->l4_len < ICMP6_ERR_HLEN)
		goto invalid;
	if (pi->has_frag && (pi->frag_offset || pi->frag_more))
		goto invalid;		/* reassemble first */
	l4 = pi->frame + pi->l4_off;
	type = l4[0];
	code = l4[1];
	if (!ICMP6_TYPE_IS_ERROR(type))
		goto invalid;
	/* RFC 4443 §2.2: an error comes from a unicast address of the node that sent it */
	if (ip6_is_unspecified(&pi->src) || ip6_is_multicast(&pi->src))
		goto invalid;
	if (ip6_l4_csum(&pi->src, &pi->dst, IP6_NH_ICMPV6, l4, pi->l4_len))
		goto invalid;

	if (type == ICMP6_TYPE_PACKET_TOO_BIG) {
		/* RFC 8201 §4: the invoking packet's header says which path; it must be one of our
		 * packets (RFC 5927 §4.1), and an MTU below 1280 is discarded (Linux since 5.10,
		 * 4a65dff81a04; RFC 1981 used to clamp it to 1280 instead). */
		if (pi->l4_len < ICMP6_ERR_HLEN + IP6_HLEN)
			goto invalid;
		inner = l4 + ICMP6_ERR_HLEN;
		if ((inner[0] >> 4) != IP6_VERSION)
			goto invalid;
		memcpy(&isrc, inner + IP6_SRC_OFF, 16);
		memcpy(&idst, inner + IP6_DST_OFF, 16);
		if (ip6_is_unspecified(&idst))
			goto invalid;
		if (e->ops.is_local && !e->ops.is_local(e->ops.ctx, &isrc))
			goto invalid;
		mtu = rd32(l4 + 4);
		if (mtu < IP6_MIN_MTU)
			goto invalid;
		if (e->ops.pmtu_update)
			e->ops.pmtu_update(e->ops.ctx, now, &idst, mtu);
	}
	/* §2.4(d): other errors are the upper layer's business; we have none, so they are
	 * counted for `xdp6ctl stats`. Never answered (§2.4(e.1)). */
	e->rx[type <= ICMP6_TYPE_PARAM_PROBLEM ? type : 0]
	     [code < ICMP6_ERR_RX_CODES ? code : ICMP6_ERR_RX_CODES - 1]++;
	e->dstats[D_ERR_RECEIVED]++;
	return 0;

invalid:
	e->dstats[D_ERR_INVALID]++;
	return -EINVAL;
}

size_t icmp6_err_rx_counts(const struct icmp6_err *e, struct icmp6_err_rx_count *out, size_t max)
{
	size_t n = 0;
	int t, c;

	for (t = 0; t < RX_TYPES; t++)
		for (c = 0; c < ICMP6_ERR_RX_CODES; c++) {
			if (!e->rx[t][c])
				continue;
			if (n < max) {
				out[n].type = (uint8_t)t;
				out[n].code = (uint8_t)c;
				out[n].count = e->rx[t][c];
			}
			n++;
		}
	return n;
}

const char *icmp6_err_type_name(uint8_t type)
{
	switch (type) {
	case ICMP6_TYPE_DEST_UNREACH:
		return "dest-unreach";
	case ICMP6_TYPE_PACKET_TOO_BIG:
		return "packet-too-big";
	case ICMP6_TYPE_TIME_EXCEEDED:
		return "time-exceeded";
	case ICMP6_TYPE_PARAM_PROBLEM:
		return "param-problem";
	default:
		return "other";
	}
}

const char *icmp6_err_code_name(uint8_t type, uint8_t code)
{
	/* IANA ICMPv6 parameters: RFC 4443, 7112, 8754, 8883 */
	static const char *const du[] = { "no-route", "admin-prohibited", "beyond-scope",
		"addr-unreach", "port-unreach", "source-policy", "reject-route",
		"source-routing-header", "headers-too-long" };
	static const char *const te[] = { "hop-limit", "reassembly" };
	static const char *const pp[] = { "header-field", "unrecognized-next-header",
		"unrecognized-option", "incomplete-chain", "sr-upper-layer",
		"unrecognized-next-header-intermediate", "ext-header-too-big",
		"ext-chain-too-long", "too-many-ext-headers", "too-many-options",
		"option-too-big" };

	switch (type) {
	case ICMP6_TYPE_DEST_UNREACH:
		return code < sizeof(du) / sizeof(du[0]) ? du[code] : NULL;
	case ICMP6_TYPE_PACKET_TOO_BIG:
		return code ? NULL : "packet-too-big";
	case ICMP6_TYPE_TIME_EXCEEDED:
		return code < sizeof(te) / sizeof(te[0]) ? te[code] : NULL;
	case ICMP6_TYPE_PARAM_PROBLEM:
		return code < sizeof(pp) / sizeof(pp[0]) ? pp[code] : NULL;
	default:
		return NULL;
	}
}

void icmp6_err_set_rate(struct icmp6_err *e, uint32_t rate, uint32_t burst)
{
	e->cfg.rate = rate;
	e->cfg.burst = rate && !burst ? 1 : burst;	/* as icmp6_err_new() */
	e->g_started = false;
}
