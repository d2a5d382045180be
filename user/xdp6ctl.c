// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* xdp6ctl: sends its command line to the xdp6d of this network namespace over its root-only
 * unix socket and prints the answer; the daemon does the parsing and rendering
 * (io/ctl_proto.h).
 * What it shows: RFC 4862 §5.4/§5.5.4 addresses, the RFC 4861 §7.3 neighbor cache and §6.3.4
 * router and prefix lists, RFC 3810 memberships, RFC 8106 DNS options, RFC 8201 path MTUs. */
#define _GNU_SOURCE	/* struct ucred */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

#include "io/ctl_proto.h"

static void usage(FILE *f)
{
	fprintf(f,
"Usage: xdp6ctl [--json] COMMAND [ARGS]\n"
"\n"
"Query and change a running xdp6d. The daemon listens on /run/xdp6/net-NETNS.sock, NETNS\n"
"being the inode of its network namespace, so run xdp6ctl in the same namespace (e.g.\n"
"nsenter --net=...), as root; xdp6ctl refuses a server that does not run as root.\n"
"Every listing takes [dev IFACE] (that interface only) and --json (an array of objects, one\n"
"per line of the text output); `X` alone is `X show`. Times are whole seconds left unless\n"
"said otherwise; \"forever\" is an infinite lifetime.\n"
"\n"
"Addresses (RFC 4862):\n"
"  addr show [dev IFACE]\n"
"        Interface, address/prefix length, state (tentative, preferred, deprecated,\n"
"        duplicate), origin (static, link-local, slaac, temporary), valid and preferred\n"
"        lifetime. JSON keys: ifname, addr, prefixlen, state, origin, valid_lft,\n"
"        preferred_lft (seconds or \"forever\").\n"
"  addr add ADDR[/PLEN] dev IFACE\n"
"        Serve ADDR on IFACE (PLEN defaults to 64): tentative until Duplicate Address\n"
"        Detection passes (unless xdp6d runs with --no-dad). Multicast, :: and ::1 are refused.\n"
"  addr del ADDR[/PLEN] dev IFACE\n"
"        Stop serving ADDR on IFACE; XDP stops answering for it at once.\n"
"\n"
"Neighbors and groups:\n"
"  neigh show [dev IFACE]\n"
"        The neighbor cache (RFC 4861 7.3). JSON: ifname, addr, lladdr (\"\" while\n"
"        incomplete), state (incomplete, reachable, stale, delay, probe), router (bool),\n"
"        age_ms (since the last state change or confirmation).\n"
"  mld show [dev IFACE]\n"
"        Multicast groups listened to (RFC 3810; ff02::1 included, never reported). JSON:\n"
"        ifname, group, refcount (addresses or users holding it), mode (\"v2\", or \"v1\"\n"
"        while an MLDv1 querier is present, RFC 3810 8.2).\n"
"\n"
"Router discovery (RFC 4861 6.3.4, RFC 4191, RFC 8106):\n"
"  router show [dev IFACE]\n"
"        Default routers. JSON: ifname, addr, lifetime (seconds), preference (high,\n"
"        medium, low).\n"
"  prefix show [dev IFACE]\n"
"        On-link prefixes from RAs. JSON: ifname, prefix, prefixlen, onlink (bool),\n"
"        autonomous (bool, the A flag: SLAAC), valid_lft, preferred_lft.\n"
"  dns show [dev IFACE]\n"
"        Recursive DNS servers and search domains from RAs. JSON: ifname, kind (\"server\" or\n"
"        \"search\"), value (address or domain), router (who advertised it), lifetime.\n"
"\n"
"ICMPv6 errors (RFC 4443, RFC 8201):\n"
"  serve add PROTO[/PORT] dev IFACE\n"
"  serve del PROTO[/PORT] dev IFACE\n"
"        With xdp6d --unserved reject, traffic to our addresses for a protocol/port nothing\n"
"        serves gets an ICMPv6 error; these say something serves it (it is passed to the\n"
"        kernel instead). PROTO: udp, tcp, dccp (33), sctp (132), udplite (136) or a number\n"
"        0-255; PORT: 1-65535, only for those five (an unserved port gets Port Unreachable,\n"
"        but TCP nothing); no PORT: the whole protocol.\n"
"  serve show [dev IFACE]\n"
"        JSON: ifname, proto (\"udp\", \"tcp\" or the number as text), port (0: any).\n"
"  pmtu show [dev IFACE]\n"
"        Path MTUs learned from Packet Too Big. JSON: ifname, dst, mtu, expires (seconds).\n"
"\n"
"NDP proxy (prefix-wide ownership):\n"
"  proxy add PREFIX/LEN dev IFACE [--static | --auto]\n"
"  proxy del PREFIX/LEN dev IFACE\n"
"        NDP proxy (RFC 4861 7.2.8): Neighbor Solicitations for any target inside PREFIX are\n"
"        answered in XDP with our MAC (Override 0, from the target address); an owned\n"
"        address still wins; Echo Requests to such targets and DAD probes for them are\n"
"        passed. --static (the default): every target in PREFIX. --auto (ndppd's auto):\n"
"        only targets under a route of the main table through another interface than\n"
"        IFACE, followed over rtnetlink as routes come and go.\n"
"  proxy show [dev IFACE]\n"
"        The proxied prefixes, and the interface's allmulticast flag (ALLMULTI: off, on,\n"
"        on(xdp6d) when xdp6d set it for the prefixes' solicited-node groups and clears it\n"
"        after the last). JSON: ifname, prefix, prefixlen, mode, allmulti,\n"
"        allmulti_by_xdp6d.\n"
"\n"
"Daemon:\n"
"  stats [dev IFACE] [--format text|json|prometheus]\n"
"        Per interface, every XDP verdict reason (packets and bytes, summed over CPUs), every\n"
"        daemon counter and the ICMPv6 errors received. JSON: [{\"ifname\", \"xdp\": {REASON:\n"
"        {\"packets\", \"bytes\"}}, \"daemon\": {REASON: N}, \"errors_rx\": [{\"type\":\n"
"        \"packet-too-big\", \"code\": 0, \"count\": N}, ...]}]; types: dest-unreach,\n"
"        packet-too-big, time-exceeded, param-problem, other.\n"
"        --format prometheus: the Prometheus text format, for node_exporter's textfile\n"
"        collector: xdp6_xdp_packets_total and xdp6_xdp_bytes_total{interface, reason},\n"
"        xdp6_daemon_events_total{interface, reason},\n"
"        xdp6_icmp6_errors_received_total{interface, type, code} (counters),\n"
"        xdp6_addresses{interface, state}, xdp6_uptime_seconds, xdp6_build_info{version}.\n"
"  stats --watch [SECONDS] [--count N] [dev IFACE]\n"
"        Every SECONDS (default 1), the per-second rate of each counter that moved; in\n"
"        place on a terminal, one block per interval otherwise. --count: stop after N.\n"
"  dump [-i IFACE] [-c COUNT] [-s SNAPLEN] -w FILE|-\n"
"        The frames xdp6d receives through AF_XDP and sends (not those XDP answers on its\n"
"        own), as a pcap file (nanosecond timestamps) for tcpdump or tshark; -w - writes\n"
"        to stdout. Ends after COUNT frames or on SIGINT. Nothing is captured unless a dump\n"
"        runs; xdp6d never waits for a slow reader: frames that do not fit its 1 MiB\n"
"        socket buffer are dropped, and xdp6d says how many at the end.\n"
"  reload\n"
"        Re-read xdp6d's config file, as SIGHUP does (see xdp6d --help, Reload), and print\n"
"        what changed. Exit status 1 when the file has an error (nothing is changed) or an\n"
"        address could not be added.\n"
"  status [dev IFACE]\n"
"        Daemon pid and uptime; per interface: ifindex, attach mode (native/skb), whether\n"
"        attached through the libxdp dispatcher or as a single program, program ids, AF_XDP\n"
"        queues and mode (copy/zerocopy), pinned map directory, address count, and what\n"
"        router advertisements set. JSON: {\"pid\", \"uptime\", \"control_socket\",\n"
"        \"interfaces\": [{\"ifname\", \"ifindex\", \"mode\", \"attach\", \"prog_id\",\n"
"        \"attached_prog_id\", \"xsk_queues\", \"xsk_mode\", \"pin_path\", \"addresses\",\n"
"        \"ra\": {\"hop_limit\", \"mtu\", \"reachable_ms\", \"retrans_ms\", \"managed\",\n"
"        \"other\"}, \"xsk_frames\": [...]}]} (ra values 0 until an RA sets them; mtu is the\n"
"        link MTU until then); with dev IFACE, \"interfaces\" holds that interface only.\n"
"        xsk_frames, per AF_XDP queue, where its UMEM frames are: {\"queue\", \"total\",\n"
"        \"fill\", \"rx\" (in those rings), \"kernel\" (lent, in neither ring), \"held\" (read,\n"
"        not yet back in the fill ring), \"tx_free\", \"tx_inflight\", \"fill_deferred\",\n"
"        \"bad_desc\", \"ok\"}; ok is false when a frame is in none of these places.\n"
"\n"
"Options:\n"
"  -j, --json    JSON output (for show, stats and status; may stand anywhere).\n"
"  -h, --help    Show this help.\n"
"\n"
"Exit status: 0 success, 1 the daemon refused or failed (or none runs), 2 bad usage.\n"
"\n"
"Examples:\n"
"  xdp6ctl addr add 2001:db8::1/64 dev eth0\n"
"  xdp6ctl addr show --json\n"
"  xdp6ctl neigh show dev eth0\n"
"  xdp6ctl serve add udp/53 dev eth0\n"
"  xdp6ctl stats dev eth0\n"
"  nsenter --net=/run/netns/dut xdp6ctl status\n");
}

/* Connects to this namespace's xdp6d; refuses a server that is not root (only root can
 * create the socket file, but a server that is not root is not xdp6d whatever the path says).
 * Returns the socket, or -1 after a message. */
static int ctl_connect(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = CTL_TIMEOUT_SEC };
	struct ucred cred;
	socklen_t clen = sizeof(cred);
	char path[sizeof(sun.sun_path)];
	int fd, err;

	err = ctl_path(path, sizeof(path), ".sock");
	if (err) {
		fprintf(stderr, "xdp6ctl: Couldn't name the control socket (/proc/self/ns/net): "
			"%s\n", strerror(-err));
		return -1;
	}
	memcpy(sun.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		fprintf(stderr, "xdp6ctl: socket: %s\n", strerror(errno));
		return -1;
	}
	/* Set before connect(): a daemon that stops accepting must not hang us (its backlog). */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun))) {
		if (errno == ECONNREFUSED || errno == ENOENT)
			fprintf(stderr, "xdp6ctl: no xdp6d runs in this network namespace "
				"(nothing listens on %s)\n", path);
		else if (errno == EACCES || errno == EPERM)
			fprintf(stderr, "xdp6ctl: permission denied: only root may control xdp6d "
				"(%s)\n", path);
		else if (errno == EAGAIN)
			fprintf(stderr, "xdp6ctl: xdp6d did not accept the connection in time "
				"(%s)\n", path);
		else
			fprintf(stderr, "xdp6ctl: Couldn't connect to xdp6d (%s): %s\n", path,
				strerror(errno));
		close(fd);
		return -1;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) || clen != sizeof(cred)) {
		fprintf(stderr, "xdp6ctl: Couldn't check who listens on %s: %s\n", path,
			strerror(errno));
		close(fd);
		return -1;
	}
	if (cred.uid != 0) {
		fprintf(stderr, "xdp6ctl: refusing the server on %s: it runs as uid %u (pid %d), "
			"not root, so it is not xdp6d\n", path, (unsigned)cred.uid, (int)cred.pid);
		close(fd);
		return -1;
	}
	return fd;
}

/* Output of one request, kept instead of printed (stats --watch). */
struct capture {
	char *buf;
	size_t len, cap;
};

static int capture_add(struct capture *c, const char *p, size_t n)
{
	char *b;

	if (c->len + n + 1 > c->cap) {
		c->cap = (c->len + n + 1) * 2;
		b = realloc(c->buf, c->cap);
		if (!b)
			return -ENOMEM;
		c->buf = b;
	}
	memcpy(c->buf + c->len, p, n);
	c->len += n;
	c->buf[c->len] = '\0';
	return 0;
}

/* Sends req (NUL-separated words, len bytes) and prints the answer, or keeps its stdout part
 * in cap if not NULL. Returns the daemon's exit status, or CTL_EXIT_FAIL. */
static int request(const char *req, size_t len, struct capture *cap)
{
	char msg[CTL_MSG_MAX];
	int fd, send_err = 0, resets = 0;
	ssize_t n;

	fd = ctl_connect();
	if (fd < 0)
		return CTL_EXIT_FAIL;
	/* A failed send may still have an answer queued (a refusal): read before giving up. */
	if (send(fd, req, len, MSG_NOSIGNAL) < 0)
		send_err = errno;
	for (;;) {
		n = recv(fd, msg, sizeof(msg), 0);
		/* A refusal closed with our request unread reports ECONNRESET first; the answer
		 * is still queued behind it. */
		if (n < 0 && errno == ECONNRESET && !resets++)
			continue;
		if (n <= 0) {
			if (send_err)
				fprintf(stderr, "xdp6ctl: Couldn't send to xdp6d: %s\n",
					strerror(send_err));
			else
				fprintf(stderr, "xdp6ctl: %s\n", n < 0 && (errno == EAGAIN ||
					errno == EWOULDBLOCK) ? "xdp6d did not answer in time" :
					"xdp6d closed the connection without an answer");
			close(fd);
			return CTL_EXIT_FAIL;
		}
		switch (msg[0]) {
		case CTL_OUT:
			if (!cap)
				fwrite(msg + 1, 1, (size_t)n - 1, stdout);
			else if (capture_add(cap, msg + 1, (size_t)n - 1)) {
				fprintf(stderr, "xdp6ctl: out of memory\n");
				close(fd);
				return CTL_EXIT_FAIL;
			}
			break;
		case CTL_ERR:
			fwrite(msg + 1, 1, (size_t)n - 1, stderr);
			break;
		case CTL_EXIT:
			close(fd);
			fflush(stdout);
			return n >= 2 ? (unsigned char)msg[1] : CTL_EXIT_FAIL;
		default:
			break;	/* unknown message types from a newer daemon: skip */
		}
	}
}

/* One counter of a Prometheus snapshot: "name{labels}" and its value. */
struct series {
	char *key;
	double v;
};

/* The counters (families ending in _total) of a Prometheus text snapshot; text is modified. */
static size_t parse_counters(char *text, struct series **out)
{
	struct series *s = NULL, *ns;
	size_t n = 0;
	char *line, *save = NULL, *sp;

	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#' || !(sp = strrchr(line, ' ')))
			continue;
		*sp = '\0';
		if (!strstr(line, "_total{") && !strstr(line, "_total "))
			continue;
		ns = realloc(s, (n + 1) * sizeof(*s));
		if (!ns)
			break;
		s = ns;
		s[n].key = line;
		s[n].v = strtod(sp + 1, NULL);
		n++;
	}
	*out = s;
	return n;
}

/* stats --watch [SECONDS] [--count N] [dev IFACE]: per-second rates of the counters that moved
 * between two snapshots (`stats --format prometheus`), refreshed in place on a terminal, one
 * block per interval otherwise; --count stops after N blocks. */
static int watch(int argc, char **argv)
{
	char req[CTL_REQ_MAX];
	struct capture prev = { 0 }, cur = { 0 };
	struct series *a = NULL, *b = NULL;
	unsigned long interval = 1, count = 0, shown = 0;
	const char *dev = NULL;
	size_t len = 0, na, nb, i, k;
	bool tty = isatty(STDOUT_FILENO);
	int status, j;
	char *end;

	for (j = 0; j < argc; j++) {
		if (!strcmp(argv[j], "--watch") && j + 1 < argc && argv[j + 1][0] != '-' &&
		    strcmp(argv[j + 1], "dev")) {
			interval = strtoul(argv[++j], &end, 10);
			if (*end || !interval || interval > 3600) {
				fprintf(stderr, "xdp6ctl: --watch SECONDS: 1-3600\n");
				return CTL_EXIT_USAGE;
			}
		} else if (!strcmp(argv[j], "--count") && j + 1 < argc) {
			count = strtoul(argv[++j], &end, 10);
			if (*end || !count) {
				fprintf(stderr, "xdp6ctl: --count N: at least 1\n");
				return CTL_EXIT_USAGE;
			}
		} else if (!strcmp(argv[j], "dev") && j + 1 < argc) {
			dev = argv[++j];
		} else if (strcmp(argv[j], "--watch") && strcmp(argv[j], "stats")) {
			fprintf(stderr, "xdp6ctl: stats --watch: unexpected '%s' (see --help)\n",
				argv[j]);
			return CTL_EXIT_USAGE;
		}
	}
	len += (size_t)snprintf(req, sizeof(req), "stats%c--format%cprometheus", 0, 0) + 1;
	if (dev)
		len += (size_t)snprintf(req + len, sizeof(req) - len, "dev%c%s", 0, dev) + 1;
	status = request(req, len, &prev);
	if (status)
		return status;
	while (!count || shown < count) {
		sleep((unsigned)interval);
		cur.len = 0;
		status = request(req, len, &cur);
		if (status)
			break;
		/* parse copies: the captures stay for the next round */
		{
			char *pa = strdup(prev.buf ? prev.buf : ""), *pb = strdup(cur.buf);

			na = pa ? parse_counters(pa, &a) : 0;
			nb = pb ? parse_counters(pb, &b) : 0;
			if (tty)
				printf("\033[H\033[J");
			printf("every %lus, per second, counters that moved:\n", interval);
			for (k = 0; k < nb; k++)
				for (i = 0; i < na; i++)
					if (!strcmp(a[i].key, b[k].key)) {
						if (b[k].v != a[i].v)
							printf("  %-70s %12.1f\n", b[k].key,
							       (b[k].v - a[i].v) / (double)interval);
						break;
					}
			if (!tty)
				printf("\n");
			fflush(stdout);
			free(a);
			free(b);
			a = b = NULL;
			free(pa);
			free(pb);
		}
		free(prev.buf);
		prev = cur;
		cur = (struct capture){ 0 };
		shown++;
	}
	free(prev.buf);
	free(cur.buf);
	return status;
}

/* pcap (tcpdump's classic format, nanosecond timestamps, Ethernet frames). */
#define PCAP_MAGIC_NS		0xa1b23c4du
#define PCAP_LINKTYPE_ETHERNET	1

static volatile sig_atomic_t dump_stop;

static void on_signal(int sig)
{
	dump_stop = 1;
}

/* dump [-i IFACE] [-c COUNT] [-s SNAPLEN] -w FILE|-: the daemon's AF_XDP frames, received and
 * sent, into a pcap file; ends after COUNT frames, on SIGINT/SIGTERM, or when xdp6d goes. */
static int dump(int argc, char **argv)
{
	char req[CTL_REQ_MAX], msg[CTL_MSG_MAX];
	const char *dev = NULL, *file = NULL, *snap = NULL;
	unsigned long count = 0, got = 0;
	struct ctl_pkt_hdr h;
	struct timeval tv = { 0 };
	struct sigaction sa = { .sa_handler = on_signal };	/* no SA_RESTART: recv returns */
	uint32_t ph[6], rec[4], snaplen;
	size_t len = 0, n;
	ssize_t r;
	FILE *out;
	char *end;
	int fd, i, status = CTL_EXIT_OK;

	for (i = 1; i < argc; i++) {
		if (i + 1 >= argc || argv[i][0] != '-' || argv[i][2]) {
			fprintf(stderr, "xdp6ctl: dump: unexpected '%s' (see xdp6ctl --help)\n",
				argv[i]);
			return CTL_EXIT_USAGE;
		}
		switch (argv[i][1]) {
		case 'i': dev = argv[++i]; break;
		case 'w': file = argv[++i]; break;
		case 's': snap = argv[++i]; break;
		case 'c':
			count = strtoul(argv[++i], &end, 10);
			if (*end || !count) {
				fprintf(stderr, "xdp6ctl: dump -c COUNT: at least 1\n");
				return CTL_EXIT_USAGE;
			}
			break;
		default:
			fprintf(stderr, "xdp6ctl: dump: unknown option '%s'\n", argv[i]);
			return CTL_EXIT_USAGE;
		}
	}
	if (!file) {
		fprintf(stderr, "xdp6ctl: dump needs -w FILE (or -w - for stdout)\n");
		return CTL_EXIT_USAGE;
	}
	len = (size_t)snprintf(req, sizeof(req), "dump") + 1;
	if (dev)
		len += (size_t)snprintf(req + len, sizeof(req) - len, "dev%c%s", 0, dev) + 1;
	if (snap)
		len += (size_t)snprintf(req + len, sizeof(req) - len, "snaplen%c%s", 0, snap) + 1;
	fd = ctl_connect();
	if (fd < 0)
		return CTL_EXIT_FAIL;
	if (send(fd, req, len, MSG_NOSIGNAL) < 0) {
		fprintf(stderr, "xdp6ctl: Couldn't send to xdp6d: %s\n", strerror(errno));
		close(fd);
		return CTL_EXIT_FAIL;
	}
	out = strcmp(file, "-") ? fopen(file, "we") : stdout;
	if (!out) {
		fprintf(stderr, "xdp6ctl: %s: %s\n", file, strerror(errno));
		close(fd);
		return CTL_EXIT_FAIL;
	}
	snaplen = snap ? (uint32_t)strtoul(snap, NULL, 10) : CTL_SNAPLEN_MAX;
	ph[0] = PCAP_MAGIC_NS;
	ph[1] = 2 | (4u << 16);		/* version 2.4 (major, minor as two u16) */
	ph[2] = 0;			/* thiszone */
	ph[3] = 0;			/* sigfigs */
	ph[4] = snaplen;
	ph[5] = PCAP_LINKTYPE_ETHERNET;
	fwrite(ph, sizeof(ph), 1, out);
	fflush(out);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* frames come when they come: no receive timeout */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	while (!dump_stop && (!count || got < count)) {
		r = recv(fd, msg, sizeof(msg), 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;		/* xdp6d went away */
		if (msg[0] == CTL_ERR) {
			fwrite(msg + 1, 1, (size_t)r - 1, stderr);
		} else if (msg[0] == CTL_EXIT) {
			status = r >= 2 ? (unsigned char)msg[1] : CTL_EXIT_FAIL;
			break;
		} else if (msg[0] == CTL_PKT && (size_t)r > sizeof(h)) {
			memcpy(&h, msg + 1, sizeof(h));
			n = (size_t)r - 1 - sizeof(h);
			rec[0] = (uint32_t)(h.ts_ns / 1000000000ull);
			rec[1] = (uint32_t)(h.ts_ns % 1000000000ull);
			rec[2] = (uint32_t)n;
			rec[3] = h.len;
			fwrite(rec, sizeof(rec), 1, out);
			fwrite(msg + 1 + sizeof(h), 1, n, out);
			fflush(out);
			got++;
		}
	}
	/* "stop": xdp6d answers with what it dropped (CTL_ERR) and CTL_EXIT; frames still in
	 * flight before that are read past */
	tv.tv_sec = CTL_TIMEOUT_SEC;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (status == CTL_EXIT_OK && send(fd, "stop", 4, MSG_NOSIGNAL) == 4) {
		while ((r = recv(fd, msg, sizeof(msg), 0)) > 0 || (r < 0 && errno == EINTR)) {
			if (r <= 0)
				continue;
			if (msg[0] == CTL_ERR)
				fwrite(msg + 1, 1, (size_t)r - 1, stderr);
			else if (msg[0] == CTL_EXIT)
				break;
		}
	}
	close(fd);
	if (out != stdout)
		fclose(out);
	fprintf(stderr, "xdp6ctl: %lu frame%s captured\n", got, got == 1 ? "" : "s");
	return status;
}

int main(int argc, char **argv)
{
	char req[CTL_REQ_MAX];
	size_t len = 0, l;
	int i;

	if (argc < 2) {
		fprintf(stderr, "xdp6ctl: no command (see xdp6ctl --help)\n");
		return CTL_EXIT_USAGE;
	}
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help") ||
		    !strcmp(argv[i], "help")) {
			usage(stdout);
			return CTL_EXIT_OK;
		}
		if (!strcmp(argv[i], "--watch") && !strcmp(argv[1], "stats"))
			return watch(argc - 1, argv + 1);
		if (i == 1 && !strcmp(argv[1], "dump"))
			return dump(argc - 1, argv + 1);
		l = strlen(argv[i]) + 1;
		if (len + l > sizeof(req) || i > CTL_ARGS_MAX) {
			fprintf(stderr, "xdp6ctl: command line too long\n");
			return CTL_EXIT_USAGE;
		}
		memcpy(req + len, argv[i], l);
		len += l;
	}
	return request(req, len, NULL);
}
