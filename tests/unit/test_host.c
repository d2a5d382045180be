// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Unit tests of user/proto/host.c and addr.c: the address table (RFC 4291 §2.5, §2.7 refusals),
 * link-local generation (RFC 4862 §5.3, RFC 4291 App. A), solicited-node groups (RFC 4291
 * §2.7.1) and what the host publishes, with a fake clock and captured callbacks. */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "check.h"
#include "host.h"
#include "addr.h"

#define MAX_EV 64

enum ev_kind { EV_PUBLISH, EV_UNPUBLISH, EV_JOIN, EV_LEAVE, EV_IFACE };

struct ev {
	enum ev_kind kind;
	struct in6_addr a;
	struct xdp6_addr_val v;
};

struct cap {
	struct ev ev[MAX_EV];
	int n;
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
	c->n++;
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

static void on_iface(void *ctx)
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

static struct in6_addr A(const char *s)
{
	struct in6_addr a;

	inet_pton(AF_INET6, s, &a);
	return a;
}

static const struct xdp6_link link1 = {
	.ifindex = 7, .ifname = "x6d0", .mac = { 0x02, 0, 0, 0, 0, 0x01 }, .mtu = 1500,
};
static const xdp6_ns T0 = 1000 * XDP6_NS_PER_SEC;	/* fake clock */

static struct host *mk(struct cap *c, bool link_local, bool dad)
{
	struct host_ops ops = {
		.addr_publish = on_publish, .addr_unpublish = on_unpublish,
		.group_join = on_join, .group_leave = on_leave, .iface_changed = on_iface,
		.ctx = c,
	};
	struct host_cfg cfg;

	memset(c, 0, sizeof(*c));
	host_cfg_defaults(&cfg);
	cfg.link_local = link_local;
	cfg.dad = dad;
	return host_new(&link1, &cfg, &ops, 1, T0);
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

	CASE_BEGIN("link_local_from_mac_02_00_00_00_00_01_is_fe80__ff_fe00_1_preferred");
	CHECK(h, "host_new failed");
	v = last_pub(&c, &ll);
	CHECK(v && v->state == XDP6_ADDR_PREFERRED, "fe80::ff:fe00:1 not published preferred");
	CHECK(v && v->origin == XDP6_ORIGIN_LINK_LOCAL && v->prefixlen == 64, "origin/prefixlen");
	CHECK(listed(h, &ll, &ai) && ai.origin == XDP6_ORIGIN_LINK_LOCAL, "not listed");
	CHECK(host_addrs(h, NULL, 0) == 1, "%zu addresses", host_addrs(h, NULL, 0));
	CHECK(count(&c, EV_JOIN, &sn) == 1, "ff02::1:ff00:1 not joined");
	CASE_END();

	CASE_BEGIN("iface_cfg_has_link_local_mac_and_flags");
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

	CASE_BEGIN("deleting_link_local_clears_iface_ll_and_notifies");
	c.n = 0;
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
	CHECK(c.n == 0, "%d callbacks", c.n);
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

	CASE_BEGIN("shared_solicited_node_group_joined_once_left_with_last_address");
	c.n = 0;
	CHECK(host_addr_add(h, T0, &a, 64, XDP6_ORIGIN_STATIC) == 0, "add a");
	CHECK(host_addr_add(h, T0, &b, 48, XDP6_ORIGIN_STATIC) == 0, "add b");
	CHECK(count(&c, EV_JOIN, &g) == 1, "joined %d times", count(&c, EV_JOIN, &g));
	CHECK(host_addr_del(h, T0, &a) == 0, "del a");
	CHECK(count(&c, EV_LEAVE, &g) == 0, "left while b still uses it");
	CHECK(host_addr_del(h, T0, &b) == 0, "del b");
	CHECK(count(&c, EV_LEAVE, &g) == 1, "left %d times", count(&c, EV_LEAVE, &g));
	CASE_END();

	CASE_BEGIN("del_unpublishes_first_and_unlists");
	c.n = 0;
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

	CASE_BEGIN("add_refuses_multicast_unspecified_loopback_bad_plen_einval");
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

	CASE_BEGIN("add_beyond_max_addrs_enospc_link_local_counts");
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
	uint8_t frame[128], icmp[16] = { ICMP6_TYPE_ROUTER_ADVERT };
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

int main(void)
{
	test_add_no_dad_publishes_preferred();
	test_dad_publishes_tentative_first();
	test_link_local();
	test_iface_cfg_options();
	test_groups_and_del();
	test_refusals();
	test_input_counts();
	return check_exit();
}
