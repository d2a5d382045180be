// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Unit tests of user/proto/rdisc.c on a fake clock: an RA with every option built by scapy and
 * applied to rdisc + nud + slaac; RFC 4861 §6.1.2 invalid RAs; malformed options (RFC 8106
 * RDNSS/DNSSL, MTU, PIO, SLLA) ignored one by one; §6.3.7 RS schedule compared with scapy's RS
 * bytes; router, prefix and DNS lifetimes; default router choice; a fuzz pass. */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "check.h"
#include "testutil.h"
#include "nud.h"
#include "rdisc.h"
#include "slaac.h"

/* scapy: Ether(dst=33:33:00:00:00:02, src=02:00:00:00:00:01)/IPv6(src=fe80::ff:fe00:1,
 * dst=ff02::2, hlim=255)/ICMPv6ND_RS()/ICMPv6NDOptSrcLLAddr(lladdr=02:00:00:00:00:01) */
static const char *rs_slla_hex =
	"33330000000202000000000186dd6000000000103afffe80000000000000000000fffe000001ff02"
	"000000000000000000000000000285007b2c000000000101020000000001";
/* scapy: same from src=:: without the option */
static const char *rs_unspec_hex =
	"33330000000202000000000186dd6000000000083aff00000000000000000000000000000000ff02"
	"000000000000000000000000000285007bb800000000";
/* scapy: Ether(src=02:00:00:00:00:fe)/IPv6(src=fe80::1, dst=ff02::1, hlim=255)/
 * ICMPv6ND_RA(chlim=64, M=1, O=1, prf=1 (high), routerlifetime=1800, reachabletime=20000,
 * retranstimer=500)/SrcLLAddr(02:00:00:00:00:fe)/MTU(1400)/
 * PrefixInfo(2001:db8:1::/64, L, A, valid 86400, preferred 14400)/
 * PrefixInfo(2001:db8:2::/48, L, A, 86400, 14400)/RDNSS(600, [2001:db8::53, 2001:db8::54])/
 * DNSSL(600, [example.com, lab.example.org])/unknown option type 200, length 1 */
static const char *ra_all_hex =
	"3333000000010200000000fe86dd6000000000b83afffe800000000000000000000000000001ff02"
	"00000000000000000000000000018600803340c8070800004e20000001f401010200000000fe0501"
	"000000000578030440c000015180000038400000000020010db80001000000000000000000000304"
	"30c000015180000038400000000020010db800020000000000000000000019050000000002582001"
	"0db800000000000000000000005320010db80000000000000000000000541f050000000002580765"
	"78616d706c6503636f6d00036c6162076578616d706c65036f7267000000c801000000000000";

#define SEC	XDP6_NS_PER_SEC
#define MAXF	16
#define RA_OFF	(ETH6_HLEN + IP6_HLEN)

static const struct xdp6_link link = { .ifindex = 1, .ifname = "veth0",
					.mac = { 2, 0, 0, 0, 0, 1 }, .mtu = 1500 };
static const uint8_t router_mac[6] = { 2, 0, 0, 0, 0, 0xfe };

struct cap {
	unsigned n;
	uint8_t f[MAXF][128];
	size_t len[MAXF];
	unsigned n_hop, n_retrans, n_reach, n_mtu;
	uint8_t hop;
	xdp6_ns retrans, reach;
	uint32_t mtu;
};

static struct cap cap;
static uint64_t dstats[D__MAX];
static uint8_t ra_all[512];
static size_t ra_all_len;

static void cap_tx(void *ctx, const uint8_t *frame, size_t len)
{
	struct cap *c = ctx;

	if (c->n < MAXF && len <= sizeof(c->f[0])) {
		memcpy(c->f[c->n], frame, len);
		c->len[c->n] = len;
	}
	c->n++;
}

static void cb_hop(void *ctx, uint8_t h) { cap.n_hop++; cap.hop = h; }
static void cb_retrans(void *ctx, xdp6_ns t) { cap.n_retrans++; cap.retrans = t; }
static void cb_reach(void *ctx, xdp6_ns t) { cap.n_reach++; cap.reach = t; }
static void cb_mtu(void *ctx, uint32_t m) { cap.n_mtu++; cap.mtu = m; }

struct world {
	struct rdisc *r;
	struct nud *n;
	struct slaac *s;
};

static void mk(struct world *w, const struct rdisc_cfg *cfg, uint64_t seed)
{
	struct rdisc_ops ops = { .tx = { cap_tx, &cap }, .hop_limit = cb_hop,
				 .retrans = cb_retrans, .reachable = cb_reach, .mtu = cb_mtu };

	memset(&cap, 0, sizeof(cap));
	memset(dstats, 0, sizeof(dstats));
	w->r = rdisc_new(&link, cfg, &ops, seed, dstats);
	w->n = nud_new(&link, NULL, NULL, seed, dstats);
	w->s = slaac_new(&link, NULL, NULL, seed, dstats);
	rdisc_attach(w->r, w->n, w->s);
}

static void rm(struct world *w)
{
	rdisc_free(w->r);
	nud_free(w->n);
	slaac_free(w->s);
}

static int feed(struct world *w, xdp6_ns now, const uint8_t *f, size_t len)
{
	struct pkt_info pi;

	if (pkt_parse(f, len, &pi))
		return -1000;
	return rdisc_input(w->r, now, &pi);
}

/* An RA from `src` (hop limit hlim) with ICMP body `body` (checksum computed by pkt, itself
 * checked against scapy in test_pkt). */
static size_t build_ra(uint8_t *f, size_t cap_, const char *src, uint8_t hlim,
		       const uint8_t *body, size_t blen)
{
	struct pkt_out o = { .smac = { 2, 0, 0, 0, 0, 0xfe }, .dmac = { 0x33, 0x33, 0, 0, 0, 1 },
			     .dst = ip6_all_nodes, .hop_limit = hlim };
	int len;

	inet_pton(AF_INET6, src, &o.src);
	len = pkt_build_icmp6(f, cap_, &o, body, blen);
	return len < 0 ? 0 : (size_t)len;
}

/* The scapy RA header (16 octets) followed by the given options. */
static int feed_opts(struct world *w, xdp6_ns now, const uint8_t *opts, size_t olen)
{
	uint8_t body[512], f[600];

	memcpy(body, ra_all + RA_OFF, ND6_RA_MIN_LEN);
	memcpy(body + ND6_RA_MIN_LEN, opts, olen);
	return feed(w, now, f, build_ra(f, sizeof(f), "fe80::1", ND6_HOP_LIMIT, body,
					ND6_RA_MIN_LEN + olen));
}

static void test_ra_all(void)
{
	struct rdisc_router_info ri[4];
	struct rdisc_prefix_info pi[4];
	struct rdisc_dns_info di[8];
	struct slaac_addr_info ai[4];
	struct rdisc_params prm;
	struct nud_info ni;
	struct world w;
	size_t k;

	CASE_BEGIN("ra_with_every_option_from_scapy_is_fully_applied");
	mk(&w, NULL, 1);
	CHECK(feed(&w, 0, ra_all, ra_all_len) == 0, "RA rejected");
	CHECK(dstats[D_RA_RECEIVED] == 1 && !dstats[D_RA_INVALID] && !dstats[D_RA_OPT_IGNORED],
	      "counters: received %lu invalid %lu opt-ignored %lu",
	      (unsigned long)dstats[D_RA_RECEIVED], (unsigned long)dstats[D_RA_INVALID],
	      (unsigned long)dstats[D_RA_OPT_IGNORED]);
	rdisc_params(w.r, &prm);
	CHECK(prm.cur_hop_limit == 64 && cap.n_hop == 1 && cap.hop == 64, "CurHopLimit");
	CHECK(prm.managed && prm.other, "M/O flags");
	CHECK(prm.base_reachable == 20 * SEC && cap.n_reach == 1 && cap.reach == 20 * SEC,
	      "BaseReachableTime");
	CHECK(prm.retrans == 500 * XDP6_NS_PER_MS && cap.n_retrans == 1, "RetransTimer");
	CHECK(nud_reachable_time(w.n) >= 10 * SEC && nud_reachable_time(w.n) <= 30 * SEC,
	      "ReachableTime %lu not 0.5..1.5 x 20 s", (unsigned long)nud_reachable_time(w.n));
	CHECK(prm.mtu == 1400 && cap.n_mtu == 1 && cap.mtu == 1400, "MTU");
	k = rdisc_routers(w.r, 0, ri, 4);
	CHECK(k == 1 && !memcmp(&ri[0].addr, P("fe80::1"), 16) &&
	      ri[0].lifetime_left == 1800 * SEC && ri[0].preference == 1, "router list");
	k = rdisc_prefixes(w.r, 0, pi, 4);
	CHECK(k == 2, "%zu on-link prefixes", k);
	CHECK(k == 2 && !memcmp(&pi[0].prefix, P("2001:db8:1::"), 16) && pi[0].prefixlen == 64 &&
	      pi[0].valid_left == 86400 * SEC && pi[0].preferred_left == 14400 * SEC &&
	      pi[0].autonomous, "prefix 1");
	CHECK(k == 2 && !memcmp(&pi[1].prefix, P("2001:db8:2::"), 16) && pi[1].prefixlen == 48,
	      "prefix 2");
	k = slaac_addrs(w.s, 0, ai, 4);
	CHECK(k == 1 && !memcmp(&ai[0].addr, P("2001:db8:1::ff:fe00:1"), 16),
	      "SLAAC: %zu addresses", k);
	CHECK(dstats[D_SLAAC_PREFIX_IGNORED] == 1, "the /48 was not ignored by slaac");
	k = rdisc_dns(w.r, 0, di, 8);
	CHECK(k == 4, "%zu DNS entries", k);
	CHECK(k == 4 && di[0].kind == RDISC_DNS_SERVER && !memcmp(&di[0].server,
	      P("2001:db8::53"), 16) && di[0].lifetime_left == 600 * SEC, "server 1");
	CHECK(k == 4 && di[1].kind == RDISC_DNS_SERVER && !memcmp(&di[1].server,
	      P("2001:db8::54"), 16), "server 2");
	CHECK(k == 4 && di[2].kind == RDISC_DNS_SEARCH && !strcmp(di[2].domain, "example.com") &&
	      !memcmp(&di[2].router, P("fe80::1"), 16), "domain 1 '%s'", di[2].domain);
	CHECK(k == 4 && !strcmp(di[3].domain, "lab.example.org"), "domain 2 '%s'", di[3].domain);
	CHECK(!nud_get(w.n, 0, P("fe80::1"), &ni) && ni.state == NUD_STALE && ni.is_router &&
	      !memcmp(ni.mac, router_mac, 6), "router not a STALE router entry in nud");
	/* the same RA again changes no parameter: no callbacks */
	feed(&w, SEC, ra_all, ra_all_len);
	CHECK(cap.n_hop == 1 && cap.n_reach == 1 && cap.n_retrans == 1 && cap.n_mtu == 1,
	      "callbacks repeated for unchanged values");
	CHECK(rdisc_routers(w.r, SEC, ri, 4) == 1 && ri[0].lifetime_left == 1800 * SEC,
	      "router lifetime not reset");
	rm(&w);
	CASE_END();
}

static void test_invalid(void)
{
	uint8_t body[512], f[600];
	size_t blen = ra_all_len - RA_OFF, len;
	struct world w;
	struct pkt_info pi;
	int k;

	CASE_BEGIN("invalid_ras_are_counted_and_change_nothing");
	mk(&w, NULL, 1);
	for (k = 0; k < 8; k++) {
		const char *src = "fe80::1";
		uint8_t hlim = ND6_HOP_LIMIT;
		size_t bl = blen;

		memcpy(body, ra_all + RA_OFF, blen);
		switch (k) {
		case 0: src = "2001:db8::1"; break;		/* §6.1.2: global source */
		case 1: hlim = ND6_HOP_LIMIT - 1; break;	/* hop limit 254 */
		case 2: body[1] = 1; break;			/* code 1 */
		case 3: bl = 12; break;				/* shorter than 16 */
		case 4: body[ND6_RA_MIN_LEN + 1] = 0; break;	/* SLLA of length 0 */
		case 5: body[blen - 8 + 1] = 2; break;		/* last option overruns */
		case 6: src = "ff02::1"; break;			/* multicast source */
		default: break;
		}
		len = build_ra(f, sizeof(f), src, hlim, body, bl);
		if (k == 7)
			f[RA_OFF + 3] ^= 0x40;			/* checksum */
		CHECK(feed(&w, 0, f, len) == -EINVAL, "case %d accepted", k);
	}
	/* RFC 6980 §5: no ND in fragments */
	CHECK(!pkt_parse(ra_all, ra_all_len, &pi), "parse");
	pi.has_frag = true;
	CHECK(rdisc_input(w.r, 0, &pi) == -EINVAL, "fragmented RA accepted");
	CHECK(dstats[D_RA_INVALID] == 9, "ra-invalid %lu", (unsigned long)dstats[D_RA_INVALID]);
	CHECK(!dstats[D_RA_RECEIVED] && !rdisc_routers(w.r, 0, NULL, 0) &&
	      !rdisc_prefixes(w.r, 0, NULL, 0) && !rdisc_dns(w.r, 0, NULL, 0) &&
	      !nud_list(w.n, 0, NULL, 0) && !slaac_addrs(w.s, 0, NULL, 0) &&
	      !cap.n_hop && !cap.n_mtu && !cap.n_retrans && !cap.n_reach,
	      "an invalid RA changed state");
	/* control: rebuilt unmodified, it is accepted */
	memcpy(body, ra_all + RA_OFF, blen);
	len = build_ra(f, sizeof(f), "fe80::1", ND6_HOP_LIMIT, body, blen);
	CHECK(len == ra_all_len && !memcmp(f, ra_all, len), "rebuilt RA differs from scapy's");
	CHECK(feed(&w, 0, f, len) == 0 && rdisc_routers(w.r, 0, NULL, 0) == 1, "control");
	CHECK(rdisc_input(w.r, 0, &(struct pkt_info){ 0 }) == -EINVAL, "empty pkt_info");
	rm(&w);
	CASE_END();
}

static void test_bad_options(void)
{
	static const struct {
		const char *name;
		uint8_t opt[48];
		size_t len;
	} t[] = {
		{ "rdnss_length_2_is_ignored",
		  { 25, 2, 0, 0, 0, 0, 2, 0x58, 0x20, 0x01, 0x0d, 0xb8 }, 16 },
		{ "rdnss_even_length_4_is_ignored",
		  { 25, 4, 0, 0, 0, 0, 2, 0x58, 0x20, 0x01, 0x0d, 0xb8 }, 32 },
		{ "dnssl_label_of_64_octets_is_ignored",
		  { 31, 2, 0, 0, 0, 0, 2, 0x58, 64, 'a', 'b' }, 16 },
		{ "dnssl_label_overrunning_the_option_is_ignored",
		  { 31, 2, 0, 0, 0, 0, 2, 0x58, 10, 'a', 'b', 'c', 'd', 'e', 'f', 'g' }, 16 },
		{ "dnssl_name_not_terminated_is_ignored",
		  { 31, 2, 0, 0, 0, 0, 2, 0x58, 3, 'a', 'b', 'c', 3, 'd', 'e', 'f' }, 16 },
		{ "dnssl_compression_pointer_is_ignored",
		  { 31, 2, 0, 0, 0, 0, 2, 0x58, 0xc0, 0x0c, 0, 0, 0, 0, 0, 0 }, 16 },
		{ "dnssl_garbage_after_padding_is_ignored",
		  { 31, 2, 0, 0, 0, 0, 2, 0x58, 1, 'a', 0, 0, 0, 0, 0, 1 }, 16 },
		{ "dnssl_bad_character_is_ignored",
		  { 31, 2, 0, 0, 0, 0, 2, 0x58, 3, 'a', ' ', 'c', 0, 0, 0, 0 }, 16 },
		{ "dnssl_only_padding_is_ignored",
		  { 31, 2, 0, 0, 0, 0, 2, 0x58 }, 16 },
		{ "mtu_below_1280_is_ignored", { 5, 1, 0, 0, 0, 0, 0x04, 0xff }, 8 },
		{ "mtu_above_link_mtu_is_ignored", { 5, 1, 0, 0, 0, 0, 0x23, 0x28 }, 8 },
		{ "mtu_option_of_length_2_is_ignored", { 5, 2, 0, 0, 0, 0, 0x05, 0x00 }, 16 },
		{ "prefix_option_of_length_3_is_ignored",
		  { 3, 3, 64, 0xc0, 0, 0, 0x0e, 0x10, 0, 0, 0x0e, 0x10, 0, 0, 0, 0,
		    0x20, 0x01, 0x0d, 0xb8 }, 24 },
		{ "prefix_length_over_128_is_ignored",
		  { 3, 4, 129, 0xc0, 0, 0, 0x0e, 0x10, 0, 0, 0x0e, 0x10, 0, 0, 0, 0,
		    0x20, 0x01, 0x0d, 0xb8 }, 32 },
		{ "link_local_prefix_is_ignored",
		  { 3, 4, 64, 0xc0, 0, 0, 0x0e, 0x10, 0, 0, 0x0e, 0x10, 0, 0, 0, 0,
		    0xfe, 0x80 }, 32 },
		/* issue 9 item 20: listed on-link and autonomous, counted slaac-addr-added */
		{ "multicast_prefix_ff0e_1_is_ignored",
		  { 3, 4, 64, 0xc0, 0, 0, 0x0e, 0x10, 0, 0, 0x0e, 0x10, 0, 0, 0, 0,
		    0xff, 0x0e, 0, 1 }, 32 },
		{ "unspecified_prefix_64_is_ignored",
		  { 3, 4, 64, 0xc0, 0, 0, 0x0e, 0x10, 0, 0, 0x0e, 0x10, 0, 0, 0, 0 }, 32 },
		{ "default_prefix_0_on_link_is_ignored",
		  { 3, 4, 0, 0x80, 0, 0, 0x0e, 0x10, 0, 0, 0x0e, 0x10, 0, 0, 0, 0,
		    0x20, 0x01, 0x0d, 0xb8 }, 32 },
		{ "loopback_prefix_128_is_ignored",
		  { 3, 4, 128, 0x80, 0, 0, 0x0e, 0x10, 0, 0, 0x0e, 0x10, 0, 0, 0, 0,
		    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }, 32 },
		{ "slla_of_length_2_is_ignored", { 1, 2, 2, 0, 0, 0, 0, 0xfe }, 16 },
	};
	struct rdisc_params prm;
	struct nud_info ni;
	struct world w;
	unsigned i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		CASE_BEGIN(t[i].name);
		mk(&w, NULL, 1);
		CHECK(feed_opts(&w, 0, t[i].opt, t[i].len) == 0, "RA rejected");
		CHECK(dstats[D_RA_OPT_IGNORED] == 1, "ra-option-ignored %lu",
		      (unsigned long)dstats[D_RA_OPT_IGNORED]);
		CHECK(rdisc_routers(w.r, 0, NULL, 0) == 1, "rest of the RA not processed");
		CHECK(!rdisc_dns(w.r, 0, NULL, 0) && !rdisc_prefixes(w.r, 0, NULL, 0) &&
		      !slaac_addrs(w.s, 0, NULL, 0), "option applied");
		rdisc_params(w.r, &prm);
		CHECK(prm.mtu == link.mtu && !cap.n_mtu, "MTU changed to %u", prm.mtu);
		CHECK(nud_get(w.n, 0, P("fe80::1"), &ni) == -ENOENT, "neighbor entry without SLLA");
		CHECK(!dstats[D_SLAAC_ADDR_ADDED], "slaac-addr-added");
		rm(&w);
		CASE_END();
	}

	/* RFC 8106 §5.2, RFC 1035 §2.3.1 letters, digits, hyphen (and '_', as Linux keeps
	 * it): the edges of each range are accepted, upper case is folded */
	CASE_BEGIN("dnssl_label_with_range_edges_is_taken_in_lower_case");
	{
		static const uint8_t o[] = { 31, 2, 0, 0, 0, 0, 2, 0x58,
					     6, 'Z', 'z', 'a', '0', '9', '-', 0 };
		struct rdisc_dns_info di[2];

		mk(&w, NULL, 1);
		CHECK(feed_opts(&w, 0, o, sizeof(o)) == 0, "RA rejected");
		CHECK(!dstats[D_RA_OPT_IGNORED], "DNSSL ignored");
		CHECK(rdisc_dns(w.r, 0, di, 2) == 1 && di[0].kind == RDISC_DNS_SEARCH &&
		      !strcmp(di[0].domain, "zza09-"), "search domain not zza09-");
		rm(&w);
	}
	CASE_END();

	CASE_BEGIN("mtu_1280_is_taken_after_an_unknown_option");
	{
		static const uint8_t o[] = { 200, 1, 1, 2, 3, 4, 5, 6,
					     5, 1, 0, 0, 0, 0, 0x05, 0x00 };

		mk(&w, NULL, 1);
		feed_opts(&w, 0, o, sizeof(o));
		rdisc_params(w.r, &prm);
		CHECK(!dstats[D_RA_OPT_IGNORED], "option ignored");
		CHECK(prm.mtu == IP6_MIN_MTU && cap.n_mtu == 1 && cap.mtu == IP6_MIN_MTU,
		      "MTU %u", prm.mtu);
		rm(&w);
	}
	CASE_END();
}

/* An RA's ReachableTime over the RFC 4861 §6.2.1 maximum (1 h) is ignored (REACHABLE entries
 * are never evicted: one RA must not make them last weeks); tiny ones are raised to Linux's
 * floors (100 ms, RetransTimer 10 ms) so that NUD and DAD never probe every millisecond. */
static void test_ra_timer_bounds(void)
{
	struct rdisc_params prm;
	uint8_t hdr[16], f[128];
	struct world w;

	memcpy(hdr, ra_all + RA_OFF, 16);
	CASE_BEGIN("reachable_time_over_one_hour_is_ignored_and_counted");
	mk(&w, NULL, 1);
	put32(hdr + 8, 3600001);
	put32(hdr + 12, 0);
	feed(&w, 0, f, build_ra(f, sizeof(f), "fe80::1", ND6_HOP_LIMIT, hdr, 16));
	rdisc_params(w.r, &prm);
	CHECK(prm.base_reachable == 0 && !cap.n_reach, "BaseReachableTime %lu taken",
	      (unsigned long)prm.base_reachable);
	CHECK(nud_reachable_time(w.n) <= 45 * SEC, "nud ReachableTime %lu",
	      (unsigned long)nud_reachable_time(w.n));
	CHECK(dstats[D_RA_OPT_IGNORED] == 1, "not counted");
	put32(hdr + 8, 3600000);
	feed(&w, SEC, f, build_ra(f, sizeof(f), "fe80::1", ND6_HOP_LIMIT, hdr, 16));
	rdisc_params(w.r, &prm);
	CHECK(prm.base_reachable == 3600 * SEC, "1 h not taken");
	rm(&w);
	CASE_END();

	CASE_BEGIN("reachable_time_1ms_and_retrans_timer_1ms_are_raised_to_linux_floors");
	mk(&w, NULL, 1);
	put32(hdr + 8, 1);
	put32(hdr + 12, 1);
	feed(&w, 0, f, build_ra(f, sizeof(f), "fe80::1", ND6_HOP_LIMIT, hdr, 16));
	rdisc_params(w.r, &prm);
	CHECK(prm.base_reachable == 100 * XDP6_NS_PER_MS && prm.retrans == 10 * XDP6_NS_PER_MS,
	      "reachable %lu retrans %lu", (unsigned long)prm.base_reachable,
	      (unsigned long)prm.retrans);
	CHECK(cap.retrans == 10 * XDP6_NS_PER_MS, "retrans given to the host: %lu",
	      (unsigned long)cap.retrans);
	rm(&w);
	CASE_END();
}

static void test_rs(void)
{
	uint8_t want[128];
	size_t wl;
	struct world w;
	xdp6_ns d0;

	CASE_BEGIN("rs_three_times_4s_apart_after_random_delay_with_slla_matching_scapy");
	mk(&w, NULL, 42);
	rdisc_set_source(w.r, P("fe80::ff:fe00:1"));
	rdisc_start(w.r, 100 * SEC);
	d0 = rdisc_next_deadline(w.r);
	CHECK(d0 >= 100 * SEC && d0 <= 101 * SEC, "first RS at %lu, not within 0..1 s",
	      (unsigned long)d0);
	rdisc_timeout(w.r, d0 - 1);
	CHECK(cap.n == 0, "RS before the delay");
	rdisc_timeout(w.r, d0);
	wl = unhex(rs_slla_hex, want, sizeof(want));
	CHECK(cap.n == 1 && cap.len[0] == wl && !memcmp(cap.f[0], want, wl),
	      "RS differs from scapy bytes");
	CHECK(rdisc_next_deadline(w.r) == d0 + 4 * SEC, "2nd RS not 4 s later");
	rdisc_timeout(w.r, d0 + 4 * SEC - 1);
	CHECK(cap.n == 1, "2nd RS early");
	rdisc_timeout(w.r, d0 + 4 * SEC);
	rdisc_timeout(w.r, d0 + 8 * SEC);
	CHECK(cap.n == 3, "%u RS by +8 s", cap.n);
	CHECK(cap.len[2] == wl && !memcmp(cap.f[2], want, wl), "3rd RS differs");
	CHECK(rdisc_next_deadline(w.r) == XDP6_NEVER, "a 4th RS scheduled");
	rdisc_timeout(w.r, d0 + 60 * SEC);
	CHECK(cap.n == 3 && dstats[D_RS_SENT] == 3, "more than MAX_RTR_SOLICITATIONS");
	rm(&w);
	CASE_END();

	CASE_BEGIN("rs_from_unspecified_has_no_slla_matching_scapy");
	mk(&w, NULL, 42);
	rdisc_start(w.r, 0);
	rdisc_timeout(w.r, SEC);
	wl = unhex(rs_unspec_hex, want, sizeof(want));
	CHECK(cap.n == 1 && cap.len[0] == wl && !memcmp(cap.f[0], want, wl),
	      "RS from :: differs from scapy bytes (SLLA present?)");
	rm(&w);
	CASE_END();

	CASE_BEGIN("rs_stop_after_valid_ra_but_not_after_invalid_one");
	mk(&w, NULL, 42);
	rdisc_start(w.r, 0);
	rdisc_timeout(w.r, SEC);
	{
		uint8_t f[600];

		memcpy(f, ra_all, ra_all_len);
		f[ETH6_HLEN + 7] = ND6_HOP_LIMIT - 1;
		feed(&w, 2 * SEC, f, ra_all_len);
	}
	rdisc_timeout(w.r, 5 * SEC);
	CHECK(cap.n == 2, "invalid RA stopped solicitation (%u RS)", cap.n);
	feed(&w, 6 * SEC, ra_all, ra_all_len);
	rdisc_timeout(w.r, 9 * SEC);
	rdisc_timeout(w.r, 13 * SEC);
	CHECK(cap.n == 2, "RS after a valid RA");
	CHECK(rdisc_next_deadline(w.r) > 13 * SEC, "RS still scheduled");
	rm(&w);
	CASE_END();

	CASE_BEGIN("accept_ra_off_counts_and_ignores_ras_and_sends_no_rs");
	{
		struct rdisc_cfg cfg;

		rdisc_cfg_defaults(&cfg);
		cfg.accept_ra = false;
		mk(&w, &cfg, 1);
		rdisc_start(w.r, 0);
		rdisc_timeout(w.r, 20 * SEC);
		CHECK(cap.n == 0 && rdisc_next_deadline(w.r) == XDP6_NEVER, "RS sent");
		CHECK(feed(&w, 0, ra_all, ra_all_len) == 0, "RA rejected");
		CHECK(dstats[D_RA_IGNORED] == 1 && !dstats[D_RA_RECEIVED], "ra-ignored");
		CHECK(!rdisc_routers(w.r, 0, NULL, 0) && !slaac_addrs(w.s, 0, NULL, 0) &&
		      !cap.n_hop, "RA applied");
		rm(&w);
	}
	CASE_END();

	CASE_BEGIN("slaac_off_keeps_prefix_list_but_forms_no_address");
	{
		struct rdisc_cfg cfg;

		rdisc_cfg_defaults(&cfg);
		cfg.slaac = false;
		mk(&w, &cfg, 1);
		feed(&w, 0, ra_all, ra_all_len);
		CHECK(rdisc_prefixes(w.r, 0, NULL, 0) == 2 && !slaac_addrs(w.s, 0, NULL, 0),
		      "slaac off formed an address");
		rm(&w);
	}
	CASE_END();
}

static void test_lifetimes(void)
{
	/* router lifetime 30 s, no options */
	uint8_t hdr[16], f[600];
	struct rdisc_dns_info di[4];
	struct world w;
	size_t len;

	memcpy(hdr, ra_all + RA_OFF, 16);
	hdr[6] = 0;
	hdr[7] = 30;

	CASE_BEGIN("router_lifetime_expiry_removes_router");
	mk(&w, NULL, 1);
	len = build_ra(f, sizeof(f), "fe80::1", ND6_HOP_LIMIT, hdr, 16);
	feed(&w, 0, f, len);
	CHECK(rdisc_routers(w.r, 0, NULL, 0) == 1, "no router");
	CHECK(rdisc_next_deadline(w.r) == 30 * SEC, "deadline %lu",
	      (unsigned long)rdisc_next_deadline(w.r));
	rdisc_timeout(w.r, 30 * SEC - 1);
	CHECK(rdisc_routers(w.r, 30 * SEC - 1, NULL, 0) == 1, "expired early");
	CHECK(rdisc_is_router(w.r, 30 * SEC - 1, P("fe80::1")) &&
	      !rdisc_is_router(w.r, 0, P("fe80::2")), "rdisc_is_router");
	rdisc_timeout(w.r, 30 * SEC);
	CHECK(rdisc_routers(w.r, 30 * SEC, NULL, 0) == 0, "not expired");
	CHECK(dstats[D_ROUTER_EXPIRED] == 1, "router-expired");
	CHECK(!rdisc_is_router(w.r, 30 * SEC, P("fe80::1")), "expired router still a router");
	CHECK(rdisc_next_deadline(w.r) == XDP6_NEVER, "deadline left");
	rm(&w);
	CASE_END();

	CASE_BEGIN("router_lifetime_zero_removes_router_at_once");
	mk(&w, NULL, 1);
	feed(&w, 0, f, len);
	hdr[7] = 0;
	len = build_ra(f, sizeof(f), "fe80::1", ND6_HOP_LIMIT, hdr, 16);
	feed(&w, SEC, f, len);
	CHECK(rdisc_routers(w.r, SEC, NULL, 0) == 0, "router kept");
	CHECK(rdisc_router_remove(w.r, SEC, P("fe80::1")) == -ENOENT, "remove of absent");
	rm(&w);
	CASE_END();

	CASE_BEGIN("rdnss_and_dnssl_lifetime_zero_remove_entries_and_expire");
	{
		static const uint8_t zero[] = {
			25, 3, 0, 0, 0, 0, 0, 0, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
			0, 0, 0, 0, 0, 0, 0, 0x53,
			31, 3, 0, 0, 0, 0, 0, 0, 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e',
			3, 'c', 'o', 'm', 0, 0, 0, 0 };

		mk(&w, NULL, 1);
		feed(&w, 0, ra_all, ra_all_len);
		feed_opts(&w, SEC, zero, sizeof(zero));
		CHECK(rdisc_dns(w.r, SEC, di, 4) == 2, "%zu entries", rdisc_dns(w.r, SEC, di, 4));
		CHECK(!memcmp(&di[0].server, P("2001:db8::54"), 16) &&
		      !strcmp(di[1].domain, "lab.example.org"), "wrong entries removed");
		rdisc_timeout(w.r, 600 * SEC);
		CHECK(rdisc_dns(w.r, 600 * SEC, di, 4) == 0, "not expired at 600 s");
	}
	rm(&w);
	CASE_END();

	CASE_BEGIN("onlink_prefix_valid_zero_removes_and_l0_a1_only_autoconfigures");
	{
		static const uint8_t o[] = {
			3, 4, 64, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
			0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
			3, 4, 64, 0x40, 0, 0, 0x0e, 0x10, 0, 0, 0x0e, 0x10, 0, 0, 0, 0,
			0x20, 0x01, 0x0d, 0xb8, 0, 3, 0, 0, 0xff, 0xff, 0, 0, 0, 0, 0, 0 };
		struct rdisc_prefix_info pi[4];
		struct slaac_addr_info ai[4];

		mk(&w, NULL, 1);
		feed(&w, 0, ra_all, ra_all_len);
		feed_opts(&w, SEC, o, sizeof(o));
		CHECK(rdisc_prefixes(w.r, SEC, pi, 4) == 1 && pi[0].prefixlen == 48,
		      "2001:db8:1::/64 not removed");
		CHECK(slaac_addrs(w.s, SEC, ai, 4) == 2 &&
		      !memcmp(&ai[1].addr, P("2001:db8:3::ff:fe00:1"), 16),
		      "A-only prefix (host bits set in the option) not autoconfigured");
	}
	rm(&w);
	CASE_END();
}

static void test_default_router(void)
{
	uint8_t hdr[16], f[600];
	static const uint8_t slla[] = { 1, 1, 2, 0, 0, 0, 0, 2 };
	uint8_t body[32];
	struct in6_addr out;
	struct world w;
	uint8_t mac[6];
	size_t len;

	CASE_BEGIN("default_router_prefers_probably_reachable_then_preference");
	mk(&w, NULL, 1);
	nud_set_source(w.n, P("fe80::ff:fe00:1"));
	CHECK(rdisc_default_router(w.r, 0, &out) == -ENOENT, "router from nothing");
	memcpy(hdr, ra_all + RA_OFF, 16);
	/* fe80::1: preference high, no SLLA, and nud is resolving it (INCOMPLETE) */
	nud_lookup(w.n, 0, P("fe80::1"), mac);
	len = build_ra(f, sizeof(f), "fe80::1", ND6_HOP_LIMIT, hdr, 16);
	feed(&w, 0, f, len);
	/* fe80::2: preference low, with SLLA (STALE) */
	memcpy(body, hdr, 16);
	body[5] = 0x18;
	memcpy(body + 16, slla, 8);
	len = build_ra(f, sizeof(f), "fe80::2", ND6_HOP_LIMIT, body, 24);
	feed(&w, 0, f, len);
	CHECK(rdisc_routers(w.r, 0, NULL, 0) == 2, "two routers expected");
	CHECK(!rdisc_default_router(w.r, 0, &out) && !memcmp(&out, P("fe80::2"), 16),
	      "INCOMPLETE router chosen");
	/* once fe80::1 is known, its high preference wins */
	nud_learn(w.n, 0, P("fe80::1"), (const uint8_t *)"\x02\0\0\0\0\x01", 1);
	CHECK(!rdisc_default_router(w.r, 0, &out) && !memcmp(&out, P("fe80::1"), 16),
	      "high preference not chosen");
	CHECK(rdisc_router_remove(w.r, 0, P("fe80::1")) == 0 &&
	      !rdisc_default_router(w.r, 0, &out) && !memcmp(&out, P("fe80::2"), 16),
	      "router_remove");
	rm(&w);
	CASE_END();
}

static void test_dnssl_decoder(void)
{
	static const uint8_t ok[] = { 3, 'W', 'w', 'W', 7, 'E', 'x', 'a', 'm', 'p', 'l', 'e', 0,
				      4, '_', 's', '-', '1', 0, 0, 0, 0 };
	uint8_t longname[300];
	char name[RDISC_DNS_NAME_MAX + 1];
	size_t off = 0, i;

	CASE_BEGIN("dnssl_decoder_lowercases_and_bounds_names");
	CHECK(rdisc_dnssl_next(ok, sizeof(ok), &off, name) == 1 && !strcmp(name, "www.example"),
	      "first '%s'", name);
	CHECK(rdisc_dnssl_next(ok, sizeof(ok), &off, name) == 1 && !strcmp(name, "_s-1"),
	      "second '%s'", name);
	CHECK(rdisc_dnssl_next(ok, sizeof(ok), &off, name) == 0, "padding");
	/* 4 labels of 63: 256 octets on the wire: too long; 3 of 63 + 1 of 61: 255, fine */
	for (i = 0; i < 4 * 64; i++)
		longname[i] = i % 64 ? 'a' : 63;
	longname[4 * 64] = 0;
	off = 0;
	CHECK(rdisc_dnssl_next(longname, 4 * 64 + 1, &off, name) == -EINVAL, "256 octets");
	longname[3 * 64] = 61;
	longname[3 * 64 + 62] = 0;
	off = 0;
	CHECK(rdisc_dnssl_next(longname, 3 * 64 + 63, &off, name) == 1 && strlen(name) == 253,
	      "255-octet name refused");
	CASE_END();
}

static void test_fuzz(void)
{
	uint8_t f[600], body[512];
	struct rdisc_dns_info di[32];
	struct rdisc_prefix_info pi[32];
	size_t blen = ra_all_len - RA_OFF, len, k, j;
	uint64_t rnd = 2024;
	struct world w;
	xdp6_ns now = 0;
	unsigned i, bad = 0;

	CASE_BEGIN("fuzz_30000_mutated_ras_keep_tables_sane");
	mk(&w, NULL, 5);
	for (i = 0; i < 30000; i++) {
		unsigned m = xdp6_rand_u32(&rnd) % 4, n, x;
		const char *src = (xdp6_rand_u32(&rnd) % 16) ? "fe80::1" : "2001:db8::1";
		size_t bl = blen;

		memcpy(body, ra_all + RA_OFF, blen);
		n = 1 + xdp6_rand_u32(&rnd) % 8;
		for (x = 0; x < n; x++) {
			size_t at = ND6_RA_MIN_LEN + xdp6_rand_u32(&rnd) % (blen - ND6_RA_MIN_LEN);

			if (m == 0)
				body[at] = (uint8_t)xdp6_rand_u32(&rnd);	/* any byte */
			else if (m == 1)
				body[at] = (uint8_t)(xdp6_rand_u32(&rnd) % 8);	/* small */
			else if (m == 2)
				body[at] ^= (uint8_t)(1u << (xdp6_rand_u32(&rnd) % 8));
		}
		if (m == 3) {
			bl = ND6_RA_MIN_LEN + xdp6_rand_u32(&rnd) % (sizeof(body) - 16);
			for (k = ND6_RA_MIN_LEN; k < bl; k++)
				body[k] = (uint8_t)xdp6_rand_u32(&rnd);
		}
		body[6] = 0;					/* router lifetime */
		body[7] = (uint8_t)(xdp6_rand_u32(&rnd) % 120);
		len = build_ra(f, sizeof(f), src, ND6_HOP_LIMIT, body, bl);
		f[ETH6_HLEN + 8 + 15] = (uint8_t)(1 + xdp6_rand_u32(&rnd) % 12);	/* router */
		/* keep the checksum right for the new source most of the time */
		if (xdp6_rand_u32(&rnd) % 4)
			fix_csum(f, len, RA_OFF, IP6_NH_ICMPV6);
		feed(&w, now, f, len);
		now += xdp6_rand_delay(&rnd, 10 * SEC);
		if (rdisc_next_deadline(w.r) <= now)
			rdisc_timeout(w.r, now);
		if (nud_next_deadline(w.n) <= now)
			nud_timeout(w.n, now);
		if (slaac_next_deadline(w.s) <= now)
			slaac_timeout(w.s, now);
		if (rdisc_routers(w.r, now, NULL, 0) > RDISC_DEFAULT_MAX_ROUTERS)
			bad++;
		k = rdisc_dns(w.r, now, di, 32);
		for (j = 0; j < k && j < 32; j++) {
			if (di[j].kind == RDISC_DNS_SEARCH &&
			    (strnlen(di[j].domain, sizeof(di[j].domain)) > RDISC_DNS_NAME_MAX ||
			     !di[j].domain[0] || strspn(di[j].domain,
			     "abcdefghijklmnopqrstuvwxyz0123456789-_.") != strlen(di[j].domain)))
				bad++;
			if (di[j].lifetime_left == 0)
				bad++;
		}
		k = rdisc_prefixes(w.r, now, pi, 32);
		for (j = 0; j < k && j < 32; j++)
			if (pi[j].prefixlen > 128 || ip6_is_linklocal(&pi[j].prefix) ||
			    ip6_is_multicast(&pi[j].prefix))
				bad++;
	}
	CHECK(!bad, "%u insane entries", bad);
	CHECK(dstats[D_RA_RECEIVED] > 1000 && dstats[D_RA_INVALID] > 1000 &&
	      dstats[D_RA_OPT_IGNORED] > 100 && dstats[D_ROUTER_EXPIRED] > 10,
	      "fuzz did not reach every path: received %lu invalid %lu opt %lu expired %lu",
	      (unsigned long)dstats[D_RA_RECEIVED], (unsigned long)dstats[D_RA_INVALID],
	      (unsigned long)dstats[D_RA_OPT_IGNORED], (unsigned long)dstats[D_ROUTER_EXPIRED]);
	rm(&w);
	CASE_END();
}

/* The defaults, field by field: a changed or lost default is a behaviour change. */
static void test_cfg_defaults(void)
{
	struct rdisc_cfg c;

	memset(&c, 0xa5, sizeof(c));	/* a field the defaults forget keeps garbage */
	rdisc_cfg_defaults(&c);
	CASE_BEGIN("cfg_defaults_accept_ras_and_bound_the_lists");
	CHECK(c.accept_ra && c.slaac, "RAs or SLAAC off by default");
	CHECK(c.max_routers == 8 && c.max_prefixes == 16 && c.max_dns == 8,
	      "bounds %u %u %u", (unsigned)c.max_routers, (unsigned)c.max_prefixes,
	      (unsigned)c.max_dns);
	CASE_END();
}

int main(void)
{
	test_cfg_defaults();
	ra_all_len = unhex(ra_all_hex, ra_all, sizeof(ra_all));
	test_ra_all();
	test_invalid();
	test_bad_options();
	test_ra_timer_bounds();
	test_rs();
	test_lifetimes();
	test_default_router();
	test_dnssl_decoder();
	test_fuzz();
	return check_exit();
}
