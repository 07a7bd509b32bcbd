/* SPDX-License-Identifier: GPL-2.0-only */
/* ovx: the tunnel headers, VXLAN (RFC 7348) and Geneve (RFC 8926). */
#ifndef _OVX_ENCAP_H
#define _OVX_ENCAP_H

#include <linux/types.h>

#include "stats.h"

struct list_head;
struct ovx_dev_cfg;
struct sk_buff;
struct sock;

/* What a tunnel header says about the frame it carries. */
struct ovx_encap_info {
	u32 vni;
	u32 src_port;		/* the sender's logical port (Geneve), or 0 */
	unsigned int hlen;	/* UDP and tunnel headers, to pull */
};

unsigned int ovx_encap_hlen(const struct ovx_dev_cfg *cfg);
unsigned int ovx_encap_overhead(const struct ovx_dev_cfg *cfg);
void ovx_encap_push(const struct ovx_dev_cfg *cfg, struct sk_buff *skb,
		    u32 vni, u32 src_port);
bool ovx_encap_parse(const struct ovx_dev_cfg *cfg, struct sk_buff *skb,
		     struct ovx_encap_info *info, enum ovx_drop_reason *reason);

struct sk_buff *ovx_gro_receive(struct sock *sk, struct list_head *head,
				struct sk_buff *skb);
int ovx_gro_complete(struct sock *sk, struct sk_buff *skb, int nhoff);

#endif /* _OVX_ENCAP_H */
