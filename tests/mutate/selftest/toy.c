// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The mutation check's own test module (tests/unit/mutate.sh): small enough that every mutant
 * and its fate are known. */
#include "toy.h"

int toy_ticks;

int toy_clamp(int x, int lo, int hi)
{
	if (x < lo)
		return lo;
	if (x > hi)
		return hi;
	return x;
}

void toy_tick(void)
{
	toy_ticks++;
}

bool toy_both(bool a, bool b)
{
	return a && !b;
}

int toy_countdown(int n)
{
	int k = 0;

	while (n > 0) {
		n--;
		k++;
	}
	return k;
}
