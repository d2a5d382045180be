/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The one way BPF program tests (test_xdp, fuzz-xdp) put an owned address into the maps: as
 * xdp6d does, the key's ownbits bit first, then the addrs entry, then addrgen stepped
 * (include/xdp6_maps.h: the bits are a superset of addrs' keys, a key whose bit is clear is
 * invisible to XDP; a write of addrs is seen by XDP once addrgen has moved). */
#ifndef XDP6_ADDRS_PUT_H
#define XDP6_ADDRS_PUT_H

#include <string.h>
#include <bpf/bpf.h>

#include "xdp6_maps.h"

/* Sets the bit of the 16 address bytes at addr in the ownbits map fd. 0 or -1 (errno). */
static inline int ownbits_set(int fd, const void *addr)
{
	__u64 h[2], w = 0;
	__u32 bit, idx;

	memcpy(h, addr, sizeof(h));
	bit = xdp6_ownbits_bit(h[0], h[1]);
	idx = bit >> 6;
	if (bpf_map_lookup_elem(fd, &idx, &w))
		return -1;
	w |= 1ull << (bit & 63);
	return bpf_map_update_elem(fd, &idx, &w, BPF_ANY);
}

/* Every ownbits word 0: no address is ours. One batch update (ARRAY maps have them since
 * Linux 5.6), not 16384 calls per fixture. */
static inline int ownbits_clear(int fd)
{
	static __u32 keys[XDP6_OWNBITS_WORDS];
	static const __u64 zero[XDP6_OWNBITS_WORDS];
	__u32 n = XDP6_OWNBITS_WORDS;

	for (__u32 i = 0; i < n; i++)
		keys[i] = i;
	return bpf_map_update_batch(fd, keys, zero, &n, NULL);
}

/* addrgen += 1, after any write of addrs (a clear too). fd < 0: an object without addrcache
 * (an older xdp6.bpf.o under fuzz-xdp --obj or the bench's BENCH_XDP6_B). 0 or -1 (errno). */
static inline int addrgen_step(int fd)
{
	__u32 zero = 0;
	__u64 gen = 0;

	if (fd < 0)
		return 0;
	if (bpf_map_lookup_elem(fd, &zero, &gen))
		return -1;
	gen++;
	return bpf_map_update_elem(fd, &zero, &gen, BPF_ANY);
}

/* addrs[key] = val, its ownbits bit set first, addrgen stepped after. fd_ownbits < 0: an
 * object without the filter (an older xdp6.bpf.o under fuzz-xdp --obj). */
static inline int addrs_put(int fd_addrs, int fd_ownbits, int fd_addrgen, const void *key,
			    const void *val)
{
	if (fd_ownbits >= 0 && ownbits_set(fd_ownbits, key))
		return -1;
	if (bpf_map_update_elem(fd_addrs, key, val, BPF_ANY))
		return -1;
	return addrgen_step(fd_addrgen);
}

#endif /* XDP6_ADDRS_PUT_H */
