/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Neighbor cache and Neighbor Unreachability Detection, sans-I/O: RFC 4861 §7.2 address
 * resolution, §7.2.3 (NS: learn the sender's link-layer address), §7.2.5 (NA: S/O/R rules),
 * §7.3 (states INCOMPLETE, REACHABLE, STALE, DELAY, PROBE; §7.3.3 transitions, Appendix C),
 * §6.3.2 (ReachableTime randomisation), with the §7.1.1/§7.1.2 validity checks. */
#ifndef XDP6_NUD_H
#define XDP6_NUD_H

#include "pkt.h"

/*
 * How the host drives this module (user/proto/host.c):
 *
 *  - One struct nud per interface: nud_new(link, cfg, ops, seed, dstats). cfg NULL means the
 *    defaults of nud_cfg_defaults(). dstats is the host's counter array (D__MAX entries); this
 *    module increments D_NS_RECEIVED, D_NA_RECEIVED, D_ND_INVALID and the D_NUD_* entries.
 *  - Received Neighbor Solicitations (ICMPv6 type 135) and Neighbor Advertisements (136) that
 *    dad_input() did not claim (it returned 0) go to nud_input(). For an NS, pass only those
 *    whose target is an address of ours that is not tentative (RFC 4861 §7.2.3; XDP answers
 *    them, nud only learns the sender). nud_input() validates everything again (§7.1.1/§7.1.2,
 *    checksum, no Fragment header per RFC 6980) and never transmits in reply.
 *  - Before the daemon sends a unicast packet to an on-link neighbor, it calls nud_lookup():
 *    0 and the MAC, or -EAGAIN while resolution runs (the caller drops or retries the packet:
 *    no queue), -EHOSTUNREACH when the table is full of entries that cannot be evicted,
 *    -EADDRNOTAVAIL when there is no source address for the NS (see below), -EINVAL for a
 *    multicast/unspecified/loopback destination.
 *  - Upper-layer reachability confirmation (RFC 4861 §7.3.1: e.g. a reply to our echo):
 *    nud_confirm().
 *  - Router discovery feeds what an RA teaches through nud_learn() (rdisc does this itself
 *    when given the struct nud with rdisc_attach()) and sets ReachableTime through
 *    nud_set_reachable_time(); the host sets RetransTimer through nud_set_retrans().
 *  - Source of the NS we send (§7.2.2): ops.pick_source(ctx, dst, &src) if set (return 0 with
 *    a preferred address of ours, preferably of dst's scope), else the address given to
 *    nud_set_source(); with neither, no NS can be sent (lookups fail with -EADDRNOTAVAIL,
 *    probes run their timers silently).
 *  - ops.router_lost(ctx, addr): an NA with R=0 cleared IsRouter of an entry (§7.2.5): the host
 *    calls rdisc_router_remove(r, now, addr).
 *  - Timers: arm the event loop for nud_next_deadline() and call nud_timeout(now); NS
 *    retransmissions, REACHABLE → STALE, DELAY → PROBE and deletions happen there.
 *
 *  - ops.is_router(ctx, now, addr): optional; true when addr is in the Default Router List
 *    (rdisc_is_router()). Such entries are never evicted nor garbage-collected. The IsRouter
 *    flag of the entry is not enough: any RA or NA sets it, so an attacker could make every
 *    entry a "router"; the Default Router List is bounded (RDISC_DEFAULT_MAX_ROUTERS).
 *
 * Defaults (RFC 4861 §10): BaseReachableTime 30 s randomised by 0.5..1.5 (re-drawn when it
 * changes and every NUD_REACHABLE_REDRAW, as Linux does), RetransTimer 1 s, DELAY 5 s,
 * MAX_MULTICAST_SOLICIT 3, MAX_UNICAST_SOLICIT 3, 256 entries.
 *
 * Bounds (an attacker on the link creates entries at will: an NS with an SLLA, an RA, a
 * packet the daemon answers from a new source):
 *  - Garbage collection (Linux neigh_periodic_work, gc_stale_time): an entry STALE for
 *    NUD_GC_STALE_TIME (60 s) is deleted (neigh-gc); sending to it would have made it DELAY.
 *  - A full table makes room for a new entry by evicting (neigh-evicted), in this order: the
 *    oldest INCOMPLETE entry (no link-layer address learnt yet: cheapest to lose, and what a
 *    flood of new sources makes), else the STALE entry updated longest ago, else the oldest
 *    DELAY/PROBE entry. REACHABLE entries and the Default Router List's routers are never
 *    evicted; when nothing else is left the new entry is refused (neigh-table-full).
 */

#define NUD_MAX_MULTICAST_SOLICIT	3	/* RFC 4861 §10 */
#define NUD_MAX_UNICAST_SOLICIT		3
#define NUD_REACHABLE_TIME		(30000 * XDP6_NS_PER_MS)
#define NUD_RETRANS_TIMER		(1000 * XDP6_NS_PER_MS)
#define NUD_DELAY_FIRST_PROBE_TIME	(5 * XDP6_NS_PER_SEC)
#define NUD_MIN_RANDOM_FACTOR_PCT	50	/* MIN_RANDOM_FACTOR .5 */
#define NUD_MAX_RANDOM_FACTOR_PCT	150	/* MAX_RANDOM_FACTOR 1.5 */
#define NUD_REACHABLE_REDRAW		(300 * XDP6_NS_PER_SEC)	/* Linux neigh_periodic_work */
#define NUD_DEFAULT_MAX_ENTRIES		256
#define NUD_GC_STALE_TIME		(60 * XDP6_NS_PER_SEC)	/* Linux gc_stale_time */

enum nud_state {
	NUD_INCOMPLETE = 0,
	NUD_REACHABLE,
	NUD_STALE,
	NUD_DELAY,
	NUD_PROBE,
};

const char *nud_state_name(enum nud_state s);	/* "incomplete", "reachable", ... */

struct nud_cfg {
	unsigned max_entries;			/* 0 = NUD_DEFAULT_MAX_ENTRIES */
	xdp6_ns base_reachable_time;		/* 0 = NUD_REACHABLE_TIME */
	xdp6_ns retrans_timer;			/* 0 = NUD_RETRANS_TIMER */
	xdp6_ns delay_first_probe;		/* 0 = NUD_DELAY_FIRST_PROBE_TIME */
	unsigned max_multicast_solicit;		/* 0 = NUD_MAX_MULTICAST_SOLICIT */
	unsigned max_unicast_solicit;		/* 0 = NUD_MAX_UNICAST_SOLICIT */
	xdp6_ns gc_stale_time;			/* 0 = NUD_GC_STALE_TIME */
};

void nud_cfg_defaults(struct nud_cfg *cfg);

struct nud_ops {
	struct xdp6_tx tx;			/* our NS go out here */
	/* Optional: a source address of ours for an NS to dst (RFC 4861 §7.2.2). 0 or -errno. */
	int (*pick_source)(void *ctx, const struct in6_addr *dst, struct in6_addr *src);
	/* Optional: an NA with R=0 cleared IsRouter for addr (§7.2.5). */
	void (*router_lost)(void *ctx, const struct in6_addr *addr);
	/* Optional: addr is in the Default Router List (never evicted nor collected). */
	bool (*is_router)(void *ctx, xdp6_ns now, const struct in6_addr *addr);
	void *ctx;
};

struct nud;

/* link, cfg and ops are copied; dstats must outlive the struct nud. NULL on allocation failure
 * or NULL link/dstats. The whole table is allocated here; nothing is allocated later. */
struct nud *nud_new(const struct xdp6_link *link, const struct nud_cfg *cfg,
		    const struct nud_ops *ops, uint64_t seed, uint64_t *dstats);
void nud_free(struct nud *n);

/* A received NS or NA (parsed by pkt_parse()). Returns 0 when it was valid and processed
 * (including an NA that changes nothing), -EINVAL when invalid (counted as nd-invalid),
 * -EPROTONOSUPPORT for another ICMPv6 type (not counted). */
int nud_input(struct nud *n, xdp6_ns now, const struct pkt_info *pi);

/* Link-layer address of addr for a packet we are about to send (§7.2.2, §7.3.3): see the
 * contract above. A STALE entry moves to DELAY here. `now` is the send time. */
int nud_lookup(struct nud *n, xdp6_ns now, const struct in6_addr *addr,
	       uint8_t mac_out[ETH6_ALEN]);

/* Upper-layer confirmation (§7.3.1): an entry with a link-layer address becomes REACHABLE.
 * 0 or -ENOENT (no entry, or INCOMPLETE). */
int nud_confirm(struct nud *n, xdp6_ns now, const struct in6_addr *addr);

/* What an RS/RA/Redirect says about its sender (§6.3.4, §7.2.3 rules): with a MAC, create the
 * entry as STALE or, when the MAC differs, update it and make it STALE (an INCOMPLETE entry
 * takes the MAC and becomes STALE); without one, only an existing entry is touched. is_router
 * > 0 sets IsRouter, 0 clears it, < 0 leaves it. 0, -ENOENT (no MAC and no entry), -ENOSPC
 * (table full), -EINVAL (multicast/unspecified addr). */
int nud_learn(struct nud *n, xdp6_ns now, const struct in6_addr *addr, const uint8_t *mac,
	      int is_router);

/* Forget addr (0 or -ENOENT). */
int nud_delete(struct nud *n, const struct in6_addr *addr);

/* BaseReachableTime (§6.3.2): a new value re-draws ReachableTime. 0 is ignored. */
void nud_set_reachable_time(struct nud *n, xdp6_ns base);
/* RetransTimer (§6.3.2). 0 is ignored. */
void nud_set_retrans(struct nud *n, xdp6_ns retrans);
/* Source address of our NS when ops.pick_source is not set; NULL or :: clears it. */
void nud_set_source(struct nud *n, const struct in6_addr *src);

/* The ReachableTime now in force (randomised) and the RetransTimer. */
xdp6_ns nud_reachable_time(const struct nud *n);
xdp6_ns nud_retrans(const struct nud *n);

void nud_timeout(struct nud *n, xdp6_ns now);
xdp6_ns nud_next_deadline(const struct nud *n);

/* `xdp6ctl neigh show` */
struct nud_info {
	struct in6_addr addr;
	uint8_t mac[ETH6_ALEN];		/* zero while INCOMPLETE */
	enum nud_state state;
	bool is_router;
	unsigned probes;		/* NS sent in the current INCOMPLETE/PROBE round */
	xdp6_ns age;			/* since the last state change or confirmation */
};

/* Fills up to max entries, returns how many entries there are. */
size_t nud_list(const struct nud *n, xdp6_ns now, struct nud_info *out, size_t max);
/* One entry: 0 or -ENOENT. */
int nud_get(const struct nud *n, xdp6_ns now, const struct in6_addr *addr, struct nud_info *out);

/* Common RFC 4861 §6.1/§7.1 checks of a received ND message, for nud and rdisc: ICMPv6 as the
 * upper layer with no Fragment header (RFC 6980 §5), hop limit 255, code 0, ICMP length at
 * least min_len, valid checksum (RFC 4443 §2.3) and options that are all non-zero and within
 * the message (from opts_off on). Returns 0 or -EINVAL. */
int nd_msg_check(const struct pkt_info *pi, uint8_t type, size_t min_len, size_t opts_off);

#endif /* XDP6_NUD_H */
