// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Growable text buffer and a minimal JSON writer (RFC 8259: string escapes, no floats) for
 * xdp6ctl's --json output, rendered in the daemon. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "json.h"

void sbuf_printf(struct sbuf *b, const char *fmt, ...)
{
	size_t room, cap;
	va_list ap;
	char *p;
	int n;

	if (b->oom)
		return;
	for (;;) {
		room = b->cap - b->len;
		va_start(ap, fmt);
		n = vsnprintf(b->p ? b->p + b->len : NULL, room, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->oom = true;
			return;
		}
		if ((size_t)n < room) {
			b->len += (size_t)n;
			return;
		}
		cap = b->cap ? b->cap * 2 : 1024;
		while (cap - b->len <= (size_t)n)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
}

void sbuf_free(struct sbuf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
	b->oom = false;
}

void json_init(struct json *j, struct sbuf *b)
{
	j->b = b;
	j->depth = 0;
	j->need_comma[0] = false;
}

static void put_string(struct sbuf *b, const char *s)
{
	sbuf_printf(b, "\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			sbuf_printf(b, "\\%c", c);
		else if (c < 0x20)
			sbuf_printf(b, "\\u%04x", c);
		else
			sbuf_printf(b, "%c", c);
	}
	sbuf_printf(b, "\"");
}

/* Comma and key before a value at the current depth. */
static void member(struct json *j, const char *key)
{
	if (j->need_comma[j->depth])
		sbuf_printf(j->b, ",");
	j->need_comma[j->depth] = true;
	if (key) {
		put_string(j->b, key);
		sbuf_printf(j->b, ":");
	}
}

static void open_(struct json *j, const char *key, char c)
{
	member(j, key);
	sbuf_printf(j->b, "%c", c);
	if (j->depth + 1 < JSON_MAX_DEPTH)
		j->depth++;
	j->need_comma[j->depth] = false;
}

static void close_(struct json *j, char c)
{
	sbuf_printf(j->b, "%c", c);
	if (j->depth > 0)
		j->depth--;
	if (j->depth == 0)
		sbuf_printf(j->b, "\n");
}

void json_obj_begin(struct json *j, const char *key)
{
	open_(j, key, '{');
}

void json_obj_end(struct json *j)
{
	close_(j, '}');
}

void json_arr_begin(struct json *j, const char *key)
{
	open_(j, key, '[');
}

void json_arr_end(struct json *j)
{
	close_(j, ']');
}

void json_str(struct json *j, const char *key, const char *v)
{
	member(j, key);
	put_string(j->b, v);
}

void json_u64(struct json *j, const char *key, uint64_t v)
{
	member(j, key);
	sbuf_printf(j->b, "%llu", (unsigned long long)v);
}

void json_bool(struct json *j, const char *key, bool v)
{
	member(j, key);
	sbuf_printf(j->b, "%s", v ? "true" : "false");
}
