/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ovxd's picture of what it serves, rebuilt from the kernel through
 * libovx: switches (with their DNS forwarders), the networks with a
 * service on, and their ports.  It is rebuilt whole from dumps (after
 * events, on frames from ports it does not know, and periodically, for
 * changes that raise no event such as "net set" or a router attached);
 * counters live beside it, keyed by network name, so a rebuild keeps them.
 */
#ifndef OVX_SVC_MODEL_H
#define OVX_SVC_MODEL_H

#include <ovx/ovx.h>

#include "dns.h"
#include "svc.h"

struct model_switch {
	int ifindex;
	char name[OVX_IFNAMSIZ];
	uint32_t inner_mtu;
	bool listening;
	size_t n_upstream;
	struct ovx_addr upstream[OVX_DNS_SERVERS_MAX];
};

struct model_port {
	struct svc_port port;
	size_t net;			/* index in model.nets */
	bool has_slaac;			/* port.ip6[0] is its SLAAC address */
	bool slaac_bound;		/* and ovxd made it a binding */
};

struct model_net {
	struct svc_net net;
	char router[OVX_ROUTER_NAMSIZ];	/* "" when none is attached */
	size_t first_port, n_ports;	/* in model.by_net */
	struct svc_counters *counters;	/* owned by the counter table */
};

/* A named address binding: a local port's own, or a remote guest's. */
struct model_name {
	size_t net;			/* index in model.nets */
	char name[SVC_NAMSIZ];		/* lowercase */
	int family;
	union {
		struct in_addr v4;
		struct in6_addr v6;
	} addr;
};

struct model_counters {
	char name[SVC_NAMSIZ];
	struct svc_counters c;
};

struct model {
	struct model_switch *switches;
	size_t n_switches;
	struct model_net *nets;
	size_t n_nets;
	struct model_port *ports;	/* sorted by ifindex */
	size_t n_ports;
	size_t *by_net;			/* port indexes grouped by network */
	struct model_name *names;	/* from the bindings */
	size_t n_names;
	/* Counters of every network ever served, never freed while running. */
	struct model_counters *counters;
	size_t n_counters;
};

/*
 * model_build() - (re)read everything from the kernel into @m
 * Return: 0 or -errno; on failure @m is left as it was.
 */
int model_build(struct ovx_ctx *ctx, struct model *m);
void model_free(struct model *m);

struct model_net *model_net(struct model *m, const char *name);
struct model_port *model_port(struct model *m, int ifindex);
struct model_switch *model_switch(struct model *m, int ifindex);

/*
 * The DNS zone of the model: the names of the ports of a network and of
 * the networks attached to the same router (they can reach each other;
 * other networks' names stay invisible).
 */
void model_zone(struct model *m, struct dns_zone *zone);

#endif
