/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Scapy (/usr/bin/python3) runners shared by host unit tests: a coprocess that runs the python
 * string PYRUN_PRELUDE names (define it before including) then each py() snippet, and a one-shot
 * script over hex frames. */
#ifndef XDP6_PYRUN_H
#define XDP6_PYRUN_H

#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

#ifdef PYRUN_PRELUDE

/* ---- scapy coprocess ---- */

static const char py_head[] =
	"import sys, logging\n"
	"logging.getLogger('scapy.runtime').setLevel(logging.ERROR)\n"
	"from scapy.all import *\n"
	"from scapy.layers.inet6 import *\n";
static const char py_loop[] =
	"base = dict(globals())\n"
	"print('ready', flush=True)\n"
	"while True:\n"
	"    src = []\n"
	"    while True:\n"
	"        l = sys.stdin.readline()\n"
	"        if not l or l == '.\\n': break\n"
	"        src.append(l)\n"
	"    if not l: break\n"
	"    env = dict(base)\n"
	"    try:\n"
	"        exec(''.join(src), env)\n"
	"        r = str(env.get('r', 'ok'))\n"
	"    except Exception as ex:\n"
	"        r = 'EXC %s: %s' % (type(ex).__name__, ex)\n"
	"    print(r.replace('\\n', ' | '), flush=True)\n";

static FILE *py_in, *py_out;
static int py_state = -1;	/* -1 not tried, 0 unavailable, 1 running */
static char *py_line;
static size_t py_cap;

static bool py_start(void)
{
	size_t len = sizeof(py_head) + strlen(PYRUN_PRELUDE) + sizeof(py_loop);
	int in[2], out[2];
	char *prog;
	pid_t pid;

	if (py_state >= 0)
		return py_state;
	py_state = 0;
	if (access("/usr/bin/python3", X_OK) || pipe(in) || pipe(out))
		return false;
	prog = malloc(len);
	if (!prog)
		return false;
	snprintf(prog, len, "%s%s%s", py_head, PYRUN_PRELUDE, py_loop);
	signal(SIGPIPE, SIG_IGN);
	pid = fork();
	if (pid < 0) {
		free(prog);
		return false;
	}
	if (!pid) {
		int devnull = open("/dev/null", O_WRONLY);

		dup2(in[0], 0);
		dup2(out[1], 1);
		if (devnull >= 0)
			dup2(devnull, 2);
		close(in[1]);
		close(out[0]);
		execl("/usr/bin/python3", "python3", "-c", prog, (char *)NULL);
		_exit(127);
	}
	free(prog);
	close(in[0]);
	close(out[1]);
	py_in = fdopen(in[1], "w");
	py_out = fdopen(out[0], "r");
	if (!py_in || !py_out || getline(&py_line, &py_cap, py_out) <= 0 ||
	    strcmp(py_line, "ready\n"))
		return false;
	py_state = 1;
	return true;
}

/* Runs python code (printf format) in a fresh namespace; returns its `r` (default "ok"). */
static __attribute__((unused)) const char *py(const char *fmt, ...)
{
	va_list ap;
	ssize_t n;

	if (!py_start())
		return "EXC scapy unavailable";
	va_start(ap, fmt);
	vfprintf(py_in, fmt, ap);
	va_end(ap);
	fputs("\n.\n", py_in);
	fflush(py_in);
	n = getline(&py_line, &py_cap, py_out);
	if (n <= 0)
		return "EXC python died";
	py_line[n - 1] = 0;
	return py_line;
}

static __attribute__((unused)) char *hex(const uint8_t *p, size_t n)
{
	static char *bufs[4];
	static int k;
	char *s;
	size_t i;

	k = (k + 1) % 4;
	free(bufs[k]);
	s = bufs[k] = malloc(2 * n + 1);
	for (i = 0; i < n; i++)
		sprintf(s + 2 * i, "%02x", p[i]);
	s[2 * n] = 0;
	return s;
}

#define SKIP_NO_SCAPY(name)							\
	do {									\
		if (!py_start()) {						\
			printf("SKIP %s: /usr/bin/python3 with scapy not available\n", name); \
			return;							\
		}								\
	} while (0)

#endif /* PYRUN_PRELUDE */

/* ---- one-shot scapy script over hex frames ---- */

/* Writes n frames (frame i: lens[i] bytes at f + i * stride) as hex lines to a temporary file
 * (named after tag), runs prog with that file as argv[1], and stores up to n printed lines in
 * out (line i at out + i * w, w bytes each, newline stripped). Returns the number of lines,
 * -1 if scapy is missing. */
static __attribute__((unused)) int py_parse_frames(const char *tag, const char *prog,
						   const uint8_t *f, size_t stride,
						   const size_t *lens, int n, char *out, int w)
{
	char hexf[64], pyf[64], cmd[256];
	int hfd, pfd, i, got = 0;
	FILE *h, *p;

	snprintf(hexf, sizeof(hexf), "/tmp/xdp6-%s-hexXXXXXX", tag);
	snprintf(pyf, sizeof(pyf), "/tmp/xdp6-%s-pyXXXXXX", tag);
	hfd = mkstemp(hexf);
	pfd = mkstemp(pyf);
	if (hfd < 0 || pfd < 0)
		return -1;
	h = fdopen(hfd, "w");
	for (i = 0; i < n; i++) {
		size_t j;

		for (j = 0; j < lens[i]; j++)
			fprintf(h, "%02x", f[i * stride + j]);
		fprintf(h, "\n");
	}
	fclose(h);
	if (write(pfd, prog, strlen(prog)) != (ssize_t)strlen(prog)) {
		close(pfd);
		return -1;
	}
	close(pfd);
	if (system("/usr/bin/python3 -c 'import scapy' 2>/dev/null") != 0) {
		unlink(hexf);
		unlink(pyf);
		return -1;
	}
	snprintf(cmd, sizeof(cmd), "/usr/bin/python3 %s %s 2>&1", pyf, hexf);
	p = popen(cmd, "r");
	while (p && got < n && fgets(out + got * w, w, p)) {
		out[got * w + strcspn(out + got * w, "\n")] = 0;
		got++;
	}
	if (p)
		pclose(p);
	unlink(hexf);
	unlink(pyf);
	return got;
}

#endif
