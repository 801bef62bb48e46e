// SPDX-License-Identifier: GPL-2.0
/*
 * snull_ethtool.c -- ethtool interface: driver info, link, ring (pool)
 * parameters (ethtool -g/-G), channels (the queue counts, ethtool -l/-L)
 * and the pool/queue/NAPI/drop counters of ethtool -S.
 */
#include <linux/netdevice.h>
#include <linux/ethtool.h>
#include <linux/rtnetlink.h>
#include <linux/stringify.h>
#include "snull.h"

/* Same order as enum snull_xstat; then the gauges. */
static const char snull_xstat_names[SNULL_XS_COUNT][ETH_GSTRING_LEN] = {
	[SNULL_XS_TX_QUEUE_STOPS]	= "tx_queue_stops",
	[SNULL_XS_TX_QUEUE_WAKES]	= "tx_queue_wakes",
	[SNULL_XS_TX_DROP_PEER_DOWN]	= "tx_drop_peer_down",
	[SNULL_XS_TX_BUSY_POOL_EMPTY]	= "tx_busy_pool_empty",
	[SNULL_XS_TX_DROP_POOL_FULL]	= "tx_drop_pool_full",
	[SNULL_XS_TX_DROP_RXQ_FULL]	= "tx_drop_rxq_full",
	[SNULL_XS_TX_DROP_BAD_LEN]	= "tx_drop_bad_len",
	[SNULL_XS_TX_DROP_NOMEM]	= "tx_drop_nomem",
	[SNULL_XS_TX_REWRITES]		= "tx_ipv4_rewrites",
	[SNULL_XS_TX_HEAD_COPIES]	= "tx_head_copies",
	[SNULL_XS_TX_NETPOLL_RESERVE]	= "tx_netpoll_reserve",
	[SNULL_XS_TX_DROP_NETPOLL]	= "tx_drop_netpoll",
	[SNULL_XS_TX_LOCKUPS]		= "tx_lockups",
	[SNULL_XS_TX_TIMEOUTS]		= "tx_timeouts",
	[SNULL_XS_POOL_TAKEN]		= "pool_taken",
	[SNULL_XS_POOL_RETURNED]	= "pool_returned",
	[SNULL_XS_RXQ_ENQUEUED]		= "rxq_enqueued",
	[SNULL_XS_RXQ_DEQUEUED]		= "rxq_dequeued",
	[SNULL_XS_RX_INTERRUPTS]	= "rx_interrupts",
	[SNULL_XS_RX_DROP_PURGED]	= "rx_drop_purged",
	[SNULL_XS_RX_DROP_OVERSIZE]	= "rx_drop_oversize",
	[SNULL_XS_RX_DROP_NOMEM]	= "rx_drop_nomem",
	[SNULL_XS_RX_GRO_HEAD_COPIES]	= "rx_gro_head_copies",
	[SNULL_XS_NAPI_POLLS]		= "napi_polls",
	[SNULL_XS_NAPI_COMPLETES]	= "napi_completes",
	[SNULL_XS_NAPI_BUDGET_EXHAUSTED] = "napi_budget_exhausted",
	[SNULL_XS_NAPI_RESCHEDULES]	= "napi_reschedules",
	[SNULL_XS_XDP_XMIT]		= "xdp_xmit",
	[SNULL_XS_XDP_XMIT_ERRORS]	= "xdp_xmit_errors",
};

enum {
	SNULL_GAUGE_POOL_SIZE,
	SNULL_GAUGE_POOL_IN_USE,
	SNULL_GAUGE_RXQ_LEN,
	SNULL_GAUGE_COUNT
};

static const char snull_gauge_names[SNULL_GAUGE_COUNT][ETH_GSTRING_LEN] = {
	[SNULL_GAUGE_POOL_SIZE]		= "pool_size",
	[SNULL_GAUGE_POOL_IN_USE]	= "pool_in_use",
	[SNULL_GAUGE_RXQ_LEN]		= "rxq_len",
};

static void snull_get_drvinfo(struct net_device *dev,
			      struct ethtool_drvinfo *info)
{
	strscpy(info->driver, SNULL_DRV_NAME, sizeof(info->driver));
	strscpy(info->version, SNULL_VERSION, sizeof(info->version));
	strscpy(info->bus_info, "virtual", sizeof(info->bus_info));
}

/* then, per receive queue in use (enum snull_rqstat's order): */
static const char snull_rq_stat_names[SNULL_RQ_COUNT][ETH_GSTRING_LEN] = {
	[SNULL_RQ_PACKETS]		= "rx_queue_%u_packets",
	[SNULL_RQ_BYTES]		= "rx_queue_%u_bytes",
	[SNULL_RQ_XDP_PACKETS]		= "rx_queue_%u_xdp_packets",
	[SNULL_RQ_XDP_PASS]		= "rx_queue_%u_xdp_pass",
	[SNULL_RQ_XDP_DROP]		= "rx_queue_%u_xdp_drop",
	[SNULL_RQ_XDP_ABORTED]		= "rx_queue_%u_xdp_aborted",
	[SNULL_RQ_XDP_TX]		= "rx_queue_%u_xdp_tx",
	[SNULL_RQ_XDP_TX_ERRORS]	= "rx_queue_%u_xdp_tx_errors",
	[SNULL_RQ_XDP_REDIRECT]		= "rx_queue_%u_xdp_redirect",
	[SNULL_RQ_XDP_REDIRECT_ERRORS]	= "rx_queue_%u_xdp_redirect_errors",
	[SNULL_RQ_XDP_COPIES]		= "rx_queue_%u_xdp_copies",
	[SNULL_RQ_XDP_ALLOC_FAIL]	= "rx_queue_%u_xdp_alloc_fail",
	[SNULL_RQ_XDP_OVERSIZE]		= "rx_queue_%u_xdp_oversize",
};

/* and per transmit queue in use (enum snull_tqstat's order): */
static const char snull_tq_stat_names[SNULL_TQ_COUNT][ETH_GSTRING_LEN] = {
	[SNULL_TQ_PACKETS]	= "tx_queue_%u_packets",
	[SNULL_TQ_BYTES]	= "tx_queue_%u_bytes",
	[SNULL_TQ_DROPS]	= "tx_queue_%u_drops",
	[SNULL_TQ_STOPS]	= "tx_queue_%u_stops",
	[SNULL_TQ_WAKES]	= "tx_queue_%u_wakes",
};

/* ethtool calls count, strings and stats under RTNL, as ethtool -L does */
static int snull_get_sset_count(struct net_device *dev, int sset)
{
	if (sset == ETH_SS_STATS)
		return SNULL_XS_COUNT + SNULL_GAUGE_COUNT +
		       SNULL_RQ_COUNT * dev->real_num_rx_queues +
		       SNULL_TQ_COUNT * dev->real_num_tx_queues;
	return -EOPNOTSUPP;
}

static void snull_get_strings(struct net_device *dev, u32 sset, u8 *data)
{
	unsigned int q, i;

	if (sset != ETH_SS_STATS)
		return;
	memcpy(data, snull_xstat_names, sizeof(snull_xstat_names));
	data += sizeof(snull_xstat_names);
	memcpy(data, snull_gauge_names, sizeof(snull_gauge_names));
	data += sizeof(snull_gauge_names);
	for (q = 0; q < dev->real_num_rx_queues; q++)
		for (i = 0; i < SNULL_RQ_COUNT; i++)
			ethtool_sprintf(&data, snull_rq_stat_names[i], q);
	for (q = 0; q < dev->real_num_tx_queues; q++)
		for (i = 0; i < SNULL_TQ_COUNT; i++)
			ethtool_sprintf(&data, snull_tq_stat_names[i], q);
}

static void snull_get_ethtool_stats(struct net_device *dev,
				    struct ethtool_stats *stats, u64 *data)
{
	struct snull_priv *priv = netdev_priv(dev);
	struct net_device *peer;
	u64 in_use = 0, tq[SNULL_TQ_COUNT];
	unsigned int q;
	int i;

	for (i = 0; i < SNULL_XS_COUNT; i++)
		data[i] = snull_xstat_read(priv, i);
	data += SNULL_XS_COUNT;
	/* Our slots in use are counted by the queues they sit in, the peer's. */
	rcu_read_lock();
	peer = rcu_dereference(priv->peer);
	if (peer)
		in_use = snull_rxq_in_use(netdev_priv(peer));
	rcu_read_unlock();
	data[SNULL_GAUGE_POOL_SIZE] = READ_ONCE(priv->tx_pool);
	data[SNULL_GAUGE_POOL_IN_USE] = in_use;
	data[SNULL_GAUGE_RXQ_LEN] = snull_rxq_in_use(priv);
	data += SNULL_GAUGE_COUNT;
	for (q = 0; q < dev->real_num_rx_queues; q++) {
		snull_rq_read(&priv->rq[q], data);
		data += SNULL_RQ_COUNT;
	}
	for (q = 0; q < dev->real_num_tx_queues; q++) {
		snull_txq_read(priv, q, tq);
		for (i = 0; i < SNULL_TQ_COUNT; i++)
			data[i] = tq[i];
		data += SNULL_TQ_COUNT;
	}
}

static void snull_get_ringparam(struct net_device *dev,
				struct ethtool_ringparam *ring,
				struct kernel_ethtool_ringparam *kring,
				struct netlink_ext_ack *extack)
{
	struct snull_priv *priv = netdev_priv(dev);

	ring->rx_max_pending = SNULL_POOL_MAX;
	ring->tx_max_pending = SNULL_POOL_MAX;
	ring->rx_pending = priv->rx_slots;
	ring->tx_pending = READ_ONCE(priv->tx_pool);
}

/*
 * ethtool -G (RTNL held; the core checked the maxima): tx, the frames we
 * may have in flight to each queue of the peer, takes effect at once; rx,
 * the frames each of our queues holds, resizes the rings of a running
 * device with receive stopped for the moment (the frames waiting in them
 * are dropped, counted as rx_drop_purged, as ethtool -L does).
 */
static int snull_set_ringparam(struct net_device *dev,
			       struct ethtool_ringparam *ring,
			       struct kernel_ethtool_ringparam *kring,
			       struct netlink_ext_ack *extack)
{
	struct snull_priv *priv = netdev_priv(dev);
	struct net_device *peer;
	int err = 0;

	if (ring->rx_pending < SNULL_POOL_MIN || ring->tx_pending < SNULL_POOL_MIN) {
		NL_SET_ERR_MSG_MOD(extack, "rx and tx rings hold at least "
				   __stringify(SNULL_POOL_MIN) " frames");
		return -EINVAL;
	}
	if (ring->rx_pending != priv->rx_slots) {
		if (netif_running(dev)) {
			snull_rx_disable(priv);
			err = snull_pool_resize(priv, ring->rx_pending);
			snull_rx_enable(priv);
			if (err)
				NL_SET_ERR_MSG_MOD(extack, "no memory for the larger rings");
		} else {
			priv->rx_slots = ring->rx_pending;
		}
	}
	WRITE_ONCE(priv->tx_pool, ring->tx_pending);
	/* Queues an empty pool stopped may have room now, both ways. */
	peer = rtnl_dereference(priv->peer);
	if (peer) {
		rcu_read_lock();
		snull_tx_wake_all(priv, netdev_priv(peer));
		snull_tx_wake_all(netdev_priv(peer), priv);
		rcu_read_unlock();
	}
	return err;
}

/*
 * Channels as a NIC reports them: a combined channel is a transmit queue
 * and the receive queue of the same number; receive or transmit queues
 * beyond the other count are channels of their own.
 */
static void snull_get_channels(struct net_device *dev,
			       struct ethtool_channels *ch)
{
	ch->max_combined = min(dev->num_rx_queues, dev->num_tx_queues);
	ch->max_rx = dev->num_rx_queues - ch->max_combined;
	ch->max_tx = dev->num_tx_queues - ch->max_combined;
	ch->combined_count = min(dev->real_num_rx_queues,
				 dev->real_num_tx_queues);
	ch->rx_count = dev->real_num_rx_queues - ch->combined_count;
	ch->tx_count = dev->real_num_tx_queues - ch->combined_count;
}

/*
 * ethtool -L (RTNL held; the core checked the counts against the maxima
 * and that one receive queue remains).  On a running device the rings of
 * new queues are allocated first, so that running out of memory changes
 * nothing; then receive stops for the moment the counts change (the peer
 * drops meanwhile, counted as tx_drop_peer_down) and restarts on the new
 * queues.
 */
static int snull_set_channels(struct net_device *dev,
			      struct ethtool_channels *ch)
{
	unsigned int rx = ch->combined_count + ch->rx_count;
	unsigned int tx = ch->combined_count + ch->tx_count;
	unsigned int old = dev->real_num_rx_queues;
	struct snull_priv *priv = netdev_priv(dev);
	struct net_device *peer;
	int err;

	if (!tx)
		return -EINVAL;
	if (!netif_running(dev))
		return netif_set_real_num_queues(dev, tx, rx);
	if (rx > old) {
		err = snull_pool_init(priv, old, rx);
		if (err)
			return err;
	}
	snull_rx_disable(priv);
	err = netif_set_real_num_queues(dev, tx, rx);
	if (err) {
		if (rx > old)
			snull_pool_free(priv, old, rx);
	} else if (rx < old) {
		snull_pool_free(priv, rx, old);
	}
	snull_rx_enable(priv);
	peer = rtnl_dereference(priv->peer);
	if (peer) {
		rcu_read_lock();
		snull_tx_wake_all(netdev_priv(peer), priv);
		snull_tx_wake_all(priv, netdev_priv(peer));
		rcu_read_unlock();
	}
	return err;
}

static int snull_get_link_ksettings(struct net_device *dev,
				    struct ethtool_link_ksettings *cmd)
{
	cmd->base.speed = SPEED_UNKNOWN;
	cmd->base.duplex = DUPLEX_FULL;
	cmd->base.port = PORT_OTHER;
	cmd->base.autoneg = AUTONEG_DISABLE;
	return 0;
}

static int snull_get_ts_info(struct net_device *dev,
			     struct snull_ethtool_ts_info *info)
{
	/* skb_tx_timestamp() in xmit gives software TX timestamps. */
	return ethtool_op_get_ts_info(dev, info);
}

const struct ethtool_ops snull_ethtool_ops = {
	.get_drvinfo		= snull_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_link_ksettings	= snull_get_link_ksettings,
	.get_ringparam		= snull_get_ringparam,
	.set_ringparam		= snull_set_ringparam,
	.get_channels		= snull_get_channels,
	.set_channels		= snull_set_channels,
	.get_sset_count		= snull_get_sset_count,
	.get_strings		= snull_get_strings,
	.get_ethtool_stats	= snull_get_ethtool_stats,
	.get_ts_info		= snull_get_ts_info,
};
