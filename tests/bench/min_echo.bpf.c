// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Bench reference DUTs. bench_min_echo is the minimal program: the least an XDP responder can do,
 * swap the Ethernet and IPv6 (RFC 8200 §3) source and destination and return XDP_TX, with no
 * lookup, no validation and no checksum work (the swap leaves the pseudo-header sum unchanged).
 * bench_pass sits on the DUT veth when the Linux kernel answers, so that path also starts in
 * veth's XDP. bench_drop drops everything: the DUT that isolates the generator's own rate. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "xdp6_wire.h"
#include "xdp6_maps.h"

/* bench_floor's owned addresses: the type of xdp6's addrs map (include/xdp6_maps.h) */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct xdp6_addr_key);
	__type(value, struct xdp6_addr_val);
} floor_addrs SEC(".maps");

__u64 floor_hits;	/* frames whose destination floor_addrs holds: the lookup really ran */

/* The minimal program's whole work: MACs and IPv6 addresses swapped. */
static __always_inline void swap(struct eth6_hdr *eth, struct ip6_hdr *ip6)
{
	__u8 mac[ETH6_ALEN], addr[16];

	__builtin_memcpy(mac, eth->dst, ETH6_ALEN);
	__builtin_memcpy(eth->dst, eth->src, ETH6_ALEN);
	__builtin_memcpy(eth->src, mac, ETH6_ALEN);
	__builtin_memcpy(addr, ip6->daddr, 16);
	__builtin_memcpy(ip6->daddr, ip6->saddr, 16);
	__builtin_memcpy(ip6->saddr, addr, 16);
}

SEC("xdp")
int bench_min_echo(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct eth6_hdr *eth = data;
	struct ip6_hdr *ip6 = data + ETH6_HLEN;

	if ((void *)(ip6 + 1) > data_end)
		return XDP_PASS;
	swap(eth, ip6);
	return XDP_TX;
}

/* The floor: the minimal program plus the two helper calls every responder that is right on
 * this rig pays per frame, whatever else it checks: the frame's length (bpf_xdp_get_buff_len:
 * a multi-buffer frame's first buffer is not all of it) and one hash lookup of the address it
 * answers for (the IPv6 destination; an NS's solicited-node destination misses, at the same
 * cost). Its rate against the minimal program's is the most any correct xdp6 could reach here:
 * on a guest where a call costs tens of ns (return thunks), that ceiling can sit below a goal. */
SEC("xdp")
int bench_floor(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct eth6_hdr *eth = data;
	struct ip6_hdr *ip6 = data + ETH6_HLEN;
	struct xdp6_addr_key key;

	if ((void *)(ip6 + 1) > data_end)
		return XDP_PASS;
	if (bpf_xdp_get_buff_len(ctx) < ETH6_HLEN + IP6_HLEN)
		return XDP_PASS;
	__builtin_memcpy(key.addr, ip6->daddr, 16);
	if (bpf_map_lookup_elem(&floor_addrs, &key))
		__sync_fetch_and_add(&floor_hits, 1);
	swap(eth, ip6);
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
