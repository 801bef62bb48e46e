/* SPDX-License-Identifier: GPL-2.0 */
/*
 * snull_compat.h -- the one place for differences between the kernels snull
 * builds on: Debian 12's 6.1 and 6.12, Debian 13's 6.12, sid's 7.2 and
 * experimental's 7.3, cloud and rt flavours alike.  Each shim names the
 * kernels on each side.
 *
 * Decided by feature tests on the kernel headers (scripts/conftest.sh, run
 * by Kbuild), never by LINUX_VERSION_CODE: Debian backports make version
 * checks lie.
 */
#ifndef _SNULL_COMPAT_H
#define _SNULL_COMPAT_H

#ifdef __KERNEL__
#include <linux/console.h>
#include <linux/delay.h>
#include <linux/ethtool.h>
#include <linux/inetdevice.h>
#include <linux/netpoll.h>
#include <linux/panic.h>
#include <net/addrconf.h>
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
 * Setting up a target's netpoll (RTNL not held; may sleep).  np->dev_name
 * names the device in the caller's namespace; *local, when unset, gets
 * the device's first address of the family (IPv6: link-local if the
 * remote is link-local, else not), as in-tree.
 *
 * 6.1, 6.12 and 7.2 have netpoll_setup(), which does all of it from the
 * address fields of struct netpoll.  7.3 took those fields and
 * netpoll_setup() into netconsole and exports only __netpoll_setup() and
 * the carrier timeout: the client does the rest itself, in the same
 * order and with netpoll's messages, so the log reads the same on every
 * kernel.
 */
#ifdef SNULL_HAVE_NETPOLL_SETUP
static inline int snull_nc_netpoll_setup(struct netpoll *np, bool ipv6,
					 union snull_nc_addr *local,
					 const union snull_nc_addr *remote)
{
	int err;

	np->ipv6 = ipv6;
	if (ipv6) {
		np->local_ip.in6 = local->in6;
		np->remote_ip.in6 = remote->in6;
	} else {
		np->local_ip.ip = local->ip;
		np->remote_ip.ip = remote->ip;
	}
	err = netpoll_setup(np);
	if (err)
		return err;
	if (ipv6)
		local->in6 = np->local_ip.in6;
	else
		local->ip = np->local_ip.ip;
	return 0;
}
#else
static inline unsigned int snull_nc_carrier_timeout(void)
{
#ifdef SNULL_HAVE_NETPOLL_CARRIER_TIMEOUT
	return netpoll_get_carrier_timeout();
#else
	return 4;	/* netpoll's default */
#endif
}

static inline int snull_nc_take_ipv4(struct netpoll *np,
				     struct net_device *dev, __be32 *ip)
{
	struct in_device *in_dev = __in_dev_get_rtnl(dev);
	const struct in_ifaddr *ifa;

	ifa = in_dev ? rtnl_dereference(in_dev->ifa_list) : NULL;
	if (!ifa) {
		pr_err("netpoll: %s: no IP address for %s, aborting\n",
		       np->name, np->dev_name);
		return -EDESTADDRREQ;
	}
	*ip = ifa->ifa_local;
	pr_info("netpoll: %s: local IP %pI4\n", np->name, ip);
	return 0;
}

static inline int snull_nc_take_ipv6(struct netpoll *np,
				     struct net_device *dev,
				     struct in6_addr *ip,
				     const struct in6_addr *remote)
{
	int err = -EDESTADDRREQ;
#if IS_ENABLED(CONFIG_IPV6)
	bool ll = ipv6_addr_type(remote) & IPV6_ADDR_LINKLOCAL;
	struct inet6_ifaddr *ifp;
	struct inet6_dev *idev;

	idev = __in6_dev_get(dev);
	if (idev) {
		read_lock_bh(&idev->lock);
		list_for_each_entry(ifp, &idev->addr_list, if_list) {
			if (!!(ipv6_addr_type(&ifp->addr) & IPV6_ADDR_LINKLOCAL) != ll)
				continue;
			*ip = ifp->addr;
			err = 0;
			break;
		}
		read_unlock_bh(&idev->lock);
	}
#endif
	if (err) {
		pr_err("netpoll: %s: no IPv6 address for %s, aborting\n",
		       np->name, np->dev_name);
		return err;
	}
	pr_info("netpoll: %s: local IPv6 %pI6c\n", np->name, ip);
	return 0;
}

static inline int snull_nc_netpoll_setup(struct netpoll *np, bool ipv6,
					 union snull_nc_addr *local,
					 const union snull_nc_addr *remote)
{
	struct net_device *dev;
	unsigned long atmost;
	bool picked = false;
	int err;

	rtnl_lock();
	dev = __dev_get_by_name(current->nsproxy->net_ns, np->dev_name);
	if (!dev) {
		pr_err("netpoll: %s: %s doesn't exist, aborting\n",
		       np->name, np->dev_name);
		err = -ENODEV;
		goto unlock;
	}
	netdev_hold(dev, &np->dev_tracker, GFP_KERNEL);

	if (netdev_master_upper_dev_get(dev)) {
		pr_err("netpoll: %s: %s is a slave device, aborting\n",
		       np->name, np->dev_name);
		err = -EBUSY;
		goto put;
	}

	if (!netif_running(dev)) {
		pr_info("netpoll: %s: device %s not up yet, forcing it\n",
			np->name, np->dev_name);
		err = dev_open(dev, NULL);
		if (err) {
			pr_err("netpoll: %s: failed to open %s\n",
			       np->name, dev->name);
			goto put;
		}
		rtnl_unlock();
		atmost = jiffies + snull_nc_carrier_timeout() * HZ;
		while (!netif_carrier_ok(dev)) {
			if (time_after(jiffies, atmost)) {
				pr_notice("netpoll: %s: timeout waiting for carrier\n",
					  np->name);
				break;
			}
			usleep_range(1000, 2000);
		}
		rtnl_lock();
	}

	if (ipv6 ? ipv6_addr_any(&local->in6) : !local->ip) {
		err = ipv6 ? snull_nc_take_ipv6(np, dev, &local->in6, &remote->in6) :
			     snull_nc_take_ipv4(np, dev, &local->ip);
		if (err)
			goto put;
		picked = true;
	}

	err = __netpoll_setup(np, dev);
	if (err)
		goto clear;
	rtnl_unlock();
	/* NAPI polls begun before dev->npinfo was visible have ended. */
	synchronize_rcu();
	return 0;

clear:
	if (picked)
		memset(local, 0, sizeof(*local));
put:
	np->dev = NULL;
	netdev_put(dev, &np->dev_tracker);
unlock:
	rtnl_unlock();
	return err;
}
#endif

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

/*
 * An nbcon kernel that does not record the caller (6.12): an extended
 * target that asks for cpu= or taskname= is served by a legacy console,
 * which the printk caller runs itself, rather than by the printer
 * thread, whose CPU and name would be wrong data.  Not on PREEMPT_RT,
 * where a legacy console runs in a thread of its own as well.
 */
#if defined(SNULL_NC_NBCON) && !defined(SNULL_NC_EXEC_CTX) && \
	!defined(CONFIG_PREEMPT_RT)
#define SNULL_NC_CTX_CONSOLE 1
#endif

/*
 * Is this CPU the one panicking (asked in an oops only)?  Debian's 6.12 (a
 * backport), 7.2 and 7.3 have panic_on_this_cpu().  6.1 exports nothing
 * that tells (panic_cpu is not exported): there, the one CPU left online.
 * A panic stops the others before its console flush, and with every
 * other CPU stopped or offline no holder of the client's lock can run
 * again (a holder interrupted on this CPU is this task: snull_nc_inside()).
 * Not on 6.1's rt flavour: there a holder preempted on this CPU runs
 * again after an oops that is no panic.
 */
static inline bool snull_nc_panic_cpu(void)
{
#ifdef SNULL_HAVE_PANIC_ON_THIS_CPU
	return panic_on_this_cpu();
#else
	return !IS_ENABLED(CONFIG_PREEMPT_RT) && num_online_cpus() == 1;
#endif
}

/*
 * Does this CPU write an oops's or a panic's own records?  Where the
 * kernel can tell, the panicking CPU.  6.1 cannot: there a legacy
 * console's writer in an oops is whoever holds the console lock, and in
 * a panic the other CPUs give that lock up to the panicking one.
 */
static inline bool snull_nc_oops_writer(void)
{
#ifdef SNULL_HAVE_PANIC_ON_THIS_CPU
	return panic_on_this_cpu();
#else
	return true;
#endif
}

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

#ifdef SNULL_NC_NBCON
/* The sequence number of the record an nbcon console is writing. */
static inline u64 snull_nc_wctxt_seq(struct nbcon_write_context *w)
{
	return ACCESS_PRIVATE(w, ctxt).seq;
}
#endif

/*
 * Per-queue statistics through the netdev netlink family (qstats-get):
 * struct netdev_stat_ops with the transmit queues' stop and wake counts,
 * in 6.12, 7.2 and 7.3; 6.1 has neither the ops nor the family's queues.
 */
#ifdef SNULL_HAVE_NETDEV_STAT_OPS
#include <net/netdev_queues.h>
#define SNULL_QSTATS 1
#endif

/*
 * A receive queue linked to its NAPI (queue-get names the NAPI, a
 * socket's SO_INCOMING_NAPI_ID leads back to the queue): 6.12, 7.2, 7.3;
 * not 6.1.  RTNL held.
 */
static inline void snull_rxq_set_napi(struct net_device *dev,
				      unsigned int idx,
				      struct napi_struct *napi)
{
#ifdef SNULL_HAVE_QUEUE_SET_NAPI
	netif_queue_set_napi(dev, idx, NETDEV_QUEUE_TYPE_RX, napi);
#endif
}

/*
 * A queue's NAPI context.  Where the kernel keeps NAPI settings per index
 * across close and open and ethtool -L (netif_napi_add_config(): 7.2,
 * 7.3; not 6.1, 6.12), the NAPI ID, defer-hard-irqs, gro-flush-timeout
 * and the threaded mode set through the netdev family persist.  That
 * helper has no weight argument; the weight it sets is read only by
 * polls, which begin after napi_enable().
 */
static inline void snull_napi_add(struct net_device *dev,
				  struct napi_struct *napi,
				  int (*poll)(struct napi_struct *, int),
				  unsigned int index, unsigned int weight)
{
#ifdef SNULL_HAVE_NAPI_ADD_CONFIG
	netif_napi_add_config(dev, napi, poll, index);
	napi->weight = weight;
#else
	netif_napi_add_weight(dev, napi, poll, weight);
#endif
}

/*
 * Native XDP (snull_xdp.c) where the kernel copies an skb into page_pool
 * pages for XDP (skb_pp_cow_data(): 6.12, 7.2, 7.3).  6.1 has generic
 * XDP only.
 */
#ifdef SNULL_HAVE_SKB_PP_COW_DATA
#define SNULL_XDP 1
#include <net/xdp.h>

/*
 * A frame that came in by ndo_xdp_xmit() and leaves again by XDP_TX or
 * XDP_REDIRECT is returned through the memory model it came with: 7.2's
 * and 7.3's frame names only its type, 6.12's the whole mem info.
 */
static inline void snull_xdp_rxq_mem_of(struct xdp_rxq_info *rxq,
					const struct xdp_frame *frame)
{
#ifdef SNULL_HAVE_XDP_FRAME_MEM_TYPE
	rxq->mem.type = frame->mem_type;
#else
	rxq->mem = frame->mem;
#endif
}
#endif

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
