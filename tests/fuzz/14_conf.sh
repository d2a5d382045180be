#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# make test: the config file fuzz harness (fuzz_conf, tests/fuzz/conf.mk) over its committed
# corpus, then a few seconds of new inputs (FUZZ_CONF_TIME, 10: the parser is small).
set -u
cd "$(dirname "$0")/../.."
. tests/fuzz/lib.sh

scratch=$(mktemp -d /tmp/xdp6-fuzz-conf.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
fuzz_regress conf
fuzz_explore conf "${FUZZ_CONF_TIME:-10}" "$scratch"
