// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * The forwarding database: add, delete, get, list and flush entries, and
 * the one parser of the family's FDB messages (replies and notifications
 * alike).
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/ovx.h>
#include <netlink/genl/genl.h>

#include "ovx_private.h"

_Static_assert((int)OVX_FDB_ENTRY_STATIC == (int)OVX_FDB_FLAGS_STATIC,
	       "enum ovx_fdb_entry_flags must match the uapi enum ovx_fdb_flags");

#define ETH_ALEN 6

/* Exact sizes for every fixed-size attribute (see switch.c). */
static const struct nla_policy fdb_policy[OVX_A_FDB_MAX + 1] = {
	[OVX_A_FDB_NET]		 = { .type = NLA_STRING,
				     .maxlen = OVX_NET_NAMSIZ },
	[OVX_A_FDB_VNI]		 = { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_FDB_MAC]		 = { .type = NLA_UNSPEC, .minlen = ETH_ALEN,
				     .maxlen = ETH_ALEN },
	[OVX_A_FDB_PORT_IFINDEX] = { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_FDB_PORT_IFNAME]	 = { .type = NLA_STRING,
				     .maxlen = OVX_IFNAMSIZ },
	[OVX_A_FDB_PEER4]	 = { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_FDB_PEER6]	 = { .type = NLA_UNSPEC, .minlen = 16,
				     .maxlen = 16 },
	[OVX_A_FDB_FLAGS]	 = { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_FDB_LEARNED]	 = { .type = NLA_FLAG },
	[OVX_A_FDB_AGE]		 = { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_FDB_EVENT]	 = { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_FDB_REMOTE_PORT]	 = { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_FDB_SEQ]		 = { .type = NLA_U32, .maxlen = 4 },
};

/* A u32 the kernel may leave out: 0 then. */
static int attr_u32_opt(struct nlattr *const *tb, int type, uint32_t *out)
{
	int err = ovx_attr_u32(tb, type, out);

	return err == -ENODATA ? 0 : err;
}

/*
 * Exactly one destination: a local port (with its name), or a peer (with
 * the port behind it when the peer said; a local port has none).
 */
static int parse_dest(struct nlattr *const *tb, struct ovx_fdb_entry *e)
{
	int n = !!tb[OVX_A_FDB_PORT_IFINDEX] + !!tb[OVX_A_FDB_PEER4] +
		!!tb[OVX_A_FDB_PEER6];

	if (n != 1)
		return -EBADMSG;
	if (tb[OVX_A_FDB_PORT_IFINDEX])
		return tb[OVX_A_FDB_REMOTE_PORT] ||
		       ovx_attr_ifindex(tb, OVX_A_FDB_PORT_IFINDEX,
					&e->port_ifindex) ||
		       ovx_attr_name(tb, OVX_A_FDB_PORT_IFNAME, e->port_name,
				     sizeof(e->port_name)) ? -EBADMSG : 0;
	return ovx_attr_addr(tb, OVX_A_FDB_PEER4, OVX_A_FDB_PEER6,
			     &e->peer) ||
	       attr_u32_opt(tb, OVX_A_FDB_REMOTE_PORT, &e->remote_port) ?
	       -EBADMSG : 0;
}

int ovx_fdb_parse(const struct nlmsghdr *nlh, struct ovx_fdb_entry *entry,
		  uint32_t *event)
{
	struct nlattr *tb[OVX_A_FDB_MAX + 1];

	memset(entry, 0, sizeof(*entry));
	entry->size = sizeof(*entry);
	if (ovx_nl_parse(nlh, tb, OVX_A_FDB_MAX, fdb_policy))
		return -EBADMSG;

	if (ovx_attr_name(tb, OVX_A_FDB_NET, entry->net,
			  sizeof(entry->net)) ||
	    ovx_attr_u32(tb, OVX_A_FDB_VNI, &entry->vni) ||
	    ovx_attr_bin(tb, OVX_A_FDB_MAC, entry->mac, ETH_ALEN) ||
	    ovx_attr_u32(tb, OVX_A_FDB_AGE, &entry->age) ||
	    parse_dest(tb, entry))
		return -EBADMSG;
	if (!entry->vni || entry->vni > OVX_NET_VNI_MAX)
		return -EBADMSG;

	if (attr_u32_opt(tb, OVX_A_FDB_FLAGS, &entry->flags) ||
	    attr_u32_opt(tb, OVX_A_FDB_SEQ, &entry->seq))
		return -EBADMSG;
	if (event && ovx_attr_u32(tb, OVX_A_FDB_EVENT, event))
		return -EBADMSG;
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
		return nla_put_u32(msg, OVX_A_FDB_PORT_IFINDEX,
				   (uint32_t)port_ifindex) ? -ENOMEM : 0;
	if (peer->family != AF_UNSPEC)
		return ovx_put_addr(msg, OVX_A_FDB_PEER4, OVX_A_FDB_PEER6,
				    peer);
	return 0;
}

/* A string of 1 to OVX_NET_NAMSIZ - 1 characters within the array. */
static bool net_ok(const char net[OVX_NET_NAMSIZ])
{
	return ovx_name_ok(net, OVX_NET_NAMSIZ);
}

int ovx_fdb_put_entry(struct nl_msg *msg, const struct ovx_fdb_entry *entry)
{
	int err;

	if (!net_ok(entry->net))
		return -EINVAL;
	err = check_dest(entry->port_ifindex, &entry->peer, true);
	if (err)
		return err;
	if (entry->seq > OVX_MOVE_SEQ_MAX)
		return -EINVAL;
	if (nla_put_string(msg, OVX_A_FDB_NET, entry->net) ||
	    nla_put(msg, OVX_A_FDB_MAC, ETH_ALEN, entry->mac))
		return -ENOMEM;
	/* Only when set: a kernel without migration refuses the attribute. */
	if (entry->seq && nla_put_u32(msg, OVX_A_FDB_SEQ, entry->seq))
		return -ENOMEM;
	return put_dest(msg, entry->port_ifindex, &entry->peer);
}

int ovx_fdb_put_filter(struct nl_msg *msg,
		       const struct ovx_fdb_filter *filter, bool flush)
{
	int err;

	if (!filter)
		return 0;
	if (filter->net && !ovx_name_ok(filter->net, OVX_NET_NAMSIZ))
		return -EINVAL;
	err = check_dest(filter->port_ifindex, &filter->peer, false);
	if (err)
		return err;
	switch (filter->kind) {
	case OVX_FDB_KIND_ANY:
		break;
	case OVX_FDB_KIND_LEARNED:
		break;
	case OVX_FDB_KIND_STATIC:
		/* The control plane's entries are removed one by one. */
		if (flush)
			return -EINVAL;
		break;
	default:
		return -EINVAL;
	}

	if (filter->net && nla_put_string(msg, OVX_A_FDB_NET, filter->net))
		return -ENOMEM;
	err = put_dest(msg, filter->port_ifindex, &filter->peer);
	if (err)
		return err;
	if (filter->kind == OVX_FDB_KIND_STATIC &&
	    nla_put_u32(msg, OVX_A_FDB_FLAGS, OVX_FDB_FLAGS_STATIC))
		return -ENOMEM;
	if (filter->kind == OVX_FDB_KIND_LEARNED &&
	    nla_put_flag(msg, OVX_A_FDB_LEARNED))
		return -ENOMEM;
	return 0;
}

OVX_EXPORT int ovx_fdb_add(struct ovx_ctx *ctx,
			   const struct ovx_fdb_entry *entry)
{
	struct ovx_fdb_entry full;
	struct nl_msg *msg;
	int err;

	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	if (!entry)
		return -EINVAL;
	OVX_INIT(&full);
	err = ovx_sized_in(&full, sizeof(full), entry, OVX_FDB_ENTRY_MIN);
	if (err)
		return err;
	/* Generic netlink takes no NLM_F_CREATE or NLM_F_REPLACE. */
	msg = ovx_nl_msg(ctx, OVX_CMD_FDB_NEW, 0);
	if (!msg)
		return -ENOMEM;
	err = ovx_fdb_put_entry(msg, &full);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return ovx_nl_request(ctx, msg, NULL, NULL);
}

/* fdb-del or fdb-get (do): the network and the MAC. */
static int key_msg(struct ovx_ctx *ctx, uint8_t cmd, const char *net,
		   const uint8_t mac[ETH_ALEN], struct nl_msg **msgp)
{
	struct nl_msg *msg;

	*msgp = NULL;
	if (!ovx_name_ok(net, OVX_NET_NAMSIZ) || !mac)
		return -EINVAL;
	msg = ovx_nl_msg(ctx, cmd, 0);
	if (!msg)
		return -ENOMEM;
	if (nla_put_string(msg, OVX_A_FDB_NET, net) ||
	    nla_put(msg, OVX_A_FDB_MAC, ETH_ALEN, mac)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	*msgp = msg;
	return 0;
}

OVX_EXPORT int ovx_fdb_del(struct ovx_ctx *ctx, const char *net,
			   const uint8_t mac[6])
{
	struct nl_msg *msg;
	int err;

	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	err = key_msg(ctx, OVX_CMD_FDB_DEL, net, mac, &msg);
	if (err)
		return err;
	return ovx_nl_request(ctx, msg, NULL, NULL);
}

static int parse_get(const struct nlmsghdr *nlh, void *arg)
{
	return ovx_fdb_parse(nlh, arg, NULL);
}

OVX_EXPORT int ovx_fdb_get(struct ovx_ctx *ctx, const char *net,
			   const uint8_t mac[6], struct ovx_fdb_entry *out)
{
	struct ovx_fdb_entry entry;
	struct nl_msg *msg;
	int err;

	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	if (ovx_sized_out_ok(out, OVX_FDB_ENTRY_MIN))
		return -EINVAL;
	err = key_msg(ctx, OVX_CMD_FDB_GET, net, mac, &msg);
	if (err)
		return err;
	err = ovx_nl_request_one(ctx, msg, parse_get, &entry);
	if (!err)
		ovx_sized_out(out, &entry, sizeof(entry));
	return err;
}

struct dump_state {
	int (*cb)(const struct ovx_fdb_entry *entry, void *arg);
	void *arg;
};

static int parse_dump(const struct nlmsghdr *nlh, void *arg)
{
	struct dump_state *st = arg;
	struct ovx_fdb_entry entry;
	int err;

	err = ovx_fdb_parse(nlh, &entry, NULL);
	if (err)
		return err;
	err = st->cb(&entry, st->arg);
	return err < 0 ? err : 0;
}

/* An fdb dump or flush request with @filter. */
static int filter_msg(struct ovx_ctx *ctx, uint8_t cmd, int flags,
		      const struct ovx_fdb_filter *filter,
		      struct nl_msg **msgp)
{
	struct ovx_fdb_filter full;
	struct nl_msg *msg;
	int err;

	*msgp = NULL;
	if (filter) {
		OVX_INIT(&full);
		err = ovx_sized_in(&full, sizeof(full), filter,
				   OVX_FDB_FILTER_MIN);
		if (err)
			return err;
		filter = &full;
	}
	msg = ovx_nl_msg(ctx, cmd, flags);
	if (!msg)
		return -ENOMEM;
	err = ovx_fdb_put_filter(msg, filter, cmd == OVX_CMD_FDB_FLUSH);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	*msgp = msg;
	return 0;
}

OVX_EXPORT int ovx_fdb_dump(struct ovx_ctx *ctx,
			    const struct ovx_fdb_filter *filter,
			    int (*cb)(const struct ovx_fdb_entry *entry,
				      void *arg),
			    void *arg)
{
	struct dump_state st = { .cb = cb, .arg = arg };
	struct nl_msg *msg;
	int err;

	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	if (!cb)
		return -EINVAL;
	err = filter_msg(ctx, OVX_CMD_FDB_GET, NLM_F_DUMP, filter, &msg);
	if (err)
		return err;
	return ovx_nl_request(ctx, msg, parse_dump, &st);
}

OVX_EXPORT int ovx_fdb_flush(struct ovx_ctx *ctx,
			     const struct ovx_fdb_filter *filter)
{
	struct nl_msg *msg;
	int err;

	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	err = filter_msg(ctx, OVX_CMD_FDB_FLUSH, 0, filter, &msg);
	if (err)
		return err;
	return ovx_nl_request(ctx, msg, NULL, NULL);
}
