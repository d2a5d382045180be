/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* RFC 4861 §7.2.3 on the fast path: the sender of an NS we answer, with its Source Link-Layer
 * Address, recorded in the `neigh` LRU map for the daemon's neighbor cache (which never sees
 * the NSs XDP answers). One lookup per answered NS; a clock read and a write only for a new
 * sender or a changed MAC, so a busy neighbor costs no map writes. */
#ifndef XDP6_NEIGH_BPF_H
#define XDP6_NEIGH_BPF_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "xdp6_maps.h"
#include "maps.bpf.h"		/* neigh */

static __always_inline void neigh_learn(const void *src16, const __u8 *mac)
{
	struct xdp6_neigh *cur, rec = { 0 };
	struct xdp6_addr_key key;

	__builtin_memcpy(&key, src16, sizeof(key));
	cur = bpf_map_lookup_elem(&neigh, &key);
	/* §7.2.3 changes the entry only when it is new or the MAC differs: an unchanged record
	 * costs this one lookup (no clock read, no write) */
	if (cur && cur->mac[0] == mac[0] && cur->mac[1] == mac[1] && cur->mac[2] == mac[2] &&
	    cur->mac[3] == mac[3] && cur->mac[4] == mac[4] && cur->mac[5] == mac[5])
		return;
	__builtin_memcpy(rec.mac, mac, ETH6_ALEN);
	rec.seen_ns = bpf_ktime_get_ns();
	bpf_map_update_elem(&neigh, &key, &rec, BPF_ANY);	/* LRU: never fails for room */
}

#endif /* XDP6_NEIGH_BPF_H */
