// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * ovx topology: apply a topology file to this host (its part of it), or
 * write it to etcd for every host's ovxd; show the cluster's status.
 */
#define _GNU_SOURCE		/* open_memstream() */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovx.h"
#include "topo/cluster.h"
#include "topo/reconcile.h"
#include "topo/topo.h"

#define OBJ "topology"

struct apply_args {
	const char *file;
	const char *host;
	const char *etcd;
	bool dry_run;
	int wait_secs;		/* -1: no wait */
	int64_t revision;	/* -1: any */
};

static int parse_apply(int argc, char **argv, struct apply_args *a)
{
	a->wait_secs = -1;
	a->revision = -1;
	if (argc <= 0)
		return missarg("FILE");
	a->file = *argv;
	argc--, argv++;
	while (argc > 0) {
		if (!strcmp(*argv, "host")) {
			NEXT_ARG();
			if (a->host)
				return duparg("host", *argv);
			a->host = *argv;
		} else if (!strcmp(*argv, "etcd")) {
			NEXT_ARG();
			if (a->etcd)
				return duparg("etcd", *argv);
			a->etcd = *argv;
		} else if (!strcmp(*argv, "dry-run")) {
			a->dry_run = true;
		} else if (!strcmp(*argv, "revision")) {
			char *end;
			long long rev;

			NEXT_ARG();
			if (a->revision >= 0)
				return duparg("revision", *argv);
			errno = 0;
			rev = strtoll(*argv, &end, 10);
			if (errno || end == *argv || *end || rev < 0 ||
			    !isdigit((unsigned char)**argv))
				return invarg("a revision is a number", *argv);
			a->revision = rev;
		} else if (!strcmp(*argv, "wait")) {
			uint32_t secs;

			if (a->wait_secs >= 0)
				return duparg("wait", *argv);
			a->wait_secs = 0;
			if (NEXT_ARG_OK() && !parse_u32(argv[1], 86400, &secs)) {
				argc--, argv++;
				a->wait_secs = (int)secs;
			}
		} else {
			return unknown_arg(OBJ, *argv);
		}
		argc--, argv++;
	}
	if (a->host && a->etcd)
		return conflict("host", "etcd");
	if (a->revision >= 0 && !a->etcd)
		return missarg("etcd");
	return OVX_EXIT_OK;
}

/* The plan lines, one string each, for the JSON "plan" array. */
static void print_plan_json(const char *buf)
{
	const char *p = buf;

	open_json_array(PRINT_JSON, "plan");
	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *line = strndup(p, len);

		if (line)
			print_string(PRINT_JSON, NULL, NULL, line);
		free(line);
		p = nl ? nl + 1 : NULL;
	}
	close_json_array(PRINT_JSON, NULL);
}

static int apply_file(struct ovx_cli *cli, const struct topo *t,
		      const struct apply_args *a)
{
	struct topo_reconcile_opts opts = { .dry_run = a->dry_run };
	struct topo_reconcile_stats st;
	struct topo_errors errs = { 0 };
	struct topo_part part;
	const char *host = a->host;
	char *planbuf = NULL, state_dir[4096];
	size_t planlen = 0;
	struct ovx_ctx *ctx;
	char err[1024];
	int ret;

	if (!host) {
		host = topo_self(t);
		if (!host) {
			fprintf(stderr,
				"Error: %s: which host is this? No host of the topology has this machine's hostname or one of its addresses: say it with 'host NAME'\n",
				t->file);
			return OVX_EXIT_ERR;
		}
	}
	if (topo_part_compute(t, host, NULL, NULL, &part, &errs)) {
		topo_errors_print(&errs, stderr);
		topo_errors_free(&errs);
		return OVX_EXIT_ERR;
	}
	ctx = cli_ctx(cli);
	if (!ctx) {
		topo_part_free(&part);
		return OVX_EXIT_ERR;
	}
	/* Each namespace has its own switches, so its own state. */
	if (cli->netns) {
		snprintf(state_dir, sizeof(state_dir), "/run/ovx/netns/%s",
			 cli->netns);
		opts.state_dir = state_dir;
	}
	opts.plan = cli->json ? open_memstream(&planbuf, &planlen) : stdout;
	if (!opts.plan) {
		topo_part_free(&part);
		return cli_error(cli, -ENOMEM, NULL);
	}
	ret = topo_reconcile(ctx, &part, &opts, &st, err, sizeof(err));
	if (cli->json)
		fclose(opts.plan);
	topo_part_free(&part);
	if (ret) {
		free(planbuf);
		fprintf(stderr, "Error: %s\n", err[0] ? err : strerror(-ret));
		return OVX_EXIT_ERR;
	}
	if (cli->json) {
		/* One object, not the array of a show. */
		new_json_line(cli->json);
		open_json_object(NULL);
		print_uint(PRINT_JSON, "created", NULL, st.created);
		print_uint(PRINT_JSON, "changed", NULL, st.changed);
		print_uint(PRINT_JSON, "removed", NULL, st.removed);
		print_uint(PRINT_JSON, "writes", NULL, st.writes);
		print_uint(PRINT_JSON, "pending", NULL, st.pending);
		print_plan_json(planbuf);
		close_json_object();
		delete_json_obj();
		free(planbuf);
		return OVX_EXIT_OK;
	}
	printf("%u created, %u changed, %u removed", st.created, st.changed,
	       st.removed);
	if (st.pending)
		printf(", %u pending (device absent)", st.pending);
	printf("\n");
	return OVX_EXIT_OK;
}

static int do_apply(struct ovx_cli *cli, int argc, char **argv)
{
	struct topo_errors errs = { 0 };
	struct apply_args a = { 0 };
	struct topo t;
	int ret;

	ret = parse_apply(argc, argv, &a);
	if (ret)
		return ret;
	memset(&t, 0, sizeof(t));
	if (topo_load_file(a.file, &t, &errs)) {
		topo_errors_print(&errs, stderr);
		topo_errors_free(&errs);
		return OVX_EXIT_ERR;
	}
	if (a.etcd)
		ret = topology_apply_etcd_rev(&t, a.etcd, a.dry_run,
					      a.wait_secs, cli->json,
					      a.revision);
	else
		ret = apply_file(cli, &t, &a);
	topo_free(&t);
	return ret;
}

int do_topology(struct ovx_cli *cli, int argc, char **argv)
{
	if (argc <= 0)
		return incomplete_command();
	if (!strcmp(*argv, "apply"))
		return do_apply(cli, argc - 1, argv + 1);
	if (!strcmp(*argv, "status"))
		return topology_status_json(argc - 1, argv + 1, cli->json);
	if (!strcmp(*argv, "help")) {
		print_object_usage(stdout, OBJ);
		return OVX_EXIT_OK;
	}
	return unknown_cmd(OBJ, *argv);
}
