// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Reconciliation: read what the switch holds with libovx dumps, compare it
 * with a host's part of the topology, and write the difference.
 *
 * Writes come in two phases.  Creations and changes first, in dependency
 * order (switch, networks, routers, interfaces, routes, peers, ports, FDB
 * entries, bindings), each recorded with the write that undoes it; then
 * removals, in the reverse order.  When a write fails, the undo journal is
 * replayed backwards, so that the kernel is left as it was.  The bulk of a
 * large topology (ports, FDB entries, bindings) goes in libovx batches:
 * many requests per system call rather than one round trip each.
 *
 * What apply created (or adopted) is listed in a state file per switch,
 * STATE_DIR/topology-SWITCH.json; only those objects are ever removed.
 */
#define _GNU_SOURCE		/* vasprintf() */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "reconcile.h"

#define DEFAULT_STATE_DIR "/run/ovx"
#define VXLAN_PORT 4789
#define GENEVE_PORT 6081

/* A growable array of @elsz-byte elements. */
struct vec {
	void *v;
	size_t n, cap, elsz;
};

static int vec_push(struct vec *a, const void *el)
{
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 16;
		void *v = realloc(a->v, cap * a->elsz);

		if (!v)
			return -ENOMEM;
		a->v = v;
		a->cap = cap;
	}
	memcpy((char *)a->v + a->n * a->elsz, el, a->elsz);
	a->n++;
	return 0;
}

#define VEC(type) { NULL, 0, 0, sizeof(type) }
#define AT(a, type, i) (&((type *)(a)->v)[i])

/* A peer as dumped, with its networks copied. */
struct kpeer {
	struct ovx_addr addr;
	size_t n_nets;
	char (*nets)[OVX_NET_NAMSIZ];
};

/* What the kernel holds: the switch and what the part needs of it. */
struct kstate {
	bool has_switch;
	struct ovx_switch sw;
	struct vec nets;	/* struct ovx_net, of the switch */
	struct vec routers;	/* struct ovx_router, interfaces copied */
	struct vec routes;	/* struct ovx_route, of those routers */
	struct vec peers;	/* struct kpeer */
	struct vec ports;	/* struct ovx_port, of the switch's nets */
	struct vec fdb;		/* struct ovx_fdb_entry, static, sorted */
	struct vec neigh;	/* struct ovx_neigh, static, not ports' own */
};

/* The write that undoes one done by the creation phase. */
enum undo_kind {
	U_SWITCH_DEL, U_NET_DEL, U_NET_SET, U_ROUTER_DEL, U_DETACH, U_ATTACH,
	U_ROUTE_DEL, U_ROUTE_ADD, U_PEER_DEL, U_PORT_DEL, U_PORT_ADD,
	U_FDB_DEL, U_FDB_ADD, U_NEIGH_DEL, U_NEIGH_ADD,
};

struct undo {
	enum undo_kind kind;
	bool skip;		/* the write failed: nothing to undo */
	union {
		char name[OVX_IFNAMSIZ];
		struct {
			struct ovx_net_config cfg;
			char name[OVX_NET_NAMSIZ];
			char domain[OVX_DOMAIN_SIZ];
			struct ovx_addr dns[OVX_DNS_SERVERS_MAX];
			struct ovx_addr service;
		} net;
		struct {
			char router[OVX_ROUTER_NAMSIZ];
			char net[OVX_NET_NAMSIZ];
			size_t n;
			struct ovx_prefix addrs[OVX_ROUTER_IF_ADDRS_MAX];
		} rif;
		struct ovx_route route;
		struct {
			struct ovx_addr addr;
			size_t n_nets;	/* 0: delete the peer */
			char (*nets)[OVX_NET_NAMSIZ];
		} peer;
		struct {
			struct ovx_port_config cfg;
			char net[OVX_NET_NAMSIZ];
			char name[OVX_NET_NAMSIZ];
		} port;
		struct ovx_fdb_entry fdb;
		struct ovx_neigh neigh;
	} u;
};

struct rc {
	struct ovx_ctx *ctx;
	const struct topo_part *part;
	const struct topo *t;
	const struct topo_reconcile_opts *opts;
	struct topo_reconcile_stats *st;
	char *err;
	size_t errlen;
	bool failed;
	int error;		/* the first failed write's errno, or 0 */
	struct kstate k;
	int ifindex;		/* of the switch; 0 before it exists */
	char **owned;		/* the state file's list, sorted */
	size_t n_owned;
	struct vec now;		/* char *: what apply owns after this call */
	struct vec undo;	/* struct undo */
	/* the topology's hosts sorted by name, for the remote ports' */
	const struct topo_host **hosts;
	/* the batch in flight: where it starts in @undo, and its lines */
	bool batching;
	size_t batch_first;
	struct vec batch_what;	/* char *, one per request */
};

static void fail(struct rc *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void fail(struct rc *r, const char *fmt, ...)
{
	va_list ap;

	if (r->failed)
		return;
	r->failed = true;
	va_start(ap, fmt);
	vsnprintf(r->err, r->errlen, fmt, ap);
	va_end(ap);
}

/* A failed write: @what, the errno and the kernel's explanation. */
static int fail_write(struct rc *r, const char *what, int err)
{
	const char *msg = ovx_errmsg(r->ctx);

	if (!r->failed)
		r->error = err;
	fail(r, "%s: %s%s%s", what, strerror(-err), msg && *msg ? ": " : "",
	     msg && *msg ? msg : "");
	return err;
}

static const char *addr_str(const struct ovx_addr *a, char *buf, size_t len)
{
	if (!inet_ntop(a->family, a->family == AF_INET ?
		       (const void *)&a->u.v4 : (const void *)&a->u.v6,
		       buf, len))
		snprintf(buf, len, "?");
	return buf;
}

static bool addr_eq(const struct ovx_addr *a, const struct ovx_addr *b)
{
	return a->family == b->family &&
	       !memcmp(a->u.raw, b->u.raw, a->family == AF_INET ? 4 : 16);
}

static int addr_cmp(const struct ovx_addr *a, const struct ovx_addr *b)
{
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	return memcmp(a->u.raw, b->u.raw, a->family == AF_INET ? 4 : 16);
}

static const char *mac_str(const uint8_t m[6], char *buf)
{
	sprintf(buf, "%02x:%02x:%02x:%02x:%02x:%02x",
		m[0], m[1], m[2], m[3], m[4], m[5]);
	return buf;
}

static const char *prefix_str(const struct ovx_addr *a, unsigned int len,
			      char *buf, size_t size)
{
	char ab[INET6_ADDRSTRLEN];

	snprintf(buf, size, "%s/%u", addr_str(a, ab, sizeof(ab)), len);
	return buf;
}

/* One line of the plan; its first character counts it in @st. */
static void plan(struct rc *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void plan(struct rc *r, const char *fmt, ...)
{
	char line[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	switch (line[0]) {
	case '+':
		r->st->created++;
		break;
	case '~':
		r->st->changed++;
		break;
	case '-':
		r->st->removed++;
		break;
	}
	if (!r->opts->plan)
		return;
	fprintf(r->opts->plan, "%s\n", line);
	fflush(r->opts->plan);
}

/* Ownership */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool owned(const struct rc *r, const char *key)
{
	return r->n_owned &&
	       bsearch(&key, r->owned, r->n_owned, sizeof(char *), cmp_str);
}

/* Record that apply owns @fmt... after this call. */
static void own(struct rc *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void own(struct rc *r, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0 || vec_push(&r->now, &s)) {
		if (n >= 0)
			free(s);
		fail(r, "out of memory");
	}
}

static bool ownedf(const struct rc *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static bool ownedf(const struct rc *r, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return owned(r, buf);
}

static void state_path(const struct rc *r, char *buf, size_t len)
{
	snprintf(buf, len, "%s/topology-%s.json",
		 r->opts->state_dir ? r->opts->state_dir : DEFAULT_STATE_DIR,
		 r->t->sw.name);
}

/* Read the state file; a missing one owns nothing. */
static int state_load(struct rc *r)
{
	struct json_object *root, *list, *sw;
	char path[4096];
	size_t i, n;

	state_path(r, path, sizeof(path));
	if (access(path, F_OK))
		return 0;
	root = json_object_from_file(path);
	if (!root || !json_object_object_get_ex(root, "owned", &list) ||
	    !json_object_is_type(list, json_type_array) ||
	    !json_object_object_get_ex(root, "switch", &sw) ||
	    !json_object_is_type(sw, json_type_string) ||
	    strcmp(json_object_get_string(sw), r->t->sw.name)) {
		json_object_put(root);
		fail(r, "%s: not a state file of switch %s", path,
		     r->t->sw.name);
		return -EINVAL;
	}
	n = json_object_array_length(list);
	r->owned = calloc(n ? n : 1, sizeof(char *));
	if (!r->owned) {
		json_object_put(root);
		fail(r, "out of memory");
		return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		const char *s;

		s = json_object_get_string(json_object_array_get_idx(list, i));
		r->owned[r->n_owned] = strdup(s ? s : "");
		if (!r->owned[r->n_owned]) {
			json_object_put(root);
			fail(r, "out of memory");
			return -ENOMEM;
		}
		r->n_owned++;
	}
	json_object_put(root);
	qsort(r->owned, r->n_owned, sizeof(char *), cmp_str);
	return 0;
}

static int mkdir_p(const char *dir)
{
	char buf[4096];
	char *p;

	snprintf(buf, sizeof(buf), "%s", dir);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, 0755) && errno != EEXIST ? -1 : 0;
}

/* @s as a JSON string: names of devices may hold '"' or '\\'. */
static void put_json_str(FILE *f, const char *s)
{
	struct json_object *js = json_object_new_string(s);

	fputs(js ? json_object_to_json_string_ext(js, JSON_C_TO_STRING_PLAIN) :
		   "\"\"", f);
	json_object_put(js);
}

/*
 * `ovx topology apply` and ovxd's agent may reconcile the same switch at
 * once: each holds the state file's lock from reading it to writing it.
 * Return the lock's descriptor, or -1 (then without a lock: the state
 * directory is not writable, and state_save() will say so).
 */
static int state_lock(const struct rc *r)
{
	const char *dir = r->opts->state_dir ? r->opts->state_dir :
					       DEFAULT_STATE_DIR;
	char path[4200];
	int fd;

	if (mkdir_p(dir))
		return -1;
	state_path(r, path, sizeof(path) - 5);
	strcat(path, ".lock");
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd >= 0 && flock(fd, LOCK_EX)) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* Write what apply owns now, atomically: a temporary file renamed. */
static int state_save(struct rc *r)
{
	char path[4096], tmp[4200];
	const char *dir;
	char **v = r->now.v;
	size_t i;
	FILE *f;

	dir = r->opts->state_dir ? r->opts->state_dir : DEFAULT_STATE_DIR;
	if (mkdir_p(dir)) {
		fail(r, "%s: %s", dir, strerror(errno));
		return -errno;
	}
	state_path(r, path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.%d", path, (int)getpid());
	f = fopen(tmp, "w");
	if (!f) {
		fail(r, "%s: %s", tmp, strerror(errno));
		return -errno;
	}
	if (r->now.n)
		qsort(v, r->now.n, sizeof(char *), cmp_str);
	fputs("{\n\"switch\": ", f);
	put_json_str(f, r->t->sw.name);
	fputs(",\n\"owned\": [", f);
	for (i = 0; i < r->now.n; i++) {
		if (i && !strcmp(v[i], v[i - 1]))
			continue;
		fputs(i ? ",\n" : "\n", f);
		put_json_str(f, v[i]);
	}
	fprintf(f, "\n]\n}\n");
	if (fflush(f) || fsync(fileno(f))) {
		int err = errno;

		fclose(f);
		unlink(tmp);
		fail(r, "%s: %s", tmp, strerror(err));
		return -err;
	}
	fclose(f);
	if (rename(tmp, path)) {
		int err = errno;

		unlink(tmp);
		fail(r, "%s: %s", path, strerror(err));
		return -err;
	}
	return 0;
}

/* Reading the kernel */

static int cmp_fdb(const void *a, const void *b)
{
	const struct ovx_fdb_entry *x = a, *y = b;
	int c = strcmp(x->net, y->net);

	return c ? c : memcmp(x->mac, y->mac, 6);
}

static int cmp_neigh(const void *a, const void *b)
{
	const struct ovx_neigh *x = a, *y = b;
	int c = strcmp(x->net, y->net);

	return c ? c : addr_cmp(&x->addr, &y->addr);
}

static int net_cb(const struct ovx_net *n, void *arg)
{
	return vec_push(arg, n);
}

static int router_cb(const struct ovx_router *ro, void *arg)
{
	struct ovx_router copy = *ro;

	copy.interfaces = NULL;
	if (ro->n_interfaces) {
		copy.interfaces = calloc(ro->n_interfaces,
					 sizeof(*ro->interfaces));
		if (!copy.interfaces)
			return -ENOMEM;
		memcpy(copy.interfaces, ro->interfaces,
		       ro->n_interfaces * sizeof(*ro->interfaces));
	}
	if (vec_push(arg, &copy)) {
		free(copy.interfaces);
		return -ENOMEM;
	}
	return 0;
}

static int route_cb(const struct ovx_route *rt, void *arg)
{
	return vec_push(arg, rt);
}

static int peer_cb(const struct ovx_peer *p, void *arg)
{
	struct kpeer kp = { .addr = p->addr, .n_nets = p->n_nets };

	if (p->n_nets) {
		kp.nets = calloc(p->n_nets, sizeof(*kp.nets));
		if (!kp.nets)
			return -ENOMEM;
		memcpy(kp.nets, p->nets, p->n_nets * sizeof(*kp.nets));
	}
	if (vec_push(arg, &kp)) {
		free(kp.nets);
		return -ENOMEM;
	}
	return 0;
}

struct port_arg {
	struct vec *v;
	int ifindex;
};

static int port_cb(const struct ovx_port *p, void *arg)
{
	struct port_arg *pa = arg;

	if (p->switch_ifindex != pa->ifindex)
		return 0;
	return vec_push(pa->v, p);
}

static int fdb_cb(const struct ovx_fdb_entry *e, void *arg)
{
	if (!(e->flags & OVX_FDB_ENTRY_STATIC))
		return 0;
	return vec_push(arg, e);
}

/*
 * Static bindings, a port's own included: a remote port's address must
 * not be bound over one (the port a guest is leaving still has it).
 */
static int neigh_cb(const struct ovx_neigh *n, void *arg)
{
	if (!(n->flags & OVX_NEIGH_ENTRY_STATIC))
		return 0;
	return vec_push(arg, n);
}

static const struct ovx_net *knet_find(const struct rc *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->k.nets.n; i++)
		if (!strcmp(AT(&r->k.nets, struct ovx_net, i)->name, name))
			return AT(&r->k.nets, struct ovx_net, i);
	return NULL;
}

static int dump_fail(struct rc *r, const char *what, int err)
{
	fail(r, "reading %s: %s", what, strerror(-err));
	return err;
}

static int read_kernel(struct rc *r)
{
	struct kstate *k = &r->k;
	struct port_arg pa;
	size_t i;
	int err;

	OVX_INIT(&k->sw);
	err = ovx_switch_get(r->ctx, r->t->sw.name, &k->sw);
	if (err == -ENODEV)
		return 0;
	if (err)
		return dump_fail(r, "the switch", err);
	k->has_switch = true;
	r->ifindex = k->sw.ifindex;

	err = ovx_net_dump(r->ctx, r->ifindex, net_cb, &k->nets);
	if (err)
		return dump_fail(r, "networks", err);
	err = ovx_router_dump(r->ctx, r->ifindex, router_cb, &k->routers);
	if (err)
		return dump_fail(r, "routers", err);
	for (i = 0; i < k->routers.n; i++) {
		err = ovx_route_dump(r->ctx,
				     AT(&k->routers, struct ovx_router, i)->name,
				     route_cb, &k->routes);
		if (err)
			return dump_fail(r, "routes", err);
	}
	err = ovx_peer_dump(r->ctx, r->ifindex, peer_cb, &k->peers);
	if (err)
		return dump_fail(r, "peers", err);
	pa.v = &k->ports;
	pa.ifindex = r->ifindex;
	err = ovx_port_dump(r->ctx, NULL, port_cb, &pa);
	if (err)
		return dump_fail(r, "ports", err);
	/* Static entries of every network of the switch: owned ones may be
	 * in networks the part no longer needs but keeps (hand-made). */
	for (i = 0; i < k->nets.n; i++) {
		const char *net = AT(&k->nets, struct ovx_net, i)->name;
		struct ovx_fdb_filter ff;
		struct ovx_neigh_filter nf;

		OVX_INIT(&ff);
		ff.net = net;
		ff.kind = OVX_FDB_KIND_STATIC;
		err = ovx_fdb_dump(r->ctx, &ff, fdb_cb, &k->fdb);
		if (err)
			return dump_fail(r, "FDB entries", err);
		OVX_INIT(&nf);
		nf.net = net;
		nf.kind = OVX_NEIGH_KIND_STATIC;
		err = ovx_neigh_dump(r->ctx, &nf, neigh_cb, &k->neigh);
		if (err && err != -EOPNOTSUPP)
			return dump_fail(r, "bindings", err);
	}
	if (k->fdb.n)
		qsort(k->fdb.v, k->fdb.n, k->fdb.elsz, cmp_fdb);
	if (k->neigh.n)
		qsort(k->neigh.v, k->neigh.n, k->neigh.elsz, cmp_neigh);
	return 0;
}

static void kstate_free(struct kstate *k)
{
	size_t i;

	for (i = 0; i < k->routers.n; i++)
		free(AT(&k->routers, struct ovx_router, i)->interfaces);
	for (i = 0; i < k->peers.n; i++)
		free(AT(&k->peers, struct kpeer, i)->nets);
	free(k->nets.v);
	free(k->routers.v);
	free(k->routes.v);
	free(k->peers.v);
	free(k->ports.v);
	free(k->fdb.v);
	free(k->neigh.v);
}

/* Writing, with the journal that undoes it */

/*
 * Account for a write about to be done; false in a dry run (then nothing
 * is written).  @u, when not NULL, is what undoes it.
 */
static bool will_write(struct rc *r)
{
	if (r->opts->dry_run || r->failed)
		return false;
	r->st->writes++;
	return true;
}

static int journal(struct rc *r, const struct undo *u, const char *what)
{
	if (vec_push(&r->undo, u)) {
		fail(r, "out of memory");
		return -ENOMEM;
	}
	if (r->batching) {
		char *s = strdup(what);

		if (!s || vec_push(&r->batch_what, &s)) {
			free(s);
			fail(r, "out of memory");
			return -ENOMEM;
		}
	}
	return 0;
}

/*
 * The result of a write: in a batch the request is only queued (0), so
 * its undo is journalled at once and a failure is found at the batch's
 * end.  Outside one, a failed write is not journalled.
 */
static int wrote(struct rc *r, int err, const struct undo *u,
		 const char *what)
{
	if (err)
		return fail_write(r, what, err);
	if (u)
		return journal(r, u, what);
	return 0;
}

static void bulk_begin(struct rc *r)
{
	if (r->opts->dry_run || r->failed)
		return;
	/* For measuring what batches save (scripts/bench-topology). */
	if (getenv("OVX_TOPOLOGY_NO_BATCH"))
		return;
	if (ovx_batch_begin(r->ctx))
		return;		/* unbatched: slower, same result */
	r->batching = true;
	r->batch_first = r->undo.n;
}

static void batch_what_free(struct rc *r)
{
	size_t i;

	for (i = 0; i < r->batch_what.n; i++)
		free(*AT(&r->batch_what, char *, i));
	r->batch_what.n = 0;
}

static int bulk_end(struct rc *r)
{
	size_t failed = 0, i;
	int err;

	if (!r->batching)
		return r->failed ? -1 : 0;
	r->batching = false;
	err = ovx_batch_end(r->ctx, &failed);
	if (err) {
		/* The requests the kernel did not apply have nothing to undo. */
		for (i = r->batch_first; i < r->undo.n; i++)
			if (!ovx_batch_done(r->ctx, i - r->batch_first))
				AT(&r->undo, struct undo, i)->skip = true;
		if (failed < r->batch_what.n)
			fail_write(r, *AT(&r->batch_what, char *, failed),
				   err);
		else
			fail_write(r, "batch", err);
	}
	batch_what_free(r);
	return r->failed ? -1 : 0;
}

static void net_cfg_from(struct undo *u, const struct ovx_net *old,
			 const struct ovx_net_config *changed)
{
	struct ovx_net_config *c = &u->u.net.cfg;

	snprintf(u->u.net.name, sizeof(u->u.net.name), "%s", old->name);
	ovx_net_config_init(c, u->u.net.name);
	if (changed->learning >= 0)
		c->learning = old->learning;
	if (changed->ageing >= 0)
		c->ageing = old->ageing;
	if (changed->fdb_max >= 0)
		c->fdb_max = old->fdb_max;
	if (changed->arp_suppress >= 0)
		c->arp_suppress = old->arp_suppress;
	if (changed->flood_unknown >= 0)
		c->flood_unknown = old->flood_unknown;
	if (changed->dhcp >= 0)
		c->dhcp = old->dhcp;
	if (changed->dns >= 0)
		c->dns = old->dns;
	if (changed->lease >= 0)
		c->lease = old->lease;
	if (changed->domain) {
		snprintf(u->u.net.domain, sizeof(u->u.net.domain), "%s",
			 old->domain);
		c->domain = u->u.net.domain;
	}
	if (changed->n_dns_servers >= 0) {
		memcpy(u->u.net.dns, old->dns_servers, sizeof(u->u.net.dns));
		c->n_dns_servers = (int)old->n_dns_servers;
		c->dns_servers = u->u.net.dns;
	}
	/* A service address that was unset stays set: none to restore. */
	if (changed->service) {
		bool v4 = changed->service->family == AF_INET;
		const struct ovx_addr *a = v4 ? &old->service4 : &old->service6;

		if (a->family != AF_UNSPEC) {
			u->u.net.service = *a;
			c->service = &u->u.net.service;
			c->service_prefix_len = v4 ? old->service_prefix_len4 :
						     old->service_prefix_len6;
		}
	}
}

/* Replay the journal backwards; errors are ignored: undo what can be. */
static void undo_all(struct rc *r)
{
	size_t i = r->undo.n;

	while (i-- > 0) {
		struct undo *u = AT(&r->undo, struct undo, i);

		if (u->skip)
			continue;
		r->st->writes++;
		switch (u->kind) {
		case U_SWITCH_DEL:
			ovx_switch_del(r->ctx, u->u.name);
			r->ifindex = 0;
			break;
		case U_NET_DEL:
			ovx_net_del(r->ctx, u->u.net.name);
			break;
		case U_NET_SET:
			u->u.net.cfg.name = u->u.net.name;
			if (u->u.net.cfg.domain)
				u->u.net.cfg.domain = u->u.net.domain;
			if (u->u.net.cfg.dns_servers)
				u->u.net.cfg.dns_servers = u->u.net.dns;
			if (u->u.net.cfg.service)
				u->u.net.cfg.service = &u->u.net.service;
			ovx_net_set(r->ctx, &u->u.net.cfg);
			break;
		case U_ROUTER_DEL:
			ovx_router_del(r->ctx, u->u.rif.router);
			break;
		case U_DETACH:
			ovx_router_detach(r->ctx, u->u.rif.router,
					  u->u.rif.net);
			break;
		case U_ATTACH:
			ovx_router_attach(r->ctx, u->u.rif.router,
					  u->u.rif.net, u->u.rif.addrs,
					  u->u.rif.n);
			break;
		case U_ROUTE_DEL:
			ovx_route_del(r->ctx, u->u.route.router,
				      &u->u.route.prefix);
			break;
		case U_ROUTE_ADD:
			ovx_route_add(r->ctx, &u->u.route);
			break;
		case U_PEER_DEL: {
			const char **nets = NULL;
			size_t j;

			if (u->u.peer.n_nets) {
				nets = calloc(u->u.peer.n_nets, sizeof(*nets));
				if (!nets)
					break;
				for (j = 0; j < u->u.peer.n_nets; j++)
					nets[j] = u->u.peer.nets[j];
			}
			ovx_peer_del(r->ctx, r->ifindex, &u->u.peer.addr,
				     nets, u->u.peer.n_nets);
			free(nets);
			break;
		}
		case U_PORT_DEL:
			ovx_port_del(r->ctx, u->u.port.cfg.ifindex);
			break;
		case U_PORT_ADD:
			u->u.port.cfg.net = u->u.port.net;
			u->u.port.cfg.name = u->u.port.name[0] ?
					     u->u.port.name : NULL;
			ovx_port_add_config(r->ctx, &u->u.port.cfg);
			break;
		case U_FDB_DEL:
			ovx_fdb_del(r->ctx, u->u.fdb.net, u->u.fdb.mac);
			break;
		case U_FDB_ADD:
			ovx_fdb_add(r->ctx, &u->u.fdb);
			break;
		case U_NEIGH_DEL:
			ovx_neigh_del(r->ctx, u->u.neigh.net,
				      &u->u.neigh.addr);
			break;
		case U_NEIGH_ADD:
			ovx_neigh_add(r->ctx, &u->u.neigh);
			break;
		}
	}
}

static void undo_free(struct rc *r)
{
	size_t i;

	for (i = 0; i < r->undo.n; i++) {
		struct undo *u = AT(&r->undo, struct undo, i);

		if (u->kind == U_PEER_DEL)
			free(u->u.peer.nets);
	}
	free(r->undo.v);
}

/* The switch */

static int default_port(int encap)
{
	return encap == OVX_SWITCH_ENCAP_GENEVE ? GENEVE_PORT : VXLAN_PORT;
}

static const char *encap_name(int encap)
{
	return encap == OVX_SWITCH_ENCAP_GENEVE ? "geneve" : "vxlan";
}

static int do_switch(struct rc *r)
{
	const struct topo_switch *ts = &r->t->sw;
	const struct ovx_addr *local = &r->t->hosts[r->part->self].address;
	int port = ts->dstport >= 0 ? ts->dstport : default_port(ts->encap);
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
	struct ovx_switch_config cfg;
	struct undo u = { .kind = U_SWITCH_DEL };
	int err;

	if (r->k.has_switch) {
		const struct ovx_switch *sw = &r->k.sw;

		if (!addr_eq(&sw->local, local)) {
			fail(r, "switch %s exists with local %s (the topology says %s)",
			     ts->name, addr_str(&sw->local, a, sizeof(a)),
			     addr_str(local, b, sizeof(b)));
			return -EEXIST;
		}
		if ((int)sw->encap != ts->encap) {
			fail(r, "switch %s exists with encap %s (the topology says %s)",
			     ts->name, encap_name(sw->encap),
			     encap_name(ts->encap));
			return -EEXIST;
		}
		if (sw->port != port) {
			fail(r, "switch %s exists with dstport %u (the topology says %d)",
			     ts->name, sw->port, port);
			return -EEXIST;
		}
		if (ownedf(r, "switch %s", ts->name))
			own(r, "switch %s", ts->name);
		return 0;
	}
	own(r, "switch %s", ts->name);
	plan(r, "+ switch %s local %s encap %s dstport %d", ts->name,
	     addr_str(local, a, sizeof(a)), encap_name(ts->encap), port);
	if (!will_write(r))
		return 0;
	ovx_switch_config_init(&cfg, ts->name);
	cfg.local = *local;
	cfg.encap = ts->encap;
	cfg.port = (uint16_t)port;
	err = ovx_switch_add(r->ctx, &cfg);
	if (err)
		return fail_write(r, "switch", err);
	snprintf(u.u.name, sizeof(u.u.name), "%s", ts->name);
	journal(r, &u, "switch");
	err = ovx_ifindex(r->ctx, ts->name);
	if (err < 0)
		return fail_write(r, "switch", err);
	r->ifindex = err;
	return 0;
}

/* Networks */

static bool part_has_net(const struct rc *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->part->n_nets; i++)
		if (!strcmp(r->t->nets[r->part->nets[i]].name, name))
			return true;
	return false;
}

static bool dns_differ(const struct topo_net *tn, const struct ovx_net *kn)
{
	size_t i;

	if (tn->n_dns_servers != kn->n_dns_servers)
		return true;
	for (i = 0; i < tn->n_dns_servers; i++)
		if (!addr_eq(&tn->dns_servers[i], &kn->dns_servers[i]))
			return true;
	return false;
}

/* The settings of @tn, with apply's defaults, in @c. */
static void net_want(const struct topo_net *tn, struct ovx_net_config *c)
{
	ovx_net_config_init(c, tn->name);
	c->vni = tn->vni;
	c->learning = tn->learning >= 0 ? tn->learning : 0;
	c->flood_unknown = tn->flood_unknown >= 0 ? tn->flood_unknown : 0;
	c->arp_suppress = tn->arp_suppress;
	c->dhcp = tn->dhcp;
	c->dns = tn->dns;
	c->ageing = tn->ageing;
	c->fdb_max = tn->fdb_max;
	c->lease = tn->lease;
	c->domain = tn->domain;
	if (tn->n_dns_servers) {
		c->n_dns_servers = (int)tn->n_dns_servers;
		c->dns_servers = tn->dns_servers;
	}
	if (tn->service.family != AF_UNSPEC) {
		c->service = &tn->service;
		c->service_prefix_len = tn->service_len;
	}
}

static const char *onoff(bool b)
{
	return b ? "on" : "off";
}

/* The settings of @want that @kn lacks, in @set, with a plan line each. */
static bool net_diff(struct rc *r, const struct ovx_net *kn,
		     const struct ovx_net_config *want,
		     struct ovx_net_config *set)
{
	const char *n = kn->name;
	bool any = false;

	ovx_net_config_init(set, want->name);
#define BOOL_SET(field, word)						\
	if (want->field >= 0 && (bool)want->field != kn->field) {	\
		plan(r, "~ net %s " word " %s -> %s", n,		\
		     onoff(kn->field), onoff(want->field));		\
		set->field = want->field;				\
		any = true;						\
	}
#define NUM_SET(field, word)						\
	if (want->field >= 0 && (uint32_t)want->field != kn->field) {	\
		plan(r, "~ net %s " word " %u -> %lld", n, kn->field,	\
		     (long long)want->field);				\
		set->field = want->field;				\
		any = true;						\
	}
	BOOL_SET(learning, "learning");
	NUM_SET(ageing, "ageing");
	NUM_SET(fdb_max, "fdb-max");
	BOOL_SET(arp_suppress, "arp-suppress");
	BOOL_SET(flood_unknown, "flood-unknown");
	BOOL_SET(dhcp, "dhcp");
	BOOL_SET(dns, "dns");
	NUM_SET(lease, "lease");
#undef BOOL_SET
#undef NUM_SET
	if (want->domain && strcmp(want->domain, kn->domain)) {
		plan(r, "~ net %s domain %s -> %s", n,
		     kn->domain[0] ? kn->domain : "default", want->domain);
		set->domain = want->domain;
		any = true;
	}
	if (want->service) {
		bool v4 = want->service->family == AF_INET;
		const struct ovx_addr *a = v4 ? &kn->service4 : &kn->service6;
		unsigned int len = v4 ? kn->service_prefix_len4 :
					kn->service_prefix_len6;
		char was[INET6_ADDRSTRLEN + 8], is[INET6_ADDRSTRLEN];

		if (a->family != want->service->family ||
		    !addr_eq(a, want->service) ||
		    (want->service_prefix_len >= 0 &&
		     len != (unsigned int)want->service_prefix_len)) {
			if (a->family == AF_UNSPEC)
				snprintf(was, sizeof(was), "none");
			else
				prefix_str(a, len, was, sizeof(was));
			addr_str(want->service, is, sizeof(is));
			if (want->service_prefix_len >= 0)
				plan(r, "~ net %s service %s -> %s/%d", n, was,
				     is, want->service_prefix_len);
			else
				plan(r, "~ net %s service %s -> %s", n, was, is);
			set->service = want->service;
			set->service_prefix_len = want->service_prefix_len;
			any = true;
		}
	}
	if (want->n_dns_servers > 0) {
		const struct topo_net *tn = topo_net_find(r->t, want->name);

		if (tn && dns_differ(tn, kn)) {
			plan(r, "~ net %s dns-server", n);
			set->n_dns_servers = want->n_dns_servers;
			set->dns_servers = want->dns_servers;
			any = true;
		}
	}
	return any;
}

static int do_nets(struct rc *r)
{
	size_t i;
	int err;

	for (i = 0; i < r->part->n_nets && !r->failed; i++) {
		const struct topo_net *tn = &r->t->nets[r->part->nets[i]];
		const struct ovx_net *kn = knet_find(r, tn->name);
		struct ovx_net_config want, set;
		struct undo u = { .kind = U_NET_DEL };
		char what[64];

		snprintf(what, sizeof(what), "net %s", tn->name);
		net_want(tn, &want);
		own(r, "net %s", tn->name);
		if (!kn) {
			plan(r, "+ net %s vni %u", tn->name, tn->vni);
			if (!will_write(r))
				continue;
			want.switch_ifindex = r->ifindex;
			err = ovx_net_add(r->ctx, &want);
			snprintf(u.u.net.name, sizeof(u.u.net.name), "%s",
				 tn->name);
			wrote(r, err, &u, what);
			continue;
		}
		if (kn->vni != tn->vni) {
			fail(r, "net %s exists with vni %u (the topology says %u)",
			     tn->name, kn->vni, tn->vni);
			return -EEXIST;
		}
		if (!net_diff(r, kn, &want, &set) || !will_write(r))
			continue;
		err = ovx_net_set(r->ctx, &set);
		u.kind = U_NET_SET;
		net_cfg_from(&u, kn, &set);
		wrote(r, err, &u, what);
	}
	return r->failed ? -1 : 0;
}

/* Routers, their interfaces and routes */

static const struct ovx_router *krouter_find(const struct rc *r,
					      const char *name)
{
	size_t i;

	for (i = 0; i < r->k.routers.n; i++)
		if (!strcmp(AT(&r->k.routers, struct ovx_router, i)->name,
			    name))
			return AT(&r->k.routers, struct ovx_router, i);
	return NULL;
}

static const struct ovx_router_if *kif_find(const struct ovx_router *ro,
					     const char *net)
{
	size_t i;

	for (i = 0; ro && i < ro->n_interfaces; i++)
		if (!strcmp(ro->interfaces[i].net, net))
			return &ro->interfaces[i];
	return NULL;
}

static bool rif_same(const struct topo_router_if *ti,
		     const struct ovx_router_if *ki)
{
	size_t i, j;

	if (ti->n_ips != ki->n_addrs)
		return false;
	for (i = 0; i < ti->n_ips; i++) {
		for (j = 0; j < ki->n_addrs; j++)
			if (addr_eq(&ti->ips[i].addr, &ki->addrs[j].addr) &&
			    ti->ips[i].len == ki->addrs[j].len)
				break;
		if (j == ki->n_addrs)
			return false;
	}
	return true;
}

static void rif_line(char *buf, size_t len, const struct topo_router_if *ti)
{
	size_t i, off = 0;
	char p[INET6_ADDRSTRLEN + 8];

	buf[0] = '\0';
	for (i = 0; i < ti->n_ips && off < len; i++) {
		prefix_str(&ti->ips[i].addr, ti->ips[i].len, p, sizeof(p));
		off += (size_t)snprintf(buf + off, len - off, " ip %s", p);
	}
}

static int attach(struct rc *r, const struct topo_router *tr,
		  const struct topo_router_if *ti)
{
	struct ovx_prefix addrs[OVX_ROUTER_IF_ADDRS_MAX];
	struct undo u = { .kind = U_DETACH };
	char what[96];
	size_t i;
	int err;

	if (ti->n_ips > OVX_ROUTER_IF_ADDRS_MAX) {
		fail(r, "router %s net %s: more than %d addresses", tr->name,
		     ti->net, OVX_ROUTER_IF_ADDRS_MAX);
		return -EINVAL;
	}
	for (i = 0; i < ti->n_ips; i++) {
		addrs[i].addr = ti->ips[i].addr;
		addrs[i].len = (uint8_t)ti->ips[i].len;
	}
	snprintf(what, sizeof(what), "router %s net %s", tr->name, ti->net);
	err = ovx_router_attach(r->ctx, tr->name, ti->net, addrs, ti->n_ips);
	snprintf(u.u.rif.router, sizeof(u.u.rif.router), "%s", tr->name);
	snprintf(u.u.rif.net, sizeof(u.u.rif.net), "%s", ti->net);
	return wrote(r, err, &u, what);
}

static int do_router_ifs(struct rc *r, const struct topo_router *tr,
			 const struct ovx_router *kr)
{
	char line[512];
	size_t i;
	int err;

	for (i = 0; i < tr->n_ifs && !r->failed; i++) {
		const struct topo_router_if *ti = &tr->ifs[i];
		const struct ovx_router_if *ki = kif_find(kr, ti->net);
		struct undo u = { .kind = U_ATTACH };

		own(r, "attach %s %s", tr->name, ti->net);
		if (ki && rif_same(ti, ki))
			continue;
		rif_line(line, sizeof(line), ti);
		plan(r, "%c attach %s net %s%s", ki ? '~' : '+', tr->name,
		     ti->net, line);
		if (!will_write(r))
			continue;
		if (ki) {
			char what[96];

			snprintf(what, sizeof(what), "router %s net %s",
				 tr->name, ti->net);
			err = ovx_router_detach(r->ctx, tr->name, ti->net);
			snprintf(u.u.rif.router, sizeof(u.u.rif.router), "%s",
				 tr->name);
			snprintf(u.u.rif.net, sizeof(u.u.rif.net), "%s",
				 ti->net);
			u.u.rif.n = ki->n_addrs;
			memcpy(u.u.rif.addrs, ki->addrs, sizeof(ki->addrs));
			if (wrote(r, err, &u, what))
				return -1;
			r->st->writes++;
		}
		attach(r, tr, ti);
	}
	return r->failed ? -1 : 0;
}

static const struct ovx_route *kroute_find(const struct rc *r,
					   const char *router,
					   const struct topo_prefix *p)
{
	size_t i;

	for (i = 0; i < r->k.routes.n; i++) {
		const struct ovx_route *rt = AT(&r->k.routes, struct ovx_route,
						i);

		if (!strcmp(rt->router, router) && rt->prefix.len == p->len &&
		    addr_eq(&rt->prefix.addr, &p->addr))
			return rt;
	}
	return NULL;
}

static int do_routes(struct rc *r, const struct topo_router *tr)
{
	char p[INET6_ADDRSTRLEN + 8], v[INET6_ADDRSTRLEN + 8];
	size_t i;
	int err;

	for (i = 0; i < tr->n_routes && !r->failed; i++) {
		const struct topo_route *tt = &tr->routes[i];
		const struct ovx_route *kt = kroute_find(r, tr->name,
							 &tt->prefix);
		struct undo u = { .kind = U_ROUTE_DEL };
		struct ovx_route rt;
		char what[128];

		prefix_str(&tt->prefix.addr, tt->prefix.len, p, sizeof(p));
		own(r, "route %s %s", tr->name, p);
		if (kt && (tt->has_via ? addr_eq(&kt->via, &tt->via) :
			   kt->via.family == AF_UNSPEC))
			continue;
		v[0] = '\0';
		if (tt->has_via) {
			char a[INET6_ADDRSTRLEN];

			snprintf(v, sizeof(v), " via %s",
				 addr_str(&tt->via, a, sizeof(a)));
		}
		plan(r, "%c route %s%s router %s", kt ? '~' : '+', p, v,
		     tr->name);
		if (!will_write(r))
			continue;
		snprintf(what, sizeof(what), "route %s router %s", p,
			 tr->name);
		if (kt) {
			err = ovx_route_del(r->ctx, tr->name, &kt->prefix);
			u.kind = U_ROUTE_ADD;
			u.u.route = *kt;
			if (wrote(r, err, &u, what))
				return -1;
			r->st->writes++;
			u.kind = U_ROUTE_DEL;
		}
		OVX_INIT(&rt);
		snprintf(rt.router, sizeof(rt.router), "%s", tr->name);
		rt.prefix.addr = tt->prefix.addr;
		rt.prefix.len = (uint8_t)tt->prefix.len;
		if (tt->has_via)
			rt.via = tt->via;
		err = ovx_route_add(r->ctx, &rt);
		u.u.route = rt;
		wrote(r, err, &u, what);
	}
	return r->failed ? -1 : 0;
}

static int do_routers(struct rc *r)
{
	char m[18];
	size_t i;
	int err;

	for (i = 0; i < r->part->n_routers && !r->failed; i++) {
		const struct topo_router *tr = &r->t->routers[r->part->routers[i]];
		const struct ovx_router *kr = krouter_find(r, tr->name);
		struct undo u = { .kind = U_ROUTER_DEL };
		struct ovx_router_config cfg;
		char what[64];

		own(r, "router %s", tr->name);
		if (kr && tr->has_mac && memcmp(kr->mac, tr->mac, 6)) {
			fail(r, "router %s exists with mac %s (the topology says %s)",
			     tr->name, mac_str(kr->mac, m),
			     mac_str(tr->mac, what));
			return -EEXIST;
		}
		if (!kr) {
			if (tr->has_mac)
				plan(r, "+ router %s mac %s", tr->name,
				     mac_str(tr->mac, m));
			else
				plan(r, "+ router %s", tr->name);
			if (will_write(r)) {
				ovx_router_config_init(&cfg, tr->name);
				cfg.switch_ifindex = r->ifindex;
				cfg.has_mac = tr->has_mac;
				memcpy(cfg.mac, tr->mac, 6);
				snprintf(what, sizeof(what), "router %s",
					 tr->name);
				err = ovx_router_add(r->ctx, &cfg);
				snprintf(u.u.rif.router,
					 sizeof(u.u.rif.router), "%s",
					 tr->name);
				if (wrote(r, err, &u, what))
					return -1;
			}
		}
		if (do_router_ifs(r, tr, kr) || do_routes(r, tr))
			return -1;
	}
	return r->failed ? -1 : 0;
}

/* Peers */

static struct kpeer *kpeer_find(const struct rc *r, const struct ovx_addr *a)
{
	size_t i;

	for (i = 0; i < r->k.peers.n; i++)
		if (addr_eq(&AT(&r->k.peers, struct kpeer, i)->addr, a))
			return AT(&r->k.peers, struct kpeer, i);
	return NULL;
}

static bool kpeer_member(const struct kpeer *kp, const char *net)
{
	size_t i;

	for (i = 0; kp && i < kp->n_nets; i++)
		if (!strcmp(kp->nets[i], net))
			return true;
	return false;
}

static int do_peers(struct rc *r)
{
	size_t i, j;
	int err;

	for (i = 0; i < r->part->n_peers && !r->failed; i++) {
		const struct topo_part_peer *pp = &r->part->peers[i];
		const struct ovx_addr *a = &r->t->hosts[pp->host].address;
		const struct kpeer *kp = kpeer_find(r, a);
		struct undo u = { .kind = U_PEER_DEL };
		char as[INET6_ADDRSTRLEN], line[1024], what[64];
		const char **add;
		size_t n_add = 0, off = 0;

		addr_str(a, as, sizeof(as));
		own(r, "peer %s", as);
		add = calloc(pp->n_nets + 1, sizeof(*add));
		if (!add) {
			fail(r, "out of memory");
			return -ENOMEM;
		}
		line[0] = '\0';
		for (j = 0; j < pp->n_nets; j++) {
			const char *net = r->t->nets[pp->nets[j]].name;

			own(r, "member %s %s", as, net);
			if (off < sizeof(line))
				off += (size_t)snprintf(line + off,
							sizeof(line) - off,
							" net %s", net);
			if (!kpeer_member(kp, net))
				add[n_add++] = net;
		}
		if (n_add) {
			plan(r, "%c peer %s%s", kp ? '~' : '+', as, line);
			if (will_write(r)) {
				snprintf(what, sizeof(what), "peer %s", as);
				err = ovx_peer_add(r->ctx, r->ifindex, a, add,
						   n_add);
				u.u.peer.addr = *a;
				if (kp) {
					u.u.peer.n_nets = n_add;
					u.u.peer.nets = calloc(n_add,
						sizeof(*u.u.peer.nets));
					if (!u.u.peer.nets) {
						free(add);
						fail(r, "out of memory");
						return -ENOMEM;
					}
					for (j = 0; j < n_add; j++)
						snprintf(u.u.peer.nets[j],
							 OVX_NET_NAMSIZ, "%s",
							 add[j]);
				}
				if (err)
					free(u.u.peer.nets);
				wrote(r, err, &u, what);
			}
		}
		free(add);
	}
	return r->failed ? -1 : 0;
}

/* Local ports */

/*
 * VMs that move (Documentation/topology.rst, "VMs that move").  A port
 * whose host changed has a later move sequence and names the host it
 * left (@from).  Until the guest's first frame on its new host, which
 * the datapath announces to the network's peers, traffic still goes to
 * the old host: the new host's port waits in standby, the old host keeps
 * its port, and the others keep their entries; the announcement, not
 * this code, re-points them.  Only when the old host is gone does the
 * control plane move the guest itself.
 */

/* Move sequences are 16 bits, compared modulo 2^16 as the kernel does. */
static bool seq_after(uint32_t a, uint32_t b)
{
	return (int16_t)(uint16_t)(a - b) > 0;
}

static const char *self_name(const struct rc *r)
{
	return r->t->hosts[r->part->self].name;
}

/* Whether @host is a live peer of this host's part (or this host). */
static bool host_live(const struct rc *r, const char *host)
{
	size_t i;

	if (!strcmp(host, self_name(r)))
		return true;
	for (i = 0; i < r->part->n_peers; i++)
		if (!strcmp(r->t->hosts[r->part->peers[i].host].name, host))
			return true;
	return false;
}

/* A port that moved here from another live host: it waits for its guest. */
static bool port_arriving(const struct rc *r, const struct topo_port *tp)
{
	return tp->from && strcmp(tp->from, self_name(r)) &&
	       host_live(r, tp->from);
}

static const struct ovx_port *kport_find(const struct rc *r, int ifindex)
{
	size_t i;

	for (i = 0; i < r->k.ports.n; i++)
		if (AT(&r->k.ports, struct ovx_port, i)->ifindex == ifindex)
			return AT(&r->k.ports, struct ovx_port, i);
	return NULL;
}

static bool port_same(const struct topo_port *tp, const struct ovx_port *kp)
{
	size_t i, j;

	if (strcmp(kp->net, tp->net) || !kp->has_mac ||
	    memcmp(kp->mac, tp->mac, 6) || strcmp(kp->label, tp->name) ||
	    kp->n_ips != tp->n_ips)
		return false;
	for (i = 0; i < tp->n_ips; i++) {
		for (j = 0; j < kp->n_ips; j++)
			if (addr_eq(&tp->ips[i], &kp->ips[j]))
				break;
		if (j == kp->n_ips)
			return false;
	}
	return true;
}

static int port_add(struct rc *r, const struct topo_port *tp, int ifindex)
{
	struct undo u = { .kind = U_PORT_DEL };
	struct ovx_port_config cfg;
	char what[64];
	int err;

	if (tp->n_ips > OVX_PORT_IPS_MAX) {
		fail(r, "port %s: more than %d addresses", tp->name,
		     OVX_PORT_IPS_MAX);
		return -EINVAL;
	}
	ovx_port_config_init(&cfg, ifindex, tp->net);
	cfg.has_mac = true;
	memcpy(cfg.mac, tp->mac, 6);
	cfg.n_ips = tp->n_ips;
	memcpy(cfg.ips, tp->ips, tp->n_ips * sizeof(*tp->ips));
	cfg.name = tp->name;
	cfg.seq = tp->seq;
	cfg.standby = port_arriving(r, tp);
	snprintf(what, sizeof(what), "port %s dev %s", tp->name, tp->dev);
	err = ovx_port_add_config(r->ctx, &cfg);
	u.u.port.cfg.ifindex = ifindex;
	return wrote(r, err, &u, what);
}

static const struct ovx_fdb_entry *kfdb_find(const struct rc *r,
					     const char *net,
					     const uint8_t mac[6]);

/*
 * While a port here waits for its guest, the guest's entry still points
 * to the old host (made when the port was remote): keep it.
 */
static void keep_arrival_entry(struct rc *r, const struct topo_port *tp)
{
	const struct ovx_fdb_entry *ke = kfdb_find(r, tp->net, tp->mac);
	char m[18];

	if (ke && !ke->port_ifindex)
		own(r, "fdb %s %s", tp->net, mac_str(tp->mac, m));
}

/*
 * The ports that left this host for another: kept as long as their
 * guest's entry still points to them (the guest has not shown up on its
 * new host yet); removed once the announcement moved it.
 */
static void keep_departing(struct rc *r)
{
	size_t i;

	for (i = 0; i < r->part->n_remote; i++) {
		const struct topo_port *tp = &r->t->ports[r->part->remote[i]];
		const struct ovx_fdb_entry *ke;

		if (!tp->from || strcmp(tp->from, self_name(r)))
			continue;
		ke = kfdb_find(r, tp->net, tp->mac);
		if (ke && ke->port_ifindex && !strcmp(ke->port_name, tp->dev))
			own(r, "port %s", tp->dev);
	}
}

/*
 * Whether the remote port @tp's entry @ke waits for its move: it points
 * where the guest was (the old host's peer, or a port here when this is
 * the old host) with the sequence before the move, and that host lives.
 */
static bool move_pending(const struct rc *r, const struct topo_port *tp,
			 const struct ovx_fdb_entry *ke)
{
	const struct topo_host *from;

	if (!tp->from || !ke || ke->seq != ((tp->seq - 1) & 0xffff) ||
	    !host_live(r, tp->from))
		return false;
	if (ke->port_ifindex)
		return !strcmp(tp->from, self_name(r));
	from = topo_host_find(r->t, tp->from);
	return from && addr_eq(&ke->peer, &from->address);
}

static int do_ports(struct rc *r)
{
	size_t i;
	int err;

	keep_departing(r);
	for (i = 0; i < r->part->n_local && !r->failed; i++) {
		const struct topo_port *tp = &r->t->ports[r->part->local[i]];
		const struct ovx_port *kp;
		struct undo u = { .kind = U_PORT_ADD };
		int ifindex;

		ifindex = ovx_ifindex(r->ctx, tp->dev);
		if (ifindex == -ENODEV) {
			/* The device may come later: a VM starting, or
			 * arriving by migration. */
			r->st->pending++;
			continue;
		}
		if (ifindex < 0) {
			fail(r, "port %s dev %s: %s", tp->name, tp->dev,
			     strerror(-ifindex));
			return ifindex;
		}
		own(r, "port %s", tp->dev);
		kp = kport_find(r, ifindex);
		if (port_arriving(r, tp) && (!kp || kp->standby))
			keep_arrival_entry(r, tp);
		/*
		 * A port in standby whose old host died: nobody else will
		 * send the guest's first frame's announcement; make it an
		 * ordinary port.
		 */
		if (kp && port_same(tp, kp) &&
		    !(kp->standby && !port_arriving(r, tp)))
			continue;
		if (kp && !ownedf(r, "port %s", tp->dev) &&
		    strcmp(kp->net, tp->net)) {
			fail(r, "port %s: device %s is a port of net %s already (the topology says net %s)",
			     tp->name, tp->dev, kp->net, tp->net);
			return -EEXIST;
		}
		plan(r, "%c port %s dev %s net %s", kp ? '~' : '+', tp->name,
		     tp->dev, tp->net);
		if (!will_write(r))
			continue;
		if (kp) {
			char what[64];

			snprintf(what, sizeof(what), "port %s dev %s",
				 tp->name, tp->dev);
			err = ovx_port_del(r->ctx, ifindex);
			ovx_port_config_init(&u.u.port.cfg, ifindex, NULL);
			snprintf(u.u.port.net, sizeof(u.u.port.net), "%s",
				 kp->net);
			snprintf(u.u.port.name, sizeof(u.u.port.name), "%s",
				 kp->label);
			u.u.port.cfg.has_mac = kp->has_mac;
			memcpy(u.u.port.cfg.mac, kp->mac, 6);
			u.u.port.cfg.n_ips = kp->n_ips;
			memcpy(u.u.port.cfg.ips, kp->ips, sizeof(kp->ips));
			if (wrote(r, err, &u, what))
				return -1;
			r->st->writes++;
		}
		port_add(r, tp, ifindex);
	}
	return r->failed ? -1 : 0;
}

/* Remote ports: static FDB entries and bindings */

static int cmp_host(const void *a, const void *b)
{
	const struct topo_host *x = *(const struct topo_host *const *)a;
	const struct topo_host *y = *(const struct topo_host *const *)b;

	return strcmp(x->name, y->name);
}

/*
 * The host of every remote port: with a thousand hosts and twenty
 * thousand ports, a linear search each is twenty million comparisons.
 */
static int index_hosts(struct rc *r)
{
	size_t i;

	r->hosts = calloc(r->t->n_hosts + 1, sizeof(*r->hosts));
	if (!r->hosts) {
		fail(r, "out of memory");
		return -ENOMEM;
	}
	for (i = 0; i < r->t->n_hosts; i++)
		r->hosts[i] = &r->t->hosts[i];
	qsort(r->hosts, r->t->n_hosts, sizeof(*r->hosts), cmp_host);
	return 0;
}

static const struct topo_host *host_find(const struct rc *r, const char *name)
{
	struct topo_host key = { .name = (char *)name };
	const struct topo_host *kp = &key, **found;

	found = bsearch(&kp, r->hosts, r->t->n_hosts, sizeof(*r->hosts),
			cmp_host);
	return found ? *found : NULL;
}

static const struct ovx_fdb_entry *kfdb_find(const struct rc *r,
					     const char *net,
					     const uint8_t mac[6])
{
	struct ovx_fdb_entry key;

	if (!r->k.fdb.n)
		return NULL;
	snprintf(key.net, sizeof(key.net), "%s", net);
	memcpy(key.mac, mac, 6);
	return bsearch(&key, r->k.fdb.v, r->k.fdb.n, r->k.fdb.elsz, cmp_fdb);
}

static const struct ovx_neigh *kneigh_find(const struct rc *r,
					   const char *net,
					   const struct ovx_addr *a)
{
	struct ovx_neigh key;

	if (!r->k.neigh.n)
		return NULL;
	snprintf(key.net, sizeof(key.net), "%s", net);
	key.addr = *a;
	return bsearch(&key, r->k.neigh.v, r->k.neigh.n, r->k.neigh.elsz,
		       cmp_neigh);
}

static int do_fdb(struct rc *r)
{
	char m[18], as[INET6_ADDRSTRLEN], what[128];
	size_t i;
	int err;

	for (i = 0; i < r->part->n_remote && !r->failed; i++) {
		const struct topo_port *tp = &r->t->ports[r->part->remote[i]];
		const struct topo_host *h = host_find(r, tp->host);
		const struct ovx_fdb_entry *ke;
		struct undo u = { .kind = U_FDB_DEL };
		struct ovx_fdb_entry e;

		if (!h)
			continue;
		mac_str(tp->mac, m);
		own(r, "fdb %s %s", tp->net, m);
		ke = kfdb_find(r, tp->net, tp->mac);
		if (ke && !ke->port_ifindex && addr_eq(&ke->peer, &h->address) &&
		    ke->seq == tp->seq)
			continue;
		/* A later move is known (announced before etcd said it). */
		if (ke && seq_after(ke->seq, tp->seq))
			continue;
		if (move_pending(r, tp, ke))
			continue;
		addr_str(&h->address, as, sizeof(as));
		plan(r, "%c fdb %s net %s peer %s", ke ? '~' : '+', m, tp->net,
		     as);
		if (!will_write(r))
			continue;
		OVX_INIT(&e);
		snprintf(e.net, sizeof(e.net), "%s", tp->net);
		memcpy(e.mac, tp->mac, 6);
		e.peer = h->address;
		e.seq = tp->seq;
		err = ovx_fdb_add(r->ctx, &e);
		if (ke) {
			u.kind = U_FDB_ADD;
			u.u.fdb = *ke;
		} else {
			u.u.fdb = e;
		}
		snprintf(what, sizeof(what), "fdb %s net %s", m, tp->net);
		wrote(r, err, &u, what);
	}
	return r->failed ? -1 : 0;
}

static int do_neigh(struct rc *r)
{
	char as[INET6_ADDRSTRLEN], ps[INET6_ADDRSTRLEN], what[128];
	size_t i, j;
	int err;

	for (i = 0; i < r->part->n_remote && !r->failed; i++) {
		const struct topo_port *tp = &r->t->ports[r->part->remote[i]];
		const struct topo_host *h = host_find(r, tp->host);

		if (!h)
			continue;
		for (j = 0; j < tp->n_ips && !r->failed; j++) {
			const struct ovx_neigh *kn;
			struct undo u = { .kind = U_NEIGH_DEL };
			struct ovx_neigh n;

			addr_str(&tp->ips[j], as, sizeof(as));
			own(r, "neigh %s %s", tp->net, as);
			kn = kneigh_find(r, tp->net, &tp->ips[j]);
			/*
			 * A local port's own (the port this guest is leaving,
			 * kept until its move): rebound once the port goes,
			 * by the reconcile its removal triggers.
			 */
			if (kn && kn->port_ifindex)
				continue;
			if (kn && !kn->port_ifindex &&
			    addr_eq(&kn->peer, &h->address) &&
			    !memcmp(kn->lladdr, tp->mac, 6) &&
			    !strcmp(kn->name, tp->name))
				continue;
			plan(r, "%c neigh %s net %s", kn ? '~' : '+', as,
			     tp->net);
			if (!will_write(r))
				continue;
			OVX_INIT(&n);
			snprintf(n.net, sizeof(n.net), "%s", tp->net);
			n.addr = tp->ips[j];
			memcpy(n.lladdr, tp->mac, 6);
			n.peer = h->address;
			snprintf(n.name, sizeof(n.name), "%s", tp->name);
			err = ovx_neigh_add(r->ctx, &n);
			if (kn) {
				u.kind = U_NEIGH_ADD;
				u.u.neigh = *kn;
			} else {
				u.u.neigh = n;
			}
			snprintf(what, sizeof(what), "neigh %s net %s (%s)",
				 as, tp->net, addr_str(&h->address, ps,
						       sizeof(ps)));
			wrote(r, err, &u, what);
		}
	}
	return r->failed ? -1 : 0;
}

/* Removals: what apply owned that the part no longer has */

/* Was @key owned before and not now?  (@now is sorted by then.) */
static bool dropped(const struct rc *r, const char *key)
{
	return owned(r, key) &&
	       !(r->now.n && bsearch(&key, r->now.v, r->now.n, sizeof(char *),
				     cmp_str));
}

static bool droppedf(const struct rc *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static bool droppedf(const struct rc *r, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return dropped(r, buf);
}

/* A network that goes takes its entries, ports and memberships along. */
static bool net_goes(const struct rc *r, const char *net)
{
	return !part_has_net(r, net) && droppedf(r, "net %s", net);
}

static int remove_write(struct rc *r, int err, const char *what)
{
	if (err && err != -ENOENT && err != -ENODEV)
		return fail_write(r, what, err);
	return 0;
}

static int remove_entries(struct rc *r)
{
	char m[18], as[INET6_ADDRSTRLEN], what[128];
	size_t i;

	for (i = r->k.neigh.n; i-- > 0 && !r->failed;) {
		const struct ovx_neigh *kn = AT(&r->k.neigh, struct ovx_neigh,
						i);

		addr_str(&kn->addr, as, sizeof(as));
		/* A port's own binding goes with its port. */
		if (kn->port_ifindex || net_goes(r, kn->net) ||
		    !droppedf(r, "neigh %s %s", kn->net, as))
			continue;
		plan(r, "- neigh %s net %s", as, kn->net);
		if (!will_write(r))
			continue;
		snprintf(what, sizeof(what), "neigh %s net %s", as, kn->net);
		remove_write(r, ovx_neigh_del(r->ctx, kn->net, &kn->addr),
			     what);
	}
	for (i = r->k.fdb.n; i-- > 0 && !r->failed;) {
		const struct ovx_fdb_entry *ke = AT(&r->k.fdb,
						    struct ovx_fdb_entry, i);

		mac_str(ke->mac, m);
		/*
		 * An entry pointing to a local port is the port's (or its
		 * guest arrived here by migration): it goes with the port.
		 */
		if (ke->port_ifindex || net_goes(r, ke->net) ||
		    !droppedf(r, "fdb %s %s", ke->net, m))
			continue;
		plan(r, "- fdb %s net %s", m, ke->net);
		if (!will_write(r))
			continue;
		snprintf(what, sizeof(what), "fdb %s net %s", m, ke->net);
		remove_write(r, ovx_fdb_del(r->ctx, ke->net, ke->mac), what);
	}
	for (i = 0; i < r->k.ports.n && !r->failed; i++) {
		const struct ovx_port *kp = AT(&r->k.ports, struct ovx_port, i);

		if (net_goes(r, kp->net) || !droppedf(r, "port %s", kp->name))
			continue;
		plan(r, "- port %s dev %s", kp->label[0] ? kp->label : "-",
		     kp->name);
		if (!will_write(r))
			continue;
		snprintf(what, sizeof(what), "port dev %s", kp->name);
		remove_write(r, ovx_port_del(r->ctx, kp->ifindex), what);
	}
	return r->failed ? -1 : 0;
}

static int remove_peers(struct rc *r)
{
	char as[INET6_ADDRSTRLEN], what[64];
	size_t i, j;

	for (i = 0; i < r->k.peers.n && !r->failed; i++) {
		const struct kpeer *kp = AT(&r->k.peers, struct kpeer, i);
		const char **leave;
		size_t n = 0, off = 0;
		char line[1024];

		addr_str(&kp->addr, as, sizeof(as));
		snprintf(what, sizeof(what), "peer %s", as);
		if (droppedf(r, "peer %s", as)) {
			plan(r, "- peer %s", as);
			if (will_write(r))
				remove_write(r, ovx_peer_del(r->ctx,
							     r->ifindex,
							     &kp->addr, NULL,
							     0), what);
			continue;
		}
		leave = calloc(kp->n_nets + 1, sizeof(*leave));
		if (!leave) {
			fail(r, "out of memory");
			return -ENOMEM;
		}
		for (j = 0; j < kp->n_nets; j++)
			if (!net_goes(r, kp->nets[j]) &&
			    droppedf(r, "member %s %s", as, kp->nets[j]))
				leave[n++] = kp->nets[j];
		if (n) {
			line[0] = '\0';
			for (j = 0; j < kp->n_nets; j++) {
				size_t k;
				bool gone = false;

				for (k = 0; k < n; k++)
					gone |= leave[k] == kp->nets[j];
				if (!gone && !net_goes(r, kp->nets[j]) &&
				    off < sizeof(line))
					off += (size_t)snprintf(line + off,
						sizeof(line) - off, " net %s",
						kp->nets[j]);
			}
			plan(r, "~ peer %s%s", as, line);
			if (will_write(r))
				remove_write(r, ovx_peer_del(r->ctx,
							     r->ifindex,
							     &kp->addr, leave,
							     n), what);
		}
		free(leave);
	}
	return r->failed ? -1 : 0;
}

static int remove_routers(struct rc *r)
{
	char p[INET6_ADDRSTRLEN + 8], what[128];
	size_t i, j;

	for (i = 0; i < r->k.routes.n && !r->failed; i++) {
		const struct ovx_route *rt = AT(&r->k.routes, struct ovx_route,
						i);

		prefix_str(&rt->prefix.addr, rt->prefix.len, p, sizeof(p));
		if (droppedf(r, "router %s", rt->router) ||
		    !droppedf(r, "route %s %s", rt->router, p))
			continue;
		plan(r, "- route %s router %s", p, rt->router);
		if (!will_write(r))
			continue;
		snprintf(what, sizeof(what), "route %s router %s", p,
			 rt->router);
		remove_write(r, ovx_route_del(r->ctx, rt->router, &rt->prefix),
			     what);
	}
	for (i = 0; i < r->k.routers.n && !r->failed; i++) {
		const struct ovx_router *kr = AT(&r->k.routers,
						 struct ovx_router, i);

		if (droppedf(r, "router %s", kr->name))
			continue;
		for (j = 0; j < kr->n_interfaces && !r->failed; j++) {
			const char *net = kr->interfaces[j].net;

			if (net_goes(r, net) ||
			    !droppedf(r, "attach %s %s", kr->name, net))
				continue;
			plan(r, "- attach %s net %s", kr->name, net);
			if (!will_write(r))
				continue;
			snprintf(what, sizeof(what), "router %s net %s",
				 kr->name, net);
			remove_write(r, ovx_router_detach(r->ctx, kr->name,
							  net), what);
		}
	}
	for (i = 0; i < r->k.routers.n && !r->failed; i++) {
		const struct ovx_router *kr = AT(&r->k.routers,
						 struct ovx_router, i);

		if (!droppedf(r, "router %s", kr->name))
			continue;
		plan(r, "- router %s", kr->name);
		if (!will_write(r))
			continue;
		snprintf(what, sizeof(what), "router %s", kr->name);
		remove_write(r, ovx_router_del(r->ctx, kr->name), what);
	}
	return r->failed ? -1 : 0;
}

static int remove_nets(struct rc *r)
{
	char what[64];
	size_t i;

	for (i = 0; i < r->k.nets.n && !r->failed; i++) {
		const struct ovx_net *kn = AT(&r->k.nets, struct ovx_net, i);

		if (!net_goes(r, kn->name))
			continue;
		plan(r, "- net %s", kn->name);
		if (!will_write(r))
			continue;
		snprintf(what, sizeof(what), "net %s", kn->name);
		remove_write(r, ovx_net_del(r->ctx, kn->name), what);
	}
	return r->failed ? -1 : 0;
}

/*
 * Keep owning what the part no longer has but the removal phase could
 * not remove, so that a later apply tries again: nothing, since a failed
 * removal fails the call and the state is then not written.
 */

int topo_reconcile(struct ovx_ctx *ctx, const struct topo_part *part,
		   const struct topo_reconcile_opts *opts,
		   struct topo_reconcile_stats *st, char *err, size_t errlen)
{
	struct topo_reconcile_opts none = { 0 };
	struct rc r = {
		.ctx = ctx, .part = part, .t = part->t, .st = st,
		.opts = opts ? opts : &none, .err = err, .errlen = errlen,
		.now = VEC(char *), .undo = VEC(struct undo),
		.batch_what = VEC(char *),
		.k = {
			.nets = VEC(struct ovx_net),
			.routers = VEC(struct ovx_router),
			.routes = VEC(struct ovx_route),
			.peers = VEC(struct kpeer),
			.ports = VEC(struct ovx_port),
			.fdb = VEC(struct ovx_fdb_entry),
			.neigh = VEC(struct ovx_neigh),
		},
	};
	size_t i;
	int ret = 0, lock;

	memset(st, 0, sizeof(*st));
	if (errlen)
		err[0] = '\0';
	lock = state_lock(&r);
	if (index_hosts(&r) || state_load(&r) || read_kernel(&r)) {
		ret = -EIO;
		goto out;
	}
	/* Creations and changes, in dependency order. */
	if (!do_switch(&r) && !do_nets(&r) && !do_routers(&r) &&
	    !do_peers(&r)) {
		bulk_begin(&r);
		do_ports(&r);
		do_fdb(&r);
		do_neigh(&r);
		bulk_end(&r);
	}
	if (!r.failed && r.now.n)
		qsort(r.now.v, r.now.n, sizeof(char *), cmp_str);
	/*
	 * Removals, in reverse dependency order.  Everything the migration
	 * rules of moving ports need (standby ports, redirects) goes before
	 * this point, with the creations.
	 */
	if (!r.failed && !remove_entries(&r) && !remove_peers(&r) &&
	    !remove_routers(&r))
		remove_nets(&r);
	if (r.failed) {
		undo_all(&r);
		ret = -EIO;
		goto out;
	}
	if (!r.opts->dry_run && state_save(&r))
		ret = -EIO;
out:
	if (r.failed && r.error < 0)
		ret = r.error;
	else if (r.failed && ret == 0)
		ret = -EIO;
	kstate_free(&r.k);
	free(r.hosts);
	undo_free(&r);
	batch_what_free(&r);
	free(r.batch_what.v);
	for (i = 0; i < r.n_owned; i++)
		free(r.owned[i]);
	free(r.owned);
	for (i = 0; i < r.now.n; i++)
		free(*AT(&r.now, char *, i));
	free(r.now.v);
	if (lock >= 0)
		close(lock);
	return ret;
}
