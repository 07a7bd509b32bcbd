/* SPDX-License-Identifier: GPL-2.0-only */
/* ovx: per-CPU packet counters of networks and ports. */
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

#endif /* _OVX_STATS_H */
