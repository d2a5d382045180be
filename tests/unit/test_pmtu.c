// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Unit tests of user/proto/pmtu.c (RFC 8201 §4, §5.2-§5.3) on a fake clock: lowering, the
 * 1280 floor, no increase from a PTB, 10-minute aging (never under 5), the bound on entries,
 * the ops.changed mirror the fast path's pmtu map is kept by (exact, never larger than the
 * table), and a Packet Too Big built by scapy going through icmp6_err into the table. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "testutil.h"
#include "pyerr.h"
#include "icmp6_err.h"
#include "pmtu.h"

/* ---- scapy coprocess (pyrun.h); the python helpers this test adds ---- */

static const char py_prelude[] = PY_ERR_CHECK;
#define PYRUN_PRELUDE py_prelude
#include "pyrun.h"

/* ---- fixtures ---- */

#define SEC	XDP6_NS_PER_SEC
#define MIN	(60 * SEC)

#define MIRROR_MAX	64

/* What ops.changed tells, kept as maps.c keeps the pmtu map: an entry per destination with
 * expires != 0, removed on expires == 0; `cap` entries at most, as the map's max_entries. */
struct mirror {
	struct { struct in6_addr dst; uint32_t mtu; xdp6_ns expires; } e[MIRROR_MAX];
	unsigned n, cap;
	int overflow;		/* an insert found the "map" full */
	int bad_remove;		/* a removal of an entry that was never announced */
};

struct fx {
	struct pmtu *p;
	uint64_t ds[D__MAX];
	int changes;
	struct in6_addr last_dst;
	uint32_t last_mtu;
	xdp6_ns last_expires;
	struct mirror m;
};

static void mirror_apply(struct mirror *m, const struct in6_addr *dst, uint32_t mtu,
			 xdp6_ns expires)
{
	unsigned i;

	for (i = 0; i < m->n && memcmp(&m->e[i].dst, dst, sizeof(*dst)); i++)
		;
	if (!expires) {
		if (i == m->n) {
			m->bad_remove++;
			return;
		}
		m->e[i] = m->e[--m->n];
		return;
	}
	if (i == m->n) {
		if (m->n == m->cap) {
			m->overflow++;
			return;
		}
		m->n++;
	}
	m->e[i].dst = *dst;
	m->e[i].mtu = mtu;
	m->e[i].expires = expires;
}

/* The mirror's live entries (expires > now: what XDP uses) are exactly pmtu_list(now). */
static int mirror_matches(const struct fx *x, xdp6_ns now)
{
	struct pmtu_info li[MIRROR_MAX];
	size_t n = pmtu_list(x->p, now, li, MIRROR_MAX), k;
	unsigned i, live = 0;

	if (x->m.overflow || x->m.bad_remove)
		return 0;
	for (i = 0; i < x->m.n; i++)
		if (x->m.e[i].expires > now)
			live++;
	if (live != n)
		return 0;
	for (k = 0; k < n; k++) {
		for (i = 0; i < x->m.n; i++)
			if (!memcmp(&x->m.e[i].dst, &li[k].dst, sizeof(li[k].dst)))
				break;
		if (i == x->m.n || x->m.e[i].mtu != li[k].mtu ||
		    x->m.e[i].expires != li[k].expires)
			return 0;
	}
	return 1;
}

static void on_changed(void *ctx, const struct in6_addr *dst, uint32_t mtu, xdp6_ns expires)
{
	struct fx *x = ctx;

	x->changes++;
	x->last_dst = *dst;
	x->last_mtu = mtu;
	x->last_expires = expires;
	mirror_apply(&x->m, dst, mtu, expires);
}

static struct xdp6_link LINK = { .ifindex = 2, .ifname = "veth0", .mac = { 2, 0, 0, 0, 0, 1 },
				 .mtu = 1500 };

static void fx_init(struct fx *x, const struct pmtu_cfg *cfg)
{
	struct pmtu_ops ops = { .changed = on_changed, .ctx = x };

	memset(x, 0, sizeof(*x));
	x->m.cap = cfg ? cfg->max_entries : XDP6_PMTU_MAX;
	if (x->m.cap > MIRROR_MAX)
		x->m.cap = MIRROR_MAX;
	x->p = pmtu_new(&LINK, cfg, &ops, 1, x->ds);
}

static void test_table(void)
{
	struct in6_addr d1 = A("2001:db8:1::1"), d2 = A("2001:db8:2::1"), d3 = A("2001:db8:3::1");
	struct pmtu_info li[8];
	struct pmtu_cfg c;
	struct fx x;
	const xdp6_ns t0 = 100 * SEC;

	CASE_BEGIN("unknown_destination_gets_the_link_mtu");
	fx_init(&x, NULL);
	CHECK(pmtu_get(x.p, t0, &d1) == 1500, "mtu %u", pmtu_get(x.p, t0, &d1));
	CHECK(pmtu_next_deadline(x.p) == XDP6_NEVER, "deadline");
	pmtu_free(x.p);
	CASE_END();

	CASE_BEGIN("ptb_lowers_pmtu_which_expires_after_10_minutes");
	fx_init(&x, NULL);
	CHECK(pmtu_update(x.p, t0, &d1, 1400) == 1, "not lowered");
	CHECK(pmtu_get(x.p, t0, &d1) == 1400 && pmtu_get(x.p, t0, &d2) == 1500, "per destination");
	CHECK(x.changes == 1 && x.last_mtu == 1400 && x.ds[D_PMTU_UPDATED] == 1, "callback/counter");
	CHECK(pmtu_next_deadline(x.p) == t0 + 10 * MIN, "deadline %llu",
	      (unsigned long long)pmtu_next_deadline(x.p));
	pmtu_timeout(x.p, t0 + 10 * MIN - 1);
	CHECK(pmtu_get(x.p, t0 + 10 * MIN - 1, &d1) == 1400, "expired early");
	pmtu_timeout(x.p, t0 + 10 * MIN);
	CHECK(pmtu_get(x.p, t0 + 10 * MIN, &d1) == 1500, "not expired");
	CHECK(x.changes == 2 && x.last_mtu == 1500 && x.ds[D_PMTU_EXPIRED] == 1,
	      "expiry not reported");
	CHECK(pmtu_next_deadline(x.p) == XDP6_NEVER, "deadline left");
	pmtu_free(x.p);
	CASE_END();

	CASE_BEGIN("expired_entry_reads_as_link_mtu_even_before_timeout_runs");
	fx_init(&x, NULL);
	pmtu_update(x.p, t0, &d1, 1300);
	CHECK(pmtu_get(x.p, t0 + 11 * MIN, &d1) == 1500, "stale value used");
	CHECK(pmtu_list(x.p, t0 + 11 * MIN, li, 8) == 0, "stale value listed");
	pmtu_free(x.p);
	CASE_END();

	CASE_BEGIN("mtu_below_1280_is_clamped_to_1280");
	fx_init(&x, NULL);
	CHECK(pmtu_update(x.p, t0, &d1, 576) == 1, "not lowered");
	CHECK(pmtu_get(x.p, t0, &d1) == IP6_MIN_MTU, "mtu %u", pmtu_get(x.p, t0, &d1));
	CHECK(pmtu_update(x.p, t0, &d1, 0) == 0, "lowered below 1280");
	pmtu_free(x.p);
	CASE_END();

	CASE_BEGIN("increase_or_above_link_mtu_is_ignored_rfc8201");
	fx_init(&x, NULL);
	CHECK(pmtu_update(x.p, t0, &d1, 9000) == 0 && pmtu_get(x.p, t0, &d1) == 1500, "above link");
	CHECK(pmtu_update(x.p, t0, &d1, 1500) == 0 && x.changes == 0, "equal to link");
	pmtu_update(x.p, t0, &d1, 1400);
	CHECK(pmtu_update(x.p, t0 + MIN, &d1, 1450) == 0, "increase taken");
	CHECK(pmtu_get(x.p, t0 + MIN, &d1) == 1400, "mtu %u", pmtu_get(x.p, t0 + MIN, &d1));
	CHECK(pmtu_next_deadline(x.p) == t0 + 10 * MIN, "ignored PTB restarted the timer");
	CHECK(pmtu_update(x.p, t0 + 2 * MIN, &d1, 1350) == 1, "decrease refused");
	CHECK(pmtu_next_deadline(x.p) == t0 + 12 * MIN, "decrease did not restart the timer");
	CHECK(pmtu_update(x.p, t0, &(struct in6_addr){ 0 }, 1300) == -EINVAL, "unspecified");
	pmtu_free(x.p);
	CASE_END();

	CASE_BEGIN("aging_time_below_5_minutes_is_raised_to_5");
	pmtu_cfg_defaults(&c);
	c.expiry = 30 * SEC;
	fx_init(&x, &c);
	pmtu_update(x.p, t0, &d1, 1400);
	CHECK(pmtu_next_deadline(x.p) == t0 + 5 * MIN, "deadline %llu",
	      (unsigned long long)pmtu_next_deadline(x.p));
	pmtu_free(x.p);
	CASE_END();

	CASE_BEGIN("table_is_bounded_and_evicts_the_entry_expiring_first");
	pmtu_cfg_defaults(&c);
	c.max_entries = 2;
	fx_init(&x, &c);
	pmtu_update(x.p, t0, &d1, 1400);
	pmtu_update(x.p, t0 + SEC, &d2, 1401);
	pmtu_update(x.p, t0 + 2 * SEC, &d3, 1402);
	CHECK(pmtu_list(x.p, t0 + 2 * SEC, li, 8) == 2, "more than 2 entries");
	CHECK(pmtu_get(x.p, t0 + 2 * SEC, &d1) == 1500 && pmtu_get(x.p, t0 + 2 * SEC, &d2) == 1401 &&
	      pmtu_get(x.p, t0 + 2 * SEC, &d3) == 1402, "wrong entry evicted");
	pmtu_free(x.p);
	CASE_END();

	CASE_BEGIN("list_shows_live_entries_with_expiry");
	fx_init(&x, NULL);
	pmtu_update(x.p, t0, &d1, 1400);
	pmtu_update(x.p, t0, &d2, 1280);
	CHECK(pmtu_list(x.p, t0, li, 1) == 2, "count");
	CHECK(pmtu_list(x.p, t0, li, 8) == 2 && li[0].mtu + li[1].mtu == 2680 &&
	      li[0].expires == t0 + 10 * MIN, "entries");
	pmtu_free(x.p);
	CASE_END();

	CASE_BEGIN("link_mtu_change_caps_learned_values");
	fx_init(&x, NULL);
	pmtu_update(x.p, t0, &d1, 1400);
	pmtu_set_link_mtu(x.p, 1300);
	CHECK(pmtu_get(x.p, t0, &d1) == 1300 && pmtu_get(x.p, t0, &d2) == 1300, "not capped");
	pmtu_set_link_mtu(x.p, 9000);
	CHECK(pmtu_get(x.p, t0, &d1) == 1300 && pmtu_get(x.p, t0, &d2) == 9000, "raise");
	pmtu_set_link_mtu(x.p, 1000);
	CHECK(pmtu_get(x.p, t0, &d2) == 1280, "link below 1280");
	pmtu_free(x.p);
	CASE_END();

	/* The fast path's pmtu map is written from ops.changed only (maps.c): it must see every
	 * entry, every change and every removal, or XDP answers from stale or missing values. */
	CASE_BEGIN("changed_reports_update_with_mtu_and_expiry_and_expiry_with_0");
	fx_init(&x, NULL);
	pmtu_update(x.p, t0, &d1, 1280);
	CHECK(x.last_mtu == 1280 && x.last_expires == t0 + 10 * MIN, "update: %u %llu",
	      x.last_mtu, (unsigned long long)x.last_expires);
	CHECK(mirror_matches(&x, t0), "mirror");
	pmtu_timeout(x.p, t0 + 10 * MIN);
	CHECK(x.last_expires == 0 && x.last_mtu == 1500 && x.m.n == 0, "expiry: %u %llu %u",
	      x.last_mtu, (unsigned long long)x.last_expires, x.m.n);
	pmtu_free(x.p);
	CASE_END();

	CASE_BEGIN("eviction_reports_the_evicted_destination_so_the_map_never_overflows");
	pmtu_cfg_defaults(&c);
	c.max_entries = 2;
	fx_init(&x, &c);
	pmtu_update(x.p, t0, &d1, 1400);
	pmtu_update(x.p, t0 + SEC, &d2, 1401);
	pmtu_update(x.p, t0 + 2 * SEC, &d3, 1402);
	CHECK(!x.m.overflow, "the map would have been full: eviction of d1 not reported");
	CHECK(mirror_matches(&x, t0 + 2 * SEC), "mirror differs from the table");
	pmtu_free(x.p);
	CASE_END();

	CASE_BEGIN("link_mtu_below_an_entry_reports_the_lowered_entry");
	fx_init(&x, NULL);
	pmtu_update(x.p, t0, &d1, 1400);
	pmtu_set_link_mtu(x.p, 1300);
	CHECK(x.last_mtu == 1300 && x.last_expires == t0 + 10 * MIN, "lowered entry: %u %llu",
	      x.last_mtu, (unsigned long long)x.last_expires);
	CHECK(mirror_matches(&x, t0), "mirror differs from the table");
	pmtu_free(x.p);
	CASE_END();

	CASE_BEGIN("default_table_is_the_size_of_the_pmtu_map");
	pmtu_cfg_defaults(&c);
	CHECK(c.max_entries == XDP6_PMTU_MAX, "pmtu table %u entries, pmtu map %u",
	      c.max_entries, XDP6_PMTU_MAX);
	CASE_END();
}

/* Edges the cases above leave open: bad arguments, a table of 0 entries, a link MTU equal to
 * an entry, the exact expiry instant, a list call with no room. */
static void test_edges(void)
{
	struct in6_addr d1 = A("2001:db8:1::1"), d2 = A("2001:db8:2::1");
	struct pmtu_info li[3];
	struct pmtu_cfg c;
	struct fx x;
	const xdp6_ns t0 = 100 * SEC;
	uint64_t ds[D__MAX];

	CASE_BEGIN("pmtu_new_refuses_a_missing_link_or_counters_free_takes_null");
	CHECK(!pmtu_new(NULL, NULL, NULL, 1, ds), "no link accepted");
	CHECK(!pmtu_new(&LINK, NULL, NULL, 1, NULL), "no counters accepted");
	pmtu_free(NULL);
	CASE_END();

	CASE_BEGIN("table_of_0_entries_holds_1");
	pmtu_cfg_defaults(&c);
	c.max_entries = 0;
	fx_init(&x, &c);
	CHECK(x.p && pmtu_update(x.p, t0, &d1, 1400) == 1 && pmtu_update(x.p, t0, &d2, 1300) == 1,
	      "updates refused");
	CHECK(x.p && pmtu_list(x.p, t0, li, 3) == 1 && !memcmp(&li[0].dst, &d2, 16),
	      "not one entry, the last one");
	pmtu_free(x.p);
	CASE_END();

	/* RFC 8201 §4 keeps the estimate until it expires: a link MTU equal to it changes
	 * nothing, so nothing is announced */
	CASE_BEGIN("link_mtu_equal_to_an_entry_changes_and_reports_nothing");
	fx_init(&x, NULL);
	pmtu_update(x.p, t0, &d1, 1400);
	pmtu_set_link_mtu(x.p, 1400);
	CHECK(x.changes == 1, "%d changes reported", x.changes);
	CHECK(pmtu_get(x.p, t0, &d1) == 1400 && pmtu_next_deadline(x.p) == t0 + 10 * MIN,
	      "entry changed");
	pmtu_free(x.p);
	CASE_END();

	CASE_BEGIN("entry_is_gone_at_its_expiry_instant_even_before_timeout_runs");
	fx_init(&x, NULL);
	pmtu_update(x.p, t0, &d1, 1400);
	CHECK(pmtu_list(x.p, t0 + 10 * MIN - 1, li, 3) == 1, "gone early");
	CHECK(pmtu_list(x.p, t0 + 10 * MIN, li, 3) == 0, "listed at its expiry");
	CHECK(pmtu_get(x.p, t0 + 10 * MIN, &d1) == 1500, "used at its expiry");
	pmtu_free(x.p);
	CASE_END();

	CASE_BEGIN("list_counts_without_room_and_writes_no_more_than_max");
	fx_init(&x, NULL);
	pmtu_update(x.p, t0, &d1, 1400);
	pmtu_update(x.p, t0, &d2, 1300);
	CHECK(pmtu_list(x.p, t0, NULL, 0) == 2, "count without room");
	memset(li, 0xa5, sizeof(li));
	CHECK(pmtu_list(x.p, t0, li, 1) == 2 && li[1].mtu == 0xa5a5a5a5, "wrote past max");
	pmtu_free(x.p);
	CASE_END();
}

/* ---- Packet Too Big end to end: scapy frame -> icmp6_err_input -> pmtu ---- */

static void wire_pmtu(void *ctx, xdp6_ns now, const struct in6_addr *dst, uint32_t mtu)
{
	pmtu_update(ctx, now, dst, mtu);
}

static void test_ptb(void)
{
	struct in6_addr far = A("2001:db8:9::9");
	uint8_t f[1600];
	struct pkt_info pi;
	struct icmp6_err *e;
	struct fx x;
	size_t n;
	unsigned mtu;

	SKIP_NO_SCAPY("ptb_from_scapy_end_to_end");
	CASE_BEGIN("ptb_from_scapy_lowers_pmtu_through_icmp6_err_and_below_1280_is_ignored");
	fx_init(&x, NULL);
	e = icmp6_err_new(&LINK, NULL,
			  &(struct icmp6_err_ops){ .pmtu_update = wire_pmtu, .ctx = x.p }, 1, x.ds);
	for (mtu = 1300; mtu >= 1000; mtu -= 300) {
		n = unhex(py("r = bytes(Ether(dst='02:00:00:00:00:01')/IPv6(src='2001:db8:ff::1', "
			     "dst='2001:db8::1')/ICMPv6PacketTooBig(mtu=%u)/IPv6(src='2001:db8::1', "
			     "dst='2001:db8:9::9', plen=1360)/ICMPv6EchoRequest(data=bytes(1300))).hex()",
			     mtu), f, sizeof(f));
		CHECK(n > 1280 && pkt_parse(f, n, &pi) == 0, "fixture");
		icmp6_err_input(e, 5 * SEC, &pi);
	}
	CHECK(pmtu_get(x.p, 5 * SEC, &far) == 1300, "pmtu %u", pmtu_get(x.p, 5 * SEC, &far));
	CHECK(x.ds[D_PMTU_UPDATED] == 1 && x.ds[D_ERR_INVALID] == 1, "counters");
	CHECK(pmtu_get(x.p, 5 * SEC + 10 * MIN, &far) == 1500, "not expiring");
	icmp6_err_free(e);
	pmtu_free(x.p);
	CASE_END();
}

static void test_fuzz(void)
{
	struct pmtu_info li[16];
	struct pmtu_cfg c;
	uint64_t seed = 7;
	int i, bad = 0, mirrors_bad = 0;
	struct fx x;

	CASE_BEGIN("fuzz_100000_random_updates_stay_within_1280_and_link_mtu_mirror_exact");
	pmtu_cfg_defaults(&c);
	c.max_entries = 8;
	fx_init(&x, &c);
	for (i = 0; i < 100000; i++) {
		uint32_t r = xdp6_rand_u32(&seed);
		struct in6_addr d = A("2001:db8::");
		xdp6_ns now = (xdp6_ns)i * 100 * XDP6_NS_PER_MS;
		uint32_t before, after;
		size_t k, n;

		d.s6_addr[15] = (uint8_t)(r % (i < 50000 ? 8 : 12));	/* then evictions */
		before = pmtu_get(x.p, now, &d);
		pmtu_update(x.p, now, &d, xdp6_rand_u32(&seed) % 3000);
		after = pmtu_get(x.p, now, &d);
		if (after > before || after < IP6_MIN_MTU || after > 1500)
			bad++;
		if (r % 50 == 0)
			pmtu_timeout(x.p, now);
		n = pmtu_list(x.p, now, li, 16);
		if (n > 8)
			bad++;
		for (k = 0; k < n && k < 16; k++)
			if (li[k].expires <= now || li[k].mtu < IP6_MIN_MTU)
				bad++;
		if (r % 3 == 0)
			pmtu_set_link_mtu(x.p, 1280 + xdp6_rand_u32(&seed) % 56 * 4);
		if (!mirror_matches(&x, now))
			mirrors_bad++;
	}
	CHECK(!bad, "%d violations", bad);
	CHECK(!mirrors_bad, "the changed() mirror differed from the table %d times (overflow %d, "
	      "unknown removals %d)", mirrors_bad, x.m.overflow, x.m.bad_remove);
	CHECK(x.ds[D_PMTU_UPDATED] > 100 && x.ds[D_PMTU_EXPIRED] > 10, "fuzz reached little: "
	      "updated %lu expired %lu", (unsigned long)x.ds[D_PMTU_UPDATED],
	      (unsigned long)x.ds[D_PMTU_EXPIRED]);
	pmtu_free(x.p);
	CASE_END();
}

int main(void)
{
	test_table();
	test_edges();
	test_ptb();
	test_fuzz();
	return check_exit();
}
