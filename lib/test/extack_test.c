// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Unit tests of ovx_extack_parse() on hand-built NLMSG_ERROR and
 * NLMSG_DONE messages.  Each message is copied into a heap block of its
 * exact size (and at an odd address) before parsing, so AddressSanitizer
 * catches any read past the end and UBSan any misaligned access.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ovx_private.h"
#include "ktap.h"

struct buf {
	unsigned char d[512];
	size_t len;
};

static void put(struct buf *b, const void *p, size_t n)
{
	memcpy(b->d + b->len, p, n);
	b->len += n;
}

static void pad(struct buf *b)
{
	while (b->len % 4)
		b->d[b->len++] = 0;
}

static void put_u32(struct buf *b, uint32_t v)
{
	put(b, &v, sizeof(v));
}

/* The length is filled in by fix_len(). */
static void put_nlh(struct buf *b, uint16_t type, uint16_t flags)
{
	struct nlmsghdr nlh = {
		.nlmsg_type = type,
		.nlmsg_flags = flags,
		.nlmsg_seq = 7,
		.nlmsg_pid = 1234,
	};

	memset(b, 0, sizeof(*b));
	put(b, &nlh, sizeof(nlh));
}

static void fix_len(struct buf *b)
{
	uint32_t len = (uint32_t)b->len;

	memcpy(b->d, &len, sizeof(len));
}

/* The error code and the request's header, as with NETLINK_CAP_ACK. */
static void put_err(struct buf *b, int error, uint32_t orig_len)
{
	struct nlmsghdr orig = {
		.nlmsg_len = orig_len,
		.nlmsg_type = 0x20,
		.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
		.nlmsg_seq = 7,
	};
	int32_t e = error;

	put(b, &e, sizeof(e));
	put(b, &orig, sizeof(orig));
}

static void put_attr(struct buf *b, uint16_t type, const void *data,
		     size_t n)
{
	struct nlattr nla = {
		.nla_len = (uint16_t)(NLA_HDRLEN + n),
		.nla_type = type,
	};

	put(b, &nla, sizeof(nla));
	put(b, data, n);
	pad(b);
}

static void put_attr_u32(struct buf *b, uint16_t type, uint32_t v)
{
	put_attr(b, type, &v, sizeof(v));
}

static void put_msg(struct buf *b, const char *s)
{
	put_attr(b, NLMSGERR_ATTR_MSG, s, strlen(s) + 1);
}

static char msgcopy[256];

/*
 * Parses the first @len bytes of @b from a private heap copy; the message
 * string is copied to msgcopy ("<null>" when absent) before the copy is
 * freed.
 */
static int parse_len(const struct buf *b, size_t len, struct ovx_extack *ext)
{
	unsigned char *block = malloc(len + 1);
	unsigned char *p = block + 1;	/* odd address on purpose */
	int ret;

	if (!block)
		abort();
	memcpy(p, b->d, len);
	ret = ovx_extack_parse(p, len, ext);
	snprintf(msgcopy, sizeof(msgcopy), "%s", ext->msg ? ext->msg : "<null>");
	free(block);
	return ret;
}

static int parse(const struct buf *b, struct ovx_extack *ext)
{
	return parse_len(b, b->len, ext);
}

static void test_ack(void)
{
	struct ovx_extack ext;
	struct buf b;
	int ret;

	put_nlh(&b, NLMSG_ERROR, NLM_F_CAPPED);
	put_err(&b, 0, 36);
	fix_len(&b);
	ret = parse(&b, &ext);
	ktap_check(ret == 0 && ext.error == 0 && !ext.msg && !ext.malformed &&
		   !ext.has_offset && !ext.has_miss_type,
		   "plain ACK: error 0, no message");

	put_nlh(&b, NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	put_err(&b, 0, 36);
	put_msg(&b, "ageing is ignored without learning");
	fix_len(&b);
	ret = parse(&b, &ext);
	ktap_check(ret == 0 && ext.error == 0 &&
		   !strcmp(msgcopy, "ageing is ignored without learning"),
		   "ACK with a warning: error 0 and the message");
}

static void test_error_msg(void)
{
	struct ovx_extack ext;
	struct buf b;
	int ret;

	put_nlh(&b, NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	put_err(&b, -EINVAL, 36);
	put_msg(&b, "vni out of range");
	fix_len(&b);
	ret = parse(&b, &ext);
	ktap_check(ret == 0 && ext.error == -EINVAL &&
		   !strcmp(msgcopy, "vni out of range") && !ext.malformed,
		   "capped error with message");

	/* TLV bytes present but NLM_F_ACK_TLVS clear: not extack. */
	put_nlh(&b, NLMSG_ERROR, NLM_F_CAPPED);
	put_err(&b, -EEXIST, 36);
	put_msg(&b, "ignored");
	fix_len(&b);
	ret = parse(&b, &ext);
	ktap_check(ret == 0 && ext.error == -EEXIST && !ext.msg &&
		   !ext.malformed,
		   "error without NLM_F_ACK_TLVS: no TLVs read");

	put_nlh(&b, NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	put_err(&b, -ENODEV, 36);
	fix_len(&b);
	ret = parse(&b, &ext);
	ktap_check(ret == 0 && ext.error == -ENODEV && !ext.msg &&
		   !ext.malformed,
		   "error with NLM_F_ACK_TLVS but an empty TLV area");
}

/* Without NETLINK_CAP_ACK the whole request is echoed before the TLVs. */
static void test_uncapped(void)
{
	unsigned char body[22];
	struct ovx_extack ext;
	struct buf b;
	int ret;

	memset(body, 0xa5, sizeof(body));
	put_nlh(&b, NLMSG_ERROR, NLM_F_ACK_TLVS);
	put_err(&b, -EINVAL, sizeof(struct nlmsghdr) + sizeof(body));
	put(&b, body, sizeof(body));	/* 38 bytes of request: unaligned */
	pad(&b);
	put_msg(&b, "bad request");
	put_attr_u32(&b, NLMSGERR_ATTR_OFFS, 24);
	fix_len(&b);
	ret = parse(&b, &ext);
	ktap_check(ret == 0 && ext.error == -EINVAL &&
		   !strcmp(msgcopy, "bad request") && ext.has_offset &&
		   ext.offset == 24 && !ext.malformed,
		   "uncapped error: TLVs found after the echoed request");

	/* An echoed length that runs past the message. */
	put_nlh(&b, NLMSG_ERROR, NLM_F_ACK_TLVS);
	put_err(&b, -EINVAL, 4000);
	put_msg(&b, "x");
	fix_len(&b);
	ret = parse(&b, &ext);
	ktap_check(ret == 0 && ext.error == -EINVAL && !ext.msg &&
		   ext.malformed,
		   "uncapped error whose echoed length overruns: malformed");
}

static void test_offset_and_missing(void)
{
	struct ovx_extack ext;
	struct buf b;
	int ret;

	put_nlh(&b, NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	put_err(&b, -EINVAL, 60);
	put_msg(&b, "Attribute failed policy validation");
	put_attr_u32(&b, NLMSGERR_ATTR_OFFS, 36);
	fix_len(&b);
	ret = parse(&b, &ext);
	ktap_check(ret == 0 && ext.has_offset && ext.offset == 36 &&
		   !strcmp(msgcopy, "Attribute failed policy validation"),
		   "NLMSGERR_ATTR_OFFS is read");

	put_nlh(&b, NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	put_err(&b, -EINVAL, 60);
	put_attr_u32(&b, NLMSGERR_ATTR_MISS_TYPE, 5);
	put_attr_u32(&b, NLMSGERR_ATTR_MISS_NEST, 20);
	fix_len(&b);
	ret = parse(&b, &ext);
	ktap_check(ret == 0 && ext.has_miss_type && ext.miss_type == 5 &&
		   ext.has_miss_nest && ext.miss_nest == 20 && !ext.msg &&
		   !ext.has_offset,
		   "NLMSGERR_ATTR_MISS_TYPE and _MISS_NEST are read");

	/* Unknown and uninteresting TLVs are skipped. */
	put_nlh(&b, NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	put_err(&b, -EINVAL, 60);
	put_attr(&b, NLMSGERR_ATTR_COOKIE, "\x01\x02\x03", 3);
	put_attr_u32(&b, 200, 1);
	put_msg(&b, "after the cookie");
	fix_len(&b);
	ret = parse(&b, &ext);
	ktap_check(ret == 0 && !strcmp(msgcopy, "after the cookie") &&
		   !ext.malformed,
		   "unknown TLVs are skipped");

	put_nlh(&b, NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	put_err(&b, -EINVAL, 60);
	put_attr(&b, NLMSGERR_ATTR_OFFS, "\x24\x00", 2);
	fix_len(&b);
	ret = parse(&b, &ext);
	ktap_check(ret == 0 && !ext.has_offset && ext.malformed,
		   "short NLMSGERR_ATTR_OFFS is rejected");
}

static void test_damaged_tlvs(void)
{
	struct nlattr nla;
	struct ovx_extack ext;
	struct buf b;
	int ret;

	/* A TLV claiming more bytes than the message has. */
	put_nlh(&b, NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	put_err(&b, -EINVAL, 36);
	nla.nla_len = 64;
	nla.nla_type = NLMSGERR_ATTR_MSG;
	put(&b, &nla, sizeof(nla));
	put(&b, "truncated", 10);
	pad(&b);
	fix_len(&b);
	ret = parse(&b, &ext);
	ktap_check(ret == 0 && ext.error == -EINVAL && !ext.msg &&
		   ext.malformed,
		   "truncated TLV: error kept, message dropped");

	/* A TLV header cut short at the end of the message. */
	put_nlh(&b, NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	put_err(&b, -EINVAL, 36);
	put_msg(&b, "first");
	put(&b, "\x08\x00", 2);
	fix_len(&b);
	ret = parse(&b, &ext);
	ktap_check(ret == 0 && !strcmp(msgcopy, "first") && ext.malformed,
		   "cut TLV header: earlier TLVs kept, malformed set");

	/* nla_len below the header size would loop forever if trusted. */
	put_nlh(&b, NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	put_err(&b, -EINVAL, 36);
	nla.nla_len = 2;
	nla.nla_type = NLMSGERR_ATTR_MSG;
	put(&b, &nla, sizeof(nla));
	put_msg(&b, "never reached");
	fix_len(&b);
	ret = parse(&b, &ext);
	ktap_check(ret == 0 && !ext.msg && ext.malformed,
		   "TLV with nla_len < 4 is rejected");

	/* A message string without its NUL: never read past the TLV. */
	put_nlh(&b, NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	put_err(&b, -EINVAL, 36);
	put_attr(&b, NLMSGERR_ATTR_MSG, "abcd", 4);
	fix_len(&b);
	ret = parse(&b, &ext);
	ktap_check(ret == 0 && ext.error == -EINVAL && !ext.msg &&
		   ext.malformed,
		   "non-terminated message string is rejected");

	put_nlh(&b, NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	put_err(&b, -EINVAL, 36);
	put_attr(&b, NLMSGERR_ATTR_MSG, "", 0);
	fix_len(&b);
	ret = parse(&b, &ext);
	ktap_check(ret == 0 && !ext.msg && ext.malformed,
		   "empty message TLV is rejected");

	/* The last TLV without its padding is fine. */
	put_nlh(&b, NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	put_err(&b, -EINVAL, 36);
	put_msg(&b, "no pad");		/* 7 bytes + 1 of padding */
	fix_len(&b);
	ret = parse_len(&b, b.len - 1, &ext);
	ktap_check(ret == 0 && !strcmp(msgcopy, "no pad") && !ext.malformed,
		   "last TLV without padding is accepted");
}

static void test_done(void)
{
	struct ovx_extack ext;
	struct buf b;
	int ret;

	put_nlh(&b, NLMSG_DONE, NLM_F_MULTI);
	put_u32(&b, 0);
	fix_len(&b);
	ret = parse(&b, &ext);
	ktap_check(ret == 0 && ext.error == 0 && !ext.msg && !ext.malformed,
		   "NLMSG_DONE of a good dump: error 0");

	put_nlh(&b, NLMSG_DONE, NLM_F_MULTI | NLM_F_ACK_TLVS);
	put_u32(&b, (uint32_t)-ENOENT);
	put_msg(&b, "switch vanished during the dump");
	fix_len(&b);
	ret = parse(&b, &ext);
	ktap_check(ret == 0 && ext.error == -ENOENT &&
		   !strcmp(msgcopy, "switch vanished during the dump"),
		   "NLMSG_DONE of a failed dump: error and message");

	put_nlh(&b, NLMSG_DONE, NLM_F_MULTI);
	fix_len(&b);
	ret = parse(&b, &ext);
	ktap_check(ret == -EBADMSG, "NLMSG_DONE without its error code: -EBADMSG");
}

static void test_bad_input(void)
{
	struct ovx_extack ext;
	struct buf b;
	int ret;

	put_nlh(&b, 0x20, 0);
	put_u32(&b, 0);
	fix_len(&b);
	ret = parse(&b, &ext);
	ktap_check(ret == -EINVAL, "other message types: -EINVAL");

	put_nlh(&b, NLMSG_ERROR, 0);
	fix_len(&b);
	ret = parse_len(&b, 10, &ext);
	ktap_check(ret == -EBADMSG, "buffer shorter than a header: -EBADMSG");

	put_nlh(&b, NLMSG_ERROR, NLM_F_CAPPED);
	put_u32(&b, (uint32_t)-EINVAL);
	fix_len(&b);
	ret = parse(&b, &ext);
	ktap_check(ret == -EBADMSG,
		   "error message without the request header: -EBADMSG");

	/* nlmsg_len beyond the buffer: only the buffer is read. */
	put_nlh(&b, NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	put_err(&b, -EINVAL, 36);
	put_msg(&b, "cut off by the buffer");
	fix_len(&b);
	ret = parse_len(&b, b.len - 8, &ext);
	ktap_check(ret == 0 && ext.error == -EINVAL && !ext.msg &&
		   ext.malformed,
		   "nlmsg_len is trusted only up to the buffer length");

	put_nlh(&b, NLMSG_ERROR, NLM_F_CAPPED);
	put_err(&b, 5, 36);
	fix_len(&b);
	ret = parse(&b, &ext);
	ktap_check(ret == 0 && ext.error == -EPROTO,
		   "positive error code is not taken as success");

	ret = ovx_extack_parse(NULL, 0, &ext);
	ktap_check(ret == -EBADMSG, "NULL buffer: -EBADMSG");
}

int main(void)
{
	ktap_init();
	test_ack();
	test_error_msg();
	test_uncapped();
	test_offset_and_missing();
	test_damaged_tlvs();
	test_done();
	test_bad_input();
	return ktap_finish();
}
