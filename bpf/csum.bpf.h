/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Internet checksums over packet bytes in the XDP program: the RFC 1071 sum of an upper-layer
 * message plus the RFC 8200 §8.1 pseudo-header, for verification (RFC 4443 §2.3; the NAs we
 * build are summed from registers, ns.bpf.h); folding and the RFC 1624 updates come from
 * include/xdp6_csum.h. */
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
/* Stack buffer for bytes beyond the linear part: small, because the call chain main (handlers
 * inlined) -> xdp6_csum_bytes shares the 512 bytes of BPF stack. */
#define XDP6_CSUM_BUF		64
/* Largest packet offset the program works with; keeps packet pointers bounded for the verifier
 * (a 9000-byte frame plus headroom for the offsets we add). */
#define XDP6_PKT_OFF_MAX	0x3fff

/* 32-bit one's complement addition, end-around carry (RFC 1071 §2(A)). */
static __always_inline __u32 csum_add32(__u32 sum, __u32 x)
{
	sum += x;
	return sum + (sum < x);
}

/* Folds a 64-bit accumulator of 32-bit words to a 32-bit one's complement sum. */
static __always_inline __u32 csum_fold64(__u64 acc)
{
	acc = (acc & 0xffffffff) + (acc >> 32);
	acc = (acc & 0xffffffff) + (acc >> 32);
	return (__u32)acc;
}

/* Fewer than XDP6_CSUM_CHUNK bytes at off in the linear part, summed in place as 32-bit words
 * into a 64-bit accumulator (cheaper than a helper call for the short messages that are the
 * common case), then 2 and 1 trailing bytes, an odd last byte padded with zero on its right
 * (RFC 1071 §1). -1 when a byte is beyond the linear part. Inlined where a short message is
 * checked (csum_icmp6_ok), as xdp6_csum_tail() after the chunks of a long one. */
static __always_inline __s64 csum_linear_short(struct xdp_md *ctx, __u64 off, __u64 len,
					       __u32 seed)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u64 at = off, left = len, acc = seed;
	__u16 last = 0;
	__u32 *w;
	__u8 *p;
	__u32 i;

	if (at > XDP6_PKT_OFF_MAX + XDP6_CSUM_MAX_LEN || left >= XDP6_CSUM_CHUNK)
		return -1;
	barrier_var(at);	/* keep clang from re-deriving an unchecked copy of off */
	p = data + at;		/* then advanced by constants: the verifier keeps its bounds */
	/* 64 bytes per bounds check and loop test (an Echo Request of the usual 56 data bytes is
	 * one pass, an NS or our NA none): the checks, not the adds, are what a word-at-a-time
	 * loop spends its time on; what is left (< 64) is summed by its bits, no loop */
	for (i = 0; i < XDP6_CSUM_CHUNK / 64; i++) {
		if (left < 64)
			break;
		barrier_var(p);	/* compare p itself, not a rewritten pkt_end */
		if ((void *)(p + 64) > end)
			return -1;
		w = (__u32 *)p;
		acc += (__u64)w[0] + w[1] + (__u64)w[2] + w[3];
		acc += (__u64)w[4] + w[5] + (__u64)w[6] + w[7];
		acc += (__u64)w[8] + w[9] + (__u64)w[10] + w[11];
		acc += (__u64)w[12] + w[13] + (__u64)w[14] + w[15];
		p += 64;
		left -= 64;
	}
	if (left & 32) {
		barrier_var(p);
		if ((void *)(p + 32) > end)
			return -1;
		w = (__u32 *)p;
		acc += (__u64)w[0] + w[1] + (__u64)w[2] + w[3];
		acc += (__u64)w[4] + w[5] + (__u64)w[6] + w[7];
		p += 32;
	}
	if (left & 16) {
		if ((void *)(p + 16) > end)
			return -1;
		w = (__u32 *)p;
		acc += (__u64)w[0] + w[1] + (__u64)w[2] + w[3];
		p += 16;
	}
	if (left & 8) {
		if ((void *)(p + 8) > end)
			return -1;
		w = (__u32 *)p;
		acc += (__u64)w[0] + w[1];
		p += 8;
	}
	if (left & 4) {
		if ((void *)(p + 4) > end)
			return -1;
		acc += *(__u32 *)p;
		p += 4;
	}
	if (left & 2) {
		if ((void *)(p + 2) > end)
			return -1;
		acc += *(__u16 *)p;
		p += 2;
	}
	if (left & 1) {
		if ((void *)(p + 1) > end)
			return -1;
		*(__u8 *)&last = *p;
		acc += last;
	}
	return csum_fold64(acc);
}

/* csum_linear_short() as a global function, for the tail of xdp6_csum_bytes(): verified once,
 * not once per number of chunks before it. */
__attribute__((noinline))
__s64 xdp6_csum_tail(struct xdp_md *ctx, __u64 off, __u64 len, __u32 seed)
{
	return csum_linear_short(ctx, off, len, seed);
}

/* Adds bytes [off, off + len) of the frame to the one's complement sum `seed` and returns the
 * new 32-bit sum, or -1 when a byte lies outside the frame or len > XDP6_CSUM_MAX_LEN. Words are
 * summed in CPU byte order, which RFC 1071 §2(B) allows as long as every word of one checksum is
 * treated alike; callers keep off even relative to the start of what they sum. A range in the
 * linear part is summed in place; one reaching into fragments (a multi-buffer frame, or
 * BPF_PROG_TEST_RUN's jumbo frames) is copied out with bpf_xdp_load_bytes(). Global (not
 * static) so the verifier checks it once rather than at every call site. */
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
		return xdp6_csum_tail(ctx, at, left, sum);
	}
	/* Copied out XDP6_CSUM_BUF bytes at a time; the last piece is zero-padded to a multiple
	 * of 4 for bpf_csum_diff(), which adds nothing to the sum (RFC 1071 §1 padding). */
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
		__u64 n = left - 1;

		/* n = left, 1..63, in a form Linux 6.1's verifier can bound below: it does not
		 * learn left >= 1 from `if (left)` and rejects a possibly zero-sized read
		 * (newer kernels do). The barrier keeps clang from folding it back to left. */
		barrier_var(n);
		n = (n & (XDP6_CSUM_BUF - 1)) + 1;
		__builtin_memset(buf, 0, sizeof(buf));
		if (padded > XDP6_CSUM_BUF || bpf_xdp_load_bytes(ctx, at, buf, n))
			return -1;
		sum = bpf_csum_diff(NULL, 0, (void *)buf, padded, sum);
	}
	return sum;
}

/* Sum of the RFC 8200 §8.1 pseudo-header: source and destination (read in place from the IPv6
 * header at ip6_off), upper-layer packet length and next header. -1 when out of the frame. */
static __always_inline __s64 csum_pseudo(struct xdp_md *ctx, __u32 ip6_off, __u32 len, __u8 nh)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u64 acc = (__u64)bpf_htonl(len) + bpf_htonl(nh);
	__u32 *w, i;

	if (ip6_off > ETH6_HLEN + ETH6_VLAN_HLEN)
		return -1;
	w = data + ip6_off + offsetof(struct ip6_hdr, saddr);
	if ((void *)(w + 8) > end)
		return -1;
	for (i = 0; i < 8; i++)		/* 32 address bytes as 8 words */
		acc += w[i];
	return csum_fold64(acc);
}

/* Pseudo-header plus ICMPv6 message [l4_off, l4_off + len): the 32-bit sum, or -1 when it
 * cannot be summed here (beyond the frame or longer than XDP6_CSUM_MAX_LEN). A short message in
 * the linear part (every Echo Request of a usual size, every NS and the NA we build) is summed
 * inline: the two calls into xdp6_csum_bytes() and its tail cost more than the summing. */
static __always_inline __s64 csum_icmp6_sum(struct xdp_md *ctx, __u32 ip6_off, __u32 l4_off,
					    __u32 len)
{
	__s64 sum = csum_pseudo(ctx, ip6_off, len, IP6_NH_ICMPV6);
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (sum < 0)
		return -1;
	if (len < XDP6_CSUM_CHUNK && l4_off <= XDP6_PKT_OFF_MAX && data + l4_off + len <= end)
		return csum_linear_short(ctx, l4_off, len, sum);
	return xdp6_csum_bytes(ctx, l4_off, len, sum);
}

/* RFC 4443 §2.3: 1 when the ICMPv6 message [l4_off, l4_off + len) carries a valid checksum
 * (pseudo-header + message, checksum field included, sums to 0xffff), 0 when not, -1 when
 * it cannot be summed here (beyond the frame or longer than XDP6_CSUM_MAX_LEN). */
static __always_inline int csum_icmp6_ok(struct xdp_md *ctx, __u32 ip6_off, __u32 l4_off,
					 __u32 len)
{
	__s64 sum = csum_icmp6_sum(ctx, ip6_off, l4_off, len);

	if (sum < 0)
		return -1;
	return csum_fold32(sum) == 0xffff;
}

#endif /* XDP6_CSUM_BPF_H */
