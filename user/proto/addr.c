// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The per-interface address table (RFC 4862 §5.4, §5.5.4 address states; RFC 4291 §2.5, §2.7
 * which addresses can be ours). A dense array in order of addition: a host owns a handful of
 * addresses, and a linear scan of a few thousand is cheaper than the frames that cause it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"

#define ADDR_TABLE_FIRST_CAP	8

int addr_table_init(struct addr_table *t, size_t max)
{
	memset(t, 0, sizeof(*t));
	t->max = max;
	return 0;
}

void addr_table_free(struct addr_table *t)
{
	free(t->e);
	memset(t, 0, sizeof(*t));
}

int addr_check(const struct in6_addr *a, unsigned plen)
{
	/* RFC 4291 §2.5.2: the unspecified address must never be assigned; §2.5.3: loopback
	 * belongs to the loopback interface; §2.7: multicast is not a unicast address. */
	if (ip6_is_unspecified(a) || ip6_is_loopback(a) || ip6_is_multicast(a))
		return -EINVAL;
	if (plen > 128)
		return -EINVAL;
	return 0;
}

struct addr_entry *addr_table_find(const struct addr_table *t, const struct in6_addr *a)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (!memcmp(&t->e[i].addr, a, sizeof(*a)))
			return &t->e[i];
	return NULL;
}

struct addr_entry *addr_table_add(struct addr_table *t, const struct in6_addr *a, uint8_t plen,
				  enum xdp6_addr_state state, enum xdp6_addr_origin origin,
				  int *err)
{
	struct addr_entry *e;
	int rc;

	rc = addr_check(a, plen);
	if (rc)
		goto fail;
	rc = -EEXIST;
	if (addr_table_find(t, a))
		goto fail;
	rc = -ENOSPC;
	if (t->n >= t->max)
		goto fail;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : ADDR_TABLE_FIRST_CAP;

		if (cap > t->max)
			cap = t->max;
		e = realloc(t->e, cap * sizeof(*e));
		rc = -ENOMEM;
		if (!e)
			goto fail;
		t->e = e;
		t->cap = cap;
	}
	e = &t->e[t->n++];
	memset(e, 0, sizeof(*e));
	e->addr = *a;
	e->prefixlen = plen;
	e->state = state;
	e->origin = origin;
	e->valid_until = XDP6_NEVER;
	e->preferred_until = XDP6_NEVER;
	*err = 0;
	return e;
fail:
	*err = rc;
	return NULL;
}

int addr_table_del(struct addr_table *t, const struct in6_addr *a)
{
	struct addr_entry *e = addr_table_find(t, a);
	size_t i;

	if (!e)
		return -ENOENT;
	i = (size_t)(e - t->e);
	memmove(&t->e[i], &t->e[i + 1], (t->n - i - 1) * sizeof(*e));
	t->n--;
	return 0;
}

struct addr_entry *addr_table_next(const struct addr_table *t, size_t *iter)
{
	if (*iter >= t->n)
		return NULL;
	return &t->e[(*iter)++];
}

size_t addr_table_solnode_users(const struct addr_table *t, const struct in6_addr *a)
{
	struct in6_addr g, h;
	size_t i, n = 0;

	ip6_solnode(a, &g);
	for (i = 0; i < t->n; i++) {
		ip6_solnode(&t->e[i].addr, &h);
		n += !memcmp(&g, &h, sizeof(g));
	}
	return n;
}

const char *addr_state_name(enum xdp6_addr_state s)
{
	switch (s) {
	case XDP6_ADDR_TENTATIVE:	return "tentative";
	case XDP6_ADDR_PREFERRED:	return "preferred";
	case XDP6_ADDR_DEPRECATED:	return "deprecated";
	case XDP6_ADDR_DUPLICATE:	return "duplicate";
	}
	return "unknown";
}

const char *addr_origin_name(enum xdp6_addr_origin o)
{
	switch (o) {
	case XDP6_ORIGIN_STATIC:	return "static";
	case XDP6_ORIGIN_LINK_LOCAL:	return "link-local";
	case XDP6_ORIGIN_SLAAC:		return "slaac";
	case XDP6_ORIGIN_TEMPORARY:	return "temporary";
	}
	return "unknown";
}
