/* SPDX-License-Identifier: GPL-2.0-only */
/* ovx: the switch device (rtnl link kind "ovx"). */
#ifndef _OVX_DEVICE_H
#define _OVX_DEVICE_H

#include <linux/netdevice.h>
#include <net/netlink.h>

struct ovx_dev;

int ovx_device_init(void);
void ovx_device_unregister_links(void);
void ovx_device_uninit(void);

struct ovx_dev *ovx_dev_from_netdev(const struct net_device *dev);
struct ovx_dev *ovx_dev_lookup_rcu(struct net *net, int ifindex,
				   const char *ifname,
				   struct netlink_ext_ack *extack);

#endif /* _OVX_DEVICE_H */
