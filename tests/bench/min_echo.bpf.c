// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Bench reference DUTs. bench_min_echo is the minimal program: the least an XDP responder can do,
 * swap the Ethernet and IPv6 (RFC 8200 §3) source and destination and return XDP_TX, with no
 * lookup, no validation and no checksum work (the swap leaves the pseudo-header sum unchanged).
 * bench_pass sits on the DUT veth when the Linux kernel answers, so that path also starts in
 * veth's XDP. bench_drop drops everything: the DUT that isolates the generator's own rate.
 * bench_floor and bench_rfcfloor are the two floors under xdp6: the calls every responder pays,
 * and on top of them the work the RFCs require of every responder. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "xdp6_wire.h"
#include "xdp6_maps.h"
#include "csum.bpf.h"		/* bpf/: the checksum xdp6 itself runs */

/* bench_floor's owned addresses: the type of xdp6's addrs map (include/xdp6_maps.h) */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct xdp6_addr_key);
	__type(value, struct xdp6_addr_val);
} floor_addrs SEC(".maps");

__u64 floor_hits;	/* frames whose destination floor_addrs holds: the lookup really ran */

/* The minimal program's whole work: MACs and IPv6 addresses swapped. */
static __always_inline void swap(struct eth6_hdr *eth, struct ip6_hdr *ip6)
{
	__u8 mac[ETH6_ALEN], addr[16];

	__builtin_memcpy(mac, eth->dst, ETH6_ALEN);
	__builtin_memcpy(eth->dst, eth->src, ETH6_ALEN);
	__builtin_memcpy(eth->src, mac, ETH6_ALEN);
	__builtin_memcpy(addr, ip6->daddr, 16);
	__builtin_memcpy(ip6->daddr, ip6->saddr, 16);
	__builtin_memcpy(ip6->saddr, addr, 16);
}

SEC("xdp")
int bench_min_echo(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct eth6_hdr *eth = data;
	struct ip6_hdr *ip6 = data + ETH6_HLEN;

	if ((void *)(ip6 + 1) > data_end)
		return XDP_PASS;
	swap(eth, ip6);
	return XDP_TX;
}

/* The lookups in their cheapest form, the one xdp6 uses since issue 15's fifth pass (its
 * addrcache and neighcache, include/xdp6_maps.h): a per-CPU slot, picked by a hash of the
 * address, that remembers a hit of the map for the current generation; the hash lookup only
 * when the slot holds another address or an older generation. Nothing writes floor_addrs or
 * rfcfloor_neigh during a measured run (a new sender's record is the exception, stepping the
 * generation, as xdp6 does), so every lookup after the first is a slot hit; the slot's cost (a multiply-hash, two inlined array lookups, four compares) is
 * what each lookup costs in the measured runs. Left out of xdp6's version: the odd/even
 * sequence word against interrupted fills, and the ownbits filter for misses (no miss here). */
struct rf_slot {
	__u64 gen;
	__u64 addr[2];
	__u64 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, struct rf_slot);
} rf_addr_slots SEC(".maps"), rf_neigh_slots SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} rf_gen SEC(".maps");	/* stepped after a write of a looked-up map: never in a measured run */

/* After a write of a looked-up map (never during a measured run): every slot is stale. */
static __always_inline void rf_step(void)
{
	__u32 zero = 0;
	__u64 *g = bpf_map_lookup_elem(&rf_gen, &zero);

	if (g)
		__sync_fetch_and_add(g, 1);
}

/* 1 when map (keyed by 16 address bytes) holds the address w0:w1, through slots. */
static __always_inline int rf_has(void *map, void *slots, __u64 w0, __u64 w1)
{
	__u32 slot = xdp6_ownbits_bit(w0, w1) & 255, zero = 0;
	union {
		struct xdp6_addr_key k;
		__u64 w[2];
	} key = { .w = { w0, w1 } };
	struct rf_slot *s = bpf_map_lookup_elem(slots, &slot);
	__u64 *g = bpf_map_lookup_elem(&rf_gen, &zero), gen;

	if (!s || !g)
		return 0;
	gen = *g + 1;		/* a slot's gen is never 0: an empty slot never hits */
	if (s->gen == gen && s->addr[0] == w0 && s->addr[1] == w1)
		return 1;
	if (!bpf_map_lookup_elem(map, &key.k))
		return 0;
	s->gen = gen;
	s->addr[0] = w0;
	s->addr[1] = w1;
	return 1;
}

/* The floor: the minimal program plus what every responder that is right on this rig pays
 * per frame, whatever else it checks: the frame's length (bpf_xdp_get_buff_len, a call: a
 * multi-buffer frame's first buffer is not all of it) and one lookup of the address it answers
 * for (the IPv6 destination), in its cheapest form (rf_has: a per-CPU slot; until issue 15's
 * fifth pass a hash lookup, a second call). Its rate against the minimal program's is the most
 * any correct xdp6 could reach here. */
SEC("xdp")
int bench_floor(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct eth6_hdr *eth = data;
	struct ip6_hdr *ip6 = data + ETH6_HLEN;

	if ((void *)(ip6 + 1) > data_end)
		return XDP_PASS;
	if (bpf_xdp_get_buff_len(ctx) < ETH6_HLEN + IP6_HLEN)
		return XDP_PASS;
	if (rf_has(&floor_addrs, &rf_addr_slots, ((const __u64 *)ip6->daddr)[0],
		   ((const __u64 *)ip6->daddr)[1]))
		floor_hits++;	/* one DUT CPU: no lock prefix (xdp6 counts per CPU) */
	swap(eth, ip6);
	return XDP_TX;
}

/* ---- bench_rfcfloor: the required-work floor ----
 * The least work any correct Echo and NS responder must do per message, each step in its
 * cheapest form and nothing else: bench_floor's calls, plus verifying the ICMPv6 checksum over
 * the pseudo-header and the whole message (RFC 4443 §2.3, RFC 4861 §7.1.1), the destination's
 * lookup for an Echo, for an NS the target's (§7.2.3: is it ours?) and the neighbor-cache
 * record of the sender's (§7.2.3; a hit, as xdp6's for a busy neighbor, which then writes
 * nothing; a new sender is written, off the measured path), each through a per-CPU slot (rf_has
 * below), and the reply:
 * an Echo Reply by swap and an RFC 1624 update of the checksum (the swap keeps the
 * pseudo-header sum), an NA + TLLA (§7.2.4) built over the NS + SLLA in place (same length)
 * with its checksum computed from scratch. Left out, as beyond "required work": every other
 * §7.1.1 validity check (hop limit, code, options, source/destination rules), the MAC compare
 * before a neighbor write, rate limits, statistics per reason. Its rate against the minimal
 * program's is the most xdp6/minimal can be with the checks the RFCs require. */

/* The sender's record, shaped like xdp6's neigh map (include/xdp6_maps.h); tput.c pre-fills the
 * generator's source so the lookup hits. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, XDP6_NEIGH_MAX);
	__type(key, struct xdp6_addr_key);
	__type(value, struct xdp6_neigh);
} rfcfloor_neigh SEC(".maps");

__u8 rfcfloor_mac[ETH6_ALEN];	/* our MAC: source of the NAs and their TLLA (set by tput.c) */
__u64 rfcfloor_hits;		/* replies sent (XDP_TX): the run took the answering paths */
__u64 rfcfloor_neigh_writes;	/* neighbor records written: 0 when the lookups hit */

/* Longest message summed here: xdp6's inline checksum (bpf/csum.bpf.h csum_linear_short, the
 * one xdp6 runs on every Echo Request of a usual size and every NS) takes fewer than
 * XDP6_CSUM_CHUNK bytes; longer ones go to XDP_PASS, which is not the measured case. */
#define RF_NS_NA_LEN	(ND6_NS_MIN_LEN + ND6_OPT_UNIT)	/* NS + SLLA, NA + TLLA: 32 */

SEC("xdp")
int bench_rfcfloor(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct eth6_hdr *eth = data;
	struct ip6_hdr *ip6 = data + ETH6_HLEN;
	struct nd6_ns *ns = data + ETH6_HLEN + IP6_HLEN;	/* also the Echo's ICMPv6 header */
	struct nd6_opt_lladdr *opt = (void *)(ns + 1);
	union {
		struct xdp6_addr_key k;
		__u64 w[2];
	} key;
	__u32 len, *w, w0, wf, o0, o1;
	__u16 old;
	__u64 acc, s0, s1, t0, t1;
	__u16 new_w;
	__s64 sum;

	if ((void *)(ns + 1) > end)	/* 24 bytes of ICMPv6: an NS, or Echo and 16 more */
		return XDP_PASS;
	if (eth->proto != bpf_htons(ETH6_P_IPV6) || ip6->nexthdr != IP6_NH_ICMPV6)
		return XDP_PASS;
	len = bpf_ntohs(ip6->payload_len);
	if (len >= XDP6_CSUM_CHUNK)
		return XDP_PASS;
	if (bpf_xdp_get_buff_len(ctx) < ETH6_HLEN + IP6_HLEN + len)
		return XDP_DROP;			/* truncated */
	if (ns->type != ICMP6_TYPE_ECHO_REQUEST && ns->type != ICMP6_TYPE_NEIGHBOR_SOLICIT)
		return XDP_PASS;
	/* RFC 4443 §2.3: pseudo-header + message, checksum included, sums to 0xffff; summed as
	 * xdp6 sums it, in place, 64 bytes per bounds check */
	sum = csum_pseudo(ctx, ETH6_HLEN, len, IP6_NH_ICMPV6);
	if (sum >= 0)
		sum = csum_linear_short(ctx, ETH6_HLEN + IP6_HLEN, len, (__u32)sum);
	if (sum < 0)
		return XDP_PASS;			/* in the fragments: not summed here */
	if (csum_fold32((__u32)sum) != 0xffff)
		return XDP_DROP;

	if (ns->type == ICMP6_TYPE_ECHO_REQUEST) {	/* RFC 4443 §4.2 */
		if (!rf_has(&floor_addrs, &rf_addr_slots, ((const __u64 *)ip6->daddr)[0],
			    ((const __u64 *)ip6->daddr)[1]))
			return XDP_PASS;
		swap(eth, ip6);
		/* RFC 1624 on the word holding type and code (include/xdp6_csum.h, as xdp6's Echo);
		 * the new word written once, never read back */
		old = *(__u16 *)(void *)ns;
		new_w = bpf_htons(ICMP6_TYPE_ECHO_REPLY << 8);
		*(__u16 *)(void *)ns = new_w;
		ns->cksum = csum_replace16(ns->cksum, old, new_w);
		rfcfloor_hits++;
		return XDP_TX;
	}

	/* RFC 4861 §7.1.1 length; an NS without exactly one 8-byte option would need the frame
	 * resized for the NA's TLLA: not the measured case */
	if (len != RF_NS_NA_LEN || (void *)(opt + 1) > end)
		return XDP_PASS;
	/* source and target as 64-bit words (the frame side unaligned, as xdp6 reads them) */
	s0 = ((const __u64 *)ip6->saddr)[0];
	s1 = ((const __u64 *)ip6->saddr)[1];
	t0 = ((const __u64 *)ns->target)[0];
	t1 = ((const __u64 *)ns->target)[1];
	if (!rf_has(&floor_addrs, &rf_addr_slots, t0, t1))	/* §7.2.3: a target of ours */
		return XDP_PASS;
	key.w[0] = s0;
	key.w[1] = s1;
	if (!rf_has(&rfcfloor_neigh, &rf_neigh_slots, s0, s1)) {	/* §7.2.3: the sender's record */
		struct xdp6_neigh rec = { .seen_ns = bpf_ktime_get_ns() };

		/* a new sender (never in the bench: tput.c pre-fills it, as a busy neighbor) */
		__builtin_memcpy(rec.mac, opt->addr, ETH6_ALEN);
		bpf_map_update_elem(&rfcfloor_neigh, &key.k, &rec, BPF_ANY);
		rfcfloor_neigh_writes++;
		rf_step();	/* an LRU write may evict any record a slot remembers */
	}

	/* §7.2.4: NA + TLLA to the NS's source, from the target, in place: words built in
	 * registers, each stored once, the checksum summed from them (nothing just written is
	 * read back); the target stays where the NS had it */
	__builtin_memcpy(eth->dst, eth->src, ETH6_ALEN);
	__builtin_memcpy(eth->src, rfcfloor_mac, ETH6_ALEN);
	((__u64 *)ip6->daddr)[0] = s0;
	((__u64 *)ip6->daddr)[1] = s1;
	((__u64 *)ip6->saddr)[0] = t0;
	((__u64 *)ip6->saddr)[1] = t1;
	w0 = bpf_htonl(ICMP6_TYPE_NEIGHBOR_ADVERT << 24);
	wf = bpf_htonl(ND6_NA_FLAG_SOLICITED | ND6_NA_FLAG_OVERRIDE);
	o0 = bpf_htonl((ND6_OPT_TARGET_LL_ADDR << 24) | (1 << 16) | ((__u32)rfcfloor_mac[0] << 8) |
		       rfcfloor_mac[1]);
	o1 = bpf_htonl(((__u32)rfcfloor_mac[2] << 24) | ((__u32)rfcfloor_mac[3] << 16) |
		       ((__u32)rfcfloor_mac[4] << 8) | rfcfloor_mac[5]);
	w = (__u32 *)ns;
	w[0] = w0;
	w[1] = wf;
	w[6] = o0;
	w[7] = o1;
	/* pseudo-header (source = target, destination = the NS's source, length, 58) and the
	 * NA's 8 words; the target counted twice */
	acc = (s0 & 0xffffffff) + (s0 >> 32) + (s1 & 0xffffffff) + (s1 >> 32) +
	      2 * ((t0 & 0xffffffff) + (t0 >> 32) + (t1 & 0xffffffff) + (t1 >> 32)) +
	      bpf_htonl(RF_NS_NA_LEN) + bpf_htonl(IP6_NH_ICMPV6) + w0 + (__u64)wf + o0 + (__u64)o1;
	ns->cksum = ~csum_fold32(csum_fold64(acc));
	rfcfloor_hits++;
	return XDP_TX;
}

SEC("xdp")
int bench_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp")
int bench_drop(struct xdp_md *ctx)
{
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
