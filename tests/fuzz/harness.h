/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The fixture every daemon fuzz harness and the memory test share: one struct host with a fixed
 * set of owned addresses, a fake clock, captured callbacks, and the invariants checked on
 * everything the host does, by code independent of user/proto (tests/fuzz/wire.h):
 *  - every frame sent parses as Ethernet + IPv6, comes from our MAC, has a valid ICMPv6/UDP
 *    checksum, fits the link MTU, the RA's MTU and the path MTU; our fragments reassemble;
 *  - per message type what RFC 4443 §2.4, RFC 4861 §4, §6.1, §7.1, RFC 3810 §5 and RFC 4862
 *    §5.4 require of a sender (hop limits, sources, destinations, options); ICMPv6 errors are at
 *    most 1280 bytes, never sent to a multicast/unspecified/loopback destination, never about
 *    an error or a Redirect or a packet to a group unless RFC 4443 §2.4(e) allows it;
 *  - static and link-local addresses never disappear or change through frames and time, the
 *    addrs map and the groups map (what the host published) mirror the host's tables;
 *  - every table stays within its cap (neighbors, routers, prefixes, DNS, SLAAC addresses,
 *    reassembly datagrams and bytes, PMTU entries, MLD groups).
 * A violation prints one line starting "xdp6 invariant:" and aborts.
 *
 * The first two bytes of every fuzz input choose the configuration (FZ_CFG_*, FZ_MODE_*). */
#ifndef XDP6_FUZZ_HARNESS_H
#define XDP6_FUZZ_HARNESS_H

#include "host.h"
#include "wire.h"

/* cfg byte: host configuration */
#define FZ_CFG_STABLE_PRIVACY	0x01	/* RFC 7217 IIDs */
#define FZ_CFG_TEMPORARY	0x02	/* RFC 8981 temporary addresses */
#define FZ_CFG_UNSERVED_REJECT	0x04	/* errors for unserved upper layers */
#define FZ_CFG_ROUTER		0x08	/* R flag, all-routers */
#define FZ_CFG_NO_ACCEPT_RA	0x10
#define FZ_CFG_NO_ECHO_MCAST	0x20
#define FZ_CFG_MTU_1280		0x40	/* link MTU 1280 instead of 1500 */
#define FZ_CFG_LL_TENTATIVE	0x80	/* the link-local is left in DAD */
/* mode byte: what the harness does around the input */
#define FZ_MODE_FIX_CSUM	0x01	/* recompute the ICMPv6/UDP checksum of input frames */
#define FZ_MODE_FIX_PLEN	0x02	/* set Payload Length from the frame length */
#define FZ_MODE_PRELUDE		0x04	/* start with a router, prefix, DNS, neighbors learned */
#define FZ_MODE_WINDOW_SHIFT	3	/* fuzz_frame: timers run for 0, 1, 30 or 600 s after */
#define FZ_MODE_WINDOW_MASK	0x18
#define FZ_MODE_DAD2		0x20	/* DupAddrDetectTransmits 2 */
#define FZ_MODE_SERVE		0x40	/* UDP 53 served (with --unserved reject) */
#define FZ_MODE_TWICE		0x80	/* fuzz_frame: the frame again after the window */

/* The host's link and addresses (tests/fuzz/seeds.py uses the same values). */
#define FZ_MAC		{ 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 }
#define FZ_PEER_MAC	{ 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 }
#define FZ_ROUTER_MAC	{ 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a }
#define FZ_T0		(1000 * XDP6_NS_PER_SEC)	/* the clock at setup */
#define FZ_MAX_TX	512	/* fragments kept per step for reassembly checks */

struct fz_addr {
	struct in6_addr a;
	struct xdp6_addr_val v;
};

struct fz_txf {
	uint8_t *b;
	size_t len;
};

struct fz {
	struct host *h;
	xdp6_ns now;
	struct xdp6_link link;
	struct host_cfg hcfg;
	uint8_t cfg, mode;
	/* what the host published: the addrs map and the groups map */
	struct fz_addr *pub;
	size_t npub, pub_cap;
	struct in6_addr *grp;
	size_t ngrp, grp_cap;
	/* static and link-local addresses as set up (and as fz_admin() changed them) */
	struct host_addr_info base[16];
	size_t nbase;
	struct in6_addr ll;	/* the generated link-local */
	/* frames with a Fragment header sent during the current step */
	struct fz_txf frag[FZ_MAX_TX];
	size_t nfrag;
	/* the frame host_input() is processing, NULL in timers */
	const uint8_t *in;
	size_t in_len;
	uint64_t tx_frames, rx_frames;
	bool checking_tx;	/* no TX checks (the memory test's fast mode) when false */
	/* scratch for listings */
	void *scratch;
	size_t scratch_len;
};

/* Creates the host (cfg, mode bytes as above) with its addresses and runs the prelude. */
void fz_init(struct fz *z, uint8_t cfg, uint8_t mode);
void fz_fini(struct fz *z);

/* One frame into host_input() at z->now, then whatever timers are due at z->now. */
void fz_input(struct fz *z, const uint8_t *frame, size_t len);
/* Moves the clock to `to`: step = every timer fires at its deadline (an event loop on time);
 * !step = the clock jumps and what is due fires late, at once (a loop that was starved). */
void fz_advance(struct fz *z, xdp6_ns to, bool step);
/* What an administrator does through xdp6ctl, on a small fixed set of addresses (the generated
 * link-local, fe80::1, the static ones, 2001:db8::10, SLAAC's address in 2001:db8:1::/64) and
 * served ports: FZ_ADMIN_* on address or port index idx. The static-address invariants follow. */
enum { FZ_ADMIN_ADD, FZ_ADMIN_DEL, FZ_ADMIN_SERVE, FZ_ADMIN_UNSERVE, FZ_ADMIN__N };
void fz_admin(struct fz *z, unsigned action, unsigned idx);
/* Host-state invariants (addresses, maps, groups, caps). */
void fz_check(struct fz *z);

/* The FZ_MODE_FIX_* rewrites of an input frame, in place. */
void fz_fix(uint8_t *f, size_t len, bool csum, bool plen);

/* Prints "xdp6 invariant: ..." and aborts. With fz_fail_prefix set (a test program rather
 * than a fuzzer), also "FAIL <prefix>: ..." on stdout for tests/run.sh. */
void fz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
extern const char *fz_fail_prefix;

#endif /* XDP6_FUZZ_HARNESS_H */
