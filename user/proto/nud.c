// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Neighbor cache and NUD: RFC 4861 §7.1.1/§7.1.2 validity, §7.2.2 (solicitations we send),
 * §7.2.3 and §7.2.5 (what received NS/NA change), §7.3 (reachability states and timers,
 * Appendix C), §6.3.2 (randomised ReachableTime); RFC 6980 §5 (no fragmented ND). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "nud.h"

#define NUD_NONE	(-1)

struct nud_entry {
	struct in6_addr addr;
	uint8_t mac[ETH6_ALEN];
	bool used;
	bool is_router;
	enum nud_state state;
	unsigned probes;
	int next;			/* hash chain or free list, NUD_NONE at the end */
	xdp6_ns deadline;		/* state timer, XDP6_NEVER when none (STALE) */
	xdp6_ns updated;		/* last state change or confirmation */
};

struct nud {
	struct xdp6_link link;
	struct nud_cfg cfg;
	struct nud_ops ops;
	uint64_t rand;
	uint64_t *dstats;
	xdp6_ns base_reachable, reachable, retrans;
	xdp6_ns drawn_at;		/* when ReachableTime was last drawn */
	struct in6_addr src;
	bool has_src;
	unsigned count;
	unsigned nbuckets;		/* power of two */
	int *buckets;
	int free_head;
	struct nud_entry *e;
};

static const char *const nud_state_names[] = {
	[NUD_INCOMPLETE] = "incomplete",
	[NUD_REACHABLE] = "reachable",
	[NUD_STALE] = "stale",
	[NUD_DELAY] = "delay",
	[NUD_PROBE] = "probe",
};

const char *nud_state_name(enum nud_state s)
{
	if ((unsigned)s >= sizeof(nud_state_names) / sizeof(nud_state_names[0]))
		return "unknown";
	return nud_state_names[s];
}

void nud_cfg_defaults(struct nud_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->max_entries = NUD_DEFAULT_MAX_ENTRIES;
	cfg->base_reachable_time = NUD_REACHABLE_TIME;
	cfg->retrans_timer = NUD_RETRANS_TIMER;
	cfg->delay_first_probe = NUD_DELAY_FIRST_PROBE_TIME;
	cfg->max_multicast_solicit = NUD_MAX_MULTICAST_SOLICIT;
	cfg->max_unicast_solicit = NUD_MAX_UNICAST_SOLICIT;
	cfg->gc_stale_time = NUD_GC_STALE_TIME;
}

static xdp6_ns ns_add(xdp6_ns a, xdp6_ns b)
{
	return a > XDP6_NEVER - b ? XDP6_NEVER : a + b;
}

/* RFC 4861 §6.3.2: ReachableTime uniformly in [MIN_RANDOM_FACTOR, MAX_RANDOM_FACTOR] times
 * BaseReachableTime. */
static void nud_draw_reachable(struct nud *n, xdp6_ns now)
{
	xdp6_ns lo = n->base_reachable * NUD_MIN_RANDOM_FACTOR_PCT / 100;
	xdp6_ns span = n->base_reachable * (NUD_MAX_RANDOM_FACTOR_PCT -
					    NUD_MIN_RANDOM_FACTOR_PCT) / 100;

	n->reachable = lo + xdp6_rand_delay(&n->rand, span);
	n->drawn_at = now;
}

struct nud *nud_new(const struct xdp6_link *link, const struct nud_cfg *cfg,
		    const struct nud_ops *ops, uint64_t seed, uint64_t *dstats)
{
	struct nud_cfg def;
	struct nud *n;
	unsigned i;

	if (!link || !dstats)
		return NULL;
	nud_cfg_defaults(&def);
	n = calloc(1, sizeof(*n));
	if (!n)
		return NULL;
	n->link = *link;
	n->cfg = def;
	if (cfg) {
		if (cfg->max_entries)
			n->cfg.max_entries = cfg->max_entries;
		if (cfg->base_reachable_time)
			n->cfg.base_reachable_time = cfg->base_reachable_time;
		if (cfg->retrans_timer)
			n->cfg.retrans_timer = cfg->retrans_timer;
		if (cfg->delay_first_probe)
			n->cfg.delay_first_probe = cfg->delay_first_probe;
		if (cfg->max_multicast_solicit)
			n->cfg.max_multicast_solicit = cfg->max_multicast_solicit;
		if (cfg->max_unicast_solicit)
			n->cfg.max_unicast_solicit = cfg->max_unicast_solicit;
		if (cfg->gc_stale_time)
			n->cfg.gc_stale_time = cfg->gc_stale_time;
	}
	if (n->cfg.max_entries > (1u << 20))
		n->cfg.max_entries = 1u << 20;
	if (ops)
		n->ops = *ops;
	n->rand = seed;
	n->dstats = dstats;
	n->base_reachable = n->cfg.base_reachable_time;
	n->retrans = n->cfg.retrans_timer;
	nud_draw_reachable(n, 0);
	for (n->nbuckets = 16; n->nbuckets < n->cfg.max_entries; n->nbuckets <<= 1)
		;
	n->buckets = malloc(n->nbuckets * sizeof(*n->buckets));
	n->e = calloc(n->cfg.max_entries, sizeof(*n->e));
	if (!n->buckets || !n->e) {
		nud_free(n);
		return NULL;
	}
	for (i = 0; i < n->nbuckets; i++)
		n->buckets[i] = NUD_NONE;
	for (i = 0; i < n->cfg.max_entries; i++)
		n->e[i].next = i + 1 < n->cfg.max_entries ? (int)i + 1 : NUD_NONE;
	n->free_head = 0;
	return n;
}

void nud_free(struct nud *n)
{
	if (!n)
		return;
	free(n->buckets);
	free(n->e);
	free(n);
}

static unsigned nud_hash(const struct nud *n, const struct in6_addr *a)
{
	uint32_t w[4];
	uint64_t h;

	memcpy(w, a->s6_addr, sizeof(w));
	h = ((uint64_t)(w[0] ^ w[1]) << 32 | (w[2] ^ w[3])) * 0x9e3779b97f4a7c15ull;
	return (unsigned)(h >> 32) & (n->nbuckets - 1);
}

static struct nud_entry *nud_find(const struct nud *n, const struct in6_addr *a)
{
	int i;

	for (i = n->buckets[nud_hash(n, a)]; i != NUD_NONE; i = n->e[i].next)
		if (!memcmp(&n->e[i].addr, a, sizeof(*a)))
			return &n->e[i];
	return NULL;
}

static void nud_remove(struct nud *n, struct nud_entry *victim)
{
	int idx = (int)(victim - n->e);
	int *pp = &n->buckets[nud_hash(n, &victim->addr)];

	while (*pp != NUD_NONE && *pp != idx)
		pp = &n->e[*pp].next;
	if (*pp == idx)
		*pp = victim->next;
	memset(victim, 0, sizeof(*victim));
	victim->next = n->free_head;
	n->free_head = idx;
	n->count--;
}

static bool nud_is_router(const struct nud *n, xdp6_ns now, const struct nud_entry *e)
{
	return n->ops.is_router && n->ops.is_router(n->ops.ctx, now, &e->addr);
}

/* Which entry gives way first when the table is full (see nud.h): INCOMPLETE, then STALE, then
 * DELAY/PROBE; -1 for what is never evicted (REACHABLE, a router of the Default Router List). */
static int nud_evict_rank(const struct nud *n, xdp6_ns now, const struct nud_entry *e)
{
	switch (e->state) {
	case NUD_INCOMPLETE:
		return 0;
	case NUD_STALE:
		return nud_is_router(n, now, e) ? -1 : 1;
	case NUD_DELAY:
	case NUD_PROBE:
		return nud_is_router(n, now, e) ? -1 : 2;
	case NUD_REACHABLE:
		break;
	}
	return -1;
}

/* A free slot; when the table is full, the entry nud_evict_rank() and then the oldest update
 * choose gives its place (Linux neigh_forced_gc also makes room from the oldest entries, any
 * state; RFC 4861 §7.3 leaves the policy open). */
static struct nud_entry *nud_alloc(struct nud *n, xdp6_ns now, const struct in6_addr *a)
{
	struct nud_entry *e, *victim = NULL;
	int rank, vrank = 0;
	unsigned i, b;
	int idx;

	if (n->free_head == NUD_NONE) {
		for (i = 0; i < n->cfg.max_entries; i++) {
			e = &n->e[i];
			if (!e->used)
				continue;
			rank = nud_evict_rank(n, now, e);
			if (rank < 0)
				continue;
			if (!victim || rank < vrank ||
			    (rank == vrank && e->updated < victim->updated)) {
				victim = e;
				vrank = rank;
			}
		}
		if (!victim) {
			n->dstats[D_NUD_TABLE_FULL]++;
			return NULL;
		}
		nud_remove(n, victim);
		n->dstats[D_NUD_EVICTED]++;
	}
	idx = n->free_head;
	e = &n->e[idx];
	n->free_head = e->next;
	memset(e, 0, sizeof(*e));
	e->used = true;
	e->addr = *a;
	e->deadline = XDP6_NEVER;
	e->updated = now;
	b = nud_hash(n, a);
	e->next = n->buckets[b];
	n->buckets[b] = idx;
	n->count++;
	return e;
}

static void nud_set_state(struct nud *n, struct nud_entry *e, xdp6_ns now, enum nud_state s)
{
	e->state = s;
	e->updated = now;
	e->probes = 0;
	switch (s) {
	case NUD_REACHABLE:
		/* §6.3.2: re-draw "at least every few hours"; Linux every 300 s. */
		if (now - n->drawn_at >= NUD_REACHABLE_REDRAW)
			nud_draw_reachable(n, now);
		e->deadline = ns_add(now, n->reachable);
		break;
	case NUD_DELAY:
		e->deadline = ns_add(now, n->cfg.delay_first_probe);
		break;
	case NUD_STALE:
		/* §7.3.3: no NUD timer until a packet is sent (that makes it DELAY): only the
		 * garbage collector's, gc_stale_time after it became STALE or was updated */
		e->deadline = ns_add(now, n->cfg.gc_stale_time);
		break;
	case NUD_INCOMPLETE:
	case NUD_PROBE:
		e->deadline = now;		/* the caller sends the first NS */
		break;
	}
}

static int nud_source(struct nud *n, const struct in6_addr *dst, struct in6_addr *src)
{
	if (n->ops.pick_source)
		return n->ops.pick_source(n->ops.ctx, dst, src);
	if (!n->has_src)
		return -EADDRNOTAVAIL;
	*src = n->src;
	return 0;
}

/* RFC 4861 §7.2.2: multicast NS to the solicited-node group (INCOMPLETE) or unicast NS to the
 * cached address (PROBE), always with our SLLA and hop limit 255. */
static void nud_send_ns(struct nud *n, const struct nud_entry *e, bool multicast)
{
	uint8_t icmp[sizeof(struct nd6_ns) + sizeof(struct nd6_opt_lladdr)] = { 0 };
	struct nd6_ns *ns = (void *)icmp;
	struct nd6_opt_lladdr *sl = (void *)(icmp + sizeof(*ns));
	struct pkt_out o = { .hop_limit = ND6_HOP_LIMIT };
	uint8_t frame[ETH6_HLEN + IP6_HLEN + sizeof(icmp)];
	int len;

	if (nud_source(n, &e->addr, &o.src) || ip6_is_unspecified(&o.src))
		return;		/* §7.2.2: never from :: (that is a DAD probe) */
	ns->type = ICMP6_TYPE_NEIGHBOR_SOLICIT;
	memcpy(ns->target, &e->addr, sizeof(ns->target));
	sl->type = ND6_OPT_SOURCE_LL_ADDR;
	sl->len = sizeof(*sl) / ND6_OPT_UNIT;
	memcpy(sl->addr, n->link.mac, ETH6_ALEN);
	memcpy(o.smac, n->link.mac, ETH6_ALEN);
	if (multicast) {
		ip6_solnode(&e->addr, &o.dst);
		ip6_mc_mac(&o.dst, o.dmac);
	} else {
		o.dst = e->addr;
		memcpy(o.dmac, e->mac, ETH6_ALEN);
	}
	len = pkt_build_icmp6(frame, sizeof(frame), &o, icmp, sizeof(icmp));
	if (len < 0)
		return;
	xdp6_tx_send(&n->ops.tx, frame, (size_t)len);
	n->dstats[D_NUD_NS_SENT]++;
}

static bool nud_addr_ok(const struct in6_addr *a)
{
	return !ip6_is_multicast(a) && !ip6_is_unspecified(a) && !ip6_is_loopback(a);
}

int nud_lookup(struct nud *n, xdp6_ns now, const struct in6_addr *addr,
	       uint8_t mac_out[ETH6_ALEN])
{
	struct nud_entry *e;
	struct in6_addr src;

	if (!nud_addr_ok(addr))
		return -EINVAL;
	e = nud_find(n, addr);
	if (!e) {
		/* §7.2.2: create INCOMPLETE and solicit; we need a source for that. */
		if (nud_source(n, addr, &src) || ip6_is_unspecified(&src))
			return -EADDRNOTAVAIL;
		e = nud_alloc(n, now, addr);
		if (!e)
			return -EHOSTUNREACH;
		nud_set_state(n, e, now, NUD_INCOMPLETE);
		nud_send_ns(n, e, true);
		e->probes = 1;
		e->deadline = ns_add(now, n->retrans);
		return -EAGAIN;
	}
	switch (e->state) {
	case NUD_INCOMPLETE:
		return -EAGAIN;
	case NUD_STALE:
		/* §7.3.3: sending a packet to a STALE neighbor starts the DELAY timer. */
		nud_set_state(n, e, now, NUD_DELAY);
		break;
	case NUD_REACHABLE:
	case NUD_DELAY:
	case NUD_PROBE:
		break;
	}
	memcpy(mac_out, e->mac, ETH6_ALEN);
	return 0;
}

int nud_confirm(struct nud *n, xdp6_ns now, const struct in6_addr *addr)
{
	struct nud_entry *e = nud_find(n, addr);

	if (!e || e->state == NUD_INCOMPLETE)
		return -ENOENT;
	nud_set_state(n, e, now, NUD_REACHABLE);	/* §7.3.1 */
	return 0;
}

int nud_learn(struct nud *n, xdp6_ns now, const struct in6_addr *addr, const uint8_t *mac,
	      int is_router)
{
	struct nud_entry *e;

	if (!nud_addr_ok(addr) || (mac && !eth_is_station(mac)))
		return -EINVAL;
	e = nud_find(n, addr);
	if (!e) {
		if (!mac)
			return -ENOENT;
		e = nud_alloc(n, now, addr);
		if (!e)
			return -ENOSPC;
		/* §7.2.3: a new entry is STALE, IsRouter FALSE (unless an RA says otherwise,
		 * §6.3.4). */
		memcpy(e->mac, mac, ETH6_ALEN);
		nud_set_state(n, e, now, NUD_STALE);
	} else if (mac && (e->state == NUD_INCOMPLETE || memcmp(e->mac, mac, ETH6_ALEN))) {
		/* §7.2.3 / §6.3.4: a different (or first) link-layer address makes it STALE;
		 * the same one leaves the state alone. */
		memcpy(e->mac, mac, ETH6_ALEN);
		nud_set_state(n, e, now, NUD_STALE);
	}
	if (is_router >= 0)
		e->is_router = is_router > 0;
	return 0;
}

int nud_delete(struct nud *n, const struct in6_addr *addr)
{
	struct nud_entry *e = nud_find(n, addr);

	if (!e)
		return -ENOENT;
	nud_remove(n, e);
	return 0;
}

int nd_msg_check(const struct pkt_info *pi, uint8_t type, size_t min_len, size_t opts_off)
{
	const uint8_t *m;
	size_t off = 0, olen;
	uint8_t t;
	int rc;

	if (!pi || !pi->frame || opts_off > min_len || min_len < ICMP6_HLEN)
		return -EINVAL;
	/* RFC 6980 §5: ND messages in fragments are silently ignored. */
	if (pi->l4_proto != IP6_NH_ICMPV6 || pi->has_frag)
		return -EINVAL;
	if (pi->l4_off > pi->len || pi->l4_len > pi->len - pi->l4_off || pi->l4_len < min_len)
		return -EINVAL;			/* §6.1.2/§7.1.1: ICMP length */
	m = pi->frame + pi->l4_off;
	if (m[0] != type)
		return -EINVAL;
	if (pi->hop_limit != ND6_HOP_LIMIT)	/* §6.1.2/§7.1.1: hop limit 255 */
		return -EINVAL;
	if (m[1] != 0)				/* ICMP Code is 0 */
		return -EINVAL;
	if (ip6_l4_csum(&pi->src, &pi->dst, IP6_NH_ICMPV6, m, pi->l4_len) != 0)
		return -EINVAL;			/* ICMP checksum is valid */
	/* All included options have a length greater than zero (and stay inside). */
	while ((rc = nd_opt_next(m + opts_off, pi->l4_len - opts_off, &off, &t, &olen)) > 0)
		;
	return rc < 0 ? -EINVAL : 0;
}

/* The link-layer address option of type `want`: 1 and *mac when present, 0 when absent,
 * -EINVAL when its length is not that of an Ethernet address (Linux drops the message:
 * ndisc_opt_addr_data() fails). The first one counts (Linux ignores duplicates). */
static int nd_lladdr_opt(const uint8_t *opts, size_t len, uint8_t want, const uint8_t **mac)
{
	size_t off = 0, olen;
	uint8_t t;

	while (nd_opt_next(opts, len, &off, &t, &olen) > 0) {
		if (t != want)
			continue;
		if (olen != sizeof(struct nd6_opt_lladdr))
			return -EINVAL;
		*mac = opts + off - olen + 2;
		/* a group or zero MAC is no station's: our unicast packets for the sender would
		 * reach every station (the fast path drops such an NS too, bad-src-mac) */
		if (!eth_is_station(*mac))
			return -EINVAL;
		return 1;
	}
	return 0;
}

static int nud_input_ns(struct nud *n, xdp6_ns now, const struct pkt_info *pi)
{
	const struct nd6_ns *ns = (const void *)(pi->frame + pi->l4_off);
	const uint8_t *opts = pi->frame + pi->l4_off + sizeof(*ns);
	size_t olen = pi->l4_len - sizeof(*ns);
	const uint8_t *mac = NULL;
	struct in6_addr target;
	int has;

	/* §7.1.1 checks in order; the common ones in nd_msg_check(). */
	if (nd_msg_check(pi, ICMP6_TYPE_NEIGHBOR_SOLICIT, ND6_NS_MIN_LEN, sizeof(*ns)))
		goto invalid;
	memcpy(&target, ns->target, sizeof(target));	/* the frame is not 4-aligned */
	if (ip6_is_multicast(&target))
		goto invalid;			/* Target Address is not a multicast address */
	if (ip6_is_multicast(&pi->src))
		goto invalid;			/* never a valid source (RFC 4291 §2.7) */
	has = nd_lladdr_opt(opts, olen, ND6_OPT_SOURCE_LL_ADDR, &mac);
	if (has < 0)
		goto invalid;
	if (ip6_is_unspecified(&pi->src)) {
		/* From ::, the destination is a solicited-node address and there is no SLLA.
		 * It is a DAD probe: nothing for the neighbor cache. */
		if (!ip6_is_solnode(&pi->dst) || has)
			goto invalid;
		n->dstats[D_NS_RECEIVED]++;
		return 0;
	}
	n->dstats[D_NS_RECEIVED]++;
	/* §7.2.3: with a unicast source and an SLLA, create or update the sender's entry. */
	if (has)
		nud_learn(n, now, &pi->src, mac, -1);
	return 0;
invalid:
	n->dstats[D_ND_INVALID]++;
	return -EINVAL;
}

static int nud_input_na(struct nud *n, xdp6_ns now, const struct pkt_info *pi)
{
	const struct nd6_ns *na = (const void *)(pi->frame + pi->l4_off);
	const uint8_t *opts = pi->frame + pi->l4_off + sizeof(*na);
	size_t olen = pi->l4_len - sizeof(*na);
	struct in6_addr tgt, *target = &tgt;
	const uint8_t *mac = NULL;
	struct nud_entry *e;
	bool r, s, o, changed;
	uint32_t flags;
	int has;

	/* §7.1.2 checks in order. */
	if (nd_msg_check(pi, ICMP6_TYPE_NEIGHBOR_ADVERT, ND6_NA_MIN_LEN, sizeof(*na)))
		goto invalid;
	memcpy(&tgt, na->target, sizeof(tgt));		/* the frame is not 4-aligned */
	if (ip6_is_multicast(target))
		goto invalid;			/* Target Address is not a multicast address */
	flags = ntohl(na->reserved);
	r = flags & ND6_NA_FLAG_ROUTER;
	s = flags & ND6_NA_FLAG_SOLICITED;
	o = flags & ND6_NA_FLAG_OVERRIDE;
	if (ip6_is_multicast(&pi->dst) && s)
		goto invalid;			/* multicast destination: Solicited flag is zero */
	if (ip6_is_multicast(&pi->src))
		goto invalid;
	has = nd_lladdr_opt(opts, olen, ND6_OPT_TARGET_LL_ADDR, &mac);
	if (has < 0)
		goto invalid;
	n->dstats[D_NA_RECEIVED]++;

	/* §7.2.5: no entry: silently discard (no entry is created by an NA). */
	e = nud_find(n, target);
	if (!e)
		goto ignored;
	if (e->state == NUD_INCOMPLETE) {
		/* No TLLA: discard. Else record it; S → REACHABLE, otherwise STALE. */
		if (!has)
			goto ignored;
		memcpy(e->mac, mac, ETH6_ALEN);
		nud_set_state(n, e, now, s ? NUD_REACHABLE : NUD_STALE);
		e->is_router = r;
		return 0;
	}
	changed = has && memcmp(e->mac, mac, ETH6_ALEN);
	if (!o && changed) {
		/* §7.2.5 (I): Override clear and a different address: REACHABLE becomes STALE
		 * without any other update; every other state ignores the advertisement. */
		if (e->state == NUD_REACHABLE)
			nud_set_state(n, e, now, NUD_STALE);
		else
			goto ignored;
		return 0;
	}
	/* (II): Override set, or no TLLA, or the same TLLA. */
	if (changed)
		memcpy(e->mac, mac, ETH6_ALEN);
	if (s)
		nud_set_state(n, e, now, NUD_REACHABLE);
	else if (changed)
		nud_set_state(n, e, now, NUD_STALE);
	if (e->is_router && !r) {
		/* IsRouter went TRUE → FALSE: the router leaves the Default Router List. */
		e->is_router = false;
		if (n->ops.router_lost)
			n->ops.router_lost(n->ops.ctx, target);
	}
	e->is_router = r;
	return 0;
ignored:
	n->dstats[D_NA_IGNORED]++;
	return 0;
invalid:
	n->dstats[D_ND_INVALID]++;
	return -EINVAL;
}

int nud_input(struct nud *n, xdp6_ns now, const struct pkt_info *pi)
{
	if (!pi || !pi->frame || pi->l4_proto != IP6_NH_ICMPV6 || pi->l4_len < ICMP6_HLEN ||
	    pi->l4_off > pi->len || pi->l4_len > pi->len - pi->l4_off) {
		n->dstats[D_ND_INVALID]++;
		return -EINVAL;
	}
	switch (pi->frame[pi->l4_off]) {
	case ICMP6_TYPE_NEIGHBOR_SOLICIT:
		return nud_input_ns(n, now, pi);
	case ICMP6_TYPE_NEIGHBOR_ADVERT:
		return nud_input_na(n, now, pi);
	default:
		return -EPROTONOSUPPORT;
	}
}

void nud_set_reachable_time(struct nud *n, xdp6_ns base)
{
	if (!base || base == n->base_reachable)
		return;
	n->base_reachable = base;
	/* §6.3.2: a new BaseReachableTime re-draws ReachableTime. The draw time is kept so the
	 * periodic re-draw stays on its schedule. */
	nud_draw_reachable(n, n->drawn_at);
}

void nud_set_retrans(struct nud *n, xdp6_ns retrans)
{
	if (retrans)
		n->retrans = retrans;
}

void nud_set_source(struct nud *n, const struct in6_addr *src)
{
	n->has_src = src && !ip6_is_unspecified(src);
	if (n->has_src)
		n->src = *src;
}

xdp6_ns nud_reachable_time(const struct nud *n)
{
	return n->reachable;
}

xdp6_ns nud_retrans(const struct nud *n)
{
	return n->retrans;
}

void nud_timeout(struct nud *n, xdp6_ns now)
{
	unsigned i;

	for (i = 0; i < n->cfg.max_entries; i++) {
		struct nud_entry *e = &n->e[i];

		if (!e->used || e->deadline > now)
			continue;
		switch (e->state) {
		case NUD_INCOMPLETE:
			/* Appendix C: retransmit up to MAX_MULTICAST_SOLICIT, then discard. */
			if (e->probes >= n->cfg.max_multicast_solicit) {
				n->dstats[D_NUD_FAILED]++;
				nud_remove(n, e);
				break;
			}
			nud_send_ns(n, e, true);
			e->probes++;
			e->deadline = ns_add(now, n->retrans);
			break;
		case NUD_REACHABLE:
			nud_set_state(n, e, now, NUD_STALE);	/* ReachableTime elapsed */
			break;
		case NUD_DELAY:
			/* DELAY_FIRST_PROBE_TIME elapsed: PROBE, first unicast NS now. */
			nud_set_state(n, e, now, NUD_PROBE);
			/* fall through */
		case NUD_PROBE:
			if (e->probes >= n->cfg.max_unicast_solicit) {
				n->dstats[D_NUD_FAILED]++;
				nud_remove(n, e);
				break;
			}
			nud_send_ns(n, e, false);
			e->probes++;
			e->deadline = ns_add(now, n->retrans);
			break;
		case NUD_STALE:
			/* Linux neigh_periodic_work: unused for gc_stale_time, it goes; a router
			 * of the Default Router List stays (Linux: its route holds it). */
			if (nud_is_router(n, now, e)) {
				e->deadline = ns_add(now, n->cfg.gc_stale_time);
				break;
			}
			n->dstats[D_NUD_GC]++;
			nud_remove(n, e);
			break;
		}
	}
}

xdp6_ns nud_next_deadline(const struct nud *n)
{
	xdp6_ns d = XDP6_NEVER;
	unsigned i;

	for (i = 0; i < n->cfg.max_entries; i++)
		if (n->e[i].used && n->e[i].deadline < d)
			d = n->e[i].deadline;
	return d;
}

static void nud_fill(const struct nud_entry *e, xdp6_ns now, struct nud_info *out)
{
	memset(out, 0, sizeof(*out));
	out->addr = e->addr;
	if (e->state != NUD_INCOMPLETE)
		memcpy(out->mac, e->mac, ETH6_ALEN);
	out->state = e->state;
	out->is_router = e->is_router;
	out->probes = e->probes;
	out->age = now > e->updated ? now - e->updated : 0;
}

size_t nud_list(const struct nud *n, xdp6_ns now, struct nud_info *out, size_t max)
{
	size_t k = 0;
	unsigned i;

	for (i = 0; i < n->cfg.max_entries; i++) {
		if (!n->e[i].used)
			continue;
		if (k < max)
			nud_fill(&n->e[i], now, &out[k]);
		k++;
	}
	return k;
}

int nud_get(const struct nud *n, xdp6_ns now, const struct in6_addr *addr, struct nud_info *out)
{
	const struct nud_entry *e = nud_find(n, addr);

	if (!e)
		return -ENOENT;
	nud_fill(e, now, out);
	return 0;
}
