/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Copyright (C) 2026 The ovx authors.
 *
 * libovx: the userspace library of the ovx overlay virtual switch.
 *
 * Every function that can fail returns 0 (or a non-negative value where
 * documented) on success and a negative errno value on failure.  When the
 * kernel rejected a request, the errno is the one the kernel put in its
 * netlink error message, and ovx_errmsg() gives the kernel's explanation
 * (its extended ACK message).  The library never prints anything.
 *
 * A context is not thread-safe: use one context per thread.
 */
#ifndef OVX_OVX_H
#define OVX_OVX_H

#include <netinet/in.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * struct ovx_ctx - a connection to the ovx generic netlink family
 *
 * Opaque.  Created by ovx_open(), destroyed by ovx_close().
 */
struct ovx_ctx;

/**
 * struct ovx_addr - an IPv4 or IPv6 address
 * @family: %AF_INET or %AF_INET6; %AF_UNSPEC (0) when no address is set
 * @u: the address in network byte order; for %AF_INET only @u.v4 is used
 *     and the rest of @u.raw is zero
 */
struct ovx_addr {
	int family;
	union {
		struct in_addr v4;
		struct in6_addr v6;
		uint8_t raw[16];
	} u;
};

/**
 * ovx_lib_version() - the version of this library
 *
 * Return: a static string such as "0.1.0".
 */
const char *ovx_lib_version(void);

/**
 * ovx_open() - connect to the ovx kernel module
 * @ctxp: where to store the new context
 *
 * Opens a generic netlink socket, turns on extended ACKs, capped ACKs and
 * strict checking of dump requests, and looks up the "ovx" family and its
 * multicast groups once.
 * Opening a context does not need any privilege; requests that change
 * state need CAP_NET_ADMIN in the network namespace of the socket, which
 * is the namespace of the calling thread at the time of this call.
 *
 * Return: 0 and a context in @ctxp, or a negative errno value and NULL in
 * @ctxp:
 * -EPROTONOSUPPORT: the generic netlink family "ovx" is not registered,
 * that is, the ovx kernel module is not loaded (and could not be loaded
 * on demand);
 * -ENOMEM: out of memory;
 * any other value: creating or connecting the netlink socket failed, or
 * the kernel answered the family lookup with that error.
 */
int ovx_open(struct ovx_ctx **ctxp);

/**
 * ovx_close() - close a context and free everything it holds
 * @ctx: the context, or NULL (then nothing happens)
 */
void ovx_close(struct ovx_ctx *ctx);

/**
 * ovx_errmsg() - the kernel's message about the last request
 * @ctx: the context, or NULL
 *
 * The kernel may explain a rejected request with an extended ACK message,
 * for example "vni out of range".  It may also attach a message to a
 * request that succeeded: that message is a warning.  The caller knows
 * which of the two it is from the return value of the request.
 *
 * Return: the message of the last request made on @ctx, or NULL when the
 * kernel sent none.  The string belongs to @ctx and stays valid until the
 * next request on @ctx or ovx_close().
 */
const char *ovx_errmsg(const struct ovx_ctx *ctx);

/**
 * ovx_err_offset() - where the kernel found a bad attribute
 * @ctx: the context, or NULL
 *
 * Return: the byte offset, from the start of the netlink message of the
 * last request, of the attribute the kernel rejected, or -1 when the
 * kernel did not name one.
 */
int ovx_err_offset(const struct ovx_ctx *ctx);

/**
 * ovx_err_attr() - which attribute the kernel rejected
 * @ctx: the context, or NULL
 *
 * Return: the type of the attribute at ovx_err_offset() in the last
 * request (an attribute of the set it was nested in), or -1 when the
 * kernel did not name one or the offset does not point at an attribute.
 */
int ovx_err_attr(const struct ovx_ctx *ctx);

/**
 * ovx_err_missing_attr() - which required attribute the kernel missed
 * @ctx: the context, or NULL
 *
 * Return: the type of the attribute the kernel reported as missing in the
 * last request, or -1 when it reported none.
 */
int ovx_err_missing_attr(const struct ovx_ctx *ctx);

/**
 * ovx_subscribe() - receive the kernel's notifications on @ctx
 * @ctx: the context
 * @group: the name of the multicast group, or NULL for the family's
 *         event group ("events")
 *
 * Notifications arrive on a second socket of @ctx, so requests made on
 * @ctx meanwhile are not disturbed.  Subscribing to a group twice is
 * harmless.  The group ids were listed by ovx_open().
 *
 * Return: 0, -ENOENT when the family has no such group, -ENOMEM, or
 * another negative errno value when creating the socket or joining the
 * group failed.
 */
int ovx_subscribe(struct ovx_ctx *ctx, const char *group);

/**
 * ovx_events_fd() - the file descriptor that notifications arrive on
 * @ctx: the context
 *
 * The descriptor is for poll(2) and similar: when it is readable, call the
 * receive function of the library.  Do not read from it or close it.
 *
 * Return: the descriptor, or -ENOTCONN when ovx_subscribe() has not
 * succeeded on @ctx.
 */
int ovx_events_fd(const struct ovx_ctx *ctx);

#ifdef __cplusplus
}
#endif

#endif /* OVX_OVX_H */
