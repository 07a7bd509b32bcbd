/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What dns.c and dnsfwd.c share about the wire format, and the hooks
 * their unit tests use.  Private to svc/dns*.c and cli/test/svc_dns_test.c.
 */
#ifndef OVX_SVC_DNS_WIRE_H
#define OVX_SVC_DNS_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns.h"

#define DNS_HDR_LEN	12
#define DNS_NAME_MAX	255	/* a name on the wire, root label included */
/* Presentation form: every byte may become "\DDD"; see dns_name_text(). */
#define DNS_TEXT_MAX	1024
#define DNS_EDNS_SIZE	1232	/* what we advertise: no IP fragments */

#define DNS_T_A		1
#define DNS_T_NS	2
#define DNS_T_SOA	6
#define DNS_T_PTR	12
#define DNS_T_AAAA	28
#define DNS_T_OPT	41
#define DNS_T_ANY	255
#define DNS_C_IN	1

#define DNS_F_QR	0x8000
#define DNS_F_AA	0x0400
#define DNS_F_TC	0x0200
#define DNS_F_RD	0x0100
#define DNS_F_RA	0x0080
#define DNS_OPCODE(f)	(((f) >> 11) & 0xf)
#define DNS_RCODE(f)	((f) & 0xf)

#define DNS_R_NOERROR	0
#define DNS_R_FORMERR	1
#define DNS_R_SERVFAIL	2
#define DNS_R_NXDOMAIN	3
#define DNS_R_NOTIMP	4
#define DNS_R_REFUSED	5
#define DNS_R_BADVERS	16	/* extended: needs an OPT RR */

static inline uint16_t dns_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t dns_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline void dns_put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static inline void dns_put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

/* A question, its name uncompressed and with the case it was sent in. */
struct dns_question {
	uint8_t name[DNS_NAME_MAX];
	size_t nlen;			/* root label included */
	uint16_t qtype, qclass;
};

/* What a query asks, and of the answer's form (EDNS0). */
struct dns_query {
	uint16_t id, flags;
	struct dns_question q;
	bool edns;
	uint16_t edns_size;		/* as sent */
	uint8_t edns_version;
};

/*
 * dns_name_get() - read the name at *@off of @m into @name (uncompressed)
 * @ptr_ok: follow compression pointers; each must point before the run
 *	    of labels it ends, so that no loop can be built
 * Return: 0, *@off past the name where it is in the message; -1 malformed.
 */
int dns_name_get(const uint8_t *m, size_t len, size_t *off, bool ptr_ok,
		 uint8_t name[DNS_NAME_MAX], size_t *nlen);

/* Case-insensitive (ASCII only, RFC 4343) equality of wire names. */
bool dns_name_eq(const uint8_t *a, size_t alen, const uint8_t *b,
		 size_t blen);

/* Lowercase a wire name in place (ASCII letters of labels only). */
void dns_name_lower(uint8_t *name, size_t nlen);

/*
 * dns_parse_query() - header, the single question (no pointers), the
 * answer and authority sections skipped, at most one OPT RR in the
 * additional section.  Does not look at the opcode.
 * Return: 0, or -1 when malformed.
 */
int dns_parse_query(const uint8_t *m, size_t len, struct dns_query *qy);

/* Skips the RR at *@off. Return: 0, or -1 when malformed. */
int dns_skip_rr(const uint8_t *m, size_t len, size_t *off);

/* The UDP payload size a query's sender takes, at most DNS_MSG_MAX. */
size_t dns_query_bufsize(const struct dns_query *qy);

/*
 * dns_build_short() - a reply without records: header, the question of
 * @qy, and an OPT RR when @qy had one.  @flags is or-ed into QR, RD (from
 * @qy) and RA.  Return: its length (always fits DNS_MSG_MAX).
 */
size_t dns_build_short(uint8_t *out, const struct dns_query *qy,
		       uint16_t flags, unsigned int rcode);

/* An OPT RR (no options) at @p: 11 bytes. */
void dns_put_opt(uint8_t *p, uint16_t size, unsigned int rcode);

/*
 * Tests only: milliseconds added to CLOCK_MONOTONIC by the forwarder,
 * so that timeouts and TTLs can be tested without sleeping.
 */
extern int64_t dns_fwd_test_clock_ms;

/* What the forwarder saw that the counters of a network cannot hold. */
struct dns_fwd_stats {
	uint64_t ignored;	/* replies not matching a query in flight */
	uint64_t servfail;	/* SERVFAIL given: no upstream answered */
	uint64_t evicted;	/* cache entries dropped for room */
	uint64_t sent;		/* datagrams sent upstream */
};

void dns_fwd_get_stats(const struct dns_fwd *f, struct dns_fwd_stats *st);

#endif
