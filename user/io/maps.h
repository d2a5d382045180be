/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The one module that writes the XDP program's maps (addrs, iface, tokens, groups, served,
 * pmtu) and the NIC's multicast filter: the host's struct host_ops callbacks land here and
 * are carried out as plain map writes and ioctls, nothing decided. It also reads what the maps
 * hold for the host: a restart's snapshot, the neighbors XDP learned, the stats. */
#ifndef XDP6_IO_MAPS_H
#define XDP6_IO_MAPS_H

#include "daemon.h"
#include "mirror.h"

/* host_ops with ctx = ifc (tx is filled in by xsk.c). */
void maps_host_ops(struct xdp6d_iface *ifc, struct host_ops *ops);

/* What the pinned maps of a previous xdp6d hold (ifc->fd_* from loader_pins_open(); a map
 * whose fd is not open is read as empty), for host_adopt() or host_start(). */
struct maps_snapshot {
	struct host_snapshot s;		/* points into the arrays below */
	struct host_snap_addr *addrs;
	struct in6_addr *groups, *pmtu;
	struct xdp6_served_key *served;
};
/* 0 or -ENOMEM (what was read is kept). Free with maps_snapshot_free(). */
int maps_snapshot(struct xdp6d_iface *ifc, struct maps_snapshot *out);
void maps_snapshot_free(struct maps_snapshot *snap);
/* Counts the keys of the addrs map per ownbits bit and writes every ownbits word as they say
 * (include/xdp6_maps.h): after loading (empty maps) or adopting (the pinned addrs), before
 * anything is published. 0 or negative errno. */
int maps_ownbits_rebuild(struct xdp6d_iface *ifc);

/* RFC 4861 §7.2.3 for the NSs XDP answered: the neigh map's records newer than the last import
 * go into the host's neighbor cache (host_neigh_learn). Runs at most once a second unless
 * forced (neigh show); returns the time of the next import. */
xdp6_ns maps_neigh_import(struct xdp6d_iface *ifc, xdp6_ns now, bool force);
/* Sums the per-CPU stats map into out[R__MAX]. */
int maps_read_stats(struct xdp6d_iface *ifc, struct xdp6_stat *out);

/* Mirror mode: mirror_ops with ctx = ifc (the addrs and iface writers of the host's). */
void maps_mirror_ops(struct xdp6d_iface *ifc, struct mirror_ops *ops);
/* Calls fn for each neigh map record newer than *seen (bpf_ktime_get_ns()), then advances
 * *seen to the newest. Bounded by XDP6_NEIGH_MAX. */
void maps_neigh_each_new(struct xdp6d_iface *ifc, uint64_t *seen,
			 void (*fn)(void *ctx, const struct in6_addr *a, const uint8_t *mac),
			 void *ctx);

#endif
