// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Tests of the transport in nl.c against the kernel.  The ovx module is
 * not needed: the requests go to the generic netlink controller
 * ("nlctrl"), which every kernel has, and to rtnetlink, so the request
 * paths, dumps, kernel errors with extack, parse failures and
 * subscriptions are all exercised.  Nothing is created.
 * Everything is skipped when no generic netlink socket can be opened.
 */
#define _GNU_SOURCE		/* unshare() */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/if_tun.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netlink/genl/genl.h>

#include "ovx_private.h"
#include "ktap.h"

static const struct nla_policy ctrl_policy[CTRL_ATTR_MAX + 1] = {
	[CTRL_ATTR_FAMILY_ID]	 = { .type = NLA_U16 },
	[CTRL_ATTR_FAMILY_NAME]	 = { .type = NLA_STRING,
				     .maxlen = GENL_NAMSIZ },
	[CTRL_ATTR_VERSION]	 = { .type = NLA_U32 },
	[CTRL_ATTR_MCAST_GROUPS] = { .type = NLA_NESTED },
};

struct families {
	int count;
	bool saw_nlctrl;
	uint16_t nlctrl_id;
	int fail_with;		/* make the parser fail with this */
};

static int parse_family(const struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1];
	struct families *f = arg;
	const char *name;
	uint16_t id;
	int err;

	f->count++;
	if (f->fail_with)
		return f->fail_with;
	err = ovx_nl_parse(nlh, tb, CTRL_ATTR_MAX, ctrl_policy);
	if (err)
		return err;
	err = ovx_attr_str(tb, CTRL_ATTR_FAMILY_NAME, &name);
	if (!err)
		err = ovx_attr_u16(tb, CTRL_ATTR_FAMILY_ID, &id);
	if (err)
		return err;
	if (!strcmp(name, "nlctrl")) {
		f->saw_nlctrl = true;
		f->nlctrl_id = id;
	}
	return 0;
}

static void test_null_safety(void)
{
	ovx_close(NULL);
	ktap_check(!ovx_errmsg(NULL) && ovx_err_offset(NULL) == -1 &&
		   ovx_err_attr(NULL) == -1 && ovx_err_missing_attr(NULL) == -1,
		   "error accessors accept NULL");
	ktap_check(ovx_events_fd(NULL) == -ENOTCONN,
		   "ovx_events_fd(NULL) is -ENOTCONN");
	ktap_check(ovx_subscribe(NULL, NULL) == -EINVAL,
		   "ovx_subscribe(NULL) is -EINVAL");
	ktap_check(ovx_lib_version() && !strcmp(ovx_lib_version(), OVX_LIB_VERSION),
		   "ovx_lib_version() is %s", OVX_LIB_VERSION);
}

static void test_open(void)
{
	struct ovx_ctx *ctx = (struct ovx_ctx *)&ctx;
	int err;

	err = ovx_open(&ctx);
	ktap_check((err == 0 && ctx) || (err == -EPROTONOSUPPORT && !ctx),
		   "ovx_open: 0, or -EPROTONOSUPPORT and NULL without the module (got %d)",
		   err);
	ktap_diag("the ovx module is %s", err ? "not loaded" : "loaded");
	ovx_close(ctx);

	ctx = (struct ovx_ctx *)&ctx;
	err = ovx_nl_open_family(&ctx, "ovxnosuch", 1);
	ktap_check(err == -EPROTONOSUPPORT && !ctx,
		   "unregistered family: -EPROTONOSUPPORT and NULL (got %d)",
		   err);

	err = ovx_nl_open_family(&ctx, "a-family-name-too-long", 1);
	ktap_check(err == -EINVAL && !ctx,
		   "family name longer than GENL_NAMSIZ: -EINVAL (got %d)", err);
}

static void test_requests(struct ovx_ctx *ctx)
{
	struct families f = { 0 };
	struct nl_msg *msg;
	int err;

	msg = ovx_nl_msg(ctx, CTRL_CMD_GETFAMILY, NLM_F_DUMP);
	err = ovx_nl_request(ctx, msg, parse_family, &f);
	ktap_check(err == 0 && f.count > 1 && f.saw_nlctrl &&
		   f.nlctrl_id == GENL_ID_CTRL,
		   "dump of all families parses every entry (%d, err %d)",
		   f.count, err);

	memset(&f, 0, sizeof(f));
	msg = ovx_nl_msg(ctx, CTRL_CMD_GETFAMILY, 0);
	nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, "nlctrl");
	err = ovx_nl_request(ctx, msg, parse_family, &f);
	ktap_check(err == 0 && f.count == 1 && f.saw_nlctrl && !ovx_errmsg(ctx),
		   "do request: one reply, then the ACK");

	msg = ovx_nl_msg(ctx, CTRL_CMD_GETFAMILY, 0);
	nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, "ovxnosuch");
	err = ovx_nl_request(ctx, msg, NULL, NULL);
	ktap_check(err == -ENOENT, "kernel errno comes back as is (-ENOENT, got %d)",
		   err);

	/* A u8 where the policy wants a u16: the kernel names the attribute. */
	msg = ovx_nl_msg(ctx, CTRL_CMD_GETFAMILY, 0);
	nla_put_u8(msg, CTRL_ATTR_FAMILY_ID, 3);
	err = ovx_nl_request(ctx, msg, NULL, NULL);
	ktap_check(err < 0 && ovx_errmsg(ctx) && *ovx_errmsg(ctx),
		   "policy violation: errno and extack message (%d, \"%s\")",
		   err, ovx_errmsg(ctx) ? ovx_errmsg(ctx) : "<none>");
	ktap_check(ovx_err_offset(ctx) == NLMSG_HDRLEN + GENL_HDRLEN &&
		   ovx_err_attr(ctx) == CTRL_ATTR_FAMILY_ID,
		   "policy violation: offset %d names attribute %d",
		   ovx_err_offset(ctx), ovx_err_attr(ctx));

	msg = ovx_nl_msg(ctx, CTRL_CMD_GETFAMILY, 0);
	nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, "nlctrl");
	err = ovx_nl_request(ctx, msg, NULL, NULL);
	ktap_check(err == 0 && !ovx_errmsg(ctx) && ovx_err_offset(ctx) == -1 &&
		   ovx_err_attr(ctx) == -1,
		   "a successful request clears the previous extack");

	/* A failing parser aborts the request but the dump is drained. */
	memset(&f, 0, sizeof(f));
	f.fail_with = -ECANCELED;
	msg = ovx_nl_msg(ctx, CTRL_CMD_GETFAMILY, NLM_F_DUMP);
	err = ovx_nl_request(ctx, msg, parse_family, &f);
	ktap_check(err == -ECANCELED && f.count == 1,
		   "parse error is returned and later replies are not parsed (%d, %d)",
		   err, f.count);
	memset(&f, 0, sizeof(f));
	msg = ovx_nl_msg(ctx, CTRL_CMD_GETFAMILY, NLM_F_DUMP);
	err = ovx_nl_request(ctx, msg, parse_family, &f);
	ktap_check(err == 0 && f.saw_nlctrl,
		   "the next request after a parse error works");

	/* A dump whose start fails answers with NLMSG_ERROR. */
	msg = ovx_nl_msg(ctx, CTRL_CMD_GETPOLICY, NLM_F_DUMP);
	nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, "ovxnosuch");
	err = ovx_nl_request(ctx, msg, NULL, NULL);
	ktap_check(err == -ENOENT, "dump refused at its start: -ENOENT (got %d)",
		   err);

	/* Many replies, over several datagrams. */
	msg = ovx_nl_msg(ctx, CTRL_CMD_GETPOLICY, NLM_F_DUMP);
	nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, "nlctrl");
	err = ovx_nl_request(ctx, msg, NULL, NULL);
	ktap_check(err == 0, "multi-part dump completes");

	ktap_check(ovx_nl_request(ctx, NULL, NULL, NULL) == -ENOMEM,
		   "NULL message (failed allocation): -ENOMEM");

	msg = ovx_nl_msg(ctx, 250, 0);
	err = ovx_nl_request(ctx, msg, NULL, NULL);
	ktap_check(err == -EOPNOTSUPP, "unknown command: -EOPNOTSUPP (got %d)",
		   err);
}

/* A GETFAMILY request of a batch: @ok names a family, else none. */
static int queue_getfamily(struct ovx_ctx *ctx, bool ok, size_t i)
{
	struct nl_msg *msg = ovx_nl_msg(ctx, CTRL_CMD_GETFAMILY, 0);
	char name[GENL_NAMSIZ];

	snprintf(name, sizeof(name), "ovxnosuch%zu", i);
	if (msg)
		nla_put_string(msg, CTRL_ATTR_FAMILY_NAME,
			       ok ? "nlctrl" : name);
	return ovx_nl_request(ctx, msg, NULL, NULL);
}

/*
 * Batches, against nlctrl: GETFAMILY of an existing family answers with a
 * message and, un-ACKed, nothing else; of an unknown one with -ENOENT,
 * which the batch must match to its request by sequence number.
 */
static void test_batch(struct ovx_ctx *ctx)
{
	const size_t n = 3000, bad = 2345;
	struct families f = { 0 };
	size_t i, failed = 99, queued_err = 0, done = 0;
	struct nl_msg *msg;
	int err;

	ktap_check(ovx_batch_end(ctx, &failed) == -EINVAL,
		   "batch end without a batch: -EINVAL");
	ktap_check(ovx_batch_begin(ctx) == 0 && ovx_batch_begin(ctx) == -EBUSY,
		   "batch begin, twice: -EBUSY");
	for (i = 0; i < n; i++)
		queued_err |= (size_t)-queue_getfamily(ctx, true, i);
	ktap_check(!queued_err, "%zu requests queued, each returning 0", n);
	/* A request with an answer to parse is sent at once, in a batch. */
	msg = ovx_nl_msg(ctx, CTRL_CMD_GETFAMILY, 0);
	nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, "nlctrl");
	err = ovx_nl_request(ctx, msg, parse_family, &f);
	ktap_check(err == 0 && f.count == 1,
		   "a request with a parser is not queued (err %d)", err);
	err = ovx_batch_end(ctx, &failed);
	for (i = 0; i < n; i++)
		done += ovx_batch_done(ctx, i);
	ktap_check(err == 0 && done == n && !ovx_batch_done(ctx, n),
		   "a batch of %zu succeeds, every request done (err %d, %zu done)",
		   n, err, done);

	ktap_check(ovx_batch_begin(ctx) == 0, "second batch");
	for (i = 0; i < n; i++)
		queue_getfamily(ctx, i != bad && i != bad + 1, i);
	err = ovx_batch_end(ctx, &failed);
	ktap_check(err == -ENOENT && failed == bad,
		   "the first failure and its index (%d at %zu, want -ENOENT at %zu)",
		   err, failed, bad);

	ktap_check(ovx_batch_done(ctx, 0) && ovx_batch_done(ctx, bad - 1) &&
		   !ovx_batch_done(ctx, bad) && !ovx_batch_done(ctx, bad + 1) &&
		   !ovx_batch_done(ctx, n - 1),
		   "done: before the failure yes, the failures no, later sends not sent");

	/* A policy violation carries an extack message: it is kept. */
	ktap_check(ovx_batch_begin(ctx) == 0, "batch with a policy violation");
	for (i = 0; i < 10; i++)
		queue_getfamily(ctx, true, i);
	msg = ovx_nl_msg(ctx, CTRL_CMD_GETFAMILY, 0);
	nla_put_u8(msg, CTRL_ATTR_FAMILY_ID, 3);
	ovx_nl_request(ctx, msg, NULL, NULL);
	queue_getfamily(ctx, true, 11);
	err = ovx_batch_end(ctx, &failed);
	ktap_check(err < 0 && failed == 10 && ovx_errmsg(ctx) &&
		   *ovx_errmsg(ctx) && ovx_batch_done(ctx, 11),
		   "the failure's extack message is kept (%d at %zu, \"%s\"), the request after it done",
		   err, failed, ovx_errmsg(ctx) ? ovx_errmsg(ctx) : "none");

	/* Every request of a chunk fails: the receive buffer holds them. */
	ktap_check(ovx_batch_begin(ctx) == 0, "third batch");
	for (i = 0; i < 600; i++)
		queue_getfamily(ctx, false, i);
	err = ovx_batch_end(ctx, &failed);
	ktap_check(err == -ENOENT && failed == 0 && !ovx_batch_done(ctx, 0),
		   "a chunk of failures: the first one reported (%d at %zu)",
		   err, failed);
	ktap_check(ovx_batch_begin(ctx) == 0 && ovx_batch_end(ctx, &failed) == 0,
		   "an empty batch");
	/* The socket is in step after batches: a plain request works. */
	memset(&f, 0, sizeof(f));
	msg = ovx_nl_msg(ctx, CTRL_CMD_GETFAMILY, 0);
	nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, "nlctrl");
	err = ovx_nl_request(ctx, msg, parse_family, &f);
	ktap_check(err == 0 && f.count == 1 && f.saw_nlctrl,
		   "requests after batches get their own answers (err %d)", err);
}

static int count_link(const struct nlmsghdr *nlh, void *arg)
{
	if (nlh->nlmsg_type == RTM_NEWLINK)
		++*(int *)arg;
	return 0;
}

/* The rtnetlink socket: opened on first use, same extack handling. */
static void test_route(struct ovx_ctx *ctx)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct nl_msg *msg;
	struct nlattr *nest;
	int err, links = 0;

	msg = ovx_nl_route_msg(RTM_GETLINK, NLM_F_DUMP, &ifi, sizeof(ifi));
	err = ovx_nl_route_request(ctx, msg, sizeof(ifi), count_link, &links);
	ktap_check(err == 0 && links >= 1,
		   "rtnetlink dump of the links (%d links, err %d)", links, err);

	ifi.ifi_index = 0x7ffffff0;
	msg = ovx_nl_route_msg(RTM_GETLINK, 0, &ifi, sizeof(ifi));
	err = ovx_nl_route_request(ctx, msg, sizeof(ifi), count_link, &links);
	ktap_check(err == -ENODEV, "rtnetlink error comes back as is (-ENODEV, got %d)",
		   err);

	/* A name longer than IFNAMSIZ breaks the policy of RTM_NEWLINK. */
	ifi.ifi_index = 0;
	msg = ovx_nl_route_msg(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, &ifi,
			       sizeof(ifi));
	nla_put_string(msg, IFLA_IFNAME, "a-name-far-too-long-for-a-link");
	err = ovx_nl_route_request(ctx, msg, sizeof(ifi), NULL, NULL);
	if (err == -EPERM) {
		ktap_skip("no CAP_NET_ADMIN", "rtnetlink extack");
		ktap_skip("no CAP_NET_ADMIN", "rtnetlink offset");
		ktap_skip("no CAP_NET_ADMIN", "unknown link kind");
		return;
	}
	ktap_check(err < 0 && ovx_errmsg(ctx) && *ovx_errmsg(ctx),
		   "rtnetlink policy violation: errno and extack (%d, \"%s\")",
		   err, ovx_errmsg(ctx) ? ovx_errmsg(ctx) : "<none>");
	ktap_check(ovx_err_offset(ctx) == NLMSG_HDRLEN + sizeof(ifi) &&
		   ovx_err_attr(ctx) == IFLA_IFNAME,
		   "offset past the ifinfomsg header names IFLA_IFNAME (%d, %d)",
		   ovx_err_offset(ctx), ovx_err_attr(ctx));

	/* Nothing is created: the kind does not exist. */
	msg = ovx_nl_route_msg(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, &ifi,
			       sizeof(ifi));
	nla_put_string(msg, IFLA_IFNAME, "ovxtest0");
	nest = nla_nest_start(msg, IFLA_LINKINFO | NLA_F_NESTED);
	nla_put_string(msg, IFLA_INFO_KIND, "ovx-no-such-kind");
	nla_nest_end(msg, nest);
	err = ovx_nl_route_request(ctx, msg, sizeof(ifi), NULL, NULL);
	ktap_check(err == -EOPNOTSUPP && ovx_errmsg(ctx),
		   "unknown link kind: -EOPNOTSUPP and a message (%d, \"%s\")",
		   err, ovx_errmsg(ctx) ? ovx_errmsg(ctx) : "<none>");
}

struct seen {
	int count;
	uint8_t cmd;
	int fail_with;
};

static int on_event(const struct nlmsghdr *nlh, void *arg)
{
	const struct genlmsghdr *g = nlmsg_data(nlh);
	struct seen *seen = arg;

	seen->count++;
	seen->cmd = g->cmd;
	return seen->fail_with;
}

/* Sends a fake notification from another socket to the events socket. */
static int inject(int to_fd, uint16_t type, uint8_t cmd)
{
	struct {
		struct nlmsghdr nlh;
		struct genlmsghdr g;
	} m = {
		.nlh = { .nlmsg_len = sizeof(m), .nlmsg_type = type },
		.g = { .cmd = cmd, .version = 1 },
	};
	struct sockaddr_nl to = { .nl_family = AF_NETLINK };
	socklen_t len = sizeof(to);
	int fd, ret;

	if (getsockname(to_fd, (struct sockaddr *)&to, &len) < 0)
		return -errno;
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0)
		return -errno;
	ret = sendto(fd, &m, sizeof(m), 0, (struct sockaddr *)&to, sizeof(to));
	ret = ret < 0 ? -errno : 0;
	close(fd);
	return ret;
}

static void test_events_recv(struct ovx_ctx *ctx, int fd)
{
	struct seen seen = { 0 };
	int err;

	/* Unicast between user sockets needs CAP_NET_ADMIN. */
	err = inject(fd, GENL_ID_CTRL + 1000, 1);
	if (!err)
		err = inject(fd, GENL_ID_CTRL, 42);
	if (err) {
		ktap_skip("cannot inject a message", "events are delivered");
		ktap_skip("cannot inject a message", "callback error is returned");
		return;
	}
	err = ovx_nl_events_recv(ctx, on_event, &seen);
	if (!seen.count)	/* one datagram each */
		err = ovx_nl_events_recv(ctx, on_event, &seen);
	ktap_check(err == 0 && seen.count == 1 && seen.cmd == 42,
		   "events of the family are delivered, others skipped");

	seen.fail_with = -ECANCELED;
	err = inject(fd, GENL_ID_CTRL, 43);
	if (!err)
		err = ovx_nl_events_recv(ctx, on_event, &seen);
	ktap_check(err == -ECANCELED && seen.cmd == 43,
		   "callback error is returned (%d)", err);
}

static void test_events_nested(struct ovx_ctx *ctx, int fd);

static void test_events(struct ovx_ctx *ctx)
{
	struct pollfd pfd;
	int err, fd;

	ktap_check(ovx_events_fd(ctx) == -ENOTCONN &&
		   ovx_nl_events_recv(ctx, on_event, NULL) == -ENOTCONN,
		   "no events before subscribing");
	err = ovx_subscribe(ctx, "ovx-no-such-group");
	ktap_check(err == -ENOENT, "unknown group: -ENOENT (got %d)", err);
	err = ovx_subscribe(ctx, "notify");
	fd = ovx_events_fd(ctx);
	ktap_check(err == 0 && fd >= 0, "subscribe to nlctrl's \"notify\" group");
	ktap_check(ovx_subscribe(ctx, "notify") == 0 && ovx_events_fd(ctx) == fd,
		   "subscribing twice is harmless");

	pfd.fd = fd;
	pfd.events = POLLIN;
	err = poll(&pfd, 1, 0);
	ktap_check(err == 0, "the events fd can be polled (nothing pending)");

	test_events_recv(ctx, fd);
	test_events_nested(ctx, fd);

	/* Requests still work next to the subscription. */
	err = ovx_nl_request(ctx, ovx_nl_msg(ctx, CTRL_CMD_GETFAMILY,
					      NLM_F_DUMP), NULL, NULL);
	ktap_check(err == 0, "requests work on a subscribed context");
}

/* A do request made from the callback of a dump, on the same context. */
struct nested {
	struct ovx_ctx *ctx;
	int count;
	int inner_err;
	struct families inner;
};

static int parse_nested(const struct nlmsghdr *nlh, void *arg)
{
	struct nested *n = arg;
	struct nl_msg *msg;

	(void)nlh;
	if (n->count++)
		return 0;
	msg = ovx_nl_msg(n->ctx, CTRL_CMD_GETFAMILY, 0);
	nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, "nlctrl");
	n->inner_err = ovx_nl_request(n->ctx, msg, parse_family, &n->inner);
	return 0;
}

/*
 * This used to re-point the callbacks of the outer dump to the inner
 * request and hang for ever on the outer dump's lost NLMSG_DONE: the
 * alarm turns a hang into a failure.
 */
static void test_nested(struct ovx_ctx *ctx)
{
	struct nested n = { .ctx = ctx };
	int err;

	alarm(20);
	err = ovx_nl_request(ctx, ovx_nl_msg(ctx, CTRL_CMD_GETFAMILY,
					      NLM_F_DUMP),
			     parse_nested, &n);
	alarm(0);
	ktap_check(err == 0 && n.count > 1 && n.inner_err == 0 &&
		   n.inner.saw_nlctrl,
		   "a request from a dump callback works, and so does the dump (%d, %d, %d)",
		   err, n.count, n.inner_err);
}

struct ev_nested {
	struct ovx_ctx *ctx;
	int count;
	int inner_err;
};

static int on_event_nested(const struct nlmsghdr *nlh, void *arg)
{
	struct ev_nested *n = arg;

	(void)nlh;
	n->count++;
	n->inner_err = ovx_nl_events_recv(n->ctx, on_event, NULL);
	return 0;
}

/* Receiving notifications from a notification callback: refused. */
static void test_events_nested(struct ovx_ctx *ctx, int fd)
{
	struct ev_nested n = { .ctx = ctx };
	int err;

	err = inject(fd, GENL_ID_CTRL, 44);
	if (!err)
		err = inject(fd, GENL_ID_CTRL, 45);
	if (err) {
		ktap_skip("cannot inject a message", "nested receipt is -EBUSY");
		return;
	}
	alarm(20);
	err = ovx_nl_events_recv(ctx, on_event_nested, &n);
	alarm(0);
	ktap_check(err == 0 && n.count == 1 && n.inner_err == -EBUSY,
		   "receiving notifications from their callback: -EBUSY (%d, %d, %d)",
		   err, n.count, n.inner_err);
	/* The second one is still there, for the next call. */
	n.count = 0;
	err = ovx_nl_events_recv(ctx, on_event_nested, &n);
	ktap_check(err == 0 && n.count == 1,
		   "the next receipt gets the next notification (%d)", err);
}

/* A tap device in the current namespace; its fd keeps it. */
static int make_tap(const char *name)
{
	struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI };
	int fd;

	fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

/* Runs @fn in a child process in a network namespace of its own. */
static int in_netns(int (*fn)(void))
{
	pid_t pid;
	int status;

	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		if (unshare(CLONE_NEWNET) < 0)
			_exit(200);
		alarm(60);
		_exit(fn());
	}
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	if (!WIFEXITED(status))
		return -ECHILD;
	return WEXITSTATUS(status);
}

/*
 * A context opened in namespace A, used after the thread moved to B,
 * still talks to A: rtnetlink finds A's device.  Exit codes: 0 pass,
 * 1 fail, 100 skip.
 */
static int netns_child(void)
{
	struct ovx_ctx *ctx;
	int tap, idx, err;

	tap = make_tap("ovxnsa0");
	if (tap < 0)
		return 100;
	idx = (int)if_nametoindex("ovxnsa0");
	err = ovx_nl_open_family(&ctx, "nlctrl", 2);
	if (err)
		return 100;
	if (unshare(CLONE_NEWNET) < 0)
		return 100;
	err = ovx_ifindex(ctx, "ovxnsa0");
	ovx_close(ctx);
	close(tap);
	return err == idx ? 0 : 1;
}

static void test_netns(void)
{
	int ret = in_netns(netns_child);

	if (ret == 100 || ret == 200) {
		ktap_skip("no tap devices or namespaces here",
			  "a context stays in the namespace it was opened in");
		return;
	}
	ktap_check(ret == 0,
		   "a context stays in the namespace it was opened in (%d)", ret);
}

/* Dumps interrupted by a change of the links between two parts. */
#define INTR_TAPS	100
static int churn;		/* how many more changes the hook makes */
static int churn_fd = -1;

static void churn_hook(struct ovx_ctx *ctx)
{
	(void)ctx;
	if (!churn)
		return;
	churn--;
	/* A device that comes or goes changes dev_base_seq. */
	if (churn_fd >= 0) {
		close(churn_fd);
		churn_fd = -1;
	} else {
		churn_fd = make_tap("ovxchurn");
	}
}

static int intr_child(void)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct ovx_ctx *ctx;
	int i, err, links;
	char name[IFNAMSIZ];

	for (i = 0; i < INTR_TAPS; i++) {
		snprintf(name, sizeof(name), "ovxi%d", i);
		if (make_tap(name) < 0)
			return 100;
	}
	if (ovx_nl_open_family(&ctx, "nlctrl", 2))
		return 100;
	ovx_nl_test_reply_hook = churn_hook;

	/* Once: the dump is sent again and comes back whole, once. */
	links = 0;
	churn = 1;
	err = ovx_nl_route_request(ctx, ovx_nl_route_msg(RTM_GETLINK,
							 NLM_F_DUMP, &ifi,
							 sizeof(ifi)),
				   sizeof(ifi), count_link, &links);
	if (churn)
		return 100;	/* a dump of one part: cannot interrupt */
	if (err || links != INTR_TAPS + 1 + (churn_fd >= 0)) {
		fprintf(stderr, "# once: err %d, %d links\n", err, links);
		return 1;
	}

	/* Always: -EINTR in the end, with the links of the last try. */
	links = 0;
	churn = 1000;
	err = ovx_nl_route_request(ctx, ovx_nl_route_msg(RTM_GETLINK,
							 NLM_F_DUMP, &ifi,
							 sizeof(ifi)),
				   sizeof(ifi), count_link, &links);
	if (err != -EINTR || links < INTR_TAPS + 1 || links > INTR_TAPS + 2) {
		fprintf(stderr, "# always: err %d, %d links\n", err, links);
		return 2;
	}
	ovx_nl_test_reply_hook = NULL;
	ovx_close(ctx);
	return 0;
}

static void test_dump_intr(void)
{
	int ret = in_netns(intr_child);

	if (ret == 100 || ret == 200) {
		ktap_skip("no tap devices, namespaces or multi-part link dumps here",
			  "interrupted dumps are sent again");
		ktap_skip("no tap devices, namespaces or multi-part link dumps here",
			  "-EINTR when it keeps happening");
		return;
	}
	ktap_check(ret == 0 || ret == 2,
		   "an interrupted dump is sent again and parsed once (%d)", ret);
	ktap_check(ret == 0,
		   "a dump interrupted every time: -EINTR with the last try's replies (%d)",
		   ret);
}

int main(void)
{
	struct ovx_ctx *ctx;
	int err;

	ktap_init();
	test_null_safety();

	err = ovx_nl_open_family(&ctx, "nlctrl", 2);
	if (err) {
		ktap_skip("no generic netlink here", "open nlctrl (error %d)", err);
		return ktap_finish();
	}
	ktap_check(ovx_nl_family_id(ctx) == GENL_ID_CTRL,
		   "nlctrl resolves to GENL_ID_CTRL");
	test_open();
	test_requests(ctx);
	test_route(ctx);
	test_events(ctx);
	test_nested(ctx);
	test_batch(ctx);
	ovx_close(ctx);
	test_netns();
	test_dump_intr();
	return ktap_finish();
}
