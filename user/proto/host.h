/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* One IPv6 host per interface, sans-I/O: the address table and the protocol modules behind it
 * (DAD, MLD, neighbor cache, router discovery/SLAAC, ICMPv6 errors, reassembly). The daemon's
 * adapters feed it frames and time and carry out what it asks through struct host_ops; nothing
 * in here touches a socket, a clock or a map. */
#ifndef XDP6_HOST_H
#define XDP6_HOST_H

#include "pkt.h"
#include "mld.h"
#include "nud.h"
#include "rdisc.h"
#include "icmp6_err.h"
#include "pmtu.h"

struct host;

/* What the host asks of the outside world: each callback says what a map or the NIC must hold
 * now, decided here; the adapter writes it as it is. Every callback may be NULL in tests. */
struct host_ops {
	struct xdp6_tx tx;
	/* The addrs map entry for `a` must now read `v` (insert or update). */
	void (*addr_publish)(void *ctx, const struct in6_addr *a, const struct xdp6_addr_val *v);
	/* The addrs map entry for `a` must go. */
	void (*addr_unpublish)(void *ctx, const struct in6_addr *a);
	/* The groups map must now hold group g (join) or no longer (leave): a solicited-node
	 * group of our addresses (RFC 4291 §2.7.1), when its one reference count (MLD's) goes
	 * 0 -> 1 or 1 -> 0. ff02::1 and ff02::2 are not in the map (XDP knows them). */
	void (*group_join)(void *ctx, const struct in6_addr *g);
	void (*group_leave)(void *ctx, const struct in6_addr *g);
	/* The NIC's multicast filter must now pass (add) or no longer pass `mac`, the RFC 2464
	 * §7 MAC of groups we listen to (ff02::1, ff02::2 as a router, the solicited-node
	 * groups): called when the number of our groups mapping to it goes 0 -> 1 or 1 -> 0.
	 * With the kernel's IPv6 off on the interface nobody else adds them. */
	void (*mc_filter)(void *ctx, const uint8_t mac[ETH6_ALEN], bool add);
	/* The iface map value must now read `v` (link-local, hop limit changed; the first time
	 * at start); with refill_tokens, the token buckets must be full again first (the rates
	 * in `v` are new: start, or a restart with other rates). */
	void (*iface_changed)(void *ctx, const struct xdp6_iface *v, bool refill_tokens);
	/* The served map entry (proto, port) must now exist (add) or not. */
	void (*served_changed)(void *ctx, uint8_t proto, uint16_t port, bool add);
	/* The pmtu map entry for dst must now read mtu until expires (RFC 8201 §4), or go
	 * (expires 0: aged out or evicted, dst is back at the link MTU). */
	void (*pmtu_changed)(void *ctx, const struct in6_addr *dst, uint32_t mtu,
			     xdp6_ns expires);
	/* The proxy map entry prefix/plen must now exist with mode (add) or not (proxy.h). */
	void (*proxy_changed)(void *ctx, const struct in6_addr *prefix, uint8_t plen,
			      uint8_t mode, bool add);
	/* A prefix was added to or removed from the proxy table (host_proxy() succeeded): the
	 * record a restarted xdp6d reads, and for --auto, the routes to follow. */
	void (*proxy_configured)(void *ctx, const struct in6_addr *prefix, uint8_t plen,
				 uint8_t mode, bool add);
	void *ctx;
};

/* The daemon's protocol options, one X(kind, type, name, dims) per field: kind RUNTIME is
 * changed by host_set_cfg() (xdp6ctl reload), FIXED only by a restart. The struct, the run-time
 * copy and the fixed-field comparison are all generated from this one list, so a new field
 * cannot be left out of either (user/io/reload.c's OPT_RUNTIME rows must agree: test_host_cfg). */
#define HOST_CFG_FIELDS(X)							\
	X(FIXED, bool, dad, )		/* false: --no-dad, preferred at once */	\
	X(FIXED, unsigned, dad_transmits, )	/* DupAddrDetectTransmits, default 1 */	\
	X(FIXED, xdp6_ns, retrans_timer, )	/* RetransTimer, default 1 s */		\
	X(FIXED, bool, link_local, )	/* generate a link-local address (default true) */ \
	X(RUNTIME, bool, echo_mcast, )	/* answer Echo Request to ff02::1 (default true) */ \
	X(RUNTIME, bool, router, )	/* R flag in NAs */				\
	X(RUNTIME, uint8_t, echo_hop_limit, )	/* default 64 */			\
	X(RUNTIME, uint32_t, echo_rate, )	/* 0 = unlimited */			\
	X(RUNTIME, uint32_t, echo_burst, )						\
	X(RUNTIME, uint32_t, na_rate, )							\
	X(RUNTIME, uint32_t, na_burst, )						\
	/* Per-source fairness (xdp6d --src-rate, --rate-key-len): Echo Replies and NAs to	\
	 * one source prefix of src_key_len bits, per second, in bursts of src_burst. 0 = off */ \
	X(RUNTIME, uint32_t, src_rate, )						\
	X(RUNTIME, uint32_t, src_burst, )						\
	X(RUNTIME, uint8_t, src_key_len, )	/* 1-128, default 64 */			\
	X(FIXED, xdp6_ns, dad_max_delay, )	/* random delay before the first probe, 1 s */ \
	/* Router discovery and SLAAC (RFC 4861 §6.3, RFC 4862 §5.5, RFC 7217, RFC 8981) */	\
	X(FIXED, bool, accept_ra, )	/* default true; false: RAs counted and ignored, no RS */ \
	X(FIXED, bool, slaac, )		/* default true: addresses from autonomous /64s */ \
	X(FIXED, bool, temporary, )	/* default false: RFC 8981 temporary addresses */ \
	X(FIXED, bool, stable_privacy, )	/* RFC 7217 IIDs (link-local, SLAAC) from secret */ \
	X(FIXED, uint8_t, secret, [64])							\
	X(FIXED, size_t, secret_len, )							\
	/* ICMPv6 errors and reassembly (RFC 4443 §2.4, RFC 8200 §4.5) */		\
	X(RUNTIME, bool, unserved_reject, )	/* --unserved reject: errors for the unserved */ \
	X(RUNTIME, uint32_t, err_rate, )	/* global error bucket, default 1000/s */	\
	X(RUNTIME, uint32_t, err_burst, )	/* its burst, default 50 */		\
	X(FIXED, xdp6_ns, reasm_timeout, )	/* default 60 s */			\
	X(FIXED, uint32_t, reasm_max_datagrams, )	/* default 64 */

#define HOST_CFG_MEMBER(kind, type, name, dims) type name dims;
struct host_cfg {
	HOST_CFG_FIELDS(HOST_CFG_MEMBER)
};
#undef HOST_CFG_MEMBER

void host_cfg_defaults(struct host_cfg *cfg);

/* What the pinned maps of a previous xdp6d hold, as the map adapter read them (restart). */
struct host_snap_addr {
	struct in6_addr addr;
	struct xdp6_addr_val v;
};
struct host_snapshot {
	const struct host_snap_addr *addrs;	/* addrs map */
	size_t naddrs;
	const struct in6_addr *groups;		/* groups map keys */
	size_t ngroups;
	const struct xdp6_served_key *served;	/* served map keys */
	size_t nserved;
	const struct in6_addr *pmtu;		/* pmtu map keys */
	size_t npmtu;
	bool has_iface;
	struct xdp6_iface iface;		/* iface map value */
};

/* A host with nothing started and no callback made yet: start it with host_start() or
 * host_adopt(). NULL on allocation failure. */
struct host *host_create(const struct xdp6_link *link, const struct host_cfg *cfg,
			 const struct host_ops *ops, uint64_t seed, xdp6_ns now);
/* Fresh start: the iface map (buckets full), the NIC filter for ff02::1 (and ff02::2 as a
 * router), the link-local generated and its DAD started (RFC 4862 §5.3), or router
 * solicitation from :: without one. `stale`: what an xdp6d whose program is gone left (pins
 * no program uses), NULL if none: of it only its NIC filter entries are undone, those this
 * host needs kept. 0, -EALREADY (started), or the link-local's host_addr_add() error. */
int host_start(struct host *h, xdp6_ns now, const struct host_snapshot *stale);
/* Restart, the one step that decides what of a previous xdp6d's state this host keeps (its
 * program still answering from the maps in `s`): every address keeps its state, origin and
 * prefix length (host_addr_adopt(): PREFERRED and DEPRECATED stay answerable with no new DAD
 * and no moment unpublished, TENTATIVE starts DAD again, DUPLICATE stays); every served pair
 * is kept; the link-local is generated only if the config asks for one and the maps lack it;
 * solicited-node groups are joined again in MLD (reports, RFC 3810 §6.1); groups and NIC
 * filter MACs no address needs any more are removed, path MTUs forgotten (RFC 8201 §4: a
 * Packet Too Big comes again); the token buckets are refilled only if the rates changed.
 * "Removed while down" means gone from the addrs map: an address in the map is kept even if
 * the command line no longer names it (addresses added by xdp6ctl are not on it), so that
 * the map and the host agree. An entry that cannot be adopted (invalid state or origin, table
 * full) is logged and unpublished. Returns 0, -EALREADY (started), or the first error. */
int host_adopt(struct host *h, xdp6_ns now, const struct host_snapshot *s);
/* host_create() + host_start(h, now, NULL). */
struct host *host_new(const struct xdp6_link *link, const struct host_cfg *cfg,
		      const struct host_ops *ops, uint64_t seed, xdp6_ns now);
void host_free(struct host *h);
/* Caps the address table (link-local included) at max, normally the addrs map's max_entries.
 * Returns 0, or -EBUSY when more than max addresses are already present. */
int host_set_max_addrs(struct host *h, size_t max);

/* Returns 0, -EEXIST (already present), -EINVAL (multicast, unspecified, loopback, bad plen),
 * -ENOSPC (table full). */
int host_addr_add(struct host *h, xdp6_ns now, const struct in6_addr *a, uint8_t plen,
		  enum xdp6_addr_origin origin);
/* Returns 0 or -ENOENT. Stops XDP answering at once (unpublish before anything else). */
int host_addr_del(struct host *h, xdp6_ns now, const struct in6_addr *a);

/* One address of a snapshot, as host_adopt() takes it (tests and fixtures build hosts with
 * addresses already in a state this way). PREFERRED and DEPRECATED stay answerable without a
 * new DAD (their group is joined again); TENTATIVE starts DAD again; DUPLICATE is kept as it
 * is. An address the host generated itself and is probing (its link-local) takes the given
 * state with no DAD and nothing counted. Returns as host_addr_add, -EINVAL for an unknown
 * state or origin. */
int host_addr_adopt(struct host *h, xdp6_ns now, const struct in6_addr *a,
		    const struct xdp6_addr_val *v);

/* A frame handed over by XDP (starts at the Ethernet header). */
void host_input(struct host *h, xdp6_ns now, const uint8_t *frame, size_t len);
void host_timeout(struct host *h, xdp6_ns now);
xdp6_ns host_next_deadline(const struct host *h);

struct host_addr_info {
	struct in6_addr addr;
	uint8_t prefixlen;
	enum xdp6_addr_state state;
	enum xdp6_addr_origin origin;
	xdp6_ns valid_until, preferred_until;	/* XDP6_NEVER = infinite */
};
/* Fills up to max entries, returns how many addresses there are. */
size_t host_addrs(const struct host *h, struct host_addr_info *out, size_t max);

/* RFC 4861 §7.2.3 for an NS the fast path answered (it recorded sender and SLLA in the neigh
 * map): create the entry STALE, or make it STALE with the new MAC. 0 or negative errno. */
int host_neigh_learn(struct host *h, xdp6_ns now, const struct in6_addr *a,
		     const uint8_t mac[ETH6_ALEN]);

/* xdp6d is exiting: leave every multicast group with MLD (the reports go out now) and take
 * every MAC out of the NIC filter (mc_filter). The addresses and the maps are left to the
 * caller. */
void host_stop(struct host *h, xdp6_ns now);

/* Listings for xdp6ctl; each fills up to max entries and returns how many there are. */
size_t host_neighbors(const struct host *h, xdp6_ns now, struct nud_info *out, size_t max);
size_t host_groups(const struct host *h, struct mld_group_info *out, size_t max);
size_t host_routers(const struct host *h, xdp6_ns now, struct rdisc_router_info *out,
		    size_t max);
size_t host_prefixes(const struct host *h, xdp6_ns now, struct rdisc_prefix_info *out,
		     size_t max);
size_t host_dns(const struct host *h, xdp6_ns now, struct rdisc_dns_info *out, size_t max);
void host_ra_params(const struct host *h, struct rdisc_params *out);
size_t host_pmtu(const struct host *h, xdp6_ns now, struct pmtu_info *out, size_t max);
size_t host_err_rx(const struct host *h, struct icmp6_err_rx_count *out, size_t max);

/* Served (protocol, port) pairs for --unserved reject (port 0: the whole protocol). add: 0,
 * -EEXIST, -ENOSPC; del: 0, -ENOENT. Calls ops.served_changed. */
int host_serve(struct host *h, uint8_t proto, uint16_t port, bool add);
size_t host_served(const struct host *h, struct xdp6_served_key *out, size_t max);
/* NDP proxy prefixes (xdp6ctl proxy, a config file): proxy_change()'s results; calls
 * ops.proxy_changed on success. mode: enum xdp6_proxy_mode. */
struct proxy_entry;
int host_proxy(struct host *h, const struct in6_addr *prefix, uint8_t plen, uint8_t mode,
	       bool add);
size_t host_proxies(const struct host *h, struct proxy_entry *out, size_t max);
/* --auto (proxy.h): a route event or a dumped route (proxy_route()); a resync's begin (true)
 * and end (false); what the trie holds; whether any prefix is auto (routes are followed). */
struct proxy_route;
int host_proxy_route(struct host *h, bool present, const struct proxy_route *r);
void host_proxy_routes_sync(struct host *h, bool begin);
size_t host_proxy_published(const struct host *h, struct proxy_entry *out, size_t max);
bool host_proxy_auto(const struct host *h);
/* Restart adoption, after the prefixes are added again and the routes dumped: removes the
 * pinned trie keys (pinned, n) nothing publishes now (proxy_reconcile()). 0 or -ENOMEM. */
int host_proxy_reconcile(struct host *h, const struct proxy_entry *pinned, size_t n);

/* The iface map value as it should be now. */
void host_iface_cfg(const struct host *h, struct xdp6_iface *out);
/* Fills out's src_* fields (per-source fairness) from cfg; all zero when src_rate is 0. */
void host_src_rate_cfg(const struct host_cfg *cfg, struct xdp6_iface *out);

/* Run-time configuration change (xdp6d reload): applies the fields of cfg a running host can
 * change without detach, map re-creation or new DAD: the rates (echo, na, src, err; the iface
 * map buckets are refilled when echo/na rates change, the error bucket starts full),
 * src_key_len, echo_hop_limit (unless a router's Cur Hop Limit is in force, RFC 4861 6.3.4:
 * it stays until the next RA), router (ff02::2 in the NIC filter), echo_mcast and
 * unserved_reject; the iface map is published once if it changed. Every other field must
 * equal the running one (they shape addresses or modules made at start: a restart).
 * Returns 0, or -EINVAL (another field differs) with nothing changed. */
int host_set_cfg(struct host *h, xdp6_ns now, const struct host_cfg *cfg);

/* Copies the fields host_set_cfg() changes from src into dst (the one list of them). */
void host_cfg_runtime(struct host_cfg *dst, const struct host_cfg *src);

/* Daemon counters, indexed by enum xdp6_dreason. */
const uint64_t *host_dstats(const struct host *h);

/* Log lines for what needs a human, each with its exact cause (DAD found a duplicate and how,
 * RFC 4862 §5.4.3/§5.4.4; an address that could not be added or adopted; what a restart took
 * over). Lines the link can provoke are rate limited here. NULL: no log. */
void host_set_log(struct host *h, void (*log)(void *ctx, const char *line), void *ctx);

/* Datagrams and bytes reassembly holds now (caps: reasm_max_datagrams, struct reasm_cfg
 * max_bytes), for the fuzz and memory tests. */
struct reasm_usage;
void host_reasm_usage(const struct host *h, struct reasm_usage *out);

#endif /* XDP6_HOST_H */
