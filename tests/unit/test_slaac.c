// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Unit tests of user/proto/slaac.c and sha256.c on a fake clock: SHA-256 against the FIPS 180-2
 * example vectors, RFC 4862 §5.5.3 formation and the two-hour rule, §5.5.4 deprecation and
 * expiry, RFC 7217 IIDs (checked against Python's hashlib), RFC 8981 temporary addresses. */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "check.h"
#include "testutil.h"
#include "sha256.h"
#include "slaac.h"

#define SEC	XDP6_NS_PER_SEC
#define HOUR	(3600 * SEC)
#define DAY	(24 * HOUR)
#define INF	SLAAC_LIFETIME_INFINITE
#define MAXEV	64

static const struct xdp6_link link = { .ifindex = 1, .ifname = "veth0",
					.mac = { 2, 0, 0, 0, 0, 1 }, .mtu = 1500 };

enum ev_kind { EV_NEW, EV_LIFETIME, EV_DEPRECATED, EV_EXPIRED };

struct ev {
	enum ev_kind kind;
	struct in6_addr a;
	enum xdp6_addr_origin origin;
	uint8_t plen;
	xdp6_ns valid, pref;
};

static struct ev evs[MAXEV];
static unsigned nev;
static uint64_t dstats[D__MAX];

static void ev_add(enum ev_kind k, const struct in6_addr *a, enum xdp6_addr_origin o,
		   uint8_t plen, xdp6_ns v, xdp6_ns p)
{
	if (nev < MAXEV)
		evs[nev] = (struct ev){ k, *a, o, plen, v, p };
	nev++;
}

/* The host's answer to addr_new for `refuse` (the address is configured already): -EEXIST. */
static struct in6_addr refuse;

static int cb_new(void *ctx, const struct in6_addr *a, uint8_t plen, enum xdp6_addr_origin o,
		  xdp6_ns v, xdp6_ns p)
{
	ev_add(EV_NEW, a, o, plen, v, p);
	return memcmp(a, &refuse, sizeof(*a)) ? 0 : -EEXIST;
}

static void cb_lifetime(void *ctx, const struct in6_addr *a, xdp6_ns v, xdp6_ns p)
{
	ev_add(EV_LIFETIME, a, 0, 0, v, p);
}

static void cb_deprecated(void *ctx, const struct in6_addr *a)
{
	ev_add(EV_DEPRECATED, a, 0, 0, 0, 0);
}

static void cb_expired(void *ctx, const struct in6_addr *a)
{
	ev_add(EV_EXPIRED, a, 0, 0, 0, 0);
}

static struct slaac *mk(const struct slaac_cfg *cfg, uint64_t seed)
{
	struct slaac_ops ops = { cb_new, cb_lifetime, cb_deprecated, cb_expired, NULL };

	nev = 0;
	memset(evs, 0, sizeof(evs));
	memset(dstats, 0, sizeof(dstats));
	memset(&refuse, 0, sizeof(refuse));
	return slaac_new(&link, cfg, &ops, seed, dstats);
}

static void hex(const uint8_t *p, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

/* Run timers the way the event loop does, up to `until`. */
static void run_until(struct slaac *s, xdp6_ns until)
{
	xdp6_ns d;
	int guard = 0;

	while ((d = slaac_next_deadline(s)) <= until && guard++ < 1000)
		slaac_timeout(s, d);
}

static void test_sha256(void)
{
	static const struct { const char *msg, *digest; } v[] = {
		{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
		{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	};
	uint8_t d[SHA256_DIGEST_LEN], d2[SHA256_DIGEST_LEN], chunk[1000];
	char h[2 * SHA256_DIGEST_LEN + 1];
	struct sha256 c;
	size_t i, k;

	CASE_BEGIN("sha256_fips180_vectors");
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		sha256(v[i].msg, strlen(v[i].msg), d);
		hex(d, sizeof(d), h);
		CHECK(!strcmp(h, v[i].digest), "\"%s\": %s", v[i].msg, h);
	}
	memset(chunk, 'a', sizeof(chunk));
	sha256_init(&c);
	for (i = 0; i < 1000; i++)
		sha256_update(&c, chunk, sizeof(chunk));
	sha256_final(&c, d);
	hex(d, sizeof(d), h);
	CHECK(!strcmp(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
	      "million a: %s", h);
	CASE_END();

	CASE_BEGIN("sha256_split_updates_equal_one_shot_at_every_boundary");
	for (i = 0; i < sizeof(chunk); i++)
		chunk[i] = (uint8_t)(i * 7 + 3);
	for (k = 0; k <= 130; k++) {
		sha256(chunk, 130, d);
		sha256_init(&c);
		sha256_update(&c, chunk, k);
		sha256_update(&c, chunk + k, 130 - k);
		sha256_final(&c, d2);
		CHECK(!memcmp(d, d2, sizeof(d)), "split at %zu differs", k);
	}
	CASE_END();
}

static void test_formation(void)
{
	struct slaac_addr_info ai[4];
	struct slaac *s;

	CASE_BEGIN("eui64_address_from_2001_db8_1_64_and_mac_02_00_00_00_00_01");
	s = mk(NULL, 1);
	CHECK(slaac_prefix_input(s, 0, P("2001:db8:1::"), 64, 86400, 14400) == 0, "rejected");
	CHECK(nev == 1 && evs[0].kind == EV_NEW, "events %u", nev);
	CHECK(!memcmp(&evs[0].a, P("2001:db8:1::ff:fe00:1"), 16), "not 2001:db8:1::ff:fe00:1");
	CHECK(evs[0].plen == 64 && evs[0].origin == XDP6_ORIGIN_SLAAC, "plen/origin");
	CHECK(evs[0].valid == 86400 * SEC && evs[0].pref == 14400 * SEC, "lifetimes");
	CHECK(slaac_addrs(s, 0, ai, 4) == 1 && ai[0].valid_left == 86400 * SEC &&
	      ai[0].preferred_left == 14400 * SEC && !ai[0].deprecated, "listing");
	CHECK(slaac_addrs(s, 100 * SEC, ai, 4) == 1 && ai[0].valid_left == 86300 * SEC &&
	      ai[0].preferred_left == 14300 * SEC, "listing after 100 s");
	CHECK(dstats[D_SLAAC_ADDR_ADDED] == 1, "slaac-addr-added");
	slaac_free(s);
	CASE_END();

	CASE_BEGIN("slash48_prefix_is_not_autoconfigured_and_counted");
	s = mk(NULL, 1);
	CHECK(slaac_prefix_input(s, 0, P("2001:db8:2::"), 48, 86400, 14400) == -EINVAL, "accepted");
	CHECK(slaac_prefix_input(s, 0, P("2001:db8:2::"), 80, 86400, 14400) == -EINVAL, "/80");
	CHECK(nev == 0 && slaac_addrs(s, 0, ai, 4) == 0, "address formed");
	CHECK(dstats[D_SLAAC_PREFIX_IGNORED] == 2, "slaac-prefix-ignored");
	slaac_free(s);
	CASE_END();

	CASE_BEGIN("preferred_greater_than_valid_is_ignored");
	s = mk(NULL, 1);
	CHECK(slaac_prefix_input(s, 0, P("2001:db8:1::"), 64, 100, 200) == -EINVAL, "accepted");
	CHECK(nev == 0, "address formed");
	slaac_free(s);
	CASE_END();

	CASE_BEGIN("link_local_prefix_is_ignored");
	s = mk(NULL, 1);
	CHECK(slaac_prefix_input(s, 0, P("fe80::"), 64, 100, 50) == -EINVAL, "accepted");
	CHECK(nev == 0, "address formed");
	slaac_free(s);
	CASE_END();

	/* issue 9 item 20: a multicast prefix was counted slaac-addr-added */
	CASE_BEGIN("multicast_and_unspecified_prefixes_are_ignored");
	s = mk(NULL, 1);
	CHECK(slaac_prefix_input(s, 0, P("ff0e:1::"), 64, 100, 50) == -EINVAL, "ff0e:1::/64");
	CHECK(slaac_prefix_input(s, 0, P("::"), 64, 100, 50) == -EINVAL, "::/64");
	CHECK(nev == 0 && !dstats[D_SLAAC_ADDR_ADDED] && dstats[D_SLAAC_PREFIX_IGNORED] == 2,
	      "events %u added %lu", nev, (unsigned long)dstats[D_SLAAC_ADDR_ADDED]);
	slaac_free(s);
	CASE_END();

	/* issue 9 item 2: the address is configured already (static): SLAAC must not manage it,
	 * so no lifetime, deprecation or expiry of it may ever come from SLAAC. */
	CASE_BEGIN("address_the_host_refuses_is_forgotten_never_deprecated_nor_expired");
	s = mk(NULL, 1);
	refuse = A("2001:db8:1::ff:fe00:1");
	CHECK(slaac_prefix_input(s, 0, P("2001:db8:1::"), 64, 20, 10) == -EEXIST, "rc");
	CHECK(nev == 1 && evs[0].kind == EV_NEW, "events %u", nev);
	CHECK(slaac_addrs(s, 0, ai, 4) == 0, "SLAAC tracks an address it did not form");
	CHECK(!dstats[D_SLAAC_ADDR_ADDED] && dstats[D_SLAAC_ADDR_REFUSED] == 1,
	      "added %lu refused %lu", (unsigned long)dstats[D_SLAAC_ADDR_ADDED],
	      (unsigned long)dstats[D_SLAAC_ADDR_REFUSED]);
	nev = 0;
	slaac_prefix_input(s, SEC, P("2001:db8:1::"), 64, 20, 10);
	run_until(s, 100 * SEC);
	CHECK(nev == 1 && evs[0].kind == EV_NEW, "events after: %u, first %d", nev, evs[0].kind);
	CHECK(slaac_next_deadline(s) == XDP6_NEVER, "timer left");
	/* once the host has it no more, the next RA forms it */
	memset(&refuse, 0, sizeof(refuse));
	CHECK(slaac_prefix_input(s, 101 * SEC, P("2001:db8:1::"), 64, 20, 10) == 0, "not formed");
	CHECK(slaac_addrs(s, 0, ai, 4) == 1, "not tracked");
	slaac_free(s);
	CASE_END();

	CASE_BEGIN("valid_lifetime_zero_for_new_prefix_forms_nothing");
	s = mk(NULL, 1);
	CHECK(slaac_prefix_input(s, 0, P("2001:db8:1::"), 64, 0, 0) == 0, "rejected");
	CHECK(nev == 0, "address formed");
	slaac_free(s);
	CASE_END();
}

static void test_lifetimes(void)
{
	struct slaac_addr_info ai[4];
	struct slaac *s;

	CASE_BEGIN("deprecated_at_preferred_expiry_removed_at_valid_expiry");
	s = mk(NULL, 1);
	slaac_prefix_input(s, 0, P("2001:db8:1::"), 64, 7200, 3600);
	nev = 0;
	CHECK(slaac_next_deadline(s) == HOUR, "deadline %lu",
	      (unsigned long)slaac_next_deadline(s));
	slaac_timeout(s, HOUR - 1);
	CHECK(nev == 0, "event before the preferred lifetime ended");
	slaac_timeout(s, HOUR);
	CHECK(nev == 1 && evs[0].kind == EV_DEPRECATED &&
	      !memcmp(&evs[0].a, P("2001:db8:1::ff:fe00:1"), 16), "no deprecation at 1 h");
	CHECK(slaac_addrs(s, HOUR, ai, 4) == 1 && ai[0].deprecated, "not listed as deprecated");
	CHECK(slaac_next_deadline(s) == 2 * HOUR, "next deadline %lu",
	      (unsigned long)slaac_next_deadline(s));
	slaac_timeout(s, 2 * HOUR - 1);
	CHECK(nev == 1, "expired early");
	slaac_timeout(s, 2 * HOUR);
	CHECK(nev == 2 && evs[1].kind == EV_EXPIRED, "no expiry at 2 h");
	CHECK(slaac_addrs(s, 2 * HOUR, ai, 4) == 0, "still listed");
	CHECK(slaac_next_deadline(s) == XDP6_NEVER, "deadline left");
	CHECK(dstats[D_SLAAC_ADDR_EXPIRED] == 1, "slaac-addr-expired");
	slaac_free(s);
	CASE_END();

	CASE_BEGIN("preferred_lifetime_zero_deprecates_at_once");
	s = mk(NULL, 1);
	slaac_prefix_input(s, 0, P("2001:db8:1::"), 64, 7200, 0);
	run_until(s, 0);
	CHECK(nev == 2 && evs[0].kind == EV_NEW && evs[1].kind == EV_DEPRECATED, "events %u", nev);
	slaac_free(s);
	CASE_END();

	CASE_BEGIN("new_preferred_lifetime_makes_deprecated_address_preferred_again");
	s = mk(NULL, 1);
	slaac_prefix_input(s, 0, P("2001:db8:1::"), 64, 7200, 60);
	run_until(s, 60 * SEC);
	nev = 0;
	slaac_prefix_input(s, 100 * SEC, P("2001:db8:1::"), 64, 7200, 600);
	CHECK(nev == 1 && evs[0].kind == EV_LIFETIME && evs[0].pref == 700 * SEC,
	      "no lifetime update");
	CHECK(slaac_addrs(s, 100 * SEC, ai, 4) == 1 && !ai[0].deprecated, "still deprecated");
	run_until(s, 700 * SEC);
	CHECK(nev == 2 && evs[1].kind == EV_DEPRECATED, "not deprecated again");
	slaac_free(s);
	CASE_END();

	CASE_BEGIN("infinite_lifetimes_never_expire");
	s = mk(NULL, 1);
	slaac_prefix_input(s, 0, P("2001:db8:1::"), 64, INF, INF);
	CHECK(evs[0].valid == XDP6_NEVER && evs[0].pref == XDP6_NEVER, "not XDP6_NEVER");
	CHECK(slaac_next_deadline(s) == XDP6_NEVER, "a deadline");
	slaac_timeout(s, XDP6_NEVER - 1);
	CHECK(nev == 1 && slaac_addrs(s, 1000 * DAY, ai, 4) == 1 &&
	      ai[0].valid_left == XDP6_NEVER, "expired");
	slaac_free(s);
	CASE_END();

	/* RFC 4862 §5.5.3 e: the two-hour rule. Address first formed with valid `v0`, then an RA
	 * at 1000 s with `rx`; expected valid lifetime end. */
	{
		static const struct {
			const char *name;
			uint32_t v0, rx;
			xdp6_ns want;
		} t[] = {
			{ "two_hour_rule_received_over_2h_is_taken", 86400, 3 * 3600,
			  1000 * SEC + 3 * HOUR },
			{ "two_hour_rule_received_over_remaining_is_taken", 3600, 5400,
			  1000 * SEC + 5400 * SEC },
			{ "two_hour_rule_remaining_under_2h_ignores_shorter", 3600, 1800,
			  3600 * SEC },
			{ "two_hour_rule_otherwise_sets_2h", 86400, 1800, 1000 * SEC + 2 * HOUR },
			{ "two_hour_rule_valid_zero_sets_2h", 86400, 0, 1000 * SEC + 2 * HOUR },
			{ "two_hour_rule_infinite_remaining_short_received_sets_2h", INF, 60,
			  1000 * SEC + 2 * HOUR },
		};
		unsigned i;

		for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
			CASE_BEGIN(t[i].name);
			s = mk(NULL, 1);
			slaac_prefix_input(s, 0, P("2001:db8:1::"), 64, t[i].v0, 0);
			slaac_prefix_input(s, 1000 * SEC, P("2001:db8:1::"), 64, t[i].rx, 0);
			slaac_addrs(s, 1000 * SEC, ai, 4);
			CHECK(ai[0].valid_until == t[i].want, "valid until %lu, want %lu",
			      (unsigned long)ai[0].valid_until, (unsigned long)t[i].want);
			slaac_free(s);
			CASE_END();
		}
	}
}

static void test_stable(void)
{
	struct slaac_cfg cfg;
	struct slaac_addr_info ai[8];
	struct slaac *s, *s2;
	uint8_t i1[8], i2[8], i3[8], i4[8];
	char h[17];
	unsigned i;

	slaac_cfg_defaults(&cfg);
	for (i = 0; i < 16; i++)
		cfg.secret[i] = (uint8_t)i;
	cfg.secret_len = 16;

	CASE_BEGIN("rfc7217_iid_matches_hashlib_and_differs_per_prefix_and_dad_counter");
	s = mk(&cfg, 1);
	s2 = mk(&cfg, 2);	/* another run: other seed, same secret */
	slaac_stable_iid(s, P("2001:db8:1::"), 0, i1);
	slaac_stable_iid(s, P("2001:db8:2::"), 0, i2);
	slaac_stable_iid(s, P("2001:db8:1::"), 1, i3);
	slaac_stable_iid(s2, P("2001:db8:1::"), 0, i4);
	/* Python: sha256(prefix[:8] + b"\x05veth0" + b"\x00" + bytes([ctr]) + secret)[-8:] */
	hex(i1, 8, h);
	CHECK(!strcmp(h, "75ad7ad146ed8c0a"), "2001:db8:1::/64 ctr 0: %s", h);
	hex(i3, 8, h);
	CHECK(!strcmp(h, "25f856f4fe1e963c"), "ctr 1: %s", h);
	hex(i2, 8, h);
	CHECK(!strcmp(h, "bab64c034233f603"), "2001:db8:2::/64: %s", h);
	CHECK(memcmp(i1, i2, 8) && memcmp(i1, i3, 8), "IID does not vary");
	CHECK(!memcmp(i1, i4, 8), "IID differs across runs");
	slaac_free(s2);
	slaac_free(s);
	s = mk(&cfg, 1);
	slaac_prefix_input(s, 0, P("2001:db8:1::"), 64, 86400, 14400);
	CHECK(nev == 1 && !memcmp(&evs[0].a, P("2001:db8:1::75ad:7ad1:46ed:8c0a"), 16),
	      "formed address is not prefix + stable IID");
	slaac_free(s);
	CASE_END();

	CASE_BEGIN("rfc7217_dad_failure_retries_three_times_then_keeps_duplicate");
	s = mk(&cfg, 1);
	slaac_prefix_input(s, 0, P("2001:db8:1::"), 64, 86400, 14400);
	for (i = 0; i < 3; i++) {
		struct in6_addr cur = evs[nev - 1].a;
		unsigned before = nev;

		CHECK(slaac_dad_failed(s, SEC, &cur) == 0, "dad_failed %u", i);
		CHECK(nev == before + 2 && evs[before].kind == EV_EXPIRED &&
		      !memcmp(&evs[before].a, &cur, 16) && evs[before + 1].kind == EV_NEW,
		      "retry %u: not expired(old) + new", i);
		CHECK(memcmp(&evs[nev - 1].a, &cur, 16), "retry %u: same address", i);
		CHECK(evs[nev - 1].valid == 86400 * SEC, "retry %u: lifetimes lost", i);
	}
	slaac_addrs(s, SEC, ai, 8);
	CHECK(ai[0].dad_counter == 3, "DAD counter %u", ai[0].dad_counter);
	slaac_stable_iid(s, P("2001:db8:1::"), 3, i1);
	CHECK(!memcmp(ai[0].addr.s6_addr + 8, i1, 8), "retry 3 is not DAD_Counter 3");
	i = nev;
	CHECK(slaac_dad_failed(s, SEC, &ai[0].addr) == 0 && nev == i, "4th failure made events");
	CHECK(slaac_addrs(s, SEC, ai, 8) == 1 && ai[0].duplicate, "not kept as duplicate");
	slaac_prefix_input(s, 2 * SEC, P("2001:db8:1::"), 64, 86400, 14400);
	CHECK(nev == i, "RA after the failure formed or reported an address");
	CHECK(dstats[D_SLAAC_DAD_RETRY] == 3, "slaac-dad-retry %lu",
	      (unsigned long)dstats[D_SLAAC_DAD_RETRY]);
	slaac_free(s);
	CASE_END();

	CASE_BEGIN("eui64_dad_failure_keeps_duplicate_until_valid_expiry");
	s = mk(NULL, 1);
	slaac_prefix_input(s, 0, P("2001:db8:1::"), 64, 600, 300);
	CHECK(slaac_dad_failed(s, SEC, P("2001:db8:1::ff:fe00:1")) == 0 && nev == 1,
	      "EUI-64 retried");
	CHECK(slaac_dad_failed(s, SEC, P("2001:db8:1::99")) == -ENOENT, "unknown address");
	slaac_prefix_input(s, 2 * SEC, P("2001:db8:1::"), 64, 600, 300);
	CHECK(nev == 1, "RA re-formed a duplicate address");
	run_until(s, 602 * SEC);
	CHECK(nev == 2 && evs[1].kind == EV_EXPIRED, "duplicate not expired with the prefix");
	slaac_free(s);
	CASE_END();

	/* the table holds max_addrs addresses, every slot usable: 1 means one address */
	CASE_BEGIN("table_of_1_address_forms_one_and_refuses_the_second_prefix");
	slaac_cfg_defaults(&cfg);
	cfg.max_addrs = 1;
	s = mk(&cfg, 1);
	CHECK(slaac_prefix_input(s, 0, P("2001:db8:1::"), 64, 86400, 14400) == 0, "first");
	CHECK(nev == 1 && evs[0].kind == EV_NEW, "no address in a table of 1 (%u events)", nev);
	slaac_prefix_input(s, 0, P("2001:db8:2::"), 64, 86400, 14400);
	CHECK(nev == 1 && slaac_addrs(s, 0, ai, 8) == 1, "two addresses in a table of 1");
	slaac_free(s);
	CASE_END();

	CASE_BEGIN("reserved_iids_rfc5453_are_recognised");
	CHECK(slaac_iid_reserved((const uint8_t[8]){ 0 }), "zero");
	CHECK(slaac_iid_reserved((const uint8_t[8]){ 0x02, 0, 0x5e, 0xff, 0xfe, 0, 0x52, 0x13 }),
	      "proxy mobile");
	CHECK(slaac_iid_reserved((const uint8_t[8]){ 0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
						      0x80 }), "anycast");
	CHECK(!slaac_iid_reserved((const uint8_t[8]){ 0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
						       0x7f }), "fdff:...:ff7f");
	CHECK(!slaac_iid_reserved((const uint8_t[8]){ 0, 0, 0, 0xff, 0xfe, 0, 0, 1 }), "EUI-64");
	/* only the all-zero IID is the subnet-router anycast address (RFC 4291 §2.6.1) */
	CHECK(!slaac_iid_reserved((const uint8_t[8]){ 0, 0, 0, 0, 0, 0, 0, 1 }), "::1 IID");
	CASE_END();
}

static void test_temporary(void)
{
	struct slaac_cfg cfg;
	struct slaac_addr_info ai[8];
	struct slaac *s;
	const struct ev *t = NULL;
	xdp6_ns pref0;
	unsigned i, n;

	slaac_cfg_defaults(&cfg);
	cfg.temporary = true;

	CASE_BEGIN("temporary_address_lifetimes_rfc8981");
	s = mk(&cfg, 5);
	CHECK(slaac_regen_advance(s) == 5 * SEC, "REGEN_ADVANCE %lu, want 5 s",
	      (unsigned long)slaac_regen_advance(s));
	slaac_prefix_input(s, 0, P("2001:db8:1::"), 64, 7 * 86400, 7 * 86400);
	CHECK(nev == 2, "events %u", nev);
	for (i = 0; i < nev; i++)
		if (evs[i].kind == EV_NEW && evs[i].origin == XDP6_ORIGIN_TEMPORARY)
			t = &evs[i];
	CHECK(t != NULL, "no temporary address");
	if (t) {
		CHECK(!memcmp(&t->a, P("2001:db8:1::"), 8), "not in the prefix");
		CHECK(memcmp(&t->a, P("2001:db8:1::ff:fe00:1"), 16), "temporary is the EUI-64");
		CHECK(t->valid == 2 * DAY, "valid %lu, want TEMP_VALID_LIFETIME",
		      (unsigned long)t->valid);
		CHECK(t->pref <= DAY && t->pref >= DAY - DAY / 100 * 40,
		      "preferred %lu not 1 day minus DESYNC_FACTOR <= 0.4 day",
		      (unsigned long)t->pref);
		pref0 = t->pref;
		/* regeneration REGEN_ADVANCE before deprecation */
		n = nev;
		run_until(s, pref0 - 5 * SEC - 1);
		CHECK(nev == n, "event before the regeneration point");
		run_until(s, pref0 - 5 * SEC);
		CHECK(nev == n + 1 && evs[n].kind == EV_NEW &&
		      evs[n].origin == XDP6_ORIGIN_TEMPORARY, "no successor at pref - 5 s");
		CHECK(memcmp(&evs[n].a, &t->a, 16), "successor has the same address");
		CHECK(evs[n].valid == pref0 - 5 * SEC + 2 * DAY, "successor valid lifetime");
		run_until(s, pref0);
		CHECK(nev == n + 2 && evs[n + 1].kind == EV_DEPRECATED &&
		      !memcmp(&evs[n + 1].a, &t->a, 16), "old temporary not deprecated");
		CHECK(slaac_addrs(s, pref0, ai, 8) == 3, "listing %zu",
		      slaac_addrs(s, pref0, ai, 8));
	}
	CHECK(dstats[D_TEMP_ADDR_ADDED] == 2, "temp-addr-added %lu",
	      (unsigned long)dstats[D_TEMP_ADDR_ADDED]);
	slaac_free(s);
	CASE_END();

	CASE_BEGIN("temporary_address_bounded_by_prefix_lifetimes");
	s = mk(&cfg, 5);
	slaac_prefix_input(s, 0, P("2001:db8:1::"), 64, 3600, 1800);
	CHECK(nev == 2 && evs[1].origin == XDP6_ORIGIN_TEMPORARY, "events %u", nev);
	CHECK(evs[1].valid == HOUR && evs[1].pref == 1800 * SEC, "lifetimes %lu/%lu",
	      (unsigned long)evs[1].valid, (unsigned long)evs[1].pref);
	slaac_free(s);
	CASE_END();

	CASE_BEGIN("no_temporary_address_when_preferred_is_within_regen_advance");
	s = mk(&cfg, 5);
	slaac_prefix_input(s, 0, P("2001:db8:1::"), 64, 3600, 5);
	CHECK(nev == 1 && evs[0].origin == XDP6_ORIGIN_SLAAC, "events %u", nev);
	slaac_free(s);
	CASE_END();

	CASE_BEGIN("temporary_dad_failure_regenerates_then_gives_up");
	s = mk(&cfg, 5);
	slaac_prefix_input(s, 0, P("2001:db8:1::"), 64, 86400, 86400);
	for (i = 0; i < 4; i++) {
		struct in6_addr cur = evs[nev - 1].a;

		slaac_dad_failed(s, SEC, &cur);
	}
	/* 3 retries (expired+new each), then expired without a new one */
	CHECK(nev == 2 + 3 * 2 + 1 && evs[nev - 1].kind == EV_EXPIRED, "events %u", nev);
	slaac_prefix_input(s, 2 * SEC, P("2001:db8:1::"), 64, 86400, 86400);
	for (i = 0; i < nev && i < MAXEV; i++)
		CHECK(!(i >= 9 && evs[i].kind == EV_NEW), "temporary created after giving up");
	slaac_free(s);
	CASE_END();
}

static void test_fuzz(void)
{
	struct slaac_cfg cfg;
	struct slaac_addr_info ai[32];
	struct slaac *s;
	uint64_t rnd = 777;
	xdp6_ns now = 0;
	unsigned i, bad = 0, j;
	size_t n;

	CASE_BEGIN("fuzz_20000_random_prefixes_dad_failures_and_timers_stay_sane");
	slaac_cfg_defaults(&cfg);
	cfg.temporary = true;
	cfg.secret_len = 8;
	cfg.temp_preferred_lifetime = 600;
	cfg.temp_valid_lifetime = 1200;
	s = mk(&cfg, 3);
	for (i = 0; i < 20000; i++) {
		struct in6_addr p = A("2001:db8::");
		uint32_t r = xdp6_rand_u32(&rnd);
		/* mostly short consistent lifetimes, sometimes anything (infinite included) */
		uint32_t v = r & 0x700 ? xdp6_rand_u32(&rnd) % 4000
				       : xdp6_rand_u32(&rnd) | 1u << 31;
		uint32_t pr = r & 0x1800 ? xdp6_rand_u32(&rnd) % (v + 1u) : xdp6_rand_u32(&rnd);
		uint8_t plen = r & 0x6000 ? 64 : (uint8_t)xdp6_rand_u32(&rnd);

		p.s6_addr[7] = (uint8_t)(xdp6_rand_u32(&rnd) % 24);
		if (!(r & 0x700))
			p.s6_addr[7] = 200;	/* long lifetimes on one prefix only */
		if (!(r & 0x78))
			p.s6_addr[0] = (uint8_t)xdp6_rand_u32(&rnd);
		slaac_prefix_input(s, now, &p, plen, v, pr);
		nev = 0;
		if ((r & 0x30) == 0x30) {
			n = slaac_addrs(s, now, ai, 32);
			if (n)
				slaac_dad_failed(s, now,
						 &ai[xdp6_rand_u32(&rnd) % (n < 32 ? n : 32)].addr);
		}
		now += xdp6_rand_delay(&rnd, 60 * SEC);
		run_until(s, now);
		n = slaac_addrs(s, now, ai, 32);
		if (n > SLAAC_DEFAULT_MAX_ADDRS)
			bad++;
		for (j = 0; j < n && j < 32; j++) {
			if (ai[j].preferred_until > ai[j].valid_until ||
			    ai[j].valid_until <= now || slaac_iid_reserved(ai[j].addr.s6_addr + 8))
				bad++;
		}
		nev = 0;
	}
	CHECK(!bad, "%u insane entries", bad);
	CHECK(dstats[D_SLAAC_ADDR_ADDED] > 10 && dstats[D_TEMP_ADDR_ADDED] > 10 &&
	      dstats[D_SLAAC_PREFIX_IGNORED] > 10 && dstats[D_SLAAC_DAD_RETRY] > 0 &&
	      dstats[D_SLAAC_ADDR_EXPIRED] > 10,
	      "fuzz did not reach every path: added %lu temp %lu ignored %lu retry %lu expired %lu",
	      (unsigned long)dstats[D_SLAAC_ADDR_ADDED], (unsigned long)dstats[D_TEMP_ADDR_ADDED],
	      (unsigned long)dstats[D_SLAAC_PREFIX_IGNORED],
	      (unsigned long)dstats[D_SLAAC_DAD_RETRY],
	      (unsigned long)dstats[D_SLAAC_ADDR_EXPIRED]);
	slaac_free(s);
	CASE_END();
}

/* The defaults, field by field: a changed or lost default is a behaviour change. */
static void test_cfg_defaults(void)
{
	struct slaac_cfg c;

	memset(&c, 0xa5, sizeof(c));	/* a field the defaults forget keeps garbage */
	slaac_cfg_defaults(&c);
	CASE_BEGIN("cfg_defaults_are_the_rfc_values");
	/* Linux max_addresses 16; RFC 8981 §3.8 TEMP_VALID_LIFETIME 2 days,
	 * TEMP_PREFERRED_LIFETIME 1 day; RFC 4862 §5.1 DupAddrDetectTransmits 1; RFC 4861 §10
	 * RETRANS_TIMER 1 s; no secret (EUI-64), no temporary addresses */
	CHECK(c.max_addrs == 16, "max_addrs %u", c.max_addrs);
	CHECK(c.temp_valid_lifetime == 2 * 86400, "temp valid %u", c.temp_valid_lifetime);
	CHECK(c.temp_preferred_lifetime == 86400, "temp preferred %u", c.temp_preferred_lifetime);
	CHECK(c.dad_transmits == 1, "dad_transmits %u", (unsigned)c.dad_transmits);
	CHECK(c.retrans_timer == 1 * XDP6_NS_PER_SEC, "retrans_timer");
	CHECK(!c.secret_len && !c.temporary, "secret or temporary on");
	CASE_END();
}

int main(void)
{
	test_cfg_defaults();
	test_sha256();
	test_formation();
	test_lifetimes();
	test_stable();
	test_temporary();
	test_fuzz();
	return check_exit();
}
