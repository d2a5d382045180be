// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The NDP proxy's prefix table (proxy.h): a small array, changed only by commands; the fast
 * path reads the LPM trie the host publishes from it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "proxy.h"

struct proxy_table {
	struct proxy_entry *e;
	size_t n, cap, max;
};

struct proxy_table *proxy_new(size_t max)
{
	struct proxy_table *t = calloc(1, sizeof(*t));

	if (t)
		t->max = max ? max : PROXY_MAX;
	return t;
}

void proxy_free(struct proxy_table *t)
{
	if (!t)
		return;
	free(t->e);
	free(t);
}

int proxy_check(const struct in6_addr *prefix, unsigned plen)
{
	const uint8_t *b = prefix->s6_addr;
	unsigned i;

	if (plen < 1 || plen > 128)
		return -EINVAL;
	for (i = plen; i < 128; i++)
		if (b[i / 8] & (0x80 >> (i % 8)))
			return -EINVAL;		/* host bits set: say what is meant */
	/* RFC 4291 §2.7: multicast; §2.5.6: link-local (each link's own, never proxied);
	 * §2.5.2, §2.5.3: the unspecified and loopback addresses */
	if (b[0] == 0xff || (b[0] == 0xfe && (b[1] & 0xc0) == 0x80))
		return -EINVAL;
	if (IN6_IS_ADDR_UNSPECIFIED(prefix) || (plen == 128 && IN6_IS_ADDR_LOOPBACK(prefix)))
		return -EINVAL;
	return 0;
}

static size_t find(const struct proxy_table *t, const struct in6_addr *prefix, uint8_t plen)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->e[i].plen == plen && !memcmp(&t->e[i].prefix, prefix, sizeof(*prefix)))
			return i;
	return t->n;
}

int proxy_change(struct proxy_table *t, const struct in6_addr *prefix, uint8_t plen,
		 uint8_t mode, bool add)
{
	size_t i;
	int err = proxy_check(prefix, plen);

	if (err)
		return err;
	i = find(t, prefix, plen);
	if (!add) {
		if (i == t->n)
			return -ENOENT;
		memmove(&t->e[i], &t->e[i + 1], (t->n - i - 1) * sizeof(*t->e));
		t->n--;
		return 0;
	}
	if (i < t->n)
		return -EEXIST;
	if (mode != XDP6_PROXY_STATIC && mode != XDP6_PROXY_AUTO)
		return -EINVAL;
	if (t->n == t->max)
		return -ENOSPC;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		struct proxy_entry *e = realloc(t->e, cap * sizeof(*e));

		if (!e)
			return -ENOMEM;
		t->e = e;
		t->cap = cap;
	}
	t->e[t->n].prefix = *prefix;
	t->e[t->n].plen = plen;
	t->e[t->n].mode = mode;
	t->n++;
	return 0;
}

size_t proxy_list(const struct proxy_table *t, struct proxy_entry *out, size_t max)
{
	size_t i;

	for (i = 0; out && i < t->n && i < max; i++)
		out[i] = t->e[i];
	return t->n;
}

const char *proxy_mode_name(uint8_t mode)
{
	return mode == XDP6_PROXY_AUTO ? "auto" : "static";
}
