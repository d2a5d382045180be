// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* libFuzzer harness of xdp6d's config file parser and option table (user/io/config.c,
 * user/io/opts.c): any bytes as a config file, applied, and compared with themselves for
 * reload. The file is root's, so this is cheap insurance, not a boundary: every input must end
 * in a clean error or options, under ASan + UBSan. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/daemon.h"
#include "io/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf c = { .file = strdup("fuzz.conf") };
	struct xdp6d_opts o;
	char err[CONF_ERR_MAX];
	unsigned i;

	if (!conf_parse_text(&c, &xdp6d_schema, (const char *)data, size, err, sizeof(err)) &&
	    !conf_apply(&xdp6d_schema, &c, NULL, &o, err, sizeof(err))) {
		xdp6d_opts_release(&o);
		for (i = 0; i < xdp6d_schema.n; i++)
			if (conf_changed(&xdp6d_schema, &xdp6d_schema.defs[i], &c, &c, NULL))
				abort();	/* a file differs from itself */
	}
	conf_free(&c);
	return 0;
}
