// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Policy-checked parsing of the attributes of replies and notifications,
 * getters that check presence and length before reading, and the putter
 * of addresses that requests share.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/genetlink.h>

#include "ovx_private.h"

int ovx_nl_parse(const struct nlmsghdr *nlh, struct nlattr **tb, int maxtype,
		 const struct nla_policy *policy)
{
	const size_t hdrlen = NLMSG_HDRLEN + GENL_HDRLEN;

	if (!policy)
		return -EINVAL;
	if (nlh->nlmsg_len < hdrlen)
		return -EBADMSG;
	/* nla_parse() does not write through the attributes. */
	if (nla_parse(tb, maxtype,
		      (struct nlattr *)((uintptr_t)nlh + hdrlen),
		      (int)(nlh->nlmsg_len - hdrlen), policy) < 0)
		return -EBADMSG;
	return 0;
}

int ovx_nl_parse_nested(struct nlattr **tb, int maxtype,
			const struct nlattr *nest,
			const struct nla_policy *policy)
{
	if (!policy)
		return -EINVAL;
	if (!nest)
		return -ENODATA;
	if (nla_parse_nested(tb, maxtype, (struct nlattr *)(uintptr_t)nest,
			     policy) < 0)
		return -EBADMSG;
	return 0;
}

static int get_exact(struct nlattr *const *tb, int type, void *out,
		     size_t len)
{
	const struct nlattr *nla = tb[type];

	if (!nla)
		return -ENODATA;
	if (nla_len(nla) < 0 || (size_t)nla_len(nla) != len)
		return -EBADMSG;
	memcpy(out, nla_data(nla), len);
	return 0;
}

int ovx_attr_u8(struct nlattr *const *tb, int type, uint8_t *out)
{
	return get_exact(tb, type, out, sizeof(*out));
}

int ovx_attr_u16(struct nlattr *const *tb, int type, uint16_t *out)
{
	return get_exact(tb, type, out, sizeof(*out));
}

int ovx_attr_u32(struct nlattr *const *tb, int type, uint32_t *out)
{
	return get_exact(tb, type, out, sizeof(*out));
}

int ovx_attr_u64(struct nlattr *const *tb, int type, uint64_t *out)
{
	return get_exact(tb, type, out, sizeof(*out));
}

int ovx_attr_uint(struct nlattr *const *tb, int type, uint64_t *out)
{
	uint32_t v32;
	int err;

	err = get_exact(tb, type, &v32, sizeof(v32));
	if (!err) {
		*out = v32;
		return 0;
	}
	if (err == -ENODATA)
		return err;
	return get_exact(tb, type, out, sizeof(*out));
}

/* A string NUL-terminated within @nla. */
static int nla_str(const struct nlattr *nla, const char **out)
{
	int len;

	if (!nla)
		return -ENODATA;
	len = nla_len(nla);
	if (len <= 0 || !memchr(nla_data(nla), '\0', (size_t)len))
		return -EBADMSG;
	*out = nla_data(nla);
	return 0;
}

int ovx_attr_str(struct nlattr *const *tb, int type, const char **out)
{
	return nla_str(tb[type], out);
}

int ovx_attr_bin(struct nlattr *const *tb, int type, void *out, size_t len)
{
	return get_exact(tb, type, out, len);
}

bool ovx_attr_flag(struct nlattr *const *tb, int type)
{
	return tb[type] != NULL;
}

int ovx_attr_name(struct nlattr *const *tb, int type, char *buf,
		  size_t size)
{
	return ovx_nla_name(tb[type], buf, size);
}

int ovx_nla_name(const struct nlattr *nla, char *buf, size_t size)
{
	const char *s;
	size_t len;
	int err;

	err = nla_str(nla, &s);
	if (err)
		return err;
	len = strlen(s);
	if (!len || len >= size)
		return -EBADMSG;
	memcpy(buf, s, len + 1);
	return 0;
}

int ovx_attr_ifindex(struct nlattr *const *tb, int type, int *out)
{
	uint32_t v;
	int err;

	err = ovx_attr_u32(tb, type, &v);
	if (err)
		return err;
	if (!v || v > INT_MAX)
		return -EBADMSG;
	*out = (int)v;
	return 0;
}

int ovx_attr_addr(struct nlattr *const *tb, int type4, int type6,
		  struct ovx_addr *out)
{
	memset(out, 0, sizeof(*out));
	if (tb[type4] && tb[type6])
		return -EBADMSG;
	if (tb[type4]) {
		out->family = AF_INET;
		return get_exact(tb, type4, &out->u.v4, sizeof(out->u.v4));
	}
	if (tb[type6]) {
		out->family = AF_INET6;
		return get_exact(tb, type6, &out->u.v6, sizeof(out->u.v6));
	}
	return -ENODATA;
}

int ovx_put_addr(struct nl_msg *msg, int type4, int type6,
		 const struct ovx_addr *addr)
{
	switch (addr->family) {
	case AF_INET:
		return nla_put(msg, type4, sizeof(addr->u.v4), &addr->u.v4) ?
		       -ENOMEM : 0;
	case AF_INET6:
		return nla_put(msg, type6, sizeof(addr->u.v6), &addr->u.v6) ?
		       -ENOMEM : 0;
	default:
		return -EAFNOSUPPORT;
	}
}

bool ovx_name_ok(const char *name, size_t size)
{
	return name && *name && strnlen(name, size) < size;
}
