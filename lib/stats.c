// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * The one parser of the "stats" nest that switches, networks, ports and
 * peers share, and the parser of the "drops" nest of switches.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

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

/* Every counter of the set is a u64 (the range is a GNU C extension). */
static const struct nla_policy drops_policy[OVX_A_DROPS_MAX + 1] = {
	[OVX_A_DROPS_PAD] = { .type = NLA_UNSPEC },
	[OVX_A_DROPS_TUNNEL_SHORT ... OVX_A_DROPS_MAX] = { .type = NLA_U64,
							  .maxlen = 8 },
};

/* Where each counter goes in struct ovx_drops. */
static const size_t drops_offset[OVX_A_DROPS_MAX + 1] = {
	[OVX_A_DROPS_TUNNEL_SHORT] = offsetof(struct ovx_drops, tunnel_short),
	[OVX_A_DROPS_TUNNEL_BAD_FLAGS] =
		offsetof(struct ovx_drops, tunnel_bad_flags),
	[OVX_A_DROPS_TUNNEL_UNKNOWN_VNI] =
		offsetof(struct ovx_drops, tunnel_unknown_vni),
	[OVX_A_DROPS_TUNNEL_UNKNOWN_PEER] =
		offsetof(struct ovx_drops, tunnel_unknown_peer),
	[OVX_A_DROPS_TUNNEL_BAD_INNER] =
		offsetof(struct ovx_drops, tunnel_bad_inner),
	[OVX_A_DROPS_BAD_SOURCE] = offsetof(struct ovx_drops, bad_source),
	[OVX_A_DROPS_FDB_FULL] = offsetof(struct ovx_drops, fdb_full),
	[OVX_A_DROPS_NO_ROUTE] = offsetof(struct ovx_drops, no_route),
	[OVX_A_DROPS_TUNNEL_DOWN] = offsetof(struct ovx_drops, tunnel_down),
	[OVX_A_DROPS_NO_MEMORY] = offsetof(struct ovx_drops, no_memory),
	[OVX_A_DROPS_TUNNEL_BAD_OPTION] =
		offsetof(struct ovx_drops, tunnel_bad_option),
	[OVX_A_DROPS_TUNNEL_CRITICAL_OPTION] =
		offsetof(struct ovx_drops, tunnel_critical_option),
	[OVX_A_DROPS_TOO_BIG] = offsetof(struct ovx_drops, too_big),
	[OVX_A_DROPS_FDB_MOVE_REFUSED] =
		offsetof(struct ovx_drops, fdb_move_refused),
	[OVX_A_DROPS_FDB_PORT_FULL] = offsetof(struct ovx_drops, fdb_port_full),
	[OVX_A_DROPS_FDB_PEER_FULL] = offsetof(struct ovx_drops, fdb_peer_full),
	[OVX_A_DROPS_FDB_EVENTS_SUPPRESSED] =
		offsetof(struct ovx_drops, fdb_events_suppressed),
};

_Static_assert(OVX_A_DROPS_MAX == OVX_A_DROPS_FDB_EVENTS_SUPPRESSED,
	       "struct ovx_drops must have a member for each drop reason");

/*
 * Reasons appear over time: a kernel older than this library lacks the
 * newer ones, which read as 0; the first ten were there from the start.
 */
int ovx_drops_parse(const struct nlattr *nest, struct ovx_drops *drops)
{
	struct nlattr *tb[OVX_A_DROPS_MAX + 1];
	uint64_t v;
	int type;

	if (ovx_nl_parse_nested(tb, OVX_A_DROPS_MAX, nest, drops_policy))
		return -EBADMSG;
	for (type = OVX_A_DROPS_TUNNEL_SHORT; type <= OVX_A_DROPS_MAX;
	     type++) {
		v = 0;
		if (tb[type] || type <= OVX_A_DROPS_NO_MEMORY) {
			if (ovx_attr_u64(tb, type, &v))
				return -EBADMSG;
		}
		memcpy((char *)drops + drops_offset[type], &v, sizeof(v));
	}
	return 0;
}
