// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Parsers for addresses with prefix length (RFC 4291 §2.3 notation), numbers and rates. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "parse.h"

#define PLEN_MAX 128

int parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *out)
{
	unsigned long long v;
	char *end;

	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -EINVAL;
	*out = (uint32_t)v;
	return 0;
}

int parse_addr_plen(const char *s, struct in6_addr *a, uint8_t *plen, uint8_t default_plen)
{
	char buf[INET6_ADDRSTRLEN + 8];
	const char *slash = strchr(s, '/');
	size_t alen = slash ? (size_t)(slash - s) : strlen(s);
	uint32_t p = default_plen;

	if (alen >= INET6_ADDRSTRLEN)
		return -EINVAL;
	memcpy(buf, s, alen);
	buf[alen] = '\0';
	if (inet_pton(AF_INET6, buf, a) != 1)
		return -EINVAL;
	if (slash && parse_u32(slash + 1, 0, PLEN_MAX, &p))
		return -EINVAL;
	*plen = (uint8_t)p;
	return 0;
}

int parse_rate(const char *s, uint32_t *pps, uint32_t *burst)
{
	char buf[32];
	const char *colon = strchr(s, ':');
	size_t n = colon ? (size_t)(colon - s) : strlen(s);

	if (n >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (parse_u32(buf, 0, UINT32_MAX, pps))
		return -EINVAL;
	if (colon)
		return parse_u32(colon + 1, 1, UINT32_MAX, burst);
	*burst = *pps ? *pps : 1;
	return 0;
}
