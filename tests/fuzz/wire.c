// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The fuzz harnesses' independent Ethernet/IPv6 parser, RFC 1071 checksum and frame builder
 * (tests/fuzz/wire.h). Deliberately shares no code with user/proto/pkt.c. */
#include <string.h>

#include "wire.h"

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int fail(const char **why, const char *msg)
{
	if (why)
		*why = msg;
	return -1;
}

int w_parse(const uint8_t *f, size_t len, bool exact, struct wpkt *p, const char **why)
{
	uint16_t type;
	size_t off;
	uint8_t nh;

	memset(p, 0, sizeof(*p));
	if (len < ETH6_HLEN)
		return fail(why, "shorter than an Ethernet header");
	p->dmac = f;
	p->smac = f + ETH6_ALEN;
	type = rd16(f + 2 * ETH6_ALEN);
	p->l2 = ETH6_HLEN;
	if (type == ETH6_P_8021Q || type == ETH6_P_8021AD) {
		if (len < ETH6_HLEN + ETH6_VLAN_HLEN)
			return fail(why, "truncated VLAN tag");
		p->vlan = true;
		type = rd16(f + ETH6_HLEN + 2);
		p->l2 += ETH6_VLAN_HLEN;
	}
	if (type != ETH6_P_IPV6)
		return fail(why, "EtherType is not IPv6");
	p->ip6 = p->l2;
	if (len < p->ip6 + IP6_HLEN)
		return fail(why, "truncated IPv6 header");
	if (f[p->ip6] >> 4 != IP6_VERSION)
		return fail(why, "IP version is not 6");
	p->tclass = (uint8_t)((f[p->ip6] & 0x0f) << 4 | f[p->ip6 + 1] >> 4);
	p->plen = rd16(f + p->ip6 + 4);
	p->hlim = f[p->ip6 + 7];
	memcpy(&p->src, f + p->ip6 + 8, 16);
	memcpy(&p->dst, f + p->ip6 + 24, 16);
	p->end = p->ip6 + IP6_HLEN + p->plen;
	if (p->end > len)
		return fail(why, "Payload Length runs past the frame");
	if (exact && p->end != len)
		return fail(why, "frame longer than the IPv6 packet");
	nh = f[p->ip6 + 6];
	p->first_ext_nh_field = p->ip6 + 6;
	p->l4_nh_field = p->ip6 + 6;
	off = p->ip6 + IP6_HLEN;
	for (;;) {
		size_t hl;

		switch (nh) {
		case IP6_NH_HOPOPTS:
		case IP6_NH_ROUTING:
		case IP6_NH_DSTOPTS:
		case IP6_NH_MOBILITY:
			if (off + 2 > p->end)
				return fail(why, "truncated extension header");
			hl = ((size_t)f[off + 1] + 1) * W_EXT_UNIT;
			if (off + hl > p->end)
				return fail(why, "extension header runs past Payload Length");
			if (nh == IP6_NH_HOPOPTS) {
				size_t o = off + 2;

				/* RFC 2711: option type 5, length 2 */
				while (o < off + hl) {
					if (f[o] == IP6_OPT_PAD1) {
						o++;
						continue;
					}
					if (o + 2 > off + hl || o + 2 + f[o + 1] > off + hl)
						return fail(why, "Hop-by-Hop option overruns");
					if (f[o] == IP6_OPT_ROUTER_ALERT && f[o + 1] == 2)
						p->router_alert = true;
					o += 2 + (size_t)f[o + 1];
				}
			}
			break;
		case IP6_NH_AH:
			/* RFC 4302 §2.2: Payload Len in 4-octet units, minus 2 */
			if (off + 2 > p->end)
				return fail(why, "truncated AH");
			hl = ((size_t)f[off + 1] + 2) * 4;
			if (off + hl > p->end)
				return fail(why, "AH runs past Payload Length");
			break;
		case IP6_NH_FRAGMENT:
			if (p->has_frag)
				return fail(why, "two Fragment headers");
			if (off + W_FRAG_HLEN > p->end)
				return fail(why, "truncated Fragment header");
			p->has_frag = true;
			p->frag_nh_field = p->l4_nh_field;
			p->frag_off = off;
			p->unfrag_end = off;
			p->frag_nh = f[off];
			p->frag_offset = rd16(f + off + 2) & IP6_FRAG_OFF_MASK;
			p->frag_m = rd16(f + off + 2) & IP6_FRAG_MF;
			p->frag_id = rd32(f + off + 4);
			hl = W_FRAG_HLEN;
			if (p->frag_offset) {
				/* not the first fragment: what follows is data */
				p->l4_nh_field = off;
				p->l4 = f[off];
				p->l4_off = off + hl;
				p->l4_len = p->end - p->l4_off;
				return 0;
			}
			break;
		default:
			p->l4 = nh;
			p->l4_off = off;
			p->l4_len = p->end - off;
			return 0;
		}
		p->l4_nh_field = off;
		nh = f[off];
		off += hl;
	}
}

static uint32_t sum16(uint32_t s, const uint8_t *d, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		s += (uint32_t)(d[i] << 8 | d[i + 1]);
	if (len & 1)
		s += (uint32_t)d[len - 1] << 8;
	/* fold often enough that 32 bits never overflow, whatever len is */
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return s;
}

uint16_t w_csum(const struct in6_addr *src, const struct in6_addr *dst, uint8_t nh,
		const uint8_t *l4, size_t len)
{
	uint8_t ph[8];
	uint32_t s = 0;
	size_t done;

	s = sum16(s, src->s6_addr, 16);
	s = sum16(s, dst->s6_addr, 16);
	/* RFC 8200 §8.1: 32-bit Upper-Layer Packet Length, 24 zero bits, Next Header */
	ph[0] = (uint8_t)(len >> 24);
	ph[1] = (uint8_t)(len >> 16);
	ph[2] = (uint8_t)(len >> 8);
	ph[3] = (uint8_t)len;
	ph[4] = ph[5] = ph[6] = 0;
	ph[7] = nh;
	s = sum16(s, ph, sizeof(ph));
	/* even-sized chunks keep the byte pairing of the whole */
	for (done = 0; done < len; ) {
		size_t n = len - done > 4096 ? 4096 : len - done;

		s = sum16(s, l4 + done, n);
		done += n;
	}
	return (uint16_t)~s;
}

void w_csum_fix(const struct in6_addr *src, const struct in6_addr *dst, uint8_t nh,
		uint8_t *l4, size_t len)
{
	size_t at = nh == IP6_NH_UDP ? 6 : 2;
	uint16_t c;

	if (len < at + 2)
		return;
	l4[at] = l4[at + 1] = 0;
	c = w_csum(src, dst, nh, l4, len);
	if (nh == IP6_NH_UDP && c == 0)
		c = 0xffff;	/* RFC 768 / RFC 8200 §8.1: 0 is sent as all ones */
	l4[at] = (uint8_t)(c >> 8);
	l4[at + 1] = (uint8_t)c;
}

bool w_is_mcast(const struct in6_addr *a)
{
	return a->s6_addr[0] == 0xff;
}

bool w_is_unspec(const struct in6_addr *a)
{
	static const struct in6_addr z;

	return !memcmp(a, &z, sizeof(z));
}

bool w_is_loopback(const struct in6_addr *a)
{
	static const struct in6_addr lo = { { { [15] = 1 } } };

	return !memcmp(a, &lo, sizeof(lo));
}

bool w_is_v4mapped(const struct in6_addr *a)
{
	static const uint8_t pfx[12] = { [10] = 0xff, [11] = 0xff };

	return !memcmp(a->s6_addr, pfx, sizeof(pfx));
}

bool w_is_linklocal(const struct in6_addr *a)
{
	return a->s6_addr[0] == 0xfe && (a->s6_addr[1] & 0xc0) == 0x80;
}

bool w_eq(const struct in6_addr *a, const struct in6_addr *b)
{
	return !memcmp(a, b, sizeof(*a));
}

void w_solnode(const struct in6_addr *a, struct in6_addr *out)
{
	memset(out, 0, sizeof(*out));
	out->s6_addr[0] = 0xff;
	out->s6_addr[1] = 0x02;
	out->s6_addr[11] = 0x01;
	out->s6_addr[12] = 0xff;
	memcpy(out->s6_addr + 13, a->s6_addr + 13, 3);
}

size_t w_build_icmp6(uint8_t *buf, size_t cap, const uint8_t dmac[6], const uint8_t smac[6],
		     const struct in6_addr *src, const struct in6_addr *dst, uint8_t hl,
		     const uint8_t *icmp, size_t icmp_len)
{
	size_t len = ETH6_HLEN + IP6_HLEN + icmp_len;
	uint8_t *ip = buf + ETH6_HLEN;

	if (len > cap || icmp_len > 0xffff)
		return 0;
	memcpy(buf, dmac, ETH6_ALEN);
	memcpy(buf + ETH6_ALEN, smac, ETH6_ALEN);
	buf[12] = ETH6_P_IPV6 >> 8;
	buf[13] = ETH6_P_IPV6 & 0xff;
	memset(ip, 0, IP6_HLEN);
	ip[0] = IP6_VERSION << 4;
	ip[4] = (uint8_t)(icmp_len >> 8);
	ip[5] = (uint8_t)icmp_len;
	ip[6] = IP6_NH_ICMPV6;
	ip[7] = hl;
	memcpy(ip + 8, src, 16);
	memcpy(ip + 24, dst, 16);
	memcpy(ip + IP6_HLEN, icmp, icmp_len);
	w_csum_fix(src, dst, IP6_NH_ICMPV6, ip + IP6_HLEN, icmp_len);
	return len;
}
