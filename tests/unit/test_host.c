// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Unit tests of user/proto/host.c and addr.c: the address table (RFC 4291 §2.5, §2.7 refusals),
 * link-local generation (RFC 4862 §5.3, RFC 4291 App. A, RFC 7217), solicited-node groups
 * (RFC 4291 §2.7.1), what the host publishes, and the wiring of the protocol modules: DAD
 * (RFC 4862 §5.4), MLD (RFC 3810), router discovery and SLAAC (RFC 4861 §6.3, RFC 4862 §5.5),
 * reassembly, echo and fragmentation (RFC 8200 §4.5, RFC 4443 §4), errors and PMTU (RFC 4443
 * §3, RFC 8201), restart adoption; with a fake clock, captured callbacks and captured frames
 * whose checksums the test recomputes with its own routine. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "testutil.h"
#include "host.h"
#include "proxy.h"
#include "addr.h"

#define MAX_EV 256
#define MAX_TX 64

enum ev_kind { EV_PUBLISH, EV_UNPUBLISH, EV_JOIN, EV_LEAVE, EV_IFACE };

struct ev {
	enum ev_kind kind;
	struct in6_addr a;
	struct xdp6_addr_val v;
	xdp6_ns at;
};

struct txf {
	uint8_t *b;
	size_t len;
	xdp6_ns at;
	int nev;		/* events captured before this frame went out */
};

struct cap {
	struct ev ev[MAX_EV];
	int n;
	struct txf tx[MAX_TX];
	int ntx;
	xdp6_ns now;		/* fake clock: stamps events and frames */
};

static void cap_push(struct cap *c, enum ev_kind k, const struct in6_addr *a,
		     const struct xdp6_addr_val *v)
{
	if (c->n >= MAX_EV)
		return;
	c->ev[c->n].kind = k;
	memset(&c->ev[c->n].a, 0, sizeof(c->ev[c->n].a));
	memset(&c->ev[c->n].v, 0, sizeof(c->ev[c->n].v));
	if (a)
		c->ev[c->n].a = *a;
	if (v)
		c->ev[c->n].v = *v;
	c->ev[c->n].at = c->now;
	c->n++;
}

static void on_tx(void *ctx, const uint8_t *frame, size_t len)
{
	struct cap *c = ctx;

	if (c->ntx >= MAX_TX)
		return;
	c->tx[c->ntx].b = malloc(len);
	if (!c->tx[c->ntx].b)
		return;
	memcpy(c->tx[c->ntx].b, frame, len);
	c->tx[c->ntx].len = len;
	c->tx[c->ntx].at = c->now;
	c->tx[c->ntx].nev = c->n;
	c->ntx++;
}

static void tx_clear(struct cap *c)
{
	int i;

	for (i = 0; i < c->ntx; i++)
		free(c->tx[i].b);
	c->ntx = 0;
}

static void on_publish(void *ctx, const struct in6_addr *a, const struct xdp6_addr_val *v)
{
	cap_push(ctx, EV_PUBLISH, a, v);
}

static void on_unpublish(void *ctx, const struct in6_addr *a)
{
	cap_push(ctx, EV_UNPUBLISH, a, NULL);
}

static void on_join(void *ctx, const struct in6_addr *g)
{
	cap_push(ctx, EV_JOIN, g, NULL);
}

static void on_leave(void *ctx, const struct in6_addr *g)
{
	cap_push(ctx, EV_LEAVE, g, NULL);
}

static void on_iface(void *ctx, const struct xdp6_iface *v, bool refill_tokens)
{
	cap_push(ctx, EV_IFACE, NULL, NULL);
}

/* How many events of kind k (for address a, if given) were captured. */
static int count(const struct cap *c, enum ev_kind k, const struct in6_addr *a)
{
	int i, n = 0;

	for (i = 0; i < c->n; i++)
		n += c->ev[i].kind == k && (!a || !memcmp(&c->ev[i].a, a, sizeof(*a)));
	return n;
}

/* Index of the first event of kind k for a, or -1. */
static int first(const struct cap *c, enum ev_kind k, const struct in6_addr *a)
{
	int i;

	for (i = 0; i < c->n; i++)
		if (c->ev[i].kind == k && !memcmp(&c->ev[i].a, a, sizeof(*a)))
			return i;
	return -1;
}

/* The last publish of a, or NULL. */
static const struct xdp6_addr_val *last_pub(const struct cap *c, const struct in6_addr *a)
{
	int i;

	for (i = c->n - 1; i >= 0; i--)
		if (c->ev[i].kind == EV_PUBLISH && !memcmp(&c->ev[i].a, a, sizeof(*a)))
			return &c->ev[i].v;
	return NULL;
}

/* include/xdp6_maps.h "groups": at every point of the captured events, each published address
 * has its solicited-node group joined (joined before the address enters addrs, left only
 * after it has gone). The fast path skips the groups lookup for an NS to its own target's
 * group on that promise (bpf/ns.bpf.h ns_to_own_solnode). Returns the index of the first event
 * that breaks it, or -1. */
static int solnode_invariant_broken(const struct cap *c)
{
	struct in6_addr pub[MAX_EV], grp[MAX_EV], g;
	int npub = 0, ngrp = 0, i, j, k;

	for (i = 0; i < c->n; i++) {
		const struct ev *e = &c->ev[i];

		switch (e->kind) {
		case EV_PUBLISH:
			for (j = 0; j < npub && memcmp(&pub[j], &e->a, 16); j++)
				;
			if (j == npub)
				pub[npub++] = e->a;
			break;
		case EV_UNPUBLISH:
			for (j = 0; j < npub; j++)
				if (!memcmp(&pub[j], &e->a, 16))
					pub[j] = pub[--npub];
			break;
		case EV_JOIN:
			grp[ngrp++] = e->a;
			break;
		case EV_LEAVE:
			for (j = 0; j < ngrp; j++)
				if (!memcmp(&grp[j], &e->a, 16)) {
					grp[j] = grp[--ngrp];
					break;
				}
			break;
		default:
			break;
		}
		for (j = 0; j < npub; j++) {
			ip6_solnode(&pub[j], &g);
			for (k = 0; k < ngrp && memcmp(&grp[k], &g, 16); k++)
				;
			if (k == ngrp)
				return i;
		}
	}
	return -1;
}

static const struct xdp6_link link1 = {
	.ifindex = 7, .ifname = "x6d0", .mac = { 0x02, 0, 0, 0, 0, 0x01 }, .mtu = 1500,
};
static const xdp6_ns T0 = 1000 * XDP6_NS_PER_SEC;	/* fake clock */

static struct host *mk_cfg(struct cap *c, const struct host_cfg *cfg)
{
	struct host_ops ops = {
		.tx = { .fn = on_tx, .ctx = c },
		.addr_publish = on_publish, .addr_unpublish = on_unpublish,
		.group_join = on_join, .group_leave = on_leave, .iface_changed = on_iface,
		.ctx = c,
	};

	memset(c, 0, sizeof(*c));
	c->now = T0;
	return host_new(&link1, cfg, &ops, 1, T0);
}

/* Defaults, except: link-local and DAD as asked, no router discovery (nothing scheduled that
 * the test did not ask for). */
static struct host *mk(struct cap *c, bool link_local, bool dad)
{
	struct host_cfg cfg;

	host_cfg_defaults(&cfg);
	cfg.link_local = link_local;
	cfg.dad = dad;
	cfg.accept_ra = false;
	return mk_cfg(c, &cfg);
}

/* Looks a up in host_addrs(); returns 1 and fills *out when listed. */
static int listed(const struct host *h, const struct in6_addr *a, struct host_addr_info *out)
{
	struct host_addr_info all[16];
	size_t n = host_addrs(h, all, 16), i;

	for (i = 0; i < n && i < 16; i++)
		if (!memcmp(&all[i].addr, a, sizeof(*a))) {
			*out = all[i];
			return 1;
		}
	return 0;
}

static void test_add_no_dad_publishes_preferred(void)
{
	struct in6_addr a = A("2001:db8::1");
	struct host_addr_info ai;
	const struct xdp6_addr_val *v;
	struct cap c;
	struct host *h = mk(&c, false, false);

	CASE_BEGIN("add_without_dad_publishes_preferred_static_with_prefixlen");
	CHECK(h, "host_new failed");
	CHECK(host_addr_add(h, T0, &a, 64, XDP6_ORIGIN_STATIC) == 0, "add failed");
	v = last_pub(&c, &a);
	CHECK(v, "not published");
	CHECK(v && v->state == XDP6_ADDR_PREFERRED, "published state %d", v ? (int)v->state : -1);
	CHECK(v && v->origin == XDP6_ORIGIN_STATIC && v->prefixlen == 64, "origin/prefixlen");
	CHECK(count(&c, EV_PUBLISH, &a) == 1, "published %d times", count(&c, EV_PUBLISH, &a));
	CHECK(listed(h, &a, &ai) && ai.state == XDP6_ADDR_PREFERRED, "not listed preferred");
	CHECK(ai.valid_until == XDP6_NEVER && ai.preferred_until == XDP6_NEVER, "lifetimes");
	CHECK(host_addrs(h, NULL, 0) == 1, "count %zu", host_addrs(h, NULL, 0));
	CASE_END();
	host_free(h);
}

static void test_dad_publishes_tentative_first(void)
{
	struct in6_addr a = A("2001:db8::1"), g = A("ff02::1:ff00:1");
	struct cap c;
	struct host *h = mk(&c, false, true);
	int p, j;

	CASE_BEGIN("add_with_dad_joins_group_then_publishes_tentative_first");
	CHECK(host_addr_add(h, T0, &a, 64, XDP6_ORIGIN_STATIC) == 0, "add failed");
	p = first(&c, EV_PUBLISH, &a);
	j = first(&c, EV_JOIN, &g);
	CHECK(p >= 0 && c.ev[p].v.state == XDP6_ADDR_TENTATIVE, "first publish not tentative");
	CHECK(j >= 0 && j < p, "group not joined before publishing (RFC 4862 5.4.2)");
	CASE_END();
	host_free(h);
}

static void test_link_local(void)
{
	struct in6_addr ll = A("fe80::ff:fe00:1"), sn = A("ff02::1:ff00:1");
	struct host_addr_info ai;
	const struct xdp6_addr_val *v;
	struct xdp6_iface ifc;
	struct cap c;
	struct host *h = mk(&c, true, false);

	/* each case makes its own host: none depends on another having run */
	CASE_BEGIN("link_local_from_mac_02_00_00_00_00_01_is_fe80__ff_fe00_1_preferred");
	CHECK(h, "host_new failed");
	v = last_pub(&c, &ll);
	CHECK(v && v->state == XDP6_ADDR_PREFERRED, "fe80::ff:fe00:1 not published preferred");
	CHECK(v && v->origin == XDP6_ORIGIN_LINK_LOCAL && v->prefixlen == 64, "origin/prefixlen");
	CHECK(listed(h, &ll, &ai) && ai.origin == XDP6_ORIGIN_LINK_LOCAL, "not listed");
	CHECK(host_addrs(h, NULL, 0) == 1, "%zu addresses", host_addrs(h, NULL, 0));
	CHECK(count(&c, EV_JOIN, &sn) == 1, "ff02::1:ff00:1 not joined");
	CASE_END();
	host_free(h);

	CASE_BEGIN("iface_cfg_has_link_local_mac_and_flags");
	h = mk(&c, true, false);
	host_iface_cfg(h, &ifc);
	CHECK(ifc.flags & XDP6_IF_HAS_LL, "HAS_LL not set");
	CHECK(!memcmp(ifc.ll_addr, &ll, 16), "ll_addr is not fe80::ff:fe00:1");
	CHECK(!memcmp(ifc.mac, link1.mac, 6), "mac");
	CHECK(ifc.ifindex == 7, "ifindex %u", ifc.ifindex);
	CHECK(ifc.flags & XDP6_IF_ECHO_MCAST, "echo multicast default off");
	CHECK(!(ifc.flags & XDP6_IF_ROUTER), "router set by default");
	CHECK(ifc.echo_hop_limit == ICMP6_ECHO_HOP_LIMIT_DEFAULT, "hop limit %u",
	      ifc.echo_hop_limit);
	CHECK(count(&c, EV_IFACE, NULL) >= 1, "iface_changed not called for the new link-local");
	CASE_END();
	host_free(h);

	CASE_BEGIN("deleting_link_local_clears_iface_ll_and_notifies");
	h = mk(&c, true, false);
	c.n = 0;		/* the events of host_new */
	CHECK(host_addr_del(h, T0, &ll) == 0, "del failed");
	host_iface_cfg(h, &ifc);
	CHECK(!(ifc.flags & XDP6_IF_HAS_LL), "HAS_LL still set");
	CHECK(count(&c, EV_IFACE, NULL) == 1, "iface_changed %d times", count(&c, EV_IFACE, NULL));
	CASE_END();
	host_free(h);

	CASE_BEGIN("no_link_local_cfg_generates_none_and_iface_has_no_ll");
	h = mk(&c, false, false);
	host_iface_cfg(h, &ifc);
	CHECK(host_addrs(h, NULL, 0) == 0, "%zu addresses", host_addrs(h, NULL, 0));
	CHECK(!(ifc.flags & XDP6_IF_HAS_LL), "HAS_LL set");
	/* the start's write of the iface map, nothing else */
	CHECK(c.n == 1 && c.ev[0].kind == EV_IFACE, "%d callbacks", c.n);
	CASE_END();
	host_free(h);
}

static void test_iface_cfg_options(void)
{
	struct host_ops ops = { 0 };
	struct host_cfg cfg;
	struct xdp6_iface ifc;
	struct host *h;

	CASE_BEGIN("iface_cfg_carries_router_hop_limit_rates_and_echo_mcast_off");
	host_cfg_defaults(&cfg);
	cfg.router = true;
	cfg.echo_mcast = false;
	cfg.echo_hop_limit = 17;
	cfg.echo_rate = 100;
	cfg.echo_burst = 5;
	cfg.na_rate = 200;
	cfg.na_burst = 7;
	h = host_new(&link1, &cfg, &ops, 1, T0);
	host_iface_cfg(h, &ifc);
	CHECK(ifc.flags & XDP6_IF_ROUTER, "router flag");
	CHECK(!(ifc.flags & XDP6_IF_ECHO_MCAST), "echo multicast flag");
	CHECK(ifc.echo_hop_limit == 17, "hop limit %u", ifc.echo_hop_limit);
	CHECK(ifc.echo_rate == 100 && ifc.echo_burst == 5, "echo rate");
	CHECK(ifc.na_rate == 200 && ifc.na_burst == 7, "na rate");
	CASE_END();
	host_free(h);
}

static void test_groups_and_del(void)
{
	struct in6_addr a = A("2001:db8::1"), b = A("2001:db8:1::1"), g = A("ff02::1:ff00:1");
	struct in6_addr d = A("2001:db8::2:3"), gd = A("ff02::1:ff02:3");
	struct host_addr_info ai;
	struct cap c;
	struct host *h = mk(&c, false, false);

	CASE_BEGIN("add_joins_solicited_node_group_del_leaves_it");
	CHECK(host_addr_add(h, T0, &d, 64, XDP6_ORIGIN_STATIC) == 0, "add failed");
	CHECK(count(&c, EV_JOIN, &gd) == 1, "joined %d times", count(&c, EV_JOIN, &gd));
	CHECK(host_addr_del(h, T0, &d) == 0, "del failed");
	CHECK(count(&c, EV_LEAVE, &gd) == 1, "left %d times", count(&c, EV_LEAVE, &gd));
	CASE_END();
	host_free(h);

	CASE_BEGIN("shared_solicited_node_group_joined_once_left_with_last_address");
	h = mk(&c, false, false);
	CHECK(host_addr_add(h, T0, &a, 64, XDP6_ORIGIN_STATIC) == 0, "add a");
	CHECK(host_addr_add(h, T0, &b, 48, XDP6_ORIGIN_STATIC) == 0, "add b");
	CHECK(count(&c, EV_JOIN, &g) == 1, "joined %d times", count(&c, EV_JOIN, &g));
	CHECK(host_addr_del(h, T0, &a) == 0, "del a");
	CHECK(count(&c, EV_LEAVE, &g) == 0, "left while b still uses it");
	CHECK(host_addr_del(h, T0, &b) == 0, "del b");
	CHECK(count(&c, EV_LEAVE, &g) == 1, "left %d times", count(&c, EV_LEAVE, &g));
	CASE_END();
	host_free(h);

	CASE_BEGIN("del_unpublishes_first_and_unlists");
	h = mk(&c, false, false);
	CHECK(host_addr_add(h, T0, &a, 64, XDP6_ORIGIN_STATIC) == 0, "add a");
	c.n = 0;
	CHECK(host_addr_del(h, T0, &a) == 0, "del a");
	CHECK(c.n > 0 && c.ev[0].kind == EV_UNPUBLISH && !memcmp(&c.ev[0].a, &a, 16),
	      "first callback is not the unpublish of a");
	CHECK(count(&c, EV_UNPUBLISH, &a) == 1, "unpublished %d times",
	      count(&c, EV_UNPUBLISH, &a));
	CHECK(!listed(h, &a, &ai), "still listed");
	CHECK(host_addr_del(h, T0, &a) == -ENOENT, "second del not -ENOENT");
	CASE_END();
	host_free(h);
}

static void test_refusals(void)
{
	struct in6_addr a = A("2001:db8::1");
	struct cap c;
	struct host *h = mk(&c, true, false);
	int n;

	CASE_BEGIN("add_refuses_duplicate_eexist");
	CHECK(host_addr_add(h, T0, &a, 64, XDP6_ORIGIN_STATIC) == 0, "add failed");
	n = c.n;
	CHECK(host_addr_add(h, T0, &a, 64, XDP6_ORIGIN_STATIC) == -EEXIST, "no -EEXIST");
	CHECK(host_addr_add(h, T0, &(struct in6_addr){ { { 0xfe, 0x80, [8] = 0, 0, 0, 0xff, 0xfe,
							   0, 0, 1 } } }, 64,
			    XDP6_ORIGIN_STATIC) == -EEXIST, "generated link-local re-added");
	CHECK(c.n == n, "callbacks on a refused add");
	CASE_END();
	host_free(h);

	CASE_BEGIN("add_refuses_multicast_unspecified_loopback_bad_plen_einval");
	h = mk(&c, true, false);
	CHECK(host_addr_add(h, T0, &a, 64, XDP6_ORIGIN_STATIC) == 0, "add failed");
	n = c.n;
	CHECK(host_addr_add(h, T0, &ip6_all_nodes, 64, XDP6_ORIGIN_STATIC) == -EINVAL, "ff02::1");
	CHECK(host_addr_add(h, T0, &(struct in6_addr){ 0 }, 64, XDP6_ORIGIN_STATIC) == -EINVAL,
	      "::");
	CHECK(host_addr_add(h, T0, &(struct in6_addr){ { { [15] = 1 } } }, 64,
			    XDP6_ORIGIN_STATIC) == -EINVAL, "::1");
	CHECK(host_addr_add(h, T0, &(struct in6_addr){ { { 0x20, 0x01, 0x0d, 0xb8, [15] = 9 } } },
			    129, XDP6_ORIGIN_STATIC) == -EINVAL, "plen 129");
	CHECK(c.n == n, "callbacks on a refused add");
	CHECK(host_addrs(h, NULL, 0) == 2, "%zu addresses", host_addrs(h, NULL, 0));
	CASE_END();
	host_free(h);

	CASE_BEGIN("add_beyond_max_addrs_enospc_link_local_counts");
	h = mk(&c, true, false);
	CHECK(host_addr_add(h, T0, &a, 64, XDP6_ORIGIN_STATIC) == 0, "add failed");
	CHECK(host_set_max_addrs(h, 1) == -EBUSY, "shrinking below the present count accepted");
	CHECK(host_set_max_addrs(h, 3) == 0, "set max 3");
	CHECK(host_addr_add(h, T0, &(struct in6_addr){ { { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 } } },
			    64, XDP6_ORIGIN_STATIC) == 0, "third address refused");
	n = c.n;
	CHECK(host_addr_add(h, T0, &(struct in6_addr){ { { 0x20, 0x01, 0x0d, 0xb8, [15] = 3 } } },
			    64, XDP6_ORIGIN_STATIC) == -ENOSPC, "fourth address not -ENOSPC");
	CHECK(c.n == n, "callbacks on a refused add");
	CHECK(host_addrs(h, NULL, 0) == 3, "%zu addresses", host_addrs(h, NULL, 0));
	CASE_END();
	host_free(h);

	CASE_BEGIN("default_table_holds_xdp6_default_max_addrs_then_enospc");
	h = mk(&c, false, false);
	n = 0;
	for (unsigned i = 0; i < XDP6_DEFAULT_MAX_ADDRS; i++) {
		struct in6_addr x = { { { 0x20, 0x01, 0x0d, 0xb8, [14] = (uint8_t)(i >> 8),
					  [15] = (uint8_t)i } } };

		x.s6_addr[13] = 1;	/* never :: */
		n += host_addr_add(h, T0, &x, 64, XDP6_ORIGIN_STATIC) != 0;
	}
	CHECK(n == 0, "%d of %u adds failed", n, XDP6_DEFAULT_MAX_ADDRS);
	CHECK(host_addr_add(h, T0, &a, 64, XDP6_ORIGIN_STATIC) == -ENOSPC, "no -ENOSPC when full");
	CASE_END();
	host_free(h);
}

static void test_input_counts(void)
{
	/* a Redirect: no module of a host takes it (RFC 4861 §8.1 is for hosts with routes) */
	uint8_t frame[128], icmp[ND6_REDIRECT_MIN_LEN] = { ICMP6_TYPE_REDIRECT };
	struct pkt_out o = { .dmac = { 0x33, 0x33, 0, 0, 0, 1 }, .smac = { 2, 0, 0, 0, 0, 2 },
			     .hop_limit = ND6_HOP_LIMIT };
	struct cap c;
	struct host *h = mk(&c, false, false);
	const uint64_t *st = host_dstats(h);
	int len;

	CASE_BEGIN("input_counts_rx_and_malformed_and_unhandled");
	o.src = A("fe80::2");
	o.dst = ip6_all_nodes;
	len = pkt_build_icmp6(frame, sizeof(frame), &o, icmp, sizeof(icmp));
	CHECK(len > 0, "build failed");
	host_input(h, T0, frame, 20);		/* cut inside the IPv6 header */
	CHECK(st[D_RX] == 1 && st[D_RX_MALFORMED] == 1, "rx %llu malformed %llu",
	      (unsigned long long)st[D_RX], (unsigned long long)st[D_RX_MALFORMED]);
	host_input(h, T0, frame, (size_t)len);
	CHECK(st[D_RX] == 2 && st[D_RX_MALFORMED] == 1, "valid frame counted malformed");
	CHECK(st[D_RX_UNHANDLED] == 1, "unhandled %llu", (unsigned long long)st[D_RX_UNHANDLED]);
	CHECK(host_next_deadline(h) == XDP6_NEVER, "a deadline with nothing scheduled");
	CASE_END();
	host_free(h);
}

/* ---- the protocol modules behind the host ---- */

static const uint8_t peer_mac[ETH6_ALEN] = { 0x02, 0, 0, 0, 0, 0x02 };

/* Runs the fake clock: every deadline up to `end` is served at its time, then the clock
 * stands at `end`. */
static void run_until(struct host *h, struct cap *c, xdp6_ns end)
{
	xdp6_ns t;
	int guard = 0;

	while ((t = host_next_deadline(h)) <= end && guard++ < 10000) {
		if (t > c->now)
			c->now = t;
		host_timeout(h, c->now);
	}
	c->now = end;
}

static void input(struct host *h, struct cap *c, const uint8_t *frame, size_t len)
{
	host_input(h, c->now, frame, len);
}

/* Frame i of the capture, parsed; 0 when it is an ICMPv6 message of `type`. */
static int tx_icmp(const struct cap *c, int i, uint8_t type, struct pkt_info *pi)
{
	if (pkt_parse(c->tx[i].b, c->tx[i].len, pi) || pi->l4_proto != IP6_NH_ICMPV6 ||
	    pi->l4_len < ICMP6_HLEN || c->tx[i].b[pi->l4_off] != type)
		return -1;
	return 0;
}

/* Index of the first DAD probe (NS from ::) for target t, or -1; *n counts them. */
static int dad_probe(const struct cap *c, const struct in6_addr *t, int *n)
{
	struct pkt_info pi;
	int i, found = -1;

	*n = 0;
	for (i = 0; i < c->ntx; i++) {
		if (tx_icmp(c, i, ICMP6_TYPE_NEIGHBOR_SOLICIT, &pi) || pi.l4_len < 24 ||
		    !ip6_is_unspecified(&pi.src) ||
		    memcmp(c->tx[i].b + pi.l4_off + 8, t, 16))
			continue;
		if (found < 0)
			found = i;
		(*n)++;
	}
	return found;
}

/* Index of the first publish of a in `state`, or -1. */
static int pub_state(const struct cap *c, const struct in6_addr *a, enum xdp6_addr_state st)
{
	int i;

	for (i = 0; i < c->n; i++)
		if (c->ev[i].kind == EV_PUBLISH && !memcmp(&c->ev[i].a, a, 16) &&
		    c->ev[i].v.state == st)
			return i;
	return -1;
}

/* NS (RFC 4861 §4.3) from `src` for `target` to the target's solicited-node group: a DAD
 * probe of another node when src is ::. */
static int build_ns(uint8_t *buf, size_t cap, const struct in6_addr *src,
		    const struct in6_addr *target)
{
	uint8_t icmp[sizeof(struct nd6_ns)] = { ICMP6_TYPE_NEIGHBOR_SOLICIT };
	struct pkt_out o = { .src = *src, .hop_limit = ND6_HOP_LIMIT };

	memcpy(icmp + 8, target, 16);
	ip6_solnode(target, &o.dst);
	ip6_mc_mac(&o.dst, o.dmac);
	memcpy(o.smac, peer_mac, ETH6_ALEN);
	return pkt_build_icmp6(buf, cap, &o, icmp, sizeof(icmp));
}

/* NA (RFC 4861 §4.4) from another node claiming target, to all-nodes, O=1, with its TLLA. */
static int build_na(uint8_t *buf, size_t cap, const struct in6_addr *target)
{
	uint8_t icmp[sizeof(struct nd6_ns) + 8] = { ICMP6_TYPE_NEIGHBOR_ADVERT };
	struct pkt_out o = { .src = A("fe80::2"), .dst = ip6_all_nodes,
			     .hop_limit = ND6_HOP_LIMIT };

	put32(icmp + 4, ND6_NA_FLAG_OVERRIDE);
	memcpy(icmp + 8, target, 16);
	icmp[24] = ND6_OPT_TARGET_LL_ADDR;
	icmp[25] = 1;
	memcpy(icmp + 26, peer_mac, ETH6_ALEN);
	ip6_mc_mac(&o.dst, o.dmac);
	memcpy(o.smac, peer_mac, ETH6_ALEN);
	return pkt_build_icmp6(buf, cap, &o, icmp, sizeof(icmp));
}

/* RA (RFC 4861 §4.2) from fe80::1 to all-nodes: CurHopLimit, router lifetime 1800 s,
 * RetransTimer, an MTU option when mtu != 0, one Prefix Information option (L=1, A=1) for
 * prefix/64 unless prefix is NULL, and the SLLA. */
static int build_ra_ex(uint8_t *buf, size_t cap, uint8_t hop_limit, const char *prefix,
		       uint32_t valid, uint32_t preferred, uint32_t retrans_ms, uint32_t mtu)
{
	uint8_t icmp[sizeof(struct nd6_ra) + sizeof(struct nd6_opt_prefix) + 8 +
		     sizeof(struct nd6_opt_mtu)] = { 0 };
	struct nd6_ra *ra = (void *)icmp;
	uint8_t *opt = icmp + sizeof(*ra);
	struct pkt_out o = { .src = A("fe80::1"), .dst = ip6_all_nodes,
			     .hop_limit = ND6_HOP_LIMIT };
	struct in6_addr p;

	ra->type = ICMP6_TYPE_ROUTER_ADVERT;
	ra->cur_hop_limit = hop_limit;
	put16((uint8_t *)&ra->router_lifetime, 1800);
	put32((uint8_t *)&ra->retrans_timer, retrans_ms);
	if (mtu) {
		opt[0] = ND6_OPT_MTU;
		opt[1] = 1;
		put32(opt + 4, mtu);
		opt += sizeof(struct nd6_opt_mtu);
	}
	if (prefix) {
		p = A(prefix);
		opt[0] = ND6_OPT_PREFIX_INFO;
		opt[1] = 4;
		opt[2] = 64;
		opt[3] = ND6_PI_FLAG_ONLINK | ND6_PI_FLAG_AUTO;
		put32(opt + 4, valid);
		put32(opt + 8, preferred);
		memcpy(opt + 16, &p, 16);
		opt += sizeof(struct nd6_opt_prefix);
	}
	opt[0] = ND6_OPT_SOURCE_LL_ADDR;
	opt[1] = 1;
	memcpy(opt + 2, peer_mac, ETH6_ALEN);
	opt += 8;
	ip6_mc_mac(&o.dst, o.dmac);
	memcpy(o.smac, peer_mac, ETH6_ALEN);
	return pkt_build_icmp6(buf, cap, &o, icmp, (size_t)(opt - icmp));
}

static int build_ra(uint8_t *buf, size_t cap, uint8_t hop_limit, const char *prefix,
		    uint32_t valid, uint32_t preferred)
{
	return build_ra_ex(buf, cap, hop_limit, prefix, valid, preferred, 0, 0);
}

/* Ethernet + IPv6 header by hand (testutil.h, not pkt.c), from the peer to link1. */
static size_t build_l3(uint8_t *buf, const struct in6_addr *src, const struct in6_addr *dst,
		       uint8_t nh, size_t payload_len, uint8_t tclass, uint8_t hop_limit)
{
	return put_eth_ip6(buf, link1.mac, peer_mac, src, dst, nh, payload_len, tclass,
			   hop_limit);
}

static void test_dad_success(void)
{
	struct in6_addr a = A("2001:db8::1"), sn = A("ff02::1:ff00:1");
	struct host_addr_info ai;
	struct pkt_info pi;
	struct cap c;
	struct host *h = mk(&c, false, true);
	int p, n, pref, tent;
	xdp6_ns t_probe;

	CASE_BEGIN("dad_publishes_tentative_then_preferred_after_delay_probe_and_1s");
	CHECK(host_addr_add(h, T0, &a, 64, XDP6_ORIGIN_STATIC) == 0, "add failed");
	tent = pub_state(&c, &a, XDP6_ADDR_TENTATIVE);
	CHECK(tent >= 0 && c.ev[tent].at == T0, "not published tentative at once");
	CHECK(pub_state(&c, &a, XDP6_ADDR_PREFERRED) < 0, "preferred before any probe");
	CHECK(host_next_deadline(h) <= T0 + XDP6_NS_PER_SEC, "nothing due within the delay");
	run_until(h, &c, T0 + 5 * XDP6_NS_PER_SEC);
	p = dad_probe(&c, &a, &n);
	CHECK(p >= 0 && n == 1, "%d probes (DupAddrDetectTransmits 1)", n);
	if (p < 0) {
		CASE_END();
		host_free(h);
		tx_clear(&c);
		return;
	}
	t_probe = c.tx[p].at;
	CHECK(t_probe >= T0 && t_probe <= T0 + XDP6_NS_PER_SEC, "probe %.3f s after the add",
	      (double)(t_probe - T0) / 1e9);
	CHECK(!tx_icmp(&c, p, ICMP6_TYPE_NEIGHBOR_SOLICIT, &pi) &&
	      !memcmp(&pi.dst, &sn, 16) && pi.hop_limit == ND6_HOP_LIMIT,
	      "probe not to ff02::1:ff00:1 with hop limit 255");
	pref = pub_state(&c, &a, XDP6_ADDR_PREFERRED);
	CHECK(pref >= 0, "never published preferred");
	CHECK(pref >= 0 && c.ev[pref].at == t_probe + XDP6_NS_PER_SEC,
	      "preferred %.3f s after the probe, want RetransTimer 1 s",
	      pref >= 0 ? (double)(c.ev[pref].at - t_probe) / 1e9 : -1.0);
	CHECK(listed(h, &a, &ai) && ai.state == XDP6_ADDR_PREFERRED, "not listed preferred");
	CASE_END();
	host_free(h);
	tx_clear(&c);
}

static void test_solnode_invariant(void)
{
	struct cap c;
	struct host *h;

	CASE_BEGIN("every_published_address_has_its_solicited_node_group_joined_at_every_step");
	{
		struct in6_addr a = A("2001:db8::1"), b = A("2001:db8:1::1");
		struct in6_addr d = A("2001:db8::2:3");
		struct in6_addr e1 = A("2001:db8:5::77"), e2 = A("2001:db8:2::abcd:1");
		struct xdp6_addr_val v = { .state = XDP6_ADDR_PREFERRED, .prefixlen = 64,
					   .origin = XDP6_ORIGIN_STATIC };
		struct in6_addr any = { 0 };
		uint8_t f[256];
		int len, bad;

		/* with DAD and a link-local: tentative, preferred, duplicate, shared groups,
		 * adoption, deletion in every order */
		h = mk(&c, true, true);
		CHECK(host_addr_add(h, T0, &a, 64, XDP6_ORIGIN_STATIC) == 0, "add a");
		CHECK(host_addr_add(h, T0, &b, 48, XDP6_ORIGIN_STATIC) == 0, "add b");
		CHECK(host_addr_add(h, T0, &d, 64, XDP6_ORIGIN_STATIC) == 0, "add d");
		CHECK(host_addr_add(h, T0, &e1, 64, XDP6_ORIGIN_STATIC) == 0, "add e1");
		len = build_ns(f, sizeof(f), &any, &e1);	/* another node probes e1 */
		c.now = T0 + 1;
		input(h, &c, f, (size_t)len);
		run_until(h, &c, T0 + 10 * XDP6_NS_PER_SEC);
		CHECK(host_addr_adopt(h, c.now, &e2, &v) == 0, "adopt e2");
		CHECK(host_addr_del(h, c.now, &a) == 0, "del a");
		CHECK(host_addr_del(h, c.now, &e1) == 0, "del e1 (duplicate)");
		CHECK(host_addr_add(h, c.now, &a, 64, XDP6_ORIGIN_STATIC) == 0, "add a again");
		CHECK(host_addr_del(h, c.now, &b) == 0, "del b");
		CHECK(host_addr_del(h, c.now, &d) == 0, "del d");
		CHECK(host_addr_del(h, c.now, &e2) == 0, "del e2");
		CHECK(count(&c, EV_PUBLISH, NULL) >= 8 && c.n < MAX_EV, "%d events", c.n);
		bad = solnode_invariant_broken(&c);
		CHECK(bad < 0, "event %d (kind %d) leaves a published address's group unjoined",
		      bad, bad < 0 ? -1 : (int)c.ev[bad].kind);
		host_free(h);
		tx_clear(&c);
	}
	CASE_END();

}

static void test_dad_conflicts(void)
{
	struct in6_addr a = A("2001:db8::1"), any = { 0 };
	struct host_addr_info ai;
	uint8_t f[256];
	struct cap c;
	struct host *h = mk(&c, false, true);
	const uint64_t *st = host_dstats(h);
	int len;

	CASE_BEGIN("ns_from_unspecified_for_tentative_target_makes_it_duplicate_never_preferred");
	CHECK(host_addr_add(h, T0, &a, 64, XDP6_ORIGIN_STATIC) == 0, "add failed");
	len = build_ns(f, sizeof(f), &any, &a);
	c.now = T0 + 1;		/* within the random delay: before our own probe (RFC 4862 5.4.3) */
	input(h, &c, f, (size_t)len);
	CHECK(last_pub(&c, &a) && last_pub(&c, &a)->state == XDP6_ADDR_DUPLICATE,
	      "not published duplicate");
	CHECK(st[D_DAD_CONFLICT_NS] == 1, "dad-conflict-ns %llu",
	      (unsigned long long)st[D_DAD_CONFLICT_NS]);
	run_until(h, &c, T0 + 10 * XDP6_NS_PER_SEC);
	CHECK(pub_state(&c, &a, XDP6_ADDR_PREFERRED) < 0, "published preferred after all");
	CHECK(listed(h, &a, &ai) && ai.state == XDP6_ADDR_DUPLICATE, "not listed duplicate");
	CHECK(st[D_RX_UNHANDLED] == 0, "probe counted unhandled");
	CASE_END();
	host_free(h);
	tx_clear(&c);

	CASE_BEGIN("na_for_tentative_target_makes_it_duplicate");
	h = mk(&c, false, true);
	CHECK(host_addr_add(h, T0, &a, 64, XDP6_ORIGIN_STATIC) == 0, "add failed");
	len = build_na(f, sizeof(f), &a);
	input(h, &c, f, (size_t)len);
	run_until(h, &c, T0 + 10 * XDP6_NS_PER_SEC);
	CHECK(listed(h, &a, &ai) && ai.state == XDP6_ADDR_DUPLICATE, "state %d", (int)ai.state);
	CHECK(pub_state(&c, &a, XDP6_ADDR_PREFERRED) < 0, "published preferred");
	CASE_END();
	host_free(h);
	tx_clear(&c);

	CASE_BEGIN("own_probe_looped_back_is_not_a_conflict");
	h = mk(&c, false, true);
	CHECK(host_addr_add(h, T0, &a, 64, XDP6_ORIGIN_STATIC) == 0, "add failed");
	{
		int n = 0, p = -1, guard = 0;

		/* step the clock until the probe is out, then echo it back like a switch would */
		while (p < 0 && host_next_deadline(h) <= T0 + 2 * XDP6_NS_PER_SEC &&
		       guard++ < 100) {
			c.now = host_next_deadline(h);
			host_timeout(h, c.now);
			p = dad_probe(&c, &a, &n);
		}
		CHECK(p >= 0, "no probe");
		if (p >= 0)
			input(h, &c, c.tx[p].b, c.tx[p].len);
	}
	run_until(h, &c, T0 + 10 * XDP6_NS_PER_SEC);
	CHECK(listed(h, &a, &ai) && ai.state == XDP6_ADDR_PREFERRED, "state %d", (int)ai.state);
	CHECK(host_dstats(h)[D_DAD_LOOPED_NONCE] == 1, "looped nonce not seen");
	CASE_END();
	host_free(h);
	tx_clear(&c);
}

static void test_dad_delete(void)
{
	struct in6_addr a = A("2001:db8::1");
	struct cap c;
	struct host *h = mk(&c, false, true);
	int n;

	CASE_BEGIN("delete_during_dad_unpublishes_and_sends_no_probe");
	CHECK(host_addr_add(h, T0, &a, 64, XDP6_ORIGIN_STATIC) == 0, "add failed");
	CHECK(host_addr_del(h, T0, &a) == 0, "del failed");
	CHECK(count(&c, EV_UNPUBLISH, &a) == 1, "not unpublished");
	run_until(h, &c, T0 + 10 * XDP6_NS_PER_SEC);
	dad_probe(&c, &a, &n);
	CHECK(n == 0, "%d probes after the delete", n);
	CHECK(pub_state(&c, &a, XDP6_ADDR_PREFERRED) < 0, "published preferred after the delete");
	CHECK(host_dstats(h)[D_DAD_CANCELLED] == 1, "dad-cancelled not counted");
	CASE_END();
	host_free(h);
	tx_clear(&c);
}

static void test_mld_report(void)
{
	struct in6_addr a = A("2001:db8::1:2:3"), g = A("ff02::1:ff02:3");
	struct pkt_info pi;
	struct cap c;
	struct host *h = mk(&c, false, true);
	int i, rep = -1, n;

	CASE_BEGIN("mld_report_for_solicited_node_group_goes_out_after_join_before_probe");
	CHECK(host_addr_add(h, T0, &a, 64, XDP6_ORIGIN_STATIC) == 0, "add failed");
	run_until(h, &c, T0 + 3 * XDP6_NS_PER_SEC);
	for (i = 0; i < c.ntx && rep < 0; i++) {
		const uint8_t *m;
		size_t k, nrec;

		if (tx_icmp(&c, i, MLD6_TYPE_V2_REPORT, &pi))
			continue;
		m = c.tx[i].b + pi.l4_off;
		nrec = get16(m + 6);
		for (k = 0, m += 8; k < nrec; k++, m += 20 + 16 * get16(m + 2))
			if (!memcmp(m + 4, &g, 16))
				rep = i;
	}
	CHECK(rep >= 0, "no MLDv2 report naming ff02::1:ff02:3");
	if (rep >= 0) {
		tx_icmp(&c, rep, MLD6_TYPE_V2_REPORT, &pi);
		CHECK(pi.hop_limit == MLD6_HOP_LIMIT && pi.router_alert_mld,
		      "hop limit %u / router alert %d (RFC 3810 5)", pi.hop_limit,
		      pi.router_alert_mld);
		CHECK(!memcmp(&pi.dst, &ip6_all_mldv2, 16), "not to ff02::16");
		CHECK(!ref_csum(pi.src.s6_addr, pi.dst.s6_addr, IP6_NH_ICMPV6,
				c.tx[rep].b + pi.l4_off, pi.l4_len), "bad checksum");
		i = dad_probe(&c, &a, &n);
		CHECK(i < 0 || c.tx[rep].at <= c.tx[i].at, "report after the probe");
	}
	{
		struct mld_group_info gi[8];
		size_t k, ng = host_groups(h, gi, 8);
		bool found = false;

		for (k = 0; k < ng && k < 8; k++)
			found |= !memcmp(&gi[k].group, &g, 16) && gi[k].refcount == 1;
		CHECK(found, "host_groups does not list ff02::1:ff02:3 once");
	}
	CASE_END();
	host_free(h);
	tx_clear(&c);

	CASE_BEGIN("stop_sends_change_to_include_for_every_group_at_once");
	h = mk(&c, false, true);
	CHECK(host_addr_add(h, T0, &a, 64, XDP6_ORIGIN_STATIC) == 0, "add failed");
	run_until(h, &c, T0 + 3 * XDP6_NS_PER_SEC);
	{
		int first = c.ntx, k, leave = -1;
		const uint8_t *m;
		size_t j, nrec;

		c.now = T0 + 10 * XDP6_NS_PER_SEC;
		host_stop(h, c.now);
		for (k = first; k < c.ntx && leave < 0; k++) {
			if (tx_icmp(&c, k, MLD6_TYPE_V2_REPORT, &pi))
				continue;
			m = c.tx[k].b + pi.l4_off;
			nrec = get16(m + 6);
			for (j = 0, m += 8; j < nrec; j++, m += 20 + 16 * get16(m + 2))
				if (!memcmp(m + 4, &g, 16) && m[0] == MLD6_V2_REC_CHANGE_TO_INCLUDE)
					leave = k;
		}
		CHECK(leave >= 0, "no CHANGE_TO_INCLUDE record for ff02::1:ff02:3 (RFC 3810 6.1)");
		CHECK(leave < 0 || c.tx[leave].at == T0 + 10 * XDP6_NS_PER_SEC, "not sent at once");
		CHECK(host_groups(h, NULL, 0) == 0, "groups still listed after stop");
	}
	CASE_END();
	host_free(h);
	tx_clear(&c);
}

static void test_rs_after_link_local(void)
{
	struct in6_addr ll = A("fe80::ff:fe00:1");
	struct host_cfg cfg;
	struct pkt_info pi;
	struct cap c;
	struct host *h;
	int i, rs = -1, pref;

	CASE_BEGIN("rs_from_link_local_with_slla_once_it_is_preferred");
	host_cfg_defaults(&cfg);
	h = mk_cfg(&c, &cfg);
	run_until(h, &c, T0 + 4 * XDP6_NS_PER_SEC);
	pref = pub_state(&c, &ll, XDP6_ADDR_PREFERRED);
	CHECK(pref >= 0, "link-local never preferred");
	for (i = 0; i < c.ntx && rs < 0; i++)
		if (!tx_icmp(&c, i, ICMP6_TYPE_ROUTER_SOLICIT, &pi))
			rs = i;
	CHECK(rs >= 0, "no RS");
	if (rs >= 0 && pref >= 0) {
		tx_icmp(&c, rs, ICMP6_TYPE_ROUTER_SOLICIT, &pi);
		CHECK(!memcmp(&pi.src, &ll, 16), "RS not from the link-local");
		CHECK(c.tx[rs].at >= c.ev[pref].at, "RS before the link-local was preferred");
		CHECK(pi.l4_len == 16 && c.tx[rs].b[pi.l4_off + 8] == ND6_OPT_SOURCE_LL_ADDR &&
		      !memcmp(c.tx[rs].b + pi.l4_off + 10, link1.mac, 6), "no SLLA option");
		CHECK(!memcmp(&pi.dst, &ip6_all_routers, 16), "not to ff02::2");
	}
	CASE_END();
	host_free(h);
	tx_clear(&c);

	CASE_BEGIN("mld_reports_from_link_local_once_it_is_preferred");
	host_cfg_defaults(&cfg);
	h = mk_cfg(&c, &cfg);
	run_until(h, &c, T0 + 4 * XDP6_NS_PER_SEC);
	pref = pub_state(&c, &ll, XDP6_ADDR_PREFERRED);
	CHECK(pref >= 0, "link-local never preferred");
	for (i = 0, rs = -1; i < c.ntx && rs < 0; i++)
		if (!tx_icmp(&c, i, MLD6_TYPE_V2_REPORT, &pi) && !memcmp(&pi.src, &ll, 16))
			rs = i;
	CHECK(rs >= 0, "no MLD report from fe80::ff:fe00:1 (RFC 3810 5.2.13)");
	CHECK(rs < 0 || pref < 0 || c.tx[rs].at >= c.ev[pref].at, "from ll before it was ours");
	CASE_END();
	host_free(h);
	tx_clear(&c);

	CASE_BEGIN("without_link_local_rs_goes_from_unspecified_without_slla");
	host_cfg_defaults(&cfg);
	cfg.link_local = false;
	h = mk_cfg(&c, &cfg);
	run_until(h, &c, T0 + 2 * XDP6_NS_PER_SEC);
	for (i = 0, rs = -1; i < c.ntx && rs < 0; i++)
		if (!tx_icmp(&c, i, ICMP6_TYPE_ROUTER_SOLICIT, &pi))
			rs = i;
	CHECK(rs >= 0, "no RS within 1 s (RFC 4861 6.3.7)");
	if (rs >= 0) {
		tx_icmp(&c, rs, ICMP6_TYPE_ROUTER_SOLICIT, &pi);
		CHECK(ip6_is_unspecified(&pi.src) && pi.l4_len == ND6_RS_MIN_LEN,
		      "RS not from :: without options (RFC 4861 4.1)");
	}
	CASE_END();
	host_free(h);
	tx_clear(&c);

	CASE_BEGIN("accept_ra_no_sends_no_rs_and_ignores_ra");
	host_cfg_defaults(&cfg);
	cfg.accept_ra = false;
	h = mk_cfg(&c, &cfg);
	run_until(h, &c, T0 + 20 * XDP6_NS_PER_SEC);
	for (i = 0, rs = -1; i < c.ntx; i++)
		if (!tx_icmp(&c, i, ICMP6_TYPE_ROUTER_SOLICIT, &pi))
			rs = i;
	CHECK(rs < 0, "RS sent with accept_ra off");
	{
		uint8_t f[256];
		int len = build_ra(f, sizeof(f), 42, "2001:db8:1::", 100, 50);
		struct xdp6_iface ifc;

		input(h, &c, f, (size_t)len);
		run_until(h, &c, c.now + 5 * XDP6_NS_PER_SEC);
		CHECK(host_addrs(h, NULL, 0) == 1, "%zu addresses: RA not ignored",
		      host_addrs(h, NULL, 0));
		host_iface_cfg(h, &ifc);
		CHECK(ifc.echo_hop_limit == ICMP6_ECHO_HOP_LIMIT_DEFAULT, "hop limit taken");
		CHECK(host_dstats(h)[D_RA_IGNORED] == 1, "ra-ignored not counted");
	}
	CASE_END();
	host_free(h);
	tx_clear(&c);
}

/* A host without a link-local that took, at T0 + 1 s, an RA from fe80::1 (CurHopLimit 42,
 * router lifetime 1800 s) with an autonomous prefix 2001:db8:1::/64 valid 60 s, preferred
 * 30 s; the time of the RA in *t_ra. */
static struct host *mk_slaac(struct cap *c, xdp6_ns *t_ra)
{
	struct host_cfg cfg;
	struct host *h;
	uint8_t f[256];
	int len;

	host_cfg_defaults(&cfg);
	cfg.link_local = false;
	h = mk_cfg(c, &cfg);
	*t_ra = c->now = T0 + XDP6_NS_PER_SEC;
	len = build_ra(f, sizeof(f), 42, "2001:db8:1::", 60, 30);
	CHECK(len > 0, "build");
	input(h, c, f, (size_t)len);
	return h;
}

static void test_slaac(void)
{
	struct in6_addr a = A("2001:db8:1::ff:fe00:1"), p1 = A("2001:db8:1::");
	struct in6_addr r1 = A("fe80::1");
	struct host_addr_info ai;
	struct xdp6_iface ifc;
	struct cap c;
	struct host *h;
	int t, p, d;
	xdp6_ns t_ra;

	CASE_BEGIN("ra_autonomous_prefix_gives_slaac_address_tentative_then_preferred");
	h = mk_slaac(&c, &t_ra);
	t = pub_state(&c, &a, XDP6_ADDR_TENTATIVE);
	CHECK(t >= 0 && c.ev[t].v.origin == XDP6_ORIGIN_SLAAC && c.ev[t].v.prefixlen == 64,
	      "2001:db8:1::ff:fe00:1 not published tentative slaac/64");
	CHECK(listed(h, &a, &ai) && ai.valid_until == t_ra + 60 * XDP6_NS_PER_SEC &&
	      ai.preferred_until == t_ra + 30 * XDP6_NS_PER_SEC, "lifetimes not in the table");
	run_until(h, &c, t_ra + 3 * XDP6_NS_PER_SEC);
	p = pub_state(&c, &a, XDP6_ADDR_PREFERRED);
	CHECK(p > t, "not preferred after DAD");
	CASE_END();
	host_free(h);
	tx_clear(&c);

	CASE_BEGIN("ra_cur_hop_limit_becomes_iface_echo_hop_limit");
	h = mk_slaac(&c, &t_ra);
	host_iface_cfg(h, &ifc);
	CHECK(ifc.echo_hop_limit == 42, "echo hop limit %u", ifc.echo_hop_limit);
	CHECK(count(&c, EV_IFACE, NULL) >= 1, "iface_changed not called");
	CASE_END();
	host_free(h);
	tx_clear(&c);

	CASE_BEGIN("slaac_address_deprecated_at_preferred_end_still_published_removed_at_valid");
	h = mk_slaac(&c, &t_ra);
	run_until(h, &c, t_ra + 30 * XDP6_NS_PER_SEC - 1);
	CHECK(listed(h, &a, &ai) && ai.state == XDP6_ADDR_PREFERRED, "not preferred before 30 s");
	CHECK(pub_state(&c, &a, XDP6_ADDR_DEPRECATED) < 0, "deprecated early");
	run_until(h, &c, t_ra + 30 * XDP6_NS_PER_SEC);
	d = pub_state(&c, &a, XDP6_ADDR_DEPRECATED);
	CHECK(d >= 0 && c.ev[d].at == t_ra + 30 * XDP6_NS_PER_SEC, "not deprecated at 30 s");
	CHECK(count(&c, EV_UNPUBLISH, &a) == 0, "unpublished when deprecated");
	CHECK(listed(h, &a, &ai) && ai.state == XDP6_ADDR_DEPRECATED, "not listed deprecated");
	run_until(h, &c, t_ra + 60 * XDP6_NS_PER_SEC - 1);
	CHECK(count(&c, EV_UNPUBLISH, &a) == 0, "removed early");
	run_until(h, &c, t_ra + 60 * XDP6_NS_PER_SEC);
	CHECK(count(&c, EV_UNPUBLISH, &a) == 1, "not removed at 60 s");
	CHECK(!listed(h, &a, &ai), "still listed");
	CASE_END();
	host_free(h);
	tx_clear(&c);

	/* RFC 4862 §5.5.3 e: an RA with Preferred Lifetime 0 refreshes a deprecated address's
	 * valid lifetime and leaves it deprecated; a non-zero one makes it preferred again */
	CASE_BEGIN("slaac_deprecated_address_stays_deprecated_on_preferred_0_revived_on_more");
	h = mk_slaac(&c, &t_ra);
	run_until(h, &c, t_ra + 30 * XDP6_NS_PER_SEC);
	CHECK(listed(h, &a, &ai) && ai.state == XDP6_ADDR_DEPRECATED, "not deprecated at 30 s");
	{
		uint8_t f[256];
		int len = build_ra(f, sizeof(f), 42, "2001:db8:1::", 600, 0);

		CHECK(len > 0, "build");
		input(h, &c, f, (size_t)len);
		CHECK(listed(h, &a, &ai) && ai.state == XDP6_ADDR_DEPRECATED,
		      "preferred lifetime 0 made the address preferred");
		c.now += XDP6_NS_PER_SEC;
		len = build_ra(f, sizeof(f), 42, "2001:db8:1::", 600, 300);
		input(h, &c, f, (size_t)len);
		CHECK(listed(h, &a, &ai) && ai.state == XDP6_ADDR_PREFERRED,
		      "preferred lifetime 300 did not make the address preferred");
	}
	CASE_END();
	host_free(h);
	tx_clear(&c);

	/* RFC 4861 §6.3.4: the RA's source joins the Default Router List for its Router
	 * Lifetime, the prefix the on-link list for its Valid Lifetime */
	CASE_BEGIN("ra_lists_router_and_prefix");
	h = mk_slaac(&c, &t_ra);
	{
		struct rdisc_router_info ri[4];
		struct rdisc_prefix_info pfx[4];
		xdp6_ns now = t_ra + 10 * XDP6_NS_PER_SEC;

		run_until(h, &c, now);
		CHECK(host_routers(h, now, ri, 4) == 1 && !memcmp(&ri[0].addr, &r1, 16) &&
		      ri[0].lifetime_left == 1790 * XDP6_NS_PER_SEC,
		      "router list: not fe80::1 with 1790 s left");
		CHECK(host_prefixes(h, now, pfx, 4) == 1 && !memcmp(&pfx[0].prefix, &p1, 16) &&
		      pfx[0].prefixlen == 64 && pfx[0].autonomous &&
		      pfx[0].valid_left == 50 * XDP6_NS_PER_SEC &&
		      pfx[0].preferred_left == 20 * XDP6_NS_PER_SEC,
		      "prefix list: not 2001:db8:1::/64 autonomous, 50 s valid, 20 s preferred");
		/* the prefix leaves the list when its valid lifetime ends, the router stays */
		now = t_ra + 60 * XDP6_NS_PER_SEC;
		run_until(h, &c, now);
		CHECK(host_prefixes(h, now, pfx, 4) == 0, "expired prefix still listed");
		CHECK(host_routers(h, now, ri, 4) == 1, "router gone with the prefix");
	}
	CASE_END();
	host_free(h);
	tx_clear(&c);
}

static void test_slaac_dad_failure(void)
{
	struct in6_addr any = { 0 }, a1, a2, ll;
	struct in6_addr eui_ll = A("fe80::ff:fe00:1"), eui_a = A("2001:db8:1::ff:fe00:1");
	struct host_addr_info ai[8];
	struct host_cfg cfg;
	uint8_t f[256];
	struct cap c;
	struct host *h;
	size_t n, i;
	int len;

	CASE_BEGIN("stable_privacy_slaac_duplicate_is_replaced_by_next_dad_counter_address");
	host_cfg_defaults(&cfg);
	cfg.stable_privacy = true;
	memcpy(cfg.secret, "0123456789abcdef", 16);
	cfg.secret_len = 16;
	h = mk_cfg(&c, &cfg);
	run_until(h, &c, T0 + 3 * XDP6_NS_PER_SEC);
	n = host_addrs(h, ai, 8);
	CHECK(n == 1 && ai[0].origin == XDP6_ORIGIN_LINK_LOCAL, "%zu addresses", n);
	ll = ai[0].addr;
	CHECK(memcmp(&ll, &eui_ll, 16), "RFC 7217 link-local is the EUI-64 one");
	CHECK(ai[0].state == XDP6_ADDR_PREFERRED, "link-local not preferred");
	len = build_ra(f, sizeof(f), 0, "2001:db8:1::", 600, 300);
	input(h, &c, f, (size_t)len);
	n = host_addrs(h, ai, 8);
	CHECK(n == 2 && ai[1].origin == XDP6_ORIGIN_SLAAC && ai[1].state == XDP6_ADDR_TENTATIVE,
	      "no tentative slaac address");
	a1 = ai[1].addr;
	CHECK(memcmp(&a1, &eui_a, 16), "SLAAC IID is EUI-64");
	len = build_ns(f, sizeof(f), &any, &a1);
	input(h, &c, f, (size_t)len);
	CHECK(count(&c, EV_UNPUBLISH, &a1) == 1, "duplicate not removed");
	n = host_addrs(h, ai, 8);
	CHECK(n == 2, "%zu addresses", n);
	a2 = ai[n - 1].addr;
	CHECK(memcmp(&a2, &a1, 16) && ip6_prefix_match(&a2, &a1, 64) &&
	      ai[n - 1].state == XDP6_ADDR_TENTATIVE, "no new tentative address in the prefix");
	run_until(h, &c, c.now + 3 * XDP6_NS_PER_SEC);
	n = host_addrs(h, ai, 8);
	for (i = 0; i < n; i++)
		if (!memcmp(&ai[i].addr, &a2, 16))
			CHECK(ai[i].state == XDP6_ADDR_PREFERRED, "retry not preferred");
	CASE_END();
	host_free(h);
	tx_clear(&c);
}

/* An Echo Request of `plen` payload octets as one ICMPv6 message with its checksum. */
static size_t echo_msg(uint8_t *m, const struct in6_addr *src, const struct in6_addr *dst,
		       size_t plen)
{
	uint16_t ck;
	size_t i;

	m[0] = ICMP6_TYPE_ECHO_REQUEST;
	m[1] = 0;
	m[2] = m[3] = 0;
	put16(m + 4, 0x1234);
	put16(m + 6, 7);
	for (i = 0; i < plen; i++)
		m[8 + i] = (uint8_t)(i * 7 + 3);
	ck = ref_csum(src->s6_addr, dst->s6_addr, IP6_NH_ICMPV6, m, 8 + plen);
	put16(m + 2, ck);
	return 8 + plen;
}

/* Reassembles the Echo Reply fragments captured from index `from`: checks each frame against
 * mtu and returns the ICMPv6 message length in out (0 on a malformed set). */
static size_t reassemble_reply(const struct cap *c, int from, uint32_t mtu, uint8_t *out,
			       size_t cap, struct in6_addr *src, struct in6_addr *dst,
			       uint8_t *hop_limit, uint8_t *tclass, int *nfrag, bool *too_big)
{
	size_t total = 0, got = 0;
	int i;

	*nfrag = 0;
	*too_big = false;
	for (i = from; i < c->ntx; i++) {
		const uint8_t *b = c->tx[i].b;
		const uint8_t *ip = b + ETH6_HLEN;
		size_t len = c->tx[i].len, off, flen;
		uint16_t fo;

		if (len > ETH6_HLEN + mtu)
			*too_big = true;
		if (len < ETH6_HLEN + IP6_HLEN + 8 || get16(b + 12) != ETH6_P_IPV6 ||
		    ip[6] != IP6_NH_FRAGMENT)
			continue;
		(*nfrag)++;
		memcpy(src, ip + 8, 16);
		memcpy(dst, ip + 24, 16);
		*hop_limit = ip[7];
		*tclass = (uint8_t)((ip[0] << 4 | ip[1] >> 4) & 0xff);
		fo = get16(ip + IP6_HLEN + 2);
		off = fo & IP6_FRAG_OFF_MASK;
		flen = get16(ip + 4) - 8;
		if (ip[IP6_HLEN] != IP6_NH_ICMPV6 || off + flen > cap ||
		    ETH6_HLEN + IP6_HLEN + 8 + flen > len)
			return 0;
		memcpy(out + off, ip + IP6_HLEN + 8, flen);
		got += flen;
		if (!(fo & IP6_FRAG_MF))
			total = off + flen;
	}
	return total && got == total ? total : 0;
}

static void test_fragmented_echo(void)
{
	struct in6_addr a = A("2001:db8::1"), peer = A("2001:db8::2"), rs, rd;
	enum { PLEN = 3000 };
	static uint8_t msg[8 + PLEN], rep[8 + PLEN + 64];
	const size_t cuts[] = { 0, 1232, 2464, 8 + PLEN };
	const int order[] = { 2, 0, 1 };	/* out of order on purpose */
	struct cap c;
	struct host *h = mk(&c, false, false);
	size_t mlen, rlen;
	uint8_t hl, tc;
	int k, nf;
	bool big;

	mlen = echo_msg(msg, &peer, &a, PLEN);
	CASE_BEGIN("three_fragment_echo_request_gets_reply_fragmented_to_link_mtu");
	CHECK(host_addr_add(h, T0, &a, 64, XDP6_ORIGIN_STATIC) == 0, "add");
	for (k = 0; k < 3; k++) {
		int i = order[k];
		size_t flen = cuts[i + 1] - cuts[i];
		uint8_t f[ETH6_HLEN + IP6_HLEN + 8 + 1300];
		size_t o = build_l3(f, &peer, &a, IP6_NH_FRAGMENT, 8 + flen, 0x28, 64);

		f[o] = IP6_NH_ICMPV6;
		f[o + 1] = 0;
		put16(f + o + 2, (uint16_t)(cuts[i] | (i < 2 ? IP6_FRAG_MF : 0)));
		put32(f + o + 4, 0xabcd0001);
		memcpy(f + o + 8, msg + cuts[i], flen);
		input(&*h, &c, f, o + 8 + flen);
	}
	CHECK(host_dstats(h)[D_REASM_OK] == 1, "not reassembled");
	rlen = reassemble_reply(&c, 0, link1.mtu, rep, sizeof(rep), &rs, &rd, &hl, &tc, &nf, &big);
	CHECK(nf >= 3, "%d reply fragments, want 3 for %zu octets over MTU 1500", nf, mlen);
	CHECK(!big, "a fragment exceeds the 1500-octet MTU");
	CHECK(rlen == mlen, "reply of %zu octets, want %zu", rlen, mlen);
	if (rlen == mlen) {
		CHECK(rep[0] == ICMP6_TYPE_ECHO_REPLY && rep[1] == 0, "type %u code %u", rep[0],
		      rep[1]);
		CHECK(!memcmp(rep + 4, msg + 4, mlen - 4), "identifier/sequence/data differ");
		CHECK(!ref_csum(rs.s6_addr, rd.s6_addr, IP6_NH_ICMPV6, rep, rlen),
		      "reply checksum wrong (own RFC 1071 routine)");
	}
	CHECK(!memcmp(&rs, &a, 16) && !memcmp(&rd, &peer, 16), "reply addresses");
	CHECK(hl == ICMP6_ECHO_HOP_LIMIT_DEFAULT, "hop limit %u", hl);
	CHECK(tc == 0x28, "traffic class 0x%02x not copied", tc);
	CHECK(c.ntx > 0 && !memcmp(c.tx[c.ntx - 1].b, peer_mac, 6),
	      "not sent to the requester's MAC");
	{
		/* RFC 4861 §7.2.2: the reply we originate starts resolving the requester */
		struct nud_info ni;

		CHECK(host_neighbors(h, T0, &ni, 1) == 1 && !memcmp(&ni.addr, &peer, 16) &&
		      ni.state == NUD_INCOMPLETE, "requester not being resolved");
		CHECK(c.ntx > 0 && c.tx[0].b[0] == 0x33 && c.tx[0].b[2] == 0xff,
		      "no multicast NS to the requester's solicited-node group");
	}
	CASE_END();
	host_free(h);
	tx_clear(&c);

	CASE_BEGIN("unfragmented_echo_request_in_daemon_gets_one_reply_tentative_gets_none");
	h = mk(&c, false, false);
	CHECK(host_addr_add(h, T0, &a, 64, XDP6_ORIGIN_STATIC) == 0, "add");
	{
		struct in6_addr t = A("2001:db8::9");
		uint8_t f[ETH6_HLEN + IP6_HLEN + 8 + 1400];
		struct host_cfg cfg;
		struct pkt_info pi;
		struct cap c2;
		struct host *h2;
		int r = -1, nrep = 0;
		size_t q;

		q = build_l3(f, &peer, &a, IP6_NH_ICMPV6, 8 + 1400, 0, 64);
		echo_msg(f + q, &peer, &a, 1400);
		input(h, &c, f, q + 8 + 1400);
		/* besides the NS that starts resolving the requester (RFC 4861 §7.2.2) */
		for (k = 0; k < c.ntx; k++)
			if (!tx_icmp(&c, k, ICMP6_TYPE_ECHO_REPLY, &pi)) {
				nrep++;
				r = k;
			}
		CHECK(nrep == 1 && !tx_icmp(&c, r, ICMP6_TYPE_ECHO_REPLY, &pi) &&
		      pi.l4_len == 8 + 1400 && !pi.has_frag, "no single unfragmented reply");
		CHECK(nrep == 1 && !ref_csum(pi.src.s6_addr, pi.dst.s6_addr, IP6_NH_ICMPV6,
					     c.tx[r].b + pi.l4_off, pi.l4_len), "checksum");
		host_cfg_defaults(&cfg);
		cfg.link_local = false;
		cfg.accept_ra = false;
		h2 = mk_cfg(&c2, &cfg);
		CHECK(host_addr_add(h2, T0, &t, 64, XDP6_ORIGIN_STATIC) == 0, "add tentative");
		q = build_l3(f, &peer, &t, IP6_NH_ICMPV6, 8 + 16, 0, 64);
		echo_msg(f + q, &peer, &t, 16);
		tx_clear(&c2);
		input(h2, &c2, f, q + 8 + 16);
		CHECK(c2.ntx == 0, "echo to a tentative address answered (RFC 4862 5.4)");
		host_free(h2);
		tx_clear(&c2);
	}
	CASE_END();
	host_free(h);
	tx_clear(&c);

	CASE_BEGIN("packet_too_big_lowers_pmtu_and_echo_reply_fragments_follow_it");
	h = mk(&c, false, false);
	CHECK(host_addr_add(h, T0, &a, 64, XDP6_ORIGIN_STATIC) == 0, "add");
	{
		/* PTB (RFC 4443 §3.2) from a router quoting one of our packets to peer */
		uint8_t icmp[8 + IP6_HLEN + 8] = { ICMP6_TYPE_PACKET_TOO_BIG };
		struct pkt_out o = { .src = A("2001:db8::fe"), .dst = a, .hop_limit = 64 };
		struct pmtu_info pm[4];
		uint8_t f[256];
		int len;

		put32(icmp + 4, IP6_MIN_MTU);
		put32(icmp + 8, (uint32_t)IP6_VERSION << 28);
		put16(icmp + 12, 8);
		icmp[14] = IP6_NH_ICMPV6;
		icmp[15] = 64;
		memcpy(icmp + 16, &a, 16);
		memcpy(icmp + 32, &peer, 16);
		memcpy(o.dmac, link1.mac, 6);
		memcpy(o.smac, peer_mac, 6);
		len = pkt_build_icmp6(f, sizeof(f), &o, icmp, sizeof(icmp));
		input(h, &c, f, (size_t)len);
		CHECK(host_pmtu(h, c.now, pm, 4) == 1 && !memcmp(&pm[0].dst, &peer, 16) &&
		      pm[0].mtu == IP6_MIN_MTU, "pmtu to 2001:db8::2 not 1280");
		tx_clear(&c);
		for (k = 0; k < 3; k++) {
			int i = k;
			size_t flen = cuts[i + 1] - cuts[i];
			uint8_t g[ETH6_HLEN + IP6_HLEN + 8 + 1300];
			size_t q = build_l3(g, &peer, &a, IP6_NH_FRAGMENT, 8 + flen, 0, 64);

			g[q] = IP6_NH_ICMPV6;
			g[q + 1] = 0;
			put16(g + q + 2, (uint16_t)(cuts[i] | (i < 2 ? IP6_FRAG_MF : 0)));
			put32(g + q + 4, 0xabcd0002);
			memcpy(g + q + 8, msg + cuts[i], flen);
			input(h, &c, g, q + 8 + flen);
		}
		rlen = reassemble_reply(&c, 0, IP6_MIN_MTU, rep, sizeof(rep), &rs, &rd, &hl, &tc,
					&nf, &big);
		CHECK(!big, "a fragment exceeds the 1280-octet path MTU");
		CHECK(rlen == mlen && nf == 3, "reply %zu octets in %d fragments", rlen, nf);
		{
			const struct icmp6_err_rx_count *x;
			struct icmp6_err_rx_count rx[4];
			size_t nrx = host_err_rx(h, rx, 4);

			x = nrx ? &rx[0] : NULL;
			CHECK(nrx == 1 && x->type == ICMP6_TYPE_PACKET_TOO_BIG && x->count == 1,
			      "received errors not counted by type");
		}
	}
	CASE_END();
	host_free(h);
	tx_clear(&c);
}

/* UDP (RFC 768) from peer:5555 to dst:port with a checksum from the test's own routine. */
static size_t build_udp(uint8_t *f, const struct in6_addr *src, const struct in6_addr *dst,
			uint16_t port)
{
	size_t o = build_l3(f, src, dst, IP6_NH_UDP, 8 + 4, 0, 64);
	uint8_t *u = f + o;

	put16(u, 5555);
	put16(u + 2, port);
	put16(u + 4, 12);
	put16(u + 6, 0);
	memcpy(u + 8, "ping", 4);
	put16(u + 6, ref_csum(src->s6_addr, dst->s6_addr, IP6_NH_UDP, u, 12));
	return o + 12;
}

static void test_unserved(void)
{
	struct in6_addr a = A("2001:db8::1"), peer = A("2001:db8::2");
	struct host_cfg cfg;
	struct pkt_info pi;
	uint8_t f[128];
	struct cap c;
	struct host *h;
	size_t len;

	CASE_BEGIN("unserved_udp_with_reject_gets_port_unreachable_from_the_address");
	host_cfg_defaults(&cfg);
	cfg.link_local = false;
	cfg.dad = false;
	cfg.accept_ra = false;
	cfg.unserved_reject = true;
	h = mk_cfg(&c, &cfg);
	CHECK(host_addr_add(h, T0, &a, 64, XDP6_ORIGIN_STATIC) == 0, "add");
	len = build_udp(f, &peer, &a, 9999);
	input(h, &c, f, len);
	CHECK(c.ntx == 1, "%d frames sent", c.ntx);
	if (c.ntx == 1) {
		CHECK(!tx_icmp(&c, 0, ICMP6_TYPE_DEST_UNREACH, &pi) &&
		      c.tx[0].b[pi.l4_off + 1] == ICMP6_DU_PORT_UNREACH,
		      "not Destination Unreachable code 4");
		CHECK(!memcmp(&pi.src, &a, 16) && !memcmp(&pi.dst, &peer, 16), "addresses");
		CHECK(!memcmp(c.tx[0].b, peer_mac, 6), "not to the sender's MAC");
		CHECK(!ref_csum(pi.src.s6_addr, pi.dst.s6_addr, IP6_NH_ICMPV6,
				c.tx[0].b + pi.l4_off, pi.l4_len), "checksum (own routine)");
		CHECK(pi.l4_len == 8 + len - ETH6_HLEN &&
		      !memcmp(c.tx[0].b + pi.l4_off + 8, f + ETH6_HLEN, len - ETH6_HLEN),
		      "invoking packet not quoted whole");
	}
	CASE_END();

	host_free(h);
	tx_clear(&c);

	CASE_BEGIN("served_udp_port_or_whole_protocol_gets_no_error");
	h = mk_cfg(&c, &cfg);		/* unserved_reject, as above */
	CHECK(host_addr_add(h, T0, &a, 64, XDP6_ORIGIN_STATIC) == 0, "add");
	len = build_udp(f, &peer, &a, 9999);
	CHECK(host_serve(h, IP6_NH_UDP, 9999, true) == 0, "serve");
	input(h, &c, f, len);
	CHECK(c.ntx == 0, "error for a served port");
	CHECK(host_serve(h, IP6_NH_UDP, 9999, false) == 0, "unserve");
	CHECK(host_serve(h, IP6_NH_UDP, 0, true) == 0, "serve udp");
	input(h, &c, f, len);
	CHECK(c.ntx == 0, "error for a served protocol");
	CHECK(host_serve(h, IP6_NH_UDP, 0, true) == -EEXIST, "second add not -EEXIST");
	CHECK(host_serve(h, IP6_NH_UDP, 1, false) == -ENOENT, "del of unknown not -ENOENT");
	{
		struct xdp6_served_key k[4];

		CHECK(host_served(h, k, 4) == 1 && k[0].proto == IP6_NH_UDP && k[0].port == 0,
		      "served list");
	}
	CASE_END();
	host_free(h);
	tx_clear(&c);

	CASE_BEGIN("unserved_udp_without_reject_gets_nothing");
	cfg.unserved_reject = false;
	h = mk_cfg(&c, &cfg);
	CHECK(host_addr_add(h, T0, &a, 64, XDP6_ORIGIN_STATIC) == 0, "add");
	input(h, &c, f, len);
	CHECK(c.ntx == 0, "%d frames sent", c.ntx);
	CHECK(host_dstats(h)[D_RX_UNHANDLED] == 1, "not counted unhandled");
	CASE_END();
	host_free(h);
	tx_clear(&c);
}

static void test_adopt(void)
{
	struct in6_addr ll = A("fe80::ff:fe00:1"), a = A("2001:db8::5"), b = A("2001:db8::6");
	struct in6_addr d = A("2001:db8::7"), t = A("2001:db8::8"), sn = A("ff02::1:ff00:5");
	struct xdp6_addr_val v = { .state = XDP6_ADDR_PREFERRED, .prefixlen = 64 };
	struct host_addr_info ai;
	struct xdp6_iface ifc;
	struct cap c;
	struct host *h = mk(&c, true, true);
	int n;

	CASE_BEGIN("adopt_keeps_preferred_without_probes_and_rejoins_group");
	v.origin = XDP6_ORIGIN_LINK_LOCAL;
	CHECK(host_addr_adopt(h, T0, &ll, &v) == 0, "adopt link-local");
	v.origin = XDP6_ORIGIN_STATIC;
	CHECK(host_addr_adopt(h, T0, &a, &v) == 0, "adopt static");
	CHECK(pub_state(&c, &a, XDP6_ADDR_TENTATIVE) < 0, "static published tentative");
	CHECK(last_pub(&c, &a) && last_pub(&c, &a)->state == XDP6_ADDR_PREFERRED,
	      "static not published preferred");
	CHECK(last_pub(&c, &ll) && last_pub(&c, &ll)->state == XDP6_ADDR_PREFERRED,
	      "link-local not published preferred");
	host_iface_cfg(h, &ifc);
	CHECK((ifc.flags & XDP6_IF_HAS_LL) && !memcmp(ifc.ll_addr, &ll, 16), "iface ll");
	CHECK(count(&c, EV_JOIN, &sn) == 1, "ff02::1:ff00:5 not joined");
	run_until(h, &c, T0 + 10 * XDP6_NS_PER_SEC);
	dad_probe(&c, &a, &n);
	CHECK(n == 0, "%d probes for the adopted static address", n);
	dad_probe(&c, &ll, &n);
	CHECK(n == 0, "%d probes for the adopted link-local", n);
	CHECK(listed(h, &a, &ai) && ai.state == XDP6_ADDR_PREFERRED, "not listed preferred");
	CHECK(host_addr_adopt(h, c.now, &a, &v) == -EEXIST, "second adopt not -EEXIST");
	CASE_END();
	host_free(h);
	tx_clear(&c);

	CASE_BEGIN("adopt_keeps_deprecated_and_duplicate_restarts_dad_for_tentative");
	h = mk(&c, true, true);
	c.now = T0 + 10 * XDP6_NS_PER_SEC;
	v.origin = XDP6_ORIGIN_STATIC;
	v.state = XDP6_ADDR_DEPRECATED;
	CHECK(host_addr_adopt(h, c.now, &b, &v) == 0, "adopt deprecated");
	v.state = XDP6_ADDR_DUPLICATE;
	CHECK(host_addr_adopt(h, c.now, &d, &v) == 0, "adopt duplicate");
	v.state = XDP6_ADDR_TENTATIVE;
	CHECK(host_addr_adopt(h, c.now, &t, &v) == 0, "adopt tentative");
	run_until(h, &c, c.now + 10 * XDP6_NS_PER_SEC);
	CHECK(listed(h, &b, &ai) && ai.state == XDP6_ADDR_DEPRECATED, "deprecated changed");
	CHECK(listed(h, &d, &ai) && ai.state == XDP6_ADDR_DUPLICATE, "duplicate changed");
	CHECK(listed(h, &t, &ai) && ai.state == XDP6_ADDR_PREFERRED, "tentative not through DAD");
	dad_probe(&c, &b, &n);
	CHECK(n == 0, "probe for the deprecated one");
	dad_probe(&c, &d, &n);
	CHECK(n == 0, "probe for the duplicate one");
	dad_probe(&c, &t, &n);
	CHECK(n == 1, "%d probes for the tentative one", n);
	CASE_END();
	host_free(h);
	tx_clear(&c);
}

/* The Echo Request in msg (mlen octets) from peer to a, as fragments of at most 1232 octets. */
static void send_frag_echo(struct host *h, struct cap *c, const uint8_t *msg, size_t mlen,
			   const struct in6_addr *peer, const struct in6_addr *a, uint32_t id)
{
	size_t off, flen;

	for (off = 0; off < mlen; off += flen) {
		uint8_t f[ETH6_HLEN + IP6_HLEN + 8 + 1232];
		size_t o;
		bool more;

		flen = mlen - off > 1232 ? 1232 : mlen - off;
		more = off + flen < mlen;
		o = build_l3(f, peer, a, IP6_NH_FRAGMENT, 8 + flen, 0, 64);
		f[o] = IP6_NH_ICMPV6;
		f[o + 1] = 0;
		put16(f + o + 2, (uint16_t)(off | (more ? IP6_FRAG_MF : 0)));
		put32(f + o + 4, id);
		memcpy(f + o + 8, msg + off, flen);
		input(h, c, f, o + 8 + flen);
	}
}

static void test_ra_params(void)
{
	struct in6_addr a = A("2001:db8::1"), peer = A("2001:db8::2"), rs, rd;
	static uint8_t msg[8 + 3000], rep[8 + 3000 + 64];
	struct rdisc_params rp;
	struct host_cfg cfg;
	uint8_t f[256], hl, tc;
	struct cap c;
	struct host *h;
	size_t mlen, rlen;
	int len, p, n, pref, nf;
	bool big;

	CASE_BEGIN("ra_mtu_option_bounds_daemon_echo_reply_fragments");
	host_cfg_defaults(&cfg);
	cfg.link_local = false;
	cfg.dad = false;
	h = mk_cfg(&c, &cfg);
	CHECK(host_addr_add(h, T0, &a, 64, XDP6_ORIGIN_STATIC) == 0, "add");
	len = build_ra_ex(f, sizeof(f), 0, NULL, 0, 0, 0, 1400);
	input(h, &c, f, (size_t)len);
	host_ra_params(h, &rp);
	CHECK(rp.mtu == 1400, "RA params mtu %u", rp.mtu);
	tx_clear(&c);
	mlen = echo_msg(msg, &peer, &a, 3000);
	send_frag_echo(h, &c, msg, mlen, &peer, &a, 77);
	rlen = reassemble_reply(&c, 0, 1400, rep, sizeof(rep), &rs, &rd, &hl, &tc, &nf, &big);
	CHECK(rlen == mlen, "reply %zu octets, want %zu", rlen, mlen);
	CHECK(!big, "a fragment exceeds the RA's 1400-octet MTU");
	CHECK(nf == 3, "%d fragments, want 3 of at most 1400", nf);
	CASE_END();
	host_free(h);
	tx_clear(&c);

	CASE_BEGIN("ra_retrans_timer_spaces_later_dad_probes");
	host_cfg_defaults(&cfg);
	cfg.link_local = false;
	h = mk_cfg(&c, &cfg);
	len = build_ra_ex(f, sizeof(f), 0, NULL, 0, 0, 2500, 0);
	input(h, &c, f, (size_t)len);
	CHECK(host_addr_add(h, c.now, &a, 64, XDP6_ORIGIN_STATIC) == 0, "add");
	run_until(h, &c, T0 + 10 * XDP6_NS_PER_SEC);
	p = dad_probe(&c, &a, &n);
	pref = pub_state(&c, &a, XDP6_ADDR_PREFERRED);
	CHECK(p >= 0 && pref >= 0, "no probe or never preferred");
	CHECK(p < 0 || pref < 0 || c.ev[pref].at == c.tx[p].at + 2500 * XDP6_NS_PER_MS,
	      "preferred %.3f s after the probe, want the RA's 2.5 s",
	      p < 0 || pref < 0 ? -1.0 : (double)(c.ev[pref].at - c.tx[p].at) / 1e9);
	CASE_END();
	host_free(h);
	tx_clear(&c);
}

static void test_neighbors(void)
{
	struct in6_addr ll = A("fe80::ff:fe00:1"), peer = A("fe80::2"), rtr = A("fe80::1");
	struct nud_info ni[8];
	uint8_t icmp[sizeof(struct nd6_ns) + 8] = { ICMP6_TYPE_NEIGHBOR_SOLICIT };
	struct pkt_out o = { .src = peer, .hop_limit = ND6_HOP_LIMIT };
	uint8_t f[256];
	struct host_cfg cfg;
	struct cap c;
	struct host *h;
	size_t n, i;
	int len;
	bool seen_peer = false, seen_rtr = false;

	CASE_BEGIN("ns_for_our_address_teaches_the_neighbor_cache_ra_teaches_the_router");
	host_cfg_defaults(&cfg);
	cfg.dad = false;
	h = mk_cfg(&c, &cfg);
	memcpy(icmp + 8, &ll, 16);
	icmp[24] = ND6_OPT_SOURCE_LL_ADDR;
	icmp[25] = 1;
	memcpy(icmp + 26, peer_mac, ETH6_ALEN);
	ip6_solnode(&ll, &o.dst);
	ip6_mc_mac(&o.dst, o.dmac);
	memcpy(o.smac, peer_mac, ETH6_ALEN);
	len = pkt_build_icmp6(f, sizeof(f), &o, icmp, sizeof(icmp));
	input(h, &c, f, (size_t)len);
	len = build_ra(f, sizeof(f), 0, NULL, 0, 0);
	input(h, &c, f, (size_t)len);
	n = host_neighbors(h, c.now, ni, 8);
	for (i = 0; i < n && i < 8; i++) {
		if (!memcmp(&ni[i].addr, &peer, 16))
			seen_peer = ni[i].state == NUD_STALE && !memcmp(ni[i].mac, peer_mac, 6) &&
				    !ni[i].is_router;
		if (!memcmp(&ni[i].addr, &rtr, 16))
			seen_rtr = ni[i].is_router;
	}
	CHECK(seen_peer, "fe80::2 not STALE with its SLLA (RFC 4861 7.2.3)");
	CHECK(seen_rtr, "fe80::1 not a router entry (RFC 4861 6.3.4)");
	CHECK(host_dstats(h)[D_NS_RECEIVED] == 1, "ns-received not counted");
	CASE_END();
	host_free(h);
	tx_clear(&c);
}

/* Sends from peer to all-nodes a packet with an unknown Destination Option of action 10
 * (RFC 8200 §4.2: Parameter Problem code 2 even to a multicast destination) and returns 0 with
 * the source of the Parameter Problem in *src, -1 when none went out. */
static int pp_source(struct host *h, struct cap *c, const struct in6_addr *peer,
		     struct in6_addr *src)
{
	uint8_t f[128], *d;
	struct pkt_info pi;
	size_t o = build_l3(f, peer, &ip6_all_nodes, IP6_NH_DSTOPTS, 8 + 8, 0, 64);
	int k;

	ip6_mc_mac(&ip6_all_nodes, f);
	d = f + o;
	d[0] = IP6_NH_ICMPV6;
	d[1] = 0;
	d[2] = 0x80;
	d[3] = 4;
	memset(d + 4, 0, 4);
	echo_msg(d + 8, peer, &ip6_all_nodes, 0);
	tx_clear(c);
	input(h, c, f, o + 16);
	for (k = 0; k < c->ntx; k++)
		if (!tx_icmp(c, k, ICMP6_TYPE_PARAM_PROBLEM, &pi)) {
			*src = pi.src;
			return 0;
		}
	return -1;
}

/* RFC 6724 §5 source selection, seen in the source of errors about packets to our groups
 * (RFC 4443 §2.2: one of our unicast addresses). */
static void test_source_selection(void)
{
	struct in6_addr ll = A("fe80::ff:fe00:1"), g = A("2001:db8::1"), s;
	struct in6_addr s1 = A("2001:db8:1::ff:fe00:1"), p2 = A("2001:db8:2::1");
	struct host_addr_info ai;
	struct host_cfg cfg;
	uint8_t f[256];
	struct cap c;
	struct host *h;
	int len;

	/* rule 2: the same scope as the destination */
	CASE_BEGIN("source_rfc6724_rule2_global_peer_gets_global_link_local_peer_link_local");
	h = mk(&c, true, false);
	CHECK(host_addr_add(h, T0, &g, 64, XDP6_ORIGIN_STATIC) == 0, "add");
	CHECK(!pp_source(h, &c, P("2001:db8:7::2"), &s) && !memcmp(&s, &g, 16),
	      "global peer not answered from 2001:db8::1");
	CHECK(!pp_source(h, &c, P("fe80::2"), &s) && !memcmp(&s, &ll, 16),
	      "link-local peer not answered from fe80::ff:fe00:1");
	CASE_END();
	host_free(h);
	tx_clear(&c);

	/* rule 3 before rule 8: a preferred address beats a deprecated one on the peer's prefix;
	 * a deprecated address is still used when it is the only one (RFC 4862 §5.5.4) */
	CASE_BEGIN("source_rfc6724_rule3_preferred_before_deprecated_deprecated_if_alone");
	host_cfg_defaults(&cfg);
	cfg.link_local = false;
	cfg.dad = false;
	h = mk_cfg(&c, &cfg);
	c.now = T0 + XDP6_NS_PER_SEC;
	len = build_ra(f, sizeof(f), 64, "2001:db8:1::", 600, 30);
	input(h, &c, f, (size_t)len);
	run_until(h, &c, c.now + 31 * XDP6_NS_PER_SEC);
	CHECK(listed(h, &s1, &ai) && ai.state == XDP6_ADDR_DEPRECATED, "SLAAC not deprecated");
	CHECK(!pp_source(h, &c, P("2001:db8:1::9"), &s) && !memcmp(&s, &s1, 16),
	      "the deprecated address, alone, not used");
	CHECK(host_addr_add(h, c.now, &p2, 64, XDP6_ORIGIN_STATIC) == 0, "add");
	CHECK(!pp_source(h, &c, P("2001:db8:1::9"), &s) && !memcmp(&s, &p2, 16),
	      "deprecated address used while a preferred one exists");
	CASE_END();
	host_free(h);
	tx_clear(&c);

	/* rule 8: the longest matching prefix (here: the one on the peer's prefix) */
	CASE_BEGIN("source_rfc6724_rule8_address_on_the_peers_prefix");
	h = mk(&c, false, false);
	CHECK(host_addr_add(h, T0, P("2001:db8:1::1"), 64, XDP6_ORIGIN_STATIC) == 0, "add");
	CHECK(host_addr_add(h, T0, &p2, 64, XDP6_ORIGIN_STATIC) == 0, "add");
	CHECK(host_addr_add(h, T0, P("2001:db8:3::1"), 64, XDP6_ORIGIN_STATIC) == 0, "add");
	CHECK(!pp_source(h, &c, P("2001:db8:2::9"), &s) && !memcmp(&s, &p2, 16),
	      "not answered from 2001:db8:2::1");
	CASE_END();
	host_free(h);
	tx_clear(&c);

	/* RFC 4862 §5.4: a tentative address is not ours to send from */
	CASE_BEGIN("source_never_a_tentative_address");
	h = mk(&c, false, true);
	CHECK(host_addr_add(h, T0, &g, 64, XDP6_ORIGIN_STATIC) == 0, "add");
	CHECK(pp_source(h, &c, P("2001:db8::9"), &s) < 0, "error sent from a tentative address");
	CASE_END();
	host_free(h);
	tx_clear(&c);
}

static void test_param_problem(void)
{
	struct in6_addr a = A("2001:db8::1"), peer = A("2001:db8::2");
	struct pkt_info pi;
	uint8_t f[128], *d;
	struct cap c;
	struct host *h = mk(&c, false, false);
	size_t o;

	CASE_BEGIN("unknown_destination_option_action_10_gets_parameter_problem_code_2");
	CHECK(host_addr_add(h, T0, &a, 64, XDP6_ORIGIN_STATIC) == 0, "add");
	/* Destination Options with option type 0x80 (action 10: discard and send PP 2), then
	 * an Echo Request that must not be answered */
	o = build_l3(f, &peer, &a, IP6_NH_DSTOPTS, 8 + 8, 0, 64);
	d = f + o;
	d[0] = IP6_NH_ICMPV6;
	d[1] = 0;
	d[2] = 0x80;
	d[3] = 4;
	memset(d + 4, 0, 4);
	echo_msg(d + 8, &peer, &a, 0);
	input(h, &c, f, o + 16);
	CHECK(c.ntx == 1, "%d frames", c.ntx);
	if (c.ntx == 1) {
		CHECK(!tx_icmp(&c, 0, ICMP6_TYPE_PARAM_PROBLEM, &pi) &&
		      c.tx[0].b[pi.l4_off + 1] == ICMP6_PP_OPTION, "not Parameter Problem code 2");
		CHECK(pi.l4_len >= 8 && c.tx[0].b[pi.l4_off + 7] == IP6_HLEN + 2,
		      "pointer is not the option type at offset 42");
		CHECK(!memcmp(&pi.src, &a, 16), "not from the destination");
	}
	CASE_END();
	host_free(h);
	tx_clear(&c);

	CASE_BEGIN("option_action_10_to_all_nodes_answered_from_link_local_other_group_not");
	h = mk(&c, true, false);
	{
		struct in6_addr groups[2] = { ip6_all_nodes, A("ff02::1:ff99:9999") };
		struct in6_addr ll = A("fe80::ff:fe00:1");
		int k;

		for (k = 0; k < 2; k++) {
			o = build_l3(f, &peer, &groups[k], IP6_NH_DSTOPTS, 8 + 8, 0, 64);
			ip6_mc_mac(&groups[k], f);
			d = f + o;
			d[0] = IP6_NH_ICMPV6;
			d[1] = 0;
			d[2] = 0x80;
			d[3] = 4;
			memset(d + 4, 0, 4);
			echo_msg(d + 8, &peer, &groups[k], 0);
			tx_clear(&c);
			input(h, &c, f, o + 16);
			if (k == 0) {
				CHECK(c.ntx == 1 && !tx_icmp(&c, 0, ICMP6_TYPE_PARAM_PROBLEM, &pi) &&
				      !memcmp(&pi.src, &ll, 16),
				      "no Parameter Problem from fe80::ff:fe00:1 (RFC 4443 2.4(e.3))");
			} else {
				CHECK(c.ntx == 0, "error about a packet to a group not ours");
			}
		}
	}
	CASE_END();
	host_free(h);
	tx_clear(&c);
}

static int log_lines;
static char log_last[256];

static void on_log(void *ctx, const char *line)
{
	log_lines++;
	snprintf(log_last, sizeof(log_last), "%s", line);
}

static void test_link_local_duplicate(void)
{
	struct in6_addr any = { 0 }, ll1, ll2;
	struct host_addr_info ai[4];
	struct host_cfg cfg;
	uint8_t f[128];
	struct cap c;
	struct host *h;
	int len;
	size_t n;

	CASE_BEGIN("duplicate_stable_privacy_link_local_is_published_duplicate_and_replaced");
	host_cfg_defaults(&cfg);
	cfg.accept_ra = false;
	cfg.stable_privacy = true;
	memcpy(cfg.secret, "another secret", 14);
	cfg.secret_len = 14;
	h = mk_cfg(&c, &cfg);
	host_set_log(h, on_log, NULL);
	log_lines = 0;
	n = host_addrs(h, ai, 4);
	CHECK(n == 1 && ai[0].state == XDP6_ADDR_TENTATIVE, "no tentative link-local");
	ll1 = ai[0].addr;
	len = build_ns(f, sizeof(f), &any, &ll1);
	input(h, &c, f, (size_t)len);
	/* the host logs the duplicate, once, with its cause (RFC 4862 §5.4.3) */
	CHECK(last_pub(&c, &ll1) && last_pub(&c, &ll1)->state == XDP6_ADDR_DUPLICATE,
	      "duplicate not published");
	CHECK(log_lines == 1 && strstr(log_last, "duplicate address (DAD: NS from another node)"),
	      "%d log lines, last '%s'", log_lines, log_last);
	n = host_addrs(h, ai, 4);
	CHECK(n == 1 && ai[0].origin == XDP6_ORIGIN_LINK_LOCAL, "%zu addresses", n);
	ll2 = ai[0].addr;
	CHECK(memcmp(&ll1, &ll2, 16) && ip6_is_linklocal(&ll2), "same link-local again");
	run_until(h, &c, T0 + 5 * XDP6_NS_PER_SEC);
	n = host_addrs(h, ai, 4);
	CHECK(n == 1 && ai[0].state == XDP6_ADDR_PREFERRED, "second link-local not preferred");
	CASE_END();
	host_free(h);
	tx_clear(&c);

	CASE_BEGIN("duplicate_eui64_link_local_stays_duplicate_and_no_rs");
	host_cfg_defaults(&cfg);
	h = mk_cfg(&c, &cfg);
	ll1 = A("fe80::ff:fe00:1");
	len = build_ns(f, sizeof(f), &any, &ll1);
	input(h, &c, f, (size_t)len);
	run_until(h, &c, T0 + 20 * XDP6_NS_PER_SEC);
	n = host_addrs(h, ai, 4);
	CHECK(n == 1 && ai[0].state == XDP6_ADDR_DUPLICATE, "not kept duplicate");
	{
		struct pkt_info pi;
		int i, rs = 0;

		for (i = 0; i < c.ntx; i++)
			rs += !tx_icmp(&c, i, ICMP6_TYPE_ROUTER_SOLICIT, &pi);
		CHECK(rs == 0, "%d RS without a usable link-local", rs);
	}
	CASE_END();
	host_free(h);
	tx_clear(&c);
}

static void test_temporary(void)
{
	struct host_addr_info ai[8];
	struct host_cfg cfg;
	uint8_t f[256];
	struct cap c;
	struct host *h;
	size_t n, i;
	int len, pub = 0, tmp = 0;

	CASE_BEGIN("temporary_cfg_gives_a_temporary_address_next_to_the_slaac_one");
	host_cfg_defaults(&cfg);
	cfg.link_local = false;
	cfg.temporary = true;
	h = mk_cfg(&c, &cfg);
	len = build_ra(f, sizeof(f), 0, "2001:db8:1::", 86400, 14400);
	input(h, &c, f, (size_t)len);
	run_until(h, &c, T0 + 5 * XDP6_NS_PER_SEC);
	n = host_addrs(h, ai, 8);
	for (i = 0; i < n && i < 8; i++) {
		pub += ai[i].origin == XDP6_ORIGIN_SLAAC && ai[i].state == XDP6_ADDR_PREFERRED;
		tmp += ai[i].origin == XDP6_ORIGIN_TEMPORARY &&
		       ai[i].state == XDP6_ADDR_PREFERRED && ai[i].valid_until != XDP6_NEVER &&
		       ai[i].preferred_until <= T0 + 14400 * XDP6_NS_PER_SEC;
	}
	CHECK(pub == 1 && tmp == 1, "%d slaac, %d temporary preferred addresses", pub, tmp);
	CASE_END();
	host_free(h);
	tx_clear(&c);
}

/* ---- many addresses (xdp6d --max-addrs up to 1M): callbacks tallied, not captured ---- */

struct tally {
	unsigned publish, preferred, unpublish, join, leave, iface, probes, reports;
	xdp6_ns now;
	uint8_t *probed;	/* per address index: DAD probes seen */
	size_t nprobed;
};

static void t_publish(void *ctx, const struct in6_addr *a, const struct xdp6_addr_val *v)
{
	struct tally *t = ctx;

	t->publish++;
	t->preferred += v->state == XDP6_ADDR_PREFERRED;
}

static void t_unpublish(void *ctx, const struct in6_addr *a)
{
	((struct tally *)ctx)->unpublish++;
}

static void t_join(void *ctx, const struct in6_addr *g)
{
	((struct tally *)ctx)->join++;
}

static void t_leave(void *ctx, const struct in6_addr *g)
{
	((struct tally *)ctx)->leave++;
}

static void t_iface(void *ctx, const struct xdp6_iface *v, bool refill_tokens)
{
	((struct tally *)ctx)->iface++;
}

/* Address i of the many: 2001:db8:1:0:i/4096::i%4096, so every 4096th shares a
 * solicited-node group (RFC 4291 §2.7.1: low 24 bits). */
static struct in6_addr many(size_t i)
{
	struct in6_addr a = A("2001:db8:1::");

	a.s6_addr[8] = (uint8_t)(i >> 20);
	a.s6_addr[9] = (uint8_t)(i >> 12);
	a.s6_addr[14] = (uint8_t)(i >> 8 & 0x0f);
	a.s6_addr[15] = (uint8_t)i;
	return a;
}

static size_t many_index(const struct in6_addr *a)
{
	return (size_t)a->s6_addr[8] << 20 | (size_t)a->s6_addr[9] << 12 |
	       (size_t)(a->s6_addr[14] & 0x0f) << 8 | a->s6_addr[15];
}

static void t_tx(void *ctx, const uint8_t *frame, size_t len)
{
	struct tally *t = ctx;
	struct pkt_info pi;
	const uint8_t *l4;

	if (pkt_parse(frame, len, &pi) || pi.l4_proto != IP6_NH_ICMPV6 || pi.l4_len < 24)
		return;
	l4 = frame + pi.l4_off;
	t->reports += l4[0] == MLD6_TYPE_V2_REPORT;
	if (l4[0] == ICMP6_TYPE_NEIGHBOR_SOLICIT && ip6_is_unspecified(&pi.src)) {
		struct in6_addr tg;
		size_t i;

		memcpy(&tg, l4 + 8, 16);
		i = many_index(&tg);
		t->probes++;
		if (t->probed && i < t->nprobed)
			t->probed[i]++;
	}
}

static struct host *mk_many(struct tally *t, bool link_local, bool dad, size_t max)
{
	struct host_ops ops = {
		.tx = { .fn = t_tx, .ctx = t },
		.addr_publish = t_publish, .addr_unpublish = t_unpublish,
		.group_join = t_join, .group_leave = t_leave, .iface_changed = t_iface,
		.ctx = t,
	};
	struct host_cfg cfg;
	struct host *h;

	host_cfg_defaults(&cfg);
	cfg.link_local = link_local;
	cfg.dad = dad;
	cfg.accept_ra = false;
	memset(t, 0, sizeof(*t));
	t->now = T0;
	h = host_new(&link1, &cfg, &ops, 1, T0);
	if (h)
		host_set_max_addrs(h, max);
	t->iface = 0;	/* the start's write of the iface map */
	return h;
}

/* Like the event loop: every deadline up to end served at its time. */
static void many_run(struct host *h, struct tally *t, xdp6_ns end)
{
	xdp6_ns d;

	while ((d = host_next_deadline(h)) <= end) {
		if (d > t->now)
			t->now = d;
		host_timeout(h, t->now);
	}
	t->now = end;
}

/* host_addrs() lists exactly the addresses i with want[i] != 0, in increasing want[i]. */
static int many_listed_in_order(const struct host *h, const uint32_t *want, size_t n,
				size_t count)
{
	struct host_addr_info *ai = calloc(count ? count : 1, sizeof(*ai));
	size_t got = host_addrs(h, ai, count), k;
	uint32_t last = 0;
	int ok = ai && got == count && host_addrs(h, NULL, 0) == count;

	for (k = 0; ok && k < got; k++) {
		size_t i = many_index(&ai[k].addr);

		ok = i < n && want[i] > last;
		last = ok ? want[i] : 0;
	}
	free(ai);
	return ok;
}

/* Adds many(0 .. n - 1) in that order without DAD, MLD's reports sent as they fall due;
 * order[i] = 1 + rank of the addition. Returns how many adds failed. */
static unsigned many_fill(struct host *h, struct tally *t, uint32_t *order, uint32_t *rank,
			  size_t n)
{
	unsigned bad = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		struct in6_addr a = many(i);

		bad += host_addr_add(h, t->now, &a, 64, XDP6_ORIGIN_STATIC) != 0;
		order[i] = ++*rank;
		t->now += 1000;
		many_run(h, t, t->now);		/* MLD's state-change report, due at once */
	}
	return bad;
}

static void test_many_addresses(void)
{
	enum { N = 20000, GROUPS = 4096 };
	uint32_t *order = calloc(N, sizeof(*order));	/* 1 + rank of addition, 0 = absent */
	uint32_t rank = 0;
	struct host_addr_info ai;
	struct tally t;
	struct host *h = mk_many(&t, false, false, N);
	size_t i, n = N, groups;
	unsigned bad;

	CASE_BEGIN("many_addresses_no_dad_published_preferred_each_group_joined_once_listed_in_order");
	bad = many_fill(h, &t, order, &rank, N);
	CHECK(bad == 0, "%u adds failed", bad);
	CHECK(t.publish == N && t.preferred == N, "published %u, preferred %u", t.publish,
	      t.preferred);
	CHECK(t.join == GROUPS, "joined %u groups, want %u", t.join, GROUPS);
	CHECK(t.iface == 0, "%u iface changes without a link-local", t.iface);
	groups = host_groups(h, NULL, 0);
	CHECK(groups == GROUPS + 1, "MLD lists %zu groups, want %u + ff02::1", groups, GROUPS);
	CHECK(many_listed_in_order(h, order, N, n), "listing not in the order of addition");
	CHECK(t.reports > 0, "no MLD report");
	CASE_END();
	host_free(h);

	CASE_BEGIN("many_addresses_deleted_and_readded_leave_with_last_user_listed_in_new_order");
	h = mk_many(&t, false, false, N);
	rank = 0;
	n = N;
	bad = many_fill(h, &t, order, &rank, N);
	/* every third address goes, then the first 100 of those come back: last in the list */
	t.join = t.leave = 0;
	for (i = 0; i < N; i += 3) {
		struct in6_addr a = many(i);

		bad += host_addr_del(h, t.now, &a) != 0;
		order[i] = 0;
		n--;
	}
	for (i = 0; i < 300; i += 3) {
		struct in6_addr a = many(i);

		bad += host_addr_add(h, t.now, &a, 64, XDP6_ORIGIN_STATIC) != 0;
		order[i] = ++rank;
		n++;
	}
	many_run(h, &t, t.now + 10 * XDP6_NS_PER_SEC);
	CHECK(bad == 0, "%u adds or dels failed", bad);
	/* group g = i % 4096 is used by i = g, g + 4096, ...: it is left only when every one
	 * of its users was a multiple of 3, which holds for none (4096 is not) */
	CHECK(t.leave == 0 && t.join == 0, "left %u, joined %u groups", t.leave, t.join);
	CHECK(many_listed_in_order(h, order, N, n), "listing not in the new order");
	CHECK(listed(h, &(struct in6_addr){ 0 }, &ai) == 0, "listed ::");
	CASE_END();
	host_free(h);

	CASE_BEGIN("many_addresses_all_deleted_leave_every_group");
	h = mk_many(&t, false, false, N);
	rank = 0;
	bad = many_fill(h, &t, order, &rank, N);
	for (i = 0; i < N; i++) {
		struct in6_addr a = many(i);

		bad += host_addr_del(h, t.now, &a) != 0;
	}
	many_run(h, &t, t.now + 10 * XDP6_NS_PER_SEC);
	CHECK(bad == 0, "%u adds or dels failed", bad);
	CHECK(t.leave == GROUPS, "left %u groups, want %u", t.leave, GROUPS);
	CHECK(host_addrs(h, NULL, 0) == 0 && host_groups(h, NULL, 0) == 1, "%zu addresses, %zu "
	      "groups left", host_addrs(h, NULL, 0), host_groups(h, NULL, 0));
	CHECK(t.unpublish == N, "unpublished %u", t.unpublish);
	CASE_END();
	host_free(h);

	CASE_BEGIN("link_local_added_after_many_globals_becomes_the_interface_link_local");
	h = mk_many(&t, false, false, N);
	for (i = 0; i < 1000; i++) {
		struct in6_addr a = many(i);

		host_addr_add(h, t.now, &a, 64, XDP6_ORIGIN_STATIC);
	}
	CHECK(t.iface == 0, "iface changed %u times for globals", t.iface);
	{
		struct in6_addr l1 = A("fe80::1"), l2 = A("fe80::2"), g = many(5);
		struct xdp6_iface ifc;

		CHECK(host_addr_add(h, t.now, &l1, 64, XDP6_ORIGIN_STATIC) == 0, "add fe80::1");
		host_iface_cfg(h, &ifc);
		CHECK(t.iface == 1 && (ifc.flags & XDP6_IF_HAS_LL) &&
		      !memcmp(ifc.ll_addr, &l1, 16), "fe80::1 not the link-local");
		CHECK(host_addr_add(h, t.now, &l2, 64, XDP6_ORIGIN_STATIC) == 0 &&
		      host_addr_del(h, t.now, &g) == 0 && t.iface == 1,
		      "a second link-local or a global changed the iface");
		CHECK(host_addr_del(h, t.now, &l1) == 0, "del fe80::1");
		host_iface_cfg(h, &ifc);
		CHECK(t.iface == 2 && (ifc.flags & XDP6_IF_HAS_LL) &&
		      !memcmp(ifc.ll_addr, &l2, 16), "fe80::2 did not take over");
		CHECK(host_addr_del(h, t.now, &l2) == 0, "del fe80::2");
		host_iface_cfg(h, &ifc);
		CHECK(t.iface == 3 && !(ifc.flags & XDP6_IF_HAS_LL), "link-local not cleared");
	}
	CASE_END();
	host_free(h);

	CASE_BEGIN("many_addresses_with_dad_each_probed_once_then_preferred");
	h = mk_many(&t, false, true, N);
	t.probed = calloc(N, 1);
	t.nprobed = N;
	for (i = 0; i < N; i++) {
		struct in6_addr a = many(i);

		bad += host_addr_add(h, t.now, &a, 64, XDP6_ORIGIN_STATIC) != 0;
	}
	CHECK(t.publish == N && t.preferred == 0, "published %u, %u preferred at once",
	      t.publish, t.preferred);
	/* RFC 4862 §5.4.2: a random delay up to 1 s, one probe, RetransTimer 1 s */
	many_run(h, &t, T0 + 3 * XDP6_NS_PER_SEC);
	{
		unsigned once = 0;

		for (i = 0; i < N; i++)
			once += t.probed[i] == 1;
		CHECK(t.probes == N && once == N, "%u probes, %u addresses probed once", t.probes,
		      once);
	}
	CHECK(t.preferred == N, "%u preferred", t.preferred);
	CHECK(host_dstats(h)[D_DAD_SUCCEEDED] == N, "dad-succeeded %llu",
	      (unsigned long long)host_dstats(h)[D_DAD_SUCCEEDED]);
	CHECK(bad == 0, "%u adds failed", bad);
	CASE_END();
	free(t.probed);
	host_free(h);
	free(order);
}

/* ---- issue 9: what an attacker on the link tried ---- */

/* Issue 9 item 2: one RA from any link-local source, with a prefix that forms the same
 * address as a static one (A=1, valid 20 s, preferred 10 s), deprecated that static address
 * and then removed it for good. SLAAC may touch only what it formed (RFC 4862 §5.5.3). */
static void test_slaac_leaves_static_alone(void)
{
	struct in6_addr a = A("2001:db8:1::ff:fe00:1"), b = A("2001:db8:2::ff:fe00:1");
	struct host_addr_info ai;
	struct host_cfg cfg;
	uint8_t f[256];
	struct cap c;
	struct host *h;
	xdp6_ns t_ra;
	int len;

	CASE_BEGIN("ra_prefix_forming_a_static_address_neither_deprecates_nor_removes_it");
	host_cfg_defaults(&cfg);
	cfg.link_local = false;
	h = mk_cfg(&c, &cfg);
	CHECK(host_addr_add(h, T0, &a, 64, XDP6_ORIGIN_STATIC) == 0, "add");
	run_until(h, &c, T0 + 3 * XDP6_NS_PER_SEC);
	CHECK(listed(h, &a, &ai) && ai.state == XDP6_ADDR_PREFERRED, "static not preferred");
	t_ra = c.now;
	len = build_ra(f, sizeof(f), 64, "2001:db8:1::", 20, 10);
	input(h, &c, f, (size_t)len);
	run_until(h, &c, t_ra + 60 * XDP6_NS_PER_SEC);
	CHECK(pub_state(&c, &a, XDP6_ADDR_DEPRECATED) < 0, "static address deprecated");
	CHECK(count(&c, EV_UNPUBLISH, &a) == 0, "static address removed");
	CHECK(listed(h, &a, &ai) && ai.state == XDP6_ADDR_PREFERRED &&
	      ai.origin == XDP6_ORIGIN_STATIC && ai.valid_until == XDP6_NEVER &&
	      ai.preferred_until == XDP6_NEVER, "static address changed: state %d origin %d",
	      ai.state, ai.origin);
	CHECK(!host_dstats(h)[D_SLAAC_ADDR_ADDED] && host_dstats(h)[D_SLAAC_ADDR_REFUSED] == 1,
	      "slaac-addr-added %lu, slaac-addr-refused %lu",
	      (unsigned long)host_dstats(h)[D_SLAAC_ADDR_ADDED],
	      (unsigned long)host_dstats(h)[D_SLAAC_ADDR_REFUSED]);
	CASE_END();
	host_free(h);
	tx_clear(&c);

	/* SLAAC formed b; deleted by hand and added again as static while SLAAC still tracks
	 * the prefix: SLAAC's lifetimes and expiry must not reach the static one. */
	CASE_BEGIN("static_address_re_added_over_a_slaac_one_is_not_touched_by_slaac");
	h = mk_cfg(&c, &cfg);
	t_ra = c.now = T0 + XDP6_NS_PER_SEC;
	len = build_ra(f, sizeof(f), 64, "2001:db8:2::", 30, 20);
	input(h, &c, f, (size_t)len);
	run_until(h, &c, t_ra + 3 * XDP6_NS_PER_SEC);
	CHECK(listed(h, &b, &ai) && ai.origin == XDP6_ORIGIN_SLAAC &&
	      ai.state == XDP6_ADDR_PREFERRED, "SLAAC address not formed");
	CHECK(host_addr_del(h, c.now, &b) == 0, "del");
	CHECK(host_addr_add(h, c.now, &b, 64, XDP6_ORIGIN_STATIC) == 0, "add static");
	len = build_ra(f, sizeof(f), 64, "2001:db8:2::", 30, 0);	/* deprecate at once */
	input(h, &c, f, (size_t)len);
	run_until(h, &c, t_ra + 100 * XDP6_NS_PER_SEC);
	CHECK(listed(h, &b, &ai) && ai.state == XDP6_ADDR_PREFERRED &&
	      ai.origin == XDP6_ORIGIN_STATIC && ai.valid_until == XDP6_NEVER,
	      "static address touched by SLAAC: listed %d state %d", listed(h, &b, &ai),
	      ai.state);
	CASE_END();
	host_free(h);
	tx_clear(&c);
}

/* Issue 9 item 21: an NA claiming one of our preferred addresses was ignored without a word
 * (RFC 4862 §5.4.4: SHOULD log). Logged once per address per interval, at most
 * HOST_LOG_SLOTS (8) addresses per interval, counted every time, nothing else changes. */
static void test_na_claims_ours(void)
{
	struct host_addr_info ai;
	struct in6_addr a = A("2001:db8::1");
	struct cap c;
	struct host *h = mk(&c, false, false);
	uint8_t f[256];
	char buf[64];
	int len, i;

	CASE_BEGIN("na_claiming_our_preferred_address_is_logged_rate_limited_and_counted");
	host_set_log(h, on_log, NULL);
	log_lines = 0;
	CHECK(host_addr_add(h, T0, &a, 64, XDP6_ORIGIN_STATIC) == 0, "add");
	len = build_na(f, sizeof(f), &a);
	for (i = 0; i < 1000; i++)
		input(h, &c, f, (size_t)len);
	CHECK(log_lines == 1, "%d log lines for 1000 NAs", log_lines);
	CHECK(strstr(log_last, "2001:db8::1") && strstr(log_last, "02:00:00:00:00:02"),
	      "log line '%s' names neither the address nor the sender's MAC", log_last);
	CHECK(host_dstats(h)[D_NA_CLAIMS_OURS] == 1000, "na-claims-our-addr %lu",
	      (unsigned long)host_dstats(h)[D_NA_CLAIMS_OURS]);
	CHECK(listed(h, &a, &ai) && ai.state == XDP6_ADDR_PREFERRED, "address changed");
	CHECK(host_neighbors(h, c.now, NULL, 0) == 0, "neighbor entry from the NA");
	c.now += 60 * XDP6_NS_PER_SEC - 1;
	input(h, &c, f, (size_t)len);
	CHECK(log_lines == 1, "logged again within the interval");
	c.now += 1;
	input(h, &c, f, (size_t)len);
	CHECK(log_lines == 2, "not logged again after the interval");
	CASE_END();

	host_free(h);
	tx_clear(&c);

	CASE_BEGIN("na_flood_for_many_of_our_addresses_logs_at_most_8_lines_a_minute");
	h = mk(&c, false, false);
	host_set_log(h, on_log, NULL);
	for (i = 2; i < 40; i++) {
		snprintf(buf, sizeof(buf), "2001:db8::%d", i);
		a = A(buf);
		host_addr_add(h, c.now, &a, 64, XDP6_ORIGIN_STATIC);
	}
	log_lines = 0;
	for (i = 2; i < 40; i++) {
		snprintf(buf, sizeof(buf), "2001:db8::%d", i);
		a = A(buf);
		len = build_na(f, sizeof(f), &a);
		input(h, &c, f, (size_t)len);
	}
	CHECK(log_lines == 8, "%d log lines for NAs claiming 38 addresses", log_lines);
	CASE_END();
	host_free(h);
	tx_clear(&c);
}

/* The neighbor cache entry of a, through the listing: 0 or -ENOENT. */
static int neigh_get(const struct host *h, xdp6_ns now, const struct in6_addr *a,
		     struct nud_info *out)
{
	static struct nud_info all[NUD_DEFAULT_MAX_ENTRIES];
	size_t n = host_neighbors(h, now, all, NUD_DEFAULT_MAX_ENTRIES), i;

	for (i = 0; i < n && i < NUD_DEFAULT_MAX_ENTRIES; i++)
		if (!memcmp(&all[i].addr, a, sizeof(*a))) {
			*out = all[i];
			return 0;
		}
	return -ENOENT;
}

/* Issue 9 item 3: Echo Requests the daemon answers from 300 distinct sources left 256
 * INCOMPLETE entries nothing could evict; the router's entry was then refused. */
static void test_neigh_flood(void)
{
	struct in6_addr a = A("2001:db8::1"), src, rtr = A("fe80::1");
	struct nud_info ni;
	struct host_cfg cfg;
	static uint8_t f[512], msg[64];
	struct cap c;
	struct host *h;
	size_t o, mlen;
	char buf[64];
	int i, len;

	CASE_BEGIN("echo_flood_from_300_sources_does_not_keep_the_router_out_of_the_cache");
	host_cfg_defaults(&cfg);
	cfg.dad = false;
	cfg.link_local = true;
	h = mk_cfg(&c, &cfg);
	CHECK(host_addr_add(h, T0, &a, 64, XDP6_ORIGIN_STATIC) == 0, "add");
	for (i = 0; i < 300; i++) {
		snprintf(buf, sizeof(buf), "2001:db8::1:%x", i + 1);
		src = A(buf);
		mlen = echo_msg(msg, &src, &a, 16);
		o = build_l3(f, &src, &a, IP6_NH_ICMPV6, mlen, 0, 64);
		memcpy(f + o, msg, mlen);
		input(h, &c, f, o + mlen);
	}
	CHECK(host_neighbors(h, c.now, NULL, 0) == NUD_DEFAULT_MAX_ENTRIES, "%zu entries",
	      host_neighbors(h, c.now, NULL, 0));
	len = build_ra(f, sizeof(f), 0, NULL, 0, 0);
	input(h, &c, f, (size_t)len);
	CHECK(!neigh_get(h, c.now, &rtr, &ni) && ni.is_router &&
	      !memcmp(ni.mac, peer_mac, 6), "router fe80::1 not in the neighbor cache");
	CHECK(!host_dstats(h)[D_NUD_TABLE_FULL], "neigh-table-full %lu",
	      (unsigned long)host_dstats(h)[D_NUD_TABLE_FULL]);
	/* the router's entry now outlives a second flood */
	for (i = 300; i < 600; i++) {
		snprintf(buf, sizeof(buf), "2001:db8::1:%x", i + 1);
		src = A(buf);
		mlen = echo_msg(msg, &src, &a, 16);
		o = build_l3(f, &src, &a, IP6_NH_ICMPV6, mlen, 0, 64);
		memcpy(f + o, msg, mlen);
		input(h, &c, f, o + mlen);
	}
	CHECK(!neigh_get(h, c.now, &rtr, &ni), "router evicted by a second flood");
	CASE_END();
	host_free(h);
	tx_clear(&c);
}

/* The state of a at the moment frame k went out: from the events captured before it. */
static int state_at_tx(const struct cap *c, int k, const struct in6_addr *a)
{
	int i;

	for (i = c->tx[k].nev - 1; i >= 0; i--) {
		if (memcmp(&c->ev[i].a, a, sizeof(*a)))
			continue;
		if (c->ev[i].kind == EV_UNPUBLISH)
			return -1;
		if (c->ev[i].kind == EV_PUBLISH)
			return c->ev[i].v.state;
	}
	return -1;
}

/* Issue 9 item 5: RFC 3810 §5.2.13, RFC 3590 §4: MLD messages go from :: until a link-local
 * address is valid, never from a tentative one (RFC 4862 §5.4). Through DAD of the generated
 * link-local, its removal and return (tentative again), joins and a General Query meanwhile. */
static void test_mld_source_never_tentative(void)
{
	struct in6_addr ll = A("fe80::ff:fe00:1"), a = A("2001:db8::7");
	uint8_t icmp[MLD6_V2_QUERY_MIN_LEN] = { MLD6_TYPE_QUERY }, f[256];
	struct pkt_out o = { .src = A("fe80::99"), .dst = ip6_all_nodes,
			     .hop_limit = MLD6_HOP_LIMIT, .router_alert = true };
	struct host_cfg cfg;
	struct pkt_info pi;
	struct cap c;
	struct host *h;
	int i, len, from_ll = 0, from_unspec = 0, bad = 0;

	CASE_BEGIN("mld_reports_never_from_a_tentative_link_local");
	host_cfg_defaults(&cfg);
	cfg.accept_ra = false;
	cfg.dad_transmits = 3;
	h = mk_cfg(&c, &cfg);
	host_addr_add(h, T0, &a, 64, XDP6_ORIGIN_STATIC);
	put16(icmp + 4, 500);				/* Maximum Response Code: 0.5 s */
	ip6_mc_mac(&o.dst, o.dmac);
	memcpy(o.smac, peer_mac, ETH6_ALEN);
	len = pkt_build_icmp6(f, sizeof(f), &o, icmp, sizeof(icmp));
	c.now = T0 + XDP6_NS_PER_SEC;
	input(h, &c, f, (size_t)len);			/* a query during DAD */
	run_until(h, &c, T0 + 6 * XDP6_NS_PER_SEC);
	CHECK(listed(h, &ll, &(struct host_addr_info){ 0 }), "no link-local");
	host_addr_del(h, c.now, &ll);
	host_addr_add(h, c.now, &ll, 64, XDP6_ORIGIN_LINK_LOCAL);	/* tentative again */
	c.now += XDP6_NS_PER_SEC;
	input(h, &c, f, (size_t)len);
	run_until(h, &c, c.now + 6 * XDP6_NS_PER_SEC);
	for (i = 0; i < c.ntx; i++) {
		if (tx_icmp(&c, i, MLD6_TYPE_V2_REPORT, &pi))
			continue;
		if (ip6_is_unspecified(&pi.src)) {
			from_unspec++;
			continue;
		}
		if (!memcmp(&pi.src, &ll, 16) &&
		    state_at_tx(&c, i, &ll) == XDP6_ADDR_PREFERRED) {
			from_ll++;
			continue;
		}
		bad++;
	}
	CHECK(!bad, "%d MLD reports from a link-local that was not preferred", bad);
	CHECK(from_unspec >= 2 && from_ll >= 2, "reports: %d from ::, %d from the link-local",
	      from_unspec, from_ll);
	CASE_END();
	host_free(h);
	tx_clear(&c);
}

/* Times of the NSs captured for target t, from :: (DAD probes) or from a unicast source (NUD),
 * up to max; returns how many. */
static int ns_times(const struct cap *c, const struct in6_addr *t, bool from_unspec,
		    xdp6_ns *at, int max)
{
	struct pkt_info pi;
	int i, n = 0;

	for (i = 0; i < c->ntx && n < max; i++) {
		if (tx_icmp(c, i, ICMP6_TYPE_NEIGHBOR_SOLICIT, &pi) || pi.l4_len < 24 ||
		    ip6_is_unspecified(&pi.src) != from_unspec ||
		    memcmp(c->tx[i].b + pi.l4_off + 8, t, 16))
			continue;
		at[n++] = c->tx[i].at;
	}
	return n;
}

/* RFC 4861 §6.3.4: an RA's RetransTimer reaches NUD and DAD through the host alone; a DAD that
 * is running takes it for the probes scheduled after the RA (Linux reads it at each probe). */
static void test_retrans_one_route(void)
{
	struct in6_addr a = A("2001:db8::1"), peer = A("2001:db8::99");
	uint8_t f[256], m[64];
	xdp6_ns dad[4], nud[4], gap = 2500 * XDP6_NS_PER_MS;
	struct host_cfg cfg;
	struct cap c;
	struct host *h;
	size_t o, ml;
	int len, nd, nn;

	CASE_BEGIN("ra_retrans_timer_reaches_a_running_dad_and_nud_through_the_host");
	host_cfg_defaults(&cfg);
	cfg.link_local = false;
	cfg.dad_transmits = 3;
	h = mk_cfg(&c, &cfg);
	CHECK(host_addr_add(h, c.now, &a, 64, XDP6_ORIGIN_STATIC) == 0, "add");
	run_until(h, &c, T0 + 1100 * XDP6_NS_PER_MS);	/* first probe: within 0-1 s */
	CHECK(ns_times(&c, &a, true, dad, 4) == 1, "not one probe before the RA");
	len = build_ra_ex(f, sizeof(f), 0, NULL, 0, 0, 2500, 0);
	input(h, &c, f, (size_t)len);
	run_until(h, &c, T0 + 20 * XDP6_NS_PER_SEC);
	nd = ns_times(&c, &a, true, dad, 4);
	CHECK(nd == 3, "%d probes", nd);
	/* the second was due before the RA: 1 s; the third after it: the RA's 2.5 s */
	CHECK(nd < 3 || (dad[1] - dad[0] == XDP6_NS_PER_SEC && dad[2] - dad[1] == gap),
	      "probe gaps %.3f s, %.3f s; want 1 s then 2.5 s",
	      nd < 3 ? 0.0 : (double)(dad[1] - dad[0]) / 1e9,
	      nd < 3 ? 0.0 : (double)(dad[2] - dad[1]) / 1e9);
	CHECK(pub_state(&c, &a, XDP6_ADDR_PREFERRED) >= 0, "never preferred");

	/* an Echo Request from an unknown neighbor: the reply waits for resolution (§7.2.2),
	 * whose solicitations are RetransTimer apart (§7.3.3) */
	ml = echo_msg(m, &peer, &a, 8);
	o = build_l3(f, &peer, &a, IP6_NH_ICMPV6, ml, 0, 64);
	memcpy(f + o, m, ml);
	input(h, &c, f, o + ml);
	run_until(h, &c, c.now + 20 * XDP6_NS_PER_SEC);
	nn = ns_times(&c, &peer, false, nud, 4);
	CHECK(nn >= 2, "%d NUD solicitations", nn);
	CHECK(nn < 2 || nud[1] - nud[0] == gap, "NUD solicitations %.3f s apart, want 2.5 s",
	      nn < 2 ? 0.0 : (double)(nud[1] - nud[0]) / 1e9);
	CASE_END();
	host_free(h);
	tx_clear(&c);
}

/* ---- restart: host_adopt() and the NIC filter, fake clock ---- */

#define RCAP_MACS 16

/* What a restart test captures: the events of struct cap (first, so that its callbacks and
 * on_tx take this as their ctx), plus the NIC filter, the token refills and the pmtu map. */
struct rcap {
	struct cap c;
	uint8_t mac_add[RCAP_MACS][ETH6_ALEN], mac_del[RCAP_MACS][ETH6_ALEN];
	int nmac_add, nmac_del;
	int ifaces, refills, served;
	struct in6_addr pmtu_gone[8];
	int npmtu_gone;
	int logs;
	char log[8][200];
};

static void r_iface(void *ctx, const struct xdp6_iface *v, bool refill_tokens)
{
	struct rcap *r = ctx;

	cap_push(&r->c, EV_IFACE, NULL, NULL);
	r->ifaces++;
	r->refills += refill_tokens;
}

static void r_mc(void *ctx, const uint8_t mac[ETH6_ALEN], bool add)
{
	struct rcap *r = ctx;

	if (add && r->nmac_add < RCAP_MACS)
		memcpy(r->mac_add[r->nmac_add++], mac, ETH6_ALEN);
	if (!add && r->nmac_del < RCAP_MACS)
		memcpy(r->mac_del[r->nmac_del++], mac, ETH6_ALEN);
}

static void r_served(void *ctx, uint8_t proto, uint16_t port, bool add)
{
	((struct rcap *)ctx)->served++;
}

static void r_pmtu(void *ctx, const struct in6_addr *dst, uint32_t mtu, xdp6_ns expires)
{
	struct rcap *r = ctx;

	if (!expires && r->npmtu_gone < 8)
		r->pmtu_gone[r->npmtu_gone++] = *dst;
}

static void r_log(void *ctx, const char *line)
{
	struct rcap *r = ctx;

	if (r->logs < 8)
		snprintf(r->log[r->logs], sizeof(r->log[0]), "%s", line);
	r->logs++;
}

/* A host created as xdp6d creates it (nothing started): link-local and DAD on, no RS. */
static struct host *r_mk(struct rcap *r, bool router)
{
	struct host_ops ops = {
		.tx = { .fn = on_tx, .ctx = r },
		.addr_publish = on_publish, .addr_unpublish = on_unpublish,
		.group_join = on_join, .group_leave = on_leave, .iface_changed = r_iface,
		.mc_filter = r_mc, .served_changed = r_served, .pmtu_changed = r_pmtu, .ctx = r,
	};
	struct host_cfg cfg;
	struct host *h;

	host_cfg_defaults(&cfg);
	cfg.accept_ra = false;
	cfg.router = router;
	memset(r, 0, sizeof(*r));
	r->c.now = T0;
	h = host_create(&link1, &cfg, &ops, 1, T0);
	if (h)
		host_set_log(h, r_log, r);
	return h;
}

static int mac_in(uint8_t (*list)[ETH6_ALEN], int n, const char *group)
{
	struct in6_addr g = A(group);
	uint8_t mac[ETH6_ALEN];
	int i, k = 0;

	ip6_mc_mac(&g, mac);
	for (i = 0; i < n; i++)
		k += !memcmp(list[i], mac, ETH6_ALEN);
	return k;
}

/* MLDv2 Reports captured from index `from` that carry a record for group g (RFC 3810 §5.2),
 * and whether all of them came from src. */
static int mld_reports_for(const struct cap *c, int from, const struct in6_addr *g,
			   const struct in6_addr *src, bool *all_from_src)
{
	struct pkt_info pi;
	int i, n = 0;
	size_t off;

	*all_from_src = true;
	for (i = from; i < c->ntx; i++) {
		if (tx_icmp(c, i, MLD6_TYPE_V2_REPORT, &pi))
			continue;
		for (off = sizeof(struct mld6_v2_report);
		     off + sizeof(struct mld6_v2_record) <= pi.l4_len;
		     off += sizeof(struct mld6_v2_record))	/* records without sources */
			if (!memcmp(c->tx[i].b + pi.l4_off + off + 4, g, 16)) {
				n++;
				*all_from_src &= !memcmp(&pi.src, src, 16);
			}
	}
	return n;
}

static void test_host_adopt(void)
{
	struct in6_addr ll = A("fe80::ff:fe00:1"), a = A("2001:db8::5"), t = A("2001:db8::8");
	struct in6_addr d = A("2001:db8::7"), sn_a = A("ff02::1:ff00:5");
	struct in6_addr sn_ll = A("ff02::1:ff00:1"), sn_gone = A("ff02::1:ff00:9");
	struct in6_addr pm[2] = { A("2001:db8:1::1"), A("2001:db8:1::2") };
	struct host_snap_addr sa[4] = {
		{ ll, { .state = XDP6_ADDR_PREFERRED, .origin = XDP6_ORIGIN_LINK_LOCAL,
			.prefixlen = 64 } },
		{ a, { .state = XDP6_ADDR_PREFERRED, .origin = XDP6_ORIGIN_STATIC,
		       .prefixlen = 64 } },
	};
	struct in6_addr groups[3] = { sn_ll, sn_a, sn_gone };
	struct xdp6_served_key served[1] = { { .proto = IP6_NH_UDP, .port = 53 } };
	struct host_snapshot snap = {
		.addrs = sa, .naddrs = 2, .groups = groups, .ngroups = 3,
		.served = served, .nserved = 1, .pmtu = pm, .npmtu = 2, .has_iface = true,
	};
	struct host_addr_info ai;
	struct xdp6_served_key sv[2];
	struct xdp6_iface ifc;
	struct rcap r;
	struct host *h;
	bool from_ll;
	int n, i;

	/* the previous xdp6d's iface map: same rates, router then */
	h = r_mk(&r, false);
	host_iface_cfg(h, &snap.iface);
	snap.iface.flags |= XDP6_IF_ROUTER;

	CASE_BEGIN("adopt_keeps_preferred_with_no_dad_and_no_moment_unpublished");
	CHECK(host_adopt(h, T0, &snap) == 0, "host_adopt failed");
	CHECK(count(&r.c, EV_UNPUBLISH, NULL) == 0, "%d unpublished",
	      count(&r.c, EV_UNPUBLISH, NULL));
	CHECK(pub_state(&r.c, &ll, XDP6_ADDR_TENTATIVE) < 0 &&
	      pub_state(&r.c, &a, XDP6_ADDR_TENTATIVE) < 0, "published tentative for a moment");
	run_until(h, &r.c, T0 + 10 * XDP6_NS_PER_SEC);
	dad_probe(&r.c, &a, &n);
	CHECK(n == 0, "%d probes for the static address", n);
	dad_probe(&r.c, &ll, &n);
	CHECK(n == 0, "%d probes for the link-local", n);
	CHECK(host_dstats(h)[D_DAD_CANCELLED] == 0 && host_dstats(h)[D_DAD_PROBE_SENT] == 0,
	      "dad-cancelled %lu, probes %lu", (unsigned long)host_dstats(h)[D_DAD_CANCELLED],
	      (unsigned long)host_dstats(h)[D_DAD_PROBE_SENT]);
	CHECK(listed(h, &a, &ai) && ai.state == XDP6_ADDR_PREFERRED, "static not preferred");
	CHECK(host_addrs(h, NULL, 0) == 2, "%zu addresses: the link-local made again?",
	      host_addrs(h, NULL, 0));
	host_iface_cfg(h, &ifc);
	CHECK((ifc.flags & XDP6_IF_HAS_LL) && !memcmp(ifc.ll_addr, &ll, 16), "iface ll");
	CHECK(r.refills == 0, "token buckets refilled %d times, the rates are the same",
	      r.refills);
	CASE_END();

	CASE_BEGIN("adopt_rejoins_solicited_node_groups_with_mld_reports_from_the_link_local");
	CHECK(count(&r.c, EV_JOIN, &sn_a) == 1 && count(&r.c, EV_JOIN, &sn_ll) == 1,
	      "groups map entries not written");
	n = mld_reports_for(&r.c, 0, &sn_a, &ll, &from_ll);
	CHECK(n >= 1 && from_ll, "%d reports for ff02::1:ff00:5, from the link-local: %d", n,
	      from_ll);
	n = mld_reports_for(&r.c, 0, &sn_ll, &ll, &from_ll);
	CHECK(n >= 1 && from_ll, "%d reports for ff02::1:ff00:1", n);
	CASE_END();

	CASE_BEGIN("adopt_removed_while_down_drops_its_group_and_mac_and_old_router_mac");
	/* 2001:db8::9 left the addrs map while no xdp6d ran: its group is no one's */
	CHECK(count(&r.c, EV_LEAVE, &sn_gone) == 1, "ff02::1:ff00:9 left the groups map %d times",
	      count(&r.c, EV_LEAVE, &sn_gone));
	CHECK(count(&r.c, EV_LEAVE, NULL) == 1, "%d groups left", count(&r.c, EV_LEAVE, NULL));
	CHECK(mac_in(r.mac_del, r.nmac_del, "ff02::1:ff00:9") == 1, "its MAC not removed");
	CHECK(mac_in(r.mac_del, r.nmac_del, "ff02::2") == 1, "ff02::2's MAC kept, not a router");
	CHECK(r.nmac_del == 2, "%d MACs removed", r.nmac_del);
	for (i = 0; i < 3; i++)
		CHECK(mac_in(r.mac_add, r.nmac_add, i == 0 ? "ff02::1" : i == 1 ?
			     "ff02::1:ff00:5" : "ff02::1:ff00:1") == 1, "MAC %d not in the filter",
		      i);
	CASE_END();

	CASE_BEGIN("adopt_forgets_path_mtus_keeps_served_pairs_without_rewriting");
	CHECK(r.npmtu_gone == 2 && !memcmp(&r.pmtu_gone[0], &pm[0], 16) &&
	      !memcmp(&r.pmtu_gone[1], &pm[1], 16), "%d path MTUs removed", r.npmtu_gone);
	CHECK(host_served(h, sv, 2) == 1 && sv[0].proto == IP6_NH_UDP && sv[0].port == 53,
	      "served pair lost");
	CHECK(r.served == 0, "served map written %d times", r.served);
	CHECK(r.logs >= 1 && strstr(r.log[r.logs - 1], "took over 2 addresses (2 preferred"),
	      "log '%s'", r.logs ? r.log[r.logs - 1] : "");
	CHECK(host_adopt(h, r.c.now, &snap) == -EALREADY, "second adoption accepted");
	CASE_END();

	CASE_BEGIN("host_stop_takes_every_mac_out_of_the_nic_filter");
	r.nmac_del = 0;
	host_stop(h, r.c.now);
	CHECK(r.nmac_del == 3 && mac_in(r.mac_del, r.nmac_del, "ff02::1") == 1 &&
	      mac_in(r.mac_del, r.nmac_del, "ff02::1:ff00:5") == 1, "%d MACs removed",
	      r.nmac_del);
	CASE_END();
	host_free(h);
	tx_clear(&r.c);

	CASE_BEGIN("adopt_redoes_dad_for_tentative_keeps_duplicate_refills_for_new_rates");
	h = r_mk(&r, false);
	sa[1] = (struct host_snap_addr){ t, { .state = XDP6_ADDR_TENTATIVE,
					      .origin = XDP6_ORIGIN_STATIC, .prefixlen = 64 } };
	sa[2] = (struct host_snap_addr){ d, { .state = XDP6_ADDR_DUPLICATE,
					      .origin = XDP6_ORIGIN_STATIC, .prefixlen = 64 } };
	snap.naddrs = 3;
	snap.npmtu = 0;
	snap.iface.echo_rate = 100;	/* the previous xdp6d ran with --echo-rate 100 */
	CHECK(host_adopt(h, T0, &snap) == 0, "host_adopt failed");
	CHECK(r.refills >= 1, "token buckets not refilled for the new rates");
	CHECK(pub_state(&r.c, &t, XDP6_ADDR_TENTATIVE) >= 0, "tentative not published");
	run_until(h, &r.c, T0 + 10 * XDP6_NS_PER_SEC);
	dad_probe(&r.c, &t, &n);
	CHECK(n == 1, "%d probes for the tentative address", n);
	CHECK(listed(h, &t, &ai) && ai.state == XDP6_ADDR_PREFERRED, "not preferred after DAD");
	CHECK(listed(h, &d, &ai) && ai.state == XDP6_ADDR_DUPLICATE, "duplicate changed");
	dad_probe(&r.c, &d, &n);
	CHECK(n == 0, "%d probes for the duplicate", n);
	for (i = 0, n = 0; i < r.logs && i < 8; i++)
		n += strstr(r.log[i], "2001:db8::7 is a duplicate address (so before the restart)")
		     != NULL;
	CHECK(n == 1, "duplicate not logged once");
	CASE_END();
	host_free(h);
	tx_clear(&r.c);

	CASE_BEGIN("adopt_without_the_link_local_generates_it_with_dad_and_nothing_cancelled");
	h = r_mk(&r, false);
	snap.addrs = sa + 1;	/* the static, tentative and duplicate ones: no link-local */
	snap.naddrs = 2;
	CHECK(host_adopt(h, T0, &snap) == 0, "host_adopt failed");
	CHECK(pub_state(&r.c, &ll, XDP6_ADDR_TENTATIVE) >= 0, "link-local not generated");
	run_until(h, &r.c, T0 + 10 * XDP6_NS_PER_SEC);
	dad_probe(&r.c, &ll, &n);
	CHECK(n == 1 && listed(h, &ll, &ai) && ai.state == XDP6_ADDR_PREFERRED,
	      "link-local: %d probes, not preferred", n);
	CHECK(host_dstats(h)[D_DAD_CANCELLED] == 0, "dad-cancelled %lu",
	      (unsigned long)host_dstats(h)[D_DAD_CANCELLED]);
	CASE_END();
	host_free(h);
	tx_clear(&r.c);

	CASE_BEGIN("adopt_unpublishes_an_entry_it_cannot_take_and_says_so");
	h = r_mk(&r, false);
	sa[3] = (struct host_snap_addr){ A("2001:db8::66"), { .state = 9, .prefixlen = 64 } };
	snap.addrs = sa + 3;
	snap.naddrs = 1;
	CHECK(host_adopt(h, T0, &snap) == -EINVAL, "invalid state accepted");
	CHECK(count(&r.c, EV_UNPUBLISH, &sa[3].addr) == 1, "not unpublished");
	CHECK(r.logs >= 1 && strstr(r.log[0], "Couldn't adopt 2001:db8::66/64"), "log '%s'",
	      r.logs ? r.log[0] : "");
	CHECK(!listed(h, &sa[3].addr, &ai), "listed");
	CASE_END();
	host_free(h);
	tx_clear(&r.c);
}

/* host_addr_adopt() after host_new() (fixtures build hosts this way): the generated link-local,
 * in DAD, takes the given state; its DAD was not cancelled by anyone. */
static void test_addr_adopt_generated_ll(void)
{
	struct in6_addr ll = A("fe80::ff:fe00:1");
	struct xdp6_addr_val v = { .state = XDP6_ADDR_PREFERRED, .origin = XDP6_ORIGIN_LINK_LOCAL,
				   .prefixlen = 64 };
	struct cap c;
	struct host *h = mk(&c, true, true);

	CASE_BEGIN("addr_adopt_of_the_generated_link_local_counts_no_dad_cancelled");
	CHECK(host_addr_adopt(h, T0, &ll, &v) == 0, "adopt");
	CHECK(host_dstats(h)[D_DAD_CANCELLED] == 0, "dad-cancelled %lu",
	      (unsigned long)host_dstats(h)[D_DAD_CANCELLED]);
	CHECK(last_pub(&c, &ll) && last_pub(&c, &ll)->state == XDP6_ADDR_PREFERRED,
	      "not published preferred");
	CASE_END();
	host_free(h);
	tx_clear(&c);
}

/* A fresh start over pins no program uses: their NIC filter entries go, ours stay. */
static void test_start_stale(void)
{
	struct in6_addr groups[2] = { A("ff02::1:ff00:1"), A("ff02::1:ff00:42") };
	struct host_snapshot stale = { .groups = groups, .ngroups = 2 };
	struct rcap r;
	struct host *h = r_mk(&r, false);

	CASE_BEGIN("start_over_stale_pins_removes_their_nic_filter_entries_keeps_ours");
	CHECK(host_start(h, T0, &stale) == 0, "host_start");
	CHECK(r.refills == 1, "buckets not filled at start");
	CHECK(mac_in(r.mac_add, r.nmac_add, "ff02::1") == 1 &&
	      mac_in(r.mac_add, r.nmac_add, "ff02::1:ff00:1") == 1, "our MACs not added");
	CHECK(r.nmac_del == 1 && mac_in(r.mac_del, r.nmac_del, "ff02::1:ff00:42") == 1,
	      "%d removed, want only the stale 33:33:ff:00:00:42", r.nmac_del);
	CHECK(host_start(h, T0, NULL) == -EALREADY, "started twice");
	CASE_END();
	host_free(h);
	tx_clear(&r.c);
}

/* RFC 2464 §7: one MAC per group we listen to, added with its first address and removed with
 * the last; ff02::2's only as a router. */
static void test_nic_filter(void)
{
	struct in6_addr a = A("2001:db8::5"), b = A("2001:db8:1::5"), na = A("2001:db8::9");
	uint8_t f[256];
	struct rcap r;
	struct host *h = r_mk(&r, true);
	int len, i, n = 0;

	CASE_BEGIN("nic_filter_mac_added_with_the_first_address_of_a_group_removed_with_the_last");
	CHECK(host_start(h, T0, NULL) == 0, "start");
	CHECK(mac_in(r.mac_add, r.nmac_add, "ff02::2") == 1, "router: ff02::2's MAC missing");
	CHECK(host_addr_add(h, T0, &a, 64, XDP6_ORIGIN_STATIC) == 0 &&
	      host_addr_add(h, T0, &b, 64, XDP6_ORIGIN_STATIC) == 0, "add");
	CHECK(mac_in(r.mac_add, r.nmac_add, "ff02::1:ff00:5") == 1, "MAC added %d times",
	      mac_in(r.mac_add, r.nmac_add, "ff02::1:ff00:5"));
	CHECK(host_addr_del(h, T0, &a) == 0 && r.nmac_del == 0, "removed with one user left");
	CHECK(host_addr_del(h, T0, &b) == 0 && r.nmac_del == 1 &&
	      mac_in(r.mac_del, r.nmac_del, "ff02::1:ff00:5") == 1, "not removed with the last");
	CASE_END();

	CASE_BEGIN("duplicate_found_by_na_is_logged_with_its_cause_rfc4862_5_4_4");
	CHECK(host_addr_add(h, r.c.now, &na, 64, XDP6_ORIGIN_STATIC) == 0, "add");
	len = build_na(f, sizeof(f), &na);
	input(h, &r.c, f, (size_t)len);
	for (i = 0; i < r.logs && i < 8; i++)
		n += strstr(r.log[i], "2001:db8::9 is a duplicate address (DAD: NA from another "
			    "node)") != NULL;
	CHECK(n == 1, "%d such lines of %d", n, r.logs);
	CASE_END();
	host_free(h);
	tx_clear(&r.c);
}

/* A packet of protocol nh to dst with source port 40000, destination port `port`, 16 more
 * octets (what DCCP, SCTP and UDP-Lite start with, RFC 4340 §5.1, RFC 9260 §3.1, RFC 3828 §3). */
static size_t build_ports(uint8_t *f, const struct in6_addr *src, const struct in6_addr *dst,
			  uint8_t nh, uint16_t port)
{
	size_t o = build_l3(f, src, dst, nh, 20, 0, 64);

	put16(f + o, 40000);
	put16(f + o + 2, port);
	memset(f + o + 4, 0x5a, 16);
	return o + 20;
}

/* RFC 4443 §3.1 for the transports the fast path reads a port from (ip6_nh_has_ports()):
 * an unserved port gets Port Unreachable, as for UDP, not Parameter Problem code 1. */
static void test_port_protocols(void)
{
	static const uint8_t nhs[3] = { IP6_NH_SCTP, IP6_NH_DCCP, IP6_NH_UDPLITE };
	struct in6_addr a = A("2001:db8::1"), peer = A("2001:db8::2");
	struct host_cfg cfg;
	struct pkt_info pi;
	uint8_t f[128];
	struct cap c;
	struct host *h;
	size_t len;
	int i;

	CASE_BEGIN("unserved_sctp_dccp_udplite_ports_get_port_unreachable_rfc4443_3_1");
	host_cfg_defaults(&cfg);
	cfg.link_local = false;
	cfg.dad = false;
	cfg.accept_ra = false;
	cfg.unserved_reject = true;
	h = mk_cfg(&c, &cfg);
	CHECK(host_addr_add(h, T0, &a, 64, XDP6_ORIGIN_STATIC) == 0, "add");
	for (i = 0; i < 3; i++) {
		tx_clear(&c);
		len = build_ports(f, &peer, &a, nhs[i], 5000);
		input(h, &c, f, len);
		CHECK(c.ntx == 1, "protocol %u: %d frames sent", nhs[i], c.ntx);
		if (c.ntx != 1)
			continue;
		CHECK(!tx_icmp(&c, 0, ICMP6_TYPE_DEST_UNREACH, &pi) &&
		      c.tx[0].b[pi.l4_off + 1] == ICMP6_DU_PORT_UNREACH,
		      "protocol %u: not Destination Unreachable code 4", nhs[i]);
		CHECK(!memcmp(&pi.src, &a, 16) && !memcmp(&pi.dst, &peer, 16), "addresses");
		CHECK(!ref_csum(pi.src.s6_addr, pi.dst.s6_addr, IP6_NH_ICMPV6,
				c.tx[0].b + pi.l4_off, pi.l4_len), "checksum (own routine)");
		CHECK(pi.l4_len == 8 + len - ETH6_HLEN &&
		      !memcmp(c.tx[0].b + pi.l4_off + 8, f + ETH6_HLEN, len - ETH6_HLEN),
		      "invoking packet not quoted whole");
	}
	CASE_END();

	CASE_BEGIN("served_sctp_port_gets_no_error_other_ports_and_protocols_still_do");
	CHECK(host_serve(h, IP6_NH_SCTP, 5000, true) == 0, "serve sctp/5000");
	tx_clear(&c);
	len = build_ports(f, &peer, &a, IP6_NH_SCTP, 5000);
	input(h, &c, f, len);
	CHECK(c.ntx == 0, "error for served sctp/5000");
	len = build_ports(f, &peer, &a, IP6_NH_SCTP, 5001);
	input(h, &c, f, len);
	len = build_ports(f, &peer, &a, IP6_NH_UDPLITE, 5000);
	input(h, &c, f, len);
	CHECK(c.ntx == 2, "%d errors for sctp/5001 and udplite/5000", c.ntx);
	tx_clear(&c);
	/* shorter than the two ports: nothing to name, nothing sent */
	len = build_l3(f, &peer, &a, IP6_NH_SCTP, 3, 0, 64);
	memset(f + len, 0, 3);
	input(h, &c, f, len + 3);
	CHECK(c.ntx == 0, "error for 3 octets of SCTP");
	CASE_END();
	host_free(h);
	tx_clear(&c);
}

/* The defaults, field by field: a changed or lost default is a behaviour change. */
static void test_cfg_defaults(void)
{
	struct host_cfg c;

	memset(&c, 0xa5, sizeof(c));	/* a field the defaults forget keeps garbage */
	host_cfg_defaults(&c);
	CASE_BEGIN("cfg_defaults_are_the_rfc_and_linux_values");
	/* RFC 4862 §5.1 DupAddrDetectTransmits 1 and DAD on; RFC 4861 §10 RETRANS_TIMER 1 s,
	 * MAX_RTR_SOLICITATION_DELAY 1 s; echo hop limit 64; a host (not a router) that takes
	 * RAs and forms SLAAC addresses; errors: Linux's 1000/s, bursts of 50; reassembly
	 * 60 s (RFC 8200 §4.5) and 64 datagrams */
	CHECK(c.dad && c.dad_transmits == 1, "DAD %d/%u", c.dad, (unsigned)c.dad_transmits);
	CHECK(c.retrans_timer == 1 * XDP6_NS_PER_SEC && c.dad_max_delay == 1 * XDP6_NS_PER_SEC, "DAD timers");
	CHECK(c.link_local && c.echo_mcast && !c.router, "link-local, echo_mcast or router");
	CHECK(c.echo_hop_limit == 64, "echo hop limit %u", (unsigned)c.echo_hop_limit);
	CHECK(c.accept_ra && c.slaac, "RAs or SLAAC off");
	CHECK(c.err_rate == 1000 && c.err_burst == 50, "error bucket %u/%u",
	      (unsigned)c.err_rate, (unsigned)c.err_burst);
	CHECK(c.reasm_timeout == 60 * XDP6_NS_PER_SEC, "reasm timeout");
	CHECK(c.reasm_max_datagrams == 64, "reasm datagrams %u", (unsigned)c.reasm_max_datagrams);
	CASE_END();
}

/* --src-rate / --rate-key-len as the fast path reads them (ratelimit.bpf.h src_take). */
static void test_src_rate_cfg(void)
{
	static const uint8_t m61[16] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xf8 };
	static const uint8_t m64[16] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct host_cfg cfg;
	struct xdp6_iface v;
	uint8_t m128[16];

	CASE_BEGIN("src_rate_cfg_interval_rounds_up_burst_tolerance_key_mask");
	host_cfg_defaults(&cfg);
	memset(&v, 0xaa, sizeof(v));
	host_src_rate_cfg(&cfg, &v);
	CHECK(cfg.src_rate == 0 && cfg.src_key_len == 64, "defaults: rate %u, key %u",
	      cfg.src_rate, cfg.src_key_len);
	memset(m128, 0, sizeof(m128));
	CHECK(v.src_interval_ns == 0 && v.src_burst_ns == 0 && !memcmp(v.src_mask, m128, 16),
	      "off: interval %llu", (unsigned long long)v.src_interval_ns);
	cfg.src_rate = 3;
	cfg.src_burst = 5;
	host_src_rate_cfg(&cfg, &v);
	CHECK(v.src_interval_ns == 333333334ull, "3 pps: interval %llu, want 333333334 (up)",
	      (unsigned long long)v.src_interval_ns);
	CHECK(v.src_burst_ns == 4 * 333333334ull, "burst 5: %llu",
	      (unsigned long long)v.src_burst_ns);
	CHECK(!memcmp(v.src_mask, m64, 16), "/64 mask");
	cfg.src_key_len = 61;
	cfg.src_burst = 1;
	host_src_rate_cfg(&cfg, &v);
	CHECK(!memcmp(v.src_mask, m61, 16) && v.src_burst_ns == 0, "/61 mask, burst 1");
	cfg.src_key_len = 128;
	cfg.src_rate = 1000000000;
	cfg.src_burst = UINT32_MAX;
	host_src_rate_cfg(&cfg, &v);
	memset(m128, 0xff, sizeof(m128));
	CHECK(!memcmp(v.src_mask, m128, 16) && v.src_interval_ns == 1 &&
	      v.src_burst_ns == UINT32_MAX - 1ull, "/128, 1e9 pps, burst 2^32-1");
	CASE_END();
}

/* The NDP proxy's table through the host API (xdp6ctl proxy, a config loader): checks,
 * duplicates, removal, and exactly one proxy_changed per change for the map writer. */
static int proxy_calls, proxy_last_add;
static uint8_t proxy_last_plen;

static void on_proxy(void *ctx, const struct in6_addr *prefix, uint8_t plen, uint8_t mode,
		     bool add)
{
	proxy_calls++;
	proxy_last_add = add;
	proxy_last_plen = plen;
}

static void test_proxy_table(void)
{
	struct host_ops ops = { .proxy_changed = on_proxy };
	struct in6_addr p64 = A("2001:db8:5::"), host_bits = A("2001:db8:5::1"),
			mc = A("ff02::"), ll = A("fe80::"), p48 = A("2001:db8::");
	struct proxy_entry e[4];
	struct host_cfg cfg;
	struct host *h;

	CASE_BEGIN("proxy_add_del_show_checks_and_publishes_each_change_once");
	host_cfg_defaults(&cfg);
	cfg.link_local = false;
	cfg.accept_ra = false;
	h = host_new(&link1, &cfg, &ops, 1, T0);
	CHECK(h != NULL, "host_new");
	if (!h)
		return;
	CHECK(host_proxies(h, NULL, 0) == 0, "empty at start");
	CHECK(host_proxy(h, &p64, 64, XDP6_PROXY_STATIC, false) == -ENOENT, "del of nothing");
	CHECK(host_proxy(h, &p64, 64, XDP6_PROXY_STATIC, true) == 0, "add /64");
	CHECK(proxy_calls == 1 && proxy_last_add && proxy_last_plen == 64, "published add");
	CHECK(host_proxy(h, &p64, 64, XDP6_PROXY_STATIC, true) == -EEXIST, "twice");
	CHECK(host_proxy(h, &p48, 48, XDP6_PROXY_STATIC, true) == 0, "a covering /48");
	CHECK(host_proxy(h, &host_bits, 64, XDP6_PROXY_STATIC, true) == -EINVAL, "host bits");
	CHECK(host_proxy(h, &mc, 16, XDP6_PROXY_STATIC, true) == -EINVAL, "multicast");
	CHECK(host_proxy(h, &ll, 64, XDP6_PROXY_STATIC, true) == -EINVAL, "link-local");
	CHECK(host_proxy(h, &p64, 0, XDP6_PROXY_STATIC, true) == -EINVAL, "length 0");
	CHECK(host_proxy(h, &p64, 129, XDP6_PROXY_STATIC, true) == -EINVAL, "length 129");
	CHECK(proxy_calls == 2, "%d publications, want 2 (refusals publish nothing)",
	      proxy_calls);
	CHECK(host_proxies(h, e, 4) == 2 && e[0].plen == 64 && e[1].plen == 48 &&
	      !memcmp(&e[0].prefix, &p64, 16) && e[0].mode == XDP6_PROXY_STATIC, "listing");
	CHECK(host_proxy(h, &p64, 64, XDP6_PROXY_STATIC, false) == 0 && proxy_calls == 3 &&
	      !proxy_last_add, "del");
	CHECK(host_proxies(h, e, 4) == 1 && e[0].plen == 48, "one left");
	host_free(h);
	CASE_END();
}

int main(void)
{
	test_cfg_defaults();
	test_add_no_dad_publishes_preferred();
	test_dad_publishes_tentative_first();
	test_link_local();
	test_iface_cfg_options();
	test_groups_and_del();
	test_refusals();
	test_input_counts();
	test_dad_success();
	test_dad_conflicts();
	test_solnode_invariant();
	test_dad_delete();
	test_mld_report();
	test_rs_after_link_local();
	test_slaac();
	test_slaac_dad_failure();
	test_fragmented_echo();
	test_unserved();
	test_adopt();
	test_ra_params();
	test_neighbors();
	test_param_problem();
	test_source_selection();
	test_link_local_duplicate();
	test_temporary();
	test_many_addresses();
	test_slaac_leaves_static_alone();
	test_na_claims_ours();
	test_neigh_flood();
	test_mld_source_never_tentative();
	test_retrans_one_route();
	test_host_adopt();
	test_addr_adopt_generated_ll();
	test_start_stale();
	test_nic_filter();
	test_port_protocols();
	test_src_rate_cfg();
	test_proxy_table();
	return check_exit();
}
