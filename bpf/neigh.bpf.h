/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* RFC 4861 §7.2.3 on the fast path: the sender of an NS we answer, with its Source Link-Layer
 * Address, recorded in the `neigh` LRU map for the daemon's neighbor cache (which never sees
 * the NSs XDP answers). A sender this CPU saw with that MAC since the last write of neigh costs
 * no neigh lookup (neighcache, include/xdp6_maps.h); another one lookup, and a clock read and
 * a write only for a new sender or a changed MAC, so a busy neighbor costs no map writes. */
#ifndef XDP6_NEIGH_BPF_H
#define XDP6_NEIGH_BPF_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "xdp6_maps.h"
#include "maps.bpf.h"		/* neigh, neighgen, neighcache */

static __always_inline int mac_eq16(const __u8 *a, const __u8 *b)	/* both 2-byte aligned */
{
	const __u16 *x = (const __u16 *)(const void *)a, *y = (const __u16 *)(const void *)b;

	return x[0] == y[0] && x[1] == y[1] && x[2] == y[2];
}

/* src: the sender (16 bytes, 8-byte aligned); mac: its SLLA (2-byte aligned). */
static __always_inline void neigh_learn(const union xdp6_in6 *src, const __u8 *mac)
{
	__u32 slot = xdp6_ownbits_bit(src->w64[0], src->w64[1]) & (XDP6_NEIGHCACHE_SLOTS - 1);
	struct xdp6_neigh *cur, rec = { 0 };
	struct xdp6_neigh_slot *s;
	__u32 zero = 0, seq = 1;
	__u64 *g, *sa, gen = 0;

	g = bpf_map_lookup_elem(&neighgen, &zero);
	s = bpf_map_lookup_elem(&neighcache, &slot);
	if (g && s) {
		gen = *(const volatile __u64 *)g;
		seq = slot_load32(&s->seq);
		slot_barrier();
		sa = (__u64 *)(void *)s->addr;
		if (seq && !(seq & 1) && s->gen == gen && sa[0] == src->w64[0] &&
		    sa[1] == src->w64[1] && mac_eq16(s->mac, mac)) {
			slot_barrier();
			if (slot_load32(&s->seq) == seq)
				return;		/* recorded, nothing written since */
		}
	}
	cur = bpf_map_lookup_elem(&neigh, src);
	/* §7.2.3 changes the entry only when it is new or the MAC differs: an unchanged record
	 * costs this one lookup (no clock read, no write) */
	if (!cur || !mac_eq16(cur->mac, mac)) {
		__builtin_memcpy(rec.mac, mac, ETH6_ALEN);
		rec.seen_ns = bpf_ktime_get_ns();
		bpf_map_update_elem(&neigh, src, &rec, BPF_ANY);	/* LRU: never fails for room */
		if (g)	/* it may have evicted any sender a slot remembers */
			__sync_fetch_and_add(g, 1);
		return;
	}
	if (g && s) {
		seq = slot_load32(&s->seq);
		if (!(seq & 1)) {	/* odd: a run this one interrupted is filling it */
			slot_store32(&s->seq, seq + 1);
			slot_barrier();
			s->gen = gen;	/* read before the lookup */
			sa = (__u64 *)(void *)s->addr;
			sa[0] = src->w64[0];
			sa[1] = src->w64[1];
			__builtin_memcpy(s->mac, mac, ETH6_ALEN);
			slot_barrier();
			slot_store32(&s->seq, seq + 2);
		}
	}
}

#endif /* XDP6_NEIGH_BPF_H */
