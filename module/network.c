// SPDX-License-Identifier: GPL-2.0-only
/* ovx: networks, the broadcast domains of a switch. */

#include <linux/rtnetlink.h>
#include <linux/if_ether.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "fdb.h"
#include "network.h"
#include "ovx.h"
#include "peer.h"
#include "port.h"

#define OVX_AGEING_DEFAULT	300
#define OVX_FDB_MAX_DEFAULT	65536

/* Called with RTNL held. */
struct ovx_network *ovx_network_find(struct net *net, const char *name)
{
	struct ovx_network *n;

	ASSERT_RTNL();
	list_for_each_entry(n, &ovx_net(net)->networks, ns_node)
		if (!strcmp(n->name, name))
			return n;
	return NULL;
}

/*
 * Called with rcu_read_lock held, for readers that do not take RTNL (the
 * get and dump requests): the network, its FDB included, stays valid until
 * rcu_read_unlock.
 */
struct ovx_network *ovx_network_find_rcu(struct net *net, const char *name)
{
	struct ovx_network *n;

	list_for_each_entry_rcu(n, &ovx_net(net)->networks, ns_node)
		if (!strcmp(n->name, name))
			return n;
	return NULL;
}

/* Called with rcu_read_lock held. */
struct ovx_network *ovx_network_by_vni_rcu(struct ovx_dev *ovx, u32 vni)
{
	struct ovx_network *n;

	hash_for_each_possible_rcu(ovx->vni_hash, n, vni_node, vni)
		if (n->vni == vni)
			return n;
	return NULL;
}

static struct ovx_network *ovx_network_by_vni(struct ovx_dev *ovx, u32 vni)
{
	struct ovx_network *n;

	ASSERT_RTNL();
	list_for_each_entry(n, &ovx->networks, dev_node)
		if (n->vni == vni)
			return n;
	return NULL;
}

void ovx_network_cfg_init(struct ovx_network_cfg *cfg)
{
	cfg->learning = true;
	cfg->ageing = OVX_AGEING_DEFAULT;
	cfg->fdb_max = OVX_FDB_MAX_DEFAULT;
	cfg->arp_suppress = true;
	cfg->flood_unknown = true;
	cfg->svc = NULL;
}

void ovx_network_apply(struct ovx_network *n, const struct ovx_network_cfg *cfg)
{
	WRITE_ONCE(n->learning, cfg->learning);
	WRITE_ONCE(n->ageing, cfg->ageing);
	WRITE_ONCE(n->fdb_max, cfg->fdb_max);
	WRITE_ONCE(n->arp_suppress, cfg->arp_suppress);
	WRITE_ONCE(n->flood_unknown, cfg->flood_unknown);
}

/**
 * ovx_network_create() - add a network to a switch
 * @ovx: the switch
 * @name: its name, unique in the switch's namespace
 * @vni: its VNI, unique in the switch
 * @cfg: its settings
 * @extack: where to say what was wrong
 *
 * Called with RTNL held.
 *
 * Return: the network, or an ERR_PTR.
 */
struct ovx_network *ovx_network_create(struct ovx_dev *ovx, const char *name,
				       u32 vni, const struct ovx_network_cfg *cfg,
				       struct netlink_ext_ack *extack)
{
	struct net *net = dev_net(ovx->dev);
	struct ovx_network *n;
	int err;

	ASSERT_RTNL();
	if (!*name) {
		NL_SET_ERR_MSG(extack, "network name must not be empty");
		return ERR_PTR(-EINVAL);
	}
	if (ovx_network_find(net, name)) {
		NL_SET_ERR_MSG(extack, "a network of that name exists");
		return ERR_PTR(-EEXIST);
	}
	if (ovx_network_by_vni(ovx, vni)) {
		NL_SET_ERR_MSG(extack, "the switch has a network with that vni");
		return ERR_PTR(-EEXIST);
	}

	/* What every frame reads (the slot of a large kmalloc is aligned). */
	BUILD_BUG_ON(offsetof(struct ovx_network, fdb) > 64);
	n = kzalloc(sizeof(*n), GFP_KERNEL);
	if (!n)
		return ERR_PTR(-ENOMEM);
	n->stats = ovx_stats_alloc();
	if (!n->stats) {
		err = -ENOMEM;
		goto err_free;
	}
	err = ovx_neigh_init(&n->neigh);
	if (err)
		goto err_stats;
	err = ovx_fdb_init(&n->fdb);
	if (err)
		goto err_neigh;
	n->ovx = ovx;
	strscpy(n->name, name, sizeof(n->name));
	n->vni = vni;
	INIT_LIST_HEAD(&n->ports);
	INIT_LIST_HEAD(&n->peers);
	ovx_network_apply(n, cfg);
	/* Before it is visible: its first frame sees its services. */
	RCU_INIT_POINTER(n->svc, cfg->svc);

	list_add_tail_rcu(&n->ns_node, &ovx_net(net)->networks);
	list_add_tail(&n->dev_node, &ovx->networks);
	hash_add_rcu(ovx->vni_hash, &n->vni_node, vni);
	ovx_cfg_changed(ovx);
	return n;

err_neigh:
	rhashtable_destroy(&n->neigh.ht);
err_stats:
	free_percpu(n->stats);
err_free:
	kfree(n);
	return ERR_PTR(err);
}

static void ovx_network_free_rcu(struct rcu_head *head)
{
	struct ovx_network *n = container_of(head, struct ovx_network, rcu);

	free_percpu(n->stats);
	/* A grace period after the network was unlisted: nobody reads it. */
	kfree(rcu_dereference_protected(n->svc, true));
	kfree(n);
}

/**
 * ovx_network_destroy() - delete a network, its ports and its FDB
 * @n: the network
 *
 * Called with RTNL held.  The ports are detached first so that no new
 * frame enters the network; the FDB goes once no reader can still be
 * walking it, and the network itself after another grace period.
 */
void ovx_network_destroy(struct ovx_network *n)
{
	struct ovx_port *p, *tmp;

	ASSERT_RTNL();
	/* Detached from its router first, and its routes go with it. */
	ovx_router_network_gone(n);
	list_for_each_entry_safe(p, tmp, &n->ports, net_node)
		ovx_port_destroy(p);
	ovx_peer_network_gone(n);
	hash_del_rcu(&n->vni_node);
	list_del(&n->dev_node);
	list_del_rcu(&n->ns_node);
	ovx_cfg_changed(n->ovx);
	/* FDB dumps walk this list without RTNL: it shifted. */
	atomic_inc(&ovx_net(dev_net(n->ovx->dev))->fdb_seq);
	/* Also for FDB readers that found the network by its name. */
	synchronize_net();
	ovx_fdb_uninit(n);
	ovx_neigh_uninit(n);
	call_rcu(&n->rcu, ovx_network_free_rcu);
}

/* Called with RTNL held, when the switch goes away. */
void ovx_network_destroy_all(struct ovx_dev *ovx)
{
	struct ovx_network *n, *tmp;

	list_for_each_entry_safe(n, tmp, &ovx->networks, dev_node)
		ovx_network_destroy(n);
}
