// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* xdp6d: the IPv6 host behind the XDP fast path (RFC 4861/4862 addresses and neighbor
 * discovery, RFC 4443 echo answered in XDP). Parses and validates the command line, brings
 * each interface up (io/iface.c: a fresh start, or the adoption of what a killed xdp6d left),
 * runs the event loop, and tears down in reverse. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/random.h>

#include "io/daemon.h"
#include "io/ctl.h"
#include "io/iface.h"
#include "io/loader.h"
#include "io/log.h"
#include "io/loop.h"
#include "io/parse.h"
#include "addr.h"

#define EXIT_USAGE	2	/* bad argument or failed setup: nothing left behind */
#define DEFAULT_PLEN	64
#define MAX_ADDRS_LIMIT	(1u << 20)
#define HOP_LIMIT_MAX	255
#define DAD_TRANSMITS_MAX 255
#define REASM_TIMEOUT_MAX 3600		/* seconds */
#define REASM_MAX_LIMIT	4096		/* datagrams under reassembly */
#define BAD_RATE	"invalid rate '%s' (PPS[:BURST], BURST at least 1)"

enum {
	OPT_ECHO_RATE = 256,
	OPT_NA_RATE,
	OPT_NO_DAD,
	OPT_DAD_TRANSMITS,
	OPT_NO_LINK_LOCAL,
	OPT_NO_ECHO_MCAST,
	OPT_ROUTER,
	OPT_HOP_LIMIT,
	OPT_MAX_ADDRS,
	OPT_STABLE_PRIVACY,
	OPT_NO_SLAAC,
	OPT_ACCEPT_RA,
	OPT_TEMPORARY,
	OPT_UNSERVED,
	OPT_ERR_RATE,
	OPT_REASM_TIMEOUT,
	OPT_REASM_MAX,
	OPT_MIRROR,
	OPT_SRC_RATE,
	OPT_RATE_KEY_LEN,
	OPT_SRC_MAX,
};

static const struct option long_opts[] = {
	{ "addr",		required_argument,	NULL, 'a' },
	{ "mode",		required_argument,	NULL, 'm' },
	{ "echo-rate",		required_argument,	NULL, OPT_ECHO_RATE },
	{ "na-rate",		required_argument,	NULL, OPT_NA_RATE },
	{ "no-dad",		no_argument,		NULL, OPT_NO_DAD },
	{ "dad-transmits",	required_argument,	NULL, OPT_DAD_TRANSMITS },
	{ "no-link-local",	no_argument,		NULL, OPT_NO_LINK_LOCAL },
	{ "no-echo-multicast",	no_argument,		NULL, OPT_NO_ECHO_MCAST },
	{ "router",		no_argument,		NULL, OPT_ROUTER },
	{ "hop-limit",		required_argument,	NULL, OPT_HOP_LIMIT },
	{ "max-addrs",		required_argument,	NULL, OPT_MAX_ADDRS },
	{ "stable-privacy",	required_argument,	NULL, OPT_STABLE_PRIVACY },
	{ "no-slaac",		no_argument,		NULL, OPT_NO_SLAAC },
	{ "accept-ra",		required_argument,	NULL, OPT_ACCEPT_RA },
	{ "temporary",		no_argument,		NULL, OPT_TEMPORARY },
	{ "unserved",		required_argument,	NULL, OPT_UNSERVED },
	{ "err-rate",		required_argument,	NULL, OPT_ERR_RATE },
	{ "reasm-timeout",	required_argument,	NULL, OPT_REASM_TIMEOUT },
	{ "reasm-max",		required_argument,	NULL, OPT_REASM_MAX },
	{ "mirror",		no_argument,		NULL, OPT_MIRROR },
	{ "src-rate",		required_argument,	NULL, OPT_SRC_RATE },
	{ "rate-key-len",	required_argument,	NULL, OPT_RATE_KEY_LEN },
	{ "src-rate-max",	required_argument,	NULL, OPT_SRC_MAX },
	{ "verbose",		no_argument,		NULL, 'v' },
	{ "help",		no_argument,		NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* ",addrs,iface,...": every pinned map (XDP6_MAPS), for the help text. */
#define MAP_NAME(name, ...) "," #name
static const char map_names[] = XDP6_MAPS(MAP_NAME);
#undef MAP_NAME

static void usage(FILE *f)
{
	fprintf(f,
"Usage: xdp6d [OPTIONS] IFACE...\n"
"\n"
"Serve IPv6 addresses on each IFACE from an XDP program in the driver: Echo Requests (RFC 4443)\n"
"and Neighbor Solicitations (RFC 4861) for preferred addresses are answered in XDP; the rest\n"
"of the host's duties (Duplicate Address Detection, MLD, neighbor cache, router discovery and\n"
"SLAAC, ICMPv6 errors, reassembly) run in this daemon, fed through AF_XDP. Runs in the\n"
"foreground and logs to stderr; SIGINT or SIGTERM detach the program, remove the pinned maps\n"
"and leave the multicast groups. Control it with xdp6ctl over the unix socket\n"
"/run/xdp6/net-NETNS.sock (NETNS: the inode of the network namespace): one xdp6d per network\n"
"namespace, root only.\n"
"\n"
"Addresses:\n"
"  -a, --addr ADDR[/PLEN]    Serve ADDR on every IFACE. Repeatable. PLEN defaults to 64.\n"
"                            Link-local addresses are allowed; multicast, :: and ::1 are not.\n"
"      --no-dad              Addresses are preferred at once, without Duplicate Address\n"
"                            Detection (RFC 4862 5.4). Same as --dad-transmits 0.\n"
"      --dad-transmits N     DupAddrDetectTransmits: DAD probes per address, 0-%u\n"
"                            (default: 1, RetransTimer 1 s apart, after a random 0-1 s delay).\n"
"                            An address some other node uses ends \"duplicate\" and is never\n"
"                            answered for.\n"
"      --no-link-local       Do not generate the fe80::/64 link-local address (RFC 4862 5.3).\n"
"      --stable-privacy SECRET\n"
"                            Interface identifiers of the link-local and SLAAC addresses from\n"
"                            RFC 7217 (a hash of SECRET, the prefix and the interface) instead\n"
"                            of the modified EUI-64 of the MAC. SECRET: 1-%u bytes.\n"
"      --max-addrs N         Addresses per interface, link-local included: the size of the\n"
"                            pinned addrs map (default: %u, at most %u).\n"
"\n"
"Router discovery and SLAAC (RFC 4861 6.3, RFC 4862 5.5):\n"
"      --accept-ra=yes|no    yes (default): solicit routers (up to 3 RS) and learn from their\n"
"                            Router Advertisements (routers, on-link prefixes, hop limit, MTU,\n"
"                            DNS options). no: RAs are counted (ra-ignored) and ignored, no RS.\n"
"      --no-slaac            Learn from RAs but form no address from their prefixes.\n"
"      --temporary           Also form RFC 8981 temporary addresses for each SLAAC prefix.\n"
"\n"
"Answers:\n"
"  -m, --mode native|skb     XDP attach mode (default: native). native runs in the driver\n"
"                            (veth supports it); skb is the generic hook. There is no\n"
"                            fallback: if the driver refuses the mode, xdp6d exits.\n"
"      --echo-rate PPS[:BURST]\n"
"                            Echo Replies per second per interface, bursts of BURST\n"
"                            (default: unlimited; BURST defaults to PPS; 0 = unlimited).\n"
"      --na-rate PPS[:BURST] Neighbor Advertisements per second, as --echo-rate.\n"
"      --src-rate PPS[:BURST]\n"
"                            Per-source fairness: Echo Replies and NAs together per second\n"
"                            to one source prefix (see --rate-key-len), bursts of BURST\n"
"                            (default: 0 = off; BURST defaults to PPS; PPS up to 1e9). Checked\n"
"                            before --echo-rate/--na-rate, which still cap the total: a source\n"
"                            over its own budget is dropped (src-rate-limited) and spends none\n"
"                            of the interface's.\n"
"      --rate-key-len N      Source prefix length of --src-rate's key, 1-128 (default: 64).\n"
"      --src-rate-max N      Source prefixes tracked at once (the LRU map srcrate), 1-%u\n"
"                            (default: %u); the least recently seen one gives way and comes\n"
"                            back with a full bucket.\n"
"      --no-echo-multicast   Do not answer Echo Requests sent to ff02::1.\n"
"      --router              Set the Router flag in Neighbor Advertisements (RFC 4861 4.4).\n"
"      --hop-limit N         Hop limit of Echo Replies, 1-255 (default: 64; a router's\n"
"                            Cur Hop Limit replaces it, RFC 4861 6.3.4).\n"
"      --unserved pass|reject\n"
"                            Upper-layer traffic to our addresses that nothing serves (see\n"
"                            xdp6ctl serve): pass (default) hands it to the kernel; reject\n"
"                            answers it with ICMPv6 errors (RFC 4443 3.1 Port Unreachable for\n"
"                            UDP, DCCP, SCTP and UDP-Lite ports, RFC 8200 4 Parameter Problem\n"
"                            code 1 for unknown protocols; TCP is dropped).\n"
"      --err-rate PPS[:BURST]\n"
"                            ICMPv6 errors sent per second per interface (RFC 4443 2.4(f)),\n"
"                            bursts of BURST (default: 1000:50, as Linux; 0 = unlimited).\n"
"      --reasm-timeout SECONDS\n"
"                            Fragments of a datagram are kept this long (RFC 8200 4.5),\n"
"                            1-%u (default: 60); then Time Exceeded code 1 if the first\n"
"                            fragment came.\n"
"      --reasm-max N         Datagrams under reassembly at once, 1-%u (default: 64).\n"
"\n"
"Mirror mode:\n"
"      --mirror              The kernel keeps IPv6 on every IFACE and owns its addresses\n"
"                            (ip addr, DAD, SLAAC, MLD, errors, TCP/UDP). xdp6d follows them\n"
"                            over rtnetlink and answers Echo Requests and NSs for the assigned\n"
"                            ones in XDP; everything else goes to the kernel (no AF_XDP\n"
"                            socket, none of the daemon's protocols). It follows the kernel's\n"
"                            net.ipv6.icmp.echo_ignore_all/_multicast/_anycast and the\n"
"                            interface's disable_ipv6, forwarding (R flag) and hop_limit, and\n"
"                            writes the neighbors XDP learned into the kernel's table (STALE,\n"
"                            RFC 4861 7.2.3). With --mirror, -a is refused; --echo-rate,\n"
"                            --na-rate, --mode and --max-addrs apply, the other options not.\n"
"\n"
"  -v, --verbose             Log every address and group change and libbpf/libxdp warnings;\n"
"                            twice (-vv) adds their debug output (e.g. the verifier log).\n"
"  -h, --help                Show this help.\n"
"\n"
"Restart:\n"
"  The fast path does not need the daemon: if xdp6d is killed (SIGKILL, crash), the program\n"
"  and pinned maps stay and keep answering for preferred addresses. An xdp6d started on the\n"
"  same IFACE adopts them: no reload, no detach, no new DAD for addresses that were preferred;\n"
"  it binds new AF_XDP sockets and takes the addresses (and served ports) over from the\n"
"  pinned maps; -a addresses already there are kept as they are. Pins with no program using\n"
"  them are removed and xdp6d starts afresh. While another xdp6d runs in this network\n"
"  namespace (it holds /run/xdp6/net-NETNS.lock), xdp6d exits 2 naming its pid.\n"
"\n"
"Files:\n"
"  %s/IFACE/{%s}\n"
"                            The XDP program's maps, pinned while xdp6d runs (bpffs is mounted\n"
"                            on /sys/fs/bpf if it is not).\n"
"\n"
"Exit status:\n"
"  0 after SIGINT/SIGTERM; 2 for a bad argument, when not root, when another xdp6d runs in\n"
"  this network namespace, when pinned maps cannot be adopted, or when attaching, pinning or\n"
"  AF_XDP setup fails (nothing is left attached or pinned, except what was adopted: that is\n"
"  left as found, still answering); 1 if the event loop fails.\n"
"\n"
"Examples:\n"
"  xdp6d -a 2001:db8::1/64 eth0\n"
"  xdp6d --mode skb --no-dad -a 2001:db8::1 -a 2001:db8:1::1/48 eth0 eth1\n"
"  xdp6d --stable-privacy 'my secret' --temporary --unserved reject eth0\n"
"  nsenter --net=/run/netns/dut xdp6d --echo-rate 1000:50 -a 2001:db8::1 veth0\n"
"  xdp6d --mirror eth0\n",
		DAD_TRANSMITS_MAX, (unsigned)sizeof(((struct host_cfg *)0)->secret),
		XDP6_DEFAULT_MAX_ADDRS, MAX_ADDRS_LIMIT, XDP6_SRC_MAX_LIMIT, XDP6_DEFAULT_SRC_MAX,
		REASM_TIMEOUT_MAX, REASM_MAX_LIMIT,
		XDP6_PIN_ROOT, map_names + 1);
}

static int bad(const char *fmt, const char *arg)
{
	fprintf(stderr, "xdp6d: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	return -EINVAL;
}

static int add_opt_addr(struct xdp6d_opts *o, const char *s)
{
	struct xdp6d_addr *p;
	struct in6_addr a;
	uint8_t plen;
	unsigned i;

	if (parse_addr_plen(s, &a, &plen, DEFAULT_PLEN))
		return bad("invalid address '%s'", s);
	if (addr_check(&a, plen))
		return bad("'%s' cannot be an address of ours (multicast, unspecified or loopback)",
			   s);
	for (i = 0; i < o->naddrs; i++)
		if (!memcmp(&o->addrs[i].a, &a, sizeof(a)))
			return bad("address '%s' given twice", s);
	p = realloc(o->addrs, (o->naddrs + 1) * sizeof(*p));
	if (!p)
		return bad("out of memory%s", "");
	o->addrs = p;
	o->addrs[o->naddrs].a = a;
	o->addrs[o->naddrs].plen = plen;
	o->naddrs++;
	return 0;
}

/* Parses argv; returns the index of the first IFACE, -1 after printing help, or -EINVAL. */
static int parse_args(int argc, char **argv, struct xdp6d_opts *o)
{
	uint32_t v;
	int c;

	memset(o, 0, sizeof(*o));
	o->mode = XDP_MODE_NATIVE;
	o->max_addrs = XDP6_DEFAULT_MAX_ADDRS;
	o->src_max = XDP6_DEFAULT_SRC_MAX;
	host_cfg_defaults(&o->cfg);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":a:m:vh", long_opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if (add_opt_addr(o, optarg))
				return -EINVAL;
			break;
		case 'm':
			if (!strcmp(optarg, "native"))
				o->mode = XDP_MODE_NATIVE;
			else if (!strcmp(optarg, "skb"))
				o->mode = XDP_MODE_SKB;
			else
				return bad("invalid mode '%s' (native or skb)", optarg);
			break;
		case OPT_ECHO_RATE:
			if (parse_rate(optarg, &o->cfg.echo_rate, &o->cfg.echo_burst))
				return bad(BAD_RATE, optarg);
			break;
		case OPT_NA_RATE:
			if (parse_rate(optarg, &o->cfg.na_rate, &o->cfg.na_burst))
				return bad(BAD_RATE, optarg);
			break;
		case OPT_NO_DAD:
			o->cfg.dad = false;
			break;
		case OPT_DAD_TRANSMITS:
			if (parse_u32(optarg, 0, DAD_TRANSMITS_MAX, &v))
				return bad("invalid --dad-transmits '%s' (0-255)", optarg);
			o->cfg.dad_transmits = v;
			break;
		case OPT_NO_LINK_LOCAL:
			o->cfg.link_local = false;
			break;
		case OPT_NO_ECHO_MCAST:
			o->cfg.echo_mcast = false;
			break;
		case OPT_ROUTER:
			o->cfg.router = true;
			break;
		case OPT_HOP_LIMIT:
			if (parse_u32(optarg, 1, HOP_LIMIT_MAX, &v))
				return bad("invalid hop limit '%s' (1-255)", optarg);
			o->cfg.echo_hop_limit = (uint8_t)v;
			break;
		case OPT_MAX_ADDRS:
			if (parse_u32(optarg, 1, MAX_ADDRS_LIMIT, &o->max_addrs))
				return bad("invalid --max-addrs '%s' (1-1048576)", optarg);
			break;
		case OPT_STABLE_PRIVACY:
			if (!*optarg || strlen(optarg) > sizeof(o->cfg.secret))
				return bad("invalid --stable-privacy secret (1-64 bytes)%s", "");
			o->cfg.stable_privacy = true;
			o->cfg.secret_len = strlen(optarg);
			memcpy(o->cfg.secret, optarg, o->cfg.secret_len);
			break;
		case OPT_NO_SLAAC:
			o->cfg.slaac = false;
			break;
		case OPT_ACCEPT_RA:
			if (!strcmp(optarg, "yes"))
				o->cfg.accept_ra = true;
			else if (!strcmp(optarg, "no"))
				o->cfg.accept_ra = false;
			else
				return bad("invalid --accept-ra '%s' (yes or no)", optarg);
			break;
		case OPT_TEMPORARY:
			o->cfg.temporary = true;
			break;
		case OPT_UNSERVED:
			if (!strcmp(optarg, "pass"))
				o->cfg.unserved_reject = false;
			else if (!strcmp(optarg, "reject"))
				o->cfg.unserved_reject = true;
			else
				return bad("invalid --unserved '%s' (pass or reject)", optarg);
			break;
		case OPT_ERR_RATE:
			if (parse_rate(optarg, &o->cfg.err_rate, &o->cfg.err_burst))
				return bad(BAD_RATE, optarg);
			break;
		case OPT_SRC_RATE:
			/* 1e9 at most: one reply per ns, the GCRA interval's unit */
			if (parse_rate(optarg, &o->cfg.src_rate, &o->cfg.src_burst) ||
			    o->cfg.src_rate > XDP6_NS_PER_SEC)
				return bad("invalid --src-rate '%s' (PPS[:BURST], PPS 0-1000000000, "
					   "BURST at least 1)", optarg);
			break;
		case OPT_RATE_KEY_LEN:
			if (parse_u32(optarg, 1, 128, &v))
				return bad("invalid --rate-key-len '%s' (1-128)", optarg);
			o->cfg.src_key_len = (uint8_t)v;
			break;
		case OPT_SRC_MAX:
			if (parse_u32(optarg, 1, XDP6_SRC_MAX_LIMIT, &o->src_max))
				return bad("invalid --src-rate-max '%s' (1-4194304)", optarg);
			break;
		case OPT_REASM_TIMEOUT:
			if (parse_u32(optarg, 1, REASM_TIMEOUT_MAX, &v))
				return bad("invalid --reasm-timeout '%s' (1-3600 seconds)", optarg);
			o->cfg.reasm_timeout = (xdp6_ns)v * XDP6_NS_PER_SEC;
			break;
		case OPT_REASM_MAX:
			if (parse_u32(optarg, 1, REASM_MAX_LIMIT, &v))
				return bad("invalid --reasm-max '%s' (1-4096)", optarg);
			o->cfg.reasm_max_datagrams = v;
			break;
		case OPT_MIRROR:
			o->mirror = true;
			break;
		case 'v':
			xlog_verbose++;
			break;
		case 'h':
			usage(stdout);
			return -1;
		case ':':
			return bad("option '%s' needs a value (see xdp6d --help)",
				   argv[optind - 1]);
		default:
			return bad("unknown option '%s' (see xdp6d --help)", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return bad("no interface given (usage: xdp6d [OPTIONS] IFACE..., see --help)%s",
			   "");
	if (o->mirror && o->naddrs)
		return bad("-a with --mirror: the kernel owns the addresses (ip addr add ... dev "
			   "IFACE)%s", "");
	if (o->cfg.temporary && !o->cfg.slaac)
		return bad("--temporary needs SLAAC: drop --no-slaac%s", "");
	return optind;
}

/* Everything that can be checked before touching the kernel. */
static int validate(struct xdp6d *d, char **names, unsigned n)
{
	char buf[INET6_ADDRSTRLEN];
	unsigned i, k, need;

	if (geteuid() != 0)
		return bad("must run as root (it attaches XDP programs and pins maps)%s", "");
	d->ifs = calloc(n, sizeof(*d->ifs));
	if (!d->ifs)
		return bad("out of memory%s", "");
	for (i = 0; i < n; i++) {
		struct xdp6d_iface *ifc = &d->ifs[i];

		for (k = 0; k < i; k++)
			if (!strcmp(names[k], names[i]))
				return bad("interface '%s' given twice", names[i]);
		if (iface_lookup(ifc, names[i]))
			return -EINVAL;
		d->nifs = i + 1;
	}
	need = d->opts.naddrs + (d->opts.cfg.link_local ? 1 : 0);
	if (need > d->opts.max_addrs) {
		fprintf(stderr, "xdp6d: %u addresses per interface do not fit --max-addrs %u\n",
			need, d->opts.max_addrs);
		return -EINVAL;
	}
	/* (an RFC 7217 link-local depends on the secret: no clash to foresee) */
	for (i = 0; i < d->nifs && d->opts.cfg.link_local && !d->opts.cfg.stable_privacy; i++) {
		struct in6_addr ll = { { { 0xfe, 0x80 } } };

		ip6_eui64_iid(d->ifs[i].link.mac, ll.s6_addr + 8);
		for (k = 0; k < d->opts.naddrs; k++)
			if (!memcmp(&d->opts.addrs[k].a, &ll, sizeof(ll))) {
				inet_ntop(AF_INET6, &ll, buf, sizeof(buf));
				fprintf(stderr, "xdp6d: %s is the link-local xdp6d generates on "
					"%s (drop -a or add --no-link-local)\n", buf,
					d->ifs[i].ifname);
				return -EINVAL;
			}
	}
	if (bpffs_ensure())
		return -EINVAL;
	return 0;
}

int main(int argc, char **argv)
{
	struct xdp6d d = { .epfd = -1, .timerfd = -1, .sigfd = -1, .ctl_fd = -1 };
	int first, status = EXIT_USAGE, err;
	unsigned i, up = 0;
	uint64_t seed = 0;

	for (i = 0; i < CTL_MAX_CONNS; i++)
		d.conns[i].fd = -1;
	first = parse_args(argc, argv, &d.opts);
	if (first == -1)
		return 0;
	if (first < 0)
		goto out;
	xlog_libs_init();
	if (validate(&d, argv + first, (unsigned)(argc - first)))
		goto out;
	if (getrandom(&seed, sizeof(seed), 0) != sizeof(seed))
		seed = (uint64_t)io_now() ^ (uint64_t)getpid();
	d.started = io_now();
	err = loop_init(&d);
	if (err) {
		xlog(NULL, "Couldn't set up the event loop: %s", strerror(-err));
		goto out;
	}
	/* Before any interface is touched: a live xdp6d holds this namespace's control lock (a
	 * killed one does not, and its pins are adopted below). ctl_listen() says why it fails,
	 * e.g. which xdp6d runs already. */
	if (ctl_listen(&d))
		goto out_loop;
	err = loop_add_ctl(&d);
	if (err) {
		xlog(NULL, "Couldn't watch the control socket: %s", strerror(-err));
		goto out_ifaces;
	}
	for (up = 0; up < d.nifs; up++)
		if (iface_up(&d, &d.ifs[up], seed + up))
			goto out_ifaces;
	status = loop_run(&d) ? 1 : 0;
out_ifaces:
	/* Setup of a later interface failed: adopted ones stay as they were found. */
	while (up--)
		iface_down(&d.ifs[up], status == EXIT_USAGE && loader_adopted(&d.ifs[up]));
	ctl_close(&d);
out_loop:
	loop_fini(&d);
out:
	free(d.ifs);
	free(d.opts.addrs);
	if (status == 0)
		xlog(NULL, "stopped: programs detached, maps unpinned, multicast groups left");
	return status;
}
