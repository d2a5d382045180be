/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Loading the XDP program per interface: skeleton open, attach through libxdp (dispatcher, or
 * the single program where the kernel refuses the dispatcher), map pins under
 * XDP6_PIN_ROOT/<ifname>/, and the reverse; on restart, adopting the program and pinned maps a
 * previous xdp6d left behind. The only module that opens the BPF object. */
#ifndef XDP6_IO_LOADER_H
#define XDP6_IO_LOADER_H

#include "daemon.h"

/* Mounts bpffs on /sys/fs/bpf unless one is there. Returns 0 or negative errno. */
int bpffs_ensure(void);
/* XDP6_PIN_ROOT/<ifname> into buf; true when it exists (another or a crashed xdp6d). */
bool loader_pin_dir_exists(const char *ifname, char *buf, size_t len);

/* What XDP6_PIN_ROOT/<ifname>/ holds, from loader_pins_open(). */
enum loader_pins {
	PINS_NONE,	/* no pin directory: start fresh */
	PINS_ADOPT,	/* our program is attached to the interface and uses these maps */
	PINS_STALE,	/* leftovers no loaded program uses */
};
/* Opens the pinned maps (ifc->fd_*) and classifies them; a map of another layout is left
 * closed (fd -1). PINS_ADOPT also fills the program ids, attach kind and mode. Negative errno, after one log line saying what to do: -EBUSY
 * (the maps belong to a program that is not attached to this interface, or the pins are
 * incomplete), -EPROTO (a map's layout is not this xdp6d's). */
int loader_pins_open(struct xdp6d_iface *ifc);
/* PINS_ADOPT: takes the attached program over (it is detached by loader_detach() at exit). */
int loader_adopt(struct xdp6d_iface *ifc);
/* Was the program adopted (loader_adopt()) rather than loaded here? */
bool loader_adopted(const struct xdp6d_iface *ifc);
/* PINS_STALE: closes the maps and removes the pin directory. */
void loader_remove_pins(struct xdp6d_iface *ifc);

/* Opens the skeleton with addrs sized for max_addrs. */
int loader_open(struct xdp6d_iface *ifc, uint32_t max_addrs);
/* After loader_open, before the load: max_entries of the srcrate LRU (--src-rate-max). */
int loader_size_srcrate(struct xdp6d_iface *ifc, uint32_t n);
/* Loads and attaches in mode; fills prog ids and map fds. */
int loader_attach(struct xdp6d_iface *ifc, enum xdp_attach_mode mode);
/* Pins every map under XDP6_PIN_ROOT/<ifname>/<map>. */
int loader_pin(struct xdp6d_iface *ifc);
/* Removes every pin under ifc->pin_dir and the directory (skeleton or adopted maps); with
 * leave, only forgets them (an adopted interface whose setup failed stays as found). */
void loader_unpin(struct xdp6d_iface *ifc, bool leave);
/* Detaches the program (with leave: keeps it attached) and closes it. */
void loader_detach(struct xdp6d_iface *ifc, bool leave);
void loader_close(struct xdp6d_iface *ifc);

const char *loader_mode_name(enum xdp_attach_mode mode);

/* Once, before any interface: a kernel without a helper xdp6_main needs fails here with one
 * line naming it (-EOPNOTSUPP); whether the kernel takes multi-buffer (frags-aware) programs is
 * noted and said once. */
int loader_probe_kernel(void);
/* Does the program on ifc see multi-buffer frames whole (it, and under the dispatcher every
 * program of the chain, frags-aware)? */
bool loader_multi_buffer(const struct xdp6d_iface *ifc);

/* Before attaching in mode: the driver's name and, on virtio-net, how its XDP_TX will send
 * (ifc->driver, ifc->xdp_tx). Logs once when XDP_TX will be locked; refuses (-EOPNOTSUPP,
 * after saying why and what to do) when it would use TX queues the device does not, unless
 * allow_unsafe. */
int loader_check_xdp_tx(struct xdp6d_iface *ifc, enum xdp_attach_mode mode, bool allow_unsafe);

#endif
