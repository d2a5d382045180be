// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Loading, attaching and pinning the XDP program of one interface: skeleton open → size the
 * addrs map → libxdp load+attach (dispatcher when the kernel allows it, else the program alone)
 * → pin every map under /sys/fs/bpf/xdp6/<ifname>/; teardown in reverse. On restart, the
 * program a killed xdp6d left attached is recognised by its name and its map ids, and adopted
 * with its pinned maps: nothing is reloaded or reattached, so the fast path never stops.
 * No protocol here. */
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <linux/if_link.h>
#include <linux/magic.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "xdp6.skel.h"
#include "loader.h"
#include "log.h"
#include "nic.h"
#include "xsk.h"

#define BPFFS_PATH	"/sys/fs/bpf"
#define PROG_NAME	"xdp6_main"
#define PROG_MAX_MAPS	64	/* map ids read per program; ours uses one per XDP6_MAPS line */

/* The maps (XDP6_MAPS), with the layout a previous xdp6d's pins must have to be reused. */
static const struct pinned_map {
	const char *name;
	enum bpf_map_type type;
	__u32 key_size, value_size;
	size_t fd_off;		/* where its fd goes in struct xdp6d_iface */
} pinned_maps[] = {
#define PM(n, t, k, v, max) { #n, t, sizeof(k), sizeof(v), offsetof(struct xdp6d_iface, fd_##n) },
	XDP6_MAPS(PM)
#undef PM
};
#define N_PINNED_MAPS (sizeof(pinned_maps) / sizeof(pinned_maps[0]))

static int *map_fd(struct xdp6d_iface *ifc, const struct pinned_map *m)
{
	return (int *)((char *)ifc + m->fd_off);
}

static void fds_reset(struct xdp6d_iface *ifc)
{
	unsigned i;

	for (i = 0; i < N_PINNED_MAPS; i++)
		*map_fd(ifc, &pinned_maps[i]) = -1;
}

int bpffs_ensure(void)
{
	struct statfs st;

	if (!statfs(BPFFS_PATH, &st) && st.f_type == BPF_FS_MAGIC)
		return 0;
	if (mount("bpf", BPFFS_PATH, "bpf", 0, "mode=0700")) {
		int err = -errno;

		xlog(NULL, "Couldn't mount bpffs on %s: %s", BPFFS_PATH, strerror(-err));
		return err;
	}
	xlog(NULL, "mounted bpffs on %s", BPFFS_PATH);
	return 0;
}

bool loader_pin_dir_exists(const char *ifname, char *buf, size_t len)
{
	struct stat st;

	snprintf(buf, len, "%s/%s", XDP6_PIN_ROOT, ifname);
	return !lstat(buf, &st);
}

const char *loader_mode_name(enum xdp_attach_mode mode)
{
	switch (mode) {
	case XDP_MODE_NATIVE:	return "native";
	case XDP_MODE_SKB:	return "skb";
	case XDP_MODE_HW:	return "hw";
	default:		return "unspec";
	}
}

/* Does the program `fd` (name, map ids) look like ours using every map in ids[]? */
static bool prog_uses(int fd, const __u32 *ids, unsigned n, bool want_name)
{
	__u32 mids[PROG_MAX_MAPS], len, k, j, found = 0;
	struct bpf_prog_info info;

	memset(&info, 0, sizeof(info));
	info.nr_map_ids = PROG_MAX_MAPS;
	info.map_ids = (__u64)(unsigned long)mids;
	len = sizeof(info);
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return false;
	if (want_name && strcmp(info.name, PROG_NAME))
		return false;
	for (k = 0; k < n; k++) {
		if (!ids[k])
			continue;
		for (j = 0; j < info.nr_map_ids && j < PROG_MAX_MAPS; j++)
			if (mids[j] == ids[k])
				break;
		if (j < info.nr_map_ids && j < PROG_MAX_MAPS)
			found++;
		else if (want_name)
			return false;	/* ours must use all of them */
	}
	return found > 0;
}

static bool prog_id_uses(__u32 id, const __u32 *ids, unsigned n, bool want_name)
{
	int fd = bpf_prog_get_fd_by_id(id);
	bool r;

	if (fd < 0)
		return false;
	r = prog_uses(fd, ids, n, want_name);
	close(fd);
	return r;
}

/* Is an xdp6_main using the maps ids[] attached to the interface (alone or under the libxdp
 * dispatcher)? Fills the program ids, attach kind and mode when it is. */
static bool attached_ours(struct xdp6d_iface *ifc, const __u32 *ids, unsigned n)
{
	struct xdp_multiprog *mp = xdp_multiprog__get_from_ifindex(ifc->ifindex);
	struct xdp_program *p = NULL, *main;
	bool legacy, found = false;

	if (!mp || libxdp_get_error(mp))
		return false;
	legacy = xdp_multiprog__is_legacy(mp);
	main = xdp_multiprog__main_prog(mp);
	if (legacy) {
		if (main && prog_id_uses(xdp_program__id(main), ids, n, true)) {
			p = main;
			found = true;
		}
	} else {
		while (!found && (p = xdp_multiprog__next_prog(p, mp)))
			found = prog_id_uses(xdp_program__id(p), ids, n, true);
	}
	if (found) {
		ifc->run_prio = legacy ? 0 : xdp_program__run_prio(p);
		ifc->prog_id = xdp_program__id(p);
		ifc->main_prog_id = main ? xdp_program__id(main) : ifc->prog_id;
		ifc->attach = legacy ? ATTACH_SINGLE : ATTACH_DISPATCHER;
		ifc->mode = xdp_multiprog__attach_mode(mp);
	}
	xdp_multiprog__close(mp);
	return found;
}

/* A loaded program (anywhere) using one of the maps ids[]; 0 if none. */
static __u32 prog_using(const __u32 *ids, unsigned n)
{
	__u32 id = 0;

	while (!bpf_prog_get_next_id(id, &id))
		if (prog_id_uses(id, ids, n, false))
			return id;
	return 0;
}

static void close_fds(struct xdp6d_iface *ifc)
{
	unsigned i;
	int *fd;

	for (i = 0; i < N_PINNED_MAPS; i++) {
		fd = map_fd(ifc, &pinned_maps[i]);
		if (*fd >= 0)
			close(*fd);
		*fd = -1;
	}
}

int loader_pins_open(struct xdp6d_iface *ifc)
{
	const char *missing = NULL, *mismatch = NULL;
	__u32 ids[N_PINNED_MAPS] = { 0 }, len, user;
	struct bpf_map_info mi;
	char path[128];
	struct stat st;
	unsigned i;
	int fd, err;

	fds_reset(ifc);
	snprintf(ifc->pin_dir, sizeof(ifc->pin_dir), "%s/%s", XDP6_PIN_ROOT, ifc->ifname);
	if (lstat(ifc->pin_dir, &st))
		return PINS_NONE;
	for (i = 0; i < N_PINNED_MAPS; i++) {
		const struct pinned_map *m = &pinned_maps[i];

		snprintf(path, sizeof(path), "%s/%s", ifc->pin_dir, m->name);
		fd = bpf_obj_get(path);
		memset(&mi, 0, sizeof(mi));
		len = sizeof(mi);
		if (fd >= 0 && bpf_obj_get_info_by_fd(fd, &mi, &len)) {
			close(fd);
			fd = -1;
		}
		if (fd < 0) {
			missing = missing ? missing : m->name;
			continue;
		}
		ids[i] = mi.id;
		if (mi.type != m->type || mi.key_size != m->key_size ||
		    mi.value_size != m->value_size) {
			/* never read or written: another layout (another xdp6 version) */
			mismatch = mismatch ? mismatch : m->name;
			close(fd);
			continue;
		}
		*map_fd(ifc, m) = fd;
		if (fd == ifc->fd_addrs)
			ifc->max_addrs = mi.max_entries;
	}
	if (attached_ours(ifc, ids, N_PINNED_MAPS)) {
		if (!missing && !mismatch)
			return PINS_ADOPT;
		if (missing)
			xlog(ifc->ifname, "Couldn't adopt XDP program id %u: its map %s is not "
			     "pinned under %s", ifc->prog_id, missing, ifc->pin_dir);
		else
			xlog(ifc->ifname, "Couldn't adopt XDP program id %u: its pinned map %s has "
			     "another layout (another xdp6 version?)", ifc->prog_id, mismatch);
		xlog(ifc->ifname, "detach it with `ip link set dev %s xdp off`, remove %s and "
		     "start again", ifc->ifname, ifc->pin_dir);
		err = missing ? -EBUSY : -EPROTO;
		goto err_close;
	}
	user = prog_using(ids, N_PINNED_MAPS);
	if (user) {
		xlog(ifc->ifname, "%s is in use by XDP program id %u, which is not attached to %s "
		     "(an xdp6d in another network namespace serving an interface of that name?)",
		     ifc->pin_dir, user, ifc->ifname);
		err = -EBUSY;
		goto err_close;
	}
	return PINS_STALE;

err_close:
	close_fds(ifc);
	return err;
}

int loader_adopt(struct xdp6d_iface *ifc)
{
	char msg[128];
	int err;

	ifc->prog = xdp_program__from_id(ifc->prog_id);
	err = libxdp_get_error(ifc->prog);
	if (err) {
		ifc->prog = NULL;
		libxdp_strerror(err, msg, sizeof(msg));
		xlog(ifc->ifname, "Couldn't open XDP program id %u: %s", ifc->prog_id, msg);
		return err;
	}
	ifc->pinned = true;
	xlog(ifc->ifname, "adopted %s id %u, attached in %s mode %s, and its maps pinned under %s "
	     "(left by a previous xdp6d)", PROG_NAME, ifc->prog_id, loader_mode_name(ifc->mode),
	     ifc->attach == ATTACH_DISPATCHER ? "through the libxdp dispatcher" :
	     "as a single program", ifc->pin_dir);
	return 0;
}

/* Unlinks every pin in ifc->pin_dir, then the directory (and the root when empty). */
static void remove_pin_dir(struct xdp6d_iface *ifc)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *dir;

	dir = opendir(ifc->pin_dir);
	if (dir) {
		while ((de = readdir(dir))) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			snprintf(path, sizeof(path), "%s/%s", ifc->pin_dir, de->d_name);
			if (unlink(path) && errno != ENOENT)
				xlog(ifc->ifname, "Couldn't unpin %s: %s", path, strerror(errno));
		}
		closedir(dir);
	}
	if (rmdir(ifc->pin_dir) && errno != ENOENT)
		xlog(ifc->ifname, "Couldn't remove %s: %s", ifc->pin_dir, strerror(errno));
	rmdir(XDP6_PIN_ROOT);		/* only when no other interface is pinned there */
}

void loader_remove_pins(struct xdp6d_iface *ifc)
{
	close_fds(ifc);
	remove_pin_dir(ifc);
	xlog(ifc->ifname, "removed stale pinned maps under %s (no XDP program uses them)",
	     ifc->pin_dir);
}

int loader_open(struct xdp6d_iface *ifc, uint32_t max_addrs)
{
	int err;

	fds_reset(ifc);
	ifc->max_addrs = max_addrs;
	ifc->skel = xdp6_bpf__open();
	if (!ifc->skel) {
		err = -errno;
		xlog(ifc->ifname, "Couldn't open the XDP program: %s", strerror(-err));
		return err;
	}
	/* groups holds at most one solicited-node group per address, plus a few joined by MLD:
	 * a smaller map would leave NSs for the addresses past it unanswered */
	if (max_addrs > XDP6_DEFAULT_MAX_ADDRS) {
		err = bpf_map__set_max_entries(ifc->skel->maps.groups, max_addrs + 64);
		if (err) {
			xlog(ifc->ifname, "Couldn't size the groups map to %u: %s", max_addrs + 64,
			     strerror(-err));
			goto err_destroy;
		}
	}
	err = bpf_map__set_max_entries(ifc->skel->maps.addrs, max_addrs);
	if (err) {
		xlog(ifc->ifname, "Couldn't size the addrs map to %u: %s", max_addrs,
		     strerror(-err));
		goto err_destroy;
	}
	return 0;

err_destroy:
	xdp6_bpf__destroy(ifc->skel);
	ifc->skel = NULL;
	return err;
}

/* Kernel features, probed once per run (loader_probe_kernel). */
static struct {
	bool probed, frags;
	int frags_err;
} kfeat;

/* Does the kernel load an XDP program flagged BPF_F_XDP_HAS_FRAGS (Linux 5.18)? A two
 * instruction program answers; 0 yes, negative errno no. */
static int probe_frags(void)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = XDP_PASS },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .prog_flags = BPF_F_XDP_HAS_FRAGS);
	int fd;

	fd = bpf_prog_load(BPF_PROG_TYPE_XDP, "x6_frags_probe", "GPL", insns, 2, &opts);
	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

/* Helpers xdp6_main cannot do without (bpf/), the newest first: a kernel without one
 * cannot run it, and says so only in the verifier's words. */
static const struct { enum bpf_func_id id; const char *name; } needed_helpers[] = {
	{ BPF_FUNC_xdp_load_bytes, "bpf_xdp_load_bytes (Linux 5.18)" },
	{ BPF_FUNC_xdp_get_buff_len, "bpf_xdp_get_buff_len (Linux 5.18)" },
	{ BPF_FUNC_spin_lock, "bpf_spin_lock (Linux 5.1)" },
};

int loader_probe_kernel(void)
{
	unsigned i;
	int r;

	if (kfeat.probed)
		return 0;
	kfeat.probed = true;
	for (i = 0; i < sizeof(needed_helpers) / sizeof(needed_helpers[0]); i++) {
		r = libbpf_probe_bpf_helper(BPF_PROG_TYPE_XDP, needed_helpers[i].id, NULL);
		if (r == 0) {
			xlog(NULL, "This kernel has no %s, which xdp6's XDP program needs: use "
			     "Linux 6.1 or newer (Debian 12's or later)", needed_helpers[i].name);
			return -EOPNOTSUPP;
		}
		/* r < 0: the probe itself failed (no BPF at all?); the load will say more */
	}
	kfeat.frags_err = probe_frags();
	kfeat.frags = !kfeat.frags_err;
	if (kfeat.frags)
		xlog(NULL, "multi-buffer XDP: the kernel accepts it; xdp6_main is loaded "
		     "frags-aware (BPF_F_XDP_HAS_FRAGS): a large MTU does not keep it off a "
		     "driver with multi-buffer frames");
	else
		xlog(NULL, "multi-buffer XDP: the kernel refuses BPF_F_XDP_HAS_FRAGS (%s): "
		     "xdp6_main is loaded single-buffer; drivers refuse it above about a page of "
		     "MTU", strerror(-kfeat.frags_err));
	return 0;
}

bool loader_multi_buffer(const struct xdp6d_iface *ifc)
{
	struct xdp_multiprog *mp;
	bool frags;

	if (!ifc->prog)
		return false;
	frags = xdp_program__xdp_frags_support(ifc->prog);
	if (ifc->attach != ATTACH_DISPATCHER)
		return frags;
	/* the dispatcher runs the chain frags-aware only if every program in it is */
	mp = xdp_multiprog__get_from_ifindex(ifc->ifindex);
	if (!mp || libxdp_get_error(mp))
		return frags;
	frags = frags && xdp_multiprog__xdp_frags_support(mp);
	xdp_multiprog__close(mp);
	return frags;
}

int loader_attach(struct xdp6d_iface *ifc, enum xdp_attach_mode mode)
{
	DECLARE_LIBXDP_OPTS(xdp_program_opts, opts, .obj = ifc->skel->obj,
			    .prog_name = PROG_NAME);
	struct xdp_multiprog *mp;
	char msg[128];
	int err;

	ifc->prog = xdp_program__create(&opts);
	err = libxdp_get_error(ifc->prog);
	if (err) {
		ifc->prog = NULL;
		libxdp_strerror(err, msg, sizeof(msg));
		xlog(ifc->ifname, "Couldn't find XDP program %s: %s", PROG_NAME, msg);
		return err;
	}
	/* Frags-aware where the kernel allows it: bpf/ reads headers from the first buffer and
	 * checksums across all of them (parse.bpf.h's contract; test_xdp and the fast-path fuzzer
	 * run it so), and a driver with multi-buffer XDP then attaches it at any MTU. */
	if (kfeat.frags) {
		err = xdp_program__set_xdp_frags_support(ifc->prog, true);
		if (err)
			xlog(ifc->ifname, "Couldn't make %s frags-aware: %s; loading it "
			     "single-buffer", PROG_NAME, strerror(-err));
	}
	/* In the dispatcher, lower priorities run first and a program's XDP_PASS goes on to the
	 * next (libxdp's default chain call actions, which we keep: what xdp6 does not answer
	 * stays the next program's). README "Supported kernels and NICs": why 50. */
	err = xdp_program__set_run_prio(ifc->prog, ifc->run_prio);
	if (err) {
		xlog(ifc->ifname, "Couldn't set the run priority %u: %s", ifc->run_prio,
		     strerror(-err));
		goto err_close;
	}
	/* libxdp tries its multi-program dispatcher first (so xdp6 composes with other XDP
	 * programs); where the kernel refuses freplace attachment (EPERM, e.g. in some
	 * containers) it loads and attaches our program alone. */
	xlog_lib_reset();
	err = xdp_program__attach(ifc->prog, ifc->ifindex, mode, 0);
	if (err) {
		libxdp_strerror(err, msg, sizeof(msg));
		xlog(ifc->ifname, "Couldn't attach XDP program on %s: %s%s", ifc->ifname, msg,
		     err == -EBUSY || err == -EEXIST ? " (another XDP program is attached "
		     "without the libxdp dispatcher)" : "");
		/* the verifier's or the driver's own words, not just the errno */
		xlog_lib_explain(ifc->ifname);
		goto err_close;
	}
	ifc->mode = mode;
	ifc->prog_id = xdp_program__id(ifc->prog);
	ifc->attach = ATTACH_SINGLE;
	ifc->main_prog_id = ifc->prog_id;
	mp = xdp_multiprog__get_from_ifindex(ifc->ifindex);
	if (!libxdp_get_error(mp) && mp) {
		struct xdp_program *main = xdp_multiprog__main_prog(mp);

		if (!xdp_multiprog__is_legacy(mp))
			ifc->attach = ATTACH_DISPATCHER;
		if (main)
			ifc->main_prog_id = xdp_program__id(main);
		xdp_multiprog__close(mp);
	}
	if (ifc->attach == ATTACH_DISPATCHER)
		xlog(ifc->ifname, "attached %s in %s mode through the libxdp dispatcher "
		     "(dispatcher id %u, program id %u, run priority %u)", PROG_NAME,
		     loader_mode_name(mode), ifc->main_prog_id, ifc->prog_id, ifc->run_prio);
	else
		xlog(ifc->ifname, "attached %s in %s mode as a single program, id %u (the kernel "
		     "refused the libxdp dispatcher; other XDP programs cannot share %s)",
		     PROG_NAME, loader_mode_name(mode), ifc->prog_id, ifc->ifname);

	/* Owned by the skeleton (closed by xdp6_bpf__destroy). */
#define FD(n, ...) ifc->fd_##n = bpf_map__fd(ifc->skel->maps.n);
	XDP6_MAPS(FD)
#undef FD
	return 0;

err_close:
	xdp_program__close(ifc->prog);
	ifc->prog = NULL;
	return err;
}

static int mkdir_if_missing(const char *path)
{
	if (mkdir(path, 0700) && errno != EEXIST)
		return -errno;
	return 0;
}

static bool known_map(const char *name)
{
	unsigned i;

	for (i = 0; i < N_PINNED_MAPS; i++)
		if (!strcmp(pinned_maps[i].name, name))
			return true;
	return false;
}

int loader_pin(struct xdp6d_iface *ifc)
{
	struct bpf_map *map;
	char path[128];
	int err;

	err = mkdir_if_missing(XDP6_PIN_ROOT);
	if (err) {
		xlog(ifc->ifname, "Couldn't create %s: %s", XDP6_PIN_ROOT, strerror(-err));
		return err;
	}
	snprintf(ifc->pin_dir, sizeof(ifc->pin_dir), "%s/%s", XDP6_PIN_ROOT, ifc->ifname);
	if (mkdir(ifc->pin_dir, 0700)) {
		err = -errno;
		xlog(ifc->ifname, "Couldn't create %s: %s", ifc->pin_dir, strerror(-err));
		return err;
	}
	ifc->pinned = true;
	bpf_object__for_each_map(map, ifc->skel->obj) {
		if (bpf_map__is_internal(map))	/* .rodata/.bss: not an interface */
			continue;
		snprintf(path, sizeof(path), "%s/%s", ifc->pin_dir, bpf_map__name(map));
		if (!known_map(bpf_map__name(map)))	/* a restart could not reopen it */
			xlog(ifc->ifname, "map %s is pinned but not adopted on restart (define it "
			     "in XDP6_MAPS, include/xdp6_maps.h)", bpf_map__name(map));
		err = bpf_map__pin(map, path);
		if (err) {
			xlog(ifc->ifname, "Couldn't pin map %s at %s: %s", bpf_map__name(map),
			     path, strerror(-err));
			loader_unpin(ifc, false);
			return err;
		}
	}
	xlog_dbg(ifc->ifname, "maps pinned under %s", ifc->pin_dir);
	return 0;
}

bool loader_adopted(const struct xdp6d_iface *ifc)
{
	return ifc->prog && !ifc->skel;		/* opened from its id, not loaded by us */
}

void loader_unpin(struct xdp6d_iface *ifc, bool leave)
{
	if (!ifc->pinned)
		return;
	ifc->pinned = false;
	if (leave)
		return;
	remove_pin_dir(ifc);
}

void loader_detach(struct xdp6d_iface *ifc, bool leave)
{
	char msg[128];
	int err;

	if (!ifc->prog)
		return;
	if (ifc->attach != ATTACH_NONE && !leave) {
		err = xdp_program__detach(ifc->prog, ifc->ifindex, ifc->mode, 0);
		if (err) {
			libxdp_strerror(err, msg, sizeof(msg));
			xlog(ifc->ifname, "Couldn't detach XDP program from %s: %s", ifc->ifname,
			     msg);
		} else {
			xlog_dbg(ifc->ifname, "detached");
		}
		ifc->attach = ATTACH_NONE;
	}
	xdp_program__close(ifc->prog);
	ifc->prog = NULL;
}

void loader_close(struct xdp6d_iface *ifc)
{
	if (ifc->skel)
		xdp6_bpf__destroy(ifc->skel);	/* closes the map fds too */
	else
		close_fds(ifc);			/* adopted: opened from the pins */
	ifc->skel = NULL;
	fds_reset(ifc);
}

int loader_size_srcrate(struct xdp6d_iface *ifc, uint32_t n)
{
	int err = bpf_map__set_max_entries(ifc->skel->maps.srcrate, n);

	if (err)
		xlog(ifc->ifname, "Couldn't size the srcrate map to %u: %s", n, strerror(-err));
	return err;
}

/* Before a native attach on virtio-net: will XDP_TX have queues of its own (nic.h)? The stack's
 * queue pairs are the combined channels, unless an XDP program is attached already (another
 * program's libxdp dispatcher): then combined counts the XDP pairs too, or not when the driver
 * took none (locked). The last combined queue tells which: a copy-mode socket there can send
 * only if it is one of the stack's TX queues (xsk.c xq_queue_can_send). */
int loader_check_xdp_tx(struct xdp6d_iface *ifc, enum xdp_attach_mode mode, bool allow_unsafe)
{
	unsigned stack, want;
	struct nic_info ni;
	__u32 id = 0;
	int r;

	nic_info(ifc->ifname, &ni);
	snprintf(ifc->driver, sizeof(ifc->driver), "%s", ni.driver);
	ifc->xdp_tx = NIC_XDP_TX_NA;
	if (mode != XDP_MODE_NATIVE || strcmp(ni.driver, "virtio_net") || !ni.have_channels ||
	    !ni.combined || !ni.max_combined)
		return 0;
	stack = ni.combined;
	if (!bpf_xdp_query_id(ifc->ifindex, XDP_FLAGS_DRV_MODE, &id) && id &&
	    ni.combined > ni.ncpus) {
		r = xq_queue_can_send(ifc->ifname, ni.combined - 1);
		if (r < 0)
			xlog(ifc->ifname, "Couldn't tell virtio-net's XDP_TX queues (a socket on queue "
			     "%u: %s): assuming XDP has %u of its own", ni.combined - 1,
			     strerror(-r), ni.ncpus);
		if (r <= 0)
			stack = ni.combined - ni.ncpus;
	}
	ifc->xdp_tx = nic_virtio_xdp_tx(stack, ni.max_combined, ni.ncpus);
	if (ifc->xdp_tx == NIC_XDP_TX_LOCKED) {
		xlog(ifc->ifname, "virtio-net has %u queue pairs: %u for the stack, none left for "
		     "XDP_TX, which wants one per possible CPU (%u); it shares the stack's TX "
		     "queues under their lock (slower; the driver logs \"slower locked tx mode\"). "
		     "A NIC with %u queues avoids it (qemu: -netdev ...,queues=%u)",
		     ni.max_combined, stack, ni.ncpus, stack + ni.ncpus, stack + ni.ncpus);
	} else if (ifc->xdp_tx == NIC_XDP_TX_OVERFLOW) {
		want = ni.max_combined - ni.ncpus;
		xlog(ifc->ifname, "%s native mode: virtio-net has %u queue pairs, the stack uses "
		     "%u and XDP_TX wants one per possible CPU (%u) more; without room and with more "
		     "pairs than CPUs its XDP_TX picks pair %u + CPU, which it does not use (Debian "
		     "12's 6.1 kernels crash on the first XDP_TX). Use at most %u combined channels "
		     "(ethtool -L %s combined %u) or --mode skb%s", allow_unsafe ?
		     "--allow-unsafe-xdp-tx: attaching anyway in" : "Refusing", ni.max_combined,
		     stack, ni.ncpus, stack, want, ifc->ifname, want,
		     allow_unsafe ? "" : "; --allow-unsafe-xdp-tx attaches anyway");
		if (!allow_unsafe)
			return -EOPNOTSUPP;
	}
	return 0;
}
