// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target over the pure parsers that see untrusted input: the
 * netconsole= parser, the ARP parser, the snull-mode IPv4 rewrite and the
 * extended formatter.  The first byte picks the function.
 */
#include "snull.h"

static void sink(void *ctx, const char *buf, unsigned int len)
{
	volatile unsigned int *total = ctx;

	if (len > SNULL_NC_CHUNK)
		__builtin_trap();
	*total += len + (buf[0] & 0);
}

/* a jumbo frame: the rewrite reads no more than the IPv4 and L4 headers */
#define FUZZ_FRAME_MAX	9018

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char str[4096], scratch[SNULL_NC_CHUNK];
	static u8 frame[FUZZ_FRAME_MAX + 2] __attribute__((aligned(16)));
	struct sk_buff skb = { 0 };
	struct snull_nc_opts o;
	struct snull_nc_arp a;
	unsigned int total = 0, split;
	char err[160];

	if (size < 1)
		return 0;
	switch (data[0] % 4) {
	case 0:
		size = size - 1 < sizeof(str) - 1 ? size - 1 : sizeof(str) - 1;
		memcpy(str, data + 1, size);
		str[size] = 0;
		snull_nc_parse_target(str, &o, err, sizeof(err));
		break;
	case 1:
		snull_nc_arp_parse(data + 1, size - 1, &a);
		break;
	case 2:
		size = size - 1 < sizeof(frame) - 2 ? size - 1 : sizeof(frame) - 2;
		memcpy(frame + 2, data + 1, size);
		skb.data = frame + 2;
		skb.len = size;
		/* the first byte picks the checksum state and GSO */
		skb.ip_summed = data[0] >> 4 & 3;
		skb.gso_size = data[0] >> 6 & 1 ? 1400 : 0;
		snull_rewrite_ipv4(&skb);
		break;
	case 3:
		if (size < 2)
			break;
		size = size - 2 < sizeof(str) ? size - 2 : sizeof(str);
		memcpy(str, data + 2, size);
		split = data[1] * size / 256;
		snull_nc_emit_ext(str, split, data[1] & 1 ? "6.12.0-test" : NULL,
				  str + split, size - split, scratch, sink, &total);
		break;
	}
	return 0;
}
