#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# bench_rfcfloor (min_echo.bpf.c) answers the bench's frames correctly: the object is loaded with
# bpftool, its maps filled as tput.c fills them, and the bench's Echo Request and NS (built by
# scapy as frames.py builds them) run through BPF_PROG_TEST_RUN. The Echo Reply and the NA must
# be XDP_TX with the fields RFC 4443 §4.2 / RFC 4861 §7.2.4 ask for and an ICMPv6 checksum
# scapy recomputes to the same value; a bad checksum is XDP_DROP, a foreign destination or
# target XDP_PASS; a new sender's neighbor record is written. With PCAP=FILE the replies are also
# written there (for tshark).
# Usage: rfcfloor_check.py [BUILD/bench/min_echo.bpf.o]   (root)
import json
import os
import shutil
import subprocess
import sys
import tempfile
from socket import AF_INET6, inet_pton

from scapy.layers.inet6 import IPv6, ICMPv6EchoRequest, ICMPv6ND_NS, ICMPv6NDOptSrcLLAddr
from scapy.layers.l2 import Ether
from scapy.utils import wrpcap
from scapy.utils6 import in6_getnsma, in6_getnsmac

OBJ = sys.argv[1] if len(sys.argv) > 1 else "build/bench/min_echo.bpf.o"
DUT_MAC, PEER_MAC = "02:b6:00:00:00:01", "02:b6:00:00:00:02"
DUT, GEN, OTHER = "2001:db8::1", "2001:db8::b1", "2001:db8::77"
XDP_DROP, XDP_PASS, XDP_TX = 1, 2, 3
SOLNODE = in6_getnsma(inet_pton(AF_INET6, DUT))
SOLNODE_MAC = in6_getnsmac(SOLNODE)


def hexb(b):
    return [str(x) for x in b]


def echo(dst=DUT):
    return (Ether(dst=DUT_MAC, src=PEER_MAC) / IPv6(src=GEN, dst=dst, hlim=64) /
            ICMPv6EchoRequest(id=0xb6b6, seq=1, data=bytes(range(56))))


def ns(tgt=DUT):
    return (Ether(dst=SOLNODE_MAC, src=PEER_MAC) /
            IPv6(src=GEN, dst="ff02::1:ff00:1", hlim=255) / ICMPv6ND_NS(tgt=tgt) /
            ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC))


def run(pin, frame, d):
    fin, fout = os.path.join(d, "in"), os.path.join(d, "out")
    with open(fin, "wb") as f:
        f.write(frame)
    out = subprocess.run(["bpftool", "-j", "prog", "run", "pinned", pin, "data_in", fin,
                          "data_out", fout, "repeat", "1"], check=True, capture_output=True,
                         text=True).stdout
    with open(fout, "rb") as f:
        return json.loads(out)["retval"], f.read()


def bss_layout():
    """name -> (offset, size) of the object's .bss variables, and the section's size (BTF)"""
    types = json.loads(subprocess.run(["bpftool", "-j", "btf", "dump", "file", OBJ], check=True,
                                      capture_output=True, text=True).stdout)["types"]
    byid = {t["id"]: t for t in types}
    sec = next(t for t in types if t["kind"] == "DATASEC" and t["name"] == ".bss")
    return {byid[v["type_id"]]["name"]: (v["offset"], v["size"]) for v in sec["vars"]}, sec["size"]


def csum_ok(pkt):
    """scapy's own checksum of the ICMPv6 message equals the one the program wrote"""
    icmp = pkt[IPv6].payload
    got = icmp.cksum
    icmp.cksum = None
    return got == Ether(bytes(pkt))[IPv6].payload.cksum, got


def main():
    d = tempfile.mkdtemp(prefix="rfcfloor_")
    pin = "/sys/fs/bpf/" + os.path.basename(d)
    fails = 0
    replies = []
    try:
        os.mkdir(pin)
        subprocess.run(["bpftool", "prog", "loadall", OBJ, pin, "pinmaps", pin + "/maps"],
                       check=True, capture_output=True)
        val = [str(x) for x in (1, 0, 0, 0, 0, 0, 0, 0, 64, 0, 0, 0)]   # PREFERRED, /64
        subprocess.run(["bpftool", "map", "update", "pinned", pin + "/maps/floor_addrs",
                        "key"] + hexb(inet_pton(AF_INET6, DUT)) + ["value"] + val, check=True)
        peer = bytes.fromhex(PEER_MAC.replace(":", ""))
        subprocess.run(["bpftool", "map", "update", "pinned", pin + "/maps/rfcfloor_neigh",
                        "key"] + hexb(inet_pton(AF_INET6, GEN)) + ["value"] +
                       hexb(peer + bytes(10)), check=True)
        mac = bytes.fromhex(DUT_MAC.replace(":", ""))
        layout, size = bss_layout()
        bss = bytearray(size)
        off = layout["rfcfloor_mac"][0]
        bss[off:off + 6] = mac
        subprocess.run(["bpftool", "map", "update", "pinned", pin + "/maps/min_echo_bss",
                        "key", "0", "0", "0", "0", "value"] + hexb(bss), check=True)
        prog = pin + "/bench_rfcfloor"

        def check(name, cond, detail=""):
            nonlocal fails
            print("%s %s%s" % ("ok  " if cond else "FAIL", name, detail and ": " + detail))
            fails += not cond

        rv, out = run(prog, bytes(echo()), d)
        p = Ether(out)
        good, c = csum_ok(Ether(out))
        check("echo: XDP_TX", rv == XDP_TX, "retval %d" % rv)
        check("echo: Echo Reply to the source from the destination",
              p[IPv6].payload.type == 129 and p[IPv6].dst == GEN and p[IPv6].src == DUT and
              p.dst == PEER_MAC and p.src == DUT_MAC and len(out) == len(bytes(echo())))
        check("echo: ICMPv6 checksum", good, "0x%04x" % c)
        replies.append(p)

        rv, out = run(prog, bytes(ns()), d)
        p = Ether(out)
        good, c = csum_ok(Ether(out))
        na = p[IPv6].payload
        check("ns: XDP_TX", rv == XDP_TX, "retval %d" % rv)
        check("ns: NA S|O from the target to the source, TLLA ours, hop limit 255",
              na.type == 136 and na.code == 0 and na.S == 1 and na.O == 1 and na.R == 0 and
              na.tgt == DUT and p[IPv6].src == DUT and p[IPv6].dst == GEN and
              p[IPv6].hlim == 255 and p.dst == PEER_MAC and p.src == DUT_MAC and
              bytes(na)[24:32] == bytes([2, 1]) + mac and len(out) == 86, p.summary())
        check("ns: ICMPv6 checksum", good, "0x%04x" % c)
        replies.append(p)

        for name, pkt, want in (("echo, bad checksum", echo(), XDP_DROP),
                                ("ns, bad checksum", ns(), XDP_DROP),
                                ("echo to a foreign address", echo(OTHER), XDP_PASS),
                                ("ns for a foreign target", ns(OTHER), XDP_PASS)):
            raw = bytearray(bytes(pkt))
            if "bad" in name:
                raw[56] ^= 0x01     # a byte of the ICMPv6 checksum
            rv, _ = run(prog, bytes(raw), d)
            check(name, rv == want, "retval %d, want %d" % (rv, want))
        dump = json.loads(subprocess.run(["bpftool", "-j", "map", "dump", "pinned",
                                          pin + "/maps/min_echo_bss"], check=True,
                                         capture_output=True, text=True).stdout)
        bssv = {k: v for e in dump[0]["formatted"]["value"][".bss"] for k, v in e.items()}
        check("rfcfloor_hits counts the two replies", bssv.get("rfcfloor_hits") == 2,
              str(bssv.get("rfcfloor_hits")))
        check("the pre-filled neighbor record hit: nothing written",
              bssv.get("rfcfloor_neigh_writes") == 0, str(bssv.get("rfcfloor_neigh_writes")))
        # a sender without a record gets one (RFC 4861 §7.2.3), with its SLLA; the record
        # removed by hand, the slots' generation is stepped too (as xdp6's neighgen)
        subprocess.run(["bpftool", "map", "delete", "pinned", pin + "/maps/rfcfloor_neigh",
                        "key"] + hexb(inet_pton(AF_INET6, GEN)), check=True)
        subprocess.run(["bpftool", "map", "update", "pinned", pin + "/maps/rf_gen", "key",
                        "0", "0", "0", "0", "value"] + hexb((1).to_bytes(8, "little")),
                       check=True)
        rv, _ = run(prog, bytes(ns()), d)
        rec = json.loads(subprocess.run(["bpftool", "-j", "map", "lookup", "pinned",
                                         pin + "/maps/rfcfloor_neigh", "key"] +
                                        hexb(inet_pton(AF_INET6, GEN)), check=True,
                                        capture_output=True, text=True).stdout)
        check("ns from a new sender: XDP_TX and its record written with the SLLA",
              rv == XDP_TX and bytes(rec["formatted"]["value"]["mac"]) == peer,
              "retval %d, mac %s" % (rv, bytes(rec["formatted"]["value"]["mac"]).hex(":")))
        if os.environ.get("PCAP"):
            wrpcap(os.environ["PCAP"], replies)
    finally:
        shutil.rmtree(pin, ignore_errors=True)
        shutil.rmtree(d, ignore_errors=True)
    print("rfcfloor check: %s" % ("FAILED (%d)" % fails if fails else "ok"))
    return 1 if fails else 0


sys.exit(main())
