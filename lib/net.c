// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Networks: create, change, delete, get and list them, and the one parser
 * of the family's network messages.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include <linux/ovx.h>
#include <netlink/genl/genl.h>

#include "ovx_private.h"

_Static_assert(OVX_NET_NAMSIZ == OVX_NAME_LEN,
	       "OVX_NET_NAMSIZ must match the uapi OVX_NAME_LEN");
_Static_assert(OVX_NET_VNI_MAX == OVX_VNI_MAX &&
	       OVX_NET_AGEING_MAX == OVX_AGEING_MAX,
	       "the public limits must match the uapi ones");

/* Exact sizes for every fixed-size attribute (see switch.c). */
static const struct nla_policy net_policy[OVX_A_NET_MAX + 1] = {
	[OVX_A_NET_IFINDEX]	= { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_NET_IFNAME]	= { .type = NLA_STRING,
				    .maxlen = OVX_IFNAMSIZ },
	[OVX_A_NET_NAME]	= { .type = NLA_STRING,
				    .maxlen = OVX_NET_NAMSIZ },
	[OVX_A_NET_VNI]		= { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_NET_LEARNING]	= { .type = NLA_U8, .maxlen = 1 },
	[OVX_A_NET_AGEING]	= { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_NET_FDB_MAX]	= { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_NET_FDB_LEARNED]	= { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_NET_FDB_STATIC]	= { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_NET_STATS]	= { .type = NLA_NESTED },
	[OVX_A_NET_ARP_SUPPRESS] = { .type = NLA_U8, .maxlen = 1 },
	[OVX_A_NET_FLOOD_UNKNOWN] = { .type = NLA_U8, .maxlen = 1 },
	[OVX_A_NET_NEIGH_STATIC] = { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_NET_PAD]		= { .type = NLA_UNSPEC },
	[OVX_A_NET_ARP_SUPPRESSED] = { .type = NLA_U64, .maxlen = 8 },
	[OVX_A_NET_DHCP]	= { .type = NLA_U8, .maxlen = 1 },
	[OVX_A_NET_DNS]		= { .type = NLA_U8, .maxlen = 1 },
	[OVX_A_NET_DOMAIN]	= { .type = NLA_STRING,
				    .maxlen = OVX_DOMAIN_SIZ },
	[OVX_A_NET_LEASE]	= { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_NET_DNS_SERVER]	= { .type = NLA_NESTED },
	[OVX_A_NET_SERVICE4]	= { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_NET_SERVICE6]	= { .type = NLA_UNSPEC, .minlen = 16,
				    .maxlen = 16 },
	[OVX_A_NET_SERVICE_PREFIX_LEN4] = { .type = NLA_U8, .maxlen = 1 },
	[OVX_A_NET_SERVICE_PREFIX_LEN6] = { .type = NLA_U8, .maxlen = 1 },
	[OVX_A_NET_SERVICE_MAC]	= { .type = NLA_UNSPEC, .minlen = 6,
				    .maxlen = 6 },
	[OVX_A_NET_SERVICE]	= { .type = NLA_NESTED },
};

/*
 * The settings of address bindings, absent from kernels before them:
 * such a kernel neither suppresses ARP nor drops unknown unicast.
 */
static int parse_neigh(struct nlattr *const *tb, struct ovx_net *net)
{
	uint8_t v;
	int err;

	net->flood_unknown = true;
	err = ovx_attr_u8(tb, OVX_A_NET_ARP_SUPPRESS, &v);
	if (!err && v > 1)
		return -EBADMSG;
	if (!err)
		net->arp_suppress = v;
	else if (err != -ENODATA)
		return err;
	err = ovx_attr_u8(tb, OVX_A_NET_FLOOD_UNKNOWN, &v);
	if (!err && v > 1)
		return -EBADMSG;
	if (!err)
		net->flood_unknown = v;
	else if (err != -ENODATA)
		return err;
	err = ovx_attr_u32(tb, OVX_A_NET_NEIGH_STATIC, &net->neigh_static);
	if (err && err != -ENODATA)
		return err;
	err = ovx_attr_u64(tb, OVX_A_NET_ARP_SUPPRESSED, &net->arp_suppressed);
	if (!err)
		net->has_arp_suppressed = true;
	else if (err != -ENODATA)
		return err;
	return 0;
}

int ovx_net_parse(const struct nlmsghdr *nlh, struct ovx_net *net)
{
	struct nlattr *tb[OVX_A_NET_MAX + 1];
	uint8_t learning;

	memset(net, 0, sizeof(*net));
	net->size = sizeof(*net);
	if (ovx_nl_parse(nlh, tb, OVX_A_NET_MAX, net_policy))
		return -EBADMSG;

	if (ovx_attr_ifindex(tb, OVX_A_NET_IFINDEX, &net->switch_ifindex) ||
	    ovx_attr_name(tb, OVX_A_NET_IFNAME, net->switch_name,
			  sizeof(net->switch_name)) ||
	    ovx_attr_name(tb, OVX_A_NET_NAME, net->name, sizeof(net->name)) ||
	    ovx_attr_u32(tb, OVX_A_NET_VNI, &net->vni) ||
	    ovx_attr_u8(tb, OVX_A_NET_LEARNING, &learning) ||
	    ovx_attr_u32(tb, OVX_A_NET_AGEING, &net->ageing) ||
	    ovx_attr_u32(tb, OVX_A_NET_FDB_MAX, &net->fdb_max) ||
	    ovx_attr_u32(tb, OVX_A_NET_FDB_LEARNED, &net->fdb_learned) ||
	    ovx_attr_u32(tb, OVX_A_NET_FDB_STATIC, &net->fdb_static))
		return -EBADMSG;
	if (!net->vni || net->vni > OVX_NET_VNI_MAX || learning > 1)
		return -EBADMSG;
	net->learning = learning;

	if (tb[OVX_A_NET_STATS]) {
		if (ovx_stats_parse(tb[OVX_A_NET_STATS], &net->stats))
			return -EBADMSG;
		net->has_stats = true;
	}
	if (parse_neigh(tb, net))
		return -EBADMSG;
	return ovx_net_parse_services(nlh, tb, net) ? -EBADMSG : 0;
}

static int check_config(const struct ovx_net_config *cfg, bool add)
{
	if (!ovx_name_ok(cfg->name, OVX_NET_NAMSIZ))
		return -EINVAL;
	if (cfg->learning < -1 || cfg->learning > 1 ||
	    cfg->arp_suppress < -1 || cfg->arp_suppress > 1 ||
	    cfg->flood_unknown < -1 || cfg->flood_unknown > 1 ||
	    cfg->ageing < -1 || cfg->ageing > OVX_NET_AGEING_MAX ||
	    cfg->fdb_max < -1 || cfg->fdb_max > UINT32_MAX)
		return -EINVAL;
	if (ovx_net_check_services(cfg))
		return -EINVAL;
	if (!add)
		return cfg->vni || cfg->switch_name || cfg->switch_ifindex ?
		       -EINVAL : 0;
	if (!cfg->vni || cfg->vni > OVX_NET_VNI_MAX)
		return -EINVAL;
	if (cfg->switch_ifindex < 0 ||
	    (cfg->switch_name && cfg->switch_ifindex))
		return -EINVAL;
	if (cfg->switch_name && !ovx_name_ok(cfg->switch_name, OVX_IFNAMSIZ))
		return -EINVAL;
	return 0;
}

int ovx_net_put_config(struct nl_msg *msg, const struct ovx_net_config *cfg,
		       bool add)
{
	int err;

	err = check_config(cfg, add);
	if (err)
		return err;
	if (add) {
		if (cfg->switch_ifindex &&
		    nla_put_u32(msg, OVX_A_NET_IFINDEX,
				(uint32_t)cfg->switch_ifindex))
			return -ENOMEM;
		if (cfg->switch_name &&
		    nla_put_string(msg, OVX_A_NET_IFNAME, cfg->switch_name))
			return -ENOMEM;
	}
	if (nla_put_string(msg, OVX_A_NET_NAME, cfg->name))
		return -ENOMEM;
	if (add && nla_put_u32(msg, OVX_A_NET_VNI, cfg->vni))
		return -ENOMEM;
	if (cfg->learning >= 0 &&
	    nla_put_u8(msg, OVX_A_NET_LEARNING, (uint8_t)cfg->learning))
		return -ENOMEM;
	if (cfg->ageing >= 0 &&
	    nla_put_u32(msg, OVX_A_NET_AGEING, (uint32_t)cfg->ageing))
		return -ENOMEM;
	if (cfg->fdb_max >= 0 &&
	    nla_put_u32(msg, OVX_A_NET_FDB_MAX, (uint32_t)cfg->fdb_max))
		return -ENOMEM;
	if (cfg->arp_suppress >= 0 &&
	    nla_put_u8(msg, OVX_A_NET_ARP_SUPPRESS,
		       (uint8_t)cfg->arp_suppress))
		return -ENOMEM;
	if (cfg->flood_unknown >= 0 &&
	    nla_put_u8(msg, OVX_A_NET_FLOOD_UNKNOWN,
		       (uint8_t)cfg->flood_unknown))
		return -ENOMEM;
	return ovx_net_put_services(msg, cfg);
}

/* Builds and sends net-new or net-set. */
static int send_config(struct ovx_ctx *ctx, const struct ovx_net_config *cfg,
		       bool add)
{
	struct nl_msg *msg;
	int err;

	/*
	 * No NLM_F_CREATE or NLM_F_EXCL: generic netlink refuses every flag
	 * but REQUEST, ACK, ECHO and DUMP; net-new always creates.
	 */
	msg = ovx_nl_msg(ctx, add ? OVX_CMD_NET_NEW : OVX_CMD_NET_SET, 0);
	if (!msg)
		return -ENOMEM;
	err = ovx_net_put_config(msg, cfg, add);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return ovx_nl_request(ctx, msg, NULL, NULL);
}

OVX_EXPORT int ovx_net_add(struct ovx_ctx *ctx,
			   const struct ovx_net_config *cfg)
{
	struct ovx_net_config full;
	struct ovx_switch sw;
	int err;

	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	if (!cfg)
		return -EINVAL;
	ovx_net_config_init(&full, NULL);
	err = ovx_sized_in(&full, sizeof(full), cfg, OVX_NET_CONFIG_MIN);
	if (!err)
		err = check_config(&full, true);
	if (err)
		return err;
	if (!full.switch_name && !full.switch_ifindex) {
		OVX_INIT(&sw);
		err = ovx_switch_get_only(ctx, &sw);
		if (err)
			return err;
		full.switch_ifindex = sw.ifindex;
	}
	return send_config(ctx, &full, true);
}

OVX_EXPORT int ovx_net_set(struct ovx_ctx *ctx,
			   const struct ovx_net_config *cfg)
{
	struct ovx_net_config full;
	int err;

	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	if (!cfg)
		return -EINVAL;
	ovx_net_config_init(&full, NULL);
	err = ovx_sized_in(&full, sizeof(full), cfg, OVX_NET_CONFIG_MIN);
	if (err)
		return err;
	return send_config(ctx, &full, false);
}

/* A request that names one network: net-del, or net-get (do). */
static struct nl_msg *name_msg(struct ovx_ctx *ctx, uint8_t cmd,
			       const char *name)
{
	struct nl_msg *msg;

	msg = ovx_nl_msg(ctx, cmd, 0);
	if (msg && nla_put_string(msg, OVX_A_NET_NAME, name)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

OVX_EXPORT int ovx_net_del(struct ovx_ctx *ctx, const char *name)
{
	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	if (!ovx_name_ok(name, OVX_NET_NAMSIZ))
		return -EINVAL;
	return ovx_nl_request(ctx, name_msg(ctx, OVX_CMD_NET_DEL, name),
			      NULL, NULL);
}

static int parse_get(const struct nlmsghdr *nlh, void *arg)
{
	return ovx_net_parse(nlh, arg);
}

OVX_EXPORT int ovx_net_get(struct ovx_ctx *ctx, const char *name,
			   struct ovx_net *out)
{
	struct ovx_net net;
	int err;

	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	if (ovx_sized_out_ok(out, OVX_NET_MIN) ||
	    !ovx_name_ok(name, OVX_NET_NAMSIZ))
		return -EINVAL;
	err = ovx_nl_request_one(ctx, name_msg(ctx, OVX_CMD_NET_GET, name),
				 parse_get, &net);
	if (!err)
		ovx_sized_out(out, &net, sizeof(net));
	return err;
}

struct dump_state {
	int (*cb)(const struct ovx_net *net, void *arg);
	void *arg;
};

static int parse_dump(const struct nlmsghdr *nlh, void *arg)
{
	struct dump_state *st = arg;
	struct ovx_net net;
	int err;

	err = ovx_net_parse(nlh, &net);
	if (err)
		return err;
	err = st->cb(&net, st->arg);
	return err < 0 ? err : 0;
}

OVX_EXPORT int ovx_net_dump(struct ovx_ctx *ctx, int switch_ifindex,
			    int (*cb)(const struct ovx_net *net, void *arg),
			    void *arg)
{
	struct dump_state st = { .cb = cb, .arg = arg };
	struct nl_msg *msg;

	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	if (!cb || switch_ifindex < 0)
		return -EINVAL;
	msg = ovx_nl_msg(ctx, OVX_CMD_NET_GET, NLM_F_DUMP);
	if (msg && switch_ifindex &&
	    nla_put_u32(msg, OVX_A_NET_IFINDEX, (uint32_t)switch_ifindex)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return ovx_nl_request(ctx, msg, parse_dump, &st);
}
