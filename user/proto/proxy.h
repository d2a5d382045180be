/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The NDP proxy's prefixes (xdp6ctl proxy; RFC 4861 §7.2.8, RFC 4389): which prefixes an
 * interface answers NS for on behalf of the hosts behind it, sans-I/O. The host publishes each
 * change to the `proxy` LPM trie (host_ops.proxy_changed); a config loader adds through the
 * same host_proxy() call as xdp6ctl. */
#ifndef XDP6_PROXY_H
#define XDP6_PROXY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "xdp6_maps.h"

#define PROXY_MAX	XDP6_PROXY_MAX		/* prefixes per interface: the map's size */

struct proxy_entry {
	struct in6_addr prefix;		/* host bits zero */
	uint8_t plen;			/* 1-128 */
	uint8_t mode;			/* enum xdp6_proxy_mode */
};

struct proxy_table;

struct proxy_table *proxy_new(size_t max);
void proxy_free(struct proxy_table *t);
/* Checks and normalises a prefix: -EINVAL for a length outside 1-128, host bits set, or a
 * prefix no neighbor can own (multicast, link-local, ::, ::1); 0 otherwise. */
int proxy_check(const struct in6_addr *prefix, unsigned plen);
/* add: 0, -EINVAL (proxy_check), -EEXIST (same prefix and length), -ENOSPC; del: 0, -ENOENT.
 * mode is ignored by del. */
int proxy_change(struct proxy_table *t, const struct in6_addr *prefix, uint8_t plen,
		 uint8_t mode, bool add);
/* Copies up to max entries, in the order added; returns how many there are. */
size_t proxy_list(const struct proxy_table *t, struct proxy_entry *out, size_t max);
const char *proxy_mode_name(uint8_t mode);

/* --auto (ndppd's `auto`): an auto prefix P is answered only where a route of the main table
 * through another interface than ours reaches: the trie gets exactly the intersections of P
 * with those routes (the longer of the two, as one of two overlapping prefixes contains the
 * other). What the trie must hold is kept as keys with a count of reasons (a static prefix,
 * each (auto prefix, route) pair), so a key shared by a static prefix and an intersection, or
 * by two routes, goes only when its last reason goes. Every entry is published with mode
 * static: the fast path answers a key it finds, whatever made it. */
struct proxy_route {
	struct in6_addr dst;		/* RTA_DST, host bits zero */
	uint8_t dst_len;
	int oif;			/* RTA_OIF: 0 for a multipath route */
	uint32_t table;			/* RT_TABLE_* */
	uint32_t metric;		/* RTA_PRIORITY */
	uint8_t type;			/* RTN_* */
	/* RTM_NEWROUTE with NLM_F_REPLACE (`ip route replace`, a routing daemon's update): this
	 * route took the place of the one(s) with the same dst, dst_len, table and metric, which
	 * the kernel sends no RTM_DELROUTE for */
	bool replace;
};

/* Told each trie change; mode is always XDP6_PROXY_STATIC (see above). */
typedef void (*proxy_emit_fn)(void *ctx, const struct in6_addr *prefix, uint8_t plen,
			      uint8_t mode, bool add);

/* Our interface (a route through it is never a reason to answer) and where trie changes go;
 * set before the first change. */
void proxy_set_out(struct proxy_table *t, int ifindex, proxy_emit_fn emit, void *ctx);
/* A route appeared (present) or went (RTM_NEWROUTE / RTM_DELROUTE). Kept only when it counts:
 * main table, unicast, one output interface that is not ours, and overlapping an auto prefix
 * (so a full routing table costs nothing but the check). A route is known by dst, dst_len,
 * metric and oif. A replacing one (r->replace) also removes the kept routes it replaced (same
 * dst, dst_len and metric, another oif), after it is itself kept if it counts, so a key both
 * reach is never withdrawn in between. Returns 1 when something was kept or removed, 0 when
 * ignored, -ENOSPC / -ENOMEM when the route could not be kept (what it replaced still goes). */
int proxy_route(struct proxy_table *t, bool present, const struct proxy_route *r);
/* A resync (a dump after lost events, or a new auto prefix, whose routes were not kept):
 * between begin and end, proxy_route(present) calls tell every route there is; at end the
 * routes not told again are removed. Keys that stay are never withdrawn in between. */
void proxy_routes_begin(struct proxy_table *t);
void proxy_routes_end(struct proxy_table *t);
/* What the trie holds (keys, mode static); returns how many. */
size_t proxy_published(const struct proxy_table *t, struct proxy_entry *out, size_t max);
size_t proxy_routes(const struct proxy_table *t);
bool proxy_has_auto(const struct proxy_table *t);
/* Restart adoption: once the prefixes are added again and the routes dumped, every key the
 * pinned trie held that is not published now (a route that went while no xdp6d ran) is
 * removed. */
void proxy_reconcile(struct proxy_table *t, const struct proxy_entry *pinned, size_t n);

/* Allmulticast (IFF_ALLMULTI) while any prefix is proxied: the NS for a proxied target goes to
 * its solicited-node group (RFC 4861 §7.2.2), which a NIC's multicast filter drops before XDP
 * unless the interface is in allmulticast mode. The user-space flag is one bit, not a count, so
 * xdp6d clears it only when it set it: ours says so, and outlives a restart (proxy_io.c). */
enum proxy_allmulti_act {
	PROXY_ALLMULTI_NONE,
	PROXY_ALLMULTI_SET,
	PROXY_ALLMULTI_CLEAR,
};
/* need: a prefix is configured; on: the flag as read now. Updates *ours when the flag is off
 * (whoever cleared it, it is no longer ours to clear) and tells what to do; the caller calls
 * proxy_allmulti_done() with the outcome. */
enum proxy_allmulti_act proxy_allmulti(bool need, bool on, bool *ours);
void proxy_allmulti_done(enum proxy_allmulti_act act, bool ok, bool *ours);

#endif /* XDP6_PROXY_H */
