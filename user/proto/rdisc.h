/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Router discovery on a host, sans-I/O: RFC 4861 §6.3.7 (Router Solicitations), §6.1.2 (RA
 * validity), §6.3.4 (Default Router List, parameters, MTU, on-link prefixes, SLLA), §6.3.5
 * (timeouts); RFC 4191 §2.2 (router preference, recorded); RFC 8106 §5.1-§5.3 (RDNSS, DNSSL). */
#ifndef XDP6_RDISC_H
#define XDP6_RDISC_H

#include "pkt.h"

struct nud;
struct slaac;

/*
 * How the host drives this module (user/proto/host.c):
 *
 *  - One struct rdisc per interface: rdisc_new(link, cfg, ops, seed, dstats); cfg NULL means
 *    rdisc_cfg_defaults() (accept_ra and slaac on). A zeroed cfg has accept_ra OFF: start from
 *    rdisc_cfg_defaults(). This module increments D_RS_SENT, D_RA_*, D_ROUTER_EXPIRED and
 *    D_RDISC_TABLE_FULL.
 *  - rdisc_attach(r, nud, slaac) once both exist: an RA's Source Link-Layer Address goes to
 *    nud_learn() (IsRouter set), ReachableTime to nud_set_reachable_time(), and every Prefix
 *    Information option with A=1 to slaac_prefix_input() (when cfg.slaac). Either may be NULL.
 *  - rdisc_set_source(r, ll): our preferred link-local address, once DAD passed for it (NULL
 *    or :: while there is none: RS then go from :: without the SLLA option, RFC 4861 §4.1).
 *  - rdisc_start(r, now) when the interface comes up (Linux: when the link-local address
 *    becomes preferred): up to 3 RS, the first after a random 0..1 s, then 4 s apart, stopping
 *    at the first valid RA. Nothing is sent when accept_ra is off.
 *  - Received Router Advertisements (ICMPv6 type 134) go to rdisc_input(); it validates
 *    everything (RFC 4861 §6.1.2, checksum, RFC 6980 no fragments). Other types return
 *    -EPROTONOSUPPORT. Router Solicitations (133) from others are not for a host (§6.2.6):
 *    the host drops them.
 *  - ops.hop_limit(ctx, h): CurHopLimit changed: store it as the Echo Reply hop limit of the
 *    iface map (iface_changed). ops.retrans(ctx, ns): RetransTimer changed: the host gives it to
 *    NUD, DAD and SLAAC (host_set_retrans()).
 *    ops.reachable(ctx, base): BaseReachableTime changed (informational; nud already has it).
 *    ops.mtu(ctx, mtu): LinkMTU changed (RFC 4861 §6.3.4: 1280 <= mtu <= link MTU).
 *  - nud's ops.router_lost → rdisc_router_remove(r, now, addr) (RFC 4861 §7.2.5).
 *  - Timers: rdisc_next_deadline() / rdisc_timeout(now): RS, router/prefix/DNS expiry.
 *  - Listing for xdp6ctl: rdisc_routers(), rdisc_prefixes(), rdisc_dns(), rdisc_params().
 *
 * Defaults: RFC 4861 §10 host constants; tables of 8 routers, 16 on-link prefixes, 8 DNS
 * servers and 8 search domains (the entry that expires first gives way, RFC 8106 §5.3.1).
 */

#define RDISC_MAX_RTR_SOLICITATION_DELAY	(1 * XDP6_NS_PER_SEC)	/* RFC 4861 §10 */
#define RDISC_RTR_SOLICITATION_INTERVAL		(4 * XDP6_NS_PER_SEC)
#define RDISC_MAX_RTR_SOLICITATIONS		3
#define RDISC_DEFAULT_MAX_ROUTERS		8
#define RDISC_DEFAULT_MAX_PREFIXES		16
#define RDISC_DEFAULT_MAX_DNS			8
#define RDISC_LIFETIME_INFINITE			0xffffffffu
#define RDISC_RDNSS_MIN_LEN			3	/* RFC 8106 §5.1, units of 8 octets */
#define RDISC_DNSSL_MIN_LEN			2	/* RFC 8106 §5.2 */
#define RDISC_DNS_NAME_MAX			253	/* text form, RFC 1035 §2.3.4 */
#define RDISC_DNS_LABEL_MAX			63

struct rdisc_cfg {
	bool accept_ra;			/* false: RAs are counted (ra-ignored) and ignored */
	bool slaac;			/* pass PIOs with A=1 to the slaac module */
	unsigned max_routers;		/* 0 = default */
	unsigned max_prefixes;
	unsigned max_dns;		/* servers, and separately search domains */
};

void rdisc_cfg_defaults(struct rdisc_cfg *cfg);

struct rdisc_ops {
	struct xdp6_tx tx;		/* RS go out here */
	void (*hop_limit)(void *ctx, uint8_t hop_limit);
	void (*retrans)(void *ctx, xdp6_ns retrans);
	void (*reachable)(void *ctx, xdp6_ns base_reachable);
	void (*mtu)(void *ctx, uint32_t mtu);
	void *ctx;
};

struct rdisc;

/* link, cfg and ops are copied; dstats must outlive the struct rdisc. NULL on allocation
 * failure or NULL link/dstats. */
struct rdisc *rdisc_new(const struct xdp6_link *link, const struct rdisc_cfg *cfg,
			const struct rdisc_ops *ops, uint64_t seed, uint64_t *dstats);
void rdisc_free(struct rdisc *r);

void rdisc_attach(struct rdisc *r, struct nud *n, struct slaac *s);
void rdisc_set_source(struct rdisc *r, const struct in6_addr *src);

/* Starts (or restarts) solicitation. */
void rdisc_start(struct rdisc *r, xdp6_ns now);
/* No more RS. */
void rdisc_stop(struct rdisc *r);

/* A received RA (parsed by pkt_parse()). 0 when valid (processed, or ignored because
 * accept_ra is off), -EINVAL when invalid (counted as ra-invalid, nothing changes),
 * -EPROTONOSUPPORT for another ICMPv6 type. */
int rdisc_input(struct rdisc *r, xdp6_ns now, const struct pkt_info *pi);

/* Is addr in the Default Router List (lifetime not over at now)? */
bool rdisc_is_router(const struct rdisc *r, xdp6_ns now, const struct in6_addr *addr);

/* Removes a router from the Default Router List (0 or -ENOENT). */
int rdisc_router_remove(struct rdisc *r, xdp6_ns now, const struct in6_addr *addr);

void rdisc_timeout(struct rdisc *r, xdp6_ns now);
xdp6_ns rdisc_next_deadline(const struct rdisc *r);

struct rdisc_params {
	uint8_t cur_hop_limit;		/* 0 until an RA set one */
	bool managed, other;		/* M and O flags of the last RA */
	xdp6_ns base_reachable;		/* 0 until an RA set one */
	xdp6_ns retrans;		/* 0 until an RA set one */
	uint32_t mtu;			/* LinkMTU: link->mtu unless an MTU option changed it */
	unsigned rs_sent;		/* RS sent since rdisc_start() */
	bool soliciting;		/* RS schedule running */
	bool ra_heard;			/* a valid RA since rdisc_start() */
};

void rdisc_params(const struct rdisc *r, struct rdisc_params *out);

struct rdisc_router_info {
	struct in6_addr addr;
	xdp6_ns lifetime_left;
	int preference;			/* RFC 4191: 1 high, 0 medium, -1 low */
};

struct rdisc_prefix_info {		/* on-link prefixes (L=1), RFC 4861 §6.3.4 */
	struct in6_addr prefix;
	uint8_t prefixlen;
	bool autonomous;		/* A flag of the last PIO */
	xdp6_ns valid_left;		/* XDP6_NEVER = infinite */
	xdp6_ns preferred_left;		/* as last advertised, XDP6_NEVER = infinite */
};

enum rdisc_dns_kind {
	RDISC_DNS_SERVER = 0,		/* RDNSS */
	RDISC_DNS_SEARCH = 1,		/* DNSSL */
};

struct rdisc_dns_info {
	enum rdisc_dns_kind kind;
	struct in6_addr server;		/* RDISC_DNS_SERVER */
	char domain[RDISC_DNS_NAME_MAX + 1];	/* RDISC_DNS_SEARCH, lower case, no final dot */
	struct in6_addr router;		/* who advertised it */
	xdp6_ns lifetime_left;		/* XDP6_NEVER = infinite */
};

/* Each fills up to max entries (live at `now`) and returns how many there are. */
size_t rdisc_routers(const struct rdisc *r, xdp6_ns now, struct rdisc_router_info *out,
		     size_t max);
size_t rdisc_prefixes(const struct rdisc *r, xdp6_ns now, struct rdisc_prefix_info *out,
		      size_t max);
size_t rdisc_dns(const struct rdisc *r, xdp6_ns now, struct rdisc_dns_info *out, size_t max);

/* RFC 4861 §6.3.6: a default router for a packet we send, preferring (RFC 4191) higher
 * preference and routers the neighbor cache does not know to be unreachable. 0 or -ENOENT. */
int rdisc_default_router(const struct rdisc *r, xdp6_ns now, struct in6_addr *out);

/* RFC 8106 §5.2 / RFC 1035 §3.1: the next domain name in a DNSSL option's Domain Names field
 * [data, data+len) from *off. Returns 1 with the name in text (lower case, no final dot), 0 at
 * the zero padding that ends the field, -EINVAL when malformed (label over 63 octets or
 * overrunning, compression, a name over 255 octets, characters other than letters, digits,
 * '-' and '_', non-zero octets after the padding starts). */
int rdisc_dnssl_next(const uint8_t *data, size_t len, size_t *off,
		     char name[RDISC_DNS_NAME_MAX + 1]);

#endif /* XDP6_RDISC_H */
