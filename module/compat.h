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

#endif /* _OVX_COMPAT_H */
