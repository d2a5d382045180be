// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Writes what the host decided into the XDP program's maps (include/xdp6_maps.h: addrs, iface,
 * tokens, groups, served, pmtu) and the NIC multicast filter (RFC 2464 §7 MACs of the groups we
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
	static int fd = -1;	/* one ioctl socket for the daemon's life: joins come by the million */
	struct ifreq ifr;

	if (fd < 0)
		fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifc->ifname);
	ifr.ifr_hwaddr.sa_family = AF_UNSPEC;
	memcpy(ifr.ifr_hwaddr.sa_data, mac, ETH6_ALEN);
	if (ioctl(fd, add ? SIOCADDMULTI : SIOCDELMULTI, &ifr))
		return -errno;
	return 0;
}

static uint64_t mac_key(const uint8_t mac[ETH6_ALEN])
{
	uint64_t k = 1ull << 63;

	memcpy(&k, mac, ETH6_ALEN);
	return k | 1ull << 63;
}

static size_t mcset_home(const struct xdp6d_iface *ifc, uint64_t k)
{
	k ^= k >> 33; k *= 0xff51afd7ed558ccdull; k ^= k >> 33;
	return k & (ifc->mcset_slots - 1);
}

static bool mcset_has(const struct xdp6d_iface *ifc, uint64_t k)
{
	size_t i;

	if (!ifc->mcset_slots)
		return false;
	for (i = mcset_home(ifc, k); ifc->mcset[i]; i = (i + 1) & (ifc->mcset_slots - 1))
		if (ifc->mcset[i] == k)
			return true;
	return false;
}

static void mcset_put(struct xdp6d_iface *ifc, uint64_t k)
{
	size_t i;

	for (i = mcset_home(ifc, k); ifc->mcset[i]; i = (i + 1) & (ifc->mcset_slots - 1))
		;
	ifc->mcset[i] = k;
}

static int mcset_add(struct xdp6d_iface *ifc, uint64_t k)
{
	if (2 * (ifc->mcset_n + 1) > ifc->mcset_slots) {
		size_t old = ifc->mcset_slots, i, n = old ? old * 2 : 64;
		uint64_t *o = ifc->mcset, *s = calloc(n, sizeof(*s));

		if (!s)
			return -ENOMEM;
		ifc->mcset = s;
		ifc->mcset_slots = n;
		for (i = 0; i < old; i++)
			if (o[i])
				mcset_put(ifc, o[i]);
		free(o);
	}
	mcset_put(ifc, k);
	ifc->mcset_n++;
	return 0;
}

static void mcset_del(struct xdp6d_iface *ifc, uint64_t k)
{
	size_t mask = ifc->mcset_slots - 1, hole, j, home;

	if (!mcset_has(ifc, k))
		return;
	for (hole = mcset_home(ifc, k); ifc->mcset[hole] != k; hole = (hole + 1) & mask)
		;
	for (j = (hole + 1) & mask; ifc->mcset[j]; j = (j + 1) & mask) {
		home = mcset_home(ifc, ifc->mcset[j]);
		if (((j - home) & mask) >= ((j - hole) & mask)) {
			ifc->mcset[hole] = ifc->mcset[j];
			hole = j;
		}
	}
	ifc->mcset[hole] = 0;
	ifc->mcset_n--;
}

static int mc_find(const struct xdp6d_iface *ifc, const uint8_t mac[ETH6_ALEN])
{
	unsigned i;

	if (!mcset_has(ifc, mac_key(mac)))
		return -1;

	for (i = 0; i < ifc->mc_n; i++)
		if (!memcmp(ifc->mc[i].mac, mac, ETH6_ALEN))
			return (int)i;
	return -1;
}

/* Records mac as in the filter on our behalf; inherited: a previous xdp6d added it. */
static int mc_track(struct xdp6d_iface *ifc, const uint8_t mac[ETH6_ALEN], bool inherited)
{
	if (ifc->mc_n == ifc->mc_cap) {
		unsigned cap = ifc->mc_cap ? ifc->mc_cap * 2 : 8;
		void *p = realloc(ifc->mc, cap * sizeof(*ifc->mc));

		if (!p)
			return -ENOMEM;
		ifc->mc = p;
		ifc->mc_cap = cap;
	}
	if (mcset_add(ifc, mac_key(mac)))
		return -ENOMEM;
	memcpy(ifc->mc[ifc->mc_n].mac, mac, ETH6_ALEN);
	ifc->mc[ifc->mc_n].inherited = inherited;
	ifc->mc_n++;
	return 0;
}

static void mc_untrack(struct xdp6d_iface *ifc, unsigned i)
{
	mcset_del(ifc, mac_key(ifc->mc[i].mac));
	memmove(&ifc->mc[i], &ifc->mc[i + 1], (ifc->mc_n - i - 1) * sizeof(*ifc->mc));
	ifc->mc_n--;
}

static void log_mac_err(struct xdp6d_iface *ifc, const char *what, const uint8_t *mac, int err)
{
	xlog(ifc->ifname, "Couldn't %s multicast MAC %02x:%02x:%02x:%02x:%02x:%02x: %s", what,
	     mac[0], mac[1], mac[2], mac[3], mac[4], mac[5], strerror(-err));
}

static void mc_add(struct xdp6d_iface *ifc, const struct in6_addr *g)
{
	uint8_t mac[ETH6_ALEN];
	int err;

	ip6_mc_mac(g, mac);
	if (mc_find(ifc, mac) >= 0)
		return;		/* groups sharing the low 32 bits share the MAC */
	err = nic_mc(ifc, mac, true);
	if (err) {
		log_mac_err(ifc, "add", mac, err);
		return;
	}
	if (mc_track(ifc, mac, false)) {
		nic_mc(ifc, mac, false);
		log_mac_err(ifc, "track", mac, -ENOMEM);
	}
}

static int group_find(const struct xdp6d_iface *ifc, const struct in6_addr *g)
{
	size_t i = hindex_find(&ifc->gix, ifc->groups, sizeof(*ifc->groups), g);

	return i == HINDEX_NONE ? -1 : (int)i;
}

/* Is mac still needed: the MAC of a group we listen to, of ff02::1, or of ff02::2 as a router? */
static bool mc_needed(const struct xdp6d_iface *ifc, const uint8_t mac[ETH6_ALEN])
{
	uint8_t m2[ETH6_ALEN];
	unsigned i;

	ip6_mc_mac(&ip6_all_nodes, m2);
	if (!memcmp(m2, mac, ETH6_ALEN))
		return true;
	ip6_mc_mac(&ip6_all_routers, m2);
	if (!memcmp(m2, mac, ETH6_ALEN) && ifc->iface_written &&
	    (ifc->iface_last.flags & XDP6_IF_ROUTER))
		return true;
	for (i = 0; i < ifc->ngroups; i++) {
		ip6_mc_mac(&ifc->groups[i].g, m2);
		if (!memcmp(m2, mac, ETH6_ALEN))
			return true;
	}
	return false;
}

/* Drops g's MAC unless something we still listen to maps to it. */
static void mc_del(struct xdp6d_iface *ifc, const struct in6_addr *g)
{
	uint8_t mac[ETH6_ALEN];
	int i, err;

	ip6_mc_mac(g, mac);
	i = mc_find(ifc, mac);
	if (i < 0 || mc_needed(ifc, mac))
		return;
	err = nic_mc(ifc, mac, false);
	if (err && err != -ENOENT)
		log_mac_err(ifc, "remove", mac, err);
	mc_untrack(ifc, (unsigned)i);
}

/* Queues a "duplicate address" log line for maps_flush_events(). */
static void dup_queue(struct xdp6d_iface *ifc, const struct in6_addr *a)
{
	if (ifc->ndup == ifc->dup_cap) {
		unsigned cap = ifc->dup_cap ? ifc->dup_cap * 2 : 4;
		void *p = realloc(ifc->dup_pending, cap * sizeof(*ifc->dup_pending));

		if (!p)
			return;
		ifc->dup_pending = p;
		ifc->dup_cap = cap;
	}
	ifc->dup_pending[ifc->ndup++] = *a;
}

static void on_publish(void *ctx, const struct in6_addr *a, const struct xdp6_addr_val *v)
{
	struct xdp6d_iface *ifc = ctx;
	struct xdp6_addr_val old;
	struct xdp6_addr_key k;
	char buf[INET6_ADDRSTRLEN];

	memcpy(k.addr, a, sizeof(k.addr));
	/* RFC 4862 §5.4.5: DAD failed. Said once, when the state becomes DUPLICATE (an adopted
	 * duplicate was already so in the map). */
	if (v->state == XDP6_ADDR_DUPLICATE &&
	    (bpf_map_lookup_elem(ifc->fd_addrs, &k, &old) || old.state != XDP6_ADDR_DUPLICATE))
		dup_queue(ifc, a);
	/* Restart: host_new() starts the generated link-local as tentative, and the adoption
	 * that follows at once makes it preferred again as it was pinned. Writing "tentative"
	 * in between would stop XDP answering for it for that moment: keep the pinned entry. */
	if (ifc->adopting && v->state == XDP6_ADDR_TENTATIVE &&
	    !bpf_map_lookup_elem(ifc->fd_addrs, &k, &old) && old.origin == v->origin &&
	    old.prefixlen == v->prefixlen &&
	    (old.state == XDP6_ADDR_PREFERRED || old.state == XDP6_ADDR_DEPRECATED))
		return;
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

/* groups map value: how many joins (from any module) hold the group; counted here, so that
 * what a previous xdp6d left in an adopted map is replaced, not added to. */
static void on_group_join(void *ctx, const struct in6_addr *g)
{
	struct xdp6d_iface *ifc = ctx;
	struct xdp6_addr_key k;
	char buf[INET6_ADDRSTRLEN];
	int i = group_find(ifc, g);
	__u32 n;

	if (i < 0) {
		if (ifc->ngroups == ifc->groups_cap) {
			unsigned cap = ifc->groups_cap ? ifc->groups_cap * 2 : 16;
			void *p = realloc(ifc->groups, cap * sizeof(*ifc->groups));

			if (!p) {
				xlog(ifc->ifname, "Couldn't join %s: out of memory",
				     fmt_addr(g, buf));
				return;
			}
			ifc->groups = p;
			ifc->groups_cap = cap;
			if (hindex_reset(&ifc->gix, sizeof(struct in6_addr), cap)) {
				ifc->groups_cap = ifc->ngroups;	/* the index still fits that */
				xlog(ifc->ifname, "Couldn't join %s: out of memory",
				     fmt_addr(g, buf));
				return;
			}
			for (unsigned k = 0; k < ifc->ngroups; k++)
				hindex_insert(&ifc->gix, &ifc->groups[k].g, k);
		}
		i = (int)ifc->ngroups++;
		ifc->groups[i].g = *g;
		ifc->groups[i].refs = 0;
		hindex_insert(&ifc->gix, g, (size_t)i);
	}
	n = ++ifc->groups[i].refs;
	memcpy(k.addr, g, sizeof(k.addr));
	if (bpf_map_update_elem(ifc->fd_groups, &k, &n, BPF_ANY))
		xlog(ifc->ifname, "Couldn't add group %s to the groups map: %s", fmt_addr(g, buf),
		     strerror(errno));
	if (n == 1) {
		mc_add(ifc, g);
		xlog_dbg(ifc->ifname, "joined %s", fmt_addr(g, buf));
	}
}

static void on_group_leave(void *ctx, const struct in6_addr *g)
{
	struct xdp6d_iface *ifc = ctx;
	struct xdp6_addr_key k;
	char buf[INET6_ADDRSTRLEN];
	int i = group_find(ifc, g);
	__u32 n;

	if (i < 0)
		return;
	memcpy(k.addr, g, sizeof(k.addr));
	n = --ifc->groups[i].refs;
	if (n) {
		bpf_map_update_elem(ifc->fd_groups, &k, &n, BPF_ANY);
		return;
	}
	hindex_remove(&ifc->gix, ifc->groups, sizeof(*ifc->groups), (size_t)i);
	if ((unsigned)i != ifc->ngroups - 1) {
		ifc->groups[i] = ifc->groups[ifc->ngroups - 1];
		hindex_move(&ifc->gix, &ifc->groups[i].g, ifc->ngroups - 1, (size_t)i);
	}
	ifc->ngroups--;
	if (bpf_map_delete_elem(ifc->fd_groups, &k) && errno != ENOENT)
		xlog(ifc->ifname, "Couldn't remove group %s from the groups map: %s",
		     fmt_addr(g, buf), strerror(errno));
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

/* pmtu: RFC 8201 path MTUs below the link MTU, for the fast path's Echo Replies. */
static void on_pmtu_changed(void *ctx, const struct in6_addr *dst, uint32_t mtu,
			    xdp6_ns expires)
{
	struct xdp6d_iface *ifc = ctx;
	struct xdp6_pmtu v = { .mtu = mtu, .expires_ns = expires };
	struct xdp6_addr_key k;
	char buf[INET6_ADDRSTRLEN];
	int rc;

	memcpy(k.addr, dst, sizeof(k.addr));
	/* host time is CLOCK_MONOTONIC (io_now), as bpf_ktime_get_ns() */
	rc = expires ? bpf_map_update_elem(ifc->fd_pmtu, &k, &v, BPF_ANY) :
		       bpf_map_delete_elem(ifc->fd_pmtu, &k);
	if (rc && !(errno == ENOENT && !expires))
		xlog(ifc->ifname, "Couldn't %s the path MTU of %s in the pmtu map: %s",
		     expires ? "write" : "remove", fmt_addr(dst, buf), strerror(errno));
}

void maps_host_ops(struct xdp6d_iface *ifc, struct host_ops *ops)
{
	ops->addr_publish = on_publish;
	ops->addr_unpublish = on_unpublish;
	ops->group_join = on_group_join;
	ops->group_leave = on_group_leave;
	ops->iface_changed = on_iface_changed;
	ops->served_changed = on_served_changed;
	ops->pmtu_changed = on_pmtu_changed;
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
	/* RFC 4861 §6.3.4: a router's Cur Hop Limit becomes the hop limit of our Echo Replies. */
	if (ifc->iface_written && v.echo_hop_limit != ifc->iface_last.echo_hop_limit)
		xlog(ifc->ifname, "hop limit of Echo Replies now %u", v.echo_hop_limit);
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
		if (!(ifc->keep_state && ifc->mc[i].inherited))
			nic_mc(ifc, ifc->mc[i].mac, false);
	free(ifc->mc);
	ifc->mc = NULL;
	ifc->mc_n = ifc->mc_cap = 0;
	free(ifc->groups);
	hindex_free(&ifc->gix);
	free(ifc->mcset);
	ifc->mcset = NULL;
	ifc->mcset_slots = ifc->mcset_n = 0;
	ifc->groups = NULL;
	ifc->ngroups = ifc->groups_cap = 0;
	free(ifc->dup_pending);
	ifc->dup_pending = NULL;
	ifc->ndup = ifc->dup_cap = 0;
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

/* The MACs a previous xdp6d put in the NIC filter: one per group in its groups map, ff02::1's,
 * and ff02::2's when its iface map says router. fn(ifc, mac) once per distinct MAC. */
static void leftover_macs(struct xdp6d_iface *ifc,
			  void (*fn)(struct xdp6d_iface *, const uint8_t *, void *), void *arg)
{
	struct xdp6_addr_key k, next;
	struct xdp6_iface v;
	uint8_t (*macs)[ETH6_ALEN] = NULL, mac[ETH6_ALEN];
	unsigned n = 0, cap = 0, i;
	__u32 zero = 0;
	void *prev = NULL;
	bool more = true;

	ip6_mc_mac(&ip6_all_nodes, mac);
	while (more) {
		for (i = 0; i < n && memcmp(macs[i], mac, ETH6_ALEN); i++)
			;
		if (i == n) {
			if (n == cap) {
				void *p = realloc(macs, (cap = cap ? cap * 2 : 16) * ETH6_ALEN);

				if (!p)
					break;
				macs = p;
			}
			memcpy(macs[n++], mac, ETH6_ALEN);
			fn(ifc, mac, arg);
		}
		more = !bpf_map_get_next_key(ifc->fd_groups, prev, &next);
		if (more) {
			ip6_mc_mac((const struct in6_addr *)next.addr, mac);
			k = next;
			prev = &k;
		}
	}
	if (!bpf_map_lookup_elem(ifc->fd_iface, &zero, &v) && (v.flags & XDP6_IF_ROUTER)) {
		ip6_mc_mac(&ip6_all_routers, mac);
		for (i = 0; i < n && memcmp(macs[i], mac, ETH6_ALEN); i++)
			;
		if (i == n)
			fn(ifc, mac, arg);
	}
	free(macs);
}

static void inherit_mac(struct xdp6d_iface *ifc, const uint8_t *mac, void *arg)
{
	unsigned *n = arg;

	if (!mc_track(ifc, mac, true))
		(*n)++;
}

/* The path MTUs a previous xdp6d learned: this one starts with an empty table (`pmtu show`
 * must tell what XDP uses), and a Packet Too Big will come again if the path is still narrow
 * (RFC 8201 §4). */
static void pmtu_forget(struct xdp6d_iface *ifc)
{
	struct xdp6_addr_key next;
	unsigned n = 0;

	while (n < XDP6_PMTU_MAX && !bpf_map_get_next_key(ifc->fd_pmtu, NULL, &next) &&
	       !bpf_map_delete_elem(ifc->fd_pmtu, &next))
		n++;
	if (n)
		xlog_dbg(ifc->ifname, "%u path MTU%s of the previous xdp6d forgotten", n,
			 n == 1 ? "" : "s");
}

int maps_adopt_begin(struct xdp6d_iface *ifc)
{
	__u32 zero = 0;
	unsigned n = 0;

	/* The iface map as it is: token buckets are refilled only if the rates change. */
	if (!bpf_map_lookup_elem(ifc->fd_iface, &zero, &ifc->iface_last))
		ifc->iface_written = true;
	leftover_macs(ifc, inherit_mac, &n);
	xlog_dbg(ifc->ifname, "%u multicast MAC%s in the NIC filter taken over", n,
		 n == 1 ? "" : "s");
	pmtu_forget(ifc);
	return 0;
}

void maps_adopt_end(struct xdp6d_iface *ifc)
{
	struct xdp6_addr_key k, next, *gone = NULL;
	unsigned n = 0, cap = 0, i;
	char buf[INET6_ADDRSTRLEN];
	void *prev = NULL;
	int err;

	/* Groups of the previous xdp6d that no address or module of ours holds now. */
	while (!bpf_map_get_next_key(ifc->fd_groups, prev, &next)) {
		if (group_find(ifc, (const struct in6_addr *)next.addr) < 0) {
			if (n == cap) {
				void *p = realloc(gone, (cap = cap ? cap * 2 : 8) * sizeof(*gone));

				if (!p)
					break;
				gone = p;
			}
			gone[n++] = next;
		}
		k = next;
		prev = &k;
	}
	for (i = 0; i < n; i++) {
		bpf_map_delete_elem(ifc->fd_groups, &gone[i]);
		xlog_dbg(ifc->ifname, "left %s (held by the previous xdp6d only)",
			 fmt_addr((const struct in6_addr *)gone[i].addr, buf));
	}
	free(gone);
	/* Their MACs too, unless still needed; what stays is ours from now on. */
	for (i = 0; i < ifc->mc_n; ) {
		if (!ifc->mc[i].inherited) {
			i++;
			continue;
		}
		ifc->mc[i].inherited = false;
		if (mc_needed(ifc, ifc->mc[i].mac)) {
			i++;
			continue;
		}
		err = nic_mc(ifc, ifc->mc[i].mac, false);
		if (err && err != -ENOENT)
			log_mac_err(ifc, "remove", ifc->mc[i].mac, err);
		mc_untrack(ifc, i);
	}
}

static void drop_mac(struct xdp6d_iface *ifc, const uint8_t *mac, void *arg)
{
	unsigned *n = arg;

	if (!nic_mc(ifc, mac, false))
		(*n)++;
}

void maps_drop_stale(struct xdp6d_iface *ifc)
{
	unsigned n = 0;

	if (ifc->fd_groups < 0 || ifc->fd_iface < 0)
		return;
	leftover_macs(ifc, drop_mac, &n);
	if (n)
		xlog(ifc->ifname, "removed %u multicast MAC%s the previous xdp6d left in the NIC "
		     "filter", n, n == 1 ? "" : "s");
}

size_t maps_pinned_addrs(struct xdp6d_iface *ifc, struct maps_addr **out)
{
	struct xdp6_addr_key k, next;
	struct maps_addr *a = NULL;
	size_t n = 0, cap = 0;
	void *prev = NULL;

	while (!bpf_map_get_next_key(ifc->fd_addrs, prev, &next)) {
		if (n == cap) {
			void *p = realloc(a, (cap = cap ? cap * 2 : 16) * sizeof(*a));

			if (!p)
				break;
			a = p;
		}
		memcpy(&a[n].addr, next.addr, sizeof(a[n].addr));
		if (!bpf_map_lookup_elem(ifc->fd_addrs, &next, &a[n].v))
			n++;
		k = next;
		prev = &k;
	}
	*out = a;
	return n;
}

size_t maps_pinned_served(struct xdp6d_iface *ifc, struct xdp6_served_key **out)
{
	struct xdp6_served_key k, next, *a = NULL;
	size_t n = 0, cap = 0;
	void *prev = NULL;

	while (!bpf_map_get_next_key(ifc->fd_served, prev, &next)) {
		if (n == cap) {
			void *p = realloc(a, (cap = cap ? cap * 2 : 16) * sizeof(*a));

			if (!p)
				break;
			a = p;
		}
		a[n++] = next;
		k = next;
		prev = &k;
	}
	*out = a;
	return n;
}

xdp6_ns maps_neigh_import(struct xdp6d_iface *ifc, xdp6_ns now, bool force)
{
	struct xdp6_addr_key k, next;
	struct xdp6_neigh rec;
	uint64_t newest = ifc->neigh_seen;
	void *prev = NULL;
	unsigned n = 0;

	if (!ifc->host || ifc->fd_neigh < 0 || (!force && now < ifc->neigh_import_at))
		return ifc->neigh_import_at;
	/* Bounded by the map size (XDP6_NEIGH_MAX); an entry evicted by the LRU meanwhile only
	 * ends the walk early, the next import goes on. */
	while (n++ < XDP6_NEIGH_MAX && !bpf_map_get_next_key(ifc->fd_neigh, prev, &next)) {
		if (!bpf_map_lookup_elem(ifc->fd_neigh, &next, &rec) &&
		    rec.seen_ns > ifc->neigh_seen) {
			struct in6_addr a;

			memcpy(&a, next.addr, sizeof(a));
			host_neigh_learn(ifc->host, now, &a, rec.mac);
			if (rec.seen_ns > newest)
				newest = rec.seen_ns;
		}
		k = next;
		prev = &k;
	}
	ifc->neigh_seen = newest;
	ifc->neigh_import_at = now + XDP6_NS_PER_SEC;
	return ifc->neigh_import_at;
}

void maps_flush_events(struct xdp6d_iface *ifc)
{
	char buf[INET6_ADDRSTRLEN];
	const uint64_t *ds;
	const char *why;
	uint64_t ns, na;
	unsigned i;

	if (!ifc->host)
		return;
	ds = host_dstats(ifc->host);
	ns = ds[D_DAD_CONFLICT_NS] - ifc->dad_conflicts_seen[0];
	na = ds[D_DAD_CONFLICT_NA] - ifc->dad_conflicts_seen[1];
	ifc->dad_conflicts_seen[0] = ds[D_DAD_CONFLICT_NS];
	ifc->dad_conflicts_seen[1] = ds[D_DAD_CONFLICT_NA];
	if (!ifc->ndup)
		return;
	/* RFC 4862 §5.4.3 (an NS for it from another node doing DAD) or §5.4.4 (an NA for it) */
	why = ns && !na ? "DAD: NS from another node" : na && !ns ? "DAD: NA from another node" :
	      ns ? "DAD: NS and NA from other nodes" : "DAD";
	for (i = 0; i < ifc->ndup; i++)
		xlog(ifc->ifname, "%s is a duplicate address (%s); not serving it",
		     fmt_addr(&ifc->dup_pending[i], buf), why);
	ifc->ndup = 0;
}
