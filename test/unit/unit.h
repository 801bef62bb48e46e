/* SPDX-License-Identifier: GPL-2.0 */
/* Shared helpers of the userspace unit tests. */
#ifndef _SNULL_UNIT_H
#define _SNULL_UNIT_H

extern int npass, nfail;

#define CHECK(name, cond, ...) do {					\
	if (cond) {							\
		npass++;						\
		printf("PASS %s\n", name);				\
	} else {							\
		nfail++;						\
		printf("FAIL %s: ", name);				\
		printf(__VA_ARGS__);					\
		printf("\n");						\
	}								\
} while (0)

/* Reference Internet checksum, computed from scratch. */
static inline uint16_t ref_csum(const uint8_t *p, size_t len, uint32_t sum)
{
	for (; len > 1; p += 2, len -= 2)
		sum += (p[0] << 8) | p[1];
	if (len)
		sum += p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* Transport checksum over pseudo-header + segment; 0 when valid. */
static inline uint16_t l4_csum(const uint8_t *ip, int proto)
{
	size_t ihl = (ip[0] & 15) * 4, tot = (ip[2] << 8) | ip[3];
	uint32_t sum = 0;
	int i;

	for (i = 12; i < 20; i += 2)
		sum += (ip[i] << 8) | ip[i + 1];
	sum += proto + (tot - ihl);
	return ref_csum(ip + ihl, tot - ihl, sum);
}

void nc_tests(void);
void cmp_tests(void);

#endif
