// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Tests of "ovx port" that need no kernel module: every command line of
 * the object, valid and invalid (run.h), the values the parser produces,
 * the naming of switches, and the text and JSON that print_port()
 * writes.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "port.h"
#include "run.h"

#define REQ(key) "Error: argument \"" key "\" is required.\n"
#define BAD(arg, msg) "Error: argument \"" arg "\" is wrong: " msg "\n"
#define BAD_NET(arg) BAD(arg, "not a network name (1-31 letters, digits, '-', '_' or '.')")
#define BAD_DEV(arg) \
	BAD(arg, "not an interface name (1-15 characters, no '/', ':' or blank)")
#define UNKNOWN(arg) \
	"Error: unknown argument \"" arg "\", try \"ovx port help\".\n"
#define NEEDS(key) "Error: \"" key "\" requires an argument.\n"
#define DUP(key, arg) \
	"Error: duplicate \"" key "\": \"" arg "\" is the second value.\n"
#define UNKNOWN_CMD(cmd) \
	"Command \"" cmd "\" is unknown, try \"ovx port help\".\n"
#define CONFLICT(arg, other) \
	"Error: argument \"" arg "\" conflicts with \"" other "\".\n"

#define N32 "thirty-two-characters-long-name!"
#define MAC "52:54:00:12:34:56"
#define IPS16 " ip 10.0.0.1 ip 10.0.0.2 ip 10.0.0.3 ip 10.0.0.4" \
	" ip 10.0.0.5 ip 10.0.0.6 ip 10.0.0.7 ip 10.0.0.8" \
	" ip 2001:db8::1 ip 2001:db8::2 ip 2001:db8::3 ip 2001:db8::4" \
	" ip 2001:db8::5 ip 2001:db8::6 ip 2001:db8::7 ip 2001:db8::8"
#define IP_NEEDS_MAC "Error: argument \"ip\" needs \"mac\": the addresses are bound to the guest's MAC address.\n"
#define BAD_NAME_MSG "not a port name (1-31 printable characters, no blank)"

static const struct usage_case usage_cases[] = {
	/* port add */
	{ "port add", REQ("dev") },
	{ "port add net blue", REQ("dev") },
	{ "port add dev tap0", REQ("net") },
	{ "port add dev", NEEDS("dev") },
	{ "port add dev tap0 net", NEEDS("net") },
	{ "port add dev sixteen-chars-xx net blue",
	  BAD_DEV("sixteen-chars-xx") },
	{ "port add dev a:b net blue", BAD_DEV("a:b") },
	{ "port add dev .. net blue", BAD_DEV("..") },
	{ "port add dev tap0 net " N32, BAD_NET(N32) },
	{ "port add dev tap0 dev tap1 net blue", DUP("dev", "tap1") },
	{ "port add dev tap0 net blue net red", DUP("net", "red") },
	{ "port add tap0 net blue", UNKNOWN("tap0") },
	{ "port add dev tap0 net blue vni 5", UNKNOWN("vni") },
	{ "port add dev tap0 network blue", UNKNOWN("network") },
	{ "port add device tap0 net blue", UNKNOWN("device") },
	{ "port add dev tap0 net blue mac", NEEDS("mac") },
	{ "port add dev tap0 net blue mac 52:54:00:12:34",
	  BAD("52:54:00:12:34", "not a MAC address (xx:xx:xx:xx:xx:xx)") },
	{ "port add dev tap0 net blue mac " MAC " mac 52:54:00:00:00:01",
	  DUP("mac", "52:54:00:00:00:01") },
	{ "port add dev tap0 net blue mac " MAC " ip", NEEDS("ip") },
	{ "port add dev tap0 net blue mac " MAC " ip 10.0.0.256",
	  BAD("10.0.0.256", "not an IPv4 or IPv6 address") },
	{ "port add dev tap0 net blue mac " MAC " ip 10.0.0.0/24",
	  BAD("10.0.0.0/24", "not an IPv4 or IPv6 address") },
	{ "port add dev tap0 net blue mac " MAC " ip 10.0.0.5 ip 10.0.0.5",
	  DUP("ip", "10.0.0.5") },
	{ "port add dev tap0 net blue mac " MAC " ip 2001:db8::5 ip 2001:DB8::5",
	  DUP("ip", "2001:DB8::5") },
	{ "port add dev tap0 net blue mac " MAC IPS16 " ip 10.0.1.1",
	  BAD("10.0.1.1", "a port takes at most 16 addresses") },
	{ "port add dev tap0 net blue ip 10.0.0.5", IP_NEEDS_MAC },
	{ "port add dev tap0 ip 10.0.0.5 net blue", IP_NEEDS_MAC },
	{ "port add dev tap0 net blue name", NEEDS("name") },
	{ "port add dev tap0 net blue name " N32, BAD(N32, BAD_NAME_MSG) },
	{ "port add dev tap0 net blue name vm\x01", BAD("vm\x01", BAD_NAME_MSG) },
	{ "port add dev tap0 net blue name vm1 name vm2", DUP("name", "vm2") },
	{ "port add dev tap0 net blue lladdr " MAC, UNKNOWN("lladdr") },
	{ "port add dev tap0 net blue standby",
	  "Error: argument \"standby\" needs \"mac\": the port waits for that guest's first frame.\n" },
	{ "port add dev tap0 net blue mac " MAC " standby standby",
	  DUP("standby", "standby") },
	{ "port add dev tap0 net blue mac " MAC " seq", NEEDS("seq") },
	{ "port add dev tap0 net blue mac " MAC " seq 65536",
	  BAD("65536", "a move sequence is 0 to 65535") },
	{ "port add dev tap0 net blue mac " MAC " seq 1 seq 2", DUP("seq", "2") },
	{ "port del dev tap0 standby", UNKNOWN("standby") },
	{ "port add dev tap0 ip 10.0.0.5", REQ("net") },
	{ "port del dev tap0 mac " MAC, UNKNOWN("mac") },
	{ "port del dev tap0 name vm1", UNKNOWN("name") },
	{ "port show ip 10.0.0.5", UNKNOWN("ip") },
	/* port del */
	{ "port del", REQ("dev") },
	{ "port delete", REQ("dev") },
	{ "port del dev", NEEDS("dev") },
	{ "port del tap0", UNKNOWN("tap0") },
	{ "port del dev tap0 net blue", UNKNOWN("net") },
	{ "port del dev tap0 dev tap1", DUP("dev", "tap1") },
	{ "port del dev a/b", BAD_DEV("a/b") },
	/* port show */
	{ "port show net", NEEDS("net") },
	{ "port show net " N32, BAD_NET(N32) },
	{ "port show dev", NEEDS("dev") },
	{ "port show dev a/b", BAD_DEV("a/b") },
	{ "port show dev tap0 net blue", CONFLICT("net", "dev") },
	{ "port show net blue dev tap0", CONFLICT("dev", "net") },
	{ "port show dev tap0 dev tap1", DUP("dev", "tap1") },
	{ "port show blue", UNKNOWN("blue") },
	{ "port list net blue net red", DUP("net", "red") },
	{ "port show net blue extra", UNKNOWN("extra") },
	/* verbs */
	{ "port foo", UNKNOWN_CMD("foo") },
	{ "port set dev tap0", UNKNOWN_CMD("set") },
	{ "port ad dev tap0 net blue", UNKNOWN_CMD("ad") },
	{ "port dev tap0", UNKNOWN_CMD("dev") },
	{ "-j port bogus", UNKNOWN_CMD("bogus") },
};

static const char *const valid_cases[] = {
	"port add dev tap0 net blue",
	"port add net blue dev tap0",
	"port add dev fifteen-chars-x net thirty-one-characters-long-name",
	"port add dev tap0 net blue mac " MAC,
	"port add dev tap0 net blue mac " MAC " ip 10.0.0.5",
	"port add dev tap0 net blue ip 2001:db8::5 mac " MAC " ip 10.0.0.5 name vm-1.example",
	"port add dev tap0 net blue mac " MAC IPS16,
	"port add name thirty-one-characters-long-name dev tap0 net blue",
	"port del dev tap0",
	"port delete dev tap0",
	"port show",
	"port list",
	"port show net blue",
	"port list net blue",
	"port",
	"-j port",
	"-j -p -s port show net blue",
};

static int parse_line(const char *line, enum port_verb verb,
		      struct port_args *a, char **copyp)
{
	char *argv[RUN_MAXWORDS];
	char *copy = strdup(line);
	int argc;

	if (!copy)
		abort();
	argc = split_words(copy, argv);
	*copyp = copy;
	return port_parse(argc, argv, verb, a);
}

static void test_parse_values(void)
{
	struct port_args a;
	char *copy;
	int ret;

	ret = parse_line("net blue dev tap0", PORT_ADD, &a, &copy);
	ktap_check(ret == 0 && !strcmp(a.dev, "tap0") && !strcmp(a.net, "blue"),
		   "add: dev and net in any order");
	free(copy);

	ret = parse_line("net blue dev tap0 ip 2001:db8::5 mac 52:54:00:AB:cd:ef ip 10.0.0.5 name vm1",
			 PORT_ADD, &a, &copy);
	ktap_check(ret == 0 && a.has_mac && a.mac[3] == 0xab &&
		   a.mac[5] == 0xef && a.n_ips == 2 &&
		   a.ips[0].family == AF_INET6 && a.ips[0].u.raw[15] == 5 &&
		   a.ips[1].family == AF_INET &&
		   a.ips[1].u.v4.s_addr == htonl(0x0a000005) &&
		   !strcmp(a.name, "vm1"),
		   "add with mac, two addresses in their order, name");
	free(copy);

	ret = parse_line("net blue dev tap0", PORT_ADD, &a, &copy);
	ktap_check(ret == 0 && !a.has_mac && !a.n_ips && !a.name &&
		   !a.standby && !a.seq,
		   "add without the guest's addresses");
	free(copy);

	ret = parse_line("net blue dev tap0 seq 65535 mac 52:54:00:AB:cd:ef standby",
			 PORT_ADD, &a, &copy);
	ktap_check(ret == 0 && a.has_mac && a.standby && a.seq == 65535,
		   "add in standby with a move sequence");
	free(copy);

	ret = parse_line("dev veth1", PORT_DEL, &a, &copy);
	ktap_check(ret == 0 && !strcmp(a.dev, "veth1") && !a.net,
		   "del: dev only");
	free(copy);

	ret = parse_line("", PORT_SHOW, &a, &copy);
	ktap_check(ret == 0 && !a.dev && !a.net, "show without a filter");
	free(copy);

	ret = parse_line("net red", PORT_SHOW, &a, &copy);
	ktap_check(ret == 0 && !strcmp(a.net, "red"), "show of one network");
	free(copy);
}

static void test_switch_names(void)
{
	struct ovx_switch sw[2] = {
		{ .ifindex = 7, .name = "sw0" },
		{ .ifindex = 9, .name = "sw1" },
	};
	struct switch_names names = { .sw = sw, .n = 2 };
	char buf[OVX_IFNAMSIZ];

	ktap_check(!strcmp(switch_names_find(&names, 9, buf, sizeof(buf)),
			   "sw1"), "a known switch is named");
	ktap_check(!strcmp(switch_names_find(&names, 2147483647, buf,
					     sizeof(buf)), "if2147483647"),
		   "an unknown switch is if<index>");
}

struct print_args {
	int json;
	int stats;
	const struct ovx_port *port[3];
};

static int print_child(void *arg)
{
	struct print_args *a = arg;
	struct ovx_cli cli = { .json = a->json, .stats = a->stats };
	int i;

	new_json_obj(cli.json);
	for (i = 0; a->port[i]; i++)
		print_port(&cli, a->port[i], i ? "if9" : "sw0");
	delete_json_obj();
	return 0;
}

static void test_print(void)
{
	struct ovx_port tap = {
		.ifindex = 12, .name = "tap0", .net = "blue", .vni = 100,
		.switch_ifindex = 7, .id = 3, .has_stats = true,
		.stats = { 6, { 10, 20, 30, 40, 50, 60 } },
	};
	struct ovx_port veth = {
		.ifindex = 13, .name = "veth1", .net = "red", .vni = 16777215,
		.switch_ifindex = 9, .id = 0,
	};
	struct print_args a = { .port = { &tap } };
	struct captured c;

	expect_output(print_child, &a,
		      "dev tap0 net blue vni 100 switch sw0 id 3\n",
		      "text: one line per port");

	a.stats = 1;
	a.port[1] = &veth;
	expect_output(print_child, &a,
		      "dev tap0 net blue vni 100 switch sw0 id 3\n"
		      "    RX: packets 10 bytes 20 dropped 50  TX: packets 30 bytes 40 dropped 60\n"
		      "dev veth1 net red vni 16777215 switch if9 id 0\n",
		      "text with -s: counters where the kernel sent them");

	a.json = 1;
	expect_output(print_child, &a,
		      "[{\"ifindex\":12,\"dev\":\"tap0\",\"net\":\"blue\","
		      "\"vni\":100,\"switch\":\"sw0\",\"id\":3,"
		      "\"stats\":{\"rx_packets\":10,\"rx_bytes\":20,"
		      "\"rx_dropped\":50,\"tx_packets\":30,\"tx_bytes\":40,"
		      "\"tx_dropped\":60}},"
		      "{\"ifindex\":13,\"dev\":\"veth1\",\"net\":\"red\","
		      "\"vni\":16777215,\"switch\":\"if9\",\"id\":0}]\n",
		      "JSON with -s: every member, stats where sent");
	capture(print_child, &a, NULL, &c);
	check_jq(c.out,
		 "length == 2 and .[0].dev == \"tap0\" and .[0].net == \"blue\" and .[0].vni == 100 and (.[0].stats | length) == 6 and (.[1] | has(\"stats\") | not)",
		 "port JSON: dev, net, vni; stats with six counters");
	captured_free(&c);

	a.stats = 0;
	a.port[1] = NULL;
	expect_output(print_child, &a,
		      "[{\"ifindex\":12,\"dev\":\"tap0\",\"net\":\"blue\","
		      "\"vni\":100,\"switch\":\"sw0\",\"id\":3}]\n",
		      "JSON without -s: no stats");

	a.port[0] = NULL;
	expect_output(print_child, &a, "[]\n",
		      "JSON without ports: an empty array");

	tap.has_mac = true;
	memcpy(tap.mac, "\x52\x54\x00\xab\xcd\xef", 6);
	tap.n_ips = 2;
	tap.ips[0].family = AF_INET;
	tap.ips[0].u.v4.s_addr = htonl(0x0a000005);
	tap.ips[1].family = AF_INET6;
	inet_pton(AF_INET6, "2001:db8::5", &tap.ips[1].u.v6);
	strcpy(tap.label, "vm1");
	veth.has_mac = true;
	memcpy(veth.mac, "\x52\x54\x00\x00\x00\x01", 6);
	a.port[0] = &tap;
	a.port[1] = &veth;
	expect_output(print_child, &a,
		      "[{\"ifindex\":12,\"dev\":\"tap0\",\"net\":\"blue\","
		      "\"vni\":100,\"switch\":\"sw0\",\"id\":3,"
		      "\"mac\":\"52:54:00:ab:cd:ef\","
		      "\"ips\":[\"10.0.0.5\",\"2001:db8::5\"],\"name\":\"vm1\"},"
		      "{\"ifindex\":13,\"dev\":\"veth1\",\"net\":\"red\","
		      "\"vni\":16777215,\"switch\":\"if9\",\"id\":0,"
		      "\"mac\":\"52:54:00:00:00:01\"}]\n",
		      "JSON: mac, ips and name where the port has them");
	capture(print_child, &a, NULL, &c);
	check_jq(c.out,
		 ".[0].mac == \"52:54:00:ab:cd:ef\" and .[0].ips == [\"10.0.0.5\",\"2001:db8::5\"] and .[0].name == \"vm1\" and (.[1] | has(\"ips\") or has(\"name\") | not)",
		 "port JSON: ips is an array of strings");
	captured_free(&c);
	a.json = 0;
	a.stats = 1;
	expect_output(print_child, &a,
		      "dev tap0 net blue vni 100 switch sw0 id 3 mac 52:54:00:ab:cd:ef ip 10.0.0.5 ip 2001:db8::5 name vm1\n"
		      "    RX: packets 10 bytes 20 dropped 50  TX: packets 30 bytes 40 dropped 60\n"
		      "dev veth1 net red vni 16777215 switch if9 id 0 mac 52:54:00:00:00:01\n",
		      "text: mac, each ip and name after the id, counters below");
	a.stats = 0;
	a.json = 1;
	a.port[0] = NULL;
	a.json = 0;
	expect_output(print_child, &a, "", "text without ports: nothing");
}

int main(void)
{
	ktap_init();
	run_init();
	run_usage_cases(usage_cases, ARRAY_SIZE(usage_cases));
	run_valid_cases(valid_cases, ARRAY_SIZE(valid_cases));
	check_help("port",
		   "Usage: ovx port add dev IFNAME net NAME [mac MAC] [ip ADDR]... [name NAME] [standby] [seq N]\n"
		   "       ovx port del dev IFNAME | show [net NAME | dev IFNAME]\n");
	test_parse_values();
	test_switch_names();
	test_print();
	return ktap_finish();
}
