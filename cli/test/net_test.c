// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Tests of "ovx net" that need no kernel module: every command line of
 * the object, valid and invalid (run.h), the values the parser produces,
 * and the text and JSON that print_net() writes.
 */
#include <stdlib.h>
#include <string.h>

#include "net.h"
#include "run.h"

#define NAME_REQ "Error: argument \"NAME\" is required.\n"
#define VNI_REQ "Error: argument \"vni\" is required.\n"
#define BAD(arg, msg) "Error: argument \"" arg "\" is wrong: " msg "\n"
#define BAD_NAME(arg) BAD(arg, "not a network name (1-31 letters, digits, '-', '_' or '.')")
#define BAD_VNI(arg) BAD(arg, "not a VNI (1-16777215)")
#define BAD_SW(arg) \
	BAD(arg, "not an interface name (1-15 characters, no '/', ':' or blank)")
#define BAD_ONOFF(arg) BAD(arg, "not \"on\" or \"off\"")
#define BAD_AGEING(arg) BAD(arg, "not an ageing time (0-1000000 seconds)")
#define BAD_MAX(arg) BAD(arg, "not a number of entries (0-4294967295)")
#define UNKNOWN(arg) \
	"Error: unknown argument \"" arg "\", try \"ovx net help\".\n"
#define NEEDS(key) "Error: \"" key "\" requires an argument.\n"
#define DUP(key, arg) \
	"Error: duplicate \"" key "\": \"" arg "\" is the second value.\n"
#define UNKNOWN_CMD(cmd) \
	"Command \"" cmd "\" is unknown, try \"ovx net help\".\n"

#define N32 "thirty-two-characters-long-name!"

static const struct usage_case usage_cases[] = {
	/* net add */
	{ "net add", NAME_REQ },
	{ "net add vni 5", NAME_REQ },
	{ "net add switch sw0 vni 5", NAME_REQ },
	{ "net add learning on", NAME_REQ },
	{ "net add blue", VNI_REQ },
	{ "net add blue switch sw0 learning off", VNI_REQ },
	{ "net add " N32 " vni 5", BAD_NAME(N32) },
	{ "net add blue vni", NEEDS("vni") },
	{ "net add blue vni 5 switch", NEEDS("switch") },
	{ "net add blue vni 5 learning", NEEDS("learning") },
	{ "net add blue vni 5 ageing", NEEDS("ageing") },
	{ "net add blue vni 5 fdb-max", NEEDS("fdb-max") },
	{ "net add blue vni 0", BAD_VNI("0") },
	{ "net add blue vni 16777216", BAD_VNI("16777216") },
	{ "net add blue vni 0x10", BAD_VNI("0x10") },
	{ "net add blue vni -1", BAD_VNI("-1") },
	{ "net add blue vni 010", BAD_VNI("010") },
	{ "net add blue vni ten", BAD_VNI("ten") },
	{ "net add blue vni 5 switch sixteen-chars-xx",
	  BAD_SW("sixteen-chars-xx") },
	{ "net add blue vni 5 switch a/b", BAD_SW("a/b") },
	{ "net add blue vni 5 learning yes", BAD_ONOFF("yes") },
	{ "net add blue vni 5 learning ON", BAD_ONOFF("ON") },
	{ "net add blue vni 5 learning 1", BAD_ONOFF("1") },
	{ "net add blue vni 5 ageing 1000001", BAD_AGEING("1000001") },
	{ "net add blue vni 5 ageing -1", BAD_AGEING("-1") },
	{ "net add blue vni 5 ageing 5m", BAD_AGEING("5m") },
	{ "net add blue vni 5 ageing never", BAD_AGEING("never") },
	{ "net add blue vni 5 fdb-max 4294967296", BAD_MAX("4294967296") },
	{ "net add blue vni 5 fdb-max 1k", BAD_MAX("1k") },
	{ "net add blue vni 5 vni 6", DUP("vni", "6") },
	{ "net add blue vni 5 switch a switch b", DUP("switch", "b") },
	{ "net add blue vni 5 learning on learning off",
	  DUP("learning", "off") },
	{ "net add blue vni 5 ageing 1 ageing 1", DUP("ageing", "1") },
	{ "net add blue vni 5 fdb-max 1 fdb-max 2", DUP("fdb-max", "2") },
	{ "net add blue vni 5 red", UNKNOWN("red") },
	{ "net add blue red vni 5", UNKNOWN("red") },
	{ "net add blue vni 5 fdb_max 1", UNKNOWN("fdb_max") },
	{ "net add blue vni 5 learn on", UNKNOWN("learn") },
	{ "net add blue vni 5 aging 30", UNKNOWN("aging") },
	{ "net add blue vni 5 dev tap0", UNKNOWN("dev") },
	/* The first bad word is the one named. */
	{ "net add blue vni 0 ageing x", BAD_VNI("0") },
	/* net set */
	{ "net set", NAME_REQ },
	{ "net set learning on", NAME_REQ },
	{ "net set " N32, BAD_NAME(N32) },
	{ "net set blue vni 5", UNKNOWN("vni") },
	{ "net set blue switch sw0", UNKNOWN("switch") },
	{ "net set blue learning", NEEDS("learning") },
	{ "net set blue learning maybe", BAD_ONOFF("maybe") },
	{ "net set blue ageing 2000000", BAD_AGEING("2000000") },
	{ "net set blue fdb-max -5", BAD_MAX("-5") },
	{ "net set blue ageing 1 ageing 2", DUP("ageing", "2") },
	{ "net set blue red", UNKNOWN("red") },
	{ "net set blue arp-suppress", NEEDS("arp-suppress") },
	{ "net set blue arp-suppress yes", BAD_ONOFF("yes") },
	{ "net add blue vni 5 flood-unknown 0", BAD_ONOFF("0") },
	{ "net set blue flood-unknown", NEEDS("flood-unknown") },
	{ "net set blue flood-unknown on flood-unknown off",
	  DUP("flood-unknown", "off") },
	{ "net add blue vni 5 arp-suppress on arp-suppress on",
	  DUP("arp-suppress", "on") },
	{ "net set blue arp_suppress on", UNKNOWN("arp_suppress") },
	{ "net set blue neigh-static 1", UNKNOWN("neigh-static") },
	/* service settings */
	{ "net set blue dhcp", NEEDS("dhcp") },
	{ "net set blue dhcp yes", BAD_ONOFF("yes") },
	{ "net set blue dns 1", BAD_ONOFF("1") },
	{ "net set blue dhcp on dhcp off", DUP("dhcp", "off") },
	{ "net set blue lease 9",
	  BAD("9", "not a lease time (10-31536000 seconds)") },
	{ "net set blue lease 31536001",
	  BAD("31536001", "not a lease time (10-31536000 seconds)") },
	{ "net set blue lease 1h",
	  BAD("1h", "not a lease time (10-31536000 seconds)") },
	{ "net set blue lease 60 lease 70", DUP("lease", "70") },
	{ "net set blue domain a..b",
	  BAD("a..b", "not a domain name (labels of 1-63 letters, digits or '-', 253 characters in all)") },
	{ "net set blue domain bad!name",
	  BAD("bad!name", "not a domain name (labels of 1-63 letters, digits or '-', 253 characters in all)") },
	{ "net set blue domain .blue",
	  BAD(".blue", "not a domain name (labels of 1-63 letters, digits or '-', 253 characters in all)") },
	{ "net set blue domain a domain b", DUP("domain", "b") },
	{ "net set blue dns-server 10.0.0.300",
	  BAD("10.0.0.300", "not an IPv4 or IPv6 address") },
	{ "net set blue dns-server 1.1.1.1 dns-server 1.1.1.2 dns-server 1.1.1.3 dns-server 1.1.1.4 dns-server 1.1.1.5",
	  BAD("1.1.1.5", "too many DNS servers (at most 4)") },
	{ "net set blue dns-server none dns-server 1.1.1.1",
	  "Error: argument \"1.1.1.1\" conflicts with \"dns-server none\".\n" },
	{ "net set blue service 10.0.0.1/33",
	  BAD("10.0.0.1/33", "not an address (ADDR or ADDR/LEN)") },
	{ "net set blue service fd00::1/129",
	  BAD("fd00::1/129", "not an address (ADDR or ADDR/LEN)") },
	{ "net set blue service web", BAD("web", "not an address (ADDR or ADDR/LEN)") },
	{ "net set blue service 10.0.0.1 service 10.0.0.2",
	  DUP("service", "10.0.0.2") },
	/* net del */
	{ "net del", NAME_REQ },
	{ "net delete", NAME_REQ },
	{ "net del blue red", UNKNOWN("red") },
	{ "net del " N32, BAD_NAME(N32) },
	/* net show */
	{ "net show blue red", UNKNOWN("red") },
	{ "net list blue red", UNKNOWN("red") },
	{ "net show " N32, BAD_NAME(N32) },
	/* verbs */
	{ "net foo", UNKNOWN_CMD("foo") },
	{ "net ad blue vni 5", UNKNOWN_CMD("ad") },
	{ "net sh", UNKNOWN_CMD("sh") },
	{ "net ADD blue vni 5", UNKNOWN_CMD("ADD") },
	{ "net flush", UNKNOWN_CMD("flush") },
	{ "net blue", UNKNOWN_CMD("blue") },
	{ "-j net bogus", UNKNOWN_CMD("bogus") },
};

static const char *const valid_cases[] = {
	"net add blue vni 100",
	"net add blue vni 1",
	"net add blue vni 16777215",
	"net add blue vni 100 switch sw0",
	"net add blue switch sw0 vni 100",
	"net add blue vni 100 switch sw0 learning off ageing 0 fdb-max 0",
	"net add blue fdb-max 4294967295 ageing 1000000 learning on vni 7",
	"net add thirty-one-characters-long-name vni 5",
	"net add vni7 vni 7",
	"net set blue",
	"net set blue learning off",
	"net set blue ageing 60 fdb-max 1024 learning on",
	"net add blue vni 100 arp-suppress off flood-unknown off",
	"net set blue flood-unknown on",
	"net set blue arp-suppress on learning off",
	"net set blue dhcp on dns on",
	"net set blue domain example.org lease 600",
	"net set blue domain default",
	"net set blue dns-server 10.0.0.53 dns-server fd00::53",
	"net set blue dns-server none",
	"net set blue service 10.1.0.2",
	"net set blue service 10.1.0.2/24",
	"net set blue service fd00:1::2/64",
	"net add blue vni 5 dhcp on dns on domain blue.example service 10.1.0.2/24",
	"net del blue",
	"net delete blue",
	"net show",
	"net list",
	"net show blue",
	"net list blue",
	"net",
	"-j net",
	"-j -p -s net show",
	"-s net show blue",
};

static int parse_line(const char *line, bool add,
		      struct ovx_net_config *cfg, char **copyp)
{
	char *argv[RUN_MAXWORDS];
	char *copy = strdup(line);
	int argc;

	if (!copy)
		abort();
	argc = split_words(copy, argv);
	*copyp = copy;		/* cfg's strings point into it */
	return net_parse(argc, argv, add, cfg);
}

static void test_parse_values(void)
{
	struct ovx_net_config cfg;
	char *copy;
	int ret;

	ret = parse_line("blue vni 100", true, &cfg, &copy);
	ktap_check(ret == 0 && !strcmp(cfg.name, "blue") && cfg.vni == 100 &&
		   !cfg.switch_name && !cfg.switch_ifindex &&
		   cfg.learning == -1 && cfg.ageing == -1 && cfg.fdb_max == -1,
		   "add with name and VNI only: the rest left to the kernel");
	free(copy);

	ret = parse_line("red fdb-max 4294967295 ageing 0 learning off switch sw1 vni 16777215",
			 true, &cfg, &copy);
	ktap_check(ret == 0 && !strcmp(cfg.name, "red") &&
		   cfg.vni == 16777215 && !strcmp(cfg.switch_name, "sw1") &&
		   cfg.learning == 0 && cfg.ageing == 0 &&
		   cfg.fdb_max == 4294967295LL,
		   "add with every keyword in any order; zeros are set");
	free(copy);

	ret = parse_line("blue learning on ageing 1000000 fdb-max 0", false,
			 &cfg, &copy);
	ktap_check(ret == 0 && cfg.vni == 0 && !cfg.switch_name &&
		   cfg.learning == 1 && cfg.ageing == 1000000 &&
		   cfg.fdb_max == 0,
		   "set: learning on, upper ageing bound, fdb-max 0");
	free(copy);

	ret = parse_line("blue", false, &cfg, &copy);
	ktap_check(ret == 0 && cfg.learning == -1 && cfg.ageing == -1 &&
		   cfg.fdb_max == -1 && cfg.arp_suppress == -1 &&
		   cfg.flood_unknown == -1,
		   "set without keywords changes nothing");
	free(copy);

	ret = parse_line("blue vni 5 flood-unknown off arp-suppress on", true,
			 &cfg, &copy);
	ktap_check(ret == 0 && cfg.arp_suppress == 1 && cfg.flood_unknown == 0 &&
		   cfg.learning == -1,
		   "add with arp-suppress on and flood-unknown off");
	free(copy);

	ret = parse_line("blue arp-suppress off", false, &cfg, &copy);
	ktap_check(ret == 0 && cfg.arp_suppress == 0 &&
		   cfg.flood_unknown == -1,
		   "set of arp-suppress only");
	free(copy);
}

struct print_args {
	int json;
	int stats;
	const struct ovx_net *net[3];
};

static int print_child(void *arg)
{
	struct print_args *a = arg;
	struct ovx_cli cli = { .json = a->json, .stats = a->stats };
	int i;

	new_json_obj(cli.json);
	for (i = 0; a->net[i]; i++)
		print_net(&cli, a->net[i]);
	delete_json_obj();
	return 0;
}

static void test_print(void)
{
	static const char text_blue[] =
		"blue: vni 100 switch sw0 learning on ageing 300 fdb-max 65536 fdb 3 learned 1 static arp-suppress on flood-unknown on neigh 2 static\n";
	static const char json_blue[] =
		"{\"name\":\"blue\",\"vni\":100,\"switch\":\"sw0\","
		"\"learning\":true,\"ageing\":300,\"fdb_max\":65536,"
		"\"fdb_learned\":3,\"fdb_static\":1,\"arp_suppress\":true,"
		"\"flood_unknown\":true,\"neigh_static\":2";
	static const char json_stats[] =
		",\"stats\":{\"rx_packets\":1,\"rx_bytes\":2,\"rx_dropped\":5,"
		"\"tx_packets\":3,\"tx_bytes\":4,"
		"\"tx_dropped\":18446744073709551615,\"arp_suppressed\":7}";
	struct ovx_net blue = {
		.name = "blue", .vni = 100, .switch_ifindex = 7,
		.switch_name = "sw0", .learning = true, .ageing = 300,
		.fdb_max = 65536, .fdb_learned = 3, .fdb_static = 1,
		.has_stats = true,
		.stats = { 6, { 1, 2, 3, 4, 5, 18446744073709551615ULL } },
		.arp_suppress = true, .flood_unknown = true, .neigh_static = 2,
		.has_arp_suppressed = true, .arp_suppressed = 7,
	};
	struct ovx_net red = {
		.name = "r\"e\\d", .vni = 16777215, .switch_ifindex = 9,
		.switch_name = "sw1", .learning = false, .ageing = 0,
		.fdb_max = 4294967295U,
	};
	struct print_args a = { .net = { &blue } };
	char want[1024];
	struct captured c;

	expect_output(print_child, &a, text_blue,
		      "text: one line per network");

	a.stats = 1;
	expect_output(print_child, &a,
		      "blue: vni 100 switch sw0 learning on ageing 300 fdb-max 65536 fdb 3 learned 1 static arp-suppress on flood-unknown on neigh 2 static\n"
		      "    RX: packets 1 bytes 2 dropped 5  TX: packets 3 bytes 4 dropped 18446744073709551615 arp-suppressed 7\n",
		      "text with -s: an indented line of counters");

	a.json = 1;
	snprintf(want, sizeof(want), "[%s%s}]\n", json_blue, json_stats);
	expect_output(print_child, &a, want,
		      "JSON with -s: every member and the six counters");
	capture(print_child, &a, NULL, &c);
	check_jq(c.out,
		 ".[0] | (.stats | keys | sort) == [\"arp_suppressed\",\"rx_bytes\",\"rx_dropped\",\"rx_packets\",\"tx_bytes\",\"tx_dropped\",\"tx_packets\"] and (.learning | type) == \"boolean\" and (.arp_suppress | type) == \"boolean\" and (.flood_unknown | type) == \"boolean\" and (.neigh_static | type) == \"number\"",
		 "net JSON with -s: stats has the six counters and arp_suppressed; learning, arp_suppress and flood_unknown are booleans");
	captured_free(&c);

	a.stats = 0;
	a.net[1] = &red;
	snprintf(want, sizeof(want),
		 "[%s},{\"name\":\"r\\\"e\\\\d\",\"vni\":16777215,"
		 "\"switch\":\"sw1\",\"learning\":false,\"ageing\":0,"
		 "\"fdb_max\":4294967295,\"fdb_learned\":0,\"fdb_static\":0,"
		 "\"arp_suppress\":false,\"flood_unknown\":false,"
		 "\"neigh_static\":0}]\n",
		 json_blue);
	expect_output(print_child, &a, want,
		      "JSON: one array, no stats without -s, names escaped");
	capture(print_child, &a, NULL, &c);
	check_jq(c.out,
		 "length == 2 and .[1].name == \"r\\\"e\\\\d\" and .[1].learning == false and (.[0] | has(\"stats\") | not)",
		 "net JSON array of two");
	captured_free(&c);

	a.json = 0;
	a.stats = 1;
	expect_output(print_child, &a,
		      "blue: vni 100 switch sw0 learning on ageing 300 fdb-max 65536 fdb 3 learned 1 static arp-suppress on flood-unknown on neigh 2 static\n"
		      "    RX: packets 1 bytes 2 dropped 5  TX: packets 3 bytes 4 dropped 18446744073709551615 arp-suppressed 7\n"
		      "r\"e\\d: vni 16777215 switch sw1 learning off ageing 0 fdb-max 4294967295 fdb 0 learned 0 static arp-suppress off flood-unknown off neigh 0 static\n",
		      "text: learning off, ageing 0; -s prints nothing without counters");

	a.net[0] = NULL;
	expect_output(print_child, &a, "", "text without networks: nothing");
	a.json = 1;
	expect_output(print_child, &a, "[]\n",
		      "JSON without networks: an empty array");
}

int main(void)
{
	ktap_init();
	run_init();
	run_usage_cases(usage_cases, ARRAY_SIZE(usage_cases));
	run_valid_cases(valid_cases, ARRAY_SIZE(valid_cases));
	check_help("net",
		   "Usage: ovx net add NAME vni VNI [switch SW] [learning on|off] [ageing SECONDS] [fdb-max N] [arp-suppress on|off] [flood-unknown on|off] [SETTINGS of net set]...\n"
		   "       ovx net set NAME [learning on|off] [ageing SECONDS] [fdb-max N] [arp-suppress on|off] [flood-unknown on|off] [dhcp on|off] [dns on|off] [domain NAME|default] [lease SECONDS] [dns-server ADDR|none]... [service ADDR[/LEN]]\n"
		   "       ovx net del NAME | show [NAME]\n");
	test_parse_values();
	test_print();
	return ktap_finish();
}
