/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * The parts of the "fdb" object that the unit tests and the monitor reach
 * directly: its argument parser and its printer.
 */
#ifndef OVX_CLI_FDB_H
#define OVX_CLI_FDB_H

#include <stdbool.h>
#include <stdint.h>

#include <ovx/ovx.h>

struct ovx_cli;

enum fdb_verb {
	FDB_ADD,	/* MAC net NAME (dev IFNAME | peer ADDR) [seq N] */
	FDB_DEL,	/* MAC net NAME */
	FDB_SHOW,	/* [net NAME] [dev IFNAME | peer ADDR] [static | learned] */
	FDB_FLUSH,	/* [net NAME] [dev IFNAME | peer ADDR] [learned] */
	FDB_GET,	/* MAC net NAME */
};

/* The words of an fdb command. */
struct fdb_args {
	bool has_mac;
	uint8_t mac[6];
	const char *net;	/* NULL when not given */
	const char *dev;	/* NULL when not given */
	struct ovx_addr peer;	/* AF_UNSPEC when not given */
	enum ovx_fdb_kind kind;	/* static or learned for show, learned for flush */
	bool has_seq;		/* add: the address's move sequence */
	uint32_t seq;
};

/*
 * Parses the words after "fdb add", "fdb del", "fdb show" or "fdb flush"
 * into @a (pointing into @argv).  Returns OVX_EXIT_OK, or OVX_EXIT_USAGE
 * after printing one line that names the bad word.
 */
int fdb_parse(int argc, char **argv, enum fdb_verb verb,
	      struct fdb_args *a);

/* Prints one entry, as text (one line) or JSON (one object). */
void print_fdb(const struct ovx_cli *cli, const struct ovx_fdb_entry *e);
/*
 * The members of an entry, without the object around them nor the end of
 * the line: for print_fdb() and the monitor.  With @event (the monitor),
 * the text stops after the destination; JSON has every member either way.
 */
void print_fdb_members(const struct ovx_fdb_entry *e, bool event);

#endif /* OVX_CLI_FDB_H */
