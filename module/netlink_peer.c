// SPDX-License-Identifier: GPL-2.0-only
/* ovx: netlink handlers for peers (peer-new, peer-del, peer-get). */

#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "compat.h"
#include "device.h"
#include "netlink.h"
#include "netlink-gen.h"
#include "network.h"
#include "ovx.h"
#include "peer.h"

/*
 * The payload ovx_nl_peer_fill() needs for @peer: one attribute per
 * membership, so a peer of many networks needs more than a default-size
 * message.  Called with rcu_read_lock held: the answer holds only as long
 * as the peer joins no more networks.
 */
static size_t ovx_nl_peer_size(const struct ovx_peer *peer)
{
	const struct ovx_member *m;
	size_t size;

	size = nla_total_size(sizeof(u32)) +		/* switch-ifindex */
	       nla_total_size(IFNAMSIZ) +		/* switch-ifname */
	       nla_total_size(sizeof(struct in6_addr)) +	/* addr4/6 */
	       nla_total_size(0) +			/* stats */
	       6 * nla_total_size_64bit(sizeof(u64));
	list_for_each_entry_rcu(m, &peer->members, peer_node)
		size += nla_total_size(strlen(m->network->name) + 1);
	return size;
}

/* Called with rcu_read_lock held; gets and dumps take no RTNL. */
static int ovx_nl_peer_fill(struct sk_buff *skb, struct ovx_peer *peer,
			    u32 portid, u32 seq, int flags,
			    struct netlink_callback *cb)
{
	void *hdr = genlmsg_put(skb, portid, seq, &ovx_nl_family, flags,
				OVX_CMD_PEER_GET);
	char ifname[IFNAMSIZ];
	struct ovx_member *m;

	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	ovx_dev_name_copy(ifname, peer->ovx->dev);
	if (nla_put_u32(skb, OVX_A_PEER_SWITCH_IFINDEX, peer->ovx->dev->ifindex) ||
	    nla_put_string(skb, OVX_A_PEER_SWITCH_IFNAME, ifname))
		goto err;
	if (peer->addr.family == AF_INET6) {
		if (nla_put_in6_addr(skb, OVX_A_PEER_ADDR6, &peer->addr.ip6))
			goto err;
	} else if (nla_put_in_addr(skb, OVX_A_PEER_ADDR4, peer->addr.ip4)) {
		goto err;
	}
	list_for_each_entry_rcu(m, &peer->members, peer_node)
		if (nla_put_string(skb, OVX_A_PEER_NET, m->network->name))
			goto err;
	if (ovx_nl_put_stats(skb, OVX_A_PEER_STATS, peer->stats))
		goto err;
	genlmsg_end(skb, hdr);
	return 0;
err:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* The switch of a peer request; called with RTNL or rcu_read_lock held. */
static struct ovx_dev *ovx_nl_peer_switch(struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;

	if (!attrs[OVX_A_PEER_SWITCH_IFINDEX] && !attrs[OVX_A_PEER_SWITCH_IFNAME]) {
		NL_SET_ERR_MSG(info->extack, "switch ifindex or ifname is required");
		return ERR_PTR(-EINVAL);
	}
	return ovx_dev_lookup_rcu(genl_info_net(info),
				  attrs[OVX_A_PEER_SWITCH_IFINDEX] ?
				  nla_get_u32(attrs[OVX_A_PEER_SWITCH_IFINDEX]) : 0,
				  attrs[OVX_A_PEER_SWITCH_IFNAME] ?
				  nla_data(attrs[OVX_A_PEER_SWITCH_IFNAME]) : NULL,
				  info->extack);
}

/**
 * ovx_nl_addr() - read an underlay address given as an IPv4 or IPv6 attribute
 * @info: the request
 * @type4: attribute type of the IPv4 form
 * @type6: attribute type of the IPv6 form
 * @addr: filled in
 *
 * Shared by peer and FDB requests.
 *
 * Return: 1 if one was given, 0 if neither, -EINVAL if both.
 */
int ovx_nl_addr(struct genl_info *info, int type4, int type6,
		struct ovx_addr *addr)
{
	struct nlattr *a4 = info->attrs[type4], *a6 = info->attrs[type6];

	if (a4 && a6) {
		NL_SET_ERR_MSG_ATTR(info->extack, a6,
				    "address must be either IPv4 or IPv6");
		return -EINVAL;
	}
	memset(addr, 0, sizeof(*addr));
	if (a4) {
		addr->family = AF_INET;
		addr->ip4 = nla_get_in_addr(a4);
	} else if (a6) {
		addr->family = AF_INET6;
		addr->ip6 = nla_get_in6_addr(a6);
	} else {
		return 0;
	}
	return 1;
}

static int ovx_nl_peer_addr(struct genl_info *info, struct ovx_addr *addr)
{
	int err = ovx_nl_addr(info, OVX_A_PEER_ADDR4, OVX_A_PEER_ADDR6, addr);

	if (!err) {
		NL_SET_ERR_MSG(info->extack, "peer addr4 or addr6 is required");
		return -EINVAL;
	}
	return err < 0 ? err : 0;
}

/*
 * The networks named by the request's OVX_A_PEER_NET attributes, which must
 * all be networks of @ovx, resolved before anything changes.  Called with
 * RTNL held.  Return: how many (0 if none was named), or a negative errno;
 * the array in @netsp is the caller's to free.
 */
static int ovx_nl_peer_nets(struct genl_info *info, struct ovx_dev *ovx,
			    struct ovx_network ***netsp)
{
	struct nlattr *head = nlmsg_attrdata(info->nlhdr, GENL_HDRLEN);
	int len = nlmsg_attrlen(info->nlhdr, GENL_HDRLEN);
	struct ovx_network **nets, *n;
	struct nlattr *a;
	int rem, count = 0, i = 0;

	*netsp = NULL;
	nla_for_each_attr(a, head, len, rem)
		if (nla_type(a) == OVX_A_PEER_NET)
			count++;
	if (!count)
		return 0;
	nets = kcalloc(count, sizeof(*nets), GFP_KERNEL);
	if (!nets)
		return -ENOMEM;
	nla_for_each_attr(a, head, len, rem) {
		char name[OVX_NAME_LEN];

		if (nla_type(a) != OVX_A_PEER_NET)
			continue;
		/*
		 * A repeated attribute's policy (NLA_STRING) does not promise a
		 * terminating NUL: copy the name out rather than read past it.
		 */
		nla_strscpy(name, a, sizeof(name));
		n = ovx_network_find(genl_info_net(info), name);
		if (!n) {
			NL_SET_ERR_MSG_ATTR(info->extack, a, "no such network");
			kfree(nets);
			return -ENOENT;
		}
		if (n->ovx != ovx) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "network belongs to another switch");
			kfree(nets);
			return -EINVAL;
		}
		nets[i++] = n;
	}
	*netsp = nets;
	return count;
}

/* Every network of @ovx, for a peer-new that names none. */
static int ovx_nl_peer_all_nets(struct ovx_dev *ovx, struct ovx_network ***netsp)
{
	struct ovx_network **nets, *n;
	int count = 0, i = 0;

	*netsp = NULL;
	list_for_each_entry(n, &ovx->networks, dev_node)
		count++;
	if (!count)
		return 0;
	nets = kcalloc(count, sizeof(*nets), GFP_KERNEL);
	if (!nets)
		return -ENOMEM;
	list_for_each_entry(n, &ovx->networks, dev_node)
		nets[i++] = n;
	*netsp = nets;
	return count;
}

int ovx_nl_peer_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ovx_network **nets = NULL;
	struct ovx_peer *peer;
	struct ovx_addr addr;
	struct ovx_dev *ovx;
	int err, n_nets, i, joined = 0;
	bool created = false;

	err = ovx_nl_peer_addr(info, &addr);
	if (err)
		return err;

	rtnl_lock();
	ovx = ovx_nl_peer_switch(info);
	if (IS_ERR(ovx)) {
		err = PTR_ERR(ovx);
		goto out;
	}
	n_nets = ovx_nl_peer_nets(info, ovx, &nets);
	if (!n_nets)
		n_nets = ovx_nl_peer_all_nets(ovx, &nets);
	if (n_nets < 0) {
		err = n_nets;
		goto out;
	}
	peer = ovx_peer_find(ovx, &addr);
	if (!peer) {
		peer = ovx_peer_create(ovx, &addr, info->extack);
		if (IS_ERR(peer)) {
			err = PTR_ERR(peer);
			goto out;
		}
		created = true;
	}
	for (i = 0; i < n_nets; i++) {
		/* Only the allocation of a membership can fail here. */
		err = ovx_peer_join(peer, nets[i]);
		if (err < 0) {
			NL_SET_ERR_MSG(info->extack, "cannot join the network");
			break;
		}
		if (err)
			nets[joined++] = nets[i];	/* newly joined */
		err = 0;
	}
	/* A rejected request changes nothing. */
	if (err && created)
		ovx_peer_destroy(peer);
	else if (err)
		ovx_peer_leave(peer, nets, joined);
out:
	rtnl_unlock();
	kfree(nets);
	return err;
}

/* Called with RTNL or rcu_read_lock held. */
static struct ovx_peer *ovx_nl_peer_find(struct genl_info *info,
					 struct ovx_dev *ovx)
{
	struct ovx_peer *peer;
	struct ovx_addr addr;
	int err;

	err = ovx_nl_peer_addr(info, &addr);
	if (err)
		return ERR_PTR(err);
	peer = ovx_peer_find(ovx, &addr);
	if (!peer) {
		NL_SET_ERR_MSG(info->extack, "no such peer");
		return ERR_PTR(-ENOENT);
	}
	return peer;
}

int ovx_nl_peer_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ovx_network **nets = NULL;
	struct ovx_peer *peer;
	struct ovx_dev *ovx;
	int err = 0, n_nets, i;

	rtnl_lock();
	ovx = ovx_nl_peer_switch(info);
	if (IS_ERR(ovx)) {
		err = PTR_ERR(ovx);
		goto out;
	}
	peer = ovx_nl_peer_find(info, ovx);
	if (IS_ERR(peer)) {
		err = PTR_ERR(peer);
		goto out;
	}
	n_nets = ovx_nl_peer_nets(info, ovx, &nets);
	if (n_nets < 0) {
		err = n_nets;
		goto out;
	}
	if (!n_nets) {
		ovx_peer_destroy(peer);
		goto out;
	}
	for (i = 0; i < n_nets; i++) {
		if (!ovx_peer_member(peer, nets[i])) {
			NL_SET_ERR_MSG(info->extack,
				       "peer is not a member of that network");
			err = -ENOENT;
			goto out;
		}
	}
	ovx_peer_leave(peer, nets, n_nets);
out:
	rtnl_unlock();
	kfree(nets);
	return err;
}

/* The peer of a peer-get; called with rcu_read_lock held. */
static struct ovx_peer *ovx_nl_peer_get_find(struct genl_info *info)
{
	struct ovx_dev *ovx = ovx_nl_peer_switch(info);

	return IS_ERR(ovx) ? ERR_CAST(ovx) : ovx_nl_peer_find(info, ovx);
}

/* Rounds of a peer-get whose peer keeps joining networks as it is read. */
#define OVX_NL_PEER_GET_TRIES	4

/*
 * The reply's size depends on the peer's memberships, read under RCU,
 * where the reply cannot be allocated (GFP_KERNEL sleeps): size it, drop
 * the lock, allocate, find the peer again and fill.  Should it have joined
 * more networks meanwhile, it no longer fits: size it again.
 */
int ovx_nl_peer_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ovx_peer *peer;
	struct sk_buff *msg;
	size_t size = 0;
	int err, i;

	rcu_read_lock();
	peer = ovx_nl_peer_get_find(info);
	if (!IS_ERR(peer))
		size = ovx_nl_peer_size(peer);
	rcu_read_unlock();
	if (IS_ERR(peer))
		return PTR_ERR(peer);

	for (i = 0; i < OVX_NL_PEER_GET_TRIES; i++) {
		msg = genlmsg_new(size, GFP_KERNEL);
		if (!msg)
			return -ENOMEM;
		rcu_read_lock();
		peer = ovx_nl_peer_get_find(info);
		if (IS_ERR(peer)) {
			err = PTR_ERR(peer);
		} else {
			err = ovx_nl_peer_fill(msg, peer, info->snd_portid,
					       info->snd_seq, 0, NULL);
			if (err == -EMSGSIZE)
				size = ovx_nl_peer_size(peer);
		}
		rcu_read_unlock();
		if (!err)
			return genlmsg_reply(msg, info);
		nlmsg_free(msg);
		if (err != -EMSGSIZE)
			return err;
	}
	NL_SET_ERR_MSG(info->extack,
		       "peer kept joining networks while being read, try again");
	return -EAGAIN;
}

/*
 * A dump's messages are at most as large as its skbs, which the reader's
 * buffer sizes (a page or so for some): ask for skbs that hold the
 * largest peer whole.  Called before the first round, and again by each
 * round for the next one should a peer have joined more networks.
 */
static void ovx_nl_peer_dump_size(struct netlink_callback *cb,
				  struct ovx_peer *peer)
{
	size_t size = genlmsg_total_size(ovx_nl_peer_size(peer));

	if (size > cb->min_dump_alloc)
		cb->min_dump_alloc = size;
}

/*
 * Nothing is allocated here (the dump's skbs are, later, from
 * cb->min_dump_alloc): RCU suffices.
 */
int ovx_nl_peer_get_dumpstart(struct netlink_callback *cb)
{
	struct net *net = sock_net(cb->skb->sk);
	struct ovx_peer *peer;
	struct ovx_dev *ovx;

	rcu_read_lock();
	list_for_each_entry_rcu(ovx, &ovx_net(net)->switches, list)
		list_for_each_entry_rcu(peer, &ovx->peers, dev_node)
			ovx_nl_peer_dump_size(cb, peer);
	rcu_read_unlock();
	return 0;
}

/*
 * cb->args[0] counts the peers already sent, over every switch; the
 * namespace's configuration sequence number tells the reader when peers
 * came or went between two rounds (NLM_F_DUMP_INTR).
 */
int ovx_nl_peer_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr **attrs = ovx_compat_dump_attrs(cb);
	struct net *net = sock_net(skb->sk);
	long skip = cb->args[0], idx = 0;
	struct ovx_peer *peer;
	struct ovx_dev *ovx;
	int ifindex = 0, err = 0;

	if (attrs[OVX_A_PEER_SWITCH_IFINDEX])
		ifindex = nla_get_u32(attrs[OVX_A_PEER_SWITCH_IFINDEX]);

	rcu_read_lock();
	/* +1: a sequence of 0 would disable the check. */
	cb->seq = atomic_read(&ovx_net(net)->cfg_seq) + 1;
	list_for_each_entry_rcu(ovx, &ovx_net(net)->switches, list) {
		if (ifindex && ovx->dev->ifindex != ifindex)
			continue;
		list_for_each_entry_rcu(peer, &ovx->peers, dev_node) {
			if (idx++ < skip)
				continue;
			ovx_nl_peer_dump_size(cb, peer);
			err = ovx_nl_peer_fill(skb, peer,
					       NETLINK_CB(cb->skb).portid,
					       cb->nlh->nlmsg_seq, NLM_F_MULTI,
					       cb);
			if (err) {
				idx--;
				goto out;
			}
		}
	}
out:
	rcu_read_unlock();
	cb->args[0] = idx;
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}
