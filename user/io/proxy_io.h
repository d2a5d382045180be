/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The NDP proxy's adapter (owner mode), per interface: follows the kernel's IPv6 routes over
 * rtnetlink for --auto prefixes (dump, then RTM_NEWROUTE / RTM_DELROUTE into host_proxy_route();
 * the decisions are user/proto/proxy.c's), keeps the pinned record of the configured prefixes
 * (proxy_conf, beside the maps XDP reads) and, on restart, adopts them with the pinned trie. */
#ifndef XDP6_IO_PROXY_IO_H
#define XDP6_IO_PROXY_IO_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>

#include "daemon.h"

struct proxy_io;

/* Brings the adapter up on ifc, whose host exists. adopt: the program and maps were adopted:
 * the prefixes of the record (or, when a previous xdp6d left none, the trie's keys as static
 * prefixes) are added again, the routes dumped and the trie reconciled. 0 or -errno. */
int proxy_io_up(struct xdp6d *d, struct xdp6d_iface *ifc, bool adopt);
/* leave: the pins stay for the next xdp6d (iface_down()); else the allmulticast flag is
 * cleared if xdp6d set it. */
void proxy_io_down(struct xdp6d_iface *ifc, bool leave);
/* EV_PROXY_RTNL: the route event socket is readable. */
void proxy_io_event(struct proxy_io *pi);
/* host_ops.proxy_configured (maps.c): record the change; a new --auto prefix dumps the routes;
 * allmulticast on while a prefix is configured, off after the last if xdp6d set it. */
void proxy_io_configured(struct xdp6d_iface *ifc, const struct in6_addr *prefix, uint8_t plen,
			 uint8_t mode, bool add);

/* proxy show: the interface's IFF_ALLMULTI (*on) and whether xdp6d set it (*ours). 0 or
 * -errno (then *on is not set). */
int proxy_io_allmulti(struct xdp6d_iface *ifc, bool *on, bool *ours);

#endif /* XDP6_IO_PROXY_IO_H */
