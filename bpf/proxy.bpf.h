/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Prefix-wide ownership, an NDP proxy in the driver (RFC 4861 §7.2.8, RFC 4389): the `proxy`
 * LPM trie holds prefixes whose targets we answer NS for with our MAC, on behalf of the hosts
 * behind us. Looked up only when the exact lookups miss (addrs for the destination, groups for
 * a solicited-node destination, addrs for the target) and the packet is an NS. */
#ifndef XDP6_PROXY_BPF_H
#define XDP6_PROXY_BPF_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "xdp6_wire.h"
#include "xdp6_maps.h"
#include "maps.bpf.h"
#include "parse.bpf.h"

/* 1 when `target` is inside a proxied prefix answered by XDP. The daemon writes every key as
 * static: for `proxy add --auto` it writes only the parts of the prefix routed through another
 * interface (user/proto/proxy.c), so XDP answers exactly what the trie holds. */
static __always_inline int proxy_has(const union xdp6_in6 *target)
{
	struct xdp6_proxy_key k = { .prefixlen = 128 };
	const struct xdp6_proxy_val *v;

	__builtin_memcpy(k.addr, target->b, sizeof(k.addr));
	v = bpf_map_lookup_elem(&proxy, &k);
	return v && v->mode == XDP6_PROXY_STATIC;
}

/* For a packet whose destination is not ours: 1 when it is an NS (ICMPv6 right after the IPv6
 * header: an NS behind extension headers is left to the kernel, like every other packet not for
 * us) whose target is in a proxied prefix. Reads the frame only; one LPM lookup. */
static __always_inline int ns_for_proxied(struct xdp_md *ctx, const struct xdp6_pkt *p)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	union xdp6_in6 target;
	struct nd6_ns *ns;
	__u32 l4_off = p->l4_off;

	if (p->l4_proto != IP6_NH_ICMPV6 || l4_off > ETH6_HLEN + ETH6_VLAN_HLEN + IP6_HLEN)
		return 0;
	ns = data + l4_off;
	if ((void *)(ns + 1) > end || ns->type != ICMP6_TYPE_NEIGHBOR_SOLICIT)
		return 0;
	in6_from_pkt(&target, ns->target);
	return proxy_has(&target);
}

#endif /* XDP6_PROXY_BPF_H */
