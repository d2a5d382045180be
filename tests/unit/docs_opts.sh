#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# The option table (user/io/opts.c) is the one source: every option `xdp6d --help` lists (the
# table's rows) is in README's option table, in xdp6d(8), and, unless command line only, a key
# in xdp6d.conf(5) and the annotated example; and none of those documents an option the table
# lacks. An option added to the table fails here until it is documented.
cd "$(dirname "$0")/../.."
B=${BUILD:-build}

# help_opts [cli]: the long names --help lists; with "cli", only those under "Command line
# only:", with "file" only the others.
help_opts()
{
	"$B/xdp6d" --help | awk -v want="${1:-all}" '
		/^Command line only:/ { cli = 1 }
		/^[A-Z][a-z]+:$/ && !/^Command line only:/ && cli { cli = 0 }
		/^  (-., |    )--[a-z0-9-]+/ {
			sub(/^  (-., |    )--/, ""); sub(/[ =].*/, "")
			if (want == "all" || (want == "cli") == (cli == 1)) print
		}'
}

# long_opts FILE: every --name written in FILE.
long_opts()
{
	grep -oE -- '--[a-z][a-z0-9-]*' "$1" | sed 's/^--//'
}

# check NAME WHAT FILE EXTRACT: names from `help_opts WHAT` missing from FILE, and names FILE
# documents (EXTRACT: a command printing them from FILE) that --help lacks.
check()
{
	local name=$1 what=$2 file=$3 extract=$4 label=${5:-$3} want got missing extra

	if [ ! -x "$B/xdp6d" ]; then echo "FAIL $name: $B/xdp6d missing (make all)"; return; fi
	if [ ! -e "$file" ]; then echo "FAIL $name: $file missing"; return; fi
	want=$(help_opts "$what" | sort -u)
	got=$($extract "$file" | sort -u)
	missing=$(comm -23 <(echo "$want") <(echo "$got") | tr '\n' ' ')
	extra=$(comm -13 <(echo "$want") <(echo "$got") | tr '\n' ' ')
	if [ -z "$want" ]; then echo "FAIL $name: xdp6d --help lists no option"
	elif [ -z "$missing$extra" ]; then echo "PASS $name"
	else echo "FAIL $name: $label lacks: ${missing:-none}; documents unknown: ${extra:-none}"
	fi
}

# README: the rows of the table under "| xdp6d option |".
readme_rows=$(mktemp)
trap 'rm -f "$readme_rows"' EXIT
awk '/^\| xdp6d option \|/ { t = 1; next } t && !/^\|/ { t = 0 } t' README.md >"$readme_rows"
check readme_option_table_matches_the_option_table all "$readme_rows" long_opts \
	"README.md's xdp6d option table"

# The annotated example (installed as documentation): one `key = ` line, set or commented
# out, for every config file key; it parses, and so does it with every default uncommented.
EXAMPLE=user/dist/xdp6d.conf
example_keys()
{
	sed -nE 's/^(# )?([a-z][a-z0-9-]*) = .*/\2/p' "$1"
}
check example_config_has_every_key file "$EXAMPLE" example_keys
all_conf=$(mktemp)
trap 'rm -f "$readme_rows" "$all_conf"' EXIT
sed -E 's/^# ([a-z][a-z0-9-]* = )/\1/' "$EXAMPLE" >"$all_conf"
if ! out=$("$B/xdp6d" --check-config -c "$EXAMPLE" 2>&1); then
	echo "FAIL example_config_parses: $out"
elif ! out=$("$B/xdp6d" --check-config -c "$all_conf" 2>&1); then
	echo "FAIL example_config_parses: with the defaults uncommented: $out"
else
	echo "PASS example_config_parses"
fi
