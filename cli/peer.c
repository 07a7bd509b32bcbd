// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * ovx peer: add peers, the tunnel endpoints of other hosts, to the
 * networks of a switch, take them out or delete them, and show them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ovx.h"
#include "peer.h"

#define OBJ "peer"

#define BAD_IFNAME "not an interface name (1-15 characters, no '/', ':' or blank)"
#define BAD_NET_NAME "not a network name (1-31 letters, digits, '-', '_' or '.')"

static bool is_keyword(const char *w)
{
	return !strcmp(w, "switch") || !strcmp(w, "net");
}

void peer_args_free(struct peer_args *a)
{
	free(a->nets);
	a->nets = NULL;
	a->n_nets = 0;
}

/* The words after ADDR; @a->nets has room for all of them. */
static int parse_keys(int argc, char **argv, enum peer_verb verb,
		      struct peer_args *a)
{
	while (argc > 0) {
		if (!strcmp(*argv, "switch")) {
			NEXT_ARG();
			if (a->sw)
				return duparg("switch", *argv);
			if (check_ifname(*argv))
				return invarg(BAD_IFNAME, *argv);
			a->sw = *argv;
		} else if (!strcmp(*argv, "net") && verb != PEER_SHOW) {
			NEXT_ARG();
			if (check_net_name(*argv))
				return invarg(BAD_NET_NAME, *argv);
			a->nets[a->n_nets++] = *argv;
		} else {
			return unknown_arg(OBJ, *argv);
		}
		argc--, argv++;
	}
	return OVX_EXIT_OK;
}

int peer_parse(int argc, char **argv, enum peer_verb verb,
	       struct peer_args *a)
{
	int ret;

	memset(a, 0, sizeof(*a));
	a->addr.family = AF_UNSPEC;

	/* Show takes an optional ADDR, first as for add and del. */
	if (verb != PEER_SHOW || (argc > 0 && !is_keyword(argv[0]))) {
		/* ADDR comes first; a keyword there means it was left out. */
		if (argc <= 0 || is_keyword(argv[0]))
			return missarg("ADDR");
		if (parse_addr(argv[0], &a->addr))
			return invarg("not an IPv4 or IPv6 address", argv[0]);
		argc--, argv++;
	}
	/* Every other word may be a network name: room for all of them. */
	if (argc > 0) {
		a->nets = calloc((size_t)argc, sizeof(*a->nets));
		if (!a->nets) {
			fprintf(stderr, "Error: %s\n", strerror(ENOMEM));
			return OVX_EXIT_ERR;
		}
	}
	ret = parse_keys(argc, argv, verb, a);
	if (ret)
		peer_args_free(a);
	return ret;
}

/* The interface index of the switch named, or of the only one. */
static int resolve_switch(struct ovx_cli *cli, const struct peer_args *a,
			  int *ifindex)
{
	if (a->sw)
		return cli_ifindex(cli, a->sw, ifindex);
	return cli_only_switch(cli, ifindex);
}

static int peer_add_del(struct ovx_cli *cli, int argc, char **argv,
			enum peer_verb verb)
{
	char addr[ADDR_STR_LEN], what[96];
	struct peer_args a;
	int ret, err, ifindex;

	ret = peer_parse(argc, argv, verb, &a);
	if (ret)
		return ret;
	if (!cli_ctx(cli)) {
		ret = OVX_EXIT_ERR;
		goto out;
	}
	ret = resolve_switch(cli, &a, &ifindex);
	if (ret)
		goto out;

	if (verb == PEER_ADD)
		err = ovx_peer_add(cli->ctx, ifindex, &a.addr, a.nets,
				   a.n_nets);
	else
		err = ovx_peer_del(cli->ctx, ifindex, &a.addr, a.nets,
				   a.n_nets);
	if (err) {
		format_addr(&a.addr, addr, sizeof(addr));
		if (verb == PEER_ADD)
			snprintf(what, sizeof(what), "cannot add peer %s",
				 addr);
		else if (a.n_nets)
			snprintf(what, sizeof(what),
				 "cannot take peer %s out of the networks",
				 addr);
		else
			snprintf(what, sizeof(what), "cannot delete peer %s",
				 addr);
		ret = cli_error(cli, err, what);
		goto out;
	}
out:
	peer_args_free(&a);
	return ret;
}

void print_peer(const struct ovx_cli *cli, const struct ovx_peer *peer)
{
	char addr[ADDR_STR_LEN];
	size_t i;

	open_json_object(NULL);
	print_string(PRINT_ANY, "peer", "peer %s",
		     format_addr(&peer->addr, addr, sizeof(addr)));
	print_string(PRINT_ANY, "switch", " switch %s", peer->switch_name);
	/* "nets blue,red" in text; a peer in no network shows none. */
	if (peer->n_nets)
		print_string(PRINT_FP, NULL, "%s", " nets ");
	open_json_array(PRINT_JSON, "nets");
	for (i = 0; i < peer->n_nets; i++)
		print_string(PRINT_ANY, NULL, i ? ",%s" : "%s", peer->nets[i]);
	close_json_array(PRINT_JSON, NULL);
	if (cli->stats && peer->has_stats) {
		print_nl();
		print_stats(&peer->stats);
	}
	print_nl();
	close_json_object();
}

static int show_one(const struct ovx_peer *peer, void *arg)
{
	print_peer(arg, peer);
	return 0;
}

static int peer_show(struct ovx_cli *cli, int argc, char **argv)
{
	struct peer_args a;
	int ret, err, ifindex = 0;

	ret = peer_parse(argc, argv, PEER_SHOW, &a);
	if (ret)
		return ret;
	peer_args_free(&a);	/* show takes no networks */
	if (!cli_ctx(cli))
		return OVX_EXIT_ERR;
	if (a.sw) {
		ret = cli_ifindex(cli, a.sw, &ifindex);
		if (ret)
			return ret;
	}

	if (a.addr.family != AF_UNSPEC) {
		char addr[ADDR_STR_LEN], what[96];
		struct ovx_peer peer;

		/* Switch 0: the library takes the only one of the namespace. */
		OVX_INIT(&peer);
		err = ovx_peer_get(cli->ctx, ifindex, &a.addr, &peer);
		if (err) {
			snprintf(what, sizeof(what), "cannot show peer %s",
				 format_addr(&a.addr, addr, sizeof(addr)));
			return cli_error(cli, err, what);
		}
		/* A list of one, as the dump prints it. */
		new_json_obj(cli->json);
		print_peer(cli, &peer);
		delete_json_obj();
		fflush(stdout);
		ovx_peer_clear(&peer);
		return OVX_EXIT_OK;
	}

	new_json_obj(cli->json);
	err = ovx_peer_dump(cli->ctx, ifindex, show_one, cli);
	/* Closes the JSON array even after a failure, so it stays valid. */
	delete_json_obj();
	fflush(stdout);
	if (err == -EINTR) {
		fprintf(stderr, "Error: the peers changed during the dump; the list may be inconsistent.\n");
		return OVX_EXIT_ERR;
	}
	if (err)
		return cli_error(cli, err, "cannot list the peers");
	return OVX_EXIT_OK;
}

int do_peer(struct ovx_cli *cli, int argc, char **argv)
{
	if (argc <= 0)
		return peer_show(cli, 0, NULL);
	if (!strcmp(*argv, "add"))
		return peer_add_del(cli, argc - 1, argv + 1, PEER_ADD);
	if (!strcmp(*argv, "del") || !strcmp(*argv, "delete"))
		return peer_add_del(cli, argc - 1, argv + 1, PEER_DEL);
	if (!strcmp(*argv, "show") || !strcmp(*argv, "list"))
		return peer_show(cli, argc - 1, argv + 1);
	if (!strcmp(*argv, "help")) {
		print_object_usage(stdout, OBJ);
		return OVX_EXIT_OK;
	}
	return unknown_cmd(OBJ, *argv);
}
