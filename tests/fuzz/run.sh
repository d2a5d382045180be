#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# make fuzz: every $FUZZ_TARGETS harness for $FUZZ_TIME seconds (600), niced, one after the
# other (regression over its corpus and findings first); FUZZ_MERGE=1 then merges the new
# inputs worth keeping into the committed corpus. Then the memory test. Ends with the usual
# `N passed, N failed, N skipped`.
set -u
cd "$(dirname "$0")/../.."
. tests/fuzz/lib.sh
log=$(mktemp /tmp/xdp6-fuzz-run.XXXXXX)
trap 'rm -f "$log"' EXIT
export FUZZ_NICE="nice -n 10"

{
	for bin in ${FUZZ_TARGETS:-}; do
		n=${bin##*/fuzz_}
		echo "== fuzz_$n: ${FUZZ_TIME:-600} s"
		fuzz_regress "$n"
		fuzz_findings "$n"
		fuzz_explore "$n" "${FUZZ_TIME:-600}"
		[ "${FUZZ_MERGE:-0}" = 1 ] && fuzz_merge "$n"
	done
	echo "== memory test"
	"$BUILD/mem_daemon"
} 2>&1 | tee "$log"
echo
echo "$(grep -c '^PASS ' "$log") passed, $(grep -c '^FAIL ' "$log") failed," \
     "$(grep -c '^SKIP ' "$log") skipped"
! grep -q '^FAIL ' "$log"
