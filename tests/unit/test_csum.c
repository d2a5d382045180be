// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Host tests of include/xdp6_csum.h, which the XDP program uses for its checksums: csum_fold32
 * (RFC 1071 §4.1 fold) and csum_replace16/32 (RFC 1624 eqn. 3 incremental update), checked
 * against a from-scratch RFC 1071 one's complement sum, with the 0x0000 and 0xffff edges and
 * random words, and in both byte orders (RFC 1071 §2(B); the BPF code works in CPU order). */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "xdp6_csum.h"

#define WORDS 64
#define RANDOM_ROUNDS 200000

static uint64_t rng = 0x9e3779b97f4a7c15ull;	/* fixed seed: the same words every run */

static uint32_t rnd32(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

/* RFC 1071 §1: one's complement sum of 16-bit words, the carry added back after every word
 * (no wide accumulator, no fold: independent of the code under test). */
static uint16_t ref_sum(const uint16_t *w, int n)
{
	uint16_t s = 0;

	for (int i = 0; i < n; i++) {
		uint32_t t = (uint32_t)s + w[i];

		s = (uint16_t)(t + (t >> 16));
	}
	return s;
}

static uint16_t ref_csum(const uint16_t *w, int n)
{
	return (uint16_t)~ref_sum(w, n);
}

static uint16_t swab16(uint16_t x)
{
	return (uint16_t)(x << 8 | x >> 8);
}

static void random_words(uint16_t *w, int n)
{
	for (int i = 0; i < n; i++)
		w[i] = (uint16_t)rnd32();
	w[0] |= 1;	/* never all zero: a real message has a non-zero word (the pseudo-header's
			 * next header), and all-zero data is the one case with two answers */
}

static void test_fold(void)
{
	static const struct { uint32_t in; uint16_t want; } edges[] = {
		{ 0x00000000, 0x0000 }, { 0x0000ffff, 0xffff }, { 0x00010000, 0x0001 },
		{ 0x0001fffe, 0xffff }, { 0x0001ffff, 0x0001 }, { 0xffff0000, 0xffff },
		{ 0xfffeffff, 0xfffe }, { 0xffffffff, 0xffff }, { 0x8000ffff, 0x8000 },
		{ 0x12345678, 0x68ac },
	};

	CASE_BEGIN("fold32_edges_0x0000_0xffff_and_carries");
	for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
		CHECK(csum_fold32(edges[i].in) == edges[i].want, "fold(%#x) = %#x, want %#x",
		      edges[i].in, csum_fold32(edges[i].in), edges[i].want);
	CASE_END();

	CASE_BEGIN("fold32_of_random_word_sums_matches_rfc1071_sum");
	for (int r = 0; r < RANDOM_ROUNDS / 100; r++) {
		uint16_t w[WORDS * 16];
		int n = 1 + rnd32() % (WORDS * 16);
		uint32_t acc = 0;

		random_words(w, n);
		for (int i = 0; i < n; i++)
			acc += w[i];	/* fewer than 65537 words: no 32-bit overflow */
		CHECK(csum_fold32(acc) == ref_sum(w, n), "%d words: fold %#x, rfc1071 %#x", n,
		      csum_fold32(acc), ref_sum(w, n));
		if (check_case_failed)
			break;
	}
	CASE_END();

	CASE_BEGIN("fold32_of_all_ones_words_is_0xffff_not_0x0000");
	{
		uint32_t acc = 0;

		for (int i = 0; i < 1000; i++)
			acc += 0xffff;
		CHECK(csum_fold32(acc) == 0xffff, "fold = %#x", csum_fold32(acc));
	}
	CASE_END();
}

/* Changes word `at` of w to `nw`, checks csum_replace16 against a from-scratch checksum. */
static int replace16_agrees(uint16_t *w, int n, int at, uint16_t nw, uint16_t *got,
			    uint16_t *want)
{
	uint16_t hc = ref_csum(w, n), old = w[at];

	w[at] = nw;
	*want = ref_csum(w, n);
	*got = csum_replace16(hc, old, nw);
	return *got == *want;
}

static void test_replace16(void)
{
	uint16_t w[WORDS], got, want;

	CASE_BEGIN("replace16_random_words_match_checksum_from_scratch");
	for (int r = 0; r < RANDOM_ROUNDS && !check_case_failed; r++) {
		int n = 2 + rnd32() % (WORDS - 1), at = rnd32() % n;
		uint16_t nw = (uint16_t)rnd32();

		random_words(w, n);
		if (at == 0)
			nw |= 1;	/* keep the message non-zero */
		CHECK(replace16_agrees(w, n, at, nw, &got, &want),
		      "round %d: got %#06x, from scratch %#06x", r, got, want);
	}
	CASE_END();

	CASE_BEGIN("replace16_result_0x0000_when_new_sum_is_0xffff");
	{
		/* the new word makes the words sum to 0xffff: checksum 0x0000, never 0xffff */
		uint16_t m[4] = { 0x1234, 0x8000, 0x4321, 0x1111 };
		uint16_t nw = (uint16_t)(0xffff - ref_sum(m, 3));

		CHECK(replace16_agrees(m, 4, 3, nw, &got, &want), "got %#06x want %#06x", got,
		      want);
		CHECK(got == 0x0000, "checksum %#06x, want 0x0000", got);
	}
	CASE_END();

	CASE_BEGIN("replace16_echo_type_change_at_hc_0x0000_gives_0xfeff_not_0xffff");
	/* Echo Request -> Reply: word 0x8000 -> 0x8100 (type 128 -> 129, code 0). A request
	 * checksum of 0x0000 becomes 0xfeff; the shortcut HC - 0x0100 would give 0xff00 and a
	 * native-order HC - 1 would give 0xffff. */
	CHECK(csum_replace16(0x0000, 0x8000, 0x8100) == 0xfeff, "got %#06x",
	      csum_replace16(0x0000, 0x8000, 0x8100));
	/* the same request sent with 0xffff (the other zero) must give the same reply */
	CHECK(csum_replace16(0xffff, 0x8000, 0x8100) == 0xfeff, "0xffff form: got %#06x",
	      csum_replace16(0xffff, 0x8000, 0x8100));
	/* request 0x0100 -> reply 0x0000 */
	CHECK(csum_replace16(0x0100, 0x8000, 0x8100) == 0x0000, "got %#06x",
	      csum_replace16(0x0100, 0x8000, 0x8100));
	CASE_END();

	CASE_BEGIN("replace16_echo_type_change_matches_scratch_for_all_65536_checksums");
	/* [x, 0x8000] -> [x, 0x8100] for every x: every request checksum, 0x0000 and 0xffff
	 * results included */
	for (uint32_t x = 0; x <= 0xffff && !check_case_failed; x++) {
		uint16_t m[2] = { (uint16_t)x, 0x8000 };

		CHECK(replace16_agrees(m, 2, 1, 0x8100, &got, &want),
		      "x %#06x: got %#06x want %#06x", x, got, want);
		CHECK(got != 0xffff, "x %#06x: 0xffff is never a computed checksum", x);
	}
	CASE_END();

	CASE_BEGIN("replace16_is_byte_order_independent");
	for (int r = 0; r < RANDOM_ROUNDS / 10 && !check_case_failed; r++) {
		uint16_t hc = (uint16_t)rnd32(), old = (uint16_t)rnd32(), nw = (uint16_t)rnd32() | 1;

		CHECK(swab16(csum_replace16(swab16(hc), swab16(old), swab16(nw))) ==
		      csum_replace16(hc, old, nw), "hc %#x old %#x new %#x", hc, old, nw);
	}
	CASE_END();
}

static void test_replace32(void)
{
	uint16_t w[WORDS], got, want;

	CASE_BEGIN("replace32_random_words_match_checksum_from_scratch");
	for (int r = 0; r < RANDOM_ROUNDS && !check_case_failed; r++) {
		int n = 2 * (2 + rnd32() % (WORDS / 2 - 2)), at = 2 * (rnd32() % (n / 2));
		uint32_t nv = rnd32() | 0x10000, ov;
		uint16_t hc;

		random_words(w, n);
		ov = (uint32_t)w[at] << 16 | w[at + 1];
		hc = ref_csum(w, n);
		w[at] = nv >> 16;
		w[at + 1] = nv & 0xffff;
		want = ref_csum(w, n);
		got = csum_replace32(hc, ov, nv);
		CHECK(got == want, "round %d: got %#06x, from scratch %#06x", r, got, want);
	}
	CASE_END();

	CASE_BEGIN("replace32_address_words_to_zero_and_back_edges");
	{
		/* ff02::1 replaced by fe80::1 in a pseudo-header, word pair by word pair, ending at
		 * a checksum of 0x0000 */
		uint16_t m[9] = { 0xff02, 0, 0, 0, 0, 0, 0, 1, 0 };
		const uint16_t to[8] = { 0xfe80, 0, 0, 0, 0, 0, 0, 1 };
		uint16_t hc;

		m[8] = (uint16_t)(0xffff - ref_sum(m, 8));	/* whole message sums to 0xffff */
		hc = ref_csum(m, 9);
		CHECK(hc == 0x0000, "setup: hc %#06x", hc);
		for (int i = 0; i < 8; i += 2) {
			hc = csum_replace32(hc, (uint32_t)m[i] << 16 | m[i + 1],
					    (uint32_t)to[i] << 16 | to[i + 1]);
			m[i] = to[i];
			m[i + 1] = to[i + 1];
		}
		CHECK(hc == ref_csum(m, 9), "got %#06x, from scratch %#06x", hc, ref_csum(m, 9));
	}
	CASE_END();
}

int main(void)
{
	test_fold();
	test_replace16();
	test_replace32();
	return check_exit();
}
