// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Unit tests of net.c: the parser of network messages on hand-built
 * messages (msg.h), the attributes of the net-new and net-set requests,
 * and the argument checks, which fail before anything is sent.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "ktap.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const char name31[] = "thirty-one-characters-long-name";

/* Leaves attribute @type out of put_net() when bit @type is set. */
#define OMIT(type) (1U << (type))

/* A network message as the kernel sends it, minus the @omit attributes. */
static void put_net(struct nl_msg *msg, unsigned int omit)
{
	if (!(omit & OMIT(OVX_A_NET_IFINDEX)))
		nla_put_u32(msg, OVX_A_NET_IFINDEX, 7);
	if (!(omit & OMIT(OVX_A_NET_IFNAME)))
		nla_put_string(msg, OVX_A_NET_IFNAME, "sw0");
	if (!(omit & OMIT(OVX_A_NET_NAME)))
		nla_put_string(msg, OVX_A_NET_NAME, "blue");
	if (!(omit & OMIT(OVX_A_NET_VNI)))
		nla_put_u32(msg, OVX_A_NET_VNI, 100);
	if (!(omit & OMIT(OVX_A_NET_LEARNING)))
		nla_put_u8(msg, OVX_A_NET_LEARNING, 1);
	if (!(omit & OMIT(OVX_A_NET_AGEING)))
		nla_put_u32(msg, OVX_A_NET_AGEING, 300);
	if (!(omit & OMIT(OVX_A_NET_FDB_MAX)))
		nla_put_u32(msg, OVX_A_NET_FDB_MAX, 65536);
	if (!(omit & OMIT(OVX_A_NET_FDB_LEARNED)))
		nla_put_u32(msg, OVX_A_NET_FDB_LEARNED, 3);
	if (!(omit & OMIT(OVX_A_NET_FDB_STATIC)))
		nla_put_u32(msg, OVX_A_NET_FDB_STATIC, 1);
	if (!(omit & OMIT(OVX_A_NET_STATS)))
		test_put_stats(msg, OVX_A_NET_STATS, 0);
}

static int parse_omit(unsigned int omit, struct ovx_net *net)
{
	struct nl_msg *msg = test_msg(OVX_CMD_NET_GET);
	struct nlmsghdr *nlh;
	int ret;

	put_net(msg, omit);
	nlh = test_copy_out(msg);
	ret = ovx_net_parse(nlh, net);
	free(nlh);
	return ret;
}

/* A good message with attribute @type replaced by @len bytes of @data. */
static int parse_with(int type, const void *data, size_t len)
{
	struct nl_msg *msg = test_msg(OVX_CMD_NET_GET);
	struct ovx_net net;
	struct nlmsghdr *nlh;
	int ret;

	put_net(msg, OMIT(type));
	nla_put(msg, type, (int)len, data);
	nlh = test_copy_out(msg);
	ret = ovx_net_parse(nlh, &net);
	free(nlh);
	return ret;
}

static void test_good(void)
{
	struct nl_msg *msg;
	struct nlmsghdr *nlh;
	struct ovx_net net;
	int ret;

	ret = parse_omit(0, &net);
	ktap_check(ret == 0, "complete network message parses");
	ktap_check(!strcmp(net.name, "blue") && net.vni == 100 &&
		   net.switch_ifindex == 7 && !strcmp(net.switch_name, "sw0"),
		   "name, VNI, switch index and name");
	ktap_check(net.learning && net.ageing == 300 && net.fdb_max == 65536 &&
		   net.fdb_learned == 3 && net.fdb_static == 1,
		   "learning, ageing, fdb-max and the FDB counts");
	ktap_check(net.has_stats && test_stats_ok(&net.stats),
		   "the six counters, padding attribute skipped");

	ret = parse_omit(OMIT(OVX_A_NET_STATS), &net);
	ktap_check(ret == 0 && !net.has_stats && !net.stats.v[OVX_STAT_RX_PACKETS],
		   "without stats: parses, has_stats false");

	msg = test_msg(OVX_CMD_NET_GET);
	put_net(msg, OMIT(OVX_A_NET_NAME) | OMIT(OVX_A_NET_LEARNING) |
		     OMIT(OVX_A_NET_VNI) | OMIT(OVX_A_NET_AGEING) |
		     OMIT(OVX_A_NET_FDB_MAX));
	nla_put_string(msg, OVX_A_NET_NAME, name31);
	nla_put_u8(msg, OVX_A_NET_LEARNING, 0);
	nla_put_u32(msg, OVX_A_NET_VNI, 16777215);
	nla_put_u32(msg, OVX_A_NET_AGEING, 0);
	nla_put_u32(msg, OVX_A_NET_FDB_MAX, 4294967295U);
	nla_put_u64(msg, OVX_A_NET_MAX + 2, 1);
	nlh = test_copy_out(msg);
	ret = ovx_net_parse(nlh, &net);
	ktap_check(ret == 0 && !strcmp(net.name, name31) && !net.learning &&
		   net.vni == 16777215 && net.ageing == 0 &&
		   net.fdb_max == 4294967295U,
		   "31-character name, learning off, bounds, unknown attribute ignored");
	free(nlh);
}

static void test_missing(void)
{
	static const struct {
		int type;
		const char *what;
	} cases[] = {
		{ OVX_A_NET_IFINDEX, "switch ifindex" },
		{ OVX_A_NET_IFNAME, "switch name" },
		{ OVX_A_NET_NAME, "name" },
		{ OVX_A_NET_VNI, "vni" },
		{ OVX_A_NET_LEARNING, "learning" },
		{ OVX_A_NET_AGEING, "ageing" },
		{ OVX_A_NET_FDB_MAX, "fdb-max" },
		{ OVX_A_NET_FDB_LEARNED, "fdb-learned" },
		{ OVX_A_NET_FDB_STATIC, "fdb-static" },
	};
	struct ovx_net net;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		ktap_check(parse_omit(OMIT(cases[i].type), &net) == -EBADMSG,
			   "missing %s: -EBADMSG", cases[i].what);
	ktap_check(parse_omit(~0U, &net) == -EBADMSG,
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
		{ OVX_A_NET_IFINDEX, zeros, 2, "2-byte ifindex" },
		{ OVX_A_NET_IFINDEX, "\x01\0\0\0\0\0\0\0", 8, "8-byte ifindex" },
		{ OVX_A_NET_IFINDEX, zeros, 4, "ifindex 0" },
		{ OVX_A_NET_IFINDEX, "\0\0\0\x80", 4, "ifindex above INT_MAX" },
		{ OVX_A_NET_IFNAME, "sw0", 3, "switch name without NUL" },
		{ OVX_A_NET_IFNAME, "", 1, "empty switch name" },
		{ OVX_A_NET_IFNAME, "sixteen-chars-xx", 17,
		  "16-character switch name" },
		{ OVX_A_NET_NAME, "blue", 4, "name without NUL" },
		{ OVX_A_NET_NAME, "", 1, "empty name" },
		{ OVX_A_NET_NAME, "", 0, "name of 0 bytes" },
		{ OVX_A_NET_NAME, "thirty-two-characters-long-name!", 33,
		  "32-character name" },
		{ OVX_A_NET_VNI, zeros, 2, "2-byte vni" },
		{ OVX_A_NET_VNI, zeros, 4, "vni 0" },
		{ OVX_A_NET_VNI, "\0\0\0\x01", 4, "vni above 16777215" },
		{ OVX_A_NET_LEARNING, zeros, 0, "0-byte learning" },
		{ OVX_A_NET_LEARNING, zeros, 4, "4-byte learning" },
		{ OVX_A_NET_LEARNING, "\x02", 1, "learning 2" },
		{ OVX_A_NET_AGEING, zeros, 8, "8-byte ageing" },
		{ OVX_A_NET_FDB_MAX, zeros, 3, "3-byte fdb-max" },
		{ OVX_A_NET_FDB_LEARNED, zeros, 8, "8-byte fdb-learned" },
		{ OVX_A_NET_FDB_STATIC, zeros, 1, "1-byte fdb-static" },
		{ OVX_A_NET_STATS, zeros, 0, "empty stats nest" },
		{ OVX_A_NET_STATS, "\xff\xff\xff", 3, "stats nest of 3 stray bytes" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		ktap_check(parse_with(cases[i].type, cases[i].data,
				      cases[i].len) == -EBADMSG,
			   "%s: -EBADMSG", cases[i].what);
}

static int parse_stats_with(int kind)
{
	struct nl_msg *msg = test_msg(OVX_CMD_NET_GET);
	struct nlmsghdr *nlh;
	struct ovx_net net;
	int ret;

	put_net(msg, OMIT(OVX_A_NET_STATS));
	if (kind == 0)
		test_put_stats(msg, OVX_A_NET_STATS, OVX_A_STATS_RX_DROPPED);
	else if (kind == 1)
		test_put_short_stats(msg, OVX_A_NET_STATS);
	else
		test_put_overrun_stats(msg, OVX_A_NET_STATS);
	nlh = test_copy_out(msg);
	ret = ovx_net_parse(nlh, &net);
	free(nlh);
	return ret;
}

static void test_stats(void)
{
	ktap_check(parse_stats_with(0) == -EBADMSG,
		   "stats without rx_dropped: -EBADMSG");
	ktap_check(parse_stats_with(1) == -EBADMSG,
		   "stats with a 4-byte counter: -EBADMSG");
	ktap_check(parse_stats_with(2) == -EBADMSG,
		   "stats counter running past its nest: -EBADMSG");
}

static void test_bad_messages(void)
{
	struct nl_msg *msg = test_msg(OVX_CMD_NET_GET);
	struct nlmsghdr *nlh;
	struct nlattr *last;
	struct ovx_net net;

	nlh = test_copy_out(msg);
	nlh->nlmsg_len = NLMSG_HDRLEN + 2;
	ktap_check(ovx_net_parse(nlh, &net) == -EBADMSG,
		   "message shorter than the genl header: -EBADMSG");
	free(nlh);

	/* The last attribute (fdb-static) runs past the end. */
	msg = test_msg(OVX_CMD_NET_GET);
	put_net(msg, OMIT(OVX_A_NET_STATS));
	nlh = test_copy_out(msg);
	last = (struct nlattr *)((char *)nlh + nlh->nlmsg_len -
				 NLA_ALIGN(NLA_HDRLEN + 4));
	last->nla_len = NLA_HDRLEN + 8;
	ktap_check(ovx_net_parse(nlh, &net) == -EBADMSG,
		   "attribute running past the message: -EBADMSG");
	free(nlh);
}

/* Builds net-new (@add) or net-set from @cfg and decodes it. */
static int build(const struct ovx_net_config *cfg, bool add,
		 struct nlattr **tb, struct nl_msg **msgp)
{
	struct nl_msg *msg = test_msg(add ? OVX_CMD_NET_NEW : OVX_CMD_NET_SET);
	int ret;

	ret = ovx_net_put_config(msg, cfg, add);
	if (!ret && test_parse_request(msg, tb, OVX_A_NET_MAX))
		ret = -1000;
	*msgp = msg;
	return ret;
}

static void test_requests(void)
{
	struct nlattr *tb[OVX_A_NET_MAX + 1];
	struct ovx_net_config cfg;
	struct nl_msg *msg;
	int ret;

	ovx_net_config_init(&cfg, "blue");
	ktap_check(!strcmp(cfg.name, "blue") && cfg.vni == 0 &&
		   !cfg.switch_name && !cfg.switch_ifindex &&
		   cfg.learning == -1 && cfg.ageing == -1 && cfg.fdb_max == -1,
		   "ovx_net_config_init() sets every field to default");

	cfg.vni = 100;
	cfg.switch_ifindex = 7;
	ret = build(&cfg, true, tb, &msg);
	ktap_check(ret == 0 && test_count_attrs(msg) == 3 &&
		   test_attr_u32_is(tb[OVX_A_NET_IFINDEX], 7) &&
		   test_attr_str_is(tb[OVX_A_NET_NAME], "blue") &&
		   test_attr_u32_is(tb[OVX_A_NET_VNI], 100),
		   "net-new with defaults: switch ifindex, name and VNI only");
	nlmsg_free(msg);

	cfg.switch_ifindex = 0;
	cfg.switch_name = "sw0";
	cfg.vni = 16777215;
	cfg.learning = 0;
	cfg.ageing = 0;
	cfg.fdb_max = 4294967295LL;
	ret = build(&cfg, true, tb, &msg);
	ktap_check(ret == 0 && test_count_attrs(msg) == 6 &&
		   test_attr_str_is(tb[OVX_A_NET_IFNAME], "sw0") &&
		   !tb[OVX_A_NET_IFINDEX] &&
		   test_attr_u32_is(tb[OVX_A_NET_VNI], 16777215) &&
		   test_attr_u8_is(tb[OVX_A_NET_LEARNING], 0) &&
		   test_attr_u32_is(tb[OVX_A_NET_AGEING], 0) &&
		   test_attr_u32_is(tb[OVX_A_NET_FDB_MAX], 4294967295U),
		   "net-new with every setting: switch by name, zeros are sent");
	nlmsg_free(msg);

	cfg.switch_name = NULL;
	ret = build(&cfg, true, tb, &msg);
	ktap_check(ret == 0 && !tb[OVX_A_NET_IFNAME] && !tb[OVX_A_NET_IFINDEX],
		   "net-new without a switch: none put (the caller resolves it)");
	nlmsg_free(msg);

	ovx_net_config_init(&cfg, name31);
	cfg.learning = 1;
	cfg.ageing = 1000000;
	ret = build(&cfg, false, tb, &msg);
	ktap_check(ret == 0 && test_count_attrs(msg) == 3 &&
		   test_attr_str_is(tb[OVX_A_NET_NAME], name31) &&
		   test_attr_u8_is(tb[OVX_A_NET_LEARNING], 1) &&
		   test_attr_u32_is(tb[OVX_A_NET_AGEING], 1000000),
		   "net-set: name and the changed settings only");
	nlmsg_free(msg);

	ovx_net_config_init(&cfg, "blue");
	ret = build(&cfg, false, tb, &msg);
	ktap_check(ret == 0 && test_count_attrs(msg) == 1,
		   "net-set without changes: the name only");
	nlmsg_free(msg);
}

static void test_bad_configs(void)
{
	static const struct {
		const char *what;
		bool add;
		const char *name;
		uint32_t vni;
		const char *sw;
		int ifindex;
		int learning;
		int64_t ageing, fdb_max;
	} cases[] = {
		{ "add: NULL name", true, NULL, 1, NULL, 1, -1, -1, -1 },
		{ "add: empty name", true, "", 1, NULL, 1, -1, -1, -1 },
		{ "add: 32-character name", true,
		  "thirty-two-characters-long-name!", 1, NULL, 1, -1, -1, -1 },
		{ "add: vni 0", true, "n", 0, NULL, 1, -1, -1, -1 },
		{ "add: vni 16777216", true, "n", 16777216, NULL, 1, -1, -1, -1 },
		{ "add: switch by name and index", true, "n", 1, "sw0", 1, -1,
		  -1, -1 },
		{ "add: negative ifindex", true, "n", 1, NULL, -3, -1, -1, -1 },
		{ "add: empty switch name", true, "n", 1, "", 0, -1, -1, -1 },
		{ "add: 16-character switch name", true, "n", 1,
		  "sixteen-chars-xx", 0, -1, -1, -1 },
		{ "add: learning 2", true, "n", 1, NULL, 1, 2, -1, -1 },
		{ "add: learning -2", true, "n", 1, NULL, 1, -2, -1, -1 },
		{ "add: ageing 1000001", true, "n", 1, NULL, 1, -1, 1000001, -1 },
		{ "add: ageing -2", true, "n", 1, NULL, 1, -1, -2, -1 },
		{ "add: fdb-max 2^32", true, "n", 1, NULL, 1, -1, -1,
		  4294967296LL },
		{ "add: fdb-max -2", true, "n", 1, NULL, 1, -1, -1, -2 },
		{ "set: a VNI", false, "n", 5, NULL, 0, -1, -1, -1 },
		{ "set: a switch name", false, "n", 0, "sw0", 0, -1, -1, -1 },
		{ "set: a switch index", false, "n", 0, NULL, 4, -1, -1, -1 },
		{ "set: empty name", false, "", 0, NULL, 0, 1, -1, -1 },
		{ "set: ageing 1000001", false, "n", 0, NULL, 0, -1, 1000001, -1 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct nl_msg *msg = test_msg(OVX_CMD_NET_NEW);
		struct ovx_net_config cfg;
		int ret;

		ovx_net_config_init(&cfg, cases[i].name);
		cfg.vni = cases[i].vni;
		cfg.switch_name = cases[i].sw;
		cfg.switch_ifindex = cases[i].ifindex;
		cfg.learning = cases[i].learning;
		cfg.ageing = cases[i].ageing;
		cfg.fdb_max = cases[i].fdb_max;
		ret = ovx_net_put_config(msg, &cfg, cases[i].add);
		ktap_check(ret == -EINVAL && test_count_attrs(msg) == 0,
			   "%s: -EINVAL, nothing put (%d)", cases[i].what, ret);
		nlmsg_free(msg);
	}
}

static int count_cb(const struct ovx_net *net, void *arg)
{
	(void)net;
	++*(int *)arg;
	return 0;
}

/*
 * The checks before sending: a context of the "nlctrl" family stands in
 * for the ovx one, since nothing reaches the kernel.
 */
static void test_args(void)
{
	struct ovx_net_config cfg;
	struct ovx_ctx *ctx;
	struct ovx_net net;
	int n = 0;

	ovx_net_config_init(&cfg, "blue");
	cfg.vni = 1;
	ktap_check(ovx_net_add(NULL, &cfg) == -EINVAL &&
		   ovx_net_set(NULL, &cfg) == -EINVAL &&
		   ovx_net_del(NULL, "blue") == -EINVAL &&
		   ovx_net_get(NULL, "blue", &net) == -EINVAL &&
		   ovx_net_dump(NULL, 0, count_cb, &n) == -EINVAL,
		   "network functions refuse a NULL context");

	if (ovx_nl_open_family(&ctx, "nlctrl", 2)) {
		ktap_skip("no generic netlink here", "invalid arguments are refused before sending");
		return;
	}
	cfg.vni = 0;		/* required by add */
	ktap_check(ovx_net_add(ctx, NULL) == -EINVAL &&
		   ovx_net_add(ctx, &cfg) == -EINVAL &&
		   ovx_net_set(ctx, NULL) == -EINVAL &&
		   (cfg.vni = 5, ovx_net_set(ctx, &cfg)) == -EINVAL &&
		   ovx_net_del(ctx, "") == -EINVAL &&
		   ovx_net_del(ctx, NULL) == -EINVAL &&
		   ovx_net_get(ctx, "thirty-two-characters-long-name!",
			       &net) == -EINVAL &&
		   ovx_net_get(ctx, "blue", NULL) == -EINVAL &&
		   ovx_net_dump(ctx, 0, NULL, NULL) == -EINVAL &&
		   ovx_net_dump(ctx, -1, count_cb, &n) == -EINVAL &&
		   !ovx_errmsg(ctx) && n == 0,
		   "invalid arguments are refused before sending");
	ovx_close(ctx);
}

/* Address bindings: the settings, the count and the counter. */
static void test_neigh(void)
{
	struct nlattr *tb[OVX_A_NET_MAX + 1];
	struct ovx_net_config cfg;
	struct nl_msg *msg;
	struct nlmsghdr *nlh;
	struct ovx_net net;
	int ret;

	ret = parse_omit(0, &net);
	ktap_check(ret == 0 && !net.arp_suppress && net.flood_unknown &&
		   net.neigh_static == 0 && !net.has_arp_suppressed,
		   "an older kernel: no suppression, flooding, no counter");

	msg = test_msg(OVX_CMD_NET_GET);
	put_net(msg, 0);
	nla_put_u8(msg, OVX_A_NET_ARP_SUPPRESS, 1);
	nla_put_u8(msg, OVX_A_NET_FLOOD_UNKNOWN, 0);
	nla_put_u32(msg, OVX_A_NET_NEIGH_STATIC, 5);
	nla_put(msg, OVX_A_NET_PAD, 0, NULL);
	nla_put_u64(msg, OVX_A_NET_ARP_SUPPRESSED, (1ULL << 40) + 7);
	nlh = test_copy_out(msg);
	ret = ovx_net_parse(nlh, &net);
	ktap_check(ret == 0 && net.arp_suppress && !net.flood_unknown &&
		   net.neigh_static == 5 && net.has_arp_suppressed &&
		   net.arp_suppressed == (1ULL << 40) + 7,
		   "arp-suppress, flood-unknown, neigh-static and arp-suppressed");
	free(nlh);

	ktap_check(parse_with(OVX_A_NET_ARP_SUPPRESS, "\x02", 1) == -EBADMSG &&
		   parse_with(OVX_A_NET_FLOOD_UNKNOWN, "\x02", 1) == -EBADMSG &&
		   parse_with(OVX_A_NET_ARP_SUPPRESS, "\0\0\0\0", 4) ==
			   -EBADMSG &&
		   parse_with(OVX_A_NET_NEIGH_STATIC, "\0\0", 2) == -EBADMSG &&
		   parse_with(OVX_A_NET_ARP_SUPPRESSED, "\0\0\0\0", 4) ==
			   -EBADMSG,
		   "bad arp-suppress, flood-unknown, neigh-static or arp-suppressed: -EBADMSG");

	ovx_net_config_init(&cfg, "blue");
	ktap_check(cfg.arp_suppress == -1 && cfg.flood_unknown == -1,
		   "ovx_net_config_init() leaves arp-suppress and flood-unknown");
	cfg.vni = 100;
	cfg.switch_ifindex = 7;
	cfg.arp_suppress = 0;
	cfg.flood_unknown = 1;
	ret = build(&cfg, true, tb, &msg);
	ktap_check(ret == 0 && test_count_attrs(msg) == 5 &&
		   test_attr_u8_is(tb[OVX_A_NET_ARP_SUPPRESS], 0) &&
		   test_attr_u8_is(tb[OVX_A_NET_FLOOD_UNKNOWN], 1),
		   "net-new with arp-suppress off and flood-unknown on");
	nlmsg_free(msg);

	ovx_net_config_init(&cfg, "blue");
	cfg.flood_unknown = 0;
	ret = build(&cfg, false, tb, &msg);
	ktap_check(ret == 0 && test_count_attrs(msg) == 2 &&
		   !tb[OVX_A_NET_ARP_SUPPRESS] &&
		   test_attr_u8_is(tb[OVX_A_NET_FLOOD_UNKNOWN], 0),
		   "net-set of flood-unknown only");
	nlmsg_free(msg);

	ovx_net_config_init(&cfg, "blue");
	cfg.arp_suppress = 2;
	msg = test_msg(OVX_CMD_NET_SET);
	ret = ovx_net_put_config(msg, &cfg, false);
	ktap_check(ret == -EINVAL && test_count_attrs(msg) == 0,
		   "arp-suppress 2: -EINVAL, nothing put");
	nlmsg_free(msg);
	ovx_net_config_init(&cfg, "blue");
	cfg.flood_unknown = -2;
	msg = test_msg(OVX_CMD_NET_SET);
	ret = ovx_net_put_config(msg, &cfg, false);
	ktap_check(ret == -EINVAL && test_count_attrs(msg) == 0,
		   "flood-unknown -2: -EINVAL, nothing put");
	nlmsg_free(msg);
}

static void put_addr_elem(struct nl_msg *msg, int type, int attr,
			  const void *a, int len)
{
	struct nlattr *nest = nla_nest_start(msg, type | NLA_F_NESTED);

	if (len)
		nla_put(msg, attr, len, a);
	nla_nest_end(msg, nest);
}

static void test_services(void)
{
	static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 9 };
	struct nlattr *tb[OVX_A_NET_MAX + 1];
	struct ovx_addr servers[5], svc;
	struct ovx_net_config cfg;
	struct nl_msg *msg;
	struct nlmsghdr *nlh;
	struct ovx_net net;
	uint32_t a4 = htonl(0x0a000035);
	uint8_t a6[16] = { 0xfd, [15] = 0x53 };
	int ret, i;

	ret = parse_omit(0, &net);
	ktap_check(ret == 0 && !net.has_services && !net.dhcp && !net.dns,
		   "an older kernel: no service settings");

	msg = test_msg(OVX_CMD_NET_GET);
	put_net(msg, 0);
	nla_put_u8(msg, OVX_A_NET_DHCP, 1);
	nla_put_u8(msg, OVX_A_NET_DNS, 0);
	nla_put_string(msg, OVX_A_NET_DOMAIN, "blue.example");
	nla_put_u32(msg, OVX_A_NET_LEASE, 600);
	put_addr_elem(msg, OVX_A_NET_DNS_SERVER, OVX_A_ADDR_ADDR4, &a4, 4);
	put_addr_elem(msg, OVX_A_NET_DNS_SERVER, OVX_A_ADDR_ADDR6, a6, 16);
	nla_put(msg, OVX_A_NET_SERVICE4, 4, &a4);
	nla_put_u8(msg, OVX_A_NET_SERVICE_PREFIX_LEN4, 16);
	nla_put_u8(msg, OVX_A_NET_SERVICE_PREFIX_LEN6, 64);
	nla_put(msg, OVX_A_NET_SERVICE_MAC, 6, mac);
	nlh = test_copy_out(msg);
	ret = ovx_net_parse(nlh, &net);
	ktap_check(ret == 0 && net.has_services && net.dhcp && !net.dns &&
		   !strcmp(net.domain, "blue.example") && net.lease == 600 &&
		   net.n_dns_servers == 2 &&
		   net.dns_servers[0].family == AF_INET &&
		   net.dns_servers[0].u.v4.s_addr == a4 &&
		   net.dns_servers[1].family == AF_INET6 &&
		   !memcmp(&net.dns_servers[1].u.v6, a6, 16) &&
		   net.service4.family == AF_INET &&
		   net.service6.family == AF_UNSPEC &&
		   net.service_prefix_len4 == 16 && net.has_service_mac &&
		   !memcmp(net.service_mac, mac, 6),
		   "every service setting, the DNS servers in order");
	free(nlh);

	msg = test_msg(OVX_CMD_NET_GET);
	put_net(msg, 0);
	nla_put_u8(msg, OVX_A_NET_DHCP, 1);
	nla_put_u8(msg, OVX_A_NET_DNS, 1);
	nla_put_u32(msg, OVX_A_NET_LEASE, 600);
	nla_put_u8(msg, OVX_A_NET_SERVICE_PREFIX_LEN4, 24);
	nla_put_u8(msg, OVX_A_NET_SERVICE_PREFIX_LEN6, 64);
	for (i = 0; i < 5; i++)
		put_addr_elem(msg, OVX_A_NET_DNS_SERVER, OVX_A_ADDR_ADDR4,
			      &a4, 4);
	nlh = test_copy_out(msg);
	ktap_check(ovx_net_parse(nlh, &net) == -EBADMSG,
		   "five DNS servers from the kernel: -EBADMSG");
	free(nlh);

	ovx_net_config_init(&cfg, "blue");
	for (i = 0; i < 5; i++) {
		servers[i].family = AF_INET;
		servers[i].u.v4.s_addr = a4;
	}
	cfg.dhcp = 1;
	cfg.dns = 1;
	cfg.domain = "Blue.Example";
	cfg.lease = 60;
	cfg.n_dns_servers = 2;
	cfg.dns_servers = servers;
	svc.family = AF_INET;
	svc.u.v4.s_addr = a4;
	cfg.service = &svc;
	cfg.service_prefix_len = 20;
	ret = build(&cfg, false, tb, &msg);
	ktap_check(ret == 0 && test_attr_u8_is(tb[OVX_A_NET_DHCP], 1) &&
		   test_attr_u8_is(tb[OVX_A_NET_DNS], 1) &&
		   tb[OVX_A_NET_DOMAIN] && tb[OVX_A_NET_LEASE] &&
		   tb[OVX_A_NET_SERVICE4] &&
		   test_attr_u8_is(tb[OVX_A_NET_SERVICE_PREFIX_LEN4], 20) &&
		   tb[OVX_A_NET_SERVICE_MAC] &&
		   test_count_attrs(msg) == 10,
		   "net-set with every service setting (two DNS servers, a derived MAC)");
	nlmsg_free(msg);

	ovx_net_config_init(&cfg, "blue");
	cfg.n_dns_servers = 0;
	ret = build(&cfg, false, tb, &msg);
	ktap_check(ret == 0 && tb[OVX_A_NET_DNS_SERVER] &&
		   nla_len(tb[OVX_A_NET_DNS_SERVER]) == 0 &&
		   test_count_attrs(msg) == 2,
		   "no DNS servers: one empty element clears the list");
	nlmsg_free(msg);

	{
		static const struct {
			const char *desc;
			int field;
		} bad[] = {
			{ "lease 9", 0 }, { "lease 31536001", 1 },
			{ "five DNS servers", 2 }, { "domain a..b", 3 },
			{ "domain with a blank", 4 }, { "service /33", 5 },
			{ "prefix length without service", 6 },
			{ "a multicast service MAC", 7 }, { "dhcp 2", 8 },
		};
		static const uint8_t mcast[6] = { 1, 0, 0x5e, 0, 0, 1 };

		for (i = 0; i < (int)ARRAY_SIZE(bad); i++) {
			ovx_net_config_init(&cfg, "blue");
			switch (bad[i].field) {
			case 0: cfg.lease = 9; break;
			case 1: cfg.lease = 31536001; break;
			case 2: cfg.n_dns_servers = 5;
				cfg.dns_servers = servers; break;
			case 3: cfg.domain = "a..b"; break;
			case 4: cfg.domain = "a b"; break;
			case 5: cfg.service = &svc;
				cfg.service_prefix_len = 33; break;
			case 6: cfg.service_prefix_len = 24; break;
			case 7: cfg.service = &svc; cfg.service_mac = mcast;
				break;
			case 8: cfg.dhcp = 2; break;
			}
			msg = test_msg(OVX_CMD_NET_SET);
			ret = ovx_net_put_config(msg, &cfg, false);
			ktap_check(ret == -EINVAL && test_count_attrs(msg) == 0,
				   "%s: -EINVAL, nothing put", bad[i].desc);
			nlmsg_free(msg);
		}
	}
}

int main(void)
{
	ktap_init();
	test_services();
	test_good();
	test_missing();
	test_lengths();
	test_stats();
	test_bad_messages();
	test_requests();
	test_bad_configs();
	test_args();
	test_neigh();
	return ktap_finish();
}
