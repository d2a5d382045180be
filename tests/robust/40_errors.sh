#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Hostile fragments against reassembly (RFC 8200 §4.5): overlapping fragments discard the whole
# datagram (RFC 5722 §4) while the same datagram without overlap is answered; a flood of random
# fragments that never complete leaves xdp6d alive, its reassembly table bounded by --reasm-max
# (seen as at most that many Time Exceeded per timeout period, RFC 4443 §3.3), and pings (also
# fragmented ones) answered afterwards.
set -u
. "$(dirname "$0")/../integration/lib.sh"
x6_init r4 || exit 1

REASM_MAX=16				# --reasm-max for the flood
REASM_TIMEOUT=5				# --reasm-timeout for the flood, seconds
FLOOD_N=${X6_FLOOD_N:-10000}		# random fragments in the flood
FLOOD_SEED=${X6_FLOOD_SEED:-40}

rf_daemon()
{
	x6_daemon_ensure -a "$X6_ADDR_DUT/$X6_PLEN" "$@" &&
		x6_wait_addr "$X6_ADDR_DUT" preferred
}

# An Echo Request of 3000 data bytes cut by hand into fragments: up is the ICMPv6 message (its
# checksum computed over the whole), frag() sends up[off:end] (or other bytes) at offset off.
RF_PY='
import struct
def upper(seq):
    p = IPv6(src=PEER_ADDR, dst=DUT_ADDR) / ICMPv6EchoRequest(id=0x40f, seq=seq) / \
        Raw((bytes(range(256)) * 12)[:3000])
    return bytes(p)[40:]
def frag(up, off, end, m, ident, data=None):
    d = up[off:end] if data is None else data
    return Ether(bytes(Ether(src=PEER_MAC, dst=DUT_MAC) / IPv6(src=PEER_ADDR, dst=DUT_ADDR) /
                       IPv6ExtHdrFragment(nh=58, offset=off // 8, m=m, id=ident) / Raw(d)))
def echo_replies(frames, seq):
    got = exchange(frames, wait=1.5)
    return [p for p in got if ICMPv6EchoReply in p and p[ICMPv6EchoReply].seq == seq]
'

# rf_case REASON 'PY': run PY (with RF_PY) in the peer; then stats REASON must have grown (when
# REASON is not "-").
rf_case()
{
	local before=$X6_LOGDIR/stats.case out d

	rf_daemon || { x6_fail "$X6_WHY"; return; }
	x6_stats_json >"$before" || { x6_fail "xdp6ctl stats --json failed"; return; }
	out=$(x6_scapy "$RF_PY$2") || { x6_fail "$out"; return; }
	[ "$1" = - ] && return 0
	d=$(x6_stat_delta "$before" "$1") || { x6_fail "no $1 in stats"; return; }
	[ "$d" -ge 1 ] || { x6_fail "$1 grew by $d, want >= 1"; return; }
}

# The control: the same datagram without overlap, last fragment first, is reassembled.
fragmented_echo_without_overlap_out_of_order_answered()
{
	rf_case reasm-ok '
up = upper(1)
f = [frag(up, 0, 1232, 1, 0x40f001), frag(up, 1232, 2464, 1, 0x40f001),
     frag(up, 2464, len(up), 0, 0x40f001)]
if len(echo_replies([f[2], f[0], f[1]], 1)) != 1:
    fail("no Echo Reply to a fragmented Echo Request without overlap")
'
}

# RFC 5722 §4: the second fragment starts 8 octets inside the first (same bytes there): the
# whole datagram is discarded, no reply.
overlapping_fragments_same_bytes_datagram_dropped_no_reply()
{
	rf_case reasm-overlap '
up = upper(2)
f = [frag(up, 0, 1232, 1, 0x40f002), frag(up, 1224, 2464, 1, 0x40f002),
     frag(up, 2464, len(up), 0, 0x40f002)]
r = echo_replies(f, 2)
if r:
    fail("Echo Reply to a datagram with overlapping fragments: " + r[0].summary())
'
}

# RFC 5722 §4: a tiny fragment at offset 0 rewriting the ICMPv6 header (other id and sequence,
# the checksum adjusted to match) after the real first fragment: dropped, whichever came first.
# (Linux takes a fragment wholly inside an earlier one for a duplicate and answers the first
# order; reasm.h counts only same offset, length and bytes as a duplicate, as RFC 5722 asks.)
overlapping_fragment_rewriting_icmp6_header_dropped_no_reply()
{
	rf_case reasm-overlap '
for ident, order in ((0x40f003, (0, 1, 2, 3)), (0x40f004, (1, 0, 2, 3))):
    up = upper(3)
    ev = upper(4)[:16]		# the header of an Echo Request with seq 4, same data
    f = [frag(up, 0, 1232, 1, ident), frag(up, 0, 16, 1, ident, data=ev),
         frag(up, 1232, 2464, 1, ident), frag(up, 2464, len(up), 0, ident)]
    got = exchange([f[i] for i in order], wait=1.5)
    r = [p for p in got if ICMPv6EchoReply in p]
    if r:
        fail("Echo Reply to an overlapping rewrite of the ICMPv6 header (order %s): %s" % (
            order, r[0].summary()))
'
}

# Seeded random fragments that never complete: half first fragments (offset 0, M=1) starting
# an Echo Request or a UDP datagram, half later pieces (random offset, M, length); random
# Identification each, sources spread over 2001:db8::f:0/112 (each Time Exceeded has its own
# destination), a tenth to ff02::1. Raw socket; prints the number sent and the seconds it took.
RF_FLOOD_PY='
import socket, struct
rnd = random.Random(SEED)
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((IF, 0))
peer_mac = bytes.fromhex(PEER_MAC.replace(":", ""))
dsts = [(bytes.fromhex(DUT_MAC.replace(":", "")), inet_pton(socket.AF_INET6, DUT_ADDR))] * 9 + \
       [(bytes.fromhex("333300000001"), inet_pton(socket.AF_INET6, "ff02::1"))]
sent = 0
t0 = time.time()
for i in range(N_FRAMES):
    mac, dst = rnd.choice(dsts)
    src = inet_pton(socket.AF_INET6, "2001:db8::f:%x" % rnd.randrange(1, 0x10000))
    nh = rnd.choice([58, 58, 17])
    if rnd.random() < 0.5:
        off, m = 0, 1
        n = 8 * rnd.randint(2, 154)
        head = (bytes([128, 0]) if nh == 58 else struct.pack("!HH", 40000, 9)) + \
            rnd.randbytes(6)
        data = head + rnd.randbytes(n - 8)
    else:
        off, m = rnd.randint(1, 8000), rnd.randrange(2)
        n = 8 * rnd.randint(1, 154) if m else rnd.randint(1, 1232)
        data = rnd.randbytes(n)
    fh = struct.pack("!BBHI", nh, 0, (off << 3) | m, rnd.getrandbits(32))
    pl = fh + data
    ip = struct.pack("!IHBB", 0x60000000, len(pl), 44, 64) + src + dst
    try:
        s.send(mac + peer_mac + b"\x86\xdd" + ip + pl)
        sent += 1
    except OSError:
        pass
print(sent, "%.3f" % (time.time() - t0))
'

# rf_rss: VmRSS of the daemon in kB.
rf_rss()
{
	awk '/^VmRSS:/ { print $2 }' "/proc/$X6_DAEMON_PID/status" 2>/dev/null
}

random_fragment_flood_daemon_alive_table_bounded_pings_answered()
{
	local before=$X6_LOGDIR/stats.flood pcap sent rss0 rss1 d n dur bound out

	rf_daemon --reasm-max "$REASM_MAX" --reasm-timeout "$REASM_TIMEOUT" ||
		{ x6_fail "$X6_WHY"; return; }
	x6_stats_json >"$before" || { x6_fail "xdp6ctl stats --json failed"; return; }
	rss0=$(rf_rss)
	x6_capture_start rflood ip6 || { x6_fail "$X6_WHY"; return; }
	read -r sent dur <<<"$(X6_SCAPY_TIMEOUT=300 \
		x6_scapy "N_FRAMES, SEED = $FLOOD_N, $FLOOD_SEED$RF_FLOOD_PY" | tail -n 1)"
	# every datagram the flood started times out within REASM_TIMEOUT of its first fragment
	sleep $((REASM_TIMEOUT + 3))
	pcap=$(x6_capture_stop rflood)
	[[ $sent =~ ^[1-9][0-9]*$ && $dur =~ ^[0-9.]+$ ]] ||
		{ x6_fail "flood sender: $sent $dur"; return; }
	x6_daemon_running ||
		{ x6_fail "xdp6d died during the flood: $(tail -n 3 "$X6_DAEMON_LOG")"; return; }
	rss1=$(rf_rss)
	d=$(x6_stat_delta "$before" frag-received) ||
		{ x6_fail "no frag-received in stats"; return; }
	# the datagrams started while the flood lasted: REASM_MAX per timeout period at most
	bound=$(awk -v m="$REASM_MAX" -v d="$dur" -v t="$REASM_TIMEOUT" \
		'BEGIN { printf "%d", m * (1 + int(d / t)) }')
	n=$(x6_tshark "$pcap" "icmpv6.type == 3 && icmpv6.code == 1 && eth.src == $X6_MAC_DUT" \
		frame.number | grep -c .)
	echo "flood: $sent fragments over ${dur}s, frag-received +$d, $n Time Exceeded" \
		"(bound $bound = --reasm-max $REASM_MAX per ${REASM_TIMEOUT}s); VmRSS ${rss0:-?}" \
		"-> ${rss1:-?} kB" >"$X6_LOGDIR/rflood.txt"
	[ "$d" -gt "$REASM_MAX" ] ||
		{ x6_fail "only $d fragments reached reassembly: $(cat "$X6_LOGDIR/rflood.txt")"
		  return; }
	if [ "$n" -eq 0 ] || [ "$n" -gt "$bound" ]; then
		x6_fail "$(cat "$X6_LOGDIR/rflood.txt")"
		return
	fi
	x6_wait_addr "$X6_ADDR_DUT" preferred 1 || { x6_fail "after the flood: $X6_WHY"; return; }
	x6_peer ip -6 neigh flush dev "$X6_IF_PEER"
	out=$(x6_peer timeout 20 ping -6 -n -c 3 -i 0.3 -W 2 "$X6_ADDR_DUT" 2>&1)
	echo "$out" | grep -q ' 3 received' ||
		{ x6_fail "ping after the flood: $(echo "$out" | grep -m1 transmitted)"; return; }
	out=$(x6_peer timeout 20 ping -6 -n -c 3 -i 0.3 -W 2 -s 4000 "$X6_ADDR_DUT" 2>&1)
	echo "$out" | grep -q ' 3 received' ||
		{ x6_fail "ping -s 4000 after the flood: $(echo "$out" | grep -m1 transmitted)"
		  return; }
	x6_daemon_running ||
		{ x6_fail "xdp6d died after the flood: $(tail -n 3 "$X6_DAEMON_LOG")"; return; }
}

# Issue 9 item 1, the attack on the wire: a first fragment with a 1400-octet Destination Options
# header before its Fragment header, and 46 fragments without one bringing the data to 65535
# octets (every frame <= 1510 octets, a 1500 MTU). Reassembled with the first fragment's
# headers it would be 1400 + 65535 octets of payload: more than RFC 8200 §4.5 allows, and more
# than the reassembly buffer holds (xdp6d used to write ~1400 octets past it and abort in free()
# at exit). Sent in order (the fragments over the limit then get Parameter Problem code 0) and
# in reverse order (the first fragment, last, drops the datagram). xdp6d must count the drops,
# keep answering, and exit 0 at SIGTERM.
RF_BIG_PY='
import struct, socket
DOPTS, FIRST, STEP, TOTAL = 1400, 48, 1448, 65535
def dopts():
    "Destination Options of DOPTS octets (PadN options), naming a Fragment header"
    h = bytes([44, DOPTS // 8 - 1])
    while len(h) < DOPTS:
        n = min(DOPTS - len(h) - 2, 255)
        h += bytes([1, n]) + bytes(n)
    return h
def big(ident):
    data = (bytes([128, 0, 0, 0, 0x40, 0x1b, 0, 1]) + bytes(range(256)) * 256)[:TOTAL]
    src, dst = (inet_pton(socket.AF_INET6, a) for a in (PEER_ADDR, DUT_ADDR))
    eth = bytes.fromhex(DUT_MAC.replace(":", "") + PEER_MAC.replace(":", "")) + b"\x86\xdd"
    out, off = [], 0
    while off < TOTAL:
        n = FIRST if off == 0 else min(STEP, TOTAL - off)
        m = 1 if off + n < TOTAL else 0
        fh = struct.pack("!BBHI", 58, 0, off | m, ident)
        ext = dopts() if off == 0 else b""
        pl = ext + fh + data[off:off + n]
        ip = struct.pack("!IHBB", 0x60000000, len(pl), 60 if ext else 44, 64) + src + dst
        out.append(Ether(eth + ip + pl))
        off += n
    return out
f = big(0x40f101)
if len(f) != 47 or max(len(bytes(x)) for x in f) > 1514:
    fail("test bug: %d frames, largest %d" % (len(f), max(len(bytes(x)) for x in f)))
got = exchange(f, wait=1.5)
pp = [p for p in got if ICMPv6ParamProblem in p and p[ICMPv6ParamProblem].code == 0]
if not pp or any(p[ICMPv6ParamProblem].ptr != 42 for p in pp):
    fail("in order: want Parameter Problem code 0 at the Fragment Offset (42), got %s" % (
        [p.summary() for p in got],))
if any(ICMPv6EchoReply in p for p in got):
    fail("in order: an Echo Reply to a 66935-octet datagram")
got = exchange(big(0x40f102)[::-1], wait=1.5)
if any(ICMPv6EchoReply in p for p in got):
    fail("reverse order: an Echo Reply to a 66935-octet datagram")
'

first_fragment_dest_options_then_65535_octets_counted_daemon_survives_exits_0()
{
	local before=$X6_LOGDIR/stats.big out d

	rf_daemon || { x6_fail "$X6_WHY"; return; }
	x6_stats_json >"$before" || { x6_fail "xdp6ctl stats --json failed"; return; }
	out=$(x6_scapy "$RF_BIG_PY") || { x6_fail "$out"; return; }
	d=$(x6_stat_delta "$before" frag-received) || { x6_fail "no frag-received"; return; }
	[ "$d" -ge 94 ] || { x6_fail "frag-received grew by $d, want 94"; return; }
	d=$(x6_stat_delta "$before" reasm-failed) || { x6_fail "no reasm-failed"; return; }
	[ "$d" -ge 2 ] || { x6_fail "reasm-failed grew by $d, want >= 2"; return; }
	x6_daemon_running ||
		{ x6_fail "xdp6d died: $(tail -n 3 "$X6_DAEMON_LOG" | tr '\n' ' ')"; return; }
	out=$(x6_peer timeout 20 ping -6 -n -c 2 -i 0.3 -W 2 -s 3000 "$X6_ADDR_DUT" 2>&1)
	echo "$out" | grep -q ' 2 received' ||
		{ x6_fail "fragmented ping after the attack: $(echo "$out" | grep -m1 transmitted)"
		  return; }
	x6_daemon_stop TERM || { x6_fail "xdp6d did not exit at SIGTERM"; return; }
	[ "$X6_DAEMON_RC" = 0 ] ||
		{ x6_fail "xdp6d exited $X6_DAEMON_RC at SIGTERM:" \
			"$(tail -n 3 "$X6_DAEMON_LOG" | tr '\n' ' ')"; return; }
}

x6_main \
	first_fragment_dest_options_then_65535_octets_counted_daemon_survives_exits_0 \
	fragmented_echo_without_overlap_out_of_order_answered \
	overlapping_fragments_same_bytes_datagram_dropped_no_reply \
	overlapping_fragment_rewriting_icmp6_header_dropped_no_reply \
	random_fragment_flood_daemon_alive_table_bounded_pings_answered
