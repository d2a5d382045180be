// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* One epoll loop for the whole daemon: frames from AF_XDP, the timerfd armed for the earliest
 * host_next_deadline() (smoltcp's poll_at), signals and control requests. Handlers never
 * block on the network; time is read once per wakeup and passed down. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>

#include "loop.h"
#include "ctl.h"
#include "xsk.h"
#include "maps.h"
#include "log.h"
#include "mirror_io.h"
#include "proxy_io.h"
#include "reload.h"

#define LOOP_EVENTS 32

static int watch(struct xdp6d *d, int fd, struct ev_src *src, enum ev_kind kind)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = src };

	src->kind = kind;
	src->p = d;
	return epoll_ctl(d->epfd, EPOLL_CTL_ADD, fd, &ev) ? -errno : 0;
}

int loop_init(struct xdp6d *d)
{
	sigset_t set;
	int err;

	d->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (d->epfd < 0)
		return -errno;
	d->timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (d->timerfd < 0)
		goto err;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);	/* reload (io/reload.c) */
	if (sigprocmask(SIG_BLOCK, &set, NULL))
		goto err;
	d->sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (d->sigfd < 0)
		goto err;
	err = watch(d, d->timerfd, &d->ev_timer, EV_TIMER);
	if (!err)
		err = watch(d, d->sigfd, &d->ev_signal, EV_SIGNAL);
	if (err) {
		errno = -err;
		goto err;
	}
	signal(SIGPIPE, SIG_IGN);
	return 0;
err:
	err = -errno;
	loop_fini(d);
	return err;
}

int loop_add_ctl(struct xdp6d *d)
{
	return watch(d, d->ctl_fd, &d->ev_ctl, EV_CTL_LISTEN);
}

void loop_fini(struct xdp6d *d)
{
	if (d->sigfd >= 0)
		close(d->sigfd);
	if (d->timerfd >= 0)
		close(d->timerfd);
	if (d->epfd >= 0)
		close(d->epfd);
	d->sigfd = d->timerfd = d->epfd = -1;
}

/* Runs every host's due timers, then arms the timerfd for the earliest next deadline. */
static void timers(struct xdp6d *d)
{
	struct itimerspec its = { 0 };
	xdp6_ns now = io_now(), next = XDP6_NEVER, t;
	unsigned i;

	for (i = 0; i < d->nifs; i++) {
		struct xdp6d_iface *ifc = &d->ifs[i];

		if (ifc->mirror) {	/* mirror mode: no host */
			t = mirror_io_tick(ifc, now);
			if (t < next)
				next = t;
			continue;
		}
		if (host_next_deadline(ifc->host) <= now)
			host_timeout(ifc->host, now);
		t = maps_neigh_import(ifc, now, false);
		if (t < next)
			next = t;
		t = xq_watch(ifc, d->epfd, now);
		if (t < next)
			next = t;
		t = host_next_deadline(ifc->host);
		if (t < next)
			next = t;
	}
	if (next != XDP6_NEVER) {
		if (next <= now)
			next = now + 1;	/* already due: fire at once (0 would disarm) */
		its.it_value.tv_sec = (time_t)(next / XDP6_NS_PER_SEC);
		its.it_value.tv_nsec = (long)(next % XDP6_NS_PER_SEC);
	}
	timerfd_settime(d->timerfd, TFD_TIMER_ABSTIME, &its, NULL);
}

int loop_run(struct xdp6d *d)
{
	struct epoll_event evs[LOOP_EVENTS];
	struct signalfd_siginfo si;
	uint64_t ticks;
	int n, i, timeout;
	bool refill = false;
	xdp6_ns now, cd;

	timers(d);
	while (!d->stop) {
		/* epoll_wait's own timeout serves to drop silent control clients and to retry
		 * RX frames that found the fill ring full (xq_refill_all) */
		cd = ctl_next_deadline(d);
		now = io_now();
		timeout = cd == XDP6_NEVER ? -1 :
			  cd <= now ? 0 : (int)((cd - now) / XDP6_NS_PER_MS + 1);
		if (refill && (timeout < 0 || timeout > 1))
			timeout = 1;
		n = epoll_wait(d->epfd, evs, LOOP_EVENTS, timeout);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			xlog(NULL, "epoll_wait: %s", strerror(errno));
			return -errno;
		}
		for (i = 0; i < n; i++) {
			struct ev_src *src = evs[i].data.ptr;

			switch (src->kind) {
			case EV_XSK:
				xq_rx(src->p);
				break;
			case EV_TIMER:
				if (read(d->timerfd, &ticks, sizeof(ticks)) < 0 && errno != EAGAIN)
					xlog_dbg(NULL, "timerfd: %s", strerror(errno));
				break;
			case EV_SIGNAL:
				while (read(d->sigfd, &si, sizeof(si)) == sizeof(si)) {
					if (si.ssi_signo == SIGHUP) {
						config_reload(d, NULL);
						continue;
					}
					xlog(NULL, "%s: shutting down",
					     si.ssi_signo == SIGINT ? "SIGINT" : "SIGTERM");
					d->stop = true;
				}
				break;
			case EV_CTL_LISTEN:
				ctl_accept(d);
				break;
			case EV_CTL_CONN:
				ctl_conn_event(d, src->p);
				break;
			case EV_RTNL:
				mirror_io_event(src->p);
				break;
			case EV_PROXY_RTNL:
				proxy_io_event(src->p);
				break;
			}
		}
		ctl_sweep(d, io_now());
		refill = xq_refill_all(d);
		/* Any event may have scheduled something (a frame, a command): re-arm. */
		timers(d);
	}
	return 0;
}
