/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/ovx.yaml */
/* YNL-GEN kernel header */

#ifndef _LINUX_OVX_GEN_H
#define _LINUX_OVX_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/ovx.h>

/* Common nested types */
extern const struct nla_policy ovx_addr_nl_policy[OVX_A_ADDR_ADDR6 + 1];
extern const struct nla_policy ovx_router_addr_nl_policy[OVX_A_ROUTER_ADDR_PREFIX_LEN + 1];

extern const struct nla_policy ovx_switch_get_nl_policy[OVX_A_SWITCH_IFNAME + 1];

extern const struct nla_policy ovx_net_new_nl_policy[OVX_A_NET_SERVICE_MAC + 1];

extern const struct nla_policy ovx_net_del_nl_policy[OVX_A_NET_NAME + 1];

extern const struct nla_policy ovx_net_set_nl_policy[OVX_A_NET_SERVICE_MAC + 1];

extern const struct nla_policy ovx_net_get_nl_policy[OVX_A_NET_NAME + 1];

extern const struct nla_policy ovx_port_new_nl_policy[OVX_A_PORT_SEQ + 1];

extern const struct nla_policy ovx_port_del_nl_policy[OVX_A_PORT_IFINDEX + 1];

extern const struct nla_policy ovx_port_get_nl_policy[OVX_A_PORT_NET + 1];

extern const struct nla_policy ovx_fdb_new_nl_policy[OVX_A_FDB_SEQ + 1];

extern const struct nla_policy ovx_fdb_del_nl_policy[OVX_A_FDB_MAC + 1];

extern const struct nla_policy ovx_fdb_get_nl_policy[OVX_A_FDB_LEARNED + 1];

extern const struct nla_policy ovx_fdb_flush_nl_policy[OVX_A_FDB_LEARNED + 1];

extern const struct nla_policy ovx_peer_new_nl_policy[OVX_A_PEER_NET + 1];

extern const struct nla_policy ovx_peer_del_nl_policy[OVX_A_PEER_NET + 1];

extern const struct nla_policy ovx_peer_get_nl_policy[OVX_A_PEER_ADDR6 + 1];

extern const struct nla_policy ovx_neigh_new_nl_policy[OVX_A_NEIGH_NAME + 1];

extern const struct nla_policy ovx_neigh_del_nl_policy[OVX_A_NEIGH_ADDR6 + 1];

extern const struct nla_policy ovx_neigh_get_nl_policy[OVX_A_NEIGH_LEARNED + 1];

extern const struct nla_policy ovx_router_new_nl_policy[OVX_A_ROUTER_MAC + 1];

extern const struct nla_policy ovx_router_del_nl_policy[OVX_A_ROUTER_NAME + 1];

extern const struct nla_policy ovx_router_get_nl_policy[OVX_A_ROUTER_NAME + 1];

extern const struct nla_policy ovx_router_attach_nl_policy[OVX_A_ROUTER_ADDR + 1];

extern const struct nla_policy ovx_router_detach_nl_policy[OVX_A_ROUTER_NET + 1];

extern const struct nla_policy ovx_route_new_nl_policy[OVX_A_ROUTE_VIA6 + 1];

extern const struct nla_policy ovx_route_del_nl_policy[OVX_A_ROUTE_PREFIX_LEN + 1];

extern const struct nla_policy ovx_route_get_nl_policy[OVX_A_ROUTE_PREFIX_LEN + 1];

extern const struct nla_policy ovx_switch_set_nl_policy[OVX_A_SWITCH_DNS_UPSTREAM + 1];

extern const struct nla_policy ovx_packet_listen_nl_policy[OVX_A_PACKET_SWITCH_IFINDEX + 1];

extern const struct nla_policy ovx_packet_unlisten_nl_policy[OVX_A_PACKET_SWITCH_IFINDEX + 1];

extern const struct nla_policy ovx_packet_send_nl_policy[OVX_A_PACKET_FRAME + 1];

/* Ops table for ovx */
extern const struct genl_ops ovx_nl_ops[30];

int ovx_nl_switch_get_doit(struct sk_buff *skb, struct genl_info *info);
int ovx_nl_switch_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int ovx_nl_net_new_doit(struct sk_buff *skb, struct genl_info *info);
int ovx_nl_net_del_doit(struct sk_buff *skb, struct genl_info *info);
int ovx_nl_net_set_doit(struct sk_buff *skb, struct genl_info *info);
int ovx_nl_net_get_doit(struct sk_buff *skb, struct genl_info *info);
int ovx_nl_net_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int ovx_nl_port_new_doit(struct sk_buff *skb, struct genl_info *info);
int ovx_nl_port_del_doit(struct sk_buff *skb, struct genl_info *info);
int ovx_nl_port_get_doit(struct sk_buff *skb, struct genl_info *info);
int ovx_nl_port_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int ovx_nl_fdb_new_doit(struct sk_buff *skb, struct genl_info *info);
int ovx_nl_fdb_del_doit(struct sk_buff *skb, struct genl_info *info);
int ovx_nl_fdb_get_doit(struct sk_buff *skb, struct genl_info *info);
int ovx_nl_fdb_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int ovx_nl_fdb_flush_doit(struct sk_buff *skb, struct genl_info *info);
int ovx_nl_peer_new_doit(struct sk_buff *skb, struct genl_info *info);
int ovx_nl_peer_del_doit(struct sk_buff *skb, struct genl_info *info);
int ovx_nl_peer_get_doit(struct sk_buff *skb, struct genl_info *info);
int ovx_nl_peer_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int ovx_nl_neigh_new_doit(struct sk_buff *skb, struct genl_info *info);
int ovx_nl_neigh_del_doit(struct sk_buff *skb, struct genl_info *info);
int ovx_nl_neigh_get_doit(struct sk_buff *skb, struct genl_info *info);
int ovx_nl_neigh_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int ovx_nl_router_new_doit(struct sk_buff *skb, struct genl_info *info);
int ovx_nl_router_del_doit(struct sk_buff *skb, struct genl_info *info);
int ovx_nl_router_get_doit(struct sk_buff *skb, struct genl_info *info);
int ovx_nl_router_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int ovx_nl_router_attach_doit(struct sk_buff *skb, struct genl_info *info);
int ovx_nl_router_detach_doit(struct sk_buff *skb, struct genl_info *info);
int ovx_nl_route_new_doit(struct sk_buff *skb, struct genl_info *info);
int ovx_nl_route_del_doit(struct sk_buff *skb, struct genl_info *info);
int ovx_nl_route_get_doit(struct sk_buff *skb, struct genl_info *info);
int ovx_nl_route_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int ovx_nl_switch_set_doit(struct sk_buff *skb, struct genl_info *info);
int ovx_nl_packet_listen_doit(struct sk_buff *skb, struct genl_info *info);
int ovx_nl_packet_unlisten_doit(struct sk_buff *skb, struct genl_info *info);
int ovx_nl_packet_send_doit(struct sk_buff *skb, struct genl_info *info);

enum {
	OVX_NLGRP_EVENTS,
};

#endif /* _LINUX_OVX_GEN_H */
