// SPDX-License-Identifier: GPL-2.0
/*
 * snull_pool.c -- the bounded pools of in-flight slots and the FIFO rx queues
 *
 * Nothing is copied: transmit hands the skb itself to the peer's rx queue.
 * The pool is what bounds it.  Each receive queue has pool_size slots of
 * its sender: a frame holds one from the moment it is queued until the
 * receiver's NAPI takes it off the queue.  An empty pool is what stops
 * the sender's queue (when it has a qdisc to hold frames) or drops the
 * frame with a count (noqueue, netpoll).
 *
 * A queue counts what was queued (@produced, under the producers' lock)
 * and what was taken off (@consumed, by its one consumer); the slots in
 * use are the difference, so a frame costs one locked operation, the
 * producers' lock, which also decides the simulated interrupt.  Transmit
 * looks at the count before it touches a frame (so that it can hand an
 * untouched frame back to the qdisc) and queues it later: CPUs that look
 * at once can each queue one more, which the ring has room for.
 *
 * The count of a sender's slots in use lives with the receiver's queue:
 * both ends of a pair share pool_size, each queue has exactly one sender,
 * and a queue purged while its pair is being deleted needs no peer to
 * count its slots back.
 */
#include <linux/slab.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include "snull.h"
#ifdef SNULL_XDP
#include <net/page_pool/helpers.h>
#endif

/*
 * A ptr_ring zeroes consumed slots lazily, in batches of up to two cache
 * lines of pointers, so a producer can find a ring of n slots full while
 * fewer than n entries are live.  The slack makes room for every slot of
 * the sender's pool, netpoll's reserve included, at all times, and for
 * the frames of transmitters that found the pool short of full at once
 * (two per CPU: netpoll may interrupt a transmit between look and queue).
 */
#define SNULL_RING_SLACK	(SMP_CACHE_BYTES * 4 / sizeof(void *))
#define SNULL_RING_SIZE(pool)	((pool) + SNULL_NETPOLL_RESERVE + \
				 SNULL_RING_SLACK + 2 * num_possible_cpus())

/*
 * ndo_open: the rx queues' rings exist only while the device is up, so a
 * pair that is down costs no more than its two netdevs (a user namespace
 * can create hundreds).  A user namespace can also bring pairs up, so the
 * rings are charged to the caller's memory cgroup, and over its limit the
 * open fails with ENOMEM rather than invoking the OOM killer.  The rings
 * of queues @from to @to - 1 (ethtool -L adds queues to a running device).
 */
int snull_pool_init(struct snull_priv *priv, unsigned int from,
		    unsigned int to)
{
	unsigned int n = SNULL_RING_SIZE(priv->rx_slots);
	unsigned int i;
	int err;

	for (i = from; i < to; i++) {
		struct snull_rq *rq = &priv->rq[i];

		raw_spin_lock_init(&rq->lock);
		rq->produced = 0;
		rq->consumed = 0;
		err = ptr_ring_init(&rq->ring, n,
				    GFP_KERNEL_ACCOUNT | __GFP_RETRY_MAYFAIL);
		if (err)
			goto err_free;
		if (rtnl_dereference(priv->xdp_prog)) {
			err = snull_pool_pp_create(rq);
			if (err) {
				ptr_ring_cleanup(&rq->ring, NULL);
				goto err_free;
			}
		}
	}
	return 0;

err_free:
	while (i-- > from) {
		snull_pool_pp_destroy(&priv->rq[i]);
		ptr_ring_cleanup(&priv->rq[i].ring, NULL);
	}
	return err;
}

/*
 * The page_pool of @rq, for the skbs XDP needs copied (snull_xdp.c): from
 * the attach of a program, or the open of a device that has one, to the
 * close.  RTNL held.
 */
int snull_pool_pp_create(struct snull_rq *rq)
{
#ifdef SNULL_XDP
	struct page_pool_params pp = {
		.order		= 0,
		.pool_size	= rq->priv->rx_slots,
		.nid		= NUMA_NO_NODE,
		.napi		= &rq->napi,
		.netdev		= rq->priv->dev,
		.queue_idx	= rq->index,
	};
	struct page_pool *pool;

	if (rq->pp)
		return 0;
	pool = page_pool_create(&pp);
	if (IS_ERR(pool))
		return PTR_ERR(pool);
	/* before the program that needs it is published (snull_xdp.c) */
	WRITE_ONCE(rq->pp, pool);
#endif
	return 0;
}

void snull_pool_pp_destroy(struct snull_rq *rq)
{
#ifdef SNULL_XDP
	if (rq->pp) {
		page_pool_destroy(rq->pp);
		rq->pp = NULL;
	}
#endif
}

/*
 * The simulated RX interrupt of @rq, with its lock held: in NAPI mode the
 * interrupt schedules NAPI unless it is masked (NAPI already scheduled or
 * polling), which the consumer changes under the same lock.  Safe with
 * IRQs off (netpoll): __napi_schedule() and irq_work_queue() only mark
 * work and raise a softirq or self-IPI.
 */
static void snull_rx_kick(struct snull_rq *rq)
{
	if (!rq->priv->cfg.use_napi) {
		irq_work_queue(&rq->irq);
		return;
	}
	if (!rq->irq_masked && napi_schedule_prep(&rq->napi)) {
		rq->irq_masked = true;
		snull_xstat_inc(rq->priv, SNULL_XS_RX_INTERRUPTS);
		__napi_schedule(&rq->napi);
	}
}

/*
 * Queue a frame for @rq's receive path, from the peer's transmit on any
 * CPU, also under netpoll with IRQs off: a raw lock around the ring's
 * lock-free producer (snull.h).  With @kick, the end of a batch, raise the
 * interrupt too.  The slot was looked at, not taken (see the top).
 */
int snull_rxq_produce(struct snull_rq *rq, struct sk_buff *skb, bool kick)
{
	unsigned long flags;
	int err;

	raw_spin_lock_irqsave(&rq->lock, flags);
	err = __ptr_ring_produce(&rq->ring, skb);
	if (!err)
		WRITE_ONCE(rq->produced, rq->produced + 1);
	if (kick)
		snull_rx_kick(rq);
	raw_spin_unlock_irqrestore(&rq->lock, flags);
	return err;
}

/*
 * Queue up to @n XDP frames for @rq under one hold of the lock, as many
 * as fewer than @limit slots in use allow (the frames are untouched, so
 * the count is decided here, exactly); raise the interrupt.  Returns how
 * many went.
 */
unsigned int snull_rxq_produce_xdpf(struct snull_rq *rq,
				    struct xdp_frame **frames, unsigned int n,
				    unsigned int limit)
{
	unsigned int i, used;
	unsigned long flags;

	raw_spin_lock_irqsave(&rq->lock, flags);
	used = rq->produced - READ_ONCE(rq->consumed);
	n = used < limit ? min(n, limit - used) : 0;
	for (i = 0; i < n; i++)
		if (__ptr_ring_produce(&rq->ring, snull_xdpf_to_ptr(frames[i])))
			break;
	WRITE_ONCE(rq->produced, rq->produced + i);
	if (i)
		snull_rx_kick(rq);
	raw_spin_unlock_irqrestore(&rq->lock, flags);
	return i;
}

/* The interrupt, from outside a produce (an empty pool's transmit). */
void snull_rx_interrupt(struct snull_rq *rq)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&rq->lock, flags);
	snull_rx_kick(rq);
	raw_spin_unlock_irqrestore(&rq->lock, flags);
}

/*
 * NAPI completed on @rq: unmask its interrupt, and if frames came in
 * meanwhile, schedule again.  Under the producers' lock, so that a frame
 * is either queued before this looks (and found) or after it unmasked (and
 * its producer schedules).
 */
void snull_rx_unmask(struct snull_rq *rq)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&rq->lock, flags);
	rq->irq_masked = false;
	if (unlikely(!__ptr_ring_empty(&rq->ring)) &&
	    napi_schedule_prep(&rq->napi)) {
		rq->irq_masked = true;
		snull_xstat_inc(rq->priv, SNULL_XS_NAPI_RESCHEDULES);
		__napi_schedule(&rq->napi);
	}
	raw_spin_unlock_irqrestore(&rq->lock, flags);
}

/* ndo_stop, once receive is disabled and the queues purged. */
void snull_pool_free(struct snull_priv *priv, unsigned int from,
		     unsigned int to)
{
	unsigned int i;

	for (i = from; i < to; i++) {
		struct snull_rq *rq = &priv->rq[i];

		WARN_ONCE(snull_rq_used(rq),
			  "%s: rx queue %u: %u pool slots still in flight\n",
			  priv->dev->name, i, snull_rq_used(rq));
		ptr_ring_cleanup(&rq->ring, NULL);
		snull_pool_pp_destroy(rq);
	}
}

bool snull_pool_full(struct snull_priv *tx, struct snull_rq *rq)
{
	return snull_rq_used(rq) >= snull_pool_limit(tx, rq);
}

/*
 * ethtool -G rx on a running device, receive disabled (its rings empty,
 * no producer or consumer): every ring of a queue in use to the size for
 * @slots.  A ring that cannot grow keeps its size and the old count stays;
 * one that cannot shrink stays larger, which only costs memory.
 */
int snull_pool_resize(struct snull_priv *priv, unsigned int slots)
{
	unsigned int i, n = SNULL_RING_SIZE(slots);
	bool grow = slots > priv->rx_slots;
	int err;

	if (!grow)
		WRITE_ONCE(priv->rx_slots, slots);
	for (i = 0; i < priv->dev->real_num_rx_queues; i++) {
		err = ptr_ring_resize(&priv->rq[i].ring, n,
				      GFP_KERNEL_ACCOUNT | __GFP_RETRY_MAYFAIL,
				      NULL);
		if (err && grow)
			return err;
	}
	WRITE_ONCE(priv->rx_slots, slots);
	return 0;
}

/* Frames waiting in @priv's receive queues (ethtool -S rxq_len). */
unsigned int snull_rxq_in_use(struct snull_priv *priv)
{
	unsigned int i, n = 0;

	for (i = 0; i < READ_ONCE(priv->dev->real_num_rx_queues); i++)
		n += snull_rq_used(&priv->rq[i]);
	return n;
}

/*
 * Restart the transmit queues of sender @tx that send to @rq, if an empty
 * pool stopped them and slots are back: its queues @rq->index, plus every
 * multiple of our queue count above it when it has more queues than we do.
 */
void snull_pool_wake(struct snull_priv *tx, struct snull_rq *rq)
{
	unsigned int i, step = READ_ONCE(rq->priv->dev->real_num_rx_queues);

	/* Pairs with the barrier after netif_tx_stop_queue() in transmit. */
	smp_mb();
	if (READ_ONCE(tx->tx_locked) || snull_pool_full(tx, rq))
		return;
	for (i = rq->index; i < READ_ONCE(tx->dev->real_num_tx_queues); i += step) {
		struct netdev_queue *txq = netdev_get_tx_queue(tx->dev, i);

		if (unlikely(netif_tx_queue_stopped(txq))) {
			netif_tx_wake_queue(txq);
			snull_xstat_inc(tx, SNULL_XS_TX_QUEUE_WAKES);
			snull_txq_add(tx, i, SNULL_TQ_WAKES, 1);
		}
	}
}

/*
 * @rq's receive path took @n frames off it: give their slots back to the
 * sender.  Runs in NAPI, the irq_work or the purge, under RCU.
 */
void snull_pool_give(struct snull_rq *rq, unsigned int n)
{
	struct net_device *peer;
	struct snull_priv *tx;

	if (!n)
		return;
	WRITE_ONCE(rq->consumed, rq->consumed + n);
	peer = rcu_dereference(rq->priv->peer);
	if (!peer)
		return;		/* the pair is being deleted */
	tx = netdev_priv(peer);
	snull_xstat_add(tx, SNULL_XS_POOL_RETURNED, n);
	snull_pool_wake(tx, rq);
}

/*
 * Drop whatever the peer queued on @rq; runs once receive is disabled and
 * no transmitter can still be adding (see snull_rx_disable()).
 */
void snull_rxq_purge(struct snull_rq *rq)
{
	struct snull_priv *priv = rq->priv;
	unsigned int n = 0;
	void *ptr;

	while ((ptr = ptr_ring_consume_any(&rq->ring))) {
		snull_xstat_inc(priv, SNULL_XS_RXQ_DEQUEUED);
		snull_xstat_inc(priv, SNULL_XS_RX_DROP_PURGED);
		DEV_STATS_INC(priv->dev, rx_dropped);
		if (snull_ptr_is_xdpf(ptr))
			xdp_return_frame(snull_ptr_to_xdpf(ptr));
		else
			kfree_skb(ptr);
		n++;
	}
	rcu_read_lock();
	snull_pool_give(rq, n);
	rcu_read_unlock();
}
