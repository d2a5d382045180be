#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# XDP fast path end to end against a real Linux peer: Echo Reply (RFC 4443 §4.2: Code 0, to
# ff02::1 and to our solicited-node group), solicited NA (RFC 4861 §7.2.4) seen by the peer's
# neighbor cache and ndisc6, the learned path MTU honoured (RFC 8201: fragments the peer
# reassembles), the pinned addrs map, xdp6ctl addr add/del and the echo rate limit, xdp6d
# argument errors and clean detach on SIGTERM.
set -u
. "$(dirname "$0")/lib.sh"
x6_init f || exit 1

ADDR2=2001:db8::2			# the address added and removed at run time
RATE=5 BURST=5				# --echo-rate RATE:BURST for the rate-limit test
FLOOD_N=200				# echo requests in the flood

# The daemon most tests share: one static address, DAD on (the peer never objects).
fp_daemon()
{
	x6_daemon_ensure -a "$X6_ADDR_DUT/$X6_PLEN" "$@" &&
		x6_wait_addr "$X6_ADDR_DUT" preferred
}

# Before any xdp6d: the DUT kernel itself must not answer, or nothing below proves anything.
dut_kernel_ipv6_disabled_ping_fails_without_xdp6d()
{
	local v

	v=$(x6_dut sysctl -n "net.ipv6.conf.$X6_IF_DUT.disable_ipv6" 2>&1)
	[ "$v" = 1 ] || { x6_fail "disable_ipv6 on $X6_IF_DUT is '$v'"; return; }
	x6_daemon_stop
	x6_xdp_attached && { x6_fail "an XDP program is attached with no xdp6d running"; return; }
	if x6_ping "$X6_ADDR_DUT" -c 2 -i 0.2 -W 1; then
		x6_fail "ping answered with no xdp6d: $(echo "$PING_OUT" | tail -n 2 | head -n 1)"
		return
	fi
	# The peer's failed resolution would otherwise linger into the next test (FAILED entry).
	x6_peer ip -6 neigh flush dev "$X6_IF_PEER"
	return 0
}

ping_unicast_gets_5_replies_counted_echo_replied()
{
	local before=$X6_LOGDIR/stats.ping d

	fp_daemon || { x6_fail "$X6_WHY"; return; }
	x6_stats_json >"$before" || { x6_fail "xdp6ctl stats --json failed"; return; }
	x6_ping "$X6_ADDR_DUT" -c 5 -i 0.2 -W 2
	[ "$(x6_ping_received)" = 5 ] ||
		{ x6_fail "ping: $(echo "$PING_OUT" | grep -m1 transmitted)"; return; }
	d=$(x6_stat_delta "$before" echo-replied) || { x6_fail "no echo-replied in stats"; return; }
	[ "$d" -ge 5 ] || { x6_fail "echo-replied grew by $d, want >= 5"; return; }
}

# RFC 4443 §4.2 reply, Linux defaults: hop limit 64, traffic class copied from the request.
echo_reply_hop_limit_64_and_traffic_class_copied()
{
	local pcap req rep bad

	fp_daemon || { x6_fail "$X6_WHY"; return; }
	x6_capture_start tc icmp6 || { x6_fail "$X6_WHY"; return; }
	x6_ping "$X6_ADDR_DUT" -c 3 -i 0.2 -W 2 -Q 0xb8
	pcap=$(x6_capture_stop tc)
	req=$(x6_tshark "$pcap" "icmpv6.type == 128" ipv6.tclass | sort -u)
	[ "$req" = 0x000000b8 ] || { x6_fail "requests not sent with tclass 0xb8: '$req'"; return; }
	rep=$(x6_tshark "$pcap" "icmpv6.type == 129 && eth.src == $X6_MAC_DUT" \
		ipv6.hlim ipv6.tclass icmpv6.checksum.status ipv6.src)
	[ "$(echo "$rep" | grep -c .)" -eq 3 ] ||
		{ x6_fail "want 3 echo replies from $X6_MAC_DUT, captured: '$rep'"; return; }
	bad=$(echo "$rep" | awk -v a="$X6_ADDR_DUT" \
		'$1 != 64 || $2 != "0x000000b8" || $3 != 1 || $4 != a')
	[ -z "$bad" ] ||
		{ x6_fail "reply (hlim tclass csum src) not (64 0x000000b8 1 $X6_ADDR_DUT): $bad"
		  return; }
}

peer_kernel_resolves_dut_mac_and_reaches_reachable()
{
	local n

	fp_daemon || { x6_fail "$X6_WHY"; return; }
	x6_peer ip -6 neigh flush dev "$X6_IF_PEER"
	x6_ping "$X6_ADDR_DUT" -c 1 -W 2 || { x6_fail "ping failed: $PING_OUT"; return; }
	if ! x6_wait 10 eval 'x6_peer ip -6 neigh show "$X6_ADDR_DUT" dev "$X6_IF_PEER" |
			grep -q "lladdr $X6_MAC_DUT .*REACHABLE"'; then
		n=$(x6_peer ip -6 neigh show "$X6_ADDR_DUT" dev "$X6_IF_PEER")
		x6_fail "peer neighbor entry: '$n'"
		return
	fi
}

ndisc6_from_peer_prints_dut_mac()
{
	local out

	fp_daemon || { x6_fail "$X6_WHY"; return; }
	out=$(x6_peer timeout 10 ndisc6 -1 -n "$X6_ADDR_DUT" "$X6_IF_PEER" 2>&1)
	echo "$out" | grep -qi "Target link-layer address: $X6_MAC_DUT" ||
		{ x6_fail "ndisc6: $(echo "$out" | tr '\n' ' ')"; return; }
}

# RFC 4443 §4.2: an Echo Request to a multicast group is answered from a unicast address of
# ours, here the generated link-local. The peer's kernel answers its own ping too: look for ours.
ping_all_nodes_answered_from_dut_link_local()
{
	local ll before=$X6_LOGDIR/stats.mcast d

	fp_daemon || { x6_fail "$X6_WHY"; return; }
	ll=$(x6_addr_with link-local)
	[ -n "$ll" ] || { x6_skip "xdp6ctl addr show lists no link-local address"; return; }
	x6_wait_addr "$ll" preferred || { x6_fail "$X6_WHY"; return; }
	x6_stats_json >"$before" || { x6_fail "xdp6ctl stats --json failed"; return; }
	x6_ping "ff02::1%$X6_IF_PEER" -c 2 -i 0.3 -W 2
	echo "$PING_OUT" | grep -q "from $ll%\?[a-z0-9]*: icmp_seq=" ||
		{ x6_fail "no reply from $ll: $(echo "$PING_OUT" | grep 'bytes from' | head -n 3)"
		  return; }
	d=$(x6_stat_delta "$before" echo-mcast-replied) ||
		{ x6_fail "no echo-mcast-replied in stats"; return; }
	[ "$d" -ge 2 ] || { x6_fail "echo-mcast-replied grew by $d, want >= 2"; return; }
}

# Issue 9 item 11, RFC 4443 §4.2: every multicast group we listen to is answered, here the
# solicited-node group of our address, from our link-local (README "Choices"). The peer's kernel
# does not listen to that group: every reply is ours.
ping_solicited_node_group_answered_from_dut_link_local()
{
	local ll sn before=$X6_LOGDIR/stats.sn d

	fp_daemon || { x6_fail "$X6_WHY"; return; }
	ll=$(x6_addr_with link-local)
	[ -n "$ll" ] || { x6_skip "xdp6ctl addr show lists no link-local address"; return; }
	x6_wait_addr "$ll" preferred || { x6_fail "$X6_WHY"; return; }
	sn=$(x6_scapy 'print(solnode(DUT_ADDR))')
	x6_stats_json >"$before" || { x6_fail "xdp6ctl stats --json failed"; return; }
	x6_ping "$sn%$X6_IF_PEER" -c 2 -i 0.3 -W 2
	[ "$(echo "$PING_OUT" | grep -c "from $ll%\?[a-z0-9]*: icmp_seq=")" -ge 2 ] ||
		{ x6_fail "ping $sn: no 2 replies from $ll: $(echo "$PING_OUT" | tail -n 3 |
			tr '\n' ' ')"; return; }
	d=$(x6_stat_delta "$before" echo-mcast-replied) ||
		{ x6_fail "no echo-mcast-replied in stats"; return; }
	[ "$d" -ge 2 ] || { x6_fail "echo-mcast-replied grew by $d, want >= 2"; return; }
}

# Issue 9 item 10, RFC 4443 §4.2: an Echo Reply has Code 0, whatever the request's (Linux
# copies it); the checksum, recomputed by scapy, covers the change.
echo_request_code_7_gets_reply_code_0_with_valid_checksum()
{
	local out

	fp_daemon || { x6_fail "$X6_WHY"; return; }
	out=$(x6_scapy '
req = (Ether(src=PEER_MAC, dst=DUT_MAC) / IPv6(src=PEER_ADDR, dst=DUT_ADDR) /
       ICMPv6EchoRequest(code=7, id=0x77, seq=3, data=b"code seven"))
r = [p for p in exchange(req) if ICMPv6EchoReply in p]
if len(r) != 1:
    fail("want 1 Echo Reply, got %d" % len(r))
e = r[0][ICMPv6EchoReply]
if e.code != 0:
    fail("reply code %d" % e.code)
sent = e.cksum
e.cksum = None
if Ether(bytes(r[0]))[ICMPv6EchoReply].cksum != sent:
    fail("reply checksum 0x%04x is wrong" % sent)
if (e.id, e.seq, e.data) != (0x77, 3, b"code seven"):
    fail("reply fields %r" % ((e.id, e.seq, e.data),))
') || { x6_fail "$out"; return; }
}

# Issue 9 item 15, RFC 8201 §4 / RFC 4443 §4.2: after a Packet Too Big (MTU 1280) for the peer,
# `ping -s 1400` (1448-octet packets) is answered in fragments of at most 1280 octets
# (RFC 8200 §4.5) that the peer kernel reassembles: XDP hands the replies to the daemon.
FP_PTB_PY='
inner = IPv6(src=DUT_ADDR, dst=PEER_ADDR, plen=1408) / ICMPv6EchoReply(id=1, seq=1)
ptb = (Ether(src=PEER_MAC, dst=DUT_MAC) / IPv6(src=PEER_ADDR, dst=DUT_ADDR) /
       ICMPv6PacketTooBig(mtu=1280) / Raw(bytes(inner / Raw(bytes(1400)))[:1232]))
sendp(ptb, iface=IF)
'
# fp_pmtu_is DST MTU: `xdp6ctl pmtu show` lists DST with MTU.
fp_pmtu_is()
{
	x6_ctl pmtu show --json 2>/dev/null | x6_json '
ok(any(same_addr(e.get("dst"), "'"$1"'") and e.get("mtu") == '"$2"' for e in j), "no")' \
		>/dev/null
}

ptb_1280_then_ping_s_1400_answered_in_fragments_the_peer_reassembles()
{
	local before=$X6_LOGDIR/stats.pmtu pcap frags big d fs

	fp_daemon || { x6_fail "$X6_WHY"; return; }
	x6_stats_json >"$before" || { x6_fail "xdp6ctl stats --json failed"; return; }
	x6_scapy "$FP_PTB_PY" >/dev/null || { x6_fail "scapy could not send the PTB"; return; }
	x6_wait 5 fp_pmtu_is "$X6_ADDR_PEER" 1280 ||
		{ x6_fail "pmtu show: $(x6_ctl pmtu show 2>&1 | tr '\n' ' ')"; return; }
	x6_capture_start pmtu icmp6 or ip6[6] == 44 || { x6_fail "$X6_WHY"; return; }
	x6_ping "$X6_ADDR_DUT" -c 3 -i 0.3 -W 2 -s 1400
	pcap=$(x6_capture_stop pmtu)
	[ "$(x6_ping_received)" = 3 ] ||
		{ x6_fail "ping -s 1400: $(echo "$PING_OUT" | grep -m1 transmitted)"; return; }
	# every frame the DUT sent the peer: none over 1280 octets of IPv6, fragments among them
	big=$(x6_tshark "$pcap" "eth.src == $X6_MAC_DUT && ipv6.plen > 1240" ipv6.plen)
	[ -z "$big" ] ||
		{ x6_fail "DUT sent IPv6 payloads over 1240: $(echo "$big" | tr '\n' ' ')"; return; }
	frags=$(x6_tshark "$pcap" "eth.src == $X6_MAC_DUT && ipv6.nxt == 44" ipv6.plen | grep -c .)
	[ "$frags" -ge 6 ] || { x6_fail "$frags fragments from the DUT, want >= 6"; return; }
	d=$(x6_stat_delta "$before" echo-over-pmtu) || { x6_fail "no echo-over-pmtu"; return; }
	[ "$d" -ge 3 ] || { x6_fail "echo-over-pmtu grew by $d, want >= 3"; return; }
	fs=$(x6_stat_delta "$before" frag-sent) || { x6_fail "no frag-sent"; return; }
	[ "$fs" -ge 6 ] || { x6_fail "frag-sent grew by $fs, want >= 6"; return; }
	# small replies stay on the fast path
	x6_stats_json >"$before"
	x6_ping "$X6_ADDR_DUT" -c 2 -i 0.2 -W 2 -s 1000
	d=$(x6_stat_delta "$before" echo-replied)
	[ "$(x6_ping_received)" = 2 ] && [ "$d" -ge 2 ] ||
		{ x6_fail "ping -s 1000 after the PTB: $(x6_ping_received) replies," \
			"echo-replied +$d"
		  return; }
}

# DESIGN.md "Pinned maps": BTF-typed, so bpftool prints named fields.
bpftool_dump_addrs_shows_named_fields()
{
	local out

	fp_daemon || { x6_fail "$X6_WHY"; return; }
	out=$(timeout 10 bpftool map dump pinned "$X6_PIN_DIR/addrs" 2>&1) ||
		{ x6_fail "bpftool: $(echo "$out" | head -n 2)"; return; }
	echo "$out" | x6_json '
want = list(ipaddress.ip_address("'"$X6_ADDR_DUT"'").packed)
def b(x):
    return int(x, 16) if isinstance(x, str) else x
found = None
for e in j:
    f = e.get("formatted", e)
    k, v = f.get("key"), f.get("value")
    ok(isinstance(k, dict) and isinstance(v, dict), "entry without named key/value: %r" % (e,))
    if [b(x) for x in k.get("addr", [])] == want:
        found = v
ok(found is not None, "'"$X6_ADDR_DUT"' not in the dump")
for f in ("state", "origin", "prefixlen"):
    ok(f in found, "value has no field %s: %r" % (f, found))
ok(found["state"] in ("XDP6_ADDR_PREFERRED", 1), "state %r" % (found["state"],))
ok(found["origin"] in ("XDP6_ORIGIN_STATIC", 0), "origin %r" % (found["origin"],))
ok(found["prefixlen"] == '"$X6_PLEN"', "prefixlen %r" % (found["prefixlen"],))
' >"$X6_LOGDIR/bpftool.check" || { x6_fail "$(cat "$X6_LOGDIR/bpftool.check")"; return; }
}

addr_show_json_has_ifname_addr_prefixlen_state_origin()
{
	local out

	fp_daemon || { x6_fail "$X6_WHY"; return; }
	out=$(x6_addr_json | x6_json '
ok(isinstance(j, list) and j, "not a non-empty JSON array: %r" % (j,))
for a in j:
    for f in ("ifname", "addr", "prefixlen", "state", "origin"):
        ok(f in a, "entry without %s: %r" % (f, a))
    ok(a["state"] in ("tentative", "preferred", "deprecated", "duplicate"), "state %r" % a)
    ok(a["origin"] in ("static", "link-local", "slaac", "temporary"), "origin %r" % a)
ours = [a for a in j if same_addr(a["addr"], "'"$X6_ADDR_DUT"'")]
ok(len(ours) == 1, "'"$X6_ADDR_DUT"' listed %d times" % len(ours))
a = ours[0]
ok(a["ifname"] == "'"$X6_IF_DUT"'" and a["prefixlen"] == '"$X6_PLEN"' and
   a["state"] == "preferred" and a["origin"] == "static", "entry %r" % a)
') || { x6_fail "$out"; return; }
}

addr_add_at_runtime_then_ping_answered()
{
	local out

	fp_daemon || { x6_fail "$X6_WHY"; return; }
	out=$(x6_ctl addr add "$ADDR2/$X6_PLEN" dev "$X6_IF_DUT" 2>&1) ||
		{ x6_fail "xdp6ctl addr add: $out"; return; }
	x6_wait_addr "$ADDR2" preferred || { x6_fail "$X6_WHY"; return; }
	x6_ping "$ADDR2" -c 3 -i 0.2 -W 2
	[ "$(x6_ping_received)" = 3 ] ||
		{ x6_fail "ping $ADDR2: $(echo "$PING_OUT" | grep -m1 transmitted)"; return; }
}

# After `addr del` the fast path must not answer for the address: no Echo Reply, no NA.
addr_del_then_ping_fails_and_ns_unanswered()
{
	local out before=$X6_LOGDIR/stats.del d

	fp_daemon || { x6_fail "$X6_WHY"; return; }
	if [ -z "$(x6_addr_field "$ADDR2" state)" ]; then
		x6_ctl addr add "$ADDR2/$X6_PLEN" dev "$X6_IF_DUT" >/dev/null 2>&1
		x6_wait_addr "$ADDR2" preferred || { x6_fail "setup: $X6_WHY"; return; }
	fi
	out=$(x6_ctl addr del "$ADDR2/$X6_PLEN" dev "$X6_IF_DUT" 2>&1) ||
		{ x6_fail "xdp6ctl addr del: $out"; return; }
	x6_wait_addr "$ADDR2" absent 5 || { x6_fail "$X6_WHY"; return; }
	# the peer may still hold a neighbor entry: the echo then goes straight to our MAC
	if x6_ping "$ADDR2" -c 2 -i 0.2 -W 1; then
		x6_fail "ping $ADDR2 still answered after addr del"
		return
	fi
	# ndisc6 solicits through the solicited-node group, which went with the address: the two
	# NSes are passed as not ours (or, if the group is still joined, as target not ours)
	x6_peer ip -6 neigh flush dev "$X6_IF_PEER"
	x6_stats_json >"$before" || { x6_fail "xdp6ctl stats --json failed"; return; }
	out=$(x6_peer timeout 10 ndisc6 -1 -n -r 2 -w 500 "$ADDR2" "$X6_IF_PEER" 2>&1) &&
		{ x6_fail "ndisc6 $ADDR2 answered: $(echo "$out" | tr '\n' ' ')"; return; }
	d=$(( $(x6_stat_delta "$before" pass-not-ours) +
	      $(x6_stat_delta "$before" pass-target-not-ours) ))
	# a real NIC (X6_RIG=virtio) filters multicast: with the group gone from its filter
	# (33:33:ff:00:00:02) the NSes never reach XDP, which is right too
	if [ "$d" -eq 0 ] && [ "${X6_RIG:-veth}" != veth ] &&
	   ! ip -n "$X6_NS_DUT" maddr show dev "$X6_IF_DUT" |
		grep -qi "link  *33:33:ff:00:00:02"; then
		d=2
	fi
	[ "$d" -ge 2 ] ||
		{ x6_fail "ndisc6's 2 NSes: pass-not-ours + pass-target-not-ours grew by $d"
		  return; }
	# An NS for the removed target sent to an address we do own reaches the target check
	# (RFC 4861 §7.1.1 / §7.2.3: the target is not ours): passed, counted, no NA.
	x6_stats_json >"$before" || { x6_fail "xdp6ctl stats --json failed"; return; }
	out=$(x6_scapy "
ns = (Ether(src=PEER_MAC, dst=DUT_MAC) / IPv6(src=PEER_ADDR, dst=DUT_ADDR, hlim=255) /
      ICMPv6ND_NS(tgt='$ADDR2') / ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC))
r = [p for p in exchange(ns, wait=0.7) if ICMPv6ND_NA in p]
if r:
    fail('NA for removed target: ' + r[0].summary())
") || { x6_fail "$out"; return; }
	d=$(x6_stat_delta "$before" pass-target-not-ours) ||
		{ x6_fail "no pass-target-not-ours in stats"; return; }
	[ "$d" -ge 1 ] || { x6_fail "pass-target-not-ours grew by $d, want >= 1"; return; }
}

# Token bucket RATE/s, BURST deep: a fast ping gets about BURST + RATE * t replies, t the time
# between the first and last request on the wire (capture timestamps), the rest counted
# rate-limited. Tolerance: 3 replies either way (token rounding, the 2 ms request spacing).
echo_rate_limit_flood_gets_burst_plus_rate_t_replies()
{
	local before=$X6_LOGDIR/stats.rate pcap got t req lo hi rl rep

	fp_daemon --echo-rate "$RATE:$BURST" || { x6_fail "$X6_WHY"; return; }
	x6_stats_json >"$before" || { x6_fail "xdp6ctl stats --json failed"; return; }
	x6_capture_start rate icmp6 || { x6_fail "$X6_WHY"; return; }
	x6_ping "$X6_ADDR_DUT" -q -c "$FLOOD_N" -i 0.002 -W 1
	pcap=$(x6_capture_stop rate)
	got=$(x6_ping_received)
	req=$(x6_tshark "$pcap" "icmpv6.type == 128 && eth.src == $X6_MAC_PEER" frame.time_epoch |
		sort -n | sed -n '1p;$p' | tr '\n' ' ')
	t=$(echo "$req" | awk '{ printf "%.3f", $2 - $1 }')
	read -r lo hi <<<"$(awk -v b="$BURST" -v r="$RATE" -v t="$t" \
		'BEGIN { e = b + r * t; printf "%d %d", (e - 3 > b ? e - 3 : b), e + 3 }')"
	rep=$(x6_stat_delta "$before" echo-replied) || { x6_fail "no echo-replied"; return; }
	rl=$(x6_stat_delta "$before" rate-limited) || { x6_fail "no rate-limited"; return; }
	echo "rate $RATE:$BURST: $got/$FLOOD_N replies, requests over ${t}s, want $lo..$hi;" \
		"echo-replied +$rep, rate-limited +$rl" >"$X6_LOGDIR/rate.txt"
	[[ $got =~ ^[0-9]+$ ]] || { x6_fail "ping output: $PING_OUT"; return; }
	[ "$got" -ge "$lo" ] && [ "$got" -le "$hi" ] ||
		{ x6_fail "$(cat "$X6_LOGDIR/rate.txt")"; return; }
	[ "$rep" -ge "$got" ] && [ "$rep" -le "$hi" ] ||
		{ x6_fail "echo-replied grew by $rep, ping got $got"; return; }
	[ $((rep + rl)) -ge "$FLOOD_N" ] ||
		{ x6_fail "echo-replied $rep + rate-limited $rl < $FLOOD_N requests"; return; }
	# the bucket refills: single pings are answered again
	x6_wait 5 x6_ping "$X6_ADDR_DUT" -c 1 -W 1 ||
		{ x6_fail "no reply after the flood"; return; }
}

# --mode skb: the generic hook answers too (XDP_TX through the stack's xmit path).
ping_and_ndisc6_answered_with_mode_skb()
{
	local out

	fp_daemon --mode skb || { x6_fail "$X6_WHY"; return; }
	ip -n "$X6_NS_DUT" link show dev "$X6_IF_DUT" | grep -q xdpgeneric ||
		{ x6_fail "no xdpgeneric program: $(ip -n "$X6_NS_DUT" link show dev "$X6_IF_DUT" |
			grep xdp)"; return; }
	x6_peer ip -6 neigh flush dev "$X6_IF_PEER"
	x6_ping "$X6_ADDR_DUT" -c 3 -i 0.2 -W 2
	[ "$(x6_ping_received)" = 3 ] ||
		{ x6_fail "ping: $(echo "$PING_OUT" | grep -m1 transmitted)"; return; }
	out=$(x6_peer timeout 10 ndisc6 -1 -n "$X6_ADDR_DUT" "$X6_IF_PEER" 2>&1)
	echo "$out" | grep -qi "Target link-layer address: $X6_MAC_DUT" ||
		{ x6_fail "ndisc6: $(echo "$out" | tr '\n' ' ')"; return; }
}

# fp_bad_args WHAT ARGS...: xdp6d ARGS must exit 2 with exactly one line on stderr and leave
# nothing pinned and no XDP program attached.
fp_bad_args()
{
	local what=$1 rc lines

	shift
	x6_daemon_stop
	x6_daemon_run "$@"
	rc=$?
	lines=$(grep -c . "$X6_LOGDIR/run.err")
	[ "$rc" -eq 2 ] ||
		{ x6_fail "$what: exit $rc, want 2; stderr: $(head -c 200 "$X6_LOGDIR/run.err")"
		  return; }
	[ "$lines" -eq 1 ] ||
		{ x6_fail "$what: $lines lines on stderr, want 1:" \
			"$(head -c 300 "$X6_LOGDIR/run.err" | tr '\n' '|')"; return; }
	! x6_pinned || { x6_fail "$what: $X6_PIN_DIR left behind"; return; }
	! x6_xdp_attached || { x6_fail "$what: XDP program left attached"; return; }
	echo "# $what: $(cat "$X6_LOGDIR/run.err")" >>"$X6_LOGDIR/bad_args.txt"
}

xdp6d_no_such_interface_exits_2()
{
	fp_bad_args "no such interface" -a "$X6_ADDR_DUT/$X6_PLEN" x6inosuchif0 &&
		{ [ ! -e /sys/fs/bpf/xdp6/x6inosuchif0 ] || x6_fail "pinned under x6inosuchif0"; }
}

xdp6d_invalid_address_exits_2()
{
	fp_bad_args "invalid address" -a 2001:db8::zz/64 "$X6_IF_DUT"
}

xdp6d_prefixlen_129_exits_2()
{
	fp_bad_args "prefix length 129" -a "$X6_ADDR_DUT/129" "$X6_IF_DUT"
}

xdp6d_multicast_address_exits_2()
{
	fp_bad_args "multicast address" -a ff02::1 "$X6_IF_DUT"
}

xdp6d_unspecified_address_exits_2()
{
	fp_bad_args "unspecified address" -a :: "$X6_IF_DUT"
}

xdp6d_bad_echo_rate_exits_2()
{
	fp_bad_args "bad --echo-rate" -a "$X6_ADDR_DUT/$X6_PLEN" --echo-rate fast "$X6_IF_DUT"
}

xdp6d_bad_mode_exits_2()
{
	fp_bad_args "bad --mode" -a "$X6_ADDR_DUT/$X6_PLEN" --mode bogus "$X6_IF_DUT"
}

xdp6d_not_root_exits_2()
{
	X6_AS_NOBODY=1 fp_bad_args "not root" -a "$X6_ADDR_DUT/$X6_PLEN" "$X6_IF_DUT"
}

sigterm_detaches_program_and_unpins_maps()
{
	fp_daemon || { x6_fail "$X6_WHY"; return; }
	x6_xdp_attached || { x6_fail "no XDP program attached while xdp6d runs"; return; }
	x6_pinned || { x6_fail "nothing pinned at $X6_PIN_DIR while xdp6d runs"; return; }
	x6_daemon_stop TERM ||
		{ x6_fail "xdp6d did not exit within ${X6_STOP_TIMEOUT}s of SIGTERM"; return; }
	[ "$X6_DAEMON_RC" -eq 0 ] || { x6_fail "xdp6d exited $X6_DAEMON_RC on SIGTERM"; return; }
	! x6_xdp_attached ||
		{ x6_fail "still attached:" \
			"$(ip -n "$X6_NS_DUT" link show dev "$X6_IF_DUT" | grep xdp)"; return; }
	! x6_pinned || { x6_fail "left pinned: $(ls "$X6_PIN_DIR" | tr '\n' ' ')"; return; }
}

# xdp6d attaches through libxdp so it composes with other XDP programs. Where libxdp's
# dispatcher is refused (this VM: its compatibility check gets EPERM), libxdp falls back to the
# one program: that must be clean — said once in the log, `status` telling which, the program
# the interface runs is ours, and SIGTERM leaves no libxdp state (/sys/fs/bpf/xdp) behind.
libxdp_attach_dispatcher_or_clean_single_program_fallback()
{
	local st kind ours runs ifindex

	fp_daemon || { x6_fail "$X6_WHY"; return; }
	st=$(x6_ctl status --json) || { x6_fail "xdp6ctl status failed: $st"; return; }
	kind=$(echo "$st" | x6_json 'print(j["interfaces"][0]["attach"])')
	ours=$(echo "$st" | x6_json 'print(j["interfaces"][0]["prog_id"])')
	runs=$(ip -n "$X6_NS_DUT" -d link show dev "$X6_IF_DUT" |
		sed -n 's/.*prog\/xdp id \([0-9]*\).*/\1/p' | head -n 1)
	ifindex=$(ip -n "$X6_NS_DUT" -o link show dev "$X6_IF_DUT" | cut -d: -f1)
	case $kind in
	single)
		[ "$(grep -c 'refused the libxdp dispatcher' "$X6_DAEMON_LOG")" = 1 ] ||
			{ x6_fail "fallback not logged exactly once: $(cat "$X6_DAEMON_LOG")"; return; }
		[ -n "$runs" ] && [ "$runs" = "$ours" ] ||
			{ x6_fail "interface runs prog $runs, status says ours is $ours"; return; }
		;;
	dispatcher)
		[ -n "$runs" ] && [ "$runs" != "$ours" ] ||
			{ x6_fail "dispatcher mode but the interface runs prog $runs = ours"; return; }
		;;
	*)	x6_fail "status attach is '$kind'"; return ;;
	esac
	x6_ping "$X6_ADDR_DUT" -c 2 -i 0.2 -W 2
	[ "$(x6_ping_received)" = 2 ] || { x6_fail "ping in $kind mode: $PING_OUT"; return; }
	x6_daemon_stop TERM || { x6_fail "xdp6d did not exit on SIGTERM"; return; }
	! ls -d /sys/fs/bpf/xdp/dispatch-"$ifindex"-* >/dev/null 2>&1 ||
		{ x6_fail "libxdp state left: $(ls -d /sys/fs/bpf/xdp/dispatch-"$ifindex"-*)"; return; }
}

# DESIGN.md: the fast path never waits for the daemon; with xdp6d gone (SIGKILL, no cleanup)
# echo and NS for preferred addresses are still answered from the pinned maps.
sigkill_daemon_fast_path_keeps_answering()
{
	local out

	fp_daemon || { x6_fail "$X6_WHY"; return; }
	x6_daemon_stop KILL
	x6_xdp_attached || { x6_fail "XDP program gone after SIGKILL"; return; }
	x6_peer ip -6 neigh flush dev "$X6_IF_PEER"
	x6_ping "$X6_ADDR_DUT" -c 3 -i 0.2 -W 2
	[ "$(x6_ping_received)" = 3 ] ||
		{ x6_fail "ping without daemon: $(echo "$PING_OUT" | grep -m1 transmitted)"
		  return; }
	out=$(x6_peer timeout 10 ndisc6 -1 -n "$X6_ADDR_DUT" "$X6_IF_PEER" 2>&1)
	echo "$out" | grep -qi "$X6_MAC_DUT" || { x6_fail "ndisc6 without daemon: $out"; return; }
}

x6_main \
	dut_kernel_ipv6_disabled_ping_fails_without_xdp6d \
	ping_unicast_gets_5_replies_counted_echo_replied \
	echo_reply_hop_limit_64_and_traffic_class_copied \
	peer_kernel_resolves_dut_mac_and_reaches_reachable \
	ndisc6_from_peer_prints_dut_mac \
	ping_all_nodes_answered_from_dut_link_local \
	ping_solicited_node_group_answered_from_dut_link_local \
	echo_request_code_7_gets_reply_code_0_with_valid_checksum \
	ptb_1280_then_ping_s_1400_answered_in_fragments_the_peer_reassembles \
	bpftool_dump_addrs_shows_named_fields \
	addr_show_json_has_ifname_addr_prefixlen_state_origin \
	addr_add_at_runtime_then_ping_answered \
	addr_del_then_ping_fails_and_ns_unanswered \
	echo_rate_limit_flood_gets_burst_plus_rate_t_replies \
	ping_and_ndisc6_answered_with_mode_skb \
	xdp6d_no_such_interface_exits_2 \
	xdp6d_invalid_address_exits_2 \
	xdp6d_prefixlen_129_exits_2 \
	xdp6d_multicast_address_exits_2 \
	xdp6d_unspecified_address_exits_2 \
	xdp6d_bad_echo_rate_exits_2 \
	xdp6d_bad_mode_exits_2 \
	xdp6d_not_root_exits_2 \
	sigterm_detaches_program_and_unpins_maps \
	libxdp_attach_dispatcher_or_clean_single_program_fallback \
	sigkill_daemon_fast_path_keeps_answering
