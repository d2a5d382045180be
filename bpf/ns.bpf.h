/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Neighbor Solicitation in the driver: RFC 4861 §7.1.1 validity checks in the RFC's order (plus
 * RFC 6980 for fragments, checked by the caller), then for an assigned target the solicited
 * Neighbor Advertisement of §7.2.4 built in place, including the answer to another node's DAD
 * probe (RFC 4862 §5.4.3: NA to ff02::1, S=0). Tentative targets are DAD input: the daemon's. */
#ifndef XDP6_NS_BPF_H
#define XDP6_NS_BPF_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "xdp6_wire.h"
#include "xdp6_maps.h"
#include "maps.bpf.h"
#include "parse.bpf.h"
#include "csum.bpf.h"
#include "ratelimit.bpf.h"
#include "reply.bpf.h"
#include "verdict.bpf.h"
#include "neigh.bpf.h"
#include "proxy.bpf.h"
#include "addr.bpf.h"

#define XDP6_ND_MAX_OPTS	16	/* options walked in one NS; more go to the daemon */
#define XDP6_NA_LEN		(ND6_NA_MIN_LEN + ND6_OPT_UNIT)	/* NA + one TLLA option */
#define XDP6_NS_OPTS_OK		R__MAX	/* xdp6_ns_opts(): no violation */

/* What the option walk found. */
struct xdp6_ns_opts {
	/* the Source Link-Layer Address when has_slla; aligned: copied as 16-bit words */
	__u8 slla[ETH6_ALEN] __attribute__((aligned(2)));
	__u8 has_slla;
	__u8 pad;
};

/* RFC 4861 §7.1.1 / §4.6: walks the options in [off, end_off). Every option has a length > 0
 * and lies inside the message (else R_BAD_OPTION), at most one is a Source Link-Layer Address
 * (else R_DUP_SLLA) and that one has the Ethernet length of 1 unit (else R_BAD_OPTION, as
 * Linux drops an NS whose address it cannot read); its address is copied to out->slla. Returns
 * XDP6_NS_OPTS_OK, one of those reasons, or R_TO_DAEMON past XDP6_ND_MAX_OPTS options.
 * Options in the linear part are read in place; those beyond it (a multi-buffer frame: drivers
 * put about 3.5 KB in the first buffer) with bpf_xdp_load_bytes(), as the checksum was. Inlined:
 * a call and return cost more than walking the one or two options of a usual NS. */
static __always_inline int xdp6_ns_opts(struct xdp_md *ctx, __u32 off, __u32 end_off,
					struct xdp6_ns_opts *out)
{
	__u64 at = off, stop = end_off, olen;	/* 64-bit: bounds survive for the verifier */
	struct nd6_opt_lladdr *o;
	__u8 hdr[sizeof(struct nd6_opt_hdr)];
	__u32 i;

	if (!out || stop > XDP6_PKT_OFF_MAX)
		return R_TRUNCATED;
	out->has_slla = 0;
	for (i = 0; i < XDP6_ND_MAX_OPTS; i++) {
		if (at >= stop)
			return XDP6_NS_OPTS_OK;
		if (at + sizeof(struct nd6_opt_hdr) > stop)
			return R_BAD_OPTION;
		o = pkt_ptr(ctx, at, sizeof(hdr));
		if (o) {
			hdr[0] = o->type;
			hdr[1] = o->len;
		} else if (bpf_xdp_load_bytes(ctx, at, hdr, sizeof(hdr))) {
			return R_TRUNCATED;
		}
		olen = (__u64)hdr[1] * ND6_OPT_UNIT;
		if (olen == 0 || at + olen > stop)
			return R_BAD_OPTION;
		if (hdr[0] == ND6_OPT_SOURCE_LL_ADDR) {
			if (out->has_slla)
				return R_DUP_SLLA;
			if (olen != sizeof(struct nd6_opt_lladdr))
				return R_BAD_OPTION;
			o = pkt_ptr(ctx, at, sizeof(*o));
			if (o)
				copy_mac(out->slla, o->addr);
			else if (bpf_xdp_load_bytes(ctx, at + offsetof(struct nd6_opt_lladdr, addr),
						    out->slla, ETH6_ALEN))
				return R_TRUNCATED;
			out->has_slla = 1;
		}
		at += olen;
	}
	return at >= stop ? XDP6_NS_OPTS_OK : R_TO_DAEMON;
}

/* RFC 4291 §2.7.1: solicited-node addresses are ff02::1:ff00:0/104 (IP6_SOLNODE_PREFIX),
 * compared as words built from immediates. */
static __always_inline int in6_is_solnode(const union xdp6_in6 *a)
{
	return a->w64[0] == bpf_cpu_to_be64(0xff02000000000000ull) &&
	       a->w32[2] == bpf_htonl(1) && a->b[IP6_SOLNODE_PREFIX_LEN - 1] == 0xff;
}

/* An NS to the solicited-node group of its own target, that target one of our addresses (in
 * any state): the group is ours with no `groups` lookup. Every address the daemon publishes has
 * its solicited-node group joined before it enters addrs and left only after it has gone (RFC
 * 4862 §5.4.2; user/proto/host.c group_ref, mirror.c group_update: the invariant of
 * include/xdp6_maps.h "groups"), so the lookup would say yes; should a join have failed (out of
 * memory), an NS for an address of ours sent to that address's own group is still ours to
 * answer. The target's entry is kept in p: xdp6_ns() needs no lookup of its own. Only for an NS
 * right behind the IPv6 header, its fixed part in the linear data; 0 otherwise, and when the
 * target is not ours or its low 24 bits are not the group's (RFC 4291 §2.7.1): the caller
 * looks the group up as for any other. A lookup less per NS (README "Performance"). */
static __always_inline int ns_to_own_solnode(struct xdp_md *ctx, struct xdp6_pkt *p)
{
	const struct nd6_ns *ns;
	union xdp6_in6 target;
	int state;

	if (p->l4_proto != IP6_NH_ICMPV6 || p->l4_len < ND6_NS_MIN_LEN)
		return 0;
	ns = pkt_ptr(ctx, p->l4_off, sizeof(*ns));
	if (!ns || ns->type != ICMP6_TYPE_NEIGHBOR_SOLICIT)
		return 0;
	in6_from_pkt(&target, ns->target);
	if (target.b[13] != p->dst.b[13] || target.b[14] != p->dst.b[14] ||
	    target.b[15] != p->dst.b[15] || !in6_is_solnode(&p->dst))
		return 0;
	state = addr_state(&target);
	if (state == XDP6_ADDR_NONE)
		return 0;
	p->tgt_state = state;
	p->tgt_known = 1;
	return 1;
}

/* The NA's headers over the NS's own when the NS came without extension headers in a frame of
 * the NA's length (an NS with one SLLA option, the usual case: NS + SLLA and NA + TLLA are both
 * 32 octets): the MACs, the first IPv6 word (version 6, traffic class and flow label 0), the
 * Payload Length and the addresses are written where they are; the tag, EtherType, Next Header
 * (ICMPv6: nothing came before it) and Hop Limit (255: §7.1.1 checked it) already are the NA's.
 * What reply_resize() and reply_write() do, without staging the link layer on the stack. 0, or -1
 * when the frame is too short (cannot happen: the parser saw these headers). */
static __always_inline int na_headers_in_place(struct xdp_md *ctx, const struct xdp6_pkt *p,
					       const __u8 *dmac, const __u8 *smac,
					       const struct xdp6_l3 *l3)
{
	__u32 l3_off = p->l3_off;
	struct eth6_hdr *eth;
	struct ip6_hdr *ip6;

	eth = pkt_ptr(ctx, 0, sizeof(*eth));
	ip6 = pkt_ptr(ctx, l3_off, sizeof(*ip6));
	if (!eth || !ip6)
		return -1;
	copy_mac(eth->dst, dmac);
	copy_mac(eth->src, smac);
	*(__be32 *)(void *)ip6 = bpf_htonl(IP6_VERSION << 28);
	*(__be16 *)((void *)ip6 + offsetof(struct ip6_hdr, payload_len)) =
		bpf_htons(l3->payload_len);
	in6_to_pkt(ip6->saddr, &l3->src);
	in6_to_pkt(ip6->daddr, &l3->dst);
	return 0;
}

/* For an NS to an owned unicast address or a group of ours. Inlined into xdp6_main, like
 * xdp6_echo(). */
static __always_inline int xdp6_ns(struct xdp_md *ctx, struct xdp6_pkt *p,
				   const struct xdp6_iface *ifc)
{
	struct xdp6_ns_opts opts = {};
	struct xdp6_l2 l2 = {};
	struct xdp6_l3 l3 = {};
	__u8 dmac[ETH6_ALEN] __attribute__((aligned(2)));	/* copied as 16-bit words */
	union xdp6_in6 target;
	struct nd6_ns *ns, *na;
	struct ip6_hdr *ip6;
	__u32 flags, l3_off, l4_off;
	int unspec, rc, state, proxied = 0, in_place;
	__u64 now;

	l3_off = p->l3_off;
	l4_off = p->l4_off;
	if (l3_off > ETH6_HLEN + ETH6_VLAN_HLEN || l4_off > XDP6_PKT_OFF_MAX)
		return verdict(ctx, R_TRUNCATED, XDP_DROP);
	ip6 = pkt_ptr(ctx, l3_off, sizeof(*ip6));
	ns = pkt_ptr(ctx, l4_off, ICMP6_HLEN);
	if (!ip6 || !ns)
		return verdict(ctx, R_TRUNCATED, XDP_DROP);

	/* §7.1.1: the IP Hop Limit field has a value of 255 (not forwarded by a router) */
	if (ip6->hop_limit != ND6_HOP_LIMIT)
		return verdict_len(ctx, R_BAD_HOP_LIMIT, XDP_DROP, p->buff_len);
	/* §7.1.1: ICMP Checksum is valid */
	if (p->l4_len > XDP6_CSUM_MAX_LEN)
		return to_daemon(ctx, R_TO_DAEMON);
	rc = csum_icmp6_ok(ctx, l3_off, l4_off, p->l4_len);
	if (rc < 0)
		return verdict(ctx, R_TRUNCATED, XDP_DROP);
	if (!rc)
		return verdict(ctx, R_BAD_CHECKSUM, XDP_DROP);
	ns = pkt_ptr(ctx, l4_off, ICMP6_HLEN);
	if (!ns)
		return verdict(ctx, R_TRUNCATED, XDP_DROP);
	/* §7.1.1: ICMP Code is 0 */
	if (ns->code != 0)
		return verdict(ctx, R_BAD_CODE, XDP_DROP);
	/* §7.1.1: ICMP length (derived from the IP length) is 24 or more octets */
	if (p->l4_len < ND6_NS_MIN_LEN)
		return verdict(ctx, R_BAD_LENGTH, XDP_DROP);
	ns = pkt_ptr(ctx, l4_off, sizeof(*ns));
	if (!ns)
		return verdict(ctx, R_TRUNCATED, XDP_DROP);
	/* §7.1.1: Target Address is not a multicast address */
	in6_from_pkt(&target, ns->target);
	if (target.b[0] == 0xff)
		return verdict(ctx, R_TARGET_MULTICAST, XDP_DROP);
	/* §7.1.1: all included options have a length that is greater than zero (and, §4.6, lie
	 * within the message; at most one SLLA) */
	rc = xdp6_ns_opts(ctx, l4_off + ND6_NS_MIN_LEN, p->l3_end, &opts);
	if (rc == R_TO_DAEMON)
		return to_daemon(ctx, R_TO_DAEMON);
	if (rc != XDP6_NS_OPTS_OK)
		return verdict(ctx, rc, XDP_DROP);
	unspec = in6_is_unspecified(&p->src);
	/* §7.1.1: from the unspecified address, only to a solicited-node multicast address ... */
	if (unspec && !in6_is_solnode(&p->dst))
		return verdict(ctx, R_UNSPEC_NOT_SOLNODE, XDP_DROP);
	/* ... and without a Source Link-Layer Address option */
	if (unspec && opts.has_slla)
		return verdict(ctx, R_SLLA_FROM_UNSPEC, XDP_DROP);
	/* IEEE 802: a station's address is never a group address, nor all zeros; the NA would go
	 * to every station, and the neighbor cache would learn it */
	if (opts.has_slla && !mac_is_station(opts.slla))
		return verdict(ctx, R_BAD_SRC_MAC, XDP_DROP);
	/* An NS from one of our assigned addresses is forged, as for Echo (echo.bpf.h) */
	if (!unspec && src_is_ours(&p->src, ifc))
		return verdict(ctx, R_OWN_SOURCE, XDP_DROP);

	/* The target: ours and assigned? One addrs lookup: a unicast NS for its own destination
	 * (the common NUD probe) reuses the destination's state. */
	if (p->dst_kind == DST_UNICAST && target.w64[0] == p->dst.w64[0] &&
	    target.w64[1] == p->dst.w64[1]) {
		state = p->dst_state;
	} else if (p->tgt_known) {
		state = p->tgt_state;	/* found on the way in: ns_to_own_solnode() */
	} else {
		/* RFC 4862 §5.4: packets to a tentative (or duplicate) address are discarded, but
		 * for NS/NA about that address itself (DAD input, above). In mirror mode the
		 * address is the kernel's: its own input path judges (XDP_PASS). */
		if (p->dst_kind == DST_UNICAST && p->dst_state != XDP6_ADDR_PREFERRED &&
		    p->dst_state != XDP6_ADDR_DEPRECATED)
			return verdict_len(ctx, R_DST_NOT_ASSIGNED,
					   (ifc->flags & XDP6_IF_MIRROR) ? XDP_PASS : XDP_DROP,
					   p->buff_len);
		state = addr_state(&target);
		if (state != XDP6_ADDR_NONE && p->dst_kind == DST_PROXY)
			/* to a foreign address: as before proxies */
			return verdict_len(ctx, R_PASS_NOT_OURS, XDP_PASS, p->buff_len);
		if (state == XDP6_ADDR_NONE) {
			/* RFC 4861 §7.2.8: a proxied target. A DAD probe is not defended: the
			 * target's real owner behind us may be the prober (RFC 4389 §4.1.3.3
			 * relays it; README "Choices where the references differ") */
			if (p->dst_kind != DST_PROXY && !proxy_has(&target))
				return verdict(ctx, R_PASS_TARGET_NOT_OURS, XDP_PASS);
			if (unspec)
				return verdict(ctx, R_PROXY_DAD_PASSED, XDP_PASS);
			proxied = 1;
			state = XDP6_ADDR_PREFERRED;
		}
	}
	if (state != XDP6_ADDR_PREFERRED && state != XDP6_ADDR_DEPRECATED)
		return to_daemon(ctx, R_TARGET_NOT_ASSIGNED);	/* RFC 4862 §5.4.3: DAD input */

	/* per-source fairness first: a source over its own budget spends no interface token */
	now = budget_clock(ifc, ifc->na_rate);
	if (!src_take(&p->src, ifc, now))
		return verdict(ctx, R_SRC_RATE_LIMITED, XDP_DROP);
	if (!tokens_take(XDP6_BUCKET_NA, ifc->na_rate, ifc->na_burst, now))
		return verdict(ctx, R_RATE_LIMITED, XDP_DROP);

	/* §7.2.4: to the solicitation's source, or to all-nodes when that is :: (S=0); link-layer
	 * destination from the SLLA when present, else the frame's source. The NA is written over
	 * the NS where it stands when the frame already has the NA's length and nothing but the
	 * IPv6 header before the NS (na_headers_in_place); otherwise the link layer is saved and
	 * the frame resized. */
	in_place = !p->ext_len &&
		   p->buff_len == l3_off + IP6_HLEN + XDP6_NA_LEN;
	if (in_place) {
		struct eth6_hdr *eth = pkt_ptr(ctx, 0, sizeof(*eth));

		if (!eth)
			return verdict(ctx, R_TRUNCATED, XDP_DROP);
		copy_mac(l2.src, eth->src);	/* all of the link layer the NA needs */
	} else if (l2_save(ctx, p, &l2)) {
		return verdict(ctx, R_TRUNCATED, XDP_DROP);
	}
	/* §7.2.8: a proxy's NA has Override 0, so the real owner's own NA wins (Linux
	 * ndisc_recv_ns: override only when the target is an address of the interface) */
	flags = proxied ? 0 : ND6_NA_FLAG_OVERRIDE;
	if (ifc->flags & XDP6_IF_ROUTER)
		flags |= ND6_NA_FLAG_ROUTER;
	if (unspec) {
		/* 33:33:00:00:00:01, RFC 2464 §7 */
		dmac[0] = dmac[1] = 0x33;
		dmac[2] = dmac[3] = dmac[4] = 0;
		dmac[5] = 0x01;
		in6_set_all_nodes(&l3.dst);
	} else {
		flags |= ND6_NA_FLAG_SOLICITED;
		if (opts.has_slla) {
			copy_mac(dmac, opts.slla);
			neigh_learn(&p->src, opts.slla);	/* §7.2.3, for the daemon */
		} else {
			copy_mac(dmac, l2.src);
		}
		l3.dst = p->src;
	}
	/* a proxy's NA comes from the target too (ndppd; README "Choices where the references
	 * differ": Linux picks one of its own addresses, and tools such as ndisc6 ignore an NA
	 * for a global target from a link-local source) */
	l3.src = target;
	l3.payload_len = XDP6_NA_LEN;
	l3.hop_limit = ND6_HOP_LIMIT;

	/* Everything of the NA is written below from what was copied above: only the length
	 * of the frame matters. */
	if (in_place) {
		if (na_headers_in_place(ctx, p, dmac, ifc->mac, &l3))
			return verdict(ctx, R_ADJUST_FAILED, XDP_DROP);
	} else {
		if (reply_resize(ctx, p, l3_off + IP6_HLEN + XDP6_NA_LEN))
			return verdict(ctx, R_ADJUST_FAILED, XDP_DROP);
		if (reply_write(ctx, p, &l2, dmac, ifc->mac, &l3))
			return verdict(ctx, R_ADJUST_FAILED, XDP_DROP);
	}
	l4_off = l3_off + IP6_HLEN;
	na = pkt_ptr(ctx, l4_off, XDP6_NA_LEN);
	if (!na)
		return verdict(ctx, R_ADJUST_FAILED, XDP_DROP);
	/* The NA as 32-bit words held in registers, each stored once; its checksum summed from
	 * the same words, not read back from the frame (loads over bytes just stored by several
	 * smaller stores wait for them to reach the cache): the RFC 8200 §8.1 pseudo-header
	 * (target as source, l3.dst, length, Next Header 58), Type 136 / Code 0 / Checksum 0, the
	 * flags, the target, and the Target Link-Layer Address option (type 2, 1 unit, our MAC).
	 * Words in memory order, summed as csum.bpf.h sums a frame (RFC 1071 §2: byte order
	 * does not change a one's complement sum). */
	{
		const __u8 *m = ifc->mac;
		__u32 w0 = bpf_htonl(ICMP6_TYPE_NEIGHBOR_ADVERT << 24);
		__u32 wf = bpf_htonl(flags);
		__u32 t0 = bpf_htonl((ND6_OPT_TARGET_LL_ADDR << 24) |
				     ((sizeof(struct nd6_opt_lladdr) / ND6_OPT_UNIT) << 16) |
				     ((__u32)m[0] << 8) | m[1]);
		__u32 t1 = bpf_htonl(((__u32)m[2] << 24) | ((__u32)m[3] << 16) |
				     ((__u32)m[4] << 8) | m[5]);
		__u32 *w = (__u32 *)(void *)na;
		__u64 acc;

		w[0] = w0;
		w[1] = wf;
		in6_to_pkt(na->target, &target);
		w[6] = t0;
		w[7] = t1;
		acc = (__u64)bpf_htonl(XDP6_NA_LEN) + bpf_htonl(IP6_NH_ICMPV6);
		acc += (__u64)l3.dst.w32[0] + l3.dst.w32[1] + (__u64)l3.dst.w32[2] + l3.dst.w32[3];
		/* the target twice: the pseudo-header's source and the NA's Target Address */
		acc += 2 * ((__u64)target.w32[0] + target.w32[1] + (__u64)target.w32[2] +
			    target.w32[3]);
		acc += (__u64)w0 + wf + (__u64)t0 + t1;
		*(__u16 *)((void *)na + offsetof(struct nd6_ns, cksum)) =
			(__u16)~csum_fold32(csum_fold64(acc));
	}
	return verdict_len(ctx, proxied ? R_PROXY_NA_SENT : unspec ? R_NA_DAD_DEFENDED : R_NA_SENT,
			   XDP_TX,
			   l4_off + XDP6_NA_LEN);	/* the length reply_resize() gave the frame */
}

#endif /* XDP6_NS_BPF_H */
