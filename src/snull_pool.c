// SPDX-License-Identifier: GPL-2.0
/*
 * snull_pool.c -- the bounded packet pool and the FIFO rx queue
 *
 * Each device owns pool_size preallocated buffers.  Transmit copies a frame
 * into one of its own buffers and queues it on the peer's rx queue; the
 * peer's receive path copies it into a fresh skb and gives the buffer back.
 * The number of buffers in flight is therefore bounded by the pool, and an
 * empty pool is what stops the sender's queue.
 */
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/netdevice.h>
#include "snull.h"

/*
 * A ptr_ring zeroes consumed slots lazily, in batches of up to two cache
 * lines of pointers, so a producer can find a ring of n slots full while
 * fewer than n entries are live.  The slack makes room for every buffer
 * of the pool at all times.
 */
#define SNULL_RING_SLACK	(SMP_CACHE_BYTES * 2 / sizeof(void *))

int snull_pool_init(struct snull_priv *priv)
{
	unsigned int n = priv->cfg.pool_size;
	struct snull_packet *pkts;
	unsigned int i;
	int err;

	pkts = kvcalloc(n, sizeof(*pkts), GFP_KERNEL);
	if (!pkts)
		return -ENOMEM;

	err = ptr_ring_init(&priv->pool, n + SNULL_RING_SLACK, GFP_KERNEL);
	if (err)
		goto err_free_mem;
	/*
	 * The rx queue holds at most the peer's whole pool (both ends of a
	 * pair share pool_size), so it never overflows in normal operation;
	 * a full queue is still handled as a counted drop.
	 */
	err = ptr_ring_init(&priv->rxq, n + SNULL_RING_SLACK, GFP_KERNEL);
	if (err)
		goto err_free_pool;

	for (i = 0; i < n; i++) {
		pkts[i].owner = priv;
		/* Cannot fail: the ring was sized for all n buffers. */
		WARN_ON(__ptr_ring_produce(&priv->pool, &pkts[i]));
	}
	priv->pool_mem = pkts;
	return 0;

err_free_pool:
	ptr_ring_cleanup(&priv->pool, NULL);
err_free_mem:
	kvfree(pkts);
	return err;
}

void snull_pool_free(struct snull_priv *priv)
{
	u64 taken, returned;

	if (!priv->pool_mem)
		return;
	/* Both ends are closed and their queues purged before we get here. */
	taken = snull_xstat_read(priv, SNULL_XS_POOL_TAKEN);
	returned = snull_xstat_read(priv, SNULL_XS_POOL_RETURNED);
	WARN_ONCE(taken != returned, "%s: %llu pool buffers still in flight\n",
		  priv->dev->name, taken - returned);
	ptr_ring_cleanup(&priv->rxq, NULL);
	ptr_ring_cleanup(&priv->pool, NULL);
	kvfree(priv->pool_mem);
	priv->pool_mem = NULL;
}

/*
 * Called from ndo_start_xmit, which the tx lock serialises, but also with
 * IRQs off by netpoll: hence the _any ring helpers.
 */
struct snull_packet *snull_pool_get(struct snull_priv *priv)
{
	struct snull_packet *pkt = ptr_ring_consume_any(&priv->pool);

	if (pkt)
		snull_xstat_inc(priv, SNULL_XS_POOL_TAKEN);
	return pkt;
}

/* Give a buffer back to its owner and restart the owner's queue if the
 * empty pool had stopped it (and no simulated lockup holds it).
 */
void snull_pool_put(struct snull_packet *pkt)
{
	struct snull_priv *owner = pkt->owner;
	struct net_device *dev = owner->dev;

	/* Cannot fail: the ring has room for every buffer of the pool. */
	WARN_ON_ONCE(ptr_ring_produce_any(&owner->pool, pkt));
	snull_xstat_inc(owner, SNULL_XS_POOL_RETURNED);

	/* Pairs with the barrier after netif_stop_queue() in xmit. */
	smp_mb();
	if (unlikely(netif_queue_stopped(dev)) && !READ_ONCE(owner->tx_locked)) {
		netif_wake_queue(dev);
		snull_xstat_inc(owner, SNULL_XS_TX_QUEUE_WAKES);
	}
}

/*
 * Drop whatever the peer queued for us; runs once receive is disabled and
 * no transmitter can still be adding (see snull_rx_disable()).
 */
void snull_rxq_purge(struct snull_priv *priv)
{
	struct snull_packet *pkt;

	while ((pkt = ptr_ring_consume_any(&priv->rxq))) {
		snull_xstat_inc(priv, SNULL_XS_RXQ_DEQUEUED);
		snull_xstat_inc(priv, SNULL_XS_RX_DROP_PURGED);
		dev_core_stats_rx_dropped_inc(priv->dev);
		snull_pool_put(pkt);
	}
}
