/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The control server: a root-only SOCK_SEQPACKET unix socket per network namespace
 * (io/ctl_proto.h); requests are parsed here, run by cmd.c and answered without ever blocking
 * the event loop. Request parsing and reply framing are pure functions (the fuzz harness
 * tests/fuzz/fuzz_ctl.c drives them with cmd_run). */
#ifndef XDP6_IO_CTL_H
#define XDP6_IO_CTL_H

#include "daemon.h"
#include "json.h"

/* Creates CTL_RUN_DIR if needed, takes the namespace's lock, binds and listens. Logs why it
 * cannot; -EADDRINUSE when another xdp6d runs in this network namespace. */
int ctl_listen(struct xdp6d *d);
/* Closes every connection and the socket, removes the socket file, releases the lock. */
void ctl_close(struct xdp6d *d);
/* The socket is readable: accepts what waits; non-root peers are answered and closed at once
 * and never hold one of the CTL_MAX_CONNS slots. */
void ctl_accept(struct xdp6d *d);
/* A connection is readable (its request) or writable (the rest of its reply). */
void ctl_conn_event(struct xdp6d *d, struct ctl_conn *c);
/* Drops connections that sent no request, or took no reply message, within CTL_TIMEOUT_SEC. */
void ctl_sweep(struct xdp6d *d, xdp6_ns now);
xdp6_ns ctl_next_deadline(const struct xdp6d *d);

/* One request message as received: n bytes in req (n may exceed CTL_REQ_MAX when recv()
 * reported a longer, truncated message; req has room for CTL_REQ_MAX + 1 bytes). Splits it into
 * argv (CTL_ARGS_MAX + 1 slots, NULL-terminated) pointing into req. Returns CTL_EXIT_OK, or
 * CTL_EXIT_USAGE after a message in err (too long, too many arguments). */
int ctl_parse_request(char *req, size_t n, char **argv, int *argc, struct sbuf *err);

/* A rendered reply cut into protocol messages: the out text in CTL_OUT messages, the err text
 * in CTL_ERR messages, then one CTL_EXIT. */
struct ctl_reply {
	struct sbuf out, err;
	size_t out_off, err_off;
	int status;
	bool exit_sent;
};
/* Takes the texts over (out and err are left empty); a reply cut short by an allocation
 * failure becomes an error reply. */
void ctl_reply_init(struct ctl_reply *r, struct sbuf *out, struct sbuf *err, int status);
/* The next message into msg (CTL_MSG_MAX bytes): its length, 0 when the reply is complete.
 * ctl_reply_pop() moves past it once it was sent. */
size_t ctl_reply_peek(const struct ctl_reply *r, char *msg);
void ctl_reply_pop(struct ctl_reply *r);
void ctl_reply_free(struct ctl_reply *r);

/* cmd.c: runs one request; text for the client's stdout/stderr; returns the exit status. */
int cmd_run(struct xdp6d *d, int argc, char **argv, struct sbuf *out, struct sbuf *err);

#endif
