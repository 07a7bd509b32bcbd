// SPDX-License-Identifier: GPL-2.0-only
/*
 * ovx: ports, Ethernet devices attached to a network; their rx_handler
 * hands every frame to the network's forwarding.
 */

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/ratelimit.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "device.h"
#include "fdb.h"
#include "forward.h"
#include "move.h"
#include "netlink.h"
#include "ovx.h"
#include "pmtu.h"
#include "port.h"

static rx_handler_result_t ovx_port_rx(struct sk_buff **pskb);

/* Called with RTNL or rcu_read_lock held. */
struct ovx_port *ovx_port_from_dev(const struct net_device *dev)
{
	if (rcu_access_pointer(dev->rx_handler) != ovx_port_rx)
		return NULL;
	return rcu_dereference_rtnl(dev->rx_handler_data);
}

/*
 * The tag goes back where the guest wrote it, after the addresses; the
 * checksum of a CHECKSUM_COMPLETE frame grows by its four bytes.  Frees
 * @skb on failure.
 */
static struct sk_buff *ovx_port_vlan_inside(struct sk_buff *skb)
{
	skb = __vlan_hwaccel_push_inside(skb);
	if (likely(skb))
		skb_postpush_rcsum(skb, skb->data + 2 * ETH_ALEN, VLAN_HLEN);
	return skb;
}

/* Called with rcu_read_lock and bottom halves disabled. */
static rx_handler_result_t ovx_port_rx(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct ovx_network *n;
	struct ovx_port *in;

	if (unlikely(skb->pkt_type == PACKET_LOOPBACK))
		return RX_HANDLER_PASS;
	in = rcu_dereference(skb->dev->rx_handler_data);
	n = in->network;

	/* We rewrite the skb; others before us may still read theirs. */
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (!skb) {
		ovx_stats_drop(in->stats, true);
		return RX_HANDLER_CONSUMED;
	}
	/*
	 * The frame goes on whole, header included: with CHECKSUM_COMPLETE
	 * the checksum must cover what is pushed back, or every receiver
	 * downstream sees a checksum fault.
	 */
	skb_push_rcsum(skb, ETH_HLEN);
	/*
	 * The stack took the guest's 802.1Q tag off into skb->vlan_tci.
	 * The tag is part of the guest's frame: it travels inside the
	 * tunnel, and left in the metadata it would tag the outer packet,
	 * letting a guest choose the underlay's VLAN.
	 */
	if (skb_vlan_tag_present(skb)) {
		/*
		 * The flow hash (the outer source port) first, while the
		 * headers are where the dissector expects them: once the tag
		 * is inside, the network header still points past it.
		 */
		skb_get_hash(skb);
		skb = ovx_port_vlan_inside(skb);
		if (unlikely(!skb)) {
			ovx_stats_drop(in->stats, true);
			ovx_drops_inc(n->ovx->drops, OVX_DROP_NO_MEMORY);
			return RX_HANDLER_CONSUMED;
		}
	}
	ovx_stats_add(in->stats, true, skb->len);
	ovx_stats_add(n->stats, true, skb->len);

	/* A guest may send anything: a multicast or zero source is dropped. */
	if (unlikely(!is_valid_ether_addr(eth_hdr(skb)->h_source))) {
		ovx_stats_drop(in->stats, true);
		ovx_drops_inc(n->ovx->drops, OVX_DROP_BAD_SOURCE);
		kfree_skb(skb);
		return RX_HANDLER_CONSUMED;
	}
	ovx_forward(n, in, NULL, 0, skb);
	return RX_HANDLER_CONSUMED;
}

static int ovx_port_check_dev(struct net_device *dev,
			      struct netlink_ext_ack *extack)
{
	if (dev->flags & IFF_LOOPBACK) {
		NL_SET_ERR_MSG(extack, "a loopback device cannot be a port");
		return -EINVAL;
	}
	if (dev->type != ARPHRD_ETHER || dev->addr_len != ETH_ALEN) {
		NL_SET_ERR_MSG(extack, "a port must be an Ethernet device");
		return -EINVAL;
	}
	if (ovx_dev_from_netdev(dev)) {
		NL_SET_ERR_MSG(extack, "an ovx switch cannot be a port");
		return -EINVAL;
	}
	if (ovx_port_from_dev(dev)) {
		NL_SET_ERR_MSG(extack, "device is already an ovx port");
		return -EBUSY;
	}
	if (netdev_is_rx_handler_busy(dev)) {
		NL_SET_ERR_MSG(extack,
			       "device is already in use (bridge port, bond member...)");
		return -EBUSY;
	}
	return 0;
}

/*
 * A guest whose MTU exceeds what the tunnel carries still works (path MTU
 * discovery, or fragmentation of the outer packets) but not at its best:
 * a warning, not a refusal.
 */
static void ovx_port_check_mtu(struct ovx_port *p, struct netlink_ext_ack *extack)
{
	unsigned int inner, underlay;

	inner = ovx_pmtu_inner_mtu(p->network->ovx, &underlay);
	/* 6.1 has no formatted extack: the number is in 'ovx switch show'. */
	if (inner && p->dev->mtu > inner)
		NL_SET_ERR_MSG(extack,
			       "device MTU exceeds the inner MTU of the switch's tunnel");
}

static void __ovx_port_destroy(struct ovx_port *p, bool announced);

static void ovx_port_free_rcu(struct rcu_head *head)
{
	struct ovx_port *p = container_of(head, struct ovx_port, rcu);

	free_percpu(p->stats);
	kfree(p->ips);
	kfree(p);
}

/*
 * Check what port-new says of the guest before anything changes: its MAC
 * and addresses must be unicast, and neither another port's own in the
 * network.  Called with RTNL held, which serialises every port and
 * static binding.
 */
static int ovx_port_check_cfg(struct ovx_network *n,
			      const struct ovx_port_cfg *cfg,
			      struct netlink_ext_ack *extack)
{
	struct ovx_neigh *e;
	struct ovx_port *q;
	unsigned int i, j;

	if (cfg->standby && !cfg->mac) {
		NL_SET_ERR_MSG(extack, "a standby port needs its guest's mac");
		return -EINVAL;
	}
	if (cfg->n_ips && !cfg->mac) {
		NL_SET_ERR_MSG(extack, "a port's addresses need its mac");
		return -EINVAL;
	}
	if (cfg->n_ips > OVX_PORT_IPS_MAX) {
		NL_SET_ERR_MSG(extack, "too many addresses for one port");
		return -E2BIG;
	}
	if (cfg->mac && !is_valid_ether_addr(cfg->mac)) {
		NL_SET_ERR_MSG(extack, "port mac must be a unicast address");
		return -EINVAL;
	}
	if (cfg->mac) {
		list_for_each_entry(q, &n->ports, net_node) {
			if (q->has_mac && ether_addr_equal(q->mac, cfg->mac)) {
				NL_SET_ERR_MSG(extack,
					       "another port of the network has that mac");
				return -EEXIST;
			}
		}
	}
	for (i = 0; i < cfg->n_ips; i++) {
		if (!ovx_neigh_addr_ok(&cfg->ips[i])) {
			NL_SET_ERR_MSG(extack,
				       "port address must be a unicast host address");
			return -EINVAL;
		}
		for (j = 0; j < i; j++) {
			if (ipv6_addr_equal(&cfg->ips[i], &cfg->ips[j])) {
				NL_SET_ERR_MSG(extack, "port address given twice");
				return -EINVAL;
			}
		}
		rcu_read_lock();
		e = ovx_neigh_lookup_rcu(n, &cfg->ips[i]);
		j = e && (e->flags & OVX_NEIGH_FLAGS_PORT);
		rcu_read_unlock();
		if (j) {
			NL_SET_ERR_MSG(extack,
				       "another port of the network has that address");
			return -EEXIST;
		}
	}
	return 0;
}

/*
 * Keep what port-new said of the guest and publish it: a static FDB entry
 * for its MAC and a static binding per address, which go with the port
 * (its FDB entries and bindings are flushed when it goes).  Called with
 * RTNL held, before the port is announced.
 */
static int ovx_port_bind(struct ovx_port *p, const struct ovx_port_cfg *cfg,
			 struct netlink_ext_ack *extack)
{
	struct ovx_network *n = p->network;
	unsigned int i;
	int err;

	if (cfg->name)
		strscpy(p->name, cfg->name, sizeof(p->name));
	if (!cfg->mac)
		return 0;
	if (cfg->n_ips) {
		p->ips = kmemdup(cfg->ips, cfg->n_ips * sizeof(*cfg->ips),
				 GFP_KERNEL);
		if (!p->ips)
			return -ENOMEM;
		p->n_ips = cfg->n_ips;
	}
	ether_addr_copy(p->mac, cfg->mac);
	p->has_mac = true;
	p->seq = cfg->seq;
	/*
	 * A standby port leaves its guest's address where it is (the old
	 * host) until the guest's first frame here.  Its bindings are made
	 * now: they name the same MAC, and forwarding asks the FDB first.
	 */
	if (cfg->standby) {
		set_bit(OVX_PORT_STANDBY, &p->state);
	} else {
		err = ovx_fdb_add_static(n, p->mac, p, NULL, p->seq);
		if (err)
			return err;
	}
	for (i = 0; i < p->n_ips; i++) {
		err = ovx_neigh_add(n, &p->ips[i], p->name, p->mac, p, NULL,
				    OVX_NEIGH_FLAGS_PORT, extack);
		if (err)
			return err;
	}
	return 0;
}

/**
 * ovx_port_create() - attach @dev to network @n
 * @n: the network
 * @dev: an Ethernet device in the switch's namespace
 * @cfg: the guest behind it, as far as the control plane says
 * @extack: where to say what was wrong
 *
 * Called with RTNL held.
 *
 * Return: the port, or an ERR_PTR.
 */
struct ovx_port *ovx_port_create(struct ovx_network *n, struct net_device *dev,
				 const struct ovx_port_cfg *cfg,
				 struct netlink_ext_ack *extack)
{
	struct ovx_dev *ovx = n->ovx;
	struct ovx_port *p;
	int err;

	ASSERT_RTNL();
	err = ovx_port_check_dev(dev, extack);
	if (err)
		return ERR_PTR(err);
	if (!net_eq(dev_net(dev), dev_net(ovx->dev))) {
		NL_SET_ERR_MSG(extack, "port must be in the switch's namespace");
		return ERR_PTR(-EINVAL);
	}
	err = ovx_port_check_cfg(n, cfg, extack);
	if (err)
		return ERR_PTR(err);

	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return ERR_PTR(-ENOMEM);
	p->stats = ovx_stats_alloc();
	if (!p->stats) {
		err = -ENOMEM;
		goto err_free;
	}
	err = ida_alloc_min(&ovx->port_ids, 1, GFP_KERNEL);
	if (err < 0)
		goto err_stats;
	p->id = err;
	p->network = n;
	/*
	 * A guest that keeps sending packets too big for the tunnel gets
	 * at most OVX_PMTU_ICMP_BURST errors a second (each one is still
	 * dropped and counted); no message when the limit bites.
	 */
	ratelimit_state_init(&p->icmp_rs, HZ, OVX_PMTU_ICMP_BURST);
	ratelimit_set_flags(&p->icmp_rs, RATELIMIT_MSG_ON_RELEASE);
	/* svc_last 0: the token bucket is full at the first service frame. */
	spin_lock_init(&p->svc_lock);
	INIT_DELAYED_WORK(&p->announce_work, ovx_move_announce_work);
	p->dev = dev;
	netdev_hold(dev, &p->dev_tracker, GFP_KERNEL);

	/* Frames for the guests' addresses must reach us. */
	err = dev_set_promiscuity(dev, 1);
	if (err)
		goto err_put;
	err = netdev_rx_handler_register(dev, ovx_port_rx, p);
	if (err) {
		NL_SET_ERR_MSG(extack, "cannot attach to the device");
		goto err_promisc;
	}
	list_add_tail_rcu(&p->net_node, &n->ports);
	ovx_cfg_changed(ovx);
	err = ovx_port_bind(p, cfg, extack);
	if (err) {
		__ovx_port_destroy(p, false);
		return ERR_PTR(err);
	}
	ovx_nl_port_notify(p, OVX_CMD_PORT_ADD_NTF);
	ovx_port_check_mtu(p, extack);
	return p;

err_promisc:
	dev_set_promiscuity(dev, -1);
err_put:
	netdev_put(dev, &p->dev_tracker);
	ida_free(&ovx->port_ids, p->id);
err_stats:
	free_percpu(p->stats);
err_free:
	kfree(p);
	return ERR_PTR(err);
}

/*
 * Called with RTNL held.  Once the handler is unregistered (which waits for
 * a grace period) no new frame sees the port; its FDB entries go before
 * the memory, which is freed after readers of those entries are done.
 */
static void __ovx_port_destroy(struct ovx_port *p, bool announced)
{
	struct ovx_network *n = p->network;

	ASSERT_RTNL();
	if (announced)
		ovx_nl_port_notify(p, OVX_CMD_PORT_DEL_NTF);
	netdev_rx_handler_unregister(p->dev);
	list_del_rcu(&p->net_node);
	ovx_cfg_changed(n->ovx);
	dev_set_promiscuity(p->dev, -1);
	/* No new frame sees the port: its announcements are all that is left. */
	cancel_delayed_work_sync(&p->announce_work);
	ovx_neigh_flush(n, p, NULL);
	ovx_fdb_flush(n, p, NULL);
	ida_free(&n->ovx->port_ids, p->id);
	netdev_put(p->dev, &p->dev_tracker);
	call_rcu(&p->rcu, ovx_port_free_rcu);
}

void ovx_port_destroy(struct ovx_port *p)
{
	__ovx_port_destroy(p, true);
}

static int ovx_port_netdev_event(struct notifier_block *nb,
				 unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct ovx_port *p;

	if (event != NETDEV_UNREGISTER)
		return NOTIFY_DONE;
	/* A guest's tap went away, or moves to another namespace. */
	p = ovx_port_from_dev(dev);
	if (p)
		ovx_port_destroy(p);
	return NOTIFY_DONE;
}

static struct notifier_block ovx_port_notifier = {
	.notifier_call = ovx_port_netdev_event,
};

int ovx_port_init(void)
{
	return register_netdevice_notifier(&ovx_port_notifier);
}

void ovx_port_uninit(void)
{
	unregister_netdevice_notifier(&ovx_port_notifier);
}
