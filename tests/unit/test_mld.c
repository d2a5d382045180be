// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Unit tests of user/proto/mld.c (RFC 3810 §5, §6, §8.2; RFC 2710 §4) on a fake clock:
 * unsolicited reports, query responses and their timing, validation, MLDv1 compatibility and
 * suppression, MTU splitting; frames parsed and checksum-checked by scapy, and a seeded fuzz
 * run. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "pyrun.h"
#include "testutil.h"
#include "mld.h"

#define SEC	XDP6_NS_PER_SEC
#define MS	XDP6_NS_PER_MS
#define MAXCAP	64
#define FRMAX	1600

static const uint8_t our_mac[ETH6_ALEN] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
static const uint8_t peer_mac[ETH6_ALEN] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 };

struct cap {
	int n;
	xdp6_ns now;
	xdp6_ns t[MAXCAP];
	size_t len[MAXCAP];
	uint8_t f[MAXCAP][FRMAX];
};

static void cap_tx(void *ctx, const uint8_t *frame, size_t len)
{
	struct cap *c = ctx;

	if (c->n < MAXCAP && len <= FRMAX) {
		memcpy(c->f[c->n], frame, len);
		c->len[c->n] = len;
		c->t[c->n] = c->now;
	}
	c->n++;
}

struct fx {
	struct cap cap;
	uint64_t dstats[D__MAX];
	struct mld *m;
};

static struct fx *fx_new(uint32_t mtu, uint64_t seed)
{
	struct fx *x = calloc(1, sizeof(*x));
	struct xdp6_link l = { .ifindex = 2, .ifname = "veth0", .mtu = mtu };
	struct mld_ops ops = { .tx = { cap_tx, NULL } };

	memcpy(l.mac, our_mac, ETH6_ALEN);
	ops.tx.ctx = &x->cap;
	x->m = mld_new(&l, NULL, &ops, seed, x->dstats);
	return x;
}

static void fx_free(struct fx *x)
{
	mld_free(x->m);
	free(x);
}

/* Steps from deadline to deadline up to `until`, like the event loop. */
static void run_until(struct fx *x, xdp6_ns until)
{
	xdp6_ns t;
	int guard = 0;

	while ((t = mld_next_deadline(x->m)) <= until && guard++ < 100000) {
		x->cap.now = t;
		mld_timeout(x->m, t);
	}
	x->cap.now = until;
}

/* ---- a captured frame, decoded by hand (scapy checks the same frames independently) ---- */

struct rec {
	uint8_t type;
	struct in6_addr group;
	unsigned nsrcs;
	struct in6_addr srcs[4];
};

struct out {
	bool ok;
	struct pkt_info pi;
	uint8_t type;
	struct in6_addr v1_group;
	unsigned nrecs;
	struct rec recs[128];
};

static struct out decode(const struct cap *c, int i)
{
	struct out o;
	const uint8_t *l4;
	size_t off;
	unsigned k;

	memset(&o, 0, sizeof(o));
	if (i >= c->n || i >= MAXCAP || pkt_parse(c->f[i], c->len[i], &o.pi) ||
	    o.pi.l4_proto != IP6_NH_ICMPV6 || o.pi.l4_len < MLD6_V1_LEN)
		return o;
	l4 = c->f[i] + o.pi.l4_off;
	o.type = l4[0];
	if (o.type != MLD6_TYPE_V2_REPORT) {
		memcpy(&o.v1_group, l4 + 8, 16);
		o.ok = true;
		return o;
	}
	o.nrecs = (unsigned)l4[6] << 8 | l4[7];
	off = 8;
	for (k = 0; k < o.nrecs && k < 128; k++) {
		unsigned ns, s;

		if (off + 20 > o.pi.l4_len)
			return o;
		o.recs[k].type = l4[off];
		ns = (unsigned)l4[off + 2] << 8 | l4[off + 3];
		o.recs[k].nsrcs = ns;
		memcpy(&o.recs[k].group, l4 + off + 4, 16);
		for (s = 0; s < ns && s < 4; s++)
			memcpy(&o.recs[k].srcs[s], l4 + off + 20 + 16 * s, 16);
		off += 20 + 16 * (size_t)ns;
	}
	o.ok = off == o.pi.l4_len;
	return o;
}

static bool has_rec(const struct out *o, uint8_t type, const struct in6_addr *g)
{
	unsigned k;

	for (k = 0; k < o->nrecs && k < 128; k++)
		if (o->recs[k].type == type && !memcmp(&o->recs[k].group, g, 16))
			return true;
	return false;
}

/* MLD framing every message must have: hop limit 1, Router Alert, our MAC, multicast MAC. */
static bool mld_framing_ok(const struct cap *c, int i, const struct out *o, const char *dst)
{
	struct in6_addr d = A(dst);
	uint8_t mac[6];

	ip6_mc_mac(&d, mac);
	return o->ok && o->pi.hop_limit == MLD6_HOP_LIMIT && o->pi.router_alert_mld &&
	       !memcmp(&o->pi.dst, &d, 16) && !memcmp(c->f[i], mac, 6) &&
	       !memcmp(c->f[i] + 6, our_mac, 6);
}

/* ---- input frames ---- */

struct q_in {
	uint8_t type;			/* default MLD6_TYPE_QUERY */
	uint8_t hop_limit;		/* default 1 */
	const char *src;		/* default fe80::99 */
	const char *dst;		/* default ff02::1 */
	bool no_ra;
	bool v1;			/* 24-octet MLDv1 message */
	const char *group;		/* default :: */
	uint16_t mrc;			/* Maximum Response Code / Delay */
	uint8_t s_qrv, qqic;
	const char *srcs[4];
	unsigned nsrcs;
	int nsrcs_field;		/* >= 0: write this instead of nsrcs */
	int len_delta;			/* bytes cut (<0) or added (>0) */
	bool bad_csum;
	const uint8_t *smac;
};

struct in_frame {
	uint8_t buf[512];
	int len;
	struct pkt_info pi;
};

static int mk_q(struct in_frame *f, const struct q_in *in)
{
	uint8_t icmp[256] = { 0 };
	struct mld6_v2_query *q = (struct mld6_v2_query *)icmp;
	struct pkt_out o = { .hop_limit = in->hop_limit ? in->hop_limit : MLD6_HOP_LIMIT,
			     .router_alert = !in->no_ra };
	struct in6_addr g = A(in->group ? in->group : "::");
	size_t len;
	unsigned i;

	q->type = in->type ? in->type : MLD6_TYPE_QUERY;
	q->max_resp_code = htons(in->mrc);
	memcpy(q->group, &g, 16);
	if (in->v1) {
		len = MLD6_V1_LEN;
	} else {
		q->s_qrv = in->s_qrv;
		q->qqic = in->qqic;
		q->nsrcs = htons((uint16_t)(in->nsrcs_field > 0 ? (unsigned)in->nsrcs_field :
					    in->nsrcs));
		for (i = 0; i < in->nsrcs; i++) {
			struct in6_addr s = A(in->srcs[i]);

			memcpy(icmp + MLD6_V2_QUERY_MIN_LEN + 16 * i, &s, 16);
		}
		len = MLD6_V2_QUERY_MIN_LEN + 16 * in->nsrcs;
	}
	len = (size_t)((int)len + in->len_delta);
	o.src = A(in->src ? in->src : "fe80::99");
	o.dst = A(in->dst ? in->dst : "ff02::1");
	memcpy(o.smac, in->smac ? in->smac : peer_mac, ETH6_ALEN);
	ip6_mc_mac(&o.dst, o.dmac);
	f->len = pkt_build_icmp6(f->buf, sizeof(f->buf), &o, icmp, len);
	if (f->len < 0)
		return -1;
	if (in->bad_csum)
		f->buf[f->len - (int)len + 2] ^= 0x5a;
	return pkt_parse(f->buf, (size_t)f->len, &f->pi);
}

static int feed(struct fx *x, xdp6_ns now, const struct q_in *in)
{
	struct in_frame f;

	if (mk_q(&f, in))
		return -999;
	x->cap.now = now;
	return mld_input(x->m, now, &f.pi);
}

/* ---- scapy ---- */

static const char *scapy_mld_prog =
	"import sys\n"
	"from scapy.all import Ether, IPv6, raw\n"
	"from scapy.layers.inet6 import IPv6ExtHdrHopByHop, RouterAlert, ICMPv6MLReport2, "
	"ICMPv6MLReport, ICMPv6MLDone, ICMPv6MLDMultAddrRec\n"
	"for line in open(sys.argv[1]):\n"
	"    p = Ether(bytes.fromhex(line.strip()))\n"
	"    ip = p[IPv6]\n"
	"    hbh = p[IPv6ExtHdrHopByHop] if IPv6ExtHdrHopByHop in p else None\n"
	"    ra = 'none'\n"
	"    for o in (hbh.options if hbh else []):\n"
	"        if isinstance(o, RouterAlert): ra = str(o.value)\n"
	"    m = hbh.payload if hbh else ip.payload\n"
	"    q = Ether(raw(p))\n"
	"    del (q[IPv6ExtHdrHopByHop].payload if hbh else q[IPv6].payload).cksum\n"
	"    q = Ether(raw(q))\n"
	"    ok = (q[IPv6ExtHdrHopByHop].payload if hbh else q[IPv6].payload).cksum == m.cksum\n"
	"    body = ''\n"
	"    if isinstance(m, ICMPv6MLReport2):\n"
	"        recs = []\n"
	/* scapy 2.5 parses each record's successor as its payload: walk both */
	"        for r in m.records:\n"
	"            while isinstance(r, ICMPv6MLDMultAddrRec):\n"
	"                s = '%d:%s' % (r.rtype, r.dst)\n"
	"                if r.sources: s += ':' + ';'.join(r.sources)\n"
	"                recs.append(s)\n"
	"                r = r.payload\n"
	"        body = 'nrecs=%d recs=%s' % (m.records_number, ','.join(recs))\n"
	"    elif isinstance(m, (ICMPv6MLReport, ICMPv6MLDone)):\n"
	"        body = 'group=%s' % m.mladdr\n"
	"    print('dmac=%s src=%s dst=%s hlim=%d ra=%s type=%d %s cksum=%s' % (p.dst, ip.src,\n"
	"          ip.dst, ip.hlim, ra, m.type, body, 'ok' if ok else 'BAD'))\n";

#define G1	"ff02::1:ff00:1"
#define G2	"ff02::1:ff00:2"
#define G3	"ff05::1:3"

/* ---- cases ---- */

static void test_join(void)
{
	struct fx *x = fx_new(1500, 1);
	struct in6_addr g = A(G1), zero = { 0 };
	struct out o0, o1;

	CASE_BEGIN("mld_join_sends_robustness_change_to_exclude_reports_to_ff02_16");
	CHECK(mld_join(x->m, 0, &g) == 1, "join");
	CHECK(mld_next_deadline(x->m) == 0, "first report not due at once");
	run_until(x, 0);
	CHECK(x->cap.n == 1 && x->cap.t[0] == 0, "no report at the join time");
	run_until(x, 10 * SEC);
	CHECK(x->cap.n == 2, "want 2 reports (Robustness Variable), got %d", x->cap.n);
	/* RFC 3810 §6.1: the retransmission is at random in (0, Unsolicited Report Interval) */
	CHECK(x->cap.t[1] > 0 && x->cap.t[1] < SEC, "second report at %llu ns",
	      (unsigned long long)x->cap.t[1]);
	o0 = decode(&x->cap, 0);
	o1 = decode(&x->cap, 1);
	CHECK(mld_framing_ok(&x->cap, 0, &o0, "ff02::16") && mld_framing_ok(&x->cap, 1, &o1,
	      "ff02::16"), "framing (hop limit 1, Router Alert, ff02::16, MACs)");
	CHECK(!memcmp(&o0.pi.src, &zero, 16), "source not :: without a link-local");
	CHECK(o0.type == MLD6_TYPE_V2_REPORT && o0.nrecs == 1 &&
	      has_rec(&o0, MLD6_V2_REC_CHANGE_TO_EXCLUDE, &g), "first is not TO_EX(group)");
	CHECK(o1.type == MLD6_TYPE_V2_REPORT && o1.nrecs == 1 &&
	      has_rec(&o1, MLD6_V2_REC_CHANGE_TO_EXCLUDE, &g), "second is not TO_EX(group)");
	CHECK(x->dstats[D_MLD_REPORT_SENT] == 2, "counter");
	CHECK(mld_next_deadline(x->m) == XDP6_NEVER, "still scheduled");
	CASE_END();

	CASE_BEGIN("mld_retransmission_delay_spreads_below_unsolicited_interval");
	{
		xdp6_ns lo = XDP6_NEVER, hi = 0;
		uint64_t seed;

		for (seed = 1; seed <= 100; seed++) {
			struct fx *y = fx_new(1500, seed);

			mld_join(y->m, 0, &g);
			run_until(y, 0);
			lo = mld_next_deadline(y->m) < lo ? mld_next_deadline(y->m) : lo;
			hi = mld_next_deadline(y->m) > hi ? mld_next_deadline(y->m) : hi;
			fx_free(y);
		}
		CHECK(lo > 0 && hi < SEC, "outside (0, 1 s): [%llu, %llu]", (unsigned long long)lo,
		      (unsigned long long)hi);
		CHECK(lo < 100 * MS && hi > 900 * MS, "not spread: [%llu, %llu]",
		      (unsigned long long)lo, (unsigned long long)hi);
	}
	CASE_END();

	CASE_BEGIN("mld_refcounted_group_reported_once_and_left_on_last_leave");
	x->cap.n = 0;
	CHECK(mld_join(x->m, 20 * SEC, &g) == 2, "second join did not count 2");
	run_until(x, 30 * SEC);
	CHECK(x->cap.n == 0, "second join re-reported (%d frames)", x->cap.n);
	CHECK(mld_leave(x->m, 30 * SEC, &g) == 1, "first leave did not leave 1");
	run_until(x, 40 * SEC);
	CHECK(x->cap.n == 0, "leave with a user left sent %d frames", x->cap.n);
	CHECK(mld_leave(x->m, 40 * SEC, &g) == 0, "last leave");
	run_until(x, 50 * SEC);
	CHECK(x->cap.n == 2, "want 2 leave reports, got %d", x->cap.n);
	o0 = decode(&x->cap, 0);
	o1 = decode(&x->cap, 1);
	CHECK(has_rec(&o0, MLD6_V2_REC_CHANGE_TO_INCLUDE, &g) &&
	      has_rec(&o1, MLD6_V2_REC_CHANGE_TO_INCLUDE, &g), "leave is not TO_IN(group)");
	CHECK(x->cap.t[0] == 40 * SEC, "leave not sent at once");
	CHECK(mld_leave(x->m, 50 * SEC, &g) == -ENOENT, "leave of a left group");
	CHECK(mld_groups(x->m, NULL, 0) == 0, "group still listed");
	CASE_END();
	fx_free(x);

	CASE_BEGIN("mld_all_nodes_and_scope_0_1_groups_never_reported");
	x = fx_new(1500, 2);
	{
		struct in6_addr an = A("ff02::1"), il = A("ff01::1234"), rs = A("ff00::5");
		struct mld_group_info gi[8];
		struct q_in gq = { .mrc = 100 };

		CHECK(mld_join(x->m, 0, &an) == 1 && mld_join(x->m, 0, &il) == 1 &&
		      mld_join(x->m, 0, &rs) == 1, "joins");
		x->cap.n = 0;
		run_until(x, 10 * SEC);
		CHECK(feed(x, 10 * SEC, &gq) == 0, "query refused");
		run_until(x, 20 * SEC);
		{
			int i, bad = 0;

			for (i = 0; i < x->cap.n; i++) {
				struct out o = decode(&x->cap, i);

				bad += has_rec(&o, MLD6_V2_REC_CHANGE_TO_EXCLUDE, &an) ||
				       has_rec(&o, MLD6_V2_REC_MODE_IS_EXCLUDE, &an) ||
				       has_rec(&o, MLD6_V2_REC_MODE_IS_EXCLUDE, &il) ||
				       has_rec(&o, MLD6_V2_REC_CHANGE_TO_EXCLUDE, &il) ||
				       has_rec(&o, MLD6_V2_REC_MODE_IS_EXCLUDE, &rs);
			}
			CHECK(bad == 0, "%d reports about ff02::1 / scope 0-1 groups", bad);
		}
		CHECK(mld_groups(x->m, gi, 8) == 3, "want 3 memberships listed");
		CHECK(!gi[0].reported && !gi[1].reported && !gi[2].reported, "listed as reported");
		CHECK(mld_leave(x->m, 20 * SEC, &an) == 0, "leave all-nodes");
		run_until(x, 30 * SEC);
		{
			int i, done = 0;

			for (i = 0; i < x->cap.n; i++) {
				struct out o = decode(&x->cap, i);

				done += has_rec(&o, MLD6_V2_REC_CHANGE_TO_INCLUDE, &an);
			}
			CHECK(done == 0, "leave of ff02::1 reported");
		}
		CHECK(mld_join(x->m, 0, &(struct in6_addr){ { { 0x20, 0x01 } } }) == -EINVAL,
		      "unicast join accepted");
	}
	fx_free(x);
	CASE_END();
}

static void join_settle(struct fx *x, const char **groups, int n, xdp6_ns at)
{
	int i;

	for (i = 0; i < n; i++) {
		struct in6_addr g = A(groups[i]);

		mld_join(x->m, at, &g);
	}
	run_until(x, at + 10 * SEC);
	x->cap.n = 0;
}

static void test_queries(void)
{
	const char *groups[] = { G1, G2, G3, "ff02::1" };
	struct in6_addr g1 = A(G1), g2 = A(G2), g3 = A(G3), an = A("ff02::1");
	struct fx *x;
	struct out o;

	CASE_BEGIN("mld_general_query_report_within_max_response_delay_lists_all_groups");
	x = fx_new(1500, 3);
	join_settle(x, groups, 4, 0);
	{
		struct q_in q = { .mrc = 2000 };	/* 2 s */

		CHECK(feed(x, 100 * SEC, &q) == 0, "query refused");
		CHECK(x->dstats[D_MLD_QUERY_RECEIVED] == 1, "not counted");
		run_until(x, 100 * SEC + 2 * SEC);
		CHECK(x->cap.n == 1, "want one report, got %d", x->cap.n);
		CHECK(x->cap.t[0] >= 100 * SEC && x->cap.t[0] <= 102 * SEC, "report at %llu",
		      (unsigned long long)x->cap.t[0]);
		o = decode(&x->cap, 0);
		CHECK(mld_framing_ok(&x->cap, 0, &o, "ff02::16"), "framing");
		CHECK(o.nrecs == 3 && has_rec(&o, MLD6_V2_REC_MODE_IS_EXCLUDE, &g1) &&
		      has_rec(&o, MLD6_V2_REC_MODE_IS_EXCLUDE, &g2) &&
		      has_rec(&o, MLD6_V2_REC_MODE_IS_EXCLUDE, &g3), "records: %u", o.nrecs);
		CHECK(!has_rec(&o, MLD6_V2_REC_MODE_IS_EXCLUDE, &an), "ff02::1 reported");
		run_until(x, 200 * SEC);
		CHECK(x->cap.n == 1, "extra reports");
	}
	fx_free(x);
	CASE_END();

	CASE_BEGIN("mld_general_query_delay_spreads_over_max_response_delay");
	{
		xdp6_ns hi = 0, lo = XDP6_NEVER;
		uint64_t s;

		for (s = 1; s <= 200; s++) {
			struct q_in q = { .mrc = 10000 };
			xdp6_ns d;

			x = fx_new(1500, s);
			join_settle(x, groups, 1, 0);
			feed(x, 50 * SEC, &q);
			d = mld_next_deadline(x->m) - 50 * SEC;
			hi = d > hi ? d : hi;
			lo = d < lo ? d : lo;
			fx_free(x);
		}
		CHECK(hi <= 10 * SEC && hi > 9 * SEC && lo < SEC, "delays [%llu, %llu] for 10 s",
		      (unsigned long long)lo, (unsigned long long)hi);
	}
	CASE_END();

	CASE_BEGIN("mld_max_response_code_exponential_form_rfc3810_5_1_3");
	{
		/* 0x9000: exp 1, mant 0 -> (0x1000) << 4 = 65536 ms; read as linear it would be
		 * 36864 ms */
		xdp6_ns hi = 0;
		uint64_t s;

		for (s = 1; s <= 200; s++) {
			struct q_in q = { .mrc = 0x9000 };
			xdp6_ns d;

			x = fx_new(1500, s);
			join_settle(x, groups, 1, 0);
			feed(x, 50 * SEC, &q);
			d = mld_next_deadline(x->m) - 50 * SEC;
			hi = d > hi ? d : hi;
			fx_free(x);
		}
		CHECK(hi <= 65536 * MS && hi > 60 * SEC, "max delay %llu ms, want close to 65536",
		      (unsigned long long)(hi / MS));
	}
	CASE_END();

	CASE_BEGIN("mld_group_specific_query_answers_that_group_only");
	x = fx_new(1500, 4);
	join_settle(x, groups, 4, 0);
	{
		struct q_in q = { .mrc = 1000, .group = G2, .dst = G2 };

		CHECK(feed(x, 100 * SEC, &q) == 0, "query refused");
		run_until(x, 200 * SEC);
		CHECK(x->cap.n == 1, "want one report, got %d", x->cap.n);
		o = decode(&x->cap, 0);
		CHECK(x->cap.t[0] <= 101 * SEC, "late");
		CHECK(o.nrecs == 1 && has_rec(&o, MLD6_V2_REC_MODE_IS_EXCLUDE, &g2),
		      "not IS_EX(G2) only (%u records)", o.nrecs);
	}
	{
		struct q_in q = { .mrc = 1000, .group = "ff02::1:ff00:99",
				  .dst = "ff02::1:ff00:99" };

		x->cap.n = 0;
		CHECK(feed(x, 300 * SEC, &q) == 0, "query refused");
		run_until(x, 400 * SEC);
		CHECK(x->cap.n == 0, "answered a query for a group we do not listen to");
	}
	fx_free(x);
	CASE_END();

	CASE_BEGIN("mld_source_specific_query_answered_with_is_include_of_queried_sources");
	x = fx_new(1500, 5);
	join_settle(x, groups, 4, 0);
	{
		struct q_in q = { .mrc = 1000, .group = G3, .dst = G3, .nsrcs = 2,
				  .srcs = { "2001:db8::a", "2001:db8::b" } };
		struct in6_addr sa = A("2001:db8::a"), sb = A("2001:db8::b");

		CHECK(feed(x, 100 * SEC, &q) == 0, "query refused");
		run_until(x, 200 * SEC);
		CHECK(x->cap.n == 1, "want one report, got %d", x->cap.n);
		o = decode(&x->cap, 0);
		/* RFC 3810 §6.3 rule 4: EXCLUDE ({}) queried for B -> IS_IN (B) */
		CHECK(o.nrecs == 1 && o.recs[0].type == MLD6_V2_REC_MODE_IS_INCLUDE &&
		      !memcmp(&o.recs[0].group, &g3, 16) && o.recs[0].nsrcs == 2 &&
		      !memcmp(&o.recs[0].srcs[0], &sa, 16) && !memcmp(&o.recs[0].srcs[1], &sb, 16),
		      "not IS_IN(G3, {a, b})");
	}
	fx_free(x);
	CASE_END();

	CASE_BEGIN("mld_pending_sooner_general_response_covers_later_queries");
	x = fx_new(1500, 6);
	join_settle(x, groups, 4, 0);
	{
		struct q_in gq = { .mrc = 1 }, sq = { .mrc = 10000, .group = G1, .dst = G1 };
		xdp6_ns t;

		feed(x, 100 * SEC, &gq);
		t = mld_next_deadline(x->m);
		CHECK(t <= 100 * SEC + MS, "general response not within 1 ms");
		feed(x, 100 * SEC, &sq);	/* §6.2 rule 1: nothing more scheduled */
		CHECK(mld_next_deadline(x->m) == t, "deadline moved");
		run_until(x, 200 * SEC);
		CHECK(x->cap.n == 1, "want only the general response, got %d frames", x->cap.n);
	}
	fx_free(x);
	CASE_END();

	CASE_BEGIN("mld_second_specific_query_keeps_the_earlier_response_time");
	x = fx_new(1500, 7);
	join_settle(x, groups, 4, 0);
	{
		struct q_in s1 = { .mrc = 10000, .group = G1, .dst = G1 };
		struct q_in s2 = { .mrc = 0, .group = G1, .dst = G1 };
		xdp6_ns t1;

		feed(x, 100 * SEC, &s1);
		t1 = mld_next_deadline(x->m);
		CHECK(t1 > 100 * SEC, "seed gives zero delay");
		feed(x, 100 * SEC, &s2);	/* §6.2 rule 4: the earlier one */
		CHECK(mld_next_deadline(x->m) == 100 * SEC, "not moved to the earlier time");
		feed(x, 100 * SEC, &s1);	/* and a later one does not push it back */
		CHECK(mld_next_deadline(x->m) == 100 * SEC, "pushed back");
		run_until(x, 200 * SEC);
		CHECK(x->cap.n == 1, "want one response, got %d", x->cap.n);
	}
	fx_free(x);
	CASE_END();

	CASE_BEGIN("mld_v2_query_qrv_3_makes_three_state_change_reports");
	x = fx_new(1500, 8);
	{
		struct q_in q = { .mrc = 1000, .s_qrv = 3, .qqic = 60 };

		feed(x, 0, &q);
		run_until(x, 10 * SEC);		/* the (empty) general response */
		mld_join(x->m, 10 * SEC, &g1);
		run_until(x, 20 * SEC);
		CHECK(x->cap.n == 3, "want 3 reports after QRV 3, got %d", x->cap.n);
	}
	fx_free(x);
	CASE_END();
}

static void test_invalid(void)
{
	const char *groups[] = { G1, G2 };
	struct {
		const char *name;
		struct q_in q;
	} cases[] = {
		{ "mld_query_hop_limit_255_ignored_and_counted", { .hop_limit = 255, .mrc = 100 } },
		{ "mld_query_without_router_alert_ignored_and_counted",
		  { .no_ra = true, .mrc = 100 } },
		{ "mld_query_from_global_source_ignored_and_counted",
		  { .src = "2001:db8::99", .mrc = 100 } },
		{ "mld_query_from_unspecified_source_ignored_and_counted",
		  { .src = "::", .mrc = 100 } },
		{ "mld_query_bad_checksum_ignored_and_counted", { .bad_csum = true, .mrc = 100 } },
		{ "mld_query_length_26_ignored_and_counted", { .len_delta = -2, .mrc = 100 } },
		{ "mld_v2_query_nsrcs_beyond_length_ignored_and_counted",
		  { .group = G1, .nsrcs = 1, .srcs = { "2001:db8::a" }, .nsrcs_field = 2,
		    .mrc = 100 } },
		{ "mld_general_query_with_sources_ignored_and_counted",
		  { .nsrcs = 1, .srcs = { "2001:db8::a" }, .mrc = 100 } },
		{ "mld_query_for_unicast_group_ignored_and_counted",
		  { .group = "2001:db8::1", .mrc = 100 } },
		{ "mld_v1_query_hop_limit_255_ignored_and_counted",
		  { .v1 = true, .hop_limit = 255, .mrc = 100 } },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fx *x = fx_new(1500, 9);
		int r;

		CASE_BEGIN(cases[i].name);
		join_settle(x, groups, 2, 0);
		r = feed(x, 100 * SEC, &cases[i].q);
		CHECK(r == -EINVAL, "mld_input returned %d", r);
		CHECK(x->dstats[D_MLD_INVALID] == 1, "not counted as mld-invalid");
		CHECK(x->dstats[D_MLD_QUERY_RECEIVED] == 0, "counted as a query");
		CHECK(mld_next_deadline(x->m) == XDP6_NEVER, "a response was scheduled");
		CHECK(!mld_v1_mode(x->m, 100 * SEC), "switched to MLDv1");
		run_until(x, 200 * SEC);
		CHECK(x->cap.n == 0, "%d frames sent", x->cap.n);
		fx_free(x);
		CASE_END();
	}

	CASE_BEGIN("mld_valid_control_query_is_answered");
	{
		struct fx *x = fx_new(1500, 9);
		struct q_in q = { .mrc = 100 };

		join_settle(x, groups, 2, 0);
		CHECK(feed(x, 100 * SEC, &q) == 0, "refused");
		run_until(x, 200 * SEC);
		CHECK(x->cap.n == 1 && x->dstats[D_MLD_INVALID] == 0, "control not answered");
		fx_free(x);
	}
	CASE_END();

	CASE_BEGIN("mld_query_code_nonzero_is_accepted_code_ignored_by_receivers");
	{
		struct fx *x = fx_new(1500, 9);
		struct in_frame f;
		struct q_in q = { .mrc = 100 };

		join_settle(x, groups, 2, 0);
		mk_q(&f, &q);
		/* set code 1 and fix the checksum by RFC 1624 (code is the low byte of word 0) */
		{
			uint8_t *l4 = f.buf + f.pi.l4_off;
			uint16_t ck = (uint16_t)(l4[2] << 8 | l4[3]);
			uint32_t sum = (uint16_t)~ck;

			sum += (uint16_t)~(uint16_t)(l4[0] << 8 | l4[1]);
			l4[1] = 1;
			sum += (uint16_t)(l4[0] << 8 | l4[1]);
			while (sum >> 16)
				sum = (sum & 0xffff) + (sum >> 16);
			ck = (uint16_t)~sum;
			l4[2] = (uint8_t)(ck >> 8);
			l4[3] = (uint8_t)ck;
		}
		CHECK(mld_input(x->m, 100 * SEC, &f.pi) == 0, "refused");
		run_until(x, 200 * SEC);
		CHECK(x->cap.n == 1, "not answered");
		fx_free(x);
	}
	CASE_END();
}

static void test_v1(void)
{
	const char *groups[] = { G1, G2 };
	struct in6_addr g1 = A(G1), g2 = A(G2);
	struct fx *x;
	struct out o;

	CASE_BEGIN("mld_v1_query_gets_v1_reports_to_each_group");
	x = fx_new(1500, 10);
	join_settle(x, groups, 2, 0);
	{
		struct q_in q = { .v1 = true, .mrc = 1000 };

		CHECK(feed(x, 100 * SEC, &q) == 0, "refused");
		CHECK(mld_v1_mode(x->m, 100 * SEC), "not in MLDv1 mode");
		CHECK(x->dstats[D_MLD_V1_QUERY_RECEIVED] == 1, "not counted");
		run_until(x, 101 * SEC);
		CHECK(x->cap.n == 2, "want 2 v1 reports, got %d", x->cap.n);
		o = decode(&x->cap, 0);
		CHECK(o.type == MLD6_TYPE_V1_REPORT, "type %u", o.type);
		CHECK(mld_framing_ok(&x->cap, 0, &o, !memcmp(&o.v1_group, &g1, 16) ? G1 : G2) &&
		      (!memcmp(&o.v1_group, &g1, 16) || !memcmp(&o.v1_group, &g2, 16)),
		      "not sent to its group with hop limit 1 and Router Alert");
		o = decode(&x->cap, 1);
		CHECK(o.type == MLD6_TYPE_V1_REPORT &&
		      mld_framing_ok(&x->cap, 1, &o, !memcmp(&o.v1_group, &g1, 16) ? G1 : G2),
		      "second report");
	}
	CASE_END();

	CASE_BEGIN("mld_join_in_v1_mode_sends_v1_reports");
	x->cap.n = 0;
	{
		struct in6_addr g3 = A(G3);

		mld_join(x->m, 110 * SEC, &g3);
		run_until(x, 120 * SEC);
		CHECK(x->cap.n == 2, "want 2 unsolicited v1 reports, got %d", x->cap.n);
		o = decode(&x->cap, 0);
		CHECK(o.type == MLD6_TYPE_V1_REPORT && !memcmp(&o.v1_group, &g3, 16) &&
		      mld_framing_ok(&x->cap, 0, &o, G3), "not a v1 report to the group");
		CHECK(x->cap.t[0] == 110 * SEC, "not at once");
	}
	CASE_END();

	CASE_BEGIN("mld_leave_in_v1_mode_sends_done_to_ff02_2");
	x->cap.n = 0;
	CHECK(mld_leave(x->m, 130 * SEC, &g1) == 0, "leave");
	run_until(x, 140 * SEC);
	CHECK(x->cap.n == 1, "want one Done, got %d", x->cap.n);
	o = decode(&x->cap, 0);
	CHECK(o.type == MLD6_TYPE_V1_DONE && !memcmp(&o.v1_group, &g1, 16) &&
	      mld_framing_ok(&x->cap, 0, &o, "ff02::2"), "not a Done(G1) to ff02::2");
	CHECK(x->dstats[D_MLD_DONE_SENT] == 1, "counter");
	CASE_END();

	CASE_BEGIN("mld_v1_compat_expires_after_260_s");
	/* the v1 query came at 100 s: v1 until 100 + 2 * 125 + 10 = 360 s */
	CHECK(mld_v1_mode(x->m, 359 * SEC), "left MLDv1 mode before 260 s");
	CHECK(mld_next_deadline(x->m) == 360 * SEC, "deadline %llu, want the v1 expiry",
	      (unsigned long long)mld_next_deadline(x->m));
	run_until(x, 360 * SEC);
	CHECK(!mld_v1_mode(x->m, 360 * SEC), "still MLDv1 after 260 s");
	x->cap.n = 0;
	mld_leave(x->m, 361 * SEC, &g2);
	run_until(x, 370 * SEC);
	o = decode(&x->cap, 0);
	CHECK(x->cap.n == 2 && o.type == MLD6_TYPE_V2_REPORT &&
	      has_rec(&o, MLD6_V2_REC_CHANGE_TO_INCLUDE, &g2), "leave after expiry not MLDv2");
	fx_free(x);
	CASE_END();

	CASE_BEGIN("mld_v1_report_from_other_node_suppresses_ours");
	x = fx_new(1500, 11);
	join_settle(x, groups, 2, 0);
	{
		struct q_in q = { .v1 = true, .mrc = 10000 };
		struct q_in rep = { .type = MLD6_TYPE_V1_REPORT, .v1 = true, .group = G1,
				    .dst = G1 };
		int i, g1_reports = 0, g2_reports = 0;

		feed(x, 100 * SEC, &q);
		CHECK(feed(x, 100 * SEC, &rep) == 0, "report refused");
		CHECK(x->dstats[D_MLD_REPORT_SUPPRESSED] == 1, "not counted");
		run_until(x, 120 * SEC);
		for (i = 0; i < x->cap.n; i++) {
			o = decode(&x->cap, i);
			g1_reports += !memcmp(&o.v1_group, &g1, 16);
			g2_reports += !memcmp(&o.v1_group, &g2, 16);
		}
		CHECK(g1_reports == 0, "G1 reported despite another node's report");
		CHECK(g2_reports == 1, "G2 (not suppressed) reported %d times", g2_reports);
		/* suppressed: we are not the last reporter, so leaving sends no Done */
		x->cap.n = 0;
		mld_leave(x->m, 130 * SEC, &g1);
		run_until(x, 140 * SEC);
		CHECK(x->cap.n == 0, "Done sent although another node reported last");
	}
	fx_free(x);
	CASE_END();

	CASE_BEGIN("mld_v1_report_does_not_suppress_in_v2_mode");
	x = fx_new(1500, 12);
	join_settle(x, groups, 2, 0);
	{
		struct q_in q = { .mrc = 10000, .group = G1, .dst = G1 };
		struct q_in rep = { .type = MLD6_TYPE_V1_REPORT, .v1 = true, .group = G1,
				    .dst = G1 };

		feed(x, 100 * SEC, &q);
		feed(x, 100 * SEC, &rep);
		run_until(x, 120 * SEC);
		CHECK(x->cap.n == 1 && x->dstats[D_MLD_REPORT_SUPPRESSED] == 0,
		      "MLDv2 response suppressed");
	}
	fx_free(x);
	CASE_END();
}

static void test_source_and_split(void)
{
	struct in6_addr g1 = A(G1), ll = A("fe80::ff:fe00:1"), glob = A("2001:db8::1");
	struct fx *x;
	struct out o;
	int i;

	CASE_BEGIN("mld_reports_from_link_local_once_set_and_memberships_reannounced");
	x = fx_new(1500, 13);
	mld_join(x->m, 0, &g1);
	run_until(x, 0);
	o = decode(&x->cap, 0);
	CHECK(x->cap.n == 1 && ip6_is_unspecified(&o.pi.src), "first report not from ::");
	CHECK(mld_set_source(x->m, &glob) == -EINVAL, "global source accepted");
	CHECK(mld_set_source(x->m, &ll) == 0, "set source");
	run_until(x, 10 * SEC);
	/* 1 + the retransmission from ::-time merged into the re-announcement: Robustness (2)
	 * reports from the link-local */
	{
		int from_ll = 0;

		for (i = 1; i < x->cap.n; i++) {
			o = decode(&x->cap, i);
			from_ll += !memcmp(&o.pi.src, &ll, 16) &&
				   has_rec(&o, MLD6_V2_REC_CHANGE_TO_EXCLUDE, &g1);
		}
		CHECK(from_ll == 2, "%d TO_EX reports from the link-local, want 2", from_ll);
	}
	CHECK(mld_set_source(x->m, NULL) == 0, "clear source");
	x->cap.n = 0;
	mld_leave(x->m, 20 * SEC, &g1);
	run_until(x, 20 * SEC);
	o = decode(&x->cap, 0);
	CHECK(x->cap.n == 1 && ip6_is_unspecified(&o.pi.src), "not back to ::");
	fx_free(x);
	CASE_END();

	CASE_BEGIN("mld_general_report_split_to_fit_link_mtu_1280");
	x = fx_new(1280, 14);
	for (i = 0; i < 100; i++) {
		struct in6_addr g = A("ff02::1:ff00:0");

		g.s6_addr[14] = (uint8_t)(i >> 8);
		g.s6_addr[15] = (uint8_t)i;
		mld_join(x->m, 0, &g);
	}
	run_until(x, 10 * SEC);
	{
		unsigned recs = 0;
		int frames_ok = 1;

		/* the joins in one step share each state-change report: 100 records, 2 frames */
		CHECK(x->cap.n == 4, "state change took %d frames, want 2 x 2", x->cap.n);
		x->cap.n = 0;
		feed(x, 20 * SEC, &(struct q_in){ .mrc = 100 });
		run_until(x, 30 * SEC);
		for (i = 0; i < x->cap.n; i++) {
			o = decode(&x->cap, i);
			frames_ok &= o.ok && x->cap.len[i] <= ETH6_HLEN + 1280;
			recs += o.nrecs;
		}
		CHECK(x->cap.n == 2, "want 2 frames, got %d", x->cap.n);
		CHECK(frames_ok, "a frame is malformed or larger than the MTU");
		CHECK(recs == 100, "%u records, want 100", recs);
		CHECK(x->cap.len[0] == ETH6_HLEN + IP6_HLEN + 8 + 8 + 61 * 20,
		      "first frame not filled to the MTU (%zu)", x->cap.len[0]);
	}
	{
		struct mld_group_info gi[128];

		CHECK(mld_groups(x->m, gi, 128) == 100, "memberships listed");
		CHECK(gi[0].refcount == 1 && gi[0].reported && !gi[0].v1_mode &&
		      gi[0].next_report == XDP6_NEVER, "group info");
		CHECK(mld_groups(x->m, gi, 3) == 100, "count with a short buffer");
	}
	fx_free(x);
	CASE_END();
}

static void test_scapy(void)
{
	struct in6_addr g1 = A(G1), g3 = A(G3), ll = A("fe80::ff:fe00:1");
	struct fx *x = fx_new(1500, 15);
	char lines[8][512];
	const char *want[] = {
		"dmac=33:33:00:00:00:16 src=fe80::ff:fe00:1 dst=ff02::16 hlim=1 ra=0 type=143 "
		"nrecs=2 recs=4:ff02::1:ff00:1,4:ff05::1:3 cksum=ok",
		"dmac=33:33:00:00:00:16 src=fe80::ff:fe00:1 dst=ff02::16 hlim=1 ra=0 type=143 "
		"nrecs=1 recs=1:ff05::1:3:2001:db8::a;2001:db8::b cksum=ok",
		"dmac=33:33:00:00:00:16 src=fe80::ff:fe00:1 dst=ff02::16 hlim=1 ra=0 type=143 "
		"nrecs=2 recs=2:ff02::1:ff00:1,2:ff05::1:3 cksum=ok",
		"dmac=33:33:ff:00:00:01 src=fe80::ff:fe00:1 dst=ff02::1:ff00:1 hlim=1 ra=0 "
		"type=131 group=ff02::1:ff00:1 cksum=ok",
		"dmac=33:33:00:00:00:02 src=fe80::ff:fe00:1 dst=ff02::2 hlim=1 ra=0 type=132 "
		"group=ff02::1:ff00:1 cksum=ok",
	};
	struct cap keep;
	int got, i;

	CASE_BEGIN("mld_reports_and_done_parsed_by_scapy_with_valid_checksums");
	memset(&keep, 0, sizeof(keep));
	mld_set_source(x->m, &ll);
	mld_join(x->m, 0, &g1);
	mld_join(x->m, 0, &g3);
	run_until(x, 0);
	memcpy(keep.f[0], x->cap.f[0], x->cap.len[0]);	/* TO_EX x2 */
	keep.len[0] = x->cap.len[0];
	run_until(x, 10 * SEC);
	x->cap.n = 0;
	feed(x, 20 * SEC, &(struct q_in){ .mrc = 0, .group = G3, .dst = G3, .nsrcs = 2,
					   .srcs = { "2001:db8::a", "2001:db8::b" } });
	run_until(x, 20 * SEC);
	memcpy(keep.f[1], x->cap.f[0], x->cap.len[0]);	/* IS_IN(G3, {a, b}) */
	keep.len[1] = x->cap.len[0];
	x->cap.n = 0;
	feed(x, 30 * SEC, &(struct q_in){ .mrc = 0 });
	run_until(x, 30 * SEC);
	memcpy(keep.f[2], x->cap.f[0], x->cap.len[0]);	/* IS_EX x2 */
	keep.len[2] = x->cap.len[0];
	x->cap.n = 0;
	feed(x, 40 * SEC, &(struct q_in){ .v1 = true, .mrc = 0, .group = G1, .dst = G1 });
	run_until(x, 40 * SEC);
	memcpy(keep.f[3], x->cap.f[0], x->cap.len[0]);	/* v1 Report */
	keep.len[3] = x->cap.len[0];
	x->cap.n = 0;
	mld_leave(x->m, 50 * SEC, &g1);
	run_until(x, 50 * SEC);
	memcpy(keep.f[4], x->cap.f[0], x->cap.len[0]);	/* Done */
	keep.len[4] = x->cap.len[0];
	CHECK(x->cap.n == 1, "no Done");
	got = py_parse_frames("mld", scapy_mld_prog, (const uint8_t *)keep.f, sizeof(keep.f[0]),
			      keep.len, 5, (char *)lines, sizeof(lines[0]));
	if (got < 0) {
		printf("SKIP mld_reports_and_done_parsed_by_scapy_with_valid_checksums: "
		       "/usr/bin/python3 with scapy not available\n");
	} else {
		CHECK(got == 5, "scapy printed %d lines", got);
		for (i = 0; i < got && i < 5; i++)
			CHECK(!strcmp(lines[i], want[i]),
			      "frame %d:\n      scapy: %s\n      want:  %s", i, lines[i], want[i]);
		CASE_END();
	}
	fx_free(x);
}

/* Seeded fuzz: random and mutated queries/reports through mld_input with timers interleaved.
 * Sane state: memberships and refcounts unchanged by input, deadlines bounded, every frame
 * sent parses, fits the MTU and is an MLD message to ff02::16, ff02::2 or a joined group. */
static void test_fuzz(void)
{
	const char *groups[] = { G1, G2, G3, "ff02::1" };
	struct q_in seeds[6] = {
		{ .mrc = 1000 },
		{ .mrc = 1000, .group = G1, .dst = G1 },
		{ .mrc = 0x8123, .group = G3, .dst = G3, .nsrcs = 2,
		  .srcs = { "2001:db8::a", "2001:db8::b" } },
		{ .v1 = true, .mrc = 500 },
		{ .type = MLD6_TYPE_V1_REPORT, .v1 = true, .group = G2, .dst = G2 },
		{ .mrc = 100, .s_qrv = 7, .qqic = 0xff },
	};
	struct fuzz z = { .rng = 0xf00d, .random_one_in = 5, .random_max = 200,
			  .keep = ETH6_HLEN + IP6_HLEN + 8, .flips_min = 0, .flips_max = 3 };
	struct in_frame base[6];
	struct fuzz_base fb[6];
	struct fx *x = fx_new(1280, 77);
	xdp6_ns now = 0;
	unsigned i, bad_ret = 0, bad_frame = 0, parsed = 0;
	int k, seen = 0;

	CASE_BEGIN("mld_fuzz_20000_random_and_mutated_frames_no_crash_state_sane");
	join_settle(x, groups, 4, 0);
	for (k = 0; k < 6; k++) {
		mk_q(&base[k], &seeds[k]);
		fb[k] = (struct fuzz_base){ base[k].buf, (size_t)base[k].len, base[k].pi.l4_off };
	}
	for (i = 0; i < 20000; i++) {
		uint8_t buf[512];
		size_t len = fuzz_frame(&z, buf, sizeof(buf), fb, 6);
		struct pkt_info pi;
		int res;

		if (pkt_parse(buf, len, &pi))
			continue;
		parsed++;
		res = mld_input(x->m, now, &pi);
		bad_ret += !(res == 0 || res == -EINVAL);
		/* the longest anything can be scheduled: MRC max 8387.584 s, and v1 mode
		 * QRV 7 x QQI 31744 s + that */
		if (mld_next_deadline(x->m) != XDP6_NEVER &&
		    mld_next_deadline(x->m) > now + (7ull * 31744 + 8400) * SEC)
			bad_ret++;
		if (fuzz_u32(&z) % 16 == 0) {
			int before = x->cap.n;

			now += (fuzz_u32(&z) % 3000) * MS;
			x->cap.now = now;
			mld_timeout(x->m, now);
			for (k = before; k < x->cap.n && k < MAXCAP; k++) {
				struct out o = decode(&x->cap, k);

				bad_frame += !o.ok || x->cap.len[k] > ETH6_HLEN + 1280 ||
					     !o.pi.router_alert_mld;
				seen++;
			}
			if (x->cap.n >= MAXCAP)
				x->cap.n = 0;
		}
	}
	CHECK(bad_ret == 0, "%u bad returns or deadlines", bad_ret);
	CHECK(bad_frame == 0, "%u malformed frames sent", bad_frame);
	CHECK(parsed > 5000 && seen > 50, "fuzz too shallow: %u parsed, %d frames", parsed, seen);
	CHECK(x->dstats[D_MLD_INVALID] > 0 && x->dstats[D_MLD_QUERY_RECEIVED] > 0 &&
	      x->dstats[D_MLD_V1_QUERY_RECEIVED] > 0, "paths not reached");
	{
		struct mld_group_info gi[8];
		size_t n = mld_groups(x->m, gi, 8), j;
		unsigned refs = 0;

		CHECK(n == 4, "memberships changed: %zu", n);
		for (j = 0; j < n && j < 8; j++)
			refs += gi[j].refcount;
		CHECK(refs == 4, "refcounts changed");
	}
	fx_free(x);
	CASE_END();
}

/* ---- issue 9 item 4: a flood of queries must not multiply our reports ---- */

/* Reports naming group g among the captured frames (v2 records or v1 Reports), their times in
 * t[] (up to max); returns how many. */
static int reports_for(const struct fx *x, const struct in6_addr *g, xdp6_ns *t, int max)
{
	int i, n = 0;

	for (i = 0; i < x->cap.n && i < MAXCAP; i++) {
		struct out o = decode(&x->cap, i);

		if (!o.ok)
			continue;
		if ((o.type == MLD6_TYPE_V2_REPORT &&
		     (has_rec(&o, MLD6_V2_REC_MODE_IS_EXCLUDE, g) ||
		      has_rec(&o, MLD6_V2_REC_MODE_IS_INCLUDE, g))) ||
		    (o.type == MLD6_TYPE_V1_REPORT && !memcmp(&o.v1_group, g, 16))) {
			if (n < max)
				t[n] = x->cap.t[i];
			n++;
		}
	}
	return n;
}

/* n queries q, `gap` apart from `start`, timers run between them as the event loop does.
 * Then every query must have had a report for g within its Maximum Response Delay (`mrd`),
 * and reports for g must be at least `min_gap` apart. Returns a reason or NULL. */
static const char *flood(struct fx *x, const struct q_in *q, int n, xdp6_ns start, xdp6_ns gap,
			 const struct in6_addr *g, xdp6_ns mrd, xdp6_ns min_gap, int *nrep)
{
	static char why[160];
	xdp6_ns t[MAXCAP], now;
	int i, k, nr;

	for (i = 0; i < n; i++) {
		now = start + (xdp6_ns)i * gap;
		run_until(x, now);
		if (feed(x, now, q))
			return "query refused";
	}
	run_until(x, start + (xdp6_ns)n * gap + mrd + min_gap);
	nr = reports_for(x, g, t, MAXCAP);
	*nrep = nr;
	if (nr > MAXCAP)
		return "too many reports to check";
	for (k = 1; k < nr; k++)
		if (t[k] - t[k - 1] < min_gap) {
			snprintf(why, sizeof(why), "reports %d and %d %llu ms apart", k - 1, k,
				 (unsigned long long)((t[k] - t[k - 1]) / MS));
			return why;
		}
	for (i = 0; i < n; i++) {
		now = start + (xdp6_ns)i * gap;
		for (k = 0; k < nr && !(t[k] >= now && t[k] <= now + mrd); k++)
			;
		if (k == nr) {
			snprintf(why, sizeof(why), "query %d (at %llu ms) not answered within "
				 "%llu ms", i, (unsigned long long)(now / MS),
				 (unsigned long long)(mrd / MS));
			return why;
		}
	}
	return NULL;
}

static void test_query_flood(void)
{
	const char *groups[] = { G1, G2, G3 };
	struct in6_addr g1 = A(G1), g3 = A(G3);
	const char *why;
	struct fx *x;
	int nr, nr3;
	uint64_t seed;

	/* 100 queries/s for 5 s, Maximum Response Delay 10 s: 16 reports a group before */
	CASE_BEGIN("mld_v2_general_query_flood_gets_one_report_per_max_response_delay");
	for (seed = 1; seed <= 20; seed++) {
		struct q_in q = { .mrc = 10000 };

		x = fx_new(1500, seed);
		join_settle(x, groups, 3, 0);
		why = flood(x, &q, 500, 100 * SEC, 10 * MS, &g1, 10 * SEC, 10 * SEC, &nr);
		CHECK(!why, "seed %llu: %s", (unsigned long long)seed, why);
		CHECK(nr >= 1 && nr <= 2, "seed %llu: %d reports naming %s", (unsigned long long)seed,
		      nr, G1);
		CHECK(reports_for(x, &g3, NULL, 0) == nr, "%s not in the same reports", G3);
		CHECK(x->dstats[D_MLD_RESPONSE_HELD] > 0, "mld-response-held not counted");
		fx_free(x);
	}
	CASE_END();

	/* an attacker's Maximum Response Delay of 0 does not make one report per query */
	CASE_BEGIN("mld_v2_general_query_flood_with_max_response_delay_0_one_report_a_second");
	{
		struct q_in q = { .mrc = 0 };

		x = fx_new(1500, 5);
		join_settle(x, groups, 3, 0);
		why = flood(x, &q, 500, 100 * SEC, 10 * MS, &g1, SEC, SEC, &nr);
		CHECK(!why, "%s", why);
		CHECK(nr >= 5 && nr <= 6, "%d reports for 500 queries over 5 s", nr);
		fx_free(x);
	}
	CASE_END();

	CASE_BEGIN("mld_v2_group_specific_query_flood_gets_one_report_per_second");
	{
		struct q_in q = { .mrc = 1000, .group = G1 };

		x = fx_new(1500, 6);
		join_settle(x, groups, 3, 0);
		why = flood(x, &q, 500, 100 * SEC, 10 * MS, &g1, SEC, SEC, &nr);
		CHECK(!why, "%s", why);
		CHECK(nr >= 5 && nr <= 6, "%d reports for 500 queries over 5 s", nr);
		CHECK(reports_for(x, &g3, NULL, 0) == 0, "other group reported");
		fx_free(x);
	}
	CASE_END();

	/* RFC 2710 §4: the same for MLDv1 (queries and reports) */
	CASE_BEGIN("mld_v1_general_query_flood_gets_one_report_per_group_per_max_response_delay");
	for (seed = 1; seed <= 20; seed++) {
		struct q_in q = { .v1 = true, .mrc = 10000 };

		x = fx_new(1500, seed);
		join_settle(x, groups, 3, 0);
		why = flood(x, &q, 500, 100 * SEC, 10 * MS, &g1, 10 * SEC, 10 * SEC, &nr);
		CHECK(!why, "seed %llu: %s", (unsigned long long)seed, why);
		nr3 = reports_for(x, &g3, NULL, 0);
		CHECK(nr >= 1 && nr <= 2 && nr3 >= 1 && nr3 <= 2, "seed %llu: %d and %d reports",
		      (unsigned long long)seed, nr, nr3);
		fx_free(x);
	}
	CASE_END();
}

/* The defaults, field by field: a changed or lost default is a behaviour change. */
static void test_cfg_defaults(void)
{
	struct mld_cfg c;

	memset(&c, 0xa5, sizeof(c));	/* a field the defaults forget keeps garbage */
	mld_cfg_defaults(&c);
	CASE_BEGIN("cfg_defaults_are_the_rfc3810_section9_values");
	CHECK(c.robustness == 2, "robustness %u (§9.1)", c.robustness);
	CHECK(c.query_interval == 125 * XDP6_NS_PER_SEC, "query interval (§9.2)");
	CHECK(c.query_response_interval == 10 * XDP6_NS_PER_SEC, "query response interval (§9.3)");
	CHECK(c.unsolicited_interval == 1 * XDP6_NS_PER_SEC, "unsolicited report interval (§9.11)");
	CASE_END();
}

int main(void)
{
	test_cfg_defaults();
	test_join();
	test_queries();
	test_invalid();
	test_v1();
	test_query_flood();
	test_source_and_split();
	test_scapy();
	test_fuzz();
	return check_exit();
}
