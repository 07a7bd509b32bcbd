/* SPDX-License-Identifier: GPL-2.0-only */
/* ovx: routing frames at the source host. */
#ifndef _OVX_ROUTE_H
#define _OVX_ROUTE_H

struct ovx_network;
struct ovx_port;
struct ovx_rif;
struct sk_buff;

void ovx_route_rcv(struct ovx_network *n, struct ovx_rif *rif,
		   struct ovx_port *in, struct sk_buff *skb);

#endif /* _OVX_ROUTE_H */
