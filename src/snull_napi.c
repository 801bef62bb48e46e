// SPDX-License-Identifier: GPL-2.0
/*
 * snull_napi.c -- simulated RX interrupt, NAPI poll and regular-mode receive
 *
 * The "hardware" raises an RX interrupt whenever the peer queues a frame
 * (an skb, handed over whole) on our rx queue.  In NAPI mode the interrupt
 * schedules NAPI and stays masked until napi_complete_done() says polling
 * is over.  In regular mode (use_napi=0)
 * the interrupt is an irq_work, so frames are delivered from a real hardirq
 * context, never from inside ndo_start_xmit.
 */
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/skbuff.h>
#include "snull.h"

/*
 * Hand one frame to the stack.  Every frame goes through GRO, in order:
 * one that went around it would overtake the frames GRO holds.  With GRO
 * on (off by default, as on veth: TSO/GSO skbs gain nothing from it), GRO
 * writes to the headers of the frame it holds and moves page fragments
 * between the shared info of the frames it merges -- which a clone shares
 * with the sender's copy (TCP keeps every segment it sends for
 * retransmission; pktgen's clone_skb, a tap).  A clone therefore gets a
 * head and shared info of its own first (skb_unclone(): the linear part
 * is copied, the fragments gain a reference).  A frame with a frag_list
 * of its own (snull mode's private head) GRO passes on unmerged, after
 * what it holds.
 */
static void snull_rx_deliver(struct snull_priv *priv, struct sk_buff *skb)
{
	struct net_device *dev = priv->dev;

	if (!priv->cfg.use_napi) {
		dev_sw_netstats_rx_add(dev, skb->len + ETH_HLEN);
		netif_rx(skb);
		return;
	}
	if (unlikely(dev->features & NETIF_F_GRO) && skb_cloned(skb)) {
		if (skb_unclone(skb, GFP_ATOMIC)) {
			snull_xstat_inc(priv, SNULL_XS_RX_DROP_NOMEM);
			DEV_STATS_INC(dev, rx_dropped);
			kfree_skb(skb);
			return;
		}
		snull_xstat_inc(priv, SNULL_XS_RX_GRO_HEAD_COPIES);
	}
	/* Bytes as the sender counted them: the Ethernet header is pulled. */
	dev_sw_netstats_rx_add(dev, skb->len + ETH_HLEN);
	napi_gro_receive(&priv->napi, skb);
}

static int snull_poll(struct napi_struct *napi, int budget)
{
	struct snull_priv *priv = container_of(napi, struct snull_priv, napi);
	struct sk_buff *skb;
	int done = 0;

	snull_xstat_inc(priv, SNULL_XS_NAPI_POLLS);
	/* budget == 0 is netpoll asking for TX cleanup only: no RX work. */
	while (done < budget) {
		skb = __ptr_ring_consume(&priv->rxq);
		if (!skb)
			break;
		done++;
		snull_rx_deliver(priv, skb);
	}
	if (done) {
		snull_xstat_add(priv, SNULL_XS_RXQ_DEQUEUED, done);
		rcu_read_lock();
		snull_pool_give(priv, done);
		rcu_read_unlock();
	}

	if (done == budget) {
		if (budget)
			snull_xstat_inc(priv, SNULL_XS_NAPI_BUDGET_EXHAUSTED);
		return done;
	}

	if (napi_complete_done(napi, done)) {
		snull_xstat_inc(priv, SNULL_XS_NAPI_COMPLETES);
		/* Unmask, then look again: write mask before reading the ring,
		 * pairing with the barrier in snull_rx_interrupt().
		 */
		smp_store_mb(priv->rx_irq_masked, false);
		if (unlikely(!__ptr_ring_empty(&priv->rxq)) &&
		    napi_schedule_prep(napi)) {
			WRITE_ONCE(priv->rx_irq_masked, true);
			snull_xstat_inc(priv, SNULL_XS_NAPI_RESCHEDULES);
			__napi_schedule(napi);
		}
	}
	return done;
}

/* Regular-interrupt mode: the whole queue is handed to netif_rx(). */
static void snull_regular_interrupt(struct irq_work *work)
{
	struct snull_priv *priv = container_of(work, struct snull_priv, rx_irq);
	struct sk_buff *skb;
	unsigned int n = 0;

	snull_xstat_inc(priv, SNULL_XS_RX_INTERRUPTS);
	/* irq_work may run on two CPUs at once: use the locked consumer. */
	while ((skb = ptr_ring_consume_any(&priv->rxq))) {
		snull_rx_deliver(priv, skb);
		n++;
	}
	snull_xstat_add(priv, SNULL_XS_RXQ_DEQUEUED, n);
	rcu_read_lock();
	snull_pool_give(priv, n);
	rcu_read_unlock();
}

/*
 * The simulated RX interrupt, raised by the peer's transmit right after it
 * queued a frame.  Safe with IRQs off (netpoll): __napi_schedule() and
 * irq_work_queue() only mark work and raise a softirq or self-IPI.
 */
void snull_rx_interrupt(struct snull_priv *priv)
{
	if (!priv->cfg.use_napi) {
		irq_work_queue(&priv->rx_irq);
		return;
	}
	/* Write the ring before reading the mask; pairs with snull_poll(). */
	smp_mb();
	if (!READ_ONCE(priv->rx_irq_masked) && napi_schedule_prep(&priv->napi)) {
		WRITE_ONCE(priv->rx_irq_masked, true);
		snull_xstat_inc(priv, SNULL_XS_RX_INTERRUPTS);
		__napi_schedule(&priv->napi);
	}
}

void snull_napi_init(struct snull_priv *priv)
{
	netif_napi_add_weight(priv->dev, &priv->napi, snull_poll,
			      priv->cfg.napi_weight);
	init_irq_work(&priv->rx_irq, snull_regular_interrupt);
}

void snull_napi_fini(struct snull_priv *priv)
{
	netif_napi_del(&priv->napi);
}

/* ndo_open: start accepting frames from the peer. */
void snull_rx_enable(struct snull_priv *priv)
{
	WRITE_ONCE(priv->rx_irq_masked, false);
	if (priv->cfg.use_napi)
		napi_enable(&priv->napi);
	/* Release: the ring, set up by ndo_open, before we say so. */
	smp_store_release(&priv->rx_ready, true);
}

/*
 * ndo_stop: stop accepting frames, wait until no transmitter of the peer
 * can still be queueing (they test rx_ready under RCU), stop the interrupt
 * and free what is left in the queue.
 */
void snull_rx_disable(struct snull_priv *priv)
{
	WRITE_ONCE(priv->rx_ready, false);
	synchronize_net();
	if (priv->cfg.use_napi)
		napi_disable(&priv->napi);
	else
		irq_work_sync(&priv->rx_irq);
	snull_rxq_purge(priv);
}
