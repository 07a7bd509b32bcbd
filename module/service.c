// SPDX-License-Identifier: GPL-2.0-only
/*
 * ovx: the packet channel that serves guests.  A userspace daemon (ovxd)
 * answers DHCPv4, DHCPv6, router solicitations and DNS for the guests of
 * its host; the datapath recognises those frames at ingress from a local
 * port, hands them to the daemon's netlink socket (packet-upcall) and
 * never switches them: service frames do not leave the host.
 *
 * Only a switch with a listener does any of this, and only for the
 * services a network enables; without a listener a frame costs one read
 * (ovx_service_rcv() is called from ovx_forward()).  Each port has a token
 * bucket so that one guest cannot flood the daemon.
 *
 * Softirq context under rcu_read_lock, like the rest of the datapath,
 * except for the settings helpers (RTNL) and the netlink notifier.
 */

#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/udp.h>
#include <net/genetlink.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/ndisc.h>

#include "netlink.h"
#include "ovx.h"
#include "service.h"

#define OVX_SVC_PORT_DHCP4	67
#define OVX_SVC_PORT_DHCP6	547
#define OVX_SVC_PORT_DNS	53

void ovx_svc_dev_defaults(struct ovx_dev_svc *s)
{
	memset(s, 0, sizeof(*s));
	s->rate = OVX_SVC_RATE_DEFAULT;
	s->burst = OVX_SVC_BURST_DEFAULT;
}

void ovx_svc_net_defaults(struct ovx_net_svc *s)
{
	memset(s, 0, sizeof(*s));
	s->lease = OVX_SVC_LEASE_DEFAULT;
	s->plen4 = OVX_SVC_PLEN4_DEFAULT;
	s->plen6 = OVX_SVC_PLEN6_DEFAULT;
}

/* Called with RTNL or rcu_read_lock held: a copy of the current settings. */
void ovx_svc_dev_get(const struct ovx_dev *ovx, struct ovx_dev_svc *s)
{
	const struct ovx_dev_svc *cur = rcu_dereference_rtnl(ovx->svc);

	if (cur)
		*s = *cur;
	else
		ovx_svc_dev_defaults(s);
}

void ovx_svc_net_get(const struct ovx_network *n, struct ovx_net_svc *s)
{
	const struct ovx_net_svc *cur = rcu_dereference_rtnl(n->svc);

	if (cur)
		*s = *cur;
	else
		ovx_svc_net_defaults(s);
}

/* Called with RTNL held; takes @s, allocated with kmalloc and complete. */
void ovx_svc_dev_publish(struct ovx_dev *ovx, struct ovx_dev_svc *s)
{
	struct ovx_dev_svc *old = rtnl_dereference(ovx->svc);

	rcu_assign_pointer(ovx->svc, s);
	if (old)
		kfree_rcu(old, rcu);
}

void ovx_svc_net_publish(struct ovx_network *n, struct ovx_net_svc *s)
{
	struct ovx_net_svc *old = rtnl_dereference(n->svc);

	rcu_assign_pointer(n->svc, s);
	if (old)
		kfree_rcu(old, rcu);
}

void ovx_svc_sum_add(const struct ovx_svc_stats *st, struct ovx_svc_sum *sum)
{
	sum->upcalls += atomic64_read(&st->upcalls);
	sum->ratelimited += atomic64_read(&st->ratelimited);
	sum->unqueued += atomic64_read(&st->unqueued);
	sum->sent += atomic64_read(&st->sent);
}

/*
 * Whether @daddr is the network's service address: with a router attached,
 * its gateway addresses on the network; else service4.
 */
static bool ovx_svc_is_addr4(const struct ovx_net_svc *s,
			     const struct ovx_rif *rif, __be32 daddr)
{
	struct in6_addr a;

	if (rif) {
		ipv6_addr_set_v4mapped(daddr, &a);
		return ovx_rif_has(rif, &a);
	}
	return s->service4 && daddr == s->service4;
}

static bool ovx_svc_is_addr6(const struct ovx_net_svc *s,
			     const struct ovx_rif *rif,
			     const struct in6_addr *daddr)
{
	if (rif)
		return ovx_rif_has(rif, daddr);
	return !ipv6_addr_any(&s->service6) &&
	       ipv6_addr_equal(daddr, &s->service6);
}

/*
 * A service frame over IPv4: UDP to port 67 (any destination: requests
 * go to the broadcast address, renewals to the server), or to port 53 of
 * the service address.  A fragment other than the first has no UDP header
 * and is not one; the first is (the listener judges the datagram).
 */
static int ovx_svc_classify4(const struct ovx_net_svc *s,
			     const struct ovx_rif *rif, struct sk_buff *skb)
{
	const struct udphdr *udp;
	const struct iphdr *ip;
	unsigned int hl;

	if (!pskb_may_pull(skb, ETH_HLEN + sizeof(*ip)))
		return -1;
	ip = (const struct iphdr *)(skb->data + ETH_HLEN);
	if (ip->version != 4 || ip->ihl < 5 || ip->protocol != IPPROTO_UDP ||
	    (ip->frag_off & htons(IP_OFFSET)))
		return -1;
	hl = ip->ihl * 4;
	if (!pskb_may_pull(skb, ETH_HLEN + hl + sizeof(*udp)))
		return -1;
	ip = (const struct iphdr *)(skb->data + ETH_HLEN);
	udp = (const struct udphdr *)(skb->data + ETH_HLEN + hl);
	if (s->dhcp && udp->dest == htons(OVX_SVC_PORT_DHCP4))
		return OVX_SERVICE_DHCP4;
	if (s->dns && udp->dest == htons(OVX_SVC_PORT_DNS) &&
	    ovx_svc_is_addr4(s, rif, ip->daddr))
		return OVX_SERVICE_DNS;
	return -1;
}

/*
 * The same over IPv6, from the fixed header's next header only: a guest's
 * DHCPv6, RS or DNS query has no extension header, and one that adds some
 * is switched as any frame (walking them is not worth its cost here).
 */
static int ovx_svc_classify6(const struct ovx_net_svc *s,
			     const struct ovx_rif *rif, struct sk_buff *skb)
{
	const unsigned int off = ETH_HLEN + sizeof(struct ipv6hdr);
	const struct ipv6hdr *ip6;
	const struct udphdr *udp;
	u8 type;

	if (!pskb_may_pull(skb, off))
		return -1;
	ip6 = (const struct ipv6hdr *)(skb->data + ETH_HLEN);
	if (ip6->version != 6)
		return -1;
	if (ip6->nexthdr == IPPROTO_ICMPV6) {
		if (!s->dhcp || !pskb_may_pull(skb, off + sizeof(struct icmp6hdr)))
			return -1;
		type = ((const struct icmp6hdr *)(skb->data + off))->icmp6_type;
		return type == NDISC_ROUTER_SOLICITATION ? OVX_SERVICE_RS : -1;
	}
	if (ip6->nexthdr != IPPROTO_UDP || !pskb_may_pull(skb, off + sizeof(*udp)))
		return -1;
	ip6 = (const struct ipv6hdr *)(skb->data + ETH_HLEN);
	udp = (const struct udphdr *)(skb->data + off);
	if (s->dhcp && udp->dest == htons(OVX_SVC_PORT_DHCP6))
		return OVX_SERVICE_DHCP6;
	if (s->dns && udp->dest == htons(OVX_SVC_PORT_DNS) &&
	    ovx_svc_is_addr6(s, rif, &ip6->daddr))
		return OVX_SERVICE_DNS;
	return -1;
}

/*
 * Take a token from @p's bucket, refilled at @rate a second up to @burst.
 * The refill advances svc_last only by the time the whole tokens it added
 * took, so that no fraction is lost between frames.
 */
static bool ovx_svc_admit(struct ovx_port *p, u32 rate, u32 burst)
{
	u64 now = ktime_get_ns(), elapsed, add;
	bool ok;

	spin_lock(&p->svc_lock);
	elapsed = now - p->svc_last;
	/*
	 * Never used (svc_last 0: full, however recent the boot), or idle
	 * long enough to be full, which also keeps elapsed * rate small.
	 */
	if (!p->svc_last || elapsed >= div_u64((u64)burst * NSEC_PER_SEC, rate)) {
		p->svc_tokens = burst;
		p->svc_last = now;
	} else {
		add = div_u64(elapsed * rate, NSEC_PER_SEC);
		if (add) {
			p->svc_tokens = min_t(u64, p->svc_tokens + add, burst);
			p->svc_last += div_u64(add * NSEC_PER_SEC, rate);
		}
	}
	/* The burst may have shrunk since the bucket filled. */
	if (p->svc_tokens > burst)
		p->svc_tokens = burst;
	ok = p->svc_tokens > 0;
	if (ok)
		p->svc_tokens--;
	spin_unlock(&p->svc_lock);
	return ok;
}

/* The largest frame a netlink attribute holds (its length is 16 bits). */
#define OVX_SVC_FRAME_MAX	(U16_MAX - NLA_HDRLEN)

/* Hand @skb (data at its Ethernet header) to @portid; does not consume it. */
static int ovx_svc_upcall(struct ovx_network *n, struct ovx_port *in,
			  struct sk_buff *skb, int svc, u32 portid)
{
	struct ovx_dev *ovx = n->ovx;
	unsigned int len = skb->len;
	struct sk_buff *msg;
	struct nlattr *a;
	void *hdr;

	/*
	 * The listener gets the frame as the guest's stack would have put it
	 * on a wire: a checksum left to offload is filled in.  A GSO frame
	 * is no request: a listener answers datagrams one by one.
	 */
	if (skb_is_gso(skb) || len > OVX_SVC_FRAME_MAX)
		return -EMSGSIZE;
	if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb))
		return -EINVAL;
	msg = genlmsg_new(4 * nla_total_size(sizeof(u32)) +
			  nla_total_size(OVX_NAME_LEN) + nla_total_size(len),
			  GFP_ATOMIC);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put(msg, 0, 0, &ovx_nl_family, 0, OVX_CMD_PACKET_UPCALL);
	if (!hdr)
		goto err;
	if (nla_put_u32(msg, OVX_A_PACKET_SWITCH_IFINDEX, ovx->dev->ifindex) ||
	    nla_put_string(msg, OVX_A_PACKET_NET, n->name) ||
	    nla_put_u32(msg, OVX_A_PACKET_VNI, n->vni) ||
	    nla_put_u32(msg, OVX_A_PACKET_PORT_IFINDEX, in->dev->ifindex) ||
	    nla_put_u32(msg, OVX_A_PACKET_SERVICE, svc))
		goto err;
	a = nla_reserve(msg, OVX_A_PACKET_FRAME, len);
	if (!a || skb_copy_bits(skb, 0, nla_data(a), len))
		goto err;
	genlmsg_end(msg, hdr);
	/* Never blocks: a full receive queue is an error (-EAGAIN). */
	return genlmsg_unicast(dev_net(ovx->dev), msg, portid);
err:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

/**
 * ovx_service_rcv() - hand a service frame from a guest to the listener
 * @n: the network
 * @in: the port it came in on
 * @skb: the frame, data at its Ethernet header
 *
 * Called in softirq context under rcu_read_lock, for a frame from a local
 * port of a switch that had a listener.  Frames of a service the network
 * does not enable, and those with an 802.1Q tag (the guest put it back in
 * the frame: the ethertype is the tag's), are not service frames.
 *
 * Return: true when @skb was a service frame, and consumed (handed up, or
 * dropped and counted); false when it goes on as any frame (it may have
 * been pulled: the caller reads its headers again).
 */
bool ovx_service_rcv(struct ovx_network *n, struct ovx_port *in,
		     struct sk_buff *skb)
{
	const struct ovx_net_svc *s = rcu_dereference(n->svc);
	struct ovx_dev *ovx = n->ovx;
	const struct ovx_dev_svc *ds;
	u32 rate, burst, portid;
	int svc;

	if (!s || !(s->dhcp || s->dns))
		return false;
	switch (eth_hdr(skb)->h_proto) {
	case htons(ETH_P_IP):
		svc = ovx_svc_classify4(s, rcu_dereference(n->rif), skb);
		break;
	case htons(ETH_P_IPV6):
		svc = ovx_svc_classify6(s, rcu_dereference(n->rif), skb);
		break;
	default:
		return false;
	}
	if (svc < 0)
		return false;

	ds = rcu_dereference(ovx->svc);
	rate = ds ? ds->rate : OVX_SVC_RATE_DEFAULT;
	burst = ds ? ds->burst : OVX_SVC_BURST_DEFAULT;
	if (!ovx_svc_admit(in, rate, burst)) {
		atomic64_inc(&in->svc_stats.ratelimited);
		atomic64_inc(&n->svc_stats.ratelimited);
		kfree_skb(skb);
		return true;
	}
	/* The listener may have gone since the caller looked. */
	portid = READ_ONCE(ovx->listener);
	if (portid && !ovx_svc_upcall(n, in, skb, svc, portid)) {
		atomic64_inc(&in->svc_stats.upcalls);
		atomic64_inc(&n->svc_stats.upcalls);
		consume_skb(skb);
	} else {
		atomic64_inc(&in->svc_stats.unqueued);
		atomic64_inc(&n->svc_stats.unqueued);
		kfree_skb(skb);
	}
	return true;
}

/*
 * A listener's socket closed: it listens no more, on any switch of its
 * namespace.  Socket release runs in process context, possibly with locks
 * of its own held, so this takes none: the listener is a cmpxchg'd id.
 */
static int ovx_svc_netlink_event(struct notifier_block *nb,
				 unsigned long event, void *ptr)
{
	struct netlink_notify *nn = ptr;
	struct ovx_dev *ovx;

	if (event != NETLINK_URELEASE || nn->protocol != NETLINK_GENERIC ||
	    !nn->portid)
		return NOTIFY_DONE;
	rcu_read_lock();
	list_for_each_entry_rcu(ovx, &ovx_net(nn->net)->switches, list)
		cmpxchg(&ovx->listener, nn->portid, 0);
	rcu_read_unlock();
	return NOTIFY_DONE;
}

static struct notifier_block ovx_svc_netlink_notifier = {
	.notifier_call = ovx_svc_netlink_event,
};

int ovx_service_init(void)
{
	return netlink_register_notifier(&ovx_svc_netlink_notifier);
}

void ovx_service_uninit(void)
{
	netlink_unregister_notifier(&ovx_svc_netlink_notifier);
}
