// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Parsers for addresses with prefix length (RFC 4291 §2.3 notation), numbers, rates and the
 * upper-layer protocol/port pairs of `xdp6ctl serve` (RFC 8200 §4 Next Header values). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "parse.h"
#include "xdp6_wire.h"

#define PLEN_MAX	128
#define PROTO_MAX	255
#define PORT_MAX	65535

/* Protocol names `xdp6ctl serve` takes besides numbers (IANA protocol numbers). */
static const struct {
	const char *name;
	uint8_t nh;
} proto_names[] = {
	{ "udp", IP6_NH_UDP }, { "tcp", IP6_NH_TCP }, { "dccp", IP6_NH_DCCP },
	{ "sctp", IP6_NH_SCTP }, { "udplite", IP6_NH_UDPLITE },
};

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

int parse_serve(const char *s, uint8_t *proto, uint16_t *port)
{
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	uint32_t p = PROTO_MAX + 1, v = 0;
	char buf[8];
	size_t i;

	if (!n || n >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	for (i = 0; i < sizeof(proto_names) / sizeof(proto_names[0]); i++)
		if (!strcmp(buf, proto_names[i].name))
			p = proto_names[i].nh;
	if (p > PROTO_MAX && parse_u32(buf, 0, PROTO_MAX, &p))
		return -EINVAL;
	if (slash) {
		if (parse_u32(slash + 1, 1, PORT_MAX, &v))
			return -EINVAL;
		if (!ip6_nh_has_ports((uint8_t)p))
			return -EPROTONOSUPPORT;
	}
	*proto = (uint8_t)p;
	*port = (uint16_t)v;
	return 0;
}

const char *serve_proto_name(uint8_t proto, char *buf, size_t len)
{
	if (proto == IP6_NH_UDP)
		return "udp";
	if (proto == IP6_NH_TCP)
		return "tcp";
	snprintf(buf, len, "%u", proto);
	return buf;
}
