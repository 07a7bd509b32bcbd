// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Decoding of netlink error, ACK and done messages with their extended
 * ACK TLVs.  libnl hands error callbacks only the struct nlmsgerr, so we
 * parse the TLVs ourselves.  Pure functions on a buffer: no socket here.
 */
#include <errno.h>
#include <string.h>

#include "ovx_private.h"

/*
 * The buffer may come from a test and be unaligned, so every field is
 * copied out with memcpy() instead of being read through a cast pointer.
 */
static uint16_t get_u16(const unsigned char *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint32_t get_u32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void parse_tlvs(const unsigned char *p, size_t rem,
		       struct ovx_extack *ext)
{
	while (rem > 0) {
		uint16_t nla_len, type;
		size_t plen, step;
		const unsigned char *data;

		if (rem < NLA_HDRLEN)
			goto bad;
		nla_len = get_u16(p);
		type = get_u16(p + 2) & NLA_TYPE_MASK;
		if (nla_len < NLA_HDRLEN || nla_len > rem)
			goto bad;
		data = p + NLA_HDRLEN;
		plen = nla_len - NLA_HDRLEN;

		switch (type) {
		case NLMSGERR_ATTR_MSG:
			/* The kernel sends the NUL; never run past the TLV. */
			if (plen == 0 || !memchr(data, '\0', plen))
				goto bad;
			ext->msg = (const char *)data;
			break;
		case NLMSGERR_ATTR_OFFS:
			if (plen < sizeof(uint32_t))
				goto bad;
			ext->offset = get_u32(data);
			ext->has_offset = true;
			break;
		case NLMSGERR_ATTR_MISS_TYPE:
			if (plen < sizeof(uint32_t))
				goto bad;
			ext->miss_type = get_u32(data);
			ext->has_miss_type = true;
			break;
		case NLMSGERR_ATTR_MISS_NEST:
			if (plen < sizeof(uint32_t))
				goto bad;
			ext->miss_nest = get_u32(data);
			ext->has_miss_nest = true;
			break;
		default:
			/* COOKIE, POLICY and whatever newer kernels add. */
			break;
		}

		/* The last TLV may lack its padding. */
		step = NLA_ALIGN((size_t)nla_len);
		if (step >= rem)
			return;
		p += step;
		rem -= step;
	}
	return;
bad:
	ext->malformed = true;
}

int ovx_extack_parse(const void *buf, size_t len, struct ovx_extack *ext)
{
	const unsigned char *p = buf;
	struct nlmsghdr nlh;
	size_t msglen, tlv_off;
	int32_t error;

	memset(ext, 0, sizeof(*ext));

	if (!buf || len < NLMSG_HDRLEN)
		return -EBADMSG;
	memcpy(&nlh, p, sizeof(nlh));
	if (nlh.nlmsg_len < NLMSG_HDRLEN)
		return -EBADMSG;
	msglen = nlh.nlmsg_len < len ? nlh.nlmsg_len : len;

	switch (nlh.nlmsg_type) {
	case NLMSG_ERROR: {
		struct nlmsghdr orig;

		/*
		 * The error code and the header of the request are always
		 * there; the rest of the request only without
		 * NETLINK_CAP_ACK (and never in an ACK).
		 */
		if (msglen < NLMSG_HDRLEN + sizeof(struct nlmsgerr))
			return -EBADMSG;
		memcpy(&orig, p + NLMSG_HDRLEN + sizeof(int32_t),
		       sizeof(orig));
		if (nlh.nlmsg_flags & NLM_F_CAPPED)
			tlv_off = NLMSG_HDRLEN +
				  NLMSG_ALIGN(sizeof(struct nlmsgerr));
		else
			tlv_off = NLMSG_HDRLEN + sizeof(int32_t) +
				  NLMSG_ALIGN((size_t)orig.nlmsg_len);
		break;
	}
	case NLMSG_DONE:
		if (msglen < NLMSG_HDRLEN + sizeof(int32_t))
			return -EBADMSG;
		tlv_off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(int32_t));
		break;
	default:
		return -EINVAL;
	}

	memcpy(&error, p + NLMSG_HDRLEN, sizeof(error));
	/* A positive value would read as success: never let it. */
	ext->error = error <= 0 ? error : -EPROTO;

	if (!(nlh.nlmsg_flags & NLM_F_ACK_TLVS))
		return 0;
	if (tlv_off > msglen) {
		ext->malformed = true;
		return 0;
	}
	parse_tlvs(p + tlv_off, msglen - tlv_off, ext);
	return 0;
}
