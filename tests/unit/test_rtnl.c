// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The rtnetlink adapter (user/io/rtnl.c): its decoder on hand-built messages (IPv6 address with
 * IFA_FLAGS and IFA_CACHEINFO, IPv4 ignored, a route with destination, gateway, oif and table,
 * a link with its MAC, truncated attributes, DONE and ERROR), then live dumps in a private
 * network namespace: lo up gives ::1 (RTM_GETADDR) and its local route (RTM_GETROUTE), the
 * API issue 13's proxy --auto builds on. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#include "check.h"
#include "io/rtnl.h"

struct seen {
	struct rtnl_addr addrs[8];
	int naddr;
	bool present[8];
	struct rtnl_route routes[32];
	int nroute;
	struct rtnl_link links[8];
	int nlink;
};

static void on_addr(void *ctx, bool present, const struct rtnl_addr *a)
{
	struct seen *s = ctx;

	if (s->naddr < 8) {
		s->present[s->naddr] = present;
		s->addrs[s->naddr++] = *a;
	}
}

static void on_route(void *ctx, bool present, const struct rtnl_route *r)
{
	struct seen *s = ctx;

	if (s->nroute < 32)
		s->routes[s->nroute++] = *r;
}

static void on_link(void *ctx, bool present, const struct rtnl_link *l)
{
	struct seen *s = ctx;

	if (s->nlink < 8)
		s->links[s->nlink++] = *l;
}

/* A message builder: header, fixed part, attributes. */
struct msg {
	char buf[1024] __attribute__((aligned(NLMSG_ALIGNTO)));
	size_t len;		/* of all messages so far */
	struct nlmsghdr *cur;
};

static void *msg_begin(struct msg *m, uint16_t type, size_t fixed)
{
	m->cur = (struct nlmsghdr *)(void *)(m->buf + m->len);
	memset(m->cur, 0, NLMSG_SPACE(fixed));
	m->cur->nlmsg_type = type;
	m->cur->nlmsg_len = NLMSG_LENGTH(fixed);
	return NLMSG_DATA(m->cur);
}

static void msg_attr(struct msg *m, uint16_t type, const void *d, size_t n)
{
	struct rtattr *a = (struct rtattr *)(void *)((char *)m->cur +
						     NLMSG_ALIGN(m->cur->nlmsg_len));

	a->rta_type = type;
	a->rta_len = (uint16_t)RTA_LENGTH(n);
	memcpy(RTA_DATA(a), d, n);
	m->cur->nlmsg_len = NLMSG_ALIGN(m->cur->nlmsg_len) + RTA_SPACE(n);
}

static void msg_end(struct msg *m)
{
	m->len += NLMSG_ALIGN(m->cur->nlmsg_len);
}

static struct rtnl_cb cb_of(struct seen *s)
{
	return (struct rtnl_cb){ .addr = on_addr, .route = on_route, .link = on_link, .ctx = s };
}

static void decodes_addresses(void)
{
	struct seen s = { 0 };
	struct rtnl_cb cb = cb_of(&s);
	struct msg m = { .len = 0 };
	struct ifaddrmsg *ifa;
	struct in6_addr a;
	struct ifa_cacheinfo ci = { .ifa_prefered = 0, .ifa_valid = 600 };
	uint32_t flags = IFA_F_TENTATIVE | IFA_F_OPTIMISTIC | IFA_F_MANAGETEMPADDR;
	uint32_t v4 = htonl(0xc0000201);

	CASE_BEGIN("decodes_ipv6_addresses_with_32_bit_flags_and_lifetimes");
	inet_pton(AF_INET6, "2001:db8::1", &a);
	ifa = msg_begin(&m, RTM_NEWADDR, sizeof(*ifa));
	ifa->ifa_family = AF_INET6;
	ifa->ifa_prefixlen = 64;
	ifa->ifa_flags = IFA_F_TENTATIVE;	/* the 8-bit copy; IFA_FLAGS has them all */
	ifa->ifa_index = 7;
	msg_attr(&m, IFA_ADDRESS, &a, sizeof(a));
	msg_attr(&m, IFA_FLAGS, &flags, sizeof(flags));
	msg_attr(&m, IFA_CACHEINFO, &ci, sizeof(ci));
	msg_end(&m);
	/* IPv4: not ours */
	ifa = msg_begin(&m, RTM_NEWADDR, sizeof(*ifa));
	ifa->ifa_family = AF_INET;
	msg_attr(&m, IFA_ADDRESS, &v4, sizeof(v4));
	msg_end(&m);
	/* an address attribute of the wrong size is not an address */
	ifa = msg_begin(&m, RTM_DELADDR, sizeof(*ifa));
	ifa->ifa_family = AF_INET6;
	msg_attr(&m, IFA_ADDRESS, &a, 8);
	msg_end(&m);
	ifa = msg_begin(&m, RTM_DELADDR, sizeof(*ifa));
	ifa->ifa_family = AF_INET6;
	ifa->ifa_index = 7;
	msg_attr(&m, IFA_ADDRESS, &a, sizeof(a));
	msg_end(&m);
	CHECK(rtnl_parse(m.buf, m.len, &cb) == 0, "parse");
	CHECK(s.naddr == 2, "%d addresses", s.naddr);
	CHECK(s.present[0] && s.addrs[0].ifindex == 7 && s.addrs[0].prefixlen == 64 &&
	      !memcmp(&s.addrs[0].addr, &a, 16), "first address");
	CHECK(s.addrs[0].flags == flags, "flags 0x%x, want IFA_FLAGS 0x%x", s.addrs[0].flags,
	      flags);
	CHECK(s.addrs[0].preferred == 0 && s.addrs[0].valid == 600, "lifetimes %u %u",
	      s.addrs[0].preferred, s.addrs[0].valid);
	CHECK(!s.present[1] && s.addrs[1].preferred == UINT32_MAX, "delete / no cacheinfo");
	CASE_END();
}

static void decodes_routes_links_done_error(void)
{
	struct seen s = { 0 };
	struct rtnl_cb cb = cb_of(&s);
	struct msg m = { .len = 0 };
	struct rtmsg *rtm;
	struct ifinfomsg *ifi;
	struct nlmsgerr *e;
	struct in6_addr dst, gw;
	uint32_t oif = 3, table = 1000, metric = 512;
	uint8_t mac[6] = { 2, 0, 0, 0, 0, 9 };

	CASE_BEGIN("decodes_routes_links_done_and_error");
	inet_pton(AF_INET6, "2001:db8:1::", &dst);
	inet_pton(AF_INET6, "fe80::1", &gw);
	rtm = msg_begin(&m, RTM_NEWROUTE, sizeof(*rtm));
	rtm->rtm_family = AF_INET6;
	rtm->rtm_dst_len = 48;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_type = RTN_UNICAST;
	rtm->rtm_protocol = RTPROT_STATIC;
	msg_attr(&m, RTA_DST, &dst, sizeof(dst));
	msg_attr(&m, RTA_GATEWAY, &gw, sizeof(gw));
	msg_attr(&m, RTA_OIF, &oif, sizeof(oif));
	msg_attr(&m, RTA_TABLE, &table, sizeof(table));
	msg_attr(&m, RTA_PRIORITY, &metric, sizeof(metric));
	m.cur->nlmsg_flags = NLM_F_REPLACE;	/* `ip route replace` */
	msg_end(&m);
	/* the default route: no RTA_DST */
	rtm = msg_begin(&m, RTM_DELROUTE, sizeof(*rtm));
	m.cur->nlmsg_flags = NLM_F_REPLACE;	/* meaningless on a delete */
	rtm->rtm_family = AF_INET6;
	rtm->rtm_table = RT_TABLE_MAIN;
	msg_end(&m);
	/* a prefix length over 128 is refused */
	rtm = msg_begin(&m, RTM_NEWROUTE, sizeof(*rtm));
	rtm->rtm_family = AF_INET6;
	rtm->rtm_dst_len = 200;
	msg_end(&m);
	ifi = msg_begin(&m, RTM_NEWLINK, sizeof(*ifi));
	ifi->ifi_index = 3;
	ifi->ifi_flags = IFF_UP;
	msg_attr(&m, IFLA_ADDRESS, mac, sizeof(mac));
	msg_end(&m);
	msg_begin(&m, NLMSG_DONE, sizeof(int));
	msg_end(&m);
	CHECK(rtnl_parse(m.buf, m.len, &cb) == 1, "DONE not seen");
	CHECK(s.nroute == 2, "%d routes", s.nroute);
	CHECK(s.routes[0].dst_len == 48 && !memcmp(&s.routes[0].dst, &dst, 16) &&
	      s.routes[0].has_gw && !memcmp(&s.routes[0].gw, &gw, 16) && s.routes[0].oif == 3 &&
	      s.routes[0].table == 1000 && s.routes[0].type == RTN_UNICAST &&
	      s.routes[0].protocol == RTPROT_STATIC && s.routes[0].metric == 512 &&
	      s.routes[0].replace, "route fields");
	CHECK(s.routes[1].dst_len == 0 && !s.routes[1].has_gw && !s.routes[1].replace &&
	      !s.routes[1].metric, "default route");
	CHECK(s.nlink == 1 && s.links[0].has_mac && !memcmp(s.links[0].mac, mac, 6) &&
	      (s.links[0].flags & IFF_UP), "link");
	/* an error answer */
	m.len = 0;
	e = msg_begin(&m, NLMSG_ERROR, sizeof(*e));
	e->error = -EEXIST;
	msg_end(&m);
	CHECK(rtnl_parse(m.buf, m.len, &cb) == -EEXIST, "error not returned");
	/* a truncated buffer stops the walk */
	CHECK(rtnl_parse(m.buf, 10, &cb) == 0, "truncated");
	CASE_END();
}

static void live_dumps_in_a_private_netns(void)
{
	struct seen s = { 0 };
	struct rtnl_cb cb = cb_of(&s);
	struct rtnl r = { .fd = -1 };
	struct ifreq ifr = { 0 };
	struct in6_addr lo6 = IN6ADDR_LOOPBACK_INIT;
	int fd, i, found = 0, err;

	CASE_BEGIN("live_dump_of_addresses_links_and_routes_in_a_private_netns");
	if (unshare(CLONE_NEWNET)) {
		CHECK(0, "unshare(CLONE_NEWNET): %s (needs root)", strerror(errno));
		CASE_END();
		return;
	}
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	ioctl(fd, SIOCGIFFLAGS, &ifr);
	ifr.ifr_flags |= IFF_UP;
	CHECK(!ioctl(fd, SIOCSIFFLAGS, &ifr), "lo up: %s", strerror(errno));
	close(fd);
	err = rtnl_open(&r, 0);
	CHECK(!err, "rtnl_open: %s", strerror(-err));
	CHECK(!rtnl_dump(&r, RTNL_DUMP_LINK, &cb) && s.nlink == 1 && s.links[0].ifindex == 1,
	      "links: %d", s.nlink);
	CHECK(!rtnl_dump(&r, RTNL_DUMP_ADDR6, &cb) && s.naddr == 1 &&
	      !memcmp(&s.addrs[0].addr, &lo6, 16) && s.addrs[0].prefixlen == 128,
	      "addresses: %d", s.naddr);
	CHECK(!rtnl_dump(&r, RTNL_DUMP_ROUTE6, &cb), "route dump");
	for (i = 0; i < s.nroute; i++)
		found |= s.routes[i].dst_len == 128 && !memcmp(&s.routes[i].dst, &lo6, 16) &&
			 s.routes[i].type == RTN_LOCAL && s.routes[i].table == RT_TABLE_LOCAL;
	CHECK(found, "no local route to ::1 among %d", s.nroute);
	rtnl_close(&r);
	CASE_END();
}

/* Any process may send a unicast netlink message to our port id; only the kernel's count. */
static void events_from_another_process_are_dropped(void)
{
	struct seen s = { 0 };
	struct rtnl_cb cb = cb_of(&s);
	struct rtnl ev = { .fd = -1 };
	struct sockaddr_nl to = { .nl_family = AF_NETLINK };
	struct msg m = { .len = 0 };
	struct ifaddrmsg *ifa;
	struct in6_addr lo6 = IN6ADDR_LOOPBACK_INIT, a;
	int fd, err, i;

	CASE_BEGIN("events_forged_by_another_process_are_dropped_kernel_ones_delivered");
	err = rtnl_open(&ev, RTNL_GRP_ADDR6);
	CHECK(!err, "rtnl_open: %s", strerror(-err));
	fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	ifa = msg_begin(&m, RTM_DELADDR, sizeof(*ifa));
	ifa->ifa_family = AF_INET6;
	ifa->ifa_prefixlen = 128;
	ifa->ifa_index = 1;
	msg_attr(&m, IFA_ADDRESS, &lo6, sizeof(lo6));
	msg_end(&m);
	to.nl_pid = ev.pid;
	CHECK(sendto(fd, m.buf, m.len, 0, (struct sockaddr *)&to, sizeof(to)) == (ssize_t)m.len,
	      "forged send: %s", strerror(errno));
	close(fd);
	/* a real one: the kernel's RTM_NEWADDR */
	CHECK(system("ip -6 addr add 2001:db8::5/128 dev lo nodad") == 0, "ip addr add");
	inet_pton(AF_INET6, "2001:db8::5", &a);
	for (i = 0; i < 50 && !s.naddr; i++) {
		rtnl_read(&ev, &cb);
		usleep(10000);
	}
	CHECK(s.naddr == 1 && s.present[0] && !memcmp(&s.addrs[0].addr, &a, 16),
	      "delivered %d (first %s)", s.naddr, s.naddr && !s.present[0] ? "a delete" : "-");
	CHECK(ev.forged == 1, "forged counted %llu", (unsigned long long)ev.forged);
	rtnl_close(&ev);
	CASE_END();
}

int main(void)
{
	decodes_addresses();
	decodes_routes_links_done_error();
	live_dumps_in_a_private_netns();
	events_from_another_process_are_dropped();
	return check_exit();
}
