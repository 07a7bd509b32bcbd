// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Tests of the ABI rules of sized objects (sized.c, OVX_INIT(),
 * OVX_HAS()): a caller built with an older or a newer header than the
 * library, simulated by objects one member larger or truncated.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ovx_private.h"
#include "ktap.h"

/* struct ovx_switch as a newer header could have it: a member more. */
struct switch_v2 {
	struct ovx_switch v1;
	uint64_t newer;
};

/* struct ovx_fdb_filter as a newer header could have it. */
struct filter_v2 {
	struct ovx_fdb_filter v1;
	int newer;
};

static void test_in(void)
{
	struct ovx_switch_config full, user;
	struct {
		struct ovx_switch_config v1;
		int newer;
	} big;
	int ret;

	ovx_switch_config_init(&user, "sw0");
	user.ttl = 7;
	ovx_switch_config_init(&full, NULL);
	ret = ovx_sized_in(&full, sizeof(full), &user, OVX_SWITCH_CONFIG_MIN);
	ktap_check(ret == 0 && full.size == sizeof(full) && full.ttl == 7 &&
		   !strcmp(full.name, "sw0") && full.tos == -1,
		   "in: an object of this version is taken whole");

	user.size = OVX_SWITCH_CONFIG_MIN - 1;
	ret = ovx_sized_in(&full, sizeof(full), &user, OVX_SWITCH_CONFIG_MIN);
	ktap_check(ret == -EINVAL, "in: smaller than the first version: -EINVAL");

	memset(&big, 0, sizeof(big));
	ovx_switch_config_init(&big.v1, "sw1");
	big.v1.size = sizeof(big);
	ovx_switch_config_init(&full, NULL);
	ret = ovx_sized_in(&full, sizeof(full), &big, OVX_SWITCH_CONFIG_MIN);
	ktap_check(ret == 0 && full.size == sizeof(full) &&
		   !strcmp(full.name, "sw1"),
		   "in: a newer caller's object with its new member unset is taken");
	big.newer = 1;
	ret = ovx_sized_in(&full, sizeof(full), &big, OVX_SWITCH_CONFIG_MIN);
	ktap_check(ret == -EOPNOTSUPP,
		   "in: a newer caller's object with its new member set: -EOPNOTSUPP");
}

static void test_out(void)
{
	struct switch_v2 big;
	struct ovx_switch full, small;
	unsigned char *p;
	size_t i;
	bool untouched = true;

	memset(&full, 0x5a, sizeof(full));
	full.size = sizeof(full);

	memset(&big, 0xee, sizeof(big));
	big.v1.size = sizeof(big);
	ktap_check(ovx_sized_out_ok(&big, OVX_SWITCH_MIN) == 0,
		   "out: a newer caller's object is accepted");
	ovx_sized_out(&big, &full, sizeof(full));
	p = (unsigned char *)&big;
	for (i = sizeof(full); i < sizeof(big); i++)
		untouched &= p[i] == 0xee;
	ktap_check(big.v1.size == sizeof(full) && untouched &&
		   big.v1.ttl == 0x5a && OVX_HAS(&big.v1, udp_zero_csum6_rx),
		   "out: filled up to the library's size, which @size tells");
	ktap_check(offsetof(struct switch_v2, newer) + sizeof(big.newer) >
		   big.v1.size,
		   "out: the newer member lies beyond @size");

	OVX_INIT(&small);
	small.size = OVX_SWITCH_MIN - 1;
	ktap_check(ovx_sized_out_ok(&small, OVX_SWITCH_MIN) == -EINVAL &&
		   ovx_sized_out_ok(NULL, OVX_SWITCH_MIN) == -EINVAL,
		   "out: too small, or NULL: -EINVAL");
}

/* The public functions apply the rules before anything is sent. */
static void test_functions(void)
{
	struct ovx_switch_config cfg;
	struct ovx_switch sw;
	struct ovx_net_config ncfg;
	struct ovx_fdb_entry e;
	struct filter_v2 f;
	struct ovx_ctx *ctx;

	if (ovx_nl_open_family(&ctx, "nlctrl", 2)) {
		ktap_skip("no generic netlink here", "functions check sizes");
		return;
	}
	ovx_switch_config_init(&cfg, "sw0");
	cfg.size = 8;
	ovx_net_config_init(&ncfg, "blue");
	ncfg.size = 0;
	OVX_INIT(&e);
	e.size--;
	memset(&sw, 0, sizeof(sw));
	ktap_check(ovx_switch_add(ctx, &cfg) == -EINVAL &&
		   ovx_net_add(ctx, &ncfg) == -EINVAL &&
		   ovx_net_set(ctx, &ncfg) == -EINVAL &&
		   ovx_fdb_add(ctx, &e) == -EINVAL &&
		   ovx_switch_get(ctx, "sw0", &sw) == -EINVAL &&
		   ovx_switch_get_only(ctx, &sw) == -EINVAL &&
		   !ovx_errmsg(ctx),
		   "objects without their size are refused: -EINVAL");

	memset(&f, 0, sizeof(f));
	f.v1.size = sizeof(f);
	f.newer = 3;
	ktap_check(ovx_fdb_flush(ctx, &f.v1) == -EOPNOTSUPP,
		   "a filter that sets a member unknown to the library: -EOPNOTSUPP");
	ovx_close(ctx);
}

static void test_names(void)
{
	ktap_check(!strcmp(ovx_stat_name(OVX_STAT_RX_PACKETS), "rx_packets") &&
		   !strcmp(ovx_stat_name(OVX_STAT_TX_DROPPED), "tx_dropped") &&
		   !ovx_stat_name(OVX_STAT_TX_DROPPED + 1) &&
		   !ovx_stat_name(OVX_STATS_CAP),
		   "counter names by index, NULL past the last");
	ktap_check(!strcmp(ovx_drop_reason_name(OVX_DROP_TUNNEL_SHORT),
			   "tunnel_short") &&
		   !strcmp(ovx_drop_reason_name(OVX_DROP_TOO_BIG), "too_big") &&
		   !strcmp(ovx_drop_reason_name(OVX_DROP_FDB_EVENTS_SUPPRESSED),
			   "fdb_events_suppressed") &&
		   !strcmp(ovx_drop_reason_name(OVX_DROP_BAD_ARP), "bad_arp") &&
		   !strcmp(ovx_drop_reason_name(OVX_DROP_BAD_ND), "bad_nd") &&
		   !strcmp(ovx_drop_reason_name(OVX_DROP_UNKNOWN_UNICAST),
			   "unknown_unicast") &&
		   !strcmp(ovx_drop_reason_name(OVX_DROP_UNANSWERED_RESOLUTION),
			   "unanswered_resolution") &&
		   !strcmp(ovx_drop_reason_name(OVX_DROP_MOVE_STALE),
			   "move_stale") &&
		   !strcmp(ovx_drop_reason_name(OVX_DROP_GUEST_CONTROL),
			   "guest_control") &&
		   !ovx_drop_reason_name(OVX_DROP_GUEST_CONTROL + 1),
		   "drop reason names by index, NULL past the last");
}

int main(void)
{
	ktap_init();
	test_in();
	test_out();
	test_functions();
	test_names();
	return ktap_finish();
}
