/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Daemon logging to stderr, `xdp6d: IFNAME: message`, and the monotonic clock the sans-I/O
 * modules are fed with (the one clock bpf_ktime_get_ns() also reads). */
#ifndef XDP6_IO_LOG_H
#define XDP6_IO_LOG_H

#include "pkt.h"

#include <stdio.h>
#include <syslog.h>

/* -v: per-event details and libbpf/libxdp warnings; -vv: their debug output too */
extern int xlog_verbose;
/* The most verbose syslog priority printed (log-level, -v, -q): LOG_INFO by default. */
extern int xlog_level;

/* ifname may be NULL for messages about the daemon as a whole. xlog() is LOG_INFO, except
 * that a message starting with "Couldn't" is an error (LOG_ERR): the daemon's convention for
 * failures (STYLE.md), so every error condition gets its priority without each caller naming
 * it. */
void xlog(const char *ifname, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void xlog_dbg(const char *ifname, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void xlog_prio(int prio, const char *ifname, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Where lines go (stderr) and whether it is the journal: JOURNAL_STREAM naming this stream's
 * device and inode (systemd.exec(5)) means "<N>" priority prefixes instead of "xdp6d: " (the
 * journal adds identifier and time itself). Called at start, and by tests. */
void xlog_open(FILE *f);
/* Flood guard: at most XLOG_BURST lines at once, XLOG_RATE a second after that; what is
 * dropped is counted and said in one line when lines flow again. */
#define XLOG_BURST	200
#define XLOG_RATE	20
/* Parses "error", "warning", "notice", "info", "debug" into a syslog priority: 0 or -EINVAL. */
int xlog_level_parse(const char *s, int *prio);
/* Routes libbpf and libxdp messages to stderr in our format: warnings with -v, debug with -vv. */
void xlog_libs_init(void);
/* Verifier log lines kept for xlog_lib_explain(). */
#define XLOG_VERIFIER_LINES	16
/* After a failed load or attach: logs the end of the last verifier log and the kernel's last
 * netlink error message the libraries reported (whatever -v says), then forgets them. True
 * when there was something to say. */
bool xlog_lib_explain(const char *ifname);
/* Forgets them (before an attempt whose failure they must explain). */
void xlog_lib_reset(void);

xdp6_ns io_now(void);

#endif
