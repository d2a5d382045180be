// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Checks the fuzzer's checker: a property that never fails could be a checker that cannot
 * fail. Given a run the checker found right, this corrupts it the ways each property forbids
 * (the reply's checksum, code, body, addresses, hop limit, NA flags/target/TLLA, MACs, length;
 * the request's MAC, checksum, source; a passed frame's bytes; a valid request left unanswered)
 * and confirms that xf_check() flags every corruption under the property it belongs to. */
#include <stdio.h>
#include <string.h>

#include <linux/bpf.h>

#include "xdp_fuzz.h"

#define NA_FLAG_S	0x40	/* RFC 4861 §4.4 Solicited flag, first flags octet */

static uint8_t in2[XF_FRAME_MAX + 1], out2[XF_OUT_MAX + 1];

/* Runs the checker on (in2, out2) and reports whether `want` was flagged. */
static int flagged(const struct xf_config *c, const struct xf_run *orig, size_t in_len,
		   size_t out_len, int action, enum xf_prop want)
{
	struct xf_result res;
	struct xf_run r = *orig;

	memset(&res, 0, sizeof(res));
	r.in = in2;
	r.in_len = in_len;
	r.out = out2;
	r.out_len = out_len;
	r.action = action;
	xf_check(c, &r, &res);
	return !!(res.violated & (1ull << want));
}

int xf_selftest(const struct xf_config *c, const struct xf_run *run, char *why, size_t wl,
		int *tried)
{
	struct xf_result res;
	size_t l3, l4, ll, il3, il4, ill;
	int missed = 0;

	memset(&res, 0, sizeof(res));
	xf_check(c, run, &res);
	if (res.violated || run->in_len > XF_FRAME_MAX || run->out_len > XF_OUT_MAX)
		return 0;	/* only runs the checker passed */

#define TRY(action, want, out_len, in_len, what) do {					\
		(*tried)++;								\
		if (!flagged(c, run, in_len, out_len, action, want) && !missed++)	\
			snprintf(why, wl, "%s not flagged as %s", what, xf_prop_name[want]); \
	} while (0)
#define RESET() do {									\
		memcpy(in2, run->in, run->in_len);					\
		memcpy(out2, run->out, run->out_len);					\
	} while (0)
#define FIX() xf_icmp6_fix(out2, l3, l4, ll)

	if (run->action != XDP_TX) {
		RESET();
		out2[run->out_len / 2] ^= 0x10;
		TRY(run->action, P_UNMODIFIED, run->out_len, run->in_len, "a changed passed frame");
		if (res.plain && (res.req_kind == XF_REQ_ECHO || res.req_kind == XF_REQ_NS)) {
			RESET();
			TRY(XDP_DROP, res.req_kind == XF_REQ_ECHO ? P_ECHO_ANSWERED : P_NS_ANSWERED,
			    run->in_len, run->in_len, "a valid request dropped");
		}
		return missed;
	}
	if (!xf_find_icmp6(run->out, run->out_len, &l3, &l4, &ll) || ll < ICMP6_HLEN)
		return 0;
	RESET();
	out2[l4 + 2] ^= 0x01;
	TRY(XDP_TX, P_CSUM, run->out_len, run->in_len, "a reply checksum off by one bit");
	RESET();
	out2[ETH6_ALEN + 5] ^= 0x01;
	TRY(XDP_TX, P_ETH_SRC, run->out_len, run->in_len, "a reply from another MAC");
	RESET();
	out2[run->out_len] = 0;
	TRY(XDP_TX, P_LENGTH, run->out_len + 1, run->in_len, "a reply one byte longer than its "
	    "Payload Length");
	if (xf_find_icmp6(run->in, run->in_len, &il3, &il4, &ill)) {
		RESET();
		in2[0] = 0x02, in2[5] ^= 0x40;		/* another station's unicast MAC */
		TRY(XDP_TX, P_FOREIGN_MAC, run->out_len, run->in_len, "a reply to a foreign MAC");
		RESET();
		in2[il4 + 2] ^= 0x80;
		TRY(XDP_TX, P_BAD_CSUM, run->out_len, run->in_len, "a reply to a bad checksum");
		RESET();
		memset(in2 + il3 + 8, 0, 15);
		in2[il3 + 8 + 15] = 1;			/* ::1 */
		xf_icmp6_fix(in2, il3, il4, ill);
		TRY(XDP_TX, P_BAD_SRC, run->out_len, run->in_len, "a reply to ::1");
	}
	if (!res.req_valid)
		return missed;
	RESET();
	out2[5] ^= 0x04;
	TRY(XDP_TX, P_ETH_DST, run->out_len, run->in_len, "a reply to another MAC");
	if (res.req_kind == XF_REQ_ECHO && ll >= 8) {
		RESET();
		out2[l4 + 1] = 1;
		FIX();
		TRY(XDP_TX, P_ECHO_CODE, run->out_len, run->in_len, "Echo Reply code 1");
		RESET();
		out2[l4 + ll - 1] ^= 0x01;
		FIX();
		TRY(XDP_TX, P_ECHO_BODY, run->out_len, run->in_len, "a changed echo body");
		RESET();
		out2[l3 + 24 + 15] ^= 0x01;
		FIX();
		TRY(XDP_TX, P_ECHO_ADDR, run->out_len, run->in_len,
		    "an Echo Reply to another address");
		RESET();
		out2[l3 + 7] ^= 0x01;
		TRY(XDP_TX, P_ECHO_HLIM, run->out_len, run->in_len, "another hop limit");
	} else if (res.req_kind == XF_REQ_NS && ll >= ND6_NA_MIN_LEN + 8) {
		RESET();
		out2[l4 + 4] ^= NA_FLAG_S;
		FIX();
		TRY(XDP_TX, P_NA_FLAGS, run->out_len, run->in_len, "an NA with S flipped");
		RESET();
		out2[l4 + 8 + 15] ^= 0x01;
		FIX();
		TRY(XDP_TX, P_NA_FIELDS, run->out_len, run->in_len, "an NA for another target");
		RESET();
		out2[l4 + ND6_NA_MIN_LEN + 7] ^= 0x01;
		FIX();
		TRY(XDP_TX, P_NA_FIELDS, run->out_len, run->in_len, "an NA with another TLLA");
		RESET();
		out2[l3 + 24 + 15] ^= 0x01;
		FIX();
		TRY(XDP_TX, P_NA_ADDR, run->out_len, run->in_len, "an NA to another address");
	}
	if (res.plain) {
		RESET();
		TRY(XDP_DROP, res.req_kind == XF_REQ_ECHO ? P_ECHO_ANSWERED : P_NS_ANSWERED,
		    run->in_len, run->in_len, "a valid request dropped");
	}
	return missed;
}
