// SPDX-License-Identifier: GPL-2.0
/*
 * snull_stats.c -- the pair's counters as they are read: the device's
 * totals (ndo_get_stats64), per-queue statistics through the netdev
 * netlink family (netdev_stat_ops, where the kernel has them), and the
 * readers ethtool -S uses.
 *
 * Every frame is counted once, where it is handled: received frames by
 * their receive queue (struct snull_rq, one writer: the queue's consumer),
 * sent ones per CPU and transmit queue (struct snull_txstats).  The
 * totals are the sums over all queues the device has, in use or not, so
 * they never go back when ethtool -L removes queues; the netlink family
 * reports the unused queues' part as the device's base.  The core's
 * tstats hold only what bpf_redirect_peer() delivers to us.
 */
#include <linux/netdevice.h>
#include <linux/overflow.h>
#include <linux/percpu.h>
#include "snull.h"

u64 snull_xstat_read(struct snull_priv *priv, enum snull_xstat idx)
{
	unsigned int start;
	u64 sum = 0, v;
	int cpu;

	for_each_possible_cpu(cpu) {
		const struct snull_xstats *s = per_cpu_ptr(priv->xstats, cpu);

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			v = u64_stats_read(&s->cnt[idx]);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		sum += v;
	}
	return sum;
}

void snull_rq_read(const struct snull_rq *rq, u64 out[SNULL_RQ_COUNT])
{
	unsigned int start, i;

	do {
		start = u64_stats_fetch_begin(&rq->syncp);
		for (i = 0; i < SNULL_RQ_COUNT; i++)
			out[i] = u64_stats_read(&rq->st[i]);
	} while (u64_stats_fetch_retry(&rq->syncp, start));
}

/*
 * Frames a receive queue lost on the way to (or out of) its XDP program:
 * its part of rx_dropped.  What the program dropped is not a loss.
 */
u64 snull_rq_lost(const u64 st[SNULL_RQ_COUNT])
{
	return st[SNULL_RQ_XDP_TX_ERRORS] + st[SNULL_RQ_XDP_REDIRECT_ERRORS] +
	       st[SNULL_RQ_XDP_ALLOC_FAIL] + st[SNULL_RQ_XDP_OVERSIZE];
}

void snull_txq_read(struct snull_priv *priv, unsigned int q,
		    u64 out[SNULL_TQ_COUNT])
{
	u64 v[SNULL_TQ_COUNT];
	unsigned int start, i;
	int cpu;

	memset(out, 0, sizeof(v));
	for_each_possible_cpu(cpu) {
		const struct snull_txstats *s = per_cpu_ptr(priv->txstats, cpu);

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			for (i = 0; i < SNULL_TQ_COUNT; i++)
				v[i] = u64_stats_read(&s->q[q][i]);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		for (i = 0; i < SNULL_TQ_COUNT; i++)
			out[i] += v[i];
	}
}

/*
 * ndo_init: the transmit queues' counters, charged to the creator's
 * memory cgroup like the device.
 */
int snull_stats_init(struct snull_priv *priv)
{
	struct snull_txstats __percpu *s;
	struct snull_txstats *t = NULL;
	size_t size;
	int cpu;

	size = struct_size(t, q, priv->dev->num_tx_queues);
	s = __alloc_percpu_gfp(size, __alignof__(struct snull_txstats),
			       GFP_KERNEL_ACCOUNT | __GFP_NORETRY);
	if (!s)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(s, cpu)->syncp);
	priv->txstats = s;
	return 0;
}

void snull_stats_fini(struct snull_priv *priv)
{
	free_percpu(priv->txstats);
	priv->txstats = NULL;
}

/* Sums over the receive queues, or the transmit queues, [@from, @to). */
static void snull_rx_sum(struct snull_priv *priv, unsigned int from,
			 unsigned int to, u64 sum[SNULL_RQ_COUNT])
{
	u64 v[SNULL_RQ_COUNT];
	unsigned int i;

	memset(sum, 0, sizeof(v));
	for (; from < to; from++) {
		snull_rq_read(&priv->rq[from], v);
		for (i = 0; i < SNULL_RQ_COUNT; i++)
			sum[i] += v[i];
	}
}

static void snull_tx_sum(struct snull_priv *priv, unsigned int from,
			 unsigned int to, u64 sum[SNULL_TQ_COUNT])
{
	u64 v[SNULL_TQ_COUNT];
	unsigned int i;

	memset(sum, 0, sizeof(v));
	for (; from < to; from++) {
		snull_txq_read(priv, from, v);
		for (i = 0; i < SNULL_TQ_COUNT; i++)
			sum[i] += v[i];
	}
}

/*
 * The device's totals: the drops and errors of dev->stats plus what every
 * queue counted.  Called without RTNL, also while the device is being
 * registered or torn down (the counters live from ndo_init to ndo_uninit).
 */
void snull_get_stats64(struct net_device *dev, struct rtnl_link_stats64 *stats)
{
	struct snull_priv *priv = netdev_priv(dev);
	u64 tx[SNULL_TQ_COUNT], rx[SNULL_RQ_COUNT];

	netdev_stats_to_stats64(stats, &dev->stats);
	dev_fetch_sw_netstats(stats, dev->tstats);
	if (!priv->rq || !priv->txstats)
		return;
	snull_rx_sum(priv, 0, dev->num_rx_queues, rx);
	stats->rx_packets += rx[SNULL_RQ_PACKETS];
	stats->rx_bytes += rx[SNULL_RQ_BYTES];
	stats->rx_dropped += snull_rq_lost(rx);
	snull_tx_sum(priv, 0, dev->num_tx_queues, tx);
	stats->tx_packets += tx[SNULL_TQ_PACKETS];
	stats->tx_bytes += tx[SNULL_TQ_BYTES];
	stats->tx_dropped += tx[SNULL_TQ_DROPS];
}

#ifdef SNULL_QSTATS
/*
 * Per-queue statistics (the netdev family's qstats-get; 6.12 and later,
 * not 6.1).  Called under RTNL, so the queue counts hold still.
 */
static void snull_qstats_rx(struct net_device *dev, int idx,
			    struct netdev_queue_stats_rx *rx)
{
	struct snull_priv *priv = netdev_priv(dev);
	u64 v[SNULL_RQ_COUNT];

	snull_rq_read(&priv->rq[idx], v);
	rx->packets = v[SNULL_RQ_PACKETS];
	rx->bytes = v[SNULL_RQ_BYTES];
	rx->alloc_fail = v[SNULL_RQ_XDP_ALLOC_FAIL];
	/* every frame that came in and never left, the program's drops too */
	rx->hw_drops = snull_rq_lost(v) + v[SNULL_RQ_XDP_DROP] +
		       v[SNULL_RQ_XDP_ABORTED];
}

static void snull_qstats_tx(struct net_device *dev, int idx,
			    struct netdev_queue_stats_tx *tx)
{
	struct snull_priv *priv = netdev_priv(dev);
	u64 v[SNULL_TQ_COUNT];

	snull_txq_read(priv, idx, v);
	tx->packets = v[SNULL_TQ_PACKETS];
	tx->bytes = v[SNULL_TQ_BYTES];
	tx->hw_drops = v[SNULL_TQ_DROPS];
	tx->stop = v[SNULL_TQ_STOPS];
	tx->wake = v[SNULL_TQ_WAKES];
}

/*
 * The base: what the queues not in use counted before ethtool -L took
 * them away, frames that came in past the queues (bpf_redirect_peer()),
 * and what is counted per device only: frames dropped on receive (too
 * long for our MTU, purged at ndo_stop) and skb copies that failed.
 */
static void snull_qstats_base(struct net_device *dev,
			      struct netdev_queue_stats_rx *rx,
			      struct netdev_queue_stats_tx *tx)
{
	struct snull_priv *priv = netdev_priv(dev);
	struct rtnl_link_stats64 peer = {};
	u64 v[SNULL_TQ_COUNT], r[SNULL_RQ_COUNT];

	snull_rx_sum(priv, dev->real_num_rx_queues, dev->num_rx_queues, r);
	rx->packets = r[SNULL_RQ_PACKETS];
	rx->bytes = r[SNULL_RQ_BYTES];
	/* frames bpf_redirect_peer() put into our stack, past every queue */
	dev_fetch_sw_netstats(&peer, dev->tstats);
	rx->packets += peer.rx_packets;
	rx->bytes += peer.rx_bytes;
	rx->alloc_fail = snull_xstat_read(priv, SNULL_XS_RX_DROP_NOMEM) +
			 r[SNULL_RQ_XDP_ALLOC_FAIL];
	rx->hw_drops = snull_xstat_read(priv, SNULL_XS_RX_DROP_OVERSIZE) +
		       snull_xstat_read(priv, SNULL_XS_RX_DROP_PURGED) +
		       snull_xstat_read(priv, SNULL_XS_RX_DROP_NOMEM) +
		       snull_rq_lost(r) + r[SNULL_RQ_XDP_DROP] +
		       r[SNULL_RQ_XDP_ABORTED];
	snull_tx_sum(priv, dev->real_num_tx_queues, dev->num_tx_queues, v);
	tx->packets = v[SNULL_TQ_PACKETS];
	tx->bytes = v[SNULL_TQ_BYTES];
	tx->hw_drops = v[SNULL_TQ_DROPS];
	tx->stop = v[SNULL_TQ_STOPS];
	tx->wake = v[SNULL_TQ_WAKES];
}

static const struct netdev_stat_ops snull_stat_ops = {
	.get_queue_stats_rx	= snull_qstats_rx,
	.get_queue_stats_tx	= snull_qstats_tx,
	.get_base_stats		= snull_qstats_base,
};

void snull_stats_set_ops(struct net_device *dev)
{
	dev->stat_ops = &snull_stat_ops;
}
#else
void snull_stats_set_ops(struct net_device *dev)
{
}
#endif
