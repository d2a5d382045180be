// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* AF_XDP sockets through libxdp's xsk API: one UMEM and socket per RX queue, bound with
 * XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD and put into our own xsks map (our XDP program
 * redirects there). Zero-copy is tried first, copy mode is the fallback (veth, virtio-net).
 * Frames leave through a socket the kernel lets send (xq_tx_probe); the sockets follow the
 * device's RX queue count (xq_watch). A full ring or no free frame is counted, never waited
 * for; every UMEM frame is accounted for (xq_frames). */
#include <errno.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>

#include "xsk.h"
#include "capture.h"
#include "log.h"

#define XQ_BATCH	64u
#define XQ_BUSY_TRIES	100u
#define XQ_BUSY_WAIT_US	50000u
#define XQ_WATCH_NS	XDP6_NS_PER_SEC	/* queue count and TX checks (xq_watch) */
#define XQ_TX_STALLS	3u		/* xq_watch rounds with no TX progress: cannot send */
#define XQ_PROBE_RING	64u		/* ring sizes and frames of xq_queue_can_send() */
/* A TX descriptor naming no UMEM frame (one past the last): any kernel finds it invalid. */
#define XQ_PROBE_ADDR	((__u64)XQ_FRAMES * XQ_FRAME_SIZE)

unsigned xq_queue_count(const char *ifname)
{
	struct ethtool_channels ch = { .cmd = ETHTOOL_GCHANNELS };
	struct ifreq ifr;
	char path[128];
	struct dirent *de;
	unsigned n = 0;
	DIR *dir;
	int fd;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd >= 0) {
		memset(&ifr, 0, sizeof(ifr));
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
		ifr.ifr_data = (void *)&ch;
		if (!ioctl(fd, SIOCETHTOOL, &ifr))
			n = ch.rx_count + ch.combined_count;
		close(fd);
	}
	if (!n) {
		snprintf(path, sizeof(path), "/sys/class/net/%s/queues", ifname);
		dir = opendir(path);
		if (dir) {
			while ((de = readdir(dir)))
				n += !strncmp(de->d_name, "rx-", 3);
			closedir(dir);
		}
	}
	if (!n)
		n = 1;
	return n > XDP6_MAX_QUEUES ? XDP6_MAX_QUEUES : n;
}

static void xq_close(struct xq *q)
{
	if (q->xsk)
		xsk_socket__delete(q->xsk);
	if (q->umem)
		xsk_umem__delete(q->umem);
	if (q->area)
		munmap(q->area, q->area_len);
	free(q->tx_free);
	free(q->fill_stash);
	memset(q, 0, sizeof(*q));
}

static int xq_bind(struct xq *q, __u16 bind_flags)
{
	struct xsk_socket_config cfg = {
		.rx_size = XQ_RING_SIZE,
		.tx_size = XQ_RING_SIZE,
		.libxdp_flags = XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD,
		.bind_flags = bind_flags | XDP_USE_NEED_WAKEUP,
	};
	unsigned tries = 0;
	int err;

	/* Right after a restart the previous xdp6d's socket may still hold the queue (EBUSY):
	 * the kernel frees a queue's buffer pool in deferred work (net/xdp/xsk_buff_pool.c,
	 * xp_release_deferred), which a loaded machine can hold back for seconds. Retry for up
	 * to XQ_BUSY_TRIES * XQ_BUSY_WAIT_US, and say so once. */
	for (;;) {
		err = xsk_socket__create(&q->xsk, q->ifc->ifname, q->queue, q->umem, &q->rx,
					 &q->tx, &cfg);
		if (err != -EBUSY || ++tries >= XQ_BUSY_TRIES)
			return err;
		if (tries == 1)
			xlog(q->ifc->ifname, "queue %u is busy (a previous AF_XDP socket's release "
			     "may be pending): retrying for up to %u s", q->queue,
			     XQ_BUSY_TRIES * XQ_BUSY_WAIT_US / 1000000u);
		usleep(XQ_BUSY_WAIT_US);
	}
}

static void xq_kick(struct xq *q);

static int xq_stats(const struct xq *q, struct xdp_statistics *st)
{
	socklen_t len = sizeof(*st);

	memset(st, 0, sizeof(*st));
	return getsockopt(xsk_socket__fd(q->xsk), SOL_XDP, XDP_STATISTICS, st, &len) ? -errno : 0;
}

/* Copy mode sends a frame as an skb on the device's TX queue of the socket's number
 * (net/xdp/xsk.c __xsk_generic_xmit → __dev_direct_xmit(skb, queue_id)), and only from a
 * socket bound below real_num_tx_queues: above it the kernel returns 0 without reading the TX
 * ring, so the frame never leaves and nothing says so. The RX and TX counts differ: with XDP
 * attached, virtio-net adds RX queues whose TX halves carry XDP_TX only (6.1 virtnet_xdp_set
 * raises real_num_rx_queues, not tx: 4 RX, 2 TX in the VM rig); veth's are set apart. No
 * interface gives real_num_tx_queues for our network namespace (sysfs shows the namespace of
 * whoever mounted it, ethtool's channels mean what each driver wants), so ask the kernel the
 * exact question: put a descriptor naming no UMEM frame in the TX ring and kick. A socket that
 * may send reads it, drops it as invalid and counts it (XDP_STATISTICS tx_invalid_descs); one
 * that may not leaves it in the ring. Nothing reaches the wire either way. A zero-copy socket
 * sends through the driver's own ring for its queue: it may always send. */
static void xq_tx_probe(struct xq *q)
{
	struct xdp_statistics st;
	struct xdp_desc *d;
	__u32 idx;

	if (q->zerocopy) {
		q->can_tx = true;
		return;
	}
	/* a descriptor still in the ring (the probe, or frames of a socket that stopped
	 * sending) is what the kernel reads first: no new probe then */
	if (!q->tx_probe_pending && *q->tx.producer == __atomic_load_n(q->tx.consumer,
								       __ATOMIC_ACQUIRE)) {
		if (xq_stats(q, &st) || xsk_ring_prod__reserve(&q->tx, 1, &idx) != 1)
			return;
		q->tx_invalid_seen = st.tx_invalid_descs;
		d = xsk_ring_prod__tx_desc(&q->tx, idx);
		d->addr = XQ_PROBE_ADDR;
		d->len = 1;
		d->options = 0;
		xsk_ring_prod__submit(&q->tx, 1);
		q->tx_probe_pending = true;
		q->tx_probes++;
	}
	q->tx_cons_seen = __atomic_load_n(q->tx.consumer, __ATOMIC_ACQUIRE);
	if (sendto(xsk_socket__fd(q->xsk), NULL, 0, MSG_DONTWAIT, NULL, 0) < 0 &&
	    errno == ENETDOWN)
		return;		/* the device is down: ask again later (xq_watch) */
	if (xq_stats(q, &st))
		return;
	/* read and dropped (the probe), or the consumer moved (stuck frames went out) */
	if (st.tx_invalid_descs != q->tx_invalid_seen ||
	    __atomic_load_n(q->tx.consumer, __ATOMIC_ACQUIRE) != q->tx_cons_seen) {
		q->tx_invalid_seen = st.tx_invalid_descs;
		q->tx_probe_pending = false;
		q->can_tx = true;
		q->tx_stalls = 0;
	}
}

static int xq_open(struct xdp6d_iface *ifc, struct xq *q, unsigned queue, int *zc_err)
{
	struct xsk_umem_config ucfg = {
		.fill_size = XQ_FILL_SIZE,
		.comp_size = XQ_RING_SIZE,
		.frame_size = XQ_FRAME_SIZE,
		.frame_headroom = 0,
	};
	__u32 idx, i;
	int err;

	q->ifc = ifc;
	q->queue = queue;
	q->ev.kind = EV_XSK;
	q->ev.p = q;
	q->area_len = (size_t)XQ_FRAMES * XQ_FRAME_SIZE;
	q->area = mmap(NULL, q->area_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	if (q->area == MAP_FAILED) {
		q->area = NULL;
		return -errno;
	}
	q->tx_free = calloc(XQ_TX_FRAMES, sizeof(*q->tx_free));
	q->fill_stash = calloc(XQ_RX_FRAMES, sizeof(*q->fill_stash));
	if (!q->tx_free || !q->fill_stash)
		return -ENOMEM;
	err = xsk_umem__create(&q->umem, q->area, q->area_len, &q->fill, &q->comp, &ucfg);
	if (err) {
		q->umem = NULL;
		return err;
	}
	err = xq_bind(q, XDP_ZEROCOPY);
	q->zerocopy = !err;
	if (err) {
		*zc_err = err;		/* why the driver refused: logged once by the caller */
		q->xsk = NULL;
		err = xq_bind(q, XDP_COPY);
		if (err) {
			q->xsk = NULL;
			return err;
		}
	}
	/* RX frames [0, XQ_RX_FRAMES) to the kernel, the rest are ours for TX. */
	if (xsk_ring_prod__reserve(&q->fill, XQ_RX_FRAMES, &idx) != XQ_RX_FRAMES)
		return -ENOSPC;
	for (i = 0; i < XQ_RX_FRAMES; i++)
		*xsk_ring_prod__fill_addr(&q->fill, idx + i) = (__u64)i * XQ_FRAME_SIZE;
	xsk_ring_prod__submit(&q->fill, XQ_RX_FRAMES);
	q->fill_put = XQ_RX_FRAMES;
	for (i = 0; i < XQ_TX_FRAMES; i++)
		q->tx_free[i] = (__u64)(XQ_RX_FRAMES + i) * XQ_FRAME_SIZE;
	q->tx_nfree = XQ_TX_FRAMES;
	xq_tx_probe(q);
	return 0;
}

int xq_queue_can_send(const char *ifname, unsigned queue)
{
	struct xsk_umem_config ucfg = {
		.fill_size = XQ_PROBE_RING, .comp_size = XQ_PROBE_RING,
		.frame_size = XQ_FRAME_SIZE,
	};
	struct xsk_socket_config cfg = {
		.rx_size = XQ_PROBE_RING, .tx_size = XQ_PROBE_RING,
		.libxdp_flags = XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD,
		.bind_flags = XDP_COPY,
	};
	struct xdp6d_iface ifc = { 0 };
	struct xq q = { 0 };
	size_t len = (size_t)XQ_PROBE_RING * XQ_FRAME_SIZE;
	int err;

	snprintf(ifc.ifname, sizeof(ifc.ifname), "%s", ifname);
	q.ifc = &ifc;
	q.queue = queue;
	q.area = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (q.area == MAP_FAILED)
		return -errno;
	err = xsk_umem__create(&q.umem, q.area, len, &q.fill, &q.comp, &ucfg);
	if (err) {
		q.umem = NULL;
		goto out;
	}
	err = xsk_socket__create(&q.xsk, ifname, queue, q.umem, &q.rx, &q.tx, &cfg);
	if (err) {
		q.xsk = NULL;
		goto out;
	}
	xq_tx_probe(&q);
	err = q.can_tx ? 1 : q.tx_probe_pending ? 0 : -EAGAIN;
out:
	if (q.xsk)
		xsk_socket__delete(q.xsk);
	if (q.umem)
		xsk_umem__delete(q.umem);
	munmap(q.area, len);
	return err;
}

/* Opens the socket of queue ifc->nq (the next one), registers it and watches it. */
static int xq_add(struct xdp6d_iface *ifc, int epfd, int *zc_err)
{
	struct epoll_event ev = { .events = EPOLLIN };
	unsigned i = ifc->nq;
	struct xq *q = &ifc->xqs[i];
	int err;

	err = xq_open(ifc, q, i, zc_err);
	if (err) {
		xlog(ifc->ifname, "Couldn't open an AF_XDP socket on queue %u: %s", i,
		     strerror(-err));
		goto err_close;
	}
	err = xsk_socket__update_xskmap(q->xsk, ifc->fd_xsks);
	if (err) {
		xlog(ifc->ifname, "Couldn't put the AF_XDP socket of queue %u in the xsks map: %s",
		     i, strerror(-err));
		goto err_close;
	}
	ev.data.ptr = &q->ev;
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, xsk_socket__fd(q->xsk), &ev)) {
		err = -errno;
		xlog(ifc->ifname, "Couldn't watch AF_XDP socket %u: %s", i, strerror(-err));
		goto err_close;
	}
	ifc->nq++;
	return 0;

err_close:
	xq_close(q);
	return err;
}

/* One line on sockets [from, ifc->nq): zero-copy or copy (and why), which may send. */
static void xq_log_opened(struct xdp6d_iface *ifc, unsigned from, int zc_err)
{
	unsigned i, zc = 0, tx = 0, n = ifc->nq - from;
	char why[96] = "", txs[160] = "", range[32];

	for (i = from; i < ifc->nq; i++) {
		zc += ifc->xqs[i].zerocopy;
		tx += ifc->xqs[i].can_tx;
	}
	if (zc_err)
		snprintf(why, sizeof(why), " (the driver refused zero-copy: %s)",
			 strerror(-zc_err));
	if (tx < n)
		snprintf(txs, sizeof(txs), "; %u of them cannot send (copy mode sends on the "
			 "device's TX queue of the same number, which it does not have): their "
			 "replies leave through the others", n - tx);
	snprintf(range, sizeof(range), n == 1 ? "queue %u" : "queues %u-%u", from, ifc->nq - 1);
	xlog(ifc->ifname, "AF_XDP sockets on RX %s: %s%s%s", range, zc == n ? "zero-copy" :
	     zc ? "some zero-copy, some copy mode" : "copy mode", why, txs);
}

int xq_open_all(struct xdp6d_iface *ifc, unsigned nq, int epfd)
{
	int err, zc_err = 0;

	/* every slot up front: xq_watch() adds sockets when the device gains RX queues, and
	 * epoll and rx_q hold pointers into this array */
	ifc->xqs = calloc(XDP6_MAX_QUEUES, sizeof(*ifc->xqs));
	if (!ifc->xqs)
		return -ENOMEM;
	ifc->nq = 0;
	while (ifc->nq < nq) {
		err = xq_add(ifc, epfd, &zc_err);
		if (err)
			goto err_close;
	}
	ifc->rx_queues = nq;
	xq_log_opened(ifc, 0, zc_err);
	return 0;

err_close:
	xq_close_all(ifc);
	return err;
}

xdp6_ns xq_watch(struct xdp6d_iface *ifc, int epfd, xdp6_ns now)
{
	unsigned i, n, from = ifc->nq;
	int zc_err = 0;
	__u32 cons;

	if (!ifc->xqs || now < ifc->xq_watch_at)
		return ifc->xqs ? ifc->xq_watch_at : XDP6_NEVER;
	ifc->xq_watch_at = now + XQ_WATCH_NS;
	/* More RX queues (ethtool -L, a driver that adds queues for XDP): a socket on each new
	 * one, or what arrives there is passed to the kernel (no-daemon). Sockets on queues the
	 * device no longer has stay open: they receive again if the queue comes back. */
	n = xq_queue_count(ifc->ifname);
	if (n != ifc->rx_queues)
		xlog(ifc->ifname, "the device has %u RX queue%s now (was %u)", n,
		     n == 1 ? "" : "s", ifc->rx_queues);
	ifc->rx_queues = n;
	while (ifc->nq < n && !xq_add(ifc, epfd, &zc_err))
		;
	if (ifc->nq > from)
		xq_log_opened(ifc, from, zc_err);
	for (i = 0; i < ifc->nq; i++) {
		struct xq *q = &ifc->xqs[i];

		if (q->zerocopy)
			continue;
		if (!q->can_tx) {
			xq_tx_probe(q);
			if (q->can_tx)
				xlog(ifc->ifname, "queue %u can send now", q->queue);
			continue;
		}
		/* A socket that could send and stopped (the device lost that TX queue): frames
		 * wait in its ring and the kernel's consumer index no longer moves. */
		cons = __atomic_load_n(q->tx.consumer, __ATOMIC_ACQUIRE);
		if (cons == *q->tx.producer || cons != q->tx_cons_seen) {
			q->tx_stalls = 0;
		} else if (++q->tx_stalls >= XQ_TX_STALLS) {
			q->can_tx = false;
			xlog(ifc->ifname, "queue %u: the kernel has not sent from its TX ring for %u "
			     "s: it cannot send any more, replies leave through the other queues",
			     q->queue, XQ_TX_STALLS);
		} else {
			xq_kick(q);
		}
		q->tx_cons_seen = cons;
	}
	return ifc->xq_watch_at;
}

void xq_close_all(struct xdp6d_iface *ifc)
{
	unsigned i;

	/* Closing a socket also removes it from the xsks map (kernel xsk_delete_from_maps). */
	for (i = 0; i < ifc->nq; i++)
		xq_close(&ifc->xqs[i]);
	free(ifc->xqs);
	ifc->xqs = NULL;
	ifc->nq = 0;
}

static bool xq_is_tx_frame(__u64 addr)
{
	return addr % XQ_FRAME_SIZE == 0 && addr >= (__u64)XQ_RX_FRAMES * XQ_FRAME_SIZE &&
	       addr < (__u64)XQ_FRAMES * XQ_FRAME_SIZE;
}

static void xq_reclaim(struct xq *q)
{
	__u32 idx, n, i;

	n = xsk_ring_cons__peek(&q->comp, XQ_RING_SIZE, &idx);
	for (i = 0; i < n; i++) {
		__u64 addr = *xsk_ring_cons__comp_addr(&q->comp, idx + i);

		/* our probe (xq_tx_probe): some kernels (6.18 here) complete an invalid TX
		 * descriptor too (its buffer can be reused), others only count it; it names no
		 * frame, so there is none to reuse */
		if (addr == XQ_PROBE_ADDR && q->tx_probes) {
			q->tx_probes--;
			continue;
		}
		/* only our TX frames go out, each once: anything else is not ours to reuse */
		if (!xq_is_tx_frame(addr) || !q->tx_pending || q->tx_nfree >= XQ_TX_FRAMES) {
			q->bad_desc++;
			continue;
		}
		q->tx_free[q->tx_nfree++] = addr;
		q->tx_pending--;
	}
	if (n)
		xsk_ring_cons__release(&q->comp, n);
}

/* Copy mode transmits only from sendto(); zero-copy drivers want it when they ask. */
static void xq_kick(struct xq *q)
{
	if (!q->tx_pending)
		return;
	if (q->zerocopy && !xsk_ring_prod__needs_wakeup(&q->tx))
		return;
	if (sendto(xsk_socket__fd(q->xsk), NULL, 0, MSG_DONTWAIT, NULL, 0) < 0 &&
	    errno != EAGAIN && errno != EBUSY && errno != ENOBUFS && errno != ENETDOWN)
		xlog_dbg(q->ifc->ifname, "queue %u: tx kick: %s", q->queue, strerror(errno));
}

/* The socket a frame leaves through: the one the frame being answered came in on when it may
 * send (xq_tx_probe), else one that may, picked by the receiving queue's number so replies
 * spread over them; queue 0's when none is known to (the device always has TX queue 0). */
static struct xq *xq_pick_tx(struct xdp6d_iface *ifc)
{
	struct xq *rq = ifc->rx_q;
	unsigned i, n = 0, k;

	if (!ifc->nq)
		return NULL;
	if (rq && rq->can_tx)
		return rq;
	for (i = 0; i < ifc->nq; i++)
		n += ifc->xqs[i].can_tx;
	if (!n)
		return &ifc->xqs[0];
	k = rq ? rq->queue % n : 0;
	for (i = 0; i < ifc->nq; i++)
		if (ifc->xqs[i].can_tx && !k--)
			break;
	if (rq)
		ifc->xqs[i].tx_rerouted++;
	return &ifc->xqs[i];
}

void xq_tx(void *ctx, const uint8_t *frame, size_t len)
{
	struct xdp6d_iface *ifc = ctx;
	struct xq *q = xq_pick_tx(ifc);
	struct xdp_desc *d;
	__u32 idx;
	__u64 addr;

	if (!q)
		return;
	if (len > XQ_FRAME_SIZE) {
		ifc->io_dstats[D_TX_TOO_BIG]++;
		return;
	}
	xq_reclaim(q);
	if (!q->tx_nfree || xsk_ring_prod__reserve(&q->tx, 1, &idx) != 1) {
		ifc->io_dstats[D_TX_RING_FULL]++;
		xq_kick(q);
		return;
	}
	addr = q->tx_free[--q->tx_nfree];
	memcpy(xsk_umem__get_data(q->area, addr), frame, len);
	capture_frame(ifc, true, frame, len);	/* xdp6ctl dump */
	d = xsk_ring_prod__tx_desc(&q->tx, idx);
	d->addr = addr;
	d->len = (__u32)len;
	d->options = 0;
	xsk_ring_prod__submit(&q->tx, 1);
	q->tx_pending++;
	ifc->io_dstats[D_TX]++;
	xq_kick(q);
}

/* Gives the RX frames waiting in fill_stash back to the kernel, as many as the fill ring
 * takes now (all of them, see XQ_FILL_SIZE); the rest wait for the next call, never lost. */
static void xq_refill(struct xq *q)
{
	__u32 idx, n, i;

	if (!q->nstash)
		return;
	n = xsk_prod_nb_free(&q->fill, q->nstash);
	if (n > q->nstash)
		n = q->nstash;
	if (!n || xsk_ring_prod__reserve(&q->fill, n, &idx) != n)
		return;
	q->nstash -= n;
	for (i = 0; i < n; i++)
		*xsk_ring_prod__fill_addr(&q->fill, idx + i) = q->fill_stash[q->nstash + i];
	xsk_ring_prod__submit(&q->fill, n);
	q->fill_put += n;
}

bool xq_refill_all(struct xdp6d *d)
{
	bool waiting = false;
	unsigned f, i;

	for (f = 0; f < d->nifs; f++)
		for (i = 0; i < d->ifs[f].nq; i++) {
			struct xq *q = &d->ifs[f].xqs[i];

			xq_refill(q);
			waiting |= q->nstash != 0;
		}
	return waiting;
}

void xq_rx(struct xq *q)
{
	struct xdp6d_iface *ifc = q->ifc;
	__u32 idx, n, i;
	xdp6_ns now = io_now();

	n = xsk_ring_cons__peek(&q->rx, XQ_BATCH, &idx);
	if (!n)
		goto kick;
	ifc->rx_q = q;
	for (i = 0; i < n; i++) {
		const struct xdp_desc *d = xsk_ring_cons__rx_desc(&q->rx, idx + i);
		__u64 addr = xsk_umem__add_offset_to_addr(d->addr);
		__u64 base = addr - addr % XQ_FRAME_SIZE;

		/* The kernel only hands back frames we lent it through the fill ring (RX frames),
		 * each once, with the data inside the frame. */
		if (base >= (__u64)XQ_RX_FRAMES * XQ_FRAME_SIZE || q->nstash >= XQ_RX_FRAMES ||
		    addr - base + d->len > XQ_FRAME_SIZE) {
			q->bad_desc++;
			continue;
		}
		q->rx_got++;
		capture_frame(ifc, false, xsk_umem__get_data(q->area, addr), d->len);
		if (ifc->host)
			host_input(ifc->host, now, xsk_umem__get_data(q->area, addr), d->len);
		/* held until the batch is done, then back to the fill ring */
		q->fill_stash[q->nstash++] = base;
	}
	ifc->rx_q = NULL;
	xsk_ring_cons__release(&q->rx, n);
	xq_refill(q);
	if (q->nstash) {
		q->fill_deferred += q->nstash;
		xlog_dbg(ifc->ifname, "queue %u: %u frames wait for room in the fill ring",
			 q->queue, q->nstash);
	}
	if (xsk_ring_prod__needs_wakeup(&q->fill))
		recvfrom(xsk_socket__fd(q->xsk), NULL, 0, MSG_DONTWAIT, NULL, NULL);
kick:
	xq_reclaim(q);
	xq_kick(q);
}

void xq_frames(const struct xq *q, struct xq_frames *f)
{
	uint64_t lent = q->fill_put - q->rx_got;	/* the kernel has them: fill, rx, between */
	uint64_t rings;

	memset(f, 0, sizeof(*f));
	f->total = XQ_FRAMES;
	/* Ring occupancy from the indices the kernel shares with us: exact when the queue is
	 * idle; while frames flow the kernel may publish one index before the other. */
	f->fill = *q->fill.producer - __atomic_load_n(q->fill.consumer, __ATOMIC_ACQUIRE);
	f->rx = __atomic_load_n(q->rx.producer, __ATOMIC_ACQUIRE) - *q->rx.consumer;
	rings = (uint64_t)f->fill + f->rx;
	f->kernel = lent > rings ? lent - rings : 0;
	f->held = q->nstash;
	f->tx_free = q->tx_nfree;
	f->tx_inflight = q->tx_pending;
	f->fill_deferred = q->fill_deferred;
	f->bad_desc = q->bad_desc;
	/* Every RX frame is with the kernel or held by us, every TX frame free or in flight. */
	f->ok = lent + q->nstash == XQ_RX_FRAMES && q->tx_nfree + q->tx_pending == XQ_TX_FRAMES;
}

void xq_update_stats(struct xdp6d_iface *ifc)
{
	struct xdp_statistics st;
	socklen_t len;
	uint64_t full = 0;
	unsigned i;

	for (i = 0; i < ifc->nq; i++) {
		len = sizeof(st);
		if (getsockopt(xsk_socket__fd(ifc->xqs[i].xsk), SOL_XDP, XDP_STATISTICS, &st,
			       &len))
			continue;
		/* Frames the kernel dropped because our RX ring was full or the fill ring had
		 * no frame for them. */
		full += st.rx_ring_full + st.rx_fill_ring_empty_descs;
	}
	ifc->io_dstats[D_RX_RING_FULL] = full;
}
