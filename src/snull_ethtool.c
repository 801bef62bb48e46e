// SPDX-License-Identifier: GPL-2.0
/*
 * snull_ethtool.c -- ethtool interface: driver info, link, ring (pool)
 * parameters and the pool/queue/NAPI/drop counters of ethtool -S.
 */
#include <linux/netdevice.h>
#include <linux/ethtool.h>
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

static void snull_get_drvinfo(struct net_device *dev,
			      struct ethtool_drvinfo *info)
{
	strscpy(info->driver, SNULL_DRV_NAME, sizeof(info->driver));
	strscpy(info->version, SNULL_VERSION, sizeof(info->version));
	strscpy(info->bus_info, "virtual", sizeof(info->bus_info));
}

static int snull_get_sset_count(struct net_device *dev, int sset)
{
	if (sset == ETH_SS_STATS)
		return SNULL_XS_COUNT + SNULL_GAUGE_COUNT;
	return -EOPNOTSUPP;
}

static void snull_get_strings(struct net_device *dev, u32 sset, u8 *data)
{
	if (sset != ETH_SS_STATS)
		return;
	memcpy(data, snull_xstat_names, sizeof(snull_xstat_names));
	data += sizeof(snull_xstat_names);
	memcpy(data, snull_gauge_names, sizeof(snull_gauge_names));
}

static void snull_get_ethtool_stats(struct net_device *dev,
				    struct ethtool_stats *stats, u64 *data)
{
	struct snull_priv *priv = netdev_priv(dev);
	struct net_device *peer;
	u64 in_use = 0;
	int i;

	for (i = 0; i < SNULL_XS_COUNT; i++)
		data[i] = snull_xstat_read(priv, i);
	data += SNULL_XS_COUNT;
	/* Our slots in use are counted by the queue they sit in, the peer's. */
	rcu_read_lock();
	peer = rcu_dereference(priv->peer);
	if (peer)
		in_use = atomic_read(&((struct snull_priv *)netdev_priv(peer))->rxq_used);
	rcu_read_unlock();
	data[SNULL_GAUGE_POOL_SIZE] = priv->cfg.pool_size;
	data[SNULL_GAUGE_POOL_IN_USE] = in_use;
	data[SNULL_GAUGE_RXQ_LEN] = atomic_read(&priv->rxq_used);
}

static void snull_get_ringparam(struct net_device *dev,
				struct ethtool_ringparam *ring,
				struct kernel_ethtool_ringparam *kring,
				struct netlink_ext_ack *extack)
{
	struct snull_priv *priv = netdev_priv(dev);

	ring->rx_max_pending = SNULL_POOL_MAX;
	ring->tx_max_pending = SNULL_POOL_MAX;
	ring->rx_pending = priv->cfg.pool_size;
	ring->tx_pending = priv->cfg.pool_size;
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
	.get_sset_count		= snull_get_sset_count,
	.get_strings		= snull_get_strings,
	.get_ethtool_stats	= snull_get_ethtool_stats,
	.get_ts_info		= snull_get_ts_info,
};
