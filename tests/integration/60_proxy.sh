#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Prefix-wide ownership, the NDP proxy in XDP (issue 13; README "Prefix-wide ownership"):
# `xdp6ctl proxy add PREFIX/LEN dev IFACE --static`, then the peer's Linux ndisc6 resolves
# random addresses inside the prefix to our MAC, scapy reads the NA's flags (RFC 4861 §7.2.8:
# O=0, S=1, TLLA our MAC, from the target), addresses outside get nothing, Echo Requests to
# proxied addresses and DAD probes for them are passed, `proxy show`/`--json`/`del` and the
# BTF-typed trie in `bpftool map dump`.
set -u
. "$(dirname "$0")/lib.sh"
x6_init px || exit 1

PFX=2001:db8:5::		# proxied /64 (not the rig's 2001:db8::/64)
PFX4=2001:db8:5:0:		# its first 64 bits, as inet_ntop writes an address in it
OUTSIDE=2001:db8:6::1234	# not proxied

p_daemon()
{
	x6_daemon_ensure --no-dad -a "$X6_ADDR_DUT/$X6_PLEN" || return 1
	x6_wait_addr "$X6_ADDR_DUT" preferred || return 1
	x6_ctl proxy show --json | grep -q "\"$PFX\"" && return 0
	x6_ctl proxy add "$PFX/64" dev "$X6_IF_DUT" --static >/dev/null 2>"$X6_LOGDIR/ctl.err" ||
		{ X6_WHY="proxy add: $(cat "$X6_LOGDIR/ctl.err")"; return 1; }
	# the NA comes from our link-local: wait until it is preferred (DAD off: at once)
	x6_wait 10 x6_ctl addr show --json >/dev/null
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
	got=$(x6_scapy_sniff "Ether(src=PEER_MAC, dst=DUT_MAC) / IPv6(src=PEER_ADDR, dst='$t') /
		ICMPv6EchoRequest(id=0x600, seq=1)" 1 | wc -l)
	[ "$got" -eq 0 ] || { x6_fail "$got frames back for an Echo Request to $t"; return; }
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
	got=$(x6_scapy_sniff "Ether(src=PEER_MAC, dst=solnode_mac('$t')) /
		IPv6(src='::', dst=solnode('$t'), hlim=255) / ICMPv6ND_NS(tgt='$t')" 1 | wc -l)
	[ "$got" -eq 0 ] || { x6_fail "$got frames back for a DAD probe for $t"; return; }
	[ "$(x6_stat_delta "$before" proxy-dad-passed)" -eq 1 ] ||
		{ x6_fail "DAD probe not counted proxy-dad-passed"; return; }
}

proxy_show_json_bpftool_dump_and_del()
{
	local out t
	p_daemon || { x6_fail "$X6_WHY"; return; }
	out=$(x6_ctl proxy show) || { x6_fail "proxy show failed"; return; }
	grep -qE "$X6_IF_DUT +$PFX +64 +static" <<<"$out" || { x6_fail "proxy show: $out"; return; }
	out=$(x6_ctl proxy show --json | x6_json '
for e in j:
    print(e["ifname"], e["prefix"], e["prefixlen"], e["mode"])')
	[ "$out" = "$X6_IF_DUT $PFX 64 static" ] || { x6_fail "proxy show --json: $out"; return; }
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
}

x6_main \
	ndisc6_random_addresses_in_proxied_prefix_get_our_mac \
	proxy_na_has_override_0_solicited_tlla_our_mac_from_target \
	proxy_na_checksum_accepted_by_peer_kernel \
	ndisc6_outside_prefix_gets_nothing \
	echo_to_proxied_address_passed_not_answered \
	dad_probe_for_proxied_target_not_defended \
	proxy_show_json_bpftool_dump_and_del
