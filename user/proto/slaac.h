/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Stateless address autoconfiguration, sans-I/O: RFC 4862 §5.5.3 (address formation from a
 * Prefix Information option with A=1, lifetimes and the two-hour rule), §5.5.4 (deprecation,
 * expiry), RFC 7217 (stable-privacy interface identifiers, DAD retries) and RFC 8981 (temporary
 * addresses). */
#ifndef XDP6_SLAAC_H
#define XDP6_SLAAC_H

#include "pkt.h"

/*
 * How the host drives this module (user/proto/host.c):
 *
 *  - One struct slaac per interface: slaac_new(link, cfg, ops, seed, dstats); cfg NULL means
 *    slaac_cfg_defaults() (EUI-64 IIDs, no temporary addresses). This module increments the
 *    D_SLAAC_* and D_TEMP_ADDR_ADDED counters.
 *  - Its input is not a frame: router discovery (rdisc) validates the RA and calls
 *    slaac_prefix_input() for every Prefix Information option with A=1 (give rdisc the struct
 *    slaac with rdisc_attach()). It may be called directly too (tests, static config).
 *  - ops.addr_new(ctx, addr, 64, origin, valid_until, preferred_until): add the address
 *    (XDP6_ORIGIN_SLAAC or XDP6_ORIGIN_TEMPORARY) as tentative and run DAD on it; return 0, or
 *    a negative errno when the host does not take it (above all -EEXIST: the address is
 *    configured already, with another origin). SLAAC then forgets it (slaac-addr-refused):
 *    RFC 4862 §5.5.3 lets SLAAC manage only the addresses it formed, so no later RA, lifetime
 *    or expiry of this module reaches an address it did not form. If DAD finds
 *    a duplicate, call slaac_dad_failed(): with a stable-privacy secret (RFC 7217 §6) or for a
 *    temporary address (RFC 8981 §3.4) it calls ops.addr_expired(old) then ops.addr_new(new)
 *    with the next IID, up to 3 retries; otherwise (EUI-64, retries used up) the duplicate is
 *    kept (the host shows it as duplicate) so the prefix is not formed again, and is reported
 *    through ops.addr_expired() when its valid lifetime ends.
 *  - ops.addr_lifetime(ctx, addr, valid_until, preferred_until): an RA changed its lifetimes
 *    (RFC 4862 §5.5.3 e); if the address was deprecated and preferred_until is in the future,
 *    it is preferred again.
 *  - ops.addr_deprecated(ctx, addr): preferred lifetime ended (§5.5.4): state DEPRECATED,
 *    still answered by XDP. ops.addr_expired(ctx, addr): valid lifetime ended: remove it.
 *  - Timers: slaac_next_deadline() / slaac_timeout(now). Times are absolute xdp6_ns; an
 *    infinite lifetime (0xffffffff) is XDP6_NEVER.
 *  - Callbacks must not call back into this struct slaac.
 *  - RetransTimer changes (RA, through the host) go to slaac_set_retrans(): REGEN_ADVANCE
 *    depends on it.
 */

#define SLAAC_LIFETIME_INFINITE		0xffffffffu
#define SLAAC_IID_BITS			64	/* RFC 4291 §2.5.1: only /64 prefixes form */
#define SLAAC_TWO_HOURS			(2 * 3600 * XDP6_NS_PER_SEC)	/* RFC 4862 §5.5.3 e */
#define SLAAC_IDGEN_RETRIES		3	/* RFC 7217 §6 */
#define SLAAC_TEMP_IDGEN_RETRIES	3	/* RFC 8981 §3.8 */
#define SLAAC_TEMP_VALID_LIFETIME	(2 * 86400u)	/* s, RFC 8981 §3.8: 2 days */
#define SLAAC_TEMP_PREFERRED_LIFETIME	86400u		/* s, 1 day */
#define SLAAC_MAX_DESYNC_PCT		40	/* MAX_DESYNC_FACTOR = 0.4 * TEMP_PREFERRED */
#define SLAAC_REGEN_ADVANCE_BASE	(2 * XDP6_NS_PER_SEC)	/* REGEN_ADVANCE = 2 s + ... */
#define SLAAC_DEFAULT_MAX_ADDRS		16	/* Linux max_addresses */
#define SLAAC_SECRET_MAX		32
#define SLAAC_NETWORK_ID_MAX		32

struct slaac_cfg {
	/* RFC 7217 secret_key; secret_len 0 means EUI-64 IIDs (RFC 4291 App. A). */
	uint8_t secret[SLAAC_SECRET_MAX];
	size_t secret_len;
	/* RFC 7217 optional Network_ID (e.g. an SSID); may be empty. */
	uint8_t network_id[SLAAC_NETWORK_ID_MAX];
	size_t network_id_len;
	bool temporary;				/* RFC 8981 temporary addresses */
	unsigned max_addrs;			/* 0 = SLAAC_DEFAULT_MAX_ADDRS */
	uint32_t temp_valid_lifetime;		/* s, 0 = SLAAC_TEMP_VALID_LIFETIME */
	uint32_t temp_preferred_lifetime;	/* s, 0 = SLAAC_TEMP_PREFERRED_LIFETIME */
	unsigned dad_transmits;			/* DupAddrDetectTransmits, for REGEN_ADVANCE */
	xdp6_ns retrans_timer;			/* 0 = 1 s */
};

void slaac_cfg_defaults(struct slaac_cfg *cfg);

struct slaac_ops {
	int (*addr_new)(void *ctx, const struct in6_addr *a, uint8_t plen,
			enum xdp6_addr_origin origin, xdp6_ns valid_until,
			xdp6_ns preferred_until);
	void (*addr_lifetime)(void *ctx, const struct in6_addr *a, xdp6_ns valid_until,
			      xdp6_ns preferred_until);
	void (*addr_deprecated)(void *ctx, const struct in6_addr *a);
	void (*addr_expired)(void *ctx, const struct in6_addr *a);
	void *ctx;
};

struct slaac;

/* link, cfg and ops are copied; dstats must outlive the struct slaac. NULL on allocation
 * failure or NULL link/dstats. */
struct slaac *slaac_new(const struct xdp6_link *link, const struct slaac_cfg *cfg,
			const struct slaac_ops *ops, uint64_t seed, uint64_t *dstats);
void slaac_free(struct slaac *s);

/* A Prefix Information option with the A flag set (RFC 4862 §5.5.3), lifetimes in seconds as
 * received. Returns 0 when processed (including "nothing to do": valid lifetime 0 for an
 * unknown prefix), -EINVAL when ignored by §5.5.3 b/c/d (link-local prefix, preferred > valid,
 * prefix length + 64 != 128) or because no unicast address can form in it (a multicast
 * prefix, as Linux; ::/64), counted as slaac-prefix-ignored; -ENOSPC when the table is full,
 * or what ops.addr_new() returned when the host refused the address. */
int slaac_prefix_input(struct slaac *s, xdp6_ns now, const struct in6_addr *prefix,
		       uint8_t plen, uint32_t valid, uint32_t preferred);

/* DAD found addr duplicate (see the contract above). 0 or -ENOENT (not ours). */
int slaac_dad_failed(struct slaac *s, xdp6_ns now, const struct in6_addr *addr);

/* RetransTimer from an RA (0 ignored). */
void slaac_set_retrans(struct slaac *s, xdp6_ns retrans);
/* REGEN_ADVANCE of RFC 8981 §3.8 in force. */
xdp6_ns slaac_regen_advance(const struct slaac *s);

void slaac_timeout(struct slaac *s, xdp6_ns now);
xdp6_ns slaac_next_deadline(const struct slaac *s);

struct slaac_addr_info {
	struct in6_addr addr;
	uint8_t prefixlen;			/* 64 */
	enum xdp6_addr_origin origin;		/* SLAAC or TEMPORARY */
	bool deprecated;			/* preferred lifetime over */
	bool duplicate;				/* DAD failed, no retry left */
	uint8_t dad_counter;			/* RFC 7217 DAD_Counter / temporary retries */
	xdp6_ns valid_until, preferred_until;	/* absolute, XDP6_NEVER = infinite */
	xdp6_ns valid_left, preferred_left;	/* from now, XDP6_NEVER = infinite */
};

/* Fills up to max entries, returns how many addresses there are. */
size_t slaac_addrs(const struct slaac *s, xdp6_ns now, struct slaac_addr_info *out, size_t max);

/* The RFC 7217 §5 interface identifier for prefix (its first 64 bits), this link's name as
 * Net_Iface, cfg's Network_ID and secret, and dad_counter: the low 64 bits of SHA-256 over
 * prefix(8) | len(ifname) | ifname | len(network_id) | network_id | DAD_Counter(1) | secret.
 * The length octets keep the concatenation unambiguous. -EINVAL without a secret. */
int slaac_stable_iid(const struct slaac *s, const struct in6_addr *prefix, uint8_t dad_counter,
		     uint8_t iid[8]);

/* RFC 5453 reserved IIDs: subnet-router anycast (0), the IANA Ethernet block
 * 0200:5eff:fe00:0000-0200:5eff:feff:ffff, reserved subnet anycast fdff:ffff:ffff:ff80-ffff. */
bool slaac_iid_reserved(const uint8_t iid[8]);

#endif /* XDP6_SLAAC_H */
