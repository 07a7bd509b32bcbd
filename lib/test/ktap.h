/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * A minimal KTAP producer for the unit tests of lib/ and cli/.
 *
 *	ktap_init();
 *	ktap_check(parse(x) == 0, "parse accepts %s", x);
 *	ktap_skip("no netlink", "request works");
 *	return ktap_finish();
 *
 * Results are collected in memory and printed by ktap_finish(), header and
 * plan first, so the plan is exact and a test may capture stdout while it
 * runs.  Diagnostics for humans go to stderr at once.  Descriptions are
 * kept on one line and '#' is escaped, so nothing but a result can start
 * with "ok " or "not ok ".
 */
#ifndef OVX_TEST_KTAP_H
#define OVX_TEST_KTAP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static FILE *ktap_out;
static char *ktap_buf;
static size_t ktap_len;
static int ktap_count;
static int ktap_failed;

static inline void ktap_init(void)
{
	ktap_out = open_memstream(&ktap_buf, &ktap_len);
	if (!ktap_out) {
		perror("open_memstream");
		exit(1);
	}
}

static inline void __attribute__((format(printf, 3, 0)))
ktap_vresult(const char *result, const char *directive, const char *fmt,
	     va_list ap)
{
	char desc[512];
	const char *p;

	vsnprintf(desc, sizeof(desc), fmt, ap);
	fprintf(ktap_out, "%s %d ", result, ++ktap_count);
	for (p = desc; *p; p++) {
		if (*p == '\n' || *p == '\r' || *p == '\t')
			fputc(' ', ktap_out);
		else if (*p == '#')
			fputs("\\#", ktap_out);
		else
			fputc(*p, ktap_out);
	}
	if (directive)
		fprintf(ktap_out, " # %s", directive);
	fputc('\n', ktap_out);
}

/* Records one result; returns @ok so that callers can add diagnostics. */
static inline bool __attribute__((format(printf, 2, 3)))
ktap_check(bool ok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ktap_vresult(ok ? "ok" : "not ok", NULL, fmt, ap);
	va_end(ap);
	if (!ok)
		ktap_failed++;
	return ok;
}

/* Records a skipped test; @reason must not contain a newline. */
static inline void __attribute__((format(printf, 2, 3)))
ktap_skip(const char *reason, const char *fmt, ...)
{
	char directive[256];
	va_list ap;

	snprintf(directive, sizeof(directive), "SKIP %s", reason);
	va_start(ap, fmt);
	ktap_vresult("ok", directive, fmt, ap);
	va_end(ap);
}

/* A diagnostic, kept in order with the results; each line gets "# ". */
static inline void __attribute__((format(printf, 1, 2)))
ktap_diag(const char *fmt, ...)
{
	char text[1024];
	char *p;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	p = text + strlen(text);
	while (p > text && p[-1] == '\n')
		*--p = '\0';
	fputs("# ", ktap_out);
	for (p = text; *p; p++) {
		fputc(*p, ktap_out);
		if (*p == '\n' && p[1])
			fputs("# ", ktap_out);
	}
	fputc('\n', ktap_out);
}

/* Prints the header, the plan and the results; returns the exit code. */
static inline int ktap_finish(void)
{
	fclose(ktap_out);
	fflush(stdout);
	printf("TAP version 13\n1..%d\n", ktap_count);
	fwrite(ktap_buf, 1, ktap_len, stdout);
	if (ktap_failed)
		printf("# %d of %d tests failed\n", ktap_failed, ktap_count);
	fflush(stdout);
	free(ktap_buf);
	return ktap_failed ? 1 : 0;
}

#endif /* OVX_TEST_KTAP_H */
