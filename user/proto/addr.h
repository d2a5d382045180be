/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The per-interface address table: which unicast addresses we own, their prefix length, state
 * (RFC 4862 §5.4 tentative / §5.5.4 preferred, deprecated / §5.4.5 duplicate) and origin, and
 * their lifetimes. Plain data, no callbacks: host.c decides what a change means. */
#ifndef XDP6_ADDR_H
#define XDP6_ADDR_H

#include <stddef.h>
#include <stdint.h>

#include "pkt.h"

struct host;

struct addr_entry {
	struct in6_addr addr;
	uint8_t prefixlen;
	enum xdp6_addr_state state;
	enum xdp6_addr_origin origin;
	xdp6_ns valid_until, preferred_until;	/* XDP6_NEVER = infinite */
};

struct addr_table {
	struct addr_entry *e;	/* e[0..n), dense, in the order addresses were added */
	size_t n;
	size_t cap;		/* allocated slots, grows up to max */
	size_t max;		/* most addresses we accept (the addrs map's max_entries) */
};

/* An empty table accepting up to max addresses (grows on demand). Returns 0. */
int addr_table_init(struct addr_table *t, size_t max);
void addr_table_free(struct addr_table *t);

/* Can `a` be an address of ours? RFC 4291 §2.5.2/§2.5.3/§2.7: not unspecified, loopback or
 * multicast; prefix length at most 128. Returns 0 or -EINVAL. */
int addr_check(const struct in6_addr *a, unsigned plen);

/* Adds a in `state`, infinite lifetimes. Returns the entry, or NULL with *err = -EINVAL (see
 * addr_check), -EEXIST (already in the table), -ENOSPC (max reached) or -ENOMEM. */
struct addr_entry *addr_table_add(struct addr_table *t, const struct in6_addr *a, uint8_t plen,
				  enum xdp6_addr_state state, enum xdp6_addr_origin origin,
				  int *err);
/* Returns 0 or -ENOENT. */
int addr_table_del(struct addr_table *t, const struct in6_addr *a);
struct addr_entry *addr_table_find(const struct addr_table *t, const struct in6_addr *a);
/* Iterate: `for (i = 0; (e = addr_table_next(t, &i)); )`, in the order of addition. */
struct addr_entry *addr_table_next(const struct addr_table *t, size_t *iter);
/* How many live entries share a's solicited-node group (RFC 4291 §2.7.1). */
size_t addr_table_solnode_users(const struct addr_table *t, const struct in6_addr *a);

const char *addr_state_name(enum xdp6_addr_state s);
const char *addr_origin_name(enum xdp6_addr_origin o);

/* Host functions beyond user/proto/host.h (whose owner is asked to move them there). */

/* Caps the host's address table (link-local included) at max, normally the addrs map's
 * max_entries. Returns 0, or -EBUSY when more than max addresses are already present. */
int host_set_max_addrs(struct host *h, size_t max);

#endif /* XDP6_ADDR_H */
