// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Unit tests of ovxd's DNS: dns_answer() against a fake zone (answers,
 * negative answers, EDNS0, truncation, malformed and mutated queries), and
 * the forwarder against fake upstreams, UDP sockets of this test on
 * 127.0.0.1 (matching of replies, cache, TTLs, timeouts, bounds).  Time is
 * moved forward through dns_fwd_test_clock_ms instead of sleeping.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "svc/dns.h"
#include "svc/dns_wire.h"
#include "ktap.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- building and reading messages, independently of the code ---- */

/* "a.b.c" to wire labels at @p; returns the length.  No checks. */
static size_t put_name(uint8_t *p, const char *text)
{
	size_t n = 0;

	while (*text) {
		const char *dot = strchr(text, '.');
		size_t l = dot ? (size_t)(dot - text) : strlen(text);

		p[n] = l;
		memcpy(p + n + 1, text, l);
		n += 1 + l;
		text += l + (dot ? 1 : 0);
	}
	p[n++] = 0;
	return n;
}

static void put16(uint8_t *p, unsigned int v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

static unsigned int get16(const uint8_t *p)
{
	return p[0] << 8 | p[1];
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

/* A query; @edns 0: no OPT RR.  Returns its length. */
static size_t mkquery(uint8_t *b, uint16_t id, uint16_t flags,
		      const char *name, uint16_t qtype, uint16_t qclass,
		      unsigned int edns, uint8_t version)
{
	size_t n;

	memset(b, 0, 12);
	put16(b, id);
	put16(b + 2, flags);
	put16(b + 4, 1);
	put16(b + 10, edns ? 1 : 0);
	n = 12 + put_name(b + 12, name);
	put16(b + n, qtype);
	put16(b + n + 2, qclass);
	n += 4;
	if (edns) {
		b[n] = 0;
		put16(b + n + 1, 41);
		put16(b + n + 3, edns);
		b[n + 5] = 0;
		b[n + 6] = version;
		put16(b + n + 7, 0);
		put16(b + n + 9, 0);
		n += 11;
	}
	return n;
}

struct rr {
	uint16_t type, rclass;
	uint32_t ttl;
	size_t owner, rdata, rdlen;
};

struct msg {
	uint16_t id, flags;
	unsigned int qd, an, ns, ar;
	size_t qoff, qend;
	struct rr rr[128];
	unsigned int nrr;
};

/* Skips a name, stopping at a pointer; -1 when it runs out. */
static int skip_name(const uint8_t *m, size_t len, size_t *off)
{
	while (*off < len) {
		uint8_t c = m[*off];

		if (c == 0) {
			(*off)++;
			return 0;
		}
		if (c >= 0xc0) {
			*off += 2;
			return *off <= len ? 0 : -1;
		}
		*off += 1 + c;
	}
	return -1;
}

static int parse(const uint8_t *m, size_t len, struct msg *r)
{
	size_t off = 12;
	unsigned int i;

	memset(r, 0, sizeof(*r));
	if (len < 12)
		return -1;
	r->id = get16(m);
	r->flags = get16(m + 2);
	r->qd = get16(m + 4);
	r->an = get16(m + 6);
	r->ns = get16(m + 8);
	r->ar = get16(m + 10);
	r->qoff = off;
	for (i = 0; i < r->qd; i++) {
		if (skip_name(m, len, &off) || len - off < 4)
			return -1;
		off += 4;
	}
	r->qend = off;
	for (i = 0; i < r->an + r->ns + r->ar; i++) {
		struct rr *rr = &r->rr[i];

		if (i >= ARRAY_SIZE(r->rr))
			return -1;
		rr->owner = off;
		if (skip_name(m, len, &off) || len - off < 10)
			return -1;
		rr->type = get16(m + off);
		rr->rclass = get16(m + off + 2);
		rr->ttl = get32(m + off + 4);
		rr->rdlen = get16(m + off + 8);
		rr->rdata = off + 10;
		off += 10 + rr->rdlen;
		if (off > len)
			return -1;
	}
	r->nrr = i;
	return off == len ? 0 : -1;
}

/* A (possibly compressed) name at @off as "a.b.c". */
static void name_text(const uint8_t *m, size_t len, size_t off, char *out)
{
	int hops = 0;

	*out = '\0';
	while (off < len && m[off] && hops < 20) {
		if (m[off] >= 0xc0) {
			off = (m[off] & 0x3f) << 8 | m[off + 1];
			hops++;
			continue;
		}
		if (*out)
			strcat(out, ".");
		strncat(out, (const char *)m + off + 1, m[off]);
		off += 1 + m[off];
	}
}

/* ---- the fake zone ---- */

static char last_lookup[DNS_TEXT_MAX];
static int lookups;

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix) &&
	       (a == b || s[a - b - 1] == '.');
}

static bool z_is_local(void *arg, const struct svc_net *net, const char *name)
{
	(void)arg;
	(void)net;
	return ends_with(name, "net1.internal") ||
	       ends_with(name, "net2.internal");
}

static bool z_lookup_name(void *arg, const struct svc_net *net,
			  const char *name, struct in_addr *v4,
			  unsigned int *n4, struct in6_addr *v6,
			  unsigned int *n6, unsigned int max)
{
	unsigned int i;

	(void)arg;
	(void)net;
	lookups++;
	snprintf(last_lookup, sizeof(last_lookup), "%s", name);
	*n4 = *n6 = 0;
	if (!strcmp(name, "vm1.net1.internal")) {
		inet_pton(AF_INET, "10.0.0.5", &v4[0]);
		inet_pton(AF_INET, "10.0.0.6", &v4[1]);
		inet_pton(AF_INET6, "fd00::5", &v6[0]);
		*n4 = 2;
		*n6 = 1;
		return true;
	}
	if (!strcmp(name, "v6only.net1.internal")) {
		inet_pton(AF_INET6, "fd00::7", &v6[0]);
		*n6 = 1;
		return true;
	}
	if (!strcmp(name, "noaddr.net1.internal"))
		return true;
	if (!strcmp(name, "big.net1.internal")) {
		for (i = 0; i < 40 && i < max; i++) {
			inet_pton(AF_INET6, "fd00::100", &v6[i]);
			v6[i].s6_addr[15] = i;
		}
		*n6 = i;
		return true;
	}
	if (!strcmp(name, "vm9.net2.internal")) {
		inet_pton(AF_INET, "10.1.0.9", &v4[0]);
		*n4 = 1;
		return true;
	}
	return false;
}

static bool z_lookup_addr(void *arg, const struct svc_net *net, int family,
			  const void *addr, char *name, size_t size)
{
	struct in_addr a4;
	struct in6_addr a6;

	(void)arg;
	(void)net;
	inet_pton(AF_INET, "10.0.0.5", &a4);
	inet_pton(AF_INET6, "fd00::5", &a6);
	if ((family == AF_INET && !memcmp(addr, &a4, 4)) ||
	    (family == AF_INET6 && !memcmp(addr, &a6, 16))) {
		snprintf(name, size, "vm1.net1.internal");
		return true;
	}
	return false;
}

static const struct dns_zone zone = {
	.is_local = z_is_local,
	.lookup_name = z_lookup_name,
	.lookup_addr = z_lookup_addr,
};

static struct svc_net net1 = { .name = "net1", .domain = "net1.internal" };

/* Runs dns_answer() on a heap copy of exactly @len bytes (ASan sees). */
static enum dns_verdict ask(const uint8_t *q, size_t len, uint8_t *out,
			    size_t *outlen, struct svc_counters *c)
{
	uint8_t *copy = malloc(len ? len : 1);
	enum dns_verdict v;

	memcpy(copy, q, len);
	*outlen = 0;
	v = dns_answer(&zone, &net1, copy, len, out, outlen, c);
	free(copy);
	return v;
}

static bool qecho(const uint8_t *q, size_t qlen, const uint8_t *r,
		  const struct msg *m)
{
	struct msg qm;

	if (parse(q, qlen, &qm) || m->qd != 1)
		return false;
	return m->qend - m->qoff == qm.qend - qm.qoff &&
	       !memcmp(q + qm.qoff, r + m->qoff, qm.qend - qm.qoff);
}

static void test_local_answers(void)
{
	uint8_t q[DNS_MSG_MAX], out[DNS_MSG_MAX];
	struct svc_counters c = { 0 };
	struct in_addr a4;
	struct msg m;
	size_t qlen, len;
	char text[DNS_TEXT_MAX];
	enum dns_verdict v;

	qlen = mkquery(q, 0xbeef, DNS_F_RD, "vm1.net1.internal", DNS_T_A, 1, 0, 0);
	v = ask(q, qlen, out, &len, &c);
	ktap_check(v == DNS_REPLY && !parse(out, len, &m) && m.id == 0xbeef &&
		   (m.flags & DNS_F_QR) && (m.flags & DNS_F_AA) &&
		   (m.flags & DNS_F_RA) && (m.flags & DNS_F_RD) &&
		   !(m.flags & DNS_F_TC) && DNS_RCODE(m.flags) == 0 &&
		   m.an == 2 && m.ns == 0 && m.ar == 0 && qecho(q, qlen, out, &m),
		   "A of a port: two answers, id, QR AA RA RD, question echoed");
	inet_pton(AF_INET, "10.0.0.6", &a4);
	ktap_check(m.an == 2 && m.rr[0].type == DNS_T_A && m.rr[0].ttl == 30 &&
		   m.rr[0].rdlen == 4 && m.rr[1].rdlen == 4 &&
		   !memcmp(out + m.rr[1].rdata, &a4, 4) &&
		   (name_text(out, len, m.rr[0].owner, text),
		    !strcmp(text, "vm1.net1.internal")),
		   "A records: TTL 30, the port's addresses, its name as owner");
	ktap_check(c.dns_queries == 1 && c.dns_local == 1 && !c.dns_nxdomain &&
		   !c.dns_malformed, "counted as a local answer");

	qlen = mkquery(q, 2, 0, "vm1.net1.internal", DNS_T_AAAA, 1, 0, 0);
	v = ask(q, qlen, out, &len, &c);
	ktap_check(v == DNS_REPLY && !parse(out, len, &m) && m.an == 1 &&
		   m.rr[0].type == DNS_T_AAAA && m.rr[0].rdlen == 16 &&
		   out[m.rr[0].rdata] == 0xfd && out[m.rr[0].rdata + 15] == 5 &&
		   !(m.flags & DNS_F_RD), "AAAA of a port; RD clear stays clear");

	qlen = mkquery(q, 3, 0, "vm1.net1.internal", DNS_T_ANY, 1, 0, 0);
	v = ask(q, qlen, out, &len, &c);
	ktap_check(v == DNS_REPLY && !parse(out, len, &m) && m.an == 3,
		   "ANY of a port: its A and AAAA records");

	qlen = mkquery(q, 4, 0, "VM1.Net1.INTERNAL", DNS_T_A, 1, 0, 0);
	v = ask(q, qlen, out, &len, &c);
	ktap_check(v == DNS_REPLY && !parse(out, len, &m) && m.an == 2 &&
		   !strcmp(last_lookup, "vm1.net1.internal") &&
		   qecho(q, qlen, out, &m),
		   "case-insensitive: zone asked in lowercase, question echoed as sent");

	qlen = mkquery(q, 5, 0, "vm9.net2.internal", DNS_T_A, 1, 0, 0);
	v = ask(q, qlen, out, &len, &c);
	ktap_check(v == DNS_REPLY && !parse(out, len, &m) && m.an == 1,
		   "a port of another visible network");
}

/* The SOA in authority of a negative answer: owner, minimum. */
static bool neg_soa(const uint8_t *out, size_t len, const struct msg *m,
		    const char *apex)
{
	char text[DNS_TEXT_MAX];
	size_t off;

	if (m->an || m->ns != 1 || m->rr[0].type != DNS_T_SOA ||
	    m->rr[0].ttl != 30)
		return false;
	name_text(out, len, m->rr[0].owner, text);
	if (strcmp(text, apex))
		return false;
	off = m->rr[0].rdata;
	if (skip_name(out, len, &off) || skip_name(out, len, &off))
		return false;
	return off + 20 == m->rr[0].rdata + m->rr[0].rdlen &&
	       get32(out + off + 16) == 30;
}

static void test_negative(void)
{
	uint8_t q[DNS_MSG_MAX], out[DNS_MSG_MAX];
	struct svc_counters c = { 0 };
	struct msg m;
	size_t qlen, len;
	char text[DNS_TEXT_MAX];
	enum dns_verdict v;

	qlen = mkquery(q, 7, 0, "nosuch.net1.internal", DNS_T_A, 1, 0, 0);
	v = ask(q, qlen, out, &len, &c);
	ktap_check(v == DNS_REPLY && !parse(out, len, &m) &&
		   DNS_RCODE(m.flags) == DNS_R_NXDOMAIN && (m.flags & DNS_F_AA) &&
		   neg_soa(out, len, &m, "net1.internal") && c.dns_nxdomain == 1,
		   "unknown local name: NXDOMAIN, SOA of the apex, minimum 30");

	qlen = mkquery(q, 8, 0, "v6only.net1.internal", DNS_T_A, 1, 0, 0);
	v = ask(q, qlen, out, &len, &c);
	ktap_check(v == DNS_REPLY && !parse(out, len, &m) &&
		   DNS_RCODE(m.flags) == 0 && neg_soa(out, len, &m, "net1.internal"),
		   "A of a port with only IPv6: NODATA with SOA");

	qlen = mkquery(q, 9, 0, "noaddr.net1.internal", DNS_T_AAAA, 1, 0, 0);
	v = ask(q, qlen, out, &len, &c);
	ktap_check(v == DNS_REPLY && !parse(out, len, &m) &&
		   DNS_RCODE(m.flags) == 0 && neg_soa(out, len, &m, "net1.internal"),
		   "AAAA of a port without addresses: NODATA");

	qlen = mkquery(q, 10, 0, "vm1.net1.internal", 15 /* MX */, 1, 0, 0);
	v = ask(q, qlen, out, &len, &c);
	ktap_check(v == DNS_REPLY && !parse(out, len, &m) &&
		   DNS_RCODE(m.flags) == 0 && neg_soa(out, len, &m, "net1.internal"),
		   "MX of a port: NODATA");

	qlen = mkquery(q, 11, 0, "net1.internal", DNS_T_SOA, 1, 0, 0);
	v = ask(q, qlen, out, &len, &c);
	ktap_check(v == DNS_REPLY && !parse(out, len, &m) && m.an == 1 &&
		   m.rr[0].type == DNS_T_SOA && (m.flags & DNS_F_AA) &&
		   (name_text(out, len, m.rr[0].owner, text),
		    !strcmp(text, "net1.internal")),
		   "SOA of the apex answered");

	qlen = mkquery(q, 12, 0, "Net1.Internal", DNS_T_A, 1, 0, 0);
	v = ask(q, qlen, out, &len, &c);
	ktap_check(v == DNS_REPLY && !parse(out, len, &m) &&
		   DNS_RCODE(m.flags) == 0 && neg_soa(out, len, &m, "Net1.Internal"),
		   "A of the apex: NODATA (the apex exists)");

	qlen = mkquery(q, 13, 0, "a.b.net2.internal", DNS_T_A, 1, 0, 0);
	v = ask(q, qlen, out, &len, &c);
	ktap_check(v == DNS_REPLY && !parse(out, len, &m) &&
		   DNS_RCODE(m.flags) == DNS_R_NXDOMAIN &&
		   neg_soa(out, len, &m, "net2.internal"),
		   "deeper unknown name: NXDOMAIN with the SOA of its own apex");

	qlen = mkquery(q, 14, 0, "net1.internal", 252 /* AXFR */, 1, 0, 0);
	v = ask(q, qlen, out, &len, &c);
	ktap_check(v == DNS_REPLY && !parse(out, len, &m) &&
		   DNS_RCODE(m.flags) == DNS_R_NOTIMP && m.an == 0,
		   "AXFR of a local zone: NOTIMP");

	/* "vm1.net1" as one label must not be taken for two. */
	memcpy(q + 12, "\010vm1.net1\010internal\0\0\1\0\1", 23);
	qlen = 12 + 23;
	lookups = 0;
	v = ask(q, qlen, out, &len, &c);
	ktap_check(v == DNS_FORWARD && lookups == 0,
		   "a dot inside a label: not a port's name, not given to the zone");
}

static void rev6(char *out, const char *addr)
{
	struct in6_addr a;
	int i;

	inet_pton(AF_INET6, addr, &a);
	*out = '\0';
	for (i = 15; i >= 0; i--)
		sprintf(out + strlen(out), "%x.%x.", a.s6_addr[i] & 0xf,
			a.s6_addr[i] >> 4);
	strcat(out, "ip6.arpa");
}

static void test_ptr_and_forward(void)
{
	uint8_t q[DNS_MSG_MAX], out[DNS_MSG_MAX];
	struct svc_counters c = { 0 };
	struct msg m;
	size_t qlen, len;
	char text[DNS_TEXT_MAX], name[256];
	enum dns_verdict v;

	qlen = mkquery(q, 20, 0, "5.0.0.10.in-addr.arpa", DNS_T_PTR, 1, 0, 0);
	v = ask(q, qlen, out, &len, &c);
	ktap_check(v == DNS_REPLY && !parse(out, len, &m) && m.an == 1 &&
		   m.rr[0].type == DNS_T_PTR && (m.flags & DNS_F_AA) &&
		   (name_text(out, len, m.rr[0].rdata, text),
		    !strcmp(text, "vm1.net1.internal")),
		   "PTR of a port's IPv4 address");

	rev6(name, "fd00::5");
	qlen = mkquery(q, 21, 0, name, DNS_T_PTR, 1, 0, 0);
	v = ask(q, qlen, out, &len, &c);
	ktap_check(v == DNS_REPLY && !parse(out, len, &m) && m.an == 1 &&
		   (name_text(out, len, m.rr[0].rdata, text),
		    !strcmp(text, "vm1.net1.internal")),
		   "PTR of a port's IPv6 address (32 nibbles)");

	/* Upper-case nibbles are the same name. */
	rev6(name, "fd00::5");
	for (len = 0; name[len]; len++)
		if (name[len] >= 'a' && name[len] <= 'f')
			name[len] -= 'a' - 'A';
	qlen = mkquery(q, 22, 0, name, DNS_T_PTR, 1, 0, 0);
	v = ask(q, qlen, out, &len, &c);
	ktap_check(v == DNS_REPLY && !parse(out, len, &m) && m.an == 1,
		   "PTR in ip6.arpa with upper-case nibbles");

	{
		static const char *const fwd[] = {
			"9.9.9.10.in-addr.arpa",	/* no such port */
			"0.0.10.in-addr.arpa",		/* a zone, not an address */
			"05.0.0.10.in-addr.arpa",	/* leading zero */
			"5.0.0.010.in-addr.arpa",
			"256.0.0.10.in-addr.arpa",
			"5.0.0.10.0.in-addr.arpa",
			"0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.ip6.arpa",
			"example.com",
			"internal",
			"xnet1.internal",
		};
		unsigned int i, bad = 0;

		for (i = 0; i < ARRAY_SIZE(fwd); i++) {
			qlen = mkquery(q, 23, 0, fwd[i],
				       strstr(fwd[i], "arpa") ? DNS_T_PTR : DNS_T_A,
				       1, 0, 0);
			v = ask(q, qlen, out, &len, &c);
			if (v != DNS_FORWARD) {
				bad++;
				ktap_diag("%s: verdict %d", fwd[i], v);
			}
		}
		ktap_check(!bad, "unknown or not-ours names are forwarded (%u cases)",
			   i);
	}
	qlen = mkquery(q, 24, 0, "vm1.net1.internal", DNS_T_A, 3 /* CH */, 0, 0);
	ktap_check(ask(q, qlen, out, &len, &c) == DNS_FORWARD,
		   "class CH is forwarded");
	ktap_check(c.dns_local == 3 && c.dns_malformed == 0,
		   "forwarded queries are not counted as local (%llu)",
		   (unsigned long long)c.dns_local);
}

static void test_edns_tc(void)
{
	uint8_t q[DNS_MSG_MAX], out[DNS_MSG_MAX];
	struct svc_counters c = { 0 };
	struct msg m;
	size_t qlen, len;
	enum dns_verdict v;
	static const struct {
		unsigned int edns, want;
	} sizes[] = {
		{ 0, 512 }, { 1, 512 }, { 511, 512 }, { 512, 512 },
		{ 1232, 1232 }, { 4096, 4096 }, { 4097, DNS_MSG_MAX },
		{ 65535, DNS_MSG_MAX },
	};
	unsigned int i, bad = 0;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		qlen = mkquery(q, 1, 0, "x.example", DNS_T_A, 1, sizes[i].edns, 0);
		if (dns_client_bufsize(q, qlen) != sizes[i].want) {
			bad++;
			ktap_diag("edns %u: %zu", sizes[i].edns,
				  dns_client_bufsize(q, qlen));
		}
	}
	ktap_check(!bad, "dns_client_bufsize(): 512 without EDNS0, at least 512, at most DNS_MSG_MAX");

	qlen = mkquery(q, 30, 0, "vm1.net1.internal", DNS_T_A, 1, 4096, 0);
	v = ask(q, qlen, out, &len, &c);
	parse(out, len, &m);
	ktap_check(v == DNS_REPLY && !parse(out, len, &m) && m.an == 2 &&
		   m.ar == 1 && m.rr[2].type == DNS_T_OPT &&
		   m.rr[2].rclass <= DNS_MSG_MAX && m.rr[2].rclass >= 512 &&
		   m.rr[2].ttl == 0 && out[m.rr[2].owner] == 0,
		   "EDNS0 query: OPT echoed (payload %u)", m.rr[2].rclass);

	qlen = mkquery(q, 31, 0, "big.net1.internal", DNS_T_AAAA, 1, 0, 0);
	v = ask(q, qlen, out, &len, &c);
	ktap_check(v == DNS_REPLY && !parse(out, len, &m) && len <= 512 &&
		   (m.flags & DNS_F_TC) && m.an == 0 && m.ar == 0 &&
		   qecho(q, qlen, out, &m) && c.dns_truncated == 1,
		   "40 AAAA without EDNS0: TC, question only, counted");

	qlen = mkquery(q, 32, 0, "big.net1.internal", DNS_T_AAAA, 1, 1232, 0);
	v = ask(q, qlen, out, &len, &c);
	ktap_check(v == DNS_REPLY && !parse(out, len, &m) && len <= 1232 &&
		   !(m.flags & DNS_F_TC) && m.an == 40 && m.ar == 1,
		   "40 AAAA with EDNS0 1232: all of them (%zu bytes)", len);

	qlen = mkquery(q, 33, 0, "big.net1.internal", DNS_T_AAAA, 1, 600, 0);
	v = ask(q, qlen, out, &len, &c);
	ktap_check(v == DNS_REPLY && !parse(out, len, &m) && len <= 600 &&
		   (m.flags & DNS_F_TC) && m.an == 0 && m.ar == 1 &&
		   m.rr[0].type == DNS_T_OPT && c.dns_truncated == 2,
		   "EDNS0 600: TC with the OPT kept");

	qlen = mkquery(q, 34, 0, "vm1.net1.internal", DNS_T_A, 1, 1232, 1);
	v = ask(q, qlen, out, &len, &c);
	ktap_check(v == DNS_REPLY && !parse(out, len, &m) && m.an == 0 &&
		   m.ar == 1 && m.rr[0].type == DNS_T_OPT &&
		   DNS_RCODE(m.flags) == 0 && (m.rr[0].ttl >> 24) == 1,
		   "EDNS0 version 1: BADVERS (extended rcode 16)");

	qlen = mkquery(q, 35, 2 << 11 /* STATUS */, "vm1.net1.internal",
		       DNS_T_A, 1, 0, 0);
	v = ask(q, qlen, out, &len, &c);
	ktap_check(v == DNS_REPLY && len == 12 && get16(out) == 35 &&
		   (get16(out + 2) & DNS_F_QR) &&
		   DNS_RCODE(get16(out + 2)) == DNS_R_NOTIMP,
		   "opcode STATUS: NOTIMP");
}

static unsigned int check_drops(const char *what, const uint8_t *q,
				size_t qlen, struct svc_counters *c)
{
	uint8_t out[DNS_MSG_MAX];
	size_t len;
	enum dns_verdict v = ask(q, qlen, out, &len, c);

	if (v != DNS_DROP || dns_client_bufsize(q, qlen) != 0) {
		ktap_diag("%s: verdict %d", what, v);
		return 1;
	}
	return 0;
}

static void test_malformed(void)
{
	uint8_t q[DNS_MSG_MAX], out[DNS_MSG_MAX];
	struct svc_counters c = { 0 };
	unsigned int bad = 0, n = 0, i;
	size_t qlen, len, l, cut;
	char name[400];

	qlen = mkquery(q, 40, 0, "vm1.net1.internal", DNS_T_A, 1, 1232, 0);
	for (cut = 0; cut < qlen; cut++, n++)
		bad += check_drops("truncated", q, cut, &c);
	ktap_check(!bad && c.dns_malformed == n && c.dns_queries == n &&
		   ask(q, qlen, out, &len, &c) == DNS_REPLY,
		   "query cut at each of its %zu lengths: dropped and counted",
		   qlen);

	bad = 0;
	/* Question with a pointer (to itself, and backwards). */
	qlen = mkquery(q, 41, 0, "a", DNS_T_A, 1, 0, 0);
	q[12] = 0xc0;
	q[13] = 12;
	bad += check_drops("pointer loop in question", q, qlen, &c);
	q[13] = 0;
	bad += check_drops("pointer in question", q, qlen, &c);
	/* 0x40 and 0x80 label types. */
	qlen = mkquery(q, 42, 0, "abc", DNS_T_A, 1, 0, 0);
	q[12] = 0x43;
	bad += check_drops("label type 0x40", q, qlen, &c);
	q[12] = 0x83;
	bad += check_drops("label type 0x80", q, qlen, &c);
	/* Label of 64. */
	memset(name, 'a', 64);
	strcpy(name + 64, ".com");
	qlen = mkquery(q, 43, 0, name, DNS_T_A, 1, 0, 0);
	bad += check_drops("label of 64", q, qlen, &c);
	/* 256 bytes on the wire: 63.63.63.62 labels. */
	for (i = 0, l = 0; i < 4; i++) {
		memset(name + l, 'b', i < 3 ? 63 : 62);
		l += i < 3 ? 63 : 62;
		name[l++] = '.';
	}
	name[l - 1] = '\0';
	qlen = mkquery(q, 44, 0, name, DNS_T_A, 1, 0, 0);
	bad += check_drops("name of 256", q, qlen, &c);
	name[l - 2] = '\0';		/* 255: the longest valid one */
	qlen = mkquery(q, 44, 0, name, DNS_T_A, 1, 0, 0);
	if (ask(q, qlen, out, &len, &c) != DNS_FORWARD) {
		ktap_diag("name of 255 not accepted");
		bad++;
	}
	/* QDCOUNT 0 and 2. */
	qlen = mkquery(q, 45, 0, "vm1.net1.internal", DNS_T_A, 1, 0, 0);
	put16(q + 4, 0);
	bad += check_drops("qdcount 0", q, qlen, &c);
	put16(q + 4, 2);
	bad += check_drops("qdcount 2", q, qlen, &c);
	put16(q + 4, 1);
	/* A response is not a query. */
	put16(q + 2, DNS_F_QR);
	bad += check_drops("QR set", q, qlen, &c);
	put16(q + 2, 0);
	/* Counts promising records that are not there. */
	put16(q + 6, 1);
	bad += check_drops("ancount 1, nothing", q, qlen, &c);
	put16(q + 6, 0);
	put16(q + 10, 1);
	bad += check_drops("arcount 1, nothing", q, qlen, &c);
	/* Two OPT RRs. */
	qlen = mkquery(q, 46, 0, "vm1.net1.internal", DNS_T_A, 1, 1232, 0);
	memcpy(q + qlen, q + qlen - 11, 11);
	put16(q + 10, 2);
	bad += check_drops("two OPT", q, qlen + 11, &c);
	/* OPT owned by a pointer that loops, and one owned by a name. */
	qlen = mkquery(q, 47, 0, "vm1.net1.internal", DNS_T_A, 1, 1232, 0);
	memmove(q + qlen - 10, q + qlen - 11, 11);
	q[qlen - 11] = 0xc0;
	q[qlen - 10] = qlen - 11;
	bad += check_drops("pointer to itself in OPT owner", q, qlen + 1, &c);
	q[qlen - 11] = 0xc0;
	q[qlen - 10] = 12;
	bad += check_drops("OPT not owned by the root", q, qlen + 1, &c);
	/* An answer record in a query: skipped if sound, dropped if not. */
	qlen = mkquery(q, 48, 0, "vm1.net1.internal", DNS_T_A, 1, 0, 0);
	memcpy(q + qlen, "\xc0\x0c\0\1\0\1\0\0\0\0\0\4\1\2\3\4", 16);
	put16(q + 6, 1);
	if (ask(q, qlen + 16, out, &len, &c) != DNS_REPLY) {
		ktap_diag("sound answer record in a query not skipped");
		bad++;
	}
	q[qlen + 11] = 5;		/* rdlength beyond the end */
	bad += check_drops("answer rdlength too long", q, qlen + 16, &c);
	q[qlen + 11] = 4;
	q[qlen] = 0xc0;
	q[qlen + 1] = qlen;		/* pointer to itself */
	bad += check_drops("answer owner pointing to itself", q, qlen + 16, &c);
	q[qlen + 1] = qlen + 4;		/* pointer forwards */
	bad += check_drops("answer owner pointing forwards", q, qlen + 16, &c);
	ktap_check(!bad, "malformed table: pointers, label types, 63/255 limits, counts");
}

/* A tiny PRNG: the same run everywhere. */
static uint32_t rnd_state = 12345;

static uint32_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

static size_t mutate(uint8_t *b, size_t len, size_t cap)
{
	unsigned int k, n = 1 + rnd() % 4;

	for (k = 0; k < n; k++) {
		switch (rnd() % 6) {
		case 0:
			if (len)
				b[rnd() % len] ^= 1 << (rnd() % 8);
			break;
		case 1:
			if (len)
				b[rnd() % len] = rnd();
			break;
		case 2:
			if (len)
				len = rnd() % len;
			break;
		case 3:
			if (len < cap)
				b[len++] = rnd();
			break;
		case 4:			/* a pointer somewhere */
			if (len > 2) {
				size_t at = rnd() % (len - 1);

				b[at] = 0xc0 | (rnd() % 2);
				b[at + 1] = rnd();
			}
			break;
		default:		/* a count */
			if (len >= 12)
				b[4 + 2 * (rnd() % 4) + 1] = rnd() % 4;
			break;
		}
	}
	return len;
}

static void test_mutations(void)
{
	uint8_t seeds[4][512], q[600], out[DNS_MSG_MAX];
	size_t seedlen[4], qlen, len;
	struct svc_counters c = { 0 };
	unsigned int i, bad = 0, verdicts[3] = { 0 };
	char name[80];

	rev6(name, "fd00::5");
	seedlen[0] = mkquery(seeds[0], 1, DNS_F_RD, "vm1.net1.internal",
			     DNS_T_A, 1, 1232, 0);
	seedlen[1] = mkquery(seeds[1], 2, 0, "big.net1.internal", DNS_T_AAAA,
			     1, 0, 0);
	seedlen[2] = mkquery(seeds[2], 3, 0, "5.0.0.10.in-addr.arpa",
			     DNS_T_PTR, 1, 600, 0);
	seedlen[3] = mkquery(seeds[3], 4, 0, name, DNS_T_PTR, 1, 0, 0);
	for (i = 0; i < 10000; i++) {
		unsigned int s = rnd() % 4;
		size_t bs;
		enum dns_verdict v;

		memcpy(q, seeds[s], seedlen[s]);
		qlen = mutate(q, seedlen[s], sizeof(q));
		v = ask(q, qlen, out, &len, &c);
		bs = dns_client_bufsize(q, qlen);
		if (v < DNS_DROP || v > DNS_FORWARD) {
			bad++;
			continue;
		}
		verdicts[v + 1]++;
		if (v == DNS_REPLY &&
		    (len < 12 || len > DNS_MSG_MAX || get16(out) != get16(q) ||
		     (bs && len > bs))) {
			if (bad++ < 5)
				ktap_diag("iteration %u: reply of %zu, bufsize %zu",
					  i, len, bs);
		}
	}
	ktap_check(!bad && c.dns_queries == 10000 &&
		   c.dns_malformed == verdicts[0],
		   "10000 mutated queries: no fault, replies within the client's buffer (drop %u reply %u forward %u)",
		   verdicts[0], verdicts[1], verdicts[2]);
}

/* ---- the forwarder ---- */

struct captured {
	char client[DNS_CLIENT_MAX];
	size_t client_len;
	uint8_t msg[DNS_MSG_MAX];
	size_t len;
};

static struct captured cap[8];
static unsigned int ncap;

static void on_reply(void *arg, const void *client, size_t client_len,
		     const uint8_t *msg, size_t len)
{
	struct captured *c = &cap[ncap++ % ARRAY_SIZE(cap)];

	(void)arg;
	memcpy(c->client, client, client_len);
	c->client_len = client_len;
	memcpy(c->msg, msg, len);
	c->len = len;
}

static int udp_sock(struct sockaddr_storage *ss)
{
	struct sockaddr_in *sin = (void *)ss;
	socklen_t sl = sizeof(*sin);
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	memset(ss, 0, sizeof(*ss));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)sin, sizeof(*sin)) ||
	    getsockname(fd, (struct sockaddr *)sin, &sl)) {
		perror("upstream socket");
		exit(1);
	}
	return fd;
}

/* A datagram at @fd within @ms, or 0. */
static size_t up_recv(int fd, uint8_t *buf, struct sockaddr_storage *from,
		      int ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	socklen_t fl = sizeof(*from);
	ssize_t n;

	if (poll(&pfd, 1, ms) != 1)
		return 0;
	n = recvfrom(fd, buf, DNS_MSG_MAX, 0, (struct sockaddr *)from, &fl);
	return n > 0 ? (size_t)n : 0;
}

/* Replies that reached the forwarder's sockets, all of them. */
static void pump(struct dns_fwd *f)
{
	int fds[2], n = dns_fwd_fds(f, fds), i;
	struct pollfd pfd[2];

	int ms = 20;

	for (i = 0; i < n; i++)
		pfd[i] = (struct pollfd){ .fd = fds[i], .events = POLLIN };
	/* Loopback delivers at once; the first wait is only for safety. */
	while (poll(pfd, n, ms) > 0) {
		for (i = 0; i < n; i++)
			if (pfd[i].revents & POLLIN)
				dns_fwd_input(f, fds[i], on_reply, NULL);
		ms = 0;
	}
}

struct ans {
	uint16_t type;
	uint32_t ttl;
	unsigned int count;
};

/*
 * An upstream's reply to @q (as received): @rcode, @an A records of @ttl,
 * an SOA in authority when @soa_ttl, echoing the OPT RR.
 */
static size_t mkresp(uint8_t *r, const uint8_t *q, size_t qlen,
		     unsigned int rcode, unsigned int an, uint32_t ttl,
		     uint32_t soa_ttl, uint32_t soa_min)
{
	struct msg m;
	size_t n;
	unsigned int i;

	if (parse(q, qlen, &m))
		return 0;
	memcpy(r, q, m.qend);
	put16(r + 2, DNS_F_QR | DNS_F_RD | DNS_F_RA | rcode);
	put16(r + 6, an);
	put16(r + 8, soa_ttl ? 1 : 0);
	put16(r + 10, 1);
	n = m.qend;
	for (i = 0; i < an; i++) {
		memcpy(r + n, "\xc0\x0c\0\1\0\1", 6);
		put32(r + n + 6, ttl);
		memcpy(r + n + 10, "\0\4\xc0\0\2", 5);
		r[n + 15] = i;
		n += 16;
	}
	if (soa_ttl) {
		memcpy(r + n, "\xc0\x0c\0\6\0\1", 6);
		put32(r + n + 6, soa_ttl);
		put16(r + n + 10, 9 + 20);
		memcpy(r + n + 12, "\2ns\xc0\x0c\1h\xc0\x0c", 9);
		put32(r + n + 21, 1);
		put32(r + n + 25, 2);
		put32(r + n + 29, 3);
		put32(r + n + 33, 4);
		put32(r + n + 37, soa_min);
		n += 41;
	}
	memcpy(r + n, "\0\0\51\4\xd0\0\0\0\0\0\0", 11);
	return n + 11;
}

struct fx {
	struct dns_fwd *f;
	int up[2];
	struct sockaddr_storage ua[2];
	struct svc_counters c;
};

static void fx_init(struct fx *x, unsigned int cache, unsigned int pend,
		    unsigned int nups)
{
	memset(x, 0, sizeof(*x));
	x->f = dns_fwd_new(cache, pend);
	x->up[0] = udp_sock(&x->ua[0]);
	x->up[1] = udp_sock(&x->ua[1]);
	if (!x->f || dns_fwd_set_upstreams(x->f, x->ua, nups)) {
		perror("dns_fwd");
		exit(1);
	}
	ncap = 0;
}

static void fx_fini(struct fx *x)
{
	dns_fwd_free(x->f);
	close(x->up[0]);
	close(x->up[1]);
}

/* Sends a query from client "@client"; returns the verdict. */
static enum dns_verdict fx_query(struct fx *x, const char *client,
				 uint16_t id, const char *name, uint16_t type,
				 unsigned int edns, uint8_t *out, size_t *len)
{
	uint8_t q[DNS_MSG_MAX];
	size_t qlen = mkquery(q, id, DNS_F_RD, name, type, 1, edns, 0);

	*len = 0;
	return dns_fwd_query(x->f, q, qlen, client, strlen(client) + 1, out,
			     len, &x->c);
}

/* The query upstream @u got, 0 if none within a second. */
static size_t fx_upq(struct fx *x, int u, uint8_t *q,
		     struct sockaddr_storage *from)
{
	return up_recv(x->up[u], q, from, 1000);
}

/* Whether upstream @u got nothing (loopback delivers at once). */
static bool fx_none(struct fx *x, int u)
{
	uint8_t q[DNS_MSG_MAX];
	struct sockaddr_storage from;

	return !up_recv(x->up[u], q, &from, 100);
}

/* Forgets the queries upstream @u got and nobody read. */
static void fx_drain(struct fx *x, int u)
{
	uint8_t q[DNS_MSG_MAX];
	struct sockaddr_storage from;

	while (up_recv(x->up[u], q, &from, 0))
		;
}

static void fx_send(struct fx *x, int u, const uint8_t *r, size_t len,
		    const struct sockaddr_storage *to)
{
	if (sendto(x->up[u], r, len, 0, (const struct sockaddr *)to,
		   sizeof(struct sockaddr_in)) != (ssize_t)len)
		perror("sendto");
}

/* One query answered by upstream 0 with a reply built by mkresp(). */
static size_t roundtrip(struct fx *x, const char *name, unsigned int edns,
			unsigned int rcode, unsigned int an, uint32_t ttl,
			uint32_t soa_ttl, uint32_t soa_min, bool tc)
{
	uint8_t q[DNS_MSG_MAX], r[DNS_MSG_MAX], out[DNS_MSG_MAX];
	struct sockaddr_storage from;
	size_t len, qlen, rlen;

	ncap = 0;
	fx_drain(x, 0);
	if (fx_query(x, "c", 1, name, DNS_T_A, edns, out, &len) != DNS_FORWARD)
		return 0;
	qlen = fx_upq(x, 0, q, &from);
	rlen = mkresp(r, q, qlen, rcode, an, ttl, soa_ttl, soa_min);
	if (tc)
		r[2] |= DNS_F_TC >> 8;
	fx_send(x, 0, r, rlen, &from);
	pump(x->f);
	return ncap == 1 ? cap[0].len : 0;
}

static bool hit(struct fx *x, const char *name, unsigned int edns,
		struct msg *m, uint8_t *out)
{
	size_t len;

	return fx_query(x, "c", 2, name, DNS_T_A, edns, out, &len) == DNS_REPLY &&
	       !parse(out, len, m);
}

static void test_fwd_matching(void)
{
	uint8_t q[DNS_MSG_MAX], r[DNS_MSG_MAX], out[DNS_MSG_MAX];
	struct sockaddr_storage from;
	struct dns_fwd_stats st;
	struct fx x;
	struct msg m, um;
	size_t len, qlen, rlen;
	enum dns_verdict v;
	char text[DNS_TEXT_MAX];

	fx_init(&x, 16, 16, 1);
	v = fx_query(&x, "c1", 0x1234, "www.Example.com", DNS_T_A, 0, out, &len);
	qlen = fx_upq(&x, 0, q, &from);
	ktap_check(v == DNS_FORWARD && x.c.dns_forwarded == 1 && qlen &&
		   !parse(q, qlen, &um) && um.qd == 1 && um.ar == 1 &&
		   um.rr[0].type == DNS_T_OPT && (um.flags & DNS_F_RD) &&
		   (name_text(q, qlen, 12, text), !strcmp(text, "www.Example.com")),
		   "query forwarded to the upstream, with our OPT RR");

	rlen = mkresp(r, q, qlen, 0, 1, 100, 0, 0);
	put16(r, um.id ^ 1);
	fx_send(&x, 0, r, rlen, &from);
	pump(x.f);
	dns_fwd_get_stats(x.f, &st);
	ktap_check(ncap == 0 && st.ignored == 1, "reply with another id ignored");

	put16(r, um.id);
	r[13] = 'x';			/* wwx.example.com */
	fx_send(&x, 0, r, rlen, &from);
	pump(x.f);
	dns_fwd_get_stats(x.f, &st);
	ktap_check(ncap == 0 && st.ignored == 2, "reply to another question ignored");

	r[13] = 'W';			/* case does not matter */
	fx_send(&x, 1, r, rlen, &from);
	pump(x.f);
	dns_fwd_get_stats(x.f, &st);
	ktap_check(ncap == 0 && st.ignored == 3,
		   "right reply from another address (port) ignored");

	fx_send(&x, 0, r, rlen - 1, &from);
	pump(x.f);
	dns_fwd_get_stats(x.f, &st);
	ktap_check(ncap == 0 && st.ignored == 4, "truncated reply ignored");

	{
		uint8_t bad[DNS_MSG_MAX];
		size_t at = rlen - 11 - 16;	/* the answer's owner */

		memcpy(bad, r, rlen);
		bad[at] = 0xc0;
		bad[at + 1] = at;		/* to itself */
		fx_send(&x, 0, bad, rlen, &from);
		bad[at + 1] = at + 2;		/* forwards */
		fx_send(&x, 0, bad, rlen, &from);
		bad[at + 1] = 12;
		bad[at + 11] = 200;		/* rdlength past the end */
		fx_send(&x, 0, bad, rlen, &from);
		pump(x.f);
		dns_fwd_get_stats(x.f, &st);
		ktap_check(ncap == 0 && st.ignored == 7,
			   "replies with a pointer loop, a forward pointer, a long rdlength: ignored");
		st.ignored -= 3;
	}

	fx_send(&x, 0, r, rlen, &from);
	pump(x.f);
	ktap_check(ncap == 1 && !strcmp(cap[0].client, "c1") &&
		   cap[0].client_len == 3 && !parse(cap[0].msg, cap[0].len, &m) &&
		   m.id == 0x1234 && m.an == 1 && m.ar == 0 &&
		   m.rr[0].ttl == 100 && (m.flags & DNS_F_QR) &&
		   !memcmp(cap[0].msg + 12, "\3www\7Example", 12),
		   "the reply reaches its client: its id, its question, no OPT (it sent none)");

	fx_send(&x, 0, r, rlen, &from);
	pump(x.f);
	dns_fwd_get_stats(x.f, &st);
	ktap_check(ncap == 1 && st.ignored == 8, "a second copy is ignored");

	v = fx_query(&x, "c2", 0x9999, "WWW.EXAMPLE.COM", DNS_T_A, 1232, out, &len);
	ktap_check(v == DNS_REPLY && x.c.dns_cache_hits == 1 &&
		   !parse(out, len, &m) && m.id == 0x9999 && m.an == 1 &&
		   m.ar == 1 && m.rr[1].type == DNS_T_OPT &&
		   !memcmp(out + 12, "\3WWW\7EXAMPLE", 12) &&
		   fx_none(&x, 0) && x.c.dns_forwarded == 1,
		   "cache hit: no upstream traffic, client's id and case, OPT for an EDNS0 client");

	v = fx_query(&x, "c3", 5, "www.example.com", DNS_T_AAAA, 0, out, &len);
	ktap_check(v == DNS_FORWARD && fx_upq(&x, 0, q, &from),
		   "another type is another cache entry");

	dns_fwd_test_clock_ms += 30000;
	v = fx_query(&x, "c2", 6, "www.example.com", DNS_T_A, 0, out, &len);
	parse(out, len, &m);
	ktap_check(v == DNS_REPLY && !parse(out, len, &m) && m.an == 1 &&
		   m.rr[0].ttl == 70,
		   "30 s later: TTL aged to 70 (%u)", m.rr[0].ttl);
	dns_fwd_test_clock_ms += 70000;
	v = fx_query(&x, "c2", 7, "www.example.com", DNS_T_A, 0, out, &len);
	ktap_check(v == DNS_FORWARD && fx_upq(&x, 0, q, &from) &&
		   dns_fwd_cached(x.f) == 0,
		   "after its TTL: asked upstream again");

	{
		char big[DNS_CLIENT_MAX + 1] = "c";

		qlen = mkquery(q, 8, 0, "x.example", DNS_T_A, 1, 0, 0);
		ktap_check(dns_fwd_query(x.f, q, qlen, big, sizeof(big), out,
					 &len, &x.c) == DNS_DROP &&
			   x.c.dns_dropped == 1 && fx_none(&x, 0),
			   "client description over DNS_CLIENT_MAX: dropped");
		x.c.dns_dropped = 0;
	}

	/* The same upstreams again keep the cache, others empty it. */
	roundtrip(&x, "keep.example", 0, 0, 1, 100, 0, 0, false);
	ktap_check(dns_fwd_set_upstreams(x.f, x.ua, 1) == 0 &&
		   dns_fwd_cached(x.f) == 1, "same upstreams: cache kept");
	ktap_check(dns_fwd_set_upstreams(x.f, x.ua, 2) == 0 &&
		   dns_fwd_cached(x.f) == 0, "other upstreams: cache emptied");
	{
		struct sockaddr_storage odd[9];

		memset(odd, 0, sizeof(odd));
		odd[0].ss_family = AF_UNIX;
		ktap_check(dns_fwd_set_upstreams(x.f, odd, 1) == -EAFNOSUPPORT &&
			   dns_fwd_set_upstreams(x.f, x.ua, 9) == -EINVAL,
			   "upstreams: other families and more than 8 refused");
	}

	fx_query(&x, "c2", 7, "x.example", 99, 0, out, &len);
	ktap_check(x.c.dns_dropped == 0 &&
		   dns_fwd_query(x.f, (const uint8_t *)"\0\1\x80\0", 4, "c", 2,
				 out, &len, &x.c) == DNS_DROP &&
		   x.c.dns_dropped == 1,
		   "malformed query: dropped, counted");
	fx_fini(&x);
}

static void test_fwd_cache(void)
{
	uint8_t out[DNS_MSG_MAX];
	struct dns_fwd_stats st;
	struct msg m;
	struct fx x;
	unsigned int i;

	fx_init(&x, 4, 16, 1);
	ktap_check(roundtrip(&x, "nx.example", 0, DNS_R_NXDOMAIN, 0, 0, 600, 60,
			     false) &&
		   DNS_RCODE(cap[0].msg[3]) == DNS_R_NXDOMAIN,
		   "NXDOMAIN passed on");
	dns_fwd_test_clock_ms += 59000;
	ktap_check(hit(&x, "nx.example", 0, &m, out) &&
		   DNS_RCODE(m.flags) == DNS_R_NXDOMAIN && m.ns == 1 &&
		   m.rr[0].ttl == 600 - 59,
		   "negative answer cached for min(SOA TTL, MINIMUM) = 60 s");
	dns_fwd_test_clock_ms += 2000;
	ktap_check(!hit(&x, "nx.example", 0, &m, out),
		   "and not after that");
	dns_fwd_test_clock_ms += 2000;	/* the query above times out */
	dns_fwd_tick(x.f, on_reply, NULL);

	ktap_check(roundtrip(&x, "nodata.example", 0, 0, 0, 0, 3600, 3600,
			     false), "NODATA passed on");
	dns_fwd_test_clock_ms += 299000;
	ktap_check(hit(&x, "nodata.example", 0, &m, out) && m.an == 0,
		   "NODATA cached, at most 5 min");
	dns_fwd_test_clock_ms += 2000;
	ktap_check(!hit(&x, "nodata.example", 0, &m, out), "not after 5 min");
	dns_fwd_test_clock_ms += 2000;
	dns_fwd_tick(x.f, on_reply, NULL);

	ktap_check(roundtrip(&x, "nosoa.example", 0, DNS_R_NXDOMAIN, 0, 0, 0, 0,
			     false) && !hit(&x, "nosoa.example", 0, &m, out),
		   "NXDOMAIN without SOA not cached");
	dns_fwd_test_clock_ms += 2000;
	dns_fwd_tick(x.f, on_reply, NULL);
	ktap_check(roundtrip(&x, "sf.example", 0, DNS_R_SERVFAIL, 0, 0, 0, 0,
			     false) && DNS_RCODE(cap[0].msg[3]) == DNS_R_SERVFAIL &&
		   !hit(&x, "sf.example", 0, &m, out),
		   "SERVFAIL passed on, not cached");
	dns_fwd_test_clock_ms += 2000;
	dns_fwd_tick(x.f, on_reply, NULL);
	ktap_check(roundtrip(&x, "tc.example", 0, 0, 1, 100, 0, 0, true) &&
		   (cap[0].msg[2] & (DNS_F_TC >> 8)) &&
		   !hit(&x, "tc.example", 0, &m, out),
		   "truncated answer passed on, not cached");
	dns_fwd_test_clock_ms += 2000;
	dns_fwd_tick(x.f, on_reply, NULL);
	ktap_check(roundtrip(&x, "zero.example", 0, 0, 1, 0, 0, 0, false) &&
		   !hit(&x, "zero.example", 0, &m, out),
		   "TTL 0 not cached");
	dns_fwd_test_clock_ms += 2000;
	dns_fwd_tick(x.f, on_reply, NULL);

	ktap_check(roundtrip(&x, "long.example", 0, 0, 1, 1000000, 0, 0, false),
		   "TTL of 1000000 s");
	dns_fwd_test_clock_ms += 3599000;
	ktap_check(hit(&x, "long.example", 0, &m, out) &&
		   m.rr[0].ttl == 1000000 - 3599, "cached for an hour");
	dns_fwd_test_clock_ms += 2000;
	ktap_check(!hit(&x, "long.example", 0, &m, out), "not longer");
	dns_fwd_test_clock_ms += 2000;
	dns_fwd_tick(x.f, on_reply, NULL);

	/* BADVERS: the extended RCODE is in the OPT RR. */
	{
		uint8_t q[DNS_MSG_MAX], r[DNS_MSG_MAX];
		struct sockaddr_storage from;
		size_t len, qlen, rlen;

		fx_drain(&x, 0);
		ncap = 0;
		fx_query(&x, "c", 3, "ext.example", DNS_T_A, 0, out, &len);
		qlen = fx_upq(&x, 0, q, &from);
		rlen = mkresp(r, q, qlen, 0, 1, 100, 0, 0);
		r[rlen - 6] = 1;		/* extended RCODE 16 */
		fx_send(&x, 0, r, rlen, &from);
		pump(x.f);
		ktap_check(ncap == 1 && !parse(cap[0].msg, cap[0].len, &m) &&
			   DNS_RCODE(m.flags) == DNS_R_SERVFAIL && m.an == 0 &&
			   m.ar == 0 && !hit(&x, "ext.example", 0, &m, out),
			   "extended RCODE from upstream: SERVFAIL, not cached");
		dns_fwd_test_clock_ms += 2000;
		dns_fwd_tick(x.f, on_reply, NULL);
	}

	/* Records after the OPT, one pointing into another. */
	{
		uint8_t q[DNS_MSG_MAX], r[DNS_MSG_MAX];
		struct sockaddr_storage from;
		size_t len, qlen, rlen, p;
		char text[DNS_TEXT_MAX];

		fx_drain(&x, 0);
		ncap = 0;
		fx_query(&x, "c", 4, "glue.example", DNS_T_A, 0, out, &len);
		qlen = fx_upq(&x, 0, q, &from);
		rlen = mkresp(r, q, qlen, 0, 1, 100, 0, 0);
		p = rlen;
		memcpy(r + p, "\3foo\0\0\1\0\1\0\0\0\x64\0\4\1\2\3\4", 19);
		put16(r + p + 19, 0xc000 | p);
		memcpy(r + p + 21, "\0\1\0\1\0\0\0\x64\0\4\5\6\7\x08", 14);
		rlen = p + 35;
		put16(r + 10, 3);
		fx_send(&x, 0, r, rlen, &from);
		pump(x.f);
		ktap_check(ncap == 1 && !parse(cap[0].msg, cap[0].len, &m) &&
			   m.an == 1 && m.ar == 0 &&
			   hit(&x, "glue.example", 1232, &m, out) && m.an == 1 &&
			   m.ar == 1 && m.rr[1].type == DNS_T_OPT &&
			   (name_text(out, m.rr[0].rdata, m.rr[0].owner, text),
			    !strcmp(text, "glue.example")),
			   "additional records after upstream's OPT go with it (pointers between them would break)");
	}

	/* 40 records: 700 bytes. */
	ktap_check(roundtrip(&x, "many.example", 0, 0, 40, 100, 0, 0, false) &&
		   !parse(cap[0].msg, cap[0].len, &m) && (m.flags & DNS_F_TC) &&
		   m.an == 0 && cap[0].len <= 512,
		   "700-byte answer to a client without EDNS0: TC, question only");
	ktap_check(hit(&x, "many.example", 1232, &m, out) && m.an == 40 &&
		   !(m.flags & DNS_F_TC),
		   "cached whole: an EDNS0 client gets all 40 records");
	ktap_check(hit(&x, "many.example", 0, &m, out) && (m.flags & DNS_F_TC) &&
		   m.an == 0, "a cache hit is truncated to the client's buffer too");
	fx_fini(&x);

	/* LRU: room for 2. */
	fx_init(&x, 2, 16, 1);
	roundtrip(&x, "a.example", 0, 0, 1, 100, 0, 0, false);
	roundtrip(&x, "b.example", 0, 0, 1, 100, 0, 0, false);
	ktap_check(hit(&x, "a.example", 0, &m, out) && dns_fwd_cached(x.f) == 2,
		   "two entries cached");
	roundtrip(&x, "c.example", 0, 0, 1, 100, 0, 0, false);
	dns_fwd_get_stats(x.f, &st);
	ktap_check(st.evicted == 1 && dns_fwd_cached(x.f) == 2 &&
		   hit(&x, "a.example", 0, &m, out) &&
		   hit(&x, "c.example", 0, &m, out) &&
		   !hit(&x, "b.example", 0, &m, out),
		   "a third evicts the least recently used (b, not a)");
	dns_fwd_test_clock_ms += 2000;
	dns_fwd_tick(x.f, on_reply, NULL);
	for (i = 0; i < 300; i++) {
		char name[32];

		snprintf(name, sizeof(name), "n%u.example", i);
		roundtrip(&x, name, 0, 0, 1, 100, 0, 0, false);
	}
	dns_fwd_get_stats(x.f, &st);
	ktap_check(dns_fwd_cached(x.f) == 2 && st.evicted == 1 + 300,
		   "300 names through a cache of 2: it stays at 2");
	fx_fini(&x);
}

static void test_fwd_timeouts(void)
{
	uint8_t q[DNS_MSG_MAX], q2[DNS_MSG_MAX], r[DNS_MSG_MAX],
		out[DNS_MSG_MAX];
	struct sockaddr_storage from, from2;
	struct dns_fwd_stats st;
	struct msg m;
	struct fx x;
	size_t len, qlen, q2len, rlen;
	unsigned int i, bad;
	int t;
	uint16_t ids[200];

	fx_init(&x, 16, 3, 2);
	ktap_check(dns_fwd_tick(x.f, on_reply, NULL) == -1,
		   "nothing in flight: tick says never");
	fx_query(&x, "c1", 77, "slow.example", DNS_T_A, 0, out, &len);
	qlen = fx_upq(&x, 0, q, &from);
	t = dns_fwd_tick(x.f, on_reply, NULL);
	ktap_check(qlen && t > 0 && t <= 1000 && fx_none(&x, 1),
		   "first upstream asked, the second not yet, tick in %d ms", t);
	dns_fwd_test_clock_ms += 1001;
	t = dns_fwd_tick(x.f, on_reply, NULL);
	q2len = fx_upq(&x, 1, q2, &from2);
	ktap_check(q2len && ncap == 0 && t > 0 && t <= 1000 &&
		   !parse(q2, q2len, &m) &&
		   !memcmp(q + 12, q2 + 12, qlen - 12 - 11),
		   "after 1 s: the same question to the next upstream");
	/* The first one answers late: not from where the query is now. */
	rlen = mkresp(r, q, qlen, 0, 1, 100, 0, 0);
	fx_send(&x, 0, r, rlen, &from);
	pump(x.f);
	dns_fwd_get_stats(x.f, &st);
	ktap_check(ncap == 0 && st.ignored == 1, "late reply of the first ignored");
	rlen = mkresp(r, q2, q2len, 0, 1, 100, 0, 0);
	fx_send(&x, 1, r, rlen, &from2);
	pump(x.f);
	ktap_check(ncap == 1 && !parse(cap[0].msg, cap[0].len, &m) &&
		   m.id == 77 && m.an == 1, "the second's reply is taken");

	ncap = 0;
	fx_query(&x, "c2", 78, "dead.example", DNS_T_A, 1232, out, &len);
	fx_upq(&x, 0, q, &from);
	dns_fwd_test_clock_ms += 1001;
	dns_fwd_tick(x.f, on_reply, NULL);
	fx_upq(&x, 1, q, &from);
	dns_fwd_test_clock_ms += 1001;
	t = dns_fwd_tick(x.f, on_reply, NULL);
	dns_fwd_get_stats(x.f, &st);
	ktap_check(ncap == 1 && !strcmp(cap[0].client, "c2") &&
		   !parse(cap[0].msg, cap[0].len, &m) && m.id == 78 &&
		   DNS_RCODE(m.flags) == DNS_R_SERVFAIL && m.qd == 1 && m.ar == 1 &&
		   st.servfail == 1 && t == -1,
		   "no upstream answers: SERVFAIL to the client, nothing left");

	/* Bound on queries in flight: 3. */
	bad = 0;
	for (i = 0; i < 3; i++) {
		char name[32];

		snprintf(name, sizeof(name), "p%u.example", i);
		bad += fx_query(&x, "c", i, name, DNS_T_A, 0, out, &len) !=
		       DNS_FORWARD;
		fx_upq(&x, 0, q, &from);
	}
	ktap_check(!bad && fx_query(&x, "c", 9, "p9.example", DNS_T_A, 0, out,
				    &len) == DNS_DROP && x.c.dns_dropped == 1,
		   "the 4th query while 3 are in flight is dropped, counted");
	dns_fwd_test_clock_ms += 2002;
	dns_fwd_tick(x.f, on_reply, NULL);
	dns_fwd_test_clock_ms += 2002;
	dns_fwd_tick(x.f, on_reply, NULL);
	ktap_check(fx_query(&x, "c", 9, "p9.example", DNS_T_A, 0, out, &len) ==
		   DNS_FORWARD, "room again once they are answered");
	dns_fwd_test_clock_ms += 5000;
	dns_fwd_tick(x.f, on_reply, NULL);
	fx_fini(&x);

	/* Ids: unique among those in flight. */
	fx_init(&x, 0, 200, 1);
	bad = 0;
	for (i = 0; i < 200; i++) {
		char name[32];
		unsigned int j;

		snprintf(name, sizeof(name), "id%u.example", i);
		fx_query(&x, "c", 1, name, DNS_T_A, 0, out, &len);
		if (!fx_upq(&x, 0, q, &from)) {
			bad++;
			continue;
		}
		ids[i] = get16(q);
		for (j = 0; j < i; j++)
			bad += ids[j] == ids[i];
	}
	ktap_check(!bad, "200 queries in flight, 200 different ids");
	dns_fwd_test_clock_ms += 5000;
	dns_fwd_tick(x.f, on_reply, NULL);
	fx_fini(&x);

	/* No upstream: SERVFAIL at once. */
	fx_init(&x, 4, 4, 0);
	ktap_check(fx_query(&x, "c", 5, "x.example", DNS_T_A, 0, out, &len) ==
		   DNS_REPLY && !parse(out, len, &m) && m.id == 5 &&
		   DNS_RCODE(m.flags) == DNS_R_SERVFAIL && x.c.dns_servfail == 1,
		   "no upstreams: SERVFAIL at once");
	fx_fini(&x);
}

static void test_fwd_ipv6(void)
{
	uint8_t q[DNS_MSG_MAX], r[DNS_MSG_MAX], out[DNS_MSG_MAX];
	struct sockaddr_storage ua, from;
	struct sockaddr_in6 *s6 = (void *)&ua;
	socklen_t sl = sizeof(*s6);
	struct svc_counters c = { 0 };
	struct dns_fwd *f;
	struct msg m;
	size_t len, qlen, rlen;
	int fd, fds[2], n;

	memset(&ua, 0, sizeof(ua));
	s6->sin6_family = AF_INET6;
	s6->sin6_addr = in6addr_loopback;
	fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)s6, sizeof(*s6)) ||
	    getsockname(fd, (struct sockaddr *)s6, &sl)) {
		ktap_skip("no ::1 here", "forwarding to an IPv6 upstream");
		if (fd >= 0)
			close(fd);
		return;
	}
	f = dns_fwd_new(4, 4);
	ncap = 0;
	qlen = mkquery(q, 0x66, DNS_F_RD, "six.example", DNS_T_AAAA, 1, 0, 0);
	n = f && !dns_fwd_set_upstreams(f, &ua, 1) ? dns_fwd_fds(f, fds) : 0;
	if (n == 1 && dns_fwd_query(f, q, qlen, "c6", 3, out, &len, &c) ==
	    DNS_FORWARD && (qlen = up_recv(fd, q, &from, 1000))) {
		rlen = mkresp(r, q, qlen, 0, 1, 100, 0, 0);
		sendto(fd, r, rlen, 0, (struct sockaddr *)&from,
		       sizeof(struct sockaddr_in6));
		pump(f);
	}
	ktap_check(n == 1 && ncap == 1 && !strcmp(cap[0].client, "c6") &&
		   !parse(cap[0].msg, cap[0].len, &m) && m.id == 0x66 &&
		   m.an == 1, "forwarding to an IPv6 upstream ([::1])");
	dns_fwd_free(f);
	close(fd);
}

/* Mutated replies with the right id, from the right upstream. */
static void test_fwd_mutations(void)
{
	uint8_t q[DNS_MSG_MAX], r[DNS_MSG_MAX], out[DNS_MSG_MAX];
	struct sockaddr_storage from;
	struct dns_fwd_stats st;
	struct fx x;
	size_t len, qlen, rlen;
	unsigned int i, lost = 0;
	int fds[2];

	fx_init(&x, 64, 8, 1);
	for (i = 0; i < 2000; i++) {
		char name[32];

		snprintf(name, sizeof(name), "m%u.example", i % 50);
		if (fx_query(&x, "c", 1, name, DNS_T_A, 1232, out, &len) !=
		    DNS_FORWARD)
			continue;
		qlen = fx_upq(&x, 0, q, &from);
		if (!qlen) {
			lost++;
			continue;
		}
		rlen = mkresp(r, q, qlen, rnd() % 4, rnd() % 4, rnd(),
			      rnd() % 2 ? rnd() : 0, rnd());
		rlen = mutate(r + 2, rlen - 2, sizeof(r) - 2) + 2;
		fx_send(&x, 0, r, rlen, &from);
		dns_fwd_fds(x.f, fds);
		dns_fwd_input(x.f, fds[0], on_reply, NULL);
		/* Unanswered ones go away, to keep room. */
		dns_fwd_test_clock_ms += 3000;
		dns_fwd_tick(x.f, on_reply, NULL);
	}
	dns_fwd_get_stats(x.f, &st);
	ktap_check(!lost && dns_fwd_cached(x.f) <= 64,
		   "2000 mutated replies: no fault (%llu ignored, %llu servfail)",
		   (unsigned long long)st.ignored,
		   (unsigned long long)st.servfail);
	fx_fini(&x);
}

int main(void)
{
	ktap_init();
	test_local_answers();
	test_negative();
	test_ptr_and_forward();
	test_edns_tc();
	test_malformed();
	test_mutations();
	test_fwd_matching();
	test_fwd_cache();
	test_fwd_timeouts();
	test_fwd_ipv6();
	test_fwd_mutations();
	return ktap_finish();
}
