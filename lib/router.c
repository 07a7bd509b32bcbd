// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Routers: create, delete, attach to and detach from networks, get and
 * list them, their default MAC address, and the one parser of the
 * family's router messages.  Their static routes are in route.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/ovx.h>
#include <netlink/genl/genl.h>

#include "ovx_private.h"

#define ETH_ALEN 6

static const struct nla_policy router_policy[OVX_A_ROUTER_MAX + 1] = {
	[OVX_A_ROUTER_SWITCH_IFINDEX] = { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_ROUTER_SWITCH_IFNAME]  = { .type = NLA_STRING,
					  .maxlen = OVX_IFNAMSIZ },
	[OVX_A_ROUTER_NAME]	      = { .type = NLA_STRING,
					  .maxlen = OVX_ROUTER_NAMSIZ },
	[OVX_A_ROUTER_MAC]	      = { .type = NLA_UNSPEC, .minlen = 6,
					  .maxlen = 6 },
	[OVX_A_ROUTER_INTERFACE]      = { .type = NLA_NESTED },
	[OVX_A_ROUTER_STATS]	      = { .type = NLA_NESTED },
	[OVX_A_ROUTER_DROPS]	      = { .type = NLA_NESTED },
};

static const struct nla_policy rif_policy[OVX_A_ROUTER_IF_MAX + 1] = {
	[OVX_A_ROUTER_IF_NET] = { .type = NLA_STRING,
				  .maxlen = OVX_NET_NAMSIZ },
	[OVX_A_ROUTER_IF_VNI] = { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_ROUTER_IF_ADDR] = { .type = NLA_NESTED },
};

static const struct nla_policy raddr_policy[OVX_A_ROUTER_ADDR_MAX + 1] = {
	[OVX_A_ROUTER_ADDR_ADDR4] = { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_ROUTER_ADDR_ADDR6] = { .type = NLA_UNSPEC, .minlen = 16,
				      .maxlen = 16 },
	[OVX_A_ROUTER_ADDR_PREFIX_LEN] = { .type = NLA_U8, .maxlen = 1 },
};

static const struct nla_policy rdrops_policy[OVX_A_ROUTER_DROPS_MAX + 1] = {
	[OVX_A_ROUTER_DROPS_PAD] = { .type = NLA_UNSPEC },
	[OVX_A_ROUTER_DROPS_NO_ROUTE ... OVX_A_ROUTER_DROPS_MAX] = {
		.type = NLA_U64, .maxlen = 8 },
};

/* By enum ovx_router_drop_reason: the spec's names with '_' for '-'. */
static const char *const rdrops_name[] = {
	[OVX_RDROP_NO_ROUTE] = "no_route",
	[OVX_RDROP_NO_NEIGH] = "no_neigh",
	[OVX_RDROP_TTL_EXCEEDED] = "ttl_exceeded",
	[OVX_RDROP_BAD_HEADER] = "bad_header",
	[OVX_RDROP_NOT_ROUTABLE] = "not_routable",
	[OVX_RDROP_TO_ROUTER] = "to_router",
	[OVX_RDROP_ICMP_RATELIMITED] = "icmp_ratelimited",
};

#define N_RDROPS (sizeof(rdrops_name) / sizeof(rdrops_name[0]))
_Static_assert(N_RDROPS ==
	       OVX_A_ROUTER_DROPS_MAX - OVX_A_ROUTER_DROPS_NO_ROUTE + 1,
	       "enum ovx_router_drop_reason has a value for each reason");
_Static_assert(N_RDROPS <= OVX_ROUTER_DROPS_CAP,
	       "OVX_ROUTER_DROPS_CAP is too small");
_Static_assert(OVX_A_ROUTER_DROPS_ICMP_RATELIMITED -
	       OVX_A_ROUTER_DROPS_NO_ROUTE == OVX_RDROP_ICMP_RATELIMITED,
	       "enum ovx_router_drop_reason follows the uapi");
_Static_assert(OVX_ROUTER_IF_ADDRS_MAX == OVX_ROUTER_ADDRS_MAX,
	       "as many addresses per interface as the kernel takes");

OVX_EXPORT const char *ovx_router_drop_name(unsigned int reason)
{
	return reason < N_RDROPS ? rdrops_name[reason] : NULL;
}

/* Every reason came with routers: all of them are required. */
static int parse_drops(const struct nlattr *nest,
		       struct ovx_router_drops *drops)
{
	struct nlattr *tb[OVX_A_ROUTER_DROPS_MAX + 1];
	size_t i;

	memset(drops, 0, sizeof(*drops));
	if (ovx_nl_parse_nested(tb, OVX_A_ROUTER_DROPS_MAX, nest,
				rdrops_policy))
		return -EBADMSG;
	for (i = 0; i < N_RDROPS; i++)
		if (ovx_attr_u64(tb, OVX_A_ROUTER_DROPS_NO_ROUTE + (int)i,
				 &drops->v[i]))
			return -EBADMSG;
	drops->n = N_RDROPS;
	return 0;
}

static bool prefix_len_ok(const struct ovx_prefix *p)
{
	return p->len <= (p->addr.family == AF_INET ? 32 : 128);
}

int ovx_prefix_parse(const struct nlattr *nest, struct ovx_prefix *p)
{
	struct nlattr *tb[OVX_A_ROUTER_ADDR_MAX + 1];

	memset(p, 0, sizeof(*p));
	if (ovx_nl_parse_nested(tb, OVX_A_ROUTER_ADDR_MAX, nest,
				raddr_policy) ||
	    ovx_attr_addr(tb, OVX_A_ROUTER_ADDR_ADDR4, OVX_A_ROUTER_ADDR_ADDR6,
			  &p->addr) ||
	    ovx_attr_u8(tb, OVX_A_ROUTER_ADDR_PREFIX_LEN, &p->len) ||
	    !prefix_len_ok(p))
		return -EBADMSG;
	return 0;
}

static int parse_rif(const struct nlattr *nest, struct ovx_router_if *rif)
{
	struct nlattr *tb[OVX_A_ROUTER_IF_MAX + 1];
	const struct nlattr *nla;
	int rem;

	if (ovx_nl_parse_nested(tb, OVX_A_ROUTER_IF_MAX, nest, rif_policy) ||
	    ovx_attr_name(tb, OVX_A_ROUTER_IF_NET, rif->net,
			  sizeof(rif->net)) ||
	    ovx_attr_u32(tb, OVX_A_ROUTER_IF_VNI, &rif->vni))
		return -EBADMSG;
	/* The addresses repeat: nla_parse() keeps the last one only. */
	nla_for_each_nested(nla, nest, rem) {
		if (nla_type(nla) != OVX_A_ROUTER_IF_ADDR)
			continue;
		if (rif->n_addrs == OVX_ROUTER_IF_ADDRS_MAX ||
		    ovx_prefix_parse(nla, &rif->addrs[rif->n_addrs]))
			return -EBADMSG;
		rif->n_addrs++;
	}
	return rem > 0 ? -EBADMSG : 0;
}

/* The INTERFACE attributes, repeated: counted once, then parsed. */
static int parse_interfaces(const struct nlmsghdr *nlh,
			    struct ovx_router *r)
{
	const struct genlmsghdr *genl = nlmsg_data(nlh);
	struct nlattr *head = genlmsg_attrdata(genl, 0);
	int len = genlmsg_attrlen(genl, 0), rem, err;
	const struct nlattr *nla;
	size_t n = 0;

	nla_for_each_attr(nla, head, len, rem)
		if (nla_type(nla) == OVX_A_ROUTER_INTERFACE)
			n++;
	if (rem > 0)
		return -EBADMSG;
	if (!n)
		return 0;
	r->interfaces = calloc(n, sizeof(*r->interfaces));
	if (!r->interfaces)
		return -ENOMEM;
	nla_for_each_attr(nla, head, len, rem) {
		if (nla_type(nla) != OVX_A_ROUTER_INTERFACE)
			continue;
		err = parse_rif(nla, &r->interfaces[r->n_interfaces]);
		if (err)
			return err;
		r->n_interfaces++;
	}
	return 0;
}

OVX_EXPORT void ovx_router_clear(struct ovx_router *router)
{
	if (!router)
		return;
	free(router->interfaces);
	router->interfaces = NULL;
	router->n_interfaces = 0;
}

int ovx_router_parse(const struct nlmsghdr *nlh, struct ovx_router *r)
{
	struct nlattr *tb[OVX_A_ROUTER_MAX + 1];
	int err;

	memset(r, 0, sizeof(*r));
	r->size = sizeof(*r);
	if (ovx_nl_parse(nlh, tb, OVX_A_ROUTER_MAX, router_policy) ||
	    ovx_attr_name(tb, OVX_A_ROUTER_NAME, r->name, sizeof(r->name)) ||
	    ovx_attr_ifindex(tb, OVX_A_ROUTER_SWITCH_IFINDEX,
			     &r->switch_ifindex) ||
	    ovx_attr_name(tb, OVX_A_ROUTER_SWITCH_IFNAME, r->switch_name,
			  sizeof(r->switch_name)) ||
	    ovx_attr_bin(tb, OVX_A_ROUTER_MAC, r->mac, ETH_ALEN))
		return -EBADMSG;
	if (tb[OVX_A_ROUTER_STATS]) {
		if (ovx_stats_parse(tb[OVX_A_ROUTER_STATS], &r->stats))
			return -EBADMSG;
		r->has_stats = true;
	}
	if (tb[OVX_A_ROUTER_DROPS]) {
		if (parse_drops(tb[OVX_A_ROUTER_DROPS], &r->drops))
			return -EBADMSG;
		r->has_drops = true;
	}
	err = parse_interfaces(nlh, r);
	if (err)
		ovx_router_clear(r);
	return err;
}

/* The kernel's rule: letters, digits, '-', '_' and '.'. */
bool ovx_router_name_ok(const char *name)
{
	const char *p;

	if (!ovx_name_ok(name, OVX_ROUTER_NAMSIZ))
		return false;
	for (p = name; *p; p++)
		if (!(*p >= 'a' && *p <= 'z') && !(*p >= 'A' && *p <= 'Z') &&
		    !(*p >= '0' && *p <= '9') && !strchr("-_.", *p))
			return false;
	return true;
}

OVX_EXPORT int ovx_router_default_mac(const char *name, uint8_t mac[6])
{
	uint64_t h = 0xcbf29ce484222325ULL;
	const unsigned char *p;
	int i;

	if (!name || !*name || !mac)
		return -EINVAL;
	for (p = (const unsigned char *)name; *p; p++) {
		h ^= *p;
		h *= 0x100000001b3ULL;
	}
	mac[0] = 0x02;
	for (i = 5; i >= 1; i--) {
		mac[i] = (uint8_t)h;
		h >>= 8;
	}
	return 0;
}

static bool mac_unicast(const uint8_t mac[6])
{
	static const uint8_t zero[6];

	return !(mac[0] & 1) && memcmp(mac, zero, 6);
}

/* What ovx_router_put_config() checks, and the MAC it sends. */
static int check_config(const struct ovx_router_config *cfg,
			uint8_t mac[ETH_ALEN])
{
	if (!ovx_router_name_ok(cfg->name) || cfg->switch_ifindex < 0 ||
	    (cfg->switch_name && !ovx_name_ok(cfg->switch_name, OVX_IFNAMSIZ)))
		return -EINVAL;
	if (cfg->has_mac)
		memcpy(mac, cfg->mac, ETH_ALEN);
	else
		ovx_router_default_mac(cfg->name, mac);
	return mac_unicast(mac) ? 0 : -EINVAL;
}

/*
 * router-new from @cfg; the switch is @switch_ifindex when not 0 (the
 * caller resolved the only one), else @cfg's index or name.
 */
int ovx_router_put_config(struct nl_msg *msg,
			  const struct ovx_router_config *cfg,
			  int switch_ifindex)
{
	uint8_t mac[ETH_ALEN];
	int err;

	err = check_config(cfg, mac);
	if (err)
		return err;
	if (!switch_ifindex)
		switch_ifindex = cfg->switch_ifindex;
	if (switch_ifindex &&
	    nla_put_u32(msg, OVX_A_ROUTER_SWITCH_IFINDEX,
			(uint32_t)switch_ifindex))
		return -ENOMEM;
	if (!switch_ifindex && cfg->switch_name &&
	    nla_put_string(msg, OVX_A_ROUTER_SWITCH_IFNAME, cfg->switch_name))
		return -ENOMEM;
	if (nla_put_string(msg, OVX_A_ROUTER_NAME, cfg->name) ||
	    nla_put(msg, OVX_A_ROUTER_MAC, ETH_ALEN, mac))
		return -ENOMEM;
	return 0;
}

OVX_EXPORT int ovx_router_add(struct ovx_ctx *ctx,
			      const struct ovx_router_config *cfg)
{
	struct ovx_router_config full;
	uint8_t mac[ETH_ALEN];
	int err, ifindex = 0;
	struct ovx_switch sw;
	struct nl_msg *msg;

	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	if (!cfg)
		return -EINVAL;
	ovx_router_config_init(&full, NULL);
	err = ovx_sized_in(&full, sizeof(full), cfg, OVX_ROUTER_CONFIG_MIN);
	if (err)
		return err;
	/* Checked before the switch is looked up: nothing is sent then. */
	err = check_config(&full, mac);
	if (err)
		return err;
	/* Neither index nor name given: the only switch of the namespace. */
	if (!full.switch_ifindex && !full.switch_name) {
		OVX_INIT(&sw);
		err = ovx_switch_get_only(ctx, &sw);
		if (err)
			return err;
		ifindex = sw.ifindex;
	}
	msg = ovx_nl_msg(ctx, OVX_CMD_ROUTER_NEW, 0);
	if (!msg)
		return -ENOMEM;
	err = ovx_router_put_config(msg, &full, ifindex);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return ovx_nl_request(ctx, msg, NULL, NULL);
}

/* router-del or router-get (do) of one router by name. */
static int by_name(struct ovx_ctx *ctx, uint8_t cmd, const char *name,
		   ovx_nl_parse_fn parse, void *arg)
{
	struct nl_msg *msg;

	if (!ovx_router_name_ok(name))
		return -EINVAL;
	msg = ovx_nl_msg(ctx, cmd, 0);
	if (!msg)
		return -ENOMEM;
	if (nla_put_string(msg, OVX_A_ROUTER_NAME, name)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	if (parse)
		return ovx_nl_request_one(ctx, msg, parse, arg);
	return ovx_nl_request(ctx, msg, NULL, NULL);
}

OVX_EXPORT int ovx_router_del(struct ovx_ctx *ctx, const char *name)
{
	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	return by_name(ctx, OVX_CMD_ROUTER_DEL, name, NULL, NULL);
}

static int parse_get(const struct nlmsghdr *nlh, void *arg)
{
	return ovx_router_parse(nlh, arg);
}

OVX_EXPORT int ovx_router_get(struct ovx_ctx *ctx, const char *name,
			      struct ovx_router *out)
{
	struct ovx_router r;
	int err;

	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	if (ovx_sized_out_ok(out, OVX_ROUTER_MIN))
		return -EINVAL;
	memset(&r, 0, sizeof(r));
	err = by_name(ctx, OVX_CMD_ROUTER_GET, name, parse_get, &r);
	if (err) {
		ovx_router_clear(&r);
		memset(&r, 0, sizeof(r));
		r.size = sizeof(r);
	}
	/* The interfaces are the caller's now, whatever its size. */
	ovx_sized_out(out, &r, sizeof(r));
	return err;
}

struct dump_state {
	int (*cb)(const struct ovx_router *router, void *arg);
	void *arg;
};

static int parse_dump(const struct nlmsghdr *nlh, void *arg)
{
	struct dump_state *st = arg;
	struct ovx_router r;
	int err;

	err = ovx_router_parse(nlh, &r);
	if (err)
		return err;
	err = st->cb(&r, st->arg);
	ovx_router_clear(&r);
	return err < 0 ? err : 0;
}

OVX_EXPORT int ovx_router_dump(struct ovx_ctx *ctx, int switch_ifindex,
			       int (*cb)(const struct ovx_router *router,
					 void *arg),
			       void *arg)
{
	struct dump_state st = { .cb = cb, .arg = arg };
	struct nl_msg *msg;

	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	if (!cb || switch_ifindex < 0)
		return -EINVAL;
	msg = ovx_nl_msg(ctx, OVX_CMD_ROUTER_GET, NLM_F_DUMP);
	if (msg && switch_ifindex &&
	    nla_put_u32(msg, OVX_A_ROUTER_SWITCH_IFINDEX,
			(uint32_t)switch_ifindex)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return ovx_nl_request(ctx, msg, parse_dump, &st);
}

int ovx_prefix_check(const struct ovx_prefix *p)
{
	if (p->addr.family != AF_INET && p->addr.family != AF_INET6)
		return p->addr.family == AF_UNSPEC ? -EINVAL : -EAFNOSUPPORT;
	return prefix_len_ok(p) ? 0 : -EINVAL;
}

int ovx_router_put_attach(struct nl_msg *msg, const char *router,
			  const char *net, const struct ovx_prefix *addrs,
			  size_t n_addrs)
{
	struct nlattr *nest;
	size_t i;
	int err;

	if (!ovx_router_name_ok(router) || !ovx_name_ok(net, OVX_NET_NAMSIZ) ||
	    !addrs || !n_addrs || n_addrs > OVX_ROUTER_IF_ADDRS_MAX)
		return -EINVAL;
	for (i = 0; i < n_addrs; i++) {
		err = ovx_prefix_check(&addrs[i]);
		if (err)
			return err;
	}
	if (nla_put_string(msg, OVX_A_ROUTER_NAME, router) ||
	    nla_put_string(msg, OVX_A_ROUTER_NET, net))
		return -ENOMEM;
	for (i = 0; i < n_addrs; i++) {
		nest = nla_nest_start(msg, OVX_A_ROUTER_ADDR);
		if (!nest)
			return -ENOMEM;
		err = ovx_put_addr(msg, OVX_A_ROUTER_ADDR_ADDR4,
				   OVX_A_ROUTER_ADDR_ADDR6, &addrs[i].addr);
		if (err)
			return err;
		if (nla_put_u8(msg, OVX_A_ROUTER_ADDR_PREFIX_LEN, addrs[i].len))
			return -ENOMEM;
		nla_nest_end(msg, nest);
	}
	return 0;
}

OVX_EXPORT int ovx_router_attach(struct ovx_ctx *ctx, const char *router,
				 const char *net,
				 const struct ovx_prefix *addrs,
				 size_t n_addrs)
{
	struct nl_msg *msg;
	int err;

	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	msg = ovx_nl_msg(ctx, OVX_CMD_ROUTER_ATTACH, 0);
	if (!msg)
		return -ENOMEM;
	err = ovx_router_put_attach(msg, router, net, addrs, n_addrs);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return ovx_nl_request(ctx, msg, NULL, NULL);
}

OVX_EXPORT int ovx_router_detach(struct ovx_ctx *ctx, const char *router,
				 const char *net)
{
	struct nl_msg *msg;

	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	if (!ovx_router_name_ok(router) || !ovx_name_ok(net, OVX_NET_NAMSIZ))
		return -EINVAL;
	msg = ovx_nl_msg(ctx, OVX_CMD_ROUTER_DETACH, 0);
	if (!msg)
		return -ENOMEM;
	if (nla_put_string(msg, OVX_A_ROUTER_NAME, router) ||
	    nla_put_string(msg, OVX_A_ROUTER_NET, net)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	return ovx_nl_request(ctx, msg, NULL, NULL);
}
