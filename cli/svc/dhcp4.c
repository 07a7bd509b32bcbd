// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * The DHCPv4 server of ovxd (RFC 2131, options of RFC 2132, 3397, 3442,
 * 6842).  Every binding is static: a port's lease is its first IPv4
 * address, so the server keeps no state and answers each message alone.
 *
 * What is dropped and why:
 * - anything that does not parse (framing, BOOTP header, options) is
 *   malformed: -1, counted in dhcp_malformed;
 * - a chaddr that is not the frame's source MAC, or not the port's MAC
 *   when the port has one, is malformed too: a guest must not obtain, or
 *   release, the lease of another port by naming its MAC;
 * - a relayed message (giaddr set) is malformed as well: a port leads to
 *   one guest, never to a relay agent, so a guest setting giaddr is
 *   either broken or trying to have the reply sent elsewhere.
 */
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>

#include "dhcp.h"
#include "pkt.h"

#define BOOTP_REQUEST	1
#define BOOTP_REPLY	2
#define BOOTP_MIN	300	/* what BOOTP clients expect at least */
#define DHCP_COOKIE_OFF	236
#define DHCP_OPTS_OFF	240
#define DHCP_BROADCAST	0x8000
#define DHCP_MIN_MSG	576	/* every client takes this IP datagram */
#define IP_UDP_HLEN	28
#define ETH_HLEN	14
#define SERVER_PORT	67
#define CLIENT_PORT	68
#define DEFAULT_LEASE	3600	/* when net->lease is 0 (unset) */

enum {
	DHCPDISCOVER = 1, DHCPOFFER, DHCPREQUEST, DHCPDECLINE, DHCPACK,
	DHCPNAK, DHCPRELEASE, DHCPINFORM,
};

enum {
	OPT_PAD = 0, OPT_MASK = 1, OPT_ROUTER = 3, OPT_DNS = 6,
	OPT_DOMAIN = 15, OPT_MTU = 26, OPT_REQ_IP = 50, OPT_LEASE = 51,
	OPT_OVERLOAD = 52, OPT_MSG_TYPE = 53, OPT_SERVER_ID = 54,
	OPT_PARAMS = 55, OPT_MESSAGE = 56, OPT_MAX_SIZE = 57, OPT_T1 = 58,
	OPT_T2 = 59, OPT_CLIENT_ID = 61, OPT_SEARCH = 119,
	OPT_ROUTES = 121, OPT_END = 255,
};

static const uint8_t cookie[4] = { 99, 130, 83, 99 };

/* The options of a request that matter here: first occurrence of each. */
struct dhcp_req {
	const uint8_t *msg;
	size_t len;
	uint8_t type;
	bool has_req_ip, has_server_id;
	struct in_addr req_ip, server_id, ciaddr, giaddr;
	uint16_t flags;
	uint16_t max_size;		/* 0: not given */
	const uint8_t *client_id;	/* option 61, echoed (RFC 6842) */
	uint8_t client_id_len;
};

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* Options of a fixed size must have it; the others are read only if so. */
static int parse_option(struct dhcp_req *r, uint8_t code, const uint8_t *v,
			uint8_t l)
{
	switch (code) {
	case OPT_MSG_TYPE:
		if (l != 1)
			return -1;
		if (!r->type)
			r->type = v[0];
		break;
	case OPT_REQ_IP:
		if (l != 4)
			return -1;
		if (!r->has_req_ip)
			memcpy(&r->req_ip, v, 4);
		r->has_req_ip = true;
		break;
	case OPT_SERVER_ID:
		if (l != 4)
			return -1;
		if (!r->has_server_id)
			memcpy(&r->server_id, v, 4);
		r->has_server_id = true;
		break;
	case OPT_MAX_SIZE:
		if (l != 2)
			return -1;
		if (!r->max_size)
			r->max_size = get16(v);
		break;
	case OPT_CLIENT_ID:
		/* RFC 2132 9.14: type and at least one byte. */
		if (l < 2)
			return -1;
		if (!r->client_id) {
			r->client_id = v;
			r->client_id_len = l;
		}
		break;
	case OPT_OVERLOAD:
		/* Options in sname/file are not read; a client that needs
		 * them for what matters here is refused rather than misread.
		 */
		return -1;
	}
	return 0;
}

static int parse_dhcp(const uint8_t *msg, size_t len, struct dhcp_req *r)
{
	size_t i = DHCP_OPTS_OFF;
	bool end = false;

	memset(r, 0, sizeof(*r));
	if (len < DHCP_OPTS_OFF || memcmp(msg + DHCP_COOKIE_OFF, cookie, 4))
		return -1;
	if (msg[0] != BOOTP_REQUEST || msg[1] != 1 || msg[2] != 6)
		return -1;
	r->msg = msg;
	r->len = len;
	r->flags = get16(msg + 10);
	memcpy(&r->ciaddr, msg + 12, 4);
	memcpy(&r->giaddr, msg + 24, 4);
	while (i < len) {
		uint8_t code = msg[i], l;

		if (code == OPT_PAD) {
			i++;
			continue;
		}
		if (code == OPT_END) {
			end = true;
			break;
		}
		if (len - i < 2)
			return -1;
		l = msg[i + 1];
		if (l > len - i - 2)
			return -1;
		if (parse_option(r, code, msg + i + 2, l))
			return -1;
		i += 2 + (size_t)l;
	}
	/* Without its end the options may have been cut short. */
	if (!end || !r->type)
		return -1;
	return 0;
}

/* The reply under construction; options past @cap are refused. */
struct dhcp_out {
	uint8_t buf[SVC_FRAME_MAX];
	size_t len, cap;	/* cap keeps a byte for the end option */
};

static bool put_opt(struct dhcp_out *o, uint8_t code, const void *v,
		    size_t l)
{
	if (l > 255 || o->cap - o->len < 2 + l)
		return false;
	o->buf[o->len++] = code;
	o->buf[o->len++] = (uint8_t)l;
	memcpy(o->buf + o->len, v, l);
	o->len += l;
	return true;
}

/* RFC 3396: a value over 255 bytes goes in consecutive instances. */
static bool put_long_opt(struct dhcp_out *o, uint8_t code, const uint8_t *v,
			 size_t l)
{
	size_t n = (l + 254) / 255, start = o->len;

	if (o->cap - o->len < l + 2 * n)
		return false;
	while (l) {
		size_t chunk = l > 255 ? 255 : l;

		put_opt(o, code, v, chunk);
		v += chunk;
		l -= chunk;
	}
	return o->len > start;
}

static bool put_u32(struct dhcp_out *o, uint8_t code, uint32_t v)
{
	uint8_t b[4] = { v >> 24, v >> 16, v >> 8, v };

	return put_opt(o, code, b, 4);
}

static struct in_addr mask4(uint8_t len)
{
	struct in_addr m;

	m.s_addr = len ? htonl(~0u << (32 - (len > 32 ? 32 : len))) : 0;
	return m;
}

/* RFC 3442: length, the significant octets of the destination, router. */
static size_t put_route(uint8_t *p, struct in_addr dst, uint8_t len,
			struct in_addr via)
{
	size_t w = (len + 7) / 8;
	struct in_addr d;

	d.s_addr = dst.s_addr & mask4(len).s_addr;
	p[0] = len;
	memcpy(p + 1, &d, w);
	memcpy(p + 1 + w, &via, 4);
	return 1 + w + 4;
}

static void put_routes(struct dhcp_out *o, const struct svc_net *net)
{
	uint8_t v[(SVC_ROUTES_MAX + 1) * 9];
	size_t n = 0;
	unsigned int i;

	for (i = 0; i < net->n_routes4 && i < SVC_ROUTES_MAX; i++) {
		const struct svc_route4 *r = &net->routes4[i];

		if (r->len > 32)
			continue;
		n += put_route(v + n, r->dst, r->len, r->via);
	}
	/* Clients given option 121 ignore option 3 (RFC 3442), so the
	 * default route must be among the classless ones.
	 */
	if (net->has_router)
		n += put_route(v + n, (struct in_addr){ 0 }, 0, net->server4);
	if (n)
		put_long_opt(o, OPT_ROUTES, v, n);
}

static void put_config(struct dhcp_out *o, const struct svc_net *net)
{
	struct in_addr m = mask4(net->prefix4_len);
	uint8_t name[256];
	size_t l;

	put_opt(o, OPT_MASK, &m, 4);
	if (net->has_router)
		put_opt(o, OPT_ROUTER, &net->server4, 4);
	/* The service address answers DNS only when the service is on. */
	if (net->n_dns4)
		put_opt(o, OPT_DNS, net->dns4,
			4 * (net->n_dns4 > SVC_DNS_MAX ? SVC_DNS_MAX :
			     net->n_dns4));
	else if (net->dns)
		put_opt(o, OPT_DNS, &net->server4, 4);
	if (net->mtu >= 68 && net->mtu <= 0xffff) {
		uint8_t b[2] = { net->mtu >> 8, net->mtu & 0xff };

		put_opt(o, OPT_MTU, b, 2);
	}
	l = strnlen(net->domain, sizeof(net->domain));
	if (l && l < sizeof(net->domain)) {
		put_opt(o, OPT_DOMAIN, net->domain, l);
		l = pkt_dns_name(net->domain, name, sizeof(name));
		if (l)
			put_long_opt(o, OPT_SEARCH, name, l);
	}
	put_routes(o, net);
}

/* The largest DHCP message the client takes (RFC 2132 9.10). */
static size_t max_msg(const struct svc_net *net, const struct dhcp_req *r)
{
	size_t max = DHCP_MIN_MSG;

	if (r->max_size > max)
		max = r->max_size;
	if (net->mtu >= DHCP_MIN_MSG && net->mtu < max)
		max = net->mtu;
	if (max > SVC_FRAME_MAX - ETH_HLEN)
		max = SVC_FRAME_MAX - ETH_HLEN;
	return max - IP_UDP_HLEN;
}

static int reply(const struct svc_net *net, const struct dhcp_req *r,
		 uint8_t type, struct in_addr yiaddr, const uint8_t mac[6],
		 uint8_t *out)
{
	struct dhcp_out o;
	struct in_addr dst;
	uint8_t *m = o.buf;

	memset(m, 0, DHCP_OPTS_OFF);
	m[0] = BOOTP_REPLY;
	m[1] = 1;
	m[2] = 6;
	memcpy(m + 4, r->msg + 4, 4);		/* xid */
	memcpy(m + 10, r->msg + 10, 2);		/* flags */
	/* RFC 2131 table 3: only an ACK echoes ciaddr. */
	if (type == DHCPACK)
		memcpy(m + 12, &r->ciaddr, 4);
	memcpy(m + 16, &yiaddr, 4);
	memcpy(m + 28, r->msg + 28, 16);	/* chaddr */
	memcpy(m + DHCP_COOKIE_OFF, cookie, 4);
	o.len = DHCP_OPTS_OFF;
	o.cap = max_msg(net, r) - 1;

	put_opt(&o, OPT_MSG_TYPE, &type, 1);
	put_opt(&o, OPT_SERVER_ID, &net->server4, 4);
	if (type == DHCPOFFER || (type == DHCPACK && yiaddr.s_addr)) {
		uint32_t lease = net->lease ? net->lease : DEFAULT_LEASE;

		put_u32(&o, OPT_LEASE, lease);
		if (lease != UINT32_MAX) {
			put_u32(&o, OPT_T1, lease / 2);
			put_u32(&o, OPT_T2,
				(uint32_t)((uint64_t)lease * 7 / 8));
		}
	}
	if (r->client_id)
		put_opt(&o, OPT_CLIENT_ID, r->client_id, r->client_id_len);
	if (type != DHCPNAK)
		put_config(&o, net);
	o.buf[o.len++] = OPT_END;
	if (o.len < BOOTP_MIN) {
		memset(o.buf + o.len, 0, BOOTP_MIN - o.len);
		o.len = BOOTP_MIN;
	}

	/* RFC 2131 4.1, without relays: a NAK and a client that asked for
	 * it get the broadcast address, a client with an address gets it
	 * there, else the new address; the MAC is the client's in any case,
	 * the port leading only to it.
	 */
	if (type == DHCPNAK || (r->flags & DHCP_BROADCAST))
		dst.s_addr = INADDR_BROADCAST;
	else if (r->ciaddr.s_addr)
		dst = r->ciaddr;
	else if (yiaddr.s_addr)
		dst = yiaddr;
	else
		dst.s_addr = INADDR_BROADCAST;
	return (int)pkt_udp4(out, SVC_FRAME_MAX, net->server_mac, mac,
			     net->server4, dst, SERVER_PORT, CLIENT_PORT,
			     o.buf, o.len);
}

static int nak(const struct svc_net *net, const struct dhcp_req *r,
	       const uint8_t mac[6], uint8_t *out, struct svc_counters *c)
{
	int ret = reply(net, r, DHCPNAK, (struct in_addr){ 0 }, mac, out);

	if (ret > 0)
		c->dhcp_nak++;
	return ret;
}

static int ack(const struct svc_net *net, const struct dhcp_req *r,
	       struct in_addr yiaddr, const uint8_t mac[6], uint8_t *out,
	       struct svc_counters *c)
{
	int ret = reply(net, r, DHCPACK, yiaddr, mac, out);

	if (ret > 0)
		c->dhcp_ack++;
	return ret;
}

static int request(const struct svc_net *net, const struct svc_port *port,
		   const struct dhcp_req *r, const uint8_t mac[6],
		   uint8_t *out, struct svc_counters *c)
{
	struct in_addr want;

	if (r->has_server_id) {
		/* SELECTING: the client chose a server, and not us. */
		if (r->server_id.s_addr != net->server4.s_addr)
			return 0;
		if (!r->has_req_ip)
			return -1;
		want = r->req_ip;
	} else if (r->has_req_ip) {
		want = r->req_ip;		/* INIT-REBOOT */
	} else if (r->ciaddr.s_addr) {
		want = r->ciaddr;		/* RENEWING, REBINDING */
	} else {
		return -1;
	}
	/* A port whose address went away, or a guest remembering another
	 * one: the NAK sends it back to DISCOVER.
	 */
	if (!port->n4 || want.s_addr != port->ip4[0].s_addr)
		return nak(net, r, mac, out, c);
	return ack(net, r, port->ip4[0], mac, out, c);
}

static int handle(const struct svc_net *net, const struct svc_port *port,
		  const uint8_t *frame, size_t len, uint8_t *out,
		  struct svc_counters *c)
{
	struct pkt_info pi;
	struct dhcp_req r;
	const uint8_t *chaddr;
	int ret;

	if (pkt_parse(frame, len, &pi) || pi.family != AF_INET ||
	    pi.dport != SERVER_PORT)
		return -1;
	if (parse_dhcp(pi.payload, pi.len, &r))
		return -1;
	chaddr = r.msg + 28;
	if (memcmp(chaddr, pi.eth_src, 6) ||
	    (port->has_mac && memcmp(chaddr, port->mac, 6)))
		return -1;
	if (r.giaddr.s_addr)
		return -1;

	switch (r.type) {
	case DHCPDISCOVER:
		c->dhcp_discover++;
		if (!port->n4) {
			c->dhcp_no_binding++;
			return 0;
		}
		ret = reply(net, &r, DHCPOFFER, port->ip4[0], chaddr, out);
		if (ret > 0)
			c->dhcp_offer++;
		return ret;
	case DHCPREQUEST:
		c->dhcp_request++;
		return request(net, port, &r, chaddr, out, c);
	case DHCPDECLINE:
		c->dhcp_decline++;
		return 0;
	case DHCPRELEASE:
		c->dhcp_release++;
		return 0;
	case DHCPINFORM:
		c->dhcp_inform++;
		/* RFC 2131 3.4: configuration only, no lease, no yiaddr. */
		return ack(net, &r, (struct in_addr){ 0 }, chaddr, out, c);
	default:
		/* Server messages and unknown types. */
		return -1;
	}
}

int dhcp4_handle(const struct svc_net *net, const struct svc_port *port,
		 const uint8_t *frame, size_t len, uint8_t *out,
		 struct svc_counters *c)
{
	int ret;

	/* No address to be the server id from: nothing can be answered. */
	if (!net->has_server4)
		return 0;
	ret = handle(net, port, frame, len, out, c);
	if (ret < 0)
		c->dhcp_malformed++;
	return ret;
}
