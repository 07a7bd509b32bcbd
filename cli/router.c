// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * ovx router: create and delete routers, give them interfaces in
 * networks (gateway addresses and their connected prefixes) or take them
 * away, and show them with their counters and drops.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "ovx.h"
#include "router.h"

#define OBJ "router"

#define BAD_IFNAME "not an interface name (1-15 characters, no '/', ':' or blank)"
#define BAD_NET_NAME "not a network name (1-31 letters, digits, '-', '_' or '.')"
#define BAD_ROUTER_NAME "not a router name (1-31 letters, digits, '-', '_' or '.')"
#define BAD_MAC "not a MAC address (xx:xx:xx:xx:xx:xx)"
#define NOT_UNICAST "not a unicast MAC address (multicast or zero)"
#define BAD_GATEWAY "not an address and prefix length (ADDR/LEN)"

/* What each verb takes after NAME. */
static const struct {
	bool name_required;
	bool sw_mac;		/* switch SW, mac MAC */
	bool net;		/* net NET, required */
	bool ip;		/* ip ADDR/LEN, at least one */
} verbs[] = {
	[ROUTER_ADD] = { .name_required = true, .sw_mac = true },
	[ROUTER_DEL] = { .name_required = true },
	[ROUTER_SHOW] = { 0 },
	[ROUTER_ATTACH] = { .name_required = true, .net = true, .ip = true },
	[ROUTER_DETACH] = { .name_required = true, .net = true },
};

static bool is_keyword(const char *w)
{
	return !strcmp(w, "switch") || !strcmp(w, "mac") ||
	       !strcmp(w, "net") || !strcmp(w, "ip");
}

static bool mac_unicast(const uint8_t mac[6])
{
	static const uint8_t zero[6];

	return !(mac[0] & 1) && memcmp(mac, zero, sizeof(zero));
}

static int parse_ip(const char *w, struct router_args *a)
{
	char msg[64];

	if (a->n_addrs == OVX_ROUTER_IF_ADDRS_MAX) {
		snprintf(msg, sizeof(msg),
			 "an interface has at most %d addresses",
			 OVX_ROUTER_IF_ADDRS_MAX);
		return invarg(msg, w);
	}
	if (parse_prefix(w, &a->addrs[a->n_addrs]))
		return invarg(BAD_GATEWAY, w);
	a->n_addrs++;
	return OVX_EXIT_OK;
}

int router_parse(int argc, char **argv, enum router_verb verb,
		 struct router_args *a)
{
	int ret;

	memset(a, 0, sizeof(*a));
	if (argc > 0 && !is_keyword(argv[0])) {
		if (check_net_name(argv[0]))
			return invarg(BAD_ROUTER_NAME, argv[0]);
		a->name = argv[0];
		argc--, argv++;
	} else if (verbs[verb].name_required) {
		return missarg("NAME");
	}

	while (argc > 0) {
		if (!strcmp(*argv, "switch") && verbs[verb].sw_mac) {
			NEXT_ARG();
			if (a->sw)
				return duparg("switch", *argv);
			if (check_ifname(*argv))
				return invarg(BAD_IFNAME, *argv);
			a->sw = *argv;
		} else if (!strcmp(*argv, "mac") && verbs[verb].sw_mac) {
			NEXT_ARG();
			if (a->has_mac)
				return duparg("mac", *argv);
			if (parse_mac(*argv, a->mac))
				return invarg(BAD_MAC, *argv);
			if (!mac_unicast(a->mac))
				return invarg(NOT_UNICAST, *argv);
			a->has_mac = true;
		} else if (!strcmp(*argv, "net") && verbs[verb].net) {
			NEXT_ARG();
			if (a->net)
				return duparg("net", *argv);
			if (check_net_name(*argv))
				return invarg(BAD_NET_NAME, *argv);
			a->net = *argv;
		} else if (!strcmp(*argv, "ip") && verbs[verb].ip) {
			NEXT_ARG();
			ret = parse_ip(*argv, a);
			if (ret)
				return ret;
		} else {
			return unknown_arg(OBJ, *argv);
		}
		argc--, argv++;
	}

	if (verbs[verb].net && !a->net)
		return missarg("net");
	if (verbs[verb].ip && !a->n_addrs)
		return missarg("ip");
	return OVX_EXIT_OK;
}

static int router_add(struct ovx_cli *cli, int argc, char **argv)
{
	struct ovx_router_config cfg;
	struct router_args a;
	char what[96];
	int ret, err;

	ret = router_parse(argc, argv, ROUTER_ADD, &a);
	if (ret)
		return ret;
	if (!cli_ctx(cli))
		return OVX_EXIT_ERR;
	ovx_router_config_init(&cfg, a.name);
	if (a.sw)
		ret = cli_ifindex(cli, a.sw, &cfg.switch_ifindex);
	else
		ret = cli_only_switch(cli, &cfg.switch_ifindex);
	if (ret)
		return ret;
	cfg.has_mac = a.has_mac;
	memcpy(cfg.mac, a.mac, sizeof(cfg.mac));
	err = ovx_router_add(cli->ctx, &cfg);
	if (err) {
		snprintf(what, sizeof(what), "cannot add router \"%s\"",
			 a.name);
		return cli_error(cli, err, what);
	}
	return OVX_EXIT_OK;
}

static int router_del(struct ovx_cli *cli, int argc, char **argv)
{
	struct router_args a;
	char what[96];
	int ret, err;

	ret = router_parse(argc, argv, ROUTER_DEL, &a);
	if (ret)
		return ret;
	if (!cli_ctx(cli))
		return OVX_EXIT_ERR;
	err = ovx_router_del(cli->ctx, a.name);
	if (err) {
		snprintf(what, sizeof(what), "cannot delete router \"%s\"",
			 a.name);
		return cli_error(cli, err, what);
	}
	return OVX_EXIT_OK;
}

static int router_attach(struct ovx_cli *cli, int argc, char **argv,
			 enum router_verb verb)
{
	struct router_args a;
	char what[128];
	int ret, err;

	ret = router_parse(argc, argv, verb, &a);
	if (ret)
		return ret;
	if (!cli_ctx(cli))
		return OVX_EXIT_ERR;
	if (verb == ROUTER_ATTACH)
		err = ovx_router_attach(cli->ctx, a.name, a.net, a.addrs,
					a.n_addrs);
	else
		err = ovx_router_detach(cli->ctx, a.name, a.net);
	if (err) {
		snprintf(what, sizeof(what),
			 verb == ROUTER_ATTACH ?
			 "cannot attach router \"%s\" to network \"%s\"" :
			 "cannot detach router \"%s\" from network \"%s\"",
			 a.name, a.net);
		return cli_error(cli, err, what);
	}
	return OVX_EXIT_OK;
}

/*
 * The drop reasons inside the "stats" object in JSON, by the library's
 * names; in text, "    drops: no-route N ..." (the names with '-' for
 * '_'), three to a line, on the current line and lines aligned with it.
 */
static void print_router_drops(const struct ovx_router_drops *drops)
{
	const char *name;
	char word[64];
	unsigned int i;
	size_t j;

	print_string(PRINT_FP, NULL, "%s", "    drops:");
	for (i = 0; i < drops->n && i < OVX_ROUTER_DROPS_CAP; i++) {
		name = ovx_router_drop_name(i);
		if (!name)
			break;
		if (i && i % 3 == 0) {
			print_nl();
			print_string(PRINT_FP, NULL, "%s", "          ");
		}
		snprintf(word, sizeof(word), "%s", name);
		for (j = 0; word[j]; j++)
			if (word[j] == '_')
				word[j] = '-';
		print_string(PRINT_FP, NULL, " %s", word);
		print_u64(PRINT_ANY, name, " %" PRIu64, drops->v[i]);
	}
}

static void print_interface(const struct ovx_router_if *rif)
{
	char buf[PREFIX_STR_LEN];
	size_t i;

	print_nl();
	open_json_object(NULL);
	print_string(PRINT_ANY, "net", "    net %s", rif->net);
	print_uint(PRINT_ANY, "vni", " vni %u", rif->vni);
	if (rif->n_addrs)
		print_string(PRINT_FP, NULL, "%s", " ip");
	open_json_array(PRINT_JSON, "addresses");
	for (i = 0; i < rif->n_addrs && i < OVX_ROUTER_IF_ADDRS_MAX; i++)
		print_string(PRINT_ANY, NULL, " %s",
			     format_prefix(&rif->addrs[i], buf, sizeof(buf)));
	close_json_array(PRINT_JSON, NULL);
	close_json_object();
}

void print_router(const struct ovx_cli *cli, const struct ovx_router *r)
{
	char mac[MAC_STR_LEN];
	size_t i;

	open_json_object(NULL);
	print_string(PRINT_ANY, "name", "router %s", r->name);
	print_string(PRINT_ANY, "switch", " switch %s", r->switch_name);
	print_string(PRINT_ANY, "mac", " mac %s",
		     format_mac(r->mac, mac, sizeof(mac)));
	open_json_array(PRINT_JSON, "interfaces");
	for (i = 0; i < r->n_interfaces; i++)
		print_interface(&r->interfaces[i]);
	close_json_array(PRINT_JSON, NULL);
	if (cli->stats && (r->has_stats || r->has_drops)) {
		open_json_object("stats");
		if (r->has_stats) {
			print_nl();
			print_stats_members(&r->stats);
		}
		if (r->has_drops) {
			print_nl();
			print_router_drops(&r->drops);
		}
		close_json_object();
	}
	print_nl();
	close_json_object();
}

static int show_one(const struct ovx_router *r, void *arg)
{
	print_router(arg, r);
	return 0;
}

static int router_show(struct ovx_cli *cli, int argc, char **argv)
{
	struct ovx_router r;
	struct router_args a;
	char what[96];
	int ret, err;

	ret = router_parse(argc, argv, ROUTER_SHOW, &a);
	if (ret)
		return ret;
	if (!cli_ctx(cli))
		return OVX_EXIT_ERR;

	if (a.name) {
		OVX_INIT(&r);
		err = ovx_router_get(cli->ctx, a.name, &r);
		if (err) {
			snprintf(what, sizeof(what),
				 "cannot show router \"%s\"", a.name);
			return cli_error(cli, err, what);
		}
		/* A list of one, as the dump prints it. */
		new_json_obj(cli->json);
		print_router(cli, &r);
		delete_json_obj();
		fflush(stdout);
		ovx_router_clear(&r);
		return OVX_EXIT_OK;
	}

	new_json_obj(cli->json);
	err = ovx_router_dump(cli->ctx, 0, show_one, cli);
	/* Closes the JSON array even after a failure, so it stays valid. */
	delete_json_obj();
	fflush(stdout);
	if (err == -EINTR) {
		fprintf(stderr, "Error: the routers changed during the dump; the list may be inconsistent.\n");
		return OVX_EXIT_ERR;
	}
	if (err)
		return cli_error(cli, err, "cannot list the routers");
	return OVX_EXIT_OK;
}

int do_router(struct ovx_cli *cli, int argc, char **argv)
{
	if (argc <= 0)
		return router_show(cli, 0, NULL);
	if (!strcmp(*argv, "add"))
		return router_add(cli, argc - 1, argv + 1);
	if (!strcmp(*argv, "del") || !strcmp(*argv, "delete"))
		return router_del(cli, argc - 1, argv + 1);
	if (!strcmp(*argv, "show") || !strcmp(*argv, "list"))
		return router_show(cli, argc - 1, argv + 1);
	if (!strcmp(*argv, "attach"))
		return router_attach(cli, argc - 1, argv + 1, ROUTER_ATTACH);
	if (!strcmp(*argv, "detach"))
		return router_attach(cli, argc - 1, argv + 1, ROUTER_DETACH);
	if (!strcmp(*argv, "help")) {
		print_object_usage(stdout, OBJ);
		return OVX_EXIT_OK;
	}
	return unknown_cmd(OBJ, *argv);
}
