// SPDX-License-Identifier: GPL-2.0
/*
 * snull_nc.c -- netconsole-compatible netpoll client
 *
 * Streams the kernel log to remote UDP listeners like the in-tree
 * netconsole (same netconsole= grammar, configfs attributes and wire
 * formats), but builds its frames itself from a preallocated skb pool,
 * answers ARP for its own address and resolves the remote MAC by ARP.
 * Frame building and formatting live in snull_ncfmt.c.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/console.h>
#include <linux/configfs.h>
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/inet.h>
#include <linux/inetdevice.h>
#include <linux/netpoll.h>
#include <linux/percpu.h>
#include <linux/rtnetlink.h>
#include <linux/utsname.h>
#include <linux/workqueue.h>
#include <net/route.h>
#include "snull.h"
#include "snull_compat.h"

#define SNULL_NC_POOL		32	/* preallocated skbs per target */
#define SNULL_NC_MAX_PARAM	1024
#define SNULL_NC_UD_ITEMS	16
#define SNULL_NC_UD_NAME	53
#define SNULL_NC_UD_VALUE	200
/* " key=value\n" for every key */
#define SNULL_NC_UD_LEN	(SNULL_NC_UD_ITEMS * (SNULL_NC_UD_NAME + SNULL_NC_UD_VALUE + 3))

static char snull_nc_param[SNULL_NC_MAX_PARAM];
module_param_string(netconsole, snull_nc_param, sizeof(snull_nc_param), 0);
MODULE_PARM_DESC(netconsole,
		 "[+][r][src-port]@[src-ip]/[dev],[tgt-port]@<tgt-ip>/[tgt-macaddr][;...]");

static bool snull_nc_configfs_netconsole;
module_param_named(netconsole_configfs, snull_nc_configfs_netconsole, bool, 0444);
MODULE_PARM_DESC(netconsole_configfs,
		 "name the configfs directory 'netconsole' instead of 'snull_netconsole'");

enum snull_nc_stat {
	SNULL_NCS_SENT,
	SNULL_NCS_FRAGMENTS,
	SNULL_NCS_DROPPED,
	SNULL_NCS_ARP_REPLIES,
	SNULL_NCS_ARP_RESOLUTIONS,
	SNULL_NCS_ARP_BAD,
	SNULL_NCS_COUNT
};

static const char * const snull_nc_stat_names[SNULL_NCS_COUNT] = {
	[SNULL_NCS_SENT]		= "sent",
	[SNULL_NCS_FRAGMENTS]		= "fragments",
	[SNULL_NCS_DROPPED]		= "dropped",
	[SNULL_NCS_ARP_REPLIES]		= "arp_replies",
	[SNULL_NCS_ARP_RESOLUTIONS]	= "arp_resolutions",
	[SNULL_NCS_ARP_BAD]		= "arp_bad",
};

struct snull_nc_target {
	struct list_head list;		/* on snull_nc_targets */
	struct config_group group;
	struct config_group userdata_group;
	char name[32];
	bool in_configfs;

	/* Configuration; changed only while disabled, under snull_nc_mutex. */
	struct snull_nc_opts opts;

	/* State read by the send path under snull_nc_lock. */
	bool enabled;
	bool resume;			/* disabled by unregister: re-enable */
	struct netpoll np;
	u8 dst_mac[ETH_ALEN];		/* given, resolved, or broadcast */
	bool mac_known;
	__be32 arp_ip;			/* whom we ARP for: remote or gateway */
	unsigned long arp_next;		/* jiffies of the next ARP request */
	u16 ip_id;
	char userdata[SNULL_NC_UD_LEN];
	unsigned int userdata_len;
	struct list_head userdata_items;	/* under snull_nc_mutex */
	unsigned int userdata_count;
	struct list_head stop_link;		/* notifier's private list */

	struct sk_buff_head pool;
	unsigned int skb_len;		/* headroom + frame + tailroom */
	unsigned int headroom;
	struct work_struct refill_work;
	struct work_struct resume_work;
	struct delayed_work arp_work;	/* asks once a second until answered */

	atomic_long_t stats[SNULL_NCS_COUNT];
};

struct snull_nc_userdatum {
	struct config_item item;
	struct list_head node;		/* on the target's userdata_items */
	struct snull_nc_target *t;
	char value[SNULL_NC_UD_VALUE];
};

static LIST_HEAD(snull_nc_targets);
/* Protects the list and everything the send path reads; IRQ-safe. */
static DEFINE_SPINLOCK(snull_nc_lock);
/* Serialises configuration: enable/disable, attribute writes, resume. */
static DEFINE_MUTEX(snull_nc_mutex);
/* Set while this CPU is inside the send path: a printk from there must
 * not come back in.
 */
static DEFINE_PER_CPU(bool, snull_nc_busy);
static char snull_nc_scratch[SNULL_NC_CHUNK];	/* under snull_nc_lock */

static const u8 snull_nc_bcast[ETH_ALEN] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff
};

static void snull_nc_stat_inc(struct snull_nc_target *t, enum snull_nc_stat s)
{
	atomic_long_inc(&t->stats[s]);
}

/* ---- the skb pool ---- */

static struct sk_buff *snull_nc_alloc_skb(struct snull_nc_target *t, gfp_t gfp)
{
	struct sk_buff *skb = alloc_skb(t->skb_len, gfp);

	if (skb)
		skb_reserve(skb, t->headroom);
	return skb;
}

static void snull_nc_refill(struct work_struct *work)
{
	struct snull_nc_target *t = container_of(work, struct snull_nc_target,
						 refill_work);
	struct sk_buff *skb;

	while (skb_queue_len(&t->pool) < SNULL_NC_POOL) {
		skb = snull_nc_alloc_skb(t, GFP_KERNEL);
		if (!skb)
			break;
		skb_queue_tail(&t->pool, skb);
	}
}

/* From the pool first, so that logging works under memory pressure. */
static struct sk_buff *snull_nc_get_skb(struct snull_nc_target *t)
{
	struct sk_buff *skb = skb_dequeue(&t->pool);

	if (!skb)
		skb = snull_nc_alloc_skb(t, GFP_ATOMIC);
	if (skb_queue_len(&t->pool) < SNULL_NC_POOL / 2 && !oops_in_progress)
		schedule_work(&t->refill_work);
	return skb;
}

/* ---- sending (IRQs off, snull_nc_lock held) ---- */

static void snull_nc_xmit(struct snull_nc_target *t, struct sk_buff *skb,
			  __be16 proto)
{
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	skb->protocol = proto;
	skb->dev = t->np.dev;
	netpoll_send_skb(&t->np, skb);
}

static void snull_nc_send_arp(struct snull_nc_target *t, u16 op,
			      const u8 *eth_dst, const u8 *tha, __be32 tip)
{
	struct snull_nc_arp a = {
		.op = op,
		.sip = t->np.local_ip.ip,
		.tip = tip,
	};
	struct sk_buff *skb = snull_nc_get_skb(t);

	if (!skb) {
		snull_nc_stat_inc(t, SNULL_NCS_DROPPED);
		return;
	}
	ether_addr_copy(a.sha, t->np.dev->dev_addr);
	ether_addr_copy(a.tha, tha);
	snull_nc_arp_build(skb_put(skb, ETH_ZLEN), eth_dst, &a);
	snull_nc_xmit(t, skb, htons(ETH_P_ARP));
}

/* While the remote MAC is unknown: broadcast, and ask once a second. */
static void snull_nc_maybe_resolve(struct snull_nc_target *t)
{
	static const u8 zero[ETH_ALEN];

	if (t->mac_known || time_before(jiffies, t->arp_next))
		return;
	t->arp_next = jiffies + HZ;
	snull_nc_send_arp(t, ARPOP_REQUEST, t->np.dev->broadcast, zero,
			  t->arp_ip);
}

/* Resolution must not wait for log traffic: ask from a timer too. */
static void snull_nc_arp_tick(struct work_struct *work)
{
	struct snull_nc_target *t = container_of(to_delayed_work(work),
						 struct snull_nc_target, arp_work);
	unsigned long flags;
	bool again = false;

	local_irq_save(flags);
	if (!this_cpu_read(snull_nc_busy)) {
		this_cpu_write(snull_nc_busy, true);
		spin_lock(&snull_nc_lock);
		if (t->enabled && t->np.dev && !t->mac_known) {
			snull_nc_maybe_resolve(t);
			again = true;
		}
		spin_unlock(&snull_nc_lock);
		this_cpu_write(snull_nc_busy, false);
	}
	local_irq_restore(flags);
	if (again)
		schedule_delayed_work(&t->arp_work, HZ);
}

static void snull_nc_emit(void *ctx, const char *buf, unsigned int len)
{
	struct snull_nc_target *t = ctx;
	struct snull_nc_flow f = {
		.saddr = t->np.local_ip.ip,
		.daddr = t->np.remote_ip.ip,
		.sport = t->np.local_port,
		.dport = t->np.remote_port,
	};
	struct sk_buff *skb = snull_nc_get_skb(t);
	unsigned int flen;

	if (!skb) {
		snull_nc_stat_inc(t, SNULL_NCS_DROPPED);
		return;
	}
	ether_addr_copy(f.src_mac, t->np.dev->dev_addr);
	ether_addr_copy(f.dst_mac, t->dst_mac);
	flen = max_t(unsigned int, SNULL_NC_HDR_LEN + len, ETH_ZLEN);
	snull_nc_build_udp(skb_put(skb, flen), &f, t->ip_id++, buf, len);
	snull_nc_xmit(t, skb, htons(ETH_P_IP));
	snull_nc_stat_inc(t, SNULL_NCS_FRAGMENTS);
}

static void snull_nc_write(const char *msg, unsigned int len, bool ext)
{
	struct snull_nc_target *t;
	unsigned long flags;
	int err;

	local_irq_save(flags);
	if (this_cpu_read(snull_nc_busy)) {
		local_irq_restore(flags);
		return;
	}
	this_cpu_write(snull_nc_busy, true);
	/*
	 * In a panic the CPU holding the lock may have been stopped for
	 * good: do not wait for it there.
	 */
	if (unlikely(oops_in_progress)) {
		if (!spin_trylock(&snull_nc_lock))
			goto out;
	} else {
		spin_lock(&snull_nc_lock);
	}
	list_for_each_entry(t, &snull_nc_targets, list) {
		if (!t->enabled || t->opts.extended != ext || !t->np.dev)
			continue;
		snull_nc_maybe_resolve(t);
		if (ext) {
			err = snull_nc_emit_ext(msg, len, t->opts.release ?
						init_utsname()->release : NULL,
						t->userdata, t->userdata_len,
						snull_nc_scratch, snull_nc_emit, t);
			if (err) {
				snull_nc_stat_inc(t, SNULL_NCS_DROPPED);
				continue;
			}
		} else {
			snull_nc_emit_plain(msg, len, snull_nc_emit, t);
		}
		snull_nc_stat_inc(t, SNULL_NCS_SENT);
	}
	spin_unlock(&snull_nc_lock);
out:
	this_cpu_write(snull_nc_busy, false);
	local_irq_restore(flags);
}

static void snull_nc_write_plain(struct console *con, const char *msg,
				 unsigned int len)
{
	snull_nc_write(msg, len, false);
}

static void snull_nc_write_ext(struct console *con, const char *msg,
			       unsigned int len)
{
	snull_nc_write(msg, len, true);
}

static struct console snull_nc_console = {
	.name	= "snullcon",
	.flags	= CON_ENABLED,
	.write	= snull_nc_write_plain,
};

static struct console snull_nc_console_ext = {
	.name	= "snullcon_ext",
	.flags	= CON_ENABLED | CON_EXTENDED,
	.write	= snull_nc_write_ext,
};

/* ---- ARP: answer for our address, learn the MAC we asked for ---- */

static int snull_nc_arp_rcv(struct sk_buff *skb, struct net_device *dev,
			    struct packet_type *pt, struct net_device *orig)
{
	struct snull_nc_target *t;
	struct snull_nc_arp a;
	u8 buf[SNULL_NC_ARP_LEN];
	bool replied = false;
	enum snull_nc_arp_err perr;
	unsigned long flags;
	const u8 *p;

	if (skb->pkt_type == PACKET_OTHERHOST || skb->pkt_type == PACKET_LOOPBACK)
		goto out;
	p = skb_header_pointer(skb, 0, sizeof(buf), buf);
	perr = p ? snull_nc_arp_parse(p, skb->len, &a) : SNULL_ARP_TRUNCATED;

	local_irq_save(flags);
	if (this_cpu_read(snull_nc_busy))
		goto out_irq;
	this_cpu_write(snull_nc_busy, true);
	spin_lock(&snull_nc_lock);
	list_for_each_entry(t, &snull_nc_targets, list) {
		if (!t->enabled || t->np.dev != dev)
			continue;
		if (perr != SNULL_ARP_OK) {
			snull_nc_stat_inc(t, SNULL_NCS_ARP_BAD);
			continue;
		}
		/* Several targets may share device and address: one reply. */
		if (a.op == ARPOP_REQUEST && a.tip == t->np.local_ip.ip &&
		    is_valid_ether_addr(a.sha) && !replied) {
			snull_nc_send_arp(t, ARPOP_REPLY, a.sha, a.sha, a.sip);
			snull_nc_stat_inc(t, SNULL_NCS_ARP_REPLIES);
			replied = true;
		} else if (a.op == ARPOP_REPLY && !t->mac_known &&
			   a.sip == t->arp_ip && a.tip == t->np.local_ip.ip &&
			   is_valid_ether_addr(a.sha)) {
			ether_addr_copy(t->dst_mac, a.sha);
			t->mac_known = true;
			snull_nc_stat_inc(t, SNULL_NCS_ARP_RESOLUTIONS);
		}
	}
	spin_unlock(&snull_nc_lock);
	this_cpu_write(snull_nc_busy, false);
out_irq:
	local_irq_restore(flags);
out:
	consume_skb(skb);
	return NET_RX_SUCCESS;
}

static struct packet_type snull_nc_arp_pt = {
	.type	= cpu_to_be16(ETH_P_ARP),
	.func	= snull_nc_arp_rcv,
};

/* ---- enable / disable (under snull_nc_mutex) ---- */

/* The next hop for the remote address: the remote itself or a gateway. */
static __be32 snull_nc_next_hop(struct snull_nc_target *t)
{
	struct net_device *dev = t->np.dev;
	__be32 hop = t->np.remote_ip.ip;
	struct flowi4 fl4 = {
		.daddr = hop,
		.saddr = t->np.local_ip.ip,
		.flowi4_oif = dev->ifindex,
	};
	struct rtable *rt;

	rt = ip_route_output_key(dev_net(dev), &fl4);
	if (IS_ERR(rt))
		return hop;
	if (rt->rt_uses_gateway && rt->rt_gw_family == AF_INET)
		hop = rt->rt_gw4;
	ip_rt_put(rt);
	return hop;
}

static int snull_nc_enable(struct snull_nc_target *t)
{
	struct netpoll *np = &t->np;
	struct net_device *dev;
	unsigned long flags;
	int err;

	memset(np, 0, sizeof(*np));
	np->name = SNULL_DRV_NAME;
	np->local_port = t->opts.local_port;
	np->remote_port = t->opts.remote_port;
	np->local_ip.ip = t->opts.local_ip;
	np->remote_ip.ip = t->opts.remote_ip;
	eth_broadcast_addr(np->remote_mac);
	if (t->opts.have_dev_mac) {
		rcu_read_lock();
		dev = dev_getbyhwaddr_rcu(current->nsproxy->net_ns, ARPHRD_ETHER,
					  t->opts.dev_mac);
		if (dev)
			strscpy(np->dev_name, dev->name, IFNAMSIZ);
		rcu_read_unlock();
		if (!dev) {
			pr_err("%s: target %s: no device with address %pM\n",
			       SNULL_DRV_NAME, t->name, t->opts.dev_mac);
			return -ENODEV;
		}
	} else {
		strscpy(np->dev_name, t->opts.dev_name, IFNAMSIZ);
	}

	err = netpoll_setup(np);
	if (err)
		return err;

	skb_queue_purge(&t->pool);
	t->headroom = LL_RESERVED_SPACE(np->dev);
	t->skb_len = t->headroom + SNULL_NC_FRAME_MAX + np->dev->needed_tailroom;
	snull_nc_refill(&t->refill_work);

	spin_lock_irqsave(&snull_nc_lock, flags);
	if (!np->dev) {
		/* The device went away between setup and here. */
		spin_unlock_irqrestore(&snull_nc_lock, flags);
		return -ENODEV;
	}
	t->mac_known = t->opts.have_remote_mac;
	if (t->mac_known)
		ether_addr_copy(t->dst_mac, t->opts.remote_mac);
	else
		eth_broadcast_addr(t->dst_mac);
	t->arp_ip = snull_nc_next_hop(t);
	t->arp_next = jiffies;
	t->enabled = true;
	t->resume = false;
	spin_unlock_irqrestore(&snull_nc_lock, flags);
	if (!t->mac_known)
		schedule_delayed_work(&t->arp_work, 0);
	return 0;
}

/* Stop sending; the caller drops the netpoll. */
static void snull_nc_stop(struct snull_nc_target *t)
{
	unsigned long flags;

	spin_lock_irqsave(&snull_nc_lock, flags);
	t->enabled = false;
	spin_unlock_irqrestore(&snull_nc_lock, flags);
}

static void snull_nc_disable(struct snull_nc_target *t)
{
	snull_nc_stop(t);
	cancel_delayed_work_sync(&t->arp_work);
	if (t->np.dev)
		netpoll_cleanup(&t->np);
	cancel_work_sync(&t->refill_work);
	skb_queue_purge(&t->pool);
}

static void snull_nc_resume(struct work_struct *work)
{
	struct snull_nc_target *t = container_of(work, struct snull_nc_target,
						 resume_work);

	mutex_lock(&snull_nc_mutex);
	if (t->resume && !t->enabled && !snull_nc_enable(t))
		pr_info("%s: target %s: network logging resumed on %s\n",
			SNULL_DRV_NAME, t->name, t->np.dev_name);
	mutex_unlock(&snull_nc_mutex);
}

/* ---- targets ---- */

static struct snull_nc_target *snull_nc_alloc(const char *name)
{
	struct snull_nc_target *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return NULL;
	strscpy(t->name, name, sizeof(t->name));
	snull_nc_opts_init(&t->opts);
	skb_queue_head_init(&t->pool);
	INIT_WORK(&t->refill_work, snull_nc_refill);
	INIT_WORK(&t->resume_work, snull_nc_resume);
	INIT_DELAYED_WORK(&t->arp_work, snull_nc_arp_tick);
	INIT_LIST_HEAD(&t->list);
	INIT_LIST_HEAD(&t->userdata_items);
	INIT_LIST_HEAD(&t->stop_link);
	return t;
}

static void snull_nc_add(struct snull_nc_target *t)
{
	unsigned long flags;

	spin_lock_irqsave(&snull_nc_lock, flags);
	list_add_tail(&t->list, &snull_nc_targets);
	spin_unlock_irqrestore(&snull_nc_lock, flags);
}

/* Disable, unlink and free; called under snull_nc_mutex. */
static void snull_nc_destroy(struct snull_nc_target *t)
{
	unsigned long flags;

	t->resume = false;
	snull_nc_disable(t);
	spin_lock_irqsave(&snull_nc_lock, flags);
	list_del_init(&t->list);
	spin_unlock_irqrestore(&snull_nc_lock, flags);
	cancel_work_sync(&t->resume_work);
	cancel_work_sync(&t->refill_work);
	cancel_delayed_work_sync(&t->arp_work);
	skb_queue_purge(&t->pool);
}

/* ---- configfs ---- */

static struct snull_nc_target *to_target(struct config_item *item)
{
	return container_of(to_config_group(item), struct snull_nc_target, group);
}

#define SNULL_NC_SHOW(_name, _fmt, _expr)					\
static ssize_t snull_nc_##_name##_show(struct config_item *item, char *buf)	\
{										\
	struct snull_nc_target *t = to_target(item);				\
	ssize_t ret;								\
										\
	mutex_lock(&snull_nc_mutex);						\
	ret = sysfs_emit(buf, _fmt "\n", _expr);				\
	mutex_unlock(&snull_nc_mutex);						\
	return ret;								\
}

SNULL_NC_SHOW(enabled, "%d", t->enabled)
SNULL_NC_SHOW(extended, "%d", t->opts.extended)
SNULL_NC_SHOW(release, "%d", t->opts.release)
SNULL_NC_SHOW(dev_name, "%s", t->opts.dev_name)
SNULL_NC_SHOW(local_port, "%u", t->opts.local_port)
SNULL_NC_SHOW(remote_port, "%u", t->opts.remote_port)
SNULL_NC_SHOW(local_ip, "%pI4", t->enabled ? &t->np.local_ip.ip : &t->opts.local_ip)
SNULL_NC_SHOW(remote_ip, "%pI4", &t->opts.remote_ip)
/* The MAC in use: given, resolved by ARP, or broadcast while unresolved. */
SNULL_NC_SHOW(remote_mac, "%pM", t->enabled ? t->dst_mac :
	      t->opts.have_remote_mac ? t->opts.remote_mac : snull_nc_bcast)

static ssize_t snull_nc_local_mac_show(struct config_item *item, char *buf)
{
	struct snull_nc_target *t = to_target(item);
	ssize_t ret;

	mutex_lock(&snull_nc_mutex);
	ret = sysfs_emit(buf, "%pM\n", t->enabled && t->np.dev ?
			 t->np.dev->dev_addr : snull_nc_bcast);
	mutex_unlock(&snull_nc_mutex);
	return ret;
}

static ssize_t snull_nc_stats_show(struct config_item *item, char *buf)
{
	struct snull_nc_target *t = to_target(item);
	int i, n = 0;

	for (i = 0; i < SNULL_NCS_COUNT; i++)
		n += sysfs_emit_at(buf, n, "%s %ld\n", snull_nc_stat_names[i],
				   atomic_long_read(&t->stats[i]));
	return n;
}

/* Every attribute but enabled is frozen while the target is enabled. */
static int snull_nc_may_change(struct snull_nc_target *t)
{
	if (t->enabled) {
		pr_err("%s: target %s is enabled, disable to update parameters\n",
		       SNULL_DRV_NAME, t->name);
		return -EINVAL;
	}
	return 0;
}

static ssize_t snull_nc_enabled_store(struct config_item *item,
				      const char *buf, size_t count)
{
	struct snull_nc_target *t = to_target(item);
	bool on;
	int err;

	err = kstrtobool(buf, &on);
	if (err)
		return err;
	mutex_lock(&snull_nc_mutex);
	if (on == t->enabled) {
		pr_info("%s: target %s: network logging has already %s\n",
			SNULL_DRV_NAME, t->name, on ? "started" : "stopped");
		err = -EINVAL;
	} else if (on && t->opts.release && !t->opts.extended) {
		pr_err("%s: target %s: release requires extended\n",
		       SNULL_DRV_NAME, t->name);
		err = -EINVAL;
	} else if (on) {
		err = snull_nc_enable(t);
		if (!err)
			pr_info("%s: target %s: network logging started on %s\n",
				SNULL_DRV_NAME, t->name, t->np.dev_name);
	} else {
		t->resume = false;
		snull_nc_disable(t);
	}
	mutex_unlock(&snull_nc_mutex);
	return err ? err : count;
}

/* Store a parsed value into the target's configuration unless enabled. */
static ssize_t snull_nc_commit(struct config_item *item, void *field,
			       const void *val, size_t size, size_t count)
{
	int err;

	mutex_lock(&snull_nc_mutex);
	err = snull_nc_may_change(to_target(item));
	if (!err)
		memcpy(field, val, size);
	mutex_unlock(&snull_nc_mutex);
	return err ? err : count;
}

static ssize_t snull_nc_bool_store(struct config_item *item, const char *buf,
				   size_t count, bool *field)
{
	bool v;
	int err;

	err = kstrtobool(buf, &v);
	if (err)
		return err;
	return snull_nc_commit(item, field, &v, sizeof(v), count);
}

static ssize_t snull_nc_extended_store(struct config_item *item,
				       const char *buf, size_t count)
{
	return snull_nc_bool_store(item, buf, count, &to_target(item)->opts.extended);
}

static ssize_t snull_nc_release_store(struct config_item *item,
				      const char *buf, size_t count)
{
	return snull_nc_bool_store(item, buf, count, &to_target(item)->opts.release);
}

static ssize_t snull_nc_dev_name_store(struct config_item *item,
				       const char *buf, size_t count)
{
	struct snull_nc_target *t = to_target(item);
	size_t len = strnlen(buf, count);
	int err;

	if (len && buf[len - 1] == '\n')
		len--;
	if (len >= IFNAMSIZ)
		return -ENAMETOOLONG;
	mutex_lock(&snull_nc_mutex);
	err = snull_nc_may_change(t);
	if (!err) {
		memcpy(t->opts.dev_name, buf, len);
		t->opts.dev_name[len] = '\0';
		t->opts.have_dev_mac = false;
	}
	mutex_unlock(&snull_nc_mutex);
	return err ? err : count;
}

static ssize_t snull_nc_port_store(struct config_item *item, const char *buf,
				   size_t count, u16 *field)
{
	u16 port;
	int err;

	err = kstrtou16(buf, 10, &port);
	if (err)
		return err;
	return snull_nc_commit(item, field, &port, sizeof(port), count);
}

static ssize_t snull_nc_local_port_store(struct config_item *item,
					 const char *buf, size_t count)
{
	return snull_nc_port_store(item, buf, count, &to_target(item)->opts.local_port);
}

static ssize_t snull_nc_remote_port_store(struct config_item *item,
					  const char *buf, size_t count)
{
	return snull_nc_port_store(item, buf, count, &to_target(item)->opts.remote_port);
}

static ssize_t snull_nc_ip_store(struct config_item *item, const char *buf,
				 size_t count, __be32 *field)
{
	struct snull_nc_target *t = to_target(item);
	size_t len = strnlen(buf, count);
	const char *end;
	u8 addr[4];

	if (len && buf[len - 1] == '\n')
		len--;
	if (!in4_pton(buf, len, addr, -1, &end) || end != buf + len) {
		pr_err("%s: target %s: '%.*s' is not an IPv4 address\n",
		       SNULL_DRV_NAME, t->name, (int)min_t(size_t, len, 64), buf);
		return -EINVAL;
	}
	return snull_nc_commit(item, field, addr, sizeof(addr), count);
}

static ssize_t snull_nc_local_ip_store(struct config_item *item,
				       const char *buf, size_t count)
{
	return snull_nc_ip_store(item, buf, count, &to_target(item)->opts.local_ip);
}

static ssize_t snull_nc_remote_ip_store(struct config_item *item,
					const char *buf, size_t count)
{
	return snull_nc_ip_store(item, buf, count, &to_target(item)->opts.remote_ip);
}

static ssize_t snull_nc_remote_mac_store(struct config_item *item,
					 const char *buf, size_t count)
{
	struct snull_nc_target *t = to_target(item);
	u8 mac[ETH_ALEN];
	int err;

	if (count < 17 || !mac_pton(buf, mac) ||
	    (count > 17 && buf[17] != '\n' && buf[17] != '\0'))
		return -EINVAL;
	mutex_lock(&snull_nc_mutex);
	err = snull_nc_may_change(t);
	if (!err) {
		ether_addr_copy(t->opts.remote_mac, mac);
		t->opts.have_remote_mac = true;
	}
	mutex_unlock(&snull_nc_mutex);
	return err ? err : count;
}

CONFIGFS_ATTR(snull_nc_, enabled);
CONFIGFS_ATTR(snull_nc_, extended);
CONFIGFS_ATTR(snull_nc_, release);
CONFIGFS_ATTR(snull_nc_, dev_name);
CONFIGFS_ATTR(snull_nc_, local_port);
CONFIGFS_ATTR(snull_nc_, remote_port);
CONFIGFS_ATTR(snull_nc_, local_ip);
CONFIGFS_ATTR(snull_nc_, remote_ip);
CONFIGFS_ATTR_RO(snull_nc_, local_mac);
CONFIGFS_ATTR(snull_nc_, remote_mac);
CONFIGFS_ATTR_RO(snull_nc_, stats);

static struct configfs_attribute *snull_nc_attrs[] = {
	&snull_nc_attr_enabled,
	&snull_nc_attr_extended,
	&snull_nc_attr_release,
	&snull_nc_attr_dev_name,
	&snull_nc_attr_local_port,
	&snull_nc_attr_remote_port,
	&snull_nc_attr_local_ip,
	&snull_nc_attr_remote_ip,
	&snull_nc_attr_local_mac,
	&snull_nc_attr_remote_mac,
	&snull_nc_attr_stats,
	NULL,
};

/* userdata/<key>/value: appended to extended messages as " key=value\n" */

static struct snull_nc_userdatum *to_userdatum(struct config_item *item)
{
	return container_of(item, struct snull_nc_userdatum, item);
}

/* Rebuild the userdata text from the keys, in creation order; under
 * snull_nc_mutex.
 */
static void snull_nc_update_userdata(struct snull_nc_target *t)
{
	struct snull_nc_userdatum *ud;
	unsigned long flags;
	char *buf;
	int n = 0;

	buf = kmalloc(SNULL_NC_UD_LEN, GFP_KERNEL);
	if (!buf)
		return;
	list_for_each_entry(ud, &t->userdata_items, node) {
		if (!ud->value[0])
			continue;
		n += scnprintf(buf + n, SNULL_NC_UD_LEN - n, " %s=%s\n",
			       config_item_name(&ud->item), ud->value);
	}
	spin_lock_irqsave(&snull_nc_lock, flags);
	memcpy(t->userdata, buf, n);
	t->userdata_len = n;
	spin_unlock_irqrestore(&snull_nc_lock, flags);
	kfree(buf);
}

static ssize_t snull_nc_ud_value_show(struct config_item *item, char *buf)
{
	return sysfs_emit(buf, "%s\n", to_userdatum(item)->value);
}

static ssize_t snull_nc_ud_value_store(struct config_item *item,
				       const char *buf, size_t count)
{
	struct snull_nc_userdatum *ud = to_userdatum(item);
	size_t len = count;

	if (count > SNULL_NC_UD_VALUE)
		return -EMSGSIZE;
	if (len && buf[len - 1] == '\n')
		len--;
	if (len >= SNULL_NC_UD_VALUE)
		return -EMSGSIZE;
	mutex_lock(&snull_nc_mutex);
	memcpy(ud->value, buf, len);
	ud->value[len] = '\0';
	snull_nc_update_userdata(ud->t);
	mutex_unlock(&snull_nc_mutex);
	return count;
}

CONFIGFS_ATTR(snull_nc_ud_, value);

static struct configfs_attribute *snull_nc_ud_attrs[] = {
	&snull_nc_ud_attr_value,
	NULL,
};

static void snull_nc_ud_release(struct config_item *item)
{
	kfree(to_userdatum(item));
}

static struct configfs_item_operations snull_nc_ud_item_ops = {
	.release	= snull_nc_ud_release,
};

static const struct config_item_type snull_nc_ud_type = {
	.ct_item_ops	= &snull_nc_ud_item_ops,
	.ct_attrs	= snull_nc_ud_attrs,
	.ct_owner	= THIS_MODULE,
};

static struct config_item *snull_nc_ud_make(struct config_group *group,
					    const char *name)
{
	struct snull_nc_target *t = container_of(group, struct snull_nc_target,
						 userdata_group);
	struct snull_nc_userdatum *ud;

	if (strlen(name) > SNULL_NC_UD_NAME)
		return ERR_PTR(-ENAMETOOLONG);
	ud = kzalloc(sizeof(*ud), GFP_KERNEL);
	if (!ud)
		return ERR_PTR(-ENOMEM);
	ud->t = t;
	config_item_init_type_name(&ud->item, name, &snull_nc_ud_type);
	mutex_lock(&snull_nc_mutex);
	if (t->userdata_count >= SNULL_NC_UD_ITEMS) {
		mutex_unlock(&snull_nc_mutex);
		kfree(ud);
		return ERR_PTR(-ENOSPC);
	}
	t->userdata_count++;
	list_add_tail(&ud->node, &t->userdata_items);
	mutex_unlock(&snull_nc_mutex);
	return &ud->item;
}

static void snull_nc_ud_drop(struct config_group *group, struct config_item *item)
{
	struct snull_nc_userdatum *ud = to_userdatum(item);
	struct snull_nc_target *t = ud->t;

	mutex_lock(&snull_nc_mutex);
	list_del(&ud->node);
	t->userdata_count--;
	snull_nc_update_userdata(t);
	mutex_unlock(&snull_nc_mutex);
	config_item_put(item);
}

static struct configfs_group_operations snull_nc_ud_group_ops = {
	.make_item	= snull_nc_ud_make,
	.drop_item	= snull_nc_ud_drop,
};

static const struct config_item_type snull_nc_ud_group_type = {
	.ct_group_ops	= &snull_nc_ud_group_ops,
	.ct_owner	= THIS_MODULE,
};

static void snull_nc_target_release(struct config_item *item)
{
	kfree(to_target(item));
}

static struct configfs_item_operations snull_nc_target_item_ops = {
	.release	= snull_nc_target_release,
};

static const struct config_item_type snull_nc_target_type = {
	.ct_item_ops	= &snull_nc_target_item_ops,
	.ct_attrs	= snull_nc_attrs,
	.ct_owner	= THIS_MODULE,
};

static void snull_nc_init_group(struct snull_nc_target *t, const char *name)
{
	config_group_init_type_name(&t->group, name, &snull_nc_target_type);
	config_group_init_type_name(&t->userdata_group, "userdata",
				    &snull_nc_ud_group_type);
	configfs_add_default_group(&t->userdata_group, &t->group);
}

/* mkdir: a new disabled target, or cmdline<N> adopting a parameter one. */
static struct config_group *snull_nc_make(struct config_group *group,
					  const char *name)
{
	struct snull_nc_target *t;

	mutex_lock(&snull_nc_mutex);
	list_for_each_entry(t, &snull_nc_targets, list) {
		if (!t->in_configfs && !strcmp(t->name, name)) {
			t->in_configfs = true;
			mutex_unlock(&snull_nc_mutex);
			return &t->group;
		}
	}
	mutex_unlock(&snull_nc_mutex);

	t = snull_nc_alloc(name);
	if (!t)
		return ERR_PTR(-ENOMEM);
	t->in_configfs = true;
	snull_nc_init_group(t, name);
	snull_nc_add(t);
	return &t->group;
}

static void snull_nc_drop(struct config_group *group, struct config_item *item)
{
	struct snull_nc_target *t = to_target(item);

	mutex_lock(&snull_nc_mutex);
	snull_nc_destroy(t);
	mutex_unlock(&snull_nc_mutex);
	config_item_put(item);
}

static struct configfs_group_operations snull_nc_group_ops = {
	.make_group	= snull_nc_make,
	.drop_item	= snull_nc_drop,
};

static const struct config_item_type snull_nc_subsys_type = {
	.ct_group_ops	= &snull_nc_group_ops,
	.ct_owner	= THIS_MODULE,
};

static struct configfs_subsystem snull_nc_subsys = {
	.su_group = {
		.cg_item = {
			.ci_type = &snull_nc_subsys_type,
		},
	},
};

/* ---- device events ---- */

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
	spin_lock_irqsave(&snull_nc_lock, flags);
	list_for_each_entry(t, &snull_nc_targets, list) {
		if (event == NETDEV_REGISTER) {
			if (t->resume && !t->np.dev &&
			    !strcmp(t->np.dev_name, dev->name))
				schedule_work(&t->resume_work);
			continue;
		}
		if (t->np.dev != dev)
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
	spin_unlock_irqrestore(&snull_nc_lock, flags);

	list_for_each_entry_safe(t, tmp, &stopped, stop_link) {
		list_del_init(&t->stop_link);
		snull_nc_netpoll_drop(&t->np);
		pr_info("%s: target %s: network logging stopped on %s as it %s\n",
			SNULL_DRV_NAME, t->name, dev->name,
			event == NETDEV_UNREGISTER ? "unregistered" :
			event == NETDEV_RELEASE ? "released slaves" :
			"is joining a master device");
	}
	return NOTIFY_DONE;
}

static struct notifier_block snull_nc_notifier = {
	.notifier_call = snull_nc_netdev_event,
};

/* ---- netconsole= targets ---- */

static void snull_nc_param_targets(void)
{
	char *cfg = snull_nc_param, *one;
	struct snull_nc_target *t;
	char err[160];
	int idx = -1;
	char name[16];

	while ((one = strsep(&cfg, ";"))) {
		struct snull_nc_opts o;

		idx++;
		if (!*one)
			continue;
		if (snull_nc_parse_target(one, &o, err, sizeof(err))) {
			pr_err("%s: netconsole target %d ('%s'): %s\n",
			       SNULL_DRV_NAME, idx, one, err);
			continue;
		}
		snprintf(name, sizeof(name), "cmdline%d", idx);
		t = snull_nc_alloc(name);
		if (!t)
			break;
		t->opts = o;
		snull_nc_init_group(t, name);
		snull_nc_add(t);
		mutex_lock(&snull_nc_mutex);
		if (snull_nc_enable(t))
			pr_err("%s: target %s: netpoll setup on %s failed, target stays disabled\n",
			       SNULL_DRV_NAME, name, o.dev_name[0] ? o.dev_name : "(by MAC)");
		else
			pr_info("%s: target %s: network logging started on %s\n",
				SNULL_DRV_NAME, name, t->np.dev_name);
		mutex_unlock(&snull_nc_mutex);
	}
}

int snull_nc_init(void)
{
	int err;

	err = register_netdevice_notifier(&snull_nc_notifier);
	if (err)
		return err;
	dev_add_pack(&snull_nc_arp_pt);

	config_group_init(&snull_nc_subsys.su_group);
	mutex_init(&snull_nc_subsys.su_mutex);
	strscpy(snull_nc_subsys.su_group.cg_item.ci_namebuf,
		snull_nc_configfs_netconsole ? "netconsole" : "snull_netconsole",
		CONFIGFS_ITEM_NAME_LEN);
	snull_nc_subsys.su_group.cg_item.ci_name =
		snull_nc_subsys.su_group.cg_item.ci_namebuf;
	err = configfs_register_subsystem(&snull_nc_subsys);
	if (err)
		goto err_pack;

	snull_nc_param_targets();
	/* Parameter targets replay the log buffer, like the in-tree client. */
	if (!list_empty(&snull_nc_targets)) {
		snull_nc_console.flags |= CON_PRINTBUFFER;
		snull_nc_console_ext.flags |= CON_PRINTBUFFER;
	}
	register_console(&snull_nc_console_ext);
	register_console(&snull_nc_console);
	return 0;

err_pack:
	dev_remove_pack(&snull_nc_arp_pt);
	unregister_netdevice_notifier(&snull_nc_notifier);
	return err;
}

void snull_nc_exit(void)
{
	struct snull_nc_target *t, *tmp;

	unregister_console(&snull_nc_console);
	unregister_console(&snull_nc_console_ext);
	configfs_unregister_subsystem(&snull_nc_subsys);

	/* Parameter targets never adopted through configfs are ours. */
	mutex_lock(&snull_nc_mutex);
	list_for_each_entry_safe(t, tmp, &snull_nc_targets, list) {
		snull_nc_destroy(t);
		kfree(t);
	}
	mutex_unlock(&snull_nc_mutex);

	/* Last: unregistering replays NETDEV_UNREGISTER for every device. */
	dev_remove_pack(&snull_nc_arp_pt);
	unregister_netdevice_notifier(&snull_nc_notifier);
}
