// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* rtnetlink adapter (rtnl.h): requests, dumps and event decoding for IPv6 addresses, links,
 * IPv6 routes and neighbors. Every attribute is bounds-checked with the NLMSG_/RTA_ macros and
 * its length checked before use, though only the kernel writes to these sockets. */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <net/if.h>
#include <linux/if_addr.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>

#include "rtnl.h"

_Static_assert(RTNL_NUD_STALE == NUD_STALE, "RTNL_NUD_STALE");

#define RTNL_BUF	(32 * 1024)	/* one recv: a dump part is at most a page or two */
#define RTNL_RCVBUF	(1 << 20)	/* event socket: room for a burst of address changes */

int rtnl_open(struct rtnl *r, uint32_t groups)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = groups };
	socklen_t len = sizeof(sa);
	int type = SOCK_RAW | SOCK_CLOEXEC | (groups ? SOCK_NONBLOCK : 0);
	int one = 1, buf = RTNL_RCVBUF;

	r->seq = 1;
	r->forged = 0;
	r->fd = socket(AF_NETLINK, type, NETLINK_ROUTE);
	if (r->fd < 0)
		return -errno;
	if (groups)
		setsockopt(r->fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof(buf));
	/* errors of requests carry no copy of the request */
	setsockopt(r->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	if (bind(r->fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    getsockname(r->fd, (struct sockaddr *)&sa, &len)) {
		int err = -errno;

		rtnl_close(r);
		return err;
	}
	r->pid = sa.nl_pid;
	return 0;
}

void rtnl_close(struct rtnl *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
}

/* attrs[type] = the attribute (the last one of each type), for type <= max. */
static void parse_attrs(struct rtattr *rta, int len, struct rtattr **attrs, int max)
{
	memset(attrs, 0, sizeof(*attrs) * (size_t)(max + 1));
	for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len))
		if (rta->rta_type <= max)
			attrs[rta->rta_type] = rta;
}

static bool rta_copy(const struct rtattr *a, void *out, size_t n)
{
	if (!a || RTA_PAYLOAD(a) != n)
		return false;
	memcpy(out, RTA_DATA(a), n);
	return true;
}

static void on_addr(const struct nlmsghdr *nh, const struct rtnl_cb *cb)
{
	const struct ifaddrmsg *ifa = NLMSG_DATA(nh);
	struct rtattr *at[IFA_MAX + 1];
	struct ifa_cacheinfo ci;
	struct rtnl_addr a = { 0 };

	if (!cb->addr || nh->nlmsg_len < NLMSG_LENGTH(sizeof(*ifa)) || ifa->ifa_family != AF_INET6)
		return;
	parse_attrs(IFA_RTA(ifa), (int)IFA_PAYLOAD(nh), at, IFA_MAX);
	if (!rta_copy(at[IFA_LOCAL], &a.addr, sizeof(a.addr)) &&
	    !rta_copy(at[IFA_ADDRESS], &a.addr, sizeof(a.addr)))
		return;
	a.ifindex = (int)ifa->ifa_index;
	a.prefixlen = ifa->ifa_prefixlen;
	a.scope = ifa->ifa_scope;
	a.flags = ifa->ifa_flags;
	rta_copy(at[IFA_FLAGS], &a.flags, sizeof(a.flags));	/* all 32 bits */
	a.preferred = a.valid = UINT32_MAX;
	if (rta_copy(at[IFA_CACHEINFO], &ci, sizeof(ci))) {
		a.preferred = ci.ifa_prefered;
		a.valid = ci.ifa_valid;
	}
	cb->addr(cb->ctx, nh->nlmsg_type == RTM_NEWADDR, &a);
}

static void on_link(const struct nlmsghdr *nh, const struct rtnl_cb *cb)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(nh);
	struct rtattr *at[IFLA_MAX + 1];
	struct rtnl_link l = { 0 };

	if (!cb->link || nh->nlmsg_len < NLMSG_LENGTH(sizeof(*ifi)))
		return;
	parse_attrs(IFLA_RTA(ifi), (int)IFLA_PAYLOAD(nh), at, IFLA_MAX);
	l.ifindex = ifi->ifi_index;
	l.flags = ifi->ifi_flags;
	l.has_mac = rta_copy(at[IFLA_ADDRESS], l.mac, sizeof(l.mac));
	cb->link(cb->ctx, nh->nlmsg_type == RTM_NEWLINK, &l);
}

static void on_route(const struct nlmsghdr *nh, const struct rtnl_cb *cb)
{
	const struct rtmsg *rtm = NLMSG_DATA(nh);
	struct rtattr *at[RTA_MAX + 1];
	struct rtnl_route rt = { 0 };
	uint32_t oif;

	if (!cb->route || nh->nlmsg_len < NLMSG_LENGTH(sizeof(*rtm)) ||
	    rtm->rtm_family != AF_INET6)
		return;
	parse_attrs(RTM_RTA(rtm), (int)RTM_PAYLOAD(nh), at, RTA_MAX);
	if (rtm->rtm_dst_len > 128)
		return;
	rt.dst_len = rtm->rtm_dst_len;
	if (rt.dst_len && !rta_copy(at[RTA_DST], &rt.dst, sizeof(rt.dst)))
		return;
	if (rta_copy(at[RTA_OIF], &oif, sizeof(oif)))
		rt.oif = (int)oif;
	rt.has_gw = rta_copy(at[RTA_GATEWAY], &rt.gw, sizeof(rt.gw));
	rt.table = rtm->rtm_table;
	rta_copy(at[RTA_TABLE], &rt.table, sizeof(rt.table));
	rta_copy(at[RTA_PRIORITY], &rt.metric, sizeof(rt.metric));
	rt.type = rtm->rtm_type;
	rt.protocol = rtm->rtm_protocol;
	rt.replace = nh->nlmsg_type == RTM_NEWROUTE && (nh->nlmsg_flags & NLM_F_REPLACE);
	cb->route(cb->ctx, nh->nlmsg_type == RTM_NEWROUTE, &rt);
}

/* NLMSG_OK without its signed/unsigned comparison: a whole header and message in len. */
static bool nl_ok(const struct nlmsghdr *nh, size_t len)
{
	return len >= sizeof(*nh) && nh->nlmsg_len >= sizeof(*nh) && nh->nlmsg_len <= len;
}

int rtnl_parse(const void *buf, size_t len, const struct rtnl_cb *cb)
{
	const struct nlmsghdr *nh = buf;
	size_t left = len, step;

	for (; nl_ok(nh, left); left -= step, nh = (const void *)((const char *)nh + step)) {
		step = NLMSG_ALIGN(nh->nlmsg_len);
		if (step > left)
			step = left;	/* the last message, unpadded: the loop ends */
		switch (nh->nlmsg_type) {
		case NLMSG_DONE:
			return 1;
		case NLMSG_ERROR: {
			const struct nlmsgerr *e = NLMSG_DATA(nh);

			if (nh->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
				return -EPROTO;
			if (e->error)
				return e->error;
			break;
		}
		case RTM_NEWADDR:
		case RTM_DELADDR:
			on_addr(nh, cb);
			break;
		case RTM_NEWLINK:
		case RTM_DELLINK:
			on_link(nh, cb);
			break;
		case RTM_NEWROUTE:
		case RTM_DELROUTE:
			on_route(nh, cb);
			break;
		}
	}
	return 0;
}

/* recv() of one datagram from the kernel only: any process may send a unicast netlink message
 * to our port id (no capability needed), and a forged RTM_DELADDR or RTM_NEWADDR must not
 * change what XDP answers. A datagram from another port id is dropped; -EAGAIN when none is
 * left (flags MSG_DONTWAIT). */
static ssize_t recv_kernel(struct rtnl *r, void *buf, size_t len, int flags)
{
	struct sockaddr_nl from;
	socklen_t fl;
	ssize_t got;

	for (;;) {
		fl = sizeof(from);
		got = recvfrom(r->fd, buf, len, flags, (struct sockaddr *)&from, &fl);
		if (got < 0)
			return got;
		if (fl == sizeof(from) && from.nl_family == AF_NETLINK && from.nl_pid == 0)
			return got;
		r->forged++;
	}
}

static int send_req(struct rtnl *r, struct nlmsghdr *nh)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	nh->nlmsg_seq = ++r->seq;
	if (sendto(r->fd, nh, nh->nlmsg_len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -errno;
	return 0;
}

/* Receives the answers to request r->seq until NLMSG_DONE (dump) or the ACK (want_ack), each
 * buffer through rtnl_parse (cb may be empty). */
static int recv_answers(struct rtnl *r, const struct rtnl_cb *cb, bool dump)
{
	static char buf[RTNL_BUF] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nh;
	ssize_t got;
	int rc;

	for (;;) {
		got = recv_kernel(r, buf, sizeof(buf), 0);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		nh = (struct nlmsghdr *)(void *)buf;
		if (!nl_ok(nh, (size_t)got) || nh->nlmsg_seq != r->seq)
			continue;	/* an answer to an earlier request we gave up on */
		rc = rtnl_parse(buf, (size_t)got, cb);
		if (rc < 0)
			return rc;
		if (rc == 1 || !dump)
			return 0;	/* NLMSG_DONE, or the ACK of a request */
	}
}

int rtnl_dump(struct rtnl *r, enum rtnl_dump_what what, const struct rtnl_cb *cb)
{
	struct {
		struct nlmsghdr nh;
		union { struct ifaddrmsg ifa; struct ifinfomsg ifi; struct rtmsg rtm; } u;
	} req = { .nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP };
	int err;

	switch (what) {
	case RTNL_DUMP_ADDR6:
		req.nh.nlmsg_type = RTM_GETADDR;
		req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(req.u.ifa));
		req.u.ifa.ifa_family = AF_INET6;
		break;
	case RTNL_DUMP_LINK:
		req.nh.nlmsg_type = RTM_GETLINK;
		req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(req.u.ifi));
		req.u.ifi.ifi_family = AF_UNSPEC;
		break;
	case RTNL_DUMP_ROUTE6:
		req.nh.nlmsg_type = RTM_GETROUTE;
		req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(req.u.rtm));
		req.u.rtm.rtm_family = AF_INET6;
		break;
	default:
		return -EINVAL;
	}
	err = send_req(r, &req.nh);
	return err ? err : recv_answers(r, cb, true);
}

int rtnl_read(struct rtnl *r, const struct rtnl_cb *cb)
{
	static char buf[RTNL_BUF] __attribute__((aligned(NLMSG_ALIGNTO)));
	ssize_t got;

	for (;;) {
		got = recv_kernel(r, buf, sizeof(buf), MSG_DONTWAIT);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			return -errno;	/* ENOBUFS: events were dropped */
		}
		rtnl_parse(buf, (size_t)got, cb);
	}
}

static void add_attr(struct nlmsghdr *nh, size_t cap, unsigned short type, const void *d,
		     size_t n)
{
	struct rtattr *rta = (struct rtattr *)(void *)((char *)nh + NLMSG_ALIGN(nh->nlmsg_len));

	if (NLMSG_ALIGN(nh->nlmsg_len) + RTA_SPACE(n) > cap)
		return;		/* cannot happen with the fixed requests below */
	rta->rta_type = type;
	rta->rta_len = (unsigned short)RTA_LENGTH(n);
	memcpy(RTA_DATA(rta), d, n);
	nh->nlmsg_len = (uint32_t)(NLMSG_ALIGN(nh->nlmsg_len) + RTA_SPACE(n));
}

struct neigh_req {
	struct nlmsghdr nh;
	struct ndmsg nd;
	char attrs[64];
};

static void neigh_req_init(struct neigh_req *q, uint16_t type, uint16_t flags, int ifindex,
			   const struct in6_addr *addr)
{
	memset(q, 0, sizeof(*q));
	q->nh.nlmsg_len = NLMSG_LENGTH(sizeof(q->nd));
	q->nh.nlmsg_type = type;
	q->nh.nlmsg_flags = NLM_F_REQUEST | flags;
	q->nd.ndm_family = AF_INET6;
	q->nd.ndm_ifindex = ifindex;
	add_attr(&q->nh, sizeof(*q), NDA_DST, addr, sizeof(*addr));
}

int rtnl_neigh_get(struct rtnl *r, int ifindex, const struct in6_addr *addr,
		   struct rtnl_neigh *out)
{
	static char buf[RTNL_BUF] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct rtattr *at[NDA_MAX + 1];
	struct neigh_req q;
	struct nlmsghdr *nh;
	struct ndmsg *nd;
	ssize_t got;
	int err;

	neigh_req_init(&q, RTM_GETNEIGH, 0, ifindex, addr);
	err = send_req(r, &q.nh);
	if (err)
		return err;
	for (;;) {
		got = recv_kernel(r, buf, sizeof(buf), 0);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		nh = (struct nlmsghdr *)(void *)buf;
		if (nl_ok(nh, (size_t)got) && nh->nlmsg_seq == r->seq)
			break;
	}
	if (nh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = NLMSG_DATA(nh);

		if (nh->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
			return -EPROTO;
		return e->error ? e->error : -ENOENT;
	}
	if (nh->nlmsg_type != RTM_NEWNEIGH || nh->nlmsg_len < NLMSG_LENGTH(sizeof(*nd)))
		return -EPROTO;
	nd = NLMSG_DATA(nh);
	parse_attrs((struct rtattr *)(void *)((char *)nd + NLMSG_ALIGN(sizeof(*nd))),
		    (int)(nh->nlmsg_len - NLMSG_LENGTH(sizeof(*nd))), at, NDA_MAX);
	memset(out, 0, sizeof(*out));
	out->ifindex = nd->ndm_ifindex;
	out->addr = *addr;
	out->state = nd->ndm_state;
	out->has_mac = rta_copy(at[NDA_LLADDR], out->mac, sizeof(out->mac));
	return 0;
}

int rtnl_neigh_set(struct rtnl *r, int ifindex, const struct in6_addr *addr,
		   const uint8_t mac[ETH6_ALEN], uint16_t state)
{
	struct neigh_req q;
	struct rtnl_cb none = { 0 };
	int err;

	neigh_req_init(&q, RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE | NLM_F_ACK, ifindex,
		       addr);
	q.nd.ndm_state = state;
	add_attr(&q.nh, sizeof(q), NDA_LLADDR, mac, ETH6_ALEN);
	err = send_req(r, &q.nh);
	return err ? err : recv_answers(r, &none, false);
}
