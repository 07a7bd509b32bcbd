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

/* The attribute of each counter, by enum ovx_stat. */
static const int stats_attr[] = {
	[OVX_STAT_RX_PACKETS] = OVX_A_STATS_RX_PACKETS,
	[OVX_STAT_RX_BYTES] = OVX_A_STATS_RX_BYTES,
	[OVX_STAT_TX_PACKETS] = OVX_A_STATS_TX_PACKETS,
	[OVX_STAT_TX_BYTES] = OVX_A_STATS_TX_BYTES,
	[OVX_STAT_RX_DROPPED] = OVX_A_STATS_RX_DROPPED,
	[OVX_STAT_TX_DROPPED] = OVX_A_STATS_TX_DROPPED,
};

static const char *const stats_name[] = {
	[OVX_STAT_RX_PACKETS] = "rx_packets",
	[OVX_STAT_RX_BYTES] = "rx_bytes",
	[OVX_STAT_TX_PACKETS] = "tx_packets",
	[OVX_STAT_TX_BYTES] = "tx_bytes",
	[OVX_STAT_RX_DROPPED] = "rx_dropped",
	[OVX_STAT_TX_DROPPED] = "tx_dropped",
};

#define N_STATS (sizeof(stats_attr) / sizeof(stats_attr[0]))
_Static_assert(N_STATS <= OVX_STATS_CAP, "OVX_STATS_CAP is too small");
_Static_assert(sizeof(stats_name) / sizeof(stats_name[0]) == N_STATS,
	       "every counter has a name");

OVX_EXPORT const char *ovx_stat_name(unsigned int stat)
{
	return stat < N_STATS ? stats_name[stat] : NULL;
}

int ovx_stats_parse(const struct nlattr *nest, struct ovx_stats *st)
{
	struct nlattr *tb[OVX_A_STATS_MAX + 1];
	size_t i;

	memset(st, 0, sizeof(*st));
	if (ovx_nl_parse_nested(tb, OVX_A_STATS_MAX, nest, stats_policy))
		return -EBADMSG;
	for (i = 0; i < N_STATS; i++)
		if (ovx_attr_u64(tb, stats_attr[i], &st->v[i]))
			return -EBADMSG;
	st->n = N_STATS;
	return 0;
}

/* Every counter of the set is a u64 (the range is a GNU C extension). */
static const struct nla_policy drops_policy[OVX_A_DROPS_MAX + 1] = {
	[OVX_A_DROPS_PAD] = { .type = NLA_UNSPEC },
	[OVX_A_DROPS_TUNNEL_SHORT ... OVX_A_DROPS_MAX] = { .type = NLA_U64,
							  .maxlen = 8 },
};

/*
 * The reasons in the order of the uapi, which enum ovx_drop_reason
 * follows: reason R is attribute OVX_A_DROPS_TUNNEL_SHORT + R.  The names
 * are the spec's, with '_' for '-'.
 */
static const char *const drops_name[] = {
	[OVX_DROP_TUNNEL_SHORT] = "tunnel_short",
	[OVX_DROP_TUNNEL_BAD_FLAGS] = "tunnel_bad_flags",
	[OVX_DROP_TUNNEL_UNKNOWN_VNI] = "tunnel_unknown_vni",
	[OVX_DROP_TUNNEL_UNKNOWN_PEER] = "tunnel_unknown_peer",
	[OVX_DROP_TUNNEL_BAD_INNER] = "tunnel_bad_inner",
	[OVX_DROP_BAD_SOURCE] = "bad_source",
	[OVX_DROP_FDB_FULL] = "fdb_full",
	[OVX_DROP_NO_ROUTE] = "no_route",
	[OVX_DROP_TUNNEL_DOWN] = "tunnel_down",
	[OVX_DROP_NO_MEMORY] = "no_memory",
	[OVX_DROP_TUNNEL_BAD_OPTION] = "tunnel_bad_option",
	[OVX_DROP_TUNNEL_CRITICAL_OPTION] = "tunnel_critical_option",
	[OVX_DROP_TOO_BIG] = "too_big",
	[OVX_DROP_FDB_MOVE_REFUSED] = "fdb_move_refused",
	[OVX_DROP_FDB_PORT_FULL] = "fdb_port_full",
	[OVX_DROP_FDB_PEER_FULL] = "fdb_peer_full",
	[OVX_DROP_FDB_EVENTS_SUPPRESSED] = "fdb_events_suppressed",
	[OVX_DROP_BAD_ARP] = "bad_arp",
	[OVX_DROP_BAD_ND] = "bad_nd",
	[OVX_DROP_UNKNOWN_UNICAST] = "unknown_unicast",
	[OVX_DROP_UNANSWERED_RESOLUTION] = "unanswered_resolution",
	[OVX_DROP_MOVE_STALE] = "move_stale",
	[OVX_DROP_GUEST_CONTROL] = "guest_control",
};

#define N_DROPS (sizeof(drops_name) / sizeof(drops_name[0]))
_Static_assert(N_DROPS == OVX_A_DROPS_MAX - OVX_A_DROPS_TUNNEL_SHORT + 1,
	       "enum ovx_drop_reason must have a value for each drop reason");
_Static_assert(N_DROPS <= OVX_DROPS_CAP, "OVX_DROPS_CAP is too small");
_Static_assert(OVX_A_DROPS_TOO_BIG - OVX_A_DROPS_TUNNEL_SHORT ==
	       OVX_DROP_TOO_BIG &&
	       OVX_A_DROPS_UNANSWERED_RESOLUTION - OVX_A_DROPS_TUNNEL_SHORT ==
	       OVX_DROP_UNANSWERED_RESOLUTION,
	       "enum ovx_drop_reason follows the uapi");

OVX_EXPORT const char *ovx_drop_reason_name(unsigned int reason)
{
	return reason < N_DROPS ? drops_name[reason] : NULL;
}

/*
 * Reasons appear over time: a kernel older than this library lacks the
 * newer ones, which read as 0; the first ten were there from the start.
 */
int ovx_drops_parse(const struct nlattr *nest, struct ovx_drops *drops)
{
	struct nlattr *tb[OVX_A_DROPS_MAX + 1];
	uint64_t v;
	int type;

	memset(drops, 0, sizeof(*drops));
	if (ovx_nl_parse_nested(tb, OVX_A_DROPS_MAX, nest, drops_policy))
		return -EBADMSG;
	for (type = OVX_A_DROPS_TUNNEL_SHORT; type <= OVX_A_DROPS_MAX;
	     type++) {
		v = 0;
		if (tb[type] || type <= OVX_A_DROPS_NO_MEMORY) {
			if (ovx_attr_u64(tb, type, &v))
				return -EBADMSG;
		}
		drops->v[type - OVX_A_DROPS_TUNNEL_SHORT] = v;
	}
	drops->n = N_DROPS;
	return 0;
}
