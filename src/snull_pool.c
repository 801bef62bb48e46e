// SPDX-License-Identifier: GPL-2.0
/*
 * snull_pool.c -- the bounded pool of in-flight slots and the FIFO rx queue
 *
 * Nothing is copied: transmit hands the skb itself to the peer's rx queue.
 * The pool is what bounds it.  Each device has pool_size slots; a frame
 * takes one of its sender's slots before the sender touches it and gives it
 * back when the receiver's NAPI takes it off the queue.  An empty pool is
 * what stops the sender's queue (when it has a qdisc to hold frames) or
 * drops the frame with a count (noqueue, netpoll).
 *
 * The count of a sender's slots in use lives with the receiver's queue
 * (rxq_used): both ends of a pair share pool_size, each queue has exactly
 * one sender, and a queue purged while its pair is being deleted needs no
 * peer to count its slots back.
 */
#include <linux/slab.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include "snull.h"

/*
 * A ptr_ring zeroes consumed slots lazily, in batches of up to two cache
 * lines of pointers, so a producer can find a ring of n slots full while
 * fewer than n entries are live.  The slack makes room for every slot of
 * the sender's pool, netpoll's reserve included, at all times.
 */
#define SNULL_RING_SLACK	(SMP_CACHE_BYTES * 4 / sizeof(void *))

/*
 * ndo_open: the rx queue exists only while the device is up, so a pair
 * that is down costs no more than its two netdevs (a user namespace can
 * create hundreds).  A user namespace can also bring pairs up, so the ring
 * is charged to the caller's memory cgroup, and over its limit the open
 * fails with ENOMEM rather than invoking the OOM killer.
 */
int snull_pool_init(struct snull_priv *priv)
{
	unsigned int n = priv->cfg.pool_size + SNULL_NETPOLL_RESERVE +
			 SNULL_RING_SLACK;

	raw_spin_lock_init(&priv->rxq_lock);
	return ptr_ring_init(&priv->rxq, n,
			     GFP_KERNEL_ACCOUNT | __GFP_RETRY_MAYFAIL);
}

/*
 * Queue a frame for @rx's receive path, from the peer's transmit on any
 * CPU, also under netpoll with IRQs off: a raw lock around the ring's
 * lock-free producer (snull.h), held for one slot write.
 */
int snull_rxq_produce(struct snull_priv *rx, struct sk_buff *skb)
{
	unsigned long flags;
	int err;

	raw_spin_lock_irqsave(&rx->rxq_lock, flags);
	err = __ptr_ring_produce(&rx->rxq, skb);
	raw_spin_unlock_irqrestore(&rx->rxq_lock, flags);
	return err;
}

/* ndo_stop, once receive is disabled and the queue purged. */
void snull_pool_free(struct snull_priv *priv)
{
	WARN_ONCE(atomic_read(&priv->rxq_used),
		  "%s: %d pool slots still in flight\n", priv->dev->name,
		  atomic_read(&priv->rxq_used));
	ptr_ring_cleanup(&priv->rxq, NULL);
}

/*
 * Take a slot of the sender's pool for a frame to @rx, if fewer than
 * @limit are in use.  Called by transmit, which may run on several CPUs at
 * once (LLTX) and with IRQs off under netpoll.
 */
bool snull_pool_take(struct snull_priv *rx, unsigned int limit)
{
	int used = atomic_read(&rx->rxq_used);

	do {
		if (used >= (int)limit)
			return false;
	} while (!atomic_try_cmpxchg(&rx->rxq_used, &used, used + 1));
	return true;
}

bool snull_pool_full(struct snull_priv *rx)
{
	return atomic_read(&rx->rxq_used) >= (int)rx->cfg.pool_size;
}

/* Restart sender @tx's queue if an empty pool stopped it and slots are back. */
void snull_pool_wake(struct snull_priv *tx, struct snull_priv *rx)
{
	/* Pairs with the barrier after netif_stop_queue() in transmit. */
	smp_mb();
	if (unlikely(netif_queue_stopped(tx->dev)) &&
	    !READ_ONCE(tx->tx_locked) && !snull_pool_full(rx)) {
		netif_wake_queue(tx->dev);
		snull_xstat_inc(tx, SNULL_XS_TX_QUEUE_WAKES);
	}
}

/*
 * @rx's receive path took @n frames off its queue: give their slots back
 * to the sender.  Runs in NAPI, the irq_work or the purge, under RCU.
 */
void snull_pool_give(struct snull_priv *rx, unsigned int n)
{
	struct net_device *peer;
	struct snull_priv *tx;

	if (!n)
		return;
	atomic_sub(n, &rx->rxq_used);
	peer = rcu_dereference(rx->peer);
	if (!peer)
		return;		/* the pair is being deleted */
	tx = netdev_priv(peer);
	snull_xstat_add(tx, SNULL_XS_POOL_RETURNED, n);
	snull_pool_wake(tx, rx);
}

/*
 * Drop whatever the peer queued for us; runs once receive is disabled and
 * no transmitter can still be adding (see snull_rx_disable()).
 */
void snull_rxq_purge(struct snull_priv *priv)
{
	struct sk_buff *skb;
	unsigned int n = 0;

	while ((skb = ptr_ring_consume_any(&priv->rxq))) {
		snull_xstat_inc(priv, SNULL_XS_RXQ_DEQUEUED);
		snull_xstat_inc(priv, SNULL_XS_RX_DROP_PURGED);
		DEV_STATS_INC(priv->dev, rx_dropped);
		kfree_skb(skb);
		n++;
	}
	rcu_read_lock();
	snull_pool_give(priv, n);
	rcu_read_unlock();
}
