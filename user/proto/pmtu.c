// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Path MTU table (RFC 8201 §4, §5.2-§5.3): per-destination estimates lowered by Packet Too
 * Big, bounded by 1280 and the link MTU, aged out after at least 5 minutes. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pmtu.h"

struct pmtu_entry {
	struct in6_addr dst;
	uint32_t mtu;
	xdp6_ns expires;
	bool used;
};

struct pmtu {
	uint32_t link_mtu;
	struct pmtu_cfg cfg;
	struct pmtu_ops ops;
	uint64_t *dstats;
	struct pmtu_entry *e;
};

void pmtu_cfg_defaults(struct pmtu_cfg *cfg)
{
	cfg->max_entries = XDP6_PMTU_MAX;
	cfg->expiry = 10 * 60 * XDP6_NS_PER_SEC;
}

struct pmtu *pmtu_new(const struct xdp6_link *link, const struct pmtu_cfg *cfg,
		      const struct pmtu_ops *ops, uint64_t seed, uint64_t *dstats)
{
	struct pmtu *p;

	if (!link || !dstats)
		return NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	if (cfg)
		p->cfg = *cfg;
	else
		pmtu_cfg_defaults(&p->cfg);
	if (p->cfg.expiry < PMTU_MIN_EXPIRY)
		p->cfg.expiry = PMTU_MIN_EXPIRY;
	if (!p->cfg.max_entries)
		p->cfg.max_entries = 1;
	if (ops)
		p->ops = *ops;
	p->dstats = dstats;
	p->link_mtu = link->mtu < IP6_MIN_MTU ? IP6_MIN_MTU : link->mtu;
	p->e = calloc(p->cfg.max_entries, sizeof(*p->e));
	if (!p->e) {
		free(p);
		return NULL;
	}
	return p;
}

void pmtu_free(struct pmtu *p)
{
	if (!p)
		return;
	free(p->e);
	free(p);
}

static struct pmtu_entry *find(const struct pmtu *p, xdp6_ns now, const struct in6_addr *dst)
{
	uint32_t i;

	for (i = 0; i < p->cfg.max_entries; i++) {
		struct pmtu_entry *e = &p->e[i];

		if (e->used && now < e->expires && !memcmp(&e->dst, dst, sizeof(*dst)))
			return e;
	}
	return NULL;
}

uint32_t pmtu_get(const struct pmtu *p, xdp6_ns now, const struct in6_addr *dst)
{
	const struct pmtu_entry *e = find(p, now, dst);

	return e && e->mtu < p->link_mtu ? e->mtu : p->link_mtu;
}

int pmtu_update(struct pmtu *p, xdp6_ns now, const struct in6_addr *dst, uint32_t mtu)
{
	struct pmtu_entry *e, *victim = NULL;
	uint32_t i;

	if (ip6_is_unspecified(dst))
		return -EINVAL;	/* multicast is fine: §5.2, the smallest of the paths */
	pmtu_timeout(p, now);		/* expired entries are reported, not silently reused */
	if (mtu < IP6_MIN_MTU)
		mtu = IP6_MIN_MTU;	/* §4: never below the IPv6 minimum link MTU */
	if (mtu >= pmtu_get(p, now, dst))
		return 0;		/* §4: MUST NOT increase in response to a PTB */
	e = find(p, now, dst);
	if (!e) {
		/* a free slot, else the one that would expire first */
		for (i = 0; i < p->cfg.max_entries; i++) {
			struct pmtu_entry *c = &p->e[i];

			if (!c->used) {
				victim = c;
				break;
			}
			if (!victim || c->expires < victim->expires)
				victim = c;
		}
		e = victim;
		/* the evicted destination is back at the link MTU: say so, so that a mirror of
		 * the table (the pmtu map, as large as the table) always has room */
		if (e->used && p->ops.changed)
			p->ops.changed(p->ops.ctx, &e->dst, p->link_mtu, 0);
		e->used = true;
		e->dst = *dst;
	}
	e->mtu = mtu;
	e->expires = now + p->cfg.expiry;	/* §4: the timer runs from the last decrease */
	p->dstats[D_PMTU_UPDATED]++;
	if (p->ops.changed)
		p->ops.changed(p->ops.ctx, dst, mtu, e->expires);
	return 1;
}

void pmtu_set_link_mtu(struct pmtu *p, uint32_t mtu)
{
	uint32_t i;

	p->link_mtu = mtu < IP6_MIN_MTU ? IP6_MIN_MTU : mtu;
	for (i = 0; i < p->cfg.max_entries; i++) {
		struct pmtu_entry *e = &p->e[i];

		if (!e->used || e->mtu <= p->link_mtu)
			continue;
		e->mtu = p->link_mtu;
		if (p->ops.changed)
			p->ops.changed(p->ops.ctx, &e->dst, e->mtu, e->expires);
	}
}

void pmtu_timeout(struct pmtu *p, xdp6_ns now)
{
	uint32_t i;

	for (i = 0; i < p->cfg.max_entries; i++) {
		struct pmtu_entry *e = &p->e[i];

		if (!e->used || now < e->expires)
			continue;
		/* §4: after the timer, try the first-hop (link) MTU again */
		e->used = false;
		p->dstats[D_PMTU_EXPIRED]++;
		if (p->ops.changed)
			p->ops.changed(p->ops.ctx, &e->dst, p->link_mtu, 0);
	}
}

xdp6_ns pmtu_next_deadline(const struct pmtu *p)
{
	xdp6_ns d = XDP6_NEVER;
	uint32_t i;

	for (i = 0; i < p->cfg.max_entries; i++)
		if (p->e[i].used && p->e[i].expires < d)
			d = p->e[i].expires;
	return d;
}

size_t pmtu_list(const struct pmtu *p, xdp6_ns now, struct pmtu_info *out, size_t max)
{
	size_t n = 0;
	uint32_t i;

	for (i = 0; i < p->cfg.max_entries; i++) {
		const struct pmtu_entry *e = &p->e[i];

		if (!e->used || now >= e->expires)
			continue;
		if (n < max) {
			out[n].dst = e->dst;
			out[n].mtu = e->mtu;
			out[n].expires = e->expires;
		}
		n++;
	}
	return n;
}
