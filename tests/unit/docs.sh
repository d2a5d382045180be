#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# README.md stays true: every stats reason defined in include/xdp6_maps.h is documented, and the
# two opening commands are the ones CI runs.
cd "$(dirname "$0")/../.."
missing=$(grep -oE '^\s*X\([RD]_[A-Z0-9_]+,\s*"[a-z0-9-]+"' include/xdp6_maps.h |
	sed -E 's/.*"([a-z0-9-]+)"/\1/' | while read -r r; do
		grep -q -- "\`$r\`" README.md || echo "$r"
	done | tr '\n' ' ')
if [ -z "$missing" ]; then echo "PASS readme_documents_every_stats_reason"
else echo "FAIL readme_documents_every_stats_reason: not in README.md: $missing"; fi
if grep -q 'make test' .ci/run && head -20 README.md | grep -q 'make demo' &&
   head -20 README.md | grep -q 'make test'; then
	echo "PASS readme_opens_with_demo_and_test_and_ci_runs_make_test"
else
	echo "FAIL readme_opens_with_demo_and_test_and_ci_runs_make_test: check README.md head and .ci/run"
fi
