// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* xdp6bench jitlines: where in the source each byte of a loaded program's JIT image comes from,
 * for a profile of the JITed code (tests/bench/run.sh stage `profile`). Prints one line per BPF
 * line-info record of the program's main function: the record's offset in the JIT image (hex,
 * from the program's first kernel symbol, which `perf` names bpf_prog_<tag>_<name>), file:line,
 * and the source line from the program's BTF. bpftool prints the same only when built with
 * libbfd, which Debian's is not. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>

#include "bench.h"

#define JL_MAX_KSYMS 64

int cmd_jitlines(int argc, char **argv)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info), nli, njli, lrs, nks, i;
	__u64 ksyms[JL_MAX_KSYMS], *jli = NULL;
	struct bpf_line_info *li = NULL;
	struct btf *btf = NULL;
	int fd, err = 1;

	if (argc != 2 || !strcmp(argv[1], "--help")) {
		fprintf(stderr, "usage: xdp6bench jitlines PROG_ID\n"
				"  JIT image offset, file:line and source line of each line-info record\n"
				"  of the program's main function (needs the program's BTF)\n");
		return 2;
	}
	fd = bpf_prog_get_fd_by_id((__u32)strtoul(argv[1], NULL, 0));
	if (fd < 0 || bpf_obj_get_info_by_fd(fd, &info, &len)) {
		fprintf(stderr, "Couldn't read program %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	nli = info.nr_line_info;
	njli = info.nr_jited_line_info;
	lrs = info.line_info_rec_size;
	nks = info.nr_jited_ksyms < JL_MAX_KSYMS ? info.nr_jited_ksyms : JL_MAX_KSYMS;
	if (!nli || njli != nli || !nks || lrs < sizeof(*li)) {
		fprintf(stderr, "Program %s has no JIT line info (%u records, %u JITed)\n", argv[1],
			nli, njli);
		goto out;
	}
	li = calloc(nli, lrs);
	jli = calloc(njli, sizeof(*jli));
	if (!li || !jli)
		goto out;
	memset(&info, 0, sizeof(info));
	info.nr_line_info = nli;
	info.line_info_rec_size = lrs;
	info.line_info = (__u64)(unsigned long)li;
	info.nr_jited_line_info = njli;
	info.jited_line_info_rec_size = sizeof(*jli);
	info.jited_line_info = (__u64)(unsigned long)jli;
	info.nr_jited_ksyms = nks;
	info.jited_ksyms = (__u64)(unsigned long)ksyms;
	len = sizeof(info);
	if (bpf_obj_get_info_by_fd(fd, &info, &len)) {
		fprintf(stderr, "Couldn't read line info: %s\n", strerror(errno));
		goto out;
	}
	btf = btf__load_from_kernel_by_id(info.btf_id);
	if (!btf) {
		fprintf(stderr, "Couldn't load the program's BTF: %s\n", strerror(errno));
		goto out;
	}
	for (i = 0; i < nli; i++) {
		const struct bpf_line_info *l = (const void *)((const char *)li + (size_t)i * lrs);
		const char *file = btf__name_by_offset(btf, l->file_name_off);
		const char *src = btf__name_by_offset(btf, l->line_off);
		const char *base = file ? strrchr(file, '/') : NULL;

		/* records of the other functions lie beyond the main one's symbol: listed too,
		 * but a profile names those functions' own symbols */
		if (jli[i] < ksyms[0])
			continue;
		printf("%llx\t%s:%u\t%s\n", (unsigned long long)(jli[i] - ksyms[0]),
		       base ? base + 1 : file ? file : "?", BPF_LINE_INFO_LINE_NUM(l->line_col),
		       src ? src : "");
	}
	err = 0;
out:
	btf__free(btf);
	free(li);
	free(jli);
	return err;
}
