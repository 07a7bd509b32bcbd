// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * The etcd client against a real etcd: the test moves itself into a new
 * network namespace (nothing listens on the host's network) and starts
 * etcd there on 127.0.0.1 with its data in a temporary directory.  Skipped
 * when etcd is not installed or namespaces cannot be made (not root).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ktap.h"
#include "etcd/etcd.h"
#include "etcd_server.h"

#define N_TESTS 32

static void test_b64(void)
{
	static const char *const in[] = { "", "f", "fo", "foo", "foob",
					  "fooba", "foobar" };
	static const char *const out[] = { "", "Zg==", "Zm8=", "Zm9v",
					   "Zm9vYg==", "Zm9vYmE=",
					   "Zm9vYmFy" };
	bool ok = true;
	size_t i, len;

	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		char *e = etcd_b64_encode(in[i], strlen(in[i]));
		char *d = etcd_b64_decode(out[i], &len);

		if (!e || strcmp(e, out[i]) || !d || len != strlen(in[i]) ||
		    memcmp(d, in[i], len))
			ok = false;
		free(e);
		free(d);
	}
	ktap_check(ok, "base64 of RFC 4648's test vectors, both ways");
	{
		char *d1 = etcd_b64_decode("Zm9", NULL);
		char *d2 = etcd_b64_decode("Zm9*", NULL);

		ktap_check(!d1 && !d2, "bad base64 is refused");
		free(d1);
		free(d2);
	}
}

struct seen {
	int puts, dels;
	int64_t last_rev;
	char keys[8][64];
};

static int on_events(void *arg, int64_t rev, const struct etcd_event *ev,
		     size_t n)
{
	struct seen *s = arg;
	size_t i;

	for (i = 0; i < n; i++) {
		if (ev[i].deleted)
			s->dels++;
		else
			s->puts++;
		if (s->puts + s->dels <= 8)
			snprintf(s->keys[s->puts + s->dels - 1], 64, "%c%s",
				 ev[i].deleted ? '-' : '+', ev[i].kv.key);
	}
	s->last_rev = rev;
	return 0;
}

/* Polls @w until @done or 10 s pass; returns the last poll's result. */
static int watch_until(struct etcd_watch *w, struct seen *s, int want)
{
	int i, err = 0;

	for (i = 0; i < 100 && s->puts + s->dels < want; i++) {
		err = etcd_watch_poll(w, NULL, 0, 100);
		if (err)
			break;
	}
	return err;
}

static void test_kv(struct etcd *e)
{
	struct etcd_range r;
	int64_t rev = 0, rev2 = 0, d = 0;
	bool ok;
	int err;

	err = etcd_put(e, "/t/a", "1", 1, 0, &rev);
	ktap_check(!err && rev > 1, "put returns the new revision (%lld)",
		   (long long)rev);
	etcd_put(e, "/t/b", "two\0bytes", 9, 0, NULL);
	etcd_put(e, "/t/c", "3", 1, 0, NULL);
	etcd_put(e, "/u", "not in /t/", 9, 0, &rev2);
	err = etcd_get(e, "/t/", true, 0, &r);
	ok = !err && r.n == 3 && r.revision == rev2 &&
	     !strcmp(r.kvs[0].key, "/t/a") && !strcmp(r.kvs[0].value, "1") &&
	     r.kvs[0].mod_revision == rev && r.kvs[0].create_revision == rev &&
	     r.kvs[0].version == 1 &&
	     !strcmp(r.kvs[1].key, "/t/b") && r.kvs[1].value_len == 9 &&
	     !memcmp(r.kvs[1].value, "two\0bytes", 9);
	ktap_check(ok, "a prefix range returns its keys in order, with their revisions and binary values");
	etcd_range_free(&r);
	err = etcd_get(e, "/t/a", true, rev, &r);
	ktap_check(!err && r.n == 1 && !strcmp(r.kvs[0].value, "1"),
		   "range at an old revision");
	etcd_range_free(&r);
	err = etcd_get(e, "/none", false, 0, &r);
	ktap_check(!err && r.n == 0 && r.revision == rev2,
		   "range of a missing key: no key, the store's revision");
	etcd_range_free(&r);

	{
		struct etcd_cmp c[] = {
			{ .key = "/t/a", .target = ETCD_CMP_MOD,
			  .result = ETCD_CMP_EQUAL, .number = rev },
			{ .key = "/t/new", .target = ETCD_CMP_CREATE,
			  .result = ETCD_CMP_EQUAL, .number = 0 },
		};
		struct etcd_op op[] = {
			{ .key = "/t/new", .value = "n" },
			{ .key = "/t/c", .del = true },
		};
		bool succ = false;
		int64_t trev = 0;

		err = etcd_txn(e, c, 2, op, 2, &succ, &trev);
		ktap_check(!err && succ && trev == rev2 + 1,
			   "a txn whose compares hold applies all its operations in one revision");
		etcd_get(e, "/t/", true, 0, &r);
		ktap_check(r.n == 3 && !strcmp(r.kvs[2].key, "/t/new"),
			   "the txn's put and delete are there");
		etcd_range_free(&r);
		succ = true;
		err = etcd_txn(e, c, 2, op, 1, &succ, &trev);
		ktap_check(!err && !succ && trev == rev2 + 1,
			   "a txn whose compare fails: not succeeded, nothing written");
		c[0].target = ETCD_CMP_VALUE;
		c[0].value = "1";
		c[1].result = ETCD_CMP_GREATER;
		err = etcd_txn(e, c, 2, NULL, 0, &succ, &trev);
		ktap_check(!err && succ, "value and greater-than compares");
	}
	err = etcd_delete(e, "/t/", true, &d, &rev);
	ktap_check(!err && d == 3, "delete of a prefix deletes its keys (%lld)",
		   (long long)d);
	err = etcd_get(e, "/u", false, 0, &r);
	ktap_check(!err && r.n == 1, "and only those");
	etcd_range_free(&r);
}

static void test_lease(struct etcd *e)
{
	struct etcd_range r;
	int64_t id = 0, id2 = 0, ttl = 0;
	int err, i;

	err = etcd_lease_grant(e, 2, &id);
	ktap_check(!err && id, "lease grant");
	etcd_put(e, "/alive/h1", "x", 1, id, NULL);
	err = etcd_lease_keepalive(e, id, &ttl);
	ktap_check(!err && ttl == 2, "keep-alive renews to the TTL (%lld)",
		   (long long)ttl);
	etcd_get(e, "/alive/h1", false, 0, &r);
	ktap_check(r.n == 1 && r.kvs[0].lease == id, "the key is under the lease");
	etcd_range_free(&r);
	/* Not renewed: etcd expires it within the TTL and a little. */
	for (i = 0; i < 60; i++) {
		sleep_ms(100);
		etcd_get(e, "/alive/h1", false, 0, &r);
		if (r.n == 0) {
			etcd_range_free(&r);
			break;
		}
		etcd_range_free(&r);
	}
	ktap_check(i < 60, "a lease not kept alive expires and takes its key (%d ms)",
		   (i + 1) * 100);
	err = etcd_lease_keepalive(e, id, &ttl);
	ktap_check(err == -ENOENT && strstr(etcd_error(e), "expired"),
		   "keep-alive of an expired lease: -ENOENT (%s)", etcd_error(e));
	etcd_lease_grant(e, 30, &id2);
	etcd_put(e, "/alive/h2", "x", 1, id2, NULL);
	err = etcd_lease_revoke(e, id2);
	etcd_get(e, "/alive/h2", false, 0, &r);
	ktap_check(!err && r.n == 0, "revoke deletes the lease's keys");
	etcd_range_free(&r);
	err = etcd_lease_revoke(e, id2);
	ktap_check(err == -ENOENT, "revoking it again: -ENOENT (%s)",
		   etcd_error(e));
}

static void test_watch(struct etcd *e)
{
	struct etcd_watch *w = NULL;
	struct seen s = { 0 };
	struct etcd_range r;
	int64_t rev;
	int err, pfd[2];

	etcd_get(e, "/w/", true, 0, &r);
	rev = r.revision;
	etcd_range_free(&r);
	err = etcd_watch_start(e, "/w/", rev + 1, on_events, &s, &w);
	ktap_check(!err, "watch start");
	if (err)
		return;
	etcd_put(e, "/w/a", "1", 1, 0, NULL);
	etcd_put(e, "/x", "1", 1, 0, NULL);
	etcd_put(e, "/w/b", "1", 1, 0, NULL);
	etcd_delete(e, "/w/a", false, NULL, NULL);
	err = watch_until(w, &s, 3);
	ktap_check(!err && etcd_watch_created(w) && s.puts == 2 && s.dels == 1 &&
		   !strcmp(s.keys[0], "+/w/a") && !strcmp(s.keys[1], "+/w/b") &&
		   !strcmp(s.keys[2], "-/w/a") && s.last_rev == rev + 4,
		   "watch from a revision: the prefix's puts and deletes in order, none other (%s %s %s)",
		   s.keys[0], s.keys[1], s.keys[2]);

	/* The caller's descriptors wake the poll up too. */
	if (!pipe(pfd)) {
		struct curl_waitfd wf = { .fd = pfd[0], .events = CURL_WAIT_POLLIN };
		struct timespec t0, t1;

		if (write(pfd[1], "x", 1) != 1)
			perror("write");
		clock_gettime(CLOCK_MONOTONIC, &t0);
		err = etcd_watch_poll(w, &wf, 1, 5000);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ktap_check(!err && (wf.revents & CURL_WAIT_POLLIN) &&
			   t1.tv_sec - t0.tv_sec < 2,
			   "etcd_watch_poll wakes up for an extra descriptor");
		close(pfd[0]);
		close(pfd[1]);
	} else {
		ktap_check(false, "pipe: %s", strerror(errno));
	}
	etcd_watch_stop(w);

	/* A watch from before the compaction: the revision is gone. */
	etcd_get(e, "/w/", true, 0, &r);
	err = etcd_compact(e, r.revision);
	etcd_range_free(&r);
	ktap_check(!err, "compaction");
	err = etcd_get(e, "/w/", true, rev, &r);
	ktap_check(err == -ERANGE && strstr(etcd_error(e), "has been compacted"),
		   "range at a compacted revision: -ERANGE (%s)", etcd_error(e));
	memset(&s, 0, sizeof(s));
	err = etcd_watch_start(e, "/w/", rev + 1, on_events, &s, &w);
	if (!err)
		err = watch_until(w, &s, 1);
	ktap_check(err == -ERANGE && strstr(etcd_error(e), "has been compacted") &&
		   s.puts + s.dels == 0,
		   "watch from a compacted revision: -ERANGE, no events (%s)",
		   etcd_error(e));
	etcd_watch_stop(w);
}

/* etcd stopped, then killed: timeouts, then an ended watch, then refusal. */
static void test_failures(struct etcd *e)
{
	struct etcd_watch *w = NULL;
	struct seen s = { 0 };
	struct etcd_range r;
	int err, i;

	kill(etcd_pid, SIGSTOP);
	/* Until every thread of etcd has stopped. */
	for (i = 0; i < 50; i++) {
		char path[64], st[512];
		FILE *f;
		size_t n = 0;

		snprintf(path, sizeof(path), "/proc/%d/stat", (int)etcd_pid);
		f = fopen(path, "r");
		if (f) {
			n = fread(st, 1, sizeof(st) - 1, f);
			fclose(f);
		}
		st[n] = '\0';
		if (strstr(st, ") T "))
			break;
		sleep_ms(20);
	}
	etcd_set_timeout(e, 500);
	err = etcd_get(e, "/", true, 0, &r);
	ktap_check(err == -ETIMEDOUT && strstr(etcd_error(e), "no answer"),
		   "a stopped etcd: -ETIMEDOUT after the timeout (%d: %s)",
		   err, etcd_error(e));
	if (!err)
		etcd_range_free(&r);
	/* OVX_ETCD_TIMEOUT_MS replaces the timeout asked for. */
	setenv("OVX_ETCD_TIMEOUT_MS", "300", 1);
	etcd_set_timeout(e, ETCD_TIMEOUT_MS);
	err = etcd_get(e, "/", true, 0, &r);
	ktap_check(err == -ETIMEDOUT && strstr(etcd_error(e), "in 300 ms"),
		   "OVX_ETCD_TIMEOUT_MS replaces the timeout (%d: %s)",
		   err, etcd_error(e));
	if (!err)
		etcd_range_free(&r);
	unsetenv("OVX_ETCD_TIMEOUT_MS");
	kill(etcd_pid, SIGCONT);
	etcd_set_timeout(e, ETCD_TIMEOUT_MS);
	for (i = 0; i < 50 && etcd_get(e, "/", false, 0, &r); i++)
		sleep_ms(100);
	etcd_range_free(&r);

	err = etcd_watch_start(e, "/w/", 0, on_events, &s, &w);
	for (i = 0; !err && i < 50 && !etcd_watch_created(w); i++)
		err = etcd_watch_poll(w, NULL, 0, 100);
	ktap_check(!err && etcd_watch_created(w), "a watch from now is created");
	kill(etcd_pid, SIGKILL);
	waitpid(etcd_pid, NULL, 0);
	etcd_pid = 0;
	for (i = 0; !err && i < 50; i++)
		err = etcd_watch_poll(w, NULL, 0, 100);
	ktap_check(err == -ECONNRESET, "etcd killed: the watch ends with -ECONNRESET (%s)",
		   etcd_error(e));
	etcd_watch_stop(w);
	err = etcd_get(e, "/", true, 0, &r);
	ktap_check(err == -ECONNREFUSED &&
		   !strcmp(etcd_error(e), "etcd at " URL ": connection refused"),
		   "no etcd: -ECONNREFUSED (%s)", etcd_error(e));
}

int main(void)
{
	const char *bin, *why;
	struct etcd *e = NULL;
	int err, i;

	ktap_init();
	test_b64();
	why = etcd_netns(&bin);
	if (why) {
		for (i = 2; i < N_TESTS; i++)
			ktap_skip(why, "etcd client test %d", i + 1);
		return ktap_finish();
	}
	err = etcd_open(URL "/", &e);
	ktap_check(!err && !strcmp(etcd_url(e), URL), "open (the URL's trailing / is dropped)");
	{
		struct etcd_range r;

		err = etcd_get(e, "/", false, 0, &r);
		ktap_check(err == -ECONNREFUSED, "before etcd starts: %s",
			   etcd_error(e));
	}
	etcd_pid = start_etcd(bin);
	if (etcd_pid < 0 || !wait_etcd(e)) {
		fprintf(stderr, "# etcd did not start: see %s/log\n", dir);
		ktap_check(false, "etcd starts");
		etcd_close(e);
		cleanup();
		return ktap_finish();
	}
	ktap_check(true, "etcd starts");
	test_kv(e);
	test_lease(e);
	test_watch(e);
	test_failures(e);
	etcd_close(e);
	cleanup();
	return ktap_finish();
}
