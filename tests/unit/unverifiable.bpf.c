// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* A program the verifier must refuse, for test_loader_log: a few hundred instructions (a
 * verifier log of several kilobytes, as a real refusal of xdp6_main prints) and then a packet
 * read without a bounds check ("invalid access to packet"). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define STEPS	300

SEC("xdp")
int unverifiable(struct xdp_md *ctx)
{
	__u32 sum = 0;
	int i;

#pragma unroll
	for (i = 0; i < STEPS; i++) {
		sum += i;
		asm volatile("" : "+r"(sum));	/* one instruction per step, kept */
	}
	/* the bug on purpose: no check of data + 4 against data_end */
	return sum + *(__u32 *)(long)ctx->data;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
