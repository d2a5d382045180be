/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The python (scapy) check of an ICMPv6 error frame we emitted, for the pyrun.h coprocess of the
 * icmp6_err, reasm and pmtu tests: MACs, addresses, hop limit, type/code/pointer/MTU, the
 * RFC 4443 §2.4(c) 1280-octet bound, the checksum and the byte-exact quote. err_check(f, q, ...)
 * returns 'ok' or what differs. */
#ifndef XDP6_PYERR_H
#define XDP6_PYERR_H

#define PY_ERR_CHECK \
	"def err_check(f, q, typ, code, field, src, dst, hlim=64, dmac='02:00:00:00:00:02',\n" \
	"              smac='02:00:00:00:00:01', vlan=None):\n" \
	"    bad = []\n" \
	"    p = Ether(f)\n" \
	"    if p.dst != dmac: bad.append('dmac %s' % p.dst)\n" \
	"    if p.src != smac: bad.append('smac %s' % p.src)\n" \
	"    off = 14\n" \
	"    if vlan is not None:\n" \
	"        off = 18\n" \
	"        if Dot1Q not in p or p[Dot1Q].vlan != vlan: bad.append('vlan')\n" \
	"    ip = p[IPv6]\n" \
	"    if ip.src != src or ip.dst != dst: bad.append('addrs %s > %s' % (ip.src, ip.dst))\n" \
	"    if ip.hlim != hlim: bad.append('hlim %d' % ip.hlim)\n" \
	"    if ip.nh != 58: bad.append('nh %d' % ip.nh)\n" \
	"    if ip.tc != 0: bad.append('tc')\n" \
	"    if ip.plen != len(f) - off - 40: bad.append('plen %d' % ip.plen)\n" \
	"    if len(f) - off > 1280: bad.append('error packet %d > 1280' % (len(f) - off))\n" \
	"    icmp = f[off + 40:]\n" \
	"    l = ip.payload\n" \
	"    want = {1: ICMPv6DestUnreach, 2: ICMPv6PacketTooBig, 3: ICMPv6TimeExceeded,\n" \
	"            4: ICMPv6ParamProblem}[typ]\n" \
	"    if not isinstance(l, want): bad.append('scapy sees %s' % type(l).__name__)\n" \
	"    elif l.type != typ or l.code != code: bad.append('type/code %d/%d' % (l.type, l.code))\n" \
	"    elif typ == 4 and l.ptr != field: bad.append('pointer %d want %d' % (l.ptr, field))\n" \
	"    elif typ == 2 and l.mtu != field: bad.append('mtu %d' % l.mtu)\n" \
	"    elif typ in (1, 3) and icmp[4:8] != bytes(4): bad.append('unused not zero')\n" \
	"    if in6_chksum(58, ip, icmp) != 0: bad.append('checksum')\n" \
	"    if icmp[8:] != q[:1232]: bad.append('quote differs (%d vs %d)' % (len(icmp) - 8, len(q)))\n" \
	"    return '; '.join(bad) or 'ok'\n"

#endif
