// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* NIC facts from the driver through ethtool ioctls (per network namespace, unlike sysfs): the
 * driver's name and channel counts, and virtio-net's XDP_TX queue choice that xdp6d checks
 * before attaching (loader_check_xdp_tx). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>

#include "nic.h"

#define CPU_POSSIBLE	"/sys/devices/system/cpu/possible"

static int ethtool(int fd, const char *ifname, void *cmd)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	ifr.ifr_data = cmd;
	return ioctl(fd, SIOCETHTOOL, &ifr) ? -errno : 0;
}

unsigned nic_parse_possible(const char *s)
{
	unsigned long v, last = 0;
	bool any = false;
	char *end;

	/* comma-separated ranges "A" or "A-B"; nr_cpu_ids is the highest number + 1 */
	while (*s && *s != '\n') {
		if (*s < '0' || *s > '9')
			return 0;
		v = strtoul(s, &end, 10);
		if (*end == '-') {
			s = end + 1;
			if (*s < '0' || *s > '9')
				return 0;
			v = strtoul(s, &end, 10);
		}
		if (v > 1u << 20)
			return 0;
		if (v > last)
			last = v;
		any = true;
		s = end;
		if (*s == ',')
			s++;
		else if (*s && *s != '\n')
			return 0;
	}
	return any ? (unsigned)last + 1 : 0;
}

static unsigned possible_cpus(void)
{
	char buf[256] = "";
	unsigned n = 0;
	FILE *f;

	f = fopen(CPU_POSSIBLE, "re");
	if (f) {
		if (fgets(buf, sizeof(buf), f))
			n = nic_parse_possible(buf);
		fclose(f);
	}
	if (!n) {
		long c = sysconf(_SC_NPROCESSORS_CONF);

		n = c > 0 ? (unsigned)c : 1;
	}
	return n;
}

void nic_info(const char *ifname, struct nic_info *ni)
{
	struct ethtool_drvinfo di = { .cmd = ETHTOOL_GDRVINFO };
	struct ethtool_channels ch = { .cmd = ETHTOOL_GCHANNELS };
	int fd;

	memset(ni, 0, sizeof(*ni));
	ni->ncpus = possible_cpus();
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	if (!ethtool(fd, ifname, &di))
		snprintf(ni->driver, sizeof(ni->driver), "%.*s", (int)sizeof(ni->driver) - 1,
			 di.driver);
	if (!ethtool(fd, ifname, &ch)) {
		ni->have_channels = true;
		ni->combined = ch.combined_count;
		ni->max_combined = ch.max_combined;
	}
	close(fd);
}

/* virtnet_xdp_set(): XDP wants nr_cpu_ids queue pairs of its own next to the stack's; when
 * stack + nr_cpu_ids > max it takes none ("XDP request N queues but max is M ... slower locked
 * tx mode"). virtnet_xdp_get_sq() then picks pair (cpu % curr) under the TX lock when
 * curr <= nr_cpu_ids, but pair (curr - 0 + cpu) without a lock when curr > nr_cpu_ids: a pair
 * the device does not use or past the array (6.1.0-57: NULL dereference in
 * virtqueue_get_buf() from virtnet_xdp_xmit() on the first XDP_TX). */
enum nic_xdp_tx nic_virtio_xdp_tx(unsigned stack_pairs, unsigned max_pairs, unsigned ncpus)
{
	if (stack_pairs + ncpus <= max_pairs)
		return NIC_XDP_TX_OWN;
	return stack_pairs > ncpus ? NIC_XDP_TX_OVERFLOW : NIC_XDP_TX_LOCKED;
}

const char *nic_xdp_tx_name(enum nic_xdp_tx m)
{
	switch (m) {
	case NIC_XDP_TX_OWN:		return "own queues";
	case NIC_XDP_TX_LOCKED:		return "locked";
	case NIC_XDP_TX_OVERFLOW:	return "past its queues";
	default:			return "n/a";
	}
}
