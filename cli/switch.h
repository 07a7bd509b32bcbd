/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * The parts of the "switch" object that the unit tests reach directly:
 * its argument parser and its printer, neither of which needs the kernel.
 */
#ifndef OVX_CLI_SWITCH_H
#define OVX_CLI_SWITCH_H

#include <ovx/ovx.h>

struct ovx_cli;

/*
 * Parses "NAME local ADDR [dstport PORT] ..." (the words after "switch
 * add") into @cfg, whose name points into @argv.  Returns OVX_EXIT_OK, or
 * OVX_EXIT_USAGE after printing one line that names the bad word.
 */
int switch_parse_add(int argc, char **argv, struct ovx_switch_config *cfg);

/*
 * Prints one switch, as text or JSON (see json_print.h), with -s its
 * counters and drops.
 */
void print_switch(const struct ovx_cli *cli, const struct ovx_switch *sw);

#endif /* OVX_CLI_SWITCH_H */
