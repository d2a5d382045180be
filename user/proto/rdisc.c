// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Host side of router discovery: RFC 4861 §6.3.7 (RS schedule), §4.1 (RS format), §6.1.2 (RA
 * validity), §6.3.4 (processing: Default Router List, CurHopLimit, BaseReachableTime,
 * RetransTimer, MTU, Prefix List, SLLA), §6.3.5 (timeouts), §6.3.6 (default router choice);
 * RFC 4191 §2.2 (preference); RFC 8106 §5.1-§5.3 (RDNSS, DNSSL); RFC 6980 §5. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "nud.h"
#include "rdisc.h"
#include "slaac.h"

#define RA_PREF_SHIFT		3	/* RFC 4191 §2.2: Prf in bits 3-4 of the flags octet */
#define RA_PREF_MASK		0x3
#define RA_PREF_HIGH		0x1
#define RA_PREF_LOW		0x3
/* RFC 4861 §6.2.1: AdvReachableTime "MUST be no greater than 3,600,000 milliseconds"; a larger
 * one is ignored (Linux takes up to ~24 days): with REACHABLE entries never evicted (nud.h),
 * one RA must not make them last for weeks. Floors as Linux (ndisc_router_discovery): 100 ms
 * ReachableTime, 10 ms RetransTimer, so that one RA cannot make NUD and DAD probe every ms. */
#define RA_MAX_REACHABLE_MS	3600000u
#define RA_MIN_REACHABLE_MS	100u
#define RA_MIN_RETRANS_MS	10u

struct rdisc_router {
	bool used;
	struct in6_addr addr;
	xdp6_ns until;
	int preference;
};

struct rdisc_prefix {
	bool used;
	struct in6_addr prefix;
	uint8_t plen;
	bool autonomous;
	xdp6_ns valid_until, preferred_until;
};

struct rdisc_dns_entry {
	bool used;
	struct in6_addr server;
	char domain[RDISC_DNS_NAME_MAX + 1];
	struct in6_addr router;
	xdp6_ns until;
};

struct rdisc {
	struct xdp6_link link;
	struct rdisc_cfg cfg;
	struct rdisc_ops ops;
	uint64_t rand;
	uint64_t *dstats;
	struct nud *nud;
	struct slaac *slaac;
	struct in6_addr src;
	bool has_src;
	/* RS schedule */
	bool soliciting;
	bool ra_heard;
	unsigned rs_sent;
	xdp6_ns rs_next;
	/* parameters learnt from RAs */
	uint8_t cur_hop_limit;
	bool managed, other;
	xdp6_ns base_reachable, retrans;
	uint32_t mtu;
	struct rdisc_router *routers;
	struct rdisc_prefix *prefixes;
	struct rdisc_dns_entry *servers, *domains;
};

void rdisc_cfg_defaults(struct rdisc_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->accept_ra = true;
	cfg->slaac = true;
	cfg->max_routers = RDISC_DEFAULT_MAX_ROUTERS;
	cfg->max_prefixes = RDISC_DEFAULT_MAX_PREFIXES;
	cfg->max_dns = RDISC_DEFAULT_MAX_DNS;
}

struct rdisc *rdisc_new(const struct xdp6_link *link, const struct rdisc_cfg *cfg,
			const struct rdisc_ops *ops, uint64_t seed, uint64_t *dstats)
{
	struct rdisc *r;

	if (!link || !dstats)
		return NULL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->link = *link;
	rdisc_cfg_defaults(&r->cfg);
	if (cfg) {
		r->cfg.accept_ra = cfg->accept_ra;
		r->cfg.slaac = cfg->slaac;
		if (cfg->max_routers)
			r->cfg.max_routers = cfg->max_routers;
		if (cfg->max_prefixes)
			r->cfg.max_prefixes = cfg->max_prefixes;
		if (cfg->max_dns)
			r->cfg.max_dns = cfg->max_dns;
	}
	if (ops)
		r->ops = *ops;
	r->rand = seed;
	r->dstats = dstats;
	r->mtu = link->mtu;
	r->rs_next = XDP6_NEVER;
	r->routers = calloc(r->cfg.max_routers, sizeof(*r->routers));
	r->prefixes = calloc(r->cfg.max_prefixes, sizeof(*r->prefixes));
	r->servers = calloc(r->cfg.max_dns, sizeof(*r->servers));
	r->domains = calloc(r->cfg.max_dns, sizeof(*r->domains));
	if (!r->routers || !r->prefixes || !r->servers || !r->domains) {
		rdisc_free(r);
		return NULL;
	}
	return r;
}

void rdisc_free(struct rdisc *r)
{
	if (!r)
		return;
	free(r->routers);
	free(r->prefixes);
	free(r->servers);
	free(r->domains);
	free(r);
}

void rdisc_attach(struct rdisc *r, struct nud *n, struct slaac *s)
{
	r->nud = n;
	r->slaac = s;
}

void rdisc_set_source(struct rdisc *r, const struct in6_addr *src)
{
	r->has_src = src && !ip6_is_unspecified(src);
	if (r->has_src)
		r->src = *src;
}

static xdp6_ns ns_add(xdp6_ns a, xdp6_ns b)
{
	return a > XDP6_NEVER - b ? XDP6_NEVER : a + b;
}

static xdp6_ns lt_until(xdp6_ns now, uint32_t s)
{
	if (s == RDISC_LIFETIME_INFINITE)
		return XDP6_NEVER;
	return ns_add(now, (xdp6_ns)s * XDP6_NS_PER_SEC);
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static xdp6_ns left(xdp6_ns now, xdp6_ns until)
{
	if (until == XDP6_NEVER)
		return XDP6_NEVER;
	return until > now ? until - now : 0;
}

void rdisc_start(struct rdisc *r, xdp6_ns now)
{
	r->rs_sent = 0;
	r->ra_heard = false;
	if (!r->cfg.accept_ra) {
		r->soliciting = false;
		r->rs_next = XDP6_NEVER;
		return;
	}
	/* §6.3.7: delay the first RS by a random 0..MAX_RTR_SOLICITATION_DELAY. */
	r->soliciting = true;
	r->rs_next = now + xdp6_rand_delay(&r->rand, RDISC_MAX_RTR_SOLICITATION_DELAY);
}

void rdisc_stop(struct rdisc *r)
{
	r->soliciting = false;
	r->rs_next = XDP6_NEVER;
}

/* §4.1: to all-routers, hop limit 255; the SLLA option only with a unicast source. */
static void rdisc_send_rs(struct rdisc *r)
{
	uint8_t icmp[ND6_RS_MIN_LEN + sizeof(struct nd6_opt_lladdr)] = { 0 };
	uint8_t frame[ETH6_HLEN + IP6_HLEN + sizeof(icmp)];
	struct pkt_out o = { .hop_limit = ND6_HOP_LIMIT, .dst = ip6_all_routers };
	size_t ilen = ND6_RS_MIN_LEN;
	int len;

	icmp[0] = ICMP6_TYPE_ROUTER_SOLICIT;
	if (r->has_src) {
		struct nd6_opt_lladdr *sl = (void *)(icmp + ND6_RS_MIN_LEN);

		o.src = r->src;
		sl->type = ND6_OPT_SOURCE_LL_ADDR;
		sl->len = sizeof(*sl) / ND6_OPT_UNIT;
		memcpy(sl->addr, r->link.mac, ETH6_ALEN);
		ilen += sizeof(*sl);
	}
	memcpy(o.smac, r->link.mac, ETH6_ALEN);
	ip6_mc_mac(&o.dst, o.dmac);
	len = pkt_build_icmp6(frame, sizeof(frame), &o, icmp, ilen);
	if (len < 0)
		return;
	xdp6_tx_send(&r->ops.tx, frame, (size_t)len);
	r->dstats[D_RS_SENT]++;
}

static struct rdisc_router *router_find(struct rdisc *r, const struct in6_addr *a)
{
	unsigned i;

	for (i = 0; i < r->cfg.max_routers; i++)
		if (r->routers[i].used && !memcmp(&r->routers[i].addr, a, sizeof(*a)))
			return &r->routers[i];
	return NULL;
}

bool rdisc_is_router(const struct rdisc *r, xdp6_ns now, const struct in6_addr *addr)
{
	unsigned i;

	for (i = 0; i < r->cfg.max_routers; i++)
		if (r->routers[i].used && r->routers[i].until > now &&
		    !memcmp(&r->routers[i].addr, addr, sizeof(*addr)))
			return true;
	return false;
}

int rdisc_router_remove(struct rdisc *r, xdp6_ns now, const struct in6_addr *addr)
{
	struct rdisc_router *rt = router_find(r, addr);

	if (!rt)
		return -ENOENT;
	memset(rt, 0, sizeof(*rt));
	return 0;
}

/* §6.3.4: Default Router List. */
static void rdisc_router_update(struct rdisc *r, xdp6_ns now, const struct in6_addr *src,
				uint16_t lifetime, uint8_t flags)
{
	struct rdisc_router *rt = router_find(r, src);
	unsigned prf = (flags >> RA_PREF_SHIFT) & RA_PREF_MASK;
	unsigned i;

	if (!lifetime) {
		/* Lifetime 0: time the entry out at once (and never create one). */
		if (rt)
			memset(rt, 0, sizeof(*rt));
		return;
	}
	if (!rt) {
		for (i = 0; i < r->cfg.max_routers && !rt; i++)
			if (!r->routers[i].used)
				rt = &r->routers[i];
		if (!rt) {
			r->dstats[D_RDISC_TABLE_FULL]++;
			return;
		}
		rt->used = true;
		rt->addr = *src;
	}
	rt->until = now + (xdp6_ns)lifetime * XDP6_NS_PER_SEC;
	/* RFC 4191 §2.2: reserved value 10 is treated as medium. */
	rt->preference = prf == RA_PREF_HIGH ? 1 : prf == RA_PREF_LOW ? -1 : 0;
}

/* §6.3.4: Prefix Information option. The on-link part here, the A part in slaac. */
static void rdisc_pio(struct rdisc *r, xdp6_ns now, const uint8_t *opt, size_t olen)
{
	const struct nd6_opt_prefix *pi = (const void *)opt;
	struct rdisc_prefix *p = NULL, *fr = NULL;
	uint32_t valid, preferred;
	struct in6_addr prefix;
	unsigned i, bits;

	/* §4.6.2 length is 4; Linux accepts longer ones, so do we. */
	if (olen < sizeof(*pi) || pi->prefix_len > 128) {
		r->dstats[D_RA_OPT_IGNORED]++;
		return;
	}
	memcpy(&prefix, pi->prefix, sizeof(prefix));
	/* Bits past the prefix length are ignored: clear them so lists compare equal. */
	for (i = pi->prefix_len; i < 128; i++) {
		bits = i % 8;
		prefix.s6_addr[i / 8] &= (uint8_t)(0xff00 >> bits);
	}
	valid = ntohl(pi->valid_lifetime);
	preferred = ntohl(pi->preferred_lifetime);
	/* §6.3.4 (on-link) and RFC 4862 §5.5.3 b (autonomous): the link-local prefix is
	 * ignored. So is a multicast one, whole (Linux addrconf_prefix_rcv): nothing is on-link
	 * in ff00::/8, and no address forms there. And, where Linux goes on, a prefix that is
	 * :: or ::1 once its length is applied: it would put the unspecified or loopback
	 * address (RFC 4291 §2.5.2, §2.5.3) on the link, or every address with ::/0. */
	if (ip6_is_linklocal(&prefix) || ip6_is_multicast(&prefix) ||
	    ip6_is_unspecified(&prefix) || ip6_is_loopback(&prefix)) {
		r->dstats[D_RA_OPT_IGNORED]++;
		return;
	}
	if (pi->flags & ND6_PI_FLAG_ONLINK) {
		for (i = 0; i < r->cfg.max_prefixes; i++) {
			struct rdisc_prefix *q = &r->prefixes[i];

			if (!q->used) {
				if (!fr)
					fr = q;
			} else if (q->plen == pi->prefix_len && !memcmp(&q->prefix, &prefix, 16)) {
				p = q;
			}
		}
		if (p && !valid) {
			memset(p, 0, sizeof(*p));	/* valid 0: time out at once */
		} else if (valid) {
			if (!p && !fr)
				r->dstats[D_RDISC_TABLE_FULL]++;
			if (!p && fr) {
				p = fr;
				p->used = true;
				p->prefix = prefix;
				p->plen = pi->prefix_len;
			}
			if (p) {
				/* The invalidation timer is reset to the Valid Lifetime (no
				 * two-hour rule for on-link prefixes). */
				p->valid_until = lt_until(now, valid);
				p->preferred_until = lt_until(now, preferred);
				p->autonomous = pi->flags & ND6_PI_FLAG_AUTO;
			}
		}
	}
	if ((pi->flags & ND6_PI_FLAG_AUTO) && r->cfg.slaac && r->slaac)
		slaac_prefix_input(r->slaac, now, &prefix, pi->prefix_len, valid, preferred);
}

/* RFC 8106 §5.3.1: insert/refresh/remove; when full, the entry expiring first gives way
 * (only to one that outlives it). */
static void dns_update(struct rdisc *r, struct rdisc_dns_entry *tab, xdp6_ns now,
		       const struct in6_addr *server, const char *domain, xdp6_ns until,
		       const struct in6_addr *router)
{
	struct rdisc_dns_entry *e = NULL, *fr = NULL, *first = NULL;
	unsigned i;

	for (i = 0; i < r->cfg.max_dns; i++) {
		struct rdisc_dns_entry *q = &tab[i];

		if (!q->used) {
			if (!fr)
				fr = q;
			continue;
		}
		if (server ? !memcmp(&q->server, server, 16) : !strcmp(q->domain, domain))
			e = q;
		if (!first || q->until < first->until)
			first = q;
	}
	if (until <= now) {			/* lifetime 0: remove */
		if (e)
			memset(e, 0, sizeof(*e));
		return;
	}
	if (!e) {
		e = fr;
		if (!e && first && first->until < until)
			e = first;
		if (!e) {
			r->dstats[D_RDISC_TABLE_FULL]++;
			return;
		}
		memset(e, 0, sizeof(*e));
		e->used = true;
		if (server)
			e->server = *server;
		else
			strcpy(e->domain, domain);	/* length checked by the decoder */
	}
	e->until = until;
	e->router = *router;
}

/* RFC 8106 §5.1: Length is 1 + 2n, at least 3. */
static void rdisc_rdnss(struct rdisc *r, xdp6_ns now, const uint8_t *opt, size_t olen,
			const struct in6_addr *router)
{
	size_t n, off;
	xdp6_ns until;

	if (opt[1] < RDISC_RDNSS_MIN_LEN || !(opt[1] & 1)) {
		r->dstats[D_RA_OPT_IGNORED]++;
		return;
	}
	until = lt_until(now, get_be32(opt + 4));	/* 0 is `now`: removes them */
	n = (olen - ND6_OPT_UNIT) / 16;
	for (off = ND6_OPT_UNIT; n--; off += 16) {
		struct in6_addr a;

		memcpy(&a, opt + off, 16);
		dns_update(r, r->servers, now, &a, NULL, until, router);
	}
}

int rdisc_dnssl_next(const uint8_t *data, size_t len, size_t *off,
		     char name[RDISC_DNS_NAME_MAX + 1])
{
	size_t o = *off, n = 0, wire = 0, i;

	if (o >= len)
		return 0;
	if (!data[o]) {
		/* §5.2: the rest is zero padding (and must be zero). */
		for (i = o; i < len; i++)
			if (data[i])
				return -EINVAL;
		*off = len;
		return 0;
	}
	for (;;) {
		uint8_t l;

		if (o >= len)
			return -EINVAL;		/* not terminated inside the option */
		l = data[o];
		wire += 1 + l;
		/* RFC 1035 §3.1: 255 octets at most, counting the final zero octet. */
		if (wire + (l ? 1 : 0) > RDISC_DNS_NAME_MAX + 2)
			return -EINVAL;
		if (!l)
			break;
		if (l > RDISC_DNS_LABEL_MAX || o + 1 + l > len)
			return -EINVAL;		/* 0xc0 compression pointers land here too */
		if (n)
			name[n++] = '.';
		for (i = 0; i < l; i++) {
			uint8_t c = data[o + 1 + i];

			if (c >= 'A' && c <= 'Z')
				c = (uint8_t)(c - 'A' + 'a');
			else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
				   c == '_'))
				return -EINVAL;
			name[n++] = (char)c;
		}
		o += 1 + l;
	}
	name[n] = 0;
	*off = o + 1;
	return 1;
}

/* RFC 8106 §5.2: Length at least 2; one malformed name and the whole option is ignored. */
static void rdisc_dnssl(struct rdisc *r, xdp6_ns now, const uint8_t *opt, size_t olen,
			const struct in6_addr *router)
{
	const uint8_t *names = opt + ND6_OPT_UNIT;
	size_t nlen = olen - ND6_OPT_UNIT, off = 0;
	char name[RDISC_DNS_NAME_MAX + 1];
	unsigned count = 0;
	uint32_t lt;
	xdp6_ns until;
	int rc;

	if (opt[1] < RDISC_DNSSL_MIN_LEN)
		goto bad;
	while ((rc = rdisc_dnssl_next(names, nlen, &off, name)) > 0)
		count++;
	if (rc < 0 || !count)
		goto bad;
	lt = get_be32(opt + 4);
	until = lt_until(now, lt);			/* 0 is `now`: removes them */
	off = 0;
	while (rdisc_dnssl_next(names, nlen, &off, name) > 0)
		dns_update(r, r->domains, now, NULL, name, until, router);
	return;
bad:
	r->dstats[D_RA_OPT_IGNORED]++;
}

int rdisc_input(struct rdisc *r, xdp6_ns now, const struct pkt_info *pi)
{
	const struct nd6_ra *ra;
	const uint8_t *opts;
	size_t olen, off = 0, l;
	const uint8_t *slla = NULL;
	bool mtu_seen = false;
	uint32_t v;
	uint8_t t;

	if (!pi || !pi->frame || pi->l4_proto != IP6_NH_ICMPV6 || pi->l4_len < ICMP6_HLEN ||
	    pi->l4_off > pi->len || pi->l4_len > pi->len - pi->l4_off)
		goto invalid;
	if (pi->frame[pi->l4_off] != ICMP6_TYPE_ROUTER_ADVERT)
		return -EPROTONOSUPPORT;
	/* §6.1.2: IP Source Address is a link-local address ... */
	if (!ip6_is_linklocal(&pi->src))
		goto invalid;
	/* ... hop limit 255, valid checksum, code 0, ICMP length >= 16, options non-zero and
	 * inside the message. */
	if (nd_msg_check(pi, ICMP6_TYPE_ROUTER_ADVERT, ND6_RA_MIN_LEN, sizeof(*ra)))
		goto invalid;
	if (!r->cfg.accept_ra) {
		r->dstats[D_RA_IGNORED]++;
		return 0;
	}
	r->dstats[D_RA_RECEIVED]++;
	ra = (const void *)(pi->frame + pi->l4_off);
	opts = pi->frame + pi->l4_off + sizeof(*ra);
	olen = pi->l4_len - sizeof(*ra);

	/* Linux stops soliciting at the first RA it processes. */
	r->ra_heard = true;
	rdisc_stop(r);

	/* §6.3.4 in order: M/O flags, Default Router List, CurHopLimit, BaseReachableTime,
	 * RetransTimer. */
	r->managed = ra->flags & ND6_RA_FLAG_MANAGED;
	r->other = ra->flags & ND6_RA_FLAG_OTHER;
	rdisc_router_update(r, now, &pi->src, ntohs(ra->router_lifetime), ra->flags);
	if (ra->cur_hop_limit && ra->cur_hop_limit != r->cur_hop_limit) {
		r->cur_hop_limit = ra->cur_hop_limit;
		if (r->ops.hop_limit)
			r->ops.hop_limit(r->ops.ctx, r->cur_hop_limit);
	}
	v = ntohl(ra->reachable_time);
	if (v > RA_MAX_REACHABLE_MS) {
		r->dstats[D_RA_OPT_IGNORED]++;
		v = 0;
	} else if (v && v < RA_MIN_REACHABLE_MS) {
		v = RA_MIN_REACHABLE_MS;
	}
	if (v && (xdp6_ns)v * XDP6_NS_PER_MS != r->base_reachable) {
		r->base_reachable = (xdp6_ns)v * XDP6_NS_PER_MS;
		if (r->nud)
			nud_set_reachable_time(r->nud, r->base_reachable);
		if (r->ops.reachable)
			r->ops.reachable(r->ops.ctx, r->base_reachable);
	}
	v = ntohl(ra->retrans_timer);
	if (v && v < RA_MIN_RETRANS_MS)
		v = RA_MIN_RETRANS_MS;
	if (v && (xdp6_ns)v * XDP6_NS_PER_MS != r->retrans) {
		r->retrans = (xdp6_ns)v * XDP6_NS_PER_MS;
		/* the host hands it to every module that times retransmissions (NUD, DAD,
		 * SLAAC's REGEN_ADVANCE) from one place */
		if (r->ops.retrans)
			r->ops.retrans(r->ops.ctx, r->retrans);
	}

	/* Options (§4.6); unknown ones are skipped (§4.6, §6.3.4). */
	while (nd_opt_next(opts, olen, &off, &t, &l) > 0) {
		const uint8_t *opt = opts + off - l;

		switch (t) {
		case ND6_OPT_SOURCE_LL_ADDR:
			if (slla)
				break;			/* the first one counts (Linux) */
			if (l != sizeof(struct nd6_opt_lladdr) || !eth_is_station(opt + 2)) {
				r->dstats[D_RA_OPT_IGNORED]++;	/* no station's MAC */
				break;
			}
			slla = opt + 2;
			break;
		case ND6_OPT_MTU: {
			const struct nd6_opt_mtu *m = (const void *)opt;
			uint32_t mtu;

			if (mtu_seen)
				break;
			mtu_seen = true;
			if (l != sizeof(*m)) {
				r->dstats[D_RA_OPT_IGNORED]++;
				break;
			}
			mtu = ntohl(m->mtu);
			/* §6.3.4: at least the IPv6 minimum, at most the link's maximum. */
			if (mtu < IP6_MIN_MTU || (r->link.mtu && mtu > r->link.mtu)) {
				r->dstats[D_RA_OPT_IGNORED]++;
				break;
			}
			if (mtu != r->mtu) {
				r->mtu = mtu;
				if (r->ops.mtu)
					r->ops.mtu(r->ops.ctx, mtu);
			}
			break;
		}
		case ND6_OPT_PREFIX_INFO:
			rdisc_pio(r, now, opt, l);
			break;
		case ND6_OPT_RDNSS:
			rdisc_rdnss(r, now, opt, l, &pi->src);
			break;
		case ND6_OPT_DNSSL:
			rdisc_dnssl(r, now, opt, l, &pi->src);
			break;
		default:
			break;
		}
	}
	/* §6.3.4: the SLLA goes to the neighbor cache with IsRouter set (STALE when new or
	 * changed); without one, an existing entry still becomes a router. */
	if (r->nud)
		nud_learn(r->nud, now, &pi->src, slla, 1);
	return 0;
invalid:
	r->dstats[D_RA_INVALID]++;
	return -EINVAL;
}

void rdisc_timeout(struct rdisc *r, xdp6_ns now)
{
	unsigned i;

	if (r->soliciting && r->rs_next <= now) {
		if (r->ra_heard || r->rs_sent >= RDISC_MAX_RTR_SOLICITATIONS) {
			rdisc_stop(r);
		} else {
			rdisc_send_rs(r);
			r->rs_sent++;
			if (r->rs_sent < RDISC_MAX_RTR_SOLICITATIONS)
				r->rs_next = now + RDISC_RTR_SOLICITATION_INTERVAL;
			else
				rdisc_stop(r);
		}
	}
	for (i = 0; i < r->cfg.max_routers; i++)
		if (r->routers[i].used && r->routers[i].until <= now) {
			memset(&r->routers[i], 0, sizeof(r->routers[i]));	/* §6.3.5 */
			r->dstats[D_ROUTER_EXPIRED]++;
		}
	for (i = 0; i < r->cfg.max_prefixes; i++)
		if (r->prefixes[i].used && r->prefixes[i].valid_until <= now)
			memset(&r->prefixes[i], 0, sizeof(r->prefixes[i]));
	for (i = 0; i < r->cfg.max_dns; i++) {
		if (r->servers[i].used && r->servers[i].until <= now)
			memset(&r->servers[i], 0, sizeof(r->servers[i]));
		if (r->domains[i].used && r->domains[i].until <= now)
			memset(&r->domains[i], 0, sizeof(r->domains[i]));
	}
}

xdp6_ns rdisc_next_deadline(const struct rdisc *r)
{
	xdp6_ns d = r->soliciting ? r->rs_next : XDP6_NEVER;
	unsigned i;

	for (i = 0; i < r->cfg.max_routers; i++)
		if (r->routers[i].used && r->routers[i].until < d)
			d = r->routers[i].until;
	for (i = 0; i < r->cfg.max_prefixes; i++)
		if (r->prefixes[i].used && r->prefixes[i].valid_until < d)
			d = r->prefixes[i].valid_until;
	for (i = 0; i < r->cfg.max_dns; i++) {
		if (r->servers[i].used && r->servers[i].until < d)
			d = r->servers[i].until;
		if (r->domains[i].used && r->domains[i].until < d)
			d = r->domains[i].until;
	}
	return d;
}

void rdisc_params(const struct rdisc *r, struct rdisc_params *out)
{
	memset(out, 0, sizeof(*out));
	out->cur_hop_limit = r->cur_hop_limit;
	out->managed = r->managed;
	out->other = r->other;
	out->base_reachable = r->base_reachable;
	out->retrans = r->retrans;
	out->mtu = r->mtu;
	out->rs_sent = r->rs_sent;
	out->soliciting = r->soliciting;
	out->ra_heard = r->ra_heard;
}

size_t rdisc_routers(const struct rdisc *r, xdp6_ns now, struct rdisc_router_info *out,
		     size_t max)
{
	size_t k = 0;
	unsigned i;

	for (i = 0; i < r->cfg.max_routers; i++) {
		const struct rdisc_router *rt = &r->routers[i];

		if (!rt->used || rt->until <= now)
			continue;
		if (k < max) {
			memset(&out[k], 0, sizeof(out[k]));
			out[k].addr = rt->addr;
			out[k].lifetime_left = left(now, rt->until);
			out[k].preference = rt->preference;
		}
		k++;
	}
	return k;
}

size_t rdisc_prefixes(const struct rdisc *r, xdp6_ns now, struct rdisc_prefix_info *out,
		      size_t max)
{
	size_t k = 0;
	unsigned i;

	for (i = 0; i < r->cfg.max_prefixes; i++) {
		const struct rdisc_prefix *p = &r->prefixes[i];

		if (!p->used || p->valid_until <= now)
			continue;
		if (k < max) {
			memset(&out[k], 0, sizeof(out[k]));
			out[k].prefix = p->prefix;
			out[k].prefixlen = p->plen;
			out[k].autonomous = p->autonomous;
			out[k].valid_left = left(now, p->valid_until);
			out[k].preferred_left = left(now, p->preferred_until);
		}
		k++;
	}
	return k;
}

size_t rdisc_dns(const struct rdisc *r, xdp6_ns now, struct rdisc_dns_info *out, size_t max)
{
	size_t k = 0;
	unsigned i, t;

	for (t = 0; t < 2; t++) {
		const struct rdisc_dns_entry *tab = t ? r->domains : r->servers;

		for (i = 0; i < r->cfg.max_dns; i++) {
			const struct rdisc_dns_entry *e = &tab[i];

			if (!e->used || e->until <= now)
				continue;
			if (k < max) {
				memset(&out[k], 0, sizeof(out[k]));
				out[k].kind = t ? RDISC_DNS_SEARCH : RDISC_DNS_SERVER;
				out[k].server = e->server;
				memcpy(out[k].domain, e->domain, sizeof(out[k].domain));
				out[k].router = e->router;
				out[k].lifetime_left = left(now, e->until);
			}
			k++;
		}
	}
	return k;
}

int rdisc_default_router(const struct rdisc *r, xdp6_ns now, struct in6_addr *out)
{
	const struct rdisc_router *best = NULL;
	int best_score = 0;
	unsigned i;

	for (i = 0; i < r->cfg.max_routers; i++) {
		const struct rdisc_router *rt = &r->routers[i];
		struct nud_info ni;
		int score;

		if (!rt->used || rt->until <= now)
			continue;
		/* §6.3.6: reachable or probably reachable (an entry that is not INCOMPLETE)
		 * first; RFC 4191 §3.2: then by preference. */
		score = rt->preference * 2;
		if (!r->nud || (!nud_get(r->nud, now, &rt->addr, &ni) &&
				ni.state != NUD_INCOMPLETE))
			score += 10;
		if (!best || score > best_score) {
			best = rt;
			best_score = score;
		}
	}
	if (!best)
		return -ENOENT;
	*out = best->addr;
	return 0;
}
