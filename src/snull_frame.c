// SPDX-License-Identifier: GPL-2.0
/*
 * snull_frame.c -- the LDD3 address rewrite of snull mode
 *
 * Pure logic on a linear copy of a frame: no skb, no allocation, so that the
 * userspace unit tests compile this very file.
 */
#ifdef __KERNEL__
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <linux/tcp.h>
#include <net/checksum.h>
#include <net/ip.h>
#endif
#include "snull.h"

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

static void snull_fix_l4(u8 *l4, unsigned int l4len, u8 proto,
			 __be32 from, __be32 to)
{
	__sum16 *check;

	if (proto == IPPROTO_TCP) {
		if (l4len < sizeof(struct tcphdr))
			return;
		check = &((struct tcphdr *)l4)->check;
		csum_replace4(check, from, to);
	} else if (proto == IPPROTO_UDP) {
		if (l4len < sizeof(struct udphdr))
			return;
		check = &((struct udphdr *)l4)->check;
		/* Zero means "no checksum" for UDP over IPv4: keep it so. */
		if (!*check)
			return;
		csum_replace4(check, from, to);
		if (!*check)
			*check = CSUM_MANGLED_0;
	}
}

enum snull_rewrite_result snull_rewrite_ipv4(u8 *frame, unsigned int len)
{
	struct ethhdr *eth = (struct ethhdr *)frame;
	__be32 osaddr, odaddr, nsaddr, ndaddr;
	unsigned int ihl, tot;
	struct iphdr *iph;
	u8 *l4;

	if (len < ETH_HLEN || eth->h_proto != htons(ETH_P_IP))
		return SNULL_RW_NOT_IPV4;
	if (len < ETH_HLEN + sizeof(struct iphdr))
		return SNULL_RW_MALFORMED;

	iph = (struct iphdr *)(frame + ETH_HLEN);
	ihl = iph->ihl * 4;
	tot = ntohs(iph->tot_len);
	if (iph->version != 4 || ihl < sizeof(struct iphdr) ||
	    tot < ihl || ETH_HLEN + tot > len)
		return SNULL_RW_MALFORMED;

	osaddr = iph->saddr;
	odaddr = iph->daddr;
	nsaddr = snull_flip(osaddr);
	ndaddr = snull_flip(odaddr);
	iph->saddr = nsaddr;
	iph->daddr = ndaddr;
	csum_replace4(&iph->check, osaddr, nsaddr);
	csum_replace4(&iph->check, odaddr, ndaddr);

	/*
	 * TCP and UDP checksums cover a pseudo-header holding both addresses;
	 * only the first fragment carries the transport header.
	 */
	if (iph->frag_off & htons(IP_OFFSET))
		return SNULL_RW_DONE;
	l4 = frame + ETH_HLEN + ihl;
	snull_fix_l4(l4, tot - ihl, iph->protocol, osaddr, nsaddr);
	snull_fix_l4(l4, tot - ihl, iph->protocol, odaddr, ndaddr);
	return SNULL_RW_DONE;
}
