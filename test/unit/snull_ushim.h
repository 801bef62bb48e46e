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
#include <netinet/in.h>

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

#endif /* _SNULL_USHIM_H */
