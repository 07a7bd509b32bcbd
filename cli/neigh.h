/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * The parts of the "neigh" object that the unit tests and the monitor
 * reach directly: its argument parser and its printer.
 */
#ifndef OVX_CLI_NEIGH_H
#define OVX_CLI_NEIGH_H

#include <stdbool.h>
#include <stdint.h>

#include <ovx/ovx.h>

struct ovx_cli;

enum neigh_verb {
	NEIGH_ADD,	/* ADDR lladdr MAC net NAME (dev IFNAME | peer ADDR) */
	NEIGH_DEL,	/* ADDR net NAME */
	NEIGH_SHOW,	/* [net NAME] [dev IFNAME | peer ADDR] [static | learned] */
};

/* The words of a neigh command. */
struct neigh_args {
	bool has_addr;
	struct ovx_addr addr;	/* the bound address, first for add and del */
	bool has_lladdr;
	uint8_t lladdr[6];
	const char *net;	/* NULL when not given */
	const char *dev;	/* NULL when not given */
	const char *name;	/* the guest's DNS name; NULL when not given */
	struct ovx_addr peer;	/* AF_UNSPEC when not given */
	enum ovx_neigh_kind kind;	/* static or learned for show */
};

/*
 * Parses the words after "neigh add", "neigh del" or "neigh show" into
 * @a (pointing into @argv).  Returns OVX_EXIT_OK, or OVX_EXIT_USAGE after
 * printing one line that names the bad word.
 */
int neigh_parse(int argc, char **argv, enum neigh_verb verb,
		struct neigh_args *a);

/* Prints one binding, as text (one line) or JSON (one object). */
void print_neigh(const struct ovx_neigh *n);
/*
 * The members of a binding, without the object around them nor the end
 * of the line: for print_neigh() and the monitor.  With @event (the
 * monitor), the text stops after the destination; JSON has every member
 * either way ("age" for learnt bindings only).  With @miss (a miss
 * event, which has no binding), only the address, the network and the
 * destination, if any, are printed.
 */
void print_neigh_members(const struct ovx_neigh *n, bool event, bool miss);

#endif /* OVX_CLI_NEIGH_H */
