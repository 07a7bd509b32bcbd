/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * What the tests of the object commands share: running a command line
 * through ovx_run() in a child (capture.h), checking its exit code and
 * output, running tables of usage errors and of valid lines, and asking
 * jq whether JSON is valid.
 *
 * Valid command lines go on to open the libovx context, which fails
 * without the module: that is how the tests see that parsing succeeded.
 * Where the module is loaded they would change the system, so they are
 * skipped; run_init() finds out which case applies.
 */
#ifndef OVX_CLI_TEST_RUN_H
#define OVX_CLI_TEST_RUN_H

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ovx.h"
#include "ktap.h"
#include "capture.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define RUN_MAXWORDS 64

static const char no_module_msg[] =
	"ovx: the ovx kernel module is not loaded (generic netlink family \"ovx\" not found)\n";

/* Whether the ovx family exists here: decides what valid commands do. */
static int module_state;	/* 0 absent, 1 present, -1 unknown */

static inline void run_init(void)
{
	struct ovx_ctx *ctx = NULL;
	int err;

	err = ovx_open(&ctx);
	ovx_close(ctx);
	module_state = !err ? 1 : err == -EPROTONOSUPPORT ? 0 : -1;
}

struct run_args {
	char *argv[RUN_MAXWORDS];
};

static inline int run_child(void *arg)
{
	struct run_args *a = arg;
	int argc = 0;

	while (a->argv[argc])
		argc++;
	return ovx_run(argc, a->argv, ovx_cmds);
}

/* Splits @line at blanks into "ovx WORDS..." and runs it. */
static inline void run_line(struct captured *c, const char *input,
			    const char *line)
{
	struct run_args a = { .argv = { "ovx" } };
	char *copy = strdup(line), *save = NULL, *w;
	int i = 1;

	if (!copy)
		abort();
	for (w = strtok_r(copy, " ", &save); w && i < RUN_MAXWORDS - 1;
	     w = strtok_r(NULL, " ", &save))
		a.argv[i++] = w;
	a.argv[i] = NULL;
	capture(run_child, &a, input, c);
	free(copy);
}

static inline bool __attribute__((format(printf, 3, 4)))
check_run(const struct captured *c, bool ok, const char *fmt, ...)
{
	char desc[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(desc, sizeof(desc), fmt, ap);
	va_end(ap);
	if (ktap_check(ok, "%s", desc))
		return true;
	ktap_diag("exit status %d", c->status);
	ktap_diag("stdout: %s", c->out);
	ktap_diag("stderr: %s", c->err);
	return false;
}

struct usage_case {
	const char *line;
	const char *err;	/* the whole of stderr */
};

/* Each line must exit 255 with exactly @err on stderr, nothing on stdout. */
static inline void run_usage_cases(const struct usage_case *cases, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct captured c;

		run_line(&c, NULL, cases[i].line);
		check_run(&c, c.status == 255 && !*c.out &&
			  !strcmp(c.err, cases[i].err),
			  "\"%s\": 255, names the bad word", cases[i].line);
		captured_free(&c);
	}
}

/* Each line must parse, then stop at the missing module. */
static inline void run_valid_cases(const char *const *lines, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct captured c;

		if (module_state != 0) {
			ktap_skip(module_state > 0 ?
				  "the module is loaded: it would run" :
				  "no generic netlink here",
				  "\"%s\" parses and needs the module",
				  lines[i]);
			continue;
		}
		run_line(&c, NULL, lines[i]);
		check_run(&c, c.status == 1 && !*c.out &&
			  !strcmp(c.err, no_module_msg),
			  "\"%s\" parses and needs the module", lines[i]);
		captured_free(&c);
	}
}

/* "ovx OBJECT help" and "ovx help OBJECT" both print exactly @grammar. */
static inline void check_help(const char *object, const char *grammar)
{
	char line[64];
	struct captured c;

	snprintf(line, sizeof(line), "%s help", object);
	run_line(&c, NULL, line);
	check_run(&c, c.status == 0 && !strcmp(c.out, grammar) && !*c.err,
		  "ovx %s help prints the grammar to stdout", object);
	captured_free(&c);

	snprintf(line, sizeof(line), "help %s", object);
	run_line(&c, NULL, line);
	check_run(&c, c.status == 0 && !strcmp(c.out, grammar) && !*c.err,
		  "ovx help %s prints the same", object);
	captured_free(&c);
}

/* Returns "ok", "bad" or NULL when jq cannot be run. */
static inline const char *jq_verdict(const char *json, const char *filter)
{
	char path[] = "/tmp/ovx-cli-test-XXXXXX";
	size_t len = strlen(filter) + sizeof(path) + 64;
	char *cmd;
	FILE *fp;
	int fd, rc;

	if (system("command -v jq >/dev/null 2>&1") != 0)
		return NULL;
	fd = mkstemp(path);
	if (fd < 0)
		return NULL;
	fp = fdopen(fd, "w");
	if (!fp)
		abort();
	fputs(json, fp);
	fclose(fp);
	cmd = malloc(len);
	if (!cmd)
		abort();
	snprintf(cmd, len, "jq -e '%s' %s >/dev/null 2>&1", filter, path);
	rc = system(cmd);
	free(cmd);
	unlink(path);
	return rc == 0 ? "ok" : "bad";
}

/*
 * jq must parse @json and find @filter true (-e) on every value of it;
 * "." checks validity only.
 */
static inline void check_jq(const char *json, const char *filter,
			    const char *desc)
{
	const char *v = jq_verdict(json, filter);

	if (!v)
		ktap_skip("jq not installed", "jq: %s", desc);
	else
		ktap_check(!strcmp(v, "ok"), "jq: %s", desc);
}

/* Runs @fn in a child and compares its stdout with @want. */
static inline bool expect_output(int (*fn)(void *), void *arg,
				 const char *want, const char *desc)
{
	struct captured c;
	bool ok;

	capture(fn, arg, NULL, &c);
	ok = ktap_check(c.status == 0 && !strcmp(c.out, want) && !*c.err,
			"%s", desc);
	if (!ok) {
		ktap_diag("got:  %s", c.out);
		ktap_diag("want: %s", want);
		ktap_diag("stderr: %s", c.err);
	}
	captured_free(&c);
	return ok;
}

/* Splits @line at blanks into @argv (at most RUN_MAXWORDS - 1 words). */
static inline int split_words(char *line, char **argv)
{
	char *save = NULL, *w;
	int argc = 0;

	for (w = strtok_r(line, " ", &save); w && argc < RUN_MAXWORDS - 1;
	     w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	argv[argc] = NULL;
	return argc;
}

/*
 * Splits a copy of @line into @argv, for calling a parser directly; the
 * words point into *@copyp, which the caller frees when done with them.
 */
static inline int split_line(const char *line, char **argv, char **copyp)
{
	*copyp = strdup(line);
	if (!*copyp)
		abort();
	return split_words(*copyp, argv);
}

#endif /* OVX_CLI_TEST_RUN_H */
