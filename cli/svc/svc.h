/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ovxd's model of what it serves: one struct svc_net per network with the
 * services on, one struct svc_port per port.  ovxd (ovxd.c) fills them from
 * the kernel through libovx and keeps them current from the events group;
 * the protocol code (dhcp4.c, ra.c, dns.c) only reads them, and answers
 * one frame at a time without keeping state of its own (a lease is the
 * port's static address, so there is nothing to remember).
 */
#ifndef OVX_SVC_H
#define OVX_SVC_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SVC_NAMSIZ	32	/* network and port names, NUL included */
#define SVC_DOMAINSIZ	254	/* a domain name without its final dot, NUL included */
#define SVC_ADDRS_MAX	16	/* addresses of a port (OVX_PORT_IPS_MAX) */
#define SVC_DNS_MAX	4	/* DNS servers given to guests */
#define SVC_ROUTES_MAX	64	/* classless static routes given to guests */
#define SVC_PREFIX6_MAX	8	/* prefixes advertised to guests */

struct svc_route4 {
	struct in_addr dst;
	uint8_t len;
	struct in_addr via;
};

struct svc_prefix6 {
	struct in6_addr prefix;
	uint8_t len;
};

/*
 * A network as the services see it.  @server_mac with @server4/@server6 is
 * where guests reach the services: the router's MAC and gateway addresses
 * when a router is attached (@has_router), else the network's service
 * address and MAC.
 */
struct svc_net {
	char name[SVC_NAMSIZ];
	uint32_t vni;
	int switch_ifindex;
	bool dhcp;
	bool dns;
	char domain[SVC_DOMAINSIZ];	/* effective: set, or NAME.internal */
	uint32_t lease;			/* seconds */
	uint32_t mtu;			/* the switch's inner MTU; 0 unknown */
	uint8_t server_mac[6];
	bool has_router;
	bool has_server4;
	struct in_addr server4;		/* DHCP server id, router, DNS */
	uint8_t prefix4_len;		/* subnet of server4 */
	bool has_server6;
	struct in6_addr server6;	/* RA source is the link-local of server_mac */
	unsigned int n_dns4;		/* DNS servers given to guests: the */
	struct in_addr dns4[SVC_DNS_MAX]; /* configured ones, else server4 */
	unsigned int n_dns6;
	struct in6_addr dns6[SVC_DNS_MAX];
	unsigned int n_routes4;		/* the router's other prefixes (its */
	struct svc_route4 routes4[SVC_ROUTES_MAX]; /* other interfaces and routes) */
	unsigned int n_prefix6;		/* on-link prefixes of this network */
	struct svc_prefix6 prefix6[SVC_PREFIX6_MAX];
};

struct svc_port {
	int ifindex;
	char name[SVC_NAMSIZ];		/* DNS name in the domain; "" none */
	bool has_mac;
	uint8_t mac[6];
	unsigned int n4;
	struct in_addr ip4[SVC_ADDRS_MAX];
	unsigned int n6;
	struct in6_addr ip6[SVC_ADDRS_MAX];
};

/* Per-network counters of what ovxd did, reported by `ovx service show`. */
struct svc_counters {
	uint64_t dhcp_discover, dhcp_request, dhcp_release, dhcp_decline,
		 dhcp_inform;
	uint64_t dhcp_offer, dhcp_ack, dhcp_nak;
	uint64_t dhcp_no_binding;	/* no ip on the port: no offer */
	uint64_t dhcp_malformed;
	uint64_t rs, ra_sent, ra_malformed;
	uint64_t dns_queries, dns_local, dns_nxdomain, dns_forwarded,
		 dns_cache_hits, dns_truncated, dns_servfail, dns_malformed,
		 dns_dropped;
};

#endif
