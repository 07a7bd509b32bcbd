/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Make the kernel hold a host's part of the topology: compare what the
 * switch has with the part, and create, change and remove the difference.
 * The one path by which both `ovx topology apply` and ovxd's agent write.
 */
#ifndef OVX_TOPO_RECONCILE_H
#define OVX_TOPO_RECONCILE_H

#include <stdbool.h>
#include <stdio.h>

#include "topo.h"

struct ovx_ctx;

struct topo_reconcile_opts {
	bool dry_run;		/* compute and print the plan, write nothing */
	FILE *plan;		/* plan lines ("+ net blue"...), or NULL */
	const char *state_dir;	/* what apply owns; NULL: /run/ovx */
};

struct topo_reconcile_stats {
	unsigned int created, changed, removed;
	unsigned int writes;	/* netlink requests that change the kernel */
	unsigned int pending;	/* local ports whose device is absent */
};

/*
 * Return 0 when the kernel now holds @part (or, with dry_run, would), or
 * a negative errno value with a message in @err; then nothing of this call
 * is left in the kernel (what it did is undone).
 */
int topo_reconcile(struct ovx_ctx *ctx, const struct topo_part *part,
		   const struct topo_reconcile_opts *opts,
		   struct topo_reconcile_stats *st, char *err, size_t errlen);

#endif /* OVX_TOPO_RECONCILE_H */
