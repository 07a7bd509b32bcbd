// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * etcd v3 through its JSON gateway.  Each unary call is one HTTP POST on
 * the handle's curl easy handle (which keeps the connection); a watch has
 * its own easy handle in its own multi handle, so that its caller can wait
 * on it with curl_multi_poll() beside other descriptors instead of in a
 * thread of its own.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "etcd.h"

/* A response larger than this is refused (a runaway server). */
#define ETCD_MAX_RESPONSE	(256u << 20)

struct buf {
	char *data;
	size_t len, size;
	bool overflow;
};

struct etcd {
	char *url;
	CURL *curl;
	struct curl_slist *headers;
	long timeout_ms;
	int64_t compact_rev;
	char err[512];
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_rc;

static void curl_init(void)
{
	curl_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

static int __attribute__((format(printf, 3, 4)))
fail(struct etcd *e, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->err, sizeof(e->err), fmt, ap);
	va_end(ap);
	return err;
}

/* ---- base64 ---- */

static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *etcd_b64_encode(const void *data, size_t len)
{
	const unsigned char *p = data;
	char *out = malloc((len + 2) / 3 * 4 + 1), *o = out;
	size_t i;

	if (!out)
		return NULL;
	for (i = 0; i + 2 < len; i += 3) {
		*o++ = b64[p[i] >> 2];
		*o++ = b64[(p[i] & 3) << 4 | p[i + 1] >> 4];
		*o++ = b64[(p[i + 1] & 15) << 2 | p[i + 2] >> 6];
		*o++ = b64[p[i + 2] & 63];
	}
	if (i < len) {
		*o++ = b64[p[i] >> 2];
		if (i + 1 < len) {
			*o++ = b64[(p[i] & 3) << 4 | p[i + 1] >> 4];
			*o++ = b64[(p[i + 1] & 15) << 2];
		} else {
			*o++ = b64[(p[i] & 3) << 4];
			*o++ = '=';
		}
		*o++ = '=';
	}
	*o = '\0';
	return out;
}

static int b64_val(char c)
{
	const char *p = c ? strchr(b64, c) : NULL;

	return p ? (int)(p - b64) : -1;
}

char *etcd_b64_decode(const char *s, size_t *lenp)
{
	size_t n = strlen(s), i, len = 0;
	unsigned int acc = 0;
	int bits = 0;
	char *out;

	while (n && s[n - 1] == '=')
		n--;
	if (strlen(s) % 4 || strlen(s) - n > 2)
		return NULL;
	out = malloc(n * 3 / 4 + 1);
	if (!out)
		return NULL;
	for (i = 0; i < n; i++) {
		int v = b64_val(s[i]);

		if (v < 0) {
			free(out);
			return NULL;
		}
		acc = (acc << 6 | (unsigned int)v) & 0xffffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[len++] = (char)(acc >> bits & 0xff);
		}
	}
	out[len] = '\0';
	if (lenp)
		*lenp = len;
	return out;
}

/* ---- JSON helpers ---- */

static void json_add_str(struct json_object *o, const char *k, const char *v)
{
	json_object_object_add(o, k, json_object_new_string(v));
}

static int json_add_b64(struct json_object *o, const char *k, const char *v,
			size_t len)
{
	char *enc = etcd_b64_encode(v, len);

	if (!enc)
		return -ENOMEM;
	json_add_str(o, k, enc);
	free(enc);
	return 0;
}

/* int64 go as strings (JSON numbers are doubles to many readers). */
static void json_add_i64(struct json_object *o, const char *k, int64_t v)
{
	char s[24];

	snprintf(s, sizeof(s), "%" PRId64, v);
	json_add_str(o, k, s);
}

/* The key just after every key that starts with @key (etcd's range_end). */
static int prefix_end(const char *key, char **endp, size_t *lenp)
{
	size_t n = strlen(key);
	char *end = malloc(n + 1);

	if (!end)
		return -ENOMEM;
	memcpy(end, key, n + 1);
	while (n && (unsigned char)end[n - 1] == 0xff)
		n--;
	if (!n) {
		/* The whole key space: etcd's "\0". */
		end[0] = '\0';
		*endp = end;
		*lenp = 1;
		return 0;
	}
	end[n - 1]++;
	end[n] = '\0';
	*endp = end;
	*lenp = n;
	return 0;
}

static int json_add_prefix_end(struct json_object *o, const char *key)
{
	size_t len;
	char *end;
	int err;

	err = prefix_end(key, &end, &len);
	if (err)
		return err;
	err = json_add_b64(o, "range_end", end, len);
	free(end);
	return err;
}

/* An int64 field: a string, a number, or absent (0, as protobuf). */
static int json_get_i64(struct json_object *o, const char *k, int64_t *v)
{
	struct json_object *f;
	const char *s;
	char *end;

	*v = 0;
	if (!o || !json_object_object_get_ex(o, k, &f) || !f)
		return 0;
	if (json_object_is_type(f, json_type_int)) {
		*v = json_object_get_int64(f);
		return 0;
	}
	if (!json_object_is_type(f, json_type_string))
		return -EPROTO;
	s = json_object_get_string(f);
	errno = 0;
	*v = strtoll(s, &end, 10);
	if (errno || end == s || *end)
		return -EPROTO;
	return 0;
}

static struct json_object *json_get(struct json_object *o, const char *k)
{
	struct json_object *f;

	if (!o || !json_object_object_get_ex(o, k, &f))
		return NULL;
	return f;
}

static bool json_get_bool(struct json_object *o, const char *k)
{
	struct json_object *f = json_get(o, k);

	return f && json_object_get_boolean(f);
}

void etcd_kv_free(struct etcd_kv *kv)
{
	free(kv->key);
	free(kv->value);
	memset(kv, 0, sizeof(*kv));
}

void etcd_range_free(struct etcd_range *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		etcd_kv_free(&r->kvs[i]);
	free(r->kvs);
	memset(r, 0, sizeof(*r));
}

static int kv_from_json(struct json_object *o, struct etcd_kv *kv)
{
	struct json_object *k = json_get(o, "key"), *v = json_get(o, "value");

	memset(kv, 0, sizeof(*kv));
	if (!k || !json_object_is_type(k, json_type_string))
		return -EPROTO;
	kv->key = etcd_b64_decode(json_object_get_string(k), &kv->key_len);
	kv->value = etcd_b64_decode(v ? json_object_get_string(v) : "",
				    &kv->value_len);
	if (!kv->key || !kv->value ||
	    json_get_i64(o, "create_revision", &kv->create_revision) ||
	    json_get_i64(o, "mod_revision", &kv->mod_revision) ||
	    json_get_i64(o, "version", &kv->version) ||
	    json_get_i64(o, "lease", &kv->lease)) {
		etcd_kv_free(kv);
		return -EPROTO;
	}
	return 0;
}

/* ---- HTTP ---- */

static size_t buf_write(char *data, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;
	size_t len = size * n;

	if (b->len + len + 1 > ETCD_MAX_RESPONSE) {
		b->overflow = true;
		return 0;
	}
	if (b->len + len + 1 > b->size) {
		size_t ns = b->size ? b->size : 4096;
		char *nd;

		while (ns < b->len + len + 1)
			ns *= 2;
		nd = realloc(b->data, ns);
		if (!nd)
			return 0;
		b->data = nd;
		b->size = ns;
	}
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return len;
}

static int curl_fail(struct etcd *e, CURLcode rc, const char *what)
{
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
		return fail(e, -ECONNREFUSED, "etcd at %s: connection refused",
			    e->url);
	case CURLE_OPERATION_TIMEDOUT:
		return fail(e, -ETIMEDOUT, "etcd at %s: no answer to %s in %ld ms",
			    e->url, what, e->timeout_ms);
	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_PARTIAL_FILE:
		return fail(e, -ECONNRESET, "etcd at %s: connection lost (%s)",
			    e->url, curl_easy_strerror(rc));
	default:
		return fail(e, -EIO, "etcd at %s: %s", e->url,
			    curl_easy_strerror(rc));
	}
}

/* etcd's error messages that callers act on. */
static int server_error(struct etcd *e, struct json_object *resp, long status)
{
	struct json_object *m = json_get(resp, "message");
	const char *msg;

	if (!m)
		m = json_get(resp, "error");
	msg = m ? json_object_get_string(m) : "";
	if (strstr(msg, "has been compacted"))
		return fail(e, -ERANGE, "etcd: the revision %" PRId64 " has been compacted",
			    e->compact_rev);
	if (strstr(msg, "requested lease not found"))
		return fail(e, -ENOENT, "etcd: the lease does not exist");
	if (strstr(msg, "too many operations in txn"))
		return fail(e, -EIO, "etcd at %s: %s (raise etcd's --max-txn-ops)",
			    e->url, msg);
	if (strstr(msg, "request is too large"))
		return fail(e, -EIO, "etcd at %s: %s (raise etcd's --max-request-bytes)",
			    e->url, msg);
	return fail(e, -EIO, "etcd at %s: HTTP %ld: %s", e->url, status,
		    *msg ? msg : "no message");
}

/*
 * POST @req (consumed) to @path; *@respp gets the parsed answer.  The
 * revision of a compaction error is only known to the caller: it sets
 * e->compact_rev before.
 */
static int call(struct etcd *e, const char *path, struct json_object *req,
		struct json_object **respp)
{
	struct buf b = { 0 };
	char url[1024];
	long status = 0;
	struct json_object *resp;
	CURLcode rc;
	int err = 0;

	*respp = NULL;
	snprintf(url, sizeof(url), "%s%s", e->url, path);
	curl_easy_setopt(e->curl, CURLOPT_URL, url);
	curl_easy_setopt(e->curl, CURLOPT_POSTFIELDS,
			 json_object_to_json_string_ext(req, JSON_C_TO_STRING_PLAIN));
	curl_easy_setopt(e->curl, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(e->curl, CURLOPT_TIMEOUT_MS, e->timeout_ms);
	rc = curl_easy_perform(e->curl);
	/* POSTFIELDS is not copied: req lives until here. */
	curl_easy_setopt(e->curl, CURLOPT_POSTFIELDS, NULL);
	json_object_put(req);
	if (b.overflow) {
		err = fail(e, -EPROTO, "etcd at %s: answer larger than %u bytes",
			   e->url, ETCD_MAX_RESPONSE);
		goto out;
	}
	if (rc != CURLE_OK) {
		err = curl_fail(e, rc, path);
		goto out;
	}
	curl_easy_getinfo(e->curl, CURLINFO_RESPONSE_CODE, &status);
	resp = b.data ? json_tokener_parse(b.data) : NULL;
	if (!resp || !json_object_is_type(resp, json_type_object)) {
		json_object_put(resp);
		err = fail(e, -EPROTO, "etcd at %s: HTTP %ld, not a JSON object from %s",
			   e->url, status, path);
		goto out;
	}
	if (status != 200 || json_get(resp, "error")) {
		err = server_error(e, resp, status);
		json_object_put(resp);
		goto out;
	}
	*respp = resp;
out:
	free(b.data);
	return err;
}

/*
 * OVX_ETCD_TIMEOUT_MS, when set, replaces every request timeout: on a slow
 * machine (the benchmark's TCG guest) a large topology takes etcd longer
 * than the defaults to write or to list.
 */
static long timeout_override(long ms)
{
	const char *s = getenv("OVX_ETCD_TIMEOUT_MS");
	char *end;
	long v;

	if (!s || !*s)
		return ms;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < 1)
		return ms;
	return v;
}

int etcd_open(const char *url, struct etcd **ep)
{
	struct etcd *e;
	size_t n;

	*ep = NULL;
	pthread_once(&curl_once, curl_init);
	if (curl_init_rc != CURLE_OK)
		return -ENOMEM;
	e = calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	n = strlen(url);
	while (n && url[n - 1] == '/')
		n--;
	e->url = strndup(url, n);
	e->curl = curl_easy_init();
	e->headers = curl_slist_append(NULL, "Content-Type: application/json");
	if (!e->url || !e->curl || !e->headers) {
		etcd_close(e);
		return -ENOMEM;
	}
	e->timeout_ms = timeout_override(ETCD_TIMEOUT_MS);
	curl_easy_setopt(e->curl, CURLOPT_HTTPHEADER, e->headers);
	curl_easy_setopt(e->curl, CURLOPT_WRITEFUNCTION, buf_write);
	curl_easy_setopt(e->curl, CURLOPT_CONNECTTIMEOUT_MS, (long)ETCD_CONNECT_MS);
	/* No SIGALRM for timeouts: the agent runs in a thread. */
	curl_easy_setopt(e->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e->curl, CURLOPT_PROTOCOLS_STR, "http,https");
	*ep = e;
	return 0;
}

void etcd_close(struct etcd *e)
{
	if (!e)
		return;
	if (e->curl)
		curl_easy_cleanup(e->curl);
	curl_slist_free_all(e->headers);
	free(e->url);
	free(e);
}

void etcd_set_timeout(struct etcd *e, long ms)
{
	e->timeout_ms = timeout_override(ms);
}

const char *etcd_url(const struct etcd *e)
{
	return e->url;
}

const char *etcd_error(const struct etcd *e)
{
	return e->err;
}

int64_t etcd_compact_revision(const struct etcd *e)
{
	return e->compact_rev;
}

static struct json_object *header_of(struct json_object *resp, int64_t *rev)
{
	struct json_object *h = json_get(resp, "header");

	if (rev)
		json_get_i64(h, "revision", rev);
	return h;
}

/* ---- KV ---- */

int etcd_get(struct etcd *e, const char *key, bool prefix, int64_t revision,
	     struct etcd_range *r)
{
	struct json_object *req = json_object_new_object(), *resp, *kvs;
	size_t i, n;
	int err;

	memset(r, 0, sizeof(*r));
	if (!req)
		return -ENOMEM;
	err = json_add_b64(req, "key", key, strlen(key));
	if (!err && prefix)
		err = json_add_prefix_end(req, key);
	if (err) {
		json_object_put(req);
		return err;
	}
	if (revision)
		json_add_i64(req, "revision", revision);
	e->compact_rev = revision;
	err = call(e, "/v3/kv/range", req, &resp);
	if (err)
		return err;
	header_of(resp, &r->revision);
	kvs = json_get(resp, "kvs");
	n = kvs && json_object_is_type(kvs, json_type_array) ?
		json_object_array_length(kvs) : 0;
	if (n) {
		r->kvs = calloc(n, sizeof(*r->kvs));
		if (!r->kvs) {
			json_object_put(resp);
			return -ENOMEM;
		}
	}
	for (i = 0; i < n; i++) {
		err = kv_from_json(json_object_array_get_idx(kvs, i),
				   &r->kvs[i]);
		if (err) {
			etcd_range_free(r);
			json_object_put(resp);
			return fail(e, err, "etcd at %s: a key of the range is not base64",
				    e->url);
		}
		r->n++;
	}
	json_object_put(resp);
	return 0;
}

int etcd_put(struct etcd *e, const char *key, const char *value, size_t len,
	     int64_t lease, int64_t *revision)
{
	struct json_object *req = json_object_new_object(), *resp;
	int err;

	if (!req)
		return -ENOMEM;
	err = json_add_b64(req, "key", key, strlen(key));
	if (!err)
		err = json_add_b64(req, "value", value, len);
	if (err) {
		json_object_put(req);
		return err;
	}
	if (lease)
		json_add_i64(req, "lease", lease);
	err = call(e, "/v3/kv/put", req, &resp);
	if (err)
		return err;
	header_of(resp, revision);
	json_object_put(resp);
	return 0;
}

int etcd_delete(struct etcd *e, const char *key, bool prefix,
		int64_t *deleted, int64_t *revision)
{
	struct json_object *req = json_object_new_object(), *resp;
	int64_t d;
	int err;

	if (!req)
		return -ENOMEM;
	err = json_add_b64(req, "key", key, strlen(key));
	if (!err && prefix)
		err = json_add_prefix_end(req, key);
	if (err) {
		json_object_put(req);
		return err;
	}
	err = call(e, "/v3/kv/deleterange", req, &resp);
	if (err)
		return err;
	header_of(resp, revision);
	json_get_i64(resp, "deleted", &d);
	if (deleted)
		*deleted = d;
	json_object_put(resp);
	return 0;
}

int etcd_compact(struct etcd *e, int64_t revision)
{
	struct json_object *req = json_object_new_object(), *resp;
	int err;

	if (!req)
		return -ENOMEM;
	json_add_i64(req, "revision", revision);
	json_object_object_add(req, "physical", json_object_new_boolean(1));
	e->compact_rev = revision;
	err = call(e, "/v3/kv/compaction", req, &resp);
	if (err)
		return err;
	json_object_put(resp);
	return 0;
}

static const char *const cmp_target[] = {
	[ETCD_CMP_MOD] = "MOD", [ETCD_CMP_CREATE] = "CREATE",
	[ETCD_CMP_VERSION] = "VERSION", [ETCD_CMP_VALUE] = "VALUE",
};
static const char *const cmp_field[] = {
	[ETCD_CMP_MOD] = "mod_revision", [ETCD_CMP_CREATE] = "create_revision",
	[ETCD_CMP_VERSION] = "version", [ETCD_CMP_VALUE] = "value",
};
static const char *const cmp_result[] = {
	[ETCD_CMP_EQUAL] = "EQUAL", [ETCD_CMP_NOT_EQUAL] = "NOT_EQUAL",
	[ETCD_CMP_GREATER] = "GREATER", [ETCD_CMP_LESS] = "LESS",
};

static int txn_cmp(struct json_object *arr, const struct etcd_cmp *c)
{
	struct json_object *o = json_object_new_object();
	int err;

	if (!o)
		return -ENOMEM;
	json_object_array_add(arr, o);
	err = json_add_b64(o, "key", c->key, strlen(c->key));
	if (err)
		return err;
	json_add_str(o, "target", cmp_target[c->target]);
	json_add_str(o, "result", cmp_result[c->result]);
	if (c->target == ETCD_CMP_VALUE)
		return json_add_b64(o, "value", c->value, strlen(c->value));
	json_add_i64(o, cmp_field[c->target], c->number);
	return 0;
}

static int txn_op(struct json_object *arr, const struct etcd_op *op)
{
	struct json_object *o = json_object_new_object(), *r;
	int err;

	r = json_object_new_object();
	if (!o || !r) {
		json_object_put(o);
		json_object_put(r);
		return -ENOMEM;
	}
	json_object_array_add(arr, o);
	json_object_object_add(o, op->del ? "request_delete_range" :
			       "request_put", r);
	err = json_add_b64(r, "key", op->key, strlen(op->key));
	if (err)
		return err;
	if (op->del)
		return op->prefix ? json_add_prefix_end(r, op->key) : 0;
	if (op->lease)
		json_add_i64(r, "lease", op->lease);
	return json_add_b64(r, "value", op->value, strlen(op->value));
}

int etcd_txn(struct etcd *e, const struct etcd_cmp *cmp, size_t n_cmp,
	     const struct etcd_op *ops, size_t n_ops, bool *succeeded,
	     int64_t *revision)
{
	struct json_object *req = json_object_new_object(), *resp, *ca, *sa;
	size_t i;
	int err = 0;

	ca = json_object_new_array();
	sa = json_object_new_array();
	if (!req || !ca || !sa) {
		json_object_put(req);
		json_object_put(ca);
		json_object_put(sa);
		return -ENOMEM;
	}
	json_object_object_add(req, "compare", ca);
	json_object_object_add(req, "success", sa);
	for (i = 0; !err && i < n_cmp; i++)
		err = txn_cmp(ca, &cmp[i]);
	for (i = 0; !err && i < n_ops; i++)
		err = txn_op(sa, &ops[i]);
	if (err) {
		json_object_put(req);
		return err;
	}
	err = call(e, "/v3/kv/txn", req, &resp);
	if (err)
		return err;
	header_of(resp, revision);
	*succeeded = json_get_bool(resp, "succeeded");
	json_object_put(resp);
	return 0;
}

/* ---- leases ---- */

int etcd_lease_grant(struct etcd *e, int64_t ttl, int64_t *id)
{
	struct json_object *req = json_object_new_object(), *resp;
	int err;

	if (!req)
		return -ENOMEM;
	json_add_i64(req, "TTL", ttl);
	err = call(e, "/v3/lease/grant", req, &resp);
	if (err)
		return err;
	json_get_i64(resp, "ID", id);
	if (!*id) {
		json_object_put(resp);
		return fail(e, -EPROTO, "etcd at %s: lease grant without an ID",
			    e->url);
	}
	json_object_put(resp);
	return 0;
}

int etcd_lease_keepalive(struct etcd *e, int64_t id, int64_t *ttl)
{
	struct json_object *req = json_object_new_object(), *resp, *res;
	int err;

	if (!req)
		return -ENOMEM;
	json_add_i64(req, "ID", id);
	err = call(e, "/v3/lease/keepalive", req, &resp);
	if (err)
		return err;
	/* A stream of one message: {"result": {...}}. */
	res = json_get(resp, "result");
	json_get_i64(res ? res : resp, "TTL", ttl);
	json_object_put(resp);
	/* etcd answers an expired lease's keep-alive with TTL 0. */
	if (*ttl <= 0)
		return fail(e, -ENOENT, "etcd: the lease %" PRIx64 " has expired",
			    (uint64_t)id);
	return 0;
}

int etcd_lease_revoke(struct etcd *e, int64_t id)
{
	struct json_object *req = json_object_new_object(), *resp;
	int err;

	if (!req)
		return -ENOMEM;
	json_add_i64(req, "ID", id);
	err = call(e, "/v3/lease/revoke", req, &resp);
	if (err)
		return err;
	json_object_put(resp);
	return 0;
}

/* ---- watch ---- */

struct etcd_watch {
	struct etcd *e;
	CURLM *multi;
	CURL *curl;
	char *body;
	struct json_tokener *tok;
	etcd_watch_cb cb;
	void *arg;
	int64_t start;
	bool created;
	int result;		/* set when the stream says it ends */
};

static int watch_message(struct etcd_watch *w, struct json_object *msg)
{
	struct json_object *res = json_get(msg, "result"), *evs;
	struct etcd_event *ev = NULL;
	int64_t rev = 0, compact = 0;
	size_t i, n = 0;
	int err = 0;

	if (!res) {
		struct json_object *er = json_get(msg, "error");

		return server_error(w->e, er ? er : msg, 200);
	}
	header_of(res, &rev);
	json_get_i64(res, "compact_revision", &compact);
	if (compact) {
		w->e->compact_rev = w->start;
		return fail(w->e, -ERANGE,
			    "etcd: the revision %" PRId64 " has been compacted (up to %" PRId64 ")",
			    w->start, compact);
	}
	if (json_get_bool(res, "canceled")) {
		struct json_object *r = json_get(res, "cancel_reason");

		return fail(w->e, -ECONNRESET, "etcd at %s: watch canceled: %s",
			    w->e->url, r ? json_object_get_string(r) : "no reason");
	}
	if (json_get_bool(res, "created"))
		w->created = true;
	evs = json_get(res, "events");
	if (evs && json_object_is_type(evs, json_type_array))
		n = json_object_array_length(evs);
	if (!n)
		return 0;
	ev = calloc(n, sizeof(*ev));
	if (!ev)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(evs, i);
		struct json_object *t = json_get(o, "type");

		/* PUT is 0, protobuf's default: absent. */
		ev[i].deleted = t && !strcmp(json_object_get_string(t), "DELETE");
		err = kv_from_json(json_get(o, "kv"), &ev[i].kv);
		if (err) {
			err = fail(w->e, err, "etcd at %s: a watch event without a key",
				   w->e->url);
			n = i;
			goto out;
		}
	}
	err = w->cb(w->arg, rev, ev, n);
	/* The next message may restart from after this revision. */
	w->start = rev + 1;
out:
	for (i = 0; i < n; i++)
		etcd_kv_free(&ev[i].kv);
	free(ev);
	return err;
}

static size_t watch_write(char *data, size_t size, size_t nmemb, void *arg)
{
	struct etcd_watch *w = arg;
	size_t len = size * nmemb, off = 0;

	if (w->result)
		return 0;
	/* One JSON object a message; json_tokener reads them as they come. */
	while (off < len) {
		struct json_object *msg;
		size_t used;

		msg = json_tokener_parse_ex(w->tok, data + off, (int)(len - off));
		used = json_tokener_get_parse_end(w->tok);
		if (!msg) {
			enum json_tokener_error je = json_tokener_get_error(w->tok);

			if (je == json_tokener_continue)
				return len;
			w->result = fail(w->e, -EPROTO, "etcd at %s: bad watch message: %s",
					 w->e->url, json_tokener_error_desc(je));
			return 0;
		}
		off += used ? used : len - off;
		json_tokener_reset(w->tok);
		w->result = watch_message(w, msg);
		json_object_put(msg);
		if (w->result)
			return 0;
		/* Separators between messages. */
		while (off < len && (data[off] == '\n' || data[off] == '\r' ||
				     data[off] == ' '))
			off++;
	}
	return len;
}

int etcd_watch_start(struct etcd *e, const char *prefix, int64_t start,
		     etcd_watch_cb cb, void *arg, struct etcd_watch **wp)
{
	struct json_object *req, *cr;
	struct etcd_watch *w;
	char url[1024];
	int err;

	*wp = NULL;
	w = calloc(1, sizeof(*w));
	req = json_object_new_object();
	cr = json_object_new_object();
	if (!w || !req || !cr) {
		free(w);
		json_object_put(req);
		json_object_put(cr);
		return -ENOMEM;
	}
	json_object_object_add(req, "create_request", cr);
	err = json_add_b64(cr, "key", prefix, strlen(prefix));
	if (!err)
		err = json_add_prefix_end(cr, prefix);
	if (start)
		json_add_i64(cr, "start_revision", start);
	if (!err) {
		w->body = strdup(json_object_to_json_string_ext(req,
						JSON_C_TO_STRING_PLAIN));
		if (!w->body)
			err = -ENOMEM;
	}
	json_object_put(req);
	w->e = e;
	w->cb = cb;
	w->arg = arg;
	w->start = start;
	w->tok = json_tokener_new();
	w->multi = curl_multi_init();
	w->curl = curl_easy_init();
	if (!err && (!w->tok || !w->multi || !w->curl))
		err = -ENOMEM;
	if (err) {
		etcd_watch_stop(w);
		return err;
	}
	snprintf(url, sizeof(url), "%s/v3/watch", e->url);
	curl_easy_setopt(w->curl, CURLOPT_URL, url);
	curl_easy_setopt(w->curl, CURLOPT_HTTPHEADER, e->headers);
	curl_easy_setopt(w->curl, CURLOPT_POSTFIELDS, w->body);
	curl_easy_setopt(w->curl, CURLOPT_WRITEFUNCTION, watch_write);
	curl_easy_setopt(w->curl, CURLOPT_WRITEDATA, w);
	curl_easy_setopt(w->curl, CURLOPT_CONNECTTIMEOUT_MS, (long)ETCD_CONNECT_MS);
	curl_easy_setopt(w->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(w->curl, CURLOPT_PROTOCOLS_STR, "http,https");
	/*
	 * The stream has no end and no timeout; a peer that vanished
	 * without a reset is found by TCP keep-alive.
	 */
	curl_easy_setopt(w->curl, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(w->curl, CURLOPT_TCP_KEEPIDLE, 5L);
	curl_easy_setopt(w->curl, CURLOPT_TCP_KEEPINTVL, 2L);
	curl_multi_add_handle(w->multi, w->curl);
	*wp = w;
	return 0;
}

bool etcd_watch_created(const struct etcd_watch *w)
{
	return w->created;
}

int etcd_watch_poll(struct etcd_watch *w, struct curl_waitfd *extra,
		    unsigned int n_extra, int timeout_ms)
{
	struct CURLMsg *m;
	int running = 0, left;
	CURLMcode mc;

	mc = curl_multi_poll(w->multi, extra, n_extra, timeout_ms, NULL);
	if (mc != CURLM_OK)
		return fail(w->e, -EIO, "etcd watch: %s", curl_multi_strerror(mc));
	mc = curl_multi_perform(w->multi, &running);
	if (mc != CURLM_OK)
		return fail(w->e, -EIO, "etcd watch: %s", curl_multi_strerror(mc));
	if (w->result)
		return w->result;
	while ((m = curl_multi_info_read(w->multi, &left))) {
		long status = 0;

		if (m->msg != CURLMSG_DONE)
			continue;
		if (w->result)
			return w->result;
		if (m->data.result != CURLE_OK) {
			w->result = curl_fail(w->e, m->data.result, "watch");
			return w->result;
		}
		curl_easy_getinfo(w->curl, CURLINFO_RESPONSE_CODE, &status);
		w->result = fail(w->e, -ECONNRESET,
				 "etcd at %s: the watch ended (HTTP %ld)",
				 w->e->url, status);
		return w->result;
	}
	return 0;
}

void etcd_watch_stop(struct etcd_watch *w)
{
	if (!w)
		return;
	if (w->multi && w->curl)
		curl_multi_remove_handle(w->multi, w->curl);
	if (w->curl)
		curl_easy_cleanup(w->curl);
	if (w->multi)
		curl_multi_cleanup(w->multi);
	if (w->tok)
		json_tokener_free(w->tok);
	free(w->body);
	free(w);
}
