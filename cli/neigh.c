// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * ovx neigh: add, delete and show the address bindings of networks: the
 * IP addresses whose ARP requests and neighbour solicitations the switch
 * answers itself.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "neigh.h"
#include "ovx.h"

#define OBJ "neigh"

#define BAD_IFNAME "not an interface name (1-15 characters, no '/', ':' or blank)"
#define BAD_NET_NAME "not a network name (1-31 letters, digits, '-', '_' or '.')"
#define BAD_ADDR "not an IPv4 or IPv6 address"

/* What each verb takes besides a leading address. */
static const struct {
	bool addr;		/* ADDR first, required */
	bool lladdr;		/* lladdr MAC, required */
	bool net_required;
	bool dest;		/* dev IFNAME | peer ADDR */
	bool dest_required;
	bool kind;		/* static | learned */
} verbs[] = {
	[NEIGH_ADD] = { .addr = true, .lladdr = true, .net_required = true,
			.dest = true, .dest_required = true },
	[NEIGH_DEL] = { .addr = true, .net_required = true },
	[NEIGH_SHOW] = { .dest = true, .kind = true },
};

static bool is_keyword(const char *w)
{
	return !strcmp(w, "net") || !strcmp(w, "dev") || !strcmp(w, "peer") ||
	       !strcmp(w, "lladdr") || !strcmp(w, "static") ||
	       !strcmp(w, "learned") || !strcmp(w, "name");
}

static int parse_kind(const char *w, struct neigh_args *a)
{
	enum ovx_neigh_kind kind = !strcmp(w, "static") ?
				   OVX_NEIGH_KIND_STATIC :
				   OVX_NEIGH_KIND_LEARNED;

	if (a->kind == kind)
		return duparg(w, w);
	if (a->kind != OVX_NEIGH_KIND_ANY)
		return conflict(w, kind == OVX_NEIGH_KIND_STATIC ? "learned" :
								   "static");
	a->kind = kind;
	return OVX_EXIT_OK;
}

int neigh_parse(int argc, char **argv, enum neigh_verb verb,
		struct neigh_args *a)
{
	int ret;

	memset(a, 0, sizeof(*a));
	a->peer.family = AF_UNSPEC;

	if (verbs[verb].addr) {
		if (argc <= 0 || is_keyword(argv[0]))
			return missarg("ADDR");
		if (parse_addr(argv[0], &a->addr))
			return invarg(BAD_ADDR, argv[0]);
		a->has_addr = true;
		argc--, argv++;
	}

	while (argc > 0) {
		if (!strcmp(*argv, "net")) {
			NEXT_ARG();
			if (a->net)
				return duparg("net", *argv);
			if (check_net_name(*argv))
				return invarg(BAD_NET_NAME, *argv);
			a->net = *argv;
		} else if (!strcmp(*argv, "lladdr") && verbs[verb].lladdr) {
			NEXT_ARG();
			if (a->has_lladdr)
				return duparg("lladdr", *argv);
			if (parse_mac(*argv, a->lladdr))
				return invarg("not a MAC address (xx:xx:xx:xx:xx:xx)",
					      *argv);
			a->has_lladdr = true;
		} else if (!strcmp(*argv, "name") && verbs[verb].lladdr) {
			NEXT_ARG();
			if (a->name)
				return duparg("name", *argv);
			if (check_net_name(*argv))
				return invarg("not a name (1-31 letters, digits, '-', '_' or '.')",
					      *argv);
			a->name = *argv;
		} else if (!strcmp(*argv, "dev") && verbs[verb].dest) {
			if (a->peer.family != AF_UNSPEC)
				return conflict("dev", "peer");
			NEXT_ARG();
			if (a->dev)
				return duparg("dev", *argv);
			if (check_ifname(*argv))
				return invarg(BAD_IFNAME, *argv);
			a->dev = *argv;
		} else if (!strcmp(*argv, "peer") && verbs[verb].dest) {
			if (a->dev)
				return conflict("peer", "dev");
			NEXT_ARG();
			if (a->peer.family != AF_UNSPEC)
				return duparg("peer", *argv);
			if (parse_addr(*argv, &a->peer))
				return invarg(BAD_ADDR, *argv);
		} else if ((!strcmp(*argv, "static") ||
			    !strcmp(*argv, "learned")) && verbs[verb].kind) {
			ret = parse_kind(*argv, a);
			if (ret)
				return ret;
		} else {
			return unknown_arg(OBJ, *argv);
		}
		argc--, argv++;
	}

	if (verbs[verb].lladdr && !a->has_lladdr)
		return missarg("lladdr");
	if (verbs[verb].net_required && !a->net)
		return missarg("net");
	if (verbs[verb].dest_required && !a->dev &&
	    a->peer.family == AF_UNSPEC)
		return missarg_either("dev", "peer");
	return OVX_EXIT_OK;
}

static void format_what(char *buf, size_t len, const char *verb,
			const struct neigh_args *a)
{
	char addr[ADDR_STR_LEN];

	snprintf(buf, len, "cannot %s %s in network \"%s\"", verb,
		 format_addr(&a->addr, addr, sizeof(addr)), a->net);
}

static int neigh_add(struct ovx_cli *cli, int argc, char **argv)
{
	struct neigh_args a;
	struct ovx_neigh n;
	char what[128];
	int ret, err;

	ret = neigh_parse(argc, argv, NEIGH_ADD, &a);
	if (ret)
		return ret;
	if (!cli_ctx(cli))
		return OVX_EXIT_ERR;

	OVX_INIT(&n);
	/* neigh_parse() checked the length. */
	memcpy(n.net, a.net, strlen(a.net) + 1);
	n.addr = a.addr;
	memcpy(n.lladdr, a.lladdr, sizeof(n.lladdr));
	if (a.name)
		memcpy(n.name, a.name, strlen(a.name) + 1);
	n.peer = a.peer;
	if (a.dev) {
		ret = cli_ifindex(cli, a.dev, &n.port_ifindex);
		if (ret)
			return ret;
	}
	err = ovx_neigh_add(cli->ctx, &n);
	if (err) {
		format_what(what, sizeof(what), "add", &a);
		return cli_error(cli, err, what);
	}
	return OVX_EXIT_OK;
}

static int neigh_del(struct ovx_cli *cli, int argc, char **argv)
{
	struct neigh_args a;
	char what[128];
	int ret, err;

	ret = neigh_parse(argc, argv, NEIGH_DEL, &a);
	if (ret)
		return ret;
	if (!cli_ctx(cli))
		return OVX_EXIT_ERR;
	err = ovx_neigh_del(cli->ctx, a.net, &a.addr);
	if (err) {
		format_what(what, sizeof(what), "delete", &a);
		return cli_error(cli, err, what);
	}
	return OVX_EXIT_OK;
}

void print_neigh_members(const struct ovx_neigh *n, bool event, bool miss)
{
	bool is_static = n->flags & OVX_NEIGH_ENTRY_STATIC;
	char buf[ADDR_STR_LEN];

	print_string(PRINT_ANY, "addr", "%s",
		     format_addr(&n->addr, buf, sizeof(buf)));
	if (!miss)
		print_string(PRINT_ANY, "lladdr", " lladdr %s",
			     format_mac(n->lladdr, buf, sizeof(buf)));
	print_string(PRINT_ANY, "net", " net %s", n->net);
	print_uint(PRINT_ANY, "vni", " vni %u", n->vni);
	if (n->port_ifindex)
		print_string(PRINT_ANY, "dev", " dev %s", n->port_name);
	else if (n->peer.family != AF_UNSPEC)
		print_string(PRINT_ANY, "peer", " peer %s",
			     format_addr(&n->peer, buf, sizeof(buf)));
	if (miss)
		return;
	if (n->name[0])
		print_string(PRINT_ANY, "name", " name %s", n->name);
	print_bool(PRINT_JSON, "static", NULL, is_static);
	/* The age of a static binding means nothing to its user. */
	if (!is_static)
		print_uint(PRINT_JSON, "age", NULL, n->age);
	if (event)
		return;
	if (is_static)
		print_string(PRINT_FP, NULL, "%s",
			     n->flags & OVX_NEIGH_ENTRY_PORT ? " static port" :
							       " static");
	else
		print_uint(PRINT_FP, NULL, " learned age %u", n->age);
}

void print_neigh(const struct ovx_neigh *n)
{
	open_json_object(NULL);
	print_neigh_members(n, false, false);
	print_nl();
	close_json_object();
}

static int show_one(const struct ovx_neigh *n, void *arg)
{
	(void)arg;
	print_neigh(n);
	return 0;
}

static int neigh_show(struct ovx_cli *cli, int argc, char **argv)
{
	struct ovx_neigh_filter f;
	struct neigh_args a;
	int ret, err;

	ret = neigh_parse(argc, argv, NEIGH_SHOW, &a);
	if (ret)
		return ret;
	if (!cli_ctx(cli))
		return OVX_EXIT_ERR;
	OVX_INIT(&f);
	f.net = a.net;
	f.peer = a.peer;
	f.kind = a.kind;
	if (a.dev) {
		ret = cli_ifindex(cli, a.dev, &f.port_ifindex);
		if (ret)
			return ret;
	}

	new_json_obj(cli->json);
	err = ovx_neigh_dump(cli->ctx, &f, show_one, cli);
	delete_json_obj();
	fflush(stdout);
	if (err == -EINTR) {
		fprintf(stderr, "Error: the bindings changed during the dump; the list may be inconsistent.\n");
		return OVX_EXIT_ERR;
	}
	if (err)
		return cli_error(cli, err, "cannot list the address bindings");
	return OVX_EXIT_OK;
}

int do_neigh(struct ovx_cli *cli, int argc, char **argv)
{
	if (argc <= 0)
		return neigh_show(cli, 0, NULL);
	if (!strcmp(*argv, "add"))
		return neigh_add(cli, argc - 1, argv + 1);
	if (!strcmp(*argv, "del") || !strcmp(*argv, "delete"))
		return neigh_del(cli, argc - 1, argv + 1);
	if (!strcmp(*argv, "show") || !strcmp(*argv, "list"))
		return neigh_show(cli, argc - 1, argv + 1);
	if (!strcmp(*argv, "help")) {
		print_object_usage(stdout, OBJ);
		return OVX_EXIT_OK;
	}
	return unknown_cmd(OBJ, *argv);
}
