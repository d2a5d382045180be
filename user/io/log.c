// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Daemon logging (one line per event on stderr, prefixed with the interface) and the monotonic
 * clock; libbpf and libxdp messages are folded into the same format. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <bpf/libbpf.h>
#include <xdp/libxdp.h>

#include "log.h"

int xlog_verbose;

static void vlog(const char *ifname, const char *fmt, va_list ap)
{
	char line[1024];

	vsnprintf(line, sizeof(line), fmt, ap);
	if (ifname)
		fprintf(stderr, "xdp6d: %s: %s\n", ifname, line);
	else
		fprintf(stderr, "xdp6d: %s\n", line);
}

void xlog(const char *ifname, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(ifname, fmt, ap);
	va_end(ap);
}

void xlog_dbg(const char *ifname, const char *fmt, ...)
{
	va_list ap;

	if (!xlog_verbose)
		return;
	va_start(ap, fmt);
	vlog(ifname, fmt, ap);
	va_end(ap);
}

/* Library messages end in '\n' and may span lines (verifier logs): one prefixed line each.
 * libbpf prefixes its own messages with "libbpf: ", libxdp does not. */
static int lib_vprint(const char *lib, bool debug, const char *fmt, va_list ap)
{
	char buf[8192], *line, *save = NULL;
	size_t pl = strlen(lib);

	if (xlog_verbose < (debug ? 2 : 1))
		return 0;
	vsnprintf(buf, sizeof(buf), fmt, ap);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, lib, pl) && !strncmp(line + pl, ": ", 2))
			line += pl + 2;
		fprintf(stderr, "xdp6d: %s: %s\n", lib, line);
	}
	return 0;
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return lib_vprint("libbpf", level == LIBBPF_DEBUG, fmt, ap);
}

static int libxdp_print(enum libxdp_print_level level, const char *fmt, va_list ap)
{
	return lib_vprint("libxdp", level == LIBXDP_DEBUG, fmt, ap);
}

void xlog_libs_init(void)
{
	libbpf_set_print(libbpf_print);
	libxdp_set_print(libxdp_print);
}

xdp6_ns io_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (xdp6_ns)ts.tv_sec * XDP6_NS_PER_SEC + (xdp6_ns)ts.tv_nsec;
}
