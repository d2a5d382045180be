// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Daemon logging (one line per event on stderr, prefixed with the interface) and the monotonic
 * clock; libbpf and libxdp messages are folded into the same format. */
#define _GNU_SOURCE		/* vasprintf */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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

/* What the kernel said when it refused a program or an attach, kept from the libraries'
 * warnings whatever -v says (xlog_lib_explain): the last lines of the last verifier log
 * (libbpf prints it between these markers when a load fails) and the kernel's last netlink
 * error message (extack, e.g. virtio-net's "MTU too large to enable XDP"). */
#define VLOG_BEGIN	"-- BEGIN PROG LOAD LOG --"
#define VLOG_END	"-- END PROG LOAD LOG --"
#define KERNEL_MSG	"Kernel error message: "
static char *vlog_tail[XLOG_VERIFIER_LINES];
static unsigned vlog_n;			/* lines in vlog_tail, oldest first */
static bool vlog_in;			/* between the markers */
static char kernel_msg[256];

static void vlog_keep(const char *line)
{
	char *c = strdup(line);

	if (!c)
		return;
	if (vlog_n == XLOG_VERIFIER_LINES) {
		free(vlog_tail[0]);
		memmove(vlog_tail, vlog_tail + 1, (XLOG_VERIFIER_LINES - 1) * sizeof(*vlog_tail));
		vlog_n--;
	}
	vlog_tail[vlog_n++] = c;
}

void xlog_lib_reset(void)
{
	while (vlog_n)
		free(vlog_tail[--vlog_n]);
	vlog_in = false;
	kernel_msg[0] = 0;
}

static void lib_capture(const char *line)
{
	const char *k;

	if (strstr(line, VLOG_BEGIN)) {
		xlog_lib_reset();	/* the newest log is the one that explains */
		vlog_in = true;
	} else if (strstr(line, VLOG_END)) {
		vlog_in = false;
	} else if (vlog_in) {
		vlog_keep(line);
	} else if ((k = strstr(line, KERNEL_MSG))) {
		snprintf(kernel_msg, sizeof(kernel_msg), "%s", k + strlen(KERNEL_MSG));
	}
}

bool xlog_lib_explain(const char *ifname)
{
	bool said = vlog_n || kernel_msg[0];
	unsigned i;

	if (vlog_n)
		xlog(ifname, "the kernel's verifier refused the program; the end of its log%s:",
		     xlog_verbose >= 1 ? " (above in full)" : " (-v prints all of it)");
	for (i = 0; i < vlog_n; i++)
		xlog(ifname, "  verifier: %s", vlog_tail[i]);
	if (kernel_msg[0])
		xlog(ifname, "the kernel said: %s", kernel_msg);
	xlog_lib_reset();
	return said;
}

/* Library messages end in '\n' and may span lines (a verifier log: megabytes): one prefixed
 * line each, printed by verbosity, warnings kept for xlog_lib_explain() in any case.
 * libbpf prefixes its own messages with "libbpf: ", libxdp does not. */
static int lib_vprint(const char *lib, bool debug, const char *fmt, va_list ap)
{
	char *buf = NULL, *line, *save = NULL;
	bool print = xlog_verbose >= (debug ? 2 : 1);
	size_t pl = strlen(lib);

	if (!print && debug)
		return 0;
	if (vasprintf(&buf, fmt, ap) < 0)
		return 0;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, lib, pl) && !strncmp(line + pl, ": ", 2))
			line += pl + 2;
		if (!debug)
			lib_capture(line);
		if (print)
			fprintf(stderr, "xdp6d: %s: %s\n", lib, line);
	}
	free(buf);
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
