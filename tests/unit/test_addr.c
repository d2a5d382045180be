// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Unit tests of user/proto/addr.c: the address index (open addressing, backward-shift
 * deletion) and the address table built on it, against plain reference models: random
 * add/del/find runs, the walk in the order of addition, refusals (RFC 4291 §2.5.2, §2.5.3,
 * §2.7), and a million addresses. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "testutil.h"
#include "addr.h"

static uint64_t rng = 0x5eed;

static uint32_t rnd(void)
{
	return xdp6_rand_u32(&rng);
}

/* Pool address k: 2001:db8::/32, random middle, low 24 bits from a small range so that many
 * share a solicited-node group. */
static void pool_make(struct in6_addr *pool, size_t n, uint32_t groups)
{
	size_t k;

	for (k = 0; k < n; k++) {
		uint32_t r[3] = { rnd(), rnd(), rnd() }, g = rnd() % groups;

		pool[k] = A("2001:db8::");
		memcpy(pool[k].s6_addr + 4, r, 9);
		pool[k].s6_addr[13] = (uint8_t)(g >> 16);
		pool[k].s6_addr[14] = (uint8_t)(g >> 8);
		pool[k].s6_addr[15] = (uint8_t)g;
	}
}

static uint32_t low24(const struct in6_addr *a)
{
	return (uint32_t)a->s6_addr[13] << 16 | (uint32_t)a->s6_addr[14] << 8 | a->s6_addr[15];
}

/* ---- the index alone, over an array kept dense by moving the last element into a hole ---- */

static void test_index(void)
{
	CASE_BEGIN("hindex_random_insert_remove_move_matches_linear_search");
	{
		struct in6_addr pool[12], arr[8];
		unsigned round, bad = 0;

		for (round = 0; round < 2000; round++) {
			struct hindex ix = { 0 };
			size_t n = 0, cap = 1 + rnd() % 6, i, k;
			unsigned step;

			/* few slots (8 or 16), so runs wrap and collide */
			pool_make(pool, 12, 1 << 24);
			if (hindex_reset(&ix, sizeof(struct in6_addr), cap)) {
				bad++;
				break;
			}
			for (step = 0; step < 200; step++) {
				k = rnd() % 12;
				for (i = 0; i < n && memcmp(&arr[i], &pool[k], 16); i++)
					;
				if (hindex_find(&ix, arr, sizeof(arr[0]), &pool[k]) !=
				    (i < n ? i : HINDEX_NONE))
					bad++;
				if (i == n && n < cap) {
					arr[n] = pool[k];
					hindex_insert(&ix, &arr[n], n);
					n++;
				} else if (i < n) {
					hindex_remove(&ix, arr, sizeof(arr[0]), i);
					if (i != n - 1) {
						arr[i] = arr[n - 1];
						hindex_move(&ix, &arr[i], n - 1, i);
					}
					n--;
				}
				for (i = 0; i < n; i++)
					bad += hindex_find(&ix, arr, sizeof(arr[0]), &arr[i]) != i;
			}
			hindex_free(&ix);
		}
		CHECK(bad == 0, "%u wrong answers", bad);
	}
	CASE_END();

	CASE_BEGIN("hindex_empty_finds_nothing");
	{
		struct hindex ix = { 0 };
		struct in6_addr a = A("2001:db8::1");

		CHECK(hindex_find(&ix, &a, sizeof(a), &a) == HINDEX_NONE, "found in nothing");
	}
	CASE_END();
}

/* ---- the table ---- */

/* The walk gives exactly the present entries, in the order they were added (seq ascending).
 * Each entry carries its pool index in valid_until (the table never reads it). */
static int walk_ok(const struct addr_table *t, const struct in6_addr *pool, const int64_t *seq,
		   size_t npool, size_t want)
{
	const struct addr_entry *e;
	size_t it = 0, n = 0;
	int64_t last = -1;

	while ((e = addr_table_next(t, &it))) {
		size_t k = (size_t)e->valid_until;

		if (k >= npool || memcmp(&pool[k], &e->addr, 16) || seq[k] <= last)
			return 0;
		last = seq[k];
		n++;
	}
	return n == want;
}

static void test_table_random(void)
{
	enum { NPOOL = 20000, GROUPS = 3000, OPS = 100000, MAXA = 12000 };
	struct in6_addr *pool = calloc(NPOOL, sizeof(*pool));
	int64_t *seq = calloc(NPOOL, sizeof(*seq));	/* order of addition, -1 = absent */
	uint32_t *users = calloc(GROUPS, sizeof(*users));
	uint32_t *key = calloc(NPOOL, sizeof(*key));
	struct addr_table t;
	unsigned bad_rc = 0, bad_find = 0, bad_walk = 0, op;
	size_t n = 0, k;
	int64_t next_seq = 0;
	int err;

	CASE_BEGIN("addr_table_100k_random_add_del_find_match_reference");
	pool_make(pool, NPOOL, GROUPS);
	for (k = 0; k < NPOOL; k++) {
		seq[k] = -1;
		key[k] = low24(&pool[k]);
	}
	addr_table_init(&t, MAXA);
	for (op = 0; op < OPS; op++) {
		struct addr_entry *e;

		k = rnd() % NPOOL;
		switch (rnd() % 3) {
		case 0:
		case 1:
			e = addr_table_add(&t, &pool[k], 64, XDP6_ADDR_PREFERRED,
					   XDP6_ORIGIN_STATIC, &err);
			if (seq[k] >= 0) {
				bad_rc += e || err != -EEXIST;
			} else if (n == MAXA) {
				bad_rc += e || err != -ENOSPC;
			} else {
				bad_rc += !e || err;
				if (!e)
					break;
				e->valid_until = k;	/* pool index, for walk_ok */
				seq[k] = next_seq++;
				users[key[k]]++;
				n++;
			}
			break;
		case 2:
			err = addr_table_del(&t, &pool[k]);
			bad_rc += err != (seq[k] >= 0 ? 0 : -ENOENT);
			if (!err) {
				seq[k] = -1;
				users[key[k]]--;
				n--;
			}
			break;
		}
		k = rnd() % NPOOL;
		e = addr_table_find(&t, &pool[k]);
		bad_find += (e != NULL) != (seq[k] >= 0) ||
			    (e && memcmp(&e->addr, &pool[k], 16));
		if (op % 5000 == 0)
			bad_walk += !walk_ok(&t, pool, seq, NPOOL, n);
	}
	bad_walk += !walk_ok(&t, pool, seq, NPOOL, n);
	for (k = 0; k < NPOOL; k++) {
		bad_find += (addr_table_find(&t, &pool[k]) != NULL) != (seq[k] >= 0);
	}
	CHECK(t.n == n, "table holds %zu, reference %zu", t.n, n);
	CHECK(bad_rc == 0, "%u wrong return codes", bad_rc);
	CHECK(bad_find == 0, "%u wrong lookups", bad_find);
	CHECK(bad_walk == 0, "%u walks not in the order of addition", bad_walk);
	CASE_END();

	CASE_BEGIN("addr_table_emptied_and_refilled_walks_in_new_order");
	for (k = 0; k < NPOOL; k++)
		if (seq[k] >= 0) {
			addr_table_del(&t, &pool[k]);
			users[key[k]]--;
			seq[k] = -1;
		}
	CHECK(t.n == 0, "%zu left", t.n);
	{
		size_t it = 0;

		CHECK(addr_table_next(&t, &it) == NULL && addr_table_next(&t, &it) == NULL,
		      "walk of an empty table");
	}
	/* refill in reverse pool order: the walk follows the new order, not the slots */
	n = 0;
	for (k = NPOOL; k-- > NPOOL - 500;) {
		struct addr_entry *e = addr_table_add(&t, &pool[k], 64, XDP6_ADDR_PREFERRED,
						      XDP6_ORIGIN_STATIC, &err);

		if (e) {
			e->valid_until = k;
			seq[k] = next_seq++;
			n++;
		}
	}
	CHECK(n == 500 && walk_ok(&t, pool, seq, NPOOL, n), "refill walk");
	CASE_END();
	addr_table_free(&t);
	free(pool);
	free(seq);
	free(users);
	free(key);
}

static void test_table_rules(void)
{
	struct in6_addr a = A("2001:db8::1"), b = A("2001:db8:1::1"), c = A("2001:db8::2:3");
	struct in6_addr d = A("2001:db8::4"), f = A("2001:db8::5");
	struct addr_table t;
	struct addr_entry *e;
	size_t it;
	int err;

	CASE_BEGIN("addr_table_refuses_unspecified_loopback_multicast_long_prefix");
	addr_table_init(&t, 4);
	CHECK(!addr_table_add(&t, &(struct in6_addr){ 0 }, 64, 0, 0, &err) && err == -EINVAL,
	      "::");
	CHECK(!addr_table_add(&t, &(struct in6_addr){ .s6_addr[15] = 1 }, 128, 0, 0, &err) &&
	      err == -EINVAL, "::1");
	CHECK(!addr_table_add(&t, &(struct in6_addr){ .s6_addr = { 0xff, 0x02 } }, 64, 0, 0,
			      &err) && err == -EINVAL, "multicast");
	CHECK(!addr_table_add(&t, &a, 129, 0, 0, &err) && err == -EINVAL, "/129");
	CHECK(t.n == 0, "something was added");
	CASE_END();

	CASE_BEGIN("addr_table_new_entry_has_infinite_lifetimes_and_given_fields");
	e = addr_table_add(&t, &a, 48, XDP6_ADDR_TENTATIVE, XDP6_ORIGIN_SLAAC, &err);
	CHECK(e && !err && e->prefixlen == 48 && e->state == XDP6_ADDR_TENTATIVE &&
	      e->origin == XDP6_ORIGIN_SLAAC && e->valid_until == XDP6_NEVER &&
	      e->preferred_until == XDP6_NEVER, "fields");
	CHECK(!addr_table_add(&t, &a, 64, 0, 0, &err) && err == -EEXIST, "no -EEXIST");
	CASE_END();

	CASE_BEGIN("addr_table_full_at_max_then_a_freed_slot_is_reused_and_walked_last");
	CHECK(addr_table_add(&t, &b, 64, 0, 0, &err) && addr_table_add(&t, &c, 64, 0, 0, &err) &&
	      addr_table_add(&t, &d, 64, 0, 0, &err), "fill");
	CHECK(!addr_table_add(&t, &f, 64, 0, 0, &err) && err == -ENOSPC,
	      "no -ENOSPC at max");
	CHECK(addr_table_del(&t, &b) == 0 && addr_table_del(&t, &b) == -ENOENT, "del");
	CHECK(addr_table_add(&t, &f, 64, 0, 0, &err) != NULL, "add after del");
	{
		static const char *want[] = { "2001:db8::1", "2001:db8::2:3", "2001:db8::4",
					      "2001:db8::5" };
		int i = 0, ok = 1;

		for (it = 0; (e = addr_table_next(&t, &it)); i++) {
			struct in6_addr w = A(want[i < 4 ? i : 0]);

			ok &= i < 4 && !memcmp(&e->addr, &w, 16);
		}
		CHECK(ok && i == 4, "walk not in the order of addition");
	}
	CASE_END();

	/* (the users of a solicited-node group are counted by MLD now: test_host) */
	CASE_BEGIN("addr_table_full_refuses_until_a_delete");
	CHECK(addr_table_add(&t, &b, 64, 0, 0, &err) == NULL && err == -ENOSPC, "full");
	addr_table_del(&t, &d);
	CHECK(addr_table_add(&t, &b, 64, 0, 0, &err) != NULL, "add b");
	CHECK(addr_table_find(&t, &a) && addr_table_find(&t, &b) && addr_table_find(&t, &c),
	      "lost an address");
	CASE_END();
	addr_table_free(&t);

	/* the names xdp6ctl prints and the README's address states use */
	CASE_BEGIN("addr_state_names");
	CHECK(!strcmp(addr_state_name(XDP6_ADDR_TENTATIVE), "tentative"), "tentative");
	CHECK(!strcmp(addr_state_name(XDP6_ADDR_PREFERRED), "preferred"), "preferred");
	CHECK(!strcmp(addr_state_name(XDP6_ADDR_DEPRECATED), "deprecated"), "deprecated");
	CHECK(!strcmp(addr_state_name(XDP6_ADDR_DUPLICATE), "duplicate"), "duplicate");
	CHECK(!strcmp(addr_state_name((enum xdp6_addr_state)99), "unknown"), "unknown");
	CASE_END();

	/* a freed table is an empty one: it finds and walks nothing and may be freed again
	 * (error paths free what they may have freed) */
	CASE_BEGIN("addr_table_freed_is_empty_and_frees_again");
	addr_table_init(&t, 4);
	CHECK(addr_table_add(&t, &b, 64, XDP6_ADDR_PREFERRED, XDP6_ORIGIN_STATIC, &err), "add");
	addr_table_free(&t);
	it = 0;
	CHECK(!addr_table_find(&t, &b) && !addr_table_next(&t, &it), "freed table not empty");
	addr_table_free(&t);
	CASE_END();

	CASE_BEGIN("addr_table_max_bounded_to_32_bit_slots");
	addr_table_init(&t, SIZE_MAX);
	CHECK(t.max == ADDR_TABLE_MAX, "max %zu", t.max);
	addr_table_free(&t);
	CASE_END();
}

/* A million addresses of one /64 in sequence (the bench's memory run), each then found and
 * deleted: linear; the time is printed for the record, not checked (shared machines). */
static void test_million(void)
{
	enum { N = 1000000 };
	struct addr_table t;
	struct in6_addr a = A("2001:db8:1::");
	struct timespec t0, t1;
	size_t i, it = 0, walked = 0;
	unsigned bad = 0;
	uint32_t prev = 0;
	const struct addr_entry *e;
	int err;

	CASE_BEGIN("addr_table_1m_sequential_addresses_add_find_walk_del");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	addr_table_init(&t, 1 << 20);
	for (i = 1; i <= N; i++) {
		uint32_t lo = htonl((uint32_t)i);

		memcpy(a.s6_addr + 12, &lo, 4);
		bad += !addr_table_add(&t, &a, 64, XDP6_ADDR_PREFERRED, XDP6_ORIGIN_STATIC, &err);
	}
	for (i = 1; i <= N; i++) {
		uint32_t lo = htonl((uint32_t)i);

		memcpy(a.s6_addr + 12, &lo, 4);
		bad += !addr_table_find(&t, &a);
	}
	while ((e = addr_table_next(&t, &it))) {
		uint32_t lo;

		memcpy(&lo, e->addr.s6_addr + 12, 4);
		bad += ntohl(lo) != prev + 1;
		prev = ntohl(lo);
		walked++;
	}
	for (i = 1; i <= N; i++) {
		uint32_t lo = htonl((uint32_t)i);

		memcpy(a.s6_addr + 12, &lo, 4);
		bad += addr_table_del(&t, &a) != 0;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CHECK(bad == 0 && walked == N && t.n == 0, "%u errors, walked %zu, %zu left", bad, walked,
	      t.n);
	printf("# 1M addresses added, found, walked, deleted in %.2f s (cap %zu, %zu index slots)\n",
	       (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9, t.cap,
	       t.ix.nslots);
	addr_table_free(&t);
	CASE_END();
}

int main(void)
{
	test_index();
	test_table_random();
	test_table_rules();
	test_million();
	return check_exit();
}
