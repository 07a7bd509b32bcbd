// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Address bindings: add, delete, get and list them, and the one parser of
 * the family's neigh messages (replies and notifications alike).
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/ovx.h>
#include <netlink/genl/genl.h>

#include "ovx_private.h"

_Static_assert((int)OVX_NEIGH_ENTRY_STATIC == (int)OVX_NEIGH_FLAGS_STATIC &&
	       (int)OVX_NEIGH_ENTRY_PORT == (int)OVX_NEIGH_FLAGS_PORT,
	       "enum ovx_neigh_flags_bits must match the uapi enum ovx_neigh_flags");

#define ETH_ALEN 6

/* Exact sizes for every fixed-size attribute (see switch.c). */
static const struct nla_policy neigh_policy[OVX_A_NEIGH_MAX + 1] = {
	[OVX_A_NEIGH_NET]	   = { .type = NLA_STRING,
				       .maxlen = OVX_NET_NAMSIZ },
	[OVX_A_NEIGH_VNI]	   = { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_NEIGH_ADDR4]	   = { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_NEIGH_ADDR6]	   = { .type = NLA_UNSPEC, .minlen = 16,
				       .maxlen = 16 },
	[OVX_A_NEIGH_LLADDR]	   = { .type = NLA_UNSPEC, .minlen = ETH_ALEN,
				       .maxlen = ETH_ALEN },
	[OVX_A_NEIGH_PORT_IFINDEX] = { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_NEIGH_PORT_IFNAME]  = { .type = NLA_STRING,
				       .maxlen = OVX_IFNAMSIZ },
	[OVX_A_NEIGH_PEER4]	   = { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_NEIGH_PEER6]	   = { .type = NLA_UNSPEC, .minlen = 16,
				       .maxlen = 16 },
	[OVX_A_NEIGH_FLAGS]	   = { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_NEIGH_LEARNED]	   = { .type = NLA_FLAG },
	[OVX_A_NEIGH_AGE]	   = { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_NEIGH_EVENT]	   = { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_NEIGH_NAME]	   = { .type = NLA_STRING,
				       .maxlen = OVX_NET_NAMSIZ },
};

/* A u32 the kernel may leave out: 0 then. */
static int attr_u32_opt(struct nlattr *const *tb, int type, uint32_t *out)
{
	int err = ovx_attr_u32(tb, type, out);

	return err == -ENODATA ? 0 : err;
}

/*
 * Exactly one destination, a local port (with its name) or a peer; in a
 * miss, which has no binding, at most one (who asked, if the kernel says).
 */
static int parse_dest(struct nlattr *const *tb, struct ovx_neigh *n,
		      bool miss)
{
	int dests = !!tb[OVX_A_NEIGH_PORT_IFINDEX] + !!tb[OVX_A_NEIGH_PEER4] +
		    !!tb[OVX_A_NEIGH_PEER6];

	if (dests > 1 || (!miss && dests != 1))
		return -EBADMSG;
	if (tb[OVX_A_NEIGH_PORT_IFINDEX])
		return ovx_attr_ifindex(tb, OVX_A_NEIGH_PORT_IFINDEX,
					&n->port_ifindex) ||
		       ovx_attr_name(tb, OVX_A_NEIGH_PORT_IFNAME, n->port_name,
				     sizeof(n->port_name)) ? -EBADMSG : 0;
	if (tb[OVX_A_NEIGH_PORT_IFNAME])
		return -EBADMSG;
	if (!dests)
		return 0;
	return ovx_attr_addr(tb, OVX_A_NEIGH_PEER4, OVX_A_NEIGH_PEER6,
			     &n->peer) ? -EBADMSG : 0;
}

int ovx_neigh_parse(const struct nlmsghdr *nlh, struct ovx_neigh *neigh,
		    uint32_t *event)
{
	struct nlattr *tb[OVX_A_NEIGH_MAX + 1];
	bool miss = false;

	memset(neigh, 0, sizeof(*neigh));
	neigh->size = sizeof(*neigh);
	if (ovx_nl_parse(nlh, tb, OVX_A_NEIGH_MAX, neigh_policy))
		return -EBADMSG;

	if (event) {
		if (ovx_attr_u32(tb, OVX_A_NEIGH_EVENT, event))
			return -EBADMSG;
		miss = *event == OVX_NEIGH_EVENT_MISS;
	}
	if (ovx_attr_name(tb, OVX_A_NEIGH_NET, neigh->net,
			  sizeof(neigh->net)) ||
	    ovx_attr_u32(tb, OVX_A_NEIGH_VNI, &neigh->vni) ||
	    ovx_attr_addr(tb, OVX_A_NEIGH_ADDR4, OVX_A_NEIGH_ADDR6,
			  &neigh->addr) ||
	    parse_dest(tb, neigh, miss))
		return -EBADMSG;
	if (!neigh->vni || neigh->vni > OVX_NET_VNI_MAX)
		return -EBADMSG;
	if ((!miss || tb[OVX_A_NEIGH_LLADDR]) &&
	    ovx_attr_bin(tb, OVX_A_NEIGH_LLADDR, neigh->lladdr, ETH_ALEN))
		return -EBADMSG;
	if (attr_u32_opt(tb, OVX_A_NEIGH_FLAGS, &neigh->flags) ||
	    attr_u32_opt(tb, OVX_A_NEIGH_AGE, &neigh->age))
		return -EBADMSG;
	if (tb[OVX_A_NEIGH_NAME] &&
	    ovx_attr_name(tb, OVX_A_NEIGH_NAME, neigh->name,
			  sizeof(neigh->name)))
		return -EBADMSG;
	return 0;
}

/* An IP address to bind: IPv4 or IPv6. */
static int check_addr(const struct ovx_addr *addr)
{
	if (!addr || addr->family == AF_UNSPEC)
		return -EINVAL;
	if (addr->family != AF_INET && addr->family != AF_INET6)
		return -EAFNOSUPPORT;
	return 0;
}

/* At most one destination; @required: exactly one. */
static int check_dest(int port_ifindex, const struct ovx_addr *peer,
		      bool required)
{
	if (peer->family != AF_UNSPEC && peer->family != AF_INET &&
	    peer->family != AF_INET6)
		return -EAFNOSUPPORT;
	if (port_ifindex < 0 || (port_ifindex && peer->family != AF_UNSPEC))
		return -EINVAL;
	if (required && !port_ifindex && peer->family == AF_UNSPEC)
		return -EINVAL;
	return 0;
}

/* The destination, checked by check_dest(). */
static int put_dest(struct nl_msg *msg, int port_ifindex,
		    const struct ovx_addr *peer)
{
	if (port_ifindex)
		return nla_put_u32(msg, OVX_A_NEIGH_PORT_IFINDEX,
				   (uint32_t)port_ifindex) ? -ENOMEM : 0;
	if (peer->family != AF_UNSPEC)
		return ovx_put_addr(msg, OVX_A_NEIGH_PEER4, OVX_A_NEIGH_PEER6,
				    peer);
	return 0;
}

int ovx_neigh_put(struct nl_msg *msg, const struct ovx_neigh *neigh)
{
	int err;

	if (!ovx_name_ok(neigh->net, OVX_NET_NAMSIZ))
		return -EINVAL;
	err = check_addr(&neigh->addr);
	if (!err)
		err = check_dest(neigh->port_ifindex, &neigh->peer, true);
	if (err)
		return err;
	if (nla_put_string(msg, OVX_A_NEIGH_NET, neigh->net))
		return -ENOMEM;
	err = ovx_put_addr(msg, OVX_A_NEIGH_ADDR4, OVX_A_NEIGH_ADDR6,
			   &neigh->addr);
	if (err)
		return err;
	if (nla_put(msg, OVX_A_NEIGH_LLADDR, ETH_ALEN, neigh->lladdr))
		return -ENOMEM;
	if (strnlen(neigh->name, sizeof(neigh->name)) == sizeof(neigh->name))
		return -EINVAL;
	if (neigh->name[0] &&
	    nla_put_string(msg, OVX_A_NEIGH_NAME, neigh->name))
		return -ENOMEM;
	return put_dest(msg, neigh->port_ifindex, &neigh->peer);
}

int ovx_neigh_put_filter(struct nl_msg *msg,
			 const struct ovx_neigh_filter *filter)
{
	int err;

	if (!filter)
		return 0;
	if (filter->net && !ovx_name_ok(filter->net, OVX_NET_NAMSIZ))
		return -EINVAL;
	err = check_dest(filter->port_ifindex, &filter->peer, false);
	if (err)
		return err;
	if (filter->kind != OVX_NEIGH_KIND_ANY &&
	    filter->kind != OVX_NEIGH_KIND_STATIC &&
	    filter->kind != OVX_NEIGH_KIND_LEARNED)
		return -EINVAL;

	if (filter->net && nla_put_string(msg, OVX_A_NEIGH_NET, filter->net))
		return -ENOMEM;
	err = put_dest(msg, filter->port_ifindex, &filter->peer);
	if (err)
		return err;
	if (filter->kind == OVX_NEIGH_KIND_STATIC &&
	    nla_put_u32(msg, OVX_A_NEIGH_FLAGS, OVX_NEIGH_FLAGS_STATIC))
		return -ENOMEM;
	if (filter->kind == OVX_NEIGH_KIND_LEARNED &&
	    nla_put_flag(msg, OVX_A_NEIGH_LEARNED))
		return -ENOMEM;
	return 0;
}

OVX_EXPORT int ovx_neigh_add(struct ovx_ctx *ctx,
			     const struct ovx_neigh *neigh)
{
	struct ovx_neigh full;
	struct nl_msg *msg;
	int err;

	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	if (!neigh)
		return -EINVAL;
	OVX_INIT(&full);
	err = ovx_sized_in(&full, sizeof(full), neigh, OVX_NEIGH_MIN);
	if (err)
		return err;
	msg = ovx_nl_msg(ctx, OVX_CMD_NEIGH_NEW, 0);
	if (!msg)
		return -ENOMEM;
	err = ovx_neigh_put(msg, &full);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return ovx_nl_request(ctx, msg, NULL, NULL);
}

/* neigh-del or neigh-get (do): the network and the address. */
static int key_msg(struct ovx_ctx *ctx, uint8_t cmd, const char *net,
		   const struct ovx_addr *addr, struct nl_msg **msgp)
{
	struct nl_msg *msg;
	int err;

	*msgp = NULL;
	if (!ovx_name_ok(net, OVX_NET_NAMSIZ))
		return -EINVAL;
	err = check_addr(addr);
	if (err)
		return err;
	msg = ovx_nl_msg(ctx, cmd, 0);
	if (!msg)
		return -ENOMEM;
	if (nla_put_string(msg, OVX_A_NEIGH_NET, net) ||
	    ovx_put_addr(msg, OVX_A_NEIGH_ADDR4, OVX_A_NEIGH_ADDR6, addr)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	*msgp = msg;
	return 0;
}

OVX_EXPORT int ovx_neigh_del(struct ovx_ctx *ctx, const char *net,
			     const struct ovx_addr *addr)
{
	struct nl_msg *msg;
	int err;

	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	err = key_msg(ctx, OVX_CMD_NEIGH_DEL, net, addr, &msg);
	if (err)
		return err;
	return ovx_nl_request(ctx, msg, NULL, NULL);
}

static int parse_get(const struct nlmsghdr *nlh, void *arg)
{
	return ovx_neigh_parse(nlh, arg, NULL);
}

OVX_EXPORT int ovx_neigh_get(struct ovx_ctx *ctx, const char *net,
			     const struct ovx_addr *addr,
			     struct ovx_neigh *out)
{
	struct ovx_neigh neigh;
	struct nl_msg *msg;
	int err;

	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	if (ovx_sized_out_ok(out, OVX_NEIGH_MIN))
		return -EINVAL;
	err = key_msg(ctx, OVX_CMD_NEIGH_GET, net, addr, &msg);
	if (err)
		return err;
	err = ovx_nl_request_one(ctx, msg, parse_get, &neigh);
	if (!err)
		ovx_sized_out(out, &neigh, sizeof(neigh));
	return err;
}

struct dump_state {
	int (*cb)(const struct ovx_neigh *neigh, void *arg);
	void *arg;
};

static int parse_dump(const struct nlmsghdr *nlh, void *arg)
{
	struct dump_state *st = arg;
	struct ovx_neigh neigh;
	int err;

	err = ovx_neigh_parse(nlh, &neigh, NULL);
	if (err)
		return err;
	err = st->cb(&neigh, st->arg);
	return err < 0 ? err : 0;
}

OVX_EXPORT int ovx_neigh_dump(struct ovx_ctx *ctx,
			      const struct ovx_neigh_filter *filter,
			      int (*cb)(const struct ovx_neigh *neigh,
					void *arg),
			      void *arg)
{
	struct dump_state st = { .cb = cb, .arg = arg };
	struct ovx_neigh_filter full;
	struct nl_msg *msg;
	int err;

	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	if (!cb)
		return -EINVAL;
	if (filter) {
		OVX_INIT(&full);
		err = ovx_sized_in(&full, sizeof(full), filter,
				   OVX_NEIGH_FILTER_MIN);
		if (err)
			return err;
		filter = &full;
	}
	msg = ovx_nl_msg(ctx, OVX_CMD_NEIGH_GET, NLM_F_DUMP);
	if (!msg)
		return -ENOMEM;
	err = ovx_neigh_put_filter(msg, filter);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return ovx_nl_request(ctx, msg, parse_dump, &st);
}
