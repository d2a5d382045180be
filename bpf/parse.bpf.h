/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The one parser of the XDP program: Ethernet with one 802.1Q/802.1ad tag, the IPv6 header
 * (RFC 8200 §3) and a bounded walk of its extension headers (RFC 8200 §4.1-§4.5).
 *
 * Contract:
 *  - xdp6_parse_l3() checks: Ethernet header present; at most one VLAN tag (a second tag or
 *    any other EtherType is "not IPv6"); IPv6 header present with version 6; the whole
 *    payload (payload_len) inside the frame, fragments of a multi-buffer frame included. The
 *    frame may be longer (Ethernet padding): l3_end marks the end of the IPv6 packet. It
 *    copies both addresses to the stack (struct xdp6_pkt) and records the frame length
 *    (buff_len).
 *  - Headers must lie in the linear part (data .. data_end); a header that does not is
 *    "truncated" (drivers put far more than the headers in a multi-buffer frame's first
 *    buffer). Only checksums and ND options read beyond it (csum.bpf.h, ns.bpf.h).
 *  - xdp6_parse_ext() (called only when the Next Header is one of these) walks at most
 *    XDP6_MAX_EXTHDRS Hop-by-Hop, Routing, Destination Options and Fragment headers, each
 *    checked to lie inside the payload. It stops at the first other header, or at a Fragment
 *    header (what follows may not be a header). It flags, for the daemon, what the fast path
 *    does not handle: Hop-by-Hop not first (§4.3), Routing with Segments Left != 0 (§4.4), an
 *    option whose action bits are not "skip" (§4.2), more than XDP6_MAX_HDR_OPTS options in
 *    one header.
 *  - xdp6_parse_ext_chain() (called only when that walk hit its limit) follows a longer chain
 *    by Next Header and Hdr Ext Len alone, to find its upper layer (see there).
 *  - Offsets are from ctx->data, in host order; addresses are raw network-order bytes. Nothing
 *    in the frame is written. Results are PARSE_* codes. */
#ifndef XDP6_PARSE_BPF_H
#define XDP6_PARSE_BPF_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "xdp6_wire.h"
#include "csum.bpf.h"		/* XDP6_PKT_OFF_MAX */

#define XDP6_MAX_EXTHDRS	8	/* extension headers walked before R_EXTHDR_LIMIT */
#define XDP6_MAX_HDR_OPTS	8	/* options looked at per HBH/DestOpts header */
/* headers xdp6_parse_ext_chain() follows: a chain of 8-octet headers filling a 1500-octet packet */
#define XDP6_MAX_EXTHDRS_CHAIN	((1500 - IP6_HLEN) / 8)

enum parse_result {
	PARSE_OK = 0,
	PARSE_NOT_IPV6,		/* another EtherType, a second tag, or version != 6 */
	PARSE_TRUNCATED,	/* a header or the payload extends beyond the frame / payload */
	PARSE_EXTHDR_LIMIT,	/* still extension headers after XDP6_MAX_EXTHDRS */
};

union xdp6_in6 {
	__u8 b[16];
	__u32 w32[4];
	__u64 w64[2];
};

struct xdp6_pkt {
	union xdp6_in6 src, dst;	/* IPv6 source and destination, copied */
	__u32 l3_off;		/* IPv6 header: ETH6_HLEN, + ETH6_VLAN_HLEN when tagged */
	__u32 l3_end;		/* end of the IPv6 packet: l3_off + IP6_HLEN + payload_len */
	__u32 l4_off;		/* upper-layer header (after the walked extension headers) */
	__u32 l4_len;		/* upper-layer length: l3_end - l4_off */
	__u32 ext_len;		/* bytes of extension headers walked */
	__u32 buff_len;		/* frame length, fragments of a multi-buffer frame included */
	__u8 l4_proto;		/* Next Header naming what is at l4_off */
	__u8 frag;		/* a Fragment header ended the walk ... */
	__u8 frag_first;	/* ... with Fragment Offset 0 (l4_off is a header) */
	__u8 unusual;		/* something the daemon must look at (see the contract) */
	__u8 dst_kind;		/* enum xdp6_dst_kind, set by the caller after parse_l3 */
	__u8 dst_state;		/* enum xdp6_addr_state of a DST_UNICAST destination */
	__u8 tgt_known;		/* 1: the NS's target was found in addrs (ns_to_own_solnode) ... */
	__u8 tgt_state;		/* ... in this enum xdp6_addr_state */
};

/* What the destination is to us (RFC 4291 §2.7.1 for the two well-known groups). */
enum xdp6_dst_kind {
	DST_UNICAST = 0,	/* in addrs, state in dst_state */
	DST_ALL_NODES,		/* ff02::1 */
	DST_ALL_ROUTERS,	/* ff02::2 */
	DST_GROUP,		/* in groups */
	DST_PROXY,		/* not ours: an NS whose target is in a proxied prefix (proxy.bpf.h) */
};

/* The one way handlers reach packet bytes, as Cilium's revalidate_data(): data and data_end are
 * read again at every use, since a helper that may move the frame (bpf_xdp_adjust_head/tail, or
 * a global function the verifier cannot see into) voids every packet pointer it knew. A pointer to
 * the len bytes at off when they lie in the linear part, else NULL. off is bounded first by
 * XDP6_PKT_OFF_MAX, an explicit bound every verifier keeps (6.1 learns nothing from a plain
 * `if (off)`); len is a constant at every call, so the pointer comes with that range. */
static __always_inline void *pkt_ptr(struct xdp_md *ctx, __u64 off, __u32 len)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	/* kept even where clang knows a tighter bound: it may have spilled off before that
	 * check, and 6.1 does not carry a bound to the spilled copy it reloads here */
	barrier_var(off);
	if (off > XDP6_PKT_OFF_MAX || data + off + len > end)
		return NULL;
	return data + off;
}

/* Address and MAC copies in 64- and 16-bit words: through the packed wire structs clang would
 * copy byte by byte. Addresses and MACs sit at even offsets in a frame; the wider accesses rely
 * on the verifier allowing unaligned packet access, as it does on x86-64 and arm64. A frame's
 * address into an xdp6_in6 (8-byte aligned on the stack) and back: two 64-bit words, the frame
 * side unaligned. */
static __always_inline void in6_from_pkt(union xdp6_in6 *dst, const void *src)
{
	const __u64 *s = src;

	dst->w64[0] = s[0];
	dst->w64[1] = s[1];
}

static __always_inline void in6_to_pkt(void *dst, const union xdp6_in6 *src)
{
	__u64 *d = dst;

	d[0] = src->w64[0];
	d[1] = src->w64[1];
}

static __always_inline void copy_mac(void *dst, const void *src)
{
	__u16 *d = dst;
	const __u16 *s = src;

	d[0] = s[0];
	d[1] = s[1];
	d[2] = s[2];
}

/* IEEE 802: a station's MAC has the I/G bit clear and is not all zeros (Linux
 * is_valid_ether_addr). m must be 2-byte aligned, as every MAC it is given is (a frame's
 * Ethernet source at offset 6, the SLLA copied to the stack as 16-bit words): three 16-bit
 * loads instead of six byte loads. */
static __always_inline int mac_is_station(const __u8 *m)
{
	const __u16 *w = (const __u16 *)(const void *)m;

	if (m[0] & ETH6_GROUP_BIT)
		return 0;
	return (w[0] | w[1] | w[2]) != 0;
}

/* ff02::1 and ff02::2 as two 64-bit words each, built from immediates (no .rodata). */
static __always_inline int in6_is_all_nodes(const union xdp6_in6 *a)
{
	return a->w64[0] == bpf_cpu_to_be64(0xff02000000000000ull) &&
	       a->w64[1] == bpf_cpu_to_be64(1);
}

static __always_inline int in6_is_all_routers(const union xdp6_in6 *a)
{
	return a->w64[0] == bpf_cpu_to_be64(0xff02000000000000ull) &&
	       a->w64[1] == bpf_cpu_to_be64(2);
}

static __always_inline void in6_set_all_nodes(union xdp6_in6 *a)
{
	a->w64[0] = bpf_cpu_to_be64(0xff02000000000000ull);
	a->w64[1] = bpf_cpu_to_be64(1);
}

static __always_inline int in6_is_unspecified(const union xdp6_in6 *a)
{
	return !(a->w64[0] | a->w64[1]);
}

/* RFC 4291 §2.5.3: ::1. */
static __always_inline int in6_is_loopback(const union xdp6_in6 *a)
{
	return !a->w64[0] && a->w64[1] == bpf_cpu_to_be64(1);
}

/* RFC 4291 §2.5.5.2: IPv4-mapped, ::ffff:0:0/96. */
static __always_inline int in6_is_v4mapped(const union xdp6_in6 *a)
{
	return !a->w64[0] && a->w32[2] == bpf_htonl(0xffff);
}

/* The extension headers xdp6_parse_ext() walks (RFC 8200 §4.1). */
static __always_inline int ip6_nh_is_ext(__u8 nh)
{
	return nh == IP6_NH_HOPOPTS || nh == IP6_NH_ROUTING || nh == IP6_NH_DSTOPTS ||
	       nh == IP6_NH_FRAGMENT;
}

/* Ethernet, optional VLAN tag, IPv6 header. Inlined: every IPv6 packet goes through it, and a
 * call and return cost more than its few tests. The frame length is read once, into
 * p->buff_len, for everything after (verdicts, reply sizing). The extension-header functions
 * are global (not static) so that the verifier checks each once and the code after them once,
 * whatever path they took. */
static __always_inline int xdp6_parse_l3(struct xdp_md *ctx, struct xdp6_pkt *p)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct eth6_hdr *eth = data;
	__u32 l3_off = ETH6_HLEN, l3_end;
	struct ip6_hdr *ip6;
	__be16 proto;

	if ((void *)(eth + 1) > end)
		return PARSE_TRUNCATED;
	/* 16-bit loads, compared in network order: through the packed wire structs clang would
	 * load byte by byte */
	proto = *(__be16 *)(data + offsetof(struct eth6_hdr, proto));
	if (proto == bpf_htons(ETH6_P_8021Q) || proto == bpf_htons(ETH6_P_8021AD)) {
		struct eth6_vlan_hdr *vlan = (void *)(eth + 1);

		if ((void *)(vlan + 1) > end)
			return PARSE_TRUNCATED;
		l3_off += ETH6_VLAN_HLEN;
		proto = *(__be16 *)((void *)vlan + offsetof(struct eth6_vlan_hdr, proto));
	}
	if (proto != bpf_htons(ETH6_P_IPV6))
		return PARSE_NOT_IPV6;
	ip6 = data + l3_off;
	if ((void *)(ip6 + 1) > end)
		return PARSE_TRUNCATED;
	if ((*(__u8 *)ip6 >> 4) != IP6_VERSION)
		return PARSE_NOT_IPV6;
	l3_end = l3_off + IP6_HLEN +
		 bpf_ntohs(*(__be16 *)((void *)ip6 + offsetof(struct ip6_hdr, payload_len)));
	p->buff_len = bpf_xdp_get_buff_len(ctx);
	if (l3_end > p->buff_len)
		return PARSE_TRUNCATED;
	in6_from_pkt(&p->src, ip6->saddr);
	in6_from_pkt(&p->dst, ip6->daddr);
	p->l3_off = l3_off;
	p->l3_end = l3_end;
	p->l4_proto = ip6->nexthdr;
	p->l4_off = l3_off + IP6_HLEN;
	p->l4_len = l3_end - p->l4_off;
	return PARSE_OK;
}

/* RFC 8200 §4.2: 1 when an option of the HBH/DestOpts header [off, off + len) (options area,
 * after Next Header and Hdr Ext Len) asks for anything but "skip" when unrecognised, or when
 * the options are more than XDP6_MAX_HDR_OPTS or overrun the header; 0 when all can be
 * skipped (Pad1, PadN, Router Alert and other 00-action options). Global: verified once. */
__attribute__((noinline))
int xdp6_ext_opts_need_daemon(struct xdp_md *ctx, __u32 off, __u32 len)
{
	__u32 pos = 0, at, i;
	__u8 *o;

	if (off > XDP6_PKT_OFF_MAX || len > 2048)
		return 1;
	for (i = 0; i < XDP6_MAX_HDR_OPTS; i++) {
		if (pos >= len)
			return 0;
		at = off + pos;
		o = pkt_ptr(ctx, at, 1);
		if (!o)
			return 1;
		if (o[0] == IP6_OPT_PAD1) {
			pos += 1;
			continue;
		}
		o = pkt_ptr(ctx, at, 2);
		if (!o)
			return 1;
		if (IP6_OPT_ACTION(o[0]) != IP6_OPT_ACTION_SKIP)
			return 1;
		pos += 2 + o[1];
		if (pos > len)
			return 1;
	}
	return pos < len;
}

/* Walks the extension headers of a packet xdp6_parse_l3() accepted. */
__attribute__((noinline))
int xdp6_parse_ext(struct xdp_md *ctx, struct xdp6_pkt *p)
{
	__u64 off, end_off, hlen;	/* 64-bit: bounds survive for the verifier */
	__u32 i;
	__u8 nh;

	if (!p)
		return PARSE_TRUNCATED;
	off = p->l4_off;
	end_off = p->l3_end;
	nh = p->l4_proto;
	if (end_off > XDP6_PKT_OFF_MAX + 0xffff)
		return PARSE_TRUNCATED;
	for (i = 0; i < XDP6_MAX_EXTHDRS; i++) {
		__u8 *h;

		if (!ip6_nh_is_ext(nh))
			break;
		if (off > XDP6_PKT_OFF_MAX)
			return PARSE_EXTHDR_LIMIT;
		/* Every extension header is at least 8 octets (RFC 8200 §4.3-§4.6). */
		h = pkt_ptr(ctx, off, 8);
		if (off + 8 > end_off || !h)
			return PARSE_TRUNCATED;
		if (nh == IP6_NH_FRAGMENT) {
			struct ip6_frag_hdr *fh = (void *)h;

			p->frag = 1;
			p->frag_first = !(bpf_ntohs(fh->frag_off) & IP6_FRAG_OFF_MASK);
			nh = fh->nexthdr;
			off += sizeof(*fh);
			goto done;
		}
		hlen = ((__u64)h[1] + 1) * 8;
		if (off + hlen > end_off)
			return PARSE_TRUNCATED;
		if (nh == IP6_NH_HOPOPTS && i != 0)
			p->unusual = 1;		/* §4.3: only right after the IPv6 header */
		if (nh == IP6_NH_ROUTING) {
			if (h[3] != 0)		/* §4.4: Segments Left; we are not the destination */
				p->unusual = 1;
		} else if (xdp6_ext_opts_need_daemon(ctx, off + 2, hlen - 2)) {
			p->unusual = 1;
		}
		nh = h[0];
		off += hlen;
	}
	if (ip6_nh_is_ext(nh))
		return PARSE_EXTHDR_LIMIT;
done:
	p->l4_proto = nh;
	p->ext_len = off - p->l4_off;
	p->l4_off = off;
	p->l4_len = end_off - off;
	return PARSE_OK;
}

/* RFC 8200 §4.1 sets no limit on the number of extension headers. For a chain longer than
 * xdp6_parse_ext() walks (it returned PARSE_EXTHDR_LIMIT, leaving the offsets in p as they were),
 * only the upper-layer protocol matters to the fast path: an upper layer other than ICMPv6 then
 * goes where it goes behind a short chain (the kernel under --unserved pass: the daemon cannot hand
 * a frame back to it), and the rest stays the daemon's. Follows Next Header and Hdr Ext Len alone,
 * read with bpf_xdp_load_bytes() (no packet pointer, any buffer of a multi-buffer frame), for at
 * most XDP6_MAX_EXTHDRS_CHAIN headers. PARSE_OK with l4_proto, l4_off, l4_len and ext_len set when
 * the chain ends in a header that is not an extension header; PARSE_EXTHDR_LIMIT at a Fragment
 * header (reassembly is the daemon's) or beyond the bound; PARSE_TRUNCATED when a header overruns
 * the payload. Global: verified once, paid only by such chains. */
__attribute__((noinline))
int xdp6_parse_ext_chain(struct xdp_md *ctx, struct xdp6_pkt *p)
{
	__u64 off, end_off;	/* 64-bit: bounds survive for the verifier */
	__u8 h[2];		/* Next Header, Hdr Ext Len */
	__u32 i;
	__u8 nh;

	if (!p)
		return PARSE_TRUNCATED;
	off = p->l4_off;
	end_off = p->l3_end;
	nh = p->l4_proto;
	if (end_off > XDP6_PKT_OFF_MAX + 0xffff)
		return PARSE_TRUNCATED;
	for (i = 0; i < XDP6_MAX_EXTHDRS_CHAIN; i++) {
		if (!ip6_nh_is_ext(nh))
			break;
		if (nh == IP6_NH_FRAGMENT || off > XDP6_PKT_OFF_MAX)
			return PARSE_EXTHDR_LIMIT;
		/* Every extension header is at least 8 octets (RFC 8200 §4.3-§4.6). */
		if (off + 8 > end_off || bpf_xdp_load_bytes(ctx, off, h, sizeof(h)))
			return PARSE_TRUNCATED;
		nh = h[0];
		off += ((__u64)h[1] + 1) * 8;
	}
	if (ip6_nh_is_ext(nh) || off > XDP6_PKT_OFF_MAX)
		return PARSE_EXTHDR_LIMIT;
	if (off > end_off)
		return PARSE_TRUNCATED;
	p->l4_proto = nh;
	p->ext_len = off - p->l4_off;
	p->l4_off = off;
	p->l4_len = end_off - off;
	return PARSE_OK;
}

#endif /* XDP6_PARSE_BPF_H */
