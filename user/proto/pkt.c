// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Parsed view of received frames (RFC 8200 §4 header walk), frame builders, address helpers
 * (RFC 4291 §2.7.1 solicited-node, App. A EUI-64; RFC 2464 §7 multicast MAC) and the RFC 8200
 * §8.1 upper-layer checksum, for every protocol module. */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>

#include "pkt.h"
#include "xdp6_csum.h"

const struct in6_addr ip6_all_nodes = { { IP6_ADDR_ALL_NODES } };
const struct in6_addr ip6_all_routers = { { IP6_ADDR_ALL_ROUTERS } };
const struct in6_addr ip6_all_mldv2 = { { IP6_ADDR_ALL_MLDV2 } };

uint32_t xdp6_rand_u32(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return (uint32_t)((z ^ (z >> 31)) >> 32);
}

xdp6_ns xdp6_rand_delay(uint64_t *state, xdp6_ns max_ns)
{
	uint64_t r = ((uint64_t)xdp6_rand_u32(state) << 32) | xdp6_rand_u32(state);

	return max_ns ? r % (max_ns + 1) : 0;
}

bool ip6_is_unspecified(const struct in6_addr *a)
{
	static const struct in6_addr any;

	return !memcmp(a, &any, sizeof(any));
}

bool ip6_is_multicast(const struct in6_addr *a)
{
	return a->s6_addr[0] == 0xff;
}

bool ip6_is_linklocal(const struct in6_addr *a)
{
	return a->s6_addr[0] == 0xfe && (a->s6_addr[1] & 0xc0) == 0x80;
}

bool ip6_is_loopback(const struct in6_addr *a)
{
	static const struct in6_addr lo = { { { 0,0,0,0, 0,0,0,0, 0,0,0,0, 0,0,0,1 } } };

	return !memcmp(a, &lo, sizeof(lo));
}

bool ip6_is_v4mapped(const struct in6_addr *a)
{
	static const uint8_t pfx[12] = { 0,0,0,0, 0,0,0,0, 0,0,0xff,0xff };

	return !memcmp(a, pfx, sizeof(pfx));
}

bool eth_is_station(const uint8_t *mac)
{
	static const uint8_t zero[ETH6_ALEN];

	return !(mac[0] & ETH6_GROUP_BIT) && memcmp(mac, zero, ETH6_ALEN);
}

bool ip6_is_solnode(const struct in6_addr *a)
{
	static const uint8_t pfx[] = IP6_SOLNODE_PREFIX;

	return !memcmp(a->s6_addr, pfx, IP6_SOLNODE_PREFIX_LEN);
}

void ip6_solnode(const struct in6_addr *a, struct in6_addr *out)
{
	static const uint8_t pfx[] = IP6_SOLNODE_PREFIX;

	memcpy(out->s6_addr, pfx, IP6_SOLNODE_PREFIX_LEN);
	memcpy(out->s6_addr + IP6_SOLNODE_PREFIX_LEN, a->s6_addr + IP6_SOLNODE_PREFIX_LEN,
	       16 - IP6_SOLNODE_PREFIX_LEN);
}

void ip6_mc_mac(const struct in6_addr *group, uint8_t mac[ETH6_ALEN])
{
	mac[0] = 0x33;
	mac[1] = 0x33;
	memcpy(mac + 2, group->s6_addr + 12, 4);
}

void ip6_eui64_iid(const uint8_t mac[ETH6_ALEN], uint8_t iid[8])
{
	iid[0] = mac[0] ^ 0x02;	/* invert the universal/local bit */
	iid[1] = mac[1];
	iid[2] = mac[2];
	iid[3] = 0xff;
	iid[4] = 0xfe;
	iid[5] = mac[3];
	iid[6] = mac[4];
	iid[7] = mac[5];
}

bool ip6_prefix_match(const struct in6_addr *a, const struct in6_addr *b, unsigned plen)
{
	unsigned bytes = plen / 8, bits = plen % 8;

	if (plen > 128)
		return false;
	if (memcmp(a->s6_addr, b->s6_addr, bytes))
		return false;
	if (!bits)
		return true;
	return !((a->s6_addr[bytes] ^ b->s6_addr[bytes]) & (0xff00 >> bits));
}

static uint32_t csum_add_bytes(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	/* keep headroom: fold whenever the high half grows */
	return (sum & 0xffff) + (sum >> 16);
}

uint16_t ip6_l4_csum(const struct in6_addr *src, const struct in6_addr *dst, uint8_t nexthdr,
		     const void *l4, size_t len)
{
	uint32_t sum = 0;
	const uint8_t *p = l4;
	size_t done;

	sum = csum_add_bytes(sum, src->s6_addr, 16);
	sum = csum_add_bytes(sum, dst->s6_addr, 16);
	sum += (uint32_t)(len >> 16) + (uint32_t)(len & 0xffff);
	sum += nexthdr;
	for (done = 0; done < len; done += 4096)
		sum = csum_add_bytes(sum, p + done, len - done < 4096 ? len - done : 4096);
	return htons((uint16_t)~csum_fold32(sum));
}

int pkt_parse(const uint8_t *frame, size_t len, struct pkt_info *pi)
{
	const struct eth6_hdr *eth = (const void *)frame;
	size_t off = ETH6_HLEN, nh_off;
	uint16_t proto;
	uint8_t nh;

	memset(pi, 0, sizeof(*pi));
	pi->frame = frame;
	pi->len = len;
	if (len < ETH6_HLEN)
		return -EINVAL;
	pi->dmac = eth->dst;
	pi->smac = eth->src;
	proto = ntohs(eth->proto);
	if (proto == ETH6_P_8021Q || proto == ETH6_P_8021AD) {
		const struct eth6_vlan_hdr *vh = (const void *)(frame + off);

		if (len < off + ETH6_VLAN_HLEN)
			return -EINVAL;
		pi->vlan = true;
		pi->vlan_tci = ntohs(vh->tci);
		proto = ntohs(vh->proto);
		off += ETH6_VLAN_HLEN;
	}
	if (proto != ETH6_P_IPV6 || len < off + IP6_HLEN)
		return -EINVAL;
	pi->ip6_off = off;
	pi->ip6 = (const void *)(frame + off);
	if ((frame[off] >> 4) != IP6_VERSION)
		return -EINVAL;
	memcpy(&pi->src, pi->ip6->saddr, 16);
	memcpy(&pi->dst, pi->ip6->daddr, 16);
	pi->hop_limit = pi->ip6->hop_limit;
	pi->tclass = (uint8_t)(ntohl(pi->ip6->vtc_flow) >> 20);
	pi->ip6_end = off + IP6_HLEN + ntohs(pi->ip6->payload_len);
	if (pi->ip6_end > len)
		return -EINVAL;

	nh = pi->ip6->nexthdr;
	nh_off = off + offsetof(struct ip6_hdr, nexthdr);
	off += IP6_HLEN;
	/* RFC 8200 §4.1: any number of extension headers. Each is at least 8 octets and must fit
	 * in the payload, so the walk is bounded by the Payload Length, not by a count. */
	for (;;) {
		if (nh == IP6_NH_HOPOPTS || nh == IP6_NH_ROUTING || nh == IP6_NH_DSTOPTS) {
			const struct ip6_ext_hdr *eh = (const void *)(frame + off);
			size_t hl;

			if (off + 2 > pi->ip6_end)
				return -EINVAL;
			hl = ((size_t)eh->hdrlen + 1) * 8;
			if (off + hl > pi->ip6_end)
				return -EINVAL;
			if (nh == IP6_NH_HOPOPTS) {
				size_t o = off + 2;

				while (o < off + hl) {
					uint8_t t = frame[o];

					if (t == IP6_OPT_PAD1) {
						o++;
						continue;
					}
					if (o + 2 > off + hl || o + 2 + frame[o + 1] > off + hl)
						break;
					if (t == IP6_OPT_ROUTER_ALERT && frame[o + 1] == 2 &&
					    frame[o + 2] == 0 && frame[o + 3] == IP6_OPT_ROUTER_ALERT_MLD)
						pi->router_alert_mld = true;
					o += 2 + frame[o + 1];
				}
			}
			nh_off = off;
			nh = eh->nexthdr;
			off += hl;
			continue;
		}
		if (nh == IP6_NH_FRAGMENT) {
			const struct ip6_frag_hdr *fh = (const void *)(frame + off);
			uint16_t fo;

			if (off + sizeof(*fh) > pi->ip6_end)
				return -EINVAL;
			fo = ntohs(fh->frag_off);
			pi->has_frag = true;
			pi->frag_hdr_off = off;
			pi->frag_unfrag_end = off;
			pi->frag_offset = fo & IP6_FRAG_OFF_MASK;
			pi->frag_more = fo & IP6_FRAG_MF;
			pi->frag_id = ntohl(fh->identification);
			nh_off = off;
			nh = fh->nexthdr;
			off += sizeof(*fh);
			/* RFC 8200 §4.5: a fragment's Fragmentable Part is data until reassembled;
			 * whether a first fragment holds the whole header chain (RFC 7112 §5) is
			 * reassembly's to judge. Only an atomic fragment (RFC 6946) goes on. */
			if (pi->frag_offset || pi->frag_more)
				break;
			continue;
		}
		break;
	}
	pi->l4_proto = nh;
	pi->l4_off = off;
	pi->l4_len = pi->ip6_end - off;
	pi->nh_field_off = nh_off;
	return 0;
}

int nd_opt_next(const uint8_t *opts, size_t len, size_t *off, uint8_t *type, size_t *olen)
{
	size_t o = *off, l;

	if (o >= len)
		return 0;
	if (o + 2 > len)
		return -EINVAL;
	l = (size_t)opts[o + 1] * ND6_OPT_UNIT;
	if (!l || o + l > len)
		return -EINVAL;
	*type = opts[o];
	*olen = l;
	*off = o + l;
	return 1;
}

int pkt_build_icmp6(uint8_t *buf, size_t cap, const struct pkt_out *o, const void *icmp,
		    size_t icmp_len)
{
	struct eth6_hdr *eth = (void *)buf;
	struct ip6_hdr *ip6 = (void *)(buf + ETH6_HLEN);
	size_t hbh = o->router_alert ? 8 : 0;
	size_t total = ETH6_HLEN + IP6_HLEN + hbh + icmp_len;
	uint8_t *l4;
	uint16_t ck;

	if (total > cap || icmp_len < ICMP6_HLEN || hbh + icmp_len > 0xffff)
		return -ENOSPC;
	memcpy(eth->dst, o->dmac, ETH6_ALEN);
	memcpy(eth->src, o->smac, ETH6_ALEN);
	eth->proto = htons(ETH6_P_IPV6);
	ip6->vtc_flow = htonl((uint32_t)IP6_VERSION << 28 | (uint32_t)o->tclass << 20);
	ip6->payload_len = htons((uint16_t)(hbh + icmp_len));
	ip6->nexthdr = hbh ? IP6_NH_HOPOPTS : IP6_NH_ICMPV6;
	ip6->hop_limit = o->hop_limit;
	memcpy(ip6->saddr, &o->src, 16);
	memcpy(ip6->daddr, &o->dst, 16);
	if (hbh) {
		uint8_t *h = buf + ETH6_HLEN + IP6_HLEN;

		h[0] = IP6_NH_ICMPV6;
		h[1] = 0;			/* 8 octets */
		h[2] = IP6_OPT_ROUTER_ALERT;
		h[3] = 2;
		h[4] = 0;
		h[5] = IP6_OPT_ROUTER_ALERT_MLD;
		h[6] = IP6_OPT_PADN;		/* PadN, 0 data octets */
		h[7] = 0;
	}
	l4 = buf + ETH6_HLEN + IP6_HLEN + hbh;
	memmove(l4, icmp, icmp_len);
	l4[2] = l4[3] = 0;
	ck = ip6_l4_csum(&o->src, &o->dst, IP6_NH_ICMPV6, l4, icmp_len);
	memcpy(l4 + 2, &ck, 2);
	return (int)total;
}
