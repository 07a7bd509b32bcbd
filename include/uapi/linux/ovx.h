/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/ovx.yaml */
/* YNL-GEN uapi header */

#ifndef _UAPI_LINUX_OVX_H
#define _UAPI_LINUX_OVX_H

#define OVX_FAMILY_NAME		"ovx"
#define OVX_FAMILY_VERSION	1

#define OVX_VNI_MAX	16777215

/**
 * enum ovx_encap - Tunnel encapsulation used by a switch.
 */
enum ovx_encap {
	OVX_ENCAP_VXLAN,
	OVX_ENCAP_GENEVE,
};

/**
 * enum ovx_df - Don't Fragment bit of the outer IPv4 header.
 */
enum ovx_df {
	OVX_DF_UNSET,
	OVX_DF_SET,
};

enum {
	OVX_A_STATS_PAD = 1,
	OVX_A_STATS_RX_PACKETS,
	OVX_A_STATS_RX_BYTES,
	OVX_A_STATS_TX_PACKETS,
	OVX_A_STATS_TX_BYTES,
	OVX_A_STATS_RX_DROPPED,
	OVX_A_STATS_TX_DROPPED,

	__OVX_A_STATS_MAX,
	OVX_A_STATS_MAX = (__OVX_A_STATS_MAX - 1)
};

enum {
	OVX_A_SWITCH_IFINDEX = 1,
	OVX_A_SWITCH_IFNAME,
	OVX_A_SWITCH_LOCAL4,
	OVX_A_SWITCH_LOCAL6,
	OVX_A_SWITCH_PORT,
	OVX_A_SWITCH_TTL,
	OVX_A_SWITCH_TOS,
	OVX_A_SWITCH_DF,
	OVX_A_SWITCH_ENCAP,
	OVX_A_SWITCH_STATS,

	__OVX_A_SWITCH_MAX,
	OVX_A_SWITCH_MAX = (__OVX_A_SWITCH_MAX - 1)
};

enum ifla_ovx_attrs {
	IFLA_OVX_LOCAL4 = 1,
	IFLA_OVX_LOCAL6,
	IFLA_OVX_PORT,
	IFLA_OVX_TTL,
	IFLA_OVX_TOS,
	IFLA_OVX_DF,
	IFLA_OVX_ENCAP,

	__IFLA_OVX_MAX,
	IFLA_OVX_MAX = (__IFLA_OVX_MAX - 1)
};

enum {
	OVX_CMD_SWITCH_GET = 1,

	__OVX_CMD_MAX,
	OVX_CMD_MAX = (__OVX_CMD_MAX - 1)
};

#define OVX_MCGRP_EVENTS	"events"

#endif /* _UAPI_LINUX_OVX_H */
