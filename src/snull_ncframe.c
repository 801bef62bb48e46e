// SPDX-License-Identifier: GPL-2.0
/*
 * snull_ncframe.c -- the frames the netconsole client builds and
 * reads: Ethernet/IPv4/UDP and Ethernet/IPv6/UDP datagrams as in-tree
 * builds them, ARP requests and replies, Neighbor Solicitations and
 * Advertisements, checked before anything in them is believed.
 *
 * No skb, no locking, no allocation: the userspace unit tests and fuzzers
 * compile this file as it is.
 */
#ifdef __KERNEL__
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/if_ether.h>
#include <linux/if_arp.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <linux/ipv6.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/ip6_checksum.h>
#include <net/ndisc.h>
#include <net/addrconf.h>
#include <net/if_inet6.h>
#endif
#include "snull_pure.h"

/*
 * Ethernet + IPv4 + UDP with both checksums, like netpoll_send_udp()
 * builds them (TTL 64, no DF); frames shorter than the Ethernet minimum are
 * padded with zeros.  frame must hold SNULL_NC_FRAME_MAX bytes.
 */
unsigned int snull_nc_build_udp(u8 *frame, const struct snull_nc_flow *f,
				u16 ip_id, const char *payload,
				unsigned int len)
{
	struct ethhdr *eth = (struct ethhdr *)frame;
	struct iphdr *iph = (struct iphdr *)(frame + ETH_HLEN);
	struct udphdr *uh = (struct udphdr *)(iph + 1);
	unsigned int ulen = sizeof(*uh) + len;
	unsigned int flen = SNULL_NC_HDR_LEN + len;

	memcpy(eth->h_dest, f->dst_mac, ETH_ALEN);
	memcpy(eth->h_source, f->src_mac, ETH_ALEN);
	eth->h_proto = htons(ETH_P_IP);

	iph->version = 4;
	iph->ihl = 5;
	iph->tos = 0;
	iph->tot_len = htons(sizeof(*iph) + ulen);
	iph->id = htons(ip_id);
	iph->frag_off = 0;
	iph->ttl = 64;
	iph->protocol = IPPROTO_UDP;
	iph->check = 0;
	iph->saddr = f->saddr;
	iph->daddr = f->daddr;
	iph->check = ip_fast_csum((u8 *)iph, iph->ihl);

	uh->source = htons(f->sport);
	uh->dest = htons(f->dport);
	uh->len = htons(ulen);
	uh->check = 0;
	memcpy(uh + 1, payload, len);
	uh->check = csum_tcpudp_magic(f->saddr, f->daddr, ulen, IPPROTO_UDP,
				      csum_partial(uh, ulen, 0));
	if (!uh->check)
		uh->check = CSUM_MANGLED_0;

	if (flen < ETH_ZLEN) {
		memset(frame + flen, 0, ETH_ZLEN - flen);
		flen = ETH_ZLEN;
	}
	return flen;
}

/* The Ethernet and IPv6 headers every IPv6 frame of the client starts with. */
static struct ipv6hdr *snull_nc_ip6_head(u8 *frame, const u8 *dst,
					 const u8 *src, u8 nexthdr, u8 hops,
					 const struct in6_addr *saddr,
					 const struct in6_addr *daddr,
					 unsigned int plen)
{
	struct ethhdr *eth = (struct ethhdr *)frame;
	struct ipv6hdr *ip6 = (struct ipv6hdr *)(eth + 1);

	memcpy(eth->h_dest, dst, ETH_ALEN);
	memcpy(eth->h_source, src, ETH_ALEN);
	eth->h_proto = htons(ETH_P_IPV6);
	/* version 6, traffic class and flow label 0 */
	memset(ip6, 0, 4);
	frame[ETH_HLEN] = 0x60;
	ip6->payload_len = htons(plen);
	ip6->nexthdr = nexthdr;
	ip6->hop_limit = hops;
	ip6->saddr = *saddr;
	ip6->daddr = *daddr;
	return ip6;
}

/*
 * Ethernet + IPv6 + UDP as the in-tree netconsole builds them (hop limit
 * 32, the UDP checksum always computed, 0 sent as 0xffff).  frame must
 * hold SNULL_NC_FRAME6_MAX bytes; no padding is needed (62 bytes and up).
 */
unsigned int snull_nc_build_udp6(u8 *frame, const struct snull_nc_flow6 *f,
				 const char *payload, unsigned int len)
{
	unsigned int ulen = sizeof(struct udphdr) + len;
	struct ipv6hdr *ip6;
	struct udphdr *uh;

	ip6 = snull_nc_ip6_head(frame, f->dst_mac, f->src_mac, IPPROTO_UDP,
				SNULL_NC_HOP_LIMIT, &f->saddr, &f->daddr, ulen);
	uh = (struct udphdr *)(ip6 + 1);
	uh->source = htons(f->sport);
	uh->dest = htons(f->dport);
	uh->len = htons(ulen);
	uh->check = 0;
	memcpy(uh + 1, payload, len);
	uh->check = csum_ipv6_magic(&f->saddr, &f->daddr, ulen, IPPROTO_UDP,
				    csum_partial(uh, ulen, 0));
	if (!uh->check)
		uh->check = CSUM_MANGLED_0;
	return SNULL_NC_HDR6_LEN + len;
}

/* ff02::1:ffXX:XXXX and its 33:33:ff:XX:XX:XX, where an NS for target goes */
void snull_nc_ndp_solicit_dst(const struct in6_addr *target,
			      struct in6_addr *group, u8 *mac)
{
	addrconf_addr_solict_mult(target, group);
	ipv6_eth_mc_map(group, (char *)mac);
}

/* The checks of RFC 4861 7.1.1 and 7.1.2 on the ICMPv6 body. */
static enum snull_nc_ndp_err snull_nc_ndp_check(const u8 *icmp,
						unsigned int plen,
						struct snull_nc_ndp *n)
{
	struct in6_addr group;
	unsigned int off, olen;
	u8 want;

	if (icmp[1])
		return SNULL_NDP_BAD_CODE;
	memcpy(&n->target, icmp + 8, sizeof(n->target));
	if (ipv6_addr_is_multicast(&n->target))
		return SNULL_NDP_BAD_TARGET;
	n->router = icmp[4] & 0x80;
	n->solicited = icmp[4] & 0x40;
	n->override = icmp[4] & 0x20;
	want = n->type == NDISC_NEIGHBOUR_SOLICITATION ?
		ND_OPT_SOURCE_LL_ADDR : ND_OPT_TARGET_LL_ADDR;
	for (off = 24; off < plen; off += olen) {
		if (plen - off < 2)
			return SNULL_NDP_BAD_OPTION;
		olen = icmp[off + 1] * 8;
		if (!olen || olen > plen - off)
			return SNULL_NDP_BAD_OPTION;
		if (icmp[off] != want)
			continue;
		if (olen != 8)
			return SNULL_NDP_BAD_LLADDR;
		memcpy(n->lladdr, icmp + off + 2, ETH_ALEN);
		n->have_lladdr = true;
	}
	if (n->type == NDISC_NEIGHBOUR_SOLICITATION && ipv6_addr_any(&n->saddr)) {
		addrconf_addr_solict_mult(&n->target, &group);
		if (!ipv6_addr_equal(&n->daddr, &group) || n->have_lladdr)
			return SNULL_NDP_BAD_SOURCE;
	}
	if (n->type == NDISC_NEIGHBOUR_ADVERTISEMENT && n->solicited &&
	    ipv6_addr_is_multicast(&n->daddr))
		return SNULL_NDP_BAD_FLAGS;
	return SNULL_NDP_OK;
}

/*
 * ip6 points at the IPv6 header of a frame from the wire (no alignment
 * promise: read by bytes); len is what follows the Ethernet header.
 * Only an NS or NA with no extension header is NDP here.
 */
enum snull_nc_ndp_err snull_nc_ndp_parse(const u8 *ip6, unsigned int len,
					 struct snull_nc_ndp *n)
{
	unsigned int plen;
	const u8 *icmp;

	memset(n, 0, sizeof(*n));
	if (len < 41 || ip6[0] >> 4 != 6 || ip6[6] != IPPROTO_ICMPV6)
		return SNULL_NDP_NOT_NDP;
	icmp = ip6 + 40;
	if (icmp[0] != NDISC_NEIGHBOUR_SOLICITATION &&
	    icmp[0] != NDISC_NEIGHBOUR_ADVERTISEMENT)
		return SNULL_NDP_NOT_NDP;
	n->type = icmp[0];
	plen = (ip6[4] << 8) | ip6[5];
	if (plen > len - 40 || plen < 24)
		return SNULL_NDP_TRUNCATED;
	if (ip6[7] != 255)
		return SNULL_NDP_BAD_HOP_LIMIT;
	memcpy(&n->saddr, ip6 + 8, sizeof(n->saddr));
	memcpy(&n->daddr, ip6 + 24, sizeof(n->daddr));
	if (csum_ipv6_magic(&n->saddr, &n->daddr, plen, IPPROTO_ICMPV6,
			    csum_partial(icmp, plen, 0)))
		return SNULL_NDP_BAD_CSUM;
	return snull_nc_ndp_check(icmp, plen, n);
}

/*
 * An NS (with our link-layer address as source option) or an NA (flags
 * as given, our address as target option), hop limit 255, checksummed; a
 * whole Ethernet frame of SNULL_NC_NDP_LEN bytes.
 */
unsigned int snull_nc_ndp_build(u8 *frame, const u8 *eth_dst,
				const u8 *eth_src, const struct snull_nc_ndp *n)
{
	unsigned int plen = SNULL_NC_NDP_LEN - ETH_HLEN - 40;
	struct ipv6hdr *ip6;
	struct icmp6hdr *ic;
	u8 *body;

	ip6 = snull_nc_ip6_head(frame, eth_dst, eth_src, IPPROTO_ICMPV6, 255,
				&n->saddr, &n->daddr, plen);
	ic = (struct icmp6hdr *)(ip6 + 1);
	body = (u8 *)ic;
	memset(body, 0, plen);
	body[0] = n->type;
	if (n->type == NDISC_NEIGHBOUR_ADVERTISEMENT)
		body[4] = (n->router ? 0x80 : 0) | (n->solicited ? 0x40 : 0) |
			  (n->override ? 0x20 : 0);
	memcpy(body + 8, &n->target, sizeof(n->target));
	body[24] = n->type == NDISC_NEIGHBOUR_SOLICITATION ?
		ND_OPT_SOURCE_LL_ADDR : ND_OPT_TARGET_LL_ADDR;
	body[25] = 1;
	memcpy(body + 26, n->lladdr, ETH_ALEN);
	ic->icmp6_cksum = csum_ipv6_magic(&n->saddr, &n->daddr, plen,
					  IPPROTO_ICMPV6,
					  csum_partial(body, plen, 0));
	return SNULL_NC_NDP_LEN;
}

/*
 * arp points at the ARP header (after the Ethernet header); read byte by
 * byte, as a frame from the wire has no alignment promise.
 */
enum snull_nc_arp_err snull_nc_arp_parse(const u8 *arp, unsigned int len,
					 struct snull_nc_arp *a)
{
	u16 hrd, pro, op;

	if (len < SNULL_NC_ARP_LEN)
		return SNULL_ARP_TRUNCATED;
	hrd = (arp[0] << 8) | arp[1];
	pro = (arp[2] << 8) | arp[3];
	op = (arp[6] << 8) | arp[7];
	if (hrd != ARPHRD_ETHER || arp[4] != ETH_ALEN)
		return SNULL_ARP_BAD_HW;
	if (pro != ETH_P_IP || arp[5] != 4)
		return SNULL_ARP_BAD_PROTO;
	if (op != ARPOP_REQUEST && op != ARPOP_REPLY)
		return SNULL_ARP_BAD_OP;
	a->op = op;
	memcpy(a->sha, arp + 8, ETH_ALEN);
	memcpy(&a->sip, arp + 14, 4);
	memcpy(a->tha, arp + 18, ETH_ALEN);
	memcpy(&a->tip, arp + 24, 4);
	return SNULL_ARP_OK;
}

/* A whole Ethernet frame, padded to the minimum; returns its length. */
unsigned int snull_nc_arp_build(u8 *frame, const u8 *eth_dst,
				const struct snull_nc_arp *a)
{
	struct ethhdr *eth = (struct ethhdr *)frame;
	struct arphdr *ah = (struct arphdr *)(eth + 1);
	u8 *p = (u8 *)(ah + 1);

	memcpy(eth->h_dest, eth_dst, ETH_ALEN);
	memcpy(eth->h_source, a->sha, ETH_ALEN);
	eth->h_proto = htons(ETH_P_ARP);
	ah->ar_hrd = htons(ARPHRD_ETHER);
	ah->ar_pro = htons(ETH_P_IP);
	ah->ar_hln = ETH_ALEN;
	ah->ar_pln = 4;
	ah->ar_op = htons(a->op);
	memcpy(p, a->sha, ETH_ALEN);
	memcpy(p + 6, &a->sip, 4);
	memcpy(p + 10, a->tha, ETH_ALEN);
	memcpy(p + 16, &a->tip, 4);
	memset(p + 20, 0, ETH_ZLEN - ETH_HLEN - SNULL_NC_ARP_LEN);
	return ETH_ZLEN;
}
