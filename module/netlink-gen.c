// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/ovx.yaml */
/* YNL-GEN kernel source */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "netlink-gen.h"

#include <uapi/linux/ovx.h>

/* Integer value ranges */
static const struct netlink_range_validation ovx_a_switch_ifindex_range = {
	.min	= 1ULL,
	.max	= S32_MAX,
};

/* OVX_CMD_SWITCH_GET - do */
const struct nla_policy ovx_switch_get_nl_policy[OVX_A_SWITCH_IFNAME + 1] = {
	[OVX_A_SWITCH_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovx_a_switch_ifindex_range),
	[OVX_A_SWITCH_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
};

/* Ops table for ovx */
const struct genl_ops ovx_nl_ops[1] = {
	{
		.cmd		= OVX_CMD_SWITCH_GET,
		.doit		= ovx_nl_switch_get_doit,
		.dumpit		= ovx_nl_switch_get_dumpit,
		.policy		= ovx_switch_get_nl_policy,
		.maxattr	= OVX_A_SWITCH_IFNAME,
	},
};

static const struct genl_multicast_group ovx_nl_mcgrps[] = {
	[OVX_NLGRP_EVENTS] = { "events", },
};
