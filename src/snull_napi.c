// SPDX-License-Identifier: GPL-2.0
/*
 * snull_napi.c -- simulated RX interrupts, NAPI poll and regular-mode receive
 *
 * Each receive queue has its ring, its NAPI context and its interrupt.  The
 * "hardware" raises a queue's RX interrupt whenever the peer queues a frame
 * (an skb, handed over whole) on it.  In NAPI mode the interrupt
 * schedules NAPI and stays masked until napi_complete_done() says polling
 * is over.  In regular mode (use_napi=0)
 * the interrupt is an irq_work, so frames are delivered from a real hardirq
 * context, never from inside ndo_start_xmit.
 */
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <net/busy_poll.h>
#include "snull.h"

/*
 * With GRO off, frames go to the stack in lists of up to this many, as the
 * core's GRO batches them (net.core.gro_normal_batch's default).
 */
#define SNULL_RX_BATCH	8

/* Frames a poll has taken for the stack with GRO off, not yet handed over */
struct snull_rx_batch {
	struct list_head list;
	unsigned int n;
	bool gro;	/* GRO on: every frame through napi_gro_receive() */
};

/*
 * A lone frame goes in by itself: the list path's extra layers cost more
 * than they save on one frame, the common case when each frame raises its
 * own interrupt.
 */
static void snull_rx_flush(struct snull_rx_batch *b)
{
	struct sk_buff *skb;

	if (b->n == 1) {
		skb = list_first_entry(&b->list, struct sk_buff, list);
		skb_list_del_init(skb);
		netif_receive_skb(skb);
	} else if (b->n) {
		netif_receive_skb_list(&b->list);
	}
	INIT_LIST_HEAD(&b->list);
	b->n = 0;
}

/*
 * A frame arrived on @rq: counted once, as it comes off the ring, in
 * bytes as the sender counted them (the Ethernet header included).
 */
static void snull_rq_count(struct snull_rq *rq, void *ptr)
{
	unsigned int len;

	if (snull_ptr_is_xdpf(ptr))
		len = xdp_get_frame_len(snull_ptr_to_xdpf(ptr));
	else
		len = ((struct sk_buff *)ptr)->len + ETH_HLEN;
	u64_stats_update_begin(&rq->syncp);
	u64_stats_inc(&rq->st[SNULL_RQ_PACKETS]);
	u64_stats_add(&rq->st[SNULL_RQ_BYTES], len);
	u64_stats_update_end(&rq->syncp);
}

/*
 * Hand one frame to the stack, in order.  GRO off (the default, as on
 * veth: TSO/GSO skbs gain nothing from it) skips GRO's layers: the frame
 * joins the poll's batch.  Whether GRO is on is read once per poll, so no
 * frame of a poll overtakes one GRO holds from earlier in it.  With GRO on,
 * every frame goes through GRO: one that went around it would overtake the
 * frames GRO holds.  GRO writes to the headers of the frame it holds and
 * moves page fragments between the shared info of the frames it merges --
 * which a clone shares with the sender's copy (TCP keeps every segment it
 * sends for retransmission; a tap).  A clone therefore gets a head and
 * shared info of its own first (skb_unclone(): the linear part is copied,
 * the fragments gain a reference).  A frame with a frag_list of its own
 * (snull mode's private head) GRO passes on unmerged, after what it holds.
 * @b is the poll's batch; regular mode has none (netif_rx()).
 */
static void snull_rx_deliver(struct snull_rq *rq, struct sk_buff *skb,
			     struct snull_rx_batch *b)
{
	struct snull_priv *priv = rq->priv;
	struct net_device *dev = priv->dev;

	skb_record_rx_queue(skb, rq->index);
	if (!b) {
		netif_rx(skb);
		return;
	}
	if (!b->gro) {
		skb_mark_napi_id(skb, &rq->napi);
		list_add_tail(&skb->list, &b->list);
		if (++b->n == SNULL_RX_BATCH)
			snull_rx_flush(b);
		return;
	}
	if (skb_cloned(skb)) {
		if (skb_unclone(skb, GFP_ATOMIC)) {
			snull_xstat_inc(priv, SNULL_XS_RX_DROP_NOMEM);
			DEV_STATS_INC(dev, rx_dropped);
			kfree_skb(skb);
			return;
		}
		snull_xstat_inc(priv, SNULL_XS_RX_GRO_HEAD_COPIES);
	}
	napi_gro_receive(&rq->napi, skb);
}

/*
 * NAPI: up to @budget frames off the ring, each through the XDP program
 * if one is attached (snull_xdp.c), what it passes (or every frame, with
 * none) to the stack.
 */
static int snull_poll(struct napi_struct *napi, int budget)
{
	struct snull_rq *rq = container_of(napi, struct snull_rq, napi);
	struct snull_priv *priv = rq->priv;
	struct snull_rx_batch b = {
		.list = LIST_HEAD_INIT(b.list),
		.gro = !!(READ_ONCE(priv->dev->features) & NETIF_F_GRO),
	};
	struct snull_xdp_poll xp;
	struct sk_buff *skb;
	int done = 0;
	void *ptr;

	snull_xstat_inc(priv, SNULL_XS_NAPI_POLLS);
	rcu_read_lock();
	snull_xdp_poll_begin(rq, &xp);
	/* budget == 0 is netpoll asking for TX cleanup only: no RX work. */
	while (done < budget) {
		ptr = __ptr_ring_consume(&rq->ring);
		if (!ptr)
			break;
		done++;
		snull_rq_count(rq, ptr);
		skb = snull_xdp_rcv(rq, ptr, &xp);
		if (skb)
			snull_rx_deliver(rq, skb, &b);
	}
	snull_rx_flush(&b);
	snull_xdp_poll_end(rq, &xp);
	if (done) {
		snull_xstat_add(priv, SNULL_XS_RXQ_DEQUEUED, done);
		snull_pool_give(rq, done);
	}
	rcu_read_unlock();

	if (done == budget) {
		if (budget)
			snull_xstat_inc(priv, SNULL_XS_NAPI_BUDGET_EXHAUSTED);
		return done;
	}

	if (napi_complete_done(napi, done)) {
		snull_xstat_inc(priv, SNULL_XS_NAPI_COMPLETES);
		snull_rx_unmask(rq);
	}
	return done;
}

/*
 * Regular-interrupt mode: the whole queue is handed to netif_rx().  The
 * irq_work may run on two CPUs at once: the ring's consumer lock makes
 * each run the queue's one consumer (and its counters' one writer).  No
 * XDP frames come here: native XDP needs NAPI.
 */
static void snull_regular_interrupt(struct irq_work *work)
{
	struct snull_rq *rq = container_of(work, struct snull_rq, irq);
	struct snull_priv *priv = rq->priv;
	struct sk_buff *skb;
	unsigned int n = 0;

	snull_xstat_inc(priv, SNULL_XS_RX_INTERRUPTS);
	rcu_read_lock();
	spin_lock(&rq->ring.consumer_lock);
	while ((skb = __ptr_ring_consume(&rq->ring))) {
		snull_rq_count(rq, skb);
		snull_rx_deliver(rq, skb, NULL);
		n++;
	}
	snull_pool_give(rq, n);
	spin_unlock(&rq->ring.consumer_lock);
	rcu_read_unlock();
	snull_xstat_add(priv, SNULL_XS_RXQ_DEQUEUED, n);
}

/*
 * ndo_init: every queue the device may have (charged to the creator's
 * memory cgroup, like the device).  Their NAPI contexts exist only while
 * the queue is in use (snull_rx_enable()): the core acts on every NAPI of
 * a device, and one whose queue is gone would stay disabled for good --
 * turning threaded mode off waits for such a NAPI to become idle, which
 * it never does.  Where the kernel keeps NAPI settings per index, they
 * outlive the context (snull_napi_add()).
 */
int snull_napi_init(struct snull_priv *priv)
{
	struct net_device *dev = priv->dev;
	unsigned int i;

	priv->rq = kcalloc(dev->num_rx_queues, sizeof(*priv->rq),
			   GFP_KERNEL_ACCOUNT | __GFP_NORETRY);
	if (!priv->rq)
		return -ENOMEM;
	for (i = 0; i < dev->num_rx_queues; i++) {
		struct snull_rq *rq = &priv->rq[i];

		rq->priv = priv;
		rq->index = i;
		u64_stats_init(&rq->syncp);
		init_irq_work(&rq->irq, snull_regular_interrupt);
	}
	return 0;
}

/* ndo_uninit: the device is closed, so no queue has a NAPI context. */
void snull_napi_fini(struct snull_priv *priv)
{
	kfree(priv->rq);
	priv->rq = NULL;
}

/*
 * ndo_open, and ethtool -L on a running device: start accepting frames
 * from the peer on every queue in use, each with its NAPI context, linked
 * to it for the netdev family (RTNL held).
 */
void snull_rx_enable(struct snull_priv *priv)
{
	struct net_device *dev = priv->dev;
	unsigned int i;

	for (i = 0; i < dev->real_num_rx_queues; i++) {
		struct snull_rq *rq = &priv->rq[i];

		WRITE_ONCE(rq->irq_masked, false);
		if (!priv->cfg.use_napi)
			continue;
		snull_napi_add(dev, &rq->napi, snull_poll, i,
			       priv->cfg.napi_weight);
		/* Neither fails for a registered device and a shared-page
		 * model, which needs no allocation.
		 */
		WARN_ON(xdp_rxq_info_reg(&rq->xdp_rxq, dev, i,
					 rq->napi.napi_id));
		WARN_ON(xdp_rxq_info_reg_mem_model(&rq->xdp_rxq,
						   MEM_TYPE_PAGE_SHARED, NULL));
		napi_enable(&rq->napi);
		snull_rxq_set_napi(dev, i, &rq->napi);
	}
	/* Release: the rings, set up by ndo_open, before we say so. */
	smp_store_release(&priv->rx_ready, true);
}

/*
 * ndo_stop, and ethtool -L on a running device: stop accepting frames,
 * wait until no transmitter of the peer can still be queueing (they test
 * rx_ready under RCU), stop the interrupts, free what is left in the
 * queues and remove the NAPI contexts (one grace period for all of them
 * before snull_rx_enable() may add them again).
 */
void snull_rx_disable(struct snull_priv *priv)
{
	unsigned int i;

	WRITE_ONCE(priv->rx_ready, false);
	synchronize_net();
	for (i = 0; i < priv->dev->real_num_rx_queues; i++) {
		struct snull_rq *rq = &priv->rq[i];

		if (priv->cfg.use_napi) {
			snull_rxq_set_napi(priv->dev, i, NULL);
			napi_disable(&rq->napi);
			xdp_rxq_info_unreg(&rq->xdp_rxq);
			__netif_napi_del(&rq->napi);
		} else {
			irq_work_sync(&rq->irq);
		}
		snull_rxq_purge(rq);
	}
	if (priv->cfg.use_napi)
		synchronize_net();
}
