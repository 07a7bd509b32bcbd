/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Ethernet/IPv4/IPv6/UDP/ICMPv6 framing for ovxd: parse what a guest sent,
 * build what is sent back.  Frames come from guests: every length and
 * checksum is checked before a byte is believed.
 */
#ifndef OVX_SVC_PKT_H
#define OVX_SVC_PKT_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

/* A UDP datagram or ICMPv6 message found in a frame. */
struct pkt_info {
	uint8_t eth_dst[6];
	uint8_t eth_src[6];
	int family;			/* AF_INET or AF_INET6 */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	} src, dst;
	uint8_t proto;			/* IPPROTO_UDP or IPPROTO_ICMPV6 */
	uint8_t ttl;			/* TTL or hop limit */
	uint16_t sport, dport;		/* UDP only, host order */
	const uint8_t *payload;		/* UDP payload, or the whole ICMPv6 */
	size_t len;			/* message (from its type byte) */
};

/*
 * pkt_parse() - find the UDP (IPv4 or IPv6) or ICMPv6 message in a frame
 * Return: 0, or -1 when the frame is not one (truncated, bad header
 * length, fragment, bad UDP length or checksum, VLAN tag, extension
 * headers).
 */
int pkt_parse(const uint8_t *frame, size_t len, struct pkt_info *out);

/*
 * pkt_udp4() / pkt_udp6() / pkt_icmp6() - build a frame into @out (of
 * @cap bytes) with checksums.  Return: the frame's length, or 0 when it
 * does not fit.
 */
size_t pkt_udp4(uint8_t *out, size_t cap, const uint8_t src_mac[6],
		const uint8_t dst_mac[6], struct in_addr src,
		struct in_addr dst, uint16_t sport, uint16_t dport,
		const void *payload, size_t len);
size_t pkt_udp6(uint8_t *out, size_t cap, const uint8_t src_mac[6],
		const uint8_t dst_mac[6], const struct in6_addr *src,
		const struct in6_addr *dst, uint16_t sport, uint16_t dport,
		const void *payload, size_t len);
/* @msg starts at the ICMPv6 type; its checksum field is filled in. */
size_t pkt_icmp6(uint8_t *out, size_t cap, const uint8_t src_mac[6],
		 const uint8_t dst_mac[6], const struct in6_addr *src,
		 const struct in6_addr *dst, uint8_t hop_limit,
		 const void *msg, size_t len);

/* The EUI-64 link-local address of a MAC (fe80::/64). */
void pkt_mac_to_ll6(const uint8_t mac[6], struct in6_addr *out);
/* The SLAAC address of a MAC in a /64 prefix (EUI-64 interface id). */
void pkt_mac_to_slaac(const uint8_t mac[6], const struct in6_addr *prefix,
		      struct in6_addr *out);

/*
 * pkt_dns_name() - @name (dotted, without the final dot) in the wire form
 * of RFC 1035 3.1, for DHCP option 119 and the RA's DNSSL.  Return: its
 * length, or 0 when @name is empty, not a valid name, or does not fit @cap.
 */
size_t pkt_dns_name(const char *name, uint8_t *out, size_t cap);

#endif
