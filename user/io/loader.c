// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Loading, attaching and pinning the XDP program of one interface: skeleton open → size the
 * addrs map → libxdp load+attach (dispatcher when the kernel allows it, else the program alone)
 * → pin every map under /sys/fs/bpf/xdp6/<ifname>/; teardown in reverse. No protocol here. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <linux/magic.h>
#include <bpf/libbpf.h>

#include "xdp6.skel.h"
#include "loader.h"
#include "log.h"

#define BPFFS_PATH	"/sys/fs/bpf"
#define PROG_NAME	"xdp6_main"

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

int loader_open(struct xdp6d_iface *ifc, uint32_t max_addrs)
{
	int err;

	ifc->fd_addrs = ifc->fd_iface = ifc->fd_tokens = -1;
	ifc->fd_groups = ifc->fd_served = ifc->fd_stats = ifc->fd_xsks = -1;
	ifc->skel = xdp6_bpf__open();
	if (!ifc->skel) {
		err = -errno;
		xlog(ifc->ifname, "Couldn't open the XDP program: %s", strerror(-err));
		return err;
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
	/* libxdp tries its multi-program dispatcher first (so xdp6 composes with other XDP
	 * programs); where the kernel refuses freplace attachment (EPERM, e.g. in some
	 * containers) it loads and attaches our program alone. */
	err = xdp_program__attach(ifc->prog, ifc->ifindex, mode, 0);
	if (err) {
		libxdp_strerror(err, msg, sizeof(msg));
		xlog(ifc->ifname, "Couldn't attach XDP program on %s: %s%s", ifc->ifname, msg,
		     err == -EBUSY || err == -EEXIST ? " (another XDP program is attached "
		     "without the libxdp dispatcher)" : "");
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
		     "(dispatcher id %u, program id %u)", PROG_NAME, loader_mode_name(mode),
		     ifc->main_prog_id, ifc->prog_id);
	else
		xlog(ifc->ifname, "attached %s in %s mode as a single program, id %u (the kernel "
		     "refused the libxdp dispatcher; other XDP programs cannot share %s)",
		     PROG_NAME, loader_mode_name(mode), ifc->prog_id, ifc->ifname);

	ifc->fd_addrs = bpf_map__fd(ifc->skel->maps.addrs);
	ifc->fd_iface = bpf_map__fd(ifc->skel->maps.iface);
	ifc->fd_tokens = bpf_map__fd(ifc->skel->maps.tokens);
	ifc->fd_groups = bpf_map__fd(ifc->skel->maps.groups);
	ifc->fd_served = bpf_map__fd(ifc->skel->maps.served);
	ifc->fd_stats = bpf_map__fd(ifc->skel->maps.stats);
	ifc->fd_xsks = bpf_map__fd(ifc->skel->maps.xsks);
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
		err = bpf_map__pin(map, path);
		if (err) {
			xlog(ifc->ifname, "Couldn't pin map %s at %s: %s", bpf_map__name(map),
			     path, strerror(-err));
			loader_unpin(ifc);
			return err;
		}
	}
	xlog_dbg(ifc->ifname, "maps pinned under %s", ifc->pin_dir);
	return 0;
}

void loader_unpin(struct xdp6d_iface *ifc)
{
	struct bpf_map *map;
	char path[128];

	if (!ifc->pinned)
		return;
	bpf_object__for_each_map(map, ifc->skel->obj) {
		if (bpf_map__is_internal(map))
			continue;
		snprintf(path, sizeof(path), "%s/%s", ifc->pin_dir, bpf_map__name(map));
		if (unlink(path) && errno != ENOENT)
			xlog(ifc->ifname, "Couldn't unpin %s: %s", path, strerror(errno));
	}
	if (rmdir(ifc->pin_dir))
		xlog(ifc->ifname, "Couldn't remove %s: %s", ifc->pin_dir, strerror(errno));
	rmdir(XDP6_PIN_ROOT);		/* only when no other interface is pinned there */
	ifc->pinned = false;
}

void loader_detach(struct xdp6d_iface *ifc)
{
	char msg[128];
	int err;

	if (!ifc->prog)
		return;
	if (ifc->attach != ATTACH_NONE) {
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
		xdp6_bpf__destroy(ifc->skel);
	ifc->skel = NULL;
	ifc->fd_addrs = ifc->fd_iface = ifc->fd_tokens = -1;
	ifc->fd_groups = ifc->fd_served = ifc->fd_stats = ifc->fd_xsks = -1;
}
