/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The topology in etcd: `ovx topology apply FILE etcd URL`, `ovx topology
 * status etcd URL`, and what ovxd's agent shares with them (the keys, and
 * a topology read back from them).  Key layout: Documentation/topology.rst,
 * "Keys in etcd".
 */
#ifndef OVX_TOPO_CLUSTER_H
#define OVX_TOPO_CLUSTER_H

#include <stdbool.h>
#include <stdint.h>

#include "topo.h"

struct etcd_range;

#define ETCD_KEY_ROOT		"/ovx/"
#define ETCD_KEY_TOPOLOGY	"/ovx/topology/"
#define ETCD_KEY_SWITCH		"/ovx/topology/switch"
#define ETCD_KEY_HOSTS		"/ovx/topology/hosts/"
#define ETCD_KEY_NETS		"/ovx/topology/networks/"
#define ETCD_KEY_ROUTERS	"/ovx/topology/routers/"
#define ETCD_KEY_PORTS		"/ovx/topology/ports/"
#define ETCD_KEY_REVISION	"/ovx/topology/revision"
#define ETCD_KEY_ALIVE		"/ovx/alive/"
#define ETCD_KEY_REALIZED	"/ovx/realized/"

/* `wait` without a number. */
#define TOPO_WAIT_DEFAULT	60

/*
 * Write @t (validated) to etcd at @url in one transaction guarded by the
 * revision read before it.  @wait_secs < 0: do not wait; else wait up to
 * that long (0: TOPO_WAIT_DEFAULT) until every live host has realized the
 * new revision.  @json:
 * print the result as JSON.  Returns an OVX_EXIT_* code, messages printed.
 */
int topology_apply_etcd(const struct topo *t, const char *url, bool dry_run,
			int wait_secs, bool json);
/*
 * The same, with `revision N`: fail unless the topology in etcd is at
 * revision @expect (the mod_revision of /ovx/topology/revision; 0: none
 * was ever applied).  @expect < 0: any.
 */
int topology_apply_etcd_rev(const struct topo *t, const char *url,
			    bool dry_run, int wait_secs, bool json,
			    int64_t expect);

/*
 * `ovx topology status etcd URL`: argv is what follows "status".  A word
 * "-j" or "json" among them asks for JSON; topology_status_json() takes it
 * from the caller (ovx -j).
 */
int topology_status(int argc, char **argv);
int topology_status_json(int argc, char **argv, bool json);

/*
 * A topology from the keys of a range of /ovx/topology/ (other keys are
 * ignored), decoded and validated.  0, or -1 with @err.
 */
int topo_from_etcd(const struct etcd_range *r, struct topo *t,
		   struct topo_errors *err);

#endif /* OVX_TOPO_CLUSTER_H */
