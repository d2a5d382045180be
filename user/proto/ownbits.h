/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The daemon's side of the ownbits pre-filter (include/xdp6_maps.h): how many keys of addrs
 * hash to each bit, so that a bit is cleared only when its last key has left addrs. Plain
 * bookkeeping, no I/O: io/maps.c writes the words it names to the map. */
#ifndef XDP6_OWNBITS_H
#define XDP6_OWNBITS_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>

#include "xdp6_maps.h"

struct ownbits {
	uint32_t *count;	/* 2^XDP6_OWNBITS_ORDER counters; NULL until ownbits_init */
};

#define OWNBITS_NONE	UINT32_MAX	/* no word changed */

int ownbits_init(struct ownbits *o);	/* all counts 0; -ENOMEM */
void ownbits_free(struct ownbits *o);
uint32_t ownbits_bit(const struct in6_addr *a);
/* A key enters addrs: its bit's count goes up. The index of the word whose value changed (the
 * bit went from clear to set: write it BEFORE the key enters addrs), else OWNBITS_NONE. */
uint32_t ownbits_ref(struct ownbits *o, const struct in6_addr *a);
/* A key left addrs: its bit's count goes down. The word that changed (the bit went clear: write
 * it AFTER the key left addrs), else OWNBITS_NONE. A count at 0 stays 0. */
uint32_t ownbits_unref(struct ownbits *o, const struct in6_addr *a);
/* Word idx of the bitmap as the counts say: bit i set when count i > 0. */
uint64_t ownbits_word(const struct ownbits *o, uint32_t idx);

#endif /* XDP6_OWNBITS_H */
