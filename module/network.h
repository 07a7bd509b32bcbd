/* SPDX-License-Identifier: GPL-2.0-only */
/* ovx: networks, the broadcast domains of a switch. */
#ifndef _OVX_NETWORK_H
#define _OVX_NETWORK_H

#include <net/netlink.h>

struct ovx_dev;
struct ovx_network;

struct ovx_network_cfg {
	bool learning;
	u32 ageing;
	u32 fdb_max;
	bool arp_suppress;
	bool flood_unknown;
	/* Service settings (net-new only), or NULL; taken on success. */
	struct ovx_net_svc *svc;
};

void ovx_network_cfg_init(struct ovx_network_cfg *cfg);
void ovx_network_apply(struct ovx_network *n, const struct ovx_network_cfg *cfg);
struct ovx_network *ovx_network_create(struct ovx_dev *ovx, const char *name,
				       u32 vni, const struct ovx_network_cfg *cfg,
				       struct netlink_ext_ack *extack);
void ovx_network_destroy(struct ovx_network *n);
void ovx_network_destroy_all(struct ovx_dev *ovx);
struct ovx_network *ovx_network_find(struct net *net, const char *name);
struct ovx_network *ovx_network_find_rcu(struct net *net, const char *name);
struct ovx_network *ovx_network_by_vni_rcu(struct ovx_dev *ovx, u32 vni);

#endif /* _OVX_NETWORK_H */
