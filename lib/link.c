// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Network devices by name: the ovx family takes interface indexes, users
 * give names; rtnetlink translates.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/rtnetlink.h>

#include "ovx_private.h"

/* The answer to RTM_GETLINK: we need only its struct ifinfomsg. */
static int parse_link(const struct nlmsghdr *nlh, void *arg)
{
	struct ifinfomsg ifi;
	int *ifindex = arg;

	if (nlh->nlmsg_type != RTM_NEWLINK ||
	    nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(ifi))
		return -EBADMSG;
	memcpy(&ifi, NLMSG_DATA(nlh), sizeof(ifi));
	if (ifi.ifi_index <= 0)
		return -EBADMSG;
	*ifindex = ifi.ifi_index;
	return 0;
}

OVX_EXPORT int ovx_ifindex(struct ovx_ctx *ctx, const char *ifname)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct nl_msg *msg;
	int err, ifindex = 0;

	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	if (!ovx_name_ok(ifname, OVX_IFNAMSIZ))
		return -EINVAL;
	msg = ovx_nl_route_msg(RTM_GETLINK, 0, &ifi, sizeof(ifi));
	if (msg && nla_put_string(msg, IFLA_IFNAME, ifname)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	err = ovx_nl_route_request(ctx, msg, sizeof(ifi), parse_link,
				   &ifindex);
	if (err)
		return err;
	if (!ifindex)
		return -EPROTO;		/* ACKed without an answer */
	return ifindex;
}
