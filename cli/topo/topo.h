/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The topology of an application's networks, written once (a YAML file or
 * the keys of etcd), and each host's part of it.  Shared by `ovx topology`
 * and ovxd's agent, so that a host configured from a file and one that
 * follows etcd compute the same part by the same code.
 *
 * Ownership: a struct topo owns every string and array it points to;
 * topo_free() releases them.  A struct topo_part points into its topo and
 * lives no longer than it.
 */
#ifndef OVX_TOPO_H
#define OVX_TOPO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <ovx/ovx.h>

/* Settings a file may leave out are -1 ("unset": apply's default). */
#define TOPO_UNSET	(-1)

/*
 * Where each object lives in etcd, and what validation messages of a
 * topology read from etcd name: TOPO_KEY_PREFIX "switch", and
 * TOPO_KEY_PREFIX "hosts/NAME" (networks/, routers/, ports/ alike).
 */
#define TOPO_KEY_PREFIX		"/ovx/topology/"
#define TOPO_KEY_SWITCH		TOPO_KEY_PREFIX "switch"
#define TOPO_KEY_HOSTS		TOPO_KEY_PREFIX "hosts/"
#define TOPO_KEY_NETS		TOPO_KEY_PREFIX "networks/"
#define TOPO_KEY_ROUTERS	TOPO_KEY_PREFIX "routers/"
#define TOPO_KEY_PORTS		TOPO_KEY_PREFIX "ports/"

struct topo_prefix {
	struct ovx_addr addr;
	unsigned int len;
};

struct topo_switch {
	char name[OVX_IFNAMSIZ];
	int encap;			/* OVX_ENCAP_VXLAN or OVX_ENCAP_GENEVE */
	int dstport;			/* UDP port, TOPO_UNSET for the default */
	int line;
};

struct topo_host {
	char *name;
	struct ovx_addr address;	/* its underlay address */
	int line;
};

struct topo_net {
	char *name;
	uint32_t vni;
	/* 0 or 1, or TOPO_UNSET */
	int learning;			/* apply's default: off */
	int flood_unknown;		/* apply's default: off */
	int arp_suppress;
	int dhcp;
	int dns;
	/* TOPO_UNSET or a value the kernel accepts */
	long long ageing;
	long long fdb_max;
	long long lease;
	char *domain;			/* NULL: unset */
	size_t n_dns_servers;
	struct ovx_addr *dns_servers;
	int line;
	/*
	 * "service ADDR[/LEN]" of a network without a router: family
	 * AF_UNSPEC when unset; service_len TOPO_UNSET without "/LEN".
	 */
	struct ovx_addr service;
	int service_len;
};

struct topo_router_if {
	char *net;
	size_t n_ips;
	struct topo_prefix *ips;	/* the router's addresses (gateways) */
	int line;
};

struct topo_route {
	struct topo_prefix prefix;
	bool has_via;
	struct ovx_addr via;
	int line;
};

struct topo_router {
	char *name;
	bool has_mac;
	uint8_t mac[6];
	size_t n_ifs;
	struct topo_router_if *ifs;
	size_t n_routes;
	struct topo_route *routes;
	int line;
};

struct topo_port {
	char *name;
	char *net;
	char *host;
	char *dev;			/* the device on @host */
	uint8_t mac[6];
	size_t n_ips;
	struct ovx_addr *ips;		/* at most OVX_PORT_IPS_MAX */
	/*
	 * Move sequence: raised by one each time @host changes (etcd apply
	 * does it; a file may set "seq").  @from is the host the port left
	 * at its last move, NULL when it never moved.
	 */
	uint32_t seq;
	char *from;
	int line;
};

struct topo {
	char *file;			/* for messages: "FILE:LINE: ..." */
	struct topo_switch sw;
	size_t n_hosts, n_nets, n_routers, n_ports;
	struct topo_host *hosts;
	struct topo_net *nets;
	struct topo_router *routers;
	struct topo_port *ports;
	/*
	 * Room allocated in each array, so that adding objects one by one
	 * stays linear; 0 is always right (the next addition reallocates).
	 */
	size_t cap_hosts, cap_nets, cap_routers, cap_ports;
};

/*
 * Errors found while reading or validating, each "FILE:LINE: message" (or
 * "KEY: message" for a topology read from etcd).  Reading goes on after an
 * error to report as many as it can, up to a limit.
 */
struct topo_errors {
	size_t n;
	char **msg;
};

void topo_errors_free(struct topo_errors *e);
void topo_errors_print(const struct topo_errors *e, FILE *f);

/*
 * Read and validate a topology file.  Return 0 and fill @t, or -1 with
 * @err holding every problem found (then @t is empty).
 */
int topo_load_file(const char *path, struct topo *t, struct topo_errors *err);

/* The same from @len bytes at @buf; @name is the file named in messages. */
int topo_load_string(const char *name, const char *buf, size_t len,
		     struct topo *t, struct topo_errors *err);

/* Validate a topology built another way (from etcd).  0 or -1 with @err. */
int topo_validate(const struct topo *t, struct topo_errors *err);

void topo_free(struct topo *t);

/* Lookups by name; NULL when absent. */
const struct topo_host *topo_host_find(const struct topo *t, const char *name);
const struct topo_net *topo_net_find(const struct topo *t, const char *name);
const struct topo_router *topo_router_find(const struct topo *t,
					   const char *name);
const struct topo_port *topo_port_find(const struct topo *t, const char *name);

/*
 * Whether two topologies hold the same objects with the same settings, in
 * the same order (the lines and the file name are not compared).
 */
bool topo_equal(const struct topo *a, const struct topo *b);

/*
 * Each object as one JSON object, for the keys of etcd (see
 * Documentation/topology.rst, "Keys in etcd").  The encoders return a
 * malloc'd string; the decoders add one object to @t (taking @name as its
 * name) and return 0, or -1 with a message in @err naming @key.
 */
char *topo_switch_to_json(const struct topo_switch *sw);
char *topo_host_to_json(const struct topo_host *h);
char *topo_net_to_json(const struct topo_net *n);
char *topo_router_to_json(const struct topo_router *r);
char *topo_port_to_json(const struct topo_port *p);
int topo_switch_from_json(struct topo *t, const char *key, const char *json,
			  struct topo_errors *err);
int topo_host_from_json(struct topo *t, const char *key, const char *name,
			const char *json, struct topo_errors *err);
int topo_net_from_json(struct topo *t, const char *key, const char *name,
		       const char *json, struct topo_errors *err);
int topo_router_from_json(struct topo *t, const char *key, const char *name,
			  const char *json, struct topo_errors *err);
int topo_port_from_json(struct topo *t, const char *key, const char *name,
			const char *json, struct topo_errors *err);

/*
 * One host's part of a topology: what its switch must hold.
 *
 * A host needs a network when it has ports in it, or when the network is
 * attached to a router that one of those networks is attached to (routing
 * happens at the source host).  It needs those routers, whole.  Its peers
 * are the other live hosts with ports in the networks it needs, each a
 * member of exactly the needed networks it has ports in.  The ports of
 * live peers in needed networks are its remote ports: static FDB entries
 * and bindings.
 *
 * Every array holds indexes into the topo's arrays, in the topo's order.
 */
struct topo_part_peer {
	size_t host;
	size_t n_nets;
	size_t *nets;
};

struct topo_part {
	const struct topo *t;
	size_t self;			/* index of this host */
	size_t n_nets, n_routers, n_local, n_remote, n_peers;
	size_t *nets;
	size_t *routers;
	size_t *local;			/* ports on this host */
	size_t *remote;			/* ports of live peers, needed nets */
	struct topo_part_peer *peers;
};

/*
 * @alive: called for every other host, true when it is live (its etcd
 * lease holds); NULL: every host is live (the file mode).
 * Return 0, or -1 when @host is not a host of @t (a message in @err).
 */
int topo_part_compute(const struct topo *t, const char *host,
		      bool (*alive)(const char *host, void *arg), void *arg,
		      struct topo_part *part, struct topo_errors *err);
void topo_part_free(struct topo_part *part);

/*
 * Which host this machine is when none is named: the host whose name is
 * this machine's hostname, else the one whose address is configured on
 * one of its interfaces.  NULL when none or several match.
 */
const char *topo_self(const struct topo *t);

#endif /* OVX_TOPO_H */
