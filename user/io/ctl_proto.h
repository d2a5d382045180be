/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The control protocol between xdp6ctl and xdp6d, on the abstract SOCK_SEQPACKET unix socket
 * @xdp6d (one per network namespace, root only).
 * Request: one message, the command's argv as NUL-terminated strings.
 * Reply: messages starting with a type byte: CTL_OUT/CTL_ERR text for stdout/stderr, then one
 * CTL_EXIT whose second byte is the exit status. */
#ifndef XDP6_CTL_PROTO_H
#define XDP6_CTL_PROTO_H

#define CTL_SOCK_NAME	"xdp6d"		/* abstract: sun_path = "\0xdp6d" */
#define CTL_REQ_MAX	4096		/* bytes of one request */
#define CTL_ARGS_MAX	32
#define CTL_MSG_MAX	16384		/* bytes of one reply message, type byte included */
#define CTL_TIMEOUT_SEC	5		/* each side gives up on a silent peer after this */

enum ctl_msg_type {
	CTL_OUT = 'O',
	CTL_ERR = 'E',
	CTL_EXIT = 'X',
};

/* Exit statuses, same for xdp6ctl and xdp6d. */
#define CTL_EXIT_OK	0
#define CTL_EXIT_FAIL	1		/* the daemon could not do it, or no daemon */
#define CTL_EXIT_USAGE	2		/* bad command line */

#endif
