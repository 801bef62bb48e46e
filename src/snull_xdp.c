// SPDX-License-Identifier: GPL-2.0
/*
 * snull_xdp.c -- native XDP on the pair.
 *
 * The program runs in the receiving queue's NAPI on every frame the peer
 * sent.  An skb is first made what a NIC's DMA would have given: private,
 * linear (or paged, for a program that takes fragments) and with XDP's
 * headroom, copied into the queue's page_pool when it is not, and with a
 * checksum the sender left to the hardware completed, since the program
 * and whoever it hands the frame to see it as it would be on a wire.  An
 * XDP frame (the peer's XDP_TX or XDP_REDIRECT, anyone's ndo_xdp_xmit())
 * crosses as it is.  XDP_TX sends back to the peer in bulks of
 * SNULL_XDP_TX_BULK, one hold of the peer queue's lock each; the frames
 * take slots of the pool like any other, so a full pool drops them,
 * counted.  Every frame is counted by its queue (enum snull_rqstat).
 *
 * Without what this needs (6.1: skb_pp_cow_data()) the file is empty and
 * the device has generic XDP only.
 */
#include <linux/netdevice.h>
#include <linux/etherdevice.h>
#include <linux/filter.h>
#include <linux/bpf.h>
#include <linux/rtnetlink.h>
#include "snull.h"

#ifdef SNULL_XDP
#include <linux/skbuff_ref.h>

/* The XDP buffer and, on the skb path, the skb behind it (metadata kfuncs) */
struct snull_xdp_buff {
	struct xdp_buff xdp;
	struct sk_buff *skb;
};

/* The longest frame a program without fragment support can be given. */
#define SNULL_XDP_MAX_LINEAR	SKB_WITH_OVERHEAD(PAGE_SIZE - XDP_PACKET_HEADROOM)

static void snull_rq_inc(struct snull_rq *rq, enum snull_rqstat idx)
{
	u64_stats_update_begin(&rq->syncp);
	u64_stats_inc(&rq->st[idx]);
	u64_stats_update_end(&rq->syncp);
}

static void snull_rq_add(struct snull_rq *rq, enum snull_rqstat idx, u64 n)
{
	u64_stats_update_begin(&rq->syncp);
	u64_stats_add(&rq->st[idx], n);
	u64_stats_update_end(&rq->syncp);
}

/*
 * Send @n XDP frames out of @dev on its transmit queue @q, into the peer's
 * receive queue for it, under one hold of that queue's lock.  Returns how
 * many went (the caller returns the others) or -ENXIO when the peer takes
 * none.  Any CPU, BHs off, under RCU.
 */
static int snull_xdp_send(struct net_device *dev, unsigned int q,
			  struct xdp_frame **frames, unsigned int n)
{
	struct snull_priv *priv = netdev_priv(dev);
	unsigned int i, max_len, sent;
	struct snull_priv *ppriv;
	struct net_device *peer;
	struct snull_rq *rq;
	u64 bytes = 0;

	peer = rcu_dereference(priv->peer);
	if (unlikely(!peer))
		return -ENXIO;
	ppriv = netdev_priv(peer);
	/* Acquire: the peer's rings are set up before it says it is ready. */
	if (unlikely(!smp_load_acquire(&ppriv->rx_ready) ||
		     !ppriv->cfg.use_napi))
		return -ENXIO;
	rq = snull_peer_rq(ppriv, q);
	/* What the peer's MTU takes, as for an skb (is_skb_forwardable()) */
	max_len = peer->mtu + peer->hard_header_len + VLAN_HLEN;
	for (i = 0; i < n; i++) {
		if (unlikely(xdp_get_frame_len(frames[i]) > max_len))
			break;
		bytes += xdp_get_frame_len(frames[i]);
	}
	sent = snull_rxq_produce_xdpf(rq, frames, i, snull_pool_limit(priv, rq));
	if (unlikely(sent < i))
		for (bytes = 0, i = 0; i < sent; i++)
			bytes += xdp_get_frame_len(frames[i]);
	if (sent) {
		snull_xstat_add(ppriv, SNULL_XS_RXQ_ENQUEUED, sent);
		snull_xstat_add(priv, SNULL_XS_POOL_TAKEN, sent);
		snull_txq_add(priv, q, SNULL_TQ_PACKETS, sent);
		snull_txq_add(priv, q, SNULL_TQ_BYTES, bytes);
	}
	return sent;
}

/*
 * ndo_xdp_xmit: frames from a devmap, a cpumap's fallback or another
 * device's XDP_REDIRECT, sent on the transmit queue of this CPU.  The
 * caller returns the frames not sent; we count them.
 */
int snull_xdp_xmit(struct net_device *dev, int n, struct xdp_frame **frames,
		   u32 flags)
{
	struct snull_priv *priv = netdev_priv(dev);
	unsigned int q;
	int sent;

	if (unlikely(flags & ~XDP_XMIT_FLAGS_MASK))
		return -EINVAL;
	q = smp_processor_id() % READ_ONCE(dev->real_num_tx_queues);
	rcu_read_lock();
	sent = snull_xdp_send(dev, q, frames, n);
	rcu_read_unlock();
	snull_xstat_add(priv, SNULL_XS_XDP_XMIT, max(sent, 0));
	if (sent < n) {
		snull_xstat_add(priv, SNULL_XS_XDP_XMIT_ERRORS, n - max(sent, 0));
		snull_txq_add(priv, q, SNULL_TQ_DROPS, n - max(sent, 0));
	}
	return sent;
}

/*
 * The XDP_TX frames of a poll, sent back on the transmit queue of ours:
 * counted as sent (xdp_tx) or lost (xdp_tx_errors), as veth counts them.
 */
static void snull_xdp_tx_flush(struct snull_rq *rq, struct snull_xdp_poll *xp)
{
	struct net_device *dev = rq->priv->dev;
	unsigned int i;
	int sent;

	sent = snull_xdp_send(dev, rq->index % READ_ONCE(dev->real_num_tx_queues),
			      xp->tx, xp->n_tx);
	if (sent < 0)
		sent = 0;
	for (i = sent; i < xp->n_tx; i++)
		xdp_return_frame(xp->tx[i]);
	snull_rq_add(rq, SNULL_RQ_XDP_TX, sent);
	if (sent < xp->n_tx)
		snull_rq_add(rq, SNULL_RQ_XDP_TX_ERRORS, xp->n_tx - sent);
	xp->n_tx = 0;
}

static void snull_xdp_tx_queue(struct snull_rq *rq, struct snull_xdp_poll *xp,
			       struct xdp_frame *frame)
{
	if (xp->n_tx == SNULL_XDP_TX_BULK)
		snull_xdp_tx_flush(rq, xp);
	xp->tx[xp->n_tx++] = frame;
}

/* XDP_REDIRECT of @xdp, counted; false if it failed (the caller frees). */
static bool snull_xdp_redirect(struct snull_rq *rq, struct snull_xdp_poll *xp,
			       struct xdp_buff *xdp)
{
	if (unlikely(xdp_do_redirect(rq->priv->dev, xdp, xp->prog))) {
		snull_rq_inc(rq, SNULL_RQ_XDP_REDIRECT_ERRORS);
		return false;
	}
	snull_rq_inc(rq, SNULL_RQ_XDP_REDIRECT);
	xp->redirected = true;
	return true;
}

/* The queue's own memory model again, after a frame lent it its own. */
static void snull_xdp_rxq_mem_reset(struct snull_rq *rq)
{
	rq->xdp_rxq.mem.type = MEM_TYPE_PAGE_SHARED;
	rq->xdp_rxq.mem.id = 0;
}

/* An action the program should not return, or XDP_ABORTED. */
static void snull_xdp_bad_action(struct snull_rq *rq, struct bpf_prog *prog,
				 u32 act)
{
	if (act != XDP_ABORTED)
		bpf_warn_invalid_xdp_action(rq->priv->dev, prog, act);
	snull_rq_inc(rq, SNULL_RQ_XDP_ABORTED);
}

/* An XDP frame off the ring: through the program if any, else to an skb. */
static struct sk_buff *snull_xdp_rcv_frame(struct snull_rq *rq,
					   struct xdp_frame *frame,
					   struct snull_xdp_poll *xp)
{
	struct net_device *dev = rq->priv->dev;
	struct snull_xdp_buff sx;
	struct xdp_frame *out;
	struct xdp_frame orig;
	struct sk_buff *skb;
	bool sent;
	u32 act;

	if (!xp->prog)
		goto build;
	xdp_convert_frame_to_buff(frame, &sx.xdp);
	sx.xdp.rxq = &rq->xdp_rxq;
	sx.skb = NULL;
	snull_rq_inc(rq, SNULL_RQ_XDP_PACKETS);
	act = bpf_prog_run_xdp(xp->prog, &sx.xdp);
	switch (act) {
	case XDP_PASS:
		if (unlikely(xdp_update_frame_from_buff(&sx.xdp, frame))) {
			snull_rq_inc(rq, SNULL_RQ_XDP_OVERSIZE);
			xdp_return_frame(frame);
			return NULL;
		}
		snull_rq_inc(rq, SNULL_RQ_XDP_PASS);
		break;
	case XDP_TX:
		/* The frame header may move with the data: keep where it was. */
		orig = *frame;
		snull_xdp_rxq_mem_of(&rq->xdp_rxq, frame);
		out = xdp_convert_buff_to_frame(&sx.xdp);
		snull_xdp_rxq_mem_reset(rq);
		if (unlikely(!out)) {
			snull_rq_inc(rq, SNULL_RQ_XDP_TX_ERRORS);
			xdp_return_frame(&orig);
			return NULL;
		}
		snull_xdp_tx_queue(rq, xp, out);
		return NULL;
	case XDP_REDIRECT:
		orig = *frame;
		snull_xdp_rxq_mem_of(&rq->xdp_rxq, frame);
		sent = snull_xdp_redirect(rq, xp, &sx.xdp);
		snull_xdp_rxq_mem_reset(rq);
		if (!sent)
			xdp_return_frame(&orig);
		return NULL;
	case XDP_DROP:
		snull_rq_inc(rq, SNULL_RQ_XDP_DROP);
		xdp_return_frame(frame);
		return NULL;
	default:
		snull_xdp_bad_action(rq, xp->prog, act);
		xdp_return_frame(frame);
		return NULL;
	}
build:
	skb = xdp_build_skb_from_frame(frame, dev);
	if (unlikely(!skb)) {
		snull_rq_inc(rq, SNULL_RQ_XDP_ALLOC_FAIL);
		xdp_return_frame(frame);
	}
	return skb;
}

/*
 * An skb's memory as the program may see and keep it: a private, linear
 * (or paged, if the program takes fragments) copy in page_pool pages with
 * XDP's headroom, unless it is one already.  Returns the skb to use, or
 * NULL with the frame dropped and counted.
 */
static struct sk_buff *snull_xdp_own_skb(struct snull_rq *rq,
					 struct sk_buff *skb, bool frags)
{
	struct page_pool *pp;

	if (skb_shared(skb) || skb_head_is_locked(skb) ||
	    skb_is_nonlinear(skb) || skb_headroom(skb) < XDP_PACKET_HEADROOM) {
		if (!frags && skb->len > SNULL_XDP_MAX_LINEAR) {
			snull_rq_inc(rq, SNULL_RQ_XDP_OVERSIZE);
			goto drop;
		}
		/*
		 * The pool is made before the program is published, but
		 * nothing orders this read after the program's on a weakly
		 * ordered CPU: no pool yet is a failed copy, not a crash.
		 */
		pp = READ_ONCE(rq->pp);
		if (!pp || skb_pp_cow_data(pp, &skb, XDP_PACKET_HEADROOM)) {
			snull_rq_inc(rq, SNULL_RQ_XDP_ALLOC_FAIL);
			goto drop;
		}
		snull_rq_inc(rq, SNULL_RQ_XDP_COPIES);
	}
	if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb)) {
		snull_rq_inc(rq, SNULL_RQ_XDP_ALLOC_FAIL);
		goto drop;
	}
	return skb;

drop:
	kfree_skb(skb);
	return NULL;
}

/*
 * XDP_TX and XDP_REDIRECT of an skb's memory: the frame takes a page
 * reference of its own on every page, the skb goes, and the frame is
 * returned as the pages it holds (the queue's shared-page model).
 */
static void snull_xdp_take_pages(struct xdp_buff *xdp, struct sk_buff *skb)
{
	struct skb_shared_info *sinfo = xdp_get_shared_info_from_buff(xdp);
	unsigned int i;

	get_page(virt_to_page(xdp->data));
	if (xdp_buff_has_frags(xdp))
		for (i = 0; i < sinfo->nr_frags; i++)
			__skb_frag_ref(&sinfo->frags[i]);
	consume_skb(skb);
}

/* After XDP_PASS: the skb made to match what the program left. */
static void snull_xdp_fix_skb(struct snull_rq *rq, struct sk_buff *skb,
			      struct xdp_buff *xdp, void *orig_data,
			      void *orig_data_end)
{
	unsigned int metalen;
	int off;

	off = orig_data - xdp->data;
	if (off > 0)
		__skb_push(skb, off);
	else if (off < 0)
		__skb_pull(skb, -off);
	skb_reset_mac_header(skb);
	/* bpf_xdp_adjust_tail() may have changed the fragments */
	skb->len -= skb->data_len;
	skb->data_len = xdp_buff_has_frags(xdp) ?
			skb_shinfo(skb)->xdp_frags_size : 0;
	skb->len += skb->data_len;
	off = xdp->data_end - orig_data_end;
	if (off) {
		skb_set_tail_pointer(skb, xdp->data_end - xdp->data);
		skb->len += off;
	}
	skb->protocol = eth_type_trans(skb, rq->priv->dev);
	metalen = xdp->data - xdp->data_meta;
	if (metalen)
		skb_metadata_set(skb, metalen);
}

/* An skb off the ring with a program attached. */
static struct sk_buff *snull_xdp_rcv_skb(struct snull_rq *rq,
					 struct sk_buff *skb,
					 struct snull_xdp_poll *xp)
{
	void *orig_data, *orig_data_end;
	struct snull_xdp_buff sx;
	struct xdp_frame *out;
	u32 act, frame_sz;

	snull_rq_inc(rq, SNULL_RQ_XDP_PACKETS);
	/* The Ethernet header, pulled by the sender's __dev_forward_skb() */
	__skb_push(skb, skb->data - skb_mac_header(skb));
	skb = snull_xdp_own_skb(rq, skb, xp->prog->aux->xdp_has_frags);
	if (!skb)
		return NULL;

	/* The head's end leaves room for the shared info, as in any skb. */
	frame_sz = skb_end_pointer(skb) - skb->head +
		   SKB_DATA_ALIGN(sizeof(struct skb_shared_info));
	xdp_init_buff(&sx.xdp, frame_sz, &rq->xdp_rxq);
	xdp_prepare_buff(&sx.xdp, skb->head, skb_headroom(skb),
			 skb_headlen(skb), true);
	if (skb_shinfo(skb)->nr_frags) {
		skb_shinfo(skb)->xdp_frags_size = skb->data_len;
		xdp_buff_set_frags_flag(&sx.xdp);
	} else {
		xdp_buff_clear_frags_flag(&sx.xdp);
	}
	sx.skb = skb;
	orig_data = sx.xdp.data;
	orig_data_end = sx.xdp.data_end;

	act = bpf_prog_run_xdp(xp->prog, &sx.xdp);
	switch (act) {
	case XDP_PASS:
		snull_rq_inc(rq, SNULL_RQ_XDP_PASS);
		snull_xdp_fix_skb(rq, skb, &sx.xdp, orig_data, orig_data_end);
		return skb;
	case XDP_TX:
		snull_xdp_take_pages(&sx.xdp, skb);
		out = xdp_convert_buff_to_frame(&sx.xdp);
		if (unlikely(!out)) {
			snull_rq_inc(rq, SNULL_RQ_XDP_TX_ERRORS);
			xdp_return_buff(&sx.xdp);
			return NULL;
		}
		snull_xdp_tx_queue(rq, xp, out);
		return NULL;
	case XDP_REDIRECT:
		snull_xdp_take_pages(&sx.xdp, skb);
		if (!snull_xdp_redirect(rq, xp, &sx.xdp))
			xdp_return_buff(&sx.xdp);
		return NULL;
	case XDP_DROP:
		snull_rq_inc(rq, SNULL_RQ_XDP_DROP);
		break;
	default:
		snull_xdp_bad_action(rq, xp->prog, act);
		break;
	}
	kfree_skb(skb);
	return NULL;
}

/* NAPI, under RCU: the program for this poll. */
void snull_xdp_poll_begin(struct snull_rq *rq, struct snull_xdp_poll *xp)
{
	xp->prog = rcu_dereference(rq->priv->xdp_prog);
	xp->n_tx = 0;
	xp->redirected = false;
}

/*
 * One entry off @rq's ring: the skb to hand to the stack, or NULL when
 * XDP kept, sent or dropped the frame.
 */
struct sk_buff *snull_xdp_rcv(struct snull_rq *rq, void *ptr,
			      struct snull_xdp_poll *xp)
{
	if (snull_ptr_is_xdpf(ptr))
		return snull_xdp_rcv_frame(rq, snull_ptr_to_xdpf(ptr), xp);
	if (!xp->prog)
		return ptr;
	return snull_xdp_rcv_skb(rq, ptr, xp);
}

/* The end of a poll: what XDP_TX and XDP_REDIRECT held back goes out. */
void snull_xdp_poll_end(struct snull_rq *rq, struct snull_xdp_poll *xp)
{
	if (xp->n_tx)
		snull_xdp_tx_flush(rq, xp);
	if (xp->redirected)
		xdp_do_flush();
}

/*
 * The largest MTU of a device whose frames a program of @dev takes, frames
 * of the MTU plus a VLAN tag (as the receiver accepts them): what fits a
 * page after XDP's headroom, or the largest paged frame for a program that
 * takes fragments.  No program: no limit.
 */
static unsigned int snull_xdp_prog_mtu(const struct net_device *dev,
				       const struct bpf_prog *prog)
{
	unsigned int mtu;

	if (!prog)
		return SNULL_MAX_MTU;
	mtu = SNULL_XDP_MAX_LINEAR - dev->hard_header_len - VLAN_HLEN;
	if (prog->aux->xdp_has_frags)
		mtu += PAGE_SIZE * MAX_SKB_FRAGS;
	return min_t(unsigned int, mtu, SNULL_MAX_MTU);
}

/* @dev's MTU bound: its own program's and its peer's, whichever is less. */
static void snull_xdp_set_max_mtu(struct net_device *dev)
{
	struct snull_priv *priv = netdev_priv(dev);
	struct net_device *peer = rtnl_dereference(priv->peer);
	unsigned int mtu;

	mtu = snull_xdp_prog_mtu(dev, rtnl_dereference(priv->xdp_prog));
	if (peer) {
		struct snull_priv *ppriv = netdev_priv(peer);

		mtu = min(mtu, snull_xdp_prog_mtu(peer,
						  rtnl_dereference(ppriv->xdp_prog)));
	}
	dev->max_mtu = mtu;
}

/*
 * A program is attached or removed (RTNL).  While one is attached, frames
 * come to it no longer than it can take: neither end's MTU may exceed what
 * fits (a page, or the largest paged frame for a program that takes
 * fragments), as on a NIC whose buffers follow its MTU, and the peer sends
 * no GSO frames (like veth: a program sees one frame per packet).
 */
static int snull_xdp_set(struct net_device *dev, struct bpf_prog *prog,
			 struct netlink_ext_ack *extack)
{
	struct snull_priv *priv = netdev_priv(dev);
	struct bpf_prog *old = rtnl_dereference(priv->xdp_prog);
	struct net_device *peer = rtnl_dereference(priv->peer);
	unsigned int max_mtu, i;
	int err;

	if (prog) {
		if (!priv->cfg.use_napi) {
			NL_SET_ERR_MSG_MOD(extack,
					   "native XDP needs NAPI mode (module parameter use_napi=1)");
			return -EOPNOTSUPP;
		}
		if (!peer) {
			NL_SET_ERR_MSG_MOD(extack, "the pair is being deleted");
			return -ENOTCONN;
		}
		max_mtu = snull_xdp_prog_mtu(dev, prog);
		if (dev->mtu > max_mtu || peer->mtu > max_mtu) {
			struct net_device *big = dev->mtu > max_mtu ? dev : peer;

			NL_SET_ERR_MSG_FMT_MOD(extack,
					       "%s's MTU %u is over %u, the most this program can take",
					       big->name, big->mtu, max_mtu);
			return -ERANGE;
		}
		if (netif_running(dev)) {
			for (i = 0; i < dev->real_num_rx_queues; i++) {
				err = snull_pool_pp_create(&priv->rq[i]);
				if (err) {
					NL_SET_ERR_MSG_MOD(extack,
							   "no memory for the queues' page pools");
					goto err_pp;
				}
			}
		}
	}
	rcu_assign_pointer(priv->xdp_prog, prog);
	snull_xdp_set_max_mtu(dev);
	if (peer) {
		snull_xdp_set_max_mtu(peer);
		if (prog)
			peer->hw_features &= ~NETIF_F_GSO_SOFTWARE;
		else
			peer->hw_features |= NETIF_F_GSO_SOFTWARE;
		if (!old != !prog)
			netdev_update_features(peer);
	}
	if (old)
		bpf_prog_put(old);
	return 0;

err_pp:
	/* the pools a program already attached uses stay */
	if (!old)
		while (i--)
			snull_pool_pp_destroy(&priv->rq[i]);
	return err;
}

int snull_xdp_bpf(struct net_device *dev, struct netdev_bpf *bpf)
{
	if (bpf->command != XDP_SETUP_PROG)
		return -EINVAL;
	return snull_xdp_set(dev, bpf->prog, bpf->extack);
}

/* ndo_fix_features: no GSO towards a peer that runs a program. */
netdev_features_t snull_xdp_fix_features(struct net_device *dev,
					 netdev_features_t features)
{
	struct snull_priv *priv = netdev_priv(dev);
	struct net_device *peer = rtnl_dereference(priv->peer);
	struct snull_priv *ppriv;

	if (!peer)
		return features;
	ppriv = netdev_priv(peer);
	if (rtnl_dereference(ppriv->xdp_prog))
		features &= ~NETIF_F_GSO_SOFTWARE;
	return features;
}

/*
 * The metadata kfuncs: what the skb behind the buffer carries.  An XDP
 * frame from the peer has none of it.
 */
static int snull_xmo_rx_timestamp(const struct xdp_md *ctx, u64 *timestamp)
{
	const struct snull_xdp_buff *sx = (const void *)ctx;

	if (!sx->skb || !skb_hwtstamps(sx->skb)->hwtstamp)
		return -ENODATA;
	*timestamp = skb_hwtstamps(sx->skb)->hwtstamp;
	return 0;
}

static int snull_xmo_rx_hash(const struct xdp_md *ctx, u32 *hash,
			     enum xdp_rss_hash_type *rss_type)
{
	/* the kfunc's context is the buffer we ran the program on */
	struct snull_xdp_buff *sx = (void *)ctx;

	if (!sx->skb)
		return -ENODATA;
	*hash = skb_get_hash(sx->skb);
	*rss_type = sx->skb->l4_hash ? XDP_RSS_TYPE_L4_ANY : XDP_RSS_TYPE_NONE;
	return 0;
}

static int snull_xmo_rx_vlan_tag(const struct xdp_md *ctx, __be16 *vlan_proto,
				 u16 *vlan_tci)
{
	const struct snull_xdp_buff *sx = (const void *)ctx;
	int err;

	if (!sx->skb)
		return -ENODATA;
	err = __vlan_hwaccel_get_tag(sx->skb, vlan_tci);
	if (err)
		return err;
	*vlan_proto = sx->skb->vlan_proto;
	return 0;
}

static const struct xdp_metadata_ops snull_xdp_metadata_ops = {
	.xmo_rx_timestamp	= snull_xmo_rx_timestamp,
	.xmo_rx_hash		= snull_xmo_rx_hash,
	.xmo_rx_vlan_tag	= snull_xmo_rx_vlan_tag,
};

/*
 * What the device offers (snull_setup()): everything veth does, with
 * frames over a page both ways, in NAPI mode; nothing in regular mode,
 * where only generic XDP runs.
 */
void snull_xdp_setup(struct net_device *dev)
{
	struct snull_priv *priv = netdev_priv(dev);

	if (!priv->cfg.use_napi)
		return;
	dev->xdp_metadata_ops = &snull_xdp_metadata_ops;
	dev->xdp_features = NETDEV_XDP_ACT_BASIC | NETDEV_XDP_ACT_REDIRECT |
			    NETDEV_XDP_ACT_NDO_XMIT | NETDEV_XDP_ACT_RX_SG |
			    NETDEV_XDP_ACT_NDO_XMIT_SG;
}
#endif /* SNULL_XDP */
