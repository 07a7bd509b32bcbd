// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * The topology model: its memory, lookups, validation (the same checks
 * for a file and for etcd's keys, only the way messages locate an object
 * differs), a host's part of it, and which host this machine is.
 *
 * Topologies reach tens of thousands of ports (1000 hosts of 20), so
 * every check that compares objects with each other sorts them instead
 * of comparing every pair.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "topo_priv.h"
#include "utils.h"

/* ---- errors ---------------------------------------------------------- */

void topo_err(struct topo_errors *e, const char *fmt, ...)
{
	char **msg;
	char *s = NULL;
	va_list ap;
	int ret;

	if (e->n > TOPO_ERRORS_MAX)
		return;
	if (e->n == TOPO_ERRORS_MAX) {
		s = strdup("too many errors, the rest are not shown");
	} else {
		va_start(ap, fmt);
		ret = vasprintf(&s, fmt, ap);
		va_end(ap);
		if (ret < 0)
			s = NULL;
	}
	msg = realloc(e->msg, (e->n + 1) * sizeof(*msg));
	if (!msg) {
		free(s);
		return;
	}
	e->msg = msg;
	/* Out of memory for the text: still count the error. */
	e->msg[e->n++] = s ? s : NULL;
}

void topo_errors_free(struct topo_errors *e)
{
	size_t i;

	if (!e)
		return;
	for (i = 0; i < e->n; i++)
		free(e->msg[i]);
	free(e->msg);
	e->msg = NULL;
	e->n = 0;
}

void topo_errors_print(const struct topo_errors *e, FILE *f)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		fprintf(f, "%s\n", e->msg[i] ? e->msg[i] : "out of memory");
}

/* ---- memory ---------------------------------------------------------- */

void *topo_grow(void *arr, size_t *n, size_t *cap, size_t size)
{
	size_t want = *n + 1;
	char *p = arr;

	if (*n >= SIZE_MAX / size / 2 - 1)
		return NULL;
	if (!cap || *cap < want) {
		if (cap)
			want = *cap * 2 > want ? *cap * 2 :
			       want < 8 ? 8 : want;
		p = realloc(arr, want * size);
		if (!p)
			return NULL;
		if (cap)
			*cap = want;
	}
	memset(p + *n * size, 0, size);
	(*n)++;
	return p;
}

void topo_switch_init(struct topo_switch *sw)
{
	memset(sw, 0, sizeof(*sw));
	sw->encap = OVX_SWITCH_ENCAP_VXLAN;
	sw->dstport = TOPO_UNSET;
}

void topo_net_init(struct topo_net *n)
{
	memset(n, 0, sizeof(*n));
	n->learning = TOPO_UNSET;
	n->flood_unknown = TOPO_UNSET;
	n->arp_suppress = TOPO_UNSET;
	n->dhcp = TOPO_UNSET;
	n->dns = TOPO_UNSET;
	n->ageing = TOPO_UNSET;
	n->fdb_max = TOPO_UNSET;
	n->lease = TOPO_UNSET;
	n->service_len = TOPO_UNSET;
}

void topo_net_release(struct topo_net *n)
{
	free(n->name);
	free(n->domain);
	free(n->dns_servers);
}

void topo_router_release(struct topo_router *r)
{
	size_t i;

	free(r->name);
	for (i = 0; i < r->n_ifs; i++) {
		free(r->ifs[i].net);
		free(r->ifs[i].ips);
	}
	free(r->ifs);
	free(r->routes);
}

void topo_port_release(struct topo_port *p)
{
	free(p->name);
	free(p->net);
	free(p->host);
	free(p->dev);
	free(p->ips);
	free(p->from);
}

void topo_free(struct topo *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->n_hosts; i++)
		free(t->hosts[i].name);
	for (i = 0; i < t->n_nets; i++)
		topo_net_release(&t->nets[i]);
	for (i = 0; i < t->n_routers; i++)
		topo_router_release(&t->routers[i]);
	for (i = 0; i < t->n_ports; i++)
		topo_port_release(&t->ports[i]);
	free(t->hosts);
	free(t->nets);
	free(t->routers);
	free(t->ports);
	free(t->file);
	memset(t, 0, sizeof(*t));
	topo_switch_init(&t->sw);
}

/* ---- scalars --------------------------------------------------------- */

static int parse_len(const char *s, unsigned int max, unsigned int *out)
{
	unsigned int v = 0;

	if (!*s || (s[0] == '0' && s[1]))
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (unsigned int)(*s - '0');
		if (v > max)
			return -1;
	}
	*out = v;
	return 0;
}

/* ADDR/LEN, the address kept as written (a gateway keeps its host bits). */
int topo_parse_prefix(const char *s, struct topo_prefix *p)
{
	char buf[TOPO_PREFIX_LEN];
	struct topo_prefix r;
	const char *slash;

	slash = strchr(s, '/');
	if (!slash || (size_t)(slash - s) >= sizeof(buf))
		return -1;
	memcpy(buf, s, (size_t)(slash - s));
	buf[slash - s] = '\0';
	if (parse_addr(buf, &r.addr))
		return -1;
	if (parse_len(slash + 1, r.addr.family == AF_INET ? 32 : 128, &r.len))
		return -1;
	*p = r;
	return 0;
}

/* ADDR or ADDR/LEN: a network's service address. */
int topo_parse_service(const char *s, struct ovx_addr *a, int *len)
{
	struct topo_prefix p;

	if (!strchr(s, '/')) {
		if (parse_addr(s, a))
			return -1;
		*len = TOPO_UNSET;
		return 0;
	}
	if (topo_parse_prefix(s, &p))
		return -1;
	*a = p.addr;
	*len = (int)p.len;
	return 0;
}

char *topo_fmt_service(const struct topo_net *n, char *buf, size_t len)
{
	char a[TOPO_ADDR_LEN];

	topo_fmt_addr(&n->service, a, sizeof(a));
	if (n->service_len == TOPO_UNSET)
		snprintf(buf, len, "%s", a);
	else
		snprintf(buf, len, "%s/%d", a, n->service_len);
	return buf;
}

/* A route's prefix, or "default" of the family of @via (when it has one). */
int topo_parse_route_prefix(const char *s, const struct ovx_addr *via,
			    struct topo_prefix *p)
{
	if (strcmp(s, "default"))
		return topo_parse_prefix(s, p);
	if (!via || via->family == AF_UNSPEC)
		return -1;
	memset(p, 0, sizeof(*p));
	p->addr.family = via->family;
	return 0;
}

int topo_parse_bool(const char *s, int *v)
{
	static const char *const yes[] = { "true", "on", "yes" };
	static const char *const no[] = { "false", "off", "no" };
	size_t i;

	for (i = 0; i < 3; i++) {
		if (!strcasecmp(s, yes[i])) {
			*v = 1;
			return 0;
		}
		if (!strcasecmp(s, no[i])) {
			*v = 0;
			return 0;
		}
	}
	return -1;
}

int topo_parse_encap(const char *s, int *encap)
{
	if (!strcmp(s, "vxlan"))
		*encap = OVX_SWITCH_ENCAP_VXLAN;
	else if (!strcmp(s, "geneve"))
		*encap = OVX_SWITCH_ENCAP_GENEVE;
	else
		return -1;
	return 0;
}

const char *topo_encap_name(int encap)
{
	switch (encap) {
	case OVX_SWITCH_ENCAP_VXLAN:
		return "vxlan";
	case OVX_SWITCH_ENCAP_GENEVE:
		return "geneve";
	}
	return NULL;
}

char *topo_fmt_addr(const struct ovx_addr *a, char *buf, size_t len)
{
	if (a->family != AF_INET && a->family != AF_INET6)
		snprintf(buf, len, "(none)");
	else if (!format_addr(a, buf, len))
		snprintf(buf, len, "?");
	return buf;
}

char *topo_fmt_prefix(const struct topo_prefix *p, char *buf, size_t len)
{
	char a[TOPO_ADDR_LEN];

	snprintf(buf, len, "%s/%u", topo_fmt_addr(&p->addr, a, sizeof(a)),
		 p->len);
	return buf;
}

char *topo_fmt_mac(const uint8_t mac[6], char *buf, size_t len)
{
	if (!format_mac(mac, buf, len) && len)
		buf[0] = '\0';
	return buf;
}

/* ---- lookups --------------------------------------------------------- */

const struct topo_host *topo_host_find(const struct topo *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->n_hosts; i++)
		if (t->hosts[i].name && !strcmp(t->hosts[i].name, name))
			return &t->hosts[i];
	return NULL;
}

const struct topo_net *topo_net_find(const struct topo *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->n_nets; i++)
		if (t->nets[i].name && !strcmp(t->nets[i].name, name))
			return &t->nets[i];
	return NULL;
}

const struct topo_router *topo_router_find(const struct topo *t,
					   const char *name)
{
	size_t i;

	for (i = 0; i < t->n_routers; i++)
		if (t->routers[i].name && !strcmp(t->routers[i].name, name))
			return &t->routers[i];
	return NULL;
}

const struct topo_port *topo_port_find(const struct topo *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->n_ports; i++)
		if (t->ports[i].name && !strcmp(t->ports[i].name, name))
			return &t->ports[i];
	return NULL;
}

/*
 * Names sorted once, for the lookups of validation and of the part
 * (ports x networks would be quadratic).  Ties keep the topo's order, so
 * the first of duplicates is the one found.
 */
struct name_ix {
	const char *name;
	size_t i;
};

static int cmp_name_ix(const void *a, const void *b)
{
	const struct name_ix *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* Index @n objects of @size bytes whose name is a char * at @off. */
static struct name_ix *index_names(const void *base, size_t n, size_t size,
				   size_t off, size_t *count)
{
	struct name_ix *ix = calloc(n ? n : 1, sizeof(*ix));
	size_t i, k = 0;

	if (!ix)
		return NULL;
	for (i = 0; i < n; i++) {
		const char *name;

		memcpy(&name, (const char *)base + i * size + off,
		       sizeof(name));
		if (!name)
			continue;
		ix[k].name = name;
		ix[k++].i = i;
	}
	if (k > 1)
		qsort(ix, k, sizeof(*ix), cmp_name_ix);
	*count = k;
	return ix;
}

/* The index of the first object named @name, or SIZE_MAX. */
static size_t lookup(const struct name_ix *ix, size_t n, const char *name)
{
	size_t lo = 0, hi = n;

	if (!name)
		return SIZE_MAX;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(ix[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < n && !strcmp(ix[lo].name, name))
		return ix[lo].i;
	return SIZE_MAX;
}

struct names {
	struct name_ix *hosts, *nets, *routers, *ports;
	size_t n_hosts, n_nets, n_routers, n_ports;
};

static void names_free(struct names *nm)
{
	free(nm->hosts);
	free(nm->nets);
	free(nm->routers);
	free(nm->ports);
}

static int names_init(const struct topo *t, struct names *nm)
{
	memset(nm, 0, sizeof(*nm));
	nm->hosts = index_names(t->hosts, t->n_hosts, sizeof(*t->hosts),
				offsetof(struct topo_host, name), &nm->n_hosts);
	nm->nets = index_names(t->nets, t->n_nets, sizeof(*t->nets),
			       offsetof(struct topo_net, name), &nm->n_nets);
	nm->routers = index_names(t->routers, t->n_routers,
				  sizeof(*t->routers),
				  offsetof(struct topo_router, name),
				  &nm->n_routers);
	nm->ports = index_names(t->ports, t->n_ports, sizeof(*t->ports),
				offsetof(struct topo_port, name), &nm->n_ports);
	if (!nm->hosts || !nm->nets || !nm->routers || !nm->ports) {
		names_free(nm);
		return -1;
	}
	return 0;
}

#define HOST_IX(nm, s) lookup((nm)->hosts, (nm)->n_hosts, (s))
#define NET_IX(nm, s) lookup((nm)->nets, (nm)->n_nets, (s))

/* ---- validation ------------------------------------------------------ */

enum kind { K_SWITCH, K_HOST, K_NET, K_ROUTER, K_PORT };

static const char *const kind_word[] = {
	[K_SWITCH] = "switch", [K_HOST] = "host", [K_NET] = "network",
	[K_ROUTER] = "router", [K_PORT] = "port",
};

static const char *const kind_key[] = {
	[K_SWITCH] = TOPO_KEY_SWITCH, [K_HOST] = TOPO_KEY_HOSTS,
	[K_NET] = TOPO_KEY_NETS, [K_ROUTER] = TOPO_KEY_ROUTERS,
	[K_PORT] = TOPO_KEY_PORTS,
};

struct vctx {
	const struct topo *t;
	struct topo_errors *err;
	struct names nm;
	size_t *port_net;	/* each port's network, SIZE_MAX if unknown */
	size_t *port_host;
};

/*
 * One message about object @name of @kind: "FILE:LINE: port web1: MSG"
 * for a file, "/ovx/topology/ports/web1: MSG" for etcd.
 */
static void __attribute__((format(printf, 5, 6)))
verr(struct vctx *v, enum kind kind, const char *name, int line,
     const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (v->t->file) {
		if (name && *name)
			topo_err(v->err, "%s:%d: %s %s: %s", v->t->file, line,
				 kind_word[kind], name, msg);
		else
			topo_err(v->err, "%s:%d: %s: %s", v->t->file, line,
				 kind_word[kind], msg);
	} else if (kind == K_SWITCH) {
		topo_err(v->err, "%s: %s", kind_key[kind], msg);
	} else {
		topo_err(v->err, "%s%s: %s", kind_key[kind],
			 name ? name : "(unnamed)", msg);
	}
}

/* " (line 12)" for a file: where the other of a pair is. */
static const char *at_line(const struct vctx *v, int line, char *buf,
			   size_t len)
{
	if (v->t->file)
		snprintf(buf, len, ", line %d", line);
	else
		buf[0] = '\0';
	return buf;
}

/*
 * A host's name is its hostname, and a key of etcd: the characters of a
 * network's name (no '/'), up to a DNS name's length.
 */
static bool host_name_ok(const char *s)
{
	char label[OVX_NET_NAMSIZ];
	size_t len = strlen(s), off;

	if (!len || len > 253)
		return false;
	/* check_net_name() takes the characters; check by pieces. */
	for (off = 0; off < len; off += sizeof(label) - 1) {
		snprintf(label, sizeof(label), "%s", s + off);
		if (check_net_name(label))
			return false;
	}
	return true;
}

static bool obj_name_ok(const char *s)
{
	return !check_net_name(s);
}


static bool mac_bad(const uint8_t m[6])
{
	static const uint8_t zero[6];

	return (m[0] & 1) || !memcmp(m, zero, 6);
}

static bool addr_ok(const struct ovx_addr *a)
{
	return a->family == AF_INET || a->family == AF_INET6;
}

static unsigned int family_bits(int family)
{
	return family == AF_INET ? 32 : 128;
}

static bool prefix_ok(const struct topo_prefix *p)
{
	return addr_ok(&p->addr) && p->len <= family_bits(p->addr.family);
}

/* Whether @a lies inside @p (of the same family). */
static bool prefix_has(const struct topo_prefix *p, const struct ovx_addr *a)
{
	unsigned int bytes = p->len / 8, bits = p->len % 8;
	uint8_t mask;

	if (p->addr.family != a->family)
		return false;
	if (memcmp(p->addr.u.raw, a->u.raw, bytes))
		return false;
	if (!bits)
		return true;
	mask = (uint8_t)(0xff << (8 - bits));
	return !((p->addr.u.raw[bytes] ^ a->u.raw[bytes]) & mask);
}

static bool prefix_host_bits(const struct topo_prefix *p)
{
	unsigned int bits = family_bits(p->addr.family), i;

	for (i = p->len; i < bits; i++)
		if (p->addr.u.raw[i / 8] & (0x80 >> (i % 8)))
			return true;
	return false;
}

static bool prefixes_overlap(const struct topo_prefix *a,
			     const struct topo_prefix *b)
{
	return a->len <= b->len ? prefix_has(a, &b->addr) :
				  prefix_has(b, &a->addr);
}

static void check_switch(struct vctx *v)
{
	const struct topo_switch *sw = &v->t->sw;
	const char *name = memchr(sw->name, '\0', sizeof(sw->name)) ?
			   sw->name : NULL;

	if (!name || !*name)
		verr(v, K_SWITCH, NULL, sw->line, "missing name");
	else if (check_ifname(name))
		verr(v, K_SWITCH, NULL, sw->line,
		     "name %s is not an interface name (1-15 characters, no '/', ':' or blank)",
		     name);
	if (!topo_encap_name(sw->encap))
		verr(v, K_SWITCH, NULL, sw->line,
		     "encap %d is not vxlan or geneve", sw->encap);
	if (sw->dstport != TOPO_UNSET &&
	    (sw->dstport < 1 || sw->dstport > 65535))
		verr(v, K_SWITCH, NULL, sw->line,
		     "dstport %d is not a UDP port (1-65535)", sw->dstport);
}

static void check_hosts(struct vctx *v)
{
	size_t i;

	for (i = 0; i < v->t->n_hosts; i++) {
		const struct topo_host *h = &v->t->hosts[i];

		if (!h->name)
			verr(v, K_HOST, NULL, h->line, "missing name");
		else if (!host_name_ok(h->name))
			verr(v, K_HOST, h->name, h->line,
			     "not a host name (1-253 letters, digits, '-', '_' or '.')");
		if (!addr_ok(&h->address))
			verr(v, K_HOST, h->name, h->line, "missing address");
	}
}

static bool bool_ok(int b)
{
	return b == TOPO_UNSET || b == 0 || b == 1;
}

static void check_nets(struct vctx *v)
{
	static const char *const bools[] = {
		"learning", "flood-unknown", "arp-suppress", "dhcp", "dns",
	};
	size_t i, k;

	for (i = 0; i < v->t->n_nets; i++) {
		const struct topo_net *n = &v->t->nets[i];
		const int b[] = { n->learning, n->flood_unknown,
				  n->arp_suppress, n->dhcp, n->dns };

		if (!n->name)
			verr(v, K_NET, NULL, n->line, "missing name");
		else if (!obj_name_ok(n->name))
			verr(v, K_NET, n->name, n->line,
			     "not a network name (1-31 letters, digits, '-', '_' or '.')");
		if (n->vni < 1 || n->vni > OVX_NET_VNI_MAX)
			verr(v, K_NET, n->name, n->line,
			     "vni %u is not a VNI (1-16777215)", n->vni);
		for (k = 0; k < sizeof(b) / sizeof(b[0]); k++)
			if (!bool_ok(b[k]))
				verr(v, K_NET, n->name, n->line,
				     "%s is not on or off", bools[k]);
		if (n->ageing != TOPO_UNSET &&
		    (n->ageing < 0 || n->ageing > OVX_NET_AGEING_MAX))
			verr(v, K_NET, n->name, n->line,
			     "ageing %lld is not an ageing time (0-1000000 seconds)",
			     n->ageing);
		if (n->fdb_max != TOPO_UNSET &&
		    (n->fdb_max < 0 || n->fdb_max > UINT32_MAX))
			verr(v, K_NET, n->name, n->line,
			     "fdb-max %lld is not a number of entries (0-4294967295)",
			     n->fdb_max);
		if (n->lease != TOPO_UNSET &&
		    (n->lease < 10 || n->lease > 31536000))
			verr(v, K_NET, n->name, n->line,
			     "lease %lld is not a lease time (10-31536000 seconds)",
			     n->lease);
		if (n->domain && !domain_ok(n->domain))
			verr(v, K_NET, n->name, n->line,
			     "domain %s is not a domain name (labels of 1-63 letters, digits or '-', 253 characters in all)",
			     n->domain);
		if (n->n_dns_servers > OVX_DNS_SERVERS_MAX)
			verr(v, K_NET, n->name, n->line,
			     "%zu DNS servers (at most %d)", n->n_dns_servers,
			     OVX_DNS_SERVERS_MAX);
		if (n->service.family != AF_UNSPEC &&
		    (!addr_ok(&n->service) ||
		     (n->service_len != TOPO_UNSET &&
		      (n->service_len < 0 ||
		       n->service_len > (int)family_bits(n->service.family)))))
			verr(v, K_NET, n->name, n->line,
			     "service is not ADDR or ADDR/LEN");
		for (k = 0; k < n->n_dns_servers; k++)
			if (!addr_ok(&n->dns_servers[k]))
				verr(v, K_NET, n->name, n->line,
				     "dns-server %zu is not an address", k + 1);
	}
}

static void check_router_ifs(struct vctx *v, const struct topo_router *r)
{
	char a[TOPO_PREFIX_LEN], b[TOPO_PREFIX_LEN], w[32];
	size_t i, j, k, l;

	for (i = 0; i < r->n_ifs; i++) {
		const struct topo_router_if *ifc = &r->ifs[i];

		if (!ifc->net) {
			verr(v, K_ROUTER, r->name, ifc->line,
			     "interface without net");
		} else if (NET_IX(&v->nm, ifc->net) == SIZE_MAX) {
			verr(v, K_ROUTER, r->name, ifc->line,
			     "unknown network %s", ifc->net);
		} else {
			for (j = 0; j < i; j++)
				if (r->ifs[j].net &&
				    !strcmp(r->ifs[j].net, ifc->net))
					break;
			if (j < i)
				verr(v, K_ROUTER, r->name, ifc->line,
				     "network %s attached twice%s", ifc->net,
				     at_line(v, r->ifs[j].line, w, sizeof(w)));
		}
		if (!ifc->n_ips)
			verr(v, K_ROUTER, r->name, ifc->line,
			     "interface %s without ip", ifc->net ? ifc->net : "");
		if (ifc->n_ips > OVX_ROUTER_IF_ADDRS_MAX)
			verr(v, K_ROUTER, r->name, ifc->line,
			     "interface %s has %zu addresses (at most %d)",
			     ifc->net ? ifc->net : "", ifc->n_ips,
			     OVX_ROUTER_IF_ADDRS_MAX);
		for (k = 0; k < ifc->n_ips; k++) {
			if (!prefix_ok(&ifc->ips[k])) {
				verr(v, K_ROUTER, r->name, ifc->line,
				     "interface %s: ip %zu is not ADDR/LEN",
				     ifc->net ? ifc->net : "", k + 1);
				continue;
			}
			/* Connected prefixes of one router must not overlap. */
			topo_fmt_prefix(&ifc->ips[k], a, sizeof(a));
			for (j = 0; j <= i; j++) {
				const struct topo_router_if *oi = &r->ifs[j];
				size_t end = j < i ? oi->n_ips : k;

				for (l = 0; l < end; l++) {
					if (!prefix_ok(&oi->ips[l]) ||
					    !prefixes_overlap(&oi->ips[l],
							      &ifc->ips[k]))
						continue;
					verr(v, K_ROUTER, r->name, ifc->line,
					     "%s overlaps %s of interface %s", a,
					     topo_fmt_prefix(&oi->ips[l], b,
							     sizeof(b)),
					     oi->net ? oi->net : "");
				}
			}
		}
	}
}

/* Whether one of @r's interfaces has a prefix holding @a. */
static bool router_reaches(const struct topo_router *r,
			   const struct ovx_addr *a)
{
	size_t i, k;

	for (i = 0; i < r->n_ifs; i++)
		for (k = 0; k < r->ifs[i].n_ips; k++)
			if (prefix_has(&r->ifs[i].ips[k], a))
				return true;
	return false;
}

/* Whether @p lies inside one of @r's connected prefixes. */
static bool router_covers(const struct topo_router *r,
			  const struct topo_prefix *p)
{
	size_t i, k;

	for (i = 0; i < r->n_ifs; i++)
		for (k = 0; k < r->ifs[i].n_ips; k++)
			if (r->ifs[i].ips[k].len <= p->len &&
			    prefix_has(&r->ifs[i].ips[k], &p->addr))
				return true;
	return false;
}

static void check_routes(struct vctx *v, const struct topo_router *r)
{
	char a[TOPO_PREFIX_LEN], b[TOPO_ADDR_LEN];
	size_t i;

	for (i = 0; i < r->n_routes; i++) {
		const struct topo_route *rt = &r->routes[i];

		topo_fmt_prefix(&rt->prefix, a, sizeof(a));
		if (!prefix_ok(&rt->prefix)) {
			verr(v, K_ROUTER, r->name, rt->line,
			     "route without prefix");
			continue;
		}
		if (prefix_host_bits(&rt->prefix))
			verr(v, K_ROUTER, r->name, rt->line,
			     "route %s: host bits set", a);
		if (rt->has_via) {
			topo_fmt_addr(&rt->via, b, sizeof(b));
			if (rt->via.family != rt->prefix.addr.family)
				verr(v, K_ROUTER, r->name, rt->line,
				     "route %s: via %s is not of the family of the prefix",
				     a, b);
			else if (!router_reaches(r, &rt->via))
				verr(v, K_ROUTER, r->name, rt->line,
				     "route %s: via %s is not inside a prefix of the router's interfaces",
				     a, b);
		} else if (!router_covers(r, &rt->prefix)) {
			/* Connected-style: inside a connected prefix. */
			verr(v, K_ROUTER, r->name, rt->line,
			     "route %s without via is not inside a prefix of the router's interfaces",
			     a);
		}
	}
}

static void check_routers(struct vctx *v)
{
	char m[TOPO_MAC_LEN];
	size_t i;

	for (i = 0; i < v->t->n_routers; i++) {
		const struct topo_router *r = &v->t->routers[i];

		if (!r->name)
			verr(v, K_ROUTER, NULL, r->line, "missing name");
		else if (!obj_name_ok(r->name))
			verr(v, K_ROUTER, r->name, r->line,
			     "not a router name (1-31 letters, digits, '-', '_' or '.')");
		if (r->has_mac && mac_bad(r->mac))
			verr(v, K_ROUTER, r->name, r->line,
			     "mac %s is multicast or zero",
			     topo_fmt_mac(r->mac, m, sizeof(m)));
		check_router_ifs(v, r);
		check_routes(v, r);
	}
}

/*
 * Every router interface prefix of each network (compressed rows: those
 * of network i are pfx[start[i]] to pfx[start[i + 1]]).
 */
struct net_pfx {
	size_t *start;
	const struct topo_prefix **pfx;
};

static int net_pfx_init(struct vctx *v, struct net_pfx *np)
{
	const struct topo *t = v->t;
	size_t i, j, k, n, total = 0, *fill;

	np->start = calloc(t->n_nets + 1, sizeof(*np->start));
	fill = calloc(t->n_nets + 1, sizeof(*fill));
	if (!np->start || !fill)
		goto nomem;
	for (i = 0; i < t->n_routers; i++)
		for (j = 0; j < t->routers[i].n_ifs; j++) {
			n = NET_IX(&v->nm, t->routers[i].ifs[j].net);
			if (n != SIZE_MAX) {
				np->start[n + 1] += t->routers[i].ifs[j].n_ips;
				total += t->routers[i].ifs[j].n_ips;
			}
		}
	for (i = 0; i < t->n_nets; i++)
		np->start[i + 1] += np->start[i];
	np->pfx = calloc(total ? total : 1, sizeof(*np->pfx));
	if (!np->pfx)
		goto nomem;
	for (i = 0; i < t->n_routers; i++)
		for (j = 0; j < t->routers[i].n_ifs; j++) {
			const struct topo_router_if *ifc;

			ifc = &t->routers[i].ifs[j];
			n = NET_IX(&v->nm, ifc->net);
			if (n == SIZE_MAX)
				continue;
			for (k = 0; k < ifc->n_ips; k++)
				np->pfx[np->start[n] + fill[n]++] =
					&ifc->ips[k];
		}
	free(fill);
	return 0;
nomem:
	free(fill);
	free(np->start);
	np->start = NULL;
	return -1;
}

static void check_port_ips(struct vctx *v, const struct topo_port *p,
			   size_t net, const struct net_pfx *np)
{
	char a[TOPO_ADDR_LEN];
	size_t k, j;

	if (p->n_ips > OVX_PORT_IPS_MAX)
		verr(v, K_PORT, p->name, p->line, "%zu ips (at most %d)",
		     p->n_ips, OVX_PORT_IPS_MAX);
	for (k = 0; k < p->n_ips; k++) {
		bool family_seen = false, inside = false;

		if (!addr_ok(&p->ips[k])) {
			verr(v, K_PORT, p->name, p->line,
			     "ip %zu is not an address", k + 1);
			continue;
		}
		if (net == SIZE_MAX)
			continue;
		for (j = np->start[net]; j < np->start[net + 1]; j++) {
			if (np->pfx[j]->addr.family != p->ips[k].family)
				continue;
			family_seen = true;
			if (prefix_has(np->pfx[j], &p->ips[k]))
				inside = true;
		}
		if (family_seen && !inside)
			verr(v, K_PORT, p->name, p->line,
			     "ip %s is not inside a router interface prefix of network %s",
			     topo_fmt_addr(&p->ips[k], a, sizeof(a)), p->net);
	}
}

static void check_ports(struct vctx *v)
{
	char m[TOPO_MAC_LEN];
	struct net_pfx np = { 0 };
	size_t i;

	if (net_pfx_init(v, &np)) {
		topo_err(v->err, "out of memory");
		return;
	}
	for (i = 0; i < v->t->n_ports; i++) {
		const struct topo_port *p = &v->t->ports[i];
		size_t net = NET_IX(&v->nm, p->net);
		size_t host = HOST_IX(&v->nm, p->host);

		v->port_net[i] = net;
		v->port_host[i] = host;
		if (!p->name)
			verr(v, K_PORT, NULL, p->line, "missing name");
		else if (!obj_name_ok(p->name))
			verr(v, K_PORT, p->name, p->line,
			     "not a port name (1-31 letters, digits, '-', '_' or '.')");
		if (!p->net)
			verr(v, K_PORT, p->name, p->line, "missing net");
		else if (net == SIZE_MAX)
			verr(v, K_PORT, p->name, p->line, "unknown network %s",
			     p->net);
		if (!p->host)
			verr(v, K_PORT, p->name, p->line, "missing host");
		else if (host == SIZE_MAX)
			verr(v, K_PORT, p->name, p->line, "unknown host %s",
			     p->host);
		if (p->from && HOST_IX(&v->nm, p->from) == SIZE_MAX)
			verr(v, K_PORT, p->name, p->line,
			     "unknown host %s (from)", p->from);
		if (!p->dev)
			verr(v, K_PORT, p->name, p->line, "missing dev");
		else if (check_ifname(p->dev))
			verr(v, K_PORT, p->name, p->line,
			     "dev %s is not an interface name (1-15 characters, no '/', ':' or blank)",
			     p->dev);
		if (mac_bad(p->mac))
			verr(v, K_PORT, p->name, p->line,
			     "mac %s is multicast or zero (or missing)",
			     topo_fmt_mac(p->mac, m, sizeof(m)));
		check_port_ips(v, p, net, &np);
	}
	free(np.start);
	free(np.pfx);
}

/*
 * Values that must be unique among objects: sorted by a fixed-size key,
 * equal neighbours are duplicates, the later one (in the topo's order)
 * reported against the first.
 */
enum dup_type { D_NAME_HOST, D_NAME_NET, D_NAME_ROUTER, D_NAME_PORT,
		D_VNI, D_ADDR, D_MAC, D_IP, D_DEV };

struct dup_ent {
	uint8_t key[40];
	size_t seq;
	enum kind kind;
	size_t obj;
	int line;
};

static int cmp_dup(const void *a, const void *b)
{
	const struct dup_ent *x = a, *y = b;
	int c = memcmp(x->key, y->key, sizeof(x->key));

	if (c)
		return c;
	/* The first in the file is the one the others are reported against. */
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static const char *obj_name(const struct topo *t, enum kind k, size_t i)
{
	switch (k) {
	case K_HOST:
		return t->hosts[i].name;
	case K_NET:
		return t->nets[i].name;
	case K_ROUTER:
		return t->routers[i].name;
	case K_PORT:
		return t->ports[i].name;
	case K_SWITCH:
		break;
	}
	return t->sw.name;
}

static void dup_report(struct vctx *v, enum dup_type type,
		       const struct dup_ent *first, const struct dup_ent *e)
{
	const char *name = obj_name(v->t, e->kind, e->obj);
	const char *other = obj_name(v->t, first->kind, first->obj);
	char val[TOPO_ADDR_LEN + 64], w[32];
	struct ovx_addr a;
	uint64_t idx;
	uint32_t u;

	at_line(v, first->line, w, sizeof(w));
	switch (type) {
	case D_NAME_HOST:
	case D_NAME_NET:
	case D_NAME_ROUTER:
	case D_NAME_PORT:
		verr(v, e->kind, name, e->line, "defined twice%s",
		     v->t->file ? w : "");
		return;
	case D_VNI:
		memcpy(&u, e->key, sizeof(u));
		snprintf(val, sizeof(val), "vni %u", u);
		break;
	case D_ADDR:
		memcpy(&a, e->key, sizeof(a));
		snprintf(val, sizeof(val), "address ");
		topo_fmt_addr(&a, val + 8, sizeof(val) - 8);
		break;
	case D_MAC:
		snprintf(val, sizeof(val), "mac ");
		topo_fmt_mac(e->key, val + 4, sizeof(val) - 4);
		break;
	case D_IP:
		memcpy(&a, e->key + 8, sizeof(a));
		snprintf(val, sizeof(val), "ip ");
		topo_fmt_addr(&a, val + 3, sizeof(val) - 3);
		break;
	case D_DEV:
		memcpy(&idx, e->key, sizeof(idx));
		snprintf(val, sizeof(val), "dev %.16s on host %s", e->key + 8,
			 v->t->hosts[idx].name);
		break;
	}
	if (first->kind == e->kind && first->obj == e->obj)
		verr(v, e->kind, name, e->line, "%s listed twice", val);
	else
		verr(v, e->kind, name, e->line, "%s already used by %s %s%s",
		     val, kind_word[first->kind], other ? other : "", w);
}

struct dups {
	struct dup_ent *e;
	size_t n, cap;
	bool nomem;
};

static struct dup_ent *dup_add(struct dups *d, enum kind kind, size_t obj,
			       int line)
{
	struct dup_ent *e;

	if (d->nomem)
		return NULL;
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 64;

		e = realloc(d->e, cap * sizeof(*e));
		if (!e) {
			d->nomem = true;
			return NULL;
		}
		d->e = e;
		d->cap = cap;
	}
	e = &d->e[d->n];
	memset(e, 0, sizeof(*e));
	e->seq = d->n++;
	e->kind = kind;
	e->obj = obj;
	e->line = line;
	return e;
}

static void dup_run(struct vctx *v, struct dups *d, enum dup_type type)
{
	size_t i, first = 0;

	if (d->nomem) {
		topo_err(v->err, "out of memory");
	} else if (d->n > 1) {
		qsort(d->e, d->n, sizeof(*d->e), cmp_dup);
		for (i = 1; i < d->n; i++) {
			if (memcmp(d->e[i].key, d->e[first].key,
				   sizeof(d->e[i].key))) {
				first = i;
				continue;
			}
			dup_report(v, type, &d->e[first], &d->e[i]);
		}
	}
	d->n = 0;
	d->nomem = false;
}

static int obj_line(const struct topo *t, enum kind k, size_t i)
{
	switch (k) {
	case K_HOST:
		return t->hosts[i].line;
	case K_NET:
		return t->nets[i].line;
	case K_ROUTER:
		return t->routers[i].line;
	case K_PORT:
		return t->ports[i].line;
	case K_SWITCH:
		break;
	}
	return t->sw.line;
}

/* Names are sorted already (ties in the topo's order): no copy needed. */
static void dup_names(struct vctx *v, enum kind kind, enum dup_type type,
		      const struct name_ix *ix, size_t n)
{
	size_t i, first = 0;

	for (i = 1; i < n; i++) {
		struct dup_ent a = { .kind = kind }, b = { .kind = kind };

		if (strcmp(ix[i].name, ix[first].name)) {
			first = i;
			continue;
		}
		a.obj = ix[first].i;
		a.line = obj_line(v->t, kind, a.obj);
		b.obj = ix[i].i;
		b.line = obj_line(v->t, kind, b.obj);
		dup_report(v, type, &a, &b);
	}
}

static void check_dups(struct vctx *v)
{
	const struct topo *t = v->t;
	struct dups d = { 0 };
	struct dup_ent *e;
	size_t i, k, j;

	dup_names(v, K_HOST, D_NAME_HOST, v->nm.hosts, v->nm.n_hosts);
	dup_names(v, K_NET, D_NAME_NET, v->nm.nets, v->nm.n_nets);
	dup_names(v, K_ROUTER, D_NAME_ROUTER, v->nm.routers, v->nm.n_routers);
	dup_names(v, K_PORT, D_NAME_PORT, v->nm.ports, v->nm.n_ports);

	for (i = 0; i < t->n_nets; i++) {
		if (!t->nets[i].vni)
			continue;
		e = dup_add(&d, K_NET, i, t->nets[i].line);
		if (e)
			memcpy(e->key, &t->nets[i].vni, sizeof(uint32_t));
	}
	dup_run(v, &d, D_VNI);

	for (i = 0; i < t->n_hosts; i++) {
		if (!addr_ok(&t->hosts[i].address))
			continue;
		e = dup_add(&d, K_HOST, i, t->hosts[i].line);
		if (e)
			memcpy(e->key, &t->hosts[i].address,
			       sizeof(struct ovx_addr));
	}
	dup_run(v, &d, D_ADDR);

	for (i = 0; i < t->n_ports; i++) {
		e = dup_add(&d, K_PORT, i, t->ports[i].line);
		if (e)
			memcpy(e->key, t->ports[i].mac, 6);
	}
	dup_run(v, &d, D_MAC);

	/* IPs within a network: ports' and the routers' gateways. */
	for (i = 0; i < t->n_ports; i++) {
		uint64_t net = v->port_net[i];

		if (net == SIZE_MAX)
			continue;
		for (k = 0; k < t->ports[i].n_ips; k++) {
			if (!addr_ok(&t->ports[i].ips[k]))
				continue;
			e = dup_add(&d, K_PORT, i, t->ports[i].line);
			if (!e)
				continue;
			memcpy(e->key, &net, sizeof(net));
			memcpy(e->key + 8, &t->ports[i].ips[k],
			       sizeof(struct ovx_addr));
		}
	}
	for (i = 0; i < t->n_routers; i++)
		for (j = 0; j < t->routers[i].n_ifs; j++) {
			const struct topo_router_if *ifc = &t->routers[i].ifs[j];
			uint64_t net = NET_IX(&v->nm, ifc->net);

			if (net == SIZE_MAX)
				continue;
			for (k = 0; k < ifc->n_ips; k++) {
				if (!addr_ok(&ifc->ips[k].addr))
					continue;
				e = dup_add(&d, K_ROUTER, i, ifc->line);
				if (!e)
					continue;
				memcpy(e->key, &net, sizeof(net));
				memcpy(e->key + 8, &ifc->ips[k].addr,
				       sizeof(struct ovx_addr));
			}
		}
	for (i = 0; i < t->n_nets; i++) {
		uint64_t net = i;

		if (!addr_ok(&t->nets[i].service))
			continue;
		e = dup_add(&d, K_NET, i, t->nets[i].line);
		if (!e)
			continue;
		memcpy(e->key, &net, sizeof(net));
		memcpy(e->key + 8, &t->nets[i].service,
		       sizeof(struct ovx_addr));
	}
	dup_run(v, &d, D_IP);

	for (i = 0; i < t->n_ports; i++) {
		uint64_t host = v->port_host[i];

		if (host == SIZE_MAX || !t->ports[i].dev ||
		    strlen(t->ports[i].dev) > 16)
			continue;
		e = dup_add(&d, K_PORT, i, t->ports[i].line);
		if (!e)
			continue;
		memcpy(e->key, &host, sizeof(host));
		memcpy(e->key + 8, t->ports[i].dev, strlen(t->ports[i].dev));
	}
	dup_run(v, &d, D_DEV);
	free(d.e);
}

int topo_validate(const struct topo *t, struct topo_errors *err)
{
	struct vctx v = { .t = t, .err = err };
	size_t before = err->n;

	v.port_net = calloc(t->n_ports ? t->n_ports : 1, sizeof(size_t));
	v.port_host = calloc(t->n_ports ? t->n_ports : 1, sizeof(size_t));
	if (!v.port_net || !v.port_host || names_init(t, &v.nm)) {
		free(v.port_net);
		free(v.port_host);
		topo_err(err, "out of memory");
		return -1;
	}
	check_switch(&v);
	check_hosts(&v);
	check_nets(&v);
	check_routers(&v);
	check_ports(&v);
	check_dups(&v);
	names_free(&v.nm);
	free(v.port_net);
	free(v.port_host);
	return err->n > before ? -1 : 0;
}

/* ---- equality -------------------------------------------------------- */

static bool str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

static bool addr_eq(const struct ovx_addr *a, const struct ovx_addr *b)
{
	return a->family == b->family && !memcmp(a->u.raw, b->u.raw, 16);
}

static bool prefix_eq(const struct topo_prefix *a, const struct topo_prefix *b)
{
	return addr_eq(&a->addr, &b->addr) && a->len == b->len;
}

static bool net_eq(const struct topo_net *a, const struct topo_net *b)
{
	size_t i;

	if (!str_eq(a->name, b->name) || a->vni != b->vni ||
	    a->learning != b->learning ||
	    a->flood_unknown != b->flood_unknown ||
	    a->arp_suppress != b->arp_suppress || a->dhcp != b->dhcp ||
	    a->dns != b->dns || a->ageing != b->ageing ||
	    a->fdb_max != b->fdb_max || a->lease != b->lease ||
	    !str_eq(a->domain, b->domain) ||
	    a->n_dns_servers != b->n_dns_servers ||
	    !addr_eq(&a->service, &b->service) ||
	    a->service_len != b->service_len)
		return false;
	for (i = 0; i < a->n_dns_servers; i++)
		if (!addr_eq(&a->dns_servers[i], &b->dns_servers[i]))
			return false;
	return true;
}

static bool router_eq(const struct topo_router *a, const struct topo_router *b)
{
	size_t i, k;

	if (!str_eq(a->name, b->name) || a->has_mac != b->has_mac ||
	    (a->has_mac && memcmp(a->mac, b->mac, 6)) ||
	    a->n_ifs != b->n_ifs || a->n_routes != b->n_routes)
		return false;
	for (i = 0; i < a->n_ifs; i++) {
		if (!str_eq(a->ifs[i].net, b->ifs[i].net) ||
		    a->ifs[i].n_ips != b->ifs[i].n_ips)
			return false;
		for (k = 0; k < a->ifs[i].n_ips; k++)
			if (!prefix_eq(&a->ifs[i].ips[k], &b->ifs[i].ips[k]))
				return false;
	}
	for (i = 0; i < a->n_routes; i++) {
		const struct topo_route *x = &a->routes[i], *y = &b->routes[i];

		if (!prefix_eq(&x->prefix, &y->prefix) ||
		    x->has_via != y->has_via ||
		    (x->has_via && !addr_eq(&x->via, &y->via)))
			return false;
	}
	return true;
}

static bool port_eq(const struct topo_port *a, const struct topo_port *b)
{
	size_t i;

	if (!str_eq(a->name, b->name) || !str_eq(a->net, b->net) ||
	    !str_eq(a->host, b->host) || !str_eq(a->dev, b->dev) ||
	    memcmp(a->mac, b->mac, 6) || a->n_ips != b->n_ips ||
	    a->seq != b->seq || !str_eq(a->from, b->from))
		return false;
	for (i = 0; i < a->n_ips; i++)
		if (!addr_eq(&a->ips[i], &b->ips[i]))
			return false;
	return true;
}

bool topo_equal(const struct topo *a, const struct topo *b)
{
	size_t i;

	if (strncmp(a->sw.name, b->sw.name, sizeof(a->sw.name)) ||
	    a->sw.encap != b->sw.encap || a->sw.dstport != b->sw.dstport ||
	    a->n_hosts != b->n_hosts || a->n_nets != b->n_nets ||
	    a->n_routers != b->n_routers || a->n_ports != b->n_ports)
		return false;
	for (i = 0; i < a->n_hosts; i++)
		if (!str_eq(a->hosts[i].name, b->hosts[i].name) ||
		    !addr_eq(&a->hosts[i].address, &b->hosts[i].address))
			return false;
	for (i = 0; i < a->n_nets; i++)
		if (!net_eq(&a->nets[i], &b->nets[i]))
			return false;
	for (i = 0; i < a->n_routers; i++)
		if (!router_eq(&a->routers[i], &b->routers[i]))
			return false;
	for (i = 0; i < a->n_ports; i++)
		if (!port_eq(&a->ports[i], &b->ports[i]))
			return false;
	return true;
}

/* ---- a host's part --------------------------------------------------- */

void topo_part_free(struct topo_part *part)
{
	size_t i;

	if (!part)
		return;
	for (i = 0; i < part->n_peers; i++)
		free(part->peers[i].nets);
	free(part->peers);
	free(part->nets);
	free(part->routers);
	free(part->local);
	free(part->remote);
	memset(part, 0, sizeof(*part));
}

/* The indexes i < @n with @flag[i] set, in order. */
static size_t *collect(const bool *flag, size_t n, size_t *count)
{
	size_t i, k = 0, *out;

	for (i = 0; i < n; i++)
		k += flag[i];
	out = malloc((k ? k : 1) * sizeof(*out));
	if (!out)
		return NULL;
	*count = k;
	for (i = 0, k = 0; i < n; i++)
		if (flag[i])
			out[k++] = i;
	return out;
}

int topo_part_compute(const struct topo *t, const char *host,
		      bool (*alive)(const char *host, void *arg), void *arg,
		      struct topo_part *part, struct topo_errors *err)
{
	bool *own_net = NULL, *need_net = NULL, *need_rt = NULL, *live = NULL;
	bool *local = NULL, *remote = NULL, *peer = NULL, *member = NULL;
	bool *routes = NULL;
	size_t *pnet = NULL, *phost = NULL;
	struct names nm;
	size_t i, j, k, self;
	int ret = -1;

	memset(part, 0, sizeof(*part));
	part->t = t;
	if (names_init(t, &nm)) {
		topo_err(err, "out of memory");
		return -1;
	}
	self = host ? HOST_IX(&nm, host) : SIZE_MAX;
	if (self == SIZE_MAX) {
		topo_err(err, "%s is not a host of the topology",
			 host ? host : "(null)");
		names_free(&nm);
		return -1;
	}
	part->self = self;

	own_net = calloc(t->n_nets + 1, sizeof(bool));
	need_net = calloc(t->n_nets + 1, sizeof(bool));
	need_rt = calloc(t->n_routers + 1, sizeof(bool));
	live = calloc(t->n_hosts + 1, sizeof(bool));
	local = calloc(t->n_ports + 1, sizeof(bool));
	remote = calloc(t->n_ports + 1, sizeof(bool));
	peer = calloc(t->n_hosts + 1, sizeof(bool));
	pnet = calloc(t->n_ports + 1, sizeof(size_t));
	phost = calloc(t->n_ports + 1, sizeof(size_t));
	/* member[h * n_nets + n]: host h has ports in network n */
	if (t->n_nets && t->n_hosts > SIZE_MAX / t->n_nets)
		goto nomem;
	member = calloc(t->n_hosts * t->n_nets + 1, sizeof(bool));
	/* routes[h * n_nets + n]: host h needs n through one of its routers */
	routes = calloc(t->n_hosts * t->n_nets + 1, sizeof(bool));
	if (!own_net || !need_net || !need_rt || !live || !local || !remote ||
	    !peer || !pnet || !phost || !member || !routes)
		goto nomem;

	/* Ask once per host: @alive may be a lookup of etcd's state. */
	for (i = 0; i < t->n_hosts; i++)
		live[i] = i == self || !alive || alive(t->hosts[i].name, arg);

	for (i = 0; i < t->n_ports; i++) {
		pnet[i] = NET_IX(&nm, t->ports[i].net);
		phost[i] = HOST_IX(&nm, t->ports[i].host);
		if (pnet[i] == SIZE_MAX || phost[i] == SIZE_MAX)
			continue;
		member[phost[i] * t->n_nets + pnet[i]] = true;
		if (phost[i] == self) {
			local[i] = true;
			own_net[pnet[i]] = true;
		}
		/*
		 * The host a port left keeps its network, and stays a peer
		 * in it: until the guest's first frame on its new host,
		 * traffic still goes there, and the move's announcement
		 * must reach it (see Documentation/topology.rst, "VMs that
		 * move").
		 */
		k = t->ports[i].from ? HOST_IX(&nm, t->ports[i].from) : SIZE_MAX;
		if (k != SIZE_MAX && k != phost[i]) {
			member[k * t->n_nets + pnet[i]] = true;
			if (k == self)
				own_net[pnet[i]] = true;
		}
	}

	/* Its networks, and through its routers the networks they reach. */
	for (i = 0; i < t->n_nets; i++)
		need_net[i] = own_net[i];
	for (i = 0; i < t->n_routers; i++) {
		const struct topo_router *r = &t->routers[i];

		for (j = 0; j < r->n_ifs; j++) {
			k = NET_IX(&nm, r->ifs[j].net);
			if (k != SIZE_MAX && own_net[k])
				need_rt[i] = true;
		}
		if (!need_rt[i])
			continue;
		for (j = 0; j < r->n_ifs; j++) {
			k = NET_IX(&nm, r->ifs[j].net);
			if (k != SIZE_MAX)
				need_net[k] = true;
		}
	}

	for (i = 0; i < t->n_ports; i++) {
		if (local[i] || pnet[i] == SIZE_MAX || phost[i] == SIZE_MAX ||
		    !need_net[pnet[i]] || !live[phost[i]])
			continue;
		remote[i] = true;
		peer[phost[i]] = true;
	}
	for (i = 0; i < t->n_ports; i++) {
		k = t->ports[i].from ? HOST_IX(&nm, t->ports[i].from) : SIZE_MAX;
		if (k != SIZE_MAX && k != self && pnet[i] != SIZE_MAX &&
		    need_net[pnet[i]] && live[k])
			peer[k] = true;
	}

	/*
	 * A peer is a member of every network both hosts need, not only of
	 * those it has ports in: routing happens at the source host, so a
	 * host sends into the networks behind its routers, and the replies
	 * come back into its own.  (BUM traffic of such a network reaches a
	 * host that only routes into it, which has it, without ports.)
	 */
	for (i = 0; i < t->n_routers; i++) {
		const struct topo_router *r = &t->routers[i];
		size_t h;

		for (h = 0; h < t->n_hosts; h++) {
			bool uses = false;

			if (!peer[h])
				continue;
			for (j = 0; j < r->n_ifs && !uses; j++) {
				k = NET_IX(&nm, r->ifs[j].net);
				uses = k != SIZE_MAX && member[h * t->n_nets + k];
			}
			for (j = 0; j < r->n_ifs && uses; j++) {
				k = NET_IX(&nm, r->ifs[j].net);
				if (k != SIZE_MAX)
					routes[h * t->n_nets + k] = true;
			}
		}
	}

	part->nets = collect(need_net, t->n_nets, &part->n_nets);
	part->routers = collect(need_rt, t->n_routers, &part->n_routers);
	part->local = collect(local, t->n_ports, &part->n_local);
	part->remote = collect(remote, t->n_ports, &part->n_remote);
	part->peers = calloc(t->n_hosts + 1, sizeof(*part->peers));
	if (!part->nets || !part->routers || !part->local || !part->remote ||
	    !part->peers)
		goto nomem;
	for (i = 0; i < t->n_hosts; i++) {
		struct topo_part_peer *pp;
		size_t n = 0;

		if (!peer[i])
			continue;
		pp = &part->peers[part->n_peers++];
		pp->host = i;
		for (k = 0; k < t->n_nets; k++)
			n += need_net[k] && (member[i * t->n_nets + k] ||
					     routes[i * t->n_nets + k]);
		pp->nets = malloc((n ? n : 1) * sizeof(*pp->nets));
		if (!pp->nets)
			goto nomem;
		for (k = 0; k < t->n_nets; k++)
			if (need_net[k] && (member[i * t->n_nets + k] ||
					    routes[i * t->n_nets + k]))
				pp->nets[pp->n_nets++] = k;
	}
	ret = 0;
	goto out;
nomem:
	topo_err(err, "out of memory");
	topo_part_free(part);
out:
	names_free(&nm);
	free(own_net);
	free(need_net);
	free(need_rt);
	free(live);
	free(local);
	free(remote);
	free(peer);
	free(pnet);
	free(phost);
	free(member);
	free(routes);
	return ret;
}

/* ---- which host is this one ----------------------------------------- */

static bool sa_is(const struct sockaddr *sa, const struct ovx_addr *a)
{
	const struct sockaddr_in6 *s6 = (const void *)sa;
	const struct sockaddr_in *s4 = (const void *)sa;

	if (!sa || sa->sa_family != a->family)
		return false;
	if (a->family == AF_INET)
		return !memcmp(&s4->sin_addr, &a->u.v4, 4);
	return a->family == AF_INET6 && !memcmp(&s6->sin6_addr, &a->u.v6, 16);
}

const char *topo_self(const struct topo *t)
{
	const struct topo_host *found = NULL;
	struct ifaddrs *ifa, *i;
	char hn[256];
	size_t k;

	if (!gethostname(hn, sizeof(hn))) {
		hn[sizeof(hn) - 1] = '\0';
		found = topo_host_find(t, hn);
		if (found)
			return found->name;
	}
	if (getifaddrs(&ifa))
		return NULL;
	for (k = 0; k < t->n_hosts; k++) {
		const struct ovx_addr *a = &t->hosts[k].address;
		bool mine = false;

		for (i = ifa; i && !mine; i = i->ifa_next)
			mine = sa_is(i->ifa_addr, a);
		if (!mine)
			continue;
		if (found) {
			found = NULL;
			break;
		}
		found = &t->hosts[k];
	}
	freeifaddrs(ifa);
	return found ? found->name : NULL;
}
