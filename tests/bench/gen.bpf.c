// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Bench traffic generator, run with BPF_PROG_RUN + BPF_F_TEST_XDP_LIVE_FRAMES on the peer veth:
 * writes the template frame (an RFC 4443 §4.1 Echo Request or an RFC 4861 §7.1.1 NS built by
 * scapy) over the live frame and returns XDP_TX, which the kernel turns into a transmit out of
 * the ingress device (the peer veth), i.e. into the DUT's receive queue. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define GEN_TMPL_MAX	256

/* Live-frame pages are recycled without their bytes being restored (the DUT rewrote them into
 * replies in place), so every run writes the whole template again. Set from userspace through
 * the skeleton's .bss before each run. */
__u8 tmpl[GEN_TMPL_MAX];
__u32 tmpl_len;
__u64 runs;		/* frames handed to XDP_TX, for cross-checking the driver's count */

SEC("xdp")
int bench_gen(struct xdp_md *ctx)
{
	__u32 len = tmpl_len;

	if (len == 0 || len > GEN_TMPL_MAX)
		return XDP_ABORTED;
	if (bpf_xdp_store_bytes(ctx, 0, tmpl, len))
		return XDP_ABORTED;
	runs++;
	return XDP_TX;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
