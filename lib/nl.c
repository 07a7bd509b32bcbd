// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * The netlink transport of libovx: the context, its sockets (generic
 * netlink for the ovx family and its notifications, rtnetlink for the
 * switch devices), the request functions and the receipt of
 * notifications.  This is the only file of the library that touches a
 * socket.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/genetlink.h>
#include <netlink/errno.h>
#include <netlink/genl/genl.h>
#include <netlink/handlers.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "ovx_private.h"

/* Receive buffer of the notification socket, so bursts are not lost. */
#define OVX_RCVBUF	(1 << 20)

/*
 * Best effort.  SO_RCVBUF is capped at net.core.rmem_max (208 KiB by
 * default), under what one second of a network's FDB events may take
 * (OVX_FDB_EVENTS_PER_SEC, all at once after a flush): with CAP_NET_ADMIN
 * the cap does not apply, as for conntrack's and iproute2's monitors.
 */
static void set_event_rcvbuf(struct nl_sock *sk)
{
	int size = OVX_RCVBUF;

	if (setsockopt(nl_socket_get_fd(sk), SOL_SOCKET, SO_RCVBUFFORCE,
		       &size, sizeof(size)))
		nl_socket_set_buffer_size(sk, OVX_RCVBUF, 0);
}

/*
 * How many times a dump is sent when the kernel flags it as interrupted
 * (NLM_F_DUMP_INTR): any change of the dumped table between two parts,
 * such as an FDB entry ageing out, does that, so a busy host needs a few.
 */
#define OVX_DUMP_TRIES	5

struct ovx_ctx {
	struct nl_sock *sk;	/* requests and their answers */
	struct nl_cb *cb;	/* callbacks of ovx_nl_request() */
	/*
	 * Every socket is opened by ovx_open(), so that all of them live in
	 * the network namespace of the thread at that time, whatever
	 * namespace the thread enters later.
	 */
	struct nl_sock *ev_sk;	/* notifications */
	struct nl_cb *ev_cb;	/* callbacks of ovx_nl_events_recv() */
	struct nl_sock *rt_sk;	/* rtnetlink */
	struct ovx_pk pk;	/* the packet channel (packet.c) */
	bool subscribed;	/* ev_sk joined a group */
	/*
	 * A socket is being read, with its callbacks pointing at the state
	 * of that call on the stack: a request (or receipt) made meanwhile
	 * from a callback would re-point them and lose the answer.
	 */
	bool req_busy;
	bool ev_busy;
	int family_id;
	uint8_t version;	/* sent in our genl headers */

	/* The family's multicast groups, as the controller listed them. */
	struct mcgrp {
		char *name;
		uint32_t id;
	} *groups;
	size_t n_groups;

	/*
	 * A batch (ovx_batch_begin()): write requests queued, one after the
	 * other, each aligned; then, after ovx_batch_end(), which of them
	 * the kernel applied.
	 */
	bool batching;
	char *bq;
	size_t bq_len, bq_size;
	size_t bq_n;
	bool *bq_done;
	size_t bq_done_n;

	/* The extended ACK of the last request. */
	char *errmsg;
	int err_offset;
	int err_attr;
	int err_missing;
};

/* What ovx_nl_request() tracks while it reads the answer. */
struct req_state {
	struct ovx_ctx *ctx;
	const struct nlmsghdr *req;	/* the request, to resolve offsets */
	size_t hdrlen;		/* its family header (genl, ifinfomsg...) */
	bool genl;		/* replies must carry the request's type */
	ovx_nl_parse_fn parse;
	void *arg;
	uint32_t seq;
	bool done;		/* ACK, error or NLMSG_DONE seen */
	bool interrupted;	/* NLM_F_DUMP_INTR seen */
	int err;		/* from the kernel */
	int parse_err;		/* first failure of parse() */
	/*
	 * The replies of a dump, kept until the dump is known to be whole
	 * (not interrupted), then passed to parse() outside the receive
	 * loop: copies of the messages, one after the other, each aligned.
	 */
	bool dump;
	char *buf;
	size_t len;
	size_t size;
	int nomem;		/* -ENOMEM when a reply could not be kept */
};

static void clear_extack(struct ovx_ctx *ctx)
{
	free(ctx->errmsg);
	ctx->errmsg = NULL;
	ctx->err_offset = -1;
	ctx->err_attr = -1;
	ctx->err_missing = -1;
}

void ovx_nl_clear_extack(struct ovx_ctx *ctx)
{
	clear_extack(ctx);
}

static void record_extack(struct req_state *st, const struct ovx_extack *ext)
{
	struct ovx_ctx *ctx = st->ctx;
	const struct nlmsghdr *req = st->req;

	clear_extack(ctx);
	if (ext->msg)
		ctx->errmsg = strdup(ext->msg);	/* lost if out of memory */
	if (ext->has_miss_type && ext->miss_type <= INT32_MAX)
		ctx->err_missing = (int)ext->miss_type;
	if (!ext->has_offset || ext->offset > INT32_MAX)
		return;
	ctx->err_offset = (int)ext->offset;
	/* Name the attribute only if the offset really points at one. */
	if (ext->offset >= NLMSG_HDRLEN + NLMSG_ALIGN(st->hdrlen) &&
	    ext->offset % NLA_ALIGNTO == 0 &&
	    (size_t)ext->offset + NLA_HDRLEN <= req->nlmsg_len) {
		struct nlattr nla;

		memcpy(&nla, (const char *)req + ext->offset, sizeof(nla));
		if (nla.nla_len >= NLA_HDRLEN &&
		    ext->offset + nla.nla_len <= req->nlmsg_len)
			ctx->err_attr = nla.nla_type & NLA_TYPE_MASK;
	}
}

/* Answers to an earlier, abandoned request are dropped, not fatal. */
static int seq_check(struct nl_msg *msg, void *arg)
{
	const struct req_state *st = arg;

	return nlmsg_hdr(msg)->nlmsg_seq == st->seq ? NL_OK : NL_SKIP;
}

/* Keeps a copy of a reply of a dump, for parse() once the dump is whole. */
static void keep_reply(struct req_state *st, const struct nlmsghdr *nlh)
{
	size_t need = NLMSG_ALIGN(nlh->nlmsg_len);

	if (st->nomem)
		return;
	if (st->size - st->len < need) {
		size_t size = st->size ? st->size : 16384;
		char *buf;

		while (size - st->len < need)
			size *= 2;
		buf = realloc(st->buf, size);
		if (!buf) {
			st->nomem = -ENOMEM;
			return;
		}
		st->buf = buf;
		st->size = size;
	}
	memcpy(st->buf + st->len, nlh, nlh->nlmsg_len);
	st->len += need;
}

static int valid_handler(struct nl_msg *msg, void *arg)
{
	struct req_state *st = arg;
	const struct nlmsghdr *nlh = nlmsg_hdr(msg);
	int err;

	if (ovx_nl_test_reply_hook && st->dump)
		ovx_nl_test_reply_hook(st->ctx);
	if (!st->parse || st->parse_err)
		return NL_OK;
	/* Replies carry the family id of the request as their type. */
	if (st->genl && nlh->nlmsg_type != st->req->nlmsg_type) {
		st->parse_err = -EPROTO;
		return NL_OK;
	}
	if (st->dump) {
		keep_reply(st, nlh);
		return NL_OK;
	}
	err = st->parse(nlh, st->arg);
	if (err < 0)
		st->parse_err = err;
	/* Keep reading to the end of the answer either way. */
	return NL_OK;
}

static int finish(struct req_state *st, const struct nlmsghdr *nlh)
{
	struct ovx_extack ext;

	st->done = true;
	if (ovx_extack_parse(nlh, nlh->nlmsg_len, &ext) < 0) {
		st->err = -EBADMSG;
		return NL_STOP;
	}
	st->err = ext.error;
	record_extack(st, &ext);
	return NL_STOP;
}

/* NLMSG_DONE: the end of a dump, with the dump's errno and extack. */
static int done_handler(struct nl_msg *msg, void *arg)
{
	return finish(arg, nlmsg_hdr(msg));
}

/* NLMSG_ERROR with error 0, possibly carrying a warning. */
static int ack_handler(struct nl_msg *msg, void *arg)
{
	return finish(arg, nlmsg_hdr(msg));
}

/*
 * NLMSG_ERROR with an error.  libnl passes only the struct nlmsgerr, which
 * lies right after the header of the message in libnl's receive buffer;
 * libnl has checked that nlmsg_len fits in what it received.
 */
static int err_handler(struct sockaddr_nl *nla, struct nlmsgerr *err,
		       void *arg)
{
	const struct nlmsghdr *nlh;

	(void)nla;
	nlh = (const struct nlmsghdr *)((const char *)err - NLMSG_HDRLEN);
	return finish(arg, nlh);
}

static int intr_handler(struct nl_msg *msg, void *arg)
{
	struct req_state *st = arg;

	(void)msg;
	st->interrupted = true;
	return NL_OK;
}

static int overrun_handler(struct nl_msg *msg, void *arg)
{
	struct req_state *st = arg;

	(void)msg;
	st->done = true;
	st->err = -ENOBUFS;
	return NL_STOP;
}

static int invalid_handler(struct nl_msg *msg, void *arg)
{
	struct req_state *st = arg;

	(void)msg;
	st->done = true;
	st->err = -EBADMSG;
	return NL_STOP;
}

static void set_request_callbacks(struct nl_cb *cb, struct req_state *st)
{
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, seq_check, st);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid_handler, st);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, done_handler, st);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ack_handler, st);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, intr_handler, st);
	nl_cb_set(cb, NL_CB_OVERRUN, NL_CB_CUSTOM, overrun_handler, st);
	nl_cb_set(cb, NL_CB_INVALID, NL_CB_CUSTOM, invalid_handler, st);
	nl_cb_err(cb, NL_CB_CUSTOM, err_handler, st);
}

/* Test hook, see ovx_private.h. */
void (*ovx_nl_test_reply_hook)(struct ovx_ctx *ctx);

/* Sends @msg on @sk and reads the answer into @st. */
static int send_and_receive(struct ovx_ctx *ctx, struct nl_sock *sk,
			    struct nl_msg *msg, struct req_state *st)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	int ret;

	/* A new sequence number for each try: late answers are dropped. */
	nlh->nlmsg_seq = NL_AUTO_SEQ;
	nl_complete_msg(sk, msg);
	st->req = nlh;
	st->seq = nlh->nlmsg_seq;
	st->done = false;
	st->interrupted = false;
	st->err = 0;
	st->parse_err = 0;
	st->len = 0;
	st->nomem = 0;

	ret = nl_send(sk, msg);
	if (ret < 0)
		return ovx_nl_errno(ret);

	set_request_callbacks(ctx->cb, st);
	while (!st->done) {
		ret = nl_recvmsgs(sk, ctx->cb);
		if (ret < 0 && !st->done)
			return ovx_nl_errno(ret);
	}
	return 0;
}

/* Passes the kept replies of a whole dump to parse(), until one fails. */
static int replay(struct req_state *st)
{
	size_t off = 0;
	int err;

	while (off < st->len) {
		const struct nlmsghdr *nlh = (const void *)(st->buf + off);

		err = st->parse(nlh, st->arg);
		if (err < 0)
			return err;
		off += NLMSG_ALIGN(nlh->nlmsg_len);
	}
	return 0;
}

/*
 * Sends @msg on @sk and reads the answer: the one request path of both
 * sockets.  @hdrlen is the length of the family header of @msg.
 *
 * A dump is sent again when the kernel flags it as interrupted, up to
 * OVX_DUMP_TRIES times; its replies reach parse() only once the receive
 * loop is over, from the last try, so that parse() (and the callbacks of
 * the public dump functions behind it) never sees a reply twice and may
 * make requests on the context.
 */
static int request(struct ovx_ctx *ctx, struct nl_sock *sk, size_t hdrlen,
		   bool genl, struct nl_msg *msg, ovx_nl_parse_fn parse,
		   void *arg)
{
	struct req_state st = {
		.ctx = ctx,
		.hdrlen = hdrlen,
		.genl = genl,
		.parse = parse,
		.arg = arg,
	};
	struct nlmsghdr *nlh;
	int ret, tries = 0;

	if (ctx->req_busy) {
		nlmsg_free(msg);
		return -EBUSY;
	}
	nlh = nlmsg_hdr(msg);
	st.dump = (nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
	if (!st.dump)
		nlh->nlmsg_flags |= NLM_F_ACK;

	ctx->req_busy = true;
	do {
		ret = send_and_receive(ctx, sk, msg, &st);
	} while (!ret && st.dump && st.interrupted && !st.err &&
		 ++tries < OVX_DUMP_TRIES);
	ctx->req_busy = false;
	if (ret)
		goto out;

	if (st.err)
		ret = st.err;
	else if (st.parse_err)
		ret = st.parse_err;
	else if (st.nomem)
		ret = st.nomem;
	else if (st.dump && st.parse && (ret = replay(&st)))
		;
	else if (st.interrupted)
		ret = -EINTR;
	else
		ret = 0;
out:
	free(st.buf);
	nlmsg_free(msg);
	return ret;
}

/* Queues @msg, a write request of a batch; it is sent by ovx_batch_end(). */
static int batch_queue(struct ovx_ctx *ctx, struct nl_msg *msg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	size_t need = NLMSG_ALIGN(nlh->nlmsg_len);

	if (ctx->bq_size - ctx->bq_len < need) {
		size_t size = ctx->bq_size ? ctx->bq_size : 65536;
		char *bq;

		while (size - ctx->bq_len < need)
			size *= 2;
		bq = realloc(ctx->bq, size);
		if (!bq) {
			nlmsg_free(msg);
			return -ENOMEM;
		}
		ctx->bq = bq;
		ctx->bq_size = size;
	}
	memset(ctx->bq + ctx->bq_len, 0, need);
	memcpy(ctx->bq + ctx->bq_len, nlh, nlh->nlmsg_len);
	ctx->bq_len += need;
	ctx->bq_n++;
	nlmsg_free(msg);
	return 0;
}

int ovx_nl_request(struct ovx_ctx *ctx, struct nl_msg *msg,
		   ovx_nl_parse_fn parse, void *arg)
{
	clear_extack(ctx);
	if (!msg)
		return -ENOMEM;
	/* Requests with an answer to read (gets, dumps) are not queued. */
	if (ctx->batching && !parse &&
	    !(nlmsg_hdr(msg)->nlmsg_flags & NLM_F_DUMP))
		return batch_queue(ctx, msg);
	return request(ctx, ctx->sk, GENL_HDRLEN, true, msg, parse, arg);
}

OVX_EXPORT int ovx_batch_begin(struct ovx_ctx *ctx)
{
	if (!ctx)
		return -EINVAL;
	if (ctx->batching)
		return -EBUSY;
	ctx->batching = true;
	ctx->bq_len = 0;
	ctx->bq_n = 0;
	free(ctx->bq_done);
	ctx->bq_done = NULL;
	ctx->bq_done_n = 0;
	return 0;
}

/*
 * A batch goes in chunks: several requests per sendmsg(), the last of
 * each asking for an ACK; the kernel answers the failures of the others
 * anyway.  The answers to a whole chunk must fit in the socket's receive
 * buffer, or the kernel drops them (and with them, maybe the ACK): the
 * buffer is raised for batches, and a chunk holds at most as many
 * requests as answers of OVX_BATCH_ANSWER_SIZE bytes (an skb of a page
 * and its overhead, more than an error with its capped request and
 * extack takes) fit in it.
 */
#define OVX_BATCH_RCVBUF	(2 << 20)
#define OVX_BATCH_ANSWER_SIZE	8192
#define OVX_BATCH_CHUNK_MSGS	256
#define OVX_BATCH_CHUNK_BYTES	(64 * 1024)
/* No answer for this long: the kernel dropped it; never wait forever. */
#define OVX_BATCH_TIMEOUT_MS	10000

static size_t batch_chunk_msgs(struct ovx_ctx *ctx)
{
	int fd = nl_socket_get_fd(ctx->sk);
	int size = OVX_BATCH_RCVBUF;
	socklen_t len = sizeof(size);
	size_t n;

	/* Best effort: without CAP_NET_ADMIN, rmem_max caps it. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, &len) || size <= 0)
		return 16;
	n = (size_t)size / OVX_BATCH_ANSWER_SIZE;
	if (n < 1)
		n = 1;
	return n < OVX_BATCH_CHUNK_MSGS ? n : OVX_BATCH_CHUNK_MSGS;
}

/* The kernel's error for request @idx of the chunk, first one kept. */
static void batch_error(struct ovx_ctx *ctx, const struct nlmsghdr *nlh,
			int *first_err, size_t *failed, size_t idx)
{
	struct ovx_extack ext;

	if (ovx_extack_parse(nlh, nlh->nlmsg_len, &ext) < 0) {
		ext.error = -EBADMSG;
		ext.msg = NULL;
	}
	if (!ext.error)
		return;
	ctx->bq_done[idx] = false;
	if (*first_err && *failed <= idx)
		return;
	*first_err = ext.error;
	*failed = idx;
	clear_extack(ctx);
	if (ext.msg)
		ctx->errmsg = strdup(ext.msg);	/* lost if out of memory */
}

/*
 * Sends requests [@first, @first + @n) of the queue in one sendmsg() and
 * reads their answers up to the ACK of the last.  Returns 0 (errors of
 * requests are in @first_err and @failed) or an error of the socket.
 */
static int batch_chunk(struct ovx_ctx *ctx, size_t *off, size_t first,
		       size_t n, size_t bytes, int *first_err, size_t *failed)
{
	int fd = nl_socket_get_fd(ctx->sk);
	uint32_t seq0 = 0, last_seq;
	char *p = ctx->bq + *off;
	size_t i, o = 0;
	char buf[65536];
	bool done = false;

	for (i = 0; i < n; i++) {
		struct nlmsghdr *nlh = (void *)(p + o);
		uint32_t seq = nl_socket_use_seq(ctx->sk);

		if (!i)
			seq0 = seq;
		nlh->nlmsg_seq = seq;
		nlh->nlmsg_pid = 0;
		nlh->nlmsg_flags = NLM_F_REQUEST |
				   (i == n - 1 ? NLM_F_ACK : 0);
		o += NLMSG_ALIGN(nlh->nlmsg_len);
	}
	last_seq = seq0 + (uint32_t)(n - 1);
	for (i = 0; i < n; i++)
		ctx->bq_done[first + i] = true;
	if (send(fd, p, bytes, 0) < 0) {
		for (i = 0; i < n; i++)
			ctx->bq_done[first + i] = false;
		return -errno;
	}
	*off += bytes;
	while (!done) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		struct nlmsghdr *nlh = (void *)buf;
		ssize_t len;
		size_t left;
		int ret;

		ret = poll(&pfd, 1, OVX_BATCH_TIMEOUT_MS);
		if (ret < 0 && errno == EINTR)
			continue;
		if (ret < 0)
			return -errno;
		if (!ret)
			return -ETIMEDOUT;
		len = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (len < 0 && errno == EAGAIN)
			continue;
		if (len < 0) {
			if (errno == EINTR)
				continue;
			/* Overrun: which requests failed is unknown. */
			return -errno;
		}
		left = (size_t)len;
		for (; NLMSG_OK(nlh, left); nlh = NLMSG_NEXT(nlh, left)) {
			uint32_t d = nlh->nlmsg_seq - seq0;

			/* Answers to earlier, abandoned requests. */
			if (d >= n || nlh->nlmsg_type != NLMSG_ERROR)
				continue;
			batch_error(ctx, nlh, first_err, failed, first + d);
			if (nlh->nlmsg_seq == last_seq)
				done = true;
		}
	}
	return 0;
}

OVX_EXPORT int ovx_batch_end(struct ovx_ctx *ctx, size_t *failed)
{
	size_t off = 0, i = 0, idx = 0, chunk;
	int first_err = 0, err = 0;

	if (!ctx)
		return -EINVAL;
	if (!ctx->batching)
		return -EINVAL;
	ctx->batching = false;
	clear_extack(ctx);
	if (failed)
		*failed = 0;
	ctx->bq_done_n = ctx->bq_n;
	ctx->bq_done = calloc(ctx->bq_n ? ctx->bq_n : 1, sizeof(bool));
	if (!ctx->bq_done)
		return -ENOMEM;
	if (ctx->req_busy)
		return -EBUSY;
	ctx->req_busy = true;
	chunk = ctx->bq_n ? batch_chunk_msgs(ctx) : 0;
	while (i < ctx->bq_n && !first_err) {
		size_t n = 0, bytes = 0;

		while (i + n < ctx->bq_n && n < chunk) {
			const struct nlmsghdr *nlh =
				(const void *)(ctx->bq + off + bytes);
			size_t len = NLMSG_ALIGN(nlh->nlmsg_len);

			if (n && bytes + len > OVX_BATCH_CHUNK_BYTES)
				break;
			bytes += len;
			n++;
		}
		err = batch_chunk(ctx, &off, i, n, bytes, &first_err, &idx);
		if (err) {
			first_err = err;
			idx = i;
			break;
		}
		i += n;
	}
	ctx->req_busy = false;
	ctx->bq_len = 0;
	ctx->bq_n = 0;
	if (first_err && failed)
		*failed = idx;
	return first_err;
}

OVX_EXPORT bool ovx_batch_done(const struct ovx_ctx *ctx, size_t index)
{
	return ctx && index < ctx->bq_done_n && ctx->bq_done[index];
}

/* The answer of a do request: exactly one message. */
struct one_state {
	ovx_nl_parse_fn parse;
	void *arg;
	int count;
};

static int parse_one(const struct nlmsghdr *nlh, void *arg)
{
	struct one_state *st = arg;

	if (st->count++)
		return -EPROTO;
	return st->parse(nlh, st->arg);
}

int ovx_nl_request_one(struct ovx_ctx *ctx, struct nl_msg *msg,
		       ovx_nl_parse_fn parse, void *arg)
{
	struct one_state st = { .parse = parse, .arg = arg };
	int err;

	err = ovx_nl_request(ctx, msg, parse_one, &st);
	if (!err && st.count != 1)
		err = -EPROTO;		/* ACKed without an answer */
	return err;
}

struct nl_msg *ovx_nl_msg(struct ovx_ctx *ctx, uint8_t cmd, int flags)
{
	struct nl_msg *msg;

	msg = nlmsg_alloc();
	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, ctx->family_id, 0,
			 flags, cmd, ctx->version)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static int set_opt(struct nl_sock *sk, int opt)
{
	int one = 1;

	if (setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, opt, &one,
		       sizeof(one)) < 0) {
		/* Kernels older than the option: live without it. */
		if (errno == ENOPROTOOPT)
			return 0;
		return -errno;
	}
	return 0;
}

static int new_socket(struct nl_sock **skp, int protocol)
{
	struct nl_sock *sk;
	int err;

	sk = nl_socket_alloc();
	if (!sk)
		return -ENOMEM;
	err = nl_connect(sk, protocol);
	if (err < 0) {
		nl_socket_free(sk);
		return ovx_nl_errno(err);
	}
	/* Peek at each datagram's size first, so none is ever truncated. */
	nl_socket_enable_msg_peek(sk);
	*skp = sk;
	return 0;
}

/*
 * A socket for requests: extended ACKs with the kernel's messages, ACKs
 * without a copy of the request, strict checking of dump requests.
 */
static int request_socket(struct nl_sock **skp, int protocol)
{
	int err;

	err = new_socket(skp, protocol);
	if (err)
		return err;
	/* request() sets NLM_F_ACK itself: none on dumps. */
	nl_socket_disable_auto_ack(*skp);

	err = set_opt(*skp, NETLINK_EXT_ACK);
	if (!err)
		err = set_opt(*skp, NETLINK_CAP_ACK);
	if (!err)
		err = set_opt(*skp, NETLINK_GET_STRICT_CHK);
	if (err) {
		nl_socket_free(*skp);
		*skp = NULL;
	}
	return err;
}

struct nl_msg *ovx_nl_route_msg(uint16_t type, int flags, const void *hdr,
				size_t hdrlen)
{
	struct nl_msg *msg;
	void *p;

	msg = nlmsg_alloc_simple(type, flags);
	if (!msg)
		return NULL;
	p = nlmsg_reserve(msg, hdrlen, NLMSG_ALIGNTO);
	if (!p) {
		nlmsg_free(msg);
		return NULL;
	}
	memcpy(p, hdr, hdrlen);
	return msg;
}

int ovx_nl_route_request(struct ovx_ctx *ctx, struct nl_msg *msg,
			 size_t hdrlen, ovx_nl_parse_fn parse, void *arg)
{
	clear_extack(ctx);
	if (!msg)
		return -ENOMEM;
	return request(ctx, ctx->rt_sk, hdrlen, false, msg, parse, arg);
}

static const struct nla_policy ctrl_policy[CTRL_ATTR_MAX + 1] = {
	[CTRL_ATTR_FAMILY_ID]	 = { .type = NLA_U16 },
	[CTRL_ATTR_FAMILY_NAME]	 = { .type = NLA_STRING, .maxlen = GENL_NAMSIZ },
	[CTRL_ATTR_VERSION]	 = { .type = NLA_U32 },
	[CTRL_ATTR_MCAST_GROUPS] = { .type = NLA_NESTED },
};

static const struct nla_policy grp_policy[CTRL_ATTR_MCAST_GRP_MAX + 1] = {
	[CTRL_ATTR_MCAST_GRP_NAME] = { .type = NLA_STRING,
				       .maxlen = GENL_NAMSIZ },
	[CTRL_ATTR_MCAST_GRP_ID]   = { .type = NLA_U32 },
};

static int add_group(struct ovx_ctx *ctx, const struct nlattr *nest)
{
	struct nlattr *tb[CTRL_ATTR_MCAST_GRP_MAX + 1];
	struct mcgrp *groups;
	const char *name;
	uint32_t id;
	int err;

	err = ovx_nl_parse_nested(tb, CTRL_ATTR_MCAST_GRP_MAX, nest,
				  grp_policy);
	if (!err)
		err = ovx_attr_str(tb, CTRL_ATTR_MCAST_GRP_NAME, &name);
	if (!err)
		err = ovx_attr_u32(tb, CTRL_ATTR_MCAST_GRP_ID, &id);
	if (err)
		return -EBADMSG;

	groups = realloc(ctx->groups, (ctx->n_groups + 1) * sizeof(*groups));
	if (!groups)
		return -ENOMEM;
	ctx->groups = groups;
	groups[ctx->n_groups].name = strdup(name);
	if (!groups[ctx->n_groups].name)
		return -ENOMEM;
	groups[ctx->n_groups++].id = id;
	return 0;
}

/* The controller's answer to CTRL_CMD_GETFAMILY. */
static int parse_family(const struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1];
	struct ovx_ctx *ctx = arg;
	struct nlattr *grp;
	uint16_t id;
	int rem, err;

	err = ovx_nl_parse(nlh, tb, CTRL_ATTR_MAX, ctrl_policy);
	if (err)
		return err;
	if (ovx_attr_u16(tb, CTRL_ATTR_FAMILY_ID, &id) || !id)
		return -EBADMSG;
	ctx->family_id = id;

	if (!tb[CTRL_ATTR_MCAST_GROUPS])
		return 0;
	nla_for_each_nested(grp, tb[CTRL_ATTR_MCAST_GROUPS], rem) {
		err = add_group(ctx, grp);
		if (err)
			return err;
	}
	return 0;
}

/*
 * We ask the controller ourselves rather than through genl_ctrl_resolve():
 * libnl reports every failure of that lookup as "not found", and the
 * caller must be able to tell a missing family from a failing socket.
 * One answer gives both the id and the multicast groups.
 */
static int resolve_family(struct ovx_ctx *ctx, const char *family)
{
	struct nl_msg *msg;
	int err;

	if (strlen(family) >= GENL_NAMSIZ)
		return -EINVAL;
	msg = nlmsg_alloc();
	if (!msg)
		return -ENOMEM;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, GENL_ID_CTRL, 0, 0,
			 CTRL_CMD_GETFAMILY, 1) ||
	    nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, family) < 0) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	err = ovx_nl_request(ctx, msg, parse_family, ctx);
	if (err == -ENOENT)
		return -EPROTONOSUPPORT;
	if (!err && !ctx->family_id)
		return -EBADMSG;	/* ACKed without an answer */
	return err;
}

int ovx_nl_open_family(struct ovx_ctx **ctxp, const char *family,
		       uint8_t version)
{
	struct ovx_ctx *ctx;
	int err;

	*ctxp = NULL;
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	ctx->version = version;
	ctx->pk.fd = -1;
	clear_extack(ctx);

	err = request_socket(&ctx->sk, NETLINK_GENERIC);
	if (!err)
		err = request_socket(&ctx->rt_sk, NETLINK_ROUTE);
	if (!err)
		err = new_socket(&ctx->ev_sk, NETLINK_GENERIC);
	if (!err)
		err = ovx_pk_open(&ctx->pk);
	if (err)
		goto fail;
	set_event_rcvbuf(ctx->ev_sk);

	ctx->cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!ctx->cb) {
		err = -ENOMEM;
		goto fail;
	}

	err = resolve_family(ctx, family);
	if (err)
		goto fail;

	*ctxp = ctx;
	return 0;
fail:
	ovx_close(ctx);
	return err;
}

OVX_EXPORT int ovx_open(struct ovx_ctx **ctxp)
{
	return ovx_nl_open_family(ctxp, OVX_FAMILY_NAME, OVX_FAMILY_VERSION);
}

OVX_EXPORT void ovx_close(struct ovx_ctx *ctx)
{
	if (!ctx)
		return;
	if (ctx->ev_cb)
		nl_cb_put(ctx->ev_cb);
	if (ctx->ev_sk)
		nl_socket_free(ctx->ev_sk);
	if (ctx->rt_sk)
		nl_socket_free(ctx->rt_sk);
	ovx_pk_close(&ctx->pk);
	if (ctx->cb)
		nl_cb_put(ctx->cb);
	if (ctx->sk)
		nl_socket_free(ctx->sk);
	while (ctx->n_groups)
		free(ctx->groups[--ctx->n_groups].name);
	free(ctx->groups);
	free(ctx->bq);
	free(ctx->bq_done);
	free(ctx->errmsg);
	free(ctx);
}

int ovx_nl_family_id(const struct ovx_ctx *ctx)
{
	return ctx->family_id;
}

struct ovx_pk *ovx_nl_pk(struct ovx_ctx *ctx)
{
	return &ctx->pk;
}

uint8_t ovx_nl_version(const struct ovx_ctx *ctx)
{
	return ctx->version;
}

OVX_EXPORT const char *ovx_errmsg(const struct ovx_ctx *ctx)
{
	return ctx ? ctx->errmsg : NULL;
}

OVX_EXPORT int ovx_err_offset(const struct ovx_ctx *ctx)
{
	return ctx ? ctx->err_offset : -1;
}

OVX_EXPORT int ovx_err_attr(const struct ovx_ctx *ctx)
{
	return ctx ? ctx->err_attr : -1;
}

OVX_EXPORT int ovx_err_missing_attr(const struct ovx_ctx *ctx)
{
	return ctx ? ctx->err_missing : -1;
}

/* Notifications carry sequence number 0: accept every message. */
static int ev_seq_check(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

OVX_EXPORT int ovx_subscribe(struct ovx_ctx *ctx, const char *group)
{
	size_t i;
	int grp, err;

	if (!ctx)
		return -EINVAL;
	if (!group)
		group = OVX_MCGRP_EVENTS;

	for (i = 0; i < ctx->n_groups; i++)
		if (!strcmp(ctx->groups[i].name, group))
			break;
	if (i == ctx->n_groups)
		return -ENOENT;
	grp = (int)ctx->groups[i].id;

	if (!ctx->ev_cb) {
		ctx->ev_cb = nl_cb_alloc(NL_CB_DEFAULT);
		if (!ctx->ev_cb)
			return -ENOMEM;
		nl_cb_set(ctx->ev_cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM,
			  ev_seq_check, NULL);
	}

	err = nl_socket_add_membership(ctx->ev_sk, grp);
	if (err < 0)
		return ovx_nl_errno(err);
	ctx->subscribed = true;
	return 0;
}

OVX_EXPORT int ovx_events_fd(const struct ovx_ctx *ctx)
{
	if (!ctx || !ctx->subscribed)
		return -ENOTCONN;
	return nl_socket_get_fd(ctx->ev_sk);
}

struct ev_state {
	int family_id;
	ovx_nl_parse_fn cb;
	void *arg;
	int err;
};

static int ev_valid(struct nl_msg *msg, void *arg)
{
	struct ev_state *st = arg;
	const struct nlmsghdr *nlh = nlmsg_hdr(msg);
	int err;

	if (nlh->nlmsg_type != st->family_id)
		return NL_SKIP;
	err = st->cb(nlh, st->arg);
	if (err < 0) {
		st->err = err;
		return NL_STOP;
	}
	return NL_OK;
}

int ovx_nl_events_recv(struct ovx_ctx *ctx, ovx_nl_parse_fn cb, void *arg)
{
	struct ev_state st = {
		.family_id = ctx->family_id,
		.cb = cb,
		.arg = arg,
	};
	int ret;

	if (!ctx->subscribed)
		return -ENOTCONN;
	if (ctx->ev_busy)
		return -EBUSY;

	nl_cb_set(ctx->ev_cb, NL_CB_VALID, NL_CB_CUSTOM, ev_valid, &st);
	errno = 0;
	ctx->ev_busy = true;
	ret = nl_recvmsgs(ctx->ev_sk, ctx->ev_cb);
	ctx->ev_busy = false;
	if (st.err)
		return st.err;
	if (ret < 0) {
		/*
		 * libnl reports a receive queue overflow (ENOBUFS) as
		 * NLE_NOMEM; errno still tells the two apart.
		 */
		if (ret == -NLE_NOMEM && errno == ENOBUFS)
			return -ENOBUFS;
		return ovx_nl_errno(ret);
	}
	return 0;
}
