// SPDX-License-Identifier: GPL-2.0-only
/*
 * ovx: frames that do not fit the underlay once encapsulated.  A guest's
 * path MTU discovery must converge over the overlay as it would through a
 * router: a packet that may not be fragmented (IPv4 with DF, any IPv6) is
 * answered with an ICMP "fragmentation needed" or ICMPv6 "packet too big"
 * carrying the MTU that fits, delivered to the guest's own port.
 */

#include <linux/etherdevice.h>
#include <linux/icmpv6.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/ratelimit.h>
#include <linux/skbuff.h>
#include <net/addrconf.h>
#include <net/ip.h>
#include <net/ip_tunnels.h>
#include <net/ipv6.h>
#include <uapi/linux/ovx.h>

#include "compat.h"
#include "encap.h"
#include "forward.h"
#include "ovx.h"
#include "pmtu.h"

/*
 * The smallest datagram every IPv4 host must accept (RFC 791): the
 * kernel's helper sends no "fragmentation needed" with an MTU below it.
 */
#define OVX_PMTU_MIN_MTU4	576

/* Whether @skb (data at its Ethernet header) fits in @frame_max bytes. */
bool ovx_pmtu_frame_fits(const struct sk_buff *skb, unsigned int frame_max)
{
	if (skb_is_gso(skb))
		return skb_gso_validate_mac_len(skb, frame_max);
	return skb->len <= frame_max;
}

/*
 * Answer the guest behind @in with the ICMP error for @skb, which is
 * dropped: the kernel's helper for bridged UDP tunnels decides whether an
 * error is due (never about an error, a later fragment, or from a group
 * address; it finds ICMPv6 behind extension headers) and turns its own
 * copy of the frame into it.  A group MAC destination gets no answer: the
 * error's source MAC would be that group.
 */
static void ovx_pmtu_reply(struct ovx_port *in, struct sk_buff *skb,
			   struct dst_entry *dst, unsigned int headroom)
{
	struct sk_buff *r;

	/*
	 * The bucket first: a guest that keeps sending too big costs a
	 * copy only for the errors it may still get.
	 */
	if (is_multicast_ether_addr(eth_hdr(skb)->h_dest) ||
	    !__ratelimit(&in->icmp_rs))
		return;
	/*
	 * The helper writes the reply over the frame's head and resets its
	 * GSO state: a copy with a head of its own, not a clone, since the
	 * frame may share its head with the other copies of a flood.
	 */
	r = pskb_copy(skb, GFP_ATOMIC);
	if (!r)
		return;
	if (skb_tunnel_check_pmtu(r, dst, headroom, true) <= 0) {
		kfree_skb(r);
		return;
	}
	r->protocol = eth_hdr(r)->h_proto;
	ovx_port_xmit(in, r);
}

/*
 * Whether the IPv6 packet in @skb may get an error back (RFC 4443, 2.4):
 * not if it is an ICMPv6 error itself, wherever extension headers put the
 * ICMPv6 header, nor if it is a later fragment.  The kernel's helper checks
 * this too, but (6.1 to 6.12 at least) walks the extension headers from
 * 40 bytes into the skb's data, which for a bridged tunnel is the Ethernet
 * header: behind extension headers it finds garbage, and answers errors.
 */
static bool ovx_pmtu_icmp6_may_answer(struct sk_buff *skb)
{
	int off = ETH_HLEN + sizeof(struct ipv6hdr);
	const struct icmp6hdr *oih;
	struct icmp6hdr _oih;
	__be16 frag_off;
	u8 nexthdr;

	nexthdr = ipv6_hdr(skb)->nexthdr;
	off = ipv6_skip_exthdr(skb, off, &nexthdr, &frag_off);
	if (off < 0 || (frag_off & htons(IP6_OFFSET)))
		return false;
	if (nexthdr != IPPROTO_ICMPV6)
		return true;
	oih = skb_header_pointer(skb, off, sizeof(_oih), &_oih);
	return oih && (oih->icmp6_type & ICMPV6_INFOMSG_MASK);
}

/**
 * ovx_pmtu_may_fragment() - decide about a frame too big for the underlay
 * @ovx: the switch
 * @in: the port it came in on
 * @skb: the frame, data at its Ethernet header
 * @dst: the route to the peer
 * @headroom: what encapsulation adds in front of the inner IP packet
 *
 * Called in softirq context.  Answers the sender with an ICMP error when
 * the inner packet must not be fragmented (IPv4 with DF, IPv6), at most
 * OVX_PMTU_ICMP_BURST a second per port.
 *
 * Return: true if the outer packet may be fragmented instead, false if
 * the frame must be dropped.
 */
bool ovx_pmtu_may_fragment(const struct ovx_dev *ovx, struct ovx_port *in,
			   struct sk_buff *skb, struct dst_entry *dst,
			   unsigned int headroom)
{
	unsigned int mtu = dst_mtu(dst) - headroom;

	switch (skb->protocol) {
	case htons(ETH_P_IP):
		if (!pskb_may_pull(skb, ETH_HLEN + sizeof(struct iphdr)))
			return false;
		/*
		 * Below IPv4's minimum MTU no error is due, as below IPv6's:
		 * the kernel's helper sends none, and a guest would not go
		 * under 552 anyway.  The outer packet is fragmented instead,
		 * if the switch allows it.
		 */
		if (!(ip_hdr(skb)->frag_off & htons(IP_DF)) ||
		    mtu < OVX_PMTU_MIN_MTU4)
			break;
		ovx_pmtu_reply(in, skb, dst, headroom);
		return false;
	case htons(ETH_P_IPV6):
		if (!pskb_may_pull(skb, ETH_HLEN + sizeof(struct ipv6hdr)))
			return false;
		/* IPv6 has no DF: it never expects a router to fragment. */
		if (mtu >= IPV6_MIN_MTU) {
			if (ovx_pmtu_icmp6_may_answer(skb))
				ovx_pmtu_reply(in, skb, dst, headroom);
			return false;
		}
		break;
	}
	/* The switch's df setting says whether the underlay may fragment. */
	return ovx->cfg.local.family == AF_INET6 || ovx->cfg.df != OVX_DF_SET;
}

/**
 * ovx_pmtu_inner_mtu() - the largest inner IP packet the tunnel carries
 * @ovx: the switch
 * @underlay: set to the MTU of the device with the local address, or 0
 *
 * Called with RTNL or rcu_read_lock held.
 *
 * Return: that MTU, or 0 while no device has the local address.
 */
unsigned int ovx_pmtu_inner_mtu(struct ovx_dev *ovx, unsigned int *underlay)
{
	struct net *net = dev_net(ovx->dev);
	unsigned int overhead = ovx_encap_overhead(&ovx->cfg);
	struct net_device *dev;

	rcu_read_lock();
	if (ovx->cfg.local.family == AF_INET6)
		dev = ipv6_dev_find(net, &ovx->cfg.local.ip6, NULL);
	else
		dev = __ip_dev_find(net, ovx->cfg.local.ip4, false);
	*underlay = dev ? READ_ONCE(dev->mtu) : 0;
	rcu_read_unlock();
	return *underlay > overhead ? *underlay - overhead : 0;
}
