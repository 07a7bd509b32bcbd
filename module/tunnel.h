/* SPDX-License-Identifier: GPL-2.0-only */
/* ovx: the UDP tunnel of a switch: encapsulation and decapsulation. */
#ifndef _OVX_TUNNEL_H
#define _OVX_TUNNEL_H

struct ovx_dev;
struct ovx_network;
struct ovx_peer;
struct ovx_port;
struct sk_buff;

int ovx_tunnel_open(struct ovx_dev *ovx);
void ovx_tunnel_close(struct ovx_dev *ovx);
void ovx_tunnel_xmit(struct ovx_network *n, struct ovx_peer *peer,
		     struct ovx_port *in, struct sk_buff *skb);

#endif /* _OVX_TUNNEL_H */
