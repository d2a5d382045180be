/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Duplicate Address Detection, sans-I/O: RFC 4862 §5.4 (probes, §5.4.3/§5.4.4 conflicts) with
 * the RFC 4861 §7.1.1/§7.1.2 validity checks and RFC 7527 nonces (looped-back probes). */
#ifndef XDP6_DAD_H
#define XDP6_DAD_H

#include "pkt.h"

/*
 * How the host drives this module (user/proto/host.c):
 *
 *  - One struct dad per interface: dad_new(link, cfg, ops, seed, dstats). cfg NULL means the
 *    defaults of dad_cfg_defaults(). dstats is the host's daemon counter array (D__MAX entries,
 *    enum xdp6_dreason); this module only increments the D_DAD_* entries.
 *  - Adding an address with DAD on: publish it as XDP6_ADDR_TENTATIVE (XDP must not answer for
 *    it, RFC 4862 §5.4), join its solicited-node group FIRST (group_join + mld_join: RFC 4862
 *    §5.4.2 requires listening on it before probing; this module never joins groups), then
 *    call dad_start(). When ops.done reports DAD_OK, publish XDP6_ADDR_PREFERRED; on DAD_DUP_*
 *    publish XDP6_ADDR_DUPLICATE (RFC 4862 §5.4.5: the address must not be used) and decide
 *    what else to do (Linux disables IPv6 on the interface for a duplicate EUI-64 link-local).
 *    Leave the solicited-node group (mld_leave) when the address is deleted.
 *  - Deleting an address while DAD runs: dad_cancel() (no more probes, no callback).
 *  - Every received Neighbor Solicitation (ICMPv6 type 135) and Neighbor Advertisement (136)
 *    goes to dad_input() BEFORE neighbor-discovery processing:
 *      returns 1       the frame concerned a tentative address and was handled here (conflict,
 *                      looped probe, or address resolution for a tentative target, §5.4.3):
 *                      the host must not answer it nor feed it to the neighbor cache;
 *      returns -EINVAL an NS/NA for a tentative target that fails RFC 4861 §7.1 validity
 *                      (counted as dad-invalid): drop it;
 *      returns 0       not about a tentative address (nothing counted): normal ND processing.
 *  - Timers: arm the event loop for dad_next_deadline() (XDP6_NEVER when idle) and call
 *    dad_timeout(now) when it is reached; probes and DAD_OK callbacks happen there.
 *  - Callbacks may call dad_start()/dad_cancel() on this same struct dad (the finished entry is
 *    gone before ops.done is called).
 *
 * Defaults: 1 probe (DupAddrDetectTransmits, RFC 4862 §5.1), RetransTimer 1 s (RFC 4861 §10),
 * random delay 0..1 s before the first probe (MAX_RTR_SOLICITATION_DELAY, RFC 4861 §10; Linux
 * applies it to every DAD, so do we).
 */

#define DAD_NONCE_LEN		6	/* RFC 7527 §4.1: 6 random octets, option length 1 */

enum dad_result {
	DAD_OK = 0,		/* no conflict within the probes + RetransTimer */
	DAD_DUP_NS = 1,		/* another node probed for it (NS from ::, not our nonce) */
	DAD_DUP_NA = 2,		/* another node advertised it (valid NA for the target) */
};

struct dad_cfg {
	unsigned transmits;		/* DupAddrDetectTransmits; 0 = success at once */
	xdp6_ns retrans_timer;		/* RetransTimer, spacing of probes */
	xdp6_ns max_delay;		/* first probe after a random delay in [0, max_delay] */
};

void dad_cfg_defaults(struct dad_cfg *cfg);

struct dad_ops {
	struct xdp6_tx tx;		/* probes go out here */
	/* DAD for addr finished. Never called after dad_cancel(addr). */
	void (*done)(void *ctx, const struct in6_addr *addr, enum dad_result result);
	void *ctx;
};

struct dad;

/* link, cfg and ops are copied; dstats must outlive the struct dad. NULL on allocation failure
 * or NULL link/dstats. */
struct dad *dad_new(const struct xdp6_link *link, const struct dad_cfg *cfg,
		    const struct dad_ops *ops, uint64_t seed, uint64_t *dstats);
void dad_free(struct dad *d);

/* The address becomes tentative and DAD starts at `now` (the host has already joined its
 * solicited-node group). With cfg.transmits == 0, ops.done(DAD_OK) is called before this
 * returns. Returns 0, -EINVAL (multicast, unspecified or loopback address), -EEXIST (DAD for it
 * already running) or -ENOMEM. */
int dad_start(struct dad *d, xdp6_ns now, const struct in6_addr *addr);

/* The address was deleted during DAD: no more probes, no callback, counted dad-cancelled.
 * 0 or -ENOENT. */
int dad_cancel(struct dad *d, const struct in6_addr *addr);
/* DAD for the address is not needed after all: it was known unique before (a restarted xdp6d
 * adopts it as the previous one left it). No more probes, no callback, nothing counted. */
int dad_stop(struct dad *d, const struct in6_addr *addr);

bool dad_is_tentative(const struct dad *d, const struct in6_addr *addr);

/* RetransTimer (RFC 4861 §6.3.4, from an RA): spaces the probes scheduled from now on, those of
 * running DADs included (Linux reads it at every probe). 0 is ignored. */
void dad_set_retrans(struct dad *d, xdp6_ns retrans);

/* A received NS or NA, parsed by pkt_parse(). See the contract above for the return value. */
int dad_input(struct dad *d, xdp6_ns now, const struct pkt_info *pi);

void dad_timeout(struct dad *d, xdp6_ns now);
xdp6_ns dad_next_deadline(const struct dad *d);

#endif /* XDP6_DAD_H */
