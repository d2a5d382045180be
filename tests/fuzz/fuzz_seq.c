// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* libFuzzer harness: a sequence of frames and clock jumps into one struct host, so that the
 * stateful modules (reassembly, DAD, NUD, SLAAC, MLD, router discovery, PMTU) reach their deep
 * states; every invariant of tests/fuzz/harness.h is checked after every record.
 *
 * Input: cfg byte, mode byte (FZ_CFG_*, FZ_MODE_*: DAD2, SERVE and PRELUDE apply), then
 * records, each an op byte (kind = op & 7, arg = op >> 3) and its fields, little-endian:
 *   SEQ_FRAME  0  u16 len, frame                 arg: 1 fix checksum, 2 fix Payload Length
 *   SEQ_TIME   1  u16 value                      arg & 7: unit (1, 10, 100 ms, 1, 10 s,
 *                                                1 min, 1 h, 1 day); & 8: the clock jumps and
 *                                                timers fire late, else each at its deadline;
 *                                                & 16: fire the next (value & 63) deadlines
 *   SEQ_FRAG   2  u8 order, u8 flags, u16 size8, u32 id, u32 pad_to, u16 len, datagram
 *                 the datagram (an unfragmented frame) split into fragments of size8 * 8
 *                 octets (RFC 8200 §4.5), its fragmentable part padded to pad_to octets
 *                 first; arg: 1 fix the datagram's checksum, 2 fix its Payload Length
 *   SEQ_FLOOD  3  u16 count, u16 offset, u8 width, u8 gap_ms
 *                 the last SEQ_FRAME frame count times, with a counter (big-endian, width
 *                 1-4 octets) written at offset: distinct sources, targets, prefixes...;
 *                 arg: 1 fix checksums
 *   SEQ_ADMIN  4  u8 action, u8 index           an xdp6ctl request: fz_admin() (address add or
 *                                                del, serve add or del)
 *   other kinds: ignored.
 * A custom mutator knows the records: it mutates one frame's bytes with its length kept
 * right, tweaks fields, inserts clock jumps, duplicates, drops and swaps records, and crosses
 * inputs over at record boundaries, so mutations keep the structure the seeds built
 * (tests/fuzz/seeds.py writes the same format). */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

enum seq_kind { SEQ_FRAME, SEQ_TIME, SEQ_FRAG, SEQ_FLOOD, SEQ_ADMIN };

#define SEQ_ARG_FIX_CSUM	0x01
#define SEQ_ARG_FIX_PLEN	0x02
#define SEQ_TIME_JUMP		0x08
#define SEQ_TIME_DEADLINES	0x10
#define SEQ_FRAG_HLEN		(1 + 1 + 1 + 2 + 4 + 4 + 2)	/* op .. len */
#define SEQ_FLOOD_HLEN		(1 + 2 + 2 + 1 + 1)

/* SEQ_FRAG flags */
#define FRAG_ALL_EXT_FIRST	0x01	/* every extension header before the Fragment header in
					 * the first fragment (else the RFC 8200 §4.5 split) */
#define FRAG_STRIP_LATER	0x02	/* later fragments carry no per-fragment headers */
#define FRAG_M_ON_LAST		0x04	/* the last fragment says more follow */
#define FRAG_GAP		0x08	/* 1 ms between fragments */
#define FRAG_ATOMIC		0x10	/* one atomic fragment (RFC 6946) */
/* SEQ_FRAG orders */
enum { ORD_IN, ORD_REVERSED, ORD_LAST_FIRST, ORD_SHUFFLED, ORD_OVERLAP, ORD_DUPLICATED,
       ORD_NO_LAST, ORD_NO_FIRST };

#define SEQ_MAX_FRAMES		4096	/* frames per input: bounds the run time */
#define SEQ_MAX_FLOOD		1024
#define SEQ_MAX_PAD		70000	/* a little beyond 65535: the size checks' edge */
#define SEQ_CLOCK_MAX		((xdp6_ns)1 << 61)	/* 73 years: no wrap in now + lifetime */

static const xdp6_ns units[8] = {
	XDP6_NS_PER_MS, 10 * XDP6_NS_PER_MS, 100 * XDP6_NS_PER_MS, XDP6_NS_PER_SEC,
	10 * XDP6_NS_PER_SEC, 60 * XDP6_NS_PER_SEC, 3600 * XDP6_NS_PER_SEC,
	86400 * XDP6_NS_PER_SEC,
};

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Size of the record at d[0..left): its header (op and fields up to the payload), its payload
 * length; 0 when truncated. */
static size_t rec_size(const uint8_t *d, size_t left, size_t *hlen, size_t *plen)
{
	size_t h;

	*plen = 0;
	switch (d[0] & 7) {
	case SEQ_FRAME:
		h = 3;
		break;
	case SEQ_TIME:
	case SEQ_ADMIN:
		*hlen = 3;
		return left >= 3 ? 3 : 0;
	case SEQ_FRAG:
		h = SEQ_FRAG_HLEN;
		break;
	case SEQ_FLOOD:
		*hlen = SEQ_FLOOD_HLEN;
		return left >= SEQ_FLOOD_HLEN ? SEQ_FLOOD_HLEN : 0;
	default:
		*hlen = 1;
		return 1;
	}
	*hlen = h;
	if (left < h)
		return 0;
	*plen = le16(d + h - 2);
	if (*plen > left - h)
		*plen = left - h;	/* a cut frame is still a frame */
	return h + *plen;
}

struct seq {
	struct fz z;
	unsigned frames;	/* budget used */
	uint8_t *last;		/* last SEQ_FRAME frame, for SEQ_FLOOD */
	size_t last_len;
};

static bool budget(struct seq *s)
{
	return s->frames++ < SEQ_MAX_FRAMES;
}

static void input(struct seq *s, const uint8_t *f, size_t len)
{
	/* an exact-size copy: ASan sees any read past the frame's end */
	uint8_t *c = malloc(len ? len : 1);

	if (!c)
		fz_fail("out of memory");
	memcpy(c, f, len);
	fz_input(&s->z, c, len);
	free(c);
}

static void op_time(struct seq *s, uint8_t arg, uint16_t v)
{
	struct fz *z = &s->z;
	unsigned i;

	if (arg & SEQ_TIME_DEADLINES) {
		for (i = 0; i < (v & 63u); i++) {
			xdp6_ns d = host_next_deadline(z->h);

			if (d >= SEQ_CLOCK_MAX)
				break;
			fz_advance(z, d > z->now ? d : z->now, true);
		}
		return;
	}
	if (z->now + (xdp6_ns)v * units[arg & 7] >= SEQ_CLOCK_MAX)
		return;
	fz_advance(z, z->now + (xdp6_ns)v * units[arg & 7], !(arg & SEQ_TIME_JUMP));
}

/* Where the fragmentable part starts (RFC 8200 §4.5: after Hop-by-Hop, Routing and the
 * Destination Options before a Routing header) and which Next Header byte names it. */
static void rfc_split(const uint8_t *d, const struct wpkt *p, size_t *split, size_t *field)
{
	size_t off = p->ip6 + IP6_HLEN, f = p->ip6 + 6;
	uint8_t nh = d[f];

	*split = off;
	*field = f;
	while (nh == IP6_NH_HOPOPTS || nh == IP6_NH_ROUTING || nh == IP6_NH_DSTOPTS) {
		size_t hl;

		if (off + 2 > p->end)
			return;
		hl = ((size_t)d[off + 1] + 1) * W_EXT_UNIT;
		if (off + hl > p->end)
			return;
		if (nh == IP6_NH_HOPOPTS || nh == IP6_NH_ROUTING) {
			*split = off + hl;
			*field = off;
		}
		nh = d[off];
		off += hl;
	}
}

static void put_frag(struct seq *s, const uint8_t *dg, size_t hdr_len, size_t nh_field,
		     uint8_t first_nh, uint32_t id, const uint8_t *data, size_t off, size_t len,
		     bool more, size_t ip6, bool gap)
{
	size_t flen = hdr_len + W_FRAG_HLEN + len, plen = flen - ip6 - IP6_HLEN;
	uint8_t *f;

	if (plen > 0xffff || !budget(s))
		return;
	f = malloc(flen);
	if (!f)
		fz_fail("out of memory");
	memcpy(f, dg, hdr_len);
	f[nh_field] = IP6_NH_FRAGMENT;
	f[ip6 + 4] = (uint8_t)(plen >> 8);
	f[ip6 + 5] = (uint8_t)plen;
	f[hdr_len] = first_nh;
	f[hdr_len + 1] = 0;
	f[hdr_len + 2] = (uint8_t)(off >> 8);
	f[hdr_len + 3] = (uint8_t)((off & IP6_FRAG_OFF_MASK) | (more ? IP6_FRAG_MF : 0));
	f[hdr_len + 4] = (uint8_t)(id >> 24);
	f[hdr_len + 5] = (uint8_t)(id >> 16);
	f[hdr_len + 6] = (uint8_t)(id >> 8);
	f[hdr_len + 7] = (uint8_t)id;
	memcpy(f + hdr_len + W_FRAG_HLEN, data + off, len);
	fz_input(&s->z, f, flen);
	free(f);
	if (gap)
		fz_advance(&s->z, s->z.now + XDP6_NS_PER_MS, true);
}

static void op_frag(struct seq *s, uint8_t arg, const uint8_t *h, const uint8_t *dg0,
		    size_t len)
{
	uint8_t order = h[1] & 7, flags = h[2];
	size_t size = (size_t)le16(h + 3) * 8, pad = le32(h + 9), split, field, dlen, n, i;
	uint32_t id = le32(h + 5);
	unsigned *idx;
	uint8_t *dg, *data, first_nh;
	struct wpkt p;

	dg = malloc(len ? len : 1);
	if (!dg)
		fz_fail("out of memory");
	memcpy(dg, dg0, len);
	fz_fix(dg, len, false, arg & SEQ_ARG_FIX_PLEN);
	if (w_parse(dg, len, false, &p, NULL) || p.has_frag) {
		/* nothing to fragment: it goes as it is */
		if (budget(s))
			input(s, dg, len);
		free(dg);
		return;
	}
	if (flags & FRAG_ALL_EXT_FIRST) {
		split = p.l4_off;
		field = p.l4_nh_field;
	} else {
		rfc_split(dg, &p, &split, &field);
	}
	first_nh = dg[field];
	dlen = p.end - split;
	if (pad > SEQ_MAX_PAD)
		pad = SEQ_MAX_PAD;
	if (pad > dlen)
		dlen = pad;
	data = calloc(1, dlen + 1);
	if (!data)
		fz_fail("out of memory");
	memcpy(data, dg + split, p.end - split);
	for (i = p.end - split; i < dlen; i++)
		data[i] = (uint8_t)(i * 7 + id);
	if ((arg & SEQ_ARG_FIX_CSUM) && (p.l4 == IP6_NH_ICMPV6 || p.l4 == IP6_NH_UDP) &&
	    p.l4_off >= split)
		w_csum_fix(&p.src, &p.dst, p.l4, data + (p.l4_off - split),
			   dlen - (p.l4_off - split));
	if (size == 0)
		size = 8;
	if (size > 65528)
		size = 65528;
	if (flags & FRAG_ATOMIC)
		size = dlen + 8;
	n = dlen ? (dlen + size - 1) / size : 1;
	if (n > SEQ_MAX_FRAMES)
		n = SEQ_MAX_FRAMES;
	idx = malloc(2 * n * sizeof(*idx));
	if (!idx)
		fz_fail("out of memory");
	for (i = 0; i < n; i++)
		idx[i] = (unsigned)i;
	switch (order) {
	case ORD_REVERSED:
		for (i = 0; i < n; i++)
			idx[i] = (unsigned)(n - 1 - i);
		break;
	case ORD_LAST_FIRST:
		idx[0] = (unsigned)(n - 1);
		for (i = 1; i < n; i++)
			idx[i] = (unsigned)(i - 1);
		break;
	case ORD_SHUFFLED: {
		uint32_t r = id | 1;

		for (i = n - 1; i > 0; i--) {
			unsigned t;
			size_t j;

			r ^= r << 13;
			r ^= r >> 17;
			r ^= r << 5;
			j = r % (i + 1);
			t = idx[i];
			idx[i] = idx[j];
			idx[j] = t;
		}
		break;
	}
	default:
		break;
	}
	for (i = 0; i < n; i++) {
		size_t k = idx[i], off = k * size, end = off + size < dlen ? off + size : dlen;
		bool last = k == n - 1, first = k == 0, more = !last || (flags & FRAG_M_ON_LAST);
		int rep;

		if (n > 1 && ((order == ORD_NO_LAST && last) || (order == ORD_NO_FIRST && first)))
			continue;
		if (order == ORD_OVERLAP && k == 1)
			off -= 8;	/* re-carries 8 octets of the first one (RFC 5722) */
		for (rep = 0; rep < (order == ORD_DUPLICATED ? 2 : 1); rep++) {
			if (first || !(flags & FRAG_STRIP_LATER))
				put_frag(s, dg, split, field, first_nh, id, data, off, end - off,
					 more, p.ip6, flags & FRAG_GAP);
			else	/* no per-fragment headers: IPv6 header + Fragment header */
				put_frag(s, dg, p.ip6 + IP6_HLEN, p.ip6 + 6, first_nh, id, data,
					 off, end - off, more, p.ip6, flags & FRAG_GAP);
		}
	}
	free(idx);
	free(data);
	free(dg);
}

static void op_flood(struct seq *s, uint8_t arg, const uint8_t *h)
{
	unsigned count = le16(h + 1), width = h[5] % 4 + 1, i, b;
	size_t off = le16(h + 3);
	xdp6_ns gap = h[6] * XDP6_NS_PER_MS;
	uint8_t *f;

	if (!s->last || count > SEQ_MAX_FLOOD)
		count = s->last ? SEQ_MAX_FLOOD : 0;
	f = malloc(s->last_len ? s->last_len : 1);
	if (!f)
		fz_fail("out of memory");
	for (i = 1; i <= count && budget(s); i++) {
		memcpy(f, s->last, s->last_len);
		if (off + width <= s->last_len)
			for (b = 0; b < width; b++)
				f[off + b] = (uint8_t)(i >> (8 * (width - 1 - b)));
		fz_fix(f, s->last_len, arg & SEQ_ARG_FIX_CSUM, false);
		fz_input(&s->z, f, s->last_len);
		if (gap)
			fz_advance(&s->z, s->z.now + gap, true);
	}
	free(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seq s = { 0 };
	size_t off = 2;

	if (size < 2)
		return 0;
	/* FZ_MODE_FIX_* are per record here */
	fz_init(&s.z, data[0], data[1]);
	while (off < size && s.frames < SEQ_MAX_FRAMES) {
		size_t hlen, plen, n = rec_size(data + off, size - off, &hlen, &plen);
		const uint8_t *r = data + off;
		uint8_t arg = r[0] >> 3;

		if (!n)
			break;
		switch (r[0] & 7) {
		case SEQ_FRAME:
			free(s.last);
			s.last = malloc(plen ? plen : 1);
			if (!s.last)
				fz_fail("out of memory");
			memcpy(s.last, r + hlen, plen);
			s.last_len = plen;
			fz_fix(s.last, plen, arg & SEQ_ARG_FIX_CSUM, arg & SEQ_ARG_FIX_PLEN);
			if (budget(&s))
				input(&s, s.last, plen);
			break;
		case SEQ_TIME:
			op_time(&s, arg, le16(r + 1));
			break;
		case SEQ_FRAG:
			op_frag(&s, arg, r, r + hlen, plen);
			break;
		case SEQ_FLOOD:
			op_flood(&s, arg, r);
			break;
		case SEQ_ADMIN:
			fz_admin(&s.z, r[1], r[2]);
			break;
		default:
			break;
		}
		fz_check(&s.z);
		off += n;
	}
	free(s.last);
	fz_fini(&s.z);
	return 0;
}

/* ---- structure-aware mutation ---- */

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);
size_t LLVMFuzzerCustomCrossOver(const uint8_t *d1, size_t s1, const uint8_t *d2, size_t s2,
				 uint8_t *out, size_t max_out, unsigned int seed);

#define SEQ_MAX_RECS 512

struct rec {
	size_t off, n, hlen, plen;
};

static size_t split_recs(const uint8_t *d, size_t size, struct rec *r, size_t max)
{
	size_t off = 2, k = 0;

	while (off < size && k < max) {
		size_t hlen, plen, n = rec_size(d + off, size - off, &hlen, &plen);

		if (!n)
			break;
		r[k++] = (struct rec){ .off = off, .n = n, .hlen = hlen, .plen = plen };
		off += n;
	}
	return k;
}

static uint32_t rnd(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

/* The multi-octet fields of each record kind: offset in the record and width. */
struct field {
	uint8_t off, width;
};
static const struct field fields[5][4] = {
	[SEQ_TIME] = { { 1, 2 } },
	[SEQ_FRAG] = { { 3, 2 }, { 5, 4 }, { 9, 4 } },		/* size8, id, pad_to */
	[SEQ_FLOOD] = { { 1, 2 }, { 3, 2 } },			/* count, offset */
};

/* Values where sizes and limits change (RFC 8200 §4.5 65535, minimum MTU, Ethernet MTU, 8-octet
 * units) and their neighbours: for counts and sizes, and for pad_to, whose edges matter most
 * (the reassembled packet at 65535 octets and just beyond). */
static const uint32_t interesting[] = {
	0, 1, 2, 7, 8, 9, 63, 64, 65, 150, 160, 181, 255, 256, 1232, 1240, 1280, 1448, 1452,
	1500, 8184, 8192, 9000, 32767, 32768, 65000, 65520, 65527, 65528, 65535, 65536, 65543,
	65575, 70000,
};
static const uint32_t interesting_pad[] = {
	0, 1232, 1280, 1500, 9000, 65000, 65520, 65527, 65528, 65535, 65536, 70000,
};

static void put_le(uint8_t *p, unsigned width, uint32_t v)
{
	unsigned i;

	for (i = 0; i < width; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Sets one multi-octet field of the record at rec to an interesting value or moves it by a
 * little. Returns false when the record has none. */
static bool field_set(uint8_t *rec, uint32_t *x)
{
	const struct field *f;
	unsigned n = 0, w;
	uint32_t v = 0, i;

	if ((rec[0] & 7) > SEQ_ADMIN)
		return false;
	f = fields[rec[0] & 7];
	while (n < 4 && f[n].width)
		n++;
	if (!n)
		return false;
	/* a fragment train's size (pad_to, the last field) half of the time: sizes are where
	 * reassembly's edges are */
	f += (rec[0] & 7) == SEQ_FRAG && rnd(x) % 2 ? n - 1 : rnd(x) % n;
	w = f->width;
	for (i = 0; i < w; i++)
		v |= (uint32_t)rec[f->off + i] << (8 * i);
	switch (rnd(x) % 3) {
	case 0:
		if ((rec[0] & 7) == SEQ_FRAG && f->off == 9)
			v = interesting_pad[rnd(x) % (sizeof(interesting_pad) /
						      sizeof(interesting_pad[0]))];
		else
			v = interesting[rnd(x) % (sizeof(interesting) / sizeof(interesting[0]))];
		break;
	case 1:
		v += w == 4 ? rnd(x) % 1025 - 512 : rnd(x) % 17 - 8;
		break;
	default:
		v = rnd(x) % 2 ? v * 2 : v / 2;
	}
	put_le(rec + f->off, w, v);
	return true;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
	static struct rec r[SEQ_MAX_RECS];
	uint32_t x = seed | 1;
	size_t n = size >= 2 ? split_recs(data, size, r, SEQ_MAX_RECS) : 0, k, out_len;
	uint8_t *out;

	/* libFuzzer may ask for a result shorter than the input (crash minimisation) */
	if (!n || size > max_size || rnd(&x) % 8 == 0)
		return LLVMFuzzerMutate(data, size, max_size);
	out = malloc(max_size);
	if (!out)
		return LLVMFuzzerMutate(data, size, max_size);
	k = rnd(&x) % n;
	switch (rnd(&x) % 9) {
	case 0:
	case 1:
	case 2: {
		/* one frame's bytes, its length field kept right */
		size_t room, nl, tail, i, m = 0;

		for (i = 0; i < n; i++)
			if ((data[r[i].off] & 7) == SEQ_FRAME || (data[r[i].off] & 7) == SEQ_FRAG)
				m++;
		if (!m)
			goto raw;
		m = rnd(&x) % m;
		for (k = 0; k < n; k++) {
			uint8_t kind = data[r[k].off] & 7;

			if ((kind == SEQ_FRAME || kind == SEQ_FRAG) && !m--)
				break;
		}
		tail = size - r[k].off - r[k].n;
		if (max_size < r[k].off + r[k].hlen + tail)
			goto raw;
		room = max_size - r[k].off - r[k].hlen - tail;
		if (room > 0xffff)
			room = 0xffff;
		if (room < r[k].plen)
			goto raw;
		memcpy(out, data, r[k].off + r[k].hlen + r[k].plen);
		nl = LLVMFuzzerMutate(out + r[k].off + r[k].hlen, r[k].plen, room);
		out[r[k].off + r[k].hlen - 2] = (uint8_t)nl;
		out[r[k].off + r[k].hlen - 1] = (uint8_t)(nl >> 8);
		memcpy(out + r[k].off + r[k].hlen + nl, data + r[k].off + r[k].n, tail);
		out_len = r[k].off + r[k].hlen + nl + tail;
		break;
	}
	case 3:
	case 8: {
		/* one field of a record's header (not the payload length) */
		size_t span = r[k].hlen > 2 && r[k].plen ? r[k].hlen - 2 : r[k].hlen, at;

		memcpy(out, data, size);
		out_len = size;
		if (rnd(&x) % 2) {
			/* a record that has multi-octet fields (not a frame) */
			size_t i, m = 0;

			for (i = 0; i < n; i++)
				m += (data[r[i].off] & 7) != SEQ_FRAME;
			if (m) {
				m = rnd(&x) % m;
				for (i = 0; i < n; i++)
					if ((data[r[i].off] & 7) != SEQ_FRAME && !m--)
						break;
				if (field_set(out + r[i].off, &x))
					break;
			}
		}
		at = r[k].off + rnd(&x) % span;
		switch (rnd(&x) % 4) {
		case 0:
			out[at] ^= (uint8_t)(1u << (rnd(&x) % 8));
			break;
		case 1:
			out[at]++;
			break;
		case 2:
			out[at]--;
			break;
		default:
			out[at] = (uint8_t)rnd(&x);
		}
		if (at == r[k].off && (out[at] & 7) != (data[at] & 7))
			out[at] = (uint8_t)((out[at] & ~7u) | (data[at] & 7));	/* keep the kind */
		break;
	}
	case 4: {
		/* a clock jump, or now and then an xdp6ctl request, between two records */
		uint8_t t[3] = { (uint8_t)(SEQ_TIME | (rnd(&x) % 32) << 3), (uint8_t)rnd(&x),
				 (uint8_t)(rnd(&x) % 4) };

		if (rnd(&x) % 4 == 0) {
			t[0] = SEQ_ADMIN;
			t[1] = (uint8_t)(rnd(&x) % FZ_ADMIN__N);
			t[2] = (uint8_t)rnd(&x);
		}

		if (size + 3 > max_size)
			goto raw;
		memcpy(out, data, r[k].off);
		memcpy(out + r[k].off, t, 3);
		memcpy(out + r[k].off + 3, data + r[k].off, size - r[k].off);
		out_len = size + 3;
		break;
	}
	case 5: {
		/* a record repeated somewhere */
		size_t at = r[rnd(&x) % n].off;

		if (size + r[k].n > max_size)
			goto raw;
		memcpy(out, data, at);
		memcpy(out + at, data + r[k].off, r[k].n);
		memcpy(out + at + r[k].n, data + at, size - at);
		out_len = size + r[k].n;
		break;
	}
	case 6:
		/* a record dropped */
		memcpy(out, data, r[k].off);
		memcpy(out + r[k].off, data + r[k].off + r[k].n, size - r[k].off - r[k].n);
		out_len = size - r[k].n;
		break;
	default:
		/* two neighbouring records swapped */
		if (k + 1 >= n)
			goto raw;
		memcpy(out, data, r[k].off);
		memcpy(out + r[k].off, data + r[k + 1].off, r[k + 1].n);
		memcpy(out + r[k].off + r[k + 1].n, data + r[k].off, r[k].n);
		memcpy(out + r[k].off + r[k].n + r[k + 1].n, data + r[k + 1].off + r[k + 1].n,
		       size - r[k + 1].off - r[k + 1].n);
		out_len = size;
		break;
	}
	if (out_len > max_size)
		goto raw;
	memcpy(data, out, out_len);
	free(out);
	return out_len;
raw:
	free(out);
	return LLVMFuzzerMutate(data, size, max_size);
}

size_t LLVMFuzzerCustomCrossOver(const uint8_t *d1, size_t s1, const uint8_t *d2, size_t s2,
				 uint8_t *out, size_t max_out, unsigned int seed)
{
	static struct rec r1[SEQ_MAX_RECS], r2[SEQ_MAX_RECS];
	size_t n1, n2, a, b, head, tail;
	uint32_t x = seed | 1;

	if (s1 < 2 || s2 < 2)
		return 0;
	n1 = split_recs(d1, s1, r1, SEQ_MAX_RECS);
	n2 = split_recs(d2, s2, r2, SEQ_MAX_RECS);
	/* the configuration and the first records of one, the last records of the other */
	a = n1 ? rnd(&x) % (n1 + 1) : 0;
	b = n2 ? rnd(&x) % (n2 + 1) : 0;
	head = a < n1 ? r1[a].off : s1;
	tail = b < n2 ? s2 - r2[b].off : 0;
	if (head + tail > max_out)
		return 0;
	memcpy(out, d1, head);
	if (tail)
		memcpy(out + head, d2 + r2[b].off, tail);
	return head + tail;
}
