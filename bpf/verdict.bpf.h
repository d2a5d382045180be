/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The two ways out of the XDP program: verdict() counts every return under one stats reason
 * (include/xdp6_maps.h), to_daemon() hands a frame to the daemon's AF_XDP socket on this RX
 * queue, or to the kernel when no socket is bound there. */
#ifndef XDP6_VERDICT_BPF_H
#define XDP6_VERDICT_BPF_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "xdp6_maps.h"
#include "maps.bpf.h"

/* Counts the frame (packets, and `len` bytes: the frame as it is now, the reply's length for
 * XDP_TX) under `reason` and returns `action`. For the fast paths, which know the length (the
 * parser's p->buff_len, or the length a handler gave its reply): one helper call less, and
 * calls are what the fast path spends most on (every return goes through a return thunk on
 * CPUs with SRSO/retbleed mitigations). */
static __always_inline int verdict_len(struct xdp_md *ctx, enum xdp6_reason reason, int action,
				       __u32 len)
{
	__u32 key = reason;
	struct xdp6_stat *st = bpf_map_lookup_elem(&stats, &key);

	if (st) {
		st->packets++;
		st->bytes += len;
	}
	return action;
}

/* The same, the length read from the frame. */
static __always_inline int verdict(struct xdp_md *ctx, enum xdp6_reason reason, int action)
{
	return verdict_len(ctx, reason, action, bpf_xdp_get_buff_len(ctx));
}

/* Redirect to the daemon, counted under `reason` (R_TO_DAEMON, or a more specific one such as
 * R_TARGET_NOT_ASSIGNED); XDP_PASS when no AF_XDP socket serves this queue: under R_TO_KERNEL in
 * mirror mode, where the kernel is meant to get it (no socket is ever opened), else under
 * R_NO_DAEMON. The iface lookup costs only on that path. */
static __always_inline int to_daemon_len(struct xdp_md *ctx, enum xdp6_reason reason, __u32 len)
{
	__u32 queue = ctx->rx_queue_index, zero = 0;
	const struct xdp6_iface *ifc;

	if (!bpf_map_lookup_elem(&xsks, &queue)) {
		ifc = bpf_map_lookup_elem(&iface, &zero);
		if (ifc && (ifc->flags & XDP6_IF_MIRROR))
			return verdict_len(ctx, R_TO_KERNEL, XDP_PASS, len);
		return verdict_len(ctx, R_NO_DAEMON, XDP_PASS, len);
	}
	return verdict_len(ctx, reason, bpf_redirect_map(&xsks, queue, XDP_PASS), len);
}

static __always_inline int to_daemon(struct xdp_md *ctx, enum xdp6_reason reason)
{
	return to_daemon_len(ctx, reason, bpf_xdp_get_buff_len(ctx));
}

#endif /* XDP6_VERDICT_BPF_H */
