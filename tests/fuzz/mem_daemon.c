// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Memory test (issue 9): a million distinct sources, NS targets, RA prefixes, routers, DNS
 * servers, fragments, Packet Too Big destinations and MLD queries through host_input(), in
 * process, with the fuzz fixture's invariants on (tests/fuzz/harness.h: every frame sent checked,
 * every table within its cap). After each phase: the tables' sizes against their caps and the
 * process's RSS, which must stay bounded: a phase may not grow RSS between its first tenth and
 * its end, and the whole run stays within MEM_RSS_BUDGET of the start.
 *   mem_daemon [N]     N frames per phase, default 1000000 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "reasm.h"
#include "slaac.h"

#define MEM_N_DEFAULT		1000000
#define MEM_RSS_BUDGET_KB	(64 * 1024)	/* all caps together are a few MiB */
#define MEM_RSS_SLOPE_KB	(4 * 1024)	/* growth allowed after a phase's first tenth */
#define MEM_STEP		(20 * 1000)	/* ns of fake time between frames: 50 000/s */

static const uint8_t mac[6] = FZ_MAC, peer_mac[6] = FZ_PEER_MAC, rmac[6] = FZ_ROUTER_MAC;
static const struct in6_addr a_pref = { { { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x01 } } };
static const struct in6_addr all_nodes = { { { 0xff, 0x02, [15] = 0x01 } } };
static uint8_t frame[2048];

static long rss_kb(const char *field)
{
	char line[256];
	long v = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, strlen(field)))
			v = strtol(line + strlen(field), NULL, 10);
	fclose(f);
	return v;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* An address of a /96 with i in its last 32 bits. */
static struct in6_addr addr_i(uint8_t b0, uint8_t b1, uint8_t b4, uint32_t i)
{
	struct in6_addr a = { { { b0, b1, 0x0d, 0xb8, b4 } } };

	if (b0 == 0xfe) {
		a.s6_addr[2] = a.s6_addr[3] = a.s6_addr[4] = 0;
	}
	put32(a.s6_addr + 12, i + 1);
	return a;
}

static size_t f_echo(uint32_t i)
{
	uint8_t m[16] = { ICMP6_TYPE_ECHO_REQUEST, 0, 0, 0, 0x12, 0x34 };
	struct in6_addr src = addr_i(0x20, 0x01, 0x10, i);

	put32(m + 4, i);
	return w_build_icmp6(frame, sizeof(frame), mac, peer_mac, &src, &a_pref, 64, m, sizeof(m));
}

/* NS for target (ours: from source i with its SLLA, so the neighbor cache learns i; not ours:
 * target i) */
static size_t f_ns(uint32_t i, bool target_ours)
{
	uint8_t m[32] = { ICMP6_TYPE_NEIGHBOR_SOLICIT }, dmac[6] = { 0x33, 0x33, 0xff };
	struct in6_addr src = target_ours ? addr_i(0x20, 0x01, 0x11, i) :
					    addr_i(0x20, 0x01, 0x12, 0);
	struct in6_addr t = target_ours ? a_pref : addr_i(0x20, 0x01, 0x13, i), sn;

	memcpy(m + 8, &t, 16);
	m[24] = ND6_OPT_SOURCE_LL_ADDR;
	m[25] = 1;
	memcpy(m + 26, peer_mac, 6);
	put32(m + 28, i);	/* a distinct MAC per source too */
	w_solnode(&t, &sn);
	memcpy(dmac + 3, sn.s6_addr + 13, 3);
	return w_build_icmp6(frame, sizeof(frame), dmac, peer_mac, &src, &sn, ND6_HOP_LIMIT, m,
			     sizeof(m));
}

/* RA from router (fe80::i or fe80::a) with a PIO for 2001:db8:i::/64 or an RDNSS server i. */
static size_t f_ra(uint32_t i, int what)
{
	static const uint8_t dmac[6] = { 0x33, 0x33, 0, 0, 0, 1 };
	uint8_t m[64] = { ICMP6_TYPE_ROUTER_ADVERT, 0, 0, 0, 64, 0, 0x07, 0x08 };
	struct in6_addr src = what == 1 ? addr_i(0xfe, 0x80, 0, i) : addr_i(0xfe, 0x80, 0, 9);
	size_t len = ND6_RA_MIN_LEN;

	if (what == 0) {	/* Prefix Information, L and A, 2001:db8:<i>::/64 */
		uint8_t *o = m + len;

		o[0] = ND6_OPT_PREFIX_INFO;
		o[1] = 4;
		o[2] = 64;
		o[3] = ND6_PI_FLAG_ONLINK | ND6_PI_FLAG_AUTO;
		put32(o + 4, 3600);
		put32(o + 8, 1800);
		o[16] = 0x20;
		o[17] = 0x01;
		o[18] = 0x0d;
		o[19] = 0xb8;
		put32(o + 20, i + 1);
		len += 32;
	} else {		/* RDNSS with server 2001:db8:14::<i> */
		uint8_t *o = m + len;
		struct in6_addr s = addr_i(0x20, 0x01, 0x14, i);

		o[0] = ND6_OPT_RDNSS;
		o[1] = 3;
		put32(o + 4, 600);
		memcpy(o + 8, &s, 16);
		len += 24;
	}
	return w_build_icmp6(frame, sizeof(frame), dmac, rmac, &src, &all_nodes, ND6_HOP_LIMIT, m,
			     len);
}

/* First fragment (M=1) of a datagram from source i, id i. */
static size_t f_frag(uint32_t i)
{
	struct in6_addr src = addr_i(0x20, 0x01, 0x15, i % 4096);
	uint8_t *ip = frame + ETH6_HLEN, *fh = ip + IP6_HLEN;
	size_t dlen = 64;

	memcpy(frame, mac, 6);
	memcpy(frame + 6, peer_mac, 6);
	frame[12] = ETH6_P_IPV6 >> 8;
	frame[13] = ETH6_P_IPV6 & 0xff;
	memset(ip, 0, IP6_HLEN);
	ip[0] = IP6_VERSION << 4;
	ip[5] = (uint8_t)(W_FRAG_HLEN + dlen);
	ip[6] = IP6_NH_FRAGMENT;
	ip[7] = 64;
	memcpy(ip + 8, &src, 16);
	memcpy(ip + 24, &a_pref, 16);
	fh[0] = IP6_NH_ICMPV6;
	fh[1] = 0;
	fh[2] = 0;
	fh[3] = IP6_FRAG_MF;
	put32(fh + 4, i);
	memset(fh + W_FRAG_HLEN, 0, dlen);
	fh[W_FRAG_HLEN] = ICMP6_TYPE_ECHO_REQUEST;
	return ETH6_HLEN + IP6_HLEN + W_FRAG_HLEN + dlen;
}

/* Fragments of 1448 octets filling 64 datagrams (ids i % 64, 45 offsets each up to 65160):
 * the reassembly byte cap rather than the datagram cap. */
static size_t f_frag_fill(uint32_t i)
{
	size_t len = f_frag(i % 64), dlen = 1448, off = (i / 64) % 45 * dlen;
	uint8_t *ip = frame + ETH6_HLEN, *fh = ip + IP6_HLEN;

	put32(fh + 4, 0x10000 + i % 64);

	ip[4] = (uint8_t)((W_FRAG_HLEN + dlen) >> 8);
	ip[5] = (uint8_t)(W_FRAG_HLEN + dlen);
	fh[2] = (uint8_t)(off >> 8);
	fh[3] = (uint8_t)((off & IP6_FRAG_OFF_MASK) | IP6_FRAG_MF);
	memset(fh + W_FRAG_HLEN, 0x5a, dlen);
	if (!off)
		fh[W_FRAG_HLEN] = ICMP6_TYPE_ECHO_REQUEST;
	return len - 64 + dlen;
}

/* Packet Too Big (MTU 1300) quoting a packet of ours to destination i. */
static size_t f_ptb(uint32_t i)
{
	uint8_t m[8 + IP6_HLEN + 8] = { ICMP6_TYPE_PACKET_TOO_BIG };
	struct in6_addr d = addr_i(0x20, 0x01, 0x16, i), src = addr_i(0x20, 0x01, 0x17, 0);

	put32(m + 4, 1300);
	m[8] = IP6_VERSION << 4;
	m[8 + 5] = 8;
	m[8 + 6] = IP6_NH_ICMPV6;
	m[8 + 7] = 64;
	memcpy(m + 8 + 8, &a_pref, 16);
	memcpy(m + 8 + 24, &d, 16);
	m[8 + IP6_HLEN] = ICMP6_TYPE_ECHO_REPLY;
	return w_build_icmp6(frame, sizeof(frame), mac, peer_mac, &src, &a_pref, 64, m, sizeof(m));
}

/* MLDv2 query for group ff05::i (not one of ours) from fe80::a, with Router Alert. */
static size_t f_mld(uint32_t i)
{
	static const uint8_t hbh[8] = { IP6_NH_ICMPV6, 0, IP6_OPT_ROUTER_ALERT, 2, 0, 0,
					IP6_OPT_PADN, 0 };
	uint8_t q[MLD6_V2_QUERY_MIN_LEN] = { MLD6_TYPE_QUERY, 0, 0, 0, 0x03, 0xe8 };
	struct in6_addr g = { { { 0xff, 0x05 } } }, src = addr_i(0xfe, 0x80, 0, 9);
	uint8_t *ip = frame + ETH6_HLEN;

	put32(g.s6_addr + 12, i + 1);
	memcpy(q + 8, &g, 16);
	memcpy(frame, (uint8_t[6]){ 0x33, 0x33, 0, 0, 0, 1 }, 6);
	memcpy(frame + 6, rmac, 6);
	frame[12] = ETH6_P_IPV6 >> 8;
	frame[13] = ETH6_P_IPV6 & 0xff;
	memset(ip, 0, IP6_HLEN);
	ip[0] = IP6_VERSION << 4;
	ip[5] = sizeof(hbh) + sizeof(q);
	ip[6] = IP6_NH_HOPOPTS;
	ip[7] = MLD6_HOP_LIMIT;
	memcpy(ip + 8, &src, 16);
	memcpy(ip + 24, &all_nodes, 16);
	memcpy(ip + IP6_HLEN, hbh, sizeof(hbh));
	memcpy(ip + IP6_HLEN + sizeof(hbh), q, sizeof(q));
	w_csum_fix(&src, &all_nodes, IP6_NH_ICMPV6, ip + IP6_HLEN + sizeof(hbh), sizeof(q));
	return ETH6_HLEN + IP6_HLEN + sizeof(hbh) + sizeof(q);
}

enum phase { P_ECHO, P_NS_SRC, P_NS_TGT, P_PREFIX, P_ROUTER, P_DNS, P_FRAG, P_FRAG_FILL, P_PTB,
	     P_MLD, P__N };
static const char *const phase_name[P__N] = {
	"Echo Requests from distinct sources", "NS from distinct sources",
	"NS for distinct targets", "RA prefixes", "routers", "RDNSS servers",
	"first fragments (distinct ids)", "fragments filling datagrams",
	"Packet Too Big destinations", "MLD queries",
};

static size_t build(enum phase p, uint32_t i)
{
	switch (p) {
	case P_ECHO:	return f_echo(i);
	case P_NS_SRC:	return f_ns(i, true);
	case P_NS_TGT:	return f_ns(i, false);
	case P_PREFIX:	return f_ra(i, 0);
	case P_ROUTER:	return f_ra(i, 1);
	case P_DNS:	return f_ra(i, 2);
	case P_FRAG:	return f_frag(i);
	case P_FRAG_FILL: return f_frag_fill(i);
	case P_PTB:	return f_ptb(i);
	default:	return f_mld(i);
	}
}

static double secs(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	uint32_t n = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : MEM_N_DEFAULT;
	long rss0, worst = 0;
	struct reasm_usage ru;
	struct fz z;
	int p;

	fz_fail_prefix = "memory test";
	fz_init(&z, 0, 0);
	rss0 = rss_kb("VmRSS:");
	for (p = 0; p < P__N; p++) {
		long tenth = 0, end;
		double t0 = secs();
		uint32_t i;

		/* a minute between floods: what one left in reassembly has timed out */
		fz_advance(&z, z.now + 61 * XDP6_NS_PER_SEC, true);
		for (i = 0; i < n; i++) {
			size_t len = build((enum phase)p, i);

			fz_input(&z, frame, len);
			fz_advance(&z, z.now + MEM_STEP, true);
			if (i + 1 == n / 10)
				tenth = rss_kb("VmRSS:");
			if ((i + 1) % (n / 10 ? n / 10 : 1) == 0)
				fz_check(&z);
		}
		fz_check(&z);
		end = rss_kb("VmRSS:");
		if (end > worst)
			worst = end;
		host_reasm_usage(z.h, &ru);
		printf("%s %u %s: %.1f s; neighbors %zu/%d, routers %zu/%d, prefixes %zu/%d, "
		       "dns %zu, addresses %zu, groups %zu, pmtu %zu, reassembly %u datagrams "
		       "%zu bytes; RSS %ld KiB (start %ld)\n",
		       end - tenth > MEM_RSS_SLOPE_KB ? "FAIL" : "PASS", n, phase_name[p],
		       secs() - t0, host_neighbors(z.h, z.now, NULL, 0), NUD_DEFAULT_MAX_ENTRIES,
		       host_routers(z.h, z.now, NULL, 0), RDISC_DEFAULT_MAX_ROUTERS,
		       host_prefixes(z.h, z.now, NULL, 0), RDISC_DEFAULT_MAX_PREFIXES,
		       host_dns(z.h, z.now, NULL, 0), host_addrs(z.h, NULL, 0),
		       host_groups(z.h, NULL, 0), host_pmtu(z.h, z.now, NULL, 0), ru.datagrams,
		       ru.bytes, end, rss0);
		if (end - tenth > MEM_RSS_SLOPE_KB)
			printf("    RSS grew by %ld KiB after the first tenth of the phase\n",
			       end - tenth);
		fflush(stdout);
	}
	printf("%s memory: RSS at most %ld KiB, %ld KiB over the start (budget %d); "
	       "%llu frames in, %llu out\n", worst - rss0 > MEM_RSS_BUDGET_KB ? "FAIL" : "PASS",
	       worst, worst - rss0, MEM_RSS_BUDGET_KB,
	       (unsigned long long)z.rx_frames, (unsigned long long)z.tx_frames);
	fz_fini(&z);
	return 0;
}
