#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# The peer outside the VM (issue 11): run inside the VM by tests/vm/guest.sh on the virtio rig,
# xdp6d serves 2001:db8::1 on the DUT NIC, and the host side of the wire (the bridge of the
# taps, in tests/vm/run.sh's network namespace) pings and ndisc6's it: the requests cross qemu's
# tap and the virtio-net driver, the replies go back through XDP_TX and are counted by XDP.
# The two sides talk through files in the "out" share ($X6_VM_OUT): outside.req (what to run),
# then run.sh writes outside.res (the host's ping and ndisc6 output).
. "$(dirname "$0")/../integration/lib.sh"
x6_init vo || exit 1

N_PING=5
HOST_ADDR=2001:db8::fe		# run.sh's bridge address for this test

# od_ask WHAT: ask run.sh to run WHAT against $X6_ADDR_DUT; its output into OD_OUT.
od_ask()
{
	local req=$X6_VM_OUT/outside.req res=$X6_VM_OUT/outside.res

	rm -f "$res"
	printf '%s %s %s %s\n' "$1" "$X6_ADDR_DUT" "$HOST_ADDR" "$N_PING" >"$req.new" &&
		mv "$req.new" "$req"
	# the host is not under TCG; the bound is for the ping and ndisc6 timeouts
	x6_wait 20 test -e "$res" || { X6_WHY="run.sh did not answer $req"; return 1; }
	OD_OUT=$(cat "$res")
}

host_side_pings_and_ndisc6s_xdp6_address_replies_counted_by_xdp()
{
	local before=$X6_LOGDIR/stats.out d

	[ -d "${X6_VM_OUT:-}" ] || { x6_skip "not in the VM rig (X6_VM_OUT unset)"; return; }
	x6_daemon_start -a "$X6_ADDR_DUT/$X6_PLEN" || { x6_fail "$X6_WHY"; return; }
	x6_wait_addr "$X6_ADDR_DUT" preferred || { x6_fail "$X6_WHY"; return; }
	x6_stats_json >"$before" || { x6_fail "xdp6ctl stats failed"; return; }
	od_ask ping-ndisc6 || { x6_fail "$X6_WHY"; return; }
	echo "$OD_OUT" | sed 's/^/# host: /'
	echo "$OD_OUT" | grep -q "^$N_PING packets transmitted, $N_PING received" ||
		{ x6_fail "host ping: $(echo "$OD_OUT" | grep -m1 transmitted)"; return; }
	echo "$OD_OUT" | grep -qi "Target link-layer address: $X6_MAC_DUT" ||
		{ x6_fail "host ndisc6 did not print $X6_MAC_DUT"; return; }
	d=$(x6_stat_delta "$before" echo-replied) || { x6_fail "no echo-replied"; return; }
	[ "$d" -ge "$N_PING" ] || { x6_fail "echo-replied grew by $d, want $N_PING"; return; }
	d=$(x6_stat_delta "$before" na-sent) || { x6_fail "no na-sent"; return; }
	[ "$d" -ge 1 ] || { x6_fail "na-sent grew by $d, want >= 1 (ndisc6)"; return; }
}

x6_main host_side_pings_and_ndisc6s_xdp6_address_replies_counted_by_xdp
