// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * ovx route: add, delete and show the static routes of routers.  The
 * connected prefixes are the addresses of their interfaces ("ovx router
 * show"), not routes of this list.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "ovx.h"
#include "router.h"

#define OBJ "route"

#define BAD_ROUTER_NAME "not a router name (1-31 letters, digits, '-', '_' or '.')"
#define BAD_PREFIX "not a prefix (ADDR/LEN or default)"
#define BAD_ADDR "not an IPv4 or IPv6 address"
#define AMBIGUOUS "ambiguous without an IPv4 or IPv6 \"via\": say 0.0.0.0/0 or ::/0"

static bool is_keyword(const char *w)
{
	return !strcmp(w, "via") || !strcmp(w, "router");
}

/* PREFIX: "default" stays unresolved until the next hop is known. */
static int parse_prefix_word(const char *w, struct route_args *a,
			     bool *is_default)
{
	char msg[96], net[PREFIX_STR_LEN];
	struct ovx_prefix masked;

	if (!strcmp(w, "default")) {
		*is_default = true;
		return OVX_EXIT_OK;
	}
	if (parse_prefix(w, &a->prefix))
		return invarg(BAD_PREFIX, w);
	if (prefix_has_host_bits(&a->prefix, &masked)) {
		snprintf(msg, sizeof(msg), "host bits set (the prefix is %s)",
			 format_prefix(&masked, net, sizeof(net)));
		return invarg(msg, w);
	}
	a->has_prefix = true;
	return OVX_EXIT_OK;
}

int route_parse(int argc, char **argv, enum route_verb verb,
		struct route_args *a)
{
	bool is_default = false;
	const char *prefix_word = NULL, *via_word = NULL;
	int ret;

	memset(a, 0, sizeof(*a));
	a->via.family = AF_UNSPEC;

	if (verb != ROUTE_SHOW) {
		if (argc <= 0 || is_keyword(argv[0]))
			return missarg("PREFIX");
		prefix_word = argv[0];
		ret = parse_prefix_word(argv[0], a, &is_default);
		if (ret)
			return ret;
		argc--, argv++;
	}

	while (argc > 0) {
		if (!strcmp(*argv, "via") && verb == ROUTE_ADD) {
			NEXT_ARG();
			if (via_word)
				return duparg("via", *argv);
			if (parse_addr(*argv, &a->via))
				return invarg(BAD_ADDR, *argv);
			via_word = *argv;
		} else if (!strcmp(*argv, "router")) {
			NEXT_ARG();
			if (a->router)
				return duparg("router", *argv);
			if (check_net_name(*argv))
				return invarg(BAD_ROUTER_NAME, *argv);
			a->router = *argv;
		} else {
			return unknown_arg(OBJ, *argv);
		}
		argc--, argv++;
	}

	if (is_default) {
		if (a->via.family == AF_UNSPEC)
			return invarg(AMBIGUOUS, prefix_word);
		memset(&a->prefix, 0, sizeof(a->prefix));
		a->prefix.addr.family = a->via.family;
		a->has_prefix = true;
	}
	if (via_word && a->via.family != a->prefix.addr.family)
		return invarg("not of the family of the prefix", via_word);
	if (verb != ROUTE_SHOW && !a->router)
		return missarg("router");
	return OVX_EXIT_OK;
}

static void format_what(char *buf, size_t len, const char *verb,
			const struct route_args *a)
{
	char p[PREFIX_STR_LEN];

	snprintf(buf, len, "cannot %s route %s of router \"%s\"", verb,
		 format_prefix(&a->prefix, p, sizeof(p)), a->router);
}

static int route_add_del(struct ovx_cli *cli, int argc, char **argv,
			 enum route_verb verb)
{
	struct route_args a;
	struct ovx_route rt;
	char what[160];
	int ret, err;

	ret = route_parse(argc, argv, verb, &a);
	if (ret)
		return ret;
	if (!cli_ctx(cli))
		return OVX_EXIT_ERR;
	if (verb == ROUTE_ADD) {
		OVX_INIT(&rt);
		/* route_parse() checked the length. */
		memcpy(rt.router, a.router, strlen(a.router) + 1);
		rt.prefix = a.prefix;
		rt.via = a.via;
		err = ovx_route_add(cli->ctx, &rt);
	} else {
		err = ovx_route_del(cli->ctx, a.router, &a.prefix);
	}
	if (err) {
		format_what(what, sizeof(what),
			    verb == ROUTE_ADD ? "add" : "delete", &a);
		return cli_error(cli, err, what);
	}
	return OVX_EXIT_OK;
}

void print_route(const struct ovx_route *rt)
{
	char buf[PREFIX_STR_LEN];

	open_json_object(NULL);
	print_string(PRINT_ANY, "prefix", "%s",
		     format_prefix(&rt->prefix, buf, sizeof(buf)));
	if (rt->via.family != AF_UNSPEC)
		print_string(PRINT_ANY, "via", " via %s",
			     format_addr(&rt->via, buf, sizeof(buf)));
	print_string(PRINT_ANY, "router", " router %s", rt->router);
	print_string(PRINT_ANY, "net", " net %s", rt->net);
	print_nl();
	close_json_object();
}

static int show_one(const struct ovx_route *rt, void *arg)
{
	(void)arg;
	print_route(rt);
	return 0;
}

static int route_show(struct ovx_cli *cli, int argc, char **argv)
{
	struct route_args a;
	char what[96];
	int ret, err;

	ret = route_parse(argc, argv, ROUTE_SHOW, &a);
	if (ret)
		return ret;
	if (!cli_ctx(cli))
		return OVX_EXIT_ERR;

	new_json_obj(cli->json);
	err = ovx_route_dump(cli->ctx, a.router, show_one, cli);
	delete_json_obj();
	fflush(stdout);
	if (err == -EINTR) {
		fprintf(stderr, "Error: the routes changed during the dump; the list may be inconsistent.\n");
		return OVX_EXIT_ERR;
	}
	if (err) {
		if (a.router)
			snprintf(what, sizeof(what),
				 "cannot list the routes of router \"%s\"",
				 a.router);
		else
			snprintf(what, sizeof(what), "cannot list the routes");
		return cli_error(cli, err, what);
	}
	return OVX_EXIT_OK;
}

int do_route(struct ovx_cli *cli, int argc, char **argv)
{
	if (argc <= 0)
		return route_show(cli, 0, NULL);
	if (!strcmp(*argv, "add"))
		return route_add_del(cli, argc - 1, argv + 1, ROUTE_ADD);
	if (!strcmp(*argv, "del") || !strcmp(*argv, "delete"))
		return route_add_del(cli, argc - 1, argv + 1, ROUTE_DEL);
	if (!strcmp(*argv, "show") || !strcmp(*argv, "list"))
		return route_show(cli, argc - 1, argv + 1);
	if (!strcmp(*argv, "help")) {
		print_object_usage(stdout, OBJ);
		return OVX_EXIT_OK;
	}
	return unknown_cmd(OBJ, *argv);
}
