// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Tests of "ovx peer" that need no kernel module: every command line of
 * the object, valid and invalid (run.h), the values the parser produces,
 * and the text and JSON that print_peer() writes.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "peer.h"
#include "run.h"

#define ADDR_REQ "Error: argument \"ADDR\" is required.\n"
#define BAD(arg, msg) "Error: argument \"" arg "\" is wrong: " msg "\n"
#define BAD_ADDR(arg) BAD(arg, "not an IPv4 or IPv6 address")
#define BAD_SW(arg) \
	BAD(arg, "not an interface name (1-15 characters, no '/', ':' or blank)")
#define BAD_NET(arg) BAD(arg, "not a network name (1-31 letters, digits, '-', '_' or '.')")
#define UNKNOWN(arg) \
	"Error: unknown argument \"" arg "\", try \"ovx peer help\".\n"
#define NEEDS(key) "Error: \"" key "\" requires an argument.\n"
#define DUP(key, arg) \
	"Error: duplicate \"" key "\": \"" arg "\" is the second value.\n"
#define UNKNOWN_CMD(cmd) \
	"Command \"" cmd "\" is unknown, try \"ovx peer help\".\n"

#define N32 "thirty-two-characters-long-name!"

static const struct usage_case usage_cases[] = {
	/* peer add */
	{ "peer add", ADDR_REQ },
	{ "peer add switch ovx0", ADDR_REQ },
	{ "peer add net blue", ADDR_REQ },
	{ "peer add 192.0.2.256", BAD_ADDR("192.0.2.256") },
	{ "peer add 192.0.2.0/24", BAD_ADDR("192.0.2.0/24") },
	{ "peer add 2001:db8::1::2", BAD_ADDR("2001:db8::1::2") },
	{ "peer add fe80::1%eth0", BAD_ADDR("fe80::1%eth0") },
	{ "peer add host.example", BAD_ADDR("host.example") },
	{ "peer add blue net blue", BAD_ADDR("blue") },
	{ "peer add 192.0.2.2 switch", NEEDS("switch") },
	{ "peer add 192.0.2.2 net", NEEDS("net") },
	{ "peer add 192.0.2.2 net blue net", NEEDS("net") },
	{ "peer add 192.0.2.2 switch sixteen-chars-xx",
	  BAD_SW("sixteen-chars-xx") },
	{ "peer add 192.0.2.2 switch a/b", BAD_SW("a/b") },
	{ "peer add 192.0.2.2 net " N32, BAD_NET(N32) },
	{ "peer add 192.0.2.2 net blue net " N32, BAD_NET(N32) },
	{ "peer add 192.0.2.2 switch a switch b", DUP("switch", "b") },
	{ "peer add 192.0.2.2 192.0.2.3", UNKNOWN("192.0.2.3") },
	{ "peer add 192.0.2.2 blue", UNKNOWN("blue") },
	{ "peer add 192.0.2.2 nets blue", UNKNOWN("nets") },
	{ "peer add 192.0.2.2 network blue", UNKNOWN("network") },
	{ "peer add 192.0.2.2 dev tap0", UNKNOWN("dev") },
	{ "peer add 192.0.2.2 net blue red", UNKNOWN("red") },
	{ "peer add 192.0.2.2 peer 192.0.2.3", UNKNOWN("peer") },
	/* The first bad word is the one named. */
	{ "peer add 192.0.2.2 net " N32 " switch a/b", BAD_NET(N32) },
	/* peer del */
	{ "peer del", ADDR_REQ },
	{ "peer delete", ADDR_REQ },
	{ "peer del switch ovx0", ADDR_REQ },
	{ "peer del net blue", ADDR_REQ },
	{ "peer del 10.0.0", BAD_ADDR("10.0.0") },
	{ "peer del 192.0.2.2 switch", NEEDS("switch") },
	{ "peer del 192.0.2.2 net", NEEDS("net") },
	{ "peer del 192.0.2.2 net " N32, BAD_NET(N32) },
	{ "peer del 192.0.2.2 switch a switch a", DUP("switch", "a") },
	{ "peer del 192.0.2.2 192.0.2.3", UNKNOWN("192.0.2.3") },
	{ "peer delete 192.0.2.2 all", UNKNOWN("all") },
	/* peer show */
	{ "peer show 192.0.2.2 192.0.2.3", UNKNOWN("192.0.2.3") },
	{ "peer show 192.0.2.2 net blue", UNKNOWN("net") },
	{ "peer list net blue", UNKNOWN("net") },
	{ "peer show switch", NEEDS("switch") },
	{ "peer show switch a:b", BAD_SW("a:b") },
	{ "peer show switch a switch b", DUP("switch", "b") },
	{ "peer show ovx0", BAD_ADDR("ovx0") },
	/* verbs */
	{ "peer foo", UNKNOWN_CMD("foo") },
	{ "peer ad 192.0.2.2", UNKNOWN_CMD("ad") },
	{ "peer sh", UNKNOWN_CMD("sh") },
	{ "peer ADD 192.0.2.2", UNKNOWN_CMD("ADD") },
	{ "peer set 192.0.2.2", UNKNOWN_CMD("set") },
	{ "peer flush", UNKNOWN_CMD("flush") },
	{ "peer 192.0.2.2", UNKNOWN_CMD("192.0.2.2") },
	{ "-j peer bogus", UNKNOWN_CMD("bogus") },
};

static const char *const valid_cases[] = {
	"peer add 192.0.2.2",
	"peer add 2001:db8::2",
	"peer add 192.0.2.2 switch ovx0",
	"peer add 192.0.2.2 net blue",
	"peer add 192.0.2.2 net blue net red",
	"peer add 192.0.2.2 net blue switch ovx0 net red",
	"peer add 192.0.2.2 net blue net blue",
	"peer add ::ffff:192.0.2.2 net thirty-one-characters-long-name",
	"peer del 192.0.2.2",
	"peer delete 192.0.2.2",
	"peer del 192.0.2.2 switch ovx0",
	"peer del 2001:db8::2 net blue",
	"peer del 192.0.2.2 switch ovx0 net blue net red",
	"peer show",
	"peer list",
	"peer",
	"peer show switch ovx0",
	"peer list switch ovx0",
	"-j peer",
	"-j -p -s peer show",
	"-s peer show switch ovx0",
};

/* @a's strings point into *@copyp. */
static int parse_line(const char *line, enum peer_verb verb,
		      struct peer_args *a, char **copyp)
{
	char *argv[RUN_MAXWORDS];
	int argc = split_line(line, argv, copyp);

	return peer_parse(argc, argv, verb, a);
}

static void test_parse_values(void)
{
	static const uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };
	struct peer_args a;
	char *copy;
	int ret;

	ret = parse_line("192.0.2.2", PEER_ADD, &a, &copy);
	ktap_check(ret == 0 && a.addr.family == AF_INET &&
		   a.addr.u.v4.s_addr == htonl(0xc0000202) && !a.sw &&
		   a.n_nets == 0,
		   "add with the address only: no switch, no networks (all of them)");
	peer_args_free(&a);
	free(copy);

	ret = parse_line("2001:db8::2 net blue switch ovx0 net red net blue",
			 PEER_ADD, &a, &copy);
	ktap_check(ret == 0 && a.addr.family == AF_INET6 &&
		   !memcmp(a.addr.u.raw, v6, 16) && !strcmp(a.sw, "ovx0") &&
		   a.n_nets == 3 && !strcmp(a.nets[0], "blue") &&
		   !strcmp(a.nets[1], "red") && !strcmp(a.nets[2], "blue"),
		   "add: IPv6, the switch anywhere, networks in order, repeats kept");
	peer_args_free(&a);
	ktap_check(!a.nets && a.n_nets == 0,
		   "peer_args_free() frees the networks");
	free(copy);

	ret = parse_line("192.0.2.2 net red", PEER_DEL, &a, &copy);
	ktap_check(ret == 0 && a.addr.family == AF_INET && !a.sw &&
		   a.n_nets == 1 && !strcmp(a.nets[0], "red"),
		   "del with a network: leave it");
	peer_args_free(&a);
	free(copy);

	ret = parse_line("", PEER_SHOW, &a, &copy);
	ktap_check(ret == 0 && a.addr.family == AF_UNSPEC && !a.sw &&
		   !a.nets, "show without a switch");
	peer_args_free(&a);
	free(copy);

	ret = parse_line("switch ovx1", PEER_SHOW, &a, &copy);
	ktap_check(ret == 0 && !strcmp(a.sw, "ovx1") && a.n_nets == 0,
		   "show of one switch");
	peer_args_free(&a);
	free(copy);

	ret = parse_line("192.0.2.2 net blue bogus", PEER_ADD, &a, &copy);
	ktap_check(ret == OVX_EXIT_USAGE && !a.nets && a.n_nets == 0,
		   "a failed parse holds no memory");
	free(copy);
}

struct print_args {
	int json;
	int stats;
	const struct ovx_peer *peer[3];
};

static int print_child(void *arg)
{
	struct print_args *a = arg;
	struct ovx_cli cli = { .json = a->json, .stats = a->stats };
	int i;

	new_json_obj(cli.json);
	for (i = 0; a->peer[i]; i++)
		print_peer(&cli, a->peer[i]);
	delete_json_obj();
	return 0;
}

static void test_print(void)
{
	static char nets2[2][OVX_NET_NAMSIZ] = { "blue", "r\"e\\d" };
	static const char json_p4[] =
		"{\"peer\":\"192.0.2.2\",\"switch\":\"ovx0\","
		"\"nets\":[\"blue\",\"r\\\"e\\\\d\"]";
	static const char json_stats[] =
		",\"stats\":{\"rx_packets\":1,\"rx_bytes\":2,\"rx_dropped\":5,"
		"\"tx_packets\":3,\"tx_bytes\":4,"
		"\"tx_dropped\":18446744073709551615}";
	struct ovx_peer p4 = {
		.switch_ifindex = 7, .switch_name = "ovx0",
		.addr = { .family = AF_INET },
		.n_nets = 2, .nets = nets2,
		.has_stats = true,
		.stats = { 6, { 1, 2, 3, 4, 5, 18446744073709551615ULL } },
	};
	struct ovx_peer p6 = {
		.switch_ifindex = 9, .switch_name = "ovx1",
		.addr = { .family = AF_INET6 },
	};
	struct print_args a = { .peer = { &p4 } };
	char want[1024];
	struct captured c;

	p4.addr.u.v4.s_addr = htonl(0xc0000202);
	inet_pton(AF_INET6, "2001:db8::2", &p6.addr.u.v6);

	expect_output(print_child, &a,
		      "peer 192.0.2.2 switch ovx0 nets blue,r\"e\\d\n",
		      "text: one line per peer, its networks joined by commas");

	a.stats = 1;
	expect_output(print_child, &a,
		      "peer 192.0.2.2 switch ovx0 nets blue,r\"e\\d\n"
		      "    RX: packets 1 bytes 2 dropped 5  TX: packets 3 bytes 4 dropped 18446744073709551615\n",
		      "text with -s: an indented line of counters");

	a.json = 1;
	snprintf(want, sizeof(want), "[%s%s}]\n", json_p4, json_stats);
	expect_output(print_child, &a, want,
		      "JSON with -s: peer, switch, nets array and the six counters");
	capture(print_child, &a, NULL, &c);
	check_jq(c.out,
		 ".[0] | (keys | sort) == [\"nets\",\"peer\",\"stats\",\"switch\"] and .nets == [\"blue\",\"r\\\"e\\\\d\"] and (.stats | keys | length) == 6",
		 "peer JSON with -s: exactly peer, switch, nets and stats");
	captured_free(&c);

	a.stats = 0;
	a.peer[1] = &p6;
	snprintf(want, sizeof(want),
		 "[%s},{\"peer\":\"2001:db8::2\",\"switch\":\"ovx1\","
		 "\"nets\":[]}]\n", json_p4);
	expect_output(print_child, &a, want,
		      "JSON: one array, no stats without -s, a peer in no network has nets []");
	capture(print_child, &a, NULL, &c);
	check_jq(c.out,
		 "length == 2 and .[1].nets == [] and (.[0] | has(\"stats\") | not)",
		 "peer JSON array of two");
	captured_free(&c);

	a.json = 0;
	a.stats = 1;
	expect_output(print_child, &a,
		      "peer 192.0.2.2 switch ovx0 nets blue,r\"e\\d\n"
		      "    RX: packets 1 bytes 2 dropped 5  TX: packets 3 bytes 4 dropped 18446744073709551615\n"
		      "peer 2001:db8::2 switch ovx1\n",
		      "text: IPv6, no nets word without networks; -s prints nothing without counters");

	a.peer[0] = NULL;
	expect_output(print_child, &a, "", "text without peers: nothing");
	a.json = 1;
	expect_output(print_child, &a, "[]\n",
		      "JSON without peers: an empty array");
}

int main(void)
{
	ktap_init();
	run_init();
	run_usage_cases(usage_cases, ARRAY_SIZE(usage_cases));
	run_valid_cases(valid_cases, ARRAY_SIZE(valid_cases));
	check_help("peer",
		   "Usage: ovx peer add ADDR [switch SW] [net NAME]... | del ADDR [switch SW] [net NAME]... | show [ADDR] [switch SW]\n");
	test_parse_values();
	test_print();
	return ktap_finish();
}
