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

static const struct netlink_range_validation ovx_a_switch_service_rate_range = {
	.min	= 1ULL,
	.max	= 1000000ULL,
};

static const struct netlink_range_validation ovx_a_switch_service_burst_range = {
	.min	= 1ULL,
	.max	= 1000000ULL,
};

static const struct netlink_range_validation ovx_a_net_ifindex_range = {
	.min	= 1ULL,
	.max	= S32_MAX,
};

static const struct netlink_range_validation ovx_a_net_vni_range = {
	.min	= 1ULL,
	.max	= OVX_VNI_MAX,
};

static const struct netlink_range_validation ovx_a_net_ageing_range = {
	.max	= OVX_AGEING_MAX,
};

static const struct netlink_range_validation ovx_a_net_lease_range = {
	.min	= 10ULL,
	.max	= 31536000ULL,
};

static const struct netlink_range_validation ovx_a_port_ifindex_range = {
	.min	= 1ULL,
	.max	= S32_MAX,
};

static const struct netlink_range_validation ovx_a_port_seq_range = {
	.max	= 65535ULL,
};

static const struct netlink_range_validation ovx_a_fdb_port_ifindex_range = {
	.min	= 1ULL,
	.max	= S32_MAX,
};

static const struct netlink_range_validation ovx_a_fdb_seq_range = {
	.max	= 65535ULL,
};

static const struct netlink_range_validation ovx_a_neigh_port_ifindex_range = {
	.min	= 1ULL,
	.max	= S32_MAX,
};

static const struct netlink_range_validation ovx_a_peer_switch_ifindex_range = {
	.min	= 1ULL,
	.max	= S32_MAX,
};

static const struct netlink_range_validation ovx_a_router_switch_ifindex_range = {
	.min	= 1ULL,
	.max	= S32_MAX,
};

static const struct netlink_range_validation ovx_a_packet_switch_ifindex_range = {
	.min	= 1ULL,
	.max	= S32_MAX,
};

static const struct netlink_range_validation ovx_a_packet_port_ifindex_range = {
	.min	= 1ULL,
	.max	= S32_MAX,
};

/* Common nested types */
const struct nla_policy ovx_addr_nl_policy[OVX_A_ADDR_ADDR6 + 1] = {
	[OVX_A_ADDR_ADDR4] = { .type = NLA_U32, },
	[OVX_A_ADDR_ADDR6] = NLA_POLICY_EXACT_LEN(16),
};

const struct nla_policy ovx_router_addr_nl_policy[OVX_A_ROUTER_ADDR_PREFIX_LEN + 1] = {
	[OVX_A_ROUTER_ADDR_ADDR4] = { .type = NLA_U32, },
	[OVX_A_ROUTER_ADDR_ADDR6] = NLA_POLICY_EXACT_LEN(16),
	[OVX_A_ROUTER_ADDR_PREFIX_LEN] = NLA_POLICY_MAX(NLA_U8, 128),
};

/* OVX_CMD_SWITCH_GET - do */
const struct nla_policy ovx_switch_get_nl_policy[OVX_A_SWITCH_IFNAME + 1] = {
	[OVX_A_SWITCH_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovx_a_switch_ifindex_range),
	[OVX_A_SWITCH_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
};

/* OVX_CMD_NET_NEW - do */
const struct nla_policy ovx_net_new_nl_policy[OVX_A_NET_SERVICE_MAC + 1] = {
	[OVX_A_NET_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovx_a_net_ifindex_range),
	[OVX_A_NET_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[OVX_A_NET_NAME] = { .type = NLA_NUL_STRING, .len = 31, },
	[OVX_A_NET_VNI] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovx_a_net_vni_range),
	[OVX_A_NET_LEARNING] = NLA_POLICY_MAX(NLA_U8, 1),
	[OVX_A_NET_AGEING] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovx_a_net_ageing_range),
	[OVX_A_NET_FDB_MAX] = { .type = NLA_U32, },
	[OVX_A_NET_ARP_SUPPRESS] = NLA_POLICY_MAX(NLA_U8, 1),
	[OVX_A_NET_FLOOD_UNKNOWN] = NLA_POLICY_MAX(NLA_U8, 1),
	[OVX_A_NET_DHCP] = NLA_POLICY_MAX(NLA_U8, 1),
	[OVX_A_NET_DNS] = NLA_POLICY_MAX(NLA_U8, 1),
	[OVX_A_NET_DOMAIN] = { .type = NLA_NUL_STRING, .len = 253, },
	[OVX_A_NET_LEASE] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovx_a_net_lease_range),
	[OVX_A_NET_DNS_SERVER] = NLA_POLICY_NESTED(ovx_addr_nl_policy),
	[OVX_A_NET_SERVICE4] = { .type = NLA_U32, },
	[OVX_A_NET_SERVICE6] = NLA_POLICY_EXACT_LEN(16),
	[OVX_A_NET_SERVICE_PREFIX_LEN4] = NLA_POLICY_MAX(NLA_U8, 32),
	[OVX_A_NET_SERVICE_PREFIX_LEN6] = NLA_POLICY_MAX(NLA_U8, 128),
	[OVX_A_NET_SERVICE_MAC] = NLA_POLICY_EXACT_LEN(6),
};

/* OVX_CMD_NET_DEL - do */
const struct nla_policy ovx_net_del_nl_policy[OVX_A_NET_NAME + 1] = {
	[OVX_A_NET_NAME] = { .type = NLA_NUL_STRING, .len = 31, },
};

/* OVX_CMD_NET_SET - do */
const struct nla_policy ovx_net_set_nl_policy[OVX_A_NET_SERVICE_MAC + 1] = {
	[OVX_A_NET_NAME] = { .type = NLA_NUL_STRING, .len = 31, },
	[OVX_A_NET_LEARNING] = NLA_POLICY_MAX(NLA_U8, 1),
	[OVX_A_NET_AGEING] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovx_a_net_ageing_range),
	[OVX_A_NET_FDB_MAX] = { .type = NLA_U32, },
	[OVX_A_NET_ARP_SUPPRESS] = NLA_POLICY_MAX(NLA_U8, 1),
	[OVX_A_NET_FLOOD_UNKNOWN] = NLA_POLICY_MAX(NLA_U8, 1),
	[OVX_A_NET_DHCP] = NLA_POLICY_MAX(NLA_U8, 1),
	[OVX_A_NET_DNS] = NLA_POLICY_MAX(NLA_U8, 1),
	[OVX_A_NET_DOMAIN] = { .type = NLA_NUL_STRING, .len = 253, },
	[OVX_A_NET_LEASE] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovx_a_net_lease_range),
	[OVX_A_NET_DNS_SERVER] = NLA_POLICY_NESTED(ovx_addr_nl_policy),
	[OVX_A_NET_SERVICE4] = { .type = NLA_U32, },
	[OVX_A_NET_SERVICE6] = NLA_POLICY_EXACT_LEN(16),
	[OVX_A_NET_SERVICE_PREFIX_LEN4] = NLA_POLICY_MAX(NLA_U8, 32),
	[OVX_A_NET_SERVICE_PREFIX_LEN6] = NLA_POLICY_MAX(NLA_U8, 128),
	[OVX_A_NET_SERVICE_MAC] = NLA_POLICY_EXACT_LEN(6),
};

/* OVX_CMD_NET_GET - do */
const struct nla_policy ovx_net_get_nl_policy[OVX_A_NET_NAME + 1] = {
	[OVX_A_NET_NAME] = { .type = NLA_NUL_STRING, .len = 31, },
	[OVX_A_NET_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovx_a_net_ifindex_range),
};

/* OVX_CMD_PORT_NEW - do */
const struct nla_policy ovx_port_new_nl_policy[OVX_A_PORT_SEQ + 1] = {
	[OVX_A_PORT_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovx_a_port_ifindex_range),
	[OVX_A_PORT_NET] = { .type = NLA_NUL_STRING, .len = 31, },
	[OVX_A_PORT_MAC] = NLA_POLICY_EXACT_LEN(6),
	[OVX_A_PORT_IP4] = { .type = NLA_U32, },
	[OVX_A_PORT_IP6] = NLA_POLICY_EXACT_LEN(16),
	[OVX_A_PORT_NAME] = { .type = NLA_NUL_STRING, .len = 31, },
	[OVX_A_PORT_STANDBY] = NLA_POLICY_MAX(NLA_U8, 1),
	[OVX_A_PORT_SEQ] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovx_a_port_seq_range),
};

/* OVX_CMD_PORT_DEL - do */
const struct nla_policy ovx_port_del_nl_policy[OVX_A_PORT_IFINDEX + 1] = {
	[OVX_A_PORT_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovx_a_port_ifindex_range),
};

/* OVX_CMD_PORT_GET - do */
const struct nla_policy ovx_port_get_nl_policy[OVX_A_PORT_NET + 1] = {
	[OVX_A_PORT_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovx_a_port_ifindex_range),
	[OVX_A_PORT_NET] = { .type = NLA_NUL_STRING, .len = 31, },
};

/* OVX_CMD_FDB_NEW - do */
const struct nla_policy ovx_fdb_new_nl_policy[OVX_A_FDB_SEQ + 1] = {
	[OVX_A_FDB_NET] = { .type = NLA_NUL_STRING, .len = 31, },
	[OVX_A_FDB_MAC] = NLA_POLICY_EXACT_LEN(6),
	[OVX_A_FDB_PORT_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovx_a_fdb_port_ifindex_range),
	[OVX_A_FDB_PEER4] = { .type = NLA_U32, },
	[OVX_A_FDB_PEER6] = NLA_POLICY_EXACT_LEN(16),
	[OVX_A_FDB_SEQ] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovx_a_fdb_seq_range),
};

/* OVX_CMD_FDB_DEL - do */
const struct nla_policy ovx_fdb_del_nl_policy[OVX_A_FDB_MAC + 1] = {
	[OVX_A_FDB_NET] = { .type = NLA_NUL_STRING, .len = 31, },
	[OVX_A_FDB_MAC] = NLA_POLICY_EXACT_LEN(6),
};

/* OVX_CMD_FDB_GET - do */
const struct nla_policy ovx_fdb_get_nl_policy[OVX_A_FDB_LEARNED + 1] = {
	[OVX_A_FDB_NET] = { .type = NLA_NUL_STRING, .len = 31, },
	[OVX_A_FDB_MAC] = NLA_POLICY_EXACT_LEN(6),
	[OVX_A_FDB_PORT_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovx_a_fdb_port_ifindex_range),
	[OVX_A_FDB_PEER4] = { .type = NLA_U32, },
	[OVX_A_FDB_PEER6] = NLA_POLICY_EXACT_LEN(16),
	[OVX_A_FDB_FLAGS] = NLA_POLICY_MASK(NLA_U32, 0x1),
	[OVX_A_FDB_LEARNED] = { .type = NLA_FLAG, },
};

/* OVX_CMD_FDB_FLUSH - do */
const struct nla_policy ovx_fdb_flush_nl_policy[OVX_A_FDB_LEARNED + 1] = {
	[OVX_A_FDB_NET] = { .type = NLA_NUL_STRING, .len = 31, },
	[OVX_A_FDB_PORT_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovx_a_fdb_port_ifindex_range),
	[OVX_A_FDB_PEER4] = { .type = NLA_U32, },
	[OVX_A_FDB_PEER6] = NLA_POLICY_EXACT_LEN(16),
	[OVX_A_FDB_LEARNED] = { .type = NLA_FLAG, },
};

/* OVX_CMD_PEER_NEW - do */
const struct nla_policy ovx_peer_new_nl_policy[OVX_A_PEER_NET + 1] = {
	[OVX_A_PEER_SWITCH_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovx_a_peer_switch_ifindex_range),
	[OVX_A_PEER_SWITCH_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[OVX_A_PEER_ADDR4] = { .type = NLA_U32, },
	[OVX_A_PEER_ADDR6] = NLA_POLICY_EXACT_LEN(16),
	[OVX_A_PEER_NET] = { .type = NLA_STRING, .len = 31, },
};

/* OVX_CMD_PEER_DEL - do */
const struct nla_policy ovx_peer_del_nl_policy[OVX_A_PEER_NET + 1] = {
	[OVX_A_PEER_SWITCH_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovx_a_peer_switch_ifindex_range),
	[OVX_A_PEER_SWITCH_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[OVX_A_PEER_ADDR4] = { .type = NLA_U32, },
	[OVX_A_PEER_ADDR6] = NLA_POLICY_EXACT_LEN(16),
	[OVX_A_PEER_NET] = { .type = NLA_STRING, .len = 31, },
};

/* OVX_CMD_PEER_GET - do */
const struct nla_policy ovx_peer_get_nl_policy[OVX_A_PEER_ADDR6 + 1] = {
	[OVX_A_PEER_SWITCH_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovx_a_peer_switch_ifindex_range),
	[OVX_A_PEER_SWITCH_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[OVX_A_PEER_ADDR4] = { .type = NLA_U32, },
	[OVX_A_PEER_ADDR6] = NLA_POLICY_EXACT_LEN(16),
};

/* OVX_CMD_NEIGH_NEW - do */
const struct nla_policy ovx_neigh_new_nl_policy[OVX_A_NEIGH_NAME + 1] = {
	[OVX_A_NEIGH_NET] = { .type = NLA_NUL_STRING, .len = 31, },
	[OVX_A_NEIGH_ADDR4] = { .type = NLA_U32, },
	[OVX_A_NEIGH_ADDR6] = NLA_POLICY_EXACT_LEN(16),
	[OVX_A_NEIGH_LLADDR] = NLA_POLICY_EXACT_LEN(6),
	[OVX_A_NEIGH_PORT_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovx_a_neigh_port_ifindex_range),
	[OVX_A_NEIGH_PEER4] = { .type = NLA_U32, },
	[OVX_A_NEIGH_PEER6] = NLA_POLICY_EXACT_LEN(16),
	[OVX_A_NEIGH_NAME] = { .type = NLA_NUL_STRING, .len = 31, },
};

/* OVX_CMD_NEIGH_DEL - do */
const struct nla_policy ovx_neigh_del_nl_policy[OVX_A_NEIGH_ADDR6 + 1] = {
	[OVX_A_NEIGH_NET] = { .type = NLA_NUL_STRING, .len = 31, },
	[OVX_A_NEIGH_ADDR4] = { .type = NLA_U32, },
	[OVX_A_NEIGH_ADDR6] = NLA_POLICY_EXACT_LEN(16),
};

/* OVX_CMD_NEIGH_GET - do */
const struct nla_policy ovx_neigh_get_nl_policy[OVX_A_NEIGH_LEARNED + 1] = {
	[OVX_A_NEIGH_NET] = { .type = NLA_NUL_STRING, .len = 31, },
	[OVX_A_NEIGH_ADDR4] = { .type = NLA_U32, },
	[OVX_A_NEIGH_ADDR6] = NLA_POLICY_EXACT_LEN(16),
	[OVX_A_NEIGH_PORT_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovx_a_neigh_port_ifindex_range),
	[OVX_A_NEIGH_PEER4] = { .type = NLA_U32, },
	[OVX_A_NEIGH_PEER6] = NLA_POLICY_EXACT_LEN(16),
	[OVX_A_NEIGH_FLAGS] = NLA_POLICY_MASK(NLA_U32, 0x3),
	[OVX_A_NEIGH_LEARNED] = { .type = NLA_FLAG, },
};

/* OVX_CMD_ROUTER_NEW - do */
const struct nla_policy ovx_router_new_nl_policy[OVX_A_ROUTER_MAC + 1] = {
	[OVX_A_ROUTER_SWITCH_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovx_a_router_switch_ifindex_range),
	[OVX_A_ROUTER_SWITCH_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[OVX_A_ROUTER_NAME] = { .type = NLA_NUL_STRING, .len = 31, },
	[OVX_A_ROUTER_MAC] = NLA_POLICY_EXACT_LEN(6),
};

/* OVX_CMD_ROUTER_DEL - do */
const struct nla_policy ovx_router_del_nl_policy[OVX_A_ROUTER_NAME + 1] = {
	[OVX_A_ROUTER_NAME] = { .type = NLA_NUL_STRING, .len = 31, },
};

/* OVX_CMD_ROUTER_GET - do */
const struct nla_policy ovx_router_get_nl_policy[OVX_A_ROUTER_NAME + 1] = {
	[OVX_A_ROUTER_NAME] = { .type = NLA_NUL_STRING, .len = 31, },
	[OVX_A_ROUTER_SWITCH_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovx_a_router_switch_ifindex_range),
};

/* OVX_CMD_ROUTER_ATTACH - do */
const struct nla_policy ovx_router_attach_nl_policy[OVX_A_ROUTER_ADDR + 1] = {
	[OVX_A_ROUTER_NAME] = { .type = NLA_NUL_STRING, .len = 31, },
	[OVX_A_ROUTER_NET] = { .type = NLA_NUL_STRING, .len = 31, },
	[OVX_A_ROUTER_ADDR] = NLA_POLICY_NESTED(ovx_router_addr_nl_policy),
};

/* OVX_CMD_ROUTER_DETACH - do */
const struct nla_policy ovx_router_detach_nl_policy[OVX_A_ROUTER_NET + 1] = {
	[OVX_A_ROUTER_NAME] = { .type = NLA_NUL_STRING, .len = 31, },
	[OVX_A_ROUTER_NET] = { .type = NLA_NUL_STRING, .len = 31, },
};

/* OVX_CMD_ROUTE_NEW - do */
const struct nla_policy ovx_route_new_nl_policy[OVX_A_ROUTE_VIA6 + 1] = {
	[OVX_A_ROUTE_ROUTER] = { .type = NLA_NUL_STRING, .len = 31, },
	[OVX_A_ROUTE_ADDR4] = { .type = NLA_U32, },
	[OVX_A_ROUTE_ADDR6] = NLA_POLICY_EXACT_LEN(16),
	[OVX_A_ROUTE_PREFIX_LEN] = NLA_POLICY_MAX(NLA_U8, 128),
	[OVX_A_ROUTE_VIA4] = { .type = NLA_U32, },
	[OVX_A_ROUTE_VIA6] = NLA_POLICY_EXACT_LEN(16),
};

/* OVX_CMD_ROUTE_DEL - do */
const struct nla_policy ovx_route_del_nl_policy[OVX_A_ROUTE_PREFIX_LEN + 1] = {
	[OVX_A_ROUTE_ROUTER] = { .type = NLA_NUL_STRING, .len = 31, },
	[OVX_A_ROUTE_ADDR4] = { .type = NLA_U32, },
	[OVX_A_ROUTE_ADDR6] = NLA_POLICY_EXACT_LEN(16),
	[OVX_A_ROUTE_PREFIX_LEN] = NLA_POLICY_MAX(NLA_U8, 128),
};

/* OVX_CMD_ROUTE_GET - do */
const struct nla_policy ovx_route_get_nl_policy[OVX_A_ROUTE_PREFIX_LEN + 1] = {
	[OVX_A_ROUTE_ROUTER] = { .type = NLA_NUL_STRING, .len = 31, },
	[OVX_A_ROUTE_ADDR4] = { .type = NLA_U32, },
	[OVX_A_ROUTE_ADDR6] = NLA_POLICY_EXACT_LEN(16),
	[OVX_A_ROUTE_PREFIX_LEN] = NLA_POLICY_MAX(NLA_U8, 128),
};

/* OVX_CMD_SWITCH_SET - do */
const struct nla_policy ovx_switch_set_nl_policy[OVX_A_SWITCH_DNS_UPSTREAM + 1] = {
	[OVX_A_SWITCH_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovx_a_switch_ifindex_range),
	[OVX_A_SWITCH_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[OVX_A_SWITCH_SERVICE_RATE] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovx_a_switch_service_rate_range),
	[OVX_A_SWITCH_SERVICE_BURST] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovx_a_switch_service_burst_range),
	[OVX_A_SWITCH_DNS_UPSTREAM] = NLA_POLICY_NESTED(ovx_addr_nl_policy),
};

/* OVX_CMD_PACKET_LISTEN - do */
const struct nla_policy ovx_packet_listen_nl_policy[OVX_A_PACKET_SWITCH_IFINDEX + 1] = {
	[OVX_A_PACKET_SWITCH_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovx_a_packet_switch_ifindex_range),
};

/* OVX_CMD_PACKET_UNLISTEN - do */
const struct nla_policy ovx_packet_unlisten_nl_policy[OVX_A_PACKET_SWITCH_IFINDEX + 1] = {
	[OVX_A_PACKET_SWITCH_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovx_a_packet_switch_ifindex_range),
};

/* OVX_CMD_PACKET_SEND - do */
const struct nla_policy ovx_packet_send_nl_policy[OVX_A_PACKET_FRAME + 1] = {
	[OVX_A_PACKET_SWITCH_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovx_a_packet_switch_ifindex_range),
	[OVX_A_PACKET_PORT_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovx_a_packet_port_ifindex_range),
	[OVX_A_PACKET_FRAME] = { .len = 14, },
};

/* Ops table for ovx */
const struct genl_ops ovx_nl_ops[30] = {
	{
		.cmd		= OVX_CMD_SWITCH_GET,
		.doit		= ovx_nl_switch_get_doit,
		.dumpit		= ovx_nl_switch_get_dumpit,
		.policy		= ovx_switch_get_nl_policy,
		.maxattr	= OVX_A_SWITCH_IFNAME,
	},
	{
		.cmd		= OVX_CMD_NET_NEW,
		.doit		= ovx_nl_net_new_doit,
		.policy		= ovx_net_new_nl_policy,
		.maxattr	= OVX_A_NET_SERVICE_MAC,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= OVX_CMD_NET_DEL,
		.doit		= ovx_nl_net_del_doit,
		.policy		= ovx_net_del_nl_policy,
		.maxattr	= OVX_A_NET_NAME,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= OVX_CMD_NET_SET,
		.doit		= ovx_nl_net_set_doit,
		.policy		= ovx_net_set_nl_policy,
		.maxattr	= OVX_A_NET_SERVICE_MAC,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= OVX_CMD_NET_GET,
		.doit		= ovx_nl_net_get_doit,
		.dumpit		= ovx_nl_net_get_dumpit,
		.policy		= ovx_net_get_nl_policy,
		.maxattr	= OVX_A_NET_NAME,
	},
	{
		.cmd		= OVX_CMD_PORT_NEW,
		.doit		= ovx_nl_port_new_doit,
		.policy		= ovx_port_new_nl_policy,
		.maxattr	= OVX_A_PORT_SEQ,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= OVX_CMD_PORT_DEL,
		.doit		= ovx_nl_port_del_doit,
		.policy		= ovx_port_del_nl_policy,
		.maxattr	= OVX_A_PORT_IFINDEX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= OVX_CMD_PORT_GET,
		.doit		= ovx_nl_port_get_doit,
		.dumpit		= ovx_nl_port_get_dumpit,
		.policy		= ovx_port_get_nl_policy,
		.maxattr	= OVX_A_PORT_NET,
	},
	{
		.cmd		= OVX_CMD_FDB_NEW,
		.doit		= ovx_nl_fdb_new_doit,
		.policy		= ovx_fdb_new_nl_policy,
		.maxattr	= OVX_A_FDB_SEQ,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= OVX_CMD_FDB_DEL,
		.doit		= ovx_nl_fdb_del_doit,
		.policy		= ovx_fdb_del_nl_policy,
		.maxattr	= OVX_A_FDB_MAC,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= OVX_CMD_FDB_GET,
		.doit		= ovx_nl_fdb_get_doit,
		.dumpit		= ovx_nl_fdb_get_dumpit,
		.policy		= ovx_fdb_get_nl_policy,
		.maxattr	= OVX_A_FDB_LEARNED,
	},
	{
		.cmd		= OVX_CMD_FDB_FLUSH,
		.doit		= ovx_nl_fdb_flush_doit,
		.policy		= ovx_fdb_flush_nl_policy,
		.maxattr	= OVX_A_FDB_LEARNED,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= OVX_CMD_PEER_NEW,
		.doit		= ovx_nl_peer_new_doit,
		.policy		= ovx_peer_new_nl_policy,
		.maxattr	= OVX_A_PEER_NET,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= OVX_CMD_PEER_DEL,
		.doit		= ovx_nl_peer_del_doit,
		.policy		= ovx_peer_del_nl_policy,
		.maxattr	= OVX_A_PEER_NET,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= OVX_CMD_PEER_GET,
		.doit		= ovx_nl_peer_get_doit,
		.dumpit		= ovx_nl_peer_get_dumpit,
		.policy		= ovx_peer_get_nl_policy,
		.maxattr	= OVX_A_PEER_ADDR6,
	},
	{
		.cmd		= OVX_CMD_NEIGH_NEW,
		.doit		= ovx_nl_neigh_new_doit,
		.policy		= ovx_neigh_new_nl_policy,
		.maxattr	= OVX_A_NEIGH_NAME,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= OVX_CMD_NEIGH_DEL,
		.doit		= ovx_nl_neigh_del_doit,
		.policy		= ovx_neigh_del_nl_policy,
		.maxattr	= OVX_A_NEIGH_ADDR6,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= OVX_CMD_NEIGH_GET,
		.doit		= ovx_nl_neigh_get_doit,
		.dumpit		= ovx_nl_neigh_get_dumpit,
		.policy		= ovx_neigh_get_nl_policy,
		.maxattr	= OVX_A_NEIGH_LEARNED,
	},
	{
		.cmd		= OVX_CMD_ROUTER_NEW,
		.doit		= ovx_nl_router_new_doit,
		.policy		= ovx_router_new_nl_policy,
		.maxattr	= OVX_A_ROUTER_MAC,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= OVX_CMD_ROUTER_DEL,
		.doit		= ovx_nl_router_del_doit,
		.policy		= ovx_router_del_nl_policy,
		.maxattr	= OVX_A_ROUTER_NAME,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= OVX_CMD_ROUTER_GET,
		.doit		= ovx_nl_router_get_doit,
		.dumpit		= ovx_nl_router_get_dumpit,
		.policy		= ovx_router_get_nl_policy,
		.maxattr	= OVX_A_ROUTER_NAME,
	},
	{
		.cmd		= OVX_CMD_ROUTER_ATTACH,
		.doit		= ovx_nl_router_attach_doit,
		.policy		= ovx_router_attach_nl_policy,
		.maxattr	= OVX_A_ROUTER_ADDR,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= OVX_CMD_ROUTER_DETACH,
		.doit		= ovx_nl_router_detach_doit,
		.policy		= ovx_router_detach_nl_policy,
		.maxattr	= OVX_A_ROUTER_NET,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= OVX_CMD_ROUTE_NEW,
		.doit		= ovx_nl_route_new_doit,
		.policy		= ovx_route_new_nl_policy,
		.maxattr	= OVX_A_ROUTE_VIA6,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= OVX_CMD_ROUTE_DEL,
		.doit		= ovx_nl_route_del_doit,
		.policy		= ovx_route_del_nl_policy,
		.maxattr	= OVX_A_ROUTE_PREFIX_LEN,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= OVX_CMD_ROUTE_GET,
		.doit		= ovx_nl_route_get_doit,
		.dumpit		= ovx_nl_route_get_dumpit,
		.policy		= ovx_route_get_nl_policy,
		.maxattr	= OVX_A_ROUTE_PREFIX_LEN,
	},
	{
		.cmd		= OVX_CMD_SWITCH_SET,
		.doit		= ovx_nl_switch_set_doit,
		.policy		= ovx_switch_set_nl_policy,
		.maxattr	= OVX_A_SWITCH_DNS_UPSTREAM,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= OVX_CMD_PACKET_LISTEN,
		.doit		= ovx_nl_packet_listen_doit,
		.policy		= ovx_packet_listen_nl_policy,
		.maxattr	= OVX_A_PACKET_SWITCH_IFINDEX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= OVX_CMD_PACKET_UNLISTEN,
		.doit		= ovx_nl_packet_unlisten_doit,
		.policy		= ovx_packet_unlisten_nl_policy,
		.maxattr	= OVX_A_PACKET_SWITCH_IFINDEX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= OVX_CMD_PACKET_SEND,
		.doit		= ovx_nl_packet_send_doit,
		.policy		= ovx_packet_send_nl_policy,
		.maxattr	= OVX_A_PACKET_FRAME,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
};

static const struct genl_multicast_group ovx_nl_mcgrps[] = {
	[OVX_NLGRP_EVENTS] = { "events", },
};
