// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * ovx fdb: add, delete, show and flush the entries of the forwarding
 * databases of networks.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "fdb.h"
#include "ovx.h"

#define OBJ "fdb"

#define BAD_IFNAME "not an interface name (1-15 characters, no '/', ':' or blank)"
#define BAD_NET_NAME "not a network name (1-31 letters, digits, '-', '_' or '.')"

/* What each verb takes besides a leading MAC. */
static const struct {
	bool mac;		/* MAC first, required */
	bool net_required;
	bool dest;		/* dev IFNAME | peer ADDR */
	bool dest_required;
	bool kind;		/* static | learned */
	bool learned;		/* learned */
} verbs[] = {
	[FDB_ADD] = { .mac = true, .net_required = true, .dest = true,
		      .dest_required = true },
	[FDB_DEL] = { .mac = true, .net_required = true },
	[FDB_SHOW] = { .dest = true, .kind = true },
	[FDB_FLUSH] = { .dest = true, .learned = true },
	[FDB_GET] = { .mac = true, .net_required = true },
};

static bool is_keyword(const char *w)
{
	return !strcmp(w, "net") || !strcmp(w, "dev") || !strcmp(w, "peer") ||
	       !strcmp(w, "static") || !strcmp(w, "learned") ||
	       !strcmp(w, "seq");
}

static int parse_kind(const char *w, struct fdb_args *a)
{
	enum ovx_fdb_kind kind = !strcmp(w, "static") ? OVX_FDB_KIND_STATIC :
							OVX_FDB_KIND_LEARNED;

	if (a->kind == kind)
		return duparg(w, w);
	if (a->kind != OVX_FDB_KIND_ANY)
		return conflict(w, kind == OVX_FDB_KIND_STATIC ? "learned" :
								 "static");
	a->kind = kind;
	return OVX_EXIT_OK;
}

int fdb_parse(int argc, char **argv, enum fdb_verb verb,
	      struct fdb_args *a)
{
	int ret;

	memset(a, 0, sizeof(*a));
	a->peer.family = AF_UNSPEC;

	if (verbs[verb].mac) {
		if (argc <= 0 || is_keyword(argv[0]))
			return missarg("MAC");
		if (parse_mac(argv[0], a->mac))
			return invarg("not a MAC address (xx:xx:xx:xx:xx:xx)",
				      argv[0]);
		a->has_mac = true;
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
				return invarg("not an IPv4 or IPv6 address",
					      *argv);
		} else if (!strcmp(*argv, "seq") && verb == FDB_ADD) {
			NEXT_ARG();
			if (a->has_seq)
				return duparg("seq", *argv);
			if (parse_u32(*argv, OVX_MOVE_SEQ_MAX, &a->seq))
				return invarg("a move sequence is 0 to 65535",
					      *argv);
			a->has_seq = true;
		} else if (((!strcmp(*argv, "static") ||
			     !strcmp(*argv, "learned")) && verbs[verb].kind) ||
			   (!strcmp(*argv, "learned") && verbs[verb].learned)) {
			ret = parse_kind(*argv, a);
			if (ret)
				return ret;
		} else {
			return unknown_arg(OBJ, *argv);
		}
		argc--, argv++;
	}

	if (verbs[verb].net_required && !a->net)
		return missarg("net");
	if (verbs[verb].dest_required && !a->dev &&
	    a->peer.family == AF_UNSPEC)
		return missarg_either("dev", "peer");
	return OVX_EXIT_OK;
}

/* The filter of show and flush, with the device resolved. */
static int make_filter(struct ovx_cli *cli, const struct fdb_args *a,
		       struct ovx_fdb_filter *f)
{
	OVX_INIT(f);
	f->net = a->net;
	f->peer = a->peer;
	f->kind = a->kind;
	if (a->dev)
		return cli_ifindex(cli, a->dev, &f->port_ifindex);
	return OVX_EXIT_OK;
}

static void format_what(char *buf, size_t len, const char *verb,
			const struct fdb_args *a)
{
	char mac[MAC_STR_LEN];

	snprintf(buf, len, "cannot %s %s in network \"%s\"", verb,
		 format_mac(a->mac, mac, sizeof(mac)), a->net);
}

static int fdb_add(struct ovx_cli *cli, int argc, char **argv)
{
	struct ovx_fdb_entry e;
	struct fdb_args a;
	char what[96];
	int ret, err;

	ret = fdb_parse(argc, argv, FDB_ADD, &a);
	if (ret)
		return ret;
	if (!cli_ctx(cli))
		return OVX_EXIT_ERR;

	OVX_INIT(&e);
	/* fdb_parse() checked the length. */
	memcpy(e.net, a.net, strlen(a.net) + 1);
	memcpy(e.mac, a.mac, sizeof(e.mac));
	e.peer = a.peer;
	e.seq = a.seq;
	if (a.dev) {
		ret = cli_ifindex(cli, a.dev, &e.port_ifindex);
		if (ret)
			return ret;
	}
	err = ovx_fdb_add(cli->ctx, &e);
	if (err) {
		format_what(what, sizeof(what), "add", &a);
		return cli_error(cli, err, what);
	}
	return OVX_EXIT_OK;
}

static int fdb_del(struct ovx_cli *cli, int argc, char **argv)
{
	struct fdb_args a;
	char what[96];
	int ret, err;

	ret = fdb_parse(argc, argv, FDB_DEL, &a);
	if (ret)
		return ret;
	if (!cli_ctx(cli))
		return OVX_EXIT_ERR;
	err = ovx_fdb_del(cli->ctx, a.net, a.mac);
	if (err) {
		format_what(what, sizeof(what), "delete", &a);
		return cli_error(cli, err, what);
	}
	return OVX_EXIT_OK;
}

void print_fdb_members(const struct ovx_fdb_entry *e, bool event)
{
	bool is_static = e->flags & OVX_FDB_ENTRY_STATIC;
	char mac[MAC_STR_LEN], addr[ADDR_STR_LEN];

	print_string(PRINT_ANY, "mac", "%s",
		     format_mac(e->mac, mac, sizeof(mac)));
	print_string(PRINT_ANY, "net", " net %s", e->net);
	print_uint(PRINT_ANY, "vni", " vni %u", e->vni);
	if (e->port_ifindex) {
		print_string(PRINT_ANY, "dev", " dev %s", e->port_name);
	} else {
		print_string(PRINT_ANY, "peer", " peer %s",
			     format_addr(&e->peer, addr, sizeof(addr)));
		/* Only entries learnt from a Geneve peer have one. */
		if (e->remote_port)
			print_uint(PRINT_ANY, "remote_port", " remote-port %u",
				   e->remote_port);
	}
	/* Only addresses that moved or will: absent reads as 0. */
	if (e->seq)
		print_uint(PRINT_ANY, "seq", " seq %u", e->seq);
	print_bool(PRINT_JSON, "static", NULL, is_static);
	print_uint(PRINT_JSON, "age", NULL, e->age);
	/* The age of a static entry means nothing to its user. */
	if (!event && is_static)
		print_string(PRINT_FP, NULL, "%s", " static");
	else if (!event)
		print_uint(PRINT_FP, NULL, " learned age %u", e->age);
}

void print_fdb(const struct ovx_cli *cli, const struct ovx_fdb_entry *e)
{
	open_json_object(NULL);
	print_fdb_members(e, false);
	/* -d: in text too what JSON always has. */
	if (cli->details && (e->flags & OVX_FDB_ENTRY_STATIC))
		print_uint(PRINT_FP, NULL, " age %u", e->age);
	print_nl();
	close_json_object();
}

static int show_one(const struct ovx_fdb_entry *e, void *arg)
{
	print_fdb(arg, e);
	return 0;
}

static int fdb_show(struct ovx_cli *cli, int argc, char **argv)
{
	struct ovx_fdb_filter f;
	struct fdb_args a;
	int ret, err;

	ret = fdb_parse(argc, argv, FDB_SHOW, &a);
	if (ret)
		return ret;
	if (!cli_ctx(cli))
		return OVX_EXIT_ERR;
	ret = make_filter(cli, &a, &f);
	if (ret)
		return ret;

	new_json_obj(cli->json);
	err = ovx_fdb_dump(cli->ctx, &f, show_one, cli);
	delete_json_obj();
	fflush(stdout);
	if (err == -EINTR) {
		fprintf(stderr, "Error: the FDB changed during the dump; the list may be inconsistent.\n");
		return OVX_EXIT_ERR;
	}
	if (err)
		return cli_error(cli, err, "cannot list the FDB");
	return OVX_EXIT_OK;
}

static int fdb_get(struct ovx_cli *cli, int argc, char **argv)
{
	struct ovx_fdb_entry e;
	struct fdb_args a;
	char what[96];
	int ret, err;

	ret = fdb_parse(argc, argv, FDB_GET, &a);
	if (ret)
		return ret;
	if (!cli_ctx(cli))
		return OVX_EXIT_ERR;
	OVX_INIT(&e);
	err = ovx_fdb_get(cli->ctx, a.net, a.mac, &e);
	if (err) {
		format_what(what, sizeof(what), "get", &a);
		return cli_error(cli, err, what);
	}
	/* A list of one, as "fdb show" prints it. */
	new_json_obj(cli->json);
	print_fdb(cli, &e);
	delete_json_obj();
	fflush(stdout);
	return OVX_EXIT_OK;
}

static int fdb_flush(struct ovx_cli *cli, int argc, char **argv)
{
	struct ovx_fdb_filter f;
	struct fdb_args a;
	int ret, err;

	ret = fdb_parse(argc, argv, FDB_FLUSH, &a);
	if (ret)
		return ret;
	if (!cli_ctx(cli))
		return OVX_EXIT_ERR;
	ret = make_filter(cli, &a, &f);
	if (ret)
		return ret;
	err = ovx_fdb_flush(cli->ctx, &f);
	if (err)
		return cli_error(cli, err, "cannot flush the FDB");
	return OVX_EXIT_OK;
}

int do_fdb(struct ovx_cli *cli, int argc, char **argv)
{
	if (argc <= 0)
		return fdb_show(cli, 0, NULL);
	if (!strcmp(*argv, "add"))
		return fdb_add(cli, argc - 1, argv + 1);
	if (!strcmp(*argv, "del") || !strcmp(*argv, "delete"))
		return fdb_del(cli, argc - 1, argv + 1);
	if (!strcmp(*argv, "show") || !strcmp(*argv, "list"))
		return fdb_show(cli, argc - 1, argv + 1);
	if (!strcmp(*argv, "flush"))
		return fdb_flush(cli, argc - 1, argv + 1);
	if (!strcmp(*argv, "get"))
		return fdb_get(cli, argc - 1, argv + 1);
	if (!strcmp(*argv, "help")) {
		print_object_usage(stdout, OBJ);
		return OVX_EXIT_OK;
	}
	return unknown_cmd(OBJ, *argv);
}
