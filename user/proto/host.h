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

/* What the host asks of the outside world. Every callback may be NULL in tests. */
struct host_ops {
	struct xdp6_tx tx;
	/* The addrs map entry for `a` must now read `v` (insert or update). */
	void (*addr_publish)(void *ctx, const struct in6_addr *a, const struct xdp6_addr_val *v);
	/* The addrs map entry for `a` must go. */
	void (*addr_unpublish)(void *ctx, const struct in6_addr *a);
	/* We listen to multicast group g: groups map entry + NIC multicast MAC filter. */
	void (*group_join)(void *ctx, const struct in6_addr *g);
	void (*group_leave)(void *ctx, const struct in6_addr *g);
	/* Something in the iface map value changed (link-local, hop limit): rewrite it from
	 * host_iface_cfg(). */
	void (*iface_changed)(void *ctx);
	/* The served map entry (proto, port) must now exist (add) or not. */
	void (*served_changed)(void *ctx, uint8_t proto, uint16_t port, bool add);
	/* The pmtu map entry for dst must now read mtu until expires (RFC 8201 §4), or go
	 * (expires 0: aged out or evicted, dst is back at the link MTU). */
	void (*pmtu_changed)(void *ctx, const struct in6_addr *dst, uint32_t mtu,
			     xdp6_ns expires);
	void *ctx;
};

struct host_cfg {
	bool dad;			/* false: --no-dad, addresses preferred at once */
	unsigned dad_transmits;		/* DupAddrDetectTransmits, default 1 */
	xdp6_ns retrans_timer;		/* RetransTimer, default 1 s */
	bool link_local;		/* generate a link-local address (default true) */
	bool echo_mcast;		/* answer Echo Request to ff02::1 (default true) */
	bool router;			/* R flag in NAs */
	uint8_t echo_hop_limit;		/* default 64 */
	uint32_t echo_rate, echo_burst;	/* 0 = unlimited */
	uint32_t na_rate, na_burst;
	xdp6_ns dad_max_delay;		/* random delay before the first probe, default 1 s */
	/* Router discovery and SLAAC (RFC 4861 §6.3, RFC 4862 §5.5, RFC 7217, RFC 8981) */
	bool accept_ra;			/* default true; false: RAs counted and ignored, no RS */
	bool slaac;			/* default true: addresses from autonomous /64 prefixes */
	bool temporary;			/* default false: RFC 8981 temporary addresses */
	bool stable_privacy;		/* RFC 7217 IIDs (link-local and SLAAC) from secret */
	uint8_t secret[64];
	size_t secret_len;
	/* ICMPv6 errors and reassembly (RFC 4443 §2.4, RFC 8200 §4.5) */
	bool unserved_reject;		/* --unserved reject: errors for what nothing serves */
	uint32_t err_rate, err_burst;	/* global error bucket, default 1000/s, burst 50 */
	xdp6_ns reasm_timeout;		/* default 60 s */
	uint32_t reasm_max_datagrams;	/* default 64 */
};

void host_cfg_defaults(struct host_cfg *cfg);

struct host *host_new(const struct xdp6_link *link, const struct host_cfg *cfg,
		      const struct host_ops *ops, uint64_t seed, xdp6_ns now);
void host_free(struct host *h);

/* Returns 0, -EEXIST (already present), -EINVAL (multicast, unspecified, loopback, bad plen),
 * -ENOSPC (table full). */
int host_addr_add(struct host *h, xdp6_ns now, const struct in6_addr *a, uint8_t plen,
		  enum xdp6_addr_origin origin);
/* Returns 0 or -ENOENT. Stops XDP answering at once (unpublish before anything else). */
int host_addr_del(struct host *h, xdp6_ns now, const struct in6_addr *a);

/* Restart: an address found in the pinned addrs map of a previous xdp6d. PREFERRED and
 * DEPRECATED stay answerable without a new DAD (their group is joined again); TENTATIVE starts
 * DAD again; DUPLICATE is kept as it is. Returns as host_addr_add. */
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

/* xdp6d is exiting: leave every multicast group with MLD (the reports go out now). The
 * addresses and the maps are left to the caller. */
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

/* The iface map value as it should be now. */
void host_iface_cfg(const struct host *h, struct xdp6_iface *out);

/* Daemon counters, indexed by enum xdp6_dreason. */
const uint64_t *host_dstats(const struct host *h);

/* Optional log line for what needs a human (DAD found a duplicate, an address that could not
 * be added). NULL: no log. Appended for issue 3; the daemon may leave it unset. */
void host_set_log(struct host *h, void (*log)(void *ctx, const char *line), void *ctx);

/* Datagrams and bytes reassembly holds now (caps: reasm_max_datagrams, struct reasm_cfg
 * max_bytes). Appended for issue 9 (fuzz and memory tests check the caps). */
struct reasm_usage;
void host_reasm_usage(const struct host *h, struct reasm_usage *out);

#endif /* XDP6_HOST_H */
