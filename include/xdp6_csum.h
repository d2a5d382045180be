/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Internet checksum helpers shared by the XDP program and the host: RFC 1071 fold and RFC 1624
 * incremental update. Plain C on 32-bit accumulators of 16-bit big-endian words; tested on the
 * host (tests/unit/test_csum.c), including the 0x0000 and 0xffff edges. */
#ifndef XDP6_CSUM_H
#define XDP6_CSUM_H

#include <linux/types.h>

#ifndef XDP6_INLINE
#define XDP6_INLINE static inline __attribute__((always_inline))
#endif

/* Fold a 32-bit one's-complement sum to 16 bits (RFC 1071 §4.1). Two folds suffice for any sum
 * of fewer than 65537 16-bit words. */
XDP6_INLINE __u16 csum_fold32(__u32 sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)sum;
}

/* RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'), for one 16-bit word m changed to m'. Works on
 * big-endian values given as host integers; correct at HC = 0x0000 and 0xffff (unlike HC - 1). */
XDP6_INLINE __u16 csum_replace16(__u16 hc, __u16 old, __u16 new_)
{
	__u32 sum = (__u16)~hc;

	sum += (__u16)~old;
	sum += new_;
	return (__u16)~csum_fold32(sum);
}

/* The same for a 32-bit field, as two 16-bit words. */
XDP6_INLINE __u16 csum_replace32(__u16 hc, __u32 old, __u32 new_)
{
	__u32 sum = (__u16)~hc;

	sum += (__u16)~(old >> 16);
	sum += (__u16)~(old & 0xffff);
	sum += new_ >> 16;
	sum += new_ & 0xffff;
	return (__u16)~csum_fold32(sum);
}

#endif /* XDP6_CSUM_H */
