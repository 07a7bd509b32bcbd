// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * ovx monitor: print the kernel's notifications about FDB entries,
 * ports and address bindings as they come, until interrupted.
 */
#define _GNU_SOURCE		/* ppoll() */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "fdb.h"
#include "monitor.h"
#include "neigh.h"
#include "ovx.h"
#include "port.h"

#define OBJ "monitor"

/* The names of enum ovx_fdb_change, as text ("fdb learned"). */
static const char *const change_names[] = {
	[OVX_FDB_ADDED] = "added",
	[OVX_FDB_LEARNED] = "learned",
	[OVX_FDB_MOVED] = "moved",
	[OVX_FDB_AGED] = "aged",
	[OVX_FDB_DELETED] = "deleted",
};

#define N_CHANGES (sizeof(change_names) / sizeof(change_names[0]))

/* The names of enum ovx_neigh_change, as text ("neigh learned"). */
static const char *const neigh_change_names[] = {
	[OVX_NEIGH_ADDED] = "added",
	[OVX_NEIGH_LEARNED] = "learned",
	[OVX_NEIGH_MOVED] = "moved",
	[OVX_NEIGH_AGED] = "aged",
	[OVX_NEIGH_DELETED] = "deleted",
	[OVX_NEIGH_MISS] = "miss",
};

#define N_NEIGH_CHANGES \
	(sizeof(neigh_change_names) / sizeof(neigh_change_names[0]))

int monitor_parse(int argc, char **argv, unsigned int *what)
{
	*what = MONITOR_ALL;
	if (argc <= 0)
		return OVX_EXIT_OK;
	if (!strcmp(argv[0], "fdb"))
		*what = MONITOR_FDB;
	else if (!strcmp(argv[0], "port"))
		*what = MONITOR_PORT;
	else if (!strcmp(argv[0], "neigh"))
		*what = MONITOR_NEIGH;
	else if (strcmp(argv[0], "all"))
		return unknown_cmd(OBJ, argv[0]);
	if (argc > 1)
		return unknown_arg(OBJ, argv[1]);
	return OVX_EXIT_OK;
}

static void print_fdb_event(const struct ovx_event *ev)
{
	unsigned int change = (unsigned int)ev->fdb_change;
	char name[32];

	/* A change from a newer kernel: a number in text, null in JSON. */
	if (change < N_CHANGES) {
		snprintf(name, sizeof(name), "fdb_%s", change_names[change]);
		print_string(PRINT_JSON, "event", NULL, name);
		print_string(PRINT_FP, NULL, "fdb %s ", change_names[change]);
	} else {
		print_null(PRINT_JSON, "event", NULL, NULL);
		print_uint(PRINT_FP, NULL, "fdb %u ", change);
	}
	print_fdb_members(ev->fdb, true);
}

static void print_neigh_event(const struct ovx_event *ev)
{
	unsigned int change = (unsigned int)ev->neigh_change;
	char name[32];

	/* A change from a newer kernel: a number in text, null in JSON. */
	if (change < N_NEIGH_CHANGES) {
		snprintf(name, sizeof(name), "neigh_%s",
			 neigh_change_names[change]);
		print_string(PRINT_JSON, "event", NULL, name);
		print_string(PRINT_FP, NULL, "neigh %s ",
			     neigh_change_names[change]);
	} else {
		print_null(PRINT_JSON, "event", NULL, NULL);
		print_uint(PRINT_FP, NULL, "neigh %u ", change);
	}
	print_neigh_members(ev->neigh, true, change == OVX_NEIGH_MISS);
}

void print_event(const struct ovx_cli *cli, const struct ovx_event *ev,
		 const char *switch_name)
{
	bool added = ev->kind == OVX_EVENT_PORT_ADDED;

	new_json_line(cli->json);
	open_json_object(NULL);
	switch (ev->kind) {
	case OVX_EVENT_FDB:
		print_fdb_event(ev);
		break;
	case OVX_EVENT_PORT_ADDED:
	case OVX_EVENT_PORT_REMOVED:
		print_string(PRINT_JSON, "event", NULL,
			     added ? "port_added" : "port_removed");
		print_string(PRINT_FP, NULL, "port %s ",
			     added ? "added" : "removed");
		print_port_members(cli, ev->port, switch_name, true);
		break;
	case OVX_EVENT_NEIGH:
		print_neigh_event(ev);
		break;
	case OVX_EVENT_NET_CHANGED:
	case OVX_EVENT_NET_REMOVED:
		/* Not monitored (yet): on_event() never passes them. */
		break;
	}
	print_nl();
	close_json_object();
	delete_json_obj();
	fflush(stdout);
}

struct monitor_state {
	struct ovx_cli *cli;
	unsigned int what;
	struct switch_names names;
};

static int on_event(const struct ovx_event *ev, void *arg)
{
	struct monitor_state *st = arg;
	const char *swname;
	char buf[OVX_IFNAMSIZ];
	size_t i;

	if (ev->kind == OVX_EVENT_FDB) {
		if ((st->what & MONITOR_FDB) && ev->fdb)
			print_event(st->cli, ev, NULL);
		return 0;
	}
	if (ev->kind == OVX_EVENT_NEIGH) {
		if ((st->what & MONITOR_NEIGH) && ev->neigh)
			print_event(st->cli, ev, NULL);
		return 0;
	}
	if ((ev->kind != OVX_EVENT_PORT_ADDED &&
	     ev->kind != OVX_EVENT_PORT_REMOVED) ||
	    !(st->what & MONITOR_PORT) || !ev->port)
		return 0;

	/* A switch created since we listed them: list them again. */
	for (i = 0; i < st->names.n; i++)
		if (st->names.sw[i].ifindex == ev->port->switch_ifindex)
			break;
	if (i == st->names.n)
		switch_names_load(st->cli->ctx, &st->names);
	swname = switch_names_find(&st->names, ev->port->switch_ifindex, buf,
				   sizeof(buf));
	print_event(st->cli, ev, swname);
	return 0;
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/*
 * Waits for events until SIGINT or SIGTERM.  The two signals are blocked
 * except inside ppoll(), so one that arrives between the check of @stop
 * and the wait is not lost: ppoll() returns at once.  (The receive itself
 * cannot be interrupted: libnl retries on EINTR.)
 */
static int monitor_loop(struct monitor_state *st)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct sigaction old_int, old_term;
	sigset_t block, orig, waitmask;
	struct pollfd pfd;
	int ret = OVX_EXIT_OK, err;

	pfd.fd = ovx_events_fd(st->cli->ctx);
	pfd.events = POLLIN;

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &orig);
	waitmask = orig;
	sigdelset(&waitmask, SIGINT);
	sigdelset(&waitmask, SIGTERM);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	stop = 0;

	while (!stop) {
		if (ppoll(&pfd, 1, NULL, &waitmask) < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "Error: cannot wait for events: %s\n",
				strerror(errno));
			ret = OVX_EXIT_ERR;
			break;
		}
		/* POLLERR too: an overflow is reported by the receive. */
		err = ovx_events_recv(st->cli->ctx, on_event, st);
		if (err == -ENOBUFS) {
			fprintf(stderr, "Warning: events were lost: the receive buffer overflowed\n");
		} else if (err == -EBADMSG) {
			fprintf(stderr, "Warning: a malformed notification was skipped\n");
		} else if (err) {
			ret = cli_error(st->cli, err, "cannot receive events");
			break;
		}
	}

	/* Unblock first: a pending signal meets our handler, not death. */
	sigprocmask(SIG_SETMASK, &orig, NULL);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	return ret;
}

static int monitor(struct ovx_cli *cli, int argc, char **argv)
{
	struct monitor_state st = { .cli = cli };
	int ret, err;

	ret = monitor_parse(argc, argv, &st.what);
	if (ret)
		return ret;
	if (!cli_ctx(cli))
		return OVX_EXIT_ERR;
	err = ovx_subscribe(cli->ctx, NULL);
	if (err)
		return cli_error(cli, err, "cannot subscribe to the events");
	/* Listed after subscribing, so no new switch can slip through. */
	if (st.what & MONITOR_PORT)
		switch_names_load(cli->ctx, &st.names);
	ret = monitor_loop(&st);
	switch_names_free(&st.names);
	return ret;
}

int do_monitor(struct ovx_cli *cli, int argc, char **argv)
{
	if (argc > 0 && !strcmp(argv[0], "help")) {
		print_object_usage(stdout, OBJ);
		return OVX_EXIT_OK;
	}
	return monitor(cli, argc, argv);
}
