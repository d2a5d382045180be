// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* xdp6bench: the driver of `make bench` (micro costs of the RFC 4443 §4.2 / RFC 4861 §7.2.4 fast
 * paths, reply throughput against the Linux kernel and a minimal swap-and-XDP_TX program). */
#include <stdio.h>
#include <string.h>

#include "bench.h"

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "micro"))
		return cmd_micro(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "tput"))
		return cmd_tput(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "addrs-add"))
		return cmd_addrs_add(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "pingpong"))
		return cmd_pingpong(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "jitlines"))
		return cmd_jitlines(argc - 1, argv + 1);
	fprintf(stderr, "usage: xdp6bench micro|tput|addrs-add|pingpong|jitlines [options]   "
			"(--help on each)\n");
	return 2;
}
