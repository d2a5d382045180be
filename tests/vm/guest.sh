#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# `make test-vm`, guest side: PID 1 after tests/vm/init's switch_root, on the stock 6.1 kernel.
# Mounts what the tests need, loads the drivers, finds the two virtio-net NICs (by the permanent
# MACs tests/vm/run.sh gave them), runs the steps named in the "out" share's cmd file with their
# PASS/FAIL/SKIP lines going to out/test.log, then writes out/done and powers off.
#   verify       bpftool loads build/xdp6.bpf.o (the 6.1 verifier), then the BPF unit tests
#                (test_xdp's BPF_PROG_TEST_RUN fixtures, test_csum) on 6.1
#   integration  $X6_VM_SUITES (default tests/integration/[0-9]*.sh) on the virtio rig
#   compose      tests/vm/compose.sh: xdp6 beside xdp-filter and xdp-loader (libxdp dispatcher)
#   outside      tests/vm/outside.sh: the peer is the host side (run.sh answers its requests)
#   sh:/PATH     any script (experiments; DUT_IF and PEER_IF are exported)
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8 TERM=dumb
OUT=/run/x6vm/out
REPO=$(cd "$(dirname "$0")/../.." && pwd)
cd "$REPO" || exit 1		# X6_VM_SUITES may name scripts relative to the repository
DUT_PERM=52:54:00:06:00:01	# tests/vm/run.sh's -device ... mac=
PEER_PERM=52:54:00:06:00:02
export DUT_IF=vmdut PEER_IF=vmpeer

poweroff_now()
{
	sync
	echo o >/proc/sysrq-trigger
	sleep 30
}

mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t tmpfs -o mode=0755 tmpfs /run
# A fresh /tmp for the tests, but a repository that lives under the host's /tmp (a CI clone)
# stays reachable at its path.
case $REPO/ in
/tmp/*/) keep=${REPO#/tmp/} keep=/tmp/${keep%%/*} ;;
*) keep= ;;
esac
[ -n "$keep" ] && mkdir -p /run/x6vm/keep && mount --bind "$keep" /run/x6vm/keep
mount -t tmpfs -o mode=1777 tmpfs /tmp
[ -n "$keep" ] && mkdir -p "$keep" && mount --move /run/x6vm/keep "$keep"
mkdir -p /dev/pts /dev/shm "$OUT"
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t bpf bpf /sys/fs/bpf
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null
if ! mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 out "$OUT"; then
	echo "guest: cannot mount the out share" >/dev/console
	poweroff_now
fi
exec >>"$OUT/guest.log" 2>&1
LOG=$OUT/test.log
echo "guest: up at $(cut -d' ' -f1 /proc/uptime) s, kernel $(uname -r)"
hostname x6vm
ip link set lo up
# shellcheck disable=SC1091
. "$OUT/cmd"
export BUILD X6_TIME_SCALE
B=$BUILD

say() { echo "$*" >>"$LOG"; }

# The NIC whose permanent address is $1, in our namespace.
nic_by_perm()
{
	local d

	for d in /sys/class/net/*; do
		ethtool -P "${d##*/}" 2>/dev/null | grep -qi "$1\$" &&
			{ echo "${d##*/}"; return 0; }
	done
	return 1
}

# Both NICs back in our namespace under their rig names and permanent MACs, no XDP, down: what a
# test script killed before its cleanup left behind is undone here.
nics_reset()
{
	local ns n perm name i

	for ns in $(ip netns list | awk '{ print $1 }'); do ip netns del "$ns"; done
	for perm in "$DUT_PERM $DUT_IF" "$PEER_PERM $PEER_IF"; do
		set -- $perm
		for i in $(seq 50); do n=$(nic_by_perm "$1") && break; sleep 0.1; done
		[ -n "$n" ] || { say "FAIL vm_nics: no NIC with permanent address $1"; return 1; }
		ip link set dev "$n" down
		ip link set dev "$n" xdpgeneric off 2>/dev/null
		ip link set dev "$n" xdpdrv off 2>/dev/null
		[ "$n" = "$2" ] || ip link set dev "$n" name "$2" || return 1
		ip link set dev "$2" address "$1"
	done
}

# run_one NAME CMD...: one test program, its lines appended to the log; a non-zero exit without a
# FAIL line counts as a failure (as tests/run.sh does).
run_one()
{
	local what=$1 before after rc t0=$SECONDS

	shift
	say "== $what"
	before=$(grep -c '^FAIL ' "$LOG")
	"$@" 2>&1 </dev/null >>"$LOG"
	rc=$?
	after=$(grep -c '^FAIL ' "$LOG")
	[ "$rc" -ne 0 ] && [ "$after" -eq "$before" ] &&
		say "FAIL $what: exited $rc without a FAIL line"
	say "# $what: $((SECONDS - t0)) s"
	# logs the rig kept (a failing script keeps its /tmp/x6i* dir) go back to the host
	for d in /tmp/x6i*; do
		[ -d "$d" ] && mkdir -p "$OUT/logs" && cp -r "$d" "$OUT/logs/" && rm -rf "$d"
	done
}

step_verify()
{
	local err=$OUT/verifier.log

	say "== verifier"
	rm -rf /sys/fs/bpf/x6verify
	if bpftool prog loadall "$B/xdp6.bpf.o" /sys/fs/bpf/x6verify type xdp >"$err" 2>&1; then
		say "PASS verifier_$(uname -r | cut -d. -f1,2 | tr . _)_loads_xdp6_bpf_o"
	else
		say "FAIL verifier_$(uname -r | cut -d. -f1,2 | tr . _)_loads_xdp6_bpf_o:" \
		    "$(grep -v '^$' "$err" | grep -v 'END PROG LOAD LOG' | tail -n 4 | tr '\n' ' ')"
		grep -B 30 'END PROG LOAD LOG' "$err" | sed 's/^/# /' >>"$LOG"
	fi
	rm -rf /sys/fs/bpf/x6verify
	run_one "$B/test_csum" "$B/test_csum"
	run_one "$B/test_xdp" "$B/test_xdp"
}

step_suites()
{
	local s

	for s in ${X6_VM_SUITES:-$REPO/tests/integration/[0-9]*.sh}; do
		nics_reset || return
		run_one "$s" env X6_RIG=virtio X6_RIG_DUT_IF="$DUT_IF" X6_RIG_PEER_IF="$PEER_IF" \
			bash "$s"
	done
}

step_script()
{
	nics_reset || return
	run_one "$1" env X6_RIG=virtio X6_RIG_DUT_IF="$DUT_IF" X6_RIG_PEER_IF="$PEER_IF" \
		X6_VM_OUT="$OUT" bash "$REPO/$1"
}

modprobe virtio_net
modprobe veth
modprobe tun
say "# guest $(uname -r), $(nproc) vCPUs, X6_TIME_SCALE=$X6_TIME_SCALE"
if nics_reset; then
	for s in $X6_VM_STEPS; do
		case $s in
		verify) step_verify ;;
		integration) step_suites ;;
		compose) step_script tests/vm/compose.sh ;;
		outside) step_script tests/vm/outside.sh ;;
		sh:/*) nics_reset && run_one "${s#sh:}" bash "${s#sh:}" ;;	# experiments
		*) say "FAIL vm_step_$s: unknown step" ;;
		esac
	done
fi
dmesg >"$OUT/dmesg.log"
echo "guest: done at $(cut -d' ' -f1 /proc/uptime) s"
: >"$OUT/done"
poweroff_now
