// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Writes what the host decided into the XDP program's maps (include/xdp6_maps.h: addrs, iface,
 * tokens, groups, served) and the NIC multicast filter (RFC 2464 §7 MACs of the groups we
 * listen to: with the kernel's IPv6 off on the interface nobody else adds them). The one map
 * writer. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "maps.h"
#include "log.h"

static const char *fmt_addr(const struct in6_addr *a, char *buf)
{
	return inet_ntop(AF_INET6, a, buf, INET6_ADDRSTRLEN);
}

/* SIOCADDMULTI / SIOCDELMULTI on the interface. */
static int nic_mc(struct xdp6d_iface *ifc, const uint8_t mac[ETH6_ALEN], bool add)
{
	struct ifreq ifr;
	int fd, err = 0;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifc->ifname);
	ifr.ifr_hwaddr.sa_family = AF_UNSPEC;
	memcpy(ifr.ifr_hwaddr.sa_data, mac, ETH6_ALEN);
	if (ioctl(fd, add ? SIOCADDMULTI : SIOCDELMULTI, &ifr))
		err = -errno;
	close(fd);
	return err;
}

static int mc_find(const struct xdp6d_iface *ifc, const uint8_t mac[ETH6_ALEN])
{
	unsigned i;

	for (i = 0; i < ifc->mc_n; i++)
		if (!memcmp(ifc->mc_macs[i], mac, ETH6_ALEN))
			return (int)i;
	return -1;
}

static void mc_add(struct xdp6d_iface *ifc, const struct in6_addr *g)
{
	uint8_t mac[ETH6_ALEN];
	int err;

	ip6_mc_mac(g, mac);
	if (mc_find(ifc, mac) >= 0)
		return;		/* groups sharing the low 32 bits share the MAC */
	if (ifc->mc_n == ifc->mc_cap) {
		unsigned cap = ifc->mc_cap ? ifc->mc_cap * 2 : 8;
		void *p = realloc(ifc->mc_macs, cap * sizeof(*ifc->mc_macs));

		if (!p)
			return;
		ifc->mc_macs = p;
		ifc->mc_cap = cap;
	}
	err = nic_mc(ifc, mac, true);
	if (err) {
		xlog(ifc->ifname, "Couldn't add multicast MAC %02x:%02x:%02x:%02x:%02x:%02x: %s",
		     mac[0], mac[1], mac[2], mac[3], mac[4], mac[5], strerror(-err));
		return;
	}
	memcpy(ifc->mc_macs[ifc->mc_n++], mac, ETH6_ALEN);
}

/* Drops g's MAC unless another group we still listen to maps to it. */
static void mc_del(struct xdp6d_iface *ifc, const struct in6_addr *g)
{
	struct xdp6_addr_key k, next;
	uint8_t mac[ETH6_ALEN], m2[ETH6_ALEN];
	void *prev = NULL;
	int i;

	ip6_mc_mac(g, mac);
	i = mc_find(ifc, mac);
	if (i < 0)
		return;
	while (!bpf_map_get_next_key(ifc->fd_groups, prev, &next)) {
		ip6_mc_mac((const struct in6_addr *)next.addr, m2);
		if (!memcmp(m2, mac, ETH6_ALEN))
			return;
		k = next;
		prev = &k;
	}
	nic_mc(ifc, mac, false);
	memmove(ifc->mc_macs[i], ifc->mc_macs[i + 1], (ifc->mc_n - (unsigned)i - 1) * ETH6_ALEN);
	ifc->mc_n--;
}

static void on_publish(void *ctx, const struct in6_addr *a, const struct xdp6_addr_val *v)
{
	struct xdp6d_iface *ifc = ctx;
	struct xdp6_addr_key k;
	char buf[INET6_ADDRSTRLEN];

	memcpy(k.addr, a, sizeof(k.addr));
	if (bpf_map_update_elem(ifc->fd_addrs, &k, v, BPF_ANY))
		xlog(ifc->ifname, "Couldn't publish %s to the addrs map: %s", fmt_addr(a, buf),
		     strerror(errno));
	else
		xlog_dbg(ifc->ifname, "%s/%u %s", fmt_addr(a, buf), v->prefixlen,
			 v->state == XDP6_ADDR_PREFERRED ? "preferred" :
			 v->state == XDP6_ADDR_TENTATIVE ? "tentative" :
			 v->state == XDP6_ADDR_DEPRECATED ? "deprecated" : "duplicate");
}

static void on_unpublish(void *ctx, const struct in6_addr *a)
{
	struct xdp6d_iface *ifc = ctx;
	struct xdp6_addr_key k;
	char buf[INET6_ADDRSTRLEN];

	memcpy(k.addr, a, sizeof(k.addr));
	if (bpf_map_delete_elem(ifc->fd_addrs, &k) && errno != ENOENT)
		xlog(ifc->ifname, "Couldn't remove %s from the addrs map: %s", fmt_addr(a, buf),
		     strerror(errno));
	else
		xlog_dbg(ifc->ifname, "%s removed", fmt_addr(a, buf));
}

/* groups value: how many joins (from any module) hold the group. */
static void on_group_join(void *ctx, const struct in6_addr *g)
{
	struct xdp6d_iface *ifc = ctx;
	struct xdp6_addr_key k;
	char buf[INET6_ADDRSTRLEN];
	__u32 n = 0;

	memcpy(k.addr, g, sizeof(k.addr));
	bpf_map_lookup_elem(ifc->fd_groups, &k, &n);
	n++;
	if (bpf_map_update_elem(ifc->fd_groups, &k, &n, BPF_ANY)) {
		xlog(ifc->ifname, "Couldn't add group %s: %s", fmt_addr(g, buf), strerror(errno));
		return;
	}
	mc_add(ifc, g);
	xlog_dbg(ifc->ifname, "joined %s", fmt_addr(g, buf));
}

static void on_group_leave(void *ctx, const struct in6_addr *g)
{
	struct xdp6d_iface *ifc = ctx;
	struct xdp6_addr_key k;
	char buf[INET6_ADDRSTRLEN];
	__u32 n = 0;

	memcpy(k.addr, g, sizeof(k.addr));
	if (bpf_map_lookup_elem(ifc->fd_groups, &k, &n))
		return;
	if (n > 1) {
		n--;
		bpf_map_update_elem(ifc->fd_groups, &k, &n, BPF_EXIST);
		return;
	}
	bpf_map_delete_elem(ifc->fd_groups, &k);
	mc_del(ifc, g);
	xlog_dbg(ifc->ifname, "left %s", fmt_addr(g, buf));
}

static void on_iface_changed(void *ctx)
{
	struct xdp6d_iface *ifc = ctx;

	/* During host_new() the host is not ours yet: maps_init() writes it right after. */
	if (ifc->host)
		maps_write_iface(ifc);
}

/* served: (protocol, port) pairs something serves (--unserved reject). */
static void on_served_changed(void *ctx, uint8_t proto, uint16_t port, bool add)
{
	struct xdp6d_iface *ifc = ctx;
	struct xdp6_served_key k = { .proto = proto, .port = port };
	__u32 one = 1;
	int rc;

	rc = add ? bpf_map_update_elem(ifc->fd_served, &k, &one, BPF_ANY) :
		   bpf_map_delete_elem(ifc->fd_served, &k);
	if (rc && !(errno == ENOENT && !add))
		xlog(ifc->ifname, "Couldn't %s served %u/%u: %s", add ? "add" : "remove", proto,
		     port, strerror(errno));
}

void maps_host_ops(struct xdp6d_iface *ifc, struct host_ops *ops)
{
	ops->addr_publish = on_publish;
	ops->addr_unpublish = on_unpublish;
	ops->group_join = on_group_join;
	ops->group_leave = on_group_leave;
	ops->iface_changed = on_iface_changed;
	ops->served_changed = on_served_changed;
	ops->ctx = ifc;
}

/* Full buckets, stamped now (bpf_ktime_get_ns() is CLOCK_MONOTONIC too). */
static int tokens_reset(struct xdp6d_iface *ifc, const struct xdp6_iface *cfg)
{
	struct xdp6_bucket b;
	__u32 id;
	int err = 0;

	for (id = 0; id < XDP6_BUCKET_MAX; id++) {
		memset(&b, 0, sizeof(b));
		b.tokens = (__u64)(id == XDP6_BUCKET_ECHO ? cfg->echo_burst : cfg->na_burst) *
			   XDP6_TOKEN_SCALE;
		b.last_ns = io_now();
		if (bpf_map_update_elem(ifc->fd_tokens, &id, &b, BPF_F_LOCK)) {
			err = -errno;
			xlog(ifc->ifname, "Couldn't reset the token buckets: %s", strerror(errno));
		}
	}
	return err;
}

int maps_write_iface(struct xdp6d_iface *ifc)
{
	struct xdp6_iface v;
	__u32 key = 0;
	int err;

	host_iface_cfg(ifc->host, &v);
	if (!ifc->iface_written || v.echo_rate != ifc->iface_last.echo_rate ||
	    v.echo_burst != ifc->iface_last.echo_burst || v.na_rate != ifc->iface_last.na_rate ||
	    v.na_burst != ifc->iface_last.na_burst) {
		err = tokens_reset(ifc, &v);
		if (err)
			return err;
	}
	if (bpf_map_update_elem(ifc->fd_iface, &key, &v, BPF_ANY)) {
		err = -errno;
		xlog(ifc->ifname, "Couldn't write the iface map: %s", strerror(-err));
		return err;
	}
	ifc->iface_last = v;
	ifc->iface_written = true;
	return 0;
}

int maps_init(struct xdp6d_iface *ifc)
{
	struct xdp6_iface v;

	host_iface_cfg(ifc->host, &v);
	/* ff02::1 is always ours (echo to all-nodes, DAD replies); ff02::2 in router mode. */
	mc_add(ifc, &ip6_all_nodes);
	if (v.flags & XDP6_IF_ROUTER)
		mc_add(ifc, &ip6_all_routers);
	return maps_write_iface(ifc);
}

void maps_fini(struct xdp6d_iface *ifc)
{
	unsigned i;

	for (i = 0; i < ifc->mc_n; i++)
		nic_mc(ifc, ifc->mc_macs[i], false);
	free(ifc->mc_macs);
	ifc->mc_macs = NULL;
	ifc->mc_n = ifc->mc_cap = 0;
}

int maps_read_stats(struct xdp6d_iface *ifc, struct xdp6_stat *out)
{
	int ncpu = libbpf_num_possible_cpus();
	struct xdp6_stat *per;
	__u32 r;
	int c, err = 0;

	memset(out, 0, R__MAX * sizeof(*out));
	if (ncpu <= 0)
		return ncpu ? ncpu : -EINVAL;
	per = calloc((size_t)ncpu, sizeof(*per));
	if (!per)
		return -ENOMEM;
	for (r = 0; r < R__MAX; r++) {
		if (bpf_map_lookup_elem(ifc->fd_stats, &r, per)) {
			err = -errno;
			continue;
		}
		for (c = 0; c < ncpu; c++) {
			out[r].packets += per[c].packets;
			out[r].bytes += per[c].bytes;
		}
	}
	free(per);
	return err;
}
