// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Unit tests of neigh.c: the parser of address binding messages on
 * hand-built messages (msg.h), miss notifications included, the
 * attributes of the neigh-new and dump requests, and the argument checks,
 * which fail before anything is sent.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "msg.h"
#include "ktap.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const uint8_t addr6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 5 };
static const uint8_t peer6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };

#define OMIT(type) (1U << (type))
/* Destinations of put_neigh(); the default is a local port. */
#define PEER4 (1U << 20)
#define PEER6 (1U << 21)
#define ADDR6 (1U << 22)	/* the bound address is IPv6 */
#define NODEST (1U << 23)	/* no destination (a miss) */

/* A binding message as the kernel sends it, minus the OMIT() ones. */
static void put_neigh(struct nl_msg *msg, unsigned int flags)
{
	uint32_t a4 = htonl(0x0a000005);	/* 10.0.0.5 */
	uint32_t p4 = htonl(0xc0000202);	/* 192.0.2.2 */

	if (!(flags & OMIT(OVX_A_NEIGH_NET)))
		nla_put_string(msg, OVX_A_NEIGH_NET, "blue");
	if (!(flags & OMIT(OVX_A_NEIGH_VNI)))
		nla_put_u32(msg, OVX_A_NEIGH_VNI, 100);
	if (flags & ADDR6) {
		if (!(flags & OMIT(OVX_A_NEIGH_ADDR6)))
			nla_put(msg, OVX_A_NEIGH_ADDR6, 16, addr6);
	} else if (!(flags & OMIT(OVX_A_NEIGH_ADDR4))) {
		nla_put(msg, OVX_A_NEIGH_ADDR4, 4, &a4);
	}
	if (!(flags & OMIT(OVX_A_NEIGH_LLADDR)))
		nla_put(msg, OVX_A_NEIGH_LLADDR, 6, mac);
	if (flags & NODEST) {
		/* nothing */
	} else if (flags & PEER4) {
		nla_put(msg, OVX_A_NEIGH_PEER4, 4, &p4);
	} else if (flags & PEER6) {
		nla_put(msg, OVX_A_NEIGH_PEER6, 16, peer6);
	} else {
		if (!(flags & OMIT(OVX_A_NEIGH_PORT_IFINDEX)))
			nla_put_u32(msg, OVX_A_NEIGH_PORT_IFINDEX, 12);
		if (!(flags & OMIT(OVX_A_NEIGH_PORT_IFNAME)))
			nla_put_string(msg, OVX_A_NEIGH_PORT_IFNAME, "tap0");
	}
	if (!(flags & OMIT(OVX_A_NEIGH_FLAGS)))
		nla_put_u32(msg, OVX_A_NEIGH_FLAGS,
			    flags & (PEER4 | PEER6) ? 0 :
			    OVX_NEIGH_FLAGS_STATIC | OVX_NEIGH_FLAGS_PORT);
	if (!(flags & OMIT(OVX_A_NEIGH_AGE)))
		nla_put_u32(msg, OVX_A_NEIGH_AGE, 42);
}

/* Parses put_neigh(@flags), with an event attribute when @event >= 0. */
static int parse_flags(unsigned int flags, int64_t event,
		       struct ovx_neigh *n, uint32_t *got)
{
	struct nl_msg *msg = test_msg(OVX_CMD_NEIGH_GET);
	struct nlmsghdr *nlh;
	int ret;

	put_neigh(msg, flags);
	if (event >= 0)
		nla_put_u32(msg, OVX_A_NEIGH_EVENT, (uint32_t)event);
	nlh = test_copy_out(msg);
	ret = ovx_neigh_parse(nlh, n, got);
	free(nlh);
	return ret;
}

/* A good message (of @flags) with @type added as @len bytes of @data. */
static int parse_with(unsigned int flags, int type, const void *data,
		      size_t len)
{
	struct nl_msg *msg = test_msg(OVX_CMD_NEIGH_GET);
	struct ovx_neigh n;
	struct nlmsghdr *nlh;
	uint32_t event;
	int ret;

	put_neigh(msg, flags | OMIT(type));
	nla_put(msg, type, (int)len, data);
	nlh = test_copy_out(msg);
	ret = ovx_neigh_parse(nlh, &n,
			      type == OVX_A_NEIGH_EVENT ? &event : NULL);
	free(nlh);
	return ret;
}

static void test_good(void)
{
	struct ovx_neigh n;
	struct nl_msg *msg;
	struct nlmsghdr *nlh;
	uint32_t event = 99;
	int ret;

	ret = parse_flags(0, -1, &n, NULL);
	ktap_check(ret == 0 && n.size == sizeof(n) && !strcmp(n.net, "blue") &&
		   n.vni == 100 && n.addr.family == AF_INET &&
		   n.addr.u.v4.s_addr == htonl(0x0a000005) &&
		   !n.addr.u.raw[4] && !memcmp(n.lladdr, mac, 6) &&
		   n.port_ifindex == 12 && !strcmp(n.port_name, "tap0") &&
		   n.peer.family == AF_UNSPEC &&
		   n.flags == (OVX_NEIGH_ENTRY_STATIC | OVX_NEIGH_ENTRY_PORT) &&
		   n.age == 42,
		   "a port's own IPv4 binding: every field");

	ret = parse_flags(ADDR6 | PEER4, -1, &n, NULL);
	ktap_check(ret == 0 && n.addr.family == AF_INET6 &&
		   !memcmp(n.addr.u.raw, addr6, 16) && n.port_ifindex == 0 &&
		   !n.port_name[0] && n.peer.family == AF_INET &&
		   n.peer.u.v4.s_addr == htonl(0xc0000202) && n.flags == 0,
		   "learnt IPv6 binding behind an IPv4 peer");

	ret = parse_flags(PEER6, -1, &n, NULL);
	ktap_check(ret == 0 && n.peer.family == AF_INET6 &&
		   !memcmp(n.peer.u.raw, peer6, 16),
		   "binding behind an IPv6 peer");

	ret = parse_flags(OMIT(OVX_A_NEIGH_FLAGS) | OMIT(OVX_A_NEIGH_AGE), -1,
			  &n, NULL);
	ktap_check(ret == 0 && n.flags == 0 && n.age == 0,
		   "flags and age are optional: 0 when absent");

	ret = parse_flags(0, OVX_NEIGH_EVENT_MOVED, &n, &event);
	ktap_check(ret == 0 && event == OVX_NEIGH_EVENT_MOVED,
		   "the event is read when asked for");
	ret = parse_flags(0, OVX_NEIGH_EVENT_MOVED, &n, NULL);
	ktap_check(ret == 0, "the event is ignored when not asked for");

	ret = parse_flags(NODEST | OMIT(OVX_A_NEIGH_LLADDR) |
			  OMIT(OVX_A_NEIGH_FLAGS) | OMIT(OVX_A_NEIGH_AGE),
			  OVX_NEIGH_EVENT_MISS, &n, &event);
	ktap_check(ret == 0 && event == OVX_NEIGH_EVENT_MISS &&
		   n.addr.family == AF_INET && !n.port_ifindex &&
		   n.peer.family == AF_UNSPEC &&
		   !memcmp(n.lladdr, "\0\0\0\0\0\0", 6),
		   "a miss: the address without lladdr nor destination");

	ret = parse_flags(OMIT(OVX_A_NEIGH_LLADDR), OVX_NEIGH_EVENT_MISS, &n,
			  &event);
	ktap_check(ret == 0 && n.port_ifindex == 12 &&
		   !strcmp(n.port_name, "tap0"),
		   "a miss may name the port that asked");

	msg = test_msg(OVX_CMD_NEIGH_GET);
	put_neigh(msg, OMIT(OVX_A_NEIGH_FLAGS));
	nla_put_u32(msg, OVX_A_NEIGH_FLAGS, 0x80000001);
	nla_put_u32(msg, OVX_A_NEIGH_MAX + 3, 1);
	nlh = test_copy_out(msg);
	ret = ovx_neigh_parse(nlh, &n, NULL);
	ktap_check(ret == 0 && n.flags == 0x80000001,
		   "unknown flag bits kept, unknown attribute ignored");
	free(nlh);
}

static void test_missing(void)
{
	static const struct {
		unsigned int flags;
		const char *what;
	} cases[] = {
		{ OMIT(OVX_A_NEIGH_NET), "net" },
		{ OMIT(OVX_A_NEIGH_VNI), "vni" },
		{ OMIT(OVX_A_NEIGH_ADDR4), "address" },
		{ ADDR6 | OMIT(OVX_A_NEIGH_ADDR6), "IPv6 address" },
		{ OMIT(OVX_A_NEIGH_LLADDR), "lladdr" },
		{ NODEST, "any destination" },
		{ OMIT(OVX_A_NEIGH_PORT_IFINDEX), "port ifindex (name only)" },
		{ OMIT(OVX_A_NEIGH_PORT_IFNAME), "port name of a local binding" },
		{ PEER4 | OMIT(OVX_A_NEIGH_VNI), "vni of a remote binding" },
	};
	struct ovx_neigh n;
	uint32_t event;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		ktap_check(parse_flags(cases[i].flags, -1, &n, NULL) ==
			   -EBADMSG, "missing %s: -EBADMSG", cases[i].what);
	ktap_check(parse_flags(0, -1, &n, &event) == -EBADMSG,
		   "missing event where one is required: -EBADMSG");
	ktap_check(parse_flags(NODEST, OVX_NEIGH_EVENT_LEARNED, &n, &event) ==
		   -EBADMSG,
		   "a learned event without destination: -EBADMSG");
	ktap_check(parse_flags(NODEST | OMIT(OVX_A_NEIGH_ADDR4),
			       OVX_NEIGH_EVENT_MISS, &n, &event) == -EBADMSG,
		   "a miss without its address: -EBADMSG");
}

static void test_two_of_a_kind(void)
{
	static const uint8_t p4[4] = { 192, 0, 2, 2 };
	struct ovx_neigh n;
	struct nl_msg *msg;
	struct nlmsghdr *nlh;
	uint32_t event;
	int ret;

	msg = test_msg(OVX_CMD_NEIGH_GET);
	put_neigh(msg, 0);
	nla_put(msg, OVX_A_NEIGH_PEER4, 4, p4);
	nlh = test_copy_out(msg);
	ret = ovx_neigh_parse(nlh, &n, NULL);
	ktap_check(ret == -EBADMSG, "port and PEER4: -EBADMSG");
	free(nlh);

	msg = test_msg(OVX_CMD_NEIGH_NTF);
	put_neigh(msg, PEER4);
	nla_put(msg, OVX_A_NEIGH_PEER6, 16, peer6);
	nla_put_u32(msg, OVX_A_NEIGH_EVENT, OVX_NEIGH_EVENT_MISS);
	nlh = test_copy_out(msg);
	ret = ovx_neigh_parse(nlh, &n, &event);
	ktap_check(ret == -EBADMSG, "PEER4 and PEER6, even in a miss: -EBADMSG");
	free(nlh);

	msg = test_msg(OVX_CMD_NEIGH_GET);
	put_neigh(msg, 0);
	nla_put(msg, OVX_A_NEIGH_ADDR6, 16, addr6);
	nlh = test_copy_out(msg);
	ret = ovx_neigh_parse(nlh, &n, NULL);
	ktap_check(ret == -EBADMSG, "ADDR4 and ADDR6: -EBADMSG");
	free(nlh);

	msg = test_msg(OVX_CMD_NEIGH_GET);
	put_neigh(msg, PEER4);
	nla_put_string(msg, OVX_A_NEIGH_PORT_IFNAME, "tap0");
	nlh = test_copy_out(msg);
	ret = ovx_neigh_parse(nlh, &n, NULL);
	ktap_check(ret == -EBADMSG, "a port name on a peer's binding: -EBADMSG");
	free(nlh);
}

static void test_lengths(void)
{
	static const uint8_t zeros[40];
	static const struct {
		unsigned int flags;
		int type;
		const void *data;
		size_t len;
		const char *what;
	} cases[] = {
		{ 0, OVX_A_NEIGH_NET, "", 1, "empty net" },
		{ 0, OVX_A_NEIGH_NET, "blue", 4, "net without NUL" },
		{ 0, OVX_A_NEIGH_NET, "thirty-two-characters-long-name!", 33,
		  "32-character net" },
		{ 0, OVX_A_NEIGH_VNI, zeros, 4, "vni 0" },
		{ 0, OVX_A_NEIGH_VNI, "\0\0\0\x01", 4, "vni above 16777215" },
		{ 0, OVX_A_NEIGH_VNI, zeros, 2, "2-byte vni" },
		{ 0, OVX_A_NEIGH_ADDR4, zeros, 3, "3-byte ADDR4" },
		{ 0, OVX_A_NEIGH_ADDR4, zeros, 16, "16-byte ADDR4" },
		{ ADDR6, OVX_A_NEIGH_ADDR6, zeros, 4, "4-byte ADDR6" },
		{ ADDR6, OVX_A_NEIGH_ADDR6, zeros, 17, "17-byte ADDR6" },
		{ 0, OVX_A_NEIGH_LLADDR, zeros, 5, "5-byte lladdr" },
		{ 0, OVX_A_NEIGH_LLADDR, zeros, 8, "8-byte lladdr" },
		{ 0, OVX_A_NEIGH_PORT_IFINDEX, zeros, 4, "port ifindex 0" },
		{ 0, OVX_A_NEIGH_PORT_IFINDEX, "\0\0\0\x80", 4,
		  "port ifindex above INT_MAX" },
		{ 0, OVX_A_NEIGH_PORT_IFNAME, "", 1, "empty port name" },
		{ 0, OVX_A_NEIGH_PORT_IFNAME, "sixteen-chars-xx", 17,
		  "16-character port name" },
		{ PEER4, OVX_A_NEIGH_PEER4, zeros, 3, "3-byte PEER4" },
		{ PEER6, OVX_A_NEIGH_PEER6, zeros, 4, "4-byte PEER6" },
		{ 0, OVX_A_NEIGH_FLAGS, zeros, 1, "1-byte flags" },
		{ 0, OVX_A_NEIGH_AGE, zeros, 8, "8-byte age" },
		{ 0, OVX_A_NEIGH_EVENT, zeros, 1, "1-byte event" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		ktap_check(parse_with(cases[i].flags, cases[i].type,
				      cases[i].data, cases[i].len) == -EBADMSG,
			   "%s: -EBADMSG", cases[i].what);
}

static void neigh_init(struct ovx_neigh *n, const char *net)
{
	memset(n, 0, sizeof(*n));
	n->size = sizeof(*n);
	strncpy(n->net, net, sizeof(n->net));
	n->addr.family = AF_INET;
	n->addr.u.v4.s_addr = htonl(0x0a000005);
	memcpy(n->lladdr, mac, 6);
}

static void test_put(void)
{
	struct nlattr *tb[OVX_A_NEIGH_MAX + 1];
	uint32_t a4 = htonl(0x0a000005), p4 = htonl(0xc0000202);
	struct ovx_neigh n;
	struct nl_msg *msg;
	int ret;

	neigh_init(&n, "blue");
	n.port_ifindex = 12;
	n.vni = 5;		/* not sent: the network says it */
	n.age = 3;
	n.flags = OVX_NEIGH_ENTRY_STATIC;
	msg = test_msg(OVX_CMD_NEIGH_NEW);
	ret = ovx_neigh_put(msg, &n);
	ktap_check(ret == 0 &&
		   !test_parse_request(msg, tb, OVX_A_NEIGH_MAX) &&
		   test_count_attrs(msg) == 4 &&
		   test_attr_str_is(tb[OVX_A_NEIGH_NET], "blue") &&
		   test_attr_is(tb[OVX_A_NEIGH_ADDR4], &a4, 4) &&
		   test_attr_is(tb[OVX_A_NEIGH_LLADDR], mac, 6) &&
		   test_attr_u32_is(tb[OVX_A_NEIGH_PORT_IFINDEX], 12),
		   "neigh-new to a port: net, ADDR4, lladdr and port ifindex only");
	nlmsg_free(msg);

	neigh_init(&n, "blue");
	n.addr.family = AF_INET6;
	memcpy(n.addr.u.raw, addr6, 16);
	n.peer.family = AF_INET;
	n.peer.u.v4.s_addr = p4;
	msg = test_msg(OVX_CMD_NEIGH_NEW);
	ret = ovx_neigh_put(msg, &n);
	ktap_check(ret == 0 &&
		   !test_parse_request(msg, tb, OVX_A_NEIGH_MAX) &&
		   test_count_attrs(msg) == 4 &&
		   test_attr_is(tb[OVX_A_NEIGH_ADDR6], addr6, 16) &&
		   test_attr_is(tb[OVX_A_NEIGH_PEER4], &p4, 4),
		   "neigh-new of an IPv6 address to an IPv4 peer");
	nlmsg_free(msg);

	neigh_init(&n, "blue");
	n.peer.family = AF_INET6;
	memcpy(n.peer.u.raw, peer6, 16);
	msg = test_msg(OVX_CMD_NEIGH_NEW);
	ret = ovx_neigh_put(msg, &n);
	ktap_check(ret == 0 &&
		   !test_parse_request(msg, tb, OVX_A_NEIGH_MAX) &&
		   test_attr_is(tb[OVX_A_NEIGH_PEER6], peer6, 16),
		   "neigh-new to an IPv6 peer: PEER6");
	nlmsg_free(msg);
}

static void test_bad_bindings(void)
{
	static const struct {
		const char *what;
		const char *net;
		int family;
		int ifindex;
		int peer_family;
		int err;
	} cases[] = {
		{ "no destination", "blue", AF_INET, 0, AF_UNSPEC, -EINVAL },
		{ "port and peer", "blue", AF_INET, 3, AF_INET, -EINVAL },
		{ "negative ifindex", "blue", AF_INET, -3, AF_UNSPEC, -EINVAL },
		{ "peer of family 17", "blue", AF_INET, 0, 17, -EAFNOSUPPORT },
		{ "no address", "blue", AF_UNSPEC, 3, AF_UNSPEC, -EINVAL },
		{ "address of family 17", "blue", 17, 3, AF_UNSPEC,
		  -EAFNOSUPPORT },
		{ "empty net", "", AF_INET, 3, AF_UNSPEC, -EINVAL },
	};
	struct ovx_neigh n;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct nl_msg *msg = test_msg(OVX_CMD_NEIGH_NEW);
		int ret;

		neigh_init(&n, cases[i].net);
		n.addr.family = cases[i].family;
		n.port_ifindex = cases[i].ifindex;
		n.peer.family = cases[i].peer_family;
		ret = ovx_neigh_put(msg, &n);
		ktap_check(ret == cases[i].err && test_count_attrs(msg) == 0,
			   "neigh-new with %s: refused, nothing put (%d)",
			   cases[i].what, ret);
		nlmsg_free(msg);
	}
}

static void test_put_filter(void)
{
	struct nlattr *tb[OVX_A_NEIGH_MAX + 1];
	struct ovx_neigh_filter f;
	uint32_t p4 = htonl(0xc0000202);
	struct nl_msg *msg;
	int ret;

	msg = test_msg(OVX_CMD_NEIGH_GET);
	ret = ovx_neigh_put_filter(msg, NULL);
	ktap_check(ret == 0 && test_count_attrs(msg) == 0,
		   "no filter: no attributes");
	nlmsg_free(msg);

	memset(&f, 0, sizeof(f));
	f.net = "blue";
	f.port_ifindex = 12;
	f.kind = OVX_NEIGH_KIND_STATIC;
	msg = test_msg(OVX_CMD_NEIGH_GET);
	ret = ovx_neigh_put_filter(msg, &f);
	ktap_check(ret == 0 &&
		   !test_parse_request(msg, tb, OVX_A_NEIGH_MAX) &&
		   test_count_attrs(msg) == 3 &&
		   test_attr_str_is(tb[OVX_A_NEIGH_NET], "blue") &&
		   test_attr_u32_is(tb[OVX_A_NEIGH_PORT_IFINDEX], 12) &&
		   test_attr_u32_is(tb[OVX_A_NEIGH_FLAGS],
				    OVX_NEIGH_FLAGS_STATIC),
		   "static bindings of a net and port: NET, PORT_IFINDEX, FLAGS static");
	nlmsg_free(msg);

	memset(&f, 0, sizeof(f));
	f.peer.family = AF_INET;
	f.peer.u.v4.s_addr = p4;
	f.kind = OVX_NEIGH_KIND_LEARNED;
	msg = test_msg(OVX_CMD_NEIGH_GET);
	ret = ovx_neigh_put_filter(msg, &f);
	ktap_check(ret == 0 &&
		   !test_parse_request(msg, tb, OVX_A_NEIGH_MAX) &&
		   test_count_attrs(msg) == 2 &&
		   test_attr_is(tb[OVX_A_NEIGH_PEER4], &p4, 4) &&
		   tb[OVX_A_NEIGH_LEARNED] &&
		   nla_len(tb[OVX_A_NEIGH_LEARNED]) == 0,
		   "learnt bindings of a peer: PEER4 and the LEARNED flag");
	nlmsg_free(msg);

	{
		static const struct {
			const char *what;
			const char *net;
			int ifindex;
			int family;
			int kind;
			int err;
		} cases[] = {
			{ "port and peer", NULL, 3, AF_INET, 0, -EINVAL },
			{ "negative ifindex", NULL, -1, AF_UNSPEC, 0, -EINVAL },
			{ "peer of family 99", NULL, 0, 99, 0, -EAFNOSUPPORT },
			{ "empty net", "", 0, AF_UNSPEC, 0, -EINVAL },
			{ "unknown kind", NULL, 0, AF_UNSPEC, 3, -EINVAL },
		};
		size_t i;

		for (i = 0; i < ARRAY_SIZE(cases); i++) {
			struct ovx_neigh_filter bad = {
				.net = cases[i].net,
				.port_ifindex = cases[i].ifindex,
				.peer = { .family = cases[i].family },
				.kind = (enum ovx_neigh_kind)cases[i].kind,
			};

			msg = test_msg(OVX_CMD_NEIGH_GET);
			ret = ovx_neigh_put_filter(msg, &bad);
			ktap_check(ret == cases[i].err &&
				   test_count_attrs(msg) == 0,
				   "filter with %s: refused, nothing put (%d)",
				   cases[i].what, ret);
			nlmsg_free(msg);
		}
	}
}

static int count_cb(const struct ovx_neigh *n, void *arg)
{
	(void)n;
	++*(int *)arg;
	return 0;
}

static void test_args(void)
{
	struct ovx_neigh_filter bad;
	struct ovx_neigh n, big[2];
	struct ovx_addr a = { .family = AF_INET };
	struct ovx_addr none = { .family = AF_UNSPEC };
	struct ovx_ctx *ctx;
	int n_cb = 0;

	neigh_init(&n, "blue");
	n.port_ifindex = 1;
	ktap_check(ovx_neigh_add(NULL, &n) == -EINVAL &&
		   ovx_neigh_del(NULL, "blue", &a) == -EINVAL &&
		   ovx_neigh_get(NULL, "blue", &a, &n) == -EINVAL &&
		   ovx_neigh_dump(NULL, NULL, count_cb, &n_cb) == -EINVAL,
		   "neigh functions refuse a NULL context");

	if (ovx_nl_open_family(&ctx, "nlctrl", 2)) {
		ktap_skip("no generic netlink here",
			  "invalid arguments are refused before sending");
		ktap_skip("no generic netlink here",
			  "objects of an unknown newer version are refused");
		return;
	}
	OVX_INIT(&bad);
	bad.port_ifindex = 1;
	bad.peer.family = AF_INET;
	n.port_ifindex = 0;
	ktap_check(ovx_neigh_add(ctx, NULL) == -EINVAL &&
		   ovx_neigh_add(ctx, &n) == -EINVAL &&
		   ovx_neigh_del(ctx, "", &a) == -EINVAL &&
		   ovx_neigh_del(ctx, "blue", NULL) == -EINVAL &&
		   ovx_neigh_del(ctx, "blue", &none) == -EINVAL &&
		   ovx_neigh_get(ctx, NULL, &a, &n) == -EINVAL &&
		   ovx_neigh_get(ctx, "blue", &a, NULL) == -EINVAL &&
		   ovx_neigh_dump(ctx, NULL, NULL, NULL) == -EINVAL &&
		   ovx_neigh_dump(ctx, &bad, count_cb, &n_cb) == -EINVAL &&
		   !ovx_errmsg(ctx) && n_cb == 0,
		   "invalid arguments are refused before sending");

	/* A caller of a newer version setting a member unknown here. */
	memset(big, 0, sizeof(big));
	neigh_init(&big[0], "blue");
	big[0].port_ifindex = 1;
	big[0].size = sizeof(big);
	((unsigned char *)big)[sizeof(big[0]) + 4] = 1;
	ktap_check(ovx_neigh_add(ctx, &big[0]) == -EOPNOTSUPP,
		   "objects of an unknown newer version are refused");
	ovx_close(ctx);
}

int main(void)
{
	ktap_init();
	test_good();
	test_missing();
	test_two_of_a_kind();
	test_lengths();
	test_put();
	test_bad_bindings();
	test_put_filter();
	test_args();
	return ktap_finish();
}
