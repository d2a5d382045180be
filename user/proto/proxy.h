/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The NDP proxy's prefixes (xdp6ctl proxy; RFC 4861 §7.2.8, RFC 4389): which prefixes an
 * interface answers NS for on behalf of the hosts behind it, sans-I/O. The host publishes each
 * change to the `proxy` LPM trie (host_ops.proxy_changed); a config loader adds through the
 * same host_proxy() call as xdp6ctl. */
#ifndef XDP6_PROXY_H
#define XDP6_PROXY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "xdp6_maps.h"

#define PROXY_MAX	XDP6_PROXY_MAX		/* prefixes per interface: the map's size */

struct proxy_entry {
	struct in6_addr prefix;		/* host bits zero */
	uint8_t plen;			/* 1-128 */
	uint8_t mode;			/* enum xdp6_proxy_mode */
};

struct proxy_table;

struct proxy_table *proxy_new(size_t max);
void proxy_free(struct proxy_table *t);
/* Checks and normalises a prefix: -EINVAL for a length outside 1-128, host bits set, or a
 * prefix no neighbor can own (multicast, link-local, ::, ::1); 0 otherwise. */
int proxy_check(const struct in6_addr *prefix, unsigned plen);
/* add: 0, -EINVAL (proxy_check), -EEXIST (same prefix and length), -ENOSPC; del: 0, -ENOENT.
 * mode is ignored by del. */
int proxy_change(struct proxy_table *t, const struct in6_addr *prefix, uint8_t plen,
		 uint8_t mode, bool add);
/* Copies up to max entries, in the order added; returns how many there are. */
size_t proxy_list(const struct proxy_table *t, struct proxy_entry *out, size_t max);
const char *proxy_mode_name(uint8_t mode);

#endif /* XDP6_PROXY_H */
