/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * The parts of "ovx monitor" that the unit tests reach directly: its
 * argument parser and the printer of one event.
 */
#ifndef OVX_CLI_MONITOR_H
#define OVX_CLI_MONITOR_H

#include <ovx/ovx.h>

struct ovx_cli;

/* Which events "ovx monitor" prints. */
enum monitor_what {
	MONITOR_FDB = 1 << 0,
	MONITOR_PORT = 1 << 1,
	MONITOR_NEIGH = 1 << 2,
	MONITOR_ALL = MONITOR_FDB | MONITOR_PORT | MONITOR_NEIGH,
};

/*
 * Parses the words after "monitor" ([fdb | port | neigh | all], not
 * "help") into
 * @what.  Returns OVX_EXIT_OK, or OVX_EXIT_USAGE after printing one line
 * that names the bad word.
 */
int monitor_parse(int argc, char **argv, unsigned int *what);

/*
 * Prints one event: a line of text ("fdb learned MAC net NAME vni N dev
 * IFNAME", "port added dev IFNAME net NAME vni N", "neigh learned ADDR
 * lladdr MAC net NAME vni N peer ADDR", "neigh miss ADDR net NAME vni
 * N"), or one JSON object on a line of its own with an "event" member
 * ("fdb_learned", "port_added", "neigh_miss"...) and the members of the
 * entry, port or binding; then flushes.
 * @switch_name names the switch of a port.
 */
void print_event(const struct ovx_cli *cli, const struct ovx_event *ev,
		 const char *switch_name);

#endif /* OVX_CLI_MONITOR_H */
