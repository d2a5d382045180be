// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* SLAAC address formation and lifetimes: RFC 4862 §5.5.3 (a-e, two-hour rule), §5.5.4
 * (deprecation and expiry), RFC 7217 §5/§6 (stable-privacy IIDs with SHA-256 as F(), DAD
 * counter), RFC 8981 §3.3-§3.8 (temporary addresses, DESYNC_FACTOR, REGEN_ADVANCE), RFC 5453
 * (reserved IIDs). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "slaac.h"

#define SLAAC_IID_OFF		8	/* the IID is the last 8 octets of the address */
#define SLAAC_MAX_IID_TRIES	64	/* bound on redraws of a reserved/colliding IID */

struct slaac_entry {
	bool used;
	struct in6_addr addr;		/* prefix in the first 8 octets */
	enum xdp6_addr_origin origin;
	xdp6_ns valid_until, preferred_until;
	bool deprecated;		/* addr_deprecated() reported */
	bool duplicate;			/* DAD failed for good: kept, the prefix is not re-formed */
	uint8_t dad_counter;
	/* temporary addresses (RFC 8981) */
	xdp6_ns created;
	xdp6_ns desync;
	bool regenerated;		/* successor created REGEN_ADVANCE before deprecation */
};

struct slaac {
	struct xdp6_link link;
	struct slaac_cfg cfg;
	struct slaac_ops ops;
	uint64_t rand;
	uint64_t *dstats;
	bool temp_disabled;		/* RFC 8981 §3.4: TEMP_IDGEN_RETRIES DAD failures */
	struct slaac_entry *e;
};

void slaac_cfg_defaults(struct slaac_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->max_addrs = SLAAC_DEFAULT_MAX_ADDRS;
	cfg->temp_valid_lifetime = SLAAC_TEMP_VALID_LIFETIME;
	cfg->temp_preferred_lifetime = SLAAC_TEMP_PREFERRED_LIFETIME;
	cfg->dad_transmits = 1;
	cfg->retrans_timer = XDP6_NS_PER_SEC;
}

struct slaac *slaac_new(const struct xdp6_link *link, const struct slaac_cfg *cfg,
			const struct slaac_ops *ops, uint64_t seed, uint64_t *dstats)
{
	struct slaac *s;

	if (!link || !dstats)
		return NULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->link = *link;
	slaac_cfg_defaults(&s->cfg);
	if (cfg) {
		s->cfg = *cfg;
		if (!s->cfg.max_addrs)
			s->cfg.max_addrs = SLAAC_DEFAULT_MAX_ADDRS;
		if (!s->cfg.temp_valid_lifetime)
			s->cfg.temp_valid_lifetime = SLAAC_TEMP_VALID_LIFETIME;
		if (!s->cfg.temp_preferred_lifetime)
			s->cfg.temp_preferred_lifetime = SLAAC_TEMP_PREFERRED_LIFETIME;
		if (!s->cfg.retrans_timer)
			s->cfg.retrans_timer = XDP6_NS_PER_SEC;
		if (s->cfg.secret_len > SLAAC_SECRET_MAX)
			s->cfg.secret_len = SLAAC_SECRET_MAX;
		if (s->cfg.network_id_len > SLAAC_NETWORK_ID_MAX)
			s->cfg.network_id_len = SLAAC_NETWORK_ID_MAX;
	}
	if (ops)
		s->ops = *ops;
	s->rand = seed;
	s->dstats = dstats;
	s->e = calloc(s->cfg.max_addrs, sizeof(*s->e));
	if (!s->e) {
		free(s);
		return NULL;
	}
	return s;
}

void slaac_free(struct slaac *s)
{
	if (!s)
		return;
	memset(s->cfg.secret, 0, sizeof(s->cfg.secret));
	free(s->e);
	free(s);
}

static xdp6_ns ns_add(xdp6_ns a, xdp6_ns b)
{
	return a > XDP6_NEVER - b ? XDP6_NEVER : a + b;
}

static xdp6_ns ns_min(xdp6_ns a, xdp6_ns b)
{
	return a < b ? a : b;
}

/* A received lifetime in seconds as an absolute time; 0xffffffff is infinity (§4.6.2). */
static xdp6_ns lt_until(xdp6_ns now, uint32_t s)
{
	if (s == SLAAC_LIFETIME_INFINITE)
		return XDP6_NEVER;
	return ns_add(now, (xdp6_ns)s * XDP6_NS_PER_SEC);
}

static xdp6_ns left(xdp6_ns now, xdp6_ns until)
{
	if (until == XDP6_NEVER)
		return XDP6_NEVER;
	return until > now ? until - now : 0;
}

xdp6_ns slaac_regen_advance(const struct slaac *s)
{
	/* RFC 8981 §3.8: REGEN_ADVANCE = 2 + TEMP_IDGEN_RETRIES * DupAddrDetectTransmits *
	 * RetransTimer / 1000 (seconds, RetransTimer in ms). */
	return SLAAC_REGEN_ADVANCE_BASE +
	       (xdp6_ns)SLAAC_TEMP_IDGEN_RETRIES * s->cfg.dad_transmits * s->cfg.retrans_timer;
}

void slaac_set_retrans(struct slaac *s, xdp6_ns retrans)
{
	if (retrans)
		s->cfg.retrans_timer = retrans;
}

bool slaac_iid_reserved(const uint8_t iid[8])
{
	static const uint8_t zero[8];
	static const uint8_t eth_block[5] = { 0x02, 0x00, 0x5e, 0xff, 0xfe };
	static const uint8_t anycast[7] = { 0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	if (!memcmp(iid, zero, 8))
		return true;			/* subnet-router anycast, RFC 4291 §2.6.1 */
	if (!memcmp(iid, eth_block, 5))
		return true;			/* 0200:5eff:fe00:0000 - 0200:5eff:feff:ffff */
	if (!memcmp(iid, anycast, 7) && iid[7] >= 0x80)
		return true;			/* RFC 2526 reserved subnet anycast */
	return false;
}

int slaac_stable_iid(const struct slaac *s, const struct in6_addr *prefix, uint8_t dad_counter,
		     uint8_t iid[8])
{
	uint8_t d[SHA256_DIGEST_LEN], l;
	size_t ifl = strnlen(s->link.ifname, sizeof(s->link.ifname));
	struct sha256 c;

	if (!s->cfg.secret_len)
		return -EINVAL;
	/* RFC 7217 §5: RID = F(Prefix, Net_Iface, Network_ID, DAD_Counter, secret_key). */
	sha256_init(&c);
	sha256_update(&c, prefix->s6_addr, SLAAC_IID_OFF);
	l = (uint8_t)ifl;
	sha256_update(&c, &l, 1);
	sha256_update(&c, s->link.ifname, ifl);
	l = (uint8_t)s->cfg.network_id_len;
	sha256_update(&c, &l, 1);
	sha256_update(&c, s->cfg.network_id, s->cfg.network_id_len);
	sha256_update(&c, &dad_counter, 1);
	sha256_update(&c, s->cfg.secret, s->cfg.secret_len);
	sha256_final(&c, d);
	/* "taking as many bits from the RID value as necessary, starting from the least
	 * significant bit": the last 8 octets of the big-endian digest. */
	memcpy(iid, d + SHA256_DIGEST_LEN - 8, 8);
	return 0;
}

static struct slaac_entry *slaac_find(struct slaac *s, const struct in6_addr *a)
{
	unsigned i;

	for (i = 0; i < s->cfg.max_addrs; i++)
		if (s->e[i].used && !memcmp(&s->e[i].addr, a, sizeof(*a)))
			return &s->e[i];
	return NULL;
}

/* The public (origin SLAAC) address formed from this /64, duplicate or not. */
static struct slaac_entry *slaac_find_public(struct slaac *s, const struct in6_addr *prefix)
{
	unsigned i;

	for (i = 0; i < s->cfg.max_addrs; i++)
		if (s->e[i].used && s->e[i].origin == XDP6_ORIGIN_SLAAC &&
		    !memcmp(&s->e[i].addr, prefix, SLAAC_IID_OFF))
			return &s->e[i];
	return NULL;
}

static struct slaac_entry *slaac_alloc(struct slaac *s)
{
	unsigned i;

	for (i = 0; i < s->cfg.max_addrs; i++)
		if (!s->e[i].used) {
			memset(&s->e[i], 0, sizeof(s->e[i]));
			s->e[i].used = true;
			return &s->e[i];
		}
	s->dstats[D_SLAAC_TABLE_FULL]++;
	return NULL;
}

/* An IID for the prefix: EUI-64 (RFC 4862 §5.5.3 d with RFC 4291 App. A) or RFC 7217, with
 * *counter advanced past reserved IIDs and IIDs already used on this prefix (RFC 7217 §5). */
static int slaac_form(struct slaac *s, const struct in6_addr *prefix, uint8_t *counter,
		      struct in6_addr *out)
{
	uint8_t iid[8];
	int tries;

	*out = *prefix;
	if (!s->cfg.secret_len) {
		ip6_eui64_iid(s->link.mac, iid);
		memcpy(out->s6_addr + SLAAC_IID_OFF, iid, 8);
		return 0;
	}
	for (tries = 0; tries < SLAAC_MAX_IID_TRIES; tries++) {
		slaac_stable_iid(s, prefix, *counter, iid);
		memcpy(out->s6_addr + SLAAC_IID_OFF, iid, 8);
		if (!slaac_iid_reserved(iid) && !slaac_find(s, out))
			return 0;
		(*counter)++;
	}
	return -EADDRNOTAVAIL;
}

/* RFC 8981 §3.3.1: 64 random bits, not reserved, not already in use. */
static int slaac_random_iid(struct slaac *s, const struct in6_addr *prefix, struct in6_addr *out)
{
	int tries;

	*out = *prefix;
	for (tries = 0; tries < SLAAC_MAX_IID_TRIES; tries++) {
		uint32_t hi = xdp6_rand_u32(&s->rand), lo = xdp6_rand_u32(&s->rand);
		uint8_t *iid = out->s6_addr + SLAAC_IID_OFF;

		iid[0] = (uint8_t)(hi >> 24); iid[1] = (uint8_t)(hi >> 16);
		iid[2] = (uint8_t)(hi >> 8);  iid[3] = (uint8_t)hi;
		iid[4] = (uint8_t)(lo >> 24); iid[5] = (uint8_t)(lo >> 16);
		iid[6] = (uint8_t)(lo >> 8);  iid[7] = (uint8_t)lo;
		if (!slaac_iid_reserved(iid) && !slaac_find(s, out))
			return 0;
	}
	return -EADDRNOTAVAIL;
}

/* The new address of e goes to the host. When refused (configured already, with another
 * origin: RFC 4862 §5.5.3 lets SLAAC manage only what it formed), e is forgotten. 0 or the
 * host's -errno. */
static int slaac_announce(struct slaac *s, struct slaac_entry *e)
{
	int rc;

	if (!s->ops.addr_new)
		return 0;
	rc = s->ops.addr_new(s->ops.ctx, &e->addr, SLAAC_IID_BITS, e->origin, e->valid_until,
			     e->preferred_until);
	if (rc) {
		memset(e, 0, sizeof(*e));
		s->dstats[D_SLAAC_ADDR_REFUSED]++;
	}
	return rc;
}

/* RFC 8981 §3.4 steps 3-7: a temporary address for the prefix of `pub`. */
static void slaac_temp_create(struct slaac *s, xdp6_ns now, const struct slaac_entry *pub)
{
	xdp6_ns tp = (xdp6_ns)s->cfg.temp_preferred_lifetime * XDP6_NS_PER_SEC;
	xdp6_ns tv = (xdp6_ns)s->cfg.temp_valid_lifetime * XDP6_NS_PER_SEC;
	xdp6_ns regen = slaac_regen_advance(s), max_desync, desync, pref, valid;
	struct in6_addr prefix = pub->addr, a;
	struct slaac_entry *e;

	if (!s->cfg.temporary || s->temp_disabled || pub->duplicate)
		return;
	/* §3.8: DESYNC_FACTOR in [0, MAX_DESYNC_FACTOR], fresh for every address, and smaller
	 * than TEMP_PREFERRED_LIFETIME - REGEN_ADVANCE. */
	max_desync = tp / 100 * SLAAC_MAX_DESYNC_PCT;
	if (tp > regen && max_desync >= tp - regen)
		max_desync = tp - regen - 1;
	else if (tp <= regen)
		max_desync = 0;
	desync = xdp6_rand_delay(&s->rand, max_desync);
	/* §3.4 step 4: bounded by the public address' lifetimes. */
	valid = ns_min(ns_add(now, tv), pub->valid_until);
	pref = ns_min(ns_add(now, tp - desync), pub->preferred_until);
	pref = ns_min(pref, valid);
	/* §3.4 step 5: only if the preferred lifetime exceeds REGEN_ADVANCE. */
	if (pref <= now || pref - now <= regen)
		return;
	memset(prefix.s6_addr + SLAAC_IID_OFF, 0, 8);
	if (slaac_random_iid(s, &prefix, &a))
		return;
	e = slaac_alloc(s);
	if (!e)
		return;
	e->addr = a;
	e->origin = XDP6_ORIGIN_TEMPORARY;
	e->valid_until = valid;
	e->preferred_until = pref;
	e->created = now;
	e->desync = desync;
	if (slaac_announce(s, e))
		return;
	s->dstats[D_TEMP_ADDR_ADDED]++;
}

static xdp6_ns slaac_regen_at(const struct slaac *s, const struct slaac_entry *e)
{
	xdp6_ns ra = slaac_regen_advance(s);

	if (e->preferred_until == XDP6_NEVER)
		return XDP6_NEVER;
	return e->preferred_until > ra ? e->preferred_until - ra : 0;
}

static void slaac_report_lifetime(struct slaac *s, xdp6_ns now, struct slaac_entry *e,
				  xdp6_ns valid, xdp6_ns pref)
{
	pref = ns_min(pref, valid);
	if (valid == e->valid_until && pref == e->preferred_until)
		return;
	e->valid_until = valid;
	e->preferred_until = pref;
	if (pref > now)
		e->deprecated = false;	/* a new preferred lifetime makes it preferred again */
	if (e->origin == XDP6_ORIGIN_TEMPORARY && slaac_regen_at(s, e) > now)
		e->regenerated = false;
	if (!e->duplicate && s->ops.addr_lifetime)
		s->ops.addr_lifetime(s->ops.ctx, &e->addr, valid, pref);
}

/* RFC 4862 §5.5.3 e: the two-hour rule for the valid lifetime of an existing address. */
static xdp6_ns slaac_two_hour_rule(xdp6_ns now, xdp6_ns cur_until, uint32_t received)
{
	xdp6_ns rx = lt_until(now, received);

	/* 1. greater than 2 hours or greater than RemainingLifetime: take it. */
	if (left(now, rx) > SLAAC_TWO_HOURS || rx > cur_until)
		return rx;
	/* 2. RemainingLifetime <= 2 hours: ignore (no SEND authentication here). */
	if (left(now, cur_until) <= SLAAC_TWO_HOURS)
		return cur_until;
	/* 3. otherwise: 2 hours. */
	return now + SLAAC_TWO_HOURS;
}

int slaac_prefix_input(struct slaac *s, xdp6_ns now, const struct in6_addr *prefix,
		       uint8_t plen, uint32_t valid, uint32_t preferred)
{
	static const uint8_t zero64[SLAAC_IID_OFF];
	struct slaac_entry *pub, *e;
	struct in6_addr p64, a;
	bool have_temp = false;
	uint8_t counter = 0;
	unsigned i;
	int rc;

	/* §5.5.3 a (A flag) is the caller's: only A=1 options come here. */
	if (ip6_is_linklocal(prefix))		/* b: link-local prefix: ignore */
		goto ignored;
	/* No unicast address forms in a multicast prefix (Linux addrconf_prefix_rcv ignores
	 * it) nor in ::/64 (RFC 4291 §2.4: reserved, holds :: and ::1). */
	if (ip6_is_multicast(prefix) || !memcmp(prefix->s6_addr, zero64, SLAAC_IID_OFF))
		goto ignored;
	if (preferred > valid)			/* c: preferred > valid: ignore */
		goto ignored;
	if (plen + SLAAC_IID_BITS != 128)	/* d: prefix + IID length must be 128 */
		goto ignored;
	p64 = *prefix;
	memset(p64.s6_addr + SLAAC_IID_OFF, 0, 8);

	pub = slaac_find_public(s, &p64);
	if (!pub) {
		/* d: an unknown prefix with a non-zero valid lifetime forms an address. */
		if (!valid)
			return 0;
		if (slaac_form(s, &p64, &counter, &a))
			return -EADDRNOTAVAIL;
		pub = slaac_alloc(s);
		if (!pub)
			return -ENOSPC;
		pub->addr = a;
		pub->origin = XDP6_ORIGIN_SLAAC;
		pub->dad_counter = counter;
		pub->valid_until = lt_until(now, valid);
		pub->preferred_until = lt_until(now, preferred);
		/* preferred 0: deprecated by the next slaac_timeout(), through the callback */
		rc = slaac_announce(s, pub);
		if (rc)
			return rc;	/* nor a temporary address for a prefix not ours */
		s->dstats[D_SLAAC_ADDR_ADDED]++;
		/* RFC 8981 §3.4: a new public address gets a temporary companion. */
		slaac_temp_create(s, now, pub);
		return 0;
	}

	/* e: the address exists: preferred lifetime as received, valid by the two-hour rule. */
	slaac_report_lifetime(s, now, pub, slaac_two_hour_rule(now, pub->valid_until, valid),
			      lt_until(now, preferred));

	/* RFC 8981 §3.4: temporary addresses follow, each bounded by its own
	 * TEMP_VALID_LIFETIME and TEMP_PREFERRED_LIFETIME - DESYNC_FACTOR from its creation.
	 * Bounded by the public address' lifetimes after the two-hour rule, as Linux does
	 * (manage_tempaddrs() gets the valid lifetime the two-hour rule produced): one spoofed
	 * RA cannot end them sooner than the public address. */
	for (i = 0; i < s->cfg.max_addrs; i++) {
		xdp6_ns tv, tp;

		e = &s->e[i];
		if (!e->used || e->origin != XDP6_ORIGIN_TEMPORARY ||
		    memcmp(&e->addr, &p64, SLAAC_IID_OFF))
			continue;
		tv = ns_add(e->created, (xdp6_ns)s->cfg.temp_valid_lifetime * XDP6_NS_PER_SEC);
		tp = ns_add(e->created, (xdp6_ns)s->cfg.temp_preferred_lifetime *
				XDP6_NS_PER_SEC - e->desync);
		slaac_report_lifetime(s, now, e, ns_min(tv, pub->valid_until),
				      ns_min(tp, pub->preferred_until));
		if (!e->duplicate && e->preferred_until > now)
			have_temp = true;
	}
	/* ... and a prefix with no preferred temporary address gets one (Linux does too). */
	if (!have_temp && valid)
		slaac_temp_create(s, now, pub);
	return 0;
ignored:
	s->dstats[D_SLAAC_PREFIX_IGNORED]++;
	return -EINVAL;
}

int slaac_dad_failed(struct slaac *s, xdp6_ns now, const struct in6_addr *addr)
{
	struct slaac_entry *e = slaac_find(s, addr);
	struct in6_addr old, prefix, a;
	uint8_t counter;
	int rc;

	if (!e || e->duplicate)
		return -ENOENT;
	old = e->addr;
	prefix = e->addr;
	memset(prefix.s6_addr + SLAAC_IID_OFF, 0, 8);
	if (e->origin == XDP6_ORIGIN_TEMPORARY) {
		/* RFC 8981 §3.4: a new random IID, up to TEMP_IDGEN_RETRIES times; then no
		 * more temporary addresses on this interface. */
		if (e->dad_counter >= SLAAC_TEMP_IDGEN_RETRIES ||
		    slaac_random_iid(s, &prefix, &a)) {
			s->temp_disabled = true;
			memset(e, 0, sizeof(*e));
			if (s->ops.addr_expired)
				s->ops.addr_expired(s->ops.ctx, &old);
			return 0;
		}
	} else {
		/* RFC 7217 §6: with a secret, the next DAD_Counter, up to IDGEN_RETRIES times.
		 * An EUI-64 address has no second choice (RFC 4862 §5.4.5): keep it as a
		 * duplicate so that later RAs do not form it again. */
		counter = e->dad_counter + 1;
		if (!s->cfg.secret_len || e->dad_counter >= SLAAC_IDGEN_RETRIES) {
			e->duplicate = true;
			return 0;
		}
		rc = slaac_form(s, &prefix, &counter, &a);
		if (rc) {
			e->duplicate = true;
			return 0;
		}
		e->dad_counter = counter;
	}
	if (e->origin == XDP6_ORIGIN_TEMPORARY)
		e->dad_counter++;
	e->addr = a;
	e->deprecated = false;	/* re-reported by slaac_timeout() if its time has passed */
	s->dstats[D_SLAAC_DAD_RETRY]++;
	if (s->ops.addr_expired)
		s->ops.addr_expired(s->ops.ctx, &old);
	slaac_announce(s, e);
	return 0;
}

void slaac_timeout(struct slaac *s, xdp6_ns now)
{
	unsigned i;

	for (i = 0; i < s->cfg.max_addrs; i++) {
		struct slaac_entry *e = &s->e[i];
		struct in6_addr a;

		if (!e->used)
			continue;
		if (e->valid_until <= now) {
			/* §5.5.4: valid lifetime over: the address goes. */
			a = e->addr;
			memset(e, 0, sizeof(*e));
			s->dstats[D_SLAAC_ADDR_EXPIRED]++;
			if (s->ops.addr_expired)
				s->ops.addr_expired(s->ops.ctx, &a);
			continue;
		}
		if (e->duplicate)
			continue;
		if (e->origin == XDP6_ORIGIN_TEMPORARY && !e->regenerated &&
		    slaac_regen_at(s, e) <= now) {
			/* RFC 8981 §3.6: REGEN_ADVANCE before deprecation, a successor, if the
			 * public address of the prefix is still preferred. */
			struct in6_addr p64 = e->addr;
			struct slaac_entry *pub;

			e->regenerated = true;
			memset(p64.s6_addr + SLAAC_IID_OFF, 0, 8);
			pub = slaac_find_public(s, &p64);
			if (pub && !pub->duplicate && pub->preferred_until > now)
				slaac_temp_create(s, now, pub);
		}
		if (!e->deprecated && e->preferred_until <= now) {
			/* §5.5.4: preferred lifetime over: deprecated, still valid. */
			e->deprecated = true;
			if (s->ops.addr_deprecated)
				s->ops.addr_deprecated(s->ops.ctx, &e->addr);
		}
	}
}

xdp6_ns slaac_next_deadline(const struct slaac *s)
{
	xdp6_ns d = XDP6_NEVER;
	unsigned i;

	for (i = 0; i < s->cfg.max_addrs; i++) {
		const struct slaac_entry *e = &s->e[i];

		if (!e->used)
			continue;
		d = ns_min(d, e->valid_until);
		if (e->duplicate)
			continue;
		if (!e->deprecated)
			d = ns_min(d, e->preferred_until);
		if (e->origin == XDP6_ORIGIN_TEMPORARY && !e->regenerated)
			d = ns_min(d, slaac_regen_at(s, e));
	}
	return d;
}

size_t slaac_addrs(const struct slaac *s, xdp6_ns now, struct slaac_addr_info *out, size_t max)
{
	size_t k = 0;
	unsigned i;

	for (i = 0; i < s->cfg.max_addrs; i++) {
		const struct slaac_entry *e = &s->e[i];

		if (!e->used)
			continue;
		if (k < max) {
			struct slaac_addr_info *o = &out[k];

			memset(o, 0, sizeof(*o));
			o->addr = e->addr;
			o->prefixlen = SLAAC_IID_BITS;
			o->origin = e->origin;
			o->deprecated = e->preferred_until <= now;
			o->duplicate = e->duplicate;
			o->dad_counter = e->dad_counter;
			o->valid_until = e->valid_until;
			o->preferred_until = e->preferred_until;
			o->valid_left = left(now, e->valid_until);
			o->preferred_left = left(now, e->preferred_until);
		}
		k++;
	}
	return k;
}
