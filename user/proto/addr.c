// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The per-interface address table (RFC 4862 §5.4, §5.5.4 address states; RFC 4291 §2.5, §2.7
 * which addresses can be ours). A daemon may own a million addresses (xdp6d --max-addrs): every
 * operation is O(1) on average, see addr.h for the layout and its memory. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"

#define ADDR_TABLE_FIRST_CAP	8

int addr_table_init(struct addr_table *t, size_t max)
{
	memset(t, 0, sizeof(*t));
	t->max = max < ADDR_TABLE_MAX ? max : ADDR_TABLE_MAX;
	t->head = t->tail = t->free = ADDR_NONE;
	return 0;
}

void addr_table_free(struct addr_table *t)
{
	free(t->e);
	hindex_free(&t->ix);
	memset(t, 0, sizeof(*t));
	t->head = t->tail = t->free = ADDR_NONE;
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
	size_t pos = hindex_find(&t->ix, t->e, sizeof(*t->e), a);

	return pos == HINDEX_NONE ? NULL : &t->e[pos];
}

/* Room for cap slots: the entries and the index, rebuilt from the live entries. All or
 * nothing: on -ENOMEM the table is as it was. */
static int addr_table_grow(struct addr_table *t, size_t cap)
{
	struct hindex ix = { 0 };
	struct addr_entry *e;
	uint32_t i;

	if (hindex_reset(&ix, sizeof(struct in6_addr), cap))
		return -ENOMEM;
	e = realloc(t->e, cap * sizeof(*e));
	if (!e) {
		hindex_free(&ix);
		return -ENOMEM;
	}
	t->e = e;
	t->cap = cap;
	hindex_free(&t->ix);
	t->ix = ix;
	for (i = t->head; i != ADDR_NONE; i = t->e[i].next)
		hindex_insert(&t->ix, &t->e[i].addr, i);
	return 0;
}

struct addr_entry *addr_table_add(struct addr_table *t, const struct in6_addr *a, uint8_t plen,
				  enum xdp6_addr_state state, enum xdp6_addr_origin origin,
				  int *err)
{
	struct addr_entry *e;
	uint32_t i;
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
	if (t->free == ADDR_NONE && t->used == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : ADDR_TABLE_FIRST_CAP;

		if (cap > t->max)
			cap = t->max;
		rc = addr_table_grow(t, cap);
		if (rc)
			goto fail;
	}
	if (t->free != ADDR_NONE) {
		i = t->free;
		t->free = t->e[i].next;
	} else {
		i = (uint32_t)t->used++;
	}
	e = &t->e[i];
	memset(e, 0, sizeof(*e));
	e->addr = *a;
	e->prefixlen = plen;
	e->state = state;
	e->origin = origin;
	e->valid_until = XDP6_NEVER;
	e->preferred_until = XDP6_NEVER;
	/* appended: the walk stays in the order of addition */
	e->prev = t->tail;
	e->next = ADDR_NONE;
	if (t->tail != ADDR_NONE)
		t->e[t->tail].next = i;
	else
		t->head = i;
	t->tail = i;
	hindex_insert(&t->ix, a, i);
	t->n++;
	*err = 0;
	return e;
fail:
	*err = rc;
	return NULL;
}

int addr_table_del(struct addr_table *t, const struct in6_addr *a)
{
	size_t pos = hindex_find(&t->ix, t->e, sizeof(*t->e), a);
	struct addr_entry *e;
	uint32_t i;

	if (pos == HINDEX_NONE)
		return -ENOENT;
	i = (uint32_t)pos;
	e = &t->e[i];
	hindex_remove(&t->ix, t->e, sizeof(*t->e), i);
	if (e->prev != ADDR_NONE)
		t->e[e->prev].next = e->next;
	else
		t->head = e->next;
	if (e->next != ADDR_NONE)
		t->e[e->next].prev = e->prev;
	else
		t->tail = e->prev;
	e->next = t->free;
	t->free = i;
	t->n--;
	return 0;
}

/* *iter: 0 to start, then the slot of the next entry + 1, SIZE_MAX past the last. */
struct addr_entry *addr_table_next(const struct addr_table *t, size_t *iter)
{
	uint32_t i;

	if (*iter == SIZE_MAX)
		return NULL;
	i = *iter ? (uint32_t)(*iter - 1) : t->head;
	if (i == ADDR_NONE) {
		*iter = SIZE_MAX;
		return NULL;
	}
	*iter = t->e[i].next == ADDR_NONE ? SIZE_MAX : (size_t)t->e[i].next + 1;
	return &t->e[i];
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
