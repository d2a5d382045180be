#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Installing and running as a service (issue 14): `make install` into a DESTDIR puts every file
# in place and the installed xdp6d serves the veth rig on its own (the BPF object is embedded);
# the systemd unit passes `systemd-analyze verify` (its man: links included) and its sandbox scores as exposed no more
# than "OK"; xdp6d works within the unit's CapabilityBoundingSet (restart adoption included);
# READY=1 (sd_notify, Type=notify) comes only once the program is attached and the maps
# pinned; `make uninstall` removes what install put. systemd is not PID 1 here, so the unit
# itself is not started: its capability set is applied with setpriv instead.
set -u
. "$(dirname "$0")/lib.sh"
x6_init i || exit 1

DEST=		# the DESTDIR of this run (under X6_LOGDIR)
PFX=/usr	# PREFIX installed with
INSTALLED=(usr/sbin/xdp6d usr/sbin/xdp6ctl etc/systemd/system/xdp6d.service
	   usr/share/doc/xdp6/xdp6d.conf.example usr/share/bash-completion/completions/xdp6d
	   usr/share/bash-completion/completions/xdp6ctl usr/share/man/man8/xdp6d.8
	   usr/share/man/man8/xdp6ctl.8 usr/share/man/man5/xdp6d.conf.5)

# i_make TARGET: make TARGET with this run's DESTDIR and PREFIX (output in make.log).
i_make()
{
	make -s -C "$X6_ROOT" BUILD="$X6_BUILD" DESTDIR="$DEST" PREFIX="$PFX" "$1" \
		>"$X6_LOGDIR/make.log" 2>&1
}

# i_with_installed CMD...: run CMD with the rig's binaries replaced by the installed ones.
i_with_installed()
{
	local d=$X6_XDP6D c=$X6_XDP6CTL rc

	X6_XDP6D=$DEST$PFX/sbin/xdp6d
	X6_XDP6CTL=$DEST$PFX/sbin/xdp6ctl
	"$@"
	rc=$?
	X6_XDP6D=$d
	X6_XDP6CTL=$c
	return $rc
}

# The unit as installed, its Exec paths pointing into DEST (systemd-analyze checks they exist).
i_unit()
{
	sed "s|$PFX/sbin/|$DEST$PFX/sbin/|g" "$DEST/etc/systemd/system/xdp6d.service" \
		>"$X6_LOGDIR/xdp6d.service"
	echo "$X6_LOGDIR/xdp6d.service"
}

t_make_install_destdir_puts_every_file_in_place()
{
	local f

	DEST=$X6_LOGDIR/dest
	rm -rf "$DEST"
	i_make install || { x6_fail "make install: $(tail -n 3 "$X6_LOGDIR/make.log")"; return; }
	for f in "${INSTALLED[@]}"; do
		[ -e "$DEST/$f" ] || { x6_fail "$f not installed"; return; }
	done
	[ -x "$DEST/usr/sbin/xdp6d" ] && [ -x "$DEST/usr/sbin/xdp6ctl" ] ||
		{ x6_fail "binaries not executable"; return; }
	grep -qx "ExecStart=$PFX/sbin/xdp6d" "$DEST/etc/systemd/system/xdp6d.service" ||
		{ x6_fail "the unit does not run $PFX/sbin/xdp6d"; return; }
	"$DEST/usr/sbin/xdp6d" --check-config -c "$DEST/usr/share/doc/xdp6/xdp6d.conf.example" ||
		{ x6_fail "the installed example does not parse"; return; }
	# the completion loads and completes xdp6ctl commands
	bash -c ". '$DEST/usr/share/bash-completion/completions/xdp6d'
		COMP_WORDS=(xdp6ctl rel); COMP_CWORD=1; _xdp6ctl; echo \${COMPREPLY[*]}" |
		grep -qx reload || { x6_fail "bash completion does not complete 'rel'"; return; }
}

t_installed_xdp6d_serves_the_rig()
{
	[ -x "$DEST$PFX/sbin/xdp6d" ] || { x6_fail "nothing installed"; return; }
	i_with_installed x6_daemon_start --no-dad -a "$X6_ADDR_DUT/$X6_PLEN" ||
		{ x6_fail "$X6_WHY"; return; }
	x6_wait 5 x6_peer ping -6 -n -c 1 -W 1 "$X6_ADDR_DUT" >/dev/null ||
		{ x6_fail "the installed xdp6d does not answer"; x6_daemon_stop; return; }
	i_with_installed x6_ctl status >/dev/null ||
		{ x6_fail "the installed xdp6ctl gets no status"; x6_daemon_stop; return; }
	x6_daemon_stop
}

t_unit_passes_systemd_analyze_verify_and_is_sandboxed()
{
	local unit out level

	[ -e "$DEST/etc/systemd/system/xdp6d.service" ] || { x6_fail "nothing installed"; return; }
	unit=$(i_unit)
	# Documentation=man:... must name installed pages too
	out=$(MANPATH=$DEST$PFX/share/man systemd-analyze verify "$unit" 2>&1) ||
		{ x6_fail "systemd-analyze verify: $out"; return; }
	[ -z "$out" ] || { x6_fail "systemd-analyze verify warns: $out"; return; }
	# "Overall exposure level for xdp6d.service: 3.0 OK": 0 best .. 10 worst; OK is < 5
	out=$(systemd-analyze security --offline=yes "$unit" 2>&1 | tail -n 1)
	level=$(echo "$out" | sed -n 's/.*: \([0-9.]*\) .*/\1/p')
	[ -n "$level" ] && awk -v l="$level" 'BEGIN { exit !(l < 5) }' ||
		{ x6_fail "exposure: $out"; return; }
}

# Runs the (installed) daemon as root with exactly the unit's CapabilityBoundingSet.
t_xdp6d_works_within_the_units_capability_bounding_set()
{
	local caps wrap=$X6_LOGDIR/capwrap saved=$X6_XDP6D

	[ -e "$DEST/etc/systemd/system/xdp6d.service" ] || { x6_fail "nothing installed"; return; }
	caps=$(sed -n 's/^CapabilityBoundingSet=//p' "$DEST/etc/systemd/system/xdp6d.service" |
		tr 'A-Z' 'a-z' | sed 's/cap_/+/g; s/ /,/g')
	[ -n "$caps" ] || { x6_fail "no CapabilityBoundingSet in the unit"; return; }
	printf '#!/bin/sh\nexec setpriv --bounding-set=-all,%s --inh-caps=-all --no-new-privs %s "$@"\n' \
		"$caps" "$DEST$PFX/sbin/xdp6d" >"$wrap"
	chmod +x "$wrap"
	X6_XDP6D=$wrap
	x6_daemon_start --no-dad -a "$X6_ADDR_DUT/$X6_PLEN"
	local rc=$?
	X6_XDP6D=$saved
	[ $rc -eq 0 ] || { x6_fail "with $caps: $X6_WHY"; return; }
	x6_wait 5 x6_peer ping -6 -n -c 1 -W 1 "$X6_ADDR_DUT" >/dev/null ||
		{ x6_fail "no answer with $caps"; x6_daemon_stop; return; }
	# Restart=on-failure: the restarted xdp6d adopts what the killed one left
	x6_daemon_stop KILL
	X6_XDP6D=$wrap
	x6_daemon_start --no-dad -a "$X6_ADDR_DUT/$X6_PLEN"
	rc=$?
	X6_XDP6D=$saved
	[ $rc -eq 0 ] || { x6_fail "restart with $caps: $X6_WHY"; return; }
	grep -q "adopted" "$X6_DAEMON_LOG" ||
		{ x6_fail "the restart did not adopt: $(tail -n 2 "$X6_DAEMON_LOG")"; return; }
	x6_daemon_stop
	[ "$X6_DAEMON_RC" = 0 ] && ! x6_pinned && ! x6_xdp_attached ||
		{ x6_fail "stop with $caps: rc $X6_DAEMON_RC, pins or program left"; return; }
}

# A stand-in for systemd's notify socket: on READY=1 it looks at the interface and the pins.
t_sd_notify_ready_only_once_attached_and_pinned()
{
	local sock=$X6_LOGDIR/notify.sock seen=$X6_LOGDIR/notify.txt lp

	rm -f "$sock" "$seen"
	"$X6_PY" - "$sock" "$seen" "$X6_NS_DUT" "$X6_IF_DUT" "$X6_PIN_DIR" <<'EOF' &
import os, socket, subprocess, sys
sock, seen, ns, ifname, pins = sys.argv[1:]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sock)
s.settimeout(20)
with open(seen, "w") as out:
    try:
        while True:
            msg = s.recv(4096).decode()
            if "READY=1" not in msg.split("\n"):
                continue
            link = subprocess.run(["ip", "-n", ns, "link", "show", "dev", ifname],
                                  capture_output=True, text=True).stdout
            pinned = os.path.isdir(pins) and len(os.listdir(pins)) > 0
            out.write("READY attached=%s pinned=%s\n" % ("xdp" in link, pinned))
            break
    except socket.timeout:
        out.write("no READY=1\n")
EOF
	lp=$!
	x6_wait 5 test -S "$sock" || { x6_fail "notify listener did not start"; return; }
	NOTIFY_SOCKET=$sock x6_daemon_start --no-dad -a "$X6_ADDR_DUT/$X6_PLEN" ||
		{ x6_fail "$X6_WHY"; kill "$lp"; return; }
	wait "$lp"
	x6_daemon_stop
	grep -qx "READY attached=True pinned=True" "$seen" ||
		{ x6_fail "notify: $(cat "$seen" 2>/dev/null || echo nothing)"; return; }
}

t_make_uninstall_removes_what_install_put()
{
	local left

	[ -n "$DEST" ] || { x6_fail "nothing installed"; return; }
	i_make uninstall || { x6_fail "make uninstall: $(tail -n 3 "$X6_LOGDIR/make.log")"; return; }
	left=$(find "$DEST" -type f -o -type l)
	[ -z "$left" ] || { x6_fail "left: $left"; return; }
}

x6_main t_make_install_destdir_puts_every_file_in_place \
	t_installed_xdp6d_serves_the_rig \
	t_unit_passes_systemd_analyze_verify_and_is_sandboxed \
	t_xdp6d_works_within_the_units_capability_bounding_set \
	t_sd_notify_ready_only_once_attached_and_pinned \
	t_make_uninstall_removes_what_install_put
