// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Tests of "ovx fdb" that need no kernel module: every command line of
 * the object, valid and invalid (run.h), the values the parser produces,
 * and the text and JSON that print_fdb() writes.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "fdb.h"
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
	"Error: unknown argument \"" arg "\", try \"ovx fdb help\".\n"
#define NEEDS(key) "Error: \"" key "\" requires an argument.\n"
#define DUP(key, arg) \
	"Error: duplicate \"" key "\": \"" arg "\" is the second value.\n"
#define CONFLICT(arg, other) \
	"Error: argument \"" arg "\" conflicts with \"" other "\".\n"
#define UNKNOWN_CMD(cmd) \
	"Command \"" cmd "\" is unknown, try \"ovx fdb help\".\n"

#define MAC "52:54:00:12:34:56"
#define N32 "thirty-two-characters-long-name!"

static const struct usage_case usage_cases[] = {
	/* fdb add */
	{ "fdb add", REQ("MAC") },
	{ "fdb add net blue dev tap0", REQ("MAC") },
	{ "fdb add dev tap0", REQ("MAC") },
	{ "fdb add static", REQ("MAC") },
	{ "fdb add " MAC, REQ("net") },
	{ "fdb add " MAC " dev tap0", REQ("net") },
	{ "fdb add " MAC " net blue", DEST_REQ },
	{ "fdb add " MAC " net", NEEDS("net") },
	{ "fdb add " MAC " net blue peer 192.0.2.2 seq", NEEDS("seq") },
	{ "fdb add " MAC " net blue peer 192.0.2.2 seq -1",
	  BAD("-1", "a move sequence is 0 to 65535") },
	{ "fdb add " MAC " net blue peer 192.0.2.2 seq 65536",
	  BAD("65536", "a move sequence is 0 to 65535") },
	{ "fdb add " MAC " net blue peer 192.0.2.2 seq 1 seq 1", DUP("seq", "1") },
	{ "fdb del " MAC " net blue seq 1", UNKNOWN("seq") },
	{ "fdb show seq 1", UNKNOWN("seq") },
	{ "fdb add " MAC " net blue dev", NEEDS("dev") },
	{ "fdb add " MAC " net blue peer", NEEDS("peer") },
	{ "fdb add 52:54:00:12:34 net blue dev tap0",
	  BAD_MAC("52:54:00:12:34") },
	{ "fdb add 52:54:00:12:34:56:78 net blue dev tap0",
	  BAD_MAC("52:54:00:12:34:56:78") },
	{ "fdb add 52-54-00-12-34-56 net blue dev tap0",
	  BAD_MAC("52-54-00-12-34-56") },
	{ "fdb add 5254.0012.3456 net blue dev tap0",
	  BAD_MAC("5254.0012.3456") },
	{ "fdb add 52:54:00:12:34:5g net blue dev tap0",
	  BAD_MAC("52:54:00:12:34:5g") },
	{ "fdb add 2:54:00:12:34:56 net blue dev tap0",
	  BAD_MAC("2:54:00:12:34:56") },
	{ "fdb add blue net blue dev tap0", BAD_MAC("blue") },
	{ "fdb add " MAC " net " N32 " dev tap0", BAD_NET(N32) },
	{ "fdb add " MAC " net blue dev sixteen-chars-xx",
	  BAD_DEV("sixteen-chars-xx") },
	{ "fdb add " MAC " net blue peer 192.0.2.256",
	  BAD_ADDR("192.0.2.256") },
	{ "fdb add " MAC " net blue peer 192.0.2.0/24",
	  BAD_ADDR("192.0.2.0/24") },
	{ "fdb add " MAC " net blue peer host", BAD_ADDR("host") },
	{ "fdb add " MAC " net blue dev tap0 peer 192.0.2.2",
	  CONFLICT("peer", "dev") },
	{ "fdb add " MAC " net blue peer 192.0.2.2 dev tap0",
	  CONFLICT("dev", "peer") },
	{ "fdb add " MAC " net blue dev tap0 dev tap1", DUP("dev", "tap1") },
	{ "fdb add " MAC " net blue peer 192.0.2.2 peer 2001:db8::2",
	  DUP("peer", "2001:db8::2") },
	{ "fdb add " MAC " net blue net red dev tap0", DUP("net", "red") },
	{ "fdb add " MAC " net blue dev tap0 static", UNKNOWN("static") },
	{ "fdb add " MAC " net blue dev tap0 learned", UNKNOWN("learned") },
	{ "fdb add " MAC " " MAC " net blue dev tap0", UNKNOWN(MAC) },
	{ "fdb add " MAC " net blue dev tap0 vni 5", UNKNOWN("vni") },
	/* fdb del */
	{ "fdb del", REQ("MAC") },
	{ "fdb delete net blue", REQ("MAC") },
	{ "fdb del " MAC, REQ("net") },
	{ "fdb del " MAC " net", NEEDS("net") },
	{ "fdb del 52:54:00:12:34:56:00 net blue",
	  BAD_MAC("52:54:00:12:34:56:00") },
	{ "fdb del " MAC " net blue dev tap0", UNKNOWN("dev") },
	{ "fdb del " MAC " net blue peer 192.0.2.2", UNKNOWN("peer") },
	{ "fdb del " MAC " net blue static", UNKNOWN("static") },
	/* fdb show */
	{ "fdb show " MAC, UNKNOWN(MAC) },
	{ "fdb show net", NEEDS("net") },
	{ "fdb show dev", NEEDS("dev") },
	{ "fdb show peer", NEEDS("peer") },
	{ "fdb show net " N32, BAD_NET(N32) },
	{ "fdb show dev a/b", BAD_DEV("a/b") },
	{ "fdb show peer ::g", BAD_ADDR("::g") },
	{ "fdb show static learned", CONFLICT("learned", "static") },
	{ "fdb show learned static", CONFLICT("static", "learned") },
	{ "fdb show static static", DUP("static", "static") },
	{ "fdb list learned learned", DUP("learned", "learned") },
	{ "fdb show dev tap0 peer 192.0.2.2", CONFLICT("peer", "dev") },
	{ "fdb show peer 192.0.2.2 dev tap0", CONFLICT("dev", "peer") },
	{ "fdb show net blue net red", DUP("net", "red") },
	{ "fdb show dynamic", UNKNOWN("dynamic") },
	{ "fdb show blue", UNKNOWN("blue") },
	/* fdb flush */
	{ "fdb flush static", UNKNOWN("static") },
	{ "fdb flush learned learned", DUP("learned", "learned") },
	{ "fdb flush learned static", UNKNOWN("static") },
	/* fdb get */
	{ "fdb get", REQ("MAC") },
	{ "fdb get net blue", REQ("MAC") },
	{ "fdb get " MAC, REQ("net") },
	{ "fdb get " MAC " net blue dev tap0", UNKNOWN("dev") },
	{ "fdb get " MAC " net blue static", UNKNOWN("static") },
	{ "fdb get " MAC " net a/b", BAD_NET("a/b") },
	{ "fdb flush " MAC, UNKNOWN(MAC) },
	{ "fdb flush dev tap0 peer 192.0.2.2", CONFLICT("peer", "dev") },
	{ "fdb flush net", NEEDS("net") },
	{ "fdb flush peer 2001:db8::1::2", BAD_ADDR("2001:db8::1::2") },
	/* verbs */
	{ "fdb foo", UNKNOWN_CMD("foo") },
	{ "fdb replace " MAC " net blue dev tap0", UNKNOWN_CMD("replace") },
	{ "fdb sh", UNKNOWN_CMD("sh") },
	{ "fdb " MAC, UNKNOWN_CMD(MAC) },
	{ "-j fdb bogus", UNKNOWN_CMD("bogus") },
};

static const char *const valid_cases[] = {
	"fdb add " MAC " net blue dev tap0",
	"fdb add " MAC " dev tap0 net blue",
	"fdb add 52:54:00:AB:cd:EF net blue peer 192.0.2.2",
	"fdb add ff:ff:ff:ff:ff:ff net blue peer 2001:db8::2",
	"fdb add " MAC " peer 2001:db8::2 net thirty-one-characters-long-name",
	"fdb del " MAC " net blue",
	"fdb delete " MAC " net blue",
	"fdb show",
	"fdb list",
	"fdb",
	"fdb show net blue",
	"fdb show dev tap0",
	"fdb show peer 192.0.2.2",
	"fdb show static",
	"fdb show learned",
	"fdb show learned net blue peer 2001:db8::2",
	"fdb show static dev tap0 net blue",
	"fdb flush",
	"fdb flush net blue",
	"fdb flush dev tap0",
	"fdb flush peer 192.0.2.2 net blue",
	"-j fdb show",
	"-j -p fdb show net blue",
};

static int parse_line(const char *line, enum fdb_verb verb,
		      struct fdb_args *a, char **copyp)
{
	char *argv[RUN_MAXWORDS];
	char *copy = strdup(line);
	int argc;

	if (!copy)
		abort();
	argc = split_words(copy, argv);
	*copyp = copy;
	return fdb_parse(argc, argv, verb, a);
}

static void test_parse_values(void)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef };
	static const uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };
	struct fdb_args a;
	char *copy;
	int ret;

	ret = parse_line("52:54:00:AB:cd:Ef net blue dev tap0", FDB_ADD, &a,
			 &copy);
	ktap_check(ret == 0 && a.has_mac && !memcmp(a.mac, mac, 6) &&
		   !strcmp(a.net, "blue") && !strcmp(a.dev, "tap0") &&
		   a.peer.family == AF_UNSPEC && a.kind == OVX_FDB_KIND_ANY,
		   "add to a port: MAC in any case, net, dev");
	free(copy);

	ret = parse_line("52:54:00:ab:cd:ef peer 2001:db8::2 net red", FDB_ADD,
			 &a, &copy);
	ktap_check(ret == 0 && !strcmp(a.net, "red") && !a.dev &&
		   a.peer.family == AF_INET6 && !memcmp(a.peer.u.raw, v6, 16),
		   "add to an IPv6 peer");
	free(copy);

	ret = parse_line("52:54:00:ab:cd:ef net blue", FDB_DEL, &a, &copy);
	ktap_check(ret == 0 && a.has_mac && !strcmp(a.net, "blue") && !a.dev &&
		   a.peer.family == AF_UNSPEC, "del: MAC and net");
	free(copy);

	ret = parse_line("", FDB_SHOW, &a, &copy);
	ktap_check(ret == 0 && !a.has_mac && !a.net && !a.dev &&
		   a.peer.family == AF_UNSPEC && a.kind == OVX_FDB_KIND_ANY,
		   "show without filters");
	free(copy);

	ret = parse_line("learned peer 192.0.2.2 net blue", FDB_SHOW, &a,
			 &copy);
	ktap_check(ret == 0 && a.kind == OVX_FDB_KIND_LEARNED &&
		   a.peer.family == AF_INET &&
		   a.peer.u.v4.s_addr == htonl(0xc0000202) &&
		   !strcmp(a.net, "blue"),
		   "show of learnt entries of a peer in a network");
	free(copy);

	ret = parse_line("static", FDB_SHOW, &a, &copy);
	ktap_check(ret == 0 && a.kind == OVX_FDB_KIND_STATIC,
		   "show of static entries");
	free(copy);

	ret = parse_line("dev tap0", FDB_FLUSH, &a, &copy);
	ktap_check(ret == 0 && !strcmp(a.dev, "tap0") && !a.net &&
		   a.kind == OVX_FDB_KIND_ANY,
		   "flush of a port's entries");
	free(copy);

	ret = parse_line("net blue learned", FDB_FLUSH, &a, &copy);
	ktap_check(ret == 0 && !strcmp(a.net, "blue") &&
		   a.kind == OVX_FDB_KIND_LEARNED,
		   "flush of a network's learnt entries");
	free(copy);

	ret = parse_line("52:54:00:ab:cd:ef net blue", FDB_GET, &a, &copy);
	ktap_check(ret == 0 && a.has_mac && !strcmp(a.net, "blue") && !a.dev,
		   "get: MAC and net");
	free(copy);
}

struct print_args {
	int json;
	const struct ovx_fdb_entry *e[5];
};

static int print_child(void *arg)
{
	struct print_args *a = arg;
	struct ovx_cli cli = { .json = a->json };
	int i;

	new_json_obj(cli.json);
	for (i = 0; a->e[i]; i++)
		print_fdb(&cli, a->e[i]);
	delete_json_obj();
	return 0;
}

static void test_print(void)
{
	struct ovx_fdb_entry local = {
		.net = "blue", .vni = 100,
		.mac = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 },
		.port_ifindex = 12, .port_name = "tap0", .age = 12,
	};
	struct ovx_fdb_entry remote4 = {
		.net = "blue", .vni = 100,
		.mac = { 0x52, 0x54, 0x00, 0xAB, 0xCD, 0xEF },
		.peer = { .family = AF_INET }, .age = 4000000000U,
		.flags = OVX_FDB_ENTRY_STATIC,
	};
	struct ovx_fdb_entry remote6 = {
		.net = "red", .vni = 16777215,
		.mac = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
		.peer = { .family = AF_INET6 }, .age = 0,
		.flags = 0x80000000U,	/* an unknown bit: learnt */
	};
	struct ovx_fdb_entry geneve = {
		.net = "green", .vni = 200,
		.mac = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x01 },
		.peer = { .family = AF_INET6 }, .age = 7,
		.remote_port = 4294967295U,
	};
	struct print_args a = {
		.e = { &local, &remote4, &remote6, &geneve },
	};
	struct captured c;

	remote4.peer.u.v4.s_addr = htonl(0xc0000202);
	inet_pton(AF_INET6, "2001:db8::2", &remote6.peer.u.v6);
	inet_pton(AF_INET6, "2001:db8::3", &geneve.peer.u.v6);

	expect_output(print_child, &a,
		      "52:54:00:12:34:56 net blue vni 100 dev tap0 learned age 12\n"
		      "52:54:00:ab:cd:ef net blue vni 100 peer 192.0.2.2 static\n"
		      "ff:ff:ff:ff:ff:ff net red vni 16777215 peer 2001:db8::2 learned age 0\n"
		      "52:54:00:00:00:01 net green vni 200 peer 2001:db8::3 remote-port 4294967295 learned age 7\n",
		      "text: local learnt, static IPv4 peer, IPv6 peer, remote port after the peer; MACs in lower case");

	a.json = 1;
	expect_output(print_child, &a,
		      "[{\"mac\":\"52:54:00:12:34:56\",\"net\":\"blue\",\"vni\":100,"
		      "\"dev\":\"tap0\",\"static\":false,\"age\":12},"
		      "{\"mac\":\"52:54:00:ab:cd:ef\",\"net\":\"blue\",\"vni\":100,"
		      "\"peer\":\"192.0.2.2\",\"static\":true,\"age\":4000000000},"
		      "{\"mac\":\"ff:ff:ff:ff:ff:ff\",\"net\":\"red\","
		      "\"vni\":16777215,\"peer\":\"2001:db8::2\",\"static\":false,"
		      "\"age\":0},"
		      "{\"mac\":\"52:54:00:00:00:01\",\"net\":\"green\",\"vni\":200,"
		      "\"peer\":\"2001:db8::3\",\"remote_port\":4294967295,"
		      "\"static\":false,\"age\":7}]\n",
		      "JSON: mac, net, vni, dev or peer, remote_port only when known, static, age");
	capture(print_child, &a, NULL, &c);
	check_jq(c.out,
		 "length == 4 and all(.[]; has(\"mac\") and has(\"net\") and has(\"vni\") and (has(\"dev\") != has(\"peer\")) and (.static | type) == \"boolean\" and (.age | type) == \"number\") and ([.[] | select(has(\"remote_port\"))] | length == 1 and .[0].remote_port == 4294967295)",
		 "fdb JSON: every entry has mac, net, vni, one of dev and peer, static and age; one remote_port");
	captured_free(&c);

	a.e[0] = NULL;
	expect_output(print_child, &a, "[]\n",
		      "JSON without entries: an empty array");
	a.json = 0;
	expect_output(print_child, &a, "", "text without entries: nothing");
}

int main(void)
{
	ktap_init();
	run_init();
	run_usage_cases(usage_cases, ARRAY_SIZE(usage_cases));
	run_valid_cases(valid_cases, ARRAY_SIZE(valid_cases));
	check_help("fdb",
		   "Usage: ovx fdb add MAC net NAME (dev IFNAME | peer ADDR) [seq N] | del MAC net NAME\n"
		   "       ovx fdb show [net NAME] [dev IFNAME | peer ADDR] [static | learned]\n"
		   "       ovx fdb get MAC net NAME\n"
		   "       ovx fdb flush [net NAME] [dev IFNAME | peer ADDR] [learned]\n");
	test_parse_values();
	test_print();
	return ktap_finish();
}
