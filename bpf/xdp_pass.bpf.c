// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* XDP_PASS for the peer end of a test veth: veth delivers XDP_TX frames of its peer only when
 * this end runs an XDP program too (native veth XDP, see DESIGN.md "Test rig"). No RFC. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
