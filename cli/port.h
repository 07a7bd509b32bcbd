/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * The parts of the "port" object that the unit tests and the monitor
 * reach directly: its argument parser, its printer and the table that
 * names switches by interface index.
 */
#ifndef OVX_CLI_PORT_H
#define OVX_CLI_PORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ovx/ovx.h>

struct ovx_cli;

/*
 * The words of a port command: "dev IFNAME" and "net NAME", and for add
 * the guest's "mac MAC", "ip ADDR"... and "name NAME".
 */
struct port_args {
	const char *dev;	/* NULL when not given */
	const char *net;	/* NULL when not given */
	bool has_mac;
	uint8_t mac[6];
	size_t n_ips;
	struct ovx_addr ips[OVX_PORT_IPS_MAX];
	const char *name;	/* NULL when not given */
	bool standby;
	bool has_seq;
	uint32_t seq;
};

enum port_verb {
	PORT_ADD,		/* dev IFNAME net NAME, both required,
				 * [mac MAC] [ip ADDR]... [name NAME]
				 * [standby] [seq N] */
	PORT_DEL,		/* dev IFNAME, required */
	PORT_SHOW,		/* [net NAME | dev IFNAME] */
};

/*
 * Parses the words after "port add", "port del" or "port show" into @a
 * (pointing into @argv).  Returns OVX_EXIT_OK, or OVX_EXIT_USAGE after
 * printing one line that names the bad word.
 */
int port_parse(int argc, char **argv, enum port_verb verb,
	       struct port_args *a);

/* The names of the switches of the namespace, by interface index. */
struct switch_names {
	struct ovx_switch *sw;
	size_t n;
};

/* Fills @names with a switch dump; returns 0 or a negative errno value. */
int switch_names_load(struct ovx_ctx *ctx, struct switch_names *names);
/*
 * The name of switch @ifindex, or "if<ifindex>" (as iproute2 names
 * devices it cannot find) in @buf (OVX_IFNAMSIZ bytes at least).
 */
const char *switch_names_find(const struct switch_names *names, int ifindex,
			      char *buf, size_t len);
void switch_names_free(struct switch_names *names);

/*
 * Prints one port, as text (one line, and one more with -s) or JSON (one
 * object); @switch_name names its switch.
 */
void print_port(const struct ovx_cli *cli, const struct ovx_port *port,
		const char *switch_name);
/*
 * The members of a port, without the object around them nor the end of
 * the line: for print_port() and the monitor.  With @event (the
 * monitor), the text stops after the VNI; JSON has every member either
 * way.
 */
void print_port_members(const struct ovx_cli *cli,
			const struct ovx_port *port, const char *switch_name,
			bool event);

#endif /* OVX_CLI_PORT_H */
