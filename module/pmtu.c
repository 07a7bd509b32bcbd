// SPDX-License-Identifier: GPL-2.0-only
/*
 * ovx: frames that do not fit the underlay once encapsulated.  A guest's
 * path MTU discovery must converge over the overlay as it would through a
 * router: a packet that may not be fragmented (IPv4 with DF, any IPv6) is
 * answered with an ICMP "fragmentation needed" or ICMPv6 "packet too big"
 * carrying the MTU that fits, delivered to the guest's own port.
 */

#include <linux/etherdevice.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <net/addrconf.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <uapi/linux/ovx.h>

#include "compat.h"
#include "encap.h"
#include "forward.h"
#include "ovx.h"
#include "pmtu.h"

/* An ICMP error quotes as much of the packet as fits in the minimum MTU. */
#define OVX_ICMP4_QUOTE		(576 - sizeof(struct iphdr) - sizeof(struct icmphdr))
#define OVX_ICMP6_QUOTE		(IPV6_MIN_MTU - sizeof(struct ipv6hdr) - \
				 sizeof(struct icmp6hdr))

/* Whether @skb (data at its Ethernet header) fits in @frame_max bytes. */
bool ovx_pmtu_frame_fits(const struct sk_buff *skb, unsigned int frame_max)
{
	if (skb_is_gso(skb))
		return skb_gso_validate_mac_len(skb, frame_max);
	return skb->len <= frame_max;
}

/*
 * A reply to the guest behind @in, from the address it wrote to: @r holds
 * the IP packet; the Ethernet header swaps the original's addresses.
 */
static void ovx_pmtu_send(struct ovx_port *in, const struct sk_buff *skb,
			  struct sk_buff *r, __be16 proto)
{
	const struct ethhdr *oeth = eth_hdr(skb);
	struct ethhdr *eth;

	skb_reset_network_header(r);
	eth = skb_push(r, ETH_HLEN);
	skb_reset_mac_header(r);
	ether_addr_copy(eth->h_dest, oeth->h_source);
	ether_addr_copy(eth->h_source, oeth->h_dest);
	eth->h_proto = proto;
	r->protocol = proto;
	ovx_port_xmit(in, r);
}

static struct sk_buff *ovx_pmtu_alloc(const struct sk_buff *skb,
				      unsigned int hdrs, unsigned int quote)
{
	struct sk_buff *r;

	r = alloc_skb(NET_IP_ALIGN + ETH_HLEN + hdrs + quote, GFP_ATOMIC);
	if (!r)
		return NULL;
	skb_reserve(r, NET_IP_ALIGN + ETH_HLEN + hdrs);
	if (skb_copy_bits(skb, ETH_HLEN, skb_put(r, quote), quote)) {
		kfree_skb(r);
		return NULL;
	}
	return r;
}

static void ovx_pmtu_icmp4(struct ovx_port *in, struct sk_buff *skb,
			   unsigned int mtu)
{
	const struct iphdr *iph = ip_hdr(skb);
	unsigned int quote;
	struct icmphdr *ih;
	struct iphdr *niph;
	struct sk_buff *r;

	/* Never about a later fragment, a broadcast, or an ICMP error. */
	if (iph->ihl < 5 || (iph->frag_off & htons(IP_OFFSET)) ||
	    ipv4_is_multicast(iph->daddr) || ipv4_is_lbcast(iph->daddr) ||
	    ipv4_is_zeronet(iph->saddr) || ipv4_is_multicast(iph->saddr))
		return;
	if (iph->protocol == IPPROTO_ICMP) {
		const struct icmphdr *oih;

		if (!pskb_may_pull(skb, ETH_HLEN + iph->ihl * 4 + sizeof(*oih)))
			return;
		iph = ip_hdr(skb);
		oih = (const void *)((const u8 *)iph + iph->ihl * 4);
		if (icmp_is_err(oih->type))
			return;
	}
	if (!__ratelimit(&in->icmp_rs))
		return;
	quote = min_t(unsigned int, skb->len - ETH_HLEN, OVX_ICMP4_QUOTE);
	r = ovx_pmtu_alloc(skb, sizeof(*niph) + sizeof(*ih), quote);
	if (!r)
		return;
	ih = skb_push(r, sizeof(*ih));
	memset(ih, 0, sizeof(*ih));
	ih->type = ICMP_DEST_UNREACH;
	ih->code = ICMP_FRAG_NEEDED;
	ih->un.frag.mtu = htons(mtu);
	ih->checksum = csum_fold(csum_partial(ih, r->len, 0));

	niph = skb_push(r, sizeof(*niph));
	memset(niph, 0, sizeof(*niph));
	niph->version = 4;
	niph->ihl = sizeof(*niph) / 4;
	niph->tot_len = htons(r->len);
	niph->ttl = IPDEFTTL;
	niph->protocol = IPPROTO_ICMP;
	niph->saddr = iph->daddr;
	niph->daddr = iph->saddr;
	ip_send_check(niph);
	ovx_pmtu_send(in, skb, r, htons(ETH_P_IP));
}

/*
 * Whether the IPv6 packet in @skb may get an error back (RFC 4443, 2.4):
 * not if it is an ICMPv6 error itself, wherever its extension headers put
 * the ICMPv6 header, nor if it is a later fragment.
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
	/* Headers that end outside the packet: not worth an answer. */
	if (off < 0)
		return false;
	if (frag_off & htons(IP6_OFFSET))
		return false;
	if (nexthdr != IPPROTO_ICMPV6)
		return true;
	oih = skb_header_pointer(skb, off, sizeof(_oih), &_oih);
	return oih && (oih->icmp6_type & ICMPV6_INFOMSG_MASK);
}

static void ovx_pmtu_icmp6(struct ovx_port *in, struct sk_buff *skb,
			   unsigned int mtu)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	struct ipv6hdr *nip6h;
	struct icmp6hdr *ih;
	unsigned int quote;
	struct sk_buff *r;

	/*
	 * The reply comes from the address the guest wrote to, which must be
	 * unicast (RFC 4443, 2.2): a multicast packet gets no reply.
	 */
	if (ipv6_addr_any(&ip6h->saddr) || ipv6_addr_is_multicast(&ip6h->saddr) ||
	    ipv6_addr_is_multicast(&ip6h->daddr))
		return;
	if (!ovx_pmtu_icmp6_may_answer(skb))
		return;
	ip6h = ipv6_hdr(skb);
	if (!__ratelimit(&in->icmp_rs))
		return;
	quote = min_t(unsigned int, skb->len - ETH_HLEN, OVX_ICMP6_QUOTE);
	r = ovx_pmtu_alloc(skb, sizeof(*nip6h) + sizeof(*ih), quote);
	if (!r)
		return;
	ih = skb_push(r, sizeof(*ih));
	memset(ih, 0, sizeof(*ih));
	ih->icmp6_type = ICMPV6_PKT_TOOBIG;
	ih->icmp6_mtu = htonl(mtu);
	ih->icmp6_cksum = csum_ipv6_magic(&ip6h->daddr, &ip6h->saddr, r->len,
					  IPPROTO_ICMPV6,
					  csum_partial(ih, r->len, 0));

	nip6h = skb_push(r, sizeof(*nip6h));
	memset(nip6h, 0, sizeof(*nip6h));
	ip6_flow_hdr(nip6h, 0, 0);
	nip6h->payload_len = htons(r->len - sizeof(*nip6h));
	nip6h->nexthdr = IPPROTO_ICMPV6;
	nip6h->hop_limit = IPDEFTTL;
	nip6h->saddr = ip6h->daddr;
	nip6h->daddr = ip6h->saddr;
	ovx_pmtu_send(in, skb, r, htons(ETH_P_IPV6));
}

/**
 * ovx_pmtu_may_fragment() - decide about a frame too big for the underlay
 * @ovx: the switch
 * @in: the port it came in on
 * @skb: the frame, data at its Ethernet header
 * @mtu: the largest inner IP packet that fits
 *
 * Called in softirq context.  Answers the sender with an ICMP error when
 * the inner packet must not be fragmented (IPv4 with DF, IPv6).
 *
 * Return: true if the outer packet may be fragmented instead, false if
 * the frame must be dropped.
 */
bool ovx_pmtu_may_fragment(const struct ovx_dev *ovx, struct ovx_port *in,
			   struct sk_buff *skb, unsigned int mtu)
{
	/*
	 * The reply's source MAC is the address the guest wrote to: to a
	 * group address there is no one to answer from.  The frame is
	 * treated as if no answer were due.
	 */
	bool answer = !is_multicast_ether_addr(eth_hdr(skb)->h_dest);

	switch (skb->protocol) {
	case htons(ETH_P_IP):
		if (!pskb_may_pull(skb, ETH_HLEN + sizeof(struct iphdr)))
			return false;
		if (!(ip_hdr(skb)->frag_off & htons(IP_DF)))
			break;
		if (answer)
			ovx_pmtu_icmp4(in, skb, mtu);
		return false;
	case htons(ETH_P_IPV6):
		if (!pskb_may_pull(skb, ETH_HLEN + sizeof(struct ipv6hdr)))
			return false;
		/* IPv6 has no DF: it never expects a router to fragment. */
		if (mtu >= IPV6_MIN_MTU) {
			if (answer)
				ovx_pmtu_icmp6(in, skb, mtu);
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
