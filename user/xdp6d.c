// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* xdp6d: the IPv6 host behind the XDP fast path (RFC 4861/4862 addresses and neighbor
 * discovery, RFC 4443 echo answered in XDP). Reads its configuration (io/reload.c: the
 * option table of io/opts.c over the command line and /etc/xdp6/xdp6d.conf), validates it,
 * brings each interface up (io/iface.c: a fresh start, or the adoption of what a killed xdp6d left),
 * runs the event loop, and tears down in reverse. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/random.h>
#include <systemd/sd-daemon.h>

#include "io/daemon.h"
#include "io/ctl.h"
#include "io/iface.h"
#include "io/loader.h"
#include "io/log.h"
#include "io/loop.h"
#include "io/parse.h"
#include "io/config.h"
#include "io/reload.h"
#include "addr.h"

#define EXIT_USAGE	2	/* bad argument or failed setup: nothing left behind */

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
"Each long option is also a key of the config file (xdp6d.conf(5): `key = value` lines, a\n"
"flag takes yes or no), except those under \"Command line only\". The command line\n"
"overrides the file; a list (interface, addr) on the command line replaces the file's.\n");
	conf_help(f, &xdp6d_schema);
	fprintf(f, "\n"
"Reload:\n"
"  SIGHUP or `xdp6ctl reload` re-read the config file: addresses it no longer names stop being\n"
"  answered, new ones go through DAD, the others are not touched (no detach, no new maps, no\n"
"  new DAD). Addresses added with `xdp6ctl addr add` are kept. Other changed options are\n"
"  reported and take effect after a restart. A file with an error changes nothing.\n"
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
"  xdp6d -c /etc/xdp6/xdp6d.conf\n"
"  nsenter --net=/run/netns/dut xdp6d --echo-rate 1000:50 -a 2001:db8::1 veth0\n",
		XDP6_PIN_ROOT, map_names + 1);
}

static int bad(const char *fmt, const char *arg)
{
	fprintf(stderr, "xdp6d: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	return -EINVAL;
}

/* Everything that can be checked before touching the kernel. */
static int validate(struct xdp6d *d)
{
	char **names = d->opts.ifnames;
	unsigned n = d->opts.nifnames;
	char buf[INET6_ADDRSTRLEN];
	unsigned i, k, need;

	if (geteuid() != 0)
		return bad("must run as root (it attaches XDP programs and pins maps)%s", "");
	d->ifs = calloc(n, sizeof(*d->ifs));
	if (!d->ifs)
		return bad("out of memory%s", "");
	for (i = 0; i < n; i++) {
		struct xdp6d_iface *ifc = &d->ifs[i];

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

int main(int argc, char **argv)
{
	struct xdp6d d = { .epfd = -1, .timerfd = -1, .sigfd = -1, .ctl_fd = -1 };
	int status = EXIT_USAGE, err;
	unsigned i, up = 0;
	uint64_t seed = 0;

	for (i = 0; i < CTL_MAX_CONNS; i++)
		d.conns[i].fd = -1;
	err = config_load(&d, argc, argv);
	if (err == 1) {
		usage(stdout);
		status = 0;
		goto out_conf;
	}
	if (err)
		goto out;
	if (d.opts.check) {
		status = 0;
		goto out_conf;
	}
	xlog_open(stderr);
	config_apply_log(&d.opts);
	xlog_libs_init();
	if (validate(&d))
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
	/* Type=notify: ready once every interface has its program attached and maps pinned (a
	 * no-op unless systemd set NOTIFY_SOCKET) */
	sd_notifyf(0, "READY=1\nSTATUS=serving %u interface%s\nMAINPID=%lu", d.nifs,
		   d.nifs == 1 ? "" : "s", (unsigned long)getpid());
	status = loop_run(&d) ? 1 : 0;
	sd_notify(0, "STOPPING=1");
out_ifaces:
	/* Setup of a later interface failed: adopted ones stay as they were found. */
	while (up--)
		iface_down(&d.ifs[up], status == EXIT_USAGE && loader_adopted(&d.ifs[up]));
	ctl_close(&d);
out_loop:
	loop_fini(&d);
out:
	free(d.ifs);
	if (status == 0)
		xlog(NULL, "stopped: programs detached, maps unpinned, multicast groups left");
out_conf:
	config_free(&d);
	return status;
}
