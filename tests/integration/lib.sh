# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Integration-test rig (DESIGN.md "Test rig"): two network namespaces joined by a veth pair, the
# DUT side running xdp6d with the kernel's IPv6 disabled, the peer side a real Linux IPv6 host
# (RFC 4861 ND, RFC 4443 echo) with an XDP pass program, plus helpers for the daemon, the CLI,
# scapy and captures, and a runner printing one PASS/FAIL/SKIP line per test.
# Variant (DESIGN.md "Second rig", tests/vm/): X6_RIG=virtio X6_RIG_DUT_IF=eth0 X6_RIG_PEER_IF=eth1
# uses two existing NICs (the VM's virtio-net pair, wired through the host) instead of the veth
# pair: one is moved into each namespace, renamed and given the MAC below, and given back under
# its own name and MAC, without XDP, at cleanup. X6_TIME_SCALE (an integer, 1 by default; ~6
# under qemu TCG) multiplies every timeout and wait of the rig. X6_VETH_QUEUES=N (set by a script
# before x6_main) gives both veth ends N queues each way to choose from with `ethtool -L`; they
# start with 1 RX and 1 TX queue as without it.
#
# Sourced by tests/integration/NN_*.sh, tests/robust/NN_*.sh and tests/demo.sh. The names below
# are the rig's API: keep them stable, add new ones rather than changing these.
#
#   . "$(dirname "$0")/../integration/lib.sh"
#   x6_init fp                      # names from prefix x6i<tag><pid>, log dir, cleanup trap
#   t_ping_gets_reply() {           # a test: return 0 = PASS; x6_fail/x6_skip WHY; return
#           x6_daemon_ensure -a "$X6_ADDR_DUT/64" || { x6_fail "$X6_WHY"; return; }
#           x6_peer ping -6 -c 1 -W 2 "$X6_ADDR_DUT" >/dev/null || { x6_fail "no reply"; return; }
#   }
#   x6_main t_ping_gets_reply ...   # root check, binaries, x6_rig_up, runs each, summary, rc
#
# Variables (set by x6_init):
#   X6_ROOT X6_BUILD                repo root, build dir (absolute; $BUILD honoured)
#   X6_XDP6D X6_XDP6CTL X6_XDP_PASS the binaries under test
#   X6_NS_DUT X6_NS_PEER            network namespaces (/run/netns/NAME)
#   X6_IF_DUT X6_IF_PEER            the veth ends, or the renamed NICs (<= 15 chars; pin dir name)
#   X6_MAC_DUT X6_MAC_PEER          02:00:00:00:00:01 / 02:00:00:00:00:02
#   X6_ADDR_DUT X6_ADDR_PEER X6_PLEN 2001:db8::1 (what tests give xdp6d) / 2001:db8::ff (peer) / 64
#   X6_PIN_DIR                      /sys/fs/bpf/xdp6/$X6_IF_DUT
#   X6_LOGDIR                       per-script scratch dir (daemon logs, captures); kept on FAIL
#   X6_DAEMON_PID X6_DAEMON_LOG     running daemon (empty when none) and its stdout+stderr file
#   X6_DAEMON_RC                    exit status of the last daemon stopped by x6_daemon_stop
#   X6_WHY                          reason text of the last failing helper
#   X6_TIME_SCALE                   timeout factor; x6_wait and x6_t apply it, X6_*_TIMEOUT have it
# Functions: see the comment above each one.

X6_PY=/usr/bin/python3		# the Debian interpreter that has scapy (not the pyenv python3)
X6_TIME_SCALE=${X6_TIME_SCALE:-1}
[[ $X6_TIME_SCALE =~ ^[1-9][0-9]*$ ]] || X6_TIME_SCALE=1
X6_CTL_TIMEOUT=${X6_CTL_TIMEOUT:-$((10 * X6_TIME_SCALE))}	# s any single xdp6ctl call may take
X6_START_TIMEOUT=${X6_START_TIMEOUT:-$((15 * X6_TIME_SCALE))}	# s for xdp6d to answer its socket
X6_STOP_TIMEOUT=${X6_STOP_TIMEOUT:-$((10 * X6_TIME_SCALE))}	# s for xdp6d to exit after a signal
X6_STATE_TIMEOUT=${X6_STATE_TIMEOUT:-$((15 * X6_TIME_SCALE))}	# s for an address to reach a state

# x6_t SECONDS: print SECONDS (integer or decimal) times X6_TIME_SCALE, for a test's own timeouts
# and sleeps: ping -W "$(x6_t 2)", sleep "$(x6_t 0.5)".
x6_t()
{
	if [[ $1 =~ ^[0-9]+$ ]]; then
		echo $(($1 * X6_TIME_SCALE))
	else
		awk -v t="$1" -v s="$X6_TIME_SCALE" 'BEGIN { print t * s }'
	fi
}

# x6_init [TAG]: set the names above from the prefix x6i + TAG (0-3 chars) + $$, make the log dir,
# mount bpffs if the host has not (xdp6d and libxdp pin there), install the cleanup trap.
x6_init()
{
	local tag=${1:-}

	X6_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
	case ${BUILD:-build} in
	/*) X6_BUILD=${BUILD} ;;
	*) X6_BUILD=$X6_ROOT/${BUILD:-build} ;;
	esac
	X6_XDP6D=$X6_BUILD/xdp6d
	X6_XDP6CTL=$X6_BUILD/xdp6ctl
	X6_XDP_PASS=$X6_BUILD/xdp_pass.bpf.o
	X6_PREFIX=x6i$tag$$
	if [ ${#X6_PREFIX} -gt 14 ]; then
		echo "x6_init: prefix $X6_PREFIX too long for an interface name" >&2
		return 1
	fi
	X6_NS_DUT=${X6_PREFIX}d
	X6_NS_PEER=${X6_PREFIX}p
	X6_IF_DUT=${X6_PREFIX}d
	X6_IF_PEER=${X6_PREFIX}p
	X6_MAC_DUT=02:00:00:00:00:01
	X6_MAC_PEER=02:00:00:00:00:02
	X6_ADDR_DUT=2001:db8::1
	X6_ADDR_PEER=2001:db8::ff
	X6_PLEN=64
	X6_PIN_DIR=/sys/fs/bpf/xdp6/$X6_IF_DUT
	X6_DAEMON_PID=
	X6_DAEMON_WRAP=
	X6_DAEMON_ARGS=
	X6_DAEMON_LOG=
	X6_DAEMON_RC=
	X6_DAEMON_N=0
	X6_CAPTURES=
	X6_RIG_UP=0
	X6_FAILED=0
	X6_WHY=
	X6_LOGDIR=$(mktemp -d "/tmp/$X6_PREFIX.XXXXXX") || return 1
	trap x6_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

# x6_have_root: true when this shell can build namespaces.
x6_have_root()
{
	[ "$(id -u)" -eq 0 ]
}

# x6_bpffs: make sure /sys/fs/bpf is a bpffs (systemd mounts it on a normal host).
x6_bpffs()
{
	mountpoint -q /sys/fs/bpf && return 0
	mount -t bpf bpf /sys/fs/bpf 2>/dev/null || mountpoint -q /sys/fs/bpf
}

# x6_rig_up: create both namespaces and the veth pair with fixed MACs; DUT: IPv6 disabled on its
# veth (every answer must come from xdp6); peer: 2001:db8::ff/64, DAD off, native XDP pass
# program (veth delivers XDP_TX frames only to a peer running native XDP; generic is not enough).
# Returns 1 with X6_WHY set on failure.
x6_rig_up()
{
	local err=$X6_LOGDIR/rig.err

	case ${X6_RIG:-veth} in
	veth) ;;
	virtio) x6_rig_up_nics; return ;;
	*) X6_WHY="X6_RIG=$X6_RIG: want veth or virtio"; return 1 ;;
	esac
	x6_bpffs || { X6_WHY="cannot mount bpffs on /sys/fs/bpf"; return 1; }
	{
		ip netns add "$X6_NS_DUT" &&
		ip netns add "$X6_NS_PEER" &&
		X6_RIG_UP=1 &&
		ip link add "$X6_IF_DUT" netns "$X6_NS_DUT" address "$X6_MAC_DUT" \
			${X6_VETH_QUEUES:+numtxqueues $X6_VETH_QUEUES numrxqueues $X6_VETH_QUEUES} \
			type veth peer name "$X6_IF_PEER" netns "$X6_NS_PEER" \
			address "$X6_MAC_PEER" \
			${X6_VETH_QUEUES:+numtxqueues $X6_VETH_QUEUES numrxqueues $X6_VETH_QUEUES} &&
		{ [ -z "${X6_VETH_QUEUES:-}" ] ||
		  { x6_dut ethtool -L "$X6_IF_DUT" rx 1 tx 1 &&
		    x6_peer ethtool -L "$X6_IF_PEER" rx 1 tx 1; }; } &&
		ip -n "$X6_NS_DUT" link set lo up &&
		ip -n "$X6_NS_PEER" link set lo up &&
		ip netns exec "$X6_NS_DUT" sysctl -qw "net.ipv6.conf.$X6_IF_DUT.disable_ipv6=1" &&
		ip netns exec "$X6_NS_PEER" sysctl -qw "net.ipv6.conf.$X6_IF_PEER.accept_dad=0" &&
		ip -n "$X6_NS_PEER" addr add "$X6_ADDR_PEER/$X6_PLEN" dev "$X6_IF_PEER" nodad &&
		ip -n "$X6_NS_PEER" link set dev "$X6_IF_PEER" xdpdrv obj "$X6_XDP_PASS" sec xdp &&
		ip -n "$X6_NS_DUT" link set "$X6_IF_DUT" up &&
		ip -n "$X6_NS_PEER" link set "$X6_IF_PEER" up
	} >"$err" 2>&1 || {
		X6_WHY="rig setup failed: $(tail -n 3 "$err" | tr '\n' ' ')"
		return 1
	}
	# the peer's link-local comes up with the link; wait until it may be used as a source
	x6_wait 5 x6_peer_ll_ready || { X6_WHY="peer link-local never became usable"; return 1; }
	X6_PEER_LL=$(x6_peer_ll)
	return 0
}

# x6_rig_up_nics: x6_rig_up for X6_RIG=virtio: the NICs X6_RIG_DUT_IF and X6_RIG_PEER_IF (in our
# namespace, wired to each other) instead of a veth pair; same names, MACs, sysctls and peer
# address. No pass program on the peer: a real NIC delivers what the DUT sends with XDP_TX.
x6_rig_up_nics()
{
	local err=$X6_LOGDIR/rig.err

	x6_bpffs || { X6_WHY="cannot mount bpffs on /sys/fs/bpf"; return 1; }
	if [ -z "${X6_RIG_DUT_IF:-}" ] || [ -z "${X6_RIG_PEER_IF:-}" ] ||
	   [ ! -e "/sys/class/net/$X6_RIG_DUT_IF" ] ||
	   [ ! -e "/sys/class/net/$X6_RIG_PEER_IF" ]; then
		X6_WHY="X6_RIG=virtio: X6_RIG_DUT_IF='${X6_RIG_DUT_IF:-}' and"
		X6_WHY+=" X6_RIG_PEER_IF='${X6_RIG_PEER_IF:-}' must name two NICs"
		return 1
	fi
	X6_RIG_DUT_MAC0=$(cat "/sys/class/net/$X6_RIG_DUT_IF/address")
	X6_RIG_PEER_MAC0=$(cat "/sys/class/net/$X6_RIG_PEER_IF/address")
	{
		ip netns add "$X6_NS_DUT" &&
		ip netns add "$X6_NS_PEER" &&
		X6_RIG_UP=1 &&
		x6_nic_channels "$X6_RIG_DUT_IF" &&
		x6_nic_channels "$X6_RIG_PEER_IF" &&
		ip link set dev "$X6_RIG_DUT_IF" down &&
		ip link set dev "$X6_RIG_PEER_IF" down &&
		ip link set dev "$X6_RIG_DUT_IF" netns "$X6_NS_DUT" &&
		ip link set dev "$X6_RIG_PEER_IF" netns "$X6_NS_PEER" &&
		ip -n "$X6_NS_DUT" link set dev "$X6_RIG_DUT_IF" name "$X6_IF_DUT" \
			address "$X6_MAC_DUT" &&
		ip -n "$X6_NS_PEER" link set dev "$X6_RIG_PEER_IF" name "$X6_IF_PEER" \
			address "$X6_MAC_PEER" &&
		ip -n "$X6_NS_DUT" link set lo up &&
		ip -n "$X6_NS_PEER" link set lo up &&
		ip netns exec "$X6_NS_DUT" sysctl -qw "net.ipv6.conf.$X6_IF_DUT.disable_ipv6=1" &&
		ip netns exec "$X6_NS_PEER" sysctl -qw "net.ipv6.conf.$X6_IF_PEER.accept_dad=0" &&
		ip -n "$X6_NS_PEER" addr add "$X6_ADDR_PEER/$X6_PLEN" dev "$X6_IF_PEER" nodad &&
		ip -n "$X6_NS_DUT" link set "$X6_IF_DUT" up &&
		ip -n "$X6_NS_PEER" link set "$X6_IF_PEER" up
	} >"$err" 2>&1 || {
		X6_WHY="rig setup failed: $(tail -n 3 "$err" | tr '\n' ' ')"
		return 1
	}
	x6_wait 5 x6_peer_ll_ready || { X6_WHY="peer link-local never became usable"; return 1; }
	X6_PEER_LL=$(x6_peer_ll)
	return 0
}

# x6_nic_channels IF: at most (queues - possible CPUs) combined channels on a virtio-net NIC, so
# XDP_TX and redirect get a TX queue per CPU. With more, virtio-net warns "XDP_TX and
# XDP_REDIRECT will operate in a slower locked tx mode", and on 6.1 the first XDP_TX in that
# mode dereferenced NULL in virtnet_xdp_xmit. A NIC without channels (ethtool -l fails) is left
# alone.
x6_nic_channels()
{
	local max cur cpus want pick='p && /^Combined:/ { print $2; exit }'

	max=$(ethtool -l "$1" 2>/dev/null | awk "/^Pre-set/ { p = 1 } $pick")
	cur=$(ethtool -l "$1" 2>/dev/null | awk "/^Current/ { p = 1 } $pick")
	[[ $max =~ ^[0-9]+$ && $cur =~ ^[0-9]+$ ]] || return 0
	# nr_cpu_ids, for which virtio-net reserves XDP TX queues: the possible CPUs ("0-N")
	cpus=$(awk -F- '{ print ($NF ~ /^[0-9]+$/ ? $NF + 1 : 1) }' \
		/sys/devices/system/cpu/possible)
	want=$((max - cpus))
	if [ "$want" -lt 1 ]; then
		echo "x6_nic_channels: $1 has $max queues for $cpus CPUs: XDP_TX will be locked" >&2
		want=1
	fi
	[ "$cur" -le "$want" ] || ethtool -L "$1" combined "$want"
}

# x6_nics_give_back: x6_rig_down for X6_RIG=virtio: detach any XDP program, restore each NIC's
# name and MAC and move it back to our namespace (deleting the namespaces would move it back too,
# but under its test name and MAC).
x6_nics_give_back()
{
	local ns ifn orig mac

	for ns in dut peer; do
		if [ $ns = dut ]; then
			ns=$X6_NS_DUT ifn=$X6_IF_DUT orig=$X6_RIG_DUT_IF
			mac=${X6_RIG_DUT_MAC0:-}
		else
			ns=$X6_NS_PEER ifn=$X6_IF_PEER orig=$X6_RIG_PEER_IF
			mac=${X6_RIG_PEER_MAC0:-}
		fi
		ip -n "$ns" link show dev "$ifn" >/dev/null 2>&1 || continue
		ip -n "$ns" link set dev "$ifn" down
		ip -n "$ns" link set dev "$ifn" xdpgeneric off 2>/dev/null
		ip -n "$ns" link set dev "$ifn" xdpdrv off 2>/dev/null
		ip -n "$ns" link set dev "$ifn" name "$orig" ${mac:+address "$mac"} &&
			ip -n "$ns" link set dev "$orig" netns "/proc/$$/ns/net"
	done
}

x6_peer_ll()
{
	ip -n "$X6_NS_PEER" -6 -o addr show dev "$X6_IF_PEER" scope link |
		awk '{ sub("/.*", "", $4); print $4; exit }'
}

x6_peer_ll_ready()
{
	ip -n "$X6_NS_PEER" -6 -o addr show dev "$X6_IF_PEER" scope link |
		grep -v tentative | grep -q fe80
}

# x6_rig_down: stop the daemon and captures, delete the namespaces, remove our pin leftovers.
# Safe to call twice; runs from the EXIT trap.
x6_rig_down()
{
	local c

	[ -n "$X6_DAEMON_PID" ] && x6_daemon_stop TERM
	for c in $X6_CAPTURES; do x6_capture_stop "$c" >/dev/null 2>&1; done
	if [ "$X6_RIG_UP" = 1 ]; then
		x6_libxdp_leftovers_rm
		[ "${X6_RIG:-veth}" = virtio ] && x6_nics_give_back
		ip netns del "$X6_NS_DUT" 2>/dev/null
		ip netns del "$X6_NS_PEER" 2>/dev/null
		X6_RIG_UP=0
	fi
	[ -n "${X6_PIN_DIR:-}" ] && rm -rf "$X6_PIN_DIR"
	return 0
}

# libxdp keeps its dispatcher state in /sys/fs/bpf/xdp/dispatch-IFINDEX-PROGID; a daemon killed
# with SIGKILL cannot remove it. Only remove the one for the program on our DUT veth.
x6_libxdp_leftovers_rm()
{
	local ifindex progid

	ifindex=$(ip -n "$X6_NS_DUT" -o link show dev "$X6_IF_DUT" 2>/dev/null | cut -d: -f1)
	progid=$(ip -n "$X6_NS_DUT" -d link show dev "$X6_IF_DUT" 2>/dev/null |
		sed -n 's/.*prog\/xdp id \([0-9]*\).*/\1/p' | head -n 1)
	[ -n "$ifindex" ] && [ -n "$progid" ] &&
		rm -rf "/sys/fs/bpf/xdp/dispatch-$ifindex-$progid"
	return 0
}

x6_cleanup()
{
	x6_rig_down
	if [ "$X6_FAILED" = 0 ] && [ -z "${X6_KEEP_LOGS:-}" ]; then
		rm -rf "$X6_LOGDIR"
	else
		echo "# logs kept in $X6_LOGDIR" >&2
	fi
}

# x6_dut CMD...: run CMD in the DUT network namespace, sharing our mount namespace (so /sys/fs/bpf
# pins are the ones this script sees; `ip netns exec` would remount /sys).
x6_dut()
{
	nsenter --net="/run/netns/$X6_NS_DUT" "$@"
}

# x6_peer CMD...: run CMD in the peer network namespace.
x6_peer()
{
	ip netns exec "$X6_NS_PEER" "$@"
}

# x6_ctl ARGS...: xdp6ctl in the DUT namespace (its control socket is per network namespace),
# bounded by X6_CTL_TIMEOUT.
x6_ctl()
{
	timeout "$X6_CTL_TIMEOUT" nsenter --net="/run/netns/$X6_NS_DUT" "$X6_XDP6CTL" "$@"
}

# x6_wait SECONDS CMD...: run CMD every 0.1 s until it succeeds (0) or SECONDS (an integer) times
# X6_TIME_SCALE pass (1).
x6_wait()
{
	x6_wait_s $(($1 * X6_TIME_SCALE)) "${@:2}"
}

# x6_wait_s SECONDS CMD...: x6_wait for SECONDS already scaled (an X6_*_TIMEOUT).
x6_wait_s()
{
	local end=$((SECONDS + $1))

	shift
	while :; do
		"$@" && return 0
		[ "$SECONDS" -ge "$end" ] && return 1
		sleep 0.1
	done
}

# x6_pid_alive PID: the process exists and is not a zombie.
x6_pid_alive()
{
	local st

	st=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) || return 1
	[ -n "$st" ] && [ "$st" != Z ]
}

# x6_daemon_start [OPTIONS...]: start `xdp6d OPTIONS... $X6_IF_DUT` in the DUT namespace in the
# background and wait until its control socket answers `xdp6ctl addr show --json`. On failure
# (exited, or no answer within X6_START_TIMEOUT) returns 1 with X6_WHY set and nothing running.
x6_daemon_start()
{
	local end run=$X6_LOGDIR/daemon

	[ -n "$X6_DAEMON_PID" ] && x6_daemon_stop
	X6_DAEMON_N=$((X6_DAEMON_N + 1))
	X6_DAEMON_LOG=$X6_LOGDIR/xdp6d.$X6_DAEMON_N.log
	X6_DAEMON_ARGS="$*"
	echo "# xdp6d $* $X6_IF_DUT" >"$X6_DAEMON_LOG"
	rm -f "$run.pid" "$run.rc"
	# A wrapper subshell waits for the daemon and writes its exit status: the status survives,
	# and bash has no job of ours to report as "Killed" on stderr. nsenter execs xdp6d in place,
	# so the pid written is the daemon's own.
	(
		nsenter --net="/run/netns/$X6_NS_DUT" "$X6_XDP6D" "$@" "$X6_IF_DUT" \
			>>"$X6_DAEMON_LOG" 2>&1 </dev/null &
		echo $! >"$run.pid.new" && mv "$run.pid.new" "$run.pid"
		wait $!
		echo $? >"$run.rc"
	) 2>/dev/null &
	X6_DAEMON_WRAP=$!
	if ! x6_wait 5 test -s "$run.pid"; then
		X6_WHY="xdp6d wrapper did not start"
		return 1
	fi
	X6_DAEMON_PID=$(cat "$run.pid")
	end=$((SECONDS + X6_START_TIMEOUT))
	while :; do
		if ! x6_pid_alive "$X6_DAEMON_PID"; then
			x6_daemon_reap
			X6_WHY="xdp6d $* exited $X6_DAEMON_RC:"
			X6_WHY+=" $(tail -n 2 "$X6_DAEMON_LOG" | tr '\n' ' ')"
			return 1
		fi
		x6_ctl addr show --json >/dev/null 2>&1 && return 0
		if [ "$SECONDS" -ge "$end" ]; then
			x6_daemon_stop
			X6_WHY="xdp6d $* not answering xdp6ctl after ${X6_START_TIMEOUT}s"
			return 1
		fi
		sleep 0.1
	done
}

# x6_daemon_reap: collect the exited daemon's status into X6_DAEMON_RC; forget it.
x6_daemon_reap()
{
	wait "$X6_DAEMON_WRAP" 2>/dev/null
	X6_DAEMON_RC=$(cat "$X6_LOGDIR/daemon.rc" 2>/dev/null)
	X6_DAEMON_RC=${X6_DAEMON_RC:-255}
	X6_DAEMON_PID=
	X6_DAEMON_WRAP=
	X6_DAEMON_ARGS=
}

# x6_daemon_ensure [OPTIONS...]: x6_daemon_start unless a daemon with exactly these options runs.
x6_daemon_ensure()
{
	if [ -n "$X6_DAEMON_PID" ] && [ "$X6_DAEMON_ARGS" = "$*" ] &&
	   x6_pid_alive "$X6_DAEMON_PID"; then
		return 0
	fi
	x6_daemon_start "$@"
}

# x6_daemon_running: the daemon started by x6_daemon_start is still alive.
x6_daemon_running()
{
	[ -n "$X6_DAEMON_PID" ] && x6_pid_alive "$X6_DAEMON_PID"
}

# x6_daemon_stop [SIGNAL]: send SIGNAL (default TERM), wait up to X6_STOP_TIMEOUT for the daemon
# to exit, SIGKILL it after that, reap it. X6_DAEMON_RC = its exit status (128+n if killed).
# Returns 1 if it had to be killed.
x6_daemon_stop()
{
	local pid=$X6_DAEMON_PID end rc=0

	[ -z "$pid" ] && return 0
	kill -"${1:-TERM}" "$pid" 2>/dev/null
	end=$((SECONDS + X6_STOP_TIMEOUT))
	while x6_pid_alive "$pid" && [ "$SECONDS" -lt "$end" ]; do sleep 0.1; done
	if x6_pid_alive "$pid"; then
		kill -KILL "$pid" 2>/dev/null
		rc=1
	fi
	x6_daemon_reap
	return $rc
}

# x6_daemon_run ARGS...: run `xdp6d ARGS...` (exactly these, no interface added) in the
# foreground in the DUT namespace, bounded by 10 s (scaled). Its stdout and stderr land in
# $X6_LOGDIR/run.out and run.err. Returns its exit status (124 on timeout).
# X6_AS_NOBODY=1 runs it as uid/gid 65534 with no groups and no capabilities.
x6_daemon_run()
{
	local priv=()

	[ -n "${X6_AS_NOBODY:-}" ] &&
		priv=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all)
	timeout -k 2 "$(x6_t 10)" nsenter --net="/run/netns/$X6_NS_DUT" "${priv[@]}" \
		"$X6_XDP6D" "$@" \
		>"$X6_LOGDIR/run.out" 2>"$X6_LOGDIR/run.err" </dev/null
}

# x6_xdp_attached: an XDP program is attached to the DUT veth (any mode).
x6_xdp_attached()
{
	ip -n "$X6_NS_DUT" link show dev "$X6_IF_DUT" | grep -q 'xdp'
}

# x6_pinned: something is pinned under /sys/fs/bpf/xdp6/$X6_IF_DUT.
x6_pinned()
{
	[ -e "$X6_PIN_DIR" ]
}

# x6_json 'PY' < JSON: evaluate the Python statements PY with the parsed JSON in `j`;
# `ok(cond, why)` exits 1 printing why when cond is false. Prints what PY prints.
x6_json()
{
	"$X6_PY" -c '
import json, sys, ipaddress
j = json.load(sys.stdin)
def ok(c, why):
    if not c:
        print(why)
        sys.exit(1)
def same_addr(a, b):
    try:
        return ipaddress.ip_address(str(a).split("%")[0]) == ipaddress.ip_address(str(b))
    except ValueError:
        return False
'"$1" 2>&1
}

# Python shared by the JSON readers below: find addresses and counters in xdp6ctl's --json.
X6_PY_JSON='
import json, sys, ipaddress
def same_addr(a, b):
    try:
        return ipaddress.ip_address(str(a).split("%")[0]) == ipaddress.ip_address(str(b))
    except ValueError:
        return False
def addrs(j, ifname):
    return [a for a in j if isinstance(a, dict) and a.get("ifname") == ifname]
'

# x6_addr_json: `xdp6ctl addr show --json` (stdout), fails if the daemon does not answer.
x6_addr_json()
{
	x6_ctl addr show --json 2>"$X6_LOGDIR/ctl.err"
}

# x6_addr_field ADDR FIELD: print FIELD (state, origin, prefixlen, ...) of ADDR on the DUT
# veth from `xdp6ctl addr show --json`; fails (prints nothing) if ADDR is not listed.
x6_addr_field()
{
	x6_addr_json | "$X6_PY" -c "$X6_PY_JSON"'
j = json.load(sys.stdin)
for a in addrs(j, sys.argv[1]):
    if same_addr(a.get("addr"), sys.argv[2]):
        print(a.get(sys.argv[3]))
        sys.exit(0)
sys.exit(1)
' "$X6_IF_DUT" "$1" "$2" 2>/dev/null
}

# x6_addr_with ORIGIN [STATE]: print the first address on the DUT veth with this origin (and
# state), e.g. the generated link-local: x6_addr_with link-local preferred.
x6_addr_with()
{
	x6_addr_json | "$X6_PY" -c "$X6_PY_JSON"'
j = json.load(sys.stdin)
for a in addrs(j, sys.argv[1]):
    if a.get("origin") == sys.argv[2] and (len(sys.argv) < 4 or a.get("state") == sys.argv[3]):
        print(a.get("addr"))
        sys.exit(0)
sys.exit(1)
' "$X6_IF_DUT" "$@" 2>/dev/null
}

# x6_wait_addr ADDR STATE [SECONDS]: wait until `xdp6ctl addr show --json` lists ADDR on the
# DUT veth in STATE (tentative|preferred|deprecated|duplicate), or `absent` for not listed.
x6_wait_addr()
{
	local addr=$1 want=$2 t=$X6_STATE_TIMEOUT

	[ -n "${3:-}" ] && t=$(($3 * X6_TIME_SCALE))
	if x6_wait_s "$t" x6_addr_is "$addr" "$want"; then
		return 0
	fi
	X6_WHY="$addr not $want after ${t}s (state: $(x6_addr_field "$addr" state || echo absent))"
	return 1
}

x6_addr_is()
{
	local st

	st=$(x6_addr_field "$1" state)
	if [ "$2" = absent ]; then
		[ -z "$st" ] && x6_addr_json >/dev/null
	else
		[ "$st" = "$2" ]
	fi
}

# x6_stats_json: `xdp6ctl stats --json`.
x6_stats_json()
{
	x6_ctl stats --json 2>"$X6_LOGDIR/ctl.err"
}

# x6_stat NAME...: print the packet count of each stats reason NAME on the DUT veth, one per
# line, from `xdp6ctl stats --json`; fails if a name is not in the output.
x6_stat()
{
	x6_stats_json | x6_stat_pick "$@"
}

# x6_stat_pick NAME... < STATS_JSON: the lookup of x6_stat on saved JSON. The format (xdp6ctl
# --help): [{"ifname": IF, "xdp": {REASON: {"packets": N, "bytes": N}}, "daemon": {REASON: N}}];
# XDP reasons give their packets.
x6_stat_pick()
{
	"$X6_PY" -c '
import json, sys
j = json.load(sys.stdin)
ifs = [e for e in j if isinstance(e, dict) and e.get("ifname") == sys.argv[1]]
if len(ifs) != 1:
    sys.exit("xdp6ctl stats --json: %d entries for %s" % (len(ifs), sys.argv[1]))
e = ifs[0]
for name in sys.argv[2:]:
    x, d = e.get("xdp", {}), e.get("daemon", {})
    if name in x:
        print(x[name]["packets"])
    elif name in d:
        print(d[name])
    else:
        sys.exit("stats reason %s not in xdp6ctl stats --json" % name)
' "$X6_IF_DUT" "$@"
}

# x6_stat_delta BEFORE_FILE NAME: print stat NAME now minus its value in BEFORE_FILE (a saved
# x6_stats_json).
x6_stat_delta()
{
	local a b

	a=$(x6_stat_pick "$2" <"$1") || return 1
	b=$(x6_stat "$2") || return 1
	echo $((b - a))
}

# Python prelude for x6_scapy: names of the rig and small helpers.
X6_PY_SCAPY='
import os, sys, time, threading, random
from scapy.all import *
conf.verb = 0
IF = os.environ["X6_IF_PEER"]
DUT_MAC = os.environ["X6_MAC_DUT"]
PEER_MAC = os.environ["X6_MAC_PEER"]
DUT_ADDR = os.environ["X6_ADDR_DUT"]
PEER_ADDR = os.environ["X6_ADDR_PEER"]
PEER_LL = os.environ.get("X6_PEER_LL", "")
SCALE = int(os.environ.get("X6_TIME_SCALE", "1"))	# X6_TIME_SCALE: timeouts and waits
def solnode(a):
    "solicited-node multicast address of a (RFC 4291 2.7.1)"
    return inet_ntop(socket.AF_INET6, in6_getnsma(inet_pton(socket.AF_INET6, a)))
def solnode_mac(a):
    return in6_getnsmac(inet_pton(socket.AF_INET6, a))
def from_dut(p):
    return Ether in p and p[Ether].src.lower() == DUT_MAC
def exchange(pkts, wait=1.0, lfilter=from_dut):
    "send pkts on IF, return the frames matching lfilter seen up to wait s (scaled) after sending"
    ready = threading.Event()
    s = AsyncSniffer(iface=IF, lfilter=lfilter, store=True, started_callback=ready.set)
    s.start()
    ready.wait(5 * SCALE)
    sendp(pkts, iface=IF)
    time.sleep(wait * SCALE)
    return s.stop() or []
def fail(why):
    print(why)
    sys.exit(1)
def csum6(src, dst, nh, body):
    "RFC 8200 8.1 upper-layer checksum; src, dst: 16 raw bytes, body with its checksum zeroed"
    import array, struct
    data = src + dst + struct.pack("!IxxxB", len(body), nh) + body
    if len(data) % 2:
        data += b"\0"
    w = array.array("H", data)
    if sys.byteorder == "little":
        w.byteswap()
    t = sum(w)
    while t >> 16:
        t = (t & 0xffff) + (t >> 16)
    return (~t) & 0xffff
'

# x6_scapy 'PY': run the Python statements PY with scapy in the peer namespace, after the prelude
# above (IF, DUT_MAC, PEER_MAC, DUT_ADDR, PEER_ADDR, PEER_LL, solnode(), solnode_mac(),
# from_dut(), exchange(pkts, wait), fail(why), csum6(src, dst, nh, body), SCALE). Bounded by
# X6_SCAPY_TIMEOUT (30 s) times X6_TIME_SCALE.
# Prints what PY prints; returns its exit status.
x6_scapy()
{
	X6_IF_PEER=$X6_IF_PEER X6_MAC_DUT=$X6_MAC_DUT X6_MAC_PEER=$X6_MAC_PEER \
	X6_ADDR_DUT=$X6_ADDR_DUT X6_ADDR_PEER=$X6_ADDR_PEER X6_PEER_LL=${X6_PEER_LL:-} \
	X6_TIME_SCALE=$X6_TIME_SCALE \
		timeout -k 2 "$(x6_t "${X6_SCAPY_TIMEOUT:-30}")" ip netns exec "$X6_NS_PEER" \
		"$X6_PY" -c "$X6_PY_SCAPY$1" 2>&1
}

# x6_scapy_send 'PKTS': send the scapy expression PKTS (frames, with Ether) from the peer.
x6_scapy_send()
{
	x6_scapy "sendp($1, iface=IF)"
}

# x6_scapy_sniff 'PKTS' [WAIT]: send PKTS from the peer and print one line per frame from the
# DUT MAC seen within WAIT s (default 1, scaled): the frame as hex (parse it with
# Ether(bytes.fromhex()).
x6_scapy_sniff()
{
	x6_scapy "
for p in exchange($1, wait=${2:-1}):
    print(bytes(p).hex())
"
}

# x6_capture_start NAME [FILTER...]: tcpdump on the peer veth into $X6_LOGDIR/NAME.pcap; returns
# once tcpdump is listening. Stop it with x6_capture_stop NAME before reading the file.
x6_capture_start()
{
	local name=$1 pid

	shift
	ip netns exec "$X6_NS_PEER" tcpdump -Z root -U --immediate-mode -n -i "$X6_IF_PEER" \
		-w "$X6_LOGDIR/$name.pcap" "$@" 2>"$X6_LOGDIR/$name.tcpdump" &
	pid=$!
	eval "X6_CAP_$name=$pid"
	X6_CAPTURES="$X6_CAPTURES $name"
	if ! x6_wait 10 grep -qs 'listening on' "$X6_LOGDIR/$name.tcpdump"; then
		X6_WHY="tcpdump did not start: $(head -c 200 "$X6_LOGDIR/$name.tcpdump")"
		x6_capture_stop "$name"
		return 1
	fi
}

# x6_capture_stop NAME: stop the capture, wait for tcpdump to flush; prints the pcap path.
x6_capture_stop()
{
	local name=$1 pid

	eval "pid=\${X6_CAP_$name:-}"
	if [ -n "$pid" ]; then
		kill -INT "$pid" 2>/dev/null
		x6_wait 5 eval "! x6_pid_alive $pid" || kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		eval "X6_CAP_$name="
		X6_CAPTURES=${X6_CAPTURES/ $name/}
	fi
	echo "$X6_LOGDIR/$name.pcap"
}

# x6_tshark PCAP DISPLAY_FILTER FIELD...: print FIELDs (tab separated) of each packet matching
# DISPLAY_FILTER, decoded by tshark (independent of the code under test).
x6_tshark()
{
	local pcap=$1 filt=$2 f args=()

	shift 2
	for f in "$@"; do args+=(-e "$f"); done
	timeout "$(x6_t 30)" tshark -n -r "$pcap" -Y "$filt" -T fields "${args[@]}" 2>/dev/null
}

# Test outcome helpers: a test function returns 0 for PASS; for FAIL/SKIP it calls
#   x6_fail "why"; return       (or: cmd || { x6_fail "why"; return; })
#   x6_skip "why"; return
x6_fail()
{
	X6_WHY="$*"
	X6_OUTCOME=FAIL
	return 1
}

x6_skip()
{
	X6_WHY="$*"
	X6_OUTCOME=SKIP
	return 2
}

# x6_run_tests NAME...: run each test function, print `PASS name`, `FAIL name: why` or
# `SKIP name: why`. A failing test never stops the others. Sets X6_NPASS/X6_NFAIL/X6_NSKIP.
x6_run_tests()
{
	local t rc

	for t in "$@"; do
		X6_WHY=
		X6_OUTCOME=
		"$t"
		rc=$?
		if [ "$rc" -eq 0 ] && [ -z "$X6_OUTCOME" ]; then
			echo "PASS $t"
			X6_NPASS=$((X6_NPASS + 1))
		elif [ "$X6_OUTCOME" = SKIP ] || [ "$rc" -eq 2 ]; then
			echo "SKIP $t: ${X6_WHY:-skipped}"
			X6_NSKIP=$((X6_NSKIP + 1))
		else
			echo "FAIL $t: ${X6_WHY:-returned $rc}"
			X6_NFAIL=$((X6_NFAIL + 1))
			X6_FAILED=1
		fi
	done
}

# x6_report_all OUTCOME WHY NAME...: one OUTCOME line per test when none of them can run.
x6_report_all()
{
	local o=$1 why=$2 t

	shift 2
	for t in "$@"; do
		echo "$o $t: $why"
		case $o in
		FAIL) X6_NFAIL=$((X6_NFAIL + 1)); X6_FAILED=1 ;;
		SKIP) X6_NSKIP=$((X6_NSKIP + 1)) ;;
		esac
	done
}

# x6_main NAME...: the whole script: needs root (else SKIP all), the binaries (else FAIL all,
# `make all` builds them), the rig (else FAIL all); runs the tests, prints
# `N passed, N failed, N skipped`, returns 1 if any failed.
x6_main()
{
	local f

	X6_NPASS=0 X6_NFAIL=0 X6_NSKIP=0
	if ! x6_have_root; then
		x6_report_all SKIP "needs root for network namespaces" "$@"
	else
		for f in "$X6_XDP6D" "$X6_XDP6CTL" "$X6_XDP_PASS"; do
			[ -e "$f" ] && continue
			x6_report_all FAIL "${f#"$X6_ROOT"/} missing (make all builds it)" "$@"
			break
		done
		if [ $((X6_NPASS + X6_NFAIL + X6_NSKIP)) -eq 0 ]; then
			if x6_rig_up; then
				x6_run_tests "$@"
			else
				x6_report_all FAIL "$X6_WHY" "$@"
			fi
		fi
	fi
	echo "$X6_NPASS passed, $X6_NFAIL failed, $X6_NSKIP skipped"
	[ "$X6_NFAIL" -eq 0 ]
}

# ---- ping from the peer (shared by the test scripts) ----

# x6_ping ADDR [ping options]: ping ADDR from the peer kernel, 20 s at most; the output in
# $PING_OUT, ping's exit status returned.
x6_ping()
{
	local a=$1

	shift
	PING_OUT=$(x6_peer timeout 20 ping -6 -n "$@" "$a" 2>&1)
}

# x6_ping_received [OUTPUT]: "N received" of ping OUTPUT (default: the last x6_ping).
x6_ping_received()
{
	echo "${1:-$PING_OUT}" | sed -n 's/.* \([0-9]*\) received.*/\1/p'
}
