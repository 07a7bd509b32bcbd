/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ovx: the packet channel that serves guests (DHCP, router solicitations,
 * DNS): service frames from local ports are handed to a userspace listener
 * and its answers sent back out of the ports.
 */
#ifndef _OVX_SERVICE_H
#define _OVX_SERVICE_H

#include <linux/atomic.h>
#include <linux/if_ether.h>
#include <linux/in6.h>
#include <linux/rcupdate.h>
#include <linux/types.h>
#include <uapi/linux/ovx.h>

struct genl_info;
struct netlink_ext_ack;
struct nlattr;
struct ovx_dev;
struct ovx_network;
struct ovx_port;
struct sk_buff;

#define OVX_SVC_RATE_DEFAULT	100	/* frames per second and port */
#define OVX_SVC_BURST_DEFAULT	200
#define OVX_SVC_LEASE_DEFAULT	3600
#define OVX_SVC_PLEN4_DEFAULT	24
#define OVX_SVC_PLEN6_DEFAULT	64
#define OVX_SVC_DOMAIN_MAX	253

/*
 * Counters of the packet channel, of a port or a network.  Service frames
 * are rare (a few per guest and lease, and at most service-rate a second
 * per port), so atomics cost less than per-CPU copies in every port.
 */
struct ovx_svc_stats {
	atomic64_t upcalls;
	atomic64_t ratelimited;
	atomic64_t unqueued;
	atomic64_t sent;
};

/* A snapshot of struct ovx_svc_stats, or a sum of several. */
struct ovx_svc_sum {
	u64 upcalls;
	u64 ratelimited;
	u64 unqueued;
	u64 sent;
};

/* Service settings of a switch; immutable once published. */
struct ovx_dev_svc {
	u32 rate;			/* frames per second and port */
	u32 burst;			/* depth of each port's bucket */
	unsigned int n_upstream;
	struct in6_addr upstream[OVX_DNS_SERVERS_MAX];	/* IPv4 v4-mapped */
	struct rcu_head rcu;
};

/* Service settings of a network; immutable once published. */
struct ovx_net_svc {
	bool dhcp;
	bool dns;
	bool has_mac;
	u8 plen4;
	u8 plen6;
	u8 mac[ETH_ALEN];
	u32 lease;			/* seconds */
	__be32 service4;		/* 0: none */
	struct in6_addr service6;	/* ::, none */
	unsigned int n_servers;
	struct in6_addr servers[OVX_DNS_SERVERS_MAX];	/* IPv4 v4-mapped */
	char domain[OVX_SVC_DOMAIN_MAX + 1];
	struct rcu_head rcu;
};

void ovx_svc_dev_defaults(struct ovx_dev_svc *s);
void ovx_svc_net_defaults(struct ovx_net_svc *s);
void ovx_svc_dev_get(const struct ovx_dev *ovx, struct ovx_dev_svc *s);
void ovx_svc_net_get(const struct ovx_network *n, struct ovx_net_svc *s);
void ovx_svc_dev_publish(struct ovx_dev *ovx, struct ovx_dev_svc *s);
void ovx_svc_net_publish(struct ovx_network *n, struct ovx_net_svc *s);
void ovx_svc_sum_add(const struct ovx_svc_stats *st, struct ovx_svc_sum *sum);

bool ovx_service_rcv(struct ovx_network *n, struct ovx_port *in,
		       struct sk_buff *skb);

int ovx_service_init(void);
void ovx_service_uninit(void);

#endif /* _OVX_SERVICE_H */
