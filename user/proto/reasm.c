// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* IPv6 reassembly (RFC 8200 §4.5, RFC 5722, RFC 6946, RFC 7112 §5, RFC 6980 §5) and
 * fragmentation of our own packets (RFC 8200 §4.5, RFC 7739 §5.1, RFC 8021). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "icmp6_err.h"	/* ICMP6_PP_INCOMPLETE_CHAIN */
#include "reasm.h"

#define IP6_PAYLOAD_LEN_OFF	4
#define IP6_NEXTHDR_OFF		6
#define IP6_SRC_OFF		8
#define IP6_DST_OFF		24
#define FRAG_OFF_OFF		2
#define FRAG_UNIT		8	/* fragment offsets and lengths, RFC 8200 §4.5 */
#define DATA_CHUNK		2048	/* data buffers grow in steps of this */
#define L2_MAX			(ETH6_HLEN + ETH6_VLAN_HLEN)

struct range {
	uint32_t off, end;
};

struct dgram {
	bool used;
	bool dead;		/* RFC 5722: dropped, its fragments ignored until `expires` */
	struct in6_addr src, dst;
	uint32_t id;
	xdp6_ns expires;
	uint8_t *data;		/* fragmentable part, by offset */
	size_t cap;
	struct range *r;	/* sorted, disjoint; r[] is this entry's slice of the pool */
	uint32_t nr;
	bool have_last;
	uint32_t total;		/* fragmentable length, once the M = 0 fragment arrived */
	uint8_t *first;		/* the offset-0 fragment as received (up to its IPv6 end) */
	size_t first_len, first_ip6, first_fh, first_nh;	/* its length, IPv6 header,
						 * Fragment header, the Next Header byte naming it */
	size_t bytes;		/* accounted: cap + first_len */
};

struct reasm {
	struct xdp6_link link;
	struct reasm_cfg cfg;
	struct reasm_ops ops;
	uint64_t *dstats;
	uint64_t rand;
	struct dgram *d;
	struct range *pool;
	size_t bytes;
	uint8_t *out;		/* reassembled frame, L2_MAX + max_size */
	uint8_t *scratch;	/* one outgoing fragment, L2_MAX + link MTU */
	size_t scratch_cap;
};

void reasm_cfg_defaults(struct reasm_cfg *cfg)
{
	cfg->max_datagrams = 64;
	cfg->max_bytes = 4u << 20;
	cfg->max_size = REASM_MAX_PAYLOAD + IP6_HLEN;
	cfg->max_frags = 128;
	cfg->timeout = 60 * XDP6_NS_PER_SEC;
}

struct reasm *reasm_new(const struct xdp6_link *link, const struct reasm_cfg *cfg,
			const struct reasm_ops *ops, uint64_t seed, uint64_t *dstats)
{
	struct reasm *r;
	uint32_t i, mtu;

	if (!link || !dstats)
		return NULL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->link = *link;
	if (cfg)
		r->cfg = *cfg;
	else
		reasm_cfg_defaults(&r->cfg);
	if (!r->cfg.max_datagrams)
		r->cfg.max_datagrams = 1;
	if (!r->cfg.max_frags)
		r->cfg.max_frags = 1;
	if (r->cfg.max_size > REASM_MAX_PAYLOAD + IP6_HLEN || r->cfg.max_size < IP6_MIN_MTU)
		r->cfg.max_size = REASM_MAX_PAYLOAD + IP6_HLEN;
	if (ops)
		r->ops = *ops;
	r->dstats = dstats;
	r->rand = seed;
	mtu = link->mtu < IP6_MIN_MTU ? IP6_MIN_MTU : link->mtu;
	if (mtu > REASM_MAX_PAYLOAD + IP6_HLEN)
		mtu = REASM_MAX_PAYLOAD + IP6_HLEN;
	r->scratch_cap = L2_MAX + mtu;
	r->d = calloc(r->cfg.max_datagrams, sizeof(*r->d));
	r->pool = calloc((size_t)r->cfg.max_datagrams * r->cfg.max_frags, sizeof(*r->pool));
	r->out = malloc(L2_MAX + r->cfg.max_size);
	r->scratch = malloc(r->scratch_cap);
	if (!r->d || !r->pool || !r->out || !r->scratch) {
		reasm_free(r);
		return NULL;
	}
	for (i = 0; i < r->cfg.max_datagrams; i++)
		r->d[i].r = r->pool + (size_t)i * r->cfg.max_frags;
	return r;
}

static void dgram_release(struct reasm *r, struct dgram *d)
{
	free(d->data);
	free(d->first);
	r->bytes -= d->bytes;
	d->data = d->first = NULL;
	d->cap = d->first_len = d->bytes = 0;
	d->nr = 0;
}

static void dgram_free(struct reasm *r, struct dgram *d)
{
	struct range *keep = d->r;

	dgram_release(r, d);
	memset(d, 0, sizeof(*d));
	d->r = keep;
}

/* RFC 5722 §4: drop what we have, remember the key until the timer ends. */
static void dgram_kill(struct reasm *r, struct dgram *d)
{
	dgram_release(r, d);
	d->dead = true;
}

void reasm_free(struct reasm *r)
{
	uint32_t i;

	if (!r)
		return;
	if (r->d)
		for (i = 0; i < r->cfg.max_datagrams; i++)
			dgram_release(r, &r->d[i]);
	free(r->d);
	free(r->pool);
	free(r->out);
	free(r->scratch);
	free(r);
}

static inline uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline void wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Where is the (first) Fragment header, and which Next Header byte names it? Walks the
 * per-fragment headers (Hop-by-Hop, Destination Options, Routing) from the IPv6 header. */
struct frag_loc {
	size_t ip6_off, end;	/* end of the IPv6 packet (Payload Length) */
	size_t fh, nh_off, data;
	uint16_t offset;	/* octets */
	bool more;
	uint32_t id;
};

static int frag_locate(const uint8_t *f, size_t len, size_t ip6_off, struct frag_loc *fl)
{
	size_t off, nh_off;
	uint8_t nh;

	if (ip6_off + IP6_HLEN > len || (f[ip6_off] >> 4) != IP6_VERSION)
		return -EINVAL;
	fl->ip6_off = ip6_off;
	fl->end = ip6_off + IP6_HLEN + rd16(f + ip6_off + IP6_PAYLOAD_LEN_OFF);
	if (fl->end > len)
		return -EINVAL;
	nh = f[ip6_off + IP6_NEXTHDR_OFF];
	nh_off = ip6_off + IP6_NEXTHDR_OFF;
	off = ip6_off + IP6_HLEN;
	/* RFC 8200 §4.1: any number of per-fragment headers, each 8 octets or more within the
	 * Payload Length */
	for (;;) {
		size_t hl;

		if (nh == IP6_NH_FRAGMENT) {
			uint16_t fo;

			if (off + sizeof(struct ip6_frag_hdr) > fl->end)
				return -EINVAL;
			fo = rd16(f + off + FRAG_OFF_OFF);
			fl->fh = off;
			fl->nh_off = nh_off;
			fl->data = off + sizeof(struct ip6_frag_hdr);
			fl->offset = fo & IP6_FRAG_OFF_MASK;
			fl->more = fo & IP6_FRAG_MF;
			fl->id = (uint32_t)rd16(f + off + 4) << 16 | rd16(f + off + 6);
			return 0;
		}
		if (nh != IP6_NH_HOPOPTS && nh != IP6_NH_DSTOPTS && nh != IP6_NH_ROUTING)
			return -EINVAL;
		if (off + 2 > fl->end)
			return -EINVAL;
		hl = ((size_t)f[off + 1] + 1) * 8;
		if (off + hl > fl->end)
			return -EINVAL;
		nh = f[off];
		nh_off = off;
		off += hl;
	}
}

/* RFC 7112 §5: the first fragment holds every header through the upper-layer one. Minimum
 * upper-layer sizes as Linux ipv6frag_thdr_truncated (TCP 20, UDP 8, ICMPv6 8, else 1). */
static bool chain_complete(const uint8_t *f, size_t off, size_t end, uint8_t nh)
{
	size_t need;

	/* any number of headers (RFC 8200 §4.1), each 8 octets or more within `end` */
	for (;;) {
		if (nh == IP6_NH_HOPOPTS || nh == IP6_NH_DSTOPTS || nh == IP6_NH_ROUTING) {
			if (off + 2 > end || off + ((size_t)f[off + 1] + 1) * 8 > end)
				return false;
			nh = f[off];
			off += ((size_t)f[off + 1] + 1) * 8;
			continue;
		}
		if (nh == IP6_NH_FRAGMENT)
			return off + sizeof(struct ip6_frag_hdr) <= end;	/* nested: dropped later */
		break;
	}
	switch (nh) {
	case IP6_NH_TCP:
		need = 20;
		break;
	case IP6_NH_UDP:
	case IP6_NH_ICMPV6:
		need = 8;
		break;
	case IP6_NH_NONE:
		need = 0;
		break;
	default:
		need = 1;
	}
	return off + need <= end;
}

static void send_error(struct reasm *r, xdp6_ns now, const struct pkt_info *pi, uint8_t type,
		       uint8_t code, size_t param)
{
	if (r->ops.error)
		r->ops.error(r->ops.ctx, now, pi, type, code, (uint32_t)param);
}

/* Hands a complete frame to the host, unless RFC 6980 §5 says no: ND messages never come in
 * fragments. A frame that does not parse, or holds another Fragment header, is dropped. */
static void deliver(struct reasm *r, xdp6_ns now, const uint8_t *f, size_t len)
{
	struct pkt_info pi;

	if (pkt_parse(f, len, &pi) || pi.has_frag) {
		r->dstats[D_REASM_FAILED]++;
		return;
	}
	if (pi.l4_proto == IP6_NH_ICMPV6 && pi.l4_len >= 1) {
		uint8_t t = f[pi.l4_off];

		if (t >= ICMP6_TYPE_ROUTER_SOLICIT && t <= ICMP6_TYPE_REDIRECT) {
			r->dstats[D_REASM_ND_DROPPED]++;
			return;
		}
	}
	r->dstats[D_REASM_OK]++;
	if (r->ops.deliver)
		r->ops.deliver(r->ops.ctx, now, f, len);
}

/* RFC 6946 §4: an atomic fragment (offset 0, M = 0) is a whole packet; it never joins a
 * reassembly queue, even one with the same key. */
static void atomic_fragment(struct reasm *r, xdp6_ns now, const uint8_t *f,
			    const struct frag_loc *fl)
{
	size_t tail = fl->end - fl->data;
	size_t n = fl->fh + tail;

	if (n - fl->ip6_off > r->cfg.max_size) {
		r->dstats[D_REASM_FAILED]++;	/* over our configured size limit */
		return;
	}
	memcpy(r->out, f, fl->fh);
	memcpy(r->out + fl->fh, f + fl->data, tail);
	r->out[fl->nh_off] = f[fl->fh];
	wr16(r->out + fl->ip6_off + IP6_PAYLOAD_LEN_OFF,
	     (uint16_t)(n - fl->ip6_off - IP6_HLEN));
	deliver(r, now, r->out, n);
}

static struct dgram *lookup(struct reasm *r, const struct in6_addr *src,
			    const struct in6_addr *dst, uint32_t id, bool create, xdp6_ns now)
{
	struct dgram *free_slot = NULL;
	uint32_t i;

	for (i = 0; i < r->cfg.max_datagrams; i++) {
		struct dgram *d = &r->d[i];

		if (!d->used) {
			if (!free_slot)
				free_slot = d;
			continue;
		}
		if (d->id == id && !memcmp(&d->src, src, 16) && !memcmp(&d->dst, dst, 16))
			return d;
	}
	if (!create || !free_slot)
		return NULL;
	free_slot->used = true;
	free_slot->src = *src;
	free_slot->dst = *dst;
	free_slot->id = id;
	/* RFC 8200 §4.5: 60 s from the first-arriving fragment, not restarted */
	free_slot->expires = now + r->cfg.timeout;
	return free_slot;
}

/* Octets of per-fragment headers the reassembled packet will carry: the first fragment's
 * (RFC 8200 §4.5: its Unfragmentable Part is the reassembled packet's). Until the first
 * fragment arrived, the fragment at hand's is the only guess. */
static size_t dgram_unfrag(const struct dgram *d, size_t this_unfrag)
{
	return d->first ? d->first_fh - d->first_ip6 - IP6_HLEN : this_unfrag;
}

/* Can a packet of `unfrag` + `end` octets of payload be reassembled? RFC 8200 §4.5 limit of
 * 65535, and our buffer r->out (L2_MAX + max_size) must hold it. */
static bool fits(const struct reasm *r, size_t unfrag, size_t end)
{
	return unfrag + end <= REASM_MAX_PAYLOAD && IP6_HLEN + unfrag + end <= r->cfg.max_size;
}

/* Reassembles d when every octet from 0 to total is there (RFC 8200 §4.5 "reassembly"). */
static void try_complete(struct reasm *r, xdp6_ns now, struct dgram *d)
{
	const uint8_t *f = d->first;
	size_t n;

	if (!d->have_last || !d->first || !d->nr || d->r[0].off != 0 ||
	    d->r[d->nr - 1].end != d->total)
		return;
	for (uint32_t i = 1; i < d->nr; i++)
		if (d->r[i].off != d->r[i - 1].end)
			return;
	/* reasm_input keeps every datagram within fits(); checked again where r->out is
	 * written, so that no bookkeeping slip can ever write past it */
	if (!fits(r, dgram_unfrag(d, 0), d->total)) {
		r->dstats[D_REASM_FAILED]++;
		dgram_kill(r, d);
		return;
	}
	/* the first fragment's headers up to its Fragment header, then the data; its Next
	 * Header value replaces the one naming the Fragment header */
	n = d->first_fh + d->total;
	memcpy(r->out, f, d->first_fh);
	memcpy(r->out + d->first_fh, d->data, d->total);
	r->out[d->first_nh] = f[d->first_fh];
	wr16(r->out + d->first_ip6 + IP6_PAYLOAD_LEN_OFF, (uint16_t)(n - d->first_ip6 - IP6_HLEN));
	dgram_free(r, d);
	deliver(r, now, r->out, n);
}

static bool grow(struct reasm *r, struct dgram *d, size_t need)
{
	size_t cap;
	uint8_t *p;

	if (need <= d->cap)
		return true;
	cap = (need + DATA_CHUNK - 1) / DATA_CHUNK * DATA_CHUNK;
	if (cap > REASM_MAX_PAYLOAD + 1)
		cap = need;
	if (r->bytes - d->cap + cap > r->cfg.max_bytes)
		return false;
	p = realloc(d->data, cap);
	if (!p)
		return false;
	r->bytes = r->bytes - d->cap + cap;
	d->bytes = d->bytes - d->cap + cap;
	d->data = p;
	d->cap = cap;
	return true;
}

int reasm_input(struct reasm *r, xdp6_ns now, const struct pkt_info *pi)
{
	struct in6_addr src, dst;
	struct frag_loc fl;
	const uint8_t *f;
	struct dgram *d;
	size_t dlen, unfrag, end, i, pos;

	if (!r || !pi || !pi->frame || frag_locate(pi->frame, pi->len, pi->ip6_off, &fl))
		return -EINVAL;
	f = pi->frame;
	r->dstats[D_FRAG_RECEIVED]++;
	reasm_timeout(r, now);		/* a key whose timer ran out starts afresh */
	dlen = fl.end - fl.data;
	unfrag = fl.fh - fl.ip6_off - IP6_HLEN;		/* per-fragment extension headers */
	end = (size_t)fl.offset + dlen;

	if (!fl.offset && !fl.more) {
		atomic_fragment(r, now, f, &fl);
		return 0;
	}
	/* §4.5 / RFC 7112 §5: the first fragment must hold the whole header chain;
	 * checked first, as Linux ipv6_frag_rcv does */
	if (!fl.offset && !chain_complete(f, fl.data, fl.end, f[fl.fh])) {
		send_error(r, now, pi, ICMP6_TYPE_PARAM_PROBLEM, ICMP6_PP_INCOMPLETE_CHAIN, 0);
		/* The RFC discards this fragment only (Linux too), but the datagram can no longer
		 * complete as sent: its queued fragments, and any still on their way, would wait
		 * here and complete a later datagram reusing the key with stale octets. Drop it
		 * all and ignore the key until its timer ends, as after an overlap (RFC 5722). */
		memcpy(&src, f + fl.ip6_off + IP6_SRC_OFF, 16);
		memcpy(&dst, f + fl.ip6_off + IP6_DST_OFF, 16);
		d = lookup(r, &src, &dst, fl.id, true, now);
		if (d)
			goto kill;
		goto drop;
	}
	/* §4.5: M = 1 and not a multiple of 8 octets -> PP code 0 at Payload Length */
	if (fl.more && dlen % FRAG_UNIT) {
		send_error(r, now, pi, ICMP6_TYPE_PARAM_PROBLEM, ICMP6_PP_HEADER_FIELD,
			   IP6_PAYLOAD_LEN_OFF);
		goto drop;
	}
	/* §4.5: reassembled Payload Length beyond 65535 -> PP code 0 at Fragment Offset */
	if (unfrag + end > REASM_MAX_PAYLOAD) {
		send_error(r, now, pi, ICMP6_TYPE_PARAM_PROBLEM, ICMP6_PP_HEADER_FIELD,
			   fl.fh + FRAG_OFF_OFF - fl.ip6_off);
		goto drop;
	}
	if (!dlen)
		goto drop;	/* carries nothing; not an error the RFC names */

	memcpy(&src, f + fl.ip6_off + IP6_SRC_OFF, 16);
	memcpy(&dst, f + fl.ip6_off + IP6_DST_OFF, 16);
	d = lookup(r, &src, &dst, fl.id, true, now);
	if (!d || d->dead)
		goto drop;	/* table full, or RFC 5722: the rest of a dropped datagram */
	if (fl.offset && d->first && dgram_unfrag(d, unfrag) + end > REASM_MAX_PAYLOAD) {
		/* §4.5 again, now that the first fragment said which headers the reassembled
		 * packet carries: the Payload Length is theirs plus the data */
		send_error(r, now, pi, ICMP6_TYPE_PARAM_PROBLEM, ICMP6_PP_HEADER_FIELD,
			   fl.fh + FRAG_OFF_OFF - fl.ip6_off);
		goto drop;
	}
	if (!fl.offset) {
		/* the first fragment fixes the headers: what already arrived must fit with them
		 * (its data may reach 65535 octets on its own); else it can never complete */
		size_t far = d->nr ? d->r[d->nr - 1].end : 0;

		if (!fits(r, unfrag, far > end ? far : end))
			goto kill;
	}
	if (!fits(r, dgram_unfrag(d, unfrag), end))
		goto kill;	/* over our configured size limit: it can never complete */
	/* the last fragment fixes the length; anything that disagrees is corrupt */
	if (!fl.more) {
		if ((d->have_last && d->total != end) || (d->nr && d->r[d->nr - 1].end > end))
			goto kill;
	} else if (d->have_last && end > d->total) {
		goto kill;
	}
	/* RFC 5722 §4: any overlap drops the datagram. RFC 8200 §4.5: exact duplicates may be
	 * dropped alone; "exact" here includes the bytes. */
	for (pos = 0; pos < d->nr && d->r[pos].end <= fl.offset; pos++)
		;
	if (pos < d->nr && d->r[pos].off < end) {
		if (d->r[pos].off == fl.offset && d->r[pos].end == end &&
		    !memcmp(d->data + fl.offset, f + fl.data, dlen))
			return 0;	/* duplicate: counted as received only */
		r->dstats[D_REASM_OVERLAP]++;
		dgram_kill(r, d);
		return 0;
	}
	if (d->nr >= r->cfg.max_frags)
		goto kill;
	if (!grow(r, d, end))
		goto drop;
	if (!fl.offset) {
		if (r->bytes + fl.end > r->cfg.max_bytes || !(d->first = malloc(fl.end)))
			goto drop;
		memcpy(d->first, f, fl.end);
		d->first_len = fl.end;
		d->first_ip6 = fl.ip6_off;
		d->first_fh = fl.fh;
		d->first_nh = fl.nh_off;
		d->bytes += fl.end;
		r->bytes += fl.end;
	}
	memcpy(d->data + fl.offset, f + fl.data, dlen);
	for (i = d->nr; i > pos; i--)
		d->r[i] = d->r[i - 1];
	d->r[pos].off = fl.offset;
	d->r[pos].end = (uint32_t)end;
	d->nr++;
	if (!fl.more) {
		d->have_last = true;
		d->total = (uint32_t)end;
	}
	try_complete(r, now, d);
	return 0;

kill:
	dgram_kill(r, d);
drop:
	r->dstats[D_REASM_FAILED]++;
	return 0;
}

void reasm_timeout(struct reasm *r, xdp6_ns now)
{
	uint32_t i;

	for (i = 0; i < r->cfg.max_datagrams; i++) {
		struct dgram *d = &r->d[i];
		struct pkt_info pi;

		if (!d->used || now < d->expires)
			continue;
		if (!d->dead) {
			r->dstats[D_REASM_TIMEOUT]++;
			/* §4.5: Time Exceeded code 1 only if the offset-0 fragment arrived; it is
			 * the invoking packet */
			if (d->first && !pkt_parse(d->first, d->first_len, &pi))
				send_error(r, now, &pi, ICMP6_TYPE_TIME_EXCEEDED, ICMP6_TE_REASSEMBLY, 0);
		}
		dgram_free(r, d);
	}
}

xdp6_ns reasm_next_deadline(const struct reasm *r)
{
	xdp6_ns t = XDP6_NEVER;
	uint32_t i;

	for (i = 0; i < r->cfg.max_datagrams; i++)
		if (r->d[i].used && r->d[i].expires < t)
			t = r->d[i].expires;
	return t;
}

void reasm_usage(const struct reasm *r, struct reasm_usage *u)
{
	uint32_t i;

	u->datagrams = 0;
	for (i = 0; i < r->cfg.max_datagrams; i++)
		u->datagrams += r->d[i].used;
	u->bytes = r->bytes;
}

/* ---- fragmentation of our own packets ---- */

int reasm_fragment(uint8_t *out, size_t cap, const uint8_t *frame, size_t len, uint32_t mtu,
		   uint32_t id, const struct xdp6_tx *tx)
{
	size_t ip6_off = ETH6_HLEN, end, off, unfrag_end, unfrag_nh, per, pos;
	uint16_t proto;
	uint8_t nh;
	int sent = 0;

	if (!out || !frame || len < ETH6_HLEN)
		return -EINVAL;
	proto = rd16(frame + 2 * ETH6_ALEN);
	if (proto == ETH6_P_8021Q || proto == ETH6_P_8021AD) {
		if (len < L2_MAX)
			return -EINVAL;
		proto = rd16(frame + ETH6_HLEN + 2);
		ip6_off = L2_MAX;
	}
	if (proto != ETH6_P_IPV6 || len < ip6_off + IP6_HLEN || (frame[ip6_off] >> 4) != IP6_VERSION)
		return -EINVAL;
	end = ip6_off + IP6_HLEN + rd16(frame + ip6_off + IP6_PAYLOAD_LEN_OFF);
	if (end > len)
		return -EINVAL;
	if (mtu < IP6_MIN_MTU)
		mtu = IP6_MIN_MTU;
	if (end - ip6_off <= mtu) {
		if (cap < end)
			return -ENOSPC;
		memcpy(out, frame, end);
		xdp6_tx_send(tx, out, end);
		return 1;
	}
	/* §4.5 Unfragmentable Part: the IPv6 header, then every header up to and including the
	 * Routing header if present, else the Hop-by-Hop header if present */
	nh = frame[ip6_off + IP6_NEXTHDR_OFF];
	unfrag_nh = ip6_off + IP6_NEXTHDR_OFF;
	off = unfrag_end = ip6_off + IP6_HLEN;
	for (;;) {	/* any number of headers, each 8 octets or more within `end` */
		size_t hl;

		if (nh == IP6_NH_FRAGMENT)
			return -EINVAL;
		if (nh != IP6_NH_HOPOPTS && nh != IP6_NH_DSTOPTS && nh != IP6_NH_ROUTING)
			break;
		if (off + 2 > end || off + ((size_t)frame[off + 1] + 1) * 8 > end)
			return -EINVAL;
		hl = ((size_t)frame[off + 1] + 1) * 8;
		if (nh == IP6_NH_HOPOPTS || nh == IP6_NH_ROUTING) {
			unfrag_end = off + hl;
			unfrag_nh = off;	/* this header's Next Header byte names what follows */
		}
		nh = frame[off];
		off += hl;
	}
	if (mtu < unfrag_end - ip6_off + sizeof(struct ip6_frag_hdr) + FRAG_UNIT)
		return -EMSGSIZE;
	per = (mtu - (unfrag_end - ip6_off) - sizeof(struct ip6_frag_hdr)) & ~(size_t)(FRAG_UNIT - 1);
	if (cap < unfrag_end + sizeof(struct ip6_frag_hdr) + per)
		return -ENOSPC;
	for (pos = unfrag_end; pos < end; pos += per) {
		size_t chunk = end - pos < per ? end - pos : per;
		size_t fo = pos - unfrag_end, fh = unfrag_end;
		bool more = pos + chunk < end;

		memcpy(out, frame, unfrag_end);
		out[unfrag_nh] = IP6_NH_FRAGMENT;
		out[fh] = frame[unfrag_nh];	/* what followed the unfragmentable part */
		out[fh + 1] = 0;
		wr16(out + fh + FRAG_OFF_OFF, (uint16_t)(fo | (more ? IP6_FRAG_MF : 0)));
		wr16(out + fh + 4, (uint16_t)(id >> 16));
		wr16(out + fh + 6, (uint16_t)id);
		memcpy(out + fh + sizeof(struct ip6_frag_hdr), frame + pos, chunk);
		wr16(out + ip6_off + IP6_PAYLOAD_LEN_OFF,
		     (uint16_t)(fh + sizeof(struct ip6_frag_hdr) + chunk - ip6_off - IP6_HLEN));
		xdp6_tx_send(tx, out, fh + sizeof(struct ip6_frag_hdr) + chunk);
		sent++;
	}
	return sent;
}

int reasm_send(struct reasm *r, const uint8_t *frame, size_t len, uint32_t mtu)
{
	uint32_t link_mtu = (uint32_t)(r->scratch_cap - L2_MAX);
	int n;

	if (mtu > link_mtu)
		mtu = link_mtu;
	n = reasm_fragment(r->scratch, r->scratch_cap, frame, len, mtu, xdp6_rand_u32(&r->rand),
			   &r->ops.tx);
	if (n > 1)
		r->dstats[D_FRAG_SENT] += (uint64_t)n;
	return n;
}
