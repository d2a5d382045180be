/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The daemon's counters for monitoring systems (io/metrics.c). */
#ifndef XDP6_IO_METRICS_H
#define XDP6_IO_METRICS_H

#include "daemon.h"

struct sbuf;

/* The reason names, from the one X-macro list (include/xdp6_maps.h): XDP verdicts and the
 * daemon's counters, for `stats` in every format. */
extern const char *const xdp_reason_names[R__MAX];
extern const char *const d_reason_names[D__MAX];

/* Prometheus text exposition format of every interface (or only that one) into out. */
void metrics_prometheus(struct xdp6d *d, struct xdp6d_iface *only, struct sbuf *out);

#endif
