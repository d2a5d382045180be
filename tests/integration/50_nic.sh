#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# xdp6d on NIC drivers and kernels as they are (issue 11). AF_XDP on a multi-queue device: a
# socket on every RX queue, replies leaving only through sockets the kernel lets send. In copy
# mode a socket sends on the device's TX queue of its own number and the kernel ignores the TX
# ring of a socket bound at or above real_num_tx_queues (net/xdp/xsk.c __xsk_generic_xmit). RX
# and TX counts differ on virtio-net with XDP attached (4 RX, 2 TX in the VM rig) and on a veth
# set so here (`ethtool -L`, the peer steered to DUT RX queue 1 by XPS). Replies are
# daemon-made ICMPv6 Port Unreachables (RFC 4443 §3.1, --unserved reject) that the peer kernel
# must match to its UDP sockets (ECONNREFUSED).
# What the kernel or driver refuses is said in its own words (the netlink error message, the
# verifier's log: tests/unit/test_loader_log.c); multi-buffer (frags-aware) loading where the
# kernel takes it; virtio-net's XDP_TX queue check before a native attach.
set -u
. "$(dirname "$0")/lib.sh"
x6_init n || exit 1
X6_VETH_QUEUES=4		# veth ends with up to 4 queues each way (lib.sh)
N_FLOWS=16			# UDP sockets (flows) per check

qu_veth() { [ "${X6_RIG:-veth}" = veth ]; }

# qu_channels NS_FN IF RX TX: `ethtool -L` on one veth end (the daemon stopped: the kernel
# refuses to shrink under an AF_XDP socket).
qu_channels()
{
	local out

	out=$("$1" ethtool -L "$2" rx "$3" tx "$4" 2>&1) ||
		{ X6_WHY="ethtool -L $2 rx $3 tx $4: $out"; return 1; }
}

# qu_peer_to_queue Q: every frame the peer sends leaves on its TX queue Q, which veth delivers
# to the DUT's RX queue Q: XPS maps every CPU to Q alone (a sysfs file of the peer namespace,
# hence `ip netns exec`).
qu_peer_to_queue()
{
	local d=/sys/class/net/$X6_IF_PEER/queues all

	all=$(printf '%x' $(((1 << $(nproc)) - 1)))
	x6_peer sh -c "for q in $d/tx-*; do echo 0 >\$q/xps_cpus; done &&
		echo $all >$d/tx-$1/xps_cpus" 2>"$X6_LOGDIR/xps.err" ||
		{ X6_WHY="XPS on the peer: $(cat "$X6_LOGDIR/xps.err")"; return 1; }
}

# qu_refused BASE_PORT: N_FLOWS UDP datagrams from the peer's kernel to an unserved port of the
# DUT, each from its own source port; prints how many sockets got ECONNREFUSED (the peer kernel
# accepted the Port Unreachable and matched its quote).
qu_refused()
{
	x6_peer "$X6_PY" -c '
import socket, sys, time
dut, base, n, wait = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
got = 0
for i in range(n):
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.settimeout(wait)
    s.bind(("", base + i))
    s.connect((dut, 4242))
    s.send(b"xdp6 queue probe")
    try:
        s.recv(64)
    except ConnectionRefusedError:
        got += 1
    except socket.timeout:
        pass
    s.close()
    time.sleep(0.12)	# the per-peer error bucket refills 1 per 100 ms (icmp6_err.c)
print(got)' "$X6_ADDR_DUT" "$1" "$N_FLOWS" "$(x6_t 1)"
}

# qu_queues: "QUEUE TX RX_FRAMES" per AF_XDP socket, from `xdp6ctl status --json`.
qu_queues()
{
	x6_ctl status --json | "$X6_PY" -c '
import json, sys
for q in json.load(sys.stdin)["interfaces"][0]["xsk_frames"]:
    print(q["queue"], "tx" if q["tx"] else "rx-only", q["rx_frames"])'
}

# qu_queue_sends Q: the socket of queue Q exists and can send.
qu_queue_sends()
{
	qu_queues | awk -v q="$1" '$1 == q && $2 == "tx" { ok = 1 } END { exit !ok }'
}

qu_daemon()
{
	# --err-rate 0: every probe answered (the default bucket would hold some back)
	x6_daemon_start --no-dad --unserved reject --err-rate 0 -a "$X6_ADDR_DUT/$X6_PLEN" &&
		x6_wait_addr "$X6_ADDR_DUT" preferred
}

# Frames that arrive on an RX queue with no TX queue of its number are answered through a
# socket that can send. veth: DUT with 2 RX and 1 TX queue, everything from the peer on RX
# queue 1. virtio-net: 4 RX queues with XDP attached, 2 TX; the host's tap spreads the flows.
reply_to_frame_on_rx_only_queue_leaves_through_a_queue_that_sends()
{
	local q got rxonly

	x6_daemon_stop
	if qu_veth; then
		qu_channels x6_dut "$X6_IF_DUT" 2 1 &&
			qu_channels x6_peer "$X6_IF_PEER" 1 2 &&
			qu_peer_to_queue 1 || { x6_fail "$X6_WHY"; return; }
	fi
	x6_dut ethtool -K "$X6_IF_DUT" tx off >/dev/null 2>&1
	x6_peer ethtool -K "$X6_IF_PEER" tx off >/dev/null 2>&1	# full UDP checksums
	qu_daemon || { x6_fail "$X6_WHY"; return; }
	q=$(qu_queues) || { x6_fail "xdp6ctl status --json failed"; return; }
	echo "# before: $(echo "$q" | tr '\n' ',')"
	if qu_veth; then
		[ "$(echo "$q" | awk '{ print $1 ":" $2 }' | tr '\n' ' ')" = "0:tx 1:rx-only " ] ||
			{ x6_fail "want queue 0 sending, 1 receive-only; status: $q"; return; }
	else
		echo "$q" | grep -q ' rx-only ' ||
			{ x6_skip "every queue can send here: $(echo "$q" | tr '\n' ',')"; return; }
		echo "$q" | awk '$1 == 0 && $2 == "tx" { ok = 1 } END { exit !ok }' ||
			{ x6_fail "queue 0 cannot send: $q"; return; }
	fi
	got=$(qu_refused 41000) || { x6_fail "the peer's UDP probes failed"; return; }
	x6_ctl stats >"$X6_LOGDIR/stats.rx-only"
	q=$(qu_queues)
	echo "# after: $(echo "$q" | tr '\n' ',')"
	rxonly=$(echo "$q" | awk '$2 == "rx-only" { n += $3 } END { print n + 0 }')
	[ "$got" -eq "$N_FLOWS" ] ||
		{ x6_fail "$got of $N_FLOWS Port Unreachables reached the peer ($rxonly frames" \
			"arrived on receive-only queues; queues: $(echo "$q" | tr '\n' ',')"; return; }
	if [ "$rxonly" -eq 0 ]; then
		qu_veth && { x6_fail "nothing arrived on queue 1 (XPS steering)"; return; }
		x6_skip "all $N_FLOWS replies came, but no flow landed on a receive-only queue"
		return
	fi
}

# The device gains queues while xdp6d runs (veth only: virtio-net refuses channel changes while
# XDP is attached). Start with 2 RX and 1 TX queue (queue 1 receive-only), go to 3 RX and 2 TX:
# within a few seconds a socket is bound on the new RX queue 2 (receive-only), queue 1 is found
# able to send and answers what arrives on it itself. (Frames on queue 2 are not tried: veth
# runs no XDP program on an RX queue added after the attach.)
sockets_follow_queues_added_while_running()
{
	local q got

	qu_veth || { x6_skip "virtio-net refuses ethtool -L with XDP attached"; return; }
	x6_daemon_stop
	qu_channels x6_peer "$X6_IF_PEER" 1 2 && qu_channels x6_dut "$X6_IF_DUT" 2 1 ||
		{ x6_fail "$X6_WHY"; return; }
	x6_dut ethtool -K "$X6_IF_DUT" tx off >/dev/null 2>&1
	x6_peer ethtool -K "$X6_IF_PEER" tx off >/dev/null 2>&1
	qu_daemon || { x6_fail "$X6_WHY"; return; }
	q=$(qu_queues)
	[ "$(echo "$q" | awk '{ print $1 ":" $2 }' | tr '\n' ' ')" = "0:tx 1:rx-only " ] ||
		{ x6_fail "want queue 0 sending, 1 receive-only at start; status: $q"; return; }
	# veth with XDP: each end's TX count may not exceed the other's RX count
	qu_channels x6_peer "$X6_IF_PEER" 2 2 && qu_channels x6_dut "$X6_IF_DUT" 3 2 &&
		qu_peer_to_queue 1 || { x6_fail "$X6_WHY"; return; }
	x6_wait 5 qu_queue_sends 1 ||
		{ x6_fail "queue 1 not sending after 5 s: $(qu_queues | tr '\n' ',')"; return; }
	q=$(qu_queues)
	[ "$(echo "$q" | awk '{ print $1 ":" $2 }' | tr '\n' ' ')" = "0:tx 1:tx 2:rx-only " ] ||
		{ x6_fail "want queues 0-1 sending, 2 receive-only; status: $q"; return; }
	grep -q 'has 3 RX queues now' "$X6_DAEMON_LOG" ||
		{ x6_fail "the daemon did not log the new queue count"; return; }
	got=$(qu_refused 42000) || { x6_fail "the peer's UDP probes failed"; return; }
	x6_ctl stats >"$X6_LOGDIR/stats.added"
	q=$(qu_queues)
	[ "$got" -eq "$N_FLOWS" ] ||
		{ x6_fail "$got of $N_FLOWS Port Unreachables reached the peer; $q"; return; }
	echo "$q" | awk '$1 == 1 && $3 >= '"$N_FLOWS"' { ok = 1 } END { exit !ok }' ||
		{ x6_fail "the probes did not arrive on queue 1: $(echo "$q" | tr '\n' ',')"; return; }
}

# qu_status_field NAME: a field of our interface in `xdp6ctl status --json`.
qu_status_field()
{
	x6_ctl status --json | "$X6_PY" -c '
import json, sys
v = json.load(sys.stdin)["interfaces"][0][sys.argv[1]]
print(str(v).lower() if isinstance(v, bool) else v)' "$1"
}

# Zero-copy is tried first on every queue; where the driver refuses it (veth, 6.1's virtio-net)
# the log says why, once, and status gives the mode per queue (text and JSON).
queue_mode_and_zero_copy_refusal_reported()
{
	local modes n

	x6_daemon_stop
	qu_daemon || { x6_fail "$X6_WHY"; return; }
	[ "$(grep -c 'the driver refused zero-copy: ' "$X6_DAEMON_LOG")" = 1 ] ||
		{ x6_fail "want one line with the driver's zero-copy refusal: $(cat "$X6_DAEMON_LOG")"
		  return; }
	modes=$(x6_ctl status --json | "$X6_PY" -c '
import json, sys
print(" ".join(q["mode"] for q in json.load(sys.stdin)["interfaces"][0]["xsk_frames"]))')
	n=$(echo "$modes" | wc -w)
	[ "$n" -ge 1 ] && [ "$modes" = "$(printf 'copy %.0s' $(seq "$n") | sed 's/ $//')" ] ||
		{ x6_fail "status --json modes '$modes', want copy on every queue"; return; }
	[ "$(x6_ctl status | grep -c ': queue [0-9]*: copy mode, ')" = "$n" ] ||
		{ x6_fail "status text lacks 'copy mode' on $n queues: $(x6_ctl status)"; return; }
}

# A driver refusing native XDP: xdp6d exits 2 and prints the kernel's own reason (the netlink
# extended ack libbpf reports), not only the errno. A bridge has no native XDP.
native_attach_refused_by_driver_prints_the_kernels_reason()
{
	local br=${X6_PREFIX}b out rc

	x6_daemon_stop
	x6_dut ip link add "$br" address 02:00:00:00:00:09 type bridge &&
		x6_dut ip link set "$br" up || { x6_fail "cannot make a bridge"; return; }
	out=$(timeout "$(x6_t 20)" nsenter --net="/run/netns/$X6_NS_DUT" "$X6_XDP6D" --no-dad \
		-a "$X6_ADDR_DUT" "$br" 2>&1)
	rc=$?
	x6_dut ip link del "$br"
	echo "$out" >"$X6_LOGDIR/bridge.log"
	[ "$rc" -eq 2 ] || { x6_fail "xdp6d on a bridge exited $rc, want 2: $out"; return; }
	echo "$out" | grep -q "Couldn't attach XDP program on $br" ||
		{ x6_fail "no attach failure line: $out"; return; }
	# net/core/dev.c dev_xdp_attach's extack for a driver without ndo_bpf
	echo "$out" | grep -q "the kernel said: .*does not support XDP in native mode" ||
		{ x6_fail "the kernel's reason is missing: $out"; return; }
}

# Frags-aware where the kernel takes it (the log and status say which): veth refuses a
# single-buffer XDP program while its peer's MTU exceeds a page, and takes a frags-aware one.
# On 6.1's virtio-net (no multi-buffer XDP) a large MTU is refused either way, in the driver's
# words.
multi_buffer_program_attaches_beside_a_jumbo_mtu()
{
	local out mb

	x6_daemon_stop
	if qu_veth; then
		x6_peer ip link set dev "$X6_IF_PEER" mtu 9000 ||
			{ x6_fail "cannot set the peer's MTU"; return; }
		qu_daemon
		out=$?
		x6_daemon_running && mb=$(qu_status_field multi_buffer)
		x6_daemon_stop
		x6_peer ip link set dev "$X6_IF_PEER" mtu 1500
		[ "$out" -eq 0 ] || { x6_fail "$X6_WHY"; return; }
		[ "$mb" = true ] || { x6_fail "status multi_buffer: '$mb', want true"; return; }
		grep -q 'multi-buffer XDP: the kernel accepts it' "$X6_DAEMON_LOG" ||
			{ x6_fail "the log does not say multi-buffer"; return; }
		return
	fi
	x6_dut ip link set dev "$X6_IF_DUT" mtu 9000 ||
		{ x6_skip "the NIC takes no 9000-byte MTU"; return; }
	out=$(timeout "$(x6_t 20)" nsenter --net="/run/netns/$X6_NS_DUT" "$X6_XDP6D" --no-dad \
		-a "$X6_ADDR_DUT" "$X6_IF_DUT" 2>&1)
	x6_dut ip link set dev "$X6_IF_DUT" mtu 1500
	echo "$out" >"$X6_LOGDIR/jumbo.log"
	echo "$out" | grep -q "the kernel said: .*MTU too large" ||
		{ x6_fail "want the driver's MTU refusal, got: $out"; return; }
}

# virtio-net with more combined channels than (queues - CPUs) and more than CPUs would send
# XDP_TX on queues past the ones it uses (6.1 crashed): xdp6d refuses native mode before
# attaching, says how many channels to use, and attaches nothing.
virtio_native_refused_when_xdp_tx_would_leave_its_queues()
{
	local max cpus want out rc

	x6_dut ethtool -i "$X6_IF_DUT" 2>/dev/null | grep -qx 'driver: virtio_net' ||
		{ x6_skip "needs virtio-net (X6_RIG=virtio)"; return; }
	x6_daemon_stop
	max=$(x6_dut ethtool -l "$X6_IF_DUT" |
		awk '/^Pre-set/ { p = 1 } p && /^Combined:/ { print $2; exit }')
	# nr_cpu_ids: the possible CPUs ("0-N")
	cpus=$(awk -F- '{ print ($NF ~ /^[0-9]+$/ ? $NF + 1 : 1) }' \
		/sys/devices/system/cpu/possible)
	want=$((max - cpus))
	[ "$want" -ge 1 ] && [ "$cpus" -lt "$max" ] ||
		{ x6_skip "$max queues for $cpus CPUs: no channel count overflows"; return; }
	x6_dut ethtool -L "$X6_IF_DUT" combined "$max" || { x6_fail "ethtool -L combined $max"; return; }
	out=$(timeout "$(x6_t 20)" nsenter --net="/run/netns/$X6_NS_DUT" "$X6_XDP6D" --no-dad \
		-a "$X6_ADDR_DUT" "$X6_IF_DUT" 2>&1)
	rc=$?
	echo "$out" >"$X6_LOGDIR/overflow.log"
	if x6_xdp_attached; then
		x6_dut ip link set dev "$X6_IF_DUT" xdpdrv off
		x6_dut ethtool -L "$X6_IF_DUT" combined "$want"
		x6_fail "an XDP program is attached after the refusal: $out"
		return
	fi
	x6_dut ethtool -L "$X6_IF_DUT" combined "$want"
	[ "$rc" -eq 2 ] || { x6_fail "xdp6d exited $rc, want 2: $out"; return; }
	echo "$out" | grep -q "Refusing native mode: virtio-net has $max queue pairs" &&
		echo "$out" | grep -q "ethtool -L $X6_IF_DUT combined $want" ||
		{ x6_fail "no refusal naming the fix: $out"; return; }
}

x6_main \
	reply_to_frame_on_rx_only_queue_leaves_through_a_queue_that_sends \
	sockets_follow_queues_added_while_running \
	queue_mode_and_zero_copy_refusal_reported \
	native_attach_refused_by_driver_prints_the_kernels_reason \
	multi_buffer_program_attaches_beside_a_jumbo_mtu \
	virtio_native_refused_when_xdp_tx_would_leave_its_queues
