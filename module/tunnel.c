// SPDX-License-Identifier: GPL-2.0-only
/*
 * ovx: the UDP tunnel of a switch.  Frames for a peer are encapsulated
 * (VXLAN or Geneve, over IPv4 or IPv6) and sent through the switch's
 * socket; packets arriving on it are checked (header, VNI, that the sender
 * is a peer of that network), decapsulated and switched to local ports
 * only.
 */

#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <net/dsfield.h>
#include <net/dst_cache.h>
#include <net/inet_ecn.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/ip_tunnels.h>
#include <net/ipv6.h>
#include <net/ipv6_stubs.h>
#include <net/route.h>
#include <net/udp.h>
#include <net/udp_tunnel.h>
#include <uapi/linux/ovx.h>

#include "encap.h"
#include "forward.h"
#include "network.h"
#include "ovx.h"
#include "peer.h"
#include "pmtu.h"
#include "tunnel.h"

/*
 * The route to @peer over IPv4, from the per-CPU cache when it is still
 * valid.  Return: a held route and its source address in @saddr, or an
 * ERR_PTR.
 */
static struct rtable *ovx_tunnel_route4(struct ovx_dev *ovx,
					struct ovx_peer *peer, __be32 *saddr)
{
	struct flowi4 fl4 = {
		.flowi4_proto	= IPPROTO_UDP,
		.flowi4_tos	= RT_TOS(ovx->cfg.tos),
		.daddr		= peer->addr.ip4,
		.saddr		= ovx->cfg.local.ip4,
		.fl4_dport	= ovx->cfg.port,
	};
	struct rtable *rt;

	rt = dst_cache_get_ip4(&peer->dst_cache, saddr);
	if (rt)
		return rt;
	rt = ip_route_output_key(dev_net(ovx->dev), &fl4);
	if (IS_ERR(rt))
		return rt;
	/* A route through the switch itself would loop forever. */
	if (unlikely(rt->dst.dev == ovx->dev)) {
		ip_rt_put(rt);
		return ERR_PTR(-ELOOP);
	}
	*saddr = fl4.saddr;
	dst_cache_set_ip4(&peer->dst_cache, &rt->dst, fl4.saddr);
	return rt;
}

/* The same over IPv6. */
static struct dst_entry *ovx_tunnel_route6(struct ovx_dev *ovx,
					   struct ovx_peer *peer,
					   struct socket *sock,
					   struct in6_addr *saddr)
{
	struct flowi6 fl6 = {
		.flowi6_proto	= IPPROTO_UDP,
		.flowlabel	= ip6_make_flowinfo(ovx->cfg.tos, 0),
		.daddr		= peer->addr.ip6,
		.saddr		= ovx->cfg.local.ip6,
		.fl6_dport	= ovx->cfg.port,
	};
	struct dst_entry *dst;

	dst = dst_cache_get_ip6(&peer->dst_cache, saddr);
	if (dst)
		return dst;
	dst = ipv6_stub->ipv6_dst_lookup_flow(dev_net(ovx->dev), sock->sk,
					      &fl6, NULL);
	if (IS_ERR(dst))
		return dst;
	if (unlikely(dst->dev == ovx->dev)) {
		dst_release(dst);
		return ERR_PTR(-ELOOP);
	}
	*saddr = fl6.saddr;
	dst_cache_set_ip6(&peer->dst_cache, dst, &fl6.saddr);
	return dst;
}

/*
 * RFC 6040: the outer header copies the inner packet's ECN field.  Only a
 * header that is really there is read: a guest can send an Ethernet frame
 * whose type says IP and which ends right after the Ethernet header.  Such
 * a frame still goes through (the other end drops it if it must), without
 * ECN.
 */
static u8 ovx_tunnel_ecn_encap(u8 tos, struct sk_buff *skb)
{
	switch (skb->protocol) {
	case htons(ETH_P_IP):
		if (!pskb_may_pull(skb, ETH_HLEN + sizeof(struct iphdr)))
			return tos;
		break;
	case htons(ETH_P_IPV6):
		if (!pskb_may_pull(skb, ETH_HLEN + sizeof(struct ipv6hdr)))
			return tos;
		break;
	default:
		return tos;
	}
	return ip_tunnel_ecn_encap(tos, ip_hdr(skb), skb);
}

static void ovx_tunnel_drop(struct ovx_network *n, struct ovx_peer *peer,
			    struct sk_buff *skb, enum ovx_drop_reason reason)
{
	ovx_drops_inc(n->ovx->drops, reason);
	ovx_stats_drop(peer->stats, false);
	ovx_stats_drop(n->stats, false);
	kfree_skb(skb);
}

/*
 * Everything but the outer IP and UDP headers, once the route is known:
 * the size check, headroom, offload state and the tunnel header.
 * Return: 0, or the reason to drop @skb (not consumed).
 */
static int ovx_tunnel_encap(struct ovx_network *n, struct ovx_port *in,
			    struct sk_buff *skb, struct dst_entry *dst,
			    unsigned int iphlen, bool udp_csum)
{
	const struct ovx_dev_cfg *cfg = &n->ovx->cfg;
	unsigned int hlen = ovx_encap_hlen(cfg);
	unsigned int frame_max = dst_mtu(dst) - iphlen - hlen;

	if (unlikely(!ovx_pmtu_frame_fits(skb, frame_max))) {
		/* A redirected frame's sender is remote: no ICMP to it. */
		if (!in)
			return OVX_DROP_TOO_BIG;
		if (!ovx_pmtu_may_fragment(n->ovx, in, skb, dst,
					   iphlen + hlen + ETH_HLEN))
			return OVX_DROP_TOO_BIG;
		/* Let the underlay fragment it; IPv6 would refuse otherwise. */
		skb->ignore_df = 1;
	}
	if (unlikely(skb_cow_head(skb, LL_RESERVED_SPACE(dst->dev) +
				  dst->header_len + iphlen + hlen) ||
		     udp_tunnel_handle_offloads(skb, udp_csum)))
		return OVX_DROP_NO_MEMORY;
	skb_set_inner_protocol(skb, htons(ETH_P_TEB));
	ovx_encap_push(cfg, skb, n->vni, in ? in->id : 0);
	return 0;
}

static void ovx_tunnel_xmit4(struct ovx_network *n, struct ovx_peer *peer,
			     struct ovx_port *in, struct socket *sock,
			     struct sk_buff *skb, __be16 sport)
{
	struct ovx_dev *ovx = n->ovx;
	const struct ovx_dev_cfg *cfg = &ovx->cfg;
	struct rtable *rt;
	__be32 saddr;
	u8 tos, ttl;
	int reason;

	rt = ovx_tunnel_route4(ovx, peer, &saddr);
	if (IS_ERR(rt)) {
		ovx_tunnel_drop(n, peer, skb, OVX_DROP_NO_ROUTE);
		return;
	}
	tos = ovx_tunnel_ecn_encap(cfg->tos, skb);
	ttl = cfg->ttl ?: ip4_dst_hoplimit(&rt->dst);
	reason = ovx_tunnel_encap(n, in, skb, &rt->dst, sizeof(struct iphdr),
				  false);
	if (unlikely(reason)) {
		ip_rt_put(rt);
		ovx_tunnel_drop(n, peer, skb, reason);
		return;
	}
	/* IPv4 allows a zero UDP checksum; Linux's vxlan sends none either. */
	udp_tunnel_xmit_skb(rt, sock->sk, skb, saddr, peer->addr.ip4, tos, ttl,
			    cfg->df == OVX_DF_SET ? htons(IP_DF) : 0, sport,
			    cfg->port, false, true);
}

static void ovx_tunnel_xmit6(struct ovx_network *n, struct ovx_peer *peer,
			     struct ovx_port *in, struct socket *sock,
			     struct sk_buff *skb, __be16 sport)
{
	struct ovx_dev *ovx = n->ovx;
	const struct ovx_dev_cfg *cfg = &ovx->cfg;
	struct in6_addr saddr;
	struct dst_entry *dst;
	u8 prio, ttl;
	int reason;

	dst = ovx_tunnel_route6(ovx, peer, sock, &saddr);
	if (IS_ERR(dst)) {
		ovx_tunnel_drop(n, peer, skb, OVX_DROP_NO_ROUTE);
		return;
	}
	/*
	 * The IPv4 path scrubs in iptunnel_xmit(); over IPv6 it is ours to
	 * do, and before ovx_tunnel_encap() sets ignore_df: the guest's
	 * conntrack entry, extensions and routing state must not ride on
	 * the underlay packet.
	 */
	skb_scrub_packet(skb, !net_eq(sock_net(sock->sk), dev_net(ovx->dev)));
	prio = ovx_tunnel_ecn_encap(cfg->tos, skb);
	ttl = cfg->ttl ?: ip6_dst_hoplimit(dst);
	/*
	 * IPv6 needs the UDP checksum unless both ends agree to do without
	 * (RFC 6935, 6936): ovx sends it, as Linux's vxlan does by default,
	 * unless the switch was created with udp6zerocsumtx, which says the
	 * peers were created to accept zero checksums.
	 */
	reason = ovx_tunnel_encap(n, in, skb, dst, sizeof(struct ipv6hdr),
				  !cfg->udp_zero_csum6_tx);
	if (unlikely(reason)) {
		dst_release(dst);
		ovx_tunnel_drop(n, peer, skb, reason);
		return;
	}
	udp_tunnel6_xmit_skb(dst, sock->sk, skb, ovx->dev, &saddr,
			     &peer->addr.ip6, prio, ttl, 0, sport, cfg->port,
			     cfg->udp_zero_csum6_tx);
}

/**
 * ovx_tunnel_xmit() - encapsulate a frame and send it to a peer
 * @n: the network the frame belongs to
 * @peer: a peer of the network's switch
 * @in: the port the frame came in on, or NULL for a frame from a peer that
 *      goes on to another (a migrated guest's, see ovx_fdb_redirects())
 * @skb: the frame, data at its Ethernet header
 *
 * Called in softirq context under rcu_read_lock.  Consumes @skb.
 */
void ovx_tunnel_xmit(struct ovx_network *n, struct ovx_peer *peer,
		     struct ovx_port *in, struct sk_buff *skb)
{
	struct ovx_dev *ovx = n->ovx;
	unsigned int len = skb->len;
	struct socket *sock;
	__be16 sport;

	sock = rcu_dereference(ovx->sock);
	if (unlikely(!sock)) {
		ovx_tunnel_drop(n, peer, skb, OVX_DROP_TUNNEL_DOWN);
		return;
	}
	/* Flows keep their outer source port, so the underlay spreads them. */
	sport = udp_flow_src_port(dev_net(ovx->dev), skb, 0, 0, true);
	ovx_stats_add(peer->stats, false, len);
	ovx_stats_add(n->stats, false, len);
	/* The switch device counts what leaves through the underlay. */
	skb->dev = ovx->dev;
	if (ovx->cfg.local.family == AF_INET6)
		ovx_tunnel_xmit6(n, peer, in, sock, skb, sport);
	else
		ovx_tunnel_xmit4(n, peer, in, sock, skb, sport);
}

/*
 * RFC 6040: congestion experienced on the underlay reaches the inner
 * packet; a CE mark on a packet that is not ECN-capable inside means drop.
 * Return: false to drop.
 */
static bool ovx_tunnel_ecn_decap(struct sk_buff *skb, u8 outer_tos)
{
	u8 inner;

	if (likely(!INET_ECN_is_ce(outer_tos) &&
		   (outer_tos & INET_ECN_MASK) != INET_ECN_ECT_1))
		return true;
	/* The inner header may be in fragments: pull it before reading it. */
	switch (skb->protocol) {
	case htons(ETH_P_IP):
		if (!pskb_may_pull(skb, ETH_HLEN + sizeof(struct iphdr)))
			return true;
		inner = ip_hdr(skb)->tos;
		break;
	case htons(ETH_P_IPV6):
		if (!pskb_may_pull(skb, ETH_HLEN + sizeof(struct ipv6hdr)))
			return true;
		inner = ipv6_get_dsfield(ipv6_hdr(skb));
		break;
	default:
		return true;
	}
	return INET_ECN_decapsulate(skb, outer_tos, inner) <= 1;
}

/* The outer source address and TOS/traffic class of a tunnel packet. */
static void ovx_tunnel_outer(const struct sk_buff *skb, struct ovx_addr *src,
			     u8 *tos)
{
	if (skb->protocol == htons(ETH_P_IPV6)) {
		src->family = AF_INET6;
		src->ip6 = ipv6_hdr(skb)->saddr;
		*tos = ipv6_get_dsfield(ipv6_hdr(skb));
	} else {
		src->family = AF_INET;
		src->ip4 = ip_hdr(skb)->saddr;
		*tos = ip_hdr(skb)->tos;
	}
}

/*
 * The transport header still points at the outer UDP header, in front of
 * the frame now, and the way out reads it: GSO accounting, for one, takes
 * the headers of a GSO frame to end at its TCP header.  Find the inner one
 * for GSO frames; others get the usual "unknown", the network header.
 * Return: false if a GSO frame has no transport header to find.
 */
static bool ovx_tunnel_inner_transport(struct sk_buff *skb)
{
	struct flow_keys_basic keys;

	if (likely(!skb_is_gso(skb))) {
		skb_set_transport_header(skb, ETH_HLEN);
		return true;
	}
	if (!skb_flow_dissect_flow_keys_basic(NULL, skb, &keys, NULL, 0, 0, 0, 0))
		return false;
	skb_set_transport_header(skb, keys.control.thoff);
	return true;
}

/*
 * The socket's encap_rcv: @skb has a valid UDP header (and checksum) at
 * its data.  Return: 0, the packet is consumed whatever happened to it.
 */
static int ovx_tunnel_rcv(struct sock *sk, struct sk_buff *skb)
{
	struct ovx_encap_info info;
	enum ovx_drop_reason reason;
	struct ovx_network *n;
	struct ovx_member *m;
	struct ovx_addr src;
	struct ovx_dev *ovx;
	u8 outer_tos;

	ovx = rcu_dereference_sk_user_data(sk);
	if (unlikely(!ovx)) {
		kfree_skb(skb);
		return 0;
	}
	if (unlikely(!ovx_encap_parse(&ovx->cfg, skb, &info, &reason)))
		goto drop;
	/*
	 * One lookup finds the sender's membership, and with it the network;
	 * the VNI alone is looked up only to say why a packet is refused.
	 */
	ovx_tunnel_outer(skb, &src, &outer_tos);
	m = ovx_member_lookup_rcu(ovx, info.vni, &src);
	if (unlikely(!m)) {
		reason = ovx_network_by_vni_rcu(ovx, info.vni) ?
			 OVX_DROP_TUNNEL_UNKNOWN_PEER :
			 OVX_DROP_TUNNEL_UNKNOWN_VNI;
		goto drop;
	}
	n = m->network;
	if (unlikely(iptunnel_pull_header(skb, info.hlen, htons(ETH_P_TEB),
					  false))) {
		reason = OVX_DROP_NO_MEMORY;
		goto drop_peer;
	}
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	if (unlikely(!ovx_tunnel_inner_transport(skb) ||
		     !is_valid_ether_addr(eth_hdr(skb)->h_source) ||
		     !ovx_tunnel_ecn_decap(skb, outer_tos))) {
		reason = OVX_DROP_TUNNEL_BAD_INNER;
		goto drop_peer;
	}
	dev_sw_netstats_rx_add(ovx->dev, skb->len);
	ovx_stats_add(m->peer->stats, true, skb->len);
	ovx_stats_add(n->stats, true, skb->len);
	ovx_forward(n, NULL, m->peer, info.src_port, skb);
	return 0;

drop_peer:
	ovx_stats_drop(m->peer->stats, true);
drop:
	ovx_drops_inc(ovx->drops, reason);
	dev_core_stats_rx_dropped_inc(ovx->dev);
	kfree_skb(skb);
	return 0;
}

static int ovx_tunnel_bind(struct ovx_dev *ovx, struct socket *sock)
{
	const struct ovx_dev_cfg *cfg = &ovx->cfg;

	if (cfg->local.family == AF_INET6) {
		struct sockaddr_in6 sin6 = {
			.sin6_family	= AF_INET6,
			.sin6_addr	= cfg->local.ip6,
			.sin6_port	= cfg->port,
		};

		ip6_sock_set_v6only(sock->sk);
		return kernel_bind(sock, (struct sockaddr *)&sin6, sizeof(sin6));
	} else {
		struct sockaddr_in sin = {
			.sin_family		= AF_INET,
			.sin_addr.s_addr	= cfg->local.ip4,
			.sin_port		= cfg->port,
		};

		return kernel_bind(sock, (struct sockaddr *)&sin, sizeof(sin));
	}
}

/**
 * ovx_tunnel_open() - open the switch's tunnel socket
 * @ovx: the switch, being brought up
 *
 * The socket binds with IP_FREEBIND: a hypervisor's underlay address may
 * be configured after the switch, and the switch simply starts receiving
 * once it is.
 *
 * Called with RTNL held.
 *
 * Return: 0, or a negative errno (-EADDRINUSE when another socket has the
 * port).
 */
int ovx_tunnel_open(struct ovx_dev *ovx)
{
	struct net *net = dev_net(ovx->dev);
	struct udp_tunnel_sock_cfg tcfg = {
		.sk_user_data	= ovx,
		.encap_type	= 1,
		.encap_rcv	= ovx_tunnel_rcv,
		.gro_receive	= ovx_gro_receive,
		.gro_complete	= ovx_gro_complete,
	};
	struct socket *sock;
	int err;

	ASSERT_RTNL();
	err = sock_create_kern(net, ovx->cfg.local.family, SOCK_DGRAM,
			       IPPROTO_UDP, &sock);
	if (err)
		return err;
	ip_sock_set_freebind(sock->sk);
	/*
	 * A UDP socket refuses IPv6 packets without a checksum (counted as
	 * Udp6InCsumErrors) unless told otherwise: only udp6zerocsumrx does.
	 */
	if (ovx->cfg.local.family == AF_INET6)
		udp_set_no_check6_rx(sock->sk, ovx->cfg.udp_zero_csum6_rx);
	err = ovx_tunnel_bind(ovx, sock);
	if (err) {
		sock_release(sock);
		return err;
	}
	setup_udp_tunnel_sock(net, sock, &tcfg);
	rcu_assign_pointer(ovx->sock, sock);
	return 0;
}

/*
 * Called with RTNL held.  Releasing the socket waits for a grace period,
 * after which no reader of ovx->sock or of the socket's user data is left.
 */
void ovx_tunnel_close(struct ovx_dev *ovx)
{
	struct socket *sock = rtnl_dereference(ovx->sock);

	if (!sock)
		return;
	RCU_INIT_POINTER(ovx->sock, NULL);
	udp_tunnel_sock_release(sock);
}
