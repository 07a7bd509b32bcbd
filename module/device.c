// SPDX-License-Identifier: GPL-2.0-only
/* ovx: the switch device, rtnl link kind "ovx", and per-namespace state. */

#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/ipv6.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/rtnetlink.h>
#include <uapi/linux/ovx.h>

#include "compat.h"
#include "device.h"
#include "network.h"
#include "ovx.h"
#include "peer.h"
#include "tunnel.h"

#define OVX_VXLAN_PORT		4789
#define OVX_GENEVE_PORT		6081

static unsigned int ovx_net_id __read_mostly;
static struct rtnl_link_ops ovx_link_ops;

struct ovx_net *ovx_net(const struct net *net)
{
	return net_generic(net, ovx_net_id);
}

struct ovx_dev *ovx_dev_from_netdev(const struct net_device *dev)
{
	if (dev->rtnl_link_ops != &ovx_link_ops)
		return NULL;
	return netdev_priv(dev);
}

/**
 * ovx_dev_lookup_rcu() - find a switch by interface index or name
 * @net: namespace to look in
 * @ifindex: interface index, or 0 to look up @ifname
 * @ifname: interface name, or NULL; with @ifindex, it must name that device
 * @extack: where to say what was wrong
 *
 * Called with rcu_read_lock or RTNL held; the switch stays valid until it
 * is dropped.
 *
 * Return: the switch, or an ERR_PTR: -ENODEV if there is no such device,
 * -EINVAL if the device is not an ovx switch.
 */
struct ovx_dev *ovx_dev_lookup_rcu(struct net *net, int ifindex,
				   const char *ifname,
				   struct netlink_ext_ack *extack)
{
	struct net_device *dev;
	struct ovx_dev *ovx;

	/*
	 * The name and index tables are RCU lists; under RTNL alone the
	 * walk still needs the read lock (PROVE_RCU_LIST says so), while
	 * RTNL is what keeps the device once it is dropped.
	 */
	rcu_read_lock();
	if (ifindex)
		dev = dev_get_by_index_rcu(net, ifindex);
	else
		dev = dev_get_by_name_rcu(net, ifname);
	rcu_read_unlock();
	WARN_ON_ONCE(dev && !rcu_read_lock_held() && !lockdep_rtnl_is_held());
	if (dev && ifindex && ifname) {
		char name[IFNAMSIZ];

		ovx_dev_name_copy(name, dev);
		if (strncmp(name, ifname, IFNAMSIZ)) {
			NL_SET_ERR_MSG(extack,
				       "switch ifindex and ifname do not match");
			return ERR_PTR(-EINVAL);
		}
	}
	if (!dev) {
		NL_SET_ERR_MSG(extack, "no such switch device");
		return ERR_PTR(-ENODEV);
	}
	ovx = ovx_dev_from_netdev(dev);
	if (!ovx) {
		NL_SET_ERR_MSG(extack, "device is not an ovx switch");
		return ERR_PTR(-EINVAL);
	}
	return ovx;
}

static netdev_tx_t ovx_dev_xmit(struct sk_buff *skb, struct net_device *dev)
{
	/*
	 * Frames sent on the switch device itself have no network to go to:
	 * the switch forwards between its ports and peers, it is not a port.
	 */
	dev_core_stats_tx_dropped_inc(dev);
	kfree_skb(skb);
	return NETDEV_TX_OK;
}

/* Everything a switch owns that its datapath may reach, set up before it is visible. */
static int ovx_dev_init(struct net_device *dev)
{
	struct ovx_dev *ovx = netdev_priv(dev);
	int err;

	ovx->drops = ovx_drops_alloc();
	if (!ovx->drops)
		return -ENOMEM;
	err = ovx_peers_init(ovx);
	if (err) {
		free_percpu(ovx->drops);
		ovx->drops = NULL;
	}
	return err;
}

/*
 * After ovx_dev_stop() and ovx_dellink() (or a failed registration), and a
 * grace period after the device was unlisted: no reader can reach us.
 */
static void ovx_dev_uninit(struct net_device *dev)
{
	struct ovx_dev *ovx = netdev_priv(dev);

	ovx_peers_uninit(ovx);
	free_percpu(ovx->drops);
	ovx->drops = NULL;
	kfree(rcu_dereference_protected(ovx->svc, true));
	RCU_INIT_POINTER(ovx->svc, NULL);
}

static int ovx_dev_open(struct net_device *dev)
{
	return ovx_tunnel_open(netdev_priv(dev));
}

static int ovx_dev_stop(struct net_device *dev)
{
	ovx_tunnel_close(netdev_priv(dev));
	return 0;
}

static const struct net_device_ops ovx_netdev_ops = {
	.ndo_init		= ovx_dev_init,
	.ndo_uninit		= ovx_dev_uninit,
	.ndo_open		= ovx_dev_open,
	.ndo_stop		= ovx_dev_stop,
	.ndo_start_xmit		= ovx_dev_xmit,
	.ndo_get_stats64	= dev_get_tstats64,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
};

static const struct device_type ovx_device_type = {
	.name = "ovx",
};

static void ovx_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->netdev_ops = &ovx_netdev_ops;
	dev->needs_free_netdev = true;
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;
	SET_NETDEV_DEVTYPE(dev, &ovx_device_type);
	dev->priv_flags |= IFF_NO_QUEUE;
	ovx_compat_dev_set_lltx(dev);
	/*
	 * The tunnel socket lives in the namespace the switch was created in;
	 * moving the device would leave it behind.
	 */
	ovx_compat_dev_set_netns_local(dev);
	eth_hw_addr_random(dev);
}

static const struct nla_policy ovx_link_policy[IFLA_OVX_MAX + 1] = {
	[IFLA_OVX_LOCAL4]	= { .type = NLA_BE32 },
	[IFLA_OVX_LOCAL6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[IFLA_OVX_PORT]		= { .type = NLA_BE16 },
	[IFLA_OVX_TTL]		= { .type = NLA_U8 },
	[IFLA_OVX_TOS]		= { .type = NLA_U8 },
	[IFLA_OVX_DF]		= NLA_POLICY_MAX(NLA_U8, OVX_DF_SET),
	[IFLA_OVX_ENCAP]	= NLA_POLICY_MAX(NLA_U32, OVX_ENCAP_GENEVE),
	[IFLA_OVX_UDP_ZERO_CSUM6_TX] = NLA_POLICY_MAX(NLA_U8, 1),
	[IFLA_OVX_UDP_ZERO_CSUM6_RX] = NLA_POLICY_MAX(NLA_U8, 1),
};

static int ovx_validate_local(struct nlattr *data[],
			      struct netlink_ext_ack *extack)
{
	if (data[IFLA_OVX_LOCAL4] && data[IFLA_OVX_LOCAL6]) {
		NL_SET_ERR_MSG_ATTR(extack, data[IFLA_OVX_LOCAL6],
				    "local address must be either IPv4 or IPv6");
		return -EINVAL;
	}
	if (data[IFLA_OVX_LOCAL4]) {
		__be32 ip = nla_get_in_addr(data[IFLA_OVX_LOCAL4]);

		if (ipv4_is_multicast(ip) || ipv4_is_lbcast(ip)) {
			NL_SET_ERR_MSG_ATTR(extack, data[IFLA_OVX_LOCAL4],
					    "local address must be a unicast address");
			return -EINVAL;
		}
	}
	if (data[IFLA_OVX_LOCAL6]) {
		struct in6_addr ip6 = nla_get_in6_addr(data[IFLA_OVX_LOCAL6]);

		if (ipv6_addr_is_multicast(&ip6) ||
		    ipv6_addr_v4mapped(&ip6)) {
			NL_SET_ERR_MSG_ATTR(extack, data[IFLA_OVX_LOCAL6],
					    "local address must be a unicast IPv6 address");
			return -EINVAL;
		}
		/* Binding to one would need an underlay device (a scope). */
		if (ipv6_addr_type(&ip6) & IPV6_ADDR_LINKLOCAL) {
			NL_SET_ERR_MSG_ATTR(extack, data[IFLA_OVX_LOCAL6],
					    "link-local local addresses are not supported: use a global or unique local address");
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * IPv4 tunnels never carry a UDP checksum, so asking for zero checksums
 * there is a mistake (most likely the wrong local address): say so rather
 * than ignore it.  Turning them off explicitly is harmless.  Checked at
 * creation only: ovx_validate() also sees changes, which lack the local
 * address and are refused anyway.
 */
static int ovx_validate_csum6(struct nlattr *data[],
			      struct netlink_ext_ack *extack)
{
	struct nlattr *tx, *rx;

	if (!data || data[IFLA_OVX_LOCAL6])
		return 0;
	tx = data[IFLA_OVX_UDP_ZERO_CSUM6_TX];
	rx = data[IFLA_OVX_UDP_ZERO_CSUM6_RX];
	if (tx && nla_get_u8(tx)) {
		NL_SET_ERR_MSG_ATTR(extack, tx,
				    "udp6zerocsumtx needs an IPv6 local address");
		return -EINVAL;
	}
	if (rx && nla_get_u8(rx)) {
		NL_SET_ERR_MSG_ATTR(extack, rx,
				    "udp6zerocsumrx needs an IPv6 local address");
		return -EINVAL;
	}
	return 0;
}

static int ovx_validate(struct nlattr *tb[], struct nlattr *data[],
			struct netlink_ext_ack *extack)
{
	if (tb[IFLA_ADDRESS]) {
		if (nla_len(tb[IFLA_ADDRESS]) != ETH_ALEN) {
			NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_ADDRESS],
					    "invalid link address length");
			return -EINVAL;
		}
		if (!is_valid_ether_addr(nla_data(tb[IFLA_ADDRESS]))) {
			NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_ADDRESS],
					    "invalid unicast link address");
			return -EADDRNOTAVAIL;
		}
	}
	if (!data)
		return 0;
	if (data[IFLA_OVX_PORT] && !nla_get_be16(data[IFLA_OVX_PORT])) {
		NL_SET_ERR_MSG_ATTR(extack, data[IFLA_OVX_PORT],
				    "tunnel port must not be 0");
		return -EINVAL;
	}
	return ovx_validate_local(data, extack);
}

/* Fill @cfg from the attributes, after ovx_validate() accepted them. */
static void ovx_cfg_from_attrs(struct ovx_dev_cfg *cfg, struct nlattr *data[])
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->local.family = AF_INET;
	cfg->encap = OVX_ENCAP_VXLAN;
	cfg->df = OVX_DF_UNSET;
	if (!data)
		goto defaults;

	if (data[IFLA_OVX_LOCAL4]) {
		cfg->local.ip4 = nla_get_in_addr(data[IFLA_OVX_LOCAL4]);
	} else if (data[IFLA_OVX_LOCAL6]) {
		cfg->local.family = AF_INET6;
		cfg->local.ip6 = nla_get_in6_addr(data[IFLA_OVX_LOCAL6]);
	}
	if (data[IFLA_OVX_ENCAP])
		cfg->encap = nla_get_u32(data[IFLA_OVX_ENCAP]);
	if (data[IFLA_OVX_PORT])
		cfg->port = nla_get_be16(data[IFLA_OVX_PORT]);
	if (data[IFLA_OVX_TTL])
		cfg->ttl = nla_get_u8(data[IFLA_OVX_TTL]);
	if (data[IFLA_OVX_TOS])
		cfg->tos = nla_get_u8(data[IFLA_OVX_TOS]);
	if (data[IFLA_OVX_DF])
		cfg->df = nla_get_u8(data[IFLA_OVX_DF]);
	if (data[IFLA_OVX_UDP_ZERO_CSUM6_TX])
		cfg->udp_zero_csum6_tx =
			nla_get_u8(data[IFLA_OVX_UDP_ZERO_CSUM6_TX]);
	if (data[IFLA_OVX_UDP_ZERO_CSUM6_RX])
		cfg->udp_zero_csum6_rx =
			nla_get_u8(data[IFLA_OVX_UDP_ZERO_CSUM6_RX]);
defaults:
	if (!cfg->port)
		cfg->port = htons(cfg->encap == OVX_ENCAP_GENEVE ?
				  OVX_GENEVE_PORT : OVX_VXLAN_PORT);
}

static int ovx_newlink(struct net *src_net, struct net_device *dev,
		       struct nlattr *tb[], struct nlattr *data[],
		       struct netlink_ext_ack *extack)
{
	struct ovx_dev *ovx = netdev_priv(dev);
	struct ovx_net *on = ovx_net(dev_net(dev));
	int err;

	/*
	 * The switch's sockets and lookups are per namespace; a switch created
	 * on behalf of another namespace (IFLA_NET_NS_PID/FD, IFLA_LINK_NETNSID)
	 * would have to keep that namespace alive.  Refuse it rather than pin.
	 */
	if (!net_eq(src_net, dev_net(dev))) {
		NL_SET_ERR_MSG(extack,
				   "switch must be created in its own network namespace");
		return -EINVAL;
	}
	err = ovx_validate_csum6(data, extack);
	if (err)
		return err;

	ovx->dev = dev;
	ovx_cfg_from_attrs(&ovx->cfg, data);
	INIT_LIST_HEAD(&ovx->networks);
	INIT_LIST_HEAD(&ovx->routers);
	hash_init(ovx->vni_hash);
	ida_init(&ovx->port_ids);

	/* ndo_init sets up peers and counters; a failure undoes it. */
	err = register_netdevice(dev);
	if (err)
		return err;

	/* Readers (peer and FDB dumps) walk the list under RCU only. */
	list_add_tail_rcu(&ovx->list, &on->switches);
	return 0;
}

static void ovx_dellink(struct net_device *dev, struct list_head *head)
{
	struct ovx_dev *ovx = netdev_priv(dev);

	ASSERT_RTNL();
	/*
	 * Routers, then networks (which hold the peers' memberships and FDB
	 * entries), then peers.
	 */
	ovx_router_destroy_all(ovx);
	ovx_network_destroy_all(ovx);
	ovx_peers_destroy_all(ovx);
	ida_destroy(&ovx->port_ids);
	/*
	 * The switch is the device's private area: it is freed once the
	 * device is, after unregister_netdevice_many()'s synchronize_net(),
	 * so a reader that found it on the list may still use it until then.
	 */
	list_del_rcu(&ovx->list);
	unregister_netdevice_queue(dev, head);
}

static int ovx_changelink(struct net_device *dev, struct nlattr *tb[],
			  struct nlattr *data[],
			  struct netlink_ext_ack *extack)
{
	int i;

	if (!data)
		return 0;
	for (i = 1; i <= IFLA_OVX_MAX; i++) {
		if (data[i]) {
			NL_SET_ERR_MSG_ATTR(extack, data[i],
					    "tunnel settings of a switch cannot be changed, recreate it");
			return -EOPNOTSUPP;
		}
	}
	return 0;
}

static size_t ovx_get_size(const struct net_device *dev)
{
	return nla_total_size(sizeof(struct in6_addr)) +	/* LOCAL4/6 */
	       nla_total_size(sizeof(__be16)) +		/* PORT */
	       nla_total_size(sizeof(u8)) * 3 +		/* TTL TOS DF */
	       nla_total_size(sizeof(u32)) +			/* ENCAP */
	       nla_total_size(sizeof(u8)) * 2;		/* UDP_ZERO_CSUM6_TX/RX */
}

static int ovx_fill_info(struct sk_buff *skb, const struct net_device *dev)
{
	const struct ovx_dev *ovx = netdev_priv(dev);
	const struct ovx_dev_cfg *cfg = &ovx->cfg;

	if (cfg->local.family == AF_INET6) {
		if (nla_put_in6_addr(skb, IFLA_OVX_LOCAL6, &cfg->local.ip6))
			return -EMSGSIZE;
	} else if (nla_put_in_addr(skb, IFLA_OVX_LOCAL4, cfg->local.ip4)) {
		return -EMSGSIZE;
	}
	if (nla_put_be16(skb, IFLA_OVX_PORT, cfg->port) ||
	    nla_put_u8(skb, IFLA_OVX_TTL, cfg->ttl) ||
	    nla_put_u8(skb, IFLA_OVX_TOS, cfg->tos) ||
	    nla_put_u8(skb, IFLA_OVX_DF, cfg->df) ||
	    nla_put_u32(skb, IFLA_OVX_ENCAP, cfg->encap) ||
	    nla_put_u8(skb, IFLA_OVX_UDP_ZERO_CSUM6_TX,
		       cfg->udp_zero_csum6_tx) ||
	    nla_put_u8(skb, IFLA_OVX_UDP_ZERO_CSUM6_RX,
		       cfg->udp_zero_csum6_rx))
		return -EMSGSIZE;
	return 0;
}

static struct rtnl_link_ops ovx_link_ops __read_mostly = {
	.kind		= "ovx",
	.maxtype	= IFLA_OVX_MAX,
	.policy		= ovx_link_policy,
	.priv_size	= sizeof(struct ovx_dev),
	.setup		= ovx_setup,
	.validate	= ovx_validate,
	.newlink	= ovx_newlink,
	.changelink	= ovx_changelink,
	.dellink	= ovx_dellink,
	.get_size	= ovx_get_size,
	.fill_info	= ovx_fill_info,
};

static int __net_init ovx_net_init(struct net *net)
{
	INIT_LIST_HEAD(&ovx_net(net)->switches);
	INIT_LIST_HEAD(&ovx_net(net)->networks);
	INIT_LIST_HEAD(&ovx_net(net)->routers);
	return 0;
}

static void __net_exit ovx_net_exit(struct net *net)
{
	/*
	 * We are a pernet subsystem, so we exit after the core's device exit
	 * has deleted every device with rtnl_link_ops, our switches included.
	 */
	WARN_ON_ONCE(!list_empty(&ovx_net(net)->switches));
	WARN_ON_ONCE(!list_empty(&ovx_net(net)->networks));
}

static struct pernet_operations ovx_net_ops = {
	.init	= ovx_net_init,
	.exit	= ovx_net_exit,
	.id	= &ovx_net_id,
	.size	= sizeof(struct ovx_net),
};

int ovx_device_init(void)
{
	int err;

	err = register_pernet_subsys(&ovx_net_ops);
	if (err)
		return err;
	err = rtnl_link_register(&ovx_link_ops);
	if (err)
		goto err_pernet;
	return 0;

err_pernet:
	unregister_pernet_subsys(&ovx_net_ops);
	return err;
}

/* Deletes every remaining switch, in every namespace. */
void ovx_device_unregister_links(void)
{
	rtnl_link_unregister(&ovx_link_ops);
}

/*
 * After ovx_device_unregister_links() and once nothing (the netlink family
 * above all) can look up a namespace's ovx_net any more.
 */
void ovx_device_uninit(void)
{
	unregister_pernet_subsys(&ovx_net_ops);
}
