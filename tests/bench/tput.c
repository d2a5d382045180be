// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Throughput: offered load swept against one DUT on the veth rig. The generator (gen.bpf.c) runs
 * with BPF_PROG_RUN + BPF_F_TEST_XDP_LIVE_FRAMES in the peer namespace and XDP_TXes Echo Requests
 * (RFC 4443 §4.1) or NSes (RFC 4861 §7.1.1) into the DUT veth; count.bpf.c on the peer veth
 * counts the replies (Echo Reply, RFC 4443 §4.2; NA, RFC 4861 §7.2.4). The DUT is the product's
 * xdp6_main, the Linux kernel behind an XDP_PASS program, or the swap-and-XDP_TX ceiling. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bench.h"
#include "xdp6_wire.h"
#include "gen.skel.h"
#include "count.skel.h"
#include "min_echo.skel.h"

#define GEN_CHUNK	8192	/* frames per BPF_PROG_RUN at full rate (default of --chunk) */
#define GEN_CALLS_MAX	2000	/* BPF_PROG_RUN calls per second when paced */
#define GEN_BATCH	64	/* live-frame batch: the kernel flushes XDP_TX once per batch */
#define MAX_RATES	64
#define PEER_RT_PRIO	50	/* SCHED_FIFO priority of the peer's (counter's) NAPI thread */
#define ICMP6_TYPES	256	/* count.bpf.c counts frames to the generator by ICMPv6 type */

/* DUT_ATTACHED: whatever is attached already (xdp6d's program); the bench attaches nothing */
enum dut_kind { DUT_XDP6, DUT_KERNEL, DUT_CEILING, DUT_ATTACHED };

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

struct tput {
	const char *dut_ns, *dut_if, *peer_ns, *peer_if, *xdp6_obj, *label, *msg, *csv, *hold_if;
	int hold_ifindex;
	enum dut_kind dut;
	struct in6_addr dut_addr, gen_addr;
	uint8_t frame[BENCH_FRAME_MAX];
	int frame_len;
	uint8_t want_type;		/* ICMPv6 type of a correct reply */
	int dut_ifindex, peer_ifindex;
	int dut_cpu, gen_cpu;
	double seconds, warmup, report_every;
	uint32_t chunk;
	uint64_t rates[MAX_RATES];
	int nrates;
	struct bench_gen *gen;
	struct bench_count *count;
	struct bench_min_echo *ref;
	struct xdp6_prod prod;
	bool have_prod;
};

/* The DUT veth's ethtool counters: rx_queue_N_xdp_packets (frames that reached the DUT's XDP
 * program) and rx_queue_N_xdp_tx_errors (XDP_TX frames the peer's ring had no room for: a reply
 * the DUT made but the rig lost). */
static void dut_ethtool(const struct tput *t, uint64_t *rx, uint64_t *tx_err)
{
	char cmd[256], line[256];
	unsigned long long v;
	FILE *f;

	*rx = *tx_err = 0;
	snprintf(cmd, sizeof(cmd), "ip netns exec %s ethtool -S %s 2>/dev/null", t->dut_ns,
		 t->dut_if);
	f = popen(cmd, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *p;

		if (!strstr(line, "rx_queue_"))
			continue;
		if ((p = strstr(line, "_xdp_packets:")) && sscanf(p, "_xdp_packets: %llu", &v) == 1)
			*rx += v;
		if ((p = strstr(line, "_xdp_tx_errors:")) &&
		    sscanf(p, "_xdp_tx_errors: %llu", &v) == 1)
			*tx_err += v;
	}
	pclose(f);
}

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

	while (bpf_prog_test_run_opts(bpf_program__fd(t->gen->progs.bench_gen), &opts))
		if (errno != EINTR || stop)
			return errno == EINTR ? 0 : -errno;
	return 0;
}

struct sample {
	uint64_t ns, sent, rx_dut, tx_err, replies, other;
};

/* At the start of a window the slow reads (ethtool) come first and the clock last, at the end
 * the other way round, so the window holds only generator time. */
static void sample_take(struct tput *t, struct sample *s, bool start)
{
	int fd = bpf_map__fd(t->count->maps.counts);

	if (start)
		dut_ethtool(t, &s->rx_dut, &s->tx_err);
	else
		s->ns = now_ns();
	s->sent = t->gen->bss->runs;	/* frames the generator program really ran for */
	s->replies = percpu_u64_sum(fd, t->want_type);
	s->other = 0;
	for (uint32_t ty = 0; ty < ICMP6_TYPES; ty++)
		if (ty != t->want_type)
			s->other += percpu_u64_sum(fd, ty);
	if (start)
		s->ns = now_ns();
	else
		dut_ethtool(t, &s->rx_dut, &s->tx_err);
}

/* Offers `rate` frames/s (0: as fast as the generator goes) for `secs` seconds.
 * Pacing: bursts of half a millisecond's worth of frames on an absolute schedule, sleeping in
 * between; one BPF_PROG_RUN per burst. Bursts are kept small so that a DUT that can absorb the
 * average rate does not lose frames to burstiness (the veth ring holds 256), but not smaller:
 * each BPF_PROG_RUN in live-frame mode costs ~0.2 ms of setup (it creates and destroys a page
 * pool), and a pool whose frames are still in flight when the run returns keeps an id from a
 * kernel-wide pool of 65534 for about a second. At GEN_CALLS_MAX runs/s both stay bounded.
 * At full rate each run sends t->chunk frames back to back. */
static int offer(struct tput *t, uint64_t rate, double secs)
{
	uint64_t t0 = now_ns(), end = t0 + (uint64_t)(secs * 1e9), next = t0, gap;
	uint64_t burst = rate / GEN_CALLS_MAX ? rate / GEN_CALLS_MAX : 1;
	int err;

	gap = rate ? burst * 1000000000ull / rate : 0;
	while (!stop) {
		uint64_t now = now_ns();

		if (now >= end)
			break;
		if (rate && now < next) {
			sleep_ns(next - now);
			continue;
		}
		err = gen_run(t, rate ? (uint32_t)burst : t->chunk);
		if (err) {
			fprintf(stderr, "BPF_PROG_RUN (live frames) failed: %s\n", strerror(-err));
			return err;
		}
		next += gap;
		/* never try to catch up more than one burst after a long sleep */
		if (rate && next + gap < now)
			next = now;
	}
	return 0;
}

static const char *dut_name[] = { "xdp6", "kernel", "ceiling", "attached" };

static int setup_dut(struct tput *t)
{
	uint8_t mac[6];
	int err, fd = -1;

	err = netns_enter(t->dut_ns);
	if (!err)
		err = if_lookup(t->dut_if, &t->dut_ifindex, mac);
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
	case DUT_CEILING:
		fd = bpf_program__fd(t->ref->progs.bench_min_echo);
		break;
	case DUT_ATTACHED:
		return 0;
	}
	err = xdp_attach_native(t->dut_ifindex, fd);
	if (err) {
		fprintf(stderr, "Couldn't attach XDP program on %s: %s\n", t->dut_if,
			strerror(-err));
		return err;
	}
	return 0;
}

static int setup_peer(struct tput *t)
{
	int err;

	err = netns_enter(t->peer_ns);
	if (!err)
		err = if_lookup(t->peer_if, &t->peer_ifindex, NULL);
	if (err) {
		fprintf(stderr, "peer %s in %s: %s\n", t->peer_if, t->peer_ns, strerror(-err));
		return err;
	}
	err = xdp_attach_native(t->peer_ifindex, bpf_program__fd(t->count->progs.bench_count));
	if (err) {
		fprintf(stderr, "Couldn't attach XDP program on %s: %s\n", t->peer_if,
			strerror(-err));
		return err;
	}
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
	bench_gen__destroy(t->gen);
	bench_count__destroy(t->count);
	bench_min_echo__destroy(t->ref);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: xdp6bench tput --dut xdp6|kernel|ceiling|attached --frame HEXFILE\n"
		"       --dut-ns NS --dut-if IF --peer-ns NS --peer-if IF --gen-addr ADDR\n"
		"       [--dut-addr ADDR] [--xdp6-obj FILE] [--rates PPS,...(0=max)] [--seconds S]\n"
		"       [--warmup S] [--report-every S] [--dut-cpu N] [--gen-cpu N]\n"
		"       [--label NAME] [--msg NAME] [--csv FILE] [--hold SPARE_PEER_IF]\n"
		"       [--chunk FRAMES_PER_RUN_AT_MAX]\n");
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
		{ "hold", 1, 0, 'H' }, { "chunk", 1, 0, 'k' }, { 0 } };
	struct tput t = {
		.dut_ns = "x6b-dut", .dut_if = "x6b-d0", .peer_ns = "x6b-peer", .peer_if = "x6b-p0",
		.xdp6_obj = "build/xdp6.bpf.o", .dut = DUT_ATTACHED, .chunk = GEN_CHUNK,
		.dut_cpu = 1, .gen_cpu = 0,
		.seconds = 2, .warmup = 0.3, .msg = "?",
	};
	const char *frame_path = NULL, *dut = NULL;
	FILE *csv = NULL;
	int c, err, rc = 1;

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
		case 'C': t.dut_cpu = atoi(optarg); break;
		case 'c': t.gen_cpu = atoi(optarg); break;
		case 'l': t.label = optarg; break;
		case 'm': t.msg = optarg; break;
		case 'v': t.csv = optarg; break;
		case 'H': t.hold_if = optarg; break;
		case 'k': t.chunk = strtoul(optarg, NULL, 0); break;
		default: usage(); return 2;
		}
	}
	for (int i = 0; dut && i < 4; i++)
		if (!strcmp(dut, dut_name[i]))
			t.dut = i, dut = NULL;
	if (dut || !frame_path || !t.chunk) {
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
	/* the reply the DUT should send: the ceiling only swaps, the others answer */
	t.want_type = t.frame[ETH6_HLEN + IP6_HLEN];
	if (t.dut != DUT_CEILING)
		t.want_type = t.want_type == ICMP6_TYPE_ECHO_REQUEST ? ICMP6_TYPE_ECHO_REPLY
								      : ICMP6_TYPE_NEIGHBOR_ADVERT;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
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
	/* the DUT's receive side gets its own core; generator and counter share the other */
	if (napi_pin(t.dut_ns, t.dut_if, t.dut_cpu, 0) <= 0)
		fprintf(stderr, "warning: DUT NAPI thread not pinned to CPU %d\n", t.dut_cpu);
	if (napi_pin(t.peer_ns, t.peer_if, t.gen_cpu, PEER_RT_PRIO) <= 0)
		fprintf(stderr, "warning: peer NAPI thread not pinned to CPU %d\n", t.gen_cpu);
	pin_self_cpu(t.gen_cpu);

	if (t.csv) {
		bool fresh;

		csv = fopen(t.csv, "a+");
		if (!csv) {
			fprintf(stderr, "Couldn't open %s: %s\n", t.csv, strerror(errno));
			goto out;
		}
		fseek(csv, 0, SEEK_END);
		fresh = ftell(csv) == 0;
		if (fresh)
			fprintf(csv, "dut,msg,target_pps,offered_pps,delivered_pps,replies_pps,"
				     "other_pps,reply_lost_pps,dut_cpu_busy\n");
	}

	for (int i = 0; i < t.nrates && !stop; i++) {
		struct sample a, b;
		uint64_t busy = 0, total = 0;
		double el, busy_frac;

		if (t.warmup > 0 && (err = offer(&t, t.rates[i], t.warmup)))
			goto out;
		sample_take(&t, &a, true);
		cpu_busy_frac(t.dut_cpu, &busy, &total);
		if (t.report_every > 0) {
			/* flood mode: one line per interval until the time is up or a signal */
			double left = t.seconds;
			struct sample p = a;

			while (!stop && left > 0) {
				double step = left < t.report_every ? left : t.report_every;

				if ((err = offer(&t, t.rates[i], step)))
					goto out;
				sample_take(&t, &b, false);
				el = (b.ns - p.ns) / 1e9;
				printf("%s %s, last %.0f s: offered %.0f/s replies %.0f/s\n",
				       t.label, t.msg, el, (b.sent - p.sent) / el,
				       (b.replies - p.replies) / el);
				fflush(stdout);
				p = b;
				left -= step;
			}
		} else {
			if ((err = offer(&t, t.rates[i], t.seconds)))
				goto out;
		}
		sample_take(&t, &b, false);
		busy_frac = cpu_busy_frac(t.dut_cpu, &busy, &total);
		el = (b.ns - a.ns) / 1e9;
		printf("%-8s %-4s target %8.0f offered %8.0f delivered %8.0f replies %8.0f/s "
		       "other %.0f/s reply-lost %.0f/s dut-cpu %3.0f%%\n",
		       t.label, t.msg, (double)t.rates[i], (b.sent - a.sent) / el,
		       (b.rx_dut - a.rx_dut) / el, (b.replies - a.replies) / el,
		       (b.other - a.other) / el, (b.tx_err - a.tx_err) / el, busy_frac * 100);
		fflush(stdout);
		if (csv)
			fprintf(csv, "%s,%s,%llu,%.0f,%.0f,%.0f,%.0f,%.0f,%.3f\n", t.label, t.msg,
				(unsigned long long)t.rates[i], (b.sent - a.sent) / el,
				(b.rx_dut - a.rx_dut) / el, (b.replies - a.replies) / el,
				(b.other - a.other) / el, (b.tx_err - a.tx_err) / el, busy_frac);
	}
	rc = 0;
out:
	if (csv)
		fclose(csv);
	teardown(&t);
	return rc;
}
