// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Mirror mode's adapter (mirror_io.h): feeds user/proto/mirror.c from rtnetlink (addresses:
 * dump, then RTM_NEWADDR / RTM_DELADDR; the link's MAC: RTM_NEWLINK) and from the kernel's
 * settings, and carries out its neighbor decision (RFC 4861 §7.2.3) with RTM_GETNEIGH /
 * RTM_NEWNEIGH. How each setting is followed: README "Mirror mode". */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/epoll.h>

#include "mirror_io.h"
#include "rtnl.h"
#include "log.h"

struct mirror_io {
	struct ev_src ev;		/* EV_RTNL, p = this */
	struct xdp6d_iface *ifc;
	struct mirror *m;
	struct rtnl evs, req;		/* events (in epoll), requests */
	xdp6_ns sysctl_at, neigh_at;	/* next re-read of the settings, next neighbor export */
	uint64_t neigh_seen;		/* newest neigh map seen_ns exported */
	bool full_logged;
};

/* One integer sysctl under /proc/sys, or -1 when it cannot be read. */
static long read_sysctl(const char *path)
{
	char buf[32];
	FILE *f = fopen(path, "re");
	long v = -1;

	if (!f)
		return -1;
	if (fgets(buf, sizeof(buf), f))
		v = strtol(buf, NULL, 10);
	fclose(f);
	return v;
}

/* The settings of mirror.h, read afresh (seven small files: the whole cost of following them
 * without an event, once per MIRROR_SYSCTL_PERIOD). */
static void sysctls_read(struct mirror_io *mi, struct mirror_sysctls *s)
{
	char p[128];
	long v;

	memset(s, 0, sizeof(*s));
	s->echo_ignore_all = read_sysctl("/proc/sys/net/ipv6/icmp/echo_ignore_all") > 0;
	s->echo_ignore_multicast =
		read_sysctl("/proc/sys/net/ipv6/icmp/echo_ignore_multicast") > 0;
	s->echo_ignore_anycast = read_sysctl("/proc/sys/net/ipv6/icmp/echo_ignore_anycast") > 0;
	snprintf(p, sizeof(p), "/proc/sys/net/ipv6/conf/%s/disable_ipv6", mi->ifc->ifname);
	s->disable_ipv6 = read_sysctl(p) > 0;
	snprintf(p, sizeof(p), "/proc/sys/net/ipv6/conf/%s/forwarding", mi->ifc->ifname);
	s->forwarding = read_sysctl(p) > 0;
	snprintf(p, sizeof(p), "/proc/sys/net/ipv6/conf/%s/hop_limit", mi->ifc->ifname);
	v = read_sysctl(p);
	s->hop_limit = v > 0 && v <= 255 ? (uint8_t)v : ICMP6_ECHO_HOP_LIMIT_DEFAULT;
}

static void on_addr(void *ctx, bool present, const struct rtnl_addr *a)
{
	struct mirror_io *mi = ctx;
	struct mirror_kaddr k = { .addr = a->addr, .prefixlen = a->prefixlen,
				  .flags = a->flags, .preferred = a->preferred };
	char buf[INET6_ADDRSTRLEN];
	int err;

	if (a->ifindex != mi->ifc->ifindex)
		return;
	mi->ifc->io_dstats[D_MIRROR_ADDR_EVENT]++;
	err = mirror_addr_event(mi->m, present, &k);
	if (err == -ENOSPC) {
		mi->ifc->io_dstats[D_MIRROR_TABLE_FULL]++;
		if (!mi->full_logged)
			xlog(mi->ifc->ifname, "addrs map full: %s is served by the kernel alone "
			     "(xdp6d --max-addrs)", inet_ntop(AF_INET6, &a->addr, buf, sizeof(buf)));
		mi->full_logged = true;
	} else if (err) {
		xlog(mi->ifc->ifname, "Couldn't follow %s: %s",
		     inet_ntop(AF_INET6, &a->addr, buf, sizeof(buf)), strerror(-err));
	}
}

static void on_link(void *ctx, bool present, const struct rtnl_link *l)
{
	struct mirror_io *mi = ctx;

	if (l->ifindex != mi->ifc->ifindex || !present || !l->has_mac)
		return;
	/* the host's copy too, for what reads ifc->link (status) */
	memcpy(mi->ifc->link.mac, l->mac, ETH6_ALEN);
	mirror_set_mac(mi->m, l->mac);
}

static struct rtnl_cb cb_of(struct mirror_io *mi)
{
	struct rtnl_cb cb = { .addr = on_addr, .link = on_link, .ctx = mi };

	return cb;
}

/* The whole picture again: at start and after lost events. pinned: the addrs map a previous
 * xdp6d left (keys), to reconcile. */
static int resync(struct mirror_io *mi, const struct in6_addr *pinned, size_t npinned,
		  const struct in6_addr *groups, size_t ngroups)
{
	struct rtnl_cb cb = cb_of(mi);
	int err;

	mirror_sync_begin(mi->m);
	err = rtnl_dump(&mi->req, RTNL_DUMP_ADDR6, &cb);
	if (!err)
		err = rtnl_dump(&mi->req, RTNL_DUMP_LINK, &cb);
	if (err)
		return err;	/* nothing removed on a failed dump */
	mirror_sync_end(mi->m, pinned, npinned, groups, ngroups);
	return 0;
}

void mirror_io_event(struct mirror_io *mi)
{
	struct rtnl_cb cb = cb_of(mi);
	int err = rtnl_read(&mi->evs, &cb);

	if (err == -ENOBUFS) {
		/* events were dropped: the dump tells what is true now */
		mi->ifc->io_dstats[D_MIRROR_RESYNC]++;
		rtnl_read(&mi->evs, &cb);
		err = resync(mi, NULL, 0, NULL, 0);
	}
	if (err)
		xlog(mi->ifc->ifname, "rtnetlink: %s", strerror(-err));
}

/* RFC 4861 §7.2.3 for each new neigh map record: what the kernel would have learned from the
 * NS XDP answered. GET then NEW is not atomic: a kernel update in between can be overwritten
 * by a STALE entry, which the kernel then confirms by its own NUD (RFC 4861 §7.3.3). */
static void neigh_export(void *ctx, const struct in6_addr *a, const uint8_t *mac)
{
	struct mirror_io *mi = ctx;
	struct rtnl_neigh kn;
	int err;

	err = rtnl_neigh_get(&mi->req, mi->ifc->ifindex, a, &kn);
	if (err && err != -ENOENT) {
		mi->ifc->io_dstats[D_MIRROR_NEIGH_FAILED]++;
		return;
	}
	if (!mirror_neigh_should_write(err ? 0 : kn.state, !err && kn.has_mac ? kn.mac : NULL,
				       mac)) {
		mi->ifc->io_dstats[D_MIRROR_NEIGH_KEPT]++;
		return;
	}
	err = rtnl_neigh_set(&mi->req, mi->ifc->ifindex, a, mac, RTNL_NUD_STALE);
	mi->ifc->io_dstats[err ? D_MIRROR_NEIGH_FAILED : D_MIRROR_NEIGH_WRITTEN]++;
}

xdp6_ns mirror_io_tick(struct xdp6d_iface *ifc, xdp6_ns now)
{
	struct mirror_io *mi = ifc->mirror;
	struct mirror_sysctls s;

	if (!mi)
		return XDP6_NEVER;
	if (now >= mi->sysctl_at) {
		sysctls_read(mi, &s);
		mirror_set_sysctls(mi->m, &s);
		mi->sysctl_at = now + MIRROR_SYSCTL_PERIOD;
	}
	if (now >= mi->neigh_at) {
		maps_neigh_each_new(ifc, &mi->neigh_seen, neigh_export, mi);
		mi->neigh_at = now + MIRROR_NEIGH_PERIOD;
	}
	return mi->sysctl_at < mi->neigh_at ? mi->sysctl_at : mi->neigh_at;
}

int mirror_io_up(struct xdp6d *d, struct xdp6d_iface *ifc, const struct maps_snapshot *prev)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct mirror_rates rates = {
		.echo_rate = d->opts.cfg.echo_rate, .echo_burst = d->opts.cfg.echo_burst,
		.na_rate = d->opts.cfg.na_rate, .na_burst = d->opts.cfg.na_burst,
	};
	struct mirror_ops ops;
	struct mirror_sysctls s;
	struct in6_addr *pinned = NULL;
	struct mirror_io *mi;
	size_t i, npinned = 0;
	int err;

	mi = calloc(1, sizeof(*mi));
	if (!mi)
		return -ENOMEM;
	mi->evs.fd = mi->req.fd = -1;
	mi->ifc = ifc;
	ifc->mirror = mi;
	maps_mirror_ops(ifc, &ops);
	mi->m = mirror_create(&ops, &rates, ifc->ifindex, ifc->link.mac, ifc->max_addrs);
	if (!mi->m) {
		err = -ENOMEM;
		goto err;
	}
	/* subscribe before the dump: a change during the dump is not lost */
	err = rtnl_open(&mi->evs, RTNL_GRP_ADDR6 | RTNL_GRP_LINK);
	if (!err)
		err = rtnl_open(&mi->req, 0);
	if (err) {
		xlog(ifc->ifname, "Couldn't open rtnetlink: %s", strerror(-err));
		goto err;
	}
	sysctls_read(mi, &s);
	mirror_set_sysctls(mi->m, &s);
	if (prev && prev->s.naddrs) {
		pinned = calloc(prev->s.naddrs, sizeof(*pinned));
		if (!pinned) {
			err = -ENOMEM;
			goto err;
		}
		for (i = 0; i < prev->s.naddrs; i++)
			pinned[npinned++] = prev->s.addrs[i].addr;
	}
	err = resync(mi, pinned, npinned, prev ? prev->s.groups : NULL,
		     prev ? prev->s.ngroups : 0);
	free(pinned);
	if (err) {
		xlog(ifc->ifname, "Couldn't read the kernel's addresses: %s", strerror(-err));
		goto err;
	}
	mi->ev.kind = EV_RTNL;
	mi->ev.p = mi;
	ev.data.ptr = &mi->ev;
	if (epoll_ctl(d->epfd, EPOLL_CTL_ADD, rtnl_fd(&mi->evs), &ev)) {
		err = -errno;
		xlog(ifc->ifname, "Couldn't watch rtnetlink: %s", strerror(-err));
		goto err;
	}
	mi->sysctl_at = mi->neigh_at = io_now();
	/* an adopted neigh map is exported whole: the decision keeps what the kernel knows */
	mi->neigh_seen = 0;
	xlog(ifc->ifname, "mirror mode: following the kernel's %zu address%s, maps pinned under "
	     "%s", mirror_addrs(mi->m, NULL, 0), mirror_addrs(mi->m, NULL, 0) == 1 ? "" : "es",
	     ifc->pin_dir);
	return 0;
err:
	mirror_io_down(ifc);
	return err;
}

void mirror_io_down(struct xdp6d_iface *ifc)
{
	struct mirror_io *mi = ifc->mirror;

	if (!mi)
		return;
	rtnl_close(&mi->evs);		/* closing removes it from epoll */
	rtnl_close(&mi->req);
	mirror_free(mi->m);
	free(mi);
	ifc->mirror = NULL;
}

size_t mirror_io_addrs(const struct xdp6d_iface *ifc, struct host_addr_info *out, size_t max)
{
	struct mirror_addr_info *mi;
	size_t n, k, got = 0;

	if (!ifc->mirror)
		return 0;
	n = mirror_addrs(ifc->mirror->m, NULL, 0);
	mi = calloc(n ? n : 1, sizeof(*mi));
	if (!mi)
		return 0;
	n = mirror_addrs(ifc->mirror->m, mi, n);
	for (k = 0; k < n; k++) {
		if (mi[k].state < 0)
			continue;
		if (out && got < max) {
			memset(&out[got], 0, sizeof(out[got]));
			out[got].addr = mi[k].addr;
			out[got].prefixlen = mi[k].prefixlen;
			out[got].state = (enum xdp6_addr_state)mi[k].state;
			out[got].origin = IN6_IS_ADDR_LINKLOCAL(&mi[k].addr) ?
					  XDP6_ORIGIN_LINK_LOCAL : XDP6_ORIGIN_STATIC;
			out[got].valid_until = out[got].preferred_until = XDP6_NEVER;
		}
		got++;
	}
	free(mi);
	return got;
}
