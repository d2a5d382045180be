#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Prefix-wide ownership, the NDP proxy in XDP (issue 13; README "Prefix-wide ownership"):
# `xdp6ctl proxy add PREFIX/LEN dev IFACE --static`, then the peer's Linux ndisc6 resolves
# random addresses inside the prefix to our MAC, scapy reads the NA's flags (RFC 4861 §7.2.8:
# O=0, S=1, TLLA our MAC, from the target), addresses outside get nothing, Echo Requests to
# proxied addresses and DAD probes for them are passed, `proxy show`/`--json`/`del` and the
# BTF-typed trie in `bpftool map dump`. `--auto` (ndppd's auto): only targets under a route
# through another interface (a veth pair inside the DUT namespace) are answered, following
# route changes (add, delete, replace); a SIGKILLed xdp6d's successor lists the prefixes again and recomputes --auto.
set -u
. "$(dirname "$0")/lib.sh"
x6_init px || exit 1

PFX=2001:db8:5::		# proxied /64 (not the rig's 2001:db8::/64)
PFX4=2001:db8:5:0:		# its first 64 bits, as inet_ntop writes an address in it
OUTSIDE=2001:db8:6::1234	# not proxied
APFX=2001:db8:7::		# --auto /64; routes below through DUMMY (another interface)
DUMMY=x6pxdum0
R1=2001:db8:7:0:1::		# /80 routed through DUMMY before the prefix is added (dump)
R3=2001:db8:7:0:3::		# /80 routed after it (RTM_NEWROUTE)

p_daemon()
{
	x6_daemon_ensure --no-dad -a "$X6_ADDR_DUT/$X6_PLEN" || return 1
	x6_wait_addr "$X6_ADDR_DUT" preferred || return 1
	# no `allmulticast on` here: xdp6d sets it with the first prefix (a NIC that filters
	# multicast, virtio-net under make test-vm, drops the solicited-node groups without it)
	x6_ctl proxy show --json | grep -q "\"$PFX\"" && return 0
	x6_ctl proxy add "$PFX/64" dev "$X6_IF_DUT" --static >/dev/null 2>"$X6_LOGDIR/ctl.err" ||
		{ X6_WHY="proxy add: $(cat "$X6_LOGDIR/ctl.err")"; return 1; }
	# the NA comes from our link-local: wait until it is preferred (DAD off: at once)
	x6_wait 10 x6_ctl addr show --json >/dev/null
}

# allmulti_on: the DUT interface has IFF_ALLMULTI
allmulti_on()
{
	ip -n "$X6_NS_DUT" link show dev "$X6_IF_DUT" | grep -q '[<,]ALLMULTI[,>]'
}

rand_in_pfx()
{
	# no zero group: inet_ntop (scapy) writes it exactly so
	printf '%s%x:%x:%x:%x\n' "$PFX4" $((RANDOM % 65535 + 1)) $((RANDOM % 65535 + 1)) \
		$((RANDOM % 65535 + 1)) $((RANDOM % 65535 + 1))
}

ndisc6_random_addresses_in_proxied_prefix_get_our_mac()
{
	local i t mac before got
	p_daemon || { x6_fail "$X6_WHY"; return; }
	before=$X6_LOGDIR/stats.before
	x6_stats_json >"$before"
	for i in 1 2 3 4 5; do
		t=$(rand_in_pfx)
		mac=$(x6_peer ndisc6 -q -1 -r 3 -w 500 "$t" "$X6_IF_PEER" 2>&1) ||
			{ x6_fail "ndisc6 $t: no answer ($mac)"; return; }
		[ "${mac,,}" = "$X6_MAC_DUT" ] || { x6_fail "ndisc6 $t: $mac, want $X6_MAC_DUT"; return; }
	done
	got=$(x6_stat_delta "$before" proxy-na-sent) || { x6_fail "stats"; return; }
	[ "$got" -ge 5 ] || { x6_fail "proxy-na-sent +$got, want >= 5"; return; }
}

proxy_na_has_override_0_solicited_tlla_our_mac_from_target()
{
	local t out
	p_daemon || { x6_fail "$X6_WHY"; return; }
	t=$(rand_in_pfx)
	out=$(x6_scapy "
T = '$t'
ns = Ether(src=PEER_MAC, dst=solnode_mac(T)) / IPv6(src=PEER_ADDR, dst=solnode(T), hlim=255) / \
     ICMPv6ND_NS(tgt=T) / ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC)
for p in exchange(ns, wait=1):
    if ICMPv6ND_NA in p:
        na = p[ICMPv6ND_NA]
        ck = na.cksum
        del na.cksum
        good = Ether(bytes(p))[ICMPv6ND_NA].cksum
        tl = p[ICMPv6NDOptDstLLAddr].lladdr if ICMPv6NDOptDstLLAddr in p else None
        print('NA', na.tgt, 'R=%d S=%d O=%d' % (na.R, na.S, na.O), tl, p[IPv6].src,
              p[IPv6].dst, p[IPv6].hlim, 'ck-ok' if ck == good else 'ck-bad')
")
	echo "$out" >"$X6_LOGDIR/na.txt"
	grep -q "^NA $t R=0 S=1 O=0 $X6_MAC_DUT $t " <<<"$out" ||
		{ x6_fail "NA for $t: '$out' (want R=0 S=1 O=0, TLLA $X6_MAC_DUT, from $t)"
		  return; }
	grep -q " $X6_ADDR_PEER 255 ck-ok$" <<<"$out" ||
		{ x6_fail "NA not to the solicitor, or its checksum wrong: $out"; return; }
}

proxy_na_checksum_accepted_by_peer_kernel()
{
	local t state
	p_daemon || { x6_fail "$X6_WHY"; return; }
	t=$(rand_in_pfx)
	# the peer kernel's own resolution: it only takes a valid NA (RFC 4861 §7.1.2)
	x6_peer ip -6 route replace "$PFX/64" dev "$X6_IF_PEER"
	x6_peer ping -6 -c 1 -W 1 "$t" >/dev/null 2>&1	# echo itself is passed: no reply
	state=$(x6_peer ip -6 neigh show "$t" dev "$X6_IF_PEER")
	x6_peer ip -6 route del "$PFX/64" dev "$X6_IF_PEER"
	grep -qi "lladdr $X6_MAC_DUT" <<<"$state" ||
		{ x6_fail "peer kernel's neighbor entry for $t: '$state'"; return; }
}

ndisc6_outside_prefix_gets_nothing()
{
	local out
	p_daemon || { x6_fail "$X6_WHY"; return; }
	if out=$(x6_peer ndisc6 -q -1 -r 2 -w 300 "$OUTSIDE" "$X6_IF_PEER" 2>&1); then
		x6_fail "ndisc6 $OUTSIDE answered: $out"
	fi
}

echo_to_proxied_address_passed_not_answered()
{
	local t before got
	p_daemon || { x6_fail "$X6_WHY"; return; }
	t=$(rand_in_pfx)
	before=$X6_LOGDIR/stats.before
	x6_stats_json >"$before"
	# an answer is an Echo Reply or an ICMPv6 error (types < 128); the daemon's own MLD reports
	# and RSs after its start are not about this request
	got=$(x6_scapy "
ans = exchange(Ether(src=PEER_MAC, dst=DUT_MAC) / IPv6(src=PEER_ADDR, dst='$t') /
               ICMPv6EchoRequest(id=0x600, seq=1), 1,
               lambda p: from_dut(p) and (ICMPv6EchoReply in p or (IPv6 in p and
                         p[IPv6].nh == 58 and bytes(p[IPv6].payload)[:1] < b'\\x80')))
for p in ans:
    print(bytes(p).hex())
" | wc -l)
	[ "$got" -eq 0 ] || { x6_fail "$got answers for an Echo Request to $t"; return; }
	[ "$(x6_stat_delta "$before" pass-not-ours)" -ge 1 ] ||
		{ x6_fail "echo to $t not counted pass-not-ours"; return; }
}

dad_probe_for_proxied_target_not_defended()
{
	local t before got
	p_daemon || { x6_fail "$X6_WHY"; return; }
	t=$(rand_in_pfx)
	before=$X6_LOGDIR/stats.before
	x6_stats_json >"$before"
	# a defence is an NA (RFC 4862 5.4.3); the daemon's own MLD reports and RSs are not
	got=$(x6_scapy "
ans = exchange(Ether(src=PEER_MAC, dst=solnode_mac('$t')) /
               IPv6(src='::', dst=solnode('$t'), hlim=255) / ICMPv6ND_NS(tgt='$t'), 1,
               lambda p: from_dut(p) and ICMPv6ND_NA in p)
for p in ans:
    print(bytes(p).hex())
" | wc -l)
	[ "$got" -eq 0 ] || { x6_fail "$got NAs for a DAD probe for $t"; return; }
	[ "$(x6_stat_delta "$before" proxy-dad-passed)" -eq 1 ] ||
		{ x6_fail "DAD probe not counted proxy-dad-passed"; return; }
}

proxy_show_json_bpftool_dump_and_del()
{
	local out t
	p_daemon || { x6_fail "$X6_WHY"; return; }
	out=$(x6_ctl proxy show) || { x6_fail "proxy show failed"; return; }
	grep -qE "$X6_IF_DUT +$PFX +64 +static +on\(xdp6d\)" <<<"$out" ||
		{ x6_fail "proxy show: $out"; return; }
	out=$(x6_ctl proxy show --json | x6_json '
for e in j:
    print(e["ifname"], e["prefix"], e["prefixlen"], e["mode"], e["allmulti"],
          e["allmulti_by_xdp6d"])')
	[ "$out" = "$X6_IF_DUT $PFX 64 static True True" ] ||
		{ x6_fail "proxy show --json: $out"; return; }
	allmulti_on || { x6_fail "no ALLMULTI while a prefix is proxied"; return; }
	out=$(bpftool -j map dump pinned "$X6_PIN_DIR/proxy" 2>&1)
	echo "$out" >"$X6_LOGDIR/proxy_dump.json"
	grep -q '"prefixlen": *64' <<<"$(bpftool map dump pinned "$X6_PIN_DIR/proxy")" &&
		grep -q '"mode"' <<<"$(bpftool map dump pinned "$X6_PIN_DIR/proxy")" ||
		{ x6_fail "bpftool map dump of the proxy trie lacks named fields: $out"; return; }
	x6_ctl proxy add "$PFX/64" dev "$X6_IF_DUT" >/dev/null 2>&1 &&
		{ x6_fail "adding the prefix twice succeeded"; return; }
	x6_ctl proxy add ff02::/16 dev "$X6_IF_DUT" >/dev/null 2>&1
	[ $? -eq 2 ] || { x6_fail "a multicast prefix was not a usage error"; return; }
	x6_ctl proxy del "$PFX/64" dev "$X6_IF_DUT" >/dev/null ||
		{ x6_fail "proxy del failed"; return; }
	t=$(rand_in_pfx)
	if out=$(x6_peer ndisc6 -q -1 -r 2 -w 300 "$t" "$X6_IF_PEER" 2>&1); then
		x6_fail "ndisc6 $t answered after proxy del: $out"; return
	fi
	[ -z "$(x6_ctl proxy show --json | x6_json 'print(len(j) or "")')" ] ||
		{ x6_fail "proxy show not empty after del"; return; }
	allmulti_on && { x6_fail "ALLMULTI still on after the last prefix's del"; return; }
	return 0
}

# xdp6d clears allmulticast at shutdown when it set it, and never when it was on before it
# needed it (the admin's): the user-space flag is one bit, not a count
allmulti_cleared_at_shutdown_admins_left_on()
{
	local out
	x6_daemon_stop
	allmulti_on && { x6_fail "ALLMULTI on before the test"; return; }
	p_daemon || { x6_fail "$X6_WHY"; return; }
	allmulti_on || { x6_fail "no ALLMULTI after proxy add"; return; }
	grep -q "allmulticast on for the NDP proxy" "$X6_DAEMON_LOG" ||
		{ x6_fail "no log line for allmulticast on"; return; }
	x6_daemon_stop
	allmulti_on && { x6_fail "ALLMULTI still on after shutdown"; return; }
	ip -n "$X6_NS_DUT" link set "$X6_IF_DUT" allmulticast on || { x6_fail "ip link"; return; }
	p_daemon || { x6_fail "$X6_WHY"; return; }
	out=$(x6_ctl proxy show --json | x6_json '
for e in j:
    print(e["allmulti"], e["allmulti_by_xdp6d"])')
	[ "$out" = "True False" ] || { x6_fail "proxy show --json, admin's flag: $out"; return; }
	x6_ctl proxy del "$PFX/64" dev "$X6_IF_DUT" >/dev/null || { x6_fail "proxy del"; return; }
	allmulti_on || { x6_fail "the admin's ALLMULTI cleared by proxy del"; return; }
	p_daemon || { x6_fail "$X6_WHY"; return; }
	x6_daemon_stop
	allmulti_on || { x6_fail "the admin's ALLMULTI cleared at shutdown"; return; }
	ip -n "$X6_NS_DUT" link set "$X6_IF_DUT" allmulticast off
	return 0
}

a_dummy()
{
	x6_dut ip link show "$DUMMY" >/dev/null 2>&1 && return 0
	# a veth pair inside the DUT namespace (this kernel has no dummy module): only routes
	# point at it, nothing is sent
	x6_dut ip link add "$DUMMY" type veth peer name "${DUMMY}p" &&
		x6_dut ip link set "${DUMMY}p" up && x6_dut ip link set "$DUMMY" up ||
		{ X6_WHY="no third interface"; return 1; }
}

# answered TARGET: the peer's ndisc6 gets our MAC; unanswered TARGET: nothing comes
answered()
{
	local mac
	mac=$(x6_peer ndisc6 -q -1 -r 3 -w 500 "$1" "$X6_IF_PEER" 2>&1) &&
		[ "${mac,,}" = "$X6_MAC_DUT" ] || { X6_WHY="ndisc6 $1: '$mac', want $X6_MAC_DUT"; return 1; }
}
unanswered()
{
	local out
	if out=$(x6_peer ndisc6 -q -1 -r 2 -w 300 "$1" "$X6_IF_PEER" 2>&1); then
		X6_WHY="ndisc6 $1 answered: $out"; return 1
	fi
}

# trie_has PREFIX LEN: the trie holds that key (bpftool's raw key bytes: u32 prefixlen, addr)
trie_has()
{
	bpftool -j map dump pinned "$X6_PIN_DIR/proxy" 2>/dev/null | /usr/bin/python3 -c '
import ipaddress, json, sys
want = (int(sys.argv[2]).to_bytes(4, sys.byteorder) +
        ipaddress.IPv6Address(sys.argv[1]).packed)
keys = [bytes(int(b, 16) for b in e["key"]) for e in json.load(sys.stdin)]
sys.exit(0 if want in keys else 1)' "$1" "$2"
}

auto_answers_only_targets_routed_through_another_interface()
{
	local out
	p_daemon || { x6_fail "$X6_WHY"; return; }
	a_dummy || { x6_fail "$X6_WHY"; return; }
	x6_dut ip -6 route replace "$R1/80" dev "$DUMMY" || { x6_fail "route $R1/80"; return; }
	x6_ctl proxy add "$APFX/64" dev "$X6_IF_DUT" --auto >/dev/null 2>"$X6_LOGDIR/ctl.err" ||
		{ x6_fail "proxy add --auto: $(cat "$X6_LOGDIR/ctl.err")"; return; }
	out=$(x6_ctl proxy show --json | x6_json '
for e in j:
    print(e["prefix"], e["prefixlen"], e["mode"])')
	grep -qx "$APFX 64 auto" <<<"$out" || { x6_fail "proxy show --json: $out"; return; }
	# the route existed before the prefix: from the dump
	answered "${R1}a:b" || { x6_fail "under $R1/80: $X6_WHY"; return; }
	unanswered "${APFX}1234" || { x6_fail "in the /64, no route: $X6_WHY"; return; }
	trie_has "$APFX" 64 && { x6_fail "the whole /64 is in the trie"; return; }
	# a route added now: from RTM_NEWROUTE
	x6_dut ip -6 route add "$R3/80" dev "$DUMMY" || { x6_fail "route $R3/80"; return; }
	x6_wait 2 trie_has "$R3" 80 || { x6_fail "$R3/80 not in the trie after the route came"; return; }
	answered "${R3}d:e" || { x6_fail "under $R3/80: $X6_WHY"; return; }
	# and deleted: RTM_DELROUTE takes the answers back
	x6_dut ip -6 route del "$R3/80" dev "$DUMMY"
	x6_wait 2 eval '! trie_has "$R3" 80' || { x6_fail "$R3/80 still in the trie"; return; }
	unanswered "${R3}d:e" || { x6_fail "after route del: $X6_WHY"; return; }
	answered "${R1}a:d" || { x6_fail "$R1/80 lost: $X6_WHY"; return; }
	# `ip route replace` with an unreachable route (our interface has no IPv6 in the kernel
	# here): one RTM_NEWROUTE with NLM_F_REPLACE and no RTM_DELROUTE for the route through
	# DUMMY, which must go with it
	x6_dut ip -6 route replace unreachable "$R1/80" || { x6_fail "replace $R1/80"; return; }
	x6_wait 2 eval '! trie_has "$R1" 80' ||
		{ x6_fail "$R1/80 still in the trie after it was replaced by an unreachable route"
		  return; }
	unanswered "${R1}a:e" || { x6_fail "after route replace: $X6_WHY"; return; }
	x6_dut ip -6 route replace "$R1/80" dev "$DUMMY" || { x6_fail "replace back"; return; }
	x6_wait 2 trie_has "$R1" 80 || { x6_fail "$R1/80 not back in the trie"; return; }
	answered "${R1}a:f" || { x6_fail "after replace back: $X6_WHY"; return; }
}

sigkill_restart_lists_prefixes_again_and_recomputes_auto()
{
	local out
	p_daemon || { x6_fail "$X6_WHY"; return; }
	a_dummy || { x6_fail "$X6_WHY"; return; }
	x6_dut ip -6 route replace "$R1/80" dev "$DUMMY"
	x6_dut ip -6 route replace "$R3/80" dev "$DUMMY"
	x6_ctl proxy show --json | grep -q "\"$APFX\"" ||
		x6_ctl proxy add "$APFX/64" dev "$X6_IF_DUT" --auto >/dev/null ||
		{ x6_fail "proxy add --auto"; return; }
	x6_wait 2 trie_has "$R3" 80 || { x6_fail "$R3/80 not in the trie"; return; }
	x6_daemon_stop KILL
	# while no xdp6d runs: the program keeps answering; a route goes
	answered "${R1}1:3" || { x6_fail "after SIGKILL: $X6_WHY"; return; }
	x6_dut ip -6 route del "$R3/80" dev "$DUMMY"
	x6_daemon_start --no-dad -a "$X6_ADDR_DUT/$X6_PLEN" || { x6_fail "restart: $X6_WHY"; return; }
	out=$(x6_ctl proxy show --json | x6_json '
for e in sorted(j, key=lambda e: e["prefix"]):
    print(e["prefix"], e["prefixlen"], e["mode"])')
	[ "$out" = "$PFX 64 static
$APFX 64 auto" ] || { x6_fail "proxy show after restart: '$out'"; return; }
	# the record told the new xdp6d that the allmulticast flag is its own (cleared at the end)
	out=$(x6_ctl proxy show --json | x6_json 'print(sorted({e["allmulti_by_xdp6d"] for e in j}))')
	[ "$out" = "[True]" ] || { x6_fail "allmulti_by_xdp6d after restart: $out"; return; }
	answered "$(rand_in_pfx)" || { x6_fail "static after restart: $X6_WHY"; return; }
	answered "${R1}1:4" || { x6_fail "auto after restart: $X6_WHY"; return; }
	trie_has "$R3" 80 && { x6_fail "$R3/80, routed away while down, still in the trie"; return; }
	unanswered "${R3}1:3" || { x6_fail "route gone while down: $X6_WHY"; return; }
	# the new daemon follows routes too
	x6_dut ip -6 route add "$R3/80" dev "$DUMMY"
	x6_wait 2 trie_has "$R3" 80 || { x6_fail "$R3/80 not followed after restart"; return; }
	x6_dut ip -6 route del "$R3/80" dev "$DUMMY"
	x6_ctl proxy del "$APFX/64" dev "$X6_IF_DUT" >/dev/null || { x6_fail "proxy del"; return; }
	trie_has "$R1" 80 && { x6_fail "$R1/80 still in the trie after del"; return; }
	return 0
}

x6_main \
	ndisc6_random_addresses_in_proxied_prefix_get_our_mac \
	proxy_na_has_override_0_solicited_tlla_our_mac_from_target \
	proxy_na_checksum_accepted_by_peer_kernel \
	ndisc6_outside_prefix_gets_nothing \
	echo_to_proxied_address_passed_not_answered \
	dad_probe_for_proxied_target_not_defended \
	auto_answers_only_targets_routed_through_another_interface \
	sigkill_restart_lists_prefixes_again_and_recomputes_auto \
	proxy_show_json_bpftool_dump_and_del \
	allmulti_cleared_at_shutdown_admins_left_on
