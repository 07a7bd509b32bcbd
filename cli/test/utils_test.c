// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Unit tests of cli/utils.c (parsers, formatters, argument messages and
 * macros) and of makeargs() in cli/batch.c.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "batch.h"
#include "utils.h"
#include "ktap.h"
#include "capture.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* A heap copy of exactly strlen + 1 bytes, so ASan sees any overread. */
static char *dup_exact(const char *s)
{
	char *p = malloc(strlen(s) + 1);

	if (!p)
		abort();
	return strcpy(p, s);
}

static const struct {
	const char *in;
	int ok;
	uint32_t val;
} vni_cases[] = {
	{ "0", 0, 0 },
	{ "1", 1, 1 },
	{ "4789", 1, 4789 },
	{ "16777215", 1, 16777215 },
	{ "16777216", 0, 0 },
	{ "4294967296", 0, 0 },
	{ "99999999999999999999999", 0, 0 },
	{ "", 0, 0 },
	{ "-1", 0, 0 },
	{ "+1", 0, 0 },
	{ "1x", 0, 0 },
	{ " 1", 0, 0 },
	{ "1 ", 0, 0 },
	{ "0x10", 0, 0 },
	{ "010", 0, 0 },
	{ "1.0", 0, 0 },
};

static void test_vni(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vni_cases); i++) {
		uint32_t v = 0xdeadbeef;
		char *in = dup_exact(vni_cases[i].in);
		int ret = parse_vni(in, &v);

		if (vni_cases[i].ok)
			ktap_check(ret == 0 && v == vni_cases[i].val,
				   "parse_vni accepts \"%s\"", in);
		else
			ktap_check(ret == -1 && v == 0xdeadbeef,
				   "parse_vni rejects \"%s\" and leaves the output alone",
				   in);
		free(in);
	}
	ktap_check(parse_vni(NULL, &(uint32_t){ 0 }) == -1,
		   "parse_vni rejects NULL");
}

static void test_numbers(void)
{
	uint32_t v = 0;
	uint16_t port = 0;
	uint8_t u8 = 0;

	ktap_check(!parse_u32("0", 10, &v) && v == 0, "parse_u32 accepts \"0\"");
	ktap_check(!parse_u32("10", 10, &v) && v == 10,
		   "parse_u32 accepts its maximum");
	ktap_check(parse_u32("11", 10, &v) == -1 && v == 10,
		   "parse_u32 rejects one above its maximum");
	ktap_check(!parse_u32("4294967295", UINT32_MAX, &v) && v == UINT32_MAX,
		   "parse_u32 accepts 4294967295");
	ktap_check(parse_u32("4294967296", UINT32_MAX, &v) == -1,
		   "parse_u32 rejects 4294967296");
	ktap_check(parse_u32("18446744073709551616", UINT32_MAX, &v) == -1,
		   "parse_u32 rejects a value that overflows strtoull");
	ktap_check(parse_u32("00", 10, &v) == -1,
		   "parse_u32 rejects a leading zero");
	ktap_check(parse_u32("１", 10, &v) == -1,
		   "parse_u32 rejects non-ASCII digits");

	ktap_check(parse_port("0", &port) == -1, "parse_port rejects 0");
	ktap_check(!parse_port("1", &port) && port == 1, "parse_port accepts 1");
	ktap_check(!parse_port("4789", &port) && port == 4789,
		   "parse_port accepts 4789");
	ktap_check(!parse_port("65535", &port) && port == 65535,
		   "parse_port accepts 65535");
	ktap_check(parse_port("65536", &port) == -1 && port == 65535,
		   "parse_port rejects 65536");
	ktap_check(parse_port("-1", &port) == -1, "parse_port rejects -1");

	ktap_check(!parse_u8("255", &u8) && u8 == 255, "parse_u8 accepts 255");
	ktap_check(parse_u8("256", &u8) == -1 && u8 == 255,
		   "parse_u8 rejects 256");
}

static void test_on_off(void)
{
	bool b = false;

	ktap_check(!parse_on_off("on", &b) && b, "parse_on_off accepts \"on\"");
	ktap_check(!parse_on_off("off", &b) && !b,
		   "parse_on_off accepts \"off\"");
	ktap_check(parse_on_off("ON", &b) == -1, "parse_on_off rejects \"ON\"");
	ktap_check(parse_on_off("o", &b) == -1,
		   "parse_on_off rejects a prefix (\"o\")");
	ktap_check(parse_on_off("yes", &b) == -1,
		   "parse_on_off rejects \"yes\"");
	ktap_check(parse_on_off("", &b) == -1, "parse_on_off rejects \"\"");
}

static const struct {
	const char *in;
	bool ok;
	uint8_t mac[6];
} mac_cases[] = {
	{ "aa:bb:cc:dd:ee:ff", true, { 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff } },
	{ "AA:BB:CC:DD:EE:FF", true, { 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff } },
	{ "02:0A:bC:00:9f:10", true, { 0x02, 0x0a, 0xbc, 0x00, 0x9f, 0x10 } },
	{ "00:00:00:00:00:00", true, { 0 } },
	{ "aa:bb:cc:dd:ee", false, { 0 } },
	{ "aa:bb:cc:dd:ee:ff:00", false, { 0 } },
	{ "aa:bb:cc:dd:ee:f", false, { 0 } },
	{ "a:bb:cc:dd:ee:fff", false, { 0 } },
	{ "aa-bb-cc-dd-ee-ff", false, { 0 } },
	{ "aabb.ccdd.eeff", false, { 0 } },
	{ "aabbccddeeff", false, { 0 } },
	{ "aa:bb:cc:dd:ee:fg", false, { 0 } },
	{ "aa:bb:cc:dd:ee:+f", false, { 0 } },
	{ " aa:bb:cc:dd:ee:f", false, { 0 } },
	{ "aa:bb:cc:dd:ee:ff ", false, { 0 } },
	{ "aa:bb:cc:dd:ee:ff\n", false, { 0 } },
	{ "aa::bb:cc:dd:ee:f", false, { 0 } },
	{ "", false, { 0 } },
};

static void test_mac(void)
{
	char buf[MAC_STR_LEN];
	uint8_t mac[6];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(mac_cases); i++) {
		char *in = dup_exact(mac_cases[i].in);
		int ret;

		memset(mac, 0x55, sizeof(mac));
		ret = parse_mac(in, mac);
		if (mac_cases[i].ok)
			ktap_check(ret == 0 && !memcmp(mac, mac_cases[i].mac, 6),
				   "parse_mac accepts \"%s\"", in);
		else
			ktap_check(ret == -1 && mac[0] == 0x55 && mac[5] == 0x55,
				   "parse_mac rejects \"%s\"", in);
		free(in);
	}

	ktap_check(format_mac(mac_cases[2].mac, buf, sizeof(buf)) == buf &&
		   !strcmp(buf, "02:0a:bc:00:9f:10"),
		   "format_mac writes lower case");
	ktap_check(!format_mac(mac_cases[2].mac, buf, sizeof(buf) - 1),
		   "format_mac refuses a short buffer");
}

static void test_addr(void)
{
	static const uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	char buf[ADDR_STR_LEN];
	struct ovx_addr a;
	static const char *const bad[] = {
		"", "192.0.2", "192.0.2.256", "192.0.2.1.", " 192.0.2.1",
		"192.0.2.1 ", "fe80::1%eth0", "2001:db8::g", "2001:db8:::1",
		"192.0.2.1/24", "localhost",
	};
	size_t i;

	memset(&a, 0xff, sizeof(a));
	ktap_check(!parse_addr("192.0.2.1", &a) && a.family == AF_INET &&
		   a.u.v4.s_addr == htonl(0xc0000201) && !a.u.raw[4] &&
		   !a.u.raw[15],
		   "parse_addr accepts 192.0.2.1, network order, rest zeroed");
	ktap_check(!parse_addr("2001:db8::1", &a) && a.family == AF_INET6 &&
		   !memcmp(a.u.raw, v6, 16), "parse_addr accepts 2001:db8::1");
	ktap_check(!parse_addr("::", &a) && a.family == AF_INET6,
		   "parse_addr accepts ::");
	ktap_check(!parse_addr("::ffff:192.0.2.1", &a) && a.family == AF_INET6,
		   "parse_addr takes ::ffff:192.0.2.1 as IPv6");
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		char *in = dup_exact(bad[i]);

		a.family = 12345;
		ktap_check(parse_addr(in, &a) == -1 && a.family == 12345,
			   "parse_addr rejects \"%s\"", in);
		free(in);
	}

	parse_addr("192.0.2.1", &a);
	ktap_check(format_addr(&a, buf, sizeof(buf)) &&
		   !strcmp(buf, "192.0.2.1"), "format_addr IPv4");
	parse_addr("2001:0db8:0::1", &a);
	ktap_check(format_addr(&a, buf, sizeof(buf)) &&
		   !strcmp(buf, "2001:db8::1"), "format_addr IPv6, canonical");
	ktap_check(!format_addr(&a, buf, 5), "format_addr refuses a short buffer");
	a.family = AF_UNSPEC;
	ktap_check(!format_addr(&a, buf, sizeof(buf)),
		   "format_addr refuses AF_UNSPEC");
}

/* The messages, each run in a child with stderr captured. */
static int call_msg(void *arg)
{
	switch (*(int *)arg) {
	case 0:
		return invarg("not a VNI (1-16777215)", "0x10");
	case 1:
		return duparg("vni", "7");
	case 2:
		return missarg("net");
	case 3:
		return missval("vni");
	case 4:
		return unknown_arg("fdb", "bogus");
	case 5:
		return unknown_cmd("fdb", "frob");
	default:
		return incomplete_command();
	}
}

static void test_ifname(void)
{
	static const char *const good[] = {
		"a", "ovx0", "fifteen-chars-x", "sw.1", "sw_1", "sw-1", "...",
		"sw\"1", "\xc3\xa9",
	};
	static const char *const bad[] = {
		"", ".", "..", "sixteen-chars-xx", "a/b", "a:b", "a b",
		"a\tb", "a\nb", " a", "\xc3\xa0",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		char *in = dup_exact(good[i]);

		ktap_check(check_ifname(in) == 0,
			   "check_ifname accepts \"%s\"", in);
		free(in);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		char *in = dup_exact(bad[i]);

		ktap_check(check_ifname(in) == -1,
			   "check_ifname rejects \"%s\"", in);
		free(in);
	}
	ktap_check(check_ifname(NULL) == -1, "check_ifname rejects NULL");
}

static void test_net_name(void)
{
	static const char *const good[] = {
		"blue", "net-1", "a_b.c", "N", "0",
		"thirty-one-characters-long-nam",
	};
	static const char *const bad[] = {
		"", "a b", "a/b", "a,b", "a:b", "tab\there", "new\nline",
		"quote\"", "\xc3\xa9t\xc3\xa9", "thirty-two-characters-long-name!",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(good); i++)
		ktap_check(check_net_name(good[i]) == 0,
			   "check_net_name accepts \"%s\"", good[i]);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		ktap_check(check_net_name(bad[i]) == -1,
			   "check_net_name rejects bad name %zu", i);
	ktap_check(check_net_name(NULL) == -1, "check_net_name rejects NULL");
}

static void test_messages(void)
{
	static const char *const want[] = {
		"Error: argument \"0x10\" is wrong: not a VNI (1-16777215)\n",
		"Error: duplicate \"vni\": \"7\" is the second value.\n",
		"Error: argument \"net\" is required.\n",
		"Error: \"vni\" requires an argument.\n",
		"Error: unknown argument \"bogus\", try \"ovx fdb help\".\n",
		"Command \"frob\" is unknown, try \"ovx fdb help\".\n",
		"Command line is not complete, try \"ovx help\".\n",
	};
	static const char *const name[] = {
		"invarg", "duparg", "missarg", "missval", "unknown_arg",
		"unknown_cmd", "incomplete_command",
	};
	int i;

	for (i = 0; i < (int)ARRAY_SIZE(want); i++) {
		struct captured c;

		capture(call_msg, &i, NULL, &c);
		if (!ktap_check(c.status == 255 && !strcmp(c.err, want[i]) &&
				!*c.out,
				"%s prints one line to stderr and gives 255",
				name[i]))
			ktap_diag("status %d, stderr: %s", c.status, c.err);
		captured_free(&c);
	}
}

static int next_arg_user(int argc, char **argv, const char **val)
{
	NEXT_ARG();
	*val = *argv;
	if (NEXT_ARG_OK())
		return 2;
	PREV_ARG();
	return strcmp(*argv, "vni") ? 3 : 0;
}

static int call_next_arg_missing(void *arg)
{
	char *argv[] = { "vni", NULL };
	const char *val = NULL;

	(void)arg;
	return next_arg_user(1, argv, &val);
}

static void test_next_arg(void)
{
	char *argv[] = { "vni", "5", NULL };
	char *argv2[] = { "vni", "5", "net", NULL };
	const char *val = NULL;
	struct captured c;

	ktap_check(next_arg_user(2, argv, &val) == 0 && !strcmp(val, "5"),
		   "NEXT_ARG moves to the value, PREV_ARG back");
	ktap_check(next_arg_user(3, argv2, &val) == 2,
		   "NEXT_ARG_OK sees a following argument");
	capture(call_next_arg_missing, NULL, NULL, &c);
	ktap_check(c.status == 255 &&
		   !strcmp(c.err, "Error: \"vni\" requires an argument.\n"),
		   "NEXT_ARG without a value returns 255 naming the keyword");
	captured_free(&c);
}

/* makeargs: @want is NULL-terminated, or NULL when @rc is an error. */
static void check_args(const char *line, int rc, const char *const *want,
		       int maxargs, const char *desc)
{
	char *copy = dup_exact(line);
	char *argv[16];
	bool ok;
	int ret, i;

	memset(argv, 0x5a, sizeof(argv));
	ret = makeargs(copy, argv, maxargs);
	ok = ret == rc;
	if (ok && rc >= 0) {
		for (i = 0; i < rc; i++)
			if (!want[i] || strcmp(argv[i], want[i]))
				ok = false;
		if (want[rc] || argv[rc])
			ok = false;
	}
	if (!ktap_check(ok, "makeargs: %s", desc))
		ktap_diag("line <%s>: got %d, want %d", line, ret, rc);
	free(copy);
}

#define WORDS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static void test_makeargs(void)
{
	check_args("fdb add aa:bb:cc:dd:ee:ff net n1", 5,
		   WORDS("fdb", "add", "aa:bb:cc:dd:ee:ff", "net", "n1"), 16,
		   "plain words");
	check_args("  a\t b \r", 2, WORDS("a", "b"), 16,
		   "blanks, tabs and CR separate");
	check_args("", 0, WORDS(NULL), 16, "empty line");
	check_args("  \t ", 0, WORDS(NULL), 16, "blank line");
	check_args("# a comment", 0, WORDS(NULL), 16, "comment line");
	check_args("   # indented", 0, WORDS(NULL), 16, "indented comment");
	check_args("a b # c d", 2, WORDS("a", "b"), 16, "trailing comment");
	check_args("a b#c", 2, WORDS("a", "b"), 16,
		   "a hash inside a word starts a comment");
	check_args("a \"b c\" d", 3, WORDS("a", "b c", "d"), 16,
		   "double quotes keep blanks");
	check_args("'x  y'", 1, WORDS("x  y"), 16, "single quotes keep blanks");
	check_args("\"a \\\"q\\\" \\\\ b\"", 1, WORDS("a \"q\" \\ b"), 16,
		   "escaped quote and backslash in double quotes");
	check_args("\"a\\n\"", 1, WORDS("a\\n"), 16,
		   "other backslashes in double quotes are literal");
	check_args("'a\\b \"c\"'", 1, WORDS("a\\b \"c\""), 16,
		   "everything is literal in single quotes");
	check_args("a\\ b c", 2, WORDS("a b", "c"), 16,
		   "backslash escapes a blank");
	check_args("\\#x '#' \"#\"", 3, WORDS("#x", "#", "#"), 16,
		   "escaped and quoted hashes are literal");
	check_args("\"\"", 1, WORDS(""), 16, "\"\" is one empty word");
	check_args("a '' b", 3, WORDS("a", "", "b"), 16,
		   "'' in the middle is an empty word");
	check_args("pre\"mid dle\"'post'x", 1, WORDS("premid dlepostx"), 16,
		   "quoted and unquoted parts join");
	check_args("a \"unterminated", -EINVAL, NULL, 16,
		   "unterminated double quote");
	check_args("a 'unterminated", -EINVAL, NULL, 16,
		   "unterminated single quote");
	check_args("\"ends in escape\\\"", -EINVAL, NULL, 16,
		   "escaped closing quote leaves it unterminated");
	check_args("a b \\", -EAGAIN, NULL, 16,
		   "trailing backslash continues the line");
	check_args("a b \\\\", 3, WORDS("a", "b", "\\"), 16,
		   "trailing escaped backslash does not");
	check_args("a # comment \\", 1, WORDS("a"), 16,
		   "backslash inside a comment does not continue");
	check_args("a b c d", -E2BIG, NULL, 4, "too many words");
	check_args("a b c", 3, WORDS("a", "b", "c"), 4,
		   "maxargs - 1 words fit, with the NULL");
}

int main(void)
{
	ktap_init();
	test_vni();
	test_numbers();
	test_on_off();
	test_mac();
	test_addr();
	test_ifname();
	test_net_name();
	test_messages();
	test_next_arg();
	test_makeargs();
	return ktap_finish();
}
