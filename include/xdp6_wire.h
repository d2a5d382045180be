/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Wire layouts and RFC constants shared by the XDP program and the daemon:
 * Ethernet/802.1Q, IPv6 (RFC 8200), ICMPv6 (RFC 4443), ND (RFC 4861, 4862, 7527), MLD (RFC 2710,
 * 3810), RA options (RFC 4861, 8106). All multi-byte fields are in network byte order. */
#ifndef XDP6_WIRE_H
#define XDP6_WIRE_H

#include <linux/types.h>

#ifndef XDP6_INLINE
#define XDP6_INLINE static inline __attribute__((always_inline))
#endif

/* Ethernet */
#define ETH6_ALEN		6
#define ETH6_HLEN		14
#define ETH6_P_IPV6		0x86DD
#define ETH6_P_8021Q		0x8100
#define ETH6_P_8021AD		0x88A8
#define ETH6_VLAN_HLEN		4
#define ETH6_GROUP_BIT		0x01	/* I/G bit of a MAC's first octet: multicast/broadcast */

struct eth6_hdr {
	__u8 dst[ETH6_ALEN];
	__u8 src[ETH6_ALEN];
	__be16 proto;
} __attribute__((packed));

struct eth6_vlan_hdr {
	__be16 tci;
	__be16 proto;
} __attribute__((packed));

/* IPv6 (RFC 8200) */
#define IP6_HLEN		40
#define IP6_VERSION		6
#define IP6_MIN_MTU		1280
#define IP6_FLOW_LABEL_MASK	0x000fffffu	/* of vtc_flow in host order (below) */

#define IP6_NH_HOPOPTS		0
#define IP6_NH_TCP		6
#define IP6_NH_UDP		17
#define IP6_NH_DCCP		33	/* RFC 4340 */
#define IP6_NH_ROUTING		43
#define IP6_NH_FRAGMENT		44
#define IP6_NH_ESP		50
#define IP6_NH_AH		51
#define IP6_NH_ICMPV6		58
#define IP6_NH_NONE		59
#define IP6_NH_DSTOPTS		60
#define IP6_NH_SCTP		132	/* RFC 9260 */
#define IP6_NH_MOBILITY		135
#define IP6_NH_UDPLITE		136	/* RFC 3828 */

/* Upper-layer protocols whose header starts with the source and destination ports (RFC 768,
 * 9293, 4340, 9260, 3828): served per port (`xdp6ctl serve PROTO/PORT`, the served map), and
 * with --unserved reject an unserved port gets Destination Unreachable, Port Unreachable
 * (RFC 4443 §3.1), but for TCP, which answers with RST itself. The fast path and the daemon
 * both ask here. */
XDP6_INLINE int ip6_nh_has_ports(__u8 nh)
{
	return nh == IP6_NH_TCP || nh == IP6_NH_UDP || nh == IP6_NH_DCCP || nh == IP6_NH_SCTP ||
	       nh == IP6_NH_UDPLITE;
}

/* vtc_flow: version (4), traffic class (8), flow label (20), big-endian as one word. */
struct ip6_hdr {
	__be32 vtc_flow;
	__be16 payload_len;
	__u8 nexthdr;
	__u8 hop_limit;
	__u8 saddr[16];
	__u8 daddr[16];
} __attribute__((packed));

struct ip6_ext_hdr {		/* Hop-by-Hop, Routing, Destination Options (RFC 8200 §4.3) */
	__u8 nexthdr;
	__u8 hdrlen;		/* in 8-octet units, not including the first 8 */
} __attribute__((packed));

struct ip6_frag_hdr {		/* RFC 8200 §4.5 */
	__u8 nexthdr;
	__u8 reserved;
	__be16 frag_off;	/* offset (13 bits, 8-octet units) << 3 | M */
	__be32 identification;
} __attribute__((packed));
#define IP6_FRAG_OFF_MASK	0xFFF8
#define IP6_FRAG_MF		0x0001

/* Options in Hop-by-Hop / Destination Options headers (RFC 8200 §4.2) */
#define IP6_OPT_PAD1		0
#define IP6_OPT_PADN		1
#define IP6_OPT_ROUTER_ALERT	5	/* RFC 2711 */
#define IP6_OPT_ROUTER_ALERT_MLD 0	/* value 0: MLD */
#define IP6_OPT_ACTION(type)	(((type) >> 6) & 3)
#define IP6_OPT_ACTION_SKIP	0
#define IP6_OPT_ACTION_DISCARD	1
#define IP6_OPT_ACTION_ICMP	2	/* send Parameter Problem code 2 always */
#define IP6_OPT_ACTION_ICMP_UC	3	/* ... only if destination was not multicast */

/* ICMPv6 (RFC 4443) */
#define ICMP6_HLEN			4
#define ICMP6_TYPE_DEST_UNREACH		1
#define ICMP6_TYPE_PACKET_TOO_BIG	2
#define ICMP6_TYPE_TIME_EXCEEDED	3
#define ICMP6_TYPE_PARAM_PROBLEM	4
#define ICMP6_TYPE_ECHO_REQUEST		128
#define ICMP6_TYPE_ECHO_REPLY		129
#define MLD6_TYPE_QUERY			130	/* RFC 2710 / 3810 */
#define MLD6_TYPE_V1_REPORT		131
#define MLD6_TYPE_V1_DONE		132
#define ICMP6_TYPE_ROUTER_SOLICIT	133	/* RFC 4861 */
#define ICMP6_TYPE_ROUTER_ADVERT	134
#define ICMP6_TYPE_NEIGHBOR_SOLICIT	135
#define ICMP6_TYPE_NEIGHBOR_ADVERT	136
#define ICMP6_TYPE_REDIRECT		137
#define MLD6_TYPE_V2_REPORT		143	/* RFC 3810 */
#define ICMP6_TYPE_IS_ERROR(t)		((t) < 128)

#define ICMP6_DU_NO_ROUTE		0
#define ICMP6_DU_ADMIN_PROHIBITED	1
#define ICMP6_DU_BEYOND_SCOPE		2
#define ICMP6_DU_ADDR_UNREACH		3
#define ICMP6_DU_PORT_UNREACH		4
#define ICMP6_TE_HOP_LIMIT		0
#define ICMP6_TE_REASSEMBLY		1
#define ICMP6_PP_HEADER_FIELD		0
#define ICMP6_PP_NEXT_HEADER		1
#define ICMP6_PP_OPTION			2
#define ICMP6_PP_INCOMPLETE_CHAIN	3	/* RFC 7112 */

#define ICMP6_ERROR_MAX_LEN		IP6_MIN_MTU	/* whole error packet, RFC 4443 §2.4(c) */
#define ICMP6_ECHO_HOP_LIMIT_DEFAULT	64

struct icmp6_hdr {
	__u8 type;
	__u8 code;
	__sum16 cksum;
	union {
		__be32 data32;
		__be16 data16[2];	/* echo: identifier, sequence */
		__u8 data8[4];
	};
} __attribute__((packed));

/* Neighbor Discovery (RFC 4861) */
#define ND6_HOP_LIMIT			255
#define ND6_NS_MIN_LEN			24	/* ICMP length of an NS, §7.1.1 */
#define ND6_NA_MIN_LEN			24	/* §7.1.2 */
#define ND6_RS_MIN_LEN			8	/* §6.1.1 */
#define ND6_RA_MIN_LEN			16	/* §6.1.2 */
#define ND6_REDIRECT_MIN_LEN		40	/* §8.1 */
#define ND6_NA_FLAG_ROUTER		0x80000000u	/* host order, within the first word */
#define ND6_NA_FLAG_SOLICITED		0x40000000u
#define ND6_NA_FLAG_OVERRIDE		0x20000000u
#define ND6_RA_FLAG_MANAGED		0x80
#define ND6_RA_FLAG_OTHER		0x40

#define ND6_OPT_SOURCE_LL_ADDR		1
#define ND6_OPT_TARGET_LL_ADDR		2
#define ND6_OPT_PREFIX_INFO		3
#define ND6_OPT_REDIRECTED_HDR		4
#define ND6_OPT_MTU			5
#define ND6_OPT_NONCE			14	/* RFC 3971 §5.3.2, used by RFC 7527 */
#define ND6_OPT_RDNSS			25	/* RFC 8106 */
#define ND6_OPT_DNSSL			31	/* RFC 8106 */
#define ND6_OPT_UNIT			8	/* option length unit, octets */
#define ND6_PI_FLAG_ONLINK		0x80
#define ND6_PI_FLAG_AUTO		0x40

struct nd6_ns {			/* also NA: reserved carries the R/S/O flags */
	__u8 type;
	__u8 code;
	__sum16 cksum;
	__be32 reserved;
	__u8 target[16];
} __attribute__((packed));

struct nd6_opt_hdr {
	__u8 type;
	__u8 len;		/* in units of 8 octets; 0 is invalid (§4.6) */
} __attribute__((packed));

struct nd6_opt_lladdr {		/* Source/Target Link-Layer Address for Ethernet (8 octets) */
	__u8 type;
	__u8 len;
	__u8 addr[ETH6_ALEN];
} __attribute__((packed));

struct nd6_ra {
	__u8 type;
	__u8 code;
	__sum16 cksum;
	__u8 cur_hop_limit;
	__u8 flags;
	__be16 router_lifetime;	/* seconds */
	__be32 reachable_time;	/* ms */
	__be32 retrans_timer;	/* ms */
} __attribute__((packed));

struct nd6_opt_prefix {		/* §4.6.2 */
	__u8 type;
	__u8 len;		/* 4 */
	__u8 prefix_len;
	__u8 flags;
	__be32 valid_lifetime;
	__be32 preferred_lifetime;
	__be32 reserved2;
	__u8 prefix[16];
} __attribute__((packed));

struct nd6_opt_mtu {		/* §4.6.4 */
	__u8 type;
	__u8 len;		/* 1 */
	__be16 reserved;
	__be32 mtu;
} __attribute__((packed));

/* MLD (RFC 2710, RFC 3810) */
#define MLD6_HOP_LIMIT			1
#define MLD6_V1_LEN			24
#define MLD6_V2_QUERY_MIN_LEN		28
#define MLD6_V2_REC_MODE_IS_INCLUDE	1
#define MLD6_V2_REC_MODE_IS_EXCLUDE	2
#define MLD6_V2_REC_CHANGE_TO_INCLUDE	3
#define MLD6_V2_REC_CHANGE_TO_EXCLUDE	4
#define MLD6_V2_REC_ALLOW_NEW_SOURCES	5
#define MLD6_V2_REC_BLOCK_OLD_SOURCES	6

struct mld6_v1 {		/* query (130), v1 report (131), done (132) */
	__u8 type;
	__u8 code;
	__sum16 cksum;
	__be16 max_resp_delay;	/* ms */
	__be16 reserved;
	__u8 group[16];
} __attribute__((packed));

struct mld6_v2_query {		/* RFC 3810 §5.1 */
	__u8 type;
	__u8 code;
	__sum16 cksum;
	__be16 max_resp_code;
	__be16 reserved;
	__u8 group[16];
	__u8 s_qrv;		/* Resv(4) S(1) QRV(3) */
	__u8 qqic;
	__be16 nsrcs;
	/* __u8 sources[nsrcs][16] */
} __attribute__((packed));

struct mld6_v2_report {		/* RFC 3810 §5.2 */
	__u8 type;
	__u8 reserved;
	__sum16 cksum;
	__be16 reserved2;
	__be16 nrecs;
} __attribute__((packed));

struct mld6_v2_record {
	__u8 rec_type;
	__u8 aux_len;
	__be16 nsrcs;
	__u8 group[16];
} __attribute__((packed));

_Static_assert(sizeof(struct eth6_hdr) == 14, "eth6_hdr");
_Static_assert(sizeof(struct ip6_hdr) == 40, "ip6_hdr");
_Static_assert(sizeof(struct ip6_frag_hdr) == 8, "ip6_frag_hdr");
_Static_assert(sizeof(struct icmp6_hdr) == 8, "icmp6_hdr");
_Static_assert(sizeof(struct nd6_ns) == 24, "nd6_ns");
_Static_assert(sizeof(struct nd6_opt_lladdr) == 8, "nd6_opt_lladdr");
_Static_assert(sizeof(struct nd6_ra) == 16, "nd6_ra");
_Static_assert(sizeof(struct nd6_opt_prefix) == 32, "nd6_opt_prefix");
_Static_assert(sizeof(struct mld6_v1) == 24, "mld6_v1");
_Static_assert(sizeof(struct mld6_v2_query) == 28, "mld6_v2_query");
_Static_assert(sizeof(struct mld6_v2_record) == 20, "mld6_v2_record");

/* Well-known addresses, as byte initialisers. */
#define IP6_ADDR_ALL_NODES	{ 0xff,0x02,0,0, 0,0,0,0, 0,0,0,0, 0,0,0,0x01 }
#define IP6_ADDR_ALL_ROUTERS	{ 0xff,0x02,0,0, 0,0,0,0, 0,0,0,0, 0,0,0,0x02 }
#define IP6_ADDR_ALL_MLDV2	{ 0xff,0x02,0,0, 0,0,0,0, 0,0,0,0, 0,0,0,0x16 }
/* Multicast scope (RFC 4291 §2.7): the low 4 bits of an ff00::/8 address's second octet. */
#define IP6_MC_SCOPE(a16)		((a16)[1] & 0x0f)
#define IP6_MC_SCOPE_RESERVED		0	/* never sent; received: dropped (§2.7) */
#define IP6_MC_SCOPE_IFACE_LOCAL	1	/* loopback only (RFC 4291 Errata 3480) */
#define IP6_MC_SCOPE_LINK_LOCAL		2
/* Solicited-node prefix ff02::1:ff00:0/104 (RFC 4291 §2.7.1): first 13 bytes. */
#define IP6_SOLNODE_PREFIX	{ 0xff,0x02,0,0, 0,0,0,0, 0,0,0,0x01, 0xff }
#define IP6_SOLNODE_PREFIX_LEN	13

#endif /* XDP6_WIRE_H */
