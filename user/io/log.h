/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Daemon logging to stderr, `xdp6d: IFNAME: message`, and the monotonic clock the sans-I/O
 * modules are fed with (the one clock bpf_ktime_get_ns() also reads). */
#ifndef XDP6_IO_LOG_H
#define XDP6_IO_LOG_H

#include "pkt.h"

/* -v: per-event details and libbpf/libxdp warnings; -vv: their debug output too */
extern int xlog_verbose;

/* ifname may be NULL for messages about the daemon as a whole. */
void xlog(const char *ifname, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void xlog_dbg(const char *ifname, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
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
