// SPDX-License-Identifier: GPL-2.0-only
/* ovx: per-CPU packet counters of networks, ports and peers, and drops. */

#include <linux/gfp.h>
#include <linux/percpu.h>

#include "stats.h"

struct ovx_pcpu_stats __percpu *ovx_stats_alloc(void)
{
	struct ovx_pcpu_stats __percpu *pcpu;
	int cpu;

	pcpu = alloc_percpu(struct ovx_pcpu_stats);
	if (!pcpu)
		return NULL;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(pcpu, cpu)->syncp);
	return pcpu;
}

void ovx_stats_fold(struct ovx_pcpu_stats __percpu *pcpu, struct ovx_stats *sum)
{
	int cpu;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct ovx_pcpu_stats *s = per_cpu_ptr(pcpu, cpu);
		u64 rxp, rxb, txp, txb, rxd, txd, arp;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			rxp = u64_stats_read(&s->rx_packets);
			rxb = u64_stats_read(&s->rx_bytes);
			txp = u64_stats_read(&s->tx_packets);
			txb = u64_stats_read(&s->tx_bytes);
			rxd = u64_stats_read(&s->rx_dropped);
			txd = u64_stats_read(&s->tx_dropped);
			arp = u64_stats_read(&s->arp_suppressed);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		sum->rx_packets += rxp;
		sum->rx_bytes += rxb;
		sum->tx_packets += txp;
		sum->tx_bytes += txb;
		sum->rx_dropped += rxd;
		sum->tx_dropped += txd;
		sum->arp_suppressed += arp;
	}
}

struct ovx_pcpu_drops __percpu *ovx_drops_alloc(void)
{
	struct ovx_pcpu_drops __percpu *pcpu;
	int cpu;

	pcpu = alloc_percpu(struct ovx_pcpu_drops);
	if (!pcpu)
		return NULL;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(pcpu, cpu)->syncp);
	return pcpu;
}

/* @sum has OVX_DROP_MAX counters. */
void ovx_drops_fold(struct ovx_pcpu_drops __percpu *pcpu, u64 *sum)
{
	u64 one[OVX_DROP_MAX];
	int cpu, i;

	memset(sum, 0, sizeof(*sum) * OVX_DROP_MAX);
	for_each_possible_cpu(cpu) {
		const struct ovx_pcpu_drops *d = per_cpu_ptr(pcpu, cpu);
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&d->syncp);
			for (i = 0; i < OVX_DROP_MAX; i++)
				one[i] = u64_stats_read(&d->n[i]);
		} while (u64_stats_fetch_retry(&d->syncp, start));
		for (i = 0; i < OVX_DROP_MAX; i++)
			sum[i] += one[i];
	}
}
