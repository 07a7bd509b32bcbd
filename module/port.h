/* SPDX-License-Identifier: GPL-2.0-only */
/* ovx: ports, Ethernet devices attached to a network. */
#ifndef _OVX_PORT_H
#define _OVX_PORT_H

#include <linux/netdevice.h>
#include <net/netlink.h>

struct ovx_network;
struct ovx_port;

/* What port-new says of the guest behind a port; all optional. */
struct ovx_port_cfg {
	const u8 *mac;			/* its Ethernet address, or NULL */
	const struct in6_addr *ips;	/* its addresses (IPv4 v4-mapped) */
	unsigned int n_ips;		/* at most OVX_PORT_IPS_MAX, needs @mac */
	const char *name;		/* a label, or NULL */
	bool standby;			/* prepared for a migration, needs @mac */
	u16 seq;			/* the guest's move sequence */
};

struct ovx_port *ovx_port_create(struct ovx_network *n, struct net_device *dev,
				 const struct ovx_port_cfg *cfg,
				 struct netlink_ext_ack *extack);
void ovx_port_destroy(struct ovx_port *p);
struct ovx_port *ovx_port_from_dev(const struct net_device *dev);
void ovx_port_activate(struct ovx_port *p);
int ovx_port_init(void);
void ovx_port_uninit(void);

#endif /* _OVX_PORT_H */
