// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Byte-exact tests of the XDP fast path (bpf/xdp6.bpf.c: RFC 4443 §4.2 echo, RFC 4861 §7.1.1 /
 * §7.2.4 NS -> NA, RFC 4862 §5.4.3, RFC 6980, RFC 8200 §4) through BPF_PROG_TEST_RUN: every
 * fixture of build/xdp_fixtures.txt (frames and expected replies built by scapy, see
 * tests/unit/xdp_fixtures.py) is run once with its map setup, and the action, the output bytes
 * and the stats counters are compared. Then the token buckets (echo and NA rate limits). Runs in
 * a private network namespace, where an AF_XDP socket bound to lo stands in for the daemon's. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_link.h>
#include <linux/if_xdp.h>
#include <net/if.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "addrs_put.h"
#include "check.h"
#include "io/maps.h"
#include "testutil.h"
#include "xdp6_maps.h"
#include "xdp6_wire.h"
#include "xdp6.skel.h"

#ifndef SOL_XDP
#define SOL_XDP 283
#endif

#define FRAME_MAX	(16 * 1024)
#define FIX_MAX_ADDRS	16
#define FIX_MAX_GROUPS	16
#define FIX_MAX_SERVED	8
#define FIX_MAX_PMTU	4
#define FIX_MAX_PROXY	4
#define PMTU_VALID_NS	(600 * 1000000000ull)	/* a learned PMTU lasts 10 minutes */

#define REASON_NAME(id, name) [id] = name,
static const char *const reason_names[R__MAX] = { XDP6_REASONS(REASON_NAME) };

struct fixture {
	char name[160];
	struct xdp6_iface ifc;
	struct { struct xdp6_addr_key key; struct xdp6_addr_val val; } addrs[FIX_MAX_ADDRS];
	int n_addrs;
	struct xdp6_addr_key groups[FIX_MAX_GROUPS];
	int n_groups;
	struct xdp6_served_key served[FIX_MAX_SERVED];
	int n_served;
	struct { struct xdp6_addr_key key; uint32_t mtu; int expired; } pmtu[FIX_MAX_PMTU];
	int n_pmtu;
	struct xdp6_proxy_key proxy[FIX_MAX_PROXY];
	int n_proxy;
	int xsk;
	uint8_t in[FRAME_MAX], out[FRAME_MAX];
	size_t in_len, out_len;
	int action, reason;
};

static struct xdp6_bpf *skel;		/* as the daemon loads it */
static struct xdp6_bpf *skel_frags;	/* loaded with BPF_F_XDP_HAS_FRAGS */
static int xsk_fd = -1, ncpus;

/* ---- fixture file ---- */

static int parse_reason(const char *s)
{
	for (int i = 0; i < R__MAX; i++)
		if (!strcmp(s, reason_names[i]))
			return i;
	return -1;
}

static int parse_action(const char *s)
{
	if (!strcmp(s, "DROP"))
		return XDP_DROP;
	if (!strcmp(s, "PASS"))
		return XDP_PASS;
	if (!strcmp(s, "TX"))
		return XDP_TX;
	if (!strcmp(s, "REDIRECT"))
		return XDP_REDIRECT;
	return -1;
}

static const char *action_name(int a)
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

static int parse_state(const char *s)
{
	if (!strcmp(s, "tentative"))
		return XDP6_ADDR_TENTATIVE;
	if (!strcmp(s, "preferred"))
		return XDP6_ADDR_PREFERRED;
	if (!strcmp(s, "deprecated"))
		return XDP6_ADDR_DEPRECATED;
	if (!strcmp(s, "duplicate"))
		return XDP6_ADDR_DUPLICATE;
	return -1;
}

static int parse_iface(char *s, struct xdp6_iface *ifc)
{
	char *tok, *save = NULL;

	memset(ifc, 0, sizeof(*ifc));
	for (tok = strtok_r(s, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save)) {
		char *v = strchr(tok, '=');

		if (!v)
			continue;
		*v++ = 0;
		if (!strcmp(tok, "flags")) {
			char *f, *fs = NULL;

			for (f = strtok_r(v, ",", &fs); f; f = strtok_r(NULL, ",", &fs)) {
				if (!strcmp(f, "echo_mcast"))
					ifc->flags |= XDP6_IF_ECHO_MCAST;
				else if (!strcmp(f, "router"))
					ifc->flags |= XDP6_IF_ROUTER;
				else if (!strcmp(f, "has_ll"))
					ifc->flags |= XDP6_IF_HAS_LL;
				else if (!strcmp(f, "unserved_reject"))
					ifc->flags |= XDP6_IF_UNSERVED_REJECT;
				else if (!strcmp(f, "echo_off"))
					ifc->flags |= XDP6_IF_ECHO_OFF;
				else if (!strcmp(f, "mirror"))
					ifc->flags |= XDP6_IF_MIRROR;
				else if (strcmp(f, "0"))
					return -1;
			}
		} else if (!strcmp(tok, "mac")) {
			if (unhex(v, ifc->mac, ETH6_ALEN) != ETH6_ALEN)
				return -1;
		} else if (!strcmp(tok, "hop")) {
			ifc->echo_hop_limit = atoi(v);
		} else if (!strcmp(tok, "ll")) {
			if (inet_pton(AF_INET6, v, ifc->ll_addr) != 1)
				return -1;
		} else if (!strcmp(tok, "echo_rate")) {
			ifc->echo_rate = strtoul(v, NULL, 0);
		} else if (!strcmp(tok, "echo_burst")) {
			ifc->echo_burst = strtoul(v, NULL, 0);
		} else if (!strcmp(tok, "na_rate")) {
			ifc->na_rate = strtoul(v, NULL, 0);
		} else if (!strcmp(tok, "na_burst")) {
			ifc->na_burst = strtoul(v, NULL, 0);
		} else {
			return -1;
		}
	}
	return 0;
}

/* Reads the next fixture; 1 when read, 0 at the end, -1 on a malformed file. */
static int fixture_next(FILE *f, struct fixture *fx, int *lineno)
{
	static char line[2 * FRAME_MAX + 64];
	char a[64], b[64];
	int in_case = 0;

	while (fgets(line, sizeof(line), f)) {
		(*lineno)++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (!strncmp(line, "case ", 5)) {
			memset(fx, 0, offsetof(struct fixture, in));
			fx->in_len = fx->out_len = 0;
			fx->action = fx->reason = -1;
			line[5 + strcspn(line + 5, "\n")] = 0;
			if (strlen(line + 5) >= sizeof(fx->name))
				return -1;
			memcpy(fx->name, line + 5, strlen(line + 5) + 1);
			in_case = 1;
		} else if (!in_case) {
			return -1;
		} else if (!strncmp(line, "iface ", 6)) {
			if (parse_iface(line + 6, &fx->ifc))
				return -1;
		} else if (sscanf(line, "addr %63s %63s", a, b) == 2) {
			int st = parse_state(b);

			if (fx->n_addrs == FIX_MAX_ADDRS || st < 0 ||
			    inet_pton(AF_INET6, a, fx->addrs[fx->n_addrs].key.addr) != 1)
				return -1;
			fx->addrs[fx->n_addrs].val.state = st;
			fx->addrs[fx->n_addrs].val.prefixlen = 64;
			fx->n_addrs++;
		} else if (sscanf(line, "group %63s", a) == 1) {
			if (fx->n_groups == FIX_MAX_GROUPS ||
			    inet_pton(AF_INET6, a, fx->groups[fx->n_groups].addr) != 1)
				return -1;
			fx->n_groups++;
		} else if (!strncmp(line, "served ", 7)) {
			unsigned proto, port;

			if (fx->n_served == FIX_MAX_SERVED ||
			    sscanf(line + 7, "%u %u", &proto, &port) != 2)
				return -1;
			fx->served[fx->n_served].proto = proto;
			fx->served[fx->n_served].port = port;
			fx->n_served++;
		} else if (sscanf(line, "pmtu %63s %63s", a, b) == 2) {
			char v[16];
			unsigned mtu;

			if (fx->n_pmtu == FIX_MAX_PMTU ||
			    sscanf(line, "pmtu %*s %u %15s", &mtu, v) != 2 ||
			    (strcmp(v, "valid") && strcmp(v, "expired")) ||
			    inet_pton(AF_INET6, a, fx->pmtu[fx->n_pmtu].key.addr) != 1)
				return -1;
			fx->pmtu[fx->n_pmtu].mtu = mtu;
			fx->pmtu[fx->n_pmtu].expired = !strcmp(v, "expired");
			fx->n_pmtu++;
		} else if (sscanf(line, "proxy %63s", a) == 1) {
			char *slash = strchr(a, '/');
			struct xdp6_proxy_key *k = &fx->proxy[fx->n_proxy];

			if (fx->n_proxy == FIX_MAX_PROXY || !slash)
				return -1;
			*slash = 0;
			k->prefixlen = atoi(slash + 1);
			if (inet_pton(AF_INET6, a, k->addr) != 1 || k->prefixlen > 128)
				return -1;
			fx->n_proxy++;
		} else if (!strcmp(line, "xsk\n")) {
			fx->xsk = 1;
		} else if (!strncmp(line, "in ", 3)) {
			fx->in_len = unhex(line + 3, fx->in, sizeof(fx->in));
		} else if (sscanf(line, "expect %63s %63s", a, b) == 2) {
			fx->action = parse_action(a);
			fx->reason = parse_reason(b);
			if (fx->action < 0 || fx->reason < 0)
				return -1;
		} else if (!strncmp(line, "out ", 4)) {
			fx->out_len = unhex(line + 4, fx->out, sizeof(fx->out));
		} else if (!strcmp(line, "end\n")) {
			return 1;
		} else {
			return -1;
		}
	}
	return in_case ? -1 : 0;
}

/* ---- maps ---- */

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);	/* bpf_ktime_get_ns() is CLOCK_MONOTONIC */
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}


static void map_clear(int fd, size_t key_size)
{
	uint8_t key[64], next[64];

	while (!bpf_map_get_next_key(fd, NULL, next)) {
		memcpy(key, next, key_size);
		if (bpf_map_delete_elem(fd, key))
			break;
	}
}

/* Empties every map of instance `s` but stats, then applies the fixture's setup. */
static int maps_setup(struct xdp6_bpf *s, const struct fixture *fx)
{
	struct xdp6_bucket zero_bucket = { 0 };
	uint32_t k0 = 0, one = 1, q0 = 0;
	int err = 0;

	map_clear(bpf_map__fd(s->maps.addrs), sizeof(struct xdp6_addr_key));
	err |= ownbits_clear(bpf_map__fd(s->maps.ownbits));
	err |= addrgen_step(bpf_map__fd(s->maps.addrgen));
	map_clear(bpf_map__fd(s->maps.groups), sizeof(struct xdp6_addr_key));
	map_clear(bpf_map__fd(s->maps.served), sizeof(struct xdp6_served_key));
	map_clear(bpf_map__fd(s->maps.pmtu), sizeof(struct xdp6_addr_key));
	map_clear(bpf_map__fd(s->maps.srcrate), sizeof(struct xdp6_addr_key));
	map_clear(bpf_map__fd(s->maps.proxy), sizeof(struct xdp6_proxy_key));
	map_clear(bpf_map__fd(s->maps.neigh), sizeof(struct xdp6_addr_key));
	err |= addrgen_step(bpf_map__fd(s->maps.neighgen));	/* as XDP after a neigh write */
	bpf_map_delete_elem(bpf_map__fd(s->maps.xsks), &q0);
	for (uint32_t b = 0; b < XDP6_BUCKET_MAX; b++)
		err |= bpf_map_update_elem(bpf_map__fd(s->maps.tokens), &b, &zero_bucket, 0);
	err |= bpf_map_update_elem(bpf_map__fd(s->maps.iface), &k0, &fx->ifc, 0);
	for (int i = 0; i < fx->n_addrs; i++)
		err |= addrs_put(bpf_map__fd(s->maps.addrs), bpf_map__fd(s->maps.ownbits),
				 bpf_map__fd(s->maps.addrgen), &fx->addrs[i].key, &fx->addrs[i].val);
	for (int i = 0; i < fx->n_groups; i++)
		err |= bpf_map_update_elem(bpf_map__fd(s->maps.groups), &fx->groups[i], &one, 0);
	for (int i = 0; i < fx->n_served; i++)
		err |= bpf_map_update_elem(bpf_map__fd(s->maps.served), &fx->served[i], &one, 0);
	for (int i = 0; i < fx->n_pmtu; i++) {
		struct xdp6_pmtu v = { .mtu = fx->pmtu[i].mtu };

		v.expires_ns = fx->pmtu[i].expired ? mono_ns() - 1000000000ull :
						     mono_ns() + PMTU_VALID_NS;
		err |= bpf_map_update_elem(bpf_map__fd(s->maps.pmtu), &fx->pmtu[i].key, &v, 0);
	}
	for (int i = 0; i < fx->n_proxy; i++) {
		struct xdp6_proxy_val v = { .mode = XDP6_PROXY_STATIC };

		err |= bpf_map_update_elem(bpf_map__fd(s->maps.proxy), &fx->proxy[i], &v, 0);
	}
	if (fx->xsk)
		err |= bpf_map_update_elem(bpf_map__fd(s->maps.xsks), &q0, &xsk_fd, 0);
	return err ? -1 : 0;
}

/* Sum over CPUs of every reason's counters. */
static int stats_read(struct xdp6_bpf *s, struct xdp6_stat sum[R__MAX])
{
	struct xdp6_stat percpu[ncpus];

	for (uint32_t r = 0; r < R__MAX; r++) {
		if (bpf_map_lookup_elem(bpf_map__fd(s->maps.stats), &r, percpu))
			return -1;
		sum[r].packets = sum[r].bytes = 0;
		for (int c = 0; c < ncpus; c++) {
			sum[r].packets += percpu[c].packets;
			sum[r].bytes += percpu[c].bytes;
		}
	}
	return 0;
}

/* ---- running ---- */

/* One BPF_PROG_TEST_RUN (repeat = 1) of instance `s`. Returns 0 or -errno. */
static int run_frame(struct xdp6_bpf *s, const uint8_t *frame, size_t len, uint8_t *out,
		     size_t *out_len, uint32_t *retval)
{
	static uint8_t buf[2 * FRAME_MAX];
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		.data_in = frame,
		.data_size_in = len,
		.data_out = buf,
		.data_size_out = sizeof(buf),
		.repeat = 1,
	);

	if (bpf_prog_test_run_opts(bpf_program__fd(s->progs.xdp6_main), &opts))
		return -errno;
	*retval = opts.retval;
	*out_len = opts.data_size_out;
	memcpy(out, buf, *out_len);
	return 0;
}

#define WHY(...) (w += snprintf(why + w, w < wl ? wl - w : 0, __VA_ARGS__))

static void hexdiff(char *why, size_t wl, size_t w, const uint8_t *got, size_t gl,
		    const uint8_t *want, size_t wantl)
{
	size_t i, n = gl < wantl ? gl : wantl;

	for (i = 0; i < n && got[i] == want[i]; i++)
		;
	WHY("; first difference at byte %zu (got %zu bytes, want %zu)\n    got:  ", i, gl, wantl);
	for (size_t j = i; j < gl && j < i + 24; j++)
		WHY("%02x", got[j]);
	WHY("\n    want: ");
	for (size_t j = i; j < wantl && j < i + 24; j++)
		WHY("%02x", want[j]);
}

enum { FX_OK, FX_FAIL, FX_REFUSED };

/* Runs fixture `fx` on instance `s`: action, output bytes (the reply for XDP_TX, else the frame
 * untouched) and stats (+1 packet and the frame's bytes under the expected reason, nothing
 * elsewhere). FX_REFUSED when the kernel will not run a frame that short. */
static int fixture_eval(struct xdp6_bpf *s, const struct fixture *fx, char *why, size_t wl)
{
	static uint8_t out[2 * FRAME_MAX];
	struct xdp6_stat before[R__MAX], after[R__MAX];
	const uint8_t *want;
	size_t out_len = 0, want_len, w = 0;
	uint32_t retval = 0;
	int err;

	why[0] = 0;
	if (maps_setup(s, fx))
		return WHY("map setup failed: %s", strerror(errno)), FX_FAIL;
	if (stats_read(s, before))
		return WHY("stats read failed"), FX_FAIL;
	err = run_frame(s, fx->in, fx->in_len, out, &out_len, &retval);
	if (err == -EINVAL && fx->in_len < ETH6_HLEN)
		return FX_REFUSED;
	if (err)
		return WHY("BPF_PROG_TEST_RUN: %s", strerror(-err)), FX_FAIL;
	if ((int)retval != fx->action)
		WHY("action %s, want %s; ", action_name(retval), action_name(fx->action));
	want = fx->action == XDP_TX ? fx->out : fx->in;
	want_len = fx->action == XDP_TX ? fx->out_len : fx->in_len;
	if (out_len != want_len || memcmp(out, want, want_len)) {
		WHY("output frame differs from %s",
		    fx->action == XDP_TX ? "scapy's reply" : "the input");
		hexdiff(why, wl, w, out, out_len, want, want_len);
		w = strlen(why);
		WHY("\n    ");
	}
	if (stats_read(s, after))
		return WHY("stats read failed"), FX_FAIL;
	for (int r = 0; r < R__MAX; r++) {
		uint64_t dp = after[r].packets - before[r].packets;
		uint64_t db = after[r].bytes - before[r].bytes;

		if (r == fx->reason && (dp != 1 || db != out_len))
			WHY("stats %s: +%llu packets +%llu bytes, want +1 / +%zu; ",
			    reason_names[r], (unsigned long long)dp, (unsigned long long)db,
			    out_len);
		if (r != fx->reason && dp)
			WHY("counted under %s (+%llu), want %s; ", reason_names[r],
			    (unsigned long long)dp, reason_names[fx->reason]);
	}
	return w ? FX_FAIL : FX_OK;
}

/* ---- rate limits (token buckets, XDP6_TOKEN_SCALE) ---- */

static const struct fixture *find_fixture(const struct fixture *all, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(all[i].name, name))
			return &all[i];
	return NULL;
}

/* Runs `count` frames of fixture `fx` with the bucket `bucket` preset (tokens, last_ns: 0 for
 * a fresh bucket) and counts what was sent and what was rate limited. */
static int burst(const struct fixture *fx, uint32_t bucket, uint64_t tokens, uint64_t last_ns,
		 int count, int *sent, int *limited, uint64_t *elapsed_ns)
{
	static uint8_t out[2 * FRAME_MAX];
	struct xdp6_bucket b = { .tokens = tokens, .last_ns = last_ns };
	size_t out_len;
	uint32_t retval;
	uint64_t t0;

	if (maps_setup(skel, fx) ||
	    bpf_map_update_elem(bpf_map__fd(skel->maps.tokens), &bucket, &b, 0))
		return -1;
	*sent = *limited = 0;
	t0 = mono_ns();
	for (int i = 0; i < count; i++) {
		if (run_frame(skel, fx->in, fx->in_len, out, &out_len, &retval))
			return -1;
		if (retval == XDP_TX)
			(*sent)++;
		else if (retval == XDP_DROP)
			(*limited)++;
	}
	*elapsed_ns = mono_ns() - t0;
	return 0;
}

static void test_rate_limits(const struct fixture *all, int n)
{
	const struct fixture *echo = find_fixture(all, n, "echo_to_preferred_gets_reply");
	const struct fixture *ns = find_fixture(all, n, "ns_with_slla_gets_na_to_slla");
	struct xdp6_stat before[R__MAX], after[R__MAX];
	struct fixture fx;
	int sent, limited, refill;
	uint64_t el, idle_last;

	CASE_BEGIN("echo_rate_1pps_burst_5_of_20_requests_replies_5_rest_rate_limited");
	CHECK(echo != NULL, "fixture echo_to_preferred_gets_reply missing");
	if (echo) {
		fx = *echo;
		fx.ifc.echo_rate = 1;
		fx.ifc.echo_burst = 5;
		CHECK(!stats_read(skel, before), "stats");
		CHECK(!burst(&fx, XDP6_BUCKET_ECHO, 0, 0, 20, &sent, &limited, &el), "run failed");
		CHECK(!stats_read(skel, after), "stats");
		refill = el / 1000000000ull;	/* 1 token per elapsed second */
		CHECK(sent >= 5 && sent <= 5 + refill, "%d replies in %llu ns, want 5 (+%d refill)",
		      sent, (unsigned long long)el, refill);
		CHECK(sent + limited == 20, "%d sent + %d limited != 20", sent, limited);
		CHECK(after[R_RATE_LIMITED].packets - before[R_RATE_LIMITED].packets ==
		      (uint64_t)limited, "rate-limited counter does not match");
		CHECK(after[R_ECHO_REPLIED].packets - before[R_ECHO_REPLIED].packets ==
		      (uint64_t)sent, "echo-replied counter does not match");
	}
	CASE_END();

	CASE_BEGIN("echo_rate_empty_bucket_refills_2_tokens_after_2s");
	if (echo) {
		fx = *echo;
		fx.ifc.echo_rate = 1;
		fx.ifc.echo_burst = 5;
		CHECK(!burst(&fx, XDP6_BUCKET_ECHO, 0, mono_ns() - 2500000000ull, 5, &sent, &limited,
			     &el), "run failed");
		CHECK(sent == 2 && limited == 3, "%d sent, %d limited; want 2 and 3", sent, limited);
	}
	CASE_END();

	CASE_BEGIN("echo_rate_idle_bucket_refills_only_up_to_burst");
	if (echo) {
		fx = *echo;
		fx.ifc.echo_rate = 10;
		fx.ifc.echo_burst = 3;
		/* idle 100 s, or since boot on a younger machine (a fresh VM): any idle past
		 * burst / rate = 0.3 s fills the bucket; last_ns 1, not 0 (0 is "fresh") */
		idle_last = mono_ns() > 100000000001ull ? mono_ns() - 100000000000ull : 1;
		CHECK(!burst(&fx, XDP6_BUCKET_ECHO, 0, idle_last, 10, &sent, &limited, &el),
		      "run failed");
		CHECK(sent == 3 + (int)(el / 100000000ull) || sent == 3,
		      "%d sent after a long idle, want burst 3", sent);
		CHECK(sent + limited == 10, "%d + %d != 10", sent, limited);
	}
	CASE_END();

	CASE_BEGIN("echo_rate_0_is_unlimited");
	if (echo) {
		fx = *echo;
		fx.ifc.echo_rate = 0;
		fx.ifc.echo_burst = 1;
		CHECK(!burst(&fx, XDP6_BUCKET_ECHO, 0, 0, 50, &sent, &limited, &el), "run failed");
		CHECK(sent == 50, "%d of 50 sent with rate 0", sent);
	}
	CASE_END();

	CASE_BEGIN("na_rate_1pps_burst_2_of_6_solicitations_sends_2");
	CHECK(ns != NULL, "fixture ns_with_slla_gets_na_to_slla missing");
	if (ns) {
		fx = *ns;
		fx.ifc.na_rate = 1;
		fx.ifc.na_burst = 2;
		CHECK(!stats_read(skel, before), "stats");
		CHECK(!burst(&fx, XDP6_BUCKET_NA, 0, 0, 6, &sent, &limited, &el), "run failed");
		CHECK(!stats_read(skel, after), "stats");
		refill = el / 1000000000ull;
		CHECK(sent >= 2 && sent <= 2 + refill, "%d NAs, want 2", sent);
		CHECK(after[R_RATE_LIMITED].packets - before[R_RATE_LIMITED].packets ==
		      (uint64_t)limited && limited == 6 - sent, "rate-limited counter");
	}
	CASE_END();

	CASE_BEGIN("echo_limit_does_not_touch_na_bucket");
	if (ns) {
		fx = *ns;
		fx.ifc.echo_rate = 1;
		fx.ifc.echo_burst = 1;
		CHECK(!burst(&fx, XDP6_BUCKET_NA, 0, 0, 5, &sent, &limited, &el), "run failed");
		CHECK(sent == 5, "%d of 5 NAs sent with only an echo limit", sent);
	}
	CASE_END();
}

/* ---- per-source fairness (srcrate map, ratelimit.bpf.h src_take) ---- */

/* A copy of fixture frame `in` (Ethernet, optional 802.1Q tag, IPv6, ICMPv6 right after) with
 * the IPv6 address at offset at (8: source, 24: destination) set to addr, its ICMPv6 checksum
 * computed again here (RFC 1071 over the RFC 8200 §8.1 pseudo-header), independently of the
 * program under test. */
static size_t frame_with_addr(const struct fixture *fx, size_t at, const char *addr,
			      uint8_t *out)
{
	size_t l3 = ETH6_HLEN, l4, n = fx->in_len, i;
	uint32_t sum = 0;
	uint16_t plen;

	memcpy(out, fx->in, n);
	if (out[12] == 0x81 && out[13] == 0x00)
		l3 += 4;
	l4 = l3 + IP6_HLEN;
	if (inet_pton(AF_INET6, addr, out + l3 + at) != 1 || n < l4 + 4)
		return 0;
	plen = (uint16_t)(out[l3 + 4] << 8 | out[l3 + 5]);
	if (l4 + plen > n)
		return 0;
	out[l4 + 2] = out[l4 + 3] = 0;
	for (i = 0; i < 32; i += 2)
		sum += out[l3 + 8 + i] << 8 | out[l3 + 8 + i + 1];
	sum += plen + IP6_NH_ICMPV6;
	for (i = 0; i + 1 < plen; i += 2)
		sum += out[l4 + i] << 8 | out[l4 + i + 1];
	if (plen & 1)
		sum += out[l4 + plen - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	sum = ~sum & 0xffff;
	out[l4 + 2] = sum >> 8;
	out[l4 + 3] = sum & 0xff;
	return n;
}

static size_t frame_with_src(const struct fixture *fx, const char *src, uint8_t *out)
{
	return frame_with_addr(fx, 8, src, out);
}

/* What xdp6d's host_src_rate_cfg() writes for --src-rate PPS:BURST --rate-key-len BITS,
 * written out again here from ratelimit.bpf.h's definition. */
static void src_cfg(struct xdp6_iface *ifc, uint32_t pps, uint32_t burst, unsigned bits)
{
	ifc->src_interval_ns = (1000000000ull + pps - 1) / pps;
	ifc->src_burst_ns = (uint64_t)(burst - 1) * ifc->src_interval_ns;
	memset(ifc->src_mask, 0, sizeof(ifc->src_mask));
	for (unsigned i = 0; i < bits; i++)
		ifc->src_mask[i / 8] |= 0x80 >> (i % 8);
}

/* Runs `count` frames of `fx` from `src` on the maps as they are; adds to *sent and *dropped
 * (XDP_TX / XDP_DROP). */
static int from_src(const struct fixture *fx, const char *src, int count, int *sent,
		    int *dropped)
{
	static uint8_t in[FRAME_MAX], out[2 * FRAME_MAX];
	size_t len = frame_with_src(fx, src, in), out_len;
	uint32_t retval;

	if (!len)
		return -1;
	for (int i = 0; i < count; i++) {
		if (run_frame(skel, in, len, out, &out_len, &retval))
			return -1;
		if (retval == XDP_TX)
			(*sent)++;
		else if (retval == XDP_DROP)
			(*dropped)++;
	}
	return 0;
}

static uint64_t stat_delta(const struct xdp6_stat *b, const struct xdp6_stat *a, int r)
{
	return a[r].packets - b[r].packets;
}

static int map_count(int fd)
{
	struct xdp6_addr_key k, next;
	int n = 0;

	if (bpf_map_get_next_key(fd, NULL, &next))
		return 0;
	do {
		k = next;
		n++;
	} while (!bpf_map_get_next_key(fd, &k, &next) && n < 1 << 20);
	return n;
}

/* The runs below take well under a second: at 1 reply/s per source no refill lands in them
 * unless the elapsed time says so (checked, as in test_rate_limits). */
static void test_src_fairness(const struct fixture *all, int n)
{
	const struct fixture *echo = find_fixture(all, n, "echo_to_preferred_gets_reply");
	const struct fixture *ns = find_fixture(all, n, "ns_with_slla_gets_na_to_slla");
	struct xdp6_stat before[R__MAX], after[R__MAX];
	int fd = bpf_map__fd(skel->maps.srcrate);
	struct fixture fx;
	int sa, da, sb, db;
	uint64_t t0, el;

	if (!echo || !ns)
		return;

	CASE_BEGIN("src_rate_1pps_burst_3_flooder_gets_3_other_prefix_still_answered");
	fx = *echo;
	src_cfg(&fx.ifc, 1, 3, 64);
	sa = da = sb = db = 0;
	CHECK(!maps_setup(skel, &fx) && !stats_read(skel, before), "setup");
	t0 = mono_ns();
	CHECK(!from_src(&fx, "2001:db8:1::a", 20, &sa, &da), "run");
	CHECK(!from_src(&fx, "2001:db8:2::b", 3, &sb, &db), "run");
	el = mono_ns() - t0;
	CHECK(!stats_read(skel, after), "stats");
	CHECK(sa >= 3 && sa <= 3 + (int)(el / 1000000000ull) && sa + da == 20,
	      "flooder: %d sent, %d dropped; want 3 + refill", sa, da);
	CHECK(sb == 3 && db == 0, "second source: %d sent, %d dropped; want 3, 0", sb, db);
	CHECK(stat_delta(before, after, R_SRC_RATE_LIMITED) == (uint64_t)da,
	      "src-rate-limited +%llu, want %d",
	      (unsigned long long)stat_delta(before, after, R_SRC_RATE_LIMITED), da);
	CHECK(stat_delta(before, after, R_RATE_LIMITED) == 0, "interface bucket used");
	CHECK(map_count(fd) == 2, "%d srcrate entries, want 2", map_count(fd));
	CASE_END();

	CASE_BEGIN("src_rate_key_len_64_one_bucket_per_slash64_128_one_per_address");
	fx = *echo;
	src_cfg(&fx.ifc, 1, 2, 64);
	sa = da = sb = db = 0;
	CHECK(!maps_setup(skel, &fx), "setup");
	CHECK(!from_src(&fx, "2001:db8:1::a", 2, &sa, &da), "run");
	CHECK(!from_src(&fx, "2001:db8:1::ffff:b", 2, &sb, &db), "run");
	CHECK(sa == 2 && sb + db == 2 && sb == 0, "/64: %d then %d of 2 sent; want 2 then 0",
	      sa, sb);
	src_cfg(&fx.ifc, 1, 2, 128);
	sa = da = sb = db = 0;
	CHECK(!maps_setup(skel, &fx), "setup");
	CHECK(!from_src(&fx, "2001:db8:1::a", 2, &sa, &da), "run");
	CHECK(!from_src(&fx, "2001:db8:1::ffff:b", 2, &sb, &db), "run");
	CHECK(sa == 2 && sb == 2, "/128: %d and %d of 2 sent; want 2 and 2", sa, sb);
	src_cfg(&fx.ifc, 1, 1, 1);		/* /1: 2001:: and 3001:: share 0::/1 */
	sa = da = sb = db = 0;
	CHECK(!maps_setup(skel, &fx), "setup");
	CHECK(!from_src(&fx, "2001:db8:1::a", 1, &sa, &da), "run");
	CHECK(!from_src(&fx, "3001:db8::b", 1, &sb, &db), "run");
	CHECK(sa == 1 && sb == 0 && db == 1, "/1: %d, %d sent; want 1, 0", sa, sb);
	CASE_END();

	CASE_BEGIN("src_rate_flooder_over_budget_spends_no_interface_token");
	fx = *echo;
	fx.ifc.echo_rate = 1;
	fx.ifc.echo_burst = 5;
	src_cfg(&fx.ifc, 1, 2, 64);
	sa = da = sb = db = 0;
	CHECK(!maps_setup(skel, &fx) && !stats_read(skel, before), "setup");
	t0 = mono_ns();
	CHECK(!from_src(&fx, "2001:db8:1::a", 50, &sa, &da), "run");
	CHECK(!from_src(&fx, "2001:db8:2::b", 2, &sb, &db), "run");
	CHECK(!from_src(&fx, "2001:db8:3::c", 2, &sb, &db), "run");
	el = mono_ns() - t0;
	CHECK(!stats_read(skel, after), "stats");
	CHECK(sa == 2 || (el >= 1000000000ull && sa <= 2 + (int)(el / 1000000000ull)),
	      "flooder got %d, want its burst 2", sa);
	/* 5 interface tokens: 2 for the flooder, 3 left for the 4 requests of the others */
	CHECK(sb == 3 && db == 1, "others: %d sent %d dropped, want 3 and 1", sb, db);
	CHECK(stat_delta(before, after, R_SRC_RATE_LIMITED) == 48 &&
	      stat_delta(before, after, R_RATE_LIMITED) == 1,
	      "src-rate-limited +%llu (want 48), rate-limited +%llu (want 1)",
	      (unsigned long long)stat_delta(before, after, R_SRC_RATE_LIMITED),
	      (unsigned long long)stat_delta(before, after, R_RATE_LIMITED));
	CASE_END();

	CASE_BEGIN("src_rate_spoofed_sources_each_new_still_capped_by_interface_bucket");
	fx = *echo;
	fx.ifc.echo_rate = 1;
	fx.ifc.echo_burst = 10;
	src_cfg(&fx.ifc, 1, 1, 64);
	sa = da = 0;
	CHECK(!maps_setup(skel, &fx) && !stats_read(skel, before), "setup");
	t0 = mono_ns();
	for (int i = 0; i < 300; i++) {
		char a[64];

		snprintf(a, sizeof(a), "2001:db8:%x:%x::1", i >> 8, i & 0xff);
		CHECK(!from_src(&fx, a, 1, &sa, &da), "run");
	}
	el = mono_ns() - t0;
	CHECK(!stats_read(skel, after), "stats");
	CHECK(sa >= 10 && sa <= 10 + (int)(el / 1000000000ull) && sa + da == 300,
	      "%d of 300 new sources answered, want the interface burst 10", sa);
	CHECK(stat_delta(before, after, R_SRC_RATE_LIMITED) == 0, "a new source was limited");
	/* an LRU hash may evict a little before it is full (per-CPU free lists): most stay */
	CHECK(map_count(fd) >= 290 && map_count(fd) <= 300, "%d srcrate entries, want ~300 "
	      "(each new source is kept)", map_count(fd));
	CASE_END();

	CASE_BEGIN("src_rate_gcra_idle_source_refills_to_burst_only");
	fx = *echo;
	src_cfg(&fx.ifc, 1, 2, 128);
	CHECK(!maps_setup(skel, &fx), "setup");
	{
		struct xdp6_addr_key k;
		/* idle 100 s, or since boot on a younger machine (a fresh VM under make test-vm):
		 * any theoretical arrival time more than burst / rate = 2 s back is a full bucket */
		struct xdp6_src_bucket b = {
			.tat_ns = mono_ns() > 100000000001ull ? mono_ns() - 100000000000ull : 1,
		};

		inet_pton(AF_INET6, "2001:db8:1::a", k.addr);
		CHECK(!bpf_map_update_elem(fd, &k, &b, 0), "preset");
		sa = da = 0;
		CHECK(!from_src(&fx, "2001:db8:1::a", 5, &sa, &da), "run");
		CHECK(sa == 2 && da == 3, "after 100 s idle: %d sent, want burst 2", sa);
		/* half an interval of debt: within the 1 s tolerance of burst 2, one reply */
		b.tat_ns = mono_ns() + 500000000ull;
		CHECK(!bpf_map_update_elem(fd, &k, &b, 0), "preset");
		sa = da = 0;
		CHECK(!from_src(&fx, "2001:db8:1::a", 3, &sa, &da), "run");
		CHECK(sa == 1 && da == 2, "0.5 s of debt: %d sent, want 1", sa);
		CHECK(!bpf_map_lookup_elem(fd, &k, &b), "lookup");
		t0 = mono_ns();
		CHECK(b.tat_ns > t0 + 1000000000ull && b.tat_ns <= t0 + 1500000000ull,
		      "tat %llu ns ahead, want 1-1.5 s (one interval charged, drops free)",
		      (unsigned long long)(b.tat_ns - t0));
	}
	CASE_END();

	CASE_BEGIN("src_rate_largest_burst_and_rate_do_not_overflow");
	fx = *echo;
	src_cfg(&fx.ifc, 1, UINT32_MAX, 64);		/* burst_ns = (2^32 - 2) x 1e9 */
	sa = da = 0;
	CHECK(!maps_setup(skel, &fx), "setup");
	CHECK(!from_src(&fx, "2001:db8:1::a", 100, &sa, &da), "run");
	CHECK(sa == 100, "burst 2^32-1: %d of 100 sent", sa);
	src_cfg(&fx.ifc, 1000000000, 1, 64);		/* 1 ns interval */
	sa = da = 0;
	CHECK(!maps_setup(skel, &fx), "setup");
	CHECK(!from_src(&fx, "2001:db8:1::a", 100, &sa, &da), "run");
	CHECK(sa == 100, "1e9 pps: %d of 100 sent", sa);
	CASE_END();

	CASE_BEGIN("src_rate_off_no_srcrate_entry_no_drop");
	fx = *echo;
	sa = da = 0;
	CHECK(!maps_setup(skel, &fx), "setup");
	CHECK(!from_src(&fx, "2001:db8:1::a", 20, &sa, &da), "run");
	CHECK(sa == 20 && map_count(fd) == 0, "%d of 20 sent, %d entries; want 20 and 0", sa,
	      map_count(fd));
	CASE_END();

	CASE_BEGIN("src_rate_na_shares_the_source_budget_with_echo");
	fx = *ns;
	src_cfg(&fx.ifc, 1, 3, 64);
	sa = da = 0;
	CHECK(!maps_setup(skel, &fx) && !stats_read(skel, before), "setup");
	t0 = mono_ns();
	CHECK(!from_src(&fx, "2001:db8:1::a", 2, &sa, &da), "run");
	fx = *echo;
	src_cfg(&fx.ifc, 1, 3, 64);
	CHECK(!from_src(&fx, "2001:db8:1::b", 2, &sa, &da), "run");
	el = mono_ns() - t0;
	CHECK(!stats_read(skel, after), "stats");
	CHECK(sa == 3 + (int)(el / 1000000000ull) && da == 4 - sa, "%d of 2 NS + 2 echo "
	      "answered, want 3", sa);
	CHECK(stat_delta(before, after, R_NA_SENT) == 2, "na-sent +%llu",
	      (unsigned long long)stat_delta(before, after, R_NA_SENT));
	CASE_END();
}

/* ---- ownbits: the daemon's writer (io/maps.c) against the program ---- */

/* An address of 2001:db8:f::/64 other than a whose ownbits bit is a's. */
static struct in6_addr bit_twin(const struct in6_addr *a)
{
	struct in6_addr t = A("2001:db8:f::");

	for (uint32_t i = 1; i; i++) {
		memcpy(&t.s6_addr[12], &i, sizeof(i));
		if (ownbits_bit(&t) == ownbits_bit(a))
			break;
	}
	return t;
}

/* Forged Echo Requests from `src`: 1 when dropped as own-source. */
static int dropped_as_own(const struct fixture *fx, const struct in6_addr *src)
{
	struct xdp6_stat before[R__MAX], after[R__MAX];
	char buf[INET6_ADDRSTRLEN];
	int sent = 0, dropped = 0;

	inet_ntop(AF_INET6, src, buf, sizeof(buf));
	if (stats_read(skel, before) || from_src(fx, buf, 1, &sent, &dropped) ||
	    stats_read(skel, after))
		return -1;
	return dropped == 1 && stat_delta(before, after, R_OWN_SOURCE) == 1;
}

/* xdp6d's map writer (io/maps.c) on this test's maps, as the host's ops call it. */
static void daemon_writer(struct xdp6d_iface *ifc, struct host_ops *ops)
{
	memset(ifc, 0, sizeof(*ifc));
	snprintf(ifc->ifname, sizeof(ifc->ifname), "test");
	ifc->fd_addrs = bpf_map__fd(skel->maps.addrs);
	ifc->fd_ownbits = bpf_map__fd(skel->maps.ownbits);
	ifc->fd_addrgen = bpf_map__fd(skel->maps.addrgen);
	ifc->fd_addrcache = bpf_map__fd(skel->maps.addrcache);
	maps_host_ops(ifc, ops);
}

/* Two owned addresses sharing one bit: removing either leaves the bit set for the other (a bit
 * cleared while a key still hashes to it would make that key's forged requests answered). */
static void test_ownbits_writer(const struct fixture *all, int n)
{
	const struct fixture *echo = find_fixture(all, n, "echo_to_preferred_gets_reply");
	struct xdp6_addr_val pref = { .state = XDP6_ADDR_PREFERRED, .prefixlen = 64 };
	struct xdp6_addr_val dep = { .state = XDP6_ADDR_DEPRECATED, .prefixlen = 64 };
	struct in6_addr f = A("2001:db8:e::f"), t = bit_twin(&f);
	struct xdp6d_iface ifc;
	struct host_ops ops;

	if (!echo)
		return;
	daemon_writer(&ifc, &ops);

	CASE_BEGIN("ownbits_writer_shared_bit_kept_until_the_last_key_leaves");
	CHECK(!maps_setup(skel, echo) && !maps_ownbits_rebuild(&ifc), "setup");
	CHECK(dropped_as_own(echo, &f) == 0 && dropped_as_own(echo, &t) == 0, "not ours yet");
	ops.addr_publish(ops.ctx, &f, &pref);
	ops.addr_publish(ops.ctx, &t, &pref);
	ops.addr_publish(ops.ctx, &t, &dep);		/* a state change: counted once */
	CHECK(dropped_as_own(echo, &f) == 1 && dropped_as_own(echo, &t) == 1, "both ours");
	ops.addr_unpublish(ops.ctx, &t);
	CHECK(dropped_as_own(echo, &f) == 1, "forged source answered: bit cleared with a key left");
	CHECK(dropped_as_own(echo, &t) == 0, "removed address still dropped");
	ops.addr_unpublish(ops.ctx, &t);		/* not there: no count lost */
	CHECK(dropped_as_own(echo, &f) == 1, "a second removal cleared the bit of a key");
	ops.addr_publish(ops.ctx, &t, &pref);
	ops.addr_unpublish(ops.ctx, &f);
	CHECK(dropped_as_own(echo, &t) == 1, "re-added twin: bit cleared with a key left");
	ops.addr_unpublish(ops.ctx, &t);
	CHECK(ifc.own.count[ownbits_bit(&f)] == 0, "count %u", ifc.own.count[ownbits_bit(&f)]);
	CASE_END();

	CASE_BEGIN("ownbits_adoption_recounts_the_pinned_addrs");
	CHECK(!maps_setup(skel, echo), "setup");
	ops.addr_publish(ops.ctx, &f, &pref);
	ops.addr_publish(ops.ctx, &t, &pref);
	/* a new daemon: counts from the pinned addrs, then one of the two leaves */
	CHECK(!maps_ownbits_rebuild(&ifc), "rebuild");
	CHECK(ifc.own.count[ownbits_bit(&f)] == 2, "count %u, want 2",
	      ifc.own.count[ownbits_bit(&f)]);
	ops.addr_unpublish(ops.ctx, &t);
	CHECK(dropped_as_own(echo, &f) == 1, "forged source answered after adoption");
	CASE_END();
	ownbits_free(&ifc.own);
}

/* ---- addrcache: XDP's per-CPU memory of its addrs lookups, good for one addrgen ---- */

static uint64_t addrgen_get(void)
{
	uint32_t zero = 0;
	uint64_t gen = ~0ull;

	bpf_map_lookup_elem(bpf_map__fd(skel->maps.addrgen), &zero, &gen);
	return gen;
}

static uint32_t cache_slot(const struct in6_addr *a)
{
	return ownbits_bit(a) & (XDP6_ADDRCACHE_SLOTS - 1);
}

/* addrcache[slot of a] = {seq, state, gen, a} on every CPU (the test run's CPU among them). */
static int slot_write(const struct in6_addr *a, uint32_t seq, uint32_t state, uint64_t gen)
{
	int ncpu = libbpf_num_possible_cpus();
	struct xdp6_addr_slot v[ncpu > 0 ? ncpu : 1];
	uint32_t k = cache_slot(a);

	for (int c = 0; c < ncpu; c++) {
		v[c] = (struct xdp6_addr_slot){ .seq = seq, .state = state, .gen = gen };
		memcpy(v[c].addr, a, sizeof(v[c].addr));
	}
	return bpf_map_update_elem(bpf_map__fd(skel->maps.addrcache), &k, v, BPF_ANY);
}

/* An address of 2001:db8:c::/64 in a's addrcache slot under another ownbits bit. */
static struct in6_addr slot_twin(const struct in6_addr *a)
{
	struct in6_addr t = A("2001:db8:c::");

	for (uint32_t i = 1; i; i++) {
		memcpy(&t.s6_addr[12], &i, sizeof(i));
		if (cache_slot(&t) == cache_slot(a) && ownbits_bit(&t) != ownbits_bit(a))
			break;
	}
	return t;
}

/* An Echo Request (fixture fx) to dst: the program's action. */
static uint32_t echo_to(const struct fixture *fx, const struct in6_addr *dst)
{
	static uint8_t in[FRAME_MAX], out[2 * FRAME_MAX];
	char buf[INET6_ADDRSTRLEN];
	size_t len, out_len;
	uint32_t retval = ~0u;

	inet_ntop(AF_INET6, dst, buf, sizeof(buf));
	len = frame_with_addr(fx, 24, buf, in);
	if (!len || run_frame(skel, in, len, out, &out_len, &retval))
		return ~0u;
	return retval;
}

/* Each address is seen as addrs holds it at the time of the packet, whatever XDP looked up
 * before: the daemon's addrgen step after each write is what makes it so (io/maps.c). The
 * states are read through src_is_ours() (forged sources dropped), the path every lookup of
 * addr_state() shares. */
static void test_addrcache(const struct fixture *all, int n)
{
	const struct fixture *echo = find_fixture(all, n, "echo_to_preferred_gets_reply");
	struct xdp6_addr_val tent = { .state = XDP6_ADDR_TENTATIVE, .prefixlen = 64 };
	struct xdp6_addr_val pref = { .state = XDP6_ADDR_PREFERRED, .prefixlen = 64 };
	struct xdp6_addr_val dup = { .state = XDP6_ADDR_DUPLICATE, .prefixlen = 64 };
	struct in6_addr f = A("2001:db8:e::f"), t = bit_twin(&f), c = slot_twin(&f);
	struct xdp6_addr_key kf;
	struct xdp6d_iface ifc;
	struct host_ops ops;
	uint64_t g;
	uint32_t zero = 0;

	if (!echo)
		return;
	memcpy(kf.addr, &f, sizeof(kf.addr));
	daemon_writer(&ifc, &ops);

	CASE_BEGIN("addrcache_state_changes_seen_by_the_next_packet");
	CHECK(!maps_setup(skel, echo) && !maps_ownbits_rebuild(&ifc), "setup");
	ops.addr_publish(ops.ctx, &f, &tent);
	CHECK(dropped_as_own(echo, &f) == 0, "tentative source dropped");
	ops.addr_publish(ops.ctx, &f, &pref);
	CHECK(dropped_as_own(echo, &f) == 1, "preferred source answered: tentative remembered");
	ops.addr_publish(ops.ctx, &f, &dup);
	CHECK(dropped_as_own(echo, &f) == 0, "duplicate source dropped: preferred remembered");
	ops.addr_publish(ops.ctx, &f, &pref);
	CHECK(dropped_as_own(echo, &f) == 1, "preferred again answered");
	CASE_END();

	CASE_BEGIN("addrcache_removal_seen_by_the_next_packet");
	CHECK(!maps_setup(skel, echo) && !maps_ownbits_rebuild(&ifc), "setup");
	ops.addr_publish(ops.ctx, &f, &pref);		/* keeps the shared ownbits bit set */
	ops.addr_publish(ops.ctx, &t, &pref);
	CHECK(dropped_as_own(echo, &t) == 1, "ours");
	ops.addr_unpublish(ops.ctx, &t);
	CHECK(dropped_as_own(echo, &t) == 0, "removed address still ours to XDP");
	CHECK(dropped_as_own(echo, &f) == 1, "the other one lost");
	CASE_END();

	/* The same through the destination's lookup, which reads the slot before the bitmap */
	CASE_BEGIN("addrcache_destination_changes_seen_by_the_next_packet");
	CHECK(!maps_setup(skel, echo) && !maps_ownbits_rebuild(&ifc), "setup");
	ops.addr_publish(ops.ctx, &f, &pref);		/* keeps the shared ownbits bit set */
	ops.addr_publish(ops.ctx, &t, &pref);
	CHECK(echo_to(echo, &t) == XDP_TX, "preferred destination not answered");
	CHECK(echo_to(echo, &t) == XDP_TX, "preferred destination not answered from its slot");
	ops.addr_publish(ops.ctx, &t, &tent);
	CHECK(echo_to(echo, &t) == XDP_PASS, "tentative destination answered: slot of before");
	ops.addr_publish(ops.ctx, &t, &pref);
	CHECK(echo_to(echo, &t) == XDP_TX, "preferred again not answered");
	ops.addr_unpublish(ops.ctx, &t);
	CHECK(echo_to(echo, &t) == XDP_PASS, "removed destination answered: slot of before");
	CHECK(echo_to(echo, &f) == XDP_TX, "the other one lost");
	CASE_END();

	CASE_BEGIN("addrcache_hit_answers_without_the_addrs_lookup");
	CHECK(!maps_setup(skel, echo) && !maps_ownbits_rebuild(&ifc), "setup");
	ops.addr_publish(ops.ctx, &f, &pref);
	CHECK(dropped_as_own(echo, &f) == 1, "ours");
	/* gone from addrs behind the daemon's back, addrgen not stepped: the slot answers */
	CHECK(!bpf_map_delete_elem(ifc.fd_addrs, &kf), "delete");
	CHECK(dropped_as_own(echo, &f) == 1, "not answered from the slot: looked addrs up");
	CHECK(!addrgen_step(ifc.fd_addrgen), "step");
	CHECK(dropped_as_own(echo, &f) == 0, "slot of an old generation used");
	CASE_END();

	CASE_BEGIN("addrcache_two_addresses_sharing_a_slot_keep_their_own_states");
	CHECK(cache_slot(&c) == cache_slot(&f) && ownbits_bit(&c) != ownbits_bit(&f), "twin");
	CHECK(!maps_setup(skel, echo) && !maps_ownbits_rebuild(&ifc), "setup");
	ops.addr_publish(ops.ctx, &f, &pref);
	ops.addr_publish(ops.ctx, &c, &tent);
	for (int i = 0; i < 3; i++) {
		CHECK(dropped_as_own(echo, &f) == 1, "round %d: preferred one not ours", i);
		CHECK(dropped_as_own(echo, &c) == 0, "round %d: tentative one ours", i);
	}
	CASE_END();

	CASE_BEGIN("addrcache_slot_being_filled_empty_or_old_is_not_used");
	CHECK(!maps_setup(skel, echo) && !maps_ownbits_rebuild(&ifc), "setup");
	ops.addr_publish(ops.ctx, &f, &tent);
	g = addrgen_get();
	/* a complete slot of the current generation is trusted (what the cases below rely on) */
	CHECK(!slot_write(&f, 4, XDP6_ADDR_PREFERRED, g), "slot");
	CHECK(dropped_as_own(echo, &f) == 1, "complete current slot not used");
	CHECK(!slot_write(&f, 3, XDP6_ADDR_PREFERRED, g), "slot");
	CHECK(dropped_as_own(echo, &f) == 0, "slot being filled (odd seq) used");
	CHECK(dropped_as_own(echo, &f) == 0, "slot being filled overwritten then used");
	CHECK(!slot_write(&f, 0, XDP6_ADDR_PREFERRED, g), "slot");
	CHECK(dropped_as_own(echo, &f) == 0, "empty slot (seq 0) used");
	CHECK(!slot_write(&f, 4, XDP6_ADDR_PREFERRED, g - 1), "slot");
	CHECK(dropped_as_own(echo, &f) == 0, "slot of the previous generation used");
	CASE_END();

	CASE_BEGIN("addrgen_steps_once_per_write_from_the_pinned_value");
	CHECK(!maps_setup(skel, echo) && !maps_ownbits_rebuild(&ifc), "setup");
	g = 41;		/* as a previous daemon left it */
	CHECK(!bpf_map_update_elem(ifc.fd_addrgen, &zero, &g, BPF_ANY), "preset");
	ops.addr_publish(ops.ctx, &f, &tent);
	CHECK(addrgen_get() == 42, "addrgen %llu after a publish, want 42",
	      (unsigned long long)addrgen_get());
	ops.addr_publish(ops.ctx, &f, &pref);
	ops.addr_unpublish(ops.ctx, &f);
	CHECK(addrgen_get() == 44, "addrgen %llu after a change and a removal, want 44",
	      (unsigned long long)addrgen_get());
	ops.addr_unpublish(ops.ctx, &f);		/* not there: addrs unchanged */
	CHECK(addrgen_get() == 44, "addrgen %llu stepped without a write",
	      (unsigned long long)addrgen_get());
	CASE_END();
	ownbits_free(&ifc.own);
}

/* ---- neighcache: what XDP knows the neigh map holds ---- */

/* fx (an NS with a Source Link-Layer Address option right after the target) from src with
 * SLLA mac, its checksum recomputed. The frame's length, or 0. */
static size_t ns_from(const struct fixture *fx, const char *src, const uint8_t mac[ETH6_ALEN],
		      uint8_t *out)
{
	static struct fixture f;
	size_t l4 = ETH6_HLEN + IP6_HLEN;

	f = *fx;
	if (f.in_len < l4 + ND6_NS_MIN_LEN + 8 || f.in[l4 + ND6_NS_MIN_LEN] != ND6_OPT_SOURCE_LL_ADDR ||
	    f.in[l4 + ND6_NS_MIN_LEN + 1] != 1)
		return 0;
	memcpy(&f.in[l4 + ND6_NS_MIN_LEN + 2], mac, ETH6_ALEN);
	return frame_with_src(&f, src, out);
}

/* NSs from src with SLLA mac: how many were answered. */
static int ns_run(const struct fixture *fx, const char *src, const uint8_t mac[ETH6_ALEN], int n)
{
	static uint8_t in[FRAME_MAX], out[2 * FRAME_MAX];
	size_t len = ns_from(fx, src, mac, in), out_len;
	uint32_t retval;
	int sent = 0;

	for (int i = 0; len && i < n; i++)
		if (!run_frame(skel, in, len, out, &out_len, &retval) && retval == XDP_TX)
			sent++;
	return sent;
}

/* The MAC neigh records for src in *mac: 1, or 0 when it has no record. */
static int neigh_mac(const char *src, uint8_t mac[ETH6_ALEN])
{
	struct xdp6_addr_key k;
	struct xdp6_neigh rec;

	if (inet_pton(AF_INET6, src, k.addr) != 1 ||
	    bpf_map_lookup_elem(bpf_map__fd(skel->maps.neigh), &k, &rec))
		return 0;
	memcpy(mac, rec.mac, ETH6_ALEN);
	return 1;
}

static void test_neighcache(const struct fixture *all, int n)
{
	const struct fixture *ns = find_fixture(all, n, "ns_with_slla_gets_na_to_slla");
	const uint8_t m1[ETH6_ALEN] = { 0x02, 0, 0, 0, 0, 0x01 };
	const uint8_t m2[ETH6_ALEN] = { 0x02, 0, 0, 0, 0, 0x02 };
	const uint8_t m9[ETH6_ALEN] = { 0x02, 0, 0, 0, 0, 0x09 };
	const char *snd = "2001:db8:1::5";
	int fd_neigh, fd_gen;
	struct xdp6_addr_key k;
	struct xdp6_neigh rec = { 0 };
	uint8_t mac[ETH6_ALEN];

	if (!ns)
		return;
	fd_neigh = bpf_map__fd(skel->maps.neigh);
	fd_gen = bpf_map__fd(skel->maps.neighgen);
	inet_pton(AF_INET6, snd, k.addr);

	CASE_BEGIN("neighcache_known_sender_needs_no_lookup_until_neigh_is_written");
	CHECK(!maps_setup(skel, ns), "setup");
	CHECK(ns_run(ns, snd, m1, 2) == 2, "not answered");
	CHECK(neigh_mac(snd, mac) && !memcmp(mac, m1, ETH6_ALEN), "not recorded");
	/* the record changed behind XDP's back, neighgen not stepped: the slot answers */
	memcpy(rec.mac, m9, ETH6_ALEN);
	CHECK(!bpf_map_update_elem(fd_neigh, &k, &rec, BPF_ANY), "overwrite");
	CHECK(ns_run(ns, snd, m1, 1) == 1, "not answered");
	CHECK(neigh_mac(snd, mac) && !memcmp(mac, m9, ETH6_ALEN),
	      "record rewritten: neigh looked up for a remembered sender");
	CHECK(!addrgen_step(fd_gen), "step");
	CHECK(ns_run(ns, snd, m1, 1) == 1, "not answered");
	CHECK(neigh_mac(snd, mac) && !memcmp(mac, m1, ETH6_ALEN),
	      "slot of an old neighgen used: the changed record was not corrected");
	CASE_END();

	CASE_BEGIN("neighcache_changed_mac_recorded_each_time");
	CHECK(!maps_setup(skel, ns), "setup");
	CHECK(ns_run(ns, snd, m1, 2) == 2, "not answered");
	CHECK(ns_run(ns, snd, m2, 1) == 1 && neigh_mac(snd, mac) && !memcmp(mac, m2, ETH6_ALEN),
	      "new MAC not recorded");
	CHECK(ns_run(ns, snd, m1, 1) == 1 && neigh_mac(snd, mac) && !memcmp(mac, m1, ETH6_ALEN),
	      "MAC back not recorded");
	CASE_END();

	/* Senders sharing snd's slot, one with its high half, one with its low half */
	CASE_BEGIN("neighcache_senders_sharing_a_slot_each_recorded");
	for (int half = 0; half < 2; half++) {
		struct in6_addr a = A("2001:db8:1::5"), b = a;
		char bs[INET6_ADDRSTRLEN];

		for (uint32_t v = 1; v; v++) {
			memcpy(&b.s6_addr[half ? 12 : 4], &v, sizeof(v));
			if (memcmp(&a, &b, sizeof(a)) &&
			    (ownbits_bit(&b) & (XDP6_NEIGHCACHE_SLOTS - 1)) ==
			    (ownbits_bit(&a) & (XDP6_NEIGHCACHE_SLOTS - 1)))
				break;
		}
		inet_ntop(AF_INET6, &b, bs, sizeof(bs));
		CHECK(!maps_setup(skel, ns), "setup");
		CHECK(ns_run(ns, snd, m1, 2) == 2, "not answered");
		CHECK(ns_run(ns, bs, m1, 1) == 1 && neigh_mac(bs, mac),
		      "%s, in the slot of %s, not recorded", bs, snd);
	}
	CASE_END();

	/* Each XDP write of the LRU map may evict any record (a real eviction of a referenced
	 * record takes an inactive list longer than the active one: not reproducible here), so
	 * XDP steps neighgen itself: a record lost behind a slot (overwritten here) is
	 * written again after another sender's record was written. */
	CASE_BEGIN("neighcache_slots_dropped_when_xdp_writes_neigh");
	CHECK(!maps_setup(skel, ns), "setup");
	CHECK(ns_run(ns, snd, m1, 2) == 2, "not answered");
	CHECK(!bpf_map_delete_elem(fd_neigh, &k), "delete");
	CHECK(ns_run(ns, snd, m1, 1) == 1 && !neigh_mac(snd, mac), "the slot did not answer");
	CHECK(ns_run(ns, "2001:db8:2::1", m2, 1) == 1 && neigh_mac("2001:db8:2::1", mac),
	      "another sender not recorded");
	CHECK(ns_run(ns, snd, m1, 1) == 1, "not answered");
	CHECK(neigh_mac(snd, mac) && !memcmp(mac, m1, ETH6_ALEN),
	      "lost record not written again after XDP wrote neigh: its slot survived");
	CASE_END();
}

/* ---- an AF_XDP socket for the xsks map ---- */

/* Binds an AF_XDP socket (copy mode) to lo of this private namespace: never receives anything
 * (no program is attached to lo), but makes xsks[0] a valid entry. */
static int xsk_open_lo(void)
{
	static void *umem;
	struct xdp_umem_reg mr = { 0 };
	struct sockaddr_xdp sxdp = { 0 };
	size_t umem_len = 16 * 4096;
	int fd, ring = 64;

	umem = mmap(NULL, umem_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (umem == MAP_FAILED)
		return -1;
	fd = socket(AF_XDP, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	mr.addr = (uintptr_t)umem;
	mr.len = umem_len;
	mr.chunk_size = 4096;
	if (setsockopt(fd, SOL_XDP, XDP_UMEM_REG, &mr, sizeof(mr)) ||
	    setsockopt(fd, SOL_XDP, XDP_UMEM_FILL_RING, &ring, sizeof(ring)) ||
	    setsockopt(fd, SOL_XDP, XDP_UMEM_COMPLETION_RING, &ring, sizeof(ring)) ||
	    setsockopt(fd, SOL_XDP, XDP_RX_RING, &ring, sizeof(ring)))
		goto err;
	sxdp.sxdp_family = AF_XDP;
	sxdp.sxdp_ifindex = if_nametoindex("lo");
	sxdp.sxdp_queue_id = 0;
	sxdp.sxdp_flags = XDP_COPY;
	if (bind(fd, (struct sockaddr *)&sxdp, sizeof(sxdp)))
		goto err;
	return fd;
err:
	close(fd);
	return -1;
}

static int lo_up(void)
{
	struct ifreq ifr = { 0 };
	int s = socket(AF_INET, SOCK_DGRAM, 0), err;

	if (s < 0)
		return -1;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	err = ioctl(s, SIOCGIFFLAGS, &ifr);
	if (!err) {
		ifr.ifr_flags |= IFF_UP;
		err = ioctl(s, SIOCSIFFLAGS, &ifr);
	}
	close(s);
	return err;
}

/* The same object, loaded as a multi-buffer-aware program (what a loader must do to attach
 * natively to a jumbo-MTU device). */
static struct xdp6_bpf *open_frags(void)
{
	struct xdp6_bpf *s = xdp6_bpf__open();

	if (!s)
		return NULL;
	bpf_program__set_flags(s->progs.xdp6_main,
			       bpf_program__flags(s->progs.xdp6_main) | BPF_F_XDP_HAS_FRAGS);
	if (xdp6_bpf__load(s)) {
		xdp6_bpf__destroy(s);
		return NULL;
	}
	return s;
}

int main(int argc, char **argv)
{
	const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
	static char why[4096];
	static char failed[sizeof(why) + 200];
	char path[512];
	struct fixture *all;
	int n = 0, cap = 1024, lineno = 0, rc = -1, refused = 0, frags_failed = 0;
	FILE *f;

	setvbuf(stdout, NULL, _IOLBF, 0);
	snprintf(path, sizeof(path), "%s/xdp_fixtures.txt", build);
	if (argc > 1)
		snprintf(path, sizeof(path), "%s", argv[1]);

	CASE_BEGIN("xdp6_object_loads_through_the_verifier");
	/* Private network namespace: the AF_XDP socket's lo is ours alone. */
	if (unshare(CLONE_NEWNET) == 0 && lo_up() == 0)
		xsk_fd = xsk_open_lo();
	skel = xdp6_bpf__open_and_load();
	CHECK(skel != NULL, "xdp6_bpf__open_and_load: %s", strerror(errno));
	CASE_END();
	if (!skel)
		return check_exit();
	ncpus = libbpf_num_possible_cpus();
	if (xsk_fd < 0)
		printf("SKIP xsk_cases: no AF_XDP socket could be bound to lo in a private netns "
		       "(%s); cases needing the daemon are skipped\n", strerror(errno));

	CASE_BEGIN("xdp6_object_loads_with_xdp_frags_flag");
	skel_frags = open_frags();
	CHECK(skel_frags != NULL, "load with BPF_F_XDP_HAS_FRAGS: %s", strerror(errno));
	CASE_END();

	f = fopen(path, "r");
	all = calloc(cap, sizeof(*all));
	CASE_BEGIN("xdp_fixture_table_reads");
	CHECK(f != NULL && all != NULL, "%s: %s", path, strerror(errno));
	while (f && all && (rc = fixture_next(f, &all[n], &lineno)) == 1) {
		if (++n == cap) {
			cap *= 2;
			all = realloc(all, cap * sizeof(*all));
		}
	}
	CHECK(f && rc == 0, "%s:%d: malformed fixture", path, lineno);
	CHECK(n > 0, "no fixtures in %s", path);
	CASE_END();

	for (int i = 0; i < n; i++) {
		if (all[i].xsk && xsk_fd < 0)
			continue;
		rc = fixture_eval(skel, &all[i], why, sizeof(why));
		if (rc == FX_REFUSED) {
			refused++;
			continue;
		}
		CASE_BEGIN(all[i].name);
		CHECK(rc == FX_OK, "%s", why);
		CASE_END();
		if (skel_frags && fixture_eval(skel_frags, &all[i], why, sizeof(why)) == FX_FAIL) {
			if (!frags_failed++)
				snprintf(failed, sizeof(failed), "%s: %s", all[i].name, why);
		}
	}
	if (refused)
		printf("SKIP truncated_frames_shorter_than_14_bytes: BPF_PROG_TEST_RUN refuses all "
		       "%d (EINVAL: less than ETH_HLEN, even behind XDP metadata)\n", refused);
	if (skel_frags) {
		CASE_BEGIN("every_fixture_also_passes_when_loaded_with_xdp_frags_flag");
		CHECK(!frags_failed, "%d fixtures fail; first %s", frags_failed, failed);
		CASE_END();
	}
	test_rate_limits(all, n);
	test_src_fairness(all, n);
	test_ownbits_writer(all, n);
	test_addrcache(all, n);
	test_neighcache(all, n);

	if (f)
		fclose(f);
	free(all);
	xdp6_bpf__destroy(skel_frags);
	xdp6_bpf__destroy(skel);
	return check_exit();
}
