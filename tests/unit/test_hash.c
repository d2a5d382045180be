// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Unit tests of user/proto/hash.c, the hash index shared by the address table, DAD, MLD and
 * the host's MAC set: random runs of find/insert/remove/move against a linear search over the
 * same array (keys of 6 and 16 bytes, tables small enough that probe runs wrap and collide,
 * growth by reset and re-insertion), and the edges (empty index, a full half). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "hash.h"

#define POOL	24
#define ARR	16

struct elem {
	uint8_t key[16];	/* first: the index key (6 or 16 bytes of it) */
	uint32_t val;
};

static uint64_t rng = 0x4a5b;

static uint32_t rnd(void)	/* xorshift64: the test's own, not the daemon's generator */
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 32);
}

/* Keys that differ only in a few low bits, so that many share a home slot. */
static void pool_make(uint8_t pool[POOL][16], size_t key_len)
{
	unsigned k, i;

	for (k = 0; k < POOL; k++) {
		do {
			memset(pool[k], 0x20, 16);
			pool[k][key_len - 1] = (uint8_t)(rnd() % 64);
			pool[k][key_len / 2] = (uint8_t)(rnd() % 4);
			for (i = 0; i < k && memcmp(pool[i], pool[k], key_len); i++)
				;
		} while (i < k);
	}
}

static size_t linear(const struct elem *arr, size_t n, const uint8_t *key, size_t key_len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!memcmp(arr[i].key, key, key_len))
			return i;
	return HINDEX_NONE;
}

/* One random run: returns the number of answers that differ from the linear search. */
static unsigned random_run(size_t key_len, unsigned steps)
{
	uint8_t pool[POOL][16];
	struct elem arr[ARR];
	struct hindex ix = { 0 };
	size_t n = 0, cap = 1 + rnd() % 4, i, k, want;
	unsigned step, bad = 0;

	pool_make(pool, key_len);
	if (hindex_reset(&ix, key_len, cap))
		return 1;
	for (step = 0; step < steps; step++) {
		k = rnd() % POOL;
		want = linear(arr, n, pool[k], key_len);
		bad += hindex_find(&ix, arr, sizeof(arr[0]), pool[k]) != want;
		if (want == HINDEX_NONE && n == cap && cap < ARR) {
			/* grow as the users do: a new index, every entry inserted again */
			struct hindex big = { 0 };

			cap = cap * 2 > ARR ? ARR : cap * 2;
			if (hindex_reset(&big, key_len, cap)) {
				bad++;
				break;
			}
			for (i = 0; i < n; i++)
				hindex_insert(&big, arr[i].key, i);
			hindex_free(&ix);
			ix = big;
		}
		if (want == HINDEX_NONE && n < cap) {
			memcpy(arr[n].key, pool[k], 16);
			arr[n].val = (uint32_t)k;
			hindex_insert(&ix, arr[n].key, n);
			n++;
		} else if (want != HINDEX_NONE) {
			/* removed; the last element takes its place (dense arrays: dad.c, mld.c) */
			hindex_remove(&ix, arr, sizeof(arr[0]), want);
			if (want != n - 1) {
				arr[want] = arr[n - 1];
				hindex_move(&ix, arr[want].key, n - 1, want);
			}
			n--;
		}
		for (i = 0; i < n; i++)
			bad += hindex_find(&ix, arr, sizeof(arr[0]), arr[i].key) != i;
		for (i = 0; i < POOL; i++)
			bad += hindex_find(&ix, arr, sizeof(arr[0]), pool[i]) !=
			       linear(arr, n, pool[i], key_len);
	}
	hindex_free(&ix);
	return bad;
}

static void test_random(void)
{
	unsigned round, bad = 0;

	CASE_BEGIN("hindex_random_16_byte_keys_match_linear_search");
	for (round = 0; round < 1000; round++)
		bad += random_run(16, 200);
	CHECK(bad == 0, "%u wrong answers", bad);
	CASE_END();

	CASE_BEGIN("hindex_random_6_byte_keys_match_linear_search");
	bad = 0;
	for (round = 0; round < 1000; round++)
		bad += random_run(6, 200);
	CHECK(bad == 0, "%u wrong answers", bad);
	CASE_END();
}

static void test_edges(void)
{
	uint8_t key[16] = { 1 };
	struct elem arr[8];
	struct hindex ix = { 0 };
	size_t i;
	int bad = 0;

	CASE_BEGIN("hindex_never_reset_finds_nothing");
	CHECK(hindex_find(&ix, arr, sizeof(arr[0]), key) == HINDEX_NONE, "found in nothing");
	CASE_END();

	CASE_BEGIN("hindex_keys_equal_in_their_first_bytes_only_are_one_key");
	/* key_len 6: what follows the key in an element is not the key */
	memset(arr, 0, sizeof(arr));
	CHECK(hindex_reset(&ix, 6, 8) == 0, "reset");
	arr[0].key[0] = 7;
	arr[0].key[6] = 1;	/* right after the key: neither hashed nor compared */
	hindex_insert(&ix, arr[0].key, 0);
	memset(key, 0, sizeof(key));
	key[0] = 7;
	key[6] = 2;
	CHECK(hindex_find(&ix, arr, sizeof(arr[0]), key) == 0, "6-byte key not found");
	key[5] = 1;
	CHECK(hindex_find(&ix, arr, sizeof(arr[0]), key) == HINDEX_NONE, "other key found");
	hindex_free(&ix);
	CASE_END();

	CASE_BEGIN("hindex_filled_to_its_size_finds_every_key_and_removes_to_empty");
	CHECK(hindex_reset(&ix, 16, 8) == 0, "reset");
	CHECK(ix.nslots >= 16, "%zu slots for 8 keys: over half full", ix.nslots);
	for (i = 0; i < 8; i++) {
		memset(arr[i].key, 0, 16);
		arr[i].key[15] = (uint8_t)i;
		hindex_insert(&ix, arr[i].key, i);
	}
	for (i = 0; i < 8; i++)
		bad += hindex_find(&ix, arr, sizeof(arr[0]), arr[i].key) != i;
	for (i = 8; i-- > 0;)
		hindex_remove(&ix, arr, sizeof(arr[0]), i);
	for (i = 0; i < ix.nslots; i++)
		bad += ix.slot[i] != 0;
	CHECK(bad == 0, "%d wrong", bad);
	hindex_free(&ix);
	CASE_END();
}

/* Many keys: lookups stay right (and the run stays short) after growth to 2^17 slots. */
static void test_many(void)
{
	enum { N = 100000 };
	struct elem *arr = calloc(N, sizeof(*arr));
	struct hindex ix = { 0 };
	size_t i, bad = 0;

	CASE_BEGIN("hindex_100k_sequential_addresses_all_found");
	CHECK(arr && hindex_reset(&ix, 16, N) == 0, "allocation");
	for (i = 0; arr && i < N; i++) {
		arr[i].key[0] = 0x20;
		arr[i].key[1] = 0x01;
		arr[i].key[12] = (uint8_t)(i >> 24);
		arr[i].key[13] = (uint8_t)(i >> 16);
		arr[i].key[14] = (uint8_t)(i >> 8);
		arr[i].key[15] = (uint8_t)i;
		hindex_insert(&ix, arr[i].key, i);
	}
	for (i = 0; arr && i < N; i++)
		bad += hindex_find(&ix, arr, sizeof(arr[0]), arr[i].key) != i;
	CHECK(bad == 0, "%zu not found", bad);
	hindex_free(&ix);
	free(arr);
	CASE_END();
}

int main(void)
{
	test_random();
	test_edges();
	test_many();
	return check_exit();
}
