// SPDX-License-Identifier: GPL-2.0
/*
 * snull_netdev.c -- the sn0/sn1 device pair: net_device_ops, header_ops and
 * the rtnl link ops that create and delete pairs.
 */
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>
#include <net/rtnetlink.h>
#include <net/sch_generic.h>
#include "snull.h"
#include "snull_compat.h"

/* The module's configuration, set once by snull_netdev_init(). */
static struct snull_config snull_cfg;
static struct rtnl_link_ops snull_link_ops;

/* ---- transmit ---- */

/*
 * dev_sw_netstats_tx_add() with IRQs off around the update: in regular
 * mode the device's receive side adds to the same per-CPU counters from a
 * hard IRQ (irq_work), and on a 32-bit SMP kernel that writer must not
 * interrupt this one inside the syncp's write section.  On 64-bit kernels
 * the IRQ save is compiled out.
 */
static void snull_tstats_tx_add(struct net_device *dev, unsigned int len)
{
	struct pcpu_sw_netstats *t = this_cpu_ptr(dev->tstats);
	unsigned long flags;

	flags = u64_stats_update_begin_irqsave(&t->syncp);
	u64_stats_inc(&t->tx_packets);
	u64_stats_add(&t->tx_bytes, len);
	u64_stats_update_end_irqrestore(&t->syncp, flags);
}

static void snull_tx_drop(struct snull_priv *priv, struct sk_buff *skb,
			  enum snull_xstat why)
{
	snull_xstat_inc(priv, why);
	/*
	 * dev->stats, not the core stats: their per-CPU block is allocated
	 * at the first drop, which netpoll's IRQs-off transmit must not do
	 * on PREEMPT_RT (the per-CPU allocator's lock sleeps there).
	 */
	DEV_STATS_INC(priv->dev, tx_dropped);
	dev_kfree_skb_any(skb);
}

/*
 * Whether a qdisc holds our frames: only then may an empty pool stop the
 * queue or hand a frame back (BUSY).  A noqueue device that does either
 * has its frames dropped by the core with a warning, so it drops them
 * itself, counted.
 */
static bool snull_tx_has_qdisc(struct net_device *dev)
{
	/* never NULL: noop_qdisc at least; noqueue has no enqueue */
	return rcu_dereference(netdev_get_tx_queue(dev, 0)->qdisc)->enqueue;
}

/*
 * And never stopped while a netpoll is attached: netpoll finding the
 * queue stopped spins 50 us per try with IRQs off, where the peer's NAPI
 * cannot run to free a slot.  Its frames use the reserve instead; the
 * stack's frames are handed back to the qdisc, which retries them.
 */
static bool snull_tx_can_stop(struct net_device *dev)
{
	return !rcu_access_pointer(dev->npinfo) && snull_tx_has_qdisc(dev);
}

/* Stop the queue once the pool is empty; the peer's receive path wakes it. */
static void snull_tx_stop(struct snull_priv *priv, struct snull_priv *ppriv)
{
	netif_stop_queue(priv->dev);
	snull_xstat_inc(priv, SNULL_XS_TX_QUEUE_STOPS);
	/* A slot may have come back before we stopped: the receive path
	 * gives slots back, then looks at the queue; we stop it, then look at
	 * the slots.
	 */
	snull_pool_wake(priv, ppriv);
}

/* LDD3's lockup simulation: every lockup-th frame the transmit-done
 * interrupt is "lost", the queue stays stopped and the watchdog recovers.
 */
static void snull_tx_maybe_lockup(struct snull_priv *priv)
{
	if (!priv->cfg.lockup ||
	    atomic_inc_return(&priv->tx_count) % priv->cfg.lockup)
		return;
	WRITE_ONCE(priv->tx_locked, true);
	netif_stop_queue(priv->dev);
	snull_xstat_inc(priv, SNULL_XS_TX_LOCKUPS);
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
 * The skb itself crosses to the peer.  Until a slot is taken it is not
 * touched, so a BUSY return hands the qdisc back the frame it gave.
 */
static netdev_tx_t snull_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct snull_priv *priv = netdev_priv(dev);
	bool netpoll = netpoll_tx_running(dev);
	struct snull_priv *ppriv;
	struct net_device *peer;
	unsigned int len, limit;

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

	limit = priv->cfg.pool_size;
	if (unlikely(netpoll))
		limit += SNULL_NETPOLL_RESERVE;
	if (unlikely(!snull_pool_take(ppriv, limit))) {
		if (!netpoll && snull_tx_has_qdisc(dev)) {
			/*
			 * The untouched frame goes back to the qdisc.  With
			 * no netpoll attached the queue stops too: a wake
			 * decided before our last stop can open it on an
			 * empty pool.
			 */
			snull_xstat_inc(priv, SNULL_XS_TX_BUSY_POOL_EMPTY);
			if (snull_tx_can_stop(dev))
				snull_tx_stop(priv, ppriv);
			snull_rx_interrupt(ppriv);
			rcu_read_unlock();
			return NETDEV_TX_BUSY;
		}
		/* of those, netpoll's: the reserve full too */
		if (netpoll)
			snull_xstat_inc(priv, SNULL_XS_TX_DROP_NETPOLL);
		snull_tx_drop(priv, skb, SNULL_XS_TX_DROP_POOL_FULL);
		snull_rx_interrupt(ppriv);
		goto out;
	}
	snull_xstat_inc(priv, SNULL_XS_POOL_TAKEN);
	if (unlikely(atomic_read(&ppriv->rxq_used) > priv->cfg.pool_size))
		snull_xstat_inc(priv, SNULL_XS_TX_NETPOLL_RESERVE);

	/*
	 * pktgen's clone_skb hands us the same skb again and again
	 * (IFF_TX_SKB_SHARING): the peer gets a clone of its own, which
	 * shares the data, never the skb.
	 */
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb)) {
		/* freed by the call */
		snull_pool_give(ppriv, 1);
		snull_xstat_inc(priv, SNULL_XS_TX_DROP_NOMEM);
		DEV_STATS_INC(dev, tx_dropped);
		goto out;
	}
	if (unlikely(!pskb_may_pull(skb, ETH_HLEN))) {
		snull_pool_give(ppriv, 1);
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
			snull_pool_give(ppriv, 1);
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
	 * IRQ context (found by the in-kernel fuzzer: skbuff.c's
	 * DEBUG_NET_WARN_ON_ONCE(in_hardirq())).  Release the socket now,
	 * in our context; the pool still bounds what the sender can queue.
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
		snull_pool_give(ppriv, 1);
		snull_xstat_inc(ppriv, SNULL_XS_RX_DROP_OVERSIZE);
		goto out;
	}
	if (unlikely(snull_rxq_produce(ppriv, skb))) {
		/* Cannot happen: the ring has room for every slot. */
		snull_pool_give(ppriv, 1);
		snull_tx_drop(priv, skb, SNULL_XS_TX_DROP_RXQ_FULL);
		goto out;
	}
	snull_xstat_inc(ppriv, SNULL_XS_RXQ_ENQUEUED);
	snull_tstats_tx_add(dev, len);

	if (unlikely(snull_pool_full(ppriv)) && !netpoll &&
	    snull_tx_can_stop(dev))
		snull_tx_stop(priv, ppriv);
	snull_tx_maybe_lockup(priv);
	/* The frames of a batch share one interrupt, unless the pool is
	 * about to run out.
	 */
	if (!netdev_xmit_more() || netif_queue_stopped(dev) ||
	    snull_pool_full(ppriv))
		snull_rx_interrupt(ppriv);
out:
	rcu_read_unlock();
	return NETDEV_TX_OK;
}

static void snull_tx_timeout(struct net_device *dev, unsigned int txqueue)
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
	if (peer) {
		snull_pool_wake(priv, netdev_priv(peer));
	} else {
		/* nothing to wait for: transmit drops, counted */
		netif_wake_queue(dev);
		snull_xstat_inc(priv, SNULL_XS_TX_QUEUE_WAKES);
	}
	rcu_read_unlock();
}

/* ---- open/stop, carrier ---- */

static int snull_open(struct net_device *dev)
{
	struct snull_priv *priv = netdev_priv(dev);
	struct net_device *peer = rtnl_dereference(priv->peer);
	int err;

	err = snull_pool_init(priv);
	if (err)
		return err;
	WRITE_ONCE(priv->tx_locked, false);
	snull_rx_enable(priv);
	netif_start_queue(dev);
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
	snull_pool_free(priv);
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
	atomic_set(&priv->rxq_used, 0);
	atomic_set(&priv->tx_count, 0);
	snull_napi_init(priv);
	return 0;
}

static void snull_dev_uninit(struct net_device *dev)
{
	struct snull_priv *priv = netdev_priv(dev);

	snull_napi_fini(priv);
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
	.ndo_get_stats64	= dev_get_tstats64,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_get_iflink		= snull_get_iflink,
	.ndo_features_check	= passthru_features_check,
	.ndo_get_peer_dev	= snull_get_peer,
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

	dev->netdev_ops = &snull_netdev_ops;
	dev->ethtool_ops = &snull_ethtool_ops;
	dev->needs_free_netdev = true;
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;
	dev->watchdog_timeo = msecs_to_jiffies(priv->cfg.timeout_ms);
	dev->min_mtu = SNULL_MIN_MTU;
	dev->max_mtu = SNULL_MAX_MTU;

	snull_set_lltx(dev);
	dev->priv_flags |= IFF_LIVE_ADDR_CHANGE;
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

	id = (u32)atomic_inc_return(&snull_pair_seq) * 2;
	peer = alloc_netdev(sizeof(struct snull_priv), "sn%d", NET_NAME_ENUM,
			    snull_setup);
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
