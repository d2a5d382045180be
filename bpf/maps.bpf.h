/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Map definitions of the XDP fast path, one per line of XDP6_MAPS (include/xdp6_maps.h), BTF-typed
 * with the layouts defined there so the daemon can pin them and bpftool can print named fields.
 * No pinning attribute here: the daemon pins them itself under XDP6_PIN_ROOT/<ifname>/ (and
 * resizes addrs and groups before load). */
#ifndef XDP6_MAPS_BPF_H
#define XDP6_MAPS_BPF_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "xdp6_maps.h"

/* The kernel makes an LPM trie without preallocation only (BPF_F_NO_PREALLOC). */
#define XDP6_MAP_FLAGS(map_type) ((map_type) == BPF_MAP_TYPE_LPM_TRIE ? BPF_F_NO_PREALLOC : 0)

#define XDP6_MAP_DEFINE(name, map_type, k, v, max)	\
	struct {					\
		__uint(type, map_type);			\
		__uint(max_entries, max);		\
		__uint(map_flags, XDP6_MAP_FLAGS(map_type));	\
		__type(key, k);				\
		__type(value, v);			\
	} name SEC(".maps");

XDP6_MAPS(XDP6_MAP_DEFINE)

/* The per-CPU caches (addrcache, neighcache): their seq word read and written exactly once
 * where the code says, and the compiler kept from moving slot accesses across these points. */
#define slot_barrier()		asm volatile("" ::: "memory")
#define slot_load32(p)		(*(const volatile __u32 *)(p))
#define slot_store32(p, v)	(*(volatile __u32 *)(p) = (v))

#endif /* XDP6_MAPS_BPF_H */
