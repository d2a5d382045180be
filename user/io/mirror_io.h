/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Mirror mode's adapter (xdp6d --mirror): per interface, the rtnetlink sockets that follow the
 * kernel's addresses and link (io/rtnl.c), the periodic re-read of the kernel's settings that
 * have no event, and the export of what XDP learned into the kernel's neighbor table; the
 * decisions are user/proto/mirror.c's, the map writes maps.c's. */
#ifndef XDP6_IO_MIRROR_IO_H
#define XDP6_IO_MIRROR_IO_H

#include "daemon.h"
#include "maps.h"

#define MIRROR_SYSCTL_PERIOD	XDP6_NS_PER_SEC	/* settings without an event: re-read */
#define MIRROR_NEIGH_PERIOD	(XDP6_NS_PER_SEC / 4)	/* neigh map -> kernel table */

/* Brings mirror mode up on ifc, whose program is loaded or adopted (prev: what the pinned maps
 * held when adopted, else NULL): the settings read, the kernel's addresses dumped into the
 * addrs map (reconciled against prev), the event socket in d's epoll. 0 or negative errno,
 * said in the log. */
int mirror_io_up(struct xdp6d *d, struct xdp6d_iface *ifc, const struct maps_snapshot *prev);
void mirror_io_down(struct xdp6d_iface *ifc);
/* EV_RTNL: the event socket is readable. */
void mirror_io_event(struct mirror_io *mi);
/* Due periodic work (settings re-read, neighbor export); returns the next deadline. */
xdp6_ns mirror_io_tick(struct xdp6d_iface *ifc, xdp6_ns now);
/* For xdp6ctl: the addresses as host_addr_info (state -1 ones left out); returns how many
 * there are. */
size_t mirror_io_addrs(const struct xdp6d_iface *ifc, struct host_addr_info *out, size_t max);

#endif /* XDP6_IO_MIRROR_IO_H */
