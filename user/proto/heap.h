/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The one timer heap of the daemon: a binary min-heap of element ids under the caller's order,
 * each element told its place, used by DAD (probe times) and MLD (report timers). Plain data
 * structure, no protocol. */
#ifndef XDP6_HEAP_H
#define XDP6_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The caller keeps its elements in an array and their ids (positions) here; `less` orders two
 * ids, and `moved` tells an element its new place in the heap whenever it changes, so that the
 * caller can fix or remove that element in O(log n) (its key changed, it was cancelled). An id
 * whose element moved in the caller's array is renamed in place (heap_rename), at no cost.
 * Sift-up on a strict less, sift-down while a child is strictly less: elements with equal keys
 * keep an order that only the sequence of operations decides, so callers that need a stable
 * tie order put a sequence number in their key (dad.c).
 */
struct heap {
	uint32_t *id;		/* id[0] is the least */
	size_t n, cap;
	bool (*less)(const void *ctx, uint32_t a, uint32_t b);
	void (*moved)(void *ctx, uint32_t id, size_t at);
	void *ctx;
};

void heap_init(struct heap *h, bool (*less)(const void *ctx, uint32_t a, uint32_t b),
	       void (*moved)(void *ctx, uint32_t id, size_t at), void *ctx);
/* Room for cap ids. 0 or -ENOMEM (the heap is as it was). */
int heap_reserve(struct heap *h, size_t cap);
void heap_free(struct heap *h);
/* Adds id (n < cap). */
void heap_push(struct heap *h, uint32_t id);
/* The key of the element at place `at` changed. */
void heap_fix(struct heap *h, size_t at);
/* The element at place `at` leaves the heap (its place is then the caller's to forget). */
void heap_remove(struct heap *h, size_t at);
/* The element at place `at` now has this id (it moved in the caller's array). */
void heap_rename(struct heap *h, size_t at, uint32_t id);
/* The least element's id; the heap must not be empty. */
static inline uint32_t heap_top(const struct heap *h)
{
	return h->id[0];
}

#endif /* XDP6_HEAP_H */
