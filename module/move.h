/* SPDX-License-Identifier: GPL-2.0-only */
/* ovx: live migration: a guest's first frame on its new host, announced. */
#ifndef _OVX_MOVE_H
#define _OVX_MOVE_H

#include <linux/if_ether.h>
#include <linux/types.h>

struct ovx_network;
struct ovx_peer;
struct ovx_port;
struct sk_buff;

/*
 * Switches tell each other of a move in a frame of the network itself,
 * sent to each peer of the network as a flood is: Ethernet broadcast, the
 * guest's address as source, IEEE 802's local experimental Ethertype, and
 * this header.  Never delivered to a guest; a guest cannot send one (its
 * port drops that Ethertype).
 */
#define OVX_MOVE_ETH_P		0x88b6	/* Local Experimental EtherType 2 */
#define OVX_MOVE_MAGIC		0x4f56584d	/* "OVXM" */
#define OVX_MOVE_VERSION	1

struct ovx_move_hdr {
	__be32 magic;
	u8 version;
	u8 reserved;
	__be16 seq;		/* the guest's move sequence */
} __packed;

/*
 * The announcement goes out at the switch-over and is repeated this many
 * times, this far apart: tunnels are UDP, and one lost datagram would
 * leave a peer sending to the old host until the control plane catches up.
 */
#define OVX_MOVE_REPEAT		2
#define OVX_MOVE_INTERVAL	(HZ / 5)

void ovx_move_rcv(struct ovx_network *n, struct ovx_port *in,
		  struct ovx_peer *from, struct sk_buff *skb);
void ovx_move_announce_work(struct work_struct *work);

#endif /* _OVX_MOVE_H */
