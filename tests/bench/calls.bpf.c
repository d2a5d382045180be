// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* What one call costs on this machine: each program makes CALLS_N calls of one kind (the map
 * types and key/value types are xdp6's own, include/xdp6_maps.h), and `none` makes none; the
 * bench's calls stage runs them with BPF_PROG_TEST_RUN and reports (program - none) / CALLS_N.
 * On a guest with return-thunk mitigations a helper or map call that the verifier does not
 * inline costs tens of ns: the floor under every fast path that must look something up. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "xdp6_maps.h"

#define CALLS_N	8
#define REP8(x)	x x x x x x x x

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, struct xdp6_addr_key);
	__type(value, struct xdp6_addr_val);
} c_hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, struct xdp6_addr_key);
	__type(value, struct xdp6_neigh);
} c_lru SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} c_array SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} c_pcpu SEC(".maps");

__u64 sink;

SEC("xdp") int none(struct xdp_md *ctx)
{
	return XDP_PASS;
}

/* key 2001:db8::N for N = 0..7: the stage inserts 2001:db8::0 into c_hash and c_lru, so the
 * _hit programs look that one up eight times and the _miss one walks absent keys */
#define KEY_INIT(k) { __builtin_memset(&k, 0, sizeof(k)); k.addr[0] = 0x20; k.addr[1] = 0x01; \
		      k.addr[2] = 0x0d; k.addr[3] = 0xb8; }

SEC("xdp") int hash_hit(struct xdp_md *ctx)
{
	struct xdp6_addr_key k;
	__u64 s = 0;

	KEY_INIT(k);
	REP8(s += bpf_map_lookup_elem(&c_hash, &k) != 0; sink = s;)
	return XDP_PASS;
}

SEC("xdp") int hash_miss(struct xdp_md *ctx)
{
	struct xdp6_addr_key k;
	__u64 s = 0;

	KEY_INIT(k);
	REP8(k.addr[15]++; s += bpf_map_lookup_elem(&c_hash, &k) != 0; sink = s;)
	return XDP_PASS;
}

SEC("xdp") int lru_hit(struct xdp_md *ctx)
{
	struct xdp6_addr_key k;
	__u64 s = 0;

	KEY_INIT(k);
	REP8(s += bpf_map_lookup_elem(&c_lru, &k) != 0; sink = s;)
	return XDP_PASS;
}

SEC("xdp") int array(struct xdp_md *ctx)
{
	__u32 k = 3;
	__u64 s = 0;

	REP8(k++; s += bpf_map_lookup_elem(&c_array, &k) != 0; sink = s;)
	return XDP_PASS;
}

SEC("xdp") int percpu_array(struct xdp_md *ctx)
{
	__u32 k = 3;
	__u64 s = 0;

	REP8(k++; s += bpf_map_lookup_elem(&c_pcpu, &k) != 0; sink = s;)
	return XDP_PASS;
}

SEC("xdp") int buff_len(struct xdp_md *ctx)
{
	__u64 s = 0;

	REP8(s += bpf_xdp_get_buff_len(ctx); sink = s;)
	return XDP_PASS;
}

SEC("xdp") int ktime(struct xdp_md *ctx)
{
	__u64 s = 0;

	REP8(s += bpf_ktime_get_ns(); sink = s;)
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
