// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Unit tests of fdb.c: the parser of FDB messages on hand-built messages
 * (msg.h), the attributes of the fdb-new, dump and flush requests, and
 * the argument checks, which fail before anything is sent.
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
static const uint8_t peer6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };

#define OMIT(type) (1U << (type))
/* Destinations of put_fdb(); the default is a local port. */
#define PEER4 (1U << 20)
#define PEER6 (1U << 21)
#define EVENT (1U << 22)
#define REMOTE_PORT (1U << 23)	/* with PEER4 or PEER6: learnt from Geneve */

/* An FDB message as the kernel sends it, minus the @omit attributes. */
static void put_fdb(struct nl_msg *msg, unsigned int flags)
{
	uint32_t p4 = htonl(0xc0000202);	/* 192.0.2.2 */

	if (!(flags & OMIT(OVX_A_FDB_NET)))
		nla_put_string(msg, OVX_A_FDB_NET, "blue");
	if (!(flags & OMIT(OVX_A_FDB_VNI)))
		nla_put_u32(msg, OVX_A_FDB_VNI, 100);
	if (!(flags & OMIT(OVX_A_FDB_MAC)))
		nla_put(msg, OVX_A_FDB_MAC, 6, mac);
	if (flags & PEER4) {
		nla_put(msg, OVX_A_FDB_PEER4, 4, &p4);
	} else if (flags & PEER6) {
		nla_put(msg, OVX_A_FDB_PEER6, 16, peer6);
	} else {
		if (!(flags & OMIT(OVX_A_FDB_PORT_IFINDEX)))
			nla_put_u32(msg, OVX_A_FDB_PORT_IFINDEX, 12);
		if (!(flags & OMIT(OVX_A_FDB_PORT_IFNAME)))
			nla_put_string(msg, OVX_A_FDB_PORT_IFNAME, "tap0");
	}
	if (!(flags & OMIT(OVX_A_FDB_FLAGS)))
		nla_put_u32(msg, OVX_A_FDB_FLAGS,
			    flags & (PEER4 | PEER6) ? OVX_FDB_FLAGS_STATIC : 0);
	if (!(flags & OMIT(OVX_A_FDB_AGE)))
		nla_put_u32(msg, OVX_A_FDB_AGE, 12);
	if (flags & EVENT)
		nla_put_u32(msg, OVX_A_FDB_EVENT, OVX_FDB_EVENT_MOVED);
	if (flags & REMOTE_PORT)
		nla_put_u32(msg, OVX_A_FDB_REMOTE_PORT, 3);
}

static int parse_flags(unsigned int flags, struct ovx_fdb_entry *e,
		       uint32_t *event)
{
	struct nl_msg *msg = test_msg(OVX_CMD_FDB_GET);
	struct nlmsghdr *nlh;
	int ret;

	put_fdb(msg, flags);
	nlh = test_copy_out(msg);
	ret = ovx_fdb_parse(nlh, e, event);
	free(nlh);
	return ret;
}

/* A good message (of @flags) with @type added as @len bytes of @data. */
static int parse_with(unsigned int flags, int type, const void *data,
		      size_t len)
{
	struct nl_msg *msg = test_msg(OVX_CMD_FDB_GET);
	struct ovx_fdb_entry e;
	struct nlmsghdr *nlh;
	uint32_t event;
	int ret;

	put_fdb(msg, flags | OMIT(type));
	nla_put(msg, type, (int)len, data);
	nlh = test_copy_out(msg);
	ret = ovx_fdb_parse(nlh, &e, type == OVX_A_FDB_EVENT ? &event : NULL);
	free(nlh);
	return ret;
}

static void test_good(void)
{
	struct ovx_fdb_entry e;
	struct nl_msg *msg;
	struct nlmsghdr *nlh;
	uint32_t event = 99;
	int ret;

	ret = parse_flags(0, &e, NULL);
	ktap_check(ret == 0 && !strcmp(e.net, "blue") && e.vni == 100 &&
		   !memcmp(e.mac, mac, 6) && e.port_ifindex == 12 &&
		   !strcmp(e.port_name, "tap0") &&
		   e.peer.family == AF_UNSPEC && e.flags == 0 && e.age == 12,
		   "learnt entry on a local port: every field");

	ret = parse_flags(PEER4, &e, NULL);
	ktap_check(ret == 0 && e.port_ifindex == 0 && !e.port_name[0] &&
		   e.peer.family == AF_INET &&
		   e.peer.u.v4.s_addr == htonl(0xc0000202) &&
		   !e.peer.u.raw[4] && e.flags == OVX_FDB_ENTRY_STATIC,
		   "static entry on an IPv4 peer");

	ret = parse_flags(PEER6, &e, NULL);
	ktap_check(ret == 0 && e.peer.family == AF_INET6 &&
		   !memcmp(e.peer.u.raw, peer6, 16) && e.remote_port == 0,
		   "entry on an IPv6 peer, no remote port: 0");

	ret = parse_flags(PEER4 | REMOTE_PORT, &e, NULL);
	ktap_check(ret == 0 && e.peer.family == AF_INET &&
		   e.remote_port == 3,
		   "entry learnt from a Geneve peer: the remote port");

	ret = parse_flags(PEER6 | REMOTE_PORT | EVENT, &e, &event);
	ktap_check(ret == 0 && e.peer.family == AF_INET6 &&
		   e.remote_port == 3 && event == OVX_FDB_EVENT_MOVED,
		   "the remote port in a notification");
	event = 99;

	ret = parse_flags(OMIT(OVX_A_FDB_FLAGS), &e, NULL);
	ktap_check(ret == 0 && e.flags == 0, "flags are optional: 0 when absent");

	ret = parse_flags(EVENT, &e, &event);
	ktap_check(ret == 0 && event == OVX_FDB_EVENT_MOVED,
		   "the event is read when asked for");
	ret = parse_flags(EVENT, &e, NULL);
	ktap_check(ret == 0, "the event is ignored when not asked for");

	msg = test_msg(OVX_CMD_FDB_GET);
	put_fdb(msg, OMIT(OVX_A_FDB_FLAGS));
	nla_put_u32(msg, OVX_A_FDB_FLAGS, 0x80000001);
	nla_put_flag(msg, OVX_A_FDB_LEARNED);
	nla_put_u32(msg, OVX_A_FDB_MAX + 5, 1);
	nlh = test_copy_out(msg);
	ret = ovx_fdb_parse(nlh, &e, NULL);
	ktap_check(ret == 0 && e.flags == 0x80000001,
		   "unknown flag bits kept, unknown attribute ignored");
	free(nlh);
}

static void test_missing(void)
{
	static const struct {
		unsigned int flags;
		const char *what;
	} cases[] = {
		{ OMIT(OVX_A_FDB_NET), "net" },
		{ OMIT(OVX_A_FDB_VNI), "vni" },
		{ OMIT(OVX_A_FDB_MAC), "mac" },
		{ OMIT(OVX_A_FDB_AGE), "age" },
		{ OMIT(OVX_A_FDB_PORT_IFINDEX) | OMIT(OVX_A_FDB_PORT_IFNAME),
		  "any destination" },
		{ OMIT(OVX_A_FDB_PORT_IFINDEX), "port ifindex (name only)" },
		{ OMIT(OVX_A_FDB_PORT_IFNAME), "port name of a local entry" },
		{ PEER4 | OMIT(OVX_A_FDB_VNI), "vni of a remote entry" },
	};
	struct ovx_fdb_entry e;
	uint32_t event;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		ktap_check(parse_flags(cases[i].flags, &e, NULL) == -EBADMSG,
			   "missing %s: -EBADMSG", cases[i].what);
	ktap_check(parse_flags(REMOTE_PORT, &e, NULL) == -EBADMSG,
		   "a remote port on a local port's entry: -EBADMSG");
	ktap_check(parse_flags(0, &e, &event) == -EBADMSG,
		   "missing event where one is required: -EBADMSG");
}

static void test_two_destinations(void)
{
	static const uint8_t p4[4] = { 192, 0, 2, 2 };
	struct ovx_fdb_entry e;
	struct nl_msg *msg;
	struct nlmsghdr *nlh;
	int ret;

	msg = test_msg(OVX_CMD_FDB_GET);
	put_fdb(msg, 0);
	nla_put(msg, OVX_A_FDB_PEER4, 4, p4);
	nlh = test_copy_out(msg);
	ret = ovx_fdb_parse(nlh, &e, NULL);
	ktap_check(ret == -EBADMSG, "port and PEER4: -EBADMSG");
	free(nlh);

	msg = test_msg(OVX_CMD_FDB_GET);
	put_fdb(msg, PEER4);
	nla_put(msg, OVX_A_FDB_PEER6, 16, peer6);
	nlh = test_copy_out(msg);
	ret = ovx_fdb_parse(nlh, &e, NULL);
	ktap_check(ret == -EBADMSG, "PEER4 and PEER6: -EBADMSG");
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
		{ 0, OVX_A_FDB_NET, "", 1, "empty net" },
		{ 0, OVX_A_FDB_NET, "blue", 4, "net without NUL" },
		{ 0, OVX_A_FDB_NET, "thirty-two-characters-long-name!", 33,
		  "32-character net" },
		{ 0, OVX_A_FDB_VNI, zeros, 4, "vni 0" },
		{ 0, OVX_A_FDB_VNI, "\0\0\0\x01", 4, "vni above 16777215" },
		{ 0, OVX_A_FDB_VNI, zeros, 2, "2-byte vni" },
		{ 0, OVX_A_FDB_MAC, zeros, 5, "5-byte mac" },
		{ 0, OVX_A_FDB_MAC, zeros, 8, "8-byte mac" },
		{ 0, OVX_A_FDB_MAC, zeros, 0, "0-byte mac" },
		{ 0, OVX_A_FDB_PORT_IFINDEX, zeros, 4, "port ifindex 0" },
		{ 0, OVX_A_FDB_PORT_IFINDEX, zeros, 2, "2-byte port ifindex" },
		{ 0, OVX_A_FDB_PORT_IFINDEX, "\0\0\0\x80", 4,
		  "port ifindex above INT_MAX" },
		{ 0, OVX_A_FDB_PORT_IFNAME, "", 1, "empty port name" },
		{ 0, OVX_A_FDB_PORT_IFNAME, "sixteen-chars-xx", 17,
		  "16-character port name" },
		{ PEER4, OVX_A_FDB_PEER4, zeros, 3, "3-byte PEER4" },
		{ PEER4, OVX_A_FDB_PEER4, zeros, 16, "16-byte PEER4" },
		{ PEER6, OVX_A_FDB_PEER6, zeros, 4, "4-byte PEER6" },
		{ PEER6, OVX_A_FDB_PEER6, zeros, 17, "17-byte PEER6" },
		{ 0, OVX_A_FDB_FLAGS, zeros, 1, "1-byte flags" },
		{ 0, OVX_A_FDB_FLAGS, zeros, 8, "8-byte flags" },
		{ 0, OVX_A_FDB_AGE, zeros, 2, "2-byte age" },
		{ 0, OVX_A_FDB_EVENT, zeros, 1, "1-byte event" },
		{ 0, OVX_A_FDB_EVENT, zeros, 8, "8-byte event" },
		{ PEER4, OVX_A_FDB_REMOTE_PORT, zeros, 2, "2-byte remote port" },
		{ PEER6, OVX_A_FDB_REMOTE_PORT, zeros, 8, "8-byte remote port" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		ktap_check(parse_with(cases[i].flags, cases[i].type,
				      cases[i].data, cases[i].len) == -EBADMSG,
			   "%s: -EBADMSG", cases[i].what);
}

static void test_bad_messages(void)
{
	struct nl_msg *msg = test_msg(OVX_CMD_FDB_GET);
	struct ovx_fdb_entry e;
	struct nlmsghdr *nlh;
	struct nlattr *last;

	nlh = test_copy_out(msg);
	nlh->nlmsg_len = NLMSG_HDRLEN + 1;
	ktap_check(ovx_fdb_parse(nlh, &e, NULL) == -EBADMSG,
		   "message shorter than the genl header: -EBADMSG");
	free(nlh);

	msg = test_msg(OVX_CMD_FDB_GET);
	put_fdb(msg, 0);
	nlh = test_copy_out(msg);
	last = (struct nlattr *)((char *)nlh + nlh->nlmsg_len -
				 NLA_ALIGN(NLA_HDRLEN + 4));
	last->nla_len = NLA_HDRLEN + 12;
	ktap_check(ovx_fdb_parse(nlh, &e, NULL) == -EBADMSG,
		   "attribute running past the message: -EBADMSG");
	free(nlh);
}

static void entry_init(struct ovx_fdb_entry *e, const char *net)
{
	memset(e, 0, sizeof(*e));
	strncpy(e->net, net, sizeof(e->net));
	memcpy(e->mac, mac, 6);
}

static void test_put_entry(void)
{
	struct nlattr *tb[OVX_A_FDB_MAX + 1];
	struct ovx_fdb_entry e;
	struct nl_msg *msg;
	uint32_t p4 = htonl(0xc0000202);
	int ret;

	entry_init(&e, "blue");
	e.port_ifindex = 12;
	e.vni = 5;		/* not sent: the network says it */
	e.age = 3;
	e.flags = OVX_FDB_ENTRY_STATIC;
	msg = test_msg(OVX_CMD_FDB_NEW);
	ret = ovx_fdb_put_entry(msg, &e);
	ktap_check(ret == 0 && !test_parse_request(msg, tb, OVX_A_FDB_MAX) &&
		   test_count_attrs(msg) == 3 &&
		   test_attr_str_is(tb[OVX_A_FDB_NET], "blue") &&
		   test_attr_is(tb[OVX_A_FDB_MAC], mac, 6) &&
		   test_attr_u32_is(tb[OVX_A_FDB_PORT_IFINDEX], 12),
		   "fdb-new to a port: net, mac and port ifindex only");
	nlmsg_free(msg);

	entry_init(&e, "blue");
	e.peer.family = AF_INET;
	e.peer.u.v4.s_addr = p4;
	msg = test_msg(OVX_CMD_FDB_NEW);
	ret = ovx_fdb_put_entry(msg, &e);
	ktap_check(ret == 0 && !test_parse_request(msg, tb, OVX_A_FDB_MAX) &&
		   test_count_attrs(msg) == 3 &&
		   test_attr_is(tb[OVX_A_FDB_PEER4], &p4, 4),
		   "fdb-new to an IPv4 peer: PEER4 in network byte order");
	nlmsg_free(msg);

	entry_init(&e, "thirty-one-characters-long-name");
	e.peer.family = AF_INET6;
	memcpy(e.peer.u.raw, peer6, 16);
	msg = test_msg(OVX_CMD_FDB_NEW);
	ret = ovx_fdb_put_entry(msg, &e);
	ktap_check(ret == 0 && !test_parse_request(msg, tb, OVX_A_FDB_MAX) &&
		   test_count_attrs(msg) == 3 &&
		   test_attr_str_is(tb[OVX_A_FDB_NET],
				    "thirty-one-characters-long-name") &&
		   test_attr_is(tb[OVX_A_FDB_PEER6], peer6, 16),
		   "fdb-new to an IPv6 peer: PEER6");
	nlmsg_free(msg);
}

static void test_bad_entries(void)
{
	static const struct {
		const char *what;
		const char *net;
		int ifindex;
		int family;
		int err;
	} cases[] = {
		{ "no destination", "blue", 0, AF_UNSPEC, -EINVAL },
		{ "port and peer", "blue", 3, AF_INET, -EINVAL },
		{ "negative ifindex", "blue", -3, AF_UNSPEC, -EINVAL },
		{ "peer of family AF_PACKET", "blue", 0, 17, -EAFNOSUPPORT },
		{ "empty net", "", 3, AF_UNSPEC, -EINVAL },
	};
	struct ovx_fdb_entry e;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct nl_msg *msg = test_msg(OVX_CMD_FDB_NEW);
		int ret;

		entry_init(&e, cases[i].net);
		e.port_ifindex = cases[i].ifindex;
		e.peer.family = cases[i].family;
		ret = ovx_fdb_put_entry(msg, &e);
		ktap_check(ret == cases[i].err && test_count_attrs(msg) == 0,
			   "fdb-new with %s: refused, nothing put (%d)",
			   cases[i].what, ret);
		nlmsg_free(msg);
	}

	/* A name that fills the array without a NUL. */
	memset(e.net, 'x', sizeof(e.net));
	e.port_ifindex = 1;
	e.peer.family = AF_UNSPEC;
	{
		struct nl_msg *msg = test_msg(OVX_CMD_FDB_NEW);

		ktap_check(ovx_fdb_put_entry(msg, &e) == -EINVAL,
			   "fdb-new with an unterminated net name: -EINVAL");
		nlmsg_free(msg);
	}
}

static void test_put_filter(void)
{
	struct nlattr *tb[OVX_A_FDB_MAX + 1];
	struct ovx_fdb_filter f;
	struct nl_msg *msg;
	uint32_t p4 = htonl(0xc0000202);
	int ret;

	msg = test_msg(OVX_CMD_FDB_GET);
	ret = ovx_fdb_put_filter(msg, NULL, false);
	ktap_check(ret == 0 && test_count_attrs(msg) == 0,
		   "no filter: no attributes");
	nlmsg_free(msg);

	memset(&f, 0, sizeof(f));
	msg = test_msg(OVX_CMD_FDB_FLUSH);
	ret = ovx_fdb_put_filter(msg, &f, true);
	ktap_check(ret == 0 && test_count_attrs(msg) == 0,
		   "an all-zero filter: no attributes");
	nlmsg_free(msg);

	f.net = "blue";
	f.port_ifindex = 12;
	f.kind = OVX_FDB_KIND_STATIC;
	msg = test_msg(OVX_CMD_FDB_GET);
	ret = ovx_fdb_put_filter(msg, &f, false);
	ktap_check(ret == 0 && !test_parse_request(msg, tb, OVX_A_FDB_MAX) &&
		   test_count_attrs(msg) == 3 &&
		   test_attr_str_is(tb[OVX_A_FDB_NET], "blue") &&
		   test_attr_u32_is(tb[OVX_A_FDB_PORT_IFINDEX], 12) &&
		   test_attr_u32_is(tb[OVX_A_FDB_FLAGS], OVX_FDB_FLAGS_STATIC),
		   "dump of static entries of a net and port");
	nlmsg_free(msg);

	memset(&f, 0, sizeof(f));
	f.peer.family = AF_INET;
	f.peer.u.v4.s_addr = p4;
	f.kind = OVX_FDB_KIND_LEARNED;
	msg = test_msg(OVX_CMD_FDB_GET);
	ret = ovx_fdb_put_filter(msg, &f, false);
	ktap_check(ret == 0 && !test_parse_request(msg, tb, OVX_A_FDB_MAX) &&
		   test_count_attrs(msg) == 2 &&
		   test_attr_is(tb[OVX_A_FDB_PEER4], &p4, 4) &&
		   tb[OVX_A_FDB_LEARNED] && nla_len(tb[OVX_A_FDB_LEARNED]) == 0,
		   "dump of learnt entries of a peer: PEER4 and the LEARNED flag");
	nlmsg_free(msg);

	memset(&f, 0, sizeof(f));
	f.peer.family = AF_INET6;
	memcpy(f.peer.u.raw, peer6, 16);
	f.net = "red";
	msg = test_msg(OVX_CMD_FDB_FLUSH);
	ret = ovx_fdb_put_filter(msg, &f, true);
	ktap_check(ret == 0 && !test_parse_request(msg, tb, OVX_A_FDB_MAX) &&
		   test_count_attrs(msg) == 2 &&
		   test_attr_str_is(tb[OVX_A_FDB_NET], "red") &&
		   test_attr_is(tb[OVX_A_FDB_PEER6], peer6, 16),
		   "flush of a net's entries on an IPv6 peer");
	nlmsg_free(msg);

	memset(&f, 0, sizeof(f));
	f.net = "blue";
	f.kind = OVX_FDB_KIND_LEARNED;
	msg = test_msg(OVX_CMD_FDB_FLUSH);
	ret = ovx_fdb_put_filter(msg, &f, true);
	ktap_check(ret == 0 && !test_parse_request(msg, tb, OVX_A_FDB_MAX) &&
		   test_count_attrs(msg) == 2 &&
		   test_attr_str_is(tb[OVX_A_FDB_NET], "blue") &&
		   tb[OVX_A_FDB_LEARNED] && nla_len(tb[OVX_A_FDB_LEARNED]) == 0,
		   "flush of a net's learnt entries: NET and the LEARNED flag");
	nlmsg_free(msg);
}

static void test_bad_filters(void)
{
	static const struct {
		const char *what;
		const char *net;
		int ifindex;
		int family;
		int kind;
		bool flush;
		int err;
	} cases[] = {
		{ "port and peer", NULL, 3, AF_INET, 0, false, -EINVAL },
		{ "negative ifindex", NULL, -1, AF_UNSPEC, 0, false, -EINVAL },
		{ "peer of family 99", NULL, 0, 99, 0, false, -EAFNOSUPPORT },
		{ "empty net", "", 0, AF_UNSPEC, 0, false, -EINVAL },
		{ "32-character net", "thirty-two-characters-long-name!", 0,
		  AF_UNSPEC, 0, false, -EINVAL },
		{ "unknown kind", NULL, 0, AF_UNSPEC, 3, false, -EINVAL },
		{ "flush of static entries", NULL, 0, AF_UNSPEC,
		  OVX_FDB_KIND_STATIC, true, -EINVAL },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct nl_msg *msg = test_msg(OVX_CMD_FDB_GET);
		struct ovx_fdb_filter f = {
			.net = cases[i].net,
			.port_ifindex = cases[i].ifindex,
			.peer = { .family = cases[i].family },
			.kind = (enum ovx_fdb_kind)cases[i].kind,
		};
		int ret;

		ret = ovx_fdb_put_filter(msg, &f, cases[i].flush);
		ktap_check(ret == cases[i].err && test_count_attrs(msg) == 0,
			   "filter with %s: refused, nothing put (%d)",
			   cases[i].what, ret);
		nlmsg_free(msg);
	}
}

static int count_cb(const struct ovx_fdb_entry *e, void *arg)
{
	(void)e;
	++*(int *)arg;
	return 0;
}

static void test_args(void)
{
	struct ovx_fdb_filter bad = { .port_ifindex = 1,
				      .peer = { .family = AF_INET } };
	struct ovx_fdb_entry e;
	struct ovx_ctx *ctx;
	int n = 0;

	entry_init(&e, "blue");
	e.port_ifindex = 1;
	ktap_check(ovx_fdb_add(NULL, &e) == -EINVAL &&
		   ovx_fdb_del(NULL, "blue", mac) == -EINVAL &&
		   ovx_fdb_get(NULL, "blue", mac, &e) == -EINVAL &&
		   ovx_fdb_dump(NULL, NULL, count_cb, &n) == -EINVAL &&
		   ovx_fdb_flush(NULL, NULL) == -EINVAL,
		   "FDB functions refuse a NULL context");

	if (ovx_nl_open_family(&ctx, "nlctrl", 2)) {
		ktap_skip("no generic netlink here",
			  "invalid arguments are refused before sending");
		return;
	}
	e.port_ifindex = 0;
	ktap_check(ovx_fdb_add(ctx, NULL) == -EINVAL &&
		   ovx_fdb_add(ctx, &e) == -EINVAL &&
		   ovx_fdb_del(ctx, "", mac) == -EINVAL &&
		   ovx_fdb_del(ctx, "blue", NULL) == -EINVAL &&
		   ovx_fdb_get(ctx, NULL, mac, &e) == -EINVAL &&
		   ovx_fdb_get(ctx, "blue", mac, NULL) == -EINVAL &&
		   ovx_fdb_dump(ctx, NULL, NULL, NULL) == -EINVAL &&
		   ovx_fdb_dump(ctx, &bad, count_cb, &n) == -EINVAL &&
		   ovx_fdb_flush(ctx, &bad) == -EINVAL &&
		   !ovx_errmsg(ctx) && n == 0,
		   "invalid arguments are refused before sending");
	ovx_close(ctx);
}

int main(void)
{
	ktap_init();
	test_good();
	test_missing();
	test_two_destinations();
	test_lengths();
	test_bad_messages();
	test_put_entry();
	test_bad_entries();
	test_put_filter();
	test_bad_filters();
	test_args();
	return ktap_finish();
}
