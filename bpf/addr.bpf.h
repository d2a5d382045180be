/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Which addresses are ours, and in which state: the ownbits filter, then this CPU's addrcache
 * slot, then the addrs hash (include/xdp6_maps.h). Used for the destination, the NS target and
 * the source of requests: a request from one of our assigned addresses came from a node that
 * forges it (it is ours; Linux would deliver the reply locally, never to the wire). Shared by
 * the Echo (RFC 4443 §4.2) and NS (RFC 4861 §7.2.4) handlers. */
#ifndef XDP6_ADDR_BPF_H
#define XDP6_ADDR_BPF_H

#define XDP6_ADDR_NONE	(-1)	/* addr_state(): not a key of addrs */

/* The state addrs holds for a (enum xdp6_addr_state), or XDP6_ADDR_NONE when a is not a key.
 * Exactly what the addrs lookup alone says at some instant of the call: a clear ownbits bit
 * means "not a key" (the bits are a superset of the keys); a slot filled at the current addrgen
 * holds what the lookup said since the last write of addrs. An inlined ARRAY lookup decides
 * the usual miss, a PERCPU_ARRAY one (inlined by the 6.18 verifier; a call where a kernel does
 * not inline it) the usual hit. */
static __always_inline int addr_state(const union xdp6_in6 *a)
{
	__u32 bit = xdp6_ownbits_bit(a->w64[0], a->w64[1]);
	__u32 word = bit >> 6, slot = bit & (XDP6_ADDRCACHE_SLOTS - 1), zero = 0, seq = 1;
	const struct xdp6_addr_val *v;
	struct xdp6_addr_slot *s;
	const __u64 *w, *g;
	__u64 *sa, gen = 0;
	int state;

	w = bpf_map_lookup_elem(&ownbits, &word);
	if (!w || !((*w >> (bit & 63)) & 1))
		return XDP6_ADDR_NONE;
	g = bpf_map_lookup_elem(&addrgen, &zero);
	s = bpf_map_lookup_elem(&addrcache, &slot);
	if (g && s) {
		gen = *(const volatile __u64 *)g;
		seq = slot_load32(&s->seq);
		slot_barrier();
		sa = (__u64 *)(void *)s->addr;
		if (seq && !(seq & 1) && s->gen == gen && sa[0] == a->w64[0] &&
		    sa[1] == a->w64[1]) {
			state = s->state;
			slot_barrier();
			if (slot_load32(&s->seq) == seq)
				return state;
		}
	}
	/* a call: the compiler keeps the loads above before it */
	v = bpf_map_lookup_elem(&addrs, a);
	if (!v)
		return XDP6_ADDR_NONE;
	state = v->state;
	if (g && s) {
		seq = slot_load32(&s->seq);
		if (!(seq & 1)) {	/* odd: a run this one interrupted is filling it */
			slot_store32(&s->seq, seq + 1);
			slot_barrier();
			s->gen = gen;	/* read before the lookup: see include/xdp6_maps.h */
			sa = (__u64 *)(void *)s->addr;
			sa[0] = a->w64[0];
			sa[1] = a->w64[1];
			s->state = state;
			slot_barrier();
			slot_store32(&s->seq, seq + 2);
		}
	}
	return state;
}

/* 1 when src is our link-local or one of our preferred/deprecated addresses. A tentative or
 * duplicate one may really be another node's (RFC 4862 §5.4): that node is answered. */
static __always_inline int src_is_ours(const union xdp6_in6 *src, const struct xdp6_iface *ifc)
{
	const __u64 *ll = (const __u64 *)(const void *)ifc->ll_addr;	/* offset 16 */
	int state;

	if ((ifc->flags & XDP6_IF_HAS_LL) && src->w64[0] == ll[0] && src->w64[1] == ll[1])
		return 1;
	state = addr_state(src);
	return state == XDP6_ADDR_PREFERRED || state == XDP6_ADDR_DEPRECATED;
}

#endif /* XDP6_ADDR_BPF_H */
