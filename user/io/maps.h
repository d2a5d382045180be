/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The one module that writes the XDP program's maps (addrs, iface, tokens, groups, served) and the
 * NIC's multicast filter; the host's struct host_ops callbacks land here. */
#ifndef XDP6_IO_MAPS_H
#define XDP6_IO_MAPS_H

#include "daemon.h"

/* host_ops with ctx = ifc (tx is filled in by xsk.c). */
void maps_host_ops(struct xdp6d_iface *ifc, struct host_ops *ops);
/* Writes the iface map from host_iface_cfg(), refilling the token buckets when the rates
 * changed, and adds the all-nodes (and in router mode all-routers) MAC to the NIC filter. */
int maps_init(struct xdp6d_iface *ifc);
int maps_write_iface(struct xdp6d_iface *ifc);
/* Removes from the NIC filter every multicast MAC we added. */
void maps_fini(struct xdp6d_iface *ifc);
/* Sums the per-CPU stats map into out[R__MAX]. */
int maps_read_stats(struct xdp6d_iface *ifc, struct xdp6_stat *out);

#endif
