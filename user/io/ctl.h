/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The control server: abstract unix socket @xdp6d (per network namespace), SOCK_SEQPACKET,
 * root peers only; requests are run by cmd.c and answered as in io/ctl_proto.h. */
#ifndef XDP6_IO_CTL_H
#define XDP6_IO_CTL_H

#include "daemon.h"
#include "json.h"

/* Binds and listens; -EADDRINUSE when another xdp6d holds @xdp6d in this namespace. */
int ctl_listen(struct xdp6d *d);
void ctl_close(struct xdp6d *d);
void ctl_accept(struct xdp6d *d);
void ctl_conn_input(struct xdp6d *d, struct ctl_conn *c);
/* Drops connections that sent no request within CTL_TIMEOUT_SEC. */
void ctl_sweep(struct xdp6d *d, xdp6_ns now);
xdp6_ns ctl_next_deadline(const struct xdp6d *d);

/* cmd.c: runs one request; text for the client's stdout/stderr; returns the exit status. */
int cmd_run(struct xdp6d *d, int argc, char **argv, struct sbuf *out, struct sbuf *err);

#endif
