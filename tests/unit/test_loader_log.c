// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Unit tests of what xdp6d says when the kernel refuses its program (user/io/log.c
 * xlog_lib_explain, called by loader_attach): the kernel's verifier really refuses
 * tests/unit/unverifiable.bpf.c here, through libbpf and our print callback as in xdp6d, and
 * the lines printed without -v must hold the verifier's reason and its last line, even when
 * the log is many kilobytes long. Needs root (BPF_PROG_LOAD); SKIPs otherwise. */
#define _GNU_SOURCE		/* memfd_create */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <bpf/libbpf.h>

#include "check.h"
#include "io/log.h"

static const char *obj_path;

/* Runs fn with stderr going to a memory file; returns what it wrote (malloc'd). */
static char *capture(bool (*fn)(void), bool *ret)
{
	int fd = memfd_create("stderr", 0), saved = dup(2);
	char *out = NULL;
	off_t len;

	fflush(stderr);
	dup2(fd, 2);
	*ret = fn();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	len = lseek(fd, 0, SEEK_CUR);
	out = calloc(1, (size_t)len + 1);
	if (out && pread(fd, out, (size_t)len, 0) != len)
		out[0] = 0;
	close(fd);
	return out;
}

static int load_err;

/* Loads the object as the daemon's libraries would, then lets log.c explain. */
static bool load_and_explain(void)
{
	struct bpf_object *obj = bpf_object__open_file(obj_path, NULL);

	if (!obj) {
		load_err = -errno;
		return false;
	}
	load_err = bpf_object__load(obj);
	bpf_object__close(obj);
	return xlog_lib_explain("test0");
}

static bool explain_only(void)
{
	return xlog_lib_explain("test0");
}

int main(int argc, char **argv)
{
	char *out, *last, def[PATH_MAX];
	bool said;

	/* in the build directory of this binary (make unit: BUILD/test_loader_log) or of its
	 * directory (the ASan build: BUILD/san/test_loader_log) */
	snprintf(def, sizeof(def), "%.*s/unit/unverifiable.bpf.o",
		 strrchr(argv[0], '/') ? (int)(strrchr(argv[0], '/') - argv[0]) : 1,
		 strrchr(argv[0], '/') ? argv[0] : ".");
	if (access(def, R_OK))
		snprintf(def, sizeof(def), "%.*s/../unit/unverifiable.bpf.o",
			 strrchr(argv[0], '/') ? (int)(strrchr(argv[0], '/') - argv[0]) : 1,
			 strrchr(argv[0], '/') ? argv[0] : ".");
	obj_path = argc > 1 ? argv[1] : def;
	if (geteuid() != 0) {
		printf("SKIP verifier_refusal_shows_reason_and_last_line: needs root\n");
		return 0;
	}
	xlog_libs_init();

	CASE_BEGIN("verifier_refusal_shows_reason_and_last_line_without_v");
	out = capture(load_and_explain, &said);
	CHECK(access(obj_path, R_OK) == 0, "no %s (make unit builds it)", obj_path);
	CHECK(load_err < 0, "the kernel loaded the unverifiable program (%d)", load_err);
	CHECK(said, "xlog_lib_explain had nothing to say");
	CHECK(out && strstr(out, "xdp6d: test0: the kernel's verifier refused the program"),
	      "no heading line in: %s", out ? out : "");
	/* the verifier's reason (kernel/bpf/verifier.c check_packet_access) */
	CHECK(out && strstr(out, "verifier: ") && strstr(out, "invalid access to packet"),
	      "the reason is missing: %s", out ? out : "");
	/* and its very last line, the summary printed after every verification */
	last = out ? strstr(out, "verifier: processed ") : NULL;
	CHECK(last && strstr(last, " insns"), "the last line is missing: %s", out ? out : "");
	/* without -v only the tail, not the whole log nor libbpf's chatter */
	CHECK(out && !strstr(out, "BEGIN PROG LOAD LOG") && strlen(out) < 4096,
	      "more than the tail printed (%zu bytes)", out ? strlen(out) : 0);
	CASE_END();
	free(out);

	CASE_BEGIN("explained_once_then_forgotten");
	out = capture(explain_only, &said);
	CHECK(!said && out && !out[0], "said again: %s", out ? out : "");
	CASE_END();
	free(out);
	return check_exit();
}
