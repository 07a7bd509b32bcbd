// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Tests of "ovx monitor" that need no kernel module: its command lines,
 * valid and invalid (run.h), the parser's values, and the text and JSON
 * Lines that print_event() writes for each kind of event.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "monitor.h"
#include "run.h"

#define UNKNOWN(arg) \
	"Error: unknown argument \"" arg "\", try \"ovx monitor help\".\n"
#define UNKNOWN_CMD(cmd) \
	"Command \"" cmd "\" is unknown, try \"ovx monitor help\".\n"

static const struct usage_case usage_cases[] = {
	{ "monitor bogus", UNKNOWN_CMD("bogus") },
	{ "monitor FDB", UNKNOWN_CMD("FDB") },
	{ "monitor fd", UNKNOWN_CMD("fd") },
	{ "monitor ports", UNKNOWN_CMD("ports") },
	{ "monitor net", UNKNOWN_CMD("net") },
	{ "monitor fdb port", UNKNOWN("port") },
	{ "monitor all fdb", UNKNOWN("fdb") },
	{ "monitor port net blue", UNKNOWN("net") },
	{ "monitor neighbour", UNKNOWN_CMD("neighbour") },
	{ "monitor neigh fdb", UNKNOWN("fdb") },
	{ "-j monitor x", UNKNOWN_CMD("x") },
};

static const char *const valid_cases[] = {
	"monitor",
	"monitor all",
	"monitor fdb",
	"monitor port",
	"monitor neigh",
	"-j monitor neigh",
	"-j monitor",
	"-j -p monitor fdb",
};

static int parse_line(const char *line, unsigned int *what)
{
	char *argv[RUN_MAXWORDS];
	char *copy = strdup(line);
	int argc, ret;

	if (!copy)
		abort();
	argc = split_words(copy, argv);
	ret = monitor_parse(argc, argv, what);
	free(copy);
	return ret;
}

static void test_parse_values(void)
{
	unsigned int what = 0;

	ktap_check(parse_line("", &what) == 0 && what == MONITOR_ALL,
		   "no word: every event");
	ktap_check(parse_line("all", &what) == 0 && what == MONITOR_ALL,
		   "all: every event");
	ktap_check(parse_line("fdb", &what) == 0 && what == MONITOR_FDB,
		   "fdb: FDB events only");
	ktap_check(parse_line("port", &what) == 0 && what == MONITOR_PORT,
		   "port: port events only");
	ktap_check(parse_line("neigh", &what) == 0 && what == MONITOR_NEIGH,
		   "neigh: binding events only");
	ktap_check(MONITOR_ALL & MONITOR_NEIGH, "all includes binding events");
}

struct print_args {
	int json;
	int pretty;
	const struct ovx_event *ev[8];
};

static int print_child(void *arg)
{
	struct print_args *a = arg;
	struct ovx_cli cli = { .json = a->json, .pretty = a->pretty };
	int i;

	set_json_pretty(a->pretty);
	for (i = 0; a->ev[i]; i++)
		print_event(&cli, a->ev[i], "sw0");
	return 0;
}

/* An FDB event and the entry it points to. */
struct fdb_ev {
	struct ovx_event ev;
	struct ovx_fdb_entry fdb;
};

static void fdb_event(struct fdb_ev *e, enum ovx_fdb_change change)
{
	e->fdb = (struct ovx_fdb_entry){
		.size = sizeof(e->fdb),
		.net = "blue", .vni = 100,
		.mac = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 },
		.port_ifindex = 12, .port_name = "tap0", .age = 0,
	};
	e->ev = (struct ovx_event){
		.size = sizeof(e->ev),
		.kind = OVX_EVENT_FDB,
		.fdb_change = change,
		.fdb = &e->fdb,
	};
}

static void test_print_fdb(void)
{
	static const char *const names[] = {
		"added", "learned", "moved", "aged", "deleted",
	};
	struct fdb_ev ev[5], odd, remote, geneve;
	struct print_args a = { 0 };
	char want[2048], line[256];
	size_t len = 0;
	int i;

	for (i = 0; i < 5; i++) {
		fdb_event(&ev[i], (enum ovx_fdb_change)i);
		a.ev[i] = &ev[i].ev;
		len += (size_t)snprintf(want + len, sizeof(want) - len,
					"fdb %s 52:54:00:12:34:56 net blue vni 100 dev tap0\n",
					names[i]);
	}
	expect_output(print_child, &a, want,
		      "text: \"fdb <event> MAC net NAME vni N dev IFNAME\" for each event");

	a.json = 1;
	len = 0;
	for (i = 0; i < 5; i++)
		len += (size_t)snprintf(want + len, sizeof(want) - len,
					"{\"event\":\"fdb_%s\",\"mac\":\"52:54:00:12:34:56\","
					"\"net\":\"blue\",\"vni\":100,\"dev\":\"tap0\","
					"\"static\":false,\"age\":0}\n",
					names[i]);
	expect_output(print_child, &a, want,
		      "JSON Lines: one object per event, with its event name");
	for (i = 0; i < 5; i++) {
		snprintf(line, sizeof(line),
			 "{\"event\":\"fdb_%s\",\"mac\":\"52:54:00:12:34:56\","
			 "\"net\":\"blue\",\"vni\":100,\"dev\":\"tap0\","
			 "\"static\":false,\"age\":0}", names[i]);
		snprintf(want, sizeof(want),
			 ".event == \"fdb_%s\" and .mac == \"52:54:00:12:34:56\" and .static == false",
			 names[i]);
		check_jq(line, want, names[i]);
	}

	fdb_event(&remote, OVX_FDB_ADDED);
	remote.fdb.port_ifindex = 0;
	remote.fdb.port_name[0] = '\0';
	remote.fdb.peer.family = AF_INET;
	remote.fdb.peer.u.v4.s_addr = htonl(0xc0000202);
	remote.fdb.flags = OVX_FDB_ENTRY_STATIC;
	fdb_event(&odd, (enum ovx_fdb_change)7);
	geneve = remote;
	geneve.ev.fdb = &geneve.fdb;
	geneve.ev.fdb_change = OVX_FDB_LEARNED;
	geneve.fdb.flags = 0;
	geneve.fdb.remote_port = 3;
	memset(a.ev, 0, sizeof(a.ev));
	a.ev[0] = &remote.ev;
	a.ev[1] = &odd.ev;
	a.ev[2] = &geneve.ev;
	a.json = 0;
	expect_output(print_child, &a,
		      "fdb added 52:54:00:12:34:56 net blue vni 100 peer 192.0.2.2\n"
		      "fdb 7 52:54:00:12:34:56 net blue vni 100 dev tap0\n"
		      "fdb learned 52:54:00:12:34:56 net blue vni 100 peer 192.0.2.2 remote-port 3\n",
		      "text: a static peer entry; an unknown event as a number; a remote port");
	a.json = 1;
	expect_output(print_child, &a,
		      "{\"event\":\"fdb_added\",\"mac\":\"52:54:00:12:34:56\","
		      "\"net\":\"blue\",\"vni\":100,\"peer\":\"192.0.2.2\","
		      "\"static\":true,\"age\":0}\n"
		      "{\"event\":null,\"mac\":\"52:54:00:12:34:56\","
		      "\"net\":\"blue\",\"vni\":100,\"dev\":\"tap0\","
		      "\"static\":false,\"age\":0}\n"
		      "{\"event\":\"fdb_learned\",\"mac\":\"52:54:00:12:34:56\","
		      "\"net\":\"blue\",\"vni\":100,\"peer\":\"192.0.2.2\","
		      "\"remote_port\":3,\"static\":false,\"age\":0}\n",
		      "JSON: a static peer entry; an unknown event is null; a remote port");
}

static void test_print_port(void)
{
	static const struct ovx_port port = {
		.size = sizeof(port),
		.ifindex = 12, .name = "tap0", .net = "blue",
		.vni = 100, .switch_ifindex = 7, .id = 3,
	};
	struct ovx_event added = {
		.size = sizeof(added),
		.kind = OVX_EVENT_PORT_ADDED,
		.port = &port,
	};
	struct ovx_event removed = added;
	struct print_args a = { .ev = { &added, &removed } };
	static const char json[] =
		"{\"event\":\"port_added\",\"ifindex\":12,\"dev\":\"tap0\","
		"\"net\":\"blue\",\"vni\":100,\"switch\":\"sw0\",\"id\":3}\n"
		"{\"event\":\"port_removed\",\"ifindex\":12,\"dev\":\"tap0\","
		"\"net\":\"blue\",\"vni\":100,\"switch\":\"sw0\",\"id\":3}\n";
	struct captured c;
	char *nl;

	removed.kind = OVX_EVENT_PORT_REMOVED;
	expect_output(print_child, &a,
		      "port added dev tap0 net blue vni 100\n"
		      "port removed dev tap0 net blue vni 100\n",
		      "text: \"port added|removed dev IFNAME net NAME vni N\"");

	a.json = 1;
	expect_output(print_child, &a, json,
		      "JSON Lines: port_added and port_removed with the port's members");
	capture(print_child, &a, NULL, &c);
	nl = strchr(c.out, '\n');
	if (nl)
		*nl = '\0';
	check_jq(c.out,
		 ".event == \"port_added\" and .dev == \"tap0\" and .net == \"blue\" and .vni == 100 and .switch == \"sw0\"",
		 "a port_added line");
	check_jq(nl ? nl + 1 : "", ".event == \"port_removed\"",
		 "a port_removed line");
	captured_free(&c);

	a.pretty = 1;
	a.ev[1] = NULL;
	capture(print_child, &a, NULL, &c);
	check_jq(c.out, ".event == \"port_added\"",
		 "with -p the object is indented and still valid");
	ktap_check(c.status == 0 && strchr(c.out, '\n') != strrchr(c.out, '\n'),
		   "with -p the object spans several lines");
	captured_free(&c);
}

/* A neigh event and the binding it points to. */
struct neigh_ev {
	struct ovx_event ev;
	struct ovx_neigh n;
};

static void neigh_event(struct neigh_ev *e, enum ovx_neigh_change change)
{
	e->n = (struct ovx_neigh){
		.size = sizeof(e->n),
		.net = "blue", .vni = 100,
		.addr = { .family = AF_INET },
		.lladdr = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 },
		.peer = { .family = AF_INET }, .age = 0,
	};
	e->n.addr.u.v4.s_addr = htonl(0x0a000005);
	e->n.peer.u.v4.s_addr = htonl(0xc0000202);
	e->ev = (struct ovx_event){
		.size = sizeof(e->ev),
		.kind = OVX_EVENT_NEIGH,
		.neigh_change = change,
		.neigh = &e->n,
	};
}

static void test_print_neigh(void)
{
	static const char *const names[] = {
		"added", "learned", "moved", "aged", "deleted",
	};
	struct neigh_ev ev[5], miss, asked, own, odd;
	struct print_args a = { 0 };
	char want[2048];
	size_t len = 0;
	int i;

	for (i = 0; i < 5; i++) {
		neigh_event(&ev[i], (enum ovx_neigh_change)i);
		a.ev[i] = &ev[i].ev;
		len += (size_t)snprintf(want + len, sizeof(want) - len,
					"neigh %s 10.0.0.5 lladdr 52:54:00:12:34:56 net blue vni 100 peer 192.0.2.2\n",
					names[i]);
	}
	expect_output(print_child, &a, want,
		      "text: \"neigh <event> ADDR lladdr MAC net NAME vni N peer ADDR\" for each event");

	a.json = 1;
	len = 0;
	for (i = 0; i < 5; i++)
		len += (size_t)snprintf(want + len, sizeof(want) - len,
					"{\"event\":\"neigh_%s\",\"addr\":\"10.0.0.5\","
					"\"lladdr\":\"52:54:00:12:34:56\",\"net\":\"blue\","
					"\"vni\":100,\"peer\":\"192.0.2.2\","
					"\"static\":false,\"age\":0}\n",
					names[i]);
	expect_output(print_child, &a, want,
		      "JSON Lines: one object per binding event, with its event name");

	neigh_event(&miss, OVX_NEIGH_MISS);
	memset(miss.n.lladdr, 0, 6);
	miss.n.peer.family = AF_UNSPEC;
	neigh_event(&asked, OVX_NEIGH_MISS);
	asked.n.peer.family = AF_UNSPEC;
	asked.n.port_ifindex = 12;
	strcpy(asked.n.port_name, "tap0");
	neigh_event(&own, OVX_NEIGH_ADDED);
	own.n.peer.family = AF_UNSPEC;
	own.n.port_ifindex = 12;
	strcpy(own.n.port_name, "tap0");
	own.n.flags = OVX_NEIGH_ENTRY_STATIC | OVX_NEIGH_ENTRY_PORT;
	own.n.addr.family = AF_INET6;
	inet_pton(AF_INET6, "2001:db8::5", &own.n.addr.u.v6);
	neigh_event(&odd, (enum ovx_neigh_change)9);
	memset(a.ev, 0, sizeof(a.ev));
	a.ev[0] = &miss.ev;
	a.ev[1] = &asked.ev;
	a.ev[2] = &own.ev;
	a.ev[3] = &odd.ev;
	a.json = 0;
	expect_output(print_child, &a,
		      "neigh miss 10.0.0.5 net blue vni 100\n"
		      "neigh miss 10.0.0.5 net blue vni 100 dev tap0\n"
		      "neigh added 2001:db8::5 lladdr 52:54:00:12:34:56 net blue vni 100 dev tap0\n"
		      "neigh 9 10.0.0.5 lladdr 52:54:00:12:34:56 net blue vni 100 peer 192.0.2.2\n",
		      "text: a miss (and who asked), a port's own binding, an unknown event as a number");
	a.json = 1;
	expect_output(print_child, &a,
		      "{\"event\":\"neigh_miss\",\"addr\":\"10.0.0.5\",\"net\":\"blue\",\"vni\":100}\n"
		      "{\"event\":\"neigh_miss\",\"addr\":\"10.0.0.5\",\"net\":\"blue\",\"vni\":100,\"dev\":\"tap0\"}\n"
		      "{\"event\":\"neigh_added\",\"addr\":\"2001:db8::5\","
		      "\"lladdr\":\"52:54:00:12:34:56\",\"net\":\"blue\",\"vni\":100,"
		      "\"dev\":\"tap0\",\"static\":true}\n"
		      "{\"event\":null,\"addr\":\"10.0.0.5\","
		      "\"lladdr\":\"52:54:00:12:34:56\",\"net\":\"blue\",\"vni\":100,"
		      "\"peer\":\"192.0.2.2\",\"static\":false,\"age\":0}\n",
		      "JSON: a miss has no lladdr nor static; a static binding no age; an unknown event is null");
}

int main(void)
{
	ktap_init();
	run_init();
	run_usage_cases(usage_cases, ARRAY_SIZE(usage_cases));
	run_valid_cases(valid_cases, ARRAY_SIZE(valid_cases));
	check_help("monitor", "Usage: ovx monitor [fdb | port | neigh | all]\n");
	test_parse_values();
	test_print_fdb();
	test_print_port();
	test_print_neigh();
	return ktap_finish();
}
