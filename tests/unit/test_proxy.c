// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Unit tests of user/proto/proxy.c's --auto (ndppd's `auto`): fake route events go in, the
 * trie changes come out into a model trie; what the model answers (longest-prefix match, as
 * the fast path) is checked against a naive oracle that knows only the rule: a target is
 * answered when it is in a static prefix, or in an auto prefix and under a main-table unicast
 * route through another interface. Plus the filters, shared keys and a resync. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/rtnetlink.h>

#include "check.h"
#include "proxy.h"

#define SELF	2		/* our interface */
#define OTHER	3
#define MODEL	512

struct key {
	struct in6_addr p;
	uint8_t plen;
};

static struct key trie[MODEL];
static size_t ntrie;
static unsigned emits, bad_emits;

static size_t trie_find(const struct in6_addr *p, uint8_t plen)
{
	size_t i;

	for (i = 0; i < ntrie; i++)
		if (trie[i].plen == plen && !memcmp(&trie[i].p, p, sizeof(*p)))
			return i;
	return ntrie;
}

static void on_emit(void *ctx, const struct in6_addr *p, uint8_t plen, uint8_t mode, bool add)
{
	size_t i = trie_find(p, plen);

	emits++;
	if (mode != XDP6_PROXY_STATIC)
		bad_emits++;		/* the fast path answers only mode static */
	if (add) {
		if (i < ntrie || ntrie == MODEL)
			bad_emits++;	/* added twice */
		else
			trie[ntrie++] = (struct key){ *p, plen };
	} else {
		if (i == ntrie)
			bad_emits++;	/* removed what is not there */
		else
			trie[i] = trie[--ntrie];
	}
}

static bool in_prefix(const struct in6_addr *a, const struct in6_addr *p, unsigned plen)
{
	unsigned i;

	for (i = 0; i < plen; i++)
		if ((a->s6_addr[i / 8] ^ p->s6_addr[i / 8]) & (0x80 >> (i % 8)))
			return false;
	return true;
}

/* The model trie answers a (any entry matches: every entry is mode static). */
static bool trie_answers(const struct in6_addr *a)
{
	size_t i;

	for (i = 0; i < ntrie; i++)
		if (in_prefix(a, &trie[i].p, trie[i].plen))
			return true;
	return false;
}

static struct in6_addr A(const char *s)
{
	struct in6_addr a;

	inet_pton(AF_INET6, s, &a);
	return a;
}

static struct proxy_route R(const char *dst, uint8_t len, int oif)
{
	struct proxy_route r = { .dst = A(dst), .dst_len = len, .oif = oif,
				 .table = RT_TABLE_MAIN, .type = RTN_UNICAST };
	return r;
}

static struct proxy_table *fresh(void)
{
	struct proxy_table *t = proxy_new(0);

	ntrie = 0;
	emits = bad_emits = 0;
	proxy_set_out(t, SELF, on_emit, NULL);
	return t;
}

static void test_intersections(void)
{
	struct proxy_table *t = fresh();
	struct in6_addr p64 = A("2001:db8:5::"), p48 = A("2001:db8::"), in, out;
	struct proxy_route r80 = R("2001:db8:5:0:1::", 80, OTHER), r;
	struct proxy_entry e[4];

	CASE_BEGIN("proxy_auto_publishes_the_intersections_with_routes_through_another_iface");
	CHECK(proxy_change(t, &p64, 64, XDP6_PROXY_AUTO, true) == 0, "add auto");
	CHECK(ntrie == 0, "an auto prefix without routes answers nothing (%zu keys)", ntrie);
	CHECK(proxy_route(t, true, &r80) == 1, "the /80 through another iface counts");
	CHECK(ntrie == 1 && trie[0].plen == 80 && !memcmp(&trie[0].p, &r80.dst, 16),
	      "the trie holds exactly the /80");
	in = A("2001:db8:5:0:1::42");
	out = A("2001:db8:5::42");
	CHECK(trie_answers(&in), "under the route");
	CHECK(!trie_answers(&out), "in /64, not routed");
	r = R("2001:db8:5:0:2::", 80, SELF);
	CHECK(proxy_route(t, true, &r) == 0 && ntrie == 1, "a route through our iface: no");
	r = R("2001:db8:5:0:3::", 80, OTHER);
	r.table = 100;
	CHECK(proxy_route(t, true, &r) == 0 && ntrie == 1, "another table: no");
	r = R("2001:db8:5:0:4::", 80, OTHER);
	r.type = RTN_UNREACHABLE;
	CHECK(proxy_route(t, true, &r) == 0 && ntrie == 1, "unreachable: no");
	r = R("2001:db8:5:0:5::", 80, 0);
	CHECK(proxy_route(t, true, &r) == 0 && ntrie == 1, "multipath (no oif): no");
	r = R("2001:db8:6::", 64, OTHER);
	CHECK(proxy_route(t, true, &r) == 0 && ntrie == 1 && proxy_routes(t) == 1,
	      "outside every auto prefix: not even kept");
	r = R("2001:db8::", 32, OTHER);
	CHECK(proxy_route(t, true, &r) == 1 && ntrie == 2 && trie_find(&p64, 64) < ntrie,
	      "a covering route makes the whole /64 answered");
	CHECK(proxy_route(t, false, &r) == 1 && ntrie == 1, "and its removal takes it back");
	CHECK(proxy_route(t, false, &r80) == 1 && ntrie == 0, "route gone: nothing answered");
	CHECK(proxy_route(t, false, &r80) == 0, "removing it twice");
	/* a static prefix and an intersection share the key /64: it goes with its last reason */
	CHECK(proxy_route(t, true, &r) == 1 && ntrie == 1, "the /32 again");
	CHECK(proxy_change(t, &p64, 64, XDP6_PROXY_STATIC, true) == -EEXIST, "same prefix");
	CHECK(proxy_change(t, &p48, 48, XDP6_PROXY_AUTO, true) == 0 && ntrie == 2, "auto /48");
	CHECK(proxy_change(t, &p48, 48, XDP6_PROXY_AUTO, false) == 0 && ntrie == 1, "del /48");
	CHECK(proxy_published(t, e, 4) == 1 && e[0].plen == 64, "published /64");
	CHECK(proxy_change(t, &p64, 64, XDP6_PROXY_AUTO, false) == 0 && ntrie == 0, "del /64");
	CHECK(proxy_change(t, &p64, 64, XDP6_PROXY_STATIC, true) == 0 && ntrie == 1, "static");
	CHECK(!bad_emits, "%u emits out of step with the model", bad_emits);
	CASE_END();
	proxy_free(t);
}

static void test_shared_key(void)
{
	struct proxy_table *t = fresh();
	struct in6_addr p64 = A("2001:db8:5::"), p56 = A("2001:db8:5::");
	struct proxy_route r = R("2001:db8:5::", 64, OTHER), r2 = R("2001:db8:5::", 64, 4);

	CASE_BEGIN("proxy_key_shared_by_static_routes_and_autos_goes_with_its_last_reason");
	proxy_change(t, &p56, 56, XDP6_PROXY_AUTO, true);
	proxy_route(t, true, &r);
	proxy_route(t, true, &r2);	/* the same /64 through a third interface */
	CHECK(ntrie == 1 && emits == 1, "one key, one add (%zu, %u)", ntrie, emits);
	proxy_change(t, &p64, 64, XDP6_PROXY_STATIC, true);
	CHECK(ntrie == 1 && emits == 1, "the static /64 is that key: no second add");
	proxy_route(t, false, &r);
	proxy_change(t, &p56, 56, XDP6_PROXY_AUTO, false);
	CHECK(ntrie == 1 && emits == 1, "the static prefix still holds it");
	proxy_change(t, &p64, 64, XDP6_PROXY_STATIC, false);
	CHECK(ntrie == 0 && emits == 2, "last reason gone: removed");
	CHECK(!bad_emits, "%u emits out of step with the model", bad_emits);
	CASE_END();
	proxy_free(t);
}

/* `ip route replace` (NLM_F_REPLACE): the kernel sends the new route only; the one it replaced
 * (same dst, length, table and metric) must go with it. */
static void test_replace(void)
{
	struct proxy_table *t = fresh();
	struct in6_addr p64 = A("2001:db8:5::"), in = A("2001:db8:5:0:1::42");
	struct proxy_route r = R("2001:db8:5:0:1::", 80, OTHER), moved, m2, other_table;
	unsigned before;

	CASE_BEGIN("proxy_route_replace_removes_what_it_replaced");
	proxy_change(t, &p64, 64, XDP6_PROXY_AUTO, true);
	r.metric = 1024;
	CHECK(proxy_route(t, true, &r) == 1 && trie_answers(&in), "route through OTHER");
	/* moved onto our own interface: nothing answers under it any more */
	moved = r;
	moved.oif = SELF;
	moved.replace = true;
	CHECK(proxy_route(t, true, &moved) == 1, "replace not applied");
	CHECK(!trie_answers(&in) && proxy_routes(t) == 0, "the replaced route is still kept");
	/* back to OTHER, then to a fourth interface: the key stays, never withdrawn between */
	CHECK(proxy_route(t, true, &r) == 1 && trie_answers(&in), "back through OTHER");
	before = emits;
	moved.oif = 4;
	CHECK(proxy_route(t, true, &moved) == 1 && trie_answers(&in) && proxy_routes(t) == 1,
	      "through interface 4");
	CHECK(emits == before, "the shared key was withdrawn and added again (%u emits)",
	      emits - before);
	/* another metric is another route; so is one in another table */
	m2 = r;
	m2.metric = 100;
	CHECK(proxy_route(t, true, &m2) == 1 && proxy_routes(t) == 2, "metric 100 kept");
	other_table = moved;
	other_table.table = 100;
	other_table.oif = SELF;
	CHECK(proxy_route(t, true, &other_table) == 0 && proxy_routes(t) == 2,
	      "a replace in another table removed a main-table route");
	moved.type = RTN_UNREACHABLE;
	CHECK(proxy_route(t, true, &moved) == 1 && proxy_routes(t) == 1 && trie_answers(&in),
	      "unreachable replaces metric 1024's route only");
	m2.replace = false;
	m2.oif = SELF;
	CHECK(proxy_route(t, true, &m2) == 0 && proxy_routes(t) == 1,
	      "a route added without replace removed another");
	CHECK(!bad_emits, "%u emits out of step with the model", bad_emits);
	CASE_END();
	proxy_free(t);
}

static void test_resync(void)
{
	struct proxy_table *t = fresh();
	struct in6_addr p64 = A("2001:db8:5::");
	struct proxy_route a = R("2001:db8:5:0:1::", 80, OTHER);
	struct proxy_route b = R("2001:db8:5:0:2::", 80, OTHER);
	struct proxy_route c = R("2001:db8:5:0:3::", 80, OTHER);

	CASE_BEGIN("proxy_resync_removes_routes_not_told_again_and_keeps_the_rest_answered");
	proxy_change(t, &p64, 64, XDP6_PROXY_AUTO, true);
	proxy_route(t, true, &a);
	proxy_route(t, true, &b);
	emits = 0;
	proxy_routes_begin(t);
	CHECK(ntrie == 2 && emits == 0, "begin withdraws nothing");
	proxy_route(t, true, &a);
	proxy_route(t, true, &c);
	CHECK(ntrie == 3 && emits == 1, "a stays, c comes");
	proxy_routes_end(t);
	CHECK(ntrie == 2 && emits == 2 && trie_find(&b.dst, 80) == ntrie, "b, not told, goes");
	CHECK(proxy_routes(t) == 2, "two routes kept");
	CHECK(!bad_emits, "%u emits out of step with the model", bad_emits);
	CASE_END();
	proxy_free(t);
}

static void test_reconcile(void)
{
	struct proxy_table *t = fresh();
	struct in6_addr p64 = A("2001:db8:5::"), s = A("2001:db8:9::");
	struct proxy_route a = R("2001:db8:5:0:1::", 80, OTHER);
	struct proxy_entry pinned[3] = {
		{ .prefix = A("2001:db8:5:0:1::"), .plen = 80 },	/* still routed */
		{ .prefix = A("2001:db8:5:0:3::"), .plen = 80 },	/* routed away while down */
		{ .prefix = A("2001:db8:9::"), .plen = 64 },		/* a static prefix */
	};

	CASE_BEGIN("proxy_reconcile_removes_only_pinned_keys_nothing_publishes");
	/* the trie held the three; the adapter adds the recorded prefixes again and dumps the
	 * routes, and the writer takes adds of present keys (BPF_ANY): the model starts with
	 * the one key nothing adds again */
	trie[ntrie++] = (struct key){ pinned[1].prefix, 80 };
	proxy_change(t, &p64, 64, XDP6_PROXY_AUTO, true);
	proxy_change(t, &s, 64, XDP6_PROXY_STATIC, true);
	proxy_routes_begin(t);
	proxy_route(t, true, &a);
	proxy_routes_end(t);
	CHECK(ntrie == 3, "three keys before reconciling (%zu)", ntrie);
	proxy_reconcile(t, pinned, 3);
	CHECK(ntrie == 2 && trie_find(&pinned[1].prefix, 80) == ntrie, "the stale /80 removed");
	CHECK(trie_find(&pinned[0].prefix, 80) < ntrie && trie_find(&s, 64) < ntrie,
	      "published keys kept");
	CHECK(!bad_emits, "%u emits out of step with the model", bad_emits);
	CASE_END();
	proxy_free(t);
}

static uint64_t rng = 0x5eed;

static uint32_t rnd(void)	/* xorshift64: the test's own generator */
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 32);
}

/* Prefixes and targets from a small space (2001:db8:5:X:Y::, X and Y 0-3) so they overlap. */
static struct in6_addr small_addr(void)
{
	struct in6_addr a = A("2001:db8:5::");

	a.s6_addr[7] = (uint8_t)(rnd() % 4);
	a.s6_addr[9] = (uint8_t)(rnd() % 4);
	a.s6_addr[15] = (uint8_t)(rnd() % 4);
	return a;
}

static void mask(struct in6_addr *a, unsigned plen)
{
	unsigned i;

	for (i = plen; i < 128; i++)
		a->s6_addr[i / 8] &= (uint8_t)~(0x80 >> (i % 8));
}

static const uint8_t lens[] = { 48, 62, 64, 72, 80, 126, 128 };

static void test_random(void)
{
	struct proxy_table *t = fresh();
	struct proxy_entry ent[64];
	struct proxy_route routes[64];
	size_t nent = 0, nr = 0, i, j, k;
	unsigned step, wrong = 0;

	CASE_BEGIN("proxy_random_changes_answer_exactly_what_the_rule_says");
	for (step = 0; step < 3000 && !wrong; step++) {
		unsigned op = rnd() % 4;

		if (op == 0 && nent < 64) {		/* add a prefix */
			struct proxy_entry e = { .prefix = small_addr(),
						 .plen = lens[rnd() % sizeof(lens)],
						 .mode = rnd() % 3 ? XDP6_PROXY_AUTO
								   : XDP6_PROXY_STATIC };
			mask(&e.prefix, e.plen);
			if (!proxy_change(t, &e.prefix, e.plen, e.mode, true))
				ent[nent++] = e;
			/* a new auto prefix: the adapter resyncs the routes */
			proxy_routes_begin(t);
			for (j = 0; j < nr; j++)
				proxy_route(t, true, &routes[j]);
			proxy_routes_end(t);
		} else if (op == 1 && nent) {		/* remove one */
			i = rnd() % nent;
			if (proxy_change(t, &ent[i].prefix, ent[i].plen, 0, false))
				wrong++;
			ent[i] = ent[--nent];
		} else if (op == 2 && nr < 64) {	/* a route comes */
			struct proxy_route r = R("::", lens[rnd() % sizeof(lens)],
						 (int)(rnd() % 3) + 1);
			r.dst = small_addr();
			mask(&r.dst, r.dst_len);
			r.type = rnd() % 8 ? RTN_UNICAST : RTN_BLACKHOLE;
			for (j = 0; j < nr; j++)
				if (routes[j].dst_len == r.dst_len && routes[j].oif == r.oif &&
				    !memcmp(&routes[j].dst, &r.dst, 16))
					break;
			if (j == nr) {
				routes[nr++] = r;
				proxy_route(t, true, &r);
			}
		} else if (op == 3 && nr) {		/* a route goes */
			i = rnd() % nr;
			proxy_route(t, false, &routes[i]);
			routes[i] = routes[--nr];
		}
		for (k = 0; k < 16; k++) {		/* the oracle: the rule, naively */
			struct in6_addr a = small_addr();
			bool want = false;

			for (i = 0; i < nent && !want; i++) {
				if (!in_prefix(&a, &ent[i].prefix, ent[i].plen))
					continue;
				if (ent[i].mode == XDP6_PROXY_STATIC)
					want = true;
				for (j = 0; j < nr && !want; j++)
					want = routes[j].oif != SELF &&
					       routes[j].type == RTN_UNICAST &&
					       in_prefix(&a, &routes[j].dst, routes[j].dst_len);
			}
			if (want != trie_answers(&a))
				wrong++;
		}
	}
	CHECK(!wrong, "%u targets answered against the rule (step %u)", wrong, step);
	CHECK(!bad_emits, "%u emits out of step with the model", bad_emits);
	CHECK(proxy_published(t, NULL, 0) == ntrie, "published %zu, model %zu",
	      proxy_published(t, NULL, 0), ntrie);
	CASE_END();
	proxy_free(t);
}

/* A fake adapter: the interface's one IFF_ALLMULTI bit, and whether writing it fails. */
struct fake_link {
	bool on, fail;
	int writes;
};

static void allmulti_sync(struct fake_link *l, bool need, bool *ours)
{
	enum proxy_allmulti_act act = proxy_allmulti(need, l->on, ours);

	if (act != PROXY_ALLMULTI_NONE) {
		l->writes++;
		if (!l->fail)
			l->on = act == PROXY_ALLMULTI_SET;
	}
	proxy_allmulti_done(act, !l->fail, ours);
}

static void test_allmulti(void)
{
	struct fake_link l = { 0 };
	bool ours = false;

	CASE_BEGIN("proxy_allmulti_set_while_needed_cleared_when_ours");
	allmulti_sync(&l, false, &ours);
	CHECK(!l.on && !ours && !l.writes, "nothing proxied: untouched");
	allmulti_sync(&l, true, &ours);
	CHECK(l.on && ours, "first prefix: set, ours");
	allmulti_sync(&l, true, &ours);
	CHECK(l.writes == 1, "second prefix: no second write (%d)", l.writes);
	allmulti_sync(&l, false, &ours);
	CHECK(!l.on && !ours, "last prefix gone: cleared");
	CASE_END();

	CASE_BEGIN("proxy_allmulti_admins_flag_left_on");
	l = (struct fake_link){ .on = true };
	ours = false;
	allmulti_sync(&l, true, &ours);
	allmulti_sync(&l, false, &ours);
	CHECK(l.on && !ours && !l.writes, "on before: never written, left on");
	CASE_END();

	CASE_BEGIN("proxy_allmulti_cleared_by_someone_else_set_again");
	l = (struct fake_link){ 0 };
	ours = false;
	allmulti_sync(&l, true, &ours);
	l.on = false;			/* `ip link set IFACE allmulticast off` meanwhile */
	allmulti_sync(&l, true, &ours);
	CHECK(l.on && ours && l.writes == 2, "set again, ours (%d writes)", l.writes);
	/* ours remembered across a restart (the pinned bit) clears what a previous run set */
	allmulti_sync(&l, false, &ours);
	CHECK(!l.on, "cleared at the end");
	CASE_END();

	CASE_BEGIN("proxy_allmulti_failure_not_ours");
	l = (struct fake_link){ .fail = true };
	ours = false;
	allmulti_sync(&l, true, &ours);
	CHECK(!l.on && !ours, "a failed set is not ours");
	l.fail = false;
	allmulti_sync(&l, true, &ours);
	CHECK(l.on && ours, "the next change tries again");
	l.fail = true;
	allmulti_sync(&l, false, &ours);
	CHECK(l.on && ours, "a failed clear stays ours, tried again later");
	l.fail = false;
	allmulti_sync(&l, false, &ours);
	CHECK(!l.on && !ours, "cleared");
	CASE_END();
}

int main(void)
{
	test_intersections();
	test_shared_key();
	test_replace();
	test_resync();
	test_reconcile();
	test_allmulti();
	test_random();
	return check_exit();
}
