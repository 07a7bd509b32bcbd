// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * The topology in etcd: apply (one transaction guarded by the revision it
 * read), wait for realization, status, and reading a topology back from
 * its keys (the agent's view).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "etcd/etcd.h"
#include "json_print.h"
#include "utils.h"
#include "cluster.h"

/* How often `wait` looks at the realized revisions. */
#define WAIT_POLL_MS	200

static const char *key_name(const char *key, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(key, prefix, n) || !key[n] ? NULL : key + n;
}

int topo_from_etcd(const struct etcd_range *r, struct topo *t,
		   struct topo_errors *err)
{
	bool have_switch = false;
	size_t i;
	int bad = 0;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < r->n; i++) {
		const struct etcd_kv *kv = &r->kvs[i];
		const char *name;

		if (!strcmp(kv->key, ETCD_KEY_SWITCH)) {
			have_switch = true;
			bad |= topo_switch_from_json(t, kv->key, kv->value, err);
		} else if ((name = key_name(kv->key, ETCD_KEY_HOSTS))) {
			bad |= topo_host_from_json(t, kv->key, name, kv->value,
						   err);
		} else if ((name = key_name(kv->key, ETCD_KEY_NETS))) {
			bad |= topo_net_from_json(t, kv->key, name, kv->value,
						  err);
		} else if ((name = key_name(kv->key, ETCD_KEY_ROUTERS))) {
			bad |= topo_router_from_json(t, kv->key, name,
						     kv->value, err);
		} else if ((name = key_name(kv->key, ETCD_KEY_PORTS))) {
			bad |= topo_port_from_json(t, kv->key, name, kv->value,
						   err);
		}
		/* Other keys (revision, alive, realized) are not objects. */
	}
	if (bad || !have_switch || topo_validate(t, err)) {
		if (!have_switch && !bad) {
			/* No error of the decoders says why: say it. */
			char **m = realloc(err->msg, (err->n + 1) * sizeof(*m));

			if (m) {
				err->msg = m;
				if (asprintf(&m[err->n], "%s: missing (no topology was applied)",
					     ETCD_KEY_SWITCH) >= 0)
					err->n++;
			}
		}
		topo_free(t);
		memset(t, 0, sizeof(*t));
		return -1;
	}
	return 0;
}

/* ---- apply ---- */

struct change {
	char op;		/* '+', '~', '-' */
	char *key;
	char *value;		/* of puts */
};

struct plan {
	size_t n;
	struct change *c;
};

static int plan_add(struct plan *p, char op, const char *key, char *value)
{
	struct change *c = realloc(p->c, (p->n + 1) * sizeof(*c));

	if (!c) {
		free(value);
		return -ENOMEM;
	}
	p->c = c;
	c[p->n].op = op;
	c[p->n].key = strdup(key);
	c[p->n].value = value;
	if (!c[p->n].key) {
		free(value);
		return -ENOMEM;
	}
	p->n++;
	return 0;
}

static void plan_free(struct plan *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->c[i].key);
		free(p->c[i].value);
	}
	free(p->c);
}

static const struct etcd_kv *range_find(const struct etcd_range *r,
					const char *key)
{
	size_t lo = 0, hi = r->n;

	/* etcd returns a range sorted by key. */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(r->kvs[mid].key, key);

		if (!c)
			return &r->kvs[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Compare one object's new JSON with the stored one; @json is consumed. */
static int plan_object(struct plan *p, const struct etcd_range *r,
		       const char *key, char *json)
{
	const struct etcd_kv *kv;

	if (!json)
		return -ENOMEM;
	kv = range_find(r, key);
	if (kv && !strcmp(kv->value, json)) {
		free(json);
		return 0;
	}
	return plan_add(p, kv ? '~' : '+', key, json);
}

/*
 * A port's move sequence: raised, with @from the stored host, when its
 * host changes; else the stored one is kept (the file's when it sets a
 * higher one).
 */
static char *port_json(const struct topo *t, const struct topo_port *fp,
		       const struct etcd_kv *kv)
{
	struct topo_errors err = { 0 };
	struct topo old = { 0 };
	struct topo_port p = *fp;
	char *json;

	if (kv && !topo_port_from_json(&old, kv->key, fp->name, kv->value,
				       &err) && old.n_ports == 1) {
		const struct topo_port *o = &old.ports[0];

		if (strcmp(o->host, fp->host)) {
			/* 16 bits, as the kernel compares them (modulo 2^16). */
			p.seq = ((fp->seq > o->seq ? fp->seq : o->seq) + 1) & 0xffff;
			p.from = o->host;
		} else if (o->seq >= fp->seq) {
			p.seq = o->seq;
			p.from = o->from;
		}
		/*
		 * A host that left the topology is no move's origin: every
		 * agent would refuse a port naming it.
		 */
		if (p.from && !topo_host_find(t, p.from))
			p.from = NULL;
	} else if (kv) {
		/* A stored port we cannot read: it is replaced as new. */
		fprintf(stderr, "Warning: %s: cannot be read; written anew\n",
			kv->key);
		topo_errors_print(&err, stderr);
	}
	json = topo_port_to_json(&p);
	topo_free(&old);
	topo_errors_free(&err);
	return json;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Whether @name is one of the @n sorted @names: a topology of 20,000
 * ports has as many keys, and a scan per key took most of apply's time.
 */
static bool name_in(const char **names, size_t n, const char *name)
{
	return n && bsearch(&name, names, n, sizeof(*names), cmp_name);
}

static int plan_build(struct plan *p, const struct topo *t,
		      const struct etcd_range *r)
{
	const char **ports;
	char key[512];
	size_t i, j;
	int err;

	err = plan_object(p, r, ETCD_KEY_SWITCH, topo_switch_to_json(&t->sw));
	for (i = 0; !err && i < t->n_hosts; i++) {
		snprintf(key, sizeof(key), ETCD_KEY_HOSTS "%s", t->hosts[i].name);
		err = plan_object(p, r, key, topo_host_to_json(&t->hosts[i]));
	}
	for (i = 0; !err && i < t->n_nets; i++) {
		snprintf(key, sizeof(key), ETCD_KEY_NETS "%s", t->nets[i].name);
		err = plan_object(p, r, key, topo_net_to_json(&t->nets[i]));
	}
	for (i = 0; !err && i < t->n_routers; i++) {
		snprintf(key, sizeof(key), ETCD_KEY_ROUTERS "%s",
			 t->routers[i].name);
		err = plan_object(p, r, key,
				  topo_router_to_json(&t->routers[i]));
	}
	for (i = 0; !err && i < t->n_ports; i++) {
		snprintf(key, sizeof(key), ETCD_KEY_PORTS "%s", t->ports[i].name);
		err = plan_object(p, r, key,
				  port_json(t, &t->ports[i], range_find(r, key)));
	}
	if (err)
		return err;

	ports = calloc(t->n_ports + 1, sizeof(*ports));
	if (!ports)
		return -ENOMEM;
	for (i = 0; i < t->n_ports; i++)
		ports[i] = t->ports[i].name;
	qsort(ports, t->n_ports, sizeof(*ports), cmp_name);
	/* What etcd has and the file has not. */
	for (i = 0; i < r->n; i++) {
		const char *k = r->kvs[i].key, *name;
		bool keep = false;

		if (!strcmp(k, ETCD_KEY_SWITCH) || !strcmp(k, ETCD_KEY_REVISION))
			continue;
		if ((name = key_name(k, ETCD_KEY_HOSTS)))
			keep = topo_host_find(t, name);
		else if ((name = key_name(k, ETCD_KEY_NETS)))
			keep = topo_net_find(t, name);
		else if ((name = key_name(k, ETCD_KEY_ROUTERS))) {
			for (j = 0; j < t->n_routers && !keep; j++)
				keep = !strcmp(t->routers[j].name, name);
		} else if ((name = key_name(k, ETCD_KEY_PORTS))) {
			keep = name_in(ports, t->n_ports, name);
		}
		/* Unknown keys under /ovx/topology/ go too: apply owns it. */
		if (!keep) {
			err = plan_add(p, '-', k, NULL);
			if (err)
				break;
		}
	}
	free(ports);
	return err;
}

static char *revision_value(const struct topo *t)
{
	struct json_object *o = json_object_new_object();
	struct passwd *pw = getpwuid(geteuid());
	char host[256] = "", who[400], when[32];
	time_t now = time(NULL);
	struct tm tm;
	char *s;

	if (!o)
		return NULL;
	if (gethostname(host, sizeof(host) - 1))
		strcpy(host, "?");
	snprintf(who, sizeof(who), "%s@%s", pw ? pw->pw_name : "?", host);
	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	json_object_object_add(o, "who", json_object_new_string(who));
	json_object_object_add(o, "when", json_object_new_string(when));
	json_object_object_add(o, "file",
			       json_object_new_string(t->file ? t->file : ""));
	s = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	return s;
}

static void print_plan(const struct plan *p, bool json)
{
	size_t i;

	if (json) {
		open_json_array(PRINT_JSON, "changes");
		for (i = 0; i < p->n; i++) {
			char op[2] = { p->c[i].op, '\0' };

			open_json_object(NULL);
			print_string(PRINT_JSON, "op", NULL, op);
			print_string(PRINT_JSON, "key", NULL, p->c[i].key);
			close_json_object();
		}
		close_json_array(PRINT_JSON, NULL);
		return;
	}
	for (i = 0; i < p->n; i++)
		printf("%c %s\n", p->c[i].op, p->c[i].key);
}

/* The hosts whose lease holds, and the revision each has realized. */
struct host_state {
	char *name;
	bool alive;
	char *address;		/* from its alive key, or NULL */
	bool has_realized;
	int64_t realized;
	bool in_topology;
};

struct states {
	size_t n;
	struct host_state *h;
	int64_t desired;	/* mod_revision of /ovx/topology/revision */
};

static void states_free(struct states *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->h[i].name);
		free(s->h[i].address);
	}
	free(s->h);
	memset(s, 0, sizeof(*s));
}

static struct host_state *state_get(struct states *s, const char *name)
{
	struct host_state *h;
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->h[i].name, name))
			return &s->h[i];
	h = realloc(s->h, (s->n + 1) * sizeof(*h));
	if (!h)
		return NULL;
	s->h = h;
	h = &s->h[s->n];
	memset(h, 0, sizeof(*h));
	h->name = strdup(name);
	if (!h->name)
		return NULL;
	s->n++;
	return h;
}

static char *json_str_field(const char *json, const char *field)
{
	struct json_object *o = json_tokener_parse(json), *f;
	char *s = NULL;

	if (o && json_object_object_get_ex(o, field, &f) &&
	    json_object_is_type(f, json_type_string))
		s = strdup(json_object_get_string(f));
	json_object_put(o);
	return s;
}

static bool json_i64_field(const char *json, const char *field, int64_t *v)
{
	struct json_object *o = json_tokener_parse(json), *f;
	bool ok = false;

	if (o && json_object_object_get_ex(o, field, &f) &&
	    (json_object_is_type(f, json_type_int) ||
	     json_object_is_type(f, json_type_string))) {
		errno = 0;
		*v = json_object_get_int64(f);
		ok = !errno;
	}
	json_object_put(o);
	return ok;
}

/*
 * Read the hosts' liveness and realization, at one revision; with
 * @topology, also the hosts of the topology (with their addresses).
 */
static int states_read(struct etcd *e, bool topology, struct states *s)
{
	static const char *const prefixes[] = { ETCD_KEY_ALIVE,
						ETCD_KEY_REALIZED,
						ETCD_KEY_HOSTS };
	int64_t rev = 0;
	size_t i, j;
	int err;

	memset(s, 0, sizeof(*s));
	{
		struct etcd_range r;

		err = etcd_get(e, ETCD_KEY_REVISION, false, 0, &r);
		if (err)
			return err;
		rev = r.revision;
		s->desired = r.n ? r.kvs[0].mod_revision : 0;
		etcd_range_free(&r);
	}
	for (i = 0; i < (topology ? 3u : 2u); i++) {
		struct etcd_range r;

		err = etcd_get(e, prefixes[i], true, rev, &r);
		if (err) {
			states_free(s);
			return err;
		}
		for (j = 0; j < r.n; j++) {
			const char *name = r.kvs[j].key + strlen(prefixes[i]);
			struct host_state *h = state_get(s, name);

			if (!h) {
				etcd_range_free(&r);
				states_free(s);
				return -ENOMEM;
			}
			if (i == 1) {
				h->has_realized = json_i64_field(r.kvs[j].value,
							"revision", &h->realized);
				continue;
			}
			/* What the host says, else what the topology says. */
			if (i == 0)
				h->alive = true;
			else
				h->in_topology = true;
			if (!h->address || !*h->address) {
				free(h->address);
				h->address = json_str_field(r.kvs[j].value,
							    "address");
			}
		}
		etcd_range_free(&r);
	}
	return 0;
}

static int wait_realized(struct etcd *e, int64_t rev, int wait_secs,
			 bool json)
{
	struct timespec t0, now;
	struct states s;
	size_t i, late;
	int err;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		err = states_read(e, false, &s);
		if (err) {
			fprintf(stderr, "Error: %s\n", etcd_error(e));
			return OVX_EXIT_ERR;
		}
		for (i = 0, late = 0; i < s.n; i++)
			if (s.h[i].alive &&
			    (!s.h[i].has_realized || s.h[i].realized < rev))
				late++;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (!late || now.tv_sec - t0.tv_sec >= wait_secs)
			break;
		states_free(&s);
		usleep(WAIT_POLL_MS * 1000);
	}
	if (json) {
		print_bool(PRINT_JSON, "realized", NULL, !late);
		open_json_array(PRINT_JSON, "late");
		for (i = 0; i < s.n; i++)
			if (s.h[i].alive &&
			    (!s.h[i].has_realized || s.h[i].realized < rev))
				print_string(PRINT_JSON, NULL, NULL, s.h[i].name);
		close_json_array(PRINT_JSON, NULL);
	}
	if (late) {
		fprintf(stderr, "Error: revision %" PRId64 " not realized after %d s by:",
			rev, wait_secs);
		for (i = 0; i < s.n; i++) {
			const struct host_state *h = &s.h[i];

			if (!h->alive ||
			    (h->has_realized && h->realized >= rev))
				continue;
			if (h->has_realized)
				fprintf(stderr, " %s (at %" PRId64 ")", h->name,
					h->realized);
			else
				fprintf(stderr, " %s (none)", h->name);
		}
		fputc('\n', stderr);
	} else if (!json) {
		printf("realized by every live host\n");
	}
	states_free(&s);
	return late ? OVX_EXIT_ERR : OVX_EXIT_OK;
}

static int apply_txn(struct etcd *e, const struct topo *t,
		     const struct plan *p, const struct etcd_kv *rk,
		     int64_t *rev)
{
	struct etcd_cmp cmp = {
		.key = ETCD_KEY_REVISION,
		.result = ETCD_CMP_EQUAL,
		/* Never applied: the key must still not exist. */
		.target = rk ? ETCD_CMP_MOD : ETCD_CMP_CREATE,
		.number = rk ? rk->mod_revision : 0,
	};
	struct etcd_op *ops = calloc(p->n + 1, sizeof(*ops));
	char *rv = revision_value(t);
	bool ok = false;
	size_t i;
	int err;

	if (!ops || !rv) {
		free(ops);
		free(rv);
		fprintf(stderr, "Error: %s\n", strerror(ENOMEM));
		return OVX_EXIT_ERR;
	}
	for (i = 0; i < p->n; i++) {
		ops[i].key = p->c[i].key;
		ops[i].del = p->c[i].op == '-';
		ops[i].value = p->c[i].value;
	}
	ops[p->n].key = ETCD_KEY_REVISION;
	ops[p->n].value = rv;
	err = etcd_txn(e, &cmp, 1, ops, p->n + 1, &ok, rev);
	free(ops);
	free(rv);
	if (err) {
		fprintf(stderr, "Error: %s\n", etcd_error(e));
		return OVX_EXIT_ERR;
	}
	if (!ok) {
		fprintf(stderr, "Error: the topology changed in etcd since it was read (revision %" PRId64 "); apply again\n",
			rk ? rk->mod_revision : (int64_t)0);
		return OVX_EXIT_ERR;
	}
	return OVX_EXIT_OK;
}

int topology_apply_etcd_rev(const struct topo *t, const char *url,
			    bool dry_run, int wait_secs, bool json,
			    int64_t expect)
{
	struct plan p = { 0 };
	struct etcd_range r;
	const struct etcd_kv *rk;
	struct etcd *e;
	int64_t cur, rev = 0;
	int err, ret = OVX_EXIT_ERR;

	err = etcd_open(url, &e);
	if (err) {
		fprintf(stderr, "Error: %s\n", strerror(-err));
		return OVX_EXIT_ERR;
	}
	err = etcd_get(e, ETCD_KEY_TOPOLOGY, true, 0, &r);
	if (err) {
		fprintf(stderr, "Error: %s\n", etcd_error(e));
		etcd_close(e);
		return OVX_EXIT_ERR;
	}
	rk = range_find(&r, ETCD_KEY_REVISION);
	cur = rk ? rk->mod_revision : 0;
	if (expect >= 0 && cur != expect) {
		fprintf(stderr, "Error: the topology in etcd is at revision %" PRId64 ", not %" PRId64 "; nothing written\n",
			cur, expect);
		goto out;
	}
	err = plan_build(&p, t, &r);
	if (err) {
		fprintf(stderr, "Error: %s\n", strerror(-err));
		goto out;
	}
	new_json_line(json);
	if (json)
		open_json_object(NULL);
	print_plan(&p, json);
	if (dry_run) {
		if (json) {
			print_bool(PRINT_JSON, "dry_run", NULL, true);
			print_u64(PRINT_JSON, "revision", NULL, (uint64_t)cur);
		}
		ret = OVX_EXIT_OK;
		goto out_json;
	}
	ret = apply_txn(e, t, &p, rk, &rev);
	if (ret)
		goto out_json;
	if (json)
		print_u64(PRINT_JSON, "revision", NULL, (uint64_t)rev);
	else
		printf("revision %" PRId64 "\n", rev);
	fflush(stdout);
	if (wait_secs >= 0)
		ret = wait_realized(e, rev, wait_secs ? wait_secs :
				    TOPO_WAIT_DEFAULT, json);
out_json:
	if (json) {
		close_json_object();
		delete_json_obj();
		putchar('\n');
	}
out:
	plan_free(&p);
	etcd_range_free(&r);
	etcd_close(e);
	return ret;
}

int topology_apply_etcd(const struct topo *t, const char *url, bool dry_run,
			int wait_secs, bool json)
{
	return topology_apply_etcd_rev(t, url, dry_run, wait_secs, json, -1);
}

/* ---- status ---- */

static int status_cmp(const void *a, const void *b)
{
	return strcmp(((const struct host_state *)a)->name,
		      ((const struct host_state *)b)->name);
}

int topology_status_json(int argc, char **argv, bool json)
{
	const char *url = NULL;
	struct states s;
	struct etcd *e;
	size_t i;
	int err;

	for (; argc > 0; argc--, argv++) {
		if (!strcmp(*argv, "etcd")) {
			if (argc < 2) {
				fprintf(stderr, "Error: etcd needs a URL.\n");
				return OVX_EXIT_USAGE;
			}
			url = argv[1];
			argc--;
			argv++;
		} else if (!strcmp(*argv, "-j") || !strcmp(*argv, "json")) {
			json = true;
		} else {
			fprintf(stderr, "Error: unknown argument \"%s\" of topology status (usage: ovx topology status etcd URL).\n",
				*argv);
			return OVX_EXIT_USAGE;
		}
	}
	if (!url) {
		fprintf(stderr, "Error: topology status needs etcd URL.\n");
		return OVX_EXIT_USAGE;
	}
	err = etcd_open(url, &e);
	if (err) {
		fprintf(stderr, "Error: %s\n", strerror(-err));
		return OVX_EXIT_ERR;
	}
	err = states_read(e, true, &s);
	if (err) {
		fprintf(stderr, "Error: %s\n", etcd_error(e));
		etcd_close(e);
		return OVX_EXIT_ERR;
	}
	etcd_close(e);
	if (s.n)
		qsort(s.h, s.n, sizeof(*s.h), status_cmp);
	new_json_obj(json);
	for (i = 0; i < s.n; i++) {
		const struct host_state *h = &s.h[i];

		open_json_object(NULL);
		print_string(PRINT_ANY, "name", "host %s", h->name);
		print_bool(PRINT_ANY, "alive", " alive %s", h->alive);
		if (h->address && *h->address)
			print_string(PRINT_ANY, "address", " address %s",
				     h->address);
		else
			print_null(PRINT_ANY, "address", " address %s", "-");
		if (h->has_realized)
			print_u64(PRINT_ANY, "realized", " realized %" PRIu64,
				  (uint64_t)h->realized);
		else
			print_null(PRINT_ANY, "realized", " realized %s", "-");
		print_u64(PRINT_ANY, "desired", " desired %" PRIu64,
			  (uint64_t)s.desired);
		if (!json && !h->in_topology)
			printf(" (not in the topology)");
		close_json_object();
		print_nl();
	}
	delete_json_obj();
	fflush(stdout);
	states_free(&s);
	return OVX_EXIT_OK;
}

int topology_status(int argc, char **argv)
{
	return topology_status_json(argc, argv, false);
}
