// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Unit tests of peer.c: the parser of peer messages on hand-built
 * messages (msg.h), with their repeated NET attributes, the attributes of
 * the peer-new, peer-del and peer-get requests, and the argument checks,
 * which fail before anything is sent.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "msg.h"
#include "ktap.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const uint8_t addr6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };

#define OMIT(type) (1U << (type))
/* What put_peer() puts besides the defaults (IPv4, two networks). */
#define ADDR6 (1U << 20)	/* ADDR6 instead of ADDR4 */
#define NO_NETS (1U << 21)
#define STATS (1U << 22)

/* A peer message as the kernel sends it, minus the @omit attributes. */
static void put_peer(struct nl_msg *msg, unsigned int flags)
{
	uint32_t a4 = htonl(0xc0000202);	/* 192.0.2.2 */

	if (!(flags & OMIT(OVX_A_PEER_SWITCH_IFINDEX)))
		nla_put_u32(msg, OVX_A_PEER_SWITCH_IFINDEX, 7);
	if (!(flags & OMIT(OVX_A_PEER_SWITCH_IFNAME)))
		nla_put_string(msg, OVX_A_PEER_SWITCH_IFNAME, "ovx0");
	if (flags & ADDR6) {
		if (!(flags & OMIT(OVX_A_PEER_ADDR6)))
			nla_put(msg, OVX_A_PEER_ADDR6, 16, addr6);
	} else if (!(flags & OMIT(OVX_A_PEER_ADDR4))) {
		nla_put(msg, OVX_A_PEER_ADDR4, 4, &a4);
	}
	if (!(flags & NO_NETS)) {
		nla_put_string(msg, OVX_A_PEER_NET, "blue");
		nla_put_string(msg, OVX_A_PEER_NET,
			       "thirty-one-characters-long-name");
	}
	if (flags & STATS)
		test_put_stats(msg, OVX_A_PEER_STATS, 0);
}

static int parse_flags(unsigned int flags, struct ovx_peer *p)
{
	struct nl_msg *msg = test_msg(OVX_CMD_PEER_GET);
	struct nlmsghdr *nlh;
	int ret;

	put_peer(msg, flags);
	nlh = test_copy_out(msg);
	ret = ovx_peer_parse(nlh, p);
	free(nlh);
	return ret;
}

/*
 * A good message (of @flags) with @type added as @len bytes of @data;
 * the peer is cleared, and whether it held no memory on failure told.
 */
static int parse_with(unsigned int flags, int type, const void *data,
		      size_t len)
{
	struct nl_msg *msg = test_msg(OVX_CMD_PEER_GET);
	struct nlmsghdr *nlh;
	struct ovx_peer p;
	int ret;

	put_peer(msg, flags | (type == OVX_A_PEER_NET ? 0 : OMIT(type)));
	nla_put(msg, type, (int)len, data);
	nlh = test_copy_out(msg);
	ret = ovx_peer_parse(nlh, &p);
	free(nlh);
	if (ret && (p.nets || p.n_nets))
		ret = -EFAULT;	/* a failure must leave nothing behind */
	ovx_peer_clear(&p);
	return ret;
}

static void test_good(void)
{
	struct ovx_peer p;
	struct nl_msg *msg;
	struct nlmsghdr *nlh;
	int ret;

	ret = parse_flags(0, &p);
	ktap_check(ret == 0 && p.switch_ifindex == 7 &&
		   !strcmp(p.switch_name, "ovx0") && p.addr.family == AF_INET &&
		   p.addr.u.v4.s_addr == htonl(0xc0000202) &&
		   !p.addr.u.raw[4] && !p.addr.u.raw[15] && !p.has_stats,
		   "IPv4 peer: switch, address, rest of the union zeroed, no stats");
	ktap_check(ret == 0 && p.n_nets == 2 && !strcmp(p.nets[0], "blue") &&
		   !strcmp(p.nets[1], "thirty-one-characters-long-name"),
		   "both networks, in the kernel's order, 31 characters fit");
	ovx_peer_clear(&p);
	ktap_check(!p.nets && p.n_nets == 0 && p.switch_ifindex == 7,
		   "ovx_peer_clear() frees the networks, keeps the rest");
	ovx_peer_clear(&p);
	ovx_peer_clear(NULL);
	ktap_check(true, "clearing twice, or NULL, is harmless");

	ret = parse_flags(ADDR6 | NO_NETS | STATS, &p);
	ktap_check(ret == 0 && p.addr.family == AF_INET6 &&
		   !memcmp(p.addr.u.raw, addr6, 16) && p.n_nets == 0 &&
		   !p.nets && p.has_stats && test_stats_ok(&p.stats),
		   "IPv6 peer in no network, with its six counters");
	ovx_peer_clear(&p);

	/* Many networks, more than a page of them, and unknown attributes. */
	msg = nlmsg_alloc_size(65536);
	if (!msg || !genlmsg_put(msg, 1, 1, 0x20, 0, 0, OVX_CMD_PEER_GET, 1))
		abort();
	put_peer(msg, NO_NETS);
	{
		char name[OVX_NET_NAMSIZ];
		int i;

		for (i = 0; i < 500; i++) {
			snprintf(name, sizeof(name), "net%d", i);
			nla_put_string(msg, OVX_A_PEER_NET, name);
			nla_put_u32(msg, OVX_A_PEER_MAX + 3, (uint32_t)i);
		}
	}
	nlh = test_copy_out(msg);
	ret = ovx_peer_parse(nlh, &p);
	ktap_check(ret == 0 && p.n_nets == 500 && !strcmp(p.nets[0], "net0") &&
		   !strcmp(p.nets[499], "net499"),
		   "500 networks, unknown attributes between them ignored");
	ovx_peer_clear(&p);
	free(nlh);
}

static void test_missing(void)
{
	static const struct {
		unsigned int flags;
		const char *what;
	} cases[] = {
		{ OMIT(OVX_A_PEER_SWITCH_IFINDEX), "switch ifindex" },
		{ OMIT(OVX_A_PEER_SWITCH_IFNAME), "switch name" },
		{ OMIT(OVX_A_PEER_ADDR4), "address" },
	};
	struct ovx_peer p;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		ktap_check(parse_flags(cases[i].flags, &p) == -EBADMSG &&
			   !p.nets && !p.n_nets,
			   "missing %s: -EBADMSG, nothing allocated",
			   cases[i].what);
		ovx_peer_clear(&p);
	}
	ktap_check(parse_with(0, OVX_A_PEER_ADDR6, addr6, 16) == -EBADMSG,
		   "both ADDR4 and ADDR6: -EBADMSG");
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
		{ 0, OVX_A_PEER_SWITCH_IFINDEX, zeros, 4, "switch ifindex 0" },
		{ 0, OVX_A_PEER_SWITCH_IFINDEX, zeros, 2,
		  "2-byte switch ifindex" },
		{ 0, OVX_A_PEER_SWITCH_IFINDEX, "\0\0\0\x80", 4,
		  "switch ifindex above INT_MAX" },
		{ 0, OVX_A_PEER_SWITCH_IFNAME, "", 1, "empty switch name" },
		{ 0, OVX_A_PEER_SWITCH_IFNAME, "ovx0", 4,
		  "switch name without NUL" },
		{ 0, OVX_A_PEER_SWITCH_IFNAME, "sixteen-chars-xx", 17,
		  "16-character switch name" },
		{ 0, OVX_A_PEER_ADDR4, zeros, 3, "3-byte ADDR4" },
		{ 0, OVX_A_PEER_ADDR4, zeros, 16, "16-byte ADDR4" },
		{ ADDR6, OVX_A_PEER_ADDR6, zeros, 4, "4-byte ADDR6" },
		{ ADDR6, OVX_A_PEER_ADDR6, zeros, 17, "17-byte ADDR6" },
		/* After two good networks: the array must be freed. */
		{ 0, OVX_A_PEER_NET, "", 1, "empty network name" },
		{ 0, OVX_A_PEER_NET, "red", 3, "network name without NUL" },
		{ 0, OVX_A_PEER_NET, "thirty-two-characters-long-name!", 33,
		  "32-character network name" },
		{ 0, OVX_A_PEER_NET, zeros, 0, "network of 0 bytes" },
		{ 0, OVX_A_PEER_STATS, zeros, 0, "empty stats nest" },
		{ 0, OVX_A_PEER_STATS, zeros, 3,
		  "stats nest of 3 stray bytes" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		ktap_check(parse_with(cases[i].flags, cases[i].type,
				      cases[i].data, cases[i].len) == -EBADMSG,
			   "%s: -EBADMSG, nothing allocated", cases[i].what);
}

/* A good message but for its stats nest, built by @fn. */
static int parse_stats_with(void (*fn)(struct nl_msg *msg, int type))
{
	struct nl_msg *msg = test_msg(OVX_CMD_PEER_GET);
	struct nlmsghdr *nlh;
	struct ovx_peer p;
	int ret;

	put_peer(msg, 0);
	fn(msg, OVX_A_PEER_STATS);
	nlh = test_copy_out(msg);
	ret = ovx_peer_parse(nlh, &p);
	free(nlh);
	ovx_peer_clear(&p);
	return ret;
}

static void put_stats_without_tx_dropped(struct nl_msg *msg, int type)
{
	test_put_stats(msg, type, OVX_A_STATS_TX_DROPPED);
}

static void test_stats(void)
{
	ktap_check(parse_stats_with(put_stats_without_tx_dropped) == -EBADMSG,
		   "stats without tx_dropped: -EBADMSG");
	ktap_check(parse_stats_with(test_put_short_stats) == -EBADMSG,
		   "stats with a 4-byte counter: -EBADMSG");
	ktap_check(parse_stats_with(test_put_overrun_stats) == -EBADMSG,
		   "stats counter running past its nest: -EBADMSG");
}

static void test_bad_messages(void)
{
	struct nl_msg *msg = test_msg(OVX_CMD_PEER_GET);
	struct nlmsghdr *nlh;
	struct nlattr *last;
	struct ovx_peer p;

	nlh = test_copy_out(msg);
	nlh->nlmsg_len = NLMSG_HDRLEN + 1;
	ktap_check(ovx_peer_parse(nlh, &p) == -EBADMSG,
		   "message shorter than the genl header: -EBADMSG");
	free(nlh);

	/* The last network runs past the end of the message. */
	msg = test_msg(OVX_CMD_PEER_GET);
	put_peer(msg, NO_NETS);
	nla_put_string(msg, OVX_A_PEER_NET, "red");
	nlh = test_copy_out(msg);
	last = (struct nlattr *)((char *)nlh + nlh->nlmsg_len -
				 NLA_ALIGN(NLA_HDRLEN + 4));
	last->nla_len = NLA_HDRLEN + 12;
	ktap_check(ovx_peer_parse(nlh, &p) == -EBADMSG && !p.nets,
		   "network running past the message: -EBADMSG");
	free(nlh);
}

/* The NET attributes of @msg, in order, joined with commas. */
static void nets_of(struct nl_msg *msg, char *buf, size_t size)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *nla;
	int rem;

	buf[0] = '\0';
	nla_for_each_attr(nla, genlmsg_attrdata(nlmsg_data(nlh), 0),
			  genlmsg_attrlen(nlmsg_data(nlh), 0), rem) {
		if (nla_type(nla) != OVX_A_PEER_NET)
			continue;
		if (buf[0])
			strncat(buf, ",", size - strlen(buf) - 1);
		strncat(buf, nla_data(nla), size - strlen(buf) - 1);
	}
}

static void test_put(void)
{
	static const char *const nets[] = { "blue", "red", "blue" };
	struct nlattr *tb[OVX_A_PEER_MAX + 1];
	struct ovx_addr a = { .family = AF_INET };
	struct nl_msg *msg;
	char got[128];
	int ret;

	a.u.v4.s_addr = htonl(0xc0000202);
	msg = test_msg(OVX_CMD_PEER_NEW);
	ret = ovx_peer_put(msg, 7, &a, NULL, 0);
	ktap_check(ret == 0 && !test_parse_request(msg, tb, OVX_A_PEER_MAX) &&
		   test_count_attrs(msg) == 2 &&
		   test_attr_u32_is(tb[OVX_A_PEER_SWITCH_IFINDEX], 7) &&
		   test_attr_is(tb[OVX_A_PEER_ADDR4], &a.u.v4, 4),
		   "no networks: switch ifindex and ADDR4 in network byte order only");
	nlmsg_free(msg);

	msg = test_msg(OVX_CMD_PEER_DEL);
	ret = ovx_peer_put(msg, 7, &a, nets, ARRAY_SIZE(nets));
	nets_of(msg, got, sizeof(got));
	ktap_check(ret == 0 && test_count_attrs(msg) == 5 &&
		   !strcmp(got, "blue,red,blue"),
		   "one NET per name, in order, repeats kept (%s)", got);
	nlmsg_free(msg);

	a.family = AF_INET6;
	memcpy(a.u.raw, addr6, 16);
	msg = test_msg(OVX_CMD_PEER_GET);
	ret = ovx_peer_put(msg, 1, &a, nets, 1);
	ktap_check(ret == 0 && !test_parse_request(msg, tb, OVX_A_PEER_MAX) &&
		   test_count_attrs(msg) == 3 && !tb[OVX_A_PEER_ADDR4] &&
		   test_attr_is(tb[OVX_A_PEER_ADDR6], addr6, 16) &&
		   test_attr_str_is(tb[OVX_A_PEER_NET], "blue"),
		   "IPv6 peer: ADDR6");
	nlmsg_free(msg);
}

/* More networks than a default message holds: it grows. */
static void test_put_many(void)
{
	enum { N = 1000 };
	char (*names)[OVX_NET_NAMSIZ] = calloc(N, sizeof(*names));
	const char **nets = calloc(N, sizeof(*nets));
	struct ovx_addr a = { .family = AF_INET };
	struct nlmsghdr *nlh;
	struct nl_msg *msg;
	struct ovx_peer p;
	int i, ret;

	if (!names || !nets)
		abort();
	for (i = 0; i < N; i++) {
		snprintf(names[i], sizeof(names[i]),
			 "network-with-a-long-name-%04hu", (unsigned short)i);
		nets[i] = names[i];
	}
	msg = test_msg(OVX_CMD_PEER_NEW);
	ret = ovx_peer_put(msg, 7, &a, nets, N);
	ktap_check(ret == 0 && test_count_attrs(msg) == N + 2,
		   "%d networks of 29 characters fit in one request (%d)", N,
		   ret);

	/* The request parses as a reply would, but for the switch name. */
	if (nlmsg_expand(msg, nlmsg_get_max_size(msg) + 64) ||
	    nla_put_string(msg, OVX_A_PEER_SWITCH_IFNAME, "ovx0"))
		abort();
	nlh = test_copy_out(msg);
	ret = ovx_peer_parse(nlh, &p);
	ktap_check(ret == 0 && p.n_nets == N &&
		   !strcmp(p.nets[N - 1], names[N - 1]),
		   "and read back in order");
	ovx_peer_clear(&p);
	free(nlh);
	free(nets);
	free(names);
}

static void test_bad_args(void)
{
	static const char *const good[] = { "blue" };
	static const char *const empty[] = { "blue", "" };
	static const char *const too_long[] = {
		"thirty-two-characters-long-name!"
	};
	static const char *const null_name[] = { NULL };
	static const struct {
		const char *what;
		int ifindex;
		int family;
		const char *const *nets;
		size_t n;
		int err;
	} cases[] = {
		{ "switch ifindex 0", 0, AF_INET, NULL, 0, -EINVAL },
		{ "negative switch ifindex", -1, AF_INET, NULL, 0, -EINVAL },
		{ "no address", 7, AF_UNSPEC, NULL, 0, -EINVAL },
		{ "an address of family 17", 7, 17, NULL, 0, -EAFNOSUPPORT },
		{ "NULL networks", 7, AF_INET, NULL, 1, -EINVAL },
		{ "an empty network name", 7, AF_INET, empty, 2, -EINVAL },
		{ "a 32-character network name", 7, AF_INET, too_long, 1,
		  -EINVAL },
		{ "a NULL network name", 7, AF_INET, null_name, 1, -EINVAL },
		{ "a good name but family 99", 7, 99, good, 1, -EAFNOSUPPORT },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct nl_msg *msg = test_msg(OVX_CMD_PEER_NEW);
		struct ovx_addr a = { .family = cases[i].family };
		int ret;

		ret = ovx_peer_put(msg, cases[i].ifindex, &a, cases[i].nets,
				   cases[i].n);
		ktap_check(ret == cases[i].err && test_count_attrs(msg) == 0,
			   "peer request with %s: refused, nothing put (%d)",
			   cases[i].what, ret);
		nlmsg_free(msg);
	}
	{
		struct nl_msg *msg = test_msg(OVX_CMD_PEER_NEW);

		ktap_check(ovx_peer_put(msg, 7, NULL, NULL, 0) == -EINVAL &&
			   test_count_attrs(msg) == 0,
			   "peer request with a NULL address: -EINVAL");
		nlmsg_free(msg);
	}
}

static int count_cb(const struct ovx_peer *p, void *arg)
{
	(void)p;
	++*(int *)arg;
	return 0;
}

static void test_args(void)
{
	static const char *const bad_nets[] = { "" };
	struct ovx_addr a = { .family = AF_INET }, none = { 0 };
	struct ovx_peer p = { .size = sizeof(p), .n_nets = 3 };
	struct ovx_ctx *ctx;
	int n = 0;

	ktap_check(ovx_peer_add(NULL, 1, &a, NULL, 0) == -EINVAL &&
		   ovx_peer_del(NULL, 1, &a, NULL, 0) == -EINVAL &&
		   ovx_peer_get(NULL, 1, &a, &p) == -EINVAL &&
		   ovx_peer_dump(NULL, 0, count_cb, &n) == -EINVAL,
		   "peer functions refuse a NULL context");

	if (ovx_nl_open_family(&ctx, "nlctrl", 2)) {
		ktap_skip("no generic netlink here",
			  "invalid arguments are refused before sending");
		return;
	}
	/* Switch 0 would be looked up first: these fail before that. */
	ktap_check(ovx_peer_add(ctx, 0, NULL, NULL, 0) == -EINVAL &&
		   ovx_peer_add(ctx, 0, &none, NULL, 0) == -EINVAL &&
		   ovx_peer_add(ctx, -1, &a, NULL, 0) == -EINVAL &&
		   ovx_peer_add(ctx, 0, &a, bad_nets, 1) == -EINVAL &&
		   ovx_peer_add(ctx, 0, &a, NULL, 2) == -EINVAL &&
		   ovx_peer_del(ctx, 0, &none, NULL, 0) == -EINVAL &&
		   ovx_peer_del(ctx, 3, &a, bad_nets, 1) == -EINVAL &&
		   ovx_peer_get(ctx, 0, &a, NULL) == -EINVAL &&
		   ovx_peer_dump(ctx, 0, NULL, NULL) == -EINVAL &&
		   ovx_peer_dump(ctx, -2, count_cb, &n) == -EINVAL &&
		   !ovx_errmsg(ctx) && n == 0,
		   "invalid arguments are refused before sending");
	none.family = 42;
	ktap_check(ovx_peer_add(ctx, 0, &none, NULL, 0) == -EAFNOSUPPORT &&
		   ovx_peer_get(ctx, 0, &none, &p) == -EAFNOSUPPORT &&
		   !p.nets && !p.n_nets,
		   "an unknown family: -EAFNOSUPPORT, the peer of get zeroed");
	p.size = sizeof(p) - 1;
	ktap_check(ovx_peer_get(ctx, 0, &a, &p) == -EINVAL,
		   "a peer smaller than its first version: -EINVAL");
	ovx_close(ctx);
}

int main(void)
{
	ktap_init();
	test_good();
	test_missing();
	test_lengths();
	test_stats();
	test_bad_messages();
	test_put();
	test_put_many();
	test_bad_args();
	test_args();
	return ktap_finish();
}
