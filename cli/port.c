// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * ovx port: attach devices to networks, detach them, and show them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovx.h"
#include "port.h"

#define OBJ "port"

#define BAD_IFNAME "not an interface name (1-15 characters, no '/', ':' or blank)"
#define BAD_NET_NAME "not a network name (1-31 letters, digits, '-', '_' or '.')"
#define BAD_PORT_NAME "not a port name (1-31 printable characters, no blank)"

/* A port's name: 1 to 31 printable ASCII characters, no blank. */
static int check_port_name(const char *s)
{
	size_t n = strlen(s), i;

	if (!n || n >= OVX_NET_NAMSIZ)
		return -1;
	for (i = 0; i < n; i++)
		if (s[i] <= ' ' || s[i] > '~')
			return -1;
	return 0;
}

/* "mac MAC", "ip ADDR" or "name NAME" of port add, at *argv. */
static int parse_guest(int argc, char **argv, struct port_args *a,
		       int *used)
{
	struct ovx_addr addr;
	size_t i;

	*used = 2;
	if (!strcmp(*argv, "standby")) {
		if (a->standby)
			return duparg("standby", *argv);
		a->standby = true;
		*used = 1;
	} else if (!strcmp(*argv, "seq")) {
		NEXT_ARG();
		if (a->has_seq)
			return duparg("seq", *argv);
		if (parse_u32(*argv, OVX_MOVE_SEQ_MAX, &a->seq))
			return invarg("a move sequence is 0 to 65535", *argv);
		a->has_seq = true;
	} else if (!strcmp(*argv, "mac")) {
		NEXT_ARG();
		if (a->has_mac)
			return duparg("mac", *argv);
		if (parse_mac(*argv, a->mac))
			return invarg("not a MAC address (xx:xx:xx:xx:xx:xx)",
				      *argv);
		a->has_mac = true;
	} else if (!strcmp(*argv, "ip")) {
		NEXT_ARG();
		if (parse_addr(*argv, &addr))
			return invarg("not an IPv4 or IPv6 address", *argv);
		for (i = 0; i < a->n_ips; i++)
			if (a->ips[i].family == addr.family &&
			    !memcmp(&a->ips[i].u, &addr.u, sizeof(addr.u)))
				return duparg("ip", *argv);
		if (a->n_ips == OVX_PORT_IPS_MAX)
			return invarg("a port takes at most 16 addresses",
				      *argv);
		a->ips[a->n_ips++] = addr;
	} else {
		NEXT_ARG();
		if (a->name)
			return duparg("name", *argv);
		if (check_port_name(*argv))
			return invarg(BAD_PORT_NAME, *argv);
		a->name = *argv;
	}
	return OVX_EXIT_OK;
}

static bool is_guest_key(const char *w)
{
	return !strcmp(w, "mac") || !strcmp(w, "ip") || !strcmp(w, "name") ||
	       !strcmp(w, "standby") || !strcmp(w, "seq");
}

int port_parse(int argc, char **argv, enum port_verb verb,
	       struct port_args *a)
{
	int ret, used;

	memset(a, 0, sizeof(*a));
	while (argc > 0) {
		if (verb == PORT_ADD && is_guest_key(*argv)) {
			ret = parse_guest(argc, argv, a, &used);
			if (ret)
				return ret;
			argc -= used, argv += used;
			continue;
		}
		if (!strcmp(*argv, "dev")) {
			if (verb == PORT_SHOW && a->net)
				return conflict("dev", "net");
			NEXT_ARG();
			if (a->dev)
				return duparg("dev", *argv);
			if (check_ifname(*argv))
				return invarg(BAD_IFNAME, *argv);
			a->dev = *argv;
		} else if (!strcmp(*argv, "net") && verb != PORT_DEL) {
			if (verb == PORT_SHOW && a->dev)
				return conflict("net", "dev");
			NEXT_ARG();
			if (a->net)
				return duparg("net", *argv);
			if (check_net_name(*argv))
				return invarg(BAD_NET_NAME, *argv);
			a->net = *argv;
		} else {
			return unknown_arg(OBJ, *argv);
		}
		argc--, argv++;
	}
	if (verb != PORT_SHOW && !a->dev)
		return missarg("dev");
	if (verb == PORT_ADD && !a->net)
		return missarg("net");
	if (a->n_ips && !a->has_mac) {
		fprintf(stderr, "Error: argument \"ip\" needs \"mac\": the addresses are bound to the guest's MAC address.\n");
		return OVX_EXIT_USAGE;
	}
	if (a->standby && !a->has_mac) {
		fprintf(stderr, "Error: argument \"standby\" needs \"mac\": the port waits for that guest's first frame.\n");
		return OVX_EXIT_USAGE;
	}
	return OVX_EXIT_OK;
}

static int port_add_del(struct ovx_cli *cli, int argc, char **argv,
			enum port_verb verb)
{
	struct port_args a;
	char what[80];
	int ret, err, ifindex;

	ret = port_parse(argc, argv, verb, &a);
	if (ret)
		return ret;
	if (!cli_ctx(cli))
		return OVX_EXIT_ERR;
	ret = cli_ifindex(cli, a.dev, &ifindex);
	if (ret)
		return ret;
	if (verb == PORT_ADD) {
		struct ovx_port_config cfg;

		ovx_port_config_init(&cfg, ifindex, a.net);
		cfg.has_mac = a.has_mac;
		memcpy(cfg.mac, a.mac, sizeof(cfg.mac));
		cfg.n_ips = a.n_ips;
		memcpy(cfg.ips, a.ips, a.n_ips * sizeof(a.ips[0]));
		cfg.name = a.name;
		cfg.standby = a.standby;
		cfg.seq = a.seq;
		err = ovx_port_add_config(cli->ctx, &cfg);
		snprintf(what, sizeof(what), "cannot add port \"%s\"", a.dev);
	} else {
		err = ovx_port_del(cli->ctx, ifindex);
		snprintf(what, sizeof(what), "cannot delete port \"%s\"",
			 a.dev);
	}
	if (err)
		return cli_error(cli, err, what);
	return OVX_EXIT_OK;
}

static int add_switch(const struct ovx_switch *sw, void *arg)
{
	struct switch_names *names = arg;
	struct ovx_switch *grown;

	grown = realloc(names->sw, (names->n + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	names->sw = grown;
	names->sw[names->n++] = *sw;
	return 0;
}

int switch_names_load(struct ovx_ctx *ctx, struct switch_names *names)
{
	switch_names_free(names);
	return ovx_switch_dump(ctx, add_switch, names);
}

const char *switch_names_find(const struct switch_names *names, int ifindex,
			      char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < names->n; i++)
		if (names->sw[i].ifindex == ifindex)
			return names->sw[i].name;
	snprintf(buf, len, "if%d", ifindex);
	return buf;
}

void switch_names_free(struct switch_names *names)
{
	free(names->sw);
	names->sw = NULL;
	names->n = 0;
}

/* The guest's addresses and the port's name, where it has them. */
static void print_guest(const struct ovx_port *port, enum output_type type)
{
	char buf[ADDR_STR_LEN];
	size_t i;

	if (port->has_mac)
		print_string(type, "mac", " mac %s",
			     format_mac(port->mac, buf, sizeof(buf)));
	if (port->n_ips) {
		open_json_array(PRINT_JSON, "ips");
		for (i = 0; i < port->n_ips && i < OVX_PORT_IPS_MAX; i++) {
			format_addr(&port->ips[i], buf, sizeof(buf));
			print_string(PRINT_JSON, NULL, NULL, buf);
			print_string((enum output_type)(type & PRINT_FP), NULL,
				     " ip %s", buf);
		}
		close_json_array(PRINT_JSON, NULL);
	}
	if (port->label[0])
		print_string(type, "name", " name %s", port->label);
	/* Migration state, when there is some: absent reads as none. */
	if (port->standby) {
		print_bool(PRINT_JSON, "standby", NULL, true);
		print_string((enum output_type)(type & PRINT_FP), NULL, "%s",
			     " standby");
	}
	if (port->seq)
		print_uint(type, "seq", " seq %u", port->seq);
}

void print_port_members(const struct ovx_cli *cli,
			const struct ovx_port *port, const char *switch_name,
			bool event)
{
	enum output_type tail = event ? PRINT_JSON : PRINT_ANY;

	print_int(PRINT_JSON, "ifindex", NULL, port->ifindex);
	print_string(PRINT_ANY, "dev", "dev %s", port->name);
	/* -d: in text too what JSON always has. */
	if (cli->details && !event)
		print_int(PRINT_FP, NULL, " ifindex %d", port->ifindex);
	print_string(PRINT_ANY, "net", " net %s", port->net);
	print_uint(PRINT_ANY, "vni", " vni %u", port->vni);
	print_string(tail, "switch", " switch %s", switch_name);
	print_uint(tail, "id", " id %u", port->id);
	print_guest(port, tail);
	if (cli->stats && port->has_stats) {
		print_nl();
		print_stats(&port->stats);
	}
	if (cli->stats && port->has_service_stats) {
		print_nl();
		print_service_stats(&port->service_stats);
	}
}

void print_port(const struct ovx_cli *cli, const struct ovx_port *port,
		const char *switch_name)
{
	open_json_object(NULL);
	print_port_members(cli, port, switch_name, false);
	print_nl();
	close_json_object();
}

struct show_state {
	struct ovx_cli *cli;
	struct switch_names names;
};

static int show_one(const struct ovx_port *port, void *arg)
{
	struct show_state *st = arg;
	char buf[OVX_IFNAMSIZ];

	print_port(st->cli, port,
		   switch_names_find(&st->names, port->switch_ifindex, buf,
				     sizeof(buf)));
	return 0;
}

static int port_show(struct ovx_cli *cli, int argc, char **argv)
{
	struct show_state st = { .cli = cli };
	struct port_args a;
	int ret, err;

	ret = port_parse(argc, argv, PORT_SHOW, &a);
	if (ret)
		return ret;
	if (!cli_ctx(cli))
		return OVX_EXIT_ERR;

	/* Ports name their switch by index; users know it by name. */
	err = switch_names_load(cli->ctx, &st.names);
	if (err) {
		switch_names_free(&st.names);
		return cli_error(cli, err, "cannot list the switches");
	}
	if (a.dev) {
		struct ovx_port port;
		int ifindex;

		ret = cli_ifindex(cli, a.dev, &ifindex);
		if (!ret) {
			OVX_INIT(&port);
			err = ovx_port_get(cli->ctx, ifindex, &port);
			if (err) {
				char what[64];

				snprintf(what, sizeof(what),
					 "cannot show port \"%s\"", a.dev);
				ret = cli_error(cli, err, what);
			}
		}
		if (ret) {
			switch_names_free(&st.names);
			return ret;
		}
		/* A list of one, as the dump prints it. */
		new_json_obj(cli->json);
		show_one(&port, &st);
		delete_json_obj();
		fflush(stdout);
		switch_names_free(&st.names);
		return OVX_EXIT_OK;
	}
	new_json_obj(cli->json);
	err = ovx_port_dump(cli->ctx, a.net, show_one, &st);
	delete_json_obj();
	fflush(stdout);
	switch_names_free(&st.names);
	if (err == -EINTR) {
		fprintf(stderr, "Error: the ports changed during the dump; the list may be inconsistent.\n");
		return OVX_EXIT_ERR;
	}
	if (err)
		return cli_error(cli, err, "cannot list the ports");
	return OVX_EXIT_OK;
}

int do_port(struct ovx_cli *cli, int argc, char **argv)
{
	if (argc <= 0)
		return port_show(cli, 0, NULL);
	if (!strcmp(*argv, "add"))
		return port_add_del(cli, argc - 1, argv + 1, PORT_ADD);
	if (!strcmp(*argv, "del") || !strcmp(*argv, "delete"))
		return port_add_del(cli, argc - 1, argv + 1, PORT_DEL);
	if (!strcmp(*argv, "show") || !strcmp(*argv, "list"))
		return port_show(cli, argc - 1, argv + 1);
	if (!strcmp(*argv, "help")) {
		print_object_usage(stdout, OBJ);
		return OVX_EXIT_OK;
	}
	return unknown_cmd(OBJ, *argv);
}
