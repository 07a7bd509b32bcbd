/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small etcd v3 client over etcd's JSON gateway (etcd 3.4: /v3/kv/...,
 * /v3/lease/..., /v3/watch), on libcurl and json-c.  Keys and values are
 * byte strings here (base64 on the wire), revisions and lease IDs int64
 * (strings on the wire).
 *
 * Every call has a timeout.  Calls return 0, or a negative errno value
 * with a message for humans in etcd_error():
 *   -ECONNREFUSED  etcd does not answer at its URL (refused, unreachable)
 *   -ETIMEDOUT     no answer in time
 *   -ERANGE        the revision asked for has been compacted
 *                  (etcd_compact_revision() says up to which)
 *   -ENOENT        the lease does not exist (expired or revoked)
 *   -EPROTO        an answer this client does not understand
 *   -EIO           etcd refused the request (its message is kept)
 *   -ENOMEM
 *
 * A struct etcd is for one thread at a time.
 */
#ifndef OVX_ETCD_H
#define OVX_ETCD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <curl/curl.h>

struct etcd;

/* Default timeout of a request, and of the connection. */
#define ETCD_TIMEOUT_MS		5000
#define ETCD_CONNECT_MS		2000

int etcd_open(const char *url, struct etcd **ep);
void etcd_close(struct etcd *e);
void etcd_set_timeout(struct etcd *e, long ms);
const char *etcd_url(const struct etcd *e);
const char *etcd_error(const struct etcd *e);
int64_t etcd_compact_revision(const struct etcd *e);

struct etcd_kv {
	char *key;			/* NUL-terminated */
	size_t key_len;
	char *value;			/* NUL-terminated, may hold NULs */
	size_t value_len;
	int64_t create_revision;
	int64_t mod_revision;
	int64_t version;
	int64_t lease;
};

struct etcd_range {
	int64_t revision;		/* of the store when it was read */
	size_t n;
	struct etcd_kv *kvs;
};

void etcd_kv_free(struct etcd_kv *kv);
void etcd_range_free(struct etcd_range *r);

/*
 * Read @key, or every key beginning with @key when @prefix, at @revision
 * (0: the newest).
 */
int etcd_get(struct etcd *e, const char *key, bool prefix, int64_t revision,
	     struct etcd_range *r);

/* Store @value (@len bytes) at @key, under @lease (0: none). */
int etcd_put(struct etcd *e, const char *key, const char *value, size_t len,
	     int64_t lease, int64_t *revision);

/* Delete @key (or the keys with that prefix); @deleted may be NULL. */
int etcd_delete(struct etcd *e, const char *key, bool prefix,
		int64_t *deleted, int64_t *revision);

/* Compact the history up to @revision. */
int etcd_compact(struct etcd *e, int64_t revision);

/* A transaction: if every compare holds, do the operations. */
enum etcd_cmp_target { ETCD_CMP_MOD, ETCD_CMP_CREATE, ETCD_CMP_VERSION,
		       ETCD_CMP_VALUE };
enum etcd_cmp_result { ETCD_CMP_EQUAL, ETCD_CMP_NOT_EQUAL, ETCD_CMP_GREATER,
		       ETCD_CMP_LESS };

struct etcd_cmp {
	const char *key;
	enum etcd_cmp_target target;
	enum etcd_cmp_result result;
	int64_t number;			/* MOD, CREATE, VERSION */
	const char *value;		/* VALUE (a string) */
};

struct etcd_op {
	bool del;			/* else put */
	bool prefix;			/* del: the keys with this prefix */
	const char *key;
	const char *value;		/* put: a string */
	int64_t lease;
};

/*
 * Returns 0 whether the compares held or not: *@succeeded says which, and
 * *@revision is the store's revision after it.
 */
int etcd_txn(struct etcd *e, const struct etcd_cmp *cmp, size_t n_cmp,
	     const struct etcd_op *ops, size_t n_ops, bool *succeeded,
	     int64_t *revision);

int etcd_lease_grant(struct etcd *e, int64_t ttl, int64_t *id);
/* Renew @id; *@ttl is what is left.  -ENOENT when it has expired. */
int etcd_lease_keepalive(struct etcd *e, int64_t id, int64_t *ttl);
int etcd_lease_revoke(struct etcd *e, int64_t id);

/*
 * A watch of a prefix from a revision: a streaming response, one JSON
 * object a message, read by curl's multi interface so that the caller
 * waits on it together with its own file descriptors (etcd_watch_poll()).
 */
struct etcd_event {
	bool deleted;			/* else a put */
	struct etcd_kv kv;		/* of a delete: the key and revision */
};

/*
 * Called for each message with events: @revision is the store's.  A
 * non-zero return stops the watch and is returned by etcd_watch_poll().
 */
typedef int (*etcd_watch_cb)(void *arg, int64_t revision,
			     const struct etcd_event *ev, size_t n);

struct etcd_watch;

int etcd_watch_start(struct etcd *e, const char *prefix, int64_t start,
		     etcd_watch_cb cb, void *arg, struct etcd_watch **wp);
/*
 * Wait up to @timeout_ms for the watch or one of @extra (their revents
 * are set, as poll() does), then handle what etcd sent.  Returns 0 while
 * the watch goes on; -ERANGE when its start has been compacted; -ECONNRESET
 * (or another error of the list above) when it ended: start another.
 */
int etcd_watch_poll(struct etcd_watch *w, struct curl_waitfd *extra,
		    unsigned int n_extra, int timeout_ms);
/* Whether etcd confirmed the watch (it is established). */
bool etcd_watch_created(const struct etcd_watch *w);
void etcd_watch_stop(struct etcd_watch *w);

/* base64 (RFC 4648), for the tests too.  malloc'd; NULL on bad input. */
char *etcd_b64_encode(const void *data, size_t len);
char *etcd_b64_decode(const char *s, size_t *len);

#endif /* OVX_ETCD_H */
