// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Tests of "ovx route" that need no kernel module: every command line of
 * the object, valid and invalid (run.h), the values the parser produces
 * ("default" resolved by the next hop), the prefix helpers of utils.c,
 * and the text and JSON that print_route() writes.
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
#define BAD_PREFIX(arg) BAD(arg, "not a prefix (ADDR/LEN or default)")
#define BAD_ADDR(arg) BAD(arg, "not an IPv4 or IPv6 address")
#define HOST_BITS(arg, net) BAD(arg, "host bits set (the prefix is " net ")")
#define AMBIGUOUS BAD("default", "ambiguous without an IPv4 or IPv6 \"via\": say 0.0.0.0/0 or ::/0")
#define OTHER_FAMILY(arg) BAD(arg, "not of the family of the prefix")
#define UNKNOWN(arg) \
	"Error: unknown argument \"" arg "\", try \"ovx route help\".\n"
#define NEEDS(key) "Error: \"" key "\" requires an argument.\n"
#define DUP(key, arg) \
	"Error: duplicate \"" key "\": \"" arg "\" is the second value.\n"
#define UNKNOWN_CMD(cmd) \
	"Command \"" cmd "\" is unknown, try \"ovx route help\".\n"

#define N32 "thirty-two-characters-long-name!"

static const struct usage_case usage_cases[] = {
	/* route add */
	{ "route add", REQ("PREFIX") },
	{ "route add router r1", REQ("PREFIX") },
	{ "route add via 10.1.0.5 router r1", REQ("PREFIX") },
	{ "route add 10.9.0.0/16", REQ("router") },
	{ "route add 10.9.0.0/16 via 10.1.0.5", REQ("router") },
	{ "route add 10.9.0.0/16 router", NEEDS("router") },
	{ "route add 10.9.0.0/16 via", NEEDS("via") },
	{ "route add 10.9.0.0 router r1", BAD_PREFIX("10.9.0.0") },
	{ "route add 10.9.0.0/33 router r1", BAD_PREFIX("10.9.0.0/33") },
	{ "route add 10.9.0.0/16/1 router r1", BAD_PREFIX("10.9.0.0/16/1") },
	{ "route add fd00::/129 router r1", BAD_PREFIX("fd00::/129") },
	{ "route add 10.9.0.0/16 via 10.1.0.5 router r1 r2", UNKNOWN("r2") },
	{ "route add 10.9.0.1/16 router r1", HOST_BITS("10.9.0.1/16", "10.9.0.0/16") },
	{ "route add 10.9.255.255/17 router r1",
	  HOST_BITS("10.9.255.255/17", "10.9.128.0/17") },
	{ "route add fd00:9::1/64 router r1",
	  HOST_BITS("fd00:9::1/64", "fd00:9::/64") },
	{ "route add 10.9.0.0/16 via 10.1.0.256 router r1",
	  BAD_ADDR("10.1.0.256") },
	{ "route add 10.9.0.0/16 via 10.1.0.0/24 router r1",
	  BAD_ADDR("10.1.0.0/24") },
	{ "route add 10.9.0.0/16 via fd00:1::5 router r1",
	  OTHER_FAMILY("fd00:1::5") },
	{ "route add fd00:9::/64 via 10.1.0.5 router r1",
	  OTHER_FAMILY("10.1.0.5") },
	{ "route add 10.9.0.0/16 via 10.1.0.5 via 10.1.0.6 router r1",
	  DUP("via", "10.1.0.6") },
	{ "route add 10.9.0.0/16 router r1 router r2", DUP("router", "r2") },
	{ "route add 10.9.0.0/16 router " N32, BAD_NAME(N32) },
	{ "route add default router r1", AMBIGUOUS },
	{ "route add 10.9.0.0/16 net blue router r1", UNKNOWN("net") },
	{ "route add 10.9.0.0/16 dev tap0 router r1", UNKNOWN("dev") },
	/* route del */
	{ "route del", REQ("PREFIX") },
	{ "route del 10.9.0.0/16", REQ("router") },
	{ "route del 10.9.0.0/16 via 10.1.0.5 router r1", UNKNOWN("via") },
	{ "route del default router r1", AMBIGUOUS },
	{ "route delete 10.9.0.1/16 router r1",
	  HOST_BITS("10.9.0.1/16", "10.9.0.0/16") },
	/* route show */
	{ "route show 10.9.0.0/16", UNKNOWN("10.9.0.0/16") },
	{ "route show router", NEEDS("router") },
	{ "route show router r/1", BAD_NAME("r/1") },
	{ "route show via 10.1.0.5", UNKNOWN("via") },
	{ "route show router r1 router r2", DUP("router", "r2") },
	/* verbs */
	{ "route foo", UNKNOWN_CMD("foo") },
	{ "route get 10.9.0.0/16 router r1", UNKNOWN_CMD("get") },
	{ "route 10.9.0.0/16", UNKNOWN_CMD("10.9.0.0/16") },
};

static const char *const valid_cases[] = {
	"route add 10.9.0.0/16 via 10.1.0.5 router r1",
	"route add 10.9.0.0/16 router r1 via 10.1.0.5",
	"route add 0.0.0.0/0 via 10.1.0.5 router r1",
	"route add default via 10.1.0.5 router r1",
	"route add default via fd00:1::5 router r1",
	"route add ::/0 via fd00:1::5 router r1",
	"route add 10.9.0.0/16 router r1",
	"route add 10.9.0.7/32 router r1",
	"route add fd00:9::/64 via fd00:1::5 router r1",
	"route del 10.9.0.0/16 router r1",
	"route delete fd00:9::/64 router r1",
	"route show",
	"route list",
	"route",
	"route show router r1",
	"-j route show",
	"-j -p route show router r1",
};

static int parse_line(const char *line, enum route_verb verb,
		      struct route_args *a, char **copyp)
{
	char *argv[RUN_MAXWORDS];
	char *copy = strdup(line);
	int argc;

	if (!copy)
		abort();
	argc = split_words(copy, argv);
	*copyp = copy;
	return route_parse(argc, argv, verb, a);
}

static void test_parse_values(void)
{
	struct route_args a;
	uint8_t zero[16] = { 0 };
	char *copy;
	int ret;

	ret = parse_line("10.9.0.0/16 via 10.1.0.5 router r1", ROUTE_ADD, &a,
			 &copy);
	ktap_check(ret == 0 && a.has_prefix &&
		   a.prefix.addr.family == AF_INET &&
		   a.prefix.addr.u.v4.s_addr == htonl(0x0a090000) &&
		   a.prefix.len == 16 && a.via.family == AF_INET &&
		   a.via.u.v4.s_addr == htonl(0x0a010005) &&
		   !strcmp(a.router, "r1"),
		   "add with a next hop");
	free(copy);

	ret = parse_line("10.9.0.0/16 router r1", ROUTE_ADD, &a, &copy);
	ktap_check(ret == 0 && a.via.family == AF_UNSPEC,
		   "add without a next hop: none is sent");
	free(copy);

	ret = parse_line("default via 10.1.0.5 router r1", ROUTE_ADD, &a,
			 &copy);
	ktap_check(ret == 0 && a.has_prefix &&
		   a.prefix.addr.family == AF_INET && a.prefix.len == 0 &&
		   !memcmp(a.prefix.addr.u.raw, zero, 16),
		   "default via an IPv4 next hop is 0.0.0.0/0");
	free(copy);

	ret = parse_line("default via fd00:1::5 router r1", ROUTE_ADD, &a,
			 &copy);
	ktap_check(ret == 0 && a.prefix.addr.family == AF_INET6 &&
		   a.prefix.len == 0 && !memcmp(a.prefix.addr.u.raw, zero, 16),
		   "default via an IPv6 next hop is ::/0");
	free(copy);

	ret = parse_line("", ROUTE_SHOW, &a, &copy);
	ktap_check(ret == 0 && !a.router, "show: every router");
	free(copy);
	ret = parse_line("router r1", ROUTE_SHOW, &a, &copy);
	ktap_check(ret == 0 && !strcmp(a.router, "r1"), "show of one router");
	free(copy);
}

static void test_prefix_utils(void)
{
	struct ovx_prefix p, net;
	char buf[PREFIX_STR_LEN];

	ktap_check(!parse_prefix("10.1.0.1/24", &p) &&
		   p.addr.family == AF_INET && p.len == 24 &&
		   prefix_has_host_bits(&p, &net) &&
		   !strcmp(format_prefix(&net, buf, sizeof(buf)),
			   "10.1.0.0/24") &&
		   !strcmp(format_prefix(&p, buf, sizeof(buf)), "10.1.0.1/24"),
		   "parse_prefix, prefix_has_host_bits, format_prefix on IPv4");
	ktap_check(!parse_prefix("fd00:1::/64", &p) && p.len == 64 &&
		   !prefix_has_host_bits(&p, NULL) &&
		   !parse_prefix("::/0", &p) && !p.len &&
		   !parse_prefix("0.0.0.0/0", &p) &&
		   !prefix_has_host_bits(&p, NULL) &&
		   !parse_prefix("fd00::1/128", &p) &&
		   !prefix_has_host_bits(&p, NULL),
		   "IPv6 prefixes, /0 and /128");
	ktap_check(parse_prefix(NULL, &p) && parse_prefix("10.1.0.1", &p) &&
		   parse_prefix("/24", &p) && parse_prefix("10.1.0.1/+1", &p) &&
		   parse_prefix("10.1.0.1/ 1", &p) &&
		   parse_prefix("10.1.0.1/33", &p) &&
		   parse_prefix("fd00::/129", &p) &&
		   parse_prefix("fd00:0000:0000:0000:0000:0000:0000:0000:1/64",
				&p),
		   "parse_prefix refuses what is not ADDR/LEN");
	ktap_check(!parse_prefix("10.1.0.1/24", &p) &&
		   !format_prefix(&p, buf, 11) &&
		   format_prefix(&p, buf, 12),
		   "format_prefix: NULL when the buffer is too small");
}

struct print_args {
	int json;
	const struct ovx_route *rt[3];
};

static int print_child(void *arg)
{
	struct print_args *a = arg;
	int i;

	new_json_obj(a->json);
	for (i = 0; a->rt[i]; i++)
		print_route(a->rt[i]);
	delete_json_obj();
	return 0;
}

static void test_print(void)
{
	struct ovx_route r4 = {
		.router = "r1",
		.prefix = { .addr = { .family = AF_INET }, .len = 16 },
		.via = { .family = AF_INET },
		.net = "blue",
	};
	struct ovx_route r6 = {
		.router = "r2",
		.prefix = { .addr = { .family = AF_INET6 }, .len = 0 },
		.via = { .family = AF_UNSPEC },
		.net = "red",
	};
	struct print_args a = { .rt = { &r4, &r6 } };
	struct captured c;

	r4.prefix.addr.u.v4.s_addr = htonl(0x0a090000);
	r4.via.u.v4.s_addr = htonl(0x0a010005);

	expect_output(print_child, &a,
		      "10.9.0.0/16 via 10.1.0.5 router r1 net blue\n"
		      "::/0 router r2 net red\n",
		      "text: PREFIX [via ADDR] router NAME net NET");
	a.json = 1;
	expect_output(print_child, &a,
		      "[{\"prefix\":\"10.9.0.0/16\",\"via\":\"10.1.0.5\","
		      "\"router\":\"r1\",\"net\":\"blue\"},"
		      "{\"prefix\":\"::/0\",\"router\":\"r2\",\"net\":\"red\"}]\n",
		      "JSON: prefix, via only when set, router, net");
	capture(print_child, &a, NULL, &c);
	check_jq(c.out,
		 "length == 2 and (.[1] | has(\"via\") | not) and .[0].via == \"10.1.0.5\"",
		 "route JSON array of two");
	captured_free(&c);
	a.rt[0] = NULL;
	expect_output(print_child, &a, "[]\n",
		      "JSON without routes: an empty array");
}

int main(void)
{
	ktap_init();
	run_init();
	run_usage_cases(usage_cases, ARRAY_SIZE(usage_cases));
	run_valid_cases(valid_cases, ARRAY_SIZE(valid_cases));
	check_help("route",
		   "Usage: ovx route add PREFIX [via ADDR] router NAME | del PREFIX router NAME | show [router NAME]\n");
	test_parse_values();
	test_prefix_utils();
	test_print();
	return ktap_finish();
}
