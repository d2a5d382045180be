// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The fuzzer's oracle: from a frame, the map configuration it ran under and what the XDP
 * program did with it, which properties (xdp_fuzz.h) were violated. Written from the RFCs and
 * from what Linux's receive path refuses, not from bpf/: its own Ethernet/IPv6/extension-header
 * parser (RFC 8200 §4), its own checksum (RFC 1071, pseudo-header RFC 8200 §8.1), Echo rules
 * (RFC 4443 §4.1-4.2), NS validity and NA contents (RFC 4861 §4.3-4.4, §7.1.1, §7.2.3-7.2.4,
 * RFC 6980), address rules (RFC 4291 §2.5.3, §2.5.5.2, §2.7; RFC 4862 §5.4) and Linux
 * ip6_rcv_core (net/ipv6/ip6_input.c: PACKET_OTHERHOST, loopback, multicast scope 0/1, multicast
 * source). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <linux/bpf.h>

#include "xdp_fuzz.h"

/* RFC 4861 §4.4 NA flags, first word of the message after the checksum (network order). */
#define NA_R			0x80
#define NA_S			0x40
#define NA_O			0x20
#define ETH_GROUP_BIT		0x01	/* IEEE 802: I/G bit of the first octet */
#define ECHO_MIN_LEN		8	/* RFC 4443 §4.1: type, code, checksum, id, seq */
#define ETH_LLADDR_OPT_UNITS	1	/* RFC 2464 §8: Ethernet link-layer options are 8 octets */

#define PROP_NAME(id, name, item, what) [id] = name,
#define PROP_WHAT(id, name, item, what) [id] = what,
#define PROP_ITEM(id, name, item, what) [id] = item,
const char *const xf_prop_name[P__MAX] = { XF_PROPS(PROP_NAME) };
const char *const xf_prop_what[P__MAX] = { XF_PROPS(PROP_WHAT) };
const int xf_prop_item[P__MAX] = { XF_PROPS(PROP_ITEM) };
#define COV_NAME(id, name) [id##_BIT] = name,
const char *const xf_cov_name[XF_COV__MAX] = { XF_COVS(COV_NAME) };

void xf_violate(struct xf_result *res, enum xf_prop p, const char *fmt, ...)
{
	va_list ap;

	if (res->violated & (1ull << p))
		return;
	res->violated |= 1ull << p;
	va_start(ap, fmt);
	vsnprintf(res->why[p], sizeof(res->why[p]), fmt, ap);
	va_end(ap);
}

/* ---- addresses (RFC 4291) ---- */

static const uint8_t a_unspec[16];
static const uint8_t a_loopback[16] = { [15] = 1 };
static const uint8_t a_all_nodes[16] = IP6_ADDR_ALL_NODES;
static const uint8_t a_all_routers[16] = IP6_ADDR_ALL_ROUTERS;

static int a_eq(const uint8_t *a, const uint8_t *b)
{
	return !memcmp(a, b, 16);
}

/* §2.5.5.2: ::ffff:0:0/96 */
static int a_v4mapped(const uint8_t *a)
{
	static const uint8_t pfx[12] = { [10] = 0xff, [11] = 0xff };

	return !memcmp(a, pfx, sizeof(pfx));
}

/* §2.7: the 4-bit scope of a multicast address */
static int a_mc_scope(const uint8_t *a)
{
	return a[1] & 0x0f;
}

/* §2.7.1: ff02::1:ff00:0/104 */
static int a_solnode(const uint8_t *a)
{
	static const uint8_t pfx[13] = { 0xff, 0x02, [11] = 0x01, [12] = 0xff };

	return !memcmp(a, pfx, sizeof(pfx));
}

void in6_solnode(const uint8_t *a, uint8_t *out)
{
	static const uint8_t pfx[13] = { 0xff, 0x02, [11] = 0x01, [12] = 0xff };

	memcpy(out, pfx, sizeof(pfx));
	memcpy(out + 13, a + 13, 3);
}

static const struct xf_addr *cfg_addr(const struct xf_config *c, const uint8_t *a)
{
	for (int i = 0; i < c->n_addrs; i++)
		if (a_eq(c->addrs[i].a, a))
			return &c->addrs[i];
	return NULL;
}

/* RFC 4862 §5.4: only preferred and deprecated addresses are assigned. */
static int st_assigned(int state)
{
	return state == XDP6_ADDR_PREFERRED || state == XDP6_ADDR_DEPRECATED;
}

/* An address that is ours to send from: assigned in addrs, or the link-local the daemon
 * published as preferred (XDP6_IF_HAS_LL). */
static int cfg_own(const struct xf_config *c, const uint8_t *a)
{
	const struct xf_addr *e = cfg_addr(c, a);

	if (e && st_assigned(e->state))
		return 1;
	return (c->ifc.flags & XDP6_IF_HAS_LL) && a_eq(a, c->ifc.ll_addr);
}

static int cfg_group(const struct xf_config *c, const uint8_t *a)
{
	for (int i = 0; i < c->n_groups; i++)
		if (a_eq(c->groups[i], a))
			return 1;
	return 0;
}

/* ---- checksum (RFC 1071 over the RFC 8200 §8.1 pseudo-header) ---- */

static uint32_t sum16(uint32_t s, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	return s;
}

static uint16_t fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return s;
}

/* The one's complement sum of pseudo-header + message: 0xffff when the checksum is right. */
static uint16_t icmp6_sum(const uint8_t *f, size_t l3, size_t l4, size_t l4_len)
{
	uint8_t ph[8] = { l4_len >> 24, l4_len >> 16, l4_len >> 8, l4_len, 0, 0, 0,
			  IP6_NH_ICMPV6 };
	uint32_t s = 0;

	s = sum16(s, f + l3 + 8, 32);	/* source, destination */
	s = sum16(s, ph, sizeof(ph));
	s = sum16(s, f + l4, l4_len);
	return fold(s);
}

void xf_icmp6_fix(uint8_t *f, size_t l3, size_t l4, size_t l4_len)
{
	uint16_t c;

	f[l4 + 2] = f[l4 + 3] = 0;
	c = ~icmp6_sum(f, l3, l4, l4_len);
	f[l4 + 2] = c >> 8;
	f[l4 + 3] = c;
}

/* ---- parser ---- */

struct view {
	const uint8_t *f;
	size_t len;
	const uint8_t *edst, *esrc;
	int ntags;			/* 802.1Q / 802.1ad tags */
	const uint8_t *tag;		/* the first one: TPID, TCI (4 bytes from the TPID) */
	uint16_t etype;			/* after the tags */
	int ip6;			/* EtherType IPv6 and a full IPv6 header */
	size_t l3, l3_end;
	int version, plen_ok;		/* l3_end within the frame */
	uint8_t hlim;
	const uint8_t *src, *dst;
	/* extension headers, RFC 8200 §4 */
	int n_ext;
	int ext_bad;			/* a header overruns the packet */
	int ext_discard;		/* must not be processed here: HBH not first (§4.3), an
					 * option whose action is not "skip" (§4.2), Routing
					 * with Segments Left (§4.4) */
	int frag_hdr;			/* a Fragment header (atomic or not) */
	int fragment;			/* a real fragment: offset != 0 or M = 1 (§4.5) */
	uint8_t l4_proto;
	size_t l4, l4_len;
	int l4_ok;			/* l4_proto's header starts inside the packet */
};

static int is_tpid(uint16_t t)
{
	return t == ETH6_P_8021Q || t == ETH6_P_8021AD;
}

/* RFC 8200 §4.2: the TLVs of a Hop-by-Hop or Destination Options header [o, o + n). */
static void walk_opts(struct view *v, size_t o, size_t n)
{
	size_t p = 0;

	while (p < n) {
		uint8_t t = v->f[o + p];

		if (t == IP6_OPT_PAD1) {
			p++;
			continue;
		}
		if (p + 2 > n || p + 2 + v->f[o + p + 1] > n) {
			v->ext_bad = 1;
			return;
		}
		if (IP6_OPT_ACTION(t) != IP6_OPT_ACTION_SKIP)
			v->ext_discard = 1;	/* unrecognised: discard (+ Parameter Problem) */
		p += 2 + v->f[o + p + 1];
	}
}

static void parse(const uint8_t *f, size_t len, struct view *v)
{
	size_t off = ETH6_HLEN, o;
	uint16_t t;
	uint8_t nh;

	memset(v, 0, sizeof(*v));
	v->f = f;
	v->len = len;
	if (len < ETH6_HLEN)
		return;
	v->edst = f;
	v->esrc = f + ETH6_ALEN;
	t = f[12] << 8 | f[13];
	while (is_tpid(t) && off + 4 <= len) {
		if (!v->ntags)
			v->tag = f + off - 2;
		v->ntags++;
		t = f[off + 2] << 8 | f[off + 3];
		off += 4;
	}
	v->etype = t;
	if (t != ETH6_P_IPV6 || is_tpid(t) || off + IP6_HLEN > len)
		return;
	v->ip6 = 1;
	v->l3 = off;
	v->version = f[off] >> 4;
	v->hlim = f[off + 7];
	v->src = f + off + 8;
	v->dst = f + off + 24;
	v->l3_end = off + IP6_HLEN + (f[off + 4] << 8 | f[off + 5]);
	v->plen_ok = v->l3_end <= len;
	if (!v->plen_ok)
		return;
	nh = f[off + 6];
	o = off + IP6_HLEN;
	for (;;) {
		size_t hl;

		if (nh != IP6_NH_HOPOPTS && nh != IP6_NH_ROUTING && nh != IP6_NH_DSTOPTS &&
		    nh != IP6_NH_FRAGMENT)
			break;
		if (o + 8 > v->l3_end) {
			v->ext_bad = 1;
			return;
		}
		if (nh == IP6_NH_HOPOPTS && v->n_ext)
			v->ext_discard = 1;
		v->n_ext++;
		if (nh == IP6_NH_FRAGMENT) {
			uint16_t fo = f[o + 2] << 8 | f[o + 3];

			v->frag_hdr = 1;
			if (fo & (IP6_FRAG_OFF_MASK | IP6_FRAG_MF)) {
				v->fragment = 1;	/* reassembly first: nothing to judge */
				return;
			}
			nh = f[o];
			o += 8;
			continue;
		}
		hl = ((size_t)f[o + 1] + 1) * 8;
		if (o + hl > v->l3_end) {
			v->ext_bad = 1;
			return;
		}
		if (nh == IP6_NH_ROUTING) {
			if (f[o + 3])
				v->ext_discard = 1;
		} else {
			walk_opts(v, o + 2, hl - 2);
		}
		nh = f[o];
		o += hl;
	}
	v->l4_proto = nh;
	v->l4 = o;
	v->l4_len = v->l3_end - o;
	v->l4_ok = 1;
}

int xf_find_icmp6(const uint8_t *f, size_t len, size_t *l3, size_t *l4, size_t *l4_len)
{
	struct view v;

	parse(f, len, &v);
	if (!v.l4_ok || v.l4_proto != IP6_NH_ICMPV6 || v.l4_len < ICMP6_HLEN)
		return 0;
	*l3 = v.l3;
	*l4 = v.l4;
	*l4_len = v.l4_len;
	return 1;
}

/* ---- what the request is ---- */

enum req_kind { REQ_OTHER = XF_REQ_OTHER, REQ_ECHO = XF_REQ_ECHO, REQ_NS = XF_REQ_NS };

struct nsinfo {
	const uint8_t *target;
	const uint8_t *slla;		/* first Source Link-Layer Address option's address */
	int n_slla;
	int opts_ok;			/* §7.1.1: every option has length > 0 and fits */
	int slla_len_ok;		/* RFC 2464 §8: every SLLA is 1 unit */
};

struct req {
	struct view v;
	enum req_kind kind;
	int valid;			/* a message we may answer, judged alone (no addresses) */
	char why_invalid[96];
	int csum_ok;
	struct nsinfo ns;
};

/* RFC 4861 §4.6: the options of an NS after its 24 fixed octets. */
static void ns_options(const struct view *v, struct nsinfo *ns)
{
	size_t o = v->l4 + ND6_NS_MIN_LEN, end = v->l3_end;

	ns->opts_ok = 1;
	ns->slla_len_ok = 1;
	while (o < end) {
		size_t ol;

		if (o + 2 > end) {
			ns->opts_ok = 0;
			return;
		}
		ol = (size_t)v->f[o + 1] * ND6_OPT_UNIT;
		if (!ol || o + ol > end) {
			ns->opts_ok = 0;
			return;
		}
		if (v->f[o] == ND6_OPT_SOURCE_LL_ADDR) {
			if (v->f[o + 1] != ETH_LLADDR_OPT_UNITS)
				ns->slla_len_ok = 0;
			else if (!ns->slla)
				ns->slla = v->f + o + 2;
			ns->n_slla++;
		}
		o += ol;
	}
}

#define INVALID(r, ...) do {							\
		if ((r)->valid) {						\
			(r)->valid = 0;						\
			snprintf((r)->why_invalid, sizeof((r)->why_invalid), __VA_ARGS__); \
		}								\
	} while (0)

static void classify(const uint8_t *f, size_t len, struct req *r)
{
	struct view *v = &r->v;
	const uint8_t *m;

	memset(r, 0, sizeof(*r));
	parse(f, len, v);
	r->valid = 1;
	if (!v->ip6) {
		INVALID(r, "not IPv6 (EtherType 0x%04x, %d tags, %zu bytes)", v->etype, v->ntags,
			len);
		return;
	}
	if (v->ntags > 1)
		INVALID(r, "%d VLAN tags", v->ntags);
	if (v->version != IP6_VERSION)
		INVALID(r, "IP version %d", v->version);
	if (!v->plen_ok) {
		INVALID(r, "Payload Length runs %zu bytes past the frame", v->l3_end - len);
		return;
	}
	if (v->fragment) {
		INVALID(r, "a fragment (RFC 8200 §4.5: reassemble first)");
		return;
	}
	if (v->ext_bad) {
		INVALID(r, "an extension header overruns the packet");
		return;
	}
	if (v->l4_proto != IP6_NH_ICMPV6 || v->l4_len < ICMP6_HLEN) {
		INVALID(r, "not ICMPv6 (Next Header %u, %zu bytes)", v->l4_proto, v->l4_len);
		return;
	}
	if (v->ext_discard)
		INVALID(r, "an extension header to discard (RFC 8200 §4.2-4.4)");
	m = f + v->l4;
	r->csum_ok = icmp6_sum(f, v->l3, v->l4, v->l4_len) == 0xffff;
	if (m[0] == ICMP6_TYPE_ECHO_REQUEST) {
		r->kind = REQ_ECHO;
		if (v->l4_len < ECHO_MIN_LEN)
			INVALID(r, "Echo Request of %zu bytes (RFC 4443 §4.1)", v->l4_len);
		return;
	}
	if (m[0] != ICMP6_TYPE_NEIGHBOR_SOLICIT) {
		INVALID(r, "ICMPv6 type %u is not answered", m[0]);
		return;
	}
	r->kind = REQ_NS;
	/* RFC 4861 §7.1.1, in its order; RFC 6980 §5 for fragments (atomic ones included) */
	if (v->frag_hdr)
		INVALID(r, "NS with a Fragment header (RFC 6980 §5)");
	if (v->hlim != ND6_HOP_LIMIT)
		INVALID(r, "NS hop limit %u (RFC 4861 §7.1.1)", v->hlim);
	if (m[1] != 0)
		INVALID(r, "NS code %u (RFC 4861 §7.1.1)", m[1]);
	if (v->l4_len < ND6_NS_MIN_LEN) {
		INVALID(r, "NS of %zu bytes (RFC 4861 §7.1.1)", v->l4_len);
		return;
	}
	r->ns.target = m + offsetof(struct nd6_ns, target);
	if (in6_is_mcast(r->ns.target))
		INVALID(r, "NS for a multicast target (RFC 4861 §7.1.1)");
	ns_options(v, &r->ns);
	if (!r->ns.opts_ok)
		INVALID(r, "NS option of length 0 or past the message (RFC 4861 §7.1.1)");
	if (!r->ns.slla_len_ok)
		INVALID(r, "SLLA option not 8 octets on Ethernet (RFC 2464 §8)");
	if (a_eq(v->src, a_unspec)) {
		if (!a_solnode(v->dst))
			INVALID(r, "NS from :: not to a solicited-node group (RFC 4861 §7.1.1)");
		if (r->ns.n_slla)
			INVALID(r, "NS from :: with an SLLA option (RFC 4861 §7.1.1)");
	}
}

/* ---- the checks ---- */

static void fmt6(const uint8_t *a, char *s)
{
	sprintf(s, "%x:%x:%x:%x:%x:%x:%x:%x", a[0] << 8 | a[1], a[2] << 8 | a[3],
		a[4] << 8 | a[5], a[6] << 8 | a[7], a[8] << 8 | a[9], a[10] << 8 | a[11],
		a[12] << 8 | a[13], a[14] << 8 | a[15]);
}

static const char *fmtmac(const uint8_t *m, char *s)
{
	sprintf(s, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
	return s;
}

static int mac_is(const uint8_t *m, const uint8_t *want)
{
	return !memcmp(m, want, ETH6_ALEN);
}

/* Is the IPv6 destination one this host receives for? Sets the property it breaks. */
static int dst_ours(const struct xf_config *c, const struct req *r, const uint8_t *d,
		    enum xf_prop *p, char *why)
{
	const struct xf_addr *e;
	char s[48];

	fmt6(d, s);
	*p = P_FOREIGN_DST;
	if (!in6_is_mcast(d)) {
		e = cfg_addr(c, d);
		if (!e) {
			sprintf(why, "destination %s is not ours", s);
			return 0;
		}
		if (!st_assigned(e->state)) {
			*p = P_UNASSIGNED;
			sprintf(why, "destination %s is %s", s,
				e->state == XDP6_ADDR_TENTATIVE ? "tentative" : "duplicate");
			return 0;
		}
		return 1;
	}
	/* Linux ip6_rcv_core: scope 0 (RFC 4291 §2.7) and interface-local (errata 3480)
	 * multicast from the wire are dropped */
	if (a_mc_scope(d) <= 1) {
		sprintf(why, "destination %s has multicast scope %d", s, a_mc_scope(d));
		return 0;
	}
	if (a_eq(d, a_all_nodes) || cfg_group(c, d))
		return 1;
	/* include/xdp6_maps.h "groups": the solicited-node group of an address of ours is ours;
	 * the fast path takes it so, without a groups entry, for an NS right behind the IPv6
	 * header whose target is that address (bpf/ns.bpf.h ns_to_own_solnode) */
	if (r && r->kind == REQ_NS && r->ns.target && !r->v.n_ext && cfg_addr(c, r->ns.target)) {
		uint8_t g[16];

		in6_solnode(r->ns.target, g);
		if (a_eq(d, g))
			return 1;
	}
	/* RFC 4291 §2.8: only routers listen to all-routers */
	if (a_eq(d, a_all_routers) && (c->ifc.flags & XDP6_IF_ROUTER))
		return 1;
	sprintf(why, "destination group %s is not one we listen to%s", s,
		a_eq(d, a_all_routers) ? " (not a router)" : "");
	return 0;
}

/* Is the source one we may answer? */
static int src_ok(const struct xf_config *c, const struct req *r, enum xf_prop *p, char *why)
{
	const uint8_t *s = r->v.src;
	char a[48];

	fmt6(s, a);
	*p = P_BAD_SRC;
	if (in6_is_mcast(s))
		return sprintf(why, "multicast source %s (RFC 4291 §2.7)", a), 0;
	if (a_eq(s, a_loopback))
		return sprintf(why, "loopback source ::1 (RFC 4291 §2.5.3)"), 0;
	if (a_v4mapped(s))
		return sprintf(why, "IPv4-mapped source %s (RFC 4291 §2.5.5.2)", a), 0;
	if (a_eq(s, a_unspec) && r->kind != REQ_NS)
		return sprintf(why, "unspecified source (nobody to answer)"), 0;
	if (cfg_own(c, s)) {
		*p = P_OWN_SRC;
		return sprintf(why, "source %s is our own address", a), 0;
	}
	return 1;
}

/* A request that must not be lost (liveness): valid, to us, from a proper source, with no rate
 * limit configured. PLAIN_TX: an Echo Request in a plain frame (no extension headers, within
 * the minimum MTU) must be answered in XDP; PLAIN_HANDOFF: answered or handed to the daemon. */
enum { PLAIN_NO, PLAIN_HANDOFF, PLAIN_TX };

static int station(const uint8_t *m)
{
	static const uint8_t zero[ETH6_ALEN];

	return !(m[0] & ETH_GROUP_BIT) && memcmp(m, zero, ETH6_ALEN);
}

static int plain(const struct xf_config *c, const struct req *r)
{
	const struct view *v = &r->v;
	enum xf_prop p;
	char why[160];

	if (!r->valid || !r->csum_ok || v->ntags > 1)
		return PLAIN_NO;
	if (!(v->edst[0] & ETH_GROUP_BIT) && !mac_is(v->edst, c->ifc.mac))
		return 0;
	/* IEEE 802: a source that is a group or the all-zero address is not a station (Linux
	 * is_valid_ether_addr): no judgement whether it is answered; nor our own MAC */
	if (!station(v->esrc) || mac_is(v->esrc, c->ifc.mac))
		return 0;
	if (r->kind == REQ_NS && r->ns.slla && !station(r->ns.slla))
		return 0;
	if (!dst_ours(c, r, v->dst, &p, why) || !src_ok(c, r, &p, why))
		return 0;
	/* ::/96 (v4-compatible, RFC 4291 §2.5.5.1 deprecated) and :: for echo: no judgement */
	if (!memcmp(v->src, a_unspec, 12))
		return 0;
	if (r->kind == REQ_ECHO) {
		if (c->ifc.echo_rate)
			return PLAIN_NO;
		if (in6_is_mcast(v->dst) && (!(c->ifc.flags & XDP6_IF_ECHO_MCAST) ||
					     !(c->ifc.flags & XDP6_IF_HAS_LL)))
			return PLAIN_NO;
		/* beyond the minimum MTU the daemon may have to fragment (RFC 8201) */
		return v->n_ext || v->l3_end - v->l3 > IP6_MIN_MTU ? PLAIN_HANDOFF : PLAIN_TX;
	}
	if (r->kind == REQ_NS) {
		const struct xf_addr *t = cfg_addr(c, r->ns.target);

		return !c->ifc.na_rate && t && st_assigned(t->state) && r->ns.n_slla <= 1 ?
		       PLAIN_HANDOFF : PLAIN_NO;
	}
	return PLAIN_NO;
}

static void check_echo_reply(const struct xf_config *c, const struct req *r,
			     const struct view *o, struct xf_result *res)
{
	const struct view *v = &r->v;
	const uint8_t *q = v->f + v->l4, *a = o->f + o->l4;
	uint8_t hl = c->ifc.echo_hop_limit ? c->ifc.echo_hop_limit : ICMP6_ECHO_HOP_LIMIT_DEFAULT;
	char s[48];

	if (a[0] != ICMP6_TYPE_ECHO_REPLY || a[1] != 0)
		xf_violate(res, P_ECHO_CODE, "reply type %u code %u, want 129 code 0 (request "
			   "code %u)", a[0], a[1], q[1]);
	if (o->l4_len != v->l4_len || memcmp(q + 4, a + 4, v->l4_len - 4))
		xf_violate(res, P_ECHO_BODY, "reply body (%zu bytes) differs from the request's "
			   "(%zu bytes)", o->l4_len, v->l4_len);
	if (!a_eq(o->dst, v->src)) {
		fmt6(o->dst, s);
		xf_violate(res, P_ECHO_ADDR, "reply to %s, not the request's source", s);
	}
	if (in6_is_mcast(v->dst) ? !cfg_own(c, o->src) : !a_eq(o->src, v->dst)) {
		fmt6(o->src, s);
		xf_violate(res, P_ECHO_ADDR, "reply from %s: %s", s, in6_is_mcast(v->dst) ?
			   "not an assigned unicast address of ours" :
			   "not the request's destination");
	}
	if (o->hlim != hl)
		xf_violate(res, P_ECHO_HLIM, "hop limit %u, want %u", o->hlim, hl);
	if (!mac_is(o->edst, v->esrc))
		xf_violate(res, P_ETH_DST, "Echo Reply not sent to the request's source MAC");
}

static void check_na(const struct xf_config *c, const struct req *r, const struct view *o,
		     struct xf_result *res)
{
	static const uint8_t mac_all_nodes[ETH6_ALEN] = { 0x33, 0x33, 0, 0, 0, 1 };
	const struct view *v = &r->v;
	const uint8_t *a = o->f + o->l4;
	int dad = a_eq(v->src, a_unspec), tlla = 0, router = !!(c->ifc.flags & XDP6_IF_ROUTER);
	const uint8_t *want_mac;
	size_t p;
	char s[48], s2[24];

	if (a[0] != ICMP6_TYPE_NEIGHBOR_ADVERT || a[1] != 0 || o->l4_len < ND6_NA_MIN_LEN) {
		xf_violate(res, P_NA_FIELDS, "reply type %u code %u length %zu is no NA", a[0],
			   a[1], o->l4_len);
		return;
	}
	if (!!(a[4] & NA_R) != router || !!(a[4] & NA_S) == dad || !(a[4] & NA_O) ||
	    (a[4] & 0x1f) || a[5] || a[6] || a[7])
		xf_violate(res, P_NA_FLAGS, "flags/reserved %02x%02x%02x%02x, want R=%d S=%d O=1",
			   a[4], a[5], a[6], a[7], router, !dad);
	if (!a_eq(a + offsetof(struct nd6_ns, target), r->ns.target))
		xf_violate(res, P_NA_FIELDS, "NA target differs from the NS target");
	for (p = ND6_NA_MIN_LEN; p < o->l4_len;) {
		size_t ol = p + 2 <= o->l4_len ? (size_t)a[p + 1] * ND6_OPT_UNIT : 0;

		if (!ol || p + ol > o->l4_len) {
			xf_violate(res, P_NA_FIELDS, "malformed NA option at %zu", p);
			break;
		}
		if (a[p] != ND6_OPT_TARGET_LL_ADDR || ol != sizeof(struct nd6_opt_lladdr) ||
		    !mac_is(a + p + 2, c->ifc.mac) || tlla++)
			xf_violate(res, P_NA_FIELDS, "NA option type %u len %zu is not the one "
				   "TLLA with our MAC", a[p], ol);
		p += ol;
	}
	/* §7.2.4: a multicast NS needs the TLLA; O=1 (checked above) is only right with it */
	if (!tlla)
		xf_violate(res, P_NA_FIELDS, "NA without a Target Link-Layer Address option");
	if (!a_eq(o->dst, dad ? a_all_nodes : v->src)) {
		fmt6(o->dst, s);
		xf_violate(res, P_NA_ADDR, "NA to %s, want %s", s,
			   dad ? "ff02::1" : "the NS source");
	}
	if (!cfg_own(c, o->src)) {
		fmt6(o->src, s);
		xf_violate(res, P_NA_ADDR, "NA from %s: not an assigned address of ours", s);
	}
	if (o->hlim != ND6_HOP_LIMIT)
		xf_violate(res, P_NA_ADDR, "NA hop limit %u", o->hlim);
	want_mac = dad ? mac_all_nodes : r->ns.slla ? r->ns.slla : v->esrc;
	if (!mac_is(o->edst, want_mac))
		xf_violate(res, P_ETH_DST, "NA to MAC %s, want %s", fmtmac(o->edst, s),
			   fmtmac(want_mac, s2));
}

/* May this request be answered at all? Each refusal under its property. */
static void check_may_reply(const struct xf_config *c, const struct req *r,
			    struct xf_result *res)
{
	const struct view *v = &r->v;
	const struct xf_addr *t;
	enum xf_prop p;
	char why[160], s[48];

	if (!r->valid)
		xf_violate(res, P_INVALID, "replied to %s", r->why_invalid);
	if (!v->ip6 || !v->plen_ok || !v->l4_ok)
		return;
	if (!(v->edst[0] & ETH_GROUP_BIT) && !mac_is(v->edst, c->ifc.mac))
		xf_violate(res, P_FOREIGN_MAC, "replied to a frame for %s (ours %s)",
			   fmtmac(v->edst, s), fmtmac(c->ifc.mac, why));
	if (!dst_ours(c, r, v->dst, &p, why))
		xf_violate(res, p, "replied although %s", why);
	if (!src_ok(c, r, &p, why))
		xf_violate(res, p, "replied to a %s", why);
	if (r->kind != REQ_OTHER && v->l4_len >= ICMP6_HLEN && !r->csum_ok)
		xf_violate(res, P_BAD_CSUM, "replied to an ICMPv6 message with checksum 0x%02x%02x",
			   v->f[v->l4 + 2], v->f[v->l4 + 3]);
	if (r->kind == REQ_ECHO && in6_is_mcast(v->dst) && !(c->ifc.flags & XDP6_IF_ECHO_MCAST))
		xf_violate(res, P_ECHO_MCAST_OFF, "Echo Reply to a multicast request with "
			   "echo-multicast off");
	if (r->kind == REQ_NS && r->ns.target) {
		t = cfg_addr(c, r->ns.target);
		fmt6(r->ns.target, s);
		if (!t || !st_assigned(t->state))
			xf_violate(res, P_UNASSIGNED, "NA for target %s, %s", s,
				   !t ? "not ours" : t->state == XDP6_ADDR_TENTATIVE ?
				   "tentative" : "duplicate");
	}
	/* the reply goes to the request's link-layer source: never to a group */
	if ((v->esrc[0] & ETH_GROUP_BIT) &&
	    (r->kind == REQ_ECHO ||
	     (r->kind == REQ_NS && !r->ns.slla && !a_eq(v->src, a_unspec))))
		xf_violate(res, P_GROUP_SRC_MAC, "replied to group source MAC %s",
			   fmtmac(v->esrc, s));
	/* nor to a group named by the NS's Source Link-Layer Address option */
	if (r->kind == REQ_NS && r->ns.slla && (r->ns.slla[0] & ETH_GROUP_BIT) &&
	    !a_eq(v->src, a_unspec))
		xf_violate(res, P_GROUP_SRC_MAC, "replied to the group MAC %s of an SLLA option",
			   fmtmac(r->ns.slla, s));
}

static void check_reply(const struct xf_config *c, const struct req *r, const struct xf_run *run,
			struct xf_result *res)
{
	const struct view *v = &r->v;
	struct view o;
	char s[48];

	check_may_reply(c, r, res);
	parse(run->out, run->out_len, &o);
	if (o.len < ETH6_HLEN) {
		xf_violate(res, P_LENGTH, "reply of %zu bytes", o.len);
		return;
	}
	if (!mac_is(o.esrc, c->ifc.mac))
		xf_violate(res, P_ETH_SRC, "reply from MAC %s", fmtmac(o.esrc, s));
	if (v->ip6 && (o.ntags != v->ntags || (v->ntags && memcmp(o.tag, v->tag, 4))))
		xf_violate(res, P_ETH_DST, "reply tags differ from the request's");
	if (!o.ip6 || o.version != IP6_VERSION || !o.plen_ok || o.l3_end != o.len ||
	    o.n_ext || !o.l4_ok || o.l4_proto != IP6_NH_ICMPV6 || o.l4_len < ICMP6_HLEN) {
		xf_violate(res, P_LENGTH, "reply: %s, %zu bytes, IPv6 ends at %zu, %d extension "
			   "headers, Next Header %u", o.ip6 ? "IPv6" : "not IPv6", o.len, o.l3_end,
			   o.n_ext, o.l4_proto);
		return;
	}
	if (icmp6_sum(o.f, o.l3, o.l4, o.l4_len) != 0xffff)
		xf_violate(res, P_CSUM, "reply checksum 0x%02x%02x is wrong", o.f[o.l4 + 2],
			   o.f[o.l4 + 3]);
	for (int i = 0; i < c->n_pmtu; i++) {
		if (a_eq(c->pmtu[i].dst, o.dst) && o.len - o.l3 > c->pmtu[i].mtu) {
			fmt6(o.dst, s);
			xf_violate(res, P_PMTU, "%zu-byte reply to %s, path MTU %u",
				   o.len - o.l3, s, c->pmtu[i].mtu);
		}
	}
	if (!r->valid)
		return;
	if (r->kind == REQ_ECHO)
		check_echo_reply(c, r, &o, res);
	else if (r->kind == REQ_NS)
		check_na(c, r, &o, res);
}

static const char *act_name(int a)
{
	switch (a) {
	case XDP_ABORTED: return "ABORTED";
	case XDP_DROP: return "DROP";
	case XDP_PASS: return "PASS";
	case XDP_TX: return "TX";
	case XDP_REDIRECT: return "REDIRECT";
	}
	return "?";
}

/* RFC 4861 §7.2.3: a valid NS for a target assigned to us, from a unicast source with a
 * Source Link-Layer Address option, creates or updates the sender's neighbor entry (whether
 * or not a rate limit lets us answer it). Nothing else may. */
static int may_learn(const struct xf_config *c, const struct req *r)
{
	const struct view *v = &r->v;
	const struct xf_addr *t;
	enum xf_prop p;
	char why[160];

	if (r->kind != REQ_NS || !r->valid || !r->csum_ok || !r->ns.slla ||
	    a_eq(v->src, a_unspec) || !station(r->ns.slla))
		return 0;
	if (!(v->edst[0] & ETH_GROUP_BIT) && !mac_is(v->edst, c->ifc.mac))
		return 0;
	t = cfg_addr(c, r->ns.target);
	return t && st_assigned(t->state) && dst_ours(c, r, v->dst, &p, why) &&
	       src_ok(c, r, &p, why);
}

void xf_check(const struct xf_config *c, const struct xf_run *run, struct xf_result *res)
{
	struct req r;
	int handoff;

	classify(run->in, run->in_len, &r);
	res->req_kind = r.kind;
	res->req_valid = r.valid;
	res->may_learn = may_learn(c, &r);
	if (res->may_learn)
		memcpy(res->slla, r.ns.slla, ETH6_ALEN);
	res->cov = (run->in_len > XF_LINEAR_MAX ? XF_COV_MULTIBUF : 0) |
		   (r.v.ntags ? XF_COV_VLAN : 0) | (r.v.n_ext ? XF_COV_EXT : 0) |
		   (r.v.ip6 && r.v.plen_ok && r.v.l3_end < run->in_len ? XF_COV_PAD : 0) |
		   (r.kind == REQ_ECHO ? XF_COV_ECHO : 0) | (r.kind == REQ_NS ? XF_COV_NS : 0) |
		   (r.kind == REQ_NS && a_eq(r.v.src, a_unspec) ? XF_COV_DAD : 0) |
		   (r.kind == REQ_ECHO && in6_is_mcast(r.v.dst) ? XF_COV_MCAST_ECHO : 0);
	if (run->action == XDP_TX) {
		res->plain = plain(c, &r);
		check_reply(c, &r, run, res);
		return;
	}
	if (run->out_len != run->in_len || memcmp(run->out, run->in, run->in_len))
		xf_violate(res, P_UNMODIFIED, "%s changed the frame (%zu bytes in, %zu out)",
			   act_name(run->action), run->in_len, run->out_len);
	res->plain = plain(c, &r);
	handoff = run->action == XDP_REDIRECT || (run->action == XDP_PASS && run->reason &&
						  !strcmp(run->reason, "no-daemon"));
	if (res->plain == PLAIN_NO || (res->plain == PLAIN_HANDOFF && handoff))
		return;
	if (r.kind == REQ_ECHO)
		xf_violate(res, P_ECHO_ANSWERED, "valid %zu-byte Echo Request%s to %s: %s (%s)",
			   run->in_len, r.v.n_ext ? " with extension headers" : "",
			   in6_is_mcast(r.v.dst) ? "a group we listen to" : "an assigned address",
			   act_name(run->action), run->reason ? run->reason : "no reason");
	else
		xf_violate(res, P_NS_ANSWERED, "valid %zu-byte NS%s for an assigned target: %s "
			   "(%s)", run->in_len, r.v.n_ext ? " with extension headers" : "",
			   act_name(run->action), run->reason ? run->reason : "no reason");
}
