/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The daemon's state shared by the adapters under user/io/: per interface the loaded XDP
 * program and its map fds (loader.c), the AF_XDP sockets (xsk.c) and the sans-I/O host
 * (user/proto/host.h) they all feed. No protocol state lives here. */
#ifndef XDP6_IO_DAEMON_H
#define XDP6_IO_DAEMON_H

#include <limits.h>
#include <net/if.h>
#include <xdp/libxdp.h>
#include <xdp/xsk.h>

#include "host.h"
#include "ownbits.h"

struct xdp6_bpf;		/* build/xdp6.skel.h, only loader.c looks inside */
struct xdp6d_iface;
struct mirror_io;		/* io/mirror_io.c */
struct proxy_io;		/* io/proxy_io.c */

/* What an epoll event belongs to (epoll_event.data.ptr points at one of these). */
enum ev_kind { EV_XSK, EV_TIMER, EV_SIGNAL, EV_CTL_LISTEN, EV_CTL_CONN, EV_RTNL,
	      EV_PROXY_RTNL };
struct ev_src {
	enum ev_kind kind;
	void *p;
};

/* One AF_XDP socket bound to one RX queue, with its own UMEM. */
struct xq {
	struct ev_src ev;
	struct xdp6d_iface *ifc;
	unsigned queue;
	bool zerocopy;
	void *area;			/* UMEM: XQ_FRAMES frames of XQ_FRAME_SIZE bytes */
	size_t area_len;
	struct xsk_umem *umem;
	struct xsk_socket *xsk;
	struct xsk_ring_prod fill, tx;
	struct xsk_ring_cons comp, rx;
	__u64 *tx_free;			/* stack of free TX frame addresses */
	unsigned tx_nfree;
	unsigned tx_pending;		/* submitted, not yet completed */
	/* xsk.c's frame accounting (xq_frames()): RX frames read and not yet back in the fill
	 * ring wait in fill_stash; every UMEM frame is in exactly one place. */
	__u64 *fill_stash;
	unsigned nstash;
	uint64_t fill_put, rx_got;	/* frames written to the fill ring / read from rx, ever */
	uint64_t fill_deferred;		/* frames that had to wait in fill_stash */
	uint64_t bad_desc;		/* rx/completion descriptors naming no frame of ours */
	/* xsk.c: may frames be sent through this socket? Copy mode sends on the stack's TX
	 * queue of the same number, which must exist (xq_tx_probe). */
	bool can_tx;
	bool tx_probe_pending;		/* a probe descriptor the kernel has not read yet */
	unsigned tx_probes;		/* probes submitted the completion ring may still return */
	uint64_t tx_invalid_seen;	/* XDP_STATISTICS tx_invalid_descs at the probe */
	__u32 tx_cons_seen;		/* tx ring consumer at the last xq_watch() */
	unsigned tx_stalls;		/* xq_watch() rounds with frames in the ring and no progress */
	uint64_t tx_rerouted;		/* frames sent here for a socket that cannot send */
};

enum attach_kind { ATTACH_NONE, ATTACH_DISPATCHER, ATTACH_SINGLE };

struct xdp6d_iface {
	char ifname[IF_NAMESIZE];
	int ifindex;
	struct xdp6_link link;

	/* loader.c */
	struct xdp6_bpf *skel;
	struct xdp_program *prog;
	enum xdp_attach_mode mode;
	enum attach_kind attach;
	__u32 prog_id;			/* our program (an freplace under the dispatcher) */
	__u32 main_prog_id;		/* what the interface runs: dispatcher or our program */
	bool pinned;
	char pin_dir[64];		/* XDP6_PIN_ROOT/<ifname> */
#define XDP6D_MAP_FD(name, ...) int fd_##name;
	XDP6_MAPS(XDP6D_MAP_FD)		/* one fd_<name> per pinned map (include/xdp6_maps.h) */
#undef XDP6D_MAP_FD
	xdp6_ns neigh_import_at;	/* next import of the neigh map (maps_neigh_import) */
	uint64_t neigh_seen;		/* newest seen_ns imported so far */
	uint32_t max_addrs;		/* max_entries of the addrs map */
	struct ownbits own;		/* keys of addrs per ownbits bit (maps.c) */
	/* loader.c's checks of the driver and kernel before attaching (xdp6ctl status) */
	char driver[32];		/* ETHTOOL_GDRVINFO */
	uint8_t xdp_tx;			/* enum nic_xdp_tx: virtio-net's XDP_TX queues */
	uint32_t run_prio;		/* libxdp run priority in the dispatcher */

	/* xsk.c */
	struct xq *xqs;			/* XDP6_MAX_QUEUES slots, nq of them open */
	unsigned nq;
	struct xq *rx_q;		/* the socket whose frame host_input is handling */
	unsigned rx_queues;		/* RX queues of the device at the last xq_watch() */
	xdp6_ns xq_watch_at;		/* next xq_watch() */

	struct host *host;		/* owner mode; NULL in mirror mode */
	struct mirror_io *mirror;	/* mirror mode (xdp6d --mirror); NULL in owner mode */
	struct proxy_io *proxy;		/* NDP proxy routes and record (owner mode) */
	uint64_t io_dstats[D__MAX];	/* adapter counters, added to host_dstats() */
};

/* Option limits and defaults (plain numbers: io/opts.c quotes them in --help). */
#ifndef XDP6D_CONFIG
#define XDP6D_CONFIG		"/etc/xdp6/xdp6d.conf"
#endif
#define XDP6D_DEFAULT_PLEN	64
#define XDP6D_MAX_ADDRS_LIMIT	1048576
#define XDP6D_HOP_LIMIT_MAX	255
#define XDP6D_DAD_TRANSMITS_MAX	255
#define XDP6D_REASM_TIMEOUT_MAX	3600		/* seconds */
#define XDP6D_REASM_MAX_LIMIT	4096		/* datagrams under reassembly */
#define XDP6D_PRIORITY_MAX	1000000		/* libxdp run priorities: any unsigned; keep them sane */

/* What the option table (io/opts.c) fills from the config file and the command line. */
struct xdp6d_opts {
	char **ifnames;
	unsigned nifnames;
	enum xdp_attach_mode mode;
	uint32_t priority;		/* libxdp run priority (--priority; XDP_DEFAULT_RUN_PRIO) */
	bool allow_unsafe_xdp_tx;	/* attach even where virtio-net's XDP_TX overflows */
	uint32_t max_addrs;
	uint32_t src_max;		/* --src-rate-max: max_entries of the srcrate map */
	struct host_cfg cfg;
	struct xdp6d_addr { struct in6_addr a; uint8_t plen; } *addrs;
	unsigned naddrs;
	/* proxy = PREFIX/LEN: static NDP proxy prefixes on every IFACE (io/opts.c, reload) */
	struct xdp6d_proxy { struct in6_addr prefix; uint8_t plen; } *proxies;
	unsigned nproxies;
	bool mirror;			/* --mirror: the kernel owns the addresses */
	int verbose;			/* -v given this many times */
	int quiet;			/* -q given this many times */
	int log_level;			/* log-level: a syslog priority, LOG_INFO by default */
	bool help;
	bool check;			/* --check-config: parse, report, exit */
};

/* Frees what the option setters allocated (io/opts.c). */
void xdp6d_opts_release(struct xdp6d_opts *o);

#define CTL_MAX_CONNS 8

struct ctl_reply;
struct conf;

struct ctl_conn {
	struct ev_src ev;
	int fd;
	xdp6_ns deadline;		/* for the request, then for progress of the reply */
	struct ctl_reply *rep;		/* the reply being sent; NULL: awaiting the request */
	struct capture *cap;		/* `dump` streaming to this connection (io/capture.c) */
};

struct xdp6d {
	struct xdp6d_iface *ifs;
	unsigned nifs;
	struct xdp6d_opts opts;
	xdp6_ns started;
	int epfd, timerfd, sigfd, ctl_fd;
	int ctl_lock;			/* the lock next to the socket, valid with ctl_fd */
	char ctl_path[108];		/* the control socket (io/ctl_proto.h ctl_path) */
	struct ev_src ev_timer, ev_signal, ev_ctl;
	struct ctl_conn conns[CTL_MAX_CONNS];
	bool stop;
	/* io/reload.c: the configuration as read at start (file and command line) */
	struct conf *conf_file, *conf_cli;
	char *conf_path;		/* NULL: no file */
	bool conf_optional;		/* the default path: its absence is no error */
};

#endif
