// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* fuzz-xdp: the fast-path property fuzzer. Loads build/xdp6.bpf.o twice (as the daemon does,
 * and with BPF_F_XDP_HAS_FRAGS), finds its maps by name at load time (so it works whatever maps
 * the program has), and drives structured, mutated and random frames (xdp_gen.c) through
 * BPF_PROG_TEST_RUN (repeat = 1) under map configurations that change every few thousand
 * frames. Every outcome is judged by the independent checker (xdp_check.c) plus the checks that
 * need the maps: one stats reason per frame, the reason's action as README lists it, token
 * bucket limits. A violation is minimised (recipe fields back to their baseline, config entries
 * removed) and written as a replayable hex file and a pcap; `--replay FILE` runs such files.
 *
 *   fuzz-xdp [--frames N] [--seed S] [--obj build/xdp6.bpf.o] [--fail-dir DIR]
 *            [--sample N --sample-out PREFIX] [--replay FILE ...] [--report]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <linux/if_link.h>
#include <linux/if_xdp.h>
#include <net/if.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "xdp_fuzz.h"
#include "../unit/addrs_put.h"

#ifndef SOL_XDP
#define SOL_XDP 283
#endif

#define SAVE_PER_PROP		3	/* failing frames written per property */

#define REASON_NAME(id, name) [id] = name,
static const char *const reason_names[R__MAX] = { XDP6_REASONS(REASON_NAME) };

/* ---- the program under test ---- */

struct inst {
	struct bpf_object *obj;
	int prog, addrs, ownbits, addrgen, neighgen, iface, tokens, groups, served, stats, xsks, pmtu, neigh;
	uint32_t n_reasons;
	uint64_t *pk, *by;		/* last stats snapshot, per reason (summed over CPUs) */
	uint32_t tx_echo, tx_na;	/* replies since the buckets were reset */
};

static struct inst plain_i, frags_i;
static int ncpus, xsk_fd = -1;
static const char *obj_path = "build/xdp6.bpf.o";
/* pmtu map layout, probed from BTF: value size, offset and size of its mtu field, and bytes
 * of fields that look like an expiry (set to "never") */
static struct {
	int found;
	uint32_t key_size, val_size, mtu_off, mtu_size;
	uint8_t never[64];
} pmtu_l;

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "fuzz-xdp: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(2);
}

static int map_fd(struct bpf_object *o, const char *name, int required)
{
	struct bpf_map *m = bpf_object__find_map_by_name(o, name);

	if (!m) {
		if (required)
			die("%s has no map `%s`", obj_path, name);
		return -1;
	}
	return bpf_map__fd(m);
}

/* RFC-independent plumbing: the pmtu map's value layout from its BTF (issue 9 item 15 adds
 * it; its exact struct is not known when this was written). */
/* The path-MTU map: the first whose name has "pmtu" in it. */
static struct bpf_map *pmtu_map(struct bpf_object *o)
{
	struct bpf_map *m;

	bpf_object__for_each_map(m, o)
		if (strstr(bpf_map__name(m), "pmtu"))
			return m;
	return NULL;
}

static void probe_pmtu(struct bpf_object *o)
{
	struct bpf_map *m = pmtu_map(o);
	struct btf *btf = bpf_object__btf(o);
	const struct btf_type *t;
	int id;

	if (!m || !btf)
		return;
	pmtu_l.key_size = bpf_map__key_size(m);
	pmtu_l.val_size = bpf_map__value_size(m);
	if (pmtu_l.key_size != 16 || pmtu_l.val_size > sizeof(pmtu_l.never)) {
		fprintf(stderr, "fuzz-xdp: pmtu map: key %u bytes, value %u: layout not "
			"understood, not exercised\n", pmtu_l.key_size, pmtu_l.val_size);
		return;
	}
	id = bpf_map__btf_value_type_id(m);
	t = id > 0 ? btf__type_by_id(btf, btf__resolve_type(btf, id)) : NULL;
	if (t && btf_is_int(t)) {
		pmtu_l.mtu_off = 0;
		pmtu_l.mtu_size = t->size;
		pmtu_l.found = 1;
	} else if (t && btf_is_struct(t)) {
		const struct btf_member *mb = btf_members(t);

		for (int i = 0; i < btf_vlen(t); i++, mb++) {
			const char *n = btf__name_by_offset(btf, mb->name_off);
			const struct btf_type *mt = btf__type_by_id(btf,
					btf__resolve_type(btf, mb->type));
			uint32_t off = btf_member_bit_offset(t, i) / 8, sz = mt ? mt->size : 0;

			if (!strcmp(n, "mtu")) {
				pmtu_l.mtu_off = off;
				pmtu_l.mtu_size = sz;
				pmtu_l.found = 1;
			} else if ((strstr(n, "expir") || strstr(n, "until") ||
				    strstr(n, "deadline")) && off + sz <= sizeof(pmtu_l.never)) {
				memset(pmtu_l.never + off, 0xff, sz);
			}
		}
	}
	if (!pmtu_l.found || (pmtu_l.mtu_size != 2 && pmtu_l.mtu_size != 4))
		pmtu_l.found = 0;
	fprintf(stderr, "fuzz-xdp: pmtu map %s (value %u bytes, mtu at %u, %u bytes)\n",
		pmtu_l.found ? "found" : "not understood", pmtu_l.val_size, pmtu_l.mtu_off,
		pmtu_l.mtu_size);
}

static void inst_load(struct inst *in, int frags)
{
	struct bpf_program *p;

	in->obj = bpf_object__open_file(obj_path, NULL);
	if (!in->obj)
		die("open %s: %s", obj_path, strerror(errno));
	p = bpf_object__find_program_by_name(in->obj, "xdp6_main");
	if (!p)
		die("%s has no program xdp6_main", obj_path);
	if (frags)
		bpf_program__set_flags(p, bpf_program__flags(p) | BPF_F_XDP_HAS_FRAGS);
	if (bpf_object__load(in->obj))
		die("load %s%s: %s", obj_path, frags ? " with BPF_F_XDP_HAS_FRAGS" : "",
		    strerror(errno));
	in->prog = bpf_program__fd(p);
	in->addrs = map_fd(in->obj, "addrs", 1);
	in->ownbits = map_fd(in->obj, "ownbits", 0);
	in->addrgen = map_fd(in->obj, "addrgen", 0);
	in->iface = map_fd(in->obj, "iface", 1);
	in->tokens = map_fd(in->obj, "tokens", 1);
	in->groups = map_fd(in->obj, "groups", 1);
	in->served = map_fd(in->obj, "served", 0);
	in->stats = map_fd(in->obj, "stats", 1);
	in->xsks = map_fd(in->obj, "xsks", 0);
	in->neigh = map_fd(in->obj, "neigh", 0);
	in->neighgen = map_fd(in->obj, "neighgen", 0);
	in->pmtu = pmtu_map(in->obj) ? bpf_map__fd(pmtu_map(in->obj)) : -1;
	in->n_reasons = bpf_map__max_entries(bpf_object__find_map_by_name(in->obj, "stats"));
	in->pk = calloc(in->n_reasons, sizeof(*in->pk));
	in->by = calloc(in->n_reasons, sizeof(*in->by));
	if (!in->pk || !in->by)
		die("out of memory");
}

static const char *reason_name(uint32_t r)
{
	static char buf[32];

	if (r < R__MAX)
		return reason_names[r];
	snprintf(buf, sizeof(buf), "reason-%u", r);
	return buf;
}

/* Stats summed over CPUs, one batch lookup (a per-key lookup per reason when unsupported). */
static int stats_read(const struct inst *in, uint64_t *pk, uint64_t *by)
{
	static struct xdp6_stat *vals;
	static uint32_t *keys;
	static uint32_t cap;
	uint32_t n = in->n_reasons, out = 0, count = n;
	LIBBPF_OPTS(bpf_map_batch_opts, o);

	if (cap < n) {
		free(vals);
		free(keys);
		vals = calloc((size_t)n * ncpus, sizeof(*vals));
		keys = calloc(n, sizeof(*keys));
		cap = n;
		if (!vals || !keys)
			die("out of memory");
	}
	if (bpf_map_lookup_batch(in->stats, NULL, &out, keys, vals, &count, &o) &&
	    errno != ENOENT)
		count = 0;
	if (count != n) {
		for (uint32_t r = 0; r < n; r++) {
			keys[r] = r;
			if (bpf_map_lookup_elem(in->stats, &r, vals + (size_t)r * ncpus))
				return -1;
		}
	}
	for (uint32_t i = 0; i < n; i++) {
		uint64_t p = 0, b = 0;

		for (int c = 0; c < ncpus; c++) {
			p += vals[(size_t)i * ncpus + c].packets;
			b += vals[(size_t)i * ncpus + c].bytes;
		}
		if (keys[i] < n) {
			pk[keys[i]] = p;
			by[keys[i]] = b;
		}
	}
	return 0;
}

static void map_clear(int fd, size_t key_size)
{
	uint8_t key[64], next[64];

	if (fd < 0)
		return;
	while (!bpf_map_get_next_key(fd, NULL, next)) {
		memcpy(key, next, key_size);
		if (bpf_map_delete_elem(fd, key))
			break;
	}
}

static void tokens_reset(struct inst *in)
{
	struct xdp6_bucket zero = { 0 };

	for (uint32_t b = 0; b < XDP6_BUCKET_MAX; b++)
		bpf_map_update_elem(in->tokens, &b, &zero, 0);
	in->tx_echo = in->tx_na = 0;
}

static void cfg_apply(struct inst *in, const struct xf_config *c)
{
	uint32_t k0 = 0, one = 1;
	int err = 0;

	map_clear(in->addrs, sizeof(struct xdp6_addr_key));
	if (in->ownbits >= 0)
		err |= ownbits_clear(in->ownbits);
	err |= addrgen_step(in->addrgen);
	map_clear(in->groups, sizeof(struct xdp6_addr_key));
	map_clear(in->served, sizeof(struct xdp6_served_key));
	map_clear(in->pmtu, pmtu_l.key_size);
	map_clear(in->neigh, sizeof(struct xdp6_addr_key));
	err |= addrgen_step(in->neighgen);	/* neigh emptied: XDP's neighcache slots too */
	if (in->xsks >= 0)
		bpf_map_delete_elem(in->xsks, &k0);
	tokens_reset(in);
	err |= bpf_map_update_elem(in->iface, &k0, &c->ifc, 0);
	for (int i = 0; i < c->n_addrs; i++) {
		struct xdp6_addr_val v = { .state = c->addrs[i].state, .prefixlen = 64 };

		err |= addrs_put(in->addrs, in->ownbits, in->addrgen, c->addrs[i].a, &v);
	}
	for (int i = 0; i < c->n_groups; i++)
		err |= bpf_map_update_elem(in->groups, c->groups[i], &one, 0);
	if (pmtu_l.found && in->pmtu >= 0) {
		for (int i = 0; i < c->n_pmtu; i++) {
			uint8_t v[64];

			memcpy(v, pmtu_l.never, sizeof(v));
			if (pmtu_l.mtu_size == 2)
				*(uint16_t *)(v + pmtu_l.mtu_off) = c->pmtu[i].mtu;
			else
				*(uint32_t *)(v + pmtu_l.mtu_off) = c->pmtu[i].mtu;
			err |= bpf_map_update_elem(in->pmtu, c->pmtu[i].dst, v, 0);
		}
	}
	if (c->xsk && xsk_fd >= 0 && in->xsks >= 0)
		err |= bpf_map_update_elem(in->xsks, &k0, &xsk_fd, 0);
	if (err)
		die("map setup failed: %s", strerror(errno));
	stats_read(in, in->pk, in->by);
}

/* ---- AF_XDP socket standing in for the daemon's (bound to lo in a private netns) ---- */

static int xsk_open_lo(void)
{
	struct xdp_umem_reg mr = { 0 };
	struct sockaddr_xdp sxdp = { 0 };
	struct ifreq ifr = { 0 };
	size_t umem_len = 16 * 4096;
	int fd, s, ring = 64;
	void *umem;

	if (unshare(CLONE_NEWNET))
		return -1;
	s = socket(AF_INET, SOCK_DGRAM, 0);
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	if (s < 0 || ioctl(s, SIOCGIFFLAGS, &ifr))
		return -1;
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(s, SIOCSIFFLAGS, &ifr))
		return -1;
	close(s);
	umem = mmap(NULL, umem_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	fd = socket(AF_XDP, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (umem == MAP_FAILED || fd < 0)
		return -1;
	mr.addr = (uintptr_t)umem;
	mr.len = umem_len;
	mr.chunk_size = 4096;
	sxdp.sxdp_family = AF_XDP;
	sxdp.sxdp_ifindex = if_nametoindex("lo");
	sxdp.sxdp_flags = XDP_COPY;
	if (setsockopt(fd, SOL_XDP, XDP_UMEM_REG, &mr, sizeof(mr)) ||
	    setsockopt(fd, SOL_XDP, XDP_UMEM_FILL_RING, &ring, sizeof(ring)) ||
	    setsockopt(fd, SOL_XDP, XDP_UMEM_COMPLETION_RING, &ring, sizeof(ring)) ||
	    setsockopt(fd, SOL_XDP, XDP_RX_RING, &ring, sizeof(ring)) ||
	    bind(fd, (struct sockaddr *)&sxdp, sizeof(sxdp))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* ---- README: which actions each reason may come with ---- */

static uint8_t reason_actions[R__MAX + 64];	/* bit per XDP_* action; 0 = not listed */

static void readme_load(const char *path)
{
	char line[512];
	int in_table = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char name[64], acts[64];

		if (!strncmp(line, "| XDP reason |", 14)) {
			in_table = 1;
			continue;
		}
		if (in_table && line[0] != '|')
			break;
		if (!in_table || sscanf(line, "| `%63[^`]` | %63[^ |]", name, acts) != 2)
			continue;
		for (uint32_t r = 0; r < R__MAX; r++) {
			if (strcmp(name, reason_names[r]))
				continue;
			for (char *a = strtok(acts, "/"); a; a = strtok(NULL, "/")) {
				if (!strcmp(a, "TX"))
					reason_actions[r] |= 1 << XDP_TX;
				else if (!strcmp(a, "PASS"))
					reason_actions[r] |= 1 << XDP_PASS;
				else if (!strcmp(a, "DROP"))
					reason_actions[r] |= 1 << XDP_DROP;
				else if (!strcmp(a, "REDIRECT"))
					reason_actions[r] |= 1 << XDP_REDIRECT;
			}
		}
	}
	fclose(f);
}

/* ---- one run ---- */

static uint8_t in_buf[XF_FRAME_MAX], out_buf[XF_OUT_MAX];

struct outcome {
	struct xf_run run;
	struct xf_result res;
	int reason;			/* the one reason counted, -1 if not exactly one */
	struct inst *in;
};

static const char *act_name(int a)
{
	switch (a) {
	case XDP_ABORTED: return "ABORTED";
	case XDP_DROP: return "DROP";
	case XDP_PASS: return "PASS";
	case XDP_TX: return "TX";
	case XDP_REDIRECT: return "REDIRECT";
	}
	return "?";
}

static struct inst *inst_for(const struct xf_config *c, size_t len)
{
	return c->frags || len > XF_LINEAR_MAX ? &frags_i : &plain_i;
}

/* Every return counted under exactly one reason, by the length of the frame as it leaves
 * (README "Stats reasons"), with an action README lists for that reason. */
static void check_stats(struct inst *in, struct outcome *oc)
{
	static uint64_t *pk, *by;
	static uint32_t cap;
	uint64_t dp_total = 0;
	int r1;

	if (cap < in->n_reasons) {
		free(pk);
		free(by);
		pk = calloc(in->n_reasons, sizeof(*pk));
		by = calloc(in->n_reasons, sizeof(*by));
		cap = in->n_reasons;
		if (!pk || !by)
			die("out of memory");
	}
	if (stats_read(in, pk, by))
		die("stats read failed: %s", strerror(errno));
	for (uint32_t r = 0; r < in->n_reasons; r++) {
		uint64_t dp = pk[r] - in->pk[r], db = by[r] - in->by[r];

		if (!dp)
			continue;
		dp_total += dp;
		if (dp == 1 && db == oc->run.out_len && oc->reason < 0)
			oc->reason = r;
		else
			xf_violate(&oc->res, P_ONE_REASON, "%s +%llu packets +%llu bytes (frame "
				   "%zu bytes)", reason_name(r), (unsigned long long)dp,
				   (unsigned long long)db, oc->run.out_len);
	}
	if (dp_total != 1) {
		xf_violate(&oc->res, P_ONE_REASON, "%llu packets counted for one frame",
			   (unsigned long long)dp_total);
		oc->reason = -1;
	}
	memcpy(in->pk, pk, in->n_reasons * sizeof(*pk));
	memcpy(in->by, by, in->n_reasons * sizeof(*by));
	oc->run.reason = oc->reason >= 0 ? reason_name(oc->reason) : NULL;
	r1 = oc->reason;
	if (r1 >= 0 && r1 < R__MAX && reason_actions[r1] && oc->run.action <= XDP_REDIRECT &&
	    !(reason_actions[r1] & (1 << oc->run.action)))
		xf_violate(&oc->res, P_REASON_ACTION, "%s counted with action %s",
			   reason_name(r1), act_name(oc->run.action));
}

/* RFC 4861 §7.2.3: the NS sender's record in the neigh map changes only when the checker
 * says it may, to the NS's SLLA, and is there after an answered NS that carries one. */
static void check_neigh(const struct inst *in, const uint8_t *key, int had,
			const struct xdp6_neigh *before, struct outcome *oc)
{
	struct xdp6_neigh after;
	int has = !bpf_map_lookup_elem(in->neigh, key, &after);
	int changed = has != had || (has && memcmp(after.mac, before->mac, ETH6_ALEN));
	int right = has && !memcmp(after.mac, oc->res.slla, ETH6_ALEN);

	if (changed && !oc->res.may_learn)
		xf_violate(&oc->res, P_NEIGH, "sender learned from an NS that may not create a "
			   "neighbor entry (%s, %s)", act_name(oc->run.action),
			   oc->run.reason ? oc->run.reason : "no reason");
	else if (changed && !right)
		xf_violate(&oc->res, P_NEIGH, "sender recorded with another MAC than its SLLA");
	else if (oc->run.action == XDP_TX && oc->res.may_learn && !right)
		xf_violate(&oc->res, P_NEIGH, "NS answered but its sender not recorded with its "
			   "SLLA");
}

/* Token buckets: replies since the reset at most burst + rate x elapsed (+1: the program
 * reads the clock before we do). */
static void check_rate(const struct xf_config *c, struct inst *in, uint64_t epoch_ns,
		       struct outcome *oc)
{
	struct timespec ts;
	uint64_t now;
	double el;
	int echo = !strncmp(oc->run.reason, "echo", 4);
	uint32_t rate = echo ? c->ifc.echo_rate : c->ifc.na_rate;
	uint32_t burst = echo ? c->ifc.echo_burst : c->ifc.na_burst;
	uint32_t sent = echo ? ++in->tx_echo : ++in->tx_na;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	now = ts.tv_sec * 1000000000ull + ts.tv_nsec;
	el = (now - epoch_ns) / 1e9;
	if (rate && sent > (burst ? burst : 1) + rate * el + 1)
		xf_violate(&oc->res, P_RATE, "%u %s replies in %.3f s at %u/s burst %u", sent,
			   echo ? "echo" : "NA", el, rate, burst);
}

/* Runs frame [len] under config c (already applied) and judges it; epoch_ns: when the token
 * buckets were reset (0: do not check rates). */
static void run_one(const struct xf_config *c, const uint8_t *frame, size_t len,
		    struct outcome *oc, uint64_t epoch_ns)
{
	struct inst *in = inst_for(c, len);
	struct xdp6_neigh before;
	uint8_t key[16];
	int is_ns = 0, had = 0;
	size_t l3, l4, ll;
	LIBBPF_OPTS(bpf_test_run_opts, o,
		.data_in = frame,
		.data_size_in = len,
		.data_out = out_buf,
		.data_size_out = sizeof(out_buf),
		.repeat = 1,
	);

	memset(oc, 0, sizeof(*oc));
	oc->in = in;
	oc->reason = -1;
	oc->run.in = frame;
	oc->run.in_len = len;
	if (in->neigh >= 0 && xf_find_icmp6(frame, len, &l3, &l4, &ll) &&
	    frame[l4] == ICMP6_TYPE_NEIGHBOR_SOLICIT) {
		is_ns = 1;
		memcpy(key, frame + l3 + 8, sizeof(key));	/* the IPv6 source */
		had = !bpf_map_lookup_elem(in->neigh, key, &before);
	}
	if (bpf_prog_test_run_opts(in->prog, &o)) {
		xf_violate(&oc->res, P_RUN_OK, "BPF_PROG_TEST_RUN of %zu bytes: %s", len,
			   strerror(errno));
		return;
	}
	oc->run.out = out_buf;
	oc->run.out_len = o.data_size_out;
	oc->run.action = o.retval;
	if (o.retval > XDP_REDIRECT || o.retval == XDP_ABORTED)
		xf_violate(&oc->res, P_RUN_OK, "program returned %s (%u)", act_name(o.retval),
			   o.retval);
	check_stats(in, oc);
	xf_check(c, &oc->run, &oc->res);
	if (is_ns)
		check_neigh(in, key, had, &before, oc);
	if (o.retval == XDP_TX && oc->run.reason && epoch_ns)
		check_rate(c, in, epoch_ns, oc);
}

/* ---- writing failing frames: replay file (hex) and pcap ---- */

static void pcap_header(FILE *f)
{
	uint32_t h[6] = { 0xa1b2c3d4, 0x00040002, 0, 0, 65535, 1 /* LINKTYPE_ETHERNET */ };

	fwrite(h, sizeof(h), 1, f);
}

static void pcap_record(FILE *f, const uint8_t *p, size_t n, uint32_t sec)
{
	uint32_t h[4] = { sec, 0, n, n };

	fwrite(h, sizeof(h), 1, f);
	fwrite(p, 1, n, f);
}

static const char *state_name(int s)
{
	switch (s) {
	case XDP6_ADDR_TENTATIVE: return "tentative";
	case XDP6_ADDR_PREFERRED: return "preferred";
	case XDP6_ADDR_DEPRECATED: return "deprecated";
	case XDP6_ADDR_DUPLICATE: return "duplicate";
	}
	return "?";
}

static void write_cfg(FILE *f, const struct xf_config *c)
{
	char a[INET6_ADDRSTRLEN];
	const struct xdp6_iface *i = &c->ifc;

	inet_ntop(AF_INET6, i->ll_addr, a, sizeof(a));
	fprintf(f, "iface mac=%02x%02x%02x%02x%02x%02x flags=%s%s%s%s0 hop=%u ll=%s "
		"echo_rate=%u echo_burst=%u na_rate=%u na_burst=%u\n", i->mac[0], i->mac[1],
		i->mac[2], i->mac[3], i->mac[4], i->mac[5],
		i->flags & XDP6_IF_ECHO_MCAST ? "echo_mcast," : "",
		i->flags & XDP6_IF_ROUTER ? "router," : "",
		i->flags & XDP6_IF_HAS_LL ? "has_ll," : "",
		i->flags & XDP6_IF_UNSERVED_REJECT ? "unserved_reject," : "",
		i->echo_hop_limit, a, i->echo_rate, i->echo_burst, i->na_rate, i->na_burst);
	for (int k = 0; k < c->n_addrs; k++) {
		inet_ntop(AF_INET6, c->addrs[k].a, a, sizeof(a));
		fprintf(f, "addr %s %s\n", a, state_name(c->addrs[k].state));
	}
	for (int k = 0; k < c->n_groups; k++) {
		inet_ntop(AF_INET6, c->groups[k], a, sizeof(a));
		fprintf(f, "group %s\n", a);
	}
	for (int k = 0; k < c->n_pmtu; k++) {
		inet_ntop(AF_INET6, c->pmtu[k].dst, a, sizeof(a));
		fprintf(f, "pmtu %s %u\n", a, c->pmtu[k].mtu);
	}
	if (c->xsk)
		fprintf(f, "xsk\n");
	if (c->frags)
		fprintf(f, "frags\n");
}

static void write_hex(FILE *f, const char *tag, const uint8_t *p, size_t n)
{
	fprintf(f, "%s ", tag);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%02x", p[i]);
	fprintf(f, "\n");
}

/* Writes DIR/<property>-<n>.hex and .pcap; returns the hex path (static). */
static const char *save_failure(const char *dir, enum xf_prop p, int n, const struct xf_config *c,
				const uint8_t *frame, size_t len, const struct outcome *oc,
				uint64_t seed, uint64_t frame_no, const struct xf_recipe *rc)
{
	static char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s", dir);
	for (char *q = path + 1; *q; q++) {	/* mkdir -p */
		if (*q == '/') {
			*q = 0;
			mkdir(path, 0755);
			*q = '/';
		}
	}
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s-%d.pcap", dir, xf_prop_name[p], n);
	f = fopen(path, "wb");
	if (f) {
		pcap_header(f);
		pcap_record(f, frame, len, 0);
		if (oc->run.action == XDP_TX)
			pcap_record(f, oc->run.out, oc->run.out_len, 1);
		fclose(f);
	}
	snprintf(path, sizeof(path), "%s/%s-%d.hex", dir, xf_prop_name[p], n);
	f = fopen(path, "w");
	if (!f)
		return "(not written)";
	fprintf(f, "# xdp6 fast-path fuzzer: a frame that breaks a property; replay with\n"
		"#   build/fuzz/fuzz-xdp --replay %s\n", path);
	fprintf(f, "# property %s: %s\n", xf_prop_name[p], xf_prop_what[p]);
	if (xf_prop_item[p])
		fprintf(f, "# expected from issue 9 item %d\n", xf_prop_item[p]);
	fprintf(f, "# why: %s\n", oc->res.why[p]);
	fprintf(f, "# outcome: %s, reason %s, %zu bytes out\n", act_name(oc->run.action),
		oc->run.reason ? oc->run.reason : "(none)", oc->run.out_len);
	fprintf(f, "# found with seed %llu at frame %llu (minimised)\n",
		(unsigned long long)seed, (unsigned long long)frame_no);
	if (rc) {
		struct xf_recipe base;

		/* the fields that differ from the kind's valid baseline: what makes it break */
		xf_recipe_base(rc->f[F_KIND], &base);
		fprintf(f, "# recipe %s:", xf_kind_name[rc->f[F_KIND] % K__MAX]);
		for (int i = 1; i < F__MAX; i++)
			if (rc->f[i] != base.f[i])
				fprintf(f, " %s=%u", xf_field_name[i] + 2, rc->f[i]);
		fprintf(f, "\n");
	}
	fprintf(f, "property %s\n", xf_prop_name[p]);
	write_cfg(f, c);
	write_hex(f, "in", frame, len);
	if (oc->run.action == XDP_TX)
		write_hex(f, "# out", oc->run.out, oc->run.out_len);
	fclose(f);
	return path;
}

/* ---- minimising ---- */

static int violates(struct xf_config *c, const uint8_t *frame, size_t len, enum xf_prop p,
		    struct outcome *oc)
{
	cfg_apply(inst_for(c, len), c);
	run_one(c, frame, len, oc, 0);
	return !!(oc->res.violated & (1ull << p));
}

static const uint32_t simpler_data[] = { 1, 7, 8 };	/* data_lens indices: 0, 8, 16 bytes */

/* Walks recipe fields back to their baseline and config entries away while the property
 * still breaks. The frame is rebuilt into in_buf; returns its length. */
static size_t minimise(struct xf_config *c, struct xf_recipe *rc, enum xf_prop p,
		       struct outcome *oc)
{
	struct xf_recipe base, t;
	struct xf_config tc;
	size_t len;
	int changed = 1, pass = 0;

	len = xf_build(c, rc, in_buf, sizeof(in_buf));
	if (!violates(c, in_buf, len, p, oc))
		return len;		/* depends on history (rate limits): keep as found */
	if (rc->f[F_KIND] == K_RANDOM) {
		while (rc->raw_len > ETH6_HLEN) {
			t = *rc;
			t.raw_len--;
			len = xf_build(c, &t, in_buf, sizeof(in_buf));
			if (!violates(c, in_buf, len, p, oc))
				break;
			*rc = t;
		}
	}
	xf_recipe_base(rc->f[F_KIND], &base);
	while (changed && pass++ < 4) {
		changed = 0;
		for (int i = 1; i < F__MAX; i++) {
			if (rc->f[i] == base.f[i] || rc->f[F_KIND] == K_RANDOM)
				continue;
			t = *rc;
			t.f[i] = base.f[i];
			if (i == F_MUT_N || i == F_EXT_N || i == F_OPT_N) {
				/* fewer first */
				for (uint32_t k = 0; k < rc->f[i]; k++) {
					t.f[i] = k;
					len = xf_build(c, &t, in_buf, sizeof(in_buf));
					if (violates(c, in_buf, len, p, oc)) {
						*rc = t;
						changed = 1;
						break;
					}
				}
				continue;
			}
			len = xf_build(c, &t, in_buf, sizeof(in_buf));
			if (violates(c, in_buf, len, p, oc)) {
				*rc = t;
				changed = 1;
			}
		}
	}
	/* shorter data than the baseline's 56 bytes, when that still breaks it */
	for (size_t k = 0; rc->f[F_KIND] != K_RANDOM && k < sizeof(simpler_data) / 4; k++) {
		struct xf_recipe t2 = *rc;

		if (rc->f[F_DATA_LEN] != 0)
			break;
		t2.f[F_DATA_LEN] = simpler_data[k];
		len = xf_build(c, &t2, in_buf, sizeof(in_buf));
		if (violates(c, in_buf, len, p, oc)) {
			*rc = t2;
			break;
		}
	}
	/* the configuration: drop what the violation does not need */
	for (int i = c->n_addrs - 1; i >= 0; i--) {
		tc = *c;
		memmove(&tc.addrs[i], &tc.addrs[i + 1], (tc.n_addrs - i - 1) * sizeof(tc.addrs[0]));
		tc.n_addrs--;
		len = xf_build(&tc, rc, in_buf, sizeof(in_buf));
		if (violates(&tc, in_buf, len, p, oc))
			*c = tc;
	}
	for (int i = c->n_groups - 1; i >= 0; i--) {
		tc = *c;
		memmove(tc.groups[i], tc.groups[i + 1], (tc.n_groups - i - 1) * 16);
		tc.n_groups--;
		len = xf_build(&tc, rc, in_buf, sizeof(in_buf));
		if (violates(&tc, in_buf, len, p, oc))
			*c = tc;
	}
	for (int i = 0; i < 7; i++) {
		tc = *c;
		switch (i) {
		case 0: tc.n_pmtu = 0; break;
		case 1: tc.ifc.flags &= ~XDP6_IF_ROUTER; break;
		case 2: tc.ifc.flags &= ~XDP6_IF_UNSERVED_REJECT; break;
		case 3: tc.ifc.echo_rate = tc.ifc.echo_burst = 0; break;
		case 4: tc.ifc.na_rate = tc.ifc.na_burst = 0; break;
		case 5: tc.frags = 0; break;
		case 6: tc.ifc.echo_hop_limit = 0; break;
		}
		len = xf_build(&tc, rc, in_buf, sizeof(in_buf));
		if (violates(&tc, in_buf, len, p, oc))
			*c = tc;
	}
	len = xf_build(c, rc, in_buf, sizeof(in_buf));
	violates(c, in_buf, len, p, oc);
	return len;
}

/* ---- replay files ---- */

static size_t unhex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;

	while (s[0] && s[1] && s[0] != '\n' && n < cap) {
		if (sscanf(s, "%2hhx", &out[n]) != 1)
			break;
		n++;
		s += 2;
	}
	return n;
}

static int parse_state(const char *s)
{
	for (int i = 0; i < 4; i++)
		if (!strcmp(s, state_name(i)))
			return i;
	return -1;
}

static uint32_t parse_flags(const char *v)
{
	return (strstr(v, "echo_mcast") ? XDP6_IF_ECHO_MCAST : 0) |
	       (strstr(v, "router") ? XDP6_IF_ROUTER : 0) |
	       (strstr(v, "has_ll") ? XDP6_IF_HAS_LL : 0) |
	       (strstr(v, "unserved_reject") ? XDP6_IF_UNSERVED_REJECT : 0);
}

static int read_replay(const char *path, struct xf_config *c, uint8_t *frame, size_t *len,
		       char *prop, size_t prop_cap)
{
	static char line[2 * XF_FRAME_MAX + 64];
	char a[64], b[64];
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	memset(c, 0, sizeof(*c));
	*len = 0;
	prop[0] = 0;
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (!strncmp(line, "iface ", 6)) {
			char *save = NULL;

			for (char *tok = strtok_r(line + 6, " \n", &save); tok;
			     tok = strtok_r(NULL, " \n", &save)) {
				char *v = strchr(tok, '=');

				if (!v)
					continue;
				*v++ = 0;
				if (!strcmp(tok, "mac"))
					unhex(v, c->ifc.mac, 6);
				else if (!strcmp(tok, "flags"))
					c->ifc.flags = parse_flags(v);
				else if (!strcmp(tok, "hop"))
					c->ifc.echo_hop_limit = atoi(v);
				else if (!strcmp(tok, "ll"))
					inet_pton(AF_INET6, v, c->ifc.ll_addr);
				else if (!strcmp(tok, "echo_rate"))
					c->ifc.echo_rate = strtoul(v, NULL, 0);
				else if (!strcmp(tok, "echo_burst"))
					c->ifc.echo_burst = strtoul(v, NULL, 0);
				else if (!strcmp(tok, "na_rate"))
					c->ifc.na_rate = strtoul(v, NULL, 0);
				else if (!strcmp(tok, "na_burst"))
					c->ifc.na_burst = strtoul(v, NULL, 0);
			}
			c->ifc.ifindex = 1;
		} else if (sscanf(line, "addr %63s %63s", a, b) == 2 && c->n_addrs < XF_MAX_ADDRS) {
			if (inet_pton(AF_INET6, a, c->addrs[c->n_addrs].a) != 1 ||
			    parse_state(b) < 0)
				goto bad;
			c->addrs[c->n_addrs++].state = parse_state(b);
		} else if (sscanf(line, "group %63s", a) == 1 && c->n_groups < XF_MAX_GROUPS) {
			if (inet_pton(AF_INET6, a, c->groups[c->n_groups++]) != 1)
				goto bad;
		} else if (sscanf(line, "pmtu %63s %63s", a, b) == 2 && c->n_pmtu < XF_MAX_PMTU) {
			if (inet_pton(AF_INET6, a, c->pmtu[c->n_pmtu].dst) != 1)
				goto bad;
			c->pmtu[c->n_pmtu++].mtu = atoi(b);
		} else if (!strcmp(line, "xsk\n")) {
			c->xsk = 1;
		} else if (!strcmp(line, "frags\n")) {
			c->frags = 1;
		} else if (sscanf(line, "property %63s", a) == 1) {
			snprintf(prop, prop_cap, "%s", a);
		} else if (!strncmp(line, "in ", 3)) {
			*len = unhex(line + 3, frame, XF_FRAME_MAX);
		} else {
			goto bad;
		}
	}
	fclose(f);
	return *len >= ETH6_HLEN ? 0 : -1;
bad:
	fclose(f);
	return -1;
}

/* ---- totals ---- */

static uint64_t n_viol[P__MAX], n_frames, n_action[8], *n_reason;
static char first_why[P__MAX][200], first_file[P__MAX][512];
static int n_saved[P__MAX], verbose;
static uint64_t n_cov_all[XF_COV__MAX], n_cov_tx[XF_COV__MAX];
/* checker self-test: runs corrupted, corruptions tried, corruptions the checker missed */
static uint64_t selftest_runs, st_runs, st_tried, st_missed;
static char st_why[260];

static void record(const struct outcome *oc, const char *origin)
{
	for (int k = 0; k < XF_COV__MAX; k++) {
		if (!(oc->res.cov & (1u << k)))
			continue;
		n_cov_all[k]++;
		n_cov_tx[k] += oc->run.action == XDP_TX;
	}
	if (oc->run.action >= 0 && oc->run.action < 8 && !(oc->res.violated & (1ull << P_RUN_OK)))
		n_action[oc->run.action]++;
	if (oc->reason >= 0)
		n_reason[oc->reason]++;
	for (int p = 0; p < P__MAX; p++) {
		if (!(oc->res.violated & (1ull << p)))
			continue;
		if (!n_viol[p]++)
			snprintf(first_why[p], sizeof(first_why[p]), "%s%s", origin,
				 oc->res.why[p]);
		if (verbose)
			printf("violation %s: %s%s\n", xf_prop_name[p], origin, oc->res.why[p]);
	}
}

/* ---- scapy sample: TX pairs, checked again by tests/fuzz/xdp_scapy.py ---- */

struct sample {
	uint8_t *req, *rep;
	size_t req_len, rep_len;
	struct xf_config cfg;
	uint64_t violated;
	int kind, valid;
};
static struct sample *samples;
static uint64_t n_sample_cap, n_tx_seen;

static void sample_tx(struct xf_rng *r, const struct xf_config *c, const struct outcome *oc)
{
	uint64_t k;
	struct sample *s;

	if (!n_sample_cap || oc->run.action != XDP_TX || !oc->run.out_len)
		return;
	k = n_tx_seen++;
	if (k >= n_sample_cap) {	/* reservoir sampling */
		k = xf_rand(r) % (k + 1);
		if (k >= n_sample_cap)
			return;
	}
	s = &samples[k];
	free(s->req);
	free(s->rep);
	s->req = malloc(oc->run.in_len);
	s->rep = malloc(oc->run.out_len);
	if (!s->req || !s->rep)
		die("out of memory");
	memcpy(s->req, oc->run.in, oc->run.in_len);
	memcpy(s->rep, oc->run.out, oc->run.out_len);
	s->req_len = oc->run.in_len;
	s->rep_len = oc->run.out_len;
	s->cfg = *c;
	s->violated = oc->res.violated;
	s->kind = oc->res.req_kind;
	s->valid = oc->res.req_valid;
}

static void samples_write(const char *prefix)
{
	char path[512], a[INET6_ADDRSTRLEN];
	uint64_t n = n_tx_seen < n_sample_cap ? n_tx_seen : n_sample_cap;
	FILE *pc, *js;

	snprintf(path, sizeof(path), "%s.pcap", prefix);
	pc = fopen(path, "wb");
	snprintf(path, sizeof(path), "%s.jsonl", prefix);
	js = fopen(path, "w");
	if (!pc || !js)
		die("%s: %s", path, strerror(errno));
	pcap_header(pc);
	for (uint64_t i = 0; i < n; i++) {
		const struct sample *s = &samples[i];
		const struct xdp6_iface *f = &s->cfg.ifc;
		int first = 1;

		pcap_record(pc, s->req, s->req_len, 2 * i);
		pcap_record(pc, s->rep, s->rep_len, 2 * i + 1);
		fprintf(js, "{\"mac\": \"%02x:%02x:%02x:%02x:%02x:%02x\", \"hop\": %u, "
			"\"router\": %d, \"own\": [", f->mac[0], f->mac[1], f->mac[2], f->mac[3],
			f->mac[4], f->mac[5], f->echo_hop_limit ? f->echo_hop_limit :
			ICMP6_ECHO_HOP_LIMIT_DEFAULT, !!(f->flags & XDP6_IF_ROUTER));
		for (int k = 0; k < s->cfg.n_addrs; k++) {
			if (s->cfg.addrs[k].state != XDP6_ADDR_PREFERRED &&
			    s->cfg.addrs[k].state != XDP6_ADDR_DEPRECATED)
				continue;
			inet_ntop(AF_INET6, s->cfg.addrs[k].a, a, sizeof(a));
			fprintf(js, "%s\"%s\"", first ? "" : ", ", a);
			first = 0;
		}
		if (f->flags & XDP6_IF_HAS_LL) {
			inet_ntop(AF_INET6, f->ll_addr, a, sizeof(a));
			fprintf(js, "%s\"%s\"", first ? "" : ", ", a);
		}
		fprintf(js, "], \"kind\": \"%s\", \"valid\": %d, \"c\": [",
			s->kind == XF_REQ_ECHO ? "echo" : s->kind == XF_REQ_NS ? "ns" : "other",
			s->valid);
		first = 1;
		for (int p = 0; p < P__MAX; p++) {
			if (s->violated & (1ull << p)) {
				fprintf(js, "%s\"%s\"", first ? "" : ", ", xf_prop_name[p]);
				first = 0;
			}
		}
		fprintf(js, "]}\n");
	}
	fclose(pc);
	fclose(js);
	fprintf(stderr, "fuzz-xdp: %llu of %llu replies sampled to %s.{pcap,jsonl}\n",
		(unsigned long long)n, (unsigned long long)n_tx_seen, prefix);
}

/* ---- main ---- */

static void usage(void)
{
	fprintf(stderr,
		"usage: fuzz-xdp [--frames N] [--seed S] [--obj FILE] [--readme FILE]\n"
		"                [--fail-dir DIR] [--sample N --sample-out PREFIX] [--report]\n"
		"                [--selftest RUNS] [--verbose] [--replay FILE ...]\n"
		"Runs N frames (default 1000000) through BPF_PROG_TEST_RUN and checks every\n"
		"property; --replay runs saved failing frames first (and only, without --frames).\n"
		"--report prints one PASS/FAIL line per property.\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "frames", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "obj", required_argument, NULL, 'o' },
		{ "readme", required_argument, NULL, 'R' },
		{ "fail-dir", required_argument, NULL, 'd' },
		{ "sample", required_argument, NULL, 'S' },
		{ "sample-out", required_argument, NULL, 'O' },
		{ "report", no_argument, NULL, 'r' },
		{ "replay", no_argument, NULL, 'p' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "selftest", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *fail_dir = "build/fuzz/xdp_failures", *sample_out = NULL;
	const char *readme = "README.md";
	uint64_t frames = 1000000, seed = 0, epoch_ns = 0, epoch_left = 0;
	int have_frames = 0, replay = 0, report = 0, c, seed_set = 0;
	struct xf_config cfg;
	struct xf_recipe *rc = malloc(sizeof(*rc));
	struct xf_rng rng, srng;
	struct outcome oc;
	struct timespec t0, t1;
	double secs;

	while ((c = getopt_long(argc, argv, "n:s:o:R:d:S:O:rpvT:h", opts, NULL)) != -1) {
		switch (c) {
		case 'n': frames = strtoull(optarg, NULL, 0); have_frames = 1; break;
		case 's': seed = strtoull(optarg, NULL, 0); seed_set = 1; break;
		case 'o': obj_path = optarg; break;
		case 'R': readme = optarg; break;
		case 'd': fail_dir = optarg; break;
		case 'S': n_sample_cap = strtoull(optarg, NULL, 0); break;
		case 'O': sample_out = optarg; break;
		case 'r': report = 1; break;
		case 'p': replay = 1; break;
		case 'v': verbose = 1; break;
		case 'T': selftest_runs = strtoull(optarg, NULL, 0); break;
		default: usage();
		}
	}
	if (replay && !have_frames)
		frames = 0;
	if (!seed_set) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		seed = (uint64_t)ts.tv_sec * 1000003u ^ ts.tv_nsec ^ (uint64_t)getpid() << 20;
	}
	if (!rc)
		die("out of memory");
	setvbuf(stdout, NULL, _IOLBF, 0);
	libbpf_set_print(NULL);
	xsk_fd = xsk_open_lo();
	ncpus = libbpf_num_possible_cpus();
	inst_load(&plain_i, 0);
	inst_load(&frags_i, 1);
	probe_pmtu(plain_i.obj);
	readme_load(readme);
	n_reason = calloc(plain_i.n_reasons, sizeof(*n_reason));
	if (n_sample_cap) {
		samples = calloc(n_sample_cap, sizeof(*samples));
		if (!samples || !sample_out)
			die("--sample needs --sample-out and memory");
	}
	printf("fuzz-xdp: %s, seed %llu, %llu frames%s%s\n", obj_path, (unsigned long long)seed,
	       (unsigned long long)frames, xsk_fd < 0 ? ", no AF_XDP socket (to-daemon is PASS)" :
	       "", pmtu_l.found ? ", pmtu map" : ", no pmtu map");
	if (!reason_actions[R_ECHO_REPLIED])
		printf("fuzz-xdp: no reason table in %s: reason-matches-action not checked\n",
		       readme);

	/* saved failures first: the regressions */
	for (int i = optind; replay && i < argc; i++) {
		static uint8_t frame[XF_FRAME_MAX];
		char prop[64], origin[600];
		size_t len;

		if (read_replay(argv[i], &cfg, frame, &len, prop, sizeof(prop)))
			die("%s: not a fuzz-xdp replay file", argv[i]);
		if (cfg.n_pmtu && !pmtu_l.found) {
			/* nothing tells the program the path MTU: the property cannot apply */
			printf("replay %s: no pmtu map in %s, its pmtu entries are ignored\n",
			       argv[i], obj_path);
			cfg.n_pmtu = 0;
		}
		cfg_apply(inst_for(&cfg, len), &cfg);
		run_one(&cfg, frame, len, &oc, 0);
		snprintf(origin, sizeof(origin), "%s: ", argv[i]);
		record(&oc, origin);
		printf("replay %s: %s (%s)", argv[i], act_name(oc.run.action),
		       oc.run.reason ? oc.run.reason : "no single reason");
		if (!oc.res.violated)
			printf(", every property holds\n");
		for (int p = 0; p < P__MAX; p++) {
			if (!(oc.res.violated & (1ull << p)))
				continue;
			printf("\n  breaks %s: %s", xf_prop_name[p], oc.res.why[p]);
			if (!first_file[p][0])
				snprintf(first_file[p], sizeof(first_file[p]), "%s", argv[i]);
		}
		if (oc.res.violated)
			printf("\n");
	}

	xf_seed(&rng, seed);
	xf_seed(&srng, seed ^ 0x5a5a5a5a);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (uint64_t i = 0; i < frames; i++) {
		size_t len;

		if (!epoch_left) {
			xf_config_random(&rng, &cfg, xsk_fd >= 0, 1, pmtu_l.found);
			cfg_apply(&plain_i, &cfg);
			cfg_apply(&frags_i, &cfg);
			epoch_left = 500 + xf_below(&rng, 3000);
			clock_gettime(CLOCK_MONOTONIC, &t1);
			epoch_ns = t1.tv_sec * 1000000000ull + t1.tv_nsec;
		}
		epoch_left--;
		xf_recipe_random(&rng, &cfg, rc);
		len = xf_build(&cfg, rc, in_buf, sizeof(in_buf));
		run_one(&cfg, in_buf, len, &oc, epoch_ns);
		n_frames++;
		record(&oc, "");
		sample_tx(&srng, &cfg, &oc);
		if (st_runs < selftest_runs && !oc.res.violated) {
			char why[200];
			int tried = 0, missed;

			missed = xf_selftest(&cfg, &oc.run, why, sizeof(why), &tried);

			st_runs += tried > 0;
			st_tried += tried;
			if (missed && !st_missed)
				snprintf(st_why, sizeof(st_why), "frame %llu: %s",
					 (unsigned long long)i, why);
			st_missed += missed;
		}
		if (oc.res.violated) {
			uint64_t v = oc.res.violated;

			for (int p = 0; p < P__MAX; p++) {
				struct xf_config mc = cfg;
				struct xf_recipe *mr;
				const char *file;
				size_t ml;

				if (!(v & (1ull << p)) || n_saved[p] >= SAVE_PER_PROP)
					continue;
				mr = malloc(sizeof(*mr));
				if (!mr)
					die("out of memory");
				*mr = *rc;
				ml = minimise(&mc, mr, p, &oc);
				file = save_failure(fail_dir, p, n_saved[p]++, &mc, in_buf, ml, &oc,
						    seed, i, mr);
				free(mr);
				if (!first_file[p][0])
					snprintf(first_file[p], sizeof(first_file[p]), "%s", file);
				if (report && !verbose)
					continue;
				printf("fuzz-xdp: frame %llu breaks %s: %s\n  minimised to %zu "
				       "bytes: %s\n", (unsigned long long)i, xf_prop_name[p],
				       oc.res.why[p][0] ? oc.res.why[p] : "(not reproduced alone)",
				       ml, file);
			}
			/* the minimiser rewrote the maps: restore this epoch's */
			cfg_apply(&plain_i, &cfg);
			cfg_apply(&frags_i, &cfg);
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;

	if (frames) {
		printf("fuzz-xdp: %llu frames in %.1f s (%.0f frames/s), seed %llu\n",
		       (unsigned long long)n_frames, secs, n_frames / (secs > 0 ? secs : 1),
		       (unsigned long long)seed);
		printf("actions:");
		for (int a = 0; a < 8; a++)
			if (n_action[a])
				printf(" %s %llu", act_name(a), (unsigned long long)n_action[a]);
		printf("\nreasons:");
		for (uint32_t r = 0; r < plain_i.n_reasons; r++)
			if (n_reason[r])
				printf(" %s %llu", reason_name(r), (unsigned long long)n_reason[r]);
		printf("\ncoverage (frames/replied):");
		for (int k = 0; k < XF_COV__MAX; k++)
			printf(" %s %llu/%llu", xf_cov_name[k], (unsigned long long)n_cov_all[k],
			       (unsigned long long)n_cov_tx[k]);
		printf("\n");
	}
	if (n_sample_cap)
		samples_write(sample_out);
	if (selftest_runs && report) {
		if (st_missed || !st_tried)
			printf("FAIL xdp-checker-selftest: %llu of %llu corruptions not flagged; "
			       "first: %s\n", (unsigned long long)st_missed,
			       (unsigned long long)st_tried, st_tried ? st_why : "none tried");
		else
			printf("PASS xdp-checker-selftest: %llu corruptions of %llu runs, each "
			       "flagged by the checker\n", (unsigned long long)st_tried,
			       (unsigned long long)st_runs);
	}
	printf("%s by property:\n", frames ? "failures" : "replays");
	for (int p = 0; p < P__MAX; p++) {
		if (report) {
			if (!n_viol[p]) {
				printf("PASS xdp-property %s\n", xf_prop_name[p]);
				continue;
			}
			char item[32] = "";

			if (xf_prop_item[p])
				snprintf(item, sizeof(item), " (issue 9 item %d)", xf_prop_item[p]);
			printf("FAIL xdp-property %s%s: %llu frames; first: %s; replay: %s%s%s\n",
			       xf_prop_name[p], item, (unsigned long long)n_viol[p], first_why[p],
			       first_file[p][0] ? first_file[p] : "-",
			       n_saved[p] ? "; minimised new ones in " : "",
			       n_saved[p] ? fail_dir : "");
		} else if (n_viol[p]) {
			printf("  %-36s %10llu  %s\n", xf_prop_name[p],
			       (unsigned long long)n_viol[p], first_file[p]);
		}
	}
	for (int p = 0; p < P__MAX; p++)
		if (n_viol[p])
			return 1;
	return 0;
}
