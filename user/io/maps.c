// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Writes what the host decided into the XDP program's maps (include/xdp6_maps.h: addrs, iface,
 * tokens, groups, served, pmtu) and the NIC multicast filter, as it says, and reads the maps
 * back for it (restart snapshot, neighbors XDP learned, stats). The one map writer; no protocol
 * state lives here. */
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
#include "proxy_io.h"
#include "addr.h"
#include "log.h"

static const char *fmt_addr(const struct in6_addr *a, char *buf)
{
	return inet_ntop(AF_INET6, a, buf, INET6_ADDRSTRLEN);
}

/* SIOCADDMULTI / SIOCDELMULTI on the interface (the kernel's dev_mc_add_global: adding a MAC
 * that is there already, or removing one that is not, changes nothing). */
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

/* Writes ownbits word idx as the counts say (OWNBITS_NONE: nothing changed). */
static int own_write(struct xdp6d_iface *ifc, uint32_t idx)
{
	__u64 w;

	if (idx == OWNBITS_NONE)
		return 0;
	w = ownbits_word(&ifc->own, idx);
	return bpf_map_update_elem(ifc->fd_ownbits, &idx, &w, BPF_ANY) ? -errno : 0;
}

/* addrgen += 1 (include/xdp6_maps.h): after every write of addrs, so that XDP stops answering
 * from what its addrcache slots remember of the addrs before. Read, not counted here: a
 * daemon that adopts a running program continues from the pinned value. fd < 0: no such map
 * (tests that give only addrs and ownbits). */
static void addrgen_bump(struct xdp6d_iface *ifc)
{
	__u32 zero = 0;
	__u64 gen = 0;

	if (ifc->fd_addrgen < 0)
		return;
	if (bpf_map_lookup_elem(ifc->fd_addrgen, &zero, &gen) ||
	    (gen++, bpf_map_update_elem(ifc->fd_addrgen, &zero, &gen, BPF_ANY)))
		xlog(ifc->ifname, "Couldn't step the addrgen map: %s (XDP may answer from the "
		     "addresses as they were)", strerror(errno));
}

/* ownbits stays a superset of addrs' keys (include/xdp6_maps.h): a new key's bit is set before
 * the key enters addrs; a key already there (a state change) is counted once. */
static void on_publish(void *ctx, const struct in6_addr *a, const struct xdp6_addr_val *v)
{
	struct xdp6d_iface *ifc = ctx;
	struct xdp6_addr_key k;
	char buf[INET6_ADDRSTRLEN];
	int err;

	memcpy(k.addr, a, sizeof(k.addr));
	err = ifc->own.count ? 0 : ownbits_init(&ifc->own);
	if (!err)
		err = own_write(ifc, ownbits_ref(&ifc->own, a));
	if (!err && bpf_map_update_elem(ifc->fd_addrs, &k, v, BPF_NOEXIST))
		err = -errno;
	if (err && ifc->own.count) {
		/* not a new key: its count back (the bit stays set while it has keys) */
		own_write(ifc, ownbits_unref(&ifc->own, a));
		if (err == -EEXIST)
			err = bpf_map_update_elem(ifc->fd_addrs, &k, v, BPF_EXIST) ? -errno : 0;
	}
	addrgen_bump(ifc);
	if (err)
		xlog(ifc->ifname, "Couldn't publish %s to the addrs map: %s", fmt_addr(a, buf),
		     strerror(-err));
	else
		xlog_dbg(ifc->ifname, "%s/%u %s", fmt_addr(a, buf), v->prefixlen,
			 addr_state_name(v->state));
}

/* The bit is cleared only after its last key left addrs (and addrgen stepped: gone for XDP). */
static void on_unpublish(void *ctx, const struct in6_addr *a)
{
	struct xdp6d_iface *ifc = ctx;
	struct xdp6_addr_key k;
	char buf[INET6_ADDRSTRLEN];

	memcpy(k.addr, a, sizeof(k.addr));
	if (bpf_map_delete_elem(ifc->fd_addrs, &k)) {
		if (errno != ENOENT)
			xlog(ifc->ifname, "Couldn't remove %s from the addrs map: %s",
			     fmt_addr(a, buf), strerror(errno));
		return;
	}
	addrgen_bump(ifc);
	if (ifc->own.count)
		own_write(ifc, ownbits_unref(&ifc->own, a));
	xlog_dbg(ifc->ifname, "%s removed", fmt_addr(a, buf));
}

/* groups map value: 1, the group is listened to (the host counts its users). */
static void on_group_join(void *ctx, const struct in6_addr *g)
{
	struct xdp6d_iface *ifc = ctx;
	struct xdp6_addr_key k;
	char buf[INET6_ADDRSTRLEN];
	__u32 one = 1;

	memcpy(k.addr, g, sizeof(k.addr));
	if (bpf_map_update_elem(ifc->fd_groups, &k, &one, BPF_ANY))
		xlog(ifc->ifname, "Couldn't add group %s to the groups map: %s", fmt_addr(g, buf),
		     strerror(errno));
	else
		xlog_dbg(ifc->ifname, "joined %s", fmt_addr(g, buf));
}

static void on_group_leave(void *ctx, const struct in6_addr *g)
{
	struct xdp6d_iface *ifc = ctx;
	struct xdp6_addr_key k;
	char buf[INET6_ADDRSTRLEN];

	memcpy(k.addr, g, sizeof(k.addr));
	if (bpf_map_delete_elem(ifc->fd_groups, &k) && errno != ENOENT)
		xlog(ifc->ifname, "Couldn't remove group %s from the groups map: %s",
		     fmt_addr(g, buf), strerror(errno));
	else
		xlog_dbg(ifc->ifname, "left %s", fmt_addr(g, buf));
}

static void on_mc_filter(void *ctx, const uint8_t mac[ETH6_ALEN], bool add)
{
	struct xdp6d_iface *ifc = ctx;
	int err = nic_mc(ifc, mac, add);

	if (err && !(err == -ENOENT && !add))
		xlog(ifc->ifname, "Couldn't %s multicast MAC %02x:%02x:%02x:%02x:%02x:%02x: %s",
		     add ? "add" : "remove", mac[0], mac[1], mac[2], mac[3], mac[4], mac[5],
		     strerror(-err));
}

/* Full buckets, stamped now (bpf_ktime_get_ns() is CLOCK_MONOTONIC too). */
static void tokens_reset(struct xdp6d_iface *ifc, const struct xdp6_iface *v)
{
	struct xdp6_bucket b;
	__u32 id;

	for (id = 0; id < XDP6_BUCKET_MAX; id++) {
		memset(&b, 0, sizeof(b));
		b.tokens = (__u64)(id == XDP6_BUCKET_ECHO ? v->echo_burst : v->na_burst) *
			   XDP6_TOKEN_SCALE;
		b.last_ns = io_now();
		if (bpf_map_update_elem(ifc->fd_tokens, &id, &b, BPF_F_LOCK))
			xlog(ifc->ifname, "Couldn't reset the token buckets: %s", strerror(errno));
	}
}

static void on_iface_changed(void *ctx, const struct xdp6_iface *v, bool refill_tokens)
{
	struct xdp6d_iface *ifc = ctx;
	__u32 key = 0;

	if (refill_tokens)
		tokens_reset(ifc, v);
	if (bpf_map_update_elem(ifc->fd_iface, &key, v, BPF_ANY))
		xlog(ifc->ifname, "Couldn't write the iface map: %s", strerror(errno));
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

/* proxy: the NDP proxy's prefixes, an LPM trie keyed by (length, prefix). */
static void on_proxy_changed(void *ctx, const struct in6_addr *prefix, uint8_t plen,
			     uint8_t mode, bool add)
{
	struct xdp6d_iface *ifc = ctx;
	struct xdp6_proxy_key k = { .prefixlen = plen };
	struct xdp6_proxy_val v = { .mode = mode };
	int rc;

	memcpy(k.addr, prefix, sizeof(k.addr));
	rc = add ? bpf_map_update_elem(ifc->fd_proxy, &k, &v, BPF_ANY) :
		   bpf_map_delete_elem(ifc->fd_proxy, &k);
	if (rc && !(errno == ENOENT && !add))
		xlog(ifc->ifname, "Couldn't %s proxy prefix /%u: %s", add ? "add" : "remove", plen,
		     strerror(errno));
}

/* the pinned record of configured prefixes and --auto's routes (proxy_io.h) */
static void on_proxy_configured(void *ctx, const struct in6_addr *prefix, uint8_t plen,
				uint8_t mode, bool add)
{
	proxy_io_configured(ctx, prefix, plen, mode, add);
}

void maps_host_ops(struct xdp6d_iface *ifc, struct host_ops *ops)
{
	ops->addr_publish = on_publish;
	ops->addr_unpublish = on_unpublish;
	ops->group_join = on_group_join;
	ops->group_leave = on_group_leave;
	ops->mc_filter = on_mc_filter;
	ops->iface_changed = on_iface_changed;
	ops->served_changed = on_served_changed;
	ops->pmtu_changed = on_pmtu_changed;
	ops->proxy_changed = on_proxy_changed;
	ops->proxy_configured = on_proxy_configured;
	ops->ctx = ifc;
}

/* The keys of map fd (key_size bytes each) into a malloc'd array (*out); how many. Bounded by
 * the map's size: keys deleted or added meanwhile only end the walk early. */
static size_t map_keys(int fd, size_t key_size, void **out)
{
	struct bpf_map_info info;
	__u32 len = sizeof(info);
	char cur[64], next[64];
	size_t n = 0, cap = 0;
	char *a = NULL;
	void *prev = NULL;

	*out = NULL;
	memset(&info, 0, sizeof(info));
	if (fd < 0 || key_size > sizeof(cur) || bpf_obj_get_info_by_fd(fd, &info, &len) ||
	    info.key_size != key_size)
		return 0;
	while (n < info.max_entries && !bpf_map_get_next_key(fd, prev, next)) {
		if (n == cap) {
			void *p = realloc(a, (cap = cap ? cap * 2 : 16) * key_size);

			if (!p)
				break;
			a = p;
		}
		memcpy(a + n++ * key_size, next, key_size);
		memcpy(cur, next, key_size);
		prev = cur;
	}
	*out = a;
	return n;
}

int maps_snapshot(struct xdp6d_iface *ifc, struct maps_snapshot *out)
{
	struct xdp6_addr_key *keys;
	size_t n, i, k = 0;
	__u32 zero = 0;
	void *p;

	memset(out, 0, sizeof(*out));
	n = map_keys(ifc->fd_addrs, sizeof(*keys), &p);
	keys = p;
	out->addrs = n ? calloc(n, sizeof(*out->addrs)) : NULL;
	for (i = 0; out->addrs && i < n; i++) {
		memcpy(&out->addrs[k].addr, keys[i].addr, sizeof(out->addrs[k].addr));
		if (!bpf_map_lookup_elem(ifc->fd_addrs, &keys[i], &out->addrs[k].v))
			k++;
	}
	free(keys);
	out->s.naddrs = k;
	/* the addrs and groups keys are 16 address bytes (struct xdp6_addr_key) */
	out->s.ngroups = map_keys(ifc->fd_groups, sizeof(struct xdp6_addr_key), &p);
	out->groups = p;
	out->s.npmtu = map_keys(ifc->fd_pmtu, sizeof(struct xdp6_addr_key), &p);
	out->pmtu = p;
	out->s.nserved = map_keys(ifc->fd_served, sizeof(struct xdp6_served_key), &p);
	out->served = p;
	out->s.has_iface = ifc->fd_iface >= 0 &&
			   !bpf_map_lookup_elem(ifc->fd_iface, &zero, &out->s.iface);
	out->s.addrs = out->addrs;
	out->s.groups = out->groups;
	out->s.pmtu = out->pmtu;
	out->s.served = out->served;
	return n && !out->addrs ? -ENOMEM : 0;
}

int maps_ownbits_rebuild(struct xdp6d_iface *ifc)
{
	struct xdp6_addr_key *keys;
	struct in6_addr a;
	size_t n, i;
	uint32_t w;
	void *p;
	int err;

	ownbits_free(&ifc->own);
	err = ownbits_init(&ifc->own);
	if (err)
		return err;
	n = map_keys(ifc->fd_addrs, sizeof(*keys), &p);
	keys = p;
	for (i = 0; i < n; i++) {
		memcpy(&a, keys[i].addr, sizeof(a));
		ownbits_ref(&ifc->own, &a);
	}
	free(keys);
	/* every word: a bit a previous xdp6d left set without a key is cleared too */
	for (w = 0; w < XDP6_OWNBITS_WORDS && !err; w++)
		err = own_write(ifc, w);
	if (err)
		xlog(ifc->ifname, "Couldn't write the ownbits map: %s", strerror(-err));
	return err;
}

void maps_snapshot_free(struct maps_snapshot *snap)
{
	free(snap->addrs);
	free(snap->groups);
	free(snap->pmtu);
	free(snap->served);
	memset(snap, 0, sizeof(*snap));
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

/* Mirror mode (io/mirror_io.c): the same writers, for what user/proto/mirror.c decides. */
void maps_mirror_ops(struct xdp6d_iface *ifc, struct mirror_ops *ops)
{
	ops->addr_publish = on_publish;
	ops->addr_unpublish = on_unpublish;
	ops->iface_changed = on_iface_changed;
	ops->group_join = on_group_join;
	ops->group_leave = on_group_leave;
	ops->ctx = ifc;
}

void maps_neigh_each_new(struct xdp6d_iface *ifc, uint64_t *seen,
			 void (*fn)(void *ctx, const struct in6_addr *a, const uint8_t *mac),
			 void *ctx)
{
	struct xdp6_addr_key k, next;
	struct xdp6_neigh rec;
	uint64_t newest = *seen;
	void *prev = NULL;
	unsigned n = 0;

	if (ifc->fd_neigh < 0)
		return;
	/* bounded by the map size, as maps_neigh_import */
	while (n++ < XDP6_NEIGH_MAX && !bpf_map_get_next_key(ifc->fd_neigh, prev, &next)) {
		if (!bpf_map_lookup_elem(ifc->fd_neigh, &next, &rec) && rec.seen_ns > *seen) {
			struct in6_addr a;

			memcpy(&a, next.addr, sizeof(a));
			fn(ctx, &a, rec.mac);
			if (rec.seen_ns > newest)
				newest = rec.seen_ns;
		}
		k = next;
		prev = &k;
	}
	*seen = newest;
}
