// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Control server of xdp6d: a SOCK_SEQPACKET unix socket at CTL_RUN_DIR/net-<netns>.sock that
 * only root can create or connect to, one per network namespace (a lock next to it says which
 * xdp6d runs); root peers only (SO_PEERCRED, checked before a connection takes a slot).
 * Bounded requests; replies go out as the client reads them, never blocking the loop; a bad
 * request gets a message, not a crash. */
#define _GNU_SOURCE	/* accept4, struct ucred */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "ctl.h"
#include "capture.h"
#include "ctl_proto.h"
#include "log.h"

/* Connections queued before we accept them. Only root can connect, and we accept all that
 * wait at each wakeup: a burst of xdp6ctl calls (scripts) waits here, not in "busy". */
#define CTL_BACKLOG	64
#define CTL_DRAIN_MAX	4	/* requests read away before closing a refused connection */

/* ---- requests and replies: pure functions (tests/fuzz/fuzz_ctl.c) ---- */

int ctl_parse_request(char *req, size_t n, char **argv, int *argc, struct sbuf *err)
{
	size_t i;

	*argc = 0;
	argv[0] = NULL;
	if (n > CTL_REQ_MAX) {
		sbuf_printf(err, "xdp6d: request longer than %d bytes\n", CTL_REQ_MAX);
		return CTL_EXIT_USAGE;
	}
	req[n] = '\0';		/* a request not ending in NUL still ends here */
	for (i = 0; i < n; i += strlen(req + i) + 1) {
		if (*argc == CTL_ARGS_MAX) {
			argv[*argc] = NULL;
			sbuf_printf(err, "xdp6d: more than %d arguments\n", CTL_ARGS_MAX);
			return CTL_EXIT_USAGE;
		}
		argv[(*argc)++] = req + i;
	}
	argv[*argc] = NULL;
	return CTL_EXIT_OK;
}

void ctl_reply_init(struct ctl_reply *r, struct sbuf *out, struct sbuf *err, int status)
{
	memset(r, 0, sizeof(*r));
	r->out = *out;
	r->err = *err;
	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	r->status = status;
	if (r->out.oom || r->err.oom) {
		sbuf_free(&r->out);
		sbuf_free(&r->err);
		sbuf_printf(&r->err, "xdp6d: out of memory rendering the reply\n");
		r->status = CTL_EXIT_FAIL;
	}
}

/* The text the next message carries: type, where, how much (0 bytes: none left). */
static const struct sbuf *reply_part(const struct ctl_reply *r, char *type, size_t *off,
				     size_t *n)
{
	const struct sbuf *b = NULL;

	if (r->out_off < r->out.len) {
		b = &r->out;
		*type = CTL_OUT;
		*off = r->out_off;
	} else if (r->err_off < r->err.len) {
		b = &r->err;
		*type = CTL_ERR;
		*off = r->err_off;
	}
	if (b) {
		*n = b->len - *off;
		if (*n > CTL_MSG_MAX - 1)
			*n = CTL_MSG_MAX - 1;
	}
	return b;
}

size_t ctl_reply_peek(const struct ctl_reply *r, char *msg)
{
	const struct sbuf *b;
	size_t off = 0, n = 0;
	char type = 0;

	b = reply_part(r, &type, &off, &n);
	if (b) {
		msg[0] = type;
		memcpy(msg + 1, b->p + off, n);
		return n + 1;
	}
	if (r->exit_sent)
		return 0;
	msg[0] = CTL_EXIT;
	msg[1] = (char)r->status;
	return 2;
}

void ctl_reply_pop(struct ctl_reply *r)
{
	size_t off = 0, n = 0;
	char type = 0;

	if (!reply_part(r, &type, &off, &n))
		r->exit_sent = true;
	else if (type == CTL_OUT)
		r->out_off += n;
	else
		r->err_off += n;
}

void ctl_reply_free(struct ctl_reply *r)
{
	sbuf_free(&r->out);
	sbuf_free(&r->err);
}

/* ---- the socket ---- */

static bool peer_creds(int fd, struct ucred *cred)
{
	socklen_t len = sizeof(*cred);

	return !getsockopt(fd, SOL_SOCKET, SO_PEERCRED, cred, &len) && len == sizeof(*cred);
}

/* CTL_RUN_DIR must be a directory only root can add names to; otherwise whoever could would
 * bind our socket name first and answer xdp6ctl in our place. */
static int run_dir_check(void)
{
	struct stat st;
	int err;

	if (mkdir(CTL_RUN_DIR, 0755) && errno != EEXIST) {
		err = -errno;
		xlog(NULL, "Couldn't create %s for the control socket: %s", CTL_RUN_DIR,
		     strerror(-err));
		return err;
	}
	if (lstat(CTL_RUN_DIR, &st)) {
		err = -errno;
		xlog(NULL, "Couldn't stat %s: %s", CTL_RUN_DIR, strerror(-err));
		return err;
	}
	if (!S_ISDIR(st.st_mode) || st.st_uid != 0 || (st.st_mode & (S_IWGRP | S_IWOTH))) {
		xlog(NULL, "%s is not a directory only root can write (uid %u, mode %03o): another "
		     "user could put a socket in xdp6d's place; remove it", CTL_RUN_DIR,
		     (unsigned)st.st_uid, (unsigned)(st.st_mode & 07777));
		return -EPERM;
	}
	return 0;
}

/* uid owning /proc/PID, or -1. */
static long pid_uid(pid_t pid)
{
	char p[32];
	struct stat st;

	snprintf(p, sizeof(p), "/proc/%d", (int)pid);
	return pid > 0 && !stat(p, &st) ? (long)st.st_uid : -1;
}

/* Takes the lock of this namespace (a POSIX lock: released when we exit, even killed). Returns
 * its fd, or -EADDRINUSE after saying which xdp6d holds it, or negative errno. */
static int lock_take(const char *path)
{
	struct flock fl;
	struct stat a, b;
	unsigned tries;
	int fd, err;

	for (tries = 0; tries < 5; tries++) {
		fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0) {
			err = -errno;
			xlog(NULL, "Couldn't open %s: %s", path, strerror(-err));
			return err;
		}
		memset(&fl, 0, sizeof(fl));
		fl.l_type = F_WRLCK;
		fl.l_whence = SEEK_SET;
		if (fcntl(fd, F_SETLK, &fl)) {
			err = -errno;
			if (err == -EAGAIN || err == -EACCES) {
				memset(&fl, 0, sizeof(fl));
				fl.l_type = F_WRLCK;
				fl.l_whence = SEEK_SET;
				if (fcntl(fd, F_GETLK, &fl) || fl.l_type == F_UNLCK)
					fl.l_pid = 0;
				xlog(NULL, "another xdp6d already runs in this network namespace "
				     "(pid %d, uid %ld, holding %s)", (int)fl.l_pid,
				     pid_uid(fl.l_pid), path);
				err = -EADDRINUSE;
			} else {
				xlog(NULL, "Couldn't lock %s: %s", path, strerror(-err));
			}
			close(fd);
			return err;
		}
		/* The xdp6d before us removes the file as it exits: the lock counts only on the
		 * file that is still there. */
		if (!fstat(fd, &a) && !stat(path, &b) && a.st_dev == b.st_dev &&
		    a.st_ino == b.st_ino) {
			if (!ftruncate(fd, 0))
				dprintf(fd, "%d\n", (int)getpid());
			return fd;
		}
		close(fd);
	}
	xlog(NULL, "Couldn't lock %s: it keeps being replaced", path);
	return -EAGAIN;
}

/* Who listens on the abstract name @xdp6d, where xdp6d listened before: any local user can
 * bind it, and an older xdp6ctl would talk to it. We do not use it; say who holds it. */
static void abstract_name_check(void)
{
	static const char name[] = "xdp6d";
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct ucred cred;
	int fd;

	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	memcpy(sun.sun_path + 1, name, sizeof(name) - 1);
	if (!connect(fd, (struct sockaddr *)&sun,
		     (socklen_t)(offsetof(struct sockaddr_un, sun_path) + sizeof(name))) &&
	    peer_creds(fd, &cred))
		xlog(NULL, "warning: uid %u (pid %d) listens on the abstract socket @%s; xdp6ctl "
		     "does not use it (xdp6d listens on a root-only path), older versions did",
		     (unsigned)cred.uid, (int)cred.pid, name);
	close(fd);
}

int ctl_listen(struct xdp6d *d)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	char lock[sizeof(d->ctl_path)];
	mode_t mask;
	int fd, lfd, err;

	err = ctl_path(d->ctl_path, sizeof(d->ctl_path), ".sock");
	if (!err)
		err = ctl_path(lock, sizeof(lock), ".lock");
	if (err) {
		xlog(NULL, "Couldn't name the control socket (/proc/self/ns/net): %s",
		     strerror(-err));
		return err;
	}
	err = run_dir_check();
	if (err)
		return err;
	lfd = lock_take(lock);
	if (lfd < 0)
		return lfd;
	abstract_name_check();
	/* We hold the lock: a socket file here is a killed xdp6d's, nobody listens on it. */
	if (unlink(d->ctl_path) && errno != ENOENT) {
		err = -errno;
		xlog(NULL, "Couldn't remove the stale %s: %s", d->ctl_path, strerror(-err));
		goto err_lock;
	}
	memcpy(sun.sun_path, d->ctl_path, strlen(d->ctl_path) + 1);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		err = -errno;
		goto err_log;
	}
	mask = umask(0177);	/* the socket file is born 0600: root only, never wider */
	err = bind(fd, (struct sockaddr *)&sun, sizeof(sun)) ? -errno : 0;
	umask(mask);
	if (!err && listen(fd, CTL_BACKLOG))
		err = -errno;
	if (err) {
		close(fd);
		unlink(d->ctl_path);
		goto err_log;
	}
	d->ctl_fd = fd;
	d->ctl_lock = lfd;
	d->ev_ctl.kind = EV_CTL_LISTEN;
	d->ev_ctl.p = d;
	return 0;

err_log:
	xlog(NULL, "Couldn't open the control socket %s: %s", d->ctl_path, strerror(-err));
err_lock:
	close(lfd);
	return err;
}

static void conn_close(struct xdp6d *d, struct ctl_conn *c)
{
	if (c->fd < 0)
		return;
	epoll_ctl(d->epfd, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	c->fd = -1;
	capture_stop(c);
	if (c->rep) {
		ctl_reply_free(c->rep);
		free(c->rep);
		c->rep = NULL;
	}
}

void ctl_close(struct xdp6d *d)
{
	char lock[sizeof(d->ctl_path)];
	size_t l;
	unsigned i;

	for (i = 0; i < CTL_MAX_CONNS; i++)
		conn_close(d, &d->conns[i]);
	if (d->ctl_fd < 0)
		return;
	/* The socket file goes while we still hold the lock: never one a newer xdp6d made. */
	unlink(d->ctl_path);
	close(d->ctl_fd);
	d->ctl_fd = -1;
	l = strlen(d->ctl_path);
	if (l > 5) {
		snprintf(lock, sizeof(lock), "%.*s.lock", (int)(l - 5), d->ctl_path);
		unlink(lock);
	}
	close(d->ctl_lock);
	d->ctl_lock = -1;
}

/* Answers a connection that gets no slot with one error message, without waiting. */
static void refuse(int fd, const char *text)
{
	struct sbuf out = { 0 }, err = { 0 };
	struct ctl_reply r;
	char msg[CTL_MSG_MAX];
	unsigned i;
	size_t len;

	sbuf_printf(&err, "%s", text);
	ctl_reply_init(&r, &out, &err, CTL_EXIT_FAIL);
	while ((len = ctl_reply_peek(&r, msg)) &&
	       send(fd, msg, len, MSG_DONTWAIT | MSG_NOSIGNAL) >= 0)
		ctl_reply_pop(&r);
	ctl_reply_free(&r);
	/* A request left unread would make close() reset the connection, and the client would
	 * see ECONNRESET before our answer (net/unix/af_unix.c unix_release_sock): read it away.
	 * One arriving after this still resets; xdp6ctl reads on past ECONNRESET. */
	for (i = 0; i < CTL_DRAIN_MAX; i++)
		if (recv(fd, msg, 1, MSG_DONTWAIT | MSG_TRUNC) < 0)
			break;
	close(fd);
}

/* A slot for a new root connection: a free one, else the one waiting longest for its request
 * (a silent root client must not keep others out for CTL_TIMEOUT_SEC); NULL when every slot
 * is sending a reply. */
static struct ctl_conn *conn_slot(struct xdp6d *d)
{
	struct ctl_conn *old = NULL;
	unsigned i;

	for (i = 0; i < CTL_MAX_CONNS; i++) {
		struct ctl_conn *c = &d->conns[i];

		if (c->fd < 0)
			return c;
		if (!c->rep && (!old || c->deadline < old->deadline))
			old = c;
	}
	if (old) {
		epoll_ctl(d->epfd, EPOLL_CTL_DEL, old->fd, NULL);
		refuse(old->fd, "xdp6d: closed: no request came while other clients waited\n");
		old->fd = -1;
	}
	return old;
}

void ctl_accept(struct xdp6d *d)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct ucred cred;
	struct ctl_conn *c;
	unsigned k;
	int fd;

	for (k = 0; k < CTL_BACKLOG; k++) {
		fd = accept4(d->ctl_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return;
		/* Root only (the commands change what the fast path answers), decided before the
		 * connection holds anything: a non-root peer never takes a slot. The socket file
		 * is 0600, so only a non-root process with CAP_DAC_OVERRIDE gets this far. */
		if (!peer_creds(fd, &cred) || cred.uid != 0) {
			refuse(fd, "xdp6d: permission denied: only root may control xdp6d\n");
			continue;
		}
		c = conn_slot(d);
		if (!c) {
			refuse(fd, "xdp6d: busy: every control connection is sending a reply; "
			       "try again\n");
			continue;
		}
		c->fd = fd;
		c->rep = NULL;
		c->ev.kind = EV_CTL_CONN;
		c->ev.p = c;
		c->deadline = io_now() + CTL_TIMEOUT_SEC * XDP6_NS_PER_SEC;
		ev.data.ptr = &c->ev;
		if (epoll_ctl(d->epfd, EPOLL_CTL_ADD, fd, &ev)) {
			close(fd);
			c->fd = -1;
		}
	}
}

/* Sends what the socket takes now; the rest when it is writable again (EPOLLOUT). A client
 * that stops reading costs its slot for CTL_TIMEOUT_SEC, never the loop. */
static void conn_flush(struct xdp6d *d, struct ctl_conn *c)
{
	struct epoll_event ev = { .events = EPOLLOUT, .data.ptr = &c->ev };
	char msg[CTL_MSG_MAX];
	size_t len;

	while ((len = ctl_reply_peek(c->rep, msg))) {
		if (send(c->fd, msg, len, MSG_DONTWAIT | MSG_NOSIGNAL) < 0) {
			if (errno == EAGAIN || errno == EINTR) {
				if (!epoll_ctl(d->epfd, EPOLL_CTL_MOD, c->fd, &ev))
					return;
			}
			break;		/* the client went away */
		}
		ctl_reply_pop(c->rep);
		c->deadline = io_now() + CTL_TIMEOUT_SEC * XDP6_NS_PER_SEC;
	}
	conn_close(d, c);
}

static void conn_request(struct xdp6d *d, struct ctl_conn *c)
{
	char req[CTL_REQ_MAX + 1], *argv[CTL_ARGS_MAX + 1];
	struct sbuf out = { 0 }, err = { 0 };
	int argc, status;
	ssize_t n;

	n = recv(c->fd, req, CTL_REQ_MAX, MSG_TRUNC | MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		conn_close(d, c);
		return;
	}
	status = ctl_parse_request(req, (size_t)n, argv, &argc, &err);
	if (status == CTL_EXIT_OK && argc && !strcmp(argv[0], "dump")) {
		/* a stream, not a reply (io/capture.c): no deadline, ends when the client
		 * closes */
		status = capture_start(d, c, argc, argv, &err);
		if (status == CTL_EXIT_OK) {
			static const char started[] = { CTL_ERR, 'x', 'd', 'p', '6', 'd', ':', ' ',
				'c', 'a', 'p', 't', 'u', 'r', 'i', 'n', 'g', '\n' };

			c->deadline = XDP6_NEVER;
			sbuf_free(&err);
			send(c->fd, started, sizeof(started), MSG_DONTWAIT | MSG_NOSIGNAL);
			return;
		}
	} else if (status == CTL_EXIT_OK) {
		status = cmd_run(d, argc, argv, &out, &err);
	}
	c->rep = malloc(sizeof(*c->rep));
	if (!c->rep) {
		sbuf_free(&out);
		sbuf_free(&err);
		conn_close(d, c);
		return;
	}
	ctl_reply_init(c->rep, &out, &err, status);
	c->deadline = io_now() + CTL_TIMEOUT_SEC * XDP6_NS_PER_SEC;
	conn_flush(d, c);
}

void ctl_conn_event(struct xdp6d *d, struct ctl_conn *c)
{
	if (c->fd < 0)
		return;		/* closed earlier in the same epoll batch */
	if (c->cap) {
		char b[64];
		ssize_t n = recv(c->fd, b, sizeof(b), MSG_DONTWAIT);

		/* end of file or an error: gone; a message: "stop", answered with what was
		 * dropped, as a normal reply (the reader is still draining the stream) */
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
			conn_close(d, c);
		} else if (n > 0) {
			struct sbuf out = { 0 }, err = { 0 };

			sbuf_printf(&err, "xdp6d: %u frames dropped for a slow reader\n",
				    capture_drops(c));
			capture_stop(c);
			c->rep = malloc(sizeof(*c->rep));
			if (!c->rep) {
				sbuf_free(&err);
				conn_close(d, c);
				return;
			}
			ctl_reply_init(c->rep, &out, &err, CTL_EXIT_OK);
			c->deadline = io_now() + CTL_TIMEOUT_SEC * XDP6_NS_PER_SEC;
			conn_flush(d, c);
		}
	} else if (c->rep) {
		conn_flush(d, c);
	} else {
		conn_request(d, c);
	}
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
