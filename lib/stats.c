// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * The one parser of the "stats" nest that switches, networks and ports
 * share.
 */
#include <errno.h>

#include <linux/ovx.h>

#include "ovx_private.h"

static const struct nla_policy stats_policy[OVX_A_STATS_MAX + 1] = {
	[OVX_A_STATS_PAD]	 = { .type = NLA_UNSPEC },
	[OVX_A_STATS_RX_PACKETS] = { .type = NLA_U64, .maxlen = 8 },
	[OVX_A_STATS_RX_BYTES]	 = { .type = NLA_U64, .maxlen = 8 },
	[OVX_A_STATS_TX_PACKETS] = { .type = NLA_U64, .maxlen = 8 },
	[OVX_A_STATS_TX_BYTES]	 = { .type = NLA_U64, .maxlen = 8 },
	[OVX_A_STATS_RX_DROPPED] = { .type = NLA_U64, .maxlen = 8 },
	[OVX_A_STATS_TX_DROPPED] = { .type = NLA_U64, .maxlen = 8 },
};

int ovx_stats_parse(const struct nlattr *nest, struct ovx_stats *st)
{
	struct nlattr *tb[OVX_A_STATS_MAX + 1];

	if (ovx_nl_parse_nested(tb, OVX_A_STATS_MAX, nest, stats_policy) ||
	    ovx_attr_u64(tb, OVX_A_STATS_RX_PACKETS, &st->rx_packets) ||
	    ovx_attr_u64(tb, OVX_A_STATS_RX_BYTES, &st->rx_bytes) ||
	    ovx_attr_u64(tb, OVX_A_STATS_TX_PACKETS, &st->tx_packets) ||
	    ovx_attr_u64(tb, OVX_A_STATS_TX_BYTES, &st->tx_bytes) ||
	    ovx_attr_u64(tb, OVX_A_STATS_RX_DROPPED, &st->rx_dropped) ||
	    ovx_attr_u64(tb, OVX_A_STATS_TX_DROPPED, &st->tx_dropped))
		return -EBADMSG;
	return 0;
}
