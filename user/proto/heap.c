// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The binary min-heap of user/proto/heap.h. */
#include <errno.h>
#include <stdlib.h>

#include "heap.h"

void heap_init(struct heap *h, bool (*less)(const void *ctx, uint32_t a, uint32_t b),
	       void (*moved)(void *ctx, uint32_t id, size_t at), void *ctx)
{
	h->id = NULL;
	h->n = h->cap = 0;
	h->less = less;
	h->moved = moved;
	h->ctx = ctx;
}

int heap_reserve(struct heap *h, size_t cap)
{
	uint32_t *p;

	if (cap <= h->cap)
		return 0;
	p = realloc(h->id, cap * sizeof(*p));
	if (!p)
		return -ENOMEM;
	h->id = p;
	h->cap = cap;
	return 0;
}

void heap_free(struct heap *h)
{
	free(h->id);
	h->id = NULL;
	h->n = h->cap = 0;
}

static void put(struct heap *h, size_t at, uint32_t id)
{
	h->id[at] = id;
	h->moved(h->ctx, id, at);
}

static bool less_at(const struct heap *h, size_t a, size_t b)
{
	return h->less(h->ctx, h->id[a], h->id[b]);
}

static void swap(struct heap *h, size_t a, size_t b)
{
	uint32_t x = h->id[a];

	put(h, a, h->id[b]);
	put(h, b, x);
}

void heap_fix(struct heap *h, size_t k)
{
	size_t c;

	while (k > 0 && less_at(h, k, (k - 1) / 2)) {
		swap(h, k, (k - 1) / 2);
		k = (k - 1) / 2;
	}
	while ((c = 2 * k + 1) < h->n) {
		if (c + 1 < h->n && less_at(h, c + 1, c))
			c++;
		if (!less_at(h, c, k))
			break;
		swap(h, k, c);
		k = c;
	}
}

void heap_push(struct heap *h, uint32_t id)
{
	put(h, h->n++, id);
	heap_fix(h, h->n - 1);
}

void heap_remove(struct heap *h, size_t at)
{
	/* the last element takes the place and goes up or down from there */
	if (at != --h->n) {
		put(h, at, h->id[h->n]);
		heap_fix(h, at);
	}
}

void heap_rename(struct heap *h, size_t at, uint32_t id)
{
	h->id[at] = id;
}
