/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The daemon's interface table: looking interfaces up by name, bringing each up in the
 * DESIGN.md order (skeleton → libxdp attach → pins → AF_XDP → host) or, after a killed xdp6d,
 * adopting its program and pinned maps, and taking each down in reverse. */
#ifndef XDP6_IO_IFACE_H
#define XDP6_IO_IFACE_H

#include "daemon.h"

/* The interface named ifname among d->ifs, or NULL. */
struct xdp6d_iface *xdp6d_iface_find(struct xdp6d *d, const char *ifname);
/* Fills ifc's name, ifindex, Ethernet MAC and MTU from the kernel. 0, or -EINVAL after one
 * line on stderr (no such interface, not Ethernet). */
int iface_lookup(struct xdp6d_iface *ifc, const char *name);
/* Brings ifc up with d's options; on failure takes it down again (an adopted program stays
 * attached with its maps, answering as found). 0 or negative errno, said in the log. */
int iface_up(struct xdp6d *d, struct xdp6d_iface *ifc, uint64_t seed);
/* Takes ifc down: MLD leave reports and NIC filter entries removed, AF_XDP sockets closed,
 * maps unpinned, program detached. leave: an adopted interface is left as found (program
 * attached, maps pinned) for the next xdp6d. */
void iface_down(struct xdp6d_iface *ifc, bool leave);

#endif
