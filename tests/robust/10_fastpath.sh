#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Malformed frames at the XDP fast path: each invalid frame of RFC 4443 §2.3 (checksum),
# RFC 4861 §7.1.1 (NS validity: hop limit, option lengths, duplicate SLLA), RFC 4291 §2.7
# (multicast source) and RFC 8200 §3 (truncated header) gets no reply and is counted under its
# reason, its valid twin is answered; so do the hostile-link frames of issue 9 (another
# station's MAC, loopback and IPv4-mapped sources, interface-local groups, a duplicate
# destination, our own address as source); then 100k random frames: the daemon survives, still
# answers.
set -u
. "$(dirname "$0")/../integration/lib.sh"
x6_init r || exit 1

FLOOD_N=${X6_FLOOD_N:-100000}
FLOOD_SEED=${X6_FLOOD_SEED:-6}

rb_daemon()
{
	x6_daemon_ensure -a "$X6_ADDR_DUT/$X6_PLEN" &&
		x6_wait_addr "$X6_ADDR_DUT" preferred
}

# Python for the malformed-frame cases: valid Echo Request / NS to the DUT and a checker.
RB_PY='
def echo(src=None, dst=None, dmac=None, **kw):
    return (Ether(src=PEER_MAC, dst=dmac or DUT_MAC) /
            IPv6(src=src or PEER_ADDR, dst=dst or DUT_ADDR, **kw) /
            ICMPv6EchoRequest(id=0x6d6, seq=1) / Raw(b"xdp6-robust"))
def ns(*opts, hlim=255, src=None, dst=None):
    dst = dst or solnode(DUT_ADDR)
    dmac = solnode_mac(DUT_ADDR) if dst.startswith("ff") else DUT_MAC
    p = (Ether(src=PEER_MAC, dst=dmac) /
         IPv6(src=src or PEER_ADDR, dst=dst, hlim=hlim) / ICMPv6ND_NS(tgt=DUT_ADDR))
    for o in opts:
        p = p / o
    return p
SLLA = ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC)
def is_answer(p):
    "what the DUT would send back: Echo Reply, NA or an ICMPv6 error"
    errors = (ICMPv6DestUnreach, ICMPv6PacketTooBig, ICMPv6TimeExceeded, ICMPv6ParamProblem)
    return ICMPv6EchoReply in p or ICMPv6ND_NA in p or any(l in p for l in errors)
def check(bad, good, what):
    r = [p for p in exchange(bad, wait=0.5) if is_answer(p)]
    if r:
        fail("answered %s: %s" % (what, r[0].summary()))
    r = [p for p in exchange(good, wait=0.5) if is_answer(p)]
    if not r:
        fail("control failed: the valid twin of %s got no answer" % what)
'

# rb_case REASON 'PY': run the scapy checker PY (calls check(bad, good, what)) and require the
# stats reason REASON to grow by at least one.
rb_case()
{
	local reason=$1 before=$X6_LOGDIR/stats.$1 out d

	rb_daemon || { x6_fail "$X6_WHY"; return; }
	x6_stats_json >"$before" || { x6_fail "xdp6ctl stats --json failed"; return; }
	out=$(x6_scapy "$RB_PY$2") || { x6_fail "$out"; return; }
	d=$(x6_stat_delta "$before" "$reason") || { x6_fail "no $reason in stats"; return; }
	[ "$d" -ge 1 ] || { x6_fail "$reason grew by $d, want >= 1"; return; }
}

# RFC 4443 §2.3: a message with a wrong checksum is discarded.
echo_with_bad_checksum_unanswered_counted_bad_checksum()
{
	rb_case bad-checksum '
good = echo()
c = Ether(bytes(good))[ICMPv6EchoRequest].cksum
bad = echo()
bad[ICMPv6EchoRequest].cksum = c ^ 0x5555
check(bad, good, "echo with checksum 0x%04x (right: 0x%04x)" % (c ^ 0x5555, c))
'
}

# RFC 4861 §7.1.1: IP Hop Limit is 255.
ns_with_hop_limit_254_unanswered_counted_bad_hop_limit()
{
	rb_case bad-hop-limit '
check(ns(SLLA, hlim=254), ns(SLLA), "NS with hop limit 254")
'
}

# RFC 4861 §7.1.1: all included options have a length greater than zero.
ns_with_zero_length_option_unanswered_counted_bad_option()
{
	rb_case bad-option '
check(ns(Raw(b"\x01\x00" + bytes(6)), SLLA), ns(SLLA), "NS with a zero-length option")
'
}

# RFC 8200 §3: a frame shorter than the fixed IPv6 header.
truncated_ipv6_header_unanswered_counted_truncated()
{
	rb_case truncated '
good = echo()
bad = Ether(bytes(good)[:14 + 20])
check(bad, good, "frame with 20 of 40 IPv6 header bytes")
'
}

# Two Source Link-Layer Address options: which one is the sender? Dropped (dup-slla).
ns_with_two_sllas_unanswered_counted_dup_slla()
{
	rb_case dup-slla '
other = ICMPv6NDOptSrcLLAddr(lladdr="02:00:00:00:00:99")
check(ns(SLLA, other), ns(SLLA), "NS with two SLLA options")
'
}

# RFC 4291 §2.7: multicast addresses must not be used as source addresses.
echo_from_multicast_source_unanswered_counted_mcast_source()
{
	rb_case mcast-source '
check(echo(src="ff02::1"), echo(), "echo from source ff02::1")
'
}

# Issue 9 item 7. Linux drops a frame for another station's MAC (PACKET_OTHERHOST); in
# promiscuous mode (a bridge port, a switch flooding unknown unicast) XDP sees it too and must
# neither answer for that station nor spoof its MAC: passed to the kernel, counted.
echo_to_another_stations_mac_in_promisc_unanswered_counted_pass_other_host()
{
	x6_dut ip link set dev "$X6_IF_DUT" promisc on ||
		{ x6_fail "cannot set $X6_IF_DUT promiscuous"; return; }
	rb_case pass-other-host '
check(echo(dmac="02:00:00:00:00:42"), echo(),
      "echo to our address in a frame for 02:00:00:00:00:42")
'
	x6_dut ip link set dev "$X6_IF_DUT" promisc off
	[ "$X6_OUTCOME" != FAIL ]
}

# Issue 9 item 8, RFC 4291 §2.5.3 (Linux ip6_rcv_core): ::1 never comes from a link.
echo_from_loopback_source_unanswered_counted_loopback_addr()
{
	rb_case loopback-addr '
check(echo(src="::1"), echo(), "echo from ::1")
'
}

# Issue 9 item 8, RFC 4291 §2.5.5.2: nothing of ours goes to an IPv4-mapped address.
echo_and_ns_from_v4mapped_source_unanswered_counted_v4mapped_source()
{
	rb_case v4mapped-source '
check(echo(src="::ffff:192.0.2.1"), echo(), "echo from ::ffff:192.0.2.1")
check(ns(src="::ffff:192.0.2.1"), ns(SLLA), "NS from ::ffff:192.0.2.1")
'
}

# Issue 9 item 8, RFC 4291 §2.7 and Errata 3480 (Linux ip6_rcv_core): interface-local
# multicast from another node is discarded. Its twin: the same to ff02::1.
echo_to_interface_local_all_nodes_unanswered_counted_mcast_dst_scope()
{
	rb_daemon || { x6_fail "$X6_WHY"; return; }
	x6_wait_addr "$(x6_addr_with link-local)" preferred ||
		{ x6_fail "no preferred link-local: $X6_WHY"; return; }
	rb_case mcast-dst-scope '
m = "33:33:00:00:00:01"
check(echo(src=PEER_LL, dst="ff01::1", dmac=m), echo(src=PEER_LL, dst="ff02::1", dmac=m),
      "echo to ff01::1")
'
}

# Issue 9 item 9, RFC 4862 §5.4: packets to a tentative or duplicate address are discarded; an
# NS sent to our duplicate address used to be answered for another (preferred) target.
RB_DUP=2001:db8::77
ns_to_duplicate_destination_unanswered_counted_dst_not_assigned()
{
	rb_daemon || { x6_fail "$X6_WHY"; return; }
	# the peer owns RB_DUP and defends it: our DAD for it fails (RFC 4862 §5.4.4)
	x6_peer ip -6 addr add "$RB_DUP/64" dev "$X6_IF_PEER" nodad ||
		{ x6_fail "peer: cannot add $RB_DUP"; return; }
	x6_ctl addr add "$RB_DUP/64" dev "$X6_IF_DUT" >/dev/null ||
		{ x6_fail "xdp6ctl addr add $RB_DUP failed"; return; }
	if x6_wait_addr "$RB_DUP" duplicate; then
		rb_case dst-not-assigned '
check(ns(SLLA, dst="'"$RB_DUP"'"), ns(SLLA, dst=DUT_ADDR),
      "NS for our preferred address sent to our duplicate '"$RB_DUP"'")
'
	else
		x6_fail "$RB_DUP never became duplicate: $X6_WHY"
	fi
	x6_ctl addr del "$RB_DUP/64" dev "$X6_IF_DUT" >/dev/null
	x6_peer ip -6 addr del "$RB_DUP/64" dev "$X6_IF_PEER"
	[ "$X6_OUTCOME" != FAIL ]
}

# Issue 9 item 21: an Echo Request "from" our own address is forged; Linux would deliver its
# reply locally, xdp6 used to send it onto the wire.
echo_from_own_address_unanswered_counted_own_source()
{
	rb_case own-source '
check(echo(src=DUT_ADDR), echo(), "echo from our own address")
'
}

# rb_xdp_total [STATS_FILE]: the sum of every XDP reason, now or in a saved x6_stats_json.
# Each frame the program sees is counted under exactly one reason.
rb_xdp_total()
{
	local names

	names=$(sed -n 's/^[[:space:]]*X(R_[A-Z0-9_]*,[[:space:]]*"\([a-z0-9-]*\)").*/\1/p' \
		"$X6_ROOT/include/xdp6_maps.h")
	if [ -n "${1:-}" ]; then
		x6_stat_pick $names <"$1"
	else
		x6_stat $names
	fi | awk '{ s += $1 } END { print s + 0 }'
}

# rb_peer_tx_drops: frames the peer veth dropped when the DUT's XDP ring was full; XDP never
# saw those. (The DUT's rx drops happen after XDP, in the stack, and are not subtracted.)
rb_peer_tx_drops()
{
	ip -n "$X6_NS_PEER" -s -j link show dev "$X6_IF_PEER" |
		"$X6_PY" -c 'import json, sys; s = json.load(sys.stdin)[0]["stats64"]
print(s["tx"]["dropped"])'
}

# Seeded random frames from a raw socket in the peer: pure garbage, garbage after an IPv6
# Ethertype, and ICMPv6 of random type and length to our address and groups (half with a valid
# checksum, so they get past the checksum check), some behind random extension headers.
RB_FLOOD_PY='
import socket, struct, array
rnd = random.Random(SEED)
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((IF, 0))
def a16(a):
    return inet_pton(socket.AF_INET6, a)
dut_mac = bytes.fromhex(DUT_MAC.replace(":", ""))
peer_mac = bytes.fromhex(PEER_MAC.replace(":", ""))
dsts = [(dut_mac, a16(DUT_ADDR)), (bytes.fromhex("333300000001"), a16("ff02::1")),
        (bytes.fromhex("3333ff000001"), a16(solnode(DUT_ADDR)))]
srcs = [a16(PEER_ADDR), a16(PEER_LL), bytes(16), a16("ff02::1")]
types = [128, 129, 133, 134, 135, 136, 137, 130, 131, 132, 143, 1, 2, 3, 4]
sent = 0
for i in range(N_FRAMES):
    k = rnd.random()
    if k < 0.2:
        f = rnd.randbytes(rnd.randint(1, 200))
    elif k < 0.4:
        f = rnd.choice(dsts)[0] + peer_mac + b"\x86\xdd" + rnd.randbytes(rnd.randint(0, 120))
    else:
        mac, dst = rnd.choice(dsts)
        src = rnd.choice(srcs) if rnd.random() < 0.8 else rnd.randbytes(16)
        body = bytes([rnd.choice(types) if rnd.random() < 0.9 else rnd.randrange(256),
                      rnd.randrange(4) if rnd.random() < 0.3 else 0, 0, 0])
        body += rnd.randbytes(rnd.choice([0, 4, 20, 24, 28, 32, rnd.randint(0, 200)]))
        nh, ext = 58, b""
        if rnd.random() < 0.15:
            for _ in range(rnd.randint(1, 10)):
                h = rnd.choice([0, 43, 44, 60])
                ext = bytes([nh, 0]) + rnd.randbytes(6) + ext
                nh = h
        if rnd.random() < 0.5:
            c = csum6(src, dst, 58, body)
            body = body[:2] + struct.pack("!H", c) + body[4:]
        pl = ext + body
        plen = len(pl) if rnd.random() < 0.9 else rnd.randrange(65536)
        hl = 255 if rnd.random() < 0.7 else rnd.randrange(256)
        ip = struct.pack("!IHBB", 0x60000000 | rnd.randrange(1 << 28) if rnd.random() < 0.1
                         else 0x60000000, plen, nh, hl) + src + dst
        f = mac + peer_mac + b"\x86\xdd" + ip + pl
    try:
        s.send(f)
        sent += 1
    except OSError:
        pass
print(sent)
'

# A flood of random frames: the daemon keeps running, ping is still answered, addresses stay
# preferred, and every frame XDP saw was counted under some reason.
garbage_flood_100k_daemon_survives_still_answers_counts_all()
{
	local before=$X6_LOGDIR/stats.flood b0 sent after drops0 drops1 seen bad

	rb_daemon || { x6_fail "$X6_WHY"; return; }
	x6_stats_json >"$before" || { x6_fail "xdp6ctl stats --json failed"; return; }
	b0=$(rb_xdp_total "$before") || { x6_fail "stats lack XDP reasons"; return; }
	drops0=$(rb_peer_tx_drops)
	sent=$(X6_SCAPY_TIMEOUT=300 x6_scapy "N_FRAMES, SEED = $FLOOD_N, $FLOOD_SEED$RB_FLOOD_PY" |
		tail -n 1)
	[[ $sent =~ ^[0-9]+$ ]] || { x6_fail "flood sender: $sent"; return; }
	x6_daemon_running ||
		{ x6_fail "xdp6d died during the flood: $(tail -n 3 "$X6_DAEMON_LOG")"; return; }
	x6_wait 10 x6_addr_json >/dev/null || { x6_fail "xdp6ctl no longer answered"; return; }
	x6_peer ip -6 neigh flush dev "$X6_IF_PEER"
	x6_peer timeout 20 ping -6 -n -c 3 -i 0.2 -W 2 "$X6_ADDR_DUT" >/dev/null ||
		{ x6_fail "ping not answered after the flood"; return; }
	bad=$(x6_addr_json | x6_json '
for a in j:
    if a.get("ifname") == "'"$X6_IF_DUT"'" and a.get("origin") in ("static", "link-local") \
       and a.get("state") != "preferred":
        print(a.get("addr"), a.get("state"))
')
	[ -z "$bad" ] || { x6_fail "not preferred after the flood: $bad"; return; }
	x6_wait_addr "$X6_ADDR_DUT" preferred 1 || { x6_fail "$X6_WHY"; return; }
	drops1=$(rb_peer_tx_drops)
	after=$(rb_xdp_total) || { x6_fail "xdp6ctl stats --json failed"; return; }
	seen=$((after - b0))
	echo "flood: $sent sent, XDP reasons +$seen, peer veth tx drops +$((drops1 - drops0))" \
		>"$X6_LOGDIR/flood.txt"
	[ "$seen" -ge $((sent - (drops1 - drops0))) ] ||
		{ x6_fail "XDP reasons grew by $seen for $sent frames sent" \
			"($((drops1 - drops0)) dropped by veth)"; return; }
	x6_daemon_running ||
		{ x6_fail "xdp6d died after the flood: $(tail -n 3 "$X6_DAEMON_LOG")"; return; }
}

x6_main \
	echo_with_bad_checksum_unanswered_counted_bad_checksum \
	ns_with_hop_limit_254_unanswered_counted_bad_hop_limit \
	ns_with_zero_length_option_unanswered_counted_bad_option \
	truncated_ipv6_header_unanswered_counted_truncated \
	ns_with_two_sllas_unanswered_counted_dup_slla \
	echo_from_multicast_source_unanswered_counted_mcast_source \
	echo_to_another_stations_mac_in_promisc_unanswered_counted_pass_other_host \
	echo_from_loopback_source_unanswered_counted_loopback_addr \
	echo_and_ns_from_v4mapped_source_unanswered_counted_v4mapped_source \
	echo_to_interface_local_all_nodes_unanswered_counted_mcast_dst_scope \
	ns_to_duplicate_destination_unanswered_counted_dst_not_assigned \
	echo_from_own_address_unanswered_counted_own_source \
	garbage_flood_100k_daemon_survives_still_answers_counts_all
