/* SPDX-License-Identifier: GPL-2.0 */
/*
 * snull_ushim.h -- the few kernel helpers the pure snull sources use,
 * reimplemented for the userspace unit tests.  The checksum helpers follow
 * RFC 1624 independently of the kernel's code; the tests check their
 * results against a full recomputation.
 */
#ifndef _SNULL_USHIM_H
#define _SNULL_USHIM_H

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <linux/tcp.h>
#include <linux/if_arp.h>
#include <netinet/in.h>
#include <linux/ipv6.h>
#include <linux/icmpv6.h>
#include <stdarg.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define IP_OFFSET	0x1FFF
#define CSUM_MANGLED_0	((__sum16)0xffff)

static inline void csum_replace4(__sum16 *sum, __be32 from, __be32 to)
{
	/* RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'), on 16-bit words. */
	uint32_t s = (uint16_t)~ntohs(*sum);
	uint32_t f = ntohl(from), t = ntohl(to);

	s += (uint16_t)~(f >> 16) + (uint16_t)~(f & 0xffff);
	s += (t >> 16) + (t & 0xffff);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	*sum = htons((uint16_t)~s);
}

/*
 * The part of an skb the rewrite uses: a linear frame starting at the
 * Ethernet header.  A test can make the skb refuse to become writable, as
 * an atomic allocation that fails would.
 */
enum { CHECKSUM_NONE, CHECKSUM_UNNECESSARY, CHECKSUM_COMPLETE,
       CHECKSUM_PARTIAL };

struct sk_buff {
	unsigned char *data;
	unsigned int len;
	unsigned char ip_summed;
	uint32_t csum;			/* CHECKSUM_COMPLETE, host order */
	unsigned int csum_start;	/* CHECKSUM_PARTIAL: from data, not head */
	unsigned int csum_offset;
	unsigned int gso_size;
	bool fail_writable;
	unsigned int writable_len;	/* largest length asked to be writable */
};

static inline bool pskb_may_pull(struct sk_buff *skb, unsigned int len)
{
	return len <= skb->len;
}

static inline int skb_ensure_writable(struct sk_buff *skb, unsigned int len)
{
	if (skb->fail_writable || len > skb->len)
		return -ENOMEM;
	if (len > skb->writable_len)
		skb->writable_len = len;
	return 0;
}

static inline int skb_checksum_start_offset(const struct sk_buff *skb)
{
	return skb->csum_start;
}

static inline bool skb_is_gso(const struct sk_buff *skb)
{
	return skb->gso_size;
}

/*
 * The kernel's contract for a pseudo-header address change: a full
 * checksum (NONE, UNNECESSARY, COMPLETE) is updated as csum_replace4()
 * does, and a COMPLETE skb's sum follows the changed field; a PARTIAL
 * skb's field holds the uncomplemented pseudo-header sum that the final
 * computation starts from, so it moves by the same difference, not
 * complemented (RFC 1624 eqn. 3 without the outer complement).
 */
static inline void inet_proto_csum_replace4(__sum16 *sum, struct sk_buff *skb,
					    __be32 from, __be32 to,
					    bool pseudohdr)
{
	uint32_t f = ntohl(from), t = ntohl(to), s;
	__sum16 old = *sum;

	if (skb->ip_summed != CHECKSUM_PARTIAL) {
		csum_replace4(sum, from, to);
		if (skb->ip_summed == CHECKSUM_COMPLETE && pseudohdr) {
			/* the field went from old to *sum */
			s = skb->csum + (uint16_t)~ntohs(old) + ntohs(*sum);
			while (s >> 16)
				s = (s & 0xffff) + (s >> 16);
			skb->csum = s;
		}
		return;
	}
	if (!pseudohdr)
		return;
	s = ntohs(*sum);
	s += (uint16_t)~(f >> 16) + (uint16_t)~(f & 0xffff);
	s += (t >> 16) + (t & 0xffff);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	*sum = htons((uint16_t)s);
}

static inline bool sysfs_streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	if (*a == *b)
		return true;
	if (*a == '\n' && !a[1] && !*b)
		return true;
	if (*b == '\n' && !b[1] && !*a)
		return true;
	return false;
}

/* Kernel semantics: base 0, one trailing newline, no sign, no overflow. */
static inline int kstrtouint(const char *s, unsigned int base, unsigned int *res)
{
	unsigned long long v;
	char *end;

	if (!*s || !isxdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, base);
	if (errno || end == s)
		return -EINVAL;
	if (*end == '\n')
		end++;
	if (*end)
		return -EINVAL;
	if (v > UINT_MAX)
		return -ERANGE;
	*res = (unsigned int)v;
	return 0;
}

#define ALIGN(x, a)		(((x) + (a) - 1) & ~((typeof(x))(a) - 1))
#define __aligned(x)		__attribute__((aligned(x)))
#define READ_ONCE(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_RELAXED)
#define smp_load_acquire(p)	__atomic_load_n((p), __ATOMIC_ACQUIRE)
#define smp_store_release(p, v)	__atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define min(a, b)		((a) < (b) ? (a) : (b))
#define min_t(t, a, b)		((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#ifndef ETH_ZLEN
#define ETH_ZLEN		60
#endif

static inline int kstrtou16(const char *s, unsigned int base, u16 *res)
{
	unsigned int v;
	int rc = kstrtouint(s, base, &v);

	if (rc)
		return rc;
	if (v > 0xffff)
		return -ERANGE;
	*res = (u16)v;
	return 0;
}

static inline int kstrtou32(const char *s, unsigned int base, u32 *res)
{
	unsigned int v;
	int rc = kstrtouint(s, base, &v);

	if (!rc)
		*res = v;
	return rc;
}

static inline ssize_t strscpy(char *dst, const char *src, size_t size)
{
	size_t i;

	if (!size)
		return -E2BIG;
	for (i = 0; i < size - 1 && src[i]; i++)
		dst[i] = src[i];
	dst[i] = 0;
	return src[i] ? -E2BIG : (ssize_t)i;
}

static inline int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!size)
		return 0;
	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0)
		return 0;
	return (size_t)n >= size ? (int)size - 1 : n;
}

/* Kernel semantics: exactly "a.b.c.d" within srclen (-1: NUL-ended). */
static inline int in4_pton(const char *src, int srclen, u8 *dst, int delim,
			   const char **end)
{
	char buf[16];
	size_t n = srclen < 0 ? strlen(src) : (size_t)srclen;
	unsigned int i, oct = 0, dots = 0, digits = 0;

	(void)delim;
	if (n >= sizeof(buf))
		return 0;
	memcpy(buf, src, n);
	buf[n] = 0;
	for (i = 0; i <= n; i++) {
		char c = buf[i];

		if (c >= '0' && c <= '9') {
			oct = oct * 10 + (c - '0');
			if (++digits > 3 || oct > 255)
				return 0;
		} else if (c == '.' || c == 0) {
			if (!digits || (c == '.' && dots == 3))
				return 0;
			dst[dots] = (u8)oct;
			if (c == 0)
				break;
			dots++;
			oct = 0;
			digits = 0;
		} else {
			return 0;
		}
	}
	if (dots != 3)
		return 0;
	if (end)
		*end = src + n;
	return 1;
}

/* Whole-field IPv6 (the callers check *end against the field's end). */
static inline int in6_pton(const char *src, int srclen, u8 *dst, int delim,
			   const char **end)
{
	char buf[64];
	size_t n = srclen < 0 ? strlen(src) : (size_t)srclen;

	(void)delim;
	if (n >= sizeof(buf))
		return 0;
	memcpy(buf, src, n);
	buf[n] = 0;
	if (inet_pton(AF_INET6, buf, dst) != 1)
		return 0;
	if (end)
		*end = src + n;
	return 1;
}

/* Kernel semantics: "xx:xx:xx:xx:xx:xx" (or '-'), first 17 chars. */
static inline bool mac_pton(const char *s, u8 *mac)
{
	int i;

	if (strlen(s) < 17)
		return false;
	for (i = 0; i < 6; i++) {
		if (!isxdigit((unsigned char)s[i * 3]) ||
		    !isxdigit((unsigned char)s[i * 3 + 1]))
			return false;
		if (i != 5 && s[i * 3 + 2] != ':' && s[i * 3 + 2] != '-')
			return false;
	}
	for (i = 0; i < 6; i++) {
		char h[3] = { s[i * 3], s[i * 3 + 1], 0 };

		mac[i] = (u8)strtoul(h, NULL, 16);
	}
	return true;
}

/* Internet checksum helpers, written from RFC 1071. */
static inline uint32_t ushim_sum(const void *p, size_t len, uint32_t sum)
{
	const uint8_t *b = p;

	for (; len > 1; b += 2, len -= 2)
		sum += (b[0] << 8) | b[1];
	if (len)
		sum += b[0] << 8;
	return sum;
}

static inline uint16_t ushim_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

typedef uint32_t __wsum;

static inline __sum16 ip_fast_csum(const void *iph, unsigned int ihl)
{
	return htons((uint16_t)~ushim_fold(ushim_sum(iph, ihl * 4, 0)));
}

/* host-order partial sum, carried in __wsum */
static inline __wsum csum_partial(const void *buf, int len, __wsum sum)
{
	return ushim_sum(buf, len, sum);
}

static inline __sum16 csum_tcpudp_magic(__be32 saddr, __be32 daddr,
					uint32_t len, uint8_t proto, __wsum sum)
{
	sum = ushim_sum(&saddr, 4, sum);
	sum = ushim_sum(&daddr, 4, sum);
	sum += proto + len;
	return htons((uint16_t)~ushim_fold(sum));
}

static inline __sum16 csum_ipv6_magic(const struct in6_addr *saddr,
				      const struct in6_addr *daddr,
				      uint32_t len, uint8_t proto, __wsum sum)
{
	sum = ushim_sum(saddr, 16, sum);
	sum = ushim_sum(daddr, 16, sum);
	sum += (len >> 16) + (len & 0xffff) + proto;
	return htons((uint16_t)~ushim_fold(sum));
}

/* net/ndisc.h and net/ipv6.h, written from RFC 4861 and RFC 4291 */
#define NDISC_NEIGHBOUR_SOLICITATION	135
#define NDISC_NEIGHBOUR_ADVERTISEMENT	136
#define ND_OPT_SOURCE_LL_ADDR		1
#define ND_OPT_TARGET_LL_ADDR		2

static inline bool ipv6_addr_is_multicast(const struct in6_addr *a)
{
	return a->s6_addr[0] == 0xff;
}

static inline bool ipv6_addr_any(const struct in6_addr *a)
{
	static const struct in6_addr zero;

	return !memcmp(a, &zero, sizeof(zero));
}

static inline bool ipv6_addr_equal(const struct in6_addr *a,
				   const struct in6_addr *b)
{
	return !memcmp(a, b, sizeof(*a));
}

/* ff02::1:ffXX:XXXX from the address's last 24 bits */
static inline void addrconf_addr_solict_mult(const struct in6_addr *addr,
					     struct in6_addr *solicited)
{
	static const u8 prefix[13] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0,
				       0, 0, 0, 1, 0xff };

	memcpy(solicited->s6_addr, prefix, 13);
	memcpy(solicited->s6_addr + 13, addr->s6_addr + 13, 3);
}

/* 33:33 and the group's last 32 bits */
static inline void ipv6_eth_mc_map(const struct in6_addr *addr, char *buf)
{
	buf[0] = 0x33;
	buf[1] = 0x33;
	memcpy(buf + 2, addr->s6_addr + 12, 4);
}

#endif /* _SNULL_USHIM_H */
