// SPDX-License-Identifier: GPL-2.0-only
/*
 * ovx: routers.  A router has interfaces in some networks of its switch,
 * each with gateway addresses whose prefixes are its connected routes,
 * and static routes through next hops in those prefixes.  Every host has
 * the same routers (same names, same MAC): packets are routed where they
 * enter the overlay.  Configuration is serialised by RTNL; the datapath
 * reads routers, interfaces and routes under RCU.
 */

#include <linux/etherdevice.h>
#include <linux/inetdevice.h>
#include <linux/rhashtable.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/ipv6.h>

#include "ovx.h"
#include "router.h"

static const struct rhashtable_params ovx_route_params = {
	.head_offset		= offsetof(struct ovx_route, node),
	.key_offset		= offsetof(struct ovx_route, key),
	.key_len		= sizeof(struct ovx_route_key),
	.automatic_shrinking	= true,
};

/* The longest prefix of the family: 32 or 128. */
static unsigned int ovx_family_max(int family)
{
	return family == AF_INET ? 32 : 128;
}

/* @addr with all but its first @plen bits (of its family) cleared. */
static void ovx_prefix_mask(struct in6_addr *out, int family,
			    const struct in6_addr *addr, u8 plen)
{
	if (family == AF_INET) {
		ipv6_addr_set_v4mapped(addr->s6_addr32[3] &
				       inet_make_mask(plen), out);
		return;
	}
	ipv6_addr_prefix(out, addr, plen);
}

/**
 * ovx_prefix_key() - the route key of a prefix
 * @key: filled in
 * @family: AF_INET or AF_INET6
 * @addr: the prefix (IPv4 v4-mapped)
 * @plen: its length
 *
 * Return: false when @plen is too long for @family or @addr has host bits
 * set (as "ip route" refuses 10.0.0.1/24).
 */
bool ovx_prefix_key(struct ovx_route_key *key, int family,
		    const struct in6_addr *addr, u8 plen)
{
	memset(key, 0, sizeof(*key));
	if (plen > ovx_family_max(family))
		return false;
	ovx_prefix_mask(&key->prefix, family, addr, plen);
	key->plen = plen;
	key->family = family;
	return ipv6_addr_equal(&key->prefix, addr);
}

/* Whether @addr (of @key's family) is in the prefix @key. */
static bool ovx_prefix_has(const struct ovx_route_key *key,
			   const struct in6_addr *addr)
{
	struct in6_addr m;

	ovx_prefix_mask(&m, key->family, addr, key->plen);
	return ipv6_addr_equal(&m, &key->prefix);
}

static unsigned long *ovx_router_lens(struct ovx_router *r, int family,
				      u32 **counts)
{
	if (family == AF_INET) {
		*counts = r->n_len4;
		return r->lens4;
	}
	*counts = r->n_len6;
	return r->lens6;
}

/**
 * ovx_route_lookup_rcu() - longest-prefix match
 * @r: the router
 * @family: AF_INET or AF_INET6
 * @addr: the destination (IPv4 v4-mapped)
 *
 * Called with rcu_read_lock held.  One hash lookup per prefix length in
 * use, longest first.
 *
 * Return: the route, or NULL.
 */
struct ovx_route *ovx_route_lookup_rcu(struct ovx_router *r, int family,
				       const struct in6_addr *addr)
{
	unsigned int max = ovx_family_max(family), bit;
	const unsigned long *lens;
	struct ovx_route_key key;
	struct ovx_route *rt;
	u32 *counts;

	lens = ovx_router_lens(r, family, &counts);
	memset(&key, 0, sizeof(key));
	key.family = family;
	for_each_set_bit(bit, lens, max + 1) {
		key.plen = max - bit;
		ovx_prefix_mask(&key.prefix, family, addr, key.plen);
		rt = rhashtable_lookup(&r->routes, &key, ovx_route_params);
		if (rt)
			return rt;
	}
	return NULL;
}

/* Called with RTNL held. */
struct ovx_route *ovx_route_find(struct ovx_router *r,
				 const struct ovx_route_key *key)
{
	return rhashtable_lookup_fast(&r->routes, key, ovx_route_params);
}

static int ovx_route_insert(struct ovx_router *r, struct ovx_route *rt)
{
	unsigned int max = ovx_family_max(rt->key.family);
	unsigned long *lens;
	u32 *counts;
	int err;

	err = rhashtable_lookup_insert_fast(&r->routes, &rt->node,
					    ovx_route_params);
	if (err)
		return err;
	list_add_tail_rcu(&rt->list, &r->route_list);
	lens = ovx_router_lens(r, rt->key.family, &counts);
	if (!counts[rt->key.plen]++)
		set_bit(max - rt->key.plen, lens);
	r->n_routes++;
	return 0;
}

static void ovx_route_remove(struct ovx_router *r, struct ovx_route *rt)
{
	unsigned int max = ovx_family_max(rt->key.family);
	unsigned long *lens;
	u32 *counts;

	rhashtable_remove_fast(&r->routes, &rt->node, ovx_route_params);
	list_del_rcu(&rt->list);
	lens = ovx_router_lens(r, rt->key.family, &counts);
	if (!--counts[rt->key.plen])
		clear_bit(max - rt->key.plen, lens);
	r->n_routes--;
	kfree_rcu(rt, rcu);
}

/*
 * The interface of @r whose connected prefix holds the prefix @key (or
 * the address of @key, a host route), or NULL.  Called with RTNL held.
 */
static struct ovx_rif *ovx_router_connected(struct ovx_router *r,
					    const struct ovx_route_key *key)
{
	struct ovx_route *rt;

	list_for_each_entry(rt, &r->route_list, list)
		if (rt->connected && rt->key.family == key->family &&
		    rt->key.plen <= key->plen &&
		    ovx_prefix_has(&rt->key, &key->prefix))
			return rt->rif;
	return NULL;
}

/**
 * ovx_route_add() - add a static route
 * @r: the router
 * @key: its prefix, from ovx_prefix_key()
 * @via: its next hop, of the same family, or NULL: then @key must lie in a
 *	connected prefix, and packets go to their destination directly
 * @extack: where to say what was wrong
 *
 * Called with RTNL held.
 *
 * Return: 0, or a negative errno (nothing changed).
 */
int ovx_route_add(struct ovx_router *r, const struct ovx_route_key *key,
		  const struct in6_addr *via, struct netlink_ext_ack *extack)
{
	struct ovx_route *rt;
	struct ovx_rif *rif;
	int err;

	ASSERT_RTNL();
	if (ovx_route_find(r, key)) {
		NL_SET_ERR_MSG(extack, "the router has a route to that prefix");
		return -EEXIST;
	}
	if (r->n_routes >= OVX_ROUTES_MAX) {
		NL_SET_ERR_MSG(extack, "the router has too many routes");
		return -ENOSPC;
	}
	if (via) {
		struct ovx_route_key host;

		ovx_prefix_key(&host, key->family, via,
			       ovx_family_max(key->family));
		rif = ovx_router_connected(r, &host);
		if (!rif) {
			NL_SET_ERR_MSG(extack,
				       "next hop is in no connected prefix of the router");
			return -ENETUNREACH;
		}
	} else {
		rif = ovx_router_connected(r, key);
		if (!rif) {
			NL_SET_ERR_MSG(extack,
				       "a route without via must lie in a connected prefix");
			return -ENETUNREACH;
		}
	}
	rt = kzalloc(sizeof(*rt), GFP_KERNEL);
	if (!rt)
		return -ENOMEM;
	rt->key = *key;
	rt->rif = rif;
	if (via) {
		rt->via = *via;
		rt->has_via = true;
	}
	err = ovx_route_insert(r, rt);
	if (err)
		kfree(rt);
	return err;
}

/* Return: 0, -ENOENT, or -EBUSY for a connected route. */
int ovx_route_del(struct ovx_router *r, const struct ovx_route_key *key,
		  struct netlink_ext_ack *extack)
{
	struct ovx_route *rt;

	ASSERT_RTNL();
	rt = ovx_route_find(r, key);
	if (!rt) {
		NL_SET_ERR_MSG(extack, "no such route");
		return -ENOENT;
	}
	if (rt->connected) {
		NL_SET_ERR_MSG(extack,
			       "a connected route goes with its interface: detach the network");
		return -EBUSY;
	}
	ovx_route_remove(r, rt);
	return 0;
}

/*
 * The address of @r that @addr is, if any (ping answers).  Called with
 * rcu_read_lock held.
 */
const struct ovx_rif_addr *ovx_router_own_rcu(struct ovx_router *r,
					      const struct in6_addr *addr)
{
	struct ovx_rif *rif;
	unsigned int i;

	list_for_each_entry_rcu(rif, &r->ifaces, router_node)
		for (i = 0; i < rif->n_addrs; i++)
			if (ipv6_addr_equal(&rif->addrs[i].addr, addr))
				return &rif->addrs[i];
	return NULL;
}

/* Whether @addr is a gateway address of @rif. */
bool ovx_rif_has(const struct ovx_rif *rif, const struct in6_addr *addr)
{
	unsigned int i;

	for (i = 0; i < rif->n_addrs; i++)
		if (ipv6_addr_equal(&rif->addrs[i].addr, addr))
			return true;
	return false;
}

/* The first gateway address of @rif of @family (ICMP errors' source). */
const struct ovx_rif_addr *ovx_rif_gateway(const struct ovx_rif *rif,
					   int family)
{
	unsigned int i;

	for (i = 0; i < rif->n_addrs; i++)
		if (rif->addrs[i].family == family)
			return &rif->addrs[i];
	return NULL;
}

/* Called with RTNL held. */
struct ovx_router *ovx_router_find(struct net *net, const char *name)
{
	struct ovx_router *r;

	ASSERT_RTNL();
	list_for_each_entry(r, &ovx_net(net)->routers, ns_node)
		if (!strcmp(r->name, name))
			return r;
	return NULL;
}

/* Called with rcu_read_lock held (gets and dumps). */
struct ovx_router *ovx_router_find_rcu(struct net *net, const char *name)
{
	struct ovx_router *r;

	list_for_each_entry_rcu(r, &ovx_net(net)->routers, ns_node)
		if (!strcmp(r->name, name))
			return r;
	return NULL;
}

/**
 * ovx_router_create() - add a router to a switch
 * @ovx: the switch
 * @name: unique in the namespace
 * @mac: its MAC address, unicast
 * @extack: where to say what was wrong
 *
 * Called with RTNL held.
 *
 * Return: the router, or an ERR_PTR.
 */
struct ovx_router *ovx_router_create(struct ovx_dev *ovx, const char *name,
				     const u8 *mac,
				     struct netlink_ext_ack *extack)
{
	struct net *net = dev_net(ovx->dev);
	struct ovx_router *r;
	int cpu, err;

	ASSERT_RTNL();
	if (!*name) {
		NL_SET_ERR_MSG(extack, "router name must not be empty");
		return ERR_PTR(-EINVAL);
	}
	if (!is_valid_ether_addr(mac)) {
		NL_SET_ERR_MSG(extack, "router mac must be a unicast address");
		return ERR_PTR(-EINVAL);
	}
	if (ovx_router_find(net, name)) {
		NL_SET_ERR_MSG(extack, "a router of that name exists");
		return ERR_PTR(-EEXIST);
	}
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return ERR_PTR(-ENOMEM);
	r->stats = ovx_stats_alloc();
	r->drops = alloc_percpu(struct ovx_pcpu_rdrops);
	if (!r->stats || !r->drops) {
		err = -ENOMEM;
		goto err_free;
	}
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(r->drops, cpu)->syncp);
	err = rhashtable_init(&r->routes, &ovx_route_params);
	if (err)
		goto err_free;
	r->ovx = ovx;
	ether_addr_copy(r->mac, mac);
	strscpy(r->name, name, sizeof(r->name));
	INIT_LIST_HEAD(&r->route_list);
	INIT_LIST_HEAD(&r->ifaces);
	list_add_tail_rcu(&r->ns_node, &ovx_net(net)->routers);
	list_add_tail(&r->dev_node, &ovx->routers);
	ovx_cfg_changed(ovx);
	return r;

err_free:
	free_percpu(r->drops);
	free_percpu(r->stats);
	kfree(r);
	return ERR_PTR(err);
}

/* Whether two prefixes overlap: the shorter holds the longer's start. */
static bool ovx_prefix_overlap(const struct ovx_rif_addr *a,
			       const struct ovx_rif_addr *b)
{
	struct ovx_route_key k = {};

	if (a->family != b->family)
		return false;
	k.family = a->family;
	k.plen = min(a->plen, b->plen);
	ovx_prefix_mask(&k.prefix, a->family, &a->addr, k.plen);
	return ovx_prefix_has(&k, &b->addr);
}

/*
 * A gateway address must be a host of its prefix: not its first address
 * nor (IPv4) its broadcast, unless the prefix has no room for them.
 */
static bool ovx_gateway_ok(const struct ovx_rif_addr *a)
{
	unsigned int max = ovx_family_max(a->family);
	struct in6_addr net;
	__be32 ip, host;

	if (a->plen > max)
		return false;
	if (a->family == AF_INET) {
		ip = a->addr.s6_addr32[3];
		if (ipv4_is_zeronet(ip) || ipv4_is_multicast(ip) ||
		    ipv4_is_lbcast(ip) || ipv4_is_loopback(ip))
			return false;
		if (a->plen >= 31)
			return true;
		host = ip & ~inet_make_mask(a->plen);
		return host && host != ~inet_make_mask(a->plen);
	}
	if (ipv6_addr_any(&a->addr) || ipv6_addr_is_multicast(&a->addr) ||
	    ipv6_addr_loopback(&a->addr) || ipv6_addr_v4mapped(&a->addr))
		return false;
	if (a->plen >= 127)
		return true;
	ipv6_addr_prefix(&net, &a->addr, a->plen);
	return !ipv6_addr_equal(&net, &a->addr);
}

static int ovx_router_check_addrs(struct ovx_router *r,
				  const struct ovx_rif_addr *addrs,
				  unsigned int n_addrs,
				  struct netlink_ext_ack *extack)
{
	struct ovx_rif *rif;
	unsigned int i, j;

	if (!n_addrs) {
		NL_SET_ERR_MSG(extack, "an interface needs at least one address");
		return -EINVAL;
	}
	if (n_addrs > OVX_ROUTER_ADDRS_MAX) {
		NL_SET_ERR_MSG(extack, "too many addresses for one interface");
		return -E2BIG;
	}
	for (i = 0; i < n_addrs; i++) {
		if (!ovx_gateway_ok(&addrs[i])) {
			NL_SET_ERR_MSG(extack,
				       "gateway address must be a host address of its prefix");
			return -EINVAL;
		}
		for (j = 0; j < i; j++) {
			if (ovx_prefix_overlap(&addrs[i], &addrs[j])) {
				NL_SET_ERR_MSG(extack,
					       "the interface's prefixes overlap");
				return -EINVAL;
			}
		}
		list_for_each_entry(rif, &r->ifaces, router_node) {
			for (j = 0; j < rif->n_addrs; j++) {
				if (ovx_prefix_overlap(&addrs[i], &rif->addrs[j])) {
					NL_SET_ERR_MSG(extack,
						       "prefix overlaps another interface of the router");
					return -EEXIST;
				}
			}
		}
	}
	return 0;
}

/* Remove @rif's routes, connected and static; RTNL. */
static void ovx_rif_routes_flush(struct ovx_router *r, struct ovx_rif *rif)
{
	struct ovx_route *rt, *tmp;

	list_for_each_entry_safe(rt, tmp, &r->route_list, list)
		if (rt->rif == rif)
			ovx_route_remove(r, rt);
}

/**
 * ovx_router_attach() - give a router an interface in a network
 * @r: the router
 * @n: a network of the router's switch, attached to no router
 * @addrs: the gateway addresses and their prefixes
 * @n_addrs: how many (1 to OVX_ROUTER_ADDRS_MAX)
 * @extack: where to say what was wrong
 *
 * Called with RTNL held.  Nothing changes on error.
 *
 * Return: 0, or a negative errno.
 */
int ovx_router_attach(struct ovx_router *r, struct ovx_network *n,
		      const struct ovx_rif_addr *addrs, unsigned int n_addrs,
		      struct netlink_ext_ack *extack)
{
	struct ovx_rif *rif, *old;
	struct ovx_route *rt;
	unsigned int i;
	int err;

	ASSERT_RTNL();
	if (n->ovx != r->ovx) {
		NL_SET_ERR_MSG(extack,
			       "network and router belong to different switches");
		return -EINVAL;
	}
	old = rtnl_dereference(n->rif);
	if (old) {
		if (old->router == r)
			NL_SET_ERR_MSG(extack,
				       "the network is attached to the router already");
		else
			NL_SET_ERR_MSG(extack,
				       "the network is attached to another router");
		return -EEXIST;
	}
	err = ovx_router_check_addrs(r, addrs, n_addrs, extack);
	if (err)
		return err;
	if (r->n_routes + n_addrs > OVX_ROUTES_MAX) {
		NL_SET_ERR_MSG(extack, "the router has too many routes");
		return -ENOSPC;
	}
	rif = kzalloc(sizeof(*rif), GFP_KERNEL);
	if (!rif)
		return -ENOMEM;
	rif->router = r;
	rif->network = n;
	rif->n_addrs = n_addrs;
	memcpy(rif->addrs, addrs, n_addrs * sizeof(*addrs));

	for (i = 0; i < n_addrs; i++) {
		rt = kzalloc(sizeof(*rt), GFP_KERNEL);
		if (!rt) {
			err = -ENOMEM;
			goto err_routes;
		}
		/* The gateway's host bits go: the key is its prefix. */
		ovx_prefix_key(&rt->key, addrs[i].family, &addrs[i].addr,
			       addrs[i].plen);
		rt->rif = rif;
		rt->connected = true;
		err = ovx_route_insert(r, rt);
		if (err) {
			kfree(rt);
			goto err_routes;
		}
	}
	list_add_tail_rcu(&rif->router_node, &r->ifaces);
	rcu_assign_pointer(n->rif, rif);
	ovx_cfg_changed(r->ovx);
	return 0;

err_routes:
	/* Readers may have seen these routes: they go after a grace period. */
	ovx_rif_routes_flush(r, rif);
	kfree_rcu(rif, rcu);
	return err;
}

/* Unpublish @rif and its routes; the memory goes after a grace period. */
static void ovx_rif_destroy(struct ovx_rif *rif)
{
	struct ovx_router *r = rif->router;

	RCU_INIT_POINTER(rif->network->rif, NULL);
	list_del_rcu(&rif->router_node);
	ovx_rif_routes_flush(r, rif);
	ovx_cfg_changed(r->ovx);
	kfree_rcu(rif, rcu);
}

/* Return: 0, or -ENOENT when @n is not attached to @r. */
int ovx_router_detach(struct ovx_router *r, struct ovx_network *n,
		      struct netlink_ext_ack *extack)
{
	struct ovx_rif *rif = rtnl_dereference(n->rif);

	if (!rif || rif->router != r) {
		NL_SET_ERR_MSG(extack, "the network is not attached to the router");
		return -ENOENT;
	}
	ovx_rif_destroy(rif);
	return 0;
}

/* A network goes: it leaves its router first.  RTNL held. */
void ovx_router_network_gone(struct ovx_network *n)
{
	struct ovx_rif *rif = rtnl_dereference(n->rif);

	if (rif)
		ovx_rif_destroy(rif);
}

static void ovx_router_free_rcu(struct rcu_head *head)
{
	struct ovx_router *r = container_of(head, struct ovx_router, rcu);

	free_percpu(r->drops);
	free_percpu(r->stats);
	kfree(r);
}

/*
 * Called with RTNL held.  Its interfaces and routes are unpublished, then
 * after a grace period (no frame can be routed by it any more) the table
 * and the router go.
 */
void ovx_router_destroy(struct ovx_router *r)
{
	struct ovx_rif *rif, *tmp;

	ASSERT_RTNL();
	list_for_each_entry_safe(rif, tmp, &r->ifaces, router_node)
		ovx_rif_destroy(rif);
	list_del_rcu(&r->ns_node);
	list_del(&r->dev_node);
	ovx_cfg_changed(r->ovx);
	/*
	 * No route is left, but a frame routed by @r may still be walking
	 * the table's buckets: they go once it is done.
	 */
	synchronize_net();
	rhashtable_destroy(&r->routes);
	call_rcu(&r->rcu, ovx_router_free_rcu);
}

/* Called with RTNL held, when the switch goes away. */
void ovx_router_destroy_all(struct ovx_dev *ovx)
{
	struct ovx_router *r, *tmp;

	list_for_each_entry_safe(r, tmp, &ovx->routers, dev_node)
		ovx_router_destroy(r);
}

void ovx_router_drops_fold(struct ovx_router *r, u64 *sum)
{
	u64 one[OVX_RDROP_MAX];
	int cpu, i;

	memset(sum, 0, sizeof(*sum) * OVX_RDROP_MAX);
	for_each_possible_cpu(cpu) {
		const struct ovx_pcpu_rdrops *d = per_cpu_ptr(r->drops, cpu);
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&d->syncp);
			for (i = 0; i < OVX_RDROP_MAX; i++)
				one[i] = u64_stats_read(&d->n[i]);
		} while (u64_stats_fetch_retry(&d->syncp, start));
		for (i = 0; i < OVX_RDROP_MAX; i++)
			sum[i] += one[i];
	}
}
