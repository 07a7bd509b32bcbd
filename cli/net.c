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
#include <stdlib.h>
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
	KEY_DHCP,
	KEY_DNS,
	KEY_DOMAIN,
	KEY_LEASE,
	KEY_DNS_SERVER,
	KEY_SERVICE,
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
	[KEY_DHCP] = "dhcp",
	[KEY_DNS] = "dns",
	[KEY_DOMAIN] = "domain",
	[KEY_LEASE] = "lease",
	[KEY_DNS_SERVER] = "dns-server",
	[KEY_SERVICE] = "service",
};

/*
 * What the parsed config points to: one command line at a time is parsed
 * (batch mode runs them in turn), so static storage is enough.
 */
static struct ovx_addr dns_servers[OVX_DNS_SERVERS_MAX];
static struct ovx_addr service_addr;
static bool dns_none;		/* "dns-server none" seen */


/* "ADDR" or "ADDR/LEN" of the service address. */
static int parse_service(const char *s, struct ovx_net_config *cfg)
{
	char buf[64], *slash;
	uint32_t len;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (slash)
		*slash++ = '\0';
	if (parse_addr(buf, &service_addr))
		return -1;
	if (slash) {
		if (parse_u32(slash, service_addr.family == AF_INET ? 32 : 128,
			      &len))
			return -1;
		cfg->service_prefix_len = (int)len;
	}
	cfg->service = &service_addr;
	return 0;
}

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
	case KEY_DHCP:
	case KEY_DNS:
		if (parse_on_off(s, &on))
			return invarg("not \"on\" or \"off\"", s);
		if (key == KEY_LEARNING)
			cfg->learning = on;
		else if (key == KEY_ARP_SUPPRESS)
			cfg->arp_suppress = on;
		else if (key == KEY_FLOOD_UNKNOWN)
			cfg->flood_unknown = on;
		else if (key == KEY_DHCP)
			cfg->dhcp = on;
		else
			cfg->dns = on;
		break;
	case KEY_DOMAIN:
		/* "default" gives the network's default back: NAME.internal. */
		if (!strcmp(s, "default")) {
			cfg->domain = "";
			break;
		}
		if (!domain_ok(s))
			return invarg("not a domain name (labels of 1-63 letters, digits or '-', 253 characters in all)",
				      s);
		cfg->domain = s;
		break;
	case KEY_LEASE:
		if (parse_u32(s, 31536000, &v) || v < 10)
			return invarg("not a lease time (10-31536000 seconds)",
				      s);
		cfg->lease = v;
		break;
	case KEY_DNS_SERVER:
		/* "none" clears the list: guests get the service address. */
		if (!strcmp(s, "none")) {
			if (cfg->n_dns_servers > 0)
				return conflict("none", "dns-server ADDR");
			dns_none = true;
			cfg->n_dns_servers = 0;
			break;
		}
		if (dns_none)
			return conflict(s, "dns-server none");
		if (cfg->n_dns_servers >= OVX_DNS_SERVERS_MAX)
			return invarg("too many DNS servers (at most 4)", s);
		if (cfg->n_dns_servers < 0)
			cfg->n_dns_servers = 0;
		if (parse_addr(s, &dns_servers[cfg->n_dns_servers]))
			return invarg("not an IPv4 or IPv6 address", s);
		cfg->dns_servers = dns_servers;
		cfg->n_dns_servers++;
		break;
	case KEY_SERVICE:
		if (parse_service(s, cfg))
			return invarg("not an address (ADDR or ADDR/LEN)", s);
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
	dns_none = false;
	argc--, argv++;

	while (argc > 0) {
		key = find_key(*argv);
		if (key < 0 || (!add && add_only((enum net_key)key)))
			return unknown_arg(OBJ, *argv);
		NEXT_ARG();
		if (seen[key] && key != KEY_DNS_SERVER)
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

/* The service settings, in the grammar of "net set". */
static void print_net_services(const struct ovx_net *net)
{
	char buf[INET6_ADDRSTRLEN];
	size_t i;

	print_nl();
	print_string(PRINT_FP, NULL, "    dhcp %s", net->dhcp ? "on" : "off");
	print_bool(PRINT_JSON, "dhcp", NULL, net->dhcp);
	print_string(PRINT_FP, NULL, " dns %s", net->dns ? "on" : "off");
	print_bool(PRINT_JSON, "dns", NULL, net->dns);
	if (net->domain[0]) {
		print_string(PRINT_ANY, "domain", " domain %s", net->domain);
	} else {
		char def[OVX_NET_NAMSIZ + 16];

		snprintf(def, sizeof(def), "%s.internal", net->name);
		print_string(PRINT_ANY, "domain", " domain %s", def);
	}
	print_uint(PRINT_ANY, "lease", " lease %u", net->lease);
	open_json_array(PRINT_JSON, "dns_servers");
	for (i = 0; i < net->n_dns_servers; i++) {
		format_addr(&net->dns_servers[i], buf, sizeof(buf));
		print_string(PRINT_FP, NULL, " dns-server %s", buf);
		print_string(PRINT_JSON, NULL, NULL, buf);
	}
	close_json_array(PRINT_JSON, NULL);
	open_json_array(PRINT_JSON, "service");
	if (net->service4.family == AF_INET) {
		char s[INET6_ADDRSTRLEN + 8];

		format_addr(&net->service4, buf, sizeof(buf));
		snprintf(s, sizeof(s), "%s/%u", buf, net->service_prefix_len4);
		print_string(PRINT_FP, NULL, " service %s", s);
		print_string(PRINT_JSON, NULL, NULL, s);
	}
	if (net->service6.family == AF_INET6) {
		char s[INET6_ADDRSTRLEN + 8];

		format_addr(&net->service6, buf, sizeof(buf));
		snprintf(s, sizeof(s), "%s/%u", buf, net->service_prefix_len6);
		print_string(PRINT_FP, NULL, " service %s", s);
		print_string(PRINT_JSON, NULL, NULL, s);
	}
	close_json_array(PRINT_JSON, NULL);
	if (net->has_service_mac) {
		format_mac(net->service_mac, buf, sizeof(buf));
		print_string(PRINT_ANY, "service_mac", " service-mac %s", buf);
	}
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
	if (net->has_services)
		print_net_services(net);
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
	if (cli->stats && net->has_service_stats) {
		print_nl();
		print_service_stats(&net->service_stats);
	}
	if (cli->stats && net->has_services && (net->dhcp || net->dns)) {
		print_nl();
		open_json_object("services");
		print_string(PRINT_FP, NULL, "%s", "    services:");
		print_service_summary(cli->status, net);
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

static int net_show_status(struct ovx_cli *cli, int argc, char **argv)
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
	/* With -s, what ovxd did too (when it runs). */
	if (cli->stats)
		cli->status = service_status();

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

static int net_show(struct ovx_cli *cli, int argc, char **argv)
{
	int ret = net_show_status(cli, argc, argv);

	free(cli->status);
	cli->status = NULL;
	return ret;
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
