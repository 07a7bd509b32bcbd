/* SPDX-License-Identifier: GPL-2.0-only */
/* ovx: objects shared by the whole module, and the rules that protect them. */
#ifndef _OVX_H
#define _OVX_H

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/types.h>

/**
 * DOC: Locking
 *
 * ovx has two kinds of context: control (netlink requests, rtnl link ops,
 * netdevice notifiers), which may sleep, and the datapath (rx_handler, the
 * switch's ndo_start_xmit, the tunnel socket's encap_rcv), which runs in
 * softirq context under rcu_read_lock().
 *
 * - RTNL protects the lifetime and configuration of switches: creation and
 *   deletion (rtnl link ops), struct ovx_net.switches, and every field of
 *   struct ovx_dev that is not marked otherwise.  A switch's configuration
 *   is fixed when it is created.
 * - The datapath never takes RTNL or sleeps; it reads objects under RCU and
 *   counts into per-CPU statistics.
 */

/* An underlay address: the family is AF_INET or AF_INET6. */
struct ovx_addr {
	sa_family_t family;
	union {
		__be32 ip4;
		struct in6_addr ip6;
	};
};

/* Tunnel settings of a switch, fixed at creation. */
struct ovx_dev_cfg {
	struct ovx_addr local;
	__be16 port;
	u8 ttl;
	u8 tos;
	u8 df;			/* enum ovx_df */
	u32 encap;		/* enum ovx_encap */
};

/* A switch: the private part of a net_device of rtnl link kind "ovx". */
struct ovx_dev {
	struct net_device *dev;
	struct list_head list;		/* in ovx_net.switches; RTNL */
	struct ovx_dev_cfg cfg;
};

/* Per network namespace state. */
struct ovx_net {
	struct list_head switches;	/* of struct ovx_dev; RTNL */
};

struct ovx_net *ovx_net(const struct net *net);

#endif /* _OVX_H */
