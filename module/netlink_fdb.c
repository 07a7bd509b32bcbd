// SPDX-License-Identifier: GPL-2.0-only
/* ovx: netlink handlers and notifications for FDB entries. */

#include <linux/etherdevice.h>
#include <linux/jiffies.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "compat.h"
#include "fdb.h"
#include "netlink.h"
#include "netlink-gen.h"
#include "network.h"
#include "ovx.h"
#include "peer.h"
#include "port.h"

/* Called with rcu_read_lock, RTNL or the FDB lock held. */
int ovx_nl_fdb_fill(struct sk_buff *skb, struct ovx_network *n,
		    struct ovx_fdb_entry *f, u32 portid, u32 seq, int flags,
		    u8 cmd, int event, struct netlink_callback *cb)
{
	struct ovx_port *p = rcu_dereference_check(f->port, true);
	struct ovx_peer *peer = rcu_dereference_check(f->peer, true);
	void *hdr = genlmsg_put(skb, portid, seq, &ovx_nl_family, flags, cmd);
	unsigned long age = jiffies - READ_ONCE(f->updated);

	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	if (nla_put_string(skb, OVX_A_FDB_NET, n->name) ||
	    nla_put_u32(skb, OVX_A_FDB_VNI, n->vni) ||
	    nla_put(skb, OVX_A_FDB_MAC, ETH_ALEN, f->mac) ||
	    nla_put_u32(skb, OVX_A_FDB_FLAGS, f->flags & OVX_FDB_FLAGS_STATIC) ||
	    nla_put_u32(skb, OVX_A_FDB_AGE, jiffies_to_msecs(age) / MSEC_PER_SEC))
		goto err;
	if (p && (nla_put_u32(skb, OVX_A_FDB_PORT_IFINDEX, p->dev->ifindex) ||
		  nla_put_string(skb, OVX_A_FDB_PORT_IFNAME, p->dev->name)))
		goto err;
	if (!p && peer) {
		u32 remote_port = READ_ONCE(f->remote_port);

		if (peer->addr.family == AF_INET6 ?
		    nla_put_in6_addr(skb, OVX_A_FDB_PEER6, &peer->addr.ip6) :
		    nla_put_in_addr(skb, OVX_A_FDB_PEER4, peer->addr.ip4))
			goto err;
		if (remote_port &&
		    nla_put_u32(skb, OVX_A_FDB_REMOTE_PORT, remote_port))
			goto err;
	}
	if (event >= 0 && nla_put_u32(skb, OVX_A_FDB_EVENT, event))
		goto err;
	genlmsg_end(skb, hdr);
	return 0;
err:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* Any context: the datapath learns and moves entries in softirq. */
void ovx_nl_fdb_notify(struct ovx_network *n, struct ovx_fdb_entry *f,
		       int event, gfp_t gfp)
{
	struct net *net = dev_net(n->ovx->dev);
	struct sk_buff *msg;

	if (!genl_has_listeners(&ovx_nl_family, net, OVX_NLGRP_EVENTS))
		return;
	msg = nlmsg_new(NLMSG_GOODSIZE, gfp);
	if (!msg)
		return;
	if (ovx_nl_fdb_fill(msg, n, f, 0, 0, 0, OVX_CMD_FDB_NTF, event, NULL)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_multicast_netns(&ovx_nl_family, net, msg, 0, OVX_NLGRP_EVENTS,
				gfp);
}

/* The network named by OVX_A_FDB_NET; called with RTNL held. */
static struct ovx_network *ovx_nl_fdb_net(struct genl_info *info)
{
	struct ovx_network *n;

	if (GENL_REQ_ATTR_CHECK(info, OVX_A_FDB_NET))
		return ERR_PTR(-EINVAL);
	n = ovx_network_find(genl_info_net(info),
			     nla_data(info->attrs[OVX_A_FDB_NET]));
	if (!n) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[OVX_A_FDB_NET],
				    "no such network");
		return ERR_PTR(-ENOENT);
	}
	return n;
}

/*
 * The peer named by OVX_A_FDB_PEER4/6, which must be a member of @n.
 * Called with RTNL held.  Return: the peer, NULL if none was named, or an
 * ERR_PTR.
 */
static struct ovx_peer *ovx_nl_fdb_peer(struct genl_info *info,
					struct ovx_network *n)
{
	struct ovx_peer *peer;
	struct ovx_addr addr;
	int err;

	err = ovx_nl_addr(info, OVX_A_FDB_PEER4, OVX_A_FDB_PEER6, &addr);
	if (err <= 0)
		return ERR_PTR(err);
	peer = ovx_peer_find(n->ovx, &addr);
	if (!peer || !ovx_peer_member(peer, n)) {
		NL_SET_ERR_MSG(info->extack, "no such peer in that network");
		return ERR_PTR(-ENOENT);
	}
	return peer;
}

int ovx_nl_fdb_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct ovx_network *n;
	struct net_device *dev;
	struct ovx_peer *peer;
	struct ovx_port *p;
	const u8 *mac;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, OVX_A_FDB_MAC))
		return -EINVAL;
	mac = nla_data(attrs[OVX_A_FDB_MAC]);
	if (!is_valid_ether_addr(mac)) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[OVX_A_FDB_MAC],
				    "fdb address must be a unicast address");
		return -EINVAL;
	}
	if (!!attrs[OVX_A_FDB_PORT_IFINDEX] + !!attrs[OVX_A_FDB_PEER4] +
	    !!attrs[OVX_A_FDB_PEER6] != 1) {
		NL_SET_ERR_MSG(info->extack,
			       "fdb entry needs exactly one of port or peer");
		return -EINVAL;
	}

	rtnl_lock();
	n = ovx_nl_fdb_net(info);
	if (IS_ERR(n)) {
		err = PTR_ERR(n);
		goto out;
	}
	if (!attrs[OVX_A_FDB_PORT_IFINDEX]) {
		peer = ovx_nl_fdb_peer(info, n);
		err = IS_ERR(peer) ? PTR_ERR(peer) :
		      ovx_fdb_add_static(n, mac, NULL, peer);
		goto out;
	}
	dev = __dev_get_by_index(genl_info_net(info),
				 nla_get_u32(attrs[OVX_A_FDB_PORT_IFINDEX]));
	p = dev ? ovx_port_from_dev(dev) : NULL;
	if (!p || p->network != n) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[OVX_A_FDB_PORT_IFINDEX],
				    "device is not a port of that network");
		err = -ENODEV;
		goto out;
	}
	err = ovx_fdb_add_static(n, mac, p, NULL);
out:
	rtnl_unlock();
	return err;
}

int ovx_nl_fdb_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ovx_network *n;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, OVX_A_FDB_MAC))
		return -EINVAL;
	rtnl_lock();
	n = ovx_nl_fdb_net(info);
	if (IS_ERR(n)) {
		err = PTR_ERR(n);
	} else {
		err = ovx_fdb_del(n, nla_data(info->attrs[OVX_A_FDB_MAC]));
		if (err)
			NL_SET_ERR_MSG_ATTR(info->extack,
					    info->attrs[OVX_A_FDB_MAC],
					    "no such fdb entry");
	}
	rtnl_unlock();
	return err;
}

int ovx_nl_fdb_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ovx_fdb_entry *f;
	struct ovx_network *n;
	struct sk_buff *msg;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, OVX_A_FDB_MAC))
		return -EINVAL;
	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rtnl_lock();
	n = ovx_nl_fdb_net(info);
	if (IS_ERR(n)) {
		err = PTR_ERR(n);
		goto out;
	}
	rcu_read_lock();
	f = ovx_fdb_lookup_rcu(&n->fdb, nla_data(info->attrs[OVX_A_FDB_MAC]));
	if (f) {
		err = ovx_nl_fdb_fill(msg, n, f, info->snd_portid,
				      info->snd_seq, 0, OVX_CMD_FDB_GET, -1, NULL);
	} else {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[OVX_A_FDB_MAC],
				    "no such fdb entry");
		err = -ENOENT;
	}
	rcu_read_unlock();
out:
	rtnl_unlock();
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

struct ovx_fdb_filter {
	const char *net;
	int ifindex;
	struct ovx_addr peer;	/* AF_UNSPEC: any destination */
	bool only_static;
	bool only_learned;
};

static bool ovx_fdb_match(const struct ovx_fdb_filter *flt,
			  struct ovx_fdb_entry *f)
{
	struct ovx_port *p = rcu_dereference(f->port);
	struct ovx_peer *peer = rcu_dereference(f->peer);

	if (f->flags & OVX_FDB_DEAD)
		return false;
	if (flt->only_static && !(f->flags & OVX_FDB_FLAGS_STATIC))
		return false;
	if (flt->only_learned && (f->flags & OVX_FDB_FLAGS_STATIC))
		return false;
	if (flt->ifindex && (!p || p->dev->ifindex != flt->ifindex))
		return false;
	if (flt->peer.family &&
	    (p || !peer || !ovx_addr_equal(&peer->addr, &flt->peer)))
		return false;
	return true;
}

/*
 * Filters that name nothing are errors, not empty lists: a misspelt network
 * or a peer of no switch.  Called with RTNL held.
 */
static int ovx_nl_fdb_dump_check(struct net *net,
				 const struct ovx_fdb_filter *flt,
				 struct nlattr **attrs,
				 struct netlink_ext_ack *extack)
{
	struct ovx_dev *ovx;

	if (flt->net && !ovx_network_find(net, flt->net)) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[OVX_A_FDB_NET], "no such network");
		return -ENOENT;
	}
	if (!flt->peer.family)
		return 0;
	list_for_each_entry(ovx, &ovx_net(net)->switches, list)
		if (ovx_peer_find(ovx, &flt->peer))
			return 0;
	NL_SET_ERR_MSG(extack, "no such peer");
	return -ENOENT;
}

/*
 * Entries are listed per network in insertion order; cb->args[0] counts
 * networks and cb->args[1] the entries of the current one already sent.
 * Removals between two rounds shift those positions: the namespace's FDB
 * sequence number tells the reader (NLM_F_DUMP_INTR).  Entries learnt
 * meanwhile join the end of the list, and the dump, harmlessly.
 */
int ovx_nl_fdb_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr **attrs = ovx_compat_dump_attrs(cb);
	struct net *net = sock_net(skb->sk);
	long net_skip = cb->args[0], ent_skip = cb->args[1];
	struct ovx_fdb_filter flt = {};
	long net_idx = 0, ent_idx = 0;
	struct ovx_fdb_entry *f;
	struct ovx_network *n;
	int err = 0;

	if (attrs[OVX_A_FDB_PEER4]) {
		flt.peer.family = AF_INET;
		flt.peer.ip4 = nla_get_in_addr(attrs[OVX_A_FDB_PEER4]);
	} else if (attrs[OVX_A_FDB_PEER6]) {
		flt.peer.family = AF_INET6;
		flt.peer.ip6 = nla_get_in6_addr(attrs[OVX_A_FDB_PEER6]);
	}
	if (attrs[OVX_A_FDB_NET])
		flt.net = nla_data(attrs[OVX_A_FDB_NET]);
	if (attrs[OVX_A_FDB_PORT_IFINDEX])
		flt.ifindex = nla_get_u32(attrs[OVX_A_FDB_PORT_IFINDEX]);
	if (attrs[OVX_A_FDB_FLAGS])
		flt.only_static = nla_get_u32(attrs[OVX_A_FDB_FLAGS]) &
				  OVX_FDB_FLAGS_STATIC;
	flt.only_learned = nla_get_flag(attrs[OVX_A_FDB_LEARNED]);

	rtnl_lock();
	err = ovx_nl_fdb_dump_check(net, &flt, attrs, cb->extack);
	if (err)
		goto out;
	/* +1: a sequence of 0 would disable the check. */
	cb->seq = atomic_read(&ovx_net(net)->fdb_seq) + 1;
	list_for_each_entry(n, &ovx_net(net)->networks, ns_node) {
		if (flt.net && strcmp(n->name, flt.net))
			continue;
		if (net_idx++ < net_skip)
			continue;
		ent_idx = 0;
		rcu_read_lock();
		list_for_each_entry_rcu(f, &n->fdb.entries, list) {
			if (ent_idx++ < ent_skip)
				continue;
			if (!ovx_fdb_match(&flt, f))
				continue;
			err = ovx_nl_fdb_fill(skb, n, f,
					      NETLINK_CB(cb->skb).portid,
					      cb->nlh->nlmsg_seq, NLM_F_MULTI,
					      OVX_CMD_FDB_GET, -1, cb);
			if (err) {
				ent_idx--;
				break;
			}
		}
		rcu_read_unlock();
		if (err) {
			net_idx--;
			break;
		}
		ent_skip = 0;
	}
out:
	rtnl_unlock();
	cb->args[0] = net_idx;
	cb->args[1] = err ? ent_idx : 0;
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}

int ovx_nl_fdb_flush_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct ovx_peer *peer = NULL;
	struct ovx_port *p = NULL;
	bool peer_found = false;
	struct ovx_network *n;
	struct ovx_addr addr;
	int err;

	err = ovx_nl_addr(info, OVX_A_FDB_PEER4, OVX_A_FDB_PEER6, &addr);
	if (err < 0)
		return err;
	if (err && attrs[OVX_A_FDB_PORT_IFINDEX]) {
		NL_SET_ERR_MSG(info->extack, "flush by port or by peer, not both");
		return -EINVAL;
	}
	err = 0;

	rtnl_lock();
	if (attrs[OVX_A_FDB_PORT_IFINDEX]) {
		struct net_device *dev;

		dev = __dev_get_by_index(genl_info_net(info),
					 nla_get_u32(attrs[OVX_A_FDB_PORT_IFINDEX]));
		p = dev ? ovx_port_from_dev(dev) : NULL;
		if (!p) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    attrs[OVX_A_FDB_PORT_IFINDEX],
					    "device is not an ovx port");
			err = -ENODEV;
			goto out;
		}
	}
	if (attrs[OVX_A_FDB_NET] && !ovx_network_find(genl_info_net(info),
						      nla_data(attrs[OVX_A_FDB_NET]))) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[OVX_A_FDB_NET],
				    "no such network");
		err = -ENOENT;
		goto out;
	}
	list_for_each_entry(n, &ovx_net(genl_info_net(info))->networks, ns_node) {
		if (attrs[OVX_A_FDB_NET] &&
		    strcmp(n->name, nla_data(attrs[OVX_A_FDB_NET])))
			continue;
		if (p && p->network != n)
			continue;
		if (addr.family) {
			/* The same address may be a peer of several switches. */
			peer = ovx_peer_find(n->ovx, &addr);
			if (!peer || !ovx_peer_member(peer, n))
				continue;
			peer_found = true;
		}
		ovx_fdb_flush_match(n, p, peer,
				    nla_get_flag(attrs[OVX_A_FDB_LEARNED]));
	}
	if (addr.family && !peer_found) {
		NL_SET_ERR_MSG(info->extack, "no such peer");
		err = -ENOENT;
	}
out:
	rtnl_unlock();
	return err;
}
