// SPDX-License-Identifier: GPL-2.0-only
/*
 * ovx: the address bindings of a network.  The control plane pushes them
 * (neigh-new, or a port's own addresses); ARP and ND are answered from
 * them, so resolution traffic need not cross the underlay.
 */

#include <linux/etherdevice.h>
#include <linux/rhashtable.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/ipv6.h>

#include "neigh.h"
#include "netlink.h"
#include "ovx.h"

static int ovx_neigh_cmp(struct rhashtable_compare_arg *arg, const void *obj)
{
	const struct ovx_neigh *e = obj;

	return !ipv6_addr_equal(&e->addr, arg->key);
}

/* A 16-byte key of whole words: rhashtable hashes it with jhash2(). */
static const struct rhashtable_params ovx_neigh_params = {
	.head_offset		= offsetof(struct ovx_neigh, node),
	.key_offset		= offsetof(struct ovx_neigh, addr),
	.key_len		= sizeof(struct in6_addr),
	.obj_cmpfn		= ovx_neigh_cmp,
	.automatic_shrinking	= true,
};

/* Called with rcu_read_lock held (the datapath, gets and dumps). */
struct ovx_neigh *ovx_neigh_lookup_rcu(struct ovx_network *n,
				       const struct in6_addr *addr)
{
	return rhashtable_lookup(&n->neigh.ht, addr, ovx_neigh_params);
}

/* Called with the table's lock held. */
struct ovx_neigh *ovx_neigh_lookup(struct ovx_network *n,
				   const struct in6_addr *addr)
{
	lockdep_assert_held(&n->neigh.lock);
	return rhashtable_lookup_fast(&n->neigh.ht, addr, ovx_neigh_params);
}

/*
 * Whether @addr may be bound: a unicast address a guest can own.  IPv4
 * addresses come v4-mapped.
 */
bool ovx_neigh_addr_ok(const struct in6_addr *addr)
{
	__be32 ip;

	if (ipv6_addr_v4mapped(addr)) {
		ip = addr->s6_addr32[3];
		return !ipv4_is_zeronet(ip) && !ipv4_is_multicast(ip) &&
		       !ipv4_is_lbcast(ip) && !ipv4_is_loopback(ip);
	}
	return !ipv6_addr_any(addr) && !ipv6_addr_is_multicast(addr) &&
	       !ipv6_addr_loopback(addr);
}

/*
 * Bumped on every removal: dumps resume by position in the insertion
 * ordered list, which a removal shifts (see the FDB's).
 */
static void ovx_neigh_removed(struct ovx_network *n)
{
	atomic_inc(&ovx_net(dev_net(n->ovx->dev))->neigh_seq);
}

/* Unlink @e and free it after a grace period; lock held. */
static void ovx_neigh_remove(struct ovx_network *n, struct ovx_neigh *e,
			     bool limited)
{
	struct ovx_neigh_table *t = &n->neigh;

	rhashtable_remove_fast(&t->ht, &e->node, ovx_neigh_params);
	list_del(&e->list);
	e->flags |= OVX_NEIGH_DEAD;
	if (e->flags & OVX_NEIGH_FLAGS_STATIC)
		WRITE_ONCE(t->n_static, t->n_static - 1);
	ovx_neigh_removed(n);
	ovx_nl_neigh_notify(n, e, OVX_NEIGH_EVENT_DELETED, limited);
	kfree_rcu(e, rcu);
}

/**
 * ovx_neigh_add() - add or replace a static binding
 * @n: the network
 * @addr: the address (IPv4 v4-mapped), checked by ovx_neigh_addr_ok()
 * @name: the guest's DNS name (up to OVX_NAME_LEN - 1 characters), or NULL
 * @lladdr: the Ethernet address it resolves to (valid unicast)
 * @port: where it is: a local port of @n,
 * @peer: or a peer that is a member of @n
 * @flags: OVX_NEIGH_FLAGS_STATIC, and OVX_NEIGH_FLAGS_PORT for a port's own
 * @extack: where to say what was wrong
 *
 * Called with RTNL held.  A port's own binding is replaced only by its
 * port's (never by neigh-new, nor by another port's).
 *
 * Return: 0; -EBUSY when @addr is a port's own; -ENOMEM.
 */
int ovx_neigh_add(struct ovx_network *n, const struct in6_addr *addr,
		  const char *name,
		  const u8 *lladdr, struct ovx_port *port,
		  struct ovx_peer *peer, u16 flags,
		  struct netlink_ext_ack *extack)
{
	size_t name_len = name ? strnlen(name, OVX_NAME_LEN - 1) : 0;
	struct ovx_neigh_table *t = &n->neigh;
	struct ovx_neigh *e, *old;
	int err;

	ASSERT_RTNL();
	e = kzalloc(struct_size(e, name, name_len + 1), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	if (name_len)
		memcpy(e->name, name, name_len);
	e->addr = *addr;
	ether_addr_copy(e->lladdr, lladdr);
	e->port = port;
	e->peer = peer;
	e->flags = flags | OVX_NEIGH_FLAGS_STATIC;
	e->updated = jiffies;

	spin_lock_bh(&t->lock);
	old = ovx_neigh_lookup(n, addr);
	if (old && (old->flags & OVX_NEIGH_FLAGS_PORT) && old->port != port) {
		NL_SET_ERR_MSG(extack,
			       "the address is a port's own: delete that port first");
		err = -EBUSY;
		goto err_unlock;
	}
	if (old) {
		/* In place, so that lookups never miss the address. */
		err = rhashtable_replace_fast(&t->ht, &old->node, &e->node,
					      ovx_neigh_params);
		if (err)
			goto err_unlock;
		list_replace(&old->list, &e->list);
		old->flags |= OVX_NEIGH_DEAD;
		if (old->flags & OVX_NEIGH_FLAGS_STATIC)
			WRITE_ONCE(t->n_static, t->n_static - 1);
		kfree_rcu(old, rcu);
	} else {
		err = rhashtable_insert_fast(&t->ht, &e->node, ovx_neigh_params);
		if (err)
			goto err_unlock;
		list_add_tail(&e->list, &t->entries);
	}
	WRITE_ONCE(t->n_static, t->n_static + 1);
	ovx_nl_neigh_notify(n, e, OVX_NEIGH_EVENT_ADDED, false);
	spin_unlock_bh(&t->lock);
	return 0;

err_unlock:
	spin_unlock_bh(&t->lock);
	kfree(e);
	return err;
}

/**
 * ovx_neigh_del() - delete a binding pushed by neigh-new (or learnt)
 * @n: the network
 * @addr: the address
 * @extack: where to say what was wrong
 *
 * Return: 0; -ENOENT when @n has no such binding; -EBUSY when it is a
 * port's own (it goes with the port).
 */
int ovx_neigh_del(struct ovx_network *n, const struct in6_addr *addr,
		  struct netlink_ext_ack *extack)
{
	struct ovx_neigh_table *t = &n->neigh;
	struct ovx_neigh *e;
	int err = 0;

	spin_lock_bh(&t->lock);
	e = ovx_neigh_lookup(n, addr);
	if (!e) {
		NL_SET_ERR_MSG(extack, "no such binding in the network");
		err = -ENOENT;
	} else if (e->flags & OVX_NEIGH_FLAGS_PORT) {
		NL_SET_ERR_MSG(extack,
			       "the address is a port's own: delete the port instead");
		err = -EBUSY;
	} else {
		ovx_neigh_remove(n, e, false);
	}
	spin_unlock_bh(&t->lock);
	return err;
}

/*
 * Bindings walked per hold of the lock: it is taken with BH off, and a
 * peer leaving a network may take 100k bindings with it.
 */
#define OVX_NEIGH_FLUSH_BATCH	1024

/**
 * ovx_neigh_flush() - delete the bindings of a network that point somewhere
 * @n: the network
 * @port: those behind this port, or NULL
 * @peer: those behind this peer, or NULL; with neither, all
 *
 * Called with RTNL held, once no new binding can point to @port or @peer
 * (RTNL serialises the only writers).
 *
 * Return: how many were deleted.
 */
unsigned int ovx_neigh_flush(struct ovx_network *n, struct ovx_port *port,
			     struct ovx_peer *peer)
{
	struct ovx_neigh_table *t = &n->neigh;
	unsigned int count = 0, budget;
	struct ovx_neigh *e, *tmp;
	bool again;

	ASSERT_RTNL();
	do {
		again = false;
		budget = OVX_NEIGH_FLUSH_BATCH;
		spin_lock_bh(&t->lock);
		list_for_each_entry_safe(e, tmp, &t->entries, list) {
			if (port && e->port != port)
				continue;
			if (peer && e->peer != peer)
				continue;
			ovx_neigh_remove(n, e, true);
			count++;
			if (!--budget) {
				again = true;
				break;
			}
		}
		spin_unlock_bh(&t->lock);
		if (again)
			cond_resched();
	} while (again);
	return count;
}

int ovx_neigh_init(struct ovx_neigh_table *t)
{
	int err;

	err = rhashtable_init(&t->ht, &ovx_neigh_params);
	if (err)
		return err;
	INIT_LIST_HEAD(&t->entries);
	spin_lock_init(&t->lock);
	t->n_static = 0;
	t->ev_start = jiffies;
	t->ev_count = 0;
	return 0;
}

static void ovx_neigh_free(void *ptr, void *arg)
{
	kfree(ptr);
}

/*
 * Called with RTNL held once the network is unreachable and a grace
 * period has passed (see ovx_network_destroy()): no reader is left, the
 * entries go at once.  Listeners learn of the network's deletion, not of
 * each of its bindings.
 */
void ovx_neigh_uninit(struct ovx_network *n)
{
	ovx_neigh_removed(n);
	rhashtable_free_and_destroy(&n->neigh.ht, ovx_neigh_free, NULL);
}
