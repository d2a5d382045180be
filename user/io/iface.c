// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The daemon's interface table (io/iface.h): lookup by name, the DESIGN.md bring-up order
 * (skeleton → libxdp attach → pins → AF_XDP sockets → host and addresses) and teardown in
 * reverse. On restart the loader adopts the program and pinned maps a killed xdp6d left, maps.c
 * reads what they hold and the host decides, in one step, what to keep (host_adopt()). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if_arp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "iface.h"
#include "mirror_io.h"
#include "proxy_io.h"
#include "loader.h"
#include "log.h"
#include "maps.h"
#include "xsk.h"

struct xdp6d_iface *xdp6d_iface_find(struct xdp6d *d, const char *ifname)
{
	unsigned i;

	for (i = 0; i < d->nifs; i++)
		if (!strcmp(d->ifs[i].ifname, ifname))
			return &d->ifs[i];
	return NULL;
}

int iface_lookup(struct xdp6d_iface *ifc, const char *name)
{
	struct ifreq ifr;
	int fd, err = 0;

	if (strlen(name) >= IF_NAMESIZE || !(ifc->ifindex = (int)if_nametoindex(name))) {
		fprintf(stderr, "xdp6d: no such interface '%s'\n", name);
		return -EINVAL;
	}
	snprintf(ifc->ifname, sizeof(ifc->ifname), "%s", name);
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		fprintf(stderr, "xdp6d: socket: %s\n", strerror(errno));
		return -EINVAL;
	}
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) || ifr.ifr_hwaddr.sa_family != ARPHRD_ETHER) {
		fprintf(stderr, "xdp6d: '%s' is not an Ethernet interface\n", name);
		err = -EINVAL;
		goto out;
	}
	memcpy(ifc->link.mac, ifr.ifr_hwaddr.sa_data, ETH6_ALEN);
	if (ioctl(fd, SIOCGIFMTU, &ifr)) {
		fprintf(stderr, "xdp6d: Couldn't read the MTU of '%s'\n", name);
		err = -EINVAL;
		goto out;
	}
	ifc->link.mtu = (uint32_t)ifr.ifr_mtu;
	ifc->link.ifindex = ifc->ifindex;
	snprintf(ifc->link.ifname, sizeof(ifc->link.ifname), "%s", name);
out:
	close(fd);
	return err;
}

void iface_down(struct xdp6d_iface *ifc, bool leave)
{
	/* Leaving for good: MLD leave reports while the AF_XDP sockets can still send them, and
	 * the NIC filter entries out. Left as found: the next xdp6d takes them over. */
	if (ifc->host && !leave)
		host_stop(ifc->host, io_now());
	host_free(ifc->host);
	ifc->host = NULL;
	ownbits_free(&ifc->own);
	mirror_io_down(ifc);
	proxy_io_down(ifc, leave);
	xq_close_all(ifc);
	loader_unpin(ifc, leave);
	loader_detach(ifc, leave);
	loader_close(ifc);
}

/* Fresh start: load, attach, pin (DESIGN.md order). */
static int iface_load(struct xdp6d *d, struct xdp6d_iface *ifc)
{
	int err;

	ifc->run_prio = d->opts.priority;
	err = loader_check_xdp_tx(ifc, d->opts.mode, d->opts.allow_unsafe_xdp_tx);
	if (!err)
		err = loader_open(ifc, d->opts.max_addrs);
	if (!err && d->opts.src_max != XDP6_DEFAULT_SRC_MAX)
		err = loader_size_srcrate(ifc, d->opts.src_max);
	if (!err)
		err = loader_attach(ifc, d->opts.mode);
	if (!err)
		err = loader_pin(ifc);
	return err;
}

static size_t count_tentative(const struct host *h, size_t n)
{
	struct host_addr_info *ai = calloc(n ? n : 1, sizeof(*ai));
	size_t k, got, t = 0;

	if (!ai)
		return 0;
	got = host_addrs(h, ai, n);
	for (k = 0; k < got && k < n; k++)
		t += ai[k].state == XDP6_ADDR_TENTATIVE;
	free(ai);
	return t;
}

/* The host's log lines (host_set_log): `xdp6d: IFNAME: line`. The host rate-limits what the
 * link can provoke. */
static void host_log_line(void *ctx, const char *line)
{
	const struct xdp6d_iface *ifc = ctx;

	xlog(ifc->ifname, "%s", line);
}

/* The pins a previous xdp6d left: PINS_ADOPT, its program adopted (maps as they are);
 * PINS_STALE, what its maps say read into *prev (for its NIC filter entries) and the pins
 * removed; PINS_NONE. Negative errno when the pins can be neither. */
static int iface_pins(struct xdp6d *d, struct xdp6d_iface *ifc, struct maps_snapshot *prev)
{
	int pins = loader_pins_open(ifc), err;

	if (pins < 0)
		return pins;
	if (pins != PINS_NONE && maps_snapshot(ifc, prev))
		xlog(ifc->ifname, "Couldn't read all of the pinned maps: out of memory");
	if (pins == PINS_STALE)
		loader_remove_pins(ifc);
	if (pins != PINS_ADOPT)
		return pins;
	err = loader_adopt(ifc);
	if (err)
		return err;
	if (ifc->max_addrs != d->opts.max_addrs)
		xlog(ifc->ifname, "the pinned addrs map holds %u addresses: --max-addrs %u takes "
		     "effect after a clean restart", ifc->max_addrs, d->opts.max_addrs);
	if (ifc->mode != d->opts.mode)
		xlog(ifc->ifname, "the adopted program runs in %s mode: --mode %s takes effect "
		     "after a clean restart", loader_mode_name(ifc->mode),
		     loader_mode_name(d->opts.mode));
	return pins;
}

int iface_up(struct xdp6d *d, struct xdp6d_iface *ifc, uint64_t seed)
{
	struct maps_snapshot prev = { 0 };
	struct host_ops ops = { 0 };
	char buf[INET6_ADDRSTRLEN];
	size_t naddrs, ntent;
	xdp6_ns now;
	unsigned i;
	int err, pins;

	pins = iface_pins(d, ifc, &prev);
	if (pins < 0) {
		err = pins;
		goto err_down;
	}
	if (pins != PINS_ADOPT) {
		err = iface_load(d, ifc);
		if (err)
			goto err_down;
	}
	err = maps_ownbits_rebuild(ifc);
	if (err)
		goto err_down;
	if (d->opts.mirror) {
		/* the kernel owns the addresses: no AF_XDP socket, no host (mirror_io.h) */
		err = mirror_io_up(d, ifc, pins == PINS_ADOPT ? &prev : NULL);
		if (err)
			goto err_down;
		maps_snapshot_free(&prev);
		return 0;
	}
	err = xq_open_all(ifc, xq_queue_count(ifc->ifname), d->epfd);
	if (err)
		goto err_down;
	maps_host_ops(ifc, &ops);
	ops.tx.fn = xq_tx;
	ops.tx.ctx = ifc;
	now = io_now();
	ifc->host = host_create(&ifc->link, &d->opts.cfg, &ops, seed, now);
	if (!ifc->host) {
		err = -ENOMEM;
		xlog(ifc->ifname, "Couldn't create the host: %s", strerror(-err));
		goto err_down;
	}
	host_set_log(ifc->host, host_log_line, ifc);
	err = host_set_max_addrs(ifc->host, ifc->max_addrs);
	if (!err)
		err = pins == PINS_ADOPT ? host_adopt(ifc->host, now, &prev.s) :
		      host_start(ifc->host, now, pins == PINS_STALE ? &prev.s : NULL);
	if (!err)
		err = proxy_io_up(d, ifc, pins == PINS_ADOPT);
	if (err)
		goto err_down;
	for (i = 0; i < d->opts.naddrs; i++) {
		struct xdp6d_addr *a = &d->opts.addrs[i];

		err = host_addr_add(ifc->host, now, &a->a, a->plen, XDP6_ORIGIN_STATIC);
		if (err == -EEXIST && pins == PINS_ADOPT)
			continue;	/* taken over as it was */
		if (err) {
			xlog(ifc->ifname, "Couldn't add %s/%u: %s",
			     inet_ntop(AF_INET6, &a->a, buf, sizeof(buf)), a->plen, strerror(-err));
			goto err_down;
		}
	}
	/* proxy = PREFIX/LEN of the configuration (static mode, as xdp6ctl proxy add --static) */
	for (i = 0; i < d->opts.nproxies; i++) {
		struct xdp6d_proxy *p = &d->opts.proxies[i];

		err = host_proxy(ifc->host, &p->prefix, p->plen, XDP6_PROXY_STATIC, true);
		if (err == -EEXIST)
			continue;	/* a restart took it over */
		if (err) {
			xlog(ifc->ifname, "Couldn't proxy %s/%u: %s",
			     inet_ntop(AF_INET6, &p->prefix, buf, sizeof(buf)), p->plen,
			     strerror(-err));
			goto err_down;
		}
	}
	maps_snapshot_free(&prev);
	naddrs = host_addrs(ifc->host, NULL, 0);
	ntent = count_tentative(ifc->host, naddrs);
	xlog(ifc->ifname, "serving %zu address%s%s, maps pinned under %s", naddrs,
	     naddrs == 1 ? "" : "es", ntent ? " (tentative ones once DAD passes)" : "",
	     ifc->pin_dir);
	return 0;

err_down:
	maps_snapshot_free(&prev);
	if (loader_adopted(ifc))
		xlog(ifc->ifname, "left the adopted program attached and its maps pinned: they "
		     "keep answering");
	iface_down(ifc, loader_adopted(ifc));
	return err;
}
