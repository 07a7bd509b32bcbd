// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Unit tests of port.c and link.c: the parser of port messages on
 * hand-built messages (msg.h), the argument checks, which fail before
 * anything is sent, and the lookup of interface indexes by name.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

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

int main(void)
{
	ktap_init();
	test_good();
	test_missing();
	test_lengths();
	test_bad_stats();
	test_args();
	return ktap_finish();
}
