/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * What the object commands of the ovx tool share: the global options, the
 * lazily opened libovx context, the object table and error reporting.
 *
 * Adding an object "fdb":
 *  - cli/fdb.c defines
 *	int do_fdb(struct ovx_cli *cli, int argc, char **argv);
int do_neigh(struct ovx_cli *cli, int argc, char **argv);
 *    argv[0] is the word after "fdb" (argc may be 0: then show).  It
 *    dispatches the verbs with strcmp() (explicit aliases: del|delete,
 *    show|list), prints its grammar for "help" with
 *    print_object_usage(stdout, "fdb") and rejects other verbs with
 *    unknown_cmd("fdb", *argv).  It returns an OVX_EXIT_* code.
 *  - Declare do_fdb below, register { "fdb", do_fdb } in ovx_cmds[]
 *    (cli/ovx.c) and add fdb.o to OBJS in cli/Makefile.  The grammar
 *    lines are already in ovx_grammar[] (cli/ovx.c), shared by "ovx help"
 *    and "ovx fdb help"; change them there when the syntax changes.
 *  - Parse all arguments before touching the kernel, so that usage
 *    errors never need the module; then get the context with cli_ctx()
 *    and report failures with cli_error().  A warning that the kernel
 *    attaches to a request that succeeded is do_cmd()'s to print.
 *  - Filters of show/flush go into a struct local to the command (e.g.
 *    struct fdb_filter { uint32_t net_id; bool has_net; ... }), passed to
 *    the dump callback with the cli; no static globals, so batch lines
 *    cannot leak state into each other.
 *  - One print_fdb() prints an entry with the PRINT_ANY helpers of
 *    json_print.h between open_json_object(NULL) and close_json_object(),
 *    and show wraps the dump in new_json_obj(cli->json) and
 *    delete_json_obj().
 */
#ifndef OVX_CLI_OVX_H
#define OVX_CLI_OVX_H

#include <stdbool.h>
#include <stdio.h>

#include <ovx/ovx.h>

#include "json_print.h"
#include "utils.h"

struct ovx_cmd;

/* The state of one run of the tool; shared by all lines of a batch. */
struct ovx_cli {
	int json;		/* -j */
	int pretty;		/* -p */
	int stats;		/* -s, once per -s given */
	int details;		/* -d, once per -d given */
	bool force;		/* -force: a batch goes on after a failure */
	const char *netns;	/* -n NAME, already entered */
	const char *batch;	/* -b FILE */
	char *status;		/* ovxd's, during "net show -s"; or NULL */
	const struct ovx_cmd *cmds;	/* the objects do_cmd() knows */
	struct ovx_ctx *ctx;	/* use cli_ctx() */
	bool ctx_used;		/* cli_ctx() was called by this command */
};

struct ovx_cmd {
	const char *name;
	/* argv[0] is the first word after the object; returns OVX_EXIT_*. */
	int (*func)(struct ovx_cli *cli, int argc, char **argv);
};

/* The object table of the tool, ending with { NULL, NULL }. */
extern const struct ovx_cmd ovx_cmds[];

/* The grammar of the objects, in help order, ending with { NULL, NULL }. */
struct ovx_grammar {
	const char *object;
	const char *const *lines;	/* NULL-terminated */
};
extern const struct ovx_grammar ovx_grammar[];

/* main(): parses the global options, then runs one command or a batch. */
int ovx_main(int argc, char **argv);
/* ovx_main() with another object table: lets tests add fake objects. */
int ovx_run(int argc, char **argv, const struct ovx_cmd *cmds);

/*
 * Runs "OBJECT ARGS..." (argv[0] is the object); returns OVX_EXIT_*.
 * When the command succeeded and used the context, it prints
 * "Warning: <message>" if the kernel attached one to the last request,
 * as iproute2 does: for every command, so that none can forget it.
 */
int do_cmd(struct ovx_cli *cli, int argc, char **argv);
int do_help(struct ovx_cli *cli, int argc, char **argv);

/*
 * Prints "Usage: ovx LINE" and "       ovx LINE" for the grammar lines of
 * @object.  Returns 0, or -1 when @object has no grammar.
 */
int print_object_usage(FILE *fp, const char *object);

/*
 * The libovx context, opened on first use so that help and usage errors
 * never need the kernel module.  On failure it prints one line (for a
 * missing module: 'ovx: the ovx kernel module is not loaded (generic
 * netlink family "ovx" not found)') and returns NULL: the caller then
 * returns OVX_EXIT_ERR.
 */
struct ovx_ctx *cli_ctx(struct ovx_cli *cli);

/*
 * Reports a failed request: "Error: <kernel message>" when the kernel
 * explained, else "Error: <what>: <strerror>" (or without "<what>: " when
 * @what is NULL).  -EPROTONOSUPPORT, which libovx returns only when the
 * module is missing, prints the same line as cli_ctx() does then.
 * Returns OVX_EXIT_ERR.
 */
int cli_error(struct ovx_cli *cli, int err, const char *what);

/*
 * The interface index of device @name, with the context already open:
 * OVX_EXIT_OK, or OVX_EXIT_ERR after 'Error: cannot find device "NAME":
 * <strerror>' (or the kernel's message).
 */
int cli_ifindex(struct ovx_cli *cli, const char *name, int *ifindex);

/*
 * The switch of a command that names none, with the context already open:
 * the only one of the namespace.  OVX_EXIT_OK and its interface index in
 * @ifindex, or OVX_EXIT_ERR after "Error: no switch in this namespace,
 * create one with 'ovx switch add'", "Error: several switches: say which
 * with 'switch NAME'" or the error of listing them.
 */
int cli_only_switch(struct ovx_cli *cli, int *ifindex);

/*
 * The counters of a switch, network, port or peer: a "stats" object in JSON;
 * in text, "    RX: packets N bytes N dropped N  TX: ..." on the current
 * line (the caller ends the line before and after).
 */
void print_stats(const struct ovx_stats *st);
/*
 * print_stats() without the "stats" object around it: for an object
 * whose stats carry more counters than the device's (a network's).
 */
void print_stats_members(const struct ovx_stats *st);

/* Objects: declare each do_<object>() here. */
int do_switch(struct ovx_cli *cli, int argc, char **argv);
int do_net(struct ovx_cli *cli, int argc, char **argv);
int do_port(struct ovx_cli *cli, int argc, char **argv);
int do_peer(struct ovx_cli *cli, int argc, char **argv);
int do_fdb(struct ovx_cli *cli, int argc, char **argv);
int do_neigh(struct ovx_cli *cli, int argc, char **argv);
int do_router(struct ovx_cli *cli, int argc, char **argv);
int do_route(struct ovx_cli *cli, int argc, char **argv);
int do_monitor(struct ovx_cli *cli, int argc, char **argv);
int do_service(struct ovx_cli *cli, int argc, char **argv);
int do_topology(struct ovx_cli *cli, int argc, char **argv);
/*
 * The packet channel's counters (service.c): a JSON object "service_stats",
 * beside "stats" (whose members are all numbers).
 */
void print_service_stats(const struct ovx_service_stats *st);
/* ovxd's status text (free() it), or NULL when no ovxd runs here. */
char *service_status(void);
/* What ovxd and the kernel did for @net's guests, from service_status(). */
void print_service_summary(const char *status, const struct ovx_net *net);

#endif /* OVX_CLI_OVX_H */
