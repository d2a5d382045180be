// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Unit tests of user/proto/pkt.c: frames built by pkt_build_icmp6 compared byte for byte with
 * frames scapy built (hex below, produced by scapy 2.5 on Debian 12), the RFC 8200 header walk,
 * and the RFC 4291/2464 address helpers. */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "check.h"
#include "testutil.h"
#include "pkt.h"

/* scapy: Ether(dst=33:33:ff:00:00:01, src=02:00:00:00:00:01)/IPv6(src=::, dst=ff02::1:ff00:1,
 * hlim=255)/ICMPv6ND_NS(tgt=2001:db8::1)/Raw(nonce option 0e01 010203040506) */
static const char *ns_dad_hex =
	"3333ff00000102000000000186dd6000000000203aff00000000000000000000000000000000ff0200000000"
	"000000000001ff000001870035d80000000020010db80000000000000000000000010e01010203040506";
/* scapy: .../IPv6(src=fe80::ff:fe00:1, dst=ff02::16, hlim=1)/IPv6ExtHdrHopByHop(RouterAlert(0),
 * PadN)/ICMPv6MLReport2(record CHANGE_TO_EXCLUDE ff02::1:ff00:1) */
static const char *mld_hex =
	"33330000001602000000000186dd6000000000240001fe80000000000000000000fffe000001ff0200000000"
	"000000000000000000163a000502000001008f0072070000000104000000ff0200000000000000000001ff00"
	"0001";
/* scapy: IPv6(2001:db8::2 -> 2001:db8::1)/HopByHop/Fragment(off 0, M, id 0x1234, nh 58)/Echo */
static const char *frag_hex =
	"ffffffffffff02fc0000000186dd600000000028004020010db800000000000000000000000220010db80000"
	"000000000000000000012c000104000000003a00000100001234800060740000000078787878787878787878"
	"787878787878";

static void test_build_ns_matches_scapy(void)
{
	uint8_t want[256], got[256], icmp[32] = { 0 };
	struct pkt_out o = { .dmac = { 0x33, 0x33, 0xff, 0, 0, 1 }, .smac = { 2, 0, 0, 0, 0, 1 },
			     .hop_limit = ND6_HOP_LIMIT };
	struct in6_addr tgt = A("2001:db8::1");
	size_t wl = unhex(ns_dad_hex, want, sizeof(want));
	int n;

	CASE_BEGIN("build_dad_ns_matches_scapy_bytes_and_checksum");
	o.src = A("::");
	ip6_solnode(&tgt, &o.dst);
	icmp[0] = ICMP6_TYPE_NEIGHBOR_SOLICIT;
	memcpy(icmp + 8, &tgt, 16);
	memcpy(icmp + 24, "\x0e\x01\x01\x02\x03\x04\x05\x06", 8);
	ip6_mc_mac(&o.dst, o.dmac);
	n = pkt_build_icmp6(got, sizeof(got), &o, icmp, sizeof(icmp));
	CHECK(n == (int)wl, "length %d, want %zu", n, wl);
	CHECK(n > 0 && !memcmp(got, want, wl), "bytes differ from scapy");
	CASE_END();

	CASE_BEGIN("build_into_small_buffer_is_enospc");
	CHECK(pkt_build_icmp6(got, 60, &o, icmp, sizeof(icmp)) == -ENOSPC, "no -ENOSPC");
	CASE_END();
}

static void test_build_mld_router_alert_matches_scapy(void)
{
	uint8_t want[256], got[256], icmp[28] = { MLD6_TYPE_V2_REPORT };
	struct pkt_out o = { .smac = { 2, 0, 0, 0, 0, 1 }, .hop_limit = MLD6_HOP_LIMIT,
			     .router_alert = true };
	struct in6_addr g = A("ff02::1:ff00:1");
	size_t wl = unhex(mld_hex, want, sizeof(want));
	int n;

	CASE_BEGIN("build_mld_report_with_router_alert_matches_scapy");
	o.src = A("fe80::ff:fe00:1");
	o.dst = ip6_all_mldv2;
	ip6_mc_mac(&o.dst, o.dmac);
	icmp[7] = 1;			/* one record */
	icmp[8] = MLD6_V2_REC_CHANGE_TO_EXCLUDE;
	memcpy(icmp + 12, &g, 16);
	n = pkt_build_icmp6(got, sizeof(got), &o, icmp, sizeof(icmp));
	CHECK(n == (int)wl, "length %d, want %zu", n, wl);
	CHECK(n > 0 && !memcmp(got, want, wl), "bytes differ from scapy");
	CASE_END();
}

static void test_parse(void)
{
	uint8_t f[256];
	size_t fl = unhex(frag_hex, f, sizeof(f)), i;
	struct pkt_info pi;
	struct in6_addr dst = A("2001:db8::1");

	CASE_BEGIN("parse_hbh_then_first_fragment_finds_icmpv6");
	CHECK(pkt_parse(f, fl, &pi) == 0, "parse failed");
	CHECK(pi.has_frag && pi.frag_offset == 0 && pi.frag_more, "fragment fields");
	CHECK(pi.frag_id == 0x1234, "frag id %x", pi.frag_id);
	CHECK(pi.l4_proto == IP6_NH_ICMPV6, "l4 proto %u", pi.l4_proto);
	CHECK(pi.l4_off == 14 + 40 + 8 + 8, "l4 off %zu", pi.l4_off);
	CHECK(pi.l4_len == 8 + 16, "l4 len %zu", pi.l4_len);
	CHECK(pi.nh_field_off == 14 + 40 + 8, "nh field at %zu", pi.nh_field_off);
	CHECK(!memcmp(&pi.dst, &dst, 16), "dst");
	CASE_END();

	CASE_BEGIN("parse_every_truncation_fails_cleanly");
	for (i = 0; i < fl; i++)
		CHECK(pkt_parse(f, i, &pi) == -EINVAL, "length %zu parsed", i);
	CASE_END();

	CASE_BEGIN("parse_128_destination_options_headers_rfc8200_4_1");
	{
		/* implementation6 case 8: 128 Destination Options headers, then an Echo Request;
		 * built here byte by byte */
		static uint8_t g[14 + 40 + 128 * 8 + 8];
		size_t o = 54;

		memset(g, 0, sizeof(g));
		g[12] = 0x86;
		g[13] = 0xdd;
		g[14] = 0x60;
		g[18] = (uint8_t)((sizeof(g) - 54) >> 8);
		g[19] = (uint8_t)(sizeof(g) - 54);
		g[20] = IP6_NH_DSTOPTS;
		for (i = 0; i < 128; i++, o += 8) {
			g[o] = i == 127 ? IP6_NH_ICMPV6 : IP6_NH_DSTOPTS;
			g[o + 2] = IP6_OPT_PADN;
			g[o + 3] = 4;
		}
		g[o] = ICMP6_TYPE_ECHO_REQUEST;
		CHECK(pkt_parse(g, sizeof(g), &pi) == 0, "refused");
		CHECK(pi.l4_proto == IP6_NH_ICMPV6 && pi.l4_off == o && pi.l4_len == 8,
		      "l4 %u at %zu", pi.l4_proto, pi.l4_off);
		CHECK(pi.nh_field_off == o - 8, "nh field at %zu", pi.nh_field_off);
		/* the last header cut short is still an overrun */
		g[18] = (uint8_t)((sizeof(g) - 54 - 12) >> 8);
		g[19] = (uint8_t)(sizeof(g) - 54 - 12);
		CHECK(pkt_parse(g, sizeof(g), &pi) == -EINVAL, "overrun accepted");
	}
	CASE_END();

	CASE_BEGIN("parse_router_alert_mld_detected");
	unhex(mld_hex, f, sizeof(f));
	CHECK(pkt_parse(f, 90, &pi) == 0 && pi.router_alert_mld, "router alert not seen");
	CHECK(pi.l4_proto == IP6_NH_ICMPV6 && pi.hop_limit == 1, "l4/hlim");
	/* RFC 2711: only Value 0 means MLD; 1 is RSVP, 256 is unassigned */
	CHECK(f[56] == IP6_OPT_ROUTER_ALERT && f[57] == 2 && f[58] == 0 && f[59] == 0,
	      "fixture: no router alert option at 56");
	f[59] = 1;
	CHECK(pkt_parse(f, 90, &pi) == 0 && !pi.router_alert_mld, "value 1 (RSVP) taken as MLD");
	f[58] = 1;
	f[59] = 0;
	CHECK(pkt_parse(f, 90, &pi) == 0 && !pi.router_alert_mld, "value 256 taken as MLD");
	CASE_END();
}

static void test_addresses(void)
{
	struct in6_addr a = A("2001:db8::1234:5678"), s, want = A("ff02::1:ff34:5678");
	uint8_t mac[6], iid[8], m[6] = { 0x02, 0, 0, 0, 0, 0x01 };
	uint8_t opts[16] = { 1, 1, 0, 0, 0, 0, 0, 0, 14, 0 };
	size_t off = 0, olen;
	uint8_t type;

	CASE_BEGIN("solicited_node_and_multicast_mac_rfc4291_rfc2464");
	ip6_solnode(&a, &s);
	CHECK(!memcmp(&s, &want, 16), "solicited-node wrong");
	CHECK(ip6_is_solnode(&s) && !ip6_is_solnode(&a), "is_solnode");
	ip6_mc_mac(&s, mac);
	CHECK(!memcmp(mac, "\x33\x33\xff\x34\x56\x78", 6), "mc mac wrong");
	CASE_END();

	CASE_BEGIN("eui64_flips_universal_local_bit");
	ip6_eui64_iid(m, iid);
	CHECK(!memcmp(iid, "\x00\x00\x00\xff\xfe\x00\x00\x01", 8), "iid wrong");
	CASE_END();

	CASE_BEGIN("address_classes_and_prefix_match");
	CHECK(ip6_is_linklocal(&(struct in6_addr){ { { 0xfe, 0xbf } } }), "febf:: is link-local");
	CHECK(!ip6_is_linklocal(&(struct in6_addr){ { { 0xfe, 0xc0 } } }), "fec0:: is not");
	CHECK(ip6_is_multicast(&ip6_all_nodes) && !ip6_is_multicast(&a), "multicast");
	CHECK(ip6_is_unspecified(&(struct in6_addr){ 0 }), "unspecified");
	CHECK(ip6_is_loopback(&(struct in6_addr){ { { [15] = 1 } } }), "loopback");
	CHECK(ip6_prefix_match(&a, &(struct in6_addr){ { { 0x20, 0x01, 0x0d, 0xb8 } } }, 32), "/32");
	CHECK(!ip6_prefix_match(&a, &(struct in6_addr){ { { 0x20, 0x01, 0x0d, 0xb9 } } }, 32), "/32 miss");
	CHECK(ip6_prefix_match(&a, &(struct in6_addr){ { { 0x20, 0x01, 0x0d, 0xb9 } } }, 31), "/31");
	CASE_END();

	CASE_BEGIN("nd_option_of_length_zero_is_invalid");
	CHECK(nd_opt_next(opts, sizeof(opts), &off, &type, &olen) == 1 && type == 1 && olen == 8,
	      "first option");
	CHECK(nd_opt_next(opts, sizeof(opts), &off, &type, &olen) == -EINVAL, "zero length accepted");
	off = 0;
	CHECK(nd_opt_next(opts, 7, &off, &type, &olen) == -EINVAL, "overrun accepted");
	CASE_END();
}

static void test_rand(void)
{
	uint64_t st = 42, st2 = 42;
	int i, ok = 1;

	CASE_BEGIN("random_delay_within_bounds_and_deterministic");
	for (i = 0; i < 10000; i++) {
		xdp6_ns d = xdp6_rand_delay(&st, XDP6_NS_PER_SEC);

		ok &= d <= XDP6_NS_PER_SEC;
		ok &= d == xdp6_rand_delay(&st2, XDP6_NS_PER_SEC);
	}
	CHECK(ok, "delay out of bounds or not reproducible");
	CASE_END();
}

int main(void)
{
	test_build_ns_matches_scapy();
	test_build_mld_router_alert_matches_scapy();
	test_parse();
	test_addresses();
	test_rand();
	return check_exit();
}
