// SPDX-License-Identifier: GPL-2.0-only
/*
 * ovx: the generic netlink family "ovx".  Policies and the ops table are
 * generated from Documentation/netlink/specs/ovx.yaml into netlink-gen.c;
 * this file holds the handlers and the family.
 */

#include <linux/ctype.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/netlink.h>
#include <net/sock.h>
#include <uapi/linux/ovx.h>

#include "compat.h"
#include "device.h"
#include "encap.h"
#include "netlink.h"
#include "network.h"
#include "ovx.h"
#include "pmtu.h"
#include "service.h"
#include "stats.h"

/*
 * The generator keeps the multicast group table static when it does not
 * write the family itself (per-op policies, which 6.1 needs), so the
 * generated code is compiled as part of this file.
 */
#include "netlink-gen.c"


static int ovx_nl_put_sum(struct sk_buff *skb, int attr,
			  const struct ovx_stats *st)
{
	struct nlattr *nest = nla_nest_start(skb, attr);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, OVX_A_STATS_RX_PACKETS, st->rx_packets,
			      OVX_A_STATS_PAD) ||
	    nla_put_u64_64bit(skb, OVX_A_STATS_RX_BYTES, st->rx_bytes,
			      OVX_A_STATS_PAD) ||
	    nla_put_u64_64bit(skb, OVX_A_STATS_TX_PACKETS, st->tx_packets,
			      OVX_A_STATS_PAD) ||
	    nla_put_u64_64bit(skb, OVX_A_STATS_TX_BYTES, st->tx_bytes,
			      OVX_A_STATS_PAD) ||
	    nla_put_u64_64bit(skb, OVX_A_STATS_RX_DROPPED, st->rx_dropped,
			      OVX_A_STATS_PAD) ||
	    nla_put_u64_64bit(skb, OVX_A_STATS_TX_DROPPED, st->tx_dropped,
			      OVX_A_STATS_PAD)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* Counters of a network or a port, summed over the CPUs. */
/*
 * The network named by attribute @type of a request.  Called with RTNL
 * held by the handlers that change something, with rcu_read_lock only by
 * gets and dumps (@rcu).
 */
struct ovx_network *ovx_nl_network(struct genl_info *info, int type, bool rcu)
{
	struct ovx_network *n;
	const char *name;

	if (GENL_REQ_ATTR_CHECK(info, type))
		return ERR_PTR(-EINVAL);
	name = nla_data(info->attrs[type]);
	n = rcu ? ovx_network_find_rcu(genl_info_net(info), name) :
		  ovx_network_find(genl_info_net(info), name);
	if (!n) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[type],
				    "no such network");
		return ERR_PTR(-ENOENT);
	}
	return n;
}

/*
 * Names of networks and routers appear in the tool's output, its batch
 * files and its JSON: letters, digits, '-', '_' and '.' only, so none
 * holds a blank, a separator or a control character.
 */
bool ovx_nl_name_ok(const char *name)
{
	for (; *name; name++)
		if (!isalnum(*name) && !strchr("-_.", *name))
			return false;
	return true;
}

/* An address kept as an in6_addr (IPv4 v4-mapped), as @type4 or @type6. */
int ovx_nl_put_in6(struct sk_buff *skb, int type4, int type6,
		   const struct in6_addr *a)
{
	if (ipv6_addr_v4mapped(a))
		return nla_put_in_addr(skb, type4, a->s6_addr32[3]);
	return nla_put_in6_addr(skb, type6, a);
}

int ovx_nl_put_stats(struct sk_buff *skb, int attr,
		     struct ovx_pcpu_stats __percpu *pcpu)
{
	struct ovx_stats sum;

	ovx_stats_fold(pcpu, &sum);
	return ovx_nl_put_sum(skb, attr, &sum);
}

static int ovx_nl_put_stats64(struct sk_buff *skb, int attr,
			      const struct rtnl_link_stats64 *st)
{
	struct ovx_stats sum = {
		.rx_packets = st->rx_packets, .rx_bytes = st->rx_bytes,
		.tx_packets = st->tx_packets, .tx_bytes = st->tx_bytes,
		.rx_dropped = st->rx_dropped, .tx_dropped = st->tx_dropped,
	};

	return ovx_nl_put_sum(skb, attr, &sum);
}

static int ovx_nl_put_drops(struct sk_buff *skb, int attr,
			    struct ovx_pcpu_drops __percpu *pcpu)
{
	struct nlattr *nest;
	u64 sum[OVX_DROP_MAX];
	int i;

	BUILD_BUG_ON(OVX_A_DROPS_TUNNEL_SHORT + OVX_DROP_MAX - 1 !=
		     OVX_A_DROPS_MAX);
	BUILD_BUG_ON(OVX_A_DROPS_TUNNEL_SHORT + OVX_DROP_NO_ROUTE !=
		     OVX_A_DROPS_NO_ROUTE);
	ovx_drops_fold(pcpu, sum);
	nest = nla_nest_start(skb, attr);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < OVX_DROP_MAX; i++) {
		if (nla_put_u64_64bit(skb, OVX_A_DROPS_TUNNEL_SHORT + i, sum[i],
				      OVX_A_DROPS_PAD)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* Called with RTNL or rcu_read_lock held, so @ovx cannot go away. */
static int ovx_nl_switch_fill(struct sk_buff *skb, struct ovx_dev *ovx,
			      u32 portid, u32 seq, int flags,
			      struct netlink_callback *cb)
{
	const struct ovx_dev_cfg *cfg = &ovx->cfg;
	unsigned int inner_mtu, underlay_mtu;
	struct rtnl_link_stats64 st;
	char ifname[IFNAMSIZ];
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &ovx_nl_family, flags,
			  OVX_CMD_SWITCH_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);

	ovx_dev_name_copy(ifname, ovx->dev);
	if (nla_put_u32(skb, OVX_A_SWITCH_IFINDEX, ovx->dev->ifindex) ||
	    nla_put_string(skb, OVX_A_SWITCH_IFNAME, ifname))
		goto err;
	if (cfg->local.family == AF_INET6) {
		if (nla_put_in6_addr(skb, OVX_A_SWITCH_LOCAL6, &cfg->local.ip6))
			goto err;
	} else if (nla_put_in_addr(skb, OVX_A_SWITCH_LOCAL4, cfg->local.ip4)) {
		goto err;
	}
	if (nla_put_be16(skb, OVX_A_SWITCH_PORT, cfg->port) ||
	    nla_put_u8(skb, OVX_A_SWITCH_TTL, cfg->ttl) ||
	    nla_put_u8(skb, OVX_A_SWITCH_TOS, cfg->tos) ||
	    nla_put_u8(skb, OVX_A_SWITCH_DF, cfg->df) ||
	    nla_put_u32(skb, OVX_A_SWITCH_ENCAP, cfg->encap) ||
	    nla_put_u8(skb, OVX_A_SWITCH_UDP_ZERO_CSUM6_TX,
		       cfg->udp_zero_csum6_tx) ||
	    nla_put_u8(skb, OVX_A_SWITCH_UDP_ZERO_CSUM6_RX,
		       cfg->udp_zero_csum6_rx))
		goto err;

	dev_get_stats(ovx->dev, &st);
	if (ovx_nl_put_stats64(skb, OVX_A_SWITCH_STATS, &st) ||
	    ovx_nl_put_drops(skb, OVX_A_SWITCH_DROPS, ovx->drops))
		goto err;
	inner_mtu = ovx_pmtu_inner_mtu(ovx, &underlay_mtu);
	if (nla_put_u32(skb, OVX_A_SWITCH_OVERHEAD, ovx_encap_overhead(cfg)) ||
	    nla_put_u32(skb, OVX_A_SWITCH_UNDERLAY_MTU, underlay_mtu) ||
	    nla_put_u32(skb, OVX_A_SWITCH_INNER_MTU, inner_mtu) ||
	    ovx_nl_svc_dev_fill(skb, ovx))
		goto err;

	genlmsg_end(skb, hdr);
	return 0;
err:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

int ovx_nl_switch_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct ovx_dev *ovx;
	struct sk_buff *msg;
	int ifindex = 0;
	int err;

	if (!attrs[OVX_A_SWITCH_IFINDEX] && !attrs[OVX_A_SWITCH_IFNAME]) {
		NL_SET_ERR_MSG(info->extack,
				   "switch ifindex or ifname is required");
		return -EINVAL;
	}
	if (attrs[OVX_A_SWITCH_IFINDEX])
		ifindex = nla_get_u32(attrs[OVX_A_SWITCH_IFINDEX]);

	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	rcu_read_lock();
	ovx = ovx_dev_lookup_rcu(genl_info_net(info), ifindex,
				 attrs[OVX_A_SWITCH_IFNAME] ?
				 nla_data(attrs[OVX_A_SWITCH_IFNAME]) : NULL,
				 info->extack);
	if (IS_ERR(ovx))
		err = PTR_ERR(ovx);
	else
		err = ovx_nl_switch_fill(msg, ovx, info->snd_portid,
					 info->snd_seq, 0, NULL);
	rcu_read_unlock();
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

int ovx_nl_switch_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	long skip = cb->args[0], idx = 0;
	struct net_device *dev;
	int err = 0;

	rcu_read_lock();
	cb->seq = READ_ONCE(net->dev_base_seq);
	for_each_netdev_rcu(net, dev) {
		struct ovx_dev *ovx = ovx_dev_from_netdev(dev);

		if (!ovx)
			continue;
		if (idx++ < skip)
			continue;
		err = ovx_nl_switch_fill(skb, ovx, NETLINK_CB(cb->skb).portid,
					 cb->nlh->nlmsg_seq, NLM_F_MULTI, cb);
		if (err) {
			idx--;
			break;
		}
	}
	rcu_read_unlock();
	cb->args[0] = idx;

	/* A full skb ends this round; the dump resumes at entry idx. */
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}

/*
 * The generated table with what its per-op form cannot say: the peer dump
 * and router dumps size their skbs before the first round (see
 * ovx_nl_peer_get_dumpstart()).
 */
static struct genl_ops ovx_nl_ops_rt[ARRAY_SIZE(ovx_nl_ops)] __ro_after_init;

/*
 * packet-send's policy as the spec means it.  The 6.12 generator writes a
 * binary attribute with min-len as { .len = N }, an NLA_UNSPEC entry,
 * which strict validation (every op of ours) refuses whatever its length:
 * the frame gets a real binary type, and the handler checks its minimum
 * (a short frame is -EINVAL, as the other refusals of a frame's content).
 */
static const struct nla_policy ovx_nl_packet_send_policy_rt[] = {
	[OVX_A_PACKET_SWITCH_IFINDEX] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &ovx_a_packet_switch_ifindex_range),
	[OVX_A_PACKET_PORT_IFINDEX] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &ovx_a_packet_port_ifindex_range),
	[OVX_A_PACKET_FRAME] = { .type = NLA_BINARY },
};

struct genl_family ovx_nl_family __ro_after_init = {
	.name		= OVX_FAMILY_NAME,
	.version	= OVX_FAMILY_VERSION,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.ops		= ovx_nl_ops_rt,
	.n_ops		= ARRAY_SIZE(ovx_nl_ops),
	/* Every command is new: reserved header bytes must be zero. */
	.resv_start_op	= OVX_CMD_SWITCH_GET,
	.mcgrps		= ovx_nl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(ovx_nl_mcgrps),
};

int ovx_netlink_init(void)
{
	int i, err;

	BUILD_BUG_ON(ARRAY_SIZE(ovx_nl_packet_send_policy_rt) !=
		     ARRAY_SIZE(ovx_packet_send_nl_policy));
	memcpy(ovx_nl_ops_rt, ovx_nl_ops, sizeof(ovx_nl_ops));
	for (i = 0; i < ARRAY_SIZE(ovx_nl_ops_rt); i++)
		if (ovx_nl_ops_rt[i].cmd == OVX_CMD_PEER_GET)
			ovx_nl_ops_rt[i].start = ovx_nl_peer_get_dumpstart;
		else if (ovx_nl_ops_rt[i].cmd == OVX_CMD_ROUTER_GET)
			ovx_nl_ops_rt[i].start = ovx_nl_router_get_dumpstart;
		else if (ovx_nl_ops_rt[i].cmd == OVX_CMD_PACKET_SEND)
			ovx_nl_ops_rt[i].policy = ovx_nl_packet_send_policy_rt;
	err = genl_register_family(&ovx_nl_family);
	if (err)
		return err;
	/* Listeners whose socket closes are forgotten (see service.c). */
	err = ovx_service_init();
	if (err)
		genl_unregister_family(&ovx_nl_family);
	return err;
}

void ovx_netlink_uninit(void)
{
	/* Waits for a notifier call in progress: none is left to run. */
	ovx_service_uninit();
	genl_unregister_family(&ovx_nl_family);
}
