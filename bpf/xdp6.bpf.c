// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The XDP fast path of xdp6: answers Echo Requests (RFC 4443 §4.2) and Neighbor Solicitations
 * (RFC 4861 §7.1.1, §7.2.4; RFC 4862 §5.4.3) for the addresses in `addrs` and the groups we
 * listen to, drops what the RFCs call invalid and what Linux's ip6_rcv_core() refuses (RFC 4291
 * §2.5.3, §2.5.5.2, §2.7; RFC 6980; RFC 4861 §7.1.1; RFC 4443 §2.3), leaves frames for other
 * stations' MACs to the kernel, hands the rest of our ICMPv6 (and fragments, RFC 8200 §4.5) to
 * the daemon over AF_XDP and everything else to the kernel. Every return is counted under one
 * reason (verdict.bpf.h). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "xdp6_wire.h"
#include "xdp6_maps.h"
#include "maps.bpf.h"
#include "verdict.bpf.h"
#include "parse.bpf.h"
#include "addr.bpf.h"
#include "echo.bpf.h"
#include "ns.bpf.h"
#include "proxy.bpf.h"

/* RFC 4861 §4: the messages RFC 6980 §5 forbids in fragments. */
static __always_inline int icmp6_is_nd(__u8 type)
{
	return type >= ICMP6_TYPE_ROUTER_SOLICIT && type <= ICMP6_TYPE_REDIRECT;
}

/* Is (protocol, destination port) or (protocol, any port) in `served`? A port that cannot be
 * read counts as served: the kernel judges malformed transport headers. */
static __always_inline int upper_layer_served(struct xdp_md *ctx, const struct xdp6_pkt *p)
{
	struct xdp6_served_key key = { .proto = p->l4_proto };
	__be16 *ports;

	if (ip6_nh_has_ports(p->l4_proto)) {
		if (p->l4_len < 2 * sizeof(*ports))
			return 1;
		ports = pkt_ptr(ctx, p->l4_off, 2 * sizeof(*ports));
		if (!ports)
			return 1;
		key.port = bpf_ntohs(ports[1]);
		if (bpf_map_lookup_elem(&served, &key))
			return 1;
		key.port = 0;
	}
	return bpf_map_lookup_elem(&served, &key) != NULL;
}

/* Not ICMPv6: the kernel's, unless the daemon answers unserved ports of our assigned unicast
 * addresses (XDP6_IF_UNSERVED_REJECT). */
static __always_inline int handle_upper_layer(struct xdp_md *ctx, const struct xdp6_pkt *p,
					      const struct xdp6_iface *ifc)
{
	if (p->dst_kind == DST_UNICAST &&
	    (p->dst_state == XDP6_ADDR_PREFERRED || p->dst_state == XDP6_ADDR_DEPRECATED) &&
	    (ifc->flags & XDP6_IF_UNSERVED_REJECT) && !upper_layer_served(ctx, p)) {
		/* no ICMPv6 error goes to an IPv4-mapped source (see xdp6_main) */
		if (in6_is_v4mapped(&p->src))
			return verdict_len(ctx, R_V4MAPPED_SOURCE, XDP_DROP, p->buff_len);
		return to_daemon_len(ctx, R_TO_DAEMON, p->buff_len);
	}
	return verdict_len(ctx, R_PASS_NOT_ICMP6, XDP_PASS, p->buff_len);
}

/* Linux ip6_rcv_core() drops PACKET_OTHERHOST: a frame whose destination MAC is unicast and not
 * ours was meant for another station (we see it in promiscuous mode, on a bridge port, or behind
 * a switch flooding unknown unicast). 1 when the frame is for us: our MAC, or a group (multicast
 * or broadcast) MAC. Compared as 16-bit words (iface.mac sits at an even offset). */
static __always_inline int frame_for_us(struct xdp_md *ctx, const struct xdp6_iface *ifc)
{
	struct eth6_hdr *eth = pkt_ptr(ctx, 0, sizeof(*eth));
	const __u16 *d, *m;

	if (!eth)
		return 0;
	if (eth->dst[0] & ETH6_GROUP_BIT)
		return 1;
	d = (const __u16 *)(void *)eth->dst;
	m = (const __u16 *)(const void *)ifc->mac;
	return d[0] == m[0] && d[1] == m[1] && d[2] == m[2];
}

/* The frame's source MAC is a station's (see mac_is_station). */
static __always_inline int frame_src_is_station(struct xdp_md *ctx)
{
	struct eth6_hdr *eth = pkt_ptr(ctx, 0, sizeof(*eth));

	return eth && mac_is_station(eth->src);
}

SEC("xdp")
int xdp6_main(struct xdp_md *ctx)
{
	int dst_state;
	const struct xdp6_iface *ifc;
	struct xdp6_pkt p = {};
	__u32 zero = 0;
	__u8 *type;
	int rc;

	/* Parse Ethernet, VLAN tag, IPv6 header. */
	rc = xdp6_parse_l3(ctx, &p);
	if (rc == PARSE_NOT_IPV6)
		return verdict(ctx, R_PASS_NOT_IPV6, XDP_PASS);
	if (rc != PARSE_OK)
		return verdict(ctx, R_TRUNCATED, XDP_DROP);

	/* What Linux's ip6_rcv_core() refuses from a NIC, in its order (RFC 4291). Off the common
	 * path: one byte test per address, a second only for the rare ::/64 sources. */
	/* RFC 4291 §2.7: multicast addresses must not be used as source addresses. */
	if (p.src.b[0] == 0xff)
		return verdict(ctx, R_MCAST_SOURCE, XDP_DROP);
	/* RFC 4291 §2.5.3: the loopback address is never sent outside a node (source here,
	 * destination below) */
	if (in6_is_loopback(&p.src))
		return verdict(ctx, R_LOOPBACK_ADDR, XDP_DROP);

	/* Ours? An owned unicast address in any state, ff02::1, ff02::2 or a joined group. */
	if (p.dst.b[0] == 0xff) {
		/* RFC 4291 §2.7: scope 0 is reserved, such packets are silently dropped; Errata
		 * 3480: interface-local scope from another node is discarded */
		if (IP6_MC_SCOPE(p.dst.b) <= IP6_MC_SCOPE_IFACE_LOCAL)
			return verdict(ctx, R_MCAST_DST_SCOPE, XDP_DROP);
		if (in6_is_all_nodes(&p.dst))
			p.dst_kind = DST_ALL_NODES;
		else if (in6_is_all_routers(&p.dst))
			p.dst_kind = DST_ALL_ROUTERS;
		else if (ns_to_own_solnode(ctx, &p) ||	/* ns.bpf.h: no groups lookup */
			 bpf_map_lookup_elem(&groups, &p.dst))
			p.dst_kind = DST_GROUP;
		else if (ns_for_proxied(ctx, &p))	/* proxy.bpf.h: NS, target proxied */
			p.dst_kind = DST_PROXY;
		else
			return verdict_len(ctx, R_PASS_NOT_OURS, XDP_PASS, p.buff_len);
	} else {
		dst_state = addr_state(&p.dst);		/* addr.bpf.h */
		if (dst_state != XDP6_ADDR_NONE) {
			p.dst_kind = DST_UNICAST;
			p.dst_state = dst_state;
		} else if (in6_is_loopback(&p.dst)) {
			return verdict(ctx, R_LOOPBACK_ADDR, XDP_DROP);
		} else if (ns_for_proxied(ctx, &p)) {	/* a unicast NS (NUD) for a proxied target */
			p.dst_kind = DST_PROXY;
		} else {
			return verdict_len(ctx, R_PASS_NOT_OURS, XDP_PASS, p.buff_len);
		}
	}

	/* Ours by its IPv6 destination; by its MAC too? (Linux: PACKET_OTHERHOST) */
	ifc = bpf_map_lookup_elem(&iface, &zero);
	if (!ifc)
		return verdict(ctx, R_NO_DAEMON, XDP_PASS);
	if (!frame_for_us(ctx, ifc))
		return verdict_len(ctx, R_PASS_OTHER_HOST, XDP_PASS, p.buff_len);
	/* RFC 4291 §2.8: only routers listen to ff02::2 (the daemon's host agrees) */
	if (p.dst_kind == DST_ALL_ROUTERS && !(ifc->flags & XDP6_IF_ROUTER))
		return verdict_len(ctx, R_PASS_NOT_OURS, XDP_PASS, p.buff_len);

	/* Extension headers. Most packets have none: test the Next Header here rather than pay
	 * for the call (each call and return is costly on CPUs with return-thunk mitigations). */
	if (ip6_nh_is_ext(p.l4_proto)) {
		rc = xdp6_parse_ext(ctx, &p);
		if (rc == PARSE_TRUNCATED)
			return verdict(ctx, R_TRUNCATED, XDP_DROP);
		/* A longer chain: what ends it decides. ICMPv6, fragments, a chain beyond
		 * XDP6_MAX_EXTHDRS_CHAIN or a malformed one are the daemon's (it walks any chain);
		 * another upper layer is handled as behind a short chain, below. */
		if (rc == PARSE_EXTHDR_LIMIT &&
		    (xdp6_parse_ext_chain(ctx, &p) != PARSE_OK || p.l4_proto == IP6_NH_ICMPV6))
			return to_daemon(ctx, R_EXTHDR_LIMIT);
	}

	if (p.l4_off > XDP6_PKT_OFF_MAX)
		return verdict(ctx, R_TRUNCATED, XDP_DROP);

	/* RFC 4291 §2.5.5.2: an IPv4-mapped address stands for an IPv4 node and has no place on
	 * an IPv6 link; nothing we answer (here or in the daemon) goes to one. What is passed to
	 * the kernel stays the kernel's to judge (Linux >= 5.12 refuses it in TCP only). */
	if (in6_is_v4mapped(&p.src) && (p.frag || p.l4_proto == IP6_NH_ICMPV6))
		return verdict_len(ctx, R_V4MAPPED_SOURCE, XDP_DROP, p.buff_len);
	/* IEEE 802: a source MAC is a station's, never a group address or all zeros; our replies
	 * go back to it (to every station, were it broadcast). Same scope as above. */
	if ((p.frag || p.l4_proto == IP6_NH_ICMPV6) && !frame_src_is_station(ctx))
		return verdict_len(ctx, R_BAD_SRC_MAC, XDP_DROP, p.buff_len);

	/* RFC 8200 §4.5: reassembly is the daemon's; RFC 6980 §5: ND messages in fragments are
	 * dropped (seen in a first fragment only). */
	if (p.frag) {
		type = pkt_ptr(ctx, p.l4_off, 1);
		if (p.frag_first && p.l4_proto == IP6_NH_ICMPV6 && p.l4_len > 0 && type &&
		    icmp6_is_nd(*type))
			return verdict(ctx, R_ND_FRAGMENT, XDP_DROP);
		return to_daemon(ctx, R_TO_DAEMON);
	}
	if (p.l4_proto != IP6_NH_ICMPV6)
		return handle_upper_layer(ctx, &p, ifc);
	if (p.unusual)
		return to_daemon(ctx, R_TO_DAEMON);
	if (p.l4_len < ICMP6_HLEN)
		return verdict(ctx, R_BAD_LENGTH, XDP_DROP);
	type = pkt_ptr(ctx, p.l4_off, ICMP6_HLEN);
	if (!type)
		return verdict(ctx, R_TRUNCATED, XDP_DROP);

	/* One handler per message answered here; the rest of our ICMPv6 is the daemon's. */
	switch (*type) {
	case ICMP6_TYPE_ECHO_REQUEST:
		/* RFC 4443 §4.2: every group we listen to (ff02::2 as a router, above) */
		return xdp6_echo(ctx, &p, ifc);
	case ICMP6_TYPE_NEIGHBOR_SOLICIT:
		return xdp6_ns(ctx, &p, ifc);
	}
	return to_daemon_len(ctx, R_TO_DAEMON, p.buff_len);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
