// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Tests of "ovx neigh" that need no kernel module: every command line of
 * the object, valid and invalid (run.h), the values the parser produces,
 * and the text and JSON that print_neigh() writes.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "neigh.h"
#include "run.h"

#define REQ(key) "Error: argument \"" key "\" is required.\n"
#define DEST_REQ "Error: argument \"dev\" or \"peer\" is required.\n"
#define BAD(arg, msg) "Error: argument \"" arg "\" is wrong: " msg "\n"
#define BAD_MAC(arg) BAD(arg, "not a MAC address (xx:xx:xx:xx:xx:xx)")
#define BAD_NET(arg) BAD(arg, "not a network name (1-31 letters, digits, '-', '_' or '.')")
#define BAD_DEV(arg) \
	BAD(arg, "not an interface name (1-15 characters, no '/', ':' or blank)")
#define BAD_ADDR(arg) BAD(arg, "not an IPv4 or IPv6 address")
#define UNKNOWN(arg) \
	"Error: unknown argument \"" arg "\", try \"ovx neigh help\".\n"
#define NEEDS(key) "Error: \"" key "\" requires an argument.\n"
#define DUP(key, arg) \
	"Error: duplicate \"" key "\": \"" arg "\" is the second value.\n"
#define CONFLICT(arg, other) \
	"Error: argument \"" arg "\" conflicts with \"" other "\".\n"
#define UNKNOWN_CMD(cmd) \
	"Command \"" cmd "\" is unknown, try \"ovx neigh help\".\n"

#define MAC "52:54:00:12:34:56"
#define A4 "10.0.0.5"
#define ADD "neigh add " A4 " lladdr " MAC
#define N32 "thirty-two-characters-long-name!"

static const struct usage_case usage_cases[] = {
	/* neigh add */
	{ "neigh add", REQ("ADDR") },
	{ ADD " net blue dev tap0 name a/b",
	  "Error: argument \"a/b\" is wrong: not a name (1-31 letters, digits, '-', '_' or '.')\n" },
	{ ADD " net blue dev tap0 name a name b",
	  "Error: duplicate \"name\": \"b\" is the second value.\n" },
	{ "neigh del " A4 " net blue name x",
	  "Error: unknown argument \"name\", try \"ovx neigh help\".\n" },
	{ "neigh add lladdr " MAC " net blue dev tap0", REQ("ADDR") },
	{ "neigh add net blue", REQ("ADDR") },
	{ "neigh add " A4, REQ("lladdr") },
	{ "neigh add " A4 " net blue dev tap0", REQ("lladdr") },
	{ ADD, REQ("net") },
	{ ADD " dev tap0", REQ("net") },
	{ ADD " net blue", DEST_REQ },
	{ ADD " net", NEEDS("net") },
	{ ADD " net blue dev", NEEDS("dev") },
	{ ADD " net blue peer", NEEDS("peer") },
	{ "neigh add " A4 " lladdr", NEEDS("lladdr") },
	{ "neigh add 10.0.0.256 lladdr " MAC " net blue dev tap0",
	  BAD_ADDR("10.0.0.256") },
	{ "neigh add 10.0.0.0/24 lladdr " MAC " net blue dev tap0",
	  BAD_ADDR("10.0.0.0/24") },
	{ "neigh add " MAC " lladdr " MAC " net blue dev tap0",
	  BAD_ADDR(MAC) },
	{ "neigh add " A4 " lladdr 52:54:00:12:34 net blue dev tap0",
	  BAD_MAC("52:54:00:12:34") },
	{ "neigh add " A4 " lladdr 10.0.0.6 net blue dev tap0",
	  BAD_MAC("10.0.0.6") },
	{ ADD " net " N32 " dev tap0", BAD_NET(N32) },
	{ ADD " net blue dev sixteen-chars-xx", BAD_DEV("sixteen-chars-xx") },
	{ ADD " net blue peer host", BAD_ADDR("host") },
	{ ADD " net blue dev tap0 peer 192.0.2.2", CONFLICT("peer", "dev") },
	{ ADD " net blue peer 192.0.2.2 dev tap0", CONFLICT("dev", "peer") },
	{ ADD " net blue dev tap0 dev tap1", DUP("dev", "tap1") },
	{ ADD " lladdr 52:54:00:00:00:01 net blue dev tap0",
	  DUP("lladdr", "52:54:00:00:00:01") },
	{ ADD " net blue net red dev tap0", DUP("net", "red") },
	{ ADD " net blue dev tap0 static", UNKNOWN("static") },
	{ ADD " net blue dev tap0 vni 5", UNKNOWN("vni") },
	{ "neigh add " A4 " " A4 " lladdr " MAC " net blue dev tap0",
	  UNKNOWN(A4) },
	/* neigh del */
	{ "neigh del", REQ("ADDR") },
	{ "neigh delete net blue", REQ("ADDR") },
	{ "neigh del " A4, REQ("net") },
	{ "neigh del " A4 " net", NEEDS("net") },
	{ "neigh del 2001:db8::1::2 net blue", BAD_ADDR("2001:db8::1::2") },
	{ "neigh del " A4 " net blue dev tap0", UNKNOWN("dev") },
	{ "neigh del " A4 " net blue lladdr " MAC, UNKNOWN("lladdr") },
	{ "neigh del " A4 " net blue learned", UNKNOWN("learned") },
	/* neigh show */
	{ "neigh show " A4, UNKNOWN(A4) },
	{ "neigh show net", NEEDS("net") },
	{ "neigh show dev", NEEDS("dev") },
	{ "neigh show peer ::g", BAD_ADDR("::g") },
	{ "neigh show dev a/b", BAD_DEV("a/b") },
	{ "neigh show lladdr " MAC, UNKNOWN("lladdr") },
	{ "neigh show static learned", CONFLICT("learned", "static") },
	{ "neigh show learned learned", DUP("learned", "learned") },
	{ "neigh show dev tap0 peer 192.0.2.2", CONFLICT("peer", "dev") },
	{ "neigh show net blue net red", DUP("net", "red") },
	/* verbs */
	{ "neigh foo", UNKNOWN_CMD("foo") },
	{ "neigh flush", UNKNOWN_CMD("flush") },
	{ "neigh replace " A4, UNKNOWN_CMD("replace") },
	{ "neigh " A4, UNKNOWN_CMD(A4) },
	{ "-j neigh bogus", UNKNOWN_CMD("bogus") },
};

static const char *const valid_cases[] = {
	ADD " net blue dev tap0",
	ADD " net blue peer 192.0.2.2 name web2",
	ADD " dev tap0 net blue",
	"neigh add 2001:db8::5 lladdr 52:54:00:AB:cd:EF net blue peer 192.0.2.2",
	"neigh add " A4 " net blue peer 2001:db8::2 lladdr " MAC,
	"neigh del " A4 " net blue",
	"neigh delete 2001:db8::5 net thirty-one-characters-long-name",
	"neigh show",
	"neigh list",
	"neigh",
	"neigh show net blue",
	"neigh show dev tap0",
	"neigh show peer 192.0.2.2",
	"neigh show static",
	"neigh show learned net blue peer 2001:db8::2",
	"-j neigh show",
	"-j -p neigh show static dev tap0",
};

static int parse_line(const char *line, enum neigh_verb verb,
		      struct neigh_args *a, char **copyp)
{
	char *argv[RUN_MAXWORDS];
	char *copy = strdup(line);
	int argc;

	if (!copy)
		abort();
	argc = split_words(copy, argv);
	*copyp = copy;
	return neigh_parse(argc, argv, verb, a);
}

static void test_parse_values(void)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef };
	static const uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 5 };
	struct neigh_args a;
	char *copy;
	int ret;

	ret = parse_line("10.0.0.5 lladdr 52:54:00:AB:cd:Ef net blue dev tap0",
			 NEIGH_ADD, &a, &copy);
	ktap_check(ret == 0 && a.has_addr && a.addr.family == AF_INET &&
		   a.addr.u.v4.s_addr == htonl(0x0a000005) && a.has_lladdr &&
		   !memcmp(a.lladdr, mac, 6) && !strcmp(a.net, "blue") &&
		   !strcmp(a.dev, "tap0") && a.peer.family == AF_UNSPEC,
		   "add to a port: address, lladdr in any case, net, dev");
	free(copy);

	ret = parse_line("2001:db8::5 peer 192.0.2.2 net red lladdr 52:54:00:ab:cd:ef",
			 NEIGH_ADD, &a, &copy);
	ktap_check(ret == 0 && a.addr.family == AF_INET6 &&
		   !memcmp(a.addr.u.raw, v6, 16) && !a.dev &&
		   a.peer.family == AF_INET &&
		   a.peer.u.v4.s_addr == htonl(0xc0000202),
		   "add of an IPv6 address to an IPv4 peer");
	free(copy);

	ret = parse_line("2001:db8::5 net blue", NEIGH_DEL, &a, &copy);
	ktap_check(ret == 0 && a.has_addr && a.addr.family == AF_INET6 &&
		   !strcmp(a.net, "blue") && !a.has_lladdr,
		   "del: address and net");
	free(copy);

	ret = parse_line("", NEIGH_SHOW, &a, &copy);
	ktap_check(ret == 0 && !a.has_addr && !a.net && !a.dev &&
		   a.peer.family == AF_UNSPEC && a.kind == OVX_NEIGH_KIND_ANY,
		   "show without filters");
	free(copy);

	ret = parse_line("learned peer 2001:db8::2 net blue", NEIGH_SHOW, &a,
			 &copy);
	ktap_check(ret == 0 && a.kind == OVX_NEIGH_KIND_LEARNED &&
		   a.peer.family == AF_INET6 && !strcmp(a.net, "blue"),
		   "show of learnt bindings of a peer in a network");
	free(copy);

	ret = parse_line("static dev tap0", NEIGH_SHOW, &a, &copy);
	ktap_check(ret == 0 && a.kind == OVX_NEIGH_KIND_STATIC &&
		   !strcmp(a.dev, "tap0"), "show of a port's static bindings");
	free(copy);
}

struct print_args {
	int json;
	const struct ovx_neigh *n[5];
};

static int print_child(void *arg)
{
	struct print_args *a = arg;
	int i;

	new_json_obj(a->json);
	for (i = 0; a->n[i]; i++)
		print_neigh(a->n[i]);
	delete_json_obj();
	return 0;
}

static void test_print(void)
{
	struct ovx_neigh own = {
		.net = "blue", .vni = 100, .addr = { .family = AF_INET },
		.lladdr = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 },
		.port_ifindex = 12, .port_name = "tap0",
		.flags = OVX_NEIGH_ENTRY_STATIC | OVX_NEIGH_ENTRY_PORT,
	};
	struct ovx_neigh pushed = {
		.net = "blue", .vni = 100, .addr = { .family = AF_INET6 },
		.lladdr = { 0x52, 0x54, 0x00, 0xAB, 0xCD, 0xEF },
		.peer = { .family = AF_INET }, .age = 9,
		.flags = OVX_NEIGH_ENTRY_STATIC,
	};
	struct ovx_neigh learnt = {
		.net = "red", .vni = 16777215, .addr = { .family = AF_INET },
		.lladdr = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x01 },
		.peer = { .family = AF_INET6 }, .age = 4000000000U,
		.flags = 0x80000000U,	/* an unknown bit: learnt */
	};
	struct print_args a = { .n = { &own, &pushed, &learnt } };
	struct captured c;

	own.addr.u.v4.s_addr = htonl(0x0a000005);
	inet_pton(AF_INET6, "2001:db8::6", &pushed.addr.u.v6);
	pushed.peer.u.v4.s_addr = htonl(0xc0000202);
	learnt.addr.u.v4.s_addr = htonl(0x0a000007);
	inet_pton(AF_INET6, "2001:db8::2", &learnt.peer.u.v6);

	expect_output(print_child, &a,
		      "10.0.0.5 lladdr 52:54:00:12:34:56 net blue vni 100 dev tap0 static port\n"
		      "2001:db8::6 lladdr 52:54:00:ab:cd:ef net blue vni 100 peer 192.0.2.2 static\n"
		      "10.0.0.7 lladdr 52:54:00:00:00:01 net red vni 16777215 peer 2001:db8::2 learned age 4000000000\n",
		      "text: a port's own, a pushed and a learnt binding");

	a.json = 1;
	expect_output(print_child, &a,
		      "[{\"addr\":\"10.0.0.5\",\"lladdr\":\"52:54:00:12:34:56\","
		      "\"net\":\"blue\",\"vni\":100,\"dev\":\"tap0\",\"static\":true},"
		      "{\"addr\":\"2001:db8::6\",\"lladdr\":\"52:54:00:ab:cd:ef\","
		      "\"net\":\"blue\",\"vni\":100,\"peer\":\"192.0.2.2\","
		      "\"static\":true},"
		      "{\"addr\":\"10.0.0.7\",\"lladdr\":\"52:54:00:00:00:01\","
		      "\"net\":\"red\",\"vni\":16777215,\"peer\":\"2001:db8::2\","
		      "\"static\":false,\"age\":4000000000}]\n",
		      "JSON: addr, lladdr, net, vni, dev or peer, static; age when learnt");
	capture(print_child, &a, NULL, &c);
	check_jq(c.out,
		 "length == 3 and all(.[]; has(\"addr\") and has(\"lladdr\") and has(\"net\") and has(\"vni\") and (has(\"dev\") != has(\"peer\")) and (.static | type) == \"boolean\" and (has(\"age\") == (.static | not)))",
		 "neigh JSON: every binding has addr, lladdr, net, vni, one of dev and peer, static; age exactly for the learnt");
	captured_free(&c);

	a.n[0] = NULL;
	expect_output(print_child, &a, "[]\n",
		      "JSON without bindings: an empty array");
	a.json = 0;
	expect_output(print_child, &a, "", "text without bindings: nothing");
}

int main(void)
{
	ktap_init();
	run_init();
	run_usage_cases(usage_cases, ARRAY_SIZE(usage_cases));
	run_valid_cases(valid_cases, ARRAY_SIZE(valid_cases));
	check_help("neigh",
		   "Usage: ovx neigh add ADDR lladdr MAC net NAME (dev IFNAME | peer ADDR) [name NAME] | del ADDR net NAME\n"
		   "       ovx neigh show [net NAME] [dev IFNAME | peer ADDR] [static | learned]\n");
	test_parse_values();
	test_print();
	return ktap_finish();
}
