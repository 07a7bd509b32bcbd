// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Unit tests of events.c: notifications decoded from hand-built messages
 * (msg.h), and ovx_events_recv() end to end.  For the latter a context
 * of the "nlctrl" family stands in for the ovx one: it subscribes to
 * nlctrl's group, and the test sends ovx notifications to its socket
 * from another one, with nlctrl's family id as their type.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/genetlink.h>

#include "msg.h"
#include "ktap.h"

static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

static void put_port(struct nl_msg *msg)
{
	nla_put_u32(msg, OVX_A_PORT_IFINDEX, 12);
	nla_put_string(msg, OVX_A_PORT_IFNAME, "tap0");
	nla_put_string(msg, OVX_A_PORT_NET, "blue");
	nla_put_u32(msg, OVX_A_PORT_VNI, 100);
	nla_put_u32(msg, OVX_A_PORT_SWITCH_IFINDEX, 7);
	nla_put_u32(msg, OVX_A_PORT_ID, 1);
}

/* An FDB notification; @event < 0 leaves the event attribute out. */
static void put_fdb(struct nl_msg *msg, int64_t event)
{
	uint32_t p4 = htonl(0xc0000202);

	nla_put_string(msg, OVX_A_FDB_NET, "blue");
	nla_put_u32(msg, OVX_A_FDB_VNI, 100);
	nla_put(msg, OVX_A_FDB_MAC, 6, mac);
	nla_put(msg, OVX_A_FDB_PEER4, 4, &p4);
	nla_put_u32(msg, OVX_A_FDB_FLAGS, 0);
	nla_put_u32(msg, OVX_A_FDB_AGE, 0);
	if (event >= 0)
		nla_put_u32(msg, OVX_A_FDB_EVENT, (uint32_t)event);
}

static struct nlmsghdr *fdb_ntf(int64_t event)
{
	struct nl_msg *msg = test_msg(OVX_CMD_FDB_NTF);

	put_fdb(msg, event);
	return test_copy_out(msg);
}

static struct nlmsghdr *port_ntf(uint8_t cmd)
{
	struct nl_msg *msg = test_msg(cmd);

	put_port(msg);
	return test_copy_out(msg);
}

/*
 * A neigh notification of 10.0.0.5; @event < 0 leaves the event out,
 * !@bound leaves the lladdr and the destination out (a miss).
 */
static struct nlmsghdr *neigh_ntf(int64_t event, bool bound)
{
	struct nl_msg *msg = test_msg(OVX_CMD_NEIGH_NTF);
	uint32_t a4 = htonl(0x0a000005), p4 = htonl(0xc0000202);

	nla_put_string(msg, OVX_A_NEIGH_NET, "blue");
	nla_put_u32(msg, OVX_A_NEIGH_VNI, 100);
	nla_put(msg, OVX_A_NEIGH_ADDR4, 4, &a4);
	if (bound) {
		nla_put(msg, OVX_A_NEIGH_LLADDR, 6, mac);
		nla_put(msg, OVX_A_NEIGH_PEER4, 4, &p4);
	}
	if (event >= 0)
		nla_put_u32(msg, OVX_A_NEIGH_EVENT, (uint32_t)event);
	return test_copy_out(msg);
}

static const struct {
	uint32_t uapi;
	enum ovx_neigh_change change;
	const char *name;
} neigh_changes[] = {
	{ OVX_NEIGH_EVENT_ADDED, OVX_NEIGH_ADDED, "added" },
	{ OVX_NEIGH_EVENT_LEARNED, OVX_NEIGH_LEARNED, "learned" },
	{ OVX_NEIGH_EVENT_MOVED, OVX_NEIGH_MOVED, "moved" },
	{ OVX_NEIGH_EVENT_AGED, OVX_NEIGH_AGED, "aged" },
	{ OVX_NEIGH_EVENT_DELETED, OVX_NEIGH_DELETED, "deleted" },
	{ OVX_NEIGH_EVENT_MISS, OVX_NEIGH_MISS, "miss" },
};

static void test_parse(void)
{
	static const struct {
		uint32_t uapi;
		enum ovx_fdb_change change;
		const char *name;
	} changes[] = {
		{ OVX_FDB_EVENT_ADDED, OVX_FDB_ADDED, "added" },
		{ OVX_FDB_EVENT_LEARNED, OVX_FDB_LEARNED, "learned" },
		{ OVX_FDB_EVENT_MOVED, OVX_FDB_MOVED, "moved" },
		{ OVX_FDB_EVENT_AGED, OVX_FDB_AGED, "aged" },
		{ OVX_FDB_EVENT_DELETED, OVX_FDB_DELETED, "deleted" },
	};
	struct nlmsghdr *nlh;
	struct ovx_event_buf buf;
	const struct ovx_event *ev = &buf.ev;
	size_t i;
	int ret;

	for (i = 0; i < sizeof(changes) / sizeof(changes[0]); i++) {
		nlh = fdb_ntf(changes[i].uapi);
		ret = ovx_event_parse(nlh, &buf);
		ktap_check(ret == 0 && ev->kind == OVX_EVENT_FDB &&
			   ev->size == sizeof(*ev) && ev->fdb &&
			   ev->fdb->size == sizeof(*ev->fdb) &&
			   ev->fdb_change == changes[i].change &&
			   !strcmp(ev->fdb->net, "blue") && ev->fdb->vni == 100 &&
			   !memcmp(ev->fdb->mac, mac, 6) &&
			   ev->fdb->peer.family == AF_INET && !ev->port,
			   "fdb %s notification: kind, change and entry",
			   changes[i].name);
		free(nlh);
	}

	nlh = fdb_ntf(9);
	ret = ovx_event_parse(nlh, &buf);
	ktap_check(ret == 0 && ev->kind == OVX_EVENT_FDB &&
		   (int)ev->fdb_change == 9,
		   "an FDB event unknown to the library is kept as sent");
	free(nlh);

	nlh = fdb_ntf(-1);
	ret = ovx_event_parse(nlh, &buf);
	ktap_check(ret == -EBADMSG, "FDB notification without its event: -EBADMSG");
	free(nlh);

	nlh = fdb_ntf(0x80000000U);
	ret = ovx_event_parse(nlh, &buf);
	ktap_check(ret == -EBADMSG, "FDB event above INT_MAX: -EBADMSG");
	free(nlh);

	nlh = port_ntf(OVX_CMD_PORT_ADD_NTF);
	ret = ovx_event_parse(nlh, &buf);
	ktap_check(ret == 0 && ev->kind == OVX_EVENT_PORT_ADDED && ev->port &&
		   ev->port->size == sizeof(*ev->port) &&
		   ev->port->ifindex == 12 && !strcmp(ev->port->name, "tap0") &&
		   !strcmp(ev->port->net, "blue") && ev->port->vni == 100 &&
		   !ev->fdb,
		   "port-add notification: PORT_ADDED with the port");
	free(nlh);

	nlh = port_ntf(OVX_CMD_PORT_DEL_NTF);
	ret = ovx_event_parse(nlh, &buf);
	ktap_check(ret == 0 && ev->kind == OVX_EVENT_PORT_REMOVED &&
		   ev->port && ev->port->ifindex == 12,
		   "port-del notification: PORT_REMOVED with the port");
	free(nlh);

	for (i = 0; i < sizeof(neigh_changes) / sizeof(neigh_changes[0]);
	     i++) {
		nlh = neigh_ntf(neigh_changes[i].uapi, true);
		ret = ovx_event_parse(nlh, &buf);
		ktap_check(ret == 0 && ev->kind == OVX_EVENT_NEIGH &&
			   ev->neigh && ev->neigh->size == sizeof(*ev->neigh) &&
			   ev->neigh_change == neigh_changes[i].change &&
			   !strcmp(ev->neigh->net, "blue") &&
			   ev->neigh->addr.family == AF_INET &&
			   ev->neigh->addr.u.v4.s_addr == htonl(0x0a000005) &&
			   !memcmp(ev->neigh->lladdr, mac, 6) &&
			   ev->neigh->peer.family == AF_INET &&
			   !ev->fdb && !ev->port,
			   "neigh %s notification: kind, change and binding",
			   neigh_changes[i].name);
		free(nlh);
	}

	nlh = neigh_ntf(OVX_NEIGH_EVENT_MISS, false);
	ret = ovx_event_parse(nlh, &buf);
	ktap_check(ret == 0 && ev->kind == OVX_EVENT_NEIGH &&
		   ev->neigh_change == OVX_NEIGH_MISS &&
		   ev->neigh->peer.family == AF_UNSPEC &&
		   !ev->neigh->port_ifindex,
		   "neigh miss: the address only");
	free(nlh);

	nlh = neigh_ntf(OVX_NEIGH_EVENT_ADDED, false);
	ret = ovx_event_parse(nlh, &buf);
	ktap_check(ret == -EBADMSG,
		   "neigh added without lladdr nor destination: -EBADMSG");
	free(nlh);

	nlh = neigh_ntf(0x80000000U, true);
	ret = ovx_event_parse(nlh, &buf);
	ktap_check(ret == -EBADMSG, "neigh event above INT_MAX: -EBADMSG");
	free(nlh);

	nlh = neigh_ntf(-1, true);
	ret = ovx_event_parse(nlh, &buf);
	ktap_check(ret == -EBADMSG,
		   "neigh notification without its event: -EBADMSG");
	free(nlh);

	nlh = port_ntf(OVX_CMD_PORT_GET);
	ret = ovx_event_parse(nlh, &buf);
	ktap_check(ret == -ENOMSG, "a reply command is no notification: -ENOMSG");
	free(nlh);

	nlh = port_ntf(OVX_CMD_MAX + 1);
	ret = ovx_event_parse(nlh, &buf);
	ktap_check(ret == -ENOMSG, "an unknown command: -ENOMSG");
	free(nlh);

	/* Port attributes under the FDB command, and the other way round. */
	nlh = port_ntf(OVX_CMD_FDB_NTF);
	ret = ovx_event_parse(nlh, &buf);
	ktap_check(ret == -EBADMSG, "FDB notification with port attributes: -EBADMSG");
	free(nlh);
	{
		struct nl_msg *msg = test_msg(OVX_CMD_PORT_ADD_NTF);

		put_fdb(msg, 1);
		nlh = test_copy_out(msg);
	}
	ret = ovx_event_parse(nlh, &buf);
	ktap_check(ret == -EBADMSG, "port notification with FDB attributes: -EBADMSG");
	free(nlh);

	nlh = port_ntf(OVX_CMD_PORT_ADD_NTF);
	nlh->nlmsg_len = NLMSG_HDRLEN + 2;
	ret = ovx_event_parse(nlh, &buf);
	ktap_check(ret == -EBADMSG, "message shorter than the genl header: -EBADMSG");
	free(nlh);
}

/* What the callback of ovx_events_recv() saw. */
struct seen {
	int count;
	struct ovx_event last;	/* its pointers cleared: valid in the call only */
	uint8_t last_mac[6];
	int fail_with;
};

static int on_event(const struct ovx_event *ev, void *arg)
{
	struct seen *s = arg;

	s->count++;
	s->last = *ev;
	s->last.fdb = NULL;
	s->last.port = NULL;
	s->last.neigh = NULL;
	if (ev->fdb)
		memcpy(s->last_mac, ev->fdb->mac, 6);
	return s->fail_with;
}

/*
 * Sends the messages @nlhs (ending with NULL) in one datagram to the
 * socket @to_fd, with @type as their netlink type.
 */
static int inject(int to_fd, uint16_t type, struct nlmsghdr **nlhs)
{
	struct sockaddr_nl to = { .nl_family = AF_NETLINK };
	socklen_t alen = sizeof(to);
	char buf[4096];
	size_t len = 0;
	int fd, ret, i;

	for (i = 0; nlhs[i]; i++) {
		size_t n = NLMSG_ALIGN(nlhs[i]->nlmsg_len);

		if (len + n > sizeof(buf))
			abort();
		memset(buf + len, 0, n);
		memcpy(buf + len, nlhs[i], nlhs[i]->nlmsg_len);
		((struct nlmsghdr *)(buf + len))->nlmsg_type = type;
		((struct nlmsghdr *)(buf + len))->nlmsg_seq = 0;
		len += n;
	}
	if (getsockname(to_fd, (struct sockaddr *)&to, &alen) < 0)
		return -errno;
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0)
		return -errno;
	ret = sendto(fd, buf, len, 0, (struct sockaddr *)&to, sizeof(to));
	ret = ret < 0 ? -errno : 0;
	close(fd);
	return ret;
}

static void free_all(struct nlmsghdr **nlhs)
{
	int i;

	for (i = 0; nlhs[i]; i++)
		free(nlhs[i]);
}

static void test_recv(void)
{
	struct seen seen = { 0 };
	struct nlmsghdr *nlhs[4] = { NULL };
	struct ovx_ctx *ctx;
	int fd, fl, err;

	ktap_check(ovx_events_recv(NULL, on_event, NULL) == -EINVAL,
		   "ovx_events_recv(NULL) is -EINVAL");
	if (ovx_nl_open_family(&ctx, "nlctrl", 2)) {
		ktap_skip("no generic netlink here", "events are received");
		return;
	}
	ktap_check(ovx_events_recv(ctx, on_event, &seen) == -ENOTCONN &&
		   ovx_events_recv(ctx, NULL, NULL) == -EINVAL,
		   "not subscribed: -ENOTCONN; no callback: -EINVAL");
	if (ovx_subscribe(ctx, "notify") || (fd = ovx_events_fd(ctx)) < 0) {
		ktap_skip("cannot subscribe", "events are received");
		ovx_close(ctx);
		return;
	}

	fl = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	err = ovx_events_recv(ctx, on_event, &seen);
	ktap_check(err == -EAGAIN && seen.count == 0,
		   "non-blocking descriptor, nothing pending: -EAGAIN (%d)", err);
	fcntl(fd, F_SETFL, fl);

	/* A good one, an unknown command, a malformed one, a good one. */
	nlhs[0] = fdb_ntf(OVX_FDB_EVENT_LEARNED);
	nlhs[1] = port_ntf(OVX_CMD_PORT_GET);
	nlhs[2] = NULL;
	err = inject(fd, GENL_ID_CTRL, nlhs);
	free_all(nlhs);
	if (err) {
		ktap_skip("cannot send to the socket", "events are received");
		ovx_close(ctx);
		return;
	}
	err = ovx_events_recv(ctx, on_event, &seen);
	ktap_check(err == 0 && seen.count == 1 &&
		   seen.last.kind == OVX_EVENT_FDB &&
		   seen.last.fdb_change == OVX_FDB_LEARNED &&
		   !memcmp(seen.last_mac, mac, 6),
		   "an FDB notification is delivered, an unknown command skipped");

	seen.count = 0;
	nlhs[0] = fdb_ntf(-1);
	nlhs[1] = port_ntf(OVX_CMD_PORT_DEL_NTF);
	err = inject(fd, GENL_ID_CTRL, nlhs);
	free_all(nlhs);
	if (!err)
		err = ovx_events_recv(ctx, on_event, &seen);
	ktap_check(err == -EBADMSG && seen.count == 1 &&
		   seen.last.kind == OVX_EVENT_PORT_REMOVED,
		   "a malformed notification: -EBADMSG, the next one still delivered (%d)",
		   err);

	seen.count = 0;
	nlhs[0] = port_ntf(OVX_CMD_PORT_ADD_NTF);
	nlhs[1] = NULL;
	err = inject(fd, GENL_ID_CTRL + 500, nlhs);
	if (!err)
		err = inject(fd, GENL_ID_CTRL, nlhs);
	free_all(nlhs);
	if (!err)
		err = ovx_events_recv(ctx, on_event, &seen);
	if (!err && !seen.count)	/* one datagram at a time */
		err = ovx_events_recv(ctx, on_event, &seen);
	ktap_check(err == 0 && seen.count == 1 &&
		   seen.last.kind == OVX_EVENT_PORT_ADDED,
		   "messages of another family are skipped");

	seen.count = 0;
	seen.fail_with = -ECANCELED;
	nlhs[0] = port_ntf(OVX_CMD_PORT_ADD_NTF);
	nlhs[1] = port_ntf(OVX_CMD_PORT_DEL_NTF);
	err = inject(fd, GENL_ID_CTRL, nlhs);
	free_all(nlhs);
	if (!err)
		err = ovx_events_recv(ctx, on_event, &seen);
	ktap_check(err == -ECANCELED && seen.count == 1,
		   "the callback's error stops the datagram and is returned");
	ovx_close(ctx);
}

int main(void)
{
	ktap_init();
	test_parse();
	test_recv();
	return ktap_finish();
}
