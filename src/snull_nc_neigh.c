// SPDX-License-Identifier: GPL-2.0
/*
 * snull_nc_neigh.c -- the netconsole client's neighbours: it answers ARP
 * for its own IPv4 address (configured on the interface or not) and, when
 * no remote MAC is given, resolves the next hop's MAC by ARP, accepting
 * only a reply from the address it asked about.  Malformed frames are
 * counted (arp_bad) and dropped.
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/inetdevice.h>
#include <linux/netpoll.h>
#include <net/route.h>
#include "snull.h"

/* IRQs off, snull_nc_lock held */
static void snull_nc_send_arp(struct snull_nc_target *t, u16 op,
			      const u8 *eth_dst, const u8 *tha, __be32 tip)
{
	struct snull_nc_arp a = {
		.op = op,
		.sip = t->np.local_ip.ip,
		.tip = tip,
	};
	struct sk_buff *skb = snull_nc_get_skb(t);

	if (!skb)
		return;
	ether_addr_copy(a.sha, t->np.dev->dev_addr);
	ether_addr_copy(a.tha, tha);
	snull_nc_arp_build(skb_put(skb, ETH_ZLEN), eth_dst, &a);
	snull_nc_xmit(t, skb, htons(ETH_P_ARP));
}

/*
 * While the remote MAC is unknown the client sends to broadcast and asks
 * once a second; IRQs off, snull_nc_lock held.
 */
void snull_nc_maybe_resolve(struct snull_nc_target *t)
{
	static const u8 zero[ETH_ALEN];

	if (t->mac_known || time_before(jiffies, t->arp_next))
		return;
	t->arp_next = jiffies + HZ;
	snull_nc_send_arp(t, ARPOP_REQUEST, t->np.dev->broadcast, zero,
			  t->arp_ip);
}

/* Resolution must not wait for log traffic: ask from a timer too. */
static void snull_nc_arp_tick(struct work_struct *work)
{
	struct snull_nc_target *t = container_of(to_delayed_work(work),
						 struct snull_nc_target, arp_work);
	unsigned long flags;
	bool again = false;

	if (snull_nc_enter(&flags)) {
		spin_lock(&snull_nc_lock);
		if (t->enabled && t->np.dev && !t->mac_known) {
			snull_nc_maybe_resolve(t);
			again = true;
		}
		spin_unlock(&snull_nc_lock);
		snull_nc_leave(flags);
	}
	if (again)
		schedule_delayed_work(&t->arp_work, HZ);
}

/* The next hop for the remote address: the remote itself or a gateway. */
static __be32 snull_nc_next_hop(struct snull_nc_target *t)
{
	struct net_device *dev = t->np.dev;
	__be32 hop = t->np.remote_ip.ip;
	struct flowi4 fl4 = {
		.daddr = hop,
		.saddr = t->np.local_ip.ip,
		.flowi4_oif = dev->ifindex,
	};
	struct rtable *rt;

	rt = ip_route_output_key(dev_net(dev), &fl4);
	if (IS_ERR(rt))
		return hop;
	if (rt->rt_uses_gateway && rt->rt_gw_family == AF_INET)
		hop = rt->rt_gw4;
	ip_rt_put(rt);
	return hop;
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
	t->arp_ip = snull_nc_next_hop(t);
	t->arp_next = jiffies;
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
	struct snull_nc_arp a;
	u8 buf[SNULL_NC_ARP_LEN];
	bool replied = false;
	enum snull_nc_arp_err perr;
	unsigned long flags;
	const u8 *p;

	if (skb->pkt_type == PACKET_OTHERHOST || skb->pkt_type == PACKET_LOOPBACK)
		goto out;
	p = skb_header_pointer(skb, 0, sizeof(buf), buf);
	perr = p ? snull_nc_arp_parse(p, skb->len, &a) : SNULL_ARP_TRUNCATED;

	if (!snull_nc_enter(&flags))
		goto out;
	spin_lock(&snull_nc_lock);
	list_for_each_entry(t, &snull_nc_targets, list) {
		if (!t->enabled || t->np.dev != dev)
			continue;
		if (perr != SNULL_ARP_OK) {
			snull_nc_stat_inc(t, SNULL_NCS_ARP_BAD);
			continue;
		}
		/* Several targets may share device and address: one reply. */
		if (a.op == ARPOP_REQUEST && a.tip == t->np.local_ip.ip &&
		    is_valid_ether_addr(a.sha) && !replied) {
			snull_nc_send_arp(t, ARPOP_REPLY, a.sha, a.sha, a.sip);
			snull_nc_stat_inc(t, SNULL_NCS_ARP_REPLIES);
			replied = true;
		} else if (a.op == ARPOP_REPLY && !t->mac_known &&
			   a.sip == t->arp_ip && a.tip == t->np.local_ip.ip &&
			   is_valid_ether_addr(a.sha)) {
			ether_addr_copy(t->dst_mac, a.sha);
			t->mac_known = true;
			snull_nc_stat_inc(t, SNULL_NCS_ARP_RESOLUTIONS);
		}
	}
	spin_unlock(&snull_nc_lock);
	snull_nc_leave(flags);
out:
	consume_skb(skb);
	return NET_RX_SUCCESS;
}

static struct packet_type snull_nc_arp_pt = {
	.type	= cpu_to_be16(ETH_P_ARP),
	.func	= snull_nc_arp_rcv,
};

void snull_nc_neigh_register(void)
{
	dev_add_pack(&snull_nc_arp_pt);
}

void snull_nc_neigh_unregister(void)
{
	dev_remove_pack(&snull_nc_arp_pt);
}
