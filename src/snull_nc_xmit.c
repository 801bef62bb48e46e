// SPDX-License-Identifier: GPL-2.0
/*
 * snull_nc_xmit.c -- the netconsole client's bottom layer: the target
 * list and the locks everything above shares, each target's skb pool, and
 * frames handed to netpoll (or, on PREEMPT_RT, held for the device).  The
 * neighbour code (snull_nc_neigh.c) and the consoles (snull_nc_con.c) send
 * through it; it calls nothing of theirs.
 */
#include <linux/module.h>
#include <linux/etherdevice.h>
#include <linux/netpoll.h>
#include <linux/sched.h>
#include "snull_nc.h"

LIST_HEAD(snull_nc_targets);
/* Protects the list and everything the send path reads (snull_nc.h). */
DEFINE_SPINLOCK(snull_nc_lock);
/* The task holding snull_nc_lock, NULL when free (snull_nc_inside()). */
struct task_struct *snull_nc_owner;
/* snull_nc_bh_lock_irqsave() holds the lock: a task that may wait */
bool snull_nc_task_sender;
/* Serialises configuration: enable/disable, attribute writes, resume. */
DEFINE_MUTEX(snull_nc_mutex);

/* ---- the skb pool ---- */

static struct sk_buff *snull_nc_alloc_skb(struct snull_nc_target *t, gfp_t gfp)
{
	struct sk_buff *skb = alloc_skb(t->skb_len, gfp);

	if (skb)
		skb_reserve(skb, t->headroom);
	return skb;
}

/*
 * The pool is read under snull_nc_lock with the lock-free queue helpers:
 * its own spinlock_t could not be taken where nbcon's atomic write runs
 * with IRQs off on PREEMPT_RT.  Filled in batches allocated outside it.
 */
void snull_nc_pool_fill(struct snull_nc_target *t)
{
	struct sk_buff_head batch;
	struct sk_buff *skb;
	unsigned long flags;
	unsigned int n;

	__skb_queue_head_init(&batch);
	n = skb_queue_len_lockless(&t->pool);
	for (; n < SNULL_NC_POOL; n++) {
		skb = snull_nc_alloc_skb(t, GFP_KERNEL);
		if (!skb)
			break;
		__skb_queue_tail(&batch, skb);
	}
	if (skb_queue_empty(&batch))
		return;
	snull_nc_lock_irqsave(&flags);
	while (skb_queue_len(&t->pool) < SNULL_NC_POOL &&
	       (skb = __skb_dequeue(&batch)))
		__skb_queue_tail(&t->pool, skb);
	snull_nc_unlock_irqrestore(flags);
	/* what a concurrent fill made unnecessary */
	__skb_queue_purge(&batch);
}

static void snull_nc_refill(struct work_struct *work)
{
	snull_nc_pool_fill(container_of(work, struct snull_nc_target,
					refill_work));
}

void snull_nc_pool_drain(struct snull_nc_target *t)
{
	struct sk_buff_head old;
	unsigned long flags;

	cancel_work_sync(&t->refill_work);
	cancel_delayed_work_sync(&t->held_work);
	__skb_queue_head_init(&old);
	snull_nc_lock_irqsave(&flags);
	skb_queue_splice_init(&t->pool, &old);
	skb_queue_splice_tail_init(&t->held, &old);
	snull_nc_unlock_irqrestore(flags);
	__skb_queue_purge(&old);
}

static void snull_nc_held_flush(struct work_struct *work);

void snull_nc_tx_init(struct snull_nc_target *t)
{
	__skb_queue_head_init(&t->pool);
	__skb_queue_head_init(&t->held);
	INIT_WORK(&t->refill_work, snull_nc_refill);
	INIT_DELAYED_WORK(&t->held_work, snull_nc_held_flush);
}

/*
 * The skbs of the pool the record being sent must leave to others, in an
 * oops or a panic, set by the consoles for each record (snull_nc_con.c):
 * under snull_nc_lock, or, taken over from a holder that can never run
 * again, on the one CPU left.
 */
unsigned int snull_nc_pool_floor;

/*
 * Whether this context may ask the allocator: not in NMI, not in an oops
 * or a panic (a stopped CPU may hold the allocator's locks), and on
 * PREEMPT_RT only from a preemptible task, since there the allocator's
 * locks are sleeping locks (IRQs off, as nbcon's atomic write runs, or a
 * raw spinlock held, both rule them out).
 */
static bool snull_nc_may_alloc(void)
{
	if (in_nmi() || oops_in_progress)
		return false;
	return !IS_ENABLED(CONFIG_PREEMPT_RT) || preemptible();
}

/*
 * A fresh skb where this context may allocate, else (or when that fails)
 * one from the pool; snull_nc_lock held.  The pool is the reserve of the
 * contexts that cannot allocate and of memory pressure: a printer thread
 * streaming a flood must not leave it empty for the panic that follows.
 */
struct sk_buff *snull_nc_get_skb(struct snull_nc_target *t)
{
	struct sk_buff *skb = NULL;

	if (snull_nc_may_alloc())
		skb = snull_nc_alloc_skb(t, GFP_ATOMIC | __GFP_NOWARN);
	if (!skb && skb_queue_len(&t->pool) > snull_nc_pool_floor) {
		skb = __skb_dequeue(&t->pool);
		if (skb_queue_len(&t->pool) < SNULL_NC_POOL / 2 &&
		    !oops_in_progress)
			schedule_work(&t->refill_work);
	}
	if (!skb) {
		snull_nc_stat_inc(t, SNULL_NCS_DROPPED);
		atomic64_inc(&t->transmit_errors);
	}
	return skb;
}

/* ---- sending (snull_nc_lock held) ---- */

/* A frame the client built, made ready for its device. */
void snull_nc_frame_init(struct snull_nc_target *t, struct sk_buff *skb,
			 __be16 proto)
{
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	skb->protocol = proto;
	skb->dev = t->np.dev;
}

/*
 * netpoll disables IRQs around the driver's transmit and, when the
 * device's queue stays stopped for a tick (or frames of its own wait, or
 * a NAPI poll of the device is active on the CPU), appends the frame to
 * its queue there, taking that queue's spinlock_t: a sleeping lock on
 * PREEMPT_RT.  There a sender that may wait (the printer thread, the
 * ARP/NS timer, the work below: tasks with BHs off) makes netpoll's one
 * attempt itself, without the spin and the queue: a frame the device
 * cannot take now is kept, in order, and a work item retries it.  What
 * cannot wait (atomic writes with IRQs off, NMI, an oops) goes to netpoll
 * as on the other kernels.
 */
#define SNULL_NC_HELD_MAX	256

static bool snull_nc_may_hold(void)
{
	return IS_ENABLED(CONFIG_PREEMPT_RT) && snull_nc_task_sender &&
	       !snull_nc_must_try();
}

#ifdef CONFIG_PREEMPT_RT
/*
 * The queue netpoll would pick: netdev_core_pick_tx() is not exported;
 * without the device's own choice, netdev_pick_tx() is what it calls.  A
 * device that chooses itself gets its first queue.
 */
static struct netdev_queue *snull_nc_pick_txq(struct net_device *dev,
					      struct sk_buff *skb)
{
	u16 q = 0;

	if (dev->real_num_tx_queues > 1 && !dev->netdev_ops->ndo_select_queue)
		q = netdev_pick_tx(dev, skb, NULL);
	skb_set_queue_mapping(skb, q);
	return netdev_get_tx_queue(dev, q);
}

/* false: the device cannot take it now, the frame is still ours */
static bool snull_nc_direct_xmit(struct snull_nc_target *t,
				 struct sk_buff *skb)
{
	struct net_device *dev = t->np.dev;
	netdev_tx_t rc = NETDEV_TX_BUSY;
	struct netpoll_info *npinfo;
	struct netdev_queue *txq;
	unsigned long flags;
	bool backlog;

	if (!netif_running(dev) || !netif_device_present(dev)) {
		/* as netpoll: refused, counted */
		kfree_skb(skb);
		atomic64_inc(&t->transmit_errors);
		return true;
	}
	/* what netpoll queued from an atomic write goes first */
	rcu_read_lock();
	npinfo = rcu_dereference(dev->npinfo);
	backlog = npinfo && skb_queue_len_lockless(&npinfo->txq);
	rcu_read_unlock();
	if (backlog)
		return false;
	txq = snull_nc_pick_txq(dev, skb);
	/*
	 * __netif_tx_trylock() spelled out: sparse cannot follow the trylock
	 * inside that inline.  A trylock, as netpoll's: the holder may be a
	 * driver that printed a WARN and now waits for the client's lock.
	 */
	if (!spin_trylock(&txq->_xmit_lock))
		return false;
	WRITE_ONCE(txq->xmit_lock_owner, smp_processor_id());
	if (!netif_xmit_frozen_or_stopped(txq)) {
		/*
		 * IRQs off around the driver, as netpoll has them: it may
		 * tell netpoll's frames by that (netpoll_tx_running()), as
		 * the pair does to give them its reserve.
		 */
		local_irq_save(flags);
		rc = netdev_start_xmit(skb, dev, txq, false);
		local_irq_restore(flags);
	}
	WRITE_ONCE(txq->xmit_lock_owner, -1);
	spin_unlock(&txq->_xmit_lock);
	return dev_xmit_complete(rc);
}

#else
static bool snull_nc_direct_xmit(struct snull_nc_target *t,
				 struct sk_buff *skb)
{
	return false;	/* not reached: snull_nc_may_hold() is false */
}
#endif

/*
 * netpoll's own backlog (frames it could not hand to a busy device, left
 * for its work to retry) queues every later frame behind it, to keep the
 * order; in a panic that work never runs again, so the panic text would
 * wait behind it for good.  In an oops or a panic the sender resends the
 * backlog itself, through netpoll, which polls the device for room.  The
 * queue's lock is only tried: a stopped CPU may hold it.  On PREEMPT_RT it
 * is a sleeping lock, which a trylock never waits for; netpoll itself only
 * tries the device's transmit lock, of the same kind, with IRQs off.
 */
static void snull_nc_oops_backlog(struct snull_nc_target *t)
{
	struct netpoll_info *npinfo;
	struct sk_buff_head q;
	struct sk_buff *skb;

	__skb_queue_head_init(&q);
	rcu_read_lock();
	npinfo = rcu_dereference(t->np.dev->npinfo);
	if (npinfo && skb_queue_len_lockless(&npinfo->txq) &&
	    spin_trylock(&npinfo->txq.lock)) {
		skb_queue_splice_init(&npinfo->txq, &q);
		spin_unlock(&npinfo->txq.lock);
	}
	rcu_read_unlock();
	while ((skb = __skb_dequeue(&q)))
		netpoll_send_skb(&t->np, skb);
}

static void snull_nc_send(struct snull_nc_target *t, struct sk_buff *skb)
{
	if (unlikely(oops_in_progress))
		snull_nc_oops_backlog(t);
	/* What the in-tree client counts: netpoll refused it (gone down). */
	if (netpoll_send_skb(&t->np, skb) == NET_XMIT_DROP)
		atomic64_inc(&t->transmit_errors);
}

void snull_nc_xmit(struct snull_nc_target *t, struct sk_buff *skb,
		   __be16 proto)
{
	snull_nc_frame_init(t, skb, proto);
	if (!snull_nc_may_hold()) {
		snull_nc_send(t, skb);
		return;
	}
	if (skb_queue_empty(&t->held) && snull_nc_direct_xmit(t, skb))
		return;
	if (skb_queue_len(&t->held) >= SNULL_NC_HELD_MAX) {
		kfree_skb(skb);
		snull_nc_stat_inc(t, SNULL_NCS_DROPPED);
		atomic64_inc(&t->transmit_errors);
		return;
	}
	if (skb_queue_empty(&t->held))
		schedule_delayed_work(&t->held_work, 1);
	__skb_queue_tail(&t->held, skb);
	snull_nc_stat_inc(t, SNULL_NCS_HELD);
}

static void snull_nc_held_flush(struct work_struct *work)
{
	struct snull_nc_target *t = container_of(to_delayed_work(work),
						 struct snull_nc_target,
						 held_work);
	struct sk_buff *skb;
	unsigned long flags;

	snull_nc_bh_lock_irqsave(&flags);
	if (!t->enabled || !t->np.dev) {
		__skb_queue_purge(&t->held);
		goto out;
	}
	while ((skb = __skb_dequeue(&t->held))) {
		if (!snull_nc_direct_xmit(t, skb)) {
			__skb_queue_head(&t->held, skb);
			schedule_delayed_work(&t->held_work, 1);
			break;
		}
	}
out:
	snull_nc_bh_unlock_irqrestore(flags);
}
