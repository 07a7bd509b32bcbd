/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ovx topology with a cluster: the topology in etcd, written by
 * `ovx topology apply FILE etcd URL` and followed by ovxd's agents.
 * Defined by the etcd part of ovx (cli/topo/cluster.c).
 */
#ifndef OVX_TOPO_CLUSTER_H
#define OVX_TOPO_CLUSTER_H

#include <stdbool.h>

#include "topo.h"

/*
 * Write @t to etcd at @url in one transaction; with @wait_secs >= 0, wait
 * that long (0: the default) for every live host to realize it.  Prints
 * as `ovx topology apply` does (JSON with @json).  Returns an OVX_EXIT_*
 * code.
 */
int topology_apply_etcd(const struct topo *t, const char *url, bool dry_run,
			int wait_secs, bool json);

/* `ovx topology status ...`: argv[0] is the word after "status". */
int topology_status(int argc, char **argv);

#endif /* OVX_TOPO_CLUSTER_H */
