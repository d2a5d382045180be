#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Runs every test layer and ends with `N passed, N failed, N skipped`. Each test program prints
# one line per case, `PASS name`, `FAIL name: why` or `SKIP name: why`; this script counts them.
#   unit:        $UNIT_TESTS binaries (BPF_PROG_TEST_RUN fixtures, protocol modules, fake clock,
#                the same under ASan + UBSan, the memory test) and tests/unit/*.sh (checks
#                without a network)
#   fuzz:        tests/fuzz/[0-9]*.sh (libFuzzer harnesses: corpus, findings, a short run)
#   integration: tests/integration/[0-9]*.sh (netns + veth with real peers), in name order
#   robustness:  tests/robust/[0-9]*.sh
# TEST_FILTER=regex limits the scripts/binaries run (matched against their path).
set -u
cd "$(dirname "$0")/.."
log=$(mktemp /tmp/xdp6-test.XXXXXX)
trap 'rm -f "$log"' EXIT
status=0

run_one() {
	local what=$1; shift
	local before after rc
	echo "== $what"
	before=$(grep -c '^FAIL ' "$log")
	"$@" 2>&1 | tee -a "$log"
	rc=${PIPESTATUS[0]}
	after=$(grep -c '^FAIL ' "$log")
	# a program that fails without saying which case failed still counts as a failure
	if [ "$rc" -ne 0 ] && [ "$after" -eq "$before" ]; then
		echo "FAIL $what: exited $rc without a FAIL line" | tee -a "$log"
	fi
}

for t in ${UNIT_TESTS:-}; do
	[[ -n "${TEST_FILTER:-}" && ! $t =~ $TEST_FILTER ]] && continue
	run_one "$t" "./$t"
done
for t in tests/unit/*.sh tests/fuzz/[0-9]*.sh tests/integration/[0-9]*.sh \
	 tests/robust/[0-9]*.sh; do
	[ -e "$t" ] || continue
	[[ -n "${TEST_FILTER:-}" && ! $t =~ $TEST_FILTER ]] && continue
	run_one "$t" bash "$t"
done

passed=$(grep -c '^PASS ' "$log")
failed=$(grep -c '^FAIL ' "$log")
skipped=$(grep -c '^SKIP ' "$log")
if [ "$failed" -gt 0 ]; then
	echo
	echo "Failures:"
	grep '^FAIL ' "$log"
fi
echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
