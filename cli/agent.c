// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * ovxd's agent: registers this host in etcd under a lease it keeps alive,
 * lists /ovx/ and then watches it from the revision it listed, and
 * reconciles the kernel with this host's part of the topology by the same
 * code as `ovx topology apply FILE host NAME` (topo_part_compute(),
 * topo_reconcile()); each reconciled revision is reported back under
 * /ovx/realized/NAME.
 *
 * The agent is a thread of ovxd, with its own libovx context.  Its calls
 * to etcd other than the watch are synchronous (an HTTP request each, up
 * to its timeout when etcd is gone): in the services' loop they would hold
 * up DHCP and DNS answers for as long.  Within the thread one
 * curl_multi_poll() waits for the watch, rtnetlink's link events, ovx's
 * port events and the stop request together.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>
#include <ovx/ovx.h>

#include "agent.h"
#include "etcd/etcd.h"
#include "svc/log.h"
#include "topo/cluster.h"
#include "topo/reconcile.h"
#include "topo/topo.h"

/* A burst of changes within this is one reconcile. */
#define DEBOUNCE_MS		50
/* A failed reconcile is tried again after this. */
#define RETRY_RECONCILE_MS	1000
#define BACKOFF_MIN_MS		100
#define BACKOFF_MAX_MS		5000

struct agent {
	struct agent_opts o;
	char *url, *host, *state_dir;
	pthread_t thread;
	int stop_fd;
	int rtnl_fd;
	struct ovx_ctx *ctx;
	struct etcd *e;
	struct etcd_watch *w;

	/* The keys of /ovx/ but /ovx/realized/, sorted, at @rev. */
	struct etcd_range copy;
	int64_t rev;

	int64_t lease;
	char *alive_put;		/* the value of our alive key */
	int64_t next_keepalive;
	bool connected;
	int64_t backoff_ms, next_retry;
	int64_t reconcile_at;		/* 0: none due */
	bool reconcile_failed;
};

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void schedule(struct agent *a, int64_t delay)
{
	int64_t at = now_ms() + delay;

	if (!a->reconcile_at || at < a->reconcile_at)
		a->reconcile_at = at;
}

static bool is_realized_key(const char *key)
{
	return !strncmp(key, ETCD_KEY_REALIZED, strlen(ETCD_KEY_REALIZED));
}

/* ---- the copy of /ovx/ ---- */

static size_t copy_find(const struct etcd_range *c, const char *key,
			bool *found)
{
	size_t lo = 0, hi = c->n;

	*found = false;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int r = strcmp(c->kvs[mid].key, key);

		if (!r) {
			*found = true;
			return mid;
		}
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Takes @kv's strings. */
static int copy_put(struct etcd_range *c, struct etcd_kv *kv)
{
	bool found;
	size_t i = copy_find(c, kv->key, &found);

	if (found) {
		etcd_kv_free(&c->kvs[i]);
		c->kvs[i] = *kv;
	} else {
		struct etcd_kv *n = realloc(c->kvs, (c->n + 1) * sizeof(*n));

		if (!n)
			return -ENOMEM;
		c->kvs = n;
		memmove(&n[i + 1], &n[i], (c->n - i) * sizeof(*n));
		n[i] = *kv;
		c->n++;
	}
	memset(kv, 0, sizeof(*kv));
	return 0;
}

static void copy_del(struct etcd_range *c, const char *key)
{
	bool found;
	size_t i = copy_find(c, key, &found);

	if (!found)
		return;
	etcd_kv_free(&c->kvs[i]);
	memmove(&c->kvs[i], &c->kvs[i + 1], (c->n - i - 1) * sizeof(c->kvs[0]));
	c->n--;
}

static bool alive(const char *host, void *arg)
{
	const struct agent *a = arg;
	char key[512];
	bool found;

	snprintf(key, sizeof(key), ETCD_KEY_ALIVE "%s", host);
	copy_find(&a->copy, key, &found);
	return found;
}

/* ---- etcd ---- */

static void stop_watch(struct agent *a)
{
	etcd_watch_stop(a->w);
	a->w = NULL;
}

static void disconnected(struct agent *a, const char *what)
{
	if (a->connected || a->backoff_ms == BACKOFF_MIN_MS)
		log_msg(LOG_WARNING, "agent: %s: %s; the kernel is kept as it is, retrying",
			what, etcd_error(a->e));
	else
		log_msg(LOG_DEBUG, "agent: %s: %s; retrying in %" PRId64 " ms",
			what, etcd_error(a->e), a->backoff_ms);
	stop_watch(a);
	a->connected = false;
	a->next_retry = now_ms() + a->backoff_ms;
	a->backoff_ms *= 2;
	if (a->backoff_ms > BACKOFF_MAX_MS)
		a->backoff_ms = BACKOFF_MAX_MS;
}

/* Replace the copy with a fresh list of /ovx/. */
static int list(struct agent *a)
{
	struct etcd_range r;
	size_t i, j;
	int err;

	err = etcd_get(a->e, ETCD_KEY_ROOT, true, 0, &r);
	if (err)
		return err;
	for (i = 0, j = 0; i < r.n; i++) {
		if (is_realized_key(r.kvs[i].key))
			etcd_kv_free(&r.kvs[i]);
		else
			r.kvs[j++] = r.kvs[i];
	}
	r.n = j;
	etcd_range_free(&a->copy);
	a->copy = r;
	a->rev = r.revision;
	log_msg(LOG_DEBUG, "agent: listed %zu keys at revision %" PRId64,
		r.n, r.revision);
	return 0;
}

static char *alive_value(struct agent *a)
{
	struct json_object *o = json_object_new_object(), *h, *f;
	char key[512];
	const char *addr = "";
	bool found;
	size_t i;
	char *s;

	if (!o)
		return NULL;
	snprintf(key, sizeof(key), ETCD_KEY_HOSTS "%s", a->host);
	i = copy_find(&a->copy, key, &found);
	h = found ? json_tokener_parse(a->copy.kvs[i].value) : NULL;
	if (h && json_object_object_get_ex(h, "address", &f) &&
	    json_object_is_type(f, json_type_string))
		addr = json_object_get_string(f);
	json_object_object_add(o, "address", json_object_new_string(addr));
	json_object_object_add(o, "pid", json_object_new_int(getpid()));
	s = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	json_object_put(h);
	return s;
}

/*
 * The lease outlives a restart of ovxd: its ID is kept in the state
 * directory, and a new ovxd keeps that lease alive if it still holds,
 * so the host never looks dead to the others (which would remove it
 * from their peers) for a restart.
 */
static void lease_path(const struct agent *a, char *buf, size_t len)
{
	snprintf(buf, len, "%s/agent-%s.lease",
		 a->state_dir ? a->state_dir : "/run/ovx", a->host);
}

static void lease_load(struct agent *a)
{
	char path[4096];
	long long id;
	FILE *f;

	lease_path(a, path, sizeof(path));
	f = fopen(path, "re");
	if (!f)
		return;
	if (fscanf(f, "%lld", &id) == 1 && id > 0)
		a->lease = id;
	fclose(f);
}

static void lease_save(const struct agent *a)
{
	char path[4096], tmp[4200];
	FILE *f;

	/* Registering comes before the first reconcile, which makes it. */
	mkdir(a->state_dir ? a->state_dir : "/run/ovx", 0755);
	lease_path(a, path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "we");
	if (!f)
		return;	/* then a restart re-registers: a short gap, no harm */
	fprintf(f, "%lld\n", (long long)a->lease);
	if (fclose(f) || rename(tmp, path))
		unlink(tmp);
}

/* A lease and /ovx/alive/NAME under it. */
static int register_host(struct agent *a)
{
	char key[512], *v;
	int err;

	if (!a->lease) {
		err = etcd_lease_grant(a->e, a->o.ttl, &a->lease);
		if (err)
			return err;
	}
	v = alive_value(a);
	if (!v)
		return -ENOMEM;
	snprintf(key, sizeof(key), ETCD_KEY_ALIVE "%s", a->host);
	err = etcd_put(a->e, key, v, strlen(v), a->lease, NULL);
	if (err == -ENOENT)
		a->lease = 0;
	if (err) {
		free(v);
		return err;
	}
	free(a->alive_put);
	a->alive_put = v;
	a->next_keepalive = now_ms() + a->o.ttl * 1000 / 3;
	lease_save(a);
	log_msg(LOG_INFO, "agent: host %s registered (lease %" PRIx64 ", TTL %d s)",
		a->host, (uint64_t)a->lease, a->o.ttl);
	return 0;
}

static void keepalive(struct agent *a)
{
	int64_t ttl;
	int err;

	err = etcd_lease_keepalive(a->e, a->lease, &ttl);
	if (err == -ENOENT) {
		log_msg(LOG_WARNING, "agent: the lease of host %s expired: registering again",
			a->host);
		a->lease = 0;
		err = register_host(a);
	}
	if (err) {
		disconnected(a, "keep-alive");
		return;
	}
	a->next_keepalive = now_ms() + a->o.ttl * 1000 / 3;
}

static int on_events(void *arg, int64_t revision, const struct etcd_event *ev,
		     size_t n)
{
	struct agent *a = arg;
	bool changed = false;
	size_t i;
	int err;

	for (i = 0; i < n; i++) {
		struct etcd_kv kv;

		if (is_realized_key(ev[i].kv.key))
			continue;
		log_msg(LOG_DEBUG, "agent: %c %s", ev[i].deleted ? '-' : '+',
			ev[i].kv.key);
		changed = true;
		if (ev[i].deleted) {
			copy_del(&a->copy, ev[i].kv.key);
			continue;
		}
		kv = ev[i].kv;
		kv.key = strdup(kv.key);
		kv.value = malloc(kv.value_len + 1);
		if (!kv.key || !kv.value) {
			free(kv.key);
			free(kv.value);
			return -ENOMEM;
		}
		memcpy(kv.value, ev[i].kv.value, kv.value_len + 1);
		err = copy_put(&a->copy, &kv);
		if (err) {
			etcd_kv_free(&kv);
			return err;
		}
	}
	/* Our own reports (/ovx/realized/) change nothing here. */
	if (changed) {
		a->rev = revision;
		schedule(a, DEBOUNCE_MS);
	}
	return 0;
}

/* List, register, watch from the listed revision. */
static void connect_etcd(struct agent *a)
{
	int err;

	/*
	 * The lease of before a restart (or of before etcd went away) first:
	 * listing a large topology takes time the lease may not have left.
	 */
	err = 0;
	if (a->lease) {
		int64_t ttl;

		err = etcd_lease_keepalive(a->e, a->lease, &ttl);
		if (err == -ENOENT) {
			a->lease = 0;
			err = 0;
		}
	}
	if (!err)
		err = list(a);
	if (!err && !a->lease)
		err = register_host(a);
	if (!err)
		err = etcd_watch_start(a->e, ETCD_KEY_ROOT, a->rev + 1,
				       on_events, a, &a->w);
	if (err) {
		disconnected(a, "cannot reach etcd");
		return;
	}
	log_msg(LOG_INFO, "agent: following etcd at %s from revision %" PRId64,
		a->url, a->rev);
	a->connected = true;
	a->backoff_ms = BACKOFF_MIN_MS;
	a->next_keepalive = now_ms() + a->o.ttl * 1000 / 3;
	/* Resync: what changed while away is found by the diff. */
	schedule(a, 0);
}

/* ---- reconcile ---- */

static void report(struct agent *a, int64_t rev)
{
	char key[512], v[64];
	int err;

	snprintf(key, sizeof(key), ETCD_KEY_REALIZED "%s", a->host);
	snprintf(v, sizeof(v), "{\"revision\":%" PRId64 "}", rev);
	err = etcd_put(a->e, key, v, strlen(v), 0, NULL);
	if (err)
		/* Reconnecting reconciles and reports again. */
		disconnected(a, "cannot report the realized revision");
}

static void log_errors(const struct topo_errors *err, const char *what)
{
	size_t i;

	for (i = 0; i < err->n; i++)
		log_msg(LOG_ERR, "agent: %s: %s", what, err->msg[i]);
}

static void reconcile(struct agent *a)
{
	struct topo_reconcile_opts opts = { .state_dir = a->state_dir };
	struct topo_reconcile_stats st = { 0 };
	struct topo_errors errs = { 0 };
	struct topo_part part;
	int64_t rev = a->rev;
	struct topo t;
	char msg[512] = "";
	int err;

	a->reconcile_at = 0;
	if (topo_from_etcd(&a->copy, &t, &errs)) {
		bool none = true;
		size_t i;

		for (i = 0; i < a->copy.n && none; i++)
			none = strncmp(a->copy.kvs[i].key, ETCD_KEY_TOPOLOGY,
				       strlen(ETCD_KEY_TOPOLOGY));
		if (none)
			log_msg(LOG_INFO, "agent: no topology in etcd yet (revision %" PRId64 ")",
				rev);
		else
			log_errors(&errs, "the topology in etcd is not valid, the kernel is kept as it is");
		topo_errors_free(&errs);
		return;
	}
	if (topo_part_compute(&t, a->host, alive, a, &part, &errs)) {
		log_errors(&errs, "nothing to realize");
		topo_errors_free(&errs);
		topo_free(&t);
		/* Up to date with a topology that has nothing for us. */
		if (a->connected)
			report(a, rev);
		return;
	}
	err = topo_reconcile(a->ctx, &part, &opts, &st, msg, sizeof(msg));
	topo_part_free(&part);
	topo_free(&t);
	if (err) {
		log_msg(LOG_ERR, "agent: cannot realize revision %" PRId64 ": %s%s(retrying)",
			rev, msg, *msg ? " " : "");
		a->reconcile_failed = true;
		schedule(a, RETRY_RECONCILE_MS);
		return;
	}
	a->reconcile_failed = false;
	/* Registered before the topology gave our address: say it now. */
	if (a->connected && a->lease) {
		char *v = alive_value(a);

		if (v && (!a->alive_put || strcmp(v, a->alive_put)) &&
		    register_host(a))
			disconnected(a, "cannot register the host");
		free(v);
		if (!a->connected)
			return;
	}
	if (!st.writes)
		log_msg(LOG_INFO, "agent: revision %" PRId64 " realized: no kernel change%s",
			rev, st.pending ? " (ports waiting for their device)" : "");
	else
		log_msg(LOG_INFO, "agent: revision %" PRId64 " realized: %u created, %u changed, %u removed, %u kernel writes, %u ports waiting for their device",
			rev, st.created, st.changed, st.removed, st.writes,
			st.pending);
	if (a->connected)
		report(a, rev);
}

/* ---- local events ---- */

static int rtnl_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK,
				  .nl_groups = RTMGRP_LINK };
	int fd;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    NETLINK_ROUTE);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

/* Whether a device appeared or went. */
static bool rtnl_drain(int fd)
{
	char buf[16384];
	bool any = false;
	ssize_t n;

	while ((n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) != 0) {
		struct nlmsghdr *h;

		if (n < 0) {
			/* Lost messages: something changed. */
			if (errno == ENOBUFS)
				any = true;
			if (errno == EINTR || errno == ENOBUFS)
				continue;
			break;
		}
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n);
		     h = NLMSG_NEXT(h, n))
			if (h->nlmsg_type == RTM_NEWLINK ||
			    h->nlmsg_type == RTM_DELLINK)
				any = true;
	}
	return any;
}

static int on_ovx_event(const struct ovx_event *ev, void *arg)
{
	bool *dirty = arg;

	/*
	 * Ports come and go; a guest moved (its entry re-pointed by a move
	 * announcement, or by a port activated here): the old host drops
	 * its port, the bindings follow.
	 */
	if (ev->kind == OVX_EVENT_PORT_ADDED ||
	    ev->kind == OVX_EVENT_PORT_REMOVED ||
	    (ev->kind == OVX_EVENT_FDB && ev->fdb_change == OVX_FDB_MOVED &&
	     (ev->fdb->flags & OVX_FDB_ENTRY_STATIC)))
		*dirty = true;
	return 0;
}

/* ---- the loop ---- */

static int next_timeout(const struct agent *a)
{
	int64_t now = now_ms(), t = now + 1000;

	if (a->connected && a->next_keepalive < t)
		t = a->next_keepalive;
	if (!a->connected && a->next_retry < t)
		t = a->next_retry;
	if (a->reconcile_at && a->reconcile_at < t)
		t = a->reconcile_at;
	return t < now ? 0 : (int)(t - now);
}

static void *agent_main(void *arg)
{
	struct agent *a = arg;
	bool stop = false;

	a->backoff_ms = BACKOFF_MIN_MS;
	a->next_retry = now_ms();
	while (!stop) {
		struct curl_waitfd fds[3] = {
			{ .fd = a->stop_fd, .events = CURL_WAIT_POLLIN },
			{ .fd = a->rtnl_fd, .events = CURL_WAIT_POLLIN },
			{ .fd = ovx_events_fd(a->ctx), .events = CURL_WAIT_POLLIN },
		};
		int timeout = next_timeout(a), err = 0;
		bool dirty = false;
		int64_t now;

		if (a->w) {
			err = etcd_watch_poll(a->w, fds, 3, timeout);
		} else {
			struct pollfd p[3];
			int i;

			for (i = 0; i < 3; i++)
				p[i] = (struct pollfd){ .fd = fds[i].fd,
							.events = POLLIN };
			if (poll(p, 3, timeout) < 0 && errno != EINTR)
				log_msg(LOG_ERR, "agent: poll: %s", strerror(errno));
			for (i = 0; i < 3; i++)
				fds[i].revents = p[i].revents & POLLIN ?
						 CURL_WAIT_POLLIN : 0;
		}
		if (fds[0].revents)
			stop = true;
		if (fds[1].revents && rtnl_drain(a->rtnl_fd))
			dirty = true;
		if (fds[2].revents &&
		    ovx_events_recv(a->ctx, on_ovx_event, &dirty) == -ENOBUFS)
			dirty = true;
		if (dirty)
			schedule(a, DEBOUNCE_MS);

		if (err == -ERANGE) {
			/* Compacted: list everything again, never retry. */
			log_msg(LOG_WARNING, "agent: %s: listing again",
				etcd_error(a->e));
			stop_watch(a);
			a->connected = false;
			connect_etcd(a);
		} else if (err) {
			disconnected(a, "the watch of etcd ended");
		}

		now = now_ms();
		if (!a->connected && now >= a->next_retry)
			connect_etcd(a);
		if (a->connected && now >= a->next_keepalive)
			keepalive(a);
		if (a->reconcile_at && now_ms() >= a->reconcile_at)
			reconcile(a);
	}
	/*
	 * Renew the lease once more on the way out: a restarted ovxd finds
	 * it (lease_load()) with a whole TTL left to take it over, and the
	 * others never see this host go.  A host that stops for good goes
	 * when the TTL ends.
	 */
	if (a->connected && a->lease) {
		int64_t ttl;

		etcd_lease_keepalive(a->e, a->lease, &ttl);
	}
	stop_watch(a);
	return NULL;
}

int agent_start(const struct agent_opts *o, struct agent **ap)
{
	struct agent *a = calloc(1, sizeof(*a));
	sigset_t all, old;
	int err;

	*ap = NULL;
	if (!a)
		return -ENOMEM;
	a->o = *o;
	if (a->o.ttl <= 0)
		a->o.ttl = AGENT_TTL_DEFAULT;
	a->stop_fd = -1;
	a->rtnl_fd = -1;
	a->url = strdup(o->url);
	a->host = strdup(o->host);
	a->state_dir = o->state_dir ? strdup(o->state_dir) : NULL;
	if (!a->url || !a->host || (o->state_dir && !a->state_dir)) {
		err = -ENOMEM;
		goto fail;
	}
	lease_load(a);
	err = ovx_open(&a->ctx);
	if (!err)
		err = ovx_subscribe(a->ctx, NULL);
	if (err) {
		log_msg(LOG_ERR, "agent: cannot open ovx: %s", strerror(-err));
		goto fail;
	}
	a->rtnl_fd = rtnl_open();
	if (a->rtnl_fd < 0) {
		err = a->rtnl_fd;
		log_msg(LOG_ERR, "agent: cannot follow the devices: %s",
			strerror(-err));
		goto fail;
	}
	a->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (a->stop_fd < 0) {
		err = -errno;
		goto fail;
	}
	err = etcd_open(a->url, &a->e);
	if (err)
		goto fail;
	{
		long t = a->o.ttl * 1000L / 3;

		/* A call must not outlast the lease's renewal period. */
		etcd_set_timeout(a->e, t < 500 ? 500 : t > 2000 ? 2000 : t);
	}
	/* Signals are the services' loop's to take. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = -pthread_create(&a->thread, NULL, agent_main, a);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err) {
		log_msg(LOG_ERR, "agent: cannot start its thread: %s",
			strerror(-err));
		goto fail;
	}
	log_msg(LOG_INFO, "agent: host %s, etcd at %s", a->host, a->url);
	*ap = a;
	return 0;
fail:
	etcd_close(a->e);
	if (a->stop_fd >= 0)
		close(a->stop_fd);
	if (a->rtnl_fd >= 0)
		close(a->rtnl_fd);
	ovx_close(a->ctx);
	free(a->url);
	free(a->host);
	free(a->state_dir);
	free(a);
	return err;
}

void agent_stop(struct agent *a)
{
	uint64_t one = 1;

	if (!a)
		return;
	if (write(a->stop_fd, &one, sizeof(one)) != sizeof(one))
		log_msg(LOG_ERR, "agent: cannot stop its thread: %s",
			strerror(errno));
	pthread_join(a->thread, NULL);
	etcd_range_free(&a->copy);
	free(a->alive_put);
	etcd_close(a->e);
	close(a->stop_fd);
	close(a->rtnl_fd);
	ovx_close(a->ctx);
	free(a->url);
	free(a->host);
	free(a->state_dir);
	free(a);
}
