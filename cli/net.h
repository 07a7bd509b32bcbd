/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * The parts of the "net" object that the unit tests reach directly: its
 * argument parser and its printer, neither of which needs the kernel.
 */
#ifndef OVX_CLI_NET_H
#define OVX_CLI_NET_H

#include <stdbool.h>

#include <ovx/ovx.h>

struct ovx_cli;

/*
 * Parses "NAME vni VNI [switch SW] [learning on|off] [ageing SECONDS]
 * [fdb-max N]" (the words after "net add", @add) or "NAME [learning
 * on|off] [ageing SECONDS] [fdb-max N]" (after "net set") into @cfg,
 * whose strings point into @argv.  Returns OVX_EXIT_OK, or
 * OVX_EXIT_USAGE after printing one line that names the bad word.
 */
int net_parse(int argc, char **argv, bool add, struct ovx_net_config *cfg);

/* Prints one network, as text or JSON (see json_print.h), with -s stats. */
void print_net(const struct ovx_cli *cli, const struct ovx_net *net);

#endif /* OVX_CLI_NET_H */
