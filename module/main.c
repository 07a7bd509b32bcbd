// SPDX-License-Identifier: GPL-2.0-only
/* ovx: an overlay virtual switch.  Module init and exit only. */

#include <linux/module.h>
#include <linux/rcupdate.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>
#include <uapi/linux/ovx.h>

#include "device.h"
#include "fdb.h"
#include "port.h"
#include "netlink.h"

static int __init ovx_init(void)
{
	int err;

	err = ovx_fdb_cache_init();
	if (err)
		return err;
	err = ovx_device_init();
	if (err)
		goto err_fdb;
	err = ovx_port_init();
	if (err)
		goto err_device;
	/* Last: once the family is visible, everything it drives is ready. */
	err = ovx_netlink_init();
	if (err)
		goto err_port;
	pr_info("overlay virtual switch loaded\n");
	return 0;

err_port:
	ovx_port_uninit();
err_device:
	ovx_device_unregister_links();
	ovx_device_uninit();
err_fdb:
	ovx_fdb_cache_uninit();
	return err;
}

static void __exit ovx_exit(void)
{
	/*
	 * Deletes the switches, and with them networks, ports and FDBs.  The
	 * family is still registered: each deletion sends its notification
	 * to a group that exists.  A request racing with this waits for RTNL
	 * and then finds no switch.
	 */
	ovx_device_unregister_links();
	/* No object is left for a request or an event to reach. */
	ovx_netlink_uninit();
	ovx_port_uninit();
	/* Last of the three: requests looked up their namespace's state. */
	ovx_device_uninit();
	/* Waits for the RCU callbacks that free entries, then the cache. */
	ovx_fdb_cache_uninit();
}

module_init(ovx_init);
module_exit(ovx_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ovx overlay virtual switch");
MODULE_ALIAS_RTNL_LINK("ovx");
MODULE_ALIAS_GENL_FAMILY(OVX_FAMILY_NAME);
