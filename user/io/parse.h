/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Command-line value parsers shared by xdp6d's options and the control commands. */
#ifndef XDP6_IO_PARSE_H
#define XDP6_IO_PARSE_H

#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

/* "ADDR[/PLEN]" → a, plen (default_plen without /PLEN). Returns 0 or -EINVAL. Only the syntax
 * is checked; addr_check() says whether the address may be ours. */
int parse_addr_plen(const char *s, struct in6_addr *a, uint8_t *plen, uint8_t default_plen);
/* A decimal number in [min, max]. Returns 0 or -EINVAL. */
int parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *out);
/* "PPS[:BURST]": burst defaults to PPS (at least 1); PPS 0 means unlimited. */
int parse_rate(const char *s, uint32_t *pps, uint32_t *burst);

/* "PROTO[/PORT]" of `xdp6ctl serve`: PROTO is udp, tcp, dccp, sctp, udplite or a number
 * 0-255; PORT 1-65535, only for protocols whose header starts with ports (ip6_nh_has_ports(),
 * include/xdp6_wire.h); no PORT = the whole protocol (*port = 0). Returns 0, -EINVAL
 * (syntax) or -EPROTONOSUPPORT (a port for a protocol without ports). */
int parse_serve(const char *s, uint8_t *proto, uint16_t *port);
/* The protocol as `serve show` names it: "udp", "tcp" or the number; buf of 4 bytes at least. */
const char *serve_proto_name(uint8_t proto, char *buf, size_t len);

#endif
