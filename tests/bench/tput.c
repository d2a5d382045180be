// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Throughput of one DUT on the veth rig: offered load swept (paced), or the generator's maximum
 * (full rate). The generator (gen.bpf.c) runs with BPF_PROG_RUN + BPF_F_TEST_XDP_LIVE_FRAMES in
 * the peer namespace and XDP_TXes Echo Requests (RFC 4443 §4.1) or NSes (RFC 4861 §7.1.1) into
 * the DUT veth; count.bpf.c on the peer veth checks and counts the replies (Echo Reply, RFC 4443
 * §4.2; NA, RFC 4861 §7.2.4), or with --sink the peer has no receiver and the DUT's XDP_TX
 * verdicts are the replies. The DUT is the product's xdp6_main, the Linux kernel behind an
 * XDP_PASS program, the swap-and-XDP_TX minimal program, the two floors (min_echo.bpf.c: floor,
 * the minimal program plus the calls; rfcfloor, the work the RFCs require of any responder), or
 * XDP_DROP (the generator's own rate).
 *
 * Where things run (2 vCPUs): the DUT veth's NAPI is threaded, pinned to --dut-cpu and
 * SCHED_FIFO, so everything the DUT does (its XDP program, XDP_TX, the kernel's stack when it
 * answers) runs there; the generator, the peer's NAPI thread (the counter, SCHED_FIFO above the
 * generator so replies are not lost for want of CPU) and this driver share --gen-cpu. With
 * --dut-cpu equal to --gen-cpu everything runs on one CPU. Measured per window: the DUT NAPI
 * thread's CPU time and sleeps (saturated or waiting for frames), and around each full-rate run
 * the cache-line round trip between the two CPUs (pingpong.c). */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bench.h"
#include "xdp6_wire.h"
#include "gen.skel.h"
#include "count.skel.h"
#include "min_echo.skel.h"

/* Frames per BPF_PROG_RUN at full rate: more than any window needs, the run is ended by a
 * signal. One long run, because each BPF_PROG_RUN in live-frame mode costs ~0.2 ms of setup (it
 * creates and destroys a page pool), which capped the old chunked generator near 3 M/s. */
#define GEN_REPEAT_MAX	0xffffffffu
#define GEN_CALLS_MAX	2000	/* BPF_PROG_RUN calls per second when paced */
#define GEN_BATCH	64	/* live-frame batch: the kernel flushes XDP_TX once per batch */
#define MAX_RATES	64
#define MAX_NAPI	4
/* SCHED_FIFO priorities on the generator's CPU: the driver (sleeps, must wake on time to take
 * its samples) above the peer's NAPI thread (the counter) above the generator. */
#define MAIN_RT_PRIO	60
#define PEER_RT_PRIO	50
#define DUT_RT_PRIO	50	/* the DUT's NAPI thread (default of --dut-prio) */
#define GEN_RT_PRIO	40	/* default of --gen-prio */
#define ICMP6_TYPES	256	/* count.bpf.c counts frames to the generator by ICMPv6 type */
#define SATURATED_FRAC	0.01	/* DUT-bound: its ring refused at least this share of the load */
#define SATURATED_BUSY	0.85	/* and its NAPI thread ran at least this share of the time */

/* DUT_ATTACHED: whatever is attached already (xdp6d's program); the bench attaches nothing */
enum dut_kind { DUT_XDP6, DUT_KERNEL, DUT_MIN, DUT_DROP, DUT_FLOOR, DUT_RFCFLOOR, DUT_ATTACHED,
		DUT__N };
static const char *dut_name[DUT__N] = { "xdp6", "kernel", "minimal", "drop", "floor",
					"rfcfloor", "attached" };

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

/* SIGUSR1 only interrupts the generator's BPF_PROG_RUN (-EINTR) */
static void on_wake(int sig)
{
}

/* veth statistics: on the DUT, rx_queue_0_xdp_packets (frames that reached the DUT's XDP program)
 * and rx_queue_0_xdp_tx_errors (XDP_TX frames the peer's ring had no room for: replies the DUT
 * made but the rig lost); on the peer, tx_queue_0_xdp_xmit / _errors (the generator's frames the
 * DUT's ring took / refused because it was full: load the DUT could not keep up with). */
static const char *const dut_stat_names[] = { "rx_queue_0_xdp_packets", "rx_queue_0_xdp_tx",
					      "rx_queue_0_xdp_tx_errors" };
static const char *const peer_stat_names[] = { "tx_queue_0_xdp_xmit",
					       "tx_queue_0_xdp_xmit_errors" };
enum { ST_DUT_RX, ST_DUT_TX, ST_DUT_TX_ERR, ST_DUT__N };
enum { ST_PEER_XMIT, ST_PEER_XMIT_ERR };

struct tput {
	const char *dut_ns, *dut_if, *peer_ns, *peer_if, *xdp6_obj, *label, *msg, *csv, *hold_if;
	const char *rig;		/* --rig: a name for the arrangement, copied to the CSV */
	int hold_ifindex;
	enum dut_kind dut;
	struct in6_addr dut_addr, gen_addr;
	uint8_t frame[BENCH_FRAME_MAX];
	int frame_len;
	uint8_t want_type;		/* ICMPv6 type of a correct reply */
	bool sink;			/* no receiver on the peer: see --sink */
	int dut_ifindex, peer_ifindex;
	int dut_cpu, gen_cpu, peer_cpu, gen_prio, dut_prio;
	double seconds, warmup, report_every, stats_seconds;
	uint64_t rates[MAX_RATES];
	int nrates;
	int round;			/* --round: copied to the CSV, to pair the DUTs of a round */
	uint32_t chunk;			/* --chunk: frames per BPF_PROG_RUN at full rate, 0: one run */
	int dut_napi[MAX_NAPI], ndut_napi;
	int dut_prog_fd;		/* the DUT's XDP program, for its run-time statistics */
	uint64_t tx0;			/* the DUT's XDP_TX count (veth's) when attached */
	struct ethstats dut_st, peer_st;
	struct bench_gen *gen;
	struct bench_count *count;
	struct bench_min_echo *ref;
	struct xdp6_prod prod;
	bool have_prod;
	/* the full-rate generator thread */
	pthread_t gen_th;
	volatile bool gen_quit;
	int gen_err;
};

static int gen_run(struct tput *t, uint32_t n)
{
	struct xdp_md ctx_in = { .data_end = t->frame_len, .ingress_ifindex = t->peer_ifindex };
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		.data_in = t->frame,
		.data_size_in = t->frame_len,
		.ctx_in = &ctx_in,
		.ctx_size_in = sizeof(ctx_in),
		.repeat = n,
		.batch_size = GEN_BATCH,
		.flags = BPF_F_TEST_XDP_LIVE_FRAMES,
	);

	return bpf_prog_test_run_opts(bpf_program__fd(t->gen->progs.bench_gen), &opts) ? -errno
										       : 0;
}

/* Full rate: one BPF_PROG_RUN after the other, each as long as a signal lets it be. */
static void *gen_thread(void *arg)
{
	struct tput *t = arg;
	int err;

	pin_self_cpu(t->gen_cpu);
	if (t->gen_prio > 0 && set_rt_prio(0, t->gen_prio))
		fprintf(stderr, "warning: generator not SCHED_FIFO: %s\n", strerror(errno));
	while (!t->gen_quit) {
		err = gen_run(t, t->chunk ? t->chunk : GEN_REPEAT_MAX);
		if (err && err != -EINTR) {
			t->gen_err = err;
			break;
		}
	}
	return NULL;
}

static int gen_start(struct tput *t)
{
	t->gen_quit = false;
	t->gen_err = 0;
	errno = pthread_create(&t->gen_th, NULL, gen_thread, t);
	return errno ? -errno : 0;
}

/* The signal may land just before the thread enters its next BPF_PROG_RUN, which would then
 * run for minutes: it is repeated until the thread is gone. */
static int gen_stop(struct tput *t)
{
	t->gen_quit = true;
	do {
		pthread_kill(t->gen_th, SIGUSR1);
		sleep_ns(1000000);
	} while (pthread_tryjoin_np(t->gen_th, NULL) == EBUSY);
	return t->gen_err;
}

struct sample {
	uint64_t ns, sent, rx_dut, tx_ok, tx_err, xmit, xmit_err, replies, other, napi_ns;
	uint64_t napi_sleeps, cpu_busy, cpu_total;
};

/* The clock and the counters that move fast are read together; the slow sum over all ICMPv6
 * types (256 map reads) comes after at the start of a window and before at its end. */
static void sample_take(struct tput *t, struct sample *s, bool start)
{
	int fd = bpf_map__fd(t->count->maps.counts);
	uint64_t v[ST_DUT__N];

	s->other = 0;
	if (!start && !t->sink) {
		for (uint32_t ty = 0; ty < ICMP6_TYPES; ty++)
			if (ty != t->want_type)
				s->other += percpu_u64_sum(fd, ty);
	}
	s->ns = now_ns();
	s->sent = t->gen->bss->runs;	/* frames the generator program really ran for */
	memset(v, 0, sizeof(v));
	ethstats_read(&t->dut_st, v);
	s->rx_dut = v[ST_DUT_RX];
	s->tx_ok = v[ST_DUT_TX];
	s->tx_err = v[ST_DUT_TX_ERR];
	memset(v, 0, sizeof(v));
	ethstats_read(&t->peer_st, v);
	s->xmit = v[ST_PEER_XMIT];
	s->xmit_err = v[ST_PEER_XMIT_ERR];
	s->replies = t->sink ? 0 : percpu_u64_sum(fd, t->want_type);
	s->napi_ns = s->napi_sleeps = 0;
	for (int i = 0; i < t->ndut_napi; i++) {
		s->napi_ns += thread_runtime_ns(t->dut_napi[i]);
		s->napi_sleeps += thread_sleeps(t->dut_napi[i]);
	}
	s->cpu_busy = s->cpu_total = 0;
	cpu_busy_frac(t->dut_cpu, &s->cpu_busy, &s->cpu_total);
	if (start && !t->sink) {
		for (uint32_t ty = 0; ty < ICMP6_TYPES; ty++)
			if (ty != t->want_type)
				s->other += percpu_u64_sum(fd, ty);
	}
}

struct result {
	double el, offered, delivered, refused, replies, other, lost, napi_busy, napi_sleeps;
	double cpu_busy;
	double prog_ns;			/* < 0: not measured */
	double rtt0, rtt1;		/* cache-line round trip before and after, < 0: none */
};

static void sample_diff(const struct tput *t, const struct sample *a, const struct sample *b,
			struct result *r)
{
	double el = (b->ns - a->ns) / 1e9;

	r->el = el;
	r->offered = (b->sent - a->sent) / el;
	r->delivered = (b->rx_dut - a->rx_dut) / el;
	r->refused = (b->xmit_err - a->xmit_err) / el;
	r->replies = (b->replies - a->replies) / el;
	r->other = (b->other - a->other) / el;
	r->lost = (b->tx_err - a->tx_err) / el;
	r->napi_busy = (b->napi_ns - a->napi_ns) / 1e9 / el;
	r->napi_sleeps = (b->napi_sleeps - a->napi_sleeps) / el;
	r->cpu_busy = b->cpu_total > a->cpu_total ?
		(double)(b->cpu_busy - a->cpu_busy) / (b->cpu_total - a->cpu_total) : 0;
	r->prog_ns = -1;
	r->rtt0 = r->rtt1 = -1;
	if (t->sink) {
		/* every XDP_TX verdict is a reply made; veth counts the ones it could not hand
		 * to a receiver as errors, and with --sink there is none */
		r->replies = (b->tx_ok + b->tx_err - a->tx_ok - a->tx_err) / el;
		r->lost = 0;
	}
}

/* Offers `rate` frames/s for `secs` seconds (rate > 0 only).
 * Pacing: bursts of half a millisecond's worth of frames on an absolute schedule, sleeping in
 * between; one BPF_PROG_RUN per burst. Bursts are kept small so that a DUT that can absorb the
 * average rate does not lose frames to burstiness (the veth ring holds 256), but not smaller:
 * each BPF_PROG_RUN in live-frame mode costs ~0.2 ms of setup (it creates and destroys a page
 * pool), and a pool whose frames are still in flight when the run returns keeps an id from a
 * kernel-wide pool of 65534 for about a second. At GEN_CALLS_MAX runs/s both stay bounded. */
static int offer_paced(struct tput *t, uint64_t rate, double secs)
{
	uint64_t t0 = now_ns(), end = t0 + (uint64_t)(secs * 1e9), next = t0, gap;
	uint64_t burst = rate / GEN_CALLS_MAX ? rate / GEN_CALLS_MAX : 1;
	int err;

	gap = burst * 1000000000ull / rate;
	while (!stop) {
		uint64_t now = now_ns();

		if (now >= end)
			break;
		if (now < next) {
			sleep_ns(next - now);
			continue;
		}
		err = gen_run(t, (uint32_t)burst);
		if (err && err != -EINTR) {
			fprintf(stderr, "BPF_PROG_RUN (live frames) failed: %s\n", strerror(-err));
			return err;
		}
		next += gap;
		/* never try to catch up more than one burst after a long sleep */
		if (next + gap < now)
			next = now;
	}
	return 0;
}

/* Sleeps until `secs` have passed or a signal asks to stop (the generator runs meanwhile). */
static void wait_secs(double secs)
{
	uint64_t end = now_ns() + (uint64_t)(secs * 1e9);

	while (!stop) {
		uint64_t now = now_ns();

		if (now >= end)
			break;
		sleep_ns(end - now > 50000000 ? 50000000 : end - now);
	}
}

static int prog_stats(int fd, uint64_t *run_ns, uint64_t *runs)
{
	struct bpf_prog_info info = {};
	uint32_t len = sizeof(info);

	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return -errno;
	*run_ns = info.run_time_ns;
	*runs = info.run_cnt;
	return 0;
}

/* One window at `rate` (0: full rate): warm-up, then the measured window; at full rate with
 * --stats-seconds also a second window with BPF run-time statistics on (kernel.bpf_stats_enabled,
 * through BPF_ENABLE_STATS) for the DUT program's own ns/frame under this load. Kept apart from
 * the rate window: the statistics add two clock reads to every program run, the generator's
 * included. */
static int measure(struct tput *t, uint64_t rate, struct result *r)
{
	struct sample a, b, p;
	double rtt0;
	int err = 0;

	if (rate) {
		if (t->warmup > 0 && (err = offer_paced(t, rate, t->warmup)))
			return err;
		sample_take(t, &a, true);
		if ((err = offer_paced(t, rate, t->seconds)))
			return err;
		sample_take(t, &b, false);
		sample_diff(t, &a, &b, r);
		return 0;
	}
	/* where the host runs the two vCPUs changes what a frame handed across costs: measured
	 * around each run, so runs can be compared only with runs under the same placement */
	rtt0 = t->dut_cpu != t->gen_cpu ? cacheline_rtt_ns(t->gen_cpu, t->dut_cpu, 0) : -1;
	if (t->gen_prio > 0 && set_rt_prio(0, MAIN_RT_PRIO))
		fprintf(stderr, "warning: driver not SCHED_FIFO: %s\n", strerror(errno));
	if ((err = gen_start(t)))
		goto out;
	wait_secs(t->warmup);
	sample_take(t, &a, true);
	if (t->report_every > 0) {
		/* flood mode: one line per interval until the time is up or a signal */
		double left = t->seconds;

		p = a;
		while (!stop && left > 0 && !t->gen_err) {
			double step = left < t->report_every ? left : t->report_every;
			struct result q;

			wait_secs(step);
			sample_take(t, &b, false);
			sample_diff(t, &p, &b, &q);
			printf("%s %s, last %.0f s: offered %.0f/s replies %.0f/s\n", t->label,
			       t->msg, q.el, q.offered, q.replies);
			fflush(stdout);
			p = b;
			left -= step;
		}
	} else {
		wait_secs(t->seconds);
	}
	sample_take(t, &b, false);
	sample_diff(t, &a, &b, r);
	if (t->stats_seconds > 0 && t->dut_prog_fd >= 0 && !stop) {
		uint64_t ns0 = 0, n0 = 0, ns1 = 0, n1 = 0;
		int sfd = bpf_enable_stats(BPF_STATS_RUN_TIME);

		if (sfd < 0) {
			fprintf(stderr, "warning: BPF_ENABLE_STATS: %s\n", strerror(errno));
		} else {
			if (!prog_stats(t->dut_prog_fd, &ns0, &n0)) {
				wait_secs(t->stats_seconds);
				if (!prog_stats(t->dut_prog_fd, &ns1, &n1) && n1 > n0)
					r->prog_ns = (double)(ns1 - ns0) / (n1 - n0);
			}
			close(sfd);
		}
	}
	err = gen_stop(t);
	if (err)
		fprintf(stderr, "BPF_PROG_RUN (live frames) failed: %s\n", strerror(-err));
out:
	if (t->gen_prio > 0)
		set_rt_prio(0, 0);
	r->rtt0 = rtt0;
	r->rtt1 = t->dut_cpu != t->gen_cpu ? cacheline_rtt_ns(t->gen_cpu, t->dut_cpu, 0) : -1;
	return err;
}

static int setup_dut(struct tput *t)
{
	uint8_t mac[6];
	int err, fd = -1;

	err = netns_enter(t->dut_ns);
	if (!err)
		err = if_lookup(t->dut_if, &t->dut_ifindex, mac);
	if (!err)
		err = ethstats_open(&t->dut_st, t->dut_if, dut_stat_names, ST_DUT__N);
	if (err) {
		fprintf(stderr, "DUT %s in %s: %s\n", t->dut_if, t->dut_ns, strerror(-err));
		return err;
	}
	switch (t->dut) {
	case DUT_XDP6:
		err = xdp6_prod_open(&t->prod, t->xdp6_obj, 0);
		if (err)
			return err;
		t->have_prod = true;
		err = xdp6_prod_config(&t->prod, t->dut_ifindex, mac);
		if (!err)
			err = xdp6_prod_add_addrs(&t->prod, &t->dut_addr, 1, 64,
						  XDP6_ADDR_PREFERRED);
		if (err) {
			fprintf(stderr, "Couldn't fill the xdp6 maps: %s\n", strerror(-err));
			return err;
		}
		fd = t->prod.prog_fd;
		break;
	case DUT_KERNEL:
		fd = bpf_program__fd(t->ref->progs.bench_pass);
		break;
	case DUT_MIN:
		fd = bpf_program__fd(t->ref->progs.bench_min_echo);
		break;
	case DUT_DROP:
		fd = bpf_program__fd(t->ref->progs.bench_drop);
		break;
	case DUT_FLOOR:
	case DUT_RFCFLOOR:
		err = floor_fill(t->ref, &t->dut_addr, t->frame, t->frame_len, mac,
				 t->dut == DUT_RFCFLOOR);
		if (err)
			return err;
		fd = bpf_program__fd(t->dut == DUT_FLOOR ? t->ref->progs.bench_floor
							  : t->ref->progs.bench_rfcfloor);
		break;
	case DUT_ATTACHED:
	case DUT__N:
		return 0;
	}
	err = xdp_attach_native(t->dut_ifindex, fd);
	if (err) {
		fprintf(stderr, "Couldn't attach XDP program on %s: %s\n", t->dut_if,
			strerror(-err));
		return err;
	}
	{
		uint64_t v[ST_DUT__N] = {};

		ethstats_read(&t->dut_st, v);
		t->tx0 = v[ST_DUT_TX] + v[ST_DUT_TX_ERR];
	}
	/* the kernel's run time is not its XDP program's */
	t->dut_prog_fd = t->dut == DUT_KERNEL ? -1 : fd;
	return 0;
}

static int setup_peer(struct tput *t)
{
	int err;

	err = netns_enter(t->peer_ns);
	if (!err)
		err = if_lookup(t->peer_if, &t->peer_ifindex, NULL);
	if (!err)
		err = ethstats_open(&t->peer_st, t->peer_if, peer_stat_names, 2);
	if (err) {
		fprintf(stderr, "peer %s in %s: %s\n", t->peer_if, t->peer_ns, strerror(-err));
		return err;
	}
	if (t->sink)
		goto hold;
	err = xdp_attach_native(t->peer_ifindex, bpf_program__fd(t->count->progs.bench_count));
	if (err) {
		fprintf(stderr, "Couldn't attach XDP program on %s: %s\n", t->peer_if,
			strerror(-err));
		return err;
	}
hold:
	if (t->hold_if)
		t->hold_ifindex = hold_in_dispatcher(t->hold_if,
						     bpf_program__fd(t->gen->progs.bench_gen));
	return 0;
}

static void teardown(struct tput *t)
{
	if (t->peer_ifindex && !netns_enter(t->peer_ns)) {
		xdp_detach(t->peer_ifindex);
		if (t->hold_ifindex > 0)
			xdp_detach(t->hold_ifindex);
	}
	if (t->dut_ifindex && t->dut != DUT_ATTACHED && !netns_enter(t->dut_ns))
		xdp_detach(t->dut_ifindex);
	if (t->have_prod)
		xdp6_prod_close(&t->prod);
	ethstats_close(&t->dut_st);
	ethstats_close(&t->peer_st);
	bench_gen__destroy(t->gen);
	bench_count__destroy(t->count);
	bench_min_echo__destroy(t->ref);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: xdp6bench tput --dut xdp6|kernel|minimal|drop|floor|rfcfloor|attached\n"
		"       --frame HEXFILE\n"
		"       --dut-ns NS --dut-if IF --peer-ns NS --peer-if IF --gen-addr ADDR\n"
		"       [--dut-addr ADDR] [--xdp6-obj FILE] [--rates PPS,...(0=max)] [--seconds S]\n"
		"       [--warmup S] [--report-every S] [--stats-seconds S] [--dut-cpu N]\n"
		"       [--gen-cpu N] [--gen-prio FIFO_PRIO(0=normal)] [--dut-prio FIFO_PRIO]\n"
		"       [--label NAME] [--msg NAME]\n"
		"       [--round N] [--rig NAME] [--csv FILE] [--hold SPARE_PEER_IF] [--sink]\n"
		"       [--peer-cpu N] [--chunk FRAMES_PER_RUN_AT_MAX]\n");
}

/* "paced", "shared-core" (generator and DUT on one CPU: a closed loop, what counts is the DUT's
 * CPU time per frame), or at full rate whether the DUT set the rate: its ring refused part of the
 * load and its NAPI thread ran without waiting for frames (close to the SCHED_FIFO share). */
static const char *verdict(const struct tput *t, uint64_t rate, const struct result *r)
{
	if (rate)
		return "paced";
	if (t->dut_cpu == t->gen_cpu)
		return "shared-core";
	if (r->offered > 0 && r->refused >= SATURATED_FRAC * r->offered &&
	    r->napi_busy >= SATURATED_BUSY)
		return "dut-bound";
	return "NOT-dut-bound";
}

static void report(struct tput *t, uint64_t rate, const struct result *r, FILE *csv)
{
	double ns_frame = r->delivered > 0 ? r->napi_busy * 1e9 / r->delivered : 0;
	const char *v = verdict(t, rate, r);
	char ns[32] = "", ns_csv[32] = "", rtt[48] = "";

	if (r->rtt0 >= 0 && r->rtt1 >= 0)
		snprintf(rtt, sizeof(rtt), " cpu%d<->cpu%d %.0f/%.0f ns", t->gen_cpu, t->dut_cpu,
			 r->rtt0, r->rtt1);
	if (r->prog_ns >= 0) {
		snprintf(ns, sizeof(ns), " prog %.1f ns", r->prog_ns);
		snprintf(ns_csv, sizeof(ns_csv), "%.1f", r->prog_ns);
	}
	printf("%-8s %-4s target %8.0f offered %8.0f delivered %8.0f refused %8.0f replies %8.0f/s"
	       " other %.0f/s lost %.0f/s | dut napi %3.0f%% %4.0f ns/frame %5.0f sleeps/s cpu%d"
	       " %3.0f%%%s%s | %s\n",
	       t->label, t->msg, (double)rate, r->offered, r->delivered, r->refused, r->replies,
	       r->other, r->lost, r->napi_busy * 100, ns_frame, r->napi_sleeps, t->dut_cpu,
	       r->cpu_busy * 100, ns, rtt, v);
	fflush(stdout);
	if (csv)
		fprintf(csv, "%s,%s,%s,%d,%llu,%.0f,%.0f,%.0f,%.0f,%.0f,%.0f,%.3f,%.1f,%.0f,%.3f,%s,"
			"%.0f,%.0f,%s\n",
			t->rig, t->label, t->msg, t->round, (unsigned long long)rate, r->offered,
			r->delivered, r->refused, r->replies, r->other, r->lost, r->napi_busy,
			ns_frame, r->napi_sleeps, r->cpu_busy, ns_csv, r->rtt0, r->rtt1, v);
}

/* After the last window, with the generator stopped: every XDP_TX the product made since it was
 * attached must be a reply counted under the expected reason (the peer's own traffic, MLD
 * reports and the like, lands under other reasons); every XDP_TX of rfcfloor one it counted.
 * An independent check of the replies' bytes is the counter's, in the runs without --sink. */
static bool path_check(struct tput *t)
{
	enum xdp6_reason want = t->frame[ETH6_HLEN + IP6_HLEN] == ICMP6_TYPE_ECHO_REQUEST ?
				       R_ECHO_REPLIED : R_NA_SENT;
	uint64_t v[ST_DUT__N] = {}, tx, n;

	sleep_ns(100000000);	/* frames still in the DUT's ring */
	ethstats_read(&t->dut_st, v);
	tx = v[ST_DUT_TX] + v[ST_DUT_TX_ERR] - t->tx0;
	if (t->dut == DUT_RFCFLOOR) {
		/* its replies in one global; its neighbor lookups must all have hit (pre-filled) */
		uint64_t w = t->ref->bss->rfcfloor_neigh_writes;

		n = t->ref->bss->rfcfloor_hits;
		printf("%-8s %-4s path check %s: %llu XDP_TX since attach, %llu counted "
		       "rfcfloor_hits, %llu neighbor records written\n", t->label, t->msg,
		       n == tx && !w ? "ok" : "FAILED", (unsigned long long)tx,
		       (unsigned long long)n, (unsigned long long)w);
		return n == tx && !w;
	}
	n = xdp6_prod_stat(&t->prod, want);
	printf("%-8s %-4s path check %s: %llu XDP_TX since attach, %llu counted %s\n", t->label,
	       t->msg, n == tx ? "ok" : "FAILED", (unsigned long long)tx, (unsigned long long)n,
	       xdp6_reason_name(want));
	return n == tx;
}

int cmd_tput(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dut", 1, 0, 'd' }, { "frame", 1, 0, 'f' }, { "dut-ns", 1, 0, 'N' },
		{ "dut-if", 1, 0, 'I' }, { "peer-ns", 1, 0, 'n' }, { "peer-if", 1, 0, 'i' },
		{ "gen-addr", 1, 0, 'g' }, { "dut-addr", 1, 0, 'a' }, { "xdp6-obj", 1, 0, 'o' },
		{ "rates", 1, 0, 'r' }, { "seconds", 1, 0, 's' }, { "warmup", 1, 0, 'w' },
		{ "report-every", 1, 0, 'e' }, { "dut-cpu", 1, 0, 'C' }, { "gen-cpu", 1, 0, 'c' },
		{ "label", 1, 0, 'l' }, { "msg", 1, 0, 'm' }, { "csv", 1, 0, 'v' },
		{ "hold", 1, 0, 'H' }, { "gen-prio", 1, 0, 'P' }, { "stats-seconds", 1, 0, 'S' },
		{ "round", 1, 0, 'R' }, { "sink", 0, 0, 'K' }, { "peer-cpu", 1, 0, 'p' },
		{ "rig", 1, 0, 'G' }, { "dut-prio", 1, 0, 'Q' }, { "chunk", 1, 0, 'k' }, { 0 } };
	struct tput t = {
		.dut_ns = "x6b-dut", .dut_if = "x6b-d0", .peer_ns = "x6b-peer", .peer_if = "x6b-p0",
		.xdp6_obj = "build/xdp6.bpf.o", .dut = DUT_ATTACHED, .gen_prio = GEN_RT_PRIO,
		.dut_prio = DUT_RT_PRIO,
		.dut_cpu = 1, .gen_cpu = 0, .peer_cpu = -1, .dut_prog_fd = -1,
		.seconds = 2, .warmup = 0.3, .msg = "?", .rig = "-",
		.dut_st = { .fd = -1 }, .peer_st = { .fd = -1 },
	};
	const char *frame_path = NULL, *dut = NULL;
	struct sigaction sa = { .sa_handler = on_wake };
	FILE *csv = NULL;
	int c, err, n, rc = 1;

	t.nrates = 1;	/* max */
	inet_pton(AF_INET6, "2001:db8::1", &t.dut_addr);
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': dut = optarg; break;
		case 'f': frame_path = optarg; break;
		case 'N': t.dut_ns = optarg; break;
		case 'I': t.dut_if = optarg; break;
		case 'n': t.peer_ns = optarg; break;
		case 'i': t.peer_if = optarg; break;
		case 'g':
		case 'a':
			if (inet_pton(AF_INET6, optarg, c == 'g' ? &t.gen_addr : &t.dut_addr) != 1) {
				fprintf(stderr, "Bad address %s\n", optarg);
				return 2;
			}
			break;
		case 'o': t.xdp6_obj = optarg; break;
		case 'r':
			t.nrates = parse_u64_list(optarg, t.rates, MAX_RATES);
			if (t.nrates <= 0) {
				fprintf(stderr, "Bad rate list %s\n", optarg);
				return 2;
			}
			break;
		case 's': t.seconds = atof(optarg); break;
		case 'w': t.warmup = atof(optarg); break;
		case 'e': t.report_every = atof(optarg); break;
		case 'S': t.stats_seconds = atof(optarg); break;
		case 'C': t.dut_cpu = atoi(optarg); break;
		case 'c': t.gen_cpu = atoi(optarg); break;
		case 'p': t.peer_cpu = atoi(optarg); break;
		case 'P': t.gen_prio = atoi(optarg); break;
		case 'R': t.round = atoi(optarg); break;
		case 'K': t.sink = true; break;
		case 'G': t.rig = optarg; break;
		case 'k': t.chunk = strtoul(optarg, NULL, 0); break;
		case 'Q': t.dut_prio = atoi(optarg); break;
		case 'l': t.label = optarg; break;
		case 'm': t.msg = optarg; break;
		case 'v': t.csv = optarg; break;
		case 'H': t.hold_if = optarg; break;
		default: usage(); return 2;
		}
	}
	for (int i = 0; dut && i < DUT__N; i++)
		if (!strcmp(dut, dut_name[i]))
			t.dut = i, dut = NULL;
	if (dut || !frame_path || t.gen_prio < 0 || t.gen_prio >= PEER_RT_PRIO || t.dut_prio < 0 ||
	    t.dut_prio > PEER_RT_PRIO) {
		usage();
		return 2;
	}
	if (!t.label)
		t.label = dut_name[t.dut];
	t.frame_len = frame_load_hex(frame_path, t.frame, sizeof(t.frame));
	if (t.frame_len < ETH6_HLEN + IP6_HLEN + ICMP6_HLEN) {
		fprintf(stderr, "Bad frame file %s\n", frame_path);
		return 2;
	}
	/* the reply the DUT should send: the minimal program only swaps, the others answer */
	t.want_type = t.frame[ETH6_HLEN + IP6_HLEN];
	if (t.dut != DUT_MIN && t.dut != DUT_FLOOR)
		t.want_type = t.want_type == ICMP6_TYPE_ECHO_REQUEST ? ICMP6_TYPE_ECHO_REPLY
								      : ICMP6_TYPE_NEIGHBOR_ADVERT;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	sigaction(SIGUSR1, &sa, NULL);	/* no SA_RESTART: the run must end */
	libbpf_set_print(NULL);

	t.gen = bench_gen__open();
	t.count = bench_count__open();
	t.ref = bench_min_echo__open_and_load();
	if (!t.gen || !t.count || !t.ref) {
		fprintf(stderr, "Couldn't open the bench BPF programs\n");
		goto out;
	}
	memcpy((void *)t.count->rodata->gen_addr, &t.gen_addr, 16);
	if (bench_gen__load(t.gen) || bench_count__load(t.count)) {
		fprintf(stderr, "Couldn't load the bench BPF programs\n");
		goto out;
	}
	memcpy(t.gen->bss->tmpl, t.frame, t.frame_len);
	t.gen->bss->tmpl_len = t.frame_len;

	if (setup_dut(&t) || setup_peer(&t))
		goto out;
	n = napi_pin(t.dut_ns, t.dut_if, t.dut_cpu, t.dut_prio, t.dut_napi, MAX_NAPI);
	if (n <= 0)
		fprintf(stderr, "warning: DUT NAPI thread not pinned to CPU %d\n", t.dut_cpu);
	t.ndut_napi = n > MAX_NAPI ? MAX_NAPI : n > 0 ? n : 0;
	if (t.peer_cpu < 0)
		t.peer_cpu = t.gen_cpu;
	if (!t.sink && napi_pin(t.peer_ns, t.peer_if, t.peer_cpu, PEER_RT_PRIO, NULL, 0) <= 0)
		fprintf(stderr, "warning: peer NAPI thread not pinned to CPU %d\n", t.peer_cpu);
	pin_self_cpu(t.gen_cpu);

	if (t.csv) {
		csv = fopen(t.csv, "a+");
		if (!csv) {
			fprintf(stderr, "Couldn't open %s: %s\n", t.csv, strerror(errno));
			goto out;
		}
		fseek(csv, 0, SEEK_END);
		if (ftell(csv) == 0)
			fprintf(csv, "rig,dut,msg,round,target_pps,offered_pps,delivered_pps,"
				     "refused_pps,replies_pps,other_pps,reply_lost_pps,"
				     "dut_napi_busy,dut_ns_per_frame,dut_sleeps_per_s,dut_cpu_busy,"
				     "prog_ns,rtt_before_ns,rtt_after_ns,verdict\n");
	}

	for (int i = 0; i < t.nrates && !stop; i++) {
		struct result r;

		if ((err = measure(&t, t.rates[i], &r)))
			goto out;
		report(&t, t.rates[i], &r, csv);
	}
	rc = (t.dut == DUT_XDP6 || t.dut == DUT_RFCFLOOR) && !stop && !path_check(&t);
out:
	if (csv)
		fclose(csv);
	teardown(&t);
	return rc;
}
