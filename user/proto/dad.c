// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Duplicate Address Detection: the RFC 4862 §5.4.2 probe schedule, the §5.4.3/§5.4.4 conflict
 * rules on the RFC 4861 §7.1.1/§7.1.2 validity checks, and RFC 7527 §4 nonces.
 *
 * Adding many addresses at once runs as many DADs: the runs sit in a dense array with an
 * address index (hash.h) and a min-heap on the next step's time, so starting, cancelling,
 * matching a frame and the next deadline cost O(log n) at most. Steps due together go earliest
 * first, ties in the order the DADs started. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "dad.h"
#include "hash.h"
#include "heap.h"

#define DAD_FIRST_CAP	8

struct dad_entry {
	struct in6_addr addr;			/* first: the index key */
	xdp6_ns next;				/* next probe, or the verdict after the last */
	uint64_t seq;				/* start order, breaks ties in next */
	unsigned sent;				/* probes sent so far */
	uint32_t at;				/* place in the heap */
	uint8_t (*nonce)[DAD_NONCE_LEN];	/* nonce[i] went out in probe i */
};

struct dad {
	struct xdp6_link link;
	struct dad_cfg cfg;
	struct dad_ops ops;
	uint64_t rng;
	uint64_t *dstats;
	struct dad_entry *e;	/* e[0..n); a removed entry's place is taken by the last */
	size_t n, cap;
	struct hindex ix;	/* address -> position in e */
	struct heap heap;	/* positions in e, least (next, seq) first */
	uint64_t seq;
};

/* What an NS/NA carries that DAD cares about, filled by nd_valid(). */
struct nd_view {
	bool slla;
	bool nonce;			/* the first Nonce option of length 1 */
	uint8_t nonce_val[DAD_NONCE_LEN];
};

void dad_cfg_defaults(struct dad_cfg *cfg)
{
	cfg->transmits = 1;			/* RFC 4862 §5.1 DupAddrDetectTransmits */
	cfg->retrans_timer = XDP6_NS_PER_SEC;	/* RFC 4861 §10 RETRANS_TIMER */
	cfg->max_delay = XDP6_NS_PER_SEC;	/* RFC 4861 §10 MAX_RTR_SOLICITATION_DELAY */
}

/* ---- the heap of next steps ---- */

static bool step_less(const void *ctx, uint32_t a, uint32_t b)
{
	const struct dad *d = ctx;
	const struct dad_entry *x = &d->e[a], *y = &d->e[b];

	return x->next < y->next || (x->next == y->next && x->seq < y->seq);
}

static void step_moved(void *ctx, uint32_t id, size_t at)
{
	struct dad *d = ctx;

	d->e[id].at = (uint32_t)at;
}

struct dad *dad_new(const struct xdp6_link *link, const struct dad_cfg *cfg,
		    const struct dad_ops *ops, uint64_t seed, uint64_t *dstats)
{
	struct dad *d;

	if (!link || !dstats)
		return NULL;
	d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->link = *link;
	if (cfg)
		d->cfg = *cfg;
	else
		dad_cfg_defaults(&d->cfg);
	if (ops)
		d->ops = *ops;
	d->rng = seed;
	d->dstats = dstats;
	heap_init(&d->heap, step_less, step_moved, d);
	return d;
}

void dad_free(struct dad *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->n; i++)
		free(d->e[i].nonce);
	free(d->e);
	hindex_free(&d->ix);
	heap_free(&d->heap);
	free(d);
}

static struct dad_entry *dad_find(const struct dad *d, const struct in6_addr *a)
{
	size_t i = hindex_find(&d->ix, d->e, sizeof(*d->e), a);

	return i == HINDEX_NONE ? NULL : &d->e[i];
}

/* Removes the entry; the last one takes its place in the array and in the heap. */
static void dad_remove(struct dad *d, struct dad_entry *e)
{
	size_t i = (size_t)(e - d->e), last = d->n - 1, k = e->at;

	free(e->nonce);
	hindex_remove(&d->ix, d->e, sizeof(*d->e), i);
	if (i != last) {
		*e = d->e[last];
		hindex_move(&d->ix, &e->addr, last, i);
		heap_rename(&d->heap, e->at, (uint32_t)i);
	}
	d->n--;
	heap_remove(&d->heap, k);
}

/* Room for cap runs: the array, the heap and a rebuilt index. */
static int dad_grow(struct dad *d, size_t cap)
{
	struct hindex ix = { 0 };
	struct dad_entry *e;
	size_t i;

	e = realloc(d->e, cap * sizeof(*e));
	if (!e)
		return -ENOMEM;
	d->e = e;
	if (heap_reserve(&d->heap, cap))
		return -ENOMEM;
	if (hindex_reset(&ix, sizeof(struct in6_addr), cap))
		return -ENOMEM;
	for (i = 0; i < d->n; i++)
		hindex_insert(&ix, &d->e[i].addr, i);
	hindex_free(&d->ix);
	d->ix = ix;
	d->cap = cap;
	return 0;
}

/* The entry is done: remove it first so the callback may start or cancel DADs. */
static void dad_finish(struct dad *d, struct dad_entry *e, enum dad_result res)
{
	struct in6_addr a = e->addr;

	dad_remove(d, e);
	if (d->ops.done)
		d->ops.done(d->ops.ctx, &a, res);
}

int dad_start(struct dad *d, xdp6_ns now, const struct in6_addr *addr)
{
	struct dad_entry *e;

	if (ip6_is_multicast(addr) || ip6_is_unspecified(addr) || ip6_is_loopback(addr))
		return -EINVAL;
	if (dad_find(d, addr))
		return -EEXIST;
	if (!d->cfg.transmits) {
		/* RFC 4862 §5.4: DupAddrDetectTransmits 0 disables DAD, the address is unique */
		d->dstats[D_DAD_SUCCEEDED]++;
		if (d->ops.done)
			d->ops.done(d->ops.ctx, addr, DAD_OK);
		return 0;
	}
	if (d->n == d->cap && dad_grow(d, d->cap ? d->cap * 2 : DAD_FIRST_CAP))
		return -ENOMEM;
	e = &d->e[d->n];
	memset(e, 0, sizeof(*e));
	e->nonce = calloc(d->cfg.transmits, sizeof(*e->nonce));
	if (!e->nonce)
		return -ENOMEM;
	e->addr = *addr;
	/* RFC 4862 §5.4.2: random delay in [0, MAX_RTR_SOLICITATION_DELAY] before the first NS.
	 * The RFC asks for it only when the NS is the first message after interface
	 * (re)initialisation; Linux (addrconf_dad_kick) delays every DAD, and so do we. */
	e->next = now + xdp6_rand_delay(&d->rng, d->cfg.max_delay);
	e->seq = d->seq++;
	hindex_insert(&d->ix, addr, d->n);
	heap_push(&d->heap, (uint32_t)d->n);
	d->n++;
	return 0;
}

int dad_stop(struct dad *d, const struct in6_addr *addr)
{
	struct dad_entry *e = dad_find(d, addr);

	if (!e)
		return -ENOENT;
	dad_remove(d, e);
	return 0;
}

int dad_cancel(struct dad *d, const struct in6_addr *addr)
{
	int err = dad_stop(d, addr);

	if (!err)
		d->dstats[D_DAD_CANCELLED]++;
	return err;
}

void dad_set_retrans(struct dad *d, xdp6_ns retrans)
{
	if (retrans)
		d->cfg.retrans_timer = retrans;
}

bool dad_is_tentative(const struct dad *d, const struct in6_addr *addr)
{
	return dad_find(d, addr) != NULL;
}

/* RFC 4862 §5.4.2: NS from ::, to the solicited-node group of the target, hop limit 255, no
 * Source Link-Layer Address option (RFC 4861 §4.3 forbids it from ::), with a fresh RFC 7527
 * §4.1 Nonce option (6 octets, length 1). Linux draws one nonce per DAD run and repeats it in
 * every probe; a fresh one per probe is what the project asks for and matches more loops. */
static void dad_send_probe(struct dad *d, struct dad_entry *e)
{
	uint8_t icmp[sizeof(struct nd6_ns) + ND6_OPT_UNIT];
	uint8_t frame[ETH6_HLEN + IP6_HLEN + sizeof(icmp)];
	struct nd6_ns *ns = (struct nd6_ns *)icmp;
	uint8_t *opt = icmp + sizeof(*ns);
	uint8_t *nonce = e->nonce[e->sent];
	struct pkt_out o;
	uint32_t r1, r2;
	int len;

	do {		/* all-zero is avoided like Linux, which uses 0 for "no nonce" */
		r1 = xdp6_rand_u32(&d->rng);
		r2 = xdp6_rand_u32(&d->rng);
		memcpy(nonce, &r1, 4);
		memcpy(nonce + 4, &r2, DAD_NONCE_LEN - 4);
	} while (!memcmp(nonce, "\0\0\0\0\0\0", DAD_NONCE_LEN));

	memset(icmp, 0, sizeof(icmp));
	ns->type = ICMP6_TYPE_NEIGHBOR_SOLICIT;
	memcpy(ns->target, &e->addr, sizeof(ns->target));
	opt[0] = ND6_OPT_NONCE;
	opt[1] = 1;			/* 8 octets: type, length, 6-octet nonce */
	memcpy(opt + 2, nonce, DAD_NONCE_LEN);

	memset(&o, 0, sizeof(o));	/* o.src = :: */
	ip6_solnode(&e->addr, &o.dst);
	ip6_mc_mac(&o.dst, o.dmac);
	memcpy(o.smac, d->link.mac, ETH6_ALEN);
	o.hop_limit = ND6_HOP_LIMIT;
	len = pkt_build_icmp6(frame, sizeof(frame), &o, icmp, sizeof(icmp));
	e->sent++;
	if (len < 0)
		return;
	xdp6_tx_send(&d->ops.tx, frame, (size_t)len);
	d->dstats[D_DAD_PROBE_SENT]++;
}

void dad_timeout(struct dad *d, xdp6_ns now)
{
	/* One step at a time from the top of the heap: dad_finish()'s callback may add or
	 * remove entries. Each step sends a probe or ends a DAD, so this ends. */
	while (d->n && d->e[heap_top(&d->heap)].next <= now) {
		struct dad_entry *e = &d->e[heap_top(&d->heap)];

		if (e->sent < d->cfg.transmits) {
			dad_send_probe(d, e);
			/* RFC 4862 §5.4.2: probes RetransTimer apart; from `now` so that a late
			 * timer never squeezes two probes closer than that */
			e->next = now + d->cfg.retrans_timer;
			heap_fix(&d->heap, e->at);
			continue;
		}
		/* RFC 4862 §5.4.2: RetransTimer after the last probe with no conflict: unique */
		d->dstats[D_DAD_SUCCEEDED]++;
		dad_finish(d, e, DAD_OK);
	}
}

xdp6_ns dad_next_deadline(const struct dad *d)
{
	return d->n ? d->e[heap_top(&d->heap)].next : XDP6_NEVER;
}

/* RFC 4861 §7.1.1 (NS) / §7.1.2 (NA) validity checks, in RFC order, plus the option walk. The
 * ICMP length (>= 24) was checked by the caller. */
static bool nd_valid(const struct pkt_info *pi, const uint8_t *l4, struct nd_view *v)
{
	const struct nd6_ns *m = (const struct nd6_ns *)l4;
	const uint8_t *opts = l4 + sizeof(*m);
	size_t olen_total = pi->l4_len - sizeof(*m), off = 0, olen;
	struct in6_addr target;
	uint8_t type;
	int r;

	memset(v, 0, sizeof(*v));
	if (pi->hop_limit != ND6_HOP_LIMIT)		/* §7.1.1/§7.1.2: hop limit 255 */
		return false;
	if (pi->has_frag)		/* RFC 6980 §5: ND messages must not be fragmented */
		return false;
	if (ip6_l4_csum(&pi->src, &pi->dst, IP6_NH_ICMPV6, l4, pi->l4_len))
		return false;				/* checksum valid */
	if (m->code)					/* code 0 */
		return false;
	memcpy(&target, m->target, sizeof(target));
	if (ip6_is_multicast(&target))		/* target not multicast */
		return false;
	/* not in the §7.1 lists, but a multicast source is never valid (RFC 4291 §2.7) */
	if (ip6_is_multicast(&pi->src))
		return false;
	while ((r = nd_opt_next(opts, olen_total, &off, &type, &olen)) > 0) {
		/* Options are walked but only SLLA and Nonce matter here. Linux keeps the first
		 * of duplicated options and uses a nonce only when its length is 1 (6 octets). */
		if (type == ND6_OPT_SOURCE_LL_ADDR)
			v->slla = true;
		if (type == ND6_OPT_NONCE && olen == ND6_OPT_UNIT && !v->nonce) {
			v->nonce = true;
			memcpy(v->nonce_val, opts + off - olen + 2, DAD_NONCE_LEN);
		}
	}
	if (r < 0)			/* every option has a length greater than zero */
		return false;
	if (m->type == ICMP6_TYPE_NEIGHBOR_SOLICIT && ip6_is_unspecified(&pi->src)) {
		if (!ip6_is_solnode(&pi->dst))	/* from ::, to a solicited-node group */
			return false;
		if (v->slla)			/* from ::, no SLLA option */
			return false;
	}
	if (m->type == ICMP6_TYPE_NEIGHBOR_ADVERT && ip6_is_multicast(&pi->dst) &&
	    (ntohl(m->reserved) & ND6_NA_FLAG_SOLICITED))
		return false;		/* §7.1.2: to a multicast destination, S must be 0 */
	return true;
}

static bool dad_nonce_ours(const struct dad_entry *e, const uint8_t *nonce)
{
	unsigned i;

	for (i = 0; i < e->sent; i++)
		if (!memcmp(e->nonce[i], nonce, DAD_NONCE_LEN))
			return true;
	return false;
}

int dad_input(struct dad *d, xdp6_ns now, const struct pkt_info *pi)
{
	const uint8_t *l4;
	struct in6_addr target;
	struct dad_entry *e;
	struct nd_view v;

	if (!d->n || !pi || !pi->frame || pi->l4_proto != IP6_NH_ICMPV6)
		return 0;
	/* untrusted view: the ICMP message must lie inside the frame */
	if (pi->l4_off > pi->len || pi->l4_len > pi->len - pi->l4_off ||
	    pi->l4_len < sizeof(struct nd6_ns))
		return 0;
	l4 = pi->frame + pi->l4_off;
	if (l4[0] != ICMP6_TYPE_NEIGHBOR_SOLICIT && l4[0] != ICMP6_TYPE_NEIGHBOR_ADVERT)
		return 0;
	memcpy(&target, l4 + offsetof(struct nd6_ns, target), sizeof(target));
	e = dad_find(d, &target);
	if (!e)
		return 0;
	if (!nd_valid(pi, l4, &v)) {
		d->dstats[D_DAD_INVALID]++;
		return -EINVAL;
	}
	if (l4[0] == ICMP6_TYPE_NEIGHBOR_ADVERT) {
		/* RFC 4862 §5.4.4: a valid NA for a tentative target: a duplicate */
		d->dstats[D_DAD_CONFLICT_NA]++;
		dad_finish(d, e, DAD_DUP_NA);
		return 1;
	}
	if (!ip6_is_unspecified(&pi->src)) {
		/* RFC 4862 §5.4.3: from a unicast source the sender is resolving the tentative
		 * address; ignore it silently (and do not answer: §5.4) */
		d->dstats[D_DAD_NS_UNICAST_IGNORED]++;
		return 1;
	}
	if (v.nonce && dad_nonce_ours(e, v.nonce_val)) {
		/* RFC 7527 §4.2: our own probe looped back: not a duplicate, drop it. RFC 7527
		 * also asks for MAX_MULTICAST_SOLICIT extra probes when a probe loops back; Linux
		 * (ndisc_recv_ns) only drops it and keeps its schedule, and so do we: the probes
		 * still to send go out as planned and the verdict time does not move. */
		d->dstats[D_DAD_LOOPED_NONCE]++;
		return 1;
	}
	/* RFC 4862 §5.4.3: another node is probing for the same address (no nonce, or not one
	 * of ours): the tentative address is a duplicate. This holds during the initial random
	 * delay too, before we sent anything. */
	d->dstats[D_DAD_CONFLICT_NS]++;
	dad_finish(d, e, DAD_DUP_NS);
	return 1;
}
