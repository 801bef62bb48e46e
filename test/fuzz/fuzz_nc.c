// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target over the pure parsers that see untrusted input: the
 * netconsole= parser, the ARP parser, the snull-mode IPv4 rewrite, the
 * extended formatter (userdata and sysdata), the sysdata formatter and the
 * Neighbor Discovery parser (with a rebuild of what it accepts).  The first byte picks the function.
 */
#include "snull_pure.h"

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
	switch (data[0] % 6) {
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
		{
			/* the tail is userdata, then sysdata, cut by data[1] */
			unsigned int ulen = (size - split) * (data[1] >> 4) / 16;
			struct snull_nc_extra x = {
				.release = data[1] & 1 ? "6.12.0-test" : NULL,
				.userdata = str + split, .ulen = ulen,
				.sysdata = str + split + ulen,
				.slen = size - split - ulen,
			};

			snull_nc_emit_ext(str, split, &x, scratch, sink, &total);
		}
		break;
	case 4:
		/* sysdata: fields and CPU from the input, task name as text */
		if (size < 8)
			break;
		size = size - 7 < 64 ? size - 7 : 64;
		memcpy(str, data + 7, size);
		str[size] = 0;
		{
			char sys[SNULL_NC_SYS_LEN];
			unsigned int n, fields = data[1] & 15;
			unsigned int cpu = data[2] << 8 | data[3];
			u32 msgid = (u32)data[4] << 24 | data[5] << 16 | data[6];

			n = snull_nc_fmt_sysdata(sys, sizeof(sys), fields, cpu,
						 str, "7.2.13+deb14-cloud-amd64", msgid);
			if (n >= sizeof(sys) || n != strlen(sys))
				__builtin_trap();
		}
		break;
	case 5:
		/* NDP: what parses must rebuild into a frame that parses */
		{
			struct snull_nc_ndp n;
			/* the IPv6 header 4-byte aligned, as in an skb */
			static u8 obuf[SNULL_NC_NDP_LEN + 2] __attribute__((aligned(16)));
			u8 *out = obuf + 2;

			if (snull_nc_ndp_parse(data + 1, size - 1, &n) != SNULL_NDP_OK)
				break;
			if (!n.have_lladdr || n.type != NDISC_NEIGHBOUR_SOLICITATION ||
			    ipv6_addr_any(&n.saddr))
				break;
			snull_nc_ndp_build(out, n.lladdr, n.lladdr, &n);
			if (snull_nc_ndp_parse(out + ETH_HLEN, SNULL_NC_NDP_LEN - ETH_HLEN,
					       &n) != SNULL_NDP_OK)
				__builtin_trap();
		}
		break;
	}
	return 0;
}
