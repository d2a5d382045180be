#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Composition through the libxdp dispatcher (issue 11; run inside the VM by tests/vm/guest.sh,
# where the kernel allows the dispatcher): xdp6 beside xdp-filter and a program loaded with
# xdp-loader (tests/vm/xdp_count.bpf.c), both from Debian's xdp-tools, on the DUT NIC. All three
# are attached, all three count while xdp6 answers ping and ndisc6, and xdp6d's SIGTERM removes
# xdp6 alone. The chain's order (libxdp runs lower priorities first, a program's XDP_PASS goes
# on to the next): xdp-filter 10 (its programs' default), xdp6 50 (libxdp's default, xdp6d's
# --priority default), xdp_count 60 (given here), so xdp_count sees only what xdp6 passed; then
# xdp6d --priority 5 ahead of xdp-filter.
# Needs X6_RIG=virtio (or any rig whose kernel runs the dispatcher); SKIPs where libxdp falls back
# to a single program.
. "$(dirname "$0")/../integration/lib.sh"
x6_init vc || exit 1

COUNT_OBJ=$X6_BUILD/vm/xdp_count.bpf.o
# xdp-loader -p: where xdp_count's map is pinned by name (no dot: bpffs refuses dots, EPERM)
COUNT_PIN=/sys/fs/bpf/${X6_PREFIX}_count
COUNT_PRIO=60
UDP_PORT=4001
N_PING=5

# cm_status: `xdp-loader status` of the DUT NIC into CM_STATUS; the chain (" => PRIO NAME ...")
# as "PRIO:NAME ..." into CM_CHAIN.
cm_status()
{
	CM_STATUS=$(x6_dut xdp-loader status "$X6_IF_DUT" 2>&1)
	CM_CHAIN=$(echo "$CM_STATUS" |
		awk '$1 == "=>" { printf "%s%s:%s", sep, $2, $3; sep = " " }')
}

# cm_filter_pass: packets xdp-filter counted under XDP_PASS (`xdp-filter status`).
cm_filter_pass()
{
	x6_dut xdp-filter status 2>/dev/null | awk '$1 == "XDP_PASS" { print $2; exit }'
}

# cm_count: frames xdp_count saw (its pinned array, key 0).
cm_count()
{
	bpftool map lookup pinned "$COUNT_PIN/x6_count" key 0 0 0 0 -j 2>/dev/null |
		"$X6_PY" -c 'import json, sys; v = json.load(sys.stdin)["value"]
print(int.from_bytes(bytes(int(b, 16) for b in v), "little") if isinstance(v, list) else v)'
}

# cm_udp N: N UDP datagrams from the peer's stack to the DUT address: xdp6 passes them
# (pass-not-icmp6, --unserved pass), so they reach the program after it.
cm_udp()
{
	x6_peer bash -c "for i in \$(seq $1); do echo x6 >/dev/udp/$X6_ADDR_DUT/$UDP_PORT; done"
}

cm_ping()
{
	# -w: wait for every reply (with -c alone ping gives up on the last one after two RTTs)
	x6_peer ping -6 -c "$N_PING" -i 0.2 -w "$(x6_t 3)" "$X6_ADDR_DUT" 2>&1 |
		awk '/transmitted/ { print $4 }'
}

three_programs_attached_through_the_libxdp_dispatcher()
{
	local out

	[ -e "$COUNT_OBJ" ] || { x6_fail "$COUNT_OBJ missing (make test-vm builds it)"; return; }
	out=$(x6_dut xdp-filter load -m native "$X6_IF_DUT" 2>&1) ||
		{ x6_fail "xdp-filter load: $out"; return; }
	out=$(x6_dut xdp-loader load -m native -p "$COUNT_PIN" -P "$COUNT_PRIO" "$X6_IF_DUT" \
		"$COUNT_OBJ" 2>&1) || { x6_fail "xdp-loader load: $out"; return; }
	cm_status
	if ! echo "$CM_STATUS" | grep -q xdp_dispatcher; then
		x6_skip "libxdp did not use its dispatcher here:" \
			"$(echo "$CM_STATUS" | tr -s ' \n' ' ')"
		return
	fi
	x6_daemon_start -a "$X6_ADDR_DUT/$X6_PLEN" || { x6_fail "$X6_WHY"; return; }
	x6_wait_addr "$X6_ADDR_DUT" preferred || { x6_fail "$X6_WHY"; return; }
	cm_status
	echo "# xdp-loader status: chain $CM_CHAIN"
	case " $CM_CHAIN " in
	*:xdpfilt_*" "*:xdp6_main" "*:xdp_count" "*) ;;
	*) x6_fail "want xdpfilt_*, xdp6_main, xdp_count in this order, got: $CM_CHAIN"; return ;;
	esac
	grep -q "through the libxdp dispatcher" "$X6_DAEMON_LOG" ||
		{ x6_fail "xdp6d did not say it joined the dispatcher:" \
			"$(tail -n 3 "$X6_DAEMON_LOG")"
		  return; }
}

all_three_count_while_xdp6_answers_ping_and_ndisc6()
{
	local f0 f1 c0 c1 before=$X6_LOGDIR/stats.cm got out d

	x6_daemon_running || { x6_fail "xdp6d not running (previous test failed)"; return; }
	x6_stats_json >"$before" || { x6_fail "xdp6ctl stats failed"; return; }
	f0=$(cm_filter_pass) && c0=$(cm_count) ||
		{ x6_fail "no xdp-filter or xdp_count counter"; return; }
	got=$(cm_ping)
	[ "$got" = "$N_PING" ] || { x6_fail "ping: $got of $N_PING replies"; return; }
	x6_peer ip -6 neigh flush dev "$X6_IF_PEER"
	out=$(x6_peer timeout "$(x6_t 10)" ndisc6 -1 -n -r 3 -w "$(x6_t 1)000" "$X6_ADDR_DUT" \
		"$X6_IF_PEER" 2>&1)
	echo "$out" | grep -qi "$X6_MAC_DUT" ||
		{ x6_fail "ndisc6: $(echo "$out" | tr '\n' ' ')"; return; }
	cm_udp 3
	sleep "$(x6_t 1)"
	f1=$(cm_filter_pass) && c1=$(cm_count) || { x6_fail "counters vanished"; return; }
	d=$(x6_stat_delta "$before" echo-replied) || { x6_fail "no echo-replied"; return; }
	[ "$d" -eq "$N_PING" ] || { x6_fail "xdp6 echo-replied grew by $d, want $N_PING"; return; }
	d=$(x6_stat_delta "$before" na-sent) || { x6_fail "no na-sent"; return; }
	[ "$d" -ge 1 ] || { x6_fail "xdp6 na-sent grew by $d"; return; }
	d=$(x6_stat_delta "$before" pass-not-icmp6) || { x6_fail "no pass-not-icmp6"; return; }
	[ "$d" -ge 3 ] ||
		{ x6_fail "xdp6 pass-not-icmp6 grew by $d, want the 3 datagrams"; return; }
	# xdp-filter (first) saw the requests xdp6 answered, xdp_count (after xdp6) the datagrams
	[ $((f1 - f0)) -ge $((N_PING + 3)) ] ||
		{ x6_fail "xdp-filter XDP_PASS grew by $((f1 - f0)), want >= $((N_PING + 3))"
		  return; }
	[ $((c1 - c0)) -ge 3 ] || { x6_fail "xdp_count grew by $((c1 - c0)), want >= 3"; return; }
	echo "# xdp-filter +$((f1 - f0)), xdp6 echo-replied +$N_PING, xdp_count +$((c1 - c0))"
}

sigterm_detaches_xdp6_alone_others_keep_running()
{
	local c0 c1 f0 f1

	x6_daemon_running || { x6_fail "xdp6d not running (previous test failed)"; return; }
	x6_daemon_stop TERM || { x6_fail "xdp6d needed SIGKILL"; return; }
	[ "$X6_DAEMON_RC" = 0 ] || { x6_fail "xdp6d exited $X6_DAEMON_RC on SIGTERM"; return; }
	cm_status
	case " $CM_CHAIN " in
	*:xdp6_main" "*) x6_fail "xdp6_main still attached: $CM_CHAIN"; return ;;
	*:xdpfilt_*" "*:xdp_count" "*) ;;
	*) x6_fail "want xdpfilt_* and xdp_count left, got: $CM_CHAIN"; return ;;
	esac
	x6_pinned && { x6_fail "$X6_PIN_DIR still pinned"; return; }
	f0=$(cm_filter_pass) && c0=$(cm_count) || { x6_fail "no counters"; return; }
	cm_udp 4
	sleep "$(x6_t 1)"
	f1=$(cm_filter_pass) && c1=$(cm_count) || { x6_fail "counters vanished"; return; }
	[ $((f1 - f0)) -ge 4 ] && [ $((c1 - c0)) -ge 4 ] ||
		{ x6_fail "after xdp6 left: xdp-filter +$((f1 - f0)), xdp_count +$((c1 - c0))"
		  return; }
}

# --priority (README "Supported kernels and NICs"): at libxdp's default 50 xdp6 runs after
# xdp-filter (10), which decides what reaches it, as a firewall does before the kernel's ND: a
# rule dropping the peer's address drops its NS and Echo Requests before xdp6 sees them. With
# --priority 5 xdp6 runs first and answers them (XDP_TX ends the chain there).
priority_5_answers_before_a_filter_that_drops_the_peer()
{
	local got prio out

	x6_daemon_stop
	out=$(x6_dut xdp-filter ip -m src "$X6_ADDR_PEER" 2>&1) ||
		{ x6_fail "xdp-filter ip: $out"; return; }
	x6_daemon_start -a "$X6_ADDR_DUT/$X6_PLEN" && x6_wait_addr "$X6_ADDR_DUT" preferred ||
		{ x6_fail "$X6_WHY"; return; }
	x6_peer ip -6 neigh flush dev "$X6_IF_PEER"
	got=$(cm_ping)
	[ "$got" = 0 ] ||
		{ x6_fail "priority 50, behind a filter dropping the peer: $got replies"; return; }
	x6_daemon_stop
	x6_daemon_start --priority 5 -a "$X6_ADDR_DUT/$X6_PLEN" &&
		x6_wait_addr "$X6_ADDR_DUT" preferred || { x6_fail "$X6_WHY"; return; }
	cm_status
	echo "# xdp-loader status: chain $CM_CHAIN"
	case "$CM_CHAIN " in
	5:xdp6_main" "*:xdpfilt_*) ;;
	*) x6_fail "want xdp6_main at 5 first, then xdpfilt_*, got: $CM_CHAIN"; return ;;
	esac
	prio=$(x6_ctl status --json | "$X6_PY" -c '
import json, sys; print(json.load(sys.stdin)["interfaces"][0]["run_priority"])')
	[ "$prio" = 5 ] || { x6_fail "status run_priority '$prio', want 5"; return; }
	x6_peer ip -6 neigh flush dev "$X6_IF_PEER"
	got=$(cm_ping)
	[ "$got" = "$N_PING" ] ||
		{ x6_fail "priority 5, before the filter: $got of $N_PING replies"; return; }
	x6_dut xdp-filter ip -r -m src "$X6_ADDR_PEER" >/dev/null 2>&1
}

# At exit, before the rig's cleanup: unload what the tests loaded (the rig detaches XDP anyway,
# but xdp-filter's and xdp_count's pins live in bpffs).
cm_unload()
{
	if [ "$X6_RIG_UP" = 1 ]; then
		[ -n "$X6_DAEMON_PID" ] && x6_daemon_stop TERM
		x6_dut xdp-loader unload --all "$X6_IF_DUT" >/dev/null 2>&1
		x6_dut xdp-filter unload "$X6_IF_DUT" >/dev/null 2>&1
	fi
	rm -rf "$COUNT_PIN"
	x6_cleanup
}
trap cm_unload EXIT

x6_main \
	three_programs_attached_through_the_libxdp_dispatcher \
	all_three_count_while_xdp6_answers_ping_and_ndisc6 \
	sigterm_detaches_xdp6_alone_others_keep_running \
	priority_5_answers_before_a_filter_that_drops_the_peer
