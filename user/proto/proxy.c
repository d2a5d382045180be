// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The NDP proxy's prefix table (proxy.h): a small array, changed only by commands; the routes
 * that make --auto prefixes answered; and the keys the LPM trie must hold, which the fast path
 * reads. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/rtnetlink.h>

#include "proxy.h"

struct route_slot {
	struct proxy_route r;
	bool stale;			/* not told again since proxy_routes_begin() */
};

struct key_slot {
	struct in6_addr prefix;
	uint8_t plen;
	uint32_t refs;			/* a static prefix + each (auto prefix, route) pair */
};

struct proxy_table {
	struct proxy_entry *e;
	size_t n, cap, max;
	struct route_slot *r;
	size_t nr, rcap;
	struct key_slot *k;
	size_t nk, kcap;
	int ifindex;
	proxy_emit_fn emit;
	void *ctx;
};

/* Grows *arr (of *cap elements of size sz) to hold n + 1. */
static int grow(void *arr, size_t *cap, size_t n, size_t sz)
{
	void **a = arr;
	size_t c;
	void *p;

	if (n < *cap)
		return 0;
	c = *cap ? *cap * 2 : 16;
	p = realloc(*a, c * sz);
	if (!p)
		return -ENOMEM;
	*a = p;
	*cap = c;
	return 0;
}

/* The first min(alen, blen) bits agree: one prefix contains the other. */
static bool overlap(const struct in6_addr *a, uint8_t alen, const struct in6_addr *b,
		    uint8_t blen)
{
	unsigned bits = alen < blen ? alen : blen, i;

	for (i = 0; i < bits / 8; i++)
		if (a->s6_addr[i] != b->s6_addr[i])
			return false;
	if (bits % 8) {
		uint8_t m = (uint8_t)(0xff00 >> (bits % 8));

		return !((a->s6_addr[i] ^ b->s6_addr[i]) & m);
	}
	return true;
}

static void key_ref(struct proxy_table *t, const struct in6_addr *p, uint8_t plen, bool inc)
{
	size_t i;

	for (i = 0; i < t->nk; i++)
		if (t->k[i].plen == plen && !memcmp(&t->k[i].prefix, p, sizeof(*p)))
			break;
	if (!inc) {
		if (i == t->nk || --t->k[i].refs)
			return;
		t->k[i] = t->k[--t->nk];
		if (t->emit)
			t->emit(t->ctx, p, plen, XDP6_PROXY_STATIC, false);
		return;
	}
	if (i < t->nk) {
		t->k[i].refs++;
		return;
	}
	if (grow(&t->k, &t->kcap, t->nk, sizeof(*t->k)))
		return;		/* not answered: the trie writer would not take it either */
	t->k[t->nk].prefix = *p;
	t->k[t->nk].plen = plen;
	t->k[t->nk].refs = 1;
	t->nk++;
	if (t->emit)
		t->emit(t->ctx, p, plen, XDP6_PROXY_STATIC, true);
}

/* The (auto prefix e, route r) pair's key, when they overlap: the longer prefix. */
static void pair_ref(struct proxy_table *t, const struct proxy_entry *e,
		     const struct proxy_route *r, bool inc)
{
	if (e->mode != XDP6_PROXY_AUTO || !overlap(&e->prefix, e->plen, &r->dst, r->dst_len))
		return;
	if (r->dst_len > e->plen)
		key_ref(t, &r->dst, r->dst_len, inc);
	else
		key_ref(t, &e->prefix, e->plen, inc);
}

/* Every reason an entry gives the trie: itself (static) or its pairs with the routes (auto). */
static void entry_ref(struct proxy_table *t, const struct proxy_entry *e, bool inc)
{
	size_t j;

	if (e->mode != XDP6_PROXY_AUTO) {
		key_ref(t, &e->prefix, e->plen, inc);
		return;
	}
	for (j = 0; j < t->nr; j++)
		pair_ref(t, e, &t->r[j].r, inc);
}

struct proxy_table *proxy_new(size_t max)
{
	struct proxy_table *t = calloc(1, sizeof(*t));

	if (t)
		t->max = max ? max : PROXY_MAX;
	return t;
}

void proxy_free(struct proxy_table *t)
{
	if (!t)
		return;
	free(t->e);
	free(t->r);
	free(t->k);
	free(t);
}

int proxy_check(const struct in6_addr *prefix, unsigned plen)
{
	const uint8_t *b = prefix->s6_addr;
	unsigned i;

	if (plen < 1 || plen > 128)
		return -EINVAL;
	for (i = plen; i < 128; i++)
		if (b[i / 8] & (0x80 >> (i % 8)))
			return -EINVAL;		/* host bits set: say what is meant */
	/* RFC 4291 §2.7: multicast; §2.5.6: link-local (each link's own, never proxied);
	 * §2.5.2, §2.5.3: the unspecified and loopback addresses */
	if (b[0] == 0xff || (b[0] == 0xfe && (b[1] & 0xc0) == 0x80))
		return -EINVAL;
	if (IN6_IS_ADDR_UNSPECIFIED(prefix) || (plen == 128 && IN6_IS_ADDR_LOOPBACK(prefix)))
		return -EINVAL;
	return 0;
}

static size_t find(const struct proxy_table *t, const struct in6_addr *prefix, uint8_t plen)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->e[i].plen == plen && !memcmp(&t->e[i].prefix, prefix, sizeof(*prefix)))
			return i;
	return t->n;
}

int proxy_change(struct proxy_table *t, const struct in6_addr *prefix, uint8_t plen,
		 uint8_t mode, bool add)
{
	size_t i;
	int err = proxy_check(prefix, plen);

	if (err)
		return err;
	i = find(t, prefix, plen);
	if (!add) {
		if (i == t->n)
			return -ENOENT;
		entry_ref(t, &t->e[i], false);
		memmove(&t->e[i], &t->e[i + 1], (t->n - i - 1) * sizeof(*t->e));
		t->n--;
		return 0;
	}
	if (i < t->n)
		return -EEXIST;
	if (mode != XDP6_PROXY_STATIC && mode != XDP6_PROXY_AUTO)
		return -EINVAL;
	if (t->n == t->max)
		return -ENOSPC;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		struct proxy_entry *e = realloc(t->e, cap * sizeof(*e));

		if (!e)
			return -ENOMEM;
		t->e = e;
		t->cap = cap;
	}
	t->e[t->n].prefix = *prefix;
	t->e[t->n].plen = plen;
	t->e[t->n].mode = mode;
	entry_ref(t, &t->e[t->n], true);
	t->n++;
	return 0;
}

size_t proxy_list(const struct proxy_table *t, struct proxy_entry *out, size_t max)
{
	size_t i;

	for (i = 0; out && i < t->n && i < max; i++)
		out[i] = t->e[i];
	return t->n;
}

const char *proxy_mode_name(uint8_t mode)
{
	return mode == XDP6_PROXY_AUTO ? "auto" : "static";
}

void proxy_set_out(struct proxy_table *t, int ifindex, proxy_emit_fn emit, void *ctx)
{
	t->ifindex = ifindex;
	t->emit = emit;
	t->ctx = ctx;
}

static bool route_same_place(const struct proxy_route *a, const struct proxy_route *b)
{
	return a->dst_len == b->dst_len && a->metric == b->metric &&
	       !memcmp(&a->dst, &b->dst, sizeof(a->dst));
}

static size_t route_find(const struct proxy_table *t, const struct proxy_route *r)
{
	size_t j;

	for (j = 0; j < t->nr; j++)
		if (route_same_place(&t->r[j].r, r) && t->r[j].r.oif == r->oif)
			return j;
	return t->nr;
}

static void route_remove(struct proxy_table *t, size_t j)
{
	struct proxy_route r = t->r[j].r;
	size_t i;

	t->r[j] = t->r[--t->nr];
	for (i = 0; i < t->n; i++)
		pair_ref(t, &t->e[i], &r, false);
}

/* A route that counts (kept if it overlaps an auto prefix) appeared or went: 1 kept or
 * removed, 0 nothing to do, or -ENOSPC / -ENOMEM. */
static int route_present(struct proxy_table *t, bool present, const struct proxy_route *r)
{
	size_t i, j = route_find(t, r);
	bool useful = false;

	if (!present) {
		if (j == t->nr)
			return 0;
		route_remove(t, j);
		return 1;
	}
	if (j < t->nr) {
		t->r[j].stale = false;
		return 0;
	}
	for (i = 0; i < t->n && !useful; i++)
		useful = t->e[i].mode == XDP6_PROXY_AUTO &&
			 overlap(&t->e[i].prefix, t->e[i].plen, &r->dst, r->dst_len);
	if (!useful)
		return 0;		/* a full routing table costs only this check */
	if (t->nr == t->max)
		return -ENOSPC;
	if (grow(&t->r, &t->rcap, t->nr, sizeof(*t->r)))
		return -ENOMEM;
	t->r[t->nr].r = *r;
	t->r[t->nr].stale = false;
	t->nr++;
	for (i = 0; i < t->n; i++)
		pair_ref(t, &t->e[i], r, true);
	return 1;
}

int proxy_route(struct proxy_table *t, bool present, const struct proxy_route *in)
{
	struct proxy_route r = *in;
	bool counts;
	size_t i, j;
	int ret = 0;

	if (r.dst_len > 128 || r.table != RT_TABLE_MAIN)
		return 0;
	for (i = r.dst_len; i < 128; i++)	/* the kernel sends them zero; be sure */
		r.dst.s6_addr[i / 8] &= (uint8_t)~(0x80 >> (i % 8));
	/* ndppd's auto: the target is reached through another interface. The main table only
	 * (policy routing is not followed); unicast routes (not unreachable, blackhole,
	 * prohibit, local); one output interface (a multipath route has none in RTA_OIF and
	 * is skipped: README, Prefix-wide ownership, "Limits"). */
	counts = r.type == RTN_UNICAST && r.oif > 0 && r.oif != t->ifindex;
	if (counts)
		ret = route_present(t, present, &r);
	if (present && r.replace) {
		/* what it replaced, whatever the new route is (ours, unreachable, multipath) */
		for (j = t->nr; j-- > 0;)
			if (route_same_place(&t->r[j].r, &r) &&
			    !(counts && t->r[j].r.oif == r.oif)) {
				route_remove(t, j);
				ret = ret < 0 ? ret : 1;
			}
	}
	return ret;
}

void proxy_routes_begin(struct proxy_table *t)
{
	size_t j;

	for (j = 0; j < t->nr; j++)
		t->r[j].stale = true;
}

void proxy_routes_end(struct proxy_table *t)
{
	size_t j = 0;

	while (j < t->nr)
		if (t->r[j].stale)
			route_remove(t, j);	/* the last one moves into j */
		else
			j++;
}

size_t proxy_published(const struct proxy_table *t, struct proxy_entry *out, size_t max)
{
	size_t i;

	for (i = 0; out && i < t->nk && i < max; i++) {
		out[i].prefix = t->k[i].prefix;
		out[i].plen = t->k[i].plen;
		out[i].mode = XDP6_PROXY_STATIC;
	}
	return t->nk;
}

size_t proxy_routes(const struct proxy_table *t)
{
	return t->nr;
}

bool proxy_has_auto(const struct proxy_table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->e[i].mode == XDP6_PROXY_AUTO)
			return true;
	return false;
}

void proxy_reconcile(struct proxy_table *t, const struct proxy_entry *pinned, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < t->nk; j++)
			if (t->k[j].plen == pinned[i].plen &&
			    !memcmp(&t->k[j].prefix, &pinned[i].prefix, sizeof(pinned[i].prefix)))
				break;
		if (j == t->nk && t->emit)
			t->emit(t->ctx, &pinned[i].prefix, pinned[i].plen, XDP6_PROXY_STATIC, false);
	}
}

enum proxy_allmulti_act proxy_allmulti(bool need, bool on, bool *ours)
{
	if (!on)
		*ours = false;
	if (need && !on)
		return PROXY_ALLMULTI_SET;
	/* on before we needed it (the admin's, another program's): left on at the end */
	if (!need && on && *ours)
		return PROXY_ALLMULTI_CLEAR;
	return PROXY_ALLMULTI_NONE;
}

void proxy_allmulti_done(enum proxy_allmulti_act act, bool ok, bool *ours)
{
	if (ok && act != PROXY_ALLMULTI_NONE)
		*ours = act == PROXY_ALLMULTI_SET;
}
