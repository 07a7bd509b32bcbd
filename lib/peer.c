// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Peers: create them and make them join networks, make them leave
 * networks or delete them, get and list them, and the one parser of the
 * family's peer messages.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/ovx.h>
#include <netlink/genl/genl.h>

#include "ovx_private.h"

/* Exact sizes for every fixed-size attribute (see switch.c). */
static const struct nla_policy peer_policy[OVX_A_PEER_MAX + 1] = {
	[OVX_A_PEER_SWITCH_IFINDEX] = { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_PEER_SWITCH_IFNAME]  = { .type = NLA_STRING,
					.maxlen = OVX_IFNAMSIZ },
	[OVX_A_PEER_ADDR4]	    = { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_PEER_ADDR6]	    = { .type = NLA_UNSPEC, .minlen = 16,
					.maxlen = 16 },
	[OVX_A_PEER_NET]	    = { .type = NLA_STRING,
					.maxlen = OVX_NET_NAMSIZ },
	[OVX_A_PEER_STATS]	    = { .type = NLA_NESTED },
};

OVX_EXPORT void ovx_peer_clear(struct ovx_peer *peer)
{
	if (!peer)
		return;
	free(peer->nets);
	peer->nets = NULL;
	peer->n_nets = 0;
}

/*
 * The NET attributes, repeated: nla_parse() keeps the last one only, so
 * walk the message (which it has checked, every NET against the policy)
 * once to count them and once to copy them.
 */
static int parse_nets(const struct nlmsghdr *nlh, struct ovx_peer *peer)
{
	const struct genlmsghdr *genl = nlmsg_data(nlh);
	struct nlattr *head = genlmsg_attrdata(genl, 0);
	int len = genlmsg_attrlen(genl, 0), rem;
	const struct nlattr *nla;
	size_t n = 0;

	nla_for_each_attr(nla, head, len, rem)
		if (nla_type(nla) == OVX_A_PEER_NET)
			n++;
	/*
	 * nla_parse() stops quietly at a damaged attribute: a network
	 * there would be lost without a word.
	 */
	if (rem > 0)
		return -EBADMSG;
	if (!n)
		return 0;
	peer->nets = calloc(n, sizeof(*peer->nets));
	if (!peer->nets)
		return -ENOMEM;
	nla_for_each_attr(nla, head, len, rem) {
		if (nla_type(nla) != OVX_A_PEER_NET)
			continue;
		if (ovx_nla_name(nla, peer->nets[peer->n_nets],
				 sizeof(peer->nets[0])))
			return -EBADMSG;
		peer->n_nets++;
	}
	return 0;
}

int ovx_peer_parse(const struct nlmsghdr *nlh, struct ovx_peer *peer)
{
	struct nlattr *tb[OVX_A_PEER_MAX + 1];
	int err;

	memset(peer, 0, sizeof(*peer));
	peer->size = sizeof(*peer);
	if (ovx_nl_parse(nlh, tb, OVX_A_PEER_MAX, peer_policy))
		return -EBADMSG;

	if (ovx_attr_ifindex(tb, OVX_A_PEER_SWITCH_IFINDEX,
			     &peer->switch_ifindex) ||
	    ovx_attr_name(tb, OVX_A_PEER_SWITCH_IFNAME, peer->switch_name,
			  sizeof(peer->switch_name)) ||
	    ovx_attr_addr(tb, OVX_A_PEER_ADDR4, OVX_A_PEER_ADDR6, &peer->addr))
		return -EBADMSG;

	if (tb[OVX_A_PEER_STATS]) {
		if (ovx_stats_parse(tb[OVX_A_PEER_STATS], &peer->stats))
			return -EBADMSG;
		peer->has_stats = true;
	}
	err = parse_nets(nlh, peer);
	if (err)
		ovx_peer_clear(peer);
	return err;
}

/* What ovx_peer_put() checks, so that callers can check before sending. */
static int check_args(const struct ovx_addr *addr, const char *const *nets,
		      size_t n_nets)
{
	size_t i;

	if (!addr || addr->family == AF_UNSPEC || (n_nets && !nets))
		return -EINVAL;
	if (addr->family != AF_INET && addr->family != AF_INET6)
		return -EAFNOSUPPORT;
	for (i = 0; i < n_nets; i++)
		if (!ovx_name_ok(nets[i], OVX_NET_NAMSIZ))
			return -EINVAL;
	return 0;
}

/*
 * A message holds one page by default: enough for some hundred network
 * names, not for any number of them.
 */
static int make_room(struct nl_msg *msg, const char *const *nets,
		     size_t n_nets)
{
	size_t need = NLMSG_ALIGN(nlmsg_hdr(msg)->nlmsg_len) +
		      (size_t)nla_total_size(sizeof(uint32_t)) +
		      (size_t)nla_total_size(sizeof(struct in6_addr));
	size_t i;

	for (i = 0; i < n_nets; i++)
		need += (size_t)nla_total_size((int)strlen(nets[i]) + 1);
	if (need <= nlmsg_get_max_size(msg))
		return 0;
	return nlmsg_expand(msg, need) ? -ENOMEM : 0;
}

int ovx_peer_put(struct nl_msg *msg, int switch_ifindex,
		 const struct ovx_addr *addr, const char *const *nets,
		 size_t n_nets)
{
	size_t i;
	int err;

	if (switch_ifindex <= 0)
		return -EINVAL;
	err = check_args(addr, nets, n_nets);
	if (err)
		return err;
	err = make_room(msg, nets, n_nets);
	if (err)
		return err;
	if (nla_put_u32(msg, OVX_A_PEER_SWITCH_IFINDEX,
			(uint32_t)switch_ifindex))
		return -ENOMEM;
	err = ovx_put_addr(msg, OVX_A_PEER_ADDR4, OVX_A_PEER_ADDR6, addr);
	if (err)
		return err;
	for (i = 0; i < n_nets; i++)
		if (nla_put_string(msg, OVX_A_PEER_NET, nets[i]))
			return -ENOMEM;
	return 0;
}

/*
 * peer-new, peer-del or peer-get (do), with the arguments checked before
 * anything is sent and switch 0 resolved to the only one; @parse is for
 * the answer of peer-get.
 */
static int peer_request(struct ovx_ctx *ctx, uint8_t cmd, int switch_ifindex,
			const struct ovx_addr *addr, const char *const *nets,
			size_t n_nets, ovx_nl_parse_fn parse, void *arg)
{
	struct ovx_switch sw;
	struct nl_msg *msg;
	int err;

	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	if (switch_ifindex < 0)
		return -EINVAL;
	err = check_args(addr, nets, n_nets);
	if (err)
		return err;
	if (!switch_ifindex) {
		OVX_INIT(&sw);
		err = ovx_switch_get_only(ctx, &sw);
		if (err)
			return err;
		switch_ifindex = sw.ifindex;
	}

	/* Generic netlink takes no NLM_F_CREATE: peer-new creates. */
	msg = ovx_nl_msg(ctx, cmd, 0);
	if (!msg)
		return -ENOMEM;
	err = ovx_peer_put(msg, switch_ifindex, addr, nets, n_nets);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	if (parse)
		return ovx_nl_request_one(ctx, msg, parse, arg);
	return ovx_nl_request(ctx, msg, NULL, NULL);
}

OVX_EXPORT int ovx_peer_add(struct ovx_ctx *ctx, int switch_ifindex,
			    const struct ovx_addr *addr,
			    const char *const *nets, size_t n_nets)
{
	return peer_request(ctx, OVX_CMD_PEER_NEW, switch_ifindex, addr, nets,
			    n_nets, NULL, NULL);
}

OVX_EXPORT int ovx_peer_del(struct ovx_ctx *ctx, int switch_ifindex,
			    const struct ovx_addr *addr,
			    const char *const *nets, size_t n_nets)
{
	return peer_request(ctx, OVX_CMD_PEER_DEL, switch_ifindex, addr, nets,
			    n_nets, NULL, NULL);
}

static int parse_get(const struct nlmsghdr *nlh, void *arg)
{
	return ovx_peer_parse(nlh, arg);
}

OVX_EXPORT int ovx_peer_get(struct ovx_ctx *ctx, int switch_ifindex,
			    const struct ovx_addr *addr, struct ovx_peer *out)
{
	struct ovx_peer peer;
	int err;

	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	if (ovx_sized_out_ok(out, OVX_PEER_MIN))
		return -EINVAL;
	/*
	 * Zeroed before the request, cleared after a failure: it may fail
	 * after the parse allocated the networks.  The caller's is zeroed
	 * after a failure too, so that it holds no networks.
	 */
	memset(&peer, 0, sizeof(peer));
	err = peer_request(ctx, OVX_CMD_PEER_GET, switch_ifindex, addr, NULL,
			   0, parse_get, &peer);
	if (err) {
		ovx_peer_clear(&peer);
		memset(&peer, 0, sizeof(peer));
		peer.size = sizeof(peer);
	}
	/* The networks are the caller's now, whatever its size. */
	ovx_sized_out(out, &peer, sizeof(peer));
	return err;
}

struct dump_state {
	int (*cb)(const struct ovx_peer *peer, void *arg);
	void *arg;
};

static int parse_dump(const struct nlmsghdr *nlh, void *arg)
{
	struct dump_state *st = arg;
	struct ovx_peer peer;
	int err;

	err = ovx_peer_parse(nlh, &peer);
	if (err)
		return err;
	err = st->cb(&peer, st->arg);
	ovx_peer_clear(&peer);
	return err < 0 ? err : 0;
}

OVX_EXPORT int ovx_peer_dump(struct ovx_ctx *ctx, int switch_ifindex,
			     int (*cb)(const struct ovx_peer *peer,
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
	msg = ovx_nl_msg(ctx, OVX_CMD_PEER_GET, NLM_F_DUMP);
	if (msg && switch_ifindex &&
	    nla_put_u32(msg, OVX_A_PEER_SWITCH_IFINDEX,
			(uint32_t)switch_ifindex)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return ovx_nl_request(ctx, msg, parse_dump, &st);
}
