// SPDX-License-Identifier: GPL-2.0-only
/*
 * ovx: ARP requests and IPv6 neighbour solicitations from local guests,
 * answered on this host from the network's bindings, so that address
 * resolution need not cross the underlay.  Softirq context, under
 * rcu_read_lock, like the rest of the datapath.
 *
 * Only what the bindings can answer is taken: broadcast ARP requests for
 * a bound IPv4 address and multicast solicitations for a bound IPv6
 * address.  Gratuitous ARP, replies and advertisements flood as before
 * (other hosts' guests need them after a move), and unicast requests
 * (a guest checking a neighbour it already knows) go to that neighbour.
 * A malformed ARP or ND packet is dropped and counted: it is never
 * answered, nor passed to other guests.
 */

#include <linux/etherdevice.h>
#include <linux/icmpv6.h>
#include <linux/if_arp.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <net/addrconf.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <net/ndisc.h>

#include "arp_nd.h"
#include "forward.h"
#include "neigh.h"
#include "ovx.h"

/* The body of an ARP packet for IPv4 over Ethernet, after struct arphdr. */
struct ovx_arp_eth {
	u8 sha[ETH_ALEN];
	__be32 sip;
	u8 tha[ETH_ALEN];
	__be32 tip;
} __packed;

enum ovx_res {
	OVX_RES_PASS,		/* not a request for us: forward it */
	OVX_RES_DONE,		/* answered (or known to need no answer) */
	OVX_RES_UNKNOWN,	/* a request for an address with no binding */
	OVX_RES_BAD_ARP,	/* malformed: drop and count */
	OVX_RES_BAD_ND,
};

static enum ovx_res ovx_arp_reply(struct ovx_network *n, struct ovx_port *in,
				  const struct ovx_arp_eth *req,
				  const u8 *req_src, const u8 *lladdr)
{
	struct ovx_arp_eth *body;
	struct sk_buff *skb;
	struct arphdr *arp;
	struct ethhdr *eth;

	skb = ovx_port_alloc_skb(in, ETH_HLEN + sizeof(*arp) + sizeof(*body));
	if (!skb) {
		ovx_drops_inc(n->ovx->drops, OVX_DROP_NO_MEMORY);
		return OVX_RES_DONE;
	}
	eth = skb_put(skb, ETH_HLEN);
	ether_addr_copy(eth->h_dest, req_src);
	ether_addr_copy(eth->h_source, lladdr);
	eth->h_proto = htons(ETH_P_ARP);
	skb_set_network_header(skb, ETH_HLEN);
	arp = skb_put(skb, sizeof(*arp));
	arp->ar_hrd = htons(ARPHRD_ETHER);
	arp->ar_pro = htons(ETH_P_IP);
	arp->ar_hln = ETH_ALEN;
	arp->ar_pln = 4;
	arp->ar_op = htons(ARPOP_REPLY);
	body = skb_put(skb, sizeof(*body));
	ether_addr_copy(body->sha, lladdr);
	body->sip = req->tip;
	ether_addr_copy(body->tha, req->sha);
	body->tip = req->sip;
	skb->protocol = htons(ETH_P_ARP);
	ovx_port_xmit(in, skb);
	return OVX_RES_DONE;
}

/*
 * The service settings whose addresses this host answers for: the
 * network's while no router is attached (with one, the gateway addresses
 * are the service addresses, answered as such).  Whenever service4 or
 * service6 is set, whether or not dhcp or dns is on: a guest configured
 * by hand may use the address too, and the answer costs nothing.
 */
static const struct ovx_net_svc *ovx_res_svc(struct ovx_network *n,
					     const struct ovx_rif *rif)
{
	return rif ? NULL : rcu_dereference(n->svc);
}

/* The MAC that answers for the service addresses: service-mac, or the switch's. */
static const u8 *ovx_res_svc_mac(struct ovx_network *n,
				 const struct ovx_net_svc *svc)
{
	return svc->has_mac ? svc->mac : n->ovx->dev->dev_addr;
}

/* Whether @eth is addressed to the service MAC (a unicast check of it). */
static bool ovx_res_to_service(struct ovx_network *n,
			       const struct ovx_net_svc *svc,
			       const struct ethhdr *eth)
{
	return svc && ether_addr_equal(eth->h_dest, ovx_res_svc_mac(n, svc));
}

/* Whether @eth is addressed to the router of @rif. */
static bool ovx_res_to_router(const struct ovx_rif *rif,
			      const struct ethhdr *eth)
{
	return rif && ether_addr_equal(eth->h_dest, rif->router->mac);
}

static enum ovx_res ovx_arp_rcv(struct ovx_network *n, struct ovx_rif *rif,
				struct ovx_port *in, struct sk_buff *skb)
{
	const struct ovx_net_svc *svc = ovx_res_svc(n, rif);
	const struct ovx_arp_eth *req;
	bool to_router, to_service;
	const struct arphdr *arp;
	const struct ethhdr *eth;
	struct ovx_neigh *e;
	struct in6_addr tip;

	if (!pskb_may_pull(skb, ETH_HLEN + sizeof(*arp)))
		return OVX_RES_BAD_ARP;
	arp = (const struct arphdr *)(skb->data + ETH_HLEN);
	/* Other hardware or protocols are none of the bindings' business. */
	if (arp->ar_hrd != htons(ARPHRD_ETHER) || arp->ar_pro != htons(ETH_P_IP))
		return OVX_RES_PASS;
	if (arp->ar_hln != ETH_ALEN || arp->ar_pln != sizeof(__be32))
		return OVX_RES_BAD_ARP;
	if (!pskb_may_pull(skb, ETH_HLEN + sizeof(*arp) + sizeof(*req)))
		return OVX_RES_BAD_ARP;
	arp = (const struct arphdr *)(skb->data + ETH_HLEN);
	req = (const struct ovx_arp_eth *)(arp + 1);
	eth = eth_hdr(skb);
	to_router = ovx_res_to_router(rif, eth);
	to_service = ovx_res_to_service(n, svc, eth);
	if (arp->ar_op != htons(ARPOP_REQUEST) ||
	    (!is_broadcast_ether_addr(eth->h_dest) && !to_router && !to_service))
		return OVX_RES_PASS;
	/* Gratuitous: an announcement every host's guests must see. */
	if (req->sip == req->tip)
		return OVX_RES_PASS;
	/* The gateway answers for itself, whether arp-suppress is on or not. */
	ipv6_addr_set_v4mapped(req->tip, &tip);
	if (rif && ovx_rif_has(rif, &tip))
		return ovx_arp_reply(n, in, req, eth->h_source, rif->router->mac);
	if (svc && svc->service4 && req->tip == svc->service4)
		return ovx_arp_reply(n, in, req, eth->h_source,
				     ovx_res_svc_mac(n, svc));
	if (to_router || to_service || !READ_ONCE(n->arp_suppress))
		return OVX_RES_PASS;
	e = ovx_neigh_lookup_rcu(n, &tip);
	if (!e)
		return OVX_RES_UNKNOWN;
	/* A guest probing its own address: nobody else has it. */
	if (ether_addr_equal(e->lladdr, eth->h_source))
		return OVX_RES_DONE;
	return ovx_arp_reply(n, in, req, eth->h_source, e->lladdr);
}

/*
 * Check the options of an ND message at @opt (@len bytes, all linear) and
 * find its source link-layer address option.  Return: false when they
 * are malformed (RFC 4861 4.6: no option of length 0, none past the end).
 */
static bool ovx_nd_opts(const u8 *opt, unsigned int len, const u8 **sllao)
{
	unsigned int olen;

	*sllao = NULL;
	while (len) {
		if (len < 2 || !opt[1])
			return false;
		olen = opt[1] << 3;
		if (olen > len)
			return false;
		if (opt[0] == ND_OPT_SOURCE_LL_ADDR) {
			/* Ethernet's is 8 bytes: type, length, address. */
			if (olen != 8)
				return false;
			*sllao = opt + 2;
		}
		opt += olen;
		len -= olen;
	}
	return true;
}

static enum ovx_res ovx_na_reply(struct ovx_network *n, struct ovx_port *in,
				 const struct ipv6hdr *req_ip,
				 const struct nd_msg *ns, const u8 *req_src,
				 const u8 *lladdr, bool router)
{
	unsigned int len = sizeof(struct nd_msg) + 8;
	bool dad = ipv6_addr_any(&req_ip->saddr);
	struct ipv6hdr *ip6;
	struct sk_buff *skb;
	struct ethhdr *eth;
	struct nd_msg *na;
	u8 *opt;

	skb = ovx_port_alloc_skb(in, ETH_HLEN + sizeof(*ip6) + len);
	if (!skb) {
		ovx_drops_inc(n->ovx->drops, OVX_DROP_NO_MEMORY);
		return OVX_RES_DONE;
	}
	eth = skb_put(skb, ETH_HLEN);
	ether_addr_copy(eth->h_source, lladdr);
	eth->h_proto = htons(ETH_P_IPV6);
	skb_set_network_header(skb, ETH_HLEN);
	ip6 = skb_put(skb, sizeof(*ip6));
	ip6_flow_hdr(ip6, 0, 0);
	ip6->payload_len = htons(len);
	ip6->nexthdr = IPPROTO_ICMPV6;
	ip6->hop_limit = 255;
	ip6->saddr = ns->target;
	/*
	 * A duplicate address check (from ::) is told of the conflict on
	 * all-nodes, unsolicited (RFC 4861 7.2.4).
	 */
	if (dad) {
		ipv6_addr_set(&ip6->daddr, htonl(0xff020000), 0, 0, htonl(1));
		ipv6_eth_mc_map(&ip6->daddr, eth->h_dest);
	} else {
		ip6->daddr = req_ip->saddr;
		ether_addr_copy(eth->h_dest, req_src);
	}
	skb_set_transport_header(skb, ETH_HLEN + sizeof(*ip6));
	na = skb_put_zero(skb, len);
	na->icmph.icmp6_type = NDISC_NEIGHBOUR_ADVERTISEMENT;
	na->icmph.icmp6_router = router;
	na->icmph.icmp6_solicited = !dad;
	na->icmph.icmp6_override = 1;
	na->target = ns->target;
	opt = na->opt;
	opt[0] = ND_OPT_TARGET_LL_ADDR;
	opt[1] = 1;
	ether_addr_copy(opt + 2, lladdr);
	na->icmph.icmp6_cksum = csum_ipv6_magic(&ip6->saddr, &ip6->daddr, len,
						IPPROTO_ICMPV6,
						csum_partial(na, len, 0));
	skb->protocol = htons(ETH_P_IPV6);
	ovx_port_xmit(in, skb);
	return OVX_RES_DONE;
}

/* Whether the ICMPv6 checksum of the linear message at @off holds. */
static bool ovx_nd_csum_ok(struct sk_buff *skb, const struct ipv6hdr *ip6,
			   unsigned int off, unsigned int len)
{
	/* The guest left it to offload: nothing to check yet. */
	if (skb->ip_summed == CHECKSUM_PARTIAL)
		return true;
	return !csum_ipv6_magic(&ip6->saddr, &ip6->daddr, len, IPPROTO_ICMPV6,
				csum_partial(skb->data + off, len, 0));
}

static enum ovx_res ovx_nd_rcv(struct ovx_network *n, struct ovx_rif *rif,
			       struct ovx_port *in, struct sk_buff *skb)
{
	const unsigned int off = ETH_HLEN + sizeof(struct ipv6hdr);
	const struct ovx_net_svc *svc = ovx_res_svc(n, rif);
	const struct ipv6hdr *ip6;
	const struct nd_msg *msg;
	const struct ethhdr *eth;
	struct ovx_neigh *e;
	unsigned int len;
	const u8 *sllao;
	u8 type;

	/* Anything else IPv6 goes on untouched: the receiver judges it. */
	if (!pskb_may_pull(skb, off + sizeof(struct icmp6hdr)))
		return OVX_RES_PASS;
	ip6 = (const struct ipv6hdr *)(skb->data + ETH_HLEN);
	if (ip6->version != 6 || ip6->nexthdr != IPPROTO_ICMPV6)
		return OVX_RES_PASS;
	type = ((const struct icmp6hdr *)(skb->data + off))->icmp6_type;
	if (type != NDISC_NEIGHBOUR_SOLICITATION &&
	    type != NDISC_NEIGHBOUR_ADVERTISEMENT)
		return OVX_RES_PASS;

	/* Neighbour discovery: RFC 4861 7.1.1 and 7.1.2, checked whole. */
	len = ntohs(ip6->payload_len);
	if (len < sizeof(*msg) || off + len > skb->len ||
	    !pskb_may_pull(skb, off + len))
		return OVX_RES_BAD_ND;
	ip6 = (const struct ipv6hdr *)(skb->data + ETH_HLEN);
	msg = (const struct nd_msg *)(skb->data + off);
	if (ip6->hop_limit != 255 || msg->icmph.icmp6_code ||
	    ipv6_addr_is_multicast(&msg->target) ||
	    !ovx_nd_csum_ok(skb, ip6, off, len) ||
	    !ovx_nd_opts(msg->opt, len - sizeof(*msg), &sllao))
		return OVX_RES_BAD_ND;
	if (type == NDISC_NEIGHBOUR_ADVERTISEMENT) {
		if (ipv6_addr_is_multicast(&ip6->daddr) &&
		    msg->icmph.icmp6_solicited)
			return OVX_RES_BAD_ND;
		return OVX_RES_PASS;
	}
	if (ipv6_addr_any(&ip6->saddr) && sllao)
		return OVX_RES_BAD_ND;

	eth = eth_hdr(skb);
	if (!is_multicast_ether_addr(eth->h_dest) && !ovx_res_to_router(rif, eth) &&
	    !ovx_res_to_service(n, svc, eth))
		return OVX_RES_PASS;
	if (rif && ovx_rif_has(rif, &msg->target))
		return ovx_na_reply(n, in, ip6, msg, eth->h_source,
				    rif->router->mac, true);
	if (svc && !ipv6_addr_any(&svc->service6) &&
	    ipv6_addr_equal(&msg->target, &svc->service6))
		return ovx_na_reply(n, in, ip6, msg, eth->h_source,
				    ovx_res_svc_mac(n, svc), false);
	if (ovx_res_to_router(rif, eth) || ovx_res_to_service(n, svc, eth) ||
	    !READ_ONCE(n->arp_suppress))
		return OVX_RES_PASS;
	e = ovx_neigh_lookup_rcu(n, &msg->target);
	if (!e)
		return OVX_RES_UNKNOWN;
	if (ether_addr_equal(e->lladdr, eth->h_source))
		return OVX_RES_DONE;
	return ovx_na_reply(n, in, ip6, msg, eth->h_source, e->lladdr, false);
}

static void ovx_res_drop(struct ovx_network *n, struct ovx_port *in,
			 struct sk_buff *skb, enum ovx_drop_reason reason)
{
	ovx_drops_inc(n->ovx->drops, reason);
	ovx_stats_drop(in->stats, true);
	ovx_stats_drop(n->stats, true);
	kfree_skb(skb);
}

/**
 * ovx_arp_nd_rcv() - answer address resolution from a guest locally
 * @n: the network, with arp-suppress on or a router interface
 * @rif: that router interface, or NULL
 * @in: the port the frame came in on
 * @skb: the frame, data at its Ethernet header, ethertype ARP or IPv6
 *
 * Return: true when @skb was consumed (answered, or dropped and counted);
 * false when it goes on as any frame: not a request the bindings answer,
 * or one for an unknown address in a network that floods those.
 */
bool ovx_arp_nd_rcv(struct ovx_network *n, struct ovx_rif *rif,
		    struct ovx_port *in, struct sk_buff *skb)
{
	enum ovx_res res;

	if (eth_hdr(skb)->h_proto == htons(ETH_P_ARP))
		res = ovx_arp_rcv(n, rif, in, skb);
	else
		res = ovx_nd_rcv(n, rif, in, skb);

	switch (res) {
	case OVX_RES_PASS:
		return false;
	case OVX_RES_DONE:
		ovx_stats_arp_suppressed(n->stats);
		consume_skb(skb);
		return true;
	case OVX_RES_UNKNOWN:
		if (READ_ONCE(n->flood_unknown))
			return false;
		ovx_res_drop(n, in, skb, OVX_DROP_UNANSWERED_RESOLUTION);
		return true;
	case OVX_RES_BAD_ARP:
		ovx_res_drop(n, in, skb, OVX_DROP_BAD_ARP);
		return true;
	case OVX_RES_BAD_ND:
		ovx_res_drop(n, in, skb, OVX_DROP_BAD_ND);
		return true;
	}
	return false;
}
