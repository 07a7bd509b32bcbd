/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one place where differences between the kernels ovx supports (Debian's
 * 6.1 and 6.12) are absorbed.  Everything else in module/ is written against
 * the newest API and calls these helpers where the two differ.
 */
#ifndef _OVX_COMPAT_H
#define _OVX_COMPAT_H

#include <linux/version.h>
#include <linux/netdevice.h>
#include <net/genetlink.h>

/* 6.4 moved the GSO helpers (skb_gso_validate_mac_len...) to their own header. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
#include <net/gso.h>
#endif

/*
 * 6.12 turned the NETIF_F_NETNS_LOCAL and NETIF_F_LLTX feature bits into
 * plain net_device flags (Debian's 6.12 carries the later name,
 * netns_immutable).
 */
static inline void ovx_compat_dev_set_netns_local(struct net_device *dev)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	dev->netns_immutable = true;
#else
	dev->features |= NETIF_F_NETNS_LOCAL;
#endif
}

static inline void ovx_compat_dev_set_lltx(struct net_device *dev)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	dev->lltx = true;
#else
	dev->features |= NETIF_F_LLTX;
#endif
}

/*
 * A device's name, copied for readers that do not hold RTNL (netlink gets
 * and dumps run under RCU only).  A rename rewrites dev->name in place
 * under RTNL: 6.12's netdev_copy_name() retries on a seqcount, but is not
 * exported, and 6.1 has nothing of the kind.  We copy byte by byte, at
 * most IFNAMSIZ bytes, and always terminate: a reader racing with a rename
 * may get a mix of the old and the new name, never a read past the
 * buffer.
 */
static inline void ovx_dev_name_copy(char buf[IFNAMSIZ],
				     const struct net_device *dev)
{
	int i;

	for (i = 0; i < IFNAMSIZ - 1; i++) {
		buf[i] = READ_ONCE(dev->name[i]);
		if (!buf[i])
			break;
	}
	buf[IFNAMSIZ - 1] = '\0';
}

/* 6.6 moved the parsed attributes of a dump request into a genl_info. */
static inline struct nlattr **ovx_compat_dump_attrs(struct netlink_callback *cb)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

/*
 * Before 6.7 the policy's range pointer was not const, but the netlink code
 * generated from the spec declares its ranges const.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 7, 0)
#undef NLA_POLICY_FULL_RANGE
#define NLA_POLICY_FULL_RANGE(tp, _range) {				\
	.type = NLA_ENSURE_UINT_OR_BINARY_TYPE(tp),			\
	.validation_type = NLA_VALIDATE_RANGE_PTR,			\
	.range = (struct netlink_range_validation *)(_range),		\
}
#endif

/*
 * Tunnel GRO before 6.9.  The UDP layer's gro_complete finds the tunnel
 * socket, and fixes the outer checksum, with the IP header that
 * skb->network_header points at; but the inner IP layer's gro_receive has
 * moved that to the inner header by then.  A socket bound to the wildcard
 * address (Linux's vxlan) is found anyway; ovx's, bound to its local
 * address, is not, and the merged packet is then completed as UDP GSO,
 * which the socket cuts into bogus datagrams (UdpInErrors).  6.9 keeps both
 * offsets in NAPI_GRO_CB() instead.  On older kernels, ovx_gro_receive()
 * puts the outer offset back once the inner layers are done, keeping the
 * inner one in inner_network_header (unused until gro_complete), and
 * ovx_gro_complete() restores the inner one for the inner layers'
 * gro_complete, which read it too.
 */
static inline void ovx_compat_gro_keep_outer_nh(struct sk_buff *skb, u16 outer)
{
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 9, 0)
	skb->inner_network_header = skb->network_header;
	skb->network_header = outer;
#endif
}

static inline void ovx_compat_gro_inner_nh(struct sk_buff *skb)
{
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 9, 0)
	skb->network_header = skb->inner_network_header;
#endif
}

#endif /* _OVX_COMPAT_H */
