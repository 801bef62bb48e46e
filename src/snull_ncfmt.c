// SPDX-License-Identifier: GPL-2.0
/*
 * snull_ncfmt.c -- pure logic of the netconsole client
 *
 * Parsing of netconsole= targets, the Ethernet/IPv4/UDP frames and ARP
 * packets the client builds, and the plain/extended datagram formats of the
 * newest in-tree netconsole (release prefix, userdata, sysdata, ncfrag
 * fragmentation).
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
#include <linux/inet.h>
#include <linux/ipv6.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/ip6_checksum.h>
#include <net/ndisc.h>
#include <net/addrconf.h>
#include <net/if_inet6.h>
#endif
#include "snull.h"

void snull_nc_opts_init(struct snull_nc_opts *o)
{
	memset(o, 0, sizeof(*o));
	strscpy(o->dev_name, SNULL_NC_DEFAULT_DEV, sizeof(o->dev_name));
	o->local_port = SNULL_NC_LOCAL_PORT;
	o->remote_port = SNULL_NC_REMOTE_PORT;
	o->ratelimit_burst = SNULL_NC_RL_BURST;
}

/* Copy the field [start, end) into a bounded, NUL-terminated buffer. */
static bool snull_nc_field(char *dst, size_t size, const char *start,
			   const char *end)
{
	size_t n = end - start;

	if (n >= size)
		return false;
	memcpy(dst, start, n);
	dst[n] = '\0';
	return true;
}

static int snull_nc_bad(char *err, size_t errlen, const char *field,
			const char *start, const char *end)
{
	int n = end ? (int)(end - start) : (int)strlen(start);

	snprintf(err, errlen, "%s: '%.*s' is not valid", field,
		 n > 64 ? 64 : n, start);
	return -EINVAL;
}

static int snull_nc_port(const char *start, const char *end, u16 *port,
			 const char *field, char *err, size_t errlen)
{
	char buf[8];

	if (!snull_nc_field(buf, sizeof(buf), start, end) ||
	    kstrtou16(buf, 10, port))
		return snull_nc_bad(err, errlen, field, start, end);
	return 0;
}

/*
 * IPv4 or IPv6, told from the text as in-tree (in4_pton, else in6_pton;
 * no brackets): 0 for IPv4, 1 for IPv6, -EINVAL for neither.  The rest of
 * the union is zeroed.
 */
int snull_nc_parse_ip(const char *start, const char *end,
		      union snull_nc_addr *a)
{
	const char *stop;

	memset(a, 0, sizeof(*a));
	if (end - start > 0 &&
	    in4_pton(start, end - start, (u8 *)&a->ip, -1, &stop) &&
	    stop == end)
		return 0;
	memset(a, 0, sizeof(*a));
	if (end - start > 0 &&
	    in6_pton(start, end - start, a->in6.s6_addr, -1, &stop) &&
	    stop == end)
		return 1;
	memset(a, 0, sizeof(*a));
	return -EINVAL;
}

bool snull_nc_addr_unset(const union snull_nc_addr *a, bool ipv6)
{
	return ipv6 ? ipv6_addr_any(&a->in6) : !a->ip;
}

static int snull_nc_ip(const char *start, const char *end,
		       union snull_nc_addr *a, bool *ipv6, const char *field,
		       char *err, size_t errlen)
{
	int rc = snull_nc_parse_ip(start, end, a);

	if (rc < 0)
		return snull_nc_bad(err, errlen, field, start, end);
	*ipv6 = rc;
	return 0;
}

/*
 * snull's extension after tgt-macaddr: ",ratelimit=<interval_ms>[:<burst>]"
 * (the configfs attributes ratelimit_interval_ms and ratelimit_burst).
 */
static int snull_nc_ratelimit(const char *start, const char *end,
			      struct snull_nc_opts *o, char *err, size_t errlen)
{
	static const char key[] = "ratelimit=";
	const char *colon;
	char buf[12];

	if ((size_t)(end - start) < sizeof(key) - 1 ||
	    memcmp(start, key, sizeof(key) - 1))
		return snull_nc_bad(err, errlen, "option (ratelimit=<ms>[:<burst>])",
				    start, end);
	start += sizeof(key) - 1;
	colon = memchr(start, ':', end - start);
	if (!snull_nc_field(buf, sizeof(buf), start, colon ? colon : end) ||
	    kstrtou32(buf, 10, &o->ratelimit_interval_ms) ||
	    o->ratelimit_interval_ms > SNULL_NC_RL_MAX)
		return snull_nc_bad(err, errlen, "ratelimit interval (ms)", start,
				    colon ? colon : end);
	if (colon && (!snull_nc_field(buf, sizeof(buf), colon + 1, end) ||
		      kstrtou32(buf, 10, &o->ratelimit_burst) ||
		      !o->ratelimit_burst))
		return snull_nc_bad(err, errlen, "ratelimit burst", colon + 1, end);
	return 0;
}

/*
 * [+][r][src-port]@[src-ip]/[dev],[tgt-port]@<tgt-ip>/[tgt-macaddr]
 * Empty fields keep their defaults; a dev containing ':' is a MAC address
 * selecting the egress device (6.12).  err names the field and the text.
 * snull adds [,ratelimit=<interval_ms>[:<burst>]] at the end.
 */
int snull_nc_parse_target(const char *str, struct snull_nc_opts *o,
			  char *err, size_t errlen)
{
	const char *cur = str, *delim;
	bool have_local = false;
	size_t n;
	int rc;

	snull_nc_opts_init(o);
	if (*cur == '+') {
		o->extended = true;
		cur++;
	}
	if (*cur == 'r') {
		if (!o->extended) {
			snprintf(err, errlen,
				 "flags: 'r' (release) requires '+' (extended) before it");
			return -EINVAL;
		}
		o->release = true;
		cur++;
	}

	delim = strchr(cur, '@');
	if (!delim)
		return snull_nc_bad(err, errlen, "src-port@", cur, NULL);
	if (delim != cur) {
		rc = snull_nc_port(cur, delim, &o->local_port, "src-port", err, errlen);
		if (rc)
			return rc;
	}
	cur = delim + 1;

	delim = strchr(cur, '/');
	if (!delim)
		return snull_nc_bad(err, errlen, "src-ip/", cur, NULL);
	if (delim != cur) {
		rc = snull_nc_ip(cur, delim, &o->local_ip, &o->local_ipv6,
				 "src-ip", err, errlen);
		if (rc)
			return rc;
		have_local = true;
	}
	cur = delim + 1;

	delim = strchr(cur, ',');
	if (!delim)
		return snull_nc_bad(err, errlen, "dev,", cur, NULL);
	n = delim - cur;
	if (n && memchr(cur, ':', n)) {
		char mac[18];

		if (!snull_nc_field(mac, sizeof(mac), cur, delim) ||
		    n != 17 || !mac_pton(mac, o->dev_mac))
			return snull_nc_bad(err, errlen, "dev (MAC)", cur, delim);
		o->have_dev_mac = true;
		o->dev_name[0] = '\0';
	} else if (n) {
		if (!snull_nc_field(o->dev_name, sizeof(o->dev_name), cur, delim))
			return snull_nc_bad(err, errlen, "dev", cur, delim);
	}
	cur = delim + 1;

	delim = strchr(cur, '@');
	if (!delim)
		return snull_nc_bad(err, errlen, "tgt-port@", cur, NULL);
	if (delim != cur) {
		rc = snull_nc_port(cur, delim, &o->remote_port, "tgt-port", err, errlen);
		if (rc)
			return rc;
	}
	cur = delim + 1;

	delim = strchr(cur, '/');
	if (!delim || delim == cur)
		return snull_nc_bad(err, errlen, "tgt-ip/ (required)", cur, delim);
	rc = snull_nc_ip(cur, delim, &o->remote_ip, &o->ipv6, "tgt-ip",
			 err, errlen);
	if (rc)
		return rc;
	/* As in-tree: the family of both addresses must agree. */
	if (have_local && o->local_ipv6 != o->ipv6) {
		snprintf(err, errlen,
			 "src-ip is %s but tgt-ip is %s: both must be IPv4 or both IPv6",
			 o->local_ipv6 ? "IPv6" : "IPv4",
			 o->ipv6 ? "IPv6" : "IPv4");
		return -EINVAL;
	}
	cur = delim + 1;

	n = strlen(cur);
	if (n && cur[n - 1] == '\n')
		n--;
	delim = memchr(cur, ',', n);
	if (delim) {
		rc = snull_nc_ratelimit(delim + 1, cur + n, o, err, errlen);
		if (rc)
			return rc;
		n = delim - cur;
	}
	if (n) {
		char mac[18];

		if (n != 17 || !snull_nc_field(mac, sizeof(mac), cur, cur + n) ||
		    !mac_pton(mac, o->remote_mac))
			return snull_nc_bad(err, errlen, "tgt-macaddr", cur, cur + n);
		o->have_remote_mac = true;
	}
	return 0;
}

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

/* Plain format: the console text cut into 1000-byte datagrams, no header. */
void snull_nc_emit_plain(const char *msg, unsigned int len,
			 snull_nc_emit_t emit, void *ctx)
{
	unsigned int chunk;

	while (len) {
		chunk = min_t(unsigned int, len, SNULL_NC_CHUNK);
		emit(ctx, msg, chunk);
		msg += chunk;
		len -= chunk;
	}
}

/*
 * sysdata, as the newest in-tree netconsole appends it after userdata:
 * " cpu=N\n taskname=T\n release=R\n msgid=N\n", each field when enabled,
 * in that order.  Returns the length written (at most size - 1).
 */
unsigned int snull_nc_fmt_sysdata(char *buf, unsigned int size,
				  unsigned int fields, unsigned int cpu,
				  const char *comm, const char *release,
				  u32 msgid)
{
	unsigned int n = 0;

	if (!size)
		return 0;
	buf[0] = '\0';
	if (fields & SNULL_NC_SYS_CPU)
		n += scnprintf(buf + n, size - n, " cpu=%u\n", cpu);
	if (fields & SNULL_NC_SYS_TASKNAME)
		n += scnprintf(buf + n, size - n, " taskname=%s\n", comm);
	if (fields & SNULL_NC_SYS_RELEASE)
		n += scnprintf(buf + n, size - n, " release=%s\n", release);
	if (fields & SNULL_NC_SYS_MSGID)
		n += scnprintf(buf + n, size - n, " msgid=%u\n", msgid);
	return n;
}

/* Copy n bytes from offset off of the stream body ‖ userdata ‖ sysdata. */
static void snull_nc_stream_copy(char *dst, const char *body, unsigned int blen,
				 const struct snull_nc_extra *x,
				 unsigned int off, unsigned int n)
{
	const char *seg[3] = { body, x->userdata, x->sysdata };
	unsigned int len[3] = { blen, x->ulen, x->slen };
	unsigned int i, take;

	for (i = 0; i < 3 && n; i++) {
		if (off >= len[i]) {
			off -= len[i];
			continue;
		}
		take = min(n, len[i] - off);
		memcpy(dst, seg[i] + off, take);
		dst += take;
		n -= take;
		off = 0;
	}
}

static unsigned int snull_nc_put_release(char *buf, const char *release)
{
	unsigned int n;

	if (!release)
		return 0;
	n = strlen(release);
	memcpy(buf, release, n);
	buf[n] = ',';
	return n + 1;
}

/*
 * Extended format, as the newest in-tree netconsole sends it:
 *   [release,]<header>;<body>[userdata][sysdata]
 * in one datagram when it fits in 1000 bytes, else fragments
 *   [release,]<header>,ncfrag=<offset>/<total>;<chunk>
 * where the chunks cut the stream body ‖ userdata ‖ sysdata.  scratch must
 * hold SNULL_NC_CHUNK bytes.  Returns -EINVAL (nothing sent) for a message
 * without the ';' that ends the header, or with a header too long to leave
 * room for a chunk.
 */
int snull_nc_emit_ext(const char *msg, unsigned int len,
		      const struct snull_nc_extra *x, char *scratch,
		      snull_nc_emit_t emit, void *ctx)
{
	unsigned int rlen = x->release ? strlen(x->release) + 1 : 0;
	unsigned int hlen, blen, total, off, pre, chunk;
	const char *body, *semi;

	if ((u64)rlen + len + x->ulen + x->slen <= SNULL_NC_CHUNK) {
		pre = snull_nc_put_release(scratch, x->release);
		memcpy(scratch + pre, msg, len);
		pre += len;
		memcpy(scratch + pre, x->userdata, x->ulen);
		pre += x->ulen;
		memcpy(scratch + pre, x->sysdata, x->slen);
		emit(ctx, scratch, pre + x->slen);
		return 0;
	}

	semi = memchr(msg, ';', len);
	if (!semi)
		return -EINVAL;
	hlen = semi - msg;
	body = semi + 1;
	blen = len - hlen - 1;
	total = blen + x->ulen + x->slen;
	/* Longest header plus ",ncfrag=" and two offsets must leave room. */
	if (rlen + hlen + 32 >= SNULL_NC_CHUNK)
		return -EINVAL;

	for (off = 0; off < total; off += chunk) {
		pre = snull_nc_put_release(scratch, x->release);
		memcpy(scratch + pre, msg, hlen);
		pre += hlen;
		pre += scnprintf(scratch + pre, SNULL_NC_CHUNK - pre,
				 ",ncfrag=%u/%u;", off, total);
		chunk = min(total - off, SNULL_NC_CHUNK - pre);
		snull_nc_stream_copy(scratch + pre, body, blen, x, off, chunk);
		emit(ctx, scratch, pre + chunk);
	}
	return 0;
}

/* ---- the per-target rate limit ---- */

/*
 * May a record go now?  Times in any unit (jiffies in the kernel), the
 * window compared by the difference, so that the counter may wrap.
 * *report: records dropped since the last one that passed, to be reported
 * before this one (0 for none).  interval 0: every record passes.
 */
bool snull_nc_rl_pass(struct snull_nc_rl *rl, unsigned long now,
		      unsigned long interval, unsigned int burst,
		      unsigned long *report)
{
	*report = 0;
	if (interval) {
		if (!rl->open || (long)(now - rl->begin) >= (long)interval) {
			rl->open = true;
			rl->begin = now;
			rl->passed = 0;
		}
		if (rl->passed >= burst) {
			rl->missed++;
			return false;
		}
		rl->passed++;
	} else {
		rl->open = false;
	}
	*report = rl->missed;
	rl->missed = 0;
	return true;
}

/*
 * The notice for @missed dropped records: a line of its own for a plain
 * target (hdr NULL), and for an extended one a record with the header of
 * the record it precedes (@hlen bytes up to its ';').  Returns its length.
 */
unsigned int snull_nc_rl_notice(char *buf, unsigned int size,
				unsigned long missed, const char *hdr,
				unsigned int hlen)
{
	int n = 0;

	if (hdr)
		n = scnprintf(buf, size, "%.*s;", (int)hlen, hdr);
	n += scnprintf(buf + n, size - n,
		       "netconsole: %lu messages dropped by rate limit\n",
		       missed);
	return n;
}
