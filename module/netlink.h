/* SPDX-License-Identifier: GPL-2.0-only */
/* ovx: the generic netlink family. */
#ifndef _OVX_NETLINK_H
#define _OVX_NETLINK_H

int ovx_netlink_init(void);
void ovx_netlink_uninit(void);

#endif /* _OVX_NETLINK_H */
