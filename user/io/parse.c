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
/* Transports whose header starts with source and destination port (IANA protocol numbers). */
#define NH_DCCP		33	/* RFC 4340 */
#define NH_SCTP		132	/* RFC 9260 */
#define NH_UDPLITE	136	/* RFC 3828 */

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

static bool proto_has_ports(uint8_t proto)
{
	return proto == IP6_NH_TCP || proto == IP6_NH_UDP || proto == NH_DCCP ||
	       proto == NH_SCTP || proto == NH_UDPLITE;
}

int parse_serve(const char *s, uint8_t *proto, uint16_t *port)
{
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	uint32_t p, v = 0;
	char buf[8];

	if (!n || n >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (!strcmp(buf, "udp"))
		p = IP6_NH_UDP;
	else if (!strcmp(buf, "tcp"))
		p = IP6_NH_TCP;
	else if (parse_u32(buf, 0, PROTO_MAX, &p))
		return -EINVAL;
	if (slash) {
		if (parse_u32(slash + 1, 1, PORT_MAX, &v))
			return -EINVAL;
		if (!proto_has_ports((uint8_t)p))
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
