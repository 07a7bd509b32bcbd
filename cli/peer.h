/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * The parts of the "peer" object that the unit tests reach directly: its
 * argument parser and its printer, neither of which needs the kernel.
 */
#ifndef OVX_CLI_PEER_H
#define OVX_CLI_PEER_H

#include <stddef.h>

#include <ovx/ovx.h>

struct ovx_cli;

enum peer_verb {
	PEER_ADD,	/* ADDR [switch SW] [net NAME]... */
	PEER_DEL,	/* ADDR [switch SW] [net NAME]... */
	PEER_SHOW,	/* [ADDR] [switch SW] */
};

/* The words of a peer command. */
struct peer_args {
	struct ovx_addr addr;	/* AF_UNSPEC for show without ADDR */
	const char *sw;		/* NULL when not given */
	const char **nets;	/* the NAMEs of "net", in order; allocated */
	size_t n_nets;
};

/*
 * Parses the words after "peer add", "peer del" or "peer show" into @a,
 * whose strings point into @argv.  Returns OVX_EXIT_OK, or OVX_EXIT_USAGE
 * after printing one line that names the bad word (or OVX_EXIT_ERR when
 * out of memory).  Free @a with peer_args_free() after success; after a
 * failure it holds no memory.
 */
int peer_parse(int argc, char **argv, enum peer_verb verb,
	       struct peer_args *a);
void peer_args_free(struct peer_args *a);

/*
 * Prints one peer, as text (one line, and one more with -s) or JSON (one
 * object).
 */
void print_peer(const struct ovx_cli *cli, const struct ovx_peer *peer);

#endif /* OVX_CLI_PEER_H */
