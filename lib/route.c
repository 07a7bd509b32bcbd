// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Static routes of routers: add, delete, get and list them, and the one
 * parser of the family's route messages.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/ovx.h>
#include <netlink/genl/genl.h>

#include "ovx_private.h"

static const struct nla_policy route_policy[OVX_A_ROUTE_MAX + 1] = {
	[OVX_A_ROUTE_ROUTER]	 = { .type = NLA_STRING,
				     .maxlen = OVX_ROUTER_NAMSIZ },
	[OVX_A_ROUTE_ADDR4]	 = { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_ROUTE_ADDR6]	 = { .type = NLA_UNSPEC, .minlen = 16,
				     .maxlen = 16 },
	[OVX_A_ROUTE_PREFIX_LEN] = { .type = NLA_U8, .maxlen = 1 },
	[OVX_A_ROUTE_VIA4]	 = { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_ROUTE_VIA6]	 = { .type = NLA_UNSPEC, .minlen = 16,
				     .maxlen = 16 },
	[OVX_A_ROUTE_NET]	 = { .type = NLA_STRING,
				     .maxlen = OVX_NET_NAMSIZ },
};

int ovx_route_parse(const struct nlmsghdr *nlh, struct ovx_route *rt)
{
	struct nlattr *tb[OVX_A_ROUTE_MAX + 1];
	int err;

	memset(rt, 0, sizeof(*rt));
	rt->size = sizeof(*rt);
	if (ovx_nl_parse(nlh, tb, OVX_A_ROUTE_MAX, route_policy) ||
	    ovx_attr_name(tb, OVX_A_ROUTE_ROUTER, rt->router,
			  sizeof(rt->router)) ||
	    ovx_attr_addr(tb, OVX_A_ROUTE_ADDR4, OVX_A_ROUTE_ADDR6,
			  &rt->prefix.addr) ||
	    ovx_attr_u8(tb, OVX_A_ROUTE_PREFIX_LEN, &rt->prefix.len) ||
	    ovx_prefix_check(&rt->prefix) ||
	    ovx_attr_name(tb, OVX_A_ROUTE_NET, rt->net, sizeof(rt->net)))
		return -EBADMSG;
	err = ovx_attr_addr(tb, OVX_A_ROUTE_VIA4, OVX_A_ROUTE_VIA6, &rt->via);
	if (err == -ENODATA)
		rt->via.family = AF_UNSPEC;
	else if (err || rt->via.family != rt->prefix.addr.family)
		return -EBADMSG;
	return 0;
}

/* A valid prefix without host bits, as the kernel takes for a route. */
static int check_route_prefix(const struct ovx_prefix *p)
{
	unsigned int bits = p->addr.family == AF_INET ? 32 : 128, i;
	int err = ovx_prefix_check(p);

	if (err)
		return err;
	for (i = p->len; i < bits; i++)
		if (p->addr.u.raw[i / 8] & (0x80 >> (i % 8)))
			return -EINVAL;
	return 0;
}

/* The router, prefix and (for route-new, with @via) next hop. */
int ovx_route_put(struct nl_msg *msg, const char *router,
		  const struct ovx_prefix *prefix, const struct ovx_addr *via)
{
	int err;

	if (!ovx_router_name_ok(router) || !prefix)
		return -EINVAL;
	err = check_route_prefix(prefix);
	if (err)
		return err;
	if (via && via->family != AF_UNSPEC) {
		if (via->family != AF_INET && via->family != AF_INET6)
			return -EAFNOSUPPORT;
		if (via->family != prefix->addr.family)
			return -EINVAL;
	}
	if (nla_put_string(msg, OVX_A_ROUTE_ROUTER, router))
		return -ENOMEM;
	err = ovx_put_addr(msg, OVX_A_ROUTE_ADDR4, OVX_A_ROUTE_ADDR6,
			   &prefix->addr);
	if (err)
		return err;
	if (nla_put_u8(msg, OVX_A_ROUTE_PREFIX_LEN, prefix->len))
		return -ENOMEM;
	if (via && via->family != AF_UNSPEC)
		return ovx_put_addr(msg, OVX_A_ROUTE_VIA4, OVX_A_ROUTE_VIA6,
				    via);
	return 0;
}

static int route_request(struct ovx_ctx *ctx, uint8_t cmd,
			 const char *router, const struct ovx_prefix *prefix,
			 const struct ovx_addr *via, ovx_nl_parse_fn parse,
			 void *arg)
{
	struct nl_msg *msg;
	int err;

	msg = ovx_nl_msg(ctx, cmd, 0);
	if (!msg)
		return -ENOMEM;
	err = ovx_route_put(msg, router, prefix, via);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	if (parse)
		return ovx_nl_request_one(ctx, msg, parse, arg);
	return ovx_nl_request(ctx, msg, NULL, NULL);
}

OVX_EXPORT int ovx_route_add(struct ovx_ctx *ctx,
			     const struct ovx_route *route)
{
	struct ovx_route full;
	int err;

	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	if (!route)
		return -EINVAL;
	OVX_INIT(&full);
	err = ovx_sized_in(&full, sizeof(full), route, OVX_ROUTE_MIN);
	if (err)
		return err;
	/* A router name filling the whole buffer has no NUL. */
	if (!memchr(full.router, 0, sizeof(full.router)))
		return -EINVAL;
	return route_request(ctx, OVX_CMD_ROUTE_NEW, full.router,
			     &full.prefix, &full.via, NULL, NULL);
}

OVX_EXPORT int ovx_route_del(struct ovx_ctx *ctx, const char *router,
			     const struct ovx_prefix *prefix)
{
	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	return route_request(ctx, OVX_CMD_ROUTE_DEL, router, prefix, NULL,
			     NULL, NULL);
}

static int parse_get(const struct nlmsghdr *nlh, void *arg)
{
	return ovx_route_parse(nlh, arg);
}

OVX_EXPORT int ovx_route_get(struct ovx_ctx *ctx, const char *router,
			     const struct ovx_prefix *prefix,
			     struct ovx_route *out)
{
	struct ovx_route rt;
	int err;

	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	if (ovx_sized_out_ok(out, OVX_ROUTE_MIN))
		return -EINVAL;
	err = route_request(ctx, OVX_CMD_ROUTE_GET, router, prefix, NULL,
			    parse_get, &rt);
	if (err)
		return err;
	ovx_sized_out(out, &rt, sizeof(rt));
	return 0;
}

struct dump_state {
	int (*cb)(const struct ovx_route *route, void *arg);
	void *arg;
};

static int parse_dump(const struct nlmsghdr *nlh, void *arg)
{
	struct dump_state *st = arg;
	struct ovx_route rt;
	int err;

	err = ovx_route_parse(nlh, &rt);
	if (err)
		return err;
	err = st->cb(&rt, st->arg);
	return err < 0 ? err : 0;
}

OVX_EXPORT int ovx_route_dump(struct ovx_ctx *ctx, const char *router,
			      int (*cb)(const struct ovx_route *route,
					void *arg),
			      void *arg)
{
	struct dump_state st = { .cb = cb, .arg = arg };
	struct nl_msg *msg;

	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	if (!cb || (router && !ovx_router_name_ok(router)))
		return -EINVAL;
	msg = ovx_nl_msg(ctx, OVX_CMD_ROUTE_GET, NLM_F_DUMP);
	if (msg && router && nla_put_string(msg, OVX_A_ROUTE_ROUTER, router)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return ovx_nl_request(ctx, msg, parse_dump, &st);
}
