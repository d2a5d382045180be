/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Minimal test harness for host unit tests: every case prints one line `PASS name` or
 * `FAIL name: why`; tests/run.sh counts them. main() returns check_exit(). */
#ifndef XDP6_CHECK_H
#define XDP6_CHECK_H

#include <stdio.h>

static int check_failed_total;
static int check_case_failed;
static const char *check_case_name;

#define CASE_BEGIN(name) do { check_case_name = (name); check_case_failed = 0; } while (0)
#define CASE_END() do {								\
		if (check_case_failed) check_failed_total++;			\
		else printf("PASS %s\n", check_case_name);			\
		fflush(stdout);							\
	} while (0)
/* CHECK(cond, fmt, ...): on failure print once per case and keep going. */
#define CHECK(cond, ...) do {							\
		if (!(cond)) {							\
			if (!check_case_failed)					\
				printf("FAIL %s: %s:%d: ", check_case_name, __FILE__, __LINE__); \
			else printf("    also %s:%d: ", __FILE__, __LINE__);	\
			printf(__VA_ARGS__);					\
			printf("\n");						\
			check_case_failed = 1;					\
		}								\
	} while (0)
#define check_exit() (check_failed_total ? 1 : 0)

#endif
