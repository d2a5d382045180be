// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* xdp6d's options: THE one table. Each row is at once a command-line option (--name, -x), a
 * key of /etc/xdp6/xdp6d.conf (xdp6d.conf(5)), a --help entry, and what tests/unit/docs_opts.sh
 * holds the man pages and README against; reload (io/reload.c) reads the same rows.
 *
 * To add an option:
 *   1. a field in struct xdp6d_opts (io/daemon.h), its default in opts_defaults() below;
 *   2. a setter `static int set_NAME(struct xdp6d_opts *o, const char *v, char *why, size_t
 *      len)` that parses v (a flag gets "yes" or "no": use set_bool) and returns -EINVAL on a
 *      bad value (why may say more than the row's `expect`);
 *   3. one row in opts[] where --help should list it: name, short letter or 0, OPT_FLAG /
 *      OPT_VALUE / OPT_LIST, flags (OPT_RUNTIME only if config_reload() applies it; else a
 *      change is reported as taking effect after a restart), metavar, expected form, section
 *      heading or NULL, help text;
 *   4. document it in user/man/xdp6d.8 and user/man/xdp6d.conf.5 and README's option table:
 *      tests/unit/docs_opts.sh fails until all of them list it.
 * The table order is the --help order. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "config.h"
#include "parse.h"
#include "log.h"
#include "addr.h"
#include "proxy.h"
#include "xdp6_wire.h"

/* XDP6_SRC_MAX_LIMIT spelled as a number, for the help text */
#define XDP6_SRC_MAX_LIMIT_N	4194304
_Static_assert(XDP6_SRC_MAX_LIMIT_N == XDP6_SRC_MAX_LIMIT, "XDP6_SRC_MAX_LIMIT_N");
/* libxdp's default run priority, spelled as a number for the help text */
#define XDP6D_DEFAULT_PRIORITY	50
_Static_assert(XDP6D_DEFAULT_PRIORITY == XDP_DEFAULT_RUN_PRIO, "XDP6D_DEFAULT_PRIORITY");

#define STR_(x)	#x
#define STR(x)	STR_(x)

static int set_bool(const char *v, bool *out)
{
	if (!strcmp(v, "yes"))
		*out = true;
	else if (!strcmp(v, "no"))
		*out = false;
	else
		return -EINVAL;
	return 0;
}

/* A flag that clears a host_cfg bool: --no-dad, --no-link-local, ... */
static int set_not(const char *v, bool *field)
{
	bool b;

	if (set_bool(v, &b))
		return -EINVAL;
	*field = !b;
	return 0;
}

static int set_u32(const char *v, uint32_t min, uint32_t max, uint32_t *out)
{
	return parse_u32(v, min, max, out);
}

static int set_interface(struct xdp6d_opts *o, const char *v, char *why, size_t len)
{
	char **p;
	unsigned i;

	if (!v) {
		for (i = 0; i < o->nifnames; i++)
			free(o->ifnames[i]);
		free(o->ifnames);
		o->ifnames = NULL;
		o->nifnames = 0;
		return 0;
	}
	if (!*v || strlen(v) >= IF_NAMESIZE || strchr(v, '/') || strchr(v, ' '))
		return -EINVAL;
	for (i = 0; i < o->nifnames; i++)
		if (!strcmp(o->ifnames[i], v)) {
			snprintf(why, len, "interface '%s' given twice", v);
			return -EINVAL;
		}
	p = realloc(o->ifnames, (o->nifnames + 1) * sizeof(*p));
	if (!p)
		return -ENOMEM;
	o->ifnames = p;
	p[o->nifnames] = strdup(v);
	if (!p[o->nifnames])
		return -ENOMEM;
	o->nifnames++;
	return 0;
}

static int set_addr(struct xdp6d_opts *o, const char *v, char *why, size_t len)
{
	struct xdp6d_addr *p;
	struct in6_addr a;
	uint8_t plen;
	unsigned i;

	if (!v) {
		free(o->addrs);
		o->addrs = NULL;
		o->naddrs = 0;
		return 0;
	}
	if (parse_addr_plen(v, &a, &plen, XDP6D_DEFAULT_PLEN))
		return -EINVAL;
	if (addr_check(&a, plen)) {
		snprintf(why, len, "'%s' cannot be an address of ours (multicast, unspecified or "
			 "loopback)", v);
		return -EINVAL;
	}
	for (i = 0; i < o->naddrs; i++)
		if (!memcmp(&o->addrs[i].a, &a, sizeof(a))) {
			snprintf(why, len, "address '%s' given twice", v);
			return -EINVAL;
		}
	p = realloc(o->addrs, (o->naddrs + 1) * sizeof(*p));
	if (!p)
		return -ENOMEM;
	o->addrs = p;
	o->addrs[o->naddrs].a = a;
	o->addrs[o->naddrs].plen = plen;
	o->naddrs++;
	return 0;
}

/* proxy = PREFIX/LEN: the length is required (a bare address would silently be a /128) */
static int set_proxy(struct xdp6d_opts *o, const char *v, char *why, size_t len)
{
	struct xdp6d_proxy *p;
	struct in6_addr pfx;
	uint8_t plen;
	unsigned i;

	if (!v) {
		free(o->proxies);
		o->proxies = NULL;
		o->nproxies = 0;
		return 0;
	}
	if (!strchr(v, '/') || parse_addr_plen(v, &pfx, &plen, 128))
		return -EINVAL;
	if (proxy_check(&pfx, plen)) {
		snprintf(why, len, "'%s' cannot be proxied (host bits set, multicast, link-local, "
			 ":: or ::1)", v);
		return -EINVAL;
	}
	for (i = 0; i < o->nproxies; i++)
		if (o->proxies[i].plen == plen &&
		    !memcmp(&o->proxies[i].prefix, &pfx, sizeof(pfx))) {
			snprintf(why, len, "proxy '%s' given twice", v);
			return -EINVAL;
		}
	if (o->nproxies >= PROXY_MAX) {
		snprintf(why, len, "more than %u proxy prefixes", PROXY_MAX);
		return -EINVAL;
	}
	p = realloc(o->proxies, (o->nproxies + 1) * sizeof(*p));
	if (!p)
		return -ENOMEM;
	o->proxies = p;
	p[o->nproxies].prefix = pfx;
	p[o->nproxies].plen = plen;
	o->nproxies++;
	return 0;
}

static int set_mode(struct xdp6d_opts *o, const char *v, char *why, size_t len)
{
	if (!strcmp(v, "native"))
		o->mode = XDP_MODE_NATIVE;
	else if (!strcmp(v, "skb"))
		o->mode = XDP_MODE_SKB;
	else
		return -EINVAL;
	return 0;
}

static int set_echo_rate(struct xdp6d_opts *o, const char *v, char *why, size_t len)
{
	return parse_rate(v, &o->cfg.echo_rate, &o->cfg.echo_burst);
}

static int set_na_rate(struct xdp6d_opts *o, const char *v, char *why, size_t len)
{
	return parse_rate(v, &o->cfg.na_rate, &o->cfg.na_burst);
}

static int set_err_rate(struct xdp6d_opts *o, const char *v, char *why, size_t len)
{
	return parse_rate(v, &o->cfg.err_rate, &o->cfg.err_burst);
}

static int set_no_dad(struct xdp6d_opts *o, const char *v, char *why, size_t len)
{
	return set_not(v, &o->cfg.dad);
}

static int set_dad_transmits(struct xdp6d_opts *o, const char *v, char *why, size_t len)
{
	uint32_t n;

	if (set_u32(v, 0, XDP6D_DAD_TRANSMITS_MAX, &n))
		return -EINVAL;
	o->cfg.dad_transmits = n;
	return 0;
}

static int set_no_link_local(struct xdp6d_opts *o, const char *v, char *why, size_t len)
{
	return set_not(v, &o->cfg.link_local);
}

static int set_stable_privacy(struct xdp6d_opts *o, const char *v, char *why, size_t len)
{
	size_t n = strlen(v);

	if (!n || n > sizeof(o->cfg.secret))
		return -EINVAL;
	o->cfg.stable_privacy = true;
	o->cfg.secret_len = n;
	memset(o->cfg.secret, 0, sizeof(o->cfg.secret));
	memcpy(o->cfg.secret, v, n);
	return 0;
}

static int set_max_addrs(struct xdp6d_opts *o, const char *v, char *why, size_t len)
{
	return set_u32(v, 1, XDP6D_MAX_ADDRS_LIMIT, &o->max_addrs);
}

static int set_accept_ra(struct xdp6d_opts *o, const char *v, char *why, size_t len)
{
	return set_bool(v, &o->cfg.accept_ra);
}

static int set_no_slaac(struct xdp6d_opts *o, const char *v, char *why, size_t len)
{
	return set_not(v, &o->cfg.slaac);
}

static int set_temporary(struct xdp6d_opts *o, const char *v, char *why, size_t len)
{
	return set_bool(v, &o->cfg.temporary);
}

static int set_no_echo_mcast(struct xdp6d_opts *o, const char *v, char *why, size_t len)
{
	return set_not(v, &o->cfg.echo_mcast);
}

static int set_router(struct xdp6d_opts *o, const char *v, char *why, size_t len)
{
	return set_bool(v, &o->cfg.router);
}

static int set_hop_limit(struct xdp6d_opts *o, const char *v, char *why, size_t len)
{
	uint32_t n;

	if (set_u32(v, 1, XDP6D_HOP_LIMIT_MAX, &n))
		return -EINVAL;
	o->cfg.echo_hop_limit = (uint8_t)n;
	return 0;
}

static int set_unserved(struct xdp6d_opts *o, const char *v, char *why, size_t len)
{
	if (!strcmp(v, "pass"))
		o->cfg.unserved_reject = false;
	else if (!strcmp(v, "reject"))
		o->cfg.unserved_reject = true;
	else
		return -EINVAL;
	return 0;
}

static int set_reasm_timeout(struct xdp6d_opts *o, const char *v, char *why, size_t len)
{
	uint32_t n;

	if (set_u32(v, 1, XDP6D_REASM_TIMEOUT_MAX, &n))
		return -EINVAL;
	o->cfg.reasm_timeout = (xdp6_ns)n * XDP6_NS_PER_SEC;
	return 0;
}

static int set_reasm_max(struct xdp6d_opts *o, const char *v, char *why, size_t len)
{
	uint32_t n;

	if (set_u32(v, 1, XDP6D_REASM_MAX_LIMIT, &n))
		return -EINVAL;
	o->cfg.reasm_max_datagrams = n;
	return 0;
}

static int set_src_rate(struct xdp6d_opts *o, const char *v, char *why, size_t len)
{
	/* 1e9 at most: one reply per ns, the GCRA interval's unit */
	if (parse_rate(v, &o->cfg.src_rate, &o->cfg.src_burst) ||
	    o->cfg.src_rate > XDP6_NS_PER_SEC)
		return -EINVAL;
	return 0;
}

static int set_rate_key_len(struct xdp6d_opts *o, const char *v, char *why, size_t len)
{
	uint32_t n;

	if (set_u32(v, 1, 128, &n))
		return -EINVAL;
	o->cfg.src_key_len = (uint8_t)n;
	return 0;
}

static int set_src_max(struct xdp6d_opts *o, const char *v, char *why, size_t len)
{
	return set_u32(v, 1, XDP6_SRC_MAX_LIMIT, &o->src_max);
}

static int set_mirror(struct xdp6d_opts *o, const char *v, char *why, size_t len)
{
	return set_bool(v, &o->mirror);
}

static int set_priority(struct xdp6d_opts *o, const char *v, char *why, size_t len)
{
	return set_u32(v, 0, XDP6D_PRIORITY_MAX, &o->priority);
}

static int set_allow_unsafe_xdp_tx(struct xdp6d_opts *o, const char *v, char *why, size_t len)
{
	return set_bool(v, &o->allow_unsafe_xdp_tx);
}

/* Read by xdp6d.c before the file is applied (conf_get(cli, "config")). */
static int set_config(struct xdp6d_opts *o, const char *v, char *why, size_t len)
{
	return 0;
}

static int set_verbose(struct xdp6d_opts *o, const char *v, char *why, size_t len)
{
	o->verbose++;
	return 0;
}

static int set_check(struct xdp6d_opts *o, const char *v, char *why, size_t len)
{
	o->check = true;
	return 0;
}

static int set_quiet(struct xdp6d_opts *o, const char *v, char *why, size_t len)
{
	o->quiet++;
	return 0;
}

static int set_log_level(struct xdp6d_opts *o, const char *v, char *why, size_t len)
{
	return xlog_level_parse(v, &o->log_level);
}

static int set_help(struct xdp6d_opts *o, const char *v, char *why, size_t len)
{
	o->help = true;
	return 0;
}

#define RATE	"PPS[:BURST]"
#define RATE_EXPECT "PPS[:BURST], BURST at least 1"

static const struct opt_def opts[] = {
	{ "interface", 'i', OPT_LIST, OPT_POSITIONAL, "IFACE",
	  "an interface name", "Interfaces:",
	  "Serve this Ethernet interface. Repeatable; operands are\n"
	  "interfaces too. Fixed while xdp6d runs (reload reports a change).", set_interface },
	{ "addr", 'a', OPT_LIST, OPT_RUNTIME, "ADDR[/PLEN]",
	  "an IPv6 address with an optional /PLEN", "Addresses:",
	  "Serve ADDR on every IFACE. Repeatable. PLEN defaults to " STR(XDP6D_DEFAULT_PLEN) ".\n"
	  "Link-local addresses are allowed; multicast, :: and ::1 are not.\n"
	  "Reload adds and removes the difference (see RELOAD in xdp6d(8)).", set_addr },
	{ "proxy", 0, OPT_LIST, OPT_RUNTIME, "PREFIX/LEN",
	  "a prefix with its /LEN (no host bits, not multicast or link-local)", NULL,
	  "NDP proxy (RFC 4861 7.2.8): answer Neighbor Solicitations for\n"
	  "every address in PREFIX/LEN on every IFACE with our MAC, as\n"
	  "xdp6ctl proxy add PREFIX/LEN dev IFACE --static. Repeatable.\n"
	  "Reload adds and removes the difference.", set_proxy },
	{ "no-dad", 0, OPT_FLAG, 0, NULL, "yes or no", NULL,
	  "Addresses are preferred at once, without Duplicate Address\n"
	  "Detection (RFC 4862 5.4). Same as --dad-transmits 0.", set_no_dad },
	{ "dad-transmits", 0, OPT_VALUE, 0, "N", "0-" STR(XDP6D_DAD_TRANSMITS_MAX), NULL,
	  "DupAddrDetectTransmits: DAD probes per address, 0-" STR(XDP6D_DAD_TRANSMITS_MAX) "\n"
	  "(default: 1, RetransTimer 1 s apart, after a random 0-1 s delay).\n"
	  "An address some other node uses ends \"duplicate\" and is never\n"
	  "answered for.", set_dad_transmits },
	{ "no-link-local", 0, OPT_FLAG, 0, NULL, "yes or no", NULL,
	  "Do not generate the fe80::/64 link-local address (RFC 4862 5.3).",
	  set_no_link_local },
	{ "stable-privacy", 0, OPT_VALUE, 0, "SECRET", "a secret of 1-64 bytes", NULL,
	  "Interface identifiers of the link-local and SLAAC addresses from\n"
	  "RFC 7217 (a hash of SECRET, the prefix and the interface) instead\n"
	  "of the modified EUI-64 of the MAC. SECRET: 1-64 bytes.", set_stable_privacy },
	{ "max-addrs", 0, OPT_VALUE, 0, "N", "1-" STR(XDP6D_MAX_ADDRS_LIMIT), NULL,
	  "Addresses per interface, link-local included: the size of the\n"
	  "pinned addrs map (default: " STR(XDP6_DEFAULT_MAX_ADDRS) ", at most "
	  STR(XDP6D_MAX_ADDRS_LIMIT) ").", set_max_addrs },

	{ "accept-ra", 0, OPT_VALUE, 0, "yes|no", "yes or no",
	  "Router discovery and SLAAC (RFC 4861 6.3, RFC 4862 5.5):",
	  "yes (default): solicit routers (up to 3 RS) and learn from their\n"
	  "Router Advertisements (routers, on-link prefixes, hop limit, MTU,\n"
	  "DNS options). no: RAs are counted (ra-ignored) and ignored, no RS.", set_accept_ra },
	{ "no-slaac", 0, OPT_FLAG, 0, NULL, "yes or no", NULL,
	  "Learn from RAs but form no address from their prefixes.", set_no_slaac },
	{ "temporary", 0, OPT_FLAG, 0, NULL, "yes or no", NULL,
	  "Also form RFC 8981 temporary addresses for each SLAAC prefix.", set_temporary },

	{ "mode", 'm', OPT_VALUE, 0, "native|skb", "native or skb", "Answers:",
	  "XDP attach mode (default: native). native runs in the driver\n"
	  "(veth supports it); skb is the generic hook. There is no\n"
	  "fallback: if the driver refuses the mode, xdp6d exits.", set_mode },
	{ "priority", 0, OPT_VALUE, 0, "N", "0-" STR(XDP6D_PRIORITY_MAX), NULL,
	  "Run priority in the libxdp dispatcher, 0-" STR(XDP6D_PRIORITY_MAX) " (default: "
	  STR(XDP6D_DEFAULT_PRIORITY) ",\nlibxdp's): lower numbers run first, and a program's "
	  "XDP_PASS\ngoes on to the next. At 50 xdp6 runs after xdp-filter (10):\n"
	  "a filter decides what reaches it, as a firewall does before\n"
	  "the kernel's ND; give xdp6 a lower number (e.g. 5) to answer\n"
	  "ND and echo before filters that would drop them.", set_priority },
	{ "allow-unsafe-xdp-tx", 0, OPT_FLAG, 0, NULL, "yes or no", NULL,
	  "Attach in native mode even where virtio-net's XDP_TX would\n"
	  "pick TX queues it does not use (more combined channels than\n"
	  "CPUs, no queues left for XDP; Debian 12's 6.1 crashes). Without\n"
	  "it xdp6d refuses and says how many channels to use.", set_allow_unsafe_xdp_tx },
	{ "echo-rate", 0, OPT_VALUE, OPT_RUNTIME, RATE, RATE_EXPECT, NULL,
	  "Echo Replies per second per interface, bursts of BURST\n"
	  "(default: unlimited; BURST defaults to PPS; 0 = unlimited).", set_echo_rate },
	{ "na-rate", 0, OPT_VALUE, OPT_RUNTIME, RATE, RATE_EXPECT, NULL,
	  "Neighbor Advertisements per second, as --echo-rate.", set_na_rate },
	{ "src-rate", 0, OPT_VALUE, OPT_RUNTIME, RATE, "PPS[:BURST], PPS 0-1000000000, BURST at least 1",
	  NULL,
	  "Per-source fairness: Echo Replies and NAs together per second\n"
	  "to one source prefix (see --rate-key-len), bursts of BURST\n"
	  "(default: 0 = off; BURST defaults to PPS; PPS up to 1e9). Checked\n"
	  "before --echo-rate/--na-rate, which still cap the total: a source\n"
	  "over its own budget is dropped (src-rate-limited) and spends none\n"
	  "of the interface's.", set_src_rate },
	{ "rate-key-len", 0, OPT_VALUE, OPT_RUNTIME, "N", "1-128", NULL,
	  "Source prefix length of --src-rate's key, 1-128 (default: 64).", set_rate_key_len },
	{ "src-rate-max", 0, OPT_VALUE, 0, "N", "1-" STR(XDP6_SRC_MAX_LIMIT_N), NULL,
	  "Source prefixes tracked at once (the LRU map srcrate), 1-" STR(XDP6_SRC_MAX_LIMIT_N)
	  "\n(default: " STR(XDP6_DEFAULT_SRC_MAX) "); the least recently seen one gives way and\n"
	  "comes back with a full bucket.", set_src_max },
	{ "no-echo-multicast", 0, OPT_FLAG, OPT_RUNTIME, NULL, "yes or no", NULL,
	  "Do not answer Echo Requests sent to ff02::1.", set_no_echo_mcast },
	{ "router", 0, OPT_FLAG, OPT_RUNTIME, NULL, "yes or no", NULL,
	  "Set the Router flag in Neighbor Advertisements (RFC 4861 4.4).", set_router },
	{ "hop-limit", 0, OPT_VALUE, OPT_RUNTIME, "N", "1-" STR(XDP6D_HOP_LIMIT_MAX), NULL,
	  "Hop limit of Echo Replies, 1-255 (default: 64; a router's\n"
	  "Cur Hop Limit replaces it, RFC 4861 6.3.4).", set_hop_limit },
	{ "unserved", 0, OPT_VALUE, OPT_RUNTIME, "pass|reject", "pass or reject", NULL,
	  "Upper-layer traffic to our addresses that nothing serves (see\n"
	  "xdp6ctl serve): pass (default) hands it to the kernel; reject\n"
	  "answers it with ICMPv6 errors (RFC 4443 3.1 Port Unreachable for\n"
	  "UDP, DCCP, SCTP and UDP-Lite ports, RFC 8200 4 Parameter Problem\n"
	  "code 1 for unknown protocols; TCP is dropped).", set_unserved },
	{ "err-rate", 0, OPT_VALUE, OPT_RUNTIME, RATE, RATE_EXPECT, NULL,
	  "ICMPv6 errors sent per second per interface (RFC 4443 2.4(f)),\n"
	  "bursts of BURST (default: 1000:50, as Linux; 0 = unlimited).", set_err_rate },
	{ "reasm-timeout", 0, OPT_VALUE, 0, "SECONDS", "1-" STR(XDP6D_REASM_TIMEOUT_MAX) " seconds",
	  NULL,
	  "Fragments of a datagram are kept this long (RFC 8200 4.5),\n"
	  "1-" STR(XDP6D_REASM_TIMEOUT_MAX) " (default: 60); then Time Exceeded code 1 if the "
	  "first\nfragment came.", set_reasm_timeout },
	{ "reasm-max", 0, OPT_VALUE, 0, "N", "1-" STR(XDP6D_REASM_MAX_LIMIT), NULL,
	  "Datagrams under reassembly at once, 1-" STR(XDP6D_REASM_MAX_LIMIT) " (default: 64).",
	  set_reasm_max },

	{ "mirror", 0, OPT_FLAG, 0, NULL, "yes or no", "Mirror mode:",
	  "The kernel keeps IPv6 on every IFACE and owns its addresses\n"
	  "(ip addr, DAD, SLAAC, MLD, errors, TCP/UDP). xdp6d follows them\n"
	  "over rtnetlink and answers Echo Requests and NSs for the assigned\n"
	  "ones in XDP; everything else goes to the kernel (no AF_XDP\n"
	  "socket, none of the daemon's protocols). It follows the kernel's\n"
	  "net.ipv6.icmp.echo_ignore_all/_multicast/_anycast and the\n"
	  "interface's disable_ipv6, forwarding (R flag) and hop_limit, and\n"
	  "writes the neighbors XDP learned into the kernel's table (STALE,\n"
	  "RFC 4861 7.2.3). With --mirror, addr is refused; --echo-rate,\n"
	  "--na-rate, --mode and --max-addrs apply, the other options not.", set_mirror },

	{ "log-level", 0, OPT_VALUE, OPT_RUNTIME, "LEVEL",
	  "error, warning, notice, info or debug", "Logging:",
	  "Log lines of this priority and more urgent: error, warning,\n"
	  "notice, info (default: address state changes, setup) or debug\n"
	  "(every event). -v and -q move it up and down. Reload applies it.\n"
	  "On the journal (JOURNAL_STREAM) lines carry <N> priority prefixes\n"
	  "and no \"xdp6d: \"; floods are cut to " STR(XLOG_RATE) " lines a second.",
	  set_log_level },
	{ "config", 'c', OPT_VALUE, OPT_CLI_ONLY, "FILE",
	  "a file name", "Command line only:",
	  "Read options from FILE, xdp6d.conf(5) (default:\n"
	  XDP6D_CONFIG ", if it exists).", set_config },
	{ "check-config", 't', OPT_FLAG, OPT_CLI_ONLY, NULL, NULL, NULL,
	  "Read the configuration (file and command line), report the first\n"
	  "error as at start, exit 0 if there is none (2 otherwise). Checks\n"
	  "syntax and values; not whether the interfaces exist.", set_check },
	{ "verbose", 'v', OPT_FLAG, OPT_CLI_ONLY, NULL, NULL, NULL,
	  "Log every address and group change and libbpf/libxdp warnings;\n"
	  "twice (-vv) adds their debug output (e.g. the verifier log).", set_verbose },
	{ "quiet", 'q', OPT_FLAG, OPT_CLI_ONLY, NULL, NULL, NULL,
	  "One log level less each time: -q notice, -qq warning, -qqq error.",
	  set_quiet },
	{ "help", 'h', OPT_FLAG, OPT_CLI_ONLY, NULL, NULL, NULL,
	  "Show this help.", set_help },
};

static void opts_defaults(struct xdp6d_opts *o)
{
	o->mode = XDP_MODE_NATIVE;
	o->priority = XDP6D_DEFAULT_PRIORITY;
	o->max_addrs = XDP6_DEFAULT_MAX_ADDRS;
	o->src_max = XDP6_DEFAULT_SRC_MAX;
	o->log_level = LOG_INFO;
	host_cfg_defaults(&o->cfg);
}

void xdp6d_opts_release(struct xdp6d_opts *o)
{
	set_interface(o, NULL, NULL, 0);
	set_addr(o, NULL, NULL, 0);
	set_proxy(o, NULL, NULL, 0);
}

const struct opt_schema xdp6d_schema = {
	.defs = opts,
	.n = sizeof(opts) / sizeof(opts[0]),
	.size = sizeof(struct xdp6d_opts),
	.defaults = opts_defaults,
	.release = xdp6d_opts_release,
};
