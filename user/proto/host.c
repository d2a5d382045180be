// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The per-interface IPv6 host (user/proto/host.h): owns the address table and wires the protocol
 * modules to it and to each other: link-local generation (RFC 4862 §5.3, RFC 4291 App. A,
 * RFC 7217), DAD (RFC 4862 §5.4), solicited-node groups and MLD (RFC 4291 §2.7.1, RFC 3810),
 * neighbor cache (RFC 4861 §7), router discovery and SLAAC (RFC 4861 §6.3, RFC 4862 §5.5,
 * RFC 8981), ICMPv6 errors (RFC 4443 §2.4, §3), echo from the daemon (RFC 4443 §4), reassembly
 * and fragmentation (RFC 8200 §4.5) and path MTU (RFC 8201). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "proxy.h"
#include "host.h"
#include "addr.h"
#include "hash.h"
#include "dad.h"
#include "slaac.h"
#include "reasm.h"
#include "sha256.h"

#define LL_PREFIX_LEN	64	/* RFC 4291 §2.5.6: fe80::/64 + 64-bit interface identifier */
#define ICMP6_ECHO_HLEN	8	/* type, code, checksum, identifier, sequence (RFC 4443 §4.1) */
/* Largest frame the daemon builds: a reassembled Echo Request's reply, VLAN tag included. */
#define HOST_TXBUF_LEN	(ETH6_HLEN + ETH6_VLAN_HLEN + IP6_HLEN + REASM_MAX_PAYLOAD)
#define HOST_TIMEOUT_PASSES 8	/* bound on rounds of host_timeout() catching up with `now` */
/* Log lines an attacker can provoke (an NA claiming our address, a SLAAC address the host
 * refuses) are rate limited: one per address and kind per HOST_LOG_INTERVAL, and at most
 * HOST_LOG_SLOTS of them per interval in all, so that a flood cannot fill the log. */
#define HOST_LOG_SLOTS		8
#define HOST_LOG_INTERVAL	(60 * XDP6_NS_PER_SEC)

enum host_log_kind {
	HOST_LOG_NA_CLAIM,		/* RFC 4862 §5.4.4: an NA for one of our addresses */
	HOST_LOG_SLAAC,			/* SLAAC formed an address the host could not take */
	HOST_LOG_HOP_LIMIT,		/* an RA changed the hop limit of our Echo Replies */
};

struct host_log_slot {
	struct in6_addr addr;
	enum host_log_kind kind;
	xdp6_ns at;			/* when logged; 0: free */
};

/* A MAC in the NIC's multicast filter on our behalf (RFC 2464 §7: 33:33 + the group's low 32
 * bits), with the number of our groups mapping to it. */
struct host_mac {
	uint8_t mac[ETH6_ALEN];		/* first: the index key */
	uint32_t refs;
};

struct host {
	struct xdp6_link link;
	struct host_cfg cfg;
	struct host_ops ops;
	bool started;			/* host_start() or host_adopt() ran */
	uint64_t rng;			/* xdp6_rand_*() state: seeds of the modules, frag ids */
	xdp6_ns now;			/* time of the call being served, for module callbacks */
	struct addr_table addrs;
	bool has_ll;			/* ll is in the iface map as our link-local */
	struct in6_addr ll;
	uint8_t ll_dad_counter;		/* RFC 7217 §6 DAD_Counter of the generated link-local */
	uint8_t echo_hop_limit;		/* cfg, then an RA's CurHopLimit (RFC 4861 §6.3.4) */
	uint32_t link_mtu;		/* link->mtu, then an RA's MTU option (RFC 4861 §6.3.4) */
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
	struct proxy_table *proxy;	/* NDP proxy prefixes (proxy.h), made at the first add */
	uint8_t *txbuf;			/* HOST_TXBUF_LEN: Echo Replies built by the daemon */
	struct host_mac *macs;		/* the NIC filter: macs[0..nmacs), index mac_ix */
	size_t nmacs, macs_cap;
	struct hindex mac_ix;
	void (*log)(void *ctx, const char *line);
	void *log_ctx;
	struct host_log_slot log_slots[HOST_LOG_SLOTS];
	uint64_t dstats[D__MAX];
};

static void hlog(struct host *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void hlog(struct host *h, const char *fmt, ...)
{
	char line[256];
	va_list ap;

	if (!h->log)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	h->log(h->log_ctx, line);
}

/* May a line of this kind about `a` be logged now (see HOST_LOG_SLOTS)? If so, it is counted
 * as logged. */
static bool hlog_allowed(struct host *h, xdp6_ns now, const struct in6_addr *a,
			 enum host_log_kind kind)
{
	struct host_log_slot *sl, *free_sl = NULL;
	unsigned i;

	if (!h->log)
		return false;
	for (i = 0; i < HOST_LOG_SLOTS; i++) {
		sl = &h->log_slots[i];
		if (sl->at && now - sl->at < HOST_LOG_INTERVAL) {
			if (sl->kind == kind && !memcmp(&sl->addr, a, sizeof(*a)))
				return false;
		} else if (!free_sl) {
			free_sl = sl;
		}
	}
	if (!free_sl)
		return false;
	free_sl->addr = *a;
	free_sl->kind = kind;
	free_sl->at = now ? now : 1;
	return true;
}

void host_set_log(struct host *h, void (*log)(void *ctx, const char *line), void *ctx)
{
	h->log = log;
	h->log_ctx = ctx;
}

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
	/* echo/NA rates 0: unlimited; per-source fairness off (Linux has none for echo) */
	cfg->src_key_len = 64;
	cfg->dad_max_delay = XDP6_NS_PER_SEC;	/* RFC 4861 §10 MAX_RTR_SOLICITATION_DELAY */
	cfg->accept_ra = true;
	cfg->slaac = true;
	cfg->err_rate = 1000;				/* Linux icmpv6 ratelimit, DESIGN.md */
	cfg->err_burst = 50;
	cfg->reasm_timeout = 60 * XDP6_NS_PER_SEC;	/* RFC 8200 §4.5 */
	cfg->reasm_max_datagrams = 64;
}

static const char *fmt_addr(const struct in6_addr *a, char buf[INET6_ADDRSTRLEN])
{
	return inet_ntop(AF_INET6, a, buf, INET6_ADDRSTRLEN) ? buf : "?";
}

static bool answerable(enum xdp6_addr_state s)
{
	/* RFC 4862 §5.5.4: a deprecated address is still valid for incoming packets. */
	return s == XDP6_ADDR_PREFERRED || s == XDP6_ADDR_DEPRECATED;
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
	/* An address of ours is no neighbor: an entry made while it was tentative (a node that
	 * used it then) must not go on probing our own address (Linux routes it locally). */
	if (answerable(e->state) && h->nud)
		nud_delete(h->nud, &e->addr);
}

/* ---- source address selection (RFC 6724 §5, the rules that matter on one link) ---- */

/* A preferred (else deprecated) address of ours for talking to dst: same scope first (rule 2:
 * link-local for a link-local or link-scope multicast peer), then preferred over deprecated
 * (rule 3), then the longest matching prefix (rule 8, approximated by on-prefix). */
static int pick_source(struct host *h, const struct in6_addr *dst, struct in6_addr *out)
{
	bool dst_ll = ip6_is_linklocal(dst) ||
		      (ip6_is_multicast(dst) && (dst->s6_addr[1] & 0x0f) <= 2);
	/* the best a candidate can score: the first to reach it wins, nothing later can beat
	 * it, so the walk stops there instead of visiting every address (there may be 1M) */
	int best_score = -1, top = ip6_is_multicast(dst) ? 6 : 7;
	const struct addr_entry *e, *best = NULL;
	size_t i = 0;

	while (best_score < top && (e = addr_table_next(&h->addrs, &i))) {
		int score = 0;

		if (!answerable(e->state))
			continue;
		if (ip6_is_linklocal(&e->addr) == dst_ll)
			score += 4;
		if (e->state == XDP6_ADDR_PREFERRED)
			score += 2;
		if (!ip6_is_multicast(dst) && ip6_prefix_match(dst, &e->addr, e->prefixlen))
			score += 1;
		if (score > best_score) {
			best = e;
			best_score = score;
		}
	}
	if (!best)
		return -EADDRNOTAVAIL;
	*out = best->addr;
	return 0;
}

static int nud_pick_source(void *ctx, const struct in6_addr *dst, struct in6_addr *src)
{
	return pick_source(ctx, dst, src);
}

/* ---- what the fast path reads besides the addresses: iface map, NIC filter ---- */

/* The iface map as host_iface_cfg() says, refilling the buckets first when the rates are new. */
static void publish_iface(struct host *h, bool refill_tokens)
{
	struct xdp6_iface v;

	if (!h->ops.iface_changed)
		return;
	host_iface_cfg(h, &v);
	h->ops.iface_changed(h->ops.ctx, &v, refill_tokens);
}

static size_t mac_find(const struct host *h, const uint8_t mac[ETH6_ALEN])
{
	return hindex_find(&h->mac_ix, h->macs, sizeof(*h->macs), mac);
}

/* Room for one more MAC: the array doubled and its index rebuilt. 0 or -ENOMEM. */
static int mac_room(struct host *h)
{
	struct hindex ix = { 0 };
	size_t cap = h->macs_cap ? 2 * h->macs_cap : 16, i;
	struct host_mac *m;

	if (h->nmacs < h->macs_cap)
		return 0;
	if (hindex_reset(&ix, ETH6_ALEN, cap))
		return -ENOMEM;
	m = realloc(h->macs, cap * sizeof(*m));
	if (!m) {
		hindex_free(&ix);
		return -ENOMEM;
	}
	h->macs = m;
	h->macs_cap = cap;
	hindex_free(&h->mac_ix);
	h->mac_ix = ix;
	for (i = 0; i < h->nmacs; i++)
		hindex_insert(&h->mac_ix, h->macs[i].mac, i);
	return 0;
}

/* RFC 2464 §7: group g (one of ours from now on, or no longer) maps to a MAC the NIC must pass
 * while any group of ours maps to it; groups sharing their low 32 bits share it. */
static void mac_ref(struct host *h, const struct in6_addr *g, bool add)
{
	char buf[INET6_ADDRSTRLEN];
	uint8_t mac[ETH6_ALEN];
	size_t i, last;

	ip6_mc_mac(g, mac);
	i = mac_find(h, mac);
	if (add && i != HINDEX_NONE) {
		h->macs[i].refs++;
		return;
	}
	if (add) {
		if (mac_room(h)) {
			/* not tracked, so never removed either: say so rather than leak it */
			hlog(h, "Couldn't add the multicast MAC of %s to the NIC filter: out of "
			     "memory", fmt_addr(g, buf));
			return;
		}
		i = h->nmacs++;
		memcpy(h->macs[i].mac, mac, ETH6_ALEN);
		h->macs[i].refs = 1;
		hindex_insert(&h->mac_ix, h->macs[i].mac, i);
		if (h->ops.mc_filter)
			h->ops.mc_filter(h->ops.ctx, mac, true);
		return;
	}
	if (i == HINDEX_NONE || --h->macs[i].refs)
		return;
	if (h->ops.mc_filter)
		h->ops.mc_filter(h->ops.ctx, mac, false);
	hindex_remove(&h->mac_ix, h->macs, sizeof(*h->macs), i);
	last = --h->nmacs;
	if (i != last) {
		h->macs[i] = h->macs[last];
		hindex_move(&h->mac_ix, h->macs[i].mac, last, i);
	}
}

/* ---- the link-local address and what hangs on it ---- */

/* The link-local the fast path answers ff02::1 echo from and MLD reports and RS go out from:
 * the first preferred link-local in the table (the generated one is added first). When the
 * first one appears, router discovery starts (Linux: addrconf_dad_completed). Called with the
 * address whose presence or state just changed: only a link-local one can change the answer,
 * so for the others (a host may add a million) the table is not walked. */
static void ll_update(struct host *h, xdp6_ns now, const struct in6_addr *changed)
{
	const struct addr_entry *e, *best = NULL;
	bool had = h->has_ll;
	size_t i = 0;

	if (!ip6_is_linklocal(changed))
		return;
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
	/* RFC 3810 §5.2.13: reports from the link-local once it is preferred, :: before. */
	mld_set_source(h->mld, best ? &h->ll : NULL);
	/* RFC 4861 §4.1: RS carry the SLLA option only from a unicast source. */
	rdisc_set_source(h->rdisc, best ? &h->ll : NULL);
	if (best && !had)
		rdisc_start(h->rdisc, now);	/* RFC 4861 §6.3.7 */
	publish_iface(h, false);
}

/* RFC 4862 §5.3 link-local: fe80::/64 and the RFC 4291 App. A modified EUI-64, or with a
 * stable-privacy secret the RFC 7217 §5 IID for the fe80::/64 prefix, skipping RFC 5453
 * reserved IIDs (each skip advances the DAD counter, as RFC 7217 §5 does). */
static void ll_make(struct host *h, struct in6_addr *ll)
{
	static const struct in6_addr fe80 = { { { 0xfe, 0x80 } } };

	*ll = fe80;
	if (h->cfg.stable_privacy && h->cfg.secret_len) {
		for (; h->ll_dad_counter < UINT8_MAX; h->ll_dad_counter++) {
			if (slaac_stable_iid(h->slaac, &fe80, h->ll_dad_counter, ll->s6_addr + 8))
				break;
			if (!slaac_iid_reserved(ll->s6_addr + 8))
				return;
		}
	}
	ip6_eui64_iid(h->link.mac, ll->s6_addr + 8);
}

/* ---- address table changes ---- */

/* Solicited-node group of `a` (RFC 4291 §2.7.1): every address joins it in MLD, whose
 * reference count is the group's only one; the groups map and the NIC filter hear of it on
 * the first user and the last. */
static void group_ref(struct host *h, xdp6_ns now, const struct in6_addr *a, bool join)
{
	char buf[INET6_ADDRSTRLEN];
	struct in6_addr g;
	int refs;

	ip6_solnode(a, &g);
	refs = join ? mld_join(h->mld, now, &g) : mld_leave(h->mld, now, &g);
	if (refs < 0) {
		/* out of memory: XDP will pass what is sent to the group, the safe side */
		if (join)
			hlog(h, "Couldn't join %s: %s", fmt_addr(&g, buf), strerror(-refs));
		return;
	}
	if (refs != (join ? 1 : 0))
		return;
	if (join && h->ops.group_join)
		h->ops.group_join(h->ops.ctx, &g);
	if (!join && h->ops.group_leave)
		h->ops.group_leave(h->ops.ctx, &g);
	mac_ref(h, &g, join);
}

/* State of an address that is no longer tentative: deprecated when its preferred lifetime
 * ended meanwhile (RFC 4862 §5.5.4). */
static enum xdp6_addr_state usable_state(const struct addr_entry *e, xdp6_ns now)
{
	return e->preferred_until <= now ? XDP6_ADDR_DEPRECATED : XDP6_ADDR_PREFERRED;
}

static int addr_add(struct host *h, xdp6_ns now, const struct in6_addr *a, uint8_t plen,
		    enum xdp6_addr_origin origin, xdp6_ns valid_until, xdp6_ns preferred_until)
{
	/* RFC 4862 §5.4: DAD on every unicast address unless DupAddrDetectTransmits is 0. */
	bool dad = h->cfg.dad && h->cfg.dad_transmits > 0;
	struct in6_addr addr = *a;
	struct addr_entry *e;
	int err;

	e = addr_table_add(&h->addrs, &addr, plen, XDP6_ADDR_TENTATIVE, origin, &err);
	if (!e)
		return err;
	e->valid_until = valid_until;
	e->preferred_until = preferred_until;
	if (!dad)
		e->state = usable_state(e, now);
	/* RFC 4862 §5.4.2: join the solicited-node group before the first probe. */
	group_ref(h, now, &addr, true);
	/* Tentative addresses are published too: XDP must hand an NS for them to the daemon
	 * (RFC 4862 §5.4.3) instead of passing it on, and never answer it. */
	e = addr_table_find(&h->addrs, &addr);
	publish(h, e);
	if (!dad) {
		ll_update(h, now, &addr);
		return 0;
	}
	err = dad_start(h->dad, now, &addr);
	if (err) {
		/* no DAD possible (out of memory): an address that never leaves TENTATIVE is
		 * never answered, which is the safe side; say so */
		hlog(h, "Couldn't start DAD: %s", strerror(-err));
	}
	return 0;
}

int host_addr_add(struct host *h, xdp6_ns now, const struct in6_addr *a, uint8_t plen,
		  enum xdp6_addr_origin origin)
{
	h->now = now;
	return addr_add(h, now, a, plen, origin, XDP6_NEVER, XDP6_NEVER);
}

int host_addr_del(struct host *h, xdp6_ns now, const struct in6_addr *a)
{
	struct in6_addr addr = *a;	/* `a` may point into the table */
	struct addr_entry *e = addr_table_find(&h->addrs, &addr);

	h->now = now;
	if (!e)
		return -ENOENT;
	/* Stop XDP answering for it before anything else. */
	if (h->ops.addr_unpublish)
		h->ops.addr_unpublish(h->ops.ctx, &addr);
	if (e->state == XDP6_ADDR_TENTATIVE)
		dad_cancel(h->dad, &addr);
	addr_table_del(&h->addrs, &addr);
	group_ref(h, now, &addr, false);
	ll_update(h, now, &addr);
	return 0;
}

int host_addr_adopt(struct host *h, xdp6_ns now, const struct in6_addr *a,
		    const struct xdp6_addr_val *v)
{
	struct in6_addr addr = *a;
	struct addr_entry *e;
	int err;

	h->now = now;
	if (v->origin > XDP6_ORIGIN_TEMPORARY)
		return -EINVAL;
	if (v->state == XDP6_ADDR_TENTATIVE)
		return addr_add(h, now, &addr, v->prefixlen, v->origin, XDP6_NEVER, XDP6_NEVER);
	if (v->state != XDP6_ADDR_PREFERRED && v->state != XDP6_ADDR_DEPRECATED &&
	    v->state != XDP6_ADDR_DUPLICATE)
		return -EINVAL;
	e = addr_table_find(&h->addrs, &addr);
	if (e && e->state == XDP6_ADDR_TENTATIVE && e->origin == v->origin &&
	    e->prefixlen == v->prefixlen) {
		/* The host generated it and is probing it (host_new()'s link-local): what the
		 * snapshot says wins, and the DAD it replaces was not cancelled by anyone. */
		dad_stop(h->dad, &addr);
		e->state = v->state;
		publish(h, e);
		ll_update(h, now, &addr);
		return 0;
	}
	e = addr_table_add(&h->addrs, &addr, v->prefixlen, v->state, v->origin, &err);
	if (!e)
		return err;
	/* Listening again: RFC 4862 §5.4.2 group, MLD announces it from scratch. */
	group_ref(h, now, &addr, true);
	e = addr_table_find(&h->addrs, &addr);
	publish(h, e);
	ll_update(h, now, &addr);
	return 0;
}

/* ---- DAD (RFC 4862 §5.4) ---- */

static void on_dad_done(void *ctx, const struct in6_addr *a, enum dad_result res)
{
	struct host *h = ctx;
	struct addr_entry *e = addr_table_find(&h->addrs, a);
	struct in6_addr addr = *a;
	char buf[INET6_ADDRSTRLEN];

	if (!e || e->state != XDP6_ADDR_TENTATIVE)
		return;
	if (res == DAD_OK) {
		e->state = usable_state(e, h->now);
		publish(h, e);
		ll_update(h, h->now, &addr);
		return;
	}
	/* RFC 4862 §5.4.5: a duplicate must not be used: published so XDP never answers it, and
	 * said once, with what showed it: another node's probe (§5.4.3) or its NA (§5.4.4). */
	e->state = XDP6_ADDR_DUPLICATE;
	publish(h, e);
	hlog(h, "%s is a duplicate address (DAD: %s from another node); not serving it",
	     fmt_addr(&addr, buf), res == DAD_DUP_NS ? "NS" : "NA");
	if (e->origin == XDP6_ORIGIN_SLAAC || e->origin == XDP6_ORIGIN_TEMPORARY) {
		/* RFC 7217 §6 / RFC 8981 §3.4: slaac may retry with another IID. */
		slaac_dad_failed(h->slaac, h->now, &addr);
	} else if (e->origin == XDP6_ORIGIN_LINK_LOCAL && h->cfg.stable_privacy &&
		   h->cfg.secret_len && h->ll_dad_counter < SLAAC_IDGEN_RETRIES) {
		/* RFC 7217 §6: the next DAD_Counter gives another link-local. */
		struct in6_addr ll;
		uint8_t plen = e->prefixlen;

		h->ll_dad_counter++;
		host_addr_del(h, h->now, &addr);
		ll_make(h, &ll);
		addr_add(h, h->now, &ll, plen, XDP6_ORIGIN_LINK_LOCAL, XDP6_NEVER, XDP6_NEVER);
	}
}

/* RetransTimer reaches every module that times retransmissions from here, and only from here:
 * NUD's solicitations (RFC 4861 §7.3.3), DAD's probes (RFC 4862 §5.4.2) and SLAAC's
 * REGEN_ADVANCE (RFC 8981 §3.8). */
static void host_set_retrans(struct host *h, xdp6_ns retrans)
{
	if (!retrans)
		return;
	nud_set_retrans(h->nud, retrans);
	dad_set_retrans(h->dad, retrans);
	slaac_set_retrans(h->slaac, retrans);
}

/* ---- router discovery (RFC 4861 §6.3.4) ---- */

static void on_ra_hop_limit(void *ctx, uint8_t hop_limit)
{
	struct host *h = ctx;

	/* CurHopLimit: the hop limit of what we originate, Echo Replies from XDP and ICMPv6
	 * errors included. */
	icmp6_err_set_hop_limit(h->err, hop_limit);
	if (hop_limit == h->echo_hop_limit)
		return;
	h->echo_hop_limit = hop_limit;
	publish_iface(h, false);
	/* any RA can change it: logged within the link's log budget (HOST_LOG_SLOTS) */
	if (hlog_allowed(h, h->now, &ip6_all_routers, HOST_LOG_HOP_LIMIT))
		hlog(h, "hop limit of Echo Replies now %u (RFC 4861 §6.3.4: an RA's Cur Hop Limit)",
		     hop_limit);
}

static void on_ra_retrans(void *ctx, xdp6_ns retrans)
{
	host_set_retrans(ctx, retrans);
}

static void on_ra_mtu(void *ctx, uint32_t mtu)
{
	struct host *h = ctx;

	/* LinkMTU (rdisc checked 1280 <= mtu <= the link's): bounds replies and the PMTU. */
	h->link_mtu = mtu;
	pmtu_set_link_mtu(h->pmtu, mtu);
}

static void on_router_lost(void *ctx, const struct in6_addr *a)
{
	struct host *h = ctx;

	rdisc_router_remove(h->rdisc, h->now, a);	/* RFC 4861 §7.2.5 */
}

static bool on_nud_is_router(void *ctx, xdp6_ns now, const struct in6_addr *a)
{
	struct host *h = ctx;

	return rdisc_is_router(h->rdisc, now, a);
}

/* ---- SLAAC (RFC 4862 §5.5, RFC 8981) ---- */

/* RFC 4862 §5.5.3: SLAAC manages only the addresses it formed. An address configured by
 * another origin (static, link-local) with the same value is not SLAAC's: one RA from any
 * link-local source would otherwise deprecate it and then delete it. (Linux updates the
 * lifetimes of whatever address matches; an address added by hand is IFA_F_PERMANENT and
 * survives, deprecated.) */
static bool slaac_owns(const struct addr_entry *e)
{
	return e && (e->origin == XDP6_ORIGIN_SLAAC || e->origin == XDP6_ORIGIN_TEMPORARY);
}

static int on_slaac_new(void *ctx, const struct in6_addr *a, uint8_t plen,
			enum xdp6_addr_origin origin, xdp6_ns valid_until, xdp6_ns preferred_until)
{
	struct host *h = ctx;
	char buf[INET6_ADDRSTRLEN];
	struct addr_entry *e;
	int err;

	err = addr_add(h, h->now, a, plen, origin, valid_until, preferred_until);
	if (err == -EEXIST) {
		/* adopted from a previous daemon with this origin (lifetimes unknown until
		 * now): it takes the lifetimes the RA gave it. Any other origin: not SLAAC's. */
		e = addr_table_find(&h->addrs, a);
		if (e && e->origin == origin) {
			e->valid_until = valid_until;
			e->preferred_until = preferred_until;
			return 0;
		}
		if (hlog_allowed(h, h->now, a, HOST_LOG_SLAAC))
			hlog(h, "%s formed by SLAAC is configured already (%s); SLAAC leaves it "
			     "alone", fmt_addr(a, buf), e ? addr_origin_name(e->origin) : "?");
		return err;
	}
	if (err && hlog_allowed(h, h->now, a, HOST_LOG_SLAAC))
		hlog(h, "Couldn't add %s from SLAAC: %s", fmt_addr(a, buf), strerror(-err));
	return err;
}

static void on_slaac_lifetime(void *ctx, const struct in6_addr *a, xdp6_ns valid_until,
			      xdp6_ns preferred_until)
{
	struct host *h = ctx;
	struct addr_entry *e = addr_table_find(&h->addrs, a);

	if (!slaac_owns(e))
		return;
	e->valid_until = valid_until;
	e->preferred_until = preferred_until;
	/* RFC 4862 §5.5.3 e: a new preferred lifetime makes a deprecated address preferred */
	if (e->state == XDP6_ADDR_DEPRECATED && preferred_until > h->now) {
		e->state = XDP6_ADDR_PREFERRED;
		publish(h, e);
		ll_update(h, h->now, a);
	}
}

static void on_slaac_deprecated(void *ctx, const struct in6_addr *a)
{
	struct host *h = ctx;
	struct addr_entry *e = addr_table_find(&h->addrs, a);

	/* RFC 4862 §5.5.4: still answered (XDP answers DEPRECATED), not chosen as a source.
	 * A tentative one becomes deprecated when its DAD passes (usable_state). */
	if (!slaac_owns(e) || e->state != XDP6_ADDR_PREFERRED)
		return;
	e->state = XDP6_ADDR_DEPRECATED;
	publish(h, e);
}

static void on_slaac_expired(void *ctx, const struct in6_addr *a)
{
	struct host *h = ctx;

	/* RFC 4862 §5.5.4: valid lifetime over */
	if (slaac_owns(addr_table_find(&h->addrs, a)))
		host_addr_del(h, h->now, a);
}

/* ---- ICMPv6 errors, reassembly, PMTU ---- */

static void on_pmtu_update(void *ctx, xdp6_ns now, const struct in6_addr *dst, uint32_t mtu)
{
	struct host *h = ctx;

	pmtu_update(h->pmtu, now, dst, mtu);
}

static void on_pmtu_changed(void *ctx, const struct in6_addr *dst, uint32_t mtu,
			    xdp6_ns expires)
{
	struct host *h = ctx;

	if (h->ops.pmtu_changed)	/* the fast path's pmtu map (RFC 8201 for XDP replies) */
		h->ops.pmtu_changed(h->ops.ctx, dst, mtu, expires);
}

static bool on_is_local(void *ctx, const struct in6_addr *a)
{
	struct host *h = ctx;

	return addr_table_find(&h->addrs, a) != NULL;
}

static bool is_served(void *ctx, uint8_t proto, uint16_t port)
{
	const struct host *h = ctx;
	size_t i;

	for (i = 0; i < h->n_served; i++)
		if (h->served[i].proto == proto && h->served[i].port == port)
			return true;
	return false;
}

/* Is dst an address this interface receives for (RFC 4291 §2.8: its unicast addresses that
 * are not tentative, all-nodes, the solicited-node groups of its addresses, all-routers in
 * router mode)? Tentative ones: RFC 4862 §5.4 discards what is sent to them. */
static bool dst_is_ours(const struct host *h, const struct in6_addr *dst)
{
	const struct addr_entry *e;

	if (!ip6_is_multicast(dst)) {
		e = addr_table_find(&h->addrs, dst);
		return e && answerable(e->state);
	}
	if (!memcmp(dst, &ip6_all_nodes, sizeof(*dst)))
		return true;
	if (h->cfg.router && !memcmp(dst, &ip6_all_routers, sizeof(*dst)))
		return true;
	return ip6_is_solnode(dst) && mld_refcount(h->mld, dst) > 0;
}

/* May a reply or an error go to `a`, the source of a packet we received? Never to an address
 * that is no single node on this link (RFC 4291 §2.5.2 unspecified, §2.5.3 loopback, §2.5.5.2
 * IPv4-mapped, §2.7 multicast), nor to one of our own assigned addresses: a packet from there
 * was forged (Linux would deliver the answer locally, never to the wire). A tentative or
 * duplicate address of ours may really be another node's (RFC 4862 §5.4): that node is
 * answered. Counts the refusal. */
static bool peer_ok(struct host *h, const struct in6_addr *a)
{
	const struct addr_entry *e;

	if (ip6_is_unspecified(a) || ip6_is_multicast(a) || ip6_is_loopback(a) ||
	    ip6_is_v4mapped(a)) {
		h->dstats[D_RX_BAD_ADDR]++;
		return false;
	}
	e = addr_table_find(&h->addrs, a);
	if ((e && answerable(e->state)) || (h->has_ll && !memcmp(a, &h->ll, sizeof(*a)))) {
		h->dstats[D_RX_OWN_SOURCE]++;
		return false;
	}
	return true;
}

/* The source of an error about `inv`: its destination when that is our address (RFC 4443
 * §2.2), one of ours suited to its source when it went to one of our groups. Nothing about
 * packets for others (tentative addresses included: RFC 4862 §5.4 discards silently). */
static int err_source(struct host *h, const struct pkt_info *inv, struct in6_addr *out)
{
	if (!dst_is_ours(h, &inv->dst))
		return -EADDRNOTAVAIL;
	if (!ip6_is_multicast(&inv->dst)) {
		*out = inv->dst;
		return 0;
	}
	return pick_source(h, &inv->src, out);
}

static void send_error(struct host *h, xdp6_ns now, const struct pkt_info *inv, uint8_t type,
		       uint8_t code, uint32_t param)
{
	struct in6_addr src;

	/* RFC 4443 §2.4(e) forbids multicast and unspecified sources (icmp6_err checks it
	 * again); neither loopback, IPv4-mapped nor our own are a node to tell */
	if (!ip6_is_multicast(&inv->src) && !ip6_is_unspecified(&inv->src) &&
	    !peer_ok(h, &inv->src))
		return;
	if (err_source(h, inv, &src))
		return;
	icmp6_err_send(h->err, now, inv, type, code, param, &src);
}

static void on_reasm_error(void *ctx, xdp6_ns now, const struct pkt_info *inv, uint8_t type,
			   uint8_t code, uint32_t param)
{
	send_error(ctx, now, inv, type, code, param);
}

static void host_frame(struct host *h, xdp6_ns now, const uint8_t *frame, size_t len,
		       bool reassembled);

static void on_reasm_deliver(void *ctx, xdp6_ns now, const uint8_t *frame, size_t len)
{
	host_frame(ctx, now, frame, len, true);
}

/* ---- module construction ---- */

/* A seed for one module, drawn from the host's own state. */
static uint64_t sub_seed(struct host *h)
{
	return (uint64_t)xdp6_rand_u32(&h->rng) << 32 | xdp6_rand_u32(&h->rng);
}

static int modules_new(struct host *h)
{
	const struct host_cfg *c = &h->cfg;
	struct dad_ops dad_ops = { .tx = h->ops.tx, .done = on_dad_done, .ctx = h };
	struct mld_ops mld_ops = { .tx = h->ops.tx };
	struct nud_ops nud_ops = { .tx = h->ops.tx, .pick_source = nud_pick_source,
				   .router_lost = on_router_lost, .is_router = on_nud_is_router,
				   .ctx = h };
	struct rdisc_ops rdisc_ops = { .tx = h->ops.tx, .hop_limit = on_ra_hop_limit,
				       .retrans = on_ra_retrans, .mtu = on_ra_mtu, .ctx = h };
	struct slaac_ops slaac_ops = { .addr_new = on_slaac_new, .addr_lifetime = on_slaac_lifetime,
				       .addr_deprecated = on_slaac_deprecated,
				       .addr_expired = on_slaac_expired, .ctx = h };
	struct icmp6_err_ops err_ops = { .tx = h->ops.tx, .pmtu_update = on_pmtu_update,
					 .is_local = on_is_local, .ctx = h };
	struct reasm_ops reasm_ops = { .deliver = on_reasm_deliver, .error = on_reasm_error,
				       .tx = h->ops.tx, .ctx = h };
	struct pmtu_ops pmtu_ops = { .changed = on_pmtu_changed, .ctx = h };
	struct dad_cfg dad_cfg;
	struct nud_cfg nud_cfg;
	struct rdisc_cfg rdisc_cfg;
	struct slaac_cfg slaac_cfg;
	struct icmp6_err_cfg err_cfg;
	struct reasm_cfg reasm_cfg;

	dad_cfg_defaults(&dad_cfg);
	dad_cfg.transmits = c->dad ? c->dad_transmits : 0;
	dad_cfg.max_delay = c->dad_max_delay;
	h->dad = dad_new(&h->link, &dad_cfg, &dad_ops, sub_seed(h), h->dstats);

	h->mld = mld_new(&h->link, NULL, &mld_ops, sub_seed(h), h->dstats);

	nud_cfg_defaults(&nud_cfg);
	h->nud = nud_new(&h->link, &nud_cfg, &nud_ops, sub_seed(h), h->dstats);

	rdisc_cfg_defaults(&rdisc_cfg);
	rdisc_cfg.accept_ra = c->accept_ra;
	rdisc_cfg.slaac = c->slaac;
	h->rdisc = rdisc_new(&h->link, &rdisc_cfg, &rdisc_ops, sub_seed(h), h->dstats);

	slaac_cfg_defaults(&slaac_cfg);
	slaac_cfg.temporary = c->temporary;
	slaac_cfg.dad_transmits = c->dad ? c->dad_transmits : 0;
	if (c->stable_privacy && c->secret_len) {
		/* RFC 7217 §5 secret_key: slaac keeps up to 32 octets; a longer secret is
		 * condensed with the same F() (SHA-256) so none of it is lost. */
		if (c->secret_len <= SLAAC_SECRET_MAX) {
			memcpy(slaac_cfg.secret, c->secret, c->secret_len);
			slaac_cfg.secret_len = c->secret_len;
		} else {
			sha256(c->secret, c->secret_len < sizeof(c->secret) ? c->secret_len :
			       sizeof(c->secret), slaac_cfg.secret);
			slaac_cfg.secret_len = SHA256_DIGEST_LEN;
		}
	}
	h->slaac = slaac_new(&h->link, &slaac_cfg, &slaac_ops, sub_seed(h), h->dstats);
	memset(slaac_cfg.secret, 0, sizeof(slaac_cfg.secret));

	icmp6_err_cfg_defaults(&err_cfg);
	err_cfg.rate = c->err_rate;
	err_cfg.burst = c->err_burst;
	h->err = icmp6_err_new(&h->link, &err_cfg, &err_ops, sub_seed(h), h->dstats);

	reasm_cfg_defaults(&reasm_cfg);
	if (c->reasm_max_datagrams)
		reasm_cfg.max_datagrams = c->reasm_max_datagrams;
	if (c->reasm_timeout)
		reasm_cfg.timeout = c->reasm_timeout;
	h->reasm = reasm_new(&h->link, &reasm_cfg, &reasm_ops, sub_seed(h), h->dstats);

	h->pmtu = pmtu_new(&h->link, NULL, &pmtu_ops, sub_seed(h), h->dstats);
	h->txbuf = malloc(HOST_TXBUF_LEN);
	if (!h->dad || !h->mld || !h->nud || !h->rdisc || !h->slaac || !h->err || !h->reasm ||
	    !h->pmtu || !h->txbuf)
		return -ENOMEM;
	rdisc_attach(h->rdisc, h->nud, h->slaac);
	host_set_retrans(h, c->retrans_timer);
	return 0;
}

struct host *host_create(const struct xdp6_link *link, const struct host_cfg *cfg,
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
	h->now = now;
	h->echo_hop_limit = cfg->echo_hop_limit;
	h->link_mtu = link->mtu;
	addr_table_init(&h->addrs, XDP6_DEFAULT_MAX_ADDRS);
	if (modules_new(h)) {
		host_free(h);
		return NULL;
	}
	/* all-nodes: always listened to (RFC 4291 §2.8), listed by MLD but never reported */
	mld_join(h->mld, now, &ip6_all_nodes);
	return h;
}

/* What a start and an adoption share, once the adopted state is in: the iface map (buckets
 * refilled unless `prev`, the iface map a previous xdp6d left, has the same rates), the NIC
 * filter for ff02::1 and, as a router, ff02::2 (RFC 4291 §2.8), and the link-local (RFC 4862
 * §5.3) unless the host has it already, or router solicitation from :: without one (RFC 4861
 * §6.3.7). */
static int host_begin(struct host *h, xdp6_ns now, const struct xdp6_iface *prev)
{
	struct xdp6_iface v;
	struct in6_addr ll;

	host_iface_cfg(h, &v);
	publish_iface(h, !prev || prev->echo_rate != v.echo_rate ||
			 prev->echo_burst != v.echo_burst || prev->na_rate != v.na_rate ||
			 prev->na_burst != v.na_burst);
	mac_ref(h, &ip6_all_nodes, true);
	if (h->cfg.router)
		mac_ref(h, &ip6_all_routers, true);
	if (h->cfg.link_local) {
		ll_make(h, &ll);
		if (addr_table_find(&h->addrs, &ll))
			return 0;
		return addr_add(h, now, &ll, LL_PREFIX_LEN, XDP6_ORIGIN_LINK_LOCAL, XDP6_NEVER,
				XDP6_NEVER);
	}
	if (!h->has_ll)
		rdisc_start(h->rdisc, now);
	return 0;
}

static int cmp_mac(const void *a, const void *b)
{
	return memcmp(a, b, ETH6_ALEN);
}

/* The NIC filter entries the xdp6d of snapshot `s` made (RFC 2464 §7 MACs of its groups,
 * ff02::1, and ff02::2 when its iface map says router) that this host does not need: out. */
static void drop_prev_macs(struct host *h, const struct host_snapshot *s)
{
	uint8_t (*m)[ETH6_ALEN] = calloc(s->ngroups + 2, ETH6_ALEN);
	size_t n = 0, i;

	if (!m) {
		hlog(h, "Couldn't clear the NIC filter entries of the previous xdp6d: out of "
		     "memory");
		return;
	}
	ip6_mc_mac(&ip6_all_nodes, m[n++]);
	if (s->has_iface && (s->iface.flags & XDP6_IF_ROUTER))
		ip6_mc_mac(&ip6_all_routers, m[n++]);
	for (i = 0; i < s->ngroups; i++)
		ip6_mc_mac(&s->groups[i], m[n++]);
	qsort(m, n, ETH6_ALEN, cmp_mac);
	for (i = 0; i < n; i++)
		if ((!i || memcmp(m[i], m[i - 1], ETH6_ALEN)) && mac_find(h, m[i]) == HINDEX_NONE &&
		    h->ops.mc_filter)
			h->ops.mc_filter(h->ops.ctx, m[i], false);
	free(m);
}

int host_start(struct host *h, xdp6_ns now, const struct host_snapshot *stale)
{
	int err;

	if (h->started)
		return -EALREADY;
	h->started = true;
	h->now = now;
	err = host_begin(h, now, NULL);
	if (stale)
		drop_prev_macs(h, stale);
	return err;
}

static int served_change(struct host *h, uint8_t proto, uint16_t port, bool add, bool tell);

int host_adopt(struct host *h, xdp6_ns now, const struct host_snapshot *s)
{
	unsigned st[XDP6_ADDR_DUPLICATE + 1] = { 0 };
	const struct host_snap_addr *sa;
	char buf[INET6_ADDRSTRLEN];
	size_t i, nserved = 0;
	int err = 0, e;

	if (h->started)
		return -EALREADY;
	h->started = true;
	h->now = now;
	for (i = 0; i < s->nserved; i++) {
		/* in the served map already: nothing to write */
		e = served_change(h, s->served[i].proto, s->served[i].port, true, false);
		if (e && e != -EEXIST) {
			hlog(h, "Couldn't adopt served %u/%u: %s", s->served[i].proto,
			     s->served[i].port, strerror(-e));
			if (h->ops.served_changed)
				h->ops.served_changed(h->ops.ctx, s->served[i].proto,
						      s->served[i].port, false);
			err = err ? err : e;
			continue;
		}
		nserved++;
	}
	for (i = 0; i < s->naddrs; i++) {
		sa = &s->addrs[i];
		e = host_addr_adopt(h, now, &sa->addr, &sa->v);
		if (e) {
			/* the addrs map keeps only what the host has */
			hlog(h, "Couldn't adopt %s/%u: %s", fmt_addr(&sa->addr, buf),
			     sa->v.prefixlen, strerror(-e));
			if (e != -EEXIST && h->ops.addr_unpublish)
				h->ops.addr_unpublish(h->ops.ctx, &sa->addr);
			err = err ? err : e;
			continue;
		}
		st[sa->v.state]++;
		if (sa->v.state == XDP6_ADDR_DUPLICATE)
			hlog(h, "%s is a duplicate address (so before the restart); not serving "
			     "it", fmt_addr(&sa->addr, buf));
	}
	e = host_begin(h, now, s->has_iface ? &s->iface : NULL);
	err = err ? err : e;
	/* groups only the previous xdp6d held (an address removed while it was down) */
	for (i = 0; i < s->ngroups; i++)
		if (!mld_refcount(h->mld, &s->groups[i]) && h->ops.group_leave)
			h->ops.group_leave(h->ops.ctx, &s->groups[i]);
	drop_prev_macs(h, s);
	/* RFC 8201 §4: this host has learned no path MTU; a Packet Too Big comes again if the
	 * path is still narrow (and `pmtu show` tells what XDP uses) */
	for (i = 0; i < s->npmtu; i++)
		if (h->ops.pmtu_changed)
			h->ops.pmtu_changed(h->ops.ctx, &s->pmtu[i], 0, 0);
	hlog(h, "took over %zu address%s (%u preferred, %u deprecated, %u tentative, %u "
	     "duplicate) and %zu served port%s from the pinned maps",
	     s->naddrs, s->naddrs == 1 ? "" : "es", st[XDP6_ADDR_PREFERRED],
	     st[XDP6_ADDR_DEPRECATED], st[XDP6_ADDR_TENTATIVE], st[XDP6_ADDR_DUPLICATE],
	     nserved, nserved == 1 ? "" : "s");
	return err;
}

struct host *host_new(const struct xdp6_link *link, const struct host_cfg *cfg,
		      const struct host_ops *ops, uint64_t seed, xdp6_ns now)
{
	struct host *h = host_create(link, cfg, ops, seed, now);

	if (h && host_start(h, now, NULL)) {
		host_free(h);
		return NULL;
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
	proxy_free(h->proxy);
	free(h->txbuf);
	free(h->macs);
	hindex_free(&h->mac_ix);
	addr_table_free(&h->addrs);
	free(h);
}

int host_set_max_addrs(struct host *h, size_t max)
{
	if (h->addrs.n > max)
		return -EBUSY;
	h->addrs.max = max < ADDR_TABLE_MAX ? max : ADDR_TABLE_MAX;
	return 0;
}

/* ---- received frames ---- */

/* RFC 4443 §4.2: an Echo Request that reached the daemon (reassembled, or too large for the
 * fast path) gets its Echo Reply here: identifier, sequence and data copied, source the
 * address it was sent to (for ff02::1: our link-local), traffic class copied (Linux), hop
 * limit as XDP's, fragmented to the path MTU (RFC 8200 §4.5, RFC 8201). */
static void echo_reply(struct host *h, xdp6_ns now, const struct pkt_info *pi)
{
	const uint8_t *req = pi->frame + pi->l4_off;
	size_t l2 = pi->vlan ? ETH6_HLEN + ETH6_VLAN_HLEN : ETH6_HLEN;
	uint8_t *icmp = h->txbuf + l2 + IP6_HLEN;
	struct pkt_out o = { 0 };
	uint32_t mtu, pmtu;
	int n;

	if (pi->l4_len < ICMP6_ECHO_HLEN ||
	    ip6_l4_csum(&pi->src, &pi->dst, IP6_NH_ICMPV6, req, pi->l4_len)) {
		h->dstats[D_RX_MALFORMED]++;	/* RFC 4443 §2.3: bad checksum, drop */
		return;
	}
	if (ip6_is_multicast(&pi->src) || ip6_is_unspecified(&pi->src)) {
		h->dstats[D_RX_MALFORMED]++;	/* no single node to answer */
		return;
	}
	if (!peer_ok(h, &pi->src))
		return;
	if (!ip6_is_multicast(&pi->dst) && dst_is_ours(h, &pi->dst)) {
		o.src = pi->dst;
	} else if (!memcmp(&pi->dst, &ip6_all_nodes, sizeof(pi->dst)) && h->cfg.echo_mcast &&
		   h->has_ll) {
		o.src = h->ll;
	} else {
		h->dstats[D_RX_UNHANDLED]++;	/* tentative, not ours, or multicast echo off */
		return;
	}
	o.dst = pi->src;
	/* RFC 4861 §7.2.2: a packet we originate goes through the neighbor cache, which starts
	 * resolution (multicast NS) for an unknown destination. Meanwhile the reply goes back to the
	 * neighbor that delivered the request, as the fast path's replies do. */
	if (nud_lookup(h->nud, now, &o.dst, o.dmac))
		memcpy(o.dmac, pi->smac, ETH6_ALEN);
	memcpy(o.smac, h->link.mac, ETH6_ALEN);
	o.hop_limit = h->echo_hop_limit ? h->echo_hop_limit : ICMP6_ECHO_HOP_LIMIT_DEFAULT;
	o.tclass = pi->tclass;
	memcpy(icmp, req, pi->l4_len);
	icmp[0] = ICMP6_TYPE_ECHO_REPLY;
	icmp[1] = 0;
	n = pkt_build_icmp6(h->txbuf + l2 - ETH6_HLEN, HOST_TXBUF_LEN - (l2 - ETH6_HLEN), &o, icmp,
			    pi->l4_len);
	if (n < 0) {
		h->dstats[D_TX_TOO_BIG]++;
		return;
	}
	if (pi->vlan) {
		/* same 802.1Q/802.1ad tag as the request */
		memmove(h->txbuf, h->txbuf + ETH6_VLAN_HLEN, 2 * ETH6_ALEN);
		memcpy(h->txbuf + 2 * ETH6_ALEN, pi->frame + 2 * ETH6_ALEN, ETH6_VLAN_HLEN);
		n += ETH6_VLAN_HLEN;
	}
	mtu = h->link_mtu ? h->link_mtu : IP6_MIN_MTU;
	pmtu = pmtu_get(h->pmtu, now, &o.dst);
	if (pmtu && pmtu < mtu)
		mtu = pmtu;
	reasm_send(h->reasm, h->txbuf, (size_t)n, mtu);
}

/* RFC 4862 §5.4.4: a valid NA whose target is one of our addresses in use (DAD is over: a
 * tentative one is DAD's, dad_input() took it) means another node uses it, or believes so.
 * "SHOULD log a system management error": logged (rate limited, HOST_LOG_SLOTS) and counted;
 * it changes nothing, and does not go to the neighbor cache (Linux ndisc_recv_na: "advertised
 * our address", then nothing). Returns true when the NA was that. */
static bool na_claims_ours(struct host *h, xdp6_ns now, const struct pkt_info *pi)
{
	char buf[INET6_ADDRSTRLEN], src[INET6_ADDRSTRLEN];
	const struct addr_entry *e;
	const uint8_t *m;
	struct in6_addr t;

	if (pi->l4_len < sizeof(struct nd6_ns))
		return false;
	memcpy(&t, pi->frame + pi->l4_off + offsetof(struct nd6_ns, target), sizeof(t));
	e = addr_table_find(&h->addrs, &t);
	if (!e || !answerable(e->state))
		return false;
	/* RFC 4861 §7.1.2: only a valid NA counts (nud counts the invalid ones) */
	if (nd_msg_check(pi, ICMP6_TYPE_NEIGHBOR_ADVERT, ND6_NA_MIN_LEN, sizeof(struct nd6_ns)))
		return false;
	h->dstats[D_NA_CLAIMS_OURS]++;
	if (!hlog_allowed(h, now, &t, HOST_LOG_NA_CLAIM))
		return true;
	m = pi->smac;
	if (m)
		hlog(h, "NA from %s (%02x:%02x:%02x:%02x:%02x:%02x) claims our address %s: "
		     "another node may be using it (RFC 4862 §5.4.4)", fmt_addr(&pi->src, src),
		     m[0], m[1], m[2], m[3], m[4], m[5], fmt_addr(&t, buf));
	else
		hlog(h, "NA from %s claims our address %s: another node may be using it "
		     "(RFC 4862 §5.4.4)", fmt_addr(&pi->src, src), fmt_addr(&t, buf));
	return true;
}

/* RFC 4861 §7.2.3: nud learns from an NS only when its target is ours and not tentative. */
static bool ns_target_ours(const struct host *h, const struct pkt_info *pi)
{
	const struct addr_entry *e;
	struct in6_addr t;

	if (pi->l4_len < sizeof(struct nd6_ns))
		return false;
	memcpy(&t, pi->frame + pi->l4_off + offsetof(struct nd6_ns, target), sizeof(t));
	e = addr_table_find(&h->addrs, &t);
	return e && e->state != XDP6_ADDR_TENTATIVE;
}

static void icmp6_input(struct host *h, xdp6_ns now, const struct pkt_info *pi)
{
	uint8_t type = pi->frame[pi->l4_off];
	int rc;

	if (ICMP6_TYPE_IS_ERROR(type)) {
		/* RFC 4443 §2.4(d), §3: counted by type/code; PTB -> pmtu_update */
		icmp6_err_input(h->err, now, pi);
		return;
	}
	switch (type) {
	case ICMP6_TYPE_ECHO_REQUEST:
		echo_reply(h, now, pi);
		return;
	case MLD6_TYPE_QUERY:
	case MLD6_TYPE_V1_REPORT:
	case MLD6_TYPE_V1_DONE:
	case MLD6_TYPE_V2_REPORT:
		mld_input(h->mld, now, pi);	/* RFC 3810 §6, §7; RFC 2710 §4 */
		return;
	case ICMP6_TYPE_ROUTER_ADVERT:
		rdisc_input(h->rdisc, now, pi);	/* RFC 4861 §6.3.4 */
		return;
	case ICMP6_TYPE_NEIGHBOR_SOLICIT:
	case ICMP6_TYPE_NEIGHBOR_ADVERT:
		/* RFC 4862 §5.4.3/§5.4.4 first: about a tentative address, DAD decides alone */
		rc = dad_input(h->dad, now, pi);
		if (rc)
			return;
		if (type == ICMP6_TYPE_NEIGHBOR_SOLICIT && !ns_target_ours(h, pi)) {
			h->dstats[D_RX_UNHANDLED]++;
			return;
		}
		if (type == ICMP6_TYPE_NEIGHBOR_ADVERT && na_claims_ours(h, now, pi))
			return;
		nud_input(h->nud, now, pi);	/* RFC 4861 §7.2.3, §7.2.5 */
		return;
	default:
		/* Router Solicitations are for routers (RFC 4861 §6.2.6), Redirects, Echo
		 * Replies and unknown informational messages (RFC 4443 §2.4(b)) are not ours */
		h->dstats[D_RX_UNHANDLED]++;
		return;
	}
}

/* Every frame, as XDP handed it over or as reassembly put it together (then `reassembled`:
 * it does not go back into reassembly and was counted in D_RX already). */
static void host_frame(struct host *h, xdp6_ns now, const uint8_t *frame, size_t len,
		       bool reassembled)
{
	struct icmp6_err_what what;
	struct pkt_info pi;

	if (pkt_parse(frame, len, &pi)) {
		/* RFC 4443 §3.4: tell the sender which header field is wrong, if it was ours */
		if (icmp6_err_check_header(frame, len, &pi, &what) == ICMP6_ERR_REPLY &&
		    pi.ip6_off)
			send_error(h, now, &pi, what.type, what.code, what.param);
		h->dstats[D_RX_MALFORMED]++;
		return;
	}
	if (dst_is_ours(h, &pi.dst)) {
		/* RFC 8200 §4.2-§4.4: extension headers of packets for us */
		switch (icmp6_err_check_options(&pi, &what)) {
		case ICMP6_ERR_ACCEPT:
			break;
		case ICMP6_ERR_REPLY:
			send_error(h, now, &pi, what.type, what.code, what.param);
			/* fall through */
		case ICMP6_ERR_DISCARD:
			h->dstats[D_RX_MALFORMED]++;
			return;
		}
	}
	if (pi.has_frag) {
		/* RFC 8200 §4.5: reassemble what is ours; a reassembled packet holding another
		 * Fragment header is dropped (reasm's choice, checked here again) */
		if (reassembled)
			h->dstats[D_RX_MALFORMED]++;
		else if (dst_is_ours(h, &pi.dst))
			reasm_input(h->reasm, now, &pi);
		else
			h->dstats[D_RX_UNHANDLED]++;
		return;
	}
	if (pi.l4_proto == IP6_NH_ICMPV6) {
		if (pi.l4_len < ICMP6_HLEN) {
			h->dstats[D_RX_MALFORMED]++;
			return;
		}
		icmp6_input(h, now, &pi);
		return;
	}
	/* Upper layers nothing here serves: RFC 4443 §3.1 Port Unreachable, RFC 8200 §4 Parameter
	 * Problem for an unknown Next Header, with --unserved reject. */
	if (h->cfg.unserved_reject && dst_is_ours(h, &pi.dst) &&
	    icmp6_err_for_unserved(&pi, is_served, h, &what) == ICMP6_ERR_REPLY) {
		send_error(h, now, &pi, what.type, what.code, what.param);
		return;
	}
	h->dstats[D_RX_UNHANDLED]++;
}

/* What a NIC's frame must be before anything in it is believed (the fast path checks the same,
 * but nothing here relies on it): for us, by a group MAC or ours (Linux ip6_rcv_core drops
 * PACKET_OTHERHOST), and from a station (IEEE 802: a source MAC is never a group address nor
 * all zeros), since replies and errors go back to that MAC. */
static bool frame_for_us(struct host *h, const uint8_t *frame, size_t len)
{
	if (len < ETH6_HLEN)
		return true;		/* pkt_parse counts it malformed */
	if (!(frame[0] & ETH6_GROUP_BIT) && memcmp(frame, h->link.mac, ETH6_ALEN)) {
		h->dstats[D_RX_OTHER_HOST]++;
		return false;
	}
	if (!eth_is_station(frame + ETH6_ALEN)) {
		h->dstats[D_RX_BAD_SRC_MAC]++;
		return false;
	}
	return true;
}

void host_input(struct host *h, xdp6_ns now, const uint8_t *frame, size_t len)
{
	h->now = now;
	h->dstats[D_RX]++;
	if (!frame_for_us(h, frame, len))
		return;
	host_frame(h, now, frame, len, false);
}

void host_timeout(struct host *h, xdp6_ns now)
{
	int pass;

	h->now = now;
	/* A module's timeout may schedule another at `now` (DAD done -> link-local preferred ->
	 * MLD re-announces, RS scheduled): a few rounds catch up. */
	for (pass = 0; pass < HOST_TIMEOUT_PASSES && host_next_deadline(h) <= now; pass++) {
		if (dad_next_deadline(h->dad) <= now)
			dad_timeout(h->dad, now);
		if (mld_next_deadline(h->mld) <= now)
			mld_timeout(h->mld, now);
		if (nud_next_deadline(h->nud) <= now)
			nud_timeout(h->nud, now);
		if (rdisc_next_deadline(h->rdisc) <= now)
			rdisc_timeout(h->rdisc, now);
		if (slaac_next_deadline(h->slaac) <= now)
			slaac_timeout(h->slaac, now);
		if (icmp6_err_next_deadline(h->err) <= now)
			icmp6_err_timeout(h->err, now);
		if (reasm_next_deadline(h->reasm) <= now)
			reasm_timeout(h->reasm, now);
		if (pmtu_next_deadline(h->pmtu) <= now)
			pmtu_timeout(h->pmtu, now);
	}
}

static xdp6_ns ns_min(xdp6_ns a, xdp6_ns b)
{
	return a < b ? a : b;
}

xdp6_ns host_next_deadline(const struct host *h)
{
	xdp6_ns t = dad_next_deadline(h->dad);

	t = ns_min(t, mld_next_deadline(h->mld));
	t = ns_min(t, nud_next_deadline(h->nud));
	t = ns_min(t, rdisc_next_deadline(h->rdisc));
	t = ns_min(t, slaac_next_deadline(h->slaac));
	t = ns_min(t, icmp6_err_next_deadline(h->err));
	t = ns_min(t, reasm_next_deadline(h->reasm));
	t = ns_min(t, pmtu_next_deadline(h->pmtu));
	return t;
}

/* ---- listings ---- */

size_t host_addrs(const struct host *h, struct host_addr_info *out, size_t max)
{
	const struct addr_entry *e;
	size_t i = 0, n = 0;

	if (!out || !max)
		return h->addrs.n;	/* a count (xdp6ctl status): no walk */
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

int host_neigh_learn(struct host *h, xdp6_ns now, const struct in6_addr *a,
		     const uint8_t mac[ETH6_ALEN])
{
	/* §7.2.3: the fast path answered this node's NS; IsRouter is left as it is */
	return nud_learn(h->nud, now, a, mac, -1);
}

size_t host_neighbors(const struct host *h, xdp6_ns now, struct nud_info *out, size_t max)
{
	return nud_list(h->nud, now, out, max);
}

void host_stop(struct host *h, xdp6_ns now)
{
	struct mld_group_info *g;
	size_t n, i;
	unsigned k;

	/* RFC 3810 §6.1 (RFC 2710 §4 in v1 mode): a node that stops listening says so, once
	 * (there is no later to repeat it in); the state-change reports are due at `now`. */
	n = mld_groups(h->mld, NULL, 0);
	g = n ? calloc(n, sizeof(*g)) : NULL;
	if (g) {
		n = mld_groups(h->mld, g, n);
		for (i = 0; i < n; i++)
			for (k = 0; k < g[i].refcount; k++)
				mld_leave(h->mld, now, &g[i].group);
		free(g);
		mld_timeout(h->mld, now);
	}
	/* nothing of ours is listened to any more: the NIC filter goes back as it was */
	for (i = 0; i < h->nmacs; i++)
		if (h->ops.mc_filter)
			h->ops.mc_filter(h->ops.ctx, h->macs[i].mac, false);
	h->nmacs = 0;
	hindex_free(&h->mac_ix);
	free(h->macs);
	h->macs = NULL;
	h->macs_cap = 0;
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

int host_serve(struct host *h, uint8_t proto, uint16_t port, bool add)
{
	return served_change(h, proto, port, add, true);
}

/* tell: the served map must hear of it (not when adopting what it holds). */
static int served_change(struct host *h, uint8_t proto, uint16_t port, bool add, bool tell)
{
	struct xdp6_served_key *k = NULL;
	size_t i;

	for (i = 0; i < h->n_served; i++)
		if (h->served[i].proto == proto && h->served[i].port == port)
			k = &h->served[i];
	if (add) {
		if (k)
			return -EEXIST;
		if (h->n_served >= XDP6_SERVED_MAX)
			return -ENOSPC;
		if (!h->served) {
			h->served = calloc(XDP6_SERVED_MAX, sizeof(*h->served));
			if (!h->served)
				return -ENOMEM;
		}
		h->served[h->n_served++] = (struct xdp6_served_key){ .proto = proto, .port = port };
	} else {
		if (!k)
			return -ENOENT;
		*k = h->served[--h->n_served];
	}
	if (tell && h->ops.served_changed)
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

/* The fast path's view of --src-rate (ratelimit.bpf.h, src_take): a GCRA interval rounded up
 * (never more than PPS replies a second), the burst as a tolerance of BURST - 1 intervals, and
 * the key mask of src_key_len leading ones. rate 0: all zero, the check is off. */
void host_src_rate_cfg(const struct host_cfg *cfg, struct xdp6_iface *out)
{
	unsigned bits = cfg->src_key_len ? cfg->src_key_len : 64, i;
	uint32_t burst = cfg->src_burst ? cfg->src_burst : 1;

	out->src_interval_ns = 0;
	out->src_burst_ns = 0;
	memset(out->src_mask, 0, sizeof(out->src_mask));
	if (!cfg->src_rate)
		return;
	if (bits > 128)
		bits = 128;
	out->src_interval_ns = (XDP6_NS_PER_SEC + cfg->src_rate - 1) / cfg->src_rate;
	out->src_burst_ns = (uint64_t)(burst - 1) * out->src_interval_ns;
	for (i = 0; i < bits / 8; i++)
		out->src_mask[i] = 0xff;
	if (bits % 8)
		out->src_mask[i] = (uint8_t)(0xff00 >> (bits % 8));
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
	out->echo_hop_limit = h->echo_hop_limit;
	out->echo_rate = h->cfg.echo_rate;
	out->echo_burst = h->cfg.echo_burst;
	out->na_rate = h->cfg.na_rate;
	out->na_burst = h->cfg.na_burst;
	host_src_rate_cfg(&h->cfg, out);
}

const uint64_t *host_dstats(const struct host *h)
{
	return h->dstats;
}

void host_reasm_usage(const struct host *h, struct reasm_usage *out)
{
	reasm_usage(h->reasm, out);
}

/* The proxy table, made at the first use. */
static int proxy_table_get(struct host *h)
{
	if (h->proxy)
		return 0;
	h->proxy = proxy_new(PROXY_MAX);
	if (!h->proxy)
		return -ENOMEM;
	/* the table tells each trie key it adds or removes (proxy.h: --auto publishes
	 * intersections, not the prefix) */
	proxy_set_out(h->proxy, h->link.ifindex, h->ops.proxy_changed, h->ops.ctx);
	return 0;
}

int host_proxy(struct host *h, const struct in6_addr *prefix, uint8_t plen, uint8_t mode,
	       bool add)
{
	int err;

	if (!h->proxy && !add)
		return proxy_check(prefix, plen) ?: -ENOENT;
	err = proxy_table_get(h);
	if (!err)
		err = proxy_change(h->proxy, prefix, plen, mode, add);
	if (!err && h->ops.proxy_configured)
		h->ops.proxy_configured(h->ops.ctx, prefix, plen, mode, add);
	return err;
}

size_t host_proxies(const struct host *h, struct proxy_entry *out, size_t max)
{
	return h->proxy ? proxy_list(h->proxy, out, max) : 0;
}

/* One statement per field of HOST_CFG_FIELDS (host.h), by its kind: the run-time fields are
 * copied; the fixed ones compared byte by byte (a field has no padding inside; the struct's
 * padding between fields is not looked at). */
#define CFG_COPY_RUNTIME(name)	dst->name = src->name;
#define CFG_COPY_FIXED(name)
#define CFG_COPY(kind, type, name, dims)	CFG_COPY_##kind(name)
#define CFG_DIFF_RUNTIME(name)
#define CFG_DIFF_FIXED(name)	if (memcmp(&a->name, &b->name, sizeof(a->name))) return false;
#define CFG_DIFF(kind, type, name, dims)	CFG_DIFF_##kind(name)

void host_cfg_runtime(struct host_cfg *dst, const struct host_cfg *src)
{
	HOST_CFG_FIELDS(CFG_COPY)
}

/* Whether a and b agree on every field host_set_cfg() may not change. */
static bool cfg_fixed_equal(const struct host_cfg *a, const struct host_cfg *b)
{
	HOST_CFG_FIELDS(CFG_DIFF)
	return true;
}

int host_set_cfg(struct host *h, xdp6_ns now, const struct host_cfg *cfg)
{
	struct host_cfg old = h->cfg;
	struct xdp6_iface before, after;
	bool refill;

	if (!cfg_fixed_equal(&h->cfg, cfg))
		return -EINVAL;
	h->now = now;
	host_iface_cfg(h, &before);
	host_cfg_runtime(&h->cfg, cfg);
	/* a router's CurHopLimit outranks the configured one until the next RA changes it */
	if (h->echo_hop_limit == old.echo_hop_limit)
		h->echo_hop_limit = cfg->echo_hop_limit;
	if (old.err_rate != cfg->err_rate || old.err_burst != cfg->err_burst)
		icmp6_err_set_rate(h->err, cfg->err_rate, cfg->err_burst);
	/* RFC 4291 2.8: a router listens to ff02::2 (the NIC filter; XDP knows the group) */
	if (h->started && old.router != cfg->router)
		mac_ref(h, &ip6_all_routers, cfg->router);
	if (!h->started)
		return 0;
	host_iface_cfg(h, &after);
	refill = before.echo_rate != after.echo_rate || before.echo_burst != after.echo_burst ||
		 before.na_rate != after.na_rate || before.na_burst != after.na_burst;
	if (refill || memcmp(&before, &after, sizeof(after)))
		publish_iface(h, refill);
	return 0;
}

int host_proxy_route(struct host *h, bool present, const struct proxy_route *r)
{
	return h->proxy ? proxy_route(h->proxy, present, r) : 0;
}

void host_proxy_routes_sync(struct host *h, bool begin)
{
	if (!h->proxy)
		return;
	if (begin)
		proxy_routes_begin(h->proxy);
	else
		proxy_routes_end(h->proxy);
}

size_t host_proxy_published(const struct host *h, struct proxy_entry *out, size_t max)
{
	return h->proxy ? proxy_published(h->proxy, out, max) : 0;
}

bool host_proxy_auto(const struct host *h)
{
	return h->proxy && proxy_has_auto(h->proxy);
}

int host_proxy_reconcile(struct host *h, const struct proxy_entry *pinned, size_t n)
{
	int err = n ? proxy_table_get(h) : 0;

	if (!err && n)
		proxy_reconcile(h->proxy, pinned, n);
	return err;
}
