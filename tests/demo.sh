#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# `make demo`: a two-namespace veth lab where xdp6d answers Echo (RFC 4443 §4.2) and Neighbor
# Solicitation (RFC 4861 §7.2.4) for 2001:db8::1 with the kernel's IPv6 switched off, so every
# answer the peer sees comes from xdp6. Builds nothing (make does); tears down on exit or Ctrl-C.
set -u
. "$(dirname "$0")/integration/lib.sh"
x6_init d || exit 1

step()
{
	if [ -t 1 ]; then
		printf '\n\033[1m== %s\033[0m\n' "$*"
	else
		printf '\n== %s\n' "$*"
	fi
}

die()
{
	printf '\ndemo failed: %s\n' "$*" >&2
	X6_FAILED=1
	exit 1
}

x6_have_root || die "needs root (network namespaces, XDP)"
for f in "$X6_XDP6D" "$X6_XDP6CTL" "$X6_XDP_PASS"; do
	[ -e "$f" ] || die "${f#"$X6_ROOT"/} missing: run 'make demo' (it builds first)"
done

step "Lab: namespace $X6_NS_DUT (xdp6) <-veth-> $X6_NS_PEER (a Linux IPv6 host)"
x6_rig_up || die "$X6_WHY"
echo "xdp6 side:  $X6_IF_DUT  $X6_MAC_DUT  kernel IPv6 disabled (disable_ipv6=1)"
echo "peer side:  $X6_IF_PEER  $X6_MAC_PEER  $X6_ADDR_PEER/$X6_PLEN, $X6_PEER_LL"

step "Start: xdp6d -a $X6_ADDR_DUT/$X6_PLEN $X6_IF_DUT"
x6_daemon_start -a "$X6_ADDR_DUT/$X6_PLEN" || die "$X6_WHY"
echo "xdp6d running (pid $X6_DAEMON_PID); duplicate address detection for $X6_ADDR_DUT ..."
x6_wait_addr "$X6_ADDR_DUT" preferred || die "$X6_WHY"
echo "$X6_ADDR_DUT is preferred: the XDP program answers for it now"

step "Peer: ping -6 -c 3 $X6_ADDR_DUT"
x6_peer timeout 20 ping -6 -n -c 3 "$X6_ADDR_DUT"
ping_rc=$?

step "Peer: ndisc6 $X6_ADDR_DUT $X6_IF_PEER (Neighbor Solicitation -> Advertisement)"
x6_peer timeout 10 ndisc6 -1 -n "$X6_ADDR_DUT" "$X6_IF_PEER"
ndisc_rc=$?

step "Peer's neighbor cache"
x6_peer ip -6 neigh show dev "$X6_IF_PEER"

step "xdp6ctl addr show"
x6_ctl addr show

step "xdp6ctl stats (counters that are not zero)"
x6_ctl stats | awk '{ n = 0; z = 1
	for (i = 2; i <= NF; i++) if ($i ~ /^[0-9]+$/) { n++; if ($i != 0) z = 0 } }
	!(n && z)'

step "Tear down: stop xdp6d (SIGTERM), delete the namespaces"
x6_daemon_stop TERM
echo "xdp6d exited with status $X6_DAEMON_RC"
x6_rig_down

[ "$ping_rc" -eq 0 ] || die "ping -6 $X6_ADDR_DUT got no reply"
[ "$ndisc_rc" -eq 0 ] || die "ndisc6 $X6_ADDR_DUT got no advertisement"
printf '\ndemo ok: every reply above came from xdp6 (the kernel had IPv6 off)\n'
