// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* libFuzzer harness of the control socket's request path (issue 9 "Build in"): each input is a
 * sequence of request messages as xdp6d receives them, run through ctl_parse_request() and
 * cmd_run() (user/io/ctl.c, cmd.c) against a fake daemon with one interface whose host is a
 * real host_new() and whose map fds are -1 (the map writer, user/io/maps.c, runs and fails
 * every write), then cut into protocol messages by ctl_reply_*(). Checked after every request
 * (a violation prints `xdp6 invariant: ...` and aborts): the parser's argv lies inside the
 * request; the exit status is 0, 1 or 2 and a failure says why; the reply is CTL_OUT messages,
 * CTL_ERR messages, then exactly one CTL_EXIT carrying the status, every message within
 * CTL_MSG_MAX and the texts arriving whole; a --json answer with status 0 is valid JSON
 * (RFC 8259).
 *
 * Input: records of a 2-byte little-endian length L and L bytes (the last one may be short),
 * at most FZ_MAX_REQS; L above CTL_REQ_MAX is a message recv(MSG_TRUNC) reports as longer than
 * the buffer. tests/fuzz/seeds_ctl.py writes the seeds from real xdp6ctl command lines. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/ctl.h"
#include "io/ctl_proto.h"
#include "io/loader.h"
#include "io/log.h"
#include "io/maps.h"

#define FZ_IFNAME	"xdp6fz0"	/* seeds say `dev xdp6fz0`; no real interface has it */
#define FZ_MAX_REQS	8
#define FZ_MAX_ADDRS	64		/* --max-addrs of the fake interface: bounded work */

static void fail(const char *fmt, ...)
{
	va_list ap;

	/* fd 2 directly: stderr (the FILE) is muted for the daemon's log, see below */
	dprintf(2, "xdp6 invariant: ");
	va_start(ap, fmt);
	vdprintf(2, fmt, ap);
	va_end(ap);
	dprintf(2, "\n");
	abort();
}

/* ---- the adapter boundary ---- */

static struct xdp6d fz_d;

/* io/iface.c (which brings interfaces up: BPF loading) */
struct xdp6d_iface *xdp6d_iface_find(struct xdp6d *d, const char *ifname)
{
	unsigned i;

	for (i = 0; i < d->nifs; i++)
		if (!strcmp(d->ifs[i].ifname, ifname))
			return &d->ifs[i];
	return NULL;
}

/* loader.c loads BPF objects: not run here, only its mode name is shown */
const char *loader_mode_name(enum xdp_attach_mode mode)
{
	return mode == XDP_MODE_SKB ? "skb" : "native";
}

/* status asks whether the attached program sees multi-buffer frames: none is attached here */
bool loader_multi_buffer(const struct xdp6d_iface *ifc)
{
	return false;
}

/* Frames the host sends while a command runs (DAD, MLD): a frame must fit the link. */
static void fz_tx(void *ctx, const uint8_t *frame, size_t len)
{
	if (!frame || len < ETH6_HLEN || len > ETH6_HLEN + 1500)
		fail("tx of %zu bytes", len);
}

static void daemon_up(void)
{
	struct xdp6d_iface *ifc;
	struct host_ops ops;
	struct host_cfg cfg;
	xdp6_ns now = io_now();
	static const uint8_t mac[ETH6_ALEN] = { 0x02, 0, 0, 0, 0, 0x01 };

	memset(&fz_d, 0, sizeof(fz_d));
	fz_d.epfd = fz_d.timerfd = fz_d.sigfd = fz_d.ctl_fd = fz_d.ctl_lock = -1;
	snprintf(fz_d.ctl_path, sizeof(fz_d.ctl_path), "%s/net-0.sock", CTL_RUN_DIR);
	fz_d.started = now;
	ifc = calloc(1, sizeof(*ifc));
	if (!ifc)
		abort();
	fz_d.ifs = ifc;
	fz_d.nifs = 1;
	snprintf(ifc->ifname, sizeof(ifc->ifname), FZ_IFNAME);
	ifc->ifindex = 1000;
	ifc->link.ifindex = ifc->ifindex;
	snprintf(ifc->link.ifname, sizeof(ifc->link.ifname), FZ_IFNAME);
	memcpy(ifc->link.mac, mac, ETH6_ALEN);
	ifc->link.mtu = 1500;
	ifc->fd_addrs = ifc->fd_iface = ifc->fd_tokens = ifc->fd_groups = -1;
	ifc->fd_served = ifc->fd_stats = ifc->fd_xsks = ifc->fd_neigh = -1;
	ifc->fd_ownbits = ifc->fd_addrgen = ifc->fd_addrcache = -1;
	ifc->max_addrs = FZ_MAX_ADDRS;
	snprintf(ifc->pin_dir, sizeof(ifc->pin_dir), "/sys/fs/bpf/xdp6/" FZ_IFNAME);
	host_cfg_defaults(&cfg);
	maps_host_ops(ifc, &ops);
	ops.tx.fn = fz_tx;
	ops.tx.ctx = ifc;
	ifc->host = host_new(&ifc->link, &cfg, &ops, 6, now);
	if (!ifc->host || host_set_max_addrs(ifc->host, FZ_MAX_ADDRS))
		abort();
}

static void daemon_down(void)
{
	struct xdp6d_iface *ifc = fz_d.ifs;

	host_free(ifc->host);
	ownbits_free(&ifc->own);	/* maps.c's on_publish allocates the bit counts */
	free(ifc);
	memset(&fz_d, 0, sizeof(fz_d));
}

/* ---- RFC 8259 JSON, just enough to say whether a text is one value ---- */

static const char *js_ws(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

static const char *js_value(const char *p, const char *e, int depth);

static const char *js_string(const char *p, const char *e)
{
	if (p >= e || *p != '"')
		return NULL;
	for (p++; p < e; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '"')
			return p + 1;
		if (c < 0x20)
			return NULL;
		if (c == '\\') {
			if (++p >= e)
				return NULL;
			if (*p == 'u') {
				int k;

				for (k = 0; k < 4; k++)
					if (++p >= e || !strchr("0123456789abcdefABCDEF", *p) ||
					    !*p)
						return NULL;
			} else if (!strchr("\"\\/bfnrt", *p) || !*p) {
				return NULL;
			}
		}
	}
	return NULL;
}

static const char *js_number(const char *p, const char *e)
{
	const char *s;

	if (p < e && *p == '-')
		p++;
	if (p < e && *p == '0') {
		p++;
	} else {
		for (s = p; p < e && *p >= '0' && *p <= '9'; p++)
			;
		if (p == s)
			return NULL;
	}
	if (p < e && *p == '.') {
		for (s = ++p; p < e && *p >= '0' && *p <= '9'; p++)
			;
		if (p == s)
			return NULL;
	}
	if (p < e && (*p == 'e' || *p == 'E')) {
		if (++p < e && (*p == '+' || *p == '-'))
			p++;
		for (s = p; p < e && *p >= '0' && *p <= '9'; p++)
			;
		if (p == s)
			return NULL;
	}
	return p;
}

static const char *js_lit(const char *p, const char *e, const char *w)
{
	size_t l = strlen(w);

	return (size_t)(e - p) >= l && !memcmp(p, w, l) ? p + l : NULL;
}

static const char *js_members(const char *p, const char *e, int depth, char close, bool obj)
{
	p = js_ws(p + 1, e);
	if (p < e && *p == close)
		return p + 1;
	for (;;) {
		if (obj) {
			p = js_string(p, e);
			if (!p)
				return NULL;
			p = js_ws(p, e);
			if (p >= e || *p != ':')
				return NULL;
			p = js_ws(p + 1, e);
		}
		p = js_value(p, e, depth + 1);
		if (!p)
			return NULL;
		p = js_ws(p, e);
		if (p < e && *p == ',') {
			p = js_ws(p + 1, e);
			continue;
		}
		return p < e && *p == close ? p + 1 : NULL;
	}
}

static const char *js_value(const char *p, const char *e, int depth)
{
	if (depth > 64 || p >= e)
		return NULL;
	switch (*p) {
	case '{':
		return js_members(p, e, depth, '}', true);
	case '[':
		return js_members(p, e, depth, ']', false);
	case '"':
		return js_string(p, e);
	case 't':
		return js_lit(p, e, "true");
	case 'f':
		return js_lit(p, e, "false");
	case 'n':
		return js_lit(p, e, "null");
	default:
		return js_number(p, e);
	}
}

static bool json_valid(const char *p, size_t len)
{
	const char *e = p + len, *q = js_value(js_ws(p, e), e, 0);

	return q && js_ws(q, e) == e;
}

/* ---- one request ---- */

static void run_request(const uint8_t *data, size_t len)
{
	char *req = malloc(CTL_REQ_MAX + 1);	/* exactly what ctl.c's buffer holds */
	char **argv = malloc((CTL_ARGS_MAX + 1) * sizeof(*argv));
	char *msg = malloc(CTL_MSG_MAX), *out_copy, *err_copy;
	struct sbuf out = { 0 }, err = { 0 };
	size_t n = len < CTL_REQ_MAX ? len : CTL_REQ_MAX, o = 0, e = 0, m;
	struct ctl_reply r;
	bool json = false, exit_seen = false, oom;
	int argc = -1, status, i;

	if (!req || !argv || !msg)
		abort();
	memcpy(req, data, n);		/* what recv() put in the buffer; len: what it said */
	status = ctl_parse_request(req, len, argv, &argc, &err);
	if (status != CTL_EXIT_OK && status != CTL_EXIT_USAGE)
		fail("parser returned %d", status);
	if (argc < 0 || argc > CTL_ARGS_MAX || argv[argc])
		fail("parser: argc %d, argv not NULL-terminated", argc);
	for (i = 0; i < argc; i++) {
		if (argv[i] < req || argv[i] >= req + n + 1 || argv[i] + strlen(argv[i]) > req + n)
			fail("argv[%d] outside the request", i);
		json |= !strcmp(argv[i], "--json") || !strcmp(argv[i], "-j");
	}
	if (status == CTL_EXIT_OK)
		status = cmd_run(&fz_d, argc, argv, &out, &err);
	if (status < CTL_EXIT_OK || status > CTL_EXIT_USAGE)
		fail("exit status %d", status);
	if (status != CTL_EXIT_OK && !err.len && !err.oom)
		fail("exit status %d without a word on stderr", status);
	if (status == CTL_EXIT_OK && json && out.len && !out.oom && !json_valid(out.p, out.len))
		fail("--json answer is not JSON: %.*s", (int)(out.len < 300 ? out.len : 300),
		     out.p);
	out_copy = malloc(out.len + 1);
	err_copy = malloc(err.len + 1);
	if (!out_copy || !err_copy)
		abort();
	if (out.len)
		memcpy(out_copy, out.p, out.len);
	if (err.len)
		memcpy(err_copy, err.p, err.len);
	oom = out.oom || err.oom;	/* the reply becomes an error message then */
	ctl_reply_init(&r, &out, &err, status);
	if (oom) {
		free(out_copy);
		free(err_copy);
		out_copy = err_copy = NULL;
	}
	while ((m = ctl_reply_peek(&r, msg))) {
		if (m > CTL_MSG_MAX)
			fail("reply message of %zu bytes", m);
		if (exit_seen)
			fail("a message after CTL_EXIT");
		switch (msg[0]) {
		case CTL_OUT:
			if (e || m < 2)
				fail("CTL_OUT of %zu bytes after %zu bytes of CTL_ERR", m, e);
			if (out_copy && memcmp(msg + 1, out_copy + o, m - 1))
				fail("stdout text changed on the way");
			o += m - 1;
			break;
		case CTL_ERR:
			if (m < 2)
				fail("empty CTL_ERR");
			if (err_copy && memcmp(msg + 1, err_copy + e, m - 1))
				fail("stderr text changed on the way");
			e += m - 1;
			break;
		case CTL_EXIT:
			if (m != 2 || (unsigned char)msg[1] != (unsigned)r.status)
				fail("CTL_EXIT of %zu bytes, status %d", m, msg[1]);
			exit_seen = true;
			break;
		default:
			fail("message type %d", msg[0]);
		}
		ctl_reply_pop(&r);
	}
	if (!exit_seen)
		fail("no CTL_EXIT");
	if (out_copy && (o != r.out.len || e != r.err.len))
		fail("%zu of %zu stdout, %zu of %zu stderr bytes sent", o, r.out.len, e, r.err.len);
	ctl_reply_free(&r);
	free(out_copy);
	free(err_copy);
	free(msg);
	free(argv);
	free(req);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	/* The daemon logs every refused map write (fd -1) and every command to stderr: mute the
	 * FILE, not fd 2, which libFuzzer, the sanitizers and fail() write to. FZ_LOG=1 keeps
	 * the log. */
	if (!getenv("FZ_LOG")) {
		FILE *null = fopen("/dev/null", "w");

		if (null)
			stderr = null;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned k;
	size_t len;

	daemon_up();
	for (k = 0; k < FZ_MAX_REQS && size >= 2; k++) {
		len = (size_t)data[0] | (size_t)data[1] << 8;
		data += 2;
		size -= 2;
		if (len > size)
			len = size;
		run_request(data, len);
		data += len;
		size -= len;
	}
	daemon_down();
	return 0;
}
