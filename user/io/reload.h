/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* xdp6d's configuration at start and on reload (SIGHUP, `xdp6ctl reload`): the config file and
 * the command line through the option table (io/opts.c), and applying a changed file to the
 * running daemon. */
#ifndef XDP6_IO_RELOAD_H
#define XDP6_IO_RELOAD_H

#include <stddef.h>

struct xdp6d;
struct xdp6d_opts;
struct sbuf;

/* Command line, then the file it names (-c, or XDP6D_CONFIG if that exists) into d->opts;
 * keeps both for reload. Returns 0, 1 after --help, or -EINVAL with the error printed. */
int config_load(struct xdp6d *d, int argc, char **argv);
/* Cross-option checks, the same at start and on reload: 0 or -EINVAL with err set. */
int config_check(const struct xdp6d_opts *o, char *err, size_t len);
/* Re-reads the file and applies the difference: addresses the file no longer names are
 * removed, new ones added (DAD), kept ones untouched; the other OPT_RUNTIME rows through
 * host_set_cfg() on every host (owner mode) and log-level; other changed options are reported
 * as taking effect after a restart. A file with an error changes nothing. Every line of the
 * report is logged and written to out (NULL: log only). Returns 0, or -EINVAL when the file
 * is bad or an address could not be added (the rest is applied). */
int config_reload(struct xdp6d *d, struct sbuf *out);
void config_free(struct xdp6d *d);
/* Applies log-level, -v and -q to the logger (io/log.h). */
void config_apply_log(const struct xdp6d_opts *o);

#endif
