# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# The libFuzzer runner shared by tests/fuzz/[0-9]*.sh (make test) and tests/fuzz/run.sh
# (make fuzz); source it from the repository root. Each function prints PASS/FAIL/SKIP lines
# (tests/run.sh counts them). A harness NAME is $BUILD/fuzz/fuzz_NAME with its committed corpus
# in tests/fuzz/corpus/NAME/, optional tests/fuzz/NAME.dict (libFuzzer dictionary) and
# tests/fuzz/NAME.flags (extra libFuzzer flags for exploration), and its findings (inputs that
# crashed it, minimised) in tests/fuzz/findings/NAME/, each listed in tests/fuzz/findings/README
# as `NAME/FILE open|fixed description`:
#   fixed: a regression test, it must pass;
#   open:  the bug is not fixed yet: a crash is reported as SKIP, and a pass as FAIL until the
#          README says fixed (so a fixed bug becomes a regression test and stays one).
# New inputs go to $BUILD/fuzz/new/NAME/, crashes to $BUILD/fuzz/crash/NAME/; the committed
# corpus only changes with fuzz_merge.

BUILD=${BUILD:-build}
FUZZ_MAX_LEN=${FUZZ_MAX_LEN:-16384}
FUZZ_FINDINGS_README=tests/fuzz/findings/README

# Extra libFuzzer flags of a harness, for exploration.
fuzz_flags() {
	local n=$1
	[ -f "tests/fuzz/$n.dict" ] && echo "-dict=tests/fuzz/$n.dict"
	[ -f "tests/fuzz/$n.flags" ] && grep -v '^#' "tests/fuzz/$n.flags"
	return 0
}

# The line that says why a run failed: our invariant, else the sanitizer's or libFuzzer's.
fuzz_why() {
	local log=$1 w
	w=$(grep -m1 -E '^xdp6 invariant:' "$log")
	[ -n "$w" ] || w=$(grep -m1 -E '^SUMMARY: ' "$log")
	[ -n "$w" ] || w=$(grep -m1 -E 'ERROR: |runtime error' "$log")
	[ -n "$w" ] || w="exited without a reason (see $log)"
	echo "$w"
}

fuzz_bin() {
	local bin="$BUILD/fuzz/fuzz_$1"
	if [ ! -x "$bin" ]; then
		echo "FAIL fuzz_$1: $bin not built (make fuzz-build)"
		return 1
	fi
	echo "$bin"
}

# Every input of the committed corpus once.
fuzz_regress() {
	local n=$1 bin corpus="tests/fuzz/corpus/$1" log rc count
	bin=$(fuzz_bin "$n") || { echo "$bin"; return; }
	count=$(find "$corpus" -type f 2>/dev/null | wc -l)
	if [ "$count" -eq 0 ]; then
		echo "FAIL fuzz_$n corpus: $corpus is empty"
		return
	fi
	log=$(mktemp /tmp/xdp6-fuzz.XXXXXX)
	"$bin" -runs=0 "$corpus" >"$log" 2>&1
	rc=$?
	if [ "$rc" -eq 0 ]; then
		echo "PASS fuzz_$n corpus ($count inputs)"
	else
		echo "FAIL fuzz_$n corpus: $(fuzz_why "$log")"
		grep -m1 'Test unit written' "$log"
	fi
	rm -f "$log"
}

# Every finding once, judged by its status in the README.
fuzz_findings() {
	local n=$1 bin f name status log rc
	bin=$(fuzz_bin "$n") || { echo "$bin"; return; }
	[ -d "tests/fuzz/findings/$n" ] || return 0
	for f in "tests/fuzz/findings/$n"/*; do
		[ -f "$f" ] || continue
		name="$n/${f##*/}"
		status=$(awk -v n="$name" '$1 == n { print $2; exit }' "$FUZZ_FINDINGS_README" \
			 2>/dev/null)
		log=$(mktemp /tmp/xdp6-fuzz.XXXXXX)
		"$bin" "$f" >"$log" 2>&1
		rc=$?
		case "$status:$rc" in
		fixed:0)
			echo "PASS fuzz_$n finding $name" ;;
		fixed:*)
			echo "FAIL fuzz_$n finding $name (fixed): $(fuzz_why "$log")" ;;
		open:0)
			echo "FAIL fuzz_$n finding $name no longer fails: mark it fixed in" \
			     "$FUZZ_FINDINGS_README" ;;
		open:*)
			echo "SKIP fuzz_$n finding $name: open bug: $(fuzz_why "$log")" ;;
		*)
			echo "FAIL fuzz_$n finding $name: not listed as open or fixed in" \
			     "$FUZZ_FINDINGS_README" ;;
		esac
		rm -f "$log"
	done
}

# New inputs for SECONDS, starting from the committed corpus (and what earlier runs found).
fuzz_explore() {
	local n=$1 secs=$2 bin new="$BUILD/fuzz/new/$1" crash="$BUILD/fuzz/crash/$1/" log rc runs
	bin=$(fuzz_bin "$n") || { echo "$bin"; return; }
	mkdir -p "$new" "$crash"
	log=$(mktemp /tmp/xdp6-fuzz.XXXXXX)
	# shellcheck disable=SC2046
	${FUZZ_NICE:-} "$bin" -max_total_time="$secs" -max_len="$FUZZ_MAX_LEN" -timeout=60 \
		-artifact_prefix="$crash" -print_final_stats=1 $(fuzz_flags "$n") \
		"$new" "tests/fuzz/corpus/$n" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	if [ "$rc" -eq 0 ]; then
		echo "PASS fuzz_$n ${secs} s of new inputs (${runs:-?} runs," \
		     "$(grep -c '' <(find "$new" -type f)) in $new)"
	else
		echo "FAIL fuzz_$n new input: $(fuzz_why "$log")"
		grep -m1 'Test unit written' "$log"
		[ -n "${FUZZ_KEEP_LOG:-}" ] && cp "$log" "$crash/last.log"
	fi
	rm -f "$log"
}

# New inputs worth keeping go into the committed corpus (libFuzzer -merge=1).
fuzz_merge() {
	local n=$1 bin
	bin=$(fuzz_bin "$n") || { echo "$bin"; return; }
	if "$bin" -merge=1 -max_len="$FUZZ_MAX_LEN" "tests/fuzz/corpus/$n" "$BUILD/fuzz/new/$n" \
		>/dev/null 2>&1; then
		echo "PASS fuzz_$n merged into tests/fuzz/corpus/$n" \
		     "($(find "tests/fuzz/corpus/$n" -type f | wc -l) inputs)"
	else
		echo "FAIL fuzz_$n merge failed"
	fi
}
