/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* What the XDP program and the daemon agree on: pinned map names, map keys and values, address
 * states and origins, interface flags, and the stats reason list. Host byte order in map values
 * unless a field says otherwise; addresses are raw network-order bytes. */
#ifndef XDP6_MAPS_H
#define XDP6_MAPS_H

#include <linux/types.h>
#include <linux/bpf.h>		/* struct bpf_spin_lock */

#define XDP6_PIN_ROOT		"/sys/fs/bpf/xdp6"	/* maps: XDP6_PIN_ROOT/<ifname>/<map> */
#define XDP6_MAX_QUEUES		64			/* xsks entries: one per RX queue */
#define XDP6_DEFAULT_MAX_ADDRS	4096			/* addrs entries; xdp6d --max-addrs */

/* ---- addrs: BPF_MAP_TYPE_HASH, struct xdp6_addr_key -> struct xdp6_addr_val ---- */
enum xdp6_addr_state {
	XDP6_ADDR_TENTATIVE = 0,	/* DAD running: XDP never answers (RFC 4862 §5.4) */
	XDP6_ADDR_PREFERRED = 1,	/* answered by XDP */
	XDP6_ADDR_DEPRECATED = 2,	/* still answered (RFC 4862 §5.5.4) */
	XDP6_ADDR_DUPLICATE = 3,	/* DAD failed: never answered */
};

enum xdp6_addr_origin {
	XDP6_ORIGIN_STATIC = 0,		/* -a or xdp6ctl addr add */
	XDP6_ORIGIN_LINK_LOCAL = 1,	/* generated fe80:: */
	XDP6_ORIGIN_SLAAC = 2,		/* RFC 4862 §5.5.3 */
	XDP6_ORIGIN_TEMPORARY = 3,	/* RFC 8981 */
};

struct xdp6_addr_key {
	__u8 addr[16];
};

struct xdp6_addr_val {
	enum xdp6_addr_state state;
	enum xdp6_addr_origin origin;
	__u8 prefixlen;
	__u8 pad[3];
};

/* ---- ownbits: BPF_MAP_TYPE_ARRAY, word index -> __u64, XDP6_OWNBITS_WORDS entries ----
 * An exact pre-filter of addrs: bit xdp6_ownbits_bit(a) is set when some key of addrs hashes to
 * it. A clear bit means "a is not in addrs" without the hash lookup (a call, ≈ 22 ns on a
 * retpoline CPU; an ARRAY lookup is inlined by the verifier); a set bit means "maybe": the
 * addrs lookup decides, so every answer is exactly the one of the lookup alone.
 * Invariant: the set bits are a superset of the bits of addrs' keys at every instant XDP can
 * look. The daemon (io/maps.c, the one writer of addrs) counts keys per bit in its memory, sets
 * a bit before its first key enters addrs and clears it only after its last key left addrs; on
 * restart adoption it rebuilds the counts and the words from the pinned addrs.
 * Fixed size, 2^20 bits (128 KiB): 256 bits per address at the default --max-addrs 4096 (a
 * random miss hits a set bit with probability <= 0.4%), still 16 per address at 65536; more
 * addresses only make "maybe" more frequent, never an answer wrong. No secret: a source crafted
 * to hit our bits only pays today's lookup. */
#define XDP6_OWNBITS_ORDER	20
#define XDP6_OWNBITS_WORDS	(1u << (XDP6_OWNBITS_ORDER - 6))

/* The bit of an address given as its two 64-bit halves (native loads of the 16 raw bytes; BPF
 * and daemon run on the same CPU). The halves are folded with one rotated (so a::b and b::a
 * differ), multiplied by an odd constant (2^64 / golden ratio), the high half folded into the
 * low and multiplied again, and the top bits taken. One multiply alone spreads badly what varies
 * in the middle of the word: 4096 consecutive interface identifiers took 2707 distinct bits
 * (tests/unit/test_ownbits.c); with the second round they take ~4090, as random ones. */
static __inline__ __attribute__((always_inline)) __u32 xdp6_ownbits_bit(__u64 hi, __u64 lo)
{
	__u64 x = (hi ^ ((lo << 32) | (lo >> 32))) * 0x9e3779b97f4a7c15ull;

	x = (x ^ (x >> 32)) * 0x9e3779b97f4a7c15ull;
	return (__u32)(x >> (64 - XDP6_OWNBITS_ORDER));
}

/* ---- addrgen: BPF_MAP_TYPE_ARRAY, one entry (key 0) -> __u64 ----
 * The generation of addrs: xdp6d (io/maps.c, the one writer of addrs) adds 1 after every write
 * of addrs (a key added, its value changed, a key removed), continuing from the pinned value
 * when it adopts a running program. Anything else that writes addrs (a `bpftool map update` by
 * hand) must add 1 too, or XDP keeps answering from addrcache as before the write.
 *
 * ---- addrcache: BPF_MAP_TYPE_PERCPU_ARRAY, slot -> struct xdp6_addr_slot ----
 * XDP's own memory of its last addrs lookups, per CPU, written by XDP only: slot
 * xdp6_ownbits_bit(a) % XDP6_ADDRCACHE_SLOTS holds the state addrs gave for a at generation
 * gen. A slot is used only when its gen is addrgen's current value, so every write of addrs
 * (with its addrgen step) invalidates every slot at once; a hit spares the addrs hash lookup
 * (a call, ≈ 25 ns here), a miss costs it as before and fills the slot. Only keys of addrs are
 * cached: an address whose ownbits bit is clear never gets this far, one whose bit is set but
 * is not in addrs pays the lookup every time, as before.
 * Ordering: XDP reads addrgen before it looks addrs up and stores that generation with what it
 * found, so an entry filled across a daemon write is stale only under the old generation; a
 * program that reads the new generation sees the new addrs entry because the daemon's two
 * writes and XDP's two reads are each in program order: true of x86-64 (TSO), which is what
 * xdp6 is tested on; a weakly ordered CPU (arm64) would need an acquire load of addrgen (BPF
 * load-acquire, Linux >= 6.15), not used here so as to load on Linux 6.1 (README "Limits").
 * seq is odd while XDP fills the slot (0: never filled); a reader that sees it odd, or
 * changed across its reads, looks addrs up instead: XDP runs to completion on its CPU, but a
 * BPF_PROG_TEST_RUN of the same program may be interrupted by the NIC's softirq. */
#define XDP6_ADDRCACHE_SLOTS	256
struct xdp6_addr_slot {
	__u32 seq;		/* odd while being filled; 0: empty */
	__u32 state;		/* enum xdp6_addr_state of addr in addrs at gen */
	__u64 gen;		/* addrgen when addrs was looked up */
	__u8 addr[16];		/* the key looked up (8-byte aligned: compared as two words) */
};

/* ---- iface: BPF_MAP_TYPE_ARRAY, one entry (key 0) -> struct xdp6_iface ---- */
#define XDP6_IF_ECHO_MCAST	(1u << 0)	/* answer Echo Request to ff02::1 (default on) */
#define XDP6_IF_ROUTER		(1u << 1)	/* R=1 in our NAs */
#define XDP6_IF_HAS_LL		(1u << 2)	/* ll_addr is a preferred link-local of ours */
#define XDP6_IF_UNSERVED_REJECT	(1u << 3)	/* unserved upper-layer traffic to the daemon */
#define XDP6_IF_ECHO_OFF	(1u << 4)	/* no Echo answered here: every request to the kernel
						 * (net.ipv6.icmp.echo_ignore_all in mirror mode) */
#define XDP6_IF_MIRROR		(1u << 5)	/* mirror mode: the kernel owns the addresses, what
						 * is not answered here is the kernel's (no daemon) */

struct xdp6_iface {
	__u32 ifindex;
	__u32 flags;			/* XDP6_IF_* */
	__u8 mac[6];			/* source MAC of our replies, TLLA option */
	__u8 echo_hop_limit;		/* hop limit of Echo Replies; 0 means 64 */
	__u8 pad;
	__u8 ll_addr[16];		/* source of replies to ff02::1 echo */
	__u32 echo_rate;		/* Echo Replies per second, 0 = unlimited */
	__u32 echo_burst;
	__u32 na_rate;			/* NAs per second, 0 = unlimited */
	__u32 na_burst;
	/* Per-source fairness (xdp6d --src-rate, `srcrate` map): what XDP transmits to one source
	 * prefix (src & src_mask) is paced at one reply per src_interval_ns with src_burst_ns of
	 * tolerance (GCRA, see ratelimit.bpf.h). 0 = off: one compare, no lookup. */
	__u64 src_interval_ns;		/* ceil(1e9 / PPS) */
	__u64 src_burst_ns;		/* (BURST - 1) x src_interval_ns */
	__u8 src_mask[16];		/* --rate-key-len bits of ones, network order */
};

/* ---- tokens: BPF_MAP_TYPE_ARRAY, XDP6_BUCKET_MAX entries -> struct xdp6_bucket ---- */
enum xdp6_bucket_id {
	XDP6_BUCKET_ECHO = 0,
	XDP6_BUCKET_NA = 1,
	XDP6_BUCKET_MAX,
};

#define XDP6_TOKEN_SCALE	1000000000ull	/* tokens are kept in units of 1e-9 packet */

struct xdp6_bucket {
	struct bpf_spin_lock lock;
	__u32 pad;
	__u64 tokens;			/* scaled by XDP6_TOKEN_SCALE */
	__u64 last_ns;			/* bpf_ktime_get_ns() of the last refill */
};

/* ---- srcrate: BPF_MAP_TYPE_LRU_HASH, struct xdp6_addr_key (source & src_mask) ->
 * struct xdp6_src_bucket ----
 * One GCRA state per source prefix seen while --src-rate is on (ratelimit.bpf.h): the
 * theoretical arrival time of the next reply. An entry the LRU evicts comes back full. Sized by
 * xdp6d --src-rate-max (default XDP6_DEFAULT_SRC_MAX). */
#define XDP6_DEFAULT_SRC_MAX	16384
#define XDP6_SRC_MAX_LIMIT	(1u << 22)

struct xdp6_src_bucket {
	__u64 tat_ns;			/* bpf_ktime_get_ns() at which the bucket is full again */
};

/* ---- proxy: BPF_MAP_TYPE_LPM_TRIE, struct xdp6_proxy_key -> struct xdp6_proxy_val ----
 * Prefixes we answer NS for on behalf of the hosts behind us (xdp6ctl proxy, an NDP proxy:
 * RFC 4861 §7.2.8, RFC 4389). Looked up only for an NS whose destination or target misses
 * addrs: an owned address wins. */
#define XDP6_PROXY_MAX		65536

enum xdp6_proxy_mode {
	XDP6_PROXY_STATIC = 0,		/* every target in the prefix */
	XDP6_PROXY_AUTO = 1,		/* targets the host routes through another interface */
};

struct xdp6_proxy_key {
	__u32 prefixlen;		/* LPM trie: bits of addr that count */
	__u8 addr[16];
};

struct xdp6_proxy_val {
	__u32 mode;			/* enum xdp6_proxy_mode */
};

/* ---- groups: BPF_MAP_TYPE_HASH, struct xdp6_addr_key (multicast group) -> __u32 (1) ----
 * Groups the daemon listens to (the solicited-node group of every owned address; the host
 * counts their users). ff02::1 and ff02::2 are always ours and need no entry. Sized with the
 * addrs map (loader.c).
 * Invariant: the solicited-node group of every key of addrs is here, whatever its state: the
 * daemon adds the group before the address enters addrs and removes it only after the last
 * address using it has left (host.c group_ref, mirror.c ent_publish; tests/unit test_host and
 * test_mirror check every write). The fast path relies on it: an NS to the solicited-node
 * group of its own target, that target a key of addrs, is ours without a groups lookup
 * (bpf/ns.bpf.h ns_to_own_solnode). */

/* ---- served: BPF_MAP_TYPE_HASH, struct xdp6_served_key -> __u32 (1) ---- */
#define XDP6_SERVED_MAX		1024			/* (protocol, port) pairs */

struct xdp6_served_key {
	__u8 proto;			/* IP6_NH_UDP, IP6_NH_TCP, ... */
	__u8 pad;
	__u16 port;			/* host order; 0 = any port / portless protocol */
};

/* ---- neigh: BPF_MAP_TYPE_LRU_HASH, struct xdp6_addr_key (sender) -> struct xdp6_neigh ----
 * What the fast path learns from the NSs it answers: RFC 4861 §7.2.3, an NS with a Source
 * Link-Layer Address option from a unicast source creates or updates the sender's neighbor
 * cache entry. XDP records (address, MAC, when); the daemon imports new records into its
 * neighbor cache as STALE, so `xdp6ctl neigh show` knows the nodes XDP talked to. */
#define XDP6_NEIGH_MAX		4096

struct xdp6_neigh {
	__u8 mac[6];
	__u16 pad;
	__u64 seen_ns;			/* bpf_ktime_get_ns() (CLOCK_MONOTONIC) when written:
					 * new sender or changed MAC */
};

/* ---- neighgen: BPF_MAP_TYPE_ARRAY, one entry (key 0) -> __u64 ----
 * The generation of neigh, stepped by XDP (an atomic add) after each of its writes of neigh:
 * a write of an LRU map may evict any other entry to make room, so it invalidates every
 * neighcache slot of every CPU. Nothing else writes neigh (xdp6d only reads it); a record
 * removed by hand (`bpftool map delete`) must step neighgen too, or XDP does not write it again
 * until one of its own writes does.
 *
 * ---- neighcache: BPF_MAP_TYPE_PERCPU_ARRAY, slot -> struct xdp6_neigh_slot ----
 * What XDP knows neigh holds, per CPU: slot xdp6_ownbits_bit(sender) % XDP6_NEIGHCACHE_SLOTS
 * remembers that, at neighgen gen, neigh recorded that sender with that MAC. An NS whose
 * sender and SLLA match a slot of the current generation needs no neigh lookup (RFC 4861
 * §7.2.3 changes nothing for it); any other looks neigh up as before, writes it when the
 * record is new or the MAC differs, and fills the slot when it did not have to write. seq and
 * the ordering are addrcache's (above); a sender's LRU entry is not refreshed while its slot
 * answers, so under pressure it is evicted sooner, and recorded again by its next NS. */
#define XDP6_NEIGHCACHE_SLOTS	256
struct xdp6_neigh_slot {
	__u32 seq;		/* odd while being filled; 0: empty */
	__u16 pad;
	__u8 mac[6];		/* the sender's MAC in neigh (2-byte aligned: compared as words) */
	__u32 pad2;
	__u64 gen;		/* neighgen when neigh was looked up */
	__u8 addr[16];		/* the sender */
};

/* ---- pmtu: BPF_MAP_TYPE_HASH, struct xdp6_addr_key (destination) -> struct xdp6_pmtu ----
 * Path MTUs the daemon learned from Packet Too Big (RFC 8201 §4, user/proto/pmtu.c), only those
 * below the link MTU. The fast path looks here only for an Echo Reply longer than IPv6's minimum
 * MTU (RFC 8200 §5: 1280 always fits) and hands a reply that would not fit to the daemon, which
 * sends it fragmented. An entry past expires_ns is ignored even if the daemon has not removed it
 * yet (it may be dead): RFC 8201 §4, the estimate ages out. */
#define XDP6_PMTU_MAX		256			/* destinations; pmtu.c's table size */

struct xdp6_pmtu {
	__u32 mtu;			/* path MTU towards the key, 1280 <= mtu < link MTU */
	__u32 pad;
	__u64 expires_ns;		/* CLOCK_MONOTONIC (bpf_ktime_get_ns()) end of validity */
};

/* ---- stats: BPF_MAP_TYPE_PERCPU_ARRAY, enum xdp6_reason -> struct xdp6_stat ---- */
struct xdp6_stat {
	__u64 packets;
	__u64 bytes;
};

/* ---- xsks: BPF_MAP_TYPE_XSKMAP, rx queue index -> AF_XDP socket ---- */

/* The pinned maps, one line each: name (of the map in the BPF object and of its pin file
 * XDP6_PIN_ROOT/<ifname>/<name>), BPF map type, key, value, max_entries (addrs and groups are
 * resized by xdp6d --max-addrs). bpf/maps.bpf.h defines the maps from this list, loader.c pins
 * and reopens them by it, struct xdp6d_iface has an fd_<name> per line, xdp6d --help names
 * them, and tests/unit/docs_maps.sh checks README's map table against it. */
#define XDP6_MAPS(X)								\
	X(addrs,  BPF_MAP_TYPE_HASH,	     struct xdp6_addr_key,   struct xdp6_addr_val,	\
	  XDP6_DEFAULT_MAX_ADDRS)						\
	X(ownbits, BPF_MAP_TYPE_ARRAY,	     __u32,		     __u64, XDP6_OWNBITS_WORDS)	\
	X(addrgen, BPF_MAP_TYPE_ARRAY,	     __u32,		     __u64, 1)			\
	X(addrcache, BPF_MAP_TYPE_PERCPU_ARRAY, __u32,		     struct xdp6_addr_slot,	\
	  XDP6_ADDRCACHE_SLOTS)							\
	X(iface,  BPF_MAP_TYPE_ARRAY,	     __u32,		     struct xdp6_iface, 1)	\
	X(tokens, BPF_MAP_TYPE_ARRAY,	     __u32,		     struct xdp6_bucket,	\
	  XDP6_BUCKET_MAX)							\
	X(groups, BPF_MAP_TYPE_HASH,	     struct xdp6_addr_key,   __u32,			\
	  XDP6_DEFAULT_MAX_ADDRS)						\
	X(served, BPF_MAP_TYPE_HASH,	     struct xdp6_served_key, __u32, XDP6_SERVED_MAX)	\
	X(stats,  BPF_MAP_TYPE_PERCPU_ARRAY, __u32,		     struct xdp6_stat, R__MAX)	\
	X(xsks,   BPF_MAP_TYPE_XSKMAP,	     __u32,		     __u32, XDP6_MAX_QUEUES)	\
	X(neigh,  BPF_MAP_TYPE_LRU_HASH,     struct xdp6_addr_key,   struct xdp6_neigh,		\
	  XDP6_NEIGH_MAX)							\
	X(neighgen, BPF_MAP_TYPE_ARRAY,	     __u32,		     __u64, 1)			\
	X(neighcache, BPF_MAP_TYPE_PERCPU_ARRAY, __u32,	     struct xdp6_neigh_slot,	\
	  XDP6_NEIGHCACHE_SLOTS)						\
	X(pmtu,   BPF_MAP_TYPE_HASH,	     struct xdp6_addr_key,   struct xdp6_pmtu,		\
	  XDP6_PMTU_MAX)							\
	X(srcrate, BPF_MAP_TYPE_LRU_HASH,    struct xdp6_addr_key,   struct xdp6_src_bucket,	\
	  XDP6_DEFAULT_SRC_MAX)							\
	X(proxy,  BPF_MAP_TYPE_LPM_TRIE,     struct xdp6_proxy_key,  struct xdp6_proxy_val,	\
	  XDP6_PROXY_MAX)

/* Every return of the XDP program is counted under exactly one of these. The name is what
 * `xdp6ctl stats` prints. Order is ABI for the pinned stats map: append only. */
#define XDP6_REASONS(X)							\
	X(R_ECHO_REPLIED,		"echo-replied")			\
	X(R_ECHO_MCAST_REPLIED,		"echo-mcast-replied")		\
	X(R_NA_SENT,			"na-sent")			\
	X(R_NA_DAD_DEFENDED,		"na-dad-defended")		\
	X(R_TO_DAEMON,			"to-daemon")			\
	X(R_NO_DAEMON,			"no-daemon")			\
	X(R_PASS_NOT_IPV6,		"pass-not-ipv6")		\
	X(R_PASS_NOT_OURS,		"pass-not-ours")		\
	X(R_PASS_NOT_ICMP6,		"pass-not-icmp6")		\
	X(R_PASS_TARGET_NOT_OURS,	"pass-target-not-ours")		\
	X(R_ECHO_MCAST_IGNORED,		"echo-mcast-ignored")		\
	X(R_TARGET_NOT_ASSIGNED,	"target-not-assigned")		\
	X(R_BAD_HOP_LIMIT,		"bad-hop-limit")		\
	X(R_BAD_CODE,			"bad-code")			\
	X(R_BAD_LENGTH,			"bad-length")			\
	X(R_BAD_CHECKSUM,		"bad-checksum")			\
	X(R_BAD_OPTION,			"bad-option")			\
	X(R_DUP_SLLA,			"dup-slla")			\
	X(R_SLLA_FROM_UNSPEC,		"slla-from-unspec")		\
	X(R_UNSPEC_NOT_SOLNODE,		"unspec-not-solnode")		\
	X(R_TARGET_MULTICAST,		"target-multicast")		\
	X(R_ND_FRAGMENT,		"nd-fragment")			\
	X(R_MCAST_SOURCE,		"mcast-source")			\
	X(R_TRUNCATED,			"truncated")			\
	X(R_EXTHDR_LIMIT,		"exthdr-limit")			\
	X(R_RATE_LIMITED,		"rate-limited")			\
	X(R_ADJUST_FAILED,		"adjust-failed")		\
	X(R_PASS_OTHER_HOST,		"pass-other-host")		\
	X(R_LOOPBACK_ADDR,		"loopback-addr")		\
	X(R_V4MAPPED_SOURCE,		"v4mapped-source")		\
	X(R_MCAST_DST_SCOPE,		"mcast-dst-scope")		\
	X(R_DST_NOT_ASSIGNED,		"dst-not-assigned")		\
	X(R_OWN_SOURCE,			"own-source")			\
	X(R_ECHO_OVER_PMTU,		"echo-over-pmtu")		\
	X(R_BAD_SRC_MAC,		"bad-src-mac")			\
	X(R_ECHO_IGNORED,		"echo-ignored")			\
	X(R_TO_KERNEL,			"to-kernel")			\
	X(R_SRC_RATE_LIMITED,		"src-rate-limited")		\
	X(R_PROXY_NA_SENT,		"proxy-na-sent")		\
	X(R_PROXY_DAD_PASSED,		"proxy-dad-passed")

#define XDP6_REASON_ENUM(id, name) id,
enum xdp6_reason {
	XDP6_REASONS(XDP6_REASON_ENUM)
	R__MAX
};

/* Daemon decisions, counted in the daemon and reported by `xdp6ctl stats` after the XDP ones.
 * One block per protocol module; each module's owner appends to its own block only. */
#define XDP6_DREASONS_CORE(X)						\
	X(D_RX,				"rx")				\
	X(D_TX,				"tx")				\
	X(D_RX_MALFORMED,		"rx-malformed")			\
	X(D_RX_RING_FULL,		"rx-ring-full")			\
	X(D_TX_RING_FULL,		"xsk-tx-full")			\
	X(D_TX_TOO_BIG,			"tx-too-big")			\
	X(D_RX_UNHANDLED,		"rx-unhandled")			\
	X(D_RX_OTHER_HOST,		"rx-other-host")		\
	X(D_RX_BAD_SRC_MAC,		"rx-bad-src-mac")		\
	X(D_RX_BAD_ADDR,		"rx-bad-address")		\
	X(D_RX_OWN_SOURCE,		"rx-own-source")

#define XDP6_DREASONS_DAD(X)						\
	X(D_DAD_PROBE_SENT,		"dad-probe-sent")		\
	X(D_DAD_SUCCEEDED,		"dad-succeeded")		\
	X(D_DAD_CONFLICT_NS,		"dad-conflict-ns")		\
	X(D_DAD_CONFLICT_NA,		"dad-conflict-na")		\
	X(D_DAD_LOOPED_NONCE,		"dad-looped-nonce")		\
	X(D_DAD_INVALID,		"dad-invalid")			\
	X(D_DAD_NS_UNICAST_IGNORED,	"dad-ns-unicast-ignored")	\
	X(D_DAD_CANCELLED,		"dad-cancelled")

#define XDP6_DREASONS_MLD(X)						\
	X(D_MLD_REPORT_SENT,		"mld-report-sent")		\
	X(D_MLD_DONE_SENT,		"mld-done-sent")		\
	X(D_MLD_QUERY_RECEIVED,		"mld-query-received")		\
	X(D_MLD_INVALID,		"mld-invalid")			\
	X(D_MLD_V1_QUERY_RECEIVED,	"mld-v1-query-received")	\
	X(D_MLD_REPORT_SUPPRESSED,	"mld-report-suppressed")	\
	X(D_MLD_RESPONSE_HELD,		"mld-response-held")

#define XDP6_DREASONS_ND(X)						\
	X(D_NS_RECEIVED,		"ns-received")			\
	X(D_NA_RECEIVED,		"na-received")			\
	X(D_ND_INVALID,			"nd-invalid")			\
	X(D_RS_SENT,			"rs-sent")			\
	X(D_RA_RECEIVED,		"ra-received")			\
	X(D_RA_INVALID,			"ra-invalid")			\
	X(D_RA_IGNORED,			"ra-ignored")			\
	X(D_RA_OPT_IGNORED,		"ra-option-ignored")		\
	X(D_ROUTER_EXPIRED,		"router-expired")		\
	X(D_RDISC_TABLE_FULL,		"rdisc-table-full")		\
	X(D_NA_IGNORED,			"na-ignored")			\
	X(D_NUD_NS_SENT,		"nud-ns-sent")			\
	X(D_NUD_FAILED,			"nud-failed")			\
	X(D_NUD_EVICTED,		"neigh-evicted")		\
	X(D_NUD_TABLE_FULL,		"neigh-table-full")		\
	X(D_SLAAC_ADDR_ADDED,		"slaac-addr-added")		\
	X(D_SLAAC_PREFIX_IGNORED,	"slaac-prefix-ignored")		\
	X(D_SLAAC_DAD_RETRY,		"slaac-dad-retry")		\
	X(D_SLAAC_ADDR_EXPIRED,		"slaac-addr-expired")		\
	X(D_SLAAC_TABLE_FULL,		"slaac-table-full")		\
	X(D_TEMP_ADDR_ADDED,		"temp-addr-added")		\
	X(D_NUD_GC,			"neigh-gc")			\
	X(D_SLAAC_ADDR_REFUSED,		"slaac-addr-refused")		\
	X(D_NA_CLAIMS_OURS,		"na-claims-our-addr")

#define XDP6_DREASONS_ERR(X)						\
	X(D_ERR_SENT,			"icmp-error-sent")		\
	X(D_ERR_SUPPRESSED,		"icmp-error-suppressed")	\
	X(D_ERR_RATE_LIMITED,		"icmp-error-rate-limited")	\
	X(D_ERR_RECEIVED,		"icmp-error-received")		\
	X(D_FRAG_RECEIVED,		"frag-received")		\
	X(D_REASM_OK,			"reasm-ok")			\
	X(D_REASM_FAILED,		"reasm-failed")		\
	X(D_ERR_INVALID,		"icmp-error-invalid")		\
	X(D_REASM_TIMEOUT,		"reasm-timeout")		\
	X(D_REASM_OVERLAP,		"reasm-overlap")		\
	X(D_REASM_ND_DROPPED,		"reasm-nd-dropped")		\
	X(D_FRAG_SENT,			"frag-sent")			\
	X(D_PMTU_UPDATED,		"pmtu-updated")			\
	X(D_PMTU_EXPIRED,		"pmtu-expired")

/* Mirror mode (io/mirror_io.c): the kernel's addresses and neighbors. */
#define XDP6_DREASONS_MIRROR(X)						\
	X(D_MIRROR_ADDR_EVENT,		"mirror-addr-event")		\
	X(D_MIRROR_TABLE_FULL,		"mirror-table-full")		\
	X(D_MIRROR_RESYNC,		"mirror-resync")		\
	X(D_MIRROR_NEIGH_WRITTEN,	"mirror-neigh-written")		\
	X(D_MIRROR_NEIGH_KEPT,		"mirror-neigh-kept")		\
	X(D_MIRROR_NEIGH_FAILED,	"mirror-neigh-failed")

/* NDP proxy (io/proxy_io.c): the interface's allmulticast flag could not be read or written. */
#define XDP6_DREASONS_PROXY(X)						\
	X(D_PROXY_ALLMULTI_FAILED,	"proxy-allmulti-failed")

#define XDP6_DREASONS(X)						\
	XDP6_DREASONS_CORE(X)						\
	XDP6_DREASONS_DAD(X)						\
	XDP6_DREASONS_MLD(X)						\
	XDP6_DREASONS_ND(X)						\
	XDP6_DREASONS_ERR(X)						\
	XDP6_DREASONS_MIRROR(X)						\
	XDP6_DREASONS_PROXY(X)

enum xdp6_dreason {
	XDP6_DREASONS(XDP6_REASON_ENUM)
	D__MAX
};

_Static_assert(sizeof(struct xdp6_addr_key) == 16, "xdp6_addr_key");
_Static_assert(sizeof(struct xdp6_addr_val) == 12, "xdp6_addr_val");
_Static_assert(sizeof(struct xdp6_addr_slot) == 32, "xdp6_addr_slot");
_Static_assert(sizeof(struct xdp6_iface) == 80, "xdp6_iface");
_Static_assert(sizeof(struct xdp6_src_bucket) == 8, "xdp6_src_bucket");
_Static_assert(sizeof(struct xdp6_proxy_key) == 20, "xdp6_proxy_key");
_Static_assert(sizeof(struct xdp6_bucket) == 24, "xdp6_bucket");
_Static_assert(sizeof(struct xdp6_served_key) == 4, "xdp6_served_key");
_Static_assert(sizeof(struct xdp6_stat) == 16, "xdp6_stat");
_Static_assert(sizeof(struct xdp6_neigh) == 16, "xdp6_neigh");
_Static_assert(sizeof(struct xdp6_neigh_slot) == 40, "xdp6_neigh_slot");
_Static_assert(sizeof(struct xdp6_pmtu) == 16, "xdp6_pmtu");

#endif /* XDP6_MAPS_H */
