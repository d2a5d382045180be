// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The configuration engine behind xdp6d's one option table (io/config.h): the config file
 * grammar, the command line through getopt_long built from the same rows, merging the two
 * (command line over file over defaults), change detection for reload, and --help. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

#define HELP_COL	28	/* --help: column where the text starts */

static int fail(char *err, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static const struct opt_def *find(const struct opt_schema *s, const char *name, size_t len)
{
	unsigned i;

	for (i = 0; i < s->n; i++)
		if (strlen(s->defs[i].name) == len && !memcmp(s->defs[i].name, name, len))
			return &s->defs[i];
	return NULL;
}

static int add(struct conf *c, const struct opt_def *d, const char *val, size_t len,
	       unsigned line)
{
	struct conf_ent *e = realloc(c->ents, (c->n + 1) * sizeof(*e));

	if (!e)
		return -ENOMEM;
	c->ents = e;
	e[c->n].def = d;
	e[c->n].line = line;
	e[c->n].val = strndup(val, len);
	if (!e[c->n].val)
		return -ENOMEM;
	c->n++;
	return 0;
}

static bool blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

int conf_parse_text(struct conf *c, const struct opt_schema *s, const char *text, size_t len,
		    char *err, size_t errlen)
{
	const char *f = c->file ? c->file : "(config)";
	size_t pos = 0;
	unsigned line = 0;

	while (pos < len) {
		const char *l = text + pos, *nl = memchr(l, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - l) : len - pos, k = 0, ke, vs, ve;
		const struct opt_def *d;

		pos += n + (nl ? 1 : 0);
		line++;
		if (n > CONF_LINE_MAX)
			return fail(err, errlen, "%s:%u: line longer than %d bytes", f, line,
				    CONF_LINE_MAX);
		if (memchr(l, '\0', n))
			return fail(err, errlen, "%s:%u: NUL byte (expected text)", f, line);
		while (k < n && blank(l[k]))
			k++;
		if (k == n || l[k] == '#')
			continue;
		ke = k;
		while (ke < n && !blank(l[ke]) && l[ke] != '=')
			ke++;
		vs = ke;
		while (vs < n && blank(l[vs]))
			vs++;
		if (vs == n || l[vs] != '=')
			return fail(err, errlen, "%s:%u: expected KEY = VALUE after '%.*s'", f,
				    line, (int)(ke - k), l + k);
		if (ke == k)
			return fail(err, errlen, "%s:%u: expected a key before '='", f, line);
		d = find(s, l + k, ke - k);
		if (!d || (d->flags & OPT_CLI_ONLY))
			return fail(err, errlen, "%s:%u: unknown key '%.*s' (expected one of "
				    "the keys in xdp6d.conf(5))", f, line, (int)(ke - k), l + k);
		vs++;
		while (vs < n && blank(l[vs]))
			vs++;
		ve = n;
		while (ve > vs && (blank(l[ve - 1]) || l[ve - 1] == '\r'))
			ve--;
		if (add(c, d, l + vs, ve - vs, line))
			return fail(err, errlen, "%s:%u: out of memory", f, line);
	}
	return 0;
}

int conf_read_file(struct conf *c, const struct opt_schema *s, const char *path, char *err,
		   size_t errlen)
{
	char *buf = malloc(CONF_FILE_MAX + 1);
	size_t n;
	FILE *fp;
	int ret;

	free(c->file);
	c->file = strdup(path);
	if (!buf || !c->file) {
		free(buf);
		return fail(err, errlen, "%s: out of memory", path);
	}
	fp = fopen(path, "re");
	if (!fp) {
		ret = -errno;
		free(buf);
		snprintf(err, errlen, "%s: %s", path, strerror(-ret));
		return ret;
	}
	n = fread(buf, 1, CONF_FILE_MAX + 1, fp);
	ret = ferror(fp) ? fail(err, errlen, "%s: read error", path) :
	      n > CONF_FILE_MAX ? fail(err, errlen, "%s: larger than %d bytes", path,
				       CONF_FILE_MAX) :
	      conf_parse_text(c, s, buf, n, err, errlen);
	fclose(fp);
	free(buf);
	return ret;
}

int conf_parse_argv(struct conf *c, const struct opt_schema *s, int argc, char **argv,
		    char *err, size_t errlen)
{
	struct option *lo = calloc(s->n + 1, sizeof(*lo));
	const struct opt_def *pos = NULL;
	char shorts[2 * 64 + 2] = ":";
	size_t sl = 1;
	unsigned i;
	int ch, idx, ret = 0;

	if (!lo)
		return fail(err, errlen, "out of memory");
	for (i = 0; i < s->n; i++) {
		const struct opt_def *d = &s->defs[i];

		lo[i].name = d->name;
		lo[i].has_arg = d->kind == OPT_FLAG ? no_argument : required_argument;
		lo[i].val = 256 + (int)i;
		if (d->flags & OPT_POSITIONAL)
			pos = d;
		if (d->short_name && sl + 3 < sizeof(shorts)) {
			shorts[sl++] = d->short_name;
			if (d->kind != OPT_FLAG)
				shorts[sl++] = ':';
			shorts[sl] = '\0';
		}
	}
	opterr = 0;
	optind = 0;	/* a full reset: reload parses the same argv again */
	while (!ret && (ch = getopt_long(argc, argv, shorts, lo, &idx)) != -1) {
		const struct opt_def *d = NULL;

		if (ch == ':')
			ret = fail(err, errlen, "option '%s' needs a value (see xdp6d --help)",
				   argv[optind - 1]);
		else if (ch == '?')
			ret = fail(err, errlen, "unknown option '%s' (see xdp6d --help)",
				   argv[optind - 1]);
		else if (ch >= 256)
			d = &s->defs[ch - 256];
		else
			for (i = 0; i < s->n && !d; i++)
				if (s->defs[i].short_name == ch)
					d = &s->defs[i];
		if (d) {
			const char *v = d->kind == OPT_FLAG ? "yes" : optarg;

			if (add(c, d, v, strlen(v), 0))
				ret = fail(err, errlen, "out of memory");
		}
	}
	for (; !ret && optind < argc; optind++) {
		if (!pos)
			ret = fail(err, errlen, "unexpected operand '%s'", argv[optind]);
		else if (add(c, pos, argv[optind], strlen(argv[optind]), 0))
			ret = fail(err, errlen, "out of memory");
	}
	free(lo);
	return ret;
}

const char *conf_get(const struct conf *c, const char *name)
{
	unsigned i;

	for (i = c ? c->n : 0; i-- > 0;)
		if (!strcmp(c->ents[i].def->name, name))
			return c->ents[i].val;
	return NULL;
}

void conf_free(struct conf *c)
{
	unsigned i;

	for (i = 0; i < c->n; i++)
		free(c->ents[i].val);
	free(c->ents);
	free(c->file);
	memset(c, 0, sizeof(*c));
}

static bool given(const struct conf *c, const struct opt_def *d)
{
	unsigned i;

	for (i = 0; c && i < c->n; i++)
		if (c->ents[i].def == d)
			return true;
	return false;
}

/* Applies c's entries (only those of `only` if not NULL) to o. */
static int apply(const struct conf *c, const struct conf *cli, const struct opt_def *only,
		 struct xdp6d_opts *o, char *err, size_t errlen)
{
	char why[CONF_ERR_MAX];
	unsigned i;

	for (i = 0; c && i < c->n; i++) {
		const struct conf_ent *e = &c->ents[i];

		if (only && e->def != only)
			continue;
		/* the command line gave this list: the file's values are not used */
		if (c != cli && e->def->kind == OPT_LIST && given(cli, e->def))
			continue;
		why[0] = '\0';
		if (!e->def->set(o, e->val, why, sizeof(why)))
			continue;
		if (!why[0])
			snprintf(why, sizeof(why), "invalid value '%s' (expected %s)", e->val,
				 e->def->expect);
		if (c->file)
			return fail(err, errlen, "%s:%u: %s: %s", c->file, e->line, e->def->name,
				    why);
		return fail(err, errlen, "--%s: %s", e->def->name, why);
	}
	return 0;
}

static void init(const struct opt_schema *s, struct xdp6d_opts *o)
{
	memset(o, 0, s->size);
	s->defaults(o);
}

int conf_apply(const struct opt_schema *s, const struct conf *file, const struct conf *cli,
	       struct xdp6d_opts *o, char *err, size_t errlen)
{
	int ret;

	init(s, o);
	ret = apply(file, cli, NULL, o, err, errlen);
	if (!ret)
		ret = apply(cli, cli, NULL, o, err, errlen);
	if (ret)
		s->release(o);
	return ret;
}

static unsigned list_vals(const struct conf *c, const struct opt_def *d, char **out)
{
	unsigned i, n = 0;

	for (i = 0; c && i < c->n; i++)
		if (c->ents[i].def == d) {
			if (out)
				out[n] = c->ents[i].val;
			n++;
		}
	return n;
}

bool conf_changed(const struct opt_schema *s, const struct opt_def *d, const struct conf *a,
		  const struct conf *b, const struct conf *cli)
{
	struct xdp6d_opts *oa, *ob;
	char err[CONF_ERR_MAX];
	bool changed = true;
	unsigned na, nb, i;

	if (d->kind == OPT_LIST) {
		char **va, **vb;

		if (given(cli, d))
			return false;	/* the command line's values, in both */
		na = list_vals(a, d, NULL);
		nb = list_vals(b, d, NULL);
		if (na != nb)
			return true;
		va = calloc(na + 1, sizeof(*va));
		vb = calloc(nb + 1, sizeof(*vb));
		if (va && vb) {
			list_vals(a, d, va);
			list_vals(b, d, vb);
			for (i = 0; i < na && !strcmp(va[i], vb[i]); i++)
				;
			changed = i < na;
		}
		free(va);
		free(vb);
		return changed;
	}
	oa = calloc(1, s->size);
	ob = calloc(1, s->size);
	if (oa && ob) {
		init(s, oa);
		init(s, ob);
		/* what the value does, not how it is written: 100 and 100:100 are the same rate */
		if (!apply(a, cli, d, oa, err, sizeof(err)) && !apply(cli, cli, d, oa, err,
								       sizeof(err)) &&
		    !apply(b, cli, d, ob, err, sizeof(err)) && !apply(cli, cli, d, ob, err,
								       sizeof(err)))
			changed = memcmp(oa, ob, s->size) != 0;
		s->release(oa);
		s->release(ob);
	}
	free(oa);
	free(ob);
	return changed;
}

void conf_help(FILE *f, const struct opt_schema *s)
{
	unsigned i;

	for (i = 0; i < s->n; i++) {
		const struct opt_def *d = &s->defs[i];
		const char *h = d->help, *nl;
		int col;

		if (d->section)
			fprintf(f, "\n%s\n", d->section);
		if (d->short_name)
			col = fprintf(f, "  -%c, --%s", d->short_name, d->name);
		else
			col = fprintf(f, "      --%s", d->name);
		if (d->kind != OPT_FLAG)
			col += fprintf(f, " %s", d->arg);
		if (col + 1 > HELP_COL) {
			fputc('\n', f);
			col = 0;
		}
		while (h && *h) {
			nl = strchr(h, '\n');
			fprintf(f, "%*s%.*s\n", HELP_COL - col, "",
				(int)(nl ? nl - h : (long)strlen(h)), h);
			col = 0;
			h = nl ? nl + 1 : h + strlen(h);
		}
	}
}
