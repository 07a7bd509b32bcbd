/* SPDX-License-Identifier: GPL-2.0-only */
/* ovx: per-CPU packet counters of networks, ports and peers, and drops. */
#ifndef _OVX_STATS_H
#define _OVX_STATS_H

#include <linux/percpu.h>
#include <linux/u64_stats_sync.h>

struct ovx_pcpu_stats {
	u64_stats_t rx_packets;
	u64_stats_t rx_bytes;
	u64_stats_t tx_packets;
	u64_stats_t tx_bytes;
	u64_stats_t rx_dropped;
	u64_stats_t tx_dropped;
	u64_stats_t arp_suppressed;	/* networks only */
	struct u64_stats_sync syncp;
};

/* A consistent sum over all CPUs, for netlink replies. */
struct ovx_stats {
	u64 rx_packets;
	u64 rx_bytes;
	u64 tx_packets;
	u64 tx_bytes;
	u64 rx_dropped;
	u64 tx_dropped;
	u64 arp_suppressed;
};

struct ovx_pcpu_stats __percpu *ovx_stats_alloc(void);
void ovx_stats_fold(struct ovx_pcpu_stats __percpu *pcpu, struct ovx_stats *sum);

/* Datapath side: softirq context, so this CPU's counters are ours alone. */
static inline void ovx_stats_add(struct ovx_pcpu_stats __percpu *pcpu,
				 bool rx, unsigned int len)
{
	struct ovx_pcpu_stats *s = this_cpu_ptr(pcpu);

	u64_stats_update_begin(&s->syncp);
	if (rx) {
		u64_stats_inc(&s->rx_packets);
		u64_stats_add(&s->rx_bytes, len);
	} else {
		u64_stats_inc(&s->tx_packets);
		u64_stats_add(&s->tx_bytes, len);
	}
	u64_stats_update_end(&s->syncp);
}

static inline void ovx_stats_drop(struct ovx_pcpu_stats __percpu *pcpu, bool rx)
{
	struct ovx_pcpu_stats *s = this_cpu_ptr(pcpu);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(rx ? &s->rx_dropped : &s->tx_dropped);
	u64_stats_update_end(&s->syncp);
}

/* An ARP request or neighbour solicitation that did not cross the underlay. */
static inline void ovx_stats_arp_suppressed(struct ovx_pcpu_stats __percpu *pcpu)
{
	struct ovx_pcpu_stats *s = this_cpu_ptr(pcpu);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->arp_suppressed);
	u64_stats_update_end(&s->syncp);
}

/*
 * Why a switch dropped a frame.  The order is that of the uapi's drops
 * attribute set (OVX_A_DROPS_TUNNEL_SHORT onwards), checked at build time.
 */
enum ovx_drop_reason {
	OVX_DROP_TUNNEL_SHORT,
	OVX_DROP_TUNNEL_BAD_FLAGS,
	OVX_DROP_TUNNEL_UNKNOWN_VNI,
	OVX_DROP_TUNNEL_UNKNOWN_PEER,
	OVX_DROP_TUNNEL_BAD_INNER,
	OVX_DROP_BAD_SOURCE,
	OVX_DROP_FDB_FULL,
	OVX_DROP_NO_ROUTE,
	OVX_DROP_TUNNEL_DOWN,
	OVX_DROP_NO_MEMORY,
	OVX_DROP_TUNNEL_BAD_OPTION,
	OVX_DROP_TUNNEL_CRITICAL_OPTION,
	OVX_DROP_TOO_BIG,
	OVX_DROP_FDB_MOVE_REFUSED,
	OVX_DROP_FDB_PORT_FULL,
	OVX_DROP_FDB_PEER_FULL,
	OVX_DROP_FDB_EVENTS_SUPPRESSED,
	OVX_DROP_BAD_ARP,
	OVX_DROP_BAD_ND,
	OVX_DROP_UNKNOWN_UNICAST,
	OVX_DROP_UNANSWERED_RESOLUTION,
	OVX_DROP_MOVE_STALE,
	OVX_DROP_GUEST_CONTROL,
	OVX_DROP_MAX
};

struct ovx_pcpu_drops {
	u64_stats_t n[OVX_DROP_MAX];
	struct u64_stats_sync syncp;
};

struct ovx_pcpu_drops __percpu *ovx_drops_alloc(void);
void ovx_drops_fold(struct ovx_pcpu_drops __percpu *pcpu, u64 *sum);

/* Softirq context, like ovx_stats_add(). */
static inline void ovx_drops_inc(struct ovx_pcpu_drops __percpu *pcpu,
				 enum ovx_drop_reason reason)
{
	struct ovx_pcpu_drops *d = this_cpu_ptr(pcpu);

	u64_stats_update_begin(&d->syncp);
	u64_stats_inc(&d->n[reason]);
	u64_stats_update_end(&d->syncp);
}

#endif /* _OVX_STATS_H */
