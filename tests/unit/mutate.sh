#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# The mutation check (tests/mutate/mutate.py, `make mutate`) run on its own test module,
# tests/mutate/selftest/toy.c, whose mutants' fates are known: every kind of mutant is made,
# built, run and classified (killed, killed by the timeout, survived, equivalent), and the
# sample is the same for the same seed.
cd "$(dirname "$0")/../.."
d=tests/mutate/selftest
tmp=$(mktemp -d /tmp/xdp6-mutate-self.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cc=${CC:-cc}
mut() { /usr/bin/python3 tests/mutate/mutate.py --files "$d/toy.c" "$@"; }

if ! $cc -c -Wall -I"$d" "$d/toy.c" -o "$tmp/toy.o" ||
   ! ar rcs "$tmp/libtoy.a" "$tmp/toy.o" ||
   ! $cc -c -Wall -I"$d" -Itests/unit "$d/test_toy.c" -o "$tmp/test_toy.o"; then
	echo "FAIL mutation_check_self_test_classifies_toy_mutants: cannot build the toy"
	exit 1
fi
out=$(mut --cc "$cc" --cflags "-Wall -I$d" --lib "$tmp/libtoy.a" --tests "$tmp/test_toy.o" \
	  --equivalent "$d/equivalent.txt" --jobs 2 --min-timeout 2 --timeout-factor 2 \
	  --scratch "$tmp" --out "$tmp/out" 2>&1)
# 15 mutants: the two boundary flips of toy_clamp are equivalent, deleting toy_ticks++ survives
# (nothing checks it), deleting n-- loops until the timeout, the other 11 fail a check.
row=$(echo "$out" | awk '$1 == "toy.c" { print $2, $3, $4, $5 }')
surv=$(echo "$out" | sed -n 's/^  .*toy\.c:\([0-9]*\) \([a-z_]*\): \(.*\) |.*/\1 \2 \3/p')
timeout_kill=$(/usr/bin/python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
print(" ".join(sorted(x["by"] for x in r if x["result"] == "killed" and "timeout" in x["by"])))
' "$tmp/out/results.json" 2>&1)
if [ "$row" = "12 1 2 0" ] && [ "$surv" = "19 toy_tick delete statement #1" ] &&
   [ "$timeout_kill" = "test_toy (timeout)" ]; then
	echo "PASS mutation_check_self_test_classifies_toy_mutants"
else
	echo "FAIL mutation_check_self_test_classifies_toy_mutants: killed/survived/equivalent/" \
	     "stillborn '$row' (want '12 1 2 0'), survivors '$surv', timeouts '$timeout_kill':"
	echo "$out" | sed 's/^/    /'
fi

# --recheck keeps the earlier run's killed mutants and runs only the survivor again
cp "$tmp/out/results.json" "$tmp/first.json"
out=$(mut --cc "$cc" --cflags "-Wall -I$d" --lib "$tmp/libtoy.a" --tests "$tmp/test_toy.o" \
	  --equivalent "$d/equivalent.txt" --jobs 2 --min-timeout 2 --timeout-factor 2 \
	  --scratch "$tmp" --recheck "$tmp/first.json" 2>&1)
row=$(echo "$out" | awk '$1 == "toy.c" { print $2, $3, $4, $5 }')
if [ "$row" = "12 1 2 0" ] && echo "$out" | grep -q '^mutate: 1/1 run'; then
	echo "PASS mutation_check_recheck_runs_only_the_survivors"
else
	echo "FAIL mutation_check_recheck_runs_only_the_survivors: '$row' (want '12 1 2 0'):"
	echo "$out" | sed 's/^/    /'
fi

a=$(mut --list --sample 5 --seed 7)
b=$(mut --list --sample 5 --seed 7)
c=$(mut --list --sample 5 --seed 8)
if [ "$a" = "$b" ] && [ "$(echo "$a" | wc -l)" = 5 ] && [ "$a" != "$c" ]; then
	echo "PASS mutation_check_sample_is_fixed_by_the_seed"
else
	echo "FAIL mutation_check_sample_is_fixed_by_the_seed: seed 7 twice and seed 8 gave:"
	printf '%s\n--\n%s\n--\n%s\n' "$a" "$b" "$c" | sed 's/^/    /'
fi
