// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Switches: created and deleted with rtnetlink (link kind "ovx"), shown
 * through the ovx family, and the one parser of the family's switch
 * messages.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/ovx.h>
#include <linux/rtnetlink.h>
#include <netlink/genl/genl.h>

#include "ovx_private.h"

/* The kernel's name of the link kind, and its reply to an unknown kind. */
#define OVX_LINK_KIND		"ovx"
#define UNKNOWN_KIND_MSG	"Unknown device type"

/*
 * libnl checks only minimum lengths for its integer types; the maxlen
 * entries make every fixed-size attribute exact.  The getters of attr.c
 * check the lengths once more.
 */
static const struct nla_policy switch_policy[OVX_A_SWITCH_MAX + 1] = {
	[OVX_A_SWITCH_IFINDEX]	= { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_SWITCH_IFNAME]	= { .type = NLA_STRING,
				    .maxlen = OVX_IFNAMSIZ },
	[OVX_A_SWITCH_LOCAL4]	= { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_SWITCH_LOCAL6]	= { .type = NLA_UNSPEC, .minlen = 16,
				    .maxlen = 16 },
	[OVX_A_SWITCH_PORT]	= { .type = NLA_U16, .maxlen = 2 },
	[OVX_A_SWITCH_TTL]	= { .type = NLA_U8, .maxlen = 1 },
	[OVX_A_SWITCH_TOS]	= { .type = NLA_U8, .maxlen = 1 },
	[OVX_A_SWITCH_DF]	= { .type = NLA_U8, .maxlen = 1 },
	[OVX_A_SWITCH_ENCAP]	= { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_SWITCH_STATS]	= { .type = NLA_NESTED },
	[OVX_A_SWITCH_DROPS]	= { .type = NLA_NESTED },
	[OVX_A_SWITCH_OVERHEAD]	= { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_SWITCH_UNDERLAY_MTU] = { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_SWITCH_INNER_MTU] = { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_SWITCH_UDP_ZERO_CSUM6_TX] = { .type = NLA_U8, .maxlen = 1 },
	[OVX_A_SWITCH_UDP_ZERO_CSUM6_RX] = { .type = NLA_U8, .maxlen = 1 },
	[OVX_A_SWITCH_LISTENER]	= { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_SWITCH_SERVICE_RATE] = { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_SWITCH_SERVICE_BURST] = { .type = NLA_U32, .maxlen = 4 },
	[OVX_A_SWITCH_DNS_UPSTREAM] = { .type = NLA_NESTED },
	[OVX_A_SWITCH_SERVICE]	= { .type = NLA_NESTED },
};

/* The three sizes come together, or not at all from an older kernel. */
static int parse_mtu(struct nlattr *const *tb, struct ovx_switch *sw)
{
	int n = !!tb[OVX_A_SWITCH_OVERHEAD] + !!tb[OVX_A_SWITCH_UNDERLAY_MTU] +
		!!tb[OVX_A_SWITCH_INNER_MTU];

	if (!n)
		return 0;
	if (n != 3 ||
	    ovx_attr_u32(tb, OVX_A_SWITCH_OVERHEAD, &sw->overhead) ||
	    ovx_attr_u32(tb, OVX_A_SWITCH_UNDERLAY_MTU, &sw->underlay_mtu) ||
	    ovx_attr_u32(tb, OVX_A_SWITCH_INNER_MTU, &sw->inner_mtu))
		return -EBADMSG;
	sw->has_mtu = true;
	return 0;
}

/*
 * Absent from kernels without the settings, which behave as with 0: they
 * send and require checksums over IPv6.
 */
static int parse_flag(struct nlattr *const *tb, int type, bool *out)
{
	uint8_t v;

	if (!tb[type])
		return 0;
	if (ovx_attr_u8(tb, type, &v))
		return -EBADMSG;
	*out = v;
	return 0;
}

int ovx_switch_parse(const struct nlmsghdr *nlh, struct ovx_switch *sw)
{
	struct nlattr *tb[OVX_A_SWITCH_MAX + 1];
	uint32_t ifindex, encap;
	uint16_t port;
	uint8_t df;
	const char *name;
	size_t len;

	memset(sw, 0, sizeof(*sw));
	sw->size = sizeof(*sw);
	if (ovx_nl_parse(nlh, tb, OVX_A_SWITCH_MAX, switch_policy))
		return -EBADMSG;

	if (ovx_attr_u32(tb, OVX_A_SWITCH_IFINDEX, &ifindex) ||
	    !ifindex || ifindex > INT_MAX)
		return -EBADMSG;
	sw->ifindex = (int)ifindex;

	if (ovx_attr_str(tb, OVX_A_SWITCH_IFNAME, &name))
		return -EBADMSG;
	len = strlen(name);
	if (!len || len >= sizeof(sw->name))
		return -EBADMSG;
	memcpy(sw->name, name, len + 1);

	if (ovx_attr_addr(tb, OVX_A_SWITCH_LOCAL4, OVX_A_SWITCH_LOCAL6,
			  &sw->local) ||
	    ovx_attr_u16(tb, OVX_A_SWITCH_PORT, &port) ||
	    ovx_attr_u8(tb, OVX_A_SWITCH_TTL, &sw->ttl) ||
	    ovx_attr_u8(tb, OVX_A_SWITCH_TOS, &sw->tos) ||
	    ovx_attr_u8(tb, OVX_A_SWITCH_DF, &df) ||
	    ovx_attr_u32(tb, OVX_A_SWITCH_ENCAP, &encap))
		return -EBADMSG;
	sw->port = ntohs(port);
	/* Kept as sent, so a value from a newer kernel shows as a number. */
	sw->df = (enum ovx_switch_df)df;
	if (encap > INT_MAX)
		return -EBADMSG;
	sw->encap = (enum ovx_switch_encap)encap;

	if (tb[OVX_A_SWITCH_STATS]) {
		if (ovx_stats_parse(tb[OVX_A_SWITCH_STATS], &sw->stats))
			return -EBADMSG;
		sw->has_stats = true;
	}
	if (tb[OVX_A_SWITCH_DROPS]) {
		if (ovx_drops_parse(tb[OVX_A_SWITCH_DROPS], &sw->drops))
			return -EBADMSG;
		sw->has_drops = true;
	}
	if (parse_flag(tb, OVX_A_SWITCH_UDP_ZERO_CSUM6_TX,
		       &sw->udp_zero_csum6_tx) ||
	    parse_flag(tb, OVX_A_SWITCH_UDP_ZERO_CSUM6_RX,
		       &sw->udp_zero_csum6_rx))
		return -EBADMSG;
	if (parse_mtu(tb, sw))
		return -EBADMSG;
	return ovx_switch_parse_services(nlh, tb, sw) ? -EBADMSG : 0;
}

/*
 * The public enums are ours, the uapi ones the kernel's: values go
 * through unchanged both ways, so they must agree.
 */
_Static_assert((int)OVX_SWITCH_ENCAP_VXLAN == (int)OVX_ENCAP_VXLAN &&
	       (int)OVX_SWITCH_ENCAP_GENEVE == (int)OVX_ENCAP_GENEVE,
	       "enum ovx_switch_encap must match the uapi enum ovx_encap");
_Static_assert((int)OVX_SWITCH_DF_UNSET == (int)OVX_DF_UNSET &&
	       (int)OVX_SWITCH_DF_SET == (int)OVX_DF_SET,
	       "enum ovx_switch_df must match the uapi enum ovx_df");

static bool valid_name(const char *name)
{
	return ovx_name_ok(name, OVX_IFNAMSIZ);
}

static int check_config(const struct ovx_switch_config *cfg)
{
	if (!valid_name(cfg->name))
		return -EINVAL;
	if (cfg->local.family != AF_UNSPEC && cfg->local.family != AF_INET &&
	    cfg->local.family != AF_INET6)
		return -EAFNOSUPPORT;
	if (cfg->ttl < -1 || cfg->ttl > UINT8_MAX ||
	    cfg->tos < -1 || cfg->tos > UINT8_MAX)
		return -EINVAL;
	if (cfg->df != -1 && cfg->df != OVX_SWITCH_DF_UNSET &&
	    cfg->df != OVX_SWITCH_DF_SET)
		return -EINVAL;
	if (cfg->encap != -1 && cfg->encap != OVX_SWITCH_ENCAP_VXLAN &&
	    cfg->encap != OVX_SWITCH_ENCAP_GENEVE)
		return -EINVAL;
	if (cfg->udp_zero_csum6_tx < -1 || cfg->udp_zero_csum6_tx > 1 ||
	    cfg->udp_zero_csum6_rx < -1 || cfg->udp_zero_csum6_rx > 1)
		return -EINVAL;
	return 0;
}

/* IFLA_INFO_DATA of link kind "ovx": only what the caller set. */
static int put_link_data(struct nl_msg *msg,
			 const struct ovx_switch_config *cfg)
{
	/* check_config() allowed AF_UNSPEC, AF_INET and AF_INET6 only. */
	if (cfg->local.family != AF_UNSPEC &&
	    ovx_put_addr(msg, IFLA_OVX_LOCAL4, IFLA_OVX_LOCAL6, &cfg->local))
		return -ENOMEM;
	if (cfg->port && nla_put_u16(msg, IFLA_OVX_PORT, htons(cfg->port)))
		return -ENOMEM;
	if (cfg->ttl >= 0 && nla_put_u8(msg, IFLA_OVX_TTL, (uint8_t)cfg->ttl))
		return -ENOMEM;
	if (cfg->tos >= 0 && nla_put_u8(msg, IFLA_OVX_TOS, (uint8_t)cfg->tos))
		return -ENOMEM;
	if (cfg->df >= 0 && nla_put_u8(msg, IFLA_OVX_DF, (uint8_t)cfg->df))
		return -ENOMEM;
	if (cfg->encap >= 0 &&
	    nla_put_u32(msg, IFLA_OVX_ENCAP, (uint32_t)cfg->encap))
		return -ENOMEM;
	if (cfg->udp_zero_csum6_tx >= 0 &&
	    nla_put_u8(msg, IFLA_OVX_UDP_ZERO_CSUM6_TX,
		       (uint8_t)cfg->udp_zero_csum6_tx))
		return -ENOMEM;
	if (cfg->udp_zero_csum6_rx >= 0 &&
	    nla_put_u8(msg, IFLA_OVX_UDP_ZERO_CSUM6_RX,
		       (uint8_t)cfg->udp_zero_csum6_rx))
		return -ENOMEM;
	return 0;
}

int ovx_switch_newlink_msg(const struct ovx_switch_config *cfg,
			   struct nl_msg **msgp)
{
	/* Created up: its tunnel socket opens, and it switches right away. */
	struct ifinfomsg ifi = {
		.ifi_family = AF_UNSPEC,
		.ifi_flags = IFF_UP,
		.ifi_change = IFF_UP,
	};
	struct nlattr *linkinfo, *data;
	struct nl_msg *msg;
	int err;

	*msgp = NULL;
	err = check_config(cfg);
	if (err)
		return err;

	msg = ovx_nl_route_msg(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, &ifi,
			       sizeof(ifi));
	if (!msg)
		return -ENOMEM;
	if (nla_put_string(msg, IFLA_IFNAME, cfg->name))
		goto nomem;
	linkinfo = nla_nest_start(msg, IFLA_LINKINFO | NLA_F_NESTED);
	if (!linkinfo || nla_put_string(msg, IFLA_INFO_KIND, OVX_LINK_KIND))
		goto nomem;
	data = nla_nest_start(msg, IFLA_INFO_DATA | NLA_F_NESTED);
	if (!data || put_link_data(msg, cfg))
		goto nomem;
	nla_nest_end(msg, data);
	nla_nest_end(msg, linkinfo);
	*msgp = msg;
	return 0;
nomem:
	nlmsg_free(msg);
	return -ENOMEM;
}

OVX_EXPORT int ovx_switch_add(struct ovx_ctx *ctx,
			      const struct ovx_switch_config *cfg)
{
	struct ovx_switch_config full;
	struct nl_msg *msg;
	const char *msgtext;
	int err;

	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	if (!cfg)
		return -EINVAL;
	ovx_switch_config_init(&full, NULL);
	err = ovx_sized_in(&full, sizeof(full), cfg, OVX_SWITCH_CONFIG_MIN);
	if (err)
		return err;
	err = ovx_switch_newlink_msg(&full, &msg);
	if (err)
		return err;
	err = ovx_nl_route_request(ctx, msg, sizeof(struct ifinfomsg), NULL,
				   NULL);
	/*
	 * Without the module the kernel tries to load "rtnl-link-ovx", then
	 * answers that it does not know the kind.  A create with NLM_F_EXCL
	 * reaches nothing else that answers -EOPNOTSUPP, but a message
	 * other than the core's means somebody else spoke: keep it.
	 */
	msgtext = ovx_errmsg(ctx);
	if (err == -EOPNOTSUPP &&
	    (!msgtext || !strcmp(msgtext, UNKNOWN_KIND_MSG)))
		err = -EPROTONOSUPPORT;
	return err;
}

static int get_msg(struct ovx_ctx *ctx, const char *name,
		   struct nl_msg **msgp)
{
	struct nl_msg *msg;

	*msgp = NULL;
	if (!valid_name(name))
		return -EINVAL;
	msg = ovx_nl_msg(ctx, OVX_CMD_SWITCH_GET, 0);
	if (!msg)
		return -ENOMEM;
	if (nla_put_string(msg, OVX_A_SWITCH_IFNAME, name)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	*msgp = msg;
	return 0;
}

/* The answer of a do request: exactly one switch. */
struct get_state {
	struct ovx_switch *out;
	int count;
};

static int parse_get(const struct nlmsghdr *nlh, void *arg)
{
	struct get_state *st = arg;

	if (st->count++)
		return -EPROTO;
	return ovx_switch_parse(nlh, st->out);
}

static int switch_get(struct ovx_ctx *ctx, const char *name,
		      struct ovx_switch *out)
{
	struct get_state st = { .out = out };
	struct nl_msg *msg;
	int err;

	err = get_msg(ctx, name, &msg);
	if (err)
		return err;
	err = ovx_nl_request(ctx, msg, parse_get, &st);
	if (!err && st.count != 1)
		err = -EPROTO;		/* ACKed without an answer */
	return err;
}

OVX_EXPORT int ovx_switch_get(struct ovx_ctx *ctx, const char *name,
			      struct ovx_switch *out)
{
	struct ovx_switch sw;
	int err;

	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	if (ovx_sized_out_ok(out, OVX_SWITCH_MIN))
		return -EINVAL;
	err = switch_get(ctx, name, &sw);
	if (!err)
		ovx_sized_out(out, &sw, sizeof(sw));
	return err;
}

OVX_EXPORT int ovx_switch_del(struct ovx_ctx *ctx, const char *name)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct ovx_switch sw;
	struct nl_msg *msg;
	int err;

	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	/*
	 * RTM_DELLINK deletes any kind of device, and the kernel does not
	 * check IFLA_INFO_KIND on delete: make sure it is a switch first,
	 * then delete it by index, so that a device renamed in between is
	 * not hit.  Interface indexes are not reused soon.
	 */
	err = switch_get(ctx, name, &sw);
	if (err)
		return err;
	ifi.ifi_index = sw.ifindex;
	msg = ovx_nl_route_msg(RTM_DELLINK, 0, &ifi, sizeof(ifi));
	return ovx_nl_route_request(ctx, msg, sizeof(ifi), NULL, NULL);
}

struct dump_state {
	int (*cb)(const struct ovx_switch *sw, void *arg);
	void *arg;
};

static int parse_dump(const struct nlmsghdr *nlh, void *arg)
{
	struct dump_state *st = arg;
	struct ovx_switch sw;
	int err;

	err = ovx_switch_parse(nlh, &sw);
	if (err)
		return err;
	err = st->cb(&sw, st->arg);
	return err < 0 ? err : 0;
}

OVX_EXPORT int ovx_switch_dump(struct ovx_ctx *ctx,
			       int (*cb)(const struct ovx_switch *sw,
					 void *arg),
			       void *arg)
{
	struct dump_state st = { .cb = cb, .arg = arg };

	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	if (!cb)
		return -EINVAL;
	return ovx_nl_request(ctx, ovx_nl_msg(ctx, OVX_CMD_SWITCH_GET,
					       NLM_F_DUMP),
			      parse_dump, &st);
}

struct only_state {
	struct ovx_switch *out;
	int count;
};

static int count_switch(const struct ovx_switch *sw, void *arg)
{
	struct only_state *st = arg;

	if (!st->count++)
		*st->out = *sw;
	return 0;
}

OVX_EXPORT int ovx_switch_get_only(struct ovx_ctx *ctx,
				   struct ovx_switch *out)
{
	struct ovx_switch sw;
	struct only_state st = { .out = &sw };
	int err;

	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	if (ovx_sized_out_ok(out, OVX_SWITCH_MIN))
		return -EINVAL;
	err = ovx_switch_dump(ctx, count_switch, &st);
	if (err)
		return err;
	if (st.count == 0)
		return -ENODEV;
	if (st.count > 1)
		return -ENOTUNIQ;
	ovx_sized_out(out, &sw, sizeof(sw));
	return 0;
}
