#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Operations end to end (issue 14): xdp6d configured from a config file (xdp6d.conf(5)) alone,
# its errors (file:line, exit 2, nothing attached), the command line over the file, and reload
# (SIGHUP and `xdp6ctl reload`): added addresses go through DAD (RFC 4862 §5.4), removed ones
# stop being answered, kept ones keep answering with no new DAD, run-time ones stay, a bad
# file changes nothing, run-time options (echo-rate) apply at once, options that need a
# restart are reported; metrics in the Prometheus format (promtool) and stats --watch rates;
# logging levels and the journal format; packet capture (xdp6ctl dump, read back by tshark).
set -u
. "$(dirname "$0")/lib.sh"
x6_init o || exit 1

ADDR_KEEP=2001:db8::1		# in the file before and after the reload
ADDR_GONE=2001:db8::2		# dropped from the file
ADDR_NEW=2001:db8::3		# added to the file
ADDR_RT=2001:db8::4		# added with xdp6ctl addr add: kept by the reload (README rule)
ADDR_CLI=2001:db8::5		# given with -a: replaces the file's addresses

CONF=		# the config file of the running test

# o_conf LINES...: write the config file, one argument a line.
o_conf()
{
	CONF=$X6_LOGDIR/xdp6d.conf
	printf '%s\n' "$@" >"$CONF"
}

# o_start ARGS...: x6_daemon_start without the interface operand (the file names it): runs
# `xdp6d ARGS...` in the DUT namespace under the rig's wrapper, so x6_daemon_stop works.
o_start()
{
	local saved=$X6_XDP6D wrap=$X6_LOGDIR/xdp6d-noif rc

	# x6_daemon_start appends the interface: a wrapper drops that last operand
	printf '#!/bin/sh\n# drop the last argument (the interface x6_daemon_start adds)\n' >"$wrap"
	printf 'n=$#; i=1; for a; do [ $i -lt $n ] && set -- "$@" "$a"; i=$((i+1)); done\n' \
		>>"$wrap"
	printf 'shift $n; exec %s "$@"\n' "$saved" >>"$wrap"
	chmod +x "$wrap"
	X6_XDP6D=$wrap
	x6_daemon_start "$@"
	rc=$?
	X6_XDP6D=$saved
	return $rc
}

# o_ping ADDR: one Echo Request from the peer kernel answered.
o_ping()
{
	x6_peer ping -6 -n -c 1 -W 2 "$1" >/dev/null 2>&1
}

t_config_file_alone_serves_its_interface_and_addresses()
{
	o_conf "# test config" "interface = $X6_IF_DUT" "addr = $ADDR_KEEP/64" "no-dad = yes"
	o_start -c "$CONF" || { x6_fail "$X6_WHY"; return; }
	x6_wait_addr "$ADDR_KEEP" preferred 5 || { x6_fail "$X6_WHY"; return; }
	x6_wait 5 o_ping "$ADDR_KEEP" || { x6_fail "$ADDR_KEEP not answered"; return; }
	x6_daemon_stop
}

t_config_error_exits_2_naming_file_line_nothing_attached()
{
	local want

	o_conf "interface = $X6_IF_DUT" "addr = $ADDR_KEEP" "mode = fast"
	want="xdp6d: $CONF:3: mode: invalid value 'fast' (expected native or skb)"
	x6_daemon_run -c "$CONF"
	[ $? -eq 2 ] || { x6_fail "exit $? (want 2)"; return; }
	grep -qxF "$want" "$X6_LOGDIR/run.err" ||
		{ x6_fail "stderr: $(head -c 300 "$X6_LOGDIR/run.err") (want: $want)"; return; }
	x6_xdp_attached && { x6_fail "a program is attached"; return; }
	x6_pinned && { x6_fail "maps are pinned"; return; }
	x6_daemon_run -c "$X6_LOGDIR/none.conf" "$X6_IF_DUT"
	[ $? -eq 2 ] && grep -q "none.conf: No such file" "$X6_LOGDIR/run.err" ||
		{ x6_fail "missing -c file: $(head -c 200 "$X6_LOGDIR/run.err")"; return; }
}

t_command_line_addr_replaces_the_files()
{
	o_conf "interface = $X6_IF_DUT" "addr = $ADDR_KEEP" "no-dad = yes"
	o_start -c "$CONF" -a "$ADDR_CLI/64" || { x6_fail "$X6_WHY"; return; }
	x6_wait_addr "$ADDR_CLI" preferred 5 || { x6_fail "$X6_WHY"; return; }
	x6_addr_is "$ADDR_KEEP" absent || { x6_fail "the file's $ADDR_KEEP is served too"; return; }
	x6_daemon_stop
}

# While pings to the kept address run, the file drops one address and adds another; a SIGHUP
# applies exactly that difference.
t_sighup_applies_the_difference_kept_address_answers_throughout()
{
	local ping_out lost

	o_conf "interface = $X6_IF_DUT" "addr = $ADDR_KEEP/64" "addr = $ADDR_GONE/64"
	o_start -c "$CONF" || { x6_fail "$X6_WHY"; return; }
	x6_wait_addr "$ADDR_KEEP" preferred && x6_wait_addr "$ADDR_GONE" preferred ||
		{ x6_fail "$X6_WHY"; return; }
	x6_ctl addr add "$ADDR_RT/64" dev "$X6_IF_DUT" >/dev/null ||
		{ x6_fail "xdp6ctl addr add failed"; return; }
	x6_wait_addr "$ADDR_RT" preferred || { x6_fail "$X6_WHY"; return; }
	x6_peer ping -6 -n -c 40 -i 0.05 -W 1 "$ADDR_KEEP" >"$X6_LOGDIR/ping.out" 2>&1 &
	local pp=$!
	sleep 0.5
	o_conf "interface = $X6_IF_DUT" "addr = $ADDR_KEEP/64" "addr = $ADDR_NEW/64"
	kill -HUP "$X6_DAEMON_PID"
	# DAD for the new one: tentative first (RFC 4862 §5.4), the kept one never was again
	x6_wait_addr "$ADDR_NEW" tentative 3 || { x6_fail "$X6_WHY"; wait $pp; return; }
	x6_addr_is "$ADDR_KEEP" preferred || { x6_fail "$ADDR_KEEP left preferred"; wait $pp; return; }
	wait $pp
	ping_out=$(cat "$X6_LOGDIR/ping.out")
	lost=$(echo "$ping_out" | sed -n 's/.* \([0-9]*\)% packet loss.*/\1/p')
	[ "$lost" = 0 ] || { x6_fail "pings to the kept address lost: $lost%"; return; }
	x6_wait_addr "$ADDR_GONE" absent 3 || { x6_fail "$X6_WHY"; return; }
	o_ping "$ADDR_GONE" && { x6_fail "$ADDR_GONE still answered"; return; }
	x6_wait_addr "$ADDR_NEW" preferred || { x6_fail "$X6_WHY"; return; }
	x6_addr_is "$ADDR_RT" preferred || { x6_fail "run-time $ADDR_RT not kept"; return; }
	x6_daemon_running || { x6_fail "xdp6d died on SIGHUP"; return; }
	grep -q "reload: $X6_IF_DUT: $ADDR_GONE/64 removed" "$X6_DAEMON_LOG" ||
		{ x6_fail "no log line for the removal"; return; }
	x6_daemon_stop
}

t_ctl_reload_bad_file_changes_nothing_and_exits_1()
{
	local out

	o_conf "interface = $X6_IF_DUT" "addr = $ADDR_KEEP/64" "no-dad = yes"
	o_start -c "$CONF" || { x6_fail "$X6_WHY"; return; }
	x6_wait_addr "$ADDR_KEEP" preferred 5 || { x6_fail "$X6_WHY"; return; }
	o_conf "interface = $X6_IF_DUT" "addr = $ADDR_NEW/64" "no-dad = yes" "addr 2001:db8::7"
	out=$(x6_ctl reload 2>&1)
	[ $? -eq 1 ] || { x6_fail "reload of a bad file exited $? (want 1): $out"; return; }
	echo "$out" | grep -qF "$CONF:4: expected KEY = VALUE after 'addr'; nothing changed" ||
		{ x6_fail "reload output: $out"; return; }
	x6_addr_is "$ADDR_KEEP" preferred && x6_addr_is "$ADDR_NEW" absent ||
		{ x6_fail "the bad file changed the addresses"; return; }
	# a good file with a restart-only change: reported, not applied; the address is
	o_conf "interface = $X6_IF_DUT" "addr = $ADDR_KEEP/64" "addr = $ADDR_NEW/64" \
		"no-dad = yes" "mode = skb" "max-addrs = 64"
	out=$(x6_ctl reload 2>&1) || { x6_fail "reload exited $?: $out"; return; }
	echo "$out" | grep -qF "mode changed: not applied, takes effect after a restart" &&
		echo "$out" | grep -qF "max-addrs changed: not applied" ||
		{ x6_fail "restart-only changes not reported: $out"; return; }
	echo "$out" | grep -q "no-dad changed" && { x6_fail "unchanged no-dad reported: $out"; return; }
	x6_wait_addr "$ADDR_NEW" preferred 5 || { x6_fail "$X6_WHY"; return; }
	x6_ctl status | grep -q "native" || { x6_fail "mode changed at run time"; return; }
	x6_daemon_stop
}

# Reload applies a run-time option (echo-rate, OPT_RUNTIME): unlimited, a normal ping loses
# nothing; the file says 1:1 and `xdp6ctl reload` applies it with no restart (same daemon, no
# new DAD); a flood then sees the limit (rate-limited grows, most requests unanswered).
t_reload_echo_rate_applies_to_a_flood_no_answer_lost_before()
{
	local before=$X6_LOGDIR/stats.reload out got rl pid

	o_conf "interface = $X6_IF_DUT" "addr = $ADDR_KEEP/64" "no-dad = yes"
	o_start -c "$CONF" || { x6_fail "$X6_WHY"; return; }
	x6_wait_addr "$ADDR_KEEP" preferred 5 || { x6_fail "$X6_WHY"; return; }
	pid=$X6_DAEMON_PID
	x6_ping "$ADDR_KEEP" -q -c 20 -i 0.05 -W 1
	got=$(x6_ping_received)
	[ "$got" = 20 ] || { x6_fail "unlimited: $got/20 answered: $PING_OUT"; return; }
	o_conf "interface = $X6_IF_DUT" "addr = $ADDR_KEEP/64" "no-dad = yes" "echo-rate = 1:1" \
		"mode = skb"
	out=$(x6_ctl reload 2>&1) || { x6_fail "reload exited $?: $out"; return; }
	echo "$out" | grep -qF "echo-rate applied" ||
		{ x6_fail "echo-rate not reported applied: $out"; return; }
	echo "$out" | grep -qF "mode changed: not applied, takes effect after a restart" ||
		{ x6_fail "restart-only mode not reported: $out"; return; }
	echo "$out" | grep -q "addr\|removed\|added" &&
		{ x6_fail "unchanged addresses touched: $out"; return; }
	x6_stats_json >"$before" || { x6_fail "xdp6ctl stats --json failed"; return; }
	x6_ping "$ADDR_KEEP" -q -c 100 -i 0.002 -W 1
	got=$(x6_ping_received)
	rl=$(x6_stat_delta "$before" rate-limited) || { x6_fail "no rate-limited"; return; }
	echo "echo-rate 1:1 after reload: $got/100 answered, rate-limited +$rl" \
		>"$X6_LOGDIR/reload-rate.txt"
	[[ $got =~ ^[0-9]+$ ]] || { x6_fail "ping output: $PING_OUT"; return; }
	# 1 token, 1/s: the flood of about 0.2-1 s gets a few replies, not 100
	[ "$got" -le 5 ] && [ "$rl" -ge $((100 - got)) ] ||
		{ x6_fail "$(cat "$X6_LOGDIR/reload-rate.txt")"; return; }
	x6_addr_is "$ADDR_KEEP" preferred || { x6_fail "$ADDR_KEEP not preferred any more"; return; }
	x6_ctl status | grep -q "native" || { x6_fail "mode changed at run time"; return; }
	# back to unlimited: compared with what runs now (1:1), not with the file at start
	o_conf "interface = $X6_IF_DUT" "addr = $ADDR_KEEP/64" "no-dad = yes"
	out=$(x6_ctl reload 2>&1) || { x6_fail "second reload exited $?: $out"; return; }
	echo "$out" | grep -qF "echo-rate applied" ||
		{ x6_fail "echo-rate back to unlimited not applied: $out"; return; }
	echo "$out" | grep -q "mode changed" && { x6_fail "mode as at start reported: $out"; return; }
	x6_ping "$ADDR_KEEP" -q -c 20 -i 0.05 -W 1
	got=$(x6_ping_received)
	[ "$got" = 20 ] || { x6_fail "unlimited again: $got/20 answered"; return; }
	[ "$X6_DAEMON_PID" = "$pid" ] && x6_daemon_running ||
		{ x6_fail "xdp6d restarted or died"; return; }
	x6_daemon_stop
}

# o_ndisc TARGET: the MAC the peer's ndisc6 resolves TARGET to (empty: no answer).
o_ndisc()
{
	x6_peer ndisc6 -q -1 -r 2 -w 500 "$1" "$X6_IF_PEER" 2>/dev/null
}

# `proxy = PREFIX/LEN` (static NDP proxy, RFC 4861 §7.2.8) from the file at start; a reload
# that adds another prefix makes ndisc6 get our MAC for a target in it, one that removes the
# first makes its targets go unanswered; a prefix added with `xdp6ctl proxy add` stays.
t_proxy_key_at_start_and_reload_adds_and_removes()
{
	local p1=2001:db8:51:: p2=2001:db8:52:: p3=2001:db8:53:: out mac

	o_conf "interface = $X6_IF_DUT" "addr = $ADDR_KEEP/64" "no-dad = yes" "proxy = $p1/64"
	o_start -c "$CONF" || { x6_fail "$X6_WHY"; return; }
	x6_wait_addr "$ADDR_KEEP" preferred 5 || { x6_fail "$X6_WHY"; return; }
	# the NA comes from our link-local: wait for it (DAD off: at once)
	x6_wait 10 o_ndisc "${p1}a:b:c:d" >/dev/null
	mac=$(o_ndisc "${p1}a:b:c:d")
	[ "${mac,,}" = "$X6_MAC_DUT" ] || { x6_fail "proxy from the file: ndisc6 got '$mac'"; return; }
	[ -z "$(o_ndisc "${p2}1:2:3:4")" ] || { x6_fail "$p2/64 answered before the reload"; return; }
	x6_ctl proxy add "$p3/64" dev "$X6_IF_DUT" --static >/dev/null ||
		{ x6_fail "xdp6ctl proxy add failed"; return; }
	o_conf "interface = $X6_IF_DUT" "addr = $ADDR_KEEP/64" "no-dad = yes" "proxy = $p2/64"
	out=$(x6_ctl reload 2>&1) || { x6_fail "reload exited $?: $out"; return; }
	echo "$out" | grep -qF "$X6_IF_DUT: proxy $p1/64 removed" &&
		echo "$out" | grep -qF "$X6_IF_DUT: proxy $p2/64 added" ||
		{ x6_fail "reload output: $out"; return; }
	mac=$(o_ndisc "${p2}1:2:3:4")
	[ "${mac,,}" = "$X6_MAC_DUT" ] || { x6_fail "added $p2/64: ndisc6 got '$mac'"; return; }
	[ -z "$(o_ndisc "${p1}a:b:c:d")" ] || { x6_fail "removed $p1/64 still answered"; return; }
	mac=$(o_ndisc "${p3}5:6:7:8")
	[ "${mac,,}" = "$X6_MAC_DUT" ] || { x6_fail "run-time $p3/64 lost: '$mac'"; return; }
	x6_ctl proxy show | grep -q "$p1" && { x6_fail "proxy show still lists $p1"; return; }
	x6_daemon_stop
}

# The Prometheus exposition passes promtool's checks and counts what happened.
t_stats_prometheus_passes_promtool_and_counts_echo_replies()
{
	local f=$X6_LOGDIR/metrics.prom n out

	x6_daemon_start --no-dad -a "$X6_ADDR_DUT/$X6_PLEN" || { x6_fail "$X6_WHY"; return; }
	x6_wait_addr "$X6_ADDR_DUT" preferred 5 || { x6_fail "$X6_WHY"; return; }
	x6_peer ping -6 -n -c 3 -i 0.2 -W 1 "$X6_ADDR_DUT" >/dev/null
	x6_ctl stats --format prometheus >"$f" || { x6_fail "stats --format prometheus failed"; return; }
	out=$(promtool check metrics <"$f" 2>&1) || { x6_fail "promtool: $out"; return; }
	n=$(sed -n "s/^xdp6_xdp_packets_total{interface=\"$X6_IF_DUT\",reason=\"echo-replied\"} //p" "$f")
	[ "${n:-0}" -ge 3 ] || { x6_fail "echo-replied counter: '${n}' (want >= 3)"; return; }
	grep -qx "xdp6_addresses{interface=\"$X6_IF_DUT\",state=\"preferred\"} 2" "$f" ||
		{ x6_fail "preferred gauge: $(grep 'state="preferred"' "$f")"; return; }
	grep -q '^xdp6_daemon_events_total{interface=.*,reason=".*"} [0-9]*$' "$f" &&
		grep -q '^xdp6_build_info{version=".*"} 1$' "$f" ||
		{ x6_fail "daemon counters or build info missing"; return; }
}

# --watch --count 2 in a pipe: two blocks, the moving echo counter at about the ping rate.
t_stats_watch_prints_rates_of_moving_counters()
{
	local out rate blocks pp

	x6_daemon_ensure --no-dad -a "$X6_ADDR_DUT/$X6_PLEN" || { x6_fail "$X6_WHY"; return; }
	x6_wait_addr "$X6_ADDR_DUT" preferred 5 || { x6_fail "$X6_WHY"; return; }
	x6_peer ping -6 -n -c 40 -i 0.1 -W 1 "$X6_ADDR_DUT" >/dev/null 2>&1 &
	pp=$!
	out=$(x6_ctl stats --watch 1 --count 2)
	kill "$pp" 2>/dev/null
	wait "$pp" 2>/dev/null
	blocks=$(echo "$out" | grep -c '^every 1s')
	[ "$blocks" = 2 ] || { x6_fail "$blocks blocks (want 2): $out"; return; }
	rate=$(echo "$out" | sed -n 's/.*reason="echo-replied"} *\([0-9.]*\)$/\1/p' | grep -m1 .)
	# 10 pings/s; a loaded machine may delay some
	awk -v r="${rate:-0}" 'BEGIN { exit !(r >= 4 && r <= 16) }' ||
		{ x6_fail "echo-replied rate '$rate' (want about 10/s): $out"; return; }
	echo "$out" | grep -q 'reason="echo-request-to-daemon"\|ra-received' &&
		{ x6_fail "a counter that did not move is listed: $out"; return; }
	x6_daemon_stop
}

# Under systemd stderr is the journal (JOURNAL_STREAM = its device:inode): "<N>" priorities,
# no name of our own; -q leaves info lines out.
t_journal_stream_gives_priority_prefixes_and_quiet_drops_info()
{
	local next=$X6_LOGDIR/xdp6d.$((X6_DAEMON_N + 1)).log

	x6_daemon_stop
	: >"$next"
	JOURNAL_STREAM=$(stat -c '%d:%i' "$next") x6_daemon_start --no-dad \
		-a "$X6_ADDR_DUT/$X6_PLEN" || { x6_fail "$X6_WHY"; return; }
	[ "$X6_DAEMON_LOG" = "$next" ] || { x6_fail "log file $X6_DAEMON_LOG, not $next"; return; }
	x6_wait 5 grep -q "^<6>$X6_IF_DUT: serving " "$X6_DAEMON_LOG" ||
		{ x6_fail "no <6> line: $(head -n 3 "$X6_DAEMON_LOG")"; return; }
	grep -q '^xdp6d: ' "$X6_DAEMON_LOG" && { x6_fail "a line names xdp6d on the journal"; return; }
	x6_daemon_start -q --no-dad -a "$X6_ADDR_DUT/$X6_PLEN" || { x6_fail "$X6_WHY"; return; }
	x6_daemon_stop
	grep -q "serving" "$X6_DAEMON_LOG" && { x6_fail "-q still logs info lines"; return; }
	return 0
}

# xdp6ctl dump: a pcap tshark reads, with what the daemon sent (the DAD probe of an address
# added at run time, RFC 4862 §5.4.2: from ::) and what it received from the peer.
t_dump_writes_pcap_of_sent_and_received_frames()
{
	local f=$X6_LOGDIR/dump.pcap e=$X6_LOGDIR/dump.err dp n_tx n_rx a=2001:db8::7

	x6_daemon_start -a "$X6_ADDR_DUT/$X6_PLEN" || { x6_fail "$X6_WHY"; return; }
	x6_wait_addr "$X6_ADDR_DUT" preferred || { x6_fail "$X6_WHY"; return; }
	rm -f "$f" "$e"
	timeout 30 nsenter --net="/run/netns/$X6_NS_DUT" "$X6_XDP6CTL" dump -c 100 -w "$f" \
		2>"$e" &
	dp=$!
	x6_wait 5 grep -q "capturing" "$e" || { x6_fail "dump did not start: $(cat "$e")"; return; }
	x6_ctl addr add "$a/64" dev "$X6_IF_DUT" >/dev/null || { x6_fail "addr add"; return; }
	# while tentative, the peer's Neighbor Solicitation goes to the daemon
	x6_peer ping -6 -n -c 1 -W 1 "$a" >/dev/null 2>&1
	x6_wait_addr "$a" preferred || { x6_fail "$X6_WHY"; return; }
	x6_peer ping -6 -n -c 1 -W 1 "$X6_ADDR_DUT" >/dev/null 2>&1
	kill -INT "$dp"
	wait "$dp"
	grep -q "xdp6d: 0 frames dropped" "$e" && grep -q "frames captured" "$e" ||
		{ x6_fail "summary: $(cat "$e")"; return; }
	n_tx=$(x6_tshark "$f" "icmpv6.type == 135 && ipv6.src == :: && icmpv6.nd.ns.target_address == $a" \
		frame.number | grep -c .)
	n_rx=$(x6_tshark "$f" "eth.src == $X6_MAC_PEER" frame.number | grep -c .)
	[ "$n_tx" -ge 1 ] || { x6_fail "no DAD probe for $a in the capture: $(tshark -n -r "$f" 2>&1 | head -n 5)"; return; }
	[ "$n_rx" -ge 1 ] || { x6_fail "no frame from the peer in the capture: $(tshark -n -r "$f" 2>&1 | head -n 5)"; return; }
	x6_ctl addr del "$a/64" dev "$X6_IF_DUT" >/dev/null
	return 0
}

# A reader that stops reading: the daemon keeps answering (fragmented echo requests, which it
# reassembles and answers itself, RFC 8200 §4.5) and control requests, and the capture counts
# what it could not take.
t_dump_slow_reader_loses_frames_counted_daemon_never_blocked()
{
	local e=$X6_LOGDIR/slow.err dp out rcvd

	rm -f "$X6_LOGDIR/slow.pid"
	x6_daemon_ensure -a "$X6_ADDR_DUT/$X6_PLEN" || { x6_fail "$X6_WHY"; return; }
	x6_wait_addr "$X6_ADDR_DUT" preferred || { x6_fail "$X6_WHY"; return; }
	rm -f "$e"
	# the pipe stalls for 12 s: once its 64 KiB and the 1 MiB socket buffer are full, xdp6d
	# has to drop
	# (sh writes its pid, then becomes nsenter, which becomes xdp6ctl: the pid to signal)
	( sh -c 'echo $$ >"$1"; shift; exec "$@"' sh "$X6_LOGDIR/slow.pid" \
		nsenter --net="/run/netns/$X6_NS_DUT" "$X6_XDP6CTL" dump -w - 2>"$e" |
		{ sleep 12; cat >/dev/null; } ) &
	dp=$!
	x6_wait 5 grep -q "capturing" "$e" || { x6_fail "dump did not start: $(cat "$e")"; return; }
	out=$(x6_peer timeout 20 ping -6 -n -f -s 2000 -c 2000 "$X6_ADDR_DUT" 2>&1)
	rcvd=$(echo "$out" | sed -n 's/.* \([0-9]*\) received.*/\1/p')
	x6_ctl status >/dev/null || { x6_fail "xdp6d does not answer xdp6ctl while the reader stalls"; return; }
	[ "${rcvd:-0}" -ge 1800 ] || { x6_fail "flood answered $rcvd/2000 while the reader stalls"; return; }
	# let the reader drain, then end the capture
	sleep 13
	kill -INT "$(cat "$X6_LOGDIR/slow.pid")" 2>/dev/null
	x6_wait 10 grep -q "frames captured" "$e" || { x6_fail "no summary: $(cat "$e")"; return; }
	wait "$dp" 2>/dev/null
	grep -qE "xdp6d: [1-9][0-9]* frames dropped for a slow reader" "$e" ||
		{ x6_fail "no drops counted: $(tail -n 1 "$e")"; return; }
	x6_daemon_running || { x6_fail "xdp6d died"; return; }
}

x6_main t_config_file_alone_serves_its_interface_and_addresses \
	t_config_error_exits_2_naming_file_line_nothing_attached \
	t_command_line_addr_replaces_the_files \
	t_sighup_applies_the_difference_kept_address_answers_throughout \
	t_ctl_reload_bad_file_changes_nothing_and_exits_1 \
	t_reload_echo_rate_applies_to_a_flood_no_answer_lost_before \
	t_proxy_key_at_start_and_reload_adds_and_removes \
	t_stats_prometheus_passes_promtool_and_counts_echo_replies \
	t_stats_watch_prints_rates_of_moving_counters \
	t_journal_stream_gives_priority_prefixes_and_quiet_drops_info \
	t_dump_writes_pcap_of_sent_and_received_frames \
	t_dump_slow_reader_loses_frames_counted_daemon_never_blocked
