// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Control server of xdp6d: abstract unix socket @xdp6d (abstract names are per network
 * namespace, so one daemon per namespace), SOCK_SEQPACKET, root peers only (SO_PEERCRED).
 * Bounded requests, replies in bounded messages; a bad request gets a message, not a crash. */
#define _GNU_SOURCE	/* accept4, struct ucred */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "ctl.h"
#include "ctl_proto.h"
#include "log.h"

static socklen_t ctl_addr(struct sockaddr_un *sun)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	/* sun_path[0] = '\0': abstract namespace, no file, gone when we exit */
	memcpy(sun->sun_path + 1, CTL_SOCK_NAME, strlen(CTL_SOCK_NAME));
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(CTL_SOCK_NAME));
}

int ctl_listen(struct xdp6d *d)
{
	struct sockaddr_un sun;
	socklen_t len = ctl_addr(&sun);
	int fd, err;

	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sun, len) || listen(fd, CTL_MAX_CONNS)) {
		err = -errno;
		close(fd);
		return err;
	}
	d->ctl_fd = fd;
	d->ev_ctl.kind = EV_CTL_LISTEN;
	d->ev_ctl.p = d;
	return 0;
}

static void conn_close(struct xdp6d *d, struct ctl_conn *c)
{
	if (c->fd < 0)
		return;
	epoll_ctl(d->epfd, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	c->fd = -1;
}

void ctl_close(struct xdp6d *d)
{
	unsigned i;

	for (i = 0; i < CTL_MAX_CONNS; i++)
		conn_close(d, &d->conns[i]);
	if (d->ctl_fd >= 0)
		close(d->ctl_fd);
	d->ctl_fd = -1;
}

/* Sends type + text in CTL_MSG_MAX pieces. Blocking with a timeout: a reply is small and the
 * client reads it at once; a client that stops reading costs us CTL_TIMEOUT_SEC at most. */
static int send_text(int fd, char type, const char *p, size_t len)
{
	char msg[CTL_MSG_MAX];
	size_t n;

	do {
		n = len < CTL_MSG_MAX - 1 ? len : CTL_MSG_MAX - 1;
		msg[0] = type;
		if (n)
			memcpy(msg + 1, p, n);
		if (send(fd, msg, n + 1, MSG_NOSIGNAL) < 0)
			return -errno;
		p += n;
		len -= n;
	} while (len);
	return 0;
}

static void reply(int fd, struct sbuf *out, struct sbuf *err, int status)
{
	char x[2] = { CTL_EXIT, (char)status };

	if (out->oom || err->oom) {
		sbuf_free(out);
		sbuf_free(err);
		sbuf_printf(err, "xdp6d: out of memory rendering the reply\n");
		x[1] = CTL_EXIT_FAIL;
	}
	if (out->len && send_text(fd, CTL_OUT, out->p, out->len))
		return;
	if (err->len && send_text(fd, CTL_ERR, err->p, err->len))
		return;
	send(fd, x, sizeof(x), MSG_NOSIGNAL);
}

void ctl_accept(struct xdp6d *d)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct timeval tv = { .tv_sec = CTL_TIMEOUT_SEC };
	struct ctl_conn *c = NULL;
	unsigned i;
	int fd;

	fd = accept4(d->ctl_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0)
		return;
	for (i = 0; i < CTL_MAX_CONNS && !c; i++)
		if (d->conns[i].fd < 0)
			c = &d->conns[i];
	if (!c) {
		struct sbuf out = { 0 }, err = { 0 };

		sbuf_printf(&err, "xdp6d: busy: %d control connections open\n", CTL_MAX_CONNS);
		reply(fd, &out, &err, CTL_EXIT_FAIL);
		sbuf_free(&err);
		close(fd);
		return;
	}
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	c->fd = fd;
	c->ev.kind = EV_CTL_CONN;
	c->ev.p = c;
	c->deadline = io_now() + CTL_TIMEOUT_SEC * XDP6_NS_PER_SEC;
	ev.data.ptr = &c->ev;
	if (epoll_ctl(d->epfd, EPOLL_CTL_ADD, fd, &ev)) {
		close(fd);
		c->fd = -1;
	}
}

void ctl_conn_input(struct xdp6d *d, struct ctl_conn *c)
{
	char req[CTL_REQ_MAX + 1], *argv[CTL_ARGS_MAX + 1];
	struct sbuf out = { 0 }, err = { 0 };
	int argc = 0, status, flags;
	struct ucred cred;
	socklen_t clen = sizeof(cred);
	ssize_t n;
	size_t i;

	n = recv(c->fd, req, CTL_REQ_MAX, MSG_TRUNC);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0)
		goto out;
	/* Blocking from here: the reply goes out with SO_SNDTIMEO as the bound. */
	flags = fcntl(c->fd, F_GETFL);
	fcntl(c->fd, F_SETFL, flags & ~O_NONBLOCK);
	/* Root only: the commands change what the fast path answers. The request is read first
	 * so that the client, which sends before it reads, always gets this answer. */
	if (getsockopt(c->fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) || cred.uid != 0) {
		sbuf_printf(&err, "xdp6d: permission denied: only root may control xdp6d\n");
		status = CTL_EXIT_FAIL;
		goto send;
	}
	if ((size_t)n > CTL_REQ_MAX) {
		sbuf_printf(&err, "xdp6d: request longer than %d bytes\n", CTL_REQ_MAX);
		status = CTL_EXIT_USAGE;
		goto send;
	}
	req[n] = '\0';		/* a request not ending in NUL still ends here */
	for (i = 0; i < (size_t)n; i += strlen(req + i) + 1) {
		if (argc == CTL_ARGS_MAX) {
			sbuf_printf(&err, "xdp6d: more than %d arguments\n", CTL_ARGS_MAX);
			status = CTL_EXIT_USAGE;
			goto send;
		}
		argv[argc++] = req + i;
	}
	argv[argc] = NULL;
	status = cmd_run(d, argc, argv, &out, &err);
send:
	reply(c->fd, &out, &err, status);
	sbuf_free(&out);
	sbuf_free(&err);
out:
	conn_close(d, c);
}

void ctl_sweep(struct xdp6d *d, xdp6_ns now)
{
	unsigned i;

	for (i = 0; i < CTL_MAX_CONNS; i++)
		if (d->conns[i].fd >= 0 && now >= d->conns[i].deadline)
			conn_close(d, &d->conns[i]);
}

xdp6_ns ctl_next_deadline(const struct xdp6d *d)
{
	xdp6_ns t = XDP6_NEVER;
	unsigned i;

	for (i = 0; i < CTL_MAX_CONNS; i++)
		if (d->conns[i].fd >= 0 && d->conns[i].deadline < t)
			t = d->conns[i].deadline;
	return t;
}
