/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Echo Request -> Echo Reply in the driver (RFC 4443 §4.1, §4.2): checksum verified first
 * (§2.3), requests from one of our own addresses dropped, replies that would not fit the learned
 * path MTU (RFC 8201) handed to the daemon to fragment; the reply is built in place from the
 * request with Code 0, addresses swapped, our MAC as source, traffic class copied and flow label
 * 0 (as Linux does), hop limit from iface, extension headers dropped, checksum updated
 * incrementally (RFC 1624). To a multicast group (ff02::1, a solicited-node group, ff02::2 as a
 * router) the reply comes from our link-local. */
#ifndef XDP6_ECHO_BPF_H
#define XDP6_ECHO_BPF_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "xdp6_wire.h"
#include "xdp6_maps.h"
#include "xdp6_csum.h"
#include "maps.bpf.h"
#include "parse.bpf.h"
#include "csum.bpf.h"
#include "ratelimit.bpf.h"
#include "reply.bpf.h"
#include "verdict.bpf.h"

/* 1 when the reply to `p` (an IPv6 packet of IP6_HLEN + l4_len octets to p->src) would exceed
 * the path MTU the daemon learned for that destination (RFC 8201 §4), as long as the entry is
 * valid. Looked up only above IPv6's minimum MTU, which every path carries (RFC 8200 §5). */
static __always_inline int echo_over_pmtu(const struct xdp6_pkt *p)
{
	const struct xdp6_pmtu *pm;
	__u32 len = IP6_HLEN + p->l4_len;

	if (len <= IP6_MIN_MTU)
		return 0;
	pm = bpf_map_lookup_elem(&pmtu, &p->src);
	return pm && len > pm->mtu && bpf_ktime_get_ns() < pm->expires_ns;
}

/* The reply's headers when the request had no extension headers (nearly every request): the
 * request's own, rewritten where they are. Ethernet: the requester's MAC becomes the destination,
 * ours the source, the tag and EtherType stay; IPv6: version and traffic class stay, flow label
 * 0, Payload Length and Next Header stay (nothing was removed), the hop limit and the addresses
 * are set. What reply_write() writes, without staging the headers on the stack. 0, or -1 when
 * the driver refuses to trim the frame's padding. */
static __always_inline int echo_headers_in_place(struct xdp_md *ctx, const struct xdp6_pkt *p,
						 const struct xdp6_iface *ifc,
						 const union xdp6_in6 *from, __u8 hop_limit)
{
	__u32 l3_off = p->l3_off;
	struct eth6_hdr *eth;
	struct ip6_hdr *ip6;

	if (reply_reshape(ctx, p, p->l4_len))
		return -1;
	eth = pkt_ptr(ctx, 0, sizeof(*eth));
	ip6 = pkt_ptr(ctx, l3_off, sizeof(*ip6));
	if (!eth || !ip6)
		return -1;
	copy_mac(eth->dst, eth->src);
	copy_mac(eth->src, ifc->mac);
	/* one 32-bit word (the wire struct is packed: a field store would be four byte stores) */
	*(__be32 *)(void *)ip6 &= bpf_htonl(~IP6_FLOW_LABEL_MASK);
	ip6->hop_limit = hop_limit;
	in6_to_pkt(ip6->daddr, &p->src);
	in6_to_pkt(ip6->saddr, from);
	return 0;
}

/* The reply's headers behind extension headers: they are dropped (RFC 4443 §4.2 answers with a
 * new packet), so the headers are saved, the frame reshaped and the headers written afresh in
 * front of the ICMPv6 message (reply.bpf.h). 0, or -1 when the driver refuses to adjust. */
static __always_inline int echo_headers_moved(struct xdp_md *ctx, const struct xdp6_pkt *p,
					      const struct xdp6_iface *ifc,
					      const union xdp6_in6 *from, __u8 hop_limit)
{
	struct xdp6_l2 l2 = {};
	struct xdp6_l3 l3 = {};
	struct ip6_hdr *ip6;

	ip6 = pkt_ptr(ctx, p->l3_off, sizeof(*ip6));
	if (!ip6 || l2_save(ctx, p, &l2))
		return -1;
	l3.tclass = (bpf_ntohl(*(__be32 *)(void *)ip6) >> 20) & 0xff;
	l3.payload_len = p->l4_len;
	l3.hop_limit = hop_limit;
	l3.src = *from;
	l3.dst = p->src;
	if (reply_reshape(ctx, p, p->l4_len))
		return -1;
	/* Always from our MAC: the request's destination MAC may be a group's (or, with a frame
	 * for another station, someone else's: xdp6_main passes those) */
	return reply_write(ctx, p, &l2, l2.src, ifc->mac, &l3);
}

/* For a request to an owned unicast address (p->dst_kind DST_UNICAST) or to a group we listen
 * to. Inlined into xdp6_main: a global function would cost a call, a return and the spills
 * around them on the hottest path (the verifier walks it per caller path instead). */
static __always_inline int xdp6_echo(struct xdp_md *ctx, struct xdp6_pkt *p,
				     const struct xdp6_iface *ifc)
{
	const union xdp6_in6 *from;	/* the reply's source */
	struct icmp6_hdr *icmp;
	__u32 l4_off, i;
	__u64 now;
	__u16 hc, old_w, new_w;
	__u8 hop_limit;
	int ok, mcast;

	/* Echo switched off (mirror mode: net.ipv6.icmp.echo_ignore_all): the kernel gets the
	 * request, and ignores it and counts it as its setting says */
	if (ifc->flags & XDP6_IF_ECHO_OFF)
		return verdict(ctx, R_ECHO_IGNORED, XDP_PASS);
	mcast = p->dst_kind != DST_UNICAST;
	if (mcast) {
		/* §4.2: a reply to a multicast request comes from a unicast address of ours. Linux
		 * picks it by RFC 6724 for the requester; every group answered here is link-scope,
		 * so the requester is on the link and our link-local reaches it (README, "Choices
		 * where the references differ") */
		if (!(ifc->flags & XDP6_IF_ECHO_MCAST) || !(ifc->flags & XDP6_IF_HAS_LL))
			return verdict(ctx, R_ECHO_MCAST_IGNORED, XDP_PASS);
		from = (const union xdp6_in6 *)(const void *)ifc->ll_addr;	/* offset 16 */
	} else {
		/* RFC 4862 §5.4: a tentative (or duplicate) address is not assigned; the kernel gets
		 * the frame as it would any frame for an address it does not have */
		if (p->dst_state != XDP6_ADDR_PREFERRED && p->dst_state != XDP6_ADDR_DEPRECATED)
			return verdict(ctx, R_TARGET_NOT_ASSIGNED, XDP_PASS);
		from = &p->dst;
	}
	/* §4.1: Type, Code, Checksum, Identifier, Sequence Number */
	if (p->l4_len < sizeof(struct icmp6_hdr))
		return verdict(ctx, R_BAD_LENGTH, XDP_DROP);
	if (p->l4_len > XDP6_CSUM_MAX_LEN)
		return to_daemon(ctx, R_TO_DAEMON);
	/* §2.3: verify before answering */
	ok = csum_icmp6_ok(ctx, p->l3_off, p->l4_off, p->l4_len);
	if (ok < 0)
		return verdict(ctx, R_TRUNCATED, XDP_DROP);
	if (!ok)
		return verdict(ctx, R_BAD_CHECKSUM, XDP_DROP);
	/* nobody to answer: a request from :: is the daemon's to judge */
	if (in6_is_unspecified(&p->src))
		return to_daemon(ctx, R_TO_DAEMON);
	/* From one of our assigned addresses: forged (it is ours), and Linux would deliver the
	 * reply locally, never to the wire. A tentative or duplicate one may really be another
	 * node's (RFC 4862 §5.4): that node is answered. */
	if (src_is_ours(&p->src, ifc))
		return verdict(ctx, R_OWN_SOURCE, XDP_DROP);
	/* RFC 8201 §4 / RFC 8200 §4.5: the daemon fragments what the path would not carry */
	if (echo_over_pmtu(p))
		return to_daemon(ctx, R_ECHO_OVER_PMTU);
	/* per-source fairness first: a source over its own budget spends no interface token */
	now = budget_clock(ifc, ifc->echo_rate);
	if (!src_take(&p->src, ifc, now))
		return verdict(ctx, R_SRC_RATE_LIMITED, XDP_DROP);
	if (!tokens_take(XDP6_BUCKET_ECHO, ifc->echo_rate, ifc->echo_burst, now))
		return verdict(ctx, R_RATE_LIMITED, XDP_DROP);

	/* What the reply keeps of the request's message, read before the frame moves. */
	if (p->l3_off > ETH6_HLEN + ETH6_VLAN_HLEN)
		return verdict(ctx, R_TRUNCATED, XDP_DROP);
	icmp = pkt_ptr(ctx, p->l4_off, sizeof(*icmp));
	if (!icmp)
		return verdict(ctx, R_TRUNCATED, XDP_DROP);
	hc = *(__u16 *)((void *)icmp + offsetof(struct icmp6_hdr, cksum));
	old_w = *(__u16 *)(void *)icmp;
	hop_limit = ifc->echo_hop_limit ? ifc->echo_hop_limit : ICMP6_ECHO_HOP_LIMIT_DEFAULT;
	if (p->ext_len ? echo_headers_moved(ctx, p, ifc, from, hop_limit) :
			 echo_headers_in_place(ctx, p, ifc, from, hop_limit))
		return verdict(ctx, R_ADJUST_FAILED, XDP_DROP);

	l4_off = p->l3_off + IP6_HLEN;
	icmp = pkt_ptr(ctx, l4_off, sizeof(*icmp));
	if (!icmp)
		return verdict(ctx, R_ADJUST_FAILED, XDP_DROP);
	/* RFC 1624 eqn. 3, on words read in CPU order like the checksum field itself. The
	 * pseudo-header changes only for a group (its address replaced by our link-local); the
	 * type/code word changes last and never to zero, so the result is the canonical checksum
	 * a sender computing from scratch would get (0x0000, never 0xffff). */
	if (mcast) {
		for (i = 0; i < 4; i++)
			hc = csum_replace32(hc, p->dst.w32[i], from->w32[i]);
	}
	/* §4.2: Type 129, Code 0 (Linux copies the request's Code; README "Choices"): one 16-bit
	 * word, written once and never read back (two byte stores and a load of the word they
	 * make cannot be forwarded: the load would wait for both to reach the cache) */
	new_w = bpf_htons(ICMP6_TYPE_ECHO_REPLY << 8);
	*(__u16 *)(void *)icmp = new_w;
	*(__u16 *)((void *)icmp + offsetof(struct icmp6_hdr, cksum)) =
		csum_replace16(hc, old_w, new_w);
	return verdict_len(ctx, mcast ? R_ECHO_MCAST_REPLIED : R_ECHO_REPLIED, XDP_TX,
			   l4_off + p->l4_len);	/* the length reply_reshape() gave the frame */
}

#endif /* XDP6_ECHO_BPF_H */
