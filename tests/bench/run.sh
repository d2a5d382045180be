#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# `make bench`: the cost of xdp6's fast paths and how many Echo Replies (RFC 4443 §4.2) and NAs
# (RFC 4861 §7.2.4) it sends compared with the Linux kernel and a minimal swap-and-XDP_TX
# program, all on one veth rig in namespaces x6b-dut / x6b-peer. Prints a table; writes CSV, a
# PNG and summary.md under tests/bench/results/. Timings are reported, never asserted.
#
#   micro       BPF_PROG_TEST_RUN cost per path (median/min/max), program sizes, addrs lookup
#               and map memory at 1/1k/1M entries
#   throughput  live-frame generator in the peer (one long BPF_PROG_RUN per run). Saturated:
#               the DUT's NAPI alone on DUT_CPU, SCHED_FIFO, fed faster than it can answer;
#               DUT = drop (XDP_DROP: the generator's own rate), kernel (XDP_PASS program + the
#               kernel's own ICMPv6/ND), minimal (swap + XDP_TX), floor (minimal + the frame
#               length helper + one hash lookup), rfcfloor (the required-work floor: floor + the
#               ICMPv6 checksum verified, the NS target and neighbor lookups, the reply built),
#               xdp6 (build/xdp6.bpf.o, maps filled by xdp6bench), SAT_RUNS rounds. Shared-core:
#               the same with generator and DUT on one CPU (DUT CPU time per frame without
#               cross-CPU traffic). Paced: offered
#               load swept, replies checked and counted by the peer's XDP program.
#   flood       xdp6d on the DUT; while the generator floods Echo Requests at full rate: ping RTT
#               from a second peer address, DAD of an added address, MLD query answered
#   memory      xdp6d RSS and pinned map memory with 1, 1000 and (as far as it gets) 1M addresses
#   mirror      the kernel alone vs the kernel + xdp6d --mirror (issue 12), echo and NS at the
#               generator's maximum, then the same under a TCP stream into the DUT's kernel
#   profile     where xdp6_main's time goes: perf's cpu-clock samples (no PMU needed) during the
#               micro loop of one path at a time (PROFILE_PATHS, default echo-reply ns-na),
#               mapped to source lines by the JIT line info (xdp6bench jitlines); skipped
#               without perf (Debian's linux-perf)
#
# Environment: BENCH_QUICK=1 shortens everything (for trying the script, not for numbers);
# BENCH_ONLY="calls micro throughput flood fairness memory mirror profile" picks stages; BUILD
# (default build);
# XDP6_OBJ (default $BUILD/xdp6.bpf.o) and MICRO_SIZES (addrs sizes, default 1,1000,1000000)
# for A/B micro runs of two objects; throughput: BENCH_MSGS (echo ns), BENCH_SAT_RUNS,
# BENCH_SAT_DUTS (the saturated DUTs before xdp6), BENCH_XDP6_B (a second xdp6 object, rows
# "xdp6-b" after xdp6's in every saturated round), BENCH_SHARED_RUNS, BENCH_PACED=0 (no sweep),
# for a longer look at some ratios; MICRO_ONLY=<path> (echo-reply, ns-na, ...) runs that one path
# of the micro stage and nothing else, BENCH_REPEAT / BENCH_TRIALS its length, for a profiler
# (`perf record -e cpu-clock -a` reads the JITed program's samples on a guest without PMU).
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
RES=tests/bench/results
BENCH=$BUILD/bench/xdp6bench
XDP6_OBJ=${XDP6_OBJ:-$BUILD/xdp6.bpf.o}	# another object for A/B micro runs
XDP6D=$BUILD/xdp6d
XDP6CTL=$BUILD/xdp6ctl
PY=/usr/bin/python3		# Debian's, with scapy and matplotlib
QUICK=${BENCH_QUICK:-0}
ONLY=${BENCH_ONLY:-calls micro throughput flood fairness memory mirror profile}

NS_DUT=x6b-dut NS_PEER=x6b-peer
IF_DUT=x6b-d0 IF_PEER=x6b-p0
DUT_MAC=02:b6:00:00:00:01 PEER_MAC=02:b6:00:00:00:02
DUT_ADDR=2001:db8::1		# the address every DUT answers
PEER_ADDR=2001:db8::2		# the peer's own
PING_ADDR=2001:db8::3		# second source: normal pings under flood
GEN_ADDR=2001:db8::b1		# generator source; its replies are counted and dropped by the peer
DAD_ADDR=2001:db8::100		# added with xdp6ctl under flood
MANY_BASE=2001:db8:1::		# addresses for the memory runs
DUT_CPU=1 GEN_CPU=0
MLD_QUERIES=3 MLD_QUERY_GAP=2

if [ "$QUICK" = 1 ]; then
	RATES=10000,100000,1000000 SECS=1 SAT_RUNS=1 SHARED_RUNS=1 SAT_SECS=1 STATS_SECS=0.5
	REPEAT=200000 TRIALS=3 SINGLE=2000 PINGS=200 MANY_BUDGET=10 MIRROR_RUNS=1
else
	# paced points for the plot; full-rate runs SAT_RUNS / SHARED_RUNS rounds per message,
	# reported as median, min and max
	RATES=10000,30000,100000,300000,600000,1000000 SECS=2 SAT_RUNS=5 SHARED_RUNS=5 SAT_SECS=2
	STATS_SECS=1 REPEAT=${BENCH_REPEAT:-1000000} TRIALS=${BENCH_TRIALS:-9} SINGLE=20000
	PINGS=500 MANY_BUDGET=90
	MIRROR_RUNS=3	# generator-maximum runs per condition of the mirror stage, the best reported
fi

TMP=$(mktemp -d /tmp/x6b-bench.XXXXXX)
# xdp6bench micro's rig and object, the same for the micro stage and the profile stage's runs
MICRO_ARGS=(--xdp6-obj "$XDP6_OBJ" --ifname "$IF_DUT" --frames "$TMP/frames" --dut-addr "$DUT_ADDR"
	--hold x6b-hold0,x6b-hold1,x6b-hold2,x6b-hold3)
DAEMON_PID= GEN_PID= TCP_PIDS=
TCP_PORT=5001

log() { printf '%s\n' "$*" >&2; }
inns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

cleanup() {
	[ -n "$GEN_PID" ] && gen_stop
	tcp_stop
	stop_daemon
	ip netns del "$NS_DUT" 2>/dev/null
	ip netns del "$NS_PEER" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

stop_daemon() {
	[ -n "$DAEMON_PID" ] || return 0
	kill -TERM "$DAEMON_PID" 2>/dev/null
	for _ in $(seq 50); do kill -0 "$DAEMON_PID" 2>/dev/null || break; sleep 0.1; done
	kill -KILL "$DAEMON_PID" 2>/dev/null
	wait "$DAEMON_PID" 2>/dev/null
	DAEMON_PID=
}

rig_up() {
	ip netns del "$NS_DUT" 2>/dev/null; ip netns del "$NS_PEER" 2>/dev/null
	ip netns add "$NS_DUT" && ip netns add "$NS_PEER" || return 1
	ip link add "$IF_DUT" netns "$NS_DUT" address $DUT_MAC type veth \
		peer name "$IF_PEER" netns "$NS_PEER" address $PEER_MAC || return 1
	# spare, down veths that keep the programs the bench runs in the XDP dispatcher (util.c)
	ip -n "$NS_DUT" link add x6b-hold0 type veth peer name x6b-hold1 || return 1
	ip -n "$NS_DUT" link add x6b-hold2 type veth peer name x6b-hold3 || return 1
	ip -n "$NS_PEER" link add x6b-hold0 type veth peer name x6b-hold1 || return 1
	inns "$NS_DUT" sysctl -qw net.ipv6.conf."$IF_DUT".disable_ipv6=1
	for ns in "$NS_DUT" "$NS_PEER"; do ip -n "$ns" link set lo up; done
	ip -n "$NS_DUT" link set "$IF_DUT" up
	ip -n "$NS_PEER" link set "$IF_PEER" up
	ip -n "$NS_PEER" -6 addr add $PEER_ADDR/64 dev "$IF_PEER" nodad
	ip -n "$NS_PEER" -6 addr add $PING_ADDR/64 dev "$IF_PEER" nodad
}

# The kernel answers DUT_ADDR on the DUT veth; the generator's address gets a static neighbor
# entry so Echo Replies need no resolution (NSes carry an SLLA and make their own).
kernel_on() {
	inns "$NS_DUT" sysctl -qw net.ipv6.conf."$IF_DUT".disable_ipv6=0
	ip -n "$NS_DUT" -6 addr add $DUT_ADDR/64 dev "$IF_DUT" nodad
	ip -n "$NS_DUT" -6 neigh replace $GEN_ADDR lladdr $PEER_MAC dev "$IF_DUT" nud permanent
}
kernel_off() {
	ip -n "$NS_DUT" -6 neigh flush dev "$IF_DUT" 2>/dev/null
	ip -n "$NS_DUT" -6 addr flush dev "$IF_DUT" 2>/dev/null
	inns "$NS_DUT" sysctl -qw net.ipv6.conf."$IF_DUT".disable_ipv6=1
}

ctl() { inns "$NS_DUT" "$XDP6CTL" "$@"; }

# start_daemon ARGS...: xdp6d ARGS... IF_DUT in the DUT namespace; waits for its socket.
start_daemon() {
	# nsenter, not `ip netns exec`: the daemon must share our mount namespace so its pins land
	# in the host's bpffs (where bpftool below reads them); it execs in place, so $! is xdp6d
	nsenter --net=/run/netns/"$NS_DUT" "$XDP6D" "$@" "$IF_DUT" >"$TMP/xdp6d.log" 2>&1 &
	DAEMON_PID=$!
	for _ in $(seq 100); do
		ctl addr show --json >/dev/null 2>&1 && return 0
		kill -0 "$DAEMON_PID" 2>/dev/null || break
		sleep 0.1
	done
	log "xdp6d ${*:1:8}$([ $# -gt 8 ] && echo " ...") did not come up: $(tail -n 3 "$TMP/xdp6d.log" | tr '\n' ' ')"
	stop_daemon
	return 1
}

# daemon_alive STAGE: 0 while the daemon started last still runs, else says FAIL with its last
# words (a daemon that came up and then died, e.g. on an AF_XDP socket it could not open,
# must not read as a row of zeros).
daemon_alive() {
	kill -0 "$DAEMON_PID" 2>/dev/null && return 0
	echo "FAIL $1: xdp6d exited during the run: $(tail -n 3 "$TMP/xdp6d.log" | tr '\n' ' ')"
	return 1
}

# addr_state ADDR: its state in `xdp6ctl addr show --json`, or nothing.
addr_state() {
	ctl addr show --json 2>/dev/null | $PY -c '
import json, sys, ipaddress
want = ipaddress.ip_address(sys.argv[1])
for a in json.load(sys.stdin):
    if ipaddress.ip_address(a["addr"]) == want:
        print(a["state"]); break' "$1"
}

# wait_state ADDR STATE SECONDS: prints the seconds it took, or "timeout (last: STATE)".
wait_state() {
	local t0 s
	t0=$(date +%s.%N)
	while :; do
		s=$(addr_state "$1")
		if [ "$s" = "$2" ]; then
			echo "$(date +%s.%N) $t0" | awk '{printf "%.2f\n", $1 - $2}'
			return 0
		fi
		if awk -v a="$(date +%s.%N)" -v b="$t0" -v c="$3" 'BEGIN{exit !(a - b > c)}'; then
			echo "timeout (last: ${s:-absent})"
			return 1
		fi
		sleep 0.05
	done
}

# ping_stats OUTFILE: "p50 p99 loss%" from `ping` output (RTTs in ms).
ping_stats() {
	$PY - "$1" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
rtts = sorted(float(x) for x in re.findall(r"time=([0-9.]+) ms", text))
m = re.search(r"(\d+) packets transmitted, (\d+) received", text)
sent, got = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
def pct(p):
    return rtts[min(len(rtts) - 1, int(round(p / 100 * (len(rtts) - 1))))] if rtts else float("nan")
loss = 100.0 * (sent - got) / sent if sent else 100.0
print("%.3f %.3f %.1f %d %d" % (pct(50), pct(99), loss, sent, got))
EOF
}

machine() {
	{
		echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
		echo "kernel: $(uname -r)"
		echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') x $(nproc)"
		echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
		echo "virtualization: $(systemd-detect-virt 2>/dev/null || echo unknown)"
		echo "clang: $(clang --version | head -1)"
		echo "libbpf: $(pkg-config --modversion libbpf 2>/dev/null), libxdp: $(pkg-config --modversion libxdp 2>/dev/null)"
		echo "git: $(git rev-parse --short HEAD 2>/dev/null)"
		echo "quick: $QUICK"
		echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews timings)"
		echo "cache-line round trip CPU $GEN_CPU <-> CPU $DUT_CPU at start: $(pingpong) ns"
	} >"$RES/machine.txt"
}

stage_micro() {
	echo "== micro: BPF_PROG_TEST_RUN cost per path (ns/packet), program size, addrs size"
	if [ ! -e "$XDP6_OBJ" ]; then
		echo "SKIP micro: $XDP6_OBJ not built"
		return
	fi
	inns "$NS_DUT" "$BENCH" micro "${MICRO_ARGS[@]}" --sizes ${MICRO_SIZES:-1,1000,1000000} \
		--repeat $REPEAT --trials $TRIALS --single $SINGLE --csv-paths "$RES/micro_paths.csv" \
		--csv-mem "$RES/micro_addrs.csv" --csv-progs "$RES/micro_progs.csv" ||
		echo "FAIL micro: xdp6bench micro exited $?"
}

tput() {	# tput DUT MSG [extra args]
	local dut=$1 msg=$2; shift 2
	"$BENCH" tput --dut "$dut" --frame "$TMP/frames/$msg.hex" --msg "$msg" \
		--dut-ns $NS_DUT --dut-if $IF_DUT --peer-ns $NS_PEER --peer-if $IF_PEER \
		--gen-addr $GEN_ADDR --dut-addr $DUT_ADDR --xdp6-obj "$XDP6_OBJ" --hold x6b-hold0 \
		--dut-cpu $DUT_CPU --gen-cpu $GEN_CPU --csv "$RES/throughput.csv" "$@"
}

# The round trip of a cache line between GEN_CPU and DUT_CPU (ns): what a frame handed from one
# to the other costs, set by where the host runs the vCPUs (see pingpong.c).
pingpong() { "$BENCH" pingpong -a $GEN_CPU -b $DUT_CPU 2>/dev/null; }

# tput_run RIG DUT MSG ROUND: one full-rate run. Rig "saturated": the DUT's NAPI alone on
# DUT_CPU; "shared-core": on GEN_CPU with the generator. The XDP DUTs get --sink (no receiver on
# the peer: their XDP_TX verdicts are the replies), the kernel the peer's counter (its replies
# are sk_buffs that the peer's stack would otherwise take on DUT_CPU's time).
tput_run() {	# tput_run RIG DUT MSG ROUND [extra tput args]
	local rig=$1 dut=$2 msg=$3 round=$4 args=(--sink)
	shift 4
	[ $rig = shared-core ] && args+=(--dut-cpu $GEN_CPU)
	[ $dut = kernel ] && { kernel_on; args=(); }
	[ $dut = kernel ] || args+=(--stats-seconds $STATS_SECS)
	tput $dut $msg --rates 0 --seconds $SAT_SECS --round $round --rig $rig "${args[@]}" "$@" ||
		echo "FAIL throughput $rig $dut $msg: xdp6bench tput exited $?"
	[ $dut = kernel ] && kernel_off
}

stage_throughput() {
	echo "== throughput: saturated runs (generator's maximum), then offered load swept"
	rm -f "$RES/throughput.csv"
	local msg dut run xdp6=xdp6
	# rfcfloor's replies checked once on scapy's frames (checksums, fields, verdicts)
	local check rc=0
	check=$($PY tests/bench/rfcfloor_check.py "$BUILD/bench/min_echo.bpf.o" 2>&1) || rc=$?
	[ $rc = 0 ] && echo "${check##*$'\n'}" ||
		{ echo "$check"; echo "FAIL rfcfloor check: tests/bench/rfcfloor_check.py exited $rc"; }
	if [ ! -e "$XDP6_OBJ" ]; then
		echo "SKIP throughput xdp6: $XDP6_OBJ not built"
		xdp6=
	fi
	for msg in ${BENCH_MSGS:-echo ns}; do
		# the DUTs take turns within a round, so other work on the machine hits them alike
		# and each round gives one xdp6 / minimal ratio; drop first: the generator's rate
		for run in $(seq ${BENCH_SAT_RUNS:-$SAT_RUNS}); do
			for dut in ${BENCH_SAT_DUTS:-drop kernel minimal floor rfcfloor} $xdp6; do
				tput_run saturated $dut $msg $run
			done
			# before/after of a fast-path change in the same rounds: rows "xdp6-b"
			[ -n "${BENCH_XDP6_B:-}" ] && tput_run saturated xdp6 $msg $run \
				--label xdp6-b --xdp6-obj "$BENCH_XDP6_B"
		done
		for run in $(seq ${BENCH_SHARED_RUNS:-$SHARED_RUNS}); do
			for dut in drop minimal floor rfcfloor $xdp6; do
				tput_run shared-core $dut $msg $run
			done
		done
		[ "${BENCH_PACED:-1}" = 0 ] && continue
		for dut in $xdp6 kernel minimal; do
			[ $dut = kernel ] && kernel_on
			tput $dut $msg --rates $RATES --seconds $SECS --rig paced ||
				echo "FAIL throughput paced $dut $msg: xdp6bench tput exited $?"
			[ $dut = kernel ] && kernel_off
		done
	done
}

# MLDv2 General Queries (RFC 3810 §5.1) from the peer's link-local, hop limit 1, Router Alert:
# MLD_QUERIES of them, MLD_QUERY_GAP seconds apart (longer than their Max Response Delay).
# A veth whose peer's ring is full refuses a frame with ENOBUFS instead of losing it on the
# wire; the sender then retries, as iputils ping does, so each query does reach the DUT's
# ring. Prints how many were sent and how many ENOBUFS retries it took.
send_mld_queries() {
	inns "$NS_PEER" $PY - "$IF_PEER" "$PEER_MAC" $MLD_QUERIES $MLD_QUERY_GAP <<'EOF' 2>/dev/null
import errno
import sys
import time
from scapy.all import Ether, IPv6, IPv6ExtHdrHopByHop, RouterAlert, ICMPv6MLQuery2, conf
from scapy.utils6 import in6_mactoifaceid
ifname, mac, count, gap = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
src = "fe80::" + in6_mactoifaceid(mac)
q = (Ether(src=mac, dst="33:33:00:00:00:01") /
     IPv6(src=src, dst="ff02::1", hlim=1) /
     IPv6ExtHdrHopByHop(options=[RouterAlert(value=0)]) /
     ICMPv6MLQuery2(mrd=1000))
sock = conf.L2socket(iface=ifname)
sent = retries = 0
for i in range(count):
    deadline = time.monotonic() + gap
    while time.monotonic() < deadline:
        try:
            sock.send(q)
            sent += 1
            break
        except OSError as e:
            if e.errno != errno.ENOBUFS:
                raise
            retries += 1
            time.sleep(0.0005)
    time.sleep(max(0.0, deadline - time.monotonic()))
print("%d sent, %d ENOBUFS retries" % (sent, retries))
EOF
}

# count_mld_reports PCAP: MLD reports (v2 or v1) sent from the DUT's MAC.
count_mld_reports() {
	$PY - "$1" "$DUT_MAC" <<'EOF' 2>/dev/null || echo 0
import sys
from scapy.all import rdpcap, Ether, ICMPv6MLReport2, ICMPv6MLReport
n = 0
for p in rdpcap(sys.argv[1]):
    if p.haslayer(Ether) and p[Ether].src == sys.argv[2] and \
            (p.haslayer(ICMPv6MLReport2) or p.haslayer(ICMPv6MLReport)):
        n += 1
print(n)
EOF
}

# dstat NAME: daemon counter NAME from `xdp6ctl stats --json`, summed over interfaces.
dstat() {
	ctl stats --json 2>/dev/null | $PY -c '
import json, sys
print(sum(i.get("daemon", {}).get(sys.argv[1], 0) for i in json.load(sys.stdin)))' "$1" 2>/dev/null ||
		echo 0
}

# gen_bg RATE SECONDS CSV: the generator (Echo Requests) in the background against the running
# xdp6d; the peer's counting program (attached by it) passes everything not meant for the
# generator, so pings, NAs and MLD reports reach the peer kernel and tcpdump. The flood is the
# one this stage always had (8192 frames per BPF_PROG_RUN, nothing SCHED_FIFO but the counter),
# so its results compare with earlier runs. Sets GEN_PID.
gen_bg() {
	"$BENCH" tput --dut attached --frame "$TMP/frames/echo.hex" --msg echo \
		--dut-ns $NS_DUT --dut-if $IF_DUT --peer-ns $NS_PEER --peer-if $IF_PEER \
		--gen-addr $GEN_ADDR --hold x6b-hold0 --dut-cpu $DUT_CPU --gen-cpu $GEN_CPU \
		--gen-prio 0 --dut-prio 0 --chunk 8192 --rig flood \
		--rates "$1" --seconds "$2" --warmup 0 --report-every 5 --csv "$3" \
		>>"$TMP/flood.out" 2>&1 &
	GEN_PID=$!
	sleep 1
}
gen_stop() {
	kill -INT "$GEN_PID" 2>/dev/null
	wait "$GEN_PID" 2>/dev/null
	GEN_PID=
}

# flood_checks CONDITION DAD_ADDR: ping RTTs from the second peer address, DAD of a new address,
# MLD General Query answered; one line of output and one of flood.csv.
flood_checks() {
	local cond=$1 dad_addr=$2 out ping_pid tcpdump_pid dad st0 probes0 q0 r0 u0 mld n sent
	out="$TMP/ping.$cond"
	ip netns exec "$NS_PEER" ping -6 -n -c $PINGS -i 0.01 -W 1 -I $PING_ADDR $DUT_ADDR \
		>"$out" 2>&1 &
	ping_pid=$!
	# DAD of a new address (RFC 4862 §5.4): 1 probe, up to 1 s delay, RetransTimer 1 s
	probes0=$(dstat dad-probe-sent)
	if ctl addr add "$dad_addr/64" dev "$IF_DUT" >/dev/null 2>"$TMP/ctl.err"; then
		st0=$(addr_state "$dad_addr")
		dad=$(wait_state "$dad_addr" preferred 10)
		n=$(($(dstat dad-probe-sent) - probes0))
		[ "$n" -gt 0 ] || dad="$dad, no DAD probe sent: DAD not implemented in xdp6d yet"
		dad="$dad (state after add: ${st0:-absent}, probes: $n)"
	else
		dad="addr add failed: $(head -n1 "$TMP/ctl.err")"
	fi
	# MLD: each General Query must get reports back within its Max Response Delay (1 s)
	q0=$(dstat mld-query-received) r0=$(dstat mld-report-sent) u0=$(dstat rx-unhandled)
	ip netns exec "$NS_PEER" timeout $((MLD_QUERIES * MLD_QUERY_GAP + 2)) \
		tcpdump -i "$IF_PEER" -U -w "$TMP/mld.$cond.pcap" 'ip6 and ip6[6] == 0' \
		>/dev/null 2>&1 &
	tcpdump_pid=$!
	sleep 0.5
	sent=$(send_mld_queries)
	wait $tcpdump_pid 2>/dev/null
	mld="$(count_mld_reports "$TMP/mld.$cond.pcap") on the wire for $MLD_QUERIES queries"
	mld="$mld (${sent:-sender failed}; daemon:"
	mld="$mld mld-query-received +$(($(dstat mld-query-received) - q0)),"
	mld="$mld mld-report-sent +$(($(dstat mld-report-sent) - r0)),"
	mld="$mld rx-unhandled +$(($(dstat rx-unhandled) - u0)))"
	case "$mld" in
	"0 on the wire for "*"daemon: mld-query-received +0, mld-report-sent +0, rx-unhandled +"[1-9]*)
		mld="$mld: MLD not wired into xdp6d yet, the query was received but not handled";;
	esac
	wait $ping_pid
	set -- $(ping_stats "$out")
	# iputils ping silently retries a send the full veth refuses (ENOBUFS): loss here is
	# loss at the DUT, not at the sender
	printf '%-6s ping p50 %s ms p99 %s ms loss %s%% (%s/%s answered)\n' \
		"$cond" "$1" "$2" "$3" "$5" "$4"
	printf '       DAD: %s\n       MLD reports after a query: %s\n' "$dad" "$mld"
	echo "$cond,$1,$2,$3,$4,$5,\"$dad\",\"$mld\"" >>"$RES/flood.csv"
}

stage_flood() {
	echo "== under flood: xdp6d on the DUT; generator floods Echo Requests at full rate"
	rm -f "$RES/flood.csv" "$RES/flood_rate.csv"
	if [ ! -x "$XDP6D" ] || [ ! -x "$XDP6CTL" ]; then
		echo "SKIP flood: $XDP6D / $XDP6CTL not built"
		return
	fi
	start_daemon --mode native -a $DUT_ADDR/64 || { echo "FAIL flood: xdp6d did not start"; return; }
	local t
	if ! t=$(wait_state $DUT_ADDR preferred 10); then
		echo "FAIL flood: $DUT_ADDR not preferred: $t"
		stop_daemon
		return
	fi
	echo "condition,ping_p50_ms,ping_p99_ms,ping_loss_pct,pings_sent,pings_answered,dad,mld" >"$RES/flood.csv"
	: >"$TMP/flood.out"
	# idle: the same programs attached, 100 Echo Requests/s
	gen_bg 100 60 "$TMP/idle_rate.csv"
	ip netns exec "$NS_PEER" ping -6 -n -c 2 -i 0.2 -I $PING_ADDR $DUT_ADDR >/dev/null 2>&1
	flood_checks idle ${DAD_ADDR%::*}::101
	gen_stop
	# flood: the generator's maximum
	gen_bg 0 60 "$RES/flood_rate.csv"
	sleep 2
	flood_checks flood $DAD_ADDR
	gen_stop
	sed 's/^/  /' "$TMP/flood.out"
	ctl stats --json >"$RES/flood_stats.json" 2>/dev/null
	stop_daemon
}

# xstat NAME: XDP counter NAME (packets) from `xdp6ctl stats --json`, summed over interfaces.
xstat() {
	ctl stats --json 2>/dev/null | $PY -c '
import json, sys
print(sum(i.get("xdp", {}).get(sys.argv[1], {}).get("packets", 0) for i in json.load(sys.stdin)))' \
		"$1" 2>/dev/null || echo 0
}

# Per-source fairness (issue 13, xdp6d --src-rate): the generator floods Echo Requests from
# GEN_ADDR at its maximum while PING_ADDR pings every 10 ms, with an interface bucket of
# FAIR_ECHO_RATE, without and with --src-rate FAIR_SRC_RATE. Both sources are in one /64, so
# the key is the address (--rate-key-len 128).
FAIR_ECHO_RATE=20000:2000
FAIR_SRC_RATE=1000:100
stage_fairness() {
	echo "== fairness: generator floods from one source, a second pings every 10 ms;" \
	     "--echo-rate $FAIR_ECHO_RATE, without and with --src-rate $FAIR_SRC_RATE"
	if [ ! -x "$XDP6D" ] || [ ! -x "$XDP6CTL" ]; then
		echo "SKIP fairness: $XDP6D / $XDP6CTL not built"
		return
	fi
	echo "condition,echo_rate,src_rate,pings_sent,pings_answered,flood_replies_per_s," \
		"src_rate_limited_per_s,rate_limited_per_s,seconds" | tr -d ' ' >"$RES/fairness.csv"
	printf '%-9s %12s %18s %22s %22s\n' condition pings flooder_replies/s \
		src-rate-limited/s rate-limited/s
	local cond opts t r0 s0 l0 t0 t1 r1 s1 l1 out secs ans sent
	for cond in off on; do
		opts=(--mode native --no-dad -a $DUT_ADDR/64 --echo-rate $FAIR_ECHO_RATE)
		[ $cond = on ] && opts+=(--src-rate $FAIR_SRC_RATE --rate-key-len 128)
		start_daemon "${opts[@]}" || { echo "FAIL fairness: xdp6d did not start"; return; }
		if ! t=$(wait_state $DUT_ADDR preferred 10); then
			echo "FAIL fairness: $DUT_ADDR not preferred: $t"
			stop_daemon
			return
		fi
		: >"$TMP/flood.out"
		ip netns exec "$NS_PEER" ping -6 -n -c 2 -i 0.2 -I $PING_ADDR $DUT_ADDR >/dev/null 2>&1
		gen_bg 0 60 "$TMP/fair_rate.$cond.csv"
		sleep 2
		r0=$(xstat echo-replied) s0=$(xstat src-rate-limited) l0=$(xstat rate-limited)
		t0=$(date +%s.%N)
		out="$TMP/ping.fair.$cond"
		ip netns exec "$NS_PEER" ping -6 -n -q -c $PINGS -i 0.01 -W 1 -I $PING_ADDR \
			$DUT_ADDR >"$out" 2>&1
		r1=$(xstat echo-replied) s1=$(xstat src-rate-limited) l1=$(xstat rate-limited)
		t1=$(date +%s.%N)
		gen_stop
		if ! daemon_alive "fairness $cond"; then
			stop_daemon
			continue
		fi
		stop_daemon
		sent=$(sed -nE 's/^([0-9]+) packets transmitted.*/\1/p' "$out")
		ans=$(sed -nE 's/.* ([0-9]+) received.*/\1/p' "$out")
		secs=$(echo "$t1 $t0" | awk '{printf "%.2f", $1 - $2}')
		set -- $(echo "$r0 $r1 $s0 $s1 $l0 $l1 ${ans:-0} $secs" |
			awk '{ printf "%d %d %d", ($2 - $1 - $7) / $8, ($4 - $3) / $8, ($6 - $5) / $8 }')
		printf '%-9s %12s %18s %22s %22s\n' $cond "${ans:-?}/${sent:-?}" $1 $2 $3
		echo "$cond,$FAIR_ECHO_RATE,$([ $cond = on ] && echo $FAIR_SRC_RATE),${sent:-},${ans:-},$1,$2,$3,$secs" \
			>>"$RES/fairness.csv"
	done
}

# What one call costs here (tests/bench/calls.bpf.c): each program makes 8 calls of one kind;
# (its BPF_PROG_TEST_RUN time - the empty program's) / 8, median [min-max] of TRIALS runs of
# REPEAT repeats each, the programs taking turns within a trial.
stage_calls() {
	echo "== calls: ns per call of each kind the fast path makes (BPF_PROG_TEST_RUN)"
	local obj=$BUILD/bench/calls.bpf.o dir=/sys/fs/bpf/x6b-calls prog t m vs key
	rm -rf "$dir" "$dir-maps"
	mkdir -p "$dir-maps"
	if ! bpftool prog loadall "$obj" "$dir" pinmaps "$dir-maps" >"$TMP/calls.log" 2>&1; then
		echo "FAIL calls: $(tail -n 3 "$TMP/calls.log" | tr '\n' ' ')"
		rm -rf "$dir" "$dir-maps"
		return
	fi
	key="0x20 0x01 0x0d 0xb8 $(printf '0 %.0s' $(seq 12))"
	for m in c_hash c_lru; do
		vs=$(bpftool -j map show pinned "$dir-maps/$m" | $PY -c 'import json,sys; print(json.load(sys.stdin)["bytes_value"])')
		bpftool map update pinned "$dir-maps/$m" key $key value $(printf '0 %.0s' $(seq "$vs")) ||
			echo "FAIL calls: could not fill $m"
	done
	head -c 128 /dev/zero >"$TMP/calls.pkt"
	: >"$TMP/calls.raw"
	for t in $(seq $TRIALS); do
		for prog in none hash_hit hash_miss lru_hit array percpu_array buff_len ktime; do
			bpftool prog run pinned "$dir/$prog" data_in "$TMP/calls.pkt" repeat $REPEAT 2>&1 |
				sed -nE "s/.*duration \(average\): ([0-9]+)ns.*/$t $prog \1/p" >>"$TMP/calls.raw"
		done
	done
	rm -rf "$dir" "$dir-maps"
	$PY - "$TMP/calls.raw" "$RES/micro_calls.csv" <<'PYEOF'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    t, prog, ns = line.split()
    runs.setdefault(t, {})[prog] = float(ns)
per = {}
for r in runs.values():
    for prog, ns in r.items():
        if prog != "none" and "none" in r:
            per.setdefault(prog, []).append((ns - r["none"]) / 8)
with open(sys.argv[2], "w") as f:
    f.write("call,ns_median,ns_min,ns_max,trials\n")
    print("%-14s %8s %8s %8s" % ("call", "ns", "min", "max"))
    for prog, v in per.items():
        f.write("%s,%.1f,%.1f,%.1f,%d\n" % (prog, statistics.median(v), min(v), max(v), len(v)))
        print("%-14s %8.1f %8.1f %8.1f" % (prog, statistics.median(v), min(v), max(v)))
PYEOF
}

stage_memory() {
	echo "== memory: xdp6d RSS and pinned map memory (bytes) by number of owned addresses"
	if [ ! -x "$XDP6D" ] || [ ! -x "$XDP6CTL" ]; then
		echo "SKIP memory: $XDP6D / $XDP6CTL not built"
		return
	fi
	echo "addrs_wanted,max_entries,addrs_served,seconds_to_add,daemon_rss_kib," \
		"maps_memlock_bytes,addrs_memlock_bytes,note" | tr -d ' ' >"$RES/memory.csv"
	printf '%-9s %-9s %-9s %8s %10s %14s %14s\n' wanted max_ent served add_s rss_KiB maps_bytes addrs_bytes
	local n max args served t0 t1 rss maps am note
	for n in 1 1000 1000000; do
		max=$n; [ $n -gt 1048576 ] && max=1048576
		note=
		args=()
		# up to 1000 on the command line, the rest through the control socket (xdp6bench ctl)
		local on_cmdline=$n; [ $n -gt 1000 ] && on_cmdline=1
		for i in $(seq 1 $on_cmdline); do args+=(-a "${MANY_BASE}$(printf '%x' $i)/64"); done
		t0=$(date +%s.%N)
		start_daemon --mode native --no-dad --no-link-local --max-addrs $max "${args[@]}" ||
			{ echo "FAIL memory $n: xdp6d did not start"; continue; }
		if [ $n -gt $on_cmdline ]; then
			inns "$NS_DUT" "$BENCH" addrs-add --first "${MANY_BASE}$(printf '%x' $((on_cmdline + 1)))" \
				--count $((n - on_cmdline)) --dev "$IF_DUT" --budget $MANY_BUDGET \
				>"$TMP/addrs-add.out" 2>&1
			note=$(tail -n1 "$TMP/addrs-add.out")
		fi
		served=$(ctl addr show --json 2>/dev/null |
			$PY -c 'import json, sys; print(len(json.load(sys.stdin)))' 2>/dev/null)
		t1=$(date +%s.%N)
		rss=$(awk '/VmRSS/ {print $2}' /proc/$DAEMON_PID/status 2>/dev/null)
		maps=0 am=0
		for m in /sys/fs/bpf/xdp6/$IF_DUT/*; do
			local b
			b=$(bpftool map show pinned "$m" 2>/dev/null | sed -n 's/.*memlock \([0-9]*\)B.*/\1/p')
			[ -n "$b" ] || continue
			maps=$((maps + b))
			[ "$(basename "$m")" = addrs ] && am=$b
		done
		printf '%-9s %-9s %-9s %8.1f %10s %14s %14s %s\n' $n $max "${served:-?}" \
			"$(echo "$t1 $t0" | awk '{print $1 - $2}')" "${rss:-?}" $maps $am "$note"
		printf '%s,%s,%s,%.1f,%s,%s,%s,"%s"\n' $n $max "${served:-}" \
			"$(echo "$t1 $t0" | awk '{print $1 - $2}')" "${rss:-}" $maps $am "$note" \
			>>"$RES/memory.csv"
		stop_daemon
	done
}

# tcp_start: a TCP stream from the peer into the DUT kernel (socat, /dev/zero -> /dev/null),
# the "device under TCP load" of the mirror rows; tcp_stop ends it. Started with `ip netns exec`
# itself, not the inns function: a backgrounded function is a subshell, whose $! is not socat.
tcp_start() {
	ip netns exec "$NS_DUT" socat -u "TCP6-LISTEN:$TCP_PORT,reuseaddr" OPEN:/dev/null 2>/dev/null &
	TCP_PIDS="$!"
	sleep 0.3
	ip netns exec "$NS_PEER" socat -u /dev/zero "TCP6:[$DUT_ADDR]:$TCP_PORT" 2>/dev/null &
	TCP_PIDS="$TCP_PIDS $!"
	sleep 0.5
}
tcp_stop() {
	local pid
	for pid in $TCP_PIDS; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
	TCP_PIDS=
}

# mirror_one LABEL MSG: one generator-maximum run against what is attached (xdp6d --mirror)
# or, for labels starting with "kernel", the kernel behind the bench's pass program.
mirror_one() {
	local dut=attached
	case $1 in kernel*) dut=kernel ;; esac
	tput $dut $2 --label "$1" --rates 0 --seconds $SECS --csv "$RES/mirror.csv" ||
		echo "FAIL mirror $1 $2: xdp6bench tput exited $?"
}

stage_mirror() {
	echo "== mirror: the kernel alone vs the kernel + xdp6d --mirror (replies/s, generator max)"
	rm -f "$RES/mirror.csv"
	local load msg run lbl
	kernel_on
	for load in "" +tcp; do
		[ -n "$load" ] && tcp_start
		for run in $(seq $MIRROR_RUNS); do
			for msg in echo ns; do
				mirror_one "kernel$load" $msg
				if start_daemon --mirror; then
					wait_state $DUT_ADDR preferred 5 >/dev/null
					mirror_one "mirror$load" $msg
					daemon_alive "mirror$load $msg"
					stop_daemon
				fi
			done
		done
		[ -n "$load" ] && tcp_stop
	done
	kernel_off
}

# One path's profile: perf samples every CPU at PROFILE_HZ while the micro loop runs that path
# alone (MICRO_ONLY); the program's JIT line info is read while it is loaded. The hardware
# counters are absent on this kind of guest; cpu-clock samples land on the instruction after
# the one that stalled (a call's cost shows on the line after it), so read lines in groups.
profile_path() {	# profile_path PATH
	local path=$1 id= i
	rm -f "$TMP/perf.data" "$TMP/jitlines.txt"
	perf record -q -e cpu-clock -F "${PROFILE_HZ:-20000}" -a -o "$TMP/perf.data" -- \
		env MICRO_ONLY="$path" ip netns exec "$NS_DUT" "$BENCH" micro "${MICRO_ARGS[@]}" \
		--sizes 1 --repeat 3000000 --trials 9 --single 2000 >"$TMP/profile.log" 2>&1 &
	local pid=$!
	for i in $(seq 300); do
		id=$(bpftool prog show name xdp6_main 2>/dev/null | sed -n 's/^\([0-9]*\): .*/\1/p' |
			sort -n | tail -1)
		[ -n "$id" ] && break
		sleep 0.05
	done
	[ -n "$id" ] && "$BENCH" jitlines "$id" >"$TMP/jitlines.txt"
	wait $pid || { echo "FAIL profile $path: the micro loop exited $?"; return; }
	if [ ! -s "$TMP/jitlines.txt" ]; then
		echo "FAIL profile $path: no JIT line info read (program id '${id}')"
		return
	fi
	perf script -i "$TMP/perf.data" -F ip,sym,symoff 2>/dev/null |
		$PY tests/bench/profile.py "$TMP/jitlines.txt" "$path" >"$RES/profile_$path.txt" ||
		{ echo "FAIL profile $path: profile.py"; return; }
	cat "$RES/profile_$path.txt"
}

stage_profile() {
	echo "== profile: where xdp6_main spends its time (perf cpu-clock samples per source line)"
	if ! command -v perf >/dev/null || ! perf stat -e cpu-clock true >/dev/null 2>&1; then
		echo "SKIP profile: perf (linux-perf) is not installed or cannot count cpu-clock"
		return
	fi
	local path
	for path in ${PROFILE_PATHS:-echo-reply ns-na}; do
		profile_path "$path"
	done
}

main() {
	local t_start=$SECONDS
	if [ "$(id -u)" != 0 ]; then
		echo "make bench needs root (namespaces, XDP)"
		exit 1
	fi
	make -s BUILD="$BUILD" bench-build || { echo "FAIL bench-build"; exit 1; }
	# bpffs: rfcfloor_check.py pins there and the daemon stages read its pins; a machine
	# without systemd (a container, a fresh CI box) has it unmounted
	if ! mountpoint -q /sys/fs/bpf; then
		mount -t bpf bpf /sys/fs/bpf || { echo "FAIL bpffs: cannot mount /sys/fs/bpf"; exit 1; }
	fi
	mkdir -p "$RES"
	machine
	rig_up || { echo "FAIL rig: could not build the veth rig"; exit 1; }
	DUT_MAC=$DUT_MAC PEER_MAC=$PEER_MAC DUT_ADDR=$DUT_ADDR GEN_ADDR=$GEN_ADDR \
		$PY tests/bench/frames.py "$TMP/frames" >/dev/null || { echo "FAIL frames.py"; exit 1; }
	for s in $ONLY; do
		"stage_$s"
		echo
	done
	{
		echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
		echo "cache-line round trip CPU $GEN_CPU <-> CPU $DUT_CPU at end: $(pingpong) ns"
	} >>"$RES/machine.txt"
	$PY tests/bench/report.py "$RES" || echo "FAIL report.py"
	echo "bench finished in $((SECONDS - t_start)) s; results in $RES/"
}

main "$@"
