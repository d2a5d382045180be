/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The one module that writes the XDP program's maps (addrs, iface, tokens, groups, served,
 * pmtu) and the NIC's multicast filter (RFC 2464 §7 MACs); the host's struct host_ops
 * callbacks land here, and on restart the state a previous xdp6d left in them is taken over. */
#ifndef XDP6_IO_MAPS_H
#define XDP6_IO_MAPS_H

#include "daemon.h"

/* host_ops with ctx = ifc (tx is filled in by xsk.c). */
void maps_host_ops(struct xdp6d_iface *ifc, struct host_ops *ops);
/* Writes the iface map from host_iface_cfg(), refilling the token buckets when the rates
 * changed, and adds the all-nodes (and in router mode all-routers) MAC to the NIC filter. */
int maps_init(struct xdp6d_iface *ifc);
int maps_write_iface(struct xdp6d_iface *ifc);
/* Removes from the NIC filter every multicast MAC we added (with keep_state: every one but
 * those inherited from the previous xdp6d). */
void maps_fini(struct xdp6d_iface *ifc);

/* Restart, adopted maps (loader.c PINS_ADOPT): before host_new(), take the iface map as the
 * last value written and the previous xdp6d's NIC filter entries (derived from its groups and
 * iface maps) as ours, and empty the pmtu map (the new host has learned no path MTU yet);
 * after the addresses are adopted, drop the groups and MACs no one holds any more. */
int maps_adopt_begin(struct xdp6d_iface *ifc);
void maps_adopt_end(struct xdp6d_iface *ifc);
/* Stale pins (PINS_STALE): remove the NIC filter entries their xdp6d left, before unpinning. */
void maps_drop_stale(struct xdp6d_iface *ifc);

struct maps_addr {
	struct in6_addr addr;
	struct xdp6_addr_val v;
};
/* The entries of the pinned addrs / served maps, in a malloc'd array (*out, free it). */
size_t maps_pinned_addrs(struct xdp6d_iface *ifc, struct maps_addr **out);
size_t maps_pinned_served(struct xdp6d_iface *ifc, struct xdp6_served_key **out);

/* After the host ran (frame, timer, command): log what its callbacks queued, e.g.
 * "2001:db8::1 is a duplicate address (DAD: NS from another node); not serving it". */
void maps_flush_events(struct xdp6d_iface *ifc);
/* RFC 4861 §7.2.3 for the NSs XDP answered: the neigh map's records newer than the last import
 * go into the host's neighbor cache (host_neigh_learn). Runs at most once a second unless
 * forced (neigh show); returns the time of the next import. */
xdp6_ns maps_neigh_import(struct xdp6d_iface *ifc, xdp6_ns now, bool force);
/* Sums the per-CPU stats map into out[R__MAX]. */
int maps_read_stats(struct xdp6d_iface *ifc, struct xdp6_stat *out);

#endif
