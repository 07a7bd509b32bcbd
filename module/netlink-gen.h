/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/ovx.yaml */
/* YNL-GEN kernel header */

#ifndef _LINUX_OVX_GEN_H
#define _LINUX_OVX_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/ovx.h>

extern const struct nla_policy ovx_switch_get_nl_policy[OVX_A_SWITCH_IFNAME + 1];

/* Ops table for ovx */
extern const struct genl_ops ovx_nl_ops[1];

int ovx_nl_switch_get_doit(struct sk_buff *skb, struct genl_info *info);
int ovx_nl_switch_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);

enum {
	OVX_NLGRP_EVENTS,
};

#endif /* _LINUX_OVX_GEN_H */
