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
#include "parse.bpf.h"

/* The clock both budgets below judge by, read once for the two of them: only when one of them is
 * on (a clock read is a helper call, ≈ 10-20 ns on this kind of guest, README "Performance"),
 * before any lock is taken (no helper calls while one is held). 0 when both are off. */
static __always_inline __u64 budget_clock(const struct xdp6_iface *ifc, __u32 rate)
{
	return ifc->src_interval_ns || rate ? bpf_ktime_get_ns() : 0;
}

/* 1 when a packet may be sent from bucket `id` at `rate` per second with at most `burst` in a
 * row, 0 when over the limit. rate 0 means unlimited (no lock taken); burst 0 counts as 1. The
 * first use (last_ns == 0) starts full. `now` is budget_clock()'s. */
static __always_inline int tokens_take(__u32 id, __u32 rate, __u32 burst, __u64 now)
{
	struct xdp6_bucket *b;
	__u64 cap, max_gap, gap, have, last;
	int ok = 0;

	if (!rate)
		return 1;
	b = bpf_map_lookup_elem(&tokens, &id);
	if (!b)
		return 0;
	cap = (__u64)(burst ? burst : 1) * XDP6_TOKEN_SCALE;
	max_gap = cap / rate;		/* ns after which an empty bucket is full again */

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

/* Per-source fairness (xdp6d --src-rate): 1 when a reply may go to `src`'s prefix (src &
 * ifc->src_mask), 0 when that prefix is over its own budget. Checked before the interface
 * bucket, so a source over its budget spends none of the interface's tokens.
 *
 * GCRA (the virtual-scheduling form of a token bucket): one u64 per prefix, tat = when the
 * bucket is full again. A reply is allowed when tat <= now + burst_ns (burst_ns = (BURST - 1)
 * intervals); it moves tat on by one interval from max(tat, now). No scaled token count, so
 * nothing to overflow: tat stays within now + burst_ns + a few intervals (< 2^63 for any u32
 * BURST and interval <= 1 s).
 *
 * LRU hash maps take no bpf_spin_lock (not before Linux 6.x, and not on Debian 12's 6.1), so:
 * a source under its rate (tat <= now) is written with a plain store; a source in deficit
 * (tat > now: the one that matters, a flooder) is charged with an atomic add (BPF_XADD, no
 * fetch: fine on the v1 instruction set), so no charge is ever lost and its long-run rate is
 * exact; CPUs that read tat at the same instant may each pass one reply before their adds
 * land (at most one per CPU, paid back from the budget that follows). A prefix not in the map
 * (new, or evicted by the LRU) starts full. `now` is budget_clock()'s. */
static __always_inline int src_take(const union xdp6_in6 *src, const struct xdp6_iface *ifc,
				    __u64 now)
{
	struct xdp6_src_bucket *b, fresh;
	struct xdp6_addr_key key;
	__u64 interval = ifc->src_interval_ns, tat;
	const __u64 *m = (const __u64 *)(const void *)ifc->src_mask;
	__u64 *k = (__u64 *)(void *)key.addr;

	if (!interval)
		return 1;
	k[0] = src->w64[0] & m[0];
	k[1] = src->w64[1] & m[1];
	b = bpf_map_lookup_elem(&srcrate, &key);
	if (!b) {
		/* first reply of a full bucket; losing a race with another CPU's insert costs at
		 * most that CPU's one reply */
		fresh.tat_ns = now + interval;
		bpf_map_update_elem(&srcrate, &key, &fresh, BPF_ANY);
		return 1;
	}
	tat = b->tat_ns;
	if (tat <= now) {
		b->tat_ns = now + interval;
		return 1;
	}
	if (tat - now > ifc->src_burst_ns)
		return 0;
	__sync_fetch_and_add(&b->tat_ns, interval);
	return 1;
}

#endif /* XDP6_RATELIMIT_BPF_H */
