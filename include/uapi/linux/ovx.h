/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/ovx.yaml */
/* YNL-GEN uapi header */

#ifndef _UAPI_LINUX_OVX_H
#define _UAPI_LINUX_OVX_H

#define OVX_FAMILY_NAME		"ovx"
#define OVX_FAMILY_VERSION	1

#define OVX_VNI_MAX	16777215
#define OVX_NAME_LEN	32
#define OVX_AGEING_MAX	1000000

/**
 * enum ovx_fdb_flags - Properties of an FDB entry.
 * @OVX_FDB_FLAGS_STATIC: Added by the control plane; never learnt over, never
 *   aged.
 */
enum ovx_fdb_flags {
	OVX_FDB_FLAGS_STATIC = 1,
};

/**
 * enum ovx_fdb_event - What happened to an FDB entry, in fdb-ntf
 *   notifications.
 */
enum ovx_fdb_event {
	OVX_FDB_EVENT_ADDED,
	OVX_FDB_EVENT_LEARNED,
	OVX_FDB_EVENT_MOVED,
	OVX_FDB_EVENT_AGED,
	OVX_FDB_EVENT_DELETED,
};

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

enum {
	OVX_A_NET_IFINDEX = 1,
	OVX_A_NET_IFNAME,
	OVX_A_NET_NAME,
	OVX_A_NET_VNI,
	OVX_A_NET_LEARNING,
	OVX_A_NET_AGEING,
	OVX_A_NET_FDB_MAX,
	OVX_A_NET_FDB_LEARNED,
	OVX_A_NET_FDB_STATIC,
	OVX_A_NET_STATS,

	__OVX_A_NET_MAX,
	OVX_A_NET_MAX = (__OVX_A_NET_MAX - 1)
};

enum {
	OVX_A_PORT_IFINDEX = 1,
	OVX_A_PORT_IFNAME,
	OVX_A_PORT_NET,
	OVX_A_PORT_VNI,
	OVX_A_PORT_SWITCH_IFINDEX,
	OVX_A_PORT_ID,
	OVX_A_PORT_STATS,

	__OVX_A_PORT_MAX,
	OVX_A_PORT_MAX = (__OVX_A_PORT_MAX - 1)
};

enum {
	OVX_A_FDB_NET = 1,
	OVX_A_FDB_VNI,
	OVX_A_FDB_MAC,
	OVX_A_FDB_PORT_IFINDEX,
	OVX_A_FDB_PORT_IFNAME,
	OVX_A_FDB_PEER4,
	OVX_A_FDB_PEER6,
	OVX_A_FDB_FLAGS,
	OVX_A_FDB_LEARNED,
	OVX_A_FDB_AGE,
	OVX_A_FDB_EVENT,

	__OVX_A_FDB_MAX,
	OVX_A_FDB_MAX = (__OVX_A_FDB_MAX - 1)
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
	OVX_CMD_NET_NEW,
	OVX_CMD_NET_DEL,
	OVX_CMD_NET_SET,
	OVX_CMD_NET_GET,
	OVX_CMD_PORT_NEW,
	OVX_CMD_PORT_DEL,
	OVX_CMD_PORT_GET,
	OVX_CMD_FDB_NEW,
	OVX_CMD_FDB_DEL,
	OVX_CMD_FDB_GET,
	OVX_CMD_FDB_FLUSH,
	OVX_CMD_FDB_NTF,
	OVX_CMD_PORT_ADD_NTF,
	OVX_CMD_PORT_DEL_NTF,

	__OVX_CMD_MAX,
	OVX_CMD_MAX = (__OVX_CMD_MAX - 1)
};

#define OVX_MCGRP_EVENTS	"events"

#endif /* _UAPI_LINUX_OVX_H */
