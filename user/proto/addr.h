/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The per-interface address table: which unicast addresses we own, their prefix length, state
 * (RFC 4862 §5.4 tentative / §5.5.4 preferred, deprecated / §5.4.5 duplicate) and origin, and
 * their lifetimes. Plain data, no callbacks: host.c decides what a change means (the users of
 * a solicited-node group are counted once, by MLD). */
#ifndef XDP6_ADDR_H
#define XDP6_ADDR_H

#include <stddef.h>
#include <stdint.h>

#include "pkt.h"
#include "hash.h"

/* ---- the address table ---- */

struct addr_entry {
	struct in6_addr addr;		/* first: the index key */
	uint8_t prefixlen;
	enum xdp6_addr_state state;
	enum xdp6_addr_origin origin;
	xdp6_ns valid_until, preferred_until;	/* XDP6_NEVER = infinite */
	uint32_t prev, next;		/* order of addition; private to addr.c */
};

/*
 * Slots e[0..cap) hold the entries; the live ones are linked in order of addition (head ..
 * tail), deleted slots are reused (free list), so an entry never moves while the table does
 * not grow. One index: address -> slot (hash.h). Every operation is O(1) on average; growth
 * doubles cap (up to max) and rebuilds the index, O(1) amortised. Memory: cap *
 * (sizeof(struct addr_entry) = 56 + 2 * 4) bytes, about 64 bytes per address slot: 67 MB for
 * --max-addrs 1048576 when full.
 */
struct addr_table {
	struct addr_entry *e;
	size_t n;		/* live entries */
	size_t cap;		/* allocated slots, grows up to max */
	size_t max;		/* most addresses we accept (the addrs map's max_entries) */
	size_t used;		/* e[0..used) have been handed out: live or on the free list */
	uint32_t head, tail;	/* first and last live entry, ADDR_NONE when empty */
	uint32_t free;		/* first deleted slot, chained through next; ADDR_NONE if none */
	struct hindex ix;	/* address -> slot */
};

#define ADDR_NONE	UINT32_MAX
#define ADDR_TABLE_MAX	((size_t)1 << 30)	/* bound on max: slot numbers fit 32 bits */

/* An empty table accepting up to max addresses (grows on demand). Returns 0. */
int addr_table_init(struct addr_table *t, size_t max);
void addr_table_free(struct addr_table *t);

/* Can `a` be an address of ours? RFC 4291 §2.5.2/§2.5.3/§2.7: not unspecified, loopback or
 * multicast; prefix length at most 128. Returns 0 or -EINVAL. */
int addr_check(const struct in6_addr *a, unsigned plen);

/* Adds a in `state`, infinite lifetimes. Returns the entry, or NULL with *err = -EINVAL (see
 * addr_check), -EEXIST (already in the table), -ENOSPC (max reached) or -ENOMEM. Entry
 * pointers stay valid until the next add (which may grow the table). */
struct addr_entry *addr_table_add(struct addr_table *t, const struct in6_addr *a, uint8_t plen,
				  enum xdp6_addr_state state, enum xdp6_addr_origin origin,
				  int *err);
/* Returns 0 or -ENOENT. */
int addr_table_del(struct addr_table *t, const struct in6_addr *a);
struct addr_entry *addr_table_find(const struct addr_table *t, const struct in6_addr *a);
/* Iterate: `for (i = 0; (e = addr_table_next(t, &i)); )`, in the order of addition. The table
 * must not change during the walk. */
struct addr_entry *addr_table_next(const struct addr_table *t, size_t *iter);
const char *addr_state_name(enum xdp6_addr_state s);
const char *addr_origin_name(enum xdp6_addr_origin o);

#endif /* XDP6_ADDR_H */
