/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The mutation check's own test module (tests/unit/mutate.sh). */
#ifndef XDP6_TOY_H
#define XDP6_TOY_H

#include <stdbool.h>

extern int toy_ticks;
int toy_clamp(int x, int lo, int hi);
void toy_tick(void);
bool toy_both(bool a, bool b);
int toy_countdown(int n);

#endif
