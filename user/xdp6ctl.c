// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* xdp6ctl: sends its command line to xdp6d over the abstract unix socket @xdp6d of this network
 * namespace and prints the answer; the daemon does the parsing and rendering (io/ctl_proto.h).
 * Addresses and states it shows are RFC 4862 §5.4/§5.5.4 ones. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
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
"Query and change a running xdp6d. The daemon listens on the abstract unix socket @xdp6d of\n"
"its network namespace, so run xdp6ctl in the same namespace (e.g. nsenter --net=...), as root.\n"
"\n"
"Commands:\n"
"  addr show [dev IFACE] [--json]\n"
"        List the addresses served: interface, address/prefix length, state (tentative,\n"
"        preferred, deprecated, duplicate), origin (static, link-local, slaac, temporary),\n"
"        valid and preferred lifetime (seconds or forever). `addr` alone is `addr show`.\n"
"        --json prints an array of objects with the keys ifname, addr, prefixlen, state,\n"
"        origin, valid_lft, preferred_lft.\n"
"  addr add ADDR[/PLEN] dev IFACE\n"
"        Serve ADDR on IFACE (PLEN defaults to 64). Multicast, :: and ::1 are refused.\n"
"  addr del ADDR[/PLEN] dev IFACE\n"
"        Stop serving ADDR on IFACE; XDP stops answering for it at once.\n"
"  stats [dev IFACE] [--json]\n"
"        Per interface, every XDP verdict reason (packets and bytes, summed over CPUs) and\n"
"        every daemon counter. --json: [{\"ifname\", \"xdp\": {REASON: {\"packets\", \"bytes\"}},\n"
"        \"daemon\": {REASON: N}}].\n"
"  status [--json]\n"
"        Daemon pid and uptime; per interface: ifindex, attach mode (native/skb), whether\n"
"        attached through the libxdp dispatcher or as a single program, program id, AF_XDP\n"
"        queues and mode (copy/zerocopy), pinned map directory, address count.\n"
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
"  xdp6ctl stats dev eth0\n"
"  nsenter --net=/run/netns/dut xdp6ctl status\n");
}

int main(int argc, char **argv)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = CTL_TIMEOUT_SEC };
	char req[CTL_REQ_MAX], msg[CTL_MSG_MAX];
	size_t len = 0, l;
	socklen_t slen;
	ssize_t n;
	int fd, i, send_err = 0;

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
		l = strlen(argv[i]) + 1;
		if (len + l > sizeof(req) || i > CTL_ARGS_MAX) {
			fprintf(stderr, "xdp6ctl: command line too long\n");
			return CTL_EXIT_USAGE;
		}
		memcpy(req + len, argv[i], l);
		len += l;
	}

	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		fprintf(stderr, "xdp6ctl: socket: %s\n", strerror(errno));
		return CTL_EXIT_FAIL;
	}
	memcpy(sun.sun_path + 1, CTL_SOCK_NAME, strlen(CTL_SOCK_NAME));
	slen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(CTL_SOCK_NAME));
	if (connect(fd, (struct sockaddr *)&sun, slen)) {
		if (errno == ECONNREFUSED || errno == ENOENT)
			fprintf(stderr, "xdp6ctl: no xdp6d runs in this network namespace "
				"(nothing listens on @%s)\n", CTL_SOCK_NAME);
		else
			fprintf(stderr, "xdp6ctl: Couldn't connect to xdp6d (@%s): %s\n",
				CTL_SOCK_NAME, strerror(errno));
		close(fd);
		return CTL_EXIT_FAIL;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	/* A failed send may still have an answer queued (a refusal): read before giving up. */
	if (send(fd, req, len, MSG_NOSIGNAL) < 0)
		send_err = errno;
	for (;;) {
		n = recv(fd, msg, sizeof(msg), 0);
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
			fwrite(msg + 1, 1, (size_t)n - 1, stdout);
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
