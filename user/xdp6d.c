// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* xdp6d: the IPv6 host behind the XDP fast path (RFC 4861/4862 addresses and neighbor
 * discovery, RFC 4443 echo answered in XDP). Parses and validates the command line, then sets
 * each interface up in the DESIGN.md order (skeleton → libxdp attach → pins → AF_XDP → host
 * and addresses), runs the event loop, and tears down in reverse. */
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
#define BAD_RATE	"invalid rate '%s' (PPS[:BURST], BURST at least 1)"

enum {
	OPT_ECHO_RATE = 256,
	OPT_NA_RATE,
	OPT_NO_DAD,
	OPT_NO_LINK_LOCAL,
	OPT_NO_ECHO_MCAST,
	OPT_ROUTER,
	OPT_HOP_LIMIT,
	OPT_MAX_ADDRS,
};

static const struct option long_opts[] = {
	{ "addr",		required_argument,	NULL, 'a' },
	{ "mode",		required_argument,	NULL, 'm' },
	{ "echo-rate",		required_argument,	NULL, OPT_ECHO_RATE },
	{ "na-rate",		required_argument,	NULL, OPT_NA_RATE },
	{ "no-dad",		no_argument,		NULL, OPT_NO_DAD },
	{ "no-link-local",	no_argument,		NULL, OPT_NO_LINK_LOCAL },
	{ "no-echo-multicast",	no_argument,		NULL, OPT_NO_ECHO_MCAST },
	{ "router",		no_argument,		NULL, OPT_ROUTER },
	{ "hop-limit",		required_argument,	NULL, OPT_HOP_LIMIT },
	{ "max-addrs",		required_argument,	NULL, OPT_MAX_ADDRS },
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
"of the host's duties run in this daemon, fed through AF_XDP. Runs in the foreground and logs\n"
"to stderr; SIGINT or SIGTERM detach the program and remove the pinned maps. Control it with\n"
"xdp6ctl over the abstract unix socket @xdp6d: one xdp6d per network namespace, root only.\n"
"\n"
"Options:\n"
"  -a, --addr ADDR[/PLEN]    Serve ADDR on every IFACE. Repeatable. PLEN defaults to 64.\n"
"                            Link-local addresses are allowed; multicast, :: and ::1 are not.\n"
"  -m, --mode native|skb     XDP attach mode (default: native). native runs in the driver\n"
"                            (veth supports it); skb is the generic hook. There is no\n"
"                            fallback: if the driver refuses the mode, xdp6d exits.\n"
"      --echo-rate PPS[:BURST]\n"
"                            Echo Replies per second per interface, bursts of BURST\n"
"                            (default: unlimited; BURST defaults to PPS; 0 = unlimited).\n"
"      --na-rate PPS[:BURST] Neighbor Advertisements per second, as --echo-rate.\n"
"      --no-dad              Addresses are preferred at once, without Duplicate Address\n"
"                            Detection (RFC 4862 5.4).\n"
"      --no-link-local       Do not generate the fe80::/64 modified EUI-64 link-local address\n"
"                            from the interface MAC (RFC 4862 5.3).\n"
"      --no-echo-multicast   Do not answer Echo Requests sent to ff02::1.\n"
"      --router              Set the Router flag in Neighbor Advertisements (RFC 4861 4.4).\n"
"      --hop-limit N         Hop limit of Echo Replies, 1-255 (default: 64).\n"
"      --max-addrs N         Addresses per interface, link-local included: the size of the\n"
"                            pinned addrs map (default: %u, at most %u).\n"
"  -v, --verbose             Log every address and group change and libbpf/libxdp warnings;\n"
"                            twice (-vv) adds their debug output (e.g. the verifier log).\n"
"  -h, --help                Show this help.\n"
"\n"
"Files:\n"
"  %s/IFACE/{addrs,iface,tokens,groups,served,stats,xsks}\n"
"                            The XDP program's maps, pinned while xdp6d runs (bpffs is mounted\n"
"                            on /sys/fs/bpf if it is not).\n"
"\n"
"Exit status:\n"
"  0 after SIGINT/SIGTERM; 2 for a bad argument, when not root, or when attaching, pinning or\n"
"  AF_XDP setup fails (nothing is left attached or pinned); 1 if the event loop fails.\n"
"\n"
"Examples:\n"
"  xdp6d -a 2001:db8::1/64 eth0\n"
"  xdp6d --mode skb --no-dad -a 2001:db8::1 -a 2001:db8:1::1/48 eth0 eth1\n"
"  nsenter --net=/run/netns/dut xdp6d --echo-rate 1000:50 -a 2001:db8::1 veth0\n",
		XDP6_DEFAULT_MAX_ADDRS, MAX_ADDRS_LIMIT, XDP6_PIN_ROOT);
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
	char path[PATH_MAX], buf[INET6_ADDRSTRLEN];
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
	for (i = 0; i < d->nifs && d->opts.cfg.link_local; i++) {
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
	for (i = 0; i < d->nifs; i++)
		if (loader_pin_dir_exists(d->ifs[i].ifname, path, sizeof(path))) {
			fprintf(stderr, "xdp6d: %s is already served: %s exists (another xdp6d, or "
				"one that crashed: then remove that directory)\n",
				d->ifs[i].ifname, path);
			return -EEXIST;
		}
	return 0;
}

static void iface_down(struct xdp6d_iface *ifc)
{
	maps_fini(ifc);
	host_free(ifc->host);
	ifc->host = NULL;
	xq_close_all(ifc);
	loader_unpin(ifc);
	loader_detach(ifc);
	loader_close(ifc);
}

static int iface_up(struct xdp6d *d, struct xdp6d_iface *ifc, uint64_t seed)
{
	struct host_ops ops = { 0 };
	char buf[INET6_ADDRSTRLEN];
	xdp6_ns now;
	unsigned i;
	int err;

	err = loader_open(ifc, d->opts.max_addrs);
	if (err)
		return err;
	err = loader_attach(ifc, d->opts.mode);
	if (err)
		goto err_down;
	err = loader_pin(ifc);
	if (err)
		goto err_down;
	err = xq_open_all(ifc, xq_queue_count(ifc->ifname), d->epfd);
	if (err)
		goto err_down;
	maps_host_ops(ifc, &ops);
	ops.tx.fn = xq_tx;
	ops.tx.ctx = ifc;
	now = io_now();
	ifc->host = host_new(&ifc->link, &d->opts.cfg, &ops, seed, now);
	if (!ifc->host) {
		err = -ENOMEM;
		xlog(ifc->ifname, "Couldn't create the host: %s", strerror(-err));
		goto err_down;
	}
	err = host_set_max_addrs(ifc->host, d->opts.max_addrs);
	if (!err)
		err = maps_init(ifc);
	if (err)
		goto err_down;
	for (i = 0; i < d->opts.naddrs; i++) {
		struct xdp6d_addr *a = &d->opts.addrs[i];

		err = host_addr_add(ifc->host, now, &a->a, a->plen, XDP6_ORIGIN_STATIC);
		if (err) {
			xlog(ifc->ifname, "Couldn't add %s/%u: %s",
			     inet_ntop(AF_INET6, &a->a, buf, sizeof(buf)), a->plen, strerror(-err));
			goto err_down;
		}
	}
	xlog(ifc->ifname, "serving %zu address%s, maps pinned under %s",
	     host_addrs(ifc->host, NULL, 0), host_addrs(ifc->host, NULL, 0) == 1 ? "" : "es",
	     ifc->pin_dir);
	return 0;

err_down:
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
	err = ctl_listen(&d);
	if (err == -EADDRINUSE) {
		xlog(NULL, "another xdp6d already runs in this network namespace (control socket "
		     "@xdp6d in use)");
		goto out_loop;
	}
	if (!err)
		err = loop_add_ctl(&d);
	if (err) {
		xlog(NULL, "Couldn't open the control socket @xdp6d: %s", strerror(-err));
		goto out_loop;
	}
	for (up = 0; up < d.nifs; up++)
		if (iface_up(&d, &d.ifs[up], seed + up))
			goto out_ifaces;
	if (d.opts.cfg.dad)
		xlog(NULL, "duplicate address detection is not wired in yet: addresses became "
		     "preferred at once, as with --no-dad");
	status = loop_run(&d) ? 1 : 0;
out_ifaces:
	while (up--)
		iface_down(&d.ifs[up]);
	ctl_close(&d);
out_loop:
	loop_fini(&d);
out:
	free(d.ifs);
	free(d.opts.addrs);
	if (status == 0)
		xlog(NULL, "stopped: programs detached, maps unpinned");
	return status;
}
