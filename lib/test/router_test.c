// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Unit tests of router.c and route.c: the default MAC address (FNV-1a
 * test vectors), the parsers of router and route messages on hand-built
 * messages (msg.h), the attributes of router-new, router-attach and
 * route requests, and the argument checks, which fail before anything is
 * sent.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "msg.h"
#include "ktap.h"

static const uint8_t rmac[6] = { 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 };
static const uint8_t gw6[16] = { 0xfd, 0, 0, 1, [15] = 1 };

#define OMIT(type) (1U << (type))
#define NO_DROP_REASON (1U << 20)	/* drops without icmp-ratelimited */
#define BAD_PLEN (1U << 21)		/* an IPv4 address with length 33 */
#define TOO_MANY (1U << 22)		/* 9 addresses on one interface */

static void put_raddr(struct nl_msg *msg, int type, int family,
		      const void *a, uint8_t len)
{
	struct nlattr *nest = nla_nest_start(msg, type);

	if (family == AF_INET)
		nla_put(msg, OVX_A_ROUTER_ADDR_ADDR4, 4, a);
	else
		nla_put(msg, OVX_A_ROUTER_ADDR_ADDR6, 16, a);
	nla_put_u8(msg, OVX_A_ROUTER_ADDR_PREFIX_LEN, len);
	nla_nest_end(msg, nest);
}

/* A router message as the kernel sends it, minus the OMIT() ones. */
static void put_router(struct nl_msg *msg, unsigned int flags)
{
	uint32_t gw4 = htonl(0x0a010001), gw4b = htonl(0x0a020001);
	struct nlattr *nest;
	int i;

	if (!(flags & OMIT(OVX_A_ROUTER_SWITCH_IFINDEX)))
		nla_put_u32(msg, OVX_A_ROUTER_SWITCH_IFINDEX, 7);
	if (!(flags & OMIT(OVX_A_ROUTER_SWITCH_IFNAME)))
		nla_put_string(msg, OVX_A_ROUTER_SWITCH_IFNAME, "ovx0");
	if (!(flags & OMIT(OVX_A_ROUTER_NAME)))
		nla_put_string(msg, OVX_A_ROUTER_NAME, "r1");
	if (!(flags & OMIT(OVX_A_ROUTER_MAC)))
		nla_put(msg, OVX_A_ROUTER_MAC, 6, rmac);
	if (!(flags & OMIT(OVX_A_ROUTER_INTERFACE))) {
		nest = nla_nest_start(msg, OVX_A_ROUTER_INTERFACE);
		nla_put_string(msg, OVX_A_ROUTER_IF_NET, "blue");
		nla_put_u32(msg, OVX_A_ROUTER_IF_VNI, 100);
		put_raddr(msg, OVX_A_ROUTER_IF_ADDR, AF_INET, &gw4,
			  flags & BAD_PLEN ? 33 : 24);
		put_raddr(msg, OVX_A_ROUTER_IF_ADDR, AF_INET6, gw6, 64);
		if (flags & TOO_MANY)
			for (i = 0; i < 7; i++)
				put_raddr(msg, OVX_A_ROUTER_IF_ADDR, AF_INET,
					  &gw4, 24);
		nla_nest_end(msg, nest);
		nest = nla_nest_start(msg, OVX_A_ROUTER_INTERFACE);
		nla_put_string(msg, OVX_A_ROUTER_IF_NET, "red");
		nla_put_u32(msg, OVX_A_ROUTER_IF_VNI, 200);
		put_raddr(msg, OVX_A_ROUTER_IF_ADDR, AF_INET, &gw4b, 16);
		nla_nest_end(msg, nest);
	}
	if (!(flags & OMIT(OVX_A_ROUTER_STATS)))
		test_put_stats(msg, OVX_A_ROUTER_STATS, 0);
	if (!(flags & OMIT(OVX_A_ROUTER_DROPS))) {
		nest = nla_nest_start(msg, OVX_A_ROUTER_DROPS);
		nla_put(msg, OVX_A_ROUTER_DROPS_PAD, 0, NULL);
		for (i = OVX_A_ROUTER_DROPS_NO_ROUTE;
		     i <= OVX_A_ROUTER_DROPS_ICMP_RATELIMITED; i++)
			if (!(flags & NO_DROP_REASON) ||
			    i != OVX_A_ROUTER_DROPS_ICMP_RATELIMITED)
				nla_put_u64(msg, i, 10ULL * i + (1ULL << 33));
		nla_nest_end(msg, nest);
	}
}

static int parse_router(unsigned int flags, struct ovx_router *r)
{
	struct nl_msg *msg = test_msg(OVX_CMD_ROUTER_GET);
	struct nlmsghdr *nlh;
	int ret;

	put_router(msg, flags);
	nlh = test_copy_out(msg);
	ret = ovx_router_parse(nlh, r);
	free(nlh);
	return ret;
}

static void test_default_mac(void)
{
	/* FNV-1a 64: "a" 0xaf63dc4c8601ec8c, "foobar" 0x85944171f73967e8. */
	static const uint8_t a[6] = { 0x02, 0x4c, 0x86, 0x01, 0xec, 0x8c };
	static const uint8_t foobar[6] = { 0x02, 0x71, 0xf7, 0x39, 0x67,
					   0xe8 };
	uint8_t m[6], m2[6];

	ktap_check(!ovx_router_default_mac("a", m) && !memcmp(m, a, 6),
		   "default MAC of \"a\": 02 and the low five bytes of FNV-1a 64");
	ktap_check(!ovx_router_default_mac("foobar", m) &&
		   !memcmp(m, foobar, 6),
		   "default MAC of \"foobar\": 02:71:f7:39:67:e8");
	ktap_check(!ovx_router_default_mac("r1", m) &&
		   !ovx_router_default_mac("r1", m2) && !memcmp(m, m2, 6) &&
		   !ovx_router_default_mac("r2", m2) && memcmp(m, m2, 6) &&
		   !(m[0] & 1) && (m[0] & 2),
		   "stable, differs by name, locally administered unicast");
	ktap_check(ovx_router_default_mac(NULL, m) == -EINVAL &&
		   ovx_router_default_mac("", m) == -EINVAL &&
		   ovx_router_default_mac("r1", NULL) == -EINVAL,
		   "default MAC: no name, an empty one or no buffer: -EINVAL");
}

static void test_parse_router(void)
{
	struct ovx_router r;
	const struct ovx_router_if *i0, *i1;
	int ret, i;
	bool drops_ok = true;

	ret = parse_router(0, &r);
	i0 = r.interfaces;
	i1 = r.interfaces ? r.interfaces + 1 : NULL;
	ktap_check(ret == 0 && r.size == sizeof(r) && !strcmp(r.name, "r1") &&
		   r.switch_ifindex == 7 && !strcmp(r.switch_name, "ovx0") &&
		   !memcmp(r.mac, rmac, 6) && r.n_interfaces == 2 && i0 &&
		   !strcmp(i0->net, "blue") && i0->vni == 100 &&
		   i0->n_addrs == 2 &&
		   i0->addrs[0].addr.family == AF_INET &&
		   i0->addrs[0].addr.u.v4.s_addr == htonl(0x0a010001) &&
		   i0->addrs[0].len == 24 &&
		   i0->addrs[1].addr.family == AF_INET6 &&
		   !memcmp(i0->addrs[1].addr.u.raw, gw6, 16) &&
		   i0->addrs[1].len == 64 &&
		   !strcmp(i1->net, "red") && i1->vni == 200 &&
		   i1->n_addrs == 1 && i1->addrs[0].len == 16,
		   "a router with two interfaces, IPv4 and IPv6 gateways");
	for (i = 0; i < OVX_ROUTER_DROPS_CAP; i++)
		if (r.drops.v[i] != (i < 7 ? 10ULL * (i + 2) + (1ULL << 33) :
					     0))
			drops_ok = false;
	ktap_check(ret == 0 && r.has_stats && test_stats_ok(&r.stats) &&
		   r.has_drops && r.drops.n == 7 && drops_ok &&
		   r.drops.v[OVX_RDROP_ICMP_RATELIMITED] ==
		   10ULL * OVX_A_ROUTER_DROPS_ICMP_RATELIMITED + (1ULL << 33),
		   "its six counters and seven drop reasons, in order");
	ovx_router_clear(&r);
	ovx_router_clear(&r);
	ktap_check(!r.interfaces && !r.n_interfaces && !strcmp(r.name, "r1"),
		   "ovx_router_clear() frees the interfaces, twice is harmless");

	ret = parse_router(OMIT(OVX_A_ROUTER_INTERFACE) |
			   OMIT(OVX_A_ROUTER_STATS) |
			   OMIT(OVX_A_ROUTER_DROPS), &r);
	ktap_check(ret == 0 && !r.interfaces && !r.n_interfaces &&
		   !r.has_stats && !r.has_drops,
		   "a router without interfaces, stats or drops");

	ktap_check(parse_router(OMIT(OVX_A_ROUTER_NAME), &r) == -EBADMSG &&
		   parse_router(OMIT(OVX_A_ROUTER_MAC), &r) == -EBADMSG &&
		   parse_router(OMIT(OVX_A_ROUTER_SWITCH_IFINDEX), &r) ==
		   -EBADMSG &&
		   !r.interfaces,
		   "no name, MAC or switch: -EBADMSG");
	ktap_check(parse_router(NO_DROP_REASON, &r) == -EBADMSG &&
		   !r.interfaces,
		   "a drop reason missing: -EBADMSG, nothing held");
	ktap_check(parse_router(BAD_PLEN, &r) == -EBADMSG && !r.interfaces,
		   "an IPv4 prefix of 33: -EBADMSG, nothing held");
	ktap_check(parse_router(TOO_MANY, &r) == -EBADMSG && !r.interfaces,
		   "more addresses than an interface holds: -EBADMSG");
	ktap_check(ovx_router_drop_name(OVX_RDROP_NO_ROUTE) &&
		   !strcmp(ovx_router_drop_name(OVX_RDROP_NO_ROUTE),
			   "no_route") &&
		   !strcmp(ovx_router_drop_name(OVX_RDROP_NO_NEIGH),
			   "no_neigh") &&
		   !strcmp(ovx_router_drop_name(OVX_RDROP_TTL_EXCEEDED),
			   "ttl_exceeded") &&
		   !strcmp(ovx_router_drop_name(OVX_RDROP_BAD_HEADER),
			   "bad_header") &&
		   !strcmp(ovx_router_drop_name(OVX_RDROP_NOT_ROUTABLE),
			   "not_routable") &&
		   !strcmp(ovx_router_drop_name(OVX_RDROP_TO_ROUTER),
			   "to_router") &&
		   !strcmp(ovx_router_drop_name(OVX_RDROP_ICMP_RATELIMITED),
			   "icmp_ratelimited") &&
		   !ovx_router_drop_name(7),
		   "drop reason names, NULL past the last");
}

static void test_put_config(void)
{
	struct nlattr *tb[OVX_A_ROUTER_MAX + 1];
	struct ovx_router_config cfg;
	uint8_t def[6];
	struct nl_msg *msg;
	int ret;

	ovx_router_config_init(&cfg, "r1");
	ovx_router_default_mac("r1", def);
	msg = test_msg(OVX_CMD_ROUTER_NEW);
	ret = ovx_router_put_config(msg, &cfg, 7);
	ktap_check(ret == 0 && !test_parse_request(msg, tb, OVX_A_ROUTER_MAX) &&
		   test_count_attrs(msg) == 3 &&
		   test_attr_u32_is(tb[OVX_A_ROUTER_SWITCH_IFINDEX], 7) &&
		   test_attr_str_is(tb[OVX_A_ROUTER_NAME], "r1") &&
		   test_attr_is(tb[OVX_A_ROUTER_MAC], def, 6),
		   "router-new without a MAC sends the default one");
	nlmsg_free(msg);

	cfg.has_mac = true;
	memcpy(cfg.mac, rmac, 6);
	cfg.switch_name = "ovx1";
	msg = test_msg(OVX_CMD_ROUTER_NEW);
	ret = ovx_router_put_config(msg, &cfg, 0);
	ktap_check(ret == 0 && !test_parse_request(msg, tb, OVX_A_ROUTER_MAX) &&
		   test_count_attrs(msg) == 3 &&
		   test_attr_str_is(tb[OVX_A_ROUTER_SWITCH_IFNAME], "ovx1") &&
		   test_attr_is(tb[OVX_A_ROUTER_MAC], rmac, 6),
		   "router-new with a MAC and a switch by name");
	nlmsg_free(msg);

	msg = test_msg(OVX_CMD_ROUTER_NEW);
	cfg.mac[0] = 0x03;
	ret = ovx_router_put_config(msg, &cfg, 7);
	memset(cfg.mac, 0, 6);
	ktap_check(ret == -EINVAL &&
		   ovx_router_put_config(msg, &cfg, 7) == -EINVAL &&
		   test_count_attrs(msg) == 0,
		   "a multicast or zero MAC: -EINVAL, nothing put");
	ovx_router_config_init(&cfg, "r/1");
	ktap_check(ovx_router_put_config(msg, &cfg, 7) == -EINVAL,
		   "a name with '/': -EINVAL");
	ovx_router_config_init(&cfg, "thirty-two-characters-long-name!");
	ktap_check(ovx_router_put_config(msg, &cfg, 7) == -EINVAL,
		   "a name of 32 characters: -EINVAL");
	nlmsg_free(msg);
}

/* The router-addr nests of @msg, parsed back. */
static size_t parsed_addrs(struct nl_msg *msg, struct ovx_prefix *out,
			   size_t max)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *nla;
	size_t n = 0;
	int rem;

	nla_for_each_attr(nla, genlmsg_attrdata(nlmsg_data(nlh), 0),
			  genlmsg_attrlen(nlmsg_data(nlh), 0), rem)
		if (nla_type(nla) == OVX_A_ROUTER_ADDR && n < max &&
		    !ovx_prefix_parse(nla, &out[n]))
			n++;
	return n;
}

static void test_put_attach(void)
{
	struct nlattr *tb[OVX_A_ROUTER_MAX + 1];
	struct ovx_prefix p[OVX_ROUTER_IF_ADDRS_MAX + 1], back[4];
	struct nl_msg *msg;
	int ret, i;

	memset(p, 0, sizeof(p));
	p[0].addr.family = AF_INET;
	p[0].addr.u.v4.s_addr = htonl(0x0a010001);
	p[0].len = 24;
	p[1].addr.family = AF_INET6;
	memcpy(p[1].addr.u.raw, gw6, 16);
	p[1].len = 64;
	msg = test_msg(OVX_CMD_ROUTER_ATTACH);
	ret = ovx_router_put_attach(msg, "r1", "blue", p, 2);
	ktap_check(ret == 0 && !test_parse_request(msg, tb, OVX_A_ROUTER_MAX) &&
		   test_count_attrs(msg) == 4 &&
		   test_attr_str_is(tb[OVX_A_ROUTER_NAME], "r1") &&
		   test_attr_str_is(tb[OVX_A_ROUTER_NET], "blue") &&
		   parsed_addrs(msg, back, 4) == 2 &&
		   !memcmp(&back[0], &p[0], sizeof(p[0])) &&
		   !memcmp(&back[1], &p[1], sizeof(p[1])),
		   "router-attach: name, net and one addr nest per address");
	nlmsg_free(msg);

	msg = test_msg(OVX_CMD_ROUTER_ATTACH);
	for (i = 2; i <= OVX_ROUTER_IF_ADDRS_MAX; i++)
		p[i] = p[0];
	ktap_check(ovx_router_put_attach(msg, "r1", "blue", p, 0) == -EINVAL &&
		   ovx_router_put_attach(msg, "r1", "blue", NULL, 1) ==
		   -EINVAL &&
		   ovx_router_put_attach(msg, "r1", "blue", p,
					 OVX_ROUTER_IF_ADDRS_MAX + 1) ==
		   -EINVAL &&
		   ovx_router_put_attach(msg, "r1", "", p, 1) == -EINVAL &&
		   ovx_router_put_attach(msg, "r 1", "blue", p, 1) == -EINVAL &&
		   test_count_attrs(msg) == 0,
		   "router-attach without addresses, with too many or bad names: -EINVAL");
	p[0].len = 33;
	ktap_check(ovx_router_put_attach(msg, "r1", "blue", p, 1) == -EINVAL,
		   "an IPv4 prefix length of 33: -EINVAL");
	p[0].len = 24;
	p[1].len = 129;
	ktap_check(ovx_router_put_attach(msg, "r1", "blue", p, 2) == -EINVAL,
		   "an IPv6 prefix length of 129: -EINVAL");
	p[1].addr.family = AF_UNIX;
	p[1].len = 1;
	ktap_check(ovx_router_put_attach(msg, "r1", "blue", p, 2) ==
		   -EAFNOSUPPORT && test_count_attrs(msg) == 0,
		   "an unknown family: -EAFNOSUPPORT");
	nlmsg_free(msg);
}

#define VIA4 (1U << 20)
#define VIA6 (1U << 21)
#define PFX6 (1U << 22)

static void put_route(struct nl_msg *msg, unsigned int flags)
{
	uint32_t p4 = htonl(0x0a090000), v4 = htonl(0x0a010005);
	static const uint8_t p6[16] = { 0xfd, 0, 0, 9 };
	static const uint8_t v6[16] = { 0xfd, 0, 0, 1, [15] = 5 };

	if (!(flags & OMIT(OVX_A_ROUTE_ROUTER)))
		nla_put_string(msg, OVX_A_ROUTE_ROUTER, "r1");
	if (flags & PFX6)
		nla_put(msg, OVX_A_ROUTE_ADDR6, 16, p6);
	else if (!(flags & OMIT(OVX_A_ROUTE_ADDR4)))
		nla_put(msg, OVX_A_ROUTE_ADDR4, 4, &p4);
	if (!(flags & OMIT(OVX_A_ROUTE_PREFIX_LEN)))
		nla_put_u8(msg, OVX_A_ROUTE_PREFIX_LEN, flags & PFX6 ? 32 : 16);
	if (flags & VIA4)
		nla_put(msg, OVX_A_ROUTE_VIA4, 4, &v4);
	if (flags & VIA6)
		nla_put(msg, OVX_A_ROUTE_VIA6, 16, v6);
	if (!(flags & OMIT(OVX_A_ROUTE_NET)))
		nla_put_string(msg, OVX_A_ROUTE_NET, "blue");
}

static int parse_route(unsigned int flags, struct ovx_route *rt)
{
	struct nl_msg *msg = test_msg(OVX_CMD_ROUTE_GET);
	struct nlmsghdr *nlh;
	int ret;

	put_route(msg, flags);
	nlh = test_copy_out(msg);
	ret = ovx_route_parse(nlh, rt);
	free(nlh);
	return ret;
}

static void test_parse_route(void)
{
	struct ovx_route rt;
	int ret;

	ret = parse_route(VIA4, &rt);
	ktap_check(ret == 0 && rt.size == sizeof(rt) &&
		   !strcmp(rt.router, "r1") &&
		   rt.prefix.addr.family == AF_INET &&
		   rt.prefix.addr.u.v4.s_addr == htonl(0x0a090000) &&
		   rt.prefix.len == 16 && rt.via.family == AF_INET &&
		   rt.via.u.v4.s_addr == htonl(0x0a010005) &&
		   !strcmp(rt.net, "blue"),
		   "a route via an IPv4 next hop");
	ret = parse_route(0, &rt);
	ktap_check(ret == 0 && rt.via.family == AF_UNSPEC && rt.prefix.len == 16,
		   "a route without a next hop");
	ret = parse_route(PFX6 | VIA6, &rt);
	ktap_check(ret == 0 && rt.prefix.addr.family == AF_INET6 &&
		   rt.prefix.len == 32 && rt.via.family == AF_INET6 &&
		   rt.via.u.raw[15] == 5,
		   "an IPv6 route via an IPv6 next hop");
	ktap_check(parse_route(VIA6, &rt) == -EBADMSG &&
		   parse_route(VIA4 | VIA6, &rt) == -EBADMSG,
		   "a next hop of the other family, or two: -EBADMSG");
	ktap_check(parse_route(OMIT(OVX_A_ROUTE_ROUTER), &rt) == -EBADMSG &&
		   parse_route(OMIT(OVX_A_ROUTE_ADDR4), &rt) == -EBADMSG &&
		   parse_route(OMIT(OVX_A_ROUTE_PREFIX_LEN), &rt) == -EBADMSG &&
		   parse_route(OMIT(OVX_A_ROUTE_NET), &rt) == -EBADMSG,
		   "no router, prefix, length or network: -EBADMSG");
}

static void test_put_route(void)
{
	struct nlattr *tb[OVX_A_ROUTE_MAX + 1];
	uint32_t p4 = htonl(0x0a090000), v4 = htonl(0x0a010005);
	struct ovx_prefix p = { .addr = { .family = AF_INET }, .len = 16 };
	struct ovx_addr via = { .family = AF_INET };
	struct nl_msg *msg;
	int ret;

	p.addr.u.v4.s_addr = p4;
	via.u.v4.s_addr = v4;
	msg = test_msg(OVX_CMD_ROUTE_NEW);
	ret = ovx_route_put(msg, "r1", &p, &via);
	ktap_check(ret == 0 && !test_parse_request(msg, tb, OVX_A_ROUTE_MAX) &&
		   test_count_attrs(msg) == 4 &&
		   test_attr_str_is(tb[OVX_A_ROUTE_ROUTER], "r1") &&
		   test_attr_is(tb[OVX_A_ROUTE_ADDR4], &p4, 4) &&
		   test_attr_u8_is(tb[OVX_A_ROUTE_PREFIX_LEN], 16) &&
		   test_attr_is(tb[OVX_A_ROUTE_VIA4], &v4, 4),
		   "route-new: router, addr4, prefix-len, via4");
	nlmsg_free(msg);

	msg = test_msg(OVX_CMD_ROUTE_NEW);
	via.family = AF_UNSPEC;
	ret = ovx_route_put(msg, "r1", &p, &via);
	ktap_check(ret == 0 && test_count_attrs(msg) == 3 &&
		   !test_parse_request(msg, tb, OVX_A_ROUTE_MAX) &&
		   !tb[OVX_A_ROUTE_VIA4] && !tb[OVX_A_ROUTE_VIA6],
		   "route-new without a next hop: no via attribute");
	nlmsg_free(msg);

	msg = test_msg(OVX_CMD_ROUTE_NEW);
	p.len = 0;
	p.addr.u.v4.s_addr = 0;
	ret = ovx_route_put(msg, "r1", &p, NULL);
	ktap_check(ret == 0 && !test_parse_request(msg, tb, OVX_A_ROUTE_MAX) &&
		   test_attr_u8_is(tb[OVX_A_ROUTE_PREFIX_LEN], 0),
		   "a default route, 0.0.0.0/0");
	nlmsg_free(msg);

	msg = test_msg(OVX_CMD_ROUTE_NEW);
	p.addr.u.v4.s_addr = htonl(0x0a090001);
	p.len = 16;
	via.family = AF_INET6;
	ktap_check(ovx_route_put(msg, "r1", &p, NULL) == -EINVAL,
		   "a prefix with host bits set: -EINVAL");
	p.addr.u.v4.s_addr = htonl(0x0a090000);
	p.len = 31;
	ktap_check(ovx_route_put(msg, "r1", &p, NULL) == 0,
		   "10.9.0.0/31 has no host bits");
	nlmsg_free(msg);
	msg = test_msg(OVX_CMD_ROUTE_NEW);
	p.len = 16;
	ktap_check(ovx_route_put(msg, "r1", &p, &via) == -EINVAL &&
		   ovx_route_put(msg, "", &p, NULL) == -EINVAL &&
		   ovx_route_put(msg, "r1", NULL, NULL) == -EINVAL &&
		   test_count_attrs(msg) == 0,
		   "a next hop of the other family, no router or no prefix: -EINVAL");
	p.addr.family = AF_INET6;
	memset(p.addr.u.raw, 0, 16);
	p.addr.u.raw[0] = 0xfd;
	p.addr.u.raw[8] = 1;
	p.len = 64;
	ktap_check(ovx_route_put(msg, "r1", &p, NULL) == -EINVAL,
		   "an IPv6 prefix with host bits set: -EINVAL");
	nlmsg_free(msg);
}

static int count_router(const struct ovx_router *r, void *arg)
{
	(void)r;
	++*(int *)arg;
	return 0;
}

static int count_route(const struct ovx_route *r, void *arg)
{
	(void)r;
	++*(int *)arg;
	return 0;
}

static void test_args(void)
{
	struct ovx_prefix p = { .addr = { .family = AF_INET }, .len = 8 };
	struct ovx_router_config cfg, big[2];
	struct ovx_route rt;
	struct ovx_router r;
	struct ovx_ctx *ctx;
	int n = 0;

	ovx_router_config_init(&cfg, "r1");
	OVX_INIT(&rt);
	OVX_INIT(&r);
	ktap_check(ovx_router_add(NULL, &cfg) == -EINVAL &&
		   ovx_router_del(NULL, "r1") == -EINVAL &&
		   ovx_router_get(NULL, "r1", &r) == -EINVAL &&
		   ovx_router_dump(NULL, 0, count_router, &n) == -EINVAL &&
		   ovx_router_attach(NULL, "r1", "blue", &p, 1) == -EINVAL &&
		   ovx_router_detach(NULL, "r1", "blue") == -EINVAL &&
		   ovx_route_add(NULL, &rt) == -EINVAL &&
		   ovx_route_del(NULL, "r1", &p) == -EINVAL &&
		   ovx_route_get(NULL, "r1", &p, &rt) == -EINVAL &&
		   ovx_route_dump(NULL, NULL, count_route, &n) == -EINVAL,
		   "router and route functions refuse a NULL context");

	if (ovx_nl_open_family(&ctx, "nlctrl", 2)) {
		ktap_skip("no generic netlink here",
			  "invalid arguments are refused before sending");
		ktap_skip("no generic netlink here",
			  "objects of an unknown newer version are refused");
		return;
	}
	cfg.has_mac = true;	/* a zero MAC */
	strcpy(rt.router, "r1");
	p.addr.u.v4.s_addr = htonl(0x0a000001);	/* 10.0.0.1/8 */
	ktap_check(ovx_router_add(ctx, NULL) == -EINVAL &&
		   ovx_router_add(ctx, &cfg) == -EINVAL &&
		   ovx_router_del(ctx, NULL) == -EINVAL &&
		   ovx_router_del(ctx, "a:b") == -EINVAL &&
		   ovx_router_get(ctx, "r1", NULL) == -EINVAL &&
		   ovx_router_dump(ctx, 0, NULL, NULL) == -EINVAL &&
		   ovx_router_dump(ctx, -1, count_router, &n) == -EINVAL &&
		   ovx_router_attach(ctx, "r1", "blue", &p, 0) == -EINVAL &&
		   ovx_router_detach(ctx, "r1", NULL) == -EINVAL &&
		   ovx_route_add(ctx, NULL) == -EINVAL &&
		   ovx_route_add(ctx, &rt) == -EINVAL &&
		   ovx_route_del(ctx, "r1", &p) == -EINVAL &&
		   ovx_route_get(ctx, "r1", &p, NULL) == -EINVAL &&
		   ovx_route_dump(ctx, "", count_route, &n) == -EINVAL &&
		   ovx_route_dump(ctx, NULL, NULL, NULL) == -EINVAL &&
		   !ovx_errmsg(ctx) && n == 0,
		   "invalid arguments are refused before sending");

	memset(big, 0, sizeof(big));
	ovx_router_config_init(&big[0], "r1");
	big[0].size = sizeof(big);
	((unsigned char *)big)[sizeof(big[0]) + 4] = 1;
	ktap_check(ovx_router_add(ctx, &big[0]) == -EOPNOTSUPP,
		   "objects of an unknown newer version are refused");
	ovx_close(ctx);
}

int main(void)
{
	ktap_init();
	test_default_mac();
	test_parse_router();
	test_put_config();
	test_put_attach();
	test_parse_route();
	test_put_route();
	test_args();
	return ktap_finish();
}
