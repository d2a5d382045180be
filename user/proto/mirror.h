/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Mirror mode's decisions (xdp6d --mirror), sans-I/O: the kernel owns the addresses
 * of the interface and xdp6 answers Echo and NS for them in XDP. In: the kernel's addresses and
 * flags as rtnetlink reports them (dump, RTM_NEWADDR, RTM_DELADDR), the kernel's settings that
 * change what a host answers, the link's MAC. Out: what the addrs and iface maps must hold
 * (through struct mirror_ops), and whether a neighbor XDP learned goes into the kernel's
 * neighbor table (RFC 4861 §7.2.3). No socket, map or clock is touched here. */
#ifndef XDP6_PROTO_MIRROR_H
#define XDP6_PROTO_MIRROR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "xdp6_maps.h"
#include "xdp6_wire.h"

/* One kernel address of the interface, as RTM_NEWADDR carries it. */
struct mirror_kaddr {
	struct in6_addr addr;
	uint8_t prefixlen;
	uint32_t flags;			/* IFA_F_* (IFA_FLAGS, or ifa_flags) */
	uint32_t preferred;		/* IFA_CACHEINFO ifa_prefered, seconds; UINT32_MAX: forever */
};

/* The kernel's settings mirror mode follows (read at start, then followed: README "Mirror"). */
struct mirror_sysctls {
	bool echo_ignore_all;		/* net.ipv6.icmp.echo_ignore_all */
	bool echo_ignore_multicast;	/* net.ipv6.icmp.echo_ignore_multicast */
	bool echo_ignore_anycast;	/* net.ipv6.icmp.echo_ignore_anycast: anycast addresses are
					 * never mirrored, the kernel answers them as it says */
	bool disable_ipv6;		/* net.ipv6.conf.IFACE.disable_ipv6 */
	bool forwarding;		/* net.ipv6.conf.IFACE.forwarding: R=1 in NAs (RFC 4861
					 * §7.2.4) */
	uint8_t hop_limit;		/* net.ipv6.conf.IFACE.hop_limit: Echo Replies' hop limit */
};

/* Map writes; ctx is mirror_ops.ctx. The same signatures as host_ops' (maps.c serves both). */
struct mirror_ops {
	void (*addr_publish)(void *ctx, const struct in6_addr *a, const struct xdp6_addr_val *v);
	void (*addr_unpublish)(void *ctx, const struct in6_addr *a);
	void (*iface_changed)(void *ctx, const struct xdp6_iface *v, bool refill_tokens);
	/* The groups map must hold g (join) or no longer (leave): the solicited-node group of a
	 * mirrored address (RFC 4291 §2.7.1), so XDP takes NSs sent to it as ours. The kernel
	 * itself joins the group (MLD, NIC filter): only the map is written. */
	void (*group_join)(void *ctx, const struct in6_addr *g);
	void (*group_leave)(void *ctx, const struct in6_addr *g);
	void *ctx;
};

/* Rates of the fast path's token buckets (xdp6d's --echo-rate ... options; 0: unlimited). */
struct mirror_rates {
	uint32_t echo_rate, echo_burst, na_rate, na_burst;
};

struct mirror;

/* The addrs map state a kernel address must have, or -1: not in the map (RFC 4862, RFC 4429):
 * - IFA_F_DADFAILED: XDP6_ADDR_DUPLICATE (never answered; NSs for it go to the kernel);
 * - IFA_F_TENTATIVE, with or without IFA_F_OPTIMISTIC: XDP6_ADDR_TENTATIVE. RFC 4429 §3.3 lets
 *   an optimistic node use its address but not answer NSs for it with an NA that overrides;
 *   the kernel implements exactly that, so both Echo and NS for an optimistic address go to
 *   the kernel until DAD ends (its RTM_NEWADDR without IFA_F_TENTATIVE);
 * - IFA_F_DEPRECATED or preferred lifetime 0: XDP6_ADDR_DEPRECATED (still answered, RFC 4862
 *   §5.5.4);
 * - otherwise XDP6_ADDR_PREFERRED.
 * Multicast, unspecified, loopback or IPv4-mapped addresses are never mirrored (-1). */
int mirror_addr_state(const struct mirror_kaddr *k);

/* max_addrs: the addrs map's max_entries (what does not fit is refused and logged by the
 * caller through the return of mirror_addr_event). */
struct mirror *mirror_create(const struct mirror_ops *ops, const struct mirror_rates *rates,
			     int ifindex, const uint8_t mac[ETH6_ALEN], uint32_t max_addrs);
void mirror_free(struct mirror *m);

/* RTM_NEWADDR (present) or RTM_DELADDR for one address of the interface. 0, or -ENOSPC when
 * the table is full (the address is not answered in XDP; the kernel still serves it). */
int mirror_addr_event(struct mirror *m, bool present, const struct mirror_kaddr *k);

/* A restart or a dump after a lost event (ENOBUFS): mirror_sync_begin() forgets which
 * addresses were seen, the dump's RTM_NEWADDRs go through mirror_addr_event(), and
 * mirror_sync_end() removes every address the dump did not name, and unpublishes each of
 * `pinned` (the addrs map as a previous xdp6d left it) that is not in the table, and leaves
 * each of `groups` (its groups map) that no mirrored address needs. */
void mirror_sync_begin(struct mirror *m);
void mirror_sync_end(struct mirror *m, const struct in6_addr *pinned, size_t npinned,
		     const struct in6_addr *groups, size_t ngroups);

/* The kernel's settings (at start, and whenever they may have changed: idempotent). */
void mirror_set_sysctls(struct mirror *m, const struct mirror_sysctls *s);
/* The link's MAC (RTM_NEWLINK IFLA_ADDRESS): replies use it from the next frame on. */
void mirror_set_mac(struct mirror *m, const uint8_t mac[ETH6_ALEN]);

/* What the addrs and iface maps hold now. */
struct mirror_addr_info {
	struct in6_addr addr;
	uint8_t prefixlen;
	int state;			/* enum xdp6_addr_state, or -1 (not mirrored) */
	uint32_t kflags;		/* IFA_F_* as the kernel said */
};
size_t mirror_addrs(const struct mirror *m, struct mirror_addr_info *out, size_t max);
const struct xdp6_iface *mirror_iface(const struct mirror *m);
const struct mirror_sysctls *mirror_sysctls(const struct mirror *m);

/* RFC 4861 §7.2.3 for the NSs XDP answered (the kernel never saw them): should the sender
 * (learned MAC `mac`) be written into the kernel's neighbor table as STALE? kstate is the
 * kernel's entry's NUD_* state and kmac its MAC (kstate 0: no entry). Yes when there is no
 * entry, or one without a usable MAC (NUD_INCOMPLETE, NUD_FAILED, NUD_NONE), or a STALE, DELAY
 * or PROBE one with another MAC (§7.2.3: a different address makes it STALE); never over
 * NUD_REACHABLE, NUD_PERMANENT or NUD_NOARP (whatever its MAC: an NS does not prove
 * reachability, RFC 4861 §7.3.3), nor when it already says mac. */
bool mirror_neigh_should_write(uint16_t kstate, const uint8_t kmac[ETH6_ALEN],
			       const uint8_t mac[ETH6_ALEN]);

#endif /* XDP6_PROTO_MIRROR_H */
