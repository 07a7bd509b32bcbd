// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Tests of "ovx switch" that need no kernel module: every command line
 * of the object, valid and invalid, run through ovx_run() in a child with
 * its output captured (capture.h); the values the add parser produces;
 * and the text and JSON that print_switch() writes.  Usage errors happen
 * before the context is opened.  A valid command goes on to open it,
 * which fails without the module: that is how the tests see that parsing
 * succeeded.  Where the module is loaded, valid commands would change the
 * system, so those checks are skipped.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ovx.h"
#include "switch.h"
#include "ktap.h"
#include "capture.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MAXWORDS 24

static const char no_module_msg[] =
	"ovx: the ovx kernel module is not loaded (generic netlink family \"ovx\" not found)\n";

/* Whether the ovx family exists here: decides what valid commands do. */
static int module_state;	/* 0 absent, 1 present, -1 unknown */

struct run_args {
	char *argv[MAXWORDS];
};

static int run_child(void *arg)
{
	struct run_args *a = arg;
	int argc = 0;

	while (a->argv[argc])
		argc++;
	return ovx_run(argc, a->argv, ovx_cmds);
}

/* Splits @line at blanks into "ovx WORDS..." and runs it. */
static void run_line(struct captured *c, const char *input, const char *line)
{
	struct run_args a = { .argv = { "ovx" } };
	char *copy = strdup(line), *save = NULL, *w;
	int i = 1;

	if (!copy)
		abort();
	for (w = strtok_r(copy, " ", &save); w && i < MAXWORDS - 1;
	     w = strtok_r(NULL, " ", &save))
		a.argv[i++] = w;
	a.argv[i] = NULL;
	capture(run_child, &a, input, c);
	free(copy);
}

static bool check_run(const struct captured *c, bool ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool check_run(const struct captured *c, bool ok, const char *fmt, ...)
{
	char desc[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(desc, sizeof(desc), fmt, ap);
	va_end(ap);
	if (ktap_check(ok, "%s", desc))
		return true;
	ktap_diag("exit status %d", c->status);
	ktap_diag("stdout: %s", c->out);
	ktap_diag("stderr: %s", c->err);
	return false;
}

#define NAME_REQ "Error: argument \"NAME\" is required.\n"
#define LOCAL_REQ "Error: argument \"local\" is required.\n"
#define BAD(arg, msg) "Error: argument \"" arg "\" is wrong: " msg "\n"
#define BAD_NAME(arg) \
	BAD(arg, "not an interface name (1-15 characters, no '/', ':' or blank)")
#define BAD_ADDR(arg) BAD(arg, "not an IPv4 or IPv6 address")
#define BAD_PORT(arg) BAD(arg, "not a UDP port (1-65535)")
#define BAD_TTL(arg) BAD(arg, "not a TTL (0-255 or \"inherit\")")
#define BAD_TOS(arg) BAD(arg, "not a TOS (0-255)")
#define BAD_DF(arg) BAD(arg, "not \"set\" or \"unset\"")
#define BAD_ENCAP(arg) BAD(arg, "not \"vxlan\" or \"geneve\"")
#define UNKNOWN(arg) \
	"Error: unknown argument \"" arg "\", try \"ovx switch help\".\n"
#define NEEDS(key) "Error: \"" key "\" requires an argument.\n"
#define DUP(key, arg) \
	"Error: duplicate \"" key "\": \"" arg "\" is the second value.\n"
#define UNKNOWN_CMD(cmd) \
	"Command \"" cmd "\" is unknown, try \"ovx switch help\".\n"
#define CONFLICT(arg, other) \
	"Error: argument \"" arg "\" conflicts with \"" other "\".\n"

#define L "local 10.0.0.1"
#define L6 "local 2001:db8::1"
#define TX "udp6zerocsumtx"
#define RX "udp6zerocsumrx"

static const struct {
	const char *line;
	const char *err;
} usage_cases[] = {
	/* switch set */
	{ "switch set", "Error: argument \"SW\" is required.\n" },
	{ "switch set service-rate 5", "Error: argument \"SW\" is required.\n" },
	{ "switch set sw1 service-rate", NEEDS("service-rate") },
	{ "switch set sw1 service-rate 0",
	  BAD("0", "not a rate (1-1000000 frames per second)") },
	{ "switch set sw1 service-rate 1000001",
	  BAD("1000001", "not a rate (1-1000000 frames per second)") },
	{ "switch set sw1 service-burst x",
	  BAD("x", "not a burst (1-1000000 frames)") },
	{ "switch set sw1 service-rate 5 service-rate 6",
	  DUP("service-rate", "6") },
	{ "switch set sw1 dns-upstream 1.2.3", BAD_ADDR("1.2.3") },
	{ "switch set sw1 dns-upstream 1.1.1.1 dns-upstream none",
	  CONFLICT("none", "dns-upstream ADDR") },
	{ "switch set sw1 dns-upstream 1.1.1.1 dns-upstream 1.1.1.2 dns-upstream 1.1.1.3 dns-upstream 1.1.1.4 dns-upstream 1.1.1.5",
	  BAD("1.1.1.5", "too many upstream resolvers (at most 4)") },
	{ "switch set sw1 ttl 5", UNKNOWN("ttl") },
	/* switch add */
	{ "switch add", NAME_REQ },
	{ "switch add " L, NAME_REQ },
	{ "switch add dstport 4790 " L, NAME_REQ },
	{ "switch add sw1", LOCAL_REQ },
	{ "switch add sw1 dstport 4790 ttl 8", LOCAL_REQ },
	{ "switch add sw1 local", NEEDS("local") },
	{ "switch add sw1 " L " dstport", NEEDS("dstport") },
	{ "switch add sw1 " L " ttl", NEEDS("ttl") },
	{ "switch add sw1 " L " tos", NEEDS("tos") },
	{ "switch add sw1 " L " df", NEEDS("df") },
	{ "switch add sw1 " L " encap", NEEDS("encap") },
	{ "switch add sixteen-chars-xx " L, BAD_NAME("sixteen-chars-xx") },
	{ "switch add a/b " L, BAD_NAME("a/b") },
	{ "switch add a:1 " L, BAD_NAME("a:1") },
	{ "switch add . " L, BAD_NAME(".") },
	{ "switch add .. " L, BAD_NAME("..") },
	{ "switch add sw1 local 10.0.0.256", BAD_ADDR("10.0.0.256") },
	{ "switch add sw1 local 10.0.0", BAD_ADDR("10.0.0") },
	{ "switch add sw1 local 10.0.0.1/24", BAD_ADDR("10.0.0.1/24") },
	{ "switch add sw1 local 2001:db8:::1", BAD_ADDR("2001:db8:::1") },
	{ "switch add sw1 local fe80::1%eth0", BAD_ADDR("fe80::1%eth0") },
	{ "switch add sw1 local host.example", BAD_ADDR("host.example") },
	{ "switch add sw1 " L " dstport 0", BAD_PORT("0") },
	{ "switch add sw1 " L " dstport 65536", BAD_PORT("65536") },
	{ "switch add sw1 " L " dstport 0x12b5", BAD_PORT("0x12b5") },
	{ "switch add sw1 " L " dstport -1", BAD_PORT("-1") },
	{ "switch add sw1 " L " dstport vxlan", BAD_PORT("vxlan") },
	{ "switch add sw1 " L " ttl 256", BAD_TTL("256") },
	{ "switch add sw1 " L " ttl -1", BAD_TTL("-1") },
	{ "switch add sw1 " L " ttl 010", BAD_TTL("010") },
	{ "switch add sw1 " L " ttl inh", BAD_TTL("inh") },
	{ "switch add sw1 " L " ttl auto", BAD_TTL("auto") },
	{ "switch add sw1 " L " tos 256", BAD_TOS("256") },
	{ "switch add sw1 " L " tos 0x10", BAD_TOS("0x10") },
	{ "switch add sw1 " L " tos inherit", BAD_TOS("inherit") },
	{ "switch add sw1 " L " df on", BAD_DF("on") },
	{ "switch add sw1 " L " df SET", BAD_DF("SET") },
	{ "switch add sw1 " L " df inherit", BAD_DF("inherit") },
	{ "switch add sw1 " L " encap gre", BAD_ENCAP("gre") },
	{ "switch add sw1 " L " encap VXLAN", BAD_ENCAP("VXLAN") },
	{ "switch add sw1 " L " encap vx", BAD_ENCAP("vx") },
	{ "switch add sw1 " L " vni 5", UNKNOWN("vni") },
	{ "switch add sw1 loc 10.0.0.1", UNKNOWN("loc") },
	{ "switch add sw1 " L " dst 4790", UNKNOWN("dst") },
	{ "switch add sw1 sw2 " L, UNKNOWN("sw2") },
	{ "switch add sw1 " L " 4790", UNKNOWN("4790") },
	{ "switch add sw1 " L " local 10.0.0.2", DUP("local", "10.0.0.2") },
	{ "switch add sw1 " L " dstport 1 dstport 2", DUP("dstport", "2") },
	{ "switch add sw1 " L " ttl 1 ttl 1", DUP("ttl", "1") },
	{ "switch add sw1 " L " tos 1 tos 2", DUP("tos", "2") },
	{ "switch add sw1 " L " df set df unset", DUP("df", "unset") },
	{ "switch add sw1 encap vxlan " L " encap geneve",
	  DUP("encap", "geneve") },
	{ "switch add sw1 " L " ttl 1 ttl", NEEDS("ttl") },
	/* the [no]udp6zerocsum flags */
	{ "switch add " TX " " L6, NAME_REQ },
	{ "switch add no" RX, NAME_REQ },
	{ "switch add sw1 " TX, LOCAL_REQ },
	{ "switch add sw1 " TX " no" RX " dstport 4790", LOCAL_REQ },
	{ "switch add sw1 local " TX, BAD_ADDR(TX) },
	{ "switch add sw1 " L6 " " TX " " TX, DUP(TX, TX) },
	{ "switch add sw1 " L6 " no" RX " " TX " no" RX, DUP("no" RX, "no" RX) },
	{ "switch add sw1 " L6 " " TX " no" TX, CONFLICT("no" TX, TX) },
	{ "switch add sw1 " L6 " no" RX " " RX, CONFLICT(RX, "no" RX) },
	{ "switch add sw1 " L6 " " TX " on", UNKNOWN("on") },
	{ "switch add sw1 " L6 " " TX " 1", UNKNOWN("1") },
	{ "switch add sw1 " L6 " no " TX, UNKNOWN("no") },
	{ "switch add sw1 " L6 " udp6zerocsum", UNKNOWN("udp6zerocsum") },
	{ "switch add sw1 " L6 " udp6zerocsumTX", UNKNOWN("udp6zerocsumTX") },
	{ "switch add sw1 " L6 " zerocsumtx", UNKNOWN("zerocsumtx") },
	{ "switch add sw1 " L6 " no-" TX, UNKNOWN("no-" TX) },
	{ "switch add sw1 " L6 " nono" RX, UNKNOWN("nono" RX) },
	{ "switch add sw1 " L " nottl 1", UNKNOWN("nottl") },
	{ "switch add sw1 nolocal 10.0.0.1", UNKNOWN("nolocal") },
	/* The first bad word is the one named. */
	{ "switch add sw1 ttl 300 local 10.0.0.300", BAD_TTL("300") },
	/* switch del */
	{ "switch del", NAME_REQ },
	{ "switch delete", NAME_REQ },
	{ "switch del sw1 sw2", UNKNOWN("sw2") },
	{ "switch delete sw1 " L, UNKNOWN("local") },
	{ "switch del sixteen-chars-xx", BAD_NAME("sixteen-chars-xx") },
	{ "switch del a/b", BAD_NAME("a/b") },
	/* switch show */
	{ "switch show sw1 sw2", UNKNOWN("sw2") },
	{ "switch list sw1 sw2", UNKNOWN("sw2") },
	{ "switch show sixteen-chars-xx", BAD_NAME("sixteen-chars-xx") },
	{ "switch list a:b", BAD_NAME("a:b") },
	/* verbs */
	{ "switch foo", UNKNOWN_CMD("foo") },
	{ "switch sh", UNKNOWN_CMD("sh") },
	{ "switch ad sw1 " L, UNKNOWN_CMD("ad") },
	{ "switch ADD sw1 " L, UNKNOWN_CMD("ADD") },
	{ "switch dele sw1", UNKNOWN_CMD("dele") },
	{ "switch sw1", UNKNOWN_CMD("sw1") },
	{ "-j switch bogus", UNKNOWN_CMD("bogus") },
};

static void test_usage_errors(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(usage_cases); i++) {
		struct captured c;

		run_line(&c, NULL, usage_cases[i].line);
		check_run(&c, c.status == 255 && !*c.out &&
			  !strcmp(c.err, usage_cases[i].err),
			  "\"%s\": 255, names the bad word", usage_cases[i].line);
		captured_free(&c);
	}
}

/* Commands that parse: they go on to open the context. */
static const char *const valid_cases[] = {
	"switch set sw1 service-rate 10 service-burst 20",
	"switch set sw1 dns-upstream 10.0.0.53 dns-upstream 2001:db8::53",
	"switch set sw1 dns-upstream none",
	"switch add sw1 local 10.0.0.1",
	"switch add sw1 local 2001:db8::1",
	"switch add sw1 local 2001:db8::1 encap geneve",
	"switch add sw1 local 2001:db8::1 dstport 4790 ttl 8 tos 16 df set encap geneve",
	"switch add sw1 encap vxlan df unset tos 0 ttl inherit dstport 65535 local 192.0.2.1",
	"switch add sw1 local 10.0.0.1 ttl 0 dstport 1",
	"switch add sw1 local 10.0.0.1 ttl 255 tos 255",
	"switch add fifteen-chars-x local ::",
	"switch add local1 local 10.0.0.1",
	"switch add sw1 local 2001:db8::1 udp6zerocsumtx udp6zerocsumrx",
	"switch add sw1 udp6zerocsumrx local 2001:db8::1 noudp6zerocsumtx encap geneve",
	"switch add sw1 local 2001:db8::1 noudp6zerocsumtx noudp6zerocsumrx",
	/* The kernel refuses it, with a reason: the CLI does not guess. */
	"switch add sw1 local 10.0.0.1 udp6zerocsumtx",
	"switch add nolocal local ::",
	"switch del sw1",
	"switch delete sw1",
	"switch show",
	"switch list",
	"switch show sw1",
	"switch list sw1",
	"switch",
	"-j switch",
	"-j -p -s switch show",
	"-s switch show sw1",
};

static void test_valid(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(valid_cases); i++) {
		struct captured c;

		if (module_state != 0) {
			ktap_skip(module_state > 0 ?
				  "the module is loaded: it would run" :
				  "no generic netlink here",
				  "\"%s\" parses and needs the module",
				  valid_cases[i]);
			continue;
		}
		run_line(&c, NULL, valid_cases[i]);
		check_run(&c, c.status == 1 && !*c.out &&
			  !strcmp(c.err, no_module_msg),
			  "\"%s\" parses and needs the module", valid_cases[i]);
		captured_free(&c);
	}
}

static void test_help(void)
{
	static const char grammar[] =
		"Usage: ovx switch add NAME local ADDR [dstport PORT] [ttl N] [tos N] [df set|unset] [encap vxlan|geneve] [[no]udp6zerocsumtx] [[no]udp6zerocsumrx]\n"
		"       ovx switch set NAME [service-rate N] [service-burst N] [dns-upstream ADDR|none]...\n"
		"       ovx switch del NAME | show [NAME]\n";
	struct captured c;

	run_line(&c, NULL, "switch help");
	check_run(&c, c.status == 0 && !strcmp(c.out, grammar) && !*c.err,
		  "ovx switch help prints the grammar to stdout");
	captured_free(&c);

	run_line(&c, NULL, "help switch");
	check_run(&c, c.status == 0 && !strcmp(c.out, grammar) && !*c.err,
		  "ovx help switch prints the same");
	captured_free(&c);

	run_line(&c, NULL, "help");
	check_run(&c, c.status == 0 &&
		  strstr(c.out, "       ovx switch add NAME local ADDR") &&
		  strstr(c.out, "[encap vxlan|geneve] [[no]udp6zerocsumtx] [[no]udp6zerocsumrx]\n"),
		  "ovx help shows the switch grammar");
	captured_free(&c);
}

static void test_batch(void)
{
	struct captured c;

	run_line(&c, "switch help\nswitch add sw1\nswitch help\n", "-b -");
	check_run(&c, c.status == 1 &&
		  !strcmp(c.err, LOCAL_REQ "Command failed -:2\n") &&
		  strstr(c.out, "Usage: ovx switch") &&
		  !strstr(strstr(c.out, "Usage: ovx switch") + 1,
			  "Usage: ovx switch"),
		  "a usage error in a batch: Command failed -:2, stop");
	captured_free(&c);

	run_line(&c, "switch add sw1 ttl x\nswitch del\nswitch help\n",
		 "-force -b -");
	check_run(&c, c.status == 1 &&
		  !strcmp(c.err, BAD_TTL("x") "Command failed -:1\n"
				 NAME_REQ "Command failed -:2\n") &&
		  strstr(c.out, "Usage: ovx switch"),
		  "with -force every line runs, each failure is reported");
	captured_free(&c);
}

/* Runs switch_parse_add() on the words of @line. */
static int parse_words(const char *line, struct ovx_switch_config *cfg,
		       char **copyp)
{
	char *argv[MAXWORDS], *save = NULL, *w;
	char *copy = strdup(line);
	int argc = 0;

	if (!copy)
		abort();
	for (w = strtok_r(copy, " ", &save); w && argc < MAXWORDS - 1;
	     w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	argv[argc] = NULL;
	*copyp = copy;		/* cfg->name points into it */
	return switch_parse_add(argc, argv, cfg);
}

static void test_parse_values(void)
{
	static const uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	struct ovx_switch_config cfg;
	char *copy;
	int ret;

	ret = parse_words("sw1 local 10.0.0.1", &cfg, &copy);
	ktap_check(ret == 0 && !strcmp(cfg.name, "sw1") &&
		   cfg.local.family == AF_INET &&
		   cfg.local.u.v4.s_addr == htonl(0x0a000001) &&
		   cfg.port == 0 && cfg.ttl == -1 && cfg.tos == -1 &&
		   cfg.df == -1 && cfg.encap == -1 &&
		   cfg.udp_zero_csum6_tx == -1 && cfg.udp_zero_csum6_rx == -1,
		   "only local given: everything else left to the kernel");
	free(copy);

	ret = parse_words("sw2 local 2001:db8::1 dstport 4790 ttl 8 tos 16 df set encap geneve",
			  &cfg, &copy);
	ktap_check(ret == 0 && !strcmp(cfg.name, "sw2") &&
		   cfg.local.family == AF_INET6 &&
		   !memcmp(cfg.local.u.raw, v6, 16) && cfg.port == 4790 &&
		   cfg.ttl == 8 && cfg.tos == 16 &&
		   cfg.df == OVX_SWITCH_DF_SET &&
		   cfg.encap == OVX_SWITCH_ENCAP_GENEVE,
		   "every keyword: IPv6, port, ttl, tos, df set, geneve");
	free(copy);

	ret = parse_words("sw3 encap vxlan df unset tos 0 ttl inherit dstport 65535 local 192.0.2.1",
			  &cfg, &copy);
	ktap_check(ret == 0 && cfg.encap == OVX_SWITCH_ENCAP_VXLAN &&
		   cfg.df == OVX_SWITCH_DF_UNSET && cfg.tos == 0 &&
		   cfg.ttl == 0 && cfg.port == 65535 &&
		   cfg.local.family == AF_INET,
		   "any order; ttl inherit is 0; df unset, vxlan and tos 0 are sent");
	free(copy);

	ret = parse_words("sw4 local 10.0.0.1 ttl 255 tos 255 dstport 1", &cfg,
			  &copy);
	ktap_check(ret == 0 && cfg.ttl == 255 && cfg.tos == 255 &&
		   cfg.port == 1, "upper and lower bounds are accepted");
	free(copy);

	ret = parse_words("sw5 local 10.0.0.1 ttl 0", &cfg, &copy);
	ktap_check(ret == 0 && cfg.ttl == 0, "ttl 0 is sent as 0");
	free(copy);

	ret = parse_words("sw6 local 2001:db8::1 encap geneve", &cfg, &copy);
	ktap_check(ret == 0 && cfg.local.family == AF_INET6 &&
		   !memcmp(cfg.local.u.raw, v6, 16) &&
		   cfg.encap == OVX_SWITCH_ENCAP_GENEVE && cfg.port == 0 &&
		   cfg.ttl == -1 && cfg.tos == -1 && cfg.df == -1,
		   "Geneve over IPv6: the port left to the kernel (6081)");
	free(copy);

	ret = parse_words("sw7 local 2001:db8::1 udp6zerocsumtx udp6zerocsumrx",
			  &cfg, &copy);
	ktap_check(ret == 0 && cfg.local.family == AF_INET6 &&
		   cfg.udp_zero_csum6_tx == 1 && cfg.udp_zero_csum6_rx == 1 &&
		   cfg.df == -1 && cfg.encap == -1 && cfg.port == 0,
		   "udp6zerocsumtx and udp6zerocsumrx: both 1, nothing else set");
	free(copy);

	ret = parse_words("sw8 noudp6zerocsumrx local 2001:db8::1 noudp6zerocsumtx",
			  &cfg, &copy);
	ktap_check(ret == 0 && cfg.udp_zero_csum6_tx == 0 &&
		   cfg.udp_zero_csum6_rx == 0,
		   "the no forms, anywhere after NAME: both sent as 0");
	free(copy);

	ret = parse_words("sw9 udp6zerocsumrx local 2001:db8::1 encap geneve",
			  &cfg, &copy);
	ktap_check(ret == 0 && cfg.udp_zero_csum6_tx == -1 &&
		   cfg.udp_zero_csum6_rx == 1 &&
		   cfg.encap == OVX_SWITCH_ENCAP_GENEVE,
		   "udp6zerocsumrx alone: tx left to the kernel");
	free(copy);

	ret = parse_words("sw10 local 10.0.0.1 udp6zerocsumtx", &cfg, &copy);
	ktap_check(ret == 0 && cfg.local.family == AF_INET &&
		   cfg.udp_zero_csum6_tx == 1 && cfg.udp_zero_csum6_rx == -1,
		   "udp6zerocsumtx with an IPv4 address is sent: the kernel refuses it");
	free(copy);
}

struct print_args {
	int json;
	int stats;
	const struct ovx_switch *sw[4];
};

static int print_child(void *arg)
{
	struct print_args *a = arg;
	struct ovx_cli cli = { .json = a->json, .stats = a->stats };
	int i;

	new_json_obj(cli.json);
	for (i = 0; a->sw[i]; i++)
		print_switch(&cli, a->sw[i]);
	delete_json_obj();
	return 0;
}

static void expect_print(struct print_args *a, const char *want,
			 const char *desc)
{
	struct captured c;

	capture(print_child, a, NULL, &c);
	if (!ktap_check(c.status == 0 && !strcmp(c.out, want) && !*c.err,
			"%s", desc)) {
		ktap_diag("got:  %s", c.out);
		ktap_diag("want: %s", want);
		ktap_diag("stderr: %s", c.err);
	}
	captured_free(&c);
}

static void test_print(void)
{
	struct ovx_switch sw0 = {
		.ifindex = 7,
		.name = "ovx0",
		.local = { .family = AF_INET },
		.port = 4789,
		.encap = OVX_SWITCH_ENCAP_VXLAN,
		.df = OVX_SWITCH_DF_UNSET,
		.has_stats = true,
		.stats = { 6, { 1, 2, 3, 4, 5, 18446744073709551615ULL } },
	};
	struct ovx_switch sw1 = {
		.ifindex = 12,
		.name = "sw\"1",
		.local = { .family = AF_INET6 },
		.port = 6081,
		.ttl = 64,
		.tos = 16,
		.encap = OVX_SWITCH_ENCAP_GENEVE,
		.df = OVX_SWITCH_DF_SET,
	};
	struct ovx_switch odd = sw0;
	struct ovx_switch dropped = sw0;
	struct ovx_switch sized = sw0;
	struct ovx_switch unsized = sw1;
	struct ovx_switch csum_tx, csum_rx, csum_both, csum_v4;
	struct print_args a = { .sw = { &sw0 } };

	sw0.local.u.v4.s_addr = htonl(0xc0000201);
	odd.local.u.v4.s_addr = htonl(0xc0000201);
	dropped.local.u.v4.s_addr = htonl(0xc0000201);
	sized.local.u.v4.s_addr = htonl(0xc0000201);
	inet_pton(AF_INET6, "2001:db8::1", &sw1.local.u.v6);
	inet_pton(AF_INET6, "2001:db8::1", &unsized.local.u.v6);
	odd.encap = (enum ovx_switch_encap)5;
	odd.df = (enum ovx_switch_df)3;

	expect_print(&a,
		     "ovx0: local 192.0.2.1 dstport 4789 encap vxlan ttl inherit tos 0 df unset\n",
		     "text: one line, ttl 0 shows as inherit");

	a.stats = 1;
	expect_print(&a,
		     "ovx0: local 192.0.2.1 dstport 4789 encap vxlan ttl inherit tos 0 df unset\n"
		     "    RX: packets 1 bytes 2 dropped 5  TX: packets 3 bytes 4 dropped 18446744073709551615\n",
		     "text with -s: an indented line of counters");

	a.json = 1;
	expect_print(&a,
		     "[{\"ifindex\":7,\"name\":\"ovx0\",\"local\":\"192.0.2.1\","
		     "\"dstport\":4789,\"encap\":\"vxlan\",\"ttl\":0,\"tos\":0,"
		     "\"df\":false,\"stats\":{\"rx_packets\":1,\"rx_bytes\":2,"
		     "\"rx_dropped\":5,\"tx_packets\":3,\"tx_bytes\":4,"
		     "\"tx_dropped\":18446744073709551615}}]\n",
		     "JSON with -s: the six counters in a stats object");

	a.stats = 0;
	a.sw[1] = &sw1;
	expect_print(&a,
		     "[{\"ifindex\":7,\"name\":\"ovx0\",\"local\":\"192.0.2.1\","
		     "\"dstport\":4789,\"encap\":\"vxlan\",\"ttl\":0,\"tos\":0,"
		     "\"df\":false},"
		     "{\"ifindex\":12,\"name\":\"sw\\\"1\",\"local\":\"2001:db8::1\","
		     "\"dstport\":6081,\"encap\":\"geneve\",\"ttl\":64,\"tos\":16,"
		     "\"df\":true,\"udp6zerocsumtx\":false,"
		     "\"udp6zerocsumrx\":false}]\n",
		     "JSON: one array, no stats without -s, names escaped");

	a.json = 0;
	a.stats = 1;
	expect_print(&a,
		     "ovx0: local 192.0.2.1 dstport 4789 encap vxlan ttl inherit tos 0 df unset\n"
		     "    RX: packets 1 bytes 2 dropped 5  TX: packets 3 bytes 4 dropped 18446744073709551615\n"
		     "sw\"1: local 2001:db8::1 dstport 6081 encap geneve ttl 64 tos 16 df set\n",
		     "text: IPv6, geneve, df set; -s prints nothing without counters");

	a.sw[0] = &odd;
	a.sw[1] = NULL;
	a.stats = 0;
	expect_print(&a,
		     "ovx0: local 192.0.2.1 dstport 4789 encap 5 ttl inherit tos 0 df 3\n",
		     "text: unknown encap and df values as numbers");
	a.json = 1;
	expect_print(&a,
		     "[{\"ifindex\":7,\"name\":\"ovx0\",\"local\":\"192.0.2.1\","
		     "\"dstport\":4789,\"encap\":null,\"ttl\":0,\"tos\":0,"
		     "\"df\":null}]\n",
		     "JSON: unknown encap and df values as null");

	/* The drops of a kernel with peers: printed with -s only. */
	dropped.has_drops = true;
	dropped.drops = (struct ovx_drops){ 21, { 1, 2, 3, 4, 5, 6, 7, 8, 9,
						  10, 11, 12,
						  18446744073709551615ULL,
						  14, 15, 16, 17, 18, 19, 20,
						  21 } };
	a.sw[0] = &dropped;
	a.stats = 1;
	expect_print(&a,
		     "[{\"ifindex\":7,\"name\":\"ovx0\",\"local\":\"192.0.2.1\","
		     "\"dstport\":4789,\"encap\":\"vxlan\",\"ttl\":0,\"tos\":0,"
		     "\"df\":false,\"stats\":{\"rx_packets\":1,\"rx_bytes\":2,"
		     "\"rx_dropped\":5,\"tx_packets\":3,\"tx_bytes\":4,"
		     "\"tx_dropped\":18446744073709551615},"
		     "\"drops\":{\"tunnel_short\":1,\"tunnel_bad_flags\":2,"
		     "\"tunnel_unknown_vni\":3,\"tunnel_unknown_peer\":4,"
		     "\"tunnel_bad_inner\":5,\"bad_source\":6,\"fdb_full\":7,"
		     "\"no_route\":8,\"tunnel_down\":9,\"no_memory\":10,"
		     "\"tunnel_bad_option\":11,\"tunnel_critical_option\":12,"
		     "\"too_big\":18446744073709551615,\"fdb_move_refused\":14,"
		     "\"fdb_port_full\":15,\"fdb_peer_full\":16,"
		     "\"fdb_events_suppressed\":17,\"bad_arp\":18,\"bad_nd\":19,"
		     "\"unknown_unicast\":20,\"unanswered_resolution\":21}}]\n",
		     "JSON with -s: the twenty-one drop counters in a drops object");
	a.stats = 0;
	expect_print(&a,
		     "[{\"ifindex\":7,\"name\":\"ovx0\",\"local\":\"192.0.2.1\","
		     "\"dstport\":4789,\"encap\":\"vxlan\",\"ttl\":0,\"tos\":0,"
		     "\"df\":false}]\n",
		     "JSON without -s: no drops");
	a.json = 0;
	a.stats = 1;
	expect_print(&a,
		     "ovx0: local 192.0.2.1 dstport 4789 encap vxlan ttl inherit tos 0 df unset\n"
		     "    RX: packets 1 bytes 2 dropped 5  TX: packets 3 bytes 4 dropped 18446744073709551615\n"
		     "    drops: tunnel-short 1 tunnel-bad-flags 2 tunnel-unknown-vni 3\n"
		     "           tunnel-unknown-peer 4 tunnel-bad-inner 5 bad-source 6\n"
		     "           fdb-full 7 no-route 8 tunnel-down 9\n"
		     "           no-memory 10 tunnel-bad-option 11\n"
		     "           tunnel-critical-option 12 too-big 18446744073709551615\n"
		     "           fdb-move-refused 14 fdb-port-full 15\n"
		     "           fdb-peer-full 16 fdb-events-suppressed 17\n"
		     "           bad-arp 18 bad-nd 19\n"
		     "           unknown-unicast 20 unanswered-resolution 21\n",
		     "text with -s: nine indented lines of drops after the counters");
	a.stats = 0;
	expect_print(&a,
		     "ovx0: local 192.0.2.1 dstport 4789 encap vxlan ttl inherit tos 0 df unset\n",
		     "text without -s: no drops");

	/* The sizes of a kernel with Geneve: shown without -s too. */
	sized.has_mtu = true;
	sized.overhead = 50;
	sized.underlay_mtu = 1500;
	sized.inner_mtu = 1450;
	unsized.has_mtu = true;
	unsized.overhead = 78;
	csum_tx = unsized;
	csum_rx = unsized;
	csum_both = unsized;
	csum_v4 = sized;
	a.sw[0] = &sized;
	a.sw[1] = &unsized;
	a.stats = 0;
	expect_print(&a,
		     "ovx0: local 192.0.2.1 dstport 4789 encap vxlan ttl inherit tos 0 df unset overhead 50 mtu 1450\n"
		     "sw\"1: local 2001:db8::1 dstport 6081 encap geneve ttl 64 tos 16 df set overhead 78 mtu unknown\n",
		     "text: overhead and inner MTU, unknown while 0");
	a.json = 1;
	expect_print(&a,
		     "[{\"ifindex\":7,\"name\":\"ovx0\",\"local\":\"192.0.2.1\","
		     "\"dstport\":4789,\"encap\":\"vxlan\",\"ttl\":0,\"tos\":0,"
		     "\"df\":false,\"overhead\":50,\"underlay_mtu\":1500,"
		     "\"inner_mtu\":1450},"
		     "{\"ifindex\":12,\"name\":\"sw\\\"1\",\"local\":\"2001:db8::1\","
		     "\"dstport\":6081,\"encap\":\"geneve\",\"ttl\":64,\"tos\":16,"
		     "\"df\":true,\"udp6zerocsumtx\":false,"
		     "\"udp6zerocsumrx\":false,\"overhead\":78,\"underlay_mtu\":0,"
		     "\"inner_mtu\":0}]\n",
		     "JSON: overhead, underlay_mtu and inner_mtu as numbers, 0 when unknown");
	a.sw[1] = NULL;

	/* Zero UDP checksums over IPv6: the keywords that are on. */
	csum_tx.udp_zero_csum6_tx = true;
	csum_rx.udp_zero_csum6_rx = true;
	csum_both.udp_zero_csum6_tx = true;
	csum_both.udp_zero_csum6_rx = true;
	a.sw[0] = &csum_tx;
	a.sw[1] = &csum_rx;
	a.sw[2] = &csum_both;
	a.json = 0;
	expect_print(&a,
		     "sw\"1: local 2001:db8::1 dstport 6081 encap geneve ttl 64 tos 16 df set udp6zerocsumtx overhead 78 mtu unknown\n"
		     "sw\"1: local 2001:db8::1 dstport 6081 encap geneve ttl 64 tos 16 df set udp6zerocsumrx overhead 78 mtu unknown\n"
		     "sw\"1: local 2001:db8::1 dstport 6081 encap geneve ttl 64 tos 16 df set udp6zerocsumtx udp6zerocsumrx overhead 78 mtu unknown\n",
		     "text: udp6zerocsumtx and udp6zerocsumrx when on, before the sizes");
	a.json = 1;
	expect_print(&a,
		     "[{\"ifindex\":12,\"name\":\"sw\\\"1\",\"local\":\"2001:db8::1\","
		     "\"dstport\":6081,\"encap\":\"geneve\",\"ttl\":64,\"tos\":16,"
		     "\"df\":true,\"udp6zerocsumtx\":true,"
		     "\"udp6zerocsumrx\":false,\"overhead\":78,\"underlay_mtu\":0,"
		     "\"inner_mtu\":0},"
		     "{\"ifindex\":12,\"name\":\"sw\\\"1\",\"local\":\"2001:db8::1\","
		     "\"dstport\":6081,\"encap\":\"geneve\",\"ttl\":64,\"tos\":16,"
		     "\"df\":true,\"udp6zerocsumtx\":false,"
		     "\"udp6zerocsumrx\":true,\"overhead\":78,\"underlay_mtu\":0,"
		     "\"inner_mtu\":0},"
		     "{\"ifindex\":12,\"name\":\"sw\\\"1\",\"local\":\"2001:db8::1\","
		     "\"dstport\":6081,\"encap\":\"geneve\",\"ttl\":64,\"tos\":16,"
		     "\"df\":true,\"udp6zerocsumtx\":true,"
		     "\"udp6zerocsumrx\":true,\"overhead\":78,\"underlay_mtu\":0,"
		     "\"inner_mtu\":0}]\n",
		     "JSON: udp6zerocsumtx and udp6zerocsumrx as booleans");

	/* Not for IPv4, even if a kernel said so. */
	csum_v4.udp_zero_csum6_tx = true;
	csum_v4.udp_zero_csum6_rx = true;
	a.sw[0] = &csum_v4;
	a.sw[1] = NULL;
	a.sw[2] = NULL;
	expect_print(&a,
		     "[{\"ifindex\":7,\"name\":\"ovx0\",\"local\":\"192.0.2.1\","
		     "\"dstport\":4789,\"encap\":\"vxlan\",\"ttl\":0,\"tos\":0,"
		     "\"df\":false,\"overhead\":50,\"underlay_mtu\":1500,"
		     "\"inner_mtu\":1450}]\n",
		     "JSON of an IPv4 switch: no udp6zerocsum keys");
	a.json = 0;
	expect_print(&a,
		     "ovx0: local 192.0.2.1 dstport 4789 encap vxlan ttl inherit tos 0 df unset overhead 50 mtu 1450\n",
		     "text of an IPv4 switch: no udp6zerocsum words");
	a.json = 1;

	a.sw[0] = NULL;
	expect_print(&a, "[]\n", "JSON without switches: an empty array");
	a.json = 0;
	expect_print(&a, "", "text without switches: nothing");
}

int main(void)
{
	struct ovx_ctx *ctx = NULL;
	int err;

	ktap_init();
	err = ovx_open(&ctx);
	ovx_close(ctx);
	module_state = !err ? 1 : err == -EPROTONOSUPPORT ? 0 : -1;

	test_usage_errors();
	test_valid();
	test_help();
	test_batch();
	test_parse_values();
	test_print();
	return ktap_finish();
}
