// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Topology objects as the JSON values of etcd's keys: one object per
 * topology object, its fields named as the file's keys, its name left out
 * (the key holds it; the switch, a single key, keeps its name).  Unset
 * settings are left out too, so that decoding gives back exactly what was
 * encoded.  Decoding is as strict as reading the file: an unknown field or
 * a wrong type is an error naming the key.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <json.h>

#include "topo_priv.h"

/* ---- encoding -------------------------------------------------------- */

static char *finish(struct json_object *o)
{
	const char *s;
	char *out = NULL;

	if (!o)
		return NULL;
	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
					      JSON_C_TO_STRING_NOSLASHESCAPE);
	if (s)
		out = strdup(s);
	json_object_put(o);
	return out;
}

/* json_object_object_add() takes @v, even when it fails. */
static bool put(struct json_object *o, const char *key, struct json_object *v)
{
	return v && !json_object_object_add(o, key, v);
}

static struct json_object *jaddr(const struct ovx_addr *a)
{
	char buf[TOPO_ADDR_LEN];

	return json_object_new_string(topo_fmt_addr(a, buf, sizeof(buf)));
}

static struct json_object *jprefix(const struct topo_prefix *p)
{
	char buf[TOPO_PREFIX_LEN];

	return json_object_new_string(topo_fmt_prefix(p, buf, sizeof(buf)));
}

static struct json_object *jmac(const uint8_t mac[6])
{
	char buf[TOPO_MAC_LEN];

	return json_object_new_string(topo_fmt_mac(mac, buf, sizeof(buf)));
}

static struct json_object *jaddrs(const struct ovx_addr *a, size_t n)
{
	struct json_object *arr = json_object_new_array();
	struct json_object *v;
	size_t i;

	if (!arr)
		return NULL;
	for (i = 0; i < n; i++) {
		v = jaddr(&a[i]);
		if (!v || json_object_array_add(arr, v)) {
			json_object_put(v);
			json_object_put(arr);
			return NULL;
		}
	}
	return arr;
}

char *topo_switch_to_json(const struct topo_switch *sw)
{
	struct json_object *o = json_object_new_object();
	const char *encap = topo_encap_name(sw->encap);
	bool ok;

	if (!o)
		return NULL;
	ok = put(o, "name", json_object_new_string_len(sw->name,
			(int)strnlen(sw->name, sizeof(sw->name))));
	/* An encap the file cannot name is kept as its number. */
	ok = ok && put(o, "encap", encap ? json_object_new_string(encap) :
				   json_object_new_int(sw->encap));
	if (ok && sw->dstport != TOPO_UNSET)
		ok = put(o, "dstport", json_object_new_int(sw->dstport));
	if (!ok) {
		json_object_put(o);
		return NULL;
	}
	return finish(o);
}

char *topo_host_to_json(const struct topo_host *h)
{
	struct json_object *o = json_object_new_object();

	if (!o || !put(o, "address", jaddr(&h->address))) {
		json_object_put(o);
		return NULL;
	}
	return finish(o);
}

static bool put_bool(struct json_object *o, const char *key, int v)
{
	if (v == TOPO_UNSET)
		return true;
	if (v == 0 || v == 1)
		return put(o, key, json_object_new_boolean(v));
	return put(o, key, json_object_new_int(v));
}

static bool put_num(struct json_object *o, const char *key, long long v)
{
	if (v == TOPO_UNSET)
		return true;
	return put(o, key, json_object_new_int64(v));
}

char *topo_net_to_json(const struct topo_net *n)
{
	struct json_object *o = json_object_new_object();
	char svc[TOPO_PREFIX_LEN];
	bool ok;

	if (!o)
		return NULL;
	ok = put(o, "vni", json_object_new_int64(n->vni)) &&
	     put_bool(o, "learning", n->learning) &&
	     put_num(o, "ageing", n->ageing) &&
	     put_num(o, "fdb-max", n->fdb_max) &&
	     put_bool(o, "arp-suppress", n->arp_suppress) &&
	     put_bool(o, "flood-unknown", n->flood_unknown) &&
	     put_bool(o, "dhcp", n->dhcp) &&
	     put_bool(o, "dns", n->dns) &&
	     (!n->domain ||
	      put(o, "domain", json_object_new_string(n->domain))) &&
	     put_num(o, "lease", n->lease) &&
	     (!n->n_dns_servers ||
	      put(o, "dns-server", jaddrs(n->dns_servers, n->n_dns_servers))) &&
	     (n->service.family == AF_UNSPEC ||
	      put(o, "service", json_object_new_string(
			topo_fmt_service(n, svc, sizeof(svc)))));
	if (!ok) {
		json_object_put(o);
		return NULL;
	}
	return finish(o);
}

static struct json_object *jrouter_if(const struct topo_router_if *ifc)
{
	struct json_object *o = json_object_new_object();
	struct json_object *ips = json_object_new_array();
	struct json_object *v;
	size_t i;

	if (!o || !ips)
		goto fail;
	for (i = 0; i < ifc->n_ips; i++) {
		v = jprefix(&ifc->ips[i]);
		if (!v || json_object_array_add(ips, v)) {
			json_object_put(v);
			goto fail;
		}
	}
	if (!put(o, "net", json_object_new_string(ifc->net ? ifc->net : "")))
		goto fail_o;
	if (!put(o, "ip", ips))
		goto fail_o;
	return o;
fail:
	json_object_put(ips);
fail_o:
	json_object_put(o);
	return NULL;
}

static struct json_object *jroute(const struct topo_route *rt)
{
	struct json_object *o = json_object_new_object();

	if (!o || !put(o, "prefix", jprefix(&rt->prefix)) ||
	    (rt->has_via && !put(o, "via", jaddr(&rt->via)))) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

char *topo_router_to_json(const struct topo_router *r)
{
	struct json_object *o = json_object_new_object();
	struct json_object *ifs = json_object_new_array();
	struct json_object *routes = json_object_new_array();
	struct json_object *v;
	size_t i;

	if (!o || !ifs || !routes)
		goto fail;
	for (i = 0; i < r->n_ifs; i++) {
		v = jrouter_if(&r->ifs[i]);
		if (!v || json_object_array_add(ifs, v)) {
			json_object_put(v);
			goto fail;
		}
	}
	for (i = 0; i < r->n_routes; i++) {
		v = jroute(&r->routes[i]);
		if (!v || json_object_array_add(routes, v)) {
			json_object_put(v);
			goto fail;
		}
	}
	if (r->has_mac && !put(o, "mac", jmac(r->mac)))
		goto fail;
	v = ifs;
	ifs = NULL;
	if (!put(o, "interfaces", v))
		goto fail;
	v = routes;
	routes = NULL;
	if (!put(o, "routes", v))
		goto fail;
	return finish(o);
fail:
	json_object_put(ifs);
	json_object_put(routes);
	json_object_put(o);
	return NULL;
}

char *topo_port_to_json(const struct topo_port *p)
{
	struct json_object *o = json_object_new_object();
	bool ok;

	if (!o)
		return NULL;
	ok = put(o, "net", json_object_new_string(p->net ? p->net : "")) &&
	     put(o, "host", json_object_new_string(p->host ? p->host : "")) &&
	     put(o, "dev", json_object_new_string(p->dev ? p->dev : "")) &&
	     put(o, "mac", jmac(p->mac)) &&
	     put(o, "ip", jaddrs(p->ips, p->n_ips)) &&
	     put(o, "seq", json_object_new_int64(p->seq)) &&
	     (!p->from || put(o, "from", json_object_new_string(p->from)));
	if (!ok) {
		json_object_put(o);
		return NULL;
	}
	return finish(o);
}

/* ---- decoding -------------------------------------------------------- */

struct jctx {
	const char *key;
	struct topo_errors *err;
	bool bad;
};

static void __attribute__((format(printf, 2, 3)))
jerr(struct jctx *c, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	topo_err(c->err, "%s: %s", c->key, msg);
	c->bad = true;
}

static struct json_object *parse(struct jctx *c, const char *json)
{
	enum json_tokener_error e;
	struct json_object *o;

	if (!json) {
		jerr(c, "no value");
		return NULL;
	}
	o = json_tokener_parse_verbose(json, &e);
	if (!o) {
		jerr(c, "not JSON: %s", json_tokener_error_desc(e));
		return NULL;
	}
	if (!json_object_is_type(o, json_type_object)) {
		jerr(c, "not a JSON object");
		json_object_put(o);
		return NULL;
	}
	return o;
}

static int key_ix(const char *const *keys, size_t n, const char *k)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(keys[i], k))
			return (int)i;
	return -1;
}

static const char *jstr(struct jctx *c, struct json_object *v, const char *f)
{
	if (!json_object_is_type(v, json_type_string)) {
		jerr(c, "%s: not a string", f);
		return NULL;
	}
	if (strlen(json_object_get_string(v)) !=
	    (size_t)json_object_get_string_len(v)) {
		jerr(c, "%s: a NUL character in a string", f);
		return NULL;
	}
	return json_object_get_string(v);
}

static void jstrdup(struct jctx *c, struct json_object *v, const char *f,
		    char **out)
{
	const char *s = jstr(c, v, f);

	if (!s)
		return;
	*out = strdup(s);
	if (!*out)
		jerr(c, "out of memory");
}

static bool jnum(struct jctx *c, struct json_object *v, const char *f,
		 long long max, long long *out)
{
	int64_t n;

	if (!json_object_is_type(v, json_type_int)) {
		jerr(c, "%s: not an integer", f);
		return false;
	}
	errno = 0;
	n = json_object_get_int64(v);
	if (n < 0 || n > max || errno) {
		jerr(c, "%s: out of range (0-%lld)", f, max);
		return false;
	}
	*out = n;
	return true;
}

static void jbool(struct jctx *c, struct json_object *v, const char *f,
		  int *out)
{
	if (!json_object_is_type(v, json_type_boolean)) {
		jerr(c, "%s: not a boolean", f);
		return;
	}
	*out = json_object_get_boolean(v) ? 1 : 0;
}

static void jaddr_get(struct jctx *c, struct json_object *v, const char *f,
		      struct ovx_addr *a)
{
	const char *s = jstr(c, v, f);

	if (s && parse_addr(s, a))
		jerr(c, "%s: %s is not an IPv4 or IPv6 address", f, s);
}

static void jmac_get(struct jctx *c, struct json_object *v, const char *f,
		     uint8_t mac[6])
{
	const char *s = jstr(c, v, f);

	if (s && parse_mac(s, mac))
		jerr(c, "%s: %s is not a MAC address", f, s);
}

/* An array of addresses into a new array of *@n. */
static void jaddrs_get(struct jctx *c, struct json_object *v, const char *f,
		       struct ovx_addr **out, size_t *n)
{
	size_t i, len;

	if (!json_object_is_type(v, json_type_array)) {
		jerr(c, "%s: not an array", f);
		return;
	}
	len = json_object_array_length(v);
	*out = calloc(len + 1, sizeof(**out));
	if (!*out) {
		jerr(c, "out of memory");
		return;
	}
	*n = len;
	for (i = 0; i < len; i++)
		jaddr_get(c, json_object_array_get_idx(v, i), f, &(*out)[i]);
}

static void unknown(struct jctx *c, const char *f)
{
	jerr(c, "unknown field \"%s\"", f);
}

static void missing(struct jctx *c, const char *const *keys,
		    const bool *seen, size_t n_req)
{
	size_t i;

	for (i = 0; i < n_req; i++)
		if (!seen[i])
			jerr(c, "missing field \"%s\"", keys[i]);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

int topo_switch_from_json(struct topo *t, const char *key, const char *json,
			  struct topo_errors *err)
{
	static const char *const keys[] = { "name", "encap", "dstport" };
	struct jctx c = { .key = key, .err = err };
	bool seen[N(keys)] = { false };
	struct json_object *o = parse(&c, json);
	struct topo_switch sw;
	long long n;
	const char *s;

	if (!o)
		return -1;
	topo_switch_init(&sw);
	json_object_object_foreach(o, f, v) {
		int k = key_ix(keys, N(keys), f);

		if (k < 0) {
			unknown(&c, f);
			continue;
		}
		seen[k] = true;
		switch (k) {
		case 0:
			s = jstr(&c, v, f);
			if (s && strlen(s) >= sizeof(sw.name))
				jerr(&c, "name: %s is too long", s);
			else if (s)
				strcpy(sw.name, s);
			break;
		case 1:
			s = jstr(&c, v, f);
			if (s && topo_parse_encap(s, &sw.encap))
				jerr(&c, "encap: %s is not vxlan or geneve", s);
			break;
		case 2:
			if (jnum(&c, v, f, 65535, &n))
				sw.dstport = (int)n;
			break;
		}
	}
	missing(&c, keys, seen, 1);
	json_object_put(o);
	if (c.bad)
		return -1;
	t->sw = sw;
	return 0;
}

/*
 * Append @obj (@size bytes) to the array *@arr of *@n, unless decoding
 * failed: false then or when out of memory (the caller frees @obj).
 */
static bool append(struct jctx *c, void **arr, size_t *n, size_t *cap,
		   const void *obj, size_t size)
{
	char *a;

	if (c->bad)
		return false;
	a = topo_grow(*arr, n, cap, size);
	if (!a) {
		jerr(c, "out of memory");
		return false;
	}
	memcpy(a + (*n - 1) * size, obj, size);
	*arr = a;
	return true;
}

static char *name_dup(struct jctx *c, const char *name)
{
	char *s = name ? strdup(name) : NULL;

	if (!name)
		jerr(c, "no name");
	else if (!s)
		jerr(c, "out of memory");
	return s;
}

int topo_host_from_json(struct topo *t, const char *key, const char *name,
			const char *json, struct topo_errors *err)
{
	static const char *const keys[] = { "address" };
	struct jctx c = { .key = key, .err = err };
	bool seen[N(keys)] = { false };
	struct json_object *o = parse(&c, json);
	struct topo_host h = { 0 };
	void *arr;

	if (!o)
		return -1;
	h.name = name_dup(&c, name);
	json_object_object_foreach(o, f, v) {
		int k = key_ix(keys, N(keys), f);

		if (k < 0) {
			unknown(&c, f);
			continue;
		}
		seen[k] = true;
		jaddr_get(&c, v, f, &h.address);
	}
	missing(&c, keys, seen, 1);
	json_object_put(o);
	arr = t->hosts;
	if (append(&c, &arr, &t->n_hosts, &t->cap_hosts, &h, sizeof(h))) {
		t->hosts = arr;
		return 0;
	}
	free(h.name);
	return -1;
}

int topo_net_from_json(struct topo *t, const char *key, const char *name,
		       const char *json, struct topo_errors *err)
{
	static const char *const keys[] = {
		"vni", "learning", "ageing", "fdb-max", "arp-suppress",
		"flood-unknown", "dhcp", "dns", "domain", "lease", "dns-server",
		"service",
	};
	struct jctx c = { .key = key, .err = err };
	bool seen[N(keys)] = { false };
	struct json_object *o = parse(&c, json);
	struct topo_net n;
	const char *s;
	void *arr;
	long long u;

	if (!o)
		return -1;
	topo_net_init(&n);
	n.name = name_dup(&c, name);
	json_object_object_foreach(o, f, v) {
		int k = key_ix(keys, N(keys), f);

		if (k < 0) {
			unknown(&c, f);
			continue;
		}
		seen[k] = true;
		switch (k) {
		case 0:
			if (jnum(&c, v, f, UINT32_MAX, &u))
				n.vni = (uint32_t)u;
			break;
		case 1:
			jbool(&c, v, f, &n.learning);
			break;
		case 2:
			jnum(&c, v, f, UINT32_MAX, &n.ageing);
			break;
		case 3:
			jnum(&c, v, f, UINT32_MAX, &n.fdb_max);
			break;
		case 4:
			jbool(&c, v, f, &n.arp_suppress);
			break;
		case 5:
			jbool(&c, v, f, &n.flood_unknown);
			break;
		case 6:
			jbool(&c, v, f, &n.dhcp);
			break;
		case 7:
			jbool(&c, v, f, &n.dns);
			break;
		case 8:
			jstrdup(&c, v, f, &n.domain);
			break;
		case 9:
			jnum(&c, v, f, UINT32_MAX, &n.lease);
			break;
		case 10:
			jaddrs_get(&c, v, f, &n.dns_servers, &n.n_dns_servers);
			break;
		case 11:
			s = jstr(&c, v, f);
			if (s && topo_parse_service(s, &n.service,
						    &n.service_len))
				jerr(&c, "service: %s is not ADDR or ADDR/LEN",
				     s);
			break;
		}
	}
	missing(&c, keys, seen, 1);
	json_object_put(o);
	arr = t->nets;
	if (append(&c, &arr, &t->n_nets, &t->cap_nets, &n, sizeof(n))) {
		t->nets = arr;
		return 0;
	}
	topo_net_release(&n);
	return -1;
}

static void jrouter_if_get(struct jctx *c, struct json_object *o,
			   struct topo_router_if *ifc)
{
	static const char *const keys[] = { "net", "ip" };
	bool seen[N(keys)] = { false };
	const char *s;
	size_t i, len;

	if (!json_object_is_type(o, json_type_object)) {
		jerr(c, "interfaces: not an object");
		return;
	}
	json_object_object_foreach(o, f, v) {
		int k = key_ix(keys, N(keys), f);

		if (k < 0) {
			jerr(c, "interfaces: unknown field \"%s\"", f);
			continue;
		}
		seen[k] = true;
		if (k == 0) {
			jstrdup(c, v, f, &ifc->net);
			continue;
		}
		if (!json_object_is_type(v, json_type_array)) {
			jerr(c, "ip: not an array");
			continue;
		}
		len = json_object_array_length(v);
		ifc->ips = calloc(len + 1, sizeof(*ifc->ips));
		if (!ifc->ips) {
			jerr(c, "out of memory");
			continue;
		}
		ifc->n_ips = len;
		for (i = 0; i < len; i++) {
			s = jstr(c, json_object_array_get_idx(v, i), f);
			if (s && topo_parse_prefix(s, &ifc->ips[i]))
				jerr(c, "ip: %s is not ADDR/LEN", s);
		}
	}
	for (i = 0; i < N(keys); i++)
		if (!seen[i])
			jerr(c, "interfaces: missing field \"%s\"", keys[i]);
}

static void jroute_get(struct jctx *c, struct json_object *o,
		       struct topo_route *rt)
{
	static const char *const keys[] = { "prefix", "via" };
	struct json_object *pfx = NULL;
	const char *s;

	if (!json_object_is_type(o, json_type_object)) {
		jerr(c, "routes: not an object");
		return;
	}
	json_object_object_foreach(o, f, v) {
		int k = key_ix(keys, N(keys), f);

		if (k < 0) {
			jerr(c, "routes: unknown field \"%s\"", f);
		} else if (k == 0) {
			pfx = v;
		} else {
			jaddr_get(c, v, f, &rt->via);
			rt->has_via = rt->via.family != AF_UNSPEC;
		}
	}
	if (!pfx) {
		jerr(c, "routes: missing field \"prefix\"");
		return;
	}
	s = jstr(c, pfx, "prefix");
	if (s && topo_parse_route_prefix(s, rt->has_via ? &rt->via : NULL,
					 &rt->prefix))
		jerr(c, "prefix: %s is not ADDR/LEN", s);
}

int topo_router_from_json(struct topo *t, const char *key, const char *name,
			  const char *json, struct topo_errors *err)
{
	static const char *const keys[] = { "mac", "interfaces", "routes" };
	struct jctx c = { .key = key, .err = err };
	struct json_object *o = parse(&c, json);
	struct topo_router r = { 0 };
	void *arr;
	size_t i, len;

	if (!o)
		return -1;
	r.name = name_dup(&c, name);
	json_object_object_foreach(o, f, v) {
		int k = key_ix(keys, N(keys), f);

		if (k < 0) {
			unknown(&c, f);
			continue;
		}
		if (k == 0) {
			jmac_get(&c, v, f, r.mac);
			r.has_mac = true;
			continue;
		}
		if (!json_object_is_type(v, json_type_array)) {
			jerr(&c, "%s: not an array", f);
			continue;
		}
		len = json_object_array_length(v);
		if (k == 1) {
			if (r.ifs)
				continue;
			r.ifs = calloc(len + 1, sizeof(*r.ifs));
			if (!r.ifs) {
				jerr(&c, "out of memory");
				continue;
			}
			r.n_ifs = len;
			for (i = 0; i < len; i++)
				jrouter_if_get(&c,
					       json_object_array_get_idx(v, i),
					       &r.ifs[i]);
		} else {
			if (r.routes)
				continue;
			r.routes = calloc(len + 1, sizeof(*r.routes));
			if (!r.routes) {
				jerr(&c, "out of memory");
				continue;
			}
			r.n_routes = len;
			for (i = 0; i < len; i++)
				jroute_get(&c, json_object_array_get_idx(v, i),
					   &r.routes[i]);
		}
	}
	json_object_put(o);
	arr = t->routers;
	if (append(&c, &arr, &t->n_routers, &t->cap_routers, &r, sizeof(r))) {
		t->routers = arr;
		return 0;
	}
	topo_router_release(&r);
	return -1;
}

int topo_port_from_json(struct topo *t, const char *key, const char *name,
			const char *json, struct topo_errors *err)
{
	static const char *const keys[] = {
		"net", "host", "dev", "mac", "ip", "seq", "from",
	};
	struct jctx c = { .key = key, .err = err };
	bool seen[N(keys)] = { false };
	struct json_object *o = parse(&c, json);
	struct topo_port p = { 0 };
	void *arr;
	long long u;

	if (!o)
		return -1;
	p.name = name_dup(&c, name);
	json_object_object_foreach(o, f, v) {
		int k = key_ix(keys, N(keys), f);

		if (k < 0) {
			unknown(&c, f);
			continue;
		}
		seen[k] = true;
		switch (k) {
		case 0:
			jstrdup(&c, v, f, &p.net);
			break;
		case 1:
			jstrdup(&c, v, f, &p.host);
			break;
		case 2:
			jstrdup(&c, v, f, &p.dev);
			break;
		case 3:
			jmac_get(&c, v, f, p.mac);
			break;
		case 4:
			jaddrs_get(&c, v, f, &p.ips, &p.n_ips);
			break;
		case 5:
			if (jnum(&c, v, f, 0xffff, &u))
				p.seq = (uint32_t)u;
			break;
		case 6:
			jstrdup(&c, v, f, &p.from);
			break;
		}
	}
	missing(&c, keys, seen, 4);
	json_object_put(o);
	arr = t->ports;
	if (append(&c, &arr, &t->n_ports, &t->cap_ports, &p, sizeof(p))) {
		t->ports = arr;
		return 0;
	}
	topo_port_release(&p);
	return -1;
}
