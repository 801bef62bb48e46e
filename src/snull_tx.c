// SPDX-License-Identifier: GPL-2.0
/*
 * snull_tx.c -- the pair's transmit side: a frame handed to the peer's
 * receive queue without a copy (its head made private where the LDD3
 * address rewrite or a shared clone needs it), holding a slot of the peer's
 * pool, the queue stopped and woken with the pool (backpressure),
 * netpoll's reserve, the simulated lockup and the transmit timeout.  What
 * goes out on transmit queue n goes to the peer's receive queue n modulo
 * its queue count.  The
 * receive side is snull_napi.c, the pool snull_pool.c.
 */
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/netpoll.h>
#include <net/sch_generic.h>
#include "snull.h"

/*
 * A frame sent on transmit queue @q: its packet and byte counts in one
 * update (see snull_txq_add() for the IRQs).
 */
static void snull_tx_count(struct snull_priv *priv, unsigned int q,
			   unsigned int len)
{
	struct snull_txstats *s = this_cpu_ptr(priv->txstats);
	unsigned long flags;

	flags = u64_stats_update_begin_irqsave(&s->syncp);
	u64_stats_inc(&s->q[q][SNULL_TQ_PACKETS]);
	u64_stats_add(&s->q[q][SNULL_TQ_BYTES], len);
	u64_stats_update_end_irqrestore(&s->syncp, flags);
}

/*
 * A frame dropped on its transmit queue, counted there (the device's
 * tx_dropped is their sum) and by why.  Not the core's per-CPU drop
 * counters: their block is allocated at the first drop, which netpoll's
 * IRQs-off transmit must not do on PREEMPT_RT (the per-CPU allocator's
 * lock sleeps there).
 */
static void snull_tx_drop(struct snull_priv *priv, struct sk_buff *skb,
			  enum snull_xstat why)
{
	snull_xstat_inc(priv, why);
	snull_txq_add(priv, skb_get_queue_mapping(skb), SNULL_TQ_DROPS, 1);
	dev_kfree_skb_any(skb);
}

/*
 * Whether a qdisc holds our frames: only then may an empty pool stop the
 * queue or hand a frame back (BUSY).  A noqueue device that does either
 * has its frames dropped by the core with a warning, so it drops them
 * itself, counted.
 */
static bool snull_tx_has_qdisc(struct netdev_queue *txq)
{
	/* never NULL: noop_qdisc at least; noqueue has no enqueue */
	return rcu_dereference(txq->qdisc)->enqueue;
}

/*
 * And never stopped while a netpoll is attached: netpoll finding the
 * queue stopped spins 50 us per try with IRQs off, where the peer's NAPI
 * cannot run to free a slot.  Its frames use the reserve instead; the
 * stack's frames are handed back to the qdisc, which retries them.
 */
static bool snull_tx_can_stop(struct net_device *dev,
			      struct netdev_queue *txq)
{
	return !rcu_access_pointer(dev->npinfo) && snull_tx_has_qdisc(txq);
}

/*
 * Stop transmit queue @qidx once the pool of the peer's queue @rq is empty;
 * the peer's receive path wakes it.
 */
static void snull_tx_stop(struct snull_priv *priv, unsigned int qidx,
			  struct snull_rq *rq)
{
	netif_tx_stop_queue(netdev_get_tx_queue(priv->dev, qidx));
	snull_xstat_inc(priv, SNULL_XS_TX_QUEUE_STOPS);
	snull_txq_add(priv, qidx, SNULL_TQ_STOPS, 1);
	/* A slot may have come back before we stopped: the receive path
	 * gives slots back, then looks at the queue; we stop it, then look at
	 * the slots.
	 */
	snull_pool_wake(priv, rq);
}

/*
 * Every transmit queue of @tx that an empty pool (or the lockup) stopped
 * and whose peer queue @rx has slots again: after a transmit timeout, and
 * once the peer's queues changed (ethtool -L).
 */
void snull_tx_wake_all(struct snull_priv *tx, struct snull_priv *rx)
{
	unsigned int i;

	if (!READ_ONCE(rx->rx_ready))
		return;
	for (i = 0; i < READ_ONCE(rx->dev->real_num_rx_queues); i++)
		snull_pool_wake(tx, &rx->rq[i]);
}

/* LDD3's lockup simulation: every lockup-th frame the transmit-done
 * interrupt is "lost", the queue stays stopped and the watchdog recovers.
 */
static bool snull_tx_maybe_lockup(struct snull_priv *priv)
{
	if (!priv->cfg.lockup ||
	    atomic_inc_return(&priv->tx_count) % priv->cfg.lockup)
		return false;
	WRITE_ONCE(priv->tx_locked, true);
	netif_tx_stop_all_queues(priv->dev);
	snull_xstat_inc(priv, SNULL_XS_TX_LOCKUPS);
	return true;
}

/*
 * snull mode writes the IPv4 header of a frame that may be a clone (a tap
 * on the sender, pktgen's shared skb), whose data is the sender's.  Making
 * a clone's headers writable copies its whole linear part: 9 KB for a
 * jumbo frame, to change 8 bytes.  A large linear frame instead gets a new
 * skb holding a private copy of its first SNULL_HEAD_COPY bytes, with the
 * clone, pulled past them, as its frag_list: still one frame, nothing of
 * the sender's written, the rest of the data shared.
 */
#define SNULL_HEAD_COPY		128	/* Ethernet, IPv4 with options, TCP/UDP check */
#define SNULL_HEAD_SPLIT_MIN	512	/* below this, copying the head costs less */

static struct sk_buff *snull_private_head(struct snull_priv *priv,
					  struct sk_buff *skb)
{
	struct sk_buff *head;

	if (!skb_cloned(skb) || skb_headlen(skb) < SNULL_HEAD_SPLIT_MIN ||
	    skb_is_gso(skb) || skb_has_frag_list(skb) ||
	    ((struct ethhdr *)skb->data)->h_proto != htons(ETH_P_IP))
		return skb;	/* the rewrite makes what it writes private */
	/* The checksum still to be completed must lie in the new head. */
	if (skb->ip_summed == CHECKSUM_PARTIAL &&
	    skb_checksum_start_offset(skb) + skb->csum_offset + sizeof(__sum16) >
	    SNULL_HEAD_COPY)
		return skb;

	head = alloc_skb(skb_headroom(skb) + SNULL_HEAD_COPY, GFP_ATOMIC);
	if (!head)
		return skb;	/* the rewrite copies the whole head instead */
	/* Same headroom, so the header offsets copied below stay right. */
	skb_reserve(head, skb_headroom(skb));
	skb_put_data(head, skb->data, SNULL_HEAD_COPY);
	skb_copy_header(head, skb);
	__skb_pull(skb, SNULL_HEAD_COPY);
	skb_shinfo(head)->frag_list = skb;
	head->data_len = skb->len;
	head->len += skb->len;
	/*
	 * The sender's socket charge ends here, through the destructor of the
	 * skb it was taken for (which may need that skb's own shared info).
	 * A frame crossing whole keeps it only until the receiver's IP layer
	 * orphans it; held by the tail it would last until the receiving
	 * application reads the frame, so a slow reader would stall the
	 * sender.  The pool still bounds what is in flight.  Nothing else of
	 * the tail may pin the sender's namespace: __dev_forward_skb()
	 * scrubs only the new skb, which took copies of dst and conntrack.
	 */
	skb_orphan(skb);
	skb_scrub_packet(skb, false);
	head->truesize += skb->truesize;
	snull_xstat_inc(priv, SNULL_XS_TX_HEAD_COPIES);
	return head;
}

/*
 * Runs with BHs off, or with IRQs off under netpoll, on any number of CPUs
 * at once (LLTX): no sleeping, no printk, only IRQ-safe ring operations.
 * The skb itself crosses to the peer.  Until the pool was found short of
 * full it is not touched, so a BUSY return hands the qdisc back the frame
 * it gave.
 */
netdev_tx_t snull_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct snull_priv *priv = netdev_priv(dev);
	bool netpoll = netpoll_tx_running(dev);
	struct netdev_queue *txq;
	struct snull_priv *ppriv;
	struct net_device *peer;
	unsigned int len, limit, qidx;
	struct snull_rq *rq;
	bool kick;

	rcu_read_lock();
	peer = rcu_dereference(priv->peer);
	if (unlikely(!peer)) {
		snull_tx_drop(priv, skb, SNULL_XS_TX_DROP_PEER_DOWN);
		goto out;
	}
	ppriv = netdev_priv(peer);
	/* Acquire: the peer's ring is set up before it says it is ready. */
	if (unlikely(!smp_load_acquire(&ppriv->rx_ready))) {
		snull_tx_drop(priv, skb, SNULL_XS_TX_DROP_PEER_DOWN);
		goto out;
	}
	/* A runt; the header is pulled only once the skb is ours alone. */
	if (unlikely(skb->len < ETH_HLEN)) {
		snull_tx_drop(priv, skb, SNULL_XS_TX_DROP_BAD_LEN);
		goto out;
	}
	/*
	 * Like veth: the receiver takes what fits its MTU (plus one VLAN
	 * tag), whatever the sender's MTU allowed; GSO skbs are segmented
	 * to fit wherever they go next.
	 */
	if (unlikely(!is_skb_forwardable(peer, skb))) {
		snull_xstat_inc(ppriv, SNULL_XS_RX_DROP_OVERSIZE);
		DEV_STATS_INC(peer, rx_dropped);
		dev_kfree_skb_any(skb);
		goto out;
	}

	qidx = skb_get_queue_mapping(skb);
	txq = netdev_get_tx_queue(dev, qidx);
	rq = snull_peer_rq(ppriv, qidx);
	limit = snull_pool_limit(priv, rq);
	if (unlikely(netpoll))
		limit += SNULL_NETPOLL_RESERVE;
	/* A look, not a take: the frame is queued below (snull_pool.c). */
	if (unlikely(snull_rq_used(rq) >= limit)) {
		if (!netpoll && snull_tx_has_qdisc(txq)) {
			/*
			 * The untouched frame goes back to the qdisc.  With
			 * no netpoll attached the queue stops too: a wake
			 * decided before our last stop can open it on an
			 * empty pool.
			 */
			snull_xstat_inc(priv, SNULL_XS_TX_BUSY_POOL_EMPTY);
			if (snull_tx_can_stop(dev, txq))
				snull_tx_stop(priv, qidx, rq);
			snull_rx_interrupt(rq);
			rcu_read_unlock();
			return NETDEV_TX_BUSY;
		}
		/* of those, netpoll's: the reserve full too */
		if (netpoll)
			snull_xstat_inc(priv, SNULL_XS_TX_DROP_NETPOLL);
		snull_tx_drop(priv, skb, SNULL_XS_TX_DROP_POOL_FULL);
		snull_rx_interrupt(rq);
		goto out;
	}

	if (unlikely(!pskb_may_pull(skb, ETH_HLEN))) {
		snull_tx_drop(priv, skb, SNULL_XS_TX_DROP_NOMEM);
		goto out;
	}

	skb_tx_timestamp(skb);
	if (priv->cfg.mode == SNULL_MODE_SNULL) {
		skb = snull_private_head(priv, skb);
		switch (snull_rewrite_ipv4(skb)) {
		case SNULL_RW_DONE:
			snull_xstat_inc(priv, SNULL_XS_TX_REWRITES);
			break;
		case SNULL_RW_NOMEM:
			snull_tx_drop(priv, skb, SNULL_XS_TX_DROP_NOMEM);
			goto out;
		default:
			break;
		}
	}

	/*
	 * A peer in regular mode hands the frame to netif_rx() from a hard
	 * interrupt, and a frame netif_rx() drops (backlog full) is freed
	 * right there: the sending socket's destructor must not run in hard
	 * IRQ context (skbuff.c warns: DEBUG_NET_WARN_ON_ONCE(in_hardirq())).
	 * Release the socket now, in our context; the pool still bounds
	 * what the sender can queue.
	 * NAPI delivers in softirq, where the destructor may run: the
	 * sender keeps its backpressure there, as on veth.
	 */
	if (!ppriv->cfg.use_napi)
		skb_orphan(skb);

	len = skb->len;
	/* Scrubs what must not cross (dst, conntrack, and across namespaces
	 * mark and timestamp) and pulls the Ethernet header for the peer.
	 */
	if (unlikely(__dev_forward_skb(peer, skb) != NET_RX_SUCCESS)) {
		/* Freed and counted in the peer's rx_dropped by the call:
		 * the peer went down or shrank its MTU since we looked.
		 */
		snull_xstat_inc(ppriv, SNULL_XS_RX_DROP_OVERSIZE);
		goto out;
	}
	/*
	 * The frames of a batch share one interrupt, unless the pool is
	 * about to run out.
	 */
	kick = !netdev_xmit_more() || netif_xmit_stopped(txq) ||
	       snull_rq_used(rq) + 1 >= snull_pool_limit(priv, rq);
	if (unlikely(snull_rxq_produce(rq, skb, kick))) {
		/* Cannot happen: the ring has room for every slot. */
		snull_tx_drop(priv, skb, SNULL_XS_TX_DROP_RXQ_FULL);
		goto out;
	}
	snull_xstat_inc(priv, SNULL_XS_POOL_TAKEN);
	if (unlikely(snull_rq_used(rq) > snull_pool_limit(priv, rq)))
		snull_xstat_inc(priv, SNULL_XS_TX_NETPOLL_RESERVE);
	snull_xstat_inc(ppriv, SNULL_XS_RXQ_ENQUEUED);
	snull_tx_count(priv, qidx, len);

	if (unlikely(snull_pool_full(priv, rq)) && !netpoll &&
	    snull_tx_can_stop(dev, txq)) {
		snull_tx_stop(priv, qidx, rq);
		snull_rx_interrupt(rq);
	}
	/* no more frames come to end the batch */
	if (unlikely(snull_tx_maybe_lockup(priv)) && !kick)
		snull_rx_interrupt(rq);
out:
	rcu_read_unlock();
	return NETDEV_TX_OK;
}

void snull_tx_timeout(struct net_device *dev, unsigned int txqueue)
{
	struct snull_priv *priv = netdev_priv(dev);
	struct net_device *peer;

	DEV_STATS_INC(dev, tx_errors);
	snull_xstat_inc(priv, SNULL_XS_TX_TIMEOUTS);
	netdev_info(dev, "transmit timeout on queue %u, restarting (%s)\n",
		    txqueue, READ_ONCE(priv->tx_locked) ?
		    "simulated lockup" : "pool empty");
	WRITE_ONCE(priv->tx_locked, false);
	rcu_read_lock();
	peer = rcu_dereference(priv->peer);
	if (peer && READ_ONCE(((struct snull_priv *)netdev_priv(peer))->rx_ready)) {
		snull_tx_wake_all(priv, netdev_priv(peer));
	} else {
		/* nothing to wait for: transmit drops, counted */
		netif_tx_wake_all_queues(dev);
		snull_xstat_inc(priv, SNULL_XS_TX_QUEUE_WAKES);
	}
	rcu_read_unlock();
}
