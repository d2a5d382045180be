/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The control protocol between xdp6ctl and xdp6d: a SOCK_SEQPACKET unix socket at
 * CTL_RUN_DIR/net-<netns inode>.sock, one per network namespace, that only root can create
 * (the directory is root's, mode 0755) or connect to (the socket is mode 0600); both sides also
 * check the peer is root (SO_PEERCRED).
 * Request: one message, the command's argv as NUL-terminated strings.
 * Reply: messages starting with a type byte: CTL_OUT/CTL_ERR text for stdout/stderr, then one
 * CTL_EXIT whose second byte is the exit status. */
#ifndef XDP6_CTL_PROTO_H
#define XDP6_CTL_PROTO_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>

/* Not an abstract name (@xdp6d): any user of the namespace can bind an abstract name first and
 * answer in the daemon's place. The netns inode in the name keeps one daemon per namespace, as
 * abstract names did, although /run is shared by every namespace. */
#define CTL_RUN_DIR	"/run/xdp6"
#define CTL_REQ_MAX	4096		/* bytes of one request */
#define CTL_ARGS_MAX	32
#define CTL_MSG_MAX	16384		/* bytes of one reply message, type byte included */
#define CTL_TIMEOUT_SEC	5		/* each side gives up on a silent peer after this */

/* CTL_RUN_DIR/net-<inode of this process's network namespace><suffix> into buf (".sock" for
 * the socket, ".lock" for the lock the running xdp6d holds). Returns 0 or negative errno. */
static inline int ctl_path(char *buf, size_t len, const char *suffix)
{
	struct stat st;
	int n;

	if (stat("/proc/self/ns/net", &st))
		return -errno;
	n = snprintf(buf, len, "%s/net-%llu%s", CTL_RUN_DIR, (unsigned long long)st.st_ino,
		     suffix);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

enum ctl_msg_type {
	CTL_OUT = 'O',
	CTL_ERR = 'E',
	CTL_EXIT = 'X',
	CTL_PKT = 'P',		/* `dump`: struct ctl_pkt_hdr, then the captured bytes */
};

/* `dump` turns the connection into a stream of CTL_PKT messages (no CTL_EXIT) until the client
 * closes it; a CTL_ERR line first says the capture runs. The daemon never waits for a slow
 * reader: a frame that does not fit the socket buffer is dropped and counted in `drops`. */
struct ctl_pkt_hdr {
	uint64_t ts_ns;			/* CLOCK_REALTIME */
	uint32_t len;			/* frame length on the wire */
	uint32_t drops;			/* frames this capture lost so far */
	uint8_t tx;			/* 1: sent by the daemon, 0: received through AF_XDP */
	char ifname[16];
} __attribute__((packed));
#define CTL_SNAPLEN_MAX	(CTL_MSG_MAX - 1 - (int)sizeof(struct ctl_pkt_hdr))

/* Exit statuses, same for xdp6ctl and xdp6d. */
#define CTL_EXIT_OK	0
#define CTL_EXIT_FAIL	1		/* the daemon could not do it, or no daemon */
#define CTL_EXIT_USAGE	2		/* bad command line */

#endif
