/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Building generic netlink messages by hand for the parser tests: laid
 * out as the kernel's fill functions do, then copied into exact-size heap
 * blocks so that AddressSanitizer sees any overread.
 */
#ifndef OVX_TEST_MSG_H
#define OVX_TEST_MSG_H

#include <stdlib.h>
#include <string.h>

#include <linux/ovx.h>
#include <netlink/genl/genl.h>

#include "ovx_private.h"

/* A generic netlink message of command @cmd, as the kernel sends it. */
static inline struct nl_msg *test_msg(uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg || !genlmsg_put(msg, 1, 1, 0x20, 0, 0, cmd, 1))
		abort();
	return msg;
}

/* An exact-size heap copy of @msg's netlink message; @msg is freed. */
static inline struct nlmsghdr *test_copy_out(struct nl_msg *msg)
{
	const struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlmsghdr *copy = malloc(nlh->nlmsg_len);

	if (!copy)
		abort();
	memcpy(copy, nlh, nlh->nlmsg_len);
	nlmsg_free(msg);
	return copy;
}

/* A complete stats nest of type @type, without counter @skip (0: none). */
static inline void test_put_stats(struct nl_msg *msg, int type, int skip)
{
	struct nlattr *nest = nla_nest_start(msg, type);
	int i;

	/* The padding attribute nla_put_u64_64bit() may add. */
	nla_put(msg, OVX_A_STATS_PAD, 0, NULL);
	for (i = OVX_A_STATS_RX_PACKETS; i <= OVX_A_STATS_TX_DROPPED; i++)
		if (i != skip)
			nla_put_u64(msg, i, 1000ULL * i + (1ULL << 40));
	nla_nest_end(msg, nest);
}

/* Whether @st holds what test_put_stats() put. */
static inline bool test_stats_ok(const struct ovx_stats *st)
{
	size_t i;

	for (i = OVX_STATS_CAP - 1; i >= 6; i--)
		if (st->v[i])
			return false;
	return st->n == 6 &&
	       st->v[OVX_STAT_RX_PACKETS] == 2000 + (1ULL << 40) &&
	       st->v[OVX_STAT_RX_BYTES] == 3000 + (1ULL << 40) &&
	       st->v[OVX_STAT_TX_PACKETS] == 4000 + (1ULL << 40) &&
	       st->v[OVX_STAT_TX_BYTES] == 5000 + (1ULL << 40) &&
	       st->v[OVX_STAT_RX_DROPPED] == 6000 + (1ULL << 40) &&
	       st->v[OVX_STAT_TX_DROPPED] == 7000 + (1ULL << 40);
}

/* A stats nest of type @type with a 4-byte counter. */
static inline void test_put_short_stats(struct nl_msg *msg, int type)
{
	struct nlattr *nest = nla_nest_start(msg, type);
	int i;

	for (i = OVX_A_STATS_RX_PACKETS; i <= OVX_A_STATS_TX_DROPPED; i++) {
		if (i == OVX_A_STATS_RX_BYTES)
			nla_put_u32(msg, i, 1);
		else
			nla_put_u64(msg, i, 1);
	}
	nla_nest_end(msg, nest);
}

/*
 * A stats nest whose last counter claims more bytes than the nest holds:
 * the walk stops there, so that counter is missing.
 */
static inline void test_put_overrun_stats(struct nl_msg *msg, int type)
{
	struct nlattr *nest, *last;
	int i;

	nest = nla_nest_start(msg, type);
	for (i = OVX_A_STATS_RX_PACKETS; i <= OVX_A_STATS_TX_DROPPED; i++)
		nla_put_u64(msg, i, 1);
	nla_nest_end(msg, nest);
	last = (struct nlattr *)((char *)nest + nest->nla_len -
				 NLA_ALIGN(NLA_HDRLEN + 8));
	last->nla_len = NLA_HDRLEN + 16;
}

/*
 * Decodes the attributes of a request built by the library, as the
 * kernel would see them (no policy: the test compares bytes).
 */
static inline int test_parse_request(struct nl_msg *msg, struct nlattr **tb,
				     int maxtype)
{
	return genlmsg_parse(nlmsg_hdr(msg), 0, tb, maxtype, NULL);
}

/* Whether @nla holds exactly @len bytes equal to @data. */
static inline bool test_attr_is(const struct nlattr *nla, const void *data,
				int len)
{
	return nla && nla_len(nla) == len && !memcmp(nla_data(nla), data, len);
}

static inline bool test_attr_u32_is(const struct nlattr *nla, uint32_t v)
{
	return test_attr_is(nla, &v, sizeof(v));
}

static inline bool test_attr_u8_is(const struct nlattr *nla, uint8_t v)
{
	return test_attr_is(nla, &v, sizeof(v));
}

/* Whether @nla is a string attribute of exactly @s (with its NUL). */
static inline bool test_attr_str_is(const struct nlattr *nla, const char *s)
{
	return test_attr_is(nla, s, (int)strlen(s) + 1);
}

/* How many attributes of the top level @msg carries. */
static inline int test_count_attrs(struct nl_msg *msg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *nla;
	int n = 0, rem;

	nla_for_each_attr(nla, genlmsg_attrdata(nlmsg_data(nlh), 0),
			  genlmsg_attrlen(nlmsg_data(nlh), 0), rem)
		n++;
	return n;
}

#endif /* OVX_TEST_MSG_H */
