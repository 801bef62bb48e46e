// SPDX-License-Identifier: GPL-2.0
/*
 * snull_nc_neigh.c -- the netconsole client's neighbours: it answers ARP
 * (IPv4) and Neighbor Solicitations (IPv6) for its own address, configured
 * on the interface or not, and, when no remote MAC is given, resolves the
 * next hop's MAC by ARP or by its own Neighbor Solicitation, accepting only
 * the reply or solicited Advertisement for the address it asked about.
 * Malformed frames are counted (arp_bad, ndp_bad) and dropped.
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/inetdevice.h>
#include <linux/netpoll.h>
#include <net/ip6_route.h>
#include <net/ndisc.h>
#include <net/route.h>
#include "snull_nc.h"

/*
 * The largest NS or NA looked at: real ones are under 100 bytes, and a
 * frame claiming more is not made linear for the claim's sake.
 */
#define SNULL_NC_NDP_MAX	1280

/* snull_nc_lock held */
static struct sk_buff *snull_nc_arp_skb(struct snull_nc_target *t, u16 op,
					const u8 *eth_dst, const u8 *tha,
					__be32 tip)
{
	struct snull_nc_arp a = {
		.op = op,
		.sip = t->local_ip.ip,
		.tip = tip,
	};
	struct sk_buff *skb = snull_nc_get_skb(t);

	if (!skb)
		return NULL;
	ether_addr_copy(a.sha, t->np.dev->dev_addr);
	ether_addr_copy(a.tha, tha);
	snull_nc_arp_build(skb_put(skb, ETH_ZLEN), eth_dst, &a);
	snull_nc_frame_init(t, skb, htons(ETH_P_ARP));
	return skb;
}

/* An ARP request, from the send path or the timer; snull_nc_lock held. */
static void snull_nc_send_arp(struct snull_nc_target *t, const u8 *eth_dst,
			      __be32 tip)
{
	static const u8 zero[ETH_ALEN];
	struct sk_buff *skb = snull_nc_arp_skb(t, ARPOP_REQUEST, eth_dst,
					       zero, tip);

	if (skb)
		snull_nc_xmit(t, skb, htons(ETH_P_ARP));
}

/*
 * An answer made in the receive path, sent once snull_nc_lock is dropped:
 * through the device's queue, as the kernel's own ARP and NDP answer.  Not
 * through netpoll, which, called from the device's own NAPI poll, queues
 * the frame with IRQs off (a sleeping lock on PREEMPT_RT) for later.
 */
static void snull_nc_send_answer(struct sk_buff *skb)
{
	if (skb)
		dev_queue_xmit(skb);
}

/* An NS for the next hop, from our address; snull_nc_lock held. */
static void snull_nc_send_ns(struct snull_nc_target *t)
{
	struct snull_nc_ndp n = {
		.type = NDISC_NEIGHBOUR_SOLICITATION,
		.saddr = t->local_ip.in6,
		.target = t->hop.in6,
		.have_lladdr = true,
	};
	struct sk_buff *skb = snull_nc_get_skb(t);
	u8 mac[ETH_ALEN];

	if (!skb)
		return;
	snull_nc_ndp_solicit_dst(&n.target, &n.daddr, mac);
	ether_addr_copy(n.lladdr, t->np.dev->dev_addr);
	snull_nc_ndp_build(skb_put(skb, SNULL_NC_NDP_LEN), mac,
			   t->np.dev->dev_addr, &n);
	snull_nc_xmit(t, skb, htons(ETH_P_IPV6));
}

/*
 * While the next hop's MAC is unknown the client sends to broadcast and
 * asks once a second; snull_nc_lock held.
 */
void snull_nc_maybe_resolve(struct snull_nc_target *t)
{
	if (t->mac_known || time_before(jiffies, t->arp_next))
		return;
	t->arp_next = jiffies + HZ;
	if (t->ipv6)
		snull_nc_send_ns(t);
	else
		snull_nc_send_arp(t, t->np.dev->broadcast, t->hop.ip);
}

/* Resolution must not wait for log traffic: ask from a timer too. */
static void snull_nc_arp_tick(struct work_struct *work)
{
	struct snull_nc_target *t = container_of(to_delayed_work(work),
						 struct snull_nc_target, arp_work);
	unsigned long flags;
	bool again = false;

	if (!snull_nc_inside()) {
		snull_nc_bh_lock_irqsave(&flags);
		if (t->enabled && t->np.dev && !t->mac_known) {
			snull_nc_maybe_resolve(t);
			again = true;
		}
		snull_nc_bh_unlock_irqrestore(flags);
	}
	if (again)
		schedule_delayed_work(&t->arp_work, HZ);
}

/* The next hop for the remote address: the remote itself or a gateway. */
static void snull_nc_next_hop(struct snull_nc_target *t)
{
	struct net_device *dev = t->np.dev;
	struct flowi4 fl4 = {
		.daddr = t->remote_ip.ip,
		.saddr = t->local_ip.ip,
		.flowi4_oif = dev->ifindex,
	};
	struct rtable *rt;

	t->hop.ip = t->remote_ip.ip;
	rt = ip_route_output_key(dev_net(dev), &fl4);
	if (IS_ERR(rt))
		return;
	if (rt->rt_uses_gateway && rt->rt_gw_family == AF_INET)
		t->hop.ip = rt->rt_gw4;
	ip_rt_put(rt);
}

/* The same for IPv6: without a route, the remote is taken as on-link. */
static void snull_nc_next_hop6(struct snull_nc_target *t)
{
	struct net_device *dev = t->np.dev;
	struct flowi6 fl6 = {
		.daddr = t->remote_ip.in6,
		.saddr = t->local_ip.in6,
		.flowi6_oif = dev->ifindex,
	};
	struct dst_entry *dst;

	t->hop.in6 = t->remote_ip.in6;
	dst = ip6_route_output(dev_net(dev), NULL, &fl6);
	if (!dst->error && dst->dev == dev)
		t->hop.in6 = *rt6_nexthop(dst_rt6_info(dst), &fl6.daddr);
	dst_release(dst);
}

/*
 * Whom to ask for a MAC, from the routing table: before the target is
 * enabled, in process context with RTNL held (route lookups may enable
 * BHs, so not under snull_nc_lock).
 */
void snull_nc_neigh_route(struct snull_nc_target *t)
{
	ASSERT_RTNL();
	if (!t->np.dev)
		return;
	if (t->ipv6)
		snull_nc_next_hop6(t);
	else
		snull_nc_next_hop(t);
}

void snull_nc_neigh_init(struct snull_nc_target *t)
{
	INIT_DELAYED_WORK(&t->arp_work, snull_nc_arp_tick);
}

/*
 * At enable, netpoll set up, snull_nc_lock held: the MAC given, or
 * broadcast until resolved.  The caller kicks resolution once the target
 * is enabled (snull_nc_neigh_kick).
 */
void snull_nc_neigh_start(struct snull_nc_target *t)
{
	t->mac_known = t->opts.have_remote_mac;
	if (t->mac_known)
		ether_addr_copy(t->dst_mac, t->opts.remote_mac);
	else
		eth_broadcast_addr(t->dst_mac);
	t->arp_next = jiffies;
}

/*
 * Is any IPv4 (IPv6) target enabled?  The packet handlers below see every
 * ARP (IPv6) frame of every namespace while the module is loaded: with no
 * such target they leave at once, taking no lock.  Kept by
 * snull_nc_neigh_recount() with snull_nc_lock held, wherever a target is
 * enabled or stopped.
 */
static bool snull_nc_neigh_active[2];

void snull_nc_neigh_recount(void)
{
	bool active[2] = { false, false };
	struct snull_nc_target *t;

	lockdep_assert_held(&snull_nc_lock);
	list_for_each_entry(t, &snull_nc_targets, list)
		if (t->enabled)
			active[t->ipv6] = true;
	WRITE_ONCE(snull_nc_neigh_active[0], active[0]);
	WRITE_ONCE(snull_nc_neigh_active[1], active[1]);
}

void snull_nc_neigh_kick(struct snull_nc_target *t)
{
	if (!t->mac_known)
		schedule_delayed_work(&t->arp_work, 0);
}

void snull_nc_neigh_stop(struct snull_nc_target *t)
{
	cancel_delayed_work_sync(&t->arp_work);
}

static int snull_nc_arp_rcv(struct sk_buff *skb, struct net_device *dev,
			    struct packet_type *pt, struct net_device *orig)
{
	struct snull_nc_target *t;
	struct sk_buff *answer = NULL;
	struct snull_nc_arp a;
	u8 buf[SNULL_NC_ARP_LEN];
	bool replied = false;
	enum snull_nc_arp_err perr;
	unsigned long flags;
	const u8 *p;

	if (!READ_ONCE(snull_nc_neigh_active[0]) ||
	    skb->pkt_type == PACKET_OTHERHOST || skb->pkt_type == PACKET_LOOPBACK)
		goto out;
	p = skb_header_pointer(skb, 0, sizeof(buf), buf);
	perr = p ? snull_nc_arp_parse(p, skb->len, &a) : SNULL_ARP_TRUNCATED;

	if (snull_nc_inside())
		goto out;
	snull_nc_lock_irqsave(&flags);
	list_for_each_entry(t, &snull_nc_targets, list) {
		if (!t->enabled || t->np.dev != dev || t->ipv6)
			continue;
		if (perr != SNULL_ARP_OK) {
			snull_nc_stat_inc(t, SNULL_NCS_ARP_BAD);
			continue;
		}
		/* Several targets may share device and address: one reply. */
		if (a.op == ARPOP_REQUEST && a.tip == t->local_ip.ip &&
		    is_valid_ether_addr(a.sha) && !replied) {
			answer = snull_nc_arp_skb(t, ARPOP_REPLY, a.sha, a.sha,
						  a.sip);
			snull_nc_stat_inc(t, SNULL_NCS_ARP_REPLIES);
			replied = true;
		} else if (a.op == ARPOP_REPLY && !t->mac_known &&
			   a.sip == t->hop.ip && a.tip == t->local_ip.ip &&
			   is_valid_ether_addr(a.sha)) {
			ether_addr_copy(t->dst_mac, a.sha);
			t->mac_known = true;
			snull_nc_stat_inc(t, SNULL_NCS_ARP_RESOLUTIONS);
		}
	}
	snull_nc_unlock_irqrestore(flags);
	snull_nc_send_answer(answer);
out:
	consume_skb(skb);
	return NET_RX_SUCCESS;
}

static struct packet_type snull_nc_arp_pt = {
	.type	= cpu_to_be16(ETH_P_ARP),
	.func	= snull_nc_arp_rcv,
};

/*
 * Our NA for an NS asking for our address: to its sender, or to all nodes
 * for a duplicate address probe (from ::), which it thereby defends.
 */
static struct sk_buff *snull_nc_na_skb(struct snull_nc_target *t,
				       const struct snull_nc_ndp *ns,
				       const u8 *eth_src)
{
	struct snull_nc_ndp na = {
		.type = NDISC_NEIGHBOUR_ADVERTISEMENT,
		.saddr = t->local_ip.in6,
		.daddr = ns->saddr,
		.target = t->local_ip.in6,
		.solicited = true,
		.override = true,
		.have_lladdr = true,
	};
	struct sk_buff *skb = snull_nc_get_skb(t);
	u8 eth_dst[ETH_ALEN];

	if (!skb)
		return NULL;
	if (ipv6_addr_any(&ns->saddr)) {
		na.daddr = in6addr_linklocal_allnodes;
		na.solicited = false;
		ipv6_eth_mc_map(&na.daddr, (char *)eth_dst);
	} else {
		ether_addr_copy(eth_dst, ns->have_lladdr ? ns->lladdr : eth_src);
	}
	ether_addr_copy(na.lladdr, t->np.dev->dev_addr);
	snull_nc_ndp_build(skb_put(skb, SNULL_NC_NDP_LEN), eth_dst,
			   t->np.dev->dev_addr, &na);
	snull_nc_frame_init(t, skb, htons(ETH_P_IPV6));
	return skb;
}

/*
 * What one NS or NA means to one IPv6 target; lock held.  An answer is
 * left in *answer, for snull_nc_send_answer().
 */
static bool snull_nc_ndp_one(struct snull_nc_target *t,
			     const struct snull_nc_ndp *n, const u8 *eth_src,
			     bool replied, struct sk_buff **answer)
{
	if (n->type == NDISC_NEIGHBOUR_SOLICITATION) {
		/* Several targets may share device and address: one reply. */
		if (replied || !ipv6_addr_equal(&n->target, &t->local_ip.in6))
			return false;
		/* answered to its link-layer address (a DAD probe: all nodes) */
		if (!ipv6_addr_any(&n->saddr) &&
		    !is_valid_ether_addr(n->have_lladdr ? n->lladdr : eth_src))
			return false;
		*answer = snull_nc_na_skb(t, n, eth_src);
		snull_nc_stat_inc(t, SNULL_NCS_NDP_REPLIES);
		return true;
	}
	/*
	 * Only the answer to our question: solicited, for the next hop we
	 * asked about, to our address, with the MAC in it.  Unsolicited or
	 * forged advertisements change nothing.
	 */
	if (!t->mac_known && n->solicited && n->have_lladdr &&
	    ipv6_addr_equal(&n->target, &t->hop.in6) &&
	    ipv6_addr_equal(&n->daddr, &t->local_ip.in6) &&
	    is_valid_ether_addr(n->lladdr)) {
		ether_addr_copy(t->dst_mac, n->lladdr);
		t->mac_known = true;
		snull_nc_stat_inc(t, SNULL_NCS_NDP_RESOLUTIONS);
	}
	return false;
}

static int snull_nc_ip6_rcv(struct sk_buff *skb, struct net_device *dev,
			    struct packet_type *pt, struct net_device *orig)
{
	enum snull_nc_ndp_err perr;
	struct snull_nc_target *t;
	struct sk_buff *answer = NULL;
	struct snull_nc_ndp n = {};
	bool replied = false;
	unsigned int need;
	unsigned long flags;
	u8 eth_src[ETH_ALEN];
	u8 head[41];
	const u8 *p;

	if (!READ_ONCE(snull_nc_neigh_active[1]) ||
	    skb->pkt_type == PACKET_OTHERHOST || skb->pkt_type == PACKET_LOOPBACK)
		goto out;
	/* Most IPv6 frames are not NS or NA: leave them after a peek. */
	p = skb_header_pointer(skb, 0, sizeof(head), head);
	if (!p || p[0] >> 4 != 6 || p[6] != IPPROTO_ICMPV6 ||
	    (p[40] != NDISC_NEIGHBOUR_SOLICITATION &&
	     p[40] != NDISC_NEIGHBOUR_ADVERTISEMENT))
		goto out;
	need = 40 + ((p[4] << 8) | p[5]);
	if (skb_mac_header_was_set(skb) && skb_mac_header_len(skb) >= ETH_HLEN)
		ether_addr_copy(eth_src, eth_hdr(skb)->h_source);
	else
		eth_zero_addr(eth_src);

	skb = skb_share_check(skb, GFP_ATOMIC);
	if (!skb)
		return NET_RX_DROP;
	if (need > SNULL_NC_NDP_MAX)
		perr = SNULL_NDP_TRUNCATED;
	else if (!pskb_may_pull(skb, min(need, skb->len)))
		goto out;
	else
		perr = snull_nc_ndp_parse(skb->data, min(need, skb->len), &n);

	if (snull_nc_inside())
		goto out;
	snull_nc_lock_irqsave(&flags);
	list_for_each_entry(t, &snull_nc_targets, list) {
		if (!t->enabled || t->np.dev != dev || !t->ipv6)
			continue;
		if (perr != SNULL_NDP_OK)
			snull_nc_stat_inc(t, SNULL_NCS_NDP_BAD);
		else if (snull_nc_ndp_one(t, &n, eth_src, replied, &answer))
			replied = true;
	}
	snull_nc_unlock_irqrestore(flags);
	snull_nc_send_answer(answer);
out:
	consume_skb(skb);
	return NET_RX_SUCCESS;
}

static struct packet_type snull_nc_ip6_pt = {
	.type	= cpu_to_be16(ETH_P_IPV6),
	.func	= snull_nc_ip6_rcv,
};

void snull_nc_neigh_register(void)
{
	dev_add_pack(&snull_nc_arp_pt);
	dev_add_pack(&snull_nc_ip6_pt);
}

void snull_nc_neigh_unregister(void)
{
	dev_remove_pack(&snull_nc_ip6_pt);
	dev_remove_pack(&snull_nc_arp_pt);
}
