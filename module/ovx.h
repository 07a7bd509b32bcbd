/* SPDX-License-Identifier: GPL-2.0-only */
/* ovx: objects shared by the whole module, and the rules that protect them. */
#ifndef _OVX_H
#define _OVX_H

#include <linux/hashtable.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/rhashtable-types.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <linux/idr.h>
#include <linux/ratelimit_types.h>
#include <linux/rhashtable.h>
#include <net/dst_cache.h>

#include "neigh.h"
#include "router.h"
#include "service.h"
#include "stats.h"

/**
 * DOC: Locking
 *
 * ovx has two kinds of context: control (netlink requests, rtnl link ops,
 * netdevice notifiers, the ageing work), which may sleep, and the datapath
 * (the ports' rx_handler, the switch's ndo_start_xmit, the tunnel socket's
 * encap_rcv), which runs in softirq context under rcu_read_lock().
 *
 * - RTNL serialises every change of configuration: switches (rtnl link
 *   ops), networks, ports and peers, and the lists and hash tables that
 *   link them (struct ovx_net, struct ovx_dev, struct ovx_network).  Netlink
 *   handlers that change something take it themselves; the netdevice
 *   notifier already holds it.
 * - The netlink gets and dumps need no privilege, so they never take RTNL
 *   (which any user could otherwise hold up for the whole host): they walk
 *   the same lists under rcu_read_lock() only.  Every list they walk is an
 *   RCU list, every object on it is freed after a grace period, and fields
 *   that writers change are read with READ_ONCE.  Device names are copied
 *   with ovx_dev_name_copy() (a rename does not wait for RCU readers).
 * - The datapath never takes RTNL and never sleeps.  It finds networks,
 *   ports, peers and FDB entries under RCU; objects are unlinked under RTNL
 *   and freed after a grace period (kfree_rcu / call_rcu).
 * - Each network's FDB has a spinlock (struct ovx_fdb.lock, taken with
 *   BH disabled) that serialises insertion, removal and moves of its
 *   entries.  Lookups are lockless; a lookup whose entry is already right
 *   takes no lock at all.  RTNL nests outside the FDB lock.
 * - Each network's bindings have a spinlock too (struct
 *   ovx_neigh_table.lock, BH), for insertions and removals; entries are
 *   immutable once published (a change replaces the entry), lookups are
 *   lockless.  RTNL nests outside it; it never nests with the FDB lock.
 * - Counters are per-CPU and written without locks; the packet channel's
 *   (struct ovx_svc_stats) are atomic64_t: service frames are few.
 * - The service settings of a switch and of a network (struct
 *   ovx_dev_svc, struct ovx_net_svc) are immutable blobs behind an RCU
 *   pointer: switch-set, net-new and net-set build a new one under RTNL,
 *   validated whole, and publish it (the old one goes with kfree_rcu), so
 *   the datapath and the gets read one consistent set.  NULL means every
 *   default.
 * - A switch's listener (ovx_dev.listener) is a netlink port id, changed
 *   with cmpxchg only: packet-listen and packet-unlisten (under RTNL) and
 *   the netlink release notifier (which takes no lock: socket release may
 *   run anywhere) race on it, and the datapath reads it with one
 *   READ_ONCE (0: no listener, nothing else to do).
 * - Each port's token bucket for service frames has its own spinlock
 *   (ovx_port.svc_lock), taken in softirq context only, nested in nothing.
 *
 * Lifetimes: a switch is owned by its net_device (and so by its namespace
 * and the module); networks and peers by their switch; ports by their
 * network and their device, whichever goes first; a peer's membership of a
 * network by both.  FDB entries point to ports and peers without holding
 * them: whoever removes a port or a membership first makes sure no reader
 * can still learn with it (a grace period), then flushes its entries.
 */

#define OVX_NAME_LEN		32	/* network names, NUL included */

/* An underlay address: the family is AF_INET or AF_INET6. */
struct ovx_addr {
	sa_family_t family;
	union {
		__be32 ip4;
		struct in6_addr ip6;
	};
};

/* Tunnel settings of a switch, fixed at creation. */
struct ovx_dev_cfg {
	struct ovx_addr local;
	__be16 port;
	u8 ttl;
	u8 tos;
	u8 df;			/* enum ovx_df */
	u32 encap;		/* enum ovx_encap */
	/* IPv6 only: zero UDP checksums sent, accepted (RFC 6935, 6936). */
	bool udp_zero_csum6_tx;
	bool udp_zero_csum6_rx;
};

/* A switch: the private part of a net_device of rtnl link kind "ovx". */
struct ovx_dev {
	struct net_device *dev;
	struct list_head list;		/* in ovx_net.switches; RCU, RTNL */
	struct ovx_dev_cfg cfg;
	struct list_head networks;	/* of struct ovx_network; RTNL */
	DECLARE_HASHTABLE(vni_hash, 8);	/* networks by VNI; RCU, RTNL */
	struct ida port_ids;		/* logical port numbers */
	struct list_head peers;		/* of struct ovx_peer; RCU, RTNL */
	struct list_head routers;	/* of struct ovx_router; RTNL */
	struct rhashtable members;	/* struct ovx_member by key; RCU, RTNL */
	struct socket __rcu *sock;	/* tunnel socket while up; RCU, RTNL */
	struct ovx_pcpu_drops __percpu *drops;
	/* Netlink port id of the packet channel's listener, 0: none. */
	u32 listener;			/* cmpxchg; READ_ONCE */
	struct ovx_dev_svc __rcu *svc;	/* service settings; RCU, RTNL */
};

/* Per network namespace state. */
struct ovx_net {
	struct list_head switches;	/* of struct ovx_dev; RCU, RTNL */
	struct list_head networks;	/* of struct ovx_network; RCU, RTNL */
	struct list_head routers;	/* of struct ovx_router; RCU, RTNL */
	/*
	 * Bumped whenever an FDB entry of any of them is removed, so that a
	 * dump spanning several rounds can tell it may have missed entries
	 * (NLM_F_DUMP_INTR).  Insertions go to the tail and shift nothing.
	 */
	atomic_t fdb_seq;
	/*
	 * Bumped whenever a network, port, peer or membership of the
	 * namespace comes or goes: dumps of those that resume by position
	 * tell the reader when the list shifted between rounds.
	 */
	atomic_t cfg_seq;
	/* Bumped whenever a binding is removed, as @fdb_seq. */
	atomic_t neigh_seq;
};

/*
 * The forwarding database of one network.  Entries are found through @ht
 * and listed, in insertion order, on @entries (for dumps and ageing).
 */
struct ovx_fdb {
	struct rhashtable ht;
	struct list_head entries;	/* RCU readers, @lock writers */
	spinlock_t lock;		/* entries and counts; BH */
	u32 n_learned;			/* @lock; READ_ONCE outside */
	u32 n_static;			/* @lock; READ_ONCE outside */
	/* Learn, move and age events sent this second, from @ev_start. */
	unsigned long ev_start;		/* jiffies; @lock */
	u32 ev_count;			/* @lock */
	struct delayed_work ageing_work;
};

/*
 * A network: a broadcast domain of a switch, identified by its VNI.  What
 * every frame reads comes first, in one cache line; the FDB, then what
 * only configuration reads, after it.
 */
struct ovx_network {
	struct ovx_dev *ovx;		/* its switch, which outlives it */
	struct list_head ports;		/* of struct ovx_port; RCU, RTNL */
	struct list_head peers;		/* of struct ovx_member; RCU, RTNL */
	struct ovx_pcpu_stats __percpu *stats;
	u32 vni;
	/* Settings, changed under RTNL and read by the datapath. */
	bool learning;			/* READ_ONCE */
	bool arp_suppress;		/* READ_ONCE */
	bool flood_unknown;		/* READ_ONCE */
	struct ovx_rif __rcu *rif;	/* its router's interface; RCU, RTNL */
	struct ovx_fdb fdb;
	/* Read by learning and ageing only. */
	u32 ageing;			/* seconds, 0 = never; READ_ONCE */
	u32 fdb_max;			/* learnt entries; READ_ONCE */
	struct ovx_neigh_table neigh;
	/* Read by service frames (a switch with a listener) and ARP/ND only. */
	struct ovx_net_svc __rcu *svc;	/* service settings; RCU, RTNL */
	struct ovx_svc_stats svc_stats;
	struct hlist_node vni_node;	/* ovx_dev.vni_hash; RCU, RTNL */
	struct list_head ns_node;	/* ovx_net.networks; RCU, RTNL */
	struct list_head dev_node;	/* ovx_dev.networks; RTNL */
	char name[OVX_NAME_LEN];
	struct rcu_head rcu;
};

/* A port: an Ethernet device attached to one network. */
struct ovx_port {
	struct net_device *dev;		/* held; rx_handler_data points here */
	netdevice_tracker dev_tracker;
	struct ovx_network *network;	/* fixed; the port goes first */
	struct list_head net_node;	/* ovx_network.ports; RCU, RTNL */
	u32 id;				/* unique in the switch */
	u32 fdb_learned;		/* learnt entries here; network's fdb lock */
	struct ovx_pcpu_stats __percpu *stats;
	/* ICMP errors ovx sends this port's guest (PMTU); its own lock. */
	struct ratelimit_state icmp_rs;
	/* The guest behind the port, as port-new gave it; fixed. */
	bool has_mac;
	u8 mac[ETH_ALEN];
	u8 n_ips;
	struct in6_addr *ips;		/* n_ips addresses, IPv4 v4-mapped */
	char name[OVX_NAME_LEN];	/* a label, or "" */
	/*
	 * Migration: OVX_PORT_STANDBY while the port waits for its guest's
	 * first frame (set at creation, cleared once, by the datapath); the
	 * guest's move sequence (fixed); the announcements of the move still
	 * to repeat, by @announce_work (only the work touches the count).
	 */
	unsigned long state;
	u16 seq;
	u8 announce_left;
	struct delayed_work announce_work;
	/* Token bucket of the service frames the guest hands up. */
	spinlock_t svc_lock;		/* softirq only */
	u32 svc_tokens;			/* @svc_lock */
	u64 svc_last;			/* ns of the last refill; @svc_lock */
	struct ovx_svc_stats svc_stats;
	struct rcu_head rcu;
};

/* Another hypervisor's tunnel endpoint, known to a switch. */
struct ovx_peer {
	struct ovx_dev *ovx;		/* its switch, which outlives it */
	struct list_head dev_node;	/* ovx_dev.peers; RCU, RTNL */
	struct list_head members;	/* of struct ovx_member; RCU, RTNL */
	struct ovx_addr addr;
	struct dst_cache dst_cache;	/* route to it, per CPU */
	struct ovx_pcpu_stats __percpu *stats;
	struct rcu_head rcu;
};

/*
 * Decapsulation finds the membership from the VNI and the outer source
 * address in one lookup.  IPv4 addresses are stored v4-mapped.
 */
struct ovx_member_key {
	struct in6_addr addr;
	u32 vni;
};

/*
 * A peer's membership of a network: the network floods to it, accepts from
 * it.  Decapsulation and learning read the fields up to @network, flooding
 * @net_node and @peer: one cache line.
 */
struct ovx_member {
	struct rhash_head node;		/* ovx_dev.members */
	struct ovx_member_key key;
	u32 fdb_learned;		/* learnt entries behind the peer; fdb lock */
	struct ovx_peer *peer;
	struct ovx_network *network;
	struct list_head net_node;	/* ovx_network.peers; RCU, RTNL */
	struct list_head peer_node;	/* ovx_peer.members; RCU, RTNL */
	/*
	 * On the remover's private list while a grace period passes: RCU
	 * readers may still be walking @net_node and @peer_node.
	 */
	struct list_head gone_node;	/* RTNL */
	struct rcu_head rcu;
} ____cacheline_aligned;	/* so its kmalloc slot starts a line */

struct ovx_net *ovx_net(const struct net *net);

/* Bit of ovx_port.state. */
#define OVX_PORT_STANDBY	0

/* Whether @p still waits for its migrating guest; any context. */
static inline bool ovx_port_standby(const struct ovx_port *p)
{
	return test_bit(OVX_PORT_STANDBY, &p->state);
}

/* Called with RTNL held when a network, port, peer or membership comes or goes. */
static inline void ovx_cfg_changed(struct ovx_dev *ovx)
{
	atomic_inc(&ovx_net(dev_net(ovx->dev))->cfg_seq);
}

#endif /* _OVX_H */
