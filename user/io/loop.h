/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The daemon's one event loop: AF_XDP sockets, one timerfd for the hosts' earliest deadline,
 * signalfd (SIGINT/SIGTERM end it) and the control socket. */
#ifndef XDP6_IO_LOOP_H
#define XDP6_IO_LOOP_H

#include "daemon.h"

/* Creates epoll, the timerfd and the signalfd (SIGINT/SIGTERM blocked from here on). */
int loop_init(struct xdp6d *d);
/* Watches the control socket (after ctl_listen()). */
int loop_add_ctl(struct xdp6d *d);
/* Runs until SIGINT/SIGTERM; returns 0, or negative errno if the loop itself failed. */
int loop_run(struct xdp6d *d);
void loop_fini(struct xdp6d *d);

#endif
