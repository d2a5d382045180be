#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# ICMPv6 errors end to end against a real Linux peer: Destination Unreachable code 4 for an
# unserved UDP port (RFC 4443 §3.1) seen by traceroute, Parameter Problem codes 1 and 2 (RFC 8200
# §4, §4.2; RFC 4443 §3.4), reassembly and fragmented replies (RFC 8200 §4.5) checked by the
# peer kernel, Time Exceeded code 1 on reassembly timeout (RFC 4443 §3.3), the error rate limit
# (RFC 4443 §2.4(f)), Packet Too Big received (RFC 8201 §4) and the §2.4(e) suppression rules;
# Parameter Problem code 3 (RFC 7112 §5) and stale fragments, extension headers in any number
# (RFC 8200 §4.1), the Cur Hop Limit of an RA on errors (RFC 4861 §6.3.4).
# Every error is parsed from its bytes here (checksum, pointer, quote), not by the code under test.
set -u
. "$(dirname "$0")/lib.sh"
x6_init e || exit 1

ERR_RATE=100 ERR_BURST=10		# --err-rate for the flood test
FLOOD_N=2000				# UDP datagrams in the flood, sent over about FLOOD_SECS
FLOOD_SECS=1
FLOOD_TOL=5				# errors allowed above burst + rate * t (token rounding)
REASM_TIMEOUT=2				# --reasm-timeout for the lone-fragment tests
PTB_MTU=1300				# MTU in the Packet Too Big the peer sends
# the Debian traceroute package's binary (the traceroute6 alternative may be ndisc6's)
TRACEROUTE=/usr/bin/traceroute6.db

# er_daemon [OPTIONS...]: xdp6d serving 2001:db8::1/64 with OPTIONS, the address preferred.
er_daemon()
{
	x6_daemon_ensure -a "$X6_ADDR_DUT/$X6_PLEN" "$@" &&
		x6_wait_addr "$X6_ADDR_DUT" preferred
}

# Python for every scapy case: frame builders and an error checker that reads the raw bytes.
ER_PY='
import struct, socket
from socket import AF_INET6
ICMP6_ERR_MAX = 1280			# RFC 4443 §2.4(c)
QUOTE_MAX = ICMP6_ERR_MAX - 40 - 8
def a16(a):
    return inet_pton(AF_INET6, a)
def mcast_mac(a):
    "RFC 2464 §7: 33:33 and the last 32 bits of the group"
    return in6_getnsmac(a16(a))
def frame(l4, src=None, dst=None, dmac=None, **ip):
    "Ether/IPv6/l4 from the peer to dst (default our address), built and re-parsed"
    dst = dst or DUT_ADDR
    if dmac is None:
        dmac = mcast_mac(dst) if dst.lower().startswith("ff") else DUT_MAC
    return Ether(bytes(Ether(src=PEER_MAC, dst=dmac) /
                       IPv6(src=src or PEER_ADDR, dst=dst, **ip) / l4))
def udp(dport, sport=40000):
    return UDP(sport=sport, dport=dport) / Raw(b"xdp6 unserved port probe")
def echo(seq=1):
    return ICMPv6EchoRequest(id=0x40e, seq=seq) / Raw(b"xdp6 errors")
def ip6(p):
    "the IPv6 packet of frame p, Ethernet padding cut by Payload Length; None if not IPv6"
    b = bytes(p)
    if len(b) < 14 + 40 or b[12:14] != b"\x86\xdd":
        return None
    return b[14:14 + 40 + struct.unpack("!H", b[18:20])[0]]
def csum_ok(ip):
    "RFC 1071 sum over the RFC 8200 §8.1 pseudo-header and the ICMPv6 message is 0xffff"
    body = ip[40:]
    data = ip[8:40] + struct.pack("!IxxxB", len(body), 58) + body
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return s == 0xffff
def err_of(p):
    "(type, code, param, ip bytes) when p is an ICMPv6 error (type < 128) right after IPv6"
    ip = ip6(p)
    if ip is None or len(ip) < 48 or ip[6] != 58 or ip[40] >= 128:
        return None
    return ip[40], ip[41], struct.unpack("!I", ip[44:48])[0], ip
def show(e):
    t, c, prm, ip = e
    return "type %d code %d param %d %s -> %s (%d bytes)" % (
        t, c, prm, inet_ntop(AF_INET6, ip[8:24]), inet_ntop(AF_INET6, ip[24:40]), len(ip))
def errors(pkts, wait=1.0):
    "send pkts, return the ICMPv6 errors from the DUT MAC seen within wait s"
    return [e for e in map(err_of, exchange(pkts, wait=wait)) if e]
def replies(pkts, wait=1.0):
    "send pkts, return (Echo Replies, errors) from the DUT MAC seen within wait s"
    got = exchange(pkts, wait=wait)
    return [p for p in got if ICMPv6EchoReply in p], [e for e in map(err_of, got) if e]
def check_error(e, typ, code, param, invoking, srcs=None):
    "e must be error typ/code/param about the frame invoking, from srcs, to its source"
    t, c, prm, ip = e
    if (t, c) != (typ, code) or (param is not None and prm != param):
        fail("want type %d code %d param %s, got %s" % (typ, code, param, show(e)))
    if not csum_ok(ip):
        fail("bad ICMPv6 checksum 0x%04x in %s" % (struct.unpack("!H", ip[42:44])[0], show(e)))
    if len(ip) > ICMP6_ERR_MAX:
        fail("error is %d bytes, more than %d: %s" % (len(ip), ICMP6_ERR_MAX, show(e)))
    inv = ip6(invoking)
    src = ip[8:24]
    if srcs is None:
        ok = src == a16(DUT_ADDR)
    else:
        ok = any(src == a16(s) or (s == "fe80::" and src[:2] == b"\xfe\x80") for s in srcs)
    if not ok:
        fail("error from %s, want %s" % (inet_ntop(AF_INET6, src), srcs or DUT_ADDR))
    if ip[24:40] != inv[8:24]:
        fail("error to %s, want the invoking source" % inet_ntop(AF_INET6, ip[24:40]))
    want = inv[:QUOTE_MAX]
    if ip[48:] != want:
        fail("quote is %d bytes, want the first %d of the invoking packet%s" % (
            len(ip) - 48, len(want), "" if len(ip) - 48 != len(want) else " (bytes differ)"))
def one_error(pkt, typ, code, param, srcs=None, wait=1.0):
    "pkt gets exactly one error, the one described"
    r = errors(pkt, wait)
    if len(r) != 1:
        fail("want one error type %d code %d, got %d: %s" % (
            typ, code, len(r), "; ".join(show(e) for e in r)))
    check_error(r[0], typ, code, param, pkt, srcs)
def no_error(pkt, what, wait=1.0):
    r = errors(pkt, wait)
    if r:
        fail("error for %s: %s" % (what, show(r[0])))
'

# er_scapy 'PY': x6_scapy with ER_PY; sets X6_WHY to its output on failure.
er_scapy()
{
	local out

	out=$(x6_scapy "$ER_PY$1") || { X6_WHY=$out; return 1; }
	[ -n "$out" ] && echo "$out"
	return 0
}

# er_xdp_pass_total STATS_FILE: packets counted under every XDP pass-* reason.
er_xdp_pass_total()
{
	"$X6_PY" -c '
import json, sys
j = json.load(open(sys.argv[1]))
e = [e for e in j if isinstance(e, dict) and e.get("ifname") == sys.argv[2]][0]
print(sum(v["packets"] for k, v in e.get("xdp", {}).items() if k.startswith("pass-")))
' "$1" "$X6_IF_DUT"
}

# er_frame_lens PCAP FILTER: frame.len of each packet matching the display FILTER, tshark with
# its IPv6 reassembly off (so each fragment shows as itself).
er_frame_lens()
{
	timeout 30 tshark -n -r "$1" -o ipv6.defragment:FALSE -Y "$2" -T fields -e frame.len \
		2>/dev/null
}

# er_peer_full_checksums: the peer kernel computes UDP checksums itself, as a host behind a real
# NIC puts them on the wire. With veth's default tx checksum offload its UDP datagrams reach the
# DUT's XDP with only the pseudo-header sum in the checksum field (CHECKSUM_PARTIAL is skb
# metadata AF_XDP does not carry): invalid on a wire, so rightly never answered with an error.
er_peer_full_checksums()
{
	x6_peer ethtool -K "$X6_IF_PEER" tx off >/dev/null 2>&1 ||
		{ X6_WHY="ethtool -K $X6_IF_PEER tx off failed"; return 1; }
}

# RFC 4443 §3.1: the destination's Port Unreachable ends the trace. traceroute -U probes one
# UDP port (53) that nothing serves; the peer kernel matches each error to its socket by the
# quoted datagram, so a wrong quote shows as `*`. One probe at a time (-N 1): traceroute's
# default 16 at once (hops 1-3 here) exceed the per-destination burst of 6 (RFC 4443 §2.4(f),
# as Linux), and with several RX queues (the VM's virtio-net) the daemon may read a later hop's
# probes first, so which ones were answered varied from run to run.
traceroute_udp_ends_at_dut_with_port_unreachable()
{
	local out pcap hops last n

	er_daemon --unserved reject || { x6_fail "$X6_WHY"; return; }
	er_peer_full_checksums || { x6_fail "$X6_WHY"; return; }
	x6_capture_start trace icmp6 || { x6_fail "$X6_WHY"; return; }
	out=$(x6_peer timeout 30 "$TRACEROUTE" -U -n -N 1 -m 3 -q 3 -w 2 "$X6_ADDR_DUT" 2>&1)
	pcap=$(x6_capture_stop trace)
	echo "$out" >"$X6_LOGDIR/traceroute.txt"
	hops=$(echo "$out" | grep -c '^ *[0-9]\+ ')
	last=$(echo "$out" | grep '^ *[0-9]\+ ' | tail -n 1)
	if [ "$hops" -ne 1 ] || ! echo "$last" | grep -q "^ *1  *$X6_ADDR_DUT "; then
		x6_fail "traceroute does not end at hop 1 $X6_ADDR_DUT:" \
			"$(echo "$out" | tr '\n' '|')"
		return
	fi
	! echo "$last" | grep -q '!' || { x6_fail "traceroute annotation: $last"; return; }
	n=$(x6_tshark "$pcap" "icmpv6.type == 1 && icmpv6.code == 4 && eth.src == $X6_MAC_DUT \
		&& ipv6.src == $X6_ADDR_DUT && ipv6.dst == $X6_ADDR_PEER" frame.number | grep -c .)
	[ "$n" -ge 3 ] ||
		{ x6_fail "$n Port Unreachable from $X6_ADDR_DUT captured, want >= 3"; return; }
}

# The same probe with --unserved pass (the default): the datagram is the kernel's (here
# disabled), xdp6 sends nothing and XDP counts it as passed.
unserved_pass_default_udp_probe_gets_no_error_and_is_passed()
{
	local before=$X6_LOGDIR/stats.pass after=$X6_LOGDIR/stats.pass1 out pcap n p0 p1

	er_daemon || { x6_fail "$X6_WHY"; return; }
	x6_stats_json >"$before" || { x6_fail "xdp6ctl stats --json failed"; return; }
	x6_capture_start pass icmp6 || { x6_fail "$X6_WHY"; return; }
	out=$(x6_peer timeout 30 "$TRACEROUTE" -U -n -m 2 -q 1 -w 1 "$X6_ADDR_DUT" 2>&1)
	er_scapy 'no_error(frame(udp(33434)), "UDP to port 33434 with --unserved pass")' ||
		{ x6_capture_stop pass >/dev/null; x6_fail "$X6_WHY"; return; }
	pcap=$(x6_capture_stop pass)
	! echo "$out" | grep -q "^ *[0-9]\+  *$X6_ADDR_DUT" ||
		{ x6_fail "traceroute reached $X6_ADDR_DUT: $(echo "$out" | tr '\n' '|')"; return; }
	n=$(x6_tshark "$pcap" "icmpv6.type < 128 && eth.src == $X6_MAC_DUT" frame.number |
		grep -c .)
	[ "$n" -eq 0 ] || { x6_fail "$n ICMPv6 errors from the DUT captured"; return; }
	x6_stats_json >"$after" || { x6_fail "xdp6ctl stats --json failed"; return; }
	p0=$(er_xdp_pass_total "$before") || { x6_fail "no XDP reasons in stats --json"; return; }
	p1=$(er_xdp_pass_total "$after") || { x6_fail "no XDP reasons in stats --json"; return; }
	[ $((p1 - p0)) -ge 3 ] ||
		{ x6_fail "XDP pass-* reasons grew by $((p1 - p0)) for 3 UDP probes"; return; }
}

# xdp6ctl serve add udp/33434: that port is served (no error), 33435 still is not; serve show
# lists it; after serve del the port gets its error again.
serve_add_udp_port_probe_gets_no_error_until_serve_del()
{
	local out

	er_daemon --unserved reject || { x6_fail "$X6_WHY"; return; }
	out=$(x6_ctl serve add udp/33434 dev "$X6_IF_DUT" 2>&1) ||
		{ x6_fail "xdp6ctl serve add udp/33434: $out"; return; }
	out=$(x6_ctl serve show dev "$X6_IF_DUT" --json 2>&1 | x6_json '
ok(isinstance(j, list), "serve show --json is not an array: %r" % (j,))
m = [s for s in j if s.get("ifname") == "'"$X6_IF_DUT"'" and s.get("proto") == "udp" and
     str(s.get("port")) == "33434"]
ok(len(m) == 1, "serve show --json lists udp/33434 %d times: %r" % (len(m), j))
') || { x6_fail "$out"; return; }
	er_scapy '
no_error(frame(udp(33434)), "UDP to served port 33434")
one_error(frame(udp(33435)), 1, 4, 0)
' || { x6_fail "$X6_WHY"; return; }
	out=$(x6_ctl serve del udp/33434 dev "$X6_IF_DUT" 2>&1) ||
		{ x6_fail "xdp6ctl serve del udp/33434: $out"; return; }
	er_scapy 'one_error(frame(udp(33434)), 1, 4, 0)' ||
		{ x6_fail "after serve del: $X6_WHY"; return; }
}

# RFC 8200 §4 (Linux ip6_protocol_deliver_rcu): an unrecognized Next Header gets Parameter
# Problem code 1 pointing at the byte that named it: 6 in the IPv6 header, 40 when it is the
# Next Header of a Destination Options header.
unknown_next_header_253_gets_param_problem_code_1_pointer_6()
{
	er_daemon --unserved reject || { x6_fail "$X6_WHY"; return; }
	er_scapy '
one_error(frame(Raw(b"x" * 24), nh=253), 4, 1, 6)
one_error(frame(IPv6ExtHdrDestOpt(nh=253) / Raw(b"x" * 24)), 4, 1, 40)
' || { x6_fail "$X6_WHY"; return; }
}

# Destination Options with RFC 4727 experimental option types (0x1e/0x5e/0x9e/0xde: action 00,
# 01, 10, 11) before an Echo Request; RFC 8200 §4.2 says what each action does. The option
# type byte is at 40 + 2 = 42.
ER_DOPT_PY='
def dopt(otype, dst=None):
    return frame(IPv6ExtHdrDestOpt(options=[HBHOptUnknown(otype=otype, optdata=b"\0" * 4)]) /
                 echo(), dst=dst)
'

dest_option_action_00_skipped_echo_answered()
{
	er_daemon --unserved reject || { x6_fail "$X6_WHY"; return; }
	er_scapy "$ER_DOPT_PY"'
e, r = replies(dopt(0x1e))
if r or len(e) != 1:
    fail("action 00 option: %d echo replies, errors: %s" % (len(e), [show(x) for x in r]))
' || { x6_fail "$X6_WHY"; return; }
}

dest_option_action_10_gets_param_problem_code_2_at_option()
{
	er_daemon --unserved reject || { x6_fail "$X6_WHY"; return; }
	er_scapy "$ER_DOPT_PY"'
p = dopt(0x9e)
e, r = replies(p)
if e:
    fail("action 10 option: the Echo Request was answered")
if len(r) != 1:
    fail("action 10 option: want one error, got %s" % [show(x) for x in r])
check_error(r[0], 4, 2, 42, p)
' || { x6_fail "$X6_WHY"; return; }
}

dest_option_action_01_silently_dropped()
{
	er_daemon --unserved reject || { x6_fail "$X6_WHY"; return; }
	er_scapy "$ER_DOPT_PY"'
e, r = replies(dopt(0x5e))
if e or r:
    fail("action 01 option: %d echo replies, errors: %s" % (len(e), [show(x) for x in r]))
' || { x6_fail "$X6_WHY"; return; }
}

# Action 11: Parameter Problem code 2 only if the destination was not multicast; action 10
# is the RFC 4443 §2.4(e.3) exception that is answered even to ff02::1 (from one of ours).
dest_option_action_11_to_multicast_nothing_action_10_answered()
{
	er_daemon --unserved reject || { x6_fail "$X6_WHY"; return; }
	er_scapy "$ER_DOPT_PY"'
p = dopt(0xde)
e, r = replies(p)
if e or len(r) != 1:
    fail("action 11 option to %s: %d echo replies, errors %s, want one error" % (
        DUT_ADDR, len(e), [show(x) for x in r]))
check_error(r[0], 4, 2, 42, p)
e, r = replies(dopt(0xde, dst="ff02::1"))
if e or r:
    fail("action 11 option to ff02::1: %d echo replies, errors: %s" % (
        len(e), [show(x) for x in r]))
p = dopt(0x9e, dst="ff02::1")
e, r = replies(p)
if e or len(r) != 1:
    fail("action 10 option to ff02::1: %d echo replies, errors %s, want one error" % (
        len(e), [show(x) for x in r]))
check_error(r[0], 4, 2, 42, p, srcs=(DUT_ADDR, "fe80::"))
' || { x6_fail "$X6_WHY"; return; }
}

# er_ping_size SIZE: 3 Echo Requests of SIZE data bytes from the peer kernel (fragmented by it
# at the 1500-byte link MTU): xdp6 reassembles them (RFC 8200 §4.5) and fragments its replies,
# which the peer kernel reassembles: every reply arriving checks our fragments.
er_ping_size()
{
	local before=$X6_LOGDIR/stats.ping$1 out d

	er_daemon || { x6_fail "$X6_WHY"; return; }
	x6_stats_json >"$before" || { x6_fail "xdp6ctl stats --json failed"; return; }
	out=$(x6_peer timeout 30 ping -6 -n -c 3 -i 0.3 -W 3 -s "$1" "$X6_ADDR_DUT" 2>&1)
	echo "$out" | grep -q ' 3 received' ||
		{ x6_fail "ping -s $1: $(echo "$out" | grep -m1 transmitted)"; return; }
	d=$(x6_stat_delta "$before" reasm-ok) || { x6_fail "no reasm-ok in stats"; return; }
	[ "$d" -ge 3 ] || { x6_fail "reasm-ok grew by $d, want >= 3"; return; }
	d=$(x6_stat_delta "$before" frag-sent) || { x6_fail "no frag-sent in stats"; return; }
	[ "$d" -ge 6 ] ||
		{ x6_fail "frag-sent grew by $d, want >= 6 (3 replies, 2+ each)"; return; }
}

ping_1500_bytes_fragmented_gets_every_reply() { er_ping_size 1500; }
ping_4000_bytes_fragmented_gets_every_reply() { er_ping_size 4000; }
ping_8000_bytes_fragmented_gets_every_reply() { er_ping_size 8000; }
ping_20000_bytes_fragmented_gets_every_reply() { er_ping_size 20000; }

# A fragmented Echo Request (3000 bytes of data, 1280-byte fragments, own Identification).
ER_FRAG_PY='
def frags(ident):
    p = IPv6(src=PEER_ADDR, dst=DUT_ADDR) / IPv6ExtHdrFragment(id=ident) / \
        ICMPv6EchoRequest(id=0x40f, seq=1) / Raw(bytes(range(256)) * 12)
    return [Ether(bytes(Ether(src=PEER_MAC, dst=DUT_MAC) / f)) for f in fragment6(p, 1280)]
'

# RFC 8200 §4.5: the first fragment arrived, the rest did not within the reassembly time:
# Time Exceeded code 1 quoting the first fragment.
first_fragment_alone_gets_time_exceeded_code_1_after_timeout()
{
	local before=$X6_LOGDIR/stats.te d

	er_daemon --reasm-timeout "$REASM_TIMEOUT" || { x6_fail "$X6_WHY"; return; }
	x6_stats_json >"$before" || { x6_fail "xdp6ctl stats --json failed"; return; }
	er_scapy "$ER_FRAG_PY"'
f = frags(0x40e001)
if len(f) < 2 or f[0][IPv6ExtHdrFragment].offset != 0 or not f[0][IPv6ExtHdrFragment].m:
    fail("test bug: fragment6 gave %d fragments" % len(f))
r = errors(f[0], wait='"$((REASM_TIMEOUT + 4))"')
if len(r) != 1:
    fail("first fragment alone: want one Time Exceeded, got %s" % [show(x) for x in r])
check_error(r[0], 3, 1, 0, f[0])
' || { x6_fail "$X6_WHY"; return; }
	d=$(x6_stat_delta "$before" reasm-timeout) ||
		{ x6_fail "no reasm-timeout in stats"; return; }
	[ "$d" -ge 1 ] || { x6_fail "reasm-timeout grew by $d, want >= 1"; return; }
}

# RFC 8200 §4.5: without the first fragment nothing can be quoted: no error on timeout.
non_first_fragment_alone_gets_nothing_after_timeout()
{
	local before=$X6_LOGDIR/stats.te2 d

	er_daemon --reasm-timeout "$REASM_TIMEOUT" || { x6_fail "$X6_WHY"; return; }
	x6_stats_json >"$before" || { x6_fail "xdp6ctl stats --json failed"; return; }
	er_scapy "$ER_FRAG_PY"'
f = frags(0x40e002)
no_error(f[1], "a non-first fragment alone", wait='"$((REASM_TIMEOUT + 4))"')
' || { x6_fail "$X6_WHY"; return; }
	d=$(x6_stat_delta "$before" frag-received) ||
		{ x6_fail "no frag-received in stats"; return; }
	[ "$d" -ge 1 ] || { x6_fail "frag-received grew by $d: the fragment never reached xdp6d"
			    return; }
}

# The flood: FLOOD_N UDP datagrams to port 9 (discard, unserved) over about FLOOD_SECS, each
# from its own source in 2001:db8::/64 so the global bucket (RFC 4443 §2.4(f)) is what limits,
# not a per-destination one. Raw frames, checksums computed here.
ER_FLOOD_PY='
import socket, struct, array
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((IF, 0))
dst = inet_pton(socket.AF_INET6, DUT_ADDR)
eth = bytes.fromhex(DUT_MAC.replace(":", "") + PEER_MAC.replace(":", "")) + b"\x86\xdd"
data = b"xdp6 error rate flood"
frames = []
for i in range(N):
    src = inet_pton(socket.AF_INET6, "2001:db8::e:%x" % (i + 1))
    u = struct.pack("!HHHH", 40000, 9, 8 + len(data), 0) + data
    c = csum6(src, dst, 17, u) or 0xffff	# RFC 8200 8.1: UDP sends 0 as ffff
    u = u[:6] + struct.pack("!H", c) + u[8:]
    frames.append(eth + struct.pack("!IHBB", 0x60000000, len(u), 17, 64) + src + dst + u)
t0 = time.time()
sent = 0
for i, f in enumerate(frames):
    while time.time() < t0 + SECS * i / N:
        pass
    try:
        s.send(f)
        sent += 1
    except OSError:
        pass
print(sent)
'

udp_flood_errors_limited_to_burst_plus_rate_counted_rate_limited()
{
	local before=$X6_LOGDIR/stats.flood pcap sent n t first last bound rl es

	er_daemon --unserved reject --err-rate "$ERR_RATE:$ERR_BURST" ||
		{ x6_fail "$X6_WHY"; return; }
	x6_stats_json >"$before" || { x6_fail "xdp6ctl stats --json failed"; return; }
	x6_capture_start flood ip6 || { x6_fail "$X6_WHY"; return; }
	sent=$(x6_scapy "N, SECS = $FLOOD_N, $FLOOD_SECS$ER_FLOOD_PY" | tail -n 1)
	sleep 1
	pcap=$(x6_capture_stop flood)
	[[ $sent =~ ^[1-9][0-9]*$ ]] || { x6_fail "flood sender: $sent"; return; }
	first=$(x6_tshark "$pcap" "udp.dstport == 9 && eth.src == $X6_MAC_PEER" frame.time_epoch |
		sort -n | head -n 1)
	x6_tshark "$pcap" "icmpv6.type == 1 && icmpv6.code == 4 && eth.src == $X6_MAC_DUT" \
		frame.time_epoch | sort -n >"$X6_LOGDIR/flood.errors"
	n=$(grep -c . "$X6_LOGDIR/flood.errors")
	last=$(tail -n 1 "$X6_LOGDIR/flood.errors")
	# tokens can only have accrued between the first datagram and the last error sent
	t=$(awk -v a="${first:-0}" -v b="${last:-0}" \
		'BEGIN { d = b - a; printf "%.3f", (d > 0 ? d : 0) }')
	bound=$(awk -v b="$ERR_BURST" -v r="$ERR_RATE" -v t="$t" -v e="$FLOOD_TOL" \
		'BEGIN { printf "%d", b + r * t + e }')
	rl=$(x6_stat_delta "$before" icmp-error-rate-limited) ||
		{ x6_fail "no icmp-error-rate-limited in stats"; return; }
	es=$(x6_stat_delta "$before" icmp-error-sent) || { x6_fail "no icmp-error-sent"; return; }
	echo "err-rate $ERR_RATE:$ERR_BURST: $sent datagrams sent, $n errors captured over ${t}s" \
		"(bound $bound); icmp-error-sent +$es, icmp-error-rate-limited +$rl" \
		>"$X6_LOGDIR/flood.txt"
	if [ "$n" -eq 0 ] || [ "$n" -gt "$bound" ] || [ "$rl" -eq 0 ] ||
	   [ "$es" -lt "$n" ] || [ "$es" -gt "$bound" ]; then
		x6_fail "$(cat "$X6_LOGDIR/flood.txt")"
		return
	fi
	x6_daemon_running || { x6_fail "xdp6d died: $(tail -n 3 "$X6_DAEMON_LOG")"; return; }
}

# A Packet Too Big (RFC 4443 §3.2) from the peer quoting an Echo Reply of ours; valid per
# RFC 8201 §4 (MTU >= 1280, quoted source ours).
ER_PTB_PY='
quoted = IPv6(src=DUT_ADDR, dst=PEER_ADDR) / ICMPv6EchoReply(id=0x40e, seq=1, data=b"q" * 1400)
ptb = frame(ICMPv6PacketTooBig(mtu=MTU) / Raw(bytes(quoted)[:QUOTE_MAX]))
'

# er_errors_rx STATS_FILE TYPE CODE: "count" of TYPE/CODE in "errors_rx" (0 when not listed).
er_errors_rx()
{
	"$X6_PY" -c '
import json, sys
j = json.load(open(sys.argv[1]))
e = [e for e in j if isinstance(e, dict) and e.get("ifname") == sys.argv[2]]
if len(e) != 1 or not isinstance(e[0].get("errors_rx"), list):
    sys.exit("stats --json: no errors_rx list for %s" % sys.argv[2])
print(sum(x.get("count", 0) for x in e[0]["errors_rx"]
          if x.get("type") == sys.argv[3] and x.get("code") == int(sys.argv[4])))
' "$1" "$X6_IF_DUT" "$2" "$3" 2>&1
}

# er_pmtu_is DST MTU: `xdp6ctl pmtu show --json` lists DST on the DUT veth with MTU.
er_pmtu_is()
{
	x6_ctl pmtu show dev "$X6_IF_DUT" --json 2>/dev/null | x6_json '
ok(any(e.get("ifname") == "'"$X6_IF_DUT"'" and same_addr(e.get("dst"), "'"$1"'") and
       e.get("mtu") == '"$2"' and "expires" in e for e in j), "not listed")
' >/dev/null
}

ptb_1300_from_peer_listed_in_pmtu_show_and_counted_in_errors_rx()
{
	local before=$X6_LOGDIR/stats.ptb after=$X6_LOGDIR/stats.ptb1 a b out

	er_daemon || { x6_fail "$X6_WHY"; return; }
	x6_stats_json >"$before" || { x6_fail "xdp6ctl stats --json failed"; return; }
	er_scapy "MTU = $PTB_MTU$ER_PTB_PY"'
no_error(ptb, "a Packet Too Big", wait=0.5)
' || { x6_fail "$X6_WHY"; return; }
	if ! x6_wait 5 er_pmtu_is "$X6_ADDR_PEER" "$PTB_MTU"; then
		out=$(x6_ctl pmtu show dev "$X6_IF_DUT" --json 2>&1)
		x6_fail "pmtu show --json does not list $X6_ADDR_PEER mtu $PTB_MTU: $out"
		return
	fi
	x6_stats_json >"$after" || { x6_fail "xdp6ctl stats --json failed"; return; }
	a=$(er_errors_rx "$before" packet-too-big 0) || { x6_fail "before: $a"; return; }
	b=$(er_errors_rx "$after" packet-too-big 0) || { x6_fail "after: $b"; return; }
	[ $((b - a)) -ge 1 ] ||
		{ x6_fail "errors_rx packet-too-big/0 went from $a to $b"; return; }
}

# After the PTB, replies to the peer are fragmented to fit the learned path MTU.
after_ptb_1300_ping_2000_reply_fragments_at_most_1300()
{
	local out pcap lens big

	er_daemon || { x6_fail "$X6_WHY"; return; }
	er_scapy "MTU = $PTB_MTU$ER_PTB_PY"'sendp(ptb, iface=IF)' || { x6_fail "$X6_WHY"; return; }
	x6_wait 5 er_pmtu_is "$X6_ADDR_PEER" "$PTB_MTU" ||
		{ x6_fail "pmtu show --json does not list $X6_ADDR_PEER mtu $PTB_MTU"; return; }
	x6_capture_start ptb ip6 || { x6_fail "$X6_WHY"; return; }
	out=$(x6_peer timeout 20 ping -6 -n -c 2 -i 0.3 -W 3 -s 2000 "$X6_ADDR_DUT" 2>&1)
	pcap=$(x6_capture_stop ptb)
	echo "$out" | grep -q ' 2 received' ||
		{ x6_fail "ping -s 2000: $(echo "$out" | grep -m1 transmitted)"; return; }
	lens=$(er_frame_lens "$pcap" "eth.src == $X6_MAC_DUT && ipv6.nxt == 44")
	[ "$(echo "$lens" | grep -c .)" -ge 4 ] ||
		{ x6_fail "want >= 4 reply fragments from the DUT, frame lengths: '$lens'"
		  return; }
	big=$(echo "$lens" | awk -v m="$PTB_MTU" '$1 - 14 > m' | tr '\n' ' ')
	[ -z "$big" ] || { x6_fail "fragments larger than $PTB_MTU (frame lengths $big)"; return; }
}

# RFC 4443 §2.4(e.1)(e.2): no error about an ICMPv6 error or a Redirect, even one carrying an
# action-10 option; the same option before an Echo Request (the control) is answered.
no_error_for_icmp6_error_or_redirect_with_action_10_option()
{
	er_daemon --unserved reject || { x6_fail "$X6_WHY"; return; }
	er_scapy '
def opt10(l4, **kw):
    return frame(IPv6ExtHdrDestOpt(options=[HBHOptUnknown(otype=0x9e, optdata=b"\0" * 4)]) /
                 l4, **kw)
inner = IPv6(src=DUT_ADDR, dst=PEER_ADDR) / UDP(sport=9, dport=40000)
one_error(opt10(echo()), 4, 2, 42)
no_error(opt10(ICMPv6DestUnreach(code=4) / inner), "a Destination Unreachable")
no_error(opt10(ICMPv6TimeExceeded(code=1) / inner), "a Time Exceeded")
no_error(opt10(ICMPv6ParamProblem(code=1, ptr=6) / inner), "a Parameter Problem")
no_error(opt10(ICMPv6ND_Redirect(tgt=PEER_LL, dst="2001:db8:1::1"), src=PEER_LL, hlim=255),
         "a Redirect")
' || { x6_fail "$X6_WHY"; return; }
}

# RFC 4443 §2.4(e.3)(e.4): no error for a packet to a multicast group, nor for one that came in
# a link-layer multicast frame; the unicast twins get theirs.
no_error_for_multicast_destination_unserved_udp_or_next_header()
{
	er_daemon --unserved reject || { x6_fail "$X6_WHY"; return; }
	er_scapy '
one_error(frame(udp(9)), 1, 4, 0)
no_error(frame(udp(9), dst="ff02::1"), "UDP to ff02::1")
no_error(frame(udp(9), dst=solnode(DUT_ADDR)), "UDP to our solicited-node group")
no_error(frame(udp(9), dmac="33:33:00:00:00:01"), "UDP to us in a multicast frame")
one_error(frame(Raw(b"x" * 24), nh=253), 4, 1, 6)
no_error(frame(Raw(b"x" * 24), nh=253, dst="ff02::1"), "Next Header 253 to ff02::1")
' || { x6_fail "$X6_WHY"; return; }
}

# RFC 4443 §2.4(e.6): no error to the unspecified or a multicast source.
no_error_to_unspecified_or_multicast_source()
{
	er_daemon --unserved reject || { x6_fail "$X6_WHY"; return; }
	er_scapy '
one_error(frame(udp(9)), 1, 4, 0)
no_error(frame(udp(9), src="::"), "UDP from ::")
no_error(frame(Raw(b"x" * 24), nh=253, src="::"), "Next Header 253 from ::")
no_error(frame(udp(9), src="ff02::1"), "UDP from ff02::1")
no_error(frame(Raw(b"x" * 24), nh=253, src="ff02::1"), "Next Header 253 from ff02::1")
' || { x6_fail "$X6_WHY"; return; }
}

# RFC 4861 §6.3.4: a Router Advertisement's Cur Hop Limit is the hop limit of every packet the
# host originates, the ICMPv6 errors of the daemon included (issue 9 item 6).
ra_cur_hop_limit_77_is_the_hop_limit_of_port_unreachable()
{
	er_daemon --unserved reject || { x6_fail "$X6_WHY"; return; }
	er_scapy '
p = frame(udp(9))
r = errors(p)
if len(r) != 1 or r[0][3][7] != 64:
    fail("before the RA: want one error with hop limit 64, got %s" % [
        (show(e), e[3][7]) for e in r])
ra = frame(ICMPv6ND_RA(chlim=77, routerlifetime=0), src=PEER_LL, dst="ff02::1", hlim=255)
sendp(ra, iface=IF)
time.sleep(0.5)
r = errors(p)
if len(r) != 1:
    fail("after the RA: want one error, got %s" % [show(e) for e in r])
check_error(r[0], 1, 4, 0, p)
if r[0][3][7] != 77:
    fail("Port Unreachable with hop limit %d, want 77 (the RA Cur Hop Limit)" % r[0][3][7])
'
	local rc=$?
	x6_daemon_stop		# later tests start from the default hop limit
	[ "$rc" -eq 0 ] || x6_fail "$X6_WHY"
}

# The fragmentable part of thc-ipv6 implementation6 cases 2 and 6 (and thcping6 -D): a 2 KiB
# Hop-by-Hop or Destination Options header behind the Fragment header, then the upper layer.
# Its first fragment cannot hold the chain: RFC 8200 §4.5 / RFC 7112 §5 Parameter Problem code
# 3, pointer 0, whether ICMPv6 or UDP follows (issue 9 item 16), as the Linux kernel answers.
ER_BIG_EXT_PY='
def big_ext(l4):
    "a 2048-octet extension header of PadN options naming l4"
    h = bytes([l4, 255])
    while len(h) < 2048:
        n = min(2048 - len(h) - 2, 255)
        h += bytes([1, n]) + bytes(n)
    return h
def first_frag(ext, l4, ident, n=1232):
    l4p = echo() if l4 == 58 else udp(9)
    up = big_ext(l4) + bytes(IPv6(src=PEER_ADDR, dst=DUT_ADDR) / l4p)[40:]
    return frame(IPv6ExtHdrFragment(nh=ext, m=1, id=ident) / Raw(up[:n]))
'

first_fragment_2k_extension_header_gets_param_problem_code_3_icmpv6_or_udp()
{
	er_daemon || { x6_fail "$X6_WHY"; return; }
	er_scapy "$ER_BIG_EXT_PY"'
ident = 0x40e100
for ext in (60, 0):
    for l4 in (58, 17):
        ident += 1
        one_error(first_frag(ext, l4, ident), 4, 3, 0)
' || { x6_fail "$X6_WHY"; return; }
}

# Issue 9 item 18 (implementation6 cases 26 then 27): the rest of a datagram whose first
# fragment failed the RFC 7112 check must not complete a later datagram with the same
# (source, destination, Identification). The stale fragment here keeps the ICMPv6 checksum
# right (two 16-bit words swapped), so completing with it would be answered with its data.
# The failed key must outlive one_error()'s wait (1 s, scaled): the reassembly timeout is
# scaled too (under qemu TCG the wait is 6 s, past an unscaled 2 s timeout).
stale_fragment_of_failed_first_fragment_never_completes_a_later_datagram()
{
	local before=$X6_LOGDIR/stats.stale d t

	t=$(x6_t "$REASM_TIMEOUT")
	er_daemon --reasm-timeout "$t" || { x6_fail "$X6_WHY"; return; }
	x6_stats_json >"$before" || { x6_fail "xdp6ctl stats --json failed"; return; }
	er_scapy "$ER_BIG_EXT_PY"'
ident = 0x40e200
up = bytes(IPv6(src=PEER_ADDR, dst=DUT_ADDR) / ICMPv6EchoRequest(id=0x40e, seq=18) /
           Raw(bytes(range(1, 57))))[40:]
stale = up[32:36] + up[38:40] + up[36:38] + up[40:]	# same sum, other bytes
def piece(off, data, m):
    return frame(IPv6ExtHdrFragment(nh=58, offset=off // 8, m=m, id=ident) / Raw(data))
def answered(frames):
    e, r = replies(frames, wait=1.0)
    return [bytes(p[ICMPv6EchoReply].data) for p in e]
sendp(piece(32, stale, 0), iface=IF)
one_error(first_frag(60, 58, ident, n=24), 4, 3, 0)
got = answered([piece(0, up[:32], 1), piece(32, up[32:], 0)])
if got:
    fail("a later datagram with the same key was answered (with %s data)" % (
        "the stale" if got[0] != up[8:] else "its own"))
time.sleep('"$t"' + 1)
got = answered([piece(0, up[:32], 1), piece(32, up[32:], 0)])
if got != [up[8:]]:
    fail("after the reassembly timeout the key is not free: %d replies" % len(got))
' || { x6_fail "$X6_WHY"; return; }
	d=$(x6_stat_delta "$before" reasm-failed) || { x6_fail "no reasm-failed in stats"; return; }
	[ "$d" -ge 1 ] || { x6_fail "reasm-failed grew by $d, want >= 1"; return; }
}

# RFC 8200 §4.1: extension headers in any number. With 128 Destination Options headers the fast
# path hands the Echo Request to xdp6d (exthdr-limit), which answers (issue 9 item 17; the
# kernel does, implementation6 case 8). The reply is read from a raw ICMPv6 socket of the peer:
# its kernel checked the checksum before handing it over.
echo_request_with_128_destination_options_gets_reply_peer_kernel_accepts()
{
	local before=$X6_LOGDIR/stats.e128 d

	er_daemon || { x6_fail "$X6_WHY"; return; }
	x6_stats_json >"$before" || { x6_fail "xdp6ctl stats --json failed"; return; }
	er_scapy '
import socket
s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
s.settimeout(0.5)
chain = IPv6ExtHdrDestOpt()
for i in range(127):
    chain = chain / IPv6ExtHdrDestOpt()
data = b"xdp6 behind 128 headers"
p = frame(chain / ICMPv6EchoRequest(id=0x40e, seq=128, data=data))
if len(bytes(p)) != 14 + 40 + 128 * 8 + 8 + len(data):
    fail("test bug: %d octets" % len(bytes(p)))
sendp(p, iface=IF)
end, got = time.time() + 3, None
while time.time() < end and got is None:
    try:
        m, a = s.recvfrom(2048)
    except socket.timeout:
        continue
    if m[0] == 129 and m[4:8] == struct.pack("!HH", 0x40e, 128) and a[0] == DUT_ADDR:
        got = m
if got is None:
    fail("no Echo Reply reached the peer kernel raw socket")
if got[8:] != data:
    fail("Echo Reply data differs: %r" % got[8:])
' || { x6_fail "$X6_WHY"; return; }
	d=$(x6_stat_delta "$before" exthdr-limit) || { x6_fail "no exthdr-limit in stats"; return; }
	[ "$d" -ge 1 ] || { x6_fail "exthdr-limit grew by $d: not handed over by XDP?"; return; }
}

# The same chain before UDP to an unserved port, --unserved reject: Port Unreachable, quoting
# the first 1232 octets (RFC 4443 §2.4(c)); implementation6 case 9 has 2000 of them.
udp_with_128_destination_options_to_unserved_port_gets_port_unreachable()
{
	er_daemon --unserved reject || { x6_fail "$X6_WHY"; return; }
	er_scapy '
chain = IPv6ExtHdrDestOpt()
for i in range(127):
    chain = chain / IPv6ExtHdrDestOpt()
one_error(frame(chain / udp(9)), 1, 4, 0)
' || { x6_fail "$X6_WHY"; return; }
}

# The same chain before UDP with --unserved pass (the default): the datagram is the kernel's as
# behind a short chain. The fast path follows the chain to its upper layer (it handed it to
# xdp6d, which cannot give a frame back to the kernel and only counted it rx-unhandled).
udp_with_128_destination_options_unserved_pass_is_passed_to_kernel()
{
	local before=$X6_LOGDIR/stats.c128 d

	er_daemon || { x6_fail "$X6_WHY"; return; }
	x6_stats_json >"$before" || { x6_fail "xdp6ctl stats --json failed"; return; }
	er_scapy '
chain = IPv6ExtHdrDestOpt()
for i in range(127):
    chain = chain / IPv6ExtHdrDestOpt()
for i in range(3):
    no_error(frame(chain / udp(33434 + i)), "UDP behind 128 headers, --unserved pass", 0.3)
' || { x6_fail "$X6_WHY"; return; }
	d=$(x6_stat_delta "$before" pass-not-icmp6) || { x6_fail "no pass-not-icmp6 in stats"; return; }
	[ "$d" -ge 3 ] || { x6_fail "pass-not-icmp6 grew by $d for 3 datagrams"; return; }
	d=$(x6_stat_delta "$before" exthdr-limit) || { x6_fail "no exthdr-limit in stats"; return; }
	[ "$d" -eq 0 ] || { x6_fail "exthdr-limit grew by $d: handed to xdp6d"; return; }
}

# RFC 4443 §3.1 for the other transports with ports (ip6_nh_has_ports(): SCTP, DCCP, UDP-Lite):
# the fast path reads their destination port as it reads UDP's and hands an unserved one to the
# daemon, which answers Port Unreachable (it answered Parameter Problem code 1, "unrecognized
# Next Header"); xdp6ctl serve add sctp/5000 makes that port the kernel's.
ER_PORTS_PY='
def ports(nh, dport):
    return frame(Raw(struct.pack("!HH", 40000, dport) + b"\x5a" * 16), nh=nh)
'
sctp_dccp_udplite_unserved_ports_get_port_unreachable_until_served()
{
	local out

	er_daemon --unserved reject || { x6_fail "$X6_WHY"; return; }
	er_scapy "$ER_PORTS_PY"'
for nh in (132, 33, 136):
    one_error(ports(nh, 5000), 1, 4, 0)
' || { x6_fail "$X6_WHY"; return; }
	out=$(x6_ctl serve add sctp/5000 dev "$X6_IF_DUT" 2>&1) ||
		{ x6_fail "xdp6ctl serve add sctp/5000: $out"; return; }
	er_scapy "$ER_PORTS_PY"'
no_error(ports(132, 5000), "SCTP to served port 5000")
one_error(ports(132, 5001), 1, 4, 0)
one_error(ports(136, 5000), 1, 4, 0)
' || { x6_fail "after serve add sctp/5000: $X6_WHY"; return; }
	x6_ctl serve del sctp/5000 dev "$X6_IF_DUT" >/dev/null 2>&1
}

x6_main \
	traceroute_udp_ends_at_dut_with_port_unreachable \
	serve_add_udp_port_probe_gets_no_error_until_serve_del \
	unknown_next_header_253_gets_param_problem_code_1_pointer_6 \
	dest_option_action_00_skipped_echo_answered \
	dest_option_action_10_gets_param_problem_code_2_at_option \
	dest_option_action_01_silently_dropped \
	dest_option_action_11_to_multicast_nothing_action_10_answered \
	no_error_for_icmp6_error_or_redirect_with_action_10_option \
	no_error_for_multicast_destination_unserved_udp_or_next_header \
	no_error_to_unspecified_or_multicast_source \
	ra_cur_hop_limit_77_is_the_hop_limit_of_port_unreachable \
	first_fragment_2k_extension_header_gets_param_problem_code_3_icmpv6_or_udp \
	stale_fragment_of_failed_first_fragment_never_completes_a_later_datagram \
	echo_request_with_128_destination_options_gets_reply_peer_kernel_accepts \
	udp_with_128_destination_options_to_unserved_port_gets_port_unreachable \
	udp_with_128_destination_options_unserved_pass_is_passed_to_kernel \
	unserved_pass_default_udp_probe_gets_no_error_and_is_passed \
	ping_1500_bytes_fragmented_gets_every_reply \
	ping_4000_bytes_fragmented_gets_every_reply \
	ping_8000_bytes_fragmented_gets_every_reply \
	ping_20000_bytes_fragmented_gets_every_reply \
	ptb_1300_from_peer_listed_in_pmtu_show_and_counted_in_errors_rx \
	after_ptb_1300_ping_2000_reply_fragments_at_most_1300 \
	first_fragment_alone_gets_time_exceeded_code_1_after_timeout \
	non_first_fragment_alone_gets_nothing_after_timeout \
	udp_flood_errors_limited_to_burst_plus_rate_counted_rate_limited \
	sctp_dccp_udplite_unserved_ports_get_port_unreachable_until_served
