/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* A small rtnetlink (NETLINK_ROUTE) adapter: dumps and follows the kernel's IPv6 addresses,
 * links (MAC, flags) and IPv6 routes, reads one neighbor entry and writes one. Decoding only:
 * what to do with an address or a route is the caller's (mirror mode: user/proto/mirror.c;
 * issue 13's proxy --auto: routes). Two sockets per user: an event socket subscribed to the
 * groups it follows (non-blocking, in the event loop) and a request socket for dumps and
 * neighbor requests (blocking, answered at once by the kernel).
 *
 * Routes, for another user than mirror mode:
 *	struct rtnl ev, rq;
 *	struct rtnl_cb cb = { .route = on_route, .ctx = me };
 *	rtnl_open(&ev, RTNL_GRP_ROUTE6);	// subscribe first: nothing is missed
 *	rtnl_open(&rq, 0);
 *	rtnl_dump(&rq, RTNL_DUMP_ROUTE6, &cb);	// on_route(me, true, r) for each route
 *	... on EPOLLIN of rtnl_fd(&ev): rtnl_read(&ev, &cb); -ENOBUFS: events lost, dump again */
#ifndef XDP6_IO_RTNL_H
#define XDP6_IO_RTNL_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <netinet/in.h>
#include <linux/rtnetlink.h>

#include "xdp6_wire.h"

/* Multicast groups of rtnl_open() (sockaddr_nl.nl_groups bits). */
#define RTNL_GRP_LINK	RTMGRP_LINK		/* RTM_NEWLINK / RTM_DELLINK */
#define RTNL_GRP_ADDR6	RTMGRP_IPV6_IFADDR	/* RTM_NEWADDR / RTM_DELADDR */
#define RTNL_GRP_ROUTE6	RTMGRP_IPV6_ROUTE	/* RTM_NEWROUTE / RTM_DELROUTE */

enum rtnl_dump_what { RTNL_DUMP_ADDR6, RTNL_DUMP_LINK, RTNL_DUMP_ROUTE6 };

struct rtnl_addr {
	int ifindex;
	struct in6_addr addr;		/* IFA_ADDRESS (IFA_LOCAL if present) */
	uint8_t prefixlen;
	uint8_t scope;			/* RT_SCOPE_* */
	uint32_t flags;			/* IFA_FLAGS (32 bits) or ifa_flags */
	uint32_t preferred, valid;	/* IFA_CACHEINFO, seconds; UINT32_MAX forever */
};

struct rtnl_link {
	int ifindex;
	uint32_t flags;			/* IFF_* */
	bool has_mac;
	uint8_t mac[ETH6_ALEN];		/* IFLA_ADDRESS, when it is 6 bytes */
};

struct rtnl_route {
	struct in6_addr dst;		/* RTA_DST (:: for the default route) */
	uint8_t dst_len;
	int oif;			/* RTA_OIF, 0 if absent (multipath) */
	bool has_gw;
	struct in6_addr gw;		/* RTA_GATEWAY */
	uint32_t table;			/* RTA_TABLE or rtm_table */
	uint32_t metric;		/* RTA_PRIORITY, 0 if absent */
	uint8_t type, protocol;		/* RTN_*, RTPROT_* */
	bool replace;			/* RTM_NEWROUTE with NLM_F_REPLACE: it replaced the
					 * route(s) of its dst, dst_len, table and metric */
};

/* The kernel's NUD_STALE (linux/neighbour.h, whose NUD_* names clash with user/proto/nud.h's,
 * so the daemon's files do not include it; rtnl.c checks the value). */
#define RTNL_NUD_STALE	0x04

struct rtnl_neigh {
	int ifindex;
	struct in6_addr addr;
	uint16_t state;			/* NUD_* */
	bool has_mac;
	uint8_t mac[ETH6_ALEN];
};

/* What the caller wants to hear; NULL members are skipped. present: RTM_NEW*, else RTM_DEL*. */
struct rtnl_cb {
	void (*addr)(void *ctx, bool present, const struct rtnl_addr *a);
	void (*link)(void *ctx, bool present, const struct rtnl_link *l);
	void (*route)(void *ctx, bool present, const struct rtnl_route *r);
	void *ctx;
};

struct rtnl {
	int fd;
	uint32_t seq;
	uint32_t pid;			/* our port id (the kernel's answers go to it) */
	uint64_t forged;		/* datagrams from another sender than the kernel, dropped */
};

/* groups != 0: an event socket (non-blocking); 0: a request socket. 0 or negative errno. */
int rtnl_open(struct rtnl *r, uint32_t groups);
void rtnl_close(struct rtnl *r);
static inline int rtnl_fd(const struct rtnl *r) { return r->fd; }

/* Dumps every IPv6 address / link / IPv6 route through cb (request socket). 0 or -errno. */
int rtnl_dump(struct rtnl *r, enum rtnl_dump_what what, const struct rtnl_cb *cb);
/* Reads what the event socket holds (non-blocking) through cb. 0 when drained; -ENOBUFS when
 * the kernel dropped events (the socket buffer overflowed): dump again to resync. */
int rtnl_read(struct rtnl *r, const struct rtnl_cb *cb);
/* Decodes one buffer of netlink messages (what rtnl_read does per datagram); for tests.
 * Returns 1 at NLMSG_DONE, 0 otherwise, negative errno at NLMSG_ERROR with an error. */
int rtnl_parse(const void *buf, size_t len, const struct rtnl_cb *cb);

/* The kernel's neighbor entry for addr on ifindex: 0 (*out filled), -ENOENT, or -errno. */
int rtnl_neigh_get(struct rtnl *r, int ifindex, const struct in6_addr *addr,
		   struct rtnl_neigh *out);
/* Creates or replaces the entry for addr with mac in NUD state `state`. 0 or -errno. */
int rtnl_neigh_set(struct rtnl *r, int ifindex, const struct in6_addr *addr,
		   const uint8_t mac[ETH6_ALEN], uint16_t state);

#endif /* XDP6_IO_RTNL_H */
