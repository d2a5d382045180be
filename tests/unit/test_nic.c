// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Unit tests of user/io/nic.c: virtio-net's XDP_TX queue choice (drivers/net/virtio_net.c
 * virtnet_xdp_set and virtnet_xdp_get_sq, 6.1) that xdp6d checks before a native attach, and
 * the nr_cpu_ids parser. The table is worked out from the driver's source by hand, not by the
 * code under test: pairs used for XDP_TX = stack + cpu when there is room or when
 * stack > nr_cpu_ids (past the device's pairs without room), cpu % stack otherwise. */
#include <stdlib.h>

#include "check.h"
#include "io/nic.h"

static const struct {
	const char *name;
	unsigned stack, max, ncpus;
	enum nic_xdp_tx want;
} xdp_tx_cases[] = {
	/* the VM rig: 4 pairs, 2 CPUs, 2 combined channels: XDP_TX on pairs 2-3 */
	{ "vm_rig_2_of_4_pairs_2_cpus_own", 2, 4, 2, NIC_XDP_TX_OWN },
	{ "1_of_4_pairs_2_cpus_own", 1, 4, 2, NIC_XDP_TX_OWN },
	/* ethtool -L combined 3 or 4 in the rig: pair 3 + cpu, 4 + cpu: the 6.1 panic */
	{ "3_of_4_pairs_2_cpus_overflow", 3, 4, 2, NIC_XDP_TX_OVERFLOW },
	{ "4_of_4_pairs_2_cpus_overflow", 4, 4, 2, NIC_XDP_TX_OVERFLOW },
	/* a single-queue NIC: cpu % 1 = pair 0 under its TX lock */
	{ "1_of_1_pair_2_cpus_locked", 1, 1, 2, NIC_XDP_TX_LOCKED },
	/* the usual cloud VM: as many pairs as vCPUs, all used by the stack */
	{ "8_of_8_pairs_8_cpus_locked", 8, 8, 8, NIC_XDP_TX_LOCKED },
	{ "4_of_8_pairs_8_cpus_locked", 4, 8, 8, NIC_XDP_TX_LOCKED },
	{ "5_of_8_pairs_4_cpus_overflow", 5, 8, 4, NIC_XDP_TX_OVERFLOW },
	{ "4_of_8_pairs_4_cpus_own", 4, 8, 4, NIC_XDP_TX_OWN },
};

static void virtio_xdp_tx_table(void)
{
	unsigned i;

	for (i = 0; i < sizeof(xdp_tx_cases) / sizeof(xdp_tx_cases[0]); i++) {
		enum nic_xdp_tx got = nic_virtio_xdp_tx(xdp_tx_cases[i].stack, xdp_tx_cases[i].max,
							 xdp_tx_cases[i].ncpus);

		CASE_BEGIN(xdp_tx_cases[i].name);
		CHECK(got == xdp_tx_cases[i].want, "got %s, want %s", nic_xdp_tx_name(got),
		      nic_xdp_tx_name(xdp_tx_cases[i].want));
		CASE_END();
	}
}

static void possible_cpus_parsed(void)
{
	CASE_BEGIN("possible_cpus_list_gives_highest_plus_one");
	CHECK(nic_parse_possible("0-1\n") == 2, "0-1");
	CHECK(nic_parse_possible("0\n") == 1, "0");
	CHECK(nic_parse_possible("0-3,8-11\n") == 12, "0-3,8-11");
	CHECK(nic_parse_possible("0,2,5") == 6, "0,2,5");
	CASE_END();
	CASE_BEGIN("possible_cpus_garbage_gives_0");
	CHECK(nic_parse_possible("") == 0, "empty");
	CHECK(nic_parse_possible("x") == 0, "x");
	CHECK(nic_parse_possible("0-") == 0, "0-");
	CHECK(nic_parse_possible("1 2") == 0, "1 2");
	CHECK(nic_parse_possible("99999999") == 0, "too large");
	CASE_END();
}

int main(void)
{
	virtio_xdp_tx_table();
	possible_cpus_parsed();
	return check_exit();
}
