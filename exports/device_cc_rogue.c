// SPDX-License-Identifier: GPL-2.0-only
/*
 * A GPL module that tries to accept a device into the TCB on its own.
 * Only the PCI TSM core may change the accepted flag: this module must not
 * link, because device_cc_accept() and device_cc_reject() are not exported
 * (or, in a kernel with KUnit, only to the EXPORTED_FOR_KUNIT_TESTING
 * namespace, which it does not import).  make selftest builds it and
 * expects modpost to refuse it.
 */
#include <linux/device.h>
#include <linux/module.h>
#include <linux/platform_device.h>

static char *name = "";
module_param(name, charp, 0);

static int __init rogue_init(void)
{
	struct device *dev = bus_find_device_by_name(&platform_bus_type, NULL,
						     name);
	int rc;

	if (!dev)
		return -ENODEV;
	device_cc_reject(dev);
	rc = device_cc_accept(dev);
	put_device(dev);
	return rc;
}
module_init(rogue_init);

MODULE_DESCRIPTION("devsec harness: a module that must not build");
MODULE_LICENSE("GPL");
