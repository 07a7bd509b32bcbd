// SPDX-License-Identifier: GPL-2.0-only
/* ovx: netlink handlers for address bindings (neigh-new, -del, -get, -ntf). */

#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "compat.h"
#include "neigh.h"
#include "netlink.h"
#include "netlink-gen.h"
#include "network.h"
#include "ovx.h"
#include "peer.h"
#include "port.h"

/* At most this many flush events a second per network; see the FDB's. */
#define OVX_NEIGH_EVENTS_PER_SEC	512

/*
 * Any context (the table's lock may be held, so with bottom halves off):
 * an entry's fields are fixed, its port's device name is not.
 */
static int ovx_nl_neigh_fill(struct sk_buff *skb, struct ovx_network *n,
			     const struct ovx_neigh *e, u32 portid, u32 seq,
			     int flags, u8 cmd, int event,
			     struct netlink_callback *cb)
{
	void *hdr = genlmsg_put(skb, portid, seq, &ovx_nl_family, flags, cmd);
	char ifname[IFNAMSIZ];

	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	if (nla_put_string(skb, OVX_A_NEIGH_NET, n->name) ||
	    nla_put_u32(skb, OVX_A_NEIGH_VNI, n->vni) ||
	    ovx_nl_put_in6(skb, OVX_A_NEIGH_ADDR4, OVX_A_NEIGH_ADDR6, &e->addr) ||
	    nla_put(skb, OVX_A_NEIGH_LLADDR, ETH_ALEN, e->lladdr) ||
	    nla_put_u32(skb, OVX_A_NEIGH_FLAGS,
			e->flags & (OVX_NEIGH_FLAGS_STATIC | OVX_NEIGH_FLAGS_PORT)))
		goto err;
	if (!(e->flags & OVX_NEIGH_FLAGS_STATIC) &&
	    nla_put_u32(skb, OVX_A_NEIGH_AGE,
			jiffies_to_msecs(jiffies - READ_ONCE(e->updated)) /
			MSEC_PER_SEC))
		goto err;
	if (e->port) {
		ovx_dev_name_copy(ifname, e->port->dev);
		if (nla_put_u32(skb, OVX_A_NEIGH_PORT_IFINDEX,
				e->port->dev->ifindex) ||
		    nla_put_string(skb, OVX_A_NEIGH_PORT_IFNAME, ifname))
			goto err;
	} else if (e->peer) {
		if (e->peer->addr.family == AF_INET6 ?
		    nla_put_in6_addr(skb, OVX_A_NEIGH_PEER6, &e->peer->addr.ip6) :
		    nla_put_in_addr(skb, OVX_A_NEIGH_PEER4, e->peer->addr.ip4))
			goto err;
	}
	if (event >= 0 && nla_put_u32(skb, OVX_A_NEIGH_EVENT, event))
		goto err;
	if (e->name[0] && nla_put_string(skb, OVX_A_NEIGH_NAME, e->name))
		goto err;
	genlmsg_end(skb, hdr);
	return 0;
err:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* The most ovx_nl_neigh_fill() puts in a message about a binding of @n. */
static size_t ovx_nl_neigh_size(const struct ovx_network *n)
{
	return nla_total_size(strlen(n->name) + 1) +		/* net */
	       nla_total_size(sizeof(u32)) +			/* vni */
	       nla_total_size(sizeof(struct in6_addr)) +	/* addr4/6 */
	       nla_total_size(ETH_ALEN) +			/* lladdr */
	       nla_total_size(sizeof(u32)) +			/* flags */
	       nla_total_size(sizeof(u32)) +			/* age */
	       nla_total_size(sizeof(u32)) +			/* port-ifindex */
	       nla_total_size(IFNAMSIZ) +			/* port-ifname */
	       nla_total_size(sizeof(struct in6_addr)) +	/* peer4/6 */
	       nla_total_size(sizeof(u32)) +			/* event */
	       nla_total_size(OVX_NAME_LEN);			/* name */
}

/* Called with the table's lock held; see ovx_nl_fdb_event_allowed(). */
static bool ovx_nl_neigh_event_allowed(struct ovx_network *n, bool limited)
{
	struct ovx_neigh_table *t = &n->neigh;
	unsigned long now = jiffies;

	if (!limited)
		return true;
	if (time_after_eq(now, t->ev_start + HZ)) {
		t->ev_start = now;
		t->ev_count = 0;
	}
	if (t->ev_count >= OVX_NEIGH_EVENTS_PER_SEC) {
		ovx_drops_inc(n->ovx->drops, OVX_DROP_FDB_EVENTS_SUPPRESSED);
		return false;
	}
	t->ev_count++;
	return true;
}

/**
 * ovx_nl_neigh_notify() - tell the event group about a binding
 * @n: its network
 * @e: the binding
 * @event: what happened to it (enum ovx_neigh_event)
 * @limited: counts against the network's budget of binding events; one
 *	over it is dropped and counted as fdb-events-suppressed
 *
 * Called with the table's lock held (bottom halves off).
 */
void ovx_nl_neigh_notify(struct ovx_network *n, const struct ovx_neigh *e,
			 int event, bool limited)
{
	struct net *net = dev_net(n->ovx->dev);
	struct sk_buff *msg;

	lockdep_assert_held(&n->neigh.lock);
	if (!genl_has_listeners(&ovx_nl_family, net, OVX_NLGRP_EVENTS))
		return;
	if (!ovx_nl_neigh_event_allowed(n, limited))
		return;
	msg = genlmsg_new(ovx_nl_neigh_size(n), GFP_ATOMIC);
	if (!msg)
		return;
	if (ovx_nl_neigh_fill(msg, n, e, 0, 0, 0, OVX_CMD_NEIGH_NTF, event,
			      NULL)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_multicast_netns(&ovx_nl_family, net, msg, 0, OVX_NLGRP_EVENTS,
				GFP_ATOMIC);
}

/**
 * ovx_nl_neigh_miss() - tell the event group a binding was missing
 * @n: the network that lacks it
 * @addr: the address (IPv4 v4-mapped)
 *
 * Softirq context (a frame the router could not deliver): the message has
 * the network and the address only, and counts against the network's
 * budget of binding events, since guests choose how often it happens.
 */
void ovx_nl_neigh_miss(struct ovx_network *n, const struct in6_addr *addr)
{
	struct net *net = dev_net(n->ovx->dev);
	struct sk_buff *msg;
	bool allowed;
	void *hdr;

	if (!genl_has_listeners(&ovx_nl_family, net, OVX_NLGRP_EVENTS))
		return;
	spin_lock_bh(&n->neigh.lock);
	allowed = ovx_nl_neigh_event_allowed(n, true);
	spin_unlock_bh(&n->neigh.lock);
	if (!allowed)
		return;
	msg = genlmsg_new(ovx_nl_neigh_size(n), GFP_ATOMIC);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &ovx_nl_family, 0, OVX_CMD_NEIGH_NTF);
	if (!hdr ||
	    nla_put_string(msg, OVX_A_NEIGH_NET, n->name) ||
	    nla_put_u32(msg, OVX_A_NEIGH_VNI, n->vni) ||
	    ovx_nl_put_in6(msg, OVX_A_NEIGH_ADDR4, OVX_A_NEIGH_ADDR6, addr) ||
	    nla_put_u32(msg, OVX_A_NEIGH_EVENT, OVX_NEIGH_EVENT_MISS)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&ovx_nl_family, net, msg, 0, OVX_NLGRP_EVENTS,
				GFP_ATOMIC);
}

/* The address of a request, v4-mapped for IPv4, or a negative errno. */
static int ovx_nl_neigh_addr(struct genl_info *info, struct in6_addr *addr)
{
	struct ovx_addr a;
	int err;

	err = ovx_nl_addr(info, OVX_A_NEIGH_ADDR4, OVX_A_NEIGH_ADDR6, &a);
	if (err < 0)
		return err;
	if (!err) {
		NL_SET_ERR_MSG(info->extack, "binding needs addr4 or addr6");
		return -EINVAL;
	}
	if (a.family == AF_INET)
		ipv6_addr_set_v4mapped(a.ip4, addr);
	else
		*addr = a.ip6;
	return 0;
}

/*
 * Where a new binding is: exactly one of a port of @n or a peer that is a
 * member of @n.  Called with RTNL held.
 */
static int ovx_nl_neigh_dest(struct genl_info *info, struct ovx_network *n,
			     struct ovx_port **port, struct ovx_peer **peer)
{
	struct nlattr **attrs = info->attrs;
	struct net_device *dev;
	struct ovx_addr addr;
	int err;

	*port = NULL;
	*peer = NULL;
	if (attrs[OVX_A_NEIGH_PORT_IFINDEX]) {
		dev = __dev_get_by_index(genl_info_net(info),
					 nla_get_u32(attrs[OVX_A_NEIGH_PORT_IFINDEX]));
		*port = dev ? ovx_port_from_dev(dev) : NULL;
		if (!*port || (*port)->network != n) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    attrs[OVX_A_NEIGH_PORT_IFINDEX],
					    "device is not a port of that network");
			return -ENODEV;
		}
		return 0;
	}
	err = ovx_nl_addr(info, OVX_A_NEIGH_PEER4, OVX_A_NEIGH_PEER6, &addr);
	if (err < 0)
		return err;
	*peer = ovx_peer_find(n->ovx, &addr);
	if (!*peer || !ovx_peer_member(*peer, n)) {
		NL_SET_ERR_MSG(info->extack, "no such peer in that network");
		return -ENOENT;
	}
	return 0;
}

int ovx_nl_neigh_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct ovx_network *n;
	struct ovx_peer *peer;
	struct ovx_port *port;
	struct in6_addr addr;
	const u8 *lladdr;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, OVX_A_NEIGH_LLADDR))
		return -EINVAL;
	err = ovx_nl_neigh_addr(info, &addr);
	if (err)
		return err;
	if (!ovx_neigh_addr_ok(&addr)) {
		NL_SET_ERR_MSG(info->extack,
			       "binding address must be a unicast host address");
		return -EINVAL;
	}
	lladdr = nla_data(attrs[OVX_A_NEIGH_LLADDR]);
	if (!is_valid_ether_addr(lladdr)) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[OVX_A_NEIGH_LLADDR],
				    "lladdr must be a unicast address");
		return -EINVAL;
	}
	if (!!attrs[OVX_A_NEIGH_PORT_IFINDEX] + !!attrs[OVX_A_NEIGH_PEER4] +
	    !!attrs[OVX_A_NEIGH_PEER6] != 1) {
		NL_SET_ERR_MSG(info->extack,
			       "binding needs exactly one of port or peer");
		return -EINVAL;
	}
	if (attrs[OVX_A_NEIGH_NAME] &&
	    (!*(char *)nla_data(attrs[OVX_A_NEIGH_NAME]) ||
	     !ovx_nl_name_ok(nla_data(attrs[OVX_A_NEIGH_NAME])))) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[OVX_A_NEIGH_NAME],
				    "name must be letters, digits, '-', '_' or '.'");
		return -EINVAL;
	}

	rtnl_lock();
	n = ovx_nl_network(info, OVX_A_NEIGH_NET, false);
	if (IS_ERR(n)) {
		err = PTR_ERR(n);
		goto out;
	}
	err = ovx_nl_neigh_dest(info, n, &port, &peer);
	if (!err)
		err = ovx_neigh_add(n, &addr,
				    attrs[OVX_A_NEIGH_NAME] ?
				    nla_data(attrs[OVX_A_NEIGH_NAME]) : NULL,
				    lladdr, port, peer, 0, info->extack);
out:
	rtnl_unlock();
	return err;
}

int ovx_nl_neigh_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ovx_network *n;
	struct in6_addr addr;
	int err;

	err = ovx_nl_neigh_addr(info, &addr);
	if (err)
		return err;
	rtnl_lock();
	n = ovx_nl_network(info, OVX_A_NEIGH_NET, false);
	if (IS_ERR(n))
		err = PTR_ERR(n);
	else
		err = ovx_neigh_del(n, &addr, info->extack);
	rtnl_unlock();
	return err;
}

int ovx_nl_neigh_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ovx_network *n;
	struct in6_addr addr;
	struct ovx_neigh *e;
	struct sk_buff *msg;
	int err;

	err = ovx_nl_neigh_addr(info, &addr);
	if (err)
		return err;
	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rcu_read_lock();
	n = ovx_nl_network(info, OVX_A_NEIGH_NET, true);
	if (IS_ERR(n)) {
		err = PTR_ERR(n);
		goto out;
	}
	e = ovx_neigh_lookup_rcu(n, &addr);
	if (!e) {
		NL_SET_ERR_MSG(info->extack, "no such binding in the network");
		err = -ENOENT;
		goto out;
	}
	err = ovx_nl_neigh_fill(msg, n, e, info->snd_portid, info->snd_seq, 0,
				OVX_CMD_NEIGH_GET, -1, NULL);
out:
	rcu_read_unlock();
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/* What a dump lists. */
struct ovx_neigh_filter {
	const char *net;
	int ifindex;
	struct ovx_addr peer;
	bool only_static;
	bool only_learned;
};

static bool ovx_neigh_match(const struct ovx_neigh_filter *flt,
			    const struct ovx_neigh *e)
{
	if (flt->only_static && !(e->flags & OVX_NEIGH_FLAGS_STATIC))
		return false;
	if (flt->only_learned && (e->flags & OVX_NEIGH_FLAGS_STATIC))
		return false;
	if (flt->ifindex && (!e->port || e->port->dev->ifindex != flt->ifindex))
		return false;
	if (flt->peer.family &&
	    (!e->peer || !ovx_addr_equal(&e->peer->addr, &flt->peer)))
		return false;
	return true;
}

/*
 * Where a dump resumes: the network by position, and in it the binding
 * after the last one sent, found again by its address (see the FDB
 * dump's), or by position when that one went away.
 */
struct ovx_neigh_dump_pos {
	u32 net_idx;
	u32 ent_idx;
	u8 resume;
	u8 checked;
	struct in6_addr last;
};

static struct ovx_neigh_dump_pos *ovx_neigh_dump_pos(struct netlink_callback *cb)
{
	BUILD_BUG_ON(sizeof(struct ovx_neigh_dump_pos) > sizeof(cb->ctx));
	return (struct ovx_neigh_dump_pos *)cb->ctx;
}

/* Called with the table's lock held. */
static struct list_head *ovx_neigh_dump_start(struct ovx_network *n,
					      const struct ovx_neigh_dump_pos *pos)
{
	struct list_head *head = &n->neigh.entries, *l = head->next;
	struct ovx_neigh *last;
	u32 i;

	if (!pos->resume)
		return l;
	last = ovx_neigh_lookup(n, &pos->last);
	if (last)
		return last->list.next;
	for (i = 0; i < pos->ent_idx && l != head; i++)
		l = l->next;
	return l;
}

/* Bindings walked per hold of the lock (taken with BH off). */
#define OVX_NEIGH_DUMP_BATCH	256

static int ovx_neigh_dump_net(struct sk_buff *skb, struct netlink_callback *cb,
			      struct ovx_network *n,
			      const struct ovx_neigh_filter *flt,
			      struct ovx_neigh_dump_pos *pos)
{
	atomic_t *seq = &ovx_net(dev_net(n->ovx->dev))->neigh_seq;
	struct list_head *head = &n->neigh.entries, *l;
	unsigned int budget = OVX_NEIGH_DUMP_BATCH;
	struct ovx_neigh *e;
	int err = 0;

	spin_lock_bh(&n->neigh.lock);
	cb->seq = atomic_read(seq) + 1;
	for (l = ovx_neigh_dump_start(n, pos); l != head; l = l->next) {
		if (!--budget) {
			spin_unlock_bh(&n->neigh.lock);
			spin_lock_bh(&n->neigh.lock);
			cb->seq = atomic_read(seq) + 1;
			budget = OVX_NEIGH_DUMP_BATCH;
			l = ovx_neigh_dump_start(n, pos);
			if (l == head)
				break;
		}
		e = list_entry(l, struct ovx_neigh, list);
		if (ovx_neigh_match(flt, e)) {
			err = ovx_nl_neigh_fill(skb, n, e,
						NETLINK_CB(cb->skb).portid,
						cb->nlh->nlmsg_seq, NLM_F_MULTI,
						OVX_CMD_NEIGH_GET, -1, cb);
			if (err)
				break;
		}
		pos->resume = 1;
		pos->last = e->addr;
		pos->ent_idx++;
	}
	spin_unlock_bh(&n->neigh.lock);
	return err;
}

/* A misspelt filter is an error, not an empty list; rcu_read_lock held. */
static int ovx_nl_neigh_dump_check(struct net *net,
				   const struct ovx_neigh_filter *flt,
				   struct nlattr **attrs,
				   struct netlink_ext_ack *extack)
{
	struct ovx_dev *ovx;

	if (flt->net && !ovx_network_find_rcu(net, flt->net)) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[OVX_A_NEIGH_NET],
				    "no such network");
		return -ENOENT;
	}
	if (flt->ifindex && flt->peer.family) {
		NL_SET_ERR_MSG(extack, "filter by port or by peer, not both");
		return -EINVAL;
	}
	if (flt->only_static && flt->only_learned) {
		NL_SET_ERR_MSG(extack, "filter static or learned, not both");
		return -EINVAL;
	}
	if (!flt->peer.family)
		return 0;
	list_for_each_entry_rcu(ovx, &ovx_net(net)->switches, list)
		if (ovx_peer_find(ovx, &flt->peer))
			return 0;
	NL_SET_ERR_MSG(extack, "no such peer");
	return -ENOENT;
}

int ovx_nl_neigh_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr **attrs = ovx_compat_dump_attrs(cb);
	struct ovx_neigh_dump_pos *pos = ovx_neigh_dump_pos(cb);
	struct net *net = sock_net(skb->sk);
	struct ovx_neigh_filter flt = {};
	struct ovx_network *n;
	u32 net_idx = 0;
	int err = 0;

	if (attrs[OVX_A_NEIGH_PEER4]) {
		flt.peer.family = AF_INET;
		flt.peer.ip4 = nla_get_in_addr(attrs[OVX_A_NEIGH_PEER4]);
	} else if (attrs[OVX_A_NEIGH_PEER6]) {
		flt.peer.family = AF_INET6;
		flt.peer.ip6 = nla_get_in6_addr(attrs[OVX_A_NEIGH_PEER6]);
	}
	if (attrs[OVX_A_NEIGH_NET])
		flt.net = nla_data(attrs[OVX_A_NEIGH_NET]);
	if (attrs[OVX_A_NEIGH_PORT_IFINDEX])
		flt.ifindex = nla_get_u32(attrs[OVX_A_NEIGH_PORT_IFINDEX]);
	if (attrs[OVX_A_NEIGH_FLAGS])
		flt.only_static = nla_get_u32(attrs[OVX_A_NEIGH_FLAGS]) &
				  OVX_NEIGH_FLAGS_STATIC;
	flt.only_learned = nla_get_flag(attrs[OVX_A_NEIGH_LEARNED]);

	rcu_read_lock();
	if (!pos->checked) {
		err = ovx_nl_neigh_dump_check(net, &flt, attrs, cb->extack);
		if (err) {
			rcu_read_unlock();
			return err;
		}
		pos->checked = 1;
	}
	cb->seq = atomic_read(&ovx_net(net)->neigh_seq) + 1;
	list_for_each_entry_rcu(n, &ovx_net(net)->networks, ns_node) {
		if (flt.net && strcmp(n->name, flt.net))
			continue;
		if (net_idx++ < pos->net_idx)
			continue;
		err = ovx_neigh_dump_net(skb, cb, n, &flt, pos);
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
