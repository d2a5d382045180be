// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Unit tests of user/proto/icmp6_err.c (RFC 4443 §2.4, §3; RFC 8200 §4.2-§4.5; RFC 8201 §4):
 * the §2.4(e) suppression matrix, Parameter Problem pointers, 1280-octet truncation, the
 * §2.4(f) buckets on a fake clock, received errors, and a seeded fuzz run. Emitted errors are
 * parsed and checksum-checked by scapy (/usr/bin/python3, run as one coprocess), and the
 * Packet Too Big inputs are built by scapy, so neither side relies on pkt.c alone. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "icmp6_err.h"
#include "pyerr.h"
#include "testutil.h"

/* ---- scapy coprocess (pyrun.h); the python helpers this test adds ---- */

static const char py_prelude[] = PY_ERR_CHECK;
#define PYRUN_PRELUDE py_prelude
#include "pyrun.h"

/* ---- fixtures ---- */

static const uint8_t OUR_MAC[6] = { 2, 0, 0, 0, 0, 1 };
static const uint8_t PEER_MAC[6] = { 2, 0, 0, 0, 0, 2 };
static const uint8_t MC_MAC[6] = { 0x33, 0x33, 0, 0, 0, 1 };
static const uint8_t BCAST_MAC[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
#define OUR	"2001:db8::1"
#define PEER	"2001:db8::2"

/* Ethernet (src PEER_MAC) + IPv6 (hop limit 64) + payload. */
static size_t mk(uint8_t *f, const uint8_t *dmac, const char *src, const char *dst, uint8_t nh,
		 const void *payload, size_t plen)
{
	struct in6_addr s = A(src), d = A(dst);
	size_t l = put_eth_ip6(f, dmac, PEER_MAC, &s, &d, nh, plen, 0, 64);

	memcpy(f + l, payload, plen);
	return l + plen;
}

/* UDP datagram to dport with n bytes of 'x'. */
static size_t mk_udp(uint8_t *f, const uint8_t *dmac, const char *src, const char *dst,
		     uint16_t dport, size_t n)
{
	uint8_t u[2048] = { 0x30, 0x39 };
	size_t len;

	u[2] = (uint8_t)(dport >> 8);
	u[3] = (uint8_t)dport;
	u[4] = (uint8_t)((8 + n) >> 8);
	u[5] = (uint8_t)(8 + n);
	memset(u + 8, 'x', n);
	len = mk(f, dmac, src, dst, IP6_NH_UDP, u, 8 + n);
	fix_csum(f, len, ETH6_HLEN + IP6_HLEN, IP6_NH_UDP);
	return len;
}

/* ICMPv6 message of type/code with n bytes of body after the 4-octet header. */
static size_t mk_icmp(uint8_t *f, const uint8_t *dmac, const char *src, const char *dst,
		      uint8_t type, uint8_t code, size_t n)
{
	uint8_t m[2048] = { type, code };
	size_t len;

	memset(m + 4, 0x5a, n);
	len = mk(f, dmac, src, dst, IP6_NH_ICMPV6, m, 4 + n);
	fix_csum(f, len, ETH6_HLEN + IP6_HLEN, IP6_NH_ICMPV6);
	return len;
}

struct cap {
	int n;
	uint8_t f[64][1400];
	size_t len[64];
};

struct fx {
	struct icmp6_err *e;
	uint64_t ds[D__MAX];
	struct cap cap;
	int pmtu_calls;
	struct in6_addr pmtu_dst;
	uint32_t pmtu_mtu;
	bool local;		/* answer of is_local */
	bool serve_udp9, serve_tcp;
};

static void cap_tx(void *ctx, const uint8_t *frame, size_t len)
{
	struct fx *x = ctx;

	if (x->cap.n < 64 && len <= sizeof(x->cap.f[0])) {
		memcpy(x->cap.f[x->cap.n], frame, len);
		x->cap.len[x->cap.n] = len;
	}
	x->cap.n++;
}

static void on_pmtu(void *ctx, xdp6_ns now, const struct in6_addr *dst, uint32_t mtu)
{
	struct fx *x = ctx;

	x->pmtu_calls++;
	x->pmtu_dst = *dst;
	x->pmtu_mtu = mtu;
}

static bool on_is_local(void *ctx, const struct in6_addr *a)
{
	return ((struct fx *)ctx)->local;
}

static bool served(void *ctx, uint8_t proto, uint16_t port)
{
	struct fx *x = ctx;

	return (proto == IP6_NH_UDP && port == 9 && x->serve_udp9) ||
	       (proto == IP6_NH_TCP && x->serve_tcp);
}

static const struct xdp6_link LINK = { .ifindex = 2, .ifname = "veth0",
				       .mac = { 2, 0, 0, 0, 0, 1 }, .mtu = 1500 };

static void fx_init(struct fx *x, const struct icmp6_err_cfg *cfg)
{
	struct icmp6_err_ops ops = { .tx = { cap_tx, x }, .pmtu_update = on_pmtu,
				     .is_local = on_is_local, .ctx = x };

	memset(x, 0, sizeof(*x));
	x->local = true;
	x->e = icmp6_err_new(&LINK, cfg, &ops, 1, x->ds);
}

static void fx_fini(struct fx *x)
{
	icmp6_err_free(x->e);
}

/* No rate limits: the matrix tests must not depend on the buckets. */
static const struct icmp6_err_cfg *nolimit(void)
{
	static struct icmp6_err_cfg c;

	icmp6_err_cfg_defaults(&c);
	c.rate = 0;
	c.peer_interval_ns = 0;
	return &c;
}

static int parse(const uint8_t *f, size_t n, struct pkt_info *pi)
{
	return pkt_parse(f, n, pi);
}

/* ---- §2.4(e) matrix ---- */

struct sup_case {
	const char *name;
	int kind;		/* how the invoking frame is built, see build_sup() */
	uint8_t type, code;
	uint32_t param;
	bool sent;
};

enum {
	K_UDP, K_UDP_MC_DST, K_UDP_L2_MC, K_UDP_L2_BCAST, K_UDP_UNSPEC_SRC, K_UDP_MC_SRC,
	K_ICMP_ERROR, K_REDIRECT, K_ECHO, K_FRAG1_ICMP_ERROR, K_FRAG_LATER, K_OPT10_MC,
	K_OPT11_MC, K_OTHER_MAC, K_LOOPBACK_SRC,
};

static size_t build_sup(uint8_t *f, int kind)
{
	uint8_t p[64] = { 0 };
	size_t n;

	switch (kind) {
	case K_UDP:
		return mk_udp(f, OUR_MAC, PEER, OUR, 7, 4);
	case K_UDP_MC_DST:
		return mk_udp(f, MC_MAC, PEER, "ff02::1", 7, 4);
	case K_UDP_L2_MC:
		return mk_udp(f, MC_MAC, PEER, OUR, 7, 4);
	case K_UDP_L2_BCAST:
		return mk_udp(f, BCAST_MAC, PEER, OUR, 7, 4);
	case K_UDP_UNSPEC_SRC:
		return mk_udp(f, OUR_MAC, "::", OUR, 7, 4);
	case K_UDP_MC_SRC:
		return mk_udp(f, OUR_MAC, "ff02::2", OUR, 7, 4);
	case K_LOOPBACK_SRC:
		return mk_udp(f, OUR_MAC, "::1", OUR, 7, 4);
	case K_OTHER_MAC: {
		static const uint8_t other[6] = { 2, 0, 0, 0, 0, 9 };

		return mk_udp(f, other, PEER, OUR, 7, 4);
	}
	case K_ICMP_ERROR:
		return mk_icmp(f, OUR_MAC, PEER, OUR, ICMP6_TYPE_DEST_UNREACH, 0, 44);
	case K_REDIRECT:
		return mk_icmp(f, OUR_MAC, PEER, OUR, ICMP6_TYPE_REDIRECT, 0, 36);
	case K_ECHO:
		return mk_icmp(f, OUR_MAC, PEER, OUR, ICMP6_TYPE_ECHO_REQUEST, 0, 12);
	case K_FRAG1_ICMP_ERROR:
		/* Fragment header (offset 0, M=1) then the start of a Time Exceeded */
		p[0] = IP6_NH_ICMPV6;
		p[3] = IP6_FRAG_MF;
		p[7] = 7;
		p[8] = ICMP6_TYPE_TIME_EXCEEDED;
		return mk(f, OUR_MAC, PEER, OUR, IP6_NH_FRAGMENT, p, 8 + 16);
	case K_FRAG_LATER:
		/* offset 16: its payload starts with 0x01, which is not an ICMPv6 type here */
		p[0] = IP6_NH_ICMPV6;
		p[2] = 0;
		p[3] = 16;
		p[7] = 7;
		p[8] = 0x01;
		return mk(f, OUR_MAC, PEER, OUR, IP6_NH_FRAGMENT, p, 8 + 16);
	case K_OPT10_MC:
	case K_OPT11_MC:
		/* HBH: unknown option 0x9e (10) or 0xde (11), 2 data octets, PadN 2 */
		p[0] = IP6_NH_UDP;
		p[2] = kind == K_OPT10_MC ? 0x9e : 0xde;
		p[3] = 2;
		p[6] = IP6_OPT_PADN;
		memcpy(p + 8, "\x30\x39\x00\x07\x00\x08\x00\x00", 8);
		n = mk(f, MC_MAC, PEER, "ff02::1", IP6_NH_HOPOPTS, p, 16);
		fix_csum(f, n, ETH6_HLEN + IP6_HLEN + 8, IP6_NH_UDP);
		return n;
	}
	return 0;
}

static void test_suppression_matrix(void)
{
	static const struct sup_case cases[] = {
		{ "du_for_udp_to_our_unicast_is_sent", K_UDP, 1, 4, 0, true },
		{ "error_about_icmpv6_error_is_suppressed", K_ICMP_ERROR, 4, 0, 0, false },
		{ "error_about_redirect_is_suppressed", K_REDIRECT, 4, 0, 0, false },
		{ "error_about_echo_request_is_sent", K_ECHO, 4, 0, 0, true },
		{ "error_about_first_fragment_of_icmpv6_error_is_suppressed", K_FRAG1_ICMP_ERROR,
		  4, 0, 0, false },
		{ "error_about_later_fragment_is_sent", K_FRAG_LATER, 4, 0, 4, true },
		{ "du_for_multicast_destination_is_suppressed", K_UDP_MC_DST, 1, 4, 0, false },
		{ "te_for_multicast_destination_is_suppressed", K_UDP_MC_DST, 3, 0, 0, false },
		{ "pp0_for_multicast_destination_is_suppressed", K_UDP_MC_DST, 4, 0, 4, false },
		{ "pp1_for_multicast_destination_is_suppressed", K_UDP_MC_DST, 4, 1, 6, false },
		{ "ptb_for_multicast_destination_is_sent", K_UDP_MC_DST, 2, 0, 1280, true },
		{ "pp2_action_10_for_multicast_destination_is_sent", K_OPT10_MC, 4, 2, 42, true },
		{ "pp2_action_11_for_multicast_destination_is_suppressed", K_OPT11_MC, 4, 2, 42,
		  false },
		{ "du_for_link_layer_multicast_frame_is_suppressed", K_UDP_L2_MC, 1, 4, 0, false },
		{ "du_for_link_layer_broadcast_frame_is_suppressed", K_UDP_L2_BCAST, 1, 4, 0, false },
		{ "ptb_for_link_layer_broadcast_frame_is_sent", K_UDP_L2_BCAST, 2, 0, 1400, true },
		{ "error_to_unspecified_source_is_suppressed", K_UDP_UNSPEC_SRC, 1, 4, 0, false },
		{ "error_to_multicast_source_is_suppressed", K_UDP_MC_SRC, 1, 4, 0, false },
		{ "ptb_to_multicast_source_is_suppressed", K_UDP_MC_SRC, 2, 0, 1280, false },
		{ "error_to_loopback_source_is_suppressed", K_LOOPBACK_SRC, 1, 4, 0, false },
		{ "error_for_frame_to_another_mac_is_suppressed", K_OTHER_MAC, 1, 4, 0, false },
	};
	struct in6_addr src = A(OUR);
	uint8_t f[256];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct sup_case *c = &cases[i];
		struct pkt_info pi;
		struct fx x;
		size_t n = build_sup(f, c->kind);
		int rc;

		CASE_BEGIN(c->name);
		fx_init(&x, nolimit());
		CHECK(parse(f, n, &pi) == 0, "fixture does not parse");
		rc = icmp6_err_send(x.e, 0, &pi, c->type, c->code, c->param, &src);
		if (c->sent) {
			CHECK(rc == 0 && x.cap.n == 1, "rc %d, %d frames, want sent", rc, x.cap.n);
			CHECK(x.ds[D_ERR_SENT] == 1 && !x.ds[D_ERR_SUPPRESSED], "counters");
			if (x.cap.n == 1 && py_start()) {
				char dst[64];
				const char *r;

				inet_ntop(AF_INET6, f + 22, dst, sizeof(dst));
				r = py("r = err_check(bytes.fromhex('%s'), bytes.fromhex('%s'), %u, %u, "
				       "%u, '%s', '%s', dmac='%s')",
				       hex(x.cap.f[0], x.cap.len[0]), hex(f + 14, n - 14), c->type,
				       c->code, c->param, OUR, dst, "02:00:00:00:00:02");
				CHECK(!strcmp(r, "ok"), "scapy: %s", r);
			}
		} else {
			CHECK(rc == -EPERM && x.cap.n == 0, "rc %d, %d frames, want suppressed", rc,
			      x.cap.n);
			CHECK(x.ds[D_ERR_SUPPRESSED] == 1 && !x.ds[D_ERR_SENT], "counters");
		}
		CASE_END();
		fx_fini(&x);
	}

	CASE_BEGIN("error_without_usable_our_src_is_suppressed");
	{
		struct pkt_info pi;
		struct fx x;
		struct in6_addr mc = A("ff02::1");
		size_t n = build_sup(f, K_UDP);

		fx_init(&x, nolimit());
		parse(f, n, &pi);
		CHECK(icmp6_err_send(x.e, 0, &pi, 1, 4, 0, NULL) == -EPERM, "NULL our_src sent");
		CHECK(icmp6_err_send(x.e, 0, &pi, 1, 4, 0, &mc) == -EPERM, "multicast our_src");
		CHECK(icmp6_err_send(x.e, 0, &pi, 129, 0, 0, &src) == -EINVAL, "type 129 taken");
		CHECK(x.cap.n == 0 && x.ds[D_ERR_SUPPRESSED] == 2, "frames %d", x.cap.n);
		fx_fini(&x);
	}
	CASE_END();
}

/* ---- classification and pointers ---- */

struct cls_case {
	const char *name;
	uint8_t nh;		/* IPv6 Next Header */
	uint8_t ext[48];	/* extension headers, then an 8-octet UDP header to port 7 */
	size_t ext_len;
	const char *dst;
	enum icmp6_err_action want;
	uint8_t type, code;
	uint32_t ptr;
};

static void test_options(void)
{
	static const struct cls_case cases[] = {
		{ "unknown_option_action_00_is_skipped", IP6_NH_HOPOPTS,
		  { IP6_NH_UDP, 0, 0x1e, 2, 0, 0, 1, 0 }, 8, OUR, ICMP6_ERR_ACCEPT, 0, 0, 0 },
		{ "unknown_option_action_01_discards_silently", IP6_NH_HOPOPTS,
		  { IP6_NH_UDP, 0, 0x5e, 2, 0, 0, 1, 0 }, 8, OUR, ICMP6_ERR_DISCARD, 0, 0, 0 },
		{ "unknown_option_action_10_gets_pp2_at_option_type", IP6_NH_HOPOPTS,
		  { IP6_NH_UDP, 0, 1, 0, 0x9e, 2, 0, 0 }, 8, OUR, ICMP6_ERR_REPLY, 4, 2, 44 },
		{ "unknown_option_action_10_multicast_still_gets_pp2", IP6_NH_HOPOPTS,
		  { IP6_NH_UDP, 0, 0x9e, 2, 0, 0, 1, 0 }, 8, "ff02::1", ICMP6_ERR_REPLY, 4, 2, 42 },
		{ "unknown_option_action_11_unicast_gets_pp2", IP6_NH_HOPOPTS,
		  { IP6_NH_UDP, 0, 0xde, 2, 0, 0, 1, 0 }, 8, OUR, ICMP6_ERR_REPLY, 4, 2, 42 },
		{ "unknown_option_action_11_multicast_discards", IP6_NH_HOPOPTS,
		  { IP6_NH_UDP, 0, 0xde, 2, 0, 0, 1, 0 }, 8, "ff02::1", ICMP6_ERR_DISCARD, 0, 0, 0 },
		{ "unknown_dest_option_action_10_pointer_counts_from_ipv6_header", IP6_NH_HOPOPTS,
		  { IP6_NH_DSTOPTS, 0, 1, 4, 0, 0, 0, 0,
		    IP6_NH_UDP, 0, 0, 0, 0x80, 1, 0, 0 }, 16, OUR, ICMP6_ERR_REPLY, 4, 2, 52 },
		{ "router_alert_in_destination_options_is_unknown_and_skipped", IP6_NH_DSTOPTS,
		  { IP6_NH_UDP, 0, IP6_OPT_ROUTER_ALERT, 4, 0, 0, 0, 0 }, 8, OUR, ICMP6_ERR_ACCEPT, 0, 0, 0 },
		{ "router_alert_of_wrong_length_is_discarded", IP6_NH_HOPOPTS,
		  { IP6_NH_UDP, 0, IP6_OPT_ROUTER_ALERT, 4, 0, 0, 0, 0 }, 8, OUR, ICMP6_ERR_DISCARD, 0, 0, 0 },
		{ "jumbo_option_is_unsupported_and_gets_pp2", IP6_NH_HOPOPTS,
		  { IP6_NH_UDP, 0, 0xc2, 4, 0, 1, 0, 0 }, 8, OUR, ICMP6_ERR_REPLY, 4, 2, 42 },
		{ "option_overrunning_its_header_gets_pp0_at_length_byte", IP6_NH_HOPOPTS,
		  { IP6_NH_UDP, 0, IP6_OPT_PADN, 5, 0, 0, 0, 0 }, 8, OUR, ICMP6_ERR_REPLY, 4, 0, 43 },
		{ "option_type_in_last_octet_gets_pp0_at_that_octet", IP6_NH_HOPOPTS,
		  { IP6_NH_UDP, 0, 0, 0, 0, 0, 0, 0x1e }, 8, OUR, ICMP6_ERR_REPLY, 4, 0, 47 },
		{ "pad1_and_padn_are_accepted", IP6_NH_HOPOPTS,
		  { IP6_NH_UDP, 0, 0, IP6_OPT_PADN, 1, 0xaa, 0, 0 }, 8, OUR, ICMP6_ERR_ACCEPT, 0, 0, 0 },
		{ "routing_header_with_segments_left_gets_pp0_at_routing_type", IP6_NH_ROUTING,
		  { IP6_NH_UDP, 2, 0, 1, 0, 0, 0, 0, 0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0,
		    0, 0, 0, 0, 0, 0, 0, 9 }, 24, OUR, ICMP6_ERR_REPLY, 4, 0, 42 },
		{ "routing_header_with_no_segments_left_is_ignored", IP6_NH_ROUTING,
		  { IP6_NH_UDP, 0, 4, 0, 0, 0, 0, 0 }, 8, OUR, ICMP6_ERR_ACCEPT, 0, 0, 0 },
		{ "hop_by_hop_not_first_gets_pp1_at_next_header_byte", IP6_NH_DSTOPTS,
		  { IP6_NH_HOPOPTS, 0, 1, 4, 0, 0, 0, 0, IP6_NH_UDP, 0, 1, 4, 0, 0, 0, 0 }, 16, OUR,
		  ICMP6_ERR_REPLY, 4, 1, 40 },
	};
	struct in6_addr our = A(OUR);
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct cls_case *c = &cases[i];
		uint8_t p[128], f[256];
		struct icmp6_err_what w = { 0 };
		enum icmp6_err_action a;
		struct pkt_info pi;
		size_t n;

		CASE_BEGIN(c->name);
		memcpy(p, c->ext, c->ext_len);
		memcpy(p + c->ext_len, "\x30\x39\x00\x07\x00\x08\x00\x00", 8);
		n = mk(f, OUR_MAC, PEER, c->dst, c->nh, p, c->ext_len + 8);
		CHECK(parse(f, n, &pi) == 0, "fixture does not parse");
		a = icmp6_err_check_options(&pi, &w);
		CHECK(a == c->want, "action %d, want %d", a, c->want);
		if (a == ICMP6_ERR_REPLY && c->want == ICMP6_ERR_REPLY) {
			CHECK(w.type == c->type && w.code == c->code && w.param == c->ptr,
			      "got %u/%u ptr %u, want %u/%u ptr %u", w.type, w.code, w.param,
			      c->type, c->code, c->ptr);
			/* what goes out is what the helper said, pointer included (scapy) */
			if (py_start() && w.type == c->type) {
				struct fx x;
				const char *r;

				fx_init(&x, nolimit());
				icmp6_err_send(x.e, 0, &pi, w.type, w.code, w.param, &our);
				CHECK(x.cap.n == 1, "%d frames sent", x.cap.n);
				if (x.cap.n == 1) {
					r = py("r = err_check(bytes.fromhex('%s'), bytes.fromhex('%s'), "
					       "%u, %u, %u, '%s', '%s')",
					       hex(x.cap.f[0], x.cap.len[0]), hex(f + 14, n - 14),
					       c->type, c->code, c->ptr, OUR, PEER);
					CHECK(!strcmp(r, "ok"), "scapy: %s", r);
				}
				fx_fini(&x);
			}
		}
		CASE_END();
	}
}

static void test_unserved(void)
{
	uint8_t f[256], p[64] = { 0 };
	struct icmp6_err_what w;
	struct pkt_info pi;
	struct fx x;
	size_t n;

	fx_init(&x, nolimit());

	CASE_BEGIN("udp_to_unserved_port_gets_port_unreachable");
	n = mk_udp(f, OUR_MAC, PEER, OUR, 7, 4);
	parse(f, n, &pi);
	CHECK(icmp6_err_for_unserved(&pi, served, &x, &w) == ICMP6_ERR_REPLY, "no reply");
	CHECK(w.type == ICMP6_TYPE_DEST_UNREACH && w.code == ICMP6_DU_PORT_UNREACH, "%u/%u",
	      w.type, w.code);
	CASE_END();

	CASE_BEGIN("udp_to_served_port_is_accepted");
	x.serve_udp9 = true;
	n = mk_udp(f, OUR_MAC, PEER, OUR, 9, 4);
	parse(f, n, &pi);
	CHECK(icmp6_err_for_unserved(&pi, served, &x, &w) == ICMP6_ERR_ACCEPT, "not accepted");
	x.serve_udp9 = false;
	CHECK(icmp6_err_for_unserved(&pi, served, &x, &w) == ICMP6_ERR_REPLY, "port 9 unserved");
	CASE_END();

	CASE_BEGIN("udp_with_bad_checksum_to_unserved_port_is_discarded");
	n = mk_udp(f, OUR_MAC, PEER, OUR, 7, 4);
	f[n - 1] ^= 1;
	parse(f, n, &pi);
	CHECK(icmp6_err_for_unserved(&pi, served, &x, &w) == ICMP6_ERR_DISCARD, "answered");
	n = mk_udp(f, OUR_MAC, PEER, OUR, 7, 4);
	f[ETH6_HLEN + IP6_HLEN + 6] = f[ETH6_HLEN + IP6_HLEN + 7] = 0;	/* zero checksum */
	parse(f, n, &pi);
	CHECK(icmp6_err_for_unserved(&pi, served, &x, &w) == ICMP6_ERR_DISCARD, "zero csum");
	CASE_END();

	CASE_BEGIN("tcp_to_unserved_port_is_discarded_without_error");
	memcpy(p, "\x30\x39\x00\x50", 4);
	p[12] = 0x50;
	p[13] = 0x02;		/* SYN */
	n = mk(f, OUR_MAC, PEER, OUR, IP6_NH_TCP, p, 20);
	parse(f, n, &pi);
	CHECK(icmp6_err_for_unserved(&pi, served, &x, &w) == ICMP6_ERR_DISCARD, "not discarded");
	x.serve_tcp = true;
	CHECK(icmp6_err_for_unserved(&pi, served, &x, &w) == ICMP6_ERR_ACCEPT, "served tcp");
	x.serve_tcp = false;
	CASE_END();

	CASE_BEGIN("unknown_upper_layer_gets_pp1_at_ipv6_next_header");
	n = mk(f, OUR_MAC, PEER, OUR, 253, p, 8);
	parse(f, n, &pi);
	CHECK(icmp6_err_for_unserved(&pi, served, &x, &w) == ICMP6_ERR_REPLY, "no reply");
	CHECK(w.type == ICMP6_TYPE_PARAM_PROBLEM && w.code == ICMP6_PP_NEXT_HEADER &&
	      w.param == 6, "%u/%u ptr %u", w.type, w.code, w.param);
	CASE_END();

	CASE_BEGIN("unknown_upper_layer_after_dest_options_gets_pp1_at_its_next_header");
	memset(p, 0, sizeof(p));
	p[0] = IP6_NH_ESP;
	p[2] = IP6_OPT_PADN;
	p[3] = 4;
	n = mk(f, OUR_MAC, PEER, OUR, IP6_NH_DSTOPTS, p, 16);
	parse(f, n, &pi);
	CHECK(icmp6_err_for_unserved(&pi, served, &x, &w) == ICMP6_ERR_REPLY, "no reply");
	CHECK(w.code == ICMP6_PP_NEXT_HEADER && w.param == 40, "code %u ptr %u", w.code, w.param);
	CASE_END();

	CASE_BEGIN("no_next_header_and_icmpv6_get_no_error");
	n = mk(f, OUR_MAC, PEER, OUR, IP6_NH_NONE, p, 0);
	parse(f, n, &pi);
	CHECK(icmp6_err_for_unserved(&pi, served, &x, &w) == ICMP6_ERR_DISCARD, "NONE");
	n = mk_icmp(f, OUR_MAC, PEER, OUR, ICMP6_TYPE_ECHO_REQUEST, 0, 4);
	parse(f, n, &pi);
	CHECK(icmp6_err_for_unserved(&pi, served, &x, &w) == ICMP6_ERR_ACCEPT, "ICMPv6");
	CASE_END();

	CASE_BEGIN("fragment_is_not_classified_before_reassembly");
	memset(p, 0, sizeof(p));
	p[0] = IP6_NH_UDP;
	p[3] = IP6_FRAG_MF;
	memcpy(p + 8, "\x30\x39\x00\x07\x00\x10\x00\x00", 8);
	n = mk(f, OUR_MAC, PEER, OUR, IP6_NH_FRAGMENT, p, 24);
	parse(f, n, &pi);
	CHECK(icmp6_err_for_unserved(&pi, served, &x, &w) == ICMP6_ERR_DISCARD, "first fragment");
	CASE_END();

	fx_fini(&x);
}

static void test_check_header(void)
{
	uint8_t f[256], p[64] = { 0 };
	struct in6_addr our = A(OUR);
	struct icmp6_err_what w;
	struct pkt_info pi, full;
	size_t n;

	CASE_BEGIN("payload_length_beyond_frame_gets_pp0_pointer_4_and_error_is_sent");
	n = mk_udp(f, OUR_MAC, PEER, OUR, 7, 16);
	f[ETH6_HLEN + 5] += 8;		/* claims 8 octets more than arrived */
	CHECK(pkt_parse(f, n, &full) != 0, "pkt_parse accepted it");
	CHECK(icmp6_err_check_header(f, n, &pi, &w) == ICMP6_ERR_REPLY, "no reply");
	CHECK(w.type == 4 && w.code == 0 && w.param == 4, "%u/%u ptr %u", w.type, w.code, w.param);
	if (py_start()) {
		struct fx x;
		const char *r;

		fx_init(&x, nolimit());
		CHECK(icmp6_err_send(x.e, 0, &pi, w.type, w.code, w.param, &our) == 0, "not sent");
		if (x.cap.n == 1) {
			r = py("r = err_check(bytes.fromhex('%s'), bytes.fromhex('%s'), 4, 0, 4, '%s', "
			       "'%s')", hex(x.cap.f[0], x.cap.len[0]), hex(f + 14, n - 14), OUR, PEER);
			CHECK(!strcmp(r, "ok"), "scapy: %s", r);
		}
		fx_fini(&x);
	}
	CASE_END();

	CASE_BEGIN("extension_header_overrun_gets_pp0_at_hdr_ext_len");
	p[0] = IP6_NH_UDP;
	p[1] = 3;			/* 32 octets, only 16 there */
	n = mk(f, OUR_MAC, PEER, OUR, IP6_NH_DSTOPTS, p, 16);
	CHECK(pkt_parse(f, n, &full) != 0, "pkt_parse accepted it");
	CHECK(icmp6_err_check_header(f, n, &pi, &w) == ICMP6_ERR_REPLY, "no reply");
	CHECK(w.type == 4 && w.code == 0 && w.param == 41, "%u/%u ptr %u", w.type, w.code, w.param);
	CASE_END();

	CASE_BEGIN("extension_header_without_room_for_its_length_gets_pp0_at_payload_length");
	n = mk(f, OUR_MAC, PEER, OUR, IP6_NH_HOPOPTS, p, 1);
	CHECK(icmp6_err_check_header(f, n, &pi, &w) == ICMP6_ERR_REPLY && w.param == 4,
	      "ptr %u", w.param);
	CASE_END();

	CASE_BEGIN("first_fragment_with_incomplete_chain_is_left_to_reassembly");
	/* RFC 7112 §5 code 3 is reasm_input()'s (test_reasm), which drops the whole datagram:
	 * the frame must parse and pass the per-fragment checks to get there */
	memset(p, 0, sizeof(p));
	p[0] = IP6_NH_DSTOPTS;
	p[3] = IP6_FRAG_MF;
	p[8] = IP6_NH_UDP;
	p[9] = 1;			/* 16 octets, 8 present */
	n = mk(f, OUR_MAC, PEER, OUR, IP6_NH_FRAGMENT, p, 16);
	CHECK(pkt_parse(f, n, &full) == 0 && full.has_frag && full.frag_more &&
	      full.l4_proto == IP6_NH_DSTOPTS && full.l4_off == 14 + 40 + 8, "parse");
	CHECK(icmp6_err_check_options(&full, &w) == ICMP6_ERR_ACCEPT, "check_options");
	CHECK(icmp6_err_check_header(f, n, &pi, &w) == ICMP6_ERR_ACCEPT, "check_header");
	/* a whole Destination Options header but a UDP header cut short: the same */
	p[9] = 0;
	p[16] = 0x30;
	n = mk(f, OUR_MAC, PEER, OUR, IP6_NH_FRAGMENT, p, 16 + 4);
	CHECK(pkt_parse(f, n, &full) == 0, "fixture does not parse");
	CHECK(icmp6_err_check_options(&full, &w) == ICMP6_ERR_ACCEPT, "check_options");
	CASE_END();

	CASE_BEGIN("not_ipv6_or_wrong_version_is_discarded");
	n = mk_udp(f, OUR_MAC, PEER, OUR, 7, 4);
	f[ETH6_HLEN] = 0x40;
	CHECK(icmp6_err_check_header(f, n, &pi, &w) == ICMP6_ERR_DISCARD, "v4 answered");
	f[ETH6_HLEN] = 0x60;
	f[12] = 0x08;
	f[13] = 0x00;
	CHECK(icmp6_err_check_header(f, n, &pi, &w) == ICMP6_ERR_DISCARD, "ethertype answered");
	CHECK(icmp6_err_check_header(f, 20, &pi, &w) == ICMP6_ERR_DISCARD, "short answered");
	CASE_END();
}

/* ---- §2.4(c) truncation, VLAN ---- */

/* ---- RFC 8200 §4.1: extension headers in any number ---- */

/* `count` Destination Options headers of 8 octets (one PadN each), the last naming `nh`, then
 * `upper` (ulen octets). Returns the payload length written at p. */
static size_t dopts_chain(uint8_t *p, int count, uint8_t nh, const uint8_t *upper, size_t ulen)
{
	size_t o = 0;
	int i;

	for (i = 0; i < count; i++, o += 8) {
		memset(p + o, 0, 8);
		p[o] = i == count - 1 ? nh : IP6_NH_DSTOPTS;
		p[o + 2] = IP6_OPT_PADN;
		p[o + 3] = 4;
	}
	memcpy(p + o, upper, ulen);
	return o + ulen;
}

static void test_many_headers(void)
{
	static uint8_t f[4096], p[4096];
	static const uint8_t udp[12] = { 0x30, 0x39, 0x00, 0x07, 0x00, 0x0c, 0, 0, 'a', 'b', 'c',
					 'd' };
	uint8_t du[8 + 48] = { ICMP6_TYPE_DEST_UNREACH, 0 };
	struct in6_addr our = A(OUR);
	struct icmp6_err_what w;
	struct pkt_info pi;
	struct fx x;
	size_t n;

	CASE_BEGIN("udp_behind_128_destination_options_gets_port_unreachable");
	n = mk(f, OUR_MAC, PEER, OUR, IP6_NH_DSTOPTS, p,
	       dopts_chain(p, 128, IP6_NH_UDP, udp, sizeof(udp)));
	fix_csum(f, n, ETH6_HLEN + IP6_HLEN + 128 * 8, IP6_NH_UDP);
	CHECK(pkt_parse(f, n, &pi) == 0, "pkt_parse refused 128 headers");
	CHECK(icmp6_err_check_options(&pi, &w) == ICMP6_ERR_ACCEPT, "check_options refused");
	fx_init(&x, nolimit());
	CHECK(icmp6_err_for_unserved(&pi, served, &x, &w) == ICMP6_ERR_REPLY &&
	      w.type == ICMP6_TYPE_DEST_UNREACH && w.code == ICMP6_DU_PORT_UNREACH,
	      "no Port Unreachable");
	CHECK(icmp6_err_send(x.e, 0, &pi, ICMP6_TYPE_DEST_UNREACH, ICMP6_DU_PORT_UNREACH, 0,
			     &our) == 0 && x.cap.n == 1, "not sent");
	if (x.cap.n == 1 && py_start()) {
		const char *r = py("r = err_check(bytes.fromhex('%s'), bytes.fromhex('%s'), "
				   "1, 4, 0, '%s', '%s')", hex(x.cap.f[0], x.cap.len[0]),
				   hex(f + 14, n - 14), OUR, PEER);

		CHECK(!strcmp(r, "ok"), "scapy: %s", r);
	}
	fx_fini(&x);
	CASE_END();

	CASE_BEGIN("icmp_error_behind_20_destination_options_gets_no_error");
	/* RFC 4443 §2.4(e.1): found however deep in the chain it sits */
	n = mk(f, OUR_MAC, PEER, OUR, IP6_NH_DSTOPTS, p,
	       dopts_chain(p, 20, IP6_NH_ICMPV6, du, sizeof(du)));
	fix_csum(f, n, ETH6_HLEN + IP6_HLEN + 20 * 8, IP6_NH_ICMPV6);
	CHECK(pkt_parse(f, n, &pi) == 0, "fixture does not parse");
	fx_init(&x, nolimit());
	CHECK(icmp6_err_send(x.e, 0, &pi, ICMP6_TYPE_PARAM_PROBLEM, ICMP6_PP_HEADER_FIELD, 41,
			     &our) == -EPERM && x.cap.n == 0, "error about an error sent");
	fx_fini(&x);
	CASE_END();
}

/* ---- RFC 4443 §2.4(e.1)(e.2) on fragments: an error is withheld only for an ICMPv6 error
 * or Redirect seen in the packet; a first fragment whose chain ends before the ICMPv6 header
 * says nothing (Linux is_ineligible), and that is exactly what RFC 7112 code 3 is about. ---- */

static void test_ineligible_fragments(void)
{
	static uint8_t f[2048], p[2048];
	struct in6_addr our = A(OUR);
	struct pkt_info pi;
	struct fx x;
	size_t n;

	CASE_BEGIN("pp3_about_first_fragment_whose_dest_options_overrun_it_is_sent");
	/* implementation6 case 6: Fragment (offset 0, M) + a 2 KiB Destination Options header
	 * naming ICMPv6, cut at 1440 octets by the fragmentation */
	memset(p, 0, sizeof(p));
	p[0] = IP6_NH_DSTOPTS;
	p[3] = IP6_FRAG_MF;
	p[8] = IP6_NH_ICMPV6;
	p[9] = 255;			/* (255 + 1) * 8 = 2048 octets */
	p[10] = IP6_OPT_PADN;
	p[11] = 253;
	n = mk(f, OUR_MAC, PEER, OUR, IP6_NH_FRAGMENT, p, 8 + 1440);
	memset(&pi, 0, sizeof(pi));	/* icmp6_err_send trusts frame, len and ip6_off only */
	pi.frame = f;
	pi.len = n;
	pi.ip6_off = ETH6_HLEN;
	fx_init(&x, nolimit());
	CHECK(icmp6_err_send(x.e, 0, &pi, ICMP6_TYPE_PARAM_PROBLEM, ICMP6_PP_INCOMPLETE_CHAIN, 0,
			     &our) == 0 && x.cap.n == 1, "suppressed");
	if (x.cap.n == 1 && py_start()) {
		const char *r = py("r = err_check(bytes.fromhex('%s'), bytes.fromhex('%s'), "
				   "4, 3, 0, '%s', '%s')", hex(x.cap.f[0], x.cap.len[0]),
				   hex(f + 14, n - 14), OUR, PEER);

		CHECK(!strcmp(r, "ok"), "scapy: %s", r);
	}
	fx_fini(&x);
	CASE_END();

	CASE_BEGIN("pp3_about_first_fragment_ending_right_before_icmpv6_is_sent");
	p[9] = 0;			/* an 8-octet header that fits, and no ICMPv6 octet */
	p[11] = 4;
	n = mk(f, OUR_MAC, PEER, OUR, IP6_NH_FRAGMENT, p, 16);
	pi.frame = f;
	pi.len = n;
	pi.ip6_off = ETH6_HLEN;
	fx_init(&x, nolimit());
	CHECK(icmp6_err_send(x.e, 0, &pi, ICMP6_TYPE_PARAM_PROBLEM, ICMP6_PP_INCOMPLETE_CHAIN, 0,
			     &our) == 0 && x.cap.n == 1, "suppressed");
	fx_fini(&x);
	CASE_END();

	CASE_BEGIN("unfragmented_packet_with_icmpv6_header_cut_gets_no_error");
	/* not a fragment: an ICMPv6 message too short to show its type may be an error (Linux) */
	n = mk(f, OUR_MAC, PEER, OUR, IP6_NH_DSTOPTS, p + 8, 8);
	pi.frame = f;
	pi.len = n;
	pi.ip6_off = ETH6_HLEN;
	fx_init(&x, nolimit());
	CHECK(icmp6_err_send(x.e, 0, &pi, ICMP6_TYPE_PARAM_PROBLEM, ICMP6_PP_HEADER_FIELD, 4,
			     &our) == -EPERM && x.cap.n == 0, "sent");
	fx_fini(&x);
	CASE_END();
}

static void test_truncation(void)
{
	static uint8_t f[1600];
	struct in6_addr our = A(OUR);
	struct pkt_info pi;
	const char *r;
	struct fx x;
	size_t n;

	CASE_BEGIN("error_about_1500_byte_packet_is_exactly_1280_with_byte_exact_prefix");
	fx_init(&x, nolimit());
	n = mk_udp(f, OUR_MAC, PEER, OUR, 7, 1500 - 40 - 8);
	for (size_t i = 62; i < n; i++)
		f[i] = (uint8_t)(i * 7);	/* a prefix that could not match by accident */
	fix_csum(f, n, 54, IP6_NH_UDP);
	CHECK(n - ETH6_HLEN == 1500, "fixture is %zu octets", n - ETH6_HLEN);
	CHECK(parse(f, n, &pi) == 0, "parse");
	CHECK(icmp6_err_send(x.e, 0, &pi, 1, 4, 0, &our) == 0, "not sent");
	CHECK(x.cap.n == 1 && x.cap.len[0] == ETH6_HLEN + 1280, "frame %zu octets",
	      x.cap.len[0]);
	CHECK(!memcmp(x.cap.f[0] + ETH6_HLEN + 48, f + ETH6_HLEN, 1232), "quote differs");
	if (!py_start()) {
		CASE_END();
		printf("SKIP error_1280_checked_by_scapy: /usr/bin/python3 with scapy not available\n");
	} else {
		r = py("r = err_check(bytes.fromhex('%s'), bytes.fromhex('%s'), 1, 4, 0, '%s', '%s')\n"
		       "if r == 'ok' and len(bytes(Ether(bytes.fromhex('%s'))[IPv6])) != 1280: "
		       "r = 'scapy length'",
		       hex(x.cap.f[0], x.cap.len[0]), hex(f + 14, n - 14), OUR, PEER,
		       hex(x.cap.f[0], x.cap.len[0]));
		CHECK(!strcmp(r, "ok"), "scapy: %s", r);
		CASE_END();
	}
	fx_fini(&x);

	CASE_BEGIN("error_about_vlan_tagged_frame_goes_back_on_the_same_vlan");
	fx_init(&x, nolimit());
	n = mk_udp(f + 4, OUR_MAC, PEER, OUR, 7, 20);
	memmove(f, f + 4, 12);
	f[12] = 0x81;
	f[13] = 0x00;
	f[14] = 0x00;
	f[15] = 42;			/* VID 42 */
	n += 4;
	CHECK(parse(f, n, &pi) == 0 && pi.vlan, "parse");
	CHECK(icmp6_err_send(x.e, 0, &pi, 1, 4, 0, &our) == 0 && x.cap.n == 1, "not sent");
	if (x.cap.n == 1 && py_start()) {
		r = py("r = err_check(bytes.fromhex('%s'), bytes.fromhex('%s'), 1, 4, 0, '%s', '%s', "
		       "vlan=42)", hex(x.cap.f[0], x.cap.len[0]), hex(f + 18, n - 18), OUR, PEER);
		CHECK(!strcmp(r, "ok"), "scapy: %s", r);
	}
	fx_fini(&x);
	CASE_END();

	CASE_BEGIN("hop_limit_of_errors_is_configurable");
	{
		struct icmp6_err_cfg c = *nolimit();

		c.hop_limit = 255;
		fx_init(&x, &c);
		n = mk_udp(f, OUR_MAC, PEER, OUR, 7, 4);
		parse(f, n, &pi);
		icmp6_err_send(x.e, 0, &pi, 1, 4, 0, &our);
		CHECK(x.cap.n == 1 && x.cap.f[0][ETH6_HLEN + 7] == 255, "hop limit %u",
		      x.cap.f[0][ETH6_HLEN + 7]);
		fx_fini(&x);
	}
	CASE_END();

	CASE_BEGIN("router_advertised_cur_hop_limit_is_the_hop_limit_of_errors");
	/* RFC 4861 §6.3.4: the host's CurHopLimit, learned from an RA, for every packet it
	 * originates; an RA's 0 means unspecified and changes nothing */
	fx_init(&x, nolimit());
	n = mk_udp(f, OUR_MAC, PEER, OUR, 7, 4);
	parse(f, n, &pi);
	icmp6_err_set_hop_limit(x.e, 77);
	icmp6_err_send(x.e, 0, &pi, ICMP6_TYPE_DEST_UNREACH, ICMP6_DU_PORT_UNREACH, 0, &our);
	icmp6_err_set_hop_limit(x.e, 0);
	icmp6_err_send(x.e, 0, &pi, ICMP6_TYPE_DEST_UNREACH, ICMP6_DU_PORT_UNREACH, 0, &our);
	CHECK(x.cap.n == 2, "%d sent", x.cap.n);
	if (x.cap.n == 2 && py_start()) {
		int i;

		for (i = 0; i < 2; i++) {
			const char *r = py("r = err_check(bytes.fromhex('%s'), "
					   "bytes.fromhex('%s'), 1, 4, 0, '%s', '%s', hlim=77)",
					   hex(x.cap.f[i], x.cap.len[i]), hex(f + 14, n - 14), OUR,
					   PEER);

			CHECK(!strcmp(r, "ok"), "error %d: scapy: %s", i, r);
		}
	}
	fx_fini(&x);
	CASE_END();
}

/* ---- §2.4(f) ---- */

static int send_n(struct fx *x, xdp6_ns now, const char *src, int n, uint8_t type)
{
	struct in6_addr our = A(OUR);
	uint8_t f[256];
	struct pkt_info pi;
	int i, sent = 0;

	mk_udp(f, OUR_MAC, src, OUR, 7, 4);
	parse(f, mk_udp(f, OUR_MAC, src, OUR, 7, 4), &pi);
	for (i = 0; i < n; i++)
		sent += icmp6_err_send(x->e, now, &pi, type, type == 2 ? 0 : 4,
				       type == 2 ? 1280 : 0, &our) == 0;
	return sent;
}

static void test_rate_limit(void)
{
	struct icmp6_err_cfg c;
	const xdp6_ns t0 = 5 * XDP6_NS_PER_SEC;
	struct fx x;
	int s;

	CASE_BEGIN("global_bucket_allows_burst_of_50_then_1000_per_second");
	icmp6_err_cfg_defaults(&c);
	CHECK(c.rate == 1000 && c.burst == 50, "defaults %u/%u", c.rate, c.burst);
	c.peer_interval_ns = 0;
	fx_init(&x, &c);
	s = send_n(&x, t0, PEER, 60, 1);
	CHECK(s == 50, "burst: %d sent", s);
	CHECK(x.ds[D_ERR_RATE_LIMITED] == 10 && x.ds[D_ERR_SENT] == 50, "counters %lu/%lu",
	      (unsigned long)x.ds[D_ERR_RATE_LIMITED], (unsigned long)x.ds[D_ERR_SENT]);
	s = send_n(&x, t0 + 10 * XDP6_NS_PER_MS, PEER, 20, 1);
	CHECK(s == 10, "10 ms later: %d sent, want 10", s);
	s = send_n(&x, t0 + 10 * XDP6_NS_PER_MS + 999999, PEER, 5, 1);
	CHECK(s == 0, "<1 ms later: %d sent", s);
	s = send_n(&x, t0 + 11 * XDP6_NS_PER_MS, PEER, 5, 1);
	CHECK(s == 1, "1 ms later: %d sent, want 1", s);
	s = send_n(&x, t0 + 60 * XDP6_NS_PER_SEC, PEER, 200, 1);
	CHECK(s == 50, "after a minute: %d sent, want the burst of 50", s);
	fx_fini(&x);
	CASE_END();

	CASE_BEGIN("packet_too_big_is_exempt_from_rate_limits");
	icmp6_err_cfg_defaults(&c);
	fx_init(&x, &c);
	send_n(&x, t0, PEER, 100, 1);
	s = send_n(&x, t0, PEER, 100, ICMP6_TYPE_PACKET_TOO_BIG);
	CHECK(s == 100, "%d PTB sent of 100", s);
	fx_fini(&x);
	c.limit_ptb = true;
	fx_init(&x, &c);
	s = send_n(&x, t0, PEER, 100, ICMP6_TYPE_PACKET_TOO_BIG);
	CHECK(s == 6, "limit_ptb: %d sent, want 6 (per-destination burst)", s);
	fx_fini(&x);
	CASE_END();

	CASE_BEGIN("per_destination_bucket_allows_6_then_one_per_100_ms");
	icmp6_err_cfg_defaults(&c);
	CHECK(c.peer_interval_ns == 100 * XDP6_NS_PER_MS && c.peer_burst == 6, "defaults");
	fx_init(&x, &c);
	s = send_n(&x, t0, PEER, 10, 1);
	CHECK(s == 6, "burst %d", s);
	s = send_n(&x, t0, "2001:db8::3", 10, 1);
	CHECK(s == 6, "another destination: %d", s);
	s = send_n(&x, t0 + 99 * XDP6_NS_PER_MS, PEER, 3, 1);
	CHECK(s == 0, "99 ms: %d", s);
	s = send_n(&x, t0 + 100 * XDP6_NS_PER_MS, PEER, 3, 1);
	CHECK(s == 1, "100 ms: %d", s);
	s = send_n(&x, t0 + 350 * XDP6_NS_PER_MS, PEER, 5, 1);
	CHECK(s == 2, "350 ms: %d, want 2", s);
	fx_fini(&x);
	CASE_END();

	CASE_BEGIN("per_destination_refusal_does_not_spend_global_tokens");
	icmp6_err_cfg_defaults(&c);
	c.burst = 3;
	c.peer_burst = 1;
	fx_init(&x, &c);
	CHECK(send_n(&x, t0, PEER, 1, 1) == 1, "first");
	CHECK(send_n(&x, t0, PEER, 5, 1) == 0, "peer limit");
	CHECK(send_n(&x, t0, "2001:db8::3", 1, 1) == 1, "global token spent by refusals");
	CHECK(send_n(&x, t0, "2001:db8::4", 1, 1) == 1, "global token spent by refusals");
	CHECK(send_n(&x, t0, "2001:db8::5", 1, 1) == 0, "global burst of 3 exceeded");
	fx_fini(&x);
	CASE_END();

	CASE_BEGIN("per_destination_table_is_bounded_and_evicts_least_recent");
	icmp6_err_cfg_defaults(&c);
	c.rate = 0;
	c.peer_max = 2;
	fx_init(&x, &c);
	CHECK(send_n(&x, t0, PEER, 10, 1) == 6, "A burst");
	CHECK(send_n(&x, t0 + 1, "2001:db8::3", 10, 1) == 6, "B burst");
	CHECK(send_n(&x, t0 + 2, PEER, 1, 1) == 0, "A still limited while remembered");
	CHECK(send_n(&x, t0 + 3, "2001:db8::4", 10, 1) == 6, "C evicts B (least recent)");
	CHECK(send_n(&x, t0 + 4, PEER, 1, 1) == 0, "A kept");
	CHECK(send_n(&x, t0 + 5, "2001:db8::3", 10, 1) == 6, "B forgotten: fresh burst");
	fx_fini(&x);
	CASE_END();
}

/* ---- received errors ---- */

static size_t scapy_frame(uint8_t *out, size_t cap, const char *expr)
{
	const char *r = py("r = bytes(%s).hex()", expr);

	if (!strncmp(r, "EXC", 3)) {
		printf("    scapy: %s\n", r);
		return 0;
	}
	return unhex(r, out, cap);
}

#define PTB_FMT								\
	"Ether(dst='02:00:00:00:00:01', src='02:00:00:00:00:02')/"		\
	"IPv6(src='2001:db8:ff::1', dst='2001:db8::1')/ICMPv6PacketTooBig(mtu=%u)/"	\
	"IPv6(src='2001:db8::1', dst='2001:db8:9::9', plen=1452)/ICMPv6EchoReply()/Raw(b'x'*%u)"

static void test_input(void)
{
	struct in6_addr far = A("2001:db8:9::9");
	struct icmp6_err_rx_count rc[16];
	uint8_t f[1600];
	char expr[512];
	struct pkt_info pi;
	struct fx x;
	size_t n, k;

	SKIP_NO_SCAPY("received_errors_built_by_scapy");

	CASE_BEGIN("ptb_from_scapy_calls_pmtu_update_with_inner_destination_and_mtu");
	fx_init(&x, NULL);
	snprintf(expr, sizeof(expr), PTB_FMT, 1400u, 200u);
	n = scapy_frame(f, sizeof(f), expr);
	CHECK(n && parse(f, n, &pi) == 0, "fixture");
	CHECK(icmp6_err_input(x.e, 7, &pi) == 0, "rejected");
	CHECK(x.pmtu_calls == 1 && x.pmtu_mtu == 1400 && !memcmp(&x.pmtu_dst, &far, 16),
	      "calls %d mtu %u", x.pmtu_calls, x.pmtu_mtu);
	CHECK(x.ds[D_ERR_RECEIVED] == 1 && x.cap.n == 0, "counted / answered");
	k = icmp6_err_rx_counts(x.e, rc, 16);
	CHECK(k == 1 && rc[0].type == 2 && rc[0].code == 0 && rc[0].count == 1, "table %zu", k);
	fx_fini(&x);
	CASE_END();

	CASE_BEGIN("ptb_below_1280_is_discarded_rfc8201");
	fx_init(&x, NULL);
	snprintf(expr, sizeof(expr), PTB_FMT, 1000u, 200u);
	n = scapy_frame(f, sizeof(f), expr);
	parse(f, n, &pi);
	CHECK(icmp6_err_input(x.e, 7, &pi) == -EINVAL, "accepted");
	CHECK(x.pmtu_calls == 0 && x.ds[D_ERR_INVALID] == 1, "calls %d", x.pmtu_calls);
	fx_fini(&x);
	CASE_END();

	CASE_BEGIN("ptb_quoting_a_packet_not_from_us_is_ignored");
	fx_init(&x, NULL);
	x.local = false;
	snprintf(expr, sizeof(expr), PTB_FMT, 1400u, 200u);
	n = scapy_frame(f, sizeof(f), expr);
	parse(f, n, &pi);
	CHECK(icmp6_err_input(x.e, 7, &pi) == -EINVAL && x.pmtu_calls == 0, "accepted");
	fx_fini(&x);
	CASE_END();

	CASE_BEGIN("ptb_without_inner_ipv6_header_is_invalid");
	fx_init(&x, NULL);
	n = scapy_frame(f, sizeof(f), "Ether(dst='02:00:00:00:00:01', src='02:00:00:00:00:02')/IPv6(src='2001:db8:ff::1', dst='2001:db8::1')/"
			"ICMPv6PacketTooBig(mtu=1400)/Raw(b'\\x60'+b'\\0'*30)");
	parse(f, n, &pi);
	CHECK(icmp6_err_input(x.e, 7, &pi) == -EINVAL && x.pmtu_calls == 0, "accepted");
	fx_fini(&x);
	CASE_END();

	CASE_BEGIN("error_with_bad_checksum_is_invalid");
	fx_init(&x, NULL);
	snprintf(expr, sizeof(expr), PTB_FMT, 1400u, 200u);
	n = scapy_frame(f, sizeof(f), expr);
	f[n - 1] ^= 0x10;
	parse(f, n, &pi);
	CHECK(icmp6_err_input(x.e, 7, &pi) == -EINVAL && x.pmtu_calls == 0, "accepted");
	CHECK(x.ds[D_ERR_INVALID] == 1 && !x.ds[D_ERR_RECEIVED], "counters");
	fx_fini(&x);
	CASE_END();

	CASE_BEGIN("du_te_pp_are_counted_by_type_and_code_and_never_answered");
	fx_init(&x, NULL);
	{
		static const char *const msgs[] = {
			"ICMPv6DestUnreach(code=4)", "ICMPv6DestUnreach(code=4)",
			"ICMPv6DestUnreach(code=1)", "ICMPv6TimeExceeded(code=1)",
			"ICMPv6ParamProblem(code=2, ptr=42)", "ICMPv6Unknown(type=100, code=3)",
			"ICMPv6DestUnreach(code=200)",
		};

		for (k = 0; k < sizeof(msgs) / sizeof(msgs[0]); k++) {
			snprintf(expr, sizeof(expr),
				 "Ether(dst='02:00:00:00:00:01', src='02:00:00:00:00:02')/IPv6(src='2001:db8::2', dst='2001:db8::1')/%s/"
				 "IPv6(src='2001:db8::1', dst='2001:db8::2')/UDP(dport=7)", msgs[k]);
			n = scapy_frame(f, sizeof(f), expr);
			CHECK(n && parse(f, n, &pi) == 0, "fixture %zu", k);
			CHECK(icmp6_err_input(x.e, 9, &pi) == 0, "message %zu rejected", k);
		}
	}
	k = icmp6_err_rx_counts(x.e, rc, 16);
	CHECK(k == 6, "%zu counters", k);
	CHECK(k == 6 && rc[0].type == 0 && rc[0].code == 3 && rc[0].count == 1, "other type");
	CHECK(k == 6 && rc[1].type == 1 && rc[1].code == 1 && rc[1].count == 1, "du/1");
	CHECK(k == 6 && rc[2].type == 1 && rc[2].code == 4 && rc[2].count == 2, "du/4");
	CHECK(k == 6 && rc[3].type == 1 && rc[3].code == 15 && rc[3].count == 1, "du/200 -> 15");
	CHECK(k == 6 && rc[4].type == 3 && rc[4].code == 1, "te/1");
	CHECK(k == 6 && rc[5].type == 4 && rc[5].code == 2, "pp/2");
	CHECK(x.cap.n == 0 && x.ds[D_ERR_RECEIVED] == 7, "answered %d", x.cap.n);
	CHECK(!strcmp(icmp6_err_code_name(1, 4), "port-unreach") &&
	      !strcmp(icmp6_err_type_name(3), "time-exceeded") && !icmp6_err_code_name(2, 1),
	      "names");
	fx_fini(&x);
	CASE_END();

	CASE_BEGIN("informational_message_or_later_fragment_is_not_an_error_input");
	fx_init(&x, NULL);
	n = mk_icmp(f, OUR_MAC, PEER, OUR, ICMP6_TYPE_ECHO_REQUEST, 0, 8);
	parse(f, n, &pi);
	CHECK(icmp6_err_input(x.e, 9, &pi) == -EINVAL, "echo taken as error");
	n = mk_icmp(f, OUR_MAC, PEER, OUR, ICMP6_TYPE_DEST_UNREACH, 0, 2);
	parse(f, n, &pi);
	CHECK(icmp6_err_input(x.e, 9, &pi) == -EINVAL, "6-octet error taken");
	CHECK(x.ds[D_ERR_INVALID] == 2 && x.cap.n == 0, "counters");
	fx_fini(&x);
	CASE_END();
}

/* ---- fuzz ---- */

static bool out_sane(const uint8_t *f, size_t n, char *why)
{
	size_t off = (f[12] == 0x81 && f[13] == 0) ? 18 : 14;
	const uint8_t *ip = f + off;
	size_t plen;

	if (n < off + 48 || n - off > ICMP6_ERROR_MAX_LEN)
		return sprintf(why, "length %zu", n), false;
	plen = (size_t)ip[4] << 8 | ip[5];
	if (plen != n - off - 40 || ip[6] != IP6_NH_ICMPV6 || ip[40] == 0 || ip[40] > 4)
		return sprintf(why, "header plen %zu nh %u type %u", plen, ip[6], ip[40]), false;
	if (ref_csum(ip + 8, ip + 24, IP6_NH_ICMPV6, ip + 40, plen) != 0)
		return sprintf(why, "checksum"), false;
	if (ip[24] == 0xff || (f[0] & 1))
		return sprintf(why, "to multicast"), false;
	return true;
}

static void test_fuzz(void)
{
	static const int kinds[] = { K_UDP, K_ICMP_ERROR, K_ECHO, K_FRAG1_ICMP_ERROR,
				     K_FRAG_LATER, K_OPT10_MC, K_OPT11_MC, K_UDP_MC_DST };
	struct in6_addr our = A(OUR);
	uint64_t seed = 0x5eed;
	uint8_t f[512];
	char why[128] = "";
	int i, bad = 0, sent_before;
	struct fx x;

	CASE_BEGIN("fuzz_30000_random_and_mutated_frames_no_crash_and_sane_errors");
	fx_init(&x, NULL);
	for (i = 0; i < 30000; i++) {
		struct icmp6_err_what w = { 0 };
		struct pkt_info pi;
		size_t n, j, muts;
		uint32_t r = xdp6_rand_u32(&seed);

		if (r % 8 == 0) {
			n = xdp6_rand_u32(&seed) % sizeof(f);
			for (j = 0; j < n; j++)
				f[j] = (uint8_t)xdp6_rand_u32(&seed);
			if (n > 14) {
				f[12] = 0x86;
				f[13] = 0xdd;
				f[14] = (f[14] & 0x0f) | 0x60;
			}
		} else {
			n = build_sup(f, kinds[r % 8]);
			muts = 1 + xdp6_rand_u32(&seed) % 4;
			for (j = 0; j < muts; j++) {
				uint32_t m = xdp6_rand_u32(&seed);

				if (n <= 14)
					break;
				if (m % 5 == 0)
					n = 14 + m % (n - 13);			/* truncate */
				else if (m % 5 == 1 && n > 60)
					f[54 + m % (n - 54)] = (uint8_t)(m >> 8); /* headers */
				else
					f[14 + m % (n - 14)] ^= (uint8_t)(1u << (m % 8));
			}
		}
		sent_before = x.cap.n;
		if (pkt_parse(f, n, &pi) == 0) {
			if (icmp6_err_check_options(&pi, &w) == ICMP6_ERR_REPLY) {
				if (w.param >= pi.ip6_end - pi.ip6_off && w.code != 3)
					bad++, sprintf(why, "pointer %u beyond packet", w.param);
				icmp6_err_send(x.e, (xdp6_ns)i * 1000, &pi, w.type, w.code, w.param, &our);
			}
			if (icmp6_err_for_unserved(&pi, served, &x, &w) == ICMP6_ERR_REPLY)
				icmp6_err_send(x.e, (xdp6_ns)i * 1000, &pi, w.type, w.code, w.param, &our);
			icmp6_err_input(x.e, (xdp6_ns)i * 1000, &pi);
			icmp6_err_send(x.e, (xdp6_ns)i * 1000, &pi, 1 + r % 4, (uint8_t)(r >> 8),
				       r >> 16, &our);
		} else if (icmp6_err_check_header(f, n, &pi, &w) == ICMP6_ERR_REPLY) {
			icmp6_err_send(x.e, (xdp6_ns)i * 1000, &pi, w.type, w.code, w.param, &our);
		}
		for (j = (size_t)sent_before; j < (size_t)x.cap.n && j < 64; j++)
			if (!out_sane(x.cap.f[j], x.cap.len[j], why))
				bad++;
		if (x.cap.n >= 64)
			x.cap.n = 0;
	}
	CHECK(!bad, "%d bad outputs, last: %s", bad, why);
	CHECK(x.ds[D_ERR_SENT] > 100 && x.ds[D_ERR_SUPPRESSED] > 100, "fuzz reached little: "
	      "sent %lu suppressed %lu", (unsigned long)x.ds[D_ERR_SENT],
	      (unsigned long)x.ds[D_ERR_SUPPRESSED]);
	fx_fini(&x);
	CASE_END();
}

/* The defaults, field by field: a changed or lost default is a behaviour change. */
static void test_cfg_defaults(void)
{
	struct icmp6_err_cfg c;

	memset(&c, 0xa5, sizeof(c));	/* a field the defaults forget keeps garbage */
	icmp6_err_cfg_defaults(&c);
	CASE_BEGIN("cfg_defaults_are_the_linux_limits");
	/* icmp6_err.h: hop limit 64; Linux icmp_msgs_per_sec 1000, icmp_msgs_burst 50;
	 * icmp ratelimit 100 ms, XRLIM_BURST_FACTOR 6; 1024 peers; PTBs not limited */
	CHECK(c.hop_limit == 64, "hop_limit %u", c.hop_limit);
	CHECK(c.rate == 1000 && c.burst == 50, "global bucket %u/%u", c.rate, c.burst);
	CHECK(c.peer_interval_ns == 100 * XDP6_NS_PER_MS, "peer interval");
	CHECK(c.peer_burst == 6, "peer burst %u", (unsigned)c.peer_burst);
	CHECK(c.peer_max == 1024, "peer_max %u", (unsigned)c.peer_max);
	CHECK(!c.limit_ptb, "PTBs limited");
	CASE_END();
}

int main(void)
{
	test_cfg_defaults();
	test_suppression_matrix();
	test_options();
	test_unserved();
	test_check_header();
	test_many_headers();
	test_ineligible_fragments();
	test_truncation();
	test_rate_limit();
	test_input();
	test_fuzz();
	return check_exit();
}
