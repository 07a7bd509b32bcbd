/* SPDX-License-Identifier: GPL-2.0-only */
/* ovx: forwarding within a network, shared by ports and the tunnel. */
#ifndef _OVX_FORWARD_H
#define _OVX_FORWARD_H

#include <linux/types.h>

struct ovx_network;
struct ovx_peer;
struct ovx_port;
struct sk_buff;

void ovx_forward(struct ovx_network *n, struct ovx_port *in,
		 struct ovx_peer *from, u32 remote_port, struct sk_buff *skb);
void ovx_port_xmit(struct ovx_port *p, struct sk_buff *skb);
struct sk_buff *ovx_port_alloc_skb(struct ovx_port *p, unsigned int len);

#endif /* _OVX_FORWARD_H */
