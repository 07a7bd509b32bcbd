// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * ovx net: create, change, delete and show networks, the broadcast
 * domains of a switch.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "net.h"
#include "ovx.h"

#define OBJ "net"

#define BAD_NET_NAME "not a network name (1-31 letters, digits, '-', '_' or '.')"

/* The keywords of "net add" and "net set", each allowed once. */
enum net_key {
	KEY_VNI,
	KEY_SWITCH,
	KEY_LEARNING,
	KEY_AGEING,
	KEY_FDB_MAX,
	KEY_ARP_SUPPRESS,
	KEY_FLOOD_UNKNOWN,
	N_KEYS,
};

static const char *const net_keys[N_KEYS] = {
	[KEY_VNI] = "vni",
	[KEY_SWITCH] = "switch",
	[KEY_LEARNING] = "learning",
	[KEY_AGEING] = "ageing",
	[KEY_FDB_MAX] = "fdb-max",
	[KEY_ARP_SUPPRESS] = "arp-suppress",
	[KEY_FLOOD_UNKNOWN] = "flood-unknown",
};

/* Keywords of "net add" only. */
static bool add_only(enum net_key key)
{
	return key == KEY_VNI || key == KEY_SWITCH;
}

static int find_key(const char *word)
{
	int k;

	for (k = 0; k < N_KEYS; k++)
		if (!strcmp(word, net_keys[k]))
			return k;
	return -1;
}

static int parse_value(enum net_key key, const char *s,
		       struct ovx_net_config *cfg)
{
	uint32_t v;
	bool on;

	switch (key) {
	case KEY_VNI:
		if (parse_vni(s, &cfg->vni))
			return invarg("not a VNI (1-16777215)", s);
		break;
	case KEY_SWITCH:
		if (check_ifname(s))
			return invarg("not an interface name (1-15 characters, no '/', ':' or blank)",
				      s);
		cfg->switch_name = s;
		break;
	case KEY_LEARNING:
	case KEY_ARP_SUPPRESS:
	case KEY_FLOOD_UNKNOWN:
		if (parse_on_off(s, &on))
			return invarg("not \"on\" or \"off\"", s);
		if (key == KEY_LEARNING)
			cfg->learning = on;
		else if (key == KEY_ARP_SUPPRESS)
			cfg->arp_suppress = on;
		else
			cfg->flood_unknown = on;
		break;
	case KEY_AGEING:
		if (parse_u32(s, OVX_NET_AGEING_MAX, &v))
			return invarg("not an ageing time (0-1000000 seconds)",
				      s);
		cfg->ageing = v;
		break;
	case KEY_FDB_MAX:
		if (parse_u32(s, UINT32_MAX, &v))
			return invarg("not a number of entries (0-4294967295)",
				      s);
		cfg->fdb_max = v;
		break;
	case N_KEYS:
		break;
	}
	return OVX_EXIT_OK;
}

int net_parse(int argc, char **argv, bool add, struct ovx_net_config *cfg)
{
	bool seen[N_KEYS] = { false };
	int ret, key;

	/* NAME comes first; a keyword there means it was left out. */
	if (argc <= 0 || find_key(argv[0]) >= 0)
		return missarg("NAME");
	if (check_net_name(argv[0]))
		return invarg(BAD_NET_NAME, argv[0]);
	ovx_net_config_init(cfg, argv[0]);
	argc--, argv++;

	while (argc > 0) {
		key = find_key(*argv);
		if (key < 0 || (!add && add_only((enum net_key)key)))
			return unknown_arg(OBJ, *argv);
		NEXT_ARG();
		if (seen[key])
			return duparg(net_keys[key], *argv);
		seen[key] = true;
		ret = parse_value((enum net_key)key, *argv, cfg);
		if (ret)
			return ret;
		argc--, argv++;
	}
	if (add && !seen[KEY_VNI])
		return missarg("vni");
	return OVX_EXIT_OK;
}

static int net_add_set(struct ovx_cli *cli, int argc, char **argv, bool add)
{
	struct ovx_net_config cfg;
	char what[80];
	int ret, err;

	ret = net_parse(argc, argv, add, &cfg);
	if (ret)
		return ret;
	if (!cli_ctx(cli))
		return OVX_EXIT_ERR;
	if (add && !cfg.switch_name) {
		ret = cli_only_switch(cli, &cfg.switch_ifindex);
		if (ret)
			return ret;
	}
	err = add ? ovx_net_add(cli->ctx, &cfg) : ovx_net_set(cli->ctx, &cfg);
	if (err) {
		snprintf(what, sizeof(what), "cannot %s network \"%s\"",
			 add ? "add" : "change", cfg.name);
		return cli_error(cli, err, what);
	}
	return OVX_EXIT_OK;
}

/* "NAME" and nothing after it, for del and show. */
static int parse_one_name(int argc, char **argv, bool required,
			  const char **name)
{
	*name = NULL;
	if (argc <= 0)
		return required ? missarg("NAME") : OVX_EXIT_OK;
	if (check_net_name(argv[0]))
		return invarg(BAD_NET_NAME, argv[0]);
	if (argc > 1)
		return unknown_arg(OBJ, argv[1]);
	*name = argv[0];
	return OVX_EXIT_OK;
}

static int net_del(struct ovx_cli *cli, int argc, char **argv)
{
	const char *name;
	char what[80];
	int ret, err;

	ret = parse_one_name(argc, argv, true, &name);
	if (ret)
		return ret;
	if (!cli_ctx(cli))
		return OVX_EXIT_ERR;
	err = ovx_net_del(cli->ctx, name);
	if (err) {
		snprintf(what, sizeof(what), "cannot delete network \"%s\"",
			 name);
		return cli_error(cli, err, what);
	}
	return OVX_EXIT_OK;
}

void print_net(const struct ovx_cli *cli, const struct ovx_net *net)
{
	open_json_object(NULL);
	print_string(PRINT_ANY, "name", "%s:", net->name);
	print_uint(PRINT_ANY, "vni", " vni %u", net->vni);
	print_string(PRINT_ANY, "switch", " switch %s", net->switch_name);
	print_bool(PRINT_JSON, "learning", NULL, net->learning);
	print_string(PRINT_FP, NULL, " learning %s",
		     net->learning ? "on" : "off");
	print_uint(PRINT_ANY, "ageing", " ageing %u", net->ageing);
	print_uint(PRINT_ANY, "fdb_max", " fdb-max %u", net->fdb_max);
	print_uint(PRINT_ANY, "fdb_learned", " fdb %u learned",
		   net->fdb_learned);
	print_uint(PRINT_ANY, "fdb_static", " %u static", net->fdb_static);
	print_bool(PRINT_JSON, "arp_suppress", NULL, net->arp_suppress);
	print_string(PRINT_FP, NULL, " arp-suppress %s",
		     net->arp_suppress ? "on" : "off");
	print_bool(PRINT_JSON, "flood_unknown", NULL, net->flood_unknown);
	print_string(PRINT_FP, NULL, " flood-unknown %s",
		     net->flood_unknown ? "on" : "off");
	print_uint(PRINT_ANY, "neigh_static", " neigh %u static",
		   net->neigh_static);
	if (cli->stats && net->has_stats) {
		print_nl();
		open_json_object("stats");
		print_stats_members(&net->stats);
		if (net->has_arp_suppressed)
			print_u64(PRINT_ANY, "arp_suppressed",
				  " arp-suppressed %" PRIu64,
				  net->arp_suppressed);
		close_json_object();
	}
	print_nl();
	close_json_object();
}

static int show_one(const struct ovx_net *net, void *arg)
{
	print_net(arg, net);
	return 0;
}

static int net_show(struct ovx_cli *cli, int argc, char **argv)
{
	struct ovx_net net;
	const char *name;
	char what[80];
	int ret, err;

	ret = parse_one_name(argc, argv, false, &name);
	if (ret)
		return ret;
	if (!cli_ctx(cli))
		return OVX_EXIT_ERR;

	if (name) {
		/* Nothing on stdout when it fails, not even "[]". */
		OVX_INIT(&net);
		err = ovx_net_get(cli->ctx, name, &net);
		if (err) {
			snprintf(what, sizeof(what),
				 "cannot show network \"%s\"", name);
			return cli_error(cli, err, what);
		}
		new_json_obj(cli->json);
		print_net(cli, &net);
		delete_json_obj();
		return OVX_EXIT_OK;
	}

	new_json_obj(cli->json);
	err = ovx_net_dump(cli->ctx, 0, show_one, cli);
	/* Closes the JSON array even after a failure, so it stays valid. */
	delete_json_obj();
	fflush(stdout);
	if (err == -EINTR) {
		fprintf(stderr, "Error: the networks changed during the dump; the list may be inconsistent.\n");
		return OVX_EXIT_ERR;
	}
	if (err)
		return cli_error(cli, err, "cannot list the networks");
	return OVX_EXIT_OK;
}

int do_net(struct ovx_cli *cli, int argc, char **argv)
{
	if (argc <= 0)
		return net_show(cli, 0, NULL);
	if (!strcmp(*argv, "add"))
		return net_add_set(cli, argc - 1, argv + 1, true);
	if (!strcmp(*argv, "set"))
		return net_add_set(cli, argc - 1, argv + 1, false);
	if (!strcmp(*argv, "del") || !strcmp(*argv, "delete"))
		return net_del(cli, argc - 1, argv + 1);
	if (!strcmp(*argv, "show") || !strcmp(*argv, "list"))
		return net_show(cli, argc - 1, argv + 1);
	if (!strcmp(*argv, "help")) {
		print_object_usage(stdout, OBJ);
		return OVX_EXIT_OK;
	}
	return unknown_cmd(OBJ, *argv);
}
