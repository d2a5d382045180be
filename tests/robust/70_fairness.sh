#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Per-source fairness of the reply budget (issue 13, xdp6d --src-rate; README "Per-source
# fairness"): one source floods Echo Requests as fast as the peer can send them while a second
# source, in another /64, pings every 10 ms. With --src-rate the second source gets >= 99 % of
# its replies and the flooder no more than its own budget; without it the flooder spends the
# interface bucket (--echo-rate) alone (checked too, so the rig is known to flood hard enough
# for the first test to mean something; fairness.txt in the log dir has both runs' figures).
set -u
. "$(dirname "$0")/../integration/lib.sh"
x6_init r7 || exit 1

ECHO_RATE=2000:200		# interface bucket, both runs
SRC_RATE=300		# per-source budget, replies/s (burst SRC_BURST)
SRC_BURST=50
FLOODER=2001:db8:0:1::f1	# another /64 than X6_ADDR_PEER (2001:db8::ff)
PINGS=${X6_FAIR_PINGS:-500}	# ping -i 0.01: 5 s

# The flood: one Echo Request built and checksummed by scapy, then sent in a loop from an
# AF_PACKET socket for DUR seconds (scapy's sendp is ~100x slower). Prints frames sent.
RF_FLOOD_PY='
f = bytes(Ether(src=PEER_MAC, dst=DUT_MAC) / IPv6(src=FLOODER, dst=DUT_ADDR, hlim=64) /
          ICMPv6EchoRequest(id=0x70f, seq=1) / Raw(b"x" * 56))
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((IF, 0))
n, end = 0, time.monotonic() + DUR
while time.monotonic() < end:
    for _ in range(256):
        try:
            s.send(f)
            n += 1
        except OSError:
            pass
print(n)
'

# fair_run DAEMON_OPTS...: flood + ping; sets FR_SENT (flood frames), FR_RECEIVED (ping replies),
# FR_FLOOD_REPLIED (echo-replied not for ping), FR_SRC_LIMITED, FR_ELAPSED (flood seconds).
fair_run()
{
	local before=$X6_LOGDIR/stats.before out dur t0 t1 replied

	x6_daemon_start --no-dad -a "$X6_ADDR_DUT/$X6_PLEN" --echo-rate "$ECHO_RATE" "$@" ||
		{ X6_WHY="$X6_WHY"; return 1; }
	x6_wait_addr "$X6_ADDR_DUT" preferred || return 1
	# neighbor resolved before the flood: the NS/NA exchange is not what is measured
	x6_peer ping -6 -n -c 1 -W 2 "$X6_ADDR_DUT" >/dev/null ||
		{ X6_WHY="no reply before the flood"; return 1; }
	x6_stats_json >"$before" || { X6_WHY="xdp6ctl stats failed"; return 1; }
	dur=$((PINGS / 100 + 3))
	t0=$(date +%s.%N)
	X6_SCAPY_TIMEOUT=$((dur + 30)) x6_scapy "FLOODER, DUR = '$FLOODER', $dur$RF_FLOOD_PY" \
		>"$X6_LOGDIR/flood.out" &
	local fpid=$!
	sleep 2		# scapy's import, then the flood is on
	out=$(x6_peer ping -6 -n -q -i 0.01 -c "$PINGS" -W 1 -I "$X6_ADDR_PEER" "$X6_ADDR_DUT")
	wait "$fpid"
	t1=$(date +%s.%N)
	FR_SENT=$(tail -n 1 "$X6_LOGDIR/flood.out")
	[[ $FR_SENT =~ ^[0-9]+$ ]] || { X6_WHY="flood sender: $(tail -n 3 "$X6_LOGDIR/flood.out")"
					 return 1; }
	FR_RECEIVED=$(sed -nE 's/.* ([0-9]+) received.*/\1/p' <<<"$out")
	[[ $FR_RECEIVED =~ ^[0-9]+$ ]] || { X6_WHY="ping output: $out"; return 1; }
	replied=$(x6_stat_delta "$before" echo-replied) || { X6_WHY="stats"; return 1; }
	FR_FLOOD_REPLIED=$((replied - FR_RECEIVED))
	FR_SRC_LIMITED=$(x6_stat_delta "$before" src-rate-limited) || { X6_WHY="stats"; return 1; }
	FR_ELAPSED=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%d", b - a + 1 }')
	echo "opts [$*] flood $FR_SENT frames in ${dur}s; ping $FR_RECEIVED/$PINGS;" \
	     "flooder replies $FR_FLOOD_REPLIED; src-rate-limited $FR_SRC_LIMITED" \
		>>"$X6_LOGDIR/fairness.txt"
	cat "$X6_LOGDIR/fairness.txt" >&2
}

flood_with_src_rate_second_source_gets_99pct_flooder_its_budget()
{
	local budget

	fair_run --src-rate "$SRC_RATE:$SRC_BURST" || { x6_fail "$X6_WHY"; return; }
	[ "$FR_RECEIVED" -ge $((PINGS * 99 / 100)) ] ||
		{ x6_fail "second source: $FR_RECEIVED of $PINGS replies (want >= 99 %);" \
			  "flood $FR_SENT frames"; return; }
	# its rate over the whole time the flood could run, plus one burst
	budget=$((SRC_RATE * FR_ELAPSED + SRC_BURST))
	[ "$FR_FLOOD_REPLIED" -le "$budget" ] ||
		{ x6_fail "flooder got $FR_FLOOD_REPLIED replies, budget $budget"; return; }
	[ "$FR_SRC_LIMITED" -gt 0 ] && [ "$FR_SENT" -gt "$budget" ] ||
		{ x6_fail "the flood ($FR_SENT frames) never hit its budget"; return; }
}

flood_without_src_rate_flooder_takes_the_interface_budget()
{
	local budget

	fair_run || { x6_fail "$X6_WHY"; return; }
	# Without fairness the flooder is limited by the interface bucket only: it gets far more
	# than its --src-rate budget would be. How many pings the second source loses depends on
	# how bursty the flood is (this python sender leaves gaps when it is descheduled, and
	# pings landing in a gap find tokens); make bench floods with the in-kernel generator.
	budget=$((SRC_RATE * FR_ELAPSED + SRC_BURST))
	[ "$FR_FLOOD_REPLIED" -gt $((2 * budget)) ] ||
		{ x6_fail "flooder got only $FR_FLOOD_REPLIED replies without fairness (flood" \
			  "$FR_SENT frames): too weak to show anything"; return; }
	[ "$FR_SRC_LIMITED" -eq 0 ] || { x6_fail "src-rate-limited without --src-rate"; return; }
}

x6_main \
	flood_with_src_rate_second_source_gets_99pct_flooder_its_budget \
	flood_without_src_rate_flooder_takes_the_interface_budget
