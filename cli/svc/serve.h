/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ovxd's serving half: one frame handed up in, its answer out of the same
 * port; DNS forwarders per switch; periodic router advertisements.
 */
#ifndef OVX_SVC_SERVE_H
#define OVX_SVC_SERVE_H

#include <time.h>

#include <ovx/ovx.h>

#include "dns.h"
#include "model.h"

#define FWD_QUOTA_BUCKETS	256

struct serve_fwd {
	int switch_ifindex;
	size_t n_upstream;
	struct ovx_addr upstream[OVX_DNS_SERVERS_MAX];
	struct dns_fwd *fwd;
	/* Forwarded queries in flight, by port ifindex modulo the size. */
	uint16_t inflight[FWD_QUOTA_BUCKETS];
};

/* What ovxd counts outside any network (its own status line). */
struct serve_stats {
	uint64_t upcalls;
	uint64_t unknown;	/* frames of ports or networks not served */
	uint64_t dhcp6_ignored;	/* stateful DHCPv6 is not offered */
	uint64_t send_failed;	/* ovx_packet_send() failed at once */
	uint64_t rebuilds;
	uint64_t rebuild_failed;
};

struct serve {
	struct ovx_ctx *ctx;
	struct model model;
	struct dns_zone zone;
	struct serve_fwd *fwds;
	size_t n_fwds;
	struct serve_stats st;
	int verbose;
	bool want_rebuild;	/* a frame from something the model lacks */
};

int serve_init(struct serve *s, struct ovx_ctx *ctx);
void serve_fini(struct serve *s);

/* After model_build(): forwarders follow the switches' upstreams. */
int serve_sync_forwarders(struct serve *s);
/* Binds the SLAAC addresses the model found new (neigh add). */
void serve_bind_slaac(struct serve *s);

int serve_packet(const struct ovx_packet *pkt, void *arg);
/* Unsolicited router advertisements to every served port. */
void serve_advertise(struct serve *s);

/* The forwarders' sockets, for poll(); returns how many (<= max). */
int serve_fwd_fds(struct serve *s, int *fds, int max);
void serve_fwd_input(struct serve *s, int fd);
/* Retries and timeouts; returns ms until the next, -1 for none. */
int serve_fwd_tick(struct serve *s);

#endif
