#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Seed corpus of tests/fuzz/fuzz_ctl.c: real xdp6ctl command lines (xdp6ctl --help, the tests),
# encoded as xdp6ctl sends them (argv as NUL-terminated strings, user/io/ctl_proto.h), each
# request a record of a 2-byte little-endian length and the message. One file per session,
# named after it, in tests/fuzz/corpus/ctl/ (replaced). Run from anywhere:
#   /usr/bin/python3 tests/fuzz/seeds_ctl.py
import os
import struct
import sys

IF = "xdp6fz0"		# FZ_IFNAME of fuzz_ctl.c
REQ_MAX = 4096		# CTL_REQ_MAX
ARGS_MAX = 32		# CTL_ARGS_MAX

# name -> requests (each an argv list, or raw bytes for messages xdp6ctl would not send)
SESSIONS = {
    "addr_show": [["addr", "show"]],
    "addr_show_json": [["addr", "show", "--json"]],
    "addr_alias_json_first": [["--json", "a"]],
    "addr_add_show_del": [["addr", "add", "2001:db8::2/64", "dev", IF],
                          ["addr", "show", "dev", IF, "--json"],
                          ["addr", "del", "2001:db8::2/64", "dev", IF],
                          ["addr", "show"]],
    "addr_add_default_plen_del_wrong_plen": [["addr", "add", "2001:db8::3", "dev", IF],
                                             ["addr", "del", "2001:db8::3/48", "dev", IF],
                                             ["addr", "delete", "2001:db8::3", "dev", IF]],
    "addr_add_link_local": [["addr", "add", "fe80::1234/64", "dev", IF],
                            ["mld", "show", "--json"]],
    "addr_add_refused": [["addr", "add", "ff02::1", "dev", IF],
                         ["addr", "add", "::", "dev", IF],
                         ["addr", "add", "::1/128", "dev", IF],
                         ["addr", "add", "2001:db8::1/129", "dev", IF],
                         ["addr", "add", "2001:db8::1/64", "dev", "eth9"],
                         ["addr", "add", "2001:db8::1/64"],
                         ["addr", "add"]],
    "addr_add_twice": [["addr", "add", "2001:db8::5/64", "dev", IF],
                       ["addr", "add", "2001:db8::5/64", "dev", IF]],
    "neigh_show": [["neigh", "show", "dev", IF], ["neighbor", "--json"], ["n", "-j"]],
    "mld_show": [["mld", "show"], ["mld", "--json", "dev", IF]],
    "router_prefix_dns": [["router", "show"], ["prefix", "show", "--json"],
                          ["dns", "show", "dev", IF, "--json"], ["dns"]],
    "pmtu_show": [["pmtu", "show", "--json"], ["pmtu", "dev", IF]],
    "serve_add_show_del": [["serve", "add", "udp/53", "dev", IF],
                           ["serve", "add", "tcp", "dev", IF],
                           ["serve", "add", "132/9899", "dev", IF],
                           ["serve", "show", "--json"],
                           ["serve", "del", "udp/53", "dev", IF],
                           ["serve", "delete", "tcp", "dev", IF],
                           ["serve"]],
    "serve_refused": [["serve", "add", "17/0", "dev", IF],
                      ["serve", "add", "icmp/1", "dev", IF],
                      ["serve", "add", "58/7", "dev", IF],
                      ["serve", "add", "udp/65536", "dev", IF],
                      ["serve", "del", "udp/9", "dev", IF]],
    "stats": [["stats"], ["stats", "dev", IF, "--json"]],
    "status": [["status"], ["status", "--json"], ["status", "dev", IF, "-j"]],
    "usage_errors": [[], ["frobnicate"], ["addr", "frob"], ["neigh", "add"],
                     ["stats", "dev"], ["status", "dev", "nosuch0"],
                     ["addr", "show", "extra"], ["stats", "dev", IF, "more"]],
    "empty_args": [["", ""], ["addr", "", "dev", IF]],
    "too_many_args": [["addr"] + ["show"] * ARGS_MAX],
    "json_many": [["--json"] * (ARGS_MAX - 1) + ["status"]],
}

RAW = {
    # not NUL-terminated, as a hand-made client might send
    "no_final_nul": [b"addr\0show"],
    # longer than CTL_REQ_MAX: recv(MSG_TRUNC) says more than the buffer holds
    "request_too_long": [b"addr\0show\0" + b"x" * (REQ_MAX + 100)],
    "request_exactly_max": [b"status\0" + b"y" * (REQ_MAX - 8) + b"\0"],
}


def enc(argv):
    return b"".join(a.encode() + b"\0" for a in argv)


def record(msg):
    return struct.pack("<H", len(msg)) + msg


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "ctl")
    os.makedirs(out, exist_ok=True)
    for f in os.listdir(out):
        os.unlink(os.path.join(out, f))
    n = 0
    for name, reqs in list(SESSIONS.items()) + list(RAW.items()):
        data = b"".join(record(r if isinstance(r, bytes) else enc(r)) for r in reqs)
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
        n += 1
    print("%d seeds in %s" % (n, out), file=sys.stderr)


if __name__ == "__main__":
    main()
