// SPDX-License-Identifier: GPL-2.0-only
/*
 * ovx: netlink for the packet channel that serves guests: the service
 * settings of networks (net-new, net-set, net-get) and switches
 * (switch-set, switch-get), and packet-listen, packet-unlisten and
 * packet-send.
 */

#include <linux/ctype.h>
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/sock.h>

#include "device.h"
#include "forward.h"
#include "neigh.h"
#include "netlink.h"
#include "netlink-gen.h"
#include "ovx.h"
#include "port.h"
#include "service.h"

static int ovx_nl_svc_put_sum(struct sk_buff *skb, int attr,
			      const struct ovx_svc_sum *sum)
{
	struct nlattr *nest = nla_nest_start(skb, attr);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, OVX_A_SERVICE_STATS_UPCALLS, sum->upcalls,
			      OVX_A_SERVICE_STATS_PAD) ||
	    nla_put_u64_64bit(skb, OVX_A_SERVICE_STATS_RATELIMITED,
			      sum->ratelimited, OVX_A_SERVICE_STATS_PAD) ||
	    nla_put_u64_64bit(skb, OVX_A_SERVICE_STATS_UNQUEUED, sum->unqueued,
			      OVX_A_SERVICE_STATS_PAD) ||
	    nla_put_u64_64bit(skb, OVX_A_SERVICE_STATS_SENT, sum->sent,
			      OVX_A_SERVICE_STATS_PAD)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

int ovx_nl_svc_put_stats(struct sk_buff *skb, int attr,
			 const struct ovx_svc_stats *st)
{
	struct ovx_svc_sum sum = {};

	ovx_svc_sum_add(st, &sum);
	return ovx_nl_svc_put_sum(skb, attr, &sum);
}

/* A list of addresses: one nest of the addr set per address. */
static int ovx_nl_svc_put_addrs(struct sk_buff *skb, int attr,
				const struct in6_addr *addrs, unsigned int n)
{
	struct nlattr *nest;
	unsigned int i;

	for (i = 0; i < n; i++) {
		nest = nla_nest_start(skb, attr);
		if (!nest ||
		    ovx_nl_put_in6(skb, OVX_A_ADDR_ADDR4, OVX_A_ADDR_ADDR6,
				   &addrs[i]))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}

/* Called with rcu_read_lock (or RTNL) held: what net-get says of services. */
int ovx_nl_svc_net_fill(struct sk_buff *skb, struct ovx_network *n)
{
	const struct ovx_net_svc *s = rcu_dereference_rtnl(n->svc);
	struct ovx_net_svc def;

	if (!s) {
		ovx_svc_net_defaults(&def);
		s = &def;
	}
	if (nla_put_u8(skb, OVX_A_NET_DHCP, s->dhcp) ||
	    nla_put_u8(skb, OVX_A_NET_DNS, s->dns) ||
	    nla_put_u32(skb, OVX_A_NET_LEASE, s->lease) ||
	    nla_put_u8(skb, OVX_A_NET_SERVICE_PREFIX_LEN4, s->plen4) ||
	    nla_put_u8(skb, OVX_A_NET_SERVICE_PREFIX_LEN6, s->plen6))
		return -EMSGSIZE;
	if (s->domain[0] && nla_put_string(skb, OVX_A_NET_DOMAIN, s->domain))
		return -EMSGSIZE;
	if (ovx_nl_svc_put_addrs(skb, OVX_A_NET_DNS_SERVER, s->servers, s->n_servers))
		return -EMSGSIZE;
	if (s->service4 && nla_put_in_addr(skb, OVX_A_NET_SERVICE4, s->service4))
		return -EMSGSIZE;
	if (!ipv6_addr_any(&s->service6) &&
	    nla_put_in6_addr(skb, OVX_A_NET_SERVICE6, &s->service6))
		return -EMSGSIZE;
	if (s->has_mac && nla_put(skb, OVX_A_NET_SERVICE_MAC, ETH_ALEN, s->mac))
		return -EMSGSIZE;
	return ovx_nl_svc_put_stats(skb, OVX_A_NET_SERVICE, &n->svc_stats);
}

/* Called with rcu_read_lock (or RTNL) held: what switch-get says of them. */
int ovx_nl_svc_dev_fill(struct sk_buff *skb, struct ovx_dev *ovx)
{
	const struct ovx_dev_svc *s = rcu_dereference_rtnl(ovx->svc);
	struct ovx_svc_sum sum = {};
	struct ovx_network *n;
	struct ovx_dev_svc def;
	int bkt;

	if (!s) {
		ovx_svc_dev_defaults(&def);
		s = &def;
	}
	if (nla_put_u32(skb, OVX_A_SWITCH_LISTENER, READ_ONCE(ovx->listener)) ||
	    nla_put_u32(skb, OVX_A_SWITCH_SERVICE_RATE, s->rate) ||
	    nla_put_u32(skb, OVX_A_SWITCH_SERVICE_BURST, s->burst) ||
	    ovx_nl_svc_put_addrs(skb, OVX_A_SWITCH_DNS_UPSTREAM, s->upstream,
				 s->n_upstream))
		return -EMSGSIZE;
	/* The VNI table is the switch's RCU list of networks. */
	rcu_read_lock();
	hash_for_each_rcu(ovx->vni_hash, bkt, n, vni_node)
		ovx_svc_sum_add(&n->svc_stats, &sum);
	rcu_read_unlock();
	return ovx_nl_svc_put_sum(skb, OVX_A_SWITCH_SERVICE, &sum);
}

/*
 * The address list of a request: every attribute @type of the message, in
 * order, each a nest of the addr set with one address.  One empty nest
 * alone clears the list.  @given: whether there was any.
 */
static int ovx_nl_svc_addrs(struct genl_info *info, int type,
			    struct in6_addr *addrs, unsigned int *n_addrs,
			    bool *given)
{
	struct nlattr *head = nlmsg_attrdata(info->nlhdr, GENL_HDRLEN);
	int len = nlmsg_attrlen(info->nlhdr, GENL_HDRLEN);
	struct nlattr *tb[OVX_A_ADDR_MAX + 1];
	unsigned int n = 0, empty = 0, total = 0;
	struct nlattr *a;
	int rem, err;

	nla_for_each_attr(a, head, len, rem) {
		if (nla_type(a) != type)
			continue;
		total++;
		if (!nla_len(a)) {
			empty++;
			continue;
		}
		err = nla_parse_nested(tb, OVX_A_ADDR_MAX, a,
				       ovx_addr_nl_policy, info->extack);
		if (err)
			return err;
		if (!!tb[OVX_A_ADDR_ADDR4] == !!tb[OVX_A_ADDR_ADDR6]) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "each address nest holds one addr4 or one addr6");
			return -EINVAL;
		}
		if (n == OVX_DNS_SERVERS_MAX) {
			NL_SET_ERR_MSG_ATTR(info->extack, a, "too many addresses");
			return -E2BIG;
		}
		if (tb[OVX_A_ADDR_ADDR4])
			ipv6_addr_set_v4mapped(nla_get_in_addr(tb[OVX_A_ADDR_ADDR4]),
					       &addrs[n]);
		else
			addrs[n] = nla_get_in6_addr(tb[OVX_A_ADDR_ADDR6]);
		if (!ovx_neigh_addr_ok(&addrs[n])) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "address must be a unicast host address");
			return -EINVAL;
		}
		n++;
	}
	if (empty && total > 1) {
		NL_SET_ERR_MSG(info->extack,
			       "an empty address nest (clear) must come alone");
		return -EINVAL;
	}
	*given = total > 0;
	if (*given)
		*n_addrs = n;
	return 0;
}

/* A DNS domain: labels of letters, digits and '-', 1 to 63 bytes, dot-separated. */
static bool ovx_nl_svc_domain_ok(const char *d)
{
	unsigned int label = 0;

	for (; *d; d++) {
		if (*d == '.') {
			if (!label)
				return false;
			label = 0;
			continue;
		}
		if (!isalnum(*d) && *d != '-')
			return false;
		if (++label > 63)
			return false;
	}
	return label > 0;
}

static const int ovx_nl_svc_net_attrs[] = {
	OVX_A_NET_DHCP, OVX_A_NET_DNS, OVX_A_NET_DOMAIN, OVX_A_NET_LEASE,
	OVX_A_NET_DNS_SERVER, OVX_A_NET_SERVICE4, OVX_A_NET_SERVICE6,
	OVX_A_NET_SERVICE_PREFIX_LEN4, OVX_A_NET_SERVICE_PREFIX_LEN6,
	OVX_A_NET_SERVICE_MAC,
};

/* Whether a net-new or net-set request changes any service setting. */
bool ovx_nl_svc_net_given(struct nlattr **attrs)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ovx_nl_svc_net_attrs); i++)
		if (attrs[ovx_nl_svc_net_attrs[i]])
			return true;
	return false;
}

/**
 * ovx_nl_svc_net_parse() - apply a request's service settings to a copy
 * @info: a net-new or net-set request
 * @s: the settings to change (the current ones, or the defaults)
 *
 * Nothing is published here: the caller does, once everything else of
 * the request is checked too.
 *
 * Return: 0, or an error with an extack message.
 */
int ovx_nl_svc_net_parse(struct genl_info *info, struct ovx_net_svc *s)
{
	struct nlattr **attrs = info->attrs;
	struct in6_addr a;
	bool given;
	int err;

	if (attrs[OVX_A_NET_DHCP])
		s->dhcp = nla_get_u8(attrs[OVX_A_NET_DHCP]);
	if (attrs[OVX_A_NET_DNS])
		s->dns = nla_get_u8(attrs[OVX_A_NET_DNS]);
	if (attrs[OVX_A_NET_LEASE])
		s->lease = nla_get_u32(attrs[OVX_A_NET_LEASE]);
	if (attrs[OVX_A_NET_SERVICE_PREFIX_LEN4])
		s->plen4 = nla_get_u8(attrs[OVX_A_NET_SERVICE_PREFIX_LEN4]);
	if (attrs[OVX_A_NET_SERVICE_PREFIX_LEN6])
		s->plen6 = nla_get_u8(attrs[OVX_A_NET_SERVICE_PREFIX_LEN6]);
	if (attrs[OVX_A_NET_DOMAIN]) {
		const char *d = nla_data(attrs[OVX_A_NET_DOMAIN]);

		if (*d && !ovx_nl_svc_domain_ok(d)) {
			NL_SET_ERR_MSG_ATTR(info->extack, attrs[OVX_A_NET_DOMAIN],
					    "domain must be dot-separated labels of letters, digits and '-' (1 to 63 each)");
			return -EINVAL;
		}
		strscpy(s->domain, d, sizeof(s->domain));
	}
	if (attrs[OVX_A_NET_SERVICE4]) {
		s->service4 = nla_get_in_addr(attrs[OVX_A_NET_SERVICE4]);
		ipv6_addr_set_v4mapped(s->service4, &a);
		if (s->service4 && !ovx_neigh_addr_ok(&a)) {
			NL_SET_ERR_MSG_ATTR(info->extack, attrs[OVX_A_NET_SERVICE4],
					    "service address must be a unicast host address");
			return -EINVAL;
		}
	}
	if (attrs[OVX_A_NET_SERVICE6]) {
		s->service6 = nla_get_in6_addr(attrs[OVX_A_NET_SERVICE6]);
		if (!ipv6_addr_any(&s->service6) &&
		    (!ovx_neigh_addr_ok(&s->service6) ||
		     ipv6_addr_v4mapped(&s->service6))) {
			NL_SET_ERR_MSG_ATTR(info->extack, attrs[OVX_A_NET_SERVICE6],
					    "service address must be a unicast host address");
			return -EINVAL;
		}
	}
	if (attrs[OVX_A_NET_SERVICE_MAC]) {
		const u8 *mac = nla_data(attrs[OVX_A_NET_SERVICE_MAC]);

		/* All zero: none, the switch's own answers. */
		s->has_mac = !is_zero_ether_addr(mac);
		if (s->has_mac && !is_valid_ether_addr(mac)) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    attrs[OVX_A_NET_SERVICE_MAC],
					    "service mac must be a unicast address");
			return -EINVAL;
		}
		ether_addr_copy(s->mac, mac);
	}
	err = ovx_nl_svc_addrs(info, OVX_A_NET_DNS_SERVER, s->servers, &s->n_servers,
			       &given);
	if (err)
		return err;
	/* Unused slots stay zero: the blob is compared and copied whole. */
	memset(&s->servers[s->n_servers], 0,
	       (OVX_DNS_SERVERS_MAX - s->n_servers) * sizeof(s->servers[0]));
	return 0;
}

/* The switch of a request of the packet set. */
static struct ovx_dev *ovx_nl_packet_switch(struct genl_info *info)
{
	if (GENL_REQ_ATTR_CHECK(info, OVX_A_PACKET_SWITCH_IFINDEX))
		return ERR_PTR(-EINVAL);
	return ovx_dev_lookup_rcu(genl_info_net(info),
				  nla_get_u32(info->attrs[OVX_A_PACKET_SWITCH_IFINDEX]),
				  NULL, info->extack);
}

int ovx_nl_switch_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct ovx_dev_svc *s;
	struct ovx_dev *ovx;
	bool given;
	int err;

	if (!attrs[OVX_A_SWITCH_IFINDEX] && !attrs[OVX_A_SWITCH_IFNAME]) {
		NL_SET_ERR_MSG(info->extack,
			       "switch ifindex or ifname is required");
		return -EINVAL;
	}
	s = kmalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	rtnl_lock();
	ovx = ovx_dev_lookup_rcu(genl_info_net(info),
				 attrs[OVX_A_SWITCH_IFINDEX] ?
				 nla_get_u32(attrs[OVX_A_SWITCH_IFINDEX]) : 0,
				 attrs[OVX_A_SWITCH_IFNAME] ?
				 nla_data(attrs[OVX_A_SWITCH_IFNAME]) : NULL,
				 info->extack);
	if (IS_ERR(ovx)) {
		err = PTR_ERR(ovx);
		goto err;
	}
	ovx_svc_dev_get(ovx, s);
	if (attrs[OVX_A_SWITCH_SERVICE_RATE])
		s->rate = nla_get_u32(attrs[OVX_A_SWITCH_SERVICE_RATE]);
	if (attrs[OVX_A_SWITCH_SERVICE_BURST])
		s->burst = nla_get_u32(attrs[OVX_A_SWITCH_SERVICE_BURST]);
	err = ovx_nl_svc_addrs(info, OVX_A_SWITCH_DNS_UPSTREAM, s->upstream,
			       &s->n_upstream, &given);
	if (err)
		goto err;
	memset(&s->upstream[s->n_upstream], 0,
	       (OVX_DNS_SERVERS_MAX - s->n_upstream) * sizeof(s->upstream[0]));
	ovx_svc_dev_publish(ovx, s);
	rtnl_unlock();
	return 0;
err:
	rtnl_unlock();
	kfree(s);
	return err;
}

int ovx_nl_packet_listen_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ovx_dev *ovx;
	u32 old;
	int err = 0;

	rtnl_lock();
	ovx = ovx_nl_packet_switch(info);
	if (IS_ERR(ovx)) {
		err = PTR_ERR(ovx);
		goto out;
	}
	old = cmpxchg(&ovx->listener, 0, info->snd_portid);
	if (old && old != info->snd_portid) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[OVX_A_PACKET_SWITCH_IFINDEX],
				    "the switch has another listener");
		err = -EBUSY;
	}
out:
	rtnl_unlock();
	return err;
}

int ovx_nl_packet_unlisten_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ovx_dev *ovx;
	int err = 0;

	rtnl_lock();
	ovx = ovx_nl_packet_switch(info);
	if (IS_ERR(ovx)) {
		err = PTR_ERR(ovx);
		goto out;
	}
	if (cmpxchg(&ovx->listener, info->snd_portid, 0) != info->snd_portid) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[OVX_A_PACKET_SWITCH_IFINDEX],
				    "this socket is not the switch's listener");
		err = -ENOENT;
	}
out:
	rtnl_unlock();
	return err;
}

/*
 * Send a frame of the listener out of a port, to its guest.  Under
 * rcu_read_lock with bottom halves off, as the datapath sends its own
 * answers (ARP, ND): the port's counters are per-CPU.
 */
int ovx_nl_packet_send_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct net_device *dev;
	struct sk_buff *frame;
	struct ovx_dev *ovx;
	struct ovx_port *p;
	unsigned int len;
	int err = 0;

	if (GENL_REQ_ATTR_CHECK(info, OVX_A_PACKET_SWITCH_IFINDEX) ||
	    GENL_REQ_ATTR_CHECK(info, OVX_A_PACKET_PORT_IFINDEX) ||
	    GENL_REQ_ATTR_CHECK(info, OVX_A_PACKET_FRAME))
		return -EINVAL;
	len = nla_len(attrs[OVX_A_PACKET_FRAME]);
	if (len < ETH_HLEN) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[OVX_A_PACKET_FRAME],
				    "frame shorter than an Ethernet header");
		return -EINVAL;
	}

	local_bh_disable();
	rcu_read_lock();
	ovx = ovx_nl_packet_switch(info);
	if (IS_ERR(ovx)) {
		err = PTR_ERR(ovx);
		goto out;
	}
	dev = dev_get_by_index_rcu(genl_info_net(info),
				   nla_get_u32(attrs[OVX_A_PACKET_PORT_IFINDEX]));
	p = dev ? ovx_port_from_dev(dev) : NULL;
	if (!p || p->network->ovx != ovx) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[OVX_A_PACKET_PORT_IFINDEX],
				    "not a port of the switch");
		err = -ENODEV;
		goto out;
	}
	if (len > READ_ONCE(dev->mtu) + ETH_HLEN + VLAN_HLEN) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[OVX_A_PACKET_FRAME],
				    "frame larger than the port's MTU");
		err = -EMSGSIZE;
		goto out;
	}
	if (!(dev->flags & IFF_UP)) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[OVX_A_PACKET_PORT_IFINDEX],
				    "the port's device is down");
		err = -ENETDOWN;
		goto out;
	}
	frame = ovx_port_alloc_skb(p, len);
	if (!frame) {
		err = -ENOMEM;
		goto out;
	}
	skb_put_data(frame, nla_data(attrs[OVX_A_PACKET_FRAME]), len);
	skb_set_network_header(frame, ETH_HLEN);
	frame->protocol = eth_hdr(frame)->h_proto;
	/* To the guest only: never the FDB, a peer or the router. */
	ovx_port_xmit(p, frame);
	atomic64_inc(&p->svc_stats.sent);
	atomic64_inc(&p->network->svc_stats.sent);
out:
	rcu_read_unlock();
	local_bh_enable();
	return err;
}
