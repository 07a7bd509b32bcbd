/* SPDX-License-Identifier: GPL-2.0-only */
/* ovx: address bindings of a network (IP address -> MAC and location). */
#ifndef _OVX_NEIGH_H
#define _OVX_NEIGH_H

#include <linux/if_ether.h>
#include <linux/in6.h>
#include <linux/list.h>
#include <linux/rhashtable-types.h>
#include <linux/spinlock_types.h>
#include <net/ipv6.h>
#include <net/netlink.h>
#include <uapi/linux/ovx.h>

struct ovx_network;
struct ovx_peer;
struct ovx_port;

/* Internal flag, beside the uapi's enum ovx_neigh_flags: unlinked. */
#define OVX_NEIGH_DEAD	0x8000

/*
 * One address of a network.  An entry never changes once it is in the
 * table: a binding that moves or changes its MAC is replaced by a new
 * entry, so a lockless reader always sees a MAC and a location that go
 * together.  Like FDB entries, it points to its port or peer without
 * holding it: a port or a membership flushes its bindings before the
 * grace period that frees it.
 */
struct ovx_neigh {
	struct rhash_head node;		/* ovx_neigh_table.ht */
	union {
		struct list_head list;	/* ovx_neigh_table.entries; lock */
		struct rcu_head rcu;	/* once unlinked */
	};
	struct in6_addr addr;		/* the key; IPv4 as v4-mapped */
	u8 lladdr[ETH_ALEN];
	u16 flags;			/* OVX_NEIGH_FLAGS_*, DEAD; lock */
	struct ovx_port *port;		/* a local port, */
	struct ovx_peer *peer;		/* or a peer */
	unsigned long updated;		/* jiffies; learnt bindings */
	/*
	 * The guest's DNS name, "" for none: sized to it, as entries are
	 * immutable (a change replaces the entry) and most have none.
	 */
	char name[];
};

/* The bindings of one network. */
struct ovx_neigh_table {
	struct rhashtable ht;
	struct list_head entries;	/* insertion order; @lock */
	spinlock_t lock;		/* writers; BH */
	u32 n_static;			/* @lock; READ_ONCE outside */
	/* Flush events sent this second, from @ev_start; @lock. */
	unsigned long ev_start;
	u32 ev_count;
};

int ovx_neigh_init(struct ovx_neigh_table *t);
void ovx_neigh_uninit(struct ovx_network *n);

struct ovx_neigh *ovx_neigh_lookup_rcu(struct ovx_network *n,
				       const struct in6_addr *addr);
struct ovx_neigh *ovx_neigh_lookup(struct ovx_network *n,
				   const struct in6_addr *addr);

static inline struct ovx_neigh *ovx_neigh_lookup4_rcu(struct ovx_network *n,
						      __be32 ip)
{
	struct in6_addr a;

	ipv6_addr_set_v4mapped(ip, &a);
	return ovx_neigh_lookup_rcu(n, &a);
}

bool ovx_neigh_addr_ok(const struct in6_addr *addr);
int ovx_neigh_add(struct ovx_network *n, const struct in6_addr *addr,
		  const char *name,
		  const u8 *lladdr, struct ovx_port *port,
		  struct ovx_peer *peer, u16 flags,
		  struct netlink_ext_ack *extack);
int ovx_neigh_del(struct ovx_network *n, const struct in6_addr *addr,
		  struct netlink_ext_ack *extack);
unsigned int ovx_neigh_flush(struct ovx_network *n, struct ovx_port *port,
			     struct ovx_peer *peer);

#endif /* _OVX_NEIGH_H */
