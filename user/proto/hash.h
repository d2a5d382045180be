/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The one hash table of the daemon: an index from fixed-size keys (IPv6 addresses, MACs) to
 * positions in the caller's array, used by the address table, DAD, MLD and the host's
 * multicast MAC set. Plain data structure, no protocol. */
#ifndef XDP6_HASH_H
#define XDP6_HASH_H

#include <stddef.h>
#include <stdint.h>

/*
 * Open addressing with linear probing over the caller's array, whose elements each start with
 * their key (key_len bytes): a slot holds position + 1 (0 = empty), and deletion shifts the
 * probe run back (Knuth 6.4 Algorithm R) instead of leaving tombstones, so lookups stay short
 * however much churn there was. The caller sizes it for its array's capacity with
 * hindex_reset() (at most half the slots used) and inserts its entries again then; find,
 * insert, remove and move are O(1) on average.
 *
 * The hash is not keyed: every user holds keys that the operator, SLAAC or the daemon itself
 * chose (addresses, their groups and MACs); frames from the link can only look up.
 */
struct hindex {
	uint32_t *slot;
	size_t nslots;		/* a power of two, or 0 before the first reset */
	size_t key_len;		/* bytes at the start of each element */
};

#define HINDEX_NONE	SIZE_MAX

/* Empty, for keys of key_len bytes, with room for `entries` keys. Returns 0 or -ENOMEM (the
 * index is left as it was). */
int hindex_reset(struct hindex *ix, size_t key_len, size_t entries);
void hindex_free(struct hindex *ix);
/* Position of key in base[] (elements of `stride` bytes), or HINDEX_NONE. */
size_t hindex_find(const struct hindex *ix, const void *base, size_t stride, const void *key);
/* key, not present yet, is at pos. There must be room (see hindex_reset). */
void hindex_insert(struct hindex *ix, const void *key, size_t pos);
/* The element at pos (still holding its key) leaves the index. */
void hindex_remove(struct hindex *ix, const void *base, size_t stride, size_t pos);
/* The element with this key moved from position `from` to `to`. */
void hindex_move(struct hindex *ix, const void *key, size_t from, size_t to);

#endif /* XDP6_HASH_H */
