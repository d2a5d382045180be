/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* AF_XDP: one socket (and UMEM) per RX queue of an interface, registered in our own xsks map;
 * received frames go to host_input(), the host's frames leave through these sockets. */
#ifndef XDP6_IO_XSK_H
#define XDP6_IO_XSK_H

#include "daemon.h"

/* The UMEM of one socket: frames [0, XQ_RX_FRAMES) are lent to the kernel for receiving, the
 * rest are ours for sending. */
#define XQ_FRAME_SIZE	2048u		/* smallest AF_XDP frame; fits a 1500 MTU */
#define XQ_RX_FRAMES	1024u		/* lent to the kernel via the fill ring */
#define XQ_TX_FRAMES	1024u
#define XQ_FRAMES	(XQ_RX_FRAMES + XQ_TX_FRAMES)
#define XQ_RING_SIZE	1024u		/* rx, tx, completion */
/* The fill ring is twice the RX frames: the kernel publishes its fill-ring consumer index
 * lazily (net/xdp/xsk.c xsk_flush() publishes the rx ring first, then the fill ring's
 * consumer), so frames we have already read from rx can still look like occupied fill slots.
 * Those are at most XQ_RX_FRAMES (distinct frames taken since the last publication), and the
 * frames really in the fill ring plus the ones we give back are at most XQ_RX_FRAMES: with
 * 2 x XQ_RX_FRAMES slots what we give back always fits. With exactly XQ_RX_FRAMES slots, a
 * read of rx between those two kernel stores found no room, and frames were lost (2-4 per RA
 * flood) until xq_rx kept them (fill_stash) instead. */
#define XQ_FILL_SIZE	(2u * XQ_RX_FRAMES)

/* RX queues of ifname: ethtool channels, else /sys/class/net/<if>/queues/rx-*, else 1;
 * at most XDP6_MAX_QUEUES. */
unsigned xq_queue_count(const char *ifname);
/* Opens nq sockets (zero-copy if the driver can, copy otherwise) into ifc's xsks map and adds
 * them to epfd; finds which may send (copy mode: only below the device's TX queue count).
 * Returns 0 or negative errno with nothing left open. */
int xq_open_all(struct xdp6d_iface *ifc, unsigned nq, int epfd);
/* Once a second (returns when to call next): sockets on RX queues the device gained, sockets
 * that became able or unable to send. */
xdp6_ns xq_watch(struct xdp6d_iface *ifc, int epfd, xdp6_ns now);
void xq_close_all(struct xdp6d_iface *ifc);
/* Can a copy-mode socket on queue of ifname send (xq_tx_probe, on a socket of its own that is
 * closed again)? 1 yes, 0 no, negative errno when it could not be told (-EAGAIN: the device is
 * down; -EBUSY: another socket holds the queue). */
int xq_queue_can_send(const char *ifname, unsigned queue);
/* The socket is readable: hand every received frame to the host. */
void xq_rx(struct xq *q);
/* struct xdp6_tx callback, ctx = the interface. */
void xq_tx(void *ctx, const uint8_t *frame, size_t len);
/* Kernel-side drops (XDP_STATISTICS) into ifc->io_dstats[D_RX_RING_FULL]. */
void xq_update_stats(struct xdp6d_iface *ifc);
/* Gives RX frames that found the fill ring full back to it; true while some still wait (the
 * loop then calls again within a millisecond). */
bool xq_refill_all(struct xdp6d *d);

/* Where the UMEM frames of one socket are (xdp6ctl status): fill and rx from the ring indices
 * the kernel shares, kernel = lent to the kernel but in neither ring (being received, or in the
 * driver), held = read from rx, not yet back in the fill ring. ok: every frame is in exactly
 * one of these places (fill + rx + kernel + held + tx_free + tx_inflight == total). */
struct xq_frames {
	unsigned total, fill, rx, held, tx_free, tx_inflight;
	uint64_t kernel, fill_deferred, bad_desc;
	bool ok;
};
void xq_frames(const struct xq *q, struct xq_frames *f);

#endif
