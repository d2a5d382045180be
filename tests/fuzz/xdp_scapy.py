#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Checks the checker: scapy re-judges a sample of the fast path's replies that fuzz-xdp wrote
# (PREFIX.pcap: request, reply, request, reply ...; PREFIX.jsonl: per pair the interface MAC,
# echo hop limit, router flag, our assigned addresses, what the C checker took the request for
# and which properties it found broken). scapy parses both frames itself, recomputes the
# checksum (in6_chksum) and judges the reply's fields (RFC 4443 §4.2, RFC 4861 §7.2.4); every
# pair where its verdict differs from the C checker's is a bug in one of the two.
#   usage: xdp_scapy.py PREFIX        prints PASS/FAIL/SKIP xdp-scapy-agrees
import json
import socket
import sys

from scapy.all import Ether, IPv6, Padding, rdpcap
from scapy.layers.inet6 import (ICMPv6EchoRequest, ICMPv6ND_NS, ICMPv6NDOptSrcLLAddr,
                                in6_chksum)

ALL_NODES_MAC = "33:33:00:00:00:01"
# Properties both checkers judge; scapy judges the field ones only for requests the C checker
# found valid (an invalid request must not be answered at all: that is the C checker's alone).
ALWAYS = {"reply-from-interface-mac", "reply-checksum-valid", "reply-length-consistent"}
ECHO = {"echo-reply-code-0", "echo-reply-body-unchanged", "echo-reply-addresses",
        "echo-reply-hop-limit", "reply-link-layer"}
NA = {"na-flags", "na-target-and-tlla", "na-addresses", "reply-link-layer"}


def a6(s):
    return socket.inet_pton(socket.AF_INET6, s)


def l3_offset(raw, pkt):
    return len(raw) - len(bytes(pkt[IPv6]))


def l4(pkt, layer):
    """The upper-layer message's bytes without Ethernet padding."""
    b = bytes(pkt[layer])
    pad = pkt[Padding].load if Padding in pkt else b""
    return b[:len(b) - len(pad)]


def message(raw, pkt, layer):
    """The request's ICMPv6 message as `layer`: scapy's dissection, or, past the extension
    headers scapy leaves undissected (Routing types 2 and 4 with odd lengths), the bytes
    after a plain RFC 8200 §4 walk, dissected as `layer`."""
    if layer in pkt:
        return l4(pkt, layer), pkt[layer]
    l3 = l3_offset(raw, pkt)
    end = l3 + 40 + pkt[IPv6].plen
    nh, off = pkt[IPv6].nh, l3 + 40
    while nh in (0, 43, 60, 44) and off + 8 <= end:
        nh, off = raw[off], off + (8 if nh == 44 else (raw[off + 1] + 1) * 8)
    if nh != 58 or off + 4 > end:
        return None, None
    return raw[off:end], layer(raw[off:end])


def judge(req_b, rep_b, meta):
    bad = set()
    req, rep = Ether(req_b), Ether(rep_b)
    kind, valid = meta["kind"], meta["valid"]
    own = {a6(a) for a in meta["own"]}
    if rep.src != meta["mac"]:
        bad.add("reply-from-interface-mac")
    if IPv6 not in rep:
        return bad | {"reply-length-consistent"}, kind
    ip = rep[IPv6]
    l3 = l3_offset(rep_b, rep)
    if ip.version != 6 or ip.nh != 58 or len(rep_b) - l3 - 40 != ip.plen:
        bad.add("reply-length-consistent")
        return bad, kind
    icmp = rep_b[l3 + 40:]
    if len(icmp) < 4:
        return bad | {"reply-length-consistent"}, kind
    if in6_chksum(58, ip, icmp) != 0:      # the sum over a right checksum is zero
        bad.add("reply-checksum-valid")
    # the same tags, in the same place
    if IPv6 in req and req_b[12:l3_offset(req_b, req)] != rep_b[12:l3]:
        bad.add("reply-link-layer")
    if not valid:
        return bad, kind
    if kind == "echo":
        q, _ = message(req_b, req, ICMPv6EchoRequest)
        if q is None or q[0] != 128:
            return bad | {"scapy-sees-no-echo-request"}, kind
        if icmp[0] != 129 or icmp[1] != 0:
            bad.add("echo-reply-code-0")
        if icmp[4:] != q[4:]:
            bad.add("echo-reply-body-unchanged")
        rq = req[IPv6]
        src_ok = (a6(ip.src) in own) if a6(rq.dst)[0] == 0xff else (ip.src == rq.dst)
        if a6(ip.dst) != a6(rq.src) or not src_ok:
            bad.add("echo-reply-addresses")
        if ip.hlim != meta["hop"]:
            bad.add("echo-reply-hop-limit")
        if rep.dst != req.src:
            bad.add("reply-link-layer")
    elif kind == "ns":
        _, ns = message(req_b, req, ICMPv6ND_NS)
        if ns is None or ns.type != 135:
            return bad | {"scapy-sees-no-ns"}, kind
        dad = a6(req[IPv6].src) == bytes(16)
        if icmp[0] != 136 or icmp[1] != 0 or len(icmp) < 24:
            return bad | {"na-target-and-tlla"}, kind
        r, s, o = icmp[4] >> 7 & 1, icmp[4] >> 6 & 1, icmp[4] >> 5 & 1
        if (r != meta["router"] or s != (not dad) or o != 1 or icmp[4] & 0x1f or
                any(icmp[5:8])):
            bad.add("na-flags")
        if icmp[8:24] != a6(ns.tgt):
            bad.add("na-target-and-tlla")
        opts = icmp[24:]
        want_opt = bytes([2, 1]) + bytes.fromhex(meta["mac"].replace(":", ""))
        if opts != want_opt:
            bad.add("na-target-and-tlla")
        if (a6(ip.dst) != (a6("ff02::1") if dad else a6(req[IPv6].src)) or
                a6(ip.src) not in own or ip.hlim != 255):
            bad.add("na-addresses")
        slla = ns[ICMPv6NDOptSrcLLAddr].lladdr if ICMPv6NDOptSrcLLAddr in ns else None
        want = ALL_NODES_MAC if dad else slla or req.src
        if rep.dst != want:
            bad.add("reply-link-layer")
    return bad, kind


def corrupt(rep_b, at, mask):
    b = bytearray(rep_b)
    b[at] ^= mask
    return bytes(b)


def selftest(req_b, rep_b, meta):
    """scapy's judge must notice a corrupted reply too (else it could not disagree):
    the checksum, the Ethernet source, and the code or the NA flags. Returns what it missed."""
    rep = Ether(rep_b)
    icmp = len(rep_b) - len(bytes(rep[IPv6])) + 40
    cases = [(icmp + 2, 0x01, "reply-checksum-valid"), (11, 0x01, "reply-from-interface-mac")]
    if meta["valid"] and meta["kind"] == "echo":
        cases.append((icmp + 1, 0x01, "echo-reply-code-0"))
    if meta["valid"] and meta["kind"] == "ns":
        cases.append((icmp + 4, 0x40, "na-flags"))
    return [want for at, mask, want in cases
            if want not in judge(req_b, corrupt(rep_b, at, mask), meta)[0]]


def main():
    prefix = sys.argv[1]
    try:
        pkts = rdpcap(prefix + ".pcap")
        metas = [json.loads(line) for line in open(prefix + ".jsonl")]
    except (OSError, ValueError) as e:
        print(f"FAIL xdp-scapy-agrees: cannot read the sample {prefix}: {e}")
        return 1
    if not metas:
        print("SKIP xdp-scapy-agrees: no replies sampled")
        return 0
    if len(pkts) != 2 * len(metas):
        print(f"FAIL xdp-scapy-agrees: {len(pkts)} frames for {len(metas)} pairs")
        return 1
    disagree, kinds, found, missed, tried = [], {}, 0, [], 0
    for i, meta in enumerate(metas):
        bad, kind = judge(bytes(pkts[2 * i]), bytes(pkts[2 * i + 1]), meta)
        kinds[kind] = kinds.get(kind, 0) + 1
        judged = set(ALWAYS)
        if meta["valid"]:
            judged |= ECHO if kind == "echo" else NA if kind == "ns" else set()
        c = set(meta["c"]) & judged
        found += bool(bad)
        if bad != c:
            disagree.append(f"pair {i} ({kind}): scapy {sorted(bad)} C {sorted(c)}")
        elif not bad and tried < 50:
            tried += 1
            missed += [f"pair {i}: {m}" for m in selftest(bytes(pkts[2 * i]),
                                                        bytes(pkts[2 * i + 1]), meta)]
    what = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
    if missed or not tried:
        print(f"FAIL xdp-scapy-agrees: scapy's judge misses corrupted replies: {missed[:5]}"
              if missed else "FAIL xdp-scapy-agrees: no right reply to corrupt")
        return 1
    if disagree:
        print(f"FAIL xdp-scapy-agrees: {len(disagree)} of {len(metas)} replies judged "
              f"differently (frames 2i, 2i+1 of {prefix}.pcap): " + "; ".join(disagree[:5]))
        return 1
    print(f"PASS xdp-scapy-agrees: {len(metas)} replies ({what}) re-parsed by scapy, "
          f"{found} with broken fields, same verdicts as the C checker; corruptions of "
          f"{tried} right ones all noticed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
