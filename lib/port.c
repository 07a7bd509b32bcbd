// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Ports: attach devices to networks, detach them, get and list them, and
 * the one parser of the family's port messages (replies and
 * notifications alike).
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/ovx.h>
#include <netlink/genl/genl.h>

#include "ovx_private.h"

/* Exact sizes for every fixed-size attribute (see switch.c). */
static const struct nla_policy port_policy[OVX_A_PORT_MAX + 1] = {
	[OVX_A_PORT_IFINDEX]	    = { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_PORT_IFNAME]	    = { .type = NLA_STRING,
					.maxlen = OVX_IFNAMSIZ },
	[OVX_A_PORT_NET]	    = { .type = NLA_STRING,
					.maxlen = OVX_NET_NAMSIZ },
	[OVX_A_PORT_VNI]	    = { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_PORT_SWITCH_IFINDEX] = { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_PORT_ID]		    = { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_PORT_STATS]	    = { .type = NLA_NESTED },
	[OVX_A_PORT_MAC]	    = { .type = NLA_UNSPEC, .minlen = 6,
					.maxlen = 6 },
	[OVX_A_PORT_IP4]	    = { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_PORT_IP6]	    = { .type = NLA_UNSPEC, .minlen = 16,
					.maxlen = 16 },
	[OVX_A_PORT_NAME]	    = { .type = NLA_STRING,
					.maxlen = OVX_NET_NAMSIZ },
	[OVX_A_PORT_SERVICE]	    = { .type = NLA_NESTED },
	[OVX_A_PORT_STANDBY]	    = { .type = NLA_U8, .maxlen = 1 },
	[OVX_A_PORT_SEQ]	    = { .type = NLA_U32, .maxlen = 4 },
};

_Static_assert(OVX_PORT_IPS_MAX == 16,
	       "OVX_PORT_IPS_MAX must match the uapi's");

/*
 * The IP4 and IP6 attributes, repeated and in the kernel's order:
 * nla_parse() checked each against the policy but keeps the last one
 * only, so walk the message.
 */
static int parse_ips(const struct nlmsghdr *nlh, struct ovx_port *port)
{
	const struct genlmsghdr *genl = nlmsg_data(nlh);
	struct nlattr *head = genlmsg_attrdata(genl, 0);
	int len = genlmsg_attrlen(genl, 0), rem;
	const struct nlattr *nla;
	struct ovx_addr *a;

	nla_for_each_attr(nla, head, len, rem) {
		if (nla_type(nla) != OVX_A_PORT_IP4 &&
		    nla_type(nla) != OVX_A_PORT_IP6)
			continue;
		if (port->n_ips == OVX_PORT_IPS_MAX)
			return -EBADMSG;
		a = &port->ips[port->n_ips++];
		if (nla_type(nla) == OVX_A_PORT_IP4) {
			a->family = AF_INET;
			memcpy(&a->u.v4, nla_data(nla), 4);
		} else {
			a->family = AF_INET6;
			memcpy(&a->u.v6, nla_data(nla), 16);
		}
	}
	/* A damaged attribute would hide the addresses after it. */
	return rem > 0 ? -EBADMSG : 0;
}

int ovx_port_parse(const struct nlmsghdr *nlh, struct ovx_port *port)
{
	struct nlattr *tb[OVX_A_PORT_MAX + 1];

	memset(port, 0, sizeof(*port));
	port->size = sizeof(*port);
	if (ovx_nl_parse(nlh, tb, OVX_A_PORT_MAX, port_policy))
		return -EBADMSG;

	if (ovx_attr_ifindex(tb, OVX_A_PORT_IFINDEX, &port->ifindex) ||
	    ovx_attr_name(tb, OVX_A_PORT_IFNAME, port->name,
			  sizeof(port->name)) ||
	    ovx_attr_name(tb, OVX_A_PORT_NET, port->net, sizeof(port->net)) ||
	    ovx_attr_u32(tb, OVX_A_PORT_VNI, &port->vni) ||
	    ovx_attr_ifindex(tb, OVX_A_PORT_SWITCH_IFINDEX,
			     &port->switch_ifindex) ||
	    ovx_attr_u32(tb, OVX_A_PORT_ID, &port->id))
		return -EBADMSG;
	if (!port->vni || port->vni > OVX_NET_VNI_MAX)
		return -EBADMSG;

	if (tb[OVX_A_PORT_STATS]) {
		if (ovx_stats_parse(tb[OVX_A_PORT_STATS], &port->stats))
			return -EBADMSG;
		port->has_stats = true;
	}
	if (tb[OVX_A_PORT_MAC]) {
		if (ovx_attr_bin(tb, OVX_A_PORT_MAC, port->mac, 6))
			return -EBADMSG;
		port->has_mac = true;
	}
	if (tb[OVX_A_PORT_NAME] &&
	    ovx_attr_name(tb, OVX_A_PORT_NAME, port->label,
			  sizeof(port->label)))
		return -EBADMSG;
	if (tb[OVX_A_PORT_STANDBY])
		port->standby = nla_get_u8(tb[OVX_A_PORT_STANDBY]);
	if (tb[OVX_A_PORT_SEQ] &&
	    ovx_attr_u32(tb, OVX_A_PORT_SEQ, &port->seq))
		return -EBADMSG;
	if (tb[OVX_A_PORT_SERVICE]) {
		if (ovx_service_stats_parse(tb[OVX_A_PORT_SERVICE],
					    &port->service_stats))
			return -EBADMSG;
		port->has_service_stats = true;
	}
	return parse_ips(nlh, port);
}

static int check_config(const struct ovx_port_config *cfg)
{
	size_t i;

	if (cfg->ifindex <= 0 || !ovx_name_ok(cfg->net, OVX_NET_NAMSIZ) ||
	    (cfg->name && !ovx_name_ok(cfg->name, OVX_NET_NAMSIZ)))
		return -EINVAL;
	/* The addresses are bound to the MAC: none without it. */
	if (cfg->n_ips > OVX_PORT_IPS_MAX || (cfg->n_ips && !cfg->has_mac))
		return -EINVAL;
	if ((cfg->standby && !cfg->has_mac) || cfg->seq > OVX_MOVE_SEQ_MAX)
		return -EINVAL;
	for (i = 0; i < cfg->n_ips; i++)
		if (cfg->ips[i].family != AF_INET &&
		    cfg->ips[i].family != AF_INET6)
			return cfg->ips[i].family == AF_UNSPEC ? -EINVAL :
								 -EAFNOSUPPORT;
	return 0;
}

int ovx_port_put_config(struct nl_msg *msg,
			const struct ovx_port_config *cfg)
{
	size_t i;
	int err;

	err = check_config(cfg);
	if (err)
		return err;
	if (nla_put_u32(msg, OVX_A_PORT_IFINDEX, (uint32_t)cfg->ifindex) ||
	    nla_put_string(msg, OVX_A_PORT_NET, cfg->net))
		return -ENOMEM;
	if (cfg->has_mac && nla_put(msg, OVX_A_PORT_MAC, 6, cfg->mac))
		return -ENOMEM;
	for (i = 0; i < cfg->n_ips; i++) {
		err = ovx_put_addr(msg, OVX_A_PORT_IP4, OVX_A_PORT_IP6,
				   &cfg->ips[i]);
		if (err)
			return err;
	}
	if (cfg->name && nla_put_string(msg, OVX_A_PORT_NAME, cfg->name))
		return -ENOMEM;
	/* Only when set: a kernel without migration refuses them. */
	if (cfg->standby && nla_put_u8(msg, OVX_A_PORT_STANDBY, 1))
		return -ENOMEM;
	if (cfg->seq && nla_put_u32(msg, OVX_A_PORT_SEQ, cfg->seq))
		return -ENOMEM;
	return 0;
}

/* port-new, port-del or port-get (do): the device, maybe the network. */
static struct nl_msg *port_msg(struct ovx_ctx *ctx, uint8_t cmd,
			       int ifindex, const char *net)
{
	struct nl_msg *msg;

	msg = ovx_nl_msg(ctx, cmd, 0);
	if (!msg)
		return NULL;
	if (nla_put_u32(msg, OVX_A_PORT_IFINDEX, (uint32_t)ifindex) ||
	    (net && nla_put_string(msg, OVX_A_PORT_NET, net))) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

OVX_EXPORT int ovx_port_add(struct ovx_ctx *ctx, int ifindex,
			    const char *net)
{
	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	if (ifindex <= 0 || !ovx_name_ok(net, OVX_NET_NAMSIZ))
		return -EINVAL;
	return ovx_nl_request(ctx, port_msg(ctx, OVX_CMD_PORT_NEW, ifindex,
					    net), NULL, NULL);
}

OVX_EXPORT int ovx_port_add_config(struct ovx_ctx *ctx,
				   const struct ovx_port_config *cfg)
{
	struct ovx_port_config full;
	struct nl_msg *msg;
	int err;

	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	if (!cfg)
		return -EINVAL;
	OVX_INIT(&full);
	err = ovx_sized_in(&full, sizeof(full), cfg, OVX_PORT_CONFIG_MIN);
	if (err)
		return err;
	msg = ovx_nl_msg(ctx, OVX_CMD_PORT_NEW, 0);
	if (!msg)
		return -ENOMEM;
	err = ovx_port_put_config(msg, &full);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return ovx_nl_request(ctx, msg, NULL, NULL);
}

OVX_EXPORT int ovx_port_del(struct ovx_ctx *ctx, int ifindex)
{
	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	if (ifindex <= 0)
		return -EINVAL;
	return ovx_nl_request(ctx, port_msg(ctx, OVX_CMD_PORT_DEL, ifindex,
					    NULL), NULL, NULL);
}

static int parse_get(const struct nlmsghdr *nlh, void *arg)
{
	return ovx_port_parse(nlh, arg);
}

OVX_EXPORT int ovx_port_get(struct ovx_ctx *ctx, int ifindex,
			    struct ovx_port *out)
{
	struct ovx_port port;
	int err;

	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	if (ovx_sized_out_ok(out, OVX_PORT_MIN) || ifindex <= 0)
		return -EINVAL;
	err = ovx_nl_request_one(ctx, port_msg(ctx, OVX_CMD_PORT_GET,
					       ifindex, NULL),
				 parse_get, &port);
	if (!err)
		ovx_sized_out(out, &port, sizeof(port));
	return err;
}

struct dump_state {
	int (*cb)(const struct ovx_port *port, void *arg);
	void *arg;
};

static int parse_dump(const struct nlmsghdr *nlh, void *arg)
{
	struct dump_state *st = arg;
	struct ovx_port port;
	int err;

	err = ovx_port_parse(nlh, &port);
	if (err)
		return err;
	err = st->cb(&port, st->arg);
	return err < 0 ? err : 0;
}

OVX_EXPORT int ovx_port_dump(struct ovx_ctx *ctx, const char *net,
			     int (*cb)(const struct ovx_port *port,
				       void *arg),
			     void *arg)
{
	struct dump_state st = { .cb = cb, .arg = arg };
	struct nl_msg *msg;

	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	if (!cb || (net && !ovx_name_ok(net, OVX_NET_NAMSIZ)))
		return -EINVAL;
	msg = ovx_nl_msg(ctx, OVX_CMD_PORT_GET, NLM_F_DUMP);
	if (msg && net && nla_put_string(msg, OVX_A_PORT_NET, net)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return ovx_nl_request(ctx, msg, parse_dump, &st);
}
