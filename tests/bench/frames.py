#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Bench input frames, built by scapy (independent of the code under test) and written as hex:
# Echo Request (RFC 4443 §4.1), NS with SLLA and DAD probe NS with RFC 7527 nonce
# (RFC 4861 §4.3, RFC 4862 §5.4.2), unsolicited NA (RFC 4861 §4.4), UDP, IPv4, and an NS with a
# bad hop limit (RFC 4861 §7.1.1). Usage: frames.py OUTDIR  (addresses/MACs: see run.sh)
import os
import sys
from socket import AF_INET6, inet_ntop, inet_pton

from scapy.layers.inet import IP, UDP
from scapy.layers.inet6 import (IPv6, ICMPv6EchoRequest, ICMPv6ND_NA, ICMPv6ND_NS,
                                ICMPv6NDOptDstLLAddr, ICMPv6NDOptSrcLLAddr)
from scapy.layers.l2 import Ether
from scapy.packet import Raw
from scapy.utils6 import in6_getnsma, in6_getnsmac

DUT_MAC = os.environ.get("DUT_MAC", "02:b6:00:00:00:01")
PEER_MAC = os.environ.get("PEER_MAC", "02:b6:00:00:00:02")
DUT = os.environ.get("DUT_ADDR", "2001:db8::1")
GEN = os.environ.get("GEN_ADDR", "2001:db8::b1")
SOLNODE = inet_ntop(AF_INET6, in6_getnsma(inet_pton(AF_INET6, DUT)))  # RFC 4291 §2.7.1
SOLNODE_MAC = in6_getnsmac(inet_pton(AF_INET6, SOLNODE))                # RFC 2464 §7
ALL_NODES_MAC = "33:33:00:00:00:01"
ND_HOP_LIMIT = 255           # RFC 4861 §7.1.1
BAD_HOP_LIMIT = 64           # anything else makes an ND message invalid
ECHO_HOP_LIMIT = 64
ND_OPT_NONCE = 14            # RFC 3971 §5.3.2, used by RFC 7527
NONCE = bytes([ND_OPT_NONCE, 1]) + bytes.fromhex("b6b6b6b6b601")  # one 8-octet unit
PROXIED = "2001:db8:5::1234"  # inside the first prefix micro.c proxies (NDP proxy, issue 13)
PX_SOLNODE = inet_ntop(AF_INET6, in6_getnsma(inet_pton(AF_INET6, PROXIED)))
PX_SOLNODE_MAC = in6_getnsmac(inet_pton(AF_INET6, PX_SOLNODE))

frames = {
    "echo": Ether(dst=DUT_MAC, src=PEER_MAC) / IPv6(src=GEN, dst=DUT, hlim=ECHO_HOP_LIMIT) /
    ICMPv6EchoRequest(id=0xb6b6, seq=1, data=bytes(range(56))),
    "ns": Ether(dst=SOLNODE_MAC, src=PEER_MAC) / IPv6(src=GEN, dst=SOLNODE, hlim=ND_HOP_LIMIT) /
    ICMPv6ND_NS(tgt=DUT) / ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC),
    "dad": Ether(dst=SOLNODE_MAC, src=PEER_MAC) / IPv6(src="::", dst=SOLNODE, hlim=ND_HOP_LIMIT) /
    ICMPv6ND_NS(tgt=DUT) / Raw(NONCE),
    "na": Ether(dst=ALL_NODES_MAC, src=PEER_MAC) / IPv6(src=GEN, dst="ff02::1", hlim=ND_HOP_LIMIT) /
    ICMPv6ND_NA(tgt=GEN, R=0, S=0, O=1) / ICMPv6NDOptDstLLAddr(lladdr=PEER_MAC),
    "udp": Ether(dst=DUT_MAC, src=PEER_MAC) / IPv6(src=GEN, dst=DUT, hlim=ECHO_HOP_LIMIT) /
    UDP(sport=40000, dport=9) / Raw(bytes(32)),
    "ipv4": Ether(dst=DUT_MAC, src=PEER_MAC) / IP(src="192.0.2.2", dst="192.0.2.1") /
    UDP(sport=40000, dport=9) / Raw(bytes(32)),
    "nsproxy": Ether(dst=PX_SOLNODE_MAC, src=PEER_MAC) /
    IPv6(src=GEN, dst=PX_SOLNODE, hlim=ND_HOP_LIMIT) / ICMPv6ND_NS(tgt=PROXIED) /
    ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC),
    "badhl": Ether(dst=SOLNODE_MAC, src=PEER_MAC) / IPv6(src=GEN, dst=SOLNODE, hlim=BAD_HOP_LIMIT) /
    ICMPv6ND_NS(tgt=DUT) / ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC),
}

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for name, pkt in frames.items():
    raw = bytes(pkt)
    with open(os.path.join(out, name + ".hex"), "w") as f:
        f.write(raw.hex() + "\n")
print("frames: " + " ".join("%s(%d)" % (n, len(bytes(p))) for n, p in frames.items()))
