// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* `xdp6ctl stats --format prometheus`: every counter the daemon has, in the Prometheus text
 * exposition format (version 0.0.4), fit for node_exporter's textfile collector. Families are
 * written whole (all interfaces of one metric together, as the format requires), counters end
 * in _total, label values are escaped (interface names may hold '"' and '\'). */
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "json.h"
#include "maps.h"
#include "xsk.h"
#include "log.h"
#include "addr.h"
#include "icmp6_err.h"

#ifndef XDP6_VERSION
#define XDP6_VERSION "unknown"
#endif

/* (type, code) counters of received errors: types 1-4 and "other", ICMP6_ERR_RX_CODES each */
#define ERR_RX_KINDS	(5 * ICMP6_ERR_RX_CODES)
#define ADDR_STATES	(XDP6_ADDR_DUPLICATE + 1)

/* The reason names, from the one X-macro list (include/xdp6_maps.h) */
const char *const xdp_reason_names[R__MAX] = {
#define XDP6_REASON_NAME(id, name) [id] = name,
	XDP6_REASONS(XDP6_REASON_NAME)
};
const char *const d_reason_names[D__MAX] = {
	XDP6_DREASONS(XDP6_REASON_NAME)
#undef XDP6_REASON_NAME
};

struct if_sample {
	const struct xdp6d_iface *ifc;
	struct xdp6_stat xs[R__MAX];
	uint64_t ds[D__MAX];
	struct icmp6_err_rx_count *ex;
	size_t nex;
	uint64_t addrs[ADDR_STATES];
};

/* A label value: \ " and newline escaped (exposition format, "Comments, help text, and type
 * information" and label values). */
static void label(struct sbuf *out, const char *v)
{
	for (; *v; v++) {
		if (*v == '\\' || *v == '"')
			sbuf_printf(out, "\\%c", *v);
		else if (*v == '\n')
			sbuf_printf(out, "\\n");
		else
			sbuf_printf(out, "%c", *v);
	}
}

static void family(struct sbuf *out, const char *name, const char *type, const char *help)
{
	sbuf_printf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void sample(struct sbuf *out, const char *name, const struct xdp6d_iface *ifc,
		   const char *k2, const char *v2, uint64_t v)
{
	sbuf_printf(out, "%s{interface=\"", name);
	label(out, ifc->ifname);
	if (k2) {
		sbuf_printf(out, "\",%s=\"", k2);
		label(out, v2);
	}
	sbuf_printf(out, "\"} %llu\n", (unsigned long long)v);
}

static void gather(struct xdp6d_iface *ifc, struct if_sample *s)
{
	const uint64_t *hs = host_dstats(ifc->host);
	struct host_addr_info *ai;
	size_t n, k;

	s->ifc = ifc;
	if (maps_read_stats(ifc, s->xs))
		xlog_dbg(ifc->ifname, "metrics: Couldn't read every stats entry");
	xq_update_stats(ifc);
	for (k = 0; k < D__MAX; k++)
		s->ds[k] = hs[k] + ifc->io_dstats[k];
	s->ex = calloc(ERR_RX_KINDS, sizeof(*s->ex));
	s->nex = s->ex ? host_err_rx(ifc->host, s->ex, ERR_RX_KINDS) : 0;
	if (s->nex > ERR_RX_KINDS)
		s->nex = ERR_RX_KINDS;
	n = host_addrs(ifc->host, NULL, 0);
	ai = calloc(n ? n : 1, sizeof(*ai));
	n = ai ? host_addrs(ifc->host, ai, n) : 0;
	for (k = 0; k < n; k++)
		if ((unsigned)ai[k].state < ADDR_STATES)
			s->addrs[ai[k].state]++;
	free(ai);
}

void metrics_prometheus(struct xdp6d *d, struct xdp6d_iface *only, struct sbuf *out)
{
	struct if_sample *s = calloc(d->nifs ? d->nifs : 1, sizeof(*s));
	unsigned n = 0, i, k;
	size_t e;

	if (!s)
		return;
	for (i = 0; i < d->nifs; i++)
		if (!only || &d->ifs[i] == only)
			gather(&d->ifs[i], &s[n++]);

	family(out, "xdp6_xdp_packets_total", "counter",
	       "Packets the XDP program handled, by verdict reason (summed over CPUs).");
	for (i = 0; i < n; i++)
		for (k = 0; k < R__MAX; k++)
			sample(out, "xdp6_xdp_packets_total", s[i].ifc, "reason",
			       xdp_reason_names[k], s[i].xs[k].packets);
	family(out, "xdp6_xdp_bytes_total", "counter",
	       "Bytes of the packets the XDP program handled, by verdict reason.");
	for (i = 0; i < n; i++)
		for (k = 0; k < R__MAX; k++)
			sample(out, "xdp6_xdp_bytes_total", s[i].ifc, "reason",
			       xdp_reason_names[k], s[i].xs[k].bytes);
	family(out, "xdp6_daemon_events_total", "counter",
	       "Frames and events the daemon handled, by reason.");
	for (i = 0; i < n; i++)
		for (k = 0; k < D__MAX; k++)
			sample(out, "xdp6_daemon_events_total", s[i].ifc, "reason",
			       d_reason_names[k], s[i].ds[k]);
	family(out, "xdp6_icmp6_errors_received_total", "counter",
	       "ICMPv6 error messages received (RFC 4443), by type and code.");
	for (i = 0; i < n; i++)
		for (e = 0; e < s[i].nex; e++) {
			sbuf_printf(out, "xdp6_icmp6_errors_received_total{interface=\"");
			label(out, s[i].ifc->ifname);
			sbuf_printf(out, "\",type=\"%s\",code=\"%u\"} %llu\n",
				    icmp6_err_type_name(s[i].ex[e].type), s[i].ex[e].code,
				    (unsigned long long)s[i].ex[e].count);
		}
	family(out, "xdp6_addresses", "gauge",
	       "Addresses served, by state (RFC 4862: tentative, preferred, deprecated, "
	       "duplicate).");
	for (i = 0; i < n; i++)
		for (k = 0; k < ADDR_STATES; k++)
			sample(out, "xdp6_addresses", s[i].ifc, "state",
			       addr_state_name((enum xdp6_addr_state)k), s[i].addrs[k]);
	family(out, "xdp6_uptime_seconds", "gauge", "Seconds since xdp6d started.");
	sbuf_printf(out, "xdp6_uptime_seconds %llu\n",
		    (unsigned long long)((io_now() - d->started) / XDP6_NS_PER_SEC));
	family(out, "xdp6_build_info", "gauge", "xdp6d's version, the value is always 1.");
	sbuf_printf(out, "xdp6_build_info{version=\"%s\"} 1\n", XDP6_VERSION);
	for (i = 0; i < n; i++)
		free(s[i].ex);
	free(s);
}
