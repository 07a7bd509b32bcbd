/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Runs a piece of the tool in a child process with its standard input
 * taken from a string and its standard output and error captured, so a
 * test can compare exact output and exit codes.  A child of its own means
 * that exit() paths, global state and stdin at EOF stay contained, and
 * that LeakSanitizer checks each run at the child's exit (a leak shows as
 * exit status 23 and its report in the captured stderr).
 */
#ifndef OVX_CLI_TEST_CAPTURE_H
#define OVX_CLI_TEST_CAPTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct captured {
	int status;	/* exit code, or 128 + signal */
	char *out;
	char *err;
};

static inline char *slurp(FILE *fp)
{
	long len;
	char *s;

	fflush(fp);
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	rewind(fp);
	s = calloc(1, (size_t)len + 1);
	if (!s || fread(s, 1, (size_t)len, fp) != (size_t)len)
		abort();
	fclose(fp);
	return s;
}

static inline void capture(int (*fn)(void *), void *arg, const char *input,
			   struct captured *c)
{
	FILE *in = tmpfile(), *out = tmpfile(), *err = tmpfile();
	int status;
	pid_t pid;

	if (!in || !out || !err)
		abort();
	if (input)
		fputs(input, in);
	fflush(in);
	rewind(in);
	fflush(NULL);

	pid = fork();
	if (pid < 0)
		abort();
	if (pid == 0) {
		dup2(fileno(in), 0);
		dup2(fileno(out), 1);
		dup2(fileno(err), 2);
		exit(fn(arg));
	}
	if (waitpid(pid, &status, 0) < 0)
		abort();
	c->status = WIFEXITED(status) ? WEXITSTATUS(status) :
					128 + WTERMSIG(status);
	fclose(in);
	c->out = slurp(out);
	c->err = slurp(err);
}

static inline void captured_free(struct captured *c)
{
	free(c->out);
	free(c->err);
}

#endif /* OVX_CLI_TEST_CAPTURE_H */
