/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Turning a received frame into our reply in place, shared by the Echo (RFC 4443 §4.2) and NA
 * (RFC 4861 §7.2.4) handlers: a reply is a new packet, so the request's extension headers are
 * dropped (bpf_xdp_adjust_head) and the Ethernet [+ VLAN tag] and IPv6 headers written afresh in
 * front of the upper-layer message, whose length the tail is set to (bpf_xdp_adjust_tail); a
 * reply built whole (the NA) just resizes the frame. An Echo Request without extension headers
 * keeps its headers where they are and has them rewritten there (echo.bpf.h), and so does an NS
 * without them in a frame of its NA's length (ns.bpf.h na_headers_in_place). */
#ifndef XDP6_REPLY_BPF_H
#define XDP6_REPLY_BPF_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "xdp6_wire.h"
#include "parse.bpf.h"

/* What a reply keeps of the request's link layer. */
struct xdp6_l2 {
	__u8 dst[ETH6_ALEN];
	__u8 src[ETH6_ALEN];
	__be16 proto;			/* outer EtherType: the TPID when tagged */
	struct eth6_vlan_hdr vlan;	/* the tag as received (PCP, DEI, VID, inner type) */
};

/* The IPv6 header of a reply. */
struct xdp6_l3 {
	union xdp6_in6 src, dst;
	__u32 tclass;
	__u16 payload_len;
	__u8 hop_limit;
};

static __always_inline int l2_save(struct xdp_md *ctx, const struct xdp6_pkt *p,
				   struct xdp6_l2 *l2)
{
	/* the tag's room is there either way: an IPv6 header follows */
	struct eth6_hdr *eth = pkt_ptr(ctx, 0, sizeof(*eth) + sizeof(struct eth6_vlan_hdr));
	struct eth6_vlan_hdr *vlan;

	if (!eth)
		return -1;
	vlan = (void *)(eth + 1);
	copy_mac(l2->dst, eth->dst);
	copy_mac(l2->src, eth->src);
	l2->proto = eth->proto;
	if (p->l3_off != ETH6_HLEN)
		__builtin_memcpy(&l2->vlan, vlan, sizeof(*vlan));
	return 0;
}

/* For a reply that keeps the request's upper-layer message (Echo): drops the p->ext_len bytes
 * of extension headers in front of it (the headers before them are rewritten by reply_write)
 * and trims the frame to end exactly l4_len bytes after the upper-layer header (Ethernet
 * padding). Only ever shrinks. 0, or -1 when the driver refuses to adjust. */
static __always_inline int reply_reshape(struct xdp_md *ctx, const struct xdp6_pkt *p,
					 __u32 l4_len)
{
	__u32 want = p->l3_off + IP6_HLEN + l4_len;
	int have = p->buff_len - p->ext_len;	/* fragments of a multi-buffer frame included */

	if (p->ext_len && bpf_xdp_adjust_head(ctx, (int)p->ext_len))
		return -1;
	if (have != (int)want && bpf_xdp_adjust_tail(ctx, (int)want - have))
		return -1;
	return 0;
}

/* For a reply written entirely from the stack (an NA not written over its NS): makes the frame (p->buff_len bytes, as
 * received) `want` bytes long, shrinking at the tail or growing into the headroom every XDP
 * driver reserves (tail room is not guaranteed). Its content is then garbage to be overwritten.
 * 0, or -1 when refused. */
static __always_inline int reply_resize(struct xdp_md *ctx, const struct xdp6_pkt *p, __u32 want)
{
	int have = p->buff_len;

	if (have > (int)want)
		return bpf_xdp_adjust_tail(ctx, (int)want - have) ? -1 : 0;
	if (have < (int)want)
		return bpf_xdp_adjust_head(ctx, have - (int)want) ? -1 : 0;
	return 0;
}

/* Writes the Ethernet header (from *l2, with the given MACs), the tag if the request had one,
 * and the IPv6 header (version 6, flow label 0, Next Header ICMPv6) at the front of the frame.
 * 0, or -1 when the frame is too short (cannot happen after reply_reshape). */
static __always_inline int reply_write(struct xdp_md *ctx, const struct xdp6_pkt *p,
				       const struct xdp6_l2 *l2, const __u8 *dmac,
				       const __u8 *smac, const struct xdp6_l3 *l3)
{
	__u32 l3_off = p->l3_off;
	struct eth6_hdr *eth;
	struct ip6_hdr *ip6;

	if (l3_off != ETH6_HLEN && l3_off != ETH6_HLEN + ETH6_VLAN_HLEN)
		return -1;
	eth = pkt_ptr(ctx, 0, sizeof(*eth) + ETH6_VLAN_HLEN);
	ip6 = pkt_ptr(ctx, l3_off, sizeof(*ip6));
	if (!eth || !ip6)
		return -1;
	copy_mac(eth->dst, dmac);
	copy_mac(eth->src, smac);
	/* 16- and 32-bit stores: through the packed wire structs clang would store byte by byte */
	*(__be16 *)((void *)eth + offsetof(struct eth6_hdr, proto)) = l2->proto;
	if (l3_off != ETH6_HLEN)
		__builtin_memcpy((void *)(eth + 1), &l2->vlan, sizeof(l2->vlan));
	*(__be32 *)(void *)ip6 = bpf_htonl((IP6_VERSION << 28) | (l3->tclass << 20));
	*(__be16 *)((void *)ip6 + offsetof(struct ip6_hdr, payload_len)) =
		bpf_htons(l3->payload_len);
	ip6->nexthdr = IP6_NH_ICMPV6;
	ip6->hop_limit = l3->hop_limit;
	in6_to_pkt(ip6->saddr, &l3->src);
	in6_to_pkt(ip6->daddr, &l3->dst);
	return 0;
}

#endif /* XDP6_REPLY_BPF_H */
