// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The control commands (`xdp6ctl addr|stats|status`), run inside xdp6d: parse the request,
 * act through the host API, render aligned text like `ip`/`ethtool -S` or JSON. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "ctl.h"
#include "ctl_proto.h"
#include "json.h"
#include "loader.h"
#include "maps.h"
#include "parse.h"
#include "xsk.h"
#include "addr.h"
#include "log.h"

#define DEFAULT_PLEN 64

static const char *const xdp_reason_names[R__MAX] = {
#define XDP6_REASON_NAME(id, name) [id] = name,
	XDP6_REASONS(XDP6_REASON_NAME)
};
static const char *const d_reason_names[D__MAX] = {
	XDP6_DREASONS(XDP6_REASON_NAME)
#undef XDP6_REASON_NAME
};

struct req {
	struct xdp6d *d;
	int argc;
	char **argv;
	bool json;
	struct sbuf *out, *err;
};

static int usage_err(struct req *r, const char *fmt, const char *arg)
{
	sbuf_printf(r->err, "xdp6ctl: ");
	sbuf_printf(r->err, fmt, arg);
	sbuf_printf(r->err, " (see xdp6ctl --help)\n");
	return CTL_EXIT_USAGE;
}

/* [dev IFACE] → *ifc (NULL: all). Consumes what it parses. Returns -1 after a message. */
static int opt_dev(struct req *r, int *i, struct xdp6d_iface **ifc, int *status)
{
	if (*i < r->argc && !strcmp(r->argv[*i], "dev")) {
		if (*i + 1 >= r->argc) {
			*status = usage_err(r, "'dev' needs an interface name%s", "");
			return -1;
		}
		*ifc = xdp6d_iface_find(r->d, r->argv[*i + 1]);
		if (!*ifc) {
			sbuf_printf(r->err, "xdp6d: not serving interface '%s'\n", r->argv[*i + 1]);
			*status = CTL_EXIT_FAIL;
			return -1;
		}
		*i += 2;
	}
	return 0;
}

static int no_more(struct req *r, int i)
{
	if (i < r->argc)
		return usage_err(r, "unexpected argument '%s'", r->argv[i]);
	return CTL_EXIT_OK;
}

static void fmt_lft(char *buf, size_t len, xdp6_ns until, xdp6_ns now)
{
	if (until == XDP6_NEVER)
		snprintf(buf, len, "forever");
	else
		snprintf(buf, len, "%llu",
			 (unsigned long long)(until > now ? (until - now) / XDP6_NS_PER_SEC : 0));
}

static void json_lft(struct json *j, const char *key, xdp6_ns until, xdp6_ns now)
{
	if (until == XDP6_NEVER)
		json_str(j, key, "forever");
	else
		json_u64(j, key, until > now ? (until - now) / XDP6_NS_PER_SEC : 0);
}

static struct host_addr_info *addrs_of(struct xdp6d_iface *ifc, size_t *n)
{
	size_t cnt = host_addrs(ifc->host, NULL, 0);
	struct host_addr_info *ai = calloc(cnt ? cnt : 1, sizeof(*ai));

	*n = ai ? host_addrs(ifc->host, ai, cnt) : 0;
	if (*n > cnt)
		*n = cnt;
	return ai;
}

static int cmd_addr_show(struct req *r, int i)
{
	struct xdp6d_iface *only = NULL;
	xdp6_ns now = io_now();
	struct json j;
	int status = 0, w_if = 5, w_addr = 7;
	unsigned f, pass;
	size_t k, n;

	if (opt_dev(r, &i, &only, &status))
		return status;
	status = no_more(r, i);
	if (status)
		return status;
	json_init(&j, r->out);
	if (r->json)
		json_arr_begin(&j, NULL);
	/* pass 0 measures the columns, pass 1 prints */
	for (pass = r->json ? 1 : 0; pass < 2; pass++) {
		if (pass == 1 && !r->json)
			sbuf_printf(r->out, "%-*s  %-*s  %-10s  %-10s  %-9s  %s\n", w_if, "IFACE",
				    w_addr, "ADDRESS", "STATE", "ORIGIN", "VALID", "PREFERRED");
		for (f = 0; f < r->d->nifs; f++) {
			struct xdp6d_iface *ifc = &r->d->ifs[f];
			struct host_addr_info *ai;

			if (only && ifc != only)
				continue;
			ai = addrs_of(ifc, &n);
			for (k = 0; k < n; k++) {
				char a[INET6_ADDRSTRLEN], ap[INET6_ADDRSTRLEN + 4], v[24], p[24];
				int l;

				inet_ntop(AF_INET6, &ai[k].addr, a, sizeof(a));
				l = snprintf(ap, sizeof(ap), "%s/%u", a, ai[k].prefixlen);
				if (pass == 0) {
					if (l > w_addr)
						w_addr = l;
					if ((int)strlen(ifc->ifname) > w_if)
						w_if = (int)strlen(ifc->ifname);
					continue;
				}
				if (r->json) {
					json_obj_begin(&j, NULL);
					json_str(&j, "ifname", ifc->ifname);
					json_str(&j, "addr", a);
					json_u64(&j, "prefixlen", ai[k].prefixlen);
					json_str(&j, "state", addr_state_name(ai[k].state));
					json_str(&j, "origin", addr_origin_name(ai[k].origin));
					json_lft(&j, "valid_lft", ai[k].valid_until, now);
					json_lft(&j, "preferred_lft", ai[k].preferred_until, now);
					json_obj_end(&j);
					continue;
				}
				fmt_lft(v, sizeof(v), ai[k].valid_until, now);
				fmt_lft(p, sizeof(p), ai[k].preferred_until, now);
				sbuf_printf(r->out, "%-*s  %-*s  %-10s  %-10s  %-9s  %s\n", w_if,
					    ifc->ifname, w_addr, ap, addr_state_name(ai[k].state),
					    addr_origin_name(ai[k].origin), v, p);
			}
			free(ai);
		}
	}
	if (r->json)
		json_arr_end(&j);
	return CTL_EXIT_OK;
}

/* addr add|del ADDR[/PLEN] dev IFACE */
static int cmd_addr_change(struct req *r, int i, bool add)
{
	struct xdp6d_iface *ifc = NULL;
	const char *spec;
	struct in6_addr a;
	char buf[INET6_ADDRSTRLEN];
	uint8_t plen;
	bool has_plen;
	int status = 0, err;

	if (i >= r->argc)
		return usage_err(r, "'addr %s' needs ADDR[/PLEN] dev IFACE", add ? "add" : "del");
	spec = r->argv[i++];
	has_plen = strchr(spec, '/') != NULL;
	if (parse_addr_plen(spec, &a, &plen, DEFAULT_PLEN))
		return usage_err(r, "invalid address '%s'", spec);
	if (opt_dev(r, &i, &ifc, &status))
		return status;
	if (!ifc)
		return usage_err(r, "'addr %s' needs dev IFACE", add ? "add" : "del");
	status = no_more(r, i);
	if (status)
		return status;
	inet_ntop(AF_INET6, &a, buf, sizeof(buf));
	if (add) {
		if (addr_check(&a, plen))
			return usage_err(r, "'%s' cannot be an address of ours (multicast, "
					 "unspecified or loopback)", spec);
		err = host_addr_add(ifc->host, io_now(), &a, plen, XDP6_ORIGIN_STATIC);
		if (err == -EEXIST)
			sbuf_printf(r->err, "xdp6d: %s already on %s\n", buf, ifc->ifname);
		else if (err == -ENOSPC)
			sbuf_printf(r->err, "xdp6d: address table of %s full (xdp6d --max-addrs)\n",
				    ifc->ifname);
		else if (err)
			sbuf_printf(r->err, "xdp6d: Couldn't add %s on %s: %s\n", buf,
				    ifc->ifname, strerror(-err));
		else
			xlog(ifc->ifname, "address %s/%u added", buf, plen);
		return err ? CTL_EXIT_FAIL : CTL_EXIT_OK;
	}
	if (has_plen) {
		struct host_addr_info *ai;
		size_t n, k;
		int found = -1;

		ai = addrs_of(ifc, &n);
		for (k = 0; k < n; k++)
			if (!memcmp(&ai[k].addr, &a, sizeof(a)))
				found = ai[k].prefixlen;
		free(ai);
		if (found >= 0 && found != plen) {
			sbuf_printf(r->err, "xdp6d: %s/%u not on %s (it has %s/%d)\n", buf, plen,
				    ifc->ifname, buf, found);
			return CTL_EXIT_FAIL;
		}
	}
	err = host_addr_del(ifc->host, io_now(), &a);
	if (err == -ENOENT) {
		sbuf_printf(r->err, "xdp6d: %s not on %s\n", buf, ifc->ifname);
		return CTL_EXIT_FAIL;
	}
	xlog(ifc->ifname, "address %s removed", buf);
	return CTL_EXIT_OK;
}

static int cmd_addr(struct req *r, int i)
{
	const char *sub = i < r->argc ? r->argv[i] : "show";

	if (i < r->argc)
		i++;
	if (!strcmp(sub, "show") || !strcmp(sub, "list"))
		return cmd_addr_show(r, i);
	if (!strcmp(sub, "add"))
		return cmd_addr_change(r, i, true);
	if (!strcmp(sub, "del") || !strcmp(sub, "delete"))
		return cmd_addr_change(r, i, false);
	return usage_err(r, "unknown addr command '%s'", sub);
}

static int cmd_stats(struct req *r, int i)
{
	struct xdp6d_iface *only = NULL;
	struct xdp6_stat xs[R__MAX];
	uint64_t ds[D__MAX];
	struct json j;
	int status = 0, w = 0, k;
	unsigned f;

	if (opt_dev(r, &i, &only, &status))
		return status;
	status = no_more(r, i);
	if (status)
		return status;
	for (k = 0; k < R__MAX; k++)
		if ((int)strlen(xdp_reason_names[k]) > w)
			w = (int)strlen(xdp_reason_names[k]);
	for (k = 0; k < D__MAX; k++)
		if ((int)strlen(d_reason_names[k]) > w)
			w = (int)strlen(d_reason_names[k]);
	json_init(&j, r->out);
	if (r->json)
		json_arr_begin(&j, NULL);
	for (f = 0; f < r->d->nifs; f++) {
		struct xdp6d_iface *ifc = &r->d->ifs[f];
		const uint64_t *hs = host_dstats(ifc->host);

		if (only && ifc != only)
			continue;
		if (maps_read_stats(ifc, xs))
			sbuf_printf(r->err, "xdp6d: %s: Couldn't read every stats entry\n",
				    ifc->ifname);
		xq_update_stats(ifc);
		for (k = 0; k < D__MAX; k++)
			ds[k] = hs[k] + ifc->io_dstats[k];
		if (r->json) {
			json_obj_begin(&j, NULL);
			json_str(&j, "ifname", ifc->ifname);
			json_obj_begin(&j, "xdp");
			for (k = 0; k < R__MAX; k++) {
				json_obj_begin(&j, xdp_reason_names[k]);
				json_u64(&j, "packets", xs[k].packets);
				json_u64(&j, "bytes", xs[k].bytes);
				json_obj_end(&j);
			}
			json_obj_end(&j);
			json_obj_begin(&j, "daemon");
			for (k = 0; k < D__MAX; k++)
				json_u64(&j, d_reason_names[k], ds[k]);
			json_obj_end(&j);
			json_obj_end(&j);
			continue;
		}
		sbuf_printf(r->out, "%s%s:\n", f && !only ? "\n" : "", ifc->ifname);
		sbuf_printf(r->out, "  %-*s  %14s  %16s\n", w, "XDP", "packets", "bytes");
		for (k = 0; k < R__MAX; k++)
			sbuf_printf(r->out, "  %-*s  %14llu  %16llu\n", w, xdp_reason_names[k],
				    (unsigned long long)xs[k].packets,
				    (unsigned long long)xs[k].bytes);
		sbuf_printf(r->out, "  %-*s  %14s\n", w, "daemon", "count");
		for (k = 0; k < D__MAX; k++)
			sbuf_printf(r->out, "  %-*s  %14llu\n", w, d_reason_names[k],
				    (unsigned long long)ds[k]);
	}
	if (r->json)
		json_arr_end(&j);
	return CTL_EXIT_OK;
}

static const char *attach_name(enum attach_kind k)
{
	return k == ATTACH_DISPATCHER ? "dispatcher" : k == ATTACH_SINGLE ? "single" : "none";
}

static const char *xsk_mode(const struct xdp6d_iface *ifc)
{
	unsigned i, zc = 0;

	for (i = 0; i < ifc->nq; i++)
		zc += ifc->xqs[i].zerocopy;
	return zc == ifc->nq ? "zerocopy" : zc ? "mixed" : "copy";
}

static int cmd_status(struct req *r, int i)
{
	xdp6_ns up = (io_now() - r->d->started) / XDP6_NS_PER_SEC;
	struct json j;
	int status = no_more(r, i), w_if = 5, w_pin = 6;
	unsigned f;

	if (status)
		return status;
	json_init(&j, r->out);
	if (r->json) {
		json_obj_begin(&j, NULL);
		json_u64(&j, "pid", (uint64_t)getpid());
		json_u64(&j, "uptime", up);
		json_str(&j, "control_socket", "@" CTL_SOCK_NAME);
		json_arr_begin(&j, "interfaces");
	} else {
		sbuf_printf(r->out, "xdp6d pid %d, up %llus, control socket @%s\n", (int)getpid(),
			    (unsigned long long)up, CTL_SOCK_NAME);
		for (f = 0; f < r->d->nifs; f++) {
			if ((int)strlen(r->d->ifs[f].ifname) > w_if)
				w_if = (int)strlen(r->d->ifs[f].ifname);
			if ((int)strlen(r->d->ifs[f].pin_dir) > w_pin)
				w_pin = (int)strlen(r->d->ifs[f].pin_dir);
		}
		sbuf_printf(r->out, "%-*s  %7s  %-6s  %-10s  %7s  %6s  %-8s  %5s  %s\n", w_if,
			    "IFACE", "IFINDEX", "MODE", "ATTACH", "PROG", "QUEUES", "XSK", "ADDRS",
			    "PINNED");
	}
	for (f = 0; f < r->d->nifs; f++) {
		struct xdp6d_iface *ifc = &r->d->ifs[f];
		size_t naddrs = host_addrs(ifc->host, NULL, 0);

		if (r->json) {
			json_obj_begin(&j, NULL);
			json_str(&j, "ifname", ifc->ifname);
			json_u64(&j, "ifindex", (uint64_t)ifc->ifindex);
			json_str(&j, "mode", loader_mode_name(ifc->mode));
			json_str(&j, "attach", attach_name(ifc->attach));
			json_u64(&j, "prog_id", ifc->prog_id);
			json_u64(&j, "attached_prog_id", ifc->main_prog_id);
			json_u64(&j, "xsk_queues", ifc->nq);
			json_str(&j, "xsk_mode", xsk_mode(ifc));
			json_str(&j, "pin_path", ifc->pin_dir);
			json_u64(&j, "addresses", naddrs);
			json_obj_end(&j);
			continue;
		}
		sbuf_printf(r->out, "%-*s  %7d  %-6s  %-10s  %7u  %6u  %-8s  %5zu  %s\n", w_if,
			    ifc->ifname, ifc->ifindex, loader_mode_name(ifc->mode),
			    attach_name(ifc->attach), ifc->prog_id, ifc->nq, xsk_mode(ifc), naddrs,
			    ifc->pin_dir);
	}
	if (r->json) {
		json_arr_end(&j);
		json_obj_end(&j);
	}
	return CTL_EXIT_OK;
}

int cmd_run(struct xdp6d *d, int argc, char **argv, struct sbuf *out, struct sbuf *err)
{
	char *args[CTL_ARGS_MAX + 1];
	struct req r = { .d = d, .argv = args, .out = out, .err = err };
	int i;

	/* --json may stand anywhere */
	for (i = 0; i < argc && i < CTL_ARGS_MAX; i++) {
		if (!strcmp(argv[i], "--json") || !strcmp(argv[i], "-j"))
			r.json = true;
		else
			args[r.argc++] = argv[i];
	}
	args[r.argc] = NULL;
	if (!r.argc)
		return usage_err(&r, "no command%s", "");
	if (!strcmp(args[0], "addr") || !strcmp(args[0], "address") || !strcmp(args[0], "a"))
		return cmd_addr(&r, 1);
	if (!strcmp(args[0], "stats"))
		return cmd_stats(&r, 1);
	if (!strcmp(args[0], "status"))
		return cmd_status(&r, 1);
	return usage_err(&r, "unknown command '%s'", args[0]);
}
