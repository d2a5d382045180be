/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* A growable text buffer and the one JSON writer of the control replies. */
#ifndef XDP6_IO_JSON_H
#define XDP6_IO_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sbuf {
	char *p;
	size_t len, cap;
	bool oom;		/* an allocation failed: the text is cut short */
};

void sbuf_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sbuf_free(struct sbuf *b);

#define JSON_MAX_DEPTH 8

/* Writes compact JSON into b; keys are given for members of objects, NULL inside arrays. */
struct json {
	struct sbuf *b;
	int depth;
	bool need_comma[JSON_MAX_DEPTH];
};

void json_init(struct json *j, struct sbuf *b);
void json_obj_begin(struct json *j, const char *key);
void json_obj_end(struct json *j);
void json_arr_begin(struct json *j, const char *key);
void json_arr_end(struct json *j);
void json_str(struct json *j, const char *key, const char *v);
void json_u64(struct json *j, const char *key, uint64_t v);
void json_bool(struct json *j, const char *key, bool v);

#endif
