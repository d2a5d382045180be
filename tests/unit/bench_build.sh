#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# `make bench` is not part of `make test`, but its code is: the bench programs and driver build
# (a fast-path header change that breaks them fails here, not in the next benchmark), the
# required-work floor (tests/bench/min_echo.bpf.c bench_rfcfloor) answers scapy's Echo Request
# and NS with replies scapy re-checksums to the same value (tests/bench/rfcfloor_check.py), and
# the profile stage's two tools run (xdp6bench jitlines on a loaded program, profile.py).
cd "$(dirname "$0")/../.."
B=${BUILD:-build}
PY=/usr/bin/python3

if make -s BUILD="$B" bench-build >/dev/null 2>&1; then
	echo "PASS bench_programs_and_driver_build"
else
	echo "FAIL bench_programs_and_driver_build: make bench-build failed"
	exit 1
fi
if out=$($PY tests/bench/rfcfloor_check.py "$B/bench/min_echo.bpf.o" 2>&1); then
	echo "PASS bench_rfcfloor_replies_checked_by_scapy"
else
	echo "$out" | grep -v '^ok ' | sed 's/^/  /'
	echo "FAIL bench_rfcfloor_replies_checked_by_scapy"
fi

# jitlines on a program loaded for the purpose, then profile.py on a made-up perf line that
# falls on its first record
pin=/sys/fs/bpf/x6_jitlines_$$	# bpffs names take no dots
mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
if bpftool prog load "$B/bench/min_echo.bpf.o" "$pin" type xdp 2>/dev/null; then
	id=$(bpftool prog show pinned "$pin" | sed -n 's/^\([0-9]*\): .*/\1/p')
	lines=$("$B/bench/xdp6bench" jitlines "$id" 2>&1)
	rm -f "$pin"
	first=$(printf '%s\n' "$lines" | head -1)
	if [[ $first =~ ^[0-9a-f]+$'\t'min_echo\.bpf\.c:[0-9]+$'\t' ]]; then
		echo "PASS bench_jitlines_maps_jit_offsets_to_source_lines"
	else
		echo "FAIL bench_jitlines_maps_jit_offsets_to_source_lines: got '${first:0:120}'"
	fi
	printf '%s\n' "$lines" >"/tmp/x6-jitlines.$$"
	prof=$(printf ' ffffffffc0000000 bpf_prog_0123456789abcdef_xdp6_main+0x0\n' |
		$PY tests/bench/profile.py "/tmp/x6-jitlines.$$" test 2>&1)
	rm -f "/tmp/x6-jitlines.$$"
	if printf '%s\n' "$prof" | grep -q '^# profile of test: 1 samples, 1 in xdp6_main' &&
	   printf '%s\n' "$prof" | grep -q '100.0 %  min_echo.bpf.c:'; then
		echo "PASS bench_profile_charges_samples_to_lines"
	else
		echo "FAIL bench_profile_charges_samples_to_lines: $(printf '%s' "$prof" | tail -1)"
	fi
else
	echo "FAIL bench_jitlines_maps_jit_offsets_to_source_lines: bpftool could not load min_echo"
fi
