#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# `make test-vm`, host side (DESIGN.md "Second rig"): boots Debian 12's stock kernel under qemu
# (TCG) on this machine's own / (9p, read-only, tmpfs overlay in the guest), with two multi-queue
# virtio-net NICs whose taps are bridged in a network namespace of this rig's own, and runs
# tests/vm/guest.sh inside. Prints the guest's PASS/FAIL/SKIP lines as they come and ends with
# `N passed, N failed, N skipped`; exits non-zero on a failure or when the guest did not finish.
#
#   X6_VM_STEPS="verify integration compose outside"  what the guest runs (guest.sh's steps)
#   X6_VM_SUITES="tests/integration/10_fastpath.sh ..."  the integration scripts run inside
#   X6_VM_TIMEOUT=2700  seconds for the whole VM run      X6_TIME_SCALE=6  rig timeout factor
# build/vm/out keeps what the guest left: console.log, guest.log, test.log, dmesg.log, verifier.log
# and logs/ (the dirs of failing scripts).
set -u
cd "$(dirname "$0")/../.."
REPO=$(pwd)
case ${BUILD:-build} in
/*) B=$BUILD ;;
*) B=$REPO/${BUILD:-build} ;;
esac
VM=$B/vm
KDIR=$VM/kernel
OUT=$VM/out
NS=x6vm$$
# qemu's tap queues per NIC and the guest's vCPUs: virtio-net gives XDP_TX its own queues only
# while combined channels <= queues - vCPUs (the guest keeps combined at 2); past that it uses a
# locked TX mode, in which 6.1's first XDP_TX panicked the guest (virtnet_xdp_xmit).
QUEUES=4
VCPUS=2
TIMEOUT=${X6_VM_TIMEOUT:-2700}

say() { echo "$*"; }
fail_all() { echo "FAIL vm: $*"; echo; echo "0 passed, 1 failed, 0 skipped"; exit 1; }

if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP vm: needs root"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi
command -v qemu-system-x86_64 >/dev/null || fail_all "qemu-system-x86_64 missing (make deps-vm)"
[ -x /bin/busybox ] || fail_all "busybox missing (make deps-vm installs busybox-static)"
[ -s "$KDIR/kver" ] || fail_all "no unpacked kernel in $KDIR (make deps-vm)"
KVER=$(cat "$KDIR/kver")

# The initramfs: static busybox, the modules that reach the 9p root, and tests/vm/init.
build_initramfs()
{
	local d=$VM/initramfs m

	rm -rf "$d" && mkdir -p "$d/bin" "$d/modules" "$d/proc" "$d/sys" "$d/dev" || return 1
	cp /bin/busybox "$d/bin/busybox" && cp tests/vm/init "$d/init" && chmod 755 "$d/init" ||
		return 1
	: >"$d/modules.order"
	for m in virtio_pci 9pnet_virtio 9p overlay; do
		modprobe -d "$KDIR" -S "$KVER" --show-depends "$m" |
			awk '$1 == "insmod" { print $2 }'
	done | awk '!seen[$0]++' | while read -r m; do
		cp "$m" "$d/modules/" && basename "$m" >>"$d/modules.order"
	done
	[ -s "$d/modules.order" ] || return 1
	(cd "$d" && find . | cpio -o -H newc --quiet) >"$VM/initramfs.cpio"
}

net_up()
{
	ip netns add "$NS" &&
	ip -n "$NS" link set lo up &&
	ip -n "$NS" link add br0 type bridge stp_state 0 forward_delay 0 mcast_snooping 0 &&
	ip netns exec "$NS" sysctl -qw net.ipv6.conf.default.disable_ipv6=1 &&
	ip netns exec "$NS" sysctl -qw net.ipv6.conf.br0.disable_ipv6=1 &&
	ip -n "$NS" tuntap add dev tap0 mode tap multi_queue &&
	ip -n "$NS" tuntap add dev tap1 mode tap multi_queue &&
	ip -n "$NS" link set tap0 master br0 &&
	ip -n "$NS" link set tap1 master br0 &&
	ip -n "$NS" link set tap0 up &&
	ip -n "$NS" link set tap1 up &&
	ip -n "$NS" link set br0 up
}

# The peer outside the VM (tests/vm/outside.sh): the guest writes out/outside.req "WHAT DUT_ADDR
# HOST_ADDR N"; this side runs it from the bridge in our namespace and writes out/outside.res.
# Only documentation addresses (2001:db8::/32) inside our own namespace are ever used.
outside_run()
{
	local what=$1 dut=$2 host=$3 n=$4

	[[ $what == ping-ndisc6 && $dut =~ ^2001:db8:[0-9a-f:]*$ &&
	   $host =~ ^2001:db8:[0-9a-f:]*$ && $n =~ ^[0-9]{1,2}$ ]] ||
		{ echo "bad request: $*"; return 1; }
	ip netns exec "$NS" sysctl -qw net.ipv6.conf.br0.accept_dad=0
	ip netns exec "$NS" sysctl -qw net.ipv6.conf.br0.disable_ipv6=0
	ip -n "$NS" addr add "$host/64" dev br0 nodad
	# -w: wait for every reply (with -c alone ping gives up on the last one after two RTTs)
	ip netns exec "$NS" ping -6 -c "$n" -i 0.2 -w 15 "$dut"
	ip netns exec "$NS" ndisc6 -1 -n -r 3 -w 1000 "$dut" br0
	ip -n "$NS" addr del "$host/64" dev br0
	ip netns exec "$NS" sysctl -qw net.ipv6.conf.br0.disable_ipv6=1
}

serve_outside()
{
	local req=$OUT/outside.req a

	while kill -0 "$1" 2>/dev/null; do
		if [ -e "$req" ]; then
			read -r -a a <"$req"
			rm -f "$req"
			outside_run "${a[@]}" >"$OUT/outside.res.new" 2>&1
			mv "$OUT/outside.res.new" "$OUT/outside.res"
		fi
		sleep 0.5
	done
}

cleanup()
{
	[ -n "${QPID:-}" ] && kill "$QPID" 2>/dev/null
	[ -n "${TPID:-}" ] && kill "$TPID" 2>/dev/null
	[ -n "${SPID:-}" ] && kill "$SPID" 2>/dev/null
	ip netns del "$NS" 2>/dev/null
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

rm -rf "$OUT" && mkdir -p "$OUT" || fail_all "cannot make $OUT"
build_initramfs || fail_all "cannot build the initramfs"
net_up >"$OUT/net.err" 2>&1 || fail_all "host namespace setup failed: $(tail -n 2 "$OUT/net.err")"

# What the guest runs, read by guest.sh from the "out" share.
{
	echo "X6_VM_STEPS='${X6_VM_STEPS:-verify integration compose outside}'"
	echo "X6_VM_SUITES='${X6_VM_SUITES:-}'"
	echo "X6_TIME_SCALE=${X6_TIME_SCALE:-6}"
	echo "X6_VM_QUEUES=$QUEUES"
	echo "BUILD=$B"
} >"$OUT/cmd"
: >"$OUT/test.log"

nic()
{
	echo "-netdev tap,id=n$1,ifname=tap$1,script=no,downscript=no,vhost=off,queues=$QUEUES" \
	     "-device virtio-net-pci,netdev=n$1,mq=on,vectors=$((2 * QUEUES + 2)),mac=$2"
}

CMDLINE="console=ttyS0 panic=-1 quiet x6repo=$REPO x6script=tests/vm/guest.sh"
CMDLINE+=" x6mods=$KDIR/lib/modules"
start=$SECONDS
# -accel tcg,thread=single: both vCPUs on one host thread, so the VM takes one core of the two.
# shellcheck disable=SC2046
nsenter --net="/run/netns/$NS" timeout -k 10 "$TIMEOUT" qemu-system-x86_64 \
	-nodefaults -no-reboot -display none -monitor none \
	-accel tcg,thread=single -cpu max -smp "$VCPUS" -m 2048 \
	-kernel "$KDIR/vmlinuz" -initrd "$VM/initramfs.cpio" \
	-append "$CMDLINE" \
	-serial "file:$OUT/console.log" \
	-fsdev local,id=root,path=/,security_model=none,readonly=on,multidevs=remap \
	-device virtio-9p-pci,fsdev=root,mount_tag=root \
	-fsdev "local,id=out,path=$OUT,security_model=none" \
	-device virtio-9p-pci,fsdev=out,mount_tag=out \
	$(nic 0 52:54:00:06:00:01) $(nic 1 52:54:00:06:00:02) \
	>"$OUT/qemu.log" 2>&1 &
QPID=$!
tail -n +1 -f --pid="$QPID" "$OUT/test.log" &
TPID=$!
serve_outside "$QPID" &
SPID=$!
wait "$QPID"
qrc=$?
QPID=
wait "$TPID" "$SPID" 2>/dev/null
TPID= SPID=
echo "# VM ran $((SECONDS - start)) s (qemu exit $qrc)"

passed=$(grep -c '^PASS ' "$OUT/test.log")
failed=$(grep -c '^FAIL ' "$OUT/test.log")
skipped=$(grep -c '^SKIP ' "$OUT/test.log")
if [ ! -e "$OUT/done" ]; then
	echo "FAIL vm: the guest did not finish (qemu exit $qrc); console.log ends:"
	tail -n 30 "$OUT/console.log" | sed 's/^/#   /'
	tail -n 5 "$OUT/qemu.log" | sed 's/^/#   /'
	failed=$((failed + 1))
fi
if [ "$failed" -gt 0 ]; then
	echo
	echo "Failures:"
	grep '^FAIL ' "$OUT/test.log"
	echo "# guest logs: $OUT"
fi
echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
