// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Per-bit key counts of the ownbits pre-filter (ownbits.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ownbits.h"

#define OWNBITS_BITS	(1u << XDP6_OWNBITS_ORDER)

int ownbits_init(struct ownbits *o)
{
	/* 4 MiB of counters, but calloc maps zero pages: only the pages of used bits are touched */
	o->count = calloc(OWNBITS_BITS, sizeof(*o->count));
	return o->count ? 0 : -ENOMEM;
}

void ownbits_free(struct ownbits *o)
{
	free(o->count);
	o->count = NULL;
}

uint32_t ownbits_bit(const struct in6_addr *a)
{
	uint64_t w[2];

	memcpy(w, a, sizeof(w));	/* the 16 raw bytes, as the BPF side loads them */
	return xdp6_ownbits_bit(w[0], w[1]);
}

uint32_t ownbits_ref(struct ownbits *o, const struct in6_addr *a)
{
	uint32_t b = ownbits_bit(a);

	return o->count[b]++ ? OWNBITS_NONE : b >> 6;
}

uint32_t ownbits_unref(struct ownbits *o, const struct in6_addr *a)
{
	uint32_t b = ownbits_bit(a);

	if (!o->count[b])
		return OWNBITS_NONE;
	return --o->count[b] ? OWNBITS_NONE : b >> 6;
}

uint64_t ownbits_word(const struct ownbits *o, uint32_t idx)
{
	uint64_t w = 0;
	unsigned i;

	for (i = 0; i < 64; i++)
		w |= (uint64_t)(o->count[idx * 64 + i] != 0) << i;
	return w;
}
