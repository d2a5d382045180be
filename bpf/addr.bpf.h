/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Which sources are ours: a request from one of our assigned addresses came from a node that
 * forges it (it is ours; Linux would deliver the reply locally, never to the wire). Shared by the
 * Echo (RFC 4443 §4.2) and NS (RFC 4861 §7.2.4) handlers. */
#ifndef XDP6_ADDR_BPF_H
#define XDP6_ADDR_BPF_H

/* 0 when a is certainly not a key of addrs, 1 when it may be (ownbits, include/xdp6_maps.h):
 * an inlined ARRAY lookup that spares the addrs hash lookup of the usual miss. */
static __always_inline int addr_maybe_ours(const union xdp6_in6 *a)
{
	__u32 bit = xdp6_ownbits_bit(a->w64[0], a->w64[1]);
	__u32 word = bit >> 6;
	const __u64 *w = bpf_map_lookup_elem(&ownbits, &word);

	return w && ((*w >> (bit & 63)) & 1);
}

/* 1 when src is our link-local or one of our preferred/deprecated addresses. A tentative or
 * duplicate one may really be another node's (RFC 4862 §5.4): that node is answered. */
static __always_inline int src_is_ours(const union xdp6_in6 *src, const struct xdp6_iface *ifc)
{
	const struct xdp6_addr_val *own;
	const __u64 *ll = (const __u64 *)(const void *)ifc->ll_addr;	/* offset 16 */

	if ((ifc->flags & XDP6_IF_HAS_LL) && src->w64[0] == ll[0] && src->w64[1] == ll[1])
		return 1;
	if (!addr_maybe_ours(src))
		return 0;
	own = bpf_map_lookup_elem(&addrs, src);
	return own && (own->state == XDP6_ADDR_PREFERRED || own->state == XDP6_ADDR_DEPRECATED);
}

#endif /* XDP6_ADDR_BPF_H */
