// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Unit tests of user/proto/nud.c on a fake clock: RFC 4861 §7.3 state machine (INCOMPLETE,
 * REACHABLE, STALE, DELAY, PROBE), §7.2.3/§7.2.5 NS/NA rules with the S/O/R flags, §7.1
 * validity, table bounds. The NS we send are compared byte for byte with frames scapy built
 * (hex below: scapy 2.5, Debian 12). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "testutil.h"
#include "nud.h"

/* scapy: Ether(dst=33:33:ff:00:00:02, src=02:00:00:00:00:01)/IPv6(src=2001:db8:1::ff:fe00:1,
 * dst=ff02::1:ff00:2, hlim=255)/ICMPv6ND_NS(tgt=2001:db8:1::2)/ICMPv6NDOptSrcLLAddr(02:..:01) */
static const char *ns_mcast_hex =
	"3333ff00000202000000000186dd6000000000203aff20010db800010000000000fffe000001ff020000"
	"0000000000000001ff00000287001d250000000020010db80001000000000000000000020101020000000001";
/* scapy: Ether(dst=02:00:00:00:00:02, ...)/IPv6(dst=2001:db8:1::2, ...)/same NS */
static const char *ns_ucast_hex =
	"02000000000202000000000186dd6000000000203aff20010db800010000000000fffe00000120010db8"
	"0001000000000000000000028700ed6f0000000020010db80001000000000000000000020101020000000001";

#define SEC XDP6_NS_PER_SEC
#define MAXF 64

static const struct xdp6_link link = { .ifindex = 1, .ifname = "veth0",
					.mac = { 2, 0, 0, 0, 0, 1 }, .mtu = 1500 };
static const uint8_t peer_mac[6] = { 2, 0, 0, 0, 0, 2 };
static const uint8_t other_mac[6] = { 2, 0, 0, 0, 0, 3 };

struct cap {
	unsigned n;
	uint8_t f[MAXF][256];
	size_t len[MAXF];
	unsigned router_lost;
	struct in6_addr lost;
};

static void cap_tx(void *ctx, const uint8_t *frame, size_t len)
{
	struct cap *c = ctx;

	if (c->n < MAXF && len <= sizeof(c->f[0])) {
		memcpy(c->f[c->n], frame, len);
		c->len[c->n] = len;
	}
	c->n++;
}

static void cap_router_lost(void *ctx, const struct in6_addr *a)
{
	struct cap *c = ctx;

	c->router_lost++;
	c->lost = *a;
}

static uint64_t dstats[D__MAX];
static struct cap cap;

static struct nud *mk(const struct nud_cfg *cfg, uint64_t seed)
{
	struct nud_ops ops = { .tx = { cap_tx, &cap }, .router_lost = cap_router_lost,
			       .ctx = &cap };
	struct in6_addr src = A("2001:db8:1::ff:fe00:1");
	struct nud *n;

	memset(&cap, 0, sizeof(cap));
	memset(dstats, 0, sizeof(dstats));
	n = nud_new(&link, cfg, &ops, seed, dstats);
	if (n)
		nud_set_source(n, &src);
	return n;
}

/* The one address the Default Router List holds, for mk_router() */
static struct in6_addr the_router;

static bool is_router(void *ctx, xdp6_ns now, const struct in6_addr *a)
{
	return !memcmp(a, &the_router, sizeof(*a));
}

static struct nud *mk_router(const struct nud_cfg *cfg, const struct in6_addr *router)
{
	struct nud_ops ops = { .tx = { cap_tx, &cap }, .router_lost = cap_router_lost,
			       .is_router = is_router, .ctx = &cap };
	struct in6_addr src = A("2001:db8:1::ff:fe00:1");
	struct nud *n;

	the_router = *router;
	memset(&cap, 0, sizeof(cap));
	memset(dstats, 0, sizeof(dstats));
	n = nud_new(&link, cfg, &ops, 1, dstats);
	if (n)
		nud_set_source(n, &src);
	return n;
}

/* Frame builders for inputs (checksums by pkt_build_icmp6, itself checked against scapy in
 * test_pkt). */
struct nd_in {
	const char *src, *dst;
	uint8_t type, code, hlim;
	uint32_t flags;			/* NA R/S/O */
	const char *target;
	uint8_t opt_type;		/* 0: no option */
	const uint8_t *opt_mac;
	uint8_t opt_len;		/* in units of 8, default 1 */
};

static size_t build_nd(uint8_t *f, const struct nd_in *in)
{
	uint8_t icmp[64] = { 0 };
	struct pkt_out o = { .smac = { 2, 0, 0, 0, 0, 2 }, .dmac = { 2, 0, 0, 0, 0, 1 } };
	size_t il = sizeof(struct nd6_ns);
	uint32_t fl = htonl(in->flags);
	int len;

	o.src = A(in->src);
	o.dst = A(in->dst);
	o.hop_limit = in->hlim ? in->hlim : ND6_HOP_LIMIT;
	icmp[0] = in->type;
	icmp[1] = in->code;
	memcpy(icmp + 4, &fl, 4);
	{
		struct in6_addr t = A(in->target);

		memcpy(icmp + 8, &t, 16);
	}
	if (in->opt_type) {
		uint8_t ol = in->opt_len ? in->opt_len : 1;

		icmp[il] = in->opt_type;
		icmp[il + 1] = ol;
		if (in->opt_mac)
			memcpy(icmp + il + 2, in->opt_mac, 6);
		il += ol ? ol * 8u : 8;
	}
	len = pkt_build_icmp6(f, 256, &o, icmp, il);
	return len < 0 ? 0 : (size_t)len;
}

static int feed(struct nud *n, xdp6_ns now, const uint8_t *f, size_t len)
{
	struct pkt_info pi;

	if (pkt_parse(f, len, &pi))
		return -1000;
	return nud_input(n, now, &pi);
}

static int feed_nd(struct nud *n, xdp6_ns now, const struct nd_in *in)
{
	uint8_t f[256];

	return feed(n, now, f, build_nd(f, in));
}

/* NA for 2001:db8:1::2 to us with flags and an optional TLLA */
static int na(struct nud *n, xdp6_ns now, uint32_t flags, const uint8_t *tlla)
{
	struct nd_in in = { .src = "2001:db8:1::2", .dst = "2001:db8:1::ff:fe00:1",
			    .type = ICMP6_TYPE_NEIGHBOR_ADVERT, .flags = flags,
			    .target = "2001:db8:1::2",
			    .opt_type = tlla ? ND6_OPT_TARGET_LL_ADDR : 0, .opt_mac = tlla };

	return feed_nd(n, now, &in);
}

/* NS from 2001:db8:1::2 (SLLA mac) for our address */
static int ns_from_peer(struct nud *n, xdp6_ns now, const uint8_t *mac)
{
	struct nd_in in = { .src = "2001:db8:1::2", .dst = "ff02::1:ff00:1",
			    .type = ICMP6_TYPE_NEIGHBOR_SOLICIT, .target = "2001:db8:1::ff:fe00:1",
			    .opt_type = mac ? ND6_OPT_SOURCE_LL_ADDR : 0, .opt_mac = mac };

	return feed_nd(n, now, &in);
}

static const struct in6_addr *peer(void)
{
	static struct in6_addr p;

	p = A("2001:db8:1::2");
	return &p;
}

static int state_of(struct nud *n, xdp6_ns now, struct nud_info *ni)
{
	if (nud_get(n, now, peer(), ni))
		return -1;
	return (int)ni->state;
}

#define F_R ND6_NA_FLAG_ROUTER
#define F_S ND6_NA_FLAG_SOLICITED
#define F_O ND6_NA_FLAG_OVERRIDE

/* A host that answers with its link-local for link-local destinations only. */
static int pick_ll(void *ctx, const struct in6_addr *dst, struct in6_addr *src)
{
	if (!ip6_is_linklocal(dst))
		return -EADDRNOTAVAIL;
	inet_pton(AF_INET6, "fe80::ff:fe00:1", src);
	return 0;
}

static void test_resolution(void)
{
	uint8_t want[256], mac[6];
	size_t wl = unhex(ns_mcast_hex, want, sizeof(want));
	struct nud_info ni;
	struct nud *n;

	CASE_BEGIN("lookup_unknown_sends_multicast_ns_matching_scapy");
	n = mk(NULL, 1);
	CHECK(nud_lookup(n, 0, peer(), mac) == -EAGAIN, "no -EAGAIN");
	CHECK(cap.n == 1, "%u frames", cap.n);
	CHECK(cap.len[0] == wl && !memcmp(cap.f[0], want, wl), "NS differs from scapy bytes");
	CHECK(state_of(n, 0, &ni) == NUD_INCOMPLETE, "state %d", state_of(n, 0, &ni));
	CHECK(nud_lookup(n, 1, peer(), mac) == -EAGAIN && cap.n == 1,
	      "second lookup while INCOMPLETE sent another NS");
	CHECK(dstats[D_NUD_NS_SENT] == 1, "nud-ns-sent %lu", (unsigned long)dstats[D_NUD_NS_SENT]);
	nud_free(n);
	CASE_END();

	CASE_BEGIN("incomplete_retransmits_three_ns_retrans_apart_then_deleted");
	n = mk(NULL, 1);
	nud_lookup(n, 0, peer(), mac);
	CHECK(nud_next_deadline(n) == 1 * SEC, "deadline %lu", (unsigned long)nud_next_deadline(n));
	nud_timeout(n, SEC - 1);
	CHECK(cap.n == 1, "NS before RetransTimer elapsed");
	nud_timeout(n, 1 * SEC);
	CHECK(cap.n == 2, "no 2nd NS at 1 s");
	nud_timeout(n, 2 * SEC);
	CHECK(cap.n == 3, "no 3rd NS at 2 s");
	CHECK(cap.len[2] == wl && !memcmp(cap.f[2], want, wl), "retransmission differs");
	CHECK(state_of(n, 2 * SEC, &ni) == NUD_INCOMPLETE, "not INCOMPLETE before the end");
	nud_timeout(n, 3 * SEC);
	CHECK(cap.n == 3, "a 4th NS (MAX_MULTICAST_SOLICIT is 3)");
	CHECK(state_of(n, 3 * SEC, &ni) == -1, "entry not deleted");
	CHECK(dstats[D_NUD_FAILED] == 1, "nud-failed not counted");
	CHECK(nud_next_deadline(n) == XDP6_NEVER, "deadline left after deletion");
	nud_free(n);
	CASE_END();

	CASE_BEGIN("incomplete_to_reachable_on_solicited_na");
	n = mk(NULL, 1);
	nud_lookup(n, 0, peer(), mac);
	CHECK(na(n, SEC / 2, F_S | F_O, peer_mac) == 0, "NA rejected");
	CHECK(state_of(n, SEC, &ni) == NUD_REACHABLE, "state %s", nud_state_name(ni.state));
	CHECK(!memcmp(ni.mac, peer_mac, 6) && !ni.is_router, "mac/router");
	CHECK(nud_lookup(n, SEC, peer(), mac) == 0 && !memcmp(mac, peer_mac, 6), "lookup");
	nud_timeout(n, 5 * SEC);
	CHECK(cap.n == 1, "NS sent after resolution");
	nud_free(n);
	CASE_END();

	CASE_BEGIN("incomplete_to_stale_on_unsolicited_na");
	n = mk(NULL, 1);
	nud_lookup(n, 0, peer(), mac);
	na(n, SEC / 2, F_O | F_R, peer_mac);
	CHECK(state_of(n, SEC, &ni) == NUD_STALE, "state %s", nud_state_name(ni.state));
	CHECK(ni.is_router, "R flag not recorded");
	CHECK(dstats[D_NA_IGNORED] == 0, "an NA that updated the entry counted as ignored");
	nud_free(n);
	CASE_END();

	CASE_BEGIN("incomplete_na_without_tlla_is_ignored");
	n = mk(NULL, 1);
	nud_lookup(n, 0, peer(), mac);
	na(n, SEC / 2, F_S | F_O, NULL);
	CHECK(state_of(n, SEC, &ni) == NUD_INCOMPLETE, "state %s", nud_state_name(ni.state));
	CHECK(dstats[D_NA_IGNORED] == 1, "na-ignored not counted");
	nud_free(n);
	CASE_END();

	CASE_BEGIN("na_for_unknown_target_creates_nothing");
	n = mk(NULL, 1);
	CHECK(na(n, 0, F_S | F_O, peer_mac) == 0, "valid NA rejected");
	CHECK(nud_list(n, 0, NULL, 0) == 0, "entry created by an NA");
	CHECK(dstats[D_NA_RECEIVED] == 1 && dstats[D_NA_IGNORED] == 1, "counters");
	nud_free(n);
	CASE_END();

	CASE_BEGIN("pick_source_callback_chooses_the_ns_source");
	{
		struct nud_ops ops = { .tx = { cap_tx, &cap }, .pick_source = pick_ll,
				       .ctx = &cap };
		struct pkt_info pi;

		memset(&cap, 0, sizeof(cap));
		n = nud_new(&link, NULL, &ops, 1, dstats);
		CHECK(nud_lookup(n, 0, P("fe80::2"), mac) == -EAGAIN && cap.n == 1, "no NS");
		CHECK(!pkt_parse(cap.f[0], cap.len[0], &pi) && !memcmp(&pi.src,
		      P("fe80::ff:fe00:1"), 16) && !memcmp(&pi.dst, P("ff02::1:ff00:2"), 16),
		      "NS not from the picked source to the solicited-node group");
		CHECK(nud_lookup(n, 0, P("2001:db8:7::2"), mac) == -EADDRNOTAVAIL,
		      "callback error not returned");
		nud_free(n);
	}
	CASE_END();

	CASE_BEGIN("lookup_without_source_address_is_eaddrnotavail_and_silent");
	n = mk(NULL, 1);
	nud_set_source(n, NULL);
	CHECK(nud_lookup(n, 0, peer(), mac) == -EADDRNOTAVAIL, "no -EADDRNOTAVAIL");
	CHECK(cap.n == 0 && nud_list(n, 0, NULL, 0) == 0, "sent or created");
	CHECK(nud_lookup(n, 0, &ip6_all_nodes, mac) == -EINVAL, "multicast accepted");
	nud_free(n);
	CASE_END();
}

static void test_timers(void)
{
	uint8_t want[256], mac[6];
	size_t wl = unhex(ns_ucast_hex, want, sizeof(want));
	struct nud_info ni;
	struct nud *n;
	xdp6_ns rt;
	unsigned i;

	CASE_BEGIN("reachable_to_stale_after_reachable_time");
	n = mk(NULL, 7);
	nud_lookup(n, 0, peer(), mac);
	na(n, 0, F_S, peer_mac);
	rt = nud_reachable_time(n);
	CHECK(rt >= 15 * SEC && rt <= 45 * SEC, "ReachableTime %lu outside 0.5..1.5 x 30 s",
	      (unsigned long)rt);
	CHECK(nud_next_deadline(n) == rt, "deadline %lu, want %lu",
	      (unsigned long)nud_next_deadline(n), (unsigned long)rt);
	nud_timeout(n, rt - 1);
	CHECK(state_of(n, rt - 1, &ni) == NUD_REACHABLE, "left REACHABLE early");
	nud_timeout(n, rt);
	CHECK(state_of(n, rt, &ni) == NUD_STALE, "state %s", nud_state_name(ni.state));
	CHECK(nud_next_deadline(n) == rt + NUD_GC_STALE_TIME,
	      "STALE: deadline %lu, want only the collector's (gc_stale_time after)",
	      (unsigned long)nud_next_deadline(n));
	CHECK(cap.n == 1, "frames sent by REACHABLE -> STALE");
	nud_free(n);
	CASE_END();

	CASE_BEGIN("stale_delay_probe_then_deleted_after_three_unicast_probes");
	n = mk(NULL, 1);
	CHECK(ns_from_peer(n, 0, peer_mac) == 0, "NS rejected");
	CHECK(state_of(n, 0, &ni) == NUD_STALE, "NS with SLLA did not create STALE");
	CHECK(nud_lookup(n, 10 * SEC, peer(), mac) == 0 && !memcmp(mac, peer_mac, 6),
	      "STALE lookup must return the cached MAC");
	CHECK(state_of(n, 10 * SEC, &ni) == NUD_DELAY, "state %s", nud_state_name(ni.state));
	CHECK(nud_next_deadline(n) == 15 * SEC, "DELAY deadline %lu",
	      (unsigned long)nud_next_deadline(n));
	nud_timeout(n, 15 * SEC - 1);
	CHECK(cap.n == 0, "probe during DELAY");
	nud_timeout(n, 15 * SEC);
	CHECK(state_of(n, 15 * SEC, &ni) == NUD_PROBE, "state %s", nud_state_name(ni.state));
	CHECK(cap.n == 1 && cap.len[0] == wl && !memcmp(cap.f[0], want, wl),
	      "first unicast probe differs from scapy bytes");
	nud_timeout(n, 16 * SEC);
	nud_timeout(n, 17 * SEC);
	CHECK(cap.n == 3, "%u probes by 17 s", cap.n);
	for (i = 0; i < cap.n && i < MAXF; i++)
		CHECK(cap.len[i] == wl && !memcmp(cap.f[i], want, wl), "probe %u differs", i);
	CHECK(state_of(n, 17 * SEC, &ni) == NUD_PROBE, "gone before the last probe timed out");
	nud_timeout(n, 18 * SEC);
	CHECK(cap.n == 3, "a 4th probe (MAX_UNICAST_SOLICIT is 3)");
	CHECK(state_of(n, 18 * SEC, &ni) == -1, "not deleted after 3 unanswered probes");
	CHECK(dstats[D_NUD_FAILED] == 1, "nud-failed");
	nud_free(n);
	CASE_END();

	CASE_BEGIN("probe_answered_by_solicited_na_becomes_reachable");
	n = mk(NULL, 1);
	ns_from_peer(n, 0, peer_mac);
	nud_lookup(n, 0, peer(), mac);
	nud_timeout(n, 5 * SEC);
	na(n, 5 * SEC + 1, F_S, peer_mac);
	CHECK(state_of(n, 6 * SEC, &ni) == NUD_REACHABLE, "state %s", nud_state_name(ni.state));
	nud_timeout(n, 6 * SEC);
	CHECK(cap.n == 1, "probes after the answer");
	nud_free(n);
	CASE_END();

	CASE_BEGIN("delay_confirmed_by_upper_layer_becomes_reachable");
	n = mk(NULL, 1);
	ns_from_peer(n, 0, peer_mac);
	nud_lookup(n, 0, peer(), mac);
	CHECK(nud_confirm(n, SEC, peer()) == 0, "confirm failed");
	CHECK(state_of(n, SEC, &ni) == NUD_REACHABLE, "state %s", nud_state_name(ni.state));
	nud_timeout(n, 5 * SEC);
	CHECK(cap.n == 0, "probe after confirmation");
	CHECK(nud_confirm(n, SEC, &ip6_all_nodes) == -ENOENT, "confirm of unknown");
	nud_free(n);
	CASE_END();

	CASE_BEGIN("base_reachable_time_redraws_within_half_to_one_and_a_half");
	{
		xdp6_ns lo = XDP6_NEVER, hi = 0;
		uint64_t seed;

		for (seed = 1; seed <= 300; seed++) {
			n = mk(NULL, seed);
			nud_set_reachable_time(n, 10 * SEC);
			rt = nud_reachable_time(n);
			lo = rt < lo ? rt : lo;
			hi = rt > hi ? rt : hi;
			nud_free(n);
		}
		CHECK(lo >= 5 * SEC && hi <= 15 * SEC, "range %lu..%lu", (unsigned long)lo,
		      (unsigned long)hi);
		CHECK(lo < 6 * SEC && hi > 14 * SEC, "not spread over the range: %lu..%lu",
		      (unsigned long)lo, (unsigned long)hi);
	}
	CASE_END();

	CASE_BEGIN("retrans_timer_set_spaces_solicitations");
	n = mk(NULL, 1);
	nud_set_retrans(n, 250 * XDP6_NS_PER_MS);
	nud_lookup(n, 0, peer(), mac);
	CHECK(nud_next_deadline(n) == 250 * XDP6_NS_PER_MS, "deadline %lu",
	      (unsigned long)nud_next_deadline(n));
	nud_free(n);
	CASE_END();
}

static void test_override(void)
{
	uint8_t mac[6];
	struct nud_info ni;
	struct nud *n;

	/* Each case starts from a REACHABLE or STALE entry with peer_mac. */
	CASE_BEGIN("reachable_na_override_clear_new_mac_goes_stale_keeps_mac");
	n = mk(NULL, 1);
	nud_lookup(n, 0, peer(), mac);
	na(n, 0, F_S, peer_mac);
	na(n, SEC, F_S, other_mac);
	CHECK(state_of(n, SEC, &ni) == NUD_STALE, "state %s", nud_state_name(ni.state));
	CHECK(!memcmp(ni.mac, peer_mac, 6), "MAC updated without Override");
	nud_free(n);
	CASE_END();

	CASE_BEGIN("stale_na_override_clear_new_mac_is_ignored");
	n = mk(NULL, 1);
	ns_from_peer(n, 0, peer_mac);
	na(n, SEC, F_S, other_mac);
	CHECK(state_of(n, SEC, &ni) == NUD_STALE, "state %s", nud_state_name(ni.state));
	CHECK(!memcmp(ni.mac, peer_mac, 6), "MAC updated without Override");
	CHECK(dstats[D_NA_IGNORED] == 1, "na-ignored %lu", (unsigned long)dstats[D_NA_IGNORED]);
	nud_free(n);
	CASE_END();

	CASE_BEGIN("reachable_na_override_unsolicited_new_mac_updates_and_goes_stale");
	n = mk(NULL, 1);
	nud_lookup(n, 0, peer(), mac);
	na(n, 0, F_S, peer_mac);
	na(n, SEC, F_O, other_mac);
	CHECK(state_of(n, SEC, &ni) == NUD_STALE, "state %s", nud_state_name(ni.state));
	CHECK(!memcmp(ni.mac, other_mac, 6), "MAC not updated with Override");
	nud_free(n);
	CASE_END();

	CASE_BEGIN("stale_na_override_solicited_new_mac_updates_and_is_reachable");
	n = mk(NULL, 1);
	ns_from_peer(n, 0, peer_mac);
	na(n, SEC, F_O | F_S, other_mac);
	CHECK(state_of(n, SEC, &ni) == NUD_REACHABLE, "state %s", nud_state_name(ni.state));
	CHECK(!memcmp(ni.mac, other_mac, 6), "MAC not updated");
	nud_free(n);
	CASE_END();

	CASE_BEGIN("stale_na_solicited_same_mac_override_clear_is_reachable");
	n = mk(NULL, 1);
	ns_from_peer(n, 0, peer_mac);
	na(n, SEC, F_S, peer_mac);
	CHECK(state_of(n, SEC, &ni) == NUD_REACHABLE, "state %s", nud_state_name(ni.state));
	nud_free(n);
	CASE_END();

	CASE_BEGIN("stale_na_unsolicited_without_tlla_changes_nothing");
	n = mk(NULL, 1);
	ns_from_peer(n, 0, peer_mac);
	na(n, SEC, F_O, NULL);
	CHECK(state_of(n, SEC, &ni) == NUD_STALE && !memcmp(ni.mac, peer_mac, 6), "changed");
	CHECK(ni.age == SEC, "age %lu", (unsigned long)ni.age);
	nud_free(n);
	CASE_END();

	CASE_BEGIN("na_with_router_flag_cleared_reports_router_lost");
	n = mk(NULL, 1);
	CHECK(nud_learn(n, 0, peer(), peer_mac, 1) == 0, "learn");
	state_of(n, 0, &ni);
	CHECK(ni.is_router && ni.state == NUD_STALE, "learn did not make a STALE router");
	na(n, SEC, F_S | F_O, peer_mac);
	state_of(n, SEC, &ni);
	CHECK(!ni.is_router, "IsRouter still set");
	CHECK(cap.router_lost == 1 && !memcmp(&cap.lost, peer(), 16), "router_lost not called");
	na(n, 2 * SEC, F_S | F_O, peer_mac);
	CHECK(cap.router_lost == 1, "router_lost called for a non-router");
	nud_free(n);
	CASE_END();

	CASE_BEGIN("ns_same_slla_leaves_reachable_new_slla_makes_stale");
	n = mk(NULL, 1);
	nud_lookup(n, 0, peer(), mac);
	na(n, 0, F_S, peer_mac);
	ns_from_peer(n, SEC, peer_mac);
	CHECK(state_of(n, SEC, &ni) == NUD_REACHABLE, "same SLLA changed state to %s",
	      nud_state_name(ni.state));
	ns_from_peer(n, 2 * SEC, other_mac);
	CHECK(state_of(n, 2 * SEC, &ni) == NUD_STALE && !memcmp(ni.mac, other_mac, 6),
	      "new SLLA: state %s", nud_state_name(ni.state));
	CHECK(dstats[D_NS_RECEIVED] == 2, "ns-received %lu", (unsigned long)dstats[D_NS_RECEIVED]);
	nud_free(n);
	CASE_END();

	CASE_BEGIN("ns_from_unicast_without_slla_creates_nothing");
	n = mk(NULL, 1);
	CHECK(ns_from_peer(n, 0, NULL) == 0, "rejected");
	CHECK(nud_list(n, 0, NULL, 0) == 0, "entry created");
	nud_free(n);
	CASE_END();
}

static void test_invalid(void)
{
	struct nd_in base_ns = { .src = "2001:db8:1::2", .dst = "ff02::1:ff00:1",
				 .type = ICMP6_TYPE_NEIGHBOR_SOLICIT,
				 .target = "2001:db8:1::ff:fe00:1",
				 .opt_type = ND6_OPT_SOURCE_LL_ADDR, .opt_mac = peer_mac };
	struct nd_in in;
	uint8_t f[256];
	size_t len;
	struct nud *n;
	int k;

	CASE_BEGIN("invalid_ns_and_na_are_counted_and_change_nothing");
	n = mk(NULL, 1);
	for (k = 0; k < 10; k++) {
		in = base_ns;
		switch (k) {
		case 0: in.hlim = 254; break;				/* §7.1.1 hop limit */
		case 1: in.code = 1; break;				/* code */
		case 2: in.target = "ff02::1"; break;			/* multicast target */
		case 3: in.src = "::"; break;				/* :: with SLLA */
		case 4: in.src = "::"; in.opt_type = 0; in.dst = "2001:db8:1::ff:fe00:1";
			break;						/* :: not to solnode */
		case 5: in.opt_len = 2; break;				/* SLLA of 16 octets */
		case 6: in.type = ICMP6_TYPE_NEIGHBOR_ADVERT; in.flags = F_S;
			in.dst = "ff02::1"; in.opt_type = ND6_OPT_TARGET_LL_ADDR;
			in.target = "2001:db8:1::2"; break;		/* S=1 to multicast */
		case 7: in.src = "ff02::5"; break;			/* multicast source */
		default: break;
		}
		len = build_nd(f, &in);
		if (k == 8) {
			f[len - 8 + 1] = 0;				/* zero-length option */
			fix_csum(f, len, ETH6_HLEN + IP6_HLEN, IP6_NH_ICMPV6);
		}
		if (k == 9)
			f[ETH6_HLEN + IP6_HLEN + 2] ^= 1;		/* checksum */
		CHECK(feed(n, 0, f, len) == -EINVAL, "case %d accepted", k);
	}
	CHECK(dstats[D_ND_INVALID] == 10, "nd-invalid %lu", (unsigned long)dstats[D_ND_INVALID]);
	CHECK(nud_list(n, 0, NULL, 0) == 0 && cap.n == 0, "state changed by invalid input");
	/* control: the unmodified frame is accepted */
	CHECK(feed_nd(n, 0, &base_ns) == 0 && nud_list(n, 0, NULL, 0) == 1, "valid NS rejected");
	/* truncations of a valid NS (checksum recomputed) pass only at 24 octets: an NS
	 * without options */
	for (k = ETH6_HLEN + IP6_HLEN + ICMP6_HLEN; k < (int)len; k++) {
		struct pkt_info pi;
		int want;

		len = build_nd(f, &base_ns);
		f[ETH6_HLEN + 4] = 0;
		f[ETH6_HLEN + 5] = (uint8_t)(k - ETH6_HLEN - IP6_HLEN);
		fix_csum(f, (size_t)k, ETH6_HLEN + IP6_HLEN, IP6_NH_ICMPV6);
		want = k - ETH6_HLEN - IP6_HLEN == ND6_NS_MIN_LEN ? 0 : -EINVAL;
		CHECK(!pkt_parse(f, (size_t)k, &pi) && nud_input(n, 0, &pi) == want,
		      "truncated to %d: not %d", k, want);
	}
	nud_free(n);
	CASE_END();
}

static void test_table(void)
{
	struct nud_info ni;
	struct nud_cfg cfg;
	uint8_t mac[6];
	struct nud *n;
	char buf[64];
	unsigned i;

	CASE_BEGIN("full_table_evicts_least_recently_updated_stale_entry");
	nud_cfg_defaults(&cfg);
	cfg.max_entries = 4;
	n = mk(&cfg, 1);
	for (i = 0; i < 4; i++) {
		snprintf(buf, sizeof(buf), "2001:db8:9::%u", i + 1);
		CHECK(nud_learn(n, i * SEC, &(struct in6_addr){ 0 }, peer_mac, 0) == -EINVAL,
		      ":: accepted");
		CHECK(nud_learn(n, i * SEC, P(buf), peer_mac, 0) == 0, "learn %u", i);
	}
	CHECK(nud_learn(n, 10 * SEC, peer(), peer_mac, 0) == 0, "learn into full table");
	CHECK(nud_list(n, 0, NULL, 0) == 4, "count %zu", nud_list(n, 0, NULL, 0));
	CHECK(nud_delete(n, P("2001:db8:9::1")) == -ENOENT, "oldest STALE not evicted");
	CHECK(nud_delete(n, P("2001:db8:9::2")) == 0, "wrong entry evicted");
	CHECK(dstats[D_NUD_EVICTED] == 1, "neigh-evicted");
	nud_free(n);
	CASE_END();

	/* Issue 9 item 3: 256 sources the daemon answered left 256 INCOMPLETE entries that
	 * nothing could evict: the router's entry was refused for seconds. */
	CASE_BEGIN("full_table_of_incomplete_entries_evicts_the_oldest_incomplete");
	n = mk(&cfg, 1);
	for (i = 0; i < 4; i++) {
		snprintf(buf, sizeof(buf), "2001:db8:9::%u", i + 1);
		nud_lookup(n, i * XDP6_NS_PER_MS, P(buf), mac);
	}
	CHECK(nud_learn(n, 10 * XDP6_NS_PER_MS, P("fe80::1"), peer_mac, 1) == 0,
	      "router's entry refused by a table of INCOMPLETE entries");
	CHECK(nud_delete(n, P("2001:db8:9::1")) == -ENOENT, "oldest INCOMPLETE not evicted");
	CHECK(nud_delete(n, P("2001:db8:9::2")) == 0, "wrong entry evicted");
	CHECK(nud_lookup(n, 20 * XDP6_NS_PER_MS, peer(), mac) == -EAGAIN, "lookup refused");
	CHECK(dstats[D_NUD_EVICTED] == 1 && !dstats[D_NUD_TABLE_FULL], "evicted %lu full %lu",
	      (unsigned long)dstats[D_NUD_EVICTED], (unsigned long)dstats[D_NUD_TABLE_FULL]);
	nud_free(n);
	CASE_END();

	CASE_BEGIN("incomplete_evicted_before_stale_before_delay_never_reachable_nor_router");
	n = mk_router(&cfg, P("fe80::1"));
	nud_learn(n, 0, P("fe80::1"), peer_mac, 1);			/* router, STALE */
	nud_learn(n, 0, P("2001:db8:9::1"), peer_mac, 0);		/* STALE, oldest */
	nud_lookup(n, 1 * SEC, P("2001:db8:9::2"), mac);		/* INCOMPLETE */
	nud_learn(n, 2 * SEC, P("2001:db8:9::3"), peer_mac, 0);
	nud_lookup(n, 2 * SEC, P("2001:db8:9::3"), mac);		/* DELAY */
	/* full: the INCOMPLETE one goes first, although it is younger than ::1 */
	CHECK(nud_learn(n, 3 * SEC, P("2001:db8:9::4"), peer_mac, 0) == 0, "refused (1)");
	CHECK(nud_delete(n, P("2001:db8:9::2")) == -ENOENT, "INCOMPLETE kept");
	CHECK(nud_learn(n, 3 * SEC, P("2001:db8:9::2"), NULL, 0) == -ENOENT, "::2 still there");
	/* then the STALE entry updated longest ago, never the router's older one */
	CHECK(nud_learn(n, 4 * SEC, P("2001:db8:9::5"), peer_mac, 0) == 0, "refused (2)");
	CHECK(nud_get(n, 0, P("2001:db8:9::1"), &ni) == -ENOENT, "older STALE kept");
	CHECK(nud_get(n, 0, P("2001:db8:9::4"), &ni) == 0, "younger STALE evicted");
	CHECK(nud_get(n, 0, P("fe80::1"), &ni) == 0, "router evicted");
	/* STALE ones REACHABLE now: the DELAY one goes */
	nud_confirm(n, 5 * SEC, P("2001:db8:9::4"));
	nud_confirm(n, 5 * SEC, P("2001:db8:9::5"));
	CHECK(nud_learn(n, 6 * SEC, P("2001:db8:9::6"), peer_mac, 0) == 0, "refused (3)");
	CHECK(nud_get(n, 0, P("2001:db8:9::3"), &ni) == -ENOENT, "DELAY kept");
	CHECK(nud_get(n, 0, P("fe80::1"), &ni) == 0, "router evicted");
	CHECK(dstats[D_NUD_EVICTED] == 3 && !dstats[D_NUD_TABLE_FULL], "evicted %lu full %lu",
	      (unsigned long)dstats[D_NUD_EVICTED], (unsigned long)dstats[D_NUD_TABLE_FULL]);
	nud_free(n);
	CASE_END();

	CASE_BEGIN("table_of_reachable_entries_and_routers_refuses_new_one");
	n = mk_router(&cfg, P("fe80::1"));
	nud_learn(n, 0, P("fe80::1"), peer_mac, 1);			/* router, STALE */
	for (i = 0; i < 3; i++) {
		snprintf(buf, sizeof(buf), "2001:db8:9::%u", i + 1);
		nud_learn(n, 0, P(buf), peer_mac, 0);
		nud_confirm(n, 0, P(buf));				/* REACHABLE */
	}
	CHECK(nud_learn(n, SEC, P("2001:db8:9::9"), peer_mac, 0) == -ENOSPC, "not refused");
	CHECK(nud_get(n, SEC, P("fe80::1"), &(struct nud_info){ 0 }) == 0, "router evicted");
	CHECK(dstats[D_NUD_TABLE_FULL] == 1 && !dstats[D_NUD_EVICTED], "counters");
	nud_free(n);
	CASE_END();

	/* Issue 9 item 3: STALE entries were never aged out. */
	CASE_BEGIN("stale_unused_for_gc_stale_time_is_collected_router_is_not");
	n = mk_router(NULL, P("fe80::1"));
	nud_learn(n, 0, P("fe80::1"), peer_mac, 1);
	nud_learn(n, 0, P("2001:db8:9::1"), peer_mac, 0);
	nud_learn(n, 30 * SEC, P("2001:db8:9::2"), peer_mac, 0);
	CHECK(nud_next_deadline(n) == NUD_GC_STALE_TIME, "first deadline %lu",
	      (unsigned long)nud_next_deadline(n));
	nud_timeout(n, NUD_GC_STALE_TIME - 1);
	CHECK(nud_list(n, 0, NULL, 0) == 3, "collected early");
	nud_timeout(n, NUD_GC_STALE_TIME);
	CHECK(nud_get(n, 0, P("2001:db8:9::1"), &(struct nud_info){ 0 }) == -ENOENT,
	      "STALE unused for 60 s kept");
	CHECK(nud_get(n, 0, P("2001:db8:9::2"), &(struct nud_info){ 0 }) == 0, "too young gone");
	CHECK(nud_get(n, 0, P("fe80::1"), &(struct nud_info){ 0 }) == 0, "router collected");
	CHECK(dstats[D_NUD_GC] == 1, "neigh-gc %lu", (unsigned long)dstats[D_NUD_GC]);
	nud_timeout(n, 30 * SEC + NUD_GC_STALE_TIME);
	CHECK(nud_list(n, 0, NULL, 0) == 1 && dstats[D_NUD_GC] == 2, "second not collected");
	/* the router's entry is checked again later, and kept while it is a router */
	CHECK(nud_next_deadline(n) == 2 * NUD_GC_STALE_TIME, "router recheck at %lu",
	      (unsigned long)nud_next_deadline(n));
	the_router = A("fe80::2");
	nud_timeout(n, 2 * NUD_GC_STALE_TIME);
	CHECK(nud_list(n, 0, NULL, 0) == 0, "former router kept");
	nud_free(n);
	CASE_END();
}

static void test_fuzz(void)
{
	uint8_t f[256], g[256];
	uint64_t rnd = 12345;
	struct nud_info info[64];
	struct nud_cfg cfg;
	struct nud *n;
	xdp6_ns now = 0;
	size_t len, cnt, j;
	unsigned i, bad = 0;
	uint8_t mac[6];

	CASE_BEGIN("fuzz_50000_random_and_mutated_ns_na_keep_table_sane");
	nud_cfg_defaults(&cfg);
	cfg.max_entries = 32;
	n = mk(&cfg, 99);
	for (i = 0; i < 50000; i++) {
		struct nd_in in = { .src = "2001:db8:1::2", .dst = "2001:db8:1::ff:fe00:1",
				    .type = (xdp6_rand_u32(&rnd) & 1) ? ICMP6_TYPE_NEIGHBOR_ADVERT
								      : ICMP6_TYPE_NEIGHBOR_SOLICIT,
				    .flags = xdp6_rand_u32(&rnd) & 0xe0000000u,
				    .target = "2001:db8:1::2", .opt_type = ND6_OPT_TARGET_LL_ADDR,
				    .opt_mac = (xdp6_rand_u32(&rnd) & 1) ? peer_mac : other_mac };
		unsigned m = xdp6_rand_u32(&rnd) % 8, k;

		if (in.type == ICMP6_TYPE_NEIGHBOR_SOLICIT)
			in.opt_type = ND6_OPT_SOURCE_LL_ADDR;
		len = build_nd(f, &in);
		/* vary the peer: last octet of source/target among 48 values (> table size) */
		f[ETH6_HLEN + 8 + 15] = (uint8_t)(xdp6_rand_u32(&rnd) % 48);
		f[ETH6_HLEN + IP6_HLEN + 8 + 15] = f[ETH6_HLEN + 8 + 15];
		if (m < 3) {
			/* fully random bytes after the Ethernet+IPv6 header */
			for (k = ETH6_HLEN + IP6_HLEN; k < len; k++)
				f[k] = (uint8_t)xdp6_rand_u32(&rnd);
		} else if (m < 6) {
			for (k = 0; k < 1 + m; k++)
				f[ETH6_HLEN + IP6_HLEN + 4 + xdp6_rand_u32(&rnd) %
				  (len - ETH6_HLEN - IP6_HLEN - 4)] = (uint8_t)xdp6_rand_u32(&rnd);
		}
		if (m != 7) {
			/* fix the checksum half of the time so the deeper checks are reached */
			if (xdp6_rand_u32(&rnd) & 1)
				fix_csum(f, len, ETH6_HLEN + IP6_HLEN, IP6_NH_ICMPV6);
		}
		memcpy(g, f, len);
		feed(n, now, g, len - (m == 6 ? xdp6_rand_u32(&rnd) % 30 : 0));
		if (!(i % 7)) {
			struct in6_addr t = A("2001:db8:1::");

			t.s6_addr[15] = (uint8_t)(xdp6_rand_u32(&rnd) % 48);
			nud_lookup(n, now, &t, mac);
		}
		if (!(i % 13))
			nud_confirm(n, now, peer());
		now += xdp6_rand_u32(&rnd) % (300 * XDP6_NS_PER_MS);
		if (nud_next_deadline(n) <= now)
			nud_timeout(n, now);
		cnt = nud_list(n, now, info, 64);
		if (cnt > cfg.max_entries)
			bad++;
		for (j = 0; j < cnt && j < 64; j++)
			if (info[j].state > NUD_PROBE || info[j].probes > 3)
				bad++;
	}
	CHECK(!bad, "%u insane states", bad);
	for (i = 0; i < cap.n && i < MAXF; i++) {
		struct pkt_info pi;

		CHECK(!pkt_parse(cap.f[i], cap.len[i], &pi) && pi.hop_limit == ND6_HOP_LIMIT,
		      "emitted frame %u is not an ND frame", i);
	}
	CHECK(dstats[D_NUD_NS_SENT] > 0 && dstats[D_ND_INVALID] > 0 &&
	      dstats[D_NA_RECEIVED] > 0 && dstats[D_NS_RECEIVED] > 0,
	      "fuzz did not reach every path: sent %lu invalid %lu na %lu ns %lu",
	      (unsigned long)dstats[D_NUD_NS_SENT], (unsigned long)dstats[D_ND_INVALID],
	      (unsigned long)dstats[D_NA_RECEIVED], (unsigned long)dstats[D_NS_RECEIVED]);
	nud_free(n);
	CASE_END();
}

/* The defaults, field by field: a changed or lost default is a behaviour change. */
static void test_cfg_defaults(void)
{
	struct nud_cfg c;

	memset(&c, 0xa5, sizeof(c));	/* a field the defaults forget keeps garbage */
	nud_cfg_defaults(&c);
	CASE_BEGIN("cfg_defaults_are_the_rfc4861_section10_constants");
	CHECK(c.max_entries == 256, "max_entries %u", (unsigned)c.max_entries);
	CHECK(c.base_reachable_time == 30 * XDP6_NS_PER_SEC, "REACHABLE_TIME");
	CHECK(c.retrans_timer == 1 * XDP6_NS_PER_SEC, "RETRANS_TIMER");
	CHECK(c.delay_first_probe == 5 * XDP6_NS_PER_SEC, "DELAY_FIRST_PROBE_TIME");
	CHECK(c.max_multicast_solicit == 3, "MAX_MULTICAST_SOLICIT");
	CHECK(c.max_unicast_solicit == 3, "MAX_UNICAST_SOLICIT");
	CHECK(c.gc_stale_time == 60 * XDP6_NS_PER_SEC, "gc_stale_time (Linux 60 s)");
	CASE_END();
}

int main(void)
{
	test_cfg_defaults();
	test_resolution();
	test_timers();
	test_override();
	test_invalid();
	test_table();
	test_fuzz();
	return check_exit();
}
