// SPDX-License-Identifier: GPL-2.0-only
/*
 * ovx: live migration.  The control plane prepares a port on the guest's
 * new host in standby (attached, but its address still pointing to the old
 * host) with the guest's next move sequence.  The guest's first frame
 * there (the RARP of QEMU's announce, a gratuitous ARP or NA) activates
 * the port and this host tells every peer of the network, which re-point
 * the address, static entries included, when the sequence is later than
 * theirs.  The control plane learns of it later; the datapath does not
 * wait for it.
 */

#include <linux/etherdevice.h>
#include <linux/skbuff.h>
#include <linux/workqueue.h>

#include "fdb.h"
#include "move.h"
#include "ovx.h"
#include "port.h"
#include "tunnel.h"

/* The announcement of @p's guest; NULL without memory.  Softirq context. */
static struct sk_buff *ovx_move_build(const struct ovx_port *p)
{
	struct ovx_move_hdr *h;
	struct sk_buff *skb;
	struct ethhdr *eth;

	/* Room for the outer headers, so that encapsulation does not copy. */
	skb = alloc_skb(LL_MAX_HEADER + 64 + ETH_ZLEN, GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_reserve(skb, LL_MAX_HEADER + 64);
	eth = skb_put(skb, ETH_HLEN);
	eth_broadcast_addr(eth->h_dest);
	ether_addr_copy(eth->h_source, p->mac);
	eth->h_proto = htons(OVX_MOVE_ETH_P);
	h = skb_put_zero(skb, ETH_ZLEN - ETH_HLEN);
	h->magic = htonl(OVX_MOVE_MAGIC);
	h->version = OVX_MOVE_VERSION;
	h->seq = htons(p->seq);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	skb->protocol = htons(OVX_MOVE_ETH_P);
	return skb;
}

/*
 * Send the announcement of @p's guest to every peer of its network.
 * Softirq context (or bottom halves off) under rcu_read_lock.
 */
static void ovx_move_announce(struct ovx_port *p)
{
	struct ovx_network *n = p->network;
	struct ovx_member *m;
	struct sk_buff *skb;

	list_for_each_entry_rcu(m, &n->peers, net_node) {
		skb = ovx_move_build(p);
		if (!skb) {
			ovx_drops_inc(n->ovx->drops, OVX_DROP_NO_MEMORY);
			return;
		}
		ovx_tunnel_xmit(n, m->peer, p, skb);
	}
}

/* The repeats; the port's destruction cancels it before the port goes. */
void ovx_move_announce_work(struct work_struct *work)
{
	struct ovx_port *p = container_of(to_delayed_work(work),
					  struct ovx_port, announce_work);

	rcu_read_lock();
	local_bh_disable();
	ovx_move_announce(p);
	local_bh_enable();
	rcu_read_unlock();
	if (--p->announce_left)
		schedule_delayed_work(&p->announce_work, OVX_MOVE_INTERVAL);
}

/**
 * ovx_port_activate() - a standby port's guest sent its first frame
 * @p: the port
 *
 * Called in softirq context under rcu_read_lock, for every frame from a
 * port in standby; only the first caller does anything.  The guest's
 * address points here from now on (unless a later move is known), and the
 * network's peers are told.
 */
void ovx_port_activate(struct ovx_port *p)
{
	struct ovx_network *n = p->network;
	int err;

	if (!test_and_clear_bit(OVX_PORT_STANDBY, &p->state))
		return;
	err = ovx_fdb_move_seq(n, p->mac, p, NULL, p->seq);
	if (err == -ENOMEM)
		ovx_drops_inc(n->ovx->drops, OVX_DROP_NO_MEMORY);
	/* A later move is known here: this one is not news to anyone. */
	if (err)
		return;
	ovx_move_announce(p);
	p->announce_left = OVX_MOVE_REPEAT;
	schedule_delayed_work(&p->announce_work, OVX_MOVE_INTERVAL);
}

static void ovx_move_drop(struct ovx_network *n, struct ovx_port *in,
			  struct ovx_peer *from, struct sk_buff *skb,
			  enum ovx_drop_reason reason)
{
	ovx_drops_inc(n->ovx->drops, reason);
	ovx_stats_drop(in ? in->stats : from->stats, true);
	ovx_stats_drop(n->stats, true);
	kfree_skb(skb);
}

/**
 * ovx_move_rcv() - a frame with ovx's control Ethertype
 * @n: the network it arrived in
 * @in: the local port it came from (a guest: refused), or NULL
 * @from: else the peer that sent it
 * @skb: the frame, data at its Ethernet header (unicast source)
 *
 * Called in softirq context under rcu_read_lock.  Consumes @skb.
 */
void ovx_move_rcv(struct ovx_network *n, struct ovx_port *in,
		  struct ovx_peer *from, struct sk_buff *skb)
{
	const struct ovx_move_hdr *h;
	int err;

	if (in) {
		ovx_move_drop(n, in, NULL, skb, OVX_DROP_GUEST_CONTROL);
		return;
	}
	if (!pskb_may_pull(skb, ETH_HLEN + sizeof(*h))) {
		ovx_move_drop(n, NULL, from, skb, OVX_DROP_MOVE_STALE);
		return;
	}
	h = (const struct ovx_move_hdr *)(skb->data + ETH_HLEN);
	if (h->magic != htonl(OVX_MOVE_MAGIC) ||
	    h->version != OVX_MOVE_VERSION) {
		ovx_move_drop(n, NULL, from, skb, OVX_DROP_MOVE_STALE);
		return;
	}
	err = ovx_fdb_move_seq(n, eth_hdr(skb)->h_source, NULL, from,
			       ntohs(h->seq));
	if (err == -ESTALE) {
		ovx_move_drop(n, NULL, from, skb, OVX_DROP_MOVE_STALE);
		return;
	}
	consume_skb(skb);
}
