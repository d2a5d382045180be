// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Bench driver helpers: namespaces, XDP attach, counters, statistics, and loading the product's
 * XDP object with its maps filled the way the daemon fills them (RFC 4862 §5.4: XDP answers only
 * preferred/deprecated addresses; RFC 4291 §2.7.1 solicited-node groups). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/ethtool.h>
#include <linux/if_link.h>
#include <linux/sockios.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "../unit/addrs_put.h"	/* addrgen_step() */
#include "bench.h"
#include "xdp6_wire.h"
#include "min_echo.skel.h"

uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

void sleep_ns(uint64_t ns)
{
	struct timespec ts = { .tv_sec = ns / 1000000000ull, .tv_nsec = ns % 1000000000ull };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* A frame as hex digits (whitespace ignored), as written by tests/bench/frames.py. */
int frame_load_hex(const char *path, uint8_t *buf, size_t cap)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;
	int c, hi = -1;

	if (!f)
		return -errno;
	while ((c = fgetc(f)) != EOF) {
		int v;

		if (c >= '0' && c <= '9')
			v = c - '0';
		else if (c >= 'a' && c <= 'f')
			v = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v = c - 'A' + 10;
		else
			continue;
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n == cap) {
			fclose(f);
			return -ENOSPC;
		}
		buf[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	fclose(f);
	return hi < 0 && n ? (int)n : -EINVAL;
}

int netns_enter(const char *name)
{
	char path[256];
	int fd, err = 0;

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (setns(fd, CLONE_NEWNET))
		err = -errno;
	close(fd);
	return err;
}

int if_lookup(const char *ifname, int *ifindex, uint8_t mac[6])
{
	struct ifreq ifr = {};
	int s, err = 0;

	*ifindex = if_nametoindex(ifname);
	if (!*ifindex)
		return -errno;
	if (!mac)
		return 0;
	s = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return -errno;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(s, SIOCGIFHWADDR, &ifr))
		err = -errno;
	else
		memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	close(s);
	return err;
}

int xdp_attach_native(int ifindex, int prog_fd)
{
	return bpf_xdp_attach(ifindex, prog_fd, XDP_FLAGS_DRV_MODE, NULL);
}

void xdp_detach(int ifindex)
{
	bpf_xdp_detach(ifindex, XDP_FLAGS_DRV_MODE, NULL);
}

/* BPF_PROG_TEST_RUN on an XDP program adds it to the kernel's XDP dispatcher for the length of
 * the call and takes it out again; each change regenerates the dispatcher and waits for an RCU
 * grace period (milliseconds, far more than the run itself). A program that is attached to some
 * device stays in the dispatcher and is only reference-counted, so the bench attaches each
 * program it runs to a spare, down veth of its own (a "holder"): test runs then cost what they
 * cost, and the program is called through the dispatcher exactly as in a driver. */
int hold_in_dispatcher(const char *ifname, int prog_fd)
{
	int ifindex, err;

	err = if_lookup(ifname, &ifindex, NULL);
	if (!err)
		err = xdp_attach_native(ifindex, prog_fd);
	if (err)
		fprintf(stderr, "warning: couldn't hold program on %s (%s): test runs will be "
				"slow\n", ifname, strerror(-err));
	return err ? err : ifindex;
}

int pin_self_cpu(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set) ? -errno : 0;
}

/* SCHED_FIFO at rt_prio (> 0) or SCHED_OTHER (0) for a thread (tid 0: the caller). */
int set_rt_prio(int tid, int rt_prio)
{
	struct sched_param sp = { .sched_priority = rt_prio };

	return sched_setscheduler(tid, rt_prio > 0 ? SCHED_FIFO : SCHED_OTHER, &sp) ? -errno : 0;
}

/* veth runs its receive side (and so the XDP program of that side) in NAPI. Without threading,
 * that NAPI runs as a softirq on the CPU that scheduled it, i.e. the CPU whose transmit filled
 * the ring: the generator's CPU for the DUT, the DUT's CPU for the peer. Threaded NAPI gives the
 * work a kthread "napi/<ifname>-<id>" we can put on a CPU of our choosing, so the DUT's receive
 * path gets a core of its own. rt_prio > 0 makes it SCHED_FIFO: it then preempts whatever else
 * runs on its CPU (other work on a shared machine, the generator) as soon as frames arrive. The
 * kthread exists only while an XDP program is attached (veth creates its NAPI then), so call
 * this after attaching. Returns the number of threads pinned (their pids in pids[], up to max),
 * or -errno. */
int napi_pin(const char *ns, const char *ifname, int cpu, int rt_prio, int *pids, int max)
{
	char cmd[256], prefix[32], path[64], comm[32];
	struct dirent *de;
	cpu_set_t set;
	DIR *d;
	int n = 0;

	snprintf(cmd, sizeof(cmd), "ip netns exec %s sh -c 'echo 1 > /sys/class/net/%s/threaded'",
		 ns, ifname);
	if (system(cmd))
		return -EOPNOTSUPP;
	/* comm is cut to 15 characters: match the prefix only */
	snprintf(prefix, sizeof(prefix), "napi/%s-", ifname);
	prefix[15] = '\0';
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	d = opendir("/proc");
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		FILE *f;
		int pid = atoi(de->d_name);

		if (pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/comm", pid);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(comm, sizeof(comm), f) && !strncmp(comm, prefix, strlen(prefix)) &&
		    !sched_setaffinity(pid, sizeof(set), &set) && !set_rt_prio(pid, rt_prio)) {
			if (n < max)
				pids[n] = pid;
			n++;
		}
		fclose(f);
	}
	closedir(d);
	return n;
}

/* Nanoseconds a thread has run on a CPU (/proc/PID/schedstat, first field): what the DUT's
 * NAPI thread costs, apart from anything else that shares its core. */
uint64_t thread_runtime_ns(int pid)
{
	unsigned long long v = 0;
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/schedstat", pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (fscanf(f, "%llu", &v) != 1)
		v = 0;
	fclose(f);
	return v;
}

/* Times a thread went to sleep (/proc/PID/status voluntary_ctxt_switches): a NAPI thread that
 * always finds frames waiting never does, so this tells a saturated DUT from one that waits. */
uint64_t thread_sleeps(int pid)
{
	unsigned long long v = 0;
	char path[64], line[128];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "voluntary_ctxt_switches: %llu", &v) == 1)
			break;
	fclose(f);
	return v;
}

/* ethtool -S without forking: the socket is opened in the device's namespace and keeps it, so
 * the reads work from any namespace. Only the wanted statistics are kept (by name). */
int ethstats_open(struct ethstats *e, const char *ifname, const char *const *names, int n)
{
	struct ethtool_drvinfo info = { .cmd = ETHTOOL_GDRVINFO };
	struct ethtool_gstrings *str = NULL;
	struct ifreq ifr = {};
	int err = 0;

	memset(e, 0, sizeof(*e));
	e->fd = -1;
	if (n > ETHSTATS_MAX)
		return -E2BIG;
	e->fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (e->fd < 0)
		return -errno;
	snprintf(e->ifname, sizeof(e->ifname), "%s", ifname);
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	ifr.ifr_data = (void *)&info;
	if (ioctl(e->fd, SIOCETHTOOL, &ifr)) {
		err = -errno;
		goto fail;
	}
	e->nstats = info.n_stats;
	str = calloc(1, sizeof(*str) + (size_t)e->nstats * ETH_GSTRING_LEN);
	if (!str) {
		err = -ENOMEM;
		goto fail;
	}
	str->cmd = ETHTOOL_GSTRINGS;
	str->string_set = ETH_SS_STATS;
	str->len = e->nstats;
	ifr.ifr_data = (void *)str;
	if (ioctl(e->fd, SIOCETHTOOL, &ifr)) {
		err = -errno;
		goto fail;
	}
	for (int i = 0; i < n; i++) {
		e->idx[i] = -1;
		for (uint32_t j = 0; j < e->nstats; j++)
			if (!strncmp((char *)str->data + j * ETH_GSTRING_LEN, names[i],
				     ETH_GSTRING_LEN))
				e->idx[i] = (int)j;
		if (e->idx[i] < 0) {
			fprintf(stderr, "%s has no ethtool statistic %s\n", ifname, names[i]);
			err = -ENOENT;
			goto fail;
		}
	}
	e->n = n;
	e->buf = calloc(1, sizeof(struct ethtool_stats) + (size_t)e->nstats * sizeof(uint64_t));
	if (!e->buf) {
		err = -ENOMEM;
		goto fail;
	}
	free(str);
	return 0;
fail:
	free(str);
	ethstats_close(e);
	return err;
}

int ethstats_read(struct ethstats *e, uint64_t *vals)
{
	struct ethtool_stats *st = e->buf;
	struct ifreq ifr = {};

	st->cmd = ETHTOOL_GSTATS;
	st->n_stats = e->nstats;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", e->ifname);
	ifr.ifr_data = (void *)st;
	if (ioctl(e->fd, SIOCETHTOOL, &ifr))
		return -errno;
	for (int i = 0; i < e->n; i++)
		vals[i] = st->data[e->idx[i]];
	return 0;
}

void ethstats_close(struct ethstats *e)
{
	if (e->fd >= 0)
		close(e->fd);
	free(e->buf);
	e->fd = -1;
	e->buf = NULL;
}

uint64_t percpu_u64_sum(int map_fd, uint32_t key)
{
	int ncpu = libbpf_num_possible_cpus();
	uint64_t vals[ncpu > 0 ? ncpu : 1], sum = 0;

	if (ncpu <= 0 || bpf_map_lookup_elem(map_fd, &key, vals))
		return 0;
	for (int i = 0; i < ncpu; i++)
		sum += vals[i];
	return sum;
}

long fd_memlock(int fd)
{
	char path[64], line[128];
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "memlock: %ld", &v) == 1)
			break;
	fclose(f);
	return v;
}

int parse_u64_list(const char *s, uint64_t *out, int max)
{
	int n = 0;

	while (*s && n < max) {
		char *end;

		out[n++] = strtoull(s, &end, 0);
		if (end == s)
			return -EINVAL;
		s = *end == ',' ? end + 1 : end;
		if (*end && *end != ',')
			return -EINVAL;
	}
	return n;
}

int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

uint64_t median_u64(uint64_t *v, int n)
{
	if (n <= 0)
		return 0;
	qsort(v, n, sizeof(*v), cmp_u64);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Fraction of time `cpu` was not idle since the previous call with the same counters. */
double cpu_busy_frac(int cpu, uint64_t *busy, uint64_t *total)
{
	char want[16], line[512];
	unsigned long long f[10] = {};
	uint64_t b = 0, t = 0, db, dt;
	FILE *fp = fopen("/proc/stat", "r");

	if (!fp)
		return -1;
	snprintf(want, sizeof(want), "cpu%d ", cpu);
	while (fgets(line, sizeof(line), fp)) {
		if (strncmp(line, want, strlen(want)))
			continue;
		sscanf(line + strlen(want), "%llu %llu %llu %llu %llu %llu %llu %llu %llu %llu",
		       &f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6], &f[7], &f[8], &f[9]);
		break;
	}
	fclose(fp);
	for (int i = 0; i < 8; i++)	/* guest time is already in user */
		t += f[i];
	b = t - f[3] - f[4];		/* minus idle and iowait */
	db = b - *busy;
	dt = t - *total;
	*busy = b;
	*total = t;
	return dt ? (double)db / dt : 0;
}

/* ---- the product's object ---- */

#define XDP6_REASON_NAME(id, name) [id] = name,
static const char *const reason_names[R__MAX] = { XDP6_REASONS(XDP6_REASON_NAME) };

const char *xdp6_reason_name(enum xdp6_reason r)
{
	return r < R__MAX ? reason_names[r] : "?";
}

static int map_fd_or(struct bpf_object *obj, const char *name)
{
	struct bpf_map *m = bpf_object__find_map_by_name(obj, name);

	return m ? bpf_map__fd(m) : -1;
}

int xdp6_prod_open(struct xdp6_prod *p, const char *path, uint32_t max_addrs)
{
	struct bpf_map *m;
	int err;

	memset(p, 0, sizeof(*p));
	p->obj = bpf_object__open_file(path, NULL);
	if (!p->obj) {
		err = -errno;
		fprintf(stderr, "Couldn't open %s: %s\n", path, strerror(-err));
		return err;
	}
	/* Never touch the daemon's pins under /sys/fs/bpf: this copy is private to the bench. */
	bpf_object__for_each_map(m, p->obj)
		bpf_map__set_pin_path(m, NULL);
	m = bpf_object__find_map_by_name(p->obj, "addrs");
	if (!m) {
		fprintf(stderr, "%s has no addrs map\n", path);
		err = -ENOENT;
		goto fail;
	}
	if (max_addrs && (err = bpf_map__set_max_entries(m, max_addrs)))
		goto fail;
	p->prog = bpf_object__find_program_by_name(p->obj, "xdp6_main");
	if (!p->prog) {
		fprintf(stderr, "%s has no program xdp6_main\n", path);
		err = -ENOENT;
		goto fail;
	}
	err = bpf_object__load(p->obj);
	if (err) {
		fprintf(stderr, "Couldn't load %s: %s\n", path, strerror(-err));
		goto fail;
	}
	p->prog_fd = bpf_program__fd(p->prog);
	p->addrs_fd = map_fd_or(p->obj, "addrs");
	p->iface_fd = map_fd_or(p->obj, "iface");
	p->stats_fd = map_fd_or(p->obj, "stats");
	p->xsks_fd = map_fd_or(p->obj, "xsks");
	p->groups_fd = map_fd_or(p->obj, "groups");
	p->ownbits_fd = map_fd_or(p->obj, "ownbits");
	p->addrgen_fd = map_fd_or(p->obj, "addrgen");
	if (p->iface_fd < 0 || p->stats_fd < 0) {
		fprintf(stderr, "%s lacks the iface or stats map\n", path);
		err = -ENOENT;
		goto fail;
	}
	return 0;
fail:
	bpf_object__close(p->obj);
	p->obj = NULL;
	return err;
}

int xdp6_prod_config(struct xdp6_prod *p, int ifindex, const uint8_t mac[6])
{
	struct xdp6_iface ifc = {
		.ifindex = ifindex,
		.flags = XDP6_IF_ECHO_MCAST,
		.echo_hop_limit = ICMP6_ECHO_HOP_LIMIT_DEFAULT,
		/* rates 0: unlimited, the bench measures the responder, not the limiter */
	};
	uint32_t key = 0;

	memcpy(ifc.mac, mac, ETH6_ALEN);
	return bpf_map_update_elem(p->iface_fd, &key, &ifc, BPF_ANY) ? -errno : 0;
}

#define ADD_BATCH 8192

/* Sets the ownbits bits of keys[0..cnt) before they enter addrs, as xdp6d does (the bits are a
 * superset of addrs' keys: a key whose bit is clear is invisible to XDP). The whole bitmap is
 * read and written back in one batch each. */
static int ownbits_add(int fd, const struct xdp6_addr_key *keys, uint32_t cnt)
{
	static uint64_t words[XDP6_OWNBITS_WORDS];
	static uint32_t idx[XDP6_OWNBITS_WORDS];
	uint32_t n = XDP6_OWNBITS_WORDS, out, i;
	LIBBPF_OPTS(bpf_map_batch_opts, opts);

	/* all of an ARRAY in one call: ENOENT just says the walk reached its end */
	if (bpf_map_lookup_batch(fd, NULL, &out, idx, words, &n, &opts) && errno != ENOENT)
		return -errno;
	if (n != XDP6_OWNBITS_WORDS)
		return -EIO;
	for (i = 0; i < XDP6_OWNBITS_WORDS; i++)
		idx[i] = i;
	for (i = 0; i < cnt; i++) {
		uint64_t h[2];
		uint32_t bit;

		memcpy(h, keys[i].addr, sizeof(h));
		bit = xdp6_ownbits_bit(h[0], h[1]);
		words[bit >> 6] |= 1ull << (bit & 63);
	}
	return bpf_map_update_batch(fd, idx, words, &n, &opts) ? -errno : 0;
}

int xdp6_prod_add_addrs(struct xdp6_prod *p, const struct in6_addr *first, uint32_t n,
			uint8_t plen, enum xdp6_addr_state state)
{
	static struct xdp6_addr_key keys[ADD_BATCH];
	static struct xdp6_addr_val vals[ADD_BATCH];
	static uint32_t ones[ADD_BATCH];
	static const uint8_t solnode[IP6_SOLNODE_PREFIX_LEN] = IP6_SOLNODE_PREFIX;
	uint32_t lo0, done = 0;

	memcpy(&lo0, &first->s6_addr[12], 4);
	lo0 = ntohl(lo0);
	while (done < n) {
		uint32_t cnt = n - done < ADD_BATCH ? n - done : ADD_BATCH, i;
		LIBBPF_OPTS(bpf_map_batch_opts, opts);

		for (i = 0; i < cnt; i++) {
			uint32_t lo = htonl(lo0 + done + i);

			memcpy(keys[i].addr, first->s6_addr, 12);
			memcpy(&keys[i].addr[12], &lo, 4);
			memset(&vals[i], 0, sizeof(vals[i]));
			vals[i].state = state;
			vals[i].origin = XDP6_ORIGIN_STATIC;
			vals[i].prefixlen = plen;
			ones[i] = 1;
		}
		if (p->ownbits_fd >= 0) {
			int err = ownbits_add(p->ownbits_fd, keys, cnt);

			if (err)
				return err;
		}
		if (bpf_map_update_batch(p->addrs_fd, keys, vals, &cnt, &opts))
			return -errno;
		/* the solicited-node groups (only the first batch: a /104 group covers 2^24
		 * addresses and a bench's groups map need not be as big as its addrs map) */
		if (p->groups_fd >= 0 && done == 0) {
			uint32_t g = cnt < 64 ? cnt : 64;

			for (i = 0; i < g; i++) {
				uint32_t lo = lo0 + i;

				memcpy(keys[i].addr, solnode, sizeof(solnode));
				keys[i].addr[13] = (uint8_t)(lo >> 16);
				keys[i].addr[14] = (uint8_t)(lo >> 8);
				keys[i].addr[15] = (uint8_t)lo;
				bpf_map_update_elem(p->groups_fd, &keys[i], &ones[i], BPF_ANY);
			}
		}
		done += cnt;
	}
	/* as xdp6d after a write of addrs: XDP's addrcache slots of before are not used again */
	return addrgen_step(p->addrgen_fd) ? -errno : 0;
}

uint64_t xdp6_prod_stat(struct xdp6_prod *p, enum xdp6_reason r)
{
	int ncpu = libbpf_num_possible_cpus();
	struct xdp6_stat vals[ncpu > 0 ? ncpu : 1];
	uint32_t key = r;
	uint64_t sum = 0;

	if (ncpu <= 0 || bpf_map_lookup_elem(p->stats_fd, &key, vals))
		return 0;
	for (int i = 0; i < ncpu; i++)
		sum += vals[i].packets;
	return sum;
}

long xdp6_prod_memlock(struct xdp6_prod *p, long *addrs_only)
{
	struct bpf_map *m;
	long sum = 0;

	bpf_object__for_each_map(m, p->obj) {
		long v = fd_memlock(bpf_map__fd(m));

		if (v > 0)
			sum += v;
	}
	if (addrs_only)
		*addrs_only = fd_memlock(p->addrs_fd);
	return sum;
}

void xdp6_prod_close(struct xdp6_prod *p)
{
	bpf_object__close(p->obj);
	p->obj = NULL;
}

/* Per-source fairness in the iface map as xdp6d --src-rate PPS:BURST --rate-key-len BITS
 * writes it (host_src_rate_cfg); pps 0 turns it off. The srcrate map is emptied. */
int xdp6_prod_src_rate(struct xdp6_prod *p, uint32_t pps, uint32_t burst, unsigned bits)
{
	struct xdp6_addr_key k, next;
	struct xdp6_iface ifc;
	uint32_t key = 0;
	int fd = bpf_object__find_map_fd_by_name(p->obj, "srcrate");

	if (fd < 0 || bpf_map_lookup_elem(p->iface_fd, &key, &ifc))
		return -ENOENT;
	while (!bpf_map_get_next_key(fd, NULL, &next)) {
		k = next;
		if (bpf_map_delete_elem(fd, &k))
			break;
	}
	ifc.src_interval_ns = pps ? (1000000000ull + pps - 1) / pps : 0;
	ifc.src_burst_ns = pps && burst ? (uint64_t)(burst - 1) * ifc.src_interval_ns : 0;
	memset(ifc.src_mask, 0, sizeof(ifc.src_mask));
	for (unsigned i = 0; pps && i < bits && i < 128; i++)
		ifc.src_mask[i / 8] |= 0x80 >> (i % 8);
	return bpf_map_update_elem(p->iface_fd, &key, &ifc, BPF_ANY) ? -errno : 0;
}

/* The interface's Echo Reply budget (xdp6d --echo-rate PPS:BURST) in the iface map; 0 is
 * unlimited. The tokens map's echo bucket starts over (full). */
int xdp6_prod_echo_rate(struct xdp6_prod *p, uint32_t pps, uint32_t burst)
{
	struct xdp6_bucket b = { 0 };
	struct xdp6_iface ifc;
	uint32_t key = 0, id = XDP6_BUCKET_ECHO;
	int fd = bpf_object__find_map_fd_by_name(p->obj, "tokens");

	if (fd < 0 || bpf_map_lookup_elem(p->iface_fd, &key, &ifc))
		return -ENOENT;
	if (bpf_map_update_elem(fd, &id, &b, BPF_ANY))
		return -errno;
	ifc.echo_rate = pps;
	ifc.echo_burst = burst;
	return bpf_map_update_elem(p->iface_fd, &key, &ifc, BPF_ANY) ? -errno : 0;
}

/* The addresses the floor programs answer for (floor_addrs, shaped like xdp6's addrs): the DUT
 * address and, for rfcfloor (rfc), the target of the frame when it is an NS; rfcfloor's
 * neighbor record of the frame's source (address and MAC), so its lookup hits as xdp6's does for
 * a busy neighbor; its MAC. Shared by tput.c and micro.c. */
int floor_fill(struct bench_min_echo *ref, const struct in6_addr *dut, const uint8_t *frame,
	       int frame_len, const uint8_t *mac, bool rfc)
{
	struct xdp6_addr_val v = { .state = XDP6_ADDR_PREFERRED, .prefixlen = 64 };
	struct xdp6_neigh n = { .seen_ns = 1 };
	struct xdp6_addr_key k;
	const struct nd6_ns *ns = (const void *)(frame + ETH6_HLEN + IP6_HLEN);
	int err;

	memcpy(k.addr, dut, sizeof(k.addr));
	err = bpf_map__update_elem(ref->maps.floor_addrs, &k, sizeof(k), &v, sizeof(v), BPF_ANY);
	if (err || !rfc)
		goto out;
	if (frame_len >= ETH6_HLEN + IP6_HLEN + (int)sizeof(*ns) &&
	    ns->type == ICMP6_TYPE_NEIGHBOR_SOLICIT) {
		memcpy(k.addr, ns->target, sizeof(k.addr));
		err = bpf_map__update_elem(ref->maps.floor_addrs, &k, sizeof(k), &v, sizeof(v),
					   BPF_ANY);
		if (err)
			goto out;
	}
	/* the generator's source address and MAC, as the frames carry them */
	memcpy(k.addr, frame + ETH6_HLEN + offsetof(struct ip6_hdr, saddr), sizeof(k.addr));
	memcpy(n.mac, frame + ETH6_ALEN, ETH6_ALEN);
	err = bpf_map__update_elem(ref->maps.rfcfloor_neigh, &k, sizeof(k), &n, sizeof(n),
				   BPF_ANY);
	memcpy(ref->bss->rfcfloor_mac, mac, ETH6_ALEN);
out:
	if (err)
		fprintf(stderr, "Couldn't fill the floor maps: %s\n", strerror(-err));
	return err;
}
