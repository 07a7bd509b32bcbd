/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * DNS for guests: authoritative answers for the names of a network's
 * ports (dns.c), and a forwarder with a cache for every other name
 * (dnsfwd.c).  Messages here are DNS payloads: ovxd does the framing.
 */
#ifndef OVX_SVC_DNS_H
#define OVX_SVC_DNS_H

#include <sys/socket.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "svc.h"

#define DNS_MSG_MAX	4096	/* largest message handled either way */
#define DNS_UDP_MIN	512	/* a client without EDNS0 takes this much */

/*
 * What ovxd knows about names, asked by dns_answer().  Names are in
 * lowercase, without the final dot.
 */
struct dns_zone {
	void *arg;
	/*
	 * Whether @name is at or below a domain that @net answers for with
	 * authority (its own domain, and those of the networks it may see).
	 */
	bool (*is_local)(void *arg, const struct svc_net *net,
			 const char *name);
	/*
	 * The addresses of @name, a port's FQDN.  Return: false when no port
	 * of a visible network has that name.
	 */
	bool (*lookup_name)(void *arg, const struct svc_net *net,
			    const char *name, struct in_addr *v4,
			    unsigned int *n4, struct in6_addr *v6,
			    unsigned int *n6, unsigned int max);
	/*
	 * The FQDN of the port that has address @addr (AF_INET: 4 bytes,
	 * AF_INET6: 16), into @name of @size bytes.  Return: false when
	 * no port of a visible network has it.
	 */
	bool (*lookup_addr)(void *arg, const struct svc_net *net, int family,
			    const void *addr, char *name, size_t size);
};

enum dns_verdict {
	DNS_DROP = -1,		/* malformed or not a query: counted, no reply */
	DNS_REPLY = 0,		/* @out holds the reply */
	DNS_FORWARD = 1,	/* not ours: give it to the forwarder */
};

/*
 * dns_answer() - answer a guest's query from the zone
 * @q, @qlen: the query (UDP payload)
 * @out: DNS_MSG_MAX bytes; @outlen: its length on DNS_REPLY
 *
 * A, AAAA and PTR (in-addr.arpa and ip6.arpa of ports' addresses) are
 * answered with authority; any other type for a local name gets an empty
 * answer (NODATA), an unknown local name NXDOMAIN with an SOA for negative
 * caching.  Replies are truncated (TC) to the client's buffer: 512 bytes,
 * or its EDNS0 payload size, which is echoed.  Counts into @c.
 */
enum dns_verdict dns_answer(const struct dns_zone *zone,
			    const struct svc_net *net, const uint8_t *q,
			    size_t qlen, uint8_t *out, size_t *outlen,
			    struct svc_counters *c);

/*
 * dns_client_bufsize() - the UDP payload size the sender of @q accepts
 * (512 without EDNS0; EDNS0 values below 512 count as 512). 0 when @q is
 * malformed.
 */
size_t dns_client_bufsize(const uint8_t *q, size_t qlen);

/*
 * The forwarder of one switch: sends queries to its upstream resolvers
 * (in turn when one does not answer), matches replies to queries (source
 * address, id and question), caches answers for their TTL and negative
 * answers for their SOA minimum (RFC 2308), both capped, in a cache of
 * bounded size (least recently used evicted).  The number of queries in
 * flight is bounded too: beyond it, queries are dropped and counted.
 */
struct dns_fwd;

/* An opaque description of who asked, returned with the reply. */
#define DNS_CLIENT_MAX	96

typedef void (*dns_reply_fn)(void *arg, const void *client,
			     size_t client_len, const uint8_t *msg,
			     size_t len);

struct dns_fwd *dns_fwd_new(unsigned int cache_entries,
			    unsigned int max_pending);
void dns_fwd_free(struct dns_fwd *f);

/*
 * dns_fwd_set_upstreams() - where queries go (AF_INET/AF_INET6 sockaddrs,
 * port 53 unless given); replaces the list.  0 upstreams: every forwarded
 * query is answered SERVFAIL at once.  Return: 0 or -errno.
 */
int dns_fwd_set_upstreams(struct dns_fwd *f,
			  const struct sockaddr_storage *ups, unsigned int n);

/*
 * dns_fwd_query() - forward @q for @client
 * Return: DNS_REPLY with @out/@outlen filled from the cache (id
 * rewritten, TTLs aged, truncated to the client's buffer), DNS_FORWARD
 * when sent upstream (the reply comes through dns_fwd_input() or
 * dns_fwd_tick()), DNS_DROP when malformed or too many in flight.
 * Counts dns_forwarded / dns_cache_hits / dns_dropped into @c.
 */
enum dns_verdict dns_fwd_query(struct dns_fwd *f, const uint8_t *q,
			       size_t qlen, const void *client,
			       size_t client_len, uint8_t *out,
			       size_t *outlen, struct svc_counters *c);

/* The sockets to poll for input (up to 2); returns how many. */
int dns_fwd_fds(const struct dns_fwd *f, int fds[2]);

/*
 * dns_fwd_input() - read replies from @fd, cache them, and hand each one,
 * with the client's id and truncated to its buffer, to @reply.
 */
void dns_fwd_input(struct dns_fwd *f, int fd, dns_reply_fn reply, void *arg);

/*
 * dns_fwd_tick() - retry queries that timed out on the next upstream, and
 * answer SERVFAIL (through @reply) to those no upstream answered.
 * Return: milliseconds until it should be called again, -1 for never.
 */
int dns_fwd_tick(struct dns_fwd *f, dns_reply_fn reply, void *arg);

/* Entries in the cache, for the status report. */
unsigned int dns_fwd_cached(const struct dns_fwd *f);

#endif
