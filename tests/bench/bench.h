/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Shared pieces of the bench driver xdp6bench: namespaces, XDP attach, per-CPU counters, loading
 * the product's build/xdp6.bpf.o without the daemon (filling its addrs/iface maps as the daemon
 * would, RFC 4862 §5.4: only preferred addresses are answered), and small statistics. */
#ifndef XDP6_BENCH_H
#define XDP6_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include <bpf/libbpf.h>

#include "xdp6_maps.h"

#define BENCH_FRAME_MAX	256

/* util.c */
uint64_t now_ns(void);
void sleep_ns(uint64_t ns);
int frame_load_hex(const char *path, uint8_t *buf, size_t cap);
int netns_enter(const char *name);		/* setns to /run/netns/<name>; -errno */
int if_lookup(const char *ifname, int *ifindex, uint8_t mac[6]);
int xdp_attach_native(int ifindex, int prog_fd);
void xdp_detach(int ifindex);
int hold_in_dispatcher(const char *ifname, int prog_fd);	/* ifindex or -errno */
int pin_self_cpu(int cpu);
int set_rt_prio(int tid, int rt_prio);		/* SCHED_FIFO, or SCHED_OTHER for 0 */
int napi_pin(const char *ns, const char *ifname, int cpu, int rt_prio, int *pids, int max);
uint64_t thread_runtime_ns(int pid);
uint64_t thread_sleeps(int pid);
uint64_t percpu_u64_sum(int map_fd, uint32_t key);
long fd_memlock(int fd);			/* /proc/self/fdinfo memlock:, what bpftool prints */
int parse_u64_list(const char *s, uint64_t *out, int max);
int cmp_u64(const void *a, const void *b);
uint64_t median_u64(uint64_t *v, int n);	/* sorts v */
double cpu_busy_frac(int cpu, uint64_t *busy, uint64_t *total);	/* delta since last call */

/* A device's ethtool statistics, read by name without forking ethtool. */
#define ETHSTATS_MAX	8
struct ethstats {
	int fd, n;
	uint32_t nstats;
	int idx[ETHSTATS_MAX];
	char ifname[16];		/* IFNAMSIZ */
	void *buf;
};
int ethstats_open(struct ethstats *e, const char *ifname, const char *const *names, int n);
int ethstats_read(struct ethstats *e, uint64_t *vals);	/* vals[i] for names[i] */
void ethstats_close(struct ethstats *e);

/* The product's XDP program, loaded from its object file. */
struct xdp6_prod {
	struct bpf_object *obj;
	struct bpf_program *prog;
	int prog_fd;
	int addrs_fd, iface_fd, stats_fd, xsks_fd, groups_fd;
	int ownbits_fd;		/* -1: an object older than the ownbits filter (A/B runs) */
	int addrgen_fd;		/* -1: an object older than addrcache (A/B runs) */
};

int xdp6_prod_open(struct xdp6_prod *p, const char *path, uint32_t max_addrs);
int xdp6_prod_config(struct xdp6_prod *p, int ifindex, const uint8_t mac[6]);
/* Adds n consecutive addresses first, first+1, ... (the last 32 bits counting up), all with
 * the same state, and their solicited-node groups. */
int xdp6_prod_add_addrs(struct xdp6_prod *p, const struct in6_addr *first, uint32_t n,
			uint8_t plen, enum xdp6_addr_state state);
uint64_t xdp6_prod_stat(struct xdp6_prod *p, enum xdp6_reason r);
const char *xdp6_reason_name(enum xdp6_reason r);
long xdp6_prod_memlock(struct xdp6_prod *p, long *addrs_only);
int xdp6_prod_src_rate(struct xdp6_prod *p, uint32_t pps, uint32_t burst, unsigned bits);
int xdp6_prod_echo_rate(struct xdp6_prod *p, uint32_t pps, uint32_t burst);
void xdp6_prod_close(struct xdp6_prod *p);

/* subcommands */
int cmd_micro(int argc, char **argv);
int cmd_tput(int argc, char **argv);
int cmd_addrs_add(int argc, char **argv);
int cmd_pingpong(int argc, char **argv);
int cmd_jitlines(int argc, char **argv);

struct bench_min_echo;
struct in6_addr;
int floor_fill(struct bench_min_echo *ref, const struct in6_addr *dut, const uint8_t *frame,
	       int frame_len, const uint8_t *mac, bool rfc);

/* pingpong.c: ns per round trip of a cache line between CPUs a != b (0 rounds: the default) */
double cacheline_rtt_ns(int a, int b, uint64_t rounds);

#endif /* XDP6_BENCH_H */
