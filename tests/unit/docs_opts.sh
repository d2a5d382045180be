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

# The man pages: xdp6d(8) lists every option, xdp6d.conf(5) every key, xdp6ctl(8) every
# command and option of xdp6ctl --help, and no more.
man_opts()
{
	grep -oE 'Fl -[a-z][a-z0-9-]*' "$1" | sed 's/^Fl -//'
}
conf_keys()
{
	sed -nE 's/^\.It Cm ([a-z][a-z0-9-]*) No = .*/\1/p' "$1"
}
check xdp6d_man_lists_every_option all user/man/xdp6d.8 man_opts
check conf_man_lists_every_key file user/man/xdp6d.conf.5 conf_keys

# same NAME WANT GOT LABEL: two newline-separated lists are equal as sets.
same()
{
	local missing extra

	missing=$(comm -23 <(echo "$2" | sort -u) <(echo "$3" | sort -u) | tr '\n' ' ')
	extra=$(comm -13 <(echo "$2" | sort -u) <(echo "$3" | sort -u) | tr '\n' ' ')
	if [ -z "$2" ]; then echo "FAIL $1: nothing to compare"
	elif [ -z "$missing$extra" ]; then echo "PASS $1"
	else echo "FAIL $1: $4 lacks: ${missing:-none}; has unknown: ${extra:-none}"
	fi
}
if [ -x "$B/xdp6ctl" ]; then
	help=$("$B/xdp6ctl" --help)
	want=$(echo "$help" | sed -nE '/^Options:/q; s/^  ([a-z]+)( (show|add|del))?( .*|$)/\1\2/p'
	       # options: those of the Options section and those on a command's own line
	       echo "$help" | grep -E '^  (-|[a-z])' | grep -v '^  xdp6ctl\|^  nsenter' |
		       grep -oE -- '--[a-z0-9-]+')
	got=$(sed -nE 's/^\.It Cm ([a-z]+)( Cm (show|add|del))?( .*|$)/\1 \3/p' \
		user/man/xdp6ctl.8 | sed 's/ $//'
	      man_opts user/man/xdp6ctl.8 | sed 's/^/--/')
	same xdp6ctl_man_lists_every_command_and_option "$want" "$got" user/man/xdp6ctl.8
else
	echo "FAIL xdp6ctl_man_lists_every_command_and_option: $B/xdp6ctl missing (make all)"
fi

# mandoc -T lint, everything but cross references to the pages themselves (not installed).
lint=$(for f in user/man/*.[58]; do mandoc -T lint -W all "$f" 2>&1; done |
	grep -v -e 'referenced manual not found: Xr xdp6' -e 'outdated mandoc.db')
if ! command -v mandoc >/dev/null; then echo "FAIL man_pages_lint_clean: mandoc missing (make deps)"
elif [ -z "$lint" ]; then echo "PASS man_pages_lint_clean"
else echo "FAIL man_pages_lint_clean: $(echo "$lint" | head -n 5 | tr '\n' '|')"; fi
