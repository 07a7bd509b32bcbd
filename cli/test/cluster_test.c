// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * The topology in etcd (topo/cluster.c) against a real etcd in a network
 * namespace of the test's own: apply writes one transaction with only what
 * changed, moves raise a port's sequence, a stale `revision N` and an
 * unreachable etcd write nothing, `wait` names the hosts that are late,
 * status reports liveness and realization, and the agent's reading of the
 * keys gives back the topology.  Skipped without etcd or namespaces.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "ktap.h"
#include "capture.h"
#include "etcd/etcd.h"
#include "etcd_server.h"
#include "topo/cluster.h"
#include "topo/topo.h"

#define N_TESTS 29

static const char topo1[] =
	"switch: {name: ovx0, encap: vxlan}\n"
	"hosts:\n"
	"  - {name: hv1, address: 192.0.2.1}\n"
	"  - {name: hv2, address: 192.0.2.2}\n"
	"networks:\n"
	"  - {name: blue, vni: 100}\n"
	"  - {name: red, vni: 200}\n"
	"ports:\n"
	"  - {name: web1, net: blue, host: hv1, dev: tap-web1, mac: \"02:00:00:00:01:01\", ip: [10.1.0.11]}\n"
	"  - {name: web2, net: blue, host: hv2, dev: tap-web2, mac: \"02:00:00:00:01:02\", ip: [10.1.0.12]}\n"
	"  - {name: red1, net: red, host: hv2, dev: tap-red1, mac: \"02:00:00:00:02:01\"}\n";

/* web1 moved to hv2, red and its port gone. */
static const char topo2[] =
	"switch: {name: ovx0, encap: vxlan}\n"
	"hosts:\n"
	"  - {name: hv1, address: 192.0.2.1}\n"
	"  - {name: hv2, address: 192.0.2.2}\n"
	"networks:\n"
	"  - {name: blue, vni: 100}\n"
	"ports:\n"
	"  - {name: web1, net: blue, host: hv2, dev: tap-web1, mac: \"02:00:00:00:01:01\", ip: [10.1.0.11]}\n"
	"  - {name: web2, net: blue, host: hv2, dev: tap-web2, mac: \"02:00:00:00:01:02\", ip: [10.1.0.12]}\n";

/* web1 back to hv1. */
static const char topo3[] =
	"switch: {name: ovx0, encap: vxlan}\n"
	"hosts:\n"
	"  - {name: hv1, address: 192.0.2.1}\n"
	"  - {name: hv2, address: 192.0.2.2}\n"
	"networks:\n"
	"  - {name: blue, vni: 100}\n"
	"ports:\n"
	"  - {name: web1, net: blue, host: hv1, dev: tap-web1, mac: \"02:00:00:00:01:01\", ip: [10.1.0.11]}\n"
	"  - {name: web2, net: blue, host: hv2, dev: tap-web2, mac: \"02:00:00:00:01:02\", ip: [10.1.0.12]}\n";

struct apply_args {
	struct topo t;
	const char *url;
	bool dry_run, json;
	int wait;
	int64_t expect;
};

static int apply_child(void *arg)
{
	struct apply_args *a = arg;

	return topology_apply_etcd_rev(&a->t, a->url, a->dry_run, a->wait,
				       a->json, a->expect);
}

static bool load(const char *yaml, struct topo *t)
{
	char path[] = "/tmp/ovx-cluster-test.XXXXXX";
	struct topo_errors err = { 0 };
	int fd = mkstemp(path);
	bool ok;

	if (fd < 0 || write(fd, yaml, strlen(yaml)) != (ssize_t)strlen(yaml))
		abort();
	close(fd);
	ok = !topo_load_file(path, t, &err);
	if (!ok)
		topo_errors_print(&err, stderr);
	topo_errors_free(&err);
	unlink(path);
	return ok;
}

/* Apply @yaml; the captured output is the caller's to free. */
static void apply(const char *yaml, bool dry_run, int wait, bool json,
		  int64_t expect, struct captured *c)
{
	struct apply_args a = { .url = URL, .dry_run = dry_run, .json = json,
				.wait = wait, .expect = expect };

	if (!load(yaml, &a.t))
		abort();
	capture(apply_child, &a, NULL, c);
	topo_free(&a.t);
}

static int64_t mod_rev(struct etcd *e, const char *key)
{
	struct etcd_range r;
	int64_t m = -1;

	if (!etcd_get(e, key, false, 0, &r) && r.n == 1)
		m = r.kvs[0].mod_revision;
	etcd_range_free(&r);
	return m;
}

static char *value(struct etcd *e, const char *key)
{
	struct etcd_range r;
	char *v = NULL;

	if (!etcd_get(e, key, false, 0, &r) && r.n == 1)
		v = strdup(r.kvs[0].value);
	etcd_range_free(&r);
	return v;
}

static int64_t printed_revision(const struct captured *c)
{
	const char *p = strstr(c->out, "revision ");

	return p ? strtoll(p + 9, NULL, 10) : -1;
}

static void test_apply(struct etcd *e)
{
	struct captured c;
	int64_t r1, r2, web2, rev;
	char *v;

	apply(topo1, true, -1, false, -1, &c);
	ktap_check(c.status == 0 && strstr(c.out, "+ /ovx/topology/switch\n") &&
		   strstr(c.out, "+ /ovx/topology/ports/web1\n") &&
		   mod_rev(e, ETCD_KEY_REVISION) < 0,
		   "dry-run of a first apply lists the keys it would add, writes nothing");
	captured_free(&c);

	apply(topo1, false, -1, false, -1, &c);
	r1 = printed_revision(&c);
	ktap_check(c.status == 0 && r1 > 0 && mod_rev(e, ETCD_KEY_REVISION) == r1 &&
		   mod_rev(e, ETCD_KEY_PORTS "web1") == r1 &&
		   mod_rev(e, ETCD_KEY_HOSTS "hv2") == r1 &&
		   mod_rev(e, ETCD_KEY_NETS "red") == r1,
		   "apply writes every object and the revision key in one transaction (revision %lld)",
		   (long long)r1);
	captured_free(&c);
	v = value(e, ETCD_KEY_REVISION);
	ktap_check(v && strstr(v, "\"who\"") && strstr(v, "\"when\"") &&
		   strstr(v, "\"file\""), "the revision key says who, when, which file: %s",
		   v ? v : "(none)");
	free(v);
	v = value(e, ETCD_KEY_PORTS "web1");
	ktap_check(v && strstr(v, "\"host\":\"hv1\"") && strstr(v, "\"seq\":0") &&
		   !strstr(v, "\"from\""), "a new port: seq 0, no from: %s",
		   v ? v : "(none)");
	free(v);

	apply(topo1, true, -1, false, -1, &c);
	ktap_check(c.status == 0 && !strcmp(c.out, ""),
		   "dry-run of the same file: no change");
	captured_free(&c);
	apply(topo1, false, -1, false, -1, &c);
	r2 = printed_revision(&c);
	ktap_check(c.status == 0 && r2 == r1 + 1 &&
		   mod_rev(e, ETCD_KEY_PORTS "web1") == r1,
		   "applying the same file again writes only the revision key");
	captured_free(&c);

	web2 = mod_rev(e, ETCD_KEY_PORTS "web2");
	apply(topo2, true, -1, false, -1, &c);
	ktap_check(c.status == 0 &&
		   strstr(c.out, "~ /ovx/topology/ports/web1\n") &&
		   strstr(c.out, "- /ovx/topology/networks/red\n") &&
		   strstr(c.out, "- /ovx/topology/ports/red1\n") &&
		   !strstr(c.out, "web2") && !strstr(c.out, "+ "),
		   "dry-run of a change: ~ changed, - removed, nothing else");
	captured_free(&c);
	apply(topo2, false, -1, false, -1, &c);
	rev = printed_revision(&c);
	ktap_check(c.status == 0 && mod_rev(e, ETCD_KEY_NETS "red") < 0 &&
		   mod_rev(e, ETCD_KEY_PORTS "red1") < 0 &&
		   mod_rev(e, ETCD_KEY_PORTS "web2") == web2 &&
		   mod_rev(e, ETCD_KEY_PORTS "web1") == rev,
		   "apply of the change: removed keys deleted, unchanged keys untouched");
	captured_free(&c);
	v = value(e, ETCD_KEY_PORTS "web1");
	ktap_check(v && strstr(v, "\"host\":\"hv2\"") && strstr(v, "\"seq\":1") &&
		   strstr(v, "\"from\":\"hv1\""),
		   "a port that changed host: seq 1, from hv1: %s", v ? v : "(none)");
	free(v);
	apply(topo2, false, -1, false, -1, &c);
	captured_free(&c);
	v = value(e, ETCD_KEY_PORTS "web1");
	ktap_check(v && strstr(v, "\"seq\":1") && strstr(v, "\"from\":\"hv1\""),
		   "applied again without a move: the sequence is kept");
	free(v);
	apply(topo3, false, -1, false, -1, &c);
	captured_free(&c);
	v = value(e, ETCD_KEY_PORTS "web1");
	ktap_check(v && strstr(v, "\"host\":\"hv1\"") && strstr(v, "\"seq\":2") &&
		   strstr(v, "\"from\":\"hv2\""),
		   "moved back: seq 2, from hv2: %s", v ? v : "(none)");
	free(v);
}

static void test_guard(struct etcd *e)
{
	struct captured c;
	int64_t cur = mod_rev(e, ETCD_KEY_REVISION);

	apply(topo1, false, -1, false, cur - 1, &c);
	ktap_check(c.status == 1 &&
		   strstr(c.err, "is at revision") && mod_rev(e, ETCD_KEY_REVISION) == cur &&
		   mod_rev(e, ETCD_KEY_NETS "red") < 0,
		   "revision N that is stale: refused, nothing written (%s)",
		   c.err);
	captured_free(&c);
	apply(topo1, false, -1, false, cur, &c);
	ktap_check(c.status == 0 && mod_rev(e, ETCD_KEY_NETS "red") > cur,
		   "revision N that is current: applied");
	captured_free(&c);
	apply(topo1, false, -1, false, 0, &c);
	ktap_check(c.status == 1 && strstr(c.err, "not 0"),
		   "revision 0 (never applied) when etcd has one: refused");
	captured_free(&c);
}

static void test_json_apply(struct etcd *e)
{
	struct json_object *o, *f;
	struct captured c;
	int64_t before = mod_rev(e, ETCD_KEY_REVISION);

	apply(topo2, true, -1, true, -1, &c);
	o = json_tokener_parse(c.out);
	ktap_check(c.status == 0 && o &&
		   json_object_object_get_ex(o, "changes", &f) &&
		   json_object_array_length(f) == 3 &&
		   json_object_object_get_ex(o, "revision", &f) &&
		   json_object_get_int64(f) == before,
		   "dry-run -j: an object with the changes and the current revision: %s",
		   c.out);
	json_object_put(o);
	captured_free(&c);
}

/* A host: alive under a lease, and what it realized. */
static int64_t host_up(struct etcd *e, const char *name, const char *addr)
{
	char key[64], v[128];
	int64_t lease = 0;

	etcd_lease_grant(e, 60, &lease);
	snprintf(key, sizeof(key), ETCD_KEY_ALIVE "%s", name);
	snprintf(v, sizeof(v), "{\"address\":\"%s\",\"pid\":1}", addr);
	etcd_put(e, key, v, strlen(v), lease, NULL);
	return lease;
}

static void realized(struct etcd *e, const char *name, int64_t rev)
{
	char key[64], v[64];

	snprintf(key, sizeof(key), ETCD_KEY_REALIZED "%s", name);
	snprintf(v, sizeof(v), "{\"revision\":%lld}", (long long)rev);
	etcd_put(e, key, v, strlen(v), 0, NULL);
}

struct status_args {
	char *argv[4];
	int argc;
};

static int status_child(void *arg)
{
	struct status_args *a = arg;

	return topology_status(a->argc, a->argv);
}

static void test_wait_status(struct etcd *e)
{
	struct status_args sa = { { "etcd", URL, "-j" }, 3 };
	struct json_object *o, *h, *f;
	struct captured c;
	int64_t lease, rev, high;

	apply(topo3, false, 0, false, -1, &c);
	ktap_check(c.status == 0 && strstr(c.out, "realized by every live host"),
		   "wait with no live host returns at once");
	captured_free(&c);

	lease = host_up(e, "hv1", "192.0.2.1");
	realized(e, "hv1", 1);
	apply(topo3, false, 1, false, -1, &c);
	ktap_check(c.status == 1 && strstr(c.err, "not realized after 1 s by: hv1 (at 1)"),
		   "wait: a live host that has not realized it is named after the timeout (%s)",
		   c.err);
	rev = printed_revision(&c);
	captured_free(&c);
	high = rev + 100;
	host_up(e, "hv9", "192.0.2.9");
	realized(e, "hv1", high);
	apply(topo3, false, 1, false, -1, &c);
	ktap_check(c.status == 1 && strstr(c.err, "by: hv9 (none)") &&
		   !strstr(c.err, "hv1"),
		   "wait: a host that never reported is named too, one that has is not (%s)",
		   c.err);
	captured_free(&c);
	realized(e, "hv9", high);
	apply(topo3, false, 5, false, -1, &c);
	ktap_check(c.status == 0 && strstr(c.out, "realized by every live host"),
		   "wait: returns when every live host has realized the revision");
	rev = printed_revision(&c);
	captured_free(&c);

	capture(status_child, &sa, NULL, &c);
	o = json_tokener_parse(c.out);
	ktap_check(c.status == 0 && o && json_object_is_type(o, json_type_array) &&
		   json_object_array_length(o) == 3,
		   "status -j: an array, one object per host of the topology or alive: %s",
		   c.out);
	h = o ? json_object_array_get_idx(o, 0) : NULL;
	ktap_check(h && json_object_object_get_ex(h, "name", &f) &&
		   !strcmp(json_object_get_string(f), "hv1") &&
		   json_object_object_get_ex(h, "alive", &f) &&
		   json_object_get_boolean(f) &&
		   json_object_object_get_ex(h, "address", &f) &&
		   !strcmp(json_object_get_string(f), "192.0.2.1") &&
		   json_object_object_get_ex(h, "realized", &f) &&
		   json_object_get_int64(f) == high &&
		   json_object_object_get_ex(h, "desired", &f) &&
		   json_object_get_int64(f) == rev,
		   "status -j: hv1 alive, its address, realized and desired revisions");
	h = o ? json_object_array_get_idx(o, 1) : NULL;
	ktap_check(h && json_object_object_get_ex(h, "name", &f) &&
		   !strcmp(json_object_get_string(f), "hv2") &&
		   json_object_object_get_ex(h, "alive", &f) &&
		   !json_object_get_boolean(f) &&
		   json_object_object_get_ex(h, "address", &f) &&
		   !strcmp(json_object_get_string(f), "192.0.2.2") &&
		   json_object_object_get_ex(h, "realized", &f) && !f,
		   "status -j: hv2 not alive, its topology address, realized null");
	json_object_put(o);
	captured_free(&c);

	sa.argc = 2;
	capture(status_child, &sa, NULL, &c);
	ktap_check(c.status == 0 &&
		   strstr(c.out, "host hv2 alive false address 192.0.2.2 realized - desired ") &&
		   strstr(c.out, "host hv9 alive true address 192.0.2.9 realized ") &&
		   strstr(c.out, "(not in the topology)"),
		   "status as text: one line per host: %s", c.out);
	captured_free(&c);

	/* The lease gone, the host is no longer waited for. */
	etcd_lease_revoke(e, lease);
	etcd_delete(e, ETCD_KEY_ALIVE "hv9", false, NULL, NULL);
	apply(topo3, false, 2, false, -1, &c);
	ktap_check(c.status == 0, "wait: hosts without an alive key are not waited for");
	captured_free(&c);
}

static void test_read_back(struct etcd *e)
{
	struct topo_errors err = { 0 };
	struct etcd_range r;
	struct topo t, f;
	bool ok;

	etcd_get(e, ETCD_KEY_ROOT, true, 0, &r);
	ok = !topo_from_etcd(&r, &t, &err);
	if (!ok)
		topo_errors_print(&err, stderr);
	ktap_check(ok, "the keys read back make a valid topology");
	if (ok && load(topo3, &f)) {
		const struct topo_port *p = NULL;
		size_t i;

		for (i = 0; i < t.n_ports; i++)
			if (!strcmp(t.ports[i].name, "web1"))
				p = &t.ports[i];
		ktap_check(t.n_hosts == f.n_hosts && t.n_nets == f.n_nets &&
			   t.n_ports == f.n_ports && !strcmp(t.sw.name, "ovx0") &&
			   p && !strcmp(p->host, "hv1") && p->seq == 2 &&
			   p->from && !strcmp(p->from, "hv2"),
			   "and the same objects as the file, with the move sequence");
		topo_free(&f);
	} else {
		ktap_check(false, "and the same objects as the file");
	}
	if (ok)
		topo_free(&t);
	topo_errors_free(&err);
	etcd_range_free(&r);

	/* No topology: a clear message, not a crash. */
	memset(&r, 0, sizeof(r));
	ok = topo_from_etcd(&r, &t, &err) == -1 && err.n &&
	     strstr(err.msg[0], "no topology was applied");
	ktap_check(ok, "no keys: \"%s\"", err.n ? err.msg[0] : "");
	topo_errors_free(&err);
}

static void test_no_etcd(void)
{
	struct captured c;

	apply(topo1, false, -1, false, -1, &c);
	ktap_check(c.status == 1 &&
		   strstr(c.err, "Error: etcd at " URL ": connection refused"),
		   "etcd down: apply fails with \"%s\"", c.err);
	captured_free(&c);
}

int main(void)
{
	struct etcd *e = NULL;
	const char *bin, *why;
	int i;

	ktap_init();
	why = etcd_netns(&bin);
	if (why) {
		for (i = 0; i < N_TESTS; i++)
			ktap_skip(why, "topology in etcd test %d", i + 1);
		return ktap_finish();
	}
	if (etcd_open(URL, &e))
		abort();
	test_no_etcd();
	etcd_pid = start_etcd(bin);
	if (etcd_pid < 0 || !wait_etcd(e)) {
		fprintf(stderr, "# etcd did not start: see %s/log\n", dir);
		ktap_check(false, "etcd starts");
		etcd_close(e);
		cleanup();
		return ktap_finish();
	}
	ktap_check(true, "etcd starts");
	test_apply(e);
	test_guard(e);
	test_json_apply(e);
	test_wait_status(e);
	test_read_back(e);
	etcd_close(e);
	cleanup();
	return ktap_finish();
}
