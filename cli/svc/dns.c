// SPDX-License-Identifier: GPL-2.0-only
/*
 * Authoritative answers for the names of a network's ports (dns.h).
 *
 * Queries come from guests: every length is checked before a byte is
 * read, names are bounded (labels of 63, names of 255 bytes), and
 * compression pointers, which a query has no use for in its question, are
 * refused there.  What cannot be parsed is dropped and counted: a reply
 * to garbage would only help reflection.
 *
 * Answer and authority records in a query are skipped when well formed
 * (dropped when not); the additional section may hold one OPT RR.
 *
 * Choices (RFC 8482 lets a server answer ANY with a subset): ANY for a
 * port is answered with its A and AAAA records; at the apex with the SOA.
 * Reverse names of addresses no port has are forwarded, as upstream may
 * know them.  Classes other than IN are forwarded, and so are names with
 * bytes no host name has ('.' or '\\' inside a label, unprintable ones):
 * no port can have them, and the zone, which takes text, never sees them.
 */
#include <arpa/inet.h>
#include <string.h>

#include "dns.h"
#include "dns_wire.h"

#define DNS_LOCAL_TTL	30	/* seconds: ports come and go */
#define DNS_NEG_TTL	30	/* SOA MINIMUM, negative caching (RFC 2308) */
#define DNS_ADDRS_MAX	64	/* addresses of one name we answer with */
#define DNS_PTR_HOPS	127	/* a name has at most 127 labels */

/* ---- wire helpers (dns_wire.h) ---- */

int dns_name_get(const uint8_t *m, size_t len, size_t *off, bool ptr_ok,
		 uint8_t name[DNS_NAME_MAX], size_t *nlen)
{
	size_t pos = *off, run = *off, n = 0;
	bool jumped = false;
	unsigned int hops = 0;

	for (;;) {
		uint8_t c;

		if (pos >= len)
			return -1;
		c = m[pos];
		if (c == 0) {
			name[n++] = 0;
			if (!jumped)
				*off = pos + 1;
			*nlen = n;
			return 0;
		}
		if ((c & 0xc0) == 0xc0) {
			size_t to;

			if (!ptr_ok || pos + 1 >= len || ++hops > DNS_PTR_HOPS)
				return -1;
			to = (size_t)(c & 0x3f) << 8 | m[pos + 1];
			/* Strictly backwards from where this run started. */
			if (to >= run)
				return -1;
			if (!jumped)
				*off = pos + 2;
			jumped = true;
			pos = run = to;
			continue;
		}
		if (c & 0xc0)		/* 0x40, 0x80: no such label types */
			return -1;
		/* Room for the label and the root label still to come. */
		if (pos + 1 + c > len || n + 1 + c + 1 > DNS_NAME_MAX)
			return -1;
		memcpy(name + n, m + pos, 1 + c);
		n += 1 + c;
		pos += 1 + c;
	}
}

static uint8_t lower(uint8_t c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

void dns_name_lower(uint8_t *name, size_t nlen)
{
	size_t i = 0;

	while (i < nlen && name[i]) {
		size_t l = name[i], j;

		for (j = i + 1; j <= i + l && j < nlen; j++)
			name[j] = lower(name[j]);
		i += 1 + l;
	}
}

bool dns_name_eq(const uint8_t *a, size_t alen, const uint8_t *b,
		 size_t blen)
{
	size_t i;

	if (alen != blen)
		return false;
	/* Length bytes are below 64, never letters: compare all bytes. */
	for (i = 0; i < alen; i++)
		if (lower(a[i]) != lower(b[i]))
			return false;
	return true;
}

int dns_skip_rr(const uint8_t *m, size_t len, size_t *off)
{
	uint8_t name[DNS_NAME_MAX];
	size_t nlen;

	if (dns_name_get(m, len, off, true, name, &nlen))
		return -1;
	if (len - *off < 10 || len - *off - 10 < dns_get16(m + *off + 8))
		return -1;
	*off += 10 + dns_get16(m + *off + 8);
	return 0;
}

int dns_parse_query(const uint8_t *m, size_t len, struct dns_query *qy)
{
	unsigned int an, ns, ar, i;
	size_t off = DNS_HDR_LEN;

	memset(qy, 0, sizeof(*qy));
	if (len < DNS_HDR_LEN || dns_get16(m + 4) != 1)
		return -1;
	qy->id = dns_get16(m);
	qy->flags = dns_get16(m + 2);
	an = dns_get16(m + 6);
	ns = dns_get16(m + 8);
	ar = dns_get16(m + 10);
	if (dns_name_get(m, len, &off, false, qy->q.name, &qy->q.nlen) ||
	    len - off < 4)
		return -1;
	qy->q.qtype = dns_get16(m + off);
	qy->q.qclass = dns_get16(m + off + 2);
	off += 4;
	/* A query has no use for answers or authority: skipped, if sound. */
	for (i = 0; i < an + ns; i++)
		if (dns_skip_rr(m, len, &off))
			return -1;
	for (i = 0; i < ar; i++) {
		uint8_t name[DNS_NAME_MAX];
		size_t rr = off, nlen, rdlen;

		if (dns_name_get(m, len, &off, true, name, &nlen) ||
		    len - off < 10)
			return -1;
		rdlen = dns_get16(m + off + 8);
		if (len - off - 10 < rdlen)
			return -1;
		if (dns_get16(m + off) == DNS_T_OPT) {
			/* One OPT, owned by the root (RFC 6891 6.1.1). */
			if (qy->edns || m[rr] != 0)
				return -1;
			qy->edns = true;
			qy->edns_size = dns_get16(m + off + 2);
			qy->edns_version = m[off + 5];
		}
		off += 10 + rdlen;
	}
	return 0;
}

size_t dns_query_bufsize(const struct dns_query *qy)
{
	if (!qy->edns || qy->edns_size < DNS_UDP_MIN)
		return DNS_UDP_MIN;
	return qy->edns_size > DNS_MSG_MAX ? DNS_MSG_MAX : qy->edns_size;
}

void dns_put_opt(uint8_t *p, uint16_t size, unsigned int rcode)
{
	p[0] = 0;
	dns_put16(p + 1, DNS_T_OPT);
	dns_put16(p + 3, size);
	/* Extended RCODE (high 8 bits of 12), version 0, no DO. */
	dns_put32(p + 5, (uint32_t)(rcode >> 4) << 24);
	dns_put16(p + 9, 0);
}

static void put_header(uint8_t *out, const struct dns_query *qy,
		       uint16_t flags, unsigned int rcode, unsigned int an,
		       unsigned int ns)
{
	dns_put16(out, qy->id);
	dns_put16(out + 2, DNS_F_QR | DNS_F_RA | (qy->flags & DNS_F_RD) |
		  (qy->flags & 0x7800) | flags | (rcode & 0xf));
	dns_put16(out + 4, 1);
	dns_put16(out + 6, an);
	dns_put16(out + 8, ns);
	dns_put16(out + 10, qy->edns ? 1 : 0);
}

static size_t put_question(uint8_t *out, const struct dns_query *qy)
{
	uint8_t *p = out + DNS_HDR_LEN;

	memcpy(p, qy->q.name, qy->q.nlen);
	p += qy->q.nlen;
	dns_put16(p, qy->q.qtype);
	dns_put16(p + 2, qy->q.qclass);
	return DNS_HDR_LEN + qy->q.nlen + 4;
}

size_t dns_build_short(uint8_t *out, const struct dns_query *qy,
		       uint16_t flags, unsigned int rcode)
{
	size_t len;

	put_header(out, qy, flags, rcode, 0, 0);
	len = put_question(out, qy);
	if (qy->edns) {
		dns_put_opt(out + len, DNS_EDNS_SIZE, rcode);
		len += 11;
	}
	return len;
}

size_t dns_client_bufsize(const uint8_t *q, size_t qlen)
{
	struct dns_query qy;

	if (dns_parse_query(q, qlen, &qy) || (qy.flags & DNS_F_QR))
		return 0;
	return dns_query_bufsize(&qy);
}

/* ---- the answers ---- */

/*
 * The text form the zone callbacks take: lowercase, no final dot, and
 * bytes that would make it ambiguous ('.', '\\') or that are not printable
 * as "\." and "\DDD", so that "a.b" as one label can never match a port
 * "a" of domain "b".
 */
static void dns_name_text(const uint8_t *name, char *text, size_t *offs,
			  unsigned int *nlabels)
{
	size_t i = 0;
	char *t = text;
	unsigned int k = 0;

	while (name[i]) {
		size_t l = name[i], j;

		if (t != text)
			*t++ = '.';
		offs[k++] = t - text;
		for (j = i + 1; j <= i + l; j++) {
			uint8_t c = lower(name[j]);

			if (c == '.' || c == '\\') {
				*t++ = '\\';
				*t++ = c;
			} else if (c < 0x21 || c > 0x7e) {
				*t++ = '\\';
				*t++ = '0' + c / 100;
				*t++ = '0' + c / 10 % 10;
				*t++ = '0' + c % 10;
			} else {
				*t++ = c;
			}
		}
		i += 1 + l;
	}
	*t = '\0';
	*nlabels = k;
}

/* A text name from the zone (a port's FQDN) to the wire; -1 if invalid. */
static int text_to_name(const char *text, uint8_t *name, size_t *nlen)
{
	size_t n = 0;

	while (*text) {
		const char *dot = strchr(text, '.');
		size_t l = dot ? (size_t)(dot - text) : strlen(text);

		if (l == 0 || l > 63 || n + 1 + l + 1 > DNS_NAME_MAX)
			return -1;
		name[n] = l;
		memcpy(name + n + 1, text, l);
		n += 1 + l;
		text += l + (dot ? 1 : 0);
		if (dot && !*text)
			break;		/* a final dot */
	}
	name[n++] = 0;
	*nlen = n;
	return 0;
}

/* The labels of a lowercase wire name, for the reverse zones. */
static unsigned int name_labels(const uint8_t *name, const uint8_t **lab,
				unsigned int max)
{
	unsigned int k = 0;
	size_t i = 0;

	while (name[i] && k < max) {
		lab[k++] = name + i;
		i += 1 + name[i];
	}
	return name[i] ? max + 1 : k;
}

static bool label_is(const uint8_t *lab, const char *s)
{
	return lab[0] == strlen(s) && !memcmp(lab + 1, s, lab[0]);
}

static int hexval(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * d.c.b.a.in-addr.arpa or 32 nibbles of ip6.arpa, of a lowercase name.
 * Return: the family, or 0 when the name is not one (a shorter name is a
 * zone of addresses, not one of them).
 */
static int reverse_addr(const uint8_t *name, uint8_t addr[16])
{
	const uint8_t *lab[35];
	unsigned int k = name_labels(name, lab, 35), i, j;

	if (k == 6 && label_is(lab[4], "in-addr") && label_is(lab[5], "arpa")) {
		for (i = 0; i < 4; i++) {
			unsigned int v = 0;

			if (lab[i][0] < 1 || lab[i][0] > 3 ||
			    (lab[i][0] > 1 && lab[i][1] == '0'))
				return 0;
			for (j = 1; j <= lab[i][0]; j++) {
				if (lab[i][j] < '0' || lab[i][j] > '9')
					return 0;
				v = v * 10 + lab[i][j] - '0';
			}
			if (v > 255)
				return 0;
			addr[3 - i] = v;
		}
		return AF_INET;
	}
	if (k == 34 && label_is(lab[32], "ip6") && label_is(lab[33], "arpa")) {
		memset(addr, 0, 16);
		for (i = 0; i < 32; i++) {
			int v = lab[i][0] == 1 ? hexval(lab[i][1]) : -1;

			if (v < 0)
				return 0;
			addr[15 - i / 2] |= i % 2 ? v << 4 : v;
		}
		return AF_INET6;
	}
	return 0;
}

/* A reply being built: full answers are checked against the buffer. */
struct wbuf {
	uint8_t *p;
	size_t len;
};

static void w_rr(struct wbuf *w, uint16_t owner, uint16_t type,
		 uint32_t ttl, const void *rdata, size_t rdlen)
{
	uint8_t *p = w->p + w->len;

	dns_put16(p, 0xc000 | owner);
	dns_put16(p + 2, type);
	dns_put16(p + 4, DNS_C_IN);
	dns_put32(p + 6, ttl);
	dns_put16(p + 10, rdlen);
	memcpy(p + 12, rdata, rdlen);
	w->len += 12 + rdlen;
}

/* The SOA of the apex, which is the question's name from @apex_off on. */
static void w_soa(struct wbuf *w, uint16_t apex_off)
{
	static const uint8_t host[] = "\012hostmaster";
	uint8_t rd[2 + sizeof(host) - 1 + 2 + 20], *p = rd;

	dns_put16(p, 0xc000 | apex_off);	/* MNAME: the apex itself */
	p += 2;
	memcpy(p, host, sizeof(host) - 1);	/* RNAME: hostmaster.apex */
	p += sizeof(host) - 1;
	dns_put16(p, 0xc000 | apex_off);
	p += 2;
	dns_put32(p, 1);			/* serial: nothing transfers */
	dns_put32(p + 4, 3600);			/* refresh */
	dns_put32(p + 8, 600);			/* retry */
	dns_put32(p + 12, 86400);		/* expire */
	dns_put32(p + 16, DNS_NEG_TTL);		/* minimum */
	p += 20;
	w_rr(w, apex_off, DNS_T_SOA, DNS_NEG_TTL, rd, p - rd);
}

struct answer {
	unsigned int rcode;
	unsigned int an, ns;
};

/* PTR: -1 when the zone does not know the address (forward it). */
static int answer_ptr(const struct dns_zone *zone, const struct svc_net *net,
		      const uint8_t *lname, struct wbuf *w, struct answer *a)
{
	uint8_t addr[16], name[DNS_NAME_MAX];
	char text[DNS_TEXT_MAX];
	size_t nlen;
	int family = reverse_addr(lname, addr);

	if (!family)
		return -1;
	text[0] = '\0';
	if (!zone->lookup_addr(zone->arg, net, family, addr, text,
			       sizeof(text)))
		return -1;
	text[sizeof(text) - 1] = '\0';
	if (text_to_name(text, name, &nlen))
		return -1;
	w_rr(w, DNS_HDR_LEN, DNS_T_PTR, DNS_LOCAL_TTL, name, nlen);
	a->an = 1;
	return 0;
}

static void answer_local(const struct dns_zone *zone,
			 const struct svc_net *net, const struct dns_query *qy,
			 const char *text, const size_t *offs,
			 unsigned int nlabels, struct wbuf *w, struct answer *a)
{
	struct in_addr v4[DNS_ADDRS_MAX];
	struct in6_addr v6[DNS_ADDRS_MAX];
	unsigned int n4 = 0, n6 = 0, apex = 0, i;
	uint16_t type = qy->q.qtype, apex_off = DNS_HDR_LEN;
	size_t pos = 0;

	/* The apex: the shortest name above this one that is still local. */
	for (i = 1; i < nlabels; i++) {
		if (!zone->is_local(zone->arg, net, text + offs[i]))
			break;
		apex = i;
	}
	for (i = 0; i < apex; i++)
		pos += 1 + qy->q.name[pos];
	apex_off += pos;

	if (apex == 0) {
		if (type == DNS_T_SOA || type == DNS_T_ANY) {
			w_soa(w, apex_off);
			a->an = 1;
			return;
		}
	} else if (!zone->lookup_name(zone->arg, net, text, v4, &n4, v6, &n6,
				      DNS_ADDRS_MAX)) {
		a->rcode = DNS_R_NXDOMAIN;
		w_soa(w, apex_off);
		a->ns = 1;
		return;
	}
	if (n4 > DNS_ADDRS_MAX)
		n4 = DNS_ADDRS_MAX;
	if (n6 > DNS_ADDRS_MAX)
		n6 = DNS_ADDRS_MAX;
	if (apex > 0 && (type == DNS_T_A || type == DNS_T_ANY))
		for (i = 0; i < n4; i++, a->an++)
			w_rr(w, DNS_HDR_LEN, DNS_T_A, DNS_LOCAL_TTL, &v4[i], 4);
	if (apex > 0 && (type == DNS_T_AAAA || type == DNS_T_ANY))
		for (i = 0; i < n6; i++, a->an++)
			w_rr(w, DNS_HDR_LEN, DNS_T_AAAA, DNS_LOCAL_TTL,
			     &v6[i], 16);
	if (!a->an) {			/* NODATA */
		w_soa(w, apex_off);
		a->ns = 1;
	}
}

static enum dns_verdict reply(const struct dns_query *qy, uint8_t *out,
			      size_t *outlen, struct svc_counters *c,
			      uint16_t flags, unsigned int rcode)
{
	*outlen = dns_build_short(out, qy, flags, rcode);
	c->dns_local++;
	return DNS_REPLY;
}

enum dns_verdict dns_answer(const struct dns_zone *zone,
			    const struct svc_net *net, const uint8_t *q,
			    size_t qlen, uint8_t *out, size_t *outlen,
			    struct svc_counters *c)
{
	/* Answers of 64 A and 64 AAAA records fit easily. */
	uint8_t buf[DNS_HDR_LEN + DNS_NAME_MAX + 4 + 11 +
		    DNS_ADDRS_MAX * (12 + 4 + 12 + 16) + 128];
	uint8_t lname[DNS_NAME_MAX];
	char text[DNS_TEXT_MAX];
	size_t offs[DNS_NAME_MAX / 2 + 1];
	struct answer a = { 0 };
	struct dns_query qy;
	struct wbuf w = { .p = buf };
	unsigned int nlabels;
	uint16_t flags;

	c->dns_queries++;
	if (qlen < DNS_HDR_LEN || (dns_get16(q + 2) & DNS_F_QR))
		goto drop;
	flags = dns_get16(q + 2);
	if (DNS_OPCODE(flags) != 0) {
		/* Header only: other opcodes' sections need not be questions. */
		memset(out, 0, DNS_HDR_LEN);
		memcpy(out, q, 2);
		dns_put16(out + 2, DNS_F_QR | DNS_F_RA | (flags & 0x7800) |
			  (flags & DNS_F_RD) | DNS_R_NOTIMP);
		*outlen = DNS_HDR_LEN;
		c->dns_local++;
		return DNS_REPLY;
	}
	if (dns_parse_query(q, qlen, &qy))
		goto drop;
	if (qy.edns && qy.edns_version != 0)
		return reply(&qy, out, outlen, c, 0, DNS_R_BADVERS);

	memcpy(lname, qy.q.name, qy.q.nlen);
	dns_name_lower(lname, qy.q.nlen);
	dns_name_text(lname, text, offs, &nlabels);

	if (qy.q.qclass != DNS_C_IN)
		return DNS_FORWARD;
	w.len = put_question(buf, &qy);
	if (qy.q.qtype == DNS_T_PTR && answer_ptr(zone, net, lname, &w, &a) == 0) {
		flags = DNS_F_AA;
	} else if (nlabels && !strchr(text, '\\') &&
		   zone->is_local(zone->arg, net, text)) {
		/* Zone transfers and other meta types are not for us. */
		if (qy.q.qtype >= 128 && qy.q.qtype != DNS_T_ANY)
			return reply(&qy, out, outlen, c, 0, DNS_R_NOTIMP);
		answer_local(zone, net, &qy, text, offs, nlabels, &w, &a);
		flags = DNS_F_AA;
	} else {
		return DNS_FORWARD;
	}

	if (a.rcode == DNS_R_NXDOMAIN)
		c->dns_nxdomain++;
	if (qy.edns) {
		dns_put_opt(buf + w.len, DNS_EDNS_SIZE, 0);
		w.len += 11;
	}
	if (w.len > dns_query_bufsize(&qy)) {
		/* The client asks again over TCP, or with EDNS0. */
		c->dns_truncated++;
		return reply(&qy, out, outlen, c, flags | DNS_F_TC, a.rcode);
	}
	put_header(buf, &qy, flags, a.rcode, a.an, a.ns);
	memcpy(out, buf, w.len);
	*outlen = w.len;
	c->dns_local++;
	return DNS_REPLY;
drop:
	c->dns_malformed++;
	return DNS_DROP;
}
