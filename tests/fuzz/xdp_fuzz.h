/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* What the parts of the fast-path property fuzzer (fuzz-xdp) share: the map configuration a
 * frame runs under, the frame recipe the structured generator draws, the property list, and
 * the checker's entry point. The checker (xdp_check.c) is written from the RFCs, independently
 * of bpf/: it includes include/xdp6_maps.h for map layouts and include/xdp6_wire.h for
 * constants only. */
#ifndef XDP6_FUZZ_H
#define XDP6_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "xdp6_maps.h"
#include "xdp6_wire.h"

#define XF_FRAME_MAX	(12 * 1024)	/* largest input frame generated */
#define XF_OUT_MAX	(2 * XF_FRAME_MAX)
#define XF_MAX_ADDRS	10
#define XF_MAX_GROUPS	12
#define XF_MAX_PMTU	4
/* BPF_PROG_TEST_RUN puts at most 4096 - XDP_PACKET_HEADROOM - the skb_shared_info tail into
 * the linear part; longer frames become multi-buffer, which only a frags-aware program gets
 * from a real driver. */
#define XF_LINEAR_MAX	3520

/* The properties, each checked on every frame. The third column names the issue-9 item a
 * violation is expected from (0: none listed). */
#define XF_PROPS(X)								\
	X(P_RUN_OK,		"test-run-ok", 0,					\
	  "BPF_PROG_TEST_RUN runs the frame and the program returns PASS/DROP/TX/REDIRECT")	\
	X(P_ONE_REASON,		"one-reason-per-frame", 0,				\
	  "the stats map grows by exactly one packet, under one reason, by the output length") \
	X(P_REASON_ACTION,	"reason-matches-action", 0,				\
	  "the action is one README's reason table lists for the reason counted")	\
	X(P_UNMODIFIED,		"unmodified-unless-tx", 0,				\
	  "PASS, DROP and REDIRECT leave the frame byte for byte as received")	\
	X(P_FOREIGN_MAC,	"no-reply-to-foreign-mac", 7,				\
	  "no reply to a frame sent to another station's unicast MAC")		\
	X(P_ETH_SRC,		"reply-from-interface-mac", 7,				\
	  "the reply's Ethernet source is the interface MAC")			\
	X(P_ETH_DST,		"reply-link-layer", 0,					\
	  "reply to the requester's MAC (NS: its SLLA; DAD: 33:33::1), same VLAN tag")	\
	X(P_GROUP_SRC_MAC,	"no-reply-to-group-source-mac", 0,			\
	  "no reply copied to a multicast/broadcast Ethernet source (IEEE 802 §8.2)")	\
	X(P_UNASSIGNED,		"no-reply-for-unassigned-address", 9,			\
	  "no reply to a tentative/duplicate destination or NS target (RFC 4862 §5.4)")	\
	X(P_FOREIGN_DST,	"no-reply-to-foreign-destination", 0,			\
	  "no reply unless the destination is ours: assigned unicast, ff02::1, a joined "\
	  "group, ff02::2 only as a router; never ::1 or multicast scope 0/1 (RFC 4291)") \
	X(P_ECHO_MCAST_OFF,	"echo-multicast-switch", 0,				\
	  "no Echo Reply to a multicast request with echo-multicast off")		\
	X(P_BAD_CSUM,		"no-reply-to-bad-checksum", 0,				\
	  "no reply to an ICMPv6 message with a wrong checksum (RFC 4443 §2.3)")	\
	X(P_BAD_SRC,		"no-reply-to-impossible-source", 8,			\
	  "no reply to a loopback, IPv4-mapped, multicast or unspecified (but DAD) source") \
	X(P_OWN_SRC,		"no-reply-to-own-source", 21,				\
	  "no reply to a source that is one of our own addresses")		\
	X(P_INVALID,		"no-reply-to-invalid-request", 0,			\
	  "replies only to a valid Echo Request or NS (RFC 4443 §4.1, RFC 4861 §7.1.1, "\
	  "RFC 8200 headers, RFC 6980)")					\
	X(P_ECHO_CODE,		"echo-reply-code-0", 10,				\
	  "Echo Reply type 129 code 0 (RFC 4443 §4.2)")				\
	X(P_ECHO_BODY,		"echo-reply-body-unchanged", 0,				\
	  "identifier, sequence number and data as in the request (RFC 4443 §4.2)")	\
	X(P_ECHO_ADDR,		"echo-reply-addresses", 0,				\
	  "Echo Reply to the request's source, from its destination or, for a group, "\
	  "from an assigned unicast address of ours (RFC 4443 §4.2)")		\
	X(P_ECHO_HLIM,		"echo-reply-hop-limit", 0,				\
	  "Echo Reply hop limit as configured (64 when 0)")			\
	X(P_NA_FLAGS,		"na-flags", 0,						\
	  "NA R = router mode, S = source not ::, O = 1, reserved 0 (RFC 4861 §7.2.4)")	\
	X(P_NA_FIELDS,		"na-target-and-tlla", 0,				\
	  "NA target = NS target, one TLLA option = interface MAC (RFC 4861 §7.2.4)")	\
	X(P_NA_ADDR,		"na-addresses", 0,					\
	  "NA to the NS source (ff02::1 for DAD, hop limit 255), from an assigned address") \
	X(P_CSUM,		"reply-checksum-valid", 0,				\
	  "the reply's ICMPv6 checksum is valid (RFC 4443 §2.3)")		\
	X(P_LENGTH,		"reply-length-consistent", 0,				\
	  "reply is Ethernet [+ tag] + IPv6 (version 6, Next Header 58) whose Payload "\
	  "Length is exactly the rest of the frame")				\
	X(P_ECHO_ANSWERED,	"valid-echo-answered", 11,				\
	  "a plain valid Echo Request to an assigned address or a group we listen to "\
	  "(echo-multicast on) is answered in XDP (RFC 4443 §4.2)")		\
	X(P_NS_ANSWERED,	"valid-ns-answered", 12,				\
	  "a valid NS for an assigned target is answered or handed to the daemon, "	\
	  "never dropped (RFC 4861 §7.2.3)")					\
	X(P_PMTU,		"reply-fits-path-mtu", 15,				\
	  "no reply larger than the path MTU learned for its destination (RFC 8201)")	\
	X(P_RATE,		"rate-limit-honoured", 0,				\
	  "no more replies than the token bucket allows (burst + rate x elapsed)")	\
	X(P_NEIGH,		"neighbor-learning", 0,					\
	  "the neigh map learns a sender only from a valid NS for an assigned target "\
	  "with an SLLA, and then that SLLA (RFC 4861 §7.2.3)")

#define XF_PROP_ENUM(id, name, item, what) id,
enum xf_prop {
	XF_PROPS(XF_PROP_ENUM)
	P__MAX
};
_Static_assert(P__MAX <= 64, "properties fit a 64-bit mask");

extern const char *const xf_prop_name[P__MAX];
extern const char *const xf_prop_what[P__MAX];
extern const int xf_prop_item[P__MAX];

/* The state of the maps a frame runs under. */
struct xf_addr {
	uint8_t a[16];
	uint8_t state;			/* enum xdp6_addr_state */
};

struct xf_pmtu {
	uint8_t dst[16];
	uint32_t mtu;
};

struct xf_config {
	struct xdp6_iface ifc;
	struct xf_addr addrs[XF_MAX_ADDRS];
	int n_addrs;
	uint8_t groups[XF_MAX_GROUPS][16];
	int n_groups;
	struct xf_pmtu pmtu[XF_MAX_PMTU];
	int n_pmtu;
	int xsk;			/* an AF_XDP socket in xsks[0]: to-daemon is a REDIRECT */
	int frags;			/* program loaded with BPF_F_XDP_HAS_FRAGS */
};

/* One run's outcome, as the checker gets it. */
struct xf_run {
	const uint8_t *in;
	size_t in_len;
	const uint8_t *out;
	size_t out_len;
	int action;			/* XDP_* */
	const char *reason;		/* name of the one reason counted, NULL if none */
};

/* What the checker found: a mask of violated properties and, per property, why. */
struct xf_result {
	uint64_t violated;
	char why[P__MAX][160];
	int req_kind;			/* what the checker took the frame for: XF_REQ_* */
	int req_valid;			/* ... and whether it may be answered on its own */
	uint32_t cov;			/* XF_COV_* of the input: what the run exercised */
	int plain;			/* a request the fast path must answer (liveness) */
	int may_learn;			/* an NS whose sender may enter the neighbor cache ... */
	uint8_t slla[6];		/* ... with this link-layer address (RFC 4861 §7.2.3) */
};

#define XF_COVS(X)								\
	X(XF_COV_MULTIBUF, "multi-buffer")					\
	X(XF_COV_VLAN, "vlan-tag")						\
	X(XF_COV_EXT, "extension-headers")					\
	X(XF_COV_PAD, "ethernet-padding")					\
	X(XF_COV_DAD, "dad-probe")						\
	X(XF_COV_MCAST_ECHO, "multicast-echo")					\
	X(XF_COV_ECHO, "echo-request")						\
	X(XF_COV_NS, "neighbor-solicitation")
#define XF_COV_BIT(id, name) id##_BIT,
enum { XF_COVS(XF_COV_BIT) XF_COV__MAX };
#define XF_COV_MASK(id, name) static const uint32_t id = 1u << id##_BIT;
XF_COVS(XF_COV_MASK)
extern const char *const xf_cov_name[XF_COV__MAX];

/* Checks the checker (xdp_selftest.c): corrupts a reply (or a passed frame) the checker found
 * right in the ways each property forbids, and confirms it notices every one. Returns the
 * number of corruptions it missed, with the first in why. */
int xf_selftest(const struct xf_config *cfg, const struct xf_run *run, char *why, size_t wl,
		int *tried);

enum { XF_REQ_OTHER, XF_REQ_ECHO, XF_REQ_NS };

void xf_check(const struct xf_config *cfg, const struct xf_run *run, struct xf_result *res);
void xf_violate(struct xf_result *res, enum xf_prop p, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* 1 when the checker's own parser finds a complete ICMPv6 message in frame[0..len); sets its
 * offset and length and the IPv6 header offset. Used to fix checksums after mutations. */
int xf_find_icmp6(const uint8_t *f, size_t len, size_t *l3, size_t *l4, size_t *l4_len);
/* Stores the right checksum in the ICMPv6 message [l4, l4 + l4_len) of frame f. */
void xf_icmp6_fix(uint8_t *f, size_t l3, size_t l4, size_t l4_len);

/* ---- structured generator: a frame is a recipe of small integer fields ---- */
enum xf_field {
	F_KIND, F_ETH_DST, F_ETH_SRC, F_VLAN, F_ETHERTYPE, F_IPVER, F_TCLASS, F_FLOW, F_HLIM,
	F_SRC, F_SRC_IDX, F_DST, F_DST_IDX, F_EXT_N, F_EXT_SEED, F_PLEN, F_PAD, F_TRUNC,
	F_TYPE, F_CODE, F_CSUM, F_ID, F_DATA_LEN, F_DATA_SEED, F_TARGET, F_TARGET_IDX,
	F_NS_RES, F_SLLA, F_SLLA_MAC, F_OPT_N, F_OPT_SEED, F_MUT_N, F_MUT_SEED,
	F__MAX
};

enum xf_kind {
	K_ECHO, K_NS, K_NA, K_RS, K_RA, K_MLD_QUERY, K_MLD_REPORT, K_REDIRECT, K_ECHO_REPLY,
	K_ICMP_ERROR, K_ICMP_UNKNOWN, K_UDP, K_TCP, K_OTHER_NH, K_NOT_IPV6, K_RANDOM,
	K__MAX
};

struct xf_recipe {
	uint32_t f[F__MAX];
	uint8_t raw[XF_FRAME_MAX];	/* K_RANDOM: the bytes themselves */
	uint32_t raw_len;
};

struct xf_rng {
	uint64_t s[2];
};

uint64_t xf_rand(struct xf_rng *r);
static inline uint32_t xf_below(struct xf_rng *r, uint32_t n)
{
	return n ? (uint32_t)((xf_rand(r) >> 32) * n >> 32) : 0;
}
void xf_seed(struct xf_rng *r, uint64_t seed);

extern const char *const xf_field_name[F__MAX];
extern const char *const xf_kind_name[K__MAX];

void xf_config_random(struct xf_rng *r, struct xf_config *cfg, int have_xsk, int have_frags,
		      int have_pmtu);
void xf_recipe_random(struct xf_rng *r, const struct xf_config *cfg, struct xf_recipe *rc);
void xf_recipe_base(uint32_t kind, struct xf_recipe *rc);
size_t xf_build(const struct xf_config *cfg, const struct xf_recipe *rc, uint8_t *buf,
		size_t cap);

/* ---- small address helpers shared by generator and checker ---- */
static inline int in6_is_mcast(const uint8_t *a)
{
	return a[0] == 0xff;
}
void in6_solnode(const uint8_t *a, uint8_t *out);

#endif /* XDP6_FUZZ_H */
