// SPDX-License-Identifier: GPL-2.0-only
/*
 * The forwarder of one switch (dns.h): queries ovxd cannot answer go to
 * the upstream resolvers, one after another when one stays silent, and
 * their answers are cached.
 *
 * Replies come over UDP from anywhere that can reach our port, so one is
 * believed only from the address its query was sent to, with that query's
 * id (random, unique among those in flight) and question.  What a flood
 * may cost is bounded: queries in flight (max_pending), cache entries
 * (least recently used evicted), and bytes per entry (DNS_MSG_MAX).
 *
 * Upstream queries carry our own header and OPT RR, not the client's:
 * the client's id, RD bit and EDNS0 buffer size are kept with the query and
 * applied to the reply, whose OPT RR is replaced by ours (or removed for a
 * client without EDNS0).  The DO bit is not forwarded: answers are
 * cached without DNSSEC records, for every client alike.
 */
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "dns.h"
#include "dns_wire.h"

#define FWD_UPS_MAX		8
#define FWD_TRY_MS		1000	/* per upstream */
#define FWD_PENDING_LIMIT	4096
#define FWD_CACHE_LIMIT		65536
/*
 * Positive answers: an hour.  Queries leave from one port per family, so
 * only their 16-bit id guards the cache that all the switch's guests
 * share: a shorter life bounds what a spoofed answer can poison.
 */
#define FWD_TTL_MAX		3600
#define FWD_NEG_TTL_MAX		300	/* negative ones (RFC 2308 says 3 h) */
#define FWD_INPUT_BATCH		64	/* datagrams per dns_fwd_input() */
#define NONE			UINT32_MAX

int64_t dns_fwd_test_clock_ms;

struct pending {
	bool used;
	uint16_t id;			/* ours, upstream */
	unsigned int tries;		/* index of the upstream asked */
	int64_t deadline;
	struct sockaddr_storage to;	/* where the query went */
	struct dns_query qy;		/* the client's: id, RD, EDNS0 */
	uint8_t client[DNS_CLIENT_MAX];
	size_t client_len;
};

struct centry {
	bool used;
	uint32_t hnext, prev, next;	/* hash chain, LRU list */
	uint8_t key[DNS_NAME_MAX];	/* lowercase */
	size_t klen;
	uint16_t qtype, qclass;
	uint8_t *msg;			/* normalized upstream answer */
	size_t len;
	int64_t stored, expires;	/* ms */
};

struct dns_fwd {
	unsigned int cache_max, pending_max;
	struct sockaddr_storage ups[FWD_UPS_MAX];
	unsigned int n_ups;
	int fd4, fd6;
	struct pending *pend;
	unsigned int n_pend;
	uint16_t *by_id;		/* 65536: pending index + 1, 0 none */
	struct centry *cache;
	uint32_t *buckets, nbuckets;
	uint32_t lru_head, lru_tail, free_head;
	unsigned int n_cached;
	struct dns_fwd_stats st;
};

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 +
	       dns_fwd_test_clock_ms;
}

static socklen_t sa_len(const struct sockaddr_storage *ss)
{
	return ss->ss_family == AF_INET ? sizeof(struct sockaddr_in) :
					  sizeof(struct sockaddr_in6);
}

static bool sa_eq(const struct sockaddr_storage *a,
		  const struct sockaddr_storage *b)
{
	if (a->ss_family != b->ss_family)
		return false;
	if (a->ss_family == AF_INET) {
		const struct sockaddr_in *x = (const void *)a, *y = (const void *)b;

		return x->sin_port == y->sin_port &&
		       x->sin_addr.s_addr == y->sin_addr.s_addr;
	}
	if (a->ss_family == AF_INET6) {
		const struct sockaddr_in6 *x = (const void *)a,
					  *y = (const void *)b;

		return x->sin6_port == y->sin6_port &&
		       !memcmp(&x->sin6_addr, &y->sin6_addr, 16) &&
		       x->sin6_scope_id == y->sin6_scope_id;
	}
	return false;
}

/* ---- the cache ---- */

static uint32_t key_hash(const uint8_t *key, size_t klen, uint16_t qtype,
			 uint16_t qclass)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < klen; i++)
		h = (h ^ key[i]) * 16777619u;
	h = (h ^ qtype) * 16777619u;
	return (h ^ qclass) * 16777619u;
}

static void lru_unlink(struct dns_fwd *f, uint32_t i)
{
	struct centry *e = &f->cache[i];

	if (e->prev != NONE)
		f->cache[e->prev].next = e->next;
	else
		f->lru_head = e->next;
	if (e->next != NONE)
		f->cache[e->next].prev = e->prev;
	else
		f->lru_tail = e->prev;
	e->prev = e->next = NONE;
}

static void lru_push(struct dns_fwd *f, uint32_t i)
{
	struct centry *e = &f->cache[i];

	e->prev = NONE;
	e->next = f->lru_head;
	if (f->lru_head != NONE)
		f->cache[f->lru_head].prev = i;
	f->lru_head = i;
	if (f->lru_tail == NONE)
		f->lru_tail = i;
}

static uint32_t cache_find(const struct dns_fwd *f, const uint8_t *key,
			   size_t klen, uint16_t qtype, uint16_t qclass)
{
	uint32_t i;

	if (!f->nbuckets)
		return NONE;
	i = f->buckets[key_hash(key, klen, qtype, qclass) & (f->nbuckets - 1)];
	for (; i != NONE; i = f->cache[i].hnext) {
		const struct centry *e = &f->cache[i];

		if (e->qtype == qtype && e->qclass == qclass &&
		    e->klen == klen && !memcmp(e->key, key, klen))
			return i;
	}
	return NONE;
}

static void cache_remove(struct dns_fwd *f, uint32_t i)
{
	struct centry *e = &f->cache[i];
	uint32_t *pp = &f->buckets[key_hash(e->key, e->klen, e->qtype,
					    e->qclass) & (f->nbuckets - 1)];

	while (*pp != i)
		pp = &f->cache[*pp].hnext;
	*pp = e->hnext;
	lru_unlink(f, i);
	free(e->msg);
	memset(e, 0, sizeof(*e));
	e->prev = e->next = NONE;
	e->hnext = f->free_head;
	f->free_head = i;
	f->n_cached--;
}

static void cache_flush(struct dns_fwd *f)
{
	while (f->lru_head != NONE)
		cache_remove(f, f->lru_head);
}

static void cache_put(struct dns_fwd *f, const struct dns_question *q,
		      const uint8_t *msg, size_t len, uint32_t ttl,
		      int64_t now)
{
	uint8_t key[DNS_NAME_MAX];
	struct centry *e;
	uint8_t *copy;
	uint32_t i, b;

	if (!f->cache_max)
		return;
	memcpy(key, q->name, q->nlen);
	dns_name_lower(key, q->nlen);
	copy = malloc(len);
	if (!copy)
		return;
	memcpy(copy, msg, len);
	i = cache_find(f, key, q->nlen, q->qtype, q->qclass);
	if (i != NONE)
		cache_remove(f, i);
	if (f->free_head == NONE) {
		cache_remove(f, f->lru_tail);
		f->st.evicted++;
	}
	i = f->free_head;
	e = &f->cache[i];
	f->free_head = e->hnext;
	e->used = true;
	memcpy(e->key, key, q->nlen);
	e->klen = q->nlen;
	e->qtype = q->qtype;
	e->qclass = q->qclass;
	e->msg = copy;
	e->len = len;
	e->stored = now;
	e->expires = now + (int64_t)ttl * 1000;
	b = key_hash(key, q->nlen, q->qtype, q->qclass) & (f->nbuckets - 1);
	e->hnext = f->buckets[b];
	f->buckets[b] = i;
	lru_push(f, i);
	f->n_cached++;
}

/* ---- messages ---- */

static uint32_t rr_ttl(const uint8_t *p)
{
	uint32_t ttl = dns_get32(p);

	return ttl > INT32_MAX ? 0 : ttl;	/* RFC 2181 8 */
}

/*
 * A reply from upstream, checked record by record, into @out without its
 * OPT RR.  @ttl: how long it may be cached, 0 not at all.
 * Return: 0, or -1 when malformed.
 */
static int normalize(const uint8_t *m, size_t len, uint8_t *out,
		     size_t *outlen, struct dns_question *q, uint32_t *ttl)
{
	unsigned int an, ns, ar, i, rcode, ext = 0, opt_idx = 0;
	uint32_t pos_ttl = UINT32_MAX, neg_ttl = UINT32_MAX;
	size_t off = DNS_HDR_LEN, opt = 0, opt_end = 0, q_end;
	uint16_t flags;
	bool soa = false;

	if (len < DNS_HDR_LEN)
		return -1;
	flags = dns_get16(m + 2);
	if (!(flags & DNS_F_QR) || DNS_OPCODE(flags) || dns_get16(m + 4) != 1)
		return -1;
	an = dns_get16(m + 6);
	ns = dns_get16(m + 8);
	ar = dns_get16(m + 10);
	if (dns_name_get(m, len, &off, false, q->name, &q->nlen) ||
	    len - off < 4)
		return -1;
	q->qtype = dns_get16(m + off);
	q->qclass = dns_get16(m + off + 2);
	off += 4;
	q_end = off;
	for (i = 0; i < an + ns + ar; i++) {
		uint8_t name[DNS_NAME_MAX];
		size_t rr = off, nlen, rdlen, rd;
		uint16_t type;

		if (dns_name_get(m, len, &off, true, name, &nlen) ||
		    len - off < 10)
			return -1;
		type = dns_get16(m + off);
		rdlen = dns_get16(m + off + 8);
		if (len - off - 10 < rdlen)
			return -1;
		rd = off + 10;
		if (i < an && rr_ttl(m + off + 4) < pos_ttl)
			pos_ttl = rr_ttl(m + off + 4);
		if (i >= an && i < an + ns && type == DNS_T_SOA) {
			size_t s = rd;

			if (dns_name_get(m, rd + rdlen, &s, true, name, &nlen) ||
			    dns_name_get(m, rd + rdlen, &s, true, name, &nlen) ||
			    rd + rdlen - s != 20)
				return -1;
			soa = true;
			neg_ttl = rr_ttl(m + off + 4);
			if (rr_ttl(m + s + 16) < neg_ttl)
				neg_ttl = rr_ttl(m + s + 16);
		}
		if (i >= an + ns && type == DNS_T_OPT) {
			if (opt_end)
				return -1;
			opt = rr;
			opt_end = rd + rdlen;
			opt_idx = i - an - ns;
			ext = m[off + 4];
		}
		off = rd + rdlen;
	}
	/* Bytes after the records are not ours to pass on. */
	memcpy(out, m, off);
	*outlen = off;
	if (opt_end) {
		/*
		 * Records after the OPT may point into each other: moving them
		 * would break those pointers.  Additional records are optional,
		 * so they go with it (the OPT is last anyway but for TSIG).
		 */
		*outlen = opt;
		dns_put16(out + 10, opt_idx);
	}

	rcode = DNS_RCODE(flags) | ext << 4;
	*ttl = 0;
	if (ext) {
		/*
		 * An extended RCODE lives in the OPT RR we remove, and we sent
		 * nothing (version 0, no options) that deserves one: what the
		 * client would see is a lie, so it gets SERVFAIL.
		 */
		dns_put16(out + 2, (flags & ~0xf) | DNS_R_SERVFAIL);
		memset(out + 6, 0, 6);
		*outlen = q_end;
		return 0;
	}
	if ((flags & DNS_F_TC) ||
	    (rcode != DNS_R_NOERROR && rcode != DNS_R_NXDOMAIN))
		return 0;
	if (an == 0 || rcode == DNS_R_NXDOMAIN) {
		if (!soa)
			return 0;
		if (neg_ttl > FWD_NEG_TTL_MAX)
			neg_ttl = FWD_NEG_TTL_MAX;
		if (neg_ttl < pos_ttl)
			pos_ttl = neg_ttl;
	}
	*ttl = pos_ttl > FWD_TTL_MAX ? FWD_TTL_MAX : pos_ttl;
	return 0;
}

/* Subtracts @age seconds from the TTL of every record but OPT. */
static void age_ttls(uint8_t *m, size_t len, uint32_t age)
{
	unsigned int n, i;
	size_t off = DNS_HDR_LEN;
	uint8_t name[DNS_NAME_MAX];
	size_t nlen;

	n = dns_get16(m + 6) + dns_get16(m + 8) + dns_get16(m + 10);
	if (dns_name_get(m, len, &off, false, name, &nlen) || len - off < 4)
		return;
	off += 4;
	for (i = 0; i < n; i++) {
		if (dns_name_get(m, len, &off, true, name, &nlen) ||
		    len - off < 10)
			return;
		if (dns_get16(m + off) != DNS_T_OPT) {
			uint32_t ttl = rr_ttl(m + off + 4);

			dns_put32(m + off + 4, ttl > age ? ttl - age : 0);
		}
		off += 10 + dns_get16(m + off + 8);
		if (off > len)
			return;
	}
}

/*
 * A normalized answer @m as @qy's client gets it: its id, its RD bit, the
 * question with its case (0x20), our OPT RR if it sent one, truncated to
 * its buffer.
 */
static size_t for_client(const struct dns_query *qy, const uint8_t *m,
			 size_t len, uint32_t age, uint8_t *out)
{
	uint16_t flags = dns_get16(m + 2);
	size_t olen = len + (qy->edns ? 11 : 0);

	if (olen > dns_query_bufsize(qy))
		return dns_build_short(out, qy, DNS_F_TC | (flags & DNS_F_AA),
				       DNS_RCODE(flags));
	memcpy(out, m, len);
	dns_put16(out, qy->id);
	dns_put16(out + 2, (flags & ~DNS_F_RD) | (qy->flags & DNS_F_RD));
	/* Same length: the question matched case-insensitively. */
	memcpy(out + DNS_HDR_LEN, qy->q.name, qy->q.nlen);
	if (age)
		age_ttls(out, len, age);
	if (qy->edns) {
		dns_put_opt(out + len, DNS_EDNS_SIZE, 0);
		dns_put16(out + 10, dns_get16(out + 10) + 1);
	}
	return olen;
}

/* ---- queries in flight ---- */

static int fwd_socket(struct dns_fwd *f, int family)
{
	int *fd = family == AF_INET ? &f->fd4 : &f->fd6;
	struct sockaddr_storage ss = { .ss_family = family };
	int one = 1;

	if (*fd >= 0)
		return 0;
	*fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (*fd < 0)
		return -errno;
	if ((family == AF_INET6 &&
	     setsockopt(*fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one))) ||
	    bind(*fd, (struct sockaddr *)&ss, sa_len(&ss))) {
		int err = -errno;

		close(*fd);
		*fd = -1;
		return err;
	}
	return 0;
}

static int send_query(struct dns_fwd *f, struct pending *p)
{
	uint8_t buf[DNS_HDR_LEN + DNS_NAME_MAX + 4 + 11], *q;
	const struct sockaddr_storage *to = &f->ups[p->tries];
	int fd = to->ss_family == AF_INET ? f->fd4 : f->fd6;

	dns_put16(buf, p->id);
	dns_put16(buf + 2, DNS_F_RD);
	dns_put16(buf + 4, 1);
	dns_put16(buf + 6, 0);
	dns_put16(buf + 8, 0);
	dns_put16(buf + 10, 1);
	q = buf + DNS_HDR_LEN;
	memcpy(q, p->qy.q.name, p->qy.q.nlen);
	q += p->qy.q.nlen;
	dns_put16(q, p->qy.q.qtype);
	dns_put16(q + 2, p->qy.q.qclass);
	dns_put_opt(q + 4, DNS_EDNS_SIZE, 0);
	p->to = *to;
	if (sendto(fd, buf, q + 15 - buf, 0, (const struct sockaddr *)to,
		   sa_len(to)) < 0)
		return -1;
	f->st.sent++;
	return 0;
}

static void pending_free(struct dns_fwd *f, struct pending *p)
{
	f->by_id[p->id] = 0;
	p->used = false;
	f->n_pend--;
}

/* Asks upstreams from the p->tries'th on; false when none took it. */
static bool pending_send(struct dns_fwd *f, struct pending *p, int64_t now)
{
	for (; p->tries < f->n_ups; p->tries++) {
		if (!send_query(f, p)) {
			p->deadline = now + FWD_TRY_MS;
			return true;
		}
	}
	return false;
}

static void servfail(struct dns_fwd *f, struct pending *p, dns_reply_fn reply,
		     void *arg)
{
	uint8_t out[DNS_MSG_MAX];
	size_t len = dns_build_short(out, &p->qy, 0, DNS_R_SERVFAIL);

	f->st.servfail++;
	reply(arg, p->client, p->client_len, out, len);
}

static uint16_t new_id(const struct dns_fwd *f)
{
	uint16_t id = 0;
	int i;

	for (i = 0; i < 16; i++) {
		if (getrandom(&id, sizeof(id), GRND_NONBLOCK) != sizeof(id))
			id ^= (uint16_t)now_ms();
		if (!f->by_id[id])
			return id;
	}
	/* Fewer than 65536 in flight: a free one is near. */
	while (f->by_id[id])
		id++;
	return id;
}

/* ---- the interface ---- */

struct dns_fwd *dns_fwd_new(unsigned int cache_entries,
			    unsigned int max_pending)
{
	struct dns_fwd *f;
	uint32_t i;

	if (!max_pending || max_pending > FWD_PENDING_LIMIT ||
	    cache_entries > FWD_CACHE_LIMIT) {
		errno = EINVAL;
		return NULL;
	}
	f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	f->fd4 = f->fd6 = -1;
	f->cache_max = cache_entries;
	f->pending_max = max_pending;
	f->lru_head = f->lru_tail = f->free_head = NONE;
	for (f->nbuckets = cache_entries ? 1 : 0;
	     f->nbuckets && f->nbuckets < cache_entries; f->nbuckets <<= 1)
		;
	f->pend = calloc(max_pending, sizeof(*f->pend));
	f->by_id = calloc(65536, sizeof(*f->by_id));
	f->cache = calloc(cache_entries ? cache_entries : 1, sizeof(*f->cache));
	f->buckets = malloc((f->nbuckets ? f->nbuckets : 1) *
			    sizeof(*f->buckets));
	if (!f->pend || !f->by_id || !f->cache || !f->buckets) {
		dns_fwd_free(f);
		errno = ENOMEM;
		return NULL;
	}
	for (i = 0; i < f->nbuckets; i++)
		f->buckets[i] = NONE;
	for (i = cache_entries; i-- > 0;) {
		f->cache[i].prev = f->cache[i].next = NONE;
		f->cache[i].hnext = f->free_head;
		f->free_head = i;
	}
	return f;
}

void dns_fwd_free(struct dns_fwd *f)
{
	if (!f)
		return;
	if (f->cache && f->buckets)
		cache_flush(f);
	if (f->fd4 >= 0)
		close(f->fd4);
	if (f->fd6 >= 0)
		close(f->fd6);
	free(f->pend);
	free(f->by_id);
	free(f->cache);
	free(f->buckets);
	free(f);
}

int dns_fwd_set_upstreams(struct dns_fwd *f,
			  const struct sockaddr_storage *ups, unsigned int n)
{
	struct sockaddr_storage list[FWD_UPS_MAX];
	bool same;
	unsigned int i;
	int err;

	if (n > FWD_UPS_MAX)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		struct sockaddr_in *s4 = (void *)&list[i];
		struct sockaddr_in6 *s6 = (void *)&list[i];

		memset(&list[i], 0, sizeof(list[i]));
		if (ups[i].ss_family == AF_INET) {
			memcpy(s4, &ups[i], sizeof(*s4));
			if (!s4->sin_port)
				s4->sin_port = htons(53);
		} else if (ups[i].ss_family == AF_INET6) {
			memcpy(s6, &ups[i], sizeof(*s6));
			if (!s6->sin6_port)
				s6->sin6_port = htons(53);
		} else {
			return -EAFNOSUPPORT;
		}
		err = fwd_socket(f, list[i].ss_family);
		if (err)
			return err;
	}
	same = n == f->n_ups;
	for (i = 0; same && i < n; i++)
		same = sa_eq(&list[i], &f->ups[i]);
	if (same)
		return 0;
	/* Other resolvers may see other names. */
	cache_flush(f);
	memcpy(f->ups, list, n * sizeof(list[0]));
	f->n_ups = n;
	return 0;
}

enum dns_verdict dns_fwd_query(struct dns_fwd *f, const uint8_t *q,
			       size_t qlen, const void *client,
			       size_t client_len, uint8_t *out,
			       size_t *outlen, struct svc_counters *c)
{
	uint8_t key[DNS_NAME_MAX];
	struct dns_query qy;
	struct pending *p;
	int64_t now = now_ms();
	uint32_t i;

	if (client_len > DNS_CLIENT_MAX || qlen < DNS_HDR_LEN ||
	    (dns_get16(q + 2) & (DNS_F_QR | 0x7800)) ||
	    dns_parse_query(q, qlen, &qy))
		goto drop;

	memcpy(key, qy.q.name, qy.q.nlen);
	dns_name_lower(key, qy.q.nlen);
	i = cache_find(f, key, qy.q.nlen, qy.q.qtype, qy.q.qclass);
	if (i != NONE && f->cache[i].expires <= now) {
		cache_remove(f, i);
		i = NONE;
	}
	if (i != NONE) {
		struct centry *e = &f->cache[i];

		*outlen = for_client(&qy, e->msg, e->len,
				     (now - e->stored) / 1000, out);
		lru_unlink(f, i);
		lru_push(f, i);
		c->dns_cache_hits++;
		return DNS_REPLY;
	}

	if (f->n_pend >= f->pending_max)
		goto drop;
	for (i = 0; f->pend[i].used; i++)
		;
	p = &f->pend[i];
	memset(p, 0, sizeof(*p));
	p->used = true;
	p->id = new_id(f);
	p->qy = qy;
	if (client_len)
		memcpy(p->client, client, client_len);
	p->client_len = client_len;
	f->by_id[p->id] = i + 1;
	f->n_pend++;
	if (!pending_send(f, p, now)) {
		/* No upstream, or none reachable: say so at once. */
		pending_free(f, p);
		*outlen = dns_build_short(out, &qy, 0, DNS_R_SERVFAIL);
		f->st.servfail++;
		c->dns_servfail++;
		return DNS_REPLY;
	}
	c->dns_forwarded++;
	return DNS_FORWARD;
drop:
	c->dns_dropped++;
	return DNS_DROP;
}

int dns_fwd_fds(const struct dns_fwd *f, int fds[2])
{
	int n = 0;

	if (f->fd4 >= 0)
		fds[n++] = f->fd4;
	if (f->fd6 >= 0)
		fds[n++] = f->fd6;
	return n;
}

static void input_one(struct dns_fwd *f, const uint8_t *m, size_t len,
		      const struct sockaddr_storage *from, dns_reply_fn reply,
		      void *arg)
{
	uint8_t norm[DNS_MSG_MAX], out[DNS_MSG_MAX];
	struct dns_question q;
	struct pending *p;
	size_t nlen, olen;
	uint32_t ttl;
	uint16_t slot;

	slot = len >= 2 ? f->by_id[dns_get16(m)] : 0;
	if (!slot)
		goto ignore;
	p = &f->pend[slot - 1];
	if (!sa_eq(from, &p->to) || normalize(m, len, norm, &nlen, &q, &ttl) ||
	    q.qtype != p->qy.q.qtype || q.qclass != p->qy.q.qclass ||
	    !dns_name_eq(q.name, q.nlen, p->qy.q.name, p->qy.q.nlen))
		goto ignore;
	if (ttl)
		cache_put(f, &q, norm, nlen, ttl, now_ms());
	olen = for_client(&p->qy, norm, nlen, 0, out);
	reply(arg, p->client, p->client_len, out, olen);
	pending_free(f, p);
	return;
ignore:
	f->st.ignored++;
}

void dns_fwd_input(struct dns_fwd *f, int fd, dns_reply_fn reply, void *arg)
{
	uint8_t buf[DNS_MSG_MAX];
	int i;

	for (i = 0; i < FWD_INPUT_BATCH; i++) {
		struct sockaddr_storage from;
		socklen_t fl = sizeof(from);
		ssize_t n;

		memset(&from, 0, sizeof(from));
		n = recvfrom(fd, buf, sizeof(buf), MSG_DONTWAIT | MSG_TRUNC,
			     (struct sockaddr *)&from, &fl);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		if ((size_t)n > sizeof(buf)) {
			f->st.ignored++;	/* cut: no use to anyone */
			continue;
		}
		input_one(f, buf, n, &from, reply, arg);
	}
}

int dns_fwd_tick(struct dns_fwd *f, dns_reply_fn reply, void *arg)
{
	int64_t now = now_ms(), next = -1;
	unsigned int i;

	for (i = 0; i < f->pending_max && f->n_pend; i++) {
		struct pending *p = &f->pend[i];

		if (!p->used)
			continue;
		if (p->deadline <= now) {
			p->tries++;
			if (!pending_send(f, p, now)) {
				servfail(f, p, reply, arg);
				pending_free(f, p);
				continue;
			}
		}
		if (next < 0 || p->deadline - now < next)
			next = p->deadline - now;
	}
	return next > INT_MAX ? INT_MAX : (int)next;
}

unsigned int dns_fwd_cached(const struct dns_fwd *f)
{
	int64_t now = now_ms();
	unsigned int n = 0;
	uint32_t i;

	for (i = f->lru_head; i != NONE; i = f->cache[i].next)
		n += f->cache[i].expires > now;
	return n;
}

void dns_fwd_get_stats(const struct dns_fwd *f, struct dns_fwd_stats *st)
{
	*st = f->st;
}
