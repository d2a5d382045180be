// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Unit tests of user/proto/heap.c, the timer heap of DAD and MLD: random runs of push, pop,
 * key changes, removals from the middle and renames (the caller's array kept dense) against a
 * naive model that scans every live element for the least; every element always knows its
 * place; and the order of equal keys when the key carries a sequence number (DAD's ties). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "heap.h"

#define CAP	64

struct elem {
	uint64_t key;
	uint64_t seq;		/* tie breaker, as dad.c's start order */
	size_t at;		/* place in the heap, told by moved() */
	int id;			/* the model's name for it: survives moves in the array */
};

struct world {
	struct elem e[CAP];	/* dense: a removed element's place is taken by the last */
	size_t n;
	struct heap h;
	unsigned bad;
};

static uint64_t rng = 0x77aa;

static uint32_t rnd(void)	/* xorshift64: the test's own generator */
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 32);
}

static bool w_less(const void *ctx, uint32_t a, uint32_t b)
{
	const struct world *w = ctx;

	return w->e[a].key < w->e[b].key ||
	       (w->e[a].key == w->e[b].key && w->e[a].seq < w->e[b].seq);
}

static void w_moved(void *ctx, uint32_t id, size_t at)
{
	struct world *w = ctx;

	w->e[id].at = at;
}

/* The model: the least live element by a scan. */
static size_t scan_least(const struct world *w)
{
	size_t i, best = 0;

	for (i = 1; i < w->n; i++)
		if (w_less(w, (uint32_t)i, (uint32_t)best))
			best = i;
	return best;
}

/* Every element's place holds it, the heap holds exactly the live ones, parents <= children. */
static void check_shape(struct world *w)
{
	size_t i;

	w->bad += w->h.n != w->n;
	for (i = 0; i < w->n; i++)
		w->bad += w->e[i].at >= w->h.n || w->h.id[w->e[i].at] != i;
	for (i = 1; i < w->h.n; i++)
		w->bad += w_less(w, w->h.id[i], w->h.id[(i - 1) / 2]);
}

/* Removes element i from heap and array; the last element takes its place in the array. */
static void w_remove(struct world *w, size_t i)
{
	size_t last = w->n - 1, at = w->e[i].at;

	if (i != last) {
		w->e[i] = w->e[last];
		heap_rename(&w->h, w->e[i].at, (uint32_t)i);
	}
	w->n--;
	heap_remove(&w->h, at);
}

static void test_random(void)
{
	struct world w;
	unsigned round, step;
	uint64_t seq = 0;
	int next_id = 0;

	CASE_BEGIN("heap_random_ops_match_a_scan_for_the_least_and_places_stay_right");
	memset(&w, 0, sizeof(w));
	heap_init(&w.h, w_less, w_moved, &w);
	CHECK(heap_reserve(&w.h, CAP) == 0, "reserve");
	for (round = 0; round < 300; round++) {
		for (step = 0; step < 300; step++) {
			unsigned op = rnd() % 5;
			size_t i;

			if ((op == 0 || !w.n) && w.n < CAP) {		/* push */
				w.e[w.n].key = rnd() % 16;	/* few keys: many ties */
				w.e[w.n].seq = seq++;
				w.e[w.n].id = next_id++;
				heap_push(&w.h, (uint32_t)w.n);
				w.n++;
			} else if (op == 1 && w.n) {		/* pop the least */
				i = scan_least(&w);
				w.bad += heap_top(&w.h) != i;
				w_remove(&w, heap_top(&w.h));
			} else if (op == 2 && w.n) {		/* a key changes */
				i = rnd() % w.n;
				w.e[i].key = rnd() % 16;
				heap_fix(&w.h, w.e[i].at);
			} else if (op == 3 && w.n) {		/* cancelled */
				w_remove(&w, rnd() % w.n);
			} else if (w.n) {			/* the least, as a deadline */
				w.bad += heap_top(&w.h) != scan_least(&w);
			}
			check_shape(&w);
		}
		while (w.n)
			w_remove(&w, heap_top(&w.h));
		check_shape(&w);
	}
	CHECK(w.bad == 0, "%u wrong answers", w.bad);
	heap_free(&w.h);
	CASE_END();
}

static void test_ties(void)
{
	struct world w;
	uint32_t order[8];
	size_t i;

	CASE_BEGIN("heap_equal_keys_come_out_in_sequence_order");
	memset(&w, 0, sizeof(w));
	heap_init(&w.h, w_less, w_moved, &w);
	CHECK(heap_reserve(&w.h, 8) == 0, "reserve");
	for (i = 0; i < 8; i++) {
		w.e[i].key = 5;
		w.e[i].seq = 7 - i;	/* pushed in the reverse of their sequence */
		w.e[i].id = (int)i;
		heap_push(&w.h, (uint32_t)i);
		w.n++;
	}
	for (i = 0; i < 8; i++) {
		order[i] = (uint32_t)w.e[heap_top(&w.h)].id;
		w_remove(&w, heap_top(&w.h));
	}
	for (i = 0; i < 8; i++)
		CHECK(order[i] == 7 - i, "place %zu: element %u", i, order[i]);
	heap_free(&w.h);
	CASE_END();

	CASE_BEGIN("heap_reserve_keeps_what_is_there");
	memset(&w, 0, sizeof(w));
	heap_init(&w.h, w_less, w_moved, &w);
	CHECK(heap_reserve(&w.h, 2) == 0, "reserve 2");
	w.e[0].key = 9;
	w.e[1].key = 3;
	heap_push(&w.h, 0);
	heap_push(&w.h, 1);
	w.n = 2;
	CHECK(heap_reserve(&w.h, 1) == 0 && w.h.cap == 2, "shrunk");
	CHECK(heap_reserve(&w.h, 40) == 0 && w.h.cap == 40, "not grown");
	CHECK(heap_top(&w.h) == 1 && w.h.n == 2, "contents lost");
	heap_free(&w.h);
	CASE_END();
}

int main(void)
{
	test_random();
	test_ties();
	return check_exit();
}
