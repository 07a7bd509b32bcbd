// SPDX-License-Identifier: GPL-2.0-only
/*
 * ovx: netlink handlers for routers and routes (router-new, -del, -get,
 * -attach, -detach; route-new, -del, -get).
 */

#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "compat.h"
#include "device.h"
#include "netlink.h"
#include "netlink-gen.h"
#include "network.h"
#include "ovx.h"
#include "router.h"

static int ovx_nl_rif_fill(struct sk_buff *skb, const struct ovx_rif *rif)
{
	struct nlattr *nest, *an;
	unsigned int i;

	nest = nla_nest_start(skb, OVX_A_ROUTER_INTERFACE);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_string(skb, OVX_A_ROUTER_IF_NET, rif->network->name) ||
	    nla_put_u32(skb, OVX_A_ROUTER_IF_VNI, rif->network->vni))
		goto err;
	for (i = 0; i < rif->n_addrs; i++) {
		an = nla_nest_start(skb, OVX_A_ROUTER_IF_ADDR);
		if (!an ||
		    ovx_nl_put_in6(skb, OVX_A_ROUTER_ADDR_ADDR4,
				    OVX_A_ROUTER_ADDR_ADDR6, &rif->addrs[i].addr) ||
		    nla_put_u8(skb, OVX_A_ROUTER_ADDR_PREFIX_LEN,
			       rif->addrs[i].plen))
			goto err;
		nla_nest_end(skb, an);
	}
	nla_nest_end(skb, nest);
	return 0;
err:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

static int ovx_nl_router_put_drops(struct sk_buff *skb, struct ovx_router *r)
{
	u64 sum[OVX_RDROP_MAX];
	struct nlattr *nest;
	int i;

	BUILD_BUG_ON(OVX_A_ROUTER_DROPS_NO_ROUTE + OVX_RDROP_MAX - 1 !=
		     OVX_A_ROUTER_DROPS_MAX);
	ovx_router_drops_fold(r, sum);
	nest = nla_nest_start(skb, OVX_A_ROUTER_DROPS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < OVX_RDROP_MAX; i++) {
		if (nla_put_u64_64bit(skb, OVX_A_ROUTER_DROPS_NO_ROUTE + i,
				      sum[i], OVX_A_ROUTER_DROPS_PAD)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* Called with rcu_read_lock held (gets and dumps take no RTNL). */
static int ovx_nl_router_fill(struct sk_buff *skb, struct ovx_router *r,
			      u32 portid, u32 seq, int flags,
			      struct netlink_callback *cb)
{
	void *hdr = genlmsg_put(skb, portid, seq, &ovx_nl_family, flags,
				OVX_CMD_ROUTER_GET);
	char ifname[IFNAMSIZ];
	struct ovx_rif *rif;

	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	ovx_dev_name_copy(ifname, r->ovx->dev);
	if (nla_put_u32(skb, OVX_A_ROUTER_SWITCH_IFINDEX, r->ovx->dev->ifindex) ||
	    nla_put_string(skb, OVX_A_ROUTER_SWITCH_IFNAME, ifname) ||
	    nla_put_string(skb, OVX_A_ROUTER_NAME, r->name) ||
	    nla_put(skb, OVX_A_ROUTER_MAC, ETH_ALEN, r->mac))
		goto err;
	list_for_each_entry_rcu(rif, &r->ifaces, router_node)
		if (ovx_nl_rif_fill(skb, rif))
			goto err;
	if (ovx_nl_put_stats(skb, OVX_A_ROUTER_STATS, r->stats) ||
	    ovx_nl_router_put_drops(skb, r))
		goto err;
	genlmsg_end(skb, hdr);
	return 0;
err:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* The most ovx_nl_router_fill() puts for @r as it is now; RCU. */
static size_t ovx_nl_router_size(struct ovx_router *r)
{
	size_t addr = nla_total_size(0) +			/* nest */
		      nla_total_size(sizeof(struct in6_addr)) +
		      nla_total_size(sizeof(u8));
	size_t size = nla_total_size(sizeof(u32)) +		/* switch-ifindex */
		      nla_total_size(IFNAMSIZ) +		/* switch-ifname */
		      nla_total_size(OVX_NAME_LEN) +		/* name */
		      nla_total_size(ETH_ALEN) +		/* mac */
		      nla_total_size(0) +			/* stats */
		      OVX_A_STATS_MAX * nla_total_size_64bit(sizeof(u64)) +
		      nla_total_size(0) +			/* drops */
		      OVX_RDROP_MAX * nla_total_size_64bit(sizeof(u64));
	struct ovx_rif *rif;

	list_for_each_entry_rcu(rif, &r->ifaces, router_node)
		size += nla_total_size(0) +			/* interface */
			nla_total_size(OVX_NAME_LEN) +		/* net */
			nla_total_size(sizeof(u32)) +		/* vni */
			rif->n_addrs * addr;
	return size;
}

/* The router named by a request; RTNL or rcu_read_lock held. */
static struct ovx_router *ovx_nl_router_find(struct genl_info *info, int type,
					     bool rcu)
{
	struct ovx_router *r;
	const char *name;

	if (GENL_REQ_ATTR_CHECK(info, type))
		return ERR_PTR(-EINVAL);
	name = nla_data(info->attrs[type]);
	r = rcu ? ovx_router_find_rcu(genl_info_net(info), name) :
		  ovx_router_find(genl_info_net(info), name);
	if (!r) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[type],
				    "no such router");
		return ERR_PTR(-ENOENT);
	}
	return r;
}

int ovx_nl_router_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct ovx_router *r;
	struct ovx_dev *ovx;
	int err = 0;

	if (GENL_REQ_ATTR_CHECK(info, OVX_A_ROUTER_NAME) ||
	    GENL_REQ_ATTR_CHECK(info, OVX_A_ROUTER_MAC))
		return -EINVAL;
	if (!attrs[OVX_A_ROUTER_SWITCH_IFINDEX] &&
	    !attrs[OVX_A_ROUTER_SWITCH_IFNAME]) {
		NL_SET_ERR_MSG(info->extack, "switch ifindex or ifname is required");
		return -EINVAL;
	}
	if (!ovx_nl_name_ok(nla_data(attrs[OVX_A_ROUTER_NAME]))) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[OVX_A_ROUTER_NAME],
				    "router name may hold letters, digits, '-', '_' and '.' only");
		return -EINVAL;
	}
	rtnl_lock();
	ovx = ovx_dev_lookup_rcu(genl_info_net(info),
				 attrs[OVX_A_ROUTER_SWITCH_IFINDEX] ?
				 nla_get_u32(attrs[OVX_A_ROUTER_SWITCH_IFINDEX]) : 0,
				 attrs[OVX_A_ROUTER_SWITCH_IFNAME] ?
				 nla_data(attrs[OVX_A_ROUTER_SWITCH_IFNAME]) : NULL,
				 info->extack);
	if (IS_ERR(ovx)) {
		err = PTR_ERR(ovx);
		goto out;
	}
	r = ovx_router_create(ovx, nla_data(attrs[OVX_A_ROUTER_NAME]),
			      nla_data(attrs[OVX_A_ROUTER_MAC]), info->extack);
	if (IS_ERR(r))
		err = PTR_ERR(r);
out:
	rtnl_unlock();
	return err;
}

int ovx_nl_router_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ovx_router *r;
	int err = 0;

	rtnl_lock();
	r = ovx_nl_router_find(info, OVX_A_ROUTER_NAME, false);
	if (IS_ERR(r))
		err = PTR_ERR(r);
	else
		ovx_router_destroy(r);
	rtnl_unlock();
	return err;
}

#define OVX_NL_ROUTER_GET_TRIES	4

/* Sized under RCU, allocated outside it, as peer-get does. */
int ovx_nl_router_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ovx_router *r;
	struct sk_buff *msg;
	size_t size = 0;
	int err, i;

	rcu_read_lock();
	r = ovx_nl_router_find(info, OVX_A_ROUTER_NAME, true);
	if (!IS_ERR(r))
		size = ovx_nl_router_size(r);
	rcu_read_unlock();
	if (IS_ERR(r))
		return PTR_ERR(r);

	for (i = 0; i < OVX_NL_ROUTER_GET_TRIES; i++) {
		msg = genlmsg_new(size, GFP_KERNEL);
		if (!msg)
			return -ENOMEM;
		rcu_read_lock();
		r = ovx_nl_router_find(info, OVX_A_ROUTER_NAME, true);
		if (IS_ERR(r)) {
			err = PTR_ERR(r);
		} else {
			err = ovx_nl_router_fill(msg, r, info->snd_portid,
						 info->snd_seq, 0, NULL);
			if (err == -EMSGSIZE)
				size = ovx_nl_router_size(r);
		}
		rcu_read_unlock();
		if (!err)
			return genlmsg_reply(msg, info);
		nlmsg_free(msg);
		if (err != -EMSGSIZE)
			return err;
	}
	NL_SET_ERR_MSG(info->extack,
		       "router kept changing while being read, try again");
	return -EAGAIN;
}

/* Skbs that hold the largest router whole; see the peer dump's. */
int ovx_nl_router_get_dumpstart(struct netlink_callback *cb)
{
	struct net *net = sock_net(cb->skb->sk);
	struct ovx_router *r;
	size_t size;

	rcu_read_lock();
	list_for_each_entry_rcu(r, &ovx_net(net)->routers, ns_node) {
		size = genlmsg_total_size(ovx_nl_router_size(r));
		if (size > cb->min_dump_alloc)
			cb->min_dump_alloc = size;
	}
	rcu_read_unlock();
	return 0;
}

int ovx_nl_router_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr **attrs = ovx_compat_dump_attrs(cb);
	struct net *net = sock_net(skb->sk);
	long skip = cb->args[0], idx = 0;
	struct ovx_router *r;
	int ifindex = 0;
	int err = 0;

	if (attrs[OVX_A_ROUTER_SWITCH_IFINDEX])
		ifindex = nla_get_u32(attrs[OVX_A_ROUTER_SWITCH_IFINDEX]);
	rcu_read_lock();
	cb->seq = atomic_read(&ovx_net(net)->cfg_seq) + 1;
	list_for_each_entry_rcu(r, &ovx_net(net)->routers, ns_node) {
		if (ifindex && r->ovx->dev->ifindex != ifindex)
			continue;
		if (idx++ < skip)
			continue;
		err = ovx_nl_router_fill(skb, r, NETLINK_CB(cb->skb).portid,
					 cb->nlh->nlmsg_seq, NLM_F_MULTI, cb);
		if (err) {
			idx--;
			break;
		}
	}
	rcu_read_unlock();
	cb->args[0] = idx;
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}

/* One router-addr nest of router-attach, checked by the policy. */
static int ovx_nl_rif_addr(struct nlattr *nest, struct ovx_rif_addr *a,
			   struct netlink_ext_ack *extack)
{
	struct nlattr *tb[OVX_A_ROUTER_ADDR_PREFIX_LEN + 1];
	int err;

	err = nla_parse_nested(tb, OVX_A_ROUTER_ADDR_PREFIX_LEN, nest,
			       ovx_router_addr_nl_policy, extack);
	if (err)
		return err;
	if (!!tb[OVX_A_ROUTER_ADDR_ADDR4] + !!tb[OVX_A_ROUTER_ADDR_ADDR6] != 1 ||
	    !tb[OVX_A_ROUTER_ADDR_PREFIX_LEN]) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "an address needs addr4 or addr6, and prefix-len");
		return -EINVAL;
	}
	memset(a, 0, sizeof(*a));
	a->plen = nla_get_u8(tb[OVX_A_ROUTER_ADDR_PREFIX_LEN]);
	if (tb[OVX_A_ROUTER_ADDR_ADDR4]) {
		a->family = AF_INET;
		ipv6_addr_set_v4mapped(nla_get_in_addr(tb[OVX_A_ROUTER_ADDR_ADDR4]),
				       &a->addr);
		if (a->plen > 32) {
			NL_SET_ERR_MSG_ATTR(extack, tb[OVX_A_ROUTER_ADDR_PREFIX_LEN],
					    "an IPv4 prefix is at most 32 long");
			return -EINVAL;
		}
	} else {
		a->family = AF_INET6;
		a->addr = nla_get_in6_addr(tb[OVX_A_ROUTER_ADDR_ADDR6]);
	}
	return 0;
}

int ovx_nl_router_attach_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *head = nlmsg_attrdata(info->nlhdr, GENL_HDRLEN);
	int len = nlmsg_attrlen(info->nlhdr, GENL_HDRLEN);
	struct ovx_rif_addr addrs[OVX_ROUTER_ADDRS_MAX];
	unsigned int n_addrs = 0;
	struct ovx_network *n;
	struct ovx_router *r;
	struct nlattr *a;
	int rem, err;

	nla_for_each_attr(a, head, len, rem) {
		if (nla_type(a) != OVX_A_ROUTER_ADDR)
			continue;
		if (n_addrs == OVX_ROUTER_ADDRS_MAX) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "too many addresses for one interface");
			return -E2BIG;
		}
		err = ovx_nl_rif_addr(a, &addrs[n_addrs++], info->extack);
		if (err)
			return err;
	}

	rtnl_lock();
	r = ovx_nl_router_find(info, OVX_A_ROUTER_NAME, false);
	if (IS_ERR(r)) {
		err = PTR_ERR(r);
		goto out;
	}
	n = ovx_nl_network(info, OVX_A_ROUTER_NET, false);
	if (IS_ERR(n)) {
		err = PTR_ERR(n);
		goto out;
	}
	err = ovx_router_attach(r, n, addrs, n_addrs, info->extack);
out:
	rtnl_unlock();
	return err;
}

int ovx_nl_router_detach_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ovx_network *n;
	struct ovx_router *r;
	int err;

	rtnl_lock();
	r = ovx_nl_router_find(info, OVX_A_ROUTER_NAME, false);
	if (IS_ERR(r)) {
		err = PTR_ERR(r);
		goto out;
	}
	n = ovx_nl_network(info, OVX_A_ROUTER_NET, false);
	if (IS_ERR(n)) {
		err = PTR_ERR(n);
		goto out;
	}
	err = ovx_router_detach(r, n, info->extack);
out:
	rtnl_unlock();
	return err;
}

/* The prefix of a route request, as a table key. */
static int ovx_nl_route_key(struct genl_info *info, struct ovx_route_key *key)
{
	struct ovx_addr a;
	struct in6_addr p;
	int err;

	err = ovx_nl_addr(info, OVX_A_ROUTE_ADDR4, OVX_A_ROUTE_ADDR6, &a);
	if (err < 0)
		return err;
	if (!err || !info->attrs[OVX_A_ROUTE_PREFIX_LEN]) {
		NL_SET_ERR_MSG(info->extack,
			       "a route needs addr4 or addr6, and prefix-len");
		return -EINVAL;
	}
	if (a.family == AF_INET)
		ipv6_addr_set_v4mapped(a.ip4, &p);
	else
		p = a.ip6;
	if (!ovx_prefix_key(key, a.family, &p,
			    nla_get_u8(info->attrs[OVX_A_ROUTE_PREFIX_LEN]))) {
		NL_SET_ERR_MSG(info->extack,
			       "invalid prefix: too long, or host bits set");
		return -EINVAL;
	}
	return 0;
}

int ovx_nl_route_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct in6_addr via, *viap = NULL;
	struct ovx_route_key key;
	struct ovx_router *r;
	struct ovx_addr a;
	int err;

	err = ovx_nl_route_key(info, &key);
	if (err)
		return err;
	err = ovx_nl_addr(info, OVX_A_ROUTE_VIA4, OVX_A_ROUTE_VIA6, &a);
	if (err < 0)
		return err;
	if (err) {
		if (a.family != key.family) {
			NL_SET_ERR_MSG(info->extack,
				       "next hop and prefix are of different families");
			return -EINVAL;
		}
		if (a.family == AF_INET)
			ipv6_addr_set_v4mapped(a.ip4, &via);
		else
			via = a.ip6;
		viap = &via;
	}
	rtnl_lock();
	r = ovx_nl_router_find(info, OVX_A_ROUTE_ROUTER, false);
	if (IS_ERR(r))
		err = PTR_ERR(r);
	else
		err = ovx_route_add(r, &key, viap, info->extack);
	rtnl_unlock();
	return err;
}

int ovx_nl_route_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ovx_route_key key;
	struct ovx_router *r;
	int err;

	err = ovx_nl_route_key(info, &key);
	if (err)
		return err;
	rtnl_lock();
	r = ovx_nl_router_find(info, OVX_A_ROUTE_ROUTER, false);
	if (IS_ERR(r))
		err = PTR_ERR(r);
	else
		err = ovx_route_del(r, &key, info->extack);
	rtnl_unlock();
	return err;
}

/* Called with rcu_read_lock held. */
static int ovx_nl_route_fill(struct sk_buff *skb, struct ovx_router *r,
			     const struct ovx_route *rt, u32 portid, u32 seq,
			     int flags, struct netlink_callback *cb)
{
	void *hdr = genlmsg_put(skb, portid, seq, &ovx_nl_family, flags,
				OVX_CMD_ROUTE_GET);

	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	if (nla_put_string(skb, OVX_A_ROUTE_ROUTER, r->name) ||
	    ovx_nl_put_in6(skb, OVX_A_ROUTE_ADDR4, OVX_A_ROUTE_ADDR6,
			    &rt->key.prefix) ||
	    nla_put_u8(skb, OVX_A_ROUTE_PREFIX_LEN, rt->key.plen) ||
	    (rt->has_via &&
	     ovx_nl_put_in6(skb, OVX_A_ROUTE_VIA4, OVX_A_ROUTE_VIA6, &rt->via)) ||
	    nla_put_string(skb, OVX_A_ROUTE_NET, rt->rif->network->name)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

int ovx_nl_route_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ovx_route_key key;
	struct ovx_route *rt = NULL;
	struct ovx_router *r;
	struct sk_buff *msg;
	int err;

	err = ovx_nl_route_key(info, &key);
	if (err)
		return err;
	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rcu_read_lock();
	r = ovx_nl_router_find(info, OVX_A_ROUTE_ROUTER, true);
	if (IS_ERR(r)) {
		err = PTR_ERR(r);
		goto out;
	}
	list_for_each_entry_rcu(rt, &r->route_list, list)
		if (!rt->connected && !memcmp(&rt->key, &key, sizeof(key)))
			break;
	if (list_entry_is_head(rt, &r->route_list, list)) {
		NL_SET_ERR_MSG(info->extack, "no such route");
		err = -ENOENT;
		goto out;
	}
	err = ovx_nl_route_fill(msg, r, rt, info->snd_portid, info->snd_seq,
				0, NULL);
out:
	rcu_read_unlock();
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/*
 * Static routes only (connected ones show with their interface).  Resumes
 * by position over all routers; cb->args[0] counts the routes passed.
 */
int ovx_nl_route_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr **attrs = ovx_compat_dump_attrs(cb);
	struct net *net = sock_net(skb->sk);
	long skip = cb->args[0], idx = 0;
	const char *only = NULL;
	struct ovx_route *rt;
	struct ovx_router *r;
	int err = 0;

	if (attrs[OVX_A_ROUTE_ROUTER])
		only = nla_data(attrs[OVX_A_ROUTE_ROUTER]);
	rcu_read_lock();
	if (only && !ovx_router_find_rcu(net, only)) {
		NL_SET_ERR_MSG_ATTR(cb->extack, attrs[OVX_A_ROUTE_ROUTER],
				    "no such router");
		err = -ENOENT;
		goto out;
	}
	cb->seq = atomic_read(&ovx_net(net)->cfg_seq) + 1;
	list_for_each_entry_rcu(r, &ovx_net(net)->routers, ns_node) {
		if (only && strcmp(r->name, only))
			continue;
		list_for_each_entry_rcu(rt, &r->route_list, list) {
			if (rt->connected)
				continue;
			if (idx++ < skip)
				continue;
			err = ovx_nl_route_fill(skb, r, rt,
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
