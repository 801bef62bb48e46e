/* SPDX-License-Identifier: GPL-2.0 */
/*
 * snull_compat.h -- the one place for differences between the kernels snull
 * builds on (Debian 12's 6.1 and 6.12).
 *
 * Decided by feature tests on the kernel headers (scripts/conftest.sh, run
 * by Kbuild), never by LINUX_VERSION_CODE: Debian backports make version
 * checks lie.
 */
#ifndef _SNULL_COMPAT_H
#define _SNULL_COMPAT_H

#include <linux/ethtool.h>

/* 6.11 gave get_ts_info its own kernel-side struct. */
#ifdef SNULL_HAVE_KERNEL_ETHTOOL_TS_INFO
#define snull_ethtool_ts_info kernel_ethtool_ts_info
#else
#define snull_ethtool_ts_info ethtool_ts_info
#endif

/*
 * Dropping a netpoll from a netdev notifier (RTNL held): 6.12 exports
 * do_netpoll_cleanup(); before it, the same three steps by hand.
 */
#ifdef __KERNEL__
#include <linux/netpoll.h>
static inline void snull_nc_netpoll_drop(struct netpoll *np)
{
#ifdef SNULL_HAVE_DO_NETPOLL_CLEANUP
	do_netpoll_cleanup(np);
#else
	__netpoll_cleanup(np);
	netdev_put(np->dev, &np->dev_tracker);
	np->dev = NULL;
#endif
}
#endif

#endif /* _SNULL_COMPAT_H */
