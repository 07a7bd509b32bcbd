// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * ovxd's serving half (see serve.h): a frame a guest sent to a service
 * comes in with its switch, network and port; the answer goes back out of
 * that port only.  Nothing here trusts the frame: the protocol code
 * parses it, and the port (not the frame) says who the guest is.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "dhcp.h"
#include "log.h"
#include "pkt.h"
#include "serve.h"

/* Forwarders: a bounded cache and queue per switch (memory stays flat). */
#define FWD_CACHE_ENTRIES	4096
#define FWD_MAX_PENDING		1024
/* Queries in flight per group of ports (ports hashed by ifindex). */
#define FWD_QUOTA		(FWD_MAX_PENDING / 16)

/* Who asked a forwarded query: enough to frame the answer later. */
struct dns_client {
	int switch_ifindex;
	int port_ifindex;
	char net[SVC_NAMSIZ];
	uint8_t mac[6];		/* the guest's */
	uint8_t server_mac[6];
	int family;
	union {
		struct in_addr v4;
		struct in6_addr v6;
	} src, server;		/* the guest's address, the one it asked */
	uint16_t sport;
};

_Static_assert(sizeof(struct dns_client) <= DNS_CLIENT_MAX,
	       "struct dns_client must fit the forwarder's client blob");

int serve_init(struct serve *s, struct ovx_ctx *ctx)
{
	memset(s, 0, sizeof(*s));
	s->ctx = ctx;
	model_zone(&s->model, &s->zone);
	return 0;
}

void serve_fini(struct serve *s)
{
	size_t i;

	for (i = 0; i < s->n_fwds; i++)
		dns_fwd_free(s->fwds[i].fwd);
	free(s->fwds);
	model_free(&s->model);
}

static struct serve_fwd *fwd_of(struct serve *s, int switch_ifindex)
{
	size_t i;

	for (i = 0; i < s->n_fwds; i++)
		if (s->fwds[i].switch_ifindex == switch_ifindex)
			return &s->fwds[i];
	return NULL;
}

static void to_sockaddr(const struct ovx_addr *a, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(53);
		sin->sin_addr = a->u.v4;
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(53);
		sin6->sin6_addr = a->u.v6;
	}
}

int serve_sync_forwarders(struct serve *s)
{
	size_t i;

	for (i = 0; i < s->model.n_switches; i++) {
		const struct model_switch *sw = &s->model.switches[i];
		struct serve_fwd *f = fwd_of(s, sw->ifindex);
		struct sockaddr_storage ss[OVX_DNS_SERVERS_MAX];
		size_t k;

		if (!f) {
			void *arr = realloc(s->fwds,
					    (s->n_fwds + 1) * sizeof(*f));

			if (!arr)
				return -ENOMEM;
			s->fwds = arr;
			f = &s->fwds[s->n_fwds];
			memset(f, 0, sizeof(*f));
			f->fwd = dns_fwd_new(FWD_CACHE_ENTRIES,
					     FWD_MAX_PENDING);
			if (!f->fwd)
				return -ENOMEM;
			f->switch_ifindex = sw->ifindex;
			f->n_upstream = (size_t)-1;	/* set below */
			s->n_fwds++;
		}
		if (f->n_upstream == sw->n_upstream &&
		    !memcmp(f->upstream, sw->upstream,
			    sw->n_upstream * sizeof(sw->upstream[0])))
			continue;
		for (k = 0; k < sw->n_upstream; k++)
			to_sockaddr(&sw->upstream[k], &ss[k]);
		if (dns_fwd_set_upstreams(f->fwd, ss,
					  (unsigned int)sw->n_upstream))
			return -errno ? -errno : -EINVAL;
		/* Queries of the old list may end unanswered: start afresh. */
		memset(f->inflight, 0, sizeof(f->inflight));
		f->n_upstream = sw->n_upstream;
		memcpy(f->upstream, sw->upstream,
		       sw->n_upstream * sizeof(sw->upstream[0]));
	}
	return 0;
}

void serve_bind_slaac(struct serve *s)
{
	size_t i;

	for (i = 0; i < s->model.n_ports; i++) {
		struct model_port *mp = &s->model.ports[i];
		struct ovx_neigh nb;
		int err;

		if (!mp->has_slaac || mp->slaac_bound)
			continue;
		OVX_INIT(&nb);
		snprintf(nb.net, sizeof(nb.net), "%s",
			 s->model.nets[mp->net].net.name);
		nb.addr.family = AF_INET6;
		nb.addr.u.v6 = mp->port.ip6[0];
		memcpy(nb.lladdr, mp->port.mac, 6);
		nb.port_ifindex = mp->port.ifindex;
		err = ovx_neigh_add(s->ctx, &nb);
		if (err && err != -EEXIST) {
			char a[INET6_ADDRSTRLEN];

			inet_ntop(AF_INET6, &nb.addr.u.v6, a, sizeof(a));
			log_msg(LOG_WARNING, "cannot bind SLAAC address %s of port %d in %s: %s",
				a, nb.port_ifindex, nb.net, strerror(-err));
		}
		/* Not retried on every rebuild: the next port event will. */
		mp->slaac_bound = true;
	}
}

static void send_frame(struct serve *s, int sw, int port, const uint8_t *f,
		       size_t len)
{
	int err = ovx_packet_send(s->ctx, sw, port, f, len);

	if (err) {
		s->st.send_failed++;
		if (s->verbose)
			log_msg(LOG_DEBUG, "send to port %d: %s", port,
				strerror(-err));
	}
}

/*
 * A DNS answer bigger than the guest's link can take without
 * fragmentation keeps its header and question only, with TC set: the
 * guest retries over TCP (which ovxd does not serve: it then asks its
 * other resolvers), as with any answer over its buffer size.
 */
static size_t fit_dns(uint8_t *msg, size_t len, size_t max)
{
	size_t off = 12;

	if (len <= max || len < 12)
		return len;
	while (off < len && msg[off] && msg[off] < 64)
		off += (size_t)msg[off] + 1;
	off += 1 + 4;		/* the root label, type and class */
	if (off > len || off > max)
		return 0;
	msg[2] |= 0x02;		/* TC */
	memset(msg + 6, 0, 6);	/* no answer, authority or additional */
	return off;
}

/* Frames a DNS answer to @c out of its port. */
static void send_dns(struct serve *s, const struct dns_client *c,
		     uint8_t *msg, size_t len)
{
	uint8_t frame[DNS_MSG_MAX + 128];
	struct model_port *mp = model_port(&s->model, c->port_ifindex);
	struct model_net *mn = model_net(&s->model, c->net);
	size_t max = 1452 - 8, n;

	/*
	 * A forwarded answer comes up to seconds later: the port must still
	 * be the guest's (same network, same switch), not a new port that
	 * got its ifindex.
	 */
	if (!mp || !mn || &s->model.nets[mp->net] != mn ||
	    mn->net.switch_ifindex != c->switch_ifindex)
		return;
	if (mn->net.mtu)
		max = mn->net.mtu - (c->family == AF_INET ? 28 : 48);
	len = fit_dns(msg, len, max);
	if (!len)
		return;
	if (c->family == AF_INET)
		n = pkt_udp4(frame, sizeof(frame), c->server_mac, c->mac,
			     c->server.v4, c->src.v4, 53, c->sport, msg, len);
	else
		n = pkt_udp6(frame, sizeof(frame), c->server_mac, c->mac,
			     &c->server.v6, &c->src.v6, 53, c->sport, msg,
			     len);
	if (n)
		send_frame(s, c->switch_ifindex, c->port_ifindex, frame, n);
}

/* The share of the forwarder's queue that one port may hold. */
static uint16_t *inflight(struct serve *s, int switch_ifindex, int port)
{
	struct serve_fwd *f = fwd_of(s, switch_ifindex);

	return f ? &f->inflight[(unsigned int)port % FWD_QUOTA_BUCKETS] : NULL;
}

static void fwd_reply(void *arg, const void *client, size_t client_len,
		      const uint8_t *msg, size_t len)
{
	struct serve *s = arg;
	struct dns_client c;
	uint8_t buf[DNS_MSG_MAX];
	struct model_net *mn;
	uint16_t *q;

	if (client_len != sizeof(c))
		return;
	memcpy(&c, client, sizeof(c));
	q = inflight(s, c.switch_ifindex, c.port_ifindex);
	if (q && *q)
		(*q)--;
	if (len > sizeof(buf))
		return;
	memcpy(buf, msg, len);
	mn = model_net(&s->model, c.net);
	if (mn && len >= 4 && (buf[3] & 0x0f) == 2)
		mn->counters->dns_servfail++;
	send_dns(s, &c, buf, len);
}

static void serve_dns(struct serve *s, struct model_net *mn,
		      const struct ovx_packet *pkt, const struct pkt_info *pi)
{
	uint8_t out[DNS_MSG_MAX];
	struct dns_client c;
	struct serve_fwd *f;
	enum dns_verdict v;
	size_t outlen = 0;

	memset(&c, 0, sizeof(c));
	c.switch_ifindex = pkt->switch_ifindex;
	c.port_ifindex = pkt->port_ifindex;
	snprintf(c.net, sizeof(c.net), "%s", mn->net.name);
	memcpy(c.mac, pi->eth_src, 6);
	memcpy(c.server_mac, mn->net.server_mac, 6);
	c.family = pi->family;
	/* Answer from the address asked: the kernel checked it is ours. */
	memcpy(&c.src, &pi->src, sizeof(c.src));
	memcpy(&c.server, &pi->dst, sizeof(c.server));
	c.sport = pi->sport;

	v = dns_answer(&s->zone, &mn->net, pi->payload, pi->len, out, &outlen,
		       mn->counters);
	if (v == DNS_FORWARD) {
		uint16_t *q;

		f = fwd_of(s, pkt->switch_ifindex);
		q = inflight(s, pkt->switch_ifindex, pkt->port_ifindex);
		/*
		 * A guest asking for names that do not resolve holds its
		 * queries for seconds: it may not take the whole queue.
		 */
		if (!f || *q >= FWD_QUOTA) {
			mn->counters->dns_dropped++;
			return;
		}
		v = dns_fwd_query(f->fwd, pi->payload, pi->len, &c, sizeof(c),
				  out, &outlen, mn->counters);
		if (v == DNS_FORWARD)
			(*q)++;
	}
	if (v == DNS_REPLY)
		send_dns(s, &c, out, outlen);
}

int serve_packet(const struct ovx_packet *pkt, void *arg)
{
	struct serve *s = arg;
	struct model_port *mp;
	struct model_net *mn;
	struct pkt_info pi;
	uint8_t out[SVC_FRAME_MAX];
	int n = 0;

	s->st.upcalls++;
	mn = model_net(&s->model, pkt->net);
	mp = model_port(&s->model, pkt->port_ifindex);
	if (!mn || !mp || &s->model.nets[mp->net] != mn ||
	    mn->net.switch_ifindex != pkt->switch_ifindex) {
		/* The model lags the kernel: rebuild (rate-limited). */
		s->st.unknown++;
		s->want_rebuild = true;
		return 0;
	}
	switch (pkt->service) {
	case OVX_PACKET_DHCP4:
		if (mn->net.dhcp)
			n = dhcp4_handle(&mn->net, &mp->port, pkt->frame,
					 pkt->len, out, mn->counters);
		break;
	case OVX_PACKET_RS:
		if (mn->net.dhcp)
			n = ra_handle_rs(&mn->net, &mp->port, pkt->frame,
					 pkt->len, out, mn->counters);
		break;
	case OVX_PACKET_DHCP6:
		s->st.dhcp6_ignored++;
		break;
	case OVX_PACKET_DNS:
		if (!mn->net.dns)
			break;
		if (pkt_parse(pkt->frame, pkt->len, &pi) ||
		    pi.proto != IPPROTO_UDP || pi.dport != 53) {
			mn->counters->dns_malformed++;
			break;
		}
		serve_dns(s, mn, pkt, &pi);
		break;
	default:
		s->st.unknown++;
		break;
	}
	if (n > 0)
		send_frame(s, pkt->switch_ifindex, pkt->port_ifindex, out,
			   (size_t)n);
	return 0;
}

void serve_advertise(struct serve *s)
{
	uint8_t out[SVC_FRAME_MAX];
	size_t i;

	for (i = 0; i < s->model.n_ports; i++) {
		struct model_port *mp = &s->model.ports[i];
		struct model_net *mn = &s->model.nets[mp->net];
		int n;

		if (!mn->net.dhcp)
			continue;
		n = ra_build(&mn->net, &mp->port, out);
		if (n > 0) {
			mn->counters->ra_sent++;
			send_frame(s, mn->net.switch_ifindex, mp->port.ifindex,
				   out, (size_t)n);
		}
	}
}

int serve_fwd_fds(struct serve *s, int *fds, int max)
{
	int n = 0, k, fd2[2];
	size_t i;

	for (i = 0; i < s->n_fwds; i++) {
		int got = dns_fwd_fds(s->fwds[i].fwd, fd2);

		for (k = 0; k < got && n < max; k++)
			fds[n++] = fd2[k];
	}
	return n;
}

void serve_fwd_input(struct serve *s, int fd)
{
	size_t i;
	int fd2[2], n, k;

	for (i = 0; i < s->n_fwds; i++) {
		n = dns_fwd_fds(s->fwds[i].fwd, fd2);
		for (k = 0; k < n; k++)
			if (fd2[k] == fd)
				dns_fwd_input(s->fwds[i].fwd, fd, fwd_reply, s);
	}
}

int serve_fwd_tick(struct serve *s)
{
	int next = -1;
	size_t i;

	for (i = 0; i < s->n_fwds; i++) {
		int t = dns_fwd_tick(s->fwds[i].fwd, fwd_reply, s);

		if (t >= 0 && (next < 0 || t < next))
			next = t;
	}
	return next;
}
