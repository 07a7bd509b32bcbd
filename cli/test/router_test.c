// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Tests of "ovx router" that need no kernel module: every command line of
 * the object, valid and invalid (run.h), the values the parser produces,
 * and the text and JSON that print_router() writes.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "router.h"
#include "run.h"

#define REQ(key) "Error: argument \"" key "\" is required.\n"
#define BAD(arg, msg) "Error: argument \"" arg "\" is wrong: " msg "\n"
#define BAD_NAME(arg) \
	BAD(arg, "not a router name (1-31 letters, digits, '-', '_' or '.')")
#define BAD_NET(arg) \
	BAD(arg, "not a network name (1-31 letters, digits, '-', '_' or '.')")
#define BAD_DEV(arg) \
	BAD(arg, "not an interface name (1-15 characters, no '/', ':' or blank)")
#define BAD_MAC(arg) BAD(arg, "not a MAC address (xx:xx:xx:xx:xx:xx)")
#define NOT_UNICAST(arg) \
	BAD(arg, "not a unicast MAC address (multicast or zero)")
#define BAD_GW(arg) BAD(arg, "not an address and prefix length (ADDR/LEN)")
#define UNKNOWN(arg) \
	"Error: unknown argument \"" arg "\", try \"ovx router help\".\n"
#define NEEDS(key) "Error: \"" key "\" requires an argument.\n"
#define DUP(key, arg) \
	"Error: duplicate \"" key "\": \"" arg "\" is the second value.\n"
#define UNKNOWN_CMD(cmd) \
	"Command \"" cmd "\" is unknown, try \"ovx router help\".\n"

#define N32 "thirty-two-characters-long-name!"
#define ATT "router attach r1 net blue"
#define IP9 " ip 10.0.1.1/24 ip 10.0.2.1/24 ip 10.0.3.1/24 ip 10.0.4.1/24" \
	    " ip 10.0.5.1/24 ip 10.0.6.1/24 ip 10.0.7.1/24 ip 10.0.8.1/24"

static const struct usage_case usage_cases[] = {
	/* router add */
	{ "router add", REQ("NAME") },
	{ "router add switch ovx0", REQ("NAME") },
	{ "router add mac 02:00:00:00:00:01", REQ("NAME") },
	{ "router add r/1", BAD_NAME("r/1") },
	{ "router add " N32, BAD_NAME(N32) },
	{ "router add r1 switch", NEEDS("switch") },
	{ "router add r1 mac", NEEDS("mac") },
	{ "router add r1 switch sixteen-chars-xx", BAD_DEV("sixteen-chars-xx") },
	{ "router add r1 switch ovx0 switch ovx1", DUP("switch", "ovx1") },
	{ "router add r1 mac 02:00:00:00:00", BAD_MAC("02:00:00:00:00") },
	{ "router add r1 mac 01:00:5e:00:00:01",
	  NOT_UNICAST("01:00:5e:00:00:01") },
	{ "router add r1 mac 00:00:00:00:00:00",
	  NOT_UNICAST("00:00:00:00:00:00") },
	{ "router add r1 mac 02:00:00:00:00:01 mac 02:00:00:00:00:02",
	  DUP("mac", "02:00:00:00:00:02") },
	{ "router add r1 net blue", UNKNOWN("net") },
	{ "router add r1 r2", UNKNOWN("r2") },
	/* router del */
	{ "router del", REQ("NAME") },
	{ "router delete switch ovx0", REQ("NAME") },
	{ "router del r1 switch ovx0", UNKNOWN("switch") },
	{ "router del r:1", BAD_NAME("r:1") },
	/* router show */
	{ "router show r1 r2", UNKNOWN("r2") },
	{ "router show mac 02:00:00:00:00:01", UNKNOWN("mac") },
	{ "router show r.1/", BAD_NAME("r.1/") },
	/* router attach */
	{ "router attach", REQ("NAME") },
	{ "router attach net blue ip 10.1.0.1/24", REQ("NAME") },
	{ "router attach r1", REQ("net") },
	{ "router attach r1 ip 10.1.0.1/24", REQ("net") },
	{ ATT, REQ("ip") },
	{ ATT " ip", NEEDS("ip") },
	{ "router attach r1 net", NEEDS("net") },
	{ "router attach r1 net " N32 " ip 10.1.0.1/24", BAD_NET(N32) },
	{ ATT " net red ip 10.1.0.1/24", DUP("net", "red") },
	{ ATT " ip 10.1.0.1", BAD_GW("10.1.0.1") },
	{ ATT " ip 10.1.0.1/33", BAD_GW("10.1.0.1/33") },
	{ ATT " ip fd00::1/129", BAD_GW("fd00::1/129") },
	{ ATT " ip 10.1.0.1/024", BAD_GW("10.1.0.1/024") },
	{ ATT " ip 10.1.0.1/", BAD_GW("10.1.0.1/") },
	{ ATT " ip 10.1.0.1/-1", BAD_GW("10.1.0.1/-1") },
	{ ATT " ip host/24", BAD_GW("host/24") },
	{ ATT IP9 " ip 10.0.9.1/24",
	  BAD("10.0.9.1/24", "an interface has at most 8 addresses") },
	{ ATT " ip 10.1.0.1/24 mac 02:00:00:00:00:01", UNKNOWN("mac") },
	{ ATT " ip 10.1.0.1/24 switch ovx0", UNKNOWN("switch") },
	/* router detach */
	{ "router detach r1", REQ("net") },
	{ "router detach", REQ("NAME") },
	{ "router detach r1 net blue ip 10.1.0.1/24", UNKNOWN("ip") },
	/* verbs */
	{ "router foo", UNKNOWN_CMD("foo") },
	{ "router set r1", UNKNOWN_CMD("set") },
	{ "router r1", UNKNOWN_CMD("r1") },
};

static const char *const valid_cases[] = {
	"router add r1",
	"router add r1 switch ovx0",
	"router add r1 mac 02:00:5E:10:20:30 switch ovx0",
	"router add thirty-one-characters-long-name",
	"router del r1",
	"router delete r-1.a_b",
	"router show",
	"router list",
	"router",
	"router show r1",
	"-j router show",
	"-s -j -p router show r1",
	ATT " ip 10.1.0.1/24",
	ATT " ip 10.1.0.1/24 ip fd00:1::1/64",
	"router attach r1 ip 10.1.0.1/24 net blue",
	ATT IP9,
	"router detach r1 net blue",
};

static int parse_line(const char *line, enum router_verb verb,
		      struct router_args *a, char **copyp)
{
	char *argv[RUN_MAXWORDS];
	char *copy = strdup(line);
	int argc;

	if (!copy)
		abort();
	argc = split_words(copy, argv);
	*copyp = copy;
	return router_parse(argc, argv, verb, a);
}

static void test_parse_values(void)
{
	static const uint8_t mac[6] = { 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 };
	uint8_t gw6[16] = { 0xfd, 0, 0, 1, [15] = 1 };
	struct router_args a;
	char *copy;
	int ret;

	ret = parse_line("r1 switch ovx0 mac 02:00:5E:10:20:30", ROUTER_ADD,
			 &a, &copy);
	ktap_check(ret == 0 && !strcmp(a.name, "r1") &&
		   !strcmp(a.sw, "ovx0") && a.has_mac &&
		   !memcmp(a.mac, mac, 6) && !a.net && !a.n_addrs,
		   "add with a switch and a MAC");
	free(copy);

	ret = parse_line("r1", ROUTER_ADD, &a, &copy);
	ktap_check(ret == 0 && !a.sw && !a.has_mac,
		   "add without a switch or MAC: both left to the defaults");
	free(copy);

	ret = parse_line("r1 net blue ip 10.1.0.1/24 ip fd00:1::1/64",
			 ROUTER_ATTACH, &a, &copy);
	ktap_check(ret == 0 && !strcmp(a.net, "blue") && a.n_addrs == 2 &&
		   a.addrs[0].addr.family == AF_INET &&
		   a.addrs[0].addr.u.v4.s_addr == htonl(0x0a010001) &&
		   a.addrs[0].len == 24 &&
		   a.addrs[1].addr.family == AF_INET6 &&
		   !memcmp(a.addrs[1].addr.u.raw, gw6, 16) &&
		   a.addrs[1].len == 64,
		   "attach: the addresses in order, host bits kept");
	free(copy);

	ret = parse_line("r1 net blue ip 10.1.0.1/0 ip ::/128",
			 ROUTER_ATTACH, &a, &copy);
	ktap_check(ret == 0 && a.addrs[0].len == 0 && a.addrs[1].len == 128,
		   "attach: lengths 0 and 128");
	free(copy);

	ret = parse_line("", ROUTER_SHOW, &a, &copy);
	ktap_check(ret == 0 && !a.name, "show without a name: all routers");
	free(copy);
}

struct print_args {
	int json;
	int stats;
	const struct ovx_router *r[3];
};

static int print_child(void *arg)
{
	struct print_args *a = arg;
	struct ovx_cli cli = { .json = a->json, .stats = a->stats };
	int i;

	new_json_obj(cli.json);
	for (i = 0; a->r[i]; i++)
		print_router(&cli, a->r[i]);
	delete_json_obj();
	return 0;
}

static void test_print(void)
{
	static struct ovx_router_if ifs[2] = {
		{ .net = "blue", .vni = 100, .n_addrs = 2 },
		{ .net = "red", .vni = 200, .n_addrs = 1 },
	};
	static const char json_r1[] =
		"{\"name\":\"r1\",\"switch\":\"ovx0\",\"mac\":\"02:00:5e:10:20:30\","
		"\"interfaces\":[{\"net\":\"blue\",\"vni\":100,"
		"\"addresses\":[\"10.1.0.1/24\",\"fd00:1::1/64\"]},"
		"{\"net\":\"red\",\"vni\":200,\"addresses\":[\"10.2.0.1/16\"]}]";
	static const char json_stats[] =
		",\"stats\":{\"rx_packets\":1,\"rx_bytes\":2,\"rx_dropped\":5,"
		"\"tx_packets\":3,\"tx_bytes\":4,\"tx_dropped\":6,"
		"\"no_route\":11,\"no_neigh\":12,\"ttl_exceeded\":13,"
		"\"bad_header\":14,\"not_routable\":15,\"to_router\":16,"
		"\"icmp_ratelimited\":18446744073709551615}";
	struct ovx_router r1 = {
		.name = "r1", .switch_ifindex = 7, .switch_name = "ovx0",
		.mac = { 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 },
		.n_interfaces = 2, .interfaces = ifs,
		.has_stats = true,
		.stats = { 6, { 1, 2, 3, 4, 5, 6 } },
		.has_drops = true,
		.drops = { 7, { 11, 12, 13, 14, 15, 16,
				18446744073709551615ULL } },
	};
	struct ovx_router r2 = {
		.name = "r2", .switch_ifindex = 9, .switch_name = "ovx1",
		.mac = { 0x02, 0, 0, 0, 0, 1 },
	};
	struct print_args a = { .r = { &r1 } };
	char want[2048];
	struct captured c;

	ifs[0].addrs[0].addr.family = AF_INET;
	ifs[0].addrs[0].addr.u.v4.s_addr = htonl(0x0a010001);
	ifs[0].addrs[0].len = 24;
	ifs[0].addrs[1].addr.family = AF_INET6;
	inet_pton(AF_INET6, "fd00:1::1", &ifs[0].addrs[1].addr.u.v6);
	ifs[0].addrs[1].len = 64;
	ifs[1].addrs[0].addr.family = AF_INET;
	ifs[1].addrs[0].addr.u.v4.s_addr = htonl(0x0a020001);
	ifs[1].addrs[0].len = 16;

	expect_output(print_child, &a,
		      "router r1 switch ovx0 mac 02:00:5e:10:20:30\n"
		      "    net blue vni 100 ip 10.1.0.1/24 fd00:1::1/64\n"
		      "    net red vni 200 ip 10.2.0.1/16\n",
		      "text: the router, then a line per interface");

	a.stats = 1;
	expect_output(print_child, &a,
		      "router r1 switch ovx0 mac 02:00:5e:10:20:30\n"
		      "    net blue vni 100 ip 10.1.0.1/24 fd00:1::1/64\n"
		      "    net red vni 200 ip 10.2.0.1/16\n"
		      "    RX: packets 1 bytes 2 dropped 5  TX: packets 3 bytes 4 dropped 6\n"
		      "    drops: no-route 11 no-neigh 12 ttl-exceeded 13\n"
		      "           bad-header 14 not-routable 15 to-router 16\n"
		      "           icmp-ratelimited 18446744073709551615\n",
		      "text with -s: counters, then the drop reasons three to a line");

	a.json = 1;
	snprintf(want, sizeof(want), "[%s%s}]\n", json_r1, json_stats);
	expect_output(print_child, &a, want,
		      "JSON with -s: one stats object with the six counters and the seven reasons");
	capture(print_child, &a, NULL, &c);
	check_jq(c.out,
		 ".[0] | (keys | sort) == [\"interfaces\",\"mac\",\"name\",\"stats\",\"switch\"] and (.stats | keys | length) == 13 and .interfaces[0].addresses == [\"10.1.0.1/24\",\"fd00:1::1/64\"]",
		 "router JSON with -s: name, switch, mac, interfaces, stats");
	captured_free(&c);

	a.stats = 0;
	a.r[1] = &r2;
	snprintf(want, sizeof(want),
		 "[%s},{\"name\":\"r2\",\"switch\":\"ovx1\","
		 "\"mac\":\"02:00:00:00:00:01\",\"interfaces\":[]}]\n",
		 json_r1);
	expect_output(print_child, &a, want,
		      "JSON: no stats without -s; a router without interfaces has []");
	capture(print_child, &a, NULL, &c);
	check_jq(c.out, "length == 2 and (.[0] | has(\"stats\") | not)",
		 "router JSON array of two");
	captured_free(&c);

	a.json = 0;
	a.stats = 1;
	a.r[0] = &r2;
	a.r[1] = NULL;
	expect_output(print_child, &a,
		      "router r2 switch ovx1 mac 02:00:00:00:00:01\n",
		      "text: -s prints nothing without counters");
	a.r[0] = NULL;
	a.json = 1;
	expect_output(print_child, &a, "[]\n",
		      "JSON without routers: an empty array");
}

int main(void)
{
	ktap_init();
	run_init();
	run_usage_cases(usage_cases, ARRAY_SIZE(usage_cases));
	run_valid_cases(valid_cases, ARRAY_SIZE(valid_cases));
	check_help("router",
		   "Usage: ovx router add NAME [switch SW] [mac MAC] | del NAME | show [NAME]\n"
		   "       ovx router attach NAME net NET ip ADDR/LEN [ip ADDR/LEN]... | detach NAME net NET\n");
	test_parse_values();
	test_print();
	return ktap_finish();
}
