// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Unit tests of user/proto/dad.c (RFC 4862 §5.4, RFC 4861 §7.1, RFC 7527 §4) on a fake clock:
 * probe schedule and layout (parsed and checksum-checked by scapy, not by pkt.c), conflicts by
 * NS and NA, looped-back nonces, cancellation, invalid frames, and a seeded fuzz run. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "pyrun.h"
#include "testutil.h"
#include "dad.h"

#define SEC	XDP6_NS_PER_SEC
#define MS	XDP6_NS_PER_MS
#define MAXCAP	64

static const uint8_t our_mac[ETH6_ALEN] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
static const uint8_t peer_mac[ETH6_ALEN] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 };

struct cap {
	int n;
	xdp6_ns now;			/* set by the test before each call that may send */
	xdp6_ns t[MAXCAP];
	size_t len[MAXCAP];
	uint8_t f[MAXCAP][256];
	int done_n;
	struct in6_addr done_addr[MAXCAP];
	enum dad_result done_res[MAXCAP];
	xdp6_ns done_t[MAXCAP];
	/* re-entrancy test: start this address from the callback */
	struct dad *restart_d;
	struct in6_addr restart_a;
};

static void cap_tx(void *ctx, const uint8_t *frame, size_t len)
{
	struct cap *c = ctx;

	if (c->n < MAXCAP && len <= sizeof(c->f[0])) {
		memcpy(c->f[c->n], frame, len);
		c->len[c->n] = len;
		c->t[c->n] = c->now;
	}
	c->n++;
}

static void cap_done(void *ctx, const struct in6_addr *a, enum dad_result r)
{
	struct cap *c = ctx;

	if (c->done_n < MAXCAP) {
		c->done_addr[c->done_n] = *a;
		c->done_res[c->done_n] = r;
		c->done_t[c->done_n] = c->now;
	}
	c->done_n++;
	if (c->restart_d) {
		struct dad *d = c->restart_d;

		c->restart_d = NULL;
		dad_start(d, c->now, &c->restart_a);
	}
}

static struct xdp6_link test_link(void)
{
	struct xdp6_link l = { .ifindex = 2, .ifname = "veth0", .mtu = 1500 };

	memcpy(l.mac, our_mac, ETH6_ALEN);
	return l;
}

struct fx {
	struct cap cap;
	uint64_t dstats[D__MAX];
	struct dad *d;
};

static void fx_init(struct fx *x, unsigned transmits, uint64_t seed)
{
	struct xdp6_link l = test_link();
	struct dad_cfg cfg;
	struct dad_ops ops = { .tx = { cap_tx, &x->cap }, .done = cap_done, .ctx = &x->cap };

	memset(x, 0, sizeof(*x));
	dad_cfg_defaults(&cfg);
	cfg.transmits = transmits;
	x->d = dad_new(&l, &cfg, &ops, seed, x->dstats);
}

/* Runs timers up to `until`, stepping from deadline to deadline like the event loop. */
static void run_until(struct fx *x, xdp6_ns until)
{
	xdp6_ns t;

	while ((t = dad_next_deadline(x->d)) <= until) {
		x->cap.now = t;
		dad_timeout(x->d, t);
	}
	x->cap.now = until;
}

/* An input frame and its parsed view. */
struct in_frame {
	uint8_t buf[256];
	int len;
	struct pkt_info pi;
};

struct nd_in {
	uint8_t type;
	uint8_t code;
	uint8_t hop_limit;
	const char *src, *dst, *target;
	uint32_t flags;			/* NA R/S/O, host order */
	const uint8_t *opts;
	size_t opts_len;
	bool bad_csum;
};

/* Builds an input NS/NA (pkt_build_icmp6 only makes inputs here; outputs are checked by
 * scapy). Returns 0 when pkt_parse accepted it. */
static int mk_nd(struct in_frame *f, const struct nd_in *in)
{
	uint8_t icmp[128] = { 0 };
	struct nd6_ns *m = (struct nd6_ns *)icmp;
	struct pkt_out o = { .hop_limit = in->hop_limit };
	struct in6_addr t = A(in->target);

	m->type = in->type;
	m->code = in->code;
	m->reserved = htonl(in->flags);
	memcpy(m->target, &t, 16);
	if (in->opts_len)
		memcpy(icmp + sizeof(*m), in->opts, in->opts_len);
	o.src = A(in->src);
	o.dst = A(in->dst);
	memcpy(o.smac, peer_mac, ETH6_ALEN);
	if (ip6_is_multicast(&o.dst))
		ip6_mc_mac(&o.dst, o.dmac);
	else
		memcpy(o.dmac, our_mac, ETH6_ALEN);
	f->len = pkt_build_icmp6(f->buf, sizeof(f->buf), &o, icmp, sizeof(*m) + in->opts_len);
	if (f->len < 0)
		return -1;
	if (in->bad_csum)
		f->buf[ETH6_HLEN + IP6_HLEN + 2] ^= 0x55;
	return pkt_parse(f->buf, (size_t)f->len, &f->pi);
}

static int feed(struct fx *x, xdp6_ns now, const struct nd_in *in)
{
	struct in_frame f;

	if (mk_nd(&f, in))
		return -999;
	x->cap.now = now;
	return dad_input(x->d, now, &f.pi);
}

#define TGT		"2001:db8::1"
#define TGT_SOLNODE	"ff02::1:ff00:1"
#define NS_FROM_UNSPEC	{ .type = ICMP6_TYPE_NEIGHBOR_SOLICIT, .hop_limit = ND6_HOP_LIMIT, \
			  .src = "::", .dst = TGT_SOLNODE, .target = TGT }
#define NA_TO_ALLNODES	{ .type = ICMP6_TYPE_NEIGHBOR_ADVERT, .hop_limit = ND6_HOP_LIMIT, \
			  .src = "2001:db8::99", .dst = "ff02::1", .target = TGT, \
			  .flags = ND6_NA_FLAG_OVERRIDE }

/* ---- scapy, independent of pkt.c ---- */

/* Parses each hex frame with scapy and prints one line per frame: addresses, hop limit, ICMPv6
 * fields, options (type/len/data) and whether scapy's own checksum equals the one in the
 * frame. */
static const char *scapy_ns_prog =
	"import sys\n"
	"from scapy.all import Ether, IPv6, Raw, Padding, raw\n"
	"from scapy.layers.inet6 import ICMPv6ND_NS, ICMPv6NDOptSrcLLAddr\n"
	"for line in open(sys.argv[1]):\n"
	"    p = Ether(bytes.fromhex(line.strip()))\n"
	"    ns = p[ICMPv6ND_NS]\n"
	"    q = Ether(raw(p)); del q[ICMPv6ND_NS].cksum\n"
	"    ok = Ether(raw(q))[ICMPv6ND_NS].cksum == ns.cksum\n"
	"    opts = []\n"
	"    o = ns.payload\n"
	"    while o and not isinstance(o, (Raw, Padding)):\n"
	"        if isinstance(o, ICMPv6NDOptSrcLLAddr): opts.append('slla')\n"
	"        else: opts.append(o.name)\n"
	"        o = o.payload\n"
	/* scapy 2.5 leaves the Nonce option (type 14) as Raw: walk its TLVs by hand */
	"    rest = o.load if isinstance(o, Raw) else b''\n"
	"    while len(rest) >= 2:\n"
	"        t, l = rest[0], rest[1]\n"
	"        opts.append('%d/%d/%s' % (t, l, rest[2:l * 8].hex()))\n"
	"        if l == 0: break\n"
	"        rest = rest[l * 8:]\n"
	"    print(('dmac=%s smac=%s src=%s dst=%s hlim=%d plen=%d type=%d code=%d tgt=%s '\n"
	"           'opts=%s cksum=%s') % (p.dst, p.src, p[IPv6].src, p[IPv6].dst, p[IPv6].hlim,\n"
	"        p[IPv6].plen, ns.type, ns.code,\n"
	"        ns.tgt, ','.join(opts), 'ok' if ok else 'BAD'))\n";

static void hex6(const uint8_t *b, char *out)
{
	int i;

	for (i = 0; i < DAD_NONCE_LEN; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
}

/* Offset of the nonce in our probes: Ethernet, IPv6, NS (24), option type and length. */
#define PROBE_NONCE_OFF	(ETH6_HLEN + IP6_HLEN + sizeof(struct nd6_ns) + 2)
#define PROBE_LEN	(ETH6_HLEN + IP6_HLEN + sizeof(struct nd6_ns) + ND6_OPT_UNIT)

/* ---- cases ---- */

static void test_success_after_delay(void)
{
	struct fx x;
	struct in6_addr a = A(TGT);
	xdp6_ns first;

	CASE_BEGIN("dad_no_conflict_succeeds_after_random_delay_one_probe_and_retrans_timer");
	fx_init(&x, 1, 7);
	CHECK(dad_start(x.d, 0, &a) == 0, "start failed");
	CHECK(dad_is_tentative(x.d, &a), "not tentative after start");
	first = dad_next_deadline(x.d);
	CHECK(first <= SEC, "first probe at %llu ns, beyond MAX_RTR_SOLICITATION_DELAY",
	      (unsigned long long)first);
	if (first > 0)
		run_until(&x, first - 1);
	CHECK(x.cap.n == 0, "%d frames before the random delay elapsed", x.cap.n);
	run_until(&x, first);
	CHECK(x.cap.n == 1 && x.cap.t[0] == first, "want one probe at %llu, got %d",
	      (unsigned long long)first, x.cap.n);
	run_until(&x, first + SEC - 1);
	CHECK(x.cap.done_n == 0 && dad_is_tentative(x.d, &a), "verdict before RetransTimer");
	run_until(&x, first + SEC);
	CHECK(x.cap.done_n == 1 && x.cap.done_res[0] == DAD_OK, "no DAD_OK (done_n=%d)",
	      x.cap.done_n);
	CHECK(x.cap.done_n == 1 && !memcmp(&x.cap.done_addr[0], &a, 16), "wrong address");
	CHECK(x.cap.done_t[0] == first + SEC, "verdict at %llu",
	      (unsigned long long)x.cap.done_t[0]);
	CHECK(!dad_is_tentative(x.d, &a), "still tentative");
	CHECK(dad_next_deadline(x.d) == XDP6_NEVER, "deadline left behind");
	CHECK(x.dstats[D_DAD_PROBE_SENT] == 1 && x.dstats[D_DAD_SUCCEEDED] == 1, "counters");
	run_until(&x, 100 * SEC);
	CHECK(x.cap.n == 1 && x.cap.done_n == 1, "activity after success");
	dad_free(x.d);
	CASE_END();

	CASE_BEGIN("dad_random_delay_spreads_over_zero_to_one_second");
	{
		xdp6_ns lo = XDP6_NEVER, hi = 0;
		uint64_t seed;

		for (seed = 1; seed <= 200; seed++) {
			fx_init(&x, 1, seed);
			dad_start(x.d, 5 * SEC, &a);
			first = dad_next_deadline(x.d) - 5 * SEC;
			lo = first < lo ? first : lo;
			hi = first > hi ? first : hi;
			dad_free(x.d);
		}
		CHECK(hi <= SEC, "delay %llu > 1 s", (unsigned long long)hi);
		CHECK(lo < 100 * MS && hi > 900 * MS, "delays not spread: [%llu, %llu]",
		      (unsigned long long)lo, (unsigned long long)hi);
	}
	CASE_END();
}

static void test_probe_layout(void)
{
	struct fx x;
	struct in6_addr a = A(TGT), sn = A(TGT_SOLNODE), zero = { 0 };
	char lines[4][256], want[256], nonce[13];
	const uint8_t *f;
	struct pkt_info pi;
	int got;

	CASE_BEGIN("dad_probe_is_ns_from_unspecified_to_solnode_hop255_nonce_no_slla");
	fx_init(&x, 2, 11);
	dad_start(x.d, 0, &a);
	run_until(&x, 2 * SEC);
	CHECK(x.cap.n == 2, "want 2 probes, got %d", x.cap.n);
	f = x.cap.f[0];
	CHECK(x.cap.len[0] == PROBE_LEN, "probe length %zu, want %zu", x.cap.len[0],
	      (size_t)PROBE_LEN);
	CHECK(!memcmp(f, "\x33\x33\xff\x00\x00\x01", 6), "dst MAC not 33:33:ff:00:00:01");
	CHECK(!memcmp(f + 6, our_mac, 6), "src MAC not the link's");
	CHECK(pkt_parse(f, x.cap.len[0], &pi) == 0, "probe does not parse");
	CHECK(!memcmp(&pi.src, &zero, 16), "source not ::");
	CHECK(!memcmp(&pi.dst, &sn, 16), "destination not the solicited-node group");
	CHECK(pi.hop_limit == ND6_HOP_LIMIT, "hop limit %u", pi.hop_limit);
	CHECK(pi.l4_proto == IP6_NH_ICMPV6 && !pi.router_alert_mld, "no plain ICMPv6");
	CHECK(f[PROBE_NONCE_OFF - 2] == ND6_OPT_NONCE && f[PROBE_NONCE_OFF - 1] == 1,
	      "option is not Nonce/len 1");
	CHECK(memcmp(f + PROBE_NONCE_OFF, x.cap.f[1] + PROBE_NONCE_OFF, DAD_NONCE_LEN),
	      "second probe reuses the nonce");
	CHECK(memcmp(f + PROBE_NONCE_OFF, "\0\0\0\0\0\0", DAD_NONCE_LEN), "zero nonce");
	CASE_END();

	CASE_BEGIN("dad_probe_parsed_by_scapy_has_valid_checksum_and_only_a_nonce_option");
	got = py_parse_frames("dad", scapy_ns_prog, (const uint8_t *)x.cap.f, sizeof(x.cap.f[0]),
			      x.cap.len, 2, (char *)lines, sizeof(lines[0]));
	if (got < 0) {
		printf("SKIP dad_probe_parsed_by_scapy_has_valid_checksum_and_only_a_nonce_option: "
		       "/usr/bin/python3 with scapy not available\n");
	} else {
		int i;

		CHECK(got == 2, "scapy printed %d lines", got);
		for (i = 0; i < got && i < 2; i++) {
			hex6(x.cap.f[i] + PROBE_NONCE_OFF, nonce);
			snprintf(want, sizeof(want),
				 "dmac=33:33:ff:00:00:01 smac=02:00:00:00:00:01 src=:: "
				 "dst=ff02::1:ff00:1 hlim=255 plen=32 type=135 code=0 "
				 "tgt=2001:db8::1 opts=14/1/%s cksum=ok", nonce);
			CHECK(!strcmp(lines[i], want),
			      "probe %d:\n      scapy: %s\n      want:  %s", i, lines[i], want);
		}
		CASE_END();
	}
	dad_free(x.d);
}

static void test_three_probes(void)
{
	struct fx x;
	struct in6_addr a = A(TGT);
	xdp6_ns first;
	int i, j;

	CASE_BEGIN("dad_three_transmits_probes_spaced_retrans_timer_then_ok");
	fx_init(&x, 3, 3);
	dad_start(x.d, 10 * SEC, &a);
	first = dad_next_deadline(x.d);
	run_until(&x, 20 * SEC);
	CHECK(x.cap.n == 3, "want 3 probes, got %d", x.cap.n);
	for (i = 0; i < 3 && i < x.cap.n; i++)
		CHECK(x.cap.t[i] == first + (xdp6_ns)i * SEC, "probe %d at %llu", i,
		      (unsigned long long)x.cap.t[i]);
	for (i = 0; i < 3; i++)
		for (j = i + 1; j < 3; j++)
			CHECK(memcmp(x.cap.f[i] + PROBE_NONCE_OFF, x.cap.f[j] + PROBE_NONCE_OFF,
				     DAD_NONCE_LEN), "probes %d and %d share a nonce", i, j);
	CHECK(x.cap.done_n == 1 && x.cap.done_res[0] == DAD_OK &&
	      x.cap.done_t[0] == first + 3 * SEC, "verdict not at last probe + RetransTimer");
	CHECK(x.dstats[D_DAD_PROBE_SENT] == 3, "probe counter %llu",
	      (unsigned long long)x.dstats[D_DAD_PROBE_SENT]);
	dad_free(x.d);
	CASE_END();

	CASE_BEGIN("dad_transmits_zero_succeeds_at_once_without_probes");
	fx_init(&x, 0, 3);
	CHECK(dad_start(x.d, 0, &a) == 0, "start");
	CHECK(x.cap.done_n == 1 && x.cap.done_res[0] == DAD_OK, "no immediate DAD_OK");
	CHECK(!dad_is_tentative(x.d, &a) && dad_next_deadline(x.d) == XDP6_NEVER, "left state");
	run_until(&x, 10 * SEC);
	CHECK(x.cap.n == 0, "%d frames sent", x.cap.n);
	dad_free(x.d);
	CASE_END();
}

static void test_conflicts(void)
{
	struct fx x;
	struct in6_addr a = A(TGT);
	struct nd_in ns = NS_FROM_UNSPEC, na = NA_TO_ALLNODES;
	uint8_t other_nonce[8] = { ND6_OPT_NONCE, 1, 1, 2, 3, 4, 5, 6 };
	xdp6_ns first;

	CASE_BEGIN("dad_ns_from_unspecified_without_nonce_is_conflict_dup_ns");
	fx_init(&x, 3, 5);
	dad_start(x.d, 0, &a);
	first = dad_next_deadline(x.d);
	run_until(&x, first);
	CHECK(feed(&x, first + 100 * MS, &ns) == 1, "not consumed");
	CHECK(x.cap.done_n == 1 && x.cap.done_res[0] == DAD_DUP_NS, "no DAD_DUP_NS");
	CHECK(!dad_is_tentative(x.d, &a), "still tentative");
	run_until(&x, 10 * SEC);
	CHECK(x.cap.n == 1, "probes continued after the conflict (%d)", x.cap.n);
	CHECK(x.cap.done_n == 1, "second verdict");
	CHECK(x.dstats[D_DAD_CONFLICT_NS] == 1, "counter");
	dad_free(x.d);
	CASE_END();

	CASE_BEGIN("dad_ns_from_unspecified_with_foreign_nonce_is_conflict_dup_ns");
	fx_init(&x, 1, 5);
	dad_start(x.d, 0, &a);
	run_until(&x, dad_next_deadline(x.d));
	ns.opts = other_nonce;
	ns.opts_len = sizeof(other_nonce);
	CHECK(feed(&x, x.cap.now, &ns) == 1, "not consumed");
	CHECK(x.cap.done_n == 1 && x.cap.done_res[0] == DAD_DUP_NS, "no DAD_DUP_NS");
	dad_free(x.d);
	CASE_END();

	CASE_BEGIN("dad_ns_from_unspecified_during_initial_delay_is_conflict");
	fx_init(&x, 1, 9);
	dad_start(x.d, 0, &a);
	CHECK(dad_next_deadline(x.d) > 0, "seed gives zero delay");
	CHECK(feed(&x, 0, &ns) == 1 && x.cap.done_n == 1 && x.cap.done_res[0] == DAD_DUP_NS,
	      "no conflict before the first probe");
	run_until(&x, 10 * SEC);
	CHECK(x.cap.n == 0, "probe sent after the conflict");
	dad_free(x.d);
	CASE_END();

	CASE_BEGIN("dad_na_for_tentative_target_is_conflict_dup_na");
	fx_init(&x, 2, 5);
	dad_start(x.d, 0, &a);
	first = dad_next_deadline(x.d);
	run_until(&x, first);
	CHECK(feed(&x, first + 500 * MS, &na) == 1, "not consumed");
	CHECK(x.cap.done_n == 1 && x.cap.done_res[0] == DAD_DUP_NA, "no DAD_DUP_NA");
	run_until(&x, 10 * SEC);
	CHECK(x.cap.n == 1 && x.cap.done_n == 1, "activity after the conflict");
	CHECK(x.dstats[D_DAD_CONFLICT_NA] == 1, "counter");
	dad_free(x.d);
	CASE_END();

	CASE_BEGIN("dad_unicast_na_with_solicited_flag_is_conflict_dup_na");
	fx_init(&x, 1, 5);
	dad_start(x.d, 0, &a);
	na.dst = "2001:db8::1";
	na.flags = ND6_NA_FLAG_SOLICITED | ND6_NA_FLAG_OVERRIDE;
	CHECK(feed(&x, 0, &na) == 1 && x.cap.done_n == 1 && x.cap.done_res[0] == DAD_DUP_NA,
	      "no DAD_DUP_NA");
	dad_free(x.d);
	CASE_END();
}

static void test_not_conflicts(void)
{
	struct fx x;
	struct in6_addr a = A(TGT);
	struct nd_in ns = NS_FROM_UNSPEC;
	uint8_t slla[8] = { ND6_OPT_SOURCE_LL_ADDR, 1, 2, 0, 0, 0, 0, 2 };
	struct pkt_info pi;
	xdp6_ns first;

	CASE_BEGIN("dad_ns_from_unicast_source_is_ignored_not_conflict");
	fx_init(&x, 1, 5);
	dad_start(x.d, 0, &a);
	ns.src = "2001:db8::99";
	ns.opts = slla;
	ns.opts_len = sizeof(slla);
	CHECK(feed(&x, 0, &ns) == 1, "not consumed (host would answer for a tentative address)");
	CHECK(x.cap.done_n == 0 && dad_is_tentative(x.d, &a), "treated as a conflict");
	CHECK(x.dstats[D_DAD_NS_UNICAST_IGNORED] == 1, "counter");
	run_until(&x, 10 * SEC);
	CHECK(x.cap.done_n == 1 && x.cap.done_res[0] == DAD_OK, "DAD did not succeed");
	dad_free(x.d);
	CASE_END();

	CASE_BEGIN("dad_looped_back_probe_with_own_nonce_is_not_conflict");
	fx_init(&x, 2, 5);
	dad_start(x.d, 0, &a);
	first = dad_next_deadline(x.d);
	run_until(&x, first);
	CHECK(x.cap.n == 1, "no probe");
	CHECK(pkt_parse(x.cap.f[0], x.cap.len[0], &pi) == 0, "probe does not parse");
	CHECK(dad_input(x.d, first + 10 * MS, &pi) == 1, "looped probe not consumed");
	CHECK(x.cap.done_n == 0 && dad_is_tentative(x.d, &a), "looped probe was a conflict");
	CHECK(x.dstats[D_DAD_LOOPED_NONCE] == 1, "looped counter");
	/* Linux: the schedule does not change (no extra RFC 7527 probes) */
	CHECK(dad_next_deadline(x.d) == first + SEC, "schedule moved");
	run_until(&x, first + SEC);
	CHECK(x.cap.n == 2, "second probe missing");
	/* the first nonce is still remembered after the second probe went out */
	CHECK(dad_input(x.d, first + SEC + 1, &pi) == 1 && x.cap.done_n == 0,
	      "late loop of probe 1 was a conflict");
	run_until(&x, first + 2 * SEC);
	CHECK(x.cap.done_n == 1 && x.cap.done_res[0] == DAD_OK, "no DAD_OK");
	CHECK(x.cap.n == 2, "extra probes sent");
	dad_free(x.d);
	CASE_END();

	CASE_BEGIN("dad_ns_for_other_target_is_not_dads_business");
	fx_init(&x, 1, 5);
	dad_start(x.d, 0, &a);
	ns = (struct nd_in)NS_FROM_UNSPEC;
	ns.target = "2001:db8::2";
	ns.dst = "ff02::1:ff00:2";
	CHECK(feed(&x, 0, &ns) == 0, "consumed");
	CHECK(x.cap.done_n == 0, "conflict for another address");
	{
		uint64_t sum = 0;
		int i;

		for (i = 0; i < D__MAX; i++)
			sum += x.dstats[i];
		CHECK(sum == 0, "something counted");
	}
	dad_free(x.d);
	CASE_END();
}

static void test_cancel(void)
{
	struct fx x;
	struct in6_addr a = A(TGT), b = A("2001:db8::2");

	CASE_BEGIN("dad_cancel_during_dad_stops_probes_and_callback");
	fx_init(&x, 3, 5);
	dad_start(x.d, 0, &a);
	dad_start(x.d, 0, &b);
	run_until(&x, dad_next_deadline(x.d));
	CHECK(dad_cancel(x.d, &a) == 0, "cancel failed");
	CHECK(!dad_is_tentative(x.d, &a) && dad_is_tentative(x.d, &b), "wrong entry removed");
	x.cap.n = 0;
	run_until(&x, 20 * SEC);
	{
		int i, a_probes = 0;

		for (i = 0; i < x.cap.n && i < MAXCAP; i++)
			if (!memcmp(x.cap.f[i] + ETH6_HLEN + IP6_HLEN + 8, &a, 16))
				a_probes++;
		CHECK(a_probes == 0, "%d probes for the cancelled address", a_probes);
	}
	CHECK(x.cap.done_n == 1 && !memcmp(&x.cap.done_addr[0], &b, 16),
	      "callbacks: %d (want only the other address)", x.cap.done_n);
	CHECK(dad_cancel(x.d, &a) == -ENOENT, "second cancel");
	CHECK(x.dstats[D_DAD_CANCELLED] == 1, "counter");
	dad_free(x.d);
	CASE_END();

	CASE_BEGIN("dad_start_rejects_duplicates_and_non_unicast");
	fx_init(&x, 1, 5);
	CHECK(dad_start(x.d, 0, &a) == 0, "start");
	CHECK(dad_start(x.d, 0, &a) == -EEXIST, "no -EEXIST");
	CHECK(dad_start(x.d, 0, &ip6_all_nodes) == -EINVAL, "multicast accepted");
	CHECK(dad_start(x.d, 0, &(struct in6_addr){ 0 }) == -EINVAL, ":: accepted");
	dad_free(x.d);
	CASE_END();

	CASE_BEGIN("dad_done_callback_may_start_another_dad");
	fx_init(&x, 1, 5);
	dad_start(x.d, 0, &a);
	x.cap.restart_d = x.d;
	x.cap.restart_a = b;
	run_until(&x, 10 * SEC);
	CHECK(x.cap.done_n == 2, "want 2 verdicts, got %d", x.cap.done_n);
	CHECK(x.cap.done_n >= 2 && !memcmp(&x.cap.done_addr[1], &b, 16), "second is not b");
	CHECK(x.cap.n == 2, "want 2 probes, got %d", x.cap.n);
	dad_free(x.d);
	CASE_END();
}

static void test_invalid(void)
{
	static const uint8_t slla[8] = { ND6_OPT_SOURCE_LL_ADDR, 1, 2, 0, 0, 0, 0, 2 };
	static const uint8_t zero_len[8] = { ND6_OPT_NONCE, 0 };
/* NS / NA inputs for TGT: hop limit, source, destination, then any other field */
#define NS_IN(hl, s, d, ...) { .type = ICMP6_TYPE_NEIGHBOR_SOLICIT, .hop_limit = (hl), \
			       .src = (s), .dst = (d), .target = TGT, __VA_ARGS__ }
#define NA_IN(hl, s, d, ...) { .type = ICMP6_TYPE_NEIGHBOR_ADVERT, .hop_limit = (hl), \
			       .src = (s), .dst = (d), .target = TGT, __VA_ARGS__ }
	struct {
		const char *name;
		struct nd_in in;
	} cases[] = {
		{ "dad_ns_hop_limit_254_ignored",
		  NS_IN(254, "::", TGT_SOLNODE, .code = 0) },
		{ "dad_na_hop_limit_254_ignored",
		  NA_IN(254, "2001:db8::99", "ff02::1", .code = 0) },
		{ "dad_ns_code_1_ignored",
		  NS_IN(ND6_HOP_LIMIT, "::", TGT_SOLNODE, .code = 1) },
		{ "dad_ns_bad_checksum_ignored",
		  NS_IN(ND6_HOP_LIMIT, "::", TGT_SOLNODE, .bad_csum = true) },
		{ "dad_ns_from_unspecified_to_all_nodes_ignored",
		  NS_IN(ND6_HOP_LIMIT, "::", "ff02::1", .code = 0) },
		{ "dad_ns_from_unspecified_with_slla_ignored",
		  NS_IN(ND6_HOP_LIMIT, "::", TGT_SOLNODE, .opts = slla, .opts_len = sizeof(slla)) },
		{ "dad_ns_with_zero_length_option_ignored",
		  NS_IN(ND6_HOP_LIMIT, "::", TGT_SOLNODE, .opts = zero_len,
			.opts_len = sizeof(zero_len)) },
		{ "dad_na_to_multicast_with_solicited_flag_ignored",
		  NA_IN(ND6_HOP_LIMIT, "2001:db8::99", "ff02::1", .flags = ND6_NA_FLAG_SOLICITED) },
		{ "dad_na_from_multicast_source_ignored",
		  NA_IN(ND6_HOP_LIMIT, "ff02::5", "ff02::1", .code = 0) },
	};
	struct in6_addr a = A(TGT);
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fx x;
		int r;

		CASE_BEGIN(cases[i].name);
		fx_init(&x, 1, 5);
		dad_start(x.d, 0, &a);
		r = feed(&x, 0, &cases[i].in);
		CHECK(r == -EINVAL, "dad_input returned %d, want -EINVAL", r);
		CHECK(x.cap.done_n == 0 && dad_is_tentative(x.d, &a),
		      "invalid frame was a conflict");
		CHECK(x.dstats[D_DAD_INVALID] == 1, "not counted as dad-invalid");
		run_until(&x, 10 * SEC);
		CHECK(x.cap.done_n == 1 && x.cap.done_res[0] == DAD_OK, "DAD did not succeed");
		dad_free(x.d);
		CASE_END();
	}

	/* The same frame with hop limit 255 is a conflict: the check above can fail. */
	{
		struct fx x;
		struct nd_in ok = cases[0].in;

		CASE_BEGIN("dad_ns_hop_limit_255_control_is_conflict");
		ok.hop_limit = ND6_HOP_LIMIT;
		fx_init(&x, 1, 5);
		dad_start(x.d, 0, &a);
		CHECK(feed(&x, 0, &ok) == 1 && x.cap.done_n == 1, "control frame not a conflict");
		dad_free(x.d);
		CASE_END();
	}

	{
		struct fx x;
		struct in_frame f;
		struct pkt_info pi;

		CASE_BEGIN("dad_truncated_and_lying_pkt_info_ignored");
		fx_init(&x, 1, 5);
		dad_start(x.d, 0, &a);
		mk_nd(&f, &cases[0].in);
		pi = f.pi;
		pi.l4_len = 23;			/* ICMP length < 24 */
		CHECK(dad_input(x.d, 0, &pi) == 0, "short NS consumed");
		pi = f.pi;
		pi.l4_len = 4000;		/* beyond the frame */
		CHECK(dad_input(x.d, 0, &pi) == 0, "overlong view consumed");
		pi = f.pi;
		pi.l4_off = 5000;
		CHECK(dad_input(x.d, 0, &pi) == 0, "offset beyond frame consumed");
		pi = f.pi;
		pi.l4_proto = IP6_NH_UDP;
		CHECK(dad_input(x.d, 0, &pi) == 0, "UDP consumed");
		CHECK(x.cap.done_n == 0 && dad_is_tentative(x.d, &a), "state changed");
		dad_free(x.d);
		CASE_END();
	}
}

/* Seeded fuzz: random frames and mutations of valid NS/NA/probes for each address under DAD
 * through dad_input, with timers interleaved. Sane state: every started DAD ends exactly once,
 * results are valid enum values, conflicts only for addresses under DAD, every probe parses. */
static void test_fuzz(void)
{
	static const char *const targets[4] = { TGT, "2001:db8::2", "fe80::1", "2001:db8::1:1" };
	struct nd_in seeds[3] = { NS_FROM_UNSPEC, NA_TO_ALLNODES, NS_FROM_UNSPEC };
	struct fuzz z = { .rng = 0x5eed, .random_one_in = 4, .random_max = 256,
			  .keep = ETH6_HLEN + 8, .flips_min = 1, .flips_max = 4 };
	struct in6_addr addrs[4];
	struct in_frame base[12];
	struct fuzz_base fb[12];
	unsigned started = 4, i, bad = 0, parsed = 0;
	xdp6_ns now = 0;
	struct fx x;
	int k;

	CASE_BEGIN("dad_fuzz_20000_random_and_mutated_frames_no_crash_state_sane");
	fx_init(&x, 3, 99);
	for (k = 0; k < 4; k++) {
		addrs[k] = A(targets[k]);
		dad_start(x.d, 0, &addrs[k]);
	}
	seeds[2].src = "2001:db8::77";
	for (k = 0; k < 12; k++) {
		struct nd_in in = seeds[k % 3];

		in.target = targets[k / 3];
		mk_nd(&base[k], &in);
		fb[k] = (struct fuzz_base){ base[k].buf, (size_t)base[k].len,
					    ETH6_HLEN + IP6_HLEN };
	}
	for (i = 0; i < 20000; i++) {
		uint8_t buf[256];
		size_t len = fuzz_frame(&z, buf, sizeof(buf), fb, 12);
		struct pkt_info pi;
		int res;

		if (pkt_parse(buf, len, &pi))
			continue;
		parsed++;
		res = dad_input(x.d, now, &pi);
		bad += !(res == 0 || res == 1 || res == -EINVAL);
		if (fuzz_u32(&z) % 64 == 0) {
			now += 300 * MS;
			x.cap.now = now;
			dad_timeout(x.d, now);
		}
		if (x.cap.done_n == (int)started && started < 400) {
			/* everything ended: start again so the fuzz keeps hitting live DADs */
			for (k = 0; k < 4; k++)
				dad_start(x.d, now, &addrs[k]);
			started += 4;
		}
	}
	run_until(&x, now + 100 * SEC);
	CHECK(bad == 0, "%u bad return values", bad);
	CHECK(parsed > 5000, "only %u frames parsed", parsed);
	CHECK(x.cap.done_n == (int)started, "%d verdicts for %u DADs", x.cap.done_n, started);
	for (k = 0; k < x.cap.done_n && k < MAXCAP; k++)
		CHECK(x.cap.done_res[k] <= DAD_DUP_NA, "bad result %d", x.cap.done_res[k]);
	for (k = 0; k < 4; k++)
		CHECK(!dad_is_tentative(x.d, &addrs[k]), "tentative after the run");
	CHECK(dad_next_deadline(x.d) == XDP6_NEVER, "deadline left");
	for (k = 0; k < x.cap.n && k < MAXCAP; k++) {
		struct pkt_info pi;

		CHECK(!pkt_parse(x.cap.f[k], x.cap.len[k], &pi) && x.cap.len[k] == PROBE_LEN,
		      "probe %d malformed", k);
	}
	/* the fuzz reached the deep paths, not only the early rejections */
	CHECK(x.dstats[D_DAD_CONFLICT_NS] && x.dstats[D_DAD_CONFLICT_NA] &&
	      x.dstats[D_DAD_INVALID] && x.dstats[D_DAD_NS_UNICAST_IGNORED],
	      "paths not reached: ns=%llu na=%llu invalid=%llu unicast=%llu",
	      (unsigned long long)x.dstats[D_DAD_CONFLICT_NS],
	      (unsigned long long)x.dstats[D_DAD_CONFLICT_NA],
	      (unsigned long long)x.dstats[D_DAD_INVALID],
	      (unsigned long long)x.dstats[D_DAD_NS_UNICAST_IGNORED]);
	dad_free(x.d);
	CASE_END();
}

/* The defaults, field by field: a changed or lost default is a behaviour change. */
static void test_cfg_defaults(void)
{
	struct dad_cfg c;

	memset(&c, 0xa5, sizeof(c));	/* a field the defaults forget keeps garbage */
	dad_cfg_defaults(&c);
	CASE_BEGIN("cfg_defaults_are_the_rfc_constants");
	/* RFC 4862 §5.1 DupAddrDetectTransmits 1; RFC 4861 §10 RETRANS_TIMER 1 s and
	 * MAX_RTR_SOLICITATION_DELAY 1 s (RFC 4862 §5.4.2: the delay before the first probe) */
	CHECK(c.transmits == 1, "transmits %u", c.transmits);
	CHECK(c.retrans_timer == 1 * XDP6_NS_PER_SEC, "retrans_timer");
	CHECK(c.max_delay == 1 * XDP6_NS_PER_SEC, "max_delay");
	CASE_END();
}

int main(void)
{
	test_cfg_defaults();
	test_success_after_delay();
	test_probe_layout();
	test_three_probes();
	test_conflicts();
	test_not_conflicts();
	test_cancel();
	test_invalid();
	test_fuzz();
	return check_exit();
}
