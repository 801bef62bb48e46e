// SPDX-License-Identifier: GPL-2.0
/*
 * snull_napi.c -- simulated RX interrupt, NAPI poll and regular-mode receive
 *
 * The "hardware" raises an RX interrupt whenever a frame lands in the rx
 * queue.  In NAPI mode the interrupt schedules NAPI and stays masked until
 * napi_complete_done() says polling is over.  In regular mode (use_napi=0)
 * the interrupt is an irq_work, so frames are delivered from a real hardirq
 * context, never from inside ndo_start_xmit.
 */
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/skbuff.h>
#include "snull.h"

/* Turn one queued buffer into an skb; the buffer goes back to its pool. */
static struct sk_buff *snull_rx_build(struct snull_priv *priv,
				      struct snull_packet *pkt)
{
	struct net_device *dev = priv->dev;
	struct sk_buff *skb;
	unsigned int len = pkt->len;

	snull_xstat_inc(priv, SNULL_XS_RXQ_DEQUEUED);
	if (priv->cfg.use_napi)
		skb = napi_alloc_skb(&priv->napi, len);
	else
		skb = netdev_alloc_skb_ip_align(dev, len);
	if (unlikely(!skb)) {
		snull_pool_put(pkt);
		snull_xstat_inc(priv, SNULL_XS_RX_DROP_NOMEM);
		dev_core_stats_rx_dropped_inc(dev);
		return NULL;
	}
	skb_put_data(skb, pkt->data, len);
	snull_pool_put(pkt);

	skb->protocol = eth_type_trans(skb, dev);
	/* The frame was copied, not checked: let the stack verify checksums. */
	skb->ip_summed = CHECKSUM_NONE;
	dev_sw_netstats_rx_add(dev, len);
	return skb;
}

static int snull_poll(struct napi_struct *napi, int budget)
{
	struct snull_priv *priv = container_of(napi, struct snull_priv, napi);
	struct snull_packet *pkt;
	struct sk_buff *skb;
	int done = 0;

	snull_xstat_inc(priv, SNULL_XS_NAPI_POLLS);
	/* budget == 0 is netpoll asking for TX cleanup only: no RX work. */
	while (done < budget) {
		pkt = __ptr_ring_consume(&priv->rxq);
		if (!pkt)
			break;
		done++;
		skb = snull_rx_build(priv, pkt);
		if (skb)
			napi_gro_receive(napi, skb);
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
	struct snull_packet *pkt;
	struct sk_buff *skb;

	snull_xstat_inc(priv, SNULL_XS_RX_INTERRUPTS);
	/* irq_work may run on two CPUs at once: use the locked consumer. */
	while ((pkt = ptr_ring_consume_any(&priv->rxq))) {
		skb = snull_rx_build(priv, pkt);
		if (skb)
			netif_rx(skb);
	}
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
	WRITE_ONCE(priv->rx_ready, true);
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
