/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* What the NIC driver says about itself before xdp6 attaches (ethtool ioctls, which answer for
 * our network namespace): driver name, channel counts, and what follows for XDP_TX on
 * virtio-net, whose locked mode can pick a TX queue past the ones it has. No protocol. */
#ifndef XDP6_IO_NIC_H
#define XDP6_IO_NIC_H

#include <stdbool.h>
#include <stdint.h>

struct nic_info {
	char driver[32];		/* ETHTOOL_GDRVINFO; "" when the driver does not say */
	bool have_channels;		/* ETHTOOL_GCHANNELS answered */
	uint32_t combined, max_combined;
	unsigned ncpus;			/* nr_cpu_ids: the possible CPUs */
};

/* Fills ni for ifname; never fails (what the driver does not answer stays 0 / ""). */
void nic_info(const char *ifname, struct nic_info *ni);
/* nr_cpu_ids from the text of /sys/devices/system/cpu/possible ("0-3", "0", "0-3,8-11"):
 * the highest CPU number + 1; 0 when the text is not a CPU list. */
unsigned nic_parse_possible(const char *s);

/* How virtio-net sends XDP_TX (drivers/net/virtio_net.c, 6.1 and later: virtnet_xdp_set,
 * virtnet_xdp_get_sq), from the queue pairs the stack uses, the device's maximum and
 * nr_cpu_ids. */
enum nic_xdp_tx {
	NIC_XDP_TX_NA,		/* not virtio-net, or not native mode */
	NIC_XDP_TX_OWN,		/* a queue per CPU of its own, no lock */
	NIC_XDP_TX_LOCKED,	/* no room: shares the stack's TX queues under their lock */
	NIC_XDP_TX_OVERFLOW,	/* no room and more pairs than CPUs: picks pair + CPU, past them */
};
enum nic_xdp_tx nic_virtio_xdp_tx(unsigned stack_pairs, unsigned max_pairs, unsigned ncpus);
const char *nic_xdp_tx_name(enum nic_xdp_tx m);

#endif
