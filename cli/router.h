/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * The parts of the "router" and "route" objects that the unit tests
 * reach directly: their argument parsers and their printers.
 */
#ifndef OVX_CLI_ROUTER_H
#define OVX_CLI_ROUTER_H

#include <stdbool.h>
#include <stdint.h>

#include <ovx/ovx.h>

struct ovx_cli;

enum router_verb {
	ROUTER_ADD,	/* NAME [switch SW] [mac MAC] */
	ROUTER_DEL,	/* NAME */
	ROUTER_SHOW,	/* [NAME] */
	ROUTER_ATTACH,	/* NAME net NET ip ADDR/LEN [ip ADDR/LEN]... */
	ROUTER_DETACH,	/* NAME net NET */
};

/* The words of a router command. */
struct router_args {
	const char *name;	/* NULL when not given (show) */
	const char *sw;		/* NULL when not given */
	bool has_mac;
	uint8_t mac[6];
	const char *net;	/* NULL when not given */
	size_t n_addrs;
	struct ovx_prefix addrs[OVX_ROUTER_IF_ADDRS_MAX];
};

/*
 * Parses the words after "router VERB" into @a (pointing into @argv).
 * Returns OVX_EXIT_OK, or OVX_EXIT_USAGE after printing one line that
 * names the bad word.
 */
int router_parse(int argc, char **argv, enum router_verb verb,
		 struct router_args *a);

/*
 * Prints one router, as text (a line, a line per interface, with -s the
 * counters and the drops) or JSON (one object; "stats" with -s holds the
 * six counters and the drop reasons).
 */
void print_router(const struct ovx_cli *cli, const struct ovx_router *r);

enum route_verb {
	ROUTE_ADD,	/* PREFIX [via ADDR] router NAME */
	ROUTE_DEL,	/* PREFIX router NAME */
	ROUTE_SHOW,	/* [router NAME] */
};

/* The words of a route command. */
struct route_args {
	bool has_prefix;
	struct ovx_prefix prefix;	/* "default" resolved by the via */
	struct ovx_addr via;		/* AF_UNSPEC when not given */
	const char *router;		/* NULL when not given */
};

/* As router_parse(), for "route VERB". */
int route_parse(int argc, char **argv, enum route_verb verb,
		struct route_args *a);

/* Prints one static route, as text (one line) or JSON (one object). */
void print_route(const struct ovx_route *rt);

#endif /* OVX_CLI_ROUTER_H */
