/* SPDX-License-Identifier: GPL-2.0 */
/*
 * snull_nc.h -- the netconsole client's half of snull.ko: struct
 * snull_nc_target, the client's locks, and what its layers call in the
 * layers below them (snull_nc_main.c lists them).
 */
#ifndef _SNULL_NC_H
#define _SNULL_NC_H

#include <linux/configfs.h>
#include <linux/netdevice.h>
#include <linux/netpoll.h>
#include <linux/workqueue.h>
#include "snull_pure.h"
#include "snull_compat.h"

/* snull_nc_main.c: the client's setup and teardown, for snull_main.c */
int snull_nc_init(void);
void snull_nc_exit(void);

enum snull_nc_stat {
	SNULL_NCS_SENT,
	SNULL_NCS_FRAGMENTS,
	SNULL_NCS_DROPPED,
	SNULL_NCS_ARP_REPLIES,
	SNULL_NCS_ARP_RESOLUTIONS,
	SNULL_NCS_ARP_BAD,
	SNULL_NCS_OOPS_ONLY_SKIPPED,
	SNULL_NCS_NDP_REPLIES,
	SNULL_NCS_NDP_RESOLUTIONS,
	SNULL_NCS_NDP_BAD,
	SNULL_NCS_HELD,
	SNULL_NCS_RATELIMITED,
	SNULL_NCS_COUNT
};

/**
 * struct snull_nc_target - one log target of the client
 * @list: entry on snull_nc_targets
 * @group: its configfs directory
 * @userdata_group: its userdata/ directory
 * @name: its name: the configfs directory's, or cmdline<N>
 * @label: @name as the log shows it: a configfs directory name can hold
 *	any byte but '/', and control bytes must not reach the consoles;
 *	%*pE escapes them, up to \ooo
 * @in_configfs: made by mkdir, or a netconsole= target adopted by one
 * @opts: its configuration; changed only while disabled, under
 *	snull_nc_mutex
 * @enabled: sending (read by the send path under snull_nc_lock, as is
 *	everything below it but the works and the counters)
 * @resume: disabled by its device's unregistration: enabled again when
 *	a device of that name (or MAC) comes back
 * @np: the netpoll it sends through; only its device and names are used
 * @local_ip: the frames' source address, from @opts at enable (the
 *	device's first address when unset).  The client's own: struct
 *	netpoll has no addressing from 7.3 on.
 * @remote_ip: the frames' destination address
 * @ipv6: the family of @local_ip and @remote_ip
 * @local_port: the frames' UDP source port
 * @remote_port: the frames' UDP destination port
 * @dst_mac: the frames' destination MAC: given, resolved, or broadcast
 * @mac_known: @dst_mac is given or resolved
 * @hop: whom ARP or NS asks: the remote address or the gateway to it
 * @arp_next: jiffies of the next ARP request or NS
 * @ip_id: the IPv4 identification of the next frame
 * @sysdata: the enum snull_nc_sysdata fields appended after userdata
 * @msgid: the msgid of the last message sent
 * @userdata: " key=value\n"... as sent after extended records (kmalloc'd;
 *	replaced under snull_nc_lock)
 * @userdata_len: length of @userdata
 * @userdata_items: its userdata entries (under snull_nc_mutex)
 * @userdata_count: number of @userdata_items
 * @stop_link: the device notifier's private list of targets it stops
 * @pool: skbs preallocated for the contexts that cannot allocate
 * @skb_len: an skb's size: headroom, the largest frame and tailroom
 * @headroom: the device's LL_RESERVED_SPACE()
 * @refill_work: refills @pool in process context
 * @held: PREEMPT_RT: frames waiting for the device (snull_nc_xmit.c)
 * @held_work: retries @held
 * @resume_work: enables the target again (@resume)
 * @arp_work: asks for @dst_mac once a second until answered
 * @rl: the rate limit's state (under snull_nc_lock)
 * @stats: the counters of the stats attribute (enum snull_nc_stat)
 * @transmit_errors: as in-tree: no skb, or netpoll dropped it
 */
struct snull_nc_target {
	struct list_head list;
	struct config_group group;
	struct config_group userdata_group;
	char name[32];
	char label[4 * 32];
	bool in_configfs;
	struct snull_nc_opts opts;
	bool enabled;
	bool resume;
	struct netpoll np;
	union snull_nc_addr local_ip;
	union snull_nc_addr remote_ip;
	bool ipv6;
	u16 local_port;
	u16 remote_port;
	u8 dst_mac[ETH_ALEN];
	bool mac_known;
	union snull_nc_addr hop;
	unsigned long arp_next;
	u16 ip_id;
	unsigned int sysdata;
	u32 msgid;
	char *userdata;
	unsigned int userdata_len;
	struct list_head userdata_items;
	unsigned int userdata_count;
	struct list_head stop_link;
	struct sk_buff_head pool;
	unsigned int skb_len;
	unsigned int headroom;
	struct work_struct refill_work;
	struct sk_buff_head held;
	struct delayed_work held_work;
	struct work_struct resume_work;
	struct delayed_work arp_work;
	struct snull_nc_rl rl;
	atomic_long_t stats[SNULL_NCS_COUNT];
	atomic64_t transmit_errors;
};

extern struct list_head snull_nc_targets;
extern spinlock_t snull_nc_lock;
extern struct task_struct *snull_nc_owner;
extern bool snull_nc_task_sender;
extern struct mutex snull_nc_mutex;

static inline void snull_nc_stat_inc(struct snull_nc_target *t,
				     enum snull_nc_stat s)
{
	atomic_long_inc(&t->stats[s]);
}

/*
 * snull_nc_lock protects the list and what the send side reads.  Its
 * holder's task is recorded (snull_nc_owner) because a printk made under
 * it -- a WARN from netpoll, from a driver's transmit or from a
 * configuration path -- reaches the client's consoles again in the same
 * task, or in an interrupt of it, and must not take it a second time:
 * snull_nc_inside() tells.  Another task, or an interrupt of another
 * task, may wait for it.
 *
 * Taken with spin_lock_irqsave(): IRQs off, except on PREEMPT_RT, where
 * spinlock_t is a sleeping lock taken with IRQs on (and the task kept on
 * its CPU, as nbcon's printer thread needs).  Code that runs with IRQs
 * off on PREEMPT_RT (nbcon's atomic write) may only try it:
 * snull_nc_must_try().
 */
static inline bool snull_nc_inside(void)
{
	return READ_ONCE(snull_nc_owner) == current;
}

static inline bool snull_nc_must_try(void)
{
	return oops_in_progress || in_nmi() ||
	       (IS_ENABLED(CONFIG_PREEMPT_RT) && irqs_disabled());
}

static inline void snull_nc_lock_irqsave(unsigned long *flags)
	__acquires(&snull_nc_lock)
{
	spin_lock_irqsave(&snull_nc_lock, *flags);
	WRITE_ONCE(snull_nc_owner, current);
}

static inline void snull_nc_unlock_irqrestore(unsigned long flags)
	__releases(&snull_nc_lock)
{
	WRITE_ONCE(snull_nc_owner, NULL);
	spin_unlock_irqrestore(&snull_nc_lock, flags);
}

/*
 * For senders in task context (the printer thread, the ARP/NS timer):
 * BHs off first.  On PREEMPT_RT a task can preempt a NAPI poll of the
 * target's device on its CPU, and netpoll, finding that poll "active" on
 * the CPU, defers the frame to its queue inside its IRQs-off section,
 * where that queue's spinlock_t would sleep; with BHs off the poll ends
 * first.  BHs before the lock, as in the receive handlers.
 */
static inline void snull_nc_bh_lock_irqsave(unsigned long *flags)
	__acquires(&snull_nc_lock)
{
	local_bh_disable();
	snull_nc_lock_irqsave(flags);
	snull_nc_task_sender = true;
}

static inline void snull_nc_bh_unlock_irqrestore(unsigned long flags)
	__releases(&snull_nc_lock)
{
	snull_nc_task_sender = false;
	snull_nc_unlock_irqrestore(flags);
	local_bh_enable();
}

/* Configuration paths (process context, never inside the client). */
static inline void snull_nc_cfg_lock(unsigned long *flags)
	__acquires(&snull_nc_lock)
{
	snull_nc_lock_irqsave(flags);
}

static inline void snull_nc_cfg_unlock(unsigned long flags)
	__releases(&snull_nc_lock)
{
	snull_nc_unlock_irqrestore(flags);
}

/*
 * The layers, each calling only those above it here (the ones below it in
 * the client): snull_nc_xmit.c, snull_nc_neigh.c, snull_nc_con.c,
 * snull_nc.c, snull_nc_cfs.c; snull_nc_main.c orders their setup.
 */

/* snull_nc_xmit.c: the skb pool and frames out */
#define SNULL_NC_POOL		64	/* preallocated skbs per target */
extern unsigned int snull_nc_pool_floor;
struct sk_buff *snull_nc_get_skb(struct snull_nc_target *t);
void snull_nc_frame_init(struct snull_nc_target *t, struct sk_buff *skb,
			 __be16 proto);
void snull_nc_xmit(struct snull_nc_target *t, struct sk_buff *skb,
		   __be16 proto);
void snull_nc_pool_fill(struct snull_nc_target *t);
void snull_nc_pool_drain(struct snull_nc_target *t);
void snull_nc_tx_init(struct snull_nc_target *t);

/* snull_nc_neigh.c: ARP and NDP answered and resolved */
void snull_nc_neigh_route(struct snull_nc_target *t);
void snull_nc_neigh_start(struct snull_nc_target *t);
void snull_nc_neigh_kick(struct snull_nc_target *t);
void snull_nc_neigh_stop(struct snull_nc_target *t);
void snull_nc_neigh_recount(void);
void snull_nc_neigh_init(struct snull_nc_target *t);
void snull_nc_maybe_resolve(struct snull_nc_target *t);
void snull_nc_neigh_register(void);
void snull_nc_neigh_unregister(void);

/*
 * snull_nc_con.c: the client's consoles; each enabled target is sent by
 * the console of its kind, chosen under snull_nc_lock.
 */
enum snull_nc_con {
	SNULL_NC_CON_PLAIN,
	SNULL_NC_CON_EXT,
	SNULL_NC_CON_CTX,	/* extended, run by the printk caller */
	SNULL_NC_CONS,
};

static inline enum snull_nc_con snull_nc_con_for(bool extended,
						 unsigned int sysdata)
{
	if (!extended)
		return SNULL_NC_CON_PLAIN;
#ifdef SNULL_NC_CTX_CONSOLE
	if (sysdata & (SNULL_NC_SYS_CPU | SNULL_NC_SYS_TASKNAME))
		return SNULL_NC_CON_CTX;
#endif
	return SNULL_NC_CON_EXT;
}

static inline enum snull_nc_con snull_nc_con_of(const struct snull_nc_target *t)
{
	return snull_nc_con_for(t->opts.extended, t->sysdata);
}

void snull_nc_console_need(enum snull_nc_con con, bool replay);
void snull_nc_consoles_unregister(void);

/* snull_nc.c: targets, enable/disable, device events */
extern bool snull_nc_loading;
extern bool snull_nc_exiting;
struct snull_nc_target *snull_nc_alloc(const char *name);
void snull_nc_add(struct snull_nc_target *t);
void snull_nc_unlink(struct snull_nc_target *t);
void snull_nc_teardown(struct snull_nc_target *t);
int snull_nc_enable(struct snull_nc_target *t);
void snull_nc_disable(struct snull_nc_target *t);
int snull_nc_events_register(void);
void snull_nc_events_unregister(void);

/* snull_nc_cfs.c: configfs */
void snull_nc_cfs_init_group(struct snull_nc_target *t, const char *name);
int snull_nc_cfs_register(bool netconsole_name);
void snull_nc_cfs_unregister(void);

#endif /* _SNULL_NC_H */
