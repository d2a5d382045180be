#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# A hostile local user against the control socket (issue 9 items 13, 14): uid 65534 in the
# daemon's network namespace must not lock root out of xdp6ctl (idle connections), nor stop
# xdp6d from starting or answer root's xdp6ctl in its place (squatting the socket name); a
# server not running as root is refused by xdp6ctl. Root's own slow clients (silent, or not
# reading a large reply) must not block other clients or the event loop either.
set -u
. "$(dirname "$0")/../integration/lib.sh"
x6_init l || exit 1

LC_PIDS=
# Background helpers (attackers, fake servers) die with the script.
lc_cleanup()
{
	local p

	for p in $LC_PIDS; do kill "$p" 2>/dev/null; done
	LC_PIDS=
	x6_cleanup
}
trap lc_cleanup EXIT

LC_NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all)
# uid 65534 that may open any file (CAP_DAC_OVERRIDE): gets past the socket file's mode, so
# what stops it is the daemon's own SO_PEERCRED check.
LC_NOBODY_DAC=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=+dac_override
	       --ambient-caps=+dac_override)

lc_daemon()
{
	x6_daemon_ensure -a "$X6_ADDR_DUT/$X6_PLEN" --no-dad &&
		x6_wait_addr "$X6_ADDR_DUT" preferred
}

# lc_sock: the control socket the running daemon reports (status --json), "@name" for an
# abstract one.
lc_sock()
{
	x6_ctl status --json 2>/dev/null | "$X6_PY" -c '
import json, sys
print(json.load(sys.stdin)["control_socket"])'
}

# lc_ctl_ok WHAT: root's `xdp6ctl addr show --json` answers within 3 s, exit 0, listing our
# address (the daemon's answer, not an impostor's).
lc_ctl_ok()
{
	local t0 t1 out rc

	t0=$(date +%s%N)
	out=$(x6_ctl addr show --json 2>&1)
	rc=$?
	t1=$(date +%s%N)
	if [ "$rc" -ne 0 ]; then
		X6_WHY="$1: xdp6ctl exited $rc: $(echo "$out" | head -c 200)"
		return 1
	fi
	if [ $(((t1 - t0) / 1000000)) -gt 3000 ]; then
		X6_WHY="$1: xdp6ctl took $(((t1 - t0) / 1000000)) ms"
		return 1
	fi
	echo "$out" | x6_json '
ok(any(same_addr(a.get("addr"), "'"$X6_ADDR_DUT"'") for a in j), "no '"$X6_ADDR_DUT"'")
' >/dev/null || { X6_WHY="$1: xdp6ctl answer is not the daemon's: $(echo "$out" |
		head -c 200)"; return 1; }
}

# Opens N connections to the socket argv[1] ("@name": abstract) and keeps them, silent, for
# HOLD seconds; prints "connected C held H errors {errno: count}" once it has tried them all,
# H being the connections the server had neither answered nor closed after half a second.
LC_HOLD_PY='
import errno, socket, sys, time
path, n, hold = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
addr = "\0" + path[1:] if path.startswith("@") else path
socks, errs = [], {}
for i in range(n):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    s.settimeout(1)
    try:
        s.connect(addr)
        socks.append(s)
    except OSError as e:
        k = errno.errorcode.get(e.errno, e.errno)
        errs[k] = errs.get(k, 0) + 1
        s.close()
time.sleep(0.5)
held = 0
for s in socks:
    s.setblocking(False)
    try:
        s.recv(65536)
    except BlockingIOError:
        held += 1
    except OSError:
        pass
print("connected %d held %d errors %s" % (len(socks), held, errs), flush=True)
time.sleep(hold)
'

# lc_hold OUT CMD...: run the holder as CMD... (a setpriv prefix or nothing) in the DUT
# namespace, 32 connections for 6 s, in the background; wait for its report line in OUT.
lc_hold()
{
	local out=$1 sock

	shift
	sock=$(lc_sock) || { X6_WHY="status --json gave no control_socket"; return 1; }
	lc_bg "$out" "$@" "$X6_PY" -c "$LC_HOLD_PY" "$sock" 32 6
	x6_wait 15 grep -qs '^connected' "$out" ||
		{ X6_WHY="holder did not report: $(head -c 200 "$out")"; return 1; }
}

# lc_bg OUT CMD...: CMD in the DUT namespace in the background, stdout+stderr to OUT; nsenter
# execs CMD in place, so the pid remembered is CMD's own and lc_reap ends it.
lc_bg()
{
	local out=$1

	shift
	nsenter --net="/run/netns/$X6_NS_DUT" "$@" >"$out" 2>&1 </dev/null &
	LC_PIDS="$LC_PIDS $!"
}

lc_reap()
{
	local p

	for p in $LC_PIDS; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	LC_PIDS=
}

# Item 13: 32 idle connections from uid 65534 (8 took every slot for 5 s before the fix).
nobody_idle_connections_never_lock_root_out()
{
	local out=$X6_LOGDIR/hold.nobody i

	lc_daemon || { x6_fail "$X6_WHY"; return; }
	lc_hold "$out" "${LC_NOBODY[@]}" || { lc_reap; x6_fail "$X6_WHY"; return; }
	for i in 1 2 3; do
		lc_ctl_ok "root xdp6ctl #$i while uid 65534 holds [$(cat "$out")]" ||
			{ lc_reap; x6_fail "$X6_WHY"; return; }
	done
	lc_reap
}

# Item 13 with the file mode out of the way: the daemon answers a non-root peer at once and
# closes it, before it takes a slot.
nobody_with_dac_override_refused_at_accept_holds_no_slot()
{
	local out=$X6_LOGDIR/hold.dac i held

	lc_daemon || { x6_fail "$X6_WHY"; return; }
	lc_hold "$out" "${LC_NOBODY_DAC[@]}" || { lc_reap; x6_fail "$X6_WHY"; return; }
	for i in 1 2 3; do
		lc_ctl_ok "root xdp6ctl #$i while uid 65534 (dac_override) holds [$(cat "$out")]" ||
			{ lc_reap; x6_fail "$X6_WHY"; return; }
	done
	lc_reap
	held=$(sed -n 's/^connected [0-9]* held \([0-9]*\).*/\1/p' "$out")
	[ "$held" = 0 ] || { x6_fail "the daemon kept $held non-root connections: $(cat "$out")"
			     return; }
	# what a non-root xdp6ctl that gets through is told
	out=$(x6_dut "${LC_NOBODY_DAC[@]}" "$X6_XDP6CTL" addr show 2>&1)
	[ $? -eq 1 ] && echo "$out" | grep -q 'permission denied' ||
		{ x6_fail "non-root xdp6ctl (dac_override) got: $out"; return; }
}

# Root's silent clients (a stuck script) must not keep other root clients out for 5 s.
root_silent_connections_do_not_block_other_root_clients()
{
	local out=$X6_LOGDIR/hold.root i

	lc_daemon || { x6_fail "$X6_WHY"; return; }
	lc_hold "$out" || { lc_reap; x6_fail "$X6_WHY"; return; }
	for i in 1 2 3; do
		lc_ctl_ok "root xdp6ctl #$i while 32 silent root connections wait [$(cat \
			"$out")]" ||
			{ lc_reap; x6_fail "$X6_WHY"; return; }
	done
	lc_reap
}

# A root client that asks for a large reply and never reads it: the daemon must keep serving
# (it blocked in send() for 5 s before, every frame and command waiting behind it).
LC_NOREAD_PY='
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
p = sys.argv[1]
s.connect("\0" + p[1:] if p.startswith("@") else p)
s.send(b"addr\0show\0--json\0")
print("sent", flush=True)
time.sleep(8)
'

root_client_not_reading_large_reply_does_not_stall_daemon()
{
	local out=$X6_LOGDIR/noread args=() i sock

	# 2500 addresses: `addr show --json` is ~350 KB, more than the socket buffer holds
	for i in $(seq 1 2500); do args+=(-a "2001:db8:5::$(printf %x "$i")/64"); done
	x6_daemon_start -a "$X6_ADDR_DUT/$X6_PLEN" --no-dad --max-addrs 4096 "${args[@]}" ||
		{ x6_fail "$X6_WHY"; return; }
	x6_wait_addr "$X6_ADDR_DUT" preferred || { x6_fail "$X6_WHY"; return; }
	sock=$(lc_sock) || { x6_fail "status --json gave no control_socket"; return; }
	lc_bg "$out" "$X6_PY" -c "$LC_NOREAD_PY" "$sock"
	x6_wait 10 grep -qs '^sent' "$out" || { lc_reap; x6_fail "client: $(cat "$out")"; return; }
	sleep 0.5
	for i in 1 2 3; do
		lc_ctl_ok "root xdp6ctl #$i while a client does not read its reply" ||
			{ lc_reap; x6_fail "$X6_WHY"; return; }
	done
	lc_reap
	x6_daemon_stop	# the next tests want the small daemon back
}

# A fake server (SOCK_SEQPACKET) answering every request with "IMPOSTOR" and exit 0. It binds
# the abstract name @xdp6d as the user it runs as, and tries the daemon's path (argv[1]; it
# prints what each bind gave), then serves for 20 s.
LC_IMPOSTOR_PY='
import os, select, socket, sys, time
out = []
socks = []
for name in ["\0xdp6d", sys.argv[1]]:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    try:
        if not name.startswith("\0"):
            os.makedirs(os.path.dirname(name), exist_ok=True)
        s.bind(name)
        s.listen(16)
        socks.append(s)
        out.append("bound %r" % name)
    except OSError as e:
        out.append("%r: %s" % (name, e.strerror))
print("\n".join(out + ["serving"]), flush=True)
end = time.time() + 20
while time.time() < end and socks:
    r, _, _ = select.select(socks, [], [], 0.5)
    for l in r:
        c, _ = l.accept()
        c.settimeout(1)
        try:
            c.recv(65536)
            c.send(b"OIMPOSTOR\n")
            c.send(b"X\0")
        except OSError:
            pass
        c.close()
'

# /run/xdp6/net-<inode of the DUT namespace>.sock, the name xdp6d binds in that namespace.
lc_path()
{
	echo "/run/xdp6/net-$(stat -L -c %i "/run/netns/$X6_NS_DUT").sock"
}

# Item 14: uid 65534 binds the names first; xdp6d still starts, says who holds @xdp6d, and
# root's xdp6ctl talks to xdp6d, not to the impostor.
nobody_squatting_control_names_cannot_stop_nor_impersonate_xdp6d()
{
	local out=$X6_LOGDIR/impostor i

	x6_daemon_stop
	lc_bg "$out" "${LC_NOBODY[@]}" "$X6_PY" -c "$LC_IMPOSTOR_PY" "$(lc_path)"
	x6_wait 10 grep -qs '^serving' "$out" ||
		{ lc_reap; x6_fail "impostor: $(head -c 300 "$out")"; return; }
	grep -q "^bound '/run/" "$out" &&
		{ lc_reap; x6_fail "uid 65534 could bind the daemon's path: $(cat "$out")"
		  return; }
	lc_daemon || { lc_reap; x6_fail "with the names squatted: $X6_WHY ($(cat "$out"))"
		       return; }
	for i in 1 2; do
		lc_ctl_ok "root xdp6ctl #$i with an impostor [$(cat "$out")]" ||
			{ lc_reap; x6_fail "$X6_WHY"; return; }
	done
	if grep -q "bound '.x00xdp6d'" "$out"; then
		grep -q 'uid 65534 (pid [0-9]*) listens on the abstract socket @xdp6d' \
			"$X6_DAEMON_LOG" ||
			{ lc_reap; x6_fail "xdp6d did not name the squatter of @xdp6d: $(tail \
				-n 3 "$X6_DAEMON_LOG")"; return; }
	fi
	lc_reap
	[ "$(stat -c '%U %a' "$(lc_path)")" = "root 600" ] &&
		[ "$(stat -c '%U %a' /run/xdp6)" = "root 755" ] ||
		{ x6_fail "modes: $(stat -c '%n %U %a' /run/xdp6 "$(lc_path)")"; return; }
}

# Item 14, client side: a server that is not root is not xdp6d, whatever name it listens on.
# The fake one binds the daemon's path as root and listens as uid 65534 (SO_PEERCRED reports
# who called listen()), and also holds @xdp6d as uid 65534.
LC_NOTROOT_PY='
import os, select, socket, sys, time
p = sys.argv[1]
os.makedirs(os.path.dirname(p), exist_ok=True)
try:
    os.unlink(p)
except FileNotFoundError:
    pass
socks = []
for name in [p, "\0xdp6d"]:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    s.bind(name)
    socks.append(s)
os.chmod(p, 0o600)
os.setgroups([])
os.setresgid(65534, 65534, 65534)
os.setresuid(65534, 65534, 65534)
for s in socks:
    s.listen(16)
print("listening", flush=True)
end = time.time() + 20
while time.time() < end:
    r, _, _ = select.select(socks, [], [], 0.5)
    for l in r:
        c, _ = l.accept()
        c.settimeout(1)
        try:
            c.recv(65536)
            c.send(b"OIMPOSTOR\n")
            c.send(b"X\0")
        except OSError:
            pass
        c.close()
'

ctl_refuses_a_server_not_running_as_root()
{
	local out=$X6_LOGDIR/notroot res rc

	x6_daemon_stop
	lc_bg "$out" "$X6_PY" -c "$LC_NOTROOT_PY" "$(lc_path)"
	x6_wait 10 grep -qs '^listening' "$out" ||
		{ lc_reap; x6_fail "fake server: $(head -c 300 "$out")"; return; }
	res=$(x6_ctl addr show 2>&1)
	rc=$?
	lc_reap
	rm -f "$(lc_path)"
	echo "$res" | grep -q IMPOSTOR &&
		{ x6_fail "xdp6ctl printed the fake server's answer (exit $rc): $res"; return; }
	[ "$rc" -eq 1 ] || { x6_fail "xdp6ctl exited $rc, want 1: $res"; return; }
	echo "$res" | grep -q 'uid 65534.*not root' ||
		{ x6_fail "xdp6ctl did not say why: $res"; return; }
}

# Item 14: the second xdp6d says which one runs (pid), exits 2, and the first keeps its socket.
second_xdp6d_names_the_running_one_by_pid()
{
	local rc

	lc_daemon || { x6_fail "$X6_WHY"; return; }
	x6_daemon_run -a 2001:db8::77/64 "$X6_IF_DUT"
	rc=$?
	[ "$rc" -eq 2 ] || { x6_fail "second xdp6d exited $rc, want 2"; return; }
	grep -q "another xdp6d already runs.*pid $X6_DAEMON_PID\b" "$X6_LOGDIR/run.err" ||
		{ x6_fail "no pid $X6_DAEMON_PID in: $(head -c 300 "$X6_LOGDIR/run.err")"; return; }
	lc_ctl_ok "the first xdp6d after the second was refused" || { x6_fail "$X6_WHY"; return; }
}

x6_main nobody_idle_connections_never_lock_root_out \
	nobody_with_dac_override_refused_at_accept_holds_no_slot \
	root_silent_connections_do_not_block_other_root_clients \
	root_client_not_reading_large_reply_does_not_stall_daemon \
	nobody_squatting_control_names_cannot_stop_nor_impersonate_xdp6d \
	ctl_refuses_a_server_not_running_as_root \
	second_xdp6d_names_the_running_one_by_pid
