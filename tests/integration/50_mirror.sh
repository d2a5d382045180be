#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Mirror mode end to end (xdp6d --mirror, issue 12): the DUT kernel's IPv6 is ON and owns the
# addresses (ip addr, its DAD, TCP); xdp6d follows them over rtnetlink and answers Echo (RFC 4443
# §4.2) and NS (RFC 4861 §7.2.4) for them in XDP, passing everything else to the kernel. Proofs
# come from outside the code under test: the kernel's own counters (/proc/net/snmp6), its
# address and neighbor tables (ip), the peer kernel's ping and neighbor table, and tcpdump.
set -u
. "$(dirname "$0")/lib.sh"
x6_init m || exit 1

ADDR_A=2001:db8::1		# added with DAD, answered in XDP
ADDR_DEL=2001:db8::4		# added, then deleted
ADDR_DOWN=2001:db8::5		# deleted while xdp6d is down (SIGKILL)
ADDR_DUP=2001:db8::a1		# the peer's: the DUT kernel's DAD must fail
MAC_NEW=02:00:00:00:00:33	# the DUT's MAC after the change
TCP_PORT=7777
PEER_NEW=2001:db8::f2		# a peer address XDP has never seen: its NS is a new record

# The DUT kernel's IPv6 on (the rig turns it off for owner mode), its link-local through DAD.
m_kernel_on()
{
	[ "$(x6_dut sysctl -n "net.ipv6.conf.$X6_IF_DUT.disable_ipv6")" = 0 ] && return 0
	x6_dut sysctl -qw "net.ipv6.conf.$X6_IF_DUT.disable_ipv6=0" &&
		x6_dut sysctl -qw "net.ipv6.conf.$X6_IF_DUT.accept_dad=1" &&
		x6_dut sysctl -qw "net.ipv6.conf.$X6_IF_DUT.dad_transmits=1" || return 1
	x6_wait 5 m_kernel_ll_ready
}

m_kernel_ll_ready()
{
	x6_dut ip -6 -o addr show dev "$X6_IF_DUT" scope link | grep -v tentative | grep -q fe80
}

# m_kaddr_flags ADDR: the kernel's line for ADDR on the DUT veth (flags: tentative, dadfailed).
m_kaddr_line()
{
	x6_dut ip -6 -o addr show dev "$X6_IF_DUT" | grep " $1/"
}

m_kaddr_ready()
{
	local l

	l=$(m_kaddr_line "$1") && ! grep -q tentative <<<"$l"
}

# m_kaddr_add ADDR: ip addr add with the kernel's DAD; waits until it is assigned.
m_kaddr_add()
{
	m_kaddr_line "$1" >/dev/null && return 0
	x6_dut ip -6 addr add "$1/$X6_PLEN" dev "$X6_IF_DUT" &&
		x6_wait 5 m_kaddr_ready "$1"
}

m_daemon()
{
	m_kernel_on || { X6_WHY="cannot turn the DUT kernel's IPv6 on"; return 1; }
	x6_daemon_ensure --mirror
}

# m_snmp NAME: the DUT kernel's counter NAME from /proc/net/snmp6.
m_snmp()
{
	x6_dut awk -v n="$1" '$1 == n { print $2 }' /proc/net/snmp6
}

# m_map_state ADDR: the state field of ADDR in the pinned addrs map, or "absent".
m_map_state()
{
	local key

	key=$("$X6_PY" -c 'import socket,sys
print(" ".join(str(b) for b in socket.inet_pton(socket.AF_INET6, sys.argv[1])))' "$1")
	# shellcheck disable=SC2086
	bpftool -j map lookup pinned "$X6_PIN_DIR/addrs" key $key 2>/dev/null |
		"$X6_PY" -c 'import json,sys
try:
    j = json.load(sys.stdin)
except ValueError:
    j = None
v = j.get("formatted", {}).get("value") if isinstance(j, dict) else None
print(v.get("state", "?") if isinstance(v, dict) else "absent")'
}

m_map_is()
{
	[ "$(m_map_state "$1")" = "$2" ]
}

t_status_says_mirror()
{
	local st

	m_daemon || { x6_fail "$X6_WHY"; return; }
	st=$(x6_ctl status --json) || { x6_fail "status failed"; return; }
	x6_json 'e = j["interfaces"][0]; assert e["role"] == "mirror", e; assert e["xsk_queues"] == 0, e' \
		<<<"$st" || { x6_fail "status --json: $X6_WHY"; return; }
	x6_ctl status | grep -q "mirror mode: the kernel owns the addresses" ||
		{ x6_fail "status text does not say mirror mode"; return; }
	x6_ctl addr add 2001:db8::77 dev "$X6_IF_DUT" 2>"$X6_LOGDIR/refuse.err" &&
		{ x6_fail "xdp6ctl addr add accepted in mirror mode"; return; }
	grep -q "mirror mode" "$X6_LOGDIR/refuse.err" ||
		{ x6_fail "refusal does not say why: $(cat "$X6_LOGDIR/refuse.err")"; return; }
}

t_ip_addr_add_is_answered_in_xdp_not_by_the_kernel()
{
	local before k0 k1 d

	m_daemon || { x6_fail "$X6_WHY"; return; }
	m_kaddr_add "$ADDR_A" || { x6_fail "kernel never assigned $ADDR_A"; return; }
	x6_wait 3 x6_addr_is "$ADDR_A" preferred ||
		{ x6_fail "$ADDR_A not mirrored as preferred"; return; }
	before=$X6_LOGDIR/add.stats
	x6_stats_json >"$before" || { x6_fail "stats"; return; }
	k0=$(m_snmp Icmp6InEchos)
	x6_peer ping -6 -c 5 -i 0.05 -W 2 "$ADDR_A" >/dev/null ||
		{ x6_fail "no echo reply from $ADDR_A"; return; }
	k1=$(m_snmp Icmp6InEchos)
	d=$(x6_stat_delta "$before" echo-replied) || { x6_fail "stats"; return; }
	[ "$d" -ge 5 ] || { x6_fail "echo-replied moved by $d, want >= 5"; return; }
	[ "$k1" = "$k0" ] || { x6_fail "kernel Icmp6InEchos moved $k0 -> $k1: XDP did not answer"; return; }
}

t_ip_addr_del_is_no_longer_answered_by_xdp()
{
	local before d

	m_daemon || { x6_fail "$X6_WHY"; return; }
	m_kaddr_add "$ADDR_DEL" || { x6_fail "kernel never assigned $ADDR_DEL"; return; }
	x6_wait 3 m_map_is "$ADDR_DEL" XDP6_ADDR_PREFERRED || { x6_fail "$ADDR_DEL not in the addrs map"; return; }
	x6_dut ip -6 addr del "$ADDR_DEL/$X6_PLEN" dev "$X6_IF_DUT" || { x6_fail "ip addr del"; return; }
	# one netlink event: well under a second
	x6_wait 1 m_map_is "$ADDR_DEL" absent ||
		{ x6_fail "$ADDR_DEL still in the addrs map 1 s after ip addr del"; return; }
	before=$X6_LOGDIR/del.stats
	x6_stats_json >"$before" || { x6_fail "stats"; return; }
	x6_peer ping -6 -c 2 -i 0.2 -W 1 "$ADDR_DEL" >/dev/null 2>&1 &&
		{ x6_fail "$ADDR_DEL still answered after ip addr del"; return; }
	d=$(x6_stat_delta "$before" echo-replied) || { x6_fail "stats"; return; }
	[ "$d" -eq 0 ] || { x6_fail "echo-replied moved by $d after the delete"; return; }
}

t_tcp_is_served_by_the_kernel_while_xdp_answers_ping()
{
	local before d got spid

	m_daemon || { x6_fail "$X6_WHY"; return; }
	m_kaddr_add "$ADDR_A" || { x6_fail "kernel never assigned $ADDR_A"; return; }
	x6_dut timeout 20 socat -T 5 "TCP6-LISTEN:$TCP_PORT,bind=[$ADDR_A],reuseaddr,fork" \
		SYSTEM:"echo served-by-kernel" >/dev/null 2>&1 &
	spid=$!
	before=$X6_LOGDIR/tcp.stats
	x6_stats_json >"$before" || { x6_fail "stats"; kill "$spid"; return; }
	x6_peer ping -6 -c 20 -i 0.05 -W 2 "$ADDR_A" >/dev/null 2>&1 &
	got=
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		got=$(x6_peer timeout 5 socat -T 3 - "TCP6:[$ADDR_A]:$TCP_PORT" </dev/null 2>/dev/null) &&
			[ -n "$got" ] && break
		sleep 0.2
	done
	wait %?"ping" 2>/dev/null
	kill "$spid" 2>/dev/null
	wait "$spid" 2>/dev/null
	[ "$got" = served-by-kernel ] || { x6_fail "TCP to $ADDR_A got '$got'"; return; }
	d=$(x6_stat_delta "$before" echo-replied) || { x6_fail "stats"; return; }
	[ "$d" -ge 20 ] || { x6_fail "echo-replied moved by $d during TCP, want >= 20"; return; }
}

m_dup_cleanup()
{
	x6_dut ip -6 addr del "$ADDR_DUP/$X6_PLEN" dev "$X6_IF_DUT" 2>/dev/null
	x6_peer ip -6 addr del "$ADDR_DUP/$X6_PLEN" dev "$X6_IF_PEER" 2>/dev/null
	return 0
}

t_kernel_dad_against_the_peer_ends_dadfailed_never_answered()
{
	m_dup_check
	m_dup_cleanup
}

m_dup_check()
{
	local before d l

	m_daemon || { x6_fail "$X6_WHY"; return; }
	x6_peer ip -6 addr add "$ADDR_DUP/$X6_PLEN" dev "$X6_IF_PEER" nodad 2>/dev/null
	before=$X6_LOGDIR/dad.stats
	x6_stats_json >"$before" || { x6_fail "stats"; return; }
	x6_dut ip -6 addr add "$ADDR_DUP/$X6_PLEN" dev "$X6_IF_DUT" || { x6_fail "ip addr add"; return; }
	x6_wait 5 eval 'm_kaddr_line "$ADDR_DUP" | grep -q dadfailed' ||
		{ x6_fail "kernel DAD did not fail: $(m_kaddr_line "$ADDR_DUP")"; return; }
	x6_wait 2 m_map_is "$ADDR_DUP" XDP6_ADDR_DUPLICATE ||
		{ x6_fail "addrs map says $(m_map_state "$ADDR_DUP"), want duplicate"; return; }
	l=$(x6_addr_field "$ADDR_DUP" state) && [ "$l" = duplicate ] ||
		{ x6_fail "xdp6ctl addr show says '$l'"; return; }
	for r in na-sent na-dad-defended; do
		d=$(x6_stat_delta "$before" $r) || { x6_fail "stats"; return; }
		[ "$d" -eq 0 ] || { x6_fail "$r moved by $d: XDP answered for the peer's address"; return; }
	done
}

t_echo_ignore_all_means_nobody_answers_echo()
{
	local before d

	m_daemon || { x6_fail "$X6_WHY"; return; }
	m_kaddr_add "$ADDR_A" || { x6_fail "kernel never assigned $ADDR_A"; return; }
	x6_dut sysctl -qw net.ipv6.icmp.echo_ignore_all=1 || { x6_fail "sysctl"; return; }
	sleep 1.5		# the settings are re-read every second
	before=$X6_LOGDIR/ign.stats
	x6_stats_json >"$before" || { x6_fail "stats"; return; }
	if x6_peer ping -6 -c 3 -i 0.2 -W 1 "$ADDR_A" >/dev/null 2>&1; then
		x6_dut sysctl -qw net.ipv6.icmp.echo_ignore_all=0
		x6_fail "echo answered with echo_ignore_all=1"
		return
	fi
	d=$(x6_stat_delta "$before" echo-ignored)
	x6_dut sysctl -qw net.ipv6.icmp.echo_ignore_all=0
	[ "${d:-0}" -ge 3 ] || { x6_fail "echo-ignored moved by ${d:-?}, want >= 3"; return; }
	sleep 1.5
	x6_peer ping -6 -c 1 -W 2 "$ADDR_A" >/dev/null ||
		{ x6_fail "echo not answered again after echo_ignore_all=0"; return; }
}

m_kernel_has_peer_stale()
{
	x6_dut ip -6 neigh show dev "$X6_IF_DUT" "$PEER_NEW" | grep -qi "$X6_MAC_PEER.*STALE"
}

t_neighbor_learned_in_xdp_reaches_the_kernel_stale_without_its_own_ns()
{
	local pcap n before

	m_daemon || { x6_fail "$X6_WHY"; return; }
	m_kaddr_add "$ADDR_A" || { x6_fail "kernel never assigned $ADDR_A"; return; }
	x6_dut ip -6 neigh flush dev "$X6_IF_DUT"
	x6_peer ip -6 neigh flush dev "$X6_IF_PEER"
	x6_capture_start nsdut "ether src $X6_MAC_DUT and icmp6" ||
		{ x6_fail "tcpdump: $X6_WHY"; return; }
	before=$X6_LOGDIR/neigh.stats
	x6_stats_json >"$before" || { x6_fail "stats"; return; }
	x6_peer ndisc6 -q -r 1 -w 1000 "$ADDR_A" "$X6_IF_PEER" >/dev/null ||
		{ x6_capture_stop nsdut >/dev/null; x6_fail "ndisc6 got no NA"; return; }
	# the peer kernel resolves us itself (its NS answered in XDP): REACHABLE
	x6_peer ip -6 addr add "$PEER_NEW/$X6_PLEN" dev "$X6_IF_PEER" nodad 2>/dev/null
	x6_peer ping -6 -c 1 -W 2 -I "$PEER_NEW" "$ADDR_A" >/dev/null ||
		{ x6_capture_stop nsdut >/dev/null; x6_fail "ping"; return; }
	x6_peer ip -6 neigh show dev "$X6_IF_PEER" "$ADDR_A" | grep -q REACHABLE ||
		{ x6_capture_stop nsdut >/dev/null; x6_fail "peer's entry for us: $(x6_peer ip -6 neigh show "$ADDR_A")"; return; }
	x6_wait 3 m_kernel_has_peer_stale ||
		{ x6_capture_stop nsdut >/dev/null
		  x6_fail "DUT kernel neighbor table: '$(x6_dut ip -6 neigh show dev "$X6_IF_DUT")'"; return; }
	pcap=$(x6_capture_stop nsdut)
	n=$(x6_tshark "$pcap" "icmpv6.type == 135" frame.number | wc -l)
	[ "$n" -eq 0 ] || { x6_fail "the DUT sent $n NS of its own"; return; }
	n=$(x6_stat_delta "$before" mirror-neigh-written) || { x6_fail "stats"; return; }
	[ "$n" -ge 1 ] || { x6_fail "mirror-neigh-written moved by $n"; return; }
	# RFC 4861 §7.2.3 / issue 12: a PERMANENT entry with another MAC is never overridden
	# (scapy: an NS from the peer with another SLLA changes XDP's record, which is exported)
	x6_dut ip -6 neigh replace "$PEER_NEW" lladdr 02:00:00:00:00:99 nud permanent \
		dev "$X6_IF_DUT"
	x6_scapy 'sendp(Ether(src=PEER_MAC, dst=solnode_mac(DUT_ADDR)) /
		IPv6(src="'"$PEER_NEW"'", dst=solnode(DUT_ADDR)) / ICMPv6ND_NS(tgt=DUT_ADDR) /
		ICMPv6NDOptSrcLLAddr(lladdr="02:00:00:00:00:98"), iface=IF)' ||
		{ x6_fail "scapy"; return; }
	sleep 1
	n=$(x6_stat_delta "$before" mirror-neigh-kept) || { x6_fail "stats"; return; }
	x6_dut ip -6 neigh show dev "$X6_IF_DUT" "$PEER_NEW" | grep -q "02:00:00:00:00:99.*PERMANENT" ||
		{ x6_fail "PERMANENT entry overridden: $(x6_dut ip -6 neigh show dev "$X6_IF_DUT")"; return; }
	[ "$n" -ge 1 ] || { x6_fail "mirror-neigh-kept moved by $n: the record was not seen"; return; }
	x6_dut ip -6 neigh del "$PEER_NEW" dev "$X6_IF_DUT"
	x6_peer ip -6 addr del "$PEER_NEW/$X6_PLEN" dev "$X6_IF_PEER"
}

t_mac_change_updates_replies_at_once()
{
	local tlla

	m_daemon || { x6_fail "$X6_WHY"; return; }
	m_kaddr_add "$ADDR_A" || { x6_fail "kernel never assigned $ADDR_A"; return; }
	x6_dut ip link set dev "$X6_IF_DUT" address "$MAC_NEW" || { x6_fail "ip link set"; return; }
	sleep 0.3
	tlla=$(x6_peer ndisc6 -r 1 -w 1000 "$ADDR_A" "$X6_IF_PEER" 2>&1 | awk '/link-layer address/ { print tolower($NF) }')
	x6_dut ip link set dev "$X6_IF_DUT" address "$X6_MAC_DUT"
	[ "$tlla" = "$MAC_NEW" ] || { x6_fail "NA carries '$tlla', want $MAC_NEW"; return; }
	sleep 0.3
	tlla=$(x6_peer ndisc6 -r 1 -w 1000 "$ADDR_A" "$X6_IF_PEER" 2>&1 | awk '/link-layer address/ { print tolower($NF) }')
	[ "$tlla" = "$X6_MAC_DUT" ] || { x6_fail "after restoring: NA carries '$tlla'"; return; }
}

t_sigkill_keeps_answering_restart_reconciles()
{
	local k0 k1

	m_daemon || { x6_fail "$X6_WHY"; return; }
	m_kaddr_add "$ADDR_A" && m_kaddr_add "$ADDR_DOWN" || { x6_fail "ip addr add"; return; }
	x6_wait 3 m_map_is "$ADDR_DOWN" XDP6_ADDR_PREFERRED || { x6_fail "$ADDR_DOWN not mirrored"; return; }
	x6_daemon_stop KILL
	k0=$(m_snmp Icmp6InEchos)
	x6_peer ping -6 -c 3 -i 0.1 -W 2 "$ADDR_A" >/dev/null ||
		{ x6_fail "no echo reply after SIGKILL"; return; }
	k1=$(m_snmp Icmp6InEchos)
	[ "$k1" = "$k0" ] || { x6_fail "the kernel answered after SIGKILL, not XDP"; return; }
	x6_dut ip -6 addr del "$ADDR_DOWN/$X6_PLEN" dev "$X6_IF_DUT"
	m_map_is "$ADDR_DOWN" XDP6_ADDR_PREFERRED || { x6_fail "map changed with no daemon?"; return; }
	x6_daemon_start --mirror || { x6_fail "restart: $X6_WHY"; return; }
	grep -q "adopt" "$X6_DAEMON_LOG" || true
	m_map_is "$ADDR_DOWN" absent ||
		{ x6_fail "$ADDR_DOWN removed while down still in the map: $(m_map_state "$ADDR_DOWN")"; return; }
	m_map_is "$ADDR_A" XDP6_ADDR_PREFERRED || { x6_fail "$ADDR_A lost on restart"; return; }
	x6_peer ping -6 -c 1 -W 2 "$ADDR_A" >/dev/null || { x6_fail "no reply after restart"; return; }
}

t_clean_stop_leaves_the_kernel_serving()
{
	m_daemon || { x6_fail "$X6_WHY"; return; }
	m_kaddr_add "$ADDR_A" || { x6_fail "kernel never assigned $ADDR_A"; return; }
	x6_daemon_stop || { x6_fail "xdp6d did not stop"; return; }
	x6_xdp_attached && { x6_fail "program left attached"; return; }
	x6_peer ping -6 -c 1 -W 2 "$ADDR_A" >/dev/null || { x6_fail "kernel does not answer"; return; }
}

t_mirror_refuses_addr_option()
{
	x6_daemon_run --mirror -a 2001:db8::9 "$X6_IF_DUT"
	[ $? -eq 2 ] && grep -q "kernel owns the addresses" "$X6_LOGDIR/run.err" ||
		{ x6_fail "exit $?, stderr: $(cat "$X6_LOGDIR/run.err")"; return; }
}

x6_main \
	t_mirror_refuses_addr_option \
	t_status_says_mirror \
	t_ip_addr_add_is_answered_in_xdp_not_by_the_kernel \
	t_ip_addr_del_is_no_longer_answered_by_xdp \
	t_tcp_is_served_by_the_kernel_while_xdp_answers_ping \
	t_kernel_dad_against_the_peer_ends_dadfailed_never_answered \
	t_echo_ignore_all_means_nobody_answers_echo \
	t_neighbor_learned_in_xdp_reaches_the_kernel_stale_without_its_own_ns \
	t_mac_change_updates_replies_at_once \
	t_sigkill_keeps_answering_restart_reconciles \
	t_clean_stop_leaves_the_kernel_serving
