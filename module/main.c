// SPDX-License-Identifier: GPL-2.0-only
/* ovx: an overlay virtual switch.  Module init and exit only. */

#include <linux/module.h>
#include <linux/rcupdate.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>
#include <uapi/linux/ovx.h>

#include "device.h"
#include "netlink.h"

static int __init ovx_init(void)
{
	int err;

	err = ovx_device_init();
	if (err)
		return err;
	/* Last: once the family is visible, everything it drives is ready. */
	err = ovx_netlink_init();
	if (err)
		goto err_device;
	pr_info("overlay virtual switch loaded\n");
	return 0;

err_device:
	ovx_device_uninit();
	return err;
}

static void __exit ovx_exit(void)
{
	/* First: no new requests can reach objects we are about to free. */
	ovx_netlink_uninit();
	ovx_device_uninit();
	/* Let RCU callbacks that point into this module finish first. */
	rcu_barrier();
}

module_init(ovx_init);
module_exit(ovx_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ovx overlay virtual switch");
MODULE_ALIAS_RTNL_LINK("ovx");
MODULE_ALIAS_GENL_FAMILY(OVX_FAMILY_NAME);
