// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * ovx: the global options, the object table, help, and the dispatch of a
 * command or a batch.
 */
#define _GNU_SOURCE		/* setns() */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "ovx.h"

#ifndef OVX_VERSION
#error "OVX_VERSION must be defined by the build (see lib/version.mk)"
#endif

#define NETNS_RUN_DIR "/run/netns"

/*
 * The grammar of every object, one line per form, without the leading
 * "ovx ".  "ovx help" prints all of it and "ovx OBJECT help" its own
 * part, through print_object_usage(), so there is one copy only.
 */
static const char *const switch_grammar[] = {
	"switch add NAME local ADDR [dstport PORT] [ttl N] [tos N] [df set|unset] [encap vxlan|geneve] [[no]udp6zerocsumtx] [[no]udp6zerocsumrx]",
	"switch set NAME [service-rate N] [service-burst N] [dns-upstream ADDR|none]...",
	"switch del NAME | show [NAME]",
	NULL,
};

static const char *const net_grammar[] = {
	"net add NAME vni VNI [switch SW] [learning on|off] [ageing SECONDS] [fdb-max N] [arp-suppress on|off] [flood-unknown on|off] [SETTINGS of net set]...",
	"net set NAME [learning on|off] [ageing SECONDS] [fdb-max N] [arp-suppress on|off] [flood-unknown on|off] [dhcp on|off] [dns on|off] [domain NAME|default] [lease SECONDS] [dns-server ADDR|none]... [service ADDR[/LEN]]",
	"net del NAME | show [NAME]",
	NULL,
};

static const char *const port_grammar[] = {
	"port add dev IFNAME net NAME [mac MAC] [ip ADDR]... [name NAME] [standby] [seq N]",
	"port del dev IFNAME | show [net NAME | dev IFNAME]",
	NULL,
};

static const char *const peer_grammar[] = {
	"peer add ADDR [switch SW] [net NAME]... | del ADDR [switch SW] [net NAME]... | show [ADDR] [switch SW]",
	NULL,
};

static const char *const fdb_grammar[] = {
	"fdb add MAC net NAME (dev IFNAME | peer ADDR) [seq N] | del MAC net NAME",
	"fdb show [net NAME] [dev IFNAME | peer ADDR] [static | learned]",
	"fdb get MAC net NAME",
	"fdb flush [net NAME] [dev IFNAME | peer ADDR] [learned]",
	NULL,
};

static const char *const neigh_grammar[] = {
	"neigh add ADDR lladdr MAC net NAME (dev IFNAME | peer ADDR) [name NAME] | del ADDR net NAME",
	"neigh show [net NAME] [dev IFNAME | peer ADDR] [static | learned]",
	NULL,
};

static const char *const router_grammar[] = {
	"router add NAME [switch SW] [mac MAC] | del NAME | show [NAME]",
	"router attach NAME net NET ip ADDR/LEN [ip ADDR/LEN]... | detach NAME net NET",
	NULL,
};

static const char *const route_grammar[] = {
	"route add PREFIX [via ADDR] router NAME | del PREFIX router NAME | show [router NAME]",
	NULL,
};

static const char *const service_grammar[] = {
	"service show [net NAME]",
	NULL,
};

static const char *const topology_grammar[] = {
	"topology apply FILE [host NAME] [etcd URL] [revision N] [dry-run] [wait [SECONDS]]",
	"topology status etcd URL",
	NULL,
};

static const char *const monitor_grammar[] = {
	"monitor [fdb | port | neigh | all]",
	NULL,
};

static const char *const help_grammar[] = {
	"help [OBJECT]",
	NULL,
};

const struct ovx_grammar ovx_grammar[] = {
	{ "switch", switch_grammar },
	{ "net", net_grammar },
	{ "port", port_grammar },
	{ "peer", peer_grammar },
	{ "fdb", fdb_grammar },
	{ "neigh", neigh_grammar },
	{ "router", router_grammar },
	{ "route", route_grammar },
	{ "service", service_grammar },
	{ "topology", topology_grammar },
	{ "monitor", monitor_grammar },
	{ "help", help_grammar },
	{ NULL, NULL },
};

/*
 * The objects do_cmd() knows, matched exactly, in the order of
 * ovx_grammar[] (see cli/ovx.h for what an object handler does).
 */
const struct ovx_cmd ovx_cmds[] = {
	{ "switch", do_switch },
	{ "net", do_net },
	{ "port", do_port },
	{ "peer", do_peer },
	{ "fdb", do_fdb },
	{ "neigh", do_neigh },
	{ "router", do_router },
	{ "route", do_route },
	{ "service", do_service },
	{ "topology", do_topology },
	{ "monitor", do_monitor },
	{ "help", do_help },
	{ NULL, NULL },
};

enum opt_id {
	OPT_JSON,
	OPT_PRETTY,
	OPT_STATS,
	OPT_DETAILS,
	OPT_NETNS,
	OPT_BATCH,
	OPT_FORCE,
	OPT_VERSION,
	OPT_HELP,
};

/*
 * The global options, matched exactly: the short form, the long form and
 * an explicit alias.  "--long" is taken as "-long".  @synopsis is how the
 * option shows in the first usage line (NULL: not shown there).
 */
static const struct option_def {
	enum opt_id id;
	const char *shrt;
	const char *lng;
	const char *alias;
	const char *arg;
	const char *synopsis;
	const char *help;
} options[] = {
	{ OPT_JSON, "-j", "-json", NULL, NULL, "-j[son]",
	  "print JSON" },
	{ OPT_PRETTY, "-p", "-pretty", NULL, NULL, "-p[retty]",
	  "indent the JSON output" },
	{ OPT_STATS, "-s", "-stats", NULL, NULL, "-s[tats]",
	  "show statistics; repeat for more" },
	{ OPT_DETAILS, "-d", "-details", NULL, NULL, NULL,
	  "show details: interface indexes, the underlay MTU, the age of static FDB entries" },
	{ OPT_NETNS, "-n", "-netns", NULL, "NAME", "-n[etns] NAME",
	  "run in network namespace NAME (" NETNS_RUN_DIR "/NAME)" },
	{ OPT_BATCH, "-b", "-batch", NULL, "FILE", "-b[atch] FILE",
	  "run the commands in FILE (\"-\": standard input)" },
	{ OPT_FORCE, NULL, "-force", NULL, NULL, "-force",
	  "in a batch, go on after a failed command" },
	{ OPT_VERSION, "-V", "-Version", "-version", NULL, "-V",
	  "print the version and exit" },
	{ OPT_HELP, "-h", "-help", NULL, NULL, NULL,
	  "print this help and exit" },
};

#define N_OPTIONS (sizeof(options) / sizeof(options[0]))

int print_object_usage(FILE *fp, const char *object)
{
	const struct ovx_grammar *g;
	const char *const *line;

	for (g = ovx_grammar; g->object; g++) {
		if (strcmp(g->object, object))
			continue;
		for (line = g->lines; *line; line++)
			fprintf(fp, "%s ovx %s\n",
				line == g->lines ? "Usage:" : "      ", *line);
		return 0;
	}
	return -1;
}

static void usage(FILE *fp)
{
	const struct ovx_grammar *g;
	const char *const *line;
	size_t i;

	fputs("Usage: ovx", fp);
	for (i = 0; i < N_OPTIONS; i++)
		if (options[i].synopsis)
			fprintf(fp, " [%s]", options[i].synopsis);
	fputs(" OBJECT COMMAND ...\n", fp);
	for (g = ovx_grammar; g->object; g++)
		for (line = g->lines; *line; line++)
			fprintf(fp, "       ovx %s\n", *line);

	fputs("\nwhere  OBJECT := {", fp);
	for (g = ovx_grammar; g->object; g++)
		fprintf(fp, "%s %s", g == ovx_grammar ? "" : " |", g->object);
	fputs(" }\n\nOptions:\n", fp);
	for (i = 0; i < N_OPTIONS; i++) {
		char forms[64];

		snprintf(forms, sizeof(forms), "%s%s%s%s%s",
			 options[i].shrt ? options[i].shrt : "",
			 options[i].shrt ? ", " : "", options[i].lng,
			 options[i].arg ? " " : "",
			 options[i].arg ? options[i].arg : "");
		fprintf(fp, "  %-20s %s\n", forms, options[i].help);
	}
	fputs("Options may also be written with two dashes (--json).\n", fp);
}

int do_help(struct ovx_cli *cli, int argc, char **argv)
{
	(void)cli;
	if (argc == 0) {
		usage(stdout);
		return OVX_EXIT_OK;
	}
	if (argc > 1) {
		fprintf(stderr, "Error: \"help\" takes at most one OBJECT.\n");
		return OVX_EXIT_USAGE;
	}
	if (print_object_usage(stdout, argv[0])) {
		fprintf(stderr, "Object \"%s\" is unknown, try \"ovx help\".\n",
			argv[0]);
		return OVX_EXIT_USAGE;
	}
	return OVX_EXIT_OK;
}

/* After a successful request: "Warning: <message>" if the kernel sent one. */
static void cli_warning(struct ovx_cli *cli)
{
	const char *msg = ovx_errmsg(cli->ctx);

	if (msg)
		fprintf(stderr, "Warning: %s\n", msg);
}

int do_cmd(struct ovx_cli *cli, int argc, char **argv)
{
	const struct ovx_cmd *c;
	int ret;

	for (c = cli->cmds; c->name; c++) {
		if (strcmp(c->name, argv[0]))
			continue;
		cli->ctx_used = false;
		ret = c->func(cli, argc - 1, argv + 1);
		/* A handler returning -1, iproute2 style, has failed. */
		if (ret < 0 || ret > OVX_EXIT_USAGE)
			ret = OVX_EXIT_ERR;
		/*
		 * The message is the last request's, and the context lives on
		 * through a batch: a command that did not use it (help) must
		 * not repeat the warning of the line before.
		 */
		if (ret == OVX_EXIT_OK && cli->ctx_used)
			cli_warning(cli);
		return ret;
	}
	fprintf(stderr, "Object \"%s\" is unknown, try \"ovx help\".\n",
		argv[0]);
	return OVX_EXIT_USAGE;
}

static void no_module(void)
{
	fprintf(stderr, "ovx: the ovx kernel module is not loaded (generic netlink family \"ovx\" not found)\n");
}

struct ovx_ctx *cli_ctx(struct ovx_cli *cli)
{
	int err;

	cli->ctx_used = true;
	if (cli->ctx)
		return cli->ctx;
	err = ovx_open(&cli->ctx);
	if (!err)
		return cli->ctx;
	if (err == -EPROTONOSUPPORT)
		no_module();
	else
		fprintf(stderr, "ovx: cannot open a generic netlink socket: %s\n",
			strerror(-err));
	return NULL;
}

int cli_error(struct ovx_cli *cli, int err, const char *what)
{
	const char *msg = ovx_errmsg(cli->ctx);

	/* libovx reserves it for a missing module (see ovx_switch_add()). */
	if (err == -EPROTONOSUPPORT) {
		no_module();
		return OVX_EXIT_ERR;
	}
	if (msg)
		fprintf(stderr, "Error: %s\n", msg);
	else if (what)
		fprintf(stderr, "Error: %s: %s\n", what, strerror(-err));
	else
		fprintf(stderr, "Error: %s\n", strerror(-err));
	return OVX_EXIT_ERR;
}

int cli_ifindex(struct ovx_cli *cli, const char *name, int *ifindex)
{
	char what[64];
	int ret;

	ret = ovx_ifindex(cli->ctx, name);
	if (ret < 0) {
		snprintf(what, sizeof(what), "cannot find device \"%s\"", name);
		return cli_error(cli, ret, what);
	}
	*ifindex = ret;
	return OVX_EXIT_OK;
}

int cli_only_switch(struct ovx_cli *cli, int *ifindex)
{
	struct ovx_switch sw;
	int err;

	OVX_INIT(&sw);
	err = ovx_switch_get_only(cli->ctx, &sw);
	switch (err) {
	case 0:
		*ifindex = sw.ifindex;
		return OVX_EXIT_OK;
	case -ENODEV:
		fprintf(stderr, "Error: no switch in this namespace, create one with 'ovx switch add'\n");
		return OVX_EXIT_ERR;
	case -ENOTUNIQ:
		fprintf(stderr, "Error: several switches: say which with 'switch NAME'\n");
		return OVX_EXIT_ERR;
	default:
		return cli_error(cli, err, "cannot list the switches");
	}
}

void print_stats(const struct ovx_stats *st)
{
	open_json_object("stats");
	print_stats_members(st);
	close_json_object();
}

void print_stats_members(const struct ovx_stats *st)
{
	print_string(PRINT_FP, NULL, "%s", "    RX:");
	print_u64(PRINT_ANY, "rx_packets", " packets %" PRIu64,
		  st->v[OVX_STAT_RX_PACKETS]);
	print_u64(PRINT_ANY, "rx_bytes", " bytes %" PRIu64, st->v[OVX_STAT_RX_BYTES]);
	print_u64(PRINT_ANY, "rx_dropped", " dropped %" PRIu64,
		  st->v[OVX_STAT_RX_DROPPED]);
	print_string(PRINT_FP, NULL, "%s", "  TX:");
	print_u64(PRINT_ANY, "tx_packets", " packets %" PRIu64,
		  st->v[OVX_STAT_TX_PACKETS]);
	print_u64(PRINT_ANY, "tx_bytes", " bytes %" PRIu64, st->v[OVX_STAT_TX_BYTES]);
	print_u64(PRINT_ANY, "tx_dropped", " dropped %" PRIu64,
		  st->v[OVX_STAT_TX_DROPPED]);
}

/* Enters /run/netns/NAME, as "ip -n NAME" does (without remounting /sys). */
static int netns_switch(const char *name)
{
	char path[PATH_MAX];
	int fd;

	if (!*name || strchr(name, '/') || !strcmp(name, ".") ||
	    !strcmp(name, "..") ||
	    snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR, name) >=
		    (int)sizeof(path))
		return invarg("not a network namespace name", name);

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "Cannot open network namespace \"%s\": %s\n",
			name, strerror(errno));
		return OVX_EXIT_ERR;
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
		fprintf(stderr, "Cannot enter network namespace \"%s\": %s\n",
			name, strerror(errno));
		close(fd);
		return OVX_EXIT_ERR;
	}
	close(fd);
	return OVX_EXIT_OK;
}

static const struct option_def *find_option(const char *arg)
{
	size_t i;

	/* "--json" is "-json"; "--" itself was handled by the caller. */
	if (arg[0] == '-' && arg[1] == '-')
		arg++;
	for (i = 0; i < N_OPTIONS; i++) {
		const struct option_def *o = &options[i];

		if ((o->shrt && !strcmp(arg, o->shrt)) ||
		    !strcmp(arg, o->lng) ||
		    (o->alias && !strcmp(arg, o->alias)))
			return o;
	}
	return NULL;
}

/*
 * Consumes the global options from argc and argv.  Returns -1 to go on
 * with the command, or the exit code to stop with (-V and -h stop too).
 */
static int parse_options(struct ovx_cli *cli, int *argcp, char ***argvp)
{
	int argc = *argcp;
	char **argv = *argvp;
	int ret = -1;

	while (argc > 0 && argv[0][0] == '-') {
		const struct option_def *o;
		const char *val = NULL;

		if (!strcmp(argv[0], "--")) {
			argc--, argv++;
			break;
		}
		o = find_option(argv[0]);
		if (!o) {
			fprintf(stderr, "Option \"%s\" is unknown, try \"ovx -help\".\n",
				argv[0]);
			return OVX_EXIT_USAGE;
		}
		if (o->arg) {
			if (argc < 2)
				return missval(argv[0]);
			val = argv[1];
			argc--, argv++;
		}

		switch (o->id) {
		case OPT_JSON:
			cli->json = 1;
			break;
		case OPT_PRETTY:
			cli->pretty = 1;
			break;
		case OPT_STATS:
			cli->stats++;
			break;
		case OPT_DETAILS:
			cli->details++;
			break;
		case OPT_NETNS:
			if (cli->netns)
				return duparg("-netns", val);
			cli->netns = val;
			break;
		case OPT_BATCH:
			if (cli->batch)
				return duparg("-batch", val);
			cli->batch = val;
			break;
		case OPT_FORCE:
			cli->force = true;
			break;
		case OPT_VERSION:
			printf("ovx %s, libovx %s\n", OVX_VERSION,
			       ovx_lib_version());
			return OVX_EXIT_OK;
		case OPT_HELP:
			usage(stdout);
			return OVX_EXIT_OK;
		}
		argc--, argv++;
	}
	*argcp = argc;
	*argvp = argv;
	return ret;
}

int ovx_run(int argc, char **argv, const struct ovx_cmd *cmds)
{
	struct ovx_cli cli = { .cmds = cmds };
	int ret;

	/* Skip the program name. */
	argc--, argv++;
	ret = parse_options(&cli, &argc, &argv);
	if (ret >= 0)
		goto out;

	if (cli.batch && argc > 0) {
		fprintf(stderr, "Error: -batch takes no OBJECT on the command line (\"%s\").\n",
			argv[0]);
		ret = OVX_EXIT_USAGE;
		goto out;
	}
	if (!cli.batch && argc == 0) {
		usage(stderr);
		ret = OVX_EXIT_USAGE;
		goto out;
	}
	if (cli.netns) {
		ret = netns_switch(cli.netns);
		if (ret)
			goto out;
	}
	set_json_pretty(cli.pretty);

	if (cli.batch)
		ret = do_batch(&cli, cli.batch);
	else
		ret = do_cmd(&cli, argc, argv);
out:
	ovx_close(cli.ctx);
	fflush(stdout);
	return ret;
}

int ovx_main(int argc, char **argv)
{
	return ovx_run(argc, argv, ovx_cmds);
}
