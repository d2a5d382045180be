// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Unit tests of the AF_XDP frame accounting (user/io/xsk.c, issue 9 item 19) on rings built in
 * memory with libxdp's ring layout: the test plays the kernel, including the order in which
 * net/xdp/xsk.c xsk_flush() publishes its indices (rx producer first, fill consumer after), so
 * the race that lost frames under an RA flood happens on every run. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "io/xsk.h"

struct fake_ring {
	__u32 producer, consumer, flags;
	void *ring;
};

/* The state libxdp's xsk_umem__create()/xsk_socket__create() leave a ring in. */
static void prod_init(struct xsk_ring_prod *r, struct fake_ring *f, __u32 size, size_t esz)
{
	memset(f, 0, sizeof(*f));
	f->ring = calloc(size, esz);
	r->producer = &f->producer;
	r->consumer = &f->consumer;
	r->flags = &f->flags;
	r->ring = f->ring;
	r->size = size;
	r->mask = size - 1;
	r->cached_prod = 0;
	r->cached_cons = size;
}

static void cons_init(struct xsk_ring_cons *r, struct fake_ring *f, __u32 size, size_t esz)
{
	memset(f, 0, sizeof(*f));
	f->ring = calloc(size, esz);
	r->producer = &f->producer;
	r->consumer = &f->consumer;
	r->flags = &f->flags;
	r->ring = f->ring;
	r->size = size;
	r->mask = size - 1;
	r->cached_prod = 0;
	r->cached_cons = 0;
}

struct rig {
	struct xdp6d d;
	struct xdp6d_iface ifc;
	struct xq q;
	struct fake_ring fill, rx, tx, comp;
	__u32 kcons;		/* the kernel's own (cached) fill consumer: what it has taken */
};

/* A socket as xq_open() leaves it (every RX frame in a fill ring of fill_size slots, every TX
 * frame free), with no host (frames are only accounted, not parsed) and no real socket. */
static void rig_init(struct rig *g, __u32 fill_size)
{
	__u32 i;

	memset(g, 0, sizeof(*g));
	snprintf(g->ifc.ifname, sizeof(g->ifc.ifname), "test0");
	g->ifc.xqs = &g->q;
	g->ifc.nq = 1;
	g->d.ifs = &g->ifc;
	g->d.nifs = 1;
	g->q.ifc = &g->ifc;
	g->q.area_len = (size_t)XQ_FRAMES * XQ_FRAME_SIZE;
	g->q.area = calloc(1, g->q.area_len);
	g->q.tx_free = calloc(XQ_TX_FRAMES, sizeof(__u64));
	g->q.fill_stash = calloc(XQ_RX_FRAMES, sizeof(__u64));
	prod_init(&g->q.fill, &g->fill, fill_size, sizeof(__u64));
	prod_init(&g->q.tx, &g->tx, XQ_RING_SIZE, sizeof(struct xdp_desc));
	cons_init(&g->q.rx, &g->rx, XQ_RING_SIZE, sizeof(struct xdp_desc));
	cons_init(&g->q.comp, &g->comp, XQ_RING_SIZE, sizeof(__u64));
	for (i = 0; i < XQ_RX_FRAMES; i++)
		((__u64 *)g->fill.ring)[i] = (__u64)i * XQ_FRAME_SIZE;
	g->fill.producer = XQ_RX_FRAMES;
	g->q.fill.cached_prod = XQ_RX_FRAMES;
	g->q.fill_put = XQ_RX_FRAMES;
	for (i = 0; i < XQ_TX_FRAMES; i++)
		g->q.tx_free[i] = (__u64)(XQ_RX_FRAMES + i) * XQ_FRAME_SIZE;
	g->q.tx_nfree = XQ_TX_FRAMES;
}

static void rig_free(struct rig *g)
{
	free(g->q.area);
	free(g->q.tx_free);
	free(g->q.fill_stash);
	free(g->fill.ring);
	free(g->rx.ring);
	free(g->tx.ring);
	free(g->comp.ring);
}

/* The kernel receives n frames: takes n addresses from the fill ring (its cached consumer) and
 * publishes them in rx, with XDP_PACKET_HEADROOM as copy mode does. The fill consumer index is
 * published only by kernel_publish_fill(), as xsk_flush() does after the rx producer. */
static __u32 kernel_receive(struct rig *g, __u32 n)
{
	__u32 i, done = 0;

	for (i = 0; i < n && g->kcons != g->fill.producer; i++) {
		__u64 a = ((__u64 *)g->fill.ring)[g->kcons++ & g->q.fill.mask];
		struct xdp_desc *d = &((struct xdp_desc *)g->rx.ring)[g->rx.producer &
								      g->q.rx.mask];

		d->addr = a + 256;
		d->len = 86;
		d->options = 0;
		g->rx.producer++;
		done++;
	}
	return done;
}

static void kernel_publish_fill(struct rig *g)
{
	g->fill.consumer = g->kcons;
}

static void frames(struct rig *g, struct xq_frames *f)
{
	xq_frames(&g->q, f);
}

/* The flood case: the kernel took every lent frame, published 64 of them in rx and not yet its
 * fill consumer (so the fill ring still looks full); the daemon reads the 64. With a fill ring
 * of XQ_FILL_SIZE they go back at once; nothing is lost, nothing waits. */
static void rx_before_fill_consumer_published_frames_go_back_at_once(void)
{
	struct xq_frames f;
	struct rig g;

	CASE_BEGIN("rx_before_fill_consumer_published_frames_go_back_at_once");
	rig_init(&g, XQ_FILL_SIZE);
	kernel_receive(&g, 64);
	g.kcons = XQ_RX_FRAMES;		/* the rest is taken too, for frames still coming */
	xq_rx(&g.q);
	frames(&g, &f);
	CHECK(f.ok, "frames lost: held %u, put %llu, got %llu", f.held,
	      (unsigned long long)g.q.fill_put, (unsigned long long)g.q.rx_got);
	CHECK(f.held == 0, "%u frames wait although the fill ring has room for them", f.held);
	CHECK(g.q.fill_put == XQ_RX_FRAMES + 64, "fill ring got %llu frames, want %u",
	      (unsigned long long)g.q.fill_put, XQ_RX_FRAMES + 64);
	kernel_publish_fill(&g);
	frames(&g, &f);
	CHECK(f.fill == 64 && f.rx == 0 && f.kernel == XQ_RX_FRAMES - 64,
	      "fill %u rx %u kernel %llu", f.fill, f.rx, (unsigned long long)f.kernel);
	CHECK(f.fill + f.rx + f.kernel + f.held + f.tx_free + f.tx_inflight == f.total,
	      "sum != %u", f.total);
	rig_free(&g);
	CASE_END();
}

/* A fill ring with no room at all (a ring sized like the RX frames, the kernel's consumer not
 * published yet): the frames read wait in the stash, counted as held, and go back to the fill
 * ring on the next xq_refill_all() once the kernel has published. */
static void fill_ring_without_room_frames_wait_then_go_back(void)
{
	struct xq_frames f;
	struct rig g;
	bool waiting;

	CASE_BEGIN("fill_ring_without_room_frames_wait_then_go_back");
	rig_init(&g, XQ_RX_FRAMES);
	kernel_receive(&g, 40);
	xq_rx(&g.q);
	frames(&g, &f);
	CHECK(f.ok, "frames lost: held %u, put %llu, got %llu", f.held,
	      (unsigned long long)g.q.fill_put, (unsigned long long)g.q.rx_got);
	CHECK(f.held == 40, "held %u, want the 40 read", f.held);
	CHECK(f.fill_deferred == 40, "fill_deferred %llu", (unsigned long long)f.fill_deferred);
	waiting = xq_refill_all(&g.d);
	CHECK(waiting, "xq_refill_all says nothing waits while 40 do");
	kernel_publish_fill(&g);
	waiting = xq_refill_all(&g.d);
	frames(&g, &f);
	CHECK(!waiting && f.held == 0, "still %u held after the kernel published", f.held);
	CHECK(f.ok && f.fill == XQ_RX_FRAMES - 40 + 40 && f.kernel == 0,
	      "ok %d fill %u kernel %llu", f.ok, f.fill, (unsigned long long)f.kernel);
	rig_free(&g);
	CASE_END();
}

/* Many rounds of receive/read/publish in the racy order: after each, every frame is somewhere
 * and, with everything published, every RX frame is back in fill or rx. */
static void many_racy_rounds_no_frame_lost(void)
{
	struct xq_frames f;
	struct rig g;
	unsigned round;

	CASE_BEGIN("many_racy_rounds_no_frame_lost");
	rig_init(&g, XQ_FILL_SIZE);
	for (round = 0; round < 5000; round++) {
		kernel_receive(&g, 1 + round % 97);
		if (round % 3)
			kernel_publish_fill(&g);	/* else: read before the kernel publishes */
		xq_rx(&g.q);
		xq_refill_all(&g.d);
		frames(&g, &f);
		if (!f.ok)
			break;
	}
	kernel_publish_fill(&g);
	xq_refill_all(&g.d);
	frames(&g, &f);
	CHECK(f.ok && f.held == 0, "round %u: ok %d held %u", round, f.ok, f.held);
	CHECK(f.fill + f.rx == XQ_RX_FRAMES && f.kernel == 0, "fill %u rx %u kernel %llu",
	      f.fill, f.rx, (unsigned long long)f.kernel);
	CHECK(f.bad_desc == 0, "bad_desc %llu", (unsigned long long)f.bad_desc);
	rig_free(&g);
	CASE_END();
}

/* A descriptor naming a TX frame or an address outside the UMEM is not ours to refill. */
static void rx_descriptor_outside_rx_frames_counted_not_refilled(void)
{
	struct xq_frames f;
	struct rig g;
	struct xdp_desc *d;

	CASE_BEGIN("rx_descriptor_outside_rx_frames_counted_not_refilled");
	rig_init(&g, XQ_FILL_SIZE);
	d = &((struct xdp_desc *)g.rx.ring)[0];
	d->addr = (__u64)XQ_RX_FRAMES * XQ_FRAME_SIZE + 256;	/* a TX frame */
	d->len = 60;
	d = &((struct xdp_desc *)g.rx.ring)[1];
	d->addr = (__u64)XQ_FRAMES * XQ_FRAME_SIZE * 4;		/* past the UMEM */
	d->len = 60;
	g.rx.producer = 2;
	xq_rx(&g.q);
	frames(&g, &f);
	CHECK(f.bad_desc == 2, "bad_desc %llu, want 2", (unsigned long long)f.bad_desc);
	CHECK(f.ok && g.q.fill_put == XQ_RX_FRAMES, "ok %d, fill_put %llu", f.ok,
	      (unsigned long long)g.q.fill_put);
	rig_free(&g);
	CASE_END();
}

int main(void)
{
	rx_before_fill_consumer_published_frames_go_back_at_once();
	fill_ring_without_room_frames_wait_then_go_back();
	many_racy_rounds_no_frame_lost();
	rx_descriptor_outside_rx_frames_counted_not_refilled();
	return check_exit();
}

/* The adapter boundary: with no host, xq_rx() only accounts frames; these are never called. */
void host_input(struct host *h, xdp6_ns now, const uint8_t *frame, size_t len)
{
	abort();
}

void maps_flush_events(struct xdp6d_iface *ifc)
{
	abort();
}
