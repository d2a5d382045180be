// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Micro-bench harness for BPF_PROG_TEST_RUN with repeat > 1, where the kernel hands the same,
 * already modified frame to every run: bench_wrap restores the template frame (length and bytes)
 * and then tail-calls the program under test in slot 0 of `target`, so each run takes the
 * intended path. The cost of the restore and the tail call is measured by putting bench_empty
 * in the slot and subtracted by the driver. For the lookup-cost runs the wrapper also walks the
 * destination address over rot_n consecutive addresses, fixing the ICMPv6 checksum with the
 * RFC 1624 update, so a big addrs map is read at a different key every run; or the source's
 * second word, so every run comes from a new /64 (per-source fairness: an srcrate miss and an
 * LRU insert per run). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "xdp6_wire.h"
#include "xdp6_csum.h"

#define WRAP_TMPL_MAX	256
#define WRAP_DST_LO_OFF	(ETH6_HLEN + 8 + 16 + 12)	/* last 4 bytes of the IPv6 destination */
#define WRAP_SRC_NET_OFF (ETH6_HLEN + 8 + 4)	/* bytes 4-7 of the source: its /64 changes */
#define WRAP_CSUM_OFF	(ETH6_HLEN + IP6_HLEN + 2)	/* ICMPv6 checksum */

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} target SEC(".maps");

__u8 tmpl[WRAP_TMPL_MAX];
__u32 tmpl_len;
__u32 rot_n;		/* 0 or 1: fixed destination */
__u32 rot_i;
__u32 dst_lo;		/* host order: the template's rotated word (destination or source) */
__u32 rot_src;		/* 1: rotate the source's bytes 4-7 (a new /64 every run) instead */
__u64 missed;		/* tail call failed, or the frame could not be restored */

SEC("xdp")
int bench_wrap(struct xdp_md *ctx)
{
	__u32 len = tmpl_len, cur, lo;
	__u16 csum;
	__be32 nlo;

	if (len < WRAP_CSUM_OFF + 2 || len > WRAP_TMPL_MAX)
		goto fail;
	cur = ctx->data_end - ctx->data;
	if (cur != len && bpf_xdp_adjust_tail(ctx, (int)len - (int)cur))
		goto fail;
	if (bpf_xdp_store_bytes(ctx, 0, tmpl, len))
		goto fail;
	if (rot_n > 1) {
		if (++rot_i >= rot_n)
			rot_i = 0;
		lo = dst_lo + rot_i;
		nlo = __builtin_bswap32(lo);
		csum = (tmpl[WRAP_CSUM_OFF] << 8) | tmpl[WRAP_CSUM_OFF + 1];
		csum = csum_replace32(csum, dst_lo, lo);
		csum = __builtin_bswap16(csum);
		if (bpf_xdp_store_bytes(ctx, rot_src ? WRAP_SRC_NET_OFF : WRAP_DST_LO_OFF, &nlo,
					sizeof(nlo)) ||
		    bpf_xdp_store_bytes(ctx, WRAP_CSUM_OFF, &csum, sizeof(csum)))
			goto fail;
	}
	bpf_tail_call(ctx, &target, 0);
fail:
	missed++;
	return XDP_ABORTED;
}

SEC("xdp")
int bench_empty(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
