// SPDX-License-Identifier: GPL-2.0
/*
 * snull_main.c -- module parameters, setup and teardown of snull.ko
 *
 * A descendant of the "snull" example of Linux Device Drivers, 3rd edition
 * (Rubini, Corbet, Kroah-Hartman), rewritten for current kernels.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/netdevice.h>
#include "snull.h"
#include "snull_nc.h"

/* ---- parameters: every value is checked, bad ones refuse the load ---- */

static enum snull_mode snull_mode = SNULL_MODE_SNULL;
static bool snull_use_napi = true;

static struct snull_uint_param snull_pool_size = {
	.name = "pool_size", .min = SNULL_POOL_MIN, .max = SNULL_POOL_MAX,
	.value = SNULL_POOL_DEFAULT,
};

static struct snull_uint_param snull_lockup = {
	.name = "lockup", .min = 0, .max = SNULL_LOCKUP_MAX, .value = 0,
};

static struct snull_uint_param snull_timeout = {
	.name = "timeout", .min = SNULL_TIMEOUT_MIN, .max = SNULL_TIMEOUT_MAX,
	.value = SNULL_TIMEOUT_DEFAULT,
};

static struct snull_uint_param snull_napi_weight = {
	.name = "napi_weight", .min = SNULL_WEIGHT_MIN, .max = SNULL_WEIGHT_MAX,
	.value = SNULL_WEIGHT_DEFAULT,
};

static int snull_param_set_uint(const char *val, const struct kernel_param *kp)
{
	struct snull_uint_param *p = kp->arg;
	char err[96];
	unsigned int v;

	if (snull_parse_uint_param(p, val, &v, err, sizeof(err))) {
		pr_err("%s: %s\n", SNULL_DRV_NAME, err);
		return -EINVAL;
	}
	p->value = v;
	return 0;
}

static int snull_param_get_uint(char *buf, const struct kernel_param *kp)
{
	const struct snull_uint_param *p = kp->arg;

	return sysfs_emit(buf, "%u\n", p->value);
}

static const struct kernel_param_ops snull_uint_ops = {
	.set = snull_param_set_uint,
	.get = snull_param_get_uint,
};

static int snull_param_set_mode(const char *val, const struct kernel_param *kp)
{
	if (snull_parse_mode(val, &snull_mode)) {
		pr_err("%s: mode='%s' is not one of: snull, pair\n",
		       SNULL_DRV_NAME, val);
		return -EINVAL;
	}
	return 0;
}

static int snull_param_get_mode(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n", snull_mode_name(snull_mode));
}

static const struct kernel_param_ops snull_mode_ops = {
	.set = snull_param_set_mode,
	.get = snull_param_get_mode,
};

module_param_cb(mode, &snull_mode_ops, NULL, 0444);
MODULE_PARM_DESC(mode, "snull (LDD3: NOARP, third IPv4 octet flipped; default) or pair (plain L2 crossover)");
module_param_named(use_napi, snull_use_napi, bool, 0444);
MODULE_PARM_DESC(use_napi, "receive through NAPI (default 1); 0 = LDD3 regular interrupt mode");
module_param_cb(pool_size, &snull_uint_ops, &snull_pool_size, 0444);
MODULE_PARM_DESC(pool_size, "packet buffers per device, 2..1024 (default 64)");
module_param_cb(lockup, &snull_uint_ops, &snull_lockup, 0444);
MODULE_PARM_DESC(lockup, "simulate a transmitter lockup every N frames, 0..1000000 (default 0 = never)");
module_param_cb(timeout, &snull_uint_ops, &snull_timeout, 0444);
MODULE_PARM_DESC(timeout, "TX watchdog timeout in ms, 100..60000 (default 5000)");
module_param_cb(napi_weight, &snull_uint_ops, &snull_napi_weight, 0444);
MODULE_PARM_DESC(napi_weight, "NAPI poll budget, 1..64 (default 64)");

/* ---- module init/exit ---- */

static int __init snull_init_module(void)
{
	/* The parameters are read-only once loaded: one snapshot serves
	 * every pair created later.
	 */
	const struct snull_config cfg = {
		.mode		= snull_mode,
		.use_napi	= snull_use_napi,
		.pool_size	= snull_pool_size.value,
		.lockup		= snull_lockup.value,
		.timeout_ms	= snull_timeout.value,
		.napi_weight	= snull_napi_weight.value,
	};
	int err;

	err = snull_netdev_init(&cfg);
	if (err)
		return err;
	/* After the pair, so that netconsole= can name sn0 at load. */
	err = snull_nc_init();
	if (err)
		goto err_netdev;
	pr_info("%s: %s loaded, mode=%s, %s, pool_size=%u\n", SNULL_DRV_NAME,
		SNULL_VERSION, snull_mode_name(snull_mode),
		snull_use_napi ? "NAPI" : "regular interrupts",
		snull_pool_size.value);
	return 0;

err_netdev:
	snull_netdev_exit();
	return err;
}

static void __exit snull_cleanup_module(void)
{
	snull_nc_exit();
	snull_netdev_exit();
}

module_init(snull_init_module);
module_exit(snull_cleanup_module);

MODULE_AUTHOR("The snull developers");
MODULE_DESCRIPTION("snull: virtual Ethernet pair with packet pool, NAPI and netpoll");
MODULE_LICENSE("GPL");
MODULE_VERSION(SNULL_VERSION);
MODULE_ALIAS_RTNL_LINK(SNULL_DRV_NAME);
