// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The NDP proxy's adapter (proxy_io.h): rtnetlink routes into user/proto/proxy.c through the
 * host, the pinned record of configured prefixes, and restart adoption. No decisions here. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <bpf/bpf.h>

#include "proxy_io.h"
#include "proxy.h"
#include "rtnl.h"
#include "log.h"

/* The record's pin, beside the maps of XDP6_MAPS (not one of them: XDP never reads it; it is
 * removed with them by loader_unpin()). Key and value as the trie's: the configured prefix,
 * its mode (static or auto), which the trie cannot tell (it holds --auto intersections). */
#define PROXY_CONF_PIN	"proxy_conf"
/* In the record, beside the prefixes (a /0 is never one: proxy_check()): "xdp6d set the
 * interface's allmulticast flag" (proxy.h), so that a restart clears it at the end and still
 * leaves the admin's alone. */
static const struct xdp6_proxy_key ours_key = { .prefixlen = 0 };

struct proxy_io {
	struct ev_src ev;		/* EV_PROXY_RTNL, p = this */
	struct xdp6d_iface *ifc;
	struct rtnl evs, req;		/* route events (in epoll), dumps */
	int fd_conf;			/* the pinned record */
	bool adopting;			/* one dump at the end, not one per prefix */
	bool allmulti_ours;		/* we set IFF_ALLMULTI (proxy_allmulti()) */
};

/* SIOCGIFFLAGS / SIOCSIFFLAGS: IFF_ALLMULTI of ifname (set: write on; else read into *on). */
static int link_allmulti(const char *ifname, bool set, bool *on)
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0), err = 0;

	if (fd < 0)
		return -errno;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr))
		err = -errno;
	else if (!set)
		*on = ifr.ifr_flags & IFF_ALLMULTI;
	else {
		ifr.ifr_flags = *on ? ifr.ifr_flags | IFF_ALLMULTI : ifr.ifr_flags & ~IFF_ALLMULTI;
		if (ioctl(fd, SIOCSIFFLAGS, &ifr))
			err = -errno;
	}
	close(fd);
	return err;
}

static void allmulti_record(struct proxy_io *pi)
{
	struct xdp6_proxy_val v = { 0 };	/* the key's presence is the bit */
	int rc = pi->allmulti_ours ? bpf_map_update_elem(pi->fd_conf, &ours_key, &v, BPF_ANY) :
				     bpf_map_delete_elem(pi->fd_conf, &ours_key);

	if (rc && !(errno == ENOENT && !pi->allmulti_ours))
		xlog(pi->ifc->ifname, "proxy: Couldn't record the allmulticast flag (a restart "
		     "would not know who set it): %s", strerror(errno));
}

/* The flag as the prefixes need it now; a failure is logged and counted, never fatal (the
 * proxy still answers what reaches XDP, and the next change tries again). */
static void allmulti_sync(struct proxy_io *pi, bool need)
{
	struct xdp6d_iface *ifc = pi->ifc;
	enum proxy_allmulti_act act;
	bool on = false, was = pi->allmulti_ours;
	int err = link_allmulti(ifc->ifname, false, &on);

	if (err) {
		ifc->io_dstats[D_PROXY_ALLMULTI_FAILED]++;
		xlog(ifc->ifname, "proxy: Couldn't read the allmulticast flag: %s", strerror(-err));
		return;
	}
	act = proxy_allmulti(need, on, &pi->allmulti_ours);
	if (act != PROXY_ALLMULTI_NONE) {
		on = act == PROXY_ALLMULTI_SET;
		err = link_allmulti(ifc->ifname, true, &on);
		if (err) {
			ifc->io_dstats[D_PROXY_ALLMULTI_FAILED]++;
			xlog(ifc->ifname, "proxy: Couldn't turn allmulticast %s: %s",
			     on ? "on" : "off", strerror(-err));
		} else {
			xlog(ifc->ifname, "allmulticast %s for the NDP proxy", on ? "on" : "off");
		}
		proxy_allmulti_done(act, !err, &pi->allmulti_ours);
	}
	if (pi->allmulti_ours != was)
		allmulti_record(pi);
}

int proxy_io_allmulti(struct xdp6d_iface *ifc, bool *on, bool *ours)
{
	*ours = ifc->proxy && ifc->proxy->allmulti_ours;
	return link_allmulti(ifc->ifname, false, on);
}

static void on_route(void *ctx, bool present, const struct rtnl_route *r)
{
	struct proxy_io *pi = ctx;
	struct proxy_route pr = { .dst = r->dst, .dst_len = r->dst_len, .oif = r->oif,
				  .table = r->table, .metric = r->metric, .type = r->type,
				  .replace = r->replace };
	int err = host_proxy_route(pi->ifc->host, present, &pr);

	if (err < 0)
		xlog(pi->ifc->ifname, "proxy: route /%u not followed: %s", r->dst_len,
		     strerror(-err));
}

/* Every route again: a new --auto prefix (routes outside every auto prefix were not kept),
 * lost events, adoption. Routes not dumped again go at the end; on a failed dump nothing
 * is removed. */
static int resync(struct proxy_io *pi)
{
	struct rtnl_cb cb = { .route = on_route, .ctx = pi };
	int err;

	host_proxy_routes_sync(pi->ifc->host, true);
	err = rtnl_dump(&pi->req, RTNL_DUMP_ROUTE6, &cb);
	if (err) {
		xlog(pi->ifc->ifname, "proxy: Couldn't dump the routes: %s", strerror(-err));
		return err;
	}
	host_proxy_routes_sync(pi->ifc->host, false);
	return 0;
}

void proxy_io_event(struct proxy_io *pi)
{
	struct rtnl_cb cb = { .route = on_route, .ctx = pi };
	int err = rtnl_read(&pi->evs, &cb);

	if (err == -ENOBUFS) {
		/* events were dropped: the dump tells what is true now */
		rtnl_read(&pi->evs, &cb);
		err = resync(pi);
	}
	if (err)
		xlog(pi->ifc->ifname, "proxy: rtnetlink: %s", strerror(-err));
}

void proxy_io_configured(struct xdp6d_iface *ifc, const struct in6_addr *prefix, uint8_t plen,
			 uint8_t mode, bool add)
{
	struct proxy_io *pi = ifc->proxy;
	struct xdp6_proxy_key k = { .prefixlen = plen };
	struct xdp6_proxy_val v = { .mode = mode };
	int rc;

	if (!pi)
		return;
	memcpy(k.addr, prefix, sizeof(k.addr));
	rc = add ? bpf_map_update_elem(pi->fd_conf, &k, &v, BPF_ANY) :
		   bpf_map_delete_elem(pi->fd_conf, &k);
	if (rc && !(errno == ENOENT && !add))
		xlog(ifc->ifname, "proxy: Couldn't record /%u (a restart would not list it): %s",
		     plen, strerror(errno));
	if (add && mode == XDP6_PROXY_AUTO && !pi->adopting)
		resync(pi);
	allmulti_sync(pi, host_proxies(ifc->host, NULL, 0) > 0);
}

/* The pinned record, or a new one. *found: it was there (a previous xdp6d made it); then
 * whether that xdp6d set allmulticast is read from it. */
static int conf_open(struct proxy_io *pi, bool adopt, bool *found)
{
	LIBBPF_OPTS(bpf_map_create_opts, o, .map_flags = BPF_F_NO_PREALLOC);
	struct bpf_map_info info;
	struct xdp6_proxy_val v;
	__u32 len = sizeof(info);
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", pi->ifc->pin_dir, PROXY_CONF_PIN);
	fd = bpf_obj_get(path);
	if (fd >= 0 && !adopt) {
		close(fd);		/* a fresh program: what was recorded is not its state */
		unlink(path);
		fd = -1;
	}
	if (fd >= 0) {
		memset(&info, 0, sizeof(info));
		if (!bpf_obj_get_info_by_fd(fd, &info, &len) &&
		    info.key_size == sizeof(struct xdp6_proxy_key) &&
		    info.value_size == sizeof(struct xdp6_proxy_val)) {
			*found = true;
			pi->allmulti_ours = !bpf_map_lookup_elem(fd, &ours_key, &v);
			return fd;
		}
		close(fd);		/* not ours: made again */
		unlink(path);
	}
	*found = false;
	fd = bpf_map_create(BPF_MAP_TYPE_HASH, PROXY_CONF_PIN, sizeof(struct xdp6_proxy_key),
			    sizeof(struct xdp6_proxy_val), XDP6_PROXY_MAX, &o);
	if (fd < 0)
		return -errno;
	if (bpf_obj_pin(fd, path)) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

/* Keys (and values) of a map whose key is struct xdp6_proxy_key, as proxy entries. */
static size_t read_entries(int fd, struct proxy_entry **out)
{
	struct xdp6_proxy_key k, prev;
	struct xdp6_proxy_val v;
	struct proxy_entry *a = NULL;
	size_t n = 0, cap = 0;
	bool first = true;

	*out = NULL;
	while (n < XDP6_PROXY_MAX && !bpf_map_get_next_key(fd, first ? NULL : &prev, &k)) {
		first = false;
		prev = k;
		if (k.prefixlen < 1 || k.prefixlen > 128)
			continue;
		if (n == cap) {
			struct proxy_entry *p = realloc(a, (cap = cap ? cap * 2 : 16) * sizeof(*a));

			if (!p)
				break;
			a = p;
		}
		memcpy(&a[n].prefix, k.addr, sizeof(k.addr));
		a[n].plen = (uint8_t)k.prefixlen;
		a[n].mode = !bpf_map_lookup_elem(fd, &k, &v) && v.mode == XDP6_PROXY_AUTO ?
			    XDP6_PROXY_AUTO : XDP6_PROXY_STATIC;
		n++;
	}
	*out = a;
	return n;
}

/* Restart: the record's prefixes (or the trie's keys when there is no record: a previous
 * xdp6d that kept none, its prefixes all static) are added again, the routes dumped once, and
 * what the trie holds beyond what is published now removed. */
static void adopt(struct proxy_io *pi, bool have_conf)
{
	struct xdp6d_iface *ifc = pi->ifc;
	struct proxy_entry *pinned, *conf = NULL;
	size_t np, nc, i, added = 0;
	int err;

	np = read_entries(ifc->fd_proxy, &pinned);
	nc = have_conf ? read_entries(pi->fd_conf, &conf) : 0;
	pi->adopting = true;
	for (i = 0; i < (have_conf ? nc : np); i++) {
		const struct proxy_entry *e = have_conf ? &conf[i] : &pinned[i];

		err = host_proxy(ifc->host, &e->prefix, e->plen,
				 have_conf ? e->mode : XDP6_PROXY_STATIC, true);
		if (err && err != -EEXIST)
			xlog(ifc->ifname, "proxy: Couldn't adopt /%u: %s", e->plen,
			     strerror(-err));
		else
			added += !err;
	}
	pi->adopting = false;
	err = host_proxy_auto(ifc->host) ? resync(pi) : 0;
	/* a failed dump leaves the trie as found: nothing withdrawn on a guess */
	if (!err && host_proxy_reconcile(ifc->host, pinned, np))
		xlog(ifc->ifname, "proxy: Couldn't reconcile the trie: out of memory");
	if (added)
		xlog(ifc->ifname, "proxy: adopted %zu prefix%s", added, added == 1 ? "" : "es");
	free(pinned);
	free(conf);
}

int proxy_io_up(struct xdp6d *d, struct xdp6d_iface *ifc, bool adopt_pins)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct proxy_io *pi = calloc(1, sizeof(*pi));
	bool found = false;
	int err;

	if (!pi)
		return -ENOMEM;
	pi->evs.fd = pi->req.fd = pi->fd_conf = -1;
	pi->ifc = ifc;
	/* subscribe before any dump: a change during it is not lost */
	err = rtnl_open(&pi->evs, RTNL_GRP_ROUTE6);
	if (!err)
		err = rtnl_open(&pi->req, 0);
	if (err) {
		xlog(ifc->ifname, "proxy: Couldn't open rtnetlink: %s", strerror(-err));
		goto err;
	}
	pi->ev.kind = EV_PROXY_RTNL;
	pi->ev.p = pi;
	ev.data.ptr = &pi->ev;
	if (epoll_ctl(d->epfd, EPOLL_CTL_ADD, rtnl_fd(&pi->evs), &ev)) {
		err = -errno;
		xlog(ifc->ifname, "proxy: Couldn't watch rtnetlink: %s", strerror(-err));
		goto err;
	}
	err = conf_open(pi, adopt_pins, &found);
	if (err < 0) {
		xlog(ifc->ifname, "proxy: Couldn't pin %s/%s: %s", ifc->pin_dir, PROXY_CONF_PIN,
		     strerror(-err));
		goto err;
	}
	pi->fd_conf = err;
	ifc->proxy = pi;
	if (adopt_pins)
		adopt(pi, found);
	return 0;
err:
	ifc->proxy = pi;
	proxy_io_down(ifc, false);
	return err;
}

void proxy_io_down(struct xdp6d_iface *ifc, bool leave)
{
	struct proxy_io *pi = ifc->proxy;

	if (!pi)
		return;
	/* Stopping for good: no prefix is proxied any more, and a flag we set goes. Left for the
	 * next xdp6d: the flag stays, and the record tells it whose it is. */
	if (!leave && pi->allmulti_ours)
		allmulti_sync(pi, false);
	rtnl_close(&pi->evs);		/* closing removes it from epoll */
	rtnl_close(&pi->req);
	if (pi->fd_conf >= 0)
		close(pi->fd_conf);	/* the pin stays or goes with the others (loader_unpin) */
	free(pi);
	ifc->proxy = NULL;
}
