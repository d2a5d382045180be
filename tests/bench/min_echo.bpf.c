// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Bench reference DUTs. bench_min_echo is the minimal program: the least an XDP responder can do,
 * swap the Ethernet and IPv6 (RFC 8200 §3) source and destination and return XDP_TX, with no
 * lookup, no validation and no checksum work (the swap leaves the pseudo-header sum unchanged).
 * bench_pass sits on the DUT veth when the Linux kernel answers, so that path also starts in
 * veth's XDP. bench_drop drops everything: the DUT that isolates the generator's own rate. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "xdp6_wire.h"

SEC("xdp")
int bench_min_echo(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct eth6_hdr *eth = data;
	struct ip6_hdr *ip6 = data + ETH6_HLEN;
	__u8 mac[ETH6_ALEN], addr[16];

	if ((void *)(ip6 + 1) > data_end)
		return XDP_PASS;
	__builtin_memcpy(mac, eth->dst, ETH6_ALEN);
	__builtin_memcpy(eth->dst, eth->src, ETH6_ALEN);
	__builtin_memcpy(eth->src, mac, ETH6_ALEN);
	__builtin_memcpy(addr, ip6->daddr, 16);
	__builtin_memcpy(ip6->daddr, ip6->saddr, 16);
	__builtin_memcpy(ip6->saddr, addr, 16);
	return XDP_TX;
}

SEC("xdp")
int bench_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp")
int bench_drop(struct xdp_md *ctx)
{
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
