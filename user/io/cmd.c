// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The control commands (`xdp6ctl addr|neigh|mld|router|prefix|dns|serve|pmtu|stats|status`),
 * run inside xdp6d: parse the request, act through the host API, render aligned text like
 * `ip`/`ethtool -S` or JSON. What they list: RFC 4862 addresses, the RFC 4861 §7.3 neighbor
 * cache and §6.3.4 router/prefix lists, RFC 3810 memberships, RFC 8106 DNS options, RFC 8201
 * path MTUs, RFC 4443 errors received. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "ctl.h"
#include "ctl_proto.h"
#include "iface.h"
#include "json.h"
#include "loader.h"
#include "maps.h"
#include "mirror_io.h"
#include "nic.h"
#include "parse.h"
#include "reload.h"
#include "metrics.h"
#include "xsk.h"
#include "addr.h"
#include "log.h"
#include "proxy.h"
#include "proxy_io.h"

/* (type, code) counters of received errors: types 1-4 and "other", ICMP6_ERR_RX_CODES each */
#define ERR_RX_MAX (5 * ICMP6_ERR_RX_CODES)

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

/* The addresses XDP answers for: the host's, or in mirror mode the kernel's it mirrors. */
static size_t addrs_list(const struct xdp6d_iface *ifc, struct host_addr_info *ai, size_t max)
{
	return ifc->mirror ? mirror_io_addrs(ifc, ai, max) : host_addrs(ifc->host, ai, max);
}

static struct host_addr_info *addrs_of(struct xdp6d_iface *ifc, size_t *n)
{
	size_t cnt = addrs_list(ifc, NULL, 0);
	struct host_addr_info *ai = calloc(cnt ? cnt : 1, sizeof(*ai));

	*n = ai ? addrs_list(ifc, ai, cnt) : 0;
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
	if (parse_addr_plen(spec, &a, &plen, XDP6D_DEFAULT_PLEN))
		return usage_err(r, "invalid address '%s'", spec);
	if (opt_dev(r, &i, &ifc, &status))
		return status;
	if (!ifc)
		return usage_err(r, "'addr %s' needs dev IFACE", add ? "add" : "del");
	status = no_more(r, i);
	if (status)
		return status;
	if (ifc->mirror) {
		sbuf_printf(r->err, "xdp6d: %s is in mirror mode: the kernel owns its addresses "
			    "(ip -6 addr %s %s dev %s)\n", ifc->ifname, add ? "add" : "del", spec,
			    ifc->ifname);
		return CTL_EXIT_FAIL;
	}
	inet_ntop(AF_INET6, &a, buf, sizeof(buf));
	if (add) {
		/* Well-formed but not assignable (RFC 4291 §2.5.2, §2.5.3, §2.7): the daemon
		 * refuses it, like an address already served (exit 1, not a usage error). */
		if (addr_check(&a, plen)) {
			sbuf_printf(r->err, "xdp6d: %s cannot be an address of ours (multicast, "
				    "unspecified or loopback)\n", spec);
			return CTL_EXIT_FAIL;
		}
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

/* ---- aligned text tables ---- */

#define TBL_MAX_COLS 10

struct table {
	unsigned ncols;
	int w[TBL_MAX_COLS];
	char **cell;			/* row-major, ncols per row; row 0 is the header */
	size_t n, cap;
	bool oom;
};

static void tbl_cell(struct table *t, const char *v)
{
	int l = (int)strlen(v);
	unsigned col = (unsigned)(t->n % t->ncols);

	if (t->oom)
		return;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		char **p = realloc(t->cell, cap * sizeof(*p));

		if (!p) {
			t->oom = true;
			return;
		}
		t->cell = p;
		t->cap = cap;
	}
	t->cell[t->n] = strdup(v);
	if (!t->cell[t->n]) {
		t->oom = true;
		return;
	}
	t->n++;
	if (l > t->w[col])
		t->w[col] = l;
}

/* One row: ncols strings. */
static void tbl_row(struct table *t, ...)
{
	va_list ap;
	unsigned c;

	va_start(ap, t);
	for (c = 0; c < t->ncols; c++)
		tbl_cell(t, va_arg(ap, const char *));
	va_end(ap);
}

static void tbl_init(struct table *t, unsigned ncols)
{
	memset(t, 0, sizeof(*t));
	t->ncols = ncols < TBL_MAX_COLS ? ncols : TBL_MAX_COLS;
}

/* Prints and frees; a table with only its header prints nothing. */
static void tbl_print(struct table *t, struct sbuf *out)
{
	size_t k;

	if (t->oom)
		out->oom = true;
	for (k = 0; k < t->n && t->n > t->ncols; k++) {
		unsigned col = (unsigned)(k % t->ncols);

		if (col + 1 < t->ncols)
			sbuf_printf(out, "%-*s  ", t->w[col], t->cell[k]);
		else
			sbuf_printf(out, "%s\n", t->cell[k]);
	}
	for (k = 0; k < t->n; k++)
		free(t->cell[k]);
	free(t->cell);
	memset(t, 0, sizeof(*t));
}

/* Whole seconds left of a relative lifetime; XDP6_NEVER: "forever". */
static void fmt_left(char *buf, size_t len, xdp6_ns left)
{
	if (left == XDP6_NEVER)
		snprintf(buf, len, "forever");
	else
		snprintf(buf, len, "%llu", (unsigned long long)(left / XDP6_NS_PER_SEC));
}

static void json_left(struct json *j, const char *key, xdp6_ns left)
{
	if (left == XDP6_NEVER)
		json_str(j, key, "forever");
	else
		json_u64(j, key, left / XDP6_NS_PER_SEC);
}

static const char *ntop(const struct in6_addr *a, char *buf)
{
	return inet_ntop(AF_INET6, a, buf, INET6_ADDRSTRLEN);
}

/* ---- `X [show] [dev IFACE]` listings: one renderer per interface ---- */

struct show {
	struct req *r;
	struct json j;
	struct table t;
	xdp6_ns now;
};

typedef void (*show_fn)(struct show *s, struct xdp6d_iface *ifc);

/* Runs fn for each interface (or the one of `dev IFACE`); hdr: the text columns. */
static int run_show(struct req *r, int i, const char *what, show_fn fn, unsigned ncols,
		    const char *const *hdr)
{
	struct xdp6d_iface *only = NULL;
	struct show s = { .r = r, .now = io_now() };
	int status = 0;
	unsigned c, f;

	if (i < r->argc && (!strcmp(r->argv[i], "show") || !strcmp(r->argv[i], "list"))) {
		i++;
	} else if (i < r->argc && strcmp(r->argv[i], "dev")) {
		char msg[64];

		snprintf(msg, sizeof(msg), "unknown %s command '%%s'", what);
		return usage_err(r, msg, r->argv[i]);
	}
	if (opt_dev(r, &i, &only, &status))
		return status;
	status = no_more(r, i);
	if (status)
		return status;
	json_init(&s.j, r->out);
	if (r->json) {
		json_arr_begin(&s.j, NULL);
	} else {
		tbl_init(&s.t, ncols);
		for (c = 0; c < ncols; c++)
			tbl_cell(&s.t, hdr[c]);
	}
	for (f = 0; f < r->d->nifs; f++)
		if ((!only || &r->d->ifs[f] == only) && r->d->ifs[f].host)
			fn(&s, &r->d->ifs[f]);	/* mirror mode: the kernel's tables (ip -6) */
	if (r->json)
		json_arr_end(&s.j);
	else
		tbl_print(&s.t, r->out);
	return CTL_EXIT_OK;
}

/* Calls list(ifc->host, now, out, max) twice: to count, then to fill a fresh array. */
#define LISTING(type, call_count, call_fill, out, n) do {			\
		size_t cnt_ = (call_count);					\
		(out) = calloc(cnt_ ? cnt_ : 1, sizeof(type));			\
		(n) = (out) ? (call_fill) : 0;					\
		if ((n) > cnt_)							\
			(n) = cnt_;						\
	} while (0)

/* neigh show: RFC 4861 §7.3.2 states */
static void show_neigh(struct show *s, struct xdp6d_iface *ifc)
{
	char a[INET6_ADDRSTRLEN], mac[18], age[24];
	struct nud_info *e;
	size_t n, k;

	maps_neigh_import(ifc, s->now, true);	/* what XDP learned up to now */

	LISTING(struct nud_info, host_neighbors(ifc->host, s->now, NULL, 0),
		host_neighbors(ifc->host, s->now, e, cnt_), e, n);
	for (k = 0; k < n; k++) {
		const uint8_t *m = e[k].mac;

		ntop(&e[k].addr, a);
		if (e[k].state == NUD_INCOMPLETE)
			mac[0] = '\0';
		else
			snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1],
				 m[2], m[3], m[4], m[5]);
		if (s->r->json) {
			json_obj_begin(&s->j, NULL);
			json_str(&s->j, "ifname", ifc->ifname);
			json_str(&s->j, "addr", a);
			json_str(&s->j, "lladdr", mac);
			json_str(&s->j, "state", nud_state_name(e[k].state));
			json_bool(&s->j, "router", e[k].is_router);
			json_u64(&s->j, "age_ms", e[k].age / XDP6_NS_PER_MS);
			json_obj_end(&s->j);
			continue;
		}
		snprintf(age, sizeof(age), "%llu", (unsigned long long)(e[k].age / XDP6_NS_PER_MS));
		tbl_row(&s->t, ifc->ifname, a, mac[0] ? mac : "-", nud_state_name(e[k].state),
			e[k].is_router ? "yes" : "no", age);
	}
	free(e);
}

/* mld show: RFC 3810 memberships, MLDv1 compatibility per RFC 3810 §8.2 */
static void show_mld(struct show *s, struct xdp6d_iface *ifc)
{
	char a[INET6_ADDRSTRLEN], refs[16];
	struct mld_group_info *e;
	size_t n, k;

	LISTING(struct mld_group_info, host_groups(ifc->host, NULL, 0),
		host_groups(ifc->host, e, cnt_), e, n);
	for (k = 0; k < n; k++) {
		ntop(&e[k].group, a);
		if (s->r->json) {
			json_obj_begin(&s->j, NULL);
			json_str(&s->j, "ifname", ifc->ifname);
			json_str(&s->j, "group", a);
			json_u64(&s->j, "refcount", e[k].refcount);
			json_str(&s->j, "mode", e[k].v1_mode ? "v1" : "v2");
			json_obj_end(&s->j);
			continue;
		}
		snprintf(refs, sizeof(refs), "%u", e[k].refcount);
		tbl_row(&s->t, ifc->ifname, a, refs, e[k].v1_mode ? "v1" : "v2",
			e[k].reported ? "yes" : "no");
	}
	free(e);
}

/* router show: RFC 4861 §6.3.4 Default Router List, RFC 4191 §2.1 preference */
static const char *pref_name(int pref)
{
	return pref > 0 ? "high" : pref < 0 ? "low" : "medium";
}

static void show_router(struct show *s, struct xdp6d_iface *ifc)
{
	char a[INET6_ADDRSTRLEN], lt[24];
	struct rdisc_router_info *e;
	size_t n, k;

	LISTING(struct rdisc_router_info, host_routers(ifc->host, s->now, NULL, 0),
		host_routers(ifc->host, s->now, e, cnt_), e, n);
	for (k = 0; k < n; k++) {
		ntop(&e[k].addr, a);
		if (s->r->json) {
			json_obj_begin(&s->j, NULL);
			json_str(&s->j, "ifname", ifc->ifname);
			json_str(&s->j, "addr", a);
			json_u64(&s->j, "lifetime", e[k].lifetime_left / XDP6_NS_PER_SEC);
			json_str(&s->j, "preference", pref_name(e[k].preference));
			json_obj_end(&s->j);
			continue;
		}
		fmt_left(lt, sizeof(lt), e[k].lifetime_left);
		tbl_row(&s->t, ifc->ifname, a, lt, pref_name(e[k].preference));
	}
	free(e);
}

/* prefix show: RFC 4861 §6.3.4 Prefix List (on-link), A flag of RFC 4862 §5.5.3 */
static void show_prefix(struct show *s, struct xdp6d_iface *ifc)
{
	char a[INET6_ADDRSTRLEN], ap[INET6_ADDRSTRLEN + 4], v[24], p[24];
	struct rdisc_prefix_info *e;
	size_t n, k;

	LISTING(struct rdisc_prefix_info, host_prefixes(ifc->host, s->now, NULL, 0),
		host_prefixes(ifc->host, s->now, e, cnt_), e, n);
	for (k = 0; k < n; k++) {
		ntop(&e[k].prefix, a);
		if (s->r->json) {
			json_obj_begin(&s->j, NULL);
			json_str(&s->j, "ifname", ifc->ifname);
			json_str(&s->j, "prefix", a);
			json_u64(&s->j, "prefixlen", e[k].prefixlen);
			json_bool(&s->j, "onlink", true);	/* the list holds L=1 prefixes */
			json_bool(&s->j, "autonomous", e[k].autonomous);
			json_left(&s->j, "valid_lft", e[k].valid_left);
			json_left(&s->j, "preferred_lft", e[k].preferred_left);
			json_obj_end(&s->j);
			continue;
		}
		snprintf(ap, sizeof(ap), "%s/%u", a, e[k].prefixlen);
		fmt_left(v, sizeof(v), e[k].valid_left);
		fmt_left(p, sizeof(p), e[k].preferred_left);
		tbl_row(&s->t, ifc->ifname, ap, e[k].autonomous ? "onlink,autonomous" : "onlink",
			v, p);
	}
	free(e);
}

/* dns show: RFC 8106 §5.1 RDNSS and §5.2 DNSSL */
static void show_dns(struct show *s, struct xdp6d_iface *ifc)
{
	char a[INET6_ADDRSTRLEN], rt[INET6_ADDRSTRLEN], lt[24];
	struct rdisc_dns_info *e;
	const char *kind, *value;
	size_t n, k;

	LISTING(struct rdisc_dns_info, host_dns(ifc->host, s->now, NULL, 0),
		host_dns(ifc->host, s->now, e, cnt_), e, n);
	for (k = 0; k < n; k++) {
		kind = e[k].kind == RDISC_DNS_SERVER ? "server" : "search";
		value = e[k].kind == RDISC_DNS_SERVER ? ntop(&e[k].server, a) : e[k].domain;
		ntop(&e[k].router, rt);
		if (s->r->json) {
			json_obj_begin(&s->j, NULL);
			json_str(&s->j, "ifname", ifc->ifname);
			json_str(&s->j, "kind", kind);
			json_str(&s->j, "value", value);
			json_str(&s->j, "router", rt);
			json_left(&s->j, "lifetime", e[k].lifetime_left);
			json_obj_end(&s->j);
			continue;
		}
		fmt_left(lt, sizeof(lt), e[k].lifetime_left);
		tbl_row(&s->t, ifc->ifname, kind, value, rt, lt);
	}
	free(e);
}

/* pmtu show: RFC 8201 §4 path MTUs learned from Packet Too Big */
static void show_pmtu(struct show *s, struct xdp6d_iface *ifc)
{
	char a[INET6_ADDRSTRLEN], mtu[16], ex[24];
	struct pmtu_info *e;
	size_t n, k;
	xdp6_ns left;

	LISTING(struct pmtu_info, host_pmtu(ifc->host, s->now, NULL, 0),
		host_pmtu(ifc->host, s->now, e, cnt_), e, n);
	for (k = 0; k < n; k++) {
		ntop(&e[k].dst, a);
		left = e[k].expires > s->now ? e[k].expires - s->now : 0;
		if (s->r->json) {
			json_obj_begin(&s->j, NULL);
			json_str(&s->j, "ifname", ifc->ifname);
			json_str(&s->j, "dst", a);
			json_u64(&s->j, "mtu", e[k].mtu);
			json_u64(&s->j, "expires", left / XDP6_NS_PER_SEC);
			json_obj_end(&s->j);
			continue;
		}
		snprintf(mtu, sizeof(mtu), "%u", e[k].mtu);
		snprintf(ex, sizeof(ex), "%llu", (unsigned long long)(left / XDP6_NS_PER_SEC));
		tbl_row(&s->t, ifc->ifname, a, mtu, ex);
	}
	free(e);
}

/* serve show: what --unserved reject does not answer for */
static void show_serve(struct show *s, struct xdp6d_iface *ifc)
{
	char pb[8], port[8];
	struct xdp6_served_key *e;
	const char *proto;
	size_t n, k;

	LISTING(struct xdp6_served_key, host_served(ifc->host, NULL, 0),
		host_served(ifc->host, e, cnt_), e, n);
	for (k = 0; k < n; k++) {
		proto = serve_proto_name(e[k].proto, pb, sizeof(pb));
		if (s->r->json) {
			json_obj_begin(&s->j, NULL);
			json_str(&s->j, "ifname", ifc->ifname);
			json_str(&s->j, "proto", proto);
			json_u64(&s->j, "port", e[k].port);
			json_obj_end(&s->j);
			continue;
		}
		snprintf(port, sizeof(port), "%u", e[k].port);
		tbl_row(&s->t, ifc->ifname, proto, e[k].port ? port : "any");
	}
	free(e);
}

static const char *const neigh_hdr[] = { "IFACE", "ADDRESS", "LLADDR", "STATE", "ROUTER",
					 "AGE(ms)" };
static const char *const mld_hdr[] = { "IFACE", "GROUP", "REFCOUNT", "MODE", "REPORTED" };
static const char *const router_hdr[] = { "IFACE", "ROUTER", "LIFETIME", "PREFERENCE" };
static const char *const prefix_hdr[] = { "IFACE", "PREFIX", "FLAGS", "VALID", "PREFERRED" };
static const char *const dns_hdr[] = { "IFACE", "KIND", "VALUE", "ROUTER", "LIFETIME" };
static const char *const pmtu_hdr[] = { "IFACE", "DESTINATION", "MTU", "EXPIRES" };
static const char *const serve_hdr[] = { "IFACE", "PROTO", "PORT" };
#define NCOLS(h) ((unsigned)(sizeof(h) / sizeof((h)[0])))

/* serve add|del PROTO[/PORT] dev IFACE */
static int cmd_serve_change(struct req *r, int i, bool add)
{
	struct xdp6d_iface *ifc = NULL;
	const char *spec;
	uint16_t port;
	uint8_t proto;
	int status = 0, err;

	if (i >= r->argc)
		return usage_err(r, "'serve %s' needs PROTO[/PORT] dev IFACE", add ? "add" : "del");
	spec = r->argv[i++];
	err = parse_serve(spec, &proto, &port);
	if (err == -EPROTONOSUPPORT)
		return usage_err(r, "'%s': only tcp, udp, dccp (33), sctp (132) and udplite "
				 "(136) have ports", spec);
	if (err)
		return usage_err(r, "invalid PROTO[/PORT] '%s' (udp, tcp, dccp, sctp, udplite or "
				 "0-255; PORT 1-65535)", spec);
	if (opt_dev(r, &i, &ifc, &status))
		return status;
	if (!ifc)
		return usage_err(r, "'serve %s' needs dev IFACE", add ? "add" : "del");
	status = no_more(r, i);
	if (status)
		return status;
	if (ifc->mirror) {
		sbuf_printf(r->err, "xdp6d: %s is in mirror mode: the kernel serves its upper "
			    "layers\n", ifc->ifname);
		return CTL_EXIT_FAIL;
	}
	err = host_serve(ifc->host, proto, port, add);
	if (err == -EEXIST)
		sbuf_printf(r->err, "xdp6d: %s already served on %s\n", spec, ifc->ifname);
	else if (err == -ENOENT)
		sbuf_printf(r->err, "xdp6d: %s not served on %s\n", spec, ifc->ifname);
	else if (err == -ENOSPC)
		sbuf_printf(r->err, "xdp6d: served table of %s full\n", ifc->ifname);
	else if (err)
		sbuf_printf(r->err, "xdp6d: Couldn't %s %s on %s: %s\n", add ? "serve" : "unserve",
			    spec, ifc->ifname, strerror(-err));
	else
		xlog(ifc->ifname, "%s %s", spec, add ? "served" : "no longer served");
	return err ? CTL_EXIT_FAIL : CTL_EXIT_OK;
}

static int cmd_serve(struct req *r, int i)
{
	if (i < r->argc && !strcmp(r->argv[i], "add"))
		return cmd_serve_change(r, i + 1, true);
	if (i < r->argc && (!strcmp(r->argv[i], "del") || !strcmp(r->argv[i], "delete")))
		return cmd_serve_change(r, i + 1, false);
	return run_show(r, i, "serve", show_serve, NCOLS(serve_hdr), serve_hdr);
}

/* proxy show: the NDP proxy's prefixes (RFC 4861 §7.2.8), and the interface's allmulticast flag
 * their solicited-node groups need (proxy.h): on, and whether xdp6d set it */
static void show_proxy(struct show *s, struct xdp6d_iface *ifc)
{
	char a[INET6_ADDRSTRLEN], plen[8];
	struct proxy_entry *e;
	bool on = false, ours;
	int err = proxy_io_allmulti(ifc, &on, &ours);
	const char *am = err ? "?" : !on ? "off" : ours ? "on(xdp6d)" : "on";
	size_t n, k;

	LISTING(struct proxy_entry, host_proxies(ifc->host, NULL, 0),
		host_proxies(ifc->host, e, cnt_), e, n);
	for (k = 0; k < n; k++) {
		ntop(&e[k].prefix, a);
		if (s->r->json) {
			json_obj_begin(&s->j, NULL);
			json_str(&s->j, "ifname", ifc->ifname);
			json_str(&s->j, "prefix", a);
			json_u64(&s->j, "prefixlen", e[k].plen);
			json_str(&s->j, "mode", proxy_mode_name(e[k].mode));
			if (!err) {
				json_bool(&s->j, "allmulti", on);
				json_bool(&s->j, "allmulti_by_xdp6d", on && ours);
			}
			json_obj_end(&s->j);
			continue;
		}
		snprintf(plen, sizeof(plen), "%u", e[k].plen);
		tbl_row(&s->t, ifc->ifname, a, plen, proxy_mode_name(e[k].mode), am);
	}
	free(e);
}

static const char *const proxy_hdr[] = { "IFACE", "PREFIX", "PLEN", "MODE", "ALLMULTI" };

/* proxy add PREFIX/LEN dev IFACE [--static|--auto], proxy del PREFIX/LEN dev IFACE */
static int cmd_proxy_change(struct req *r, int i, bool add)
{
	const char *what = add ? "add" : "del";
	struct xdp6d_iface *ifc = NULL;
	uint8_t plen, mode = XDP6_PROXY_STATIC;
	struct in6_addr pfx;
	const char *spec;
	int status = 0, err;

	if (i >= r->argc)
		return usage_err(r, "'proxy %s' needs PREFIX/LEN dev IFACE", what);
	spec = r->argv[i++];
	if (!strchr(spec, '/') || parse_addr_plen(spec, &pfx, &plen, 128) ||
	    proxy_check(&pfx, plen))
		return usage_err(r, "invalid PREFIX/LEN '%s' (a unicast, non-link-local prefix "
				 "without host bits, length 1-128)", spec);
	if (opt_dev(r, &i, &ifc, &status))
		return status;
	if (!ifc)
		return usage_err(r, "'proxy %s' needs dev IFACE", what);
	if (add && i < r->argc && !strcmp(r->argv[i], "--static")) {
		i++;
	} else if (add && i < r->argc && !strcmp(r->argv[i], "--auto")) {
		/* ndppd's auto: only targets routed through another interface (proxy.h) */
		mode = XDP6_PROXY_AUTO;
		i++;
	}
	status = no_more(r, i);
	if (status)
		return status;
	err = host_proxy(ifc->host, &pfx, plen, mode, add);
	if (err == -EEXIST)
		sbuf_printf(r->err, "xdp6d: %s already proxied on %s\n", spec, ifc->ifname);
	else if (err == -ENOENT)
		sbuf_printf(r->err, "xdp6d: %s not proxied on %s\n", spec, ifc->ifname);
	else if (err == -ENOSPC)
		sbuf_printf(r->err, "xdp6d: proxy table of %s full\n", ifc->ifname);
	else if (err)
		sbuf_printf(r->err, "xdp6d: Couldn't %s proxy %s on %s: %s\n", what, spec,
			    ifc->ifname, strerror(-err));
	else
		xlog(ifc->ifname, "proxy %s %s", spec, add ? "added" : "removed");
	return err ? CTL_EXIT_FAIL : CTL_EXIT_OK;
}

static int cmd_proxy(struct req *r, int i)
{
	if (i < r->argc && !strcmp(r->argv[i], "add"))
		return cmd_proxy_change(r, i + 1, true);
	if (i < r->argc && (!strcmp(r->argv[i], "del") || !strcmp(r->argv[i], "delete")))
		return cmd_proxy_change(r, i + 1, false);
	return run_show(r, i, "proxy", show_proxy, NCOLS(proxy_hdr), proxy_hdr);
}

static int cmd_stats(struct req *r, int i)
{
	struct xdp6d_iface *only = NULL;
	struct xdp6_stat xs[R__MAX];
	uint64_t ds[D__MAX];
	struct json j;
	int status = 0, w = 0, k;
	bool prom = false;
	unsigned f;

	if (opt_dev(r, &i, &only, &status))
		return status;
	/* --format text|json|prometheus (json is --json's) */
	if (i < r->argc && !strcmp(r->argv[i], "--format")) {
		if (i + 1 >= r->argc)
			return usage_err(r, "'--format' needs text, json or prometheus%s", "");
		if (!strcmp(r->argv[i + 1], "prometheus"))
			prom = true;
		else if (!strcmp(r->argv[i + 1], "json"))
			r->json = true;
		else if (strcmp(r->argv[i + 1], "text"))
			return usage_err(r, "unknown format '%s' (text, json or prometheus)",
					 r->argv[i + 1]);
		i += 2;
		if (opt_dev(r, &i, &only, &status))
			return status;
	}
	status = no_more(r, i);
	if (status)
		return status;
	if (prom) {
		metrics_prometheus(r->d, only, r->out);
		return CTL_EXIT_OK;
	}
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
		static const uint64_t no_host[D__MAX];
		const uint64_t *hs = ifc->host ? host_dstats(ifc->host) : no_host;
		struct icmp6_err_rx_count *ex;
		char ex_name[ERR_RX_MAX][48];
		size_t nex, e;

		if (only && ifc != only)
			continue;
		LISTING(struct icmp6_err_rx_count, ifc->host ? host_err_rx(ifc->host, NULL, 0) : 0,
			ifc->host ? host_err_rx(ifc->host, ex, cnt_) : 0, ex, nex);
		if (nex > ERR_RX_MAX)
			nex = ERR_RX_MAX;	/* more than every counter there is: cannot be */
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
			/* RFC 4443 errors received, by type and code */
			json_arr_begin(&j, "errors_rx");
			for (e = 0; e < nex; e++) {
				json_obj_begin(&j, NULL);
				json_str(&j, "type", icmp6_err_type_name(ex[e].type));
				json_u64(&j, "code", ex[e].code);
				json_u64(&j, "count", ex[e].count);
				json_obj_end(&j);
			}
			json_arr_end(&j);
			json_obj_end(&j);
			free(ex);
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
		/* "dest-unreach/4 (port-unreach)"; code 15 stands for 15 and more */
		for (e = 0; e < nex; e++) {
			const char *tn = icmp6_err_type_name(ex[e].type);
			const char *cn = icmp6_err_code_name(ex[e].type, ex[e].code);

			if (cn && strcmp(cn, tn))
				snprintf(ex_name[e], sizeof(ex_name[e]), "%s/%u (%s)", tn,
					 ex[e].code, cn);
			else
				snprintf(ex_name[e], sizeof(ex_name[e]), "%s/%u", tn, ex[e].code);
			if ((int)strlen(ex_name[e]) > w)
				w = (int)strlen(ex_name[e]);
		}
		if (nex)
			sbuf_printf(r->out, "  %-*s  %14s\n", w, "errors received", "count");
		for (e = 0; e < nex; e++)
			sbuf_printf(r->out, "  %-*s  %14llu\n", w, ex_name[e],
				    (unsigned long long)ex[e].count);
		free(ex);
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

/* What router advertisements set (RFC 4861 §6.3.4); 0: no RA said it yet. */
static void json_ra(struct json *j, const struct xdp6d_iface *ifc)
{
	struct rdisc_params p;

	host_ra_params(ifc->host, &p);
	json_obj_begin(j, "ra");
	json_u64(j, "hop_limit", p.cur_hop_limit);
	json_u64(j, "mtu", p.mtu);
	json_u64(j, "reachable_ms", p.base_reachable / XDP6_NS_PER_MS);
	json_u64(j, "retrans_ms", p.retrans / XDP6_NS_PER_MS);
	json_bool(j, "managed", p.managed);
	json_bool(j, "other", p.other);
	json_obj_end(j);
}

/* Where each AF_XDP socket's UMEM frames are (xsk.c xq_frames): "ok" false means a frame
 * is nowhere, i.e. lost to the receive path. */
static void json_xsk_frames(struct json *j, const struct xdp6d_iface *ifc)
{
	struct xq_frames f;
	unsigned i;

	json_arr_begin(j, "xsk_frames");
	for (i = 0; i < ifc->nq; i++) {
		xq_frames(&ifc->xqs[i], &f);
		json_obj_begin(j, NULL);
		json_u64(j, "queue", ifc->xqs[i].queue);
		/* copy or zero-copy, whether frames may leave through it (xsk.c xq_tx_probe),
		 * frames received and replies it sent for sockets that cannot send */
		json_str(j, "mode", ifc->xqs[i].zerocopy ? "zerocopy" : "copy");
		json_bool(j, "tx", ifc->xqs[i].can_tx);
		json_u64(j, "rx_frames", ifc->xqs[i].rx_got);
		json_u64(j, "tx_for_others", ifc->xqs[i].tx_rerouted);
		json_u64(j, "total", f.total);
		json_u64(j, "fill", f.fill);
		json_u64(j, "rx", f.rx);
		json_u64(j, "kernel", f.kernel);
		json_u64(j, "held", f.held);
		json_u64(j, "tx_free", f.tx_free);
		json_u64(j, "tx_inflight", f.tx_inflight);
		json_u64(j, "fill_deferred", f.fill_deferred);
		json_u64(j, "bad_desc", f.bad_desc);
		json_bool(j, "ok", f.ok);
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void json_status_iface(struct json *j, const struct xdp6d_iface *ifc)
{
	json_obj_begin(j, NULL);
	json_str(j, "ifname", ifc->ifname);
	json_u64(j, "ifindex", (uint64_t)ifc->ifindex);
	json_str(j, "mode", loader_mode_name(ifc->mode));
	json_str(j, "attach", attach_name(ifc->attach));
	json_u64(j, "run_priority", ifc->run_prio);
	json_str(j, "driver", ifc->driver);
	json_str(j, "xdp_tx", nic_xdp_tx_name(ifc->xdp_tx));
	json_bool(j, "multi_buffer", loader_multi_buffer(ifc));
	json_u64(j, "prog_id", ifc->prog_id);
	json_u64(j, "attached_prog_id", ifc->main_prog_id);
	json_u64(j, "xsk_queues", ifc->nq);
	json_u64(j, "rx_queues", ifc->rx_queues);
	json_str(j, "xsk_mode", xsk_mode(ifc));
	json_str(j, "pin_path", ifc->pin_dir);
	/* owner: xdp6 owns the addresses; mirror: the kernel does (xdp6d --mirror) */
	json_str(j, "role", ifc->mirror ? "mirror" : "owner");
	json_u64(j, "addresses", addrs_list(ifc, NULL, 0));
	if (ifc->host)
		json_ra(j, ifc);
	json_xsk_frames(j, ifc);
	json_obj_end(j);
}

static void fmt_opt_ms(char *buf, size_t len, xdp6_ns v)
{
	if (v)
		snprintf(buf, len, "%llu ms", (unsigned long long)(v / XDP6_NS_PER_MS));
	else
		snprintf(buf, len, "unset");
}

/* status [dev IFACE]: JSON {pid, uptime, control_socket, interfaces: [...]}, dev keeping only
 * that interface in the array (the shape stays the same). */
static int cmd_status(struct req *r, int i)
{
	xdp6_ns up = (io_now() - r->d->started) / XDP6_NS_PER_SEC;
	struct xdp6d_iface *only = NULL;
	struct json j;
	struct table t;
	int status = 0;
	unsigned f;

	if (opt_dev(r, &i, &only, &status))
		return status;
	status = no_more(r, i);
	if (status)
		return status;
	json_init(&j, r->out);
	if (r->json) {
		json_obj_begin(&j, NULL);
		json_u64(&j, "pid", (uint64_t)getpid());
		json_u64(&j, "uptime", up);
		json_str(&j, "control_socket", r->d->ctl_path);
		json_arr_begin(&j, "interfaces");
		for (f = 0; f < r->d->nifs; f++)
			if (!only || &r->d->ifs[f] == only)
				json_status_iface(&j, &r->d->ifs[f]);
		json_arr_end(&j);
		json_obj_end(&j);
		return CTL_EXIT_OK;
	}
	sbuf_printf(r->out, "xdp6d pid %d, up %llus, control socket %s\n", (int)getpid(),
		    (unsigned long long)up, r->d->ctl_path);
	tbl_init(&t, 9);
	tbl_row(&t, "IFACE", "IFINDEX", "MODE", "ATTACH", "PROG", "QUEUES", "XSK", "ADDRS",
		"PINNED");
	for (f = 0; f < r->d->nifs; f++) {
		const struct xdp6d_iface *ifc = &r->d->ifs[f];
		char idx[16], prog[16], nq[16], na[24];

		if (only && ifc != only)
			continue;
		snprintf(idx, sizeof(idx), "%d", ifc->ifindex);
		snprintf(prog, sizeof(prog), "%u", ifc->prog_id);
		snprintf(nq, sizeof(nq), "%u", ifc->nq);
		snprintf(na, sizeof(na), "%zu", addrs_list(ifc, NULL, 0));
		tbl_row(&t, ifc->ifname, idx, loader_mode_name(ifc->mode), attach_name(ifc->attach),
			prog, nq, xsk_mode(ifc), na, ifc->pin_dir);
	}
	tbl_print(&t, r->out);
	for (f = 0; f < r->d->nifs; f++) {
		const struct xdp6d_iface *ifc = &r->d->ifs[f];
		char reach[24], retrans[24];
		struct rdisc_params p;
		unsigned k;

		if (only && ifc != only)
			continue;
		sbuf_printf(r->out, "%s: driver %s, run priority %u, multi-buffer frames %s, "
			    "XDP_TX %s\n", ifc->ifname, ifc->driver[0] ? ifc->driver : "unknown",
			    ifc->run_prio, loader_multi_buffer(ifc) ? "whole" : "not seen",
			    ifc->xdp_tx == NIC_XDP_TX_LOCKED ? "locked (shares the stack's TX "
			    "queues: slower)" : ifc->xdp_tx == NIC_XDP_TX_OVERFLOW ? "PAST ITS "
			    "QUEUES (--allow-unsafe-xdp-tx)" : nic_xdp_tx_name(ifc->xdp_tx));
		if (ifc->mirror) {
			sbuf_printf(r->out, "%s: mirror mode: the kernel owns the addresses; XDP "
				    "answers Echo and NS for %zu of them, the rest goes to the kernel "
				    "(no AF_XDP socket, no daemon protocols)\n", ifc->ifname,
				    addrs_list(ifc, NULL, 0));
			continue;
		}
		host_ra_params(ifc->host, &p);
		fmt_opt_ms(reach, sizeof(reach), p.base_reachable);
		fmt_opt_ms(retrans, sizeof(retrans), p.retrans);
		sbuf_printf(r->out, "%s: from RAs: hop limit ", ifc->ifname);
		if (p.cur_hop_limit)
			sbuf_printf(r->out, "%u", p.cur_hop_limit);
		else
			sbuf_printf(r->out, "unset");
		sbuf_printf(r->out, ", MTU %u, reachable %s, retrans %s, managed %s, other %s\n",
			    p.mtu, reach, retrans, p.managed ? "yes" : "no",
			    p.other ? "yes" : "no");
		for (k = 0; k < ifc->nq; k++) {
			struct xq_frames xf;

			xq_frames(&ifc->xqs[k], &xf);
			sbuf_printf(r->out, "%s: queue %u: %s, %s; %u frames: fill %u, rx %u, "
				    "kernel %llu, held %u, tx free %u, tx in flight %u%s\n",
				    ifc->ifname, ifc->xqs[k].queue,
				    ifc->xqs[k].zerocopy ? "zero-copy" : "copy mode",
				    ifc->xqs[k].can_tx ? "sends" : "receives only (cannot send)",
				    xf.total, xf.fill, xf.rx,
				    (unsigned long long)xf.kernel, xf.held, xf.tx_free,
				    xf.tx_inflight, xf.ok ? "" : " (FRAMES MISSING)");
		}
	}
	return CTL_EXIT_OK;
}

/* `reload`: what SIGHUP does (io/reload.c), with the report as the answer. */
static int cmd_reload(struct req *r, int i)
{
	int status = no_more(r, i);

	if (status)
		return status;
	if (config_reload(r->d, r->out)) {
		sbuf_printf(r->err, "xdp6d: reload failed (see above)\n");
		return CTL_EXIT_FAIL;
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
	if (!strcmp(args[0], "neigh") || !strcmp(args[0], "neighbor") || !strcmp(args[0], "n"))
		return run_show(&r, 1, "neigh", show_neigh, NCOLS(neigh_hdr), neigh_hdr);
	if (!strcmp(args[0], "mld"))
		return run_show(&r, 1, "mld", show_mld, NCOLS(mld_hdr), mld_hdr);
	if (!strcmp(args[0], "router"))
		return run_show(&r, 1, "router", show_router, NCOLS(router_hdr), router_hdr);
	if (!strcmp(args[0], "prefix"))
		return run_show(&r, 1, "prefix", show_prefix, NCOLS(prefix_hdr), prefix_hdr);
	if (!strcmp(args[0], "dns"))
		return run_show(&r, 1, "dns", show_dns, NCOLS(dns_hdr), dns_hdr);
	if (!strcmp(args[0], "pmtu"))
		return run_show(&r, 1, "pmtu", show_pmtu, NCOLS(pmtu_hdr), pmtu_hdr);
	if (!strcmp(args[0], "serve"))
		return cmd_serve(&r, 1);
	if (!strcmp(args[0], "proxy"))
		return cmd_proxy(&r, 1);
	if (!strcmp(args[0], "stats"))
		return cmd_stats(&r, 1);
	if (!strcmp(args[0], "status"))
		return cmd_status(&r, 1);
	if (!strcmp(args[0], "reload"))
		return cmd_reload(&r, 1);
	return usage_err(&r, "unknown command '%s'", args[0]);
}
