/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Token buckets that bound what the fast path transmits (RFC 4443 §2.4(f) asks for a limit on
 * the ICMPv6 messages a node originates; the same guard keeps NA floods in check): one bucket per
 * enum xdp6_bucket_id in the `tokens` map, tokens scaled by XDP6_TOKEN_SCALE. */
#ifndef XDP6_RATELIMIT_BPF_H
#define XDP6_RATELIMIT_BPF_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "xdp6_maps.h"
#include "maps.bpf.h"

/* 1 when a packet may be sent from bucket `id` at `rate` per second with at most `burst` in a
 * row, 0 when over the limit. rate 0 means unlimited (no lock taken); burst 0 counts as 1. The
 * first use (last_ns == 0) starts full. The clock is read before taking the lock: no helper
 * calls while it is held. */
static __always_inline int tokens_take(__u32 id, __u32 rate, __u32 burst)
{
	struct xdp6_bucket *b;
	__u64 now, cap, max_gap, gap, have, last;
	int ok = 0;

	if (!rate)
		return 1;
	b = bpf_map_lookup_elem(&tokens, &id);
	if (!b)
		return 0;
	cap = (__u64)(burst ? burst : 1) * XDP6_TOKEN_SCALE;
	max_gap = cap / rate;		/* ns after which an empty bucket is full again */
	now = bpf_ktime_get_ns();

	bpf_spin_lock(&b->lock);
	have = b->tokens;
	last = b->last_ns;
	if (last == 0) {
		have = cap;
		last = now;
	} else if (now > last) {
		/* refill by elapsed ns x rate; a CPU that read the clock before another took the
		 * lock may see now <= last: it refills nothing and leaves last alone */
		gap = now - last;
		have = gap >= max_gap ? cap : have + gap * rate;
		if (have > cap)
			have = cap;
		last = now;
	}
	if (have >= XDP6_TOKEN_SCALE) {
		have -= XDP6_TOKEN_SCALE;
		ok = 1;
	}
	b->tokens = have;
	b->last_ns = last;
	bpf_spin_unlock(&b->lock);
	return ok;
}

#endif /* XDP6_RATELIMIT_BPF_H */
