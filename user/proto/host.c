// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The per-interface IPv6 host (user/proto/host.h): owns the address table, generates the
 * link-local address (RFC 4862 §5.3, RFC 4291 §2.5.6 and App. A), joins each address's
 * solicited-node group (RFC 4291 §2.7.1, RFC 4862 §5.4.2) and publishes address state to the
 * fast path; the seam where DAD (RFC 4862 §5.4) starts and reports is marked below. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "addr.h"
#include "dad.h"
#include "slaac.h"
#include "reasm.h"

#define LL_PREFIX_LEN	64	/* RFC 4291 §2.5.6: fe80::/64 + 64-bit interface identifier */

struct host {
	struct xdp6_link link;
	struct host_cfg cfg;
	struct host_ops ops;
	uint64_t rng;			/* xdp6_rand_*() state, for DAD/MLD/RS delays */
	struct addr_table addrs;
	bool has_ll;			/* ll is in the iface map as our link-local */
	struct in6_addr ll;
	/* protocol modules, one of each per interface */
	struct dad *dad;
	struct mld *mld;
	struct nud *nud;
	struct rdisc *rdisc;
	struct slaac *slaac;
	struct icmp6_err *err;
	struct reasm *reasm;
	struct pmtu *pmtu;
	/* (protocol, port) pairs something serves, for --unserved reject */
	struct xdp6_served_key *served;
	size_t n_served;
	uint64_t dstats[D__MAX];
};

#define HOST_MAX_SERVED	1024	/* the served map's max_entries (bpf/maps.bpf.h) */

void host_cfg_defaults(struct host_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->dad = true;
	cfg->dad_transmits = 1;				/* RFC 4862 §5.1 DupAddrDetectTransmits */
	cfg->retrans_timer = XDP6_NS_PER_SEC;		/* RFC 4861 §10 RETRANS_TIMER */
	cfg->link_local = true;
	cfg->echo_mcast = true;
	cfg->router = false;
	cfg->echo_hop_limit = ICMP6_ECHO_HOP_LIMIT_DEFAULT;
	/* echo/NA rates 0: unlimited */
	cfg->dad_max_delay = XDP6_NS_PER_SEC;	/* RFC 4861 §10 MAX_RTR_SOLICITATION_DELAY */
	cfg->accept_ra = true;
	cfg->slaac = true;
	cfg->err_rate = 1000;				/* Linux icmpv6 ratelimit, DESIGN.md */
	cfg->err_burst = 50;
	cfg->reasm_timeout = 60 * XDP6_NS_PER_SEC;	/* RFC 8200 §4.5 */
	cfg->reasm_max_datagrams = 64;
}

static void publish(struct host *h, const struct addr_entry *e)
{
	struct xdp6_addr_val v = {
		.state = e->state,
		.origin = e->origin,
		.prefixlen = e->prefixlen,
	};

	if (h->ops.addr_publish)
		h->ops.addr_publish(h->ops.ctx, &e->addr, &v);
}

/* The link-local the fast path answers ff02::1 echo from: the first preferred link-local in the
 * table (the generated one is added first). Tells the adapter when it changes. */
static void ll_update(struct host *h)
{
	const struct addr_entry *e, *best = NULL;
	size_t i = 0;

	while ((e = addr_table_next(&h->addrs, &i))) {
		if (ip6_is_linklocal(&e->addr) && e->state == XDP6_ADDR_PREFERRED) {
			best = e;
			break;
		}
	}
	if (!best && !h->has_ll)
		return;
	if (best && h->has_ll && !memcmp(&best->addr, &h->ll, sizeof(h->ll)))
		return;
	h->has_ll = best != NULL;
	memset(&h->ll, 0, sizeof(h->ll));
	if (best)
		h->ll = best->addr;
	if (h->ops.iface_changed)
		h->ops.iface_changed(h->ops.ctx);
}

/* An address leaves TENTATIVE: RFC 4862 §5.4.5 DUPLICATE (never answered) or preferred. */
static void addr_dad_result(struct host *h, xdp6_ns now, const struct in6_addr *a, bool unique)
{
	struct addr_entry *e = addr_table_find(&h->addrs, a);

	if (!e || e->state != XDP6_ADDR_TENTATIVE)
		return;
	e->state = unique ? XDP6_ADDR_PREFERRED : XDP6_ADDR_DUPLICATE;
	publish(h, e);
	ll_update(h);
}

/* SEAM (DAD): RFC 4862 §5.4 starts here for a tentative address. The DAD module
 * (user/proto/dad.c) takes over from this call and reports through addr_dad_result(); until
 * it is wired in, a tentative address is declared unique at once, which is what --no-dad does
 * too (the daemon says so in its log). */
static void addr_dad_start(struct host *h, xdp6_ns now, const struct in6_addr *a)
{
	addr_dad_result(h, now, a, true);
}

/* SEAM (DAD): the address goes away while DAD may still run for it. */
static void addr_dad_cancel(struct host *h, const struct in6_addr *a)
{
}

static void group_ref(struct host *h, const struct in6_addr *a, bool join)
{
	struct in6_addr g;

	/* RFC 4291 §2.7.1: one group for every address with these low 24 bits; we listen to it
	 * while at least one of them is ours (refcount = addresses sharing it). */
	if (addr_table_solnode_users(&h->addrs, a) != (join ? 1 : 0))
		return;
	ip6_solnode(a, &g);
	if (join && h->ops.group_join)
		h->ops.group_join(h->ops.ctx, &g);
	if (!join && h->ops.group_leave)
		h->ops.group_leave(h->ops.ctx, &g);
}

int host_addr_add(struct host *h, xdp6_ns now, const struct in6_addr *a, uint8_t plen,
		  enum xdp6_addr_origin origin)
{
	/* RFC 4862 §5.4: DAD on every unicast address unless DupAddrDetectTransmits is 0. */
	bool dad = h->cfg.dad && h->cfg.dad_transmits > 0;
	struct addr_entry *e;
	int err;

	e = addr_table_add(&h->addrs, a, plen, dad ? XDP6_ADDR_TENTATIVE : XDP6_ADDR_PREFERRED,
			   origin, &err);
	if (!e)
		return err;
	/* RFC 4862 §5.4.2: join the solicited-node group before the first probe. */
	group_ref(h, a, true);
	/* Tentative addresses are published too: XDP must hand an NS for them to the daemon
	 * (RFC 4862 §5.4.3) instead of passing it on, and never answer it. */
	publish(h, e);
	if (dad)
		addr_dad_start(h, now, a);
	else
		ll_update(h);
	return 0;
}

int host_addr_del(struct host *h, xdp6_ns now, const struct in6_addr *a)
{
	struct in6_addr addr = *a;	/* `a` may point into the table */
	struct addr_entry *e = addr_table_find(&h->addrs, &addr);

	if (!e)
		return -ENOENT;
	/* Stop XDP answering for it before anything else. */
	if (h->ops.addr_unpublish)
		h->ops.addr_unpublish(h->ops.ctx, &addr);
	if (e->state == XDP6_ADDR_TENTATIVE)
		addr_dad_cancel(h, &addr);
	addr_table_del(&h->addrs, &addr);
	group_ref(h, &addr, false);
	ll_update(h);
	return 0;
}

/* A seed for one module, drawn from the host's own state. */
static uint64_t sub_seed(struct host *h)
{
	return (uint64_t)xdp6_rand_u32(&h->rng) << 32 | xdp6_rand_u32(&h->rng);
}

static int modules_new(struct host *h)
{
	h->dad = dad_new(&h->link, NULL, NULL, sub_seed(h), h->dstats);
	h->mld = mld_new(&h->link, NULL, NULL, sub_seed(h), h->dstats);
	h->nud = nud_new(&h->link, NULL, NULL, sub_seed(h), h->dstats);
	h->rdisc = rdisc_new(&h->link, NULL, NULL, sub_seed(h), h->dstats);
	h->slaac = slaac_new(&h->link, NULL, NULL, sub_seed(h), h->dstats);
	h->err = icmp6_err_new(&h->link, NULL, NULL, sub_seed(h), h->dstats);
	h->reasm = reasm_new(&h->link, NULL, NULL, sub_seed(h), h->dstats);
	h->pmtu = pmtu_new(&h->link, NULL, NULL, sub_seed(h), h->dstats);
	if (!h->dad || !h->mld || !h->nud || !h->rdisc || !h->slaac || !h->err || !h->reasm ||
	    !h->pmtu)
		return -ENOMEM;
	return 0;
}

struct host *host_new(const struct xdp6_link *link, const struct host_cfg *cfg,
		      const struct host_ops *ops, uint64_t seed, xdp6_ns now)
{
	struct host *h = calloc(1, sizeof(*h));

	if (!h)
		return NULL;
	h->link = *link;
	h->cfg = *cfg;
	if (ops)
		h->ops = *ops;
	h->rng = seed;
	addr_table_init(&h->addrs, XDP6_DEFAULT_MAX_ADDRS);
	if (modules_new(h)) {
		host_free(h);
		return NULL;
	}
	if (cfg->link_local) {
		/* RFC 4862 §5.3: fe80::/64 followed by the RFC 4291 App. A interface identifier
		 * (modified EUI-64 from the MAC). */
		struct in6_addr ll = { { { 0xfe, 0x80 } } };

		ip6_eui64_iid(link->mac, ll.s6_addr + 8);
		if (host_addr_add(h, now, &ll, LL_PREFIX_LEN, XDP6_ORIGIN_LINK_LOCAL)) {
			host_free(h);
			return NULL;
		}
	}
	return h;
}

void host_free(struct host *h)
{
	if (!h)
		return;
	dad_free(h->dad);
	mld_free(h->mld);
	nud_free(h->nud);
	rdisc_free(h->rdisc);
	slaac_free(h->slaac);
	icmp6_err_free(h->err);
	reasm_free(h->reasm);
	pmtu_free(h->pmtu);
	free(h->served);
	addr_table_free(&h->addrs);
	free(h);
}

int host_set_max_addrs(struct host *h, size_t max)
{
	if (h->addrs.n > max)
		return -EBUSY;
	h->addrs.max = max;
	return 0;
}

void host_input(struct host *h, xdp6_ns now, const uint8_t *frame, size_t len)
{
	struct pkt_info pi;

	h->dstats[D_RX]++;
	if (pkt_parse(frame, len, &pi)) {
		h->dstats[D_RX_MALFORMED]++;
		return;
	}
	/* Protocol modules (DAD, MLD, ND, router discovery, ICMPv6 errors, reassembly) take
	 * their messages here as they are wired in; until then nothing is handled. */
	h->dstats[D_RX_UNHANDLED]++;
}

void host_timeout(struct host *h, xdp6_ns now)
{
	/* Nothing is scheduled yet: DAD, MLD, RS and lifetimes add their timers here. */
}

xdp6_ns host_next_deadline(const struct host *h)
{
	return XDP6_NEVER;
}

size_t host_addrs(const struct host *h, struct host_addr_info *out, size_t max)
{
	const struct addr_entry *e;
	size_t i = 0, n = 0;

	while ((e = addr_table_next(&h->addrs, &i))) {
		if (n < max) {
			out[n].addr = e->addr;
			out[n].prefixlen = e->prefixlen;
			out[n].state = e->state;
			out[n].origin = e->origin;
			out[n].valid_until = e->valid_until;
			out[n].preferred_until = e->preferred_until;
		}
		n++;
	}
	return n;
}

void host_iface_cfg(const struct host *h, struct xdp6_iface *out)
{
	memset(out, 0, sizeof(*out));
	out->ifindex = (__u32)h->link.ifindex;
	if (h->cfg.echo_mcast)
		out->flags |= XDP6_IF_ECHO_MCAST;
	if (h->cfg.router)
		out->flags |= XDP6_IF_ROUTER;
	if (h->cfg.unserved_reject)
		out->flags |= XDP6_IF_UNSERVED_REJECT;
	if (h->has_ll) {
		out->flags |= XDP6_IF_HAS_LL;
		memcpy(out->ll_addr, &h->ll, sizeof(out->ll_addr));
	}
	memcpy(out->mac, h->link.mac, ETH6_ALEN);
	out->echo_hop_limit = h->cfg.echo_hop_limit;
	out->echo_rate = h->cfg.echo_rate;
	out->echo_burst = h->cfg.echo_burst;
	out->na_rate = h->cfg.na_rate;
	out->na_burst = h->cfg.na_burst;
}

int host_addr_adopt(struct host *h, xdp6_ns now, const struct in6_addr *a,
		    const struct xdp6_addr_val *v)
{
	struct addr_entry *e;
	int err;

	if (v->state == XDP6_ADDR_TENTATIVE)
		return host_addr_add(h, now, a, v->prefixlen, v->origin);
	e = addr_table_add(&h->addrs, a, v->prefixlen, v->state, v->origin, &err);
	if (!e)
		return err;
	group_ref(h, a, true);
	publish(h, e);
	ll_update(h);
	return 0;
}

size_t host_neighbors(const struct host *h, xdp6_ns now, struct nud_info *out, size_t max)
{
	return nud_list(h->nud, now, out, max);
}

size_t host_groups(const struct host *h, struct mld_group_info *out, size_t max)
{
	return mld_groups(h->mld, out, max);
}

size_t host_routers(const struct host *h, xdp6_ns now, struct rdisc_router_info *out,
		    size_t max)
{
	return rdisc_routers(h->rdisc, now, out, max);
}

size_t host_prefixes(const struct host *h, xdp6_ns now, struct rdisc_prefix_info *out,
		     size_t max)
{
	return rdisc_prefixes(h->rdisc, now, out, max);
}

size_t host_dns(const struct host *h, xdp6_ns now, struct rdisc_dns_info *out, size_t max)
{
	return rdisc_dns(h->rdisc, now, out, max);
}

void host_ra_params(const struct host *h, struct rdisc_params *out)
{
	rdisc_params(h->rdisc, out);
}

size_t host_pmtu(const struct host *h, xdp6_ns now, struct pmtu_info *out, size_t max)
{
	return pmtu_list(h->pmtu, now, out, max);
}

size_t host_err_rx(const struct host *h, struct icmp6_err_rx_count *out, size_t max)
{
	return icmp6_err_rx_counts(h->err, out, max);
}

static struct xdp6_served_key *served_find(const struct host *h, uint8_t proto, uint16_t port)
{
	size_t i;

	for (i = 0; i < h->n_served; i++)
		if (h->served[i].proto == proto && h->served[i].port == port)
			return &h->served[i];
	return NULL;
}

int host_serve(struct host *h, uint8_t proto, uint16_t port, bool add)
{
	struct xdp6_served_key *k = served_find(h, proto, port);

	if (add) {
		if (k)
			return -EEXIST;
		if (h->n_served >= HOST_MAX_SERVED)
			return -ENOSPC;
		if (!h->served) {
			h->served = calloc(HOST_MAX_SERVED, sizeof(*h->served));
			if (!h->served)
				return -ENOMEM;
		}
		h->served[h->n_served++] = (struct xdp6_served_key){ .proto = proto, .port = port };
	} else {
		if (!k)
			return -ENOENT;
		*k = h->served[--h->n_served];
	}
	if (h->ops.served_changed)
		h->ops.served_changed(h->ops.ctx, proto, port, add);
	return 0;
}

size_t host_served(const struct host *h, struct xdp6_served_key *out, size_t max)
{
	size_t i;

	for (i = 0; i < h->n_served && i < max; i++)
		out[i] = h->served[i];
	return h->n_served;
}

const uint64_t *host_dstats(const struct host *h)
{
	return h->dstats;
}
