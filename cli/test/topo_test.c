// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Tests of the topology model (cli/topo/): reading files (every key, every
 * class of error with its line), a host's part, the JSON of etcd's keys
 * and its round trip, and random damage to valid files, which must give
 * errors, never a crash or a leak (ASan/UBSan/LSan watch).
 */
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <libgen.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "topo/topo_priv.h"
#include "ktap.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static char sample[4096];	/* test/topo/two-tenants.yaml */
static char doc[4096];		/* Documentation/topology.rst */
static char sample_text[8192];

static bool is_empty(const struct topo *t)
{
	return !t->n_hosts && !t->n_nets && !t->n_routers && !t->n_ports &&
	       !t->hosts && !t->nets && !t->routers && !t->ports && !t->file;
}

static void diag_errors(const struct topo_errors *e)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		ktap_diag("  %s", e->msg[i] ? e->msg[i] : "(null)");
}

static bool load(const char *text, struct topo *t, struct topo_errors *e)
{
	return !topo_load_string("t.yaml", text, strlen(text), t, e);
}

static bool addr_is(const struct ovx_addr *a, const char *s)
{
	struct ovx_addr b;

	memset(&b, 0, sizeof(b));
	if (inet_pton(AF_INET, s, &b.u.v4) == 1)
		b.family = AF_INET;
	else if (inet_pton(AF_INET6, s, &b.u.v6) == 1)
		b.family = AF_INET6;
	return a->family == b.family && !memcmp(a->u.raw, b.u.raw, 16);
}

static bool prefix_is(const struct topo_prefix *p, const char *s,
		      unsigned int len)
{
	return addr_is(&p->addr, s) && p->len == len;
}

static bool mac_is(const uint8_t m[6], uint8_t last)
{
	return m[0] == 2 && !m[1] && !m[2] && !m[3] && m[5] == last;
}

/* ---- the sample and a file with every key ---------------------------- */

static void test_sample(void)
{
	struct topo_errors e = { 0 };
	struct topo t;
	const struct topo_net *red;
	int ok;

	ok = !topo_load_file(sample, &t, &e);
	if (!ktap_check(ok, "two-tenants.yaml loads")) {
		diag_errors(&e);
		topo_errors_free(&e);
		return;
	}
	ktap_check(!strcmp(t.sw.name, "ovx0") &&
		   t.sw.encap == OVX_SWITCH_ENCAP_VXLAN &&
		   t.sw.dstport == TOPO_UNSET, "two-tenants: switch ovx0 vxlan");
	ktap_check(t.n_hosts == 3 && t.n_nets == 4 && t.n_routers == 2 &&
		   t.n_ports == 7, "two-tenants: 3 hosts, 4 networks, 2 routers, 7 ports");
	ktap_check(addr_is(&t.hosts[2].address, "192.0.2.3") &&
		   t.hosts[2].line == 9, "two-tenants: hv3 192.0.2.3 on line 9");
	red = topo_net_find(&t, "red");
	ktap_check(red && red->vni == 200 && red->dhcp == 1 && red->dns == 1 &&
		   !strcmp(red->domain, "red.example") &&
		   red->learning == TOPO_UNSET && red->ageing == TOPO_UNSET,
		   "two-tenants: red vni 200 dhcp dns, the rest unset");
	ktap_check(t.routers[1].n_ifs == 2 &&
		   prefix_is(&t.routers[1].ifs[0].ips[1], "fd00:1::1", 64) &&
		   t.routers[1].ifs[0].line == 26,
		   "two-tenants: rB red fd00:1::1/64 on line 26");
	ktap_check(topo_host_find(&t, "hv2") == &t.hosts[1] &&
		   !topo_host_find(&t, "hv4") && !topo_net_find(&t, "purple") &&
		   topo_router_find(&t, "rB") == &t.routers[1] &&
		   topo_port_find(&t, "yel2") == &t.ports[6],
		   "lookups by name");
	topo_free(&t);
	ktap_check(is_empty(&t), "topo_free leaves an empty topo");
	topo_errors_free(&e);
}

static const char full[] =
	"# every key\n"					/* 1 */
	"switch:\n"
	"  name: ovx1\n"
	"  encap: geneve\n"
	"  dstport: 6082\n"				/* 5 */
	"hosts:\n"
	"  - name: hv1\n"
	"    address: 192.0.2.1\n"
	"  - {name: hv2, address: \"2001:db8::2\"}\n"
	"networks:\n"					/* 10 */
	"  - name: blue\n"
	"    vni: 100\n"
	"    learning: on\n"
	"    ageing: 60\n"
	"    fdb-max: 1000\n"				/* 15 */
	"    arp-suppress: yes\n"
	"    flood-unknown: false\n"
	"    dhcp: true\n"
	"    dns: off\n"
	"    domain: blue.example\n"			/* 20 */
	"    lease: 600\n"
	"    dns-server: [192.0.2.53, \"2001:db8::53\"]\n"
	"  - {name: green, vni: 101, dns-server: 192.0.2.54, ageing: 0, service: \"fd00:2::fe\"}\n"
	"routers:\n"
	"  - name: rA\n"					/* 25 */
	"    mac: \"02:00:00:00:aa:01\"\n"
	"    interfaces:\n"
	"      - net: blue\n"
	"        ip:\n"
	"          - 10.1.0.1/24\n"			/* 30 */
	"          - fd00:1::1/64\n"
	"      - {net: green, ip: 10.2.0.1/24}\n"
	"    routes:\n"
	"      - {prefix: 10.50.0.0/24, via: 10.2.0.11}\n"
	"      - {prefix: default, via: \"fd00:1::5\"}\n"	/* 35 */
	"      - {prefix: 10.1.0.128/25}\n"
	"ports:\n"
	"  - name: web1\n"
	"    net: blue\n"
	"    host: hv1\n"				/* 40 */
	"    dev: tap-web1\n"
	"    mac: \"02:00:00:00:01:01\"\n"
	"    ip: [10.1.0.11, \"fd00:1::11\"]\n"
	"    seq: 3\n"
	"    from: hv2\n"				/* 45 */
	"  - {name: db1, net: green, host: hv2, dev: tap-db1, mac: 02:00:00:00:02:01, ip: 10.2.0.11}\n";

static void test_full(void)
{
	struct topo_errors e = { 0 };
	const struct topo_router *r;
	const struct topo_net *n;
	const struct topo_port *p;
	struct topo t;

	if (!ktap_check(load(full, &t, &e), "a file with every key loads")) {
		diag_errors(&e);
		topo_errors_free(&e);
		return;
	}
	ktap_check(!strcmp(t.sw.name, "ovx1") &&
		   t.sw.encap == OVX_SWITCH_ENCAP_GENEVE &&
		   t.sw.dstport == 6082 && t.sw.line == 3,
		   "full: switch ovx1 geneve 6082");
	ktap_check(t.n_hosts == 2 && !strcmp(t.hosts[0].name, "hv1") &&
		   addr_is(&t.hosts[0].address, "192.0.2.1") &&
		   t.hosts[0].line == 7 &&
		   addr_is(&t.hosts[1].address, "2001:db8::2") &&
		   t.hosts[1].line == 9, "full: hosts, block and flow");
	n = &t.nets[0];
	ktap_check(t.n_nets == 2 && !strcmp(n->name, "blue") && n->vni == 100 &&
		   n->learning == 1 && n->ageing == 60 && n->fdb_max == 1000 &&
		   n->arp_suppress == 1 && n->flood_unknown == 0 &&
		   n->dhcp == 1 && n->dns == 0 &&
		   !strcmp(n->domain, "blue.example") && n->lease == 600 &&
		   n->n_dns_servers == 2 &&
		   addr_is(&n->dns_servers[0], "192.0.2.53") &&
		   addr_is(&n->dns_servers[1], "2001:db8::53") && n->line == 11,
		   "full: every network key");
	n = &t.nets[1];
	ktap_check(n->n_dns_servers == 1 &&
		   addr_is(&n->dns_servers[0], "192.0.2.54") &&
		   addr_is(&n->service, "fd00:2::fe") &&
		   n->service_len == TOPO_UNSET &&
		   t.nets[0].service.family == AF_UNSPEC &&
		   n->ageing == 0 && n->lease == TOPO_UNSET && !n->domain &&
		   n->dhcp == TOPO_UNSET,
		   "full: dns-server as a scalar, ageing 0 is not unset, service without /LEN");
	r = &t.routers[0];
	ktap_check(t.n_routers == 1 && r->has_mac && r->mac[5] == 1 &&
		   r->mac[4] == 0xaa && r->n_ifs == 2 &&
		   !strcmp(r->ifs[0].net, "blue") && r->ifs[0].n_ips == 2 &&
		   prefix_is(&r->ifs[0].ips[0], "10.1.0.1", 24) &&
		   prefix_is(&r->ifs[0].ips[1], "fd00:1::1", 64) &&
		   r->ifs[1].n_ips == 1 &&
		   prefix_is(&r->ifs[1].ips[0], "10.2.0.1", 24) &&
		   r->ifs[0].line == 28 && r->ifs[1].line == 32,
		   "full: router interfaces, ip as list and scalar");
	ktap_check(r->n_routes == 3 &&
		   prefix_is(&r->routes[0].prefix, "10.50.0.0", 24) &&
		   r->routes[0].has_via &&
		   addr_is(&r->routes[0].via, "10.2.0.11") &&
		   prefix_is(&r->routes[1].prefix, "::", 0) &&
		   addr_is(&r->routes[1].via, "fd00:1::5") &&
		   prefix_is(&r->routes[2].prefix, "10.1.0.128", 25) &&
		   !r->routes[2].has_via && r->routes[1].line == 35,
		   "full: routes, default takes the family of via");
	p = &t.ports[0];
	ktap_check(t.n_ports == 2 && !strcmp(p->name, "web1") &&
		   !strcmp(p->net, "blue") && !strcmp(p->host, "hv1") &&
		   !strcmp(p->dev, "tap-web1") && mac_is(p->mac, 1) &&
		   p->n_ips == 2 && addr_is(&p->ips[0], "10.1.0.11") &&
		   addr_is(&p->ips[1], "fd00:1::11") && p->seq == 3 &&
		   !strcmp(p->from, "hv2") && p->line == 38,
		   "full: every port key");
	p = &t.ports[1];
	ktap_check(mac_is(p->mac, 1) && p->mac[4] == 2 && p->n_ips == 1 &&
		   p->seq == 0 && !p->from && p->line == 46,
		   "full: unquoted MAC, seq defaults to 0");
	ktap_check(t.file && !strcmp(t.file, "t.yaml"), "full: the file name kept");
	topo_free(&t);
	topo_errors_free(&e);
}

/* ---- errors ---------------------------------------------------------- */

static const char base[] =
	"switch: {name: ovx0}\n"				/* 1 */
	"hosts:\n"
	"  - {name: hv1, address: 192.0.2.1}\n"
	"  - {name: hv2, address: 192.0.2.2}\n"
	"networks:\n"						/* 5 */
	"  - {name: blue, vni: 100}\n"
	"routers:\n"
	"  - name: rA\n"
	"    interfaces:\n"
	"      - {net: blue, ip: 10.1.0.1/24}\n"		/* 10 */
	"ports:\n"
	"  - {name: web1, net: blue, host: hv1, dev: tap-web1, mac: \"02:00:00:00:01:01\", ip: 10.1.0.11}\n";

#define PORT2 "  - {name: web2, net: blue, host: hv2, dev: tap-web2, mac: \"02:00:00:00:01:02\", ip: 10.1.0.12}\n"
#define WEB1 "  - {name: web1, net: blue, host: hv1, dev: tap-web1, mac: \"02:00:00:00:01:01\", ip: 10.1.0.11}\n"
#define IF1 "      - {net: blue, ip: 10.1.0.1/24}\n"

/* @base with the first @from replaced by @to. */
static char *subst(const char *from, const char *to)
{
	const char *at = strstr(base, from);
	size_t n;
	char *s;

	if (!at)
		return NULL;
	n = strlen(base) - strlen(from) + strlen(to) + 1;
	s = malloc(n);
	if (!s)
		abort();
	snprintf(s, n, "%.*s%s%s", (int)(at - base), base, to,
		 at + strlen(from));
	return s;
}

static const struct err_case {
	const char *from, *to;
	int line;
	const char *msg;
} err_cases[] = {
	/* YAML itself */
	{ "switch: {name: ovx0}\n", "switch: {name: ovx0\n", 2,
	  "did not find expected ',' or '}'" },
	{ "hosts:\n", "hosts:\n\t- x\n", 3, "found character that cannot start any token" },
	{ "  - {name: hv2, address: 192.0.2.2}\n", "  - *h\n", 4,
	  "aliases are not supported" },
	{ "  - {name: hv1, address: 192.0.2.1}\n  - {name: hv2, address: 192.0.2.2}\n",
	  "  - &h {name: hv1, address: 192.0.2.1}\n  - *h\n", 4,
	  "aliases are not supported" },
	{ WEB1, WEB1 "---\nswitch: {name: ovx1}\n", 13, "more than one YAML document" },
	/* schema */
	{ "{name: blue, vni: 100}", "{name: blue, vni: 100, colour: blue}", 6,
	  "network: unknown key \"colour\"" },
	{ "{name: blue, vni: 100}", "{name: blue, vni: 100, vni: 101}", 6,
	  "network: key \"vni\" given twice" },
	{ "switch: {name: ovx0}\n", "switch: {name: ovx0}\nrouter: []\n", 2,
	  "topology: unknown key \"router\"" },
	{ "vni: 100", "vni: blue", 6, "vni: blue is not a number" },
	{ "vni: 100", "vni: -1", 6, "vni: -1 is not a number" },
	{ "{name: blue,", "{name: [blue],", 6, "name: expected a value, not a list" },
	{ "{name: blue,", "{name: ,", 6, "name: expected a value, not nothing" },
	{ "vni: 100}", "vni: 100, dhcp: maybe}", 6,
	  "dhcp: maybe is not a boolean (true/false, on/off, yes/no)" },
	{ "vni: 100}", "vni: 100, fdb-max: 4294967296}", 6,
	  "fdb-max: 4294967296 is too large (at most 4294967295)" },
	{ "hosts:\n", "hosts: {name: hv1}\nx:\n", 2, "hosts: expected a list, not a mapping" },
	{ "networks:\n  - {name: blue, vni: 100}\n", "networks:\n  - blue\n", 6,
	  "network: expected a mapping, not a scalar" },
	{ "ip: 10.1.0.11}", "ip: 10.1.0.11/24}", 12,
	  "port: ip 10.1.0.11/24 is not an IPv4 or IPv6 address" },
	{ "ip: 10.1.0.1/24}", "ip: 10.1.0.1}", 10,
	  "interface: ip 10.1.0.1 is not ADDR/LEN" },
	{ "mac: \"02:00:00:00:01:01\"", "mac: \"02:00:00:00:01\"", 12,
	  "port: mac 02:00:00:00:01 is not a MAC address" },
	{ "address: 192.0.2.2", "address: 192.0.2.256", 4,
	  "host: address 192.0.2.256 is not an IPv4 or IPv6 address" },
	{ "vni: 100}", "vni: 100, service: 10.1.0.1/33}", 6,
	  "network: service 10.1.0.1/33 is not ADDR or ADDR/LEN" },
	/* required keys */
	{ "switch: {name: ovx0}\n", "", 1, "topology: missing key \"switch\"" },
	{ "switch: {name: ovx0}", "switch: {encap: vxlan}", 1,
	  "switch: missing key \"name\"" },
	{ ", address: 192.0.2.2}", "}", 4, "host: missing key \"address\"" },
	{ "{name: hv1, ", "{", 3, "host: missing key \"name\"" },
	{ "{name: blue, vni: 100}", "{name: blue}", 6,
	  "network: missing key \"vni\"" },
	{ "  - name: rA\n", "  - mac: \"02:00:00:00:00:aa\"\n", 8,
	  "router: missing key \"name\"" },
	{ IF1, "      - {net: blue}\n", 10, "interface: missing key \"ip\"" },
	{ IF1, "      - {ip: 10.1.0.1/24}\n", 10, "interface: missing key \"net\"" },
	{ IF1, IF1 "    routes:\n      - {via: 10.1.0.5}\n", 12,
	  "route: missing key \"prefix\"" },
	{ ", dev: tap-web1", "", 12, "port: missing key \"dev\"" },
	{ ", mac: \"02:00:00:00:01:01\"", "", 12, "port: missing key \"mac\"" },
	{ "{name: web1, ", "{", 12, "port: missing key \"name\"" },
	{ "net: blue, host", "host", 12, "port: missing key \"net\"" },
	{ "host: hv1, ", "", 12, "port: missing key \"host\"" },
	/* names */
	{ "name: ovx0", "name: ovx0123456789abcdef", 1,
	  "switch: name ovx0123456789abcdef is not an interface name" },
	{ "name: blue,", "name: b0123456789012345678901234567890,", 6,
	  "network b0123456789012345678901234567890: not a network name" },
	{ "name: web1", "name: web/1", 12, "port web/1: not a port name" },
	{ "name: rA", "name: \"r A\"", 8, "router r A: not a router name" },
	{ "dev: tap-web1", "dev: \"tap/web1\"", 12,
	  "port web1: dev tap/web1 is not an interface name" },
	{ "dev: tap-web1", "dev: tap-web1-0123456", 12,
	  "port web1: dev tap-web1-0123456 is not an interface name" },
	{ "name: hv2", "name: \"hv/2\"", 4, "host hv/2: not a host name" },
	/* duplicates */
	{ "name: hv2", "name: hv1", 4, "host hv1: defined twice, line 3" },
	{ "address: 192.0.2.2", "address: 192.0.2.1", 4,
	  "host hv2: address 192.0.2.1 already used by host hv1, line 3" },
	{ "  - {name: blue, vni: 100}\n",
	  "  - {name: blue, vni: 100}\n  - {name: green, vni: 100}\n", 7,
	  "network green: vni 100 already used by network blue, line 6" },
	{ WEB1, WEB1 WEB1, 13, "port web1: defined twice, line 12" },
	{ WEB1, WEB1 "  - {name: web2, net: blue, host: hv2, dev: tap-web2, mac: \"02:00:00:00:01:01\", ip: 10.1.0.12}\n",
	  13, "port web2: mac 02:00:00:00:01:01 already used by port web1, line 12" },
	{ WEB1, WEB1 "  - {name: web2, net: blue, host: hv2, dev: tap-web2, mac: \"02:00:00:00:01:02\", ip: 10.1.0.11}\n",
	  13, "port web2: ip 10.1.0.11 already used by port web1, line 12" },
	{ "ip: 10.1.0.11}", "ip: 10.1.0.1}", 12,
	  "port web1: ip 10.1.0.1 already used by router rA, line 10" },
	{ "vni: 100}", "vni: 100, service: 10.1.0.11}", 12,
	  "port web1: ip 10.1.0.11 already used by network blue, line 6" },
	{ "ip: 10.1.0.11}", "ip: [10.1.0.11, 10.1.0.11]}", 12,
	  "port web1: ip 10.1.0.11 listed twice" },
	{ WEB1, WEB1 "  - {name: web2, net: blue, host: hv1, dev: tap-web1, mac: \"02:00:00:00:01:02\", ip: 10.1.0.12}\n",
	  13, "port web2: dev tap-web1 on host hv1 already used by port web1, line 12" },
	{ IF1, IF1 "      - {net: blue, ip: 10.1.1.1/24}\n", 11,
	  "router rA: network blue attached twice, line 10" },
	{ "  - {name: blue, vni: 100}\n",
	  "  - {name: blue, vni: 100}\n  - {name: green, vni: 101}\n", 12,
	  "router rA: 10.1.0.1/16 overlaps 10.1.0.1/24 of interface blue" },
	/* references */
	{ "net: blue, host", "net: red, host", 12, "port web1: unknown network red" },
	{ "host: hv1", "host: hv9", 12, "port web1: unknown host hv9" },
	{ "ip: 10.1.0.11}", "ip: 10.1.0.11, from: hv9}", 12,
	  "port web1: unknown host hv9 (from)" },
	{ IF1, "      - {net: red, ip: 10.1.0.1/24}\n", 10,
	  "router rA: unknown network red" },
	{ IF1, IF1 "    routes:\n      - {prefix: 10.50.0.0/24, via: 10.9.0.5}\n", 12,
	  "router rA: route 10.50.0.0/24: via 10.9.0.5 is not inside a prefix of the router's interfaces" },
	{ IF1, IF1 "    routes:\n      - {prefix: 10.50.0.0/24, via: \"fd00::5\"}\n", 12,
	  "route 10.50.0.0/24: via fd00::5 is not of the family of the prefix" },
	{ IF1, IF1 "    routes:\n      - {prefix: 10.1.0.0/16}\n", 12,
	  "route 10.1.0.0/16 without via is not inside a prefix" },
	{ IF1, IF1 "    routes:\n      - {prefix: 10.50.0.1/24, via: 10.1.0.5}\n", 12,
	  "router rA: route 10.50.0.1/24: host bits set" },
	{ IF1, IF1 "    routes:\n      - {prefix: default}\n", 12,
	  "route: prefix default needs an IPv4 or IPv6 via" },
	{ "ip: 10.1.0.11}", "ip: 10.9.0.11}", 12,
	  "port web1: ip 10.9.0.11 is not inside a router interface prefix of network blue" },
	/* values */
	{ "vni: 100", "vni: 16777216", 6, "network blue: vni 16777216 is not a VNI (1-16777215)" },
	{ "vni: 100", "vni: 0", 6, "network blue: vni 0 is not a VNI (1-16777215)" },
	{ "vni: 100}", "vni: 100, ageing: 1000001}", 6,
	  "ageing 1000001 is not an ageing time (0-1000000 seconds)" },
	{ "vni: 100}", "vni: 100, lease: 9}", 6,
	  "lease 9 is not a lease time (10-31536000 seconds)" },
	{ "vni: 100}", "vni: 100, lease: 31536001}", 6,
	  "lease 31536001 is not a lease time" },
	{ "vni: 100}", "vni: 100, domain: bad_domain}", 6,
	  "domain bad_domain is not a domain name" },
	{ "vni: 100}", "vni: 100, dns-server: [192.0.2.1, 192.0.2.2, 192.0.2.3, 192.0.2.4, 192.0.2.5]}", 6,
	  "network blue: 5 DNS servers (at most 4)" },
	{ "ip: 10.1.0.11}", "ip: [10.1.0.11, 10.1.0.12, 10.1.0.13, 10.1.0.14, 10.1.0.15, 10.1.0.16, 10.1.0.17, 10.1.0.18, 10.1.0.19, 10.1.0.20, 10.1.0.21, 10.1.0.22, 10.1.0.23, 10.1.0.24, 10.1.0.25, 10.1.0.26, 10.1.0.27]}",
	  12, "port web1: 17 ips (at most 16)" },
	{ "mac: \"02:", "mac: \"03:", 12, "port web1: mac 03:00:00:00:01:01 is multicast or zero" },
	{ "mac: \"02:00:00:00:01:01\"", "mac: \"00:00:00:00:00:00\"", 12,
	  "port web1: mac 00:00:00:00:00:00 is multicast or zero" },
	{ "  - name: rA\n", "  - name: rA\n    mac: \"01:00:5e:00:00:01\"\n", 8,
	  "router rA: mac 01:00:5e:00:00:01 is multicast or zero" },
	{ "{name: ovx0}", "{name: ovx0, encap: gre}", 1, "switch: encap gre is not vxlan or geneve" },
	{ "{name: ovx0}", "{name: ovx0, dstport: 65536}", 1,
	  "switch: dstport 65536 is not a UDP port (1-65535)" },
	{ "{name: ovx0}", "{name: ovx0, dstport: 0}", 1,
	  "switch: dstport 0 is not a UDP port (1-65535)" },
	{ IF1, "      - {net: blue, ip: [10.1.0.1/24, 10.1.1.1/24, 10.1.2.1/24, 10.1.3.1/24, 10.1.4.1/24, 10.1.5.1/24, 10.1.6.1/24, 10.1.7.1/24, 10.1.8.1/24]}\n",
	  10, "router rA: interface blue has 9 addresses (at most 8)" },
	/* whole files */
	{ base, "", 1, "empty file: no switch" },
	{ base, "- a\n", 1, "topology: expected a mapping, not a list" },
};

static void test_errors(void)
{
	struct topo_errors e = { 0 };
	struct topo t;
	size_t i, k;

	if (!ktap_check(load(base, &t, &e), "the base of the error cases loads"))
		diag_errors(&e);
	topo_free(&t);
	topo_errors_free(&e);
	for (i = 0; i < ARRAY_SIZE(err_cases); i++) {
		const struct err_case *c = &err_cases[i];
		char *text = subst(c->from, c->to), want[64];
		bool found = false;
		int ret;

		/* The overlap case needs green attached too. */
		if (text && strstr(c->msg, "overlaps")) {
			char *t2 = malloc(strlen(text) + 64);

			if (!t2)
				abort();
			strcpy(t2, text);
			strcpy(strstr(t2, "ports:"),
			       "      - {net: green, ip: 10.1.0.1/16}\n");
			strcat(t2, strstr(text, "ports:"));
			free(text);
			text = t2;
		}
		if (!text) {
			ktap_check(false, "error case %zu: base has %s", i, c->from);
			continue;
		}
		ret = topo_load_string("t.yaml", text, strlen(text), &t, &e);
		snprintf(want, sizeof(want), "t.yaml:%d: ", c->line);
		for (k = 0; k < e.n; k++)
			if (e.msg[k] && !strncmp(e.msg[k], want, strlen(want)) &&
			    strstr(e.msg[k], c->msg))
				found = true;
		if (!ktap_check(ret == -1 && found && is_empty(&t),
				"error: %s%s", want, c->msg)) {
			ktap_diag("file:\n%s", text);
			diag_errors(&e);
		}
		topo_free(&t);
		topo_errors_free(&e);
		free(text);
	}
}

/* Every error is reported, in the order of the file, up to the limit. */
static void test_error_collection(void)
{
	static const char text[] =
		"switch: {name: ovx0, encap: gre}\n"			/* 1 */
		"hosts:\n"
		"  - {name: hv1, address: 192.0.2.1, rack: 3}\n"
		"networks:\n"
		"  - {name: blue, vni: x}\n"				/* 5 */
		"ports:\n"
		"  - {name: web1, net: blue, host: hv1, dev: tap-web1}\n";
	struct topo_errors e = { 0 };
	struct topo t;
	char *many;
	size_t i, len;
	bool ordered;

	if (!ktap_check(!load(text, &t, &e) && e.n == 4 &&
			!strncmp(e.msg[0], "t.yaml:1: ", 10) &&
			!strncmp(e.msg[1], "t.yaml:3: ", 10) &&
			!strncmp(e.msg[2], "t.yaml:5: ", 10) &&
			!strncmp(e.msg[3], "t.yaml:7: ", 10),
			"four errors on four lines, all reported in order"))
		diag_errors(&e);
	topo_errors_free(&e);

	/* Cross-object errors sorted by line too. */
	many = malloc(1 << 16);
	if (!many)
		abort();
	len = (size_t)snprintf(many, 1 << 16,
			       "switch: {name: ovx0}\nhosts: [{name: h, address: 192.0.2.1}]\n"
			       "networks:\n");
	for (i = 0; i < 150; i++)
		len += (size_t)snprintf(many + len, (1 << 16) - len,
					"  - {name: n%zu, vni: 7}\n", i);
	ktap_check(!load(many, &t, &e) && e.n == TOPO_ERRORS_MAX + 1 &&
		   !strcmp(e.msg[TOPO_ERRORS_MAX],
			   "too many errors, the rest are not shown"),
		   "past %d errors, one line says the rest are not shown",
		   TOPO_ERRORS_MAX);
	ordered = true;
	for (i = 1; i + 1 < e.n; i++)
		if (strtol(e.msg[i] + 7, NULL, 10) <
		    strtol(e.msg[i - 1] + 7, NULL, 10))
			ordered = false;
	ktap_check(ordered && e.n && e.msg[0] &&
		   !strncmp(e.msg[0], "t.yaml:5: network n1: vni 7 already used by network n0, line 4", 63),
		   "duplicates reported in the order of the file");
	topo_errors_free(&e);
	free(many);

	ktap_check(topo_load_file("/nonexistent/t.yaml", &t, &e) == -1 &&
		   e.n == 1 &&
		   !strcmp(e.msg[0], "/nonexistent/t.yaml: No such file or directory"),
		   "a missing file: its name and why");
	topo_errors_free(&e);
}

/* ---- a host's part --------------------------------------------------- */

/*
 * Two tenants and a third network: A has a1, a2 (router ra) and a3 (no
 * router); B has b1, b2 (router rb); rc joins b2 to c1.  h6 has no port.
 */
static const char parts[] =
	"switch: {name: ovx0}\n"
	"hosts:\n"
	"  - {name: h1, address: 192.0.2.1}\n"
	"  - {name: h2, address: 192.0.2.2}\n"
	"  - {name: h3, address: 192.0.2.3}\n"
	"  - {name: h4, address: 192.0.2.4}\n"
	"  - {name: h5, address: 192.0.2.5}\n"
	"  - {name: h6, address: 192.0.2.6}\n"
	"networks:\n"
	"  - {name: a1, vni: 10}\n"
	"  - {name: a2, vni: 11}\n"
	"  - {name: a3, vni: 12, service: 10.3.0.1/24}\n"
	"  - {name: b1, vni: 20}\n"
	"  - {name: b2, vni: 21}\n"
	"  - {name: c1, vni: 30}\n"
	"routers:\n"
	"  - {name: ra, interfaces: [{net: a1, ip: 10.0.1.1/24}, {net: a2, ip: 10.0.2.1/24}]}\n"
	"  - {name: rb, interfaces: [{net: b1, ip: 10.1.1.1/24}, {net: b2, ip: 10.1.2.1/24}]}\n"
	"  - {name: rc, interfaces: [{net: b2, ip: 10.1.2.2/24}, {net: c1, ip: 10.2.1.1/24}]}\n"
	"ports:\n"
	"  - {name: p1, net: a1, host: h1, dev: t1, mac: \"02:00:00:00:00:01\"}\n"
	"  - {name: p2, net: a2, host: h2, dev: t2, mac: \"02:00:00:00:00:02\"}\n"
	"  - {name: p3, net: a3, host: h2, dev: t3, mac: \"02:00:00:00:00:03\"}\n"
	"  - {name: p4, net: b1, host: h3, dev: t4, mac: \"02:00:00:00:00:04\"}\n"
	"  - {name: p5, net: b2, host: h4, dev: t5, mac: \"02:00:00:00:00:05\"}\n"
	"  - {name: p6, net: c1, host: h5, dev: t6, mac: \"02:00:00:00:00:06\"}\n"
	"  - {name: p7, net: a1, host: h3, dev: t7, mac: \"02:00:00:00:00:07\"}\n"
	"  - {name: p8, net: a3, host: h1, dev: t8, mac: \"02:00:00:00:00:08\"}\n";

/* "a,b,c" of @n indexes, for comparing with an expected string. */
static const char *ixs(const size_t *v, size_t n, char *buf, size_t len)
{
	size_t i, off = 0;

	buf[0] = '\0';
	for (i = 0; i < n && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%zu",
					i ? "," : "", v[i]);
	return buf;
}

/* "h2:1,2 h3:0": each peer's host and networks. */
static const char *peers(const struct topo_part *p, char *buf, size_t len)
{
	size_t i, off = 0;
	char tmp[128];

	buf[0] = '\0';
	for (i = 0; i < p->n_peers && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%sh%zu:%s",
					i ? " " : "", p->peers[i].host + 1,
					ixs(p->peers[i].nets,
					    p->peers[i].n_nets, tmp,
					    sizeof(tmp)));
	return buf;
}

static bool not_h2(const char *host, void *arg)
{
	(*(int *)arg)++;
	return strcmp(host, "h2");
}

static void check_part(const struct topo *t, const char *host,
		       bool (*alive)(const char *, void *), void *arg,
		       const char *nets, const char *routers,
		       const char *local, const char *remote,
		       const char *want_peers)
{
	struct topo_errors e = { 0 };
	char b1[256], b2[256], b3[256], b4[256], b5[512];
	struct topo_part p;

	if (!ktap_check(!topo_part_compute(t, host, alive, arg, &p, &e),
			"part of %s computed", host)) {
		diag_errors(&e);
		topo_errors_free(&e);
		return;
	}
	ixs(p.nets, p.n_nets, b1, sizeof(b1));
	ixs(p.routers, p.n_routers, b2, sizeof(b2));
	ixs(p.local, p.n_local, b3, sizeof(b3));
	ixs(p.remote, p.n_remote, b4, sizeof(b4));
	peers(&p, b5, sizeof(b5));
	if (!ktap_check(p.t == t && !strcmp(t->hosts[p.self].name, host) &&
			!strcmp(b1, nets) && !strcmp(b2, routers) &&
			!strcmp(b3, local) && !strcmp(b4, remote) &&
			!strcmp(b5, want_peers),
			"part of %s%s: nets [%s] routers [%s] local [%s] remote [%s] peers [%s]",
			host, alive ? " (h2 dead)" : "", nets, routers, local,
			remote, want_peers))
		ktap_diag("got nets [%s] routers [%s] local [%s] remote [%s] peers [%s]",
			  b1, b2, b3, b4, b5);
	topo_part_free(&p);
	topo_errors_free(&e);
}

static void test_part(void)
{
	struct topo_errors e = { 0 };
	struct topo_part p;
	struct topo t;
	int calls = 0;

	if (!ktap_check(load(parts, &t, &e), "the parts example loads")) {
		diag_errors(&e);
		topo_errors_free(&e);
		return;
	}
	/*
	 * nets a1=0 a2=1 a3=2 b1=3 b2=4 c1=5; ports p1=0 .. p8=7.  A peer
	 * is a member of the networks both hosts need (routing at the
	 * source sends into the networks behind a router).
	 */
	check_part(&t, "h1", NULL, NULL, "0,1,2", "0", "0,7", "1,2,6",
		   "h2:0,1,2 h3:0,1");
	check_part(&t, "h1", not_h2, &calls, "0,1,2", "0", "0,7", "6",
		   "h3:0,1");
	ktap_check(calls == 5, "alive asked once for each other host (%d)",
		   calls);
	/* routing at the source, one router away only: not c1 */
	check_part(&t, "h3", NULL, NULL, "0,1,3,4", "0,1", "3,6", "0,1,4",
		   "h1:0,1 h2:0,1 h4:3,4");
	check_part(&t, "h4", NULL, NULL, "3,4,5", "1,2", "4", "3,5",
		   "h3:3,4 h5:4,5");
	check_part(&t, "h5", NULL, NULL, "4,5", "2", "5", "4", "h4:4,5");
	check_part(&t, "h2", NULL, NULL, "0,1,2", "0", "1,2", "0,6,7",
		   "h1:0,1,2 h3:0,1");
	check_part(&t, "h6", NULL, NULL, "", "", "", "", "");
	ktap_check(topo_part_compute(&t, "h9", NULL, NULL, &p, &e) == -1 &&
		   e.n == 1 && !strcmp(e.msg[0], "h9 is not a host of the topology") &&
		   !p.nets && !p.peers,
		   "part of an unknown host: an error");
	topo_errors_free(&e);
	topo_free(&t);

	/* The shared sample: hv2 has blue and red, so all four networks. */
	if (topo_load_file(sample, &t, &e)) {
		diag_errors(&e);
		topo_errors_free(&e);
		return;
	}
	check_part(&t, "hv2", NULL, NULL, "0,1,2,3", "0,1", "1,3", "0,2,4,5,6",
		   "h1:0,1,2,3 h3:0,1,2,3");
	topo_free(&t);
}

/* ---- JSON ------------------------------------------------------------ */

/* @t's objects through their JSON into a new topo, as etcd would hold it. */
static bool via_json(const struct topo *t, struct topo *out,
		     struct topo_errors *e)
{
	char key[128], *js;
	size_t i;
	bool ok = true;

	memset(out, 0, sizeof(*out));
	topo_switch_init(&out->sw);
	js = topo_switch_to_json(&t->sw);
	ok &= js && !topo_switch_from_json(out, TOPO_KEY_SWITCH, js, e);
	free(js);
	for (i = 0; i < t->n_hosts; i++) {
		snprintf(key, sizeof(key), TOPO_KEY_HOSTS "%s", t->hosts[i].name);
		js = topo_host_to_json(&t->hosts[i]);
		ok &= js && !topo_host_from_json(out, key, t->hosts[i].name, js, e);
		free(js);
	}
	for (i = 0; i < t->n_nets; i++) {
		snprintf(key, sizeof(key), TOPO_KEY_NETS "%s", t->nets[i].name);
		js = topo_net_to_json(&t->nets[i]);
		ok &= js && !topo_net_from_json(out, key, t->nets[i].name, js, e);
		free(js);
	}
	for (i = 0; i < t->n_routers; i++) {
		snprintf(key, sizeof(key), TOPO_KEY_ROUTERS "%s",
			 t->routers[i].name);
		js = topo_router_to_json(&t->routers[i]);
		ok &= js && !topo_router_from_json(out, key, t->routers[i].name,
						   js, e);
		free(js);
	}
	for (i = 0; i < t->n_ports; i++) {
		snprintf(key, sizeof(key), TOPO_KEY_PORTS "%s", t->ports[i].name);
		js = topo_port_to_json(&t->ports[i]);
		ok &= js && !topo_port_from_json(out, key, t->ports[i].name, js, e);
		free(js);
	}
	return ok;
}

static void round_trip(const char *what, const char *text)
{
	struct topo_errors e = { 0 };
	struct topo t, u;
	bool ok;

	if (!load(text, &t, &e)) {
		ktap_check(false, "%s loads for the round trip", what);
		diag_errors(&e);
		topo_errors_free(&e);
		return;
	}
	ok = via_json(&t, &u, &e);
	if (!ktap_check(ok && topo_equal(&t, &u) && !topo_validate(&u, &e),
			"%s: YAML -> topo -> JSON -> topo: equal, and valid",
			what))
		diag_errors(&e);
	topo_free(&u);
	topo_free(&t);
	topo_errors_free(&e);
}

static void test_json(void)
{
	struct topo_errors e = { 0 };
	struct topo t, u;
	char *js;
	size_t i;

	round_trip("two-tenants.yaml", sample_text);
	round_trip("the file with every key", full);
	round_trip("the parts example", parts);

	if (!load(full, &t, &e)) {
		diag_errors(&e);
		topo_errors_free(&e);
		return;
	}
	js = topo_port_to_json(&t.ports[0]);
	ktap_check(js && !strcmp(js, "{\"net\":\"blue\",\"host\":\"hv1\",\"dev\":\"tap-web1\",\"mac\":\"02:00:00:00:01:01\",\"ip\":[\"10.1.0.11\",\"fd00:1::11\"],\"seq\":3,\"from\":\"hv2\"}"),
		   "port JSON: the file's keys, no name: %s", js ? js : "NULL");
	free(js);
	js = topo_net_to_json(&t.nets[1]);
	ktap_check(js && !strcmp(js, "{\"vni\":101,\"ageing\":0,\"dns-server\":[\"192.0.2.54\"],\"service\":\"fd00:2::fe\"}"),
		   "network JSON: unset settings left out: %s", js ? js : "NULL");
	free(js);
	js = topo_router_to_json(&t.routers[0]);
	ktap_check(js && !strcmp(js, "{\"mac\":\"02:00:00:00:aa:01\",\"interfaces\":[{\"net\":\"blue\",\"ip\":[\"10.1.0.1/24\",\"fd00:1::1/64\"]},{\"net\":\"green\",\"ip\":[\"10.2.0.1/24\"]}],\"routes\":[{\"prefix\":\"10.50.0.0/24\",\"via\":\"10.2.0.11\"},{\"prefix\":\"::/0\",\"via\":\"fd00:1::5\"},{\"prefix\":\"10.1.0.128/25\"}]}"),
		   "router JSON: %s", js ? js : "NULL");
	free(js);
	js = topo_switch_to_json(&t.sw);
	ktap_check(js && !strcmp(js, "{\"name\":\"ovx1\",\"encap\":\"geneve\",\"dstport\":6082}"),
		   "switch JSON keeps its name: %s", js ? js : "NULL");
	free(js);
	js = topo_host_to_json(&t.hosts[1]);
	ktap_check(js && !strcmp(js, "{\"address\":\"2001:db8::2\"}"),
		   "host JSON: %s", js ? js : "NULL");
	free(js);
	topo_free(&t);

	/* Decoding errors name the key; nothing is added. */
	{
		static const struct {
			int kind;
			const char *json, *msg;
		} bad[] = {
			{ 0, "{\"net\":\"blue\",\"host\":\"hv1\",\"dev\":\"t\",\"mac\":\"02:00:00:00:00:01\",\"colour\":1}",
			  "/ovx/topology/ports/p: unknown field \"colour\"" },
			{ 0, "{\"net\":\"blue\",\"host\":\"hv1\",\"dev\":\"t\"}",
			  "/ovx/topology/ports/p: missing field \"mac\"" },
			{ 0, "{\"net\":1,\"host\":\"hv1\",\"dev\":\"t\",\"mac\":\"02:00:00:00:00:01\"}",
			  "/ovx/topology/ports/p: net: not a string" },
			{ 0, "{\"net\":\"blue\",\"host\":\"hv1\",\"dev\":\"t\",\"mac\":\"02:00:00:00:00:01\",\"seq\":65536}",
			  "/ovx/topology/ports/p: seq: out of range (0-65535)" },
			{ 0, "{\"net\":\"blue\",\"host\":\"hv1\",\"dev\":\"t\",\"mac\":\"02:00:00:00:00:01\",\"ip\":[\"10.1.0.300\"]}",
			  "/ovx/topology/ports/p: ip: 10.1.0.300 is not an IPv4 or IPv6 address" },
			{ 0, "[1]", "/ovx/topology/ports/p: not a JSON object" },
			{ 0, "{\"net\":", "/ovx/topology/ports/p: not JSON: " },
			{ 1, "{\"vni\":true}", "/ovx/topology/ports/p: vni: not an integer" },
			{ 1, "{\"vni\":1,\"dhcp\":1}", "/ovx/topology/ports/p: dhcp: not a boolean" },
			{ 2, "{\"interfaces\":[{\"net\":\"blue\",\"ip\":[\"10.1.0.1\"]}]}",
			  "/ovx/topology/ports/p: ip: 10.1.0.1 is not ADDR/LEN" },
			{ 2, "{\"routes\":[{\"via\":\"10.1.0.1\"}]}",
			  "/ovx/topology/ports/p: routes: missing field \"prefix\"" },
			{ 3, "{}", "/ovx/topology/ports/p: missing field \"address\"" },
			{ 4, "{\"name\":\"ovx0\",\"dstport\":70000}",
			  "/ovx/topology/ports/p: dstport: out of range (0-65535)" },
			{ 4, "{\"encap\":\"vxlan\"}",
			  "/ovx/topology/ports/p: missing field \"name\"" },
		};
		const char *key = TOPO_KEY_PORTS "p";

		for (i = 0; i < ARRAY_SIZE(bad); i++) {
			int ret;

			memset(&u, 0, sizeof(u));
			topo_switch_init(&u.sw);
			switch (bad[i].kind) {
			case 0:
				ret = topo_port_from_json(&u, key, "p", bad[i].json, &e);
				break;
			case 1:
				ret = topo_net_from_json(&u, key, "p", bad[i].json, &e);
				break;
			case 2:
				ret = topo_router_from_json(&u, key, "p", bad[i].json, &e);
				break;
			case 3:
				ret = topo_host_from_json(&u, key, "p", bad[i].json, &e);
				break;
			default:
				ret = topo_switch_from_json(&u, key, bad[i].json, &e);
				break;
			}
			if (!ktap_check(ret == -1 && e.n >= 1 && e.msg[0] &&
					!strncmp(e.msg[0], bad[i].msg, strlen(bad[i].msg)) &&
					is_empty(&u) && !u.sw.name[0],
					"JSON %s: %s", bad[i].json, bad[i].msg))
				diag_errors(&e);
			topo_errors_free(&e);
			topo_free(&u);
		}
	}

	/* Validation of a topo from etcd names keys, not lines. */
	if (!load(sample_text, &t, &e))
		return;
	via_json(&t, &u, &e);
	free(u.ports[0].net);
	u.ports[0].net = strdup("purple");
	u.nets[1].vni = u.nets[0].vni;
	if (!ktap_check(topo_validate(&u, &e) == -1 && e.n == 2 &&
			!strcmp(e.msg[0], "/ovx/topology/ports/web1: unknown network purple") &&
			!strcmp(e.msg[1], "/ovx/topology/networks/green: vni 100 already used by network blue"),
			"validation from etcd: messages name the keys"))
		diag_errors(&e);
	topo_errors_free(&e);
	u.sw.dstport = 0;
	ktap_check(topo_validate(&u, &e) == -1 &&
		   !strcmp(e.msg[0], "/ovx/topology/switch: dstport 0 is not a UDP port (1-65535)"),
		   "validation from etcd: the switch's key");
	topo_errors_free(&e);
	ktap_check(!topo_equal(&t, &u), "topo_equal sees a difference");
	topo_free(&u);
	topo_free(&t);
}

/* ---- damage ---------------------------------------------------------- */

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void fuzz_one(const char *seed, size_t len, unsigned int *n_ok,
		     unsigned int *n_bad, bool *sound)
{
	static const char bytes[] = "{}[]:,-#&*!|>'\"%@` \n\t0a.\\/~";
	struct topo_errors e = { 0 };
	struct topo t, u;
	char *buf = malloc(len + 16);
	size_t n = len, k, flips;

	if (!buf)
		abort();
	memcpy(buf, seed, len);
	switch (rnd() % 4) {
	case 0:		/* truncated */
		n = (size_t)(rnd() % (len + 1));
		break;
	case 1:		/* bytes flipped */
		for (flips = 1 + rnd() % 4; flips; flips--)
			buf[rnd() % len] ^= (char)(1u << (rnd() % 8));
		break;
	case 2:		/* YAML's own characters put in */
		for (flips = 1 + rnd() % 4; flips; flips--)
			buf[rnd() % len] = bytes[rnd() % (sizeof(bytes) - 1)];
		break;
	default:	/* a span removed */
		k = (size_t)(rnd() % len);
		flips = (size_t)(rnd() % 40);
		if (k + flips > len)
			flips = len - k;
		memmove(buf + k, buf + k + flips, len - k - flips);
		n = len - flips;
		break;
	}
	if (!topo_load_string("f.yaml", buf, n, &t, &e)) {
		(*n_ok)++;
		/* What loads is valid and survives JSON. */
		if (topo_validate(&t, &e) || !via_json(&t, &u, &e) ||
		    !topo_equal(&t, &u))
			*sound = false;
		topo_free(&u);
		topo_free(&t);
	} else {
		(*n_bad)++;
		if (!e.n || !is_empty(&t))
			*sound = false;
	}
	topo_errors_free(&e);
	free(buf);
}

/* Damaged JSON values: errors or objects, never a crash or a leak. */
static void fuzz_json(const struct topo *t, unsigned int *n_ok,
		      unsigned int *n_bad)
{
	static const char pool[] = "{}[]\",:0-tfn\\";
	struct topo_errors e = { 0 };
	struct topo u;
	char *js = NULL;
	size_t len, k, which = (size_t)(rnd() % 4);
	int ret;

	memset(&u, 0, sizeof(u));
	topo_switch_init(&u.sw);
	if (which == 0)
		js = topo_port_to_json(&t->ports[rnd() % t->n_ports]);
	else if (which == 1)
		js = topo_net_to_json(&t->nets[rnd() % t->n_nets]);
	else if (which == 2)
		js = topo_router_to_json(&t->routers[rnd() % t->n_routers]);
	else
		js = topo_switch_to_json(&t->sw);
	if (!js)
		abort();
	len = strlen(js);
	for (k = 1 + rnd() % 3; k; k--) {
		if (rnd() % 2)
			js[rnd() % len] ^= (char)(1u << (rnd() % 7));
		else
			js[rnd() % len] = pool[rnd() % (sizeof(pool) - 1)];
	}
	if (which == 0)
		ret = topo_port_from_json(&u, "k", "x", js, &e);
	else if (which == 1)
		ret = topo_net_from_json(&u, "k", "x", js, &e);
	else if (which == 2)
		ret = topo_router_from_json(&u, "k", "x", js, &e);
	else
		ret = topo_switch_from_json(&u, "k", js, &e);
	if (ret)
		(*n_bad)++;
	else
		(*n_ok)++;
	topo_validate(&u, &e);
	topo_free(&u);
	topo_errors_free(&e);
	free(js);
}

static void test_fuzz(void)
{
	const char *seeds[] = { sample_text, full, parts, base };
	unsigned int n_ok = 0, n_bad = 0, i;
	bool sound = true;

	for (i = 0; i < 6000; i++) {
		const char *s = seeds[i % ARRAY_SIZE(seeds)];

		fuzz_one(s, strlen(s), &n_ok, &n_bad, &sound);
	}
	ktap_check(sound && n_bad > 0,
		   "6000 damaged files: no crash, errors or a valid topology (%u loaded, %u refused)",
		   n_ok, n_bad);

	{
		struct topo_errors e = { 0 };
		struct topo t;

		n_ok = n_bad = 0;
		if (!load(full, &t, &e))
			abort();
		for (i = 0; i < 4000; i++)
			fuzz_json(&t, &n_ok, &n_bad);
		ktap_check(n_bad > 0 && n_ok > 0,
			   "4000 damaged JSON values: no crash (%u decoded, %u refused)",
			   n_ok, n_bad);
		topo_free(&t);
	}
}

/* ---- the documentation's example ------------------------------------- */

/* The literal block after "A full example", dedented: a malloc'd string. */
static char *doc_example(void)
{
	char line[512], *out = NULL;
	size_t len = 0;
	bool in = false, seen = false;
	FILE *f = fopen(doc, "r"), *m;

	if (!f)
		return NULL;
	m = open_memstream(&out, &len);
	if (!m)
		abort();
	while (fgets(line, sizeof(line), f)) {
		if (!seen) {
			seen = !strcmp(line, "A full example\n");
			continue;
		}
		if (!in) {
			in = strstr(line, "::\n") != NULL;
			continue;
		}
		if (line[0] != ' ' && line[0] != '\n')
			break;
		fputs(line[0] == '\n' ? line : line + 2, m);
	}
	fclose(f);
	fclose(m);
	return out;
}

static void test_doc(void)
{
	struct topo_errors e = { 0 };
	char *text = doc_example();
	struct topo_part p;
	struct topo t;

	if (!ktap_check(text && strlen(text) > 500,
			"topology.rst has its full example")) {
		free(text);
		return;
	}
	if (!ktap_check(load(text, &t, &e), "topology.rst's example loads")) {
		ktap_diag("%s", text);
		diag_errors(&e);
		topo_errors_free(&e);
		free(text);
		return;
	}
	round_trip("topology.rst's example", text);
	/* "hv1 holds blue and green, rA, web1, peer hv2 in blue (web1 came
	 * from it) and green, db1" */
	ktap_check(!topo_part_compute(&t, "hv1", NULL, NULL, &p, &e) &&
		   p.n_nets == 2 && p.nets[0] == 0 && p.nets[1] == 1 &&
		   p.n_routers == 1 && p.n_local == 1 && p.local[0] == 0 &&
		   p.n_peers == 1 && p.peers[0].host == 1 &&
		   p.peers[0].n_nets == 2 && p.peers[0].nets[0] == 0 &&
		   p.peers[0].nets[1] == 1 &&
		   p.n_remote == 1 && p.remote[0] == 1,
		   "topology.rst: hv1's part is as it says");
	topo_part_free(&p);
	topo_free(&t);
	topo_errors_free(&e);
	free(text);
}

/* ---- scale and self -------------------------------------------------- */

/* 1000 hosts of 20 ports, as the benchmark's topology: no quadratic step. */
static void test_scale(void)
{
	size_t cap = 4u << 20, len, h, k;
	struct topo_errors e = { 0 };
	struct topo_part p;
	struct timespec a, b;
	struct topo t;
	char *s = malloc(cap);
	double secs;

	if (!s)
		abort();
	len = (size_t)snprintf(s, cap, "switch: {name: ovx0}\nhosts:\n");
	for (h = 0; h < 1000; h++)
		len += (size_t)snprintf(s + len, cap - len,
					"  - {name: h%zu, address: 10.255.%zu.%zu}\n",
					h, h / 250, h % 250 + 1);
	len += (size_t)snprintf(s + len, cap - len, "networks:\n");
	for (k = 0; k < 100; k++)
		len += (size_t)snprintf(s + len, cap - len,
					"  - {name: n%zu, vni: %zu}\n", k, k + 1);
	len += (size_t)snprintf(s + len, cap - len, "ports:\n");
	for (h = 0; h < 1000; h++)
		for (k = 0; k < 20; k++)
			len += (size_t)snprintf(s + len, cap - len,
						"  - {name: p%zu-%zu, net: n%zu, host: h%zu, dev: t%zu, mac: \"02:00:00:%02zx:%02zx:%02zx\", ip: 10.%zu.%zu.%zu}\n",
						h, k, (h * 20 + k) % 100, h, k,
						h >> 8, h & 0xff, k,
						(h * 20 + k) % 100,
						(h * 20 + k) / 100 / 250,
						(h * 20 + k) / 100 % 250 + 1);
	clock_gettime(CLOCK_MONOTONIC, &a);
	if (!ktap_check(load(s, &t, &e) && t.n_ports == 20000,
			"1000 hosts, 20000 ports load")) {
		diag_errors(&e);
		topo_errors_free(&e);
		free(s);
		return;
	}
	ktap_check(!topo_part_compute(&t, "h7", NULL, NULL, &p, &e) &&
		   p.n_local == 20 && p.n_nets == 20 && p.n_remote == 20 * 200 - 20,
		   "the part of one host of 1000: 20 nets, 3980 remote ports (%zu)",
		   p.n_remote);
	clock_gettime(CLOCK_MONOTONIC, &b);
	secs = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	ktap_diag("load, validation and part of 20000 ports: %.2f s (under ASan)",
		  secs);
	ktap_check(secs < 30, "... in under 30 s under ASan (%.2f s)", secs);
	topo_part_free(&p);
	topo_free(&t);
	topo_errors_free(&e);
	free(s);
}

static void test_self(void)
{
	struct topo_host hosts[2];
	struct topo t = { 0 };
	char hn[256];
	struct ifaddrs *ifa, *i;
	bool lo4 = false;

	memset(hosts, 0, sizeof(hosts));
	t.hosts = hosts;
	t.n_hosts = 2;
	if (gethostname(hn, sizeof(hn)))
		strcpy(hn, "?");
	hn[sizeof(hn) - 1] = '\0';
	hosts[0].name = (char *)"not-this-one";
	hosts[1].name = hn;
	inet_pton(AF_INET, "192.0.2.77", &hosts[0].address.u.v4);
	hosts[0].address.family = AF_INET;
	ktap_check(topo_self(&t) && !strcmp(topo_self(&t), hn),
		   "topo_self: the host named as this machine");

	if (!getifaddrs(&ifa)) {
		for (i = ifa; i; i = i->ifa_next)
			if (i->ifa_addr && i->ifa_addr->sa_family == AF_INET &&
			    ((struct sockaddr_in *)(void *)i->ifa_addr)->sin_addr.s_addr ==
			    htonl(INADDR_LOOPBACK))
				lo4 = true;
		freeifaddrs(ifa);
	}
	hosts[1].name = (char *)"nor-this-one";
	inet_pton(AF_INET, "127.0.0.1", &hosts[1].address.u.v4);
	hosts[1].address.family = AF_INET;
	if (lo4)
		ktap_check(topo_self(&t) && !strcmp(topo_self(&t), "nor-this-one"),
			   "topo_self: else the host whose address is configured here");
	else
		ktap_skip("127.0.0.1 not configured", "topo_self by address");
	hosts[0].address = hosts[1].address;
	ktap_check(!topo_self(&t), "topo_self: none when several match");
	hosts[0].address.u.v4.s_addr = htonl(0xc0000263);
	hosts[1].address = hosts[0].address;
	ktap_check(!topo_self(&t), "topo_self: none when none matches");
}

int main(int argc, char **argv)
{
	char *copy = strdup(argc > 0 ? argv[0] : "test/topo_test");
	FILE *f;
	size_t n;

	ktap_init();
	if (!copy)
		abort();
	snprintf(sample, sizeof(sample), "%s/topo/two-tenants.yaml",
		 dirname(copy));
	snprintf(doc, sizeof(doc), "%s/../../Documentation/topology.rst", copy);
	free(copy);
	f = fopen(sample, "r");
	n = f ? fread(sample_text, 1, sizeof(sample_text) - 1, f) : 0;
	if (f)
		fclose(f);
	sample_text[n] = '\0';
	ktap_check(n > 0, "the sample %s is there", sample);

	test_sample();
	test_full();
	test_errors();
	test_error_collection();
	test_part();
	test_json();
	test_doc();
	test_fuzz();
	test_scale();
	test_self();
	return ktap_finish();
}
