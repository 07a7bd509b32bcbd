// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Unit tests of switch.c: the parser of switch messages on hand-built
 * generic netlink messages (laid out as the kernel's ovx_nl_switch_fill()
 * does, then copied into exact-size heap blocks so AddressSanitizer sees
 * any overread), the RTM_NEWLINK request a config turns into, the
 * argument checks, and (in a network namespace of its own) what the
 * kernel answers.
 */
#define _GNU_SOURCE		/* unshare() */
#include <arpa/inet.h>
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include <linux/if_link.h>
#include <linux/ovx.h>
#include <linux/rtnetlink.h>
#include <netlink/genl/genl.h>

#include "ovx_private.h"
#include "ktap.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const uint8_t local6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x42 };

/* What put_switch() leaves out or adds. */
enum {
	NO_IFINDEX	= 1 << OVX_A_SWITCH_IFINDEX,
	NO_IFNAME	= 1 << OVX_A_SWITCH_IFNAME,
	NO_LOCAL	= 1 << OVX_A_SWITCH_LOCAL4,
	NO_PORT		= 1 << OVX_A_SWITCH_PORT,
	NO_TTL		= 1 << OVX_A_SWITCH_TTL,
	NO_TOS		= 1 << OVX_A_SWITCH_TOS,
	NO_DF		= 1 << OVX_A_SWITCH_DF,
	NO_ENCAP	= 1 << OVX_A_SWITCH_ENCAP,
	NO_STATS	= 1 << OVX_A_SWITCH_STATS,
	NO_OVERHEAD	= 1 << OVX_A_SWITCH_OVERHEAD,
	NO_UNDERLAY_MTU	= 1 << OVX_A_SWITCH_UNDERLAY_MTU,
	NO_INNER_MTU	= 1 << OVX_A_SWITCH_INNER_MTU,
	NO_MTU		= NO_OVERHEAD | NO_UNDERLAY_MTU | NO_INNER_MTU,
	LOCAL6		= 1 << 20,	/* LOCAL6 instead of LOCAL4 */
	BOTH_LOCALS	= 1 << 21,
	ZERO_CSUM6_TX	= 1 << 22,	/* UDP_ZERO_CSUM6_TX 1 */
	ZERO_CSUM6_RX	= 1 << 23,	/* UDP_ZERO_CSUM6_RX 1 */
	ZERO_CSUM6_OFF	= 1 << 24,	/* both, 0 (unless set above) */
};

static struct nl_msg *new_msg(void)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg || !genlmsg_put(msg, 1, 1, 0x20, 0, 0, OVX_CMD_SWITCH_GET, 1))
		abort();
	return msg;
}

/* An exact-size heap copy of @msg's netlink message; free() it. */
static struct nlmsghdr *copy_out(struct nl_msg *msg)
{
	const struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlmsghdr *copy = malloc(nlh->nlmsg_len);

	if (!copy)
		abort();
	memcpy(copy, nlh, nlh->nlmsg_len);
	nlmsg_free(msg);
	return copy;
}

/*
 * A nest of counters @first to @last but @skip (0: none), each 1000 times
 * its type plus 2^40, after the padding attribute (type 1 in both sets)
 * that nla_put_u64_64bit() may add; counter @shrt (0: none) has 4 bytes.
 */
static void put_counters(struct nl_msg *msg, int type, int first, int last,
			 int skip, int shrt)
{
	struct nlattr *nest = nla_nest_start(msg, type);
	int i;

	nla_put(msg, 1, 0, NULL);
	for (i = first; i <= last; i++) {
		if (i == skip)
			continue;
		if (i == shrt)
			nla_put_u32(msg, i, 1);
		else
			nla_put_u64(msg, i, 1000ULL * i + (1ULL << 40));
	}
	nla_nest_end(msg, nest);
}

static void put_stats(struct nl_msg *msg, int skip)
{
	put_counters(msg, OVX_A_SWITCH_STATS, OVX_A_STATS_RX_PACKETS,
		     OVX_A_STATS_TX_DROPPED, skip, 0);
}

static void put_drops(struct nl_msg *msg, int skip)
{
	put_counters(msg, OVX_A_SWITCH_DROPS, OVX_A_DROPS_TUNNEL_SHORT,
		     OVX_A_DROPS_MAX, skip, 0);
}

/* A switch message as the kernel sends it, minus what @flags says. */
static void put_switch(struct nl_msg *msg, unsigned int flags)
{
	uint32_t local4 = htonl(0xc0000201);	/* 192.0.2.1 */

	if (!(flags & NO_IFINDEX))
		nla_put_u32(msg, OVX_A_SWITCH_IFINDEX, 7);
	if (!(flags & NO_IFNAME))
		nla_put_string(msg, OVX_A_SWITCH_IFNAME, "ovx0");
	if (!(flags & (NO_LOCAL | LOCAL6)) || (flags & BOTH_LOCALS))
		nla_put(msg, OVX_A_SWITCH_LOCAL4, 4, &local4);
	if (flags & (LOCAL6 | BOTH_LOCALS))
		nla_put(msg, OVX_A_SWITCH_LOCAL6, 16, local6);
	if (!(flags & NO_PORT))
		nla_put_u16(msg, OVX_A_SWITCH_PORT, htons(4789));
	if (!(flags & NO_TTL))
		nla_put_u8(msg, OVX_A_SWITCH_TTL, 64);
	if (!(flags & NO_TOS))
		nla_put_u8(msg, OVX_A_SWITCH_TOS, 0x10);
	if (!(flags & NO_DF))
		nla_put_u8(msg, OVX_A_SWITCH_DF, OVX_DF_SET);
	if (!(flags & NO_ENCAP))
		nla_put_u32(msg, OVX_A_SWITCH_ENCAP, OVX_ENCAP_GENEVE);
	if (!(flags & NO_STATS))
		put_stats(msg, 0);
	/* Geneve over IPv4 on a 1500-byte underlay. */
	if (!(flags & NO_OVERHEAD))
		nla_put_u32(msg, OVX_A_SWITCH_OVERHEAD, 58);
	if (!(flags & NO_UNDERLAY_MTU))
		nla_put_u32(msg, OVX_A_SWITCH_UNDERLAY_MTU, 1500);
	if (!(flags & NO_INNER_MTU))
		nla_put_u32(msg, OVX_A_SWITCH_INNER_MTU, 1442);
	if (flags & (ZERO_CSUM6_TX | ZERO_CSUM6_OFF))
		nla_put_u8(msg, OVX_A_SWITCH_UDP_ZERO_CSUM6_TX,
			   !!(flags & ZERO_CSUM6_TX));
	if (flags & (ZERO_CSUM6_RX | ZERO_CSUM6_OFF))
		nla_put_u8(msg, OVX_A_SWITCH_UDP_ZERO_CSUM6_RX,
			   !!(flags & ZERO_CSUM6_RX));
}

static int parse_flags(unsigned int flags, struct ovx_switch *sw)
{
	struct nl_msg *msg = new_msg();
	struct nlmsghdr *nlh;
	int ret;

	put_switch(msg, flags);
	nlh = copy_out(msg);
	ret = ovx_switch_parse(nlh, sw);
	free(nlh);
	return ret;
}

static void test_good(void)
{
	struct ovx_switch sw;
	struct nl_msg *msg;
	struct nlmsghdr *nlh;
	int ret;

	ret = parse_flags(0, &sw);
	ktap_check(ret == 0, "complete IPv4 switch message parses");
	ktap_check(sw.ifindex == 7 && !strcmp(sw.name, "ovx0"),
		   "ifindex and name");
	ktap_check(sw.local.family == AF_INET &&
		   sw.local.u.v4.s_addr == htonl(0xc0000201) &&
		   !sw.local.u.raw[4] && !sw.local.u.raw[15],
		   "local IPv4 address, rest of the union zeroed");
	ktap_check(sw.port == 4789, "port in host byte order");
	ktap_check(sw.ttl == 64 && sw.tos == 0x10 &&
		   sw.df == OVX_SWITCH_DF_SET &&
		   sw.encap == OVX_SWITCH_ENCAP_GENEVE,
		   "ttl, tos, df and encap");
	ktap_check(sw.has_stats &&
		   sw.stats.v[OVX_STAT_RX_PACKETS] == 2000 + (1ULL << 40) &&
		   sw.stats.v[OVX_STAT_RX_BYTES] == 3000 + (1ULL << 40) &&
		   sw.stats.v[OVX_STAT_TX_PACKETS] == 4000 + (1ULL << 40) &&
		   sw.stats.v[OVX_STAT_TX_BYTES] == 5000 + (1ULL << 40) &&
		   sw.stats.v[OVX_STAT_RX_DROPPED] == 6000 + (1ULL << 40) &&
		   sw.stats.v[OVX_STAT_TX_DROPPED] == 7000 + (1ULL << 40),
		   "the six counters, 64-bit, padding attribute skipped");
	ktap_check(sw.has_mtu && sw.overhead == 58 &&
		   sw.underlay_mtu == 1500 && sw.inner_mtu == 1442,
		   "overhead, underlay MTU and inner MTU");
	ktap_check(!sw.udp_zero_csum6_tx && !sw.udp_zero_csum6_rx,
		   "without the zero checksum attributes (an older kernel): both false");

	ret = parse_flags(LOCAL6 | ZERO_CSUM6_TX | ZERO_CSUM6_RX, &sw);
	ktap_check(ret == 0 && sw.udp_zero_csum6_tx && sw.udp_zero_csum6_rx,
		   "IPv6 switch with zero checksums sent and accepted");
	ret = parse_flags(LOCAL6 | ZERO_CSUM6_RX | ZERO_CSUM6_OFF, &sw);
	ktap_check(ret == 0 && !sw.udp_zero_csum6_tx && sw.udp_zero_csum6_rx,
		   "zero checksums accepted, not sent");
	ret = parse_flags(ZERO_CSUM6_OFF, &sw);
	ktap_check(ret == 0 && !sw.udp_zero_csum6_tx && !sw.udp_zero_csum6_rx,
		   "both attributes 0: both false");

	ret = parse_flags(LOCAL6 | NO_STATS, &sw);
	ktap_check(ret == 0 && sw.local.family == AF_INET6 &&
		   !memcmp(sw.local.u.raw, local6, 16) && !sw.has_stats &&
		   !sw.stats.v[OVX_STAT_RX_PACKETS],
		   "IPv6 switch without stats parses, has_stats false");

	ret = parse_flags(NO_MTU, &sw);
	ktap_check(ret == 0 && !sw.has_mtu && !sw.overhead &&
		   !sw.underlay_mtu && !sw.inner_mtu,
		   "without the MTU attributes (an older kernel): has_mtu false");

	/* No device holds the local address (yet). */
	msg = new_msg();
	put_switch(msg, NO_UNDERLAY_MTU | NO_INNER_MTU);
	nla_put_u32(msg, OVX_A_SWITCH_UNDERLAY_MTU, 0);
	nla_put_u32(msg, OVX_A_SWITCH_INNER_MTU, 0);
	nlh = copy_out(msg);
	ret = ovx_switch_parse(nlh, &sw);
	ktap_check(ret == 0 && sw.has_mtu && sw.overhead == 58 &&
		   !sw.underlay_mtu && !sw.inner_mtu,
		   "unknown underlay MTU: has_mtu, both MTUs 0");
	free(nlh);

	/* What a newer kernel may add or send. */
	msg = new_msg();
	put_switch(msg, NO_ENCAP | NO_DF);
	nla_put_u8(msg, OVX_A_SWITCH_DF, 2);
	nla_put_u32(msg, OVX_A_SWITCH_ENCAP, 9);
	nla_put_u64(msg, OVX_A_SWITCH_MAX + 3, 1);
	nlh = copy_out(msg);
	ret = ovx_switch_parse(nlh, &sw);
	ktap_check(ret == 0 && (int)sw.df == 2 && (int)sw.encap == 9,
		   "unknown attribute ignored, unknown df and encap values kept");
	free(nlh);

	msg = new_msg();
	put_switch(msg, NO_IFNAME);
	nla_put_string(msg, OVX_A_SWITCH_IFNAME, "fifteen-chars-x");
	nlh = copy_out(msg);
	ret = ovx_switch_parse(nlh, &sw);
	ktap_check(ret == 0 && !strcmp(sw.name, "fifteen-chars-x"),
		   "15-character name parses");
	free(nlh);
}

static void test_missing(void)
{
	static const struct {
		unsigned int flags;
		const char *what;
	} cases[] = {
		{ NO_IFINDEX, "ifindex" },
		{ NO_IFNAME, "ifname" },
		{ NO_LOCAL, "local address" },
		{ NO_PORT, "port" },
		{ NO_TTL, "ttl" },
		{ NO_TOS, "tos" },
		{ NO_DF, "df" },
		{ NO_ENCAP, "encap" },
	};
	struct ovx_switch sw;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		ktap_check(parse_flags(cases[i].flags, &sw) == -EBADMSG,
			   "missing %s: -EBADMSG", cases[i].what);
	ktap_check(parse_flags(BOTH_LOCALS, &sw) == -EBADMSG,
		   "both LOCAL4 and LOCAL6: -EBADMSG");
	ktap_check(parse_flags(NO_OVERHEAD, &sw) == -EBADMSG &&
		   parse_flags(NO_UNDERLAY_MTU, &sw) == -EBADMSG &&
		   parse_flags(NO_INNER_MTU, &sw) == -EBADMSG &&
		   parse_flags(NO_OVERHEAD | NO_INNER_MTU, &sw) == -EBADMSG,
		   "some of the MTU attributes but not all three: -EBADMSG");
	ktap_check(parse_flags(~0U & ~(LOCAL6 | BOTH_LOCALS), &sw) == -EBADMSG,
		   "no attributes at all: -EBADMSG");
}

/* Replaces attribute @type of a good message with @len bytes of @data. */
static int parse_with(int type, const void *data, size_t len)
{
	static const unsigned int omit[OVX_A_SWITCH_MAX + 1] = {
		[OVX_A_SWITCH_IFINDEX] = NO_IFINDEX,
		[OVX_A_SWITCH_IFNAME] = NO_IFNAME,
		[OVX_A_SWITCH_LOCAL4] = NO_LOCAL,
		[OVX_A_SWITCH_LOCAL6] = NO_LOCAL,
		[OVX_A_SWITCH_PORT] = NO_PORT,
		[OVX_A_SWITCH_TTL] = NO_TTL,
		[OVX_A_SWITCH_TOS] = NO_TOS,
		[OVX_A_SWITCH_DF] = NO_DF,
		[OVX_A_SWITCH_ENCAP] = NO_ENCAP,
		[OVX_A_SWITCH_STATS] = NO_STATS,
		[OVX_A_SWITCH_OVERHEAD] = NO_OVERHEAD,
		[OVX_A_SWITCH_UNDERLAY_MTU] = NO_UNDERLAY_MTU,
		[OVX_A_SWITCH_INNER_MTU] = NO_INNER_MTU,
	};
	struct nl_msg *msg = new_msg();
	struct ovx_switch sw;
	struct nlmsghdr *nlh;
	int ret;

	put_switch(msg, omit[type]);
	nla_put(msg, type, (int)len, data);
	nlh = copy_out(msg);
	ret = ovx_switch_parse(nlh, &sw);
	free(nlh);
	return ret;
}

static void test_lengths(void)
{
	static const uint8_t zeros[32];
	static const struct {
		int type;
		const void *data;
		size_t len;
		const char *what;
	} cases[] = {
		{ OVX_A_SWITCH_IFINDEX, zeros, 2, "2-byte ifindex" },
		{ OVX_A_SWITCH_IFINDEX, "\x01\0\0\0\0\0\0\0", 8, "8-byte ifindex" },
		{ OVX_A_SWITCH_IFINDEX, zeros, 4, "ifindex 0" },
		{ OVX_A_SWITCH_IFINDEX, "\0\0\0\x80", 4, "ifindex above INT_MAX" },
		{ OVX_A_SWITCH_IFNAME, "ovx0", 4, "name without NUL" },
		{ OVX_A_SWITCH_IFNAME, "", 1, "empty name" },
		{ OVX_A_SWITCH_IFNAME, "", 0, "name of 0 bytes" },
		{ OVX_A_SWITCH_IFNAME, "sixteen-chars-xx", 17, "16-character name" },
		{ OVX_A_SWITCH_LOCAL4, zeros, 3, "3-byte LOCAL4" },
		{ OVX_A_SWITCH_LOCAL4, zeros, 16, "16-byte LOCAL4" },
		{ OVX_A_SWITCH_LOCAL6, zeros, 15, "15-byte LOCAL6" },
		{ OVX_A_SWITCH_LOCAL6, zeros, 17, "17-byte LOCAL6" },
		{ OVX_A_SWITCH_LOCAL6, zeros, 4, "4-byte LOCAL6" },
		{ OVX_A_SWITCH_PORT, zeros, 1, "1-byte port" },
		{ OVX_A_SWITCH_PORT, zeros, 4, "4-byte port" },
		{ OVX_A_SWITCH_TTL, zeros, 0, "0-byte ttl" },
		{ OVX_A_SWITCH_TTL, zeros, 2, "2-byte ttl" },
		{ OVX_A_SWITCH_TOS, zeros, 4, "4-byte tos" },
		{ OVX_A_SWITCH_DF, zeros, 0, "0-byte df" },
		{ OVX_A_SWITCH_ENCAP, zeros, 2, "2-byte encap" },
		{ OVX_A_SWITCH_ENCAP, zeros, 8, "8-byte encap" },
		{ OVX_A_SWITCH_ENCAP, "\xff\xff\xff\xff", 4, "encap above INT_MAX" },
		{ OVX_A_SWITCH_OVERHEAD, zeros, 2, "2-byte overhead" },
		{ OVX_A_SWITCH_UNDERLAY_MTU, zeros, 8, "8-byte underlay MTU" },
		{ OVX_A_SWITCH_INNER_MTU, zeros, 0, "0-byte inner MTU" },
		{ OVX_A_SWITCH_UDP_ZERO_CSUM6_TX, zeros, 0, "0-byte udp-zero-csum6-tx" },
		{ OVX_A_SWITCH_UDP_ZERO_CSUM6_TX, zeros, 4, "4-byte udp-zero-csum6-tx" },
		{ OVX_A_SWITCH_UDP_ZERO_CSUM6_RX, zeros, 2, "2-byte udp-zero-csum6-rx" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		ktap_check(parse_with(cases[i].type, cases[i].data,
				      cases[i].len) == -EBADMSG,
			   "%s: -EBADMSG", cases[i].what);
}

/* A good message but for its stats nest, built by @fn. */
static int parse_stats_with(void (*fn)(struct nl_msg *msg))
{
	struct nl_msg *msg = new_msg();
	struct ovx_switch sw;
	struct nlmsghdr *nlh;
	int ret;

	put_switch(msg, NO_STATS);
	fn(msg);
	nlh = copy_out(msg);
	ret = ovx_switch_parse(nlh, &sw);
	free(nlh);
	return ret;
}

static void stats_missing_counter(struct nl_msg *msg)
{
	put_stats(msg, OVX_A_STATS_TX_DROPPED);
}

static void stats_short_counter(struct nl_msg *msg)
{
	put_counters(msg, OVX_A_SWITCH_STATS, OVX_A_STATS_RX_PACKETS,
		     OVX_A_STATS_TX_DROPPED, 0, OVX_A_STATS_RX_BYTES);
}

static void stats_long_counter(struct nl_msg *msg)
{
	static const uint8_t twelve[12];
	struct nlattr *nest = nla_nest_start(msg, OVX_A_SWITCH_STATS);
	int i;

	for (i = OVX_A_STATS_RX_PACKETS; i <= OVX_A_STATS_TX_DROPPED; i++) {
		if (i == OVX_A_STATS_TX_PACKETS)
			nla_put(msg, i, sizeof(twelve), twelve);
		else
			nla_put_u64(msg, i, 1);
	}
	nla_nest_end(msg, nest);
}

static void stats_empty(struct nl_msg *msg)
{
	nla_put(msg, OVX_A_SWITCH_STATS, 0, NULL);
}

static void stats_garbage(struct nl_msg *msg)
{
	nla_put(msg, OVX_A_SWITCH_STATS, 3, "\xff\xff\xff");
}

/*
 * A nest whose last counter claims more bytes than the nest holds: the
 * walk stops there, so that counter is missing.
 */
static void stats_overrun(struct nl_msg *msg)
{
	struct nlattr *nest, *last;
	int i;

	nest = nla_nest_start(msg, OVX_A_SWITCH_STATS);
	for (i = OVX_A_STATS_RX_PACKETS; i <= OVX_A_STATS_TX_DROPPED; i++)
		nla_put_u64(msg, i, 1);
	nla_nest_end(msg, nest);
	last = (struct nlattr *)((char *)nest + nest->nla_len -
				 NLA_ALIGN(NLA_HDRLEN + 8));
	last->nla_len = NLA_HDRLEN + 16;
}

/* An inner attribute with a length shorter than its own header. */
static void stats_tiny_header(struct nl_msg *msg)
{
	struct nlattr *nest, *first;
	int i;

	nest = nla_nest_start(msg, OVX_A_SWITCH_STATS);
	for (i = OVX_A_STATS_RX_PACKETS; i <= OVX_A_STATS_TX_DROPPED; i++)
		nla_put_u64(msg, i, 1);
	nla_nest_end(msg, nest);
	first = (struct nlattr *)((char *)nest + NLA_HDRLEN);
	first->nla_len = 2;
}

static void test_stats(void)
{
	ktap_check(parse_stats_with(stats_missing_counter) == -EBADMSG,
		   "stats without tx_dropped: -EBADMSG");
	ktap_check(parse_stats_with(stats_short_counter) == -EBADMSG,
		   "stats with a 4-byte counter: -EBADMSG");
	ktap_check(parse_stats_with(stats_long_counter) == -EBADMSG,
		   "stats with a 12-byte counter: -EBADMSG");
	ktap_check(parse_stats_with(stats_empty) == -EBADMSG,
		   "empty stats nest: -EBADMSG");
	ktap_check(parse_stats_with(stats_garbage) == -EBADMSG,
		   "stats nest of 3 stray bytes: -EBADMSG");
	ktap_check(parse_stats_with(stats_overrun) == -EBADMSG,
		   "stats counter running past its nest: -EBADMSG");
	ktap_check(parse_stats_with(stats_tiny_header) == -EBADMSG,
		   "stats counter with a length below its header: -EBADMSG");
}

/* A good message with drops built by @fn (and @arg), or none. */
static int parse_drops(void (*fn)(struct nl_msg *msg, int arg), int arg,
		       struct ovx_switch *sw)
{
	struct nl_msg *msg = new_msg();
	struct nlmsghdr *nlh;
	int ret;

	put_switch(msg, 0);
	if (fn)
		fn(msg, arg);
	nlh = copy_out(msg);
	ret = ovx_switch_parse(nlh, sw);
	free(nlh);
	return ret;
}

static void drops_short_counter(struct nl_msg *msg, int type)
{
	put_counters(msg, OVX_A_SWITCH_DROPS, OVX_A_DROPS_TUNNEL_SHORT,
		     OVX_A_DROPS_MAX, 0, type);
}

/* All seventeen and one this library does not know (from a newer kernel). */
static void drops_and_more(struct nl_msg *msg, int arg)
{
	(void)arg;
	put_counters(msg, OVX_A_SWITCH_DROPS, OVX_A_DROPS_TUNNEL_SHORT,
		     OVX_A_DROPS_MAX + 1, 0, 0);
}

static bool drops_ok(const struct ovx_drops *d)
{
	unsigned int r;

	if (d->n != OVX_DROP_GUEST_CONTROL + 1)
		return false;
	/* Reason R is attribute OVX_A_DROPS_TUNNEL_SHORT + R. */
	for (r = 0; r < OVX_DROPS_CAP; r++) {
		uint64_t want = r < d->n ?
			1000ULL * (OVX_A_DROPS_TUNNEL_SHORT + r) + (1ULL << 40) : 0;

		if (d->v[r] != want)
			return false;
	}
	return true;
}

static void test_drops(void)
{
	struct ovx_switch sw;
	int ret;

	ret = parse_drops(NULL, 0, &sw);
	ktap_check(ret == 0 && !sw.has_drops && !sw.drops.v[OVX_DROP_NO_MEMORY],
		   "without drops (an older kernel): has_drops false");
	ret = parse_drops(put_drops, 0, &sw);
	ktap_check(ret == 0 && sw.has_drops && drops_ok(&sw.drops) &&
		   sw.has_stats,
		   "the twenty-one drop counters, each in its member, padding skipped");
	ret = parse_drops(drops_and_more, 0, &sw);
	ktap_check(ret == 0 && sw.has_drops && drops_ok(&sw.drops),
		   "a drop reason unknown to the library is ignored");
	ret = parse_drops(put_drops, OVX_A_DROPS_NO_MEMORY, &sw);
	ktap_check(ret == -EBADMSG, "drops without no-memory: -EBADMSG");
	ret = parse_drops(put_drops, OVX_A_DROPS_TUNNEL_SHORT, &sw);
	ktap_check(ret == -EBADMSG, "drops without tunnel-short: -EBADMSG");
	ret = parse_drops(drops_short_counter, OVX_A_DROPS_FDB_FULL, &sw);
	ktap_check(ret == -EBADMSG, "drops with a 4-byte counter: -EBADMSG");
	ret = parse_drops(drops_short_counter, OVX_A_DROPS_TOO_BIG, &sw);
	ktap_check(ret == -EBADMSG, "drops with a 4-byte too-big: -EBADMSG");
	ret = parse_drops(put_drops, OVX_A_DROPS_FDB_MOVE_REFUSED, &sw);
	ktap_check(ret == 0 && sw.has_drops &&
		   !sw.drops.v[OVX_DROP_FDB_MOVE_REFUSED] &&
		   sw.drops.v[OVX_DROP_FDB_EVENTS_SUPPRESSED],
		   "drops without fdb-move-refused (an older kernel): 0");
}

static void test_bad_messages(void)
{
	struct nl_msg *msg = new_msg();
	struct ovx_switch sw;
	struct nlmsghdr *nlh;
	struct nlattr *last;

	nlh = copy_out(msg);
	nlh->nlmsg_len = NLMSG_HDRLEN + 2;
	ktap_check(ovx_switch_parse(nlh, &sw) == -EBADMSG,
		   "message shorter than the genl header: -EBADMSG");
	free(nlh);

	/* The last attribute (encap) runs past the end of the message. */
	msg = new_msg();
	put_switch(msg, NO_STATS);
	nlh = copy_out(msg);
	last = (struct nlattr *)((char *)nlh + nlh->nlmsg_len -
				 NLA_ALIGN(NLA_HDRLEN + 4));
	last->nla_len = NLA_HDRLEN + 8;
	ktap_check(ovx_switch_parse(nlh, &sw) == -EBADMSG,
		   "attribute running past the message: -EBADMSG");
	free(nlh);
}

/* The attributes of the RTM_NEWLINK request, as the kernel parses them. */
struct newlink {
	struct ifinfomsg ifi;
	struct nlattr *tb[IFLA_MAX + 1];
	struct nlattr *info[IFLA_INFO_MAX + 1];
	struct nlattr *data[IFLA_OVX_MAX + 1];
	int n_data;
};

static int decode_newlink(struct nl_msg *msg, struct newlink *nl)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *nla;
	int rem;

	memset(nl, 0, sizeof(*nl));
	if (nlh->nlmsg_type != RTM_NEWLINK ||
	    (nlh->nlmsg_flags & (NLM_F_CREATE | NLM_F_EXCL)) !=
		    (NLM_F_CREATE | NLM_F_EXCL) ||
	    nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(nl->ifi))
		return -1;
	memcpy(&nl->ifi, nlmsg_data(nlh), sizeof(nl->ifi));
	if (nlmsg_parse(nlh, sizeof(nl->ifi), nl->tb, IFLA_MAX, NULL) ||
	    !nl->tb[IFLA_LINKINFO] ||
	    nla_parse_nested(nl->info, IFLA_INFO_MAX, nl->tb[IFLA_LINKINFO],
			     NULL))
		return -1;
	if (!nl->info[IFLA_INFO_DATA])
		return 0;
	if (nla_parse_nested(nl->data, IFLA_OVX_MAX, nl->info[IFLA_INFO_DATA],
			     NULL))
		return -1;
	nla_for_each_nested(nla, nl->info[IFLA_INFO_DATA], rem)
		nl->n_data++;
	return 0;
}

static bool attr_is(const struct nlattr *nla, const void *data, int len)
{
	return nla && nla_len(nla) == len && !memcmp(nla_data(nla), data, len);
}

static void test_newlink(void)
{
	struct ovx_switch_config cfg;
	struct nl_msg *msg = NULL;
	struct newlink nl;
	uint16_t port = htons(4790);
	uint32_t encap = OVX_ENCAP_GENEVE;
	int ret;

	ovx_switch_config_init(&cfg, "sw1");
	ktap_check(!strcmp(cfg.name, "sw1") && cfg.local.family == AF_UNSPEC &&
		   cfg.port == 0 && cfg.ttl == -1 && cfg.tos == -1 &&
		   cfg.df == -1 && cfg.encap == -1 &&
		   cfg.udp_zero_csum6_tx == -1 && cfg.udp_zero_csum6_rx == -1,
		   "ovx_switch_config_init() sets every field to default");

	ret = ovx_switch_newlink_msg(&cfg, &msg);
	ktap_check(ret == 0 && msg && !decode_newlink(msg, &nl) &&
		   nl.ifi.ifi_family == AF_UNSPEC && nl.ifi.ifi_index == 0 &&
		   attr_is(nl.tb[IFLA_IFNAME], "sw1", 4) &&
		   attr_is(nl.info[IFLA_INFO_KIND], "ovx", 4) &&
		   nl.n_data == 0,
		   "defaults: name and kind \"ovx\" only, no link data");
	nlmsg_free(msg);

	cfg.local.family = AF_INET;
	cfg.local.u.v4.s_addr = htonl(0x0a000001);
	cfg.port = 4790;
	cfg.ttl = 0;
	cfg.tos = 255;
	cfg.df = OVX_SWITCH_DF_SET;
	cfg.encap = OVX_SWITCH_ENCAP_GENEVE;
	ret = ovx_switch_newlink_msg(&cfg, &msg);
	ktap_check(ret == 0 && !decode_newlink(msg, &nl) && nl.n_data == 6 &&
		   attr_is(nl.data[IFLA_OVX_LOCAL4], &cfg.local.u.v4, 4) &&
		   !nl.data[IFLA_OVX_LOCAL6] &&
		   attr_is(nl.data[IFLA_OVX_PORT], &port, 2) &&
		   attr_is(nl.data[IFLA_OVX_TTL], "\0", 1) &&
		   attr_is(nl.data[IFLA_OVX_TOS], "\xff", 1) &&
		   attr_is(nl.data[IFLA_OVX_DF], "\x01", 1) &&
		   attr_is(nl.data[IFLA_OVX_ENCAP], &encap, 4),
		   "every setting: LOCAL4, PORT (network order), TTL 0, TOS, DF, ENCAP");
	ktap_check(nl.tb[IFLA_LINKINFO] && nl.info[IFLA_INFO_DATA] &&
		   (nl.tb[IFLA_LINKINFO]->nla_type & NLA_F_NESTED) &&
		   (nl.info[IFLA_INFO_DATA]->nla_type & NLA_F_NESTED),
		   "nests carry NLA_F_NESTED");
	nlmsg_free(msg);

	ovx_switch_config_init(&cfg, "sw2");
	cfg.local.family = AF_INET6;
	memcpy(cfg.local.u.raw, local6, 16);
	ret = ovx_switch_newlink_msg(&cfg, &msg);
	ktap_check(ret == 0 && !decode_newlink(msg, &nl) && nl.n_data == 1 &&
		   attr_is(nl.data[IFLA_OVX_LOCAL6], local6, 16),
		   "IPv6 local address: LOCAL6 only");
	nlmsg_free(msg);

	/* "switch add sw3 local 2001:db8::42 encap geneve": Geneve over IPv6. */
	ovx_switch_config_init(&cfg, "sw3");
	cfg.local.family = AF_INET6;
	memcpy(cfg.local.u.raw, local6, 16);
	cfg.encap = OVX_SWITCH_ENCAP_GENEVE;
	ret = ovx_switch_newlink_msg(&cfg, &msg);
	ktap_check(ret == 0 && !decode_newlink(msg, &nl) && nl.n_data == 2 &&
		   attr_is(nl.data[IFLA_OVX_LOCAL6], local6, 16) &&
		   !nl.data[IFLA_OVX_LOCAL4] &&
		   attr_is(nl.data[IFLA_OVX_ENCAP], &encap, 4) &&
		   !nl.data[IFLA_OVX_PORT],
		   "IPv6 and geneve: LOCAL6 and ENCAP, the port left to the kernel");
	nlmsg_free(msg);

	/* "udp6zerocsumtx noudp6zerocsumrx": both sent, as 1 and 0. */
	ovx_switch_config_init(&cfg, "sw4");
	cfg.local.family = AF_INET6;
	memcpy(cfg.local.u.raw, local6, 16);
	cfg.udp_zero_csum6_tx = 1;
	cfg.udp_zero_csum6_rx = 0;
	ret = ovx_switch_newlink_msg(&cfg, &msg);
	ktap_check(ret == 0 && !decode_newlink(msg, &nl) && nl.n_data == 3 &&
		   attr_is(nl.data[IFLA_OVX_UDP_ZERO_CSUM6_TX], "\x01", 1) &&
		   attr_is(nl.data[IFLA_OVX_UDP_ZERO_CSUM6_RX], "\0", 1),
		   "zero checksums: UDP_ZERO_CSUM6_TX 1 and UDP_ZERO_CSUM6_RX 0, one byte each");
	nlmsg_free(msg);

	cfg.udp_zero_csum6_tx = -1;
	cfg.udp_zero_csum6_rx = 1;
	ret = ovx_switch_newlink_msg(&cfg, &msg);
	ktap_check(ret == 0 && !decode_newlink(msg, &nl) && nl.n_data == 2 &&
		   !nl.data[IFLA_OVX_UDP_ZERO_CSUM6_TX] &&
		   attr_is(nl.data[IFLA_OVX_UDP_ZERO_CSUM6_RX], "\x01", 1),
		   "only UDP_ZERO_CSUM6_RX when tx is left to the kernel");
	nlmsg_free(msg);
}

static void test_bad_configs(void)
{
	static const struct {
		const char *what;
		int field;	/* 0 name, 1 family, 2 ttl, 3 tos, 4 df, 5 encap,
				 * 6 udp_zero_csum6_tx, 7 udp_zero_csum6_rx */
		int value;
		const char *name;
		int err;
	} cases[] = {
		{ "NULL name", 0, 0, NULL, -EINVAL },
		{ "empty name", 0, 0, "", -EINVAL },
		{ "16-character name", 0, 0, "sixteen-chars-xx", -EINVAL },
		{ "family AF_PACKET", 1, 17, "sw", -EAFNOSUPPORT },
		{ "ttl 256", 2, 256, "sw", -EINVAL },
		{ "ttl -2", 2, -2, "sw", -EINVAL },
		{ "tos 256", 3, 256, "sw", -EINVAL },
		{ "df 2", 4, 2, "sw", -EINVAL },
		{ "encap 2", 5, 2, "sw", -EINVAL },
		{ "encap -5", 5, -5, "sw", -EINVAL },
		{ "udp_zero_csum6_tx 2", 6, 2, "sw", -EINVAL },
		{ "udp_zero_csum6_tx -2", 6, -2, "sw", -EINVAL },
		{ "udp_zero_csum6_rx 2", 7, 2, "sw", -EINVAL },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct ovx_switch_config cfg;
		struct nl_msg *msg = (struct nl_msg *)&cfg;
		int ret;

		ovx_switch_config_init(&cfg, cases[i].name);
		switch (cases[i].field) {
		case 1: cfg.local.family = cases[i].value; break;
		case 2: cfg.ttl = cases[i].value; break;
		case 3: cfg.tos = cases[i].value; break;
		case 4: cfg.df = cases[i].value; break;
		case 5: cfg.encap = cases[i].value; break;
		case 6: cfg.udp_zero_csum6_tx = cases[i].value; break;
		case 7: cfg.udp_zero_csum6_rx = cases[i].value; break;
		}
		ret = ovx_switch_newlink_msg(&cfg, &msg);
		ktap_check(ret == cases[i].err && !msg,
			   "config with %s is refused (%d)", cases[i].what, ret);
	}
}

static int count_cb(const struct ovx_switch *sw, void *arg)
{
	(void)sw;
	++*(int *)arg;
	return 0;
}

static void test_null_args(void)
{
	struct ovx_switch_config cfg;
	struct ovx_switch sw;

	ovx_switch_config_init(&cfg, "sw");
	ktap_check(ovx_switch_add(NULL, &cfg) == -EINVAL &&
		   ovx_switch_del(NULL, "sw") == -EINVAL &&
		   ovx_switch_get(NULL, "sw", &sw) == -EINVAL &&
		   ovx_switch_dump(NULL, count_cb, NULL) == -EINVAL,
		   "switch functions refuse a NULL context");
}

/*
 * The kernel's side, in a network namespace of this process's own, so
 * nothing outside is touched.  Without the module, creating a switch
 * must say so; with it, a round trip.
 */
static void test_kernel(void)
{
	struct ovx_switch_config cfg;
	struct ovx_ctx *ctx = NULL;
	struct ovx_switch sw;
	int err, n = 0;

	if (unshare(CLONE_NEWNET) < 0) {
		ktap_skip("cannot create a network namespace",
			  "kernel round trip");
		return;
	}
	err = ovx_open(&ctx);
	if (err == -EPROTONOSUPPORT) {
		/* Any family will do to reach the rtnetlink socket. */
		err = ovx_nl_open_family(&ctx, "nlctrl", 2);
		if (err) {
			ktap_skip("no generic netlink", "module not loaded");
			return;
		}
		ovx_switch_config_init(&cfg, "ovxtest0");
		err = ovx_switch_add(ctx, &cfg);
		ktap_check(err == -EPROTONOSUPPORT,
			   "without the module, ovx_switch_add() is -EPROTONOSUPPORT (got %d, \"%s\")",
			   err, ovx_errmsg(ctx) ? ovx_errmsg(ctx) : "");
		ktap_check(ovx_switch_get(ctx, "", &sw) == -EINVAL &&
			   !ovx_errmsg(ctx),
			   "an invalid name fails before sending, clearing the old message");
		ovx_close(ctx);
		return;
	}
	if (err) {
		ktap_skip("no generic netlink", "kernel round trip");
		return;
	}

	ktap_diag("the ovx module is loaded: round trip in a new namespace");
	ovx_switch_config_init(&cfg, "ovxtest0");
	cfg.local.family = AF_INET;
	cfg.local.u.v4.s_addr = htonl(0x0a000001);
	cfg.encap = OVX_SWITCH_ENCAP_GENEVE;
	cfg.ttl = 8;
	err = ovx_switch_add(ctx, &cfg);
	ktap_check(err == 0, "ovx_switch_add() (%d)", err);
	err = ovx_switch_add(ctx, &cfg);
	ktap_check(err == -EEXIST, "adding it again: -EEXIST (%d)", err);
	err = ovx_switch_get(ctx, "ovxtest0", &sw);
	ktap_check(err == 0 && sw.ifindex > 0 && !strcmp(sw.name, "ovxtest0") &&
		   sw.local.family == AF_INET &&
		   sw.local.u.v4.s_addr == htonl(0x0a000001) &&
		   sw.port == 6081 && sw.ttl == 8 && sw.tos == 0 &&
		   sw.df == OVX_SWITCH_DF_UNSET &&
		   sw.encap == OVX_SWITCH_ENCAP_GENEVE && sw.has_stats,
		   "ovx_switch_get() returns the settings, default Geneve port");
	ktap_check(err == 0 && sw.has_mtu && sw.overhead == 58 &&
		   !sw.underlay_mtu && !sw.inner_mtu,
		   "Geneve over IPv4 adds 58 bytes; no device has 10.0.0.1: MTUs 0 (%u, %u, %u)",
		   sw.overhead, sw.underlay_mtu, sw.inner_mtu);
	err = ovx_switch_dump(ctx, count_cb, &n);
	ktap_check(err == 0 && n == 1, "ovx_switch_dump() lists it (%d, %d)",
		   err, n);
	err = ovx_switch_get(ctx, "lo", &sw);
	ktap_check(err == -EINVAL && ovx_errmsg(ctx),
		   "get of a device that is no switch: -EINVAL with a message");
	err = ovx_switch_del(ctx, "lo");
	ktap_check(err == -EINVAL, "del of lo is refused, lo survives (%d)",
		   err);
	cfg.name = "ovxtest1";
	cfg.local.u.v4.s_addr = htonl(0xe0000001);
	err = ovx_switch_add(ctx, &cfg);
	ktap_check(err == -EINVAL && ovx_errmsg(ctx) && ovx_err_attr(ctx) ==
		   IFLA_OVX_LOCAL4,
		   "multicast local: -EINVAL, message, LOCAL4 named (\"%s\")",
		   ovx_errmsg(ctx) ? ovx_errmsg(ctx) : "");
	ovx_switch_config_init(&cfg, "ovxtest2");
	cfg.local.family = AF_INET6;
	memcpy(cfg.local.u.raw, local6, 16);
	err = ovx_switch_add(ctx, &cfg);
	ktap_check(err == 0, "IPv6 switch: ovx_switch_add() (%d, \"%s\")", err,
		   ovx_errmsg(ctx) ? ovx_errmsg(ctx) : "");
	err = ovx_switch_get(ctx, "ovxtest2", &sw);
	ktap_check(err == 0 && sw.local.family == AF_INET6 &&
		   !memcmp(sw.local.u.raw, local6, 16) && sw.port == 4789 &&
		   sw.encap == OVX_SWITCH_ENCAP_VXLAN && sw.has_mtu &&
		   sw.overhead == 70,
		   "IPv6 switch: VXLAN on port 4789 adds 70 bytes (%u)",
		   sw.overhead);
	err = ovx_switch_del(ctx, "ovxtest2");
	ktap_check(err == 0, "IPv6 switch: ovx_switch_del() (%d)", err);
	err = ovx_switch_del(ctx, "ovxtest0");
	ktap_check(err == 0, "ovx_switch_del() (%d)", err);
	err = ovx_switch_get(ctx, "ovxtest0", &sw);
	ktap_check(err == -ENODEV, "gone after del: -ENODEV (%d)", err);
	ovx_close(ctx);
}

int main(void)
{
	ktap_init();
	test_good();
	test_missing();
	test_lengths();
	test_stats();
	test_drops();
	test_bad_messages();
	test_newlink();
	test_bad_configs();
	test_null_args();
	test_kernel();
	return ktap_finish();
}
