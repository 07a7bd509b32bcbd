// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * The packet channel: the socket a service daemon registers with a switch
 * (packet-listen), reads the guests' service frames from (packet-upcall)
 * and sends its answers on (packet-send).
 *
 * It is a plain netlink socket, not a libnl one: ovxd reads and sends one
 * message per guest request, and a reply buffer of its own with an iovec
 * for the frame costs no allocation per message.  Sends are not
 * acknowledged (no round trip per answer); the kernel's refusals come
 * back as NLMSG_ERROR messages, which ovx_packet_recv() counts.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/ovx.h>

#include "ovx_private.h"

/* Upcalls are frames up to 64 KiB (GSO): one fits, with its headers. */
#define OVX_PK_BUFSIZE	(128 * 1024)
/* Upcalls read per ovx_packet_recv() call at most. */
#define OVX_PK_BATCH	256
/* Bursts of guest requests wait here while ovxd answers. */
#define OVX_PK_RCVBUF	(4 * 1024 * 1024)

/*
 * The socket is opened with the context's others (in ovx_open()'s network
 * namespace); its buffer only when it is first read, so that contexts that
 * never serve (the tool, most library users) do not carry it.
 */
int ovx_pk_open(struct ovx_pk *pk)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int one = 1, size = OVX_PK_RCVBUF;

	pk->buf = NULL;
	pk->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
			NETLINK_GENERIC);
	if (pk->fd < 0)
		goto fail;
	if (bind(pk->fd, (struct sockaddr *)&sa, sizeof(sa)))
		goto fail;
	/* Extended ACKs without a copy of the frame that was refused. */
	setsockopt(pk->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(pk->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	if (setsockopt(pk->fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		setsockopt(pk->fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	return 0;
fail:
	{
		int err = -errno;

		ovx_pk_close(pk);
		return err;
	}
}

void ovx_pk_close(struct ovx_pk *pk)
{
	if (pk->fd >= 0)
		close(pk->fd);
	pk->fd = -1;
	free(pk->buf);
	pk->buf = NULL;
}

/* Room for the headers and attributes of one request, frame aside. */
struct pk_req {
	struct nlmsghdr nlh;
	struct genlmsghdr genl;
	char attrs[64];
};

static void *put_attr(struct pk_req *req, size_t *off, uint16_t type,
		      const void *data, size_t len)
{
	struct nlattr *nla = (struct nlattr *)(req->attrs + *off);

	nla->nla_type = type;
	nla->nla_len = (uint16_t)(NLA_HDRLEN + len);
	memcpy((char *)nla + NLA_HDRLEN, data, len);
	*off += NLA_ALIGN(nla->nla_len);
	return nla;
}

static size_t req_init(struct ovx_ctx *ctx, struct pk_req *req, uint8_t cmd,
		       uint16_t flags, uint32_t seq)
{
	memset(req, 0, sizeof(*req));
	req->nlh.nlmsg_type = (uint16_t)ovx_nl_family_id(ctx);
	req->nlh.nlmsg_flags = NLM_F_REQUEST | flags;
	req->nlh.nlmsg_seq = seq;
	req->genl.cmd = cmd;
	req->genl.version = ovx_nl_version(ctx);
	return 0;
}

static int send_iov(int fd, struct iovec *iov, int n)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct msghdr mh = {
		.msg_name = &sa,
		.msg_namelen = sizeof(sa),
		.msg_iov = iov,
		.msg_iovlen = (size_t)n,
	};

	return sendmsg(fd, &mh, 0) < 0 ? -errno : 0;
}

/* The error a NLMSG_ERROR carries, 0 for an ACK. */
static int msg_error(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = NLMSG_DATA(nlh);

	if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(*e))
		return -EBADMSG;
	return e->error;
}

static int parse_upcall(const struct nlmsghdr *nlh, struct ovx_packet *pkt)
{
	const struct genlmsghdr *genl = NLMSG_DATA(nlh);
	const struct nlattr *nla;
	size_t rem;
	bool have_frame = false;

	memset(pkt, 0, sizeof(*pkt));
	pkt->size = sizeof(*pkt);
	if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN ||
	    genl->cmd != OVX_CMD_PACKET_UPCALL)
		return -ENOMSG;
	nla = (const struct nlattr *)((const char *)genl + GENL_HDRLEN);
	rem = nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	while (rem >= NLA_HDRLEN) {
		size_t len = nla->nla_len;
		const void *data = (const char *)nla + NLA_HDRLEN;
		uint32_t v = 0;

		if (len < NLA_HDRLEN || len > rem)
			return -EBADMSG;
		len -= NLA_HDRLEN;
		switch (nla->nla_type & NLA_TYPE_MASK) {
		case OVX_A_PACKET_SWITCH_IFINDEX:
		case OVX_A_PACKET_VNI:
		case OVX_A_PACKET_PORT_IFINDEX:
		case OVX_A_PACKET_SERVICE:
			if (len != 4)
				return -EBADMSG;
			memcpy(&v, data, 4);
			break;
		}
		switch (nla->nla_type & NLA_TYPE_MASK) {
		case OVX_A_PACKET_SWITCH_IFINDEX:
			if (!v || v > INT32_MAX)
				return -EBADMSG;
			pkt->switch_ifindex = (int)v;
			break;
		case OVX_A_PACKET_VNI:
			pkt->vni = v;
			break;
		case OVX_A_PACKET_PORT_IFINDEX:
			if (!v || v > INT32_MAX)
				return -EBADMSG;
			pkt->port_ifindex = (int)v;
			break;
		case OVX_A_PACKET_SERVICE:
			pkt->service = v;
			break;
		case OVX_A_PACKET_NET:
			if (!len || len > sizeof(pkt->net) ||
			    memchr(data, 0, len) == NULL)
				return -EBADMSG;
			memcpy(pkt->net, data, len);
			break;
		case OVX_A_PACKET_FRAME:
			pkt->frame = data;
			pkt->len = len;
			have_frame = true;
			break;
		}
		len = (size_t)NLA_ALIGN(nla->nla_len);
		if (len > rem)
			len = rem;
		rem -= len;
		nla = (const struct nlattr *)((const char *)nla + len);
	}
	if (!have_frame || !pkt->switch_ifindex || !pkt->port_ifindex ||
	    !pkt->net[0])
		return -EBADMSG;
	return 0;
}

/*
 * Reads what is queued.  @seq != 0: waits (blocking) for the answer to
 * request @seq and returns its error; upcalls read meanwhile are dropped.
 */
static int pk_read(struct ovx_ctx *ctx, uint32_t seq,
		   int (*cb)(const struct ovx_packet *pkt, void *arg),
		   void *arg)
{
	struct ovx_pk *pk = ovx_nl_pk(ctx);
	int family = ovx_nl_family_id(ctx);
	unsigned int batch = 0;

	if (!pk->buf) {
		pk->buf = malloc(OVX_PK_BUFSIZE);
		if (!pk->buf)
			return -ENOMEM;
	}
	for (;;) {
		struct nlmsghdr *nlh;
		ssize_t n;
		size_t len;

		/* Let the caller's other sockets have their turn. */
		if (!seq && ++batch > OVX_PK_BATCH)
			return 0;

		n = recv(pk->fd, pk->buf, OVX_PK_BUFSIZE,
			 seq ? 0 : MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN && !seq)
				return 0;
			if (errno == EAGAIN) {
				/* Non-blocking socket: wait for the answer. */
				struct pollfd pfd = { .fd = pk->fd,
						       .events = POLLIN };

				if (poll(&pfd, 1, 5000) <= 0)
					return -ETIMEDOUT;
				continue;
			}
			return -errno;
		}
		len = (size_t)n;
		for (nlh = (struct nlmsghdr *)pk->buf; NLMSG_OK(nlh, len);
		     nlh = NLMSG_NEXT(nlh, len)) {
			struct ovx_packet pkt;
			int err;

			if (nlh->nlmsg_type == NLMSG_ERROR) {
				err = msg_error(nlh);
				if (seq && nlh->nlmsg_seq == seq)
					return err;
				if (err)
					pk->send_errors++;
				continue;
			}
			if (seq || nlh->nlmsg_type != family || !cb)
				continue;
			if (parse_upcall(nlh, &pkt))
				continue;
			err = cb(&pkt, arg);
			if (err < 0)
				return err;
		}
	}
}

static int listen_req(struct ovx_ctx *ctx, uint8_t cmd, int switch_ifindex)
{
	struct ovx_pk *pk;
	struct pk_req req;
	struct iovec iov;
	uint32_t v = (uint32_t)switch_ifindex;
	size_t off = 0;
	int err;

	if (!ctx)
		return -EINVAL;
	ovx_nl_clear_extack(ctx);
	if (switch_ifindex <= 0)
		return -EINVAL;
	pk = ovx_nl_pk(ctx);
	if (pk->fd < 0)
		return -EBADF;
	if (!++pk->seq)
		pk->seq = 1;
	req_init(ctx, &req, cmd, NLM_F_ACK, pk->seq);
	put_attr(&req, &off, OVX_A_PACKET_SWITCH_IFINDEX, &v, 4);
	req.nlh.nlmsg_len = (uint32_t)(NLMSG_HDRLEN + GENL_HDRLEN + off);
	iov.iov_base = &req;
	iov.iov_len = req.nlh.nlmsg_len;
	err = send_iov(pk->fd, &iov, 1);
	if (err)
		return err;
	return pk_read(ctx, pk->seq, NULL, NULL);
}

OVX_EXPORT int ovx_packet_listen(struct ovx_ctx *ctx, int switch_ifindex)
{
	return listen_req(ctx, OVX_CMD_PACKET_LISTEN, switch_ifindex);
}

OVX_EXPORT int ovx_packet_unlisten(struct ovx_ctx *ctx, int switch_ifindex)
{
	return listen_req(ctx, OVX_CMD_PACKET_UNLISTEN, switch_ifindex);
}

OVX_EXPORT int ovx_packet_fd(const struct ovx_ctx *ctx)
{
	if (!ctx)
		return -EINVAL;
	return ovx_nl_pk((struct ovx_ctx *)ctx)->fd;
}

OVX_EXPORT int ovx_packet_recv(struct ovx_ctx *ctx,
			       int (*cb)(const struct ovx_packet *pkt,
					 void *arg),
			       void *arg)
{
	if (!ctx || !cb || ovx_nl_pk(ctx)->fd < 0)
		return -EINVAL;
	return pk_read(ctx, 0, cb, arg);
}

OVX_EXPORT int ovx_packet_send(struct ovx_ctx *ctx, int switch_ifindex,
			       int port_ifindex, const void *frame,
			       size_t len)
{
	static const uint8_t pad[NLA_ALIGNTO];
	struct ovx_pk *pk;
	struct pk_req req;
	struct nlattr fa;
	struct iovec iov[3];
	uint32_t sw = (uint32_t)switch_ifindex, port = (uint32_t)port_ifindex;
	size_t off = 0, total;

	if (!ctx || switch_ifindex <= 0 || port_ifindex <= 0 || !frame ||
	    len < 14 || len > 65535 - 64)
		return -EINVAL;
	pk = ovx_nl_pk(ctx);
	if (pk->fd < 0)
		return -EBADF;
	/* Sequence 0: no answer expected, refusals are counted. */
	req_init(ctx, &req, OVX_CMD_PACKET_SEND, 0, 0);
	put_attr(&req, &off, OVX_A_PACKET_SWITCH_IFINDEX, &sw, 4);
	put_attr(&req, &off, OVX_A_PACKET_PORT_IFINDEX, &port, 4);
	fa.nla_type = OVX_A_PACKET_FRAME;
	fa.nla_len = (uint16_t)(NLA_HDRLEN + len);
	total = NLMSG_HDRLEN + GENL_HDRLEN + off + NLA_HDRLEN +
		NLA_ALIGN(len);
	req.nlh.nlmsg_len = (uint32_t)total;
	iov[0].iov_base = &req;
	iov[0].iov_len = NLMSG_HDRLEN + GENL_HDRLEN + off;
	memcpy((char *)&req + iov[0].iov_len, &fa, sizeof(fa));
	iov[0].iov_len += NLA_HDRLEN;
	iov[1].iov_base = (void *)frame;
	iov[1].iov_len = len;
	iov[2].iov_base = (void *)pad;
	iov[2].iov_len = NLA_ALIGN(len) - len;
	return send_iov(pk->fd, iov, 3);
}

OVX_EXPORT uint64_t ovx_packet_send_errors(const struct ovx_ctx *ctx)
{
	return ctx ? ovx_nl_pk((struct ovx_ctx *)ctx)->send_errors : 0;
}
