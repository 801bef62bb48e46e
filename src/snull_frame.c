// SPDX-License-Identifier: GPL-2.0
/*
 * snull_frame.c -- the LDD3 address rewrite of snull mode
 *
 * Works on the skb that crosses the pair, with the kernel's skb and
 * checksum helpers only; the userspace unit tests compile this very file
 * against their own versions of those helpers (test/unit/snull_ushim.h).
 */
#ifdef __KERNEL__
#include <linux/if_ether.h>
#include <linux/skbuff.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <linux/tcp.h>
#include <net/checksum.h>
#include <net/ip.h>
#endif
#include "snull_pure.h"

/*
 * Flipping the lowest bit of the third octet moves 192.168.2.x to
 * 192.168.3.x and back; with the addresses of LDD3 chapter 17 this makes a
 * packet sent to the "remote" network of one interface arrive as a packet
 * for the local network of the other.
 */
static __be32 snull_flip(__be32 addr)
{
	return addr ^ htonl(0x00000100);
}

/*
 * Fix the TCP or UDP checksum at @off for one changed address.  The
 * kernel's helper handles every checksum state: a full checksum is updated,
 * and for CHECKSUM_PARTIAL (TSO/GSO, checksum offload) only the
 * pseudo-header seed that the final computation starts from -- if the
 * field at @off is the one to be completed.  Another one (the outer UDP
 * header of a tunnel with local checksum offload, csum_start pointing at
 * the inner header) holds a whole checksum, updated as such.
 */
static void snull_fix_l4(struct sk_buff *skb, unsigned int off, u8 proto,
			 __be32 from, __be32 to)
{
	__sum16 *check = (__sum16 *)(skb->data + off);
	bool partial = skb->ip_summed == CHECKSUM_PARTIAL;
	bool seed = partial &&
		    skb_checksum_start_offset(skb) + skb->csum_offset == off;

	/* Zero means "no checksum" for UDP over IPv4: keep it so. */
	if (proto == IPPROTO_UDP && !*check && !seed)
		return;
	if (partial && !seed)
		csum_replace4(check, from, to);
	else
		inet_proto_csum_replace4(check, skb, from, to, true);
	if (proto == IPPROTO_UDP && !*check)
		*check = CSUM_MANGLED_0;
}

enum snull_rewrite_result snull_rewrite_ipv4(struct sk_buff *skb)
{
	const unsigned int l3 = ETH_HLEN;
	__be32 osaddr, odaddr, nsaddr, ndaddr;
	unsigned int ihl, tot, len = skb->len, csum_off = 0;
	struct iphdr *iph;
	u8 proto;

	/* The caller pulled the Ethernet header into the linear part. */
	if (len < ETH_HLEN ||
	    ((struct ethhdr *)skb->data)->h_proto != htons(ETH_P_IP))
		return SNULL_RW_NOT_IPV4;
	if (len < l3 + sizeof(struct iphdr))
		return SNULL_RW_MALFORMED;
	if (!pskb_may_pull(skb, l3 + sizeof(struct iphdr)))
		return SNULL_RW_NOMEM;
	iph = (struct iphdr *)(skb->data + l3);
	ihl = iph->ihl * 4;
	tot = ntohs(iph->tot_len);
	/* BIG TCP: a GSO skb beyond 64 KB carries tot_len 0. */
	if (!tot && skb_is_gso(skb))
		tot = len - l3;
	if (iph->version != 4 || ihl < sizeof(struct iphdr) ||
	    tot < ihl || l3 + tot > len)
		return SNULL_RW_MALFORMED;
	proto = iph->protocol;

	/*
	 * TCP and UDP checksums cover a pseudo-header holding both addresses;
	 * only the first fragment carries the transport header, and a header
	 * cut short has no checksum to fix.
	 */
	if (!(iph->frag_off & htons(IP_OFFSET))) {
		if (proto == IPPROTO_TCP && tot - ihl >= sizeof(struct tcphdr))
			csum_off = l3 + ihl + offsetof(struct tcphdr, check);
		else if (proto == IPPROTO_UDP &&
			 tot - ihl >= sizeof(struct udphdr))
			csum_off = l3 + ihl + offsetof(struct udphdr, check);
	}
	/*
	 * Writable from here: a clone's head is copied (a tap on the sender
	 * keeps seeing the original), the frags are never written.
	 */
	if (skb_ensure_writable(skb, csum_off ? csum_off + 2 : l3 + ihl))
		return SNULL_RW_NOMEM;
	iph = (struct iphdr *)(skb->data + l3);

	osaddr = iph->saddr;
	odaddr = iph->daddr;
	nsaddr = snull_flip(osaddr);
	ndaddr = snull_flip(odaddr);
	iph->saddr = nsaddr;
	iph->daddr = ndaddr;
	csum_replace4(&iph->check, osaddr, nsaddr);
	csum_replace4(&iph->check, odaddr, ndaddr);
	if (csum_off) {
		snull_fix_l4(skb, csum_off, proto, osaddr, nsaddr);
		snull_fix_l4(skb, csum_off, proto, odaddr, ndaddr);
	}
	return SNULL_RW_DONE;
}
