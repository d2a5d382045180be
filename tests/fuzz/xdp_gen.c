// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The fuzzer's generators: random map configurations (addresses in every RFC 4862 state, their
 * solicited-node groups, interface flags, rates, path MTUs) and frames. A structured frame is a
 * recipe of small integer fields (enum xf_field) that xf_build() turns into bytes: Echo, NS
 * (incl. DAD), NA, RS, RA, MLD, Redirect, errors, UDP, TCP, with every field drawn from
 * interesting values (our addresses, their groups, ff02::1, ::, ::1, v4-mapped, multicast scopes
 * 0/1/2/5/e, own/other/multicast MACs, VLAN tags, extension-header chains, option lists with bad
 * lengths, wrong lengths, padding, truncation) and then byte mutations; or raw random bytes. A
 * recipe starts from a valid baseline per kind (xf_recipe_base) and perturbs a few fields, so
 * that the minimiser can walk it back field by field. */
#include <string.h>

#include "xdp_fuzz.h"

/* ---- PRNG: xorshift128+, seeded through splitmix64 ---- */

uint64_t xf_rand(struct xf_rng *r)
{
	uint64_t s1 = r->s[0];
	const uint64_t s0 = r->s[1];

	r->s[0] = s0;
	s1 ^= s1 << 23;
	r->s[1] = s1 ^ s0 ^ (s1 >> 17) ^ (s0 >> 26);
	return r->s[1] + s0;
}

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

void xf_seed(struct xf_rng *r, uint64_t seed)
{
	r->s[0] = splitmix(&seed);
	r->s[1] = splitmix(&seed) | 1;
}

#define FIELD_NAME(x) [x] = #x
const char *const xf_field_name[F__MAX] = {
	FIELD_NAME(F_KIND), FIELD_NAME(F_ETH_DST), FIELD_NAME(F_ETH_SRC), FIELD_NAME(F_VLAN),
	FIELD_NAME(F_ETHERTYPE), FIELD_NAME(F_IPVER), FIELD_NAME(F_TCLASS), FIELD_NAME(F_FLOW),
	FIELD_NAME(F_HLIM), FIELD_NAME(F_SRC), FIELD_NAME(F_SRC_IDX), FIELD_NAME(F_DST),
	FIELD_NAME(F_DST_IDX), FIELD_NAME(F_EXT_N), FIELD_NAME(F_EXT_SEED), FIELD_NAME(F_PLEN),
	FIELD_NAME(F_PAD), FIELD_NAME(F_TRUNC), FIELD_NAME(F_TYPE), FIELD_NAME(F_CODE),
	FIELD_NAME(F_CSUM), FIELD_NAME(F_ID), FIELD_NAME(F_DATA_LEN), FIELD_NAME(F_DATA_SEED),
	FIELD_NAME(F_TARGET), FIELD_NAME(F_TARGET_IDX), FIELD_NAME(F_NS_RES), FIELD_NAME(F_SLLA),
	FIELD_NAME(F_SLLA_MAC), FIELD_NAME(F_OPT_N), FIELD_NAME(F_OPT_SEED), FIELD_NAME(F_MUT_N),
	FIELD_NAME(F_MUT_SEED),
};

const char *const xf_kind_name[K__MAX] = {
	[K_ECHO] = "echo", [K_NS] = "ns", [K_NA] = "na", [K_RS] = "rs", [K_RA] = "ra",
	[K_MLD_QUERY] = "mld-query", [K_MLD_REPORT] = "mld-report", [K_REDIRECT] = "redirect",
	[K_ECHO_REPLY] = "echo-reply", [K_ICMP_ERROR] = "icmp-error",
	[K_ICMP_UNKNOWN] = "icmp-unknown", [K_UDP] = "udp", [K_TCP] = "tcp",
	[K_OTHER_NH] = "other-nh", [K_NOT_IPV6] = "not-ipv6", [K_RANDOM] = "random",
};

/* ---- addresses and MACs the recipe fields choose from ---- */

enum addr_cat {
	A_OURS, A_LL, A_SOLNODE, A_GROUP, A_ALL_NODES, A_ALL_ROUTERS, A_MC_SCOPE1, A_MC_SCOPE0,
	A_MC_SCOPE5, A_MC_SCOPEE, A_UNSPEC, A_LOOPBACK, A_V4MAPPED, A_V4COMPAT, A_PEER_GLOBAL,
	A_PEER_LL, A_OFFLINK, A_ANYCAST, A_RANDOM, A_SOLNODE_OTHER,
	A__MAX
};

enum mac_cat {
	M_AUTO, M_IFACE, M_PEER, M_FOREIGN, M_BCAST, M_IP_MCAST, M_ALL_NODES, M_ZERO,
	M_RANDOM, M_GROUP_OTHER,
	M__MAX
};

static const uint8_t peer_mac[6] = { 0x02, 0xaa, 0, 0, 0, 0x02 };
static const uint8_t foreign_mac[6] = { 0x02, 0xbb, 0, 0, 0, 0x99 };

static void addr_pick(const struct xf_config *c, uint32_t cat, uint32_t idx, uint8_t *a)
{
	struct xf_rng r;

	memset(a, 0, 16);
	switch (cat % A__MAX) {
	case A_OURS:
		if (c->n_addrs) {
			memcpy(a, c->addrs[idx % c->n_addrs].a, 16);
			return;
		}
		a[0] = 0x20, a[1] = 0x01, a[2] = 0x0d, a[3] = 0xb8, a[15] = 1;
		return;
	case A_LL:
		memcpy(a, c->ifc.ll_addr, 16);
		return;
	case A_SOLNODE: {
		uint8_t t[16];

		addr_pick(c, A_OURS, idx, t);
		in6_solnode(t, a);
		return;
	}
	case A_GROUP:
		if (c->n_groups) {
			memcpy(a, c->groups[idx % c->n_groups], 16);
			return;
		}
		/* fall through */
	case A_ALL_NODES:
		a[0] = 0xff, a[1] = 0x02, a[15] = 1;
		return;
	case A_ALL_ROUTERS:
		a[0] = 0xff, a[1] = 0x02, a[15] = 2;
		return;
	case A_MC_SCOPE1:
		a[0] = 0xff, a[1] = 0x01, a[15] = 1 + idx % 2;
		return;
	case A_MC_SCOPE0:	/* scope 0, or a solicited-node group with scope 0 */
		a[0] = 0xff, a[1] = 0x00, a[15] = 1;
		if (idx & 1) {
			addr_pick(c, A_SOLNODE, idx >> 1, a);
			a[1] = 0x00;
		}
		return;
	case A_MC_SCOPE5:
		a[0] = 0xff, a[1] = 0x05, a[13] = 1, a[15] = 3;
		return;
	case A_MC_SCOPEE:
		a[0] = 0xff, a[1] = 0x0e, a[15] = 1;
		return;
	case A_UNSPEC:
		return;
	case A_LOOPBACK:
		a[15] = 1;
		return;
	case A_V4MAPPED:	/* ::ffff:192.0.2.x, or ::ffff:127.0.0.1 */
		a[10] = a[11] = 0xff;
		a[12] = idx & 1 ? 127 : 192, a[13] = idx & 1 ? 0 : 0, a[14] = idx & 1 ? 0 : 2;
		a[15] = idx & 1 ? 1 : 1 + idx % 200;
		return;
	case A_V4COMPAT:
		a[12] = 192, a[14] = 2, a[15] = 1;
		return;
	case A_PEER_GLOBAL:
		a[0] = 0x20, a[1] = 0x01, a[2] = 0x0d, a[3] = 0xb8, a[14] = 1, a[15] = idx % 4;
		return;
	case A_PEER_LL:
		a[0] = 0xfe, a[1] = 0x80, a[14] = 2, a[15] = idx % 4;
		return;
	case A_OFFLINK:
		a[0] = 0x20, a[1] = 0x01, a[2] = 0x0d, a[3] = 0xb8, a[4] = 0xff, a[5] = 0xff;
		a[15] = 5 + idx % 8;
		return;
	case A_ANYCAST:		/* subnet-router anycast of 2001:db8::/64 (RFC 4291 §2.6.1) */
		a[0] = 0x20, a[1] = 0x01, a[2] = 0x0d, a[3] = 0xb8;
		return;
	case A_RANDOM:
		xf_seed(&r, idx);
		for (int i = 0; i < 16; i++)
			a[i] = xf_rand(&r);
		return;
	case A_SOLNODE_OTHER:	/* a solicited-node group no address of ours maps to */
		a[0] = 0xff, a[1] = 0x02, a[11] = 1, a[12] = 0xff, a[13] = 0xab, a[15] = idx;
		return;
	}
}

static void mac_pick(const struct xf_config *c, uint32_t cat, const uint8_t *ip_dst,
		     uint32_t seed, uint8_t *m)
{
	struct xf_rng r;

	switch (cat % M__MAX) {
	case M_AUTO:
		if (ip_dst[0] != 0xff) {
			memcpy(m, c->ifc.mac, 6);
			return;
		}
		/* fall through */
	case M_IP_MCAST:	/* RFC 2464 §7 */
		m[0] = m[1] = 0x33;
		memcpy(m + 2, ip_dst + 12, 4);
		return;
	case M_IFACE:
		memcpy(m, c->ifc.mac, 6);
		return;
	case M_PEER:
		memcpy(m, peer_mac, 6);
		return;
	case M_FOREIGN:
		memcpy(m, foreign_mac, 6);
		m[5] += seed % 3;
		return;
	case M_BCAST:
		memset(m, 0xff, 6);
		return;
	case M_ALL_NODES:
		m[0] = m[1] = 0x33, m[2] = m[3] = m[4] = 0, m[5] = 1;
		return;
	case M_ZERO:
		memset(m, 0, 6);
		return;
	case M_RANDOM:
		xf_seed(&r, seed);
		for (int i = 0; i < 6; i++)
			m[i] = xf_rand(&r);
		return;
	case M_GROUP_OTHER:	/* IPv4 multicast MAC, or an IPv6 one for another group */
		m[0] = 0x01, m[1] = 0x00, m[2] = 0x5e, m[3] = 0, m[4] = 0, m[5] = 0xfb;
		if (seed & 1)
			m[0] = m[1] = 0x33, m[2] = 0xff, m[3] = 0x12, m[4] = 0x34, m[5] = 0x56;
		return;
	}
}

/* ---- configurations ---- */

static const uint8_t cfg_macs[][6] = {
	{ 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 },
	{ 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01 },
	{ 0x0a, 0x12, 0x34, 0x56, 0x78, 0x9a },
};

static void mk_addr(uint8_t *a, int ll, uint32_t iid)
{
	memset(a, 0, 16);
	if (ll) {
		a[0] = 0xfe, a[1] = 0x80;
	} else {
		a[0] = 0x20, a[1] = 0x01, a[2] = 0x0d, a[3] = 0xb8, a[5] = iid >> 8 & 1;
	}
	a[12] = iid >> 24, a[13] = iid >> 16, a[14] = iid >> 8, a[15] = iid;
}

void xf_config_random(struct xf_rng *r, struct xf_config *c, int have_xsk, int have_frags,
		      int have_pmtu)
{
	static const uint8_t hops[] = { 0, 64, 1, 255, 128, 63 };
	static const uint32_t rates[] = { 1, 10, 1000 }, bursts[] = { 0, 1, 5 };
	int n;

	memset(c, 0, sizeof(*c));
	c->ifc.ifindex = 1;
	memcpy(c->ifc.mac, cfg_macs[xf_below(r, 3)], 6);
	if (xf_below(r, 10) < 7)
		c->ifc.flags |= XDP6_IF_ECHO_MCAST;
	if (xf_below(r, 10) < 3)
		c->ifc.flags |= XDP6_IF_ROUTER;
	if (xf_below(r, 10) < 8)
		c->ifc.flags |= XDP6_IF_HAS_LL;
	if (xf_below(r, 10) < 2)
		c->ifc.flags |= XDP6_IF_UNSERVED_REJECT;
	c->ifc.echo_hop_limit = hops[xf_below(r, sizeof(hops))];
	/* link-local: EUI-64 style from the MAC, or fe80::1 */
	mk_addr(c->ifc.ll_addr, 1,
		xf_below(r, 2) ? 1 : 0x00ff0001u | (uint32_t)c->ifc.mac[5] << 24);
	if (xf_below(r, 5) == 0) {
		c->ifc.echo_rate = rates[xf_below(r, 3)];
		c->ifc.echo_burst = bursts[xf_below(r, 3)];
	}
	if (xf_below(r, 5) == 0) {
		c->ifc.na_rate = rates[xf_below(r, 3)];
		c->ifc.na_burst = bursts[xf_below(r, 3)];
	}
	/* addresses: the first mostly preferred; the link-local usually present as well */
	/* the link-local first when present: as the daemon publishes it (preferred with
	 * XDP6_IF_HAS_LL, else tentative or duplicate) */
	if (xf_below(r, 10) < 8) {
		struct xf_addr *e = &c->addrs[c->n_addrs++];

		memcpy(e->a, c->ifc.ll_addr, 16);
		e->state = (c->ifc.flags & XDP6_IF_HAS_LL) ? XDP6_ADDR_PREFERRED :
			   xf_below(r, 2) ? XDP6_ADDR_TENTATIVE : XDP6_ADDR_DUPLICATE;
	}
	n = 1 + xf_below(r, 6);
	for (int i = 0; i < n && c->n_addrs < XF_MAX_ADDRS; i++) {
		struct xf_addr *e = &c->addrs[c->n_addrs];
		uint32_t st = xf_below(r, 8);
		int dup = 0;

		mk_addr(e->a, xf_below(r, 5) == 0, i == 0 ? 1 : 1 + i + 0x100 * xf_below(r, 2));
		for (int j = 0; j < c->n_addrs; j++)
			dup |= !memcmp(c->addrs[j].a, e->a, 16);
		if (dup)	/* one state per address, as in the map */
			continue;
		e->state = st < 4 ? XDP6_ADDR_PREFERRED : st == 4 ? XDP6_ADDR_DEPRECATED :
			   st == 5 || st == 6 ? XDP6_ADDR_TENTATIVE : XDP6_ADDR_DUPLICATE;
		if (i == 0 && xf_below(r, 10) < 8)
			e->state = XDP6_ADDR_PREFERRED;
		c->n_addrs++;
	}
	/* groups: the solicited-node group of each address (as the daemon joins them), some
	 * others an application joined */
	for (int i = 0; i < c->n_addrs && c->n_groups < XF_MAX_GROUPS; i++) {
		uint8_t g[16];
		int dup = 0;

		if (xf_below(r, 10) == 0)
			continue;
		in6_solnode(c->addrs[i].a, g);
		for (int j = 0; j < c->n_groups; j++)
			dup |= !memcmp(c->groups[j], g, 16);
		if (!dup)
			memcpy(c->groups[c->n_groups++], g, 16);
	}
	if (xf_below(r, 3) == 0 && c->n_groups < XF_MAX_GROUPS) {
		uint8_t *g = c->groups[c->n_groups++];

		addr_pick(c, xf_below(r, 2) ? A_MC_SCOPE5 : A_MC_SCOPEE, 0, g);
	}
	if (xf_below(r, 4) == 0 && c->n_groups < XF_MAX_GROUPS) {
		uint8_t *g = c->groups[c->n_groups++];	/* mDNS ff02::fb */

		memset(g, 0, 16);
		g[0] = 0xff, g[1] = 0x02, g[15] = 0xfb;
	}
	if (have_pmtu) {
		static const uint32_t mtus[] = { 1280, 1300, 1400, 1500 };

		n = xf_below(r, 3);
		for (int i = 0; i < n; i++) {
			addr_pick(c, xf_below(r, 2) ? A_PEER_GLOBAL : A_OFFLINK, i,
				  c->pmtu[c->n_pmtu].dst);
			c->pmtu[c->n_pmtu++].mtu = mtus[xf_below(r, 4)];
		}
	}
	c->xsk = have_xsk && xf_below(r, 10) < 8;
	c->frags = have_frags && xf_below(r, 2);
}

/* ---- recipes ---- */

static const uint32_t data_lens[] = {
	56, 0, 1, 2, 3, 4, 7, 8, 16, 100, 1000, 1184, 1232, 1233, 1400, 1452, 2000, 3400,
	3450, 3500, 3600, 4000, 6000, 8000, 8952, 8953, 9000, 10000,
};
#define N_DATA_LENS (sizeof(data_lens) / sizeof(data_lens[0]))

void xf_recipe_base(uint32_t kind, struct xf_recipe *rc)
{
	memset(rc->f, 0, sizeof(rc->f));
	rc->f[F_KIND] = kind;
	rc->f[F_ETH_DST] = M_AUTO;
	rc->f[F_ETH_SRC] = M_PEER;
	rc->f[F_IPVER] = IP6_VERSION;
	rc->f[F_SRC] = A_PEER_GLOBAL;
	rc->f[F_DST] = A_OURS;
	rc->f[F_TARGET] = A_OURS;
	rc->f[F_ID] = 0x12340001;
	rc->f[F_DATA_SEED] = 1;
	if (kind == K_NS) {
		rc->f[F_DST] = A_SOLNODE;
		rc->f[F_SLLA] = 1;
	}
	rc->raw_len = 0;
}

/* Draws a value for field `fi` of a recipe of kind `kind`. */
static uint32_t field_draw(struct xf_rng *r, int fi)
{
	switch (fi) {
	case F_ETH_DST: return xf_below(r, M__MAX);
	case F_ETH_SRC: return xf_below(r, M__MAX);
	case F_VLAN: return xf_below(r, 5);
	case F_ETHERTYPE: return xf_below(r, 2) ? 0 : xf_below(r, 4);
	case F_IPVER: {
		static const uint32_t v[] = { 6, 6, 6, 6, 0, 4, 5, 7, 15 };

		return v[xf_below(r, 9)];
	}
	case F_TCLASS: return xf_rand(r) & 0xff;
	case F_FLOW: return xf_rand(r) & 0xfffff;
	case F_HLIM: {
		static const uint32_t v[] = { 0, 255, 64, 1, 0x100, 254, 128 };	/* 0x100: 0 */

		return v[xf_below(r, 7)];
	}
	case F_SRC: case F_DST: case F_TARGET: return xf_below(r, A__MAX);
	case F_SRC_IDX: case F_DST_IDX: case F_TARGET_IDX: return xf_below(r, 16);
	case F_EXT_N: return xf_below(r, 4) ? 1 + xf_below(r, 3) : 1 + xf_below(r, 12);
	case F_PLEN: return (1 + xf_below(r, 5)) * 16 + xf_below(r, 9);
	case F_PAD: return xf_below(r, 2) ? 1 + xf_below(r, 8) : 1 + xf_below(r, 64);
	case F_TRUNC: return 1 + (xf_below(r, 2) ? xf_below(r, 16) : xf_below(r, 200));
	case F_TYPE: return 1 + xf_below(r, 255);
	case F_CODE: return xf_below(r, 2) ? 1 + xf_below(r, 3) : 1 + xf_below(r, 255);
	case F_CSUM: return 1 + xf_below(r, 3);
	case F_DATA_LEN: return xf_below(r, N_DATA_LENS);
	case F_SLLA: return xf_below(r, 5);
	case F_SLLA_MAC: return xf_below(r, 5);
	case F_OPT_N: return xf_below(r, 3) ? 1 + xf_below(r, 3) : 1 + xf_below(r, 24);
	case F_MUT_N: return 1 + xf_below(r, 4);
	default: return (uint32_t)xf_rand(r);
	}
}

void xf_recipe_random(struct xf_rng *r, const struct xf_config *c, struct xf_recipe *rc)
{
	/* mostly the messages the fast path answers; every kind now and then */
	static const uint8_t kinds[] = {
		K_ECHO, K_ECHO, K_ECHO, K_ECHO, K_ECHO, K_NS, K_NS, K_NS, K_NS, K_NS, K_NS, K_NA,
		K_RS, K_RA, K_MLD_QUERY, K_MLD_REPORT, K_REDIRECT, K_ECHO_REPLY, K_ICMP_ERROR,
		K_ICMP_UNKNOWN, K_UDP, K_TCP, K_OTHER_NH, K_NOT_IPV6,
	};
	uint32_t u = xf_below(r, 100), n;

	if (u < 8) {		/* (c) random bytes, often behind a valid Ethernet + IPv6 start */
		xf_recipe_base(K_RANDOM, rc);
		rc->raw_len = ETH6_HLEN + xf_below(r, 2 * (ETH6_VLAN_HLEN + IP6_HLEN + 64));
		for (uint32_t i = 0; i < rc->raw_len; i++)
			rc->raw[i] = xf_rand(r);
		if (xf_below(r, 2) && rc->raw_len >= ETH6_HLEN + IP6_HLEN) {
			uint8_t *p = rc->raw;
			uint32_t pl = rc->raw_len - ETH6_HLEN - IP6_HLEN;

			memcpy(p, c->ifc.mac, 6);
			p[12] = 0x86, p[13] = 0xdd, p[14] = 0x60;
			p[18] = pl >> 8, p[19] = pl;
			p[20] = xf_below(r, 2) ? IP6_NH_ICMPV6 : p[20];
			addr_pick(c, xf_below(r, 2) ? A_OURS : A_SOLNODE, xf_below(r, 4), p + 38);
		}
		return;
	}
	xf_recipe_base(kinds[xf_below(r, sizeof(kinds))], rc);
	rc->f[F_SRC_IDX] = xf_below(r, 4);
	rc->f[F_DST_IDX] = xf_below(r, 8);
	rc->f[F_TARGET_IDX] = rc->f[F_DST_IDX];
	rc->f[F_ID] = xf_rand(r);
	rc->f[F_DATA_SEED] = xf_rand(r);
	if (xf_below(r, 4) == 0)
		rc->f[F_DATA_LEN] = field_draw(r, F_DATA_LEN);
	if (rc->f[F_KIND] == K_NS) {
		switch (xf_below(r, 6)) {	/* NUD probe, DAD probe, to ff02::1 */
		case 0: rc->f[F_DST] = A_OURS; break;
		case 1: rc->f[F_SRC] = A_UNSPEC; rc->f[F_SLLA] = 0; break;
		case 2: rc->f[F_SRC] = A_PEER_LL; break;
		}
	}
	if (rc->f[F_KIND] == K_ECHO && xf_below(r, 5) == 0)
		rc->f[F_DST] = xf_below(r, 2) ? A_ALL_NODES : A_GROUP;
	if (xf_below(r, 10) == 0) {	/* an extension-header chain on a valid message */
		rc->f[F_EXT_N] = field_draw(r, F_EXT_N);
		rc->f[F_EXT_SEED] = xf_rand(r);
	}
	/* (a) perturb: 0 to ~5 fields, fewer more often */
	n = u < 30 ? 0 : u < 62 ? 1 : u < 80 ? 2 : 3 + xf_below(r, 3);
	for (uint32_t i = 0; i < n; i++) {
		int fi = 1 + xf_below(r, F__MAX - 1);

		if (fi == F_MUT_N || fi == F_MUT_SEED)
			continue;
		rc->f[fi] = field_draw(r, fi);
		if (fi == F_EXT_N || fi == F_OPT_N)
			rc->f[fi + 1] = xf_rand(r);
	}
	/* (b) byte mutations on top, a quarter of the time */
	if (xf_below(r, 4) == 0) {
		rc->f[F_MUT_N] = field_draw(r, F_MUT_N);
		rc->f[F_MUT_SEED] = xf_rand(r);
	}
}

/* ---- building ---- */

struct bld {
	uint8_t *b;
	size_t len, cap;
	int full;
	uint32_t lenpos[32];		/* offsets of length fields, for mutations */
	int n_lenpos;
};

static void put(struct bld *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		b->full = 1;
		n = b->cap - b->len;
	}
	memcpy(b->b + b->len, p, n);
	b->len += n;
}

static void put8(struct bld *b, uint8_t v)
{
	put(b, &v, 1);
}

static void put16(struct bld *b, uint16_t v)
{
	uint8_t x[2] = { v >> 8, v };

	put(b, x, 2);
}

static void put32(struct bld *b, uint32_t v)
{
	uint8_t x[4] = { v >> 24, v >> 16, v >> 8, v };

	put(b, x, 4);
}

static void putfill(struct bld *b, size_t n, uint32_t seed)
{
	struct xf_rng r;

	xf_seed(&r, seed);
	while (n-- && !b->full)
		put8(b, seed & 1 ? (uint8_t)xf_rand(&r) : (uint8_t)(b->len & 0xff));
}

static void mark_len(struct bld *b)
{
	if (b->n_lenpos < 32)
		b->lenpos[b->n_lenpos++] = b->len;
}

/* One option TLV list exactly `n` bytes long for a HBH/DestOpts header (RFC 8200 §4.2):
 * Pad1, PadN, Router Alert and unknown options with every action. */
static void put_tlvs(struct bld *b, size_t n, struct xf_rng *r, int hbh, int clean)
{
	while (n) {
		uint32_t k = clean ? 1 + xf_below(r, 6) : xf_below(r, 10);
		size_t ol;

		if (n == 1 || k == 0) {
			put8(b, IP6_OPT_PAD1);
			n--;
			continue;
		}
		ol = 2 + xf_below(r, n - 1);	/* 2 .. n */
		if (clean && n - ol > 0 && n - ol < 8)
			ol = n;			/* few options: a host's usual header */
		if (k == 1 && hbh && ol >= 4) {
			put8(b, IP6_OPT_ROUTER_ALERT), put8(b, 2), put16(b, 0);
			n -= 4;
			continue;
		}
		if (k <= 5) {
			put8(b, IP6_OPT_PADN), put8(b, ol - 2);
		} else {
			/* type with action bits 00/01/10/11 (RFC 8200 §4.2); clean: 00 only */
			put8(b, (uint8_t)((k - 6) << 6 | (0x1e + xf_below(r, 8))));
			put8(b, ol - 2 + (!clean && xf_below(r, 12) == 0));	/* overruns */
		}
		for (size_t i = 2; i < ol; i++)
			put8(b, 0);
		n -= ol;
	}
}

/* The extension-header chain from seed: returns the Next Header value the chain begins with
 * and writes it, each header naming the next; the last names `last`. */
static uint8_t put_ext(struct bld *b, uint32_t count, uint32_t seed, uint8_t last)
{
	struct xf_rng r;
	uint8_t types[16];
	uint32_t n = count > 16 ? 16 : count;
	/* half the chains are ones a host processes (RFC 8200 §4.1-4.5): Hop-by-Hop first only,
	 * skippable options, Segments Left 0, atomic fragments */
	int clean = seed & 1;

	xf_seed(&r, seed);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t k = xf_below(&r, 10);

		types[i] = k < 3 ? IP6_NH_DSTOPTS : k < 5 ? IP6_NH_HOPOPTS :
			   k < 7 ? IP6_NH_ROUTING : IP6_NH_FRAGMENT;
		if (clean && types[i] == IP6_NH_HOPOPTS)
			types[i] = IP6_NH_DSTOPTS;
		if (i == 0 && xf_below(&r, 2))
			types[i] = IP6_NH_HOPOPTS;
	}
	for (uint32_t i = 0; i < n; i++) {
		uint8_t next = i + 1 < n ? types[i + 1] : last;
		size_t hl;

		put8(b, next);
		switch (types[i]) {
		case IP6_NH_FRAGMENT: {
			uint32_t k = clean ? 0 : xf_below(&r, 6);
			uint16_t fo = k < 3 ? 0 : k == 3 ? IP6_FRAG_MF :
				      (uint16_t)((1 + xf_below(&r, 100)) << 3 | xf_below(&r, 2));

			put8(b, 0);
			put16(b, fo);
			put32(b, xf_rand(&r));
			break;
		}
		case IP6_NH_ROUTING:
			hl = xf_below(&r, 3);
			mark_len(b);
			put8(b, hl);
			put8(b, xf_below(&r, 3) == 0 ? 2 : xf_below(&r, 5));	/* type */
			put8(b, clean || xf_below(&r, 4) ? 0 : 1 + xf_below(&r, 3));	/* SL */
			putfill(b, 4 + 8 * hl, 0);
			break;
		default:
			hl = xf_below(&r, 8) ? xf_below(&r, 2) : xf_below(&r, 40);
			mark_len(b);
			put8(b, hl);
			put_tlvs(b, 6 + 8 * hl, &r, types[i] == IP6_NH_HOPOPTS, clean);
			break;
		}
	}
	return n ? types[0] : last;
}

/* RFC 4861 §4.6 options after an NS/NA/RS body: the SLLA variant, then F_OPT_N others. */
static void put_nd_opts(struct bld *b, const struct xf_config *c, const struct xf_recipe *rc,
			uint8_t lla_type)
{
	uint8_t mac[6];
	struct xf_rng r;
	uint32_t n = rc->f[F_OPT_N];

	switch (rc->f[F_SLLA_MAC] % 5) {
	case 0: memcpy(mac, peer_mac, 6); break;
	case 1: memcpy(mac, c->ifc.mac, 6); break;
	case 2: mac[0] = 0x33, mac[1] = 0x33, mac[2] = 0, mac[3] = 0, mac[4] = 0, mac[5] = 1; break;
	case 3: memcpy(mac, foreign_mac, 6); break;
	default: memset(mac, 0xff, 6); break;
	}
	switch (rc->f[F_SLLA] % 5) {
	case 1:
		put8(b, lla_type), put8(b, 1), put(b, mac, 6);
		break;
	case 2:		/* 16 bytes: not an Ethernet address option (RFC 2464 §8) */
		put8(b, lla_type), put8(b, 2), put(b, mac, 6), putfill(b, 8, 0);
		break;
	case 3:		/* two */
		put8(b, lla_type), put8(b, 1), put(b, mac, 6);
		put8(b, lla_type), put8(b, 1), put(b, foreign_mac, 6);
		break;
	case 4:		/* length 0 (RFC 4861 §4.6: invalid) */
		put8(b, lla_type), put8(b, 0), put(b, mac, 6);
		break;
	}
	xf_seed(&r, rc->f[F_OPT_SEED]);
	for (uint32_t i = 0; i < n && !b->full; i++) {
		uint32_t k = xf_below(&r, 20);
		uint32_t units;

		if (k < 4) {			/* Nonce (RFC 3971 §5.3.2) */
			put8(b, ND6_OPT_NONCE), put8(b, 1), putfill(b, 6, xf_rand(&r));
		} else if (k < 6) {		/* big unknown option: multi-buffer NSs */
			units = 64 + xf_below(&r, 192);
			put8(b, 200 + xf_below(&r, 50)), put8(b, units);
			putfill(b, units * 8 - 2, 0);
		} else if (k < 7) {		/* the other link-layer option */
			put8(b, lla_type == ND6_OPT_SOURCE_LL_ADDR ? ND6_OPT_TARGET_LL_ADDR :
			     ND6_OPT_SOURCE_LL_ADDR);
			put8(b, 1), put(b, peer_mac, 6);
		} else if (k < 8 && i + 1 == n) {	/* length 0 last */
			put8(b, 0x30), put8(b, 0), putfill(b, 6, 0);
		} else if (k < 9 && i + 1 == n) {	/* overrunning the message */
			put8(b, 0x31), put8(b, 4), putfill(b, 6, 0);
		} else if (k < 10 && i + 1 == n) {	/* a stray byte or two */
			putfill(b, 1 + xf_below(&r, 7), 0);
		} else {			/* small unknown option */
			units = 1 + xf_below(&r, 3);
			put8(b, 100 + xf_below(&r, 100)), put8(b, units);
			putfill(b, units * 8 - 2, xf_rand(&r));
		}
	}
}

/* RFC 8200 §8.1 checksum for UDP/TCP (the generator's own; ICMPv6 uses the checker's). */
static void l4_csum(uint8_t *f, size_t l3, size_t l4, size_t len, uint8_t nh, size_t at)
{
	uint32_t s = len + nh;
	size_t i;

	f[at] = f[at + 1] = 0;
	for (i = 0; i < 32; i += 2)
		s += f[l3 + 8 + i] << 8 | f[l3 + 9 + i];
	for (i = 0; i + 1 < len; i += 2)
		s += f[l4 + i] << 8 | f[l4 + i + 1];
	if (len & 1)
		s += f[l4 + len - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	s = ~s & 0xffff;
	if (nh == IP6_NH_UDP && !s)
		s = 0xffff;
	f[at] = s >> 8;
	f[at + 1] = s;
}

static void mutate(struct bld *b, uint32_t n, uint32_t seed)
{
	static const uint8_t vals[] = { 0, 0xff, 0x80, 0x7f, 1, 0xfe, 0x40, 8 };
	struct xf_rng r;
	size_t p;

	xf_seed(&r, seed);
	for (uint32_t i = 0; i < n && b->len; i++) {
		p = xf_below(&r, b->len);
		switch (xf_below(&r, 7)) {
		case 0:
			b->b[p] ^= 1 << xf_below(&r, 8);
			break;
		case 1:
			b->b[p] = vals[xf_below(&r, sizeof(vals))];
			break;
		case 2:		/* insert a byte */
			if (b->len < b->cap) {
				memmove(b->b + p + 1, b->b + p, b->len - p);
				b->b[p] = xf_rand(&r);
				b->len++;
			}
			break;
		case 3:		/* delete a byte */
			if (b->len > ETH6_HLEN) {
				memmove(b->b + p, b->b + p + 1, b->len - p - 1);
				b->len--;
			}
			break;
		case 4:		/* a length field: Payload Length, Hdr Ext Len, option lengths */
			if (b->n_lenpos) {
				p = b->lenpos[xf_below(&r, b->n_lenpos)];
				if (p < b->len)
					b->b[p] = vals[xf_below(&r, sizeof(vals))] +
						  xf_below(&r, 3);
			}
			break;
		case 5:		/* byte +/- 1 */
			b->b[p] += xf_below(&r, 2) ? 1 : -1;
			break;
		default:	/* 16-bit word to an interesting value */
			if (p + 1 < b->len) {
				uint16_t w = xf_below(&r, 2) ? 0xffff : xf_below(&r, 2000);

				b->b[p] = w >> 8, b->b[p + 1] = w;
			}
			break;
		}
	}
	if (seed & 0x10000) {	/* keep the checksum right, so mutations reach the logic */
		size_t l3, l4, ll;

		if (xf_find_icmp6(b->b, b->len, &l3, &l4, &ll))
			xf_icmp6_fix(b->b, l3, l4, ll);
	}
}

size_t xf_build(const struct xf_config *c, const struct xf_recipe *rc, uint8_t *buf, size_t cap)
{
	const uint32_t *f = rc->f;
	struct bld b = { .b = buf, .cap = cap };
	uint8_t src[16], dst[16], tgt[16], mac[6];
	size_t l3, l4, end, dl;
	uint8_t nh, type = 0, hlim;
	uint32_t kind = f[F_KIND] % K__MAX;
	static const uint16_t etypes[] = { ETH6_P_IPV6, 0x0800, 0x0806, 0x88b5 };

	if (kind == K_RANDOM) {
		memcpy(buf, rc->raw, rc->raw_len < cap ? rc->raw_len : cap);
		return rc->raw_len < cap ? rc->raw_len : cap;
	}
	addr_pick(c, f[F_SRC], f[F_SRC_IDX], src);
	addr_pick(c, f[F_DST], f[F_DST_IDX], dst);
	addr_pick(c, f[F_TARGET], f[F_TARGET_IDX], tgt);
	dl = data_lens[f[F_DATA_LEN] % N_DATA_LENS];

	/* Ethernet, tags */
	mac_pick(c, f[F_ETH_DST], dst, f[F_DATA_SEED], mac);
	put(&b, mac, 6);
	mac_pick(c, f[F_ETH_SRC] ? f[F_ETH_SRC] : M_PEER, dst, f[F_DATA_SEED] >> 8, mac);
	put(&b, mac, 6);
	switch (f[F_VLAN] % 5) {
	case 1: put16(&b, ETH6_P_8021Q), put16(&b, f[F_ID] & 0xefff); break;
	case 2: put16(&b, ETH6_P_8021AD), put16(&b, 100); break;
	case 3: put16(&b, ETH6_P_8021AD), put16(&b, 100), put16(&b, ETH6_P_8021Q),
		put16(&b, 200); break;
	case 4: put16(&b, ETH6_P_8021Q), put16(&b, 0x6000); break;	/* priority tag */
	}
	put16(&b, kind == K_NOT_IPV6 && !f[F_ETHERTYPE] ? 0x0800 : etypes[f[F_ETHERTYPE] % 4]);

	/* IPv6 header; Payload Length and Next Header filled in below */
	l3 = b.len;
	put32(&b, (f[F_IPVER] & 0xf) << 28 | (f[F_TCLASS] & 0xff) << 20 | (f[F_FLOW] & 0xfffff));
	mark_len(&b);
	put16(&b, 0);
	put8(&b, 0);
	switch (kind) {
	case K_NS: case K_NA: case K_RS: case K_RA: case K_REDIRECT: hlim = ND6_HOP_LIMIT; break;
	case K_MLD_QUERY: case K_MLD_REPORT: hlim = MLD6_HOP_LIMIT; break;
	default: hlim = 64; break;
	}
	if (f[F_HLIM])
		hlim = f[F_HLIM] & 0xff;
	put8(&b, hlim);
	put(&b, src, 16);
	put(&b, dst, 16);
	switch (kind) {
	case K_UDP: nh = IP6_NH_UDP; break;
	case K_TCP: nh = IP6_NH_TCP; break;
	case K_OTHER_NH: {
		static const uint8_t o[] = { IP6_NH_NONE, IP6_NH_ESP, IP6_NH_AH, 132, 135, 4 };

		nh = o[f[F_DATA_SEED] % 6];
		break;
	}
	default: nh = IP6_NH_ICMPV6; break;
	}
	buf[l3 + 6] = put_ext(&b, f[F_EXT_N], f[F_EXT_SEED], nh);
	l4 = b.len;

	switch (kind) {
	case K_ECHO: type = ICMP6_TYPE_ECHO_REQUEST; break;
	case K_ECHO_REPLY: type = ICMP6_TYPE_ECHO_REPLY; break;
	case K_NS: type = ICMP6_TYPE_NEIGHBOR_SOLICIT; break;
	case K_NA: type = ICMP6_TYPE_NEIGHBOR_ADVERT; break;
	case K_RS: type = ICMP6_TYPE_ROUTER_SOLICIT; break;
	case K_RA: type = ICMP6_TYPE_ROUTER_ADVERT; break;
	case K_MLD_QUERY: type = MLD6_TYPE_QUERY; break;
	case K_MLD_REPORT: type = f[F_DATA_SEED] & 1 ? MLD6_TYPE_V2_REPORT : MLD6_TYPE_V1_REPORT;
		break;
	case K_REDIRECT: type = ICMP6_TYPE_REDIRECT; break;
	case K_ICMP_ERROR: type = 1 + f[F_DATA_SEED] % 4; break;
	case K_ICMP_UNKNOWN: type = 150 + f[F_DATA_SEED] % 100; break;
	}
	if (f[F_TYPE] && nh != IP6_NH_UDP && nh != IP6_NH_TCP)
		type = f[F_TYPE];
	switch (kind) {
	case K_UDP:
		put16(&b, 40000), put16(&b, f[F_ID] & 0xffff), put16(&b, 8 + dl), put16(&b, 0);
		putfill(&b, dl, f[F_DATA_SEED]);
		break;
	case K_TCP:
		put16(&b, 40000), put16(&b, f[F_ID] & 0xffff), put32(&b, 1), put32(&b, 0);
		put16(&b, 0x5002), put16(&b, 65535), put16(&b, 0), put16(&b, 0);
		break;
	case K_OTHER_NH:
	case K_NOT_IPV6:
		putfill(&b, dl, f[F_DATA_SEED]);
		break;
	default:
		put8(&b, type);
		put8(&b, f[F_CODE]);
		put16(&b, 0);
		switch (kind) {
		case K_ECHO: case K_ECHO_REPLY:
			put32(&b, f[F_ID]);
			putfill(&b, dl, f[F_DATA_SEED]);
			break;
		case K_NS: case K_NA:
			put32(&b, kind == K_NA && !f[F_NS_RES] ? 0x60000000u : f[F_NS_RES]);
			put(&b, tgt, 16);
			put_nd_opts(&b, c, rc, kind == K_NS ? ND6_OPT_SOURCE_LL_ADDR :
				    ND6_OPT_TARGET_LL_ADDR);
			break;
		case K_RS:
			put32(&b, f[F_NS_RES]);
			put_nd_opts(&b, c, rc, ND6_OPT_SOURCE_LL_ADDR);
			break;
		case K_RA:
			put8(&b, 64), put8(&b, 0), put16(&b, 1800), put32(&b, 0), put32(&b, 0);
			put8(&b, ND6_OPT_PREFIX_INFO), put8(&b, 4), put8(&b, 64), put8(&b, 0xc0);
			put32(&b, 86400), put32(&b, 14400), put32(&b, 0), put(&b, src, 8);
			putfill(&b, 8, 0);
			put_nd_opts(&b, c, rc, ND6_OPT_SOURCE_LL_ADDR);
			break;
		case K_MLD_QUERY: case K_MLD_REPORT:
			put16(&b, 1000), put16(&b, 0), put(&b, dst, 16);
			if (f[F_DATA_SEED] & 2)
				put8(&b, 2), put8(&b, 125), put16(&b, 0);
			break;
		case K_REDIRECT:
			put32(&b, 0), put(&b, src, 16), put(&b, dst, 16);
			put_nd_opts(&b, c, rc, ND6_OPT_TARGET_LL_ADDR);
			break;
		case K_ICMP_ERROR:	/* an invoking packet: our own echo reply, say */
			put32(&b, type == ICMP6_TYPE_PACKET_TOO_BIG ? 1280 : 0);
			put32(&b, 0x60000000), put16(&b, 16), put8(&b, IP6_NH_ICMPV6), put8(&b, 64);
			put(&b, dst, 16), put(&b, src, 16);
			put8(&b, ICMP6_TYPE_ECHO_REPLY), put8(&b, 0), put16(&b, 0), put32(&b, 7);
			putfill(&b, 8, 3);
			break;
		default:
			putfill(&b, dl, f[F_DATA_SEED]);
			break;
		}
		break;
	}
	end = b.len;
	/* Payload Length and the upper-layer checksum, over the message as built */
	buf[l3 + 4] = (end - l3 - IP6_HLEN) >> 8;
	buf[l3 + 5] = end - l3 - IP6_HLEN;
	if (!b.full && end >= l4 + ICMP6_HLEN) {
		if (kind == K_UDP && end >= l4 + 8)
			l4_csum(buf, l3, l4, end - l4, IP6_NH_UDP, l4 + 6);
		else if (kind == K_TCP && end >= l4 + 20)
			l4_csum(buf, l3, l4, end - l4, IP6_NH_TCP, l4 + 16);
		else if (kind != K_OTHER_NH && kind != K_NOT_IPV6 && nh == IP6_NH_ICMPV6) {
			uint16_t ck;

			xf_icmp6_fix(buf, l3, l4, end - l4);
			ck = buf[l4 + 2] << 8 | buf[l4 + 3];
			switch (f[F_CSUM] % 4) {
			case 1: ck ^= 1 + (f[F_ID] % 0xfffe); break;
			case 2: ck = 0; break;
			case 3: ck = ck == 0 ? 0xffff : ck == 0xffff ? 0 : ck + 1; break;
			}
			buf[l4 + 2] = ck >> 8;
			buf[l4 + 3] = ck;
		}
	}
	/* wrong lengths, Ethernet padding, truncation, byte mutations */
	if (f[F_PLEN]) {
		uint32_t pl = buf[l3 + 4] << 8 | buf[l3 + 5], k = f[F_PLEN] & 15;

		switch ((f[F_PLEN] >> 4) % 6) {
		case 1: pl += 1 + k; break;
		case 2: pl = pl > k ? pl - 1 - k : 0; break;
		case 3: pl = 0; break;
		case 4: pl = 0xffff; break;
		default: pl += k * 8; break;
		}
		buf[l3 + 4] = pl >> 8;
		buf[l3 + 5] = pl;
	}
	if (f[F_PAD])
		putfill(&b, f[F_PAD] % 256, f[F_DATA_SEED] >> 3);
	if (f[F_TRUNC])
		b.len = b.len > ETH6_HLEN + f[F_TRUNC] ? b.len - f[F_TRUNC] : ETH6_HLEN;
	if (f[F_MUT_N])
		mutate(&b, f[F_MUT_N], f[F_MUT_SEED]);
	if (b.len < ETH6_HLEN)
		b.len = ETH6_HLEN;
	return b.len;
}
