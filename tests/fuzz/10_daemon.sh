#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# make test: the daemon's receive-path fuzz harnesses (fuzz_frame, fuzz_seq; tests/fuzz/fuzz.mk)
# run over their committed corpus and findings, then FUZZ_TEST_TIME seconds (30) of new inputs
# each, under ASan + UBSan with the invariants of tests/fuzz/harness.h. `make fuzz` runs them
# for longer. One PASS/FAIL/SKIP line per step.
set -u
cd "$(dirname "$0")/../.."
. tests/fuzz/lib.sh

# new inputs go to a scratch directory of this run only: a growing one would make every run
# slower to start
scratch=$(mktemp -d /tmp/xdp6-fuzz-new.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
for h in frame seq; do
	fuzz_regress "$h"
	fuzz_findings "$h"
	mkdir -p "$scratch/$h"
	fuzz_explore "$h" "${FUZZ_TEST_TIME:-30}" "$scratch/$h"
done
