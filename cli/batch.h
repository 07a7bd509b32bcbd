/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Batch mode: commands read from a file or standard input.
 */
#ifndef OVX_CLI_BATCH_H
#define OVX_CLI_BATCH_H

struct ovx_cli;

/*
 * makeargs() - split a command line into words, in place
 * @line: the line; modified, and @argv points into it
 * @argv: room for @maxargs pointers; ends with NULL
 * @maxargs: at most @maxargs - 1 words
 *
 * Words are separated by blanks.  A '#' outside quotes starts a comment
 * that runs to the end of the line.  Outside quotes a backslash takes the
 * next character literally.  '...' keeps everything literally; "..."
 * keeps everything but \" and \\, which stand for " and \.  Quoted and
 * unquoted parts next to each other form one word; "" is an empty word.
 *
 * Return: the number of words (0 for a blank or comment line);
 * -EINVAL for an unterminated quote; -E2BIG for too many words; -EAGAIN
 * when the line ends with a backslash outside quotes, which continues the
 * command on the next line.
 */
int makeargs(char *line, char **argv, int maxargs);

/*
 * do_batch() - run the commands of a file ("-" is standard input)
 *
 * Runs each line with do_cmd() on the same context.  A failing line
 * prints "Command failed FILE:LINE" and stops the batch unless -force.
 * Return: OVX_EXIT_OK when all lines succeeded, else OVX_EXIT_ERR.
 */
int do_batch(struct ovx_cli *cli, const char *name);

#endif /* OVX_CLI_BATCH_H */
