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
	char ifname[IFNAMSIZ];

	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	if (nla_put_string(skb, OVX_A_FDB_NET, n->name) ||
	    nla_put_u32(skb, OVX_A_FDB_VNI, n->vni) ||
	    nla_put(skb, OVX_A_FDB_MAC, ETH_ALEN, f->mac) ||
	    nla_put_u32(skb, OVX_A_FDB_FLAGS,
			READ_ONCE(f->flags) & OVX_FDB_FLAGS_STATIC) ||
	    nla_put_u32(skb, OVX_A_FDB_AGE, jiffies_to_msecs(age) / MSEC_PER_SEC) ||
	    nla_put_u32(skb, OVX_A_FDB_SEQ, READ_ONCE(f->seq)))
		goto err;
	if (p) {
		/* Neither RTNL nor the FDB lock holds a rename off. */
		ovx_dev_name_copy(ifname, p->dev);
		if (nla_put_u32(skb, OVX_A_FDB_PORT_IFINDEX, p->dev->ifindex) ||
		    nla_put_string(skb, OVX_A_FDB_PORT_IFNAME, ifname))
			goto err;
	}
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

/* The most ovx_nl_fdb_fill() puts in a message about an entry of @n. */
static size_t ovx_nl_fdb_size(const struct ovx_network *n)
{
	return nla_total_size(strlen(n->name) + 1) +	/* net */
	       nla_total_size(sizeof(u32)) +		/* vni */
	       nla_total_size(ETH_ALEN) +		/* mac */
	       nla_total_size(sizeof(u32)) +		/* flags */
	       nla_total_size(sizeof(u32)) +		/* age */
	       nla_total_size(sizeof(u32)) +		/* port-ifindex */
	       nla_total_size(IFNAMSIZ) +		/* port-ifname */
	       nla_total_size(sizeof(struct in6_addr)) +	/* peer4/6 */
	       nla_total_size(sizeof(u32)) +		/* remote-port */
	       nla_total_size(sizeof(u32)) +		/* seq */
	       nla_total_size(sizeof(u32));		/* event */
}

/*
 * Whether one more event may go out this second.  What the datapath does
 * (learn, move, age) and what a flush deletes comes in bursts as large as
 * the FDB: a guest flooding source addresses, or one request, must not
 * flood the event group too.  Called with the FDB lock held.
 */
static bool ovx_nl_fdb_event_allowed(struct ovx_network *n, bool limited)
{
	struct ovx_fdb *fdb = &n->fdb;
	unsigned long now = jiffies;

	if (!limited)
		return true;	/* one entry, by the control plane's request */
	if (time_after_eq(now, fdb->ev_start + HZ)) {
		fdb->ev_start = now;
		fdb->ev_count = 0;
	}
	if (fdb->ev_count >= OVX_FDB_EVENTS_PER_SEC) {
		ovx_drops_inc(n->ovx->drops, OVX_DROP_FDB_EVENTS_SUPPRESSED);
		return false;
	}
	fdb->ev_count++;
	return true;
}

/**
 * ovx_nl_fdb_notify() - tell the event group about an FDB entry
 * @n: its network
 * @f: the entry
 * @event: what happened to it (enum ovx_fdb_event)
 * @limited: counts against the network's event budget
 *	(OVX_FDB_EVENTS_PER_SEC); an event over it is dropped and counted
 *	as fdb-events-suppressed, which tells listeners to dump again
 *
 * Any context: the datapath learns and moves entries in softirq.  Called
 * with the FDB lock held (so with bottom halves disabled).
 */
void ovx_nl_fdb_notify(struct ovx_network *n, struct ovx_fdb_entry *f,
		       int event, bool limited)
{
	struct net *net = dev_net(n->ovx->dev);
	struct sk_buff *msg;

	lockdep_assert_held(&n->fdb.lock);
	if (!genl_has_listeners(&ovx_nl_family, net, OVX_NLGRP_EVENTS))
		return;
	if (!ovx_nl_fdb_event_allowed(n, limited))
		return;
	msg = genlmsg_new(ovx_nl_fdb_size(n), GFP_ATOMIC);
	if (!msg)
		return;
	if (ovx_nl_fdb_fill(msg, n, f, 0, 0, 0, OVX_CMD_FDB_NTF, event, NULL)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_multicast_netns(&ovx_nl_family, net, msg, 0, OVX_NLGRP_EVENTS,
				GFP_ATOMIC);
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
	u16 seq = 0;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, OVX_A_FDB_MAC))
		return -EINVAL;
	if (attrs[OVX_A_FDB_SEQ])	/* the policy bounds it */
		seq = nla_get_u32(attrs[OVX_A_FDB_SEQ]);
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
		      ovx_fdb_add_static(n, mac, NULL, peer, seq);
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
	err = ovx_fdb_add_static(n, mac, p, NULL, seq);
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

/*
 * Reads may come from unprivileged users: they take no RTNL, only RCU
 * (networks leave the namespace's list a grace period before their FDB
 * goes).
 */
int ovx_nl_fdb_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ovx_fdb_entry *f;
	struct ovx_network *n;
	struct sk_buff *msg;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, OVX_A_FDB_MAC) ||
	    GENL_REQ_ATTR_CHECK(info, OVX_A_FDB_NET))
		return -EINVAL;
	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rcu_read_lock();
	n = ovx_network_find_rcu(genl_info_net(info),
				 nla_data(info->attrs[OVX_A_FDB_NET]));
	if (!n) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[OVX_A_FDB_NET],
				    "no such network");
		err = -ENOENT;
		goto out;
	}
	f = ovx_fdb_lookup_rcu(&n->fdb, nla_data(info->attrs[OVX_A_FDB_MAC]));
	if (f) {
		err = ovx_nl_fdb_fill(msg, n, f, info->snd_portid,
				      info->snd_seq, 0, OVX_CMD_FDB_GET, -1, NULL);
	} else {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[OVX_A_FDB_MAC],
				    "no such fdb entry");
		err = -ENOENT;
	}
out:
	rcu_read_unlock();
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
 * or a peer of no switch.  Called with rcu_read_lock held.
 */
static int ovx_nl_fdb_dump_check(struct net *net,
				 const struct ovx_fdb_filter *flt,
				 struct nlattr **attrs,
				 struct netlink_ext_ack *extack)
{
	struct ovx_dev *ovx;

	if (flt->net && !ovx_network_find_rcu(net, flt->net)) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[OVX_A_FDB_NET], "no such network");
		return -ENOENT;
	}
	if (!flt->peer.family)
		return 0;
	list_for_each_entry_rcu(ovx, &ovx_net(net)->switches, list)
		if (ovx_peer_find(ovx, &flt->peer))
			return 0;
	NL_SET_ERR_MSG(extack, "no such peer");
	return -ENOENT;
}

/*
 * Where an FDB dump resumes: the network by position (cb->args[0]), and in
 * it the entry after the last one sent, found again by its address in the
 * table, so that each round costs what it sends and not what it skips.
 * Only when that entry went away meanwhile does the dump fall back to its
 * position in the list (args[1]); a removal also bumps the namespace's FDB
 * sequence number, which tells the reader (NLM_F_DUMP_INTR).
 */
struct ovx_fdb_dump_pos {
	long net_idx;		/* networks done */
	long ent_idx;		/* entries of the current network passed */
	long resume;		/* whether @key_lo/@key_hi name the last one */
	long key_lo, key_hi;	/* its address, in two halves */
	long checked;		/* the filters name something that exists */
};

static struct ovx_fdb_dump_pos *ovx_fdb_dump_pos(struct netlink_callback *cb)
{
	BUILD_BUG_ON(sizeof(struct ovx_fdb_dump_pos) > sizeof(cb->args));
	return (struct ovx_fdb_dump_pos *)cb->args;
}

/*
 * The first entry of @n's FDB to consider in this round.  Called with the
 * FDB lock held.
 */
static struct list_head *ovx_fdb_dump_start(struct ovx_network *n,
					    const struct ovx_fdb_dump_pos *pos)
{
	struct list_head *head = &n->fdb.entries, *l = head->next;
	struct ovx_fdb_entry *last;
	u8 mac[sizeof(u64)];
	u64 key;
	long i;

	if (!pos->resume)
		return l;
	key = (u64)(u32)pos->key_hi << 32 | (u32)pos->key_lo;
	memcpy(mac, &key, sizeof(key));
	last = ovx_fdb_lookup(&n->fdb, mac);
	if (last)
		return last->list.next;
	for (i = 0; i < pos->ent_idx && l != head; i++)
		l = l->next;
	return l;
}

/*
 * Entries walked per hold of the FDB lock: learning waits on it (to add or
 * move an entry) and it is held with BH off, so a dump whose filter
 * matches little must not walk a whole table of learnt entries at once.
 */
#define OVX_FDB_DUMP_BATCH	256

/*
 * Dump the entries of @n from where @pos says, under rcu_read_lock and its
 * FDB lock, taken again every OVX_FDB_DUMP_BATCH entries.
 * Return: 0, or -EMSGSIZE when @skb is full (@pos then says where to go on).
 */
static int ovx_fdb_dump_net(struct sk_buff *skb, struct netlink_callback *cb,
			    struct ovx_network *n,
			    const struct ovx_fdb_filter *flt,
			    struct ovx_fdb_dump_pos *pos)
{
	struct list_head *head = &n->fdb.entries, *l;
	unsigned int budget = OVX_FDB_DUMP_BATCH;
	struct ovx_fdb_entry *f;
	int err = 0;

	spin_lock_bh(&n->fdb.lock);
	/* Removals bump it under this lock: read it with the list it saw. */
	cb->seq = atomic_read(&ovx_net(dev_net(n->ovx->dev))->fdb_seq) + 1;
	for (l = ovx_fdb_dump_start(n, pos); l != head; l = l->next) {
		if (!--budget) {
			spin_unlock_bh(&n->fdb.lock);
			spin_lock_bh(&n->fdb.lock);
			/* The list may have changed: find our place again. */
			cb->seq = atomic_read(&ovx_net(dev_net(n->ovx->dev))->fdb_seq) + 1;
			budget = OVX_FDB_DUMP_BATCH;
			l = ovx_fdb_dump_start(n, pos);
			if (l == head)
				break;
		}
		f = list_entry(l, struct ovx_fdb_entry, list);
		if (ovx_fdb_match(flt, f)) {
			err = ovx_nl_fdb_fill(skb, n, f,
					      NETLINK_CB(cb->skb).portid,
					      cb->nlh->nlmsg_seq, NLM_F_MULTI,
					      OVX_CMD_FDB_GET, -1, cb);
			if (err)
				break;
		}
		pos->resume = 1;
		pos->key_lo = (u32)f->key;
		pos->key_hi = (u32)(f->key >> 32);
		pos->ent_idx++;
	}
	spin_unlock_bh(&n->fdb.lock);
	return err;
}

int ovx_nl_fdb_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr **attrs = ovx_compat_dump_attrs(cb);
	struct ovx_fdb_dump_pos *pos = ovx_fdb_dump_pos(cb);
	struct net *net = sock_net(skb->sk);
	struct ovx_fdb_filter flt = {};
	struct ovx_network *n;
	long net_idx = 0;
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

	/* No RTNL: the first round checks the filters under RCU too. */
	rcu_read_lock();
	if (!pos->checked) {
		err = ovx_nl_fdb_dump_check(net, &flt, attrs, cb->extack);
		if (err) {
			rcu_read_unlock();
			return err;
		}
		pos->checked = 1;
	}
	/* +1: a sequence of 0 would disable the check. */
	cb->seq = atomic_read(&ovx_net(net)->fdb_seq) + 1;
	list_for_each_entry_rcu(n, &ovx_net(net)->networks, ns_node) {
		if (flt.net && strcmp(n->name, flt.net))
			continue;
		if (net_idx++ < pos->net_idx)
			continue;
		err = ovx_fdb_dump_net(skb, cb, n, &flt, pos);
		if (err)
			break;
		pos->net_idx++;
		pos->ent_idx = 0;
		pos->resume = 0;
	}
	rcu_read_unlock();
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
