/* SPDX-License-Identifier: GPL-2.0-only */
/* ovx: ARP and neighbour discovery answered from the bindings. */
#ifndef _OVX_ARP_ND_H
#define _OVX_ARP_ND_H

#include <linux/skbuff.h>

struct ovx_network;
struct ovx_port;
struct ovx_rif;

bool ovx_arp_nd_rcv(struct ovx_network *n, struct ovx_rif *rif,
		    struct ovx_port *in, struct sk_buff *skb);

#endif /* _OVX_ARP_ND_H */
