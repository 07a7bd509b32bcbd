/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ovxd's agent (ovxd --etcd URL --host NAME): follows the topology in etcd
 * and keeps this host's part of it in the kernel.
 */
#ifndef OVX_AGENT_H
#define OVX_AGENT_H

struct agent;

struct agent_opts {
	const char *url;
	const char *host;
	int ttl;			/* of the host's lease, seconds */
	const char *state_dir;		/* topo_reconcile's; NULL: default */
	int verbose;
};

#define AGENT_TTL_DEFAULT	5

/* Start the agent's thread; 0 or a negative errno value (logged). */
int agent_start(const struct agent_opts *o, struct agent **ap);
/* Stop it and wait for it.  The host's lease is left to expire. */
void agent_stop(struct agent *a);

#endif /* OVX_AGENT_H */
