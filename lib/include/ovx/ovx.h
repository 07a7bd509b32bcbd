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
#include <stdbool.h>
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
 * The functions that create and delete switches open a second socket,
 * for rtnetlink, on first use, with the same options.
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

/*
 * Switches
 *
 * A switch is a network device of rtnetlink link kind "ovx".  It is
 * created and deleted with rtnetlink, as "ip link add NAME type ovx" and
 * "ip link del NAME" do, and shown through the "ovx" generic netlink
 * family.  Its tunnel settings are fixed when it is created.
 */

/* The size of an interface name with its NUL, as IFNAMSIZ in <net/if.h>. */
#define OVX_IFNAMSIZ 16

/**
 * enum ovx_switch_encap - the tunnel encapsulation of a switch
 * @OVX_SWITCH_ENCAP_VXLAN: VXLAN (RFC 7348), default UDP port 4789
 * @OVX_SWITCH_ENCAP_GENEVE: Geneve (RFC 8926), default UDP port 6081
 */
enum ovx_switch_encap {
	OVX_SWITCH_ENCAP_VXLAN = 0,
	OVX_SWITCH_ENCAP_GENEVE = 1,
};

/**
 * enum ovx_switch_df - the Don't Fragment bit of outer IPv4 headers
 * @OVX_SWITCH_DF_UNSET: not set
 * @OVX_SWITCH_DF_SET: set
 */
enum ovx_switch_df {
	OVX_SWITCH_DF_UNSET = 0,
	OVX_SWITCH_DF_SET = 1,
};

/**
 * struct ovx_stats - the counters of a device
 * @rx_packets: packets received
 * @rx_bytes: bytes received
 * @tx_packets: packets sent
 * @tx_bytes: bytes sent
 * @rx_dropped: received packets dropped
 * @tx_dropped: packets dropped instead of being sent
 */
struct ovx_stats {
	uint64_t rx_packets;
	uint64_t rx_bytes;
	uint64_t tx_packets;
	uint64_t tx_bytes;
	uint64_t rx_dropped;
	uint64_t tx_dropped;
};

/**
 * struct ovx_switch - a switch, as the kernel reports it
 * @ifindex: interface index of the switch device
 * @name: interface name of the switch device
 * @local: local underlay address; 0.0.0.0 or :: means any
 * @port: UDP destination port of the tunnel, in host byte order
 * @ttl: TTL of outer IP headers; 0 means the route's default ("inherit")
 * @tos: TOS of outer IP headers
 * @df: the Don't Fragment setting, an &enum ovx_switch_df value
 * @encap: the encapsulation, an &enum ovx_switch_encap value
 * @has_stats: whether the kernel sent @stats
 * @stats: the counters of the switch device, valid when @has_stats
 *
 * @df and @encap hold what the kernel sent: a newer kernel may send a
 * value that this library has no name for.
 */
struct ovx_switch {
	int ifindex;
	char name[OVX_IFNAMSIZ];
	struct ovx_addr local;
	uint16_t port;
	uint8_t ttl;
	uint8_t tos;
	enum ovx_switch_df df;
	enum ovx_switch_encap encap;
	bool has_stats;
	struct ovx_stats stats;
};

/**
 * struct ovx_switch_config - the settings of a new switch
 * @name: interface name, 1 to %OVX_IFNAMSIZ - 1 characters
 * @local: local underlay address; %AF_UNSPEC leaves it to the kernel,
 *         which binds to any IPv4 address (0.0.0.0)
 * @port: UDP destination port in host byte order; 0 leaves it to the
 *        kernel, which takes the default port of @encap
 * @ttl: 0 to 255 (0: the route's default), or -1 for the kernel's
 *       default (0)
 * @tos: 0 to 255, or -1 for the kernel's default (0)
 * @df: an &enum ovx_switch_df value, or -1 for the kernel's default
 *      (%OVX_SWITCH_DF_UNSET)
 * @encap: an &enum ovx_switch_encap value, or -1 for the kernel's default
 *         (%OVX_SWITCH_ENCAP_VXLAN)
 *
 * Fill it with ovx_switch_config_init() first, then set what differs
 * from the defaults; fields left at their "default" value are not sent,
 * so the kernel decides.
 */
struct ovx_switch_config {
	const char *name;
	struct ovx_addr local;
	uint16_t port;
	int ttl;
	int tos;
	int df;
	int encap;
};

/**
 * ovx_switch_config_init() - set every field of a switch config to default
 * @cfg: the config
 * @name: the interface name of the switch; the string is not copied
 */
void ovx_switch_config_init(struct ovx_switch_config *cfg, const char *name);

/**
 * ovx_switch_add() - create a switch
 * @ctx: the context
 * @cfg: the settings, from ovx_switch_config_init()
 *
 * Sends RTM_NEWLINK with NLM_F_CREATE and NLM_F_EXCL for link kind "ovx"
 * on the rtnetlink socket of @ctx (opened on first use), as
 * "ip link add NAME type ovx ..." does.  The new device is down.
 * ovx_errmsg() gives the kernel's explanation of a failure, as for the
 * requests of the ovx family.
 *
 * Return: 0, or a negative errno value:
 * -EINVAL: a field of @cfg is out of range (nothing was sent), or the
 * kernel refused a setting;
 * -EAFNOSUPPORT: @cfg->local has a family other than %AF_UNSPEC,
 * %AF_INET and %AF_INET6 (nothing was sent);
 * -EEXIST: a device of that name exists;
 * -EPROTONOSUPPORT: the kernel does not know link kind "ovx": the module
 * is not loaded (it went away after ovx_open());
 * -EPERM: no CAP_NET_ADMIN in the network namespace;
 * any other value from the kernel or the socket.
 */
int ovx_switch_add(struct ovx_ctx *ctx, const struct ovx_switch_config *cfg);

/**
 * ovx_switch_del() - delete a switch
 * @ctx: the context
 * @name: the interface name of the switch
 *
 * Looks the switch up by name with the ovx family first, so that no other
 * kind of device is ever deleted, then sends RTM_DELLINK for its
 * interface index.
 *
 * Return: 0, or a negative errno value: -EINVAL when @name is not a valid
 * interface name (nothing was sent) or the device is not an ovx switch;
 * -ENODEV when there is no such device; -EPERM without CAP_NET_ADMIN;
 * any other value from the kernel or the socket.
 */
int ovx_switch_del(struct ovx_ctx *ctx, const char *name);

/**
 * ovx_switch_get() - look a switch up by name
 * @ctx: the context
 * @name: the interface name of the switch
 * @out: filled in on success
 *
 * Return: 0, or a negative errno value: -EINVAL when @name is not a valid
 * interface name (nothing was sent) or the device is not an ovx switch;
 * -ENODEV when there is no such device; -EBADMSG when the kernel's
 * answer is malformed; any other value from the kernel or the socket.
 */
int ovx_switch_get(struct ovx_ctx *ctx, const char *name,
		   struct ovx_switch *out);

/**
 * ovx_switch_dump() - list the switches of the network namespace
 * @ctx: the context
 * @cb: called once per switch; returns 0 to go on, or a negative errno
 *      value to stop (the rest of the dump is read and dropped); @sw is
 *      valid during the call only
 * @arg: passed to @cb
 *
 * Return: 0; the first negative value @cb returned; -EINTR when the list
 * changed during the dump (every switch was passed to @cb, but some may
 * be missing or stale: dump again); -EBADMSG when an answer is malformed;
 * any other negative errno value from the kernel or the socket.
 */
int ovx_switch_dump(struct ovx_ctx *ctx,
		    int (*cb)(const struct ovx_switch *sw, void *arg),
		    void *arg);

#ifdef __cplusplus
}
#endif

#endif /* OVX_OVX_H */
