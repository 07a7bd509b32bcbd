/* SPDX-License-Identifier: GPL-2.0-only */
/* ovx: ports, Ethernet devices attached to a network. */
#ifndef _OVX_PORT_H
#define _OVX_PORT_H

#include <linux/netdevice.h>
#include <net/netlink.h>

struct ovx_network;
struct ovx_port;

struct ovx_port *ovx_port_create(struct ovx_network *n, struct net_device *dev,
				 struct netlink_ext_ack *extack);
void ovx_port_destroy(struct ovx_port *p);
struct ovx_port *ovx_port_from_dev(const struct net_device *dev);
int ovx_port_init(void);
void ovx_port_uninit(void);

#endif /* _OVX_PORT_H */
