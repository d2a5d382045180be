/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Path MTU table, sans-I/O (RFC 8201 §4, §5.2-§5.3): destination -> MTU learned from Packet
 * Too Big messages, never below 1280 nor above the link MTU, forgotten after the aging time
 * (at least 5 minutes, 10 by default) so larger packets get tried again.
 *
 * How the host uses it: icmp6_err_ops.pmtu_update -> pmtu_update(); before sending a reply
 * larger than 1280 octets, pmtu_get(dst) tells whether to fragment (reasm_send()); the event
 * loop calls pmtu_timeout() at pmtu_next_deadline(); `xdp6ctl pmtu show` prints pmtu_list();
 * ops.changed mirrors every entry into the fast path's pmtu map (host_ops.pmtu_changed), so
 * XDP hands the Echo Replies that would not fit to the daemon. There is no pmtu_input(): Packet
 * Too Big arrives through icmp6_err_input(), which validates it. ops.changed may be NULL.
 * Defaults: pmtu_cfg_defaults(). */
#ifndef XDP6_PMTU_H
#define XDP6_PMTU_H

#include "pkt.h"

#define PMTU_MIN_EXPIRY		(5 * 60 * XDP6_NS_PER_SEC)	/* RFC 8201 §4: MUST NOT < 5 min */

struct pmtu;

struct pmtu_cfg {
	uint32_t max_entries;	/* XDP6_PMTU_MAX (the pmtu map's size, which must hold every
				 * entry); when full the entry closest to expiry makes room */
	xdp6_ns expiry;		/* 10 min (RFC 8201 §4 recommendation, Linux mtu_expires 600 s);
				 * raised to PMTU_MIN_EXPIRY when smaller */
};

void pmtu_cfg_defaults(struct pmtu_cfg *cfg);

struct pmtu_ops {
	/* The PMTU towards dst is now mtu until expires (lowered by a PTB or by a smaller link
	 * MTU); expires 0: the entry is gone (aged out, evicted to make room) and dst is back at
	 * the link MTU, which mtu then is. Every entry the table holds was announced, every one
	 * it drops is: a mirror (the pmtu map) stays exact and never larger than the table. */
	void (*changed)(void *ctx, const struct in6_addr *dst, uint32_t mtu, xdp6_ns expires);
	void *ctx;
};

/* cfg NULL = defaults; link->mtu below 1280 is taken as 1280. seed unused (module shape). */
struct pmtu *pmtu_new(const struct xdp6_link *link, const struct pmtu_cfg *cfg,
		      const struct pmtu_ops *ops, uint64_t seed, uint64_t *dstats);
void pmtu_free(struct pmtu *p);

/* The MTU to use towards dst now: the learned value while it lasts, else the link MTU. */
uint32_t pmtu_get(const struct pmtu *p, xdp6_ns now, const struct in6_addr *dst);
/* A (validated) Packet Too Big says the path to dst is mtu. RFC 8201 §4: the estimate only
 * goes down (never in response to a PTB), never below 1280 (a smaller mtu is clamped; the
 * caller, icmp6_err_input, already discards PTBs below 1280), never above the link MTU.
 * Returns 1 lowered (D_PMTU_UPDATED, timer restarted), 0 not lower than the current
 * estimate (ignored, timer kept, as Linux), -EINVAL unspecified dst. */
int pmtu_update(struct pmtu *p, xdp6_ns now, const struct in6_addr *dst, uint32_t mtu);
/* The link MTU changed (e.g. `ip link set mtu`, an RA's MTU option): entries above it are
 * lowered to it (ops.changed, timers kept). */
void pmtu_set_link_mtu(struct pmtu *p, uint32_t mtu);

void pmtu_timeout(struct pmtu *p, xdp6_ns now);		/* expired entries go (D_PMTU_EXPIRED) */
xdp6_ns pmtu_next_deadline(const struct pmtu *p);

struct pmtu_info {
	struct in6_addr dst;
	uint32_t mtu;
	xdp6_ns expires;
};
/* Fills up to max live entries, returns how many there are. */
size_t pmtu_list(const struct pmtu *p, xdp6_ns now, struct pmtu_info *out, size_t max);

#endif /* XDP6_PMTU_H */
