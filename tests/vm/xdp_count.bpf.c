// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The third XDP program of the composition test (tests/vm/compose.sh), loaded with xdp-loader
 * beside xdp6 and xdp-filter: counts every frame it sees and passes it on, so its counter shows
 * it runs in the libxdp dispatcher's chain. The map is pinned by name (xdp-loader -p DIR). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} x6_count SEC(".maps");

SEC("xdp")
int xdp_count(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *n = bpf_map_lookup_elem(&x6_count, &key);

	if (n)
		__sync_fetch_and_add(n, 1);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
