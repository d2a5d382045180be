/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* `xdp6ctl dump`: the frames the daemon receives through AF_XDP and sends, streamed to control
 * connections that asked (io/capture.c). The wire format is in io/ctl_proto.h (CTL_PKT). */
#ifndef XDP6_IO_CAPTURE_H
#define XDP6_IO_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>

#include "daemon.h"

struct sbuf;

/* Number of capturing connections: the only cost on the frame path when nobody captures. */
extern unsigned capture_active;

/* `dump [dev IFACE] [snaplen N]` on connection c: 0 and c streams frames from now on, or a
 * CTL_EXIT status after a message in err. */
int capture_start(struct xdp6d *d, struct ctl_conn *c, int argc, char **argv,
		  struct sbuf *err);
void capture_stop(struct ctl_conn *c);
/* Frames this capture could not send (its reader was behind). */
unsigned capture_drops(const struct ctl_conn *c);
/* A frame received (tx false) or sent on ifc: to every capture of ifc, never blocking; a
 * capture whose reader is behind loses the frame and counts it. */
void capture_frame_slow(const struct xdp6d_iface *ifc, bool tx, const void *frame,
			size_t len);
static inline void capture_frame(const struct xdp6d_iface *ifc, bool tx, const void *frame,
				 size_t len)
{
	if (capture_active)
		capture_frame_slow(ifc, tx, frame, len);
}

#endif
