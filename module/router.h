/* SPDX-License-Identifier: GPL-2.0-only */
/* ovx: routers, their interfaces in networks, and their routes. */
#ifndef _OVX_ROUTER_H
#define _OVX_ROUTER_H

#include <linux/bitmap.h>
#include <linux/if_ether.h>
#include <linux/in6.h>
#include <linux/list.h>
#include <linux/rhashtable-types.h>
#include <net/netlink.h>
#include <uapi/linux/ovx.h>

#include "stats.h"

struct ovx_dev;
struct ovx_network;
struct ovx_router;

/* Routes a router holds at most (connected ones included). */
#define OVX_ROUTES_MAX	262144

/*
 * The key of a route: its prefix (IPv4 v4-mapped) with the host bits
 * clear, its length in its family's terms, and the family.  Whole words,
 * so that rhashtable hashes it with jhash2().
 */
struct ovx_route_key {
	struct in6_addr prefix;
	u8 plen;
	u8 family;
	u8 pad[2];
};

/* An address of a router interface, and the prefix connected there. */
struct ovx_rif_addr {
	struct in6_addr addr;		/* IPv4 v4-mapped */
	u8 plen;
	u8 family;
};

/*
 * An interface of a router in one network.  Fixed once attached: the
 * datapath reads it under RCU from the network (ovx_network.rif).
 */
struct ovx_rif {
	struct ovx_router *router;
	struct ovx_network *network;
	struct list_head router_node;	/* ovx_router.ifaces; RCU, RTNL */
	unsigned int n_addrs;
	struct ovx_rif_addr addrs[OVX_ROUTER_ADDRS_MAX];
	struct rcu_head rcu;
};

/* A route: where packets to its prefix leave the router. */
struct ovx_route {
	struct rhash_head node;		/* ovx_router.routes */
	struct ovx_route_key key;
	struct ovx_rif *rif;		/* the egress interface */
	struct in6_addr via;		/* next hop, if @has_via */
	bool has_via;
	bool connected;			/* an interface's own prefix */
	struct list_head list;		/* ovx_router.route_list; RCU, RTNL */
	struct rcu_head rcu;
};

/* Why a router dropped a packet: the order of the uapi's router-drops. */
enum ovx_rdrop_reason {
	OVX_RDROP_NO_ROUTE,
	OVX_RDROP_NO_NEIGH,
	OVX_RDROP_TTL_EXCEEDED,
	OVX_RDROP_BAD_HEADER,
	OVX_RDROP_NOT_ROUTABLE,
	OVX_RDROP_TO_ROUTER,
	OVX_RDROP_ICMP_RATELIMITED,
	OVX_RDROP_MAX
};

struct ovx_pcpu_rdrops {
	u64_stats_t n[OVX_RDROP_MAX];
	struct u64_stats_sync syncp;
};

/*
 * A router: a routing domain of a switch, with one MAC address for all its
 * interfaces.  Its longest-prefix match looks the destination up in one
 * hash table per prefix length in use, longest first: a lookup costs the
 * number of lengths in use, whatever the number of routes.
 */
struct ovx_router {
	struct ovx_dev *ovx;		/* its switch, which outlives it */
	u8 mac[ETH_ALEN];
	struct rhashtable routes;	/* struct ovx_route by key */
	/* Lengths in use, bit (max - length) so the first is the longest. */
	DECLARE_BITMAP(lens4, 33);	/* RCU readers, RTNL writers */
	DECLARE_BITMAP(lens6, 129);
	u32 n_len4[33];			/* routes per length; RTNL */
	u32 n_len6[129];
	u32 n_routes;			/* RTNL */
	struct list_head route_list;	/* of struct ovx_route; RCU, RTNL */
	struct list_head ifaces;	/* of struct ovx_rif; RCU, RTNL */
	struct list_head ns_node;	/* ovx_net.routers; RCU, RTNL */
	struct list_head dev_node;	/* ovx_dev.routers; RTNL */
	struct ovx_pcpu_stats __percpu *stats;
	struct ovx_pcpu_rdrops __percpu *drops;
	char name[OVX_NAME_LEN];
	struct rcu_head rcu;
};

struct ovx_router *ovx_router_create(struct ovx_dev *ovx, const char *name,
				     const u8 *mac,
				     struct netlink_ext_ack *extack);
void ovx_router_destroy(struct ovx_router *r);
void ovx_router_destroy_all(struct ovx_dev *ovx);
struct ovx_router *ovx_router_find(struct net *net, const char *name);
struct ovx_router *ovx_router_find_rcu(struct net *net, const char *name);

int ovx_router_attach(struct ovx_router *r, struct ovx_network *n,
		      const struct ovx_rif_addr *addrs, unsigned int n_addrs,
		      struct netlink_ext_ack *extack);
int ovx_router_detach(struct ovx_router *r, struct ovx_network *n,
		      struct netlink_ext_ack *extack);
void ovx_router_network_gone(struct ovx_network *n);

int ovx_route_add(struct ovx_router *r, const struct ovx_route_key *key,
		  const struct in6_addr *via, struct netlink_ext_ack *extack);
int ovx_route_del(struct ovx_router *r, const struct ovx_route_key *key,
		  struct netlink_ext_ack *extack);
struct ovx_route *ovx_route_find(struct ovx_router *r,
				 const struct ovx_route_key *key);
struct ovx_route *ovx_route_lookup_rcu(struct ovx_router *r, int family,
				       const struct in6_addr *addr);
const struct ovx_rif_addr *ovx_router_own_rcu(struct ovx_router *r,
					      const struct in6_addr *addr);
bool ovx_rif_has(const struct ovx_rif *rif, const struct in6_addr *addr);
const struct ovx_rif_addr *ovx_rif_gateway(const struct ovx_rif *rif,
					   int family);
bool ovx_prefix_key(struct ovx_route_key *key, int family,
		    const struct in6_addr *addr, u8 plen);

void ovx_router_drops_fold(struct ovx_router *r, u64 *sum);

/* Softirq context, like ovx_drops_inc(). */
static inline void ovx_rdrops_inc(struct ovx_router *r,
				  enum ovx_rdrop_reason reason)
{
	struct ovx_pcpu_rdrops *d = this_cpu_ptr(r->drops);

	u64_stats_update_begin(&d->syncp);
	u64_stats_inc(&d->n[reason]);
	u64_stats_update_end(&d->syncp);
}

#endif /* _OVX_ROUTER_H */
