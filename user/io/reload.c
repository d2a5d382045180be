// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* xdp6d's configuration at start and on reload: the command line and the config file merged
 * through the option table (io/opts.c, io/config.c), and the reload that applies a changed
 * file without touching what stays (no detach, no map re-creation, no new DAD for kept
 * addresses: only host_addr_add/host_addr_del for the difference). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "daemon.h"
#include "config.h"
#include "json.h"
#include "log.h"
#include "reload.h"

int config_check(const struct xdp6d_opts *o, char *err, size_t len)
{
	if (o->cfg.temporary && !o->cfg.slaac) {
		snprintf(err, len, "temporary needs SLAAC: drop no-slaac");
		return -EINVAL;
	}
	if (o->mirror && o->naddrs) {
		snprintf(err, len, "addr with mirror: the kernel owns the addresses (ip addr add "
			 "... dev IFACE)");
		return -EINVAL;
	}
	if (o->mirror && o->nproxies) {
		snprintf(err, len, "proxy with mirror: mirror mode has no NDP proxy (the kernel's "
			 "proxy_ndp serves it)");
		return -EINVAL;
	}
	if (!o->nifnames) {
		snprintf(err, len, "no interface given (usage: xdp6d [OPTIONS] IFACE..., "
			 "or `interface =` in the config file, see --help)");
		return -EINVAL;
	}
	return 0;
}

/* Reads d->conf_path into *c; a missing default file is an empty configuration. */
static int read_file(struct xdp6d *d, struct conf *c, char *err, size_t len)
{
	int ret;

	if (!d->conf_path)
		return 0;
	ret = conf_read_file(c, &xdp6d_schema, d->conf_path, err, len);
	if (ret == -ENOENT && d->conf_optional) {
		conf_free(c);
		return 0;
	}
	return ret;
}

int config_load(struct xdp6d *d, int argc, char **argv)
{
	char err[CONF_ERR_MAX];
	const char *path;
	int ret;

	d->conf_file = calloc(1, sizeof(*d->conf_file));
	d->conf_cli = calloc(1, sizeof(*d->conf_cli));
	if (!d->conf_file || !d->conf_cli) {
		fprintf(stderr, "xdp6d: out of memory\n");
		return -EINVAL;
	}
	ret = conf_parse_argv(d->conf_cli, &xdp6d_schema, argc, argv, err, sizeof(err));
	if (ret)
		goto bad;
	path = conf_get(d->conf_cli, "config");
	d->conf_optional = !path;
	d->conf_path = strdup(path ? path : XDP6D_CONFIG);
	if (!d->conf_path)
		return -EINVAL;
	/* --help needs no file: apply the command line alone first */
	ret = conf_apply(&xdp6d_schema, NULL, d->conf_cli, &d->opts, err, sizeof(err));
	if (ret)
		goto bad;
	if (d->opts.help)
		return 1;
	xdp6d_opts_release(&d->opts);
	ret = read_file(d, d->conf_file, err, sizeof(err));
	if (!ret)
		ret = conf_apply(&xdp6d_schema, d->conf_file, d->conf_cli, &d->opts, err,
				 sizeof(err));
	if (!ret)
		ret = config_check(&d->opts, err, sizeof(err));
	if (!ret)
		return 0;
bad:
	fprintf(stderr, "xdp6d: %s\n", err);
	return -EINVAL;
}

static void report(struct sbuf *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void report(struct sbuf *out, const char *fmt, ...)
{
	char line[CONF_ERR_MAX + 64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	xlog(NULL, "reload: %s", line);
	if (out)
		sbuf_printf(out, "%s\n", line);
}

static const struct xdp6d_addr *find_addr(const struct xdp6d_opts *o, const struct xdp6d_addr *a)
{
	unsigned i;

	for (i = 0; i < o->naddrs; i++)
		if (!memcmp(&o->addrs[i].a, &a->a, sizeof(a->a)) && o->addrs[i].plen == a->plen)
			return &o->addrs[i];
	return NULL;
}

/* Addresses the running config names and the new one does not stop being served; a prefix
 * length change is a removal and an addition. Addresses added with `xdp6ctl addr add` are in
 * neither list and stay (README "Reload"). */
static int apply_addrs(struct xdp6d *d, const struct xdp6d_opts *old,
		       const struct xdp6d_opts *new, struct sbuf *out)
{
	char buf[INET6_ADDRSTRLEN];
	xdp6_ns now = io_now();
	unsigned i, k;
	int ret = 0, err;

	for (i = 0; i < old->naddrs; i++) {
		const struct xdp6d_addr *a = &old->addrs[i];

		if (find_addr(new, a))
			continue;
		inet_ntop(AF_INET6, &a->a, buf, sizeof(buf));
		for (k = 0; k < d->nifs; k++) {
			err = host_addr_del(d->ifs[k].host, now, &a->a);
			report(out, "%s: %s/%u removed%s", d->ifs[k].ifname, buf, a->plen,
			       err == -ENOENT ? " (it was not served)" : "");
		}
	}
	for (i = 0; i < new->naddrs; i++) {
		const struct xdp6d_addr *a = &new->addrs[i];

		if (find_addr(old, a))
			continue;
		inet_ntop(AF_INET6, &a->a, buf, sizeof(buf));
		for (k = 0; k < d->nifs; k++) {
			err = host_addr_add(d->ifs[k].host, now, &a->a, a->plen,
					    XDP6_ORIGIN_STATIC);
			if (err == -EEXIST) {
				report(out, "%s: %s/%u kept (already served)", d->ifs[k].ifname,
				       buf, a->plen);
			} else if (err) {
				report(out, "%s: Couldn't add %s/%u: %s", d->ifs[k].ifname, buf,
				       a->plen, err == -ENOSPC ? "address table full (max-addrs)" :
				       strerror(-err));
				ret = -EINVAL;
			} else {
				report(out, "%s: %s/%u added%s", d->ifs[k].ifname, buf, a->plen,
				       d->opts.cfg.dad && d->opts.cfg.dad_transmits ?
				       " (tentative until DAD passes)" : "");
			}
		}
	}
	return ret;
}

static bool has_proxy(const struct xdp6d_opts *o, const struct xdp6d_proxy *p)
{
	unsigned i;

	for (i = 0; i < o->nproxies; i++)
		if (o->proxies[i].plen == p->plen &&
		    !memcmp(&o->proxies[i].prefix, &p->prefix, sizeof(p->prefix)))
			return true;
	return false;
}

/* Proxy prefixes as addresses (apply_addrs): the difference between the running list and the
 * new one, removals first; prefixes added with `xdp6ctl proxy add` are in neither and stay,
 * one the file adds that is already proxied is kept as it is. Static mode only (the table's
 * `proxy` key has no mode). */
static int apply_proxies(struct xdp6d *d, const struct xdp6d_opts *old,
			 const struct xdp6d_opts *new, struct sbuf *out)
{
	char buf[INET6_ADDRSTRLEN];
	unsigned i, k;
	int ret = 0, err;

	for (i = 0; i < old->nproxies; i++) {
		const struct xdp6d_proxy *p = &old->proxies[i];

		if (has_proxy(new, p))
			continue;
		inet_ntop(AF_INET6, &p->prefix, buf, sizeof(buf));
		for (k = 0; k < d->nifs; k++) {
			if (!d->ifs[k].host)
				continue;
			err = host_proxy(d->ifs[k].host, &p->prefix, p->plen, XDP6_PROXY_STATIC,
					 false);
			report(out, "%s: proxy %s/%u removed%s", d->ifs[k].ifname, buf, p->plen,
			       err == -ENOENT ? " (it was not proxied)" : "");
		}
	}
	for (i = 0; i < new->nproxies; i++) {
		const struct xdp6d_proxy *p = &new->proxies[i];

		if (has_proxy(old, p))
			continue;
		inet_ntop(AF_INET6, &p->prefix, buf, sizeof(buf));
		for (k = 0; k < d->nifs; k++) {
			if (!d->ifs[k].host)
				continue;
			err = host_proxy(d->ifs[k].host, &p->prefix, p->plen, XDP6_PROXY_STATIC,
					 true);
			if (err == -EEXIST) {
				report(out, "%s: proxy %s/%u kept (already proxied)",
				       d->ifs[k].ifname, buf, p->plen);
			} else if (err) {
				report(out, "%s: Couldn't add proxy %s/%u: %s", d->ifs[k].ifname,
				       buf, p->plen, err == -ENOSPC ? "proxy table full" :
				       strerror(-err));
				ret = -EINVAL;
			} else {
				report(out, "%s: proxy %s/%u added", d->ifs[k].ifname, buf, p->plen);
			}
		}
	}
	return ret;
}

/* Rows reload applies through host_set_cfg(): their fields are host_cfg_runtime()'s. */
static bool host_row(const struct opt_def *def)
{
	return (def->flags & OPT_RUNTIME) && strcmp(def->name, "addr") &&
	       strcmp(def->name, "log-level") && strcmp(def->name, "proxy");
}

/* Whether reload applies a change of row def in this daemon: in mirror mode there is no host
 * (the kernel owns the protocols), so the host_cfg rows wait for a restart there. */
static bool applied_row(const struct xdp6d *d, const struct opt_def *def)
{
	return (def->flags & OPT_RUNTIME) && !(d->opts.mirror && host_row(def));
}

/* The running host_cfg with the run-time fields of new, to every interface's host. All hosts
 * got the same cfg at start, so a refusal (a restart-only field differs) cannot happen unless
 * the table and host_cfg_runtime() disagree: reported, and that host keeps its values. */
static int apply_host_cfg(struct xdp6d *d, const struct host_cfg *new, struct sbuf *out)
{
	struct host_cfg c = d->opts.cfg;
	xdp6_ns now = io_now();
	unsigned k;
	int ret = 0, err;

	host_cfg_runtime(&c, new);
	for (k = 0; k < d->nifs; k++) {
		if (!d->ifs[k].host)
			continue;
		err = host_set_cfg(d->ifs[k].host, now, &c);
		if (err) {
			report(out, "%s: Couldn't apply the options: %s", d->ifs[k].ifname,
			       strerror(-err));
			ret = -EINVAL;
		}
	}
	d->opts.cfg = c;
	return ret;
}

/* What runs from now on, for the next reload's comparison: the rows reload applied as the new
 * file gives them, every other row as it was (they wait for a restart). */
static void keep_applied(struct xdp6d *d, const struct conf *file)
{
	struct conf *run = d->conf_file, next = { 0 };
	unsigned i, n = 0;

	next.ents = calloc(run->n + file->n + 1, sizeof(*next.ents));
	if (!next.ents)
		return;		/* the old comparison base stays: reports only, nothing applied */
	for (i = 0; i < run->n; i++)
		if (!applied_row(d, run->ents[i].def))
			next.ents[n++] = run->ents[i];
	for (i = 0; i < file->n; i++)
		if (applied_row(d, file->ents[i].def))
			next.ents[n++] = file->ents[i];
	/* the values move to next: take each out of where it came from */
	for (i = 0; i < n; i++) {
		next.ents[i].val = strdup(next.ents[i].val);
		if (!next.ents[i].val) {
			next.n = i;
			conf_free(&next);
			return;
		}
	}
	next.n = n;
	next.file = run->file ? strdup(run->file) : NULL;
	conf_free(run);
	*run = next;
}

int config_reload(struct xdp6d *d, struct sbuf *out)
{
	struct conf file = { 0 };
	struct xdp6d_opts o;
	char err[CONF_ERR_MAX];
	unsigned i, nchanged = 0;
	int ret;

	if (!d->conf_cli) {
		report(out, "no configuration to reload");
		return -EINVAL;
	}
	ret = read_file(d, &file, err, sizeof(err));
	if (!ret)
		ret = conf_apply(&xdp6d_schema, &file, d->conf_cli, &o, err, sizeof(err));
	if (!ret && (ret = config_check(&o, err, sizeof(err))))
		xdp6d_opts_release(&o);
	if (ret) {
		report(out, "%s; nothing changed", err);
		conf_free(&file);
		return -EINVAL;
	}
	for (i = 0; i < xdp6d_schema.n; i++) {
		const struct opt_def *def = &xdp6d_schema.defs[i];

		if (def->flags & OPT_CLI_ONLY)
			continue;
		/* against what runs (d->conf_file: each row as last applied), not the last file
		 * read */
		if (!conf_changed(&xdp6d_schema, def, d->conf_file, &file, d->conf_cli))
			continue;
		if (!applied_row(d, def)) {
			report(out, "%s changed: not applied, takes effect after a restart%s",
			       def->name, d->opts.mirror && host_row(def) ? " (mirror mode)" : "");
			nchanged++;
		} else if (host_row(def)) {
			report(out, "%s applied", def->name);
		}
	}
	if (!d->opts.mirror && apply_host_cfg(d, &o.cfg, out))
		ret = -EINVAL;
	if (o.log_level != d->opts.log_level) {
		d->opts.log_level = o.log_level;
		config_apply_log(&d->opts);
		report(out, "log-level applied");
	}
	if (apply_addrs(d, &d->opts, &o, out))
		ret = -EINVAL;
	if (apply_proxies(d, &d->opts, &o, out))
		ret = -EINVAL;
	keep_applied(d, &file);
	/* the running options take the new address and proxy lists (and the host_cfg fields,
	 * above) */
	free(d->opts.addrs);
	d->opts.addrs = o.addrs;
	d->opts.naddrs = o.naddrs;
	o.addrs = NULL;
	o.naddrs = 0;
	free(d->opts.proxies);
	d->opts.proxies = o.proxies;
	d->opts.nproxies = o.nproxies;
	o.proxies = NULL;
	o.nproxies = 0;
	xdp6d_opts_release(&o);
	conf_free(&file);
	report(out, "%s%s", ret ? "applied with errors" : "done",
	       nchanged ? " (some options need a restart)" : "");
	return ret;
}

void config_apply_log(const struct xdp6d_opts *o)
{
	int l = o->log_level + o->verbose - o->quiet;

	xlog_level = l < LOG_ERR ? LOG_ERR : l > LOG_DEBUG ? LOG_DEBUG : l;
	/* libbpf/libxdp warnings from -v or debug on, their debug output from -vv */
	xlog_verbose = o->verbose ? o->verbose : xlog_level == LOG_DEBUG;
}

void config_free(struct xdp6d *d)
{
	if (d->conf_file)
		conf_free(d->conf_file);
	if (d->conf_cli)
		conf_free(d->conf_cli);
	free(d->conf_file);
	free(d->conf_cli);
	free(d->conf_path);
	xdp6d_opts_release(&d->opts);
	d->conf_file = d->conf_cli = NULL;
	d->conf_path = NULL;
}
