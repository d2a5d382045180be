// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Mirror mode's decisions (mirror.h): the kernel's addresses of one interface, and its settings,
 * turned into what the addrs and iface maps must say (RFC 4862 §5.4, §5.5.4; RFC 4429 §3.3;
 * RFC 4861 §7.2.3, §7.2.4). A small table of the kernel's addresses, searched linearly: it is
 * touched once per rtnetlink event, never per frame. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/if_addr.h>
#include <linux/neighbour.h>

#include "mirror.h"
#include "pkt.h"

struct mirror_ent {
	struct mirror_kaddr k;
	int state;			/* published state, or -1: not in the map */
	bool seen;			/* named by the running sync dump */
};

struct mirror {
	struct mirror_ops ops;
	struct mirror_rates rates;
	struct mirror_sysctls sys;
	struct xdp6_iface ifc;		/* as last published */
	uint8_t mac[ETH6_ALEN];		/* the link's, now */
	bool ifc_published;
	struct mirror_ent *ents;
	size_t n, cap;
	uint32_t max;
};

static bool in6_eq(const struct in6_addr *a, const struct in6_addr *b)
{
	return !memcmp(a, b, sizeof(*a));
}

int mirror_addr_state(const struct mirror_kaddr *k)
{
	const struct in6_addr *a = &k->addr;

	/* never ours to answer for: RFC 4291 §2.5.2, §2.5.3, §2.5.5.2, §2.7 */
	if (a->s6_addr[0] == 0xff || IN6_IS_ADDR_UNSPECIFIED(a) || IN6_IS_ADDR_LOOPBACK(a) ||
	    IN6_IS_ADDR_V4MAPPED(a))
		return -1;
	if (k->flags & IFA_F_DADFAILED)
		return XDP6_ADDR_DUPLICATE;
	/* RFC 4429 §3.3: optimistic is still tentative for NS; the kernel answers both */
	if (k->flags & (IFA_F_TENTATIVE | IFA_F_OPTIMISTIC))
		return XDP6_ADDR_TENTATIVE;
	if ((k->flags & IFA_F_DEPRECATED) || k->preferred == 0)
		return XDP6_ADDR_DEPRECATED;
	return XDP6_ADDR_PREFERRED;
}

static bool answered(int state)
{
	return state == XDP6_ADDR_PREFERRED || state == XDP6_ADDR_DEPRECATED;
}

/* The iface map entry the current table and settings call for; published when it changed. */
static void iface_update(struct mirror *m)
{
	struct xdp6_iface v = m->ifc;
	bool refill = !m->ifc_published;
	size_t i;

	v.flags = XDP6_IF_MIRROR;
	memcpy(v.mac, m->mac, ETH6_ALEN);
	memset(v.ll_addr, 0, sizeof(v.ll_addr));
	if (m->sys.echo_ignore_all)
		v.flags |= XDP6_IF_ECHO_OFF;
	if (!m->sys.echo_ignore_multicast)
		v.flags |= XDP6_IF_ECHO_MCAST;
	/* RFC 4861 §7.2.4: the Router flag says what the kernel is on this interface */
	if (m->sys.forwarding)
		v.flags |= XDP6_IF_ROUTER;
	/* RFC 4443 §4.2: replies to ff02::1 come from a link-local of ours: the first answered
	 * one (the kernel's usual single fe80::/64 address) */
	for (i = 0; i < m->n; i++) {
		const struct mirror_ent *e = &m->ents[i];

		if (answered(e->state) && IN6_IS_ADDR_LINKLOCAL(&e->k.addr)) {
			memcpy(v.ll_addr, &e->k.addr, sizeof(v.ll_addr));
			v.flags |= XDP6_IF_HAS_LL;
			break;
		}
	}
	v.echo_hop_limit = m->sys.hop_limit;
	v.echo_rate = m->rates.echo_rate;
	v.echo_burst = m->rates.echo_burst;
	v.na_rate = m->rates.na_rate;
	v.na_burst = m->rates.na_burst;
	if (m->ifc_published && !memcmp(&v, &m->ifc, sizeof(v)))
		return;
	m->ifc = v;
	m->ifc_published = true;
	m->ops.iface_changed(m->ops.ctx, &v, refill);
}

/* How many published addresses of the table have g as their solicited-node group. */
static size_t group_users(const struct mirror *m, const struct in6_addr *g)
{
	struct in6_addr s;
	size_t i, n = 0;

	for (i = 0; i < m->n; i++) {
		if (m->ents[i].state < 0)
			continue;
		ip6_solnode(&m->ents[i].k.addr, &s);
		n += in6_eq(&s, g);
	}
	return n;
}

/* e goes from published to not (was = true) or the reverse: its group follows (counted over
 * the table, not per entry: NSs to the group are answered while any address uses it). */
static void group_update(struct mirror *m, const struct mirror_ent *e, bool was)
{
	struct in6_addr g;
	size_t users;

	ip6_solnode(&e->k.addr, &g);
	users = group_users(m, &g);
	if (!was && e->state >= 0 && users == 1)
		m->ops.group_join(m->ops.ctx, &g);
	else if (was && e->state < 0 && users == 0)
		m->ops.group_leave(m->ops.ctx, &g);
}

/* Publishes e's state as the table and settings say (disable_ipv6: nothing is answered; the
 * kernel also removes its addresses then, this holds in between). */
static void ent_publish(struct mirror *m, struct mirror_ent *e)
{
	int want = m->sys.disable_ipv6 ? -1 : mirror_addr_state(&e->k);
	struct xdp6_addr_val v = { 0 };

	bool was = e->state >= 0;

	if (want < 0) {
		if (was)
			m->ops.addr_unpublish(m->ops.ctx, &e->k.addr);
		e->state = -1;
		if (was)
			group_update(m, e, true);
		return;
	}
	v.state = (enum xdp6_addr_state)want;
	/* The kernel's addresses have no xdp6 origin; static says "not ours to expire" */
	v.origin = IN6_IS_ADDR_LINKLOCAL(&e->k.addr) ? XDP6_ORIGIN_LINK_LOCAL : XDP6_ORIGIN_STATIC;
	v.prefixlen = e->k.prefixlen;
	/* the group first: a published address's solicited-node group is always in the groups
	 * map (include/xdp6_maps.h; the fast path answers an NS to it on that promise) */
	e->state = want;
	if (!was)
		group_update(m, e, false);
	m->ops.addr_publish(m->ops.ctx, &e->k.addr, &v);
}

static struct mirror_ent *find(const struct mirror *m, const struct in6_addr *a)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (in6_eq(&m->ents[i].k.addr, a))
			return &m->ents[i];
	return NULL;
}

static void ent_remove(struct mirror *m, struct mirror_ent *e)
{
	struct mirror_ent gone = *e;

	*e = m->ents[--m->n];
	if (gone.state >= 0) {
		m->ops.addr_unpublish(m->ops.ctx, &gone.k.addr);
		gone.state = -1;
		group_update(m, &gone, true);
	}
}

struct mirror *mirror_create(const struct mirror_ops *ops, const struct mirror_rates *rates,
			     int ifindex, const uint8_t mac[ETH6_ALEN], uint32_t max_addrs)
{
	struct mirror *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->ops = *ops;
	if (rates)
		m->rates = *rates;
	m->max = max_addrs;
	m->ifc.ifindex = (uint32_t)ifindex;
	memcpy(m->mac, mac, ETH6_ALEN);
	m->sys.hop_limit = ICMP6_ECHO_HOP_LIMIT_DEFAULT;
	return m;
}

void mirror_free(struct mirror *m)
{
	if (!m)
		return;
	free(m->ents);
	free(m);
}

int mirror_addr_event(struct mirror *m, bool present, const struct mirror_kaddr *k)
{
	struct mirror_ent *e = find(m, &k->addr);

	if (!present) {
		if (e) {
			ent_remove(m, e);
			iface_update(m);
		}
		return 0;
	}
	if (!e) {
		if (m->n >= m->max)
			return -ENOSPC;
		if (m->n == m->cap) {
			size_t cap = m->cap ? m->cap * 2 : 8;
			struct mirror_ent *n = realloc(m->ents, cap * sizeof(*n));

			if (!n)
				return -ENOMEM;
			m->ents = n;
			m->cap = cap;
		}
		e = &m->ents[m->n++];
		memset(e, 0, sizeof(*e));
		e->state = -1;
	}
	e->k = *k;
	e->seen = true;
	ent_publish(m, e);
	iface_update(m);
	return 0;
}

void mirror_sync_begin(struct mirror *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		m->ents[i].seen = false;
}

void mirror_sync_end(struct mirror *m, const struct in6_addr *pinned, size_t npinned,
		     const struct in6_addr *groups, size_t ngroups)
{
	size_t i;

	for (i = 0; i < m->n;) {
		if (!m->ents[i].seen)
			ent_remove(m, &m->ents[i]);	/* the last one moved to i */
		else
			i++;
	}
	/* RFC 4862 §5.4: an address removed while no xdp6d ran must stop being answered */
	for (i = 0; i < npinned; i++) {
		const struct mirror_ent *e = find(m, &pinned[i]);

		if (!e || e->state < 0)
			m->ops.addr_unpublish(m->ops.ctx, &pinned[i]);
	}
	for (i = 0; i < ngroups; i++)
		if (!group_users(m, &groups[i]))
			m->ops.group_leave(m->ops.ctx, &groups[i]);
	iface_update(m);
}

void mirror_set_sysctls(struct mirror *m, const struct mirror_sysctls *s)
{
	bool republish = s->disable_ipv6 != m->sys.disable_ipv6;
	size_t i;

	m->sys = *s;
	if (!m->sys.hop_limit)
		m->sys.hop_limit = ICMP6_ECHO_HOP_LIMIT_DEFAULT;
	if (republish)
		for (i = 0; i < m->n; i++)
			ent_publish(m, &m->ents[i]);
	iface_update(m);
}

void mirror_set_mac(struct mirror *m, const uint8_t mac[ETH6_ALEN])
{
	memcpy(m->mac, mac, ETH6_ALEN);
	if (m->ifc_published)
		iface_update(m);	/* writes the iface map only if the MAC changed */
}

size_t mirror_addrs(const struct mirror *m, struct mirror_addr_info *out, size_t max)
{
	size_t i;

	for (i = 0; out && i < m->n && i < max; i++) {
		out[i].addr = m->ents[i].k.addr;
		out[i].prefixlen = m->ents[i].k.prefixlen;
		out[i].state = m->ents[i].state;
		out[i].kflags = m->ents[i].k.flags;
	}
	return m->n;
}

const struct xdp6_iface *mirror_iface(const struct mirror *m)
{
	return &m->ifc;
}

const struct mirror_sysctls *mirror_sysctls(const struct mirror *m)
{
	return &m->sys;
}

bool mirror_neigh_should_write(uint16_t kstate, const uint8_t kmac[ETH6_ALEN],
			       const uint8_t mac[ETH6_ALEN])
{
	/* configured or confirmed: an NS proves nothing the kernel does not know better */
	if (kstate & (NUD_PERMANENT | NUD_NOARP | NUD_REACHABLE))
		return false;
	/* §7.2.3: an entry with this very address stays as it is */
	if ((kstate & (NUD_STALE | NUD_DELAY | NUD_PROBE)) && kmac &&
	    !memcmp(kmac, mac, ETH6_ALEN))
		return false;
	/* none, INCOMPLETE (§7.2.3: record it, STALE), FAILED, or another address */
	return true;
}
