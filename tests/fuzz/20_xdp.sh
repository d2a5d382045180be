#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# The fast-path property fuzzer's short run for `make test` (issue 9): replays every saved
# failing frame in tests/fuzz/xdp_regress/ first, then 200 000 structured, mutated and random
# frames through BPF_PROG_TEST_RUN on build/xdp6.bpf.o (about 5-20 s), and prints one PASS/FAIL
# line per property (tests/fuzz/xdp_fuzz.h), one for the checker's self-test and one for scapy
# re-judging 100 of the replies. A failing frame is minimised and written to
# build/fuzz/xdp_failures/<property>-N.{hex,pcap}: `build/fuzz/fuzz-xdp --replay FILE`.
#   FUZZ_XDP_TEST_FRAMES=N   frames of the short run (200000)
#   FUZZ_XDP_SEED=N|random   the PRNG seed (1: the same frames every run)
# `make fuzz-xdp` is the long run (10 M frames, a random seed).
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
PYTHON=${PYTHON:-/usr/bin/python3}
frames=${FUZZ_XDP_TEST_FRAMES:-200000}
seed=${FUZZ_XDP_SEED:-1}
fuzz=$BUILD/fuzz/fuzz-xdp
sample=$BUILD/fuzz/xdp_sample_test

if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP xdp-fuzz: BPF_PROG_TEST_RUN needs root"
	exit 0
fi
if [ ! -x "$fuzz" ] || [ ! -e "$BUILD/xdp6.bpf.o" ]; then
	echo "FAIL xdp-fuzz: $fuzz or $BUILD/xdp6.bpf.o missing (make unit builds them)"
	exit 1
fi
seed_arg=(--seed "$seed")
[ "$seed" = random ] && seed_arg=()
rm -rf "$BUILD/fuzz/xdp_failures"

status=0
# the fuzzer prints the PASS/FAIL lines; it exits 1 when a property broke
timeout 600 "$fuzz" --obj "$BUILD/xdp6.bpf.o" "${seed_arg[@]}" --frames "$frames" \
	--fail-dir "$BUILD/fuzz/xdp_failures" --sample 100 --sample-out "$sample" \
	--selftest 20000 --report --replay tests/fuzz/xdp_regress/*.hex
rc=$?
if [ $rc -eq 124 ]; then
	echo "FAIL xdp-fuzz: did not finish within 600 s"
	exit 1
fi
[ $rc -ne 0 ] && status=1
"$PYTHON" tests/fuzz/xdp_scapy.py "$sample" || status=1
exit $status
