// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* libFuzzer harness: one frame into a fresh struct host (host_input(), the daemon's receive
 * path), then the timers for a while, with every invariant of tests/fuzz/harness.h checked.
 * Input: cfg byte, mode byte (FZ_CFG_*, FZ_MODE_*), then the frame from its Ethernet header.
 * A fresh host per input keeps every finding reproducible from its input alone;
 * FZ_MODE_PRELUDE starts it with a router, a prefix, DNS and neighbors learned. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static const xdp6_ns windows[4] = {
	0, 1 * XDP6_NS_PER_SEC, 30 * XDP6_NS_PER_SEC, 600 * XDP6_NS_PER_SEC,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz z;
	uint8_t *f;
	size_t len;
	xdp6_ns w;

	if (size < 2)
		return 0;
	fz_init(&z, data[0], data[1]);
	/* an exact-size copy: ASan sees any read past the frame's end */
	len = size - 2;
	f = malloc(len ? len : 1);
	if (!f)
		fz_fail("out of memory");
	memcpy(f, data + 2, len);
	fz_fix(f, len, z.mode & FZ_MODE_FIX_CSUM, z.mode & FZ_MODE_FIX_PLEN);
	w = windows[(z.mode & FZ_MODE_WINDOW_MASK) >> FZ_MODE_WINDOW_SHIFT];

	fz_input(&z, f, len);
	fz_check(&z);
	fz_advance(&z, z.now + w, true);
	fz_check(&z);
	if (z.mode & FZ_MODE_TWICE) {
		/* the same frame again: retransmissions, duplicates, state it created */
		fz_input(&z, f, len);
		fz_advance(&z, z.now + w, true);
		fz_check(&z);
	}
	free(f);
	fz_fini(&z);
	return 0;
}
