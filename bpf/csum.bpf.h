/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Internet checksums over packet bytes in the XDP program: the RFC 1071 sum of an upper-layer
 * message plus the RFC 8200 §8.1 pseudo-header, for verification (RFC 4443 §2.3) and for the
 * NAs we build; folding and the RFC 1624 updates come from include/xdp6_csum.h. */
#ifndef XDP6_CSUM_BPF_H
#define XDP6_CSUM_BPF_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "xdp6_wire.h"
#include "xdp6_csum.h"

/* Largest upper-layer length we sum: an IPv6 packet filling a 9000-byte jumbo MTU. Longer
 * messages go to the daemon. */
#define XDP6_JUMBO_MTU		9000
#define XDP6_CSUM_MAX_LEN	(XDP6_JUMBO_MTU - IP6_HLEN)
/* bpf_csum_diff() sums at most 512 bytes, a multiple of 4, per call. */
#define XDP6_CSUM_CHUNK		256
/* Stack buffer for bytes beyond the linear part (the call chain shares 512 bytes of stack). */
#define XDP6_CSUM_BUF		128
/* Largest packet offset the program works with; keeps packet pointers bounded for the verifier
 * (a 9000-byte frame plus headroom for the offsets we add). */
#define XDP6_PKT_OFF_MAX	0x3fff

/* 32-bit one's complement addition, end-around carry (RFC 1071 §2(A)). */
static __always_inline __u32 csum_add32(__u32 sum, __u32 x)
{
	sum += x;
	return sum + (sum < x);
}

/* Adds bytes [off, off + len) of the frame to the one's complement sum `seed` and returns the
 * new 32-bit sum, or -1 when a byte lies outside the frame or len > XDP6_CSUM_MAX_LEN. Words are
 * summed in CPU byte order, which RFC 1071 §2(B) allows as long as every word of one checksum is
 * treated alike; callers keep off even relative to the start of what they sum. Whole chunks of
 * the linear part are summed in place; the rest, and any range reaching into fragments (a
 * multi-buffer frame, or BPF_PROG_TEST_RUN's jumbo frames), is copied out with
 * bpf_xdp_load_bytes(), which keeps the verifier's paths few. Global (not static) so the
 * verifier checks it once rather than at every call site. */
__attribute__((noinline))
__s64 xdp6_csum_bytes(struct xdp_md *ctx, __u32 off, __u32 len, __u32 seed)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u64 at = off, left = len;	/* 64-bit: no zero-extension for the verifier to lose */
	__u8 buf[XDP6_CSUM_BUF];
	__u32 sum = seed, i;
	__u8 *p;

	if (at > XDP6_PKT_OFF_MAX || left > XDP6_CSUM_MAX_LEN)
		return -1;
	/* Whole chunks of the linear part in place ... */
	if (data + at + left <= end) {
		for (i = 0; i < XDP6_CSUM_MAX_LEN / XDP6_CSUM_CHUNK; i++) {
			if (left < XDP6_CSUM_CHUNK)
				break;
			if (at > XDP6_PKT_OFF_MAX + XDP6_CSUM_MAX_LEN)
				return -1;
			p = data + at;
			if ((void *)(p + XDP6_CSUM_CHUNK) > end)
				return -1;
			sum = bpf_csum_diff(NULL, 0, (void *)p, XDP6_CSUM_CHUNK, sum);
			at += XDP6_CSUM_CHUNK;
			left -= XDP6_CSUM_CHUNK;
		}
	}
	/* ... the rest (and all of a range that reaches into fragments) copied out
	 * XDP6_CSUM_BUF bytes at a time; the last piece is zero-padded to a multiple of 4 for
	 * bpf_csum_diff(), which adds nothing to the sum (RFC 1071 §1 padding). */
	for (i = 0; i < XDP6_CSUM_MAX_LEN / XDP6_CSUM_BUF; i++) {
		if (left < XDP6_CSUM_BUF)
			break;
		if (bpf_xdp_load_bytes(ctx, at, buf, XDP6_CSUM_BUF))
			return -1;
		sum = bpf_csum_diff(NULL, 0, (void *)buf, XDP6_CSUM_BUF, sum);
		at += XDP6_CSUM_BUF;
		left -= XDP6_CSUM_BUF;
	}
	if (left >= XDP6_CSUM_BUF)
		return -1;
	if (left) {
		__u64 padded = (left + 3) & ~3ull;

		__builtin_memset(buf, 0, sizeof(buf));
		if (padded > XDP6_CSUM_BUF || bpf_xdp_load_bytes(ctx, at, buf, left))
			return -1;
		sum = bpf_csum_diff(NULL, 0, (void *)buf, padded, sum);
	}
	return sum;
}

/* Sum of the RFC 8200 §8.1 pseudo-header: source and destination (the 32 bytes at
 * ip6_off + 8), upper-layer packet length and next header. -1 when out of the frame. */
static __always_inline __s64 csum_pseudo(struct xdp_md *ctx, __u32 ip6_off, __u32 len, __u8 nh)
{
	__s64 sum = xdp6_csum_bytes(ctx, ip6_off + offsetof(struct ip6_hdr, saddr), 32, 0);

	if (sum < 0)
		return -1;
	sum = csum_add32(sum, bpf_htonl(len));
	return csum_add32(sum, bpf_htonl(nh));
}

/* RFC 4443 §2.3: 1 when the ICMPv6 message [l4_off, l4_off + len) carries a valid checksum
 * (pseudo-header + message, checksum field included, sums to 0xffff), 0 when not, -1 when
 * it cannot be summed here (beyond the frame or longer than XDP6_CSUM_MAX_LEN). */
static __always_inline int csum_icmp6_ok(struct xdp_md *ctx, __u32 ip6_off, __u32 l4_off,
					 __u32 len)
{
	__s64 sum = csum_pseudo(ctx, ip6_off, len, IP6_NH_ICMPV6);

	if (sum >= 0)
		sum = xdp6_csum_bytes(ctx, l4_off, len, sum);
	if (sum < 0)
		return -1;
	return csum_fold32(sum) == 0xffff;
}

/* The checksum to store in an ICMPv6 message [l4_off, l4_off + len) whose checksum field is
 * zero: ~fold(pseudo-header + message), in CPU order as the field is read. -1 on error. */
static __always_inline __s32 csum_icmp6_compute(struct xdp_md *ctx, __u32 ip6_off, __u32 l4_off,
						__u32 len)
{
	__s64 sum = csum_pseudo(ctx, ip6_off, len, IP6_NH_ICMPV6);

	if (sum >= 0)
		sum = xdp6_csum_bytes(ctx, l4_off, len, sum);
	if (sum < 0)
		return -1;
	return (__u16)~csum_fold32(sum);
}

#endif /* XDP6_CSUM_BPF_H */
