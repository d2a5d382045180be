// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Micro bench: nanoseconds per packet of each fast path of xdp6_main with BPF_PROG_TEST_RUN
 * (Echo Request -> Echo Reply, RFC 4443 §4.2; NS -> NA, RFC 4861 §7.2.4; DAD probe -> NA to
 * all-nodes, RFC 4862 §5.4.3; non-ICMPv6 pass; hand-over to the daemon; invalid drop,
 * RFC 4861 §7.1.1), addrs lookup cost and map memory at several table sizes.
 *
 * Two measurements per path, both as a difference against a program that does nothing:
 *  W  (wrapper) repeat = R in one run: wrap.bpf.c restores the frame, then tail-calls the program
 *     under test; minus the same with bench_empty in the slot; best of T trials each. In-kernel
 *     loop, so this is the figure to trust; it includes what a tail call into the program
 *     costs less what it costs into an empty one (a few ns at most).
 *  S  (single) K runs with repeat = 1 on the program itself, median of the kernel's per-run
 *     duration, minus the median for bench_empty. No wrapper at all, but each figure carries the
 *     timer's own reads, so it is noisier.
 * Every run is checked to have taken the intended path: the stats map's counter for the expected
 * reason must grow by exactly the number of runs (and no other counter may grow). */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <arpa/inet.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <xdp/xsk.h>

#include "bench.h"
#include "xdp6_wire.h"
#include "wrap.skel.h"
#include "min_echo.skel.h"

#define MAX_SIZES	8
#define XSK_FRAMES	64
#define XSK_FRAME_SZ	4096

struct micro {
	const char *xdp6_obj, *ifname, *frames, *csv_paths, *csv_mem;
	int ifindex;
	uint8_t mac[6];
	struct in6_addr dut_addr;
	uint64_t sizes[MAX_SIZES];
	int nsizes;
	uint32_t repeat, trials, single;
	struct bench_wrap *wrap;
	struct bench_min_echo *ref;
	struct xdp6_prod prod;
	bool have_prod;
	/* AF_XDP socket in the xsks map, so the hand-over path is the real one */
	void *umem_area;
	struct xsk_umem *umem;
	struct xsk_socket *xsk;
	struct xsk_ring_prod fill, tx;
	struct xsk_ring_cons comp, rx;
	FILE *paths, *mem;
	/* spare veths that keep every program we run in the XDP dispatcher (util.c) */
	char *hold[4];
	int hold_ifindex[4];
};

enum { HOLD_WRAP, HOLD_EMPTY, HOLD_MIN, HOLD_XDP6 };

static void hold(struct micro *m, int slot, int prog_fd)
{
	if (m->hold[slot])
		m->hold_ifindex[slot] = hold_in_dispatcher(m->hold[slot], prog_fd);
}

static void unhold_all(struct micro *m)
{
	for (int i = 0; i < 4; i++)
		if (m->hold_ifindex[i] > 0)
			xdp_detach(m->hold_ifindex[i]);
}

struct frame {
	uint8_t b[BENCH_FRAME_MAX];
	int len;
};

static int load_frame(const struct micro *m, const char *name, struct frame *f)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s.hex", m->frames, name);
	f->len = frame_load_hex(path, f->b, sizeof(f->b));
	if (f->len < 0)
		fprintf(stderr, "Couldn't read frame %s: %s\n", path, strerror(-f->len));
	return f->len < 0 ? f->len : 0;
}

static int test_run(const struct micro *m, int prog_fd, const struct frame *f, uint32_t repeat,
		    uint32_t *duration, uint32_t *retval)
{
	struct xdp_md ctx_in = { .data_end = f->len, .ingress_ifindex = m->ifindex };
	uint8_t out[BENCH_FRAME_MAX + 64];
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		.data_in = f->b, .data_size_in = f->len,
		.data_out = out, .data_size_out = sizeof(out),
		.ctx_in = &ctx_in, .ctx_size_in = sizeof(ctx_in),
		.repeat = repeat,
	);

	if (bpf_prog_test_run_opts(prog_fd, &opts))
		return -errno;
	*duration = opts.duration;
	*retval = opts.retval;
	return 0;
}

static void stats_snap(struct micro *m, uint64_t *v)
{
	for (int r = 0; r < R__MAX; r++)
		v[r] = m->have_prod ? xdp6_prod_stat(&m->prod, r) : 0;
}

/* "ok" when the expected reason grew by exactly `runs` and nothing else moved; otherwise the
 * reason that grew most, so a changed fast path shows in the table instead of a wrong number. */
static const char *stats_verdict(struct micro *m, const uint64_t *before, int want,
				 uint64_t runs, char *buf, size_t cap)
{
	uint64_t after[R__MAX], total = 0, best = 0;
	int best_r = -1;

	stats_snap(m, after);
	for (int r = 0; r < R__MAX; r++) {
		uint64_t d = after[r] - before[r];

		total += d;
		if (d > best)
			best = d, best_r = r;
	}
	if (after[want] - before[want] == runs && total == runs)
		return "ok";
	snprintf(buf, cap, "got %s x%llu of %llu", best_r < 0 ? "nothing" :
		 xdp6_reason_name(best_r), (unsigned long long)best, (unsigned long long)runs);
	return buf;
}

static bool rot_src;	/* wrap_set: rotate the source's /64 rather than the destination */

static int wrap_set(struct micro *m, const struct frame *f, int target_fd, uint32_t rot_n)
{
	uint32_t key = 0, lo;

	memcpy(m->wrap->bss->tmpl, f->b, f->len);
	m->wrap->bss->tmpl_len = f->len;
	m->wrap->bss->rot_n = rot_n;
	m->wrap->bss->rot_i = 0;
	m->wrap->bss->rot_src = rot_src;
	memcpy(&lo, &f->b[rot_src ? ETH6_HLEN + 8 + 4 : ETH6_HLEN + 8 + 16 + 12], 4);
	m->wrap->bss->dst_lo = ntohl(lo);
	return bpf_map_update_elem(bpf_map__fd(m->wrap->maps.target), &key, &target_fd, BPF_ANY)
		       ? -errno : 0;
}

/* Runs of the program under test in one measure_wrapped(): the trials and the warm-up. */
static uint64_t wrapped_runs(const struct micro *m)
{
	uint32_t trials = m->trials > 32 ? 32 : m->trials;

	return (uint64_t)(trials + 1) * m->repeat;
}

/* W: best (lowest) of the trials of (target) minus best of (empty), trials interleaved
 * against drift, after one discarded warm-up pair. Other work on the machine can only add time
 * to a trial, so the minimum is the estimate least disturbed by it. */
static int measure_wrapped(struct micro *m, const struct frame *f, int target_fd, uint32_t rot_n,
			   double *cost, double *base, uint32_t *retval)
{
	uint64_t tv[32], ev[32];
	uint32_t d, rv, trials = m->trials > 32 ? 32 : m->trials;
	int wrap_fd = bpf_program__fd(m->wrap->progs.bench_wrap);
	int empty_fd = bpf_program__fd(m->wrap->progs.bench_empty);
	int err;

	m->wrap->bss->missed = 0;
	for (int64_t i = -1; i < trials; i++) {
		if ((err = wrap_set(m, f, target_fd, rot_n)) ||
		    (err = test_run(m, wrap_fd, f, m->repeat, &d, retval)))
			return err;
		if (i >= 0)
			tv[i] = d;
		if ((err = wrap_set(m, f, empty_fd, rot_n)) ||
		    (err = test_run(m, wrap_fd, f, m->repeat, &d, &rv)))
			return err;
		if (i >= 0)
			ev[i] = d;
	}
	if (m->wrap->bss->missed) {
		fprintf(stderr, "wrapper could not restore the frame or tail-call (%llu times)\n",
			(unsigned long long)m->wrap->bss->missed);
		return -EIO;
	}
	qsort(tv, trials, sizeof(*tv), cmp_u64);
	qsort(ev, trials, sizeof(*ev), cmp_u64);
	*base = ev[0];
	*cost = (double)tv[0] - *base;
	return 0;
}

/* S: K single runs each; median of per-run durations. */
static int measure_single(struct micro *m, const struct frame *f, int target_fd, double *cost)
{
	uint64_t *tv = calloc(m->single, sizeof(*tv)), *ev = calloc(m->single, sizeof(*ev));
	int empty_fd = bpf_program__fd(m->wrap->progs.bench_empty);
	uint32_t d, rv;
	int err = 0;

	if (!tv || !ev) {
		err = -ENOMEM;
		goto out;
	}
	for (uint32_t i = 0; i < m->single; i++) {
		if ((err = test_run(m, target_fd, f, 1, &d, &rv)))
			goto out;
		tv[i] = d;
		if ((err = test_run(m, empty_fd, f, 1, &d, &rv)))
			goto out;
		ev[i] = d;
	}
	*cost = (double)median_u64(tv, m->single) - (double)median_u64(ev, m->single);
out:
	free(tv);
	free(ev);
	return err;
}

static int xsk_open(struct micro *m)
{
	struct xsk_socket_config cfg = {
		.rx_size = XSK_RING_CONS__DEFAULT_NUM_DESCS,
		.tx_size = XSK_RING_PROD__DEFAULT_NUM_DESCS,
		.libxdp_flags = XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD,
		.bind_flags = XDP_COPY,
	};
	uint32_t key = 0;
	int fd, err;

	m->umem_area = mmap(NULL, XSK_FRAMES * XSK_FRAME_SZ, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m->umem_area == MAP_FAILED) {
		m->umem_area = NULL;
		return -errno;
	}
	err = xsk_umem__create(&m->umem, m->umem_area, XSK_FRAMES * XSK_FRAME_SZ, &m->fill,
			       &m->comp, NULL);
	if (err)
		return err;
	err = xsk_socket__create(&m->xsk, m->ifname, 0, m->umem, &m->rx, &m->tx, &cfg);
	if (err)
		return err;
	fd = xsk_socket__fd(m->xsk);
	if (m->prod.xsks_fd < 0 || bpf_map_update_elem(m->prod.xsks_fd, &key, &fd, BPF_ANY))
		return -ENOENT;
	return 0;
}

static void xsk_close(struct micro *m)
{
	if (m->xsk)
		xsk_socket__delete(m->xsk);
	if (m->umem)
		xsk_umem__delete(m->umem);
	if (m->umem_area)
		munmap(m->umem_area, XSK_FRAMES * XSK_FRAME_SZ);
	m->xsk = NULL;
	m->umem = NULL;
	m->umem_area = NULL;
}

static const char *action_name(uint32_t a)
{
	static const char *const n[] = { "ABORTED", "DROP", "PASS", "TX", "REDIRECT" };

	return a < 5 ? n[a] : "?";
}

struct path_case {
	const char *name, *frame;
	int reason;		/* -1: not the product (no stats check) */
	uint32_t action;
};

static const struct path_case cases[] = {
	{ "echo-reply",		"echo",		R_ECHO_REPLIED,		XDP_TX },
	{ "ns-na",		"ns",		R_NA_SENT,		XDP_TX },
	{ "dad-probe-na",	"dad",		R_NA_DAD_DEFENDED,	XDP_TX },
	{ "pass-udp",		"udp",		R_PASS_NOT_ICMP6,	XDP_PASS },
	{ "pass-ipv4",		"ipv4",		R_PASS_NOT_IPV6,	XDP_PASS },
	{ "to-daemon-na",	"na",		R_TO_DAEMON,		XDP_REDIRECT },
	{ "drop-bad-hoplimit",	"badhl",	R_BAD_HOP_LIMIT,	XDP_DROP },
};

/* Per-source fairness (xdp6d --src-rate, issue 13) on the Echo path: on, one source that
 * stays under its budget (one srcrate lookup and update per packet); on, a new /64 every
 * packet (a miss and an LRU insert, evicting once the map is full: a spoofed-source flood).
 * Off is the echo-reply row above (one compare). The budget is 1e9/s with a burst far beyond
 * the runs, so every run is answered and the stats check still holds. */
static int run_fair(struct micro *m)
{
	static const struct { const char *name; uint32_t rot; } fc[] = {
		{ "echo-fair-on", 1 }, { "echo-fair-newsrc", 1u << 20 },
	};
	struct frame f;
	double w, base;
	uint32_t rv;
	int err;

	if ((err = load_frame(m, "echo", &f)))
		return err;
	for (size_t i = 0; i < sizeof(fc) / sizeof(fc[0]); i++) {
		uint64_t before[R__MAX];
		char vbuf[128];
		const char *v;

		if ((err = xdp6_prod_src_rate(&m->prod, 1, 1u << 31, 64)))
			return err;
		rot_src = true;
		stats_snap(m, before);
		err = measure_wrapped(m, &f, m->prod.prog_fd, fc[i].rot, &w, &base, &rv);
		rot_src = false;
		if (err)
			return err;
		v = stats_verdict(m, before, R_ECHO_REPLIED, wrapped_runs(m), vbuf, sizeof(vbuf));
		if (!strcmp(v, "ok") && rv != XDP_TX)
			v = "unexpected action";
		printf("%-18s %8.1f %8s %8.1f %9s  %-9s %s\n", fc[i].name, w, "-", base, "-",
		       action_name(rv), v);
		if (m->paths)
			fprintf(m->paths, "%s,%.1f,,%.1f,,%s,%s\n", fc[i].name, w, base,
				action_name(rv), v);
		fflush(stdout);
	}
	return xdp6_prod_src_rate(&m->prod, 0, 0, 0);
}

/* The NDP proxy (issue 13): an NS for a target inside a proxied prefix with 1, 100 and 10 000
 * prefixes in the `proxy` LPM trie (2001:db8:5::/64 holds the frame's target; the others are
 * /48s and /64s elsewhere); the NA is sent from XDP. Costs the addrs and groups misses and one
 * LPM lookup on top of an NS -> NA. */
static int run_proxy(struct micro *m)
{
	static const uint32_t counts[] = { 1, 100, 10000 };
	int fd = bpf_object__find_map_fd_by_name(m->prod.obj, "proxy");
	struct xdp6_proxy_val v = { .mode = XDP6_PROXY_STATIC };
	struct xdp6_proxy_key k;
	uint32_t done = 0, rv;
	struct frame f;
	double w, base;
	int err;

	if (fd < 0)
		return 0;	/* an object without the proxy map */
	if ((err = load_frame(m, "nsproxy", &f)))
		return err;
	for (size_t c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
		uint64_t before[R__MAX];
		char name[32], vbuf[128];
		const char *vd;

		for (; done < counts[c]; done++) {
			memset(&k, 0, sizeof(k));
			k.addr[0] = 0x20, k.addr[1] = 0x01, k.addr[2] = 0x0d, k.addr[3] = 0xb8;
			if (done == 0) {
				k.prefixlen = 64;
				k.addr[5] = 5;			/* 2001:db8:5::/64 */
			} else {
				k.prefixlen = done & 1 ? 48 : 64;
				k.addr[2] = 0x0d + 1;		/* 2001:db9:XXXX:YYYY:: */
				k.addr[4] = done >> 8, k.addr[5] = done & 0xff;
				k.addr[6] = done & 1 ? 0 : 7;
			}
			if (bpf_map_update_elem(fd, &k, &v, BPF_ANY))
				return -errno;
		}
		stats_snap(m, before);
		if ((err = measure_wrapped(m, &f, m->prod.prog_fd, 1, &w, &base, &rv)))
			return err;
		vd = stats_verdict(m, before, R_PROXY_NA_SENT, wrapped_runs(m), vbuf, sizeof(vbuf));
		if (!strcmp(vd, "ok") && rv != XDP_TX)
			vd = "unexpected action";
		snprintf(name, sizeof(name), "ns-proxy-%u", counts[c]);
		printf("%-18s %8.1f %8s %8.1f %9s  %-9s %s\n", name, w, "-", base, "-",
		       action_name(rv), vd);
		if (m->paths)
			fprintf(m->paths, "%s,%.1f,,%.1f,,%s,%s\n", name, w, base, action_name(rv),
				vd);
		fflush(stdout);
	}
	return 0;
}

static int run_paths(struct micro *m)
{
	struct frame echo;
	double ceil_w = 0, ceil_s = 0, base;
	uint32_t rv;
	int err, min_fd = bpf_program__fd(m->ref->progs.bench_min_echo);

	err = xdp6_prod_open(&m->prod, m->xdp6_obj, 0);
	if (err)
		return err;
	m->have_prod = true;
	hold(m, HOLD_XDP6, m->prod.prog_fd);
	if ((err = xdp6_prod_config(&m->prod, m->ifindex, m->mac)) ||
	    (err = xdp6_prod_add_addrs(&m->prod, &m->dut_addr, 1, 64, XDP6_ADDR_PREFERRED)))
		return err;
	err = xsk_open(m);
	if (err)
		fprintf(stderr, "warning: no AF_XDP socket in xsks (%s): the hand-over path "
				"will be no-daemon\n", strerror(-err));

	/* the ceiling: swap and XDP_TX */
	if ((err = load_frame(m, "echo", &echo)) ||
	    (err = measure_wrapped(m, &echo, min_fd, 1, &ceil_w, &base, &rv)) ||
	    (err = measure_single(m, &echo, min_fd, &ceil_s)))
		return err;
	printf("%-18s %8s %8s %8s %9s  %-9s %s\n", "path", "W ns", "S ns", "W base", "W/ceiling",
	       "action", "path check");
	printf("%-18s %8.1f %8.1f %8.1f %9s  %-9s %s\n", "ceiling(min_echo)", ceil_w, ceil_s,
	       base, "1.00", action_name(rv), "-");
	if (m->paths)
		fprintf(m->paths, "ceiling-echo,%.1f,%.1f,%.1f,1.00,%s,-\n", ceil_w, ceil_s, base,
			action_name(rv));

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct path_case *c = &cases[i];
		uint64_t before[R__MAX];
		char vbuf[128], vbuf2[128];
		const char *v, *v2;
		struct frame f;
		double w, s;

		if ((err = load_frame(m, c->frame, &f)))
			return err;
		stats_snap(m, before);
		if ((err = measure_wrapped(m, &f, m->prod.prog_fd, 1, &w, &base, &rv)))
			return err;
		v = stats_verdict(m, before, c->reason, wrapped_runs(m), vbuf,
				  sizeof(vbuf));
		stats_snap(m, before);
		if ((err = measure_single(m, &f, m->prod.prog_fd, &s)))
			return err;
		v2 = stats_verdict(m, before, c->reason, m->single, vbuf2, sizeof(vbuf2));
		if (!strcmp(v, "ok"))
			v = strcmp(v2, "ok") ? v2 : rv != c->action ? "unexpected action" : "ok";
		printf("%-18s %8.1f %8.1f %8.1f %9.2f  %-9s %s\n", c->name, w, s, base,
		       ceil_w > 0 ? w / ceil_w : 0, action_name(rv), v);
		if (m->paths)
			fprintf(m->paths, "%s,%.1f,%.1f,%.1f,%.2f,%s,%s\n", c->name, w, s, base,
				ceil_w > 0 ? w / ceil_w : 0, action_name(rv), v);
		fflush(stdout);
	}
	err = run_fair(m);
	if (!err)
		err = run_proxy(m);
	xsk_close(m);
	xdp6_prod_close(&m->prod);
	m->have_prod = false;
	return err;
}

/* addrs with max_entries = n, n addresses in it: map memory, and the Echo path with the
 * destination fixed (hot) and walking all n addresses (cold for big n). */
static int run_size(struct micro *m, uint32_t n)
{
	struct frame echo;
	uint64_t before[R__MAX];
	double hot, cold, base;
	long mem, mem_addrs;
	char vbuf[128], vbuf2[128];
	const char *v, *v2;
	uint32_t rv;
	uint64_t t0;
	int err;

	if ((err = load_frame(m, "echo", &echo)))
		return err;
	err = xdp6_prod_open(&m->prod, m->xdp6_obj, n);
	if (err)
		return err;
	m->have_prod = true;
	hold(m, HOLD_XDP6, m->prod.prog_fd);
	t0 = now_ns();
	if ((err = xdp6_prod_config(&m->prod, m->ifindex, m->mac)) ||
	    (err = xdp6_prod_add_addrs(&m->prod, &m->dut_addr, n, 64, XDP6_ADDR_PREFERRED))) {
		fprintf(stderr, "Couldn't fill %u addresses: %s\n", n, strerror(-err));
		return err;
	}
	t0 = now_ns() - t0;
	mem = xdp6_prod_memlock(&m->prod, &mem_addrs);
	stats_snap(m, before);
	if ((err = measure_wrapped(m, &echo, m->prod.prog_fd, 1, &hot, &base, &rv)))
		return err;
	v = stats_verdict(m, before, R_ECHO_REPLIED, wrapped_runs(m), vbuf,
			  sizeof(vbuf));
	stats_snap(m, before);
	if ((err = measure_wrapped(m, &echo, m->prod.prog_fd, n, &cold, &base, &rv)))
		return err;
	v2 = stats_verdict(m, before, R_ECHO_REPLIED, wrapped_runs(m), vbuf2,
			   sizeof(vbuf2));
	if (!strcmp(v, "ok"))
		v = v2;
	printf("%-9u %12ld %12ld %9.1f %10.1f %9.2f  %s\n", n, mem_addrs, mem, hot, cold,
	       t0 / 1e9, v);
	if (m->mem)
		fprintf(m->mem, "%u,%ld,%ld,%.1f,%.1f,%.2f,%s\n", n, mem_addrs, mem, hot, cold,
			t0 / 1e9, v);
	fflush(stdout);
	xdp6_prod_close(&m->prod);
	m->have_prod = false;
	return 0;
}

int cmd_micro(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "xdp6-obj", 1, 0, 'o' }, { "ifname", 1, 0, 'i' }, { "frames", 1, 0, 'f' },
		{ "sizes", 1, 0, 'z' }, { "repeat", 1, 0, 'r' }, { "trials", 1, 0, 't' },
		{ "single", 1, 0, 's' }, { "csv-paths", 1, 0, 'p' }, { "csv-mem", 1, 0, 'm' },
		{ "dut-addr", 1, 0, 'a' }, { "hold", 1, 0, 'H' }, { 0 } };
	char *holds = NULL;
	struct micro m = {
		.xdp6_obj = "build/xdp6.bpf.o", .ifname = "x6b-d0", .repeat = 1000000, .trials = 5,
		.single = 20000,
	};
	int c, err = 0;

	m.nsizes = parse_u64_list("1,1000,1000000", m.sizes, MAX_SIZES);
	inet_pton(AF_INET6, "2001:db8::1", &m.dut_addr);
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'o': m.xdp6_obj = optarg; break;
		case 'i': m.ifname = optarg; break;
		case 'f': m.frames = optarg; break;
		case 'z': m.nsizes = parse_u64_list(optarg, m.sizes, MAX_SIZES); break;
		case 'r': m.repeat = strtoul(optarg, NULL, 0); break;
		case 't': m.trials = strtoul(optarg, NULL, 0); break;
		case 's': m.single = strtoul(optarg, NULL, 0); break;
		case 'p': m.csv_paths = optarg; break;
		case 'm': m.csv_mem = optarg; break;
		case 'H':
			holds = optarg;
			for (int i = 0; i < 4 && holds; i++) {
				m.hold[i] = holds;
				holds = strchr(holds, ',');
				if (holds)
					*holds++ = '\0';
			}
			break;
		case 'a':
			if (inet_pton(AF_INET6, optarg, &m.dut_addr) != 1) {
				fprintf(stderr, "Bad address %s\n", optarg);
				return 2;
			}
			break;
		default:
			goto usage;
		}
	}
	if (!m.frames || m.nsizes < 0 || !m.repeat || !m.trials || !m.single)
		goto usage;
	libbpf_set_print(NULL);
	if ((err = if_lookup(m.ifname, &m.ifindex, m.mac))) {
		fprintf(stderr, "%s: %s\n", m.ifname, strerror(-err));
		return 1;
	}
	m.wrap = bench_wrap__open_and_load();
	m.ref = bench_min_echo__open_and_load();
	if (!m.wrap || !m.ref) {
		fprintf(stderr, "Couldn't load the bench BPF programs\n");
		err = -EINVAL;
		goto out;
	}
	hold(&m, HOLD_WRAP, bpf_program__fd(m.wrap->progs.bench_wrap));
	hold(&m, HOLD_EMPTY, bpf_program__fd(m.wrap->progs.bench_empty));
	hold(&m, HOLD_MIN, bpf_program__fd(m.ref->progs.bench_min_echo));
	if (m.csv_paths && !(m.paths = fopen(m.csv_paths, "w")))
		goto out_file;
	if (m.csv_mem && !(m.mem = fopen(m.csv_mem, "w")))
		goto out_file;
	if (m.paths)
		fprintf(m.paths, "path,wrapped_ns,single_ns,wrapper_base_ns,vs_ceiling,action,"
				 "path_check\n");
	if (m.mem)
		fprintf(m.mem, "addrs,addrs_memlock_bytes,all_maps_memlock_bytes,lookup_hot_ns,"
			       "lookup_walk_ns,fill_s,path_check\n");

	printf("# fast paths: ns/packet, repeat %u x %u trials (W), %u single runs (S)\n",
	       m.repeat, m.trials, m.single);
	if ((err = run_paths(&m)))
		goto out;
	printf("\n# addrs size: map memory (memlock) and Echo lookup cost\n");
	printf("%-9s %12s %12s %9s %10s %9s  %s\n", "addrs", "addrs bytes", "all maps",
	       "hot ns", "walk ns", "fill s", "path check");
	for (int i = 0; i < m.nsizes && !err; i++)
		err = run_size(&m, (uint32_t)m.sizes[i]);
	goto out;
out_file:
	fprintf(stderr, "Couldn't open a CSV file: %s\n", strerror(errno));
	err = -errno;
out:
	unhold_all(&m);
	xsk_close(&m);
	if (m.have_prod)
		xdp6_prod_close(&m.prod);
	if (m.paths)
		fclose(m.paths);
	if (m.mem)
		fclose(m.mem);
	bench_wrap__destroy(m.wrap);
	bench_min_echo__destroy(m.ref);
	return err ? 1 : 0;
usage:
	fprintf(stderr, "usage: xdp6bench micro --frames DIR [--xdp6-obj FILE] [--ifname IF]\n"
			"       [--sizes N,...] [--repeat R] [--trials T] [--single K]\n"
			"       [--csv-paths FILE] [--csv-mem FILE] [--dut-addr ADDR]\n"
			"       [--hold SPARE_IF_WRAP,SPARE_IF_EMPTY,SPARE_IF_MIN,SPARE_IF_XDP6]\n");
	return 2;
}
