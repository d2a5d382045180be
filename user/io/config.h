/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* xdp6d's configuration: ONE option table (io/opts.c) drives the command line, the config file
 * (xdp6d.conf(5)), --help, the man page check and reload. This header is the engine: the
 * table's row type, the config file grammar, merging file and command line, and which options
 * changed between two configurations. No I/O here except reading the file and printing help. */
#ifndef XDP6_IO_CONFIG_H
#define XDP6_IO_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct xdp6d_opts;

enum opt_kind {
	OPT_FLAG,	/* --name on the command line; `name = yes|no` in the file */
	OPT_VALUE,	/* --name VALUE; `name = VALUE`; the last one given wins */
	OPT_LIST,	/* repeatable; command-line values replace the file's (see conf_apply) */
};

enum opt_flags {
	OPT_CLI_ONLY = 1 << 0,	/* not a config file key (--config, --help, -v) */
	OPT_POSITIONAL = 1 << 1, /* command-line operands are values of this option */
	OPT_RUNTIME = 1 << 2,	/* reload applies a change (io/reload.c); else reported */
};

/* One row of the table. val is NULL only for a list being cleared (set_list(o, NULL)); a flag
 * gets "yes" from the command line. On a bad value set() returns -EINVAL and may write why
 * into why[len]; empty why means "expected <expect>". */
struct opt_def {
	const char *name;		/* --name and the config file key */
	char short_name;		/* -x, or 0 */
	enum opt_kind kind;
	unsigned flags;			/* enum opt_flags */
	const char *arg;		/* metavar in --help (VALUE, LIST) */
	const char *expect;		/* what a valid value looks like, for error messages */
	const char *section;		/* non-NULL: --help heading printed before this row */
	const char *help;		/* --help text, lines separated by '\n' */
	int (*set)(struct xdp6d_opts *o, const char *val, char *why, size_t len);
};

/* The table and what the engine needs to build scratch option sets (io/opts.c). */
struct opt_schema {
	const struct opt_def *defs;
	unsigned n;
	size_t size;				/* sizeof(struct xdp6d_opts) */
	void (*defaults)(struct xdp6d_opts *o);	/* o is zeroed before */
	void (*release)(struct xdp6d_opts *o);	/* frees what set() allocated */
};

extern const struct opt_schema xdp6d_schema;

/* One setting as given: in a file at line >= 1, on the command line with line 0. */
struct conf_ent {
	const struct opt_def *def;
	char *val;
	unsigned line;
};

struct conf {
	char *file;			/* NULL for the command line */
	struct conf_ent *ents;
	unsigned n;
};

#define CONF_ERR_MAX	512
#define CONF_FILE_MAX	(1 << 20)	/* bytes: a config file is small */
#define CONF_LINE_MAX	1024

/* The file grammar (the shape of sysctl.conf(5)), one setting per line:
 *	line    = blank* [ '#' any* | key blank* '=' blank* value ] blank*
 *	key     = one of the table's names that is not OPT_CLI_ONLY
 *	value   = the rest of the line, surrounding blanks removed (may be empty; no quoting)
 * blank = space or tab; comments are whole lines only, so a value may hold '#'. Lines end in
 * '\n'; a NUL byte or a line over CONF_LINE_MAX is an error. Appends to c, c->file names the
 * file in errors. Returns 0, or -EINVAL with "FILE:LINE: what was expected" in err. */
int conf_parse_text(struct conf *c, const struct opt_schema *s, const char *text, size_t len,
		    char *err, size_t errlen);
/* Reads path (at most CONF_FILE_MAX bytes) and parses it into c. -errno or -EINVAL, err set. */
int conf_read_file(struct conf *c, const struct opt_schema *s, const char *path, char *err,
		   size_t errlen);
/* The command line, with getopt_long built from the table (long names, short letters). */
int conf_parse_argv(struct conf *c, const struct opt_schema *s, int argc, char **argv,
		    char *err, size_t errlen);
/* The last value of option name in c (file or command line), NULL if not given. */
const char *conf_get(const struct conf *c, const char *name);
void conf_free(struct conf *c);

/* defaults → file → command line into o (zeroed here first). For an OPT_LIST option given on
 * the command line the file's values are dropped (command line overrides the file, a list as a
 * whole). file may be NULL. Returns 0, or -EINVAL with "FILE:LINE: KEY: why" or "--KEY: why"
 * in err; o is then released. */
int conf_apply(const struct opt_schema *s, const struct conf *file, const struct conf *cli,
	       struct xdp6d_opts *o, char *err, size_t errlen);
/* Whether option d has a different effective value under (file_a, cli) and (file_b, cli):
 * lists compare their values as given, other options their effect on a scratch option set. */
bool conf_changed(const struct opt_schema *s, const struct opt_def *d, const struct conf *a,
		  const struct conf *b, const struct conf *cli);

/* --help's option part, from the table. */
void conf_help(FILE *f, const struct opt_schema *s);

#endif
