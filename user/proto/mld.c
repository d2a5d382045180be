// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* MLD listener: RFC 3810 §6.1 state-change reports, §6.2/§6.3 query responses, §5.1 query
 * validation and field decoding, §8.2 MLDv1 compatibility, with RFC 2710 §4 v1 reports, Done
 * and report suppression. Every membership is EXCLUDE {} (listen to all sources).
 *
 * Sized for a host with a million solicited-node groups (one per address): joining, leaving,
 * a query for one group and the next deadline cost O(log n) at most, never a walk of every
 * group; only what concerns them all (a General Query's response, a new link-local, a switch
 * to or from MLDv1) walks them. The groups sit in a dense array (order of joining, a removed
 * group's place taken by the last one) with an address index (hash.h), and three sets of
 * positions: a min-heap of the groups whose timer runs, the groups with state-change records
 * to send (crcount > 0), and the left groups with nothing more to send. Where several groups
 * are due at once they are handled in array order, as a walk of the array would. Memory: about
 * 100 bytes a group (sizeof(struct mld_grp) = 72 + 8 index + 4 per set + 4 scratch), plus 512
 * for a group that has a source-specific query pending. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "mld.h"
#include "hash.h"
#include "heap.h"

#define MLD_HBH_LEN		8	/* Hop-by-Hop header with Router Alert (pkt.c) */
#define MLD_SCOPE(a)		((a)->s6_addr[1] & 0x0f)
#define MLD_SCOPE_LINK		2
#define MLD_MRC_EXP_FORM	0x8000	/* §5.1.3: Max Resp Code >= 32768 is floating */
#define MLD_QQIC_EXP_FORM	0x80	/* §5.1.9: QQIC >= 128 is floating */
#define MLD_QRV_MASK		0x07
#define MLD_FIRST_CAP		8
#define MLD_NOWHERE		UINT32_MAX	/* not in that set */
/* Query responses for one group (or the General Query's, for all) are at least the querier's
 * Maximum Response Delay apart, and never closer than this: a flood of queries gets one
 * response per interval, not one per query (see mld_not_before()). 1 s is the Unsolicited
 * Report Interval and Last Listener Query Interval of RFC 3810 §9.11, §9.8. */
#define MLD_MIN_RESPONSE_GAP	XDP6_NS_PER_SEC

/* Sets of group positions, each group knowing its place in each (mld_grp.at); the groups whose
 * timer runs are in the timer heap (mld.timers, mld_grp.timer_at). */
enum mld_set_id {
	MLD_CHANGES,		/* crcount > 0: in the next state-change report */
	MLD_GONE,		/* refcnt == 0, no record nor Done left to send: to forget */
	MLD_NSETS
};

struct mld_grp {
	struct in6_addr group;		/* first: the index key */
	/* Multicast Address Timer (§6.2) / RFC 2710 §4 report delay timer */
	xdp6_ns timer;
	xdp6_ns last_resp;		/* last query response (v2) or v1 Report; NEVER: none */
	/* pending group-and-source-specific response (§6.2 rules 3 and 4): the sources, up to
	 * MLD_MAX_QUERY_SRCS, allocated when first needed */
	struct in6_addr *srcs;
	unsigned nsrcs;
	unsigned refcnt;		/* 0: left, a state change or Done still to send */
	/* MLDv2 state change (§6.1): records still to send on the interface timer */
	unsigned crcount;
	unsigned v1_left;		/* MLDv1 unsolicited reports still to send */
	uint32_t at[MLD_NSETS];		/* place in each set, MLD_NOWHERE if not in it */
	uint32_t timer_at;		/* place in the timer heap, MLD_NOWHERE if none runs */
	uint8_t chg_type;		/* CHANGE_TO_EXCLUDE (join), CHANGE_TO_INCLUDE (leave) */
	bool src_query;			/* a source-specific response is pending */
	bool reportable;		/* RFC 3810 §6: never ff02::1, nor scope 0 or 1 */
	bool v1_done;			/* MLDv1: Done when the timer fires, then forget */
	bool last_reporter;		/* RFC 2710 §4: we sent the last v1 Report for it */
};

struct mld_set {
	uint32_t *pos;			/* group positions; room for cap */
	size_t n;
};

struct mld {
	struct xdp6_link link;
	struct mld_cfg cfg;
	struct mld_ops ops;
	uint64_t rng;
	uint64_t *dstats;
	struct in6_addr src;		/* :: until mld_set_source() gives a link-local */
	/* adopted from the last MLDv2 Query (§5.1.8, §5.1.9, §9.12) */
	unsigned qrv;
	xdp6_ns qi, qri;
	xdp6_ns v1_until;		/* Older Version Querier Present until; 0 = MLDv2 mode */
	xdp6_ns gen_at;			/* Interface Timer: General Query response (§6.2) */
	xdp6_ns gen_last;		/* last General Query response sent; NEVER: none */
	xdp6_ns ifc_at;			/* next state-change report (§6.1) */
	struct mld_grp *g;		/* g[0..n), in order of joining, see the file header */
	size_t n, cap;
	struct hindex ix;		/* group address -> position */
	struct mld_set set[MLD_NSETS];
	struct heap timers;		/* groups whose timer runs, earliest first */
	uint32_t *tmp;			/* room for cap positions: what a step walks, sorted */
	/* report under construction */
	size_t mtu;
	uint8_t *icmp, *frame;
	size_t rb_len;
	unsigned rb_nrecs;
};

void mld_cfg_defaults(struct mld_cfg *cfg)
{
	cfg->robustness = 2;				/* §9.1 */
	cfg->query_interval = 125 * XDP6_NS_PER_SEC;	/* §9.2 */
	cfg->query_response_interval = 10 * XDP6_NS_PER_SEC;	/* §9.3 */
	cfg->unsolicited_interval = XDP6_NS_PER_SEC;	/* §9.11 */
}

/* The timer heap: positions ordered by g[].timer. */
static bool timer_less(const void *ctx, uint32_t a, uint32_t b)
{
	const struct mld *m = ctx;

	return m->g[a].timer < m->g[b].timer;
}

static void timer_moved(void *ctx, uint32_t p, size_t at)
{
	struct mld *m = ctx;

	m->g[p].timer_at = (uint32_t)at;
}

struct mld *mld_new(const struct xdp6_link *link, const struct mld_cfg *cfg,
		    const struct mld_ops *ops, uint64_t seed, uint64_t *dstats)
{
	struct mld *m;

	if (!link || !dstats)
		return NULL;
	m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	m->link = *link;
	if (cfg)
		m->cfg = *cfg;
	else
		mld_cfg_defaults(&m->cfg);
	if (!m->cfg.robustness)
		m->cfg.robustness = 1;
	if (ops)
		m->ops = *ops;
	m->rng = seed;
	m->dstats = dstats;
	heap_init(&m->timers, timer_less, timer_moved, m);
	m->qrv = m->cfg.robustness;
	m->qi = m->cfg.query_interval;
	m->qri = m->cfg.query_response_interval;
	m->gen_at = m->ifc_at = m->gen_last = XDP6_NEVER;
	/* RFC 8200 §5: every link carries 1280; larger reports only when the link says so */
	m->mtu = link->mtu < IP6_MIN_MTU ? IP6_MIN_MTU : link->mtu > 0xffff ? 0xffff : link->mtu;
	m->icmp = malloc(m->mtu);
	m->frame = malloc(ETH6_HLEN + m->mtu);
	if (!m->icmp || !m->frame) {
		mld_free(m);
		return NULL;
	}
	return m;
}

void mld_free(struct mld *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->n; i++)
		free(m->g[i].srcs);
	free(m->g);
	hindex_free(&m->ix);
	for (i = 0; i < MLD_NSETS; i++)
		free(m->set[i].pos);
	heap_free(&m->timers);
	free(m->tmp);
	free(m->icmp);
	free(m->frame);
	free(m);
}

static bool mld_in_v1(const struct mld *m, xdp6_ns now)
{
	return m->v1_until > now;
}

bool mld_v1_mode(const struct mld *m, xdp6_ns now)
{
	return mld_in_v1(m, now);
}

static struct mld_grp *mld_find(const struct mld *m, const struct in6_addr *group)
{
	size_t i = hindex_find(&m->ix, m->g, sizeof(*m->g), group);

	return i == HINDEX_NONE ? NULL : &m->g[i];
}

static xdp6_ns min_ns(xdp6_ns a, xdp6_ns b)
{
	return a < b ? a : b;
}

/* ---- the sets of positions ---- */

static uint32_t pos_of(const struct mld *m, const struct mld_grp *g)
{
	return (uint32_t)(g - m->g);
}

/* Position k of a set now holds group p. */
static void set_put(struct mld *m, enum mld_set_id s, size_t k, uint32_t p)
{
	m->set[s].pos[k] = p;
	m->g[p].at[s] = (uint32_t)k;
}

static void set_add(struct mld *m, enum mld_set_id s, uint32_t p)
{
	set_put(m, s, m->set[s].n++, p);
}

/* Takes place k of set s from its group; the set's last entry moves into it. */
static void set_del(struct mld *m, enum mld_set_id s, size_t k)
{
	struct mld_set *st = &m->set[s];

	m->g[st->pos[k]].at[s] = MLD_NOWHERE;
	if (k != --st->n)
		set_put(m, s, k, st->pos[st->n]);
}

/* Every write of g->timer goes through here: the heap follows. */
static void grp_set_timer(struct mld *m, struct mld_grp *g, xdp6_ns t)
{
	uint32_t k = g->timer_at;

	g->timer = t;
	if (t == XDP6_NEVER) {
		if (k == MLD_NOWHERE)
			return;
		heap_remove(&m->timers, k);
		g->timer_at = MLD_NOWHERE;
	} else if (k == MLD_NOWHERE) {
		heap_push(&m->timers, pos_of(m, g));
	} else {
		heap_fix(&m->timers, k);
	}
}

/* The earliest running group timer, XDP6_NEVER if none runs. */
static xdp6_ns timers_first(const struct mld *m)
{
	return m->timers.n ? m->g[heap_top(&m->timers)].timer : XDP6_NEVER;
}

/* After a change of refcnt, crcount or v1_done: the group joins or leaves the sets those
 * decide. */
static void grp_sync(struct mld *m, struct mld_grp *g)
{
	bool changes = g->crcount > 0, gone = !g->refcnt && !g->crcount && !g->v1_done;

	if (changes != (g->at[MLD_CHANGES] != MLD_NOWHERE)) {
		if (changes)
			set_add(m, MLD_CHANGES, pos_of(m, g));
		else
			set_del(m, MLD_CHANGES, g->at[MLD_CHANGES]);
	}
	if (gone != (g->at[MLD_GONE] != MLD_NOWHERE)) {
		if (gone)
			set_add(m, MLD_GONE, pos_of(m, g));
		else
			set_del(m, MLD_GONE, g->at[MLD_GONE]);
	}
}

static int cmp_pos_up(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static int cmp_pos_down(const void *a, const void *b)
{
	return cmp_pos_up(b, a);
}

/* Set s copied into m->tmp in array order (or the reverse): the order a walk of the whole
 * array would meet them in. Returns how many. */
static size_t set_sorted(struct mld *m, enum mld_set_id s, bool down)
{
	size_t n = m->set[s].n;

	if (n) {
		memcpy(m->tmp, m->set[s].pos, n * sizeof(*m->tmp));
		qsort(m->tmp, n, sizeof(*m->tmp), down ? cmp_pos_down : cmp_pos_up);
	}
	return n;
}

/* Room for cap groups: the array, the sets, the scratch and a rebuilt index. On -ENOMEM
 * nothing changed that matters (some arrays may be larger already). */
static int mld_grow(struct mld *m, size_t cap)
{
	struct hindex ix = { 0 };
	struct mld_grp *g;
	uint32_t *p;
	size_t i;

	g = realloc(m->g, cap * sizeof(*g));
	if (!g)
		return -ENOMEM;
	m->g = g;
	for (i = 0; i < MLD_NSETS; i++) {
		p = realloc(m->set[i].pos, cap * sizeof(*p));
		if (!p)
			return -ENOMEM;
		m->set[i].pos = p;
	}
	if (heap_reserve(&m->timers, cap))
		return -ENOMEM;
	p = realloc(m->tmp, cap * sizeof(*p));
	if (!p)
		return -ENOMEM;
	m->tmp = p;
	if (hindex_reset(&ix, sizeof(struct in6_addr), cap))
		return -ENOMEM;
	for (i = 0; i < m->n; i++)
		hindex_insert(&ix, &m->g[i].group, i);
	hindex_free(&m->ix);
	m->ix = ix;
	m->cap = cap;
	return 0;
}

/* RFC 3810 §6.1: state-change retransmissions at random in (0, Unsolicited Report Interval).
 * The project brief says "1 s apart"; the RFC and Linux (mld_ifc_start_work, and
 * igmp6_join_group for v1) draw a random delay, and we follow them. */
static xdp6_ns mld_unsol_delay(struct mld *m)
{
	xdp6_ns uri = m->cfg.unsolicited_interval;

	return uri < 2 ? uri : 1 + xdp6_rand_delay(&m->rng, uri - 2);
}

/* ---- sending ---- */

static void mld_send(struct mld *m, const struct in6_addr *dst, size_t icmp_len)
{
	struct pkt_out o;
	int len;

	memset(&o, 0, sizeof(o));
	ip6_mc_mac(dst, o.dmac);
	memcpy(o.smac, m->link.mac, ETH6_ALEN);
	/* RFC 3810 §5.2.13: our link-local, or :: while there is none (during its DAD) */
	o.src = m->src;
	o.dst = *dst;
	/* §5: hop limit 1 and Router Alert on every MLD message */
	o.hop_limit = MLD6_HOP_LIMIT;
	o.router_alert = true;
	len = pkt_build_icmp6(m->frame, ETH6_HLEN + m->mtu, &o, m->icmp, icmp_len);
	if (len > 0)
		xdp6_tx_send(&m->ops.tx, m->frame, (size_t)len);
}

/* RFC 2710 §3: Report (131) to the group itself, Done (132) to ff02::2. */
static void mld_send_v1(struct mld *m, uint8_t type, const struct in6_addr *group)
{
	struct mld6_v1 *msg = (struct mld6_v1 *)m->icmp;

	memset(msg, 0, sizeof(*msg));
	msg->type = type;
	memcpy(msg->group, group, sizeof(msg->group));
	if (type == MLD6_TYPE_V1_DONE) {
		mld_send(m, &ip6_all_routers, sizeof(*msg));
		m->dstats[D_MLD_DONE_SENT]++;
	} else {
		mld_send(m, group, sizeof(*msg));
		m->dstats[D_MLD_REPORT_SENT]++;
	}
}

/* MLDv2 Report (§5.2) built record by record, flushed whenever the next record would make the
 * IPv6 packet larger than the link MTU. Sent to ff02::16 (§5.2.14). */
static void mld_rb_begin(struct mld *m)
{
	m->rb_len = sizeof(struct mld6_v2_report);
	m->rb_nrecs = 0;
}

static void mld_rb_flush(struct mld *m)
{
	struct mld6_v2_report *r = (struct mld6_v2_report *)m->icmp;

	if (!m->rb_nrecs)
		return;
	memset(r, 0, sizeof(*r));
	r->type = MLD6_TYPE_V2_REPORT;
	r->nrecs = htons((uint16_t)m->rb_nrecs);
	mld_send(m, &ip6_all_mldv2, m->rb_len);
	m->dstats[D_MLD_REPORT_SENT]++;
	mld_rb_begin(m);
}

static void mld_rb_add(struct mld *m, uint8_t type, const struct in6_addr *group,
		       const struct in6_addr *srcs, unsigned nsrcs)
{
	size_t rl = sizeof(struct mld6_v2_record) + (size_t)nsrcs * sizeof(*srcs);
	size_t room = m->mtu - IP6_HLEN - MLD_HBH_LEN;
	struct mld6_v2_record *rec;

	/* a record never exceeds room: nsrcs <= MLD_MAX_QUERY_SRCS and mtu >= 1280 */
	if (m->rb_len + rl > room || m->rb_nrecs == 0xffff)
		mld_rb_flush(m);
	rec = (struct mld6_v2_record *)(m->icmp + m->rb_len);
	rec->rec_type = type;
	rec->aux_len = 0;
	rec->nsrcs = htons((uint16_t)nsrcs);
	memcpy(rec->group, group, sizeof(rec->group));
	if (nsrcs)
		memcpy(rec + 1, srcs, (size_t)nsrcs * sizeof(*srcs));
	m->rb_len += rl;
	m->rb_nrecs++;
}

/* ---- membership ---- */

/* The last group takes the place of group i. */
static void mld_remove(struct mld *m, size_t i)
{
	size_t last = m->n - 1;
	unsigned s;

	for (s = 0; s < MLD_NSETS; s++)
		if (m->g[i].at[s] != MLD_NOWHERE)
			set_del(m, s, m->g[i].at[s]);
	grp_set_timer(m, &m->g[i], XDP6_NEVER);
	hindex_remove(&m->ix, m->g, sizeof(*m->g), i);
	free(m->g[i].srcs);
	if (i != last) {
		m->g[i] = m->g[last];
		hindex_move(&m->ix, &m->g[i].group, last, i);
		for (s = 0; s < MLD_NSETS; s++)
			if (m->g[i].at[s] != MLD_NOWHERE)
				m->set[s].pos[m->g[i].at[s]] = (uint32_t)i;
		if (m->g[i].timer_at != MLD_NOWHERE)
			heap_rename(&m->timers, m->g[i].timer_at, (uint32_t)i);
	}
	m->n--;
}

/* Forget groups we left that have nothing more to send: from the highest position down, so
 * that the groups moving into their places are ones already kept (what a backward walk of the
 * array removing each in turn does). */
static void mld_gc(struct mld *m)
{
	size_t i, n;

	if (!m->set[MLD_GONE].n)
		return;
	n = set_sorted(m, MLD_GONE, true);
	for (i = 0; i < n; i++)
		mld_remove(m, m->tmp[i]);
}

/* The membership changed (join: EXCLUDE {}, leave: INCLUDE {}): RFC 3810 §6.1 in MLDv2 mode,
 * RFC 2710 §4 in MLDv1 mode. Only schedules; mld_timeout() sends. */
static void mld_state_change(struct mld *m, xdp6_ns now, struct mld_grp *g, bool join)
{
	if (mld_in_v1(m, now)) {
		g->crcount = 0;
		if (join) {
			/* RFC 2710 §4: a Report at once, repeated after a short delay */
			g->v1_done = false;
			g->v1_left = m->qrv;
			grp_set_timer(m, g, now);
		} else if (g->last_reporter) {
			/* RFC 2710 §4: Done to all-routers if we sent the last Report */
			g->v1_done = true;
			grp_set_timer(m, g, now);
		}
		grp_sync(m, g);
		return;
	}
	/* §6.1: Robustness Variable transmissions, the first at once; a new change replaces
	 * the records of the previous one and restarts the count */
	g->v1_left = 0;
	g->v1_done = false;
	g->crcount = m->qrv;
	g->chg_type = join ? MLD6_V2_REC_CHANGE_TO_EXCLUDE : MLD6_V2_REC_CHANGE_TO_INCLUDE;
	m->ifc_at = min_ns(m->ifc_at, now);
	grp_sync(m, g);
}

static bool mld_reportable(const struct in6_addr *group)
{
	/* RFC 3810 §6 / RFC 2710 §5: no messages about ff02::1, nor scope 0 (reserved) or
	 * 1 (interface-local) groups */
	return memcmp(group, &ip6_all_nodes, sizeof(*group)) && MLD_SCOPE(group) >= MLD_SCOPE_LINK;
}

int mld_join(struct mld *m, xdp6_ns now, const struct in6_addr *group)
{
	struct mld_grp *g;

	if (!ip6_is_multicast(group))
		return -EINVAL;
	g = mld_find(m, group);
	if (g && g->refcnt)
		return (int)++g->refcnt;
	if (!g) {
		if (m->n == m->cap && mld_grow(m, m->cap ? m->cap * 2 : MLD_FIRST_CAP))
			return -ENOMEM;
		g = &m->g[m->n];
		memset(g, 0, sizeof(*g));
		g->group = *group;
		g->reportable = mld_reportable(group);
		g->timer = XDP6_NEVER;
		g->last_resp = XDP6_NEVER;
		memset(g->at, 0xff, sizeof(g->at));	/* MLD_NOWHERE */
		g->timer_at = MLD_NOWHERE;
		hindex_insert(&m->ix, group, m->n++);
	}
	g->refcnt = 1;
	grp_sync(m, g);
	if (g->reportable)
		mld_state_change(m, now, g, true);
	return 1;
}

int mld_leave(struct mld *m, xdp6_ns now, const struct in6_addr *group)
{
	struct mld_grp *g = mld_find(m, group);

	if (!g || !g->refcnt)
		return -ENOENT;
	if (--g->refcnt)
		return (int)g->refcnt;
	/* no reception state any more: pending query responses are void (§6.3) */
	grp_set_timer(m, g, XDP6_NEVER);
	g->v1_left = 0;
	g->src_query = false;
	g->nsrcs = 0;
	grp_sync(m, g);
	if (g->reportable)
		mld_state_change(m, now, g, false);
	mld_gc(m);
	return 0;
}

unsigned mld_refcount(const struct mld *m, const struct in6_addr *group)
{
	const struct mld_grp *g = mld_find(m, group);

	return g ? g->refcnt : 0;
}

int mld_set_source(struct mld *m, const struct in6_addr *ll)
{
	bool had = !ip6_is_unspecified(&m->src);
	size_t i;

	if (!ll) {
		memset(&m->src, 0, sizeof(m->src));
		return 0;
	}
	if (!ip6_is_linklocal(ll))
		return -EINVAL;
	m->src = *ll;
	if (had || m->v1_until)
		return 0;
	/* A link-local appeared: reports so far came from ::, which snooping switches may have
	 * ignored. Linux (ipv6_mc_dad_complete) then sends the memberships again as state-change
	 * records, Robustness times, in MLDv2 mode only; so do we. Due at once: the next
	 * mld_timeout() sends it. */
	for (i = 0; i < m->n; i++) {
		struct mld_grp *g = &m->g[i];

		if (g->refcnt && g->reportable) {
			g->crcount = m->qrv;
			g->chg_type = MLD6_V2_REC_CHANGE_TO_EXCLUDE;
			m->ifc_at = 0;
			grp_sync(m, g);
		}
	}
	return 0;
}

/* ---- queries and reports from the link ---- */

/* RFC 3810 §5.1.3: Maximum Response Code to milliseconds. */
static xdp6_ns mld_mrc_ms(uint16_t mrc)
{
	if (mrc < MLD_MRC_EXP_FORM)
		return mrc;
	return (xdp6_ns)((mrc & 0x0fff) | 0x1000) << (((mrc >> 12) & 0x7) + 3);
}

/* RFC 3810 §5.1.9: Querier's Query Interval Code to seconds. */
static xdp6_ns mld_qqic_s(uint8_t qqic)
{
	if (qqic < MLD_QQIC_EXP_FORM)
		return qqic;
	return (xdp6_ns)((qqic & 0x0f) | 0x10) << (((qqic >> 4) & 0x7) + 3);
}

/* RFC 3810 §8.2.1: an MLDv1 Query was heard. */
static void mld_enter_v1(struct mld *m, xdp6_ns now)
{
	size_t i;

	if (!mld_in_v1(m, now)) {
		/* Linux mld_process_v1: pending MLDv2 responses and state-change
		 * retransmissions are dropped on the switch */
		m->gen_at = XDP6_NEVER;
		m->ifc_at = XDP6_NEVER;
		for (i = 0; i < m->n; i++) {
			m->g[i].crcount = 0;
			m->g[i].src_query = false;
			m->g[i].nsrcs = 0;
			grp_sync(m, &m->g[i]);
		}
		mld_gc(m);
	}
	/* §9.12: Older Version Querier Present Timeout */
	m->v1_until = now + (xdp6_ns)m->qrv * m->qi + m->qri;
}

/* The earliest a response to a query with Maximum Response Delay mrd may go, when the last
 * one went at `last` (XDP6_NEVER: none): mrd later (at least MLD_MIN_RESPONSE_GAP). RFC 3810
 * §6.2 and RFC 2710 §4 keep a pending response that is due sooner, but say nothing of one
 * just sent: answered at once, every query of a flood got its own report (a flood of 500
 * queries in 5 s with 10 s of delay drew 16 reports per group). Never later than the querier
 * asked: `last` is in the past, so last + mrd is within now + mrd (the floor aside). */
static xdp6_ns mld_not_before(xdp6_ns last, xdp6_ns mrd)
{
	if (last == XDP6_NEVER)
		return 0;
	return last + (mrd > MLD_MIN_RESPONSE_GAP ? mrd : MLD_MIN_RESPONSE_GAP);
}

/* A response drawn for now + delay, held to not_before; counted when held. */
static xdp6_ns mld_response_at(struct mld *m, xdp6_ns at, xdp6_ns not_before)
{
	if (at >= not_before)
		return at;
	m->dstats[D_MLD_RESPONSE_HELD]++;
	return not_before;
}

/* The later of two "last sent" times, XDP6_NEVER meaning none. */
static xdp6_ns max_last(xdp6_ns a, xdp6_ns b)
{
	if (a == XDP6_NEVER)
		return b;
	if (b == XDP6_NEVER)
		return a;
	return a > b ? a : b;
}

/* RFC 2710 §4 (also MLDv2 Queries heard in MLDv1 mode): per group, a random delay in
 * [0, Maximum Response Delay]; a running timer is kept when it expires sooner (Linux
 * igmp6_group_queried). */
static void mld_v1_schedule(struct mld *m, xdp6_ns now, struct mld_grp *g, xdp6_ns mrd)
{
	if (!g->refcnt || !g->reportable)
		return;
	if (g->timer != XDP6_NEVER && g->timer <= now + mrd)
		return;
	grp_set_timer(m, g, mld_response_at(m, now + xdp6_rand_delay(&m->rng, mrd),
					    mld_not_before(g->last_resp, mrd)));
}

/* RFC 3810 §6.2 rules 3 and 4 for one group. */
static void mld_v2_schedule(struct mld *m, struct mld_grp *g, xdp6_ns at, const uint8_t *srcs,
			    unsigned nsrcs)
{
	unsigned i, j;

	if (!g->refcnt || !g->reportable)
		return;
	if (g->timer == XDP6_NEVER) {
		/* rule 3: nothing pending: schedule, recording the queried sources */
		grp_set_timer(m, g, at);
		g->src_query = nsrcs > 0;
		g->nsrcs = 0;
	} else {
		/* rule 4: the earlier of the two; a group-specific query, or a pending one,
		 * makes the response group-specific */
		grp_set_timer(m, g, min_ns(g->timer, at));
		if (!nsrcs || !g->src_query) {
			g->src_query = false;
			g->nsrcs = 0;
			return;
		}
	}
	if (!g->src_query)
		return;
	for (i = 0; i < nsrcs; i++) {
		const uint8_t *s = srcs + (size_t)i * sizeof(struct in6_addr);

		for (j = 0; j < g->nsrcs; j++)
			if (!memcmp(&g->srcs[j], s, sizeof(struct in6_addr)))
				break;
		if (j < g->nsrcs)
			continue;
		if (!g->srcs)
			g->srcs = malloc(MLD_MAX_QUERY_SRCS * sizeof(*g->srcs));
		if (g->nsrcs == MLD_MAX_QUERY_SRCS || !g->srcs) {
			/* too many to keep (or no memory for them): answer as for a
			 * group-specific query, IS_EX {}, which still says we want every source
			 * (Linux does so always) */
			g->src_query = false;
			g->nsrcs = 0;
			return;
		}
		memcpy(&g->srcs[g->nsrcs++], s, sizeof(struct in6_addr));
	}
}

/* Checks common to everything we act on: IPv6 hop limit 1 and Router Alert (RFC 3810 §5,
 * RFC 2710 §3), whole message, no fragment, valid checksum. */
static bool mld_common_valid(const struct pkt_info *pi, const uint8_t *l4)
{
	if (pi->hop_limit != MLD6_HOP_LIMIT)
		return false;
	if (!pi->router_alert_mld)
		return false;
	if (pi->has_frag)		/* a partial message cannot be checksummed */
		return false;
	if (ip6_l4_csum(&pi->src, &pi->dst, IP6_NH_ICMPV6, l4, pi->l4_len))
		return false;
	return true;
}

static int mld_query(struct mld *m, xdp6_ns now, const struct pkt_info *pi, const uint8_t *l4)
{
	const struct mld6_v2_query *q = (const struct mld6_v2_query *)l4;
	struct in6_addr group;
	bool v1q, general;
	unsigned nsrcs = 0;
	xdp6_ns mrd, delay;
	size_t i;

	/* §5.1.14: a Query from a source that is not link-local is discarded */
	if (!mld_common_valid(pi, l4) || !ip6_is_linklocal(&pi->src))
		return -EINVAL;
	/* §8.1: 24 octets is an MLDv1 Query, 28 or more MLDv2, anything else is ignored. The
	 * Code field is not checked: "ignored by receivers" (RFC 2710 §3.2, RFC 3810 §5.1.1),
	 * and Linux does not look at it. */
	if (pi->l4_len == MLD6_V1_LEN) {
		v1q = true;
	} else if (pi->l4_len >= MLD6_V2_QUERY_MIN_LEN) {
		v1q = false;
		nsrcs = ntohs(q->nsrcs);
		/* §5.1.10: the sources must fit the message */
		if (MLD6_V2_QUERY_MIN_LEN + (size_t)nsrcs * sizeof(struct in6_addr) > pi->l4_len)
			return -EINVAL;
	} else {
		return -EINVAL;
	}
	memcpy(&group, q->group, sizeof(group));
	general = ip6_is_unspecified(&group);
	/* §5.1.5: :: or a multicast address; §5.1.10: a General Query carries no sources */
	if (!general && !ip6_is_multicast(&group))
		return -EINVAL;
	if (general && nsrcs)
		return -EINVAL;

	m->dstats[D_MLD_QUERY_RECEIVED]++;
	if (v1q) {
		m->dstats[D_MLD_V1_QUERY_RECEIVED]++;
		/* RFC 2710 §3.4: Maximum Response Delay in milliseconds */
		mrd = ntohs(((const struct mld6_v1 *)l4)->max_resp_delay) * XDP6_NS_PER_MS;
		mld_enter_v1(m, now);
	} else {
		uint8_t qrv = q->s_qrv & MLD_QRV_MASK;
		xdp6_ns qqi = mld_qqic_s(q->qqic) * XDP6_NS_PER_SEC;

		mrd = mld_mrc_ms(ntohs(q->max_resp_code)) * XDP6_NS_PER_MS;
		/* §5.1.8: a non-zero QRV becomes our Robustness Variable; §5.1.9 and §9.12:
		 * the Query Interval of the last Query; Linux (mld_update_qri) also takes the
		 * Query Response Interval from it. A zero QQIC would make the v1 timeout
		 * meaningless: the previous value is kept. */
		if (qrv)
			m->qrv = qrv;
		if (qqi)
			m->qi = qqi;
		m->qri = mrd;
	}

	if (mld_in_v1(m, now)) {
		/* RFC 3810 §8.2.1: answered with MLDv1 Reports, whatever the Query version */
		if (general) {
			for (i = 0; i < m->n; i++)
				mld_v1_schedule(m, now, &m->g[i], mrd);
		} else {
			struct mld_grp *g = mld_find(m, &group);

			if (g)
				mld_v1_schedule(m, now, g, mrd);
		}
		return 0;
	}

	delay = xdp6_rand_delay(&m->rng, mrd);
	/* §6.2 rule 1: a General Query response due sooner covers this query too */
	if (m->gen_at != XDP6_NEVER && m->gen_at <= now + delay)
		return 0;
	if (general) {
		/* §6.2 rule 2: the Interface Timer; an earlier pending one was kept by rule 1.
		 * Not sooner than mrd after the last General Query response. */
		m->gen_at = min_ns(m->gen_at, mld_response_at(m, now + delay,
							      mld_not_before(m->gen_last, mrd)));
		return 0;
	}
	{
		struct mld_grp *g = mld_find(m, &group);

		/* the group was reported last in its own response or the general one */
		if (g && g->refcnt && g->reportable)
			mld_v2_schedule(m, g, mld_response_at(m, now + delay,
				mld_not_before(max_last(g->last_resp, m->gen_last), mrd)),
				l4 + MLD6_V2_QUERY_MIN_LEN, nsrcs);
	}
	return 0;
}

/* RFC 2710 §4: another node's Report for a group with a pending v1 Report suppresses ours and
 * clears our "last reporter" flag. MLDv2 listeners do not suppress (RFC 3810 §6); in MLDv1
 * compatibility mode we behave as an MLDv1 node (§8.2.1). */
static int mld_v1_report(struct mld *m, xdp6_ns now, const struct pkt_info *pi,
			 const uint8_t *l4)
{
	const struct mld6_v1 *r = (const struct mld6_v1 *)l4;
	struct in6_addr group;
	struct mld_grp *g;

	/* RFC 3810 §5.2.13 (and RFC 2710 §3): link-local source, or :: */
	if (!mld_common_valid(pi, l4) ||
	    (!ip6_is_linklocal(&pi->src) && !ip6_is_unspecified(&pi->src)))
		return -EINVAL;
	memcpy(&group, r->group, sizeof(group));
	if (!ip6_is_multicast(&group))
		return -EINVAL;
	if (!mld_in_v1(m, now))
		return 0;
	/* our own Report looped back by the link is not another node's */
	if (pi->smac && !memcmp(pi->smac, m->link.mac, ETH6_ALEN))
		return 0;
	g = mld_find(m, &group);
	if (!g || !g->refcnt || g->timer == XDP6_NEVER)
		return 0;
	grp_set_timer(m, g, XDP6_NEVER);
	g->v1_left = 0;
	g->last_reporter = false;
	m->dstats[D_MLD_REPORT_SUPPRESSED]++;
	return 0;
}

int mld_input(struct mld *m, xdp6_ns now, const struct pkt_info *pi)
{
	const uint8_t *l4;

	if (!pi || !pi->frame || pi->l4_proto != IP6_NH_ICMPV6)
		return 0;
	if (pi->l4_off > pi->len || pi->l4_len > pi->len - pi->l4_off || pi->l4_len < ICMP6_HLEN)
		return 0;
	l4 = pi->frame + pi->l4_off;
	switch (l4[0]) {
	case MLD6_TYPE_QUERY:
		if (pi->l4_len < MLD6_V1_LEN || mld_query(m, now, pi, l4) < 0)
			goto invalid;
		return 0;
	case MLD6_TYPE_V1_REPORT:
		if (pi->l4_len < MLD6_V1_LEN || mld_v1_report(m, now, pi, l4) < 0)
			goto invalid;
		return 0;
	default:
		/* Done and MLDv2 Reports are for routers; anything else is not MLD */
		return 0;
	}
invalid:
	m->dstats[D_MLD_INVALID]++;
	return -EINVAL;
}

/* ---- timers ---- */

static void mld_send_state_change(struct mld *m, xdp6_ns now)
{
	size_t i, n = set_sorted(m, MLD_CHANGES, false);

	mld_rb_begin(m);
	for (i = 0; i < n; i++) {
		struct mld_grp *g = &m->g[m->tmp[i]];

		mld_rb_add(m, g->chg_type, &g->group, NULL, 0);
		g->crcount--;
		grp_sync(m, g);
	}
	mld_rb_flush(m);
	if (m->set[MLD_CHANGES].n)
		m->ifc_at = now + mld_unsol_delay(m);
}

void mld_timeout(struct mld *m, xdp6_ns now)
{
	size_t i, n;
	bool v1;

	if (m->v1_until && m->v1_until <= now) {
		/* §8.2.1: Older Version Querier Present expired: back to MLDv2 */
		m->v1_until = 0;
		for (i = 0; i < m->n; i++)
			m->g[i].v1_left = 0;
	}
	v1 = mld_in_v1(m, now);

	/* per-group timers: v1 Reports and Done, v2 responses to specific queries (§6.3 3, 4);
	 * the due ones leave the heap, then go in array order */
	for (n = 0; timers_first(m) <= now; n++) {
		m->tmp[n] = heap_top(&m->timers);
		grp_set_timer(m, &m->g[m->tmp[n]], XDP6_NEVER);
	}
	if (n > 1)
		qsort(m->tmp, n, sizeof(*m->tmp), cmp_pos_up);
	mld_rb_begin(m);
	for (i = 0; i < n; i++) {
		struct mld_grp *g = &m->g[m->tmp[i]];

		if (g->v1_done) {
			mld_send_v1(m, MLD6_TYPE_V1_DONE, &g->group);
			g->v1_done = false;
			grp_sync(m, g);
			continue;
		}
		if (!g->refcnt || !g->reportable)
			continue;
		g->last_resp = now;
		if (v1) {
			mld_send_v1(m, MLD6_TYPE_V1_REPORT, &g->group);
			g->last_reporter = true;
			if (g->v1_left && --g->v1_left)
				grp_set_timer(m, g, now + mld_unsol_delay(m));
			continue;
		}
		if (!g->src_query)
			mld_rb_add(m, MLD6_V2_REC_MODE_IS_EXCLUDE, &g->group, NULL, 0);
		else if (g->nsrcs)
			/* §6.3 rule 4: EXCLUDE (A={}) queried for sources B: IS_IN (B - A) = B.
			 * Linux answers IS_EX {} here; the RFC table says IS_IN (B). */
			mld_rb_add(m, MLD6_V2_REC_MODE_IS_INCLUDE, &g->group, g->srcs, g->nsrcs);
		g->src_query = false;
		g->nsrcs = 0;
		g->v1_left = 0;
	}
	mld_rb_flush(m);

	/* §6.3 rule 2: the Interface Timer: one current-state record per membership */
	if (m->gen_at <= now) {
		m->gen_at = XDP6_NEVER;
		if (!v1) {
			m->gen_last = now;
			mld_rb_begin(m);
			for (i = 0; i < m->n; i++)
				if (m->g[i].refcnt && m->g[i].reportable)
					mld_rb_add(m, MLD6_V2_REC_MODE_IS_EXCLUDE, &m->g[i].group,
						   NULL, 0);
			mld_rb_flush(m);
		}
	}

	/* §6.1: pending state-change records */
	if (m->ifc_at <= now) {
		m->ifc_at = XDP6_NEVER;
		if (!v1)
			mld_send_state_change(m, now);
	}
	mld_gc(m);
}

xdp6_ns mld_next_deadline(const struct mld *m)
{
	xdp6_ns t = min_ns(m->gen_at, m->ifc_at);

	if (m->v1_until)
		t = min_ns(t, m->v1_until);
	return min_ns(t, timers_first(m));
}

size_t mld_groups(const struct mld *m, struct mld_group_info *out, size_t max)
{
	size_t i, k = 0;

	for (i = 0; i < m->n; i++) {
		const struct mld_grp *g = &m->g[i];

		if (!g->refcnt)
			continue;
		if (k < max) {
			struct mld_group_info *o = &out[k];

			o->group = g->group;
			o->refcount = g->refcnt;
			o->reported = g->reportable;
			o->v1_mode = m->v1_until != 0;
			o->next_report = g->timer;
			if (g->crcount)
				o->next_report = min_ns(o->next_report, m->ifc_at);
			if (g->reportable && !o->v1_mode)
				o->next_report = min_ns(o->next_report, m->gen_at);
		}
		k++;
	}
	return k;
}
