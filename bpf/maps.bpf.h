/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Map definitions of the XDP fast path, BTF-typed with the layouts of include/xdp6_maps.h so the
 * daemon can pin them and bpftool can print named fields. No pinning attribute here: the daemon
 * pins them itself under XDP6_PIN_ROOT/<ifname>/ (and resizes addrs before load). */
#ifndef XDP6_MAPS_BPF_H
#define XDP6_MAPS_BPF_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "xdp6_maps.h"

#define XDP6_MAX_GROUPS		XDP6_DEFAULT_MAX_ADDRS	/* solicited-node of each address + MLD */
#define XDP6_MAX_SERVED		1024			/* (protocol, port) pairs */

/* Owned unicast addresses and their RFC 4862 state. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XDP6_DEFAULT_MAX_ADDRS);
	__type(key, struct xdp6_addr_key);
	__type(value, struct xdp6_addr_val);
} addrs SEC(".maps");

/* Interface configuration written by the daemon: MAC, flags, link-local, rates. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xdp6_iface);
} iface SEC(".maps");

/* Token buckets (enum xdp6_bucket_id), refilled by the program under their spin lock. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XDP6_BUCKET_MAX);
	__type(key, __u32);
	__type(value, struct xdp6_bucket);
} tokens SEC(".maps");

/* Multicast groups we listen to besides ff02::1 and ff02::2 (value: refcount). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XDP6_MAX_GROUPS);
	__type(key, struct xdp6_addr_key);
	__type(value, __u32);
} groups SEC(".maps");

/* Upper-layer (protocol, port) pairs someone serves; consulted with XDP6_IF_UNSERVED_REJECT. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XDP6_MAX_SERVED);
	__type(key, struct xdp6_served_key);
	__type(value, __u32);
} served SEC(".maps");

/* Path MTUs below the link MTU, learned by the daemon (RFC 8201); see include/xdp6_maps.h. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XDP6_PMTU_MAX);
	__type(key, struct xdp6_addr_key);
	__type(value, struct xdp6_pmtu);
} pmtu SEC(".maps");

/* One packets/bytes counter per enum xdp6_reason, per CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, R__MAX);
	__type(key, __u32);
	__type(value, struct xdp6_stat);
} stats SEC(".maps");

/* The daemon's AF_XDP sockets, one per RX queue. */
struct {
	__uint(type, BPF_MAP_TYPE_XSKMAP);
	__uint(max_entries, XDP6_MAX_QUEUES);
	__type(key, __u32);
	__type(value, __u32);
} xsks SEC(".maps");

#endif /* XDP6_MAPS_BPF_H */
