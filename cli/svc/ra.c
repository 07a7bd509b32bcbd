// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Router advertisements for guests (RFC 4861 6.2, RFC 4862, RFC 8106):
 * answers to router solicitations and the periodic unsolicited ones.
 * The advertisement only depends on the network, so both are built by the
 * same function; only the destination differs.
 */
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>

#include "dhcp.h"
#include "pkt.h"

#define ND_ROUTER_SOLICIT	133
#define ND_ROUTER_ADVERT	134
#define ND_OPT_SLLA		1
#define ND_OPT_PREFIX		3
#define ND_OPT_MTU		5
#define ND_OPT_RDNSS		25
#define ND_OPT_DNSSL		31
#define ND_HOP_LIMIT		255	/* RFC 4861: the sender is on-link */
#define RA_CUR_HOP_LIMIT	64
#define RA_ROUTER_LIFETIME	1800
#define RA_VALID		86400
#define RA_PREFERRED		14400
/* RFC 8106 5.1 wants at least 3 * MaxRtrAdvInterval (600 s by default). */
#define RA_DNS_LIFETIME		1800
#define PI_ONLINK		0x80
#define PI_AUTO			0x40

static const uint8_t all_nodes_mac[6] = { 0x33, 0x33, 0, 0, 0, 1 };
static const struct in6_addr all_nodes = {
	.s6_addr = { 0xff, 0x02, [15] = 1 },
};

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v & 0xff;
}

static void prefix_mask(struct in6_addr *a, uint8_t len)
{
	unsigned int i;

	for (i = 0; i < 16; i++) {
		if (len >= 8)
			len -= 8;
		else {
			a->s6_addr[i] &= (uint8_t)(0xff00 >> len);
			len = 0;
		}
	}
}

/* RFC 8106 5.1: RDNSS. */
static size_t put_rdnss(uint8_t *p, const struct svc_net *net)
{
	const struct in6_addr *a = net->dns6;
	unsigned int i, n = net->n_dns6;

	if (n > SVC_DNS_MAX)
		n = SVC_DNS_MAX;
	if (!n) {
		/* The service address answers DNS only when the service is. */
		if (!net->has_server6 || !net->dns)
			return 0;
		a = &net->server6;
		n = 1;
	}
	p[0] = ND_OPT_RDNSS;
	p[1] = (uint8_t)(1 + 2 * n);
	put16(p + 2, 0);
	put32(p + 4, RA_DNS_LIFETIME);
	for (i = 0; i < n; i++)
		memcpy(p + 8 + 16 * i, a[i].s6_addr, 16);
	return 8 + 16 * n;
}

/* RFC 8106 5.2: DNSSL, the name padded with zeros to 8 bytes. */
static size_t put_dnssl(uint8_t *p, const struct svc_net *net)
{
	size_t l, tot;

	if (strnlen(net->domain, sizeof(net->domain)) >= sizeof(net->domain))
		return 0;
	l = pkt_dns_name(net->domain, p + 8, 256);
	if (!l)
		return 0;
	tot = (8 + l + 7) / 8 * 8;
	memset(p + 8 + l, 0, tot - 8 - l);
	p[0] = ND_OPT_DNSSL;
	p[1] = (uint8_t)(tot / 8);
	put16(p + 2, 0);
	put32(p + 4, RA_DNS_LIFETIME);
	return tot;
}

static int build(const struct svc_net *net, const uint8_t dst_mac[6],
		 const struct in6_addr *dst, uint8_t *out)
{
	/* Header 16, SLLA 8, MTU 8, prefixes, RDNSS, DNSSL up to 264. */
	uint8_t m[16 + 8 + 8 + 32 * SVC_PREFIX6_MAX + 8 + 16 * SVC_DNS_MAX +
		  8 + 264];
	struct in6_addr src;
	unsigned int i;
	size_t n;

	if (!net->n_prefix6 && !net->has_router)
		return 0;
	memset(m, 0, 16);
	m[0] = ND_ROUTER_ADVERT;
	m[4] = RA_CUR_HOP_LIMIT;
	/* Managed and other-config flags stay 0: SLAAC, no DHCPv6. */
	put16(m + 6, net->has_router ? RA_ROUTER_LIFETIME : 0);
	n = 16;

	m[n] = ND_OPT_SLLA;
	m[n + 1] = 1;
	memcpy(m + n + 2, net->server_mac, 6);
	n += 8;

	/* Below the IPv6 minimum a guest would ignore it (RFC 8200 5). */
	if (net->mtu >= 1280) {
		m[n] = ND_OPT_MTU;
		m[n + 1] = 1;
		put16(m + n + 2, 0);
		put32(m + n + 4, net->mtu);
		n += 8;
	}

	for (i = 0; i < net->n_prefix6 && i < SVC_PREFIX6_MAX; i++) {
		const struct svc_prefix6 *pf = &net->prefix6[i];
		struct in6_addr a = pf->prefix;

		if (pf->len > 128)
			continue;
		prefix_mask(&a, pf->len);
		m[n] = ND_OPT_PREFIX;
		m[n + 1] = 4;
		m[n + 2] = pf->len;
		/* SLAAC needs a 64-bit interface id (RFC 4862 5.5.3 d):
		 * offering it for other lengths only gets warnings.
		 */
		m[n + 3] = PI_ONLINK | (pf->len == 64 ? PI_AUTO : 0);
		put32(m + n + 4, RA_VALID);
		put32(m + n + 8, RA_PREFERRED);
		put32(m + n + 12, 0);
		memcpy(m + n + 16, a.s6_addr, 16);
		n += 32;
	}
	n += put_rdnss(m + n, net);
	n += put_dnssl(m + n, net);

	pkt_mac_to_ll6(net->server_mac, &src);
	return (int)pkt_icmp6(out, SVC_FRAME_MAX, net->server_mac, dst_mac,
			      &src, dst, ND_HOP_LIMIT, m, n);
}

int ra_build(const struct svc_net *net, const struct svc_port *port,
	     uint8_t *out)
{
	(void)port;	/* all-nodes on the port reaches its guest */
	return build(net, all_nodes_mac, &all_nodes, out);
}

/* RFC 4861 6.1.1, what a router must check of a solicitation. */
static int valid_rs(const struct pkt_info *pi)
{
	static const struct in6_addr any;
	bool unspec = !memcmp(&pi->src.v6, &any, sizeof(any));
	const uint8_t *m = pi->payload;
	size_t i;

	if (pi->family != AF_INET6 || pi->proto != IPPROTO_ICMPV6 ||
	    pi->ttl != ND_HOP_LIMIT || pi->len < 8 ||
	    m[0] != ND_ROUTER_SOLICIT || m[1] != 0)
		return -1;
	for (i = 8; i < pi->len; ) {
		size_t ol;

		if (pi->len - i < 2)
			return -1;
		ol = (size_t)m[i + 1] * 8;
		if (!ol || ol > pi->len - i)
			return -1;
		if (m[i] == ND_OPT_SLLA && unspec)
			return -1;
		i += ol;
	}
	return 0;
}

int ra_handle_rs(const struct svc_net *net, const struct svc_port *port,
		 const uint8_t *frame, size_t len, uint8_t *out,
		 struct svc_counters *c)
{
	static const struct in6_addr any;
	struct pkt_info pi;
	int ret;

	(void)port;
	if (pkt_parse(frame, len, &pi) || valid_rs(&pi)) {
		c->ra_malformed++;
		return -1;
	}
	c->rs++;
	/* A guest without an address yet hears the answer on all-nodes. */
	if (!memcmp(&pi.src.v6, &any, sizeof(any)))
		ret = build(net, all_nodes_mac, &all_nodes, out);
	else
		ret = build(net, pi.eth_src, &pi.src.v6, out);
	if (ret > 0)
		c->ra_sent++;
	return ret;
}
