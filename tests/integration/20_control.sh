#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# The control plane end to end against a real Linux peer: DAD (RFC 4862 §5.4, RFC 7527 nonce),
# the modified EUI-64 link-local (RFC 4862 §5.3, RFC 4291 App. A), the MLD listener (RFC 3810
# §5.2, §6, §8.2; RFC 2710 §4) and the NIC multicast filter, the neighbor cache (RFC 4861
# §7.2.3, §7.3), restart adoption of the pinned maps, xdp6ctl addr add refusals, and an NA
# claiming our address (RFC 4862 §5.4.4: logged, rate limited).
set -u
. "$(dirname "$0")/lib.sh"
x6_init c || exit 1

DUT_LL=fe80::ff:fe00:1			# RFC 4291 App. A: EUI-64 of 02:00:00:00:00:01
DUT_SOLNODE=ff02::1:ff00:1		# RFC 4291 §2.7.1: of 2001:db8::1 and of fe80::ff:fe00:1
DUT_SOLNODE_MAC=33:33:ff:00:00:01	# RFC 2464 §7
ADDR_NEW=2001:db8::3			# added at run time: tentative, probe, preferred
ADDR_DEL=2001:db8::4			# deleted while DAD runs
ADDR_RT=2001:db8::5			# added at run time before the SIGKILL/restart
ADDR_LEAVE=2001:db8::6			# its group is left on addr del
ADDR_LEAVE_MAC=33:33:ff:00:00:06
ADDR_2ND=2001:db8::9			# what the refused second xdp6d would have served
ADDR_PEER_OWNED=2001:db8::a1		# the peer kernel's own address that we then try to add
RETRANS_S=1				# RetransTimer (RFC 4861 §10), DAD default of xdp6d
PING_N=60 PING_I=0.05			# 3 s of pings around the SIGKILL

# The daemon most tests share: one static address, DAD on (the default), the link-local of
# the MAC. Both must end preferred.
c_daemon()
{
	x6_daemon_ensure -a "$X6_ADDR_DUT/$X6_PLEN" &&
		x6_wait_addr "$X6_ADDR_DUT" preferred &&
		x6_wait_addr "$DUT_LL" preferred
}

# c_addr_gone ADDR: best-effort removal of a run-time address so later tests see the base set.
c_addr_gone()
{
	x6_ctl addr del "$1/$X6_PLEN" dev "$X6_IF_DUT" >/dev/null 2>&1
	return 0
}

# c_ctl_check 'PY' ARGS...: run `xdp6ctl ARGS...`; if it fails or prints no JSON, print that and
# fail; else check its JSON with x6_json 'PY'.
c_ctl_check()
{
	local py=$1 out rc

	shift
	out=$(x6_ctl "$@" 2>&1)
	rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "xdp6ctl $*: exit $rc: $(echo "$out" | head -c 200 | tr '\n' ' ')"
		return 1
	fi
	if ! echo "$out" | "$X6_PY" -c 'import json, sys; json.load(sys.stdin)' 2>/dev/null; then
		echo "xdp6ctl $*: not JSON: $(echo "$out" | head -c 200 | tr '\n' ' ')"
		return 1
	fi
	echo "$out" | x6_json "$py"
}

# c_now: wall-clock seconds with fractions, the clock tcpdump stamps frames with.
c_now()
{
	date +%s.%N
}

# c_tentative_seen STATE T_ADD T_READ: STATE, read at T_READ from a call started at T_ADD (just
# before addr add), must be tentative: DAD takes at least RetransTimer (RFC 4862 §5.4), so a read
# within RETRANS_S of the add can show nothing else. On a slow machine (qemu TCG: each CLI round
# trip ~0.5 s) the read may come later; it then shows nothing about DAD and is not held against
# the daemon (the capture checks that follow still are).
c_tentative_seen()
{
	[ "$1" = tentative ] && return 0
	if awk -v a="$2" -v r="$3" -v t="$RETRANS_S" 'BEGIN { exit !(r - a < t) }'; then
		X6_WHY="state right after addr add is '$1', want tentative"
		return 1
	fi
	echo "# state read $(awk -v a="$2" -v r="$3" 'BEGIN { printf "%.2f", r - a }')s after" \
	     "addr add, past RetransTimer: '$1' says nothing about DAD"
}

# c_maddr: the DUT veth's link-layer multicast filter as `ip maddr` prints it.
c_maddr()
{
	ip -n "$X6_NS_DUT" maddr show dev "$X6_IF_DUT" 2>&1
}

c_maddr_has()
{
	c_maddr | grep -qi "link  *$1\b"
}

# c_prog_id: id of the XDP program attached to the DUT veth (the libxdp dispatcher), or "".
c_prog_id()
{
	ip -n "$X6_NS_DUT" -d link show dev "$X6_IF_DUT" 2>/dev/null |
		sed -n 's/.*prog\/xdp id \([0-9]*\).*/\1/p' | head -n 1
}

# c_probes PCAP TARGET: one line per DAD probe for TARGET in PCAP (NS from ::, RFC 4862
# §5.4.2), decoded by tshark: time eth.src eth.dst ip.src ip.dst hlim checksum-status
# option-types nonce.
c_probes()
{
	x6_tshark "$1" "icmpv6.type == 135 && icmpv6.nd.ns.target_address == $2 && ipv6.src == ::" \
		frame.time_epoch eth.src eth.dst ipv6.src ipv6.dst ipv6.hlim \
		icmpv6.checksum.status icmpv6.opt.type icmpv6.opt.nonce
}

# The peer kernel's link-local as the source of our queries; our link-local as the source
# every MLD message of ours must have (RFC 3810 §5.2.13 once DAD passed).
C_PY_MLD='
DUT_LL = "'"$DUT_LL"'"
def a6(a):
    return inet_pton(socket.AF_INET6, str(a))
def same(a, b):
    return a6(a) == a6(b)
def query(v2, mrd_ms=1000):
    q = (Ether(src=PEER_MAC, dst="33:33:00:00:00:01") /
         IPv6(src=PEER_LL, dst="ff02::1", hlim=1) /
         IPv6ExtHdrHopByHop(options=[RouterAlert(value=0)]))
    return q / (ICMPv6MLQuery2(mrd=mrd_ms) if v2 else ICMPv6MLQuery(mrd=mrd_ms))
def icmp_bytes(p):
    "the ICMPv6 message of frame p, behind any extension headers, as the IPv6 length says"
    ip = bytes(p[IPv6])
    nh, b = ip[6], ip[40:40 + int.from_bytes(ip[4:6], "big")]
    while nh in (0, 43, 60):
        nh, b = b[0], b[(b[1] + 1) * 8:]
    return b
def v2_records(p):
    "RFC 3810 §5.2: (type, group) of each Multicast Address Record, parsed from the bytes here"
    b = icmp_bytes(p)
    n, i, out = int.from_bytes(b[6:8], "big"), 8, []
    for _ in range(n):
        if i + 20 > len(b):
            fail("MLDv2 Report claims %d records, ends after %d: %s" % (n, len(out), b.hex()))
        aux, nsrc = b[i + 1], int.from_bytes(b[i + 2:i + 4], "big")
        out.append((b[i], inet_ntop(socket.AF_INET6, b[i + 4:i + 20])))
        i += 20 + 16 * nsrc + 4 * aux
    if i != len(b):
        fail("MLDv2 Report with %d bytes after its %d records: %s" % (len(b) - i, n, b.hex()))
    return out
def csum_ok(p):
    "RFC 4443 §2.3 over the pseudo-header (RFC 8200 §8.1): the sum with the checksum is ~0"
    m = icmp_bytes(p)
    data = a6(p[IPv6].src) + a6(p[IPv6].dst) + len(m).to_bytes(4, "big") + bytes([0, 0, 0, 58])
    data += m + bytes(len(m) % 2)
    t = sum(int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2))
    while t >> 16:
        t = (t & 0xffff) + (t >> 16)
    return t == 0xffff
def check_envelope(p, layer, dst):
    "RFC 3810 §5.2.13-14 / RFC 2710 §3: link-local source, hop limit 1, Router Alert, dst"
    ip = p[IPv6]
    if not same(ip.src, DUT_LL):
        fail("%s from %s, want %s: %s" % (layer.__name__, ip.src, DUT_LL, p.summary()))
    if ip.hlim != 1:
        fail("%s with hop limit %d, want 1" % (layer.__name__, ip.hlim))
    if not same(ip.dst, dst):
        fail("%s to %s, want %s" % (layer.__name__, ip.dst, dst))
    h = p.getlayer(IPv6ExtHdrHopByHop)
    if h is None or not any(isinstance(o, RouterAlert) and o.value == 0 for o in h.options):
        fail("%s without a Router Alert (MLD) option: %r" % (layer.__name__, p))
    if not csum_ok(p):
        fail("%s with a bad checksum: %s" % (layer.__name__, bytes(p).hex()))
'

# c_solnodes: the solicited-node groups of the DUT's preferred/deprecated addresses, one a line.
c_solnodes()
{
	x6_addr_json | "$X6_PY" -c '
import json, sys, ipaddress
for a in json.load(sys.stdin):
    if a.get("ifname") == sys.argv[1] and a.get("state") in ("preferred", "deprecated"):
        low = ipaddress.ip_address(a["addr"].split("%")[0]).packed[13:]
        print(ipaddress.ip_address(ipaddress.ip_address("ff02::1:ff00:0").packed[:13] + low))
' "$X6_IF_DUT" | sort -u
}

# c_mld_v2_query_check: an MLDv2 General Query from the peer is answered within its Max
# Response Delay (1 s) by MLDv2 Reports whose MODE_IS_EXCLUDE records (RFC 3810 §6.2: Current
# State Records) name the solicited-node group of every address we serve, never ff02::1.
c_mld_v2_query_check()
{
	local want

	want=$(c_solnodes | tr '\n' ' ')
	echo "$want" | grep -q "$DUT_SOLNODE" ||
		{ X6_WHY="expected groups '$want' lack $DUT_SOLNODE (addresses not preferred?)"
		  return 1; }
	X6_WHY=$(x6_scapy "$C_PY_MLD"'
WANT = "'"$want"'".split()
got = exchange(query(True), wait=2.5)
reps = [p for p in got if ICMPv6MLReport2 in p]
if not reps:
    fail("no MLDv2 Report within 2.5 s of a General Query (Max Response Delay 1 s); "
         "DUT sent: %s" % [p.summary() for p in got][:4])
current = set()
for p in reps:
    check_envelope(p, ICMPv6MLReport2, "ff02::16")
    for rtype, group in v2_records(p):
        if same(group, "ff02::1"):
            fail("ff02::1 reported (RFC 3810 §6: never reported)")
        if rtype == 2:
            current.add(a6(group))
missing = [g for g in WANT if a6(g) not in current]
if missing:
    fail("no MODE_IS_EXCLUDE record for %s; records: %s" % (missing,
         [r for p in reps for r in v2_records(p)]))
') || return 1
}

# --- link-local ------------------------------------------------------------------------------

# RFC 4862 §5.3: fe80::/64 + the modified EUI-64 of 02:00:00:00:00:01 (RFC 4291 App. A),
# answered by XDP once DAD passed.
link_local_fe80_ff_fe00_1_preferred_answers_peer_ping()
{
	local out

	c_daemon || { x6_fail "$X6_WHY"; return; }
	out=$(x6_addr_json | x6_json '
ll = [a for a in j if same_addr(a.get("addr"), "'"$DUT_LL"'")]
ok(len(ll) == 1, "'"$DUT_LL"' listed %d times: %r" % (len(ll), j))
a = ll[0]
ok(a.get("origin") == "link-local" and a.get("prefixlen") == 64 and
   a.get("state") == "preferred", "entry %r" % a)
') || { x6_fail "$out"; return; }
	x6_peer ip -6 neigh flush dev "$X6_IF_PEER"
	x6_ping "$DUT_LL%$X6_IF_PEER" -c 3 -i 0.2 -W 2
	[ "$(x6_ping_received)" = 3 ] ||
		{ x6_fail "ping $DUT_LL%$X6_IF_PEER: $(echo "$PING_OUT" | tail -n 2 | tr '\n' ' ')"
		  return; }
}

# --- DAD -------------------------------------------------------------------------------------

# RFC 4862 §5.4: a new address is tentative, probed once (DupAddrDetectTransmits 1) with an NS
# from :: to its solicited-node group, hop limit 255 (RFC 4861 §7.1.1), no Source Link-Layer
# Address option (RFC 4861 §4.3: not with ::), an RFC 7527 Nonce; preferred after RetransTimer.
addr_add_tentative_probe_from_unspecified_with_nonce_then_preferred()
{
	local out st pcap probes n t_pref bad t_add t_st

	c_daemon || { x6_fail "$X6_WHY"; return; }
	c_addr_gone "$ADDR_NEW"
	x6_wait_addr "$ADDR_NEW" absent 5 || { x6_fail "setup: $X6_WHY"; return; }
	x6_capture_start probe icmp6 || { x6_fail "$X6_WHY"; return; }
	t_add=$(c_now)
	out=$(x6_ctl addr add "$ADDR_NEW/$X6_PLEN" dev "$X6_IF_DUT" 2>&1) ||
		{ x6_capture_stop probe >/dev/null; x6_fail "xdp6ctl addr add: $out"; return; }
	st=$(x6_addr_field "$ADDR_NEW" state)
	t_st=$(c_now)
	# poll for preferred, noting when it was first seen
	t_pref=
	for _ in $(seq 1 $((X6_STATE_TIMEOUT * 10))); do
		if [ "$(x6_addr_field "$ADDR_NEW" state)" = preferred ]; then
			t_pref=$(c_now)
			break
		fi
		sleep 0.1
	done
	sleep 0.3
	pcap=$(x6_capture_stop probe)
	c_tentative_seen "$st" "$t_add" "$t_st" || { x6_fail "$X6_WHY"; return; }
	[ -n "$t_pref" ] ||
		{ x6_fail "$ADDR_NEW not preferred after ${X6_STATE_TIMEOUT}s" \
			"(state: $(x6_addr_field "$ADDR_NEW" state))"; return; }
	probes=$(c_probes "$pcap" "$ADDR_NEW")
	n=$(echo "$probes" | grep -c .)
	[ "$n" -eq 1 ] ||
		{ x6_fail "want 1 DAD probe for $ADDR_NEW, captured $n: '$probes'"; return; }
	bad=$(echo "$probes" | awk -F'\t' -v mac="$X6_MAC_DUT" '
		$2 != mac { print "eth.src " $2 }
		$3 != "33:33:ff:00:00:03" { print "eth.dst " $3 }
		$5 != "ff02::1:ff00:3" { print "ipv6.dst " $5 }
		$6 != 255 { print "hop limit " $6 }
		$7 != 1 { print "checksum status " $7 }
		$8 != "14" { print "option types " $8 " (want only 14, the Nonce)" }
		{ n = $9; gsub(":", "", n) }
		length(n) != 12 { print "nonce " $9 " (want 6 octets)" }')
	[ -z "$bad" ] || { x6_fail "probe: $(echo "$bad" | tr '\n' ';') in '$probes'"; return; }
	# preferred no earlier than RetransTimer after the probe (observed with polling lag)
	awk -v p="$(echo "$probes" | cut -f1)" -v t="$t_pref" -v r="$RETRANS_S" \
		'BEGIN { exit !(t - p >= r - 0.1) }' ||
		{ x6_fail "preferred $(awk -v p="$(echo "$probes" | cut -f1)" -v t="$t_pref" \
			'BEGIN { printf "%.3f", t - p }')s after the probe, want >= ${RETRANS_S}s"
		  return; }
	x6_ping "$ADDR_NEW" -c 2 -i 0.2 -W 2
	[ "$(x6_ping_received)" = 2 ] ||
		{ x6_fail "ping $ADDR_NEW once preferred:" \
			"$(echo "$PING_OUT" | grep -m1 transmitted)"; return; }
	c_addr_gone "$ADDR_NEW"
}

# RFC 4862 §5.4.5: the peer kernel owns X and answers our probe with an NA: X is duplicate and
# never used; XDP must not answer an NS for it (RFC 4862 §5.4: not assigned).
peer_owned_address_added_ends_duplicate_and_never_answered()
{
	local out

	c_daemon || { x6_fail "$X6_WHY"; return; }
	out=$(x6_peer ip -6 addr add "$ADDR_PEER_OWNED/$X6_PLEN" dev "$X6_IF_PEER" nodad 2>&1) ||
		{ x6_fail "peer ip addr add: $out"; return; }
	out=$(x6_ctl addr add "$ADDR_PEER_OWNED/$X6_PLEN" dev "$X6_IF_DUT" 2>&1) ||
		{ x6_fail "xdp6ctl addr add: $out"; c_peer_owned_cleanup; return; }
	x6_wait_addr "$ADDR_PEER_OWNED" duplicate ||
		{ x6_fail "$X6_WHY"; c_peer_owned_cleanup; return; }
	out=$(x6_scapy "
T = '$ADDR_PEER_OWNED'
own = (Ether(src=PEER_MAC, dst=solnode_mac(T)) / IPv6(src=PEER_ADDR, dst=solnode(T), hlim=255) /
       ICMPv6ND_NS(tgt=T) / ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC))
dad = (Ether(src=PEER_MAC, dst=solnode_mac(T)) / IPv6(src='::', dst=solnode(T), hlim=255) /
       ICMPv6ND_NS(tgt=T))
uni = (Ether(src=PEER_MAC, dst=DUT_MAC) / IPv6(src=PEER_ADDR, dst=T, hlim=255) /
       ICMPv6ND_NS(tgt=T) / ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC))
echo = Ether(src=PEER_MAC, dst=DUT_MAC) / IPv6(src=PEER_ADDR, dst=T) / ICMPv6EchoRequest()
r = [p for p in exchange([own, dad, uni, echo], wait=1.0)
     if ICMPv6ND_NA in p or ICMPv6EchoReply in p]
if r:
    fail('DUT answered for its duplicate address: ' + r[0].summary())
") || { x6_fail "$out"; c_peer_owned_cleanup; return; }
	x6_wait_addr "$ADDR_PEER_OWNED" duplicate 1 ||
		{ x6_fail "later: $X6_WHY"; c_peer_owned_cleanup; return; }
	c_peer_owned_cleanup
}

c_peer_owned_cleanup()
{
	x6_peer ip -6 addr del "$ADDR_PEER_OWNED/$X6_PLEN" dev "$X6_IF_PEER" >/dev/null 2>&1
	c_addr_gone "$ADDR_PEER_OWNED"
}

# The other direction: X is ours and preferred; the peer kernel's own DAD for X (accept_dad=1,
# one probe) gets our NA (RFC 4862 §5.4.3, answered in XDP) and marks X dadfailed.
peer_kernel_dad_for_our_preferred_address_marks_it_dadfailed()
{
	local before=$X6_LOGDIR/stats.defend out d

	c_daemon || { x6_fail "$X6_WHY"; return; }
	x6_stats_json >"$before" || { x6_fail "xdp6ctl stats --json failed"; return; }
	x6_peer sysctl -qw "net.ipv6.conf.$X6_IF_PEER.accept_dad=1" \
		"net.ipv6.conf.$X6_IF_PEER.dad_transmits=1" >/dev/null
	out=$(x6_peer ip -6 addr add "$X6_ADDR_DUT/$X6_PLEN" dev "$X6_IF_PEER" 2>&1) ||
		{ x6_fail "peer ip addr add: $out"; c_peer_dad_cleanup; return; }
	if ! x6_wait 8 eval 'x6_peer ip -6 addr show dev "$X6_IF_PEER" |
			grep -q "$X6_ADDR_DUT/$X6_PLEN .*dadfailed"'; then
		x6_fail "peer: $(x6_peer ip -6 addr show dev "$X6_IF_PEER" |
			grep -A1 "$X6_ADDR_DUT/" | tr -s ' \n' ' ')"
		c_peer_dad_cleanup
		return
	fi
	c_peer_dad_cleanup
	x6_wait_addr "$X6_ADDR_DUT" preferred 1 || { x6_fail "after: $X6_WHY"; return; }
	d=$(x6_stat_delta "$before" na-dad-defended) || { x6_fail "no na-dad-defended"; return; }
	[ "$d" -ge 1 ] || { x6_fail "na-dad-defended grew by $d, want >= 1"; return; }
}

c_peer_dad_cleanup()
{
	x6_peer ip -6 addr del "$X6_ADDR_DUT/$X6_PLEN" dev "$X6_IF_PEER" >/dev/null 2>&1
	x6_peer sysctl -qw "net.ipv6.conf.$X6_IF_PEER.accept_dad=0" >/dev/null
	x6_peer ip -6 neigh flush dev "$X6_IF_PEER"
}

# RFC 4862 §5.4 / dad.h: an address deleted while tentative is gone at once and DAD stops: no
# probe for it after `addr del` returned, its solicited-node group left.
addr_del_during_dad_leaves_no_address_and_no_later_probe()
{
	local out st rc t_del pcap late t_add t_st

	c_daemon || { x6_fail "$X6_WHY"; return; }
	c_addr_gone "$ADDR_DEL"
	x6_capture_start deldad icmp6 || { x6_fail "$X6_WHY"; return; }
	t_add=$(c_now)
	out=$(x6_ctl addr add "$ADDR_DEL/$X6_PLEN" dev "$X6_IF_DUT" 2>&1) ||
		{ x6_capture_stop deldad >/dev/null; x6_fail "xdp6ctl addr add: $out"; return; }
	st=$(x6_addr_field "$ADDR_DEL" state)
	t_st=$(c_now)
	out=$(x6_ctl addr del "$ADDR_DEL/$X6_PLEN" dev "$X6_IF_DUT" 2>&1)
	rc=$?
	t_del=$(c_now)
	# the first probe is due within 0-1 s, a second never: wait out 3 RetransTimers
	sleep 3
	pcap=$(x6_capture_stop deldad)
	c_tentative_seen "$st" "$t_add" "$t_st" || { x6_fail "$X6_WHY"; return; }
	[ "$rc" -eq 0 ] || { x6_fail "xdp6ctl addr del: exit $rc: $out"; return; }
	x6_wait_addr "$ADDR_DEL" absent 1 || { x6_fail "$X6_WHY"; return; }
	late=$(c_probes "$pcap" "$ADDR_DEL" | awk -F'\t' -v t="$t_del" '$1 > t + 0.02')
	[ -z "$late" ] ||
		{ x6_fail "probe after addr del (returned at $t_del): $(echo "$late" | head -n 1)"
		  return; }
	! c_maddr_has 33:33:ff:00:00:04 ||
		{ x6_fail "33:33:ff:00:00:04 still in the NIC filter after addr del"; return; }
}

# xdp6ctl addr add refuses what cannot be a unicast address of ours (RFC 4291 §2.7 multicast,
# §2.5.2 unspecified) and an address already served, with a message, exit 1; nothing changes.
addr_add_multicast_unspecified_or_existing_refused_exit_1()
{
	local a rc out errs=""

	c_daemon || { x6_fail "$X6_WHY"; return; }
	for a in ff02::1 :: "$X6_ADDR_DUT/$X6_PLEN"; do
		x6_ctl addr add "$a" dev "$X6_IF_DUT" >"$X6_LOGDIR/refuse.out" \
			2>"$X6_LOGDIR/refuse.err"
		rc=$?
		[ "$rc" -eq 1 ] || errs+="addr add $a: exit $rc, want 1; "
		grep -q . "$X6_LOGDIR/refuse.err" || errs+="addr add $a: no message on stderr; "
		echo "# addr add $a: exit $rc: $(cat "$X6_LOGDIR/refuse.err")" \
			>>"$X6_LOGDIR/refuse.txt"
	done
	[ -z "$errs" ] || { x6_fail "$errs"; return; }
	out=$(x6_addr_json | x6_json '
mine = [a for a in j if a.get("ifname") == "'"$X6_IF_DUT"'"]
for bad in ("ff02::1", "::"):
    ok(not [a for a in mine if same_addr(a.get("addr"), bad)], bad + " listed: %r" % mine)
x = [a for a in mine if same_addr(a.get("addr"), "'"$X6_ADDR_DUT"'")]
ok(len(x) == 1 and x[0].get("state") == "preferred", "'"$X6_ADDR_DUT"' now %r" % x)
') || { x6_fail "$out"; return; }
}

# --- NIC multicast filter and MLD ------------------------------------------------------------

# DESIGN.md: the daemon adds 33:33:ff:xx:xx:xx of each solicited-node group to the NIC filter
# (the kernel's IPv6 is off on the DUT veth, so only xdp6d can have put it there).
nic_filter_gains_33_33_ff_00_00_01_when_xdp6d_serves()
{
	x6_daemon_stop
	! c_maddr_has "$DUT_SOLNODE_MAC" ||
		{ x6_fail "$DUT_SOLNODE_MAC in the filter with no xdp6d: $(c_maddr | tr '\n' ' ')"
		  return; }
	c_daemon || { x6_fail "$X6_WHY"; return; }
	x6_wait 3 c_maddr_has "$DUT_SOLNODE_MAC" ||
		{ x6_fail "ip maddr show dev $X6_IF_DUT: $(c_maddr | tr -s '\n\t' ' ')"; return; }
}

# The filter entry goes with the last address of the group (addr del) and at exit (SIGTERM).
nic_filter_loses_group_on_addr_del_and_on_exit()
{
	local out

	c_daemon || { x6_fail "$X6_WHY"; return; }
	out=$(x6_ctl addr add "$ADDR_LEAVE/$X6_PLEN" dev "$X6_IF_DUT" 2>&1) ||
		{ x6_fail "xdp6ctl addr add: $out"; return; }
	x6_wait 3 c_maddr_has "$ADDR_LEAVE_MAC" ||
		{ x6_fail "$ADDR_LEAVE_MAC not added: $(c_maddr | tr -s '\n\t' ' ')"
		  c_addr_gone "$ADDR_LEAVE"; return; }
	out=$(x6_ctl addr del "$ADDR_LEAVE/$X6_PLEN" dev "$X6_IF_DUT" 2>&1) ||
		{ x6_fail "xdp6ctl addr del: $out"; return; }
	x6_wait 3 eval '! c_maddr_has "$ADDR_LEAVE_MAC"' ||
		{ x6_fail "$ADDR_LEAVE_MAC still there after addr del:" \
			"$(c_maddr | tr -s '\n\t' ' ')"; return; }
	c_maddr_has "$DUT_SOLNODE_MAC" ||
		{ x6_fail "$DUT_SOLNODE_MAC went with $ADDR_LEAVE"; return; }
	x6_daemon_stop TERM || { x6_fail "xdp6d did not exit on SIGTERM"; return; }
	! c_maddr_has "$DUT_SOLNODE_MAC" ||
		{ x6_fail "$DUT_SOLNODE_MAC left in the filter after exit"; return; }
}

# xdp6ctl mld show --json: [{ifname, group, refcount, mode}]. ff02::1:ff00:1 is shared by
# 2001:db8::1 and fe80::ff:fe00:1: refcount 2; MLDv2 with no older querier (RFC 3810 §8.2).
mld_show_json_lists_solicited_node_group_refcount_2_mode_v2()
{
	local out

	c_daemon || { x6_fail "$X6_WHY"; return; }
	out=$(c_ctl_check '
ok(isinstance(j, list) and j, "not a non-empty JSON array: %r" % (j,))
for e in j:
    for f in ("ifname", "group", "refcount", "mode"):
        ok(f in e, "entry without %s: %r" % (f, e))
    ok(e["ifname"] == "'"$X6_IF_DUT"'", "dev '"$X6_IF_DUT"' lists %r" % e)
g = [e for e in j if same_addr(e["group"], "'"$DUT_SOLNODE"'")]
ok(len(g) == 1, "'"$DUT_SOLNODE"' listed %d times: %r" % (len(g), j))
ok(g[0]["refcount"] == 2, "refcount %r, want 2 (2001:db8::1, fe80::ff:fe00:1)" % g[0]["refcount"])
ok(g[0]["mode"] == "v2", "mode %r, want v2" % g[0]["mode"])
' mld show dev "$X6_IF_DUT" --json) || { x6_fail "$out"; return; }
}

# RFC 3810 §6.2: a General Query (hop limit 1, Router Alert, link-local source, to ff02::1,
# RFC 3810 §5.1.14) gets Current State Reports for our solicited-node groups.
mldv2_general_query_gets_v2_reports_naming_solicited_node_groups()
{
	c_daemon || { x6_fail "$X6_WHY"; return; }
	c_mld_v2_query_check || { x6_fail "$X6_WHY"; return; }
}

# RFC 3810 §8.2.1: an MLDv1 Query switches the host to MLDv1 compatibility: RFC 2710 §4 Reports
# (type 131) to each group itself, no MLDv2 Report; mld show says v1. The daemon is restarted
# afterwards (the mode lasts 260 s).
mldv1_general_query_gets_v1_reports_and_mld_show_says_v1()
{
	local want out

	c_daemon || { x6_fail "$X6_WHY"; return; }
	# let unsolicited MLDv2 Reports (Robustness 2 x Unsolicited Report Interval 1 s) go by
	sleep 2
	want=$(c_solnodes | tr '\n' ' ')
	out=$(x6_scapy "$C_PY_MLD"'
WANT = "'"$want"'".split()
got = exchange(query(False), wait=2.5)
v2 = [p for p in got if ICMPv6MLReport2 in p]
if v2:
    fail("MLDv2 Report after an MLDv1 Query: %s" % v2[0].summary())
reps = [p for p in got if ICMPv6MLReport in p]
seen = set()
for p in reps:
    g = p[ICMPv6MLReport].mladdr
    check_envelope(p, ICMPv6MLReport, g)
    if same(g, "ff02::1"):
        fail("ff02::1 reported (RFC 2710 §5: never)")
    seen.add(a6(g))
missing = [g for g in WANT if a6(g) not in seen]
if not WANT or missing:
    fail("no MLDv1 Report for %s within 2.5 s; DUT sent: %s" % (missing or WANT,
         [p.summary() for p in got][:4]))
') || { x6_fail "$out"; x6_daemon_stop; return; }
	out=$(c_ctl_check '
g = [e for e in j if same_addr(e.get("group"), "'"$DUT_SOLNODE"'")]
ok(len(g) == 1 and g[0].get("mode") == "v1", "after an MLDv1 Query: %r" % (g,))
' mld show dev "$X6_IF_DUT" --json)
	x6_daemon_stop
	[ -z "$out" ] || { x6_fail "$out"; return; }
}

# --- neighbor cache --------------------------------------------------------------------------

# RFC 4861 §7.2.3: the recipient of an NS with a Source Link-Layer Address option SHOULD create
# or update the sender's neighbor cache entry. The peer resolves us with such an NS before its
# plain echo (both answered in XDP); a fresh daemon then lists the peer with its MAC.
neigh_show_json_lists_peer_mac_after_ping_exchange()
{
	local out

	x6_daemon_stop			# a neighbor cache that has not heard of the peer yet
	c_daemon || { x6_fail "$X6_WHY"; return; }
	x6_peer ip -6 neigh flush dev "$X6_IF_PEER"
	x6_ping "$X6_ADDR_DUT" -c 3 -i 0.2 -W 2
	[ "$(x6_ping_received)" = 3 ] ||
		{ x6_fail "ping: $(echo "$PING_OUT" | grep -m1 transmitted)"; return; }
	if ! x6_wait 5 eval 'c_neigh_has_peer >/dev/null'; then
		out=$(c_neigh_has_peer)
		x6_fail "${out:-neigh show printed nothing}"
		return
	fi
}

# The daemon talking back itself: an echo too big for one frame is reassembled and answered by
# the daemon (RFC 8200 §4.5), whose replies resolve the peer (RFC 4861 §7.2.2): neigh show
# lists it with its MAC, resolved.
neigh_show_json_lists_peer_mac_after_daemon_answered_ping()
{
	local out

	x6_daemon_stop			# a neighbor cache that has not heard of the peer yet
	c_daemon || { x6_fail "$X6_WHY"; return; }
	x6_peer ip -6 neigh flush dev "$X6_IF_PEER"
	x6_ping "$X6_ADDR_DUT" -c 3 -i 0.5 -W 2 -s 2000
	[ "$(x6_ping_received)" -ge 1 ] 2>/dev/null ||
		{ x6_fail "ping -s 2000: $(echo "$PING_OUT" | grep -m1 transmitted)"; return; }
	if ! x6_wait 5 eval 'c_neigh_has_peer >/dev/null'; then
		out=$(c_neigh_has_peer)
		x6_fail "${out:-neigh show printed nothing}"
		return
	fi
}

c_neigh_has_peer()
{
	c_ctl_check '
ok(isinstance(j, list), "not a JSON array: %r" % (j,))
for e in j:
    for f in ("ifname", "addr", "lladdr", "state", "router", "age_ms"):
        ok(f in e, "entry without %s: %r" % (f, e))
p = [e for e in j if same_addr(e["addr"], "'"$X6_ADDR_PEER"'")]
ok(len(p) == 1, "'"$X6_ADDR_PEER"' listed %d times: %r" % (len(p), j))
e = p[0]
ok(e["ifname"] == "'"$X6_IF_DUT"'", "ifname %r" % e["ifname"])
ok(e["lladdr"].lower() == "'"$X6_MAC_PEER"'", "lladdr %r, want '"$X6_MAC_PEER"'" % e["lladdr"])
ok(e["state"] in ("reachable", "stale", "delay", "probe"), "state %r" % e["state"])
ok(e["router"] is False, "router %r (the peer is not a router)" % e["router"])
' neigh show dev "$X6_IF_DUT" --json
}

# --- one daemon per namespace, restart adoption ----------------------------------------------

# A second xdp6d while one runs (its control socket answers) exits 2 and changes nothing.
second_xdp6d_while_one_runs_exits_2_first_keeps_serving()
{
	local rc id0

	c_daemon || { x6_fail "$X6_WHY"; return; }
	id0=$(c_prog_id)
	x6_daemon_run -a "$ADDR_2ND/$X6_PLEN" "$X6_IF_DUT"
	rc=$?
	[ "$rc" -eq 2 ] ||
		{ x6_fail "second xdp6d exited $rc, want 2: $(head -c 200 "$X6_LOGDIR/run.err")"
		  return; }
	x6_daemon_running || { x6_fail "the first xdp6d died"; return; }
	[ -n "$id0" ] && [ "$(c_prog_id)" = "$id0" ] ||
		{ x6_fail "XDP program id $id0 before, '$(c_prog_id)' after"; return; }
	x6_pinned || { x6_fail "$X6_PIN_DIR gone"; return; }
	x6_wait_addr "$X6_ADDR_DUT" preferred 1 || { x6_fail "$X6_WHY"; return; }
	[ -z "$(x6_addr_field "$ADDR_2ND" state)" ] ||
		{ x6_fail "$ADDR_2ND of the refused daemon is listed"; return; }
	x6_ping "$X6_ADDR_DUT" -c 2 -i 0.2 -W 2
	[ "$(x6_ping_received)" = 2 ] ||
		{ x6_fail "ping after: $(echo "$PING_OUT" | grep -m1 transmitted)"; return; }
}

# DESIGN.md: SIGKILL leaves program and maps answering; a new xdp6d adopts them (same program,
# addresses preferred at once from the pinned addrs map, no DAD probe) and re-binds AF_XDP
# (an MLD query is answered); SIGTERM then cleans up. 3 s of pings around the kill lose nothing.
sigkill_during_ping_no_loss_restart_adopts_without_dad_then_sigterm_cleans()
{
	local out id0 id1 pcap p1 p2 st probes o1 o2

	c_daemon || { x6_fail "$X6_WHY"; return; }
	out=$(x6_ctl addr add "$ADDR_RT/$X6_PLEN" dev "$X6_IF_DUT" 2>&1) ||
		{ x6_fail "xdp6ctl addr add: $out"; return; }
	x6_wait_addr "$ADDR_RT" preferred || { x6_fail "$X6_WHY"; return; }
	id0=$(c_prog_id)
	x6_capture_start adopt icmp6 || { x6_fail "$X6_WHY"; return; }
	o1=$X6_LOGDIR/ping.kill.1 o2=$X6_LOGDIR/ping.kill.2
	x6_peer timeout 20 ping -6 -n -c "$PING_N" -i "$PING_I" -W 1 "$X6_ADDR_DUT" >"$o1" 2>&1 &
	p1=$!
	x6_peer timeout 20 ping -6 -n -c "$PING_N" -i "$PING_I" -W 1 "$ADDR_RT" >"$o2" 2>&1 &
	p2=$!
	sleep 1
	x6_daemon_stop KILL
	sleep 0.5
	if ! x6_daemon_start -a "$X6_ADDR_DUT/$X6_PLEN"; then
		wait "$p1" "$p2"
		x6_capture_stop adopt >/dev/null
		x6_fail "restart: $X6_WHY"
		return
	fi
	# the first answer of the new daemon: adopted addresses are preferred, never tentative
	st=$(x6_addr_json | x6_json '
for want in ("'"$X6_ADDR_DUT"'", "'"$ADDR_RT"'", "'"$DUT_LL"'"):
    a = [e for e in j if same_addr(e.get("addr"), want)]
    ok(len(a) == 1 and a[0].get("state") == "preferred",
       "after restart %s is %r" % (want, [e.get("state") for e in a] or "absent"))
')
	wait "$p1" "$p2"
	sleep 2		# a DAD probe would come within 0-1 s of the restart
	pcap=$(x6_capture_stop adopt)
	[ -z "$st" ] || { x6_fail "$st"; return; }
	[ "$(x6_ping_received "$(cat "$o1")")" = "$PING_N" ] &&
		[ "$(x6_ping_received "$(cat "$o2")")" = "$PING_N" ] ||
		{ x6_fail "pings around the SIGKILL: $X6_ADDR_DUT: $(grep -m1 transmitted "$o1");" \
			"$ADDR_RT: $(grep -m1 transmitted "$o2")"; return; }
	id1=$(c_prog_id)
	[ -n "$id0" ] && [ "$id1" = "$id0" ] ||
		{ x6_fail "XDP program id $id0 before the kill, '$id1' after the restart"; return; }
	probes=$(x6_tshark "$pcap" \
		"icmpv6.type == 135 && ipv6.src == :: && eth.src == $X6_MAC_DUT" \
		icmpv6.nd.ns.target_address)
	[ -z "$probes" ] ||
		{ x6_fail "DAD rerun after restart: probes for $(echo "$probes" | tr '\n' ' ')"
		  return; }
	c_mld_v2_query_check || { x6_fail "after restart: $X6_WHY"; return; }
	x6_daemon_stop TERM || { x6_fail "restarted xdp6d did not exit on SIGTERM"; return; }
	[ "$X6_DAEMON_RC" -eq 0 ] || { x6_fail "restarted xdp6d exited $X6_DAEMON_RC"; return; }
	! x6_xdp_attached || { x6_fail "still attached after SIGTERM"; return; }
	! x6_pinned || { x6_fail "left pinned: $(ls "$X6_PIN_DIR" | tr '\n' ' ')"; return; }
	! c_maddr_has "$DUT_SOLNODE_MAC" ||
		{ x6_fail "$DUT_SOLNODE_MAC left in the filter"; return; }
}

# RFC 3810 §6.1: a node that stops listening sends a State-Change Report; xdp6d leaving on
# SIGTERM reports CHANGE_TO_INCLUDE {} (leave) for its solicited-node group, seen on the wire.
sigterm_sends_mld_leave_for_solicited_node_group()
{
	local recs

	c_daemon || { x6_fail "$X6_WHY"; return; }
	x6_capture_start leave ip6 || { x6_fail "$X6_WHY"; return; }
	x6_daemon_stop TERM || { x6_fail "xdp6d did not stop on SIGTERM"; return; }
	sleep 0.5
	x6_capture_stop leave >/dev/null
	recs=$(x6_tshark "$X6_LOGDIR/leave.pcap" \
		"icmpv6.type == 143 && eth.src == $X6_MAC_DUT && ipv6.hlim == 1" \
		icmpv6.mldr.mar.record_type icmpv6.mldr.mar.multicast_address)
	echo "$recs" | grep -qE '(^|,)3(,|\s).*ff02::1:ff00:1' ||
		{ x6_fail "no CHANGE_TO_INCLUDE for ff02::1:ff00:1 on exit; reports: $recs"; return; }
}

# Issue 9 item 21, RFC 4862 §5.4.4: an NA claiming one of our preferred addresses "SHOULD" be
# logged. 300 of them (scapy, from the peer's link-local, O=1, with a TLLA): counted every time
# (na-claims-our-addr), logged once (rate limited per address), the address stays preferred and
# answered.
na_flood_claiming_our_address_logged_once_counted_still_answered()
{
	local before=$X6_LOGDIR/stats.naclaim lines0 lines d out

	c_daemon || { x6_fail "$X6_WHY"; return; }
	x6_stats_json >"$before" || { x6_fail "xdp6ctl stats --json failed"; return; }
	lines0=$(grep -c "claims our address $X6_ADDR_DUT:" "$X6_DAEMON_LOG")
	out=$(x6_scapy '
na = (Ether(src=PEER_MAC, dst="33:33:00:00:00:01") /
      IPv6(src=PEER_LL, dst="ff02::1", hlim=255) /
      ICMPv6ND_NA(tgt=DUT_ADDR, R=0, S=0, O=1) / ICMPv6NDOptDstLLAddr(lladdr=PEER_MAC))
sendp([na] * 300, iface=IF)
') || { x6_fail "scapy: $out"; return; }
	x6_wait 5 eval '[ "$(x6_stat_delta "$before" na-claims-our-addr)" -ge 300 ]' ||
		{ x6_fail "na-claims-our-addr grew by" \
			"$(x6_stat_delta "$before" na-claims-our-addr), want 300"; return; }
	lines=$(grep -c "claims our address $X6_ADDR_DUT:" "$X6_DAEMON_LOG")
	d=$((lines - lines0))
	[ "$d" = 1 ] || { x6_fail "$d log lines for 300 NAs, want 1:" \
		"$(grep -m2 'claims our' "$X6_DAEMON_LOG" | tr '\n' ' ')"; return; }
	grep "claims our address $X6_ADDR_DUT:" "$X6_DAEMON_LOG" | tail -n 1 |
		grep -qi "$X6_MAC_PEER" ||
		{ x6_fail "the log line does not name the sender's MAC: $(grep -m1 'claims our' \
			"$X6_DAEMON_LOG")"; return; }
	[ "$(x6_addr_field "$X6_ADDR_DUT" state)" = preferred ] ||
		{ x6_fail "$X6_ADDR_DUT is $(x6_addr_field "$X6_ADDR_DUT" state)"; return; }
	x6_ping "$X6_ADDR_DUT" -c 2 -i 0.2 -W 2
	[ "$(x6_ping_received)" = 2 ] ||
		{ x6_fail "ping: $(echo "$PING_OUT" | tail -n 2)"; return; }
}

# Issue 9 item 5, RFC 3810 §5.2.13 / RFC 3590 §4 / RFC 4862 §5.4: while the link-local is
# tentative our MLD reports go from ::, never from it; from it once it is preferred. Fresh start
# with 3 DAD probes: the link-local is preferred RetransTimer after its last probe.
mld_reports_from_unspecified_while_link_local_tentative()
{
	local pcap last rep bad n_un n_ll

	x6_daemon_stop
	x6_capture_start mldsrc ip6 || { x6_fail "$X6_WHY"; return; }
	x6_daemon_start --dad-transmits 3 -a "$X6_ADDR_DUT/$X6_PLEN" ||
		{ x6_capture_stop mldsrc >/dev/null; x6_fail "$X6_WHY"; return; }
	x6_wait_addr "$DUT_LL" preferred ||
		{ x6_capture_stop mldsrc >/dev/null; x6_fail "$X6_WHY"; return; }
	sleep 1.5
	pcap=$(x6_capture_stop mldsrc)
	x6_daemon_stop
	last=$(c_probes "$pcap" "$DUT_LL" | tail -n 1 | cut -f1)
	[ -n "$last" ] || { x6_fail "no DAD probe for $DUT_LL captured"; return; }
	rep=$(x6_tshark "$pcap" "icmpv6.type == 143 && eth.src == $X6_MAC_DUT" \
		frame.time_epoch ipv6.src)
	# before the link-local can be preferred (last probe + RetransTimer): only ::
	bad=$(echo "$rep" | awk -F'\t' -v t="$last" -v r="$RETRANS_S" \
		'$1 < t + r - 0.05 && $2 != "::" { print $2 " at +" ($1 - t) "s" }')
	[ -z "$bad" ] || { x6_fail "MLD report from a tentative address: $bad"; return; }
	n_un=$(echo "$rep" | awk -F'\t' '$2 == "::"' | grep -c .)
	n_ll=$(echo "$rep" | awk -F'\t' -v ll="$DUT_LL" '$2 == ll' | grep -c .)
	[ "$n_un" -ge 1 ] && [ "$n_ll" -ge 1 ] ||
		{ x6_fail "reports: $n_un from ::, $n_ll from $DUT_LL; want both"; return; }
}

x6_main \
	link_local_fe80_ff_fe00_1_preferred_answers_peer_ping \
	addr_add_tentative_probe_from_unspecified_with_nonce_then_preferred \
	peer_owned_address_added_ends_duplicate_and_never_answered \
	peer_kernel_dad_for_our_preferred_address_marks_it_dadfailed \
	addr_del_during_dad_leaves_no_address_and_no_later_probe \
	addr_add_multicast_unspecified_or_existing_refused_exit_1 \
	nic_filter_gains_33_33_ff_00_00_01_when_xdp6d_serves \
	nic_filter_loses_group_on_addr_del_and_on_exit \
	mld_show_json_lists_solicited_node_group_refcount_2_mode_v2 \
	mldv2_general_query_gets_v2_reports_naming_solicited_node_groups \
	mldv1_general_query_gets_v1_reports_and_mld_show_says_v1 \
	neigh_show_json_lists_peer_mac_after_ping_exchange \
	neigh_show_json_lists_peer_mac_after_daemon_answered_ping \
	second_xdp6d_while_one_runs_exits_2_first_keeps_serving \
	sigkill_during_ping_no_loss_restart_adopts_without_dad_then_sigterm_cleans \
	sigterm_sends_mld_leave_for_solicited_node_group \
	na_flood_claiming_our_address_logged_once_counted_still_answered \
	mld_reports_from_unspecified_while_link_local_tentative
