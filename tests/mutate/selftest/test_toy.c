// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Tests of toy.c that leave exactly one mutant alive: nothing checks toy_tick(). Deleting
 * n-- in toy_countdown() loops forever: killed by the timeout. */
#include "check.h"
#include "toy.h"

int main(void)
{
	CASE_BEGIN("clamp_below_inside_above");
	CHECK(toy_clamp(-5, 0, 10) == 0, "below");
	CHECK(toy_clamp(5, 0, 10) == 5, "inside");
	CHECK(toy_clamp(15, 0, 10) == 10, "above");
	CASE_END();
	CASE_BEGIN("both_truth_table");
	CHECK(!toy_both(false, false) && !toy_both(false, true), "a false");
	CHECK(toy_both(true, false) && !toy_both(true, true), "a true");
	CASE_END();
	CASE_BEGIN("countdown_counts");
	CHECK(toy_countdown(3) == 3 && toy_countdown(0) == 0, "count");
	CASE_END();
	toy_tick();
	return check_exit();
}
