#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""Profile of xdp6_main from `perf script -F ip,sym,symoff` (stdin) and `xdp6bench jitlines`
(argv[1]): the share of all samples per kernel symbol, then xdp6_main's own samples per source
file and per source line (each sample charged to the line-info record at or before its JIT
offset). Run by tests/bench/run.sh stage `profile`; argv[2] names the micro path profiled."""
import bisect
import collections
import re
import sys

TOP_SYMS, TOP_LINES = 15, 40


def main():
    recs = []
    with open(sys.argv[1]) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t", 2)
            if len(parts) == 3:
                recs.append((int(parts[0], 16), parts[1], parts[2].strip()))
    recs.sort()
    offs = [r[0] for r in recs]
    syms = collections.Counter()
    lines = collections.Counter()
    files = collections.Counter()
    total = own = 0
    pat = re.compile(r"\s(\S+?)\+0x([0-9a-f]+)\s*$")
    for line in sys.stdin:
        m = pat.search(line)
        total += 1
        if not m:
            syms["[unknown]"] += 1
            continue
        sym, off = m.group(1), int(m.group(2), 16)
        syms[sym] += 1
        if not sym.endswith("_xdp6_main"):
            continue
        i = bisect.bisect_right(offs, off) - 1
        if i < 0:
            continue
        own += 1
        lines[(recs[i][1], recs[i][2])] += 1
        files[recs[i][1].split(":")[0]] += 1
    print("# profile of %s: %d samples, %d in xdp6_main (%.1f %%)" %
          (sys.argv[2], total, own, 100.0 * own / max(total, 1)))
    print("# share of all samples per symbol (the micro loop's wrapper, the minimal and empty "
          "programs and the helpers xdp6_main calls included)")
    for sym, n in syms.most_common(TOP_SYMS):
        print("%6.1f %%  %s" % (100.0 * n / total, sym))
    print("# xdp6_main's own samples per source file")
    for fil, n in files.most_common():
        print("%6.1f %%  %s" % (100.0 * n / max(own, 1), fil))
    print("# xdp6_main's own samples per source line (a stall is charged to the line after it)")
    for (where, src), n in lines.most_common(TOP_LINES):
        print("%6.1f %%  %-22s %s" % (100.0 * n / max(own, 1), where, src[:90]))
    return 0 if own else 1


if __name__ == "__main__":
    sys.exit(main())
