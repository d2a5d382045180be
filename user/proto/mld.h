/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Multicast Listener Discovery, listener side, sans-I/O: MLDv2 (RFC 3810 §5, §6, §8.2, §9)
 * with MLDv1 compatibility (RFC 2710 §4), for EXCLUDE {} ("any source") memberships. */
#ifndef XDP6_MLD_H
#define XDP6_MLD_H

#include "pkt.h"

/*
 * How the host drives this module (user/proto/host.c):
 *
 *  - One struct mld per interface: mld_new(link, cfg, ops, seed, dstats). cfg NULL means the
 *    defaults of mld_cfg_defaults(). link->mtu bounds report frames (below 1280, 1280 is used).
 *    dstats is the host's daemon counter array (D__MAX entries, enum xdp6_dreason); this module
 *    only increments D_MLD_* entries.
 *  - mld_join() for every group the interface listens to: ff02::1 (tracked, never reported),
 *    the solicited-node group of every address BEFORE dad_start() (RFC 4862 §5.4.2), and any
 *    other group; mld_leave() when the last user goes. Both are reference counted: two
 *    addresses sharing a solicited-node group need two joins and two leaves; this count is the
 *    only one the daemon keeps per group. The NIC multicast filter and the groups map are the
 *    host's job (on the 0 -> 1 / 1 -> 0 transitions the return values here tell); this module
 *    only sends MLD messages.
 *  - mld_set_source(): the preferred link-local address once its DAD has passed, NULL while
 *    there is none (reports then go out from ::, RFC 3810 §5.2.13). When a link-local appears,
 *    every membership is announced again (Linux ipv6_mc_dad_complete), so that snooping
 *    switches which ignored reports from :: learn them.
 *  - Received ICMPv6 types 130 (Query), 131 (v1 Report), 132 (v1 Done) and 143 (v2 Report) go
 *    to mld_input(). Hosts act on Queries and, in MLDv1 mode, on other nodes' v1 Reports (report
 *    suppression); 132 and 143 are accepted and ignored.
 *  - Timers: nothing is sent by mld_join/mld_leave/mld_input/mld_set_source; they schedule, and
 *    every frame goes out from mld_timeout(). Arm the event loop for mld_next_deadline()
 *    (XDP6_NEVER when idle) and call mld_timeout(now) when it is reached: a join is due at the
 *    `now` it was made, so the loop sends it at once, and joins made in one step share one
 *    report (as Linux does with its one-jiffy state-change timer).
 *
 * Defaults (RFC 3810 §9): Robustness Variable 2, Query Interval 125 s, Query Response Interval
 * 10 s, Unsolicited Report Interval 1 s; Older Version Querier Present Timeout = Robustness *
 * Query Interval + Query Response Interval = 260 s. Robustness, Query Interval and Query
 * Response Interval are then taken from received MLDv2 Queries (§5.1.8, §5.1.9, §9.12; Linux).
 */

#define MLD_MAX_QUERY_SRCS	32	/* sources kept per pending source-specific response */

struct mld_cfg {
	unsigned robustness;			/* Robustness Variable, >= 1 */
	xdp6_ns query_interval;			/* Query Interval */
	xdp6_ns query_response_interval;	/* Query Response Interval */
	xdp6_ns unsolicited_interval;		/* Unsolicited Report Interval */
};

void mld_cfg_defaults(struct mld_cfg *cfg);

struct mld_ops {
	struct xdp6_tx tx;		/* reports and Done messages go out here */
};

struct mld;

/* link, cfg and ops are copied; dstats must outlive the struct mld. NULL on allocation failure
 * or NULL link/dstats. */
struct mld *mld_new(const struct xdp6_link *link, const struct mld_cfg *cfg,
		    const struct mld_ops *ops, uint64_t seed, uint64_t *dstats);
void mld_free(struct mld *m);

/* Returns the group's reference count after the call (1 = newly joined), or -EINVAL (not a
 * multicast address) or -ENOMEM. */
int mld_join(struct mld *m, xdp6_ns now, const struct in6_addr *group);
/* Returns the reference count left (0 = left), or -ENOENT (not joined). */
int mld_leave(struct mld *m, xdp6_ns now, const struct in6_addr *group);
/* The group's reference count: 0 when not joined (a left group still sending its Done or
 * state-change records included). */
unsigned mld_refcount(const struct mld *m, const struct in6_addr *group);

/* Source of reports: a link-local address, or NULL for ::. Returns 0 or -EINVAL (not
 * link-local). */
int mld_set_source(struct mld *m, const struct in6_addr *ll_or_null);

/* A received MLD message, parsed by pkt_parse(). Returns 0 (acted on or ignored) or -EINVAL
 * (failed validation, counted as mld-invalid, no state changed). */
int mld_input(struct mld *m, xdp6_ns now, const struct pkt_info *pi);

void mld_timeout(struct mld *m, xdp6_ns now);
xdp6_ns mld_next_deadline(const struct mld *m);

/* Older Version Querier Present (RFC 3810 §8.2.1): reports are MLDv1 messages. */
bool mld_v1_mode(const struct mld *m, xdp6_ns now);

struct mld_group_info {
	struct in6_addr group;
	unsigned refcount;
	bool reported;		/* false for ff02::1 and scopes 0 and 1 (RFC 3810 §6) */
	bool v1_mode;		/* the interface reports with MLDv1 messages */
	xdp6_ns next_report;	/* earliest report scheduled for it, XDP6_NEVER if none */
};

/* Current memberships (refcount > 0) for xdp6ctl: fills up to max entries, returns how many
 * there are. */
size_t mld_groups(const struct mld *m, struct mld_group_info *out, size_t max);

#endif /* XDP6_MLD_H */
