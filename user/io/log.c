// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Daemon logging (one line per event on stderr, prefixed with the interface) and the monotonic
 * clock; libbpf and libxdp messages are folded into the same format. */
#define _GNU_SOURCE		/* vasprintf */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <bpf/libbpf.h>
#include <xdp/libxdp.h>

#include "log.h"

int xlog_verbose;
int xlog_level = LOG_INFO;

static FILE *out;
static bool journal;
/* the flood guard's token bucket (whole lines), and what it dropped */
static xdp6_ns bucket_at;
static uint64_t tokens = XLOG_BURST, dropped;

static const char *const level_names[] = {
	[LOG_ERR] = "error", [LOG_WARNING] = "warning", [LOG_NOTICE] = "notice",
	[LOG_INFO] = "info", [LOG_DEBUG] = "debug",
};

int xlog_level_parse(const char *s, int *prio)
{
	unsigned i;

	for (i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++)
		if (level_names[i] && !strcmp(s, level_names[i])) {
			*prio = (int)i;
			return 0;
		}
	return -EINVAL;
}

void xlog_open(FILE *f)
{
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	out = f;
	journal = js && sscanf(js, "%llu:%llu", &dev, &ino) == 2 && !fstat(fileno(f), &st) &&
		  (unsigned long long)st.st_dev == dev && (unsigned long long)st.st_ino == ino;
	bucket_at = io_now();
	tokens = XLOG_BURST;
	dropped = 0;
}

static void emit(int prio, const char *ifname, const char *line)
{
	FILE *f = out ? out : stderr;

	if (journal)
		fprintf(f, "<%d>%s%s%s\n", prio, ifname ? ifname : "", ifname ? ": " : "", line);
	else if (ifname)
		fprintf(f, "xdp6d: %s: %s\n", ifname, line);
	else
		fprintf(f, "xdp6d: %s\n", line);
	fflush(f);
}

/* One token a line; XLOG_RATE tokens a second up to XLOG_BURST. */
static bool admit(void)
{
	xdp6_ns now = io_now();
	uint64_t add = (uint64_t)(now - bucket_at) * XLOG_RATE / XDP6_NS_PER_SEC;
	char line[96];

	if (add) {
		tokens = tokens + add > XLOG_BURST ? XLOG_BURST : tokens + add;
		bucket_at = now;
	}
	if (!tokens) {
		dropped++;
		return false;
	}
	tokens--;
	if (dropped) {
		snprintf(line, sizeof(line), "%llu log lines suppressed (more than %d a second)",
			 (unsigned long long)dropped, XLOG_RATE);
		dropped = 0;
		emit(LOG_WARNING, NULL, line);
	}
	return true;
}

static void vlog(int prio, const char *ifname, const char *fmt, va_list ap)
{
	char line[1024];

	if (prio > xlog_level && prio != LOG_INFO)
		return;		/* (an info line may turn out to be an error) */
	vsnprintf(line, sizeof(line), fmt, ap);
	if (prio == LOG_INFO && !strncmp(line, "Couldn't", 8))
		prio = LOG_ERR;
	if (prio <= xlog_level && admit())
		emit(prio, ifname, line);
}

void xlog(const char *ifname, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_INFO, ifname, fmt, ap);
	va_end(ap);
}

void xlog_prio(int prio, const char *ifname, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(prio, ifname, fmt, ap);
	va_end(ap);
}

void xlog_dbg(const char *ifname, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_DEBUG, ifname, fmt, ap);
	va_end(ap);
}

static void vlog_lib(int prio, const char *lib, const char *line)
{
	if (admit())
		emit(prio, lib, line);
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
			vlog_lib(debug ? LOG_DEBUG : LOG_WARNING, lib, line);
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
