// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Unit tests of xdp6d's configuration (user/io/config.c, the table in user/io/opts.c): the
 * config file grammar and its errors (file, line, what was expected), the command line built
 * from the same table, command line over file over defaults, and the change detection reload
 * uses. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "check.h"
#include "io/daemon.h"
#include "io/reload.h"
#include "io/config.h"
#include "proto/host.h"

static struct conf file_of(const char *text, int *ret, char *err)
{
	struct conf c = { .file = strdup("t.conf") };

	*ret = conf_parse_text(&c, &xdp6d_schema, text, strlen(text), err, CONF_ERR_MAX);
	return c;
}

static struct conf cli_of(int argc, char **argv, int *ret, char *err)
{
	struct conf c = { 0 };

	*ret = conf_parse_argv(&c, &xdp6d_schema, argc, argv, err, CONF_ERR_MAX);
	return c;
}

/* Parses text as t.conf and applies it (no command line); err holds the first error. */
static int load(const char *text, struct xdp6d_opts *o, char *err)
{
	struct conf c;
	int ret;

	err[0] = '\0';
	c = file_of(text, &ret, err);
	if (!ret)
		ret = conf_apply(&xdp6d_schema, &c, NULL, o, err, CONF_ERR_MAX);
	else
		memset(o, 0, sizeof(*o));
	conf_free(&c);
	return ret;
}

static void file_key_value_lines_set_options(void)
{
	struct xdp6d_opts o;
	char err[CONF_ERR_MAX];
	struct in6_addr a;

	CASE_BEGIN("file_key_value_lines_set_options");
	CHECK(load("# xdp6d\n\ninterface = eth0\n  interface=eth1  \naddr = 2001:db8::1/48\n"
		   "\taddr = 2001:db8::2\nmode = skb\necho-rate = 100:10\nno-dad = yes\n"
		   "accept-ra = no\nmax-addrs = 16\nreasm-timeout = 5\nrouter = yes", &o, err) == 0,
	      "refused: %s", err);
	CHECK(o.nifnames == 2 && !strcmp(o.ifnames[0], "eth0") && !strcmp(o.ifnames[1], "eth1"),
	      "interfaces: %u", o.nifnames);
	inet_pton(AF_INET6, "2001:db8::2", &a);
	CHECK(o.naddrs == 2 && o.addrs[0].plen == 48 && o.addrs[1].plen == XDP6D_DEFAULT_PLEN &&
	      !memcmp(&o.addrs[1].a, &a, sizeof(a)), "addrs: %u", o.naddrs);
	CHECK(o.mode == XDP_MODE_SKB, "mode %d", o.mode);
	CHECK(o.cfg.echo_rate == 100 && o.cfg.echo_burst == 10, "echo-rate %u:%u",
	      o.cfg.echo_rate, o.cfg.echo_burst);
	CHECK(!o.cfg.dad && !o.cfg.accept_ra && o.cfg.router, "flags");
	CHECK(o.max_addrs == 16 && o.cfg.reasm_timeout == 5 * XDP6_NS_PER_SEC, "numbers");
	/* untouched options keep their defaults */
	CHECK(o.cfg.err_rate == 1000 && o.cfg.link_local && o.cfg.slaac, "defaults");
	xdp6d_opts_release(&o);
	CASE_END();
}

static void flag_no_in_file_restores_the_default(void)
{
	struct xdp6d_opts o;
	char err[CONF_ERR_MAX];

	CASE_BEGIN("flag_no_in_file_restores_the_default");
	CHECK(load("no-dad = yes\nno-dad = no\n", &o, err) == 0, "%s", err);
	CHECK(o.cfg.dad, "the last no-dad = no should leave DAD on");
	xdp6d_opts_release(&o);
	CHECK(load("no-dad = maybe\n", &o, err) == -EINVAL, "maybe accepted");
	CHECK(!strcmp(err, "t.conf:1: no-dad: invalid value 'maybe' (expected yes or no)"),
	      "err: %s", err);
	CASE_END();
}

static void value_keeps_hash_and_inner_blanks(void)
{
	struct xdp6d_opts o;
	char err[CONF_ERR_MAX];

	CASE_BEGIN("value_keeps_hash_and_inner_blanks");
	CHECK(load("stable-privacy =  my #secret  \r\n", &o, err) == 0, "%s", err);
	CHECK(o.cfg.stable_privacy && o.cfg.secret_len == 10 &&
	      !memcmp(o.cfg.secret, "my #secret", 10), "secret '%.*s'", (int)o.cfg.secret_len,
	      o.cfg.secret);
	xdp6d_opts_release(&o);
	CASE_END();
}

/* Every error names file and line and says what was expected. */
static void errors_name_file_line_and_expected(void)
{
	static const struct { const char *text, *err; } cases[] = {
		{ "addr = 2001:db8::1\n\nmode = fast\n",
		  "t.conf:3: mode: invalid value 'fast' (expected native or skb)" },
		{ "# c\nbogus = 1\n",
		  "t.conf:2: unknown key 'bogus' (expected one of the keys in xdp6d.conf(5))" },
		{ "addr 2001:db8::1\n", "t.conf:1: expected KEY = VALUE after 'addr'" },
		{ " = 3\n", "t.conf:1: expected a key before '='" },
		{ "help = yes\n",
		  "t.conf:1: unknown key 'help' (expected one of the keys in xdp6d.conf(5))" },
		{ "config = /x\n",
		  "t.conf:1: unknown key 'config' (expected one of the keys in xdp6d.conf(5))" },
		{ "echo-rate = 10:0\n",
		  "t.conf:1: echo-rate: invalid value '10:0' (expected PPS[:BURST], BURST at "
		  "least 1)" },
		{ "addr = ff02::1\n", "t.conf:1: addr: 'ff02::1' cannot be an address of ours "
		  "(multicast, unspecified or loopback)" },
		{ "addr = 2001:db8::1\naddr = 2001:db8::1/64\n",
		  "t.conf:2: addr: address '2001:db8::1/64' given twice" },
		{ "interface = eth0\ninterface = eth0\n",
		  "t.conf:2: interface: interface 'eth0' given twice" },
		{ "max-addrs = 0\n",
		  "t.conf:1: max-addrs: invalid value '0' (expected 1-1048576)" },
		{ "hop-limit =\n", "t.conf:1: hop-limit: invalid value '' (expected 1-255)" },
	};
	struct xdp6d_opts o;
	char err[CONF_ERR_MAX];
	unsigned i;

	CASE_BEGIN("errors_name_file_line_and_expected");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK(load(cases[i].text, &o, err) == -EINVAL, "accepted: %s", cases[i].text);
		CHECK(!strcmp(err, cases[i].err), "got '%s', want '%s'", err, cases[i].err);
	}
	CASE_END();
}

static void nul_byte_and_long_line_are_errors(void)
{
	char err[CONF_ERR_MAX], line[CONF_LINE_MAX + 16];
	struct conf c = { .file = strdup("t.conf") };
	static const char nul[] = "mode = skb\nmode = s\0kb\n";

	CASE_BEGIN("nul_byte_and_long_line_are_errors");
	CHECK(conf_parse_text(&c, &xdp6d_schema, nul, sizeof(nul) - 1, err, sizeof(err)) ==
	      -EINVAL, "NUL accepted");
	CHECK(!strcmp(err, "t.conf:2: NUL byte (expected text)"), "err: %s", err);
	memset(line, 'x', sizeof(line));
	CHECK(conf_parse_text(&c, &xdp6d_schema, line, sizeof(line), err, sizeof(err)) ==
	      -EINVAL, "long line accepted");
	CHECK(strstr(err, "t.conf:1: line longer than") == err, "err: %s", err);
	conf_free(&c);
	CASE_END();
}

static void command_line_overrides_file_and_replaces_lists(void)
{
	char *argv[] = { "xdp6d", "--echo-rate", "5", "-a", "2001:db8::9", "-vv", "veth0",
			 NULL };
	struct conf f, c;
	struct xdp6d_opts o;
	char err[CONF_ERR_MAX];
	int ret;

	CASE_BEGIN("command_line_overrides_file_and_replaces_lists");
	f = file_of("echo-rate = 100\nna-rate = 7\naddr = 2001:db8::1\naddr = 2001:db8::2\n"
		    "interface = eth0\n", &ret, err);
	CHECK(!ret, "file: %s", err);
	c = cli_of(7, argv, &ret, err);
	CHECK(!ret, "argv: %s", err);
	CHECK(conf_apply(&xdp6d_schema, &f, &c, &o, err, sizeof(err)) == 0, "apply: %s", err);
	CHECK(o.cfg.echo_rate == 5 && o.cfg.na_rate == 7, "rates %u %u", o.cfg.echo_rate,
	      o.cfg.na_rate);
	CHECK(o.naddrs == 1 && o.addrs[0].a.s6_addr[15] == 9, "addrs %u", o.naddrs);
	CHECK(o.nifnames == 1 && !strcmp(o.ifnames[0], "veth0"), "operand is the interface");
	CHECK(o.verbose == 2, "-vv gives %d", o.verbose);
	xdp6d_opts_release(&o);
	conf_free(&f);
	conf_free(&c);
	CASE_END();
}

static void command_line_errors_name_the_option(void)
{
	char *bad_val[] = { "xdp6d", "--mode", "fast", "eth0", NULL };
	char *unknown[] = { "xdp6d", "--frobnicate", "eth0", NULL };
	char *no_val[] = { "xdp6d", "eth0", "-a", NULL };
	struct xdp6d_opts o;
	char err[CONF_ERR_MAX];
	struct conf c;
	int ret;

	CASE_BEGIN("command_line_errors_name_the_option");
	c = cli_of(4, bad_val, &ret, err);
	CHECK(!ret && conf_apply(&xdp6d_schema, NULL, &c, &o, err, sizeof(err)) == -EINVAL,
	      "--mode fast accepted");
	CHECK(!strcmp(err, "--mode: invalid value 'fast' (expected native or skb)"), "%s", err);
	conf_free(&c);
	c = cli_of(3, unknown, &ret, err);
	CHECK(ret == -EINVAL && !strcmp(err, "unknown option '--frobnicate' (see xdp6d --help)"),
	      "%s", err);
	conf_free(&c);
	c = cli_of(3, no_val, &ret, err);
	CHECK(ret == -EINVAL && !strcmp(err, "option '-a' needs a value (see xdp6d --help)"),
	      "%s", err);
	conf_free(&c);
	CASE_END();
}

/* Reload compares what a value does: the same rate written twice ways is no change. */
static void changed_compares_effect_not_spelling(void)
{
	struct conf a, b, b2, l1, l2;
	char err[CONF_ERR_MAX];
	const struct opt_def *rate = NULL, *addr = NULL, *mode = NULL;
	unsigned i;
	int ret;

	CASE_BEGIN("changed_compares_effect_not_spelling");
	for (i = 0; i < xdp6d_schema.n; i++) {
		if (!strcmp(xdp6d_schema.defs[i].name, "echo-rate"))
			rate = &xdp6d_schema.defs[i];
		if (!strcmp(xdp6d_schema.defs[i].name, "addr"))
			addr = &xdp6d_schema.defs[i];
		if (!strcmp(xdp6d_schema.defs[i].name, "mode"))
			mode = &xdp6d_schema.defs[i];
	}
	a = file_of("echo-rate = 100\nmode = native\n", &ret, err);
	b = file_of("echo-rate = 100:100\n", &ret, err);
	b2 = file_of("echo-rate = 200\nmode = skb\n", &ret, err);
	l1 = file_of("addr = 2001:db8::1\n", &ret, err);
	l2 = file_of("addr = 2001:db8::1\naddr = 2001:db8::2\n", &ret, err);
	CHECK(rate && addr && mode, "rows missing");
	CHECK(!conf_changed(&xdp6d_schema, rate, &a, &b, NULL), "100 vs 100:100 changed");
	CHECK(conf_changed(&xdp6d_schema, rate, &a, &b2, NULL), "100 vs 200 unchanged");
	CHECK(!conf_changed(&xdp6d_schema, mode, &a, &b, NULL), "native vs default changed");
	CHECK(conf_changed(&xdp6d_schema, mode, &a, &b2, NULL), "native vs skb unchanged");
	CHECK(conf_changed(&xdp6d_schema, addr, &l1, &l2, NULL), "list growth unchanged");
	CHECK(!conf_changed(&xdp6d_schema, addr, &l1, &l1, NULL), "same list changed");
	conf_free(&a);
	conf_free(&b);
	conf_free(&b2);
	conf_free(&l1);
	conf_free(&l2);
	CASE_END();
}

/* The table is complete: every row can be set, documented and named once. */
static void every_row_is_named_once_and_documented(void)
{
	unsigned i, k;

	CASE_BEGIN("every_row_is_named_once_and_documented");
	for (i = 0; i < xdp6d_schema.n; i++) {
		const struct opt_def *d = &xdp6d_schema.defs[i];

		CHECK(d->name && d->set && d->help && *d->help, "row %u incomplete", i);
		CHECK(d->kind == OPT_FLAG || d->arg, "%s has no metavar", d->name);
		CHECK((d->flags & OPT_CLI_ONLY) || d->expect, "%s has no expected form", d->name);
		for (k = 0; k < i; k++) {
			CHECK(strcmp(d->name, xdp6d_schema.defs[k].name), "%s twice", d->name);
			CHECK(!d->short_name || d->short_name != xdp6d_schema.defs[k].short_name,
			      "-%c twice", d->short_name);
		}
	}
	CASE_END();
}

/* proxy = PREFIX/LEN: a list of prefixes, the length required, what proxy_check() refuses
 * refused with the line; with mirror the configuration is refused (config_check). */
static void proxy_key_collects_prefixes_and_refuses_bad_ones(void)
{
	static const char *const bad[] = {
		"proxy = 2001:db8:1::\n",		/* no /LEN */
		"proxy = 2001:db8:1::1/64\n",		/* host bits */
		"proxy = fe80::/64\n",			/* link-local */
		"proxy = ff02::/16\n",			/* multicast */
		"proxy = 2001:db8:1::/129\n",
		"proxy = 2001:db8:1::/64\nproxy = 2001:db8:1::/64\n",	/* twice */
	};
	struct in6_addr p1, p2;
	struct xdp6d_opts o;
	char err[CONF_ERR_MAX];
	unsigned i;

	CASE_BEGIN("proxy_key_collects_prefixes_and_refuses_bad_ones");
	inet_pton(AF_INET6, "2001:db8:1::", &p1);
	inet_pton(AF_INET6, "2001:db8:2::", &p2);
	CHECK(load("interface = x\nproxy = 2001:db8:1::/64\nproxy = 2001:db8:2::/48\n", &o,
		   err) == 0, "load: %s", err);
	CHECK(o.nproxies == 2, "%u prefixes", o.nproxies);
	if (o.nproxies == 2)
		CHECK(!memcmp(&o.proxies[0].prefix, &p1, 16) && o.proxies[0].plen == 64 &&
		      !memcmp(&o.proxies[1].prefix, &p2, 16) && o.proxies[1].plen == 48,
		      "prefixes not as given");
	CHECK(config_check(&o, err, sizeof(err)) == 0, "check: %s", err);
	o.mirror = true;
	CHECK(config_check(&o, err, sizeof(err)) == -EINVAL && strstr(err, "proxy"),
	      "proxy with mirror accepted");
	xdp6d_opts_release(&o);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(load(bad[i], &o, err) == -EINVAL, "accepted: %s", bad[i]);
		CHECK(strstr(err, "t.conf:") && strstr(err, "proxy"), "error for %s: %s", bad[i],
		      err);
	}
	CASE_END();
}

/* Reload's run-time rows and host_cfg's RUNTIME fields (proto/host.h) agree: a row reload hands
 * to host_set_cfg() changes only RUNTIME fields (else every reload of it is refused), and every
 * RUNTIME field is set by such a row (else it is marked RUNTIME by mistake). */
static void runtime_rows_change_runtime_fields(void)
{
	static const struct { const char *row, *val; } vals[] = {
		{ "echo-rate", "5:3" }, { "na-rate", "5:3" }, { "src-rate", "5:3" },
		{ "rate-key-len", "48" }, { "no-echo-multicast", "yes" }, { "router", "yes" },
		{ "hop-limit", "7" }, { "unserved", "reject" }, { "err-rate", "5:3" },
	};
#define FIELD_NAME(kind, type, name, dims) #name,
#define KIND_RUNTIME 1
#define KIND_FIXED 0
#define FIELD_RUNTIME(kind, type, name, dims) KIND_##kind,
	static const char *const names[] = { HOST_CFG_FIELDS(FIELD_NAME) };
	static const bool runtime[] = { HOST_CFG_FIELDS(FIELD_RUNTIME) };
	const unsigned nf = sizeof(names) / sizeof(names[0]);
	struct xdp6d_opts def, o;
	char err[CONF_ERR_MAX], text[256];
	uint64_t covered = 0;
	unsigned i, k, f;

	CASE_BEGIN("runtime_rows_change_only_and_all_runtime_fields");
	CHECK(nf <= 64, "%u fields", nf);
	CHECK(load("interface = x\n", &def, err) == 0, "load: %s", err);
	for (i = 0; i < xdp6d_schema.n; i++) {
		const struct opt_def *d = &xdp6d_schema.defs[i];
		uint64_t changed = 0;

		if (!(d->flags & OPT_RUNTIME) || !strcmp(d->name, "addr") ||
		    !strcmp(d->name, "proxy") || !strcmp(d->name, "log-level"))
			continue;
		for (k = 0; k < sizeof(vals) / sizeof(vals[0]); k++)
			if (!strcmp(vals[k].row, d->name))
				break;
		if (k == sizeof(vals) / sizeof(vals[0])) {
			CHECK(0, "run-time row %s has no test value here", d->name);
			continue;
		}
		snprintf(text, sizeof(text), "interface = x\n%s = %s\n", d->name, vals[k].val);
		if (load(text, &o, err)) {
			CHECK(0, "%s: %s", d->name, err);
			continue;
		}
		f = 0;
#define FIELD_DIFF(kind, type, name, dims)						\
		if (memcmp(&o.cfg.name, &def.cfg.name, sizeof(o.cfg.name)))		\
			changed |= 1ull << f;						\
		f++;
		HOST_CFG_FIELDS(FIELD_DIFF)
		CHECK(changed, "%s = %s changed no host_cfg field", d->name, vals[k].val);
		for (f = 0; f < nf; f++)
			if (changed & (1ull << f)) {
				CHECK(runtime[f], "run-time row %s changes FIXED field %s: reload "
				      "would refuse it", d->name, names[f]);
				covered |= 1ull << f;
			}
		xdp6d_opts_release(&o);
	}
	for (f = 0; f < nf; f++)
		CHECK(!runtime[f] || (covered & (1ull << f)),
		      "RUNTIME field %s is set by no run-time row", names[f]);
	xdp6d_opts_release(&def);
	CASE_END();
}

int main(void)
{
	file_key_value_lines_set_options();
	flag_no_in_file_restores_the_default();
	value_keeps_hash_and_inner_blanks();
	errors_name_file_line_and_expected();
	nul_byte_and_long_line_are_errors();
	command_line_overrides_file_and_replaces_lists();
	command_line_errors_name_the_option();
	changed_compares_effect_not_spelling();
	every_row_is_named_once_and_documented();
	proxy_key_collects_prefixes_and_refuses_bad_ones();
	runtime_rows_change_runtime_fields();
	return check_exit();
}
