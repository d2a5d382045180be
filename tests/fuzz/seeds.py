#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""Seed corpora of the daemon fuzz harnesses, built with scapy (run with /usr/bin/python3):
tests/fuzz/corpus/frame/ (fuzz_frame: cfg byte, mode byte, one frame) and
tests/fuzz/corpus/seq/ (fuzz_seq: cfg byte, mode byte, records; the format is described at the
top of tests/fuzz/fuzz_seq.c). The host's MAC and addresses are tests/fuzz/harness.c's.

    /usr/bin/python3 tests/fuzz/seeds.py [OUTDIR]     # default tests/fuzz/corpus

Every message the daemon handles is here, valid first (so that mutations start deep): Echo,
NS/NA incl. DAD, RS/RA with every option, MLDv1/v2 queries and reports, Redirect, every ICMPv6
error type, fragment trains (in order, reversed, overlapping...), extension-header chains,
UDP/TCP. Seeds that crash the current code do not belong here but in tests/fuzz/findings/."""
import os
import struct
import sys

from scapy.all import (Ether, Dot1Q, Dot1AD, IPv6, IP, ICMP, UDP, TCP, Raw,
                       IPv6ExtHdrHopByHop, IPv6ExtHdrDestOpt, IPv6ExtHdrRouting,
                       IPv6ExtHdrSegmentRouting, IPv6ExtHdrFragment, RouterAlert, PadN,
                       HBHOptUnknown, ICMPv6EchoRequest, ICMPv6EchoReply, ICMPv6ND_NS,
                       ICMPv6ND_NA, ICMPv6ND_RS, ICMPv6ND_RA, ICMPv6ND_Redirect,
                       ICMPv6NDOptSrcLLAddr, ICMPv6NDOptDstLLAddr, ICMPv6NDOptPrefixInfo,
                       ICMPv6NDOptMTU, ICMPv6NDOptRDNSS, ICMPv6NDOptDNSSL,
                       ICMPv6NDOptRouteInfo, ICMPv6NDOptRedirectedHdr, ICMPv6MLQuery,
                       ICMPv6MLQuery2, ICMPv6MLReport, ICMPv6MLReport2, ICMPv6MLDone,
                       ICMPv6MLDMultAddrRec, ICMPv6PacketTooBig, ICMPv6DestUnreach,
                       ICMPv6TimeExceeded, ICMPv6ParamProblem, ICMPv6Unknown, raw)

# tests/fuzz/harness.h / harness.c
MAC = "02:00:00:00:00:01"
PEER_MAC = "02:00:00:00:00:02"
ROUTER_MAC = "02:00:00:00:00:0a"
LL = "fe80::ff:fe00:1"              # EUI-64 link-local of MAC (RFC 4291 App. A)
A_PREF = "2001:db8::1"              # static, preferred
A_DEPR = "2001:db8::2"              # static, deprecated
A_TENT = "2001:db8::3"              # static, tentative (DAD running)
A_EUI = "2001:db8:5::ff:fe00:1"     # static, preferred, = SLAAC's address for 2001:db8:5::/64
ROUTER = "fe80::a"
PEER = "2001:db8::99"
PEER_LL = "fe80::99"

# cfg byte (FZ_CFG_*)
STABLE, TEMP, REJECT, ROUTERMODE, NO_RA, NO_ECHO_MC, MTU1280, LL_TENT = (1 << i for i in range(8))
# mode byte (FZ_MODE_*)
FIX_CSUM, FIX_PLEN, PRELUDE = 0x01, 0x02, 0x04
WIN_0, WIN_1S, WIN_30S, WIN_600S = 0x00, 0x08, 0x10, 0x18
DAD2, SERVE, TWICE = 0x20, 0x40, 0x80
FIX = FIX_CSUM | FIX_PLEN


def solnode(a):
    import ipaddress
    b = ipaddress.IPv6Address(a).packed
    return str(ipaddress.IPv6Address(bytes.fromhex("ff02" + "00" * 9 + "01ff") + b[13:]))


def mcmac(group):
    import ipaddress
    b = ipaddress.IPv6Address(group).packed
    return "33:33:" + ":".join("%02x" % x for x in b[12:])


def eth(dst, src_mac=PEER_MAC):
    dmac = mcmac(dst) if dst.startswith("ff") else MAC
    return Ether(src=src_mac, dst=dmac)


def ip(src, dst, hlim=64, **kw):
    return eth(dst, kw.pop("mac", PEER_MAC)) / IPv6(src=src, dst=dst, hlim=hlim, **kw)


def nd(src, dst, mac=PEER_MAC):
    return eth(dst, mac) / IPv6(src=src, dst=dst, hlim=255)


def mld(src, dst):
    return (eth(dst, ROUTER_MAC) / IPv6(src=src, dst=dst, hlim=1) /
            IPv6ExtHdrHopByHop(options=[RouterAlert(value=0)]))


def echo(src=PEER, dst=A_PREF, data=b"xdp6-fuzz-echo", **kw):
    return ip(src, dst, **kw) / ICMPv6EchoRequest(id=0x1234, seq=1, data=data)


def ra(opts, chlim=64, lifetime=1800, src=ROUTER, hlim=255, **kw):
    p = eth("ff02::1", ROUTER_MAC) / IPv6(src=src, dst="ff02::1", hlim=hlim) / \
        ICMPv6ND_RA(chlim=chlim, routerlifetime=lifetime, **kw)
    for o in opts:
        p = p / o
    return p


def pio(prefix, valid=86400, pref=14400, L=1, A=1, plen=64):
    return ICMPv6NDOptPrefixInfo(prefix=prefix, prefixlen=plen, L=L, A=A, validlifetime=valid,
                                 preferredlifetime=pref)


def quoted(src=A_PREF, dst=PEER):
    """An invoking packet of ours, as an error about it would quote it."""
    return IPv6(src=src, dst=dst, hlim=64) / ICMPv6EchoReply(id=1, seq=1, data=b"q" * 32)


def nonce(n=b"\x01\x02\x03\x04\x05\x06"):
    return Raw(bytes([14, 1]) + n)     # RFC 3971 §5.3.2 Nonce option, length 1


# ---- fuzz_frame seeds: (name, cfg, mode, frame) ----

def frame_seeds():
    s = []

    def add(name, pkt, cfg=0, mode=FIX | WIN_1S):
        s.append((name, cfg, mode, raw(pkt)))

    # Echo (RFC 4443 §4)
    add("echo", echo())
    add("echo_all_nodes", echo(dst="ff02::1"))
    add("echo_solnode", echo(dst=solnode(A_PREF)))
    add("echo_ll", echo(src=PEER_LL, dst=LL))
    add("echo_tentative", echo(dst=A_TENT))
    add("echo_deprecated", echo(dst=A_DEPR))
    add("echo_big", echo(data=b"B" * 1400))
    add("echo_vlan", Ether(src=PEER_MAC, dst=MAC) / Dot1Q(vlan=7) /
        IPv6(src=PEER, dst=A_PREF) / ICMPv6EchoRequest(id=7, seq=7, data=b"vlan"))
    add("echo_qinq", Ether(src=PEER_MAC, dst=MAC) / Dot1AD(vlan=8) /
        IPv6(src=PEER, dst=A_PREF) / ICMPv6EchoRequest(id=8, seq=8, data=b"qinq"))
    add("echo_ext_chain", ip(PEER, A_PREF) / IPv6ExtHdrHopByHop(options=[PadN(optdata=b"\0" * 4)]) /
        IPv6ExtHdrDestOpt(options=[PadN(optdata=b"\0" * 4)]) /
        IPv6ExtHdrRouting(type=0, segleft=0, addresses=[]) /
        IPv6ExtHdrDestOpt(options=[PadN(optdata=b"\0" * 4)]) /
        ICMPv6EchoRequest(id=2, seq=2, data=b"chain"))
    chain = ip(PEER, A_PREF)
    for _ in range(10):  # more than 8 extension headers (issue 9 item 17)
        chain = chain / IPv6ExtHdrDestOpt(options=[PadN(optdata=b"\0" * 4)])
    add("echo_10_destopts", chain / ICMPv6EchoRequest(id=3, seq=3, data=b"ten"))
    add("echo_prelude", echo(src="2001:db8::98"), mode=FIX | PRELUDE | WIN_30S)
    add("echo_twice", echo(), mode=FIX | WIN_1S | TWICE)
    add("echo_mtu1280", echo(data=b"M" * 1300), cfg=MTU1280)
    add("echo_no_mcast", echo(dst="ff02::1"), cfg=NO_ECHO_MC)
    add("echo_ll_tentative", echo(dst="ff02::1"), cfg=LL_TENT, mode=FIX | WIN_30S)

    # Neighbor Discovery (RFC 4861 §4.3, §4.4, §7; RFC 4862 §5.4)
    add("ns_nud", nd(PEER, solnode(A_PREF)) / ICMPv6ND_NS(tgt=A_PREF) /
        ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC))
    add("ns_unicast", nd(PEER, A_PREF) / ICMPv6ND_NS(tgt=A_PREF) /
        ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC))
    add("ns_dad_conflict", nd("::", solnode(A_TENT)) / ICMPv6ND_NS(tgt=A_TENT) / nonce(),
        mode=FIX | WIN_30S)
    add("ns_dad_for_preferred", nd("::", solnode(A_PREF)) / ICMPv6ND_NS(tgt=A_PREF))
    add("ns_tentative_unicast_src", nd(PEER, solnode(A_TENT)) / ICMPv6ND_NS(tgt=A_TENT) /
        ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC))
    add("ns_unknown_target", nd(PEER, solnode("2001:db8::77")) / ICMPv6ND_NS(tgt="2001:db8::77"))
    add("ns_ll", nd(PEER_LL, solnode(LL)) / ICMPv6ND_NS(tgt=LL) /
        ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC), cfg=LL_TENT, mode=FIX | WIN_30S)
    add("na_solicited", nd(PEER, A_PREF) / ICMPv6ND_NA(tgt=PEER, S=1, O=1, R=0) /
        ICMPv6NDOptDstLLAddr(lladdr=PEER_MAC), mode=FIX | PRELUDE | WIN_30S)
    add("na_dad_conflict", nd(PEER, "ff02::1") / ICMPv6ND_NA(tgt=A_TENT, S=0, O=1) /
        ICMPv6NDOptDstLLAddr(lladdr=PEER_MAC))
    add("na_claims_ours", nd(PEER, "ff02::1") / ICMPv6ND_NA(tgt=A_PREF, S=0, O=1) /
        ICMPv6NDOptDstLLAddr(lladdr=PEER_MAC))
    add("na_router_lost", nd(ROUTER, "ff02::1", ROUTER_MAC) / ICMPv6ND_NA(tgt=ROUTER, R=0, O=1) /
        ICMPv6NDOptDstLLAddr(lladdr=ROUTER_MAC), mode=FIX | PRELUDE | WIN_1S)
    add("rs", nd(PEER_LL, "ff02::2") / ICMPv6ND_RS() / ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC),
        cfg=ROUTERMODE)

    # Router Advertisements with every option (RFC 4861 §4.2, §4.6; RFC 8106; RFC 4191)
    full = [ICMPv6NDOptSrcLLAddr(lladdr=ROUTER_MAC), ICMPv6NDOptMTU(mtu=1400),
            pio("2001:db8:1::"), pio("2001:db8:2::", A=0), pio("2001:db8:3::", L=0),
            ICMPv6NDOptRDNSS(lifetime=600, dns=["2001:db8::53", "2001:db8::54"]),
            ICMPv6NDOptDNSSL(lifetime=600, searchlist=["example.com.", "test.org."]),
            ICMPv6NDOptRouteInfo(prefix="2001:db8:99::", plen=48, rtlifetime=600),
            Raw(bytes([200, 1, 0, 0, 0, 0, 0, 0]))]
    add("ra_full", ra(full, chlim=77, reachabletime=30000, retranstimer=2000, M=1, O=1),
        mode=FIX | WIN_30S)
    add("ra_full_600s", ra(full), mode=FIX | WIN_600S)
    add("ra_short_lifetimes", ra([pio("2001:db8:1::", valid=20, pref=10)], lifetime=15),
        mode=FIX | WIN_30S)
    add("ra_zero_lifetime", ra([ICMPv6NDOptSrcLLAddr(lladdr=ROUTER_MAC)], lifetime=0),
        mode=FIX | PRELUDE | WIN_1S)
    add("ra_temporary", ra([pio("2001:db8:1::")]), cfg=TEMP, mode=FIX | WIN_30S)
    add("ra_stable", ra([pio("2001:db8:1::")]), cfg=STABLE, mode=FIX | WIN_30S)
    add("ra_no_accept", ra([pio("2001:db8:1::")]), cfg=NO_RA)
    add("ra_mtu_1280", ra([ICMPv6NDOptMTU(mtu=1280)]), mode=FIX | WIN_1S)
    add("ra_bad_source", ra([pio("2001:db8:1::")], src=PEER))
    add("ra_bad_hlim", ra([pio("2001:db8:1::")], hlim=64))
    add("ra_many_rdnss", ra([ICMPv6NDOptRDNSS(lifetime=600, dns=["2001:db8::%x" % i
                                                                 for i in range(1, 13)])]))

    # MLD (RFC 2710, RFC 3810)
    add("mld_v1_query", mld(ROUTER, "ff02::1") / ICMPv6MLQuery(mrd=10000), mode=FIX | WIN_30S)
    add("mld_v2_query", mld(ROUTER, "ff02::1") / ICMPv6MLQuery2(mrd=10000), mode=FIX | WIN_30S)
    add("mld_v2_group_query", mld(ROUTER, solnode(A_PREF)) /
        ICMPv6MLQuery2(mladdr=solnode(A_PREF), mrd=1000), mode=FIX | WIN_30S)
    add("mld_v2_source_query", mld(ROUTER, solnode(A_PREF)) /
        ICMPv6MLQuery2(mladdr=solnode(A_PREF), mrd=1000, sources=[PEER, "2001:db8::98"]),
        mode=FIX | WIN_30S)
    add("mld_v1_report_other", mld(PEER_LL, solnode(A_PREF)) /
        ICMPv6MLReport(mladdr=solnode(A_PREF)), mode=FIX | WIN_30S)
    add("mld_v1_done", mld(PEER_LL, "ff02::2") / ICMPv6MLDone(mladdr=solnode(A_PREF)))
    add("mld_v2_report_other", mld(PEER_LL, "ff02::16") /
        ICMPv6MLReport2(records=[ICMPv6MLDMultAddrRec(dst=solnode(A_PREF), rtype=4)]))
    add("mld_query_ll_tentative", mld(ROUTER, "ff02::1") / ICMPv6MLQuery2(mrd=1000),
        cfg=LL_TENT, mode=FIX | WIN_30S)

    # Redirect (RFC 4861 §4.5)
    add("redirect", nd(ROUTER, A_PREF, ROUTER_MAC) /
        ICMPv6ND_Redirect(tgt="fe80::b", dst="2001:db8:77::1") /
        ICMPv6NDOptDstLLAddr(lladdr="02:00:00:00:00:0b") /
        ICMPv6NDOptRedirectedHdr(pkt=raw(quoted(dst="2001:db8:77::1"))[:40]),
        mode=FIX | PRELUDE | WIN_1S)

    # ICMPv6 errors received (RFC 4443 §3, RFC 8201)
    add("err_ptb_1280", ip(PEER, A_PREF) / ICMPv6PacketTooBig(mtu=1280) / quoted(),
        mode=FIX | WIN_1S)
    add("err_ptb_1400", ip(PEER, A_PREF) / ICMPv6PacketTooBig(mtu=1400) / quoted())
    add("err_ptb_small", ip(PEER, A_PREF) / ICMPv6PacketTooBig(mtu=1000) / quoted())
    add("err_ptb_not_ours", ip(PEER, A_PREF) / ICMPv6PacketTooBig(mtu=1280) /
        quoted(src="2001:db8::77"))
    for code in range(7):
        add("err_unreach_%d" % code, ip(PEER, A_PREF) / ICMPv6DestUnreach(code=code) / quoted())
    for code in range(2):
        add("err_time_exceeded_%d" % code, ip(PEER, A_PREF) / ICMPv6TimeExceeded(code=code) /
            quoted())
    for code in range(4):
        add("err_param_problem_%d" % code, ip(PEER, A_PREF) /
            ICMPv6ParamProblem(code=code, ptr=6) / quoted())
    add("err_unknown_type", ip(PEER, A_PREF) / ICMPv6Unknown(type=100, code=0, msgbody=b"\0" * 4)
        / quoted())
    add("err_no_quote", ip(PEER, A_PREF) / ICMPv6DestUnreach(code=4))

    # Extension headers and options (RFC 8200 §4)
    for t, name in ((0x1e, "skip"), (0x5e, "discard"), (0x9e, "icmp"), (0xde, "icmp_uc")):
        add("destopt_unknown_" + name, ip(PEER, A_PREF) /
            IPv6ExtHdrDestOpt(options=[HBHOptUnknown(otype=t, optdata=b"\0\0\0\0")]) /
            ICMPv6EchoRequest(), cfg=REJECT)
    add("destopt_unknown_icmp_mcast", ip(PEER, "ff02::1") /
        IPv6ExtHdrDestOpt(options=[HBHOptUnknown(otype=0x9e, optdata=b"\0\0\0\0")]) /
        ICMPv6EchoRequest())
    add("rh0", ip(PEER, A_PREF) / IPv6ExtHdrRouting(type=0, segleft=1, addresses=[PEER]) /
        ICMPv6EchoRequest())
    add("srh", ip(PEER, A_PREF) / IPv6ExtHdrSegmentRouting(addresses=[A_PREF], segleft=0) /
        ICMPv6EchoRequest())
    add("hbh_not_first", ip(PEER, A_PREF) / IPv6ExtHdrDestOpt() / IPv6ExtHdrHopByHop() /
        ICMPv6EchoRequest())
    add("no_next_header", ip(PEER, A_PREF, nh=59) / Raw(b"\0" * 8), cfg=REJECT)
    add("bad_option_len", ip(PEER, A_PREF) / IPv6ExtHdrDestOpt(options=[
        HBHOptUnknown(otype=0x1e, optlen=200, optdata=b"\0\0\0\0")]) / ICMPv6EchoRequest(),
        cfg=REJECT)

    # Fragments as single frames (RFC 8200 §4.5, RFC 6946, RFC 6980, RFC 7112)
    add("frag_first", ip(PEER, A_PREF) / IPv6ExtHdrFragment(id=1, m=1, offset=0) /
        Raw(raw(ICMPv6EchoRequest(data=b"F" * 64))[:32]))
    add("frag_last", ip(PEER, A_PREF) / IPv6ExtHdrFragment(id=1, m=0, offset=4, nh=58) /
        Raw(b"L" * 40))
    add("frag_atomic", ip(PEER, A_PREF) / IPv6ExtHdrFragment(id=2, m=0, offset=0) /
        ICMPv6EchoRequest(data=b"atomic"))
    add("frag_ns", nd(PEER, solnode(A_PREF)) / IPv6ExtHdrFragment(id=3, m=0, offset=0) /
        ICMPv6ND_NS(tgt=A_PREF))
    add("frag_no_upper", ip(PEER, A_PREF) / IPv6ExtHdrFragment(id=4, m=1, offset=0) /
        IPv6ExtHdrDestOpt(options=[PadN(optdata=b"\0" * 12)]), cfg=REJECT)

    # Upper layers (RFC 4443 §3.1, RFC 8200 §4)
    add("udp_served", ip(PEER, A_PREF) / UDP(sport=5353, dport=53) / Raw(b"q"), cfg=REJECT,
        mode=FIX | WIN_1S | SERVE)
    add("udp_unserved", ip(PEER, A_PREF) / UDP(sport=5353, dport=9999) / Raw(b"q" * 1400),
        cfg=REJECT)
    add("udp_unserved_mcast", ip(PEER, "ff02::1") / UDP(sport=5353, dport=9999), cfg=REJECT)
    add("tcp_syn", ip(PEER, A_PREF) / TCP(dport=80, flags="S"), cfg=REJECT)
    add("unknown_nh", ip(PEER, A_PREF, nh=253) / Raw(b"\0" * 16), cfg=REJECT)
    add("udp_big_reject_1280", ip(PEER, A_PREF) / UDP(dport=9999) / Raw(b"q" * 1200),
        cfg=REJECT | MTU1280)

    # Not for us / malformed
    add("ipv4", Ether(src=PEER_MAC, dst=MAC) / IP(dst="192.0.2.1") / ICMP())
    add("ipv6_truncated", Raw(raw(echo())[:30]))
    add("other_mac", Ether(src=PEER_MAC, dst="02:00:00:00:00:77") / IPv6(src=PEER, dst=A_PREF) /
        UDP(dport=9999), cfg=REJECT)
    add("plen_too_big", Raw(raw(echo())), mode=WIN_1S)  # no FIX: scapy's plen stays right
    return s


# ---- fuzz_seq seeds ----

def rec_frame(pkt, fix=FIX_CSUM | FIX_PLEN):
    b = raw(pkt)
    return struct.pack("<BH", 0 | fix << 3, len(b)) + b


UNITS = {"ms": 0, "10ms": 1, "100ms": 2, "s": 3, "10s": 4, "min": 5, "h": 6, "day": 7}


def rec_time(value, unit="s", jump=False):
    return struct.pack("<BH", 1 | (UNITS[unit] | (8 if jump else 0)) << 3, value)


def rec_deadlines(n):
    return struct.pack("<BH", 1 | 16 << 3, n)


ORD = {"in": 0, "reversed": 1, "last_first": 2, "shuffled": 3, "overlap": 4, "dup": 5,
       "no_last": 6, "no_first": 7}
ALL_EXT_FIRST, STRIP_LATER, M_ON_LAST, GAP, ATOMIC = 1, 2, 4, 8, 16


def rec_frag(pkt, order="in", flags=0, size8=64, ident=0x1000, pad=0, fix=FIX_CSUM):
    b = raw(pkt)
    return struct.pack("<BBBHIIH", 2 | fix << 3, ORD[order], flags, size8, ident, pad,
                       len(b)) + b


def rec_flood(count, offset, width=2, gap_ms=0, fix=FIX_CSUM):
    return struct.pack("<BHHBB", 3 | fix << 3, count, offset, width - 1, gap_ms)


ADMIN_ADD, ADMIN_DEL, ADMIN_SERVE, ADMIN_UNSERVE = range(4)   # fz_admin() actions
ADMIN_IDX = {"ll": 0, "fe80::1": 1, A_PREF: 2, A_DEPR: 3, A_TENT: 4, A_EUI: 5, "2001:db8::10": 6,
             "2001:db8:1::ff:fe00:1": 7}


def rec_admin(action, what):
    """xdp6ctl addr add/del of one of harness.c's fz_admin() addresses, or serve add/del of
    (UDP if even else TCP, port = index >> 1)."""
    idx = ADMIN_IDX[what] if isinstance(what, str) else what
    return struct.pack("<BBB", 4, action, idx)


def src_off(vlan=False):
    """Offset of the last two bytes of the IPv6 source address in a frame."""
    return 14 + (4 if vlan else 0) + 8 + 14


def seq_seeds():
    s = []

    def add(name, recs, cfg=0, mode=0):
        s.append((name, cfg, mode, b"".join(recs)))

    # DAD (RFC 4862 §5.4): a conflict by NS and by NA, a pass, a looped probe
    add("dad_conflict_ns", [rec_deadlines(1), rec_frame(nd("::", solnode(A_TENT)) /
                                                        ICMPv6ND_NS(tgt=A_TENT) / nonce()),
                            rec_deadlines(4)])
    add("dad_conflict_na", [rec_time(300, "ms"), rec_frame(nd(PEER, "ff02::1") /
                                                          ICMPv6ND_NA(tgt=A_TENT, O=1) /
                                                          ICMPv6NDOptDstLLAddr(lladdr=PEER_MAC))])
    add("dad_pass_then_echo", [rec_deadlines(8), rec_frame(echo(dst=A_TENT)), rec_time(1)],
        mode=DAD2)
    add("ll_dad_then_mld", [rec_deadlines(12), rec_time(3)], cfg=LL_TENT)
    add("ll_dad_conflict_stable", [rec_time(200, "ms"),
                                   rec_frame(nd(PEER, "ff02::1") / ICMPv6ND_NA(tgt=LL, O=1)),
                                   rec_deadlines(10)], cfg=LL_TENT)

    # Router discovery and SLAAC (RFC 4861 §6.3, RFC 4862 §5.5, RFC 8981)
    add("ra_slaac_lifetimes", [rec_frame(ra([pio("2001:db8:1::", valid=30, pref=10)])),
                               rec_time(5), rec_time(6), rec_time(25), rec_time(5)])
    add("ra_slaac_renew", [rec_frame(ra([pio("2001:db8:1::", valid=3600, pref=60)])),
                           rec_time(70),
                           rec_frame(ra([pio("2001:db8:1::", valid=3600, pref=600)])),
                           rec_time(1, "h", jump=True)])
    add("ra_temporary_days", [rec_frame(ra([pio("2001:db8:1::")])), rec_time(3),
                              rec_time(1, "day", jump=True), rec_time(2, "day")], cfg=TEMP)
    add("ra_stable_dad_conflict", [rec_frame(ra([pio("2001:db8:1::")])), rec_time(300, "ms"),
                                   rec_deadlines(6)], cfg=STABLE)
    add("ra_router_expires", [rec_frame(ra([ICMPv6NDOptSrcLLAddr(lladdr=ROUTER_MAC)],
                                           lifetime=5)), rec_time(6), rec_time(10, "min")])
    add("ra_mtu_then_big_echo", [rec_frame(ra([ICMPv6NDOptMTU(mtu=1280)])),
                                 rec_frag(echo(data=b"R" * 2000), size8=150)])
    p = ra([pio("2001:db8:100::")])
    add("ra_flood_prefixes", [rec_frame(p), rec_flood(40, len(raw(p)) - 16 + 4, 2)])
    p = ra([ICMPv6NDOptSrcLLAddr(lladdr=ROUTER_MAC)])
    add("ra_flood_routers", [rec_frame(p), rec_flood(30, src_off(), 2, gap_ms=1)])
    p = ra([ICMPv6NDOptRDNSS(lifetime=600, dns=["2001:db8::100"])])
    add("ra_flood_dns", [rec_frame(p), rec_flood(30, len(raw(p)) - 2, 2)])

    # Neighbor cache (RFC 4861 §7.3): floods, probes, failure
    p = echo(src="2001:db8::1:0")
    add("echo_flood_sources", [rec_frame(p), rec_flood(300, src_off(), 2)])
    p = nd("2001:db8::2:0", solnode(A_PREF)) / ICMPv6ND_NS(tgt=A_PREF) / \
        ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC)
    add("ns_flood_sources", [rec_frame(p), rec_flood(300, src_off(), 2, gap_ms=1)])
    add("nud_probe_fail", [rec_frame(nd(PEER, solnode(A_PREF)) / ICMPv6ND_NS(tgt=A_PREF) /
                                     ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC)),
                           rec_frame(echo()), rec_time(6), rec_time(2), rec_time(5)])
    add("nud_reachable", [rec_frame(echo()), rec_time(500, "ms"),
                          rec_frame(nd(PEER, A_PREF) / ICMPv6ND_NA(tgt=PEER, S=1, O=1) /
                                    ICMPv6NDOptDstLLAddr(lladdr=PEER_MAC)),
                          rec_time(40), rec_frame(echo()), rec_time(10)])

    # MLD (RFC 3810 §6, §8; RFC 2710 §4)
    q2 = mld(ROUTER, "ff02::1") / ICMPv6MLQuery2(mrd=10000)
    add("mld_query_flood", [rec_frame(q2), rec_flood(50, 0, 1, gap_ms=10), rec_time(11)])
    add("mld_v1_then_v2", [rec_frame(mld(ROUTER, "ff02::1") / ICMPv6MLQuery(mrd=5000)),
                           rec_time(6),
                           rec_frame(mld(PEER_LL, solnode(A_PREF)) /
                                     ICMPv6MLReport(mladdr=solnode(A_PREF))),
                           rec_time(5, "min"), rec_frame(q2), rec_time(11)])
    add("mld_source_query", [rec_frame(mld(ROUTER, solnode(A_PREF)) /
                                       ICMPv6MLQuery2(mladdr=solnode(A_PREF), mrd=2000,
                                                      sources=[PEER])), rec_time(3)])

    # ICMPv6 errors and PMTU (RFC 4443, RFC 8201)
    add("ptb_then_big_echo", [rec_frame(ip(PEER, A_PREF) / ICMPv6PacketTooBig(mtu=1280) /
                                        quoted()),
                              rec_frag(echo(data=b"P" * 3000), size8=150),
                              rec_time(11, "min")])
    add("ptb_flood", [rec_frame(ip(PEER, A_PREF) / ICMPv6PacketTooBig(mtu=1300) /
                                quoted(dst="2001:db8:9::1")),
                      rec_flood(300, 14 + 40 + 8 + 24 + 14, 2)])
    add("unserved_flood", [rec_frame(ip("2001:db8::4:0", A_PREF) / UDP(dport=9) / Raw(b"u")),
                           rec_flood(100, src_off(), 2)], cfg=REJECT)

    # Reassembly (RFC 8200 §4.5, RFC 5722, RFC 6946, RFC 7112)
    big = echo(data=bytes(range(256)) * 12)
    for order in ORD:
        add("frag_echo_" + order, [rec_frag(big, order=order, size8=100, ident=0x100),
                                   rec_time(61)])
    add("frag_echo_gap", [rec_frag(big, flags=GAP, size8=40)])
    add("frag_echo_m_on_last", [rec_frag(big, flags=M_ON_LAST), rec_time(61)])
    add("frag_atomic", [rec_frag(echo(), flags=ATOMIC)])
    add("frag_udp_unserved", [rec_frag(ip(PEER, A_PREF) / UDP(dport=9) / Raw(b"U" * 3000),
                                       size8=100)], cfg=REJECT)
    add("frag_hbh_unfragmentable", [rec_frag(ip(PEER, A_PREF) / IPv6ExtHdrHopByHop() /
                                             IPv6ExtHdrDestOpt() / ICMPv6EchoRequest(
                                                 data=b"H" * 2000), size8=100)])
    dst1 = ip(PEER, A_PREF) / IPv6ExtHdrDestOpt(options=[PadN(optdata=b"\0" * 4)]) / \
        ICMPv6EchoRequest(id=9, seq=9)
    add("frag_destopts_strip_later", [rec_frag(dst1, flags=ALL_EXT_FIRST | STRIP_LATER,
                                               size8=181, pad=6000)])
    # close to issue 9 item 1 (65535 octets of data after a first fragment with Destination
    # Options, later ones without), but below the size where the checks disagree
    add("frag_destopts_large", [rec_frag(dst1, flags=ALL_EXT_FIRST | STRIP_LATER, size8=181,
                                         pad=65000)])
    add("frag_large_reply", [rec_frag(echo(), size8=181, pad=60000)])
    add("frag_over_65535", [rec_frag(echo(), size8=181, pad=65600)])
    add("frag_no_upper_first", [rec_frag(ip(PEER, A_PREF) /
                                         IPv6ExtHdrDestOpt(options=[PadN(optdata=b"\0" * 20)]) /
                                         UDP(dport=9) / Raw(b"z" * 64), size8=1),
                                rec_frag(ip(PEER, A_PREF) / UDP(dport=9) / Raw(b"z" * 64),
                                         size8=4)], cfg=REJECT)
    add("frag_ns", [rec_frag(nd(PEER, solnode(A_PREF)) / ICMPv6ND_NS(tgt=A_PREF) /
                             Raw(b"\0" * 64), size8=4)])
    p = ip("2001:db8::3:0", A_PREF) / IPv6ExtHdrFragment(id=5, m=1) / \
        Raw(raw(ICMPv6EchoRequest(data=b"f" * 64))[:64])
    add("frag_flood_datagrams", [rec_frame(p, fix=0), rec_flood(200, src_off(), 2, fix=0),
                                 rec_time(61)])

    # the control plane meanwhile (xdp6ctl addr add/del, serve add/del)
    q2 = mld(ROUTER, "ff02::1") / ICMPv6MLQuery2(mrd=500)
    add("admin_ll_readded_during_query", [rec_deadlines(6), rec_admin(ADMIN_DEL, "ll"),
                                          rec_admin(ADMIN_ADD, "ll"), rec_frame(q2), rec_time(6)])
    add("admin_add_then_dad_conflict", [rec_admin(ADMIN_ADD, "2001:db8::10"), rec_time(300, "ms"),
                                        rec_frame(nd("::", solnode("2001:db8::10")) /
                                                  ICMPv6ND_NS(tgt="2001:db8::10")),
                                        rec_deadlines(4)])
    add("admin_del_then_echo", [rec_admin(ADMIN_DEL, A_PREF), rec_frame(echo()), rec_time(1),
                                rec_admin(ADMIN_ADD, A_PREF), rec_deadlines(4), rec_frame(echo())])
    add("admin_slaac_address_by_hand", [rec_frame(ra([pio("2001:db8:1::", valid=30, pref=10)])),
                                        rec_time(3), rec_admin(ADMIN_ADD, "2001:db8:1::ff:fe00:1"),
                                        rec_time(12), rec_admin(ADMIN_DEL, "2001:db8:1::ff:fe00:1"),
                                        rec_time(30)])
    add("admin_serve_unserve", [rec_admin(ADMIN_SERVE, 9 << 1),
                                rec_frame(ip(PEER, A_PREF) / UDP(dport=9) / Raw(b"s")),
                                rec_admin(ADMIN_UNSERVE, 9 << 1),
                                rec_frame(ip(PEER, A_PREF) / UDP(dport=9) / Raw(b"s"))],
        cfg=REJECT)

    # prelude state, then a mix
    add("prelude_mix", [rec_frame(echo(src="2001:db8::98")), rec_time(6),
                        rec_frame(ra([pio("2001:db8:1::", valid=0, pref=0)])), rec_time(3),
                        rec_frame(mld(ROUTER, "ff02::1") / ICMPv6MLQuery2(mrd=1000)),
                        rec_time(2)], mode=PRELUDE)
    return s


def write(outdir, name, cfg, mode, body):
    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(outdir, name), "wb") as f:
        f.write(bytes([cfg, mode]) + body)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "corpus")
    n = 0
    for name, cfg, mode, body in frame_seeds():
        write(os.path.join(out, "frame"), name, cfg, mode, body)
        n += 1
    for name, cfg, mode, body in seq_seeds():
        write(os.path.join(out, "seq"), name, cfg, mode, body)
        n += 1
    print("%d seeds under %s" % (n, out))


if __name__ == "__main__":
    main()
