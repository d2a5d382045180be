// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The daemon fuzz fixture (tests/fuzz/harness.h): a struct host with fixed addresses, a fake
 * clock, the captured host_ops, and the invariants on every frame sent (RFC 4443 §2.4, RFC 4861
 * §4, §6.1, §7.1, RFC 3810 §5, RFC 4862 §5.4, RFC 8200 §4.5) and on the host's state after every
 * step. The checks use tests/fuzz/wire.c, never user/proto/pkt.c. */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "reasm.h"
#include "slaac.h"

#define FZ_LL_PLEN		64
#define FZ_SPIN_LIMIT		64	/* host_timeout() calls at one instant before "spinning" */
#define FZ_TIMER_CALLS_MAX	20000	/* per fz_advance(): bounds a fuzz input's run time */
#define FZ_SECRET		"xdp6-fuzz-secret"
#define ICMP6_ECHO_HLEN		8	/* RFC 4443 §4.1 */
#define ND6_OPT_LL_LEN		8	/* SLLA/TLLA option on Ethernet (RFC 4861 §4.6.1) */
#define MLD6_V1_GROUP_OFF	8	/* Multicast Address in an MLDv1 message (RFC 2710 §3) */
#define ND6_TARGET_OFF		8	/* Target Address in NS/NA (RFC 4861 §4.3, §4.4) */

static const uint8_t fz_mac[ETH6_ALEN] = FZ_MAC;
static const uint8_t peer_mac[ETH6_ALEN] = FZ_PEER_MAC;
static const uint8_t router_mac[ETH6_ALEN] = FZ_ROUTER_MAC;

/* Static addresses (RFC 3849 documentation prefix). */
static const struct in6_addr a_pref = { { { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x01 } } };
static const struct in6_addr a_depr = { { { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x02 } } };
static const struct in6_addr a_tent = { { { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x03 } } };
/* 2001:db8:5::/64 + the EUI-64 of FZ_MAC: what SLAAC forms from an RA for 2001:db8:5::/64 */
static const struct in6_addr a_eui = { { { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x05, [8] = 0x00, 0x00,
					   0x00, 0xff, 0xfe, 0x00, 0x00, 0x01 } } };
static const struct in6_addr router_ll = { { { 0xfe, 0x80, [15] = 0x0a } } };
static const struct in6_addr peer_a = { { { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x99 } } };
static const struct in6_addr peer_b = { { { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x98 } } };
static const struct in6_addr all_nodes = { { { 0xff, 0x02, [15] = 0x01 } } };
static const struct in6_addr all_routers = { { { 0xff, 0x02, [15] = 0x02 } } };
static const struct in6_addr all_mldv2 = { { { 0xff, 0x02, [15] = 0x16 } } };

const char *fz_fail_prefix;

void fz_fail(const char *fmt, ...)
{
	va_list ap;

	if (fz_fail_prefix) {
		printf("FAIL %s: xdp6 invariant: ", fz_fail_prefix);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
		fflush(stdout);
	}
	fprintf(stderr, "xdp6 invariant: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	fflush(stderr);
	abort();
}

static const char *ntop(const struct in6_addr *a, char *buf)
{
	return inet_ntop(AF_INET6, a, buf, INET6_ADDRSTRLEN) ? buf : "?";
}

static void *scratch(struct fz *z, size_t n)
{
	if (n > z->scratch_len) {
		free(z->scratch);
		z->scratch = malloc(n);
		if (!z->scratch)
			fz_fail("out of memory for a listing of %zu bytes", n);
		z->scratch_len = n;
	}
	return z->scratch;
}

/* ---- the addresses the host has right now ---- */

static size_t addrs_now(struct fz *z, struct host_addr_info **out)
{
	size_t n = host_addrs(z->h, NULL, 0);
	struct host_addr_info *a = scratch(z, (n + 1) * sizeof(*a));

	if (host_addrs(z->h, a, n) != n)
		fz_fail("host_addrs() counted %zu then listed another number", n);
	*out = a;
	return n;
}

static const struct host_addr_info *addr_find(const struct host_addr_info *a, size_t n,
					      const struct in6_addr *x)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (w_eq(&a[i].addr, x))
			return &a[i];
	return NULL;
}

/* Ours and usable as a source: preferred or deprecated (RFC 4862 §5.4, §5.5.4). */
static bool src_ok(struct fz *z, const struct in6_addr *x, bool *is_ll)
{
	const struct host_addr_info *e;
	struct host_addr_info *a;
	size_t n = addrs_now(z, &a);

	e = addr_find(a, n, x);
	if (is_ll)
		*is_ll = e && w_is_linklocal(x);
	return e && (e->state == XDP6_ADDR_PREFERRED || e->state == XDP6_ADDR_DEPRECATED);
}

/* Our address x, copied out (the listing lives in scratch memory): true when there is one. */
static bool addr_lookup(struct fz *z, const struct in6_addr *x, struct host_addr_info *out)
{
	const struct host_addr_info *e;
	struct host_addr_info *a;
	size_t n = addrs_now(z, &a);

	e = addr_find(a, n, x);
	if (e && out)
		*out = *e;
	return e != NULL;
}

/* ---- frames sent: checked one by one, at the moment they are sent ---- */

static uint8_t expected_hop_limit(struct fz *z)
{
	struct xdp6_iface ifc;

	/* RFC 4861 §6.3.4: CurHopLimit from an RA is the default for what we originate */
	host_iface_cfg(z->h, &ifc);
	return ifc.echo_hop_limit ? ifc.echo_hop_limit : ICMP6_ECHO_HOP_LIMIT_DEFAULT;
}

static uint32_t path_mtu(struct fz *z, const struct in6_addr *dst)
{
	struct rdisc_params rp;
	struct pmtu_info *p;
	uint32_t mtu = z->link.mtu;
	size_t n, i;

	host_ra_params(z->h, &rp);
	if (rp.mtu && rp.mtu < mtu)
		mtu = rp.mtu;
	n = host_pmtu(z->h, z->now, NULL, 0);
	p = scratch(z, (n + 1) * sizeof(*p));
	n = host_pmtu(z->h, z->now, p, n);
	for (i = 0; i < n; i++)
		if (w_eq(&p[i].dst, dst) && p[i].mtu < mtu)
			mtu = p[i].mtu;
	return mtu;
}

/* RFC 4861 §4.6: options non-zero and within the message; link-layer options carry our MAC. */
static void nd_opts_check(const uint8_t *o, size_t len, const char *what, bool *has_slla)
{
	size_t off = 0;

	*has_slla = false;
	while (off < len) {
		size_t ol;

		if (len - off < 2 || !o[off + 1])
			fz_fail("%s sent with a zero-length or truncated option", what);
		ol = (size_t)o[off + 1] * ND6_OPT_UNIT;
		if (ol > len - off)
			fz_fail("%s sent with an option overrunning the message", what);
		if (o[off] == ND6_OPT_SOURCE_LL_ADDR || o[off] == ND6_OPT_TARGET_LL_ADDR) {
			if (ol != ND6_OPT_LL_LEN || memcmp(o + off + 2, fz_mac, ETH6_ALEN))
				fz_fail("%s sent with a link-layer option that is not our MAC",
					what);
			if (o[off] == ND6_OPT_SOURCE_LL_ADDR)
				*has_slla = true;
		}
		off += ol;
	}
}

/* The quoted invoking packet of an error we send (RFC 4443 §2.4). */
static void error_quote_check(struct fz *z, const struct wpkt *p, const uint8_t *icmp,
			      size_t ilen)
{
	const uint8_t *q = icmp + W_ICMP6_ERR_HLEN;
	size_t qlen = ilen - W_ICMP6_ERR_HLEN, off;
	struct in6_addr qsrc, qdst;
	char b1[INET6_ADDRSTRLEN], b2[INET6_ADDRSTRLEN];
	uint8_t type = icmp[0], code = icmp[1], nh;
	bool group_ok = type == ICMP6_TYPE_PACKET_TOO_BIG ||
			(type == ICMP6_TYPE_PARAM_PROBLEM && code == ICMP6_PP_OPTION);

	if (qlen < IP6_HLEN)
		fz_fail("ICMPv6 error type %u quotes %zu bytes, less than an IPv6 header", type,
			qlen);
	memcpy(&qsrc, q + 8, 16);
	memcpy(&qdst, q + 24, 16);
	/* §2.4(e.5): never about a packet whose source is not a single node */
	if (w_is_mcast(&qsrc) || w_is_unspec(&qsrc))
		fz_fail("ICMPv6 error type %u about a packet from %s", type, ntop(&qsrc, b1));
	if (!w_eq(&qsrc, &p->dst))
		fz_fail("ICMPv6 error type %u to %s about a packet from %s", type,
			ntop(&p->dst, b1), ntop(&qsrc, b2));
	if (w_is_mcast(&qdst)) {
		/* §2.4(e.3): to a group only Packet Too Big and Parameter Problem code 2 */
		if (!group_ok)
			fz_fail("ICMPv6 error type %u code %u about a packet to group %s", type,
				code, ntop(&qdst, b1));
	} else {
		/* §2.2: from the address the packet was sent to, which must be ours and
		 * usable (RFC 4862 §5.4: nothing about packets to tentative addresses) */
		if (!w_eq(&p->src, &qdst))
			fz_fail("ICMPv6 error type %u from %s about a packet to %s", type,
				ntop(&p->src, b1), ntop(&qdst, b2));
		if (!src_ok(z, &qdst, NULL))
			fz_fail("ICMPv6 error type %u about a packet to %s, not a usable address"
				" of ours", type, ntop(&qdst, b1));
	}
	/* §2.4(e.1), (e.2): never about an ICMPv6 error or a Redirect; walk the quoted chain
	 * as far as the quote goes */
	nh = q[6];
	off = IP6_HLEN;
	while (off < qlen) {
		if (nh == IP6_NH_HOPOPTS || nh == IP6_NH_ROUTING || nh == IP6_NH_DSTOPTS) {
			if (off + 2 > qlen)
				break;
			nh = q[off];
			off += ((size_t)q[off + 1] + 1) * W_EXT_UNIT;
			continue;
		}
		if (nh == IP6_NH_FRAGMENT) {
			if (off + W_FRAG_HLEN > qlen)
				break;
			/* a later fragment holds no ICMPv6 header */
			if (q[off + 2] || (q[off + 3] & IP6_FRAG_OFF_MASK))
				break;
			nh = q[off];
			off += W_FRAG_HLEN;
			continue;
		}
		if (nh == IP6_NH_ICMPV6 && (ICMP6_TYPE_IS_ERROR(q[off]) ||
					    q[off] == ICMP6_TYPE_REDIRECT))
			fz_fail("ICMPv6 error type %u about an ICMPv6 type %u", type, q[off]);
		break;
	}
	/* §2.4(e.3), (e.4) and README: not for a frame sent to a group MAC, nor to another
	 * station's MAC. Only when the error is about the frame being processed. */
	if (z->in && z->in_len >= ETH6_HLEN) {
		struct wpkt ip;

		if (!w_parse(z->in, z->in_len, false, &ip, NULL) && w_eq(&ip.src, &qsrc) &&
		    w_eq(&ip.dst, &qdst)) {
			if ((ip.dmac[0] & 1) && !group_ok)
				fz_fail("ICMPv6 error type %u code %u about a frame sent to a group"
					" MAC", type, code);
			if (!(ip.dmac[0] & 1) && memcmp(ip.dmac, fz_mac, ETH6_ALEN))
				fz_fail("ICMPv6 error type %u about a frame sent to another MAC",
					type);
		}
	}
}

/* One IPv6 packet (unfragmented, or reassembled from our own fragments) we sent. */
static void packet_check(struct fz *z, const struct wpkt *p, const uint8_t *l4, size_t l4_len)
{
	char b1[INET6_ADDRSTRLEN], b2[INET6_ADDRSTRLEN];
	bool unspec = w_is_unspec(&p->src), ll = false, has_slla;
	uint8_t type, code;
	struct in6_addr t;
	struct host_addr_info own;

	if (p->l4 == IP6_NH_UDP) {
		if (l4_len < 8 || w_csum(&p->src, &p->dst, p->l4, l4, l4_len) ||
		    !(l4[6] | l4[7]))
			fz_fail("UDP sent to %s with a bad checksum", ntop(&p->dst, b1));
		return;
	}
	if (p->l4 != IP6_NH_ICMPV6)
		fz_fail("sent a packet with upper layer %u: the daemon only sends ICMPv6", p->l4);
	if (l4_len < ICMP6_HLEN)
		fz_fail("ICMPv6 message of %zu bytes sent", l4_len);
	type = l4[0];
	code = l4[1];
	/* RFC 4443 §2.3 */
	if (w_csum(&p->src, &p->dst, IP6_NH_ICMPV6, l4, l4_len))
		fz_fail("ICMPv6 type %u sent to %s with a bad checksum", type, ntop(&p->dst, b1));
	/* the source: one of our usable addresses, or :: where RFC 4861/4862/3810 allow it */
	if (!unspec && !src_ok(z, &p->src, &ll))
		fz_fail("ICMPv6 type %u sent from %s, not a preferred/deprecated address of ours",
			type, ntop(&p->src, b1));
	if (unspec && type != ICMP6_TYPE_NEIGHBOR_SOLICIT && type != ICMP6_TYPE_ROUTER_SOLICIT &&
	    type != MLD6_TYPE_V1_REPORT && type != MLD6_TYPE_V1_DONE && type != MLD6_TYPE_V2_REPORT)
		fz_fail("ICMPv6 type %u sent from ::", type);
	/* answers go to the peer, never onto the wire to one of our own assigned addresses (a
	 * spoofed source: Linux's stack would deliver such a reply locally). A tentative or
	 * duplicate one may really be another node's (RFC 4862 §5.4): that node is answered. */
	if ((ICMP6_TYPE_IS_ERROR(type) || type == ICMP6_TYPE_ECHO_REPLY) &&
	    addr_lookup(z, &p->dst, &own) &&
	    (own.state == XDP6_ADDR_PREFERRED || own.state == XDP6_ADDR_DEPRECATED))
		fz_fail("ICMPv6 type %u sent onto the wire to our own address %s", type,
			ntop(&p->dst, b1));
	if (ICMP6_TYPE_IS_ERROR(type)) {
		/* RFC 4443 §2.4(c) */
		if (IP6_HLEN + p->plen > ICMP6_ERROR_MAX_LEN)
			fz_fail("ICMPv6 error type %u of %u bytes (> 1280)", type,
				IP6_HLEN + p->plen);
		if (w_is_mcast(&p->dst))
			fz_fail("ICMPv6 error type %u sent to group %s", type, ntop(&p->dst, b1));
		if (p->hlim != expected_hop_limit(z))
			fz_fail("ICMPv6 error type %u with hop limit %u, CurHopLimit is %u", type,
				p->hlim, expected_hop_limit(z));
		if (l4_len < W_ICMP6_ERR_HLEN)
			fz_fail("ICMPv6 error type %u of %zu bytes", type, l4_len);
		error_quote_check(z, p, l4, l4_len);
		return;
	}
	switch (type) {
	case ICMP6_TYPE_ECHO_REPLY:
		/* RFC 4443 §4.2 */
		if (code)
			fz_fail("Echo Reply with code %u", code);
		if (l4_len < ICMP6_ECHO_HLEN)
			fz_fail("Echo Reply of %zu bytes", l4_len);
		if (w_is_mcast(&p->dst))
			fz_fail("Echo Reply sent to group %s", ntop(&p->dst, b1));
		if (p->hlim != expected_hop_limit(z))
			fz_fail("Echo Reply with hop limit %u, CurHopLimit is %u", p->hlim,
				expected_hop_limit(z));
		return;
	case MLD6_TYPE_V1_REPORT:
	case MLD6_TYPE_V1_DONE:
	case MLD6_TYPE_V2_REPORT:
		/* RFC 3810 §5, §5.2.13; RFC 2710 §3: hop limit 1, Router Alert, link-local
		 * source or :: (RFC 4862 §5.4: never a tentative one) */
		if (p->hlim != MLD6_HOP_LIMIT || !p->router_alert)
			fz_fail("MLD type %u with hop limit %u, router alert %d", type, p->hlim,
				p->router_alert);
		if (!unspec && !ll)
			fz_fail("MLD type %u from %s, not a link-local address", type,
				ntop(&p->src, b1));
		if (type == MLD6_TYPE_V2_REPORT && !w_eq(&p->dst, &all_mldv2))
			fz_fail("MLDv2 report sent to %s", ntop(&p->dst, b1));
		if (type == MLD6_TYPE_V1_DONE && !w_eq(&p->dst, &all_routers))
			fz_fail("MLDv1 Done sent to %s", ntop(&p->dst, b1));
		if (type == MLD6_TYPE_V1_REPORT) {
			if (l4_len < MLD6_V1_LEN)
				fz_fail("MLDv1 report of %zu bytes", l4_len);
			memcpy(&t, l4 + MLD6_V1_GROUP_OFF, 16);
			if (!w_eq(&p->dst, &t) || !w_is_mcast(&t))
				fz_fail("MLDv1 report for %s sent to %s", ntop(&t, b1),
					ntop(&p->dst, b2));
		}
		return;
	case ICMP6_TYPE_ROUTER_SOLICIT:
		/* RFC 4861 §6.1.1, §4.1 */
		if (p->hlim != ND6_HOP_LIMIT || code || l4_len < ND6_RS_MIN_LEN)
			fz_fail("RS with hop limit %u code %u length %zu", p->hlim, code, l4_len);
		if (!w_eq(&p->dst, &all_routers))
			fz_fail("RS sent to %s", ntop(&p->dst, b1));
		if (!unspec && !ll)
			fz_fail("RS from %s, not link-local", ntop(&p->src, b1));
		nd_opts_check(l4 + ND6_RS_MIN_LEN, l4_len - ND6_RS_MIN_LEN, "RS", &has_slla);
		if (unspec && has_slla)
			fz_fail("RS from :: with a Source Link-Layer Address option");
		return;
	case ICMP6_TYPE_NEIGHBOR_SOLICIT:
		/* RFC 4861 §7.1.1, §4.3; RFC 4862 §5.4.2 */
		if (p->hlim != ND6_HOP_LIMIT || code || l4_len < ND6_NS_MIN_LEN)
			fz_fail("NS with hop limit %u code %u length %zu", p->hlim, code, l4_len);
		memcpy(&t, l4 + ND6_TARGET_OFF, 16);
		if (w_is_mcast(&t))
			fz_fail("NS for multicast target %s", ntop(&t, b1));
		nd_opts_check(l4 + ND6_NS_MIN_LEN, l4_len - ND6_NS_MIN_LEN, "NS", &has_slla);
		if (w_is_mcast(&p->dst)) {
			struct in6_addr sn;

			w_solnode(&t, &sn);
			if (!w_eq(&p->dst, &sn))
				fz_fail("NS for %s sent to %s, not its solicited-node group",
					ntop(&t, b1), ntop(&p->dst, b2));
		}
		if (unspec) {
			struct host_addr_info e;
			bool ours = addr_lookup(z, &t, &e);

			if (has_slla)
				fz_fail("NS from :: with a Source Link-Layer Address option");
			if (!w_is_mcast(&p->dst))
				fz_fail("DAD probe for %s sent to unicast %s", ntop(&t, b1),
					ntop(&p->dst, b2));
			/* a DAD probe is only about a tentative address of ours */
			if (!ours || e.state != XDP6_ADDR_TENTATIVE)
				fz_fail("DAD probe for %s, not a tentative address of ours",
					ntop(&t, b1));
		} else if (src_ok(z, &t, NULL)) {
			fz_fail("NS (not DAD) for our own address %s", ntop(&t, b1));
		}
		break;
	case ICMP6_TYPE_NEIGHBOR_ADVERT:
		/* RFC 4861 §7.1.2, §4.4, §7.2.4 */
		if (p->hlim != ND6_HOP_LIMIT || code || l4_len < ND6_NA_MIN_LEN)
			fz_fail("NA with hop limit %u code %u length %zu", p->hlim, code, l4_len);
		memcpy(&t, l4 + ND6_TARGET_OFF, 16);
		if (!src_ok(z, &t, NULL))
			fz_fail("NA for %s, not a usable address of ours", ntop(&t, b1));
		if (w_is_mcast(&p->dst) && (l4[4] & (ND6_NA_FLAG_SOLICITED >> 24)))
			fz_fail("NA to group %s with S=1", ntop(&p->dst, b1));
		nd_opts_check(l4 + ND6_NA_MIN_LEN, l4_len - ND6_NA_MIN_LEN, "NA", &has_slla);
		break;
	default:
		/* Echo Requests, Queries, RAs, Redirects: a host never originates them here */
		fz_fail("sent ICMPv6 type %u, which the daemon never originates", type);
	}
}

/* Checks of the frame itself, then of the packet unless it is a fragment. */
static void frame_check(struct fz *z, const uint8_t *f, size_t len)
{
	char b1[INET6_ADDRSTRLEN];
	const char *why = NULL;
	struct wpkt p;
	uint32_t mtu;

	if (w_parse(f, len, true, &p, &why))
		fz_fail("sent a frame of %zu bytes that does not parse: %s", len, why);
	if (memcmp(p.smac, fz_mac, ETH6_ALEN))
		fz_fail("sent a frame whose Ethernet source is not our MAC");
	/* RFC 2464 §7: a group's MAC; a unicast destination gets a unicast MAC */
	if (w_is_mcast(&p.dst)) {
		static const uint8_t mc[2] = { 0x33, 0x33 };

		if (memcmp(p.dmac, mc, 2) || memcmp(p.dmac + 2, p.dst.s6_addr + 12, 4))
			fz_fail("frame to group %s with the wrong MAC", ntop(&p.dst, b1));
		/* RFC 4291 §2.7: scopes 0 and 1 never go on a link */
		if ((p.dst.s6_addr[1] & 0x0f) <= 1)
			fz_fail("frame to %s (interface-local or reserved scope)",
				ntop(&p.dst, b1));
	} else if (p.dmac[0] & 1) {
		fz_fail("frame to unicast %s with a group MAC", ntop(&p.dst, b1));
	}
	/* RFC 4291 §2.5.2, §2.5.3, §2.5.5.2: no such destination on the wire */
	if (w_is_unspec(&p.dst))
		fz_fail("frame to the unspecified address");
	if (w_is_loopback(&p.dst))
		fz_fail("frame to the loopback address");
	if (w_is_v4mapped(&p.dst))
		fz_fail("frame to IPv4-mapped %s", ntop(&p.dst, b1));
	if (w_is_mcast(&p.src) || w_is_loopback(&p.src) || w_is_v4mapped(&p.src))
		fz_fail("frame from %s (multicast, loopback or IPv4-mapped)", ntop(&p.src, b1));
	mtu = path_mtu(z, &p.dst);
	if (IP6_HLEN + (size_t)p.plen > mtu)
		fz_fail("sent a %u-byte packet to %s, the MTU is %u", IP6_HLEN + p.plen,
			ntop(&p.dst, b1), mtu);
	if (p.has_frag) {
		if (!w_is_unspec(&p.src) && !src_ok(z, &p.src, NULL))
			fz_fail("fragment sent from %s, not a usable address of ours",
				ntop(&p.src, b1));
		if (z->nfrag >= FZ_MAX_TX)
			fz_fail("more than %d fragments in one step", FZ_MAX_TX);
		z->frag[z->nfrag].b = malloc(len);
		if (!z->frag[z->nfrag].b)
			fz_fail("out of memory");
		memcpy(z->frag[z->nfrag].b, f, len);
		z->frag[z->nfrag].len = len;
		z->nfrag++;
		return;
	}
	packet_check(z, &p, f + p.l4_off, p.l4_len);
}

/* FZ_TRACE=1 in the environment: one line per frame in and out, to see what an input does. */
static void trace(struct fz *z, const char *dir, const uint8_t *f, size_t len)
{
	static int on = -1;
	char b1[INET6_ADDRSTRLEN], b2[INET6_ADDRSTRLEN];
	struct wpkt p;
	bool icmp;

	if (on < 0)
		on = getenv("FZ_TRACE") != NULL;
	if (!on)
		return;
	if (w_parse(f, len, false, &p, NULL)) {
		fprintf(stderr, "%.3f %s %zu bytes (not IPv6)\n",
			(double)z->now / XDP6_NS_PER_SEC, dir, len);
		return;
	}
	icmp = p.l4 == IP6_NH_ICMPV6 && p.l4_len > 1 && !p.frag_offset;
	fprintf(stderr, "%.3f %s %s -> %s hl %u proto %u%s type %d code %d, %zu bytes\n",
		(double)z->now / XDP6_NS_PER_SEC, dir, ntop(&p.src, b1), ntop(&p.dst, b2), p.hlim,
		p.l4, p.has_frag ? " (fragment)" : "", icmp ? f[p.l4_off] : -1,
		icmp ? f[p.l4_off + 1] : -1, len);
}

static void on_tx(void *ctx, const uint8_t *frame, size_t len)
{
	struct fz *z = ctx;

	trace(z, "tx", frame, len);
	z->tx_frames++;
	if (!z->h || !z->checking_tx)
		return;
	frame_check(z, frame, len);
}

/* RFC 8200 §4.5: our fragments of one packet, all sent in one step, must reassemble into a
 * packet that passes packet_check(). */
static void frag_group_check(struct fz *z, size_t first)
{
	const struct fz_txf *f0 = &z->frag[first];
	uint8_t *hdr = NULL, *data = calloc(1, 65536), *have = calloc(1, 65536 / 8 + 1);
	size_t hlen = 0, total = 0, j, k;
	uint8_t dmac[ETH6_ALEN], smac[ETH6_ALEN];
	bool last_seen = false;
	struct wpkt p0, p;

	if (!data || !have)
		fz_fail("out of memory");
	w_parse(f0->b, f0->len, true, &p0, NULL);
	memcpy(dmac, p0.dmac, ETH6_ALEN);	/* f0 is freed below */
	memcpy(smac, p0.smac, ETH6_ALEN);
	for (j = first; j < z->nfrag; j++) {
		struct fz_txf *f = &z->frag[j];
		size_t dlen;

		if (!f->b)
			continue;
		w_parse(f->b, f->len, true, &p, NULL);
		if (p.frag_id != p0.frag_id || !w_eq(&p.src, &p0.src) || !w_eq(&p.dst, &p0.dst))
			continue;
		dlen = p.end - p.frag_off - W_FRAG_HLEN;
		if (p.frag_m && (!dlen || dlen % 8))
			fz_fail("non-last fragment with %zu data bytes", dlen);
		if (p.frag_offset + dlen > 65535)
			fz_fail("fragment data beyond 65535 octets");
		if (!p.frag_m) {
			if (last_seen)
				fz_fail("two last fragments for id %u", p.frag_id);
			last_seen = true;
			total = p.frag_offset + dlen;
		}
		for (k = p.frag_offset / 8; k < (p.frag_offset + dlen + 7) / 8; k++) {
			if (have[k])
				fz_fail("our own fragments overlap (id %u)", p.frag_id);
			have[k] = 1;
		}
		if (!p.frag_offset) {
			/* the unfragmentable part, as the first fragment carries it */
			hlen = p.frag_off - p.ip6;
			hdr = malloc(hlen);
			if (!hdr)
				fz_fail("out of memory");
			memcpy(hdr, f->b + p.ip6, hlen);
			hdr[p.frag_nh_field - p.ip6] = p.frag_nh;
		}
		memcpy(data + p.frag_offset, f->b + p.frag_off + W_FRAG_HLEN, dlen);
		free(f->b);
		f->b = NULL;
	}
	if (!last_seen || !hdr)
		fz_fail("fragments of id %u without a first or a last one", p0.frag_id);
	for (k = 0; k < (total + 7) / 8; k++)
		if (!have[k])
			fz_fail("fragments of id %u leave a hole", p0.frag_id);
	if (hlen - IP6_HLEN + total > 65535)
		fz_fail("our fragments make a packet over 65535 octets");
	{
		size_t plen = hlen - IP6_HLEN + total, wlen = ETH6_HLEN + hlen + total;
		uint8_t *whole = malloc(wlen);

		if (!whole)
			fz_fail("out of memory");
		memcpy(whole, dmac, ETH6_ALEN);
		memcpy(whole + ETH6_ALEN, smac, ETH6_ALEN);
		whole[12] = ETH6_P_IPV6 >> 8;
		whole[13] = ETH6_P_IPV6 & 0xff;
		memcpy(whole + ETH6_HLEN, hdr, hlen);
		memcpy(whole + ETH6_HLEN + hlen, data, total);
		whole[ETH6_HLEN + 4] = (uint8_t)(plen >> 8);
		whole[ETH6_HLEN + 5] = (uint8_t)plen;
		if (w_parse(whole, wlen, true, &p, NULL) || p.has_frag)
			fz_fail("our fragments reassemble into something unparseable");
		packet_check(z, &p, whole + p.l4_off, p.l4_len);
		free(whole);
	}
	free(hdr);
	free(data);
	free(have);
}

static void frags_check(struct fz *z)
{
	size_t i;

	for (i = 0; i < z->nfrag; i++)
		if (z->frag[i].b)
			frag_group_check(z, i);
	z->nfrag = 0;
}

/* ---- callbacks: the maps the host publishes into ---- */

static struct fz_addr *pub_find(struct fz *z, const struct in6_addr *a)
{
	size_t i;

	for (i = 0; i < z->npub; i++)
		if (w_eq(&z->pub[i].a, a))
			return &z->pub[i];
	return NULL;
}

static void on_publish(void *ctx, const struct in6_addr *a, const struct xdp6_addr_val *v)
{
	struct fz *z = ctx;
	struct fz_addr *e = pub_find(z, a);

	if (!e) {
		if (z->npub == z->pub_cap) {
			z->pub_cap = z->pub_cap ? 2 * z->pub_cap : 16;
			z->pub = realloc(z->pub, z->pub_cap * sizeof(*z->pub));
			if (!z->pub)
				fz_fail("out of memory");
		}
		e = &z->pub[z->npub++];
		e->a = *a;
	}
	e->v = *v;
}

static void on_unpublish(void *ctx, const struct in6_addr *a)
{
	struct fz *z = ctx;
	struct fz_addr *e = pub_find(z, a);
	char b[INET6_ADDRSTRLEN];

	if (!e)
		fz_fail("unpublished %s, which was never published", ntop(a, b));
	*e = z->pub[--z->npub];
}

static void on_join(void *ctx, const struct in6_addr *g)
{
	struct fz *z = ctx;
	char b[INET6_ADDRSTRLEN];
	size_t i;

	for (i = 0; i < z->ngrp; i++)
		if (w_eq(&z->grp[i], g))
			fz_fail("group %s joined twice in the groups map", ntop(g, b));
	if (z->ngrp == z->grp_cap) {
		z->grp_cap = z->grp_cap ? 2 * z->grp_cap : 16;
		z->grp = realloc(z->grp, z->grp_cap * sizeof(*z->grp));
		if (!z->grp)
			fz_fail("out of memory");
	}
	z->grp[z->ngrp++] = *g;
}

static void on_leave(void *ctx, const struct in6_addr *g)
{
	struct fz *z = ctx;
	char b[INET6_ADDRSTRLEN];
	size_t i;

	for (i = 0; i < z->ngrp; i++) {
		if (w_eq(&z->grp[i], g)) {
			z->grp[i] = z->grp[--z->ngrp];
			return;
		}
	}
	fz_fail("left group %s, which was not joined", ntop(g, b));
}

static void on_log(void *ctx, const char *line)
{
	/* read the whole line: a missing terminator shows up under ASan */
	if (strlen(line) > 1024)
		fz_fail("log line of %zu bytes", strlen(line));
}

/* ---- setup ---- */

static void add_opt(uint8_t *m, size_t *len, const uint8_t *opt, size_t olen)
{
	memcpy(m + *len, opt, olen);
	*len += olen;
}

/* A Router Advertisement from fe80::a: RFC 4861 §4.2 with SLLA, MTU, Prefix Information for
 * 2001:db8:1::/64 (L, A), RFC 8106 RDNSS and DNSSL. */
static size_t prelude_ra(uint8_t *buf, size_t cap, uint32_t mtu)
{
	static const uint8_t dmac[6] = { 0x33, 0x33, 0, 0, 0, 1 };
	uint8_t m[256] = { ICMP6_TYPE_ROUTER_ADVERT, 0, 0, 0, 64, 0, 0x07, 0x08 };
	uint8_t slla[8] = { ND6_OPT_SOURCE_LL_ADDR, 1 };
	uint8_t mo[8] = { ND6_OPT_MTU, 1, 0, 0, (uint8_t)(mtu >> 24), (uint8_t)(mtu >> 16),
			  (uint8_t)(mtu >> 8), (uint8_t)mtu };
	uint8_t pio[32] = { ND6_OPT_PREFIX_INFO, 4, 64, ND6_PI_FLAG_ONLINK | ND6_PI_FLAG_AUTO,
			    0, 1, 0x51, 0x80, 0, 0, 0x38, 0x40, 0, 0, 0, 0,
			    0x20, 0x01, 0x0d, 0xb8, 0, 1 };
	uint8_t rdnss[24] = { ND6_OPT_RDNSS, 3, 0, 0, 0, 0, 0x0e, 0x10,
			      0x20, 0x01, 0x0d, 0xb8, [23] = 0x53 };
	uint8_t dnssl[16] = { ND6_OPT_DNSSL, 2, 0, 0, 0, 0, 0x0e, 0x10,
			      4, 't', 'e', 's', 't', 0 };
	size_t len = ND6_RA_MIN_LEN;

	memcpy(slla + 2, router_mac, ETH6_ALEN);
	add_opt(m, &len, slla, sizeof(slla));
	add_opt(m, &len, mo, sizeof(mo));
	add_opt(m, &len, pio, sizeof(pio));
	add_opt(m, &len, rdnss, sizeof(rdnss));
	add_opt(m, &len, dnssl, sizeof(dnssl));
	return w_build_icmp6(buf, cap, dmac, router_mac, &router_ll, &all_nodes, ND6_HOP_LIMIT, m,
			     len);
}

/* Router, prefix, DNS, a STALE neighbor (NS to 2001:db8::1 from 2001:db8::99) and an
 * INCOMPLETE one (Echo Request from 2001:db8::98 that the daemon answers). */
static void prelude(struct fz *z)
{
	uint8_t buf[512], m[64] = { 0 };
	struct in6_addr sn;
	uint8_t dmac[6] = { 0x33, 0x33, 0xff };
	size_t len;

	len = prelude_ra(buf, sizeof(buf), z->link.mtu);
	fz_input(z, buf, len);

	m[0] = ICMP6_TYPE_NEIGHBOR_SOLICIT;
	memcpy(m + ND6_TARGET_OFF, &a_pref, 16);
	m[24] = ND6_OPT_SOURCE_LL_ADDR;
	m[25] = 1;
	memcpy(m + 26, peer_mac, ETH6_ALEN);
	w_solnode(&a_pref, &sn);
	memcpy(dmac + 3, sn.s6_addr + 13, 3);
	len = w_build_icmp6(buf, sizeof(buf), dmac, peer_mac, &peer_a, &sn, ND6_HOP_LIMIT, m, 32);
	fz_input(z, buf, len);

	memset(m, 0, sizeof(m));
	m[0] = ICMP6_TYPE_ECHO_REQUEST;
	m[5] = 1;
	m[7] = 1;
	len = w_build_icmp6(buf, sizeof(buf), fz_mac, peer_mac, &peer_b, &a_pref, 64, m, 16);
	fz_input(z, buf, len);
	/* DAD of the SLAAC address: delay <= 1 s, RetransTimer 1 s per probe */
	fz_advance(z, z->now + 3 * XDP6_NS_PER_SEC + 500 * XDP6_NS_PER_MS, true);
}

static void adopt(struct fz *z, const struct in6_addr *a, enum xdp6_addr_state st,
		  enum xdp6_addr_origin o, uint8_t plen)
{
	struct xdp6_addr_val v = { .state = st, .origin = o, .prefixlen = plen };
	char b[INET6_ADDRSTRLEN];
	int err = host_addr_adopt(z->h, z->now, a, &v);

	if (err)
		fz_fail("setup: adopting %s failed (%d)", ntop(a, b), err);
}

void fz_init(struct fz *z, uint8_t cfg, uint8_t mode)
{
	struct host_ops ops = {
		.tx = { .fn = on_tx, .ctx = z },
		.addr_publish = on_publish,
		.addr_unpublish = on_unpublish,
		.group_join = on_join,
		.group_leave = on_leave,
		.ctx = z,
	};
	struct host_addr_info *a;
	size_t n, i;
	int err;

	memset(z, 0, sizeof(*z));
	z->cfg = cfg;
	z->mode = mode;
	z->checking_tx = true;
	z->now = FZ_T0;
	z->link.ifindex = 2;
	snprintf(z->link.ifname, sizeof(z->link.ifname), "fuzz0");
	memcpy(z->link.mac, fz_mac, ETH6_ALEN);
	z->link.mtu = (cfg & FZ_CFG_MTU_1280) ? IP6_MIN_MTU : 1500;

	host_cfg_defaults(&z->hcfg);
	z->hcfg.stable_privacy = cfg & FZ_CFG_STABLE_PRIVACY;
	if (z->hcfg.stable_privacy) {
		memcpy(z->hcfg.secret, FZ_SECRET, sizeof(FZ_SECRET) - 1);
		z->hcfg.secret_len = sizeof(FZ_SECRET) - 1;
	}
	z->hcfg.temporary = cfg & FZ_CFG_TEMPORARY;
	z->hcfg.unserved_reject = cfg & FZ_CFG_UNSERVED_REJECT;
	z->hcfg.router = cfg & FZ_CFG_ROUTER;
	z->hcfg.accept_ra = !(cfg & FZ_CFG_NO_ACCEPT_RA);
	z->hcfg.echo_mcast = !(cfg & FZ_CFG_NO_ECHO_MCAST);
	z->hcfg.dad_transmits = (mode & FZ_MODE_DAD2) ? 2 : 1;

	z->h = host_new(&z->link, &z->hcfg, &ops, 0x5eed5eedull ^ cfg ^ (uint64_t)mode << 8,
			z->now);
	if (!z->h)
		fz_fail("setup: host_new failed");
	host_set_log(z->h, on_log, z);

	/* the generated link-local: preferred as a restarted daemon would find it, or left
	 * in DAD */
	n = addrs_now(z, &a);
	for (i = 0; i < n; i++) {
		if (a[i].origin != XDP6_ORIGIN_LINK_LOCAL)
			continue;
		z->ll = a[i].addr;
		if (!(cfg & FZ_CFG_LL_TENTATIVE)) {
			struct in6_addr ll = a[i].addr;

			adopt(z, &ll, XDP6_ADDR_PREFERRED, XDP6_ORIGIN_LINK_LOCAL, FZ_LL_PLEN);
		}
		break;
	}
	adopt(z, &a_pref, XDP6_ADDR_PREFERRED, XDP6_ORIGIN_STATIC, 64);
	adopt(z, &a_depr, XDP6_ADDR_DEPRECATED, XDP6_ORIGIN_STATIC, 64);
	adopt(z, &a_eui, XDP6_ADDR_PREFERRED, XDP6_ORIGIN_STATIC, 64);
	if ((mode & FZ_MODE_SERVE) && host_serve(z->h, IP6_NH_UDP, 53, true))
		fz_fail("setup: host_serve failed");
	if (mode & FZ_MODE_PRELUDE)
		prelude(z);
	/* one tentative static address, its DAD running */
	err = host_addr_add(z->h, z->now, &a_tent, 64, XDP6_ORIGIN_STATIC);
	if (err)
		fz_fail("setup: host_addr_add failed (%d)", err);
	fz_advance(z, z->now, true);

	n = addrs_now(z, &a);
	for (i = 0; i < n && z->nbase < sizeof(z->base) / sizeof(z->base[0]); i++)
		if (a[i].origin == XDP6_ORIGIN_STATIC || a[i].origin == XDP6_ORIGIN_LINK_LOCAL)
			z->base[z->nbase++] = a[i];
	fz_check(z);
}

void fz_fini(struct fz *z)
{
	size_t i;

	for (i = 0; i < z->nfrag; i++)
		free(z->frag[i].b);
	host_free(z->h);
	free(z->pub);
	free(z->grp);
	free(z->scratch);
	memset(z, 0, sizeof(*z));
}

/* ---- the control plane ---- */

static void base_drop(struct fz *z, const struct in6_addr *a)
{
	size_t i;

	for (i = 0; i < z->nbase; i++) {
		if (w_eq(&z->base[i].addr, a)) {
			z->base[i] = z->base[--z->nbase];
			return;
		}
	}
}

void fz_admin(struct fz *z, unsigned action, unsigned idx)
{
	static const struct in6_addr ll1 = { { { 0xfe, 0x80, [15] = 0x01 } } };
	static const struct in6_addr other = { { { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x10 } } };
	static const struct in6_addr slaac1 = { { { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, [8] = 0x00,
						    0x00, 0x00, 0xff, 0xfe, 0x00, 0x00, 0x01 } } };
	const struct in6_addr *set[8] = { &z->ll, &ll1, &a_pref, &a_depr, &a_tent, &a_eui, &other,
					  &slaac1 };
	const struct in6_addr *a = set[idx % 8];
	struct in6_addr addr = *a;
	struct host_addr_info e;
	enum xdp6_addr_origin o = idx % 8 ? XDP6_ORIGIN_STATIC : XDP6_ORIGIN_LINK_LOCAL;

	switch (action % FZ_ADMIN__N) {
	case FZ_ADMIN_ADD:
		if (host_addr_add(z->h, z->now, &addr, 64, o))
			break;
		if (addr_lookup(z, &addr, &e) && z->nbase < sizeof(z->base) / sizeof(z->base[0]))
			z->base[z->nbase++] = e;
		break;
	case FZ_ADMIN_DEL:
		if (addr_lookup(z, &addr, &e) && e.origin != XDP6_ORIGIN_STATIC &&
		    e.origin != XDP6_ORIGIN_LINK_LOCAL)
			break;	/* only what an administrator added: keep SLAAC's */
		if (!host_addr_del(z->h, z->now, &addr))
			base_drop(z, &addr);
		break;
	case FZ_ADMIN_SERVE:
	case FZ_ADMIN_UNSERVE:
		host_serve(z->h, idx & 1 ? IP6_NH_TCP : IP6_NH_UDP, (uint16_t)(idx >> 1),
			   action % FZ_ADMIN__N == FZ_ADMIN_SERVE);
		break;
	}
	frags_check(z);
	fz_advance(z, z->now, true);
}

/* ---- driving the host ---- */

void fz_input(struct fz *z, const uint8_t *frame, size_t len)
{
	trace(z, "rx", frame, len);
	z->in = frame;
	z->in_len = len;
	z->rx_frames++;
	host_input(z->h, z->now, frame, len);
	z->in = NULL;
	z->in_len = 0;
	frags_check(z);
	fz_advance(z, z->now, true);
}

void fz_advance(struct fz *z, xdp6_ns to, bool step)
{
	xdp6_ns last = 0;
	unsigned spins = 0, calls = 0;

	if (!step && to > z->now)
		z->now = to;
	for (;;) {
		xdp6_ns d = host_next_deadline(z->h);

		if (d > to)
			break;
		if (d > z->now)
			z->now = d;
		if (z->now == last) {
			/* the event loop arms its timer for the next deadline: one that
			 * stays in the past after host_timeout() makes it spin */
			if (++spins > FZ_SPIN_LIMIT)
				fz_fail("timers due at %llu ns stay due after %d host_timeout()"
					" calls: the event loop would spin",
					(unsigned long long)z->now, FZ_SPIN_LIMIT);
		} else {
			spins = 0;
		}
		last = z->now;
		host_timeout(z->h, z->now);
		frags_check(z);
		if (++calls >= FZ_TIMER_CALLS_MAX)
			break;
	}
	if (to > z->now)
		z->now = to;
}

/* ---- host-state invariants ---- */

static void addrs_check(struct fz *z)
{
	char b[INET6_ADDRSTRLEN];
	struct host_addr_info *a;
	size_t n = addrs_now(z, &a), i, j, nslaac = 0;
	struct xdp6_iface ifc;
	bool pref_ll = false;

	/* static and link-local addresses: only DAD may change them (tentative -> preferred or
	 * duplicate); frames and time never remove them nor touch their lifetimes */
	for (i = 0; i < z->nbase; i++) {
		const struct host_addr_info *o = &z->base[i], *e = addr_find(a, n, &o->addr);

		if (!e) {
			/* RFC 7217 §6: a duplicate stable-privacy link-local is replaced */
			if (o->origin == XDP6_ORIGIN_LINK_LOCAL && z->hcfg.stable_privacy &&
			    o->state == XDP6_ADDR_TENTATIVE)
				continue;
			fz_fail("%s address %s disappeared", o->origin ? "link-local" : "static",
				ntop(&o->addr, b));
		}
		if (e->origin != o->origin || e->prefixlen != o->prefixlen ||
		    e->valid_until != o->valid_until || e->preferred_until != o->preferred_until)
			fz_fail("address %s changed origin, prefix length or lifetimes",
				ntop(&o->addr, b));
		if (o->state == XDP6_ADDR_TENTATIVE ? e->state == XDP6_ADDR_DEPRECATED :
		    e->state != o->state)
			fz_fail("%s address %s went from state %d to %d",
				o->origin ? "link-local" : "static", ntop(&o->addr, b), o->state,
				e->state);
	}
	/* the addrs map holds exactly the table */
	if (z->npub != n)
		fz_fail("addrs map has %zu entries, the host %zu addresses", z->npub, n);
	for (i = 0; i < n; i++) {
		const struct fz_addr *p = pub_find(z, &a[i].addr);

		if (!p || p->v.state != a[i].state || p->v.origin != a[i].origin ||
		    p->v.prefixlen != a[i].prefixlen)
			fz_fail("addrs map entry for %s does not match the host's", ntop(&a[i].addr,
											  b));
		if (a[i].origin == XDP6_ORIGIN_SLAAC || a[i].origin == XDP6_ORIGIN_TEMPORARY)
			nslaac++;
		if (w_is_linklocal(&a[i].addr) && a[i].state == XDP6_ADDR_PREFERRED)
			pref_ll = true;
		if (w_is_mcast(&a[i].addr) || w_is_unspec(&a[i].addr) ||
		    w_is_loopback(&a[i].addr))
			fz_fail("address %s in the table", ntop(&a[i].addr, b));
	}
	if (nslaac > SLAAC_DEFAULT_MAX_ADDRS)
		fz_fail("%zu SLAAC/temporary addresses, cap %d", nslaac, SLAAC_DEFAULT_MAX_ADDRS);
	/* the groups map: the solicited-node group of every address, once */
	for (i = 0; i < z->ngrp; i++) {
		for (j = 0; j < n; j++) {
			struct in6_addr sn;

			w_solnode(&a[j].addr, &sn);
			if (w_eq(&sn, &z->grp[i]))
				break;
		}
		if (j == n)
			fz_fail("groups map holds %s, no address needs it", ntop(&z->grp[i], b));
	}
	for (j = 0; j < n; j++) {
		struct in6_addr sn;

		w_solnode(&a[j].addr, &sn);
		for (i = 0; i < z->ngrp && !w_eq(&sn, &z->grp[i]); i++)
			;
		if (i == z->ngrp)
			fz_fail("groups map lacks %s", ntop(&sn, b));
	}
	/* the iface map's link-local: a preferred link-local of ours whenever there is one */
	host_iface_cfg(z->h, &ifc);
	if (ifc.flags & XDP6_IF_HAS_LL) {
		struct in6_addr ll;
		const struct host_addr_info *e;

		memcpy(&ll, ifc.ll_addr, 16);
		e = addr_find(a, n, &ll);
		if (!e || e->state != XDP6_ADDR_PREFERRED || !w_is_linklocal(&ll))
			fz_fail("iface map link-local %s is not a preferred link-local",
				ntop(&ll, b));
	} else if (pref_ll) {
		fz_fail("a preferred link-local exists but the iface map has none");
	}
}

static void groups_check(struct fz *z)
{
	char b[INET6_ADDRSTRLEN];
	struct mld_group_info *g;
	struct host_addr_info *a;
	size_t n, na, i, j;

	n = host_groups(z->h, NULL, 0);
	g = malloc((n + 1) * sizeof(*g));
	if (!g)
		fz_fail("out of memory");
	n = host_groups(z->h, g, n);
	na = addrs_now(z, &a);
	/* ff02::1 and one solicited-node group per address at most (RFC 4291 §2.8) */
	if (n > na + 1)
		fz_fail("%zu MLD groups for %zu addresses", n, na);
	for (i = 0; i < n; i++) {
		unsigned users = 0;

		if (w_eq(&g[i].group, &all_nodes))
			continue;
		for (j = 0; j < na; j++) {
			struct in6_addr sn;

			w_solnode(&a[j].addr, &sn);
			users += w_eq(&sn, &g[i].group);
		}
		if (g[i].refcount != users)
			fz_fail("MLD group %s has refcount %u, %u addresses use it",
				ntop(&g[i].group, b), g[i].refcount, users);
	}
	free(g);
}

void fz_check(struct fz *z)
{
	char b[INET6_ADDRSTRLEN];
	struct rdisc_router_info *rt;
	struct rdisc_prefix_info *pf;
	struct rdisc_dns_info *dns;
	struct pmtu_info *pm;
	struct nud_info *ne;
	struct reasm_usage ru;
	struct reasm_cfg rc;
	struct pmtu_cfg pc;
	size_t n, i, ns = 0, nd = 0;

	addrs_check(z);
	groups_check(z);

	n = host_neighbors(z->h, z->now, NULL, 0);
	if (n > NUD_DEFAULT_MAX_ENTRIES)
		fz_fail("%zu neighbor entries, cap %d", n, NUD_DEFAULT_MAX_ENTRIES);
	ne = malloc((n + 1) * sizeof(*ne));
	n = host_neighbors(z->h, z->now, ne, n);
	for (i = 0; i < n; i++)
		if (w_is_mcast(&ne[i].addr) || w_is_unspec(&ne[i].addr))
			fz_fail("neighbor entry for %s", ntop(&ne[i].addr, b));
	free(ne);

	n = host_routers(z->h, z->now, NULL, 0);
	if (n > RDISC_DEFAULT_MAX_ROUTERS)
		fz_fail("%zu routers, cap %d", n, RDISC_DEFAULT_MAX_ROUTERS);
	rt = malloc((n + 1) * sizeof(*rt));
	n = host_routers(z->h, z->now, rt, n);
	for (i = 0; i < n; i++)		/* RFC 4861 §6.1.2: RAs come from link-local sources */
		if (!w_is_linklocal(&rt[i].addr))
			fz_fail("router %s is not link-local", ntop(&rt[i].addr, b));
	free(rt);

	n = host_prefixes(z->h, z->now, NULL, 0);
	if (n > RDISC_DEFAULT_MAX_PREFIXES)
		fz_fail("%zu prefixes, cap %d", n, RDISC_DEFAULT_MAX_PREFIXES);
	pf = malloc((n + 1) * sizeof(*pf));
	n = host_prefixes(z->h, z->now, pf, n);
	for (i = 0; i < n; i++) {
		/* RFC 4861 §6.3.4: the link-local prefix is ignored; multicast is not a prefix */
		if (w_is_linklocal(&pf[i].prefix) || w_is_mcast(&pf[i].prefix) ||
		    pf[i].prefixlen > 128)
			fz_fail("on-link prefix %s/%u", ntop(&pf[i].prefix, b), pf[i].prefixlen);
	}
	free(pf);

	n = host_dns(z->h, z->now, NULL, 0);
	dns = malloc((n + 1) * sizeof(*dns));
	n = host_dns(z->h, z->now, dns, n);
	for (i = 0; i < n; i++) {
		if (dns[i].kind == RDISC_DNS_SERVER)
			ns++;
		else
			nd++;
		if (memchr(dns[i].domain, 0, sizeof(dns[i].domain)) == NULL)
			fz_fail("DNS search domain not terminated");
	}
	free(dns);
	if (ns > RDISC_DEFAULT_MAX_DNS || nd > RDISC_DEFAULT_MAX_DNS)
		fz_fail("%zu DNS servers and %zu search domains, cap %d each", ns, nd,
			RDISC_DEFAULT_MAX_DNS);

	pmtu_cfg_defaults(&pc);
	n = host_pmtu(z->h, z->now, NULL, 0);
	if (n > pc.max_entries)
		fz_fail("%zu PMTU entries, cap %u", n, pc.max_entries);
	pm = malloc((n + 1) * sizeof(*pm));
	n = host_pmtu(z->h, z->now, pm, n);
	for (i = 0; i < n; i++)		/* RFC 8201 §4 */
		if (pm[i].mtu < IP6_MIN_MTU || pm[i].mtu > z->link.mtu)
			fz_fail("PMTU %u for %s", pm[i].mtu, ntop(&pm[i].dst, b));
	free(pm);

	reasm_cfg_defaults(&rc);
	host_reasm_usage(z->h, &ru);
	if (ru.datagrams > z->hcfg.reasm_max_datagrams || ru.bytes > rc.max_bytes)
		fz_fail("reassembly holds %u datagrams and %zu bytes, caps %u and %u",
			ru.datagrams, ru.bytes, z->hcfg.reasm_max_datagrams, rc.max_bytes);
}

/* ---- input rewrites ---- */

void fz_fix(uint8_t *f, size_t len, bool csum, bool plen)
{
	struct wpkt p;

	if (plen) {
		/* find the IPv6 header without trusting Payload Length */
		size_t ip6 = ETH6_HLEN;

		if (len >= ETH6_HLEN + ETH6_VLAN_HLEN &&
		    ((f[12] << 8 | f[13]) == ETH6_P_8021Q || (f[12] << 8 | f[13]) == ETH6_P_8021AD))
			ip6 += ETH6_VLAN_HLEN;
		if (len >= ip6 + IP6_HLEN && len - ip6 - IP6_HLEN <= 0xffff) {
			f[ip6 + 4] = (uint8_t)((len - ip6 - IP6_HLEN) >> 8);
			f[ip6 + 5] = (uint8_t)(len - ip6 - IP6_HLEN);
		}
	}
	if (!csum || w_parse(f, len, false, &p, NULL))
		return;
	/* only a whole upper-layer packet has a checksum to fix (not a later fragment, not a
	 * first fragment whose data continues elsewhere) */
	if (p.has_frag && (p.frag_offset || p.frag_m))
		return;
	if (p.l4 == IP6_NH_ICMPV6 || p.l4 == IP6_NH_UDP)
		w_csum_fix(&p.src, &p.dst, p.l4, f + p.l4_off, p.l4_len);
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
const char *__asan_default_options(void);
/* A small quarantine: each input allocates a fresh host (~0.6 MB); with ASan's default 256 MB
 * every allocation touches new pages and the harness runs 2-3 times slower. Use-after-free
 * within an input is still caught. */
const char *__asan_default_options(void)
{
	return "quarantine_size_mb=8";
}
#endif
#endif
