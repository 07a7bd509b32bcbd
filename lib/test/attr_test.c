// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Unit tests of the policy-checked reply parsing in attr.c and of the
 * libnl error mapping in nlerr.c.  Messages are built with libnl, the way
 * the kernel would lay them out, then copied into exact-size heap blocks
 * so AddressSanitizer sees any overread.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>
#include <netlink/errno.h>
#include <netlink/genl/genl.h>

#include "ovx_private.h"
#include "ktap.h"

enum {
	A_UNSPEC,
	A_U32,
	A_STR,
	A_MAC,
	A_U64,
	A_UINT,
	A_FLAG,
	A_NEST,
	A_U8,
	A_U16,
	A_RAW,		/* no length rule in the policy */
	__A_MAX,
};
#define A_MAX (__A_MAX - 1)

static const struct nla_policy policy[A_MAX + 1] = {
	[A_U32]  = { .type = NLA_U32 },
	[A_STR]  = { .type = NLA_STRING, .maxlen = 16 },
	[A_MAC]  = { .type = NLA_UNSPEC, .minlen = 6, .maxlen = 6 },
	[A_U64]  = { .type = NLA_U64 },
	[A_UINT] = { .type = NLA_UNSPEC, .minlen = 4, .maxlen = 8 },
	[A_FLAG] = { .type = NLA_FLAG },
	[A_NEST] = { .type = NLA_NESTED },
	[A_U8]   = { .type = NLA_U8 },
	[A_U16]  = { .type = NLA_U16 },
	[A_RAW]  = { .type = NLA_UNSPEC },
};

static struct nl_msg *new_msg(void)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg || !genlmsg_put(msg, 1, 1, 0x20, 0, 0, 1, 1))
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

static const uint8_t mac[6] = { 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 };

static void test_good(void)
{
	struct nlattr *tb[A_MAX + 1];
	struct nl_msg *msg = new_msg();
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	uint32_t u32 = 0;
	uint64_t u64 = 0, uint4 = 0;
	uint16_t u16 = 0;
	uint8_t u8 = 0, got_mac[6] = { 0 };
	const char *str = NULL;
	int ret;

	nla_put_u32(msg, A_U32, 4242);
	nla_put_string(msg, A_STR, "sw0");
	nla_put(msg, A_MAC, sizeof(mac), mac);
	nla_put_u64(msg, A_U64, 1ULL << 40);
	nla_put_u32(msg, A_UINT, 77);
	nla_put_flag(msg, A_FLAG);
	nla_put_u8(msg, A_U8, 200);
	nla_put_u16(msg, A_U16, 4789);
	nest = nla_nest_start(msg, A_NEST);
	nla_put_u32(msg, A_U32, 9);
	nla_nest_end(msg, nest);
	nla_put_u32(msg, A_MAX + 5, 1);	/* from a newer kernel */
	nlh = copy_out(msg);

	ret = ovx_nl_parse(nlh, tb, A_MAX, policy);
	ktap_check(ret == 0, "valid message parses (attribute above max ignored)");
	ktap_check(!ovx_attr_u32(tb, A_U32, &u32) && u32 == 4242, "u32 getter");
	ktap_check(!ovx_attr_str(tb, A_STR, &str) && str && !strcmp(str, "sw0"),
		   "string getter");
	ktap_check(!ovx_attr_bin(tb, A_MAC, got_mac, sizeof(got_mac)) &&
		   !memcmp(got_mac, mac, sizeof(mac)), "binary getter (MAC)");
	ktap_check(!ovx_attr_u64(tb, A_U64, &u64) && u64 == 1ULL << 40,
		   "u64 getter");
	ktap_check(!ovx_attr_uint(tb, A_UINT, &uint4) && uint4 == 77,
		   "uint getter, 4-byte form");
	ktap_check(ovx_attr_flag(tb, A_FLAG) && !ovx_attr_flag(tb, A_RAW),
		   "flag getter");
	ktap_check(!ovx_attr_u8(tb, A_U8, &u8) && u8 == 200 &&
		   !ovx_attr_u16(tb, A_U16, &u16) && u16 == 4789,
		   "u8 and u16 getters");

	{
		struct nlattr *nt[A_MAX + 1];
		uint32_t inner = 0;

		ret = ovx_nl_parse_nested(nt, A_MAX, tb[A_NEST], policy);
		ktap_check(ret == 0 && !ovx_attr_u32(nt, A_U32, &inner) &&
			   inner == 9, "nested set parses with its policy");
	}
	free(nlh);
}

static void test_missing(void)
{
	struct nlattr *tb[A_MAX + 1];
	struct nl_msg *msg = new_msg();
	struct nlmsghdr *nlh;
	uint32_t u32 = 0xdeadbeef;
	uint64_t u64 = 1;
	const char *str = "untouched";
	uint8_t got_mac[6] = { 0 };
	int ret;

	nla_put_u32(msg, A_U64, 0);	/* 4 bytes where the policy wants 8 */
	nlh = copy_out(msg);
	ret = ovx_nl_parse(nlh, tb, A_MAX, policy);
	ktap_check(ret == -EBADMSG, "u32-sized value in a u64 attribute breaks the policy");
	free(nlh);

	msg = new_msg();
	nla_put_u8(msg, A_U8, 1);
	nlh = copy_out(msg);
	ret = ovx_nl_parse(nlh, tb, A_MAX, policy);
	ktap_check(ret == 0, "message with one attribute parses");
	ktap_check(ovx_attr_u32(tb, A_U32, &u32) == -ENODATA &&
		   u32 == 0xdeadbeef, "missing u32: -ENODATA, output untouched");
	ktap_check(ovx_attr_str(tb, A_STR, &str) == -ENODATA &&
		   !strcmp(str, "untouched"), "missing string: -ENODATA");
	ktap_check(ovx_attr_bin(tb, A_MAC, got_mac, 6) == -ENODATA,
		   "missing binary: -ENODATA");
	ktap_check(ovx_attr_uint(tb, A_UINT, &u64) == -ENODATA && u64 == 1,
		   "missing uint: -ENODATA");
	ktap_check(ovx_nl_parse_nested(tb, A_MAX, NULL, policy) == -ENODATA,
		   "missing nest: -ENODATA");
	free(nlh);
}

static void test_short(void)
{
	struct nlattr *tb[A_MAX + 1];
	struct nl_msg *msg;
	struct nlmsghdr *nlh;
	uint32_t u32 = 7;
	uint64_t u64 = 7;
	uint8_t got_mac[6];
	const char *str = NULL;

	msg = new_msg();
	nla_put(msg, A_U32, 2, "\x01\x02");
	nlh = copy_out(msg);
	ktap_check(ovx_nl_parse(nlh, tb, A_MAX, policy) == -EBADMSG,
		   "short u32 attribute breaks the policy");
	free(nlh);

	msg = new_msg();
	nla_put(msg, A_MAC, 5, mac);
	nlh = copy_out(msg);
	ktap_check(ovx_nl_parse(nlh, tb, A_MAX, policy) == -EBADMSG,
		   "5-byte MAC breaks the policy (minlen)");
	free(nlh);

	msg = new_msg();
	nla_put(msg, A_MAC, 7, "\x01\x02\x03\x04\x05\x06\x07");
	nlh = copy_out(msg);
	ktap_check(ovx_nl_parse(nlh, tb, A_MAX, policy) == -EBADMSG,
		   "7-byte MAC breaks the policy (maxlen)");
	free(nlh);

	msg = new_msg();
	nla_put(msg, A_STR, 3, "abc");
	nlh = copy_out(msg);
	ktap_check(ovx_nl_parse(nlh, tb, A_MAX, policy) == -EBADMSG,
		   "string without NUL breaks the policy");
	free(nlh);

	/*
	 * Defence in depth: A_RAW has no length rule, so the getters must
	 * check on their own.
	 */
	msg = new_msg();
	nla_put(msg, A_RAW, 3, "abc");
	nlh = copy_out(msg);
	ktap_check(ovx_nl_parse(nlh, tb, A_MAX, policy) == 0,
		   "attribute without a length rule parses");
	ktap_check(ovx_attr_u32(tb, A_RAW, &u32) == -EBADMSG && u32 == 7,
		   "u32 getter rejects 3 bytes");
	ktap_check(ovx_attr_u64(tb, A_RAW, &u64) == -EBADMSG,
		   "u64 getter rejects 3 bytes");
	ktap_check(ovx_attr_bin(tb, A_RAW, got_mac, 6) == -EBADMSG,
		   "binary getter rejects 3 bytes for 6");
	ktap_check(ovx_attr_str(tb, A_RAW, &str) == -EBADMSG && !str,
		   "string getter rejects a string without NUL");
	free(nlh);

	msg = new_msg();
	nla_put(msg, A_RAW, 6, "\x01\x02\x03\x04\x05\x06");
	nlh = copy_out(msg);
	ovx_nl_parse(nlh, tb, A_MAX, policy);
	ktap_check(ovx_attr_uint(tb, A_RAW, &u64) == -EBADMSG && u64 == 7,
		   "uint getter rejects 6 bytes");
	free(nlh);

	msg = new_msg();
	nla_put_u64(msg, A_UINT, 1ULL << 33);
	nlh = copy_out(msg);
	ktap_check(ovx_nl_parse(nlh, tb, A_MAX, policy) == 0 &&
		   !ovx_attr_uint(tb, A_UINT, &u64) && u64 == 1ULL << 33,
		   "uint getter, 8-byte form");
	free(nlh);
}

static void test_bad_calls(void)
{
	struct nlattr *tb[A_MAX + 1];
	struct nlmsghdr *nlh;
	struct nl_msg *msg = new_msg();

	nlh = copy_out(msg);
	ktap_check(ovx_nl_parse(nlh, tb, A_MAX, NULL) == -EINVAL,
		   "parsing without a policy is refused");
	nlh->nlmsg_len = NLMSG_HDRLEN + 2;
	ktap_check(ovx_nl_parse(nlh, tb, A_MAX, policy) == -EBADMSG,
		   "message shorter than the genl header: -EBADMSG");
	free(nlh);
}

/* Parses a message holding @len bytes of @data as A_STR and A_U32. */
static int parse_one(int type, const void *data, int len,
		     struct nlattr **tb, struct nlmsghdr **nlhp)
{
	struct nl_msg *msg = new_msg();

	nla_put(msg, type, len, data);
	*nlhp = copy_out(msg);
	return ovx_nl_parse(*nlhp, tb, A_MAX, policy);
}

static void test_names(void)
{
	static const struct {
		const char *data;
		int len;
		size_t size;
		int want;
		const char *what;
	} names[] = {
		{ "tap0", 5, 16, 0, "a name" },
		{ "fifteen-chars-x", 16, 16, 0, "15 characters in 16 bytes" },
		{ "tap0\0junk", 10, 16, 0, "a name with bytes after its NUL" },
		{ "", 1, 16, -EBADMSG, "an empty name" },
		{ "tap0", 4, 16, -EBADMSG, "a name without NUL" },
		{ "eight-ch", 9, 8, -EBADMSG, "8 characters are too many for 8 bytes" },
		{ "seven-c", 8, 8, 0, "7 characters fit in 8 bytes" },
	};
	struct nlattr *tb[A_MAX + 1];
	struct nlmsghdr *nlh;
	char buf[16];
	int ifindex;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int ret = parse_one(A_STR, names[i].data, names[i].len, tb,
				    &nlh);

		if (!ret)
			ret = ovx_attr_name(tb, A_STR, buf, names[i].size);
		ktap_check(ret == names[i].want, "ovx_attr_name(): %s (%d)",
			   names[i].what, ret);
		free(nlh);
	}
	ktap_check(!parse_one(A_STR, "x", 2, tb, &nlh) &&
		   ovx_attr_name(tb, A_U32, buf, sizeof(buf)) == -ENODATA,
		   "ovx_attr_name() of an absent attribute: -ENODATA");
	free(nlh);

	ktap_check(!parse_one(A_U32, "\x07\0\0\0", 4, tb, &nlh) &&
		   ovx_attr_ifindex(tb, A_U32, &ifindex) == 0 && ifindex == 7,
		   "ovx_attr_ifindex(): 7");
	free(nlh);
	ktap_check(!parse_one(A_U32, "\0\0\0\0", 4, tb, &nlh) &&
		   ovx_attr_ifindex(tb, A_U32, &ifindex) == -EBADMSG,
		   "ovx_attr_ifindex(): 0 is -EBADMSG");
	free(nlh);
	ktap_check(!parse_one(A_U32, "\0\0\0\x80", 4, tb, &nlh) &&
		   ovx_attr_ifindex(tb, A_U32, &ifindex) == -EBADMSG,
		   "ovx_attr_ifindex(): above INT_MAX is -EBADMSG");
	free(nlh);
	ktap_check(!parse_one(A_RAW, "\x07\0", 2, tb, &nlh) &&
		   ovx_attr_ifindex(tb, A_RAW, &ifindex) == -EBADMSG &&
		   ovx_attr_ifindex(tb, A_U32, &ifindex) == -ENODATA,
		   "ovx_attr_ifindex(): 2 bytes is -EBADMSG, absent -ENODATA");
	free(nlh);

	ktap_check(ovx_name_ok("a", 2) && !ovx_name_ok("ab", 2) &&
		   !ovx_name_ok("", 16) && !ovx_name_ok(NULL, 16) &&
		   ovx_name_ok("fifteen-chars-x", 16),
		   "ovx_name_ok(): 1 to size - 1 characters, not NULL");
}

static void test_nlerr(void)
{
	int e;
	bool never_pnosupp = true;

	ktap_check(ovx_nl_errno(0) == 0, "NLE_SUCCESS maps to 0");
	ktap_check(ovx_nl_errno(-NLE_NOMEM) == -ENOMEM &&
		   ovx_nl_errno(NLE_NOMEM) == -ENOMEM,
		   "NLE_NOMEM maps to -ENOMEM, whatever its sign");
	ktap_check(ovx_nl_errno(-NLE_OBJ_NOTFOUND) == -ENOENT,
		   "NLE_OBJ_NOTFOUND maps to -ENOENT");
	ktap_check(ovx_nl_errno(-NLE_PERM) == -EPERM &&
		   ovx_nl_errno(-NLE_NOACCESS) == -EACCES,
		   "permission errors map to -EPERM and -EACCES");
	ktap_check(ovx_nl_errno(-10000) == -EIO, "unknown codes map to -EIO");
	for (e = 0; e <= NLE_MAX + 1; e++) {
		int r = ovx_nl_errno(-e);

		if (r == -EPROTONOSUPPORT || r > 0 || (e && !r))
			never_pnosupp = false;
	}
	ktap_check(never_pnosupp,
		   "no libnl code maps to -EPROTONOSUPPORT, success or a positive value");
}

int main(void)
{
	ktap_init();
	test_good();
	test_missing();
	test_short();
	test_bad_calls();
	test_names();
	test_nlerr();
	return ktap_finish();
}
