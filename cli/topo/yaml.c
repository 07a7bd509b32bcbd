// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Reading a topology file: libyaml's events make a small tree (scalars,
 * sequences, mappings, each with its line), the tree is read against the
 * file's schema, then topo_validate() checks what relates objects to each
 * other.  Every problem is collected with its line; nothing is returned
 * when there is one.
 *
 * Aliases are refused: a few of them can make a tree read as if it were
 * exponentially large, and a topology has no use for them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "topo_priv.h"

/* Past this, a file is not a topology: refuse before reading it all. */
#define TOPO_FILE_MAX	(256u << 20)
/* A topology nests five levels; past this the file is wrong anyway. */
#define DEPTH_MAX	32

enum ytype { Y_SCALAR, Y_SEQ, Y_MAP };

struct ynode {
	enum ytype type;
	int line;
	bool plain;		/* a plain scalar: may be a null */
	char *val;		/* a scalar's text */
	size_t n;		/* items; a mapping's keys and values alternate */
	size_t cap;
	struct ynode **kids;
};

struct yctx {
	const char *file;
	struct topo *t;
	struct topo_errors *err;
	yaml_parser_t parser;
	bool failed;		/* the tree could not be made */
};

static void __attribute__((format(printf, 3, 4)))
yerr(struct yctx *c, int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	topo_err(c->err, "%s:%d: %s", c->file, line, msg);
}

static void oom(struct yctx *c, int line)
{
	yerr(c, line, "out of memory");
	c->failed = true;
}

static void ynode_free(struct ynode *n)
{
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n->n; i++)
		ynode_free(n->kids[i]);
	free(n->kids);
	free(n->val);
	free(n);
}

/* ---- the tree -------------------------------------------------------- */

static bool next_event(struct yctx *c, yaml_event_t *ev)
{
	if (yaml_parser_parse(&c->parser, ev))
		return true;
	if (c->parser.context)
		yerr(c, (int)c->parser.problem_mark.line + 1,
		     "column %d: %s %s",
		     (int)c->parser.problem_mark.column + 1,
		     c->parser.problem ? c->parser.problem : "syntax error",
		     c->parser.context);
	else
		yerr(c, (int)c->parser.problem_mark.line + 1, "column %d: %s",
		     (int)c->parser.problem_mark.column + 1,
		     c->parser.problem ? c->parser.problem : "syntax error");
	c->failed = true;
	return false;
}

static struct ynode *node_new(struct yctx *c, enum ytype type, int line)
{
	struct ynode *n = calloc(1, sizeof(*n));

	if (!n) {
		oom(c, line);
		return NULL;
	}
	n->type = type;
	n->line = line;
	return n;
}

static bool node_add(struct yctx *c, struct ynode *parent, struct ynode *kid)
{
	struct ynode **k;
	size_t cap;

	if (parent->n == parent->cap) {
		cap = parent->cap ? parent->cap * 2 : 8;
		k = realloc(parent->kids, cap * sizeof(*k));
		if (!k) {
			ynode_free(kid);
			oom(c, parent->line);
			return false;
		}
		parent->kids = k;
		parent->cap = cap;
	}
	parent->kids[parent->n++] = kid;
	return true;
}

static struct ynode *read_node(struct yctx *c, yaml_event_t *ev, int depth);

/* The items of a sequence or mapping, up to its end event. */
static bool read_items(struct yctx *c, struct ynode *n, yaml_event_type_t end,
		       int depth)
{
	yaml_event_t ev;
	struct ynode *kid;

	for (;;) {
		if (!next_event(c, &ev))
			return false;
		if (ev.type == end) {
			yaml_event_delete(&ev);
			return true;
		}
		kid = read_node(c, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (!kid || !node_add(c, n, kid))
			return false;
	}
}

/* The node that @ev starts (the caller deletes @ev). */
static struct ynode *read_node(struct yctx *c, yaml_event_t *ev, int depth)
{
	int line = (int)ev->start_mark.line + 1;
	struct ynode *n;

	if (depth > DEPTH_MAX) {
		yerr(c, line, "nested too deep");
		c->failed = true;
		return NULL;
	}
	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		yerr(c, line, "aliases are not supported");
		c->failed = true;
		return NULL;
	case YAML_SCALAR_EVENT:
		n = node_new(c, Y_SCALAR, line);
		if (!n)
			return NULL;
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		n->val = malloc(ev->data.scalar.length + 1);
		if (!n->val) {
			free(n);
			oom(c, line);
			return NULL;
		}
		memcpy(n->val, ev->data.scalar.value, ev->data.scalar.length);
		n->val[ev->data.scalar.length] = '\0';
		/* A NUL inside ("\0" escaped) would cut names silently. */
		if (strlen(n->val) != ev->data.scalar.length) {
			yerr(c, line, "a NUL character in a value");
			n->val[0] = '\0';
		}
		return n;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		n = node_new(c, ev->type == YAML_SEQUENCE_START_EVENT ?
				Y_SEQ : Y_MAP, line);
		if (!n)
			return NULL;
		if (!read_items(c, n, n->type == Y_SEQ ?
				YAML_SEQUENCE_END_EVENT :
				YAML_MAPPING_END_EVENT, depth)) {
			ynode_free(n);
			return NULL;
		}
		return n;
	default:
		yerr(c, line, "unexpected YAML event");
		c->failed = true;
		return NULL;
	}
}

/* The one document of the file, or NULL (an empty file, or an error). */
static struct ynode *read_doc(struct yctx *c)
{
	struct ynode *root = NULL;
	yaml_event_t ev;

	if (!next_event(c, &ev))
		return NULL;
	yaml_event_delete(&ev);			/* stream start */
	if (!next_event(c, &ev))
		return NULL;
	if (ev.type == YAML_STREAM_END_EVENT) {
		yaml_event_delete(&ev);
		return NULL;
	}
	yaml_event_delete(&ev);			/* document start */
	if (!next_event(c, &ev))
		return NULL;
	root = read_node(c, &ev, 0);
	yaml_event_delete(&ev);
	if (!root)
		return NULL;
	if (!next_event(c, &ev))		/* document end */
		goto fail;
	yaml_event_delete(&ev);
	if (!next_event(c, &ev))
		goto fail;
	if (ev.type != YAML_STREAM_END_EVENT) {
		yerr(c, (int)ev.start_mark.line + 1,
		     "more than one YAML document");
		yaml_event_delete(&ev);
		goto fail;
	}
	yaml_event_delete(&ev);
	return root;
fail:
	ynode_free(root);
	return NULL;
}

/* ---- scalars of the schema ------------------------------------------- */

static bool is_null(const struct ynode *n)
{
	return n->type == Y_SCALAR && n->plain &&
	       (!n->val[0] || !strcmp(n->val, "~") || !strcmp(n->val, "null") ||
		!strcmp(n->val, "Null") || !strcmp(n->val, "NULL"));
}

static const char *type_name(const struct ynode *n)
{
	if (n->type == Y_MAP)
		return "a mapping";
	if (n->type == Y_SEQ)
		return "a list";
	return is_null(n) ? "nothing" : "a scalar";
}

/* A scalar's text, or NULL after a message. */
static const char *scalar(struct yctx *c, const struct ynode *n,
			  const char *key)
{
	if (n->type != Y_SCALAR || is_null(n)) {
		yerr(c, n->line, "%s: expected a value, not %s", key,
		     type_name(n));
		return NULL;
	}
	return n->val;
}

static bool get_str(struct yctx *c, const struct ynode *n, const char *key,
		    char **out)
{
	const char *s = scalar(c, n, key);

	if (!s)
		return false;
	free(*out);
	*out = strdup(s);
	if (!*out) {
		oom(c, n->line);
		return false;
	}
	return true;
}

/* A decimal number up to @max. */
static bool get_uint(struct yctx *c, const struct ynode *n, const char *key,
		     unsigned long long max, unsigned long long *out)
{
	const char *s = scalar(c, n, key), *p;
	unsigned long long v = 0;

	if (!s)
		return false;
	if (!*s || (s[0] == '0' && s[1]))
		goto bad;
	for (p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			goto bad;
		if (v > (max - (unsigned long long)(*p - '0')) / 10)
			goto range;
		v = v * 10 + (unsigned long long)(*p - '0');
	}
	*out = v;
	return true;
bad:
	yerr(c, n->line, "%s: %s is not a number", key, s);
	return false;
range:
	yerr(c, n->line, "%s: %s is too large (at most %llu)", key, s, max);
	return false;
}

static void get_bool(struct yctx *c, const struct ynode *n, const char *key,
		     int *out)
{
	const char *s = scalar(c, n, key);

	if (s && topo_parse_bool(s, out))
		yerr(c, n->line,
		     "%s: %s is not a boolean (true/false, on/off, yes/no)",
		     key, s);
}

/*
 * A scalar or a list of scalars: the items, or NULL after a message.  A
 * lone scalar is returned in @one.
 */
static const struct ynode *const *items(struct yctx *c, const struct ynode *n,
					const char *key, size_t *count,
					const struct ynode **one)
{
	if (n->type == Y_SEQ) {
		*count = n->n;
		return (const struct ynode *const *)n->kids;
	}
	if (n->type == Y_SCALAR && !is_null(n)) {
		*one = n;
		*count = 1;
		return one;
	}
	yerr(c, n->line, "%s: expected a value or a list, not %s", key,
	     type_name(n));
	return NULL;
}

/* ---- mappings of the schema ------------------------------------------ */

static bool is_map(struct yctx *c, const struct ynode *n, const char *what)
{
	if (n->type == Y_MAP)
		return true;
	yerr(c, n->line, "%s: expected a mapping, not %s", what, type_name(n));
	return false;
}

/*
 * The index in @keys of the @i-th key of mapping @n, or -1 after a message
 * (unknown, repeated or not a string).
 */
static int map_key(struct yctx *c, const struct ynode *n, size_t i,
		   const char *const *keys, size_t nkeys, bool *seen,
		   const char *what)
{
	const struct ynode *k = n->kids[2 * i];
	size_t j;

	if (k->type != Y_SCALAR) {
		yerr(c, k->line, "%s: a key must be a string, not %s", what,
		     type_name(k));
		return -1;
	}
	for (j = 0; j < nkeys; j++)
		if (!strcmp(k->val, keys[j]))
			break;
	if (j == nkeys) {
		yerr(c, k->line, "%s: unknown key \"%s\"", what, k->val);
		return -1;
	}
	if (seen[j]) {
		yerr(c, k->line, "%s: key \"%s\" given twice", what, k->val);
		return -1;
	}
	seen[j] = true;
	return (int)j;
}

/* Required keys: index 0..@n_req - 1 of @keys. */
static void need_keys(struct yctx *c, const struct ynode *n,
		      const char *const *keys, const bool *seen,
		      size_t n_req, const char *what)
{
	size_t j;

	for (j = 0; j < n_req; j++)
		if (!seen[j])
			yerr(c, n->line, "%s: missing key \"%s\"", what,
			     keys[j]);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void read_switch(struct yctx *c, const struct ynode *n)
{
	static const char *const keys[] = { "name", "encap", "dstport" };
	struct topo_switch *sw = &c->t->sw;
	bool seen[N(keys)] = { false };
	unsigned long long u;
	const char *s;
	size_t i;

	sw->line = n->line;
	if (!is_map(c, n, "switch"))
		return;
	for (i = 0; i < n->n / 2; i++) {
		const struct ynode *v = n->kids[2 * i + 1];

		switch (map_key(c, n, i, keys, N(keys), seen, "switch")) {
		case 0:
			s = scalar(c, v, "name");
			if (s && check_ifname(s))
				yerr(c, v->line,
				     "switch: name %s is not an interface name (1-15 characters, no '/', ':' or blank)",
				     s);
			else if (s)
				strcpy(sw->name, s);
			break;
		case 1:
			s = scalar(c, v, "encap");
			if (s && topo_parse_encap(s, &sw->encap))
				yerr(c, v->line,
				     "switch: encap %s is not vxlan or geneve",
				     s);
			break;
		case 2:
			if (get_uint(c, v, "dstport", INT_MAX, &u))
				sw->dstport = (int)u;
			break;
		}
	}
	need_keys(c, n, keys, seen, 1, "switch");
}

static void read_host(struct yctx *c, const struct ynode *n)
{
	static const char *const keys[] = { "name", "address" };
	bool seen[N(keys)] = { false };
	struct topo_host *h, *arr;
	const char *s;
	size_t i;

	if (!is_map(c, n, "host"))
		return;
	arr = topo_grow(c->t->hosts, &c->t->n_hosts, &c->t->cap_hosts,
			 sizeof(*arr));
	if (!arr) {
		oom(c, n->line);
		return;
	}
	c->t->hosts = arr;
	h = &arr[c->t->n_hosts - 1];
	h->line = n->line;
	for (i = 0; i < n->n / 2; i++) {
		const struct ynode *v = n->kids[2 * i + 1];

		switch (map_key(c, n, i, keys, N(keys), seen, "host")) {
		case 0:
			get_str(c, v, "name", &h->name);
			break;
		case 1:
			s = scalar(c, v, "address");
			if (s && parse_addr(s, &h->address))
				yerr(c, v->line,
				     "host: address %s is not an IPv4 or IPv6 address",
				     s);
			break;
		}
	}
	need_keys(c, n, keys, seen, N(keys), "host");
}

static void read_dns_servers(struct yctx *c, const struct ynode *v,
			     struct topo_net *net)
{
	const struct ynode *const *it, *one;
	size_t i, count;
	const char *s;

	it = items(c, v, "dns-server", &count, &one);
	if (!it)
		return;
	net->dns_servers = calloc(count + 1, sizeof(*net->dns_servers));
	if (!net->dns_servers) {
		oom(c, v->line);
		return;
	}
	for (i = 0; i < count; i++) {
		s = scalar(c, it[i], "dns-server");
		if (s && parse_addr(s, &net->dns_servers[i]))
			yerr(c, it[i]->line,
			     "dns-server: %s is not an IPv4 or IPv6 address", s);
	}
	net->n_dns_servers = count;
}

static void read_net(struct yctx *c, const struct ynode *n)
{
	static const char *const keys[] = {
		"name", "vni", "learning", "ageing", "fdb-max", "arp-suppress",
		"flood-unknown", "dhcp", "dns", "domain", "lease", "dns-server",
		"service",
	};
	bool seen[N(keys)] = { false };
	struct topo_net *net, *arr;
	const char *s;
	unsigned long long u;
	size_t i;

	if (!is_map(c, n, "network"))
		return;
	arr = topo_grow(c->t->nets, &c->t->n_nets, &c->t->cap_nets,
			 sizeof(*arr));
	if (!arr) {
		oom(c, n->line);
		return;
	}
	c->t->nets = arr;
	net = &arr[c->t->n_nets - 1];
	topo_net_init(net);
	net->line = n->line;
	for (i = 0; i < n->n / 2; i++) {
		const struct ynode *v = n->kids[2 * i + 1];
		int k = map_key(c, n, i, keys, N(keys), seen, "network");

		switch (k) {
		case 0:
			get_str(c, v, keys[k], &net->name);
			break;
		case 1:
			if (get_uint(c, v, keys[k], UINT32_MAX, &u))
				net->vni = (uint32_t)u;
			break;
		case 2:
			get_bool(c, v, keys[k], &net->learning);
			break;
		case 3:
			if (get_uint(c, v, keys[k], UINT32_MAX, &u))
				net->ageing = (long long)u;
			break;
		case 4:
			if (get_uint(c, v, keys[k], UINT32_MAX, &u))
				net->fdb_max = (long long)u;
			break;
		case 5:
			get_bool(c, v, keys[k], &net->arp_suppress);
			break;
		case 6:
			get_bool(c, v, keys[k], &net->flood_unknown);
			break;
		case 7:
			get_bool(c, v, keys[k], &net->dhcp);
			break;
		case 8:
			get_bool(c, v, keys[k], &net->dns);
			break;
		case 9:
			get_str(c, v, keys[k], &net->domain);
			break;
		case 10:
			if (get_uint(c, v, keys[k], UINT32_MAX, &u))
				net->lease = (long long)u;
			break;
		case 11:
			read_dns_servers(c, v, net);
			break;
		case 12:
			s = scalar(c, v, keys[k]);
			if (s && topo_parse_service(s, &net->service,
						    &net->service_len))
				yerr(c, v->line,
				     "network: service %s is not ADDR or ADDR/LEN",
				     s);
			break;
		}
	}
	need_keys(c, n, keys, seen, 2, "network");
}

static void read_router_if(struct yctx *c, const struct ynode *n,
			   struct topo_router *r)
{
	static const char *const keys[] = { "net", "ip" };
	bool seen[N(keys)] = { false };
	const struct ynode *const *it, *one;
	struct topo_router_if *ifc, *arr;
	size_t i, j, count;
	const char *s;

	if (!is_map(c, n, "interface"))
		return;
	arr = topo_grow(r->ifs, &r->n_ifs, NULL, sizeof(*arr));
	if (!arr) {
		oom(c, n->line);
		return;
	}
	r->ifs = arr;
	ifc = &arr[r->n_ifs - 1];
	ifc->line = n->line;
	for (i = 0; i < n->n / 2; i++) {
		const struct ynode *v = n->kids[2 * i + 1];

		switch (map_key(c, n, i, keys, N(keys), seen, "interface")) {
		case 0:
			get_str(c, v, "net", &ifc->net);
			break;
		case 1:
			it = items(c, v, "ip", &count, &one);
			if (!it)
				break;
			ifc->ips = calloc(count + 1, sizeof(*ifc->ips));
			if (!ifc->ips) {
				oom(c, v->line);
				return;
			}
			for (j = 0; j < count; j++) {
				s = scalar(c, it[j], "ip");
				if (s && topo_parse_prefix(s, &ifc->ips[j]))
					yerr(c, it[j]->line,
					     "interface: ip %s is not ADDR/LEN",
					     s);
			}
			ifc->n_ips = count;
			break;
		}
	}
	need_keys(c, n, keys, seen, N(keys), "interface");
}

static void read_route(struct yctx *c, const struct ynode *n,
		       struct topo_router *r)
{
	static const char *const keys[] = { "prefix", "via" };
	bool seen[N(keys)] = { false };
	const struct ynode *pfx = NULL;
	struct topo_route *rt, *arr;
	const char *s;
	size_t i;

	if (!is_map(c, n, "route"))
		return;
	arr = topo_grow(r->routes, &r->n_routes, NULL, sizeof(*arr));
	if (!arr) {
		oom(c, n->line);
		return;
	}
	r->routes = arr;
	rt = &arr[r->n_routes - 1];
	rt->line = n->line;
	for (i = 0; i < n->n / 2; i++) {
		const struct ynode *v = n->kids[2 * i + 1];

		switch (map_key(c, n, i, keys, N(keys), seen, "route")) {
		case 0:
			pfx = v;
			break;
		case 1:
			s = scalar(c, v, "via");
			if (s && parse_addr(s, &rt->via))
				yerr(c, v->line,
				     "route: via %s is not an IPv4 or IPv6 address",
				     s);
			else if (s)
				rt->has_via = true;
			break;
		}
	}
	/* "default" takes the family of the next hop: parsed after it. */
	s = pfx ? scalar(c, pfx, "prefix") : NULL;
	if (s && topo_parse_route_prefix(s, rt->has_via ? &rt->via : NULL,
					 &rt->prefix))
		yerr(c, pfx->line, !strcmp(s, "default") ?
		     "route: prefix %s needs an IPv4 or IPv6 via" :
		     "route: prefix %s is not ADDR/LEN", s);
	need_keys(c, n, keys, seen, 1, "route");
}

static void read_router(struct yctx *c, const struct ynode *n)
{
	static const char *const keys[] = {
		"name", "mac", "interfaces", "routes",
	};
	bool seen[N(keys)] = { false };
	struct topo_router *r, *arr;
	const char *s;
	size_t i, j;

	if (!is_map(c, n, "router"))
		return;
	arr = topo_grow(c->t->routers, &c->t->n_routers, &c->t->cap_routers,
			 sizeof(*arr));
	if (!arr) {
		oom(c, n->line);
		return;
	}
	c->t->routers = arr;
	r = &arr[c->t->n_routers - 1];
	r->line = n->line;
	for (i = 0; i < n->n / 2; i++) {
		const struct ynode *v = n->kids[2 * i + 1];
		int k = map_key(c, n, i, keys, N(keys), seen, "router");

		switch (k) {
		case 0:
			get_str(c, v, "name", &r->name);
			break;
		case 1:
			s = scalar(c, v, "mac");
			if (s && parse_mac(s, r->mac))
				yerr(c, v->line,
				     "router: mac %s is not a MAC address (xx:xx:xx:xx:xx:xx)",
				     s);
			else if (s)
				r->has_mac = true;
			break;
		case 2:
		case 3:
			if (is_null(v))
				break;
			if (v->type != Y_SEQ) {
				yerr(c, v->line,
				     "router: %s: expected a list, not %s",
				     keys[k], type_name(v));
				break;
			}
			for (j = 0; j < v->n && !c->failed; j++) {
				if (k == 2)
					read_router_if(c, v->kids[j], r);
				else
					read_route(c, v->kids[j], r);
			}
			break;
		}
	}
	need_keys(c, n, keys, seen, 1, "router");
}

static void read_port(struct yctx *c, const struct ynode *n)
{
	static const char *const keys[] = {
		"name", "net", "host", "dev", "mac", "ip", "seq", "from",
	};
	bool seen[N(keys)] = { false };
	const struct ynode *const *it, *one;
	struct topo_port *p, *arr;
	unsigned long long u;
	size_t i, j, count;
	const char *s;

	if (!is_map(c, n, "port"))
		return;
	arr = topo_grow(c->t->ports, &c->t->n_ports, &c->t->cap_ports,
			 sizeof(*arr));
	if (!arr) {
		oom(c, n->line);
		return;
	}
	c->t->ports = arr;
	p = &arr[c->t->n_ports - 1];
	p->line = n->line;
	for (i = 0; i < n->n / 2; i++) {
		const struct ynode *v = n->kids[2 * i + 1];
		int k = map_key(c, n, i, keys, N(keys), seen, "port");

		switch (k) {
		case 0:
			get_str(c, v, keys[k], &p->name);
			break;
		case 1:
			get_str(c, v, keys[k], &p->net);
			break;
		case 2:
			get_str(c, v, keys[k], &p->host);
			break;
		case 3:
			get_str(c, v, keys[k], &p->dev);
			break;
		case 4:
			s = scalar(c, v, "mac");
			if (s && parse_mac(s, p->mac))
				yerr(c, v->line,
				     "port: mac %s is not a MAC address (xx:xx:xx:xx:xx:xx)",
				     s);
			break;
		case 5:
			it = items(c, v, "ip", &count, &one);
			if (!it)
				break;
			p->ips = calloc(count + 1, sizeof(*p->ips));
			if (!p->ips) {
				oom(c, v->line);
				return;
			}
			for (j = 0; j < count; j++) {
				s = scalar(c, it[j], "ip");
				if (s && parse_addr(s, &p->ips[j]))
					yerr(c, it[j]->line,
					     "port: ip %s is not an IPv4 or IPv6 address",
					     s);
			}
			p->n_ips = count;
			break;
		case 6:
			if (get_uint(c, v, keys[k], 0xffff, &u))
				p->seq = (uint32_t)u;
			break;
		case 7:
			get_str(c, v, keys[k], &p->from);
			break;
		}
	}
	need_keys(c, n, keys, seen, 5, "port");
}

/* A list of objects, each read by @fn. */
static void read_list(struct yctx *c, const struct ynode *n, const char *key,
		      void (*fn)(struct yctx *c, const struct ynode *n))
{
	size_t i;

	if (is_null(n))
		return;
	if (n->type != Y_SEQ) {
		yerr(c, n->line, "%s: expected a list, not %s", key,
		     type_name(n));
		return;
	}
	for (i = 0; i < n->n && !c->failed; i++)
		fn(c, n->kids[i]);
}

static void read_topo(struct yctx *c, const struct ynode *root)
{
	static const char *const keys[] = {
		"switch", "hosts", "networks", "routers", "ports",
	};
	bool seen[N(keys)] = { false };
	size_t i;

	if (!root) {
		if (!c->failed)
			yerr(c, 1, "empty file: no switch");
		return;
	}
	if (!is_map(c, root, "topology"))
		return;
	for (i = 0; i < root->n / 2 && !c->failed; i++) {
		const struct ynode *v = root->kids[2 * i + 1];

		switch (map_key(c, root, i, keys, N(keys), seen, "topology")) {
		case 0:
			read_switch(c, v);
			break;
		case 1:
			read_list(c, v, "hosts", read_host);
			break;
		case 2:
			read_list(c, v, "networks", read_net);
			break;
		case 3:
			read_list(c, v, "routers", read_router);
			break;
		case 4:
			read_list(c, v, "ports", read_port);
			break;
		}
	}
	if (!seen[0])
		yerr(c, root->line, "topology: missing key \"switch\"");
}

/* ---- messages in the order of the file ------------------------------- */

struct msg_line {
	long line;
	size_t i;
	char *msg;
};

static int cmp_msg_line(const void *a, const void *b)
{
	const struct msg_line *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static void sort_errors(struct topo_errors *e, size_t from, const char *file)
{
	size_t i, n = e->n - from, flen = strlen(file);
	struct msg_line *m;

	m = calloc(n + 1, sizeof(*m));
	if (!m)
		return;
	for (i = 0; i < n; i++) {
		const char *s = e->msg[from + i];

		m[i].i = i;
		m[i].msg = e->msg[from + i];
		m[i].line = LONG_MAX;
		if (s && !strncmp(s, file, flen) && s[flen] == ':')
			m[i].line = strtol(s + flen + 1, NULL, 10);
	}
	qsort(m, n, sizeof(*m), cmp_msg_line);
	for (i = 0; i < n; i++)
		e->msg[from + i] = m[i].msg;
	free(m);
}

/* ---- entry points ---------------------------------------------------- */

int topo_load_string(const char *name, const char *buf, size_t len,
		     struct topo *t, struct topo_errors *err)
{
	struct yctx c = { .file = name, .t = t, .err = err };
	size_t before = err->n;
	struct ynode *root;

	memset(t, 0, sizeof(*t));
	topo_switch_init(&t->sw);
	if (!yaml_parser_initialize(&c.parser)) {
		topo_err(err, "%s: out of memory", name);
		return -1;
	}
	yaml_parser_set_input_string(&c.parser, (const unsigned char *)buf,
				     len);
	root = read_doc(&c);
	yaml_parser_delete(&c.parser);
	read_topo(&c, root);
	ynode_free(root);
	/* Checks across objects once each object reads right. */
	if (err->n == before) {
		t->file = strdup(name);
		if (!t->file)
			topo_err(err, "%s: out of memory", name);
		else
			topo_validate(t, err);
	}
	if (err->n == before)
		return 0;
	sort_errors(err, before, name);
	topo_free(t);
	return -1;
}

int topo_load_file(const char *path, struct topo *t, struct topo_errors *err)
{
	char *buf = NULL, *nb;
	size_t len = 0, cap = 0, got;
	FILE *f;
	int ret;

	memset(t, 0, sizeof(*t));
	topo_switch_init(&t->sw);
	f = fopen(path, "r");
	if (!f) {
		topo_err(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			if (cap > TOPO_FILE_MAX + 1)
				cap = TOPO_FILE_MAX + 1;
			nb = len < cap ? realloc(buf, cap) : NULL;
			if (!nb) {
				topo_err(err, len >= TOPO_FILE_MAX ?
					 "%s: larger than 256 MiB" :
					 "%s: out of memory", path);
				goto fail;
			}
			buf = nb;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got)
			continue;
		if (ferror(f)) {
			topo_err(err, "%s: %s", path, strerror(errno));
			goto fail;
		}
		break;
	}
	fclose(f);
	ret = topo_load_string(path, buf ? buf : "", len, t, err);
	free(buf);
	return ret;
fail:
	fclose(f);
	free(buf);
	return -1;
}
