// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Mirror mode's decisions (user/proto/mirror.c) with fake rtnetlink events: the addrs and iface
 * maps are plain arrays here, written through struct mirror_ops as maps.c writes the real ones.
 * Kernel address flags (RFC 4862 tentative / dadfailed / deprecated, RFC 4429 optimistic),
 * removal, restart reconcile, the kernel's settings, MAC changes and the RFC 4861 §7.2.3
 * neighbor decision. */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <linux/if_addr.h>
#include <linux/neighbour.h>

#include "check.h"
#include "mirror.h"
#include "pkt.h"

#define FAKE_MAX 16

static struct fake {
	struct { struct in6_addr a; struct xdp6_addr_val v; } addrs[FAKE_MAX];
	int n;
	struct xdp6_iface ifc;
	int ifc_writes, refills;
	struct in6_addr groups[FAKE_MAX];
	int ng;
} f;

/* Writes that break the groups invariant of include/xdp6_maps.h (a published address's
 * solicited-node group is joined: joined first, left last), over every test of this file:
 * the fast path answers an NS to that group without looking the group up. */
static int solnode_breaks;

static int group_find(const struct in6_addr *g);

static int fake_find(const struct in6_addr *a)
{
	for (int i = 0; i < f.n; i++)
		if (!memcmp(&f.addrs[i].a, a, sizeof(*a)))
			return i;
	return -1;
}

static void fake_publish(void *ctx, const struct in6_addr *a, const struct xdp6_addr_val *v)
{
	int i = fake_find(a);

	struct in6_addr g;

	ip6_solnode(a, &g);
	solnode_breaks += group_find(&g) < 0;
	if (i < 0)
		i = f.n++;
	f.addrs[i].a = *a;
	f.addrs[i].v = *v;
}

static void fake_unpublish(void *ctx, const struct in6_addr *a)
{
	int i = fake_find(a);

	if (i >= 0)
		f.addrs[i] = f.addrs[--f.n];
}

static void fake_iface(void *ctx, const struct xdp6_iface *v, bool refill)
{
	f.ifc = *v;
	f.ifc_writes++;
	f.refills += refill;
}

static int group_find(const struct in6_addr *g)
{
	for (int i = 0; i < f.ng; i++)
		if (!memcmp(&f.groups[i], g, sizeof(*g)))
			return i;
	return -1;
}

static void fake_join(void *ctx, const struct in6_addr *g)
{
	if (group_find(g) < 0)
		f.groups[f.ng++] = *g;
}

static void fake_leave(void *ctx, const struct in6_addr *g)
{
	int i = group_find(g);

	struct in6_addr s;

	if (i >= 0)
		f.groups[i] = f.groups[--f.ng];
	for (i = 0; i < f.n; i++) {
		ip6_solnode(&f.addrs[i].a, &s);
		solnode_breaks += !memcmp(&s, g, sizeof(s));
	}
}

static const struct mirror_ops ops = {
	.addr_publish = fake_publish, .addr_unpublish = fake_unpublish,
	.iface_changed = fake_iface, .group_join = fake_join, .group_leave = fake_leave,
};
static const uint8_t MAC1[ETH6_ALEN] = { 0x02, 0, 0, 0, 0, 0x01 };
static const uint8_t MAC2[ETH6_ALEN] = { 0x02, 0, 0, 0, 0, 0x22 };

static struct in6_addr A(const char *s)
{
	struct in6_addr a;

	inet_pton(AF_INET6, s, &a);
	return a;
}

static struct mirror_kaddr K(const char *s, uint32_t flags)
{
	struct mirror_kaddr k = { .addr = A(s), .prefixlen = 64, .flags = flags,
				  .preferred = UINT32_MAX };
	return k;
}

/* The fake addrs map's state for s, or -1 when absent. */
static int map_state(const char *s)
{
	struct in6_addr a = A(s);
	int i = fake_find(&a);

	return i < 0 ? -1 : (int)f.addrs[i].v.state;
}

static struct mirror *fresh(void)
{
	struct mirror_sysctls sys = { .hop_limit = 64 };
	struct mirror *m;

	memset(&f, 0, sizeof(f));
	m = mirror_create(&ops, NULL, 7, MAC1, FAKE_MAX);
	mirror_set_sysctls(m, &sys);
	return m;
}

static void kernel_address_flags_decide_the_map_state(void)
{
	struct mirror *m = fresh();
	struct mirror_kaddr k;

	CASE_BEGIN("kernel_address_flags_decide_the_map_state");
	mirror_addr_event(m, true, &(struct mirror_kaddr){ .addr = A("2001:db8::1"),
			  .prefixlen = 64, .preferred = UINT32_MAX });
	CHECK(map_state("2001:db8::1") == XDP6_ADDR_PREFERRED, "plain: %d",
	      map_state("2001:db8::1"));
	/* RFC 4862 §5.4: tentative is not answered */
	k = K("2001:db8::2", IFA_F_TENTATIVE);
	mirror_addr_event(m, true, &k);
	CHECK(map_state("2001:db8::2") == XDP6_ADDR_TENTATIVE, "tentative: %d",
	      map_state("2001:db8::2"));
	/* RFC 4429: optimistic (the kernel sets TENTATIVE with it) stays the kernel's */
	k = K("2001:db8::3", IFA_F_OPTIMISTIC | IFA_F_TENTATIVE);
	mirror_addr_event(m, true, &k);
	CHECK(map_state("2001:db8::3") == XDP6_ADDR_TENTATIVE, "optimistic: %d",
	      map_state("2001:db8::3"));
	k = K("2001:db8::3", IFA_F_OPTIMISTIC);
	mirror_addr_event(m, true, &k);
	CHECK(map_state("2001:db8::3") == XDP6_ADDR_TENTATIVE, "optimistic alone: %d",
	      map_state("2001:db8::3"));
	/* DAD failed: the kernel keeps it with IFA_F_DADFAILED | IFA_F_TENTATIVE */
	k = K("2001:db8::4", IFA_F_DADFAILED | IFA_F_TENTATIVE);
	mirror_addr_event(m, true, &k);
	CHECK(map_state("2001:db8::4") == XDP6_ADDR_DUPLICATE, "dadfailed: %d",
	      map_state("2001:db8::4"));
	/* RFC 4862 §5.5.4: deprecated is still answered */
	k = K("2001:db8::5", IFA_F_DEPRECATED);
	mirror_addr_event(m, true, &k);
	CHECK(map_state("2001:db8::5") == XDP6_ADDR_DEPRECATED, "deprecated: %d",
	      map_state("2001:db8::5"));
	k = K("2001:db8::6", 0);
	k.preferred = 0;
	mirror_addr_event(m, true, &k);
	CHECK(map_state("2001:db8::6") == XDP6_ADDR_DEPRECATED, "preferred 0: %d",
	      map_state("2001:db8::6"));
	/* never mirrored */
	k = K("ff02::1:ff00:1", 0);
	CHECK(mirror_addr_state(&k) == -1, "multicast mirrored");
	k = K("::1", 0);
	CHECK(mirror_addr_state(&k) == -1, "loopback mirrored");
	k = K("::ffff:192.0.2.1", 0);
	CHECK(mirror_addr_state(&k) == -1, "v4-mapped mirrored");
	mirror_free(m);
	CASE_END();
}

static void tentative_becomes_preferred_when_dad_ends(void)
{
	struct mirror *m = fresh();
	struct mirror_kaddr k = K("2001:db8::1", IFA_F_TENTATIVE);

	CASE_BEGIN("tentative_becomes_preferred_when_dad_ends");
	mirror_addr_event(m, true, &k);
	k.flags = IFA_F_PERMANENT;
	mirror_addr_event(m, true, &k);
	CHECK(map_state("2001:db8::1") == XDP6_ADDR_PREFERRED, "state %d",
	      map_state("2001:db8::1"));
	k.flags = IFA_F_PERMANENT | IFA_F_DADFAILED | IFA_F_TENTATIVE;
	mirror_addr_event(m, true, &k);
	CHECK(map_state("2001:db8::1") == XDP6_ADDR_DUPLICATE, "after dadfailed %d",
	      map_state("2001:db8::1"));
	mirror_free(m);
	CASE_END();
}

static void removed_address_leaves_the_map_at_once(void)
{
	struct mirror *m = fresh();
	struct mirror_kaddr k = K("2001:db8::1", 0), k2 = K("2001:db8::2", 0);

	CASE_BEGIN("removed_address_leaves_the_map_at_once");
	mirror_addr_event(m, true, &k);
	mirror_addr_event(m, true, &k2);
	mirror_addr_event(m, false, &k);
	CHECK(map_state("2001:db8::1") == -1, "still in the map");
	CHECK(map_state("2001:db8::2") == XDP6_ADDR_PREFERRED, "the other one lost");
	CHECK(mirror_addrs(m, NULL, 0) == 1, "table holds %zu", mirror_addrs(m, NULL, 0));
	/* a removal of something never seen changes nothing */
	mirror_addr_event(m, false, &k);
	CHECK(f.n == 1, "map holds %d", f.n);
	mirror_free(m);
	CASE_END();
}

static void restart_reconcile_drops_what_the_kernel_no_longer_has(void)
{
	struct in6_addr pinned[3] = { A("2001:db8::1"), A("2001:db8::9"), A("fe80::9") };
	struct xdp6_addr_val v = { .state = XDP6_ADDR_PREFERRED, .prefixlen = 64 };
	struct mirror_kaddr k = K("2001:db8::1", 0);
	struct mirror *m;
	int i;

	CASE_BEGIN("restart_reconcile_drops_what_the_kernel_no_longer_has");
	m = fresh();
	{
		struct in6_addr g[2] = { A("ff02::1:ff00:1"), A("ff02::1:ff00:9") };

		/* what the killed xdp6d left in the pinned maps: groups, then addresses */
		fake_join(NULL, &g[0]);
		fake_join(NULL, &g[1]);
		for (i = 0; i < 3; i++)
			fake_publish(NULL, &pinned[i], &v);
		mirror_sync_begin(m);
		mirror_addr_event(m, true, &k);	/* the dump */
		mirror_sync_end(m, pinned, 3, g, 2);
	}
	{
		struct in6_addr kept = A("ff02::1:ff00:1");

		/* ff02::1:ff00:9 was the group of ::9 and fe80::9 only */
		CHECK(f.ng == 1 && group_find(&kept) == 0, "groups after reconcile: %d", f.ng);
	}
	CHECK(map_state("2001:db8::1") == XDP6_ADDR_PREFERRED, "kept one lost");
	CHECK(map_state("2001:db8::9") == -1, "removed-while-down still answered");
	CHECK(map_state("fe80::9") == -1, "removed link-local still answered");
	/* a resync (after ENOBUFS) that no longer names ::1 */
	mirror_sync_begin(m);
	mirror_sync_end(m, NULL, 0, NULL, 0);
	CHECK(map_state("2001:db8::1") == -1 && mirror_addrs(m, NULL, 0) == 0,
	      "unnamed by the dump but kept");
	mirror_free(m);
	CASE_END();
}

static void settings_set_iface_flags(void)
{
	struct mirror_sysctls sys = { .hop_limit = 64 };
	struct mirror *m = fresh();
	struct mirror_kaddr ll = K("fe80::1", 0);

	CASE_BEGIN("settings_set_iface_flags");
	CHECK(f.ifc_writes == 1 && f.refills == 1, "first write %d %d", f.ifc_writes, f.refills);
	CHECK(f.ifc.flags == (XDP6_IF_MIRROR | XDP6_IF_ECHO_MCAST), "defaults 0x%x", f.ifc.flags);
	CHECK(f.ifc.ifindex == 7 && !memcmp(f.ifc.mac, MAC1, 6), "ifindex/mac");
	mirror_addr_event(m, true, &ll);
	CHECK(f.ifc.flags & XDP6_IF_HAS_LL, "no HAS_LL with a preferred link-local");
	CHECK(!memcmp(f.ifc.ll_addr, &ll.addr, 16), "ll_addr");
	sys.echo_ignore_all = true;
	mirror_set_sysctls(m, &sys);
	CHECK(f.ifc.flags & XDP6_IF_ECHO_OFF, "echo_ignore_all not followed");
	sys.echo_ignore_all = false;
	sys.echo_ignore_multicast = true;
	sys.forwarding = true;
	sys.hop_limit = 33;
	mirror_set_sysctls(m, &sys);
	CHECK(!(f.ifc.flags & (XDP6_IF_ECHO_OFF | XDP6_IF_ECHO_MCAST)), "flags 0x%x",
	      f.ifc.flags);
	CHECK(f.ifc.flags & XDP6_IF_ROUTER, "forwarding: no R flag");
	CHECK(f.ifc.echo_hop_limit == 33, "hop limit %u", f.ifc.echo_hop_limit);
	/* the same settings again write nothing (the periodic re-read is cheap) */
	{
		int w = f.ifc_writes;

		mirror_set_sysctls(m, &sys);
		CHECK(f.ifc_writes == w, "idempotent re-read wrote the iface map");
	}
	/* disable_ipv6: nothing answered until it is back */
	sys.disable_ipv6 = true;
	mirror_set_sysctls(m, &sys);
	CHECK(f.n == 0 && !(f.ifc.flags & XDP6_IF_HAS_LL), "disable_ipv6: map %d flags 0x%x",
	      f.n, f.ifc.flags);
	sys.disable_ipv6 = false;
	mirror_set_sysctls(m, &sys);
	CHECK(map_state("fe80::1") == XDP6_ADDR_PREFERRED, "back after disable_ipv6=0");
	/* the tentative link-local is not a source of replies */
	mirror_addr_event(m, false, &ll);
	ll.flags = IFA_F_TENTATIVE;
	mirror_addr_event(m, true, &ll);
	CHECK(!(f.ifc.flags & XDP6_IF_HAS_LL), "tentative link-local used");
	CHECK(f.refills == 1, "tokens refilled %d times", f.refills);
	mirror_free(m);
	CASE_END();
}

static void mac_change_rewrites_iface_at_once(void)
{
	struct mirror *m = fresh();
	int w;

	CASE_BEGIN("mac_change_rewrites_iface_at_once");
	w = f.ifc_writes;
	mirror_set_mac(m, MAC1);
	CHECK(f.ifc_writes == w, "same MAC rewrote");
	mirror_set_mac(m, MAC2);
	CHECK(f.ifc_writes == w + 1 && !memcmp(f.ifc.mac, MAC2, 6), "new MAC not written");
	mirror_free(m);
	CASE_END();
}

static void solicited_node_groups_follow_the_addresses(void)
{
	struct mirror *m = fresh();
	struct mirror_kaddr a = K("2001:db8::1", 0), b = K("2001:db8:1::1", 0);
	struct in6_addr g = A("ff02::1:ff00:1");

	CASE_BEGIN("solicited_node_groups_follow_the_addresses");
	mirror_addr_event(m, true, &a);
	CHECK(f.ng == 1 && group_find(&g) == 0, "group of ::1 not joined (%d)", f.ng);
	/* same group (RFC 4291 §2.7.1: the low 24 bits) */
	mirror_addr_event(m, true, &b);
	CHECK(f.ng == 1, "%d groups", f.ng);
	mirror_addr_event(m, false, &a);
	CHECK(group_find(&g) == 0, "left while 2001:db8:1::1 still uses it");
	mirror_addr_event(m, false, &b);
	CHECK(f.ng == 0, "not left with its last address");
	/* a tentative address: NSs for it are the kernel's, its group too (XDP passes them) */
	a.flags = IFA_F_TENTATIVE;
	mirror_addr_event(m, true, &a);
	CHECK(f.ng == 1, "tentative: %d groups", f.ng);
	mirror_free(m);
	CASE_END();
}

static void table_full_is_refused(void)
{
	struct mirror *m;
	struct mirror_kaddr k = K("2001:db8::1", 0);
	int i, rc = 0;

	CASE_BEGIN("table_full_is_refused_with_enospc");
	memset(&f, 0, sizeof(f));
	m = mirror_create(&ops, NULL, 7, MAC1, 3);
	for (i = 0; i < 4; i++) {
		k.addr.s6_addr[15] = (uint8_t)(i + 1);
		rc = mirror_addr_event(m, true, &k);
	}
	CHECK(rc == -ENOSPC && f.n == 3, "rc %d, map %d", rc, f.n);
	mirror_free(m);
	CASE_END();
}

static void neighbor_decision_follows_rfc4861_7_2_3(void)
{
	CASE_BEGIN("neighbor_decision_follows_rfc4861_7_2_3");
	CHECK(mirror_neigh_should_write(0, NULL, MAC1), "no entry: not written");
	CHECK(mirror_neigh_should_write(NUD_INCOMPLETE, NULL, MAC1), "incomplete: not written");
	CHECK(mirror_neigh_should_write(NUD_FAILED, NULL, MAC1), "failed: not written");
	CHECK(mirror_neigh_should_write(NUD_STALE, MAC2, MAC1), "stale other MAC: not written");
	CHECK(!mirror_neigh_should_write(NUD_STALE, MAC1, MAC1), "stale same MAC: rewritten");
	CHECK(!mirror_neigh_should_write(NUD_DELAY, MAC1, MAC1), "delay same MAC: rewritten");
	CHECK(!mirror_neigh_should_write(NUD_REACHABLE, MAC1, MAC1), "reachable overridden");
	CHECK(!mirror_neigh_should_write(NUD_REACHABLE, MAC2, MAC1), "reachable other MAC");
	CHECK(!mirror_neigh_should_write(NUD_PERMANENT, MAC2, MAC1), "permanent overridden");
	CHECK(!mirror_neigh_should_write(NUD_NOARP, MAC2, MAC1), "noarp overridden");
	CASE_END();
}

int main(void)
{
	kernel_address_flags_decide_the_map_state();
	tentative_becomes_preferred_when_dad_ends();
	removed_address_leaves_the_map_at_once();
	restart_reconcile_drops_what_the_kernel_no_longer_has();
	settings_set_iface_flags();
	mac_change_rewrites_iface_at_once();
	solicited_node_groups_follow_the_addresses();
	table_full_is_refused();
	neighbor_decision_follows_rfc4861_7_2_3();
	CASE_BEGIN("every_published_address_had_its_solicited_node_group_joined_in_all_tests");
	CHECK(solnode_breaks == 0, "%d map writes broke it", solnode_breaks);
	CASE_END();
	return check_exit();
}
