// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Unit tests of ovxd's framing (svc/pkt.c), DHCPv4 server (svc/dhcp4.c)
 * and router advertisements (svc/ra.c).  Requests are written byte by byte
 * and framed by the test's own code; replies are taken apart by the test's
 * own decoder, with checksums computed independently of pkt.c.  Every
 * frame handed to the code under test is a heap copy of exactly its
 * length, so ASan sees any read past it.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "svc/dhcp.h"
#include "svc/pkt.h"
#include "ktap.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const uint8_t server_mac[6] = { 0x02, 0, 0, 0, 0, 0xfe };
static const uint8_t guest_mac[6] = { 0x02, 0, 0, 0, 0, 0x01 };
static const uint8_t other_mac[6] = { 0x02, 0, 0, 0, 0, 0x02 };
static const uint8_t all_nodes_mac[6] = { 0x33, 0x33, 0, 0, 0, 1 };

static struct in_addr ip4(const char *s)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		abort();
	return a;
}

static struct in6_addr ip6(const char *s)
{
	struct in6_addr a;

	if (inet_pton(AF_INET6, s, &a) != 1)
		abort();
	return a;
}

static uint8_t *dup_exact(const uint8_t *p, size_t len)
{
	uint8_t *q = malloc(len ? len : 1);

	if (!q)
		abort();
	if (len)
		memcpy(q, p, len);
	return q;
}

/* The test's own checksum: 64-bit sum of big-endian words, then folded. */
static uint16_t sum16(const uint8_t *p, size_t len)
{
	uint64_t s = 0;
	size_t i;

	for (i = 0; i < len; i++)
		s += (i & 1) ? p[i] : (uint64_t)p[i] << 8;
	while (s > 0xffff)
		s = (s >> 16) + (s & 0xffff);
	return (uint16_t)~s;
}

/* Checksum of a transport segment with its pseudo header laid out. */
static uint16_t l4sum(int family, const uint8_t *src, const uint8_t *dst,
		      uint8_t proto, const uint8_t *seg, size_t len)
{
	uint8_t *b = calloc(1, 40 + len);
	size_t n;
	uint16_t r;

	if (!b)
		abort();
	if (family == AF_INET) {
		memcpy(b, src, 4);
		memcpy(b + 4, dst, 4);
		b[9] = proto;
		b[10] = len >> 8;
		b[11] = len & 0xff;
		n = 12;
	} else {
		memcpy(b, src, 16);
		memcpy(b + 16, dst, 16);
		b[34] = len >> 8;
		b[35] = len & 0xff;
		b[39] = proto;
		n = 40;
	}
	memcpy(b + n, seg, len);
	r = sum16(b, n + len);
	free(b);
	return r;
}

static void wr16(uint8_t *p, unsigned int v)
{
	p[0] = (v >> 8) & 0xff;
	p[1] = v & 0xff;
}

static unsigned int rd16(const uint8_t *p)
{
	return (unsigned int)p[0] << 8 | p[1];
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* Frames a DHCP payload as a client would: Ethernet, IPv4, UDP 68 -> 67. */
static size_t wrap4(uint8_t *f, const uint8_t src_mac[6], const char *src,
		    const char *dst, unsigned int dport, const uint8_t *pl,
		    size_t len, bool udp_csum)
{
	struct in_addr s = ip4(src), d = ip4(dst);
	uint8_t *ip = f + 14, *udp = f + 34;

	memset(f, 0xff, 6);
	memcpy(f + 6, src_mac, 6);
	wr16(f + 12, 0x0800);
	memset(ip, 0, 20);
	ip[0] = 0x45;
	wr16(ip + 2, 28 + len);
	ip[8] = 64;
	ip[9] = 17;
	memcpy(ip + 12, &s, 4);
	memcpy(ip + 16, &d, 4);
	wr16(ip + 10, sum16(ip, 20));
	wr16(udp, 68);
	wr16(udp + 2, dport);
	wr16(udp + 4, 8 + len);
	wr16(udp + 6, 0);
	memcpy(udp + 8, pl, len);
	if (udp_csum) {
		uint16_t c = l4sum(AF_INET, ip + 12, ip + 16, 17, udp, 8 + len);

		wr16(udp + 6, c ? c : 0xffff);
	}
	return 42 + len;
}

/* A client message: BOOTP header, cookie, then @opts as given. */
static size_t bootp(uint8_t *m, uint8_t op, const uint8_t chaddr[6],
		    const char *ciaddr, uint16_t flags, const uint8_t *opts,
		    size_t olen)
{
	struct in_addr ci = ip4(ciaddr);

	memset(m, 0, 240);
	m[0] = op;
	m[1] = 1;
	m[2] = 6;
	m[4] = 0x12;
	m[5] = 0x34;
	m[6] = 0x56;
	m[7] = 0x78;
	wr16(m + 8, 3);		/* secs */
	wr16(m + 10, flags);
	memcpy(m + 12, &ci, 4);
	memcpy(m + 28, chaddr, 6);
	m[236] = 99;
	m[237] = 130;
	m[238] = 83;
	m[239] = 99;
	memcpy(m + 240, opts, olen);
	return 240 + olen;
}

struct req {
	uint8_t type;
	const char *ciaddr;
	uint16_t flags;
	const char *req_ip;	/* option 50, NULL none */
	const char *server_id;	/* option 54, NULL none */
	const uint8_t *chaddr;
	const uint8_t *eth_src;
};

/* A DHCP client message as udhcpc or dhclient would send it. */
static size_t dhcp_msg(uint8_t *m, const struct req *r)
{
	uint8_t o[128];
	size_t n = 0;
	struct in_addr a;

	o[n++] = 53;
	o[n++] = 1;
	o[n++] = r->type;
	o[n++] = 61;
	o[n++] = 7;
	o[n++] = 1;
	memcpy(o + n, r->chaddr ? r->chaddr : guest_mac, 6);
	n += 6;
	if (r->req_ip) {
		a = ip4(r->req_ip);
		o[n++] = 50;
		o[n++] = 4;
		memcpy(o + n, &a, 4);
		n += 4;
	}
	if (r->server_id) {
		a = ip4(r->server_id);
		o[n++] = 54;
		o[n++] = 4;
		memcpy(o + n, &a, 4);
		n += 4;
	}
	o[n++] = 57;
	o[n++] = 2;
	o[n++] = 0x02;
	o[n++] = 0x40;		/* 576 */
	o[n++] = 55;
	o[n++] = 9;
	memcpy(o + n, (uint8_t[]){ 1, 3, 6, 12, 15, 26, 28, 119, 121 }, 9);
	n += 9;
	o[n++] = 0;		/* a pad before the end */
	o[n++] = 255;
	return bootp(m, 1, r->chaddr ? r->chaddr : guest_mac,
		     r->ciaddr ? r->ciaddr : "0.0.0.0", r->flags, o, n);
}

static size_t dhcp_frame(uint8_t *f, const struct req *r)
{
	uint8_t m[512];
	size_t n = dhcp_msg(m, r);

	return wrap4(f, r->eth_src ? r->eth_src : guest_mac,
		     r->ciaddr ? r->ciaddr : "0.0.0.0", "255.255.255.255",
		     67, m, n, true);
}

static void setup_net(struct svc_net *net)
{
	memset(net, 0, sizeof(*net));
	strcpy(net->name, "blue");
	net->vni = 100;
	net->dhcp = true;
	net->dns = true;
	strcpy(net->domain, "blue.internal");
	net->lease = 7200;
	net->mtu = 1450;
	memcpy(net->server_mac, server_mac, 6);
	net->has_router = true;
	net->has_server4 = true;
	net->server4 = ip4("10.0.0.1");
	net->prefix4_len = 24;
	net->has_server6 = true;
	net->server6 = ip6("fd00::1");
	net->n_routes4 = 2;
	net->routes4[0] = (struct svc_route4){ ip4("10.1.0.0"), 16,
					       ip4("10.0.0.1") };
	net->routes4[1] = (struct svc_route4){ ip4("192.168.5.0"), 24,
					       ip4("10.0.0.254") };
	net->n_prefix6 = 2;
	net->prefix6[0] = (struct svc_prefix6){ ip6("fd00::"), 64 };
	/* Host bits set: the advertisement must carry the prefix only. */
	net->prefix6[1] = (struct svc_prefix6){ ip6("2001:db8:1:ff::5"), 48 };
}

static void setup_port(struct svc_port *port)
{
	memset(port, 0, sizeof(*port));
	port->ifindex = 7;
	strcpy(port->name, "vm1");
	port->has_mac = true;
	memcpy(port->mac, guest_mac, 6);
	port->n4 = 2;
	port->ip4[0] = ip4("10.0.0.5");
	port->ip4[1] = ip4("10.0.0.6");
}

/* A reply taken apart by the test; options concatenated per RFC 3396. */
struct reply {
	bool ok;
	const char *why;
	uint8_t eth_dst[6], eth_src[6];
	struct in_addr ip_src, ip_dst;
	uint8_t ttl;
	unsigned int sport, dport, ip_len;
	const uint8_t *msg;
	size_t len;
	uint8_t op, flags_hi;
	struct in_addr ciaddr, yiaddr, siaddr, giaddr;
	uint8_t chaddr[16];
	uint32_t xid;
	bool has[256];
	int count[256];
	uint8_t opt[256][1024];
	size_t optlen[256];
	bool end;
};

static void decode(struct reply *d, const uint8_t *f, size_t len)
{
	const uint8_t *ip = f + 14, *udp, *m;
	size_t ihl, tot, ulen, i;

	memset(d, 0, sizeof(*d));
	d->why = "short";
	if (len < 42 || rd16(f + 12) != 0x0800)
		return;
	memcpy(d->eth_dst, f, 6);
	memcpy(d->eth_src, f + 6, 6);
	ihl = (ip[0] & 15) * 4u;
	tot = rd16(ip + 2);
	d->why = "ip header";
	if (ip[0] != 0x45 || tot + 14 != len || sum16(ip, ihl) != 0 ||
	    ip[9] != 17 || (rd16(ip + 6) & 0x3fff))
		return;
	d->ip_len = (unsigned int)tot;
	d->ttl = ip[8];
	memcpy(&d->ip_src, ip + 12, 4);
	memcpy(&d->ip_dst, ip + 16, 4);
	udp = ip + 20;
	ulen = rd16(udp + 4);
	d->why = "udp";
	if (ulen != tot - 20 || rd16(udp + 6) == 0 ||
	    l4sum(AF_INET, ip + 12, ip + 16, 17, udp, ulen) != 0)
		return;
	d->sport = rd16(udp);
	d->dport = rd16(udp + 2);
	m = d->msg = udp + 8;
	d->len = ulen - 8;
	d->why = "bootp";
	if (d->len < 240 || m[236] != 99 || m[237] != 130 || m[238] != 83 ||
	    m[239] != 99)
		return;
	d->op = m[0];
	d->xid = rd32(m + 4);
	d->flags_hi = m[10];
	memcpy(&d->ciaddr, m + 12, 4);
	memcpy(&d->yiaddr, m + 16, 4);
	memcpy(&d->siaddr, m + 20, 4);
	memcpy(&d->giaddr, m + 24, 4);
	memcpy(d->chaddr, m + 28, 16);
	d->why = "options";
	for (i = 240; i < d->len; ) {
		uint8_t code = m[i], l;

		if (code == 0) {
			i++;
			continue;
		}
		if (code == 255) {
			d->end = true;
			break;
		}
		if (i + 2 > d->len || i + 2 + m[i + 1] > d->len)
			return;
		l = m[i + 1];
		memcpy(d->opt[code] + d->optlen[code], m + i + 2, l);
		d->optlen[code] += l;
		d->has[code] = true;
		d->count[code]++;
		i += 2 + (size_t)l;
	}
	if (!d->end)
		return;
	d->why = NULL;
	d->ok = true;
}

static bool opt_is(const struct reply *d, uint8_t code, const void *v,
		   size_t l)
{
	return d->has[code] && d->optlen[code] == l &&
	       !memcmp(d->opt[code], v, l);
}

static bool opt_addr(const struct reply *d, uint8_t code, const char *a)
{
	struct in_addr x = ip4(a);

	return opt_is(d, code, &x, 4);
}

static bool opt_u32(const struct reply *d, uint8_t code, uint32_t v)
{
	uint8_t b[4] = { v >> 24, v >> 16, v >> 8, v };

	return opt_is(d, code, b, 4);
}

/* dhcp4_handle() and ra_handle_rs() share their signature. */
typedef int handler_fn(const struct svc_net *net, const struct svc_port *port,
		       const uint8_t *frame, size_t len, uint8_t *out,
		       struct svc_counters *c);

/* Calls @h on a heap copy of exactly @len bytes, @out filled with junk. */
static int run(handler_fn *h, const struct svc_net *net,
	       const struct svc_port *port, const uint8_t *f, size_t len,
	       uint8_t *out, struct svc_counters *c)
{
	uint8_t *copy = dup_exact(f, len);
	int ret;

	memset(out, 0xa5, SVC_FRAME_MAX);
	ret = h(net, port, copy, len, out, c);
	free(copy);
	return ret;
}

#define run_dhcp(...) run(dhcp4_handle, __VA_ARGS__)
#define run_rs(...) run(ra_handle_rs, __VA_ARGS__)

/* Sends @r as the guest on @port and takes the reply apart into @d. */
static int ask(const struct svc_net *net, const struct svc_port *port,
	       struct svc_counters *c, struct reply *d, const struct req *r)
{
	uint8_t f[600], out[SVC_FRAME_MAX];
	int ret = run_dhcp(net, port, f, dhcp_frame(f, r), out, c);

	decode(d, out, ret > 0 ? (size_t)ret : 0);
	d->msg = NULL;		/* out is gone */
	return ret;
}

static const uint8_t routes121[] = {
	16, 10, 1, 10, 0, 0, 1,
	24, 192, 168, 5, 10, 0, 0, 254,
	0, 10, 0, 0, 1,
};
static const uint8_t search119[] = {
	4, 'b', 'l', 'u', 'e', 8, 'i', 'n', 't', 'e', 'r', 'n', 'a', 'l', 0,
};

/* The configuration every OFFER and ACK of setup_net() carries. */
static void check_config(const struct reply *d, const char *what)
{
	ktap_check(opt_addr(d, 54, "10.0.0.1"), "%s: server id 10.0.0.1",
		   what);
	ktap_check(opt_addr(d, 1, "255.255.255.0"), "%s: subnet mask /24",
		   what);
	ktap_check(opt_addr(d, 3, "10.0.0.1"), "%s: router 10.0.0.1", what);
	ktap_check(opt_addr(d, 6, "10.0.0.1"),
		   "%s: DNS is the service address", what);
	ktap_check(opt_is(d, 15, "blue.internal", 13), "%s: domain name",
		   what);
	ktap_check(opt_is(d, 119, search119, sizeof(search119)),
		   "%s: domain search in RFC 1035 form", what);
	ktap_check(opt_is(d, 26, (uint8_t[]){ 0x05, 0xaa }, 2),
		   "%s: interface MTU 1450", what);
	ktap_check(opt_is(d, 121, routes121, sizeof(routes121)),
		   "%s: classless routes with the default route last", what);
	ktap_check(opt_is(d, 61, (uint8_t[]){ 1, 2, 0, 0, 0, 0, 1 }, 7),
		   "%s: client id echoed (RFC 6842)", what);
	ktap_check(d->end && d->len >= 300 && d->ip_len <= 576,
		   "%s: end option, at least 300 bytes, fits 576", what);
}

static void check_frame(const struct reply *d, const char *what,
			const char *ip_dst)
{
	struct in_addr dst = ip4(ip_dst);

	ktap_check(d->ok, "%s: frame, IP and UDP checksums valid (%s)", what,
		   d->why ? d->why : "ok");
	ktap_check(!memcmp(d->eth_dst, guest_mac, 6) &&
		   !memcmp(d->eth_src, server_mac, 6),
		   "%s: from the server MAC to the client MAC", what);
	ktap_check(d->ip_src.s_addr == ip4("10.0.0.1").s_addr &&
		   d->ip_dst.s_addr == dst.s_addr,
		   "%s: from 10.0.0.1 to %s", what, ip_dst);
	ktap_check(d->sport == 67 && d->dport == 68, "%s: UDP 67 -> 68",
		   what);
	ktap_check(d->op == 2 && d->xid == 0x12345678 &&
		   !memcmp(d->chaddr, guest_mac, 6) &&
		   d->giaddr.s_addr == 0 && d->siaddr.s_addr == 0,
		   "%s: BOOTREPLY with the xid and chaddr", what);
}

static void test_discover(void)
{
	struct svc_net net;
	struct svc_port port;
	struct svc_counters c = { 0 };
	static struct reply d;
	uint8_t f[600], out[SVC_FRAME_MAX];
	size_t n;
	int ret;

	setup_net(&net);
	setup_port(&port);
	ret = ask(&net, &port, &c, &d, &(struct req){ .type = 1 });
	ktap_check(ret > 0, "DISCOVER gets an answer");
	check_frame(&d, "OFFER", "10.0.0.5");
	ktap_check(opt_is(&d, 53, (uint8_t[]){ 2 }, 1), "OFFER: type 2");
	ktap_check(d.yiaddr.s_addr == ip4("10.0.0.5").s_addr &&
		   d.ciaddr.s_addr == 0,
		   "OFFER: yiaddr is the port's first address");
	ktap_check(opt_u32(&d, 51, 7200) && opt_u32(&d, 58, 3600) &&
		   opt_u32(&d, 59, 6300), "OFFER: lease 7200, T1 3600, T2 6300");
	check_config(&d, "OFFER");
	ktap_check(c.dhcp_discover == 1 && c.dhcp_offer == 1 &&
		   c.dhcp_malformed == 0, "OFFER: counted");

	ret = ask(&net, &port, &c, &d,
		  &(struct req){ .type = 1, .flags = 0x8000 });
	ktap_check(ret > 0 && d.ok &&
		   d.ip_dst.s_addr == htonl(INADDR_BROADCAST) &&
		   d.flags_hi == 0x80,
		   "DISCOVER with the broadcast flag: OFFER to 255.255.255.255");

	ret = ask(&net, &port, &c, &d,
		  &(struct req){ .type = 1, .ciaddr = "10.0.0.5" });
	ktap_check(ret > 0 && d.ok && d.ciaddr.s_addr == 0 &&
		   d.ip_dst.s_addr == ip4("10.0.0.5").s_addr,
		   "DISCOVER with ciaddr: OFFER with ciaddr 0, to ciaddr");

	/* A UDP checksum of zero is legal over IPv4. */
	n = dhcp_frame(f, &(struct req){ .type = 1 });
	n = wrap4(f, guest_mac, "0.0.0.0", "255.255.255.255", 67,
		  f + 42, n - 42, false);
	ret = run_dhcp(&net, &port, f, n, out, &c);
	ktap_check(ret > 0, "DISCOVER without a UDP checksum is answered");

	/* Without a router: no option 3, and no default in option 121. */
	net.has_router = false;
	net.n_routes4 = 0;
	net.n_dns4 = 2;
	net.dns4[0] = ip4("192.0.2.53");
	net.dns4[1] = ip4("192.0.2.54");
	net.mtu = 0;
	net.lease = 0;
	net.domain[0] = '\0';
	ret = ask(&net, &port, &c, &d, &(struct req){ .type = 1 });
	ktap_check(ret > 0 && d.ok, "no router: OFFER");
	ktap_check(!d.has[3] && !d.has[121],
		   "no router, no routes: neither option 3 nor 121");
	ktap_check(opt_is(&d, 6, (uint8_t[]){ 192, 0, 2, 53, 192, 0, 2, 54 },
			  8), "configured DNS servers replace the service's");
	ktap_check(!d.has[26] && !d.has[15] && !d.has[119],
		   "no MTU, no domain: no options 26, 15, 119");
	ktap_check(opt_u32(&d, 51, 3600) && opt_u32(&d, 58, 1800),
		   "lease 0 (unset): 3600");

	net.lease = UINT32_MAX;
	ret = ask(&net, &port, &c, &d, &(struct req){ .type = 1 });
	ktap_check(ret > 0 && opt_u32(&d, 51, UINT32_MAX) && !d.has[58] &&
		   !d.has[59], "infinite lease: no T1 nor T2");

	net.n_dns4 = 0;
	net.dns = false;
	ret = ask(&net, &port, &c, &d, &(struct req){ .type = 1 });
	ktap_check(ret > 0 && d.ok && !d.has[6],
		   "DNS service off and no servers: no option 6");

	net.n_routes4 = 1;
	net.routes4[0] = (struct svc_route4){ ip4("172.16.0.0"), 12,
					      ip4("10.0.0.9") };
	ret = ask(&net, &port, &c, &d, &(struct req){ .type = 1 });
	ktap_check(ret > 0 && opt_is(&d, 121, (uint8_t[]){ 12, 172, 16, 10, 0,
							   0, 9 }, 7),
		   "no router, one route: option 121 without a default");
}

static void test_request(void)
{
	struct svc_net net;
	struct svc_port port;
	struct svc_counters c = { 0 };
	static struct reply d;
	int ret;

	setup_net(&net);
	setup_port(&port);

	ret = ask(&net, &port, &c, &d,
		  &(struct req){ .type = 3, .req_ip = "10.0.0.5",
				 .server_id = "10.0.0.1" });
	ktap_check(ret > 0, "REQUEST (selecting) is answered");
	check_frame(&d, "ACK", "10.0.0.5");
	ktap_check(opt_is(&d, 53, (uint8_t[]){ 5 }, 1) &&
		   d.yiaddr.s_addr == ip4("10.0.0.5").s_addr,
		   "ACK: type 5 with yiaddr");
	ktap_check(opt_u32(&d, 51, 7200), "ACK: lease");
	check_config(&d, "ACK");
	ktap_check(c.dhcp_request == 1 && c.dhcp_ack == 1, "ACK: counted");

	ret = ask(&net, &port, &c, &d,
		  &(struct req){ .type = 3, .req_ip = "10.0.0.5",
				 .server_id = "10.0.0.2" });
	ktap_check(ret == 0 && c.dhcp_request == 2 && c.dhcp_ack == 1 &&
		   c.dhcp_nak == 0 && c.dhcp_malformed == 0,
		   "REQUEST for another server: silently ignored");

	ret = ask(&net, &port, &c, &d,
		  &(struct req){ .type = 3, .req_ip = "10.0.0.9",
				 .server_id = "10.0.0.1" });
	ktap_check(ret > 0 && d.ok && opt_is(&d, 53, (uint8_t[]){ 6 }, 1),
		   "REQUEST (selecting) of another address: NAK");

	ret = ask(&net, &port, &c, &d,
		  &(struct req){ .type = 3, .req_ip = "10.0.0.9" });
	ktap_check(ret > 0, "REQUEST (init-reboot) of another address: answered");
	ktap_check(d.ok && opt_is(&d, 53, (uint8_t[]){ 6 }, 1) &&
		   opt_addr(&d, 54, "10.0.0.1"), "NAK: type 6 with server id");
	ktap_check(d.yiaddr.s_addr == 0 && d.ciaddr.s_addr == 0 &&
		   d.ip_dst.s_addr == htonl(INADDR_BROADCAST) &&
		   !memcmp(d.eth_dst, guest_mac, 6),
		   "NAK: no address, broadcast IP to the client's MAC");
	ktap_check(!d.has[51] && !d.has[1] && !d.has[3] && !d.has[6] &&
		   !d.has[121], "NAK: no lease nor configuration");
	ktap_check(c.dhcp_nak == 2, "NAKs counted");

	ret = ask(&net, &port, &c, &d,
		  &(struct req){ .type = 3, .req_ip = "10.0.0.5" });
	ktap_check(ret > 0 && d.ok && opt_is(&d, 53, (uint8_t[]){ 5 }, 1) &&
		   d.ip_dst.s_addr == ip4("10.0.0.5").s_addr,
		   "REQUEST (init-reboot) of its address: ACK");

	ret = ask(&net, &port, &c, &d,
		  &(struct req){ .type = 3, .ciaddr = "10.0.0.5" });
	ktap_check(ret > 0 && d.ok && opt_is(&d, 53, (uint8_t[]){ 5 }, 1) &&
		   d.ciaddr.s_addr == ip4("10.0.0.5").s_addr &&
		   d.yiaddr.s_addr == ip4("10.0.0.5").s_addr &&
		   d.ip_dst.s_addr == ip4("10.0.0.5").s_addr &&
		   opt_u32(&d, 51, 7200),
		   "REQUEST (renewing): ACK unicast to ciaddr");

	ret = ask(&net, &port, &c, &d,
		  &(struct req){ .type = 3, .ciaddr = "10.0.0.6" });
	ktap_check(ret > 0 && d.ok && opt_is(&d, 53, (uint8_t[]){ 6 }, 1),
		   "REQUEST (renewing) of the port's second address: NAK");

	ret = ask(&net, &port, &c, &d, &(struct req){ .type = 3 });
	ktap_check(ret == -1 && c.dhcp_malformed == 1,
		   "REQUEST without server id, requested address or ciaddr: malformed");

	ret = ask(&net, &port, &c, &d,
		  &(struct req){ .type = 3, .server_id = "10.0.0.1" });
	ktap_check(ret == -1 && c.dhcp_malformed == 2,
		   "REQUEST (selecting) without requested address: malformed");

	ret = ask(&net, &port, &c, &d,
		  &(struct req){ .type = 7, .ciaddr = "10.0.0.5",
				 .server_id = "10.0.0.1" });
	ktap_check(ret == 0 && c.dhcp_release == 1, "RELEASE: nothing, counted");
	ret = ask(&net, &port, &c, &d,
		  &(struct req){ .type = 4, .req_ip = "10.0.0.5",
				 .server_id = "10.0.0.1" });
	ktap_check(ret == 0 && c.dhcp_decline == 1, "DECLINE: nothing, counted");

	ret = ask(&net, &port, &c, &d,
		  &(struct req){ .type = 8, .ciaddr = "10.0.0.77" });
	ktap_check(ret > 0, "INFORM is answered");
	ktap_check(d.ok && opt_is(&d, 53, (uint8_t[]){ 5 }, 1) &&
		   d.yiaddr.s_addr == 0 &&
		   d.ip_dst.s_addr == ip4("10.0.0.77").s_addr,
		   "INFORM: ACK without yiaddr, unicast to ciaddr");
	ktap_check(!d.has[51] && !d.has[58] && !d.has[59],
		   "INFORM: no lease times");
	ktap_check(opt_addr(&d, 54, "10.0.0.1") &&
		   opt_addr(&d, 1, "255.255.255.0") &&
		   opt_addr(&d, 3, "10.0.0.1") && opt_addr(&d, 6, "10.0.0.1"),
		   "INFORM: configuration");
	ktap_check(c.dhcp_inform == 1, "INFORM counted");
}

static void test_no_binding(void)
{
	struct svc_net net;
	struct svc_port port;
	struct svc_counters c = { 0 };
	static struct reply d;
	int ret;

	setup_net(&net);
	setup_port(&port);
	port.n4 = 0;
	ret = ask(&net, &port, &c, &d, &(struct req){ .type = 1 });
	ktap_check(ret == 0 && c.dhcp_discover == 1 && c.dhcp_no_binding == 1 &&
		   c.dhcp_offer == 0,
		   "port without an address: no OFFER, counted");
	ret = ask(&net, &port, &c, &d,
		  &(struct req){ .type = 3, .req_ip = "10.0.0.5" });
	ktap_check(ret > 0 && d.ok && opt_is(&d, 53, (uint8_t[]){ 6 }, 1),
		   "port without an address: REQUEST gets a NAK");
	ret = ask(&net, &port, &c, &d,
		  &(struct req){ .type = 3, .req_ip = "10.0.0.5",
				 .server_id = "10.0.0.1" });
	ktap_check(ret > 0 && d.ok && opt_is(&d, 53, (uint8_t[]){ 6 }, 1),
		   "port without an address: selecting REQUEST gets a NAK");

	setup_port(&port);
	net.has_server4 = false;
	memset(&c, 0, sizeof(c));
	ret = ask(&net, &port, &c, &d, &(struct req){ .type = 1 });
	ktap_check(ret == 0 && c.dhcp_discover == 0,
		   "network without a server address: not answered");
}

static void test_spoofing(void)
{
	struct svc_net net;
	struct svc_port port;
	struct svc_counters c = { 0 };
	static struct reply d;
	int ret;

	setup_net(&net);
	setup_port(&port);
	ret = ask(&net, &port, &c, &d,
		  &(struct req){ .type = 1, .chaddr = other_mac,
				 .eth_src = other_mac });
	ktap_check(ret == -1 && c.dhcp_malformed == 1 && c.dhcp_offer == 0,
		   "chaddr and source MAC not the port's MAC: dropped, counted");
	ret = ask(&net, &port, &c, &d,
		  &(struct req){ .type = 1, .chaddr = other_mac });
	ktap_check(ret == -1 && c.dhcp_malformed == 2,
		   "chaddr other than the source MAC: dropped");
	ret = ask(&net, &port, &c, &d,
		  &(struct req){ .type = 7, .ciaddr = "10.0.0.5",
				 .server_id = "10.0.0.1", .chaddr = other_mac,
				 .eth_src = other_mac });
	ktap_check(ret == -1 && c.dhcp_release == 0,
		   "RELEASE naming another MAC: not counted as a release");

	port.has_mac = false;
	ret = ask(&net, &port, &c, &d,
		  &(struct req){ .type = 1, .chaddr = other_mac,
				 .eth_src = other_mac });
	ktap_check(ret > 0 && d.ok && !memcmp(d.eth_dst, other_mac, 6) &&
		   !memcmp(d.chaddr, other_mac, 6),
		   "port without a MAC: the guest's MAC is served");
	ret = ask(&net, &port, &c, &d,
		  &(struct req){ .type = 1, .chaddr = other_mac });
	ktap_check(ret == -1,
		   "port without a MAC: chaddr must still be the source MAC");
}

/* Long options: the split of RFC 3396 and the client's size limit. */
static void test_sizes(void)
{
	struct svc_net net;
	struct svc_port port;
	struct svc_counters c = { 0 };
	static struct reply d;
	uint8_t f[600], m[600], out[SVC_FRAME_MAX], want[65 * 9];
	size_t n, wl = 0;
	unsigned int i;
	int ret;

	setup_net(&net);
	setup_port(&port);
	net.n_routes4 = SVC_ROUTES_MAX;
	for (i = 0; i < SVC_ROUTES_MAX; i++) {
		net.routes4[i].dst.s_addr =
			htonl(0x0a000000u + (i << 16) + 0x1234);
		net.routes4[i].len = 32;
		net.routes4[i].via = ip4("10.0.0.1");
		want[wl++] = 32;
		memcpy(want + wl, &net.routes4[i].dst, 4);
		wl += 4;
		memcpy(want + wl, &net.routes4[i].via, 4);
		wl += 4;
	}
	memcpy(want + wl, (uint8_t[]){ 0, 10, 0, 0, 1 }, 5);
	wl += 5;

	n = dhcp_msg(m, &(struct req){ .type = 1 });
	/* Option 57 (at 240 + 3 + 9) to 1500. */
	ktap_check(m[252] == 57, "test frame: option 57 where expected");
	m[254] = 0x05;
	m[255] = 0xdc;
	n = wrap4(f, guest_mac, "0.0.0.0", "255.255.255.255", 67, m, n, true);
	ret = run_dhcp(&net, &port, f, n, out, &c);
	decode(&d, out, ret > 0 ? (size_t)ret : 0);
	ktap_check(ret > 0 && d.ok && d.ip_len <= 1450,
		   "64 routes: OFFER within the client's 1500 and the MTU");
	ktap_check(opt_is(&d, 121, want, wl) && d.count[121] == 3,
		   "64 routes: option 121 split in three (RFC 3396)");

	n = dhcp_frame(f, &(struct req){ .type = 1 });
	ret = run_dhcp(&net, &port, f, n, out, &c);
	decode(&d, out, ret > 0 ? (size_t)ret : 0);
	ktap_check(ret > 0 && d.ok && d.ip_len <= 576 && d.end,
		   "64 routes, client takes 576: the OFFER fits");
	ktap_check(opt_is(&d, 53, (uint8_t[]){ 2 }, 1) &&
		   opt_addr(&d, 54, "10.0.0.1") && opt_u32(&d, 51, 7200) &&
		   opt_addr(&d, 1, "255.255.255.0"),
		   "64 routes, 576: the essential options are there");
	ktap_check(!d.has[121] || opt_is(&d, 121, want, wl),
		   "64 routes, 576: option 121 whole or absent, never cut");
}

/* A valid DISCOVER, to be spoilt. */
static size_t discover(uint8_t *f)
{
	return dhcp_frame(f, &(struct req){ .type = 1 });
}

static int malformed(const uint8_t *f, size_t n)
{
	struct svc_net net;
	struct svc_port port;
	struct svc_counters c = { 0 };
	uint8_t out[SVC_FRAME_MAX];
	int ret;

	setup_net(&net);
	setup_port(&port);
	ret = run_dhcp(&net, &port, f, n, out, &c);
	return ret == -1 && c.dhcp_malformed == 1 && c.dhcp_offer == 0;
}

/* Rewrites DHCP payload byte @off and re-frames it with good checksums. */
static size_t spoil(uint8_t *f, size_t off, uint8_t v)
{
	uint8_t m[600];
	size_t n = discover(f) - 42;

	memcpy(m, f + 42, n);
	m[off] = v;
	return wrap4(f, guest_mac, "0.0.0.0", "255.255.255.255", 67, m, n,
		     true);
}

static void test_malformed(void)
{
	uint8_t f[600], m[600];
	size_t n, full, i, bad = 0;

	full = discover(f);
	for (i = 0; i < full; i++)
		if (!malformed(f, i))
			bad++;
	ktap_check(bad == 0, "DISCOVER frame truncated at each of %zu lengths: malformed (%zu not)",
		   full, bad);

	/* Cut inside the DHCP message, with consistent UDP and IP. */
	bad = 0;
	for (i = 0; i < full - 42; i++) {
		uint8_t g[600];
		size_t k;

		discover(f);
		memcpy(m, f + 42, full - 42);
		k = wrap4(g, guest_mac, "0.0.0.0", "255.255.255.255", 67, m, i,
			  true);
		if (!malformed(g, k))
			bad++;
	}
	ktap_check(bad == 0, "DHCP message cut at each of %zu lengths and re-framed: malformed (%zu not)",
		   full - 42, bad);

	n = spoil(f, 236, 0);
	ktap_check(malformed(f, n), "no magic cookie");
	n = spoil(f, 0, 2);
	ktap_check(malformed(f, n), "op BOOTREPLY");
	n = spoil(f, 1, 6);
	ktap_check(malformed(f, n), "htype 6");
	n = spoil(f, 2, 16);
	ktap_check(malformed(f, n), "hlen 16");
	n = spoil(f, 24, 10);
	ktap_check(malformed(f, n), "relayed (giaddr set)");
	n = spoil(f, 241, 2);
	ktap_check(malformed(f, n), "option 53 of length 2 (overlong)");
	n = spoil(f, 241, 0);
	ktap_check(malformed(f, n), "option 53 of length 0");
	n = spoil(f, 242, 2);
	ktap_check(malformed(f, n), "message type OFFER from a client");
	n = spoil(f, 242, 9);
	ktap_check(malformed(f, n), "message type 9");
	n = spoil(f, 240, 12);
	ktap_check(malformed(f, n), "no message type");
	n = spoil(f, 244, 200);
	ktap_check(malformed(f, n), "option length past the end");
	n = spoil(f, 240, 52);
	ktap_check(malformed(f, n), "option overload (52)");
	n = discover(f);
	n = spoil(f, n - 42 - 1, 0);
	ktap_check(malformed(f, n), "no end option (pad instead)");
	n = spoil(f, 243, 61);
	n = spoil(f, 244, 1);
	ktap_check(malformed(f, n), "client id of length 1");

	/* Only the last options byte: code with no room for its length. */
	{
		size_t l = discover(f) - 42;

		memcpy(m, f + 42, l);
		m[l - 1] = 12;
		n = wrap4(f, guest_mac, "0.0.0.0", "255.255.255.255", 67, m, l,
			  true);
		ktap_check(malformed(f, n), "option code as the last byte");
	}

	n = discover(f);
	f[14 + 10] ^= 1;
	ktap_check(malformed(f, n), "bad IP header checksum");
	n = discover(f);
	f[34 + 6] ^= 1;
	ktap_check(malformed(f, n), "bad UDP checksum");
	n = discover(f);
	f[42 + 5] ^= 1;		/* in the xid: only the checksum can tell */
	ktap_check(malformed(f, n), "payload changed under the UDP checksum");
	n = discover(f);
	f[14 + 6] = 0x20;
	f[14 + 10] = f[14 + 11] = 0;
	wr16(f + 24, sum16(f + 14, 20));
	ktap_check(malformed(f, n), "IP fragment (more fragments)");
	n = discover(f);
	f[14] = 0x44;
	ktap_check(malformed(f, n), "IP header length 16");
	n = discover(f);
	wr16(f + 14 + 2, rd16(f + 16) + 1);
	wr16(f + 24, 0);
	wr16(f + 24, sum16(f + 14, 20));
	ktap_check(malformed(f, n), "IP total length past the frame");
	n = discover(f);
	wr16(f + 34 + 4, rd16(f + 38) + 1);
	ktap_check(malformed(f, n), "UDP length past the IP payload");
	n = discover(f);
	wr16(f + 34 + 4, 7);
	ktap_check(malformed(f, n), "UDP length 7");
	n = discover(f);
	f[14 + 9] = 6;
	wr16(f + 24, 0);
	wr16(f + 24, sum16(f + 14, 20));
	ktap_check(malformed(f, n), "TCP");
	{
		uint8_t g[600];

		n = discover(f);
		memcpy(g, f, 12);
		wr16(g + 12, 0x8100);
		wr16(g + 14, 5);
		memcpy(g + 16, f + 12, n - 12);
		ktap_check(malformed(g, n + 4), "VLAN tag");
	}
	n = discover(f);
	memcpy(m, f + 42, n - 42);
	n = wrap4(f, guest_mac, "0.0.0.0", "255.255.255.255", 68, m, n - 42,
		  true);
	ktap_check(malformed(f, n), "to UDP port 68");
	ktap_check(malformed(f, 0), "empty frame");
	{
		/* Ethernet padding after the datagram is fine. */
		struct svc_net net;
		struct svc_port port;
		struct svc_counters c = { 0 };
		uint8_t out[SVC_FRAME_MAX];

		setup_net(&net);
		setup_port(&port);
		n = discover(f);
		memset(f + n, 0, 10);
		ktap_check(run_dhcp(&net, &port, f, n + 10, out, &c) > 0,
			   "trailing Ethernet padding is ignored");
	}
}

/* xorshift: a fixed sequence, the same on every run. */
static uint32_t rnd_state = 2463534242u;

static uint32_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

static void test_fuzz_dhcp(void)
{
	static const struct req reqs[] = {
		{ .type = 1 },
		{ .type = 3, .req_ip = "10.0.0.5", .server_id = "10.0.0.1" },
		{ .type = 3, .ciaddr = "10.0.0.5" },
		{ .type = 8, .ciaddr = "10.0.0.5" },
		{ .type = 7, .ciaddr = "10.0.0.5", .server_id = "10.0.0.1" },
	};
	struct svc_net net;
	struct svc_port port;
	struct svc_counters c = { 0 };
	static struct reply d;
	uint8_t f[700], m[700], out[SVC_FRAME_MAX];
	unsigned int i, answered = 0, bad = 0;

	setup_net(&net);
	setup_port(&port);
	for (i = 0; i < 10000; i++) {
		const struct req *r = &reqs[rnd() % ARRAY_SIZE(reqs)];
		size_t n = dhcp_msg(m, r), k;
		unsigned int j, flips = 1 + rnd() % 4;
		int ret;

		/* Half spoil the message and re-frame it so that it passes
		 * the checksums; half spoil the frame itself.
		 */
		if (i & 1) {
			for (j = 0; j < flips; j++)
				m[rnd() % n] = (uint8_t)rnd();
			if (rnd() % 4 == 0)
				n = rnd() % (n + 1);
			k = wrap4(f, guest_mac, "0.0.0.0", "255.255.255.255",
				  67, m, n, true);
		} else {
			k = wrap4(f, guest_mac, "0.0.0.0", "255.255.255.255",
				  67, m, n, true);
			for (j = 0; j < flips; j++)
				f[rnd() % k] = (uint8_t)rnd();
			if (rnd() % 4 == 0)
				k = rnd() % (k + 1);
		}
		ret = run_dhcp(&net, &port, f, k, out, &c);
		if (ret > 0) {
			answered++;
			decode(&d, out, (size_t)ret);
			if (!d.ok || ret > SVC_FRAME_MAX)
				bad++;
		} else if (ret < -1) {
			bad++;
		}
	}
	ktap_check(bad == 0,
		   "10000 mutated DHCP frames: no crash, every reply well formed (%u answered, %u bad)",
		   answered, bad);
	ktap_check(c.dhcp_malformed > 0 && answered > 0,
		   "mutations exercised both rejection and answers");
}

/* Router solicitations and advertisements. */

static size_t wrap6(uint8_t *f, const uint8_t src_mac[6], const char *src,
		    const char *dst, uint8_t hops, const uint8_t *msg,
		    size_t len)
{
	struct in6_addr s = ip6(src), d = ip6(dst);
	uint8_t *ip = f + 14, *p = f + 54;

	memcpy(f, (uint8_t[]){ 0x33, 0x33, 0, 0, 0, 2 }, 6);
	memcpy(f + 6, src_mac, 6);
	wr16(f + 12, 0x86dd);
	memset(ip, 0, 40);
	ip[0] = 0x60;
	wr16(ip + 4, len);
	ip[6] = 58;
	ip[7] = hops;
	memcpy(ip + 8, &s, 16);
	memcpy(ip + 24, &d, 16);
	memcpy(p, msg, len);
	if (len >= 4) {
		p[2] = p[3] = 0;
		wr16(p + 2, l4sum(AF_INET6, ip + 8, ip + 24, 58, p, len));
	}
	return 54 + len;
}

static size_t rs_frame(uint8_t *f, const char *src, bool slla)
{
	uint8_t m[16] = { 133, 0, 0, 0, 0, 0, 0, 0 };
	size_t n = 8;

	if (slla) {
		m[8] = 1;
		m[9] = 1;
		memcpy(m + 10, guest_mac, 6);
		n = 16;
	}
	return wrap6(f, guest_mac, src, "ff02::2", 255, m, n);
}

struct ra {
	bool ok;
	const char *why;
	uint8_t eth_dst[6], eth_src[6];
	struct in6_addr src, dst;
	uint8_t hops;
	const uint8_t *m;
	size_t len;
	unsigned int n_prefix, n_slla, n_mtu, n_rdnss, n_dnssl, n_other;
	const uint8_t *prefix[8], *slla, *mtu, *rdnss, *dnssl;
};

static void decode_ra(struct ra *r, const uint8_t *f, size_t len)
{
	const uint8_t *ip = f + 14;
	size_t plen, i;

	memset(r, 0, sizeof(*r));
	r->why = "short";
	if (len < 54 + 16 || rd16(f + 12) != 0x86dd)
		return;
	memcpy(r->eth_dst, f, 6);
	memcpy(r->eth_src, f + 6, 6);
	plen = rd16(ip + 4);
	r->why = "ipv6";
	if (ip[0] != 0x60 || ip[6] != 58 || plen + 54 != len)
		return;
	r->hops = ip[7];
	memcpy(&r->src, ip + 8, 16);
	memcpy(&r->dst, ip + 24, 16);
	r->m = ip + 40;
	r->len = plen;
	r->why = "icmpv6 checksum";
	if (l4sum(AF_INET6, ip + 8, ip + 24, 58, r->m, plen) != 0)
		return;
	r->why = "type";
	if (r->m[0] != 134 || r->m[1] != 0)
		return;
	r->why = "options";
	for (i = 16; i < plen; ) {
		const uint8_t *o = r->m + i;
		size_t ol;

		if (plen - i < 8 || !o[1] || o[1] * 8u > plen - i)
			return;
		ol = o[1] * 8u;
		switch (o[0]) {
		case 1:
			r->slla = o;
			r->n_slla++;
			break;
		case 3:
			if (ol != 32 || r->n_prefix == 8)
				return;
			r->prefix[r->n_prefix++] = o;
			break;
		case 5:
			r->mtu = o;
			r->n_mtu++;
			break;
		case 25:
			r->rdnss = o;
			r->n_rdnss++;
			break;
		case 31:
			r->dnssl = o;
			r->n_dnssl++;
			break;
		default:
			r->n_other++;
		}
		i += ol;
	}
	r->why = NULL;
	r->ok = true;
}

static bool addr6_is(const void *p, const char *s)
{
	struct in6_addr a = ip6(s);

	return !memcmp(p, &a, 16);
}

static void check_ra(const struct ra *r, const char *what)
{
	static const uint8_t dnssl[16] = {
		4, 'b', 'l', 'u', 'e', 8, 'i', 'n', 't', 'e', 'r', 'n', 'a',
		'l', 0, 0,
	};

	ktap_check(r->ok, "%s: IPv6, ICMPv6 checksum, options (%s)", what,
		   r->why ? r->why : "ok");
	if (!r->ok)
		return;
	ktap_check(!memcmp(r->eth_src, server_mac, 6) &&
		   addr6_is(&r->src, "fe80::ff:fe00:fe") && r->hops == 255,
		   "%s: from the server MAC's link-local, hop limit 255", what);
	ktap_check(r->m[4] == 64 && r->m[5] == 0 && rd16(r->m + 6) == 1800 &&
		   rd32(r->m + 8) == 0 && rd32(r->m + 12) == 0,
		   "%s: hop limit 64, no M/O, router lifetime 1800", what);
	ktap_check(r->n_slla == 1 && r->slla[1] == 1 &&
		   !memcmp(r->slla + 2, server_mac, 6),
		   "%s: source link-layer address", what);
	ktap_check(r->n_mtu == 1 && rd32(r->mtu + 4) == 1450,
		   "%s: MTU 1450", what);
	ktap_check(r->n_prefix == 2 && r->prefix[0][2] == 64 &&
		   r->prefix[0][3] == 0xc0 && rd32(r->prefix[0] + 4) == 86400 &&
		   rd32(r->prefix[0] + 8) == 14400 &&
		   addr6_is(r->prefix[0] + 16, "fd00::"),
		   "%s: prefix fd00::/64, on-link and autonomous", what);
	ktap_check(r->n_prefix == 2 && r->prefix[1][2] == 48 &&
		   (r->prefix[1][3] & 0x80) &&
		   addr6_is(r->prefix[1] + 16, "2001:db8:1::"),
		   "%s: prefix 2001:db8:1::/48 on-link, masked", what);
	ktap_check(r->n_rdnss == 1 && r->rdnss[1] == 3 &&
		   rd32(r->rdnss + 4) > 0 && addr6_is(r->rdnss + 8, "fd00::1"),
		   "%s: RDNSS is the service address", what);
	ktap_check(r->n_dnssl == 1 && r->dnssl[1] == 3 &&
		   rd32(r->dnssl + 4) > 0 && !memcmp(r->dnssl + 8, dnssl, 16),
		   "%s: DNSSL blue.internal", what);
	ktap_check(r->n_other == 0, "%s: no other options", what);
}

static void test_ra(void)
{
	struct svc_net net;
	struct svc_port port;
	struct svc_counters c = { 0 };
	struct ra r;
	uint8_t f[200], out[SVC_FRAME_MAX];
	size_t n;
	int ret;

	setup_net(&net);
	setup_port(&port);
	n = rs_frame(f, "fe80::1", true);
	ret = run_rs(&net, &port, f, n, out, &c);
	ktap_check(ret > 0 && c.rs == 1 && c.ra_sent == 1,
		   "RS from a link-local address: answered, counted");
	decode_ra(&r, out, ret > 0 ? (size_t)ret : 0);
	check_ra(&r, "solicited RA");
	ktap_check(!memcmp(r.eth_dst, guest_mac, 6) &&
		   addr6_is(&r.dst, "fe80::1"),
		   "solicited RA: unicast to the soliciting host");

	n = rs_frame(f, "::", false);
	ret = run_rs(&net, &port, f, n, out, &c);
	decode_ra(&r, out, ret > 0 ? (size_t)ret : 0);
	ktap_check(ret > 0 && r.ok &&
		   !memcmp(r.eth_dst, all_nodes_mac, 6) &&
		   addr6_is(&r.dst, "ff02::1"),
		   "RS from ::: RA to all-nodes");

	memset(out, 0, sizeof(out));
	ret = ra_build(&net, &port, out);
	decode_ra(&r, out, ret > 0 ? (size_t)ret : 0);
	check_ra(&r, "unsolicited RA");
	ktap_check(!memcmp(r.eth_dst, all_nodes_mac, 6) &&
		   addr6_is(&r.dst, "ff02::1"),
		   "unsolicited RA: to all-nodes");

	net.has_router = false;
	net.mtu = 0;
	net.n_dns6 = 2;
	net.dns6[0] = ip6("2001:db8::53");
	net.dns6[1] = ip6("2001:db8::54");
	net.domain[0] = '\0';
	ret = ra_build(&net, &port, out);
	decode_ra(&r, out, ret > 0 ? (size_t)ret : 0);
	ktap_check(r.ok && rd16(r.m + 6) == 0 && r.n_mtu == 0 &&
		   r.n_dnssl == 0 && r.n_prefix == 2,
		   "no router: lifetime 0, no MTU, no DNSSL, the prefixes");
	ktap_check(r.ok && r.n_rdnss == 1 && r.rdnss[1] == 5 &&
		   addr6_is(r.rdnss + 8, "2001:db8::53") &&
		   addr6_is(r.rdnss + 24, "2001:db8::54"),
		   "configured DNS servers in the RDNSS");
	net.n_dns6 = 0;
	net.dns = false;
	ret = ra_build(&net, &port, out);
	decode_ra(&r, out, ret > 0 ? (size_t)ret : 0);
	ktap_check(r.ok && r.n_rdnss == 0, "DNS service off: no RDNSS");

	net.n_prefix6 = 0;
	ktap_check(ra_build(&net, &port, out) == 0,
		   "no prefix and no router: nothing to advertise");
	memset(&c, 0, sizeof(c));
	n = rs_frame(f, "fe80::1", true);
	ret = run_rs(&net, &port, f, n, out, &c);
	ktap_check(ret == 0 && c.rs == 1 && c.ra_sent == 0,
		   "RS with nothing to advertise: counted, not answered");
	net.has_router = true;
	ret = ra_build(&net, &port, out);
	decode_ra(&r, out, ret > 0 ? (size_t)ret : 0);
	ktap_check(r.ok && r.n_prefix == 0 && rd16(r.m + 6) == 1800,
		   "router without IPv6 prefix: advertised as default router");
}

static int rs_malformed(const uint8_t *f, size_t n)
{
	struct svc_net net;
	struct svc_port port;
	struct svc_counters c = { 0 };
	uint8_t out[SVC_FRAME_MAX];
	int ret;

	setup_net(&net);
	setup_port(&port);
	ret = run_rs(&net, &port, f, n, out, &c);
	return ret == -1 && c.ra_malformed == 1 && c.rs == 0 && c.ra_sent == 0;
}

/* Solicitations a router must ignore (RFC 4861 6.1.1): rs_valid spoilt. */
static const uint8_t rs_valid[16] = {
	133, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 0, 0, 0, 0, 1,
};
static const struct {
	const char *what, *src;
	uint8_t hops;
	size_t len;
	int off;		/* byte to change, -1 none */
	uint8_t val;
} rs_cases[] = {
	{ "RS with hop limit 64", "fe80::1", 64, 16, -1, 0 },
	{ "RS with code 1", "fe80::1", 255, 16, 1, 1 },
	{ "RS of 4 bytes", "fe80::1", 255, 4, -1, 0 },
	{ "RS option of length 0", "fe80::1", 255, 16, 9, 0 },
	{ "RS option past the end", "fe80::1", 255, 16, 9, 2 },
	{ "RS option cut short", "fe80::1", 255, 10, -1, 0 },
	{ "RS from :: with a source link-layer option", "::", 255, 16, -1, 0 },
	{ "neighbour solicitation", "fe80::1", 255, 16, 0, 135 },
};

static void test_rs_malformed(void)
{
	uint8_t f[600], m[64];
	size_t n, full, i, bad = 0;

	full = rs_frame(f, "fe80::1", true);
	for (i = 0; i < full; i++)
		if (!rs_malformed(f, i))
			bad++;
	ktap_check(bad == 0, "RS truncated at each of %zu lengths: malformed (%zu not)",
		   full, bad);

	for (i = 0; i < ARRAY_SIZE(rs_cases); i++) {
		memcpy(m, rs_valid, sizeof(rs_valid));
		if (rs_cases[i].off >= 0)
			m[rs_cases[i].off] = rs_cases[i].val;
		n = wrap6(f, guest_mac, rs_cases[i].src, "ff02::2",
			  rs_cases[i].hops, m, rs_cases[i].len);
		ktap_check(rs_malformed(f, n), "%s", rs_cases[i].what);
	}
	memcpy(m, rs_valid, sizeof(rs_valid));
	n = wrap6(f, guest_mac, "fe80::1", "ff02::2", 255, m, 16);
	f[n - 1] ^= 0x40;
	ktap_check(rs_malformed(f, n), "RS with a bad checksum");
	n = wrap6(f, guest_mac, "fe80::1", "ff02::2", 255, m, 16);
	f[14 + 6] = 0;		/* hop-by-hop options header */
	ktap_check(rs_malformed(f, n), "RS behind an extension header");
	n = wrap6(f, guest_mac, "fe80::1", "ff02::2", 255, m, 16);
	wr16(f + 18, 17);
	ktap_check(rs_malformed(f, n), "IPv6 payload length past the frame");
	n = discover(f);
	ktap_check(rs_malformed(f, n), "a DHCP frame given as an RS");
	n = wrap6(f, guest_mac, "fe80::1", "ff02::2", 255, m, 16);
	{
		struct svc_net net;
		struct svc_port port;
		struct svc_counters c = { 0 };
		uint8_t out[SVC_FRAME_MAX];

		setup_net(&net);
		setup_port(&port);
		ktap_check(run_rs(&net, &port, f, n, out, &c) > 0,
			   "the valid RS of this table is answered");
	}
}

static void test_fuzz_rs(void)
{
	struct svc_net net;
	struct svc_port port;
	struct svc_counters c = { 0 };
	struct ra r;
	uint8_t f[200], m[64], out[SVC_FRAME_MAX];
	unsigned int i, answered = 0, bad = 0;

	setup_net(&net);
	setup_port(&port);
	for (i = 0; i < 10000; i++) {
		size_t n = 32, k;
		unsigned int j, flips = 1 + rnd() % 4;
		int ret;

		memset(m, 0, sizeof(m));
		m[0] = 133;
		m[8] = 1;
		m[9] = 1;
		memcpy(m + 10, guest_mac, 6);
		m[16] = 14;	/* an unknown option, skipped */
		m[17] = 2;
		if (i & 1) {
			for (j = 0; j < flips; j++)
				m[rnd() % n] = (uint8_t)rnd();
			if (rnd() % 4 == 0)
				n = rnd() % (n + 1);
			k = wrap6(f, guest_mac, rnd() % 8 ? "fe80::1" : "::",
				  "ff02::2", 255, m, n);
		} else {
			k = wrap6(f, guest_mac, "fe80::1", "ff02::2", 255, m,
				  n);
			for (j = 0; j < flips; j++)
				f[rnd() % k] = (uint8_t)rnd();
			if (rnd() % 4 == 0)
				k = rnd() % (k + 1);
		}
		ret = run_rs(&net, &port, f, k, out, &c);
		if (ret > 0) {
			answered++;
			decode_ra(&r, out, (size_t)ret);
			if (!r.ok)
				bad++;
		} else if (ret < -1) {
			bad++;
		}
	}
	ktap_check(bad == 0,
		   "10000 mutated RS frames: no crash, every RA well formed (%u answered, %u bad)",
		   answered, bad);
	ktap_check(c.ra_malformed > 0 && answered > 0,
		   "mutations exercised both rejection and answers");
}

static void test_pkt(void)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	struct in6_addr a, p = ip6("2001:db8:1:2::");
	struct in6_addr s6 = ip6("fd00::1"), d6 = ip6("fd00::2");
	struct pkt_info pi;
	uint8_t out[200], name[300];
	uint8_t pl[5] = { 1, 2, 3, 4, 5 };
	char longname[300];
	size_t n;

	pkt_mac_to_ll6(mac, &a);
	ktap_check(addr6_is(&a, "fe80::5054:ff:fe12:3456"),
		   "link-local of 52:54:00:12:34:56 (U/L bit flipped)");
	pkt_mac_to_slaac(mac, &p, &a);
	ktap_check(addr6_is(&a, "2001:db8:1:2:5054:ff:fe12:3456"),
		   "SLAAC address in 2001:db8:1:2::/64");
	pkt_mac_to_slaac(server_mac, &p, &p);
	ktap_check(addr6_is(&p, "2001:db8:1:2::ff:fe00:fe"),
		   "SLAAC address computed in place");

	n = pkt_udp6(out, sizeof(out), server_mac, guest_mac, &s6, &d6, 53,
		     4000, pl, sizeof(pl));
	ktap_check(n == 14 + 40 + 8 + 5 &&
		   l4sum(AF_INET6, out + 22, out + 38, 17, out + 54, 13) == 0,
		   "pkt_udp6: length and UDP checksum");
	ktap_check(pkt_parse(out, n, &pi) == 0 && pi.family == AF_INET6 &&
		   pi.proto == IPPROTO_UDP && pi.sport == 53 &&
		   pi.dport == 4000 && pi.len == 5 &&
		   !memcmp(pi.payload, pl, 5) &&
		   !memcmp(pi.eth_src, server_mac, 6),
		   "pkt_parse reads back pkt_udp6");
	out[54 + 6] = out[54 + 7] = 0;
	ktap_check(pkt_parse(out, n, &pi) == -1,
		   "UDP over IPv6 without a checksum is refused");
	ktap_check(pkt_udp6(out, 66, server_mac, guest_mac, &s6, &d6, 1, 2,
			    pl, 5) == 0 &&
		   pkt_udp6(out, 67, server_mac, guest_mac, &s6, &d6, 1, 2,
			    pl, 5) == 67,
		   "pkt_udp6 refuses a buffer one byte short");
	ktap_check(pkt_udp4(out, 46, server_mac, guest_mac, ip4("10.0.0.1"),
			    ip4("10.0.0.2"), 1, 2, pl, 5) == 0 &&
		   pkt_udp4(out, 47, server_mac, guest_mac, ip4("10.0.0.1"),
			    ip4("10.0.0.2"), 1, 2, pl, 5) == 47,
		   "pkt_udp4 refuses a buffer one byte short");
	ktap_check(sum16(out + 14, 20) == 0 &&
		   l4sum(AF_INET, out + 26, out + 30, 17, out + 34, 13) == 0,
		   "pkt_udp4: IP and UDP checksums");
	ktap_check(pkt_icmp6(out, sizeof(out), server_mac, guest_mac, &s6,
			     &d6, 255, pl, 3) == 0,
		   "pkt_icmp6 refuses a message shorter than its header");
	n = pkt_icmp6(out, sizeof(out), server_mac, guest_mac, &s6, &d6, 7,
		      pl, 5);
	ktap_check(n == 59 && out[21] == 7 &&
		   l4sum(AF_INET6, out + 22, out + 38, 58, out + 54, 5) == 0,
		   "pkt_icmp6: hop limit and checksum");
	ktap_check(pkt_parse(out, n, &pi) == 0 && pi.proto == IPPROTO_ICMPV6 &&
		   pi.ttl == 7 && pi.len == 5 && pi.payload == out + 54 &&
		   pi.payload[0] == 1 && addr6_is(&pi.src.v6, "fd00::1") &&
		   addr6_is(&pi.dst.v6, "fd00::2"),
		   "pkt_parse reads back pkt_icmp6");
	/* 2 bytes whose sum with the pseudo header happens to be valid. */
	{
		uint8_t g[56];
		uint16_t k;

		memcpy(g, out, 54);
		wr16(g + 18, 2);
		g[54] = g[55] = 0;
		k = l4sum(AF_INET6, g + 22, g + 38, 58, g + 54, 2);
		wr16(g + 54, k);
		k = l4sum(AF_INET6, g + 22, g + 38, 58, g + 54, 2);
		ktap_check(k == 0 &&
			   pkt_parse(g, 56, &pi) == -1,
			   "an ICMPv6 message of 2 bytes is refused");
	}

	ktap_check(pkt_dns_name("a.bc", name, sizeof(name)) == 6 &&
		   !memcmp(name, "\1a\2bc\0", 6), "pkt_dns_name a.bc");
	ktap_check(pkt_dns_name("", name, sizeof(name)) == 0 &&
		   pkt_dns_name("a..b", name, sizeof(name)) == 0 &&
		   pkt_dns_name(".a", name, sizeof(name)) == 0 &&
		   pkt_dns_name("a.", name, sizeof(name)) == 0,
		   "pkt_dns_name refuses empty names and labels");
	memset(longname, 'x', 64);
	longname[64] = '\0';
	ktap_check(pkt_dns_name(longname, name, sizeof(name)) == 0,
		   "pkt_dns_name refuses a 64-byte label");
	longname[63] = '\0';
	ktap_check(pkt_dns_name(longname, name, 65) == 65 &&
		   pkt_dns_name(longname, name, 64) == 0,
		   "pkt_dns_name honours its buffer size");
	/* 4 labels of 63: 4 * 64 + 1 = 257 bytes, over the 255 limit. */
	memset(longname, 'x', 255);
	longname[63] = longname[127] = longname[191] = '.';
	longname[255] = '\0';
	ktap_check(pkt_dns_name(longname, name, sizeof(name)) == 0,
		   "pkt_dns_name refuses a name over 255 bytes");
}

int main(void)
{
	ktap_init();
	test_pkt();
	test_discover();
	test_request();
	test_no_binding();
	test_spoofing();
	test_sizes();
	test_malformed();
	test_fuzz_dhcp();
	test_ra();
	test_rs_malformed();
	test_fuzz_rs();
	return ktap_finish();
}
