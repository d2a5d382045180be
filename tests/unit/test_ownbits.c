// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Unit tests of user/proto/ownbits.c, the daemon's per-bit key counts of the ownbits
 * pre-filter: the bit of known addresses (values from xdp_fixtures.py's own rendering of
 * xdp6_ownbits_bit), a word written only when a bit changes, a shared bit kept until its last
 * key leaves, and random add/remove runs against a model that recounts every bit. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "ownbits.h"
#include "testutil.h"

static void test_known_bits(void)
{
	struct in6_addr a = A("2001:db8::1"), t = A("2001:db8:ff::2a:3fe4");

	CASE_BEGIN("ownbits_bit_matches_the_python_rendering");
	CHECK(ownbits_bit(&a) == 92564, "bit %u, want 92564", ownbits_bit(&a));
	CHECK(ownbits_bit(&t) == 92564, "twin bit %u, want 92564", ownbits_bit(&t));
	CASE_END();

	/* One /64 of consecutive interface identifiers (SLAAC, static ranges): 4096 addresses
	 * in 2^20 bits land on ~4088 distinct bits if spread as random (expected collisions
	 * 4096^2 / 2^21 = 8). */
	CASE_BEGIN("ownbits_bit_spreads_consecutive_addresses");
	{
		static uint8_t seen[1u << XDP6_OWNBITS_ORDER];
		unsigned distinct = 0;

		for (uint32_t i = 0; i < 4096; i++) {
			struct in6_addr x = A("2001:db8:1::");

			x.s6_addr[14] = i >> 8;
			x.s6_addr[15] = i & 0xff;
			distinct += !seen[ownbits_bit(&x)]++;
		}
		CHECK(distinct >= 4060, "%u distinct bits of 4096", distinct);
	}
	CASE_END();
}

static void test_shared_bit(void)
{
	struct in6_addr a = A("2001:db8::1"), t = A("2001:db8:ff::2a:3fe4");
	uint32_t w = ownbits_bit(&a) >> 6;
	uint64_t m = 1ull << (ownbits_bit(&a) & 63);
	struct ownbits o;

	CASE_BEGIN("ownbits_shared_bit_add_del_readd");
	CHECK(!ownbits_init(&o), "init");
	CHECK(ownbits_ref(&o, &a) == w && ownbits_word(&o, w) == m, "first key sets the bit");
	CHECK(ownbits_ref(&o, &t) == OWNBITS_NONE, "second key of the bit changes no word");
	CHECK(ownbits_unref(&o, &a) == OWNBITS_NONE && ownbits_word(&o, w) == m,
	      "bit cleared with a key left");
	CHECK(ownbits_ref(&o, &a) == OWNBITS_NONE, "re-added: nothing to write");
	CHECK(ownbits_unref(&o, &t) == OWNBITS_NONE, "bit cleared with a key left");
	CHECK(ownbits_unref(&o, &a) == w && ownbits_word(&o, w) == 0, "last key clears the bit");
	CHECK(ownbits_unref(&o, &a) == OWNBITS_NONE && o.count[ownbits_bit(&a)] == 0,
	      "a removal of nothing underflows");
	ownbits_free(&o);
	CASE_END();
}

/* Random runs over a few addresses of many shared bits: after every step each touched word is
 * what the model's set of present keys says, and a changed word was reported. */
static void test_random(void)
{
	enum { N = 64, STEPS = 20000 };
	struct in6_addr a[N];
	bool in[N] = { 0 };
	struct ownbits o;
	uint64_t rng = 0x0b175;

	CASE_BEGIN("ownbits_random_runs_match_a_recount");
	CHECK(!ownbits_init(&o), "init");
	for (int i = 0; i < N; i++) {
		/* 8 bits of 8 addresses each: twins found by search */
		a[i] = A("2001:db8:7::");
		if (i % 8) {
			for (uint32_t j = 1; j; j++) {
				memcpy(&a[i].s6_addr[12], &j, sizeof(j));
				if (ownbits_bit(&a[i]) == ownbits_bit(&a[i - i % 8]) &&
				    memcmp(&a[i], &a[i - 1], sizeof(a[i])) &&
				    (i % 8 == 1 || j > *(uint32_t *)&a[i - 1].s6_addr[12]))
					break;
			}
		} else {
			a[i].s6_addr[11] = (uint8_t)i;
		}
	}
	for (int s = 0; s < STEPS && !check_case_failed; s++) {
		int i, k;
		uint32_t b, wi, changed;
		uint64_t want = 0;

		rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
		i = (int)(rng % N);
		b = ownbits_bit(&a[i]);
		wi = b >> 6;
		/* as io/maps.c: ref for a new key, unref for a present one */
		changed = in[i] ? ownbits_unref(&o, &a[i]) : ownbits_ref(&o, &a[i]);
		in[i] = !in[i];
		for (k = 0; k < N; k++)
			if (in[k] && ownbits_bit(&a[k]) >> 6 == wi)
				want |= 1ull << (ownbits_bit(&a[k]) & 63);
		CHECK(ownbits_word(&o, wi) == want, "step %d: word %#llx, want %#llx", s,
		      (unsigned long long)ownbits_word(&o, wi), (unsigned long long)want);
		CHECK(changed == OWNBITS_NONE || changed == wi, "step %d: reported word %u", s,
		      changed);
	}
	ownbits_free(&o);
	CASE_END();
}

int main(void)
{
	test_known_bits();
	test_shared_bit();
	test_random();
	return check_exit();
}
