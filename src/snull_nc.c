// SPDX-License-Identifier: GPL-2.0
/*
 * snull_nc.c -- the netconsole client's targets: creating and freeing
 * them (for configfs and the netconsole= parameter), enabling and
 * disabling them, and following their device through renames and
 * unregistration.  The layers and their order: snull_nc_main.c.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/netpoll.h>
#include <linux/percpu.h>
#include <linux/rtnetlink.h>
#include <linux/workqueue.h>
#include "snull_nc.h"

/* netconsole= targets are being set up: consoles come after all of them. */
bool snull_nc_loading;
/* Module exit has begun: no target is enabled any more (snull_nc_mutex). */
bool snull_nc_exiting;

/* ---- enable / disable (under snull_nc_mutex) ---- */

int snull_nc_enable(struct snull_nc_target *t)
{
	struct netpoll *np = &t->np;
	struct net_device *dev;
	unsigned long flags;
	int err;

	if (snull_nc_exiting)
		return -ESHUTDOWN;
	memset(np, 0, sizeof(*np));
	np->name = SNULL_DRV_NAME;
	/* Refused rather than guessed: in-tree would read one as the other. */
	if (!snull_nc_addr_unset(&t->opts.local_ip, t->opts.local_ipv6) &&
	    t->opts.local_ipv6 != t->opts.ipv6) {
		pr_err("%s: target %s: local_ip is %s but remote_ip is %s\n",
		       SNULL_DRV_NAME, t->label,
		       t->opts.local_ipv6 ? "IPv6" : "IPv4",
		       t->opts.ipv6 ? "IPv6" : "IPv4");
		return -EINVAL;
	}
	t->ipv6 = t->opts.ipv6;
	t->local_port = t->opts.local_port;
	t->remote_port = t->opts.remote_port;
	if (snull_nc_addr_unset(&t->opts.local_ip, t->opts.local_ipv6))
		memset(&t->local_ip, 0, sizeof(t->local_ip));
	else
		t->local_ip = t->opts.local_ip;
	t->remote_ip = t->opts.remote_ip;
	if (t->opts.have_dev_mac) {
		rcu_read_lock();
		dev = dev_getbyhwaddr_rcu(current->nsproxy->net_ns, ARPHRD_ETHER,
					  t->opts.dev_mac);
		if (dev)
			strscpy(np->dev_name, dev->name, IFNAMSIZ);
		rcu_read_unlock();
		if (!dev) {
			pr_err("%s: target %s: no device with address %pM\n",
			       SNULL_DRV_NAME, t->label, t->opts.dev_mac);
			return -ENODEV;
		}
	} else {
		strscpy(np->dev_name, t->opts.dev_name, IFNAMSIZ);
	}

	err = snull_nc_netpoll_setup(np, t->ipv6, &t->local_ip, &t->remote_ip);
	if (err)
		return err;

	snull_nc_pool_drain(t);
	/*
	 * From here to the target being enabled, under RTNL: the notifier
	 * stops a target and drops its netpoll in one RTNL section, so the
	 * device is either still there, and stays, or already gone.
	 */
	rtnl_lock();
	if (!np->dev) {
		rtnl_unlock();
		return -ENODEV;
	}
	t->headroom = LL_RESERVED_SPACE(np->dev);
	t->skb_len = t->headroom + SNULL_NC_FRAME6_MAX + np->dev->needed_tailroom;
	snull_nc_pool_fill(t);
	snull_nc_neigh_route(t);
	snull_nc_cfg_lock(&flags);
	snull_nc_neigh_start(t);
	memset(&t->rl, 0, sizeof(t->rl));
	t->enabled = true;
	t->resume = false;
	snull_nc_neigh_recount();
	snull_nc_cfg_unlock(flags);
	rtnl_unlock();
	snull_nc_neigh_kick(t);
	if (!snull_nc_loading)
		snull_nc_console_need(snull_nc_con_of(t), false);
	return 0;
}

void snull_nc_disable(struct snull_nc_target *t)
{
	unsigned long flags;

	snull_nc_cfg_lock(&flags);
	t->enabled = false;
	snull_nc_neigh_recount();
	snull_nc_cfg_unlock(flags);
	snull_nc_neigh_stop(t);
	if (t->np.dev)
		netpoll_cleanup(&t->np);
	snull_nc_pool_drain(t);
}

static void snull_nc_resume(struct work_struct *work)
{
	struct snull_nc_target *t = container_of(work, struct snull_nc_target,
						 resume_work);

	mutex_lock(&snull_nc_mutex);
	if (t->resume && !t->enabled && !snull_nc_enable(t))
		pr_info("%s: target %s: network logging resumed on %s\n",
			SNULL_DRV_NAME, t->label, t->np.dev_name);
	mutex_unlock(&snull_nc_mutex);
}

/* ---- targets ---- */

struct snull_nc_target *snull_nc_alloc(const char *name)
{
	struct snull_nc_target *t = kzalloc(sizeof(*t), GFP_KERNEL_ACCOUNT);

	if (!t)
		return NULL;
	strscpy(t->name, name, sizeof(t->name));
	snprintf(t->label, sizeof(t->label), "%*pE", (int)strlen(t->name), t->name);
	snull_nc_opts_init(&t->opts);
	snull_nc_tx_init(t);
	snull_nc_neigh_init(t);
	INIT_WORK(&t->resume_work, snull_nc_resume);
	INIT_LIST_HEAD(&t->list);
	INIT_LIST_HEAD(&t->userdata_items);
	INIT_LIST_HEAD(&t->stop_link);
	return t;
}

void snull_nc_add(struct snull_nc_target *t)
{
	unsigned long flags;

	snull_nc_cfg_lock(&flags);
	list_add_tail(&t->list, &snull_nc_targets);
	snull_nc_cfg_unlock(flags);
}

/*
 * Disable the target and unlink it, under snull_nc_mutex: no device event
 * finds it any more, and a resume work already queued finds nothing to
 * resume.  That work may be waiting for snull_nc_mutex, so it is waited
 * for by snull_nc_teardown(), after the mutex is released.
 */
void snull_nc_unlink(struct snull_nc_target *t)
{
	unsigned long flags;

	t->resume = false;
	snull_nc_disable(t);
	snull_nc_cfg_lock(&flags);
	list_del_init(&t->list);
	snull_nc_cfg_unlock(flags);
}

/*
 * Free what an unlinked target holds (not the target itself, which its
 * configfs item or the caller frees); without snull_nc_mutex.
 */
void snull_nc_teardown(struct snull_nc_target *t)
{
	cancel_work_sync(&t->resume_work);
	snull_nc_neigh_stop(t);
	snull_nc_pool_drain(t);
	kfree(t->userdata);
	t->userdata = NULL;
	t->userdata_len = 0;
}

/* ---- device events ---- */

/*
 * A target its device's unregistration stopped, and a device that could
 * be that device again (registered or renamed): by name, or by MAC for a
 * target bound by MAC, as in-tree.  Not on a change of address: the
 * resume opens the device, which a rename after it would then find busy
 * (the kernel's netcons_resume.sh sets the MAC, then the name).
 */
static bool snull_nc_resume_match(struct snull_nc_target *t,
				  struct net_device *dev)
{
	if (!t->resume || t->enabled || t->np.dev)
		return false;
	if (t->opts.have_dev_mac)
		return ether_addr_equal(t->opts.dev_mac, dev->dev_addr);
	return !strcmp(t->opts.dev_name, dev->name);
}

static int snull_nc_netdev_event(struct notifier_block *nb,
				 unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct snull_nc_target *t, *tmp;
	unsigned long flags;
	LIST_HEAD(stopped);

	switch (event) {
	case NETDEV_CHANGENAME:
	case NETDEV_UNREGISTER:
	case NETDEV_RELEASE:
	case NETDEV_JOIN:
	case NETDEV_REGISTER:
		break;
	default:
		return NOTIFY_DONE;
	}

	/*
	 * RTNL is held, which also guards np.dev (netpoll setup and cleanup
	 * run under it).  Configuration paths take snull_nc_mutex before
	 * RTNL, so only the spinlock may be taken here.
	 */
	snull_nc_cfg_lock(&flags);
	list_for_each_entry(t, &snull_nc_targets, list) {
		if (event != NETDEV_UNREGISTER && event != NETDEV_RELEASE &&
		    event != NETDEV_JOIN && snull_nc_resume_match(t, dev)) {
			schedule_work(&t->resume_work);
			continue;
		}
		if (t->np.dev != dev || event == NETDEV_REGISTER)
			continue;
		if (event == NETDEV_CHANGENAME) {
			strscpy(t->np.dev_name, dev->name, IFNAMSIZ);
			strscpy(t->opts.dev_name, dev->name, IFNAMSIZ);
			continue;
		}
		t->enabled = false;
		t->resume = event == NETDEV_UNREGISTER;
		list_add(&t->stop_link, &stopped);
	}
	snull_nc_neigh_recount();
	snull_nc_cfg_unlock(flags);

	list_for_each_entry_safe(t, tmp, &stopped, stop_link) {
		list_del_init(&t->stop_link);
		snull_nc_netpoll_drop(&t->np);
		pr_info("%s: target %s: network logging stopped on %s as it %s\n",
			SNULL_DRV_NAME, t->label, dev->name,
			event == NETDEV_UNREGISTER ? "unregistered" :
			event == NETDEV_RELEASE ? "released slaves" :
			"is joining a master device");
	}
	return NOTIFY_DONE;
}

static struct notifier_block snull_nc_notifier = {
	.notifier_call = snull_nc_netdev_event,
};

int snull_nc_events_register(void)
{
	return register_netdevice_notifier(&snull_nc_notifier);
}

/* Unregistering replays NETDEV_UNREGISTER for every device. */
void snull_nc_events_unregister(void)
{
	unregister_netdevice_notifier(&snull_nc_notifier);
}
