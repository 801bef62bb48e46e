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

struct snull_nc_target {
	struct list_head list;		/* on snull_nc_targets */
	struct config_group group;
	struct config_group userdata_group;
	char name[32];
	/* the name as the log shows it: a configfs directory name can hold
	 * any byte but '/', and control bytes must not reach the consoles
	 * (found by the in-kernel fuzzer); %*pE escapes them, up to \ooo
	 */
	char label[4 * 32];
	bool in_configfs;

	/* Configuration; changed only while disabled, under snull_nc_mutex. */
	struct snull_nc_opts opts;

	/* State read by the send path under snull_nc_lock. */
	bool enabled;
	bool resume;			/* disabled by unregister: re-enable */
	struct netpoll np;		/* only its device and names are used */
	/*
	 * Addresses and ports of the frames, set at enable from opts (the
	 * local address picked from the device when unset).  The client's
	 * own: struct netpoll has no addressing from 7.3 on.
	 */
	union snull_nc_addr local_ip;
	union snull_nc_addr remote_ip;
	bool ipv6;
	u16 local_port;
	u16 remote_port;
	u8 dst_mac[ETH_ALEN];		/* given, resolved, or broadcast */
	bool mac_known;
	union snull_nc_addr hop;	/* whom we ask (ARP/NS): remote or gateway */
	unsigned long arp_next;		/* jiffies of the next ARP request or NS */
	u16 ip_id;
	unsigned int sysdata;		/* enum snull_nc_sysdata bits */
	u32 msgid;			/* of the last message sent */
	char *userdata;			/* " key=value\n"..., kmalloc'd */
	unsigned int userdata_len;
	struct list_head userdata_items;	/* under snull_nc_mutex */
	unsigned int userdata_count;
	struct list_head stop_link;		/* notifier's private list */

	struct sk_buff_head pool;
	unsigned int skb_len;		/* headroom + frame + tailroom */
	unsigned int headroom;
	struct work_struct refill_work;
	struct sk_buff_head held;	/* PREEMPT_RT: waiting for the device */
	struct delayed_work held_work;
	struct work_struct resume_work;
	struct delayed_work arp_work;	/* asks once a second until answered */

	struct snull_nc_rl rl;		/* snull_nc_lock */
	atomic_long_t stats[SNULL_NCS_COUNT];
	atomic64_t transmit_errors;	/* as in-tree: no skb, or netpoll dropped it */
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
