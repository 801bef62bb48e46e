// SPDX-License-Identifier: GPL-2.0
/*
 * snull_netdev.c -- the sn0/sn1 device pair: its lifecycle (open, stop,
 * init, uninit), net_device_ops, header_ops and the rtnl link ops that
 * create and delete pairs.  Transmit is snull_tx.c, receive snull_napi.c.
 */
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>
#include <linux/stringify.h>
#include <net/rtnetlink.h>
#include <net/sch_generic.h>
#include "snull.h"

/* The module's configuration, set once by snull_netdev_init(). */
static struct snull_config snull_cfg;
static struct rtnl_link_ops snull_link_ops;

/* ---- open/stop, carrier ---- */

static int snull_open(struct net_device *dev)
{
	struct snull_priv *priv = netdev_priv(dev);
	struct net_device *peer = rtnl_dereference(priv->peer);
	int err;

	err = snull_pool_init(priv, 0, dev->real_num_rx_queues);
	if (err)
		return err;
	WRITE_ONCE(priv->tx_locked, false);
	snull_rx_enable(priv);
	netif_tx_start_all_queues(dev);
	/* The wire is up when both ends are. */
	if (peer && netif_running(peer)) {
		netif_carrier_on(dev);
		netif_carrier_on(peer);
	}
	return 0;
}

static int snull_stop(struct net_device *dev)
{
	struct snull_priv *priv = netdev_priv(dev);
	struct net_device *peer = rtnl_dereference(priv->peer);

	netif_carrier_off(dev);
	if (peer)
		netif_carrier_off(peer);
	snull_rx_disable(priv);
	snull_pool_free(priv, 0, dev->real_num_rx_queues);
	return 0;
}

/* ---- init/uninit ---- */

static int snull_dev_init(struct net_device *dev)
{
	struct snull_priv *priv = netdev_priv(dev);

	/* Charged to the memory cgroup of whoever creates the pair; over
	 * its limit, ENOMEM rather than the OOM killer.
	 */
	priv->xstats = __netdev_alloc_pcpu_stats(struct snull_xstats,
						 GFP_KERNEL_ACCOUNT | __GFP_NORETRY);
	if (!priv->xstats)
		return -ENOMEM;
	atomic_set(&priv->tx_count, 0);
	if (snull_stats_init(priv))
		goto err_xstats;
	if (snull_napi_init(priv))
		goto err_stats;
	return 0;

err_stats:
	snull_stats_fini(priv);
err_xstats:
	free_percpu(priv->xstats);
	priv->xstats = NULL;
	return -ENOMEM;
}

static void snull_dev_uninit(struct net_device *dev)
{
	struct snull_priv *priv = netdev_priv(dev);

	snull_napi_fini(priv);
	snull_stats_fini(priv);
	free_percpu(priv->xstats);
	priv->xstats = NULL;
}

static struct net_device *snull_get_peer(struct net_device *dev)
{
	struct snull_priv *priv = netdev_priv(dev);

	return rcu_dereference(priv->peer);
}

static int snull_get_iflink(const struct net_device *dev)
{
	struct snull_priv *priv = netdev_priv(dev);
	struct net_device *peer;
	int iflink = 0;

	rcu_read_lock();
	peer = rcu_dereference(priv->peer);
	if (peer)
		iflink = READ_ONCE(peer->ifindex);
	rcu_read_unlock();
	return iflink;
}

static const struct net_device_ops snull_netdev_ops = {
	.ndo_init		= snull_dev_init,
	.ndo_uninit		= snull_dev_uninit,
	.ndo_open		= snull_open,
	.ndo_stop		= snull_stop,
	.ndo_start_xmit		= snull_start_xmit,
	.ndo_tx_timeout		= snull_tx_timeout,
	.ndo_get_stats64	= snull_get_stats64,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_get_iflink		= snull_get_iflink,
	.ndo_features_check	= passthru_features_check,
	.ndo_get_peer_dev	= snull_get_peer,
	.ndo_fix_features	= snull_xdp_fix_features,
#ifdef SNULL_XDP
	.ndo_bpf		= snull_xdp_bpf,
	.ndo_xdp_xmit		= snull_xdp_xmit,
#endif
};

/*
 * snull mode runs with IFF_NOARP, so the neighbour layer has no peer address
 * to give; like LDD3, the header always names the other end of the wire.
 */
static int snull_header_create(struct sk_buff *skb, struct net_device *dev,
			       unsigned short type, const void *daddr,
			       const void *saddr, unsigned int len)
{
	struct snull_priv *priv = netdev_priv(dev);
	struct net_device *peer;
	int ret;

	ret = eth_header(skb, dev, type, daddr, saddr, len);
	rcu_read_lock();
	peer = rcu_dereference(priv->peer);
	if (peer)
		ether_addr_copy(((struct ethhdr *)skb->data)->h_dest,
				peer->dev_addr);
	rcu_read_unlock();
	return ret;
}

static const struct header_ops snull_header_ops = {
	.create		= snull_header_create,
	.parse		= eth_header_parse,
	.cache		= NULL,		/* the peer's address can change */
	.parse_protocol	= eth_header_parse_protocol,
};

/* veth's offloads: whatever the sender's stack built crosses as it is. */
#define SNULL_VLAN_OFFLOADS	(NETIF_F_HW_VLAN_CTAG_TX | NETIF_F_HW_VLAN_CTAG_RX | \
				 NETIF_F_HW_VLAN_STAG_TX | NETIF_F_HW_VLAN_STAG_RX)
#define SNULL_FEATURES		(NETIF_F_SG | NETIF_F_FRAGLIST | NETIF_F_HW_CSUM | \
				 NETIF_F_RXCSUM | NETIF_F_SCTP_CRC | NETIF_F_HIGHDMA | \
				 NETIF_F_GSO_SOFTWARE | NETIF_F_GSO_ENCAP_ALL | \
				 SNULL_VLAN_OFFLOADS)

static void snull_setup(struct net_device *dev)
{
	struct snull_priv *priv = netdev_priv(dev);

	ether_setup(dev);
	priv->cfg = snull_cfg;
	priv->dev = dev;
	priv->tx_pool = priv->cfg.pool_size;
	priv->rx_slots = priv->cfg.pool_size;

	dev->netdev_ops = &snull_netdev_ops;
	dev->ethtool_ops = &snull_ethtool_ops;
	snull_stats_set_ops(dev);
	/* What arrives by bpf_redirect_peer(), which counts it in the
	 * core's tstats (required with ndo_get_peer_dev); our own frames are
	 * counted per queue (snull_stats.c).
	 */
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;
	dev->needs_free_netdev = true;
	dev->watchdog_timeo = msecs_to_jiffies(priv->cfg.timeout_ms);
	dev->min_mtu = SNULL_MIN_MTU;
	dev->max_mtu = SNULL_MAX_MTU;

	snull_set_lltx(dev);
	dev->priv_flags |= IFF_LIVE_ADDR_CHANGE;
	/*
	 * The pair passes the sender's skb itself to the peer, so it cannot
	 * take one its sender will send again (pktgen's clone_skb and burst):
	 * like veth, it says so, and pktgen refuses both.  Then what reaches
	 * transmit is the sender's to give away, even when pktgen still holds
	 * a reference it will only drop.
	 */
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	/*
	 * noqueue, like veth: an empty pool then drops, counted.  The
	 * lockup simulation stops the queue, which needs a qdisc to hold
	 * the frames meanwhile; so does backpressure, for a user who attaches
	 * one (tc qdisc replace dev sn0 root pfifo).
	 */
	if (!priv->cfg.lockup)
		dev->priv_flags |= IFF_NO_QUEUE;
	dev->features |= SNULL_FEATURES;
	dev->hw_features |= SNULL_FEATURES;
	dev->hw_enc_features |= SNULL_FEATURES;
	dev->vlan_features |= SNULL_FEATURES & ~SNULL_VLAN_OFFLOADS;
	dev->mpls_features |= NETIF_F_HW_CSUM | NETIF_F_GSO_SOFTWARE;
	netif_set_tso_max_size(dev, GSO_MAX_SIZE);
	snull_xdp_setup(dev);
	if (priv->cfg.mode == SNULL_MODE_SNULL) {
		dev->flags |= IFF_NOARP;
		dev->header_ops = &snull_header_ops;
	}
}

/* ---- pair creation and deletion ---- */

/*
 * Locally administered unicast 02:53:4e:xx:xx:xx ("SN"): pair n of this
 * module load gets 2n and 2n + 1, so the pair created at load is always
 * 02:53:4e:00:00:00 / 02:53:4e:00:00:01.
 */
static atomic_t snull_pair_seq = ATOMIC_INIT(-1);

static void snull_set_mac(struct net_device *dev, u32 id)
{
	u8 addr[ETH_ALEN] = { 0x02, 0x53, 0x4e };

	if (!is_zero_ether_addr(dev->dev_addr))
		return;		/* given by the user with ip link add */
	addr[3] = id >> 16;
	addr[4] = id >> 8;
	addr[5] = id;
	eth_hw_addr_set(dev, addr);
}

/*
 * GRO off by default, like veth: TSO/GSO skbs arrive already large, and
 * UDP users can still turn it on (ethtool -K snN gro on).
 */
static void snull_gro_off(struct net_device *dev)
{
	dev->features &= ~NETIF_F_GRO;
	dev->wanted_features &= ~NETIF_F_GRO;
	netdev_update_features(dev);
}

/*
 * Register @dev and a new peer in @net, named "sn%d", and tie them together.
 * Called with RTNL held, from newlink and from module init.
 */
static int snull_create_pair(struct net *net, struct net_device *dev,
			     struct netlink_ext_ack *extack)
{
	struct snull_priv *priv = netdev_priv(dev);
	struct net_device *peer;
	struct snull_priv *ppriv;
	u32 id;
	int err;

	if (dev->num_tx_queues > SNULL_MAX_QUEUES ||
	    dev->num_rx_queues > SNULL_MAX_QUEUES) {
		NL_SET_ERR_MSG_MOD(extack,
				   "at most " __stringify(SNULL_MAX_QUEUES) " tx and rx queues");
		return -EINVAL;
	}
	id = (u32)atomic_inc_return(&snull_pair_seq) * 2;
	/* The peer gets as many queues as the device the user asked for. */
	peer = alloc_netdev_mqs(sizeof(struct snull_priv), "sn%d",
				NET_NAME_ENUM, snull_setup, dev->num_tx_queues,
				dev->num_rx_queues);
	if (!peer)
		return -ENOMEM;
	dev_net_set(peer, net);
	peer->rtnl_link_ops = &snull_link_ops;
	ppriv = netdev_priv(peer);
	snull_set_mac(peer, id);
	snull_set_mac(dev, id + 1);

	err = register_netdevice(peer);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "cannot register the peer device");
		free_netdev(peer);
		return err;
	}
	netif_carrier_off(peer);

	if (!dev->rtnl_link_ops)
		dev->rtnl_link_ops = &snull_link_ops;
	err = register_netdevice(dev);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "cannot register the device");
		goto err_unregister_peer;
	}
	netif_carrier_off(dev);

	rcu_assign_pointer(priv->peer, peer);
	rcu_assign_pointer(ppriv->peer, dev);
	snull_gro_off(dev);
	snull_gro_off(peer);
	return 0;

err_unregister_peer:
	unregister_netdevice(peer);
	return err;
}

static int snull_newlink(SNULL_NEWLINK_ARGS)
{
	return snull_create_pair(dev_net(dev), dev, extack);
}

/* Deleting either end deletes the pair, like veth. */
static void snull_dellink(struct net_device *dev, struct list_head *head)
{
	struct snull_priv *priv = netdev_priv(dev);
	struct net_device *peer = rtnl_dereference(priv->peer);

	unregister_netdevice_queue(dev, head);
	if (peer) {
		struct snull_priv *ppriv = netdev_priv(peer);

		RCU_INIT_POINTER(priv->peer, NULL);
		RCU_INIT_POINTER(ppriv->peer, NULL);
		unregister_netdevice_queue(peer, head);
	}
}

static struct net *snull_get_link_net(const struct net_device *dev)
{
	struct snull_priv *priv = netdev_priv(dev);
	struct net_device *peer = rtnl_dereference(priv->peer);

	return peer ? dev_net(peer) : dev_net(dev);
}

static struct rtnl_link_ops snull_link_ops = {
	.kind		= SNULL_DRV_NAME,
	.priv_size	= sizeof(struct snull_priv),
	.setup		= snull_setup,
	.newlink	= snull_newlink,
	.dellink	= snull_dellink,
	.get_link_net	= snull_get_link_net,
};

int __init snull_netdev_init(const struct snull_config *cfg)
{
	struct net_device *dev;
	int err;

	snull_cfg = *cfg;
	err = rtnl_link_register(&snull_link_ops);
	if (err)
		return err;

	dev = alloc_netdev(sizeof(struct snull_priv), "sn%d", NET_NAME_ENUM,
			   snull_setup);
	if (!dev) {
		err = -ENOMEM;
		goto err_unregister_ops;
	}
	dev->rtnl_link_ops = &snull_link_ops;
	dev_net_set(dev, &init_net);

	rtnl_lock();
	err = snull_create_pair(&init_net, dev, NULL);
	rtnl_unlock();
	if (err) {
		free_netdev(dev);
		goto err_unregister_ops;
	}
	return 0;

err_unregister_ops:
	rtnl_link_unregister(&snull_link_ops);
	return err;
}

void snull_netdev_exit(void)
{
	/* Deletes every pair in every namespace, in one unregister batch. */
	rtnl_link_unregister(&snull_link_ops);
}
