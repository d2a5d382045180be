// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* xdp6bench addrs-add: fills a running xdp6d with many addresses (RFC 4862 addresses, added as
 * with `xdp6ctl addr add`) for the memory runs, speaking the control protocol of
 * user/io/ctl_proto.h directly: spawning xdp6ctl a million times would take longer than the
 * daemon does. Stops at the count, at the time budget or at the first refusal. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "bench.h"
#include "io/ctl_proto.h"

/* One request, one connection (the daemon closes after CTL_EXIT). Returns the exit status, or
 * -errno; the first error line goes to err. */
static int ctl_request(const char *const *argv, int argc, char *err, size_t errcap)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char req[CTL_REQ_MAX], msg[CTL_MSG_MAX];
	size_t len = 0;
	int fd, rc = -EPROTO;
	ssize_t n;

	err[0] = '\0';
	for (int i = 0; i < argc; i++) {
		size_t l = strlen(argv[i]) + 1;

		if (len + l > sizeof(req))
			return -E2BIG;
		memcpy(req + len, argv[i], l);
		len += l;
	}
	rc = ctl_path(sa.sun_path, sizeof(sa.sun_path), ".sock");
	if (rc)
		return rc;
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	rc = -EPROTO;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) || send(fd, req, len, 0) < 0) {
		rc = -errno;
		goto out;
	}
	while ((n = recv(fd, msg, sizeof(msg) - 1, 0)) > 0) {
		msg[n] = '\0';
		if (msg[0] == CTL_EXIT && n >= 2) {
			rc = (unsigned char)msg[1];
			break;
		}
		if (msg[0] == CTL_ERR && !err[0]) {
			size_t l = strcspn(msg + 1, "\n");

			if (l >= errcap)
				l = errcap - 1;
			memcpy(err, msg + 1, l);
			err[l] = '\0';
		}
	}
out:
	close(fd);
	return rc;
}

int cmd_addrs_add(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "first", 1, 0, 'f' }, { "count", 1, 0, 'n' }, { "dev", 1, 0, 'd' },
		{ "plen", 1, 0, 'p' }, { "budget", 1, 0, 'b' }, { 0 } };
	struct in6_addr first;
	const char *dev = NULL;
	unsigned long count = 0, plen = 64, done = 0, lo0;
	double budget = 60;
	uint64_t t0, last;
	char err[256] = "", addr[INET6_ADDRSTRLEN + 8];
	const char *why = "count reached";
	int c, have_first = 0;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f': have_first = inet_pton(AF_INET6, optarg, &first) == 1; break;
		case 'n': count = strtoul(optarg, NULL, 0); break;
		case 'd': dev = optarg; break;
		case 'p': plen = strtoul(optarg, NULL, 0); break;
		case 'b': budget = atof(optarg); break;
		default: goto usage;
		}
	}
	if (!have_first || !dev || !count)
		goto usage;
	memcpy(&lo0, &first.s6_addr[12], 4);
	lo0 = ntohl((uint32_t)lo0);
	t0 = last = now_ns();
	while (done < count) {
		struct in6_addr a = first;
		uint32_t lo = htonl((uint32_t)(lo0 + done));
		const char *req[] = { "addr", "add", addr, "dev", dev };
		char txt[INET6_ADDRSTRLEN];
		int rc;

		memcpy(&a.s6_addr[12], &lo, 4);
		inet_ntop(AF_INET6, &a, txt, sizeof(txt));
		snprintf(addr, sizeof(addr), "%s/%lu", txt, plen);
		rc = ctl_request(req, 5, err, sizeof(err));
		if (rc) {
			why = rc < 0 ? strerror(-rc) : err[0] ? err : "refused";
			break;
		}
		done++;
		if (now_ns() - last > 10ull * 1000000000ull) {
			last = now_ns();
			printf("%lu added, %.0f/s\n", done, done / ((last - t0) / 1e9));
			fflush(stdout);
		}
		if ((now_ns() - t0) / 1e9 > budget) {
			why = "time budget";
			break;
		}
	}
	/* one summary line, quoted into memory.csv by run.sh */
	printf("added %lu of %lu in %.1f s (%s)\n", done, count, (now_ns() - t0) / 1e9, why);
	return 0;
usage:
	fprintf(stderr, "usage: xdp6bench addrs-add --first ADDR --count N --dev IFACE "
			"[--plen P] [--budget SECONDS]\n");
	return 2;
}
