// SPDX-License-Identifier: GPL-2.0-only
/* ovx: netlink handlers for ports (port-new, port-del, port-get). */

#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "compat.h"
#include "netlink.h"
#include "netlink-gen.h"
#include "network.h"
#include "ovx.h"
#include "port.h"

/* What port-new said of the guest behind @p: fixed with the port. */
static int ovx_nl_port_fill_guest(struct sk_buff *skb, struct ovx_port *p)
{
	const struct in6_addr *a;
	unsigned int i;

	if (p->has_mac && nla_put(skb, OVX_A_PORT_MAC, ETH_ALEN, p->mac))
		return -EMSGSIZE;
	for (i = 0; i < p->n_ips; i++) {
		a = &p->ips[i];
		if (ovx_nl_put_in6(skb, OVX_A_PORT_IP4, OVX_A_PORT_IP6, a))
			return -EMSGSIZE;
	}
	if (p->name[0] && nla_put_string(skb, OVX_A_PORT_NAME, p->name))
		return -EMSGSIZE;
	if (nla_put_u8(skb, OVX_A_PORT_STANDBY, ovx_port_standby(p)) ||
	    nla_put_u32(skb, OVX_A_PORT_SEQ, p->seq))
		return -EMSGSIZE;
	return 0;
}

/*
 * Called with RTNL held (notifications) or rcu_read_lock only (gets and
 * dumps): a port's fields are fixed, its device's name is not.
 */
int ovx_nl_port_fill(struct sk_buff *skb, struct ovx_port *p, u32 portid,
		     u32 seq, int flags, u8 cmd)
{
	struct ovx_network *n = p->network;
	void *hdr = genlmsg_put(skb, portid, seq, &ovx_nl_family, flags, cmd);
	char ifname[IFNAMSIZ];

	if (!hdr)
		return -EMSGSIZE;
	ovx_dev_name_copy(ifname, p->dev);
	if (nla_put_u32(skb, OVX_A_PORT_IFINDEX, p->dev->ifindex) ||
	    nla_put_string(skb, OVX_A_PORT_IFNAME, ifname) ||
	    nla_put_string(skb, OVX_A_PORT_NET, n->name) ||
	    nla_put_u32(skb, OVX_A_PORT_VNI, n->vni) ||
	    nla_put_u32(skb, OVX_A_PORT_SWITCH_IFINDEX, n->ovx->dev->ifindex) ||
	    nla_put_u32(skb, OVX_A_PORT_ID, p->id) ||
	    ovx_nl_put_stats(skb, OVX_A_PORT_STATS, p->stats) ||
	    ovx_nl_port_fill_guest(skb, p) ||
	    ovx_nl_svc_put_stats(skb, OVX_A_PORT_SERVICE, &p->svc_stats)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* Called with RTNL held. */
void ovx_nl_port_notify(struct ovx_port *p, u8 cmd)
{
	struct net *net = dev_net(p->dev);
	struct sk_buff *msg;

	if (!genl_has_listeners(&ovx_nl_family, net, OVX_NLGRP_EVENTS))
		return;
	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return;
	if (ovx_nl_port_fill(msg, p, 0, 0, 0, cmd)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_multicast_netns(&ovx_nl_family, net, msg, 0, OVX_NLGRP_EVENTS,
				GFP_KERNEL);
}

/*
 * The port device of a request.  Called with RTNL held by the handlers that
 * change something, with rcu_read_lock only by port-get (@rcu).
 */
static struct net_device *ovx_nl_port_dev(struct genl_info *info, bool rcu)
{
	struct net_device *dev;
	int ifindex;

	if (GENL_REQ_ATTR_CHECK(info, OVX_A_PORT_IFINDEX))
		return ERR_PTR(-EINVAL);
	ifindex = nla_get_u32(info->attrs[OVX_A_PORT_IFINDEX]);
	if (rcu)
		dev = dev_get_by_index_rcu(genl_info_net(info), ifindex);
	else
		dev = __dev_get_by_index(genl_info_net(info), ifindex);
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[OVX_A_PORT_IFINDEX],
				    "no such device");
		return ERR_PTR(-ENODEV);
	}
	return dev;
}

/*
 * The guest of a port-new request: its MAC, its addresses (repeated
 * attributes, so read from the message itself) and a label.
 */
static int ovx_nl_port_cfg(struct genl_info *info, struct ovx_port_cfg *cfg,
			   struct in6_addr *ips)
{
	struct nlattr *head = nlmsg_attrdata(info->nlhdr, GENL_HDRLEN);
	int len = nlmsg_attrlen(info->nlhdr, GENL_HDRLEN);
	struct nlattr **attrs = info->attrs;
	struct nlattr *a;
	int rem;

	memset(cfg, 0, sizeof(*cfg));
	if (attrs[OVX_A_PORT_MAC])
		cfg->mac = nla_data(attrs[OVX_A_PORT_MAC]);
	if (attrs[OVX_A_PORT_NAME]) {
		cfg->name = nla_data(attrs[OVX_A_PORT_NAME]);
		if (!*cfg->name) {
			NL_SET_ERR_MSG_ATTR(info->extack, attrs[OVX_A_PORT_NAME],
					    "port name must not be empty");
			return -EINVAL;
		}
	}
	/* The policy bounds both. */
	if (attrs[OVX_A_PORT_STANDBY])
		cfg->standby = nla_get_u8(attrs[OVX_A_PORT_STANDBY]);
	if (attrs[OVX_A_PORT_SEQ])
		cfg->seq = nla_get_u32(attrs[OVX_A_PORT_SEQ]);
	cfg->ips = ips;
	nla_for_each_attr(a, head, len, rem) {
		if (nla_type(a) != OVX_A_PORT_IP4 && nla_type(a) != OVX_A_PORT_IP6)
			continue;
		if (cfg->n_ips == OVX_PORT_IPS_MAX) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "too many addresses for one port");
			return -E2BIG;
		}
		/* The policy checked each one's length. */
		if (nla_type(a) == OVX_A_PORT_IP4)
			ipv6_addr_set_v4mapped(nla_get_in_addr(a),
					       &ips[cfg->n_ips++]);
		else
			ips[cfg->n_ips++] = nla_get_in6_addr(a);
	}
	return 0;
}

int ovx_nl_port_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct in6_addr ips[OVX_PORT_IPS_MAX];
	struct ovx_port_cfg cfg;
	struct ovx_network *n;
	struct net_device *dev;
	struct ovx_port *p;
	int err = 0;

	if (GENL_REQ_ATTR_CHECK(info, OVX_A_PORT_NET))
		return -EINVAL;
	err = ovx_nl_port_cfg(info, &cfg, ips);
	if (err)
		return err;
	rtnl_lock();
	dev = ovx_nl_port_dev(info, false);
	if (IS_ERR(dev)) {
		err = PTR_ERR(dev);
		goto out;
	}
	n = ovx_network_find(genl_info_net(info),
			     nla_data(info->attrs[OVX_A_PORT_NET]));
	if (!n) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[OVX_A_PORT_NET],
				    "no such network");
		err = -ENOENT;
		goto out;
	}
	p = ovx_port_create(n, dev, &cfg, info->extack);
	if (IS_ERR(p))
		err = PTR_ERR(p);
out:
	rtnl_unlock();
	return err;
}

int ovx_nl_port_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *dev;
	struct ovx_port *p;
	int err = 0;

	rtnl_lock();
	dev = ovx_nl_port_dev(info, false);
	if (IS_ERR(dev)) {
		err = PTR_ERR(dev);
		goto out;
	}
	p = ovx_port_from_dev(dev);
	if (!p) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[OVX_A_PORT_IFINDEX],
				    "device is not an ovx port");
		err = -ENOENT;
		goto out;
	}
	ovx_port_destroy(p);
out:
	rtnl_unlock();
	return err;
}

int ovx_nl_port_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *dev;
	struct sk_buff *msg;
	struct ovx_port *p;
	int err;

	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rcu_read_lock();
	dev = ovx_nl_port_dev(info, true);
	if (IS_ERR(dev)) {
		err = PTR_ERR(dev);
	} else {
		p = ovx_port_from_dev(dev);
		if (p) {
			err = ovx_nl_port_fill(msg, p, info->snd_portid,
					       info->snd_seq, 0, OVX_CMD_PORT_GET);
		} else {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    info->attrs[OVX_A_PORT_IFINDEX],
					    "device is not an ovx port");
			err = -ENOENT;
		}
	}
	rcu_read_unlock();
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

int ovx_nl_port_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr **attrs = ovx_compat_dump_attrs(cb);
	struct net *net = sock_net(skb->sk);
	long skip = cb->args[0], idx = 0;
	const char *only = NULL;
	struct ovx_network *n;
	struct nlmsghdr *nlh;
	struct ovx_port *p;
	int err = 0;

	if (attrs[OVX_A_PORT_NET])
		only = nla_data(attrs[OVX_A_PORT_NET]);

	rcu_read_lock();
	/* A misspelt filter is an error, not an empty list. */
	if (only && !ovx_network_find_rcu(net, only)) {
		NL_SET_ERR_MSG_ATTR(cb->extack, attrs[OVX_A_PORT_NET],
				    "no such network");
		err = -ENOENT;
		goto out;
	}
	/* Ports that come or go shift the positions: tell the reader. */
	cb->seq = atomic_read(&ovx_net(net)->cfg_seq) + 1;
	list_for_each_entry_rcu(n, &ovx_net(net)->networks, ns_node) {
		if (only && strcmp(n->name, only))
			continue;
		list_for_each_entry_rcu(p, &n->ports, net_node) {
			if (idx++ < skip)
				continue;
			nlh = (struct nlmsghdr *)skb_tail_pointer(skb);
			err = ovx_nl_port_fill(skb, p, NETLINK_CB(cb->skb).portid,
					       cb->nlh->nlmsg_seq, NLM_F_MULTI,
					       OVX_CMD_PORT_GET);
			if (!err)
				nl_dump_check_consistent(cb, nlh);
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
