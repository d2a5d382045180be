// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* xdp6d: the IPv6 host behind the XDP fast path (RFC 4861/4862 addresses and neighbor
 * discovery, RFC 4443 echo answered in XDP). Parses and validates the command line, then sets
 * each interface up in the DESIGN.md order (skeleton → libxdp attach → pins → AF_XDP → host
 * and addresses), or, after a killed xdp6d, adopts the program and pinned maps it left and
 * takes its addresses over; runs the event loop, and tears down in reverse. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/socket.h>

#include "io/daemon.h"
#include "io/ctl.h"
#include "io/loader.h"
#include "io/log.h"
#include "io/loop.h"
#include "io/maps.h"
#include "io/parse.h"
#include "io/xsk.h"
#include "addr.h"

#define EXIT_USAGE	2	/* bad argument or failed setup: nothing left behind */
#define DEFAULT_PLEN	64
#define MAX_ADDRS_LIMIT	(1u << 20)
#define HOP_LIMIT_MAX	255
#define DAD_TRANSMITS_MAX 255
#define REASM_TIMEOUT_MAX 3600		/* seconds */
#define REASM_MAX_LIMIT	4096		/* datagrams under reassembly */
#define BAD_RATE	"invalid rate '%s' (PPS[:BURST], BURST at least 1)"
#define PRIORITY_MAX	1000000		/* libxdp run priorities: any unsigned; keep them sane */

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
	OPT_PRIORITY,
	OPT_ALLOW_UNSAFE_XDP_TX,
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
	{ "priority",		required_argument,	NULL, OPT_PRIORITY },
	{ "allow-unsafe-xdp-tx", no_argument,		NULL, OPT_ALLOW_UNSAFE_XDP_TX },
	{ "verbose",		no_argument,		NULL, 'v' },
	{ "help",		no_argument,		NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

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
"      --priority N          Run priority in the libxdp dispatcher, 0-%u (default: %u,\n"
"                            libxdp's): lower numbers run first, and a program's XDP_PASS\n"
"                            goes on to the next. At 50 xdp6 runs after xdp-filter (10):\n"
"                            a filter decides what reaches it, as a firewall does before\n"
"                            the kernel's ND; give xdp6 a lower number (e.g. 5) to answer\n"
"                            ND and echo before filters that would drop them.\n"
"      --allow-unsafe-xdp-tx Attach in native mode even where virtio-net's XDP_TX would\n"
"                            pick TX queues it does not use (more combined channels than\n"
"                            CPUs, no queues left for XDP; Debian 12's 6.1 crashes). Without\n"
"                            it xdp6d refuses and says how many channels to use.\n"
"      --echo-rate PPS[:BURST]\n"
"                            Echo Replies per second per interface, bursts of BURST\n"
"                            (default: unlimited; BURST defaults to PPS; 0 = unlimited).\n"
"      --na-rate PPS[:BURST] Neighbor Advertisements per second, as --echo-rate.\n"
"      --no-echo-multicast   Do not answer Echo Requests sent to ff02::1.\n"
"      --router              Set the Router flag in Neighbor Advertisements (RFC 4861 4.4).\n"
"      --hop-limit N         Hop limit of Echo Replies, 1-255 (default: 64; a router's\n"
"                            Cur Hop Limit replaces it, RFC 4861 6.3.4).\n"
"      --unserved pass|reject\n"
"                            Upper-layer traffic to our addresses that nothing serves (see\n"
"                            xdp6ctl serve): pass (default) hands it to the kernel; reject\n"
"                            answers it with ICMPv6 errors (RFC 4443 3.1 Port Unreachable for\n"
"                            UDP, RFC 8200 4 Parameter Problem code 1 for unknown protocols;\n"
"                            TCP is dropped).\n"
"      --err-rate PPS[:BURST]\n"
"                            ICMPv6 errors sent per second per interface (RFC 4443 2.4(f)),\n"
"                            bursts of BURST (default: 1000:50, as Linux; 0 = unlimited).\n"
"      --reasm-timeout SECONDS\n"
"                            Fragments of a datagram are kept this long (RFC 8200 4.5),\n"
"                            1-%u (default: 60); then Time Exceeded code 1 if the first\n"
"                            fragment came.\n"
"      --reasm-max N         Datagrams under reassembly at once, 1-%u (default: 64).\n"
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
"  %s/IFACE/{addrs,iface,tokens,groups,served,stats,xsks}\n"
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
"  nsenter --net=/run/netns/dut xdp6d --echo-rate 1000:50 -a 2001:db8::1 veth0\n",
		DAD_TRANSMITS_MAX, (unsigned)sizeof(((struct host_cfg *)0)->secret),
		XDP6_DEFAULT_MAX_ADDRS, MAX_ADDRS_LIMIT, PRIORITY_MAX, XDP_DEFAULT_RUN_PRIO,
		REASM_TIMEOUT_MAX, REASM_MAX_LIMIT, XDP6_PIN_ROOT);
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
	o->priority = XDP_DEFAULT_RUN_PRIO;
	o->max_addrs = XDP6_DEFAULT_MAX_ADDRS;
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
		case OPT_REASM_TIMEOUT:
			if (parse_u32(optarg, 1, REASM_TIMEOUT_MAX, &v))
				return bad("invalid --reasm-timeout '%s' (1-3600 seconds)", optarg);
			o->cfg.reasm_timeout = (xdp6_ns)v * XDP6_NS_PER_SEC;
			break;
		case OPT_PRIORITY:
			if (parse_u32(optarg, 0, PRIORITY_MAX, &o->priority))
				return bad("invalid --priority '%s' (0-1000000)", optarg);
			break;
		case OPT_ALLOW_UNSAFE_XDP_TX:
			o->allow_unsafe_xdp_tx = true;
			break;
		case OPT_REASM_MAX:
			if (parse_u32(optarg, 1, REASM_MAX_LIMIT, &v))
				return bad("invalid --reasm-max '%s' (1-4096)", optarg);
			o->cfg.reasm_max_datagrams = v;
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
	if (o->cfg.temporary && !o->cfg.slaac)
		return bad("--temporary needs SLAAC: drop --no-slaac%s", "");
	return optind;
}

struct xdp6d_iface *xdp6d_iface_find(struct xdp6d *d, const char *ifname)
{
	unsigned i;

	for (i = 0; i < d->nifs; i++)
		if (!strcmp(d->ifs[i].ifname, ifname))
			return &d->ifs[i];
	return NULL;
}

/* Interface name → ifindex, Ethernet MAC and MTU. */
static int iface_lookup(struct xdp6d_iface *ifc, const char *name)
{
	struct ifreq ifr;
	int fd, err = 0;

	if (strlen(name) >= IF_NAMESIZE)
		return bad("no such interface '%s'", name);
	snprintf(ifc->ifname, sizeof(ifc->ifname), "%s", name);
	ifc->ifindex = (int)if_nametoindex(name);
	if (!ifc->ifindex)
		return bad("no such interface '%s'", name);
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return bad("socket: %s", strerror(errno));
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) || ifr.ifr_hwaddr.sa_family != ARPHRD_ETHER) {
		err = bad("'%s' is not an Ethernet interface", name);
		goto out;
	}
	memcpy(ifc->link.mac, ifr.ifr_hwaddr.sa_data, ETH6_ALEN);
	if (ioctl(fd, SIOCGIFMTU, &ifr)) {
		err = bad("Couldn't read the MTU of '%s'", name);
		goto out;
	}
	ifc->link.mtu = (uint32_t)ifr.ifr_mtu;
	ifc->link.ifindex = ifc->ifindex;
	snprintf(ifc->link.ifname, sizeof(ifc->link.ifname), "%s", name);
out:
	close(fd);
	return err;
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
	if (loader_probe_kernel())
		return -EINVAL;
	return 0;
}

static void iface_down(struct xdp6d_iface *ifc)
{
	/* Leaving for good (not when an adopted interface is left as found): MLD leave reports
	 * while the AF_XDP sockets can still send them. */
	if (ifc->host && !ifc->keep_state)
		host_stop(ifc->host, io_now());
	maps_fini(ifc);
	host_free(ifc->host);
	ifc->host = NULL;
	xq_close_all(ifc);
	loader_unpin(ifc);
	loader_detach(ifc);
	loader_close(ifc);
}

/* Fresh start: load, attach, pin (DESIGN.md order). */
static int iface_load(struct xdp6d *d, struct xdp6d_iface *ifc)
{
	int err;

	ifc->run_prio = d->opts.priority;
	err = loader_check_xdp_tx(ifc, d->opts.mode, d->opts.allow_unsafe_xdp_tx);
	if (!err)
		err = loader_open(ifc, d->opts.max_addrs);
	if (!err)
		err = loader_attach(ifc, d->opts.mode);
	if (!err)
		err = loader_pin(ifc);
	return err;
}

/* Restart: every address of the pinned addrs map and every served pair goes to the host, as
 * it was (preferred stays preferred without DAD, tentative starts DAD again). */
static int iface_adopt_state(struct xdp6d_iface *ifc, xdp6_ns now)
{
	unsigned st[XDP6_ADDR_DUPLICATE + 1] = { 0 };
	struct xdp6_served_key *sv;
	char buf[INET6_ADDRSTRLEN];
	struct maps_addr *a;
	size_t n, k, nsv;
	int err = 0, e;

	n = maps_pinned_addrs(ifc, &a);
	for (k = 0; k < n; k++) {
		e = host_addr_adopt(ifc->host, now, &a[k].addr, &a[k].v);
		inet_ntop(AF_INET6, &a[k].addr, buf, sizeof(buf));
		/* Already in the host: the link-local host_new() generated, killed during its
		 * DAD (pinned tentative): that DAD runs again, as host_addr_adopt would do. */
		if (e == -EEXIST && a[k].v.state == XDP6_ADDR_TENTATIVE)
			e = 0;
		if (e) {
			xlog(ifc->ifname, "Couldn't adopt %s/%u: %s", buf, a[k].v.prefixlen,
			     strerror(-e));
			err = err ? err : e;
			continue;
		}
		if (a[k].v.state <= XDP6_ADDR_DUPLICATE)
			st[a[k].v.state]++;
		xlog_dbg(ifc->ifname, "adopted %s/%u (%s, %s)", buf, a[k].v.prefixlen,
			 addr_state_name(a[k].v.state), addr_origin_name(a[k].v.origin));
		if (a[k].v.state == XDP6_ADDR_DUPLICATE)
			xlog(ifc->ifname, "%s is a duplicate address (so before the restart); not "
			     "serving it", buf);
	}
	free(a);
	nsv = maps_pinned_served(ifc, &sv);
	for (k = 0; k < nsv; k++) {
		e = host_serve(ifc->host, sv[k].proto, sv[k].port, true);
		if (e && e != -EEXIST) {
			xlog(ifc->ifname, "Couldn't adopt served %u/%u: %s", sv[k].proto,
			     sv[k].port, strerror(-e));
			err = err ? err : e;
		}
	}
	free(sv);
	xlog(ifc->ifname, "took over %zu address%s (%u preferred, %u deprecated, %u tentative, "
	     "%u duplicate) and %zu served port%s from the pinned maps", n, n == 1 ? "" : "es",
	     st[XDP6_ADDR_PREFERRED], st[XDP6_ADDR_DEPRECATED], st[XDP6_ADDR_TENTATIVE],
	     st[XDP6_ADDR_DUPLICATE], nsv, nsv == 1 ? "" : "s");
	return err;
}

static size_t count_tentative(const struct host *h, size_t n)
{
	struct host_addr_info *ai = calloc(n ? n : 1, sizeof(*ai));
	size_t k, got, t = 0;

	if (!ai)
		return 0;
	got = host_addrs(h, ai, n);
	for (k = 0; k < got && k < n; k++)
		t += ai[k].state == XDP6_ADDR_TENTATIVE;
	free(ai);
	return t;
}

/* The host's own log lines (host_set_log): `xdp6d: IFNAME: line`. The host rate-limits what
 * the link can provoke (RFC 4862 §5.4.4 NA for one of our addresses, for one). */
static void host_log_line(void *ctx, const char *line)
{
	const struct xdp6d_iface *ifc = ctx;

	xlog(ifc->ifname, "%s", line);
}

static int iface_up(struct xdp6d *d, struct xdp6d_iface *ifc, uint64_t seed)
{
	struct host_ops ops = { 0 };
	char buf[INET6_ADDRSTRLEN];
	size_t naddrs, ntent;
	xdp6_ns now;
	unsigned i;
	int err, pins;

	pins = loader_pins_open(ifc);
	if (pins < 0)
		return pins;
	if (pins == PINS_STALE) {
		maps_drop_stale(ifc);
		loader_remove_pins(ifc);
	}
	if (pins == PINS_ADOPT) {
		/* Until setup is complete, a failure leaves the program answering as found. */
		ifc->keep_state = true;
		err = loader_adopt(ifc);
		if (err)
			goto err_down;
		if (ifc->max_addrs != d->opts.max_addrs)
			xlog(ifc->ifname, "the pinned addrs map holds %u addresses: --max-addrs %u "
			     "takes effect after a clean restart", ifc->max_addrs,
			     d->opts.max_addrs);
		if (ifc->mode != d->opts.mode)
			xlog(ifc->ifname, "the adopted program runs in %s mode: --mode %s takes "
			     "effect after a clean restart", loader_mode_name(ifc->mode),
			     loader_mode_name(d->opts.mode));
	} else {
		err = iface_load(d, ifc);
		if (err)
			goto err_down;
	}
	err = xq_open_all(ifc, xq_queue_count(ifc->ifname), d->epfd);
	if (err)
		goto err_down;
	maps_host_ops(ifc, &ops);
	ops.tx.fn = xq_tx;
	ops.tx.ctx = ifc;
	if (ifc->adopted)
		maps_adopt_begin(ifc);
	now = io_now();
	ifc->adopting = ifc->adopted;
	ifc->host = host_new(&ifc->link, &d->opts.cfg, &ops, seed, now);
	if (!ifc->host) {
		ifc->adopting = false;
		err = -ENOMEM;
		xlog(ifc->ifname, "Couldn't create the host: %s", strerror(-err));
		goto err_down;
	}
	host_set_log(ifc->host, host_log_line, ifc);
	err = host_set_max_addrs(ifc->host, ifc->max_addrs);
	if (!err && ifc->adopted)
		err = iface_adopt_state(ifc, now);
	ifc->adopting = false;
	if (!err)
		err = maps_init(ifc);
	if (err)
		goto err_down;
	for (i = 0; i < d->opts.naddrs; i++) {
		struct xdp6d_addr *a = &d->opts.addrs[i];

		err = host_addr_add(ifc->host, now, &a->a, a->plen, XDP6_ORIGIN_STATIC);
		if (err == -EEXIST && ifc->adopted)
			continue;	/* taken over as it was */
		if (err) {
			xlog(ifc->ifname, "Couldn't add %s/%u: %s",
			     inet_ntop(AF_INET6, &a->a, buf, sizeof(buf)), a->plen, strerror(-err));
			goto err_down;
		}
	}
	if (ifc->adopted)
		maps_adopt_end(ifc);
	ifc->keep_state = false;
	maps_flush_events(ifc);
	naddrs = host_addrs(ifc->host, NULL, 0);
	ntent = count_tentative(ifc->host, naddrs);
	xlog(ifc->ifname, "serving %zu address%s%s, maps pinned under %s", naddrs,
	     naddrs == 1 ? "" : "es", ntent ? " (tentative ones once DAD passes)" : "",
	     ifc->pin_dir);
	return 0;

err_down:
	if (ifc->keep_state)
		xlog(ifc->ifname, "left the adopted program attached and its maps pinned: they "
		     "keep answering");
	iface_down(ifc);
	return err;
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
	while (up--) {
		/* Setup of a later interface failed: adopted ones stay as they were found. */
		if (status == EXIT_USAGE && d.ifs[up].adopted)
			d.ifs[up].keep_state = true;
		iface_down(&d.ifs[up]);
	}
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
