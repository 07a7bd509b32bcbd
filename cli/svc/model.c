// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * ovxd's model, rebuilt from libovx dumps (see model.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>

#include "model.h"
#include "pkt.h"

/* Everything a rebuild reads, before it replaces the model. */
struct build {
	struct ovx_ctx *ctx;
	struct model *old;
	struct model m;
	int err;
};

static void *grow(void *arr, size_t n, size_t size)
{
	/* Doubling at each power of two: amortised O(1) appends. */
	if (n && (n & (n - 1)))
		return arr;
	return realloc(arr, (n ? 2 * n : 1) * size);
}

static int add_switch(const struct ovx_switch *sw, void *arg)
{
	struct build *b = arg;
	struct model_switch *s;
	void *arr;

	arr = grow(b->m.switches, b->m.n_switches, sizeof(*s));
	if (!arr)
		return -ENOMEM;
	b->m.switches = arr;
	s = &b->m.switches[b->m.n_switches++];
	memset(s, 0, sizeof(*s));
	s->ifindex = sw->ifindex;
	snprintf(s->name, sizeof(s->name), "%s", sw->name);
	s->inner_mtu = sw->has_mtu ? sw->inner_mtu : 0;
	s->n_upstream = sw->has_services ? sw->n_dns_upstream : 0;
	memcpy(s->upstream, sw->dns_upstream,
	       s->n_upstream * sizeof(s->upstream[0]));
	return 0;
}

struct model_switch *model_switch(struct model *m, int ifindex)
{
	size_t i;

	for (i = 0; i < m->n_switches; i++)
		if (m->switches[i].ifindex == ifindex)
			return &m->switches[i];
	return NULL;
}

/* The counters of @name, kept across rebuilds (and old ones migrated). */
static struct svc_counters *counters_of(struct model *m, const char *name)
{
	struct model_counters *c;
	size_t i;

	for (i = 0; i < m->n_counters; i++)
		if (!strcmp(m->counters[i].name, name))
			return &m->counters[i].c;
	c = grow(m->counters, m->n_counters, sizeof(*c));
	if (!c)
		return NULL;
	m->counters = c;
	c = &m->counters[m->n_counters++];
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name);
	return &c->c;
}

static void mask6(struct in6_addr *a, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < 16; i++) {
		unsigned int bits = len > 8 * i ? len - 8 * i : 0;

		if (bits < 8)
			a->s6_addr[i] &= (uint8_t)(0xff00 >> bits);
	}
}

static struct in_addr mask4(struct in_addr a, unsigned int len)
{
	uint32_t m = len ? htonl(~0U << (32 - len)) : 0;

	a.s_addr &= m;
	return a;
}

static int add_net(const struct ovx_net *net, void *arg)
{
	struct build *b = arg;
	struct model_switch *sw;
	struct model_net *mn;
	struct svc_net *n;
	void *arr;
	size_t i;

	if (!net->has_services || (!net->dhcp && !net->dns))
		return 0;
	arr = grow(b->m.nets, b->m.n_nets, sizeof(*mn));
	if (!arr)
		return -ENOMEM;
	b->m.nets = arr;
	mn = &b->m.nets[b->m.n_nets++];
	memset(mn, 0, sizeof(*mn));
	n = &mn->net;
	snprintf(n->name, sizeof(n->name), "%s", net->name);
	n->vni = net->vni;
	n->switch_ifindex = net->switch_ifindex;
	n->dhcp = net->dhcp;
	n->dns = net->dns;
	if (net->domain[0])
		snprintf(n->domain, sizeof(n->domain), "%s", net->domain);
	else
		snprintf(n->domain, sizeof(n->domain), "%s.internal",
			 net->name);
	for (i = 0; n->domain[i]; i++)
		if (n->domain[i] >= 'A' && n->domain[i] <= 'Z')
			n->domain[i] = (char)(n->domain[i] - 'A' + 'a');
	n->lease = net->lease;
	sw = model_switch(&b->m, net->switch_ifindex);
	n->mtu = sw ? sw->inner_mtu : 0;

	/* Without a router, the network's own service address (if any). */
	if (net->has_service_mac)
		memcpy(n->server_mac, net->service_mac, 6);
	else
		ovx_service_default_mac(net->name, n->server_mac);
	if (net->service4.family == AF_INET) {
		n->has_server4 = true;
		n->server4 = net->service4.u.v4;
		n->prefix4_len = net->service_prefix_len4;
	}
	if (net->service6.family == AF_INET6) {
		n->has_server6 = true;
		n->server6 = net->service6.u.v6;
		n->n_prefix6 = 1;
		n->prefix6[0].prefix = net->service6.u.v6;
		n->prefix6[0].len = net->service_prefix_len6;
		mask6(&n->prefix6[0].prefix, n->prefix6[0].len);
	}
	for (i = 0; i < net->n_dns_servers; i++) {
		const struct ovx_addr *a = &net->dns_servers[i];

		if (a->family == AF_INET && n->n_dns4 < SVC_DNS_MAX)
			n->dns4[n->n_dns4++] = a->u.v4;
		else if (a->family == AF_INET6 && n->n_dns6 < SVC_DNS_MAX)
			n->dns6[n->n_dns6++] = a->u.v6;
	}
	mn->counters = counters_of(&b->m, net->name);
	return mn->counters ? 0 : -ENOMEM;
}

struct model_net *model_net(struct model *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->n_nets; i++)
		if (!strcmp(m->nets[i].net.name, name))
			return &m->nets[i];
	return NULL;
}

static void add_route4(struct svc_net *n, struct in_addr dst, uint8_t len,
		       struct in_addr via)
{
	size_t i;

	if (n->n_routes4 >= SVC_ROUTES_MAX)
		return;
	for (i = 0; i < n->n_routes4; i++)
		if (n->routes4[i].dst.s_addr == dst.s_addr &&
		    n->routes4[i].len == len)
			return;
	n->routes4[n->n_routes4].dst = mask4(dst, len);
	n->routes4[n->n_routes4].len = len;
	n->routes4[n->n_routes4].via = via;
	n->n_routes4++;
}

/* A router's gateway in @n replaces the service address there. */
static void attach_router(struct model_net *mn, const struct ovx_router *r,
			  const struct ovx_router_if *rif)
{
	struct svc_net *n = &mn->net;
	bool v4 = false, v6 = false;
	size_t i;

	snprintf(mn->router, sizeof(mn->router), "%s", r->name);
	n->has_router = true;
	memcpy(n->server_mac, r->mac, 6);
	n->has_server4 = n->has_server6 = false;
	n->n_prefix6 = 0;
	for (i = 0; i < rif->n_addrs; i++) {
		const struct ovx_prefix *p = &rif->addrs[i];

		if (p->addr.family == AF_INET && !v4) {
			v4 = true;
			n->has_server4 = true;
			n->server4 = p->addr.u.v4;
			n->prefix4_len = p->len;
		} else if (p->addr.family == AF_INET6) {
			if (!v6) {
				v6 = true;
				n->has_server6 = true;
				n->server6 = p->addr.u.v6;
			}
			if (n->n_prefix6 < SVC_PREFIX6_MAX) {
				struct svc_prefix6 *pp =
					&n->prefix6[n->n_prefix6++];

				pp->prefix = p->addr.u.v6;
				pp->len = p->len;
				mask6(&pp->prefix, pp->len);
			}
		}
	}
}

struct route_state {
	struct svc_net *n;
};

static int add_static_route(const struct ovx_route *rt, void *arg)
{
	struct route_state *st = arg;

	if (rt->prefix.addr.family == AF_INET && st->n->has_server4)
		add_route4(st->n, rt->prefix.addr.u.v4, rt->prefix.len,
			   st->n->server4);
	return 0;
}

static int add_router(const struct ovx_router *r, void *arg)
{
	struct build *b = arg;
	size_t i, j, k;

	for (i = 0; i < r->n_interfaces; i++) {
		struct model_net *mn = model_net(&b->m, r->interfaces[i].net);

		if (mn)
			attach_router(mn, r, &r->interfaces[i]);
	}
	/* Each network reaches the router's other prefixes through it. */
	for (i = 0; i < r->n_interfaces; i++) {
		struct model_net *mn = model_net(&b->m, r->interfaces[i].net);
		struct route_state st;

		if (!mn || !mn->net.has_server4)
			continue;
		for (j = 0; j < r->n_interfaces; j++) {
			if (j == i)
				continue;
			for (k = 0; k < r->interfaces[j].n_addrs; k++) {
				const struct ovx_prefix *p =
					&r->interfaces[j].addrs[k];

				if (p->addr.family == AF_INET)
					add_route4(&mn->net, p->addr.u.v4,
						   p->len, mn->net.server4);
			}
		}
		st.n = &mn->net;
		/*
		 * A failed dump leaves routes out; the next rebuild tries
		 * again, and the connected prefixes are there already.
		 */
		ovx_route_dump(b->ctx, r->name, add_static_route, &st);
	}
	return 0;
}

static int add_port(const struct ovx_port *p, void *arg)
{
	struct build *b = arg;
	struct model_net *mn = model_net(&b->m, p->net);
	struct model_port *mp;
	struct svc_port *sp;
	void *arr;
	size_t i;

	if (!mn)
		return 0;
	arr = grow(b->m.ports, b->m.n_ports, sizeof(*mp));
	if (!arr)
		return -ENOMEM;
	b->m.ports = arr;
	mp = &b->m.ports[b->m.n_ports++];
	memset(mp, 0, sizeof(*mp));
	mp->net = (size_t)(mn - b->m.nets);
	sp = &mp->port;
	sp->ifindex = p->ifindex;
	snprintf(sp->name, sizeof(sp->name), "%s", p->label);
	for (i = 0; sp->name[i]; i++)
		if (sp->name[i] >= 'A' && sp->name[i] <= 'Z')
			sp->name[i] = (char)(sp->name[i] - 'A' + 'a');
	sp->has_mac = p->has_mac;
	memcpy(sp->mac, p->mac, 6);
	for (i = 0; i < p->n_ips; i++) {
		if (p->ips[i].family == AF_INET && sp->n4 < SVC_ADDRS_MAX)
			sp->ip4[sp->n4++] = p->ips[i].u.v4;
		else if (p->ips[i].family == AF_INET6 &&
			 sp->n6 < SVC_ADDRS_MAX)
			sp->ip6[sp->n6++] = p->ips[i].u.v6;
	}
	return 0;
}

/* Bindings with a name: remote guests (and local ports') for DNS. */
static int add_name(const struct ovx_neigh *nb, void *arg)
{
	struct build *b = arg;
	struct model_net *mn;
	struct model_name *mn_name;
	void *arr;
	size_t i;

	if (!nb->name[0] || (nb->addr.family != AF_INET &&
			     nb->addr.family != AF_INET6))
		return 0;
	mn = model_net(&b->m, nb->net);
	if (!mn)
		return 0;
	arr = grow(b->m.names, b->m.n_names, sizeof(*mn_name));
	if (!arr)
		return -ENOMEM;
	b->m.names = arr;
	mn_name = &b->m.names[b->m.n_names++];
	memset(mn_name, 0, sizeof(*mn_name));
	mn_name->net = (size_t)(mn - b->m.nets);
	snprintf(mn_name->name, sizeof(mn_name->name), "%s", nb->name);
	for (i = 0; mn_name->name[i]; i++)
		if (mn_name->name[i] >= 'A' && mn_name->name[i] <= 'Z')
			mn_name->name[i] = (char)(mn_name->name[i] - 'A' + 'a');
	mn_name->family = nb->addr.family;
	memcpy(&mn_name->addr, &nb->addr.u, nb->addr.family == AF_INET ? 4 : 16);
	return 0;
}

static int add_names(struct build *b)
{
	size_t i;
	int err;

	for (i = 0; i < b->m.n_nets; i++) {
		struct ovx_neigh_filter f;

		if (!b->m.nets[i].net.dns)
			continue;
		OVX_INIT(&f);
		f.net = b->m.nets[i].net.name;
		f.kind = OVX_NEIGH_KIND_STATIC;
		err = ovx_neigh_dump(b->ctx, &f, add_name, b);
		if (err)
			return err;
	}
	return 0;
}

/*
 * A guest that autoconfigures from our RAs takes the EUI-64 address of
 * its MAC in each /64: put it first in the port's list (DNS answers it)
 * unless the port already has it.
 */
static void add_slaac(struct model *m, struct model *old)
{
	size_t i, j;

	for (i = 0; i < m->n_ports; i++) {
		struct model_port *mp = &m->ports[i];
		struct svc_port *sp = &mp->port;
		const struct svc_net *n = &m->nets[mp->net].net;
		struct model_port *prev;
		struct in6_addr a;

		if (!sp->has_mac || !n->dhcp || !n->n_prefix6 ||
		    n->prefix6[0].len != 64 || sp->n6 >= SVC_ADDRS_MAX)
			continue;
		pkt_mac_to_slaac(sp->mac, &n->prefix6[0].prefix, &a);
		for (j = 0; j < sp->n6; j++)
			if (!memcmp(&sp->ip6[j], &a, sizeof(a)))
				break;
		if (j < sp->n6)
			continue;
		memmove(&sp->ip6[1], &sp->ip6[0], sp->n6 * sizeof(a));
		sp->ip6[0] = a;
		sp->n6++;
		mp->has_slaac = true;
		prev = old ? model_port(old, sp->ifindex) : NULL;
		if (prev && prev->has_slaac && prev->slaac_bound &&
		    !memcmp(&prev->port.ip6[0], &a, sizeof(a)))
			mp->slaac_bound = true;
	}
}

static int cmp_port(const void *a, const void *b)
{
	const struct model_port *x = a, *y = b;

	return (x->port.ifindex > y->port.ifindex) -
	       (x->port.ifindex < y->port.ifindex);
}

static void group_ports(struct model *m)
{
	size_t i, k = 0, n;

	for (n = 0; n < m->n_nets; n++) {
		m->nets[n].first_port = k;
		for (i = 0; i < m->n_ports; i++)
			if (m->ports[i].net == n)
				m->by_net[k++] = i;
		m->nets[n].n_ports = k - m->nets[n].first_port;
	}
}

struct model_port *model_port(struct model *m, int ifindex)
{
	struct model_port key = { .port.ifindex = ifindex };

	if (!m->n_ports)
		return NULL;
	return bsearch(&key, m->ports, m->n_ports, sizeof(key), cmp_port);
}

void model_free(struct model *m)
{
	free(m->switches);
	free(m->nets);
	free(m->ports);
	free(m->by_net);
	free(m->names);
	free(m->counters);
	memset(m, 0, sizeof(*m));
}

int model_build(struct ovx_ctx *ctx, struct model *m)
{
	struct build b = { .ctx = ctx, .old = m };
	size_t i;
	int err;

	/* The counters move to the new model: they outlive rebuilds. */
	b.m.counters = NULL;
	err = ovx_switch_dump(ctx, add_switch, &b);
	if (!err) {
		/* Copy the counters now so that add_net() finds them. */
		if (m->n_counters) {
			b.m.counters = malloc(m->n_counters *
					      sizeof(*m->counters) * 2);
			if (!b.m.counters) {
				err = -ENOMEM;
				goto fail;
			}
			memcpy(b.m.counters, m->counters,
			       m->n_counters * sizeof(*m->counters));
			b.m.n_counters = m->n_counters;
		}
		err = ovx_net_dump(ctx, 0, add_net, &b);
	}
	if (!err && b.m.n_nets)
		err = ovx_router_dump(ctx, 0, add_router, &b);
	if (!err && b.m.n_nets)
		err = ovx_port_dump(ctx, NULL, add_port, &b);
	if (!err && b.m.n_nets)
		err = add_names(&b);
	if (err)
		goto fail;
	if (b.m.n_ports) {
		b.m.by_net = calloc(b.m.n_ports, sizeof(*b.m.by_net));
		if (!b.m.by_net) {
			err = -ENOMEM;
			goto fail;
		}
		qsort(b.m.ports, b.m.n_ports, sizeof(*b.m.ports), cmp_port);
	}
	add_slaac(&b.m, m);
	group_ports(&b.m);
	/* Networks point at their counters by index-stable pointers. */
	for (i = 0; i < b.m.n_nets; i++)
		b.m.nets[i].counters = counters_of(&b.m, b.m.nets[i].net.name);
	for (i = 0; i < b.m.n_switches; i++) {
		struct model_switch *old = model_switch(m, b.m.switches[i].ifindex);

		b.m.switches[i].listening = old && old->listening;
	}
	model_free(m);
	*m = b.m;
	return 0;
fail:
	model_free(&b.m);
	return err;
}

/* The zone: names under the domains of the networks @net can see. */

static bool visible(const struct model_net *from, const struct model_net *to)
{
	return from == to ||
	       (from->router[0] && !strcmp(from->router, to->router) &&
		from->net.switch_ifindex == to->net.switch_ifindex);
}

/* The zone's callbacks get the svc_net inside a model_net. */
static const struct model_net *net_of(const struct svc_net *net)
{
	return (const struct model_net *)((const char *)net -
					  offsetof(struct model_net, net));
}

/* Whether @name is @domain or below it; *@label gets what is below. */
static bool in_domain(const char *name, const char *domain,
		      const char **label, size_t *label_len)
{
	size_t n = strlen(name), d = strlen(domain);

	if (n == d && !strcmp(name, domain)) {
		*label = NULL;
		*label_len = 0;
		return true;
	}
	if (n <= d + 1 || name[n - d - 1] != '.' ||
	    strcmp(name + n - d, domain))
		return false;
	*label = name;
	*label_len = n - d - 1;
	return true;
}

static bool zone_is_local(void *arg, const struct svc_net *net,
			  const char *name)
{
	struct model *m = arg;
	const struct model_net *from = net_of(net);
	const char *label;
	size_t len, i;

	for (i = 0; i < m->n_nets; i++)
		if (visible(from, &m->nets[i]) &&
		    in_domain(name, m->nets[i].net.domain, &label, &len))
			return true;
	return false;
}

static void add_v4(struct in_addr *v4, unsigned int *n, unsigned int max,
		   const struct in_addr *a)
{
	unsigned int i;

	for (i = 0; i < *n; i++)
		if (v4[i].s_addr == a->s_addr)
			return;
	if (*n < max)
		v4[(*n)++] = *a;
}

static void add_v6(struct in6_addr *v6, unsigned int *n, unsigned int max,
		   const struct in6_addr *a)
{
	unsigned int i;

	for (i = 0; i < *n; i++)
		if (!memcmp(&v6[i], a, sizeof(*a)))
			return;
	if (*n < max)
		v6[(*n)++] = *a;
}

static bool zone_lookup_name(void *arg, const struct svc_net *net,
			     const char *name, struct in_addr *v4,
			     unsigned int *n4, struct in6_addr *v6,
			     unsigned int *n6, unsigned int max)
{
	struct model *m = arg;
	const struct model_net *from = net_of(net);
	bool found = false;
	size_t i, j;

	*n4 = *n6 = 0;
	for (i = 0; i < m->n_names; i++) {
		const struct model_name *nm = &m->names[i];
		const struct model_net *to = &m->nets[nm->net];
		const char *label;
		size_t len;

		if (!visible(from, to) ||
		    !in_domain(name, to->net.domain, &label, &len) || !label ||
		    strlen(nm->name) != len || strncmp(nm->name, label, len))
			continue;
		found = true;
		if (nm->family == AF_INET)
			add_v4(v4, n4, max, &nm->addr.v4);
		else
			add_v6(v6, n6, max, &nm->addr.v6);
	}
	for (i = 0; i < m->n_nets; i++) {
		const struct model_net *to = &m->nets[i];
		const char *label;
		size_t len;

		if (!visible(from, to) ||
		    !in_domain(name, to->net.domain, &label, &len) || !label)
			continue;
		for (j = 0; j < to->n_ports; j++) {
			const struct svc_port *p =
				&m->ports[m->by_net[to->first_port + j]].port;
			unsigned int k;

			if (strlen(p->name) != len ||
			    strncmp(p->name, label, len))
				continue;
			found = true;
			for (k = 0; k < p->n4; k++)
				add_v4(v4, n4, max, &p->ip4[k]);
			for (k = 0; k < p->n6; k++)
				add_v6(v6, n6, max, &p->ip6[k]);
		}
	}
	return found;
}

static bool zone_lookup_addr(void *arg, const struct svc_net *net,
			     int family, const void *addr, char *name,
			     size_t size)
{
	struct model *m = arg;
	const struct model_net *from = net_of(net);
	size_t i, j;

	for (i = 0; i < m->n_names; i++) {
		const struct model_name *nm = &m->names[i];
		const struct model_net *to = &m->nets[nm->net];

		if (nm->family != family || !visible(from, to) ||
		    memcmp(&nm->addr, addr, family == AF_INET ? 4 : 16))
			continue;
		snprintf(name, size, "%s.%s", nm->name, to->net.domain);
		return true;
	}
	for (i = 0; i < m->n_nets; i++) {
		const struct model_net *to = &m->nets[i];

		if (!visible(from, to))
			continue;
		for (j = 0; j < to->n_ports; j++) {
			const struct svc_port *p =
				&m->ports[m->by_net[to->first_port + j]].port;
			unsigned int k;
			bool hit = false;

			if (!p->name[0])
				continue;
			if (family == AF_INET)
				for (k = 0; k < p->n4 && !hit; k++)
					hit = !memcmp(&p->ip4[k], addr, 4);
			else
				for (k = 0; k < p->n6 && !hit; k++)
					hit = !memcmp(&p->ip6[k], addr, 16);
			if (hit) {
				snprintf(name, size, "%s.%s", p->name,
					 to->net.domain);
				return true;
			}
		}
	}
	return false;
}

void model_zone(struct model *m, struct dns_zone *zone)
{
	zone->arg = m;
	zone->is_local = zone_is_local;
	zone->lookup_name = zone_lookup_name;
	zone->lookup_addr = zone_lookup_addr;
}
