/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* AF_XDP: one socket (and UMEM) per RX queue of an interface, registered in our own xsks map;
 * received frames go to host_input(), the host's frames leave through these sockets. */
#ifndef XDP6_IO_XSK_H
#define XDP6_IO_XSK_H

#include "daemon.h"

/* RX queues of ifname: ethtool channels, else /sys/class/net/<if>/queues/rx-*, else 1;
 * at most XDP6_MAX_QUEUES. */
unsigned xq_queue_count(const char *ifname);
/* Opens nq sockets (zero-copy if the driver can, copy otherwise) into ifc's xsks map and adds
 * them to epfd. Returns 0 or negative errno with nothing left open. */
int xq_open_all(struct xdp6d_iface *ifc, unsigned nq, int epfd);
void xq_close_all(struct xdp6d_iface *ifc);
/* The socket is readable: hand every received frame to the host. */
void xq_rx(struct xq *q);
/* struct xdp6_tx callback, ctx = the interface. */
void xq_tx(void *ctx, const uint8_t *frame, size_t len);
/* Kernel-side drops (XDP_STATISTICS) into ifc->io_dstats[D_RX_RING_FULL]. */
void xq_update_stats(struct xdp6d_iface *ifc);

#endif
