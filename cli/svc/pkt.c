// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Framing for ovxd.  Everything here reads frames a guest wrote, so no
 * length field is used before it is checked against what was received, and
 * no header is read before the bytes it spans are known to be there.
 * Multi-byte fields are read and written byte by byte: frames are not
 * aligned.
 */
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>

#include "pkt.h"

#define ETH_HLEN	14
#define ETH_P_IP	0x0800
#define ETH_P_IPV6	0x86dd
#define IP4_HLEN	20
#define IP6_HLEN	40
#define UDP_HLEN	8
#define IP4_TTL		64
#define IP6_HOPS	64

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

/* The ones' complement sum of RFC 1071, not yet folded nor inverted. */
static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += get16(p + i);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static uint32_t pseudo4(struct in_addr src, struct in_addr dst,
			uint8_t proto, size_t len)
{
	uint32_t sum = 0;

	sum = csum_add(sum, (const uint8_t *)&src, 4);
	sum = csum_add(sum, (const uint8_t *)&dst, 4);
	sum += proto;
	sum += (uint32_t)len;
	return sum;
}

static uint32_t pseudo6(const struct in6_addr *src, const struct in6_addr *dst,
			uint8_t proto, size_t len)
{
	uint32_t sum = 0;

	sum = csum_add(sum, src->s6_addr, 16);
	sum = csum_add(sum, dst->s6_addr, 16);
	sum += (uint32_t)(len >> 16);
	sum += (uint32_t)(len & 0xffff);
	sum += proto;
	return sum;
}

static int parse_udp(const uint8_t *p, size_t avail, uint32_t pseudo,
		     bool zero_ok, struct pkt_info *out)
{
	size_t ulen;
	uint16_t ck;

	if (avail < UDP_HLEN)
		return -1;
	ulen = get16(p + 4);
	/* A shorter UDP length than the IP payload is legal (trailing bytes
	 * are not ours); a longer one is a lie.
	 */
	if (ulen < UDP_HLEN || ulen > avail)
		return -1;
	ck = get16(p + 6);
	if (ck == 0) {
		if (!zero_ok)
			return -1;
	} else if (csum_fold(csum_add(pseudo + (uint32_t)ulen, p, ulen))) {
		return -1;
	}
	out->sport = get16(p);
	out->dport = get16(p + 2);
	out->payload = p + UDP_HLEN;
	out->len = ulen - UDP_HLEN;
	return 0;
}

static int parse_ip4(const uint8_t *p, size_t avail, struct pkt_info *out)
{
	size_t ihl, tot;
	uint32_t sum;

	if (avail < IP4_HLEN || p[0] >> 4 != 4)
		return -1;
	ihl = (size_t)(p[0] & 0x0f) * 4;
	tot = get16(p + 2);
	/* Ethernet pads short frames, so the frame may be longer than tot. */
	if (ihl < IP4_HLEN || ihl > avail || tot < ihl || tot > avail)
		return -1;
	/* MF set or a fragment offset: a fragment, not a whole datagram. */
	if (get16(p + 6) & 0x3fff)
		return -1;
	if (csum_fold(csum_add(0, p, ihl)))
		return -1;
	if (p[9] != IPPROTO_UDP)
		return -1;
	out->family = AF_INET;
	out->proto = IPPROTO_UDP;
	out->ttl = p[8];
	memcpy(&out->src.v4, p + 12, 4);
	memcpy(&out->dst.v4, p + 16, 4);
	/* parse_udp() adds the pseudo header's length, UDP's own. */
	sum = pseudo4(out->src.v4, out->dst.v4, IPPROTO_UDP, 0);
	return parse_udp(p + ihl, tot - ihl, sum, true, out);
}

static int parse_ip6(const uint8_t *p, size_t avail, struct pkt_info *out)
{
	size_t plen;
	uint32_t sum;

	if (avail < IP6_HLEN || p[0] >> 4 != 6)
		return -1;
	plen = get16(p + 4);
	if (plen > avail - IP6_HLEN)
		return -1;
	out->family = AF_INET6;
	out->ttl = p[7];
	memcpy(&out->src.v6, p + 8, 16);
	memcpy(&out->dst.v6, p + 24, 16);
	p += IP6_HLEN;
	switch (p[-IP6_HLEN + 6]) {
	case IPPROTO_UDP:
		out->proto = IPPROTO_UDP;
		/* UDP over IPv6 must carry a checksum (RFC 8200 8.1). */
		sum = pseudo6(&out->src.v6, &out->dst.v6, IPPROTO_UDP, 0);
		return parse_udp(p, plen, sum, false, out);
	case IPPROTO_ICMPV6:
		out->proto = IPPROTO_ICMPV6;
		if (plen < 4)
			return -1;
		sum = pseudo6(&out->src.v6, &out->dst.v6, IPPROTO_ICMPV6, plen);
		if (csum_fold(csum_add(sum, p, plen)))
			return -1;
		out->sport = out->dport = 0;
		out->payload = p;
		out->len = plen;
		return 0;
	default:
		/* Extension headers too: nothing ovxd answers has them. */
		return -1;
	}
}

int pkt_parse(const uint8_t *frame, size_t len, struct pkt_info *out)
{
	memset(out, 0, sizeof(*out));
	if (!frame || len < ETH_HLEN)
		return -1;
	memcpy(out->eth_dst, frame, 6);
	memcpy(out->eth_src, frame + 6, 6);
	switch (get16(frame + 12)) {
	case ETH_P_IP:
		return parse_ip4(frame + ETH_HLEN, len - ETH_HLEN, out);
	case ETH_P_IPV6:
		return parse_ip6(frame + ETH_HLEN, len - ETH_HLEN, out);
	default:
		/* VLAN tags included: ports deliver untagged frames. */
		return -1;
	}
}

static void put_eth(uint8_t *out, const uint8_t src_mac[6],
		    const uint8_t dst_mac[6], uint16_t proto)
{
	memcpy(out, dst_mac, 6);
	memcpy(out + 6, src_mac, 6);
	put16(out + 12, proto);
}

static void put_ip6(uint8_t *p, const struct in6_addr *src,
		    const struct in6_addr *dst, uint8_t nexthdr,
		    uint8_t hop_limit, size_t plen)
{
	p[0] = 0x60;
	p[1] = p[2] = p[3] = 0;
	put16(p + 4, (uint16_t)plen);
	p[6] = nexthdr;
	p[7] = hop_limit;
	memcpy(p + 8, src->s6_addr, 16);
	memcpy(p + 24, dst->s6_addr, 16);
}

static void put_udp(uint8_t *p, uint16_t sport, uint16_t dport,
		    const void *payload, size_t len, uint32_t pseudo)
{
	uint16_t ck;

	put16(p, sport);
	put16(p + 2, dport);
	put16(p + 4, (uint16_t)(UDP_HLEN + len));
	put16(p + 6, 0);
	if (len)
		memcpy(p + UDP_HLEN, payload, len);
	ck = csum_fold(csum_add(pseudo, p, UDP_HLEN + len));
	/* 0 would say "no checksum" (RFC 768). */
	put16(p + 6, ck ? ck : 0xffff);
}

size_t pkt_udp4(uint8_t *out, size_t cap, const uint8_t src_mac[6],
		const uint8_t dst_mac[6], struct in_addr src,
		struct in_addr dst, uint16_t sport, uint16_t dport,
		const void *payload, size_t len)
{
	size_t tot = IP4_HLEN + UDP_HLEN + len;
	uint8_t *ip = out + ETH_HLEN;

	if (tot > 0xffff || cap < ETH_HLEN || tot > cap - ETH_HLEN)
		return 0;
	put_eth(out, src_mac, dst_mac, ETH_P_IP);
	ip[0] = 0x45;
	ip[1] = 0;
	put16(ip + 2, (uint16_t)tot);
	put16(ip + 4, 0);
	put16(ip + 6, 0);
	ip[8] = IP4_TTL;
	ip[9] = IPPROTO_UDP;
	put16(ip + 10, 0);
	memcpy(ip + 12, &src, 4);
	memcpy(ip + 16, &dst, 4);
	put16(ip + 10, csum_fold(csum_add(0, ip, IP4_HLEN)));
	put_udp(ip + IP4_HLEN, sport, dport, payload, len,
		pseudo4(src, dst, IPPROTO_UDP, UDP_HLEN + len));
	return ETH_HLEN + tot;
}

size_t pkt_udp6(uint8_t *out, size_t cap, const uint8_t src_mac[6],
		const uint8_t dst_mac[6], const struct in6_addr *src,
		const struct in6_addr *dst, uint16_t sport, uint16_t dport,
		const void *payload, size_t len)
{
	size_t plen = UDP_HLEN + len;

	if (plen > 0xffff || cap < ETH_HLEN + IP6_HLEN ||
	    plen > cap - ETH_HLEN - IP6_HLEN)
		return 0;
	put_eth(out, src_mac, dst_mac, ETH_P_IPV6);
	put_ip6(out + ETH_HLEN, src, dst, IPPROTO_UDP, IP6_HOPS, plen);
	put_udp(out + ETH_HLEN + IP6_HLEN, sport, dport, payload, len,
		pseudo6(src, dst, IPPROTO_UDP, plen));
	return ETH_HLEN + IP6_HLEN + plen;
}

size_t pkt_icmp6(uint8_t *out, size_t cap, const uint8_t src_mac[6],
		 const uint8_t dst_mac[6], const struct in6_addr *src,
		 const struct in6_addr *dst, uint8_t hop_limit,
		 const void *msg, size_t len)
{
	uint8_t *p = out + ETH_HLEN + IP6_HLEN;

	if (len < 4 || len > 0xffff || cap < ETH_HLEN + IP6_HLEN ||
	    len > cap - ETH_HLEN - IP6_HLEN)
		return 0;
	put_eth(out, src_mac, dst_mac, ETH_P_IPV6);
	put_ip6(out + ETH_HLEN, src, dst, IPPROTO_ICMPV6, hop_limit, len);
	memcpy(p, msg, len);
	put16(p + 2, 0);
	put16(p + 2, csum_fold(csum_add(pseudo6(src, dst, IPPROTO_ICMPV6, len),
					p, len)));
	return ETH_HLEN + IP6_HLEN + len;
}

static void eui64(const uint8_t mac[6], uint8_t *id)
{
	/* RFC 4291 appendix A: insert ff:fe and invert the U/L bit. */
	id[0] = mac[0] ^ 0x02;
	id[1] = mac[1];
	id[2] = mac[2];
	id[3] = 0xff;
	id[4] = 0xfe;
	id[5] = mac[3];
	id[6] = mac[4];
	id[7] = mac[5];
}

void pkt_mac_to_ll6(const uint8_t mac[6], struct in6_addr *out)
{
	memset(out, 0, sizeof(*out));
	out->s6_addr[0] = 0xfe;
	out->s6_addr[1] = 0x80;
	eui64(mac, out->s6_addr + 8);
}

void pkt_mac_to_slaac(const uint8_t mac[6], const struct in6_addr *prefix,
		      struct in6_addr *out)
{
	struct in6_addr p = *prefix;	/* @prefix may be @out */

	memcpy(out->s6_addr, p.s6_addr, 8);
	eui64(mac, out->s6_addr + 8);
}

size_t pkt_dns_name(const char *name, uint8_t *out, size_t cap)
{
	size_t n = 0;

	if (!*name)
		return 0;
	for (;;) {
		const char *dot = strchr(name, '.');
		size_t l = dot ? (size_t)(dot - name) : strlen(name);

		if (l == 0 || l > 63 || n + 1 + l + 1 > cap)
			return 0;
		out[n++] = (uint8_t)l;
		memcpy(out + n, name, l);
		n += l;
		if (!dot)
			break;
		name = dot + 1;
	}
	out[n++] = 0;
	/* A name is at most 255 octets on the wire (RFC 1035 2.3.4). */
	return n <= 255 ? n : 0;
}
