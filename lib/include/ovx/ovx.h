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
 *
 * Every function that takes an object with a @size refuses one whose
 * @size is below the object's first version with -EINVAL, and one that
 * sets members this library does not know with -EOPNOTSUPP.
 *
 * ABI.  libovx.so.1 keeps its ABI as the library grows: objects gain
 * members at their end only, and each object that may grow starts with
 * a @size member that says how much of it is there.
 * - An object that the caller passes (a config, a filter, an FDB entry to
 *   add, an object for a get function to fill) is set up with OVX_INIT(),
 *   or the init function of its kind, which sets @size to the size that
 *   the caller was compiled with.  The library reads and writes no byte
 *   beyond @size; it takes the members it knows that lie beyond @size as
 *   left at their defaults, and refuses (-EOPNOTSUPP) a non-zero member
 *   beyond what it knows.  A get function sets @size to how much it
 *   filled.
 * - An object that the library passes (to a dump or event callback) has
 *   @size set to what the library filled: check OVX_HAS() before reading
 *   a member newer than the header the caller was compiled with.
 * - Counters are arrays indexed by an enum, of a capacity that leaves
 *   room for counters to come (see &struct ovx_stats and &struct
 *   ovx_drops), so they never change the size of what holds them.
 *
 * The callbacks of the dump functions are called once the whole dump has
 * been read, so they may make requests on the same context.  The
 * callback of ovx_events_recv() may make requests too, but not receive
 * notifications: ovx_events_recv() from inside it returns -EBUSY.
 */
#ifndef OVX_OVX_H
#define OVX_OVX_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * OVX_INIT() - zero an object and set its @size for this header
 * @p: a pointer to an object that has a @size member
 */
#define OVX_INIT(p)						\
	do {							\
		memset((p), 0, sizeof(*(p)));			\
		(p)->size = sizeof(*(p));			\
	} while (0)

/**
 * OVX_HAS() - whether an object holds a member
 * @p: a pointer to an object from the library
 * @member: the member
 *
 * True when @member lies within the @size of @p, that is, when the
 * library that filled @p knew it.
 */
#define OVX_HAS(p, member) \
	(offsetof(__typeof__(*(p)), member) + sizeof((p)->member) <= \
	 (p)->size)

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
 * multicast groups once.  It also opens the rtnetlink socket of the
 * functions that create and delete switches and of ovx_ifindex(), with
 * the same options, and the socket that notifications arrive on.
 * Every socket of the context, so every request and notification, lives
 * in the network namespace of the calling thread at the time of this
 * call, even after the thread enters another one (setns(2)).
 * Opening a context does not need any privilege; requests that change
 * state need CAP_NET_ADMIN in that namespace.
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
 * enum ovx_stat - the counters of a device, indexes of &ovx_stats.v
 * @OVX_STAT_RX_PACKETS: packets received
 * @OVX_STAT_RX_BYTES: bytes received
 * @OVX_STAT_TX_PACKETS: packets sent
 * @OVX_STAT_TX_BYTES: bytes sent
 * @OVX_STAT_RX_DROPPED: received packets dropped
 * @OVX_STAT_TX_DROPPED: packets dropped instead of being sent
 *
 * New counters get the next values; none is ever renumbered.
 */
enum ovx_stat {
	OVX_STAT_RX_PACKETS = 0,
	OVX_STAT_RX_BYTES,
	OVX_STAT_TX_PACKETS,
	OVX_STAT_TX_BYTES,
	OVX_STAT_RX_DROPPED,
	OVX_STAT_TX_DROPPED,
};

/* The capacity of &ovx_stats.v: room for counters to come. */
#define OVX_STATS_CAP 16

/**
 * struct ovx_stats - the counters of a device
 * @n: how many counters the library filled in: @v[0] to @v[@n - 1], by
 *     &enum ovx_stat; the others are 0
 * @v: the counters
 */
struct ovx_stats {
	uint32_t n;
	uint64_t v[OVX_STATS_CAP];
};

/**
 * ovx_stat_name() - the name of a counter
 * @stat: an &enum ovx_stat value
 *
 * Return: a static string such as "rx_packets" (the JSON key of the ovx
 * tool), or NULL when this library knows no counter @stat.
 */
const char *ovx_stat_name(unsigned int stat);

/**
 * enum ovx_drop_reason - why a switch dropped frames, indexes of
 *                        &ovx_drops.v
 * @OVX_DROP_TUNNEL_SHORT: tunnel packets too short for their headers
 * @OVX_DROP_TUNNEL_BAD_FLAGS: tunnel packets whose header flags or
 *                             reserved bits are not supported
 * @OVX_DROP_TUNNEL_UNKNOWN_VNI: tunnel packets for a VNI that no network
 *                               of the switch has
 * @OVX_DROP_TUNNEL_UNKNOWN_PEER: tunnel packets from an address that is
 *                                not a peer of that network
 * @OVX_DROP_TUNNEL_BAD_INNER: decapsulated frames with an invalid
 *                             Ethernet source address
 * @OVX_DROP_BAD_SOURCE: frames from a port with an invalid (multicast or
 *                       zero) source address
 * @OVX_DROP_FDB_FULL: source addresses not learnt because the network's
 *                     limit (&ovx_net.fdb_max) was reached
 * @OVX_DROP_NO_ROUTE: frames for a peer that the underlay has no usable
 *                     route to
 * @OVX_DROP_TUNNEL_DOWN: frames for a peer while the switch device is down
 * @OVX_DROP_NO_MEMORY: frames dropped for lack of memory (copies,
 *                      headroom)
 * @OVX_DROP_TUNNEL_BAD_OPTION: Geneve packets whose options overrun their
 *                              header or have bad lengths
 * @OVX_DROP_TUNNEL_CRITICAL_OPTION: Geneve packets carrying a critical
 *                                   option that the kernel does not know
 * @OVX_DROP_TOO_BIG: frames that do not fit the underlay once
 *                    encapsulated and may not be fragmented; where it
 *                    could, the kernel answered their sender with an ICMP
 *                    error
 * @OVX_DROP_FDB_MOVE_REFUSED: tunnel frames dropped because their source
 *                             address is that of a local port that still
 *                             uses it (spoofed or looped): the FDB entry
 *                             stayed local
 * @OVX_DROP_FDB_PORT_FULL: source addresses not learnt because their port
 *                          reached its share (half) of the network's limit
 * @OVX_DROP_FDB_PEER_FULL: source addresses not learnt because their peer
 *                          reached its share (half) of the network's limit
 * @OVX_DROP_FDB_EVENTS_SUPPRESSED: FDB events (learned, moved, aged) not
 *                                  sent because a network reached its rate
 *                                  of events; events, not frames
 * @OVX_DROP_BAD_ARP: ARP packets from a port too short for their header or
 *                    whose address lengths do not match their types
 * @OVX_DROP_BAD_ND: neighbour solicitations and advertisements from a port
 *                   that are truncated or malformed (checksum, hop limit,
 *                   code, options)
 * @OVX_DROP_UNKNOWN_UNICAST: frames for a unicast address the network does
 *                            not know, dropped because
 *                            &ovx_net.flood_unknown is off
 * @OVX_DROP_UNANSWERED_RESOLUTION: ARP requests and neighbour solicitations
 *                                  for an address without a binding,
 *                                  dropped because &ovx_net.flood_unknown
 *                                  is off
 * @OVX_DROP_MOVE_STALE: move announcements from peers not applied: a
 *                       sequence not later than the entry's, or malformed
 * @OVX_DROP_GUEST_CONTROL: frames from a local port with the Ethertype
 *                          switches use to announce moves to each other
 *
 * New reasons get the next values; none is ever renumbered.
 */
enum ovx_drop_reason {
	OVX_DROP_TUNNEL_SHORT = 0,
	OVX_DROP_TUNNEL_BAD_FLAGS,
	OVX_DROP_TUNNEL_UNKNOWN_VNI,
	OVX_DROP_TUNNEL_UNKNOWN_PEER,
	OVX_DROP_TUNNEL_BAD_INNER,
	OVX_DROP_BAD_SOURCE,
	OVX_DROP_FDB_FULL,
	OVX_DROP_NO_ROUTE,
	OVX_DROP_TUNNEL_DOWN,
	OVX_DROP_NO_MEMORY,
	OVX_DROP_TUNNEL_BAD_OPTION,
	OVX_DROP_TUNNEL_CRITICAL_OPTION,
	OVX_DROP_TOO_BIG,
	OVX_DROP_FDB_MOVE_REFUSED,
	OVX_DROP_FDB_PORT_FULL,
	OVX_DROP_FDB_PEER_FULL,
	OVX_DROP_FDB_EVENTS_SUPPRESSED,
	OVX_DROP_BAD_ARP,
	OVX_DROP_BAD_ND,
	OVX_DROP_UNKNOWN_UNICAST,
	OVX_DROP_UNANSWERED_RESOLUTION,
	OVX_DROP_MOVE_STALE,
	OVX_DROP_GUEST_CONTROL,
};

/* The capacity of &ovx_drops.v: room for reasons to come. */
#define OVX_DROPS_CAP 64

/**
 * struct ovx_drops - the frames a switch dropped, by reason
 * @n: how many reasons the library filled in: @v[0] to @v[@n - 1], by
 *     &enum ovx_drop_reason; the others are 0.  A reason that the kernel
 *     does not count yet (an older module) reads as 0.
 * @v: the counters
 *
 * A newer library may fill more reasons than the caller has names for:
 * ovx_drop_reason_name() names them all.
 */
struct ovx_drops {
	uint32_t n;
	uint64_t v[OVX_DROPS_CAP];
};

/**
 * ovx_drop_reason_name() - the name of a drop reason
 * @reason: an &enum ovx_drop_reason value
 *
 * Return: a static string such as "tunnel_short" (the JSON key of the ovx
 * tool, the spec's name with '_' for '-'), or NULL when this library
 * knows no reason @reason.
 */
const char *ovx_drop_reason_name(unsigned int reason);

/* The most DNS servers of a network, and upstream resolvers of a switch. */
#define OVX_DNS_SERVERS_MAX 4

/* The size of a DNS domain name (no final dot) with its NUL. */
#define OVX_DOMAIN_SIZ 254

/**
 * struct ovx_service_stats - the packet channel's counters
 * @upcalls: service frames handed to the service daemon
 * @ratelimited: service frames dropped by a port's token bucket
 * @unqueued: service frames dropped because the daemon's socket could not
 *            take them
 * @sent: frames the daemon sent out of ports
 */
struct ovx_service_stats {
	uint64_t upcalls;
	uint64_t ratelimited;
	uint64_t unqueued;
	uint64_t sent;
};

/**
 * struct ovx_switch - a switch, as the kernel reports it
 * @size: the size of the object, see OVX_INIT() and OVX_HAS()
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
 * @has_drops: whether the kernel sent @drops (kernels before peers did
 *             not)
 * @drops: the frames the switch dropped, by reason, valid when @has_drops
 * @has_mtu: whether the kernel sent @overhead, @underlay_mtu and
 *           @inner_mtu (kernels before Geneve did not)
 * @overhead: the bytes that the encapsulation adds to an inner IP packet:
 *            outer IP and UDP headers, tunnel header and inner Ethernet
 *            header; 50 for VXLAN over IPv4, 70 over IPv6, 8 more for
 *            Geneve (ovx's option); valid when @has_mtu
 * @underlay_mtu: the MTU of the device that holds @local, or 0 while no
 *                device does (always for 0.0.0.0 and ::); valid when
 *                @has_mtu
 * @inner_mtu: the largest inner IP packet that fits the underlay after
 *             encapsulation, @underlay_mtu - @overhead, or 0 while
 *             @underlay_mtu is unknown; valid when @has_mtu.  Ports whose
 *             MTU is larger rely on path MTU discovery or fragmentation.
 * @udp_zero_csum6_tx: whether the switch sends IPv6 tunnel packets with a
 *                     zero UDP checksum (created with it); false over
 *                     IPv4, and from kernels without the setting, which
 *                     always send checksums
 * @udp_zero_csum6_rx: whether the switch accepts IPv6 tunnel packets with
 *                     a zero UDP checksum; false over IPv4, and from
 *                     kernels without the setting, which refuse them
 * @has_services: whether the kernel sent the service settings below
 *                (kernels before guest services did not)
 * @listener: the netlink port id of the service daemon's socket, 0 while
 *            no daemon listens
 * @service_rate: service frames per second each port may send up
 * @service_burst: the depth of each port's token bucket, in frames
 * @n_dns_upstream: number of @dns_upstream
 * @dns_upstream: the resolvers the service daemon forwards queries to
 * @has_service_stats: whether the kernel sent @service_stats
 * @service_stats: the packet channel's counters, over all networks
 *
 * @df and @encap hold what the kernel sent: a newer kernel may send a
 * value that this library has no name for.
 */
struct ovx_switch {
	size_t size;
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
	bool has_drops;
	struct ovx_drops drops;
	bool has_mtu;
	uint32_t overhead;
	uint32_t underlay_mtu;
	uint32_t inner_mtu;
	bool udp_zero_csum6_tx;
	bool udp_zero_csum6_rx;
	bool has_services;
	uint32_t listener;
	uint32_t service_rate;
	uint32_t service_burst;
	size_t n_dns_upstream;
	struct ovx_addr dns_upstream[OVX_DNS_SERVERS_MAX];
	bool has_service_stats;
	struct ovx_service_stats service_stats;
};

/**
 * struct ovx_switch_config - the settings of a new switch
 * @size: the size of the object, see OVX_INIT() and OVX_HAS()
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
 * @udp_zero_csum6_tx: 1 to send IPv6 tunnel packets with a zero UDP
 *                     checksum, 0 to compute it, or -1 for the kernel's
 *                     default (0).  RFC 6935 and 6936 allow zero checksums
 *                     over IPv6 only where both ends agree: the peers must
 *                     accept them (@udp_zero_csum6_rx, or vxlan's
 *                     udp6zerocsumrx).  The kernel refuses 1 for a switch
 *                     whose @local is not IPv6.
 * @udp_zero_csum6_rx: 1 to accept IPv6 tunnel packets with a zero UDP
 *                     checksum, 0 to refuse them, or -1 for the kernel's
 *                     default (0); the kernel refuses 1 as for
 *                     @udp_zero_csum6_tx.  A kernel module without these
 *                     two settings ignores them: &ovx_switch reports what
 *                     the switch does.
 *
 * Fill it with ovx_switch_config_init() first, then set what differs
 * from the defaults; fields left at their "default" value are not sent,
 * so the kernel decides.
 */
struct ovx_switch_config {
	size_t size;
	const char *name;
	struct ovx_addr local;
	uint16_t port;
	int ttl;
	int tos;
	int df;
	int encap;
	int udp_zero_csum6_tx;
	int udp_zero_csum6_rx;
};

/**
 * ovx_switch_config_init() - set every field of a switch config to default
 * @cfg: the config
 * @name: the interface name of the switch; the string is not copied
 *
 * Also sets @cfg->size, as OVX_INIT() does.
 */
static inline void ovx_switch_config_init(struct ovx_switch_config *cfg,
					  const char *name)
{
	OVX_INIT(cfg);
	cfg->name = name;
	cfg->ttl = -1;
	cfg->tos = -1;
	cfg->df = -1;
	cfg->encap = -1;
	cfg->udp_zero_csum6_tx = -1;
	cfg->udp_zero_csum6_rx = -1;
}

/**
 * ovx_switch_add() - create a switch
 * @ctx: the context
 * @cfg: the settings, from ovx_switch_config_init()
 *
 * Sends RTM_NEWLINK with NLM_F_CREATE and NLM_F_EXCL for link kind "ovx"
 * on the rtnetlink socket of @ctx, as
 * "ip link add NAME type ovx ..." does, but the new device is up: its
 * tunnel socket opens at once.
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
 * @out: set up with OVX_INIT(), filled in on success
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
 * A dump that the kernel flags as interrupted by a change of the list
 * (NLM_F_DUMP_INTR) is sent again, a few times; @cb sees the entries of
 * one dump only, once each.
 *
 * Return: 0; the first negative value @cb returned; -EINTR when the list
 * kept changing during each of the dumps (every switch of the last one
 * was passed to @cb, but some may be missing or stale); -EBADMSG when an
 * answer is malformed; any other negative errno value from the kernel or
 * the socket.
 */
int ovx_switch_dump(struct ovx_ctx *ctx,
		    int (*cb)(const struct ovx_switch *sw, void *arg),
		    void *arg);

/**
 * ovx_switch_get_only() - the one switch of the network namespace
 * @ctx: the context
 * @out: set up with OVX_INIT(), filled in on success
 *
 * For callers that let the user leave the switch out when there is only
 * one, as "ovx net add" does: dumps the switches and returns the only
 * one.
 *
 * Return: 0; -ENODEV when the namespace has no switch; -ENOTUNIQ when it
 * has several; or any error of ovx_switch_dump().
 */
int ovx_switch_get_only(struct ovx_ctx *ctx, struct ovx_switch *out);

/*
 * Devices
 */

/**
 * ovx_ifindex() - the interface index of a network device
 * @ctx: the context
 * @ifname: the interface name
 *
 * Asks rtnetlink (RTM_GETLINK) on the rtnetlink socket of @ctx, in the
 * namespace the context was opened in, so that callers can name devices
 * the way users do; the ovx family itself takes interface indexes.
 *
 * Return: the interface index (positive), or a negative errno value:
 * -EINVAL when @ifname is not a valid interface name (nothing was sent);
 * -ENODEV when there is no such device; any other value from the kernel
 * or the socket.
 */
int ovx_ifindex(struct ovx_ctx *ctx, const char *ifname);

/*
 * Networks
 *
 * A network is a broadcast domain of a switch, identified on the wire by
 * its VNI (unique in its switch) and by users by its name (unique in the
 * network namespace).  Ports attach devices to it; its forwarding
 * database (FDB) maps MAC addresses to ports and peers.
 */

/* The size of a network name with its NUL: 1 to 31 characters. */
#define OVX_NET_NAMSIZ 32

/* The highest VNI; 0 is not a valid VNI. */
#define OVX_NET_VNI_MAX 0xffffffU

/* The longest FDB ageing time, in seconds. */
#define OVX_NET_AGEING_MAX 1000000U

/**
 * struct ovx_net - a network, as the kernel reports it
 * @size: the size of the object, see OVX_INIT() and OVX_HAS()
 * @name: the network's name
 * @vni: its VNI, 1 to %OVX_NET_VNI_MAX
 * @switch_ifindex: interface index of its switch
 * @switch_name: interface name of its switch
 * @learning: whether source MAC addresses are learnt
 * @ageing: seconds after which an unused learnt FDB entry is removed;
 *          0 means never
 * @fdb_max: the most learnt FDB entries the network holds
 * @fdb_learned: number of learnt FDB entries
 * @fdb_static: number of static FDB entries
 * @has_stats: whether the kernel sent @stats
 * @stats: the counters of the network, valid when @has_stats
 * @arp_suppress: whether ARP requests and neighbour solicitations from
 *                local ports for a bound address are answered on this host
 *                instead of flooded; false from kernels without bindings
 * @flood_unknown: whether frames for unknown unicast addresses, and
 *                 resolutions that cannot be answered, are flooded (true)
 *                 or dropped and counted (false); true from kernels
 *                 without the setting, which always flood
 * @neigh_static: number of static address bindings (see &struct ovx_neigh)
 * @has_arp_suppressed: whether the kernel sent @arp_suppressed
 * @arp_suppressed: ARP requests and neighbour solicitations answered on
 *                  this host, valid when @has_arp_suppressed
 * @has_services: whether the kernel sent the service settings below
 *                (kernels before guest services did not: all are unset)
 * @dhcp: whether DHCPv4, DHCPv6 and router solicitations of the
 *        network's ports go to the service daemon (ovxd)
 * @dns: whether DNS queries to the service address go to it
 * @domain: DNS domain of the ports' names; "" means NAME.internal
 * @lease: DHCP lease time in seconds
 * @n_dns_servers: number of @dns_servers
 * @dns_servers: DNS servers given to guests instead of the service
 *               address
 * @service4: the IPv4 service address (AF_UNSPEC when unset), used while
 *            no router is attached to the network
 * @service6: the IPv6 service address, likewise
 * @service_prefix_len4: the prefix length of the subnet around @service4
 * @service_prefix_len6: the prefix length around @service6
 * @has_service_mac: whether @service_mac is set
 * @service_mac: the MAC address that answers for @service4 and @service6
 * @has_service_stats: whether the kernel sent @service_stats
 * @service_stats: what the network's ports handed to the service daemon
 */
struct ovx_net {
	size_t size;
	char name[OVX_NET_NAMSIZ];
	uint32_t vni;
	int switch_ifindex;
	char switch_name[OVX_IFNAMSIZ];
	bool learning;
	uint32_t ageing;
	uint32_t fdb_max;
	uint32_t fdb_learned;
	uint32_t fdb_static;
	bool has_stats;
	struct ovx_stats stats;
	bool arp_suppress;
	bool flood_unknown;
	uint32_t neigh_static;
	bool has_arp_suppressed;
	uint64_t arp_suppressed;
	bool has_services;
	bool dhcp;
	bool dns;
	char domain[OVX_DOMAIN_SIZ];
	uint32_t lease;
	size_t n_dns_servers;
	struct ovx_addr dns_servers[OVX_DNS_SERVERS_MAX];
	struct ovx_addr service4;
	struct ovx_addr service6;
	uint8_t service_prefix_len4;
	uint8_t service_prefix_len6;
	bool has_service_mac;
	uint8_t service_mac[6];
	bool has_service_stats;
	struct ovx_service_stats service_stats;
};

/**
 * struct ovx_net_config - the settings of a new or changed network
 * @size: the size of the object, see OVX_INIT() and OVX_HAS()
 * @name: the network's name, 1 to %OVX_NET_NAMSIZ - 1 characters
 * @vni: for ovx_net_add() only: 1 to %OVX_NET_VNI_MAX (required)
 * @switch_name: for ovx_net_add() only: the interface name of the switch,
 *               or NULL
 * @switch_ifindex: for ovx_net_add() only: the interface index of the
 *                  switch, or 0.  At most one of @switch_name and
 *                  @switch_ifindex may be set; with neither, the
 *                  network goes into the only switch of the namespace
 *                  (see ovx_switch_get_only()).
 * @learning: 0 (off) or 1 (on), or -1 to leave it: the kernel's default
 *            (on) for a new network, unchanged for ovx_net_set()
 * @ageing: 0 (never) to %OVX_NET_AGEING_MAX seconds, or -1 to leave it
 *          (default 300)
 * @fdb_max: 0 to UINT32_MAX learnt entries, or -1 to leave it (default
 *           65536)
 * @arp_suppress: 0 (off) or 1 (on), or -1 to leave it (default on): see
 *                &ovx_net.arp_suppress
 * @flood_unknown: 0 (off) or 1 (on), or -1 to leave it (default on): see
 *                 &ovx_net.flood_unknown
 *
 * @dhcp: 0 (off) or 1 (on), or -1 to leave it (default off): see
 *        &ovx_net.dhcp
 * @dns: 0 (off) or 1 (on), or -1 to leave it (default off)
 * @domain: the DNS domain (at most 253 characters), "" for the default
 *          (NAME.internal), or NULL to leave it
 * @lease: 10 to 31536000 seconds, or -1 to leave it (default 3600)
 * @n_dns_servers: number of @dns_servers (at most %OVX_DNS_SERVERS_MAX;
 *                 0 clears the list), or -1 to leave the list
 * @dns_servers: the DNS servers given to guests
 * @service: a service address to set (its family's one; the zero address
 *           of a family clears it), or NULL to leave them
 * @service_prefix_len: the prefix length around @service, or -1 for 24
 *                      (IPv4) or 64 (IPv6)
 * @service_mac: the MAC address of the service address, or NULL: with
 *               @service, ovx_service_default_mac() of the network's name
 *
 * A kernel module without address bindings refuses @arp_suppress and
 * @flood_unknown other than -1 (it does not know their attributes); one
 * without guest services refuses the service settings.
 *
 * Fill it with ovx_net_config_init() first, then set what differs.
 */
struct ovx_net_config {
	size_t size;
	const char *name;
	uint32_t vni;
	const char *switch_name;
	int switch_ifindex;
	int learning;
	int64_t ageing;
	int64_t fdb_max;
	int arp_suppress;
	int flood_unknown;
	int dhcp;
	int dns;
	const char *domain;
	int64_t lease;
	int n_dns_servers;
	const struct ovx_addr *dns_servers;
	const struct ovx_addr *service;
	int service_prefix_len;
	const uint8_t *service_mac;
};

/**
 * ovx_net_config_init() - set every field of a network config to default
 * @cfg: the config
 * @name: the network's name; the string is not copied
 *
 * @vni is 0, which ovx_net_add() refuses: set it.  Also sets @cfg->size,
 * as OVX_INIT() does.
 */
static inline void ovx_net_config_init(struct ovx_net_config *cfg,
				       const char *name)
{
	OVX_INIT(cfg);
	cfg->name = name;
	cfg->learning = -1;
	cfg->ageing = -1;
	cfg->fdb_max = -1;
	cfg->arp_suppress = -1;
	cfg->flood_unknown = -1;
	cfg->dhcp = -1;
	cfg->dns = -1;
	cfg->lease = -1;
	cfg->n_dns_servers = -1;
	cfg->service_prefix_len = -1;
}

/**
 * ovx_net_add() - create a network
 * @ctx: the context
 * @cfg: the settings, from ovx_net_config_init()
 *
 * Return: 0, or a negative errno value:
 * -EINVAL: a field of @cfg is out of range, or both @switch_name and
 * @switch_ifindex are set (nothing was sent), or the kernel refused a
 * setting;
 * -ENODEV: no such switch, or (with neither @switch_name nor
 * @switch_ifindex) the namespace has no switch;
 * -ENOTUNIQ: no switch given and the namespace has several;
 * -EEXIST: a network of that name exists in the namespace, or one with
 * that VNI in the switch;
 * -ENOSPC: the switch holds as many networks as it can;
 * -EPERM: no CAP_NET_ADMIN; any other value from the kernel or the socket.
 */
int ovx_net_add(struct ovx_ctx *ctx, const struct ovx_net_config *cfg);

/**
 * ovx_net_set() - change the settings of a network
 * @ctx: the context
 * @cfg: @name, and the settings to change (@learning, @ageing, @fdb_max,
 *       @arp_suppress, @flood_unknown); the fields of ovx_net_add() only must be left at their defaults
 *
 * Return: 0, or a negative errno value: -EINVAL when a field is out of
 * range or set but not allowed here (nothing was sent); -ENOENT when
 * there is no such network; any other value from the kernel or the
 * socket.
 */
int ovx_net_set(struct ovx_ctx *ctx, const struct ovx_net_config *cfg);

/**
 * ovx_net_del() - delete a network, with its ports' attachments and FDB
 * @ctx: the context
 * @name: the network's name
 *
 * Return: 0, or a negative errno value: -EINVAL when @name is not a valid
 * network name (nothing was sent); -ENOENT when there is no such network;
 * any other value from the kernel or the socket.
 */
int ovx_net_del(struct ovx_ctx *ctx, const char *name);

/**
 * ovx_net_get() - look a network up by name
 * @ctx: the context
 * @name: the network's name
 * @out: set up with OVX_INIT(), filled in on success
 *
 * Return: 0, or a negative errno value: -EINVAL when @name is not a valid
 * network name (nothing was sent); -ENOENT when there is no such network;
 * -EBADMSG when the kernel's answer is malformed; any other value from
 * the kernel or the socket.
 */
int ovx_net_get(struct ovx_ctx *ctx, const char *name, struct ovx_net *out);

/**
 * ovx_net_dump() - list networks
 * @ctx: the context
 * @switch_ifindex: list the networks of this switch only, or 0 for every
 *                  network of the namespace
 * @cb: called once per network; returns 0 to go on, or a negative errno
 *      value to stop (the rest of the dump is read and dropped); @net is
 *      valid during the call only
 * @arg: passed to @cb
 *
 * Return: as ovx_switch_dump(); -EINVAL when @switch_ifindex is negative.
 */
int ovx_net_dump(struct ovx_ctx *ctx, int switch_ifindex,
		 int (*cb)(const struct ovx_net *net, void *arg), void *arg);

/*
 * Ports
 *
 * A port attaches an Ethernet device (a tap, a veth...) to a network:
 * frames it receives enter the network, frames for it leave through it.
 * A device is a port of at most one network.
 */

/* The most IP addresses a port may be given. */
#define OVX_PORT_IPS_MAX 16

/* Move sequences are 16 bits (&ovx_port_config.seq, &ovx_fdb_entry.seq). */
#define OVX_MOVE_SEQ_MAX 65535

/**
 * struct ovx_port - a port, as the kernel reports it
 * @size: the size of the object, see OVX_INIT() and OVX_HAS()
 * @ifindex: interface index of the port's device
 * @name: interface name of the port's device
 * @net: name of the network it is attached to
 * @vni: VNI of that network
 * @switch_ifindex: interface index of that network's switch
 * @id: logical port number, unique in the switch
 * @has_stats: whether the kernel sent @stats
 * @stats: the counters of the port, valid when @has_stats; rx counts
 *         what came from the device into the overlay, tx what went out
 *         to the device
 * @has_mac: whether the port was given the guest's MAC address
 * @mac: that address, valid when @has_mac: a static FDB entry of the
 *       network, and the Ethernet address of the port's bindings
 * @n_ips: the number of the guest's IP addresses in @ips, 0 to
 *         %OVX_PORT_IPS_MAX
 * @ips: the guest's IPv4 and IPv6 addresses, each a static binding to
 *       @mac owned by the port, in the kernel's order
 * @has_service_stats: whether the kernel sent @service_stats
 * @service_stats: what the port handed to the service daemon
 * @label: the port's name (the VM's, say), "" when it has none; not the
 *         device's name, which is @name
 * @standby: the port still waits for its migrating guest's first frame
 *           (see &ovx_port_config.standby)
 * @seq: its guest's move sequence
 */
struct ovx_port {
	size_t size;
	int ifindex;
	char name[OVX_IFNAMSIZ];
	char net[OVX_NET_NAMSIZ];
	uint32_t vni;
	int switch_ifindex;
	uint32_t id;
	bool has_stats;
	struct ovx_stats stats;
	bool has_mac;
	uint8_t mac[6];
	size_t n_ips;
	struct ovx_addr ips[OVX_PORT_IPS_MAX];
	char label[OVX_NET_NAMSIZ];
	bool has_service_stats;
	struct ovx_service_stats service_stats;
	bool standby;
	uint32_t seq;
};

/**
 * ovx_port_add() - attach a device to a network
 * @ctx: the context
 * @ifindex: interface index of the device (see ovx_ifindex())
 * @net: name of the network
 *
 * The kernel attaches a device whose MTU exceeds the inner MTU of the
 * switch's tunnel (&ovx_switch.inner_mtu) with a warning, which
 * ovx_errmsg() gives after the success.
 *
 * Return: 0, or a negative errno value: -EINVAL when @ifindex or @net is
 * invalid (nothing was sent) or the kernel refused the kind of device;
 * -ENODEV when there is no such device; -ENOENT when there is no such
 * network; -EBUSY when the device is a port already or otherwise taken;
 * any other value from the kernel or the socket.
 */
int ovx_port_add(struct ovx_ctx *ctx, int ifindex, const char *net);

/**
 * struct ovx_port_config - the settings of a new port
 * @size: the size of the object, see OVX_INIT() and OVX_HAS()
 * @ifindex: interface index of the device (see ovx_ifindex()), required
 * @net: name of the network, required
 * @has_mac: whether @mac is set
 * @mac: the guest's Ethernet address behind the port (unicast): the
 *       kernel adds a static FDB entry for it, which goes with the port
 * @n_ips: how many addresses of @ips are set, 0 to %OVX_PORT_IPS_MAX;
 *         above 0 only with @has_mac
 * @ips: the guest's IPv4 and IPv6 addresses: each becomes a static
 *       binding of the network to @mac behind this port, owned by the
 *       port (ovx_neigh_del() refuses it; it goes with the port)
 * @name: a name for the port (the VM's, say), 1 to %OVX_NET_NAMSIZ - 1
 *        characters, or NULL for none
 * @standby: prepare the port for a guest arriving by live migration: its
 *           @mac keeps pointing where it is (the old host), until the
 *           guest's first frame on it; then the
 *           kernel points @mac here and announces the move to the
 *           network's peers.  Needs @has_mac.
 * @seq: the guest's move sequence, 0 to 65535, raised by one at each
 *       migration (compared modulo 2^16): @mac's FDB entry gets it, and
 *       the peers re-point theirs only for a later one
 *
 * Fill it with ovx_port_config_init() first, then set what differs.
 */
struct ovx_port_config {
	size_t size;
	int ifindex;
	const char *net;
	bool has_mac;
	uint8_t mac[6];
	size_t n_ips;
	struct ovx_addr ips[OVX_PORT_IPS_MAX];
	const char *name;
	bool standby;
	uint32_t seq;
};

/**
 * ovx_port_config_init() - set up a port config without options
 * @cfg: the config
 * @ifindex: interface index of the device
 * @net: name of the network; the string is not copied
 *
 * Also sets @cfg->size, as OVX_INIT() does.
 */
static inline void ovx_port_config_init(struct ovx_port_config *cfg,
					int ifindex, const char *net)
{
	OVX_INIT(cfg);
	cfg->ifindex = ifindex;
	cfg->net = net;
}

/**
 * ovx_port_add_config() - attach a device to a network, with the guest's
 *                         addresses
 * @ctx: the context
 * @cfg: the settings, from ovx_port_config_init()
 *
 * As ovx_port_add(), and the port gets its MAC address (a static FDB
 * entry) and IP addresses (static bindings), all or nothing.  A kernel
 * module without address bindings refuses a config with any of @mac, @ips
 * and @name set (it does not know their attributes).
 *
 * Return: 0, or a negative errno value: -EINVAL when @cfg is invalid
 * (nothing was sent: a bad ifindex or name, more than %OVX_PORT_IPS_MAX
 * addresses, addresses without a MAC) or the kernel refused it (a
 * multicast or zero MAC, an address bound already, ...);
 * -EAFNOSUPPORT: an address of @ips of a family other than %AF_INET and
 * %AF_INET6 (nothing was sent);
 * -EOPNOTSUPP: @cfg sets a member this library does not know;
 * otherwise as ovx_port_add().
 */
int ovx_port_add_config(struct ovx_ctx *ctx,
			const struct ovx_port_config *cfg);

/**
 * ovx_port_del() - detach a device from its network
 * @ctx: the context
 * @ifindex: interface index of the device
 *
 * Return: 0, or a negative errno value: -EINVAL when @ifindex is not
 * positive (nothing was sent); -ENODEV when there is no such device;
 * -ENOENT when it is not a port; any other value from the kernel or the
 * socket.
 */
int ovx_port_del(struct ovx_ctx *ctx, int ifindex);

/**
 * ovx_port_get() - look a port up by its device
 * @ctx: the context
 * @ifindex: interface index of the device
 * @out: set up with OVX_INIT(), filled in on success
 *
 * Return: 0, or a negative errno value as for ovx_port_del(), or -EBADMSG
 * when the kernel's answer is malformed.
 */
int ovx_port_get(struct ovx_ctx *ctx, int ifindex, struct ovx_port *out);

/**
 * ovx_port_dump() - list ports
 * @ctx: the context
 * @net: list the ports of this network only, or NULL for every port of
 *       the namespace
 * @cb: called once per port, as for ovx_switch_dump()
 * @arg: passed to @cb
 *
 * Return: as ovx_switch_dump(); -EINVAL when @net is not a valid network
 * name (nothing was sent); -ENOENT when there is no such network.
 */
int ovx_port_dump(struct ovx_ctx *ctx, const char *net,
		  int (*cb)(const struct ovx_port *port, void *arg),
		  void *arg);

/*
 * Peers
 *
 * A peer is the tunnel endpoint of another host: an underlay address of
 * the family of its switch's local address.  It is a member of some of
 * the switch's networks: the frames of those networks are flooded to it,
 * FDB entries of those networks may point to it, and tunnel packets from
 * it are accepted for those networks only.
 */

/**
 * struct ovx_peer - a peer, as the kernel reports it
 * @size: the size of the object, see OVX_INIT() and OVX_HAS()
 * @switch_ifindex: interface index of its switch
 * @switch_name: interface name of its switch
 * @addr: its underlay address, %AF_INET or %AF_INET6
 * @n_nets: the number of networks it is a member of
 * @nets: the names of those networks, @n_nets of them in the kernel's
 *        order, each NUL-terminated; NULL when @n_nets is 0.  The array
 *        is allocated by the library: see ovx_peer_get() and
 *        ovx_peer_dump() for how long it lives.
 * @has_stats: whether the kernel sent @stats
 * @stats: the counters of the peer, valid when @has_stats; rx counts what
 *         was decapsulated from the peer, tx what was encapsulated to it
 */
struct ovx_peer {
	size_t size;
	int switch_ifindex;
	char switch_name[OVX_IFNAMSIZ];
	struct ovx_addr addr;
	size_t n_nets;
	char (*nets)[OVX_NET_NAMSIZ];
	bool has_stats;
	struct ovx_stats stats;
};

/**
 * ovx_peer_add() - create a peer, or make it join networks
 * @ctx: the context
 * @switch_ifindex: interface index of the switch, or 0 for the only
 *                  switch of the namespace (see ovx_switch_get_only())
 * @addr: the peer's address, %AF_INET or %AF_INET6, of the family of the
 *        switch's local address
 * @nets: the names of the networks of the switch to join, @n_nets of them
 * @n_nets: how many; 0 joins every network the switch has now (networks
 *          created later are not joined)
 *
 * Creates the peer when the switch has none at @addr.  Joining a network
 * the peer is a member of already is not an error.  There is no limit on
 * @n_nets beyond the size of one netlink request.
 *
 * Return: 0, or a negative errno value:
 * -EINVAL: @addr is missing or %AF_UNSPEC, @switch_ifindex is negative,
 * @nets is NULL with @n_nets above 0 or holds an invalid name (nothing
 * was sent), a network belongs to another switch, or the kernel refused
 * @addr (not unicast, or the switch's own local address);
 * -EAFNOSUPPORT: @addr is of a family other than %AF_INET and %AF_INET6
 * (nothing was sent), or not the family of the switch's local address;
 * -ENODEV: no such switch, or (with @switch_ifindex 0) the namespace has
 * no switch; -ENOTUNIQ: @switch_ifindex 0 and the namespace has several;
 * -ENOENT: no such network;
 * -EPERM: no CAP_NET_ADMIN; any other value from the kernel or the socket.
 */
int ovx_peer_add(struct ovx_ctx *ctx, int switch_ifindex,
		 const struct ovx_addr *addr, const char *const *nets,
		 size_t n_nets);

/**
 * ovx_peer_del() - make a peer leave networks, or delete it
 * @ctx, @switch_ifindex, @addr: as for ovx_peer_add()
 * @nets: the names of the networks to leave, @n_nets of them
 * @n_nets: how many; 0 deletes the peer, with every FDB entry that points
 *          to it
 *
 * A peer that leaves its last network stays, a member of none.
 *
 * The request is all or nothing: when the peer is not a member of one of
 * @nets, it leaves none of them.
 *
 * Return: 0, or a negative errno value as for ovx_peer_add(); -ENOENT
 * also when the switch has no peer at @addr, or the peer is not a member
 * of a network of @nets.
 */
int ovx_peer_del(struct ovx_ctx *ctx, int switch_ifindex,
		 const struct ovx_addr *addr, const char *const *nets,
		 size_t n_nets);

/**
 * ovx_peer_get() - look a peer up by its address
 * @ctx, @switch_ifindex, @addr: as for ovx_peer_add()
 * @out: set up with OVX_INIT(), filled in on success; its @nets array
 *       is then the caller's, to
 *       free with ovx_peer_clear().  @out is overwritten, not freed: clear
 *       it before reusing it.  On failure it holds no memory.
 *
 * Return: 0, or a negative errno value as for ovx_peer_del(); -ENOMEM;
 * -EBADMSG when the kernel's answer is malformed.
 */
int ovx_peer_get(struct ovx_ctx *ctx, int switch_ifindex,
		 const struct ovx_addr *addr, struct ovx_peer *out);

/**
 * ovx_peer_dump() - list peers
 * @ctx: the context
 * @switch_ifindex: list the peers of this switch only, or 0 for every
 *                  peer of the namespace
 * @cb: called once per peer, as for ovx_switch_dump(); @peer, with its
 *      @nets array, is valid during the call only (the library frees it)
 * @arg: passed to @cb
 *
 * Return: as ovx_switch_dump(); -EINVAL when @switch_ifindex is negative;
 * -ENOMEM.
 */
int ovx_peer_dump(struct ovx_ctx *ctx, int switch_ifindex,
		  int (*cb)(const struct ovx_peer *peer, void *arg),
		  void *arg);

/**
 * ovx_peer_clear() - free the networks of a peer from ovx_peer_get()
 * @peer: the peer, or NULL (then nothing happens)
 *
 * Frees @peer->nets and sets @nets to NULL and @n_nets to 0; the other
 * members are kept.  Clearing twice is harmless.
 */
void ovx_peer_clear(struct ovx_peer *peer);

/*
 * The forwarding database
 *
 * Each network has an FDB that maps MAC addresses to a local port or to
 * a remote peer (a tunnel endpoint).  Entries are learnt from the source
 * addresses of frames, and age, or are static: added by the control
 * plane, never aged and never learnt over.
 */

/**
 * enum ovx_fdb_entry_flags - properties of an FDB entry
 * @OVX_FDB_ENTRY_STATIC: added by the control plane, not learnt
 */
enum ovx_fdb_entry_flags {
	OVX_FDB_ENTRY_STATIC = 1 << 0,
};

/**
 * struct ovx_fdb_entry - an FDB entry
 * @size: the size of the object, see OVX_INIT() and OVX_HAS()
 * @net: name of the network
 * @vni: VNI of the network
 * @mac: the Ethernet address
 * @port_ifindex: interface index of the local port the entry points to,
 *                or 0 when it points to a peer
 * @port_name: interface name of that port ("" for a peer)
 * @peer: the peer the entry points to; %AF_UNSPEC for a local port
 * @flags: &enum ovx_fdb_entry_flags; bits unknown to this library are
 *         kept
 * @age: seconds since the entry was last seen as a source
 * @remote_port: for an entry learnt from a Geneve peer, the logical port
 *               number at that peer (its &ovx_port.id there) behind which
 *               @mac was seen; 0 when the peer did not say, and for a
 *               local port
 * @seq: the address's move sequence, 0 to 65535 (see &ovx_port_config.seq):
 *       a peer's move announcement re-points the entry only with a later
 *       one; 0 from a kernel without migration
 *
 * As an argument of ovx_fdb_add(), only @net, @mac, exactly one of
 * @port_ifindex and @peer, and @seq count.
 */
struct ovx_fdb_entry {
	size_t size;
	char net[OVX_NET_NAMSIZ];
	uint32_t vni;
	uint8_t mac[6];
	int port_ifindex;
	char port_name[OVX_IFNAMSIZ];
	struct ovx_addr peer;
	uint32_t flags;
	uint32_t age;
	uint32_t remote_port;
	uint32_t seq;
};

/**
 * enum ovx_fdb_kind - which entries a dump lists
 * @OVX_FDB_KIND_ANY: static and learnt entries
 * @OVX_FDB_KIND_STATIC: static entries only
 * @OVX_FDB_KIND_LEARNED: learnt entries only
 */
enum ovx_fdb_kind {
	OVX_FDB_KIND_ANY = 0,
	OVX_FDB_KIND_STATIC,
	OVX_FDB_KIND_LEARNED,
};

/**
 * struct ovx_fdb_filter - which entries ovx_fdb_dump() and ovx_fdb_flush()
 *                         act on
 * @size: the size of the object, see OVX_INIT()
 * @net: the entries of this network, or NULL for every network of the
 *       namespace
 * @port_ifindex: the entries pointing to this local port, or 0
 * @peer: the entries pointing to this peer, or %AF_UNSPEC; at most one of
 *        @port_ifindex and @peer may be set
 * @kind: static or learnt entries only; ovx_fdb_flush() takes
 *        %OVX_FDB_KIND_ANY and %OVX_FDB_KIND_LEARNED (which keeps the
 *        static entries: kernels before that refuse it with -EINVAL)
 *
 * OVX_INIT() (or a NULL filter) means every entry.
 */
struct ovx_fdb_filter {
	size_t size;
	const char *net;
	int port_ifindex;
	struct ovx_addr peer;
	enum ovx_fdb_kind kind;
};

/**
 * ovx_fdb_add() - add a static FDB entry, or replace an entry
 * @ctx: the context
 * @entry: set up with OVX_INIT(); @net, @mac and exactly one of
 *         @port_ifindex and @peer
 *
 * A learnt entry for the same address is replaced by the static one.
 *
 * Return: 0, or a negative errno value: -EINVAL when @entry is invalid
 * (nothing was sent) or the kernel refused it; -EAFNOSUPPORT for a peer
 * of another family than %AF_INET or %AF_INET6 (nothing was sent);
 * -ENOENT when there is no such network (or peer); -ENODEV when there is
 * no such port; -ENOSPC when the FDB is full; any other value from the
 * kernel or the socket.
 */
int ovx_fdb_add(struct ovx_ctx *ctx, const struct ovx_fdb_entry *entry);

/**
 * ovx_fdb_del() - delete an FDB entry, static or learnt
 * @ctx: the context
 * @net: name of the network
 * @mac: the Ethernet address
 *
 * Return: 0, or a negative errno value: -EINVAL when @net is not a valid
 * network name (nothing was sent); -ENOENT when there is no such network
 * or entry; any other value from the kernel or the socket.
 */
int ovx_fdb_del(struct ovx_ctx *ctx, const char *net, const uint8_t mac[6]);

/**
 * ovx_fdb_get() - look an FDB entry up
 * @ctx: the context
 * @net: name of the network
 * @mac: the Ethernet address
 * @out: set up with OVX_INIT(), filled in on success
 *
 * Return: as ovx_fdb_del(), or -EBADMSG when the kernel's answer is
 * malformed.
 */
int ovx_fdb_get(struct ovx_ctx *ctx, const char *net, const uint8_t mac[6],
		struct ovx_fdb_entry *out);

/**
 * ovx_fdb_dump() - list FDB entries
 * @ctx: the context
 * @filter: which entries (set up with OVX_INIT()), or NULL for all of
 *          them
 * @cb: called once per entry, as for ovx_switch_dump()
 * @arg: passed to @cb
 *
 * Return: as ovx_switch_dump(); -EINVAL or -EAFNOSUPPORT when @filter is
 * invalid (nothing was sent).
 */
int ovx_fdb_dump(struct ovx_ctx *ctx, const struct ovx_fdb_filter *filter,
		 int (*cb)(const struct ovx_fdb_entry *entry, void *arg),
		 void *arg);

/**
 * ovx_fdb_flush() - delete FDB entries, static and learnt, or learnt only
 * @ctx: the context
 * @filter: which entries (@kind %OVX_FDB_KIND_ANY, or
 *          %OVX_FDB_KIND_LEARNED to keep the static ones), or NULL for
 *          every entry of every network of the namespace
 *
 * Return: 0, or a negative errno value: -EINVAL or -EAFNOSUPPORT when
 * @filter is invalid (nothing was sent); -ENOENT when there is no such
 * network; -ENODEV when there is no such port; any other value from the
 * kernel or the socket.
 */
int ovx_fdb_flush(struct ovx_ctx *ctx, const struct ovx_fdb_filter *filter);

/*
 * Address bindings
 *
 * Each network maps IPv4 and IPv6 addresses to Ethernet addresses and to
 * where those are (a local port or a peer): its bindings.  With them the
 * kernel answers ARP requests and neighbour solicitations from local
 * ports itself (&ovx_net.arp_suppress).  A binding is static (added by
 * the control plane with ovx_neigh_add(), or a port's own address, see
 * &struct ovx_port_config) or learnt from the traffic, and then ages.
 */

/**
 * enum ovx_neigh_flags_bits - properties of a binding
 * @OVX_NEIGH_ENTRY_STATIC: added by the control plane or a port's own
 *                          address; never learnt over, never aged
 * @OVX_NEIGH_ENTRY_PORT: a port's own address: it goes with the port, and
 *                        ovx_neigh_del() and ovx_neigh_add() refuse it
 */
enum ovx_neigh_flags_bits {
	OVX_NEIGH_ENTRY_STATIC = 1 << 0,
	OVX_NEIGH_ENTRY_PORT = 1 << 1,
};

/**
 * struct ovx_neigh - an address binding
 * @size: the size of the object, see OVX_INIT() and OVX_HAS()
 * @net: name of the network
 * @vni: VNI of the network
 * @addr: the IP address, %AF_INET or %AF_INET6
 * @lladdr: the Ethernet address @addr resolves to (zero in a miss event)
 * @port_ifindex: interface index of the local port @lladdr is behind, or
 *                0 when it is behind a peer
 * @port_name: interface name of that port ("" for a peer)
 * @peer: the peer @lladdr is behind; %AF_UNSPEC for a local port
 * @flags: &enum ovx_neigh_flags_bits; bits unknown to this library are
 *         kept
 * @age: for a learnt binding, seconds since it was last seen; 0 when the
 *       kernel did not say
 *
 * @name: the guest's DNS name (ovxd answers it, see ovx_net_set()), ""
 *        for none; kernels before guest services ignore it
 *
 * As an argument of ovx_neigh_add(), only @net, @addr, @lladdr, @name
 * and exactly one of @port_ifindex and @peer count.
 */
struct ovx_neigh {
	size_t size;
	char net[OVX_NET_NAMSIZ];
	uint32_t vni;
	struct ovx_addr addr;
	uint8_t lladdr[6];
	int port_ifindex;
	char port_name[OVX_IFNAMSIZ];
	struct ovx_addr peer;
	uint32_t flags;
	uint32_t age;
	char name[OVX_NET_NAMSIZ];
};

/**
 * enum ovx_neigh_kind - which bindings a dump lists
 * @OVX_NEIGH_KIND_ANY: static and learnt bindings
 * @OVX_NEIGH_KIND_STATIC: static bindings only (ports' own included)
 * @OVX_NEIGH_KIND_LEARNED: learnt bindings only
 */
enum ovx_neigh_kind {
	OVX_NEIGH_KIND_ANY = 0,
	OVX_NEIGH_KIND_STATIC,
	OVX_NEIGH_KIND_LEARNED,
};

/**
 * struct ovx_neigh_filter - which bindings ovx_neigh_dump() lists
 * @size: the size of the object, see OVX_INIT()
 * @net: the bindings of this network, or NULL for every network of the
 *       namespace
 * @port_ifindex: the bindings behind this local port, or 0
 * @peer: the bindings behind this peer, or %AF_UNSPEC; at most one of
 *        @port_ifindex and @peer may be set
 * @kind: static or learnt bindings only, or both
 *
 * OVX_INIT() (or a NULL filter) means every binding.
 */
struct ovx_neigh_filter {
	size_t size;
	const char *net;
	int port_ifindex;
	struct ovx_addr peer;
	enum ovx_neigh_kind kind;
};

/**
 * ovx_neigh_add() - add a static binding, or replace a binding
 * @ctx: the context
 * @neigh: set up with OVX_INIT(); @net, @addr, @lladdr and exactly one of
 *         @port_ifindex and @peer
 *
 * A learnt binding of the same address is replaced by the static one; a
 * port's own binding is not (the kernel refuses with -EBUSY or -EEXIST:
 * delete or re-add the port).
 *
 * Return: 0, or a negative errno value: -EINVAL when @neigh is invalid
 * (nothing was sent) or the kernel refused it (e.g. a multicast @lladdr);
 * -EAFNOSUPPORT when @addr or @peer is of another family than %AF_INET
 * and %AF_INET6 (nothing was sent); -EOPNOTSUPP when @neigh sets a member
 * this library does not know, or the kernel module has no bindings;
 * -ENOENT when there is no such network (or peer); -ENODEV when there is
 * no such port; any other value from the kernel or the socket.
 */
int ovx_neigh_add(struct ovx_ctx *ctx, const struct ovx_neigh *neigh);

/**
 * ovx_neigh_del() - delete a binding, static or learnt
 * @ctx: the context
 * @net: name of the network
 * @addr: the IP address, %AF_INET or %AF_INET6
 *
 * The kernel refuses to delete a port's own binding (see
 * &struct ovx_port_config): delete the port instead.
 *
 * Return: 0, or a negative errno value: -EINVAL when @net or @addr is
 * invalid (nothing was sent), or the binding is a port's own;
 * -EAFNOSUPPORT when @addr is of another family (nothing was sent);
 * -ENOENT when there is no such network or binding; any other value from
 * the kernel or the socket.
 */
int ovx_neigh_del(struct ovx_ctx *ctx, const char *net,
		  const struct ovx_addr *addr);

/**
 * ovx_neigh_get() - look a binding up
 * @ctx: the context
 * @net: name of the network
 * @addr: the IP address, %AF_INET or %AF_INET6
 * @out: set up with OVX_INIT(), filled in on success
 *
 * Return: as ovx_neigh_del(), or -EBADMSG when the kernel's answer is
 * malformed.
 */
int ovx_neigh_get(struct ovx_ctx *ctx, const char *net,
		  const struct ovx_addr *addr, struct ovx_neigh *out);

/**
 * ovx_neigh_dump() - list bindings
 * @ctx: the context
 * @filter: which bindings (set up with OVX_INIT()), or NULL for all of
 *          them
 * @cb: called once per binding, as for ovx_switch_dump()
 * @arg: passed to @cb
 *
 * Return: as ovx_switch_dump(); -EINVAL or -EAFNOSUPPORT when @filter is
 * invalid (nothing was sent); -EOPNOTSUPP when it sets a member this
 * library does not know; -ENOENT when there is no such network; -ENODEV
 * when there is no such port.
 */
int ovx_neigh_dump(struct ovx_ctx *ctx, const struct ovx_neigh_filter *filter,
		   int (*cb)(const struct ovx_neigh *neigh, void *arg),
		   void *arg);

/*
 * Notifications
 *
 * After ovx_subscribe(ctx, NULL), the kernel reports changes of the FDB,
 * of ports and of address bindings; ovx_events_recv() decodes them.
 */

/**
 * enum ovx_event_kind - what a notification is about
 * @OVX_EVENT_FDB: an FDB entry changed; &ovx_event.fdb and
 *                 &ovx_event.fdb_change are valid
 * @OVX_EVENT_PORT_ADDED: a device was attached; &ovx_event.port is valid
 * @OVX_EVENT_PORT_REMOVED: a port went away (port deleted, its network
 *                          deleted or its device unregistered);
 *                          &ovx_event.port is valid
 * @OVX_EVENT_NEIGH: an address binding changed, or a frame needed one
 *                   that the network does not have; &ovx_event.neigh and
 *                   &ovx_event.neigh_change are valid
 * @OVX_EVENT_NET_CHANGED: a network was created or its settings changed
 *                         (net-new, net-set); &ovx_event.net is valid
 * @OVX_EVENT_NET_REMOVED: a network was deleted (net-del); &ovx_event.net
 *                         is valid, as it was
 *
 * Callers skip kinds they do not know: a newer library may add some.
 */
enum ovx_event_kind {
	OVX_EVENT_FDB = 1,
	OVX_EVENT_PORT_ADDED,
	OVX_EVENT_PORT_REMOVED,
	OVX_EVENT_NEIGH,
	OVX_EVENT_NET_CHANGED,
	OVX_EVENT_NET_REMOVED,
};

/**
 * enum ovx_fdb_change - what happened to an FDB entry
 * @OVX_FDB_ADDED: a static entry was added or replaced
 * @OVX_FDB_LEARNED: an entry was learnt
 * @OVX_FDB_MOVED: a learnt entry now points elsewhere
 * @OVX_FDB_AGED: a learnt entry aged out
 * @OVX_FDB_DELETED: an entry was deleted or flushed
 */
enum ovx_fdb_change {
	OVX_FDB_ADDED = 0,
	OVX_FDB_LEARNED,
	OVX_FDB_MOVED,
	OVX_FDB_AGED,
	OVX_FDB_DELETED,
};

/**
 * enum ovx_neigh_change - what happened to an address binding
 * @OVX_NEIGH_ADDED: a static binding was added or replaced (a port's own
 *                   too, when its port was added)
 * @OVX_NEIGH_LEARNED: a binding was learnt
 * @OVX_NEIGH_MOVED: a learnt binding now resolves to another Ethernet
 *                   address or lies elsewhere
 * @OVX_NEIGH_AGED: a learnt binding aged out
 * @OVX_NEIGH_DELETED: a binding was deleted (with its port, for a port's
 *                     own)
 * @OVX_NEIGH_MISS: a frame needed a binding of &ovx_neigh.addr that the
 *                  network does not have: the binding has no @lladdr and
 *                  no destination, unless the kernel names the port or
 *                  peer that asked
 */
enum ovx_neigh_change {
	OVX_NEIGH_ADDED = 0,
	OVX_NEIGH_LEARNED,
	OVX_NEIGH_MOVED,
	OVX_NEIGH_AGED,
	OVX_NEIGH_DELETED,
	OVX_NEIGH_MISS,
};

/**
 * struct ovx_event - a notification
 * @size: the size of the object, see OVX_INIT() and OVX_HAS()
 * @kind: an &enum ovx_event_kind value
 * @fdb_change: for %OVX_EVENT_FDB, an &enum ovx_fdb_change value as the
 *              kernel sent it: a newer kernel may send a value that this
 *              library has no name for
 * @fdb: for %OVX_EVENT_FDB, the entry (after the change; as it was for
 *       %OVX_FDB_AGED and %OVX_FDB_DELETED); NULL otherwise
 * @port: for %OVX_EVENT_PORT_ADDED and %OVX_EVENT_PORT_REMOVED, the port;
 *        NULL otherwise
 * @neigh_change: for %OVX_EVENT_NEIGH, an &enum ovx_neigh_change value as
 *                the kernel sent it (a newer kernel may send a value this
 *                library has no name for)
 * @neigh: for %OVX_EVENT_NEIGH, the binding (after the change; as it was
 *         for %OVX_NEIGH_AGED and %OVX_NEIGH_DELETED; for %OVX_NEIGH_MISS
 *         the address that was asked for, see &enum ovx_neigh_change);
 *         NULL otherwise
 * @net: for %OVX_EVENT_NET_CHANGED and %OVX_EVENT_NET_REMOVED, the
 *       network; NULL otherwise
 *
 * The members that do not apply to @kind are zero.  The objects @fdb,
 * @port, @neigh and @net point to have a @size of their own.
 */
struct ovx_event {
	size_t size;
	enum ovx_event_kind kind;
	enum ovx_fdb_change fdb_change;
	const struct ovx_fdb_entry *fdb;
	const struct ovx_port *port;
	enum ovx_neigh_change neigh_change;
	const struct ovx_neigh *neigh;
	const struct ovx_net *net;
};

/**
 * ovx_events_recv() - receive and decode notifications
 * @ctx: a context on which ovx_subscribe() succeeded
 * @cb: called for each notification, in order; returns 0 to go on or a
 *      negative errno value to stop; @ev is valid during the call only.
 *      It may make requests on @ctx; ovx_events_recv() from inside it
 *      returns -EBUSY.
 * @arg: passed to @cb
 *
 * Reads one datagram from ovx_events_fd() and decodes every notification
 * in it; kinds of notification that this library does not know (from a
 * newer kernel) are skipped.  It blocks until a datagram arrives, unless
 * the descriptor was made non-blocking (O_NONBLOCK with fcntl(2) is
 * allowed); poll(2) it first to wait for events together with other
 * things.  Signals do not interrupt the wait: poll(2) does.
 *
 * Return: 0; -ENOTCONN when not subscribed; -EBUSY when called from its
 * own callback; -EAGAIN when the descriptor
 * is non-blocking and nothing is pending; -ENOBUFS when the socket
 * overflowed and notifications were lost (call again: it goes on
 * normally); -EBADMSG when a notification was malformed (it was skipped,
 * the others were passed to @cb); the first negative value @cb returned;
 * or another negative errno value when receiving failed.
 */
int ovx_events_recv(struct ovx_ctx *ctx,
		    int (*cb)(const struct ovx_event *ev, void *arg),
		    void *arg);

/*
 * Routers and routes
 *
 * A router belongs to a switch and has interfaces in some of its
 * networks, each with gateway addresses whose prefixes are connected.
 * Guests send to the router's MAC address, the same on every host (an
 * anycast gateway), and the host they are on routes their packets.
 */

/* The size of a router name buffer: names of 1 to 31 characters. */
#define OVX_ROUTER_NAMSIZ 32

/* The most gateway addresses an interface of a router has. */
#define OVX_ROUTER_IF_ADDRS_MAX 8

/**
 * struct ovx_prefix - an address and a prefix length
 * @addr: the address, %AF_INET or %AF_INET6
 * @len: the prefix length, up to 32 for %AF_INET and 128 for %AF_INET6
 *
 * A gateway address and its connected prefix (10.1.0.1/24), or the
 * prefix of a route (10.9.0.0/16, without host bits).
 */
struct ovx_prefix {
	struct ovx_addr addr;
	uint8_t len;
};

/**
 * struct ovx_router_if - an interface of a router
 * @net: the name of its network
 * @vni: the VNI of that network
 * @n_addrs: the number of gateway addresses, up to
 *           %OVX_ROUTER_IF_ADDRS_MAX
 * @addrs: the gateway addresses and their connected prefixes
 *
 * This object never grows: it lies in arrays.
 */
struct ovx_router_if {
	char net[OVX_NET_NAMSIZ];
	uint32_t vni;
	size_t n_addrs;
	struct ovx_prefix addrs[OVX_ROUTER_IF_ADDRS_MAX];
};

/**
 * enum ovx_router_drop_reason - why a router dropped packets, indexes of
 *                               &ovx_router_drops.v
 * @OVX_RDROP_NO_ROUTE: no route to the destination (the sender got a
 *                      network unreachable)
 * @OVX_RDROP_NO_NEIGH: no address binding for the next hop in the egress
 *                      network (the sender got a host unreachable)
 * @OVX_RDROP_TTL_EXCEEDED: TTL or hop limit exhausted
 * @OVX_RDROP_BAD_HEADER: truncated or malformed IPv4 or IPv6 headers
 * @OVX_RDROP_NOT_ROUTABLE: packets to or from multicast, broadcast,
 *                          loopback, unspecified or link-local IPv6
 *                          addresses
 * @OVX_RDROP_TO_ROUTER: packets for a router address other than echo
 *                       requests
 * @OVX_RDROP_ICMP_RATELIMITED: ICMP errors and echo replies not sent
 *                              because of the rate limit
 *
 * New reasons get the next values; none is ever renumbered.
 */
enum ovx_router_drop_reason {
	OVX_RDROP_NO_ROUTE = 0,
	OVX_RDROP_NO_NEIGH,
	OVX_RDROP_TTL_EXCEEDED,
	OVX_RDROP_BAD_HEADER,
	OVX_RDROP_NOT_ROUTABLE,
	OVX_RDROP_TO_ROUTER,
	OVX_RDROP_ICMP_RATELIMITED,
};

/* The capacity of &ovx_router_drops.v: room for reasons to come. */
#define OVX_ROUTER_DROPS_CAP 32

/**
 * struct ovx_router_drops - the packets a router dropped, by reason
 * @n: how many reasons the library filled in: @v[0] to @v[@n - 1], by
 *     &enum ovx_router_drop_reason; the others are 0
 * @v: the counters
 */
struct ovx_router_drops {
	uint32_t n;
	uint64_t v[OVX_ROUTER_DROPS_CAP];
};

/**
 * ovx_router_drop_name() - the name of a router drop reason
 * @reason: an &enum ovx_router_drop_reason value
 *
 * Return: a static string such as "no_route" (the JSON key of the ovx
 * tool, the spec's name with '_' for '-'), or NULL when this library
 * knows no reason @reason.
 */
const char *ovx_router_drop_name(unsigned int reason);

/**
 * struct ovx_router - a router, as the kernel reports it
 * @size: the size of the object, see OVX_INIT() and OVX_HAS()
 * @name: the router's name
 * @switch_ifindex: interface index of its switch
 * @switch_name: interface name of its switch
 * @mac: its MAC address, that of its gateways in every network
 * @n_interfaces: the number of its interfaces
 * @interfaces: those interfaces, in the kernel's order; NULL when
 *              @n_interfaces is 0.  The array is allocated by the
 *              library: see ovx_router_get() and ovx_router_dump() for
 *              how long it lives.
 * @has_stats: whether the kernel sent @stats
 * @stats: the counters of the router (&enum ovx_stat): rx counts what
 *         guests sent to it, tx what it routed out
 * @has_drops: whether the kernel sent @drops
 * @drops: the packets it dropped, by reason
 */
struct ovx_router {
	size_t size;
	char name[OVX_ROUTER_NAMSIZ];
	int switch_ifindex;
	char switch_name[OVX_IFNAMSIZ];
	uint8_t mac[6];
	size_t n_interfaces;
	struct ovx_router_if *interfaces;
	bool has_stats;
	struct ovx_stats stats;
	bool has_drops;
	struct ovx_router_drops drops;
};

/**
 * struct ovx_router_config - the settings of a new router
 * @size: the size of the object, see OVX_INIT() and OVX_HAS()
 * @name: the router's name, 1 to %OVX_ROUTER_NAMSIZ - 1 letters, digits,
 *        '-', '_' or '.'
 * @switch_ifindex: interface index of its switch; 0 for @switch_name, or
 *                  for the only switch of the namespace when that is NULL
 *                  too
 * @switch_name: interface name of its switch, when @switch_ifindex is 0
 * @has_mac: whether @mac is set; without it, the router gets
 *           ovx_router_default_mac() of @name
 * @mac: its MAC address, unicast and not zero
 *
 * Fill it with ovx_router_config_init() first, then set what differs.
 */
struct ovx_router_config {
	size_t size;
	const char *name;
	int switch_ifindex;
	const char *switch_name;
	bool has_mac;
	uint8_t mac[6];
};

/**
 * ovx_router_config_init() - set up a router config with the defaults
 * @cfg: the config
 * @name: the router's name (not copied)
 *
 * Also sets @cfg->size, as OVX_INIT() does.
 */
static inline void ovx_router_config_init(struct ovx_router_config *cfg,
					  const char *name)
{
	OVX_INIT(cfg);
	cfg->name = name;
}

/**
 * ovx_router_default_mac() - the MAC address a router gets by default
 * @name: the router's name
 * @mac: where to store the address
 *
 * The same on every host and in every run, so that a router created with
 * the same name on each host answers with one MAC address everywhere: a
 * locally administered unicast address, 02 followed by the five low bytes
 * (most significant first) of the 64-bit FNV-1a hash of the bytes of
 * @name (without the NUL): offset basis 0xcbf29ce484222325, prime
 * 0x100000001b3.
 *
 * Return: 0; -EINVAL when @name is NULL or empty or @mac is NULL.
 */
int ovx_router_default_mac(const char *name, uint8_t mac[6]);

/**
 * struct ovx_switch_set_config - service settings of a switch to change
 * @size: the size of the object, see OVX_INIT() and OVX_HAS()
 * @name: the switch's interface name, or NULL
 * @ifindex: its interface index, or 0; exactly one of the two
 * @service_rate: 1 to 1000000 frames per second per port, or -1 to leave
 *                it (default 100)
 * @service_burst: 1 to 1000000 frames, or -1 to leave it (default 200)
 * @n_dns_upstream: number of @dns_upstream (at most
 *                  %OVX_DNS_SERVERS_MAX; 0 clears the list), or -1 to
 *                  leave the list
 * @dns_upstream: the resolvers the service daemon forwards queries to
 */
struct ovx_switch_set_config {
	size_t size;
	const char *name;
	int ifindex;
	int64_t service_rate;
	int64_t service_burst;
	int n_dns_upstream;
	const struct ovx_addr *dns_upstream;
};

/**
 * ovx_switch_set_config_init() - set every field to "leave it"
 * @cfg: the config
 * @name: the switch's interface name; the string is not copied
 */
static inline void ovx_switch_set_config_init(struct ovx_switch_set_config *cfg,
					      const char *name)
{
	OVX_INIT(cfg);
	cfg->name = name;
	cfg->service_rate = -1;
	cfg->service_burst = -1;
	cfg->n_dns_upstream = -1;
}

/**
 * ovx_switch_set() - change the service settings of a switch
 * @ctx: the context
 * @cfg: the settings, from ovx_switch_set_config_init()
 *
 * Return: 0, -EINVAL for an invalid @cfg, or the kernel's error (-ENODEV
 * for no such switch, -EOPNOTSUPP from kernels without guest services).
 */
int ovx_switch_set(struct ovx_ctx *ctx,
		   const struct ovx_switch_set_config *cfg);

/**
 * ovx_service_default_mac() - the MAC address of a network's service
 * address by default
 * @net: the network's name
 * @mac: where to write it
 *
 * A locally administered unicast address derived from the name, the same
 * on every host (as ovx_router_default_mac(), with another prefix), so
 * that guests keep it when they move.
 *
 * Return: 0, or -EINVAL for an invalid name.
 */
int ovx_service_default_mac(const char *net, uint8_t mac[6]);

/**
 * enum ovx_packet_service - what a frame handed up was classified as
 * @OVX_PACKET_DHCP4: DHCPv4 (UDP to port 67)
 * @OVX_PACKET_DHCP6: DHCPv6 (UDP to port 547)
 * @OVX_PACKET_RS: an ICMPv6 router solicitation
 * @OVX_PACKET_DNS: DNS to the network's service address
 */
enum ovx_packet_service {
	OVX_PACKET_DHCP4,
	OVX_PACKET_DHCP6,
	OVX_PACKET_RS,
	OVX_PACKET_DNS,
};

/**
 * struct ovx_packet - a frame the datapath handed to the service daemon
 * @size: the size of the object, see OVX_INIT() and OVX_HAS()
 * @switch_ifindex: the switch
 * @net: the network of the port
 * @vni: its VNI
 * @port_ifindex: the port the frame came in on
 * @service: an &enum ovx_packet_service value (a newer kernel may send
 *           others: ignore them)
 * @frame: the Ethernet frame, valid during the callback only
 * @len: its length
 */
struct ovx_packet {
	size_t size;
	int switch_ifindex;
	char net[OVX_NET_NAMSIZ];
	uint32_t vni;
	int port_ifindex;
	unsigned int service;
	const uint8_t *frame;
	size_t len;
};

/**
 * ovx_packet_listen() - become the service daemon of a switch
 * @ctx: the context
 * @switch_ifindex: the switch
 *
 * The context's packet socket (opened with the others by ovx_open())
 * registers with the switch: from then on, the frames of the services
 * enabled on its networks are handed to it instead of being switched,
 * until ovx_packet_unlisten() or ovx_close().  Read them with
 * ovx_packet_recv() when ovx_packet_fd() is readable.  Frames that arrive
 * for another switch while this call waits for the kernel's answer are
 * lost (guests retransmit): register every switch before serving.
 *
 * Return: 0; -EBUSY when another socket listens on the switch; -ENODEV;
 * -EOPNOTSUPP from kernels without guest services.
 */
int ovx_packet_listen(struct ovx_ctx *ctx, int switch_ifindex);

/**
 * ovx_packet_unlisten() - stop being the service daemon of a switch
 * @ctx: the context
 * @switch_ifindex: the switch
 *
 * Return: as ovx_packet_listen().
 */
int ovx_packet_unlisten(struct ovx_ctx *ctx, int switch_ifindex);

/**
 * ovx_packet_fd() - the packet socket's file descriptor, for poll()
 * @ctx: the context
 *
 * Return: the descriptor, or -EINVAL.
 */
int ovx_packet_fd(const struct ovx_ctx *ctx);

/**
 * ovx_packet_recv() - read the frames handed up and queued so far
 * @ctx: the context
 * @cb: called once per frame; a negative return stops reading and is
 *      returned
 * @arg: passed to @cb
 *
 * Does not block, and reads at most a few hundred frames per call, so that
 * a flood of them does not starve the caller's other work: call it again
 * while ovx_packet_fd() is readable.  Errors of earlier ovx_packet_send()
 * calls, which the kernel reports on the same socket, are counted (see
 * ovx_packet_send_errors()), not returned.
 *
 * Return: 0 when the queue is empty or the batch is done; -ENOBUFS when the socket's queue
 * overflowed (frames were lost and counted by the kernel as unqueued);
 * an error of @cb.
 */
int ovx_packet_recv(struct ovx_ctx *ctx,
		    int (*cb)(const struct ovx_packet *pkt, void *arg),
		    void *arg);

/**
 * ovx_packet_send() - send a frame out of a port, to its guest
 * @ctx: the context
 * @switch_ifindex: the switch
 * @port_ifindex: a port of that switch
 * @frame: the Ethernet frame
 * @len: its length, 14 bytes to the port's MTU plus its Ethernet header
 *
 * Does not wait for the kernel: a frame that the kernel refuses is
 * counted by ovx_packet_send_errors() when ovx_packet_recv() reads the
 * refusal.
 *
 * Return: 0, -EINVAL for bad arguments, -EAGAIN when the socket's send
 * buffer is full, or another error of sendmsg().
 */
int ovx_packet_send(struct ovx_ctx *ctx, int switch_ifindex,
		    int port_ifindex, const void *frame, size_t len);

/**
 * ovx_packet_send_errors() - frames the kernel refused to send
 * @ctx: the context
 *
 * Return: how many ovx_packet_send() frames the kernel refused so far.
 */
uint64_t ovx_packet_send_errors(const struct ovx_ctx *ctx);

/**
 * ovx_router_add() - create a router
 * @ctx: the context
 * @cfg: the settings, from ovx_router_config_init()
 *
 * Return: 0, or a negative errno value:
 * -EINVAL: @cfg is NULL, its name invalid, its MAC multicast or zero
 * (nothing was sent), or the kernel refused a setting (ovx_errmsg() says
 * which); -EOPNOTSUPP: @cfg sets a member this library does not know;
 * -ENODEV: no such switch, or (without one named) the namespace has none;
 * -ENOTUNIQ: no switch named and the namespace has several; -EEXIST: a
 * router of that name exists in the namespace; -EPERM: no CAP_NET_ADMIN;
 * -ENOMEM; any other value from the kernel or the socket.
 */
int ovx_router_add(struct ovx_ctx *ctx, const struct ovx_router_config *cfg);

/**
 * ovx_router_del() - delete a router, its interfaces and its routes
 * @ctx: the context
 * @name: the router's name
 *
 * Return: 0, or a negative errno value: -EINVAL: @name is invalid
 * (nothing was sent); -ENOENT: no such router; -EPERM; -ENOMEM; any
 * other value from the kernel or the socket.
 */
int ovx_router_del(struct ovx_ctx *ctx, const char *name);

/**
 * ovx_router_get() - look a router up by its name
 * @ctx: the context
 * @name: the router's name
 * @out: set up with OVX_INIT(), filled in on success; its @interfaces
 *       array is then the caller's, to free with ovx_router_clear().
 *       @out is overwritten, not freed.  On failure it holds no memory.
 *
 * Return: 0, or a negative errno value as for ovx_router_del(); -EBADMSG
 * when the kernel's answer is malformed.
 */
int ovx_router_get(struct ovx_ctx *ctx, const char *name,
		   struct ovx_router *out);

/**
 * ovx_router_dump() - list routers
 * @ctx: the context
 * @switch_ifindex: list the routers of this switch only, or 0 for every
 *                  router of the namespace
 * @cb: called once per router, as for ovx_switch_dump(); @router, with
 *      its @interfaces array, is valid during the call only
 * @arg: passed to @cb
 *
 * Return: as ovx_switch_dump(); -EINVAL when @cb is NULL or
 * @switch_ifindex is negative; -ENOMEM; -EBADMSG when an answer is
 * malformed.
 */
int ovx_router_dump(struct ovx_ctx *ctx, int switch_ifindex,
		    int (*cb)(const struct ovx_router *router, void *arg),
		    void *arg);

/**
 * ovx_router_clear() - free the interfaces of a router from
 *                      ovx_router_get()
 * @router: the router, or NULL (then nothing happens)
 *
 * Frees @router->interfaces and sets it to NULL and @n_interfaces to 0;
 * the other members are kept.  Clearing twice is harmless.
 */
void ovx_router_clear(struct ovx_router *router);

/**
 * ovx_router_attach() - give a router an interface in a network
 * @ctx: the context
 * @router: the router's name
 * @net: the network, of the router's switch
 * @addrs: the interface's gateway addresses with the length of their
 *         connected prefixes (10.1.0.1/24), @n_addrs of them
 * @n_addrs: 1 to %OVX_ROUTER_IF_ADDRS_MAX
 *
 * A network has an interface of one router at most.  Each gateway address
 * must be a host address of its prefix (not the prefix itself nor, for
 * IPv4 shorter than /31, its broadcast address), and the prefixes of the
 * router's interfaces may not overlap.
 *
 * Return: 0, or a negative errno value: -EINVAL: a name is invalid, @addrs
 * is NULL, @n_addrs is 0 or too big, or a prefix length is too long for
 * its family (nothing was sent), or the kernel refused (ovx_errmsg() says
 * why: the network belongs to another switch, an address is not a host
 * address of its prefix, two prefixes of @addrs overlap);
 * -EAFNOSUPPORT: an address of a family other than %AF_INET and
 * %AF_INET6 (nothing was sent); -ENOENT: no such router or network;
 * -EEXIST: @net has a router interface already (this router's or
 * another's), or a prefix overlaps one of another interface of the
 * router; -ENOSPC: the router would have too many routes (each connected
 * prefix is one); -EPERM; -ENOMEM; any other value from the kernel or
 * the socket.
 */
int ovx_router_attach(struct ovx_ctx *ctx, const char *router,
		      const char *net, const struct ovx_prefix *addrs,
		      size_t n_addrs);

/**
 * ovx_router_detach() - remove a router's interface in a network
 * @ctx: the context
 * @router: the router's name
 * @net: the network
 *
 * Removes the routes through that interface too.
 *
 * Return: 0, or a negative errno value: -EINVAL: a name is invalid
 * (nothing was sent); -ENOENT: no such router or network, or the router
 * has no interface there; -EPERM; -ENOMEM; any other value from the
 * kernel or the socket.
 */
int ovx_router_detach(struct ovx_ctx *ctx, const char *router,
		      const char *net);

/**
 * struct ovx_route - a static route of a router
 * @size: the size of the object, see OVX_INIT() and OVX_HAS()
 * @router: the router's name
 * @prefix: the destination prefix, without host bits
 * @via: the next hop, in a connected prefix of the router, of the family
 *       of @prefix; %AF_UNSPEC for none (the kernel then picks the
 *       interface whose connected prefix holds the destination)
 * @net: in replies, the network the route leaves by; ignored by
 *       ovx_route_add()
 */
struct ovx_route {
	size_t size;
	char router[OVX_ROUTER_NAMSIZ];
	struct ovx_prefix prefix;
	struct ovx_addr via;
	char net[OVX_NET_NAMSIZ];
};

/**
 * ovx_route_add() - add a static route to a router
 * @ctx: the context
 * @route: set up with OVX_INIT(); @router, @prefix and optionally @via
 *
 * Return: 0, or a negative errno value: -EINVAL: @route is NULL, its
 * router name invalid, its prefix missing, too long or with host bits
 * set, or @via of another family than @prefix (nothing was sent);
 * -EAFNOSUPPORT: a family other than %AF_INET and %AF_INET6 (nothing was
 * sent); -EOPNOTSUPP: @route sets a member this library does not know;
 * -ENOENT: no such router; -EEXIST: the router has a route to that
 * prefix already (a connected one too); -ENETUNREACH: no connected prefix
 * of the router holds @via or, without @via, the prefix; -ENOSPC: the
 * router has too many routes; -EPERM; -ENOMEM; any other value from the
 * kernel or the socket.  ovx_errmsg() gives the kernel's explanation.
 */
int ovx_route_add(struct ovx_ctx *ctx, const struct ovx_route *route);

/**
 * ovx_route_del() - delete a static route
 * @ctx: the context
 * @router: the router's name
 * @prefix: the route's prefix
 *
 * Return: 0, or a negative errno value: -EINVAL or -EAFNOSUPPORT as for
 * ovx_route_add() (nothing was sent); -ENOENT: no such router, or it has
 * no route to @prefix; -EBUSY: @prefix is a connected prefix, which goes
 * with its interface (see ovx_router_detach()); -EPERM; -ENOMEM; any
 * other value from the kernel or the socket.
 */
int ovx_route_del(struct ovx_ctx *ctx, const char *router,
		  const struct ovx_prefix *prefix);

/**
 * ovx_route_get() - look a static route up
 * @ctx: the context
 * @router: the router's name
 * @prefix: the route's prefix
 * @out: set up with OVX_INIT(), filled in on success
 *
 * Return: 0, or a negative errno value: -EINVAL: @out is NULL or too
 * small, or as for ovx_route_del(); -ENOENT: no such router, or it has
 * no static route to @prefix (connected prefixes are not routes here);
 * -ENOMEM; -EBADMSG when the kernel's answer is malformed.
 */
int ovx_route_get(struct ovx_ctx *ctx, const char *router,
		  const struct ovx_prefix *prefix, struct ovx_route *out);

/**
 * ovx_route_dump() - list static routes
 * @ctx: the context
 * @router: list the routes of this router only, or NULL for every route
 *          of the namespace
 * @cb: called once per route, as for ovx_switch_dump()
 * @arg: passed to @cb
 *
 * Connected prefixes are not listed: they are the addresses of the
 * routers' interfaces (&struct ovx_router_if).
 *
 * Return: as ovx_switch_dump(); -EINVAL when @cb is NULL or @router is
 * invalid; -ENOENT when there is no such router; -ENOMEM; -EBADMSG when an
 * answer is malformed.
 */
int ovx_route_dump(struct ovx_ctx *ctx, const char *router,
		   int (*cb)(const struct ovx_route *route, void *arg),
		   void *arg);

/*
 * Batches
 *
 * A large change (thousands of FDB entries, bindings, ports) as a few
 * system calls rather than one round trip per object.
 */

/**
 * ovx_batch_begin() - start queueing write requests
 * @ctx: the context
 *
 * Until ovx_batch_end(), the functions that change objects of the ovx
 * family (add, set, del, attach, detach of networks, ports, peers, FDB
 * entries, bindings, routers and routes) check their arguments as usual,
 * then queue their request and return 0 instead of sending it: an error
 * they return is one found before sending (nothing was queued).
 * Requests that read (get, dump) are still sent at once and do not see
 * the queued changes.  Switches, which are created and deleted with
 * rtnetlink, are not batched.
 *
 * Return: 0; -EINVAL when @ctx is NULL; -EBUSY when a batch is open.
 */
int ovx_batch_begin(struct ovx_ctx *ctx);

/**
 * ovx_batch_end() - send the queued requests
 * @ctx: the context
 * @failed: where to store the index (from 0, in the order they were
 *          queued) of the request that failed; may be NULL
 *
 * Sends the requests pipelined, many per sendmsg(), only the last of each
 * send asking for an acknowledgement (the kernel reports the failure of
 * any request anyway), in the order they were queued.  After a send with
 * a failure, the rest of the batch is not sent.  ovx_batch_done() tells
 * which requests the kernel applied.  The batch is closed in every case.
 *
 * Return: 0 when the kernel applied every request; the first failure
 * otherwise, a negative errno value, with ovx_errmsg() giving the kernel's
 * explanation and @failed its index; -EINVAL when no batch is open;
 * -ENOMEM; -ENOBUFS when the answers overran the socket (which requests
 * failed is then unknown: ovx_batch_done() says true for each one sent);
 * any other value from the socket.
 */
int ovx_batch_end(struct ovx_ctx *ctx, size_t *failed);

/**
 * ovx_batch_done() - whether the kernel applied a request of the last batch
 * @ctx: the context
 * @index: the request's index in the batch, as for ovx_batch_end()
 *
 * For undoing a batch that failed: the requests sent after the failed one
 * may have been applied, those of later sends were not sent.
 *
 * Return: true when request @index of the last ovx_batch_end() was sent
 * and not refused; false otherwise, or for an index out of range.
 */
bool ovx_batch_done(const struct ovx_ctx *ctx, size_t index);

#ifdef __cplusplus
}
#endif

#endif /* OVX_OVX_H */
