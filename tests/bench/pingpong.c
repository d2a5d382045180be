// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* xdp6bench pingpong: the round trip of one cache line between two CPUs, the price of every
 * frame, ring slot and page that the generator's CPU and the DUT's CPU hand each other on the
 * veth rig. On a VM it depends on where the host runs the two vCPUs at the moment (same core,
 * same CCX, other CCX or socket), and it moves the saturated rates with it; run.sh records it
 * with each round so a slow round can be told from a slow DUT. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define PP_ROUNDS	22000	/* ~10 ms at the round trips seen here: short enough to be
				 * SCHED_FIFO on both CPUs without starving anyone */
#define PP_BATCHES	11	/* the median batch: the host stalling a vCPU now and then
				 * (milliseconds) must not count as a slow line */
#define PP_RT_PRIO	50

static volatile uint64_t line __attribute__((aligned(64)));

static void *pong(void *arg)
{
	uint64_t rounds = *(uint64_t *)arg;

	set_rt_prio(0, PP_RT_PRIO);
	for (uint64_t i = 1; i <= rounds; i++) {
		while (line != 2 * i - 1)
			;
		line = 2 * i;
	}
	return NULL;
}

/* Round trip in ns of a cache line between CPUs a and b (a != b): the median over PP_BATCHES
 * batches of rounds / PP_BATCHES round trips. The caller stays on a. -errno if the partner thread
 * cannot be started. */
double cacheline_rtt_ns(int a, int b, uint64_t rounds)
{
	pthread_attr_t attr;
	cpu_set_t set;
	uint64_t t0, per, batch[PP_BATCHES];
	pthread_t th;
	int err;

	if (a == b)	/* two spinners at one SCHED_FIFO priority on one CPU: a hang */
		return -EINVAL;
	if (!rounds)
		rounds = PP_ROUNDS;
	if (rounds < PP_BATCHES)
		rounds = PP_BATCHES;
	/* the partner is placed before it runs, for the same reason */
	CPU_ZERO(&set);
	CPU_SET(b, &set);
	pthread_attr_init(&attr);
	pthread_attr_setaffinity_np(&attr, sizeof(set), &set);
	line = 0;
	err = pthread_create(&th, &attr, pong, &rounds);
	pthread_attr_destroy(&attr);
	if (err)
		return -err;
	pin_self_cpu(a);
	set_rt_prio(0, PP_RT_PRIO);
	per = rounds / PP_BATCHES ? rounds / PP_BATCHES : 1;
	t0 = now_ns();
	for (uint64_t i = 1; i <= rounds; i++) {
		line = 2 * i - 1;
		while (line != 2 * i)
			;
		if (i % per == 0 && i / per <= PP_BATCHES) {
			uint64_t t1 = now_ns();

			batch[i / per - 1] = t1 - t0;
			t0 = t1;
		}
	}
	set_rt_prio(0, 0);
	pthread_join(th, NULL);
	return (double)median_u64(batch, PP_BATCHES) / per;
}

int cmd_pingpong(int argc, char **argv)
{
	uint64_t rounds = PP_ROUNDS;
	int a = 0, b = 1, c;
	double rtt;

	while ((c = getopt(argc, argv, "a:b:n:")) != -1) {
		switch (c) {
		case 'a': a = atoi(optarg); break;
		case 'b': b = atoi(optarg); break;
		case 'n': rounds = strtoull(optarg, NULL, 0); break;
		default: goto usage;
		}
	}
	if (a == b)
		goto usage;
	rtt = cacheline_rtt_ns(a, b, rounds);
	if (rtt < 0) {
		fprintf(stderr, "Couldn't start the partner thread: %s\n", strerror((int)-rtt));
		return 1;
	}
	printf("%.0f\n", rtt);
	return 0;
usage:
	fprintf(stderr, "usage: xdp6bench pingpong [-a CPU] [-b OTHER_CPU] [-n ROUNDS]\n");
	return 2;
}
