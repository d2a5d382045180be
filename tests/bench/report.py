#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Turns the CSVs of tests/bench/run.sh into the bench table (stdout and summary.md) and the plot
# throughput.png (replies/s against offered load, one line per DUT; Echo Reply per RFC 4443 §4.2,
# NA per RFC 4861 §7.2.4). Reports the goals as ratios; asserts nothing.
# Usage: report.py RESULTS_DIR
import csv
import os
import sys

res = sys.argv[1]


def rows(name):
    path = os.path.join(res, name)
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return list(csv.DictReader(f))


def fnum(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def kpps(x):
    return "-" if x is None else "%.0f k" % (x / 1000)


def ratio(a, b):
    return "-" if not a or not b else "%.2f" % (a / b)


out = []
p = out.append

machine = ""
if os.path.exists(os.path.join(res, "machine.txt")):
    with open(os.path.join(res, "machine.txt")) as f:
        machine = f.read().strip()
p("## Bench results\n")
p("Machine:\n\n```\n%s\n```\n" % machine)

# ---- throughput ----
def med(v):
    v = sorted(x for x in v if x is not None)
    if not v:
        return None
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def spread(v, f):
    """'median [min-max]' of the values, each formatted with f."""
    v = [x for x in v if x is not None]
    if not v:
        return "-"
    if len(v) == 1:
        return f(v[0])
    return "%s [%s–%s]" % (f(med(v)), f(min(v)), f(max(v)))


def mpps(x):
    return "%.2f M" % (x / 1e6)


def r2(x):
    return "%.2f" % x


def ns0(x):
    return "%.0f" % x


tp = rows("throughput.csv")
sat = [r for r in tp if r.get("rig") == "saturated"]
shared = [r for r in tp if r.get("rig") == "shared-core"]
paced = [r for r in tp if r.get("rig") == "paced"]
DUTS = ("drop", "kernel", "minimal", "floor", "rfcfloor", "xdp6")
STEADY = 1.5        # a round's cache-line round trips within this factor: the same placement
NEAR = 200          # ns: a steady round's round trip below this is the near placement, where
                    # handing a frame across is cheap and the DUT's own work weighs most
sat_place = {}      # msg -> {"near": [xdp6/minimal of steady near rounds], "far": [...]}
sat_ratio = {}      # msg -> (xdp6/minimal values, xdp6/kernel values, steady n, all n)
floor_ratio = {}    # msg -> floor/minimal per round: the most xdp6/minimal can be here
rfc_ratio = {}      # msg -> rfcfloor/minimal per round: the same with the checks the RFCs require


def col(rs, msg, dut, key):
    return [fnum(r[key]) for r in rs if r["msg"] == msg and r["dut"] == dut]


def per_round(rs, msg, a, b, key="replies_pps", inverse=False):
    """The a / b ratio of `key` within each round (b / a with inverse)."""
    out = []
    for rnd in sorted({r["round"] for r in rs if r["msg"] == msg}):
        x = [fnum(r[key]) for r in rs if r["msg"] == msg and r["dut"] == a and r["round"] == rnd]
        y = [fnum(r[key]) for r in rs if r["msg"] == msg and r["dut"] == b and r["round"] == rnd]
        if x and y and x[0] and y[0]:
            out.append(y[0] / x[0] if inverse else x[0] / y[0])
    return out


if sat:
    p("### Saturated (DUT's receive path alone on its CPU, fed faster than it answers)\n")
    p("Median [min–max] of %d rounds; in each round drop, kernel, minimal, floor, rfcfloor and "
      "xdp6 take turns (floor: the minimal program plus the frame-length helper and one hash "
      "lookup of the destination, the calls any correct responder pays here; rfcfloor, the "
      "required-work floor: the least any correct responder must do per message, each step in "
      "its cheapest form: the ICMPv6 checksum verified over the whole message (RFC 4443 §2.3), "
      "the destination looked up for an Echo, the target and the sender's neighbor record "
      "(RFC 4861 §7.2.3) for an NS, the Echo Reply or the NA + TLLA built in place with its "
      "checksum). "
      "offered: the generator's frames/s; delivered: frames the DUT's XDP program got (the "
      "rest its full ring refused); DUT busy: CPU time of the DUT's NAPI thread (SCHED_FIFO, "
      "capped near 95 %% by the kernel's RT throttling); ns/frame: that time per delivered "
      "frame, everything the DUT core does for a frame; prog: the XDP program's own ns/frame "
      "from BPF run-time statistics in a second window (an empty program reads ≈ the drop "
      "row's figure: the statistics' own clock reads). dut-bound: the ring refused ≥ 1 %% of "
      "the load and the NAPI thread ran ≥ 85 %% of the time.\n"
      % len({r["round"] for r in sat}))
    p("| message | DUT | offered/s | delivered/s | replies/s | DUT busy | ns/frame | prog ns "
      "| dut-bound |")
    p("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for msg in ("echo", "ns"):
        for dut in DUTS:
            rs = [r for r in sat if r["msg"] == msg and r["dut"] == dut]
            if not rs:
                continue
            nb = sum(1 for r in rs if r["verdict"] == "dut-bound")
            p("| %s | %s | %s | %s | %s | %s | %s | %s | %d/%d |" % (
                msg, dut, spread(col(sat, msg, dut, "offered_pps"), mpps),
                spread(col(sat, msg, dut, "delivered_pps"), mpps),
                "-" if dut == "drop" else spread(col(sat, msg, dut, "replies_pps"), mpps),
                spread([x * 100 if x is not None else None
                        for x in col(sat, msg, dut, "dut_napi_busy")], lambda x: "%.0f %%" % x),
                spread(col(sat, msg, dut, "dut_ns_per_frame"), ns0),
                spread([x for x in col(sat, msg, dut, "prog_ns") if x is not None], ns0),
                nb, len(rs)))
    p("")
    # Where the host runs the two vCPUs sets what a frame handed across costs (the cache-line
    # round trip, measured before and after every run): a round's ratio means something only
    # if that stayed put over its minimal and xdp6 runs.
    p("Per round: the cache-line round trip between the two CPUs (before and after the "
      "minimal and xdp6 runs, min–max) and the ratio. steady: that round trip stayed within "
      "%.1f× over both runs.\n" % STEADY)
    p("| message | round | round trip, ns | minimal replies/s | xdp6 replies/s | xdp6 / minimal "
      "| steady |")
    p("|---|---:|---:|---:|---:|---:|---|")
    for msg in ("echo", "ns"):
        xm_all, xm_steady, xk = [], [], per_round(sat, msg, "xdp6", "kernel")
        for rnd in sorted({r["round"] for r in sat if r["msg"] == msg}, key=int):
            rr = {r["dut"]: r for r in sat if r["msg"] == msg and r["round"] == rnd}
            if "minimal" not in rr or "xdp6" not in rr:
                continue
            rtt = [fnum(rr[d][k]) for d in ("minimal", "xdp6")
                   for k in ("rtt_before_ns", "rtt_after_ns")]
            rtt = [x for x in rtt if x and x > 0]
            m, x = fnum(rr["minimal"]["replies_pps"]), fnum(rr["xdp6"]["replies_pps"])
            if not m or not x:
                continue
            steady = bool(rtt) and max(rtt) <= STEADY * min(rtt)
            xm_all.append(x / m)
            if steady:
                xm_steady.append(x / m)
                sat_place.setdefault(msg, {"near": [], "far": []})[
                    "near" if max(rtt) < NEAR else "far"].append(x / m)
            p("| %s | %s | %s | %s | %s | %.2f | %s |" % (
                msg, rnd, "%.0f–%.0f" % (min(rtt), max(rtt)) if rtt else "-", mpps(m),
                mpps(x), x / m, "yes" if steady else "no"))
        sat_ratio[msg] = (xm_steady or xm_all, xk, len(xm_steady), len(xm_all))
    p("")
    p("| message | xdp6 / minimal, all rounds | steady rounds | xdp6 / kernel | floor / minimal "
      "| xdp6 / floor | rfcfloor / minimal | xdp6 / rfcfloor |")
    p("|---|---:|---:|---:|---:|---:|---:|---:|")
    for msg in ("echo", "ns"):
        xm, xk, ns_, na = sat_ratio.get(msg, ([], [], 0, 0))
        allr = per_round(sat, msg, "xdp6", "minimal")
        floor_ratio[msg] = per_round(sat, msg, "floor", "minimal")
        rfc_ratio[msg] = per_round(sat, msg, "rfcfloor", "minimal")
        p("| %s | %s | %s (%d of %d) | %s | %s | %s | %s | %s |" % (
            msg, spread(allr, r2), spread(xm, r2) if ns_ else "-", ns_, na,
            spread(xk, lambda x: "%.1f" % x), spread(floor_ratio[msg], r2),
            spread(per_round(sat, msg, "xdp6", "floor"), r2), spread(rfc_ratio[msg], r2),
            spread(per_round(sat, msg, "xdp6", "rfcfloor"), r2)))
    p("")

if shared:
    p("### Shared core (generator, DUT and nothing else on one CPU)\n")
    p("A closed loop: the rate is the generator's and the DUT's work together, so the figure "
      "to read is the DUT's CPU time per frame (its NAPI thread's), here without the cross-CPU "
      "cache traffic of the saturated rig.\n")
    p("| message | DUT | replies/s | DUT ns/frame | prog ns |")
    p("|---|---|---:|---:|---:|")
    for msg in ("echo", "ns"):
        for dut in DUTS:
            if not col(shared, msg, dut, "dut_ns_per_frame"):
                continue
            p("| %s | %s | %s | %s | %s |" % (
                msg, dut, "-" if dut == "drop" else
                spread(col(shared, msg, dut, "replies_pps"), mpps),
                spread(col(shared, msg, dut, "dut_ns_per_frame"), ns0),
                spread([x for x in col(shared, msg, dut, "prog_ns") if x is not None], ns0)))
    p("")
    p("| message | minimal ns/frame / xdp6 ns/frame | xdp6 / minimal, replies/s |")
    p("|---|---:|---:|")
    for msg in ("echo", "ns"):
        p("| %s | %s | %s |" % (
            msg, spread(per_round(shared, msg, "xdp6", "minimal", "dut_ns_per_frame", True), r2),
            spread(per_round(shared, msg, "xdp6", "minimal"), r2)))
    p("")

# ---- mirror (issue 12): the kernel alone vs the kernel + xdp6d --mirror ----
mbest = {}
for r in rows("mirror.csv"):
    key = (r["msg"], r["dut"])
    mbest[key] = max(mbest.get(key, 0), fnum(r["replies_pps"]) or 0)
mirror_ratios = {}
if mbest:
    p("### Mirror mode (replies/s at the generator's maximum, best run)\n")
    p("| message | load | kernel alone | kernel + xdp6 --mirror | ratio |")
    p("|---|---|---:|---:|---:|")
    for msg in ("echo", "ns"):
        for load in ("", "+tcp"):
            k, m = mbest.get((msg, "kernel" + load)), mbest.get((msg, "mirror" + load))
            if k is None and m is None:
                continue
            mirror_ratios[(msg, load)] = m / k if m and k else None
            p("| %s | %s | %s | %s | %s |" % (msg, "TCP stream into the DUT" if load else "-",
                                             kpps(k), kpps(m), ratio(m, k)))
    p("")

# ---- micro ----
mc = rows("micro_calls.csv")
if mc:
    p("### What one call costs (BPF_PROG_TEST_RUN, tests/bench/calls.bpf.c)\n")
    p("8 calls of one kind per program, minus an empty program, / 8; median [min–max] of the "
      "trials. Map calls use xdp6's key and value types; ARRAY and PERCPU_ARRAY lookups are "
      "inlined by the verifier (6.18), the others are calls through the return thunk.\n")
    p("| call | ns |")
    p("|---|---:|")
    for r in mc:
        p("| %s | %s [%s–%s] |" % (r["call"], r["ns_median"], r["ns_min"], r["ns_max"]))
    p("")

mp = rows("micro_paths.csv")
min_ns = None
if mp:
    p("### Fast-path cost (BPF_PROG_TEST_RUN, ns/packet above an empty program)\n")
    p("wrapped: repeat 1M in one run, a wrapper restores the frame then tail-calls the path, "
      "minus the same with an empty program right after; median [min–max] of the trials (the "
      "figure to use). single: median of repeat=1 runs minus an empty program's (the kernel "
      "clock quantizes these). path check: the stats counter of the expected reason grew by "
      "exactly the number of runs.\n")
    p("| path | wrapped, repeat | single runs | / minimal | action | path check |")
    p("|---|---:|---:|---:|---|---|")
    for r in mp:
        if r["path"].startswith("minimal"):
            min_ns = fnum(r["wrapped_ns"])
        p("| %s | %s [%s–%s] | %s | %s | %s | %s |" % (
            r["path"], r["wrapped_ns"], r["wrapped_min_ns"], r["wrapped_max_ns"],
            r["single_ns"], r["vs_minimal"], r["action"], r["path_check"]))
    p("")
mpr = rows("micro_progs.csv")
if mpr:
    p("### Program size (static, noise-free)\n")
    p("BPF instructions after the verifier (xlated) and walked by it over all paths "
      "(verified); the JIT image in bytes and x86 instructions, its call instructions "
      "(helpers, BPF-to-BPF calls) and functions.\n")
    p("| program | xlated | verified | JIT bytes | JIT insns | calls | functions |")
    p("|---|---:|---:|---:|---:|---:|---:|")
    for r in mpr:
        p("| %s | %s | %s | %s | %s | %s | %s |" % (
            r["program"], r["xlated_insns"], r["verified_insns"], r["jited_bytes"],
            r["jited_insns"], r["jited_calls"], r["jited_funcs"]))
    p("")

# ---- memory ----
ma = rows("micro_addrs.csv")
mem = rows("memory.csv")
if ma or mem:
    p("### Memory and lookup cost by number of owned addresses\n")
if ma:
    p("| addrs (= max_entries) | addrs map memlock | all maps memlock | Echo, same address | "
      "Echo, walking all addresses |")
    p("|---:|---:|---:|---:|---:|")
    for r in ma:
        p("| %s | %s B | %s B | %s ns | %s ns |" % (r["addrs"], r["addrs_memlock_bytes"],
                                                 r["all_maps_memlock_bytes"], r["lookup_hot_ns"],
                                                 r["lookup_walk_ns"]))
    p("")
if mem:
    p("| xdp6d addresses wanted | --max-addrs | served | daemon RSS | pinned maps memlock | note |")
    p("|---:|---:|---:|---:|---:|---|")
    for r in mem:
        p("| %s | %s | %s | %s KiB | %s B | %s |" % (r["addrs_wanted"], r["max_entries"],
                                                  r["addrs_served"], r["daemon_rss_kib"],
                                                  r["maps_memlock_bytes"], r["note"]))
    p("")

# ---- flood ----
fl = rows("flood.csv")
fr = rows("flood_rate.csv")
if fl:
    p("### Under flood (xdp6d; Echo Request flood at the generator's maximum)\n")
    if fr:
        r = fr[-1]
        p("Flood: offered %s frames/s, %s reached the DUT, %s Echo Replies/s.\n" % (
            kpps(fnum(r["offered_pps"])), kpps(fnum(r["delivered_pps"])),
            kpps(fnum(r["replies_pps"]))))
    p("ping -6 -i 0.01 from a second peer address; DAD: `xdp6ctl addr add` until the address "
      "is preferred; MLD: General Queries from the peer, reports from the DUT counted on the "
      "wire. While the DUT's veth ring is full the peer's senders get ENOBUFS; ping and the "
      "query sender retry, so their frames do reach the DUT and what is measured is whether it "
      "answers them.\n")
    p("| condition | ping p50 | ping p99 | ping loss | DAD of an added address | "
      "MLD reports after a General Query |")
    p("|---|---:|---:|---:|---|---|")
    for r in fl:
        p("| %s | %s ms | %s ms | %s %% (%s/%s answered) | %s | %s |" % (
            r["condition"], r["ping_p50_ms"], r["ping_p99_ms"], r["ping_loss_pct"],
            r["pings_answered"], r["pings_sent"], r["dad"], r["mld"]))
    p("")

# ---- fairness ----
fa = rows("fairness.csv")
if fa:
    p("### Per-source fairness (xdp6d --src-rate; generator flood from one source)\n")
    p("Generator at its maximum from one source, `ping -6 -i 0.01` from a second, interface "
      "bucket `--echo-rate %s`; \"on\" adds `--src-rate %s --rate-key-len 128` (both "
      "sources share a /64). Rates over the ping's %s s.\n" % (
          fa[0]["echo_rate"], fa[-1]["src_rate"] or "-", fa[0]["seconds"]))
    p("| per-source fairness | pings answered | flooder's replies/s | src-rate-limited/s | "
      "rate-limited/s |")
    p("|---|---:|---:|---:|---:|")
    for r in fa:
        p("| %s | %s / %s | %s | %s | %s |" % (
            r["condition"], r["pings_answered"], r["pings_sent"], r["flood_replies_per_s"],
            r["src_rate_limited_per_s"], r["rate_limited_per_s"]))
    p("")

# ---- goals ----
p("### Goals (reported, not asserted)\n")


def goal(text, val, target, higher=True):
    if val is None:
        p("- %s: not measured" % text)
        return
    met = val >= target if higher else val <= target
    p("- %s: %.2f (goal %s %g) %s" % (text, val, ">=" if higher else "<=", target,
                                      "met" if met else "NOT met"))


# issue 15's goals, on the medians of the saturated rounds
for msg, name, want in (("echo", "Echo", 0.85), ("ns", "NS", 0.75)):
    xm, xk, ns_, na = sat_ratio.get(msg, ([], [], 0, 0))
    goal("%s saturated replies/s, xdp6 / minimal (median of %d %s rounds)" % (
        name, len(xm), "steady" if ns_ else "(none steady: all)"), med(xm), want)
    pl = sat_place.get(msg)
    if pl:
        p("  - by placement of the two vCPUs: near (round trip < %d ns: the DUT's own work "
          "weighs most) %s; far %s" % (NEAR, *(
              "%.2f [%.2f–%.2f] (%d round%s)" % (med(v), min(v), max(v), len(v),
                                                 "" if len(v) == 1 else "s") if v else
              "no steady round" for v in (pl["near"], pl["far"]))))
    goal("%s saturated replies/s, xdp6 / kernel" % name, med(xk), 8)
    if floor_ratio.get(msg):
        p("  - the floor program / minimal, same rounds (the ceiling of xdp6 / minimal on this "
          "machine): %.2f [%.2f–%.2f]" % (med(floor_ratio[msg]), min(floor_ratio[msg]),
                                           max(floor_ratio[msg])))
    if rfc_ratio.get(msg):
        p("  - the required-work floor / minimal, same rounds (the most xdp6/minimal can be with "
          "the checks the RFCs require): %.2f [%.2f–%.2f]" % (
              med(rfc_ratio[msg]), min(rfc_ratio[msg]), max(rfc_ratio[msg])))
mp_by = {r["path"]: r for r in mp}
for path, target, floors in (("echo-reply", 40, ("floor-echo", "rfcfloor-echo")),
                             ("ns-na", 80, ("rfcfloor-ns",))):
    if path in mp_by:
        goal("%s micro cost, ns (wrapped median)" % path, fnum(mp_by[path]["wrapped_ns"]),
             target, False)
    for fp in floors:
        if fp in mp_by:
            r = mp_by[fp]
            p("  - %s, same run: %s ns [%s–%s]%s" % (
                fp, r["wrapped_ns"], r["wrapped_min_ns"], r["wrapped_max_ns"],
                " — above the goal: no correct %s path can meet it here" % path
                if fnum(r["wrapped_min_ns"]) > target else ""))
for r in fl:
    if r["condition"] == "flood":
        p("- normal pings answered under flood: %s of %s (loss %s %%)" % (
            r["pings_answered"], r["pings_sent"], r["ping_loss_pct"]))
p("")

text = "\n".join(out)
print(text)
with open(os.path.join(res, "summary.md"), "w") as f:
    f.write(text + "\n")

# ---- plot ----
try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    print("SKIP plot: python3-matplotlib is not installed")
    paced = sat = []
if paced or sat:
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.8), sharey=True)
    styles = {"xdp6": ("tab:blue", "o"), "kernel": ("tab:red", "s"),
              "minimal": ("tab:gray", "^")}
    for ax, msg, title in zip(axes, ("echo", "ns"),
                              ("Echo Request -> Echo Reply", "NS -> NA")):
        for dut in ("xdp6", "kernel", "minimal"):
            color, marker = styles[dut]
            pts = sorted((fnum(r["offered_pps"]), fnum(r["replies_pps"])) for r in paced
                         if r["msg"] == msg and r["dut"] == dut)
            if pts:
                ax.plot([x for x, _ in pts], [y for _, y in pts], marker=marker, color=color,
                        label="%s, paced" % dut)
            # saturated: median offered and replies, min-max of replies as an error bar
            off = col(sat, msg, dut, "offered_pps")
            rep = col(sat, msg, dut, "replies_pps")
            if off and rep:
                m = med(rep)
                ax.errorbar([med(off)], [m], yerr=[[m - min(rep)], [max(rep) - m]],
                            marker=marker, color=color, markersize=10, fillstyle="none",
                            capsize=4, ls="none", label="%s, saturated" % dut)
        lim = max([fnum(r["offered_pps"]) or 1 for r in paced + sat] + [1])
        ax.plot([1e3, lim], [1e3, lim], ls=":", color="black", lw=0.8, label="replies = offered")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_title(title)
        ax.set_xlabel("offered load (frames/s)")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7)
    axes[0].set_ylabel("replies/s")
    first = machine.splitlines()
    cpu = next((line for line in first if line.startswith("cpu:")), "")
    fig.suptitle("xdp6 bench, veth rig, %s" % cpu[4:].strip())
    fig.tight_layout()
    fig.savefig(os.path.join(res, "throughput.png"), dpi=110)
