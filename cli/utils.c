// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Argument messages, parsers and formatters of the ovx tool.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "utils.h"

int invarg(const char *msg, const char *arg)
{
	fprintf(stderr, "Error: argument \"%s\" is wrong: %s\n", arg, msg);
	return OVX_EXIT_USAGE;
}

int duparg(const char *key, const char *arg)
{
	fprintf(stderr, "Error: duplicate \"%s\": \"%s\" is the second value.\n",
		key, arg);
	return OVX_EXIT_USAGE;
}

int missarg(const char *key)
{
	fprintf(stderr, "Error: argument \"%s\" is required.\n", key);
	return OVX_EXIT_USAGE;
}

int missval(const char *key)
{
	fprintf(stderr, "Error: \"%s\" requires an argument.\n", key);
	return OVX_EXIT_USAGE;
}

int unknown_arg(const char *object, const char *arg)
{
	fprintf(stderr, "Error: unknown argument \"%s\", try \"ovx %s help\".\n",
		arg, object);
	return OVX_EXIT_USAGE;
}

int unknown_cmd(const char *object, const char *cmd)
{
	fprintf(stderr, "Command \"%s\" is unknown, try \"ovx %s help\".\n",
		cmd, object);
	return OVX_EXIT_USAGE;
}

int incomplete_command(void)
{
	fprintf(stderr, "Command line is not complete, try \"ovx help\".\n");
	return OVX_EXIT_USAGE;
}

int conflict(const char *arg, const char *other)
{
	fprintf(stderr, "Error: argument \"%s\" conflicts with \"%s\".\n",
		arg, other);
	return OVX_EXIT_USAGE;
}

int missarg_either(const char *key1, const char *key2)
{
	fprintf(stderr, "Error: argument \"%s\" or \"%s\" is required.\n",
		key1, key2);
	return OVX_EXIT_USAGE;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int parse_u32(const char *s, uint32_t max, uint32_t *out)
{
	unsigned long long v;
	const char *p;
	char *end;

	if (!s || !*s)
		return -1;
	/* strtoull() would take blanks, signs and "0x": check first. */
	for (p = s; *p; p++)
		if (!is_digit(*p))
			return -1;
	if (s[0] == '0' && s[1])
		return -1;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

int parse_u8(const char *s, uint8_t *out)
{
	uint32_t v;

	if (parse_u32(s, UINT8_MAX, &v))
		return -1;
	*out = (uint8_t)v;
	return 0;
}

int parse_vni(const char *s, uint32_t *out)
{
	uint32_t v;

	if (parse_u32(s, OVX_VNI_MAX, &v) || v == 0)
		return -1;
	*out = v;
	return 0;
}

int parse_port(const char *s, uint16_t *out)
{
	uint32_t v;

	if (parse_u32(s, UINT16_MAX, &v) || v == 0)
		return -1;
	*out = (uint16_t)v;
	return 0;
}

int parse_on_off(const char *s, bool *out)
{
	if (!s)
		return -1;
	if (!strcmp(s, "on")) {
		*out = true;
		return 0;
	}
	if (!strcmp(s, "off")) {
		*out = false;
		return 0;
	}
	return -1;
}

int parse_mac(const char *s, uint8_t mac[6])
{
	uint8_t tmp[6];
	int i;

	if (!s || strlen(s) != 17)
		return -1;
	for (i = 0; i < 6; i++) {
		const char *p = s + 3 * i;
		int hi = hex_value(p[0]), lo = hex_value(p[1]);

		if (hi < 0 || lo < 0)
			return -1;
		if (i < 5 && p[2] != ':')
			return -1;
		tmp[i] = (uint8_t)(hi << 4 | lo);
	}
	memcpy(mac, tmp, sizeof(tmp));
	return 0;
}

int parse_addr(const char *s, struct ovx_addr *out)
{
	struct ovx_addr a;

	if (!s)
		return -1;
	memset(&a, 0, sizeof(a));
	if (inet_pton(AF_INET, s, &a.u.v4) == 1) {
		a.family = AF_INET;
	} else if (inet_pton(AF_INET6, s, &a.u.v6) == 1) {
		a.family = AF_INET6;
	} else {
		return -1;
	}
	*out = a;
	return 0;
}

/* The kernel's rule: no blank, separator or control character. */
int check_net_name(const char *s)
{
	const char *p;

	if (!s || !*s || strlen(s) >= OVX_NET_NAMSIZ)
		return -1;
	for (p = s; *p; p++)
		if (!(*p >= 'a' && *p <= 'z') && !(*p >= 'A' && *p <= 'Z') &&
		    !(*p >= '0' && *p <= '9') && !strchr("-_.", *p))
			return -1;
	return 0;
}

int check_ifname(const char *s)
{
	const char *p;

	if (!s || !*s || strlen(s) >= OVX_IFNAMSIZ || !strcmp(s, ".") ||
	    !strcmp(s, ".."))
		return -1;
	/* The kernel's isspace() also takes 0xa0, even inside UTF-8. */
	for (p = s; *p; p++)
		if (*p == '/' || *p == ':' || isspace((unsigned char)*p) ||
		    (unsigned char)*p == 0xa0)
			return -1;
	return 0;
}

char *format_mac(const uint8_t mac[6], char *buf, size_t len)
{
	if (len < MAC_STR_LEN)
		return NULL;
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x",
		 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	return buf;
}

char *format_addr(const struct ovx_addr *addr, char *buf, size_t len)
{
	if (addr->family != AF_INET && addr->family != AF_INET6)
		return NULL;
	if (!inet_ntop(addr->family, &addr->u, buf, (socklen_t)len))
		return NULL;
	return buf;
}

int parse_prefix(const char *s, struct ovx_prefix *out)
{
	char buf[ADDR_STR_LEN];
	struct ovx_prefix p;
	const char *slash;
	uint32_t len;
	size_t n;

	if (!s)
		return -1;
	slash = strchr(s, '/');
	if (!slash)
		return -1;
	n = (size_t)(slash - s);
	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	memset(&p, 0, sizeof(p));
	if (parse_addr(buf, &p.addr) ||
	    parse_u32(slash + 1, p.addr.family == AF_INET ? 32 : 128, &len))
		return -1;
	p.len = (uint8_t)len;
	*out = p;
	return 0;
}

bool prefix_has_host_bits(const struct ovx_prefix *p, struct ovx_prefix *net)
{
	unsigned int bits = p->addr.family == AF_INET ? 32 : 128, i;
	struct ovx_prefix n = *p;
	bool host = false;

	for (i = p->len; i < bits; i++) {
		if (n.addr.u.raw[i / 8] & (0x80 >> (i % 8)))
			host = true;
		n.addr.u.raw[i / 8] &= (uint8_t)~(0x80 >> (i % 8));
	}
	if (net)
		*net = n;
	return host;
}

char *format_prefix(const struct ovx_prefix *p, char *buf, size_t len)
{
	char addr[ADDR_STR_LEN];

	if (!format_addr(&p->addr, addr, sizeof(addr)))
		return NULL;
	if ((size_t)snprintf(buf, len, "%s/%u", addr, p->len) >= len)
		return NULL;
	return buf;
}

/* Dot-separated labels of letters, digits and '-' (as the kernel's). */
bool domain_ok(const char *d)
{
	size_t label = 0, len = strlen(d);

	if (!len || len > 253)
		return false;
	for (; *d; d++) {
		if (*d == '.') {
			if (!label)
				return false;
			label = 0;
		} else if ((*d >= 'a' && *d <= 'z') || (*d >= 'A' && *d <= 'Z') ||
			   (*d >= '0' && *d <= '9') || *d == '-') {
			if (++label > 63)
				return false;
		} else {
			return false;
		}
	}
	return label > 0;
}
