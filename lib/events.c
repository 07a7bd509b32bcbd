// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Notifications: the family's multicast messages decoded into struct
 * ovx_event, with the same parsers as the replies of the objects.
 */
#include <errno.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/ovx.h>

#include "ovx_private.h"

_Static_assert((int)OVX_FDB_ADDED == (int)OVX_FDB_EVENT_ADDED &&
	       (int)OVX_FDB_LEARNED == (int)OVX_FDB_EVENT_LEARNED &&
	       (int)OVX_FDB_MOVED == (int)OVX_FDB_EVENT_MOVED &&
	       (int)OVX_FDB_AGED == (int)OVX_FDB_EVENT_AGED &&
	       (int)OVX_FDB_DELETED == (int)OVX_FDB_EVENT_DELETED,
	       "enum ovx_fdb_change must match the uapi enum ovx_fdb_event");
_Static_assert((int)OVX_NEIGH_ADDED == (int)OVX_NEIGH_EVENT_ADDED &&
	       (int)OVX_NEIGH_LEARNED == (int)OVX_NEIGH_EVENT_LEARNED &&
	       (int)OVX_NEIGH_MOVED == (int)OVX_NEIGH_EVENT_MOVED &&
	       (int)OVX_NEIGH_AGED == (int)OVX_NEIGH_EVENT_AGED &&
	       (int)OVX_NEIGH_DELETED == (int)OVX_NEIGH_EVENT_DELETED &&
	       (int)OVX_NEIGH_MISS == (int)OVX_NEIGH_EVENT_MISS,
	       "enum ovx_neigh_change must match the uapi enum ovx_neigh_event");

int ovx_event_parse(const struct nlmsghdr *nlh, struct ovx_event_buf *buf)
{
	struct ovx_event *ev = &buf->ev;
	struct genlmsghdr genl;
	uint32_t change;

	memset(ev, 0, sizeof(*ev));
	ev->size = sizeof(*ev);
	if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN)
		return -EBADMSG;
	memcpy(&genl, NLMSG_DATA(nlh), sizeof(genl));

	switch (genl.cmd) {
	case OVX_CMD_FDB_NTF:
		if (ovx_fdb_parse(nlh, &buf->fdb, &change) ||
		    change > INT32_MAX)
			return -EBADMSG;
		ev->fdb = &buf->fdb;
		ev->kind = OVX_EVENT_FDB;
		/* Kept as sent: a newer kernel may know more events. */
		ev->fdb_change = (enum ovx_fdb_change)change;
		return 0;
	case OVX_CMD_PORT_ADD_NTF:
	case OVX_CMD_PORT_DEL_NTF:
		if (ovx_port_parse(nlh, &buf->port))
			return -EBADMSG;
		ev->port = &buf->port;
		ev->kind = genl.cmd == OVX_CMD_PORT_ADD_NTF ?
			   OVX_EVENT_PORT_ADDED : OVX_EVENT_PORT_REMOVED;
		return 0;
	case OVX_CMD_NEIGH_NTF:
		if (ovx_neigh_parse(nlh, &buf->neigh, &change) ||
		    change > INT32_MAX)
			return -EBADMSG;
		ev->neigh = &buf->neigh;
		ev->kind = OVX_EVENT_NEIGH;
		ev->neigh_change = (enum ovx_neigh_change)change;
		return 0;
	case OVX_CMD_NET_NTF:
	case OVX_CMD_NET_DEL_NTF:
		if (ovx_net_parse(nlh, &buf->net))
			return -EBADMSG;
		ev->net = &buf->net;
		ev->kind = genl.cmd == OVX_CMD_NET_NTF ? OVX_EVENT_NET_CHANGED :
							 OVX_EVENT_NET_REMOVED;
		return 0;
	default:
		return -ENOMSG;
	}
}

struct recv_state {
	int (*cb)(const struct ovx_event *ev, void *arg);
	void *arg;
	int bad;		/* -EBADMSG once a notification was malformed */
};

static int on_message(const struct nlmsghdr *nlh, void *arg)
{
	struct recv_state *st = arg;
	struct ovx_event_buf buf;
	int err;

	err = ovx_event_parse(nlh, &buf);
	if (err == -ENOMSG)
		return 0;
	if (err) {
		/* Skip it, but deliver the rest of the datagram. */
		st->bad = err;
		return 0;
	}
	err = st->cb(&buf.ev, st->arg);
	return err < 0 ? err : 0;
}

OVX_EXPORT int ovx_events_recv(struct ovx_ctx *ctx,
			       int (*cb)(const struct ovx_event *ev,
					 void *arg),
			       void *arg)
{
	struct recv_state st = { .cb = cb, .arg = arg };
	int err;

	if (!ctx || !cb)
		return -EINVAL;
	err = ovx_nl_events_recv(ctx, on_message, &st);
	if (err)
		return err;
	return st.bad;
}
