/* SPDX-License-Identifier: GPL-2.0-only */
/* ovx: frames too big for the underlay, and the ICMP errors that say so. */
#ifndef _OVX_PMTU_H
#define _OVX_PMTU_H

#include <linux/types.h>

/*
 * ICMP errors a port's guest may get per second: plenty for path MTU
 * discovery (one per destination whose route the guest has not cached),
 * few enough that a guest cannot turn ovx into an ICMP generator.
 */
#define OVX_PMTU_ICMP_BURST	25

struct dst_entry;
struct ovx_dev;
struct ovx_port;
struct sk_buff;

bool ovx_pmtu_frame_fits(const struct sk_buff *skb, unsigned int frame_max);
bool ovx_pmtu_may_fragment(const struct ovx_dev *ovx, struct ovx_port *in,
			   struct sk_buff *skb, struct dst_entry *dst,
			   unsigned int headroom);
unsigned int ovx_pmtu_inner_mtu(struct ovx_dev *ovx, unsigned int *underlay);

#endif /* _OVX_PMTU_H */
