// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The hash index of user/proto/hash.h: open addressing, linear probing, backward-shift
 * deletion, over keys that start the elements of the caller's array. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"

#define HINDEX_MIN_SLOTS	8

/* MurmurHash3's 64-bit finalizer: every input bit reaches every output bit, so keys that
 * differ only in their last octets (a /64 filled in sequence) spread over the whole table. */
static uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ull;
	x ^= x >> 33;
	return x;
}

/* The key in 8-byte words (the last one zero-padded), each mixed into the running hash. */
static uint64_t key_hash(const void *key, size_t len)
{
	const uint8_t *k = key;
	uint64_t h = 0, w;
	size_t i, n;

	for (i = 0; i < len; i += n) {
		n = len - i < sizeof(w) ? len - i : sizeof(w);
		w = 0;
		memcpy(&w, k + i, n);
		h = mix64(h ^ w);
	}
	return h;
}

/* Slots for `entries` keys at most half full: a power of two >= 2 * entries. */
static size_t slots_for(size_t entries)
{
	size_t s = HINDEX_MIN_SLOTS;

	while (s < 2 * entries)
		s *= 2;
	return s;
}

int hindex_reset(struct hindex *ix, size_t key_len, size_t entries)
{
	size_t n = slots_for(entries);
	uint32_t *s = calloc(n, sizeof(*s));

	if (!s)
		return -ENOMEM;
	free(ix->slot);
	ix->slot = s;
	ix->nslots = n;
	ix->key_len = key_len;
	return 0;
}

void hindex_free(struct hindex *ix)
{
	free(ix->slot);
	ix->slot = NULL;
	ix->nslots = 0;
}

static const void *key_at(const void *base, size_t stride, size_t pos)
{
	return (const char *)base + pos * stride;
}

static size_t home_of(const struct hindex *ix, const void *key)
{
	return key_hash(key, ix->key_len) & (ix->nslots - 1);
}

size_t hindex_find(const struct hindex *ix, const void *base, size_t stride, const void *key)
{
	size_t mask = ix->nslots - 1, i;

	if (!ix->nslots)
		return HINDEX_NONE;
	for (i = home_of(ix, key); ix->slot[i]; i = (i + 1) & mask) {
		size_t pos = ix->slot[i] - 1;

		if (!memcmp(key_at(base, stride, pos), key, ix->key_len))
			return pos;
	}
	return HINDEX_NONE;
}

void hindex_insert(struct hindex *ix, const void *key, size_t pos)
{
	size_t mask = ix->nslots - 1, i;

	for (i = home_of(ix, key); ix->slot[i]; i = (i + 1) & mask)
		;
	ix->slot[i] = (uint32_t)(pos + 1);
}

/* The slot holding pos, found along key's probe run. */
static size_t slot_of(const struct hindex *ix, const void *key, size_t pos)
{
	size_t mask = ix->nslots - 1, i;

	for (i = home_of(ix, key); ix->slot[i] != pos + 1; i = (i + 1) & mask)
		;
	return i;
}

void hindex_remove(struct hindex *ix, const void *base, size_t stride, size_t pos)
{
	size_t mask = ix->nslots - 1, hole, j, home;

	hole = slot_of(ix, key_at(base, stride, pos), pos);
	/* A later entry of the run moves into the hole unless its home slot lies cyclically in
	 * (hole, j], where it must stay to be found. */
	for (j = (hole + 1) & mask; ix->slot[j]; j = (j + 1) & mask) {
		home = home_of(ix, key_at(base, stride, ix->slot[j] - 1));
		if (((j - home) & mask) >= ((j - hole) & mask)) {
			ix->slot[hole] = ix->slot[j];
			hole = j;
		}
	}
	ix->slot[hole] = 0;
}

void hindex_move(struct hindex *ix, const void *key, size_t from, size_t to)
{
	ix->slot[slot_of(ix, key, from)] = (uint32_t)(to + 1);
}
