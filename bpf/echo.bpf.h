/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Echo Request -> Echo Reply in the driver (RFC 4443 §4.1, §4.2): checksum verified first
 * (§2.3), reply built in place from the request with addresses and MACs swapped, traffic class
 * copied and flow label 0 (as Linux does), hop limit from iface, extension headers dropped,
 * checksum updated incrementally (RFC 1624). To ff02::1 the reply comes from our link-local. */
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

#define ETH6_GROUP_BIT		0x01	/* I/G bit of the first octet of a MAC address */

/* For a request to an owned unicast address (p->dst_kind DST_UNICAST) or to ff02::1
 * (DST_ALL_NODES). Inlined into xdp6_main: a global function would cost a call, a return and
 * the spills around them on the hottest path (the verifier walks it per caller path instead). */
static __always_inline int xdp6_echo(struct xdp_md *ctx, struct xdp6_pkt *p)
{
	const struct xdp6_iface *ifc;
	struct xdp6_l2 l2 = {};
	struct xdp6_l3 l3 = {};
	const __u8 *smac;
	struct icmp6_hdr *icmp;
	struct ip6_hdr *ip6;
	void *data, *end;
	__u32 zero = 0, l4_off, i;
	__u16 hc, old_w, new_w;
	int ok, mcast;

	mcast = p->dst_kind != DST_UNICAST;
	ifc = bpf_map_lookup_elem(&iface, &zero);
	if (!ifc)
		return verdict(ctx, R_NO_DAEMON, XDP_PASS);
	if (mcast) {
		/* §4.2: a reply to a multicast request comes from a unicast address of ours */
		if (!(ifc->flags & XDP6_IF_ECHO_MCAST) || !(ifc->flags & XDP6_IF_HAS_LL))
			return verdict(ctx, R_ECHO_MCAST_IGNORED, XDP_PASS);
		copy_in6(l3.src.b, ifc->ll_addr);
	} else {
		/* RFC 4862 §5.4: a tentative (or duplicate) address is not assigned; the kernel gets
		 * the frame as it would any frame for an address it does not have */
		if (p->dst_state != XDP6_ADDR_PREFERRED && p->dst_state != XDP6_ADDR_DEPRECATED)
			return verdict(ctx, R_TARGET_NOT_ASSIGNED, XDP_PASS);
		l3.src = p->dst;
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
	if (!tokens_take(XDP6_BUCKET_ECHO, ifc->echo_rate, ifc->echo_burst))
		return verdict(ctx, R_RATE_LIMITED, XDP_DROP);

	/* What the reply keeps of the request, read before the frame moves. */
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	l4_off = p->l4_off;
	if (p->l3_off > ETH6_HLEN + ETH6_VLAN_HLEN || l4_off > XDP6_PKT_OFF_MAX)
		return verdict(ctx, R_TRUNCATED, XDP_DROP);
	ip6 = data + p->l3_off;
	icmp = data + l4_off;
	if ((void *)(ip6 + 1) > end || (void *)(icmp + 1) > end)
		return verdict(ctx, R_TRUNCATED, XDP_DROP);
	if (l2_save(ctx, p, &l2))
		return verdict(ctx, R_TRUNCATED, XDP_DROP);
	l3.tclass = (bpf_ntohl(ip6->vtc_flow) >> 20) & 0xff;
	l3.payload_len = p->l4_len;
	l3.hop_limit = ifc->echo_hop_limit ? ifc->echo_hop_limit : ICMP6_ECHO_HOP_LIMIT_DEFAULT;
	l3.dst = p->src;
	hc = *(__u16 *)((void *)icmp + offsetof(struct icmp6_hdr, cksum));
	old_w = *(__u16 *)(void *)icmp;

	if (reply_reshape(ctx, p, p->l4_len))
		return verdict(ctx, R_ADJUST_FAILED, XDP_DROP);
	/* Our MAC when the request's was a group address (or the reply went to ff02::1). */
	smac = (mcast || (l2.dst[0] & ETH6_GROUP_BIT)) ? ifc->mac : l2.dst;
	if (reply_write(ctx, p, &l2, l2.src, smac, &l3))
		return verdict(ctx, R_ADJUST_FAILED, XDP_DROP);

	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	l4_off = p->l3_off + IP6_HLEN;
	if (l4_off > ETH6_HLEN + ETH6_VLAN_HLEN + IP6_HLEN)
		return verdict(ctx, R_ADJUST_FAILED, XDP_DROP);
	icmp = data + l4_off;
	if ((void *)(icmp + 1) > end)
		return verdict(ctx, R_ADJUST_FAILED, XDP_DROP);
	/* RFC 1624 eqn. 3, on words read in CPU order like the checksum field itself. The
	 * pseudo-header changes only for ff02::1 (its address replaced by our link-local); the
	 * type word changes last and never to zero, so the result is the canonical checksum a
	 * sender computing from scratch would get (0x0000, never 0xffff). */
	if (mcast) {
		union xdp6_in6 all_nodes;

		in6_set_all_nodes(&all_nodes);
		for (i = 0; i < 4; i++)
			hc = csum_replace32(hc, all_nodes.w32[i], l3.src.w32[i]);
	}
	icmp->type = ICMP6_TYPE_ECHO_REPLY;
	new_w = *(__u16 *)(void *)icmp;
	*(__u16 *)((void *)icmp + offsetof(struct icmp6_hdr, cksum)) =
		csum_replace16(hc, old_w, new_w);
	return verdict_len(ctx, mcast ? R_ECHO_MCAST_REPLIED : R_ECHO_REPLIED, XDP_TX,
			   l4_off + p->l4_len);	/* the length reply_reshape() gave the frame */
}

#endif /* XDP6_ECHO_BPF_H */
