#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Router discovery and SLAAC end to end against radvd and scapy in the peer: Router Solicitation
# at start (RFC 4861 §6.3.7, §4.1), RA processing (§6.1.2 validity, §6.3.4 parameters, RFC 8106
# RDNSS/DNSSL), address formation, lifetimes and the two-hour rule (RFC 4862 §5.5.3, §5.5.4),
# stable-privacy identifiers (RFC 7217) and temporary addresses (RFC 8981); SLAAC leaves a
# static address alone and ignores a multicast prefix (issue 9).
set -u
. "$(dirname "$0")/lib.sh"
x6_init s || exit 1
trap 'sl_radvd_stop; x6_cleanup' EXIT

PREFIX=2001:db8:1::			# what radvd advertises (/64)
EUI_ADDR=2001:db8:1::ff:fe00:1		# RFC 4291 App. A modified EUI-64 of 02:00:00:00:00:01
EUI_LL=fe80::ff:fe00:1			# the same identifier on fe80::/64
PEER_ADDR1=2001:db8:1::ff		# the peer's own address in PREFIX (pings come from it)
RA_HOP_LIMIT=42				# AdvCurHopLimit
RA_MTU=1400				# AdvLinkMTU
RA_VALID=86400				# AdvValidLifetime
RA_PREFERRED=14400			# AdvPreferredLifetime
RA_ROUTER_LIFETIME=30			# AdvDefaultLifetime
DNS_SERVER=2001:db8::53			# RDNSS
DNS_SEARCH=example.test			# DNSSL
NEW_PREFIX=2001:db8:2::			# unknown to the DUT: short lifetimes are taken as they are
NEW_ADDR=2001:db8:2::ff:fe00:1
BAD_PREFIX=2001:db8:3::			# advertised only in the invalid RAs (and their valid twin)
BAD_ADDR=2001:db8:3::ff:fe00:1
BAD_DNS=2001:db8::99
STATIC_EUI=2001:db8::ff:fe00:1		# static, in the rig's 2001:db8::/64: what SLAAC would form
SPOOF_LL=fe80::bad			# any link-local source can send an RA
MCAST_PREFIX=ff0e:1::			# issue 9 item 20
BAD_HOP_LIMIT=7
BAD_MTU=1300
TWO_HOURS=7200				# RFC 4862 §5.5.3 e
ND_HOP_LIMIT=255			# RFC 4861 §6.1.2, §4.1
SECRET1=xdp6-test-secret-one		# --stable-privacy
SECRET2=xdp6-test-secret-two
SL_TIMEOUT=25				# seconds for an RA-made address to show up preferred:
					# RS delay + radvd's 3-4 s interval + DAD (0-1 s + 1 s)

# radvd ---------------------------------------------------------------------------------------

SL_RADVD_PID=
SL_RADVD_WRAP=
SL_RADVD_PREF=
SL_PEER_READY=0

# sl_peer_setup: the peer becomes a router (radvd refuses to run otherwise) with an address in
# PREFIX, so its pings to SLAAC addresses leave on the veth. Once per script.
sl_peer_setup()
{
	[ "$SL_PEER_READY" = 1 ] && return 0
	x6_peer sysctl -qw net.ipv6.conf.all.forwarding=1 ||
		{ X6_WHY="cannot set forwarding in the peer"; return 1; }
	ip -n "$X6_NS_PEER" addr add "$PEER_ADDR1/64" dev "$X6_IF_PEER" nodad 2>/dev/null ||
		{ X6_WHY="cannot add $PEER_ADDR1 to the peer"; return 1; }
	SL_PEER_READY=1
}

# sl_radvd_conf PREFERRED_LIFETIME: write $X6_LOGDIR/radvd.conf.
sl_radvd_conf()
{
	cat >"$X6_LOGDIR/radvd.conf" <<EOF
interface $X6_IF_PEER
{
	AdvSendAdvert on;
	MinRtrAdvInterval 3;
	MaxRtrAdvInterval 4;
	AdvCurHopLimit $RA_HOP_LIMIT;
	AdvLinkMTU $RA_MTU;
	AdvDefaultLifetime $RA_ROUTER_LIFETIME;
	AdvDefaultPreference medium;
	AdvManagedFlag off;
	AdvOtherConfigFlag on;
	prefix $PREFIX/64
	{
		AdvOnLink on;
		AdvAutonomous on;
		AdvValidLifetime $RA_VALID;
		AdvPreferredLifetime $1;
	};
	RDNSS $DNS_SERVER
	{
	};
	DNSSL $DNS_SEARCH
	{
	};
};
EOF
	SL_RADVD_PREF=$1
}

# sl_radvd_ensure [PREFERRED_LIFETIME]: radvd runs in the peer with this configuration (default
# RA_PREFERRED): started if it is not running, reloaded (SIGHUP) if its configuration differs.
sl_radvd_ensure()
{
	local pref=${1:-$RA_PREFERRED} run=$X6_LOGDIR/radvd

	sl_peer_setup || return 1
	if [ -n "$SL_RADVD_PID" ] && x6_pid_alive "$SL_RADVD_PID"; then
		[ "$SL_RADVD_PREF" = "$pref" ] && return 0
		sl_radvd_conf "$pref"
		kill -HUP "$SL_RADVD_PID"
		return 0
	fi
	sl_radvd_conf "$pref"
	rm -f "$run.pid" "$run.wpid"
	# wrapper subshell as in x6_daemon_start: no "Terminated" job notice from bash
	(
		ip netns exec "$X6_NS_PEER" radvd -n -C "$X6_LOGDIR/radvd.conf" -p "$run.pid" \
			-m stderr >>"$X6_LOGDIR/radvd.log" 2>&1 </dev/null &
		echo $! >"$run.wpid.new" && mv "$run.wpid.new" "$run.wpid"
		wait $!
	) 2>/dev/null &
	SL_RADVD_WRAP=$!
	x6_wait 5 test -s "$run.wpid" || { X6_WHY="radvd wrapper did not start"; return 1; }
	SL_RADVD_PID=$(cat "$run.wpid")
	# radvd writes its pid file once it has read the configuration and opened its socket
	if ! x6_wait 5 test -s "$run.pid" || ! x6_pid_alive "$SL_RADVD_PID"; then
		X6_WHY="radvd did not start: $(tail -n 3 "$X6_LOGDIR/radvd.log" | tr '\n' ' ')"
		sl_radvd_stop
		return 1
	fi
}

# sl_radvd_stop: SIGTERM radvd (it sends a final RA with router lifetime 0), wait for it.
sl_radvd_stop()
{
	local pid=$SL_RADVD_PID

	[ -z "$pid" ] && return 0
	kill -TERM "$pid" 2>/dev/null
	x6_wait 5 eval "! x6_pid_alive $pid" || kill -KILL "$pid" 2>/dev/null
	wait "$SL_RADVD_WRAP" 2>/dev/null
	SL_RADVD_PID=
	SL_RADVD_WRAP=
	SL_RADVD_PREF=
}

# scapy Router Advertisements -----------------------------------------------------------------

# ra(...): an RA from the peer (link-local source, hop limit 255 unless told) to ff02::1 with a
# Source Link-Layer Address option and, when given, MTU, Prefix Information and RDNSS options.
SL_PY_RA='
def ra(src=None, hlim=255, chlim=0, mtu=None, prefix=None, valid=0, preferred=0,
       rtrlife=0, rdnss=None):
    p = (Ether(src=PEER_MAC, dst="33:33:00:00:00:01") /
         IPv6(src=src or PEER_LL, dst="ff02::1", hlim=hlim) /
         ICMPv6ND_RA(chlim=chlim, prf=0, routerlifetime=rtrlife) /
         ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC))
    if mtu:
        p = p / ICMPv6NDOptMTU(mtu=mtu)
    if prefix:
        p = p / ICMPv6NDOptPrefixInfo(prefix=prefix, prefixlen=64, L=1, A=1,
                                      validlifetime=valid, preferredlifetime=preferred)
    if rdnss:
        p = p / ICMPv6NDOptRDNSS(dns=[rdnss], lifetime=600)
    return p
'

# sl_ra_send 'ARGS': send ra(ARGS) from the peer.
sl_ra_send()
{
	local out

	out=$(x6_scapy "$SL_PY_RA
sendp(ra($1), iface=IF)") || { X6_WHY="scapy: $out"; return 1; }
}

# xdp6ctl JSON ---------------------------------------------------------------------------------

# sl_show ARGS...: `xdp6ctl ARGS... dev DUT --json` (status takes no dev) into SL_JSON; on
# failure X6_WHY says why.
sl_show()
{
	local rc args=("$@")

	[ "$1" = status ] || args+=(dev "$X6_IF_DUT")
	SL_JSON=$(x6_ctl "${args[@]}" --json 2>"$X6_LOGDIR/ctl.err")
	rc=$?
	[ "$rc" -eq 0 ] && return 0
	X6_WHY="xdp6ctl ${args[*]} --json exited $rc:"
	X6_WHY+=" $(head -c 300 "$X6_LOGDIR/ctl.err" | tr '\n' ' ')"
	return 1
}

# sl_check 'PY' ARGS...: sl_show ARGS, then evaluate PY (x6_json: j, ok(), same_addr()) with
# `m` = the objects of the DUT veth (for status: in its "interfaces" array) and in_prefix(a, p)
# = a lies in p/64. What PY prints lands in SL_OUT. Fails with X6_WHY = the first failed ok()
# (or Python's error).
sl_check()
{
	local py=$1

	shift
	sl_show "$@" || return 1
	SL_OUT=$(printf '%s\n' "$SL_JSON" | x6_json '
if "'"$1"'" == "status" and isinstance(j, dict):
    j = j.get("interfaces")  # xdp6ctl --help: {"pid", ..., "interfaces": [{"ifname", ...}]}
ok(isinstance(j, list), "not a JSON array: %r" % (j,))
m = [e for e in j if isinstance(e, dict) and e.get("ifname") == "'"$X6_IF_DUT"'"]
def in_prefix(a, p):
    try:
        return ipaddress.ip_address(str(a).split("%")[0]) in ipaddress.ip_network(p + "/64")
    except ValueError:
        return False
'"$py") && return 0
	X6_WHY="xdp6ctl $*: $(printf '%s\n' "$SL_OUT" | tail -n 2 | tr '\n' ' ')"
	return 1
}

# sl_addr_in PREFIX ORIGIN [STATE]: the first address of ORIGIN (in STATE) in PREFIX/64 into
# SL_ADDR; fails when there is none.
sl_addr_in()
{
	sl_check '
for a in m:
    if (in_prefix(a.get("addr"), "'"$1"'") and a.get("origin") == "'"$2"'" and
            ("'"${3:-}"'" == "" or a.get("state") == "'"${3:-}"'")):
        print(ipaddress.ip_address(str(a["addr"]).split("%")[0]))
        sys.exit(0)
ok(False, "no '"$2 ${3:-}"' address in '"$1"'/64: %r" % (m,))
' addr show || return 1
	SL_ADDR=$SL_OUT
}

# sl_no_addr_in PREFIX: no address in PREFIX/64 is listed.
sl_no_addr_in()
{
	sl_check '
bad = [a for a in m if in_prefix(a.get("addr"), "'"$1"'")]
ok(not bad, "listed: %r" % (bad,))
' addr show
}

# sl_no_auto_addr: no slaac or temporary address is listed.
sl_no_auto_addr()
{
	sl_check '
bad = [a for a in m if a.get("origin") in ("slaac", "temporary")]
ok(not bad, "listed: %r" % (bad,))
' addr show
}

# sl_daemon: the daemon with default options (DAD, RA, SLAAC) runs.
sl_daemon()
{
	# shellcheck disable=SC2119 # no options: the defaults are what is tested
	x6_daemon_ensure
}

# sl_slaac_up: radvd advertising PREFIX, the default daemon, the EUI-64 address preferred.
sl_slaac_up()
{
	sl_radvd_ensure || return 1
	sl_daemon || return 1
	x6_wait_addr "$EUI_ADDR" preferred "$SL_TIMEOUT"
}

# sl_ping ADDR [ping options]: ping from the peer, output in $PING_OUT; true if all answered.
sl_ping()
{
	local a=$1 n

	shift
	x6_ping "$a" -c 3 -i 0.3 -W 2 "$@"
	n=$(x6_ping_received)
	[ "$n" = 3 ] || { X6_WHY="ping $a: $(echo "$PING_OUT" | tail -n 2 | tr '\n' ' ')"
			  return 1; }
}

# sl_pcap_has PCAP FILTER: a frame matching FILTER is in PCAP (may still be written).
sl_pcap_has()
{
	[ -n "$(x6_tshark "$1" "$2" frame.number)" ]
}

# sl_stat_ge NAME N: stats reason NAME is at least N.
sl_stat_ge()
{
	local n

	n=$(x6_stat "$1" 2>/dev/null) && [ "$n" -ge "$2" ]
}

# ms since the epoch
sl_now_ms()
{
	echo $(($(date +%s%N) / 1000000))
}

# tests ----------------------------------------------------------------------------------------

# RFC 4861 §6.3.7: RS to all-routers at start; §6.1.1/§4.1: hop limit 255, SLLA option unless
# the source is the unspecified address. No radvd yet: nothing answers, all RSes are sent.
rs_at_start_to_all_routers_hop_limit_255_slla_from_link_local()
{
	local pcap rs bad ll

	x6_daemon_stop
	sl_radvd_stop
	x6_capture_start rs icmp6 || { x6_fail "$X6_WHY"; return; }
	x6_daemon_start || { x6_capture_stop rs >/dev/null; x6_fail "$X6_WHY"; return; }
	pcap=$X6_LOGDIR/rs.pcap
	x6_wait 12 sl_pcap_has "$pcap" "icmpv6.type == 133 && eth.src == $X6_MAC_DUT"
	sleep 0.5
	x6_capture_stop rs >/dev/null
	ll=$(x6_addr_with link-local)
	rs=$(x6_tshark "$pcap" "icmpv6.type == 133 && eth.src == $X6_MAC_DUT" \
		eth.src eth.dst ipv6.src ipv6.dst ipv6.hlim icmpv6.code icmpv6.checksum.status \
		icmpv6.opt.type icmpv6.opt.linkaddr)
	echo "$rs" >"$X6_LOGDIR/rs.txt"
	[ -n "$rs" ] || { x6_fail "no Router Solicitation captured within 12 s of start"; return; }
	# fields: 1 eth.src 2 eth.dst 3 src 4 dst 5 hlim 6 code 7 csum 8 opt types 9 linkaddr
	bad=$(echo "$rs" | awk -F'\t' -v mac="$X6_MAC_DUT" -v ll="$ll" -v h="$ND_HOP_LIMIT" '
		$1 != mac || $2 != "33:33:00:00:00:02" || $4 != "ff02::2" || $5 != h ||
		$6 != 0 || $7 != 1 { print "header: " $0; next }
		$3 == "::" && $8 ~ /(^|,)1(,|$)/ { print "SLLA from ::: " $0; next }
		$3 == "::" { next }
		$3 != ll { print "source not our link-local " ll ": " $0; next }
		$8 !~ /(^|,)1(,|$)/ || $9 != mac { print "no SLLA " mac ": " $0 }')
	[ -z "$bad" ] || { x6_fail "$(echo "$bad" | head -n 2 | tr '\n' ' ')"; return; }
}

# RFC 4862 §5.5.3 d: prefix + interface identifier (modified EUI-64 by default), tentative
# until DAD (§5.4) passes, then preferred.
radvd_prefix_makes_eui64_slaac_address_tentative_then_preferred()
{
	local st seen='' end origin

	sl_radvd_ensure || { x6_fail "$X6_WHY"; return; }
	x6_daemon_start || { x6_fail "$X6_WHY"; return; }
	end=$((SECONDS + SL_TIMEOUT))
	while [ "$SECONDS" -lt "$end" ]; do
		st=$(x6_addr_field "$EUI_ADDR" state)
		[ -n "$st" ] && [ "${seen##* }" != "$st" ] && seen="$seen $st"
		[ "$st" = preferred ] && break
		sleep 0.05
	done
	[ "$seen" = " tentative preferred" ] ||
		{ x6_fail "$EUI_ADDR states seen:${seen:- none} (want tentative preferred);" \
			"radvd log: $(tail -n 2 "$X6_LOGDIR/radvd.log" | tr '\n' ' ')"; return; }
	origin=$(x6_addr_field "$EUI_ADDR" origin)
	[ "$origin" = slaac ] || { x6_fail "$EUI_ADDR origin '$origin', want slaac"; return; }
	[ "$(x6_addr_field "$EUI_ADDR" prefixlen)" = 64 ] ||
		{ x6_fail "$EUI_ADDR prefixlen $(x6_addr_field "$EUI_ADDR" prefixlen)"; return; }
}

# RFC 4862 §5.5.3 d: the lifetimes come from the Prefix Information option.
slaac_address_lifetimes_from_radvd_in_addr_show()
{
	sl_slaac_up || { x6_fail "$X6_WHY"; return; }
	sl_check '
a = [a for a in m if same_addr(a.get("addr"), "'"$EUI_ADDR"'")]
ok(len(a) == 1, "'"$EUI_ADDR"' listed %d times" % len(a))
v, p = a[0].get("valid_lft"), a[0].get("preferred_lft")
ok(isinstance(v, int) and '"$RA_VALID"' - 60 <= v <= '"$RA_VALID"',
   "valid_lft %r, want about '"$RA_VALID"'" % (v,))
ok(isinstance(p, int) and '"$RA_PREFERRED"' - 60 <= p <= '"$RA_PREFERRED"',
   "preferred_lft %r, want about '"$RA_PREFERRED"'" % (p,))
' addr show || { x6_fail "$X6_WHY"; return; }
}

peer_pings_slaac_address()
{
	sl_slaac_up || { x6_fail "$X6_WHY"; return; }
	sl_ping "$EUI_ADDR" || { x6_fail "$X6_WHY"; return; }
	echo "$PING_OUT" | grep -q "from $EUI_ADDR: icmp_seq=" ||
		{ x6_fail "replies not from $EUI_ADDR: $(echo "$PING_OUT" | head -n 2)"; return; }
}

# RFC 4861 §6.3.4: the RA's source joins the Default Router List with its Router Lifetime;
# RFC 4191 §2.2 preference.
router_show_lists_peer_link_local()
{
	sl_slaac_up || { x6_fail "$X6_WHY"; return; }
	x6_wait 5 sl_check '
r = [e for e in m if same_addr(e.get("addr"), "'"$X6_PEER_LL"'")]
ok(len(r) == 1, "peer '"$X6_PEER_LL"' listed %d times: %r" % (len(r), m))
lt = r[0].get("lifetime")
ok(isinstance(lt, int) and 0 < lt <= '"$RA_ROUTER_LIFETIME"',
   "lifetime %r, want 1..'"$RA_ROUTER_LIFETIME"'" % (lt,))
ok(r[0].get("preference") == "medium", "preference %r" % (r[0].get("preference"),))
' router show || { x6_fail "$X6_WHY"; return; }
}

# RFC 4861 §6.3.4 (L=1: on-link), RFC 4862 §5.5.3 (A=1).
prefix_show_lists_radvd_64_onlink_autonomous()
{
	sl_slaac_up || { x6_fail "$X6_WHY"; return; }
	sl_check '
p = [e for e in m if same_addr(e.get("prefix"), "'"$PREFIX"'")]
ok(len(p) == 1, "'"$PREFIX"' listed %d times: %r" % (len(p), m))
e = p[0]
ok(e.get("prefixlen") == 64, "prefixlen %r" % (e.get("prefixlen"),))
ok(e.get("onlink") is True and e.get("autonomous") is True, "flags %r" % (e,))
v, pl = e.get("valid_lft"), e.get("preferred_lft")
ok(isinstance(v, int) and '"$RA_VALID"' - 60 <= v <= '"$RA_VALID"', "valid_lft %r" % (v,))
ok(isinstance(pl, int) and '"$RA_PREFERRED"' - 60 <= pl <= '"$RA_PREFERRED"',
   "preferred_lft %r" % (pl,))
' prefix show || { x6_fail "$X6_WHY"; return; }
}

# RFC 8106 §5.1 RDNSS, §5.2 DNSSL.
dns_show_lists_rdnss_and_dnssl()
{
	sl_slaac_up || { x6_fail "$X6_WHY"; return; }
	x6_wait 5 sl_check '
s = [e for e in m if e.get("kind") == "server" and same_addr(e.get("value"), "'"$DNS_SERVER"'")]
d = [e for e in m if e.get("kind") == "search" and e.get("value") == "'"$DNS_SEARCH"'"]
ok(len(s) == 1, "server '"$DNS_SERVER"' listed %d times: %r" % (len(s), m))
ok(len(d) == 1, "search '"$DNS_SEARCH"' listed %d times: %r" % (len(d), m))
for e in s + d:
    ok(same_addr(e.get("router"), "'"$X6_PEER_LL"'"), "router %r" % (e,))
    ok(isinstance(e.get("lifetime"), int) and e["lifetime"] > 0, "lifetime %r" % (e,))
' dns show || { x6_fail "$X6_WHY"; return; }
}

# RFC 4861 §6.3.4: CurHopLimit and the MTU option are taken; M/O flags recorded.
status_ra_hop_limit_42_mtu_1400()
{
	sl_slaac_up || { x6_fail "$X6_WHY"; return; }
	sl_check '
ok(len(m) == 1, "%d status objects for the DUT veth" % len(m))
ra = m[0].get("ra")
ok(isinstance(ra, dict), "no ra object: %r" % (m[0],))
for k in ("hop_limit", "mtu", "reachable_ms", "retrans_ms", "managed", "other"):
    ok(k in ra, "ra without %s: %r" % (k, ra))
ok(ra["hop_limit"] == '"$RA_HOP_LIMIT"', "hop_limit %r" % (ra["hop_limit"],))
ok(ra["mtu"] == '"$RA_MTU"', "mtu %r" % (ra["mtu"],))
ok(ra["managed"] is False and ra["other"] is True, "managed/other %r" % (ra,))
' status || { x6_fail "$X6_WHY"; return; }
}

# RFC 4861 §6.3.4: CurHopLimit is the default hop limit for what we send: Echo Replies too.
echo_reply_hop_limit_42_after_ra()
{
	local pcap rep

	sl_slaac_up || { x6_fail "$X6_WHY"; return; }
	x6_capture_start hl icmp6 || { x6_fail "$X6_WHY"; return; }
	sl_ping "$EUI_ADDR"
	pcap=$(x6_capture_stop hl)
	rep=$(x6_tshark "$pcap" "icmpv6.type == 129 && eth.src == $X6_MAC_DUT" ipv6.hlim | sort -u)
	[ -n "$rep" ] || { x6_fail "no Echo Reply captured: $X6_WHY"; return; }
	[ "$rep" = "$RA_HOP_LIMIT" ] ||
		{ x6_fail "Echo Reply hop limits '$(echo "$rep" | tr '\n' ' ')'," \
			"want $RA_HOP_LIMIT"; return; }
}

# RFC 4862 §5.5.3 e / §5.5.4: preferred lifetime 0 deprecates at once; a deprecated address is
# still answered (RFC 4862 §5.5.4: valid for existing communication).
radvd_preferred_lifetime_0_deprecates_address_still_pinged()
{
	sl_slaac_up || { x6_fail "$X6_WHY"; return; }
	sl_radvd_ensure 0 || { x6_fail "$X6_WHY"; return; }
	x6_wait_addr "$EUI_ADDR" deprecated 10 || { x6_fail "$X6_WHY"; return; }
	sl_ping "$EUI_ADDR" || { x6_fail "deprecated: $X6_WHY"; return; }
}

# RFC 4862 §5.5.3 e: a new non-zero preferred lifetime makes it preferred again.
radvd_preferred_lifetime_back_makes_address_preferred_again()
{
	sl_radvd_ensure 0 || { x6_fail "$X6_WHY"; return; }
	sl_daemon || { x6_fail "$X6_WHY"; return; }
	x6_wait_addr "$EUI_ADDR" deprecated 10 || { x6_fail "setup: $X6_WHY"; return; }
	sl_radvd_ensure "$RA_PREFERRED" || { x6_fail "$X6_WHY"; return; }
	x6_wait_addr "$EUI_ADDR" preferred 10 || { x6_fail "$X6_WHY"; return; }
}

# RFC 4862 §5.5.3 d/e: a NEW prefix takes any valid lifetime (the two-hour rule protects only
# existing addresses); §5.5.4: deprecated when the preferred lifetime ends, removed with the
# valid lifetime (and the on-link prefix with it, RFC 4861 §6.3.5).
new_prefix_valid_10s_address_deprecated_then_removed()
{
	local t0 dt

	sl_slaac_up || { x6_fail "$X6_WHY"; return; }
	t0=$(sl_now_ms)
	sl_ra_send "prefix='$NEW_PREFIX', valid=10, preferred=5" || { x6_fail "$X6_WHY"; return; }
	x6_wait 4 x6_addr_field "$NEW_ADDR" state >/dev/null ||
		{ x6_fail "$NEW_ADDR not listed within 4 s of the RA"; return; }
	[ "$(x6_addr_field "$NEW_ADDR" origin)" = slaac ] ||
		{ x6_fail "$NEW_ADDR origin $(x6_addr_field "$NEW_ADDR" origin)"; return; }
	x6_wait_addr "$NEW_ADDR" deprecated 9 || { x6_fail "$X6_WHY"; return; }
	dt=$(($(sl_now_ms) - t0))
	[ "$dt" -ge 4500 ] || { x6_fail "deprecated ${dt} ms after the RA, want >= 5 s"; return; }
	x6_wait_addr "$NEW_ADDR" absent 9 || { x6_fail "$X6_WHY"; return; }
	dt=$(($(sl_now_ms) - t0))
	[ "$dt" -ge 9500 ] || { x6_fail "removed ${dt} ms after the RA, want >= 10 s"; return; }
	x6_wait 3 sl_check '
ok(not [e for e in m if same_addr(e.get("prefix"), "'"$NEW_PREFIX"'")], "listed: %r" % (m,))
' prefix show || { x6_fail "prefix after expiry: $X6_WHY"; return; }
}

# RFC 4862 §5.5.3 e: an existing address with more than two hours left cannot be cut below two
# hours by an RA: valid 10 s sets it to 7200 s; the preferred lifetime is taken as it is.
existing_prefix_valid_10s_capped_at_two_hours_address_kept()
{
	local v

	sl_slaac_up || { x6_fail "$X6_WHY"; return; }
	# radvd would restore the lifetimes with its next RA
	sl_radvd_stop
	sleep 0.5
	x6_wait_addr "$EUI_ADDR" preferred 3 || { x6_fail "after radvd stopped: $X6_WHY"; return; }
	sl_ra_send "prefix='$PREFIX', valid=10, preferred=10" || { x6_fail "$X6_WHY"; return; }
	sleep 12
	x6_wait_addr "$EUI_ADDR" deprecated 3 ||
		{ x6_fail "12 s after valid 10 preferred 10: $X6_WHY"; return; }
	v=$(x6_addr_field "$EUI_ADDR" valid_lft)
	if ! [[ $v =~ ^[0-9]+$ ]] || [ "$v" -le $((TWO_HOURS - 60)) ] || [ "$v" -gt "$TWO_HOURS" ]
	then
		x6_fail "valid_lft '$v' after the RA, want about $TWO_HOURS"
		return
	fi
}

# sl_ra_state: "hop_limit mtu" from status --json into SL_OUT.
sl_ra_state()
{
	sl_check '
ok(len(m) == 1 and isinstance(m[0].get("ra"), dict), "no ra object: %r" % (m,))
print(m[0]["ra"].get("hop_limit"), m[0]["ra"].get("mtu"))
' status
}

# sl_invalid_ra_changes_nothing 'RA ARGS': send ra(RA ARGS) carrying a new hop limit, MTU,
# prefix, router lifetime and RDNSS; it must count ra-invalid once and change none of them.
sl_invalid_ra_changes_nothing()
{
	local before=$X6_LOGDIR/stats.inv ra0 d

	sl_daemon || return 1
	sl_ra_state || return 1
	ra0=$SL_OUT
	x6_stats_json >"$before" || { X6_WHY="xdp6ctl stats --json failed"; return 1; }
	sl_ra_send "$1, chlim=$BAD_HOP_LIMIT, mtu=$BAD_MTU, prefix='$BAD_PREFIX', valid=600, \
preferred=300, rtrlife=1800, rdnss='$BAD_DNS'" || return 1
	sleep 1.5
	d=$(x6_stat_delta "$before" ra-invalid) || { X6_WHY="no ra-invalid in stats"; return 1; }
	[ "$d" = 1 ] || { X6_WHY="ra-invalid grew by $d, want 1"; return 1; }
	sl_ra_state || return 1
	[ "$SL_OUT" = "$ra0" ] ||
		{ X6_WHY="ra hop_limit/mtu went from '$ra0' to '$SL_OUT'"; return 1; }
	sl_no_addr_in "$BAD_PREFIX" || return 1
	sl_check '
ok(not [e for e in m if same_addr(e.get("prefix"), "'"$BAD_PREFIX"'")], "listed: %r" % (m,))
' prefix show || return 1
	sl_check '
ok(not [e for e in m if e.get("lifetime", 0) > 2 * '"$RA_ROUTER_LIFETIME"'], "listed: %r" % (m,))
' router show || return 1
	sl_check '
ok(not [e for e in m if same_addr(e.get("value"), "'"$BAD_DNS"'")], "listed: %r" % (m,))
' dns show || return 1
}

# RFC 4861 §6.1.2: an RA whose IP Hop Limit is not 255 is silently discarded.
ra_hop_limit_254_changes_nothing_counts_ra_invalid()
{
	sl_invalid_ra_changes_nothing "hlim=$((ND_HOP_LIMIT - 1))" || x6_fail "$X6_WHY"
}

# RFC 4861 §6.1.2: an RA whose source is not link-local is silently discarded.
ra_from_global_source_changes_nothing_counts_ra_invalid()
{
	sl_invalid_ra_changes_nothing "src=PEER_ADDR" || x6_fail "$X6_WHY"
}

# The control for the two above: the same RA, valid, changes all of it (RFC 4861 §6.3.4,
# RFC 4862 §5.5.3, RFC 8106 §5.1).
same_ra_valid_from_link_local_is_applied()
{
	local before=$X6_LOGDIR/stats.valid d

	sl_daemon || { x6_fail "$X6_WHY"; return; }
	x6_stats_json >"$before" || { x6_fail "xdp6ctl stats --json failed"; return; }
	sl_ra_send "chlim=$BAD_HOP_LIMIT, mtu=$BAD_MTU, prefix='$BAD_PREFIX', valid=600, \
preferred=300, rtrlife=1800, rdnss='$BAD_DNS'" || { x6_fail "$X6_WHY"; return; }
	x6_wait 3 x6_addr_field "$BAD_ADDR" state >/dev/null ||
		{ x6_fail "$BAD_ADDR not listed within 3 s"; return; }
	sl_ra_state || { x6_fail "$X6_WHY"; return; }
	[ "$SL_OUT" = "$BAD_HOP_LIMIT $BAD_MTU" ] ||
		{ x6_fail "ra hop_limit/mtu '$SL_OUT', want '$BAD_HOP_LIMIT $BAD_MTU'"; return; }
	sl_check '
ok([e for e in m if same_addr(e.get("prefix"), "'"$BAD_PREFIX"'")], "not listed: %r" % (m,))
' prefix show || { x6_fail "$X6_WHY"; return; }
	sl_check '
ok([e for e in m if same_addr(e.get("addr"), "'"$X6_PEER_LL"'") and e.get("lifetime", 0) > 1000],
   "peer with lifetime 1800 not listed: %r" % (m,))
' router show || { x6_fail "$X6_WHY"; return; }
	sl_check '
ok([e for e in m if same_addr(e.get("value"), "'"$BAD_DNS"'")], "not listed: %r" % (m,))
' dns show || { x6_fail "$X6_WHY"; return; }
	d=$(x6_stat_delta "$before" ra-invalid) || { x6_fail "no ra-invalid in stats"; return; }
	[ "$d" = 0 ] || { x6_fail "ra-invalid grew by $d for a valid RA"; return; }
}

# --accept-ra=no: RAs counted (ra-ignored) and ignored, no RS sent.
accept_ra_no_no_address_ras_ignored_no_rs()
{
	local pcap n rs

	sl_radvd_ensure || { x6_fail "$X6_WHY"; return; }
	x6_daemon_stop
	x6_capture_start noacc icmp6 || { x6_fail "$X6_WHY"; return; }
	x6_daemon_start --accept-ra=no ||
		{ x6_capture_stop noacc >/dev/null; x6_fail "$X6_WHY"; return; }
	# radvd sends every 3-4 s: two RAs ignored means the RS window (<= 3 s) has passed too
	x6_wait 15 sl_stat_ge ra-ignored 2
	sleep 1
	pcap=$(x6_capture_stop noacc)
	n=$(x6_stat ra-ignored) || { x6_fail "no ra-ignored in stats"; return; }
	[ "$n" -ge 2 ] || { x6_fail "ra-ignored $n after 15 s of radvd, want >= 2"; return; }
	rs=$(x6_tshark "$pcap" "icmpv6.type == 133 && eth.src == $X6_MAC_DUT" ipv6.src)
	[ -z "$rs" ] || { x6_fail "RS sent from $(echo "$rs" | head -n 1)"; return; }
	sl_no_auto_addr || { x6_fail "$X6_WHY"; return; }
	sl_check 'ok(not m, "routers listed: %r" % (m,))' router show ||
		{ x6_fail "$X6_WHY"; return; }
}

# --no-slaac: router discovery as usual, no address from the prefix.
no_slaac_router_listed_no_slaac_address()
{
	sl_radvd_ensure || { x6_fail "$X6_WHY"; return; }
	x6_daemon_start --no-slaac || { x6_fail "$X6_WHY"; return; }
	x6_wait "$SL_TIMEOUT" sl_check '
ok([e for e in m if same_addr(e.get("addr"), "'"$X6_PEER_LL"'")], "peer not listed: %r" % (m,))
' router show || { x6_fail "$X6_WHY"; return; }
	# one more RA interval: an address, had one been formed, is listed (tentative) at once
	sleep 4.5
	sl_no_auto_addr || { x6_fail "$X6_WHY"; return; }
}

# sl_stable_run SECRET: restart the daemon with --stable-privacy SECRET; SL_ADDR = its SLAAC
# address in PREFIX (preferred), SL_LL = its link-local.
sl_stable_run()
{
	x6_daemon_start --stable-privacy "$1" || return 1
	x6_wait "$SL_TIMEOUT" sl_addr_in "$PREFIX" slaac preferred || return 1
	SL_LL=$(x6_addr_with link-local)
	[ -n "$SL_LL" ] || { X6_WHY="no link-local address listed"; return 1; }
}

# RFC 7217 §5: stable per prefix and secret, not derived from the MAC; link-local too.
stable_privacy_address_not_eui64_same_across_runs()
{
	local a1 ll1

	sl_radvd_ensure || { x6_fail "$X6_WHY"; return; }
	sl_stable_run "$SECRET1" || { x6_fail "run 1: $X6_WHY"; return; }
	a1=$SL_ADDR ll1=$SL_LL
	[ "$a1" != "$EUI_ADDR" ] || { x6_fail "run 1: SLAAC address is the EUI-64 one $a1"; return; }
	[ -z "$(x6_addr_field "$EUI_ADDR" state)" ] ||
		{ x6_fail "run 1: EUI-64 $EUI_ADDR listed as well"; return; }
	x6_json "ok(not same_addr('$ll1', '$EUI_LL'), 'x')" <<<'null' >/dev/null ||
		{ x6_fail "run 1: link-local is the EUI-64 one $ll1"; return; }
	sl_ping "$a1" || { x6_fail "run 1: $X6_WHY"; return; }
	sl_stable_run "$SECRET1" || { x6_fail "run 2: $X6_WHY"; return; }
	[ "$SL_ADDR" = "$a1" ] || { x6_fail "run 2: $SL_ADDR, run 1: $a1"; return; }
	[ "$SL_LL" = "$ll1" ] || { x6_fail "run 2: link-local $SL_LL, run 1: $ll1"; return; }
	sl_stable_run "$SECRET2" || { x6_fail "other secret: $X6_WHY"; return; }
	[ "$SL_ADDR" != "$a1" ] || { x6_fail "another secret gave the same $a1"; return; }
}

# RFC 8981 §3.4: a temporary address beside the public one, lifetimes within the prefix's.
temporary_option_adds_temporary_address()
{
	local t

	sl_radvd_ensure || { x6_fail "$X6_WHY"; return; }
	x6_daemon_start --temporary || { x6_fail "$X6_WHY"; return; }
	x6_wait_addr "$EUI_ADDR" preferred "$SL_TIMEOUT" || { x6_fail "$X6_WHY"; return; }
	x6_wait "$SL_TIMEOUT" sl_addr_in "$PREFIX" temporary preferred ||
		{ x6_fail "$X6_WHY"; return; }
	t=$SL_ADDR
	[ "$t" != "$EUI_ADDR" ] || { x6_fail "temporary address is the EUI-64 one"; return; }
	sl_check '
a = [a for a in m if same_addr(a.get("addr"), "'"$t"'")][0]
v, p = a.get("valid_lft"), a.get("preferred_lft")
ok(isinstance(v, int) and 0 < v <= '"$RA_VALID"', "valid_lft %r" % (v,))
ok(isinstance(p, int) and 0 < p <= '"$RA_PREFERRED"', "preferred_lft %r" % (p,))
' addr show || { x6_fail "$t: $X6_WHY"; return; }
	sl_ping "$t" || { x6_fail "$X6_WHY"; return; }
}

# Issue 9 item 2, RFC 4862 §5.5.3: SLAAC manages only the addresses it formed. A static address
# that equals what SLAAC forms from an RA's prefix (EUI-64 of the DUT MAC in 2001:db8::/64) must
# survive an RA from any link-local source with valid 6 s, preferred 3 s: it stays preferred,
# static and answered past 6 s (before: deprecated at 3 s, removed for good at 6 s).
spoofed_ra_prefix_of_static_address_leaves_it_preferred_and_pinged()
{
	local before=$X6_LOGDIR/stats.spoof d

	sl_radvd_stop
	x6_daemon_start -a "$STATIC_EUI/64" || { x6_fail "$X6_WHY"; return; }
	x6_wait_addr "$STATIC_EUI" preferred || { x6_fail "$X6_WHY"; return; }
	x6_stats_json >"$before" || { x6_fail "xdp6ctl stats --json failed"; return; }
	sl_ra_send "src='$SPOOF_LL', prefix='2001:db8::', valid=6, preferred=3" ||
		{ x6_fail "$X6_WHY"; return; }
	# the RA was processed: SLAAC formed the address and the host refused it
	x6_wait 3 eval '[ "$(x6_stat_delta "$before" slaac-addr-refused)" = 1 ]' ||
		{ x6_fail "slaac-addr-refused grew by $(x6_stat_delta "$before" \
slaac-addr-refused), want 1"; return; }
	sleep 7
	[ "$(x6_addr_field "$STATIC_EUI" state)" = preferred ] ||
		{ x6_fail "7 s after the RA: $STATIC_EUI is" \
			"'$(x6_addr_field "$STATIC_EUI" state || echo absent)'"; return; }
	[ "$(x6_addr_field "$STATIC_EUI" origin)" = static ] &&
	[ "$(x6_addr_field "$STATIC_EUI" valid_lft)" = forever ] ||
		{ x6_fail "origin $(x6_addr_field "$STATIC_EUI" origin), valid_lft" \
			"$(x6_addr_field "$STATIC_EUI" valid_lft)"; return; }
	sl_ping "$STATIC_EUI" || { x6_fail "$X6_WHY"; return; }
	d=$(x6_stat_delta "$before" slaac-addr-added)
	[ "$d" = 0 ] || { x6_fail "slaac-addr-added grew by $d"; return; }
}

# Issue 9 item 20, RFC 4861 §6.3.4 / Linux addrconf_prefix_rcv: a Prefix Information option for a
# multicast prefix (L=1, A=1) is ignored: not listed on-link, no address, ra-option-ignored.
multicast_prefix_in_ra_ignored_not_listed_no_address()
{
	local before=$X6_LOGDIR/stats.mcp d

	sl_daemon || { x6_fail "$X6_WHY"; return; }
	x6_stats_json >"$before" || { x6_fail "xdp6ctl stats --json failed"; return; }
	sl_ra_send "prefix='$MCAST_PREFIX', valid=600, preferred=300" ||
		{ x6_fail "$X6_WHY"; return; }
	x6_wait 3 eval '[ "$(x6_stat_delta "$before" ra-received)" -ge 1 ]' ||
		{ x6_fail "RA not received"; return; }
	sleep 0.5
	d=$(x6_stat_delta "$before" ra-option-ignored)
	[ "$d" = 1 ] || { x6_fail "ra-option-ignored grew by $d, want 1"; return; }
	d=$(x6_stat_delta "$before" slaac-addr-added)
	[ "$d" = 0 ] || { x6_fail "slaac-addr-added grew by $d"; return; }
	sl_check '
ok(not [e for e in m if same_addr(e.get("prefix"), "'"$MCAST_PREFIX"'")], "listed: %r" % (m,))
' prefix show || { x6_fail "$X6_WHY"; return; }
	sl_no_addr_in "$MCAST_PREFIX" || { x6_fail "$X6_WHY"; return; }
}

x6_main \
	rs_at_start_to_all_routers_hop_limit_255_slla_from_link_local \
	radvd_prefix_makes_eui64_slaac_address_tentative_then_preferred \
	slaac_address_lifetimes_from_radvd_in_addr_show \
	peer_pings_slaac_address \
	router_show_lists_peer_link_local \
	prefix_show_lists_radvd_64_onlink_autonomous \
	dns_show_lists_rdnss_and_dnssl \
	status_ra_hop_limit_42_mtu_1400 \
	echo_reply_hop_limit_42_after_ra \
	radvd_preferred_lifetime_0_deprecates_address_still_pinged \
	radvd_preferred_lifetime_back_makes_address_preferred_again \
	new_prefix_valid_10s_address_deprecated_then_removed \
	existing_prefix_valid_10s_capped_at_two_hours_address_kept \
	ra_hop_limit_254_changes_nothing_counts_ra_invalid \
	ra_from_global_source_changes_nothing_counts_ra_invalid \
	same_ra_valid_from_link_local_is_applied \
	accept_ra_no_no_address_ras_ignored_no_rs \
	no_slaac_router_listed_no_slaac_address \
	stable_privacy_address_not_eui64_same_across_runs \
	temporary_option_adds_temporary_address \
	spoofed_ra_prefix_of_static_address_leaves_it_preferred_and_pinged \
	multicast_prefix_in_ra_ignored_not_listed_no_address
