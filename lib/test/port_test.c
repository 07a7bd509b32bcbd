// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Unit tests of port.c and link.c: the parser of port messages on
 * hand-built messages (msg.h), the argument checks, which fail before
 * anything is sent, and the lookup of interface indexes by name.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "msg.h"
#include "ktap.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define OMIT(type) (1U << (type))

/* A port message as the kernel sends it, minus the @omit attributes. */
static void put_port(struct nl_msg *msg, unsigned int omit)
{
	if (!(omit & OMIT(OVX_A_PORT_IFINDEX)))
		nla_put_u32(msg, OVX_A_PORT_IFINDEX, 12);
	if (!(omit & OMIT(OVX_A_PORT_IFNAME)))
		nla_put_string(msg, OVX_A_PORT_IFNAME, "tap0");
	if (!(omit & OMIT(OVX_A_PORT_NET)))
		nla_put_string(msg, OVX_A_PORT_NET, "blue");
	if (!(omit & OMIT(OVX_A_PORT_VNI)))
		nla_put_u32(msg, OVX_A_PORT_VNI, 100);
	if (!(omit & OMIT(OVX_A_PORT_SWITCH_IFINDEX)))
		nla_put_u32(msg, OVX_A_PORT_SWITCH_IFINDEX, 7);
	if (!(omit & OMIT(OVX_A_PORT_ID)))
		nla_put_u32(msg, OVX_A_PORT_ID, 3);
	if (!(omit & OMIT(OVX_A_PORT_STATS)))
		test_put_stats(msg, OVX_A_PORT_STATS, 0);
}

static int parse_omit(unsigned int omit, struct ovx_port *port)
{
	struct nl_msg *msg = test_msg(OVX_CMD_PORT_GET);
	struct nlmsghdr *nlh;
	int ret;

	put_port(msg, omit);
	nlh = test_copy_out(msg);
	ret = ovx_port_parse(nlh, port);
	free(nlh);
	return ret;
}

static int parse_with(int type, const void *data, size_t len)
{
	struct nl_msg *msg = test_msg(OVX_CMD_PORT_GET);
	struct ovx_port port;
	struct nlmsghdr *nlh;
	int ret;

	put_port(msg, OMIT(type));
	nla_put(msg, type, (int)len, data);
	nlh = test_copy_out(msg);
	ret = ovx_port_parse(nlh, &port);
	free(nlh);
	return ret;
}

static void test_good(void)
{
	struct nl_msg *msg;
	struct nlmsghdr *nlh;
	struct ovx_port port;
	int ret;

	ret = parse_omit(0, &port);
	ktap_check(ret == 0 && port.ifindex == 12 &&
		   !strcmp(port.name, "tap0") && !strcmp(port.net, "blue") &&
		   port.vni == 100 && port.switch_ifindex == 7 && port.id == 3,
		   "complete port message parses: every field");
	ktap_check(port.has_stats && test_stats_ok(&port.stats),
		   "the six counters");

	ret = parse_omit(OMIT(OVX_A_PORT_STATS), &port);
	ktap_check(ret == 0 && !port.has_stats,
		   "without stats: parses, has_stats false");

	msg = test_msg(OVX_CMD_PORT_DEL_NTF);
	put_port(msg, OMIT(OVX_A_PORT_ID) | OMIT(OVX_A_PORT_IFNAME) |
		      OMIT(OVX_A_PORT_NET));
	nla_put_u32(msg, OVX_A_PORT_ID, 0);
	nla_put_string(msg, OVX_A_PORT_IFNAME, "fifteen-chars-x");
	nla_put_string(msg, OVX_A_PORT_NET, "thirty-one-characters-long-name");
	nla_put_string(msg, OVX_A_PORT_MAX + 1, "future");
	nlh = test_copy_out(msg);
	ret = ovx_port_parse(nlh, &port);
	ktap_check(ret == 0 && port.id == 0 &&
		   !strcmp(port.name, "fifteen-chars-x") &&
		   !strcmp(port.net, "thirty-one-characters-long-name"),
		   "longest names, id 0, unknown attribute ignored");
	free(nlh);
}

static void test_missing(void)
{
	static const struct {
		int type;
		const char *what;
	} cases[] = {
		{ OVX_A_PORT_IFINDEX, "ifindex" },
		{ OVX_A_PORT_IFNAME, "ifname" },
		{ OVX_A_PORT_NET, "net" },
		{ OVX_A_PORT_VNI, "vni" },
		{ OVX_A_PORT_SWITCH_IFINDEX, "switch-ifindex" },
		{ OVX_A_PORT_ID, "id" },
	};
	struct ovx_port port;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		ktap_check(parse_omit(OMIT(cases[i].type), &port) == -EBADMSG,
			   "missing %s: -EBADMSG", cases[i].what);
	ktap_check(parse_omit(~0U, &port) == -EBADMSG,
		   "no attributes at all: -EBADMSG");
}

static void test_lengths(void)
{
	static const uint8_t zeros[40];
	static const struct {
		int type;
		const void *data;
		size_t len;
		const char *what;
	} cases[] = {
		{ OVX_A_PORT_IFINDEX, zeros, 2, "2-byte ifindex" },
		{ OVX_A_PORT_IFINDEX, zeros, 4, "ifindex 0" },
		{ OVX_A_PORT_IFINDEX, "\xff\xff\xff\xff", 4,
		  "ifindex above INT_MAX" },
		{ OVX_A_PORT_IFNAME, "tap0", 4, "ifname without NUL" },
		{ OVX_A_PORT_IFNAME, "", 1, "empty ifname" },
		{ OVX_A_PORT_IFNAME, "sixteen-chars-xx", 17,
		  "16-character ifname" },
		{ OVX_A_PORT_NET, "", 1, "empty net" },
		{ OVX_A_PORT_NET, "blue", 4, "net without NUL" },
		{ OVX_A_PORT_NET, "thirty-two-characters-long-name!", 33,
		  "32-character net" },
		{ OVX_A_PORT_VNI, zeros, 4, "vni 0" },
		{ OVX_A_PORT_VNI, "\0\0\0\x01", 4, "vni above 16777215" },
		{ OVX_A_PORT_VNI, zeros, 8, "8-byte vni" },
		{ OVX_A_PORT_SWITCH_IFINDEX, zeros, 4, "switch-ifindex 0" },
		{ OVX_A_PORT_SWITCH_IFINDEX, zeros, 2, "2-byte switch-ifindex" },
		{ OVX_A_PORT_ID, zeros, 2, "2-byte id" },
		{ OVX_A_PORT_ID, zeros, 8, "8-byte id" },
		{ OVX_A_PORT_STATS, zeros, 0, "empty stats nest" },
		{ OVX_A_PORT_STATS, "\x01\x02", 2, "stats nest of 2 stray bytes" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		ktap_check(parse_with(cases[i].type, cases[i].data,
				      cases[i].len) == -EBADMSG,
			   "%s: -EBADMSG", cases[i].what);
}

static void test_bad_stats(void)
{
	struct nl_msg *msg;
	struct nlmsghdr *nlh;
	struct ovx_port port;
	int ret;

	msg = test_msg(OVX_CMD_PORT_GET);
	put_port(msg, OMIT(OVX_A_PORT_STATS));
	test_put_stats(msg, OVX_A_PORT_STATS, OVX_A_STATS_TX_BYTES);
	nlh = test_copy_out(msg);
	ret = ovx_port_parse(nlh, &port);
	ktap_check(ret == -EBADMSG, "stats without tx_bytes: -EBADMSG");
	free(nlh);

	msg = test_msg(OVX_CMD_PORT_GET);
	put_port(msg, OMIT(OVX_A_PORT_STATS));
	test_put_overrun_stats(msg, OVX_A_PORT_STATS);
	nlh = test_copy_out(msg);
	ret = ovx_port_parse(nlh, &port);
	ktap_check(ret == -EBADMSG,
		   "stats counter running past its nest: -EBADMSG");
	free(nlh);

	msg = test_msg(OVX_CMD_PORT_GET);
	nlh = test_copy_out(msg);
	nlh->nlmsg_len = NLMSG_HDRLEN + 3;
	ktap_check(ovx_port_parse(nlh, &port) == -EBADMSG,
		   "message shorter than the genl header: -EBADMSG");
	free(nlh);
}

static int count_cb(const struct ovx_port *port, void *arg)
{
	(void)port;
	++*(int *)arg;
	return 0;
}

static void test_args(void)
{
	struct ovx_port port;
	struct ovx_ctx *ctx;
	int n = 0, ret;

	ktap_check(ovx_port_add(NULL, 1, "blue") == -EINVAL &&
		   ovx_port_del(NULL, 1) == -EINVAL &&
		   ovx_port_get(NULL, 1, &port) == -EINVAL &&
		   ovx_port_dump(NULL, NULL, count_cb, &n) == -EINVAL &&
		   ovx_ifindex(NULL, "lo") == -EINVAL,
		   "port functions refuse a NULL context");

	if (ovx_nl_open_family(&ctx, "nlctrl", 2)) {
		ktap_skip("no generic netlink here",
			  "invalid arguments are refused before sending");
		ktap_skip("no generic netlink here", "ovx_ifindex(\"lo\")");
		ktap_skip("no generic netlink here", "ovx_ifindex() of a missing device");
		return;
	}
	ktap_check(ovx_port_add(ctx, 0, "blue") == -EINVAL &&
		   ovx_port_add(ctx, -1, "blue") == -EINVAL &&
		   ovx_port_add(ctx, 1, "") == -EINVAL &&
		   ovx_port_add(ctx, 1, NULL) == -EINVAL &&
		   ovx_port_add(ctx, 1, "thirty-two-characters-long-name!") ==
			   -EINVAL &&
		   ovx_port_del(ctx, 0) == -EINVAL &&
		   ovx_port_get(ctx, 0, &port) == -EINVAL &&
		   ovx_port_get(ctx, 1, NULL) == -EINVAL &&
		   ovx_port_dump(ctx, NULL, NULL, NULL) == -EINVAL &&
		   ovx_port_dump(ctx, "", count_cb, &n) == -EINVAL &&
		   ovx_ifindex(ctx, "") == -EINVAL &&
		   ovx_ifindex(ctx, NULL) == -EINVAL &&
		   ovx_ifindex(ctx, "sixteen-chars-xx") == -EINVAL &&
		   !ovx_errmsg(ctx) && n == 0,
		   "invalid arguments are refused before sending");

	ret = ovx_ifindex(ctx, "lo");
	ktap_check(ret > 0, "ovx_ifindex(\"lo\") is positive (%d)", ret);
	ret = ovx_ifindex(ctx, "ovx-nosuch0");
	ktap_check(ret == -ENODEV, "ovx_ifindex() of a missing device: -ENODEV (%d)",
		   ret);
	ovx_close(ctx);
}

static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const uint8_t ip6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 5 };

/* The guest's addresses: MAC, IPs in order, name. */
static void test_guest(void)
{
	uint32_t a4 = htonl(0x0a000005), b4 = htonl(0x0a000006);
	struct nl_msg *msg;
	struct nlmsghdr *nlh;
	struct ovx_port port;
	struct nlattr *last;
	int ret, i;

	ret = parse_omit(0, &port);
	ktap_check(ret == 0 && !port.has_mac && port.n_ips == 0 &&
		   !port.label[0],
		   "a port without guest addresses: no mac, no ips, no name");

	msg = test_msg(OVX_CMD_PORT_GET);
	put_port(msg, 0);
	nla_put(msg, OVX_A_PORT_MAC, 6, mac);
	nla_put(msg, OVX_A_PORT_IP4, 4, &a4);
	nla_put(msg, OVX_A_PORT_IP6, 16, ip6);
	nla_put(msg, OVX_A_PORT_IP4, 4, &b4);
	nla_put_string(msg, OVX_A_PORT_NAME, "thirty-one-characters-long-name");
	nlh = test_copy_out(msg);
	ret = ovx_port_parse(nlh, &port);
	ktap_check(ret == 0 && port.has_mac && !memcmp(port.mac, mac, 6) &&
		   port.n_ips == 3 && port.ips[0].family == AF_INET &&
		   port.ips[0].u.v4.s_addr == a4 && !port.ips[0].u.raw[4] &&
		   port.ips[1].family == AF_INET6 &&
		   !memcmp(port.ips[1].u.raw, ip6, 16) &&
		   port.ips[2].family == AF_INET &&
		   port.ips[2].u.v4.s_addr == b4 &&
		   !strcmp(port.label, "thirty-one-characters-long-name") &&
		   port.has_stats && test_stats_ok(&port.stats),
		   "mac, every IP in the kernel's order, name");
	free(nlh);

	msg = test_msg(OVX_CMD_PORT_GET);
	put_port(msg, 0);
	nla_put(msg, OVX_A_PORT_MAC, 6, mac);
	for (i = 0; i < OVX_PORT_IPS_MAX + 1; i++) {
		uint32_t v = htonl(0x0a000000 + (uint32_t)i);

		nla_put(msg, OVX_A_PORT_IP4, 4, &v);
	}
	nlh = test_copy_out(msg);
	ktap_check(ovx_port_parse(nlh, &port) == -EBADMSG,
		   "more than OVX_PORT_IPS_MAX addresses: -EBADMSG");
	free(nlh);

	msg = test_msg(OVX_CMD_PORT_GET);
	put_port(msg, 0);
	nla_put(msg, OVX_A_PORT_IP4, 4, &a4);
	nlh = test_copy_out(msg);
	last = (struct nlattr *)((char *)nlh + nlh->nlmsg_len -
				 NLA_ALIGN(NLA_HDRLEN + 4));
	last->nla_len = NLA_HDRLEN + 12;
	ktap_check(ovx_port_parse(nlh, &port) == -EBADMSG,
		   "an address running past the message: -EBADMSG");
	free(nlh);

	ktap_check(parse_with(OVX_A_PORT_MAC, mac, 5) == -EBADMSG &&
		   parse_with(OVX_A_PORT_IP4, &a4, 2) == -EBADMSG &&
		   parse_with(OVX_A_PORT_IP6, ip6, 4) == -EBADMSG &&
		   parse_with(OVX_A_PORT_NAME, "", 1) == -EBADMSG &&
		   parse_with(OVX_A_PORT_NAME, "vm1", 3) == -EBADMSG &&
		   parse_with(OVX_A_PORT_NAME,
			      "thirty-two-characters-long-name!", 33) ==
			   -EBADMSG,
		   "bad mac, ip4, ip6 or name: -EBADMSG");
}

static void test_put_config(void)
{
	struct nlattr *tb[OVX_A_PORT_MAX + 1];
	uint32_t a4 = htonl(0x0a000005);
	struct ovx_port_config cfg;
	struct nl_msg *msg;
	int ret;

	ovx_port_config_init(&cfg, 12, "blue");
	ktap_check(cfg.size == sizeof(cfg) && cfg.ifindex == 12 &&
		   !strcmp(cfg.net, "blue") && !cfg.has_mac && !cfg.n_ips &&
		   !cfg.name,
		   "ovx_port_config_init(): the device and network only");
	msg = test_msg(OVX_CMD_PORT_NEW);
	ret = ovx_port_put_config(msg, &cfg);
	ktap_check(ret == 0 && !test_parse_request(msg, tb, OVX_A_PORT_MAX) &&
		   test_count_attrs(msg) == 2 &&
		   test_attr_u32_is(tb[OVX_A_PORT_IFINDEX], 12) &&
		   test_attr_str_is(tb[OVX_A_PORT_NET], "blue"),
		   "port-new without options: ifindex and net, as ovx_port_add()");
	nlmsg_free(msg);

	cfg.has_mac = true;
	memcpy(cfg.mac, mac, 6);
	cfg.n_ips = 2;
	cfg.ips[0].family = AF_INET6;
	memcpy(cfg.ips[0].u.raw, ip6, 16);
	cfg.ips[1].family = AF_INET;
	cfg.ips[1].u.v4.s_addr = a4;
	cfg.name = "vm1";
	msg = test_msg(OVX_CMD_PORT_NEW);
	ret = ovx_port_put_config(msg, &cfg);
	ktap_check(ret == 0 && !test_parse_request(msg, tb, OVX_A_PORT_MAX) &&
		   test_count_attrs(msg) == 6 &&
		   test_attr_is(tb[OVX_A_PORT_MAC], mac, 6) &&
		   test_attr_is(tb[OVX_A_PORT_IP6], ip6, 16) &&
		   test_attr_is(tb[OVX_A_PORT_IP4], &a4, 4) &&
		   test_attr_str_is(tb[OVX_A_PORT_NAME], "vm1"),
		   "port-new with mac, an IPv6 and an IPv4 address, name");
	nlmsg_free(msg);

	{
		static const struct {
			const char *what;
			int ifindex;
			const char *net;
			bool has_mac;
			size_t n_ips;
			int family;
			const char *name;
			int err;
		} cases[] = {
			{ "ifindex 0", 0, "blue", false, 0, 0, NULL, -EINVAL },
			{ "no net", 1, NULL, false, 0, 0, NULL, -EINVAL },
			{ "ip without mac", 1, "blue", false, 1, AF_INET, NULL,
			  -EINVAL },
			{ "17 addresses", 1, "blue", true, 17, AF_INET, NULL,
			  -EINVAL },
			{ "an address of family 17", 1, "blue", true, 1, 17,
			  NULL, -EAFNOSUPPORT },
			{ "an unset address", 1, "blue", true, 1, AF_UNSPEC,
			  NULL, -EINVAL },
			{ "an empty name", 1, "blue", false, 0, 0, "", -EINVAL },
			{ "a 32-character name", 1, "blue", false, 0, 0,
			  "thirty-two-characters-long-name!", -EINVAL },
		};
		size_t i, j;

		for (i = 0; i < ARRAY_SIZE(cases); i++) {
			ovx_port_config_init(&cfg, cases[i].ifindex,
					     cases[i].net);
			cfg.has_mac = cases[i].has_mac;
			cfg.n_ips = cases[i].n_ips;
			for (j = 0; j < OVX_PORT_IPS_MAX; j++)
				cfg.ips[j].family = cases[i].family;
			cfg.name = cases[i].name;
			msg = test_msg(OVX_CMD_PORT_NEW);
			ret = ovx_port_put_config(msg, &cfg);
			ktap_check(ret == cases[i].err &&
				   test_count_attrs(msg) == 0,
				   "port-new with %s: refused, nothing put (%d)",
				   cases[i].what, ret);
			nlmsg_free(msg);
		}
	}
}

static void test_add_config_args(void)
{
	struct ovx_port_config cfg, big[2];
	struct ovx_ctx *ctx;

	ovx_port_config_init(&cfg, 1, "blue");
	ktap_check(ovx_port_add_config(NULL, &cfg) == -EINVAL,
		   "ovx_port_add_config() refuses a NULL context");
	if (ovx_nl_open_family(&ctx, "nlctrl", 2)) {
		ktap_skip("no generic netlink here",
			  "ovx_port_add_config(): bad configs refused before sending");
		return;
	}
	cfg.n_ips = 1;
	cfg.ips[0].family = AF_INET;
	memset(big, 0, sizeof(big));
	ovx_port_config_init(&big[0], 1, "blue");
	big[0].size = sizeof(big);
	((unsigned char *)big)[sizeof(big[0]) + 1] = 1;
	ktap_check(ovx_port_add_config(ctx, NULL) == -EINVAL &&
		   ovx_port_add_config(ctx, &cfg) == -EINVAL &&
		   ovx_port_add_config(ctx, &big[0]) == -EOPNOTSUPP &&
		   !ovx_errmsg(ctx),
		   "ovx_port_add_config(): bad configs refused before sending");
	ovx_close(ctx);
}

int main(void)
{
	ktap_init();
	test_good();
	test_missing();
	test_lengths();
	test_bad_stats();
	test_args();
	test_guest();
	test_put_config();
	test_add_config_args();
	return ktap_finish();
}
