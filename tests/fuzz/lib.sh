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

# A failure's kind: its reason line with addresses and numbers taken out, so that two inputs
# hitting the same bug (at other addresses) compare equal.
fuzz_kind() {
	sed -E 's/0x[0-9a-fA-F]+/H/g; s/[0-9a-fA-F]*:[0-9a-fA-F:.]*:[0-9a-fA-F:.]*/A/g;
		s/[0-9]+/N/g'
}

# The kinds of every open finding (of every harness: the invariants are shared), one a line.
fuzz_open_kinds() {
	local f h log
	for f in tests/fuzz/findings/*/*; do
		[ -f "$f" ] || continue
		h=${f%/*}
		h=${h##*/}
		[ -x "$BUILD/fuzz/fuzz_$h" ] || continue
		awk -v x="$h/${f##*/}" '$1 == x && $2 == "open" { found = 1 } END { exit !found }' \
			"$FUZZ_FINDINGS_README" 2>/dev/null || continue
		log=$(mktemp /tmp/xdp6-fuzz.XXXXXX)
		"$BUILD/fuzz/fuzz_$h" "$f" >"$log" 2>&1 || fuzz_why "$log" | fuzz_kind
		rm -f "$log"
	done
}

# New inputs for SECONDS, starting from the committed corpus, into SCRATCH (default
# $BUILD/fuzz/new/NAME, kept between runs). An input failing like an open finding (same kind)
# is set aside in $BUILD/fuzz/crash/NAME/ and the run goes on with the time left: known open
# bugs do not hide new ones; any other failure ends the run with a FAIL line.
fuzz_explore() {
	local n=$1 secs=$2 new=${3:-$BUILD/fuzz/new/$1} crash="$BUILD/fuzz/crash/$1/" bin log rc
	local runs=0 r known=0 kinds end left art why restarts=0
	bin=$(fuzz_bin "$n") || { echo "$bin"; return; }
	mkdir -p "$new" "$crash"
	kinds=$(fuzz_open_kinds)
	log=$(mktemp /tmp/xdp6-fuzz.XXXXXX)
	end=$(($(date +%s) + secs))
	while left=$((end - $(date +%s))); [ "$left" -gt 0 ] && [ "$restarts" -lt 50 ]; do
		# shellcheck disable=SC2046
		${FUZZ_NICE:-} "$bin" -max_total_time="$left" -max_len="$FUZZ_MAX_LEN" \
			-timeout=60 -artifact_prefix="$crash" -print_final_stats=1 \
			$(fuzz_flags "$n") "$new" "tests/fuzz/corpus/$n" >"$log" 2>&1
		rc=$?
		r=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		runs=$((runs + ${r:-0}))
		[ "$rc" -eq 0 ] && break
		why=$(fuzz_why "$log")
		art=$(sed -n 's/.*Test unit written to //p' "$log" | head -1)
		if [ -n "$kinds" ] && [ -n "$art" ] &&
		   grep -qxF -- "$(echo "$why" | fuzz_kind)" <<<"$kinds"; then
			known=$((known + 1))
			restarts=$((restarts + 1))
			mv -f "$art" "$crash/known-${art##*/}" 2>/dev/null
			continue
		fi
		echo "FAIL fuzz_$n new input: $why"
		[ -n "$art" ] && echo "    input: $art (replay: $bin $art)"
		[ -n "${FUZZ_KEEP_LOG:-}" ] && cp "$log" "$crash/last.log"
		rm -f "$log"
		return
	done
	echo "PASS fuzz_$n ${secs} s of new inputs ($runs runs$([ "$known" -gt 0 ] &&
	     echo ", $known hit open findings, kept in $crash"))"
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
