#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# make test: the control-request fuzz harness (fuzz_ctl, tests/fuzz/ctl.mk) over its committed
# corpus and findings, then FUZZ_TEST_TIME seconds (30) of new inputs, as 10_daemon.sh does for
# the daemon's receive path. One PASS/FAIL/SKIP line per step.
set -u
cd "$(dirname "$0")/../.."
. tests/fuzz/lib.sh

if [ ! -f tests/fuzz/fuzz_ctl.c ]; then
	echo "SKIP fuzz_ctl: tests/fuzz/fuzz_ctl.c is not in this tree"
	exit 0
fi
scratch=$(mktemp -d /tmp/xdp6-fuzz-new.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
fuzz_regress ctl
fuzz_findings ctl
fuzz_explore ctl "${FUZZ_TEST_TIME:-30}" "$scratch"
