// SPDX-License-Identifier: GPL-2.0-only
/* ovx: netlink handlers for networks (net-new, net-del, net-set, net-get). */

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

/*
 * Called with rcu_read_lock held (gets and dumps take no RTNL): what net-set
 * changes is read once.
 */
static int ovx_nl_net_fill(struct sk_buff *skb, struct ovx_network *n,
			   u32 portid, u32 seq, int flags,
			   struct netlink_callback *cb)
{
	void *hdr = genlmsg_put(skb, portid, seq, &ovx_nl_family, flags,
				OVX_CMD_NET_GET);
	char ifname[IFNAMSIZ];
	struct ovx_stats sum;

	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	ovx_stats_fold(n->stats, &sum);
	ovx_dev_name_copy(ifname, n->ovx->dev);
	if (nla_put_u32(skb, OVX_A_NET_IFINDEX, n->ovx->dev->ifindex) ||
	    nla_put_string(skb, OVX_A_NET_IFNAME, ifname) ||
	    nla_put_string(skb, OVX_A_NET_NAME, n->name) ||
	    nla_put_u32(skb, OVX_A_NET_VNI, n->vni) ||
	    nla_put_u8(skb, OVX_A_NET_LEARNING, READ_ONCE(n->learning)) ||
	    nla_put_u32(skb, OVX_A_NET_AGEING, READ_ONCE(n->ageing)) ||
	    nla_put_u32(skb, OVX_A_NET_FDB_MAX, READ_ONCE(n->fdb_max)) ||
	    nla_put_u32(skb, OVX_A_NET_FDB_LEARNED, READ_ONCE(n->fdb.n_learned)) ||
	    nla_put_u32(skb, OVX_A_NET_FDB_STATIC, READ_ONCE(n->fdb.n_static)) ||
	    ovx_nl_put_stats(skb, OVX_A_NET_STATS, n->stats) ||
	    nla_put_u8(skb, OVX_A_NET_ARP_SUPPRESS, READ_ONCE(n->arp_suppress)) ||
	    nla_put_u8(skb, OVX_A_NET_FLOOD_UNKNOWN, READ_ONCE(n->flood_unknown)) ||
	    nla_put_u32(skb, OVX_A_NET_NEIGH_STATIC, READ_ONCE(n->neigh.n_static)) ||
	    nla_put_u64_64bit(skb, OVX_A_NET_ARP_SUPPRESSED, sum.arp_suppressed,
			      OVX_A_NET_PAD) ||
	    ovx_nl_svc_net_fill(skb, n)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* Read the optional settings of net-new and net-set into @cfg. */
static void ovx_nl_net_cfg(struct nlattr **attrs, struct ovx_network_cfg *cfg)
{
	if (attrs[OVX_A_NET_LEARNING])
		cfg->learning = nla_get_u8(attrs[OVX_A_NET_LEARNING]);
	if (attrs[OVX_A_NET_AGEING])
		cfg->ageing = nla_get_u32(attrs[OVX_A_NET_AGEING]);
	if (attrs[OVX_A_NET_FDB_MAX])
		cfg->fdb_max = nla_get_u32(attrs[OVX_A_NET_FDB_MAX]);
	if (attrs[OVX_A_NET_ARP_SUPPRESS])
		cfg->arp_suppress = nla_get_u8(attrs[OVX_A_NET_ARP_SUPPRESS]);
	if (attrs[OVX_A_NET_FLOOD_UNKNOWN])
		cfg->flood_unknown = nla_get_u8(attrs[OVX_A_NET_FLOOD_UNKNOWN]);
}

/*
 * The network named by a request.  Called with RTNL held by the handlers
 * that change it, with rcu_read_lock only by net-get (@rcu).
 */
static struct ovx_network *ovx_nl_net_find(struct genl_info *info, bool rcu)
{
	struct ovx_network *n;
	const char *name;

	if (GENL_REQ_ATTR_CHECK(info, OVX_A_NET_NAME))
		return ERR_PTR(-EINVAL);
	name = nla_data(info->attrs[OVX_A_NET_NAME]);
	if (rcu)
		n = ovx_network_find_rcu(genl_info_net(info), name);
	else
		n = ovx_network_find(genl_info_net(info), name);
	if (!n) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[OVX_A_NET_NAME],
				    "no such network");
		return ERR_PTR(-ENOENT);
	}
	return n;
}

int ovx_nl_net_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct ovx_net_svc *svc = NULL;
	struct ovx_network_cfg cfg;
	struct ovx_network *n;
	struct ovx_dev *ovx;
	int err = 0;

	if (GENL_REQ_ATTR_CHECK(info, OVX_A_NET_NAME) ||
	    GENL_REQ_ATTR_CHECK(info, OVX_A_NET_VNI))
		return -EINVAL;
	if (!attrs[OVX_A_NET_IFINDEX] && !attrs[OVX_A_NET_IFNAME]) {
		NL_SET_ERR_MSG(info->extack, "switch ifindex or ifname is required");
		return -EINVAL;
	}
	if (!ovx_nl_name_ok(nla_data(attrs[OVX_A_NET_NAME]))) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[OVX_A_NET_NAME],
				    "network name may hold letters, digits, '-', '_' and '.' only");
		return -EINVAL;
	}
	ovx_network_cfg_init(&cfg);
	ovx_nl_net_cfg(attrs, &cfg);
	if (ovx_nl_svc_net_given(attrs)) {
		svc = kmalloc(sizeof(*svc), GFP_KERNEL);
		if (!svc)
			return -ENOMEM;
		ovx_svc_net_defaults(svc);
		err = ovx_nl_svc_net_parse(info, svc);
		if (err) {
			kfree(svc);
			return err;
		}
		cfg.svc = svc;
	}

	rtnl_lock();
	ovx = ovx_dev_lookup_rcu(genl_info_net(info),
				 attrs[OVX_A_NET_IFINDEX] ?
				 nla_get_u32(attrs[OVX_A_NET_IFINDEX]) : 0,
				 attrs[OVX_A_NET_IFNAME] ?
				 nla_data(attrs[OVX_A_NET_IFNAME]) : NULL,
				 info->extack);
	if (IS_ERR(ovx)) {
		err = PTR_ERR(ovx);
		goto out;
	}
	n = ovx_network_create(ovx, nla_data(attrs[OVX_A_NET_NAME]),
			       nla_get_u32(attrs[OVX_A_NET_VNI]), &cfg,
			       info->extack);
	if (IS_ERR(n))
		err = PTR_ERR(n);
	else
		svc = NULL;	/* the network's now */
out:
	rtnl_unlock();
	kfree(svc);
	return err;
}

int ovx_nl_net_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ovx_network *n;
	int err = 0;

	rtnl_lock();
	n = ovx_nl_net_find(info, false);
	if (IS_ERR(n))
		err = PTR_ERR(n);
	else
		ovx_network_destroy(n);
	rtnl_unlock();
	return err;
}

int ovx_nl_net_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ovx_net_svc *svc = NULL;
	struct ovx_network_cfg cfg;
	struct ovx_network *n;
	int err = 0;

	if (ovx_nl_svc_net_given(info->attrs)) {
		svc = kmalloc(sizeof(*svc), GFP_KERNEL);
		if (!svc)
			return -ENOMEM;
	}
	rtnl_lock();
	n = ovx_nl_net_find(info, false);
	if (IS_ERR(n)) {
		err = PTR_ERR(n);
	} else {
		/* Everything is checked before anything changes. */
		if (svc) {
			ovx_svc_net_get(n, svc);
			err = ovx_nl_svc_net_parse(info, svc);
			if (err)
				goto out;
			ovx_svc_net_publish(n, svc);
			svc = NULL;
		}
		cfg.learning = n->learning;
		cfg.ageing = n->ageing;
		cfg.fdb_max = n->fdb_max;
		cfg.arp_suppress = n->arp_suppress;
		cfg.flood_unknown = n->flood_unknown;
		ovx_nl_net_cfg(info->attrs, &cfg);
		ovx_network_apply(n, &cfg);
	}
out:
	rtnl_unlock();
	kfree(svc);
	return err;
}

int ovx_nl_net_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ovx_network *n;
	struct sk_buff *msg;
	int err;

	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rcu_read_lock();
	n = ovx_nl_net_find(info, true);
	if (IS_ERR(n))
		err = PTR_ERR(n);
	else
		err = ovx_nl_net_fill(msg, n, info->snd_portid, info->snd_seq, 0,
				      NULL);
	rcu_read_unlock();
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

int ovx_nl_net_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr **attrs = ovx_compat_dump_attrs(cb);
	struct net *net = sock_net(skb->sk);
	long skip = cb->args[0], idx = 0;
	struct ovx_network *n;
	int ifindex = 0, err = 0;

	if (attrs[OVX_A_NET_IFINDEX])
		ifindex = nla_get_u32(attrs[OVX_A_NET_IFINDEX]);

	rcu_read_lock();
	/* Networks that come or go shift the positions: tell the reader. */
	cb->seq = atomic_read(&ovx_net(net)->cfg_seq) + 1;
	list_for_each_entry_rcu(n, &ovx_net(net)->networks, ns_node) {
		if (ifindex && n->ovx->dev->ifindex != ifindex)
			continue;
		if (idx++ < skip)
			continue;
		err = ovx_nl_net_fill(skb, n, NETLINK_CB(cb->skb).portid,
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
