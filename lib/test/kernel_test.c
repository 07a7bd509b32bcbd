// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Round trips of networks, ports, the FDB, peers, address bindings,
 * routers, routes and notifications through the kernel, in a network
 * namespace of this process's own, so nothing outside is touched.  Everything is skipped without the ovx
 * module (the unit tests of each file cover what needs no kernel); with
 * it (in the VM, see scripts/vmtest), the requests of every object are
 * made and the kernel's answers checked.  Ports are veth devices made with
 * ip(8).  The peer checks are skipped with a module that has no peers,
 * the address binding checks with one that has no bindings, the router
 * checks with one that has no routers.
 */
#define _GNU_SOURCE		/* unshare() */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <poll.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ovx_private.h"
#include "ktap.h"

static const uint8_t mac1[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x01 };

static int count_nets(const struct ovx_net *net, void *arg)
{
	(void)net;
	++*(int *)arg;
	return 0;
}

static int count_ports(const struct ovx_port *port, void *arg)
{
	(void)port;
	++*(int *)arg;
	return 0;
}

static int count_fdb(const struct ovx_fdb_entry *e, void *arg)
{
	(void)e;
	++*(int *)arg;
	return 0;
}

/* Counts the entries of a dump, and those that break its filter. */
struct fdb_count {
	const struct ovx_fdb_filter *f;
	int n;
	int bad;
};

static int check_fdb(const struct ovx_fdb_entry *e, void *arg)
{
	struct fdb_count *c = arg;
	bool is_static = e->flags & OVX_FDB_ENTRY_STATIC;

	c->n++;
	if ((c->f->net && strcmp(e->net, c->f->net)) ||
	    (c->f->port_ifindex && e->port_ifindex != c->f->port_ifindex) ||
	    (c->f->kind == OVX_FDB_KIND_STATIC && !is_static) ||
	    (c->f->kind == OVX_FDB_KIND_LEARNED && is_static))
		c->bad++;
	return 0;
}

static const char *msg(struct ovx_ctx *ctx)
{
	return ovx_errmsg(ctx) ? ovx_errmsg(ctx) : "";
}

static void test_nets(struct ovx_ctx *ctx)
{
	struct ovx_net_config cfg;
	struct ovx_switch sw = { .size = sizeof(struct ovx_switch) };
	struct ovx_net net = { .size = sizeof(struct ovx_net) };
	int err, n = 0;

	ovx_net_config_init(&cfg, "blue");
	cfg.vni = 100;
	err = ovx_net_add(ctx, &cfg);
	ktap_check(err == -ENODEV,
		   "net add without any switch: -ENODEV (%d)", err);

	{
		struct ovx_switch_config sc;

		ovx_switch_config_init(&sc, "ovxk0");
		sc.local.family = AF_INET;
		sc.local.u.v4.s_addr = htonl(0x7f000001);
		err = ovx_switch_add(ctx, &sc);
		ktap_check(err == 0, "switch ovxk0 added (%d \"%s\")", err,
			   msg(ctx));
	}
	err = ovx_switch_get_only(ctx, &sw);
	ktap_check(err == 0 && !strcmp(sw.name, "ovxk0"),
		   "ovx_switch_get_only() finds it (%d)", err);

	err = ovx_net_add(ctx, &cfg);
	ktap_check(err == 0, "net add blue vni 100 into the only switch (%d \"%s\")",
		   err, msg(ctx));
	err = ovx_net_get(ctx, "blue", &net);
	ktap_check(err == 0 && net.vni == 100 && !strcmp(net.name, "blue") &&
		   net.switch_ifindex == sw.ifindex &&
		   !strcmp(net.switch_name, "ovxk0") && net.learning &&
		   net.ageing == 300 && net.fdb_max == 65536 &&
		   !net.fdb_learned && !net.fdb_static,
		   "net get: VNI, switch, kernel defaults (%d)", err);
	ktap_diag("net blue: has_stats %d", net.has_stats);

	err = ovx_net_add(ctx, &cfg);
	ktap_check(err == -EEXIST && *msg(ctx),
		   "the same name again: -EEXIST with a message (%d \"%s\")",
		   err, msg(ctx));
	cfg.name = "red";
	err = ovx_net_add(ctx, &cfg);
	ktap_check(err == -EEXIST && *msg(ctx),
		   "the same VNI again: -EEXIST with a message (%d \"%s\")",
		   err, msg(ctx));
	cfg.vni = 200;
	cfg.switch_name = "ovxk9";
	err = ovx_net_add(ctx, &cfg);
	ktap_check(err == -ENODEV && *msg(ctx),
		   "an unknown switch: -ENODEV with a message (%d \"%s\")",
		   err, msg(ctx));
	cfg.switch_name = "lo";
	err = ovx_net_add(ctx, &cfg);
	ktap_check(err < 0, "a device that is no switch is refused (%d \"%s\")",
		   err, msg(ctx));
	cfg.switch_name = "ovxk0";
	cfg.learning = 0;
	cfg.ageing = 0;
	cfg.fdb_max = 10;
	err = ovx_net_add(ctx, &cfg);
	ktap_check(err == 0, "net add red vni 200 switch ovxk0 learning off ageing 0 fdb-max 10 (%d \"%s\")",
		   err, msg(ctx));
	err = ovx_net_get(ctx, "red", &net);
	ktap_check(err == 0 && !net.learning && net.ageing == 0 &&
		   net.fdb_max == 10, "its settings (%d)", err);

	ovx_net_config_init(&cfg, "red");
	cfg.learning = 1;
	cfg.ageing = 60;
	err = ovx_net_set(ctx, &cfg);
	ktap_check(err == 0, "net set red learning on ageing 60 (%d \"%s\")",
		   err, msg(ctx));
	err = ovx_net_get(ctx, "red", &net);
	ktap_check(err == 0 && net.learning && net.ageing == 60 &&
		   net.fdb_max == 10, "changed, fdb-max kept (%d)", err);
	cfg.name = "green";
	err = ovx_net_set(ctx, &cfg);
	ktap_check(err == -ENOENT && *msg(ctx),
		   "net set of an unknown network: -ENOENT (%d \"%s\")", err,
		   msg(ctx));

	err = ovx_net_dump(ctx, 0, count_nets, &n);
	ktap_check(err == 0 && n == 2, "dump: two networks (%d, %d)", err, n);
	n = 0;
	err = ovx_net_dump(ctx, sw.ifindex, count_nets, &n);
	ktap_check(err == 0 && n == 2, "dump of the switch: two (%d, %d)", err,
		   n);
	err = ovx_net_get(ctx, "green", &net);
	ktap_check(err == -ENOENT, "net get of an unknown network: -ENOENT (%d)",
		   err);
}

/* What the subscribed context saw. */
#define SEEN_MAX 64
struct seen {
	int n;
	struct ovx_event ev[SEEN_MAX];
	struct ovx_fdb_entry fdb[SEEN_MAX];	/* what ev[i].fdb points to */
	struct ovx_port port[SEEN_MAX];	/* what ev[i].port points to */
	struct ovx_neigh neigh[SEEN_MAX];	/* what ev[i].neigh points to */
};

/* The objects of an event live during the callback only: copies. */
static int on_event(const struct ovx_event *ev, void *arg)
{
	struct seen *s = arg;
	int i = s->n;

	if (i >= SEEN_MAX)
		return 0;
	s->ev[i] = *ev;
	if (ev->fdb) {
		s->fdb[i] = *ev->fdb;
		s->ev[i].fdb = &s->fdb[i];
	}
	if (ev->port) {
		s->port[i] = *ev->port;
		s->ev[i].port = &s->port[i];
	}
	if (ev->neigh) {
		s->neigh[i] = *ev->neigh;
		s->ev[i].neigh = &s->neigh[i];
	}
	s->n++;
	return 0;
}

/*
 * The @nth (from 0) event of @kind that @s saw, or NULL; the veths'
 * own traffic brings learned FDB events in between.
 */
static const struct ovx_event *find(const struct seen *s,
				    enum ovx_event_kind kind, int nth)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (s->ev[i].kind == kind && !nth--)
			return &s->ev[i];
	return NULL;
}

/* Reads what is pending on @ctx's events socket. */
static void drain(struct ovx_ctx *ctx, struct seen *s)
{
	struct pollfd pfd = { .fd = ovx_events_fd(ctx), .events = POLLIN };

	while (poll(&pfd, 1, 200) > 0)
		if (ovx_events_recv(ctx, on_event, s) < 0)
			break;
}

static void test_ports(struct ovx_ctx *ctx, struct ovx_ctx *ev)
{
	struct ovx_port port = { .size = sizeof(struct ovx_port) };
	struct seen seen = { 0 };
	int err, n = 0, v0, v2;

	if (system("ip link add vk0 type veth peer name vk1 && "
		   "ip link add vk2 type veth peer name vk3 && "
		   "ip link set vk0 up && ip link set vk1 up && "
		   "ip link set vk2 up && ip link set vk3 up") != 0) {
		ktap_skip("cannot create veth devices", "ports");
		return;
	}
	v0 = ovx_ifindex(ctx, "vk0");
	v2 = ovx_ifindex(ctx, "vk2");
	ktap_check(v0 > 0 && v2 > 0, "ovx_ifindex() of the veths (%d, %d)", v0,
		   v2);

	err = ovx_port_add(ctx, v0, "blue");
	ktap_check(err == 0, "port add vk0 to blue (%d \"%s\")", err, msg(ctx));
	err = ovx_port_add(ctx, v2, "red");
	ktap_check(err == 0, "port add vk2 to red (%d \"%s\")", err, msg(ctx));
	err = ovx_port_add(ctx, v0, "red");
	ktap_check(err == -EBUSY && *msg(ctx),
		   "a port twice: -EBUSY with a message (%d \"%s\")", err,
		   msg(ctx));
	err = ovx_port_add(ctx, ovx_ifindex(ctx, "vk1"), "green");
	ktap_check(err == -ENOENT && *msg(ctx),
		   "into an unknown network: -ENOENT (%d \"%s\")", err, msg(ctx));
	err = ovx_port_add(ctx, ovx_ifindex(ctx, "ovxk0"), "blue");
	ktap_check(err < 0, "the switch itself as a port is refused (%d \"%s\")",
		   err, msg(ctx));

	err = ovx_port_get(ctx, v0, &port);
	ktap_check(err == 0 && port.ifindex == v0 &&
		   !strcmp(port.name, "vk0") && !strcmp(port.net, "blue") &&
		   port.vni == 100 && port.switch_ifindex > 0,
		   "port get: device, network, VNI, switch (%d)", err);
	err = ovx_port_dump(ctx, NULL, count_ports, &n);
	ktap_check(err == 0 && n == 2, "dump: two ports (%d, %d)", err, n);
	n = 0;
	err = ovx_port_dump(ctx, "red", count_ports, &n);
	ktap_check(err == 0 && n == 1, "dump of red: one port (%d, %d)", err, n);

	drain(ev, &seen);
	ktap_check(find(&seen, OVX_EVENT_PORT_ADDED, 0) &&
		   find(&seen, OVX_EVENT_PORT_ADDED, 0)->port->ifindex == v0 &&
		   find(&seen, OVX_EVENT_PORT_ADDED, 1) &&
		   !find(&seen, OVX_EVENT_PORT_ADDED, 2),
		   "two port-added notifications (%d events)", seen.n);

	err = ovx_port_del(ctx, v2);
	ktap_check(err == 0, "port del vk2 (%d \"%s\")", err, msg(ctx));
	err = ovx_port_get(ctx, v2, &port);
	ktap_check(err < 0, "gone (%d \"%s\")", err, msg(ctx));
	seen.n = 0;
	drain(ev, &seen);
	ktap_check(find(&seen, OVX_EVENT_PORT_REMOVED, 0) &&
		   find(&seen, OVX_EVENT_PORT_REMOVED, 0)->port->ifindex == v2 &&
		   !find(&seen, OVX_EVENT_PORT_REMOVED, 1),
		   "a port-removed notification (%d events)", seen.n);
}

static void test_fdb(struct ovx_ctx *ctx, struct ovx_ctx *ev)
{
	struct ovx_fdb_filter f = { .size = sizeof(f), .net = "blue" };
	struct ovx_fdb_entry e, got = { .size = sizeof(got) };
	struct seen seen = { 0 };
	struct ovx_net net = { .size = sizeof(struct ovx_net) };
	int err, n = 0;

	OVX_INIT(&e);
	strcpy(e.net, "blue");
	memcpy(e.mac, mac1, 6);
	e.port_ifindex = ovx_ifindex(ctx, "vk0");
	drain(ev, &seen);
	seen.n = 0;

	err = ovx_fdb_add(ctx, &e);
	ktap_check(err == 0, "fdb add to port vk0 (%d \"%s\")", err, msg(ctx));
	err = ovx_fdb_get(ctx, "blue", mac1, &got);
	ktap_check(err == 0 && got.port_ifindex == e.port_ifindex &&
		   !strcmp(got.port_name, "vk0") && got.vni == 100 &&
		   (got.flags & OVX_FDB_ENTRY_STATIC),
		   "fdb get: static, on vk0 (%d)", err);
	err = ovx_net_get(ctx, "blue", &net);
	ktap_check(err == 0 && net.fdb_static == 1,
		   "the network counts one static entry (%d)", err);
	drain(ev, &seen);
	{
		const struct ovx_event *added = NULL;
		int i;

		for (i = 0; i < seen.n; i++)
			if (seen.ev[i].kind == OVX_EVENT_FDB &&
			    seen.ev[i].fdb_change == OVX_FDB_ADDED)
				added = &seen.ev[i];
		ktap_check(added && !memcmp(added->fdb->mac, mac1, 6) &&
			   (added->fdb->flags & OVX_FDB_ENTRY_STATIC) &&
			   added->fdb->port_ifindex == e.port_ifindex,
			   "an fdb added notification (%d events)", seen.n);
	}

	err = ovx_fdb_dump(ctx, NULL, count_fdb, &n);
	ktap_check(err == 0 && n >= 1, "dump of everything (%d, %d)", err, n);
	/* The veths' own traffic (IPv6 DAD, MLD...) gets learnt as well. */
	{
		struct fdb_count c = { .f = &f };

		f.kind = OVX_FDB_KIND_STATIC;
		err = ovx_fdb_dump(ctx, &f, check_fdb, &c);
		ktap_check(err == 0 && c.n == 1 && !c.bad,
			   "dump of blue's static entries: ours only (%d, %d, %d)",
			   err, c.n, c.bad);
		memset(&c, 0, sizeof(c));
		c.f = &f;
		f.kind = OVX_FDB_KIND_LEARNED;
		err = ovx_fdb_dump(ctx, &f, check_fdb, &c);
		ktap_check(err == 0 && !c.bad,
			   "dump of blue's learnt entries: none static (%d, %d, %d)",
			   err, c.n, c.bad);
		memset(&c, 0, sizeof(c));
		c.f = &f;
		f.kind = OVX_FDB_KIND_ANY;
		f.port_ifindex = e.port_ifindex;
		err = ovx_fdb_dump(ctx, &f, check_fdb, &c);
		ktap_check(err == 0 && c.n >= 1 && !c.bad,
			   "dump of vk0's entries: all on vk0 (%d, %d, %d)", err,
			   c.n, c.bad);
	}

	memset(&e.peer, 0, sizeof(e.peer));
	e.port_ifindex = 0;
	e.peer.family = AF_INET;
	e.peer.u.v4.s_addr = htonl(0xc0000202);
	err = ovx_fdb_add(ctx, &e);
	ktap_diag("fdb add to peer 192.0.2.2 (no peers yet): %d \"%s\"", err,
		  msg(ctx));
	ktap_check(err == 0 || *msg(ctx),
		   "fdb add to a peer: done, or refused with a message");

	err = ovx_fdb_del(ctx, "blue", mac1);
	ktap_check(err == 0, "fdb del (%d \"%s\")", err, msg(ctx));
	err = ovx_fdb_del(ctx, "blue", mac1);
	ktap_check(err == -ENOENT && *msg(ctx),
		   "fdb del again: -ENOENT with a message (%d \"%s\")", err,
		   msg(ctx));
	err = ovx_fdb_get(ctx, "blue", mac1, &got);
	ktap_check(err == -ENOENT, "fdb get of a missing entry: -ENOENT (%d)",
		   err);

	e.peer.family = AF_UNSPEC;
	e.port_ifindex = ovx_ifindex(ctx, "vk0");
	ovx_fdb_add(ctx, &e);
	err = ovx_fdb_flush(ctx, &(struct ovx_fdb_filter){ .size = sizeof(struct ovx_fdb_filter), .net = "blue" });
	n = 0;
	/*
	 * Static entries only: the ports' veths are up, and a frame from one
	 * (IPv6 router solicitations...) may be learnt again at once.
	 */
	if (!err)
		err = ovx_fdb_dump(ctx, &(struct ovx_fdb_filter){ .size = sizeof(struct ovx_fdb_filter), .net = "blue",
								  .kind = OVX_FDB_KIND_STATIC },
				   count_fdb, &n);
	ktap_check(err == 0 && n == 0, "flush of blue leaves no static entry (%d, %d)", err,
		   n);
	err = ovx_fdb_flush(ctx, NULL);
	ktap_check(err == 0, "flush of everything (%d \"%s\")", err, msg(ctx));
}

static int count_peers(const struct ovx_peer *p, void *arg)
{
	(void)p;
	++*(int *)arg;
	return 0;
}

/*
 * Gets the peer at @addr of the only switch and checks that it is in
 * exactly the networks @want (comma-separated, in order).
 */
static void check_peer_nets(struct ovx_ctx *ctx, const struct ovx_addr *addr,
			    const char *want, const char *desc)
{
	struct ovx_peer p = { .size = sizeof(p) };
	char got[256] = "";
	size_t i;
	int err;

	err = ovx_peer_get(ctx, 0, addr, &p);
	for (i = 0; !err && i < p.n_nets; i++) {
		if (i)
			strcat(got, ",");
		strncat(got, p.nets[i], sizeof(got) - strlen(got) - 2);
	}
	ktap_check(err == 0 && !strcmp(got, want), "%s (%d, \"%s\")", desc,
		   err, got);
	ovx_peer_clear(&p);
}

static struct ovx_addr addr4(uint32_t host)
{
	struct ovx_addr a = { .family = AF_INET };

	a.u.v4.s_addr = htonl(host);
	return a;
}

/* Peers of ovxk0 (local 127.0.0.1), which has the networks blue and red. */
static void test_peers(struct ovx_ctx *ctx)
{
	static const char *const blue[] = { "blue" };
	static const char *const red[] = { "red" };
	static const char *const green[] = { "green" };
	struct ovx_addr p2 = addr4(0xc0000202), p3 = addr4(0xc0000203);
	struct ovx_addr p6 = { .family = AF_INET6 };
	struct ovx_peer peer = { .size = sizeof(struct ovx_peer) };
	struct ovx_switch sw = { .size = sizeof(struct ovx_switch) };
	struct ovx_fdb_entry e;
	int err, n = 0;

	err = ovx_peer_dump(ctx, 0, count_peers, &n);
	if (err == -EOPNOTSUPP) {
		ktap_skip("the module has no peers", "peers");
		return;
	}
	ktap_check(err == 0 && n == 0, "peer dump: none yet (%d, %d)", err, n);
	err = ovx_switch_get(ctx, "ovxk0", &sw);
	ktap_check(err == 0 && sw.has_drops,
		   "a switch of a module with peers reports its drops (%d)",
		   err);

	err = ovx_peer_add(ctx, 0, &p2, NULL, 0);
	ktap_check(err == 0, "peer add 192.0.2.2 to the only switch, no net (%d \"%s\")",
		   err, msg(ctx));
	err = ovx_peer_get(ctx, sw.ifindex, &p2, &peer);
	ktap_check(err == 0 && peer.switch_ifindex == sw.ifindex &&
		   !strcmp(peer.switch_name, "ovxk0") &&
		   peer.addr.family == AF_INET &&
		   peer.addr.u.v4.s_addr == p2.u.v4.s_addr && peer.n_nets == 2,
		   "peer get: the switch, the address, both networks joined (%d, %zu)",
		   err, peer.n_nets);
	ktap_diag("peer 192.0.2.2: has_stats %d", peer.has_stats);
	ovx_peer_clear(&peer);

	err = ovx_peer_add(ctx, sw.ifindex, &p2, blue, 1);
	ktap_check(err == 0, "joining blue again is no error (%d \"%s\")", err,
		   msg(ctx));
	err = ovx_peer_add(ctx, 0, &p3, green, 1);
	ktap_check(err == -ENOENT && *msg(ctx),
		   "peer add into an unknown network: -ENOENT with a message (%d \"%s\")",
		   err, msg(ctx));
	inet_pton(AF_INET6, "2001:db8::2", &p6.u.v6);
	err = ovx_peer_add(ctx, 0, &p6, NULL, 0);
	ktap_check(err == -EAFNOSUPPORT && *msg(ctx),
		   "an IPv6 peer of an IPv4 switch: -EAFNOSUPPORT with a message (%d \"%s\")",
		   err, msg(ctx));
	err = ovx_peer_add(ctx, 0, &p3, blue, 1);
	ktap_check(err == 0, "peer add 192.0.2.3 net blue (%d \"%s\")", err,
		   msg(ctx));
	check_peer_nets(ctx, &p3, "blue", "it is in blue only");

	n = 0;
	err = ovx_peer_dump(ctx, 0, count_peers, &n);
	ktap_check(err == 0 && n == 2, "dump: two peers (%d, %d)", err, n);
	n = 0;
	err = ovx_peer_dump(ctx, sw.ifindex, count_peers, &n);
	ktap_check(err == 0 && n == 2, "dump of the switch: two (%d, %d)", err,
		   n);

	OVX_INIT(&e);
	strcpy(e.net, "blue");
	memcpy(e.mac, mac1, 6);
	e.peer = p2;
	err = ovx_fdb_add(ctx, &e);
	ktap_check(err == 0, "fdb add to peer 192.0.2.2 in blue (%d \"%s\")",
		   err, msg(ctx));

	err = ovx_peer_del(ctx, 0, &p2, red, 1);
	ktap_check(err == 0, "peer del 192.0.2.2 net red (%d \"%s\")", err,
		   msg(ctx));
	check_peer_nets(ctx, &p2, "blue", "it stays, in blue only");
	err = ovx_peer_del(ctx, 0, &p3, red, 1);
	ktap_check(err == -ENOENT && *msg(ctx),
		   "leaving a network it is not in: -ENOENT with a message (%d \"%s\")",
		   err, msg(ctx));

	err = ovx_peer_del(ctx, 0, &p2, NULL, 0);
	ktap_check(err == 0, "peer del 192.0.2.2 (%d \"%s\")", err, msg(ctx));
	err = ovx_peer_get(ctx, 0, &p2, &peer);
	ktap_check(err == -ENOENT && !peer.nets,
		   "gone: peer get is -ENOENT (%d)", err);
	err = ovx_fdb_get(ctx, "blue", mac1, &e);
	ktap_check(err == -ENOENT, "its fdb entry went with it (%d)", err);
	err = ovx_peer_del(ctx, 0, &p2, NULL, 0);
	ktap_check(err == -ENOENT && *msg(ctx),
		   "peer del again: -ENOENT with a message (%d \"%s\")", err,
		   msg(ctx));
	/* 192.0.2.3 stays: deleting the switch deletes it. */
}

static int count_neigh(const struct ovx_neigh *n, void *arg)
{
	(void)n;
	++*(int *)arg;
	return 0;
}

/* Counts the bindings of a dump, and those that break its filter. */
struct neigh_count {
	const struct ovx_neigh_filter *f;
	int n;
	int bad;
};

static int check_neigh(const struct ovx_neigh *b, void *arg)
{
	struct neigh_count *c = arg;
	bool is_static = b->flags & OVX_NEIGH_ENTRY_STATIC;

	c->n++;
	if ((c->f->net && strcmp(b->net, c->f->net)) ||
	    (c->f->port_ifindex && b->port_ifindex != c->f->port_ifindex) ||
	    (c->f->kind == OVX_NEIGH_KIND_STATIC && !is_static) ||
	    (c->f->kind == OVX_NEIGH_KIND_LEARNED && is_static))
		c->bad++;
	return 0;
}

/*
 * Address bindings in blue, which has the port vk0: a port added with its
 * guest's addresses (vk2, free again), a binding pushed to vk0, what the
 * kernel refuses, the notifications and the network's settings.
 */
static void test_neigh(struct ovx_ctx *ctx, struct ovx_ctx *ev)
{
	static const uint8_t mac2[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x22 };
	struct ovx_addr a22 = addr4(0x0a000016), a9 = addr4(0x0a000009);
	struct ovx_addr a6 = { .family = AF_INET6 };
	struct ovx_neigh_filter f = { .size = sizeof(f), .net = "blue" };
	struct ovx_neigh b, got = { .size = sizeof(got) };
	struct ovx_net net = { .size = sizeof(struct ovx_net) };
	struct ovx_port port = { .size = sizeof(struct ovx_port) };
	struct ovx_fdb_entry fe = { .size = sizeof(fe) };
	struct ovx_port_config pc;
	struct ovx_net_config nc;
	struct seen seen = { 0 };
	int err, n = 0, v0, v2, i;

	err = ovx_neigh_dump(ctx, NULL, count_neigh, &n);
	if (err == -EOPNOTSUPP) {
		ktap_skip("a kernel module without address bindings",
			  "address bindings");
		return;
	}
	ktap_check(err == 0, "neigh dump of everything (%d \"%s\")", err,
		   msg(ctx));
	inet_pton(AF_INET6, "2001:db8::22", &a6.u.v6);
	v0 = ovx_ifindex(ctx, "vk0");
	v2 = ovx_ifindex(ctx, "vk2");

	err = ovx_net_get(ctx, "blue", &net);
	ktap_check(err == 0 && net.arp_suppress && net.flood_unknown &&
		   net.neigh_static == 0,
		   "net get: arp-suppress and flood-unknown on by default, no binding (%d)",
		   err);
	ovx_net_config_init(&nc, "blue");
	nc.arp_suppress = 0;
	nc.flood_unknown = 0;
	err = ovx_net_set(ctx, &nc);
	if (!err)
		err = ovx_net_get(ctx, "blue", &net);
	ktap_check(err == 0 && !net.arp_suppress && !net.flood_unknown,
		   "net set arp-suppress off flood-unknown off (%d \"%s\")", err,
		   msg(ctx));
	nc.arp_suppress = 1;
	nc.flood_unknown = 1;
	ovx_net_set(ctx, &nc);

	drain(ev, &seen);
	seen.n = 0;

	ovx_port_config_init(&pc, v2, "blue");
	pc.has_mac = true;
	memcpy(pc.mac, mac2, 6);
	pc.n_ips = 2;
	pc.ips[0] = a22;
	pc.ips[1] = a6;
	pc.name = "vm2";
	err = ovx_port_add_config(ctx, &pc);
	ktap_check(err == 0, "port add vk2 to blue with mac, two ips, name (%d \"%s\")",
		   err, msg(ctx));
	err = ovx_port_get(ctx, v2, &port);
	ktap_check(err == 0 && port.has_mac && !memcmp(port.mac, mac2, 6) &&
		   port.n_ips == 2 && !strcmp(port.label, "vm2") &&
		   ((!memcmp(&port.ips[0], &a22, sizeof(a22)) &&
		     !memcmp(&port.ips[1], &a6, sizeof(a6))) ||
		    (!memcmp(&port.ips[0], &a6, sizeof(a6)) &&
		     !memcmp(&port.ips[1], &a22, sizeof(a22)))),
		   "port get: its mac, both ips, its name (%d, %zu ips)", err,
		   port.n_ips);
	err = ovx_fdb_get(ctx, "blue", mac2, &fe);
	ktap_check(err == 0 && fe.port_ifindex == v2 &&
		   (fe.flags & OVX_FDB_ENTRY_STATIC),
		   "the port's mac is a static FDB entry on it (%d)", err);
	err = ovx_neigh_get(ctx, "blue", &a22, &got);
	ktap_check(err == 0 && !memcmp(got.lladdr, mac2, 6) &&
		   got.port_ifindex == v2 && !strcmp(got.port_name, "vk2") &&
		   (got.flags & OVX_NEIGH_ENTRY_STATIC) &&
		   (got.flags & OVX_NEIGH_ENTRY_PORT) && got.vni == 100,
		   "neigh get of the port's IPv4 address: static, the port's (%d)",
		   err);
	err = ovx_neigh_get(ctx, "blue", &a6, &got);
	ktap_check(err == 0 && got.addr.family == AF_INET6 &&
		   got.port_ifindex == v2,
		   "neigh get of the port's IPv6 address (%d)", err);

	OVX_INIT(&b);
	strcpy(b.net, "blue");
	b.addr = a9;
	memcpy(b.lladdr, mac1, 6);
	b.port_ifindex = v0;
	err = ovx_neigh_add(ctx, &b);
	ktap_check(err == 0, "neigh add 10.0.0.9 to vk0 (%d \"%s\")", err,
		   msg(ctx));
	err = ovx_neigh_get(ctx, "blue", &a9, &got);
	ktap_check(err == 0 && !memcmp(got.lladdr, mac1, 6) &&
		   got.port_ifindex == v0 &&
		   (got.flags & OVX_NEIGH_ENTRY_STATIC) &&
		   !(got.flags & OVX_NEIGH_ENTRY_PORT),
		   "neigh get: static, not a port's (%d)", err);
	err = ovx_net_get(ctx, "blue", &net);
	ktap_check(err == 0 && net.neigh_static == 3,
		   "the network counts three static bindings (%d, %u)", err,
		   net.neigh_static);

	{
		struct neigh_count c = { .f = &f };

		f.kind = OVX_NEIGH_KIND_STATIC;
		err = ovx_neigh_dump(ctx, &f, check_neigh, &c);
		ktap_check(err == 0 && c.n == 3 && !c.bad,
			   "dump of blue's static bindings (%d, %d, %d)", err,
			   c.n, c.bad);
		memset(&c, 0, sizeof(c));
		c.f = &f;
		f.kind = OVX_NEIGH_KIND_ANY;
		f.port_ifindex = v2;
		err = ovx_neigh_dump(ctx, &f, check_neigh, &c);
		ktap_check(err == 0 && c.n >= 2 && !c.bad,
			   "dump of vk2's bindings: all on vk2 (%d, %d, %d)", err,
			   c.n, c.bad);
		memset(&c, 0, sizeof(c));
		c.f = &f;
		f.kind = OVX_NEIGH_KIND_LEARNED;
		f.port_ifindex = 0;
		err = ovx_neigh_dump(ctx, &f, check_neigh, &c);
		ktap_check(err == 0 && !c.bad,
			   "dump of blue's learnt bindings: none static (%d, %d, %d)",
			   err, c.n, c.bad);
	}

	err = ovx_neigh_del(ctx, "blue", &a22);
	ktap_check(err < 0 && *msg(ctx),
		   "neigh del of a port's address: refused with a message (%d \"%s\")",
		   err, msg(ctx));
	b.addr = a22;
	err = ovx_neigh_add(ctx, &b);
	ktap_check(err < 0 && *msg(ctx),
		   "neigh add over a port's address: refused with a message (%d \"%s\")",
		   err, msg(ctx));

	drain(ev, &seen);
	{
		bool found = false;

		for (i = 0; i < seen.n; i++)
			if (seen.ev[i].kind == OVX_EVENT_NEIGH &&
			    seen.ev[i].neigh_change == OVX_NEIGH_ADDED &&
			    !memcmp(&seen.ev[i].neigh->addr, &a9,
				    sizeof(a9)) &&
			    seen.ev[i].neigh->port_ifindex == v0)
				found = true;
		ktap_check(found, "a neigh added notification for 10.0.0.9 (%d events)",
			   seen.n);
	}

	err = ovx_neigh_del(ctx, "blue", &a9);
	ktap_check(err == 0, "neigh del 10.0.0.9 (%d \"%s\")", err, msg(ctx));
	err = ovx_neigh_get(ctx, "blue", &a9, &got);
	ktap_check(err == -ENOENT, "neigh get of it: -ENOENT (%d)", err);
	err = ovx_neigh_del(ctx, "blue", &a9);
	ktap_check(err == -ENOENT && *msg(ctx),
		   "neigh del again: -ENOENT with a message (%d \"%s\")", err,
		   msg(ctx));

	err = ovx_port_del(ctx, v2);
	ktap_check(err == 0, "port del vk2 (%d \"%s\")", err, msg(ctx));
	err = ovx_neigh_get(ctx, "blue", &a22, &got);
	ktap_check(err == -ENOENT,
		   "its bindings went with it (%d)", err);
	err = ovx_fdb_get(ctx, "blue", mac2, &fe);
	ktap_check(err == -ENOENT, "and its FDB entry (%d)", err);
	err = ovx_net_get(ctx, "blue", &net);
	ktap_check(err == 0 && net.neigh_static == 0,
		   "no static binding left (%d, %u)", err, net.neigh_static);
}

static int count_routers(const struct ovx_router *r, void *arg)
{
	(void)r;
	++*(int *)arg;
	return 0;
}

static int count_routes(const struct ovx_route *rt, void *arg)
{
	(void)rt;
	++*(int *)arg;
	return 0;
}

static struct ovx_prefix prefix(const char *addr, uint8_t len)
{
	struct ovx_prefix p = { .len = len };

	if (inet_pton(AF_INET, addr, &p.addr.u.v4) == 1)
		p.addr.family = AF_INET;
	else if (inet_pton(AF_INET6, addr, &p.addr.u.v6) == 1)
		p.addr.family = AF_INET6;
	return p;
}

static struct ovx_route route(const char *router, const char *pfx,
			      uint8_t len, const char *via)
{
	struct ovx_route rt;

	OVX_INIT(&rt);
	snprintf(rt.router, sizeof(rt.router), "%s", router);
	rt.prefix = prefix(pfx, len);
	if (via) {
		struct ovx_prefix v = prefix(via, 0);

		rt.via = v.addr;
	}
	return rt;
}

/*
 * Routers of switch ovxk0 in its networks blue and red: creation with the
 * default MAC, interfaces, connected prefixes and static routes, and what
 * the kernel refuses.
 */
static void test_routers(struct ovx_ctx *ctx)
{
	struct ovx_prefix blue[2] = { prefix("10.1.0.1", 24),
				      prefix("fd00:1::1", 64) };
	struct ovx_prefix red[1] = { prefix("10.2.0.1", 24) };
	struct ovx_prefix clash[1] = { prefix("10.1.0.254", 16) };
	struct ovx_router r = { .size = sizeof(r) };
	struct ovx_route rt, got = { .size = sizeof(got) };
	struct ovx_router_config cfg;
	struct ovx_prefix p;
	uint8_t def[6];
	int err, n = 0, sw = ovx_ifindex(ctx, "ovxk0");

	err = ovx_router_dump(ctx, 0, count_routers, &n);
	if (err == -EOPNOTSUPP) {
		ktap_skip("a kernel module without routers", "routers");
		return;
	}
	ktap_check(err == 0 && n == 0, "router dump: none yet (%d \"%s\", %d)",
		   err, msg(ctx), n);

	ovx_router_config_init(&cfg, "r1");
	cfg.switch_name = "ovxk0";
	err = ovx_router_add(ctx, &cfg);
	ktap_check(err == 0, "router add r1 switch ovxk0 (%d \"%s\")", err,
		   msg(ctx));
	err = ovx_router_add(ctx, &cfg);
	ktap_check(err == -EEXIST && ovx_errmsg(ctx),
		   "router add r1 again: -EEXIST with a message (%d \"%s\")",
		   err, msg(ctx));
	ovx_router_default_mac("r1", def);
	err = ovx_router_get(ctx, "r1", &r);
	ktap_check(err == 0 && !strcmp(r.name, "r1") &&
		   r.switch_ifindex == sw && !strcmp(r.switch_name, "ovxk0") &&
		   !memcmp(r.mac, def, 6) && !r.n_interfaces &&
		   r.has_stats && r.has_drops && r.drops.n == 7,
		   "router get r1: the default MAC, no interface, counters and drops (%d)",
		   err);
	ovx_router_clear(&r);

	ovx_router_config_init(&cfg, "r2");
	cfg.switch_ifindex = sw;
	cfg.has_mac = true;
	memcpy(cfg.mac, mac1, 6);
	err = ovx_router_add(ctx, &cfg);
	if (!err)
		err = ovx_router_get(ctx, "r2", &r);
	ktap_check(err == 0 && !memcmp(r.mac, mac1, 6),
		   "router add r2 with a MAC, by switch index (%d \"%s\")", err,
		   msg(ctx));
	ovx_router_clear(&r);

	err = ovx_router_attach(ctx, "r1", "blue", blue, 2);
	ktap_check(err == 0, "router attach r1 net blue, IPv4 and IPv6 (%d \"%s\")",
		   err, msg(ctx));
	err = ovx_router_attach(ctx, "r2", "blue", red, 1);
	ktap_check(err == -EEXIST && ovx_errmsg(ctx),
		   "attach r2 to blue too: -EEXIST with a message (%d \"%s\")",
		   err, msg(ctx));
	err = ovx_router_attach(ctx, "r1", "red", clash, 1);
	ktap_check(err == -EEXIST && ovx_errmsg(ctx),
		   "attach r1 red with a prefix overlapping blue's: -EEXIST (%d \"%s\")",
		   err, msg(ctx));
	err = ovx_router_attach(ctx, "r1", "red", red, 1);
	ktap_check(err == 0, "router attach r1 net red (%d \"%s\")", err,
		   msg(ctx));
	err = ovx_router_attach(ctx, "nope", "red", red, 1);
	ktap_check(err == -ENOENT, "attach of no router: -ENOENT (%d)", err);
	err = ovx_router_get(ctx, "r1", &r);
	ktap_check(err == 0 && r.n_interfaces == 2 &&
		   ((!strcmp(r.interfaces[0].net, "blue") &&
		     r.interfaces[0].vni == 100 &&
		     r.interfaces[0].n_addrs == 2 &&
		     !memcmp(&r.interfaces[0].addrs[0], &blue[0],
			     sizeof(blue[0])) &&
		     !memcmp(&r.interfaces[0].addrs[1], &blue[1],
			     sizeof(blue[1]))) ||
		    (!strcmp(r.interfaces[1].net, "blue") &&
		     r.interfaces[1].n_addrs == 2)),
		   "router get r1: two interfaces, blue's addresses as given (%d)",
		   err);
	ovx_router_clear(&r);

	rt = route("r1", "10.9.0.0", 16, "10.1.0.5");
	err = ovx_route_add(ctx, &rt);
	ktap_check(err == 0, "route add 10.9.0.0/16 via 10.1.0.5 router r1 (%d \"%s\")",
		   err, msg(ctx));
	err = ovx_route_add(ctx, &rt);
	ktap_check(err == -EEXIST, "the same route again: -EEXIST (%d)", err);
	err = ovx_route_get(ctx, "r1", &rt.prefix, &got);
	ktap_check(err == 0 && !strcmp(got.router, "r1") &&
		   !memcmp(&got.prefix, &rt.prefix, sizeof(rt.prefix)) &&
		   !memcmp(&got.via, &rt.via, sizeof(rt.via)) &&
		   !strcmp(got.net, "blue"),
		   "route get: the next hop, and the network it leaves by (%d)",
		   err);
	rt = route("r1", "10.8.0.0", 16, "10.3.0.5");
	err = ovx_route_add(ctx, &rt);
	ktap_check(err == -ENETUNREACH && ovx_errmsg(ctx),
		   "a next hop in no connected prefix: -ENETUNREACH with a message (%d \"%s\")",
		   err, msg(ctx));
	rt = route("r1", "::", 0, "fd00:1::5");
	err = ovx_route_add(ctx, &rt);
	ktap_check(err == 0, "route add ::/0 via fd00:1::5 (%d \"%s\")", err,
		   msg(ctx));
	rt = route("r1", "10.2.0.128", 25, NULL);
	err = ovx_route_add(ctx, &rt);
	if (!err)
		err = ovx_route_get(ctx, "r1", &rt.prefix, &got);
	ktap_check(err == 0 && got.via.family == AF_UNSPEC &&
		   !strcmp(got.net, "red"),
		   "a route without via inside red's prefix leaves by red (%d \"%s\")",
		   err, msg(ctx));

	n = 0;
	err = ovx_route_dump(ctx, "r1", count_routes, &n);
	ktap_check(err == 0 && n == 3,
		   "route dump of r1: the three static routes only (%d, %d)",
		   err, n);
	n = 0;
	err = ovx_route_dump(ctx, "r2", count_routes, &n);
	ktap_check(err == 0 && n == 0, "route dump of r2: none (%d, %d)", err,
		   n);
	err = ovx_route_dump(ctx, "nope", count_routes, &n);
	ktap_check(err == -ENOENT, "route dump of no router: -ENOENT (%d)",
		   err);
	p = prefix("10.1.0.0", 24);
	err = ovx_route_del(ctx, "r1", &p);
	ktap_check(err == -EBUSY && ovx_errmsg(ctx),
		   "route del of a connected prefix: -EBUSY with a message (%d \"%s\")",
		   err, msg(ctx));
	p = prefix("10.2.0.128", 25);
	err = ovx_route_del(ctx, "r1", &p);
	if (!err)
		err = ovx_route_get(ctx, "r1", &p, &got);
	ktap_check(err == -ENOENT, "route del 10.2.0.128/25, gone (%d)", err);

	err = ovx_router_detach(ctx, "r1", "blue");
	ktap_check(err == 0, "router detach r1 net blue (%d \"%s\")", err,
		   msg(ctx));
	n = 0;
	err = ovx_route_dump(ctx, "r1", count_routes, &n);
	ktap_check(err == 0 && n == 0,
		   "the routes through blue went with it (%d, %d)", err, n);
	err = ovx_router_detach(ctx, "r1", "blue");
	ktap_check(err == -ENOENT, "detach again: -ENOENT (%d)", err);

	n = 0;
	err = ovx_router_dump(ctx, sw, count_routers, &n);
	ktap_check(err == 0 && n == 2, "router dump of ovxk0: two (%d, %d)",
		   err, n);
	err = ovx_router_del(ctx, "r2");
	ktap_check(err == 0, "router del r2 (%d)", err);
	err = ovx_router_get(ctx, "r2", &r);
	ktap_check(err == -ENOENT && !r.interfaces,
		   "router get r2: -ENOENT (%d)", err);
	/* r1 stays, attached to red: deleting the switch takes it along. */
}

struct peer_count {
	struct ovx_addr peer;
	int n;
};

static int count_to_peer(const struct ovx_fdb_entry *e, void *arg)
{
	struct peer_count *pc = arg;

	if (e->peer.family == AF_INET &&
	    e->peer.u.v4.s_addr == pc->peer.u.v4.s_addr)
		pc->n++;
	return 0;
}

/*
 * A batch of FDB entries with one the kernel refuses in the middle: its
 * index comes back, and exactly the requests said done are in the FDB.
 */
static void test_batch(struct ovx_ctx *ctx)
{
	static const char *const blue[] = { "blue" };
	const size_t n = 1000, bad = 500;
	struct peer_count pc = { .peer = addr4(0xc0000232) };
	size_t i, failed = 0, done = 0;
	int err;

	err = ovx_peer_add(ctx, 0, &pc.peer, blue, 1);
	if (err == -EOPNOTSUPP) {
		ktap_skip("the module has no peers", "batches");
		return;
	}
	ktap_check(err == 0, "batch: peer 192.0.2.50 in blue (%d)", err);
	ktap_check(ovx_batch_begin(ctx) == 0, "batch begins");
	for (i = 0; i < n; i++) {
		struct ovx_fdb_entry e;

		OVX_INIT(&e);
		snprintf(e.net, sizeof(e.net), "%s", i == bad ? "nosuch" : "blue");
		e.mac[0] = 0x02;
		e.mac[4] = (uint8_t)(i >> 8);
		e.mac[5] = (uint8_t)i;
		e.peer = pc.peer;
		err |= ovx_fdb_add(ctx, &e);
	}
	ktap_check(err == 0, "%zu FDB entries queued", n);
	err = ovx_batch_end(ctx, &failed);
	for (i = 0; i < n; i++)
		done += ovx_batch_done(ctx, i);
	ktap_check(err == -ENOENT && failed == bad && *msg(ctx),
		   "the refused entry: -ENOENT at %zu with the kernel's message (%d at %zu, \"%s\")",
		   bad, err, failed, msg(ctx));
	err = ovx_fdb_dump(ctx, NULL, count_to_peer, &pc);
	ktap_check(err == 0 && (size_t)pc.n == done && done >= bad &&
		   ovx_batch_done(ctx, bad - 1) && !ovx_batch_done(ctx, bad),
		   "the FDB holds exactly the %zu requests said done (%d)",
		   done, pc.n);
	err = ovx_peer_del(ctx, 0, &pc.peer, NULL, 0);
	ktap_check(err == 0, "batch: peer deleted with its entries (%d)", err);
}

static void test_cleanup(struct ovx_ctx *ctx)
{
	struct ovx_port port = { .size = sizeof(struct ovx_port) };
	int err;

	err = ovx_net_del(ctx, "blue");
	ktap_check(err == 0, "net del blue (%d \"%s\")", err, msg(ctx));
	err = ovx_port_get(ctx, ovx_ifindex(ctx, "vk0"), &port);
	ktap_check(err < 0, "its port went with it (%d)", err);
	err = ovx_net_del(ctx, "blue");
	ktap_check(err == -ENOENT, "net del again: -ENOENT (%d)", err);
	err = ovx_switch_del(ctx, "ovxk0");
	ktap_check(err == 0, "switch del, with network red in it (%d \"%s\")",
		   err, msg(ctx));
}

/*
 * Zero UDP checksums over IPv6: set at creation and reported back; refused,
 * naming the attribute, on an IPv4 switch.
 */
static void test_zero_csum6(struct ovx_ctx *ctx)
{
	static const uint8_t local6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 6 };
	struct ovx_switch_config cfg;
	struct ovx_switch sw = { .size = sizeof(struct ovx_switch) };
	int err;

	ovx_switch_config_init(&cfg, "ovxk6");
	cfg.local.family = AF_INET6;
	memcpy(cfg.local.u.raw, local6, 16);
	cfg.udp_zero_csum6_tx = 1;
	err = ovx_switch_add(ctx, &cfg);
	ktap_check(err == 0, "IPv6 switch with udp_zero_csum6_tx (%d \"%s\")",
		   err, msg(ctx));
	err = ovx_switch_get(ctx, "ovxk6", &sw);
	ktap_check(err == 0 && sw.udp_zero_csum6_tx && !sw.udp_zero_csum6_rx,
		   "switch get: zero checksums sent, not accepted (%d, %d, %d)",
		   err, sw.udp_zero_csum6_tx, sw.udp_zero_csum6_rx);
	err = ovx_switch_del(ctx, "ovxk6");
	ktap_check(err == 0, "switch del ovxk6 (%d)", err);

	ovx_switch_config_init(&cfg, "ovxk4");
	cfg.local.family = AF_INET;
	cfg.local.u.v4.s_addr = htonl(0xc0000201);
	cfg.udp_zero_csum6_rx = 1;
	err = ovx_switch_add(ctx, &cfg);
	ktap_check(err == -EINVAL && ovx_errmsg(ctx) &&
		   ovx_err_attr(ctx) == IFLA_OVX_UDP_ZERO_CSUM6_RX,
		   "IPv4 switch with udp_zero_csum6_rx: -EINVAL, the attribute named (%d \"%s\")",
		   err, msg(ctx));
	cfg.udp_zero_csum6_rx = 0;
	cfg.udp_zero_csum6_tx = 0;
	err = ovx_switch_add(ctx, &cfg);
	ktap_check(err == 0, "IPv4 switch with both explicitly off (%d \"%s\")",
		   err, msg(ctx));
	err = ovx_switch_get(ctx, "ovxk4", &sw);
	ktap_check(err == 0 && !sw.udp_zero_csum6_tx && !sw.udp_zero_csum6_rx,
		   "switch get: both off (%d)", err);
	err = ovx_switch_del(ctx, "ovxk4");
	ktap_check(err == 0, "switch del ovxk4 (%d)", err);
}

/*
 * A context opened in namespace A, used (for the first time with
 * rtnetlink) after the thread moved to B, where a device happens to have
 * the ifindex of A's switch: ovx_switch_del() must delete the switch in
 * A, not that device.  Leaves the thread in B: run it last.
 */
static void test_setns(struct ovx_ctx *ctx)
{
	struct ovx_switch_config cfg;
	struct ovx_switch sw = { .size = sizeof(struct ovx_switch) };
	struct ovx_ctx *other = NULL;
	char cmd[160];
	int err;

	ovx_switch_config_init(&cfg, "ovxns0");
	cfg.local.family = AF_INET;
	cfg.local.u.v4.s_addr = htonl(0xc0000202);
	err = ovx_switch_add(ctx, &cfg);
	if (!err)
		err = ovx_switch_get(ctx, "ovxns0", &sw);
	if (!err)
		err = ovx_open(&other);
	ktap_check(err == 0, "setns: switch ovxns0 and a fresh context (%d)",
		   err);
	if (err)
		return;
	if (unshare(CLONE_NEWNET) < 0) {
		ktap_skip("cannot create a second namespace", "setns");
		ovx_close(other);
		return;
	}
	snprintf(cmd, sizeof(cmd),
		 "ip link add name ovxvictim index %d type veth peer name ovxvictim1",
		 sw.ifindex);
	if (system(cmd)) {
		ktap_skip("cannot create a veth of a given index", "setns");
		ovx_close(other);
		return;
	}
	err = ovx_switch_del(other, "ovxns0");
	ktap_check(err == 0 && (int)if_nametoindex("ovxvictim") == sw.ifindex,
		   "after setns, switch del deletes the context's switch, not the device of that index here (%d)",
		   err);
	err = ovx_switch_get(other, "ovxns0", &sw);
	ktap_check(err == -ENODEV, "the switch is gone from its namespace (%d)",
		   err);
	ovx_close(other);
}

int main(void)
{
	struct ovx_ctx *ctx = NULL, *ev = NULL;
	int err;

	ktap_init();
	if (unshare(CLONE_NEWNET) < 0) {
		ktap_skip("cannot create a network namespace", "kernel round trips");
		return ktap_finish();
	}
	err = ovx_open(&ctx);
	if (err) {
		ktap_skip(err == -EPROTONOSUPPORT ? "the ovx module is not loaded" :
			  "no generic netlink", "kernel round trips");
		return ktap_finish();
	}
	system("ip link set lo up");
	err = ovx_open(&ev);
	if (!err)
		err = ovx_subscribe(ev, NULL);
	ktap_check(err == 0, "a second context subscribes to \"events\" (%d)",
		   err);
	test_nets(ctx);
	if (!err)
		test_ports(ctx, ev);
	test_fdb(ctx, ev);
	test_peers(ctx);
	if (!err)
		test_neigh(ctx, ev);
	test_routers(ctx);
	test_batch(ctx);
	test_cleanup(ctx);
	test_zero_csum6(ctx);
	test_setns(ctx);
	ovx_close(ev);
	ovx_close(ctx);
	return ktap_finish();
}
