// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Bench reply counter, the peer veth's XDP program: counts ICMPv6 frames (RFC 4443 §2.1) by
 * type, and drops the ones addressed to the generator's source address (the replies under
 * test) so the peer kernel does not spend its CPU on them. Everything else is passed, so the
 * peer stays a normal Linux host (ping, ND, MLD). Being the peer's XDP program is also what makes
 * veth accept the DUT's XDP_TX frames. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "xdp6_wire.h"

/* Set before load: the generator's IPv6 source address; replies come back to it. */
const volatile __u8 gen_addr[16];

/* Per CPU; index = ICMPv6 type for frames to gen_addr, ICMP_TYPES + type for the rest. */
#define ICMP_TYPES	256
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2 * ICMP_TYPES);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

static __always_inline int addr_eq(const __u8 *a, const volatile __u8 *b)
{
	const __u64 *x = (const __u64 *)a;
	const volatile __u64 *y = (const volatile __u64 *)b;

	return x[0] == y[0] && x[1] == y[1];
}

SEC("xdp")
int bench_count(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct eth6_hdr *eth = data;
	struct ip6_hdr *ip6 = data + ETH6_HLEN;
	struct icmp6_hdr *icmp = data + ETH6_HLEN + IP6_HLEN;
	__u32 idx;
	__u64 *c;

	if ((void *)(icmp + 1) > data_end)
		return XDP_PASS;
	if (eth->proto != __builtin_bswap16(ETH6_P_IPV6) || ip6->nexthdr != IP6_NH_ICMPV6)
		return XDP_PASS;	/* MLD (behind a Hop-by-Hop header) is seen by tcpdump */
	idx = icmp->type;
	if (!addr_eq(ip6->daddr, gen_addr))
		idx += ICMP_TYPES;
	c = bpf_map_lookup_elem(&counts, &idx);
	if (c)
		(*c)++;
	return idx < ICMP_TYPES ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
