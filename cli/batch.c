// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Batch mode: split lines into words and run them as commands.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "ovx.h"

/* The most words one batch command may have. */
#define BATCH_MAXARGS 256

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	       c == '\v' || c == '\f';
}

/*
 * Words are copied down over the line as they are unquoted: the write
 * position never passes the read position, since every character written
 * consumes at least one read, and a word's NUL takes the place of the
 * blank (or the '#') that ended it.
 */
int makeargs(char *line, char **argv, int maxargs)
{
	char *r = line, *w = line;
	int argc = 0;

	for (;;) {
		char end;

		while (is_blank(*r))
			r++;
		if (!*r || *r == '#')
			break;
		if (argc >= maxargs - 1)
			return -E2BIG;
		argv[argc++] = w;

		while (*r && !is_blank(*r) && *r != '#') {
			if (*r == '\\') {
				if (!r[1])
					return -EAGAIN;
				*w++ = r[1];
				r += 2;
			} else if (*r == '\'') {
				for (r++; *r && *r != '\''; )
					*w++ = *r++;
				if (!*r)
					return -EINVAL;
				r++;
			} else if (*r == '"') {
				for (r++; *r && *r != '"'; ) {
					if (*r == '\\' &&
					    (r[1] == '"' || r[1] == '\\'))
						r++;
					*w++ = *r++;
				}
				if (!*r)
					return -EINVAL;
				r++;
			} else {
				*w++ = *r++;
			}
		}
		end = *r;
		*w++ = '\0';
		if (end == '\0' || end == '#')
			break;
		r++;
	}
	argv[argc] = NULL;
	return argc;
}

static const char *makeargs_error(int err)
{
	switch (err) {
	case -EINVAL:
		return "unterminated quote";
	case -E2BIG:
		return "too many arguments";
	case -EAGAIN:
		return "the file ends after a line continuation";
	default:
		return strerror(-err);
	}
}

int do_batch(struct ovx_cli *cli, const char *name)
{
	char *line = NULL, *cmd = NULL, *words = NULL;
	size_t line_cap = 0, cmd_len = 0;
	int lineno = 0, first = 0, ret = OVX_EXIT_OK;
	bool is_stdin = !strcmp(name, "-");
	bool continued = false;	/* the last line ended with a backslash */
	FILE *fp;

	fp = is_stdin ? stdin : fopen(name, "r");
	if (!fp) {
		fprintf(stderr, "Cannot open file \"%s\" for reading: %s\n",
			name, strerror(errno));
		return OVX_EXIT_ERR;
	}

	for (;;) {
		char *argv[BATCH_MAXARGS];
		ssize_t n = getline(&line, &line_cap, fp);
		int argc, err = OVX_EXIT_OK;
		char *grown;

		if (n < 0) {
			if (ferror(fp)) {
				fprintf(stderr, "Error: cannot read \"%s\": %s\n",
					name, strerror(errno));
				ret = OVX_EXIT_ERR;
			} else if (continued) {
				/* A continuation with nothing after it. */
				fprintf(stderr, "Error: %s\n",
					makeargs_error(-EAGAIN));
				fprintf(stderr, "Command failed %s:%d\n",
					name, first);
				ret = OVX_EXIT_ERR;
			}
			break;
		}
		lineno++;
		if (!continued)
			first = lineno;
		continued = false;
		if (memchr(line, '\0', (size_t)n)) {
			fprintf(stderr, "Error: line %d contains a NUL byte\n",
				lineno);
			err = OVX_EXIT_USAGE;
			goto failed;
		}
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';

		/* Join continued lines; makeargs() works on a copy. */
		grown = realloc(cmd, cmd_len + (size_t)n + 1);
		if (!grown)
			goto nomem;
		cmd = grown;
		memcpy(cmd + cmd_len, line, (size_t)n + 1);
		cmd_len += (size_t)n;
		free(words);
		words = strdup(cmd);
		if (!words)
			goto nomem;

		argc = makeargs(words, argv, BATCH_MAXARGS);
		if (argc == -EAGAIN) {
			/* Drop the backslash; the next line continues. */
			cmd[--cmd_len] = '\0';
			continued = true;
			continue;
		}
		cmd_len = 0;
		if (argc < 0) {
			fprintf(stderr, "Error: %s\n", makeargs_error(argc));
			err = OVX_EXIT_USAGE;
		} else if (argc > 0) {
			err = do_cmd(cli, argc, argv);
			fflush(stdout);
		}
failed:
		if (err != OVX_EXIT_OK) {
			cmd_len = 0;
			continued = false;
			fprintf(stderr, "Command failed %s:%d\n", name, first);
			ret = OVX_EXIT_ERR;
			if (!cli->force)
				break;
		}
	}
out:
	free(line);
	free(cmd);
	free(words);
	if (!is_stdin)
		fclose(fp);
	return ret;
nomem:
	fprintf(stderr, "Error: %s\n", strerror(ENOMEM));
	ret = OVX_EXIT_ERR;
	goto out;
}
