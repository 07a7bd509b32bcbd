/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * Internal interfaces of libovx, shared by its files and its unit tests.
 * Nothing here is part of the ABI.
 */
#ifndef OVX_PRIVATE_H
#define OVX_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "ovx/ovx.h"

/*
 * The uapi header is generated from the family's YNL spec.  Until a tree
 * has it, the few names libovx needs from it are defined here; the values
 * must match the spec.
 */
#if defined(__has_include)
#if __has_include(<linux/ovx.h>)
#include <linux/ovx.h>
#endif
#endif

#ifndef OVX_FAMILY_NAME
#define OVX_FAMILY_NAME "ovx"
#endif
#ifndef OVX_FAMILY_VERSION
#define OVX_FAMILY_VERSION 1
#endif
#ifndef OVX_MCGRP_EVENTS
#define OVX_MCGRP_EVENTS "events"
#endif

#ifndef OVX_LIB_VERSION
#error "OVX_LIB_VERSION must be defined by the build (see lib/version.mk)"
#endif

/* Marks the definition of a function that lib/libovx.sym exports. */
#define OVX_EXPORT __attribute__((visibility("default")))

/* sized.c: objects that start with their size (see OVX_INIT()) */

/* The size of version 1.0 of @type: up to and with its member @last. */
#define OVX_SIZE_1_0(type, last) \
	(offsetof(type, last) + sizeof(((type *)0)->last))

/* The first version of each object: the smallest the library takes. */
#define OVX_SWITCH_MIN OVX_SIZE_1_0(struct ovx_switch, udp_zero_csum6_rx)
#define OVX_SWITCH_CONFIG_MIN \
	OVX_SIZE_1_0(struct ovx_switch_config, udp_zero_csum6_rx)
#define OVX_NET_MIN OVX_SIZE_1_0(struct ovx_net, stats)
#define OVX_NET_CONFIG_MIN OVX_SIZE_1_0(struct ovx_net_config, fdb_max)
#define OVX_PORT_MIN OVX_SIZE_1_0(struct ovx_port, stats)
#define OVX_PEER_MIN OVX_SIZE_1_0(struct ovx_peer, stats)
#define OVX_FDB_ENTRY_MIN OVX_SIZE_1_0(struct ovx_fdb_entry, remote_port)
#define OVX_FDB_FILTER_MIN OVX_SIZE_1_0(struct ovx_fdb_filter, kind)
/* Objects of version 1.1 (address bindings). */
#define OVX_PORT_CONFIG_MIN OVX_SIZE_1_0(struct ovx_port_config, name)
#define OVX_NEIGH_MIN OVX_SIZE_1_0(struct ovx_neigh, age)
#define OVX_NEIGH_FILTER_MIN OVX_SIZE_1_0(struct ovx_neigh_filter, kind)
/* Objects of version 1.1 (routers). */
#define OVX_ROUTER_MIN OVX_SIZE_1_0(struct ovx_router, drops)
#define OVX_ROUTER_CONFIG_MIN OVX_SIZE_1_0(struct ovx_router_config, mac)
#define OVX_ROUTE_MIN OVX_SIZE_1_0(struct ovx_route, net)

/* The @size member of an object: its first, a size_t. */
size_t ovx_sized_size(const void *obj);

/**
 * ovx_sized_in() - take an object the caller passed
 * @full: the library's version of the object, set to its defaults first
 * @full_size: its size
 * @user: the caller's object, of its own @size
 * @min: the smallest size accepted (the object's first version)
 *
 * Copies what the caller's object holds of @full over it, and sets the
 * size of @full to @full_size: members that the caller's version lacks
 * keep their defaults.
 *
 * Return: 0; -EINVAL when @user is smaller than @min; -EOPNOTSUPP when it
 * sets a member that this library does not know (a non-zero byte beyond
 * @full_size).
 */
int ovx_sized_in(void *full, size_t full_size, const void *user, size_t min);

/* 0 when @user is an object of at least @min bytes to fill, or -EINVAL. */
int ovx_sized_out_ok(const void *user, size_t min);

/*
 * Fills the caller's object @user with as much of @full as both have,
 * and sets the size of @user to that.
 */
void ovx_sized_out(void *user, const void *full, size_t full_size);

/* extack.c */

/**
 * struct ovx_extack - what a netlink error or done message says
 * @error: the errno the message carries: 0 or negative
 * @msg: NLMSGERR_ATTR_MSG, pointing into the parsed buffer, or NULL
 * @offset: NLMSGERR_ATTR_OFFS, valid when @has_offset
 * @miss_type: NLMSGERR_ATTR_MISS_TYPE, valid when @has_miss_type
 * @miss_nest: NLMSGERR_ATTR_MISS_NEST, valid when @has_miss_nest
 * @malformed: the TLV area was damaged; attributes from the damaged one on
 *             were ignored (a message string without its NUL included)
 */
struct ovx_extack {
	int error;
	const char *msg;
	uint32_t offset;
	uint32_t miss_type;
	uint32_t miss_nest;
	bool has_offset;
	bool has_miss_type;
	bool has_miss_nest;
	bool malformed;
};

/**
 * ovx_extack_parse() - decode an NLMSG_ERROR or NLMSG_DONE message
 * @buf: the message, starting with its struct nlmsghdr; any alignment
 * @len: bytes available at @buf; nlmsg_len is trusted only up to @len
 * @ext: the result
 *
 * Handles ACKs (error 0, possibly with a warning), errors with the
 * original request capped (NETLINK_CAP_ACK) or echoed in full, and the
 * NLMSG_DONE that ends a dump, whose payload is the dump's errno followed
 * by the TLVs.  TLVs are read only when NLM_F_ACK_TLVS is set.
 *
 * Return: 0 when @ext->error is valid (even if the TLVs were damaged, see
 * @ext->malformed); -EINVAL when @buf is neither an error nor a done
 * message; -EBADMSG when it is too short to carry an error code.
 */
int ovx_extack_parse(const void *buf, size_t len, struct ovx_extack *ext);

/* nlerr.c */

/**
 * ovx_nl_errno() - map a libnl error code to an errno value
 * @nlerr: a libnl error code, NLE_* or -NLE_*
 *
 * Never returns -EPROTONOSUPPORT, which ovx_open() reserves for "family
 * not registered".
 *
 * Return: 0 for NLE_SUCCESS, otherwise a negative errno value.
 */
int ovx_nl_errno(int nlerr);

/* attr.c: policy-checked parsing of replies and notifications */

/**
 * ovx_nl_parse() - parse the attributes of a generic netlink message
 * @nlh: the message (ovx has no family-specific header)
 * @tb: array of @maxtype + 1 entries, filled in
 * @maxtype: highest attribute type of the set
 * @policy: @maxtype + 1 entries stating each attribute's type and lengths;
 *          must not be NULL
 *
 * Attributes above @maxtype (added by a newer kernel) are ignored.
 *
 * Return: 0, -EINVAL when @policy is NULL, or -EBADMSG when the message is
 * too short or an attribute breaks the policy.
 */
int ovx_nl_parse(const struct nlmsghdr *nlh, struct nlattr **tb, int maxtype,
		 const struct nla_policy *policy);

/**
 * ovx_nl_parse_nested() - parse the attributes nested in @nest
 * @tb, @maxtype, @policy: as for ovx_nl_parse()
 * @nest: the nest attribute, or NULL
 *
 * Return: 0, -ENODATA when @nest is NULL, -EINVAL when @policy is NULL, or
 * -EBADMSG when an attribute breaks the policy.
 */
int ovx_nl_parse_nested(struct nlattr **tb, int maxtype,
			const struct nlattr *nest,
			const struct nla_policy *policy);

/*
 * Getters for attributes in a table filled by ovx_nl_parse().  They check
 * presence and exact length again, so a wrong policy cannot turn into an
 * out-of-bounds read.  Each returns 0, -ENODATA when the attribute is
 * absent or -EBADMSG when its length is wrong; @out is written only on
 * success.
 */
int ovx_attr_u8(struct nlattr *const *tb, int type, uint8_t *out);
int ovx_attr_u16(struct nlattr *const *tb, int type, uint16_t *out);
int ovx_attr_u32(struct nlattr *const *tb, int type, uint32_t *out);
int ovx_attr_u64(struct nlattr *const *tb, int type, uint64_t *out);
/* YNL "uint": 4 or 8 bytes, as the kernel's nla_put_uint() sends it */
int ovx_attr_uint(struct nlattr *const *tb, int type, uint64_t *out);
/* A string NUL-terminated within the attribute; *out points into it. */
int ovx_attr_str(struct nlattr *const *tb, int type, const char **out);
/* A binary attribute of exactly @len bytes (a MAC, an IPv6 address). */
int ovx_attr_bin(struct nlattr *const *tb, int type, void *out, size_t len);
/* A flag: true when present. */
bool ovx_attr_flag(struct nlattr *const *tb, int type);
/*
 * A name: a string of 1 to @size - 1 characters, NUL-terminated within
 * the attribute, copied into @buf (@size bytes).
 */
int ovx_attr_name(struct nlattr *const *tb, int type, char *buf,
		  size_t size);
/* ovx_attr_name() on one attribute, e.g. an instance of a multi-attr. */
int ovx_nla_name(const struct nlattr *nla, char *buf, size_t size);
/* An interface index: a u32 of 1 to INT_MAX. */
int ovx_attr_ifindex(struct nlattr *const *tb, int type, int *out);
/*
 * An address: exactly one of @type4 (4 bytes) and @type6 (16 bytes), in
 * network byte order.  -ENODATA when neither is present, -EBADMSG when
 * both are; @out is zeroed first, its family set to the one present.
 */
int ovx_attr_addr(struct nlattr *const *tb, int type4, int type6,
		  struct ovx_addr *out);

/*
 * Puts @addr as attribute @type4 (AF_INET, 4 bytes) or @type6 (AF_INET6,
 * 16 bytes).  Returns 0, -EAFNOSUPPORT for any other family (nothing is
 * put), or -ENOMEM.
 */
int ovx_put_addr(struct nl_msg *msg, int type4, int type6,
		 const struct ovx_addr *addr);

/*
 * Whether @name is a string of 1 to @size - 1 characters (NULL is not):
 * the check of names before they are sent.
 */
bool ovx_name_ok(const char *name, size_t size);

/* nl.c: the only file that touches sockets */

/*
 * Called once per reply message of a request, or per notification.
 * Return 0 to go on or a negative errno value to fail the request; the
 * remaining replies are then read and dropped, so the socket stays in
 * step for the next request.  For the replies of a dump it is called
 * once the whole answer has been read, so it may make requests on the
 * same context; for those of a do request, and for notifications, a
 * request (or receipt of notifications) it makes meanwhile fails with
 * -EBUSY.
 */
typedef int (*ovx_nl_parse_fn)(const struct nlmsghdr *nlh, void *arg);

/*
 * ovx_open() for any generic netlink family: lets the unit tests talk to
 * the always-present "nlctrl" family.  -EPROTONOSUPPORT when @family is
 * not registered, -EINVAL when its name is too long for one.
 */
int ovx_nl_open_family(struct ovx_ctx **ctxp, const char *family,
		       uint8_t version);

/* The id that ovx_open() resolved. */
int ovx_nl_family_id(const struct ovx_ctx *ctx);
uint8_t ovx_nl_version(const struct ovx_ctx *ctx);

/*
 * packet.c: the packet channel's socket, a plain netlink socket rather
 * than libnl's: upcalls are read and frames sent at the rate guests ask,
 * without an allocation per message.
 */
struct ovx_pk {
	int fd;			/* -1 while closed */
	uint32_t seq;		/* of the last listen request */
	uint64_t send_errors;	/* packet-send refused by the kernel */
	uint8_t *buf;		/* receive buffer, OVX_PK_BUFSIZE bytes */
};

int ovx_pk_open(struct ovx_pk *pk);
void ovx_pk_close(struct ovx_pk *pk);
struct ovx_pk *ovx_nl_pk(struct ovx_ctx *ctx);

/* service.c: the service settings of networks, switches and ports */
int ovx_net_parse_services(const struct nlmsghdr *nlh, struct nlattr *const *tb,
			   struct ovx_net *net);
int ovx_net_put_services(struct nl_msg *msg,
			 const struct ovx_net_config *cfg);
int ovx_net_check_services(const struct ovx_net_config *cfg);
int ovx_switch_parse_services(const struct nlmsghdr *nlh,
			      struct nlattr *const *tb, struct ovx_switch *sw);
int ovx_service_stats_parse(const struct nlattr *nest,
			    struct ovx_service_stats *st);

/*
 * Forgets the extended ACK of the last request: for functions that fail
 * before they send anything, so that ovx_errmsg() does not report a
 * message about an older request.
 */
void ovx_nl_clear_extack(struct ovx_ctx *ctx);

/**
 * ovx_nl_msg() - start a request to the family
 * @ctx: the context
 * @cmd: the generic netlink command
 * @flags: NLM_F_* flags such as NLM_F_DUMP or NLM_F_CREATE | NLM_F_EXCL;
 *         NLM_F_REQUEST and NLM_F_ACK are added by ovx_nl_request()
 *
 * Return: the message, ready for nla_put_*(), or NULL when out of memory.
 */
struct nl_msg *ovx_nl_msg(struct ovx_ctx *ctx, uint8_t cmd, int flags);

/**
 * ovx_nl_request() - send a request and wait for its answer
 * @ctx: the context
 * @msg: from ovx_nl_msg(); always freed, whatever the outcome; NULL is
 *       taken as a failed allocation and gives -ENOMEM
 * @parse: called for each reply message (each entry of a dump), or NULL
 * @arg: passed to @parse
 *
 * A request without NLM_F_DUMP is sent with NLM_F_ACK and completes on its
 * ACK; a dump completes on its NLMSG_DONE.  The extended ACK of the
 * answer (the error, or the warning of a successful request) is recorded
 * for ovx_errmsg() and friends.
 *
 * Return: 0; the kernel's negative errno; the first negative value
 * @parse returned; -EINTR when the kernel flagged the dump as interrupted
 * by a concurrent change OVX_DUMP_TRIES times in a row (the dump is sent
 * again each time; the replies of the last try were all parsed, but they
 * may be inconsistent); -EBUSY when called from a callback while @ctx is
 * reading an answer (nothing was sent); or another negative errno value
 * when sending or receiving failed.
 */
int ovx_nl_request(struct ovx_ctx *ctx, struct nl_msg *msg,
		   ovx_nl_parse_fn parse, void *arg);

/**
 * ovx_nl_request_one() - a do request answered by exactly one message
 * @ctx, @msg, @parse, @arg: as for ovx_nl_request(); @parse is required
 *
 * Return: as ovx_nl_request(), and -EPROTO when the kernel answered with
 * no message or with more than one.
 */
int ovx_nl_request_one(struct ovx_ctx *ctx, struct nl_msg *msg,
		       ovx_nl_parse_fn parse, void *arg);

/*
 * For the unit tests only: when set, called on each reply of a dump as it
 * is received, between the kernel's parts, so that a test can change the
 * dumped table under the dump.
 */
extern void (*ovx_nl_test_reply_hook)(struct ovx_ctx *ctx);

/**
 * ovx_nl_events_recv() - receive notifications
 * @ctx: a context on which ovx_subscribe() succeeded
 * @cb: called for each notification of the family
 * @arg: passed to @cb
 *
 * Blocks until a datagram arrives, then handles every message in it.  Use
 * poll() on ovx_events_fd() to wait without blocking.
 *
 * Return: 0; -ENOTCONN when not subscribed; -ENOBUFS when the socket
 * overflowed and notifications were lost (the next call goes on
 * normally); the first negative value @cb returned; or another negative
 * errno value when receiving failed.
 */
int ovx_nl_events_recv(struct ovx_ctx *ctx, ovx_nl_parse_fn cb, void *arg);

/**
 * ovx_nl_route_msg() - start an rtnetlink request
 * @type: the message type, RTM_*
 * @flags: NLM_F_* flags such as NLM_F_CREATE | NLM_F_EXCL; NLM_F_REQUEST
 *         and NLM_F_ACK are added by ovx_nl_route_request()
 * @hdr: the family header of @type (struct ifinfomsg for links), copied
 * @hdrlen: its length
 *
 * Return: the message, ready for nla_put_*(), or NULL when out of memory.
 */
struct nl_msg *ovx_nl_route_msg(uint16_t type, int flags, const void *hdr,
				size_t hdrlen);

/**
 * ovx_nl_route_request() - ovx_nl_request() on rtnetlink
 * @ctx: the context; its rtnetlink socket is opened on first use, with
 *       the same options as the generic netlink one
 * @msg: from ovx_nl_route_msg(); always freed; NULL gives -ENOMEM
 * @hdrlen: the length of the family header of @msg, so that the offset
 *          of a rejected attribute can be resolved (ovx_err_attr())
 * @parse: called for each reply message, or NULL
 * @arg: passed to @parse
 *
 * Return: as ovx_nl_request(), or the error of opening the socket.
 */
int ovx_nl_route_request(struct ovx_ctx *ctx, struct nl_msg *msg,
			 size_t hdrlen, ovx_nl_parse_fn parse, void *arg);

/* switch.c */

/**
 * ovx_switch_parse() - decode a switch message of the ovx family
 * @nlh: a reply to OVX_CMD_SWITCH_GET (do or dump), or a notification
 *       about a switch; the generic netlink command is not checked
 * @sw: filled in on success; undefined on failure
 *
 * The attributes are checked against a policy, then every attribute the
 * kernel always sends is required: interface index (1 to INT_MAX) and
 * name (NUL-terminated, 1 to 15 characters), exactly one of LOCAL4 and
 * LOCAL6, port, TTL, TOS, DF and encapsulation, each of its exact size.
 * The stats nest is optional; when present it must hold all six counters,
 * 8 bytes each.  So is the drops nest, with all ten counters of 8 bytes.
 * Attributes unknown to this library are ignored.
 *
 * Return: 0, or -EBADMSG when the message breaks any of these rules.
 */
int ovx_switch_parse(const struct nlmsghdr *nlh, struct ovx_switch *sw);

/**
 * ovx_switch_newlink_msg() - build the RTM_NEWLINK request of a switch
 * @cfg: the settings
 * @msgp: the message, for ovx_nl_route_request() with a struct ifinfomsg
 *        header; NULL on failure
 *
 * Return: 0; -EINVAL or -EAFNOSUPPORT when @cfg is invalid (see
 * ovx_switch_add()); -ENOMEM.
 */
int ovx_switch_newlink_msg(const struct ovx_switch_config *cfg,
			   struct nl_msg **msgp);

/* stats.c */

/**
 * ovx_stats_parse() - decode a nest of the "stats" attribute set
 * @nest: the nest attribute
 * @st: filled in on success
 *
 * All six counters are required, 8 bytes each; the padding attribute and
 * attributes unknown to this library are ignored.
 *
 * Return: 0, or -EBADMSG.
 */
int ovx_stats_parse(const struct nlattr *nest, struct ovx_stats *st);

/**
 * ovx_drops_parse() - decode a nest of the "drops" attribute set
 * @nest: the nest attribute
 * @drops: filled in on success
 *
 * All ten counters are required, 8 bytes each; the padding attribute and
 * counters unknown to this library are ignored.
 *
 * Return: 0, or -EBADMSG.
 */
int ovx_drops_parse(const struct nlattr *nest, struct ovx_drops *drops);

/* net.c */

/**
 * ovx_net_parse() - decode a network message of the ovx family
 * @nlh: a reply to OVX_CMD_NET_GET (do or dump); the command is not
 *       checked
 * @net: filled in on success; undefined on failure
 *
 * Required, each of its exact size: the switch's interface index (1 to
 * INT_MAX) and name (1 to 15 characters), the network's name (1 to 31
 * characters), its VNI (1 to OVX_NET_VNI_MAX), learning (0 or 1),
 * ageing, fdb-max, fdb-learned and fdb-static.  The stats nest is
 * optional; when present it must be complete.  Unknown attributes are
 * ignored.
 *
 * Return: 0, or -EBADMSG when the message breaks any of these rules.
 */
int ovx_net_parse(const struct nlmsghdr *nlh, struct ovx_net *net);

/**
 * ovx_net_put_config() - the attributes of a net-new or net-set request
 * @msg: the request, from ovx_nl_msg()
 * @cfg: the settings
 * @add: true for net-new (VNI and switch), false for net-set
 *
 * With @add and no switch in @cfg, nothing is put for the switch: the
 * caller resolves it first.
 *
 * Return: 0; -EINVAL when @cfg is invalid for the request; -ENOMEM.
 */
int ovx_net_put_config(struct nl_msg *msg, const struct ovx_net_config *cfg,
		       bool add);

/* port.c */

/**
 * ovx_port_parse() - decode a port message of the ovx family
 * @nlh: a reply to OVX_CMD_PORT_GET (do or dump), or a port notification;
 *       the command is not checked
 * @port: filled in on success; undefined on failure
 *
 * Required, each of its exact size: the device's interface index (1 to
 * INT_MAX) and name (1 to 15 characters), the network's name (1 to 31
 * characters) and VNI (1 to OVX_NET_VNI_MAX), the switch's interface
 * index and the port id.  The stats nest is optional; when present it
 * must be complete.  Unknown attributes are ignored.
 *
 * Return: 0, or -EBADMSG.
 */
int ovx_port_parse(const struct nlmsghdr *nlh, struct ovx_port *port);

/**
 * ovx_port_put_config() - the attributes of a port-new request
 * @msg: the request
 * @cfg: the settings
 *
 * Everything is checked before anything is put.
 *
 * Return: 0; -EINVAL or -EAFNOSUPPORT when @cfg is invalid (see
 * ovx_port_add_config()); -ENOMEM.
 */
int ovx_port_put_config(struct nl_msg *msg,
			const struct ovx_port_config *cfg);

/* fdb.c */

/**
 * ovx_fdb_parse() - decode an FDB message of the ovx family
 * @nlh: a reply to OVX_CMD_FDB_GET (do or dump), or an FDB notification;
 *       the command is not checked
 * @entry: filled in on success; undefined on failure
 * @event: NULL, or where to store OVX_A_FDB_EVENT, which is then required
 *
 * Required, each of its exact size: the network's name (1 to 31
 * characters) and VNI (1 to OVX_NET_VNI_MAX), the MAC address, the age,
 * and exactly one destination: the port's interface index (1 to INT_MAX)
 * with its name (1 to 15 characters), PEER4 or PEER6.  The flags are
 * optional (0 when absent).  Unknown attributes are ignored.
 *
 * Return: 0, or -EBADMSG.
 */
int ovx_fdb_parse(const struct nlmsghdr *nlh, struct ovx_fdb_entry *entry,
		  uint32_t *event);

/**
 * ovx_fdb_put_entry() - the attributes of an fdb-new request
 * @msg: the request
 * @entry: net, MAC and exactly one of port_ifindex and peer
 *
 * Return: 0; -EINVAL or -EAFNOSUPPORT when @entry is invalid; -ENOMEM.
 */
int ovx_fdb_put_entry(struct nl_msg *msg, const struct ovx_fdb_entry *entry);

/**
 * ovx_fdb_put_filter() - the attributes of an fdb dump or flush request
 * @msg: the request
 * @filter: the filter, or NULL (then nothing is put)
 * @flush: true for fdb-flush, which takes no @filter->kind
 *
 * Return: 0; -EINVAL or -EAFNOSUPPORT when @filter is invalid; -ENOMEM.
 */
int ovx_fdb_put_filter(struct nl_msg *msg,
		       const struct ovx_fdb_filter *filter, bool flush);

/* neigh.c */

/**
 * ovx_neigh_parse() - decode an address binding message of the ovx family
 * @nlh: a reply to OVX_CMD_NEIGH_GET (do or dump), or a neigh
 *       notification; the command is not checked
 * @neigh: filled in on success; undefined on failure
 * @event: NULL, or where to store OVX_A_NEIGH_EVENT, which is then
 *         required
 *
 * Required, each of its exact size: the network's name (1 to 31
 * characters) and VNI (1 to OVX_NET_VNI_MAX), exactly one of ADDR4 and
 * ADDR6, the Ethernet address, and exactly one destination: the port's
 * interface index (1 to INT_MAX) with its name (1 to 15 characters),
 * PEER4 or PEER6.  In a miss notification the Ethernet address and the
 * destination are optional (at most one destination).  The flags and the
 * age are optional (0 when absent).  Unknown attributes are ignored.
 *
 * Return: 0, or -EBADMSG.
 */
int ovx_neigh_parse(const struct nlmsghdr *nlh, struct ovx_neigh *neigh,
		    uint32_t *event);

/**
 * ovx_neigh_put() - the attributes of a neigh-new request
 * @msg: the request
 * @neigh: net, address, Ethernet address and exactly one of port_ifindex
 *         and peer
 *
 * Return: 0; -EINVAL or -EAFNOSUPPORT when @neigh is invalid; -ENOMEM.
 */
int ovx_neigh_put(struct nl_msg *msg, const struct ovx_neigh *neigh);

/**
 * ovx_neigh_put_filter() - the attributes of a neigh dump request
 * @msg: the request
 * @filter: the filter, or NULL (then nothing is put)
 *
 * Return: 0; -EINVAL or -EAFNOSUPPORT when @filter is invalid; -ENOMEM.
 */
int ovx_neigh_put_filter(struct nl_msg *msg,
			 const struct ovx_neigh_filter *filter);

/* peer.c */

/**
 * ovx_peer_parse() - decode a peer message of the ovx family
 * @nlh: a reply to OVX_CMD_PEER_GET (do or dump); the command is not
 *       checked
 * @peer: filled in on success, with a @nets array to free with
 *        ovx_peer_clear(); on failure zeroed, holding no memory
 *
 * Required, each of its exact size: the switch's interface index (1 to
 * INT_MAX) and name (1 to 15 characters), and exactly one of ADDR4 and
 * ADDR6.  Each NET attribute (any number, in order) must be a name of 1
 * to 31 characters, and the message must end with a whole attribute, so
 * that no network is lost.  The stats nest is optional; when present it
 * must be complete.  Unknown attributes are ignored.
 *
 * Return: 0, -EBADMSG, or -ENOMEM.
 */
int ovx_peer_parse(const struct nlmsghdr *nlh, struct ovx_peer *peer);

/**
 * ovx_peer_put() - the attributes of a peer-new, peer-del or peer-get
 *                  (do) request
 * @msg: the request, from ovx_nl_msg(); grown when the networks need more
 *       room than it has
 * @switch_ifindex: the switch, resolved: 1 or more
 * @addr: the peer's address
 * @nets: @n_nets network names, or NULL when @n_nets is 0
 * @n_nets: how many
 *
 * Everything is checked before anything is put.
 *
 * Return: 0; -EINVAL or -EAFNOSUPPORT when an argument is invalid (see
 * ovx_peer_add()); -ENOMEM.
 */
int ovx_peer_put(struct nl_msg *msg, int switch_ifindex,
		 const struct ovx_addr *addr, const char *const *nets,
		 size_t n_nets);

/* router.c */

int ovx_router_parse(const struct nlmsghdr *nlh, struct ovx_router *r);

/* A router name the kernel takes: 1-31 letters, digits, '-', '_', '.'. */
bool ovx_router_name_ok(const char *name);

int ovx_router_put_config(struct nl_msg *msg,
			  const struct ovx_router_config *cfg,
			  int switch_ifindex);

int ovx_router_put_attach(struct nl_msg *msg, const char *router,
			  const char *net, const struct ovx_prefix *addrs,
			  size_t n_addrs);

/* A router-addr nest: an address and a prefix length that fits it. */
int ovx_prefix_parse(const struct nlattr *nest, struct ovx_prefix *p);

/* 0, or -EINVAL/-EAFNOSUPPORT for a bad family or a too long length. */
int ovx_prefix_check(const struct ovx_prefix *p);

/* route.c */

int ovx_route_parse(const struct nlmsghdr *nlh, struct ovx_route *rt);

/*
 * The router, the prefix (without host bits) and, with @via (NULL or
 * AF_UNSPEC: none), the next hop of a route request.
 */
int ovx_route_put(struct nl_msg *msg, const char *router,
		  const struct ovx_prefix *prefix, const struct ovx_addr *via);

/* events.c */

/* A notification and the object it points to. */
struct ovx_event_buf {
	struct ovx_event ev;
	struct ovx_fdb_entry fdb;
	struct ovx_port port;
	struct ovx_neigh neigh;
	struct ovx_net net;
};

/**
 * ovx_event_parse() - decode a notification of the ovx family
 * @nlh: the notification
 * @buf: filled in on success (the event zeroed first); @buf->ev points
 *       into @buf
 *
 * Return: 0; -ENOMSG when the command is not a notification this library
 * knows (the caller skips it); -EBADMSG when the message is malformed.
 */
int ovx_event_parse(const struct nlmsghdr *nlh, struct ovx_event_buf *buf);

#endif /* OVX_PRIVATE_H */
