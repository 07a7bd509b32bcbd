// SPDX-License-Identifier: GPL-2.0-only
/*
 * ovx: forwarding a frame within its network: learn its source, look up
 * its destination, and send it to a local port, to a peer through the
 * tunnel, or flood it.  Frames come from a port's rx_handler or from the
 * tunnel socket, both in softirq context under rcu_read_lock().
 */

#include <linux/etherdevice.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/ipv6.h>

#include "arp_nd.h"
#include "fdb.h"
#include "forward.h"
#include "move.h"
#include "ovx.h"
#include "port.h"
#include "route.h"
#include "service.h"
#include "tunnel.h"

/*
 * Send @skb (data at the Ethernet header) out of @p; consumes it.  @scrub:
 * clear what the host's stack attached to it (route, conntrack...), which
 * iptunnel_pull_header() already did for a frame from the tunnel.
 */
static void __ovx_port_xmit(struct ovx_port *p, struct sk_buff *skb,
			    bool scrub)
{
	unsigned int len = skb->len;

	/* Up, and the frame fits its MTU (a VLAN tag is allowed beyond). */
	if (unlikely(!is_skb_forwardable(p->dev, skb))) {
		ovx_stats_drop(p->stats, false);
		ovx_stats_drop(p->network->stats, false);
		kfree_skb(skb);
		return;
	}
	skb->dev = p->dev;
	if (scrub)
		skb_scrub_packet(skb, false);
	ovx_stats_add(p->stats, false, len);
	ovx_stats_add(p->network->stats, false, len);
	dev_queue_xmit(skb);
}

void ovx_port_xmit(struct ovx_port *p, struct sk_buff *skb)
{
	__ovx_port_xmit(p, skb, true);
}

/*
 * A frame ovx builds for the guest behind @p (an answer to ARP or ND, an
 * ICMP error), with the headroom and tailroom @p's device wants and its
 * MAC header at the start.  GFP_ATOMIC: softirq context.
 */
struct sk_buff *ovx_port_alloc_skb(struct ovx_port *p, unsigned int len)
{
	struct net_device *dev = p->dev;
	struct sk_buff *skb;

	skb = alloc_skb(LL_RESERVED_SPACE(dev) + len + dev->needed_tailroom,
			GFP_ATOMIC);
	if (skb) {
		skb_reserve(skb, LL_RESERVED_SPACE(dev));
		skb_reset_mac_header(skb);
	}
	return skb;
}

/* Where a copy of a flooded frame goes: a local port or a peer. */
struct ovx_target {
	struct ovx_port *port;
	struct ovx_peer *peer;
};

static void ovx_target_xmit(struct ovx_network *n, struct ovx_port *in,
			    const struct ovx_target *t, struct sk_buff *skb)
{
	if (t->port)
		__ovx_port_xmit(t->port, skb, in != NULL);
	else
		ovx_tunnel_xmit(n, t->peer, in, skb);
}

/*
 * Send a copy to the target before @next, which becomes the pending one:
 * the last target gets the frame itself, saving a copy.
 */
static void ovx_flood_next(struct ovx_network *n, struct ovx_port *in,
			   struct ovx_target *pending,
			   const struct ovx_target *next, struct sk_buff *skb)
{
	struct sk_buff *copy;

	if (pending->port || pending->peer) {
		copy = skb_clone(skb, GFP_ATOMIC);
		if (likely(copy)) {
			ovx_target_xmit(n, in, pending, copy);
		} else {
			ovx_drops_inc(n->ovx->drops, OVX_DROP_NO_MEMORY);
			ovx_stats_drop(n->stats, false);
		}
	}
	*pending = *next;
}

/*
 * Flood @skb to every port of the network but @in and, unless it came from
 * a peer (split horizon: peers flood to their own ports themselves), one
 * unicast copy to every peer of the network.  Consumes @skb.
 */
static void ovx_flood(struct ovx_network *n, struct ovx_port *in,
		      struct ovx_peer *from, struct sk_buff *skb)
{
	struct ovx_target pending = {}, next;
	struct ovx_member *m;
	struct ovx_port *p;

	/*
	 * Standby ports get floods too: their guest, paused until it
	 * resumes, drops them; once it runs, an ARP request it answers
	 * activates its port even if its own announcement was lost.
	 */
	list_for_each_entry_rcu(p, &n->ports, net_node) {
		if (p == in)
			continue;
		next = (struct ovx_target){ .port = p };
		ovx_flood_next(n, in, &pending, &next, skb);
	}
	if (!from) {
		/*
		 * Every copy for a peer needs the flow hash for its outer
		 * source port: compute it once, before the clones are made,
		 * so they inherit it.
		 */
		if (!list_empty(&n->peers))
			skb_get_hash(skb);
		list_for_each_entry_rcu(m, &n->peers, net_node) {
			next = (struct ovx_target){ .peer = m->peer };
			ovx_flood_next(n, in, &pending, &next, skb);
		}
	}
	if (pending.port || pending.peer)
		ovx_target_xmit(n, in, &pending, skb);
	else
		consume_skb(skb);
}

/*
 * The binding of the destination address of an IPv4 or IPv6 frame, when
 * it names the frame's destination MAC; NULL otherwise.
 */
static struct ovx_neigh *ovx_forward_binding(struct ovx_network *n,
					     struct sk_buff *skb)
{
	const struct ipv6hdr *ip6;
	const struct iphdr *ip;
	struct ovx_neigh *e;

	switch (eth_hdr(skb)->h_proto) {
	case htons(ETH_P_IP):
		if (!pskb_may_pull(skb, ETH_HLEN + sizeof(*ip)))
			return NULL;
		ip = (const struct iphdr *)(skb->data + ETH_HLEN);
		e = ovx_neigh_lookup4_rcu(n, ip->daddr);
		break;
	case htons(ETH_P_IPV6):
		if (!pskb_may_pull(skb, ETH_HLEN + sizeof(*ip6)))
			return NULL;
		ip6 = (const struct ipv6hdr *)(skb->data + ETH_HLEN);
		e = ovx_neigh_lookup_rcu(n, &ip6->daddr);
		break;
	default:
		return NULL;
	}
	if (e && ether_addr_equal(e->lladdr, eth_hdr(skb)->h_dest))
		return e;
	return NULL;
}

/*
 * A unicast frame whose destination the FDB does not know.  When the
 * control plane bound its destination address to that MAC, the binding
 * says where it is (an address pushed with neigh-new, before the guest
 * behind it ever sent a frame here); otherwise it floods, or with
 * flood-unknown off it is dropped and counted.
 */
static void ovx_forward_unknown(struct ovx_network *n, struct ovx_port *in,
				struct ovx_peer *from, struct sk_buff *skb)
{
	struct ovx_neigh *e = ovx_forward_binding(n, skb);

	if (e && e->port) {
		if (e->port == in)
			consume_skb(skb);
		else
			__ovx_port_xmit(e->port, skb, in != NULL);
		return;
	}
	if (e && e->peer) {
		if (from)
			consume_skb(skb);
		else
			ovx_tunnel_xmit(n, e->peer, in, skb);
		return;
	}
	if (!READ_ONCE(n->flood_unknown)) {
		ovx_drops_inc(n->ovx->drops, OVX_DROP_UNKNOWN_UNICAST);
		ovx_stats_drop(n->stats, true);
		kfree_skb(skb);
		return;
	}
	ovx_flood(n, in, from, skb);
}

/* Whether the network has a service address of its own to answer for. */
static bool ovx_forward_has_svc_addr(const struct ovx_network *n)
{
	const struct ovx_net_svc *s = rcu_dereference(n->svc);

	return s && (s->service4 || !ipv6_addr_any(&s->service6));
}

/*
 * Whether a frame from a guest may be address resolution to answer: of
 * bindings with arp-suppress, of gateway addresses always, and of the
 * service addresses when the network has one.
 */
static bool ovx_forward_is_res(const struct ovx_network *n,
			       const struct ovx_port *in,
			       const struct ovx_rif *rif, __be16 proto)
{
	return in && (proto == htons(ETH_P_ARP) || proto == htons(ETH_P_IPV6)) &&
	       (READ_ONCE(n->arp_suppress) || rif ||
		ovx_forward_has_svc_addr(n));
}

/*
 * A frame from a guest for the packet channel (DHCP, RS, DNS): only a
 * switch with a listener looks, so that without one this is one read.
 * Return: true when it was consumed.
 */
static bool ovx_forward_service(struct ovx_network *n, struct ovx_port *in,
				struct sk_buff *skb)
{
	if (likely(!in || !READ_ONCE(n->ovx->listener)))
		return false;
	return ovx_service_rcv(n, in, skb);
}

/*
 * A frame from a guest to its router's MAC: resolution of a gateway
 * address (unicast, when the guest checks its neighbour), or a packet to
 * route.  Nothing else is for the router.  Consumes @skb.
 */
static void ovx_forward_router(struct ovx_network *n, struct ovx_rif *rif,
			       struct ovx_port *in, struct sk_buff *skb)
{
	__be16 proto = eth_hdr(skb)->h_proto;

	if ((proto == htons(ETH_P_ARP) || proto == htons(ETH_P_IPV6)) &&
	    ovx_arp_nd_rcv(n, rif, in, skb))
		return;
	if (proto == htons(ETH_P_IP) || proto == htons(ETH_P_IPV6)) {
		ovx_route_rcv(n, rif, in, skb);
		return;
	}
	ovx_stats_drop(rif->router->stats, true);
	kfree_skb(skb);
}

/**
 * ovx_forward() - switch a frame within its network
 * @n: the network
 * @in: the port it came in on, or NULL
 * @from: else the peer it was decapsulated from
 * @remote_port: and the logical port it entered the overlay on there, or 0
 * @skb: the frame, data at its Ethernet header (valid unicast source)
 *
 * Called in softirq context under rcu_read_lock.  Consumes @skb.
 */
void ovx_forward(struct ovx_network *n, struct ovx_port *in,
		 struct ovx_peer *from, u32 remote_port, struct sk_buff *skb)
{
	struct ovx_rif *rif = rcu_dereference(n->rif);
	const struct ethhdr *eth = eth_hdr(skb);
	enum ovx_drop_reason reason;
	struct ovx_fdb_entry *f;
	struct ovx_port *port;
	struct ovx_peer *peer;

	if (unlikely(eth->h_proto == htons(OVX_MOVE_ETH_P))) {
		ovx_move_rcv(n, in, from, skb);
		return;
	}
	/*
	 * A migrated guest's first frame on its new host: its own address,
	 * not what a device sends when it comes up.
	 */
	if (unlikely(in && ovx_port_standby(in)) &&
	    ether_addr_equal(eth->h_source, in->mac))
		ovx_port_activate(in);

	/*
	 * The router's MAC is every host's: frames another host routed come
	 * from it, and it is never learnt behind a peer or a port.
	 */
	if (READ_ONCE(n->learning) &&
	    !(rif && ether_addr_equal(eth->h_source, rif->router->mac))) {
		reason = ovx_fdb_learn_rcu(n, eth->h_source, in, from,
					   remote_port);
		if (unlikely(reason != OVX_DROP_MAX)) {
			ovx_drops_inc(n->ovx->drops, reason);
			/* A tunnel frame spoofing a local guest's address. */
			if (reason == OVX_DROP_FDB_MOVE_REFUSED) {
				ovx_stats_drop(from->stats, true);
				ovx_stats_drop(n->stats, true);
				dev_core_stats_rx_dropped_inc(n->ovx->dev);
				kfree_skb(skb);
				return;
			}
		}
	}

	/*
	 * Before the router: DHCP renewals and DNS queries go to the
	 * gateway's MAC, and service frames never leave the host.
	 */
	if (ovx_forward_service(n, in, skb))
		return;
	eth = eth_hdr(skb);	/* it may have pulled */
	if (rif && in && ether_addr_equal(eth->h_dest, rif->router->mac)) {
		ovx_forward_router(n, rif, in, skb);
		return;
	}
	if (ovx_forward_is_res(n, in, rif, eth->h_proto)) {
		if (ovx_arp_nd_rcv(n, rif, in, skb))
			return;
		eth = eth_hdr(skb);	/* it may have pulled */
	}
	if (is_multicast_ether_addr(eth->h_dest))
		goto flood;
	f = ovx_fdb_lookup_rcu(&n->fdb, eth->h_dest);
	if (!f) {
		ovx_forward_unknown(n, in, from, skb);
		return;
	}
	port = rcu_dereference(f->port);
	if (port) {
		/* A destination behind the port it came from: already there. */
		if (unlikely(port == in))
			consume_skb(skb);
		else
			__ovx_port_xmit(port, skb, in != NULL);
		return;
	}
	peer = rcu_dereference(f->peer);
	if (!peer)
		goto flood;	/* the entry is moving */
	/*
	 * Never from one peer to another: each host delivers its own; but a
	 * guest that just left for @peer still gets what was sent here.
	 */
	if (unlikely(from && !ovx_fdb_redirects(f, peer, from)))
		consume_skb(skb);
	else
		ovx_tunnel_xmit(n, peer, in, skb);
	return;

flood:
	ovx_flood(n, in, from, skb);
}
