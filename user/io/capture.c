// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* `xdp6ctl dump`: the frames the daemon receives through AF_XDP and those it sends, streamed
 * to the control connections that asked, one CTL_PKT message a frame (io/ctl_proto.h). Nothing
 * is copied when nobody captures (one counter test on the frame path); XDP's own answers never
 * reach the daemon, so the fast path is not touched at all. Bounded: the connection's socket
 * buffer is the only queue; a frame that does not fit is dropped and counted, the daemon never
 * blocks or buffers for a slow reader. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>

#include "capture.h"
#include "ctl_proto.h"
#include "json.h"
#include "log.h"
#include "parse.h"

#define CAPTURE_SNDBUF	(1 << 20)	/* bytes queued for one reader at most */

struct capture {
	const struct xdp6d_iface *ifc;	/* NULL: every interface */
	uint32_t snaplen;
	uint32_t drops;
};

unsigned capture_active;
static struct xdp6d *cap_d;		/* whose connections capture_frame_slow() looks at */

int capture_start(struct xdp6d *d, struct ctl_conn *c, int argc, char **argv,
		  struct sbuf *err)
{
	struct xdp6d_iface *ifc = NULL;
	uint32_t snap = CTL_SNAPLEN_MAX;
	int i, sz = CAPTURE_SNDBUF;
	unsigned k;

	for (i = 1; i < argc; i += 2) {
		if (i + 1 >= argc) {
			sbuf_printf(err, "xdp6ctl: '%s' needs a value (see xdp6ctl --help)\n",
				    argv[i]);
			return CTL_EXIT_USAGE;
		}
		if (!strcmp(argv[i], "dev")) {
			for (k = 0, ifc = NULL; k < d->nifs && !ifc; k++)
				if (!strcmp(d->ifs[k].ifname, argv[i + 1]))
					ifc = &d->ifs[k];
			if (!ifc) {
				sbuf_printf(err, "xdp6d: not serving interface '%s'\n",
					    argv[i + 1]);
				return CTL_EXIT_FAIL;
			}
		} else if (!strcmp(argv[i], "snaplen")) {
			if (parse_u32(argv[i + 1], 1, 262144, &snap)) {
				sbuf_printf(err, "xdp6ctl: invalid snaplen '%s' (1-262144)\n",
					    argv[i + 1]);
				return CTL_EXIT_USAGE;
			}
		} else {
			sbuf_printf(err, "xdp6ctl: unexpected argument '%s' (see xdp6ctl --help)\n",
				    argv[i]);
			return CTL_EXIT_USAGE;
		}
	}
	c->cap = calloc(1, sizeof(*c->cap));
	if (!c->cap) {
		sbuf_printf(err, "xdp6d: out of memory\n");
		return CTL_EXIT_FAIL;
	}
	c->cap->ifc = ifc;
	c->cap->snaplen = snap < CTL_SNAPLEN_MAX ? snap : CTL_SNAPLEN_MAX;
	/* root may go past wmem_max: the bound is ours, not the sysctl's */
	if (setsockopt(c->fd, SOL_SOCKET, SO_SNDBUFFORCE, &sz, sizeof(sz)))
		setsockopt(c->fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
	cap_d = d;
	capture_active++;
	xlog(NULL, "capture started on %s, snaplen %u", ifc ? ifc->ifname : "every interface",
	     c->cap->snaplen);
	return CTL_EXIT_OK;
}

void capture_stop(struct ctl_conn *c)
{
	if (!c->cap)
		return;
	xlog(NULL, "capture ended (%u frames dropped for a slow reader)", c->cap->drops);
	free(c->cap);
	c->cap = NULL;
	capture_active--;
}

unsigned capture_drops(const struct ctl_conn *c)
{
	return c->cap ? c->cap->drops : 0;
}

void capture_frame_slow(const struct xdp6d_iface *ifc, bool tx, const void *frame,
			size_t len)
{
	char msg[CTL_MSG_MAX];
	struct ctl_pkt_hdr h = { .len = (uint32_t)len, .tx = tx };
	struct timespec ts;
	size_t n;
	unsigned i;

	if (!cap_d)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	h.ts_ns = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
	snprintf(h.ifname, sizeof(h.ifname), "%s", ifc->ifname);
	for (i = 0; i < CTL_MAX_CONNS; i++) {
		struct ctl_conn *c = &cap_d->conns[i];

		if (c->fd < 0 || !c->cap || (c->cap->ifc && c->cap->ifc != ifc))
			continue;
		n = len < c->cap->snaplen ? len : c->cap->snaplen;
		h.drops = c->cap->drops;
		msg[0] = CTL_PKT;
		memcpy(msg + 1, &h, sizeof(h));
		memcpy(msg + 1 + sizeof(h), frame, n);
		if (send(c->fd, msg, 1 + sizeof(h) + n, MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
			c->cap->drops++;	/* reader behind (EAGAIN) or gone (closed soon) */
	}
}
