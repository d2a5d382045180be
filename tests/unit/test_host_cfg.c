// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Unit tests of host_set_cfg() (user/proto/host.c): what a reload of xdp6d changes in a
 * running host, on a fake clock with captured callbacks: the iface map published once with the
 * new values (buckets refilled only for new echo/NA rates), ff02::2 in the NIC filter with
 * --router, the error bucket, and a refused change of a restart-only field changing nothing. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "testutil.h"
#include "host.h"

#define MAX_IFACE 16

struct cap {
	struct xdp6_iface iface[MAX_IFACE];
	bool refill[MAX_IFACE];
	int niface;
	int ntx;
	int mc_add, mc_del;		/* ff02::2's MAC (RFC 2464 7) added/removed */
};

static const uint8_t all_routers_mac[ETH6_ALEN] = { 0x33, 0x33, 0, 0, 0, 0x02 };
static const uint8_t peer_mac[ETH6_ALEN] = { 0x02, 0, 0, 0, 0, 0x02 };
static const struct xdp6_link link1 = {
	.ifindex = 7, .ifname = "x6d0", .mac = { 0x02, 0, 0, 0, 0, 0x01 }, .mtu = 1500,
};
static const xdp6_ns T0 = 1000 * XDP6_NS_PER_SEC;

static void on_tx(void *ctx, const uint8_t *frame, size_t len)
{
	((struct cap *)ctx)->ntx++;
}

static void on_iface(void *ctx, const struct xdp6_iface *v, bool refill_tokens)
{
	struct cap *c = ctx;

	if (c->niface < MAX_IFACE) {
		c->iface[c->niface] = *v;
		c->refill[c->niface] = refill_tokens;
	}
	c->niface++;
}

static void on_mc(void *ctx, const uint8_t mac[ETH6_ALEN], bool add)
{
	struct cap *c = ctx;

	if (memcmp(mac, all_routers_mac, ETH6_ALEN))
		return;
	if (add)
		c->mc_add++;
	else
		c->mc_del++;
}

/* Started as xdp6d starts it: no link-local, no DAD, no RS (nothing scheduled). */
static struct host *mk(struct cap *c, struct host_cfg *cfg)
{
	struct host_ops ops = {
		.tx = { .fn = on_tx, .ctx = c }, .iface_changed = on_iface, .mc_filter = on_mc,
		.ctx = c,
	};

	host_cfg_defaults(cfg);
	cfg->link_local = false;
	cfg->dad = false;
	cfg->accept_ra = false;
	memset(c, 0, sizeof(*c));
	return host_new(&link1, cfg, &ops, 1, T0);
}

static const struct xdp6_iface *last_iface(const struct cap *c)
{
	return c->niface && c->niface <= MAX_IFACE ? &c->iface[c->niface - 1] : NULL;
}

static void test_rates(void)
{
	struct host_cfg cfg;
	struct xdp6_iface want;
	const struct xdp6_iface *v;
	struct cap c;
	struct host *h = mk(&c, &cfg);

	CASE_BEGIN("set_cfg_same_cfg_publishes_nothing");
	CHECK(c.niface == 1, "start published the iface map %d times", c.niface);
	CHECK(host_set_cfg(h, T0 + 1, &cfg) == 0, "same cfg refused");
	CHECK(c.niface == 1, "unchanged cfg published %d times", c.niface - 1);
	CASE_END();

	CASE_BEGIN("set_cfg_new_echo_and_na_rate_published_once_with_buckets_refilled");
	cfg.echo_rate = 1;
	cfg.echo_burst = 1;
	cfg.na_rate = 50;
	cfg.na_burst = 5;
	CHECK(host_set_cfg(h, T0 + 2, &cfg) == 0, "refused");
	v = last_iface(&c);
	CHECK(c.niface == 2 && v, "published %d times", c.niface - 1);
	if (v) {
		CHECK(v->echo_rate == 1 && v->echo_burst == 1, "echo %u:%u", v->echo_rate,
		      v->echo_burst);
		CHECK(v->na_rate == 50 && v->na_burst == 5, "na %u:%u", v->na_rate, v->na_burst);
		CHECK(c.refill[c.niface - 1], "buckets not refilled for new rates");
		host_iface_cfg(h, &want);
		CHECK(!memcmp(v, &want, sizeof(want)), "published value is not host_iface_cfg");
	}
	CASE_END();

	CASE_BEGIN("set_cfg_src_rate_and_key_len_published_without_refill");
	cfg.src_rate = 10;
	cfg.src_burst = 3;
	cfg.src_key_len = 48;
	CHECK(host_set_cfg(h, T0 + 3, &cfg) == 0, "refused");
	v = last_iface(&c);
	CHECK(c.niface == 3 && v, "published %d times", c.niface - 2);
	if (v) {
		host_src_rate_cfg(&cfg, &want);
		CHECK(v->src_interval_ns == want.src_interval_ns && v->src_interval_ns,
		      "src interval %llu", (unsigned long long)v->src_interval_ns);
		CHECK(v->src_burst_ns == want.src_burst_ns, "src burst");
		CHECK(!memcmp(v->src_mask, want.src_mask, sizeof(want.src_mask)) &&
		      v->src_mask[5] == 0xff && !v->src_mask[6], "src mask /48");
		CHECK(!c.refill[c.niface - 1], "echo/na buckets refilled though their rates "
		      "stayed");
		CHECK(v->echo_rate == 1 && v->na_rate == 50, "earlier rates lost");
	}
	CASE_END();
	host_free(h);
}

static void test_flags_and_hop_limit(void)
{
	struct host_cfg cfg;
	const struct xdp6_iface *v;
	struct cap c;
	struct host *h = mk(&c, &cfg);

	CASE_BEGIN("set_cfg_router_echo_mcast_unserved_hop_limit");
	CHECK(c.mc_add == 0, "ff02::2 in the NIC filter without --router");
	cfg.router = true;
	cfg.echo_mcast = false;
	cfg.unserved_reject = true;
	cfg.echo_hop_limit = 9;
	CHECK(host_set_cfg(h, T0 + 1, &cfg) == 0, "refused");
	v = last_iface(&c);
	CHECK(c.niface == 2 && v, "published %d times", c.niface - 1);
	if (v) {
		CHECK(v->flags & XDP6_IF_ROUTER, "router flag");
		CHECK(!(v->flags & XDP6_IF_ECHO_MCAST), "echo multicast still on");
		CHECK(v->flags & XDP6_IF_UNSERVED_REJECT, "unserved reject flag");
		CHECK(v->echo_hop_limit == 9, "hop limit %u", v->echo_hop_limit);
		CHECK(!c.refill[c.niface - 1], "buckets refilled though no rate changed");
	}
	CHECK(c.mc_add == 1 && c.mc_del == 0, "ff02::2 MAC add %d del %d", c.mc_add, c.mc_del);
	CASE_END();

	CASE_BEGIN("set_cfg_router_off_takes_ff02__2_out_of_the_nic_filter");
	cfg.router = false;
	CHECK(host_set_cfg(h, T0 + 2, &cfg) == 0, "refused");
	v = last_iface(&c);
	CHECK(v && !(v->flags & XDP6_IF_ROUTER), "router flag still set");
	CHECK(c.mc_add == 1 && c.mc_del == 1, "ff02::2 MAC add %d del %d", c.mc_add, c.mc_del);
	CASE_END();
	host_free(h);
}

static void test_restart_only_refused(void)
{
	struct host_cfg cfg, bad;
	struct xdp6_iface before, after;
	struct cap c;
	struct host *h = mk(&c, &cfg);
	int n = c.niface;

	CASE_BEGIN("set_cfg_restart_only_field_refused_and_nothing_changes");
	host_iface_cfg(h, &before);
	bad = cfg;
	bad.echo_rate = 7;		/* a run-time field along with the refused one */
	bad.accept_ra = true;
	CHECK(host_set_cfg(h, T0 + 1, &bad) == -EINVAL, "accept_ra change accepted");
	bad = cfg;
	bad.echo_rate = 7;
	bad.dad_transmits = 3;
	CHECK(host_set_cfg(h, T0 + 1, &bad) == -EINVAL, "dad_transmits change accepted");
	bad = cfg;
	bad.stable_privacy = true;
	bad.secret_len = 3;
	memcpy(bad.secret, "abc", 3);
	CHECK(host_set_cfg(h, T0 + 1, &bad) == -EINVAL, "stable-privacy change accepted");
	bad = cfg;
	bad.reasm_max_datagrams = 3;
	CHECK(host_set_cfg(h, T0 + 1, &bad) == -EINVAL, "reasm-max change accepted");
	host_iface_cfg(h, &after);
	CHECK(!memcmp(&before, &after, sizeof(after)), "a refused change changed the iface");
	CHECK(c.niface == n, "a refused change published the iface map");
	CASE_END();
	host_free(h);
}

/* UDP to an unserved port of a, from peer: --unserved reject answers Port Unreachable. */
static size_t build_udp(uint8_t *f, const struct in6_addr *src, const struct in6_addr *dst)
{
	size_t o = put_eth_ip6(f, link1.mac, peer_mac, src, dst, IP6_NH_UDP, 12, 0, 64);
	uint8_t *u = f + o;

	put16(u, 5555);
	put16(u + 2, 9999);
	put16(u + 4, 12);
	put16(u + 6, 0);
	memcpy(u + 8, "ping", 4);
	put16(u + 6, ref_csum(src->s6_addr, dst->s6_addr, IP6_NH_UDP, u, 12));
	return o + 12;
}

static void test_err_rate(void)
{
	struct in6_addr a = A("2001:db8::1");
	struct host_cfg cfg;
	uint8_t f[128];
	struct cap c;
	struct host *h = mk(&c, &cfg);
	size_t len;
	int i, n;

	CASE_BEGIN("set_cfg_err_rate_applies_to_the_next_errors");
	cfg.unserved_reject = true;
	CHECK(host_set_cfg(h, T0, &cfg) == 0, "refused");
	CHECK(host_addr_add(h, T0, &a, 64, XDP6_ORIGIN_STATIC) == 0, "add");
	/* distinct sources: the per-destination bucket (6 each) must not be what limits */
	for (i = 0; i < 4; i++) {
		struct in6_addr p = A("2001:db8::100");

		p.s6_addr[15] = (uint8_t)i;
		len = build_udp(f, &p, &a);
		host_input(h, T0 + 1, f, len);
	}
	CHECK(c.ntx == 4, "default err-rate (1000:50) sent %d of 4 errors", c.ntx);
	cfg.err_rate = 1;
	cfg.err_burst = 2;
	CHECK(host_set_cfg(h, T0 + 2, &cfg) == 0, "refused");
	n = c.ntx;
	for (i = 0; i < 4; i++) {
		struct in6_addr p = A("2001:db8::200");

		p.s6_addr[15] = (uint8_t)i;
		len = build_udp(f, &p, &a);
		host_input(h, T0 + 3, f, len);
	}
	CHECK(c.ntx - n == 2, "err-rate 1:2 sent %d errors of 4 (want the burst, 2)", c.ntx - n);
	CASE_END();
	host_free(h);
}

int main(void)
{
	test_rates();
	test_flags_and_hop_limit();
	test_restart_only_refused();
	test_err_rate();
	return check_exit();
}
