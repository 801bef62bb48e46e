/* SPDX-License-Identifier: GPL-2.0 */
/*
 * snull_compat.h -- the one place for differences between the kernels snull
 * builds on: Debian 12's 6.1 and 6.12, Debian 13's 6.12 and sid's newest
 * (7.2 when this was written).  Each shim names the kernels on each side.
 *
 * Decided by feature tests on the kernel headers (scripts/conftest.sh, run
 * by Kbuild), never by LINUX_VERSION_CODE: Debian backports make version
 * checks lie.
 */
#ifndef _SNULL_COMPAT_H
#define _SNULL_COMPAT_H

#ifdef __KERNEL__
#include <linux/console.h>
#include <linux/ethtool.h>
#include <linux/netpoll.h>
#include <linux/sched.h>
#include <net/rtnetlink.h>

/*
 * mac_pton() and the other hex helpers: 7.0 stopped including <linux/hex.h>
 * from <linux/kernel.h> (7.2 needs the include); 6.1 has no such header
 * (the helpers are in kernel.h there); 6.12 has both.
 */
#ifdef SNULL_HAVE_LINUX_HEX_H
#include <linux/hex.h>
#endif

/* 6.11 gave get_ts_info its own kernel-side struct (6.12, 7.2; 6.1 not). */
#ifdef SNULL_HAVE_KERNEL_ETHTOOL_TS_INFO
#define snull_ethtool_ts_info kernel_ethtool_ts_info
#else
#define snull_ethtool_ts_info ethtool_ts_info
#endif

/*
 * rtnl_link_ops.newlink: 6.15 packed its arguments into struct
 * rtnl_newlink_params (7.2); before, they were separate (6.1, 6.12).
 * snull uses only the device and the extack, named dev and extack.
 */
#ifdef SNULL_HAVE_RTNL_NEWLINK_PARAMS
#define SNULL_NEWLINK_ARGS						\
	struct net_device *dev, struct rtnl_newlink_params *params,	\
	struct netlink_ext_ack *extack
#else
#define SNULL_NEWLINK_ARGS						\
	struct net *src_net, struct net_device *dev, struct nlattr *tb[], \
	struct nlattr *data[], struct netlink_ext_ack *extack
#endif

/*
 * Dropping a netpoll from a netdev notifier (RTNL held): 6.12 and 7.2
 * export do_netpoll_cleanup(); 6.1 does the same three steps by hand
 * (__netpoll_cleanup() is still exported there; it is not after 6.17).
 */
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

/*
 * The netconsole client's consoles.  Where the kernel has nbcon consoles
 * with printer threads (6.12, 7.2) they are nbcon consoles: a printk
 * caller only stores its record and a thread sends it; write_atomic()
 * sends emergency records (a WARN, an oops) and, in a panic, everything
 * left before the kernel stops or reboots.  6.1 has legacy consoles only.
 *
 * Not CON_NBCON_ATOMIC_UNSAFE (6.19), which 7.2's in-tree netconsole sets:
 * with it, write_atomic() runs only in panic()'s last flush, which comes
 * after the reboot of panic=N and panic=-1, so a panic that reboots would
 * never be sent.
 */
#ifdef SNULL_HAVE_NBCON
#define SNULL_NC_NBCON 1
#define SNULL_NC_CON_FLAGS	(CON_ENABLED | CON_NBCON)
#else
#define SNULL_NC_CON_FLAGS	CON_ENABLED
#endif

/*
 * sysdata's cpu= and taskname=: the printk caller's, which 7.2 (7.0)
 * records with CONFIG_PRINTK_EXECUTION_CTX; else the sender's (6.1 and
 * 6.12, where a legacy console runs in the printk caller's context or the
 * thread's, which has no record of it).
 */
#if defined(SNULL_NC_NBCON) && defined(SNULL_HAVE_NBCON_EXEC_CTX) && \
	defined(CONFIG_PRINTK_EXECUTION_CTX)
#define SNULL_NC_EXEC_CTX 1
#endif

/* 6.1 has no such struct: the legacy path passes NULL. */
struct nbcon_write_context;

static inline unsigned int snull_nc_wctxt_cpu(struct nbcon_write_context *w)
{
#ifdef SNULL_NC_EXEC_CTX
	if (w)
		return w->cpu;
#endif
	return raw_smp_processor_id();
}

static inline const char *snull_nc_wctxt_comm(struct nbcon_write_context *w)
{
#ifdef SNULL_NC_EXEC_CTX
	if (w)
		return w->comm;
#endif
	return current->comm;
}

/*
 * Lockless transmit: 6.12 and 7.2 have dev->lltx; 6.1 has the
 * NETIF_F_LLTX feature bit instead.
 */
static inline void snull_set_lltx(struct net_device *dev)
{
#ifdef SNULL_HAVE_DEV_LLTX
	dev->lltx = true;
#else
	dev->features |= NETIF_F_LLTX;
#endif
}
#endif

#endif /* _SNULL_COMPAT_H */
