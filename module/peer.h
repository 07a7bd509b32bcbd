/* SPDX-License-Identifier: GPL-2.0-only */
/* ovx: peers, the other hypervisors' tunnel endpoints, and their networks. */
#ifndef _OVX_PEER_H
#define _OVX_PEER_H

#include <net/netlink.h>

struct ovx_addr;
struct ovx_dev;
struct ovx_member;
struct ovx_network;
struct ovx_peer;

int ovx_peers_init(struct ovx_dev *ovx);
void ovx_peers_destroy_all(struct ovx_dev *ovx);
void ovx_peers_uninit(struct ovx_dev *ovx);

struct ovx_peer *ovx_peer_find(struct ovx_dev *ovx, const struct ovx_addr *addr);
struct ovx_peer *ovx_peer_create(struct ovx_dev *ovx, const struct ovx_addr *addr,
				 struct netlink_ext_ack *extack);
void ovx_peer_destroy(struct ovx_peer *peer);

struct ovx_member *ovx_peer_member(struct ovx_peer *peer,
				   struct ovx_network *n);
int ovx_peer_join(struct ovx_peer *peer, struct ovx_network *n);
void ovx_peer_leave(struct ovx_peer *peer, struct ovx_network **nets,
		    unsigned int n_nets);
void ovx_peer_network_gone(struct ovx_network *n);

struct ovx_member *ovx_member_lookup_rcu(struct ovx_dev *ovx, u32 vni,
					 const struct ovx_addr *addr);
bool ovx_addr_equal(const struct ovx_addr *a, const struct ovx_addr *b);

#endif /* _OVX_PEER_H */
