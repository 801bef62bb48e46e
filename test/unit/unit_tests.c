// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the pure logic of snull: the snull-mode IPv4 rewrite with
 * its checksum fix-ups, and the module parameter checks.
 * Output: one "PASS name" / "FAIL name: why" line per test, then a count.
 */
#include "snull_pure.h"
#include "unit.h"

int npass, nfail;

/* Build Ethernet + IPv4 + proto frame with correct checksums. */
static size_t mk_ipv4(uint8_t *f, int proto, const char *src, const char *dst,
		      size_t payload, uint16_t frag)
{
	struct iphdr *iph = (struct iphdr *)(f + ETH_HLEN);
	size_t l4h = proto == IPPROTO_TCP ? 20 : proto == IPPROTO_UDP ? 8 : 8;
	size_t tot = 20 + l4h + payload, i;
	uint16_t c;
	uint8_t *l4;

	memset(f, 0, ETH_HLEN + tot);
	memset(f, 0xaa, 12);
	f[12] = 0x08;
	iph->version = 4;
	iph->ihl = 5;
	iph->tot_len = htons(tot);
	iph->id = htons(0x1234);
	iph->frag_off = htons(frag);
	iph->ttl = 64;
	iph->protocol = proto;
	inet_pton(AF_INET, src, &iph->saddr);
	inet_pton(AF_INET, dst, &iph->daddr);
	l4 = f + ETH_HLEN + 20;
	for (i = 0; i < payload; i++)
		l4[l4h + i] = (uint8_t)(i * 7 + 3);
	if (proto == IPPROTO_UDP) {
		l4[0] = 0x30; l4[1] = 0x39; l4[2] = 0x15; l4[3] = 0xb3;
		l4[4] = (8 + payload) >> 8; l4[5] = (uint8_t)(8 + payload);
	} else if (proto == IPPROTO_TCP) {
		l4[0] = 0x30; l4[1] = 0x39; l4[2] = 0x00; l4[3] = 0x50;
		l4[12] = 0x50; l4[13] = 0x18;
	} else {
		l4[0] = 8;	/* ICMP echo */
	}
	if (proto == IPPROTO_UDP || proto == IPPROTO_TCP) {
		c = l4_csum(f + ETH_HLEN, proto);
		l4[proto == IPPROTO_UDP ? 6 : 16] = c >> 8;
		l4[proto == IPPROTO_UDP ? 7 : 17] = (uint8_t)c;
	} else {
		c = ref_csum(l4, l4h + payload, 0);
		l4[2] = c >> 8;
		l4[3] = (uint8_t)c;
	}
	c = ref_csum(f + ETH_HLEN, 20, 0);
	iph->check = htons(c);
	return ETH_HLEN + tot;
}

/* The rewrite on a linear skb holding @len bytes of @f, no offloads. */
static enum snull_rewrite_result rw(uint8_t *f, size_t len)
{
	struct sk_buff skb = { .data = f, .len = len,
			       .ip_summed = CHECKSUM_NONE };

	return snull_rewrite_ipv4(&skb);
}

static int ip_is(const uint8_t *f, int off, const char *want)
{
	char buf[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, f + ETH_HLEN + off, buf, sizeof(buf));
	return !strcmp(buf, want);
}

static void test_rewrite_l4(int proto, const char *name, size_t payload)
{
	uint8_t fbuf[2048 + 2] __attribute__((aligned(16))), orig[2048];
	uint8_t *f = fbuf + 2;	/* IP header 4-byte aligned, as in the pool */
	size_t len = mk_ipv4(f, proto, "192.168.2.8", "192.168.2.9", payload, 0);
	enum snull_rewrite_result r;
	char n[64];

	memcpy(orig, f, len);
	r = rw(f, len);
	snprintf(n, sizeof(n), "rewrite_%s_result", name);
	CHECK(n, r == SNULL_RW_DONE, "result %d", r);
	snprintf(n, sizeof(n), "rewrite_%s_addresses", name);
	CHECK(n, ip_is(f, 12, "192.168.3.8") && ip_is(f, 16, "192.168.3.9"),
	      "addresses not flipped");
	snprintf(n, sizeof(n), "rewrite_%s_ip_csum", name);
	CHECK(n, ref_csum(f + ETH_HLEN, 20, 0) == 0, "IP header checksum broken");
	snprintf(n, sizeof(n), "rewrite_%s_l4_csum", name);
	if (proto == IPPROTO_ICMP)
		CHECK(n, !memcmp(f + 34, orig + 34, len - 34),
		      "ICMP part modified");
	else
		CHECK(n, l4_csum(f + ETH_HLEN, proto) == 0,
		      "%s checksum broken", name);
	snprintf(n, sizeof(n), "rewrite_%s_involution", name);
	rw(f, len);
	CHECK(n, !memcmp(f, orig, len), "second rewrite did not restore");
}

/*
 * CHECKSUM_PARTIAL, as TSO/GSO and checksum offload hand it over: the
 * field holds the uncomplemented pseudo-header sum, and whoever finishes
 * the checksum (the segmenter, or the receiver's stack) adds the segment
 * to it.  Finish it here from scratch and check it verifies with the new
 * addresses.
 */
static void test_rewrite_partial(int proto, const char *name, int gso)
{
	uint8_t fbuf[2048 + 2] __attribute__((aligned(16)));
	uint8_t *f = fbuf + 2, *l4 = f + ETH_HLEN + 20;
	size_t len = mk_ipv4(f, proto, "192.168.2.8", "192.168.2.9", 900, 0);
	int co = proto == IPPROTO_UDP ? 6 : 16;
	struct sk_buff skb = { .data = f, .len = len,
			       .ip_summed = CHECKSUM_PARTIAL,
			       .csum_start = ETH_HLEN + 20, .csum_offset = co,
			       .gso_size = gso ? 500 : 0 };
	enum snull_rewrite_result r;
	uint32_t sum = 0;
	uint16_t seed, c;
	char n[64];
	int i;

	/* seed = ~(complemented pseudo-header checksum) */
	for (i = 12; i < 20; i += 2)
		sum += (f[ETH_HLEN + i] << 8) | f[ETH_HLEN + i + 1];
	sum += proto + (len - ETH_HLEN - 20);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	seed = (uint16_t)sum;
	l4[co] = seed >> 8;
	l4[co + 1] = (uint8_t)seed;
	if (gso)		/* BIG TCP: tot_len 0 on a GSO skb */
		f[ETH_HLEN + 2] = f[ETH_HLEN + 3] = 0;
	r = snull_rewrite_ipv4(&skb);
	if (gso) {
		f[ETH_HLEN + 2] = (len - ETH_HLEN) >> 8;
		f[ETH_HLEN + 3] = (uint8_t)(len - ETH_HLEN);
		/* the header checksum was computed with tot_len 0 */
	}
	/* finish the checksum as the device would: over the segment */
	c = ref_csum(l4, len - ETH_HLEN - 20, 0);
	l4[co] = c >> 8;
	l4[co + 1] = (uint8_t)c;
	snprintf(n, sizeof(n), "rewrite_partial_%s", name);
	CHECK(n, r == SNULL_RW_DONE && ip_is(f, 12, "192.168.3.8") &&
	      ip_is(f, 16, "192.168.3.9") &&
	      l4_csum(f + ETH_HLEN, proto) == 0,
	      "result %d, finished checksum does not verify", r);
	snprintf(n, sizeof(n), "rewrite_partial_%s_writable", name);
	CHECK(n, skb.writable_len == (unsigned int)(ETH_HLEN + 20 + co + 2),
	      "asked %u writable", skb.writable_len);
}

/*
 * CHECKSUM_PARTIAL for another header than the UDP one the rewrite fixes:
 * a UDP tunnel with local checksum offload hands over an outer UDP
 * checksum already complete, and csum_start pointing at the inner
 * header.  The outer checksum must still verify after the rewrite, and
 * the inner field (not covered by the addresses changed) stay as it was.
 */
static void test_rewrite_partial_inner(void)
{
	uint8_t fbuf[2048 + 2] __attribute__((aligned(16)));
	uint8_t *f = fbuf + 2, *l4 = f + ETH_HLEN + 20;
	size_t len = mk_ipv4(f, IPPROTO_UDP, "192.168.2.8", "192.168.2.9", 600, 0);
	/* an inner TCP checksum field 8 + 50 + 16 bytes into the datagram */
	unsigned int inner = ETH_HLEN + 20 + 8 + 50;
	struct sk_buff skb = { .data = f, .len = len,
			       .ip_summed = CHECKSUM_PARTIAL,
			       .csum_start = inner, .csum_offset = 16 };
	uint8_t before[2];
	enum snull_rewrite_result r;

	memcpy(before, f + inner + 16, 2);
	r = snull_rewrite_ipv4(&skb);
	CHECK("rewrite_partial_inner_outer_udp",
	      r == SNULL_RW_DONE && ip_is(f, 12, "192.168.3.8") &&
	      l4_csum(f + ETH_HLEN, IPPROTO_UDP) == 0 && (l4[6] || l4[7]),
	      "result %d, outer UDP checksum does not verify", r);
	CHECK("rewrite_partial_inner_field_untouched",
	      !memcmp(before, f + inner + 16, 2), "inner field written");
}

static void test_rewrite_skb(void)
{
	uint8_t fbuf[2048 + 2] __attribute__((aligned(16))), orig[2048];
	uint8_t *f = fbuf + 2;
	size_t len;
	struct sk_buff skb = { .data = f, .ip_summed = CHECKSUM_NONE };

	test_rewrite_partial(IPPROTO_TCP, "tcp", 0);
	test_rewrite_partial(IPPROTO_UDP, "udp", 0);
	test_rewrite_partial(IPPROTO_TCP, "tcp_gso_tot_len_0", 1);
	test_rewrite_partial_inner();

	/* the headers cannot be made writable: nothing is changed */
	len = mk_ipv4(f, IPPROTO_TCP, "192.168.2.8", "192.168.2.9", 100, 0);
	memcpy(orig, f, len);
	skb.len = len;
	skb.fail_writable = true;
	CHECK("rewrite_nomem_untouched", snull_rewrite_ipv4(&skb) ==
	      SNULL_RW_NOMEM && !memcmp(f, orig, len), "frame changed");

	/* ICMP: only the IP header is asked to be writable */
	len = mk_ipv4(f, IPPROTO_ICMP, "192.168.2.8", "192.168.2.9", 56, 0);
	skb.len = len;
	skb.fail_writable = false;
	skb.writable_len = 0;
	CHECK("rewrite_icmp_writable_ip_only", snull_rewrite_ipv4(&skb) ==
	      SNULL_RW_DONE && skb.writable_len == ETH_HLEN + 20,
	      "asked %u writable", skb.writable_len);
}

static void test_rewrite(void)
{
	uint8_t fbuf[2048 + 2] __attribute__((aligned(16))), orig[2048];
	uint8_t *f = fbuf + 2;	/* IP header 4-byte aligned, as in the pool */
	enum snull_rewrite_result r;
	size_t len;
	int i, found;

	test_rewrite_l4(IPPROTO_UDP, "udp", 100);
	test_rewrite_l4(IPPROTO_UDP, "udp_odd", 33);
	test_rewrite_l4(IPPROTO_TCP, "tcp", 1000);
	test_rewrite_l4(IPPROTO_ICMP, "icmp", 56);

	/* UDP without checksum keeps 0 */
	len = mk_ipv4(f, IPPROTO_UDP, "192.168.2.8", "192.168.2.9", 20, 0);
	f[40] = f[41] = 0;
	rw(f, len);
	CHECK("rewrite_udp_zero_csum_stays_zero", !f[40] && !f[41],
	      "got %02x%02x", f[40], f[41]);

	/*
	 * A UDP checksum that computes to 0 must go out as 0xffff (0 means
	 * "none"): find a payload whose checksum with the flipped addresses
	 * computes to 0, then check the rewrite sends 0xffff.
	 */
	found = 0;
	for (i = 0; i < 65536 && !found; i++) {
		uint8_t g[128];

		len = mk_ipv4(f, IPPROTO_UDP, "192.168.2.8", "192.168.2.9", 2, 0);
		f[42] = (uint8_t)(i >> 8);
		f[43] = (uint8_t)i;
		f[40] = f[41] = 0;
		f[40] = l4_csum(f + ETH_HLEN, IPPROTO_UDP) >> 8;
		f[41] = (uint8_t)l4_csum(f + ETH_HLEN, IPPROTO_UDP);
		memcpy(g, f, len);
		g[ETH_HLEN + 14] ^= 1;
		g[ETH_HLEN + 18] ^= 1;
		g[40] = g[41] = 0;
		found = l4_csum(g + ETH_HLEN, IPPROTO_UDP) == 0;
	}
	rw(f, len);
	CHECK("rewrite_udp_csum_mangled_0", found && f[40] == 0xff && f[41] == 0xff &&
	      l4_csum(f + ETH_HLEN, IPPROTO_UDP) == 0,
	      "found %d, got %02x%02x", found, f[40], f[41]);

	/* non-first fragment: IP header fixed, payload untouched */
	len = mk_ipv4(f, IPPROTO_UDP, "192.168.2.8", "192.168.2.9", 64, 185);
	memcpy(orig, f, len);
	r = rw(f, len);
	CHECK("rewrite_fragment", r == SNULL_RW_DONE &&
	      ref_csum(f + ETH_HLEN, 20, 0) == 0 &&
	      !memcmp(f + 34, orig + 34, len - 34), "fragment handling");

	/* IPv6 and ARP untouched */
	memset(f, 0x5a, 100);
	f[12] = 0x86; f[13] = 0xdd;
	memcpy(orig, f, 100);
	r = rw(f, 100);
	CHECK("rewrite_ipv6_untouched", r == SNULL_RW_NOT_IPV4 && !memcmp(f, orig, 100),
	      "result %d", r);
	f[12] = 0x08; f[13] = 0x06;
	memcpy(orig, f, 100);
	r = rw(f, 100);
	CHECK("rewrite_arp_untouched", r == SNULL_RW_NOT_IPV4 && !memcmp(f, orig, 100),
	      "result %d", r);

	/* malformed IPv4: untouched */
	len = mk_ipv4(f, IPPROTO_UDP, "192.168.2.8", "192.168.2.9", 10, 0);
	memcpy(orig, f, len);
	r = rw(f, 30);
	CHECK("rewrite_truncated_header", r == SNULL_RW_MALFORMED && !memcmp(f, orig, len),
	      "result %d", r);
	r = rw(f, len - 1);
	CHECK("rewrite_tot_len_beyond_frame", r == SNULL_RW_MALFORMED && !memcmp(f, orig, len),
	      "result %d", r);
	f[ETH_HLEN] = 0x44;	/* ihl 4 */
	memcpy(orig, f, len);
	r = rw(f, len);
	CHECK("rewrite_bad_ihl", r == SNULL_RW_MALFORMED && !memcmp(f, orig, len),
	      "result %d", r);
	f[ETH_HLEN] = 0x65;	/* version 6 in an IPv4 ethertype */
	r = rw(f, len);
	CHECK("rewrite_bad_version", r == SNULL_RW_MALFORMED, "result %d", r);
	r = rw(f, 10);
	CHECK("rewrite_runt", r == SNULL_RW_NOT_IPV4, "result %d", r);

	/* truncated transport header: IP fixed, nothing read past the end */
	len = mk_ipv4(f, IPPROTO_TCP, "192.168.2.8", "192.168.2.9", 0, 0);
	f[ETH_HLEN + 3] = 20 + 10;		/* tot_len says 10 bytes of TCP */
	f[ETH_HLEN + 10] = f[ETH_HLEN + 11] = 0;
	{
		uint16_t c = ref_csum(f + ETH_HLEN, 20, 0);

		f[ETH_HLEN + 10] = c >> 8;
		f[ETH_HLEN + 11] = (uint8_t)c;
	}
	memcpy(orig, f, ETH_HLEN + 30);
	r = rw(f, ETH_HLEN + 30);
	CHECK("rewrite_short_tcp", r == SNULL_RW_DONE &&
	      ref_csum(f + ETH_HLEN, 20, 0) == 0 &&
	      !memcmp(f + 34, orig + 34, 10), "short TCP handling");

	test_rewrite_skb();
}

static void test_params(void)
{
	struct snull_uint_param p = { .name = "pool_size", .min = 2, .max = 1024 };
	struct snull_uint_param l = { .name = "lockup", .min = 0, .max = 1000000 };
	enum snull_mode m;
	unsigned int v = 77;
	char err[96];
	static const struct { const char *in; int ok; unsigned int v; } cases[] = {
		{ "2", 1, 2 }, { "1024", 1, 1024 }, { "64\n", 1, 64 },
		{ "0x10", 1, 16 }, { "1", 0, 0 }, { "1025", 0, 0 },
		{ "0", 0, 0 }, { "", 0, 0 }, { "abc", 0, 0 }, { "-5", 0, 0 },
		{ "12abc", 0, 0 }, { "99999999999999999999", 0, 0 }, { " 5", 0, 0 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		char n[64];
		int r;

		v = 77;
		err[0] = 0;
		r = snull_parse_uint_param(&p, cases[i].in, &v, err, sizeof(err));
		snprintf(n, sizeof(n), "param_pool_size_%u", i);
		if (cases[i].ok)
			CHECK(n, r == 0 && v == cases[i].v, "'%s' -> %d %u", cases[i].in, r, v);
		else
			CHECK(n, r == -EINVAL && v == 77 && strstr(err, "pool_size"),
			      "'%s' -> %d '%s'", cases[i].in, r, err);
	}
	snull_parse_uint_param(&p, "1", &v, err, sizeof(err));
	CHECK("param_message_range", !strcmp(err, "pool_size=1 is out of range [2..1024]"),
	      "'%s'", err);
	snull_parse_uint_param(&p, "x1", &v, err, sizeof(err));
	CHECK("param_message_number", !strcmp(err, "pool_size='x1' is not an unsigned number"),
	      "'%s'", err);
	CHECK("param_null", snull_parse_uint_param(&p, NULL, &v, err, sizeof(err)) == -EINVAL,
	      "NULL accepted");
	CHECK("param_lockup_zero_ok", !snull_parse_uint_param(&l, "0", &v, err, sizeof(err)) && !v,
	      "lockup=0 refused");

	CHECK("mode_snull", !snull_parse_mode("snull", &m) && m == SNULL_MODE_SNULL, "wrong");
	CHECK("mode_pair_newline", !snull_parse_mode("pair\n", &m) && m == SNULL_MODE_PAIR, "wrong");
	CHECK("mode_bad", snull_parse_mode("veth", &m) == -EINVAL, "wrong");
	CHECK("mode_empty", snull_parse_mode("", &m) == -EINVAL, "wrong");
	CHECK("mode_prefix", snull_parse_mode("pai", &m) == -EINVAL, "wrong");
	CHECK("mode_names", !strcmp(snull_mode_name(SNULL_MODE_PAIR), "pair") &&
	      !strcmp(snull_mode_name(SNULL_MODE_SNULL), "snull"), "wrong");
}

int main(void)
{
	test_rewrite();
	test_params();
	nc_tests();
	cmp_tests();
	printf("unit: %d passed, %d failed\n", npass, nfail);
	return nfail ? 1 : 0;
}
