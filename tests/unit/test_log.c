// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Unit tests of the daemon's logger (user/io/log.c): journald's stream protocol (JOURNAL_STREAM,
 * "<N>" syslog priority prefixes, sd-daemon(3)), levels, errors by the "Couldn't" convention,
 * and the flood guard. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "check.h"
#include "io/log.h"

static FILE *f;

/* A fresh stream; journal: JOURNAL_STREAM names it (as systemd does for a unit's stderr). */
static void open_log(bool journal)
{
	char js[64];
	struct stat st;

	if (f)
		fclose(f);
	f = tmpfile();
	fstat(fileno(f), &st);
	snprintf(js, sizeof(js), "%llu:%llu", (unsigned long long)st.st_dev,
		 (unsigned long long)st.st_ino);
	if (journal)
		setenv("JOURNAL_STREAM", js, 1);
	else
		setenv("JOURNAL_STREAM", "1:2", 1);	/* another stream: not the journal */
	xlog_open(f);
	xlog_level = LOG_INFO;
}

static const char *contents(void)
{
	static char buf[1 << 16];
	size_t n;

	fflush(f);
	rewind(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	return buf;
}

static void journal_lines_carry_priority_and_no_name(void)
{
	CASE_BEGIN("journal_lines_carry_priority_and_no_name");
	open_log(true);
	xlog("eth0", "Couldn't attach XDP program on eth0: %s", "Operation not supported");
	xlog(NULL, "serving %d addresses", 2);
	xlog_prio(LOG_WARNING, "eth0", "a warning");
	CHECK(!strcmp(contents(), "<3>eth0: Couldn't attach XDP program on eth0: Operation not "
		      "supported\n<6>serving 2 addresses\n<4>eth0: a warning\n"), "got:\n%s",
	      contents());
	CASE_END();
}

static void other_stream_lines_keep_the_daemon_name(void)
{
	CASE_BEGIN("other_stream_lines_keep_the_daemon_name");
	open_log(false);
	xlog("eth0", "address %s added", "2001:db8::1");
	xlog(NULL, "stopped");
	CHECK(!strcmp(contents(), "xdp6d: eth0: address 2001:db8::1 added\nxdp6d: stopped\n"),
	      "got:\n%s", contents());
	CASE_END();
}

static void level_filters_less_urgent_lines(void)
{
	CASE_BEGIN("level_filters_less_urgent_lines");
	open_log(true);
	xlog_level = LOG_WARNING;
	xlog("eth0", "info line");
	xlog_dbg("eth0", "debug line");
	xlog("eth0", "Couldn't do it");
	xlog_prio(LOG_WARNING, NULL, "warned");
	CHECK(!strcmp(contents(), "<3>eth0: Couldn't do it\n<4>warned\n"), "got:\n%s",
	      contents());
	open_log(true);
	xlog_level = LOG_DEBUG;
	xlog_dbg("eth0", "debug line");
	CHECK(!strcmp(contents(), "<7>eth0: debug line\n"), "got:\n%s", contents());
	CASE_END();
}

static void parse_names_the_five_levels(void)
{
	int p = -1;

	CASE_BEGIN("parse_names_the_five_levels");
	CHECK(!xlog_level_parse("error", &p) && p == LOG_ERR, "error: %d", p);
	CHECK(!xlog_level_parse("debug", &p) && p == LOG_DEBUG, "debug: %d", p);
	CHECK(!xlog_level_parse("notice", &p) && p == LOG_NOTICE, "notice: %d", p);
	CHECK(xlog_level_parse("loud", &p) < 0 && xlog_level_parse("", &p) < 0, "bad accepted");
	CASE_END();
}

/* A flood: XLOG_BURST lines pass, the rest are counted; once lines may flow again the count is
 * said in one line. */
static void flood_is_cut_and_the_cut_is_said(void)
{
	const char *c, *p;
	int i, n = 0;

	CASE_BEGIN("flood_is_cut_and_the_cut_is_said");
	open_log(false);
	for (i = 0; i < 1000; i++)
		xlog("eth0", "claim %d", i);
	c = contents();
	for (p = c; (p = strchr(p, '\n')); p++)
		n++;
	CHECK(n >= XLOG_BURST && n <= XLOG_BURST + 5, "%d lines of 1000 passed", n);
	usleep(200 * 1000);	/* 4 tokens at XLOG_RATE 20/s */
	xlog("eth0", "after");
	c = contents();
	CHECK(strstr(c, "log lines suppressed (more than 20 a second)\nxdp6d: eth0: after\n"),
	      "no suppression line before 'after': ...%s", c + strlen(c) - 120);
	CASE_END();
}

int main(void)
{
	journal_lines_carry_priority_and_no_name();
	other_stream_lines_keep_the_daemon_name();
	level_filters_less_urgent_lines();
	parse_names_the_five_levels();
	flood_is_cut_and_the_cut_is_said();
	return check_exit();
}
