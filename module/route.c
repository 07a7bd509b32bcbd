// SPDX-License-Identifier: GPL-2.0-only
/*
 * ovx: routing at the source host.  A frame from a local guest addressed
 * to its network's router MAC is routed here, in the ingress host: the
 * longest prefix match gives the egress network and the next hop, the
 * binding of the next hop its MAC and location, and the packet leaves by
 * the egress network's ordinary path (a local port, or the tunnel with
 * that network's VNI), so that it crosses the underlay once and the
 * destination host only switches it.  Frames from peers are never routed
 * (the source host did it).  Softirq context, under rcu_read_lock.
 *
 * Errors are answered as a router does (RFC 1812, RFC 4443), from the
 * gateway address of the ingress network, at most OVX_PMTU_ICMP_BURST a
 * second per port (the bucket PMTU errors use).
 */

#include <linux/etherdevice.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/ratelimit.h>
#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>

#include "compat.h"
#include "fdb.h"
#include "forward.h"
#include "netlink.h"
#include "ovx.h"
#include "pmtu.h"
#include "route.h"
#include "tunnel.h"

/* What a router error quotes of the offending packet, at most. */
#define OVX_ICMP4_QUOTE	(576 - sizeof(struct iphdr) - sizeof(struct icmphdr))
#define OVX_ICMP6_QUOTE	(IPV6_MIN_MTU - sizeof(struct ipv6hdr) - \
			 sizeof(struct icmp6hdr))

/* The packet being routed: what the steps below share. */
struct ovx_rpkt {
	struct ovx_network *n;		/* ingress network */
	struct ovx_rif *rif;		/* and its router interface */
	struct ovx_router *r;
	struct ovx_port *in;
	int family;
	struct in6_addr src, dst;	/* IPv4 v4-mapped */
	unsigned int len;		/* of the IP packet */
};

static void ovx_route_drop(struct ovx_rpkt *p, struct sk_buff *skb,
			   enum ovx_rdrop_reason reason)
{
	ovx_rdrops_inc(p->r, reason);
	ovx_stats_drop(p->r->stats, true);
	kfree_skb(skb);
}

/* Send @r (Ethernet header to fill) to the guest that sent @orig. */
static void ovx_route_reply(struct ovx_rpkt *p, const struct sk_buff *orig,
			    struct sk_buff *r, __be16 proto)
{
	struct ethhdr *eth = (struct ethhdr *)r->data;

	ether_addr_copy(eth->h_dest, eth_hdr(orig)->h_source);
	ether_addr_copy(eth->h_source, p->r->mac);
	eth->h_proto = proto;
	r->protocol = proto;
	ovx_port_xmit(p->in, r);
}

/*
 * An ICMP error about the IPv4 packet in @skb (RFC 1812 4.3.2): not about
 * an ICMP error, a later fragment, or a packet from a non-unicast source.
 */
static void ovx_icmp4_error(struct ovx_rpkt *p, struct sk_buff *skb, u8 type,
			    u8 code, u32 info)
{
	const struct iphdr *oip = (const struct iphdr *)(skb->data + ETH_HLEN);
	unsigned int quote = min_t(unsigned int, p->len, OVX_ICMP4_QUOTE);
	const struct ovx_rif_addr *gw;
	struct icmphdr *icmp;
	struct sk_buff *r;
	struct iphdr *ip;
	u8 *icmp_type, _t;

	if (oip->frag_off & htons(IP_OFFSET))
		return;
	if (oip->protocol == IPPROTO_ICMP) {
		icmp_type = skb_header_pointer(skb, ETH_HLEN + oip->ihl * 4,
					       1, &_t);
		if (!icmp_type || icmp_is_err(*icmp_type))
			return;
	}
	gw = ovx_rif_gateway(p->rif, AF_INET);
	if (!gw)
		return;
	if (!__ratelimit(&p->in->icmp_rs)) {
		ovx_rdrops_inc(p->r, OVX_RDROP_ICMP_RATELIMITED);
		return;
	}
	r = ovx_port_alloc_skb(p->in, ETH_HLEN + sizeof(*ip) + sizeof(*icmp) +
			    quote);
	if (!r)
		return;
	skb_put(r, ETH_HLEN);
	skb_set_network_header(r, ETH_HLEN);
	ip = skb_put(r, sizeof(*ip));
	icmp = skb_put(r, sizeof(*icmp));
	if (skb_copy_bits(skb, ETH_HLEN, skb_put(r, quote), quote)) {
		kfree_skb(r);
		return;
	}
	icmp->type = type;
	icmp->code = code;
	icmp->checksum = 0;
	icmp->un.gateway = htonl(info);
	icmp->checksum = csum_fold(csum_partial(icmp, sizeof(*icmp) + quote, 0));
	ip->version = 4;
	ip->ihl = 5;
	ip->tos = 0;
	ip->tot_len = htons(sizeof(*ip) + sizeof(*icmp) + quote);
	ip->id = 0;
	ip->frag_off = htons(IP_DF);
	ip->ttl = 64;
	ip->protocol = IPPROTO_ICMP;
	ip->saddr = gw->addr.s6_addr32[3];
	ip->daddr = oip->saddr;
	ip->check = 0;
	ip->check = ip_fast_csum(ip, ip->ihl);
	ovx_route_reply(p, skb, r, htons(ETH_P_IP));
}

/*
 * Whether the IPv6 packet in @skb may get an error (RFC 4443 2.4): not an
 * ICMPv6 error, wherever extension headers put it, nor a later fragment.
 */
static bool ovx_icmp6_may_answer(struct sk_buff *skb)
{
	int off = ETH_HLEN + sizeof(struct ipv6hdr);
	const struct ipv6hdr *ip6 = (const struct ipv6hdr *)(skb->data + ETH_HLEN);
	u8 nexthdr = ip6->nexthdr, *type, _t;
	__be16 frag_off;

	off = ipv6_skip_exthdr(skb, off, &nexthdr, &frag_off);
	if (off < 0 || (frag_off & htons(IP6_OFFSET)))
		return false;
	if (nexthdr != IPPROTO_ICMPV6)
		return true;
	type = skb_header_pointer(skb, off, 1, &_t);
	return type && (*type & ICMPV6_INFOMSG_MASK);
}

static void ovx_icmp6_error(struct ovx_rpkt *p, struct sk_buff *skb, u8 type,
			    u8 code, u32 info)
{
	unsigned int quote = min_t(unsigned int, p->len, OVX_ICMP6_QUOTE);
	const struct ovx_rif_addr *gw;
	struct icmp6hdr *icmp;
	struct ipv6hdr *ip6;
	struct sk_buff *r;
	unsigned int len;

	if (!ovx_icmp6_may_answer(skb))
		return;
	gw = ovx_rif_gateway(p->rif, AF_INET6);
	if (!gw)
		return;
	if (!__ratelimit(&p->in->icmp_rs)) {
		ovx_rdrops_inc(p->r, OVX_RDROP_ICMP_RATELIMITED);
		return;
	}
	len = sizeof(*icmp) + quote;
	r = ovx_port_alloc_skb(p->in, ETH_HLEN + sizeof(*ip6) + len);
	if (!r)
		return;
	skb_put(r, ETH_HLEN);
	skb_set_network_header(r, ETH_HLEN);
	ip6 = skb_put(r, sizeof(*ip6));
	icmp = skb_put(r, sizeof(*icmp));
	if (skb_copy_bits(skb, ETH_HLEN, skb_put(r, quote), quote)) {
		kfree_skb(r);
		return;
	}
	ip6_flow_hdr(ip6, 0, 0);
	ip6->payload_len = htons(len);
	ip6->nexthdr = IPPROTO_ICMPV6;
	ip6->hop_limit = 64;
	ip6->saddr = gw->addr;
	ip6->daddr = p->src;
	memset(icmp, 0, sizeof(*icmp));
	icmp->icmp6_type = type;
	icmp->icmp6_code = code;
	icmp->icmp6_dataun.un_data32[0] = htonl(info);
	icmp->icmp6_cksum = csum_ipv6_magic(&ip6->saddr, &ip6->daddr, len,
					    IPPROTO_ICMPV6,
					    csum_partial(icmp, len, 0));
	ovx_route_reply(p, skb, r, htons(ETH_P_IPV6));
}

enum ovx_route_err {
	OVX_RERR_TTL,		/* time exceeded in transit */
	OVX_RERR_NET,		/* no route */
	OVX_RERR_HOST,		/* no binding for the next hop */
	OVX_RERR_TOO_BIG,	/* @info: the MTU */
};

static void ovx_route_icmp(struct ovx_rpkt *p, struct sk_buff *skb,
			   enum ovx_route_err err, u32 info)
{
	static const u8 v4[][2] = {
		[OVX_RERR_TTL] = { ICMP_TIME_EXCEEDED, ICMP_EXC_TTL },
		[OVX_RERR_NET] = { ICMP_DEST_UNREACH, ICMP_NET_UNREACH },
		[OVX_RERR_HOST] = { ICMP_DEST_UNREACH, ICMP_HOST_UNREACH },
		[OVX_RERR_TOO_BIG] = { ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED },
	};
	static const u8 v6[][2] = {
		[OVX_RERR_TTL] = { ICMPV6_TIME_EXCEED, ICMPV6_EXC_HOPLIMIT },
		[OVX_RERR_NET] = { ICMPV6_DEST_UNREACH, ICMPV6_NOROUTE },
		[OVX_RERR_HOST] = { ICMPV6_DEST_UNREACH, ICMPV6_ADDR_UNREACH },
		[OVX_RERR_TOO_BIG] = { ICMPV6_PKT_TOOBIG, 0 },
	};

	if (p->family == AF_INET)
		ovx_icmp4_error(p, skb, v4[err][0], v4[err][1], info);
	else
		ovx_icmp6_error(p, skb, v6[err][0], v6[err][1], info);
}

/*
 * An echo request to one of the router's addresses, answered in place:
 * the guest's own frame becomes the reply.  Consumes @skb.
 */
static void ovx_route_echo(struct ovx_rpkt *p, struct sk_buff *skb)
{
	unsigned int off = ETH_HLEN + (p->family == AF_INET ?
				       ip_hdrlen(skb) : sizeof(struct ipv6hdr));
	unsigned int len = p->len - (off - ETH_HLEN);
	struct icmphdr *icmp;
	struct ethhdr *eth;

	if (len < sizeof(*icmp) || skb_ensure_writable(skb, skb->len) ||
	    skb_linearize(skb)) {
		ovx_route_drop(p, skb, OVX_RDROP_TO_ROUTER);
		return;
	}
	if (!__ratelimit(&p->in->icmp_rs)) {
		ovx_route_drop(p, skb, OVX_RDROP_ICMP_RATELIMITED);
		return;
	}
	icmp = (struct icmphdr *)(skb->data + off);
	icmp->checksum = 0;
	if (p->family == AF_INET) {
		struct iphdr *ip = ip_hdr(skb);

		icmp->type = ICMP_ECHOREPLY;
		icmp->checksum = csum_fold(csum_partial(icmp, len, 0));
		swap(ip->saddr, ip->daddr);
		ip->ttl = 64;
		ip->check = 0;
		ip->check = ip_fast_csum(ip, ip->ihl);
	} else {
		struct ipv6hdr *ip6 = ipv6_hdr(skb);

		icmp->type = ICMPV6_ECHO_REPLY;
		swap(ip6->saddr, ip6->daddr);
		ip6->hop_limit = 64;
		icmp->checksum = csum_ipv6_magic(&ip6->saddr, &ip6->daddr, len,
						 IPPROTO_ICMPV6,
						 csum_partial(icmp, len, 0));
	}
	skb->ip_summed = CHECKSUM_NONE;
	eth = eth_hdr(skb);
	ether_addr_copy(eth->h_dest, eth->h_source);
	ether_addr_copy(eth->h_source, p->r->mac);
	ovx_stats_add(p->r->stats, false, skb->len);
	ovx_port_xmit(p->in, skb);
}

/* A packet for the router itself: pings are answered, the rest dropped. */
static void ovx_route_local(struct ovx_rpkt *p, struct sk_buff *skb)
{
	unsigned int off;
	u8 *type, _t;

	if (p->family == AF_INET) {
		off = ETH_HLEN + ip_hdrlen(skb);
		if (ip_hdr(skb)->protocol != IPPROTO_ICMP ||
		    (ip_hdr(skb)->frag_off & htons(IP_MF | IP_OFFSET)))
			goto drop;
		type = skb_header_pointer(skb, off, 1, &_t);
		if (!type || *type != ICMP_ECHO)
			goto drop;
	} else {
		off = ETH_HLEN + sizeof(struct ipv6hdr);
		if (ipv6_hdr(skb)->nexthdr != IPPROTO_ICMPV6)
			goto drop;
		type = skb_header_pointer(skb, off, 1, &_t);
		if (!type || *type != ICMPV6_ECHO_REQUEST)
			goto drop;
	}
	ovx_route_echo(p, skb);
	return;
drop:
	ovx_route_drop(p, skb, OVX_RDROP_TO_ROUTER);
}

/*
 * Check the IPv4 header (RFC 1812 5.2.2) and fill @p; the frame is cut
 * to the packet (a short frame's padding must not travel on).
 */
static bool ovx_route_parse4(struct ovx_rpkt *p, struct sk_buff *skb)
{
	const struct iphdr *ip;
	unsigned int hlen;

	if (!pskb_may_pull(skb, ETH_HLEN + sizeof(*ip)))
		return false;
	ip = (const struct iphdr *)(skb->data + ETH_HLEN);
	hlen = ip->ihl * 4;
	if (ip->version != 4 || hlen < sizeof(*ip) ||
	    !pskb_may_pull(skb, ETH_HLEN + hlen))
		return false;
	ip = (const struct iphdr *)(skb->data + ETH_HLEN);
	p->len = ntohs(ip->tot_len);
	if (p->len < hlen || ETH_HLEN + p->len > skb->len ||
	    ip_fast_csum(ip, ip->ihl))
		return false;
	if (pskb_trim_rcsum(skb, ETH_HLEN + p->len))
		return false;
	/* Trimming a clone reallocates its head. */
	ip = (const struct iphdr *)(skb->data + ETH_HLEN);
	skb_set_network_header(skb, ETH_HLEN);
	p->family = AF_INET;
	ipv6_addr_set_v4mapped(ip->saddr, &p->src);
	ipv6_addr_set_v4mapped(ip->daddr, &p->dst);
	return true;
}

static bool ovx_route_parse6(struct ovx_rpkt *p, struct sk_buff *skb)
{
	const struct ipv6hdr *ip6;

	if (!pskb_may_pull(skb, ETH_HLEN + sizeof(*ip6)))
		return false;
	ip6 = (const struct ipv6hdr *)(skb->data + ETH_HLEN);
	/* A payload length of 0 is a jumbogram, which no guest link carries. */
	p->len = sizeof(*ip6) + ntohs(ip6->payload_len);
	if (ip6->version != 6 || p->len == sizeof(*ip6) ||
	    ETH_HLEN + p->len > skb->len)
		return false;
	if (pskb_trim_rcsum(skb, ETH_HLEN + p->len))
		return false;
	ip6 = (const struct ipv6hdr *)(skb->data + ETH_HLEN);
	skb_set_network_header(skb, ETH_HLEN);
	p->family = AF_INET6;
	p->src = ip6->saddr;
	p->dst = ip6->daddr;
	return true;
}

/* Whether a router may forward between @src and @dst (RFC 1812 5.3.7). */
static bool ovx_route_routable(const struct ovx_rpkt *p)
{
	__be32 s, d;

	if (p->family == AF_INET) {
		s = p->src.s6_addr32[3];
		d = p->dst.s6_addr32[3];
		return !ipv4_is_multicast(s) && !ipv4_is_lbcast(s) &&
		       !ipv4_is_loopback(s) && !ipv4_is_zeronet(s) &&
		       !ipv4_is_multicast(d) && !ipv4_is_lbcast(d) &&
		       !ipv4_is_loopback(d) && !ipv4_is_zeronet(d);
	}
	return !(ipv6_addr_type(&p->src) &
		 (IPV6_ADDR_MULTICAST | IPV6_ADDR_LOOPBACK | IPV6_ADDR_ANY |
		  IPV6_ADDR_LINKLOCAL)) &&
	       !(ipv6_addr_type(&p->dst) &
		 (IPV6_ADDR_MULTICAST | IPV6_ADDR_LOOPBACK | IPV6_ADDR_ANY |
		  IPV6_ADDR_LINKLOCAL));
}

static u8 ovx_route_ttl(const struct ovx_rpkt *p, const struct sk_buff *skb)
{
	return p->family == AF_INET ? ip_hdr(skb)->ttl : ipv6_hdr(skb)->hop_limit;
}

/*
 * Whether the packet fits the egress path: the next hop's port MTU, or
 * what the tunnel carries (set in @mtu when it does not).  Only packets
 * longer than the smallest MTU of their family are checked (the underlay
 * lookup is not free).
 */
static bool ovx_route_fits(const struct ovx_rpkt *p, const struct sk_buff *skb,
			   const struct ovx_port *port, unsigned int *mtu)
{
	unsigned int underlay;

	if (p->len <= (p->family == AF_INET ? 576 : IPV6_MIN_MTU))
		return true;
	if (port)
		*mtu = READ_ONCE(port->dev->mtu);
	else
		*mtu = ovx_pmtu_inner_mtu(p->r->ovx, &underlay);
	/* Unknown until the underlay address is up: let the tunnel decide. */
	if (!*mtu)
		return true;
	/*
	 * A guest's TSO packet is measured by the segments it will become:
	 * the tunnel would otherwise answer it, but with the addresses of
	 * the rewritten frame, which its sender would not take for its own.
	 */
	if (skb_is_gso(skb)) {
		if (!skb_transport_header_was_set(skb) ||
		    skb_gso_validate_network_len(skb, *mtu))
			return true;
	} else if (p->len <= *mtu) {
		return true;
	}
	/* IPv4 without DF: the tunnel fragments the outer packet instead. */
	return p->family == AF_INET && !(ip_hdr(skb)->frag_off & htons(IP_DF));
}

/* Decrement the TTL or hop limit and rewrite the Ethernet header. */
static bool ovx_route_rewrite(struct ovx_rpkt *p, struct sk_buff *skb,
			      const struct ovx_neigh *e)
{
	struct ethhdr *eth;

	if (skb_ensure_writable(skb, ETH_HLEN + (p->family == AF_INET ?
						 sizeof(struct iphdr) :
						 sizeof(struct ipv6hdr))))
		return false;
	if (p->family == AF_INET)
		ip_decrease_ttl(ip_hdr(skb));	/* the checksum incrementally */
	else
		ipv6_hdr(skb)->hop_limit--;
	/*
	 * The receive checksum covered the header and the hop limit: the
	 * receiver checks again (TTL's change keeps the IPv4 sum, not the
	 * MACs').
	 */
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
	eth = eth_hdr(skb);
	ether_addr_copy(eth->h_dest, e->lladdr);
	ether_addr_copy(eth->h_source, p->r->mac);
	return true;
}

/*
 * Where the guest of binding @e is: the FDB's static entry for its MAC
 * when there is one (a move re-points it at once), else the binding's own
 * destination.  Not a learnt entry: a guest's frames made it.
 */
static void ovx_route_dest(struct ovx_network *en, const struct ovx_neigh *e,
			   struct ovx_port **port, struct ovx_peer **peer)
{
	struct ovx_fdb_entry *f = ovx_fdb_lookup_rcu(&en->fdb, e->lladdr);

	if (f && (READ_ONCE(f->flags) & OVX_FDB_FLAGS_STATIC)) {
		*port = rcu_dereference(f->port);
		*peer = rcu_dereference(f->peer);
		if (*port || *peer)
			return;
	}
	*port = e->port;
	*peer = e->peer;
}

static void ovx_route_forward(struct ovx_rpkt *p, struct sk_buff *skb)
{
	const struct in6_addr *nh;
	struct ovx_network *en;
	struct ovx_route *rt;
	struct ovx_port *port;
	struct ovx_peer *peer;
	struct ovx_neigh *e;
	unsigned int mtu;

	if (ovx_route_ttl(p, skb) <= 1) {
		ovx_route_icmp(p, skb, OVX_RERR_TTL, 0);
		ovx_route_drop(p, skb, OVX_RDROP_TTL_EXCEEDED);
		return;
	}
	rt = ovx_route_lookup_rcu(p->r, p->family, &p->dst);
	if (!rt) {
		ovx_route_icmp(p, skb, OVX_RERR_NET, 0);
		ovx_route_drop(p, skb, OVX_RDROP_NO_ROUTE);
		return;
	}
	en = rt->rif->network;
	nh = rt->has_via ? &rt->via : &p->dst;
	e = ovx_neigh_lookup_rcu(en, nh);
	if (!e) {
		ovx_nl_neigh_miss(en, nh);
		ovx_route_icmp(p, skb, OVX_RERR_HOST, 0);
		ovx_route_drop(p, skb, OVX_RDROP_NO_NEIGH);
		return;
	}
	ovx_route_dest(en, e, &port, &peer);
	if (!ovx_route_fits(p, skb, port, &mtu)) {
		ovx_route_icmp(p, skb, OVX_RERR_TOO_BIG, mtu);
		ovx_drops_inc(p->r->ovx->drops, OVX_DROP_TOO_BIG);
		ovx_stats_drop(p->r->stats, false);
		kfree_skb(skb);
		return;
	}
	if (!ovx_route_rewrite(p, skb, e)) {
		ovx_drops_inc(p->r->ovx->drops, OVX_DROP_NO_MEMORY);
		ovx_stats_drop(p->r->stats, false);
		kfree_skb(skb);
		return;
	}
	ovx_stats_add(p->r->stats, false, skb->len);
	/* The egress network's own path, as if a guest there had sent it. */
	ovx_stats_add(en->stats, true, skb->len);
	if (port)
		ovx_port_xmit(port, skb);
	else
		ovx_tunnel_xmit(en, peer, p->in, skb);
}

/**
 * ovx_route_rcv() - route a frame a guest sent to its router's MAC
 * @n: the ingress network
 * @rif: its router interface
 * @in: the port the frame came in on
 * @skb: the frame, data at its Ethernet header, IPv4 or IPv6
 *
 * Consumes @skb.
 */
void ovx_route_rcv(struct ovx_network *n, struct ovx_rif *rif,
		   struct ovx_port *in, struct sk_buff *skb)
{
	struct ovx_rpkt p = { .n = n, .rif = rif, .r = rif->router, .in = in };
	bool ok;

	ovx_stats_add(p.r->stats, true, skb->len);
	if (eth_hdr(skb)->h_proto == htons(ETH_P_IP))
		ok = ovx_route_parse4(&p, skb);
	else
		ok = ovx_route_parse6(&p, skb);
	if (!ok) {
		ovx_route_drop(&p, skb, OVX_RDROP_BAD_HEADER);
		return;
	}
	if (!ovx_route_routable(&p)) {
		ovx_route_drop(&p, skb, OVX_RDROP_NOT_ROUTABLE);
		return;
	}
	if (ovx_router_own_rcu(p.r, &p.dst)) {
		ovx_route_local(&p, skb);
		return;
	}
	ovx_route_forward(&p, skb);
}
