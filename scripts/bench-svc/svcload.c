// SPDX-License-Identifier: GPL-2.0-only
/*
 * svcload: the load of the "services" part of scripts/bench.  Guests'
 * DHCPv4 exchanges (DISCOVER, OFFER, REQUEST, ACK: a DORA) or DNS queries
 * for local names, written as Ethernet frames into tap devices and their
 * answers read back from them, with a fixed number of transactions in
 * flight; prints completions per second and latency percentiles.  The
 * same program drives ovxd (one tap per guest, each a port) and dnsmasq
 * (one tap carrying every guest's MAC), so that both see the same frames.
 *
 *   svcload hosts N
 *	print "MAC IP NAME" of guests 0 to N-1, the bindings both servers
 *	are given
 *   svcload dhcp|dns [OPTIONS] (-t TAP | -p PREFIX)
 *	-t TAP     every guest's frames through tap TAP
 *	-p PREFIX  guest i's through tap PREFIXi
 *	-n N       guests (1000)
 *	-w W       transactions in flight (32)
 *	-d SEC     seconds measured (5), after -u SEC of warm-up (1)
 *	-s IP      the server's address (10.1.0.2)
 *	-m MAC     the server's MAC, destination of DNS queries
 *	-D DOMAIN  names are NAME.DOMAIN (blue.internal)
 *	-T MS      a transaction unanswered for MS ms is abandoned (2000)
 *	-r SEED    of the random choice of names (1)
 *	-v         print the first frames that are none of ours
 *
 * Output, one line of "key value" pairs: mode, rate (completions per
 * second), p50_us and p99_us (latency from the first frame sent to the
 * last answer), done, timeouts, errors (wrong or refused answers),
 * ignored (frames that were none of ours), arp (ARP requests for a
 * guest's address, answered), seconds.
 * Exit status: 0, 1 when nothing completed or an answer was wrong, 2 on
 * a usage error, 3 when the taps cannot be used.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define MAX_GUESTS	50000	/* DNS source ports 10000 + i stay below 65536 */
#define DNS_PORT_BASE	10000
#define FRAME_MAX	2048
#define BOOTP_MIN	300	/* RFC 1542: BOOTP messages are at least this long */

enum mode { M_DHCP, M_DNS };
enum state { S_IDLE, S_DISCOVER, S_REQUEST, S_QUERY };

struct guest {
	int fd;
	enum state state;
	uint32_t xid;		/* DHCP transaction, or DNS id in the low 16 bits */
	uint32_t want;		/* DNS: the address the answer must carry */
	uint32_t server;	/* DHCP: the OFFER's server identifier */
	uint32_t slot;		/* index in the in-flight table */
	uint64_t t0;		/* ns: first frame of the transaction */
};

static struct {
	enum mode mode;
	unsigned int n, window, timeout_ms;
	double seconds, warmup;
	uint32_t server_ip;
	uint8_t server_mac[6];
	bool have_server_mac;
	unsigned int verbose;
	const char *domain;
	struct guest *g;
	uint32_t *inflight;	/* guest indices */
	unsigned int ninflight, next;
	uint64_t measure_from, measure_to;
	uint64_t done, timeouts, errors, ignored, arp;
	uint64_t *lat;
	size_t nlat, lat_cap;
	uint32_t xid_seq;
	uint64_t rnd;
} L = {
	.n = 1000, .window = 32, .timeout_ms = 2000, .seconds = 5, .warmup = 1,
	.domain = "blue.internal", .rnd = 1,
};

static void usage(void)
{
	fprintf(stderr,
		"usage: svcload hosts N\n"
		"       svcload dhcp|dns [-n N] [-w W] [-d SEC] [-u SEC] [-s IP] [-m MAC]\n"
		"                        [-D DOMAIN] [-T MS] [-r SEED] [-v] (-t TAP | -p PREFIX)\n");
	exit(2);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

/* xorshift64*: reproducible choice of names, not security. */
static uint32_t rnd32(void)
{
	L.rnd ^= L.rnd >> 12;
	L.rnd ^= L.rnd << 25;
	L.rnd ^= L.rnd >> 27;
	return (uint32_t)((L.rnd * 2685821657736338717ull) >> 32);
}

static void guest_mac(unsigned int i, uint8_t mac[6])
{
	mac[0] = 0x02;
	mac[1] = 0x5b;
	mac[2] = 0x00;
	mac[3] = i >> 16;
	mac[4] = i >> 8;
	mac[5] = i;
}

/* 10.1.1.1 and up, 250 a /24, never .0 or .255 (host order). */
static uint32_t guest_ip(unsigned int i)
{
	return (10u << 24) | (1u << 16) | ((1 + i / 250) << 8) | (1 + i % 250);
}

/* The guest whose address this is, or -1. */
static long ip_guest(uint32_t ip)
{
	unsigned long a = ip >> 8 & 255, b = ip & 255, i;

	if ((ip >> 16) != 0x0a01 || a < 1 || b < 1 || b > 250)
		return -1;
	i = (a - 1) * 250 + b - 1;
	return i < L.n ? (long)i : -1;
}

/* The guest whose MAC this is, or -1. */
static long mac_guest(const uint8_t *mac)
{
	unsigned long i;

	if (mac[0] != 0x02 || mac[1] != 0x5b || mac[2] != 0)
		return -1;
	i = (unsigned long)mac[3] << 16 | mac[4] << 8 | mac[5];
	return i < L.n ? (long)i : -1;
}

static uint32_t csum_add(uint32_t sum, const void *data, size_t len)
{
	const uint8_t *p = data;

	while (len > 1) {
		sum += (uint32_t)p[0] << 8 | p[1];
		p += 2;
		len -= 2;
	}
	if (len)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/*
 * An Ethernet + IPv4 + UDP frame around the @plen bytes already at
 * f + 42; both checksums filled in.  Return: the frame's length.
 */
static size_t udp_frame(uint8_t *f, const uint8_t *dmac, const uint8_t *smac,
			uint32_t sip, uint32_t dip, uint16_t sport,
			uint16_t dport, size_t plen)
{
	uint8_t *ip = f + 14, *udp = f + 34, pseudo[12];
	uint32_t sum;

	memcpy(f, dmac, 6);
	memcpy(f + 6, smac, 6);
	put16(f + 12, 0x0800);
	memset(ip, 0, 20);
	ip[0] = 0x45;
	put16(ip + 2, 28 + plen);
	ip[8] = 64;
	ip[9] = 17;
	put32(ip + 12, sip);
	put32(ip + 16, dip);
	put16(ip + 10, csum_fold(csum_add(0, ip, 20)));
	put16(udp, sport);
	put16(udp + 2, dport);
	put16(udp + 4, 8 + plen);
	put16(udp + 6, 0);
	memcpy(pseudo, ip + 12, 8);
	pseudo[8] = 0;
	pseudo[9] = 17;
	put16(pseudo + 10, 8 + plen);
	sum = csum_add(csum_add(0, pseudo, 12), udp, 8 + plen);
	put16(udp + 6, csum_fold(sum) ? csum_fold(sum) : 0xffff);
	return 42 + plen;
}

static void send_frame(struct guest *g, const uint8_t *f, size_t len)
{
	/* A full queue loses the frame as a wire would: the timeout counts it. */
	if (write(g->fd, f, len) < 0 && errno != EAGAIN && errno != ENOBUFS) {
		perror("svcload: write to tap");
		exit(3);
	}
}

static void dhcp_send(unsigned int i, uint8_t type)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t prl[] = { 1, 3, 6, 15, 26, 28, 51, 121 };
	struct guest *g = &L.g[i];
	uint8_t f[FRAME_MAX], *b = f + 42, *o, mac[6];

	guest_mac(i, mac);
	memset(b, 0, BOOTP_MIN);
	b[0] = 1;		/* BOOTREQUEST */
	b[1] = 1;		/* Ethernet */
	b[2] = 6;
	put32(b + 4, g->xid);
	memcpy(b + 28, mac, 6);
	put32(b + 236, 0x63825363);
	o = b + 240;
	*o++ = 53;
	*o++ = 1;
	*o++ = type;
	if (type == 3) {	/* REQUEST, in SELECTING state */
		*o++ = 50;
		*o++ = 4;
		put32(o, guest_ip(i));
		o += 4;
		*o++ = 54;
		*o++ = 4;
		put32(o, g->server);
		o += 4;
	}
	*o++ = 55;
	*o++ = sizeof(prl);
	memcpy(o, prl, sizeof(prl));
	o += sizeof(prl);
	*o++ = 255;
	send_frame(g, f, udp_frame(f, bcast, mac, 0, 0xffffffff, 68, 67,
				   o - b > BOOTP_MIN ? (size_t)(o - b) : BOOTP_MIN));
}

static void dns_send(unsigned int i)
{
	struct guest *g = &L.g[i];
	uint8_t f[FRAME_MAX], *d = f + 42, *q, mac[6];
	unsigned int j = rnd32() % L.n;
	char name[300], *lab, *dot;
	size_t len;

	guest_mac(i, mac);
	g->want = guest_ip(j);
	memset(d, 0, 12);
	put16(d, g->xid & 0xffff);
	put16(d + 2, 0x0100);	/* a query, recursion desired, as stubs send */
	put16(d + 4, 1);
	q = d + 12;
	snprintf(name, sizeof(name), "vm%u.%s", j, L.domain);
	for (lab = name; lab; lab = dot ? dot + 1 : NULL) {
		dot = strchr(lab, '.');
		len = dot ? (size_t)(dot - lab) : strlen(lab);
		*q++ = len;
		memcpy(q, lab, len);
		q += len;
	}
	*q++ = 0;
	put16(q, 1);		/* A */
	put16(q + 2, 1);	/* IN */
	q += 4;
	send_frame(g, f, udp_frame(f, L.server_mac, mac, guest_ip(i), L.server_ip,
				   DNS_PORT_BASE + i, 53, q - d));
}

/* Start a transaction on the next idle guest. */
static void start_one(uint64_t now)
{
	struct guest *g;
	unsigned int i, tries;

	for (tries = 0; tries < L.n; tries++) {
		i = L.next;
		L.next = (L.next + 1) % L.n;
		if (L.g[i].state == S_IDLE)
			break;
	}
	if (tries == L.n)
		return;
	g = &L.g[i];
	g->xid = ++L.xid_seq * 2654435761u;
	g->t0 = now;
	g->slot = L.ninflight;
	L.inflight[L.ninflight++] = i;
	if (L.mode == M_DHCP) {
		g->state = S_DISCOVER;
		dhcp_send(i, 1);
	} else {
		g->state = S_QUERY;
		dns_send(i);
	}
}

static void finish(unsigned int i, uint64_t now, bool ok)
{
	struct guest *g = &L.g[i];
	unsigned int last = L.inflight[--L.ninflight];

	L.inflight[g->slot] = last;
	L.g[last].slot = g->slot;
	g->state = S_IDLE;
	/* A wrong answer is one in the warm-up too. */
	if (!ok) {
		L.errors++;
		return;
	}
	if (now < L.measure_from || now > L.measure_to)
		return;
	L.done++;
	if (L.nlat == L.lat_cap) {
		L.lat_cap = L.lat_cap ? 2 * L.lat_cap : 4096;
		L.lat = realloc(L.lat, L.lat_cap * sizeof(*L.lat));
		if (!L.lat) {
			perror("svcload");
			exit(3);
		}
	}
	L.lat[L.nlat++] = now - g->t0;
}

static void ignore(const uint8_t *f, size_t len)
{
	size_t k;

	if (L.verbose && L.ignored < 8) {
		fprintf(stderr, "svcload: ignored %zu bytes:", len);
		for (k = 0; k < len && k < 80; k++)
			fprintf(stderr, " %02x", f[k]);
		fputc('\n', stderr);
	}
	L.ignored++;
}

/* The UDP payload of an IPv4 frame from sport to dport, or NULL. */
static const uint8_t *udp_payload(const uint8_t *f, size_t len, uint16_t sport,
				  uint16_t *dport, size_t *plen)
{
	const uint8_t *ip = f + 14, *udp;
	size_t ihl, ulen;

	if (len < 42 || get16(f + 12) != 0x0800 || (ip[0] >> 4) != 4 || ip[9] != 17)
		return NULL;
	ihl = (ip[0] & 15) * 4;
	if (ihl < 20 || 14 + ihl + 8 > len || (get16(ip + 6) & 0x3fff))
		return NULL;
	udp = ip + ihl;
	ulen = get16(udp + 4);
	if (get16(udp) != sport || ulen < 8 || udp + ulen > f + len)
		return NULL;
	*dport = get16(udp + 2);
	*plen = ulen - 8;
	return udp + 8;
}

static void dhcp_recv(const uint8_t *f, size_t len, uint64_t now)
{
	const uint8_t *b, *o, *end;
	uint8_t type = 0;
	uint32_t server = 0;
	uint16_t dport;
	size_t plen;
	long i;
	struct guest *g;

	b = udp_payload(f, len, 67, &dport, &plen);
	if (!b || dport != 68 || plen < 240 || b[0] != 2 || get32(b + 236) != 0x63825363) {
		ignore(f, len);
		return;
	}
	i = mac_guest(b + 28);
	if (i < 0 || L.g[i].xid != get32(b + 4) ||
	    (L.g[i].state != S_DISCOVER && L.g[i].state != S_REQUEST)) {
		ignore(f, len);	/* late, after a timeout */
		return;
	}
	g = &L.g[i];
	for (o = b + 240, end = b + plen; o < end && *o != 255;) {
		if (*o == 0) {
			o++;
			continue;
		}
		if (o + 2 > end || o + 2 + o[1] > end)
			break;
		if (o[0] == 53 && o[1] == 1)
			type = o[2];
		else if (o[0] == 54 && o[1] == 4)
			server = get32(o + 2);
		o += 2 + o[1];
	}
	if (get32(b + 16) != guest_ip(i) && type != 6) {
		fprintf(stderr, "svcload: guest %ld offered %08x, not its binding\n",
			i, get32(b + 16));
		finish(i, now, false);
		return;
	}
	if (g->state == S_DISCOVER && type == 2 && server) {
		g->server = server;
		g->state = S_REQUEST;
		dhcp_send(i, 3);
	} else if (g->state == S_REQUEST && type == 5) {
		finish(i, now, true);
	} else if (type == 6) {
		fprintf(stderr, "svcload: guest %ld: DHCPNAK\n", i);
		finish(i, now, false);
	} else {
		ignore(f, len);
	}
}

/*
 * Guests answer ARP for their addresses, as a server that answers with
 * the IP stack (dnsmasq) resolves them first.  Return: whether it was
 * ARP.
 */
static bool arp_recv(const uint8_t *f, size_t len)
{
	const uint8_t *a = f + 14;
	uint8_t r[60], mac[6];
	long i;

	if (len < 42 || get16(f + 12) != 0x0806)
		return false;
	if (get16(a) != 1 || get16(a + 2) != 0x0800 || a[4] != 6 || a[5] != 4 ||
	    get16(a + 6) != 1 || (i = ip_guest(get32(a + 24))) < 0) {
		ignore(f, len);
		return true;
	}
	guest_mac(i, mac);
	memset(r, 0, sizeof(r));
	memcpy(r, a + 8, 6);
	memcpy(r + 6, mac, 6);
	put16(r + 12, 0x0806);
	memcpy(r + 14, a, 6);
	put16(r + 20, 2);
	memcpy(r + 22, mac, 6);
	memcpy(r + 28, a + 24, 4);
	memcpy(r + 32, a + 8, 10);
	send_frame(&L.g[i], r, sizeof(r));
	L.arp++;
	return true;
}

/* Skip a (possibly compressed) name; NULL when it runs past end. */
static const uint8_t *dns_skip_name(const uint8_t *p, const uint8_t *end)
{
	while (p < end) {
		if ((*p & 0xc0) == 0xc0)
			return p + 2 <= end ? p + 2 : NULL;
		if (*p == 0)
			return p + 1;
		p += 1 + *p;
	}
	return NULL;
}

static void dns_recv(const uint8_t *f, size_t len, uint64_t now)
{
	const uint8_t *d, *p, *end;
	unsigned int an, k;
	uint16_t dport;
	size_t plen;
	long i;
	struct guest *g;
	bool ok = false;

	d = udp_payload(f, len, 53, &dport, &plen);
	if (!d || plen < 12 || dport < DNS_PORT_BASE || (unsigned int)(dport - DNS_PORT_BASE) >= L.n) {
		ignore(f, len);
		return;
	}
	i = dport - DNS_PORT_BASE;
	g = &L.g[i];
	if (g->state != S_QUERY || get16(d) != (g->xid & 0xffff) || !(d[2] & 0x80)) {
		ignore(f, len);
		return;
	}
	end = d + plen;
	an = get16(d + 6);
	p = d + 12;
	for (k = get16(d + 4); k && p; k--)
		p = dns_skip_name(p, end) ? dns_skip_name(p, end) + 4 : NULL;
	for (; (d[3] & 15) == 0 && an && p && p <= end; an--) {
		p = dns_skip_name(p, end);
		if (!p || p + 10 > end || p + 10 + get16(p + 8) > end)
			break;
		if (get16(p) == 1 && get16(p + 2) == 1 && get16(p + 8) == 4) {
			ok = get32(p + 10) == g->want;
			break;
		}
		p += 10 + get16(p + 8);
	}
	if (!ok)
		fprintf(stderr, "svcload: guest %ld: no or a wrong answer (rcode %u)\n",
			i, d[3] & 15);
	finish(i, now, ok);
}

static int open_tap(const char *name)
{
	struct ifreq ifr;
	int fd;

	fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		perror("svcload: /dev/net/tun");
		exit(3);
	}
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	if (snprintf(ifr.ifr_name, IFNAMSIZ, "%s", name) >= IFNAMSIZ) {
		fprintf(stderr, "svcload: tap name too long: %s\n", name);
		exit(2);
	}
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		fprintf(stderr, "svcload: tap %s: %s\n", name, strerror(errno));
		exit(3);
	}
	return fd;
}

static void raise_nofile(unsigned int need)
{
	struct rlimit r;

	if (getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur < need) {
		r.rlim_cur = r.rlim_max < need ? r.rlim_max : need;
		setrlimit(RLIMIT_NOFILE, &r);
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The smallest sample at or above fraction q of them. */
static double pct_us(double q)
{
	size_t k;

	if (!L.nlat)
		return 0;
	k = (size_t)(q * L.nlat + 0.999999);
	k = k ? k - 1 : 0;
	return L.lat[k < L.nlat ? k : L.nlat - 1] / 1e3;
}

static unsigned long parse_num(const char *s, unsigned long max)
{
	char *e;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &e, 10);
	if (errno || e == s || *e || v == 0 || v > max)
		usage();
	return v;
}

static double parse_sec(const char *s)
{
	char *e;
	double v = strtod(s, &e);

	if (e == s || *e || !(v >= 0 && v <= 3600))
		usage();
	return v;
}

int main(int argc, char **argv)
{
	const char *tap = NULL, *prefix = NULL;
	struct epoll_event ev, evs[64];
	uint8_t f[FRAME_MAX];
	struct in_addr a;
	uint64_t now, end, tmo;
	unsigned int i, k;
	int ep, c, n, fd;
	ssize_t len;

	if (argc == 3 && !strcmp(argv[1], "hosts")) {
		uint8_t mac[6];

		L.n = parse_num(argv[2], MAX_GUESTS);
		for (i = 0; i < L.n; i++) {
			guest_mac(i, mac);
			a.s_addr = htonl(guest_ip(i));
			printf("%02x:%02x:%02x:%02x:%02x:%02x %s vm%u\n", mac[0], mac[1],
			       mac[2], mac[3], mac[4], mac[5], inet_ntoa(a), i);
		}
		return 0;
	}
	if (argc < 2)
		usage();
	if (!strcmp(argv[1], "dhcp"))
		L.mode = M_DHCP;
	else if (!strcmp(argv[1], "dns"))
		L.mode = M_DNS;
	else
		usage();
	L.server_ip = 0x0a010002;
	optind = 2;
	while ((c = getopt(argc, argv, "n:w:d:u:s:m:D:T:r:t:p:v")) != -1) {
		switch (c) {
		case 'n': L.n = parse_num(optarg, MAX_GUESTS); break;
		case 'w': L.window = parse_num(optarg, MAX_GUESTS); break;
		case 'd': L.seconds = parse_sec(optarg); break;
		case 'u': L.warmup = parse_sec(optarg); break;
		case 'T': L.timeout_ms = parse_num(optarg, 600000); break;
		case 'r': L.rnd = parse_num(optarg, ~0ul); break;
		case 'D': L.domain = optarg; break;
		case 't': tap = optarg; break;
		case 'p': prefix = optarg; break;
		case 'v': L.verbose++; break;
		case 's':
			if (inet_pton(AF_INET, optarg, &a) != 1)
				usage();
			L.server_ip = ntohl(a.s_addr);
			break;
		case 'm':
			if (sscanf(optarg, "%2hhx:%2hhx:%2hhx:%2hhx:%2hhx:%2hhx%c",
				   &L.server_mac[0], &L.server_mac[1], &L.server_mac[2],
				   &L.server_mac[3], &L.server_mac[4], &L.server_mac[5],
				   (char *)f) != 6)
				usage();
			L.have_server_mac = true;
			break;
		default:
			usage();
		}
	}
	if (optind != argc || !tap == !prefix || L.window > L.n || !(L.seconds > 0) ||
	    (L.mode == M_DNS && !L.have_server_mac))
		usage();

	L.g = calloc(L.n, sizeof(*L.g));
	L.inflight = calloc(L.window, sizeof(*L.inflight));
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (!L.g || !L.inflight || ep < 0) {
		perror("svcload");
		return 3;
	}
	raise_nofile(L.n + 16);
	for (i = 0; i < L.n; i++) {
		char name[IFNAMSIZ + 16];

		if (tap && i > 0) {
			L.g[i].fd = L.g[0].fd;
			continue;
		}
		if (tap)
			snprintf(name, sizeof(name), "%s", tap);
		else
			snprintf(name, sizeof(name), "%s%u", prefix, i);
		fd = open_tap(name);
		L.g[i].fd = fd;
		ev.events = EPOLLIN;
		ev.data.fd = fd;
		if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
			perror("svcload: epoll_ctl");
			return 3;
		}
	}

	now = now_ns();
	L.measure_from = now + (uint64_t)(L.warmup * 1e9);
	L.measure_to = L.measure_from + (uint64_t)(L.seconds * 1e9);
	end = L.measure_to;
	tmo = (uint64_t)L.timeout_ms * 1000000;
	while (now < end) {
		while (L.ninflight < L.window)
			start_one(now);
		n = epoll_wait(ep, evs, 64, 10);
		if (n < 0 && errno != EINTR) {
			perror("svcload: epoll_wait");
			return 3;
		}
		now = now_ns();
		for (k = 0; k < (unsigned int)(n > 0 ? n : 0); k++) {
			while ((len = read(evs[k].data.fd, f, sizeof(f))) > 0) {
				if (arp_recv(f, len))
					;
				else if (L.mode == M_DHCP)
					dhcp_recv(f, len, now);
				else
					dns_recv(f, len, now);
				/* Keep the window full while draining. */
				while (L.ninflight < L.window && now < end)
					start_one(now);
			}
		}
		for (k = 0; k < L.ninflight; k++) {
			i = L.inflight[k];
			if (now - L.g[i].t0 > tmo) {
				if (now >= L.measure_from && now <= L.measure_to)
					L.timeouts++;
				L.g[i].state = S_IDLE;
				L.inflight[k] = L.inflight[--L.ninflight];
				L.g[L.inflight[k]].slot = k;
				k--;
			}
		}
	}

	qsort(L.lat, L.nlat, sizeof(*L.lat), cmp_u64);
	printf("mode %s rate %.1f p50_us %.1f p99_us %.1f done %" PRIu64
	       " timeouts %" PRIu64 " errors %" PRIu64 " ignored %" PRIu64
	       " arp %" PRIu64 " seconds %.3f window %u guests %u\n",
	       L.mode == M_DHCP ? "dhcp" : "dns", L.done / L.seconds, pct_us(0.50),
	       pct_us(0.99), L.done, L.timeouts, L.errors, L.ignored, L.arp, L.seconds,
	       L.window, L.n);
	return L.done && !L.errors ? 0 : 1;
}
