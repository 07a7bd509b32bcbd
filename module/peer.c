// SPDX-License-Identifier: GPL-2.0-only
/*
 * ovx: peers (the tunnel endpoints of other hypervisors) and their
 * memberships of networks, which decide where a network floods and whom it
 * accepts tunnel packets from.
 */

#include <linux/rhashtable.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/ipv6.h>

#include "fdb.h"
#include "ovx.h"
#include "peer.h"

static const struct rhashtable_params ovx_member_params = {
	.head_offset		= offsetof(struct ovx_member, node),
	.key_offset		= offsetof(struct ovx_member, key),
	.key_len		= sizeof(struct ovx_member_key),
	.automatic_shrinking	= true,
};

bool ovx_addr_equal(const struct ovx_addr *a, const struct ovx_addr *b)
{
	if (a->family != b->family)
		return false;
	if (a->family == AF_INET6)
		return ipv6_addr_equal(&a->ip6, &b->ip6);
	return a->ip4 == b->ip4;
}

static void ovx_member_key(struct ovx_member_key *key, u32 vni,
			   const struct ovx_addr *addr)
{
	memset(key, 0, sizeof(*key));
	if (addr->family == AF_INET6)
		key->addr = addr->ip6;
	else
		ipv6_addr_set_v4mapped(addr->ip4, &key->addr);
	key->vni = vni;
}

/* Called with rcu_read_lock held (in the tunnel's receive path). */
struct ovx_member *ovx_member_lookup_rcu(struct ovx_dev *ovx, u32 vni,
					 const struct ovx_addr *addr)
{
	struct ovx_member_key key;

	ovx_member_key(&key, vni, addr);
	return rhashtable_lookup(&ovx->members, &key, ovx_member_params);
}

int ovx_peers_init(struct ovx_dev *ovx)
{
	INIT_LIST_HEAD(&ovx->peers);
	return rhashtable_init(&ovx->members, &ovx_member_params);
}

/*
 * Called with RTNL or rcu_read_lock held: the peer stays valid until the
 * one or the other is dropped.
 */
struct ovx_peer *ovx_peer_find(struct ovx_dev *ovx, const struct ovx_addr *addr)
{
	struct ovx_peer *peer;

	list_for_each_entry_rcu(peer, &ovx->peers, dev_node,
				lockdep_rtnl_is_held())
		if (ovx_addr_equal(&peer->addr, addr))
			return peer;
	return NULL;
}

static bool ovx_peer_addr_ok(const struct ovx_dev *ovx,
			     const struct ovx_addr *addr,
			     struct netlink_ext_ack *extack)
{
	if (addr->family != ovx->cfg.local.family) {
		NL_SET_ERR_MSG(extack,
			       "peer address family differs from the switch's local address");
		return false;
	}
	if (addr->family == AF_INET6) {
		if (ipv6_addr_any(&addr->ip6) ||
		    ipv6_addr_is_multicast(&addr->ip6) ||
		    ipv6_addr_v4mapped(&addr->ip6))
			goto bad;
		/* The switch's own address cannot be link-local either. */
		if (ipv6_addr_type(&addr->ip6) & IPV6_ADDR_LINKLOCAL) {
			NL_SET_ERR_MSG(extack,
				       "link-local peer addresses are not supported: use a global or unique local address");
			return false;
		}
	} else if (ipv4_is_zeronet(addr->ip4) || ipv4_is_multicast(addr->ip4) ||
		   ipv4_is_lbcast(addr->ip4)) {
		goto bad;
	}
	if (ovx_addr_equal(addr, &ovx->cfg.local)) {
		NL_SET_ERR_MSG(extack, "peer address is the switch's own address");
		return false;
	}
	return true;
bad:
	NL_SET_ERR_MSG(extack, "peer address must be a unicast address");
	return false;
}

/**
 * ovx_peer_create() - add a peer, member of no network yet, to a switch
 * @ovx: the switch
 * @addr: the peer's underlay address, not yet a peer of @ovx
 * @extack: where to say what was wrong
 *
 * Called with RTNL held.
 *
 * Return: the peer, or an ERR_PTR.
 */
struct ovx_peer *ovx_peer_create(struct ovx_dev *ovx, const struct ovx_addr *addr,
				 struct netlink_ext_ack *extack)
{
	struct ovx_peer *peer;
	int err;

	ASSERT_RTNL();
	if (!ovx_peer_addr_ok(ovx, addr, extack))
		return ERR_PTR(addr->family != ovx->cfg.local.family ?
			       -EAFNOSUPPORT : -EINVAL);
	peer = kzalloc(sizeof(*peer), GFP_KERNEL);
	if (!peer)
		return ERR_PTR(-ENOMEM);
	peer->stats = ovx_stats_alloc();
	if (!peer->stats) {
		err = -ENOMEM;
		goto err_free;
	}
	err = dst_cache_init(&peer->dst_cache, GFP_KERNEL);
	if (err)
		goto err_stats;
	peer->ovx = ovx;
	peer->addr = *addr;
	INIT_LIST_HEAD(&peer->members);
	list_add_tail_rcu(&peer->dev_node, &ovx->peers);
	ovx_cfg_changed(ovx);
	return peer;

err_stats:
	free_percpu(peer->stats);
err_free:
	kfree(peer);
	return ERR_PTR(err);
}

/* Called with RTNL held. */
struct ovx_member *ovx_peer_member(struct ovx_peer *peer, struct ovx_network *n)
{
	struct ovx_member *m;

	list_for_each_entry(m, &peer->members, peer_node)
		if (m->network == n)
			return m;
	return NULL;
}

/**
 * ovx_peer_join() - make @peer a member of network @n
 * @peer: the peer
 * @n: a network of the peer's switch
 *
 * Called with RTNL held.  Joining a network twice is not an error.
 *
 * Return: 1 if @peer joined, 0 if it was a member already, or a negative
 * errno (no memory).
 */
int ovx_peer_join(struct ovx_peer *peer, struct ovx_network *n)
{
	struct ovx_member *m;
	int err;

	/* What decapsulation and flooding read: one cache line. */
	BUILD_BUG_ON(offsetofend(struct ovx_member, net_node) > 64);
	ASSERT_RTNL();
	if (ovx_peer_member(peer, n))
		return 0;
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	ovx_member_key(&m->key, n->vni, &peer->addr);
	m->peer = peer;
	m->network = n;
	err = rhashtable_insert_fast(&peer->ovx->members, &m->node,
				     ovx_member_params);
	if (err) {
		kfree(m);
		return err;
	}
	list_add_tail_rcu(&m->peer_node, &peer->members);
	list_add_tail_rcu(&m->net_node, &n->peers);
	ovx_cfg_changed(peer->ovx);
	return 1;
}

/*
 * Make @m unreachable for the datapath and for netlink readers, and move
 * it to @gone; the caller frees it after a grace period.
 */
static void ovx_member_unlink(struct ovx_member *m, struct list_head *gone)
{
	rhashtable_remove_fast(&m->peer->ovx->members, &m->node,
			       ovx_member_params);
	list_del_rcu(&m->net_node);
	list_del_rcu(&m->peer_node);
	list_add(&m->gone_node, gone);
	ovx_cfg_changed(m->peer->ovx);
}

/*
 * Free memberships already unlinked to @gone.  After a grace period no
 * reader floods to their peers or learns from them in their networks any
 * more, so the entries flushed now cannot come back; nor does a peer dump
 * still list them.
 */
static void ovx_members_reap(struct list_head *gone)
{
	struct ovx_member *m, *tmp;

	if (list_empty(gone))
		return;
	synchronize_net();
	list_for_each_entry_safe(m, tmp, gone, gone_node) {
		ovx_neigh_flush(m->network, NULL, m->peer);
		ovx_fdb_flush(m->network, NULL, m->peer);
		list_del(&m->gone_node);
		kfree(m);
	}
}

/**
 * ovx_peer_leave() - make @peer leave some networks
 * @peer: the peer
 * @nets: networks @peer is a member of
 * @n_nets: how many
 *
 * Called with RTNL held; the FDB entries of @peer in those networks go too.
 */
void ovx_peer_leave(struct ovx_peer *peer, struct ovx_network **nets,
		    unsigned int n_nets)
{
	struct ovx_member *m;
	LIST_HEAD(gone);
	unsigned int i;

	ASSERT_RTNL();
	for (i = 0; i < n_nets; i++) {
		m = ovx_peer_member(peer, nets[i]);
		if (!m)
			continue;
		ovx_member_unlink(m, &gone);
	}
	ovx_members_reap(&gone);
}

static void ovx_peer_free_rcu(struct rcu_head *head)
{
	struct ovx_peer *peer = container_of(head, struct ovx_peer, rcu);

	dst_cache_destroy(&peer->dst_cache);
	free_percpu(peer->stats);
	kfree(peer);
}

/**
 * ovx_peer_destroy() - delete a peer, its memberships and FDB entries
 * @peer: the peer
 *
 * Called with RTNL held.  Readers that found the peer through an FDB entry
 * may still send to it until a grace period has passed: it is freed after.
 */
void ovx_peer_destroy(struct ovx_peer *peer)
{
	struct ovx_member *m, *tmp;
	LIST_HEAD(gone);

	ASSERT_RTNL();
	list_for_each_entry_safe(m, tmp, &peer->members, peer_node)
		ovx_member_unlink(m, &gone);
	ovx_members_reap(&gone);
	list_del_rcu(&peer->dev_node);
	ovx_cfg_changed(peer->ovx);
	call_rcu(&peer->rcu, ovx_peer_free_rcu);
}

/*
 * Called with RTNL held by ovx_network_destroy(), before the grace period
 * after which it tears down the FDB: that covers the memberships too.
 */
void ovx_peer_network_gone(struct ovx_network *n)
{
	struct ovx_member *m, *tmp;
	LIST_HEAD(gone);

	ASSERT_RTNL();
	list_for_each_entry_safe(m, tmp, &n->peers, net_node) {
		ovx_member_unlink(m, &gone);
		list_del(&m->gone_node);
		kfree_rcu(m, rcu);
	}
}

/* Called with RTNL held when the switch is deleted, after its networks. */
void ovx_peers_destroy_all(struct ovx_dev *ovx)
{
	struct ovx_peer *peer, *tmp;

	list_for_each_entry_safe(peer, tmp, &ovx->peers, dev_node)
		ovx_peer_destroy(peer);
}

/* Called once the tunnel socket is closed: no reader is left. */
void ovx_peers_uninit(struct ovx_dev *ovx)
{
	WARN_ON_ONCE(!list_empty(&ovx->peers));
	rhashtable_destroy(&ovx->members);
}
