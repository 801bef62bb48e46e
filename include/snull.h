/* SPDX-License-Identifier: GPL-2.0 */
/*
 * snull.h -- the pair's half of snull.ko: its configuration, struct
 * snull_priv, and what its objects (snull_netdev.c, snull_tx.c,
 * snull_napi.c, snull_pool.c, snull_ethtool.c) call in each other.  The
 * client's half is snull_nc.h; the two share only snull_pure.h and
 * snull_compat.h.
 */
#ifndef _SNULL_H
#define _SNULL_H

#include <linux/netdevice.h>
#include <linux/ptr_ring.h>
#include <linux/irq_work.h>
#include <linux/u64_stats_sync.h>
#include <linux/if_vlan.h>
#include <net/xdp.h>
#include "snull_pure.h"
#include "snull_compat.h"

/* ---- module configuration: snull_main.c ---- */

struct snull_config {
	enum snull_mode mode;
	bool use_napi;
	unsigned int pool_size;
	unsigned int lockup;
	unsigned int timeout_ms;
	unsigned int napi_weight;
};

struct snull_priv;

/* Extra counters shown by ethtool -S; see snull_ethtool.c for names. */
enum snull_xstat {
	SNULL_XS_TX_QUEUE_STOPS,
	SNULL_XS_TX_QUEUE_WAKES,
	SNULL_XS_TX_DROP_PEER_DOWN,
	SNULL_XS_TX_BUSY_POOL_EMPTY,
	SNULL_XS_TX_DROP_POOL_FULL,
	SNULL_XS_TX_DROP_RXQ_FULL,
	SNULL_XS_TX_DROP_BAD_LEN,
	SNULL_XS_TX_DROP_NOMEM,
	SNULL_XS_TX_REWRITES,
	SNULL_XS_TX_HEAD_COPIES,
	SNULL_XS_TX_NETPOLL_RESERVE,
	SNULL_XS_TX_DROP_NETPOLL,
	SNULL_XS_TX_LOCKUPS,
	SNULL_XS_TX_TIMEOUTS,
	SNULL_XS_POOL_TAKEN,
	SNULL_XS_POOL_RETURNED,
	SNULL_XS_RXQ_ENQUEUED,
	SNULL_XS_RXQ_DEQUEUED,
	SNULL_XS_RX_INTERRUPTS,
	SNULL_XS_RX_DROP_PURGED,
	SNULL_XS_RX_DROP_OVERSIZE,
	SNULL_XS_RX_DROP_NOMEM,
	SNULL_XS_RX_GRO_HEAD_COPIES,
	SNULL_XS_NAPI_POLLS,
	SNULL_XS_NAPI_COMPLETES,
	SNULL_XS_NAPI_BUDGET_EXHAUSTED,
	SNULL_XS_NAPI_RESCHEDULES,
	SNULL_XS_XDP_XMIT,
	SNULL_XS_XDP_XMIT_ERRORS,
	SNULL_XS_COUNT
};

struct snull_xstats {
	u64_stats_t cnt[SNULL_XS_COUNT];
	struct u64_stats_sync syncp;
};

/* What each transmit queue counts (netdev qstats, ethtool -S). */
enum snull_tqstat {
	SNULL_TQ_PACKETS,
	SNULL_TQ_BYTES,
	SNULL_TQ_DROPS,
	SNULL_TQ_STOPS,
	SNULL_TQ_WAKES,
	SNULL_TQ_COUNT
};

/*
 * One CPU's counts for every transmit queue of a device.  Per CPU, not
 * per queue: with LLTX several CPUs may transmit on one queue at once.
 */
struct snull_txstats {
	struct u64_stats_sync syncp;
	u64_stats_t q[][SNULL_TQ_COUNT];
};

/*
 * What each receive queue counts: every frame that arrived, then what
 * the XDP program (if any) made of those it ran on, and why frames were
 * lost on their way to it (netdev qstats, ethtool -S, rtnl totals).
 */
enum snull_rqstat {
	SNULL_RQ_PACKETS,
	SNULL_RQ_BYTES,
	SNULL_RQ_XDP_PACKETS,
	SNULL_RQ_XDP_PASS,
	SNULL_RQ_XDP_DROP,
	SNULL_RQ_XDP_ABORTED,
	SNULL_RQ_XDP_TX,
	SNULL_RQ_XDP_TX_ERRORS,
	SNULL_RQ_XDP_REDIRECT,
	SNULL_RQ_XDP_REDIRECT_ERRORS,
	SNULL_RQ_XDP_COPIES,
	SNULL_RQ_XDP_ALLOC_FAIL,
	SNULL_RQ_XDP_OVERSIZE,
	SNULL_RQ_COUNT
};

/* Queues a device may have (ip link add numtxqueues/numrxqueues, ethtool -L) */
#define SNULL_MAX_QUEUES	64

/**
 * struct snull_rq - one receive queue of a device: what the peer sent on
 *	its transmit queues of the same number modulo our queue count
 * @priv: the device it belongs to
 * @ring: FIFO of the skbs the peer sent, and of the XDP frames it sent
 *	by XDP_TX, XDP_REDIRECT or ndo_xdp_xmit() (snull_ptr_is_xdpf()),
 *	waiting for this queue's NAPI (or interrupt).  Its producers take
 *	@lock, not the ring's own producer lock: netpoll transmits with IRQs
 *	off, where PREEMPT_RT's spinlock_t would sleep.  Exists only while
 *	the device is up.
 * @lock: the producers' lock of @ring (raw: see @ring); also guards
 *	@irq_masked
 * @produced: frames queued on @ring (written under @lock)
 * @consumed: frames taken off it (written by the queue's one consumer).
 *	The difference is the slots of the peer's pool in use
 *	(snull_rq_used()): the driver's own count, not the ring's (a
 *	ptr_ring frees its slots lazily, in batches); kept with the queue
 *	so that purging it needs no peer.
 * @irq_masked: the simulated receive interrupt is masked (NAPI mode)
 * @index: the queue's number
 * @napi: the NAPI context the simulated interrupt schedules (NAPI mode,
 *	only while the queue is in use: snull_rx_enable())
 * @irq: the simulated interrupt of regular (non-NAPI) mode
 * @xdp_rxq: the queue as XDP programs see it (NAPI mode, while in use)
 * @pp: the page_pool an skb is copied into when XDP needs it to be
 *	private, linear and with XDP's headroom (only while a program is
 *	attached and the queue in use)
 * @syncp: guards @st, written by the queue's one consumer
 * @st: the queue's counts (enum snull_rqstat); bytes as the sender
 *	counted them, Ethernet header included
 */
struct snull_rq {
	struct snull_priv *priv;
	struct ptr_ring ring;
	raw_spinlock_t lock;
	unsigned int produced;
	unsigned int consumed;
	bool irq_masked;
	unsigned int index;
	struct napi_struct napi;
	struct irq_work irq;
	struct xdp_rxq_info xdp_rxq;
	struct page_pool *pp;
	struct u64_stats_sync syncp;
	u64_stats_t st[SNULL_RQ_COUNT];
} ____cacheline_aligned_in_smp;

/**
 * struct snull_priv - one device of a pair (its netdev_priv())
 * @dev: the device itself
 * @peer: the other device of the pair; NULL once it is being deleted
 *	(RCU: transmit reads it under rcu_read_lock())
 * @cfg: the module's configuration, copied at creation
 * @rq: the receive queues, dev->num_rx_queues of them; the first
 *	dev->real_num_rx_queues are in use
 * @rx_ready: the receive queues accept frames (the device is open)
 * @tx_locked: a simulated transmitter lockup is in progress
 * @tx_count: frames sent, counted towards the lockup period
 * @xstats: per-CPU counters shown by ethtool -S (enum snull_xstat)
 * @txstats: per-CPU counters of each transmit queue, dev->num_tx_queues
 *	of them (enum snull_tqstat)
 * @xdp_prog: the native XDP program, run by every receive queue's NAPI
 *	(RCU; set under RTNL)
 * @tx_pool: frames we may have in flight to each receive queue of the
 *	peer (ethtool -G tx; pool_size at creation)
 * @rx_slots: frames each of our receive queues holds for the peer
 *	(ethtool -G rx; changed only while receive is disabled)
 */
struct snull_priv {
	struct net_device *dev;
	struct net_device __rcu *peer;
	struct snull_config cfg;
	struct snull_rq *rq;
	bool rx_ready;
	bool tx_locked;
	atomic_t tx_count;
	struct snull_xstats __percpu *xstats;
	struct snull_txstats __percpu *txstats;
	struct bpf_prog __rcu *xdp_prog;
	unsigned int tx_pool;
	unsigned int rx_slots;
};

/*
 * A receive ring holds skbs and XDP frames; the frames are marked in the
 * pointer's low bit (both are at least word aligned).
 */
#define SNULL_PTR_XDPF		1UL

static inline bool snull_ptr_is_xdpf(const void *ptr)
{
	return (unsigned long)ptr & SNULL_PTR_XDPF;
}

static inline struct xdp_frame *snull_ptr_to_xdpf(void *ptr)
{
	return (struct xdp_frame *)((unsigned long)ptr & ~SNULL_PTR_XDPF);
}

static inline void *snull_xdpf_to_ptr(struct xdp_frame *frame)
{
	return (void *)((unsigned long)frame | SNULL_PTR_XDPF);
}

/* Slots of the sender's pool in use on @rq: frames in its ring. */
static inline unsigned int snull_rq_used(const struct snull_rq *rq)
{
	return READ_ONCE(rq->produced) - READ_ONCE(rq->consumed);
}

/*
 * The pool of sender @tx for its peer's queue @rq: the frames it may have
 * in flight there, as the sender's pool and the receiver's ring allow.
 */
static inline unsigned int snull_pool_limit(const struct snull_priv *tx,
					    const struct snull_rq *rq)
{
	return min(READ_ONCE(tx->tx_pool), READ_ONCE(rq->priv->rx_slots));
}

/*
 * The queue of @rx, the peer, that takes what we send on transmit queue
 * @txq.  Its count changes only while the peer is down (ethtool -L), when
 * transmit does not get this far (rx_ready).
 */
static inline struct snull_rq *snull_peer_rq(struct snull_priv *rx,
					     unsigned int txq)
{
	return &rx->rq[txq % READ_ONCE(rx->dev->real_num_rx_queues)];
}

static inline void snull_xstat_add(struct snull_priv *priv,
				   enum snull_xstat idx, u64 n)
{
	struct snull_xstats *s = this_cpu_ptr(priv->xstats);
	unsigned long flags;

	flags = u64_stats_update_begin_irqsave(&s->syncp);
	u64_stats_add(&s->cnt[idx], n);
	u64_stats_update_end_irqrestore(&s->syncp, flags);
}

static inline void snull_xstat_inc(struct snull_priv *priv,
				   enum snull_xstat idx)
{
	snull_xstat_add(priv, idx, 1);
}

/*
 * Count @n events @idx of transmit queue @q.  IRQs off around the update
 * for 32-bit kernels: netpoll transmits with IRQs off and may interrupt
 * a transmit on the same CPU (compiled out on 64-bit kernels).
 */
static inline void snull_txq_add(struct snull_priv *priv, unsigned int q,
				 enum snull_tqstat idx, u64 n)
{
	struct snull_txstats *s = this_cpu_ptr(priv->txstats);
	unsigned long flags;

	flags = u64_stats_update_begin_irqsave(&s->syncp);
	u64_stats_add(&s->q[q][idx], n);
	u64_stats_update_end_irqrestore(&s->syncp, flags);
}

/* snull_stats.c: the counters as the core, netlink and ethtool read them */
u64 snull_xstat_read(struct snull_priv *priv, enum snull_xstat idx);
void snull_rq_read(const struct snull_rq *rq, u64 out[SNULL_RQ_COUNT]);
u64 snull_rq_lost(const u64 st[SNULL_RQ_COUNT]);
void snull_txq_read(struct snull_priv *priv, unsigned int q,
		    u64 out[SNULL_TQ_COUNT]);
int snull_stats_init(struct snull_priv *priv);
void snull_stats_fini(struct snull_priv *priv);
void snull_get_stats64(struct net_device *dev,
		       struct rtnl_link_stats64 *stats);
void snull_stats_set_ops(struct net_device *dev);

/* snull_pool.c: the pools' slots, the FIFO rx queues and their interrupt */
int snull_pool_init(struct snull_priv *priv, unsigned int from,
		    unsigned int to);
void snull_pool_free(struct snull_priv *priv, unsigned int from,
		     unsigned int to);
int snull_pool_pp_create(struct snull_rq *rq);
void snull_pool_pp_destroy(struct snull_rq *rq);
int snull_rxq_produce(struct snull_rq *rq, struct sk_buff *skb, bool kick);
unsigned int snull_rxq_produce_xdpf(struct snull_rq *rq,
				    struct xdp_frame **frames, unsigned int n,
				    unsigned int limit);
void snull_rx_interrupt(struct snull_rq *rq);
void snull_rx_unmask(struct snull_rq *rq);
void snull_pool_give(struct snull_rq *rq, unsigned int n);
void snull_pool_wake(struct snull_priv *tx, struct snull_rq *rq);
bool snull_pool_full(struct snull_priv *tx, struct snull_rq *rq);
int snull_pool_resize(struct snull_priv *priv, unsigned int slots);
void snull_rxq_purge(struct snull_rq *rq);
unsigned int snull_rxq_in_use(struct snull_priv *priv);

/* snull_napi.c: simulated interrupts, NAPI poll, regular-mode delivery */
int snull_napi_init(struct snull_priv *priv);
void snull_napi_fini(struct snull_priv *priv);
void snull_rx_enable(struct snull_priv *priv);
void snull_rx_disable(struct snull_priv *priv);

/*
 * snull_xdp.c: native XDP (where the kernel has it, SNULL_XDP): the
 * program, run by NAPI on what a queue receives; XDP_TX and
 * ndo_xdp_xmit() into the peer's rings.  A poll's XDP state:
 */
#define SNULL_XDP_TX_BULK	16

struct snull_xdp_poll {
	struct bpf_prog *prog;
	unsigned int n_tx;
	bool redirected;
	struct xdp_frame *tx[SNULL_XDP_TX_BULK];
};

#ifdef SNULL_XDP
void snull_xdp_poll_begin(struct snull_rq *rq, struct snull_xdp_poll *xp);
struct sk_buff *snull_xdp_rcv(struct snull_rq *rq, void *ptr,
			      struct snull_xdp_poll *xp);
void snull_xdp_poll_end(struct snull_rq *rq, struct snull_xdp_poll *xp);
int snull_xdp_rq_enable(struct snull_rq *rq);
void snull_xdp_rq_disable(struct snull_rq *rq);
void snull_xdp_setup(struct net_device *dev);
netdev_features_t snull_xdp_fix_features(struct net_device *dev,
					 netdev_features_t features);
int snull_xdp_bpf(struct net_device *dev, struct netdev_bpf *bpf);
int snull_xdp_xmit(struct net_device *dev, int n, struct xdp_frame **frames,
		   u32 flags);
#else
static inline void snull_xdp_poll_begin(struct snull_rq *rq,
					struct snull_xdp_poll *xp)
{
	xp->prog = NULL;
}

static inline struct sk_buff *snull_xdp_rcv(struct snull_rq *rq, void *ptr,
					    struct snull_xdp_poll *xp)
{
	return ptr;	/* only skbs without native XDP */
}

static inline void snull_xdp_poll_end(struct snull_rq *rq,
				      struct snull_xdp_poll *xp)
{
}

static inline int snull_xdp_rq_enable(struct snull_rq *rq)
{
	return 0;
}

static inline void snull_xdp_rq_disable(struct snull_rq *rq)
{
}

static inline void snull_xdp_setup(struct net_device *dev)
{
}

static inline netdev_features_t
snull_xdp_fix_features(struct net_device *dev, netdev_features_t features)
{
	return features;
}
#endif

/* snull_netdev.c: the device pair.  snull_main.c calls in, never back:
 * init registers the link type with the module's configuration and
 * creates the first pair; exit deletes every pair.
 */
int snull_netdev_init(const struct snull_config *cfg);
void snull_netdev_exit(void);

/* snull_tx.c: the transmit side */
netdev_tx_t snull_start_xmit(struct sk_buff *skb, struct net_device *dev);
void snull_tx_timeout(struct net_device *dev, unsigned int txqueue);
void snull_tx_wake_all(struct snull_priv *tx, struct snull_priv *rx);

/* snull_ethtool.c */
extern const struct ethtool_ops snull_ethtool_ops;

#endif /* _SNULL_H */
