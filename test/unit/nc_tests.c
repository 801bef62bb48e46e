// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the netconsole client's pure logic (src/snull_ncparse.c,
 * src/snull_ncframe.c, src/snull_ncmsg.c).
 * Golden frames were computed independently (Python struct + RFC 1071).
 */
#include "snull_pure.h"
#include "unit.h"

static const u8 mac0[6] = { 0x02, 0x53, 0x4e, 0, 0, 0 };
static const u8 mac1[6] = { 0x02, 0x53, 0x4e, 0, 0, 1 };

static const u8 golden_udp[60] = {
	0x02, 0x53, 0x4e, 0x00, 0x00, 0x01, 0x02, 0x53, 0x4e, 0x00, 0x00, 0x00,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x22, 0x12, 0x34, 0x00, 0x00, 0x40, 0x11,
	0x54, 0x95, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x1a, 0x09,
	0x1a, 0x0a, 0x00, 0x0e, 0x73, 0xe0, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x0a,
	/* zero padding to 60 bytes */
};

static const u8 golden_arp_reply[60] = {
	0x02, 0x53, 0x4e, 0x00, 0x00, 0x01, 0x02, 0x53, 0x4e, 0x00, 0x00, 0x00,
	0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x02, 0x02, 0x53,
	0x4e, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x01, 0x02, 0x53, 0x4e, 0x00,
	0x00, 0x01, 0x0a, 0x00, 0x00, 0x02,
};

static __be32 ip4(int a, int b, int c, int d)
{
	return htonl((a << 24) | (b << 16) | (c << 8) | d);
}

static void test_build_udp(void)
{
	struct snull_nc_flow f = { .saddr = ip4(10, 0, 0, 1),
				   .daddr = ip4(10, 0, 0, 2),
				   .sport = 6665, .dport = 6666 };
	u8 fbuf[SNULL_NC_FRAME_MAX + 64] __attribute__((aligned(16)));
	u8 *frame = fbuf + 2;	/* IP header 4-byte aligned */
	char big[SNULL_NC_CHUNK];
	unsigned int n, i;

	memcpy(f.src_mac, mac0, 6);
	memcpy(f.dst_mac, mac1, 6);
	memset(fbuf, 0xee, sizeof(fbuf));	/* stale bytes must not leak */
	n = snull_nc_build_udp(frame, &f, 0x1234, "hello\n", 6);
	CHECK("nc_udp_golden", n == 60 && !memcmp(frame, golden_udp, 60),
	      "len %u or bytes differ", n);

	for (i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 13 + 1);
	n = snull_nc_build_udp(frame, &f, 0xffff, big, sizeof(big));
	CHECK("nc_udp_1000_len", n == SNULL_NC_FRAME_MAX, "len %u", n);
	CHECK("nc_udp_1000_ipcsum", ref_csum(frame + 14, 20, 0) == 0, "bad IP csum");
	CHECK("nc_udp_1000_udpcsum", l4_csum(frame + 14, 17) == 0, "bad UDP csum");
	CHECK("nc_udp_1000_fields", frame[14 + 8] == 64 && frame[14 + 6] == 0 &&
	      frame[18] == 0xff && frame[19] == 0xff &&
	      !memcmp(frame + SNULL_NC_HDR_LEN, big, sizeof(big)), "fields");
}

static void test_arp(void)
{
	struct snull_nc_arp a = { .op = 2, .sip = ip4(10, 0, 0, 1),
				  .tip = ip4(10, 0, 0, 2) }, b;
	u8 frame[64];
	unsigned int n;

	memcpy(a.sha, mac0, 6);
	memcpy(a.tha, mac1, 6);
	memset(frame, 0xee, sizeof(frame));
	n = snull_nc_arp_build(frame, mac1, &a);
	CHECK("nc_arp_build_golden", n == 60 && !memcmp(frame, golden_arp_reply, 60),
	      "len %u or bytes differ", n);

	memset(&b, 0, sizeof(b));
	CHECK("nc_arp_parse_ok", snull_nc_arp_parse(golden_arp_reply + 14, 46, &b) ==
	      SNULL_ARP_OK && b.op == 2 && b.sip == a.sip && b.tip == a.tip &&
	      !memcmp(b.sha, mac0, 6) && !memcmp(b.tha, mac1, 6), "fields");
	CHECK("nc_arp_truncated", snull_nc_arp_parse(golden_arp_reply + 14, 27, &b) ==
	      SNULL_ARP_TRUNCATED, "27 bytes accepted");
	memcpy(frame, golden_arp_reply, 60);
	frame[14 + 1] = 6;			/* hardware type IEEE 802 */
	CHECK("nc_arp_bad_hrd", snull_nc_arp_parse(frame + 14, 46, &b) == SNULL_ARP_BAD_HW, "wrong result");
	memcpy(frame, golden_arp_reply, 60);
	frame[14 + 4] = 8;			/* hln */
	CHECK("nc_arp_bad_hln", snull_nc_arp_parse(frame + 14, 46, &b) == SNULL_ARP_BAD_HW, "wrong result");
	memcpy(frame, golden_arp_reply, 60);
	frame[14 + 2] = 0x86; frame[14 + 3] = 0xdd;
	CHECK("nc_arp_bad_pro", snull_nc_arp_parse(frame + 14, 46, &b) == SNULL_ARP_BAD_PROTO, "wrong result");
	memcpy(frame, golden_arp_reply, 60);
	frame[14 + 5] = 16;			/* pln */
	CHECK("nc_arp_bad_pln", snull_nc_arp_parse(frame + 14, 46, &b) == SNULL_ARP_BAD_PROTO, "wrong result");
	memcpy(frame, golden_arp_reply, 60);
	frame[14 + 7] = 3;			/* RARP request */
	CHECK("nc_arp_bad_op", snull_nc_arp_parse(frame + 14, 46, &b) == SNULL_ARP_BAD_OP, "wrong result");
}

static struct in6_addr ip6(const char *s)
{
	struct in6_addr a;

	inet_pton(AF_INET6, s, &a);
	return a;
}

static void test_parser(void)
{
	struct in6_addr a6, b6;
	struct snull_nc_opts o;
	char err[160];
	int rc;
	static const struct { const char *in; const char *field; } bad[] = {
		{ "r@/,@10.0.0.2/", "flags" },
		{ "99999@/,@10.0.0.2/", "src-port" },
		{ "x1@/,@10.0.0.2/", "src-port" },
		{ "@1.2.3/,@10.0.0.2/", "src-ip" },
		{ "@1.2.3.4.5/,@10.0.0.2/", "src-ip" },
		{ "@fd00::1/,@10.0.0.2/", "src-ip is IPv6 but tgt-ip is IPv4" },
		{ "@10.0.0.1/,@fd00::2/", "src-ip is IPv4 but tgt-ip is IPv6" },
		{ "@[fd00::1]/,@fd00::2/", "src-ip" },
		{ "@/,@fd00::zz/", "tgt-ip" },
		{ "@/,@fd00:::2/", "tgt-ip" },
		{ "@/,@1:2:3:4:5:6:7:8:9/", "tgt-ip" },
		{ "@/,@/", "tgt-ip" },
		{ "@/,@10.0.0.2", "tgt-ip" },
		{ "@/,@10.0.0.256/", "tgt-ip" },
		{ "@/,@10.0.0.2/zz:00:00:00:00:00", "tgt-macaddr" },
		{ "@/,@10.0.0.2/02:53:4e:00:00:01x", "tgt-macaddr" },
		{ "@/,@10.0.0.2/02:53:4e:00:00", "tgt-macaddr" },
		{ "@/eth0@10.0.0.2/", "dev," },
		{ "@/averyveryverylongname0,@10.0.0.2/", "dev" },
		{ "@/02:53:4e:00:00,@10.0.0.2/", "dev (MAC)" },
		{ "@/,70000@10.0.0.2/", "tgt-port" },
		{ "@/, 6666@10.0.0.2/", "tgt-port" },
		{ "6665/,@10.0.0.2/", "src-port" },
		{ "", "src-port@" },
		{ "@/,@10.0.0.2/,ratelimit=", "ratelimit interval" },
		{ "@/,@10.0.0.2/,ratelimit=x", "ratelimit interval" },
		{ "@/,@10.0.0.2/,ratelimit=86400001", "ratelimit interval" },
		{ "@/,@10.0.0.2/,ratelimit=100:0", "ratelimit burst" },
		{ "@/,@10.0.0.2/,ratelimit=100:", "ratelimit burst" },
		{ "@/,@10.0.0.2/,ratelimit=100:5x", "ratelimit burst" },
		{ "@/,@10.0.0.2/,rate=100", "option" },
		{ "@/,@10.0.0.2/02:53:4e:00:00:01,", "option" },
	};
	unsigned int i;

	rc = snull_nc_parse_target("@/,@10.0.0.2/", &o, err, sizeof(err));
	CHECK("nc_parse_defaults", !rc && !o.extended && !o.release &&
	      !strcmp(o.dev_name, "eth0") && o.local_port == 6665 &&
	      o.remote_port == 6666 && !o.local_ip.ip && o.remote_ip.ip == ip4(10, 0, 0, 2) && !o.ipv6 &&
	      !o.have_remote_mac && !o.have_dev_mac, "rc %d %s", rc, err);

	rc = snull_nc_parse_target("+r4444@10.0.0.1/sn0,9353@10.0.0.2/12:34:56:78:9a:bc",
				   &o, err, sizeof(err));
	CHECK("nc_parse_full", !rc && o.extended && o.release &&
	      !strcmp(o.dev_name, "sn0") && o.local_port == 4444 &&
	      o.remote_port == 9353 && o.local_ip.ip == ip4(10, 0, 0, 1) &&
	      o.have_remote_mac && o.remote_mac[0] == 0x12 && o.remote_mac[5] == 0xbc,
	      "rc %d %s", rc, err);

	rc = snull_nc_parse_target("+@/22:33:44:55:66:77,@10.0.0.2/\n", &o, err, sizeof(err));
	CHECK("nc_parse_dev_mac", !rc && o.extended && o.have_dev_mac &&
	      !o.dev_name[0] && o.dev_mac[0] == 0x22 && o.dev_mac[5] == 0x77,
	      "rc %d %s", rc, err);

	rc = snull_nc_parse_target("+@fd00::1/sn0,6666@fd00::2/\n", &o, err, sizeof(err));
	a6 = ip6("fd00::1");
	b6 = ip6("fd00::2");
	CHECK("nc_parse_ipv6", !rc && o.ipv6 && o.local_ipv6 &&
	      !memcmp(&o.local_ip.in6, &a6, 16) && !memcmp(&o.remote_ip.in6, &b6, 16),
	      "rc %d %s", rc, err);
	rc = snull_nc_parse_target("@/,@fe80::1:2/", &o, err, sizeof(err));
	b6 = ip6("fe80::1:2");
	CHECK("nc_parse_ipv6_remote_only", !rc && o.ipv6 &&
	      snull_nc_addr_unset(&o.local_ip, true) && !memcmp(&o.remote_ip.in6, &b6, 16),
	      "rc %d %s", rc, err);
	rc = snull_nc_parse_target("@/,@::ffff:10.0.0.2/", &o, err, sizeof(err));
	CHECK("nc_parse_ipv6_mapped", !rc && o.ipv6 && o.remote_ip.in6.s6_addr[15] == 2,
	      "rc %d %s", rc, err);

	rc = snull_nc_parse_target("@/,@10.0.0.2/", &o, err, sizeof(err));
	CHECK("nc_parse_ratelimit_default", !rc && !o.ratelimit_interval_ms &&
	      o.ratelimit_burst == 10, "rc %d %u/%u", rc, o.ratelimit_interval_ms,
	      o.ratelimit_burst);
	rc = snull_nc_parse_target("+@/sn0,@10.0.0.2/12:34:56:78:9a:bc,ratelimit=60000:5\n",
				   &o, err, sizeof(err));
	CHECK("nc_parse_ratelimit", !rc && o.ratelimit_interval_ms == 60000 &&
	      o.ratelimit_burst == 5 && o.have_remote_mac && o.remote_mac[5] == 0xbc,
	      "rc %d %s", rc, err);
	rc = snull_nc_parse_target("@/,@10.0.0.2/,ratelimit=250", &o, err, sizeof(err));
	CHECK("nc_parse_ratelimit_no_burst", !rc && o.ratelimit_interval_ms == 250 &&
	      o.ratelimit_burst == 10 && !o.have_remote_mac, "rc %d %s", rc, err);

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		char n[40];

		err[0] = 0;
		rc = snull_nc_parse_target(bad[i].in, &o, err, sizeof(err));
		snprintf(n, sizeof(n), "nc_parse_bad_%u", i);
		CHECK(n, rc == -EINVAL && strstr(err, bad[i].field),
		      "'%s' -> %d '%s' (want field %s)", bad[i].in, rc, err, bad[i].field);
	}
	snull_nc_parse_target("99999@/,@10.0.0.2/", &o, err, sizeof(err));
	CHECK("nc_parse_message_text", !strcmp(err, "src-port: '99999' is not valid"),
	      "'%s'", err);
}

/* ---- rate limit ---- */

static void test_ratelimit(void)
{
	struct snull_nc_rl rl = {};
	unsigned long rep, total = 0, t;
	unsigned int passed = 0, i;
	char buf[128];
	bool ok = true;

	/* 50 records in one window of 60000, burst 5: 5 pass */
	for (i = 0; i < 50; i++)
		if (snull_nc_rl_pass(&rl, 1000 + i, 60000, 5, &rep))
			passed++;
	CHECK("nc_rl_burst", passed == 5 && rl.missed == 45, "%u passed, %lu missed",
	      passed, rl.missed);
	/* the window over: the next one passes and reports the 45 */
	ok = snull_nc_rl_pass(&rl, 1000 + 60000, 60000, 5, &rep);
	CHECK("nc_rl_window_reports", ok && rep == 45 && rl.missed == 0,
	      "pass %d report %lu", ok, rep);
	ok = snull_nc_rl_pass(&rl, 1000 + 60001, 60000, 5, &rep);
	CHECK("nc_rl_reported_once", ok && rep == 0, "pass %d report %lu", ok, rep);
	/* interval 0 lets everything through, reporting what was missed */
	for (i = 0; i < 10; i++)
		snull_nc_rl_pass(&rl, 70000, 60000, 1, &rep);
	ok = snull_nc_rl_pass(&rl, 70001, 0, 1, &rep);
	CHECK("nc_rl_off_reports", ok && rep == 10, "pass %d report %lu", ok, rep);
	for (i = 0, passed = 0; i < 100; i++)
		passed += snull_nc_rl_pass(&rl, 70002, 0, 1, &rep);
	CHECK("nc_rl_off_unlimited", passed == 100, "%u passed", passed);
	/* a clock that wraps: windows still open and close */
	memset(&rl, 0, sizeof(rl));
	for (t = (unsigned long)-30, i = 0, passed = 0; i < 60; i++, t++) {
		if (snull_nc_rl_pass(&rl, t, 20, 2, &rep))
			passed++;
		total += rep;
	}
	CHECK("nc_rl_wrap", passed == 6 && total + rl.missed == 54,
	      "%u passed, %lu reported, %lu missed", passed, total, rl.missed);
	i = snull_nc_rl_notice(buf, sizeof(buf), 45, NULL, 0);
	CHECK("nc_rl_notice_plain",
	      !strcmp(buf, "netconsole: 45 messages dropped by rate limit\n") &&
	      i == strlen(buf), "'%s'", buf);
	i = snull_nc_rl_notice(buf, sizeof(buf), 3, "6,1234,5678,-;next", 13);
	CHECK("nc_rl_notice_ext",
	      !strcmp(buf, "6,1234,5678,-;netconsole: 3 messages dropped by rate limit\n") &&
	      i == strlen(buf), "'%s'", buf);
}

/* ---- datagram formats ---- */

struct dgrams {
	unsigned int n;
	unsigned int len[128];
	char buf[128][SNULL_NC_CHUNK + 1];
};

static void collect(void *ctx, const char *buf, unsigned int len)
{
	struct dgrams *d = ctx;

	if (d->n < 128 && len <= SNULL_NC_CHUNK) {
		memcpy(d->buf[d->n], buf, len);
		d->buf[d->n][len] = 0;
	}
	d->len[d->n < 128 ? d->n : 127] = len;
	d->n++;
}

static struct dgrams dg;

static int starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}
static char scratch[SNULL_NC_CHUNK];

static int ext(const char *msg, unsigned int len, const char *rel,
	       const char *ud, unsigned int ulen, const char *sys,
	       unsigned int slen)
{
	struct snull_nc_extra x = { .release = rel, .userdata = ud, .ulen = ulen,
				    .sysdata = sys, .slen = slen };

	return snull_nc_emit_ext(msg, len, &x, scratch, collect, &dg);
}

/* Reassemble ncfrag fragments; returns 0 when offsets are contiguous. */
static int reassemble(const struct dgrams *d, const char *hdr, char *out,
		      unsigned int *total)
{
	unsigned int i, off, tot, expect = 0, hl = strlen(hdr);

	for (i = 0; i < d->n; i++) {
		const char *p = d->buf[i];
		int used;

		if (d->len[i] > SNULL_NC_CHUNK || strncmp(p, hdr, hl))
			return -1;
		if (sscanf(p + hl, ",ncfrag=%u/%u;%n", &off, &tot, &used) != 2)
			return -1;
		if (off != expect)
			return -1;
		memcpy(out + off, p + hl + used, d->len[i] - hl - used);
		expect = off + d->len[i] - hl - used;
		*total = tot;
	}
	return expect == *total ? 0 : -1;
}

static void test_formats(void)
{
	static const char rel[] = "6.12.117+deb12-cloud-amd64";
	static char msg[8192], body[8192], out[8192], ud[256];
	unsigned int i, total = 0, len;
	int rc;

	/* plain: 1000-byte cuts, no header */
	for (i = 0; i < 2500; i++)
		msg[i] = (char)('a' + i % 26);
	memset(&dg, 0, sizeof(dg));
	snull_nc_emit_plain(msg, 2500, collect, &dg);
	CHECK("nc_plain_chunks", dg.n == 3 && dg.len[0] == 1000 && dg.len[1] == 1000 &&
	      dg.len[2] == 500 && !memcmp(dg.buf[1], msg + 1000, 1000), "n %u", dg.n);

	/* extended, small: release prefix and userdata in one datagram */
	memset(&dg, 0, sizeof(dg));
	strcpy(msg, "6,1235,5678999,-;hello world\n");
	rc = ext(msg, strlen(msg), rel, " key=value\n", 11, "", 0);
	CHECK("nc_ext_small", !rc && dg.n == 1 && !strcmp(dg.buf[0],
	      "6.12.117+deb12-cloud-amd64,6,1235,5678999,-;hello world\n key=value\n"),
	      "got '%s'", dg.buf[0]);

	/* the in-tree documentation's 1051-byte body example */
	strcpy(msg, "6,1234,5678901,-;");
	for (i = 1; i <= 150; i++)
		sprintf(msg + strlen(msg), "MSG%03u=", i);
	strcat(msg, "\n");
	memset(&dg, 0, sizeof(dg));
	rc = ext(msg, strlen(msg), rel, " key=value\n", 11, "", 0);
	CHECK("nc_ext_doc_example", !rc && dg.n == 2 && dg.len[0] == 1000 && dg.len[1] == 180 &&
	      starts(dg.buf[0], "6.12.117+deb12-cloud-amd64,6,1234,5678901,-,ncfrag=0/1062;MSG001=") &&
	      starts(dg.buf[1], "6.12.117+deb12-cloud-amd64,6,1234,5678901,-,ncfrag=942/1062;35=MSG136=") &&
	      !memcmp(dg.buf[1] + 180 - 19, "MSG150=\n key=value\n", 19),
	      "n %u len %u/%u", dg.n, dg.len[0], dg.len[1]);

	/* boundaries: message + release + userdata of 999, 1000, 1001 and 5000 */
	for (i = 0; i < 180; i++)
		ud[i] = i % 3 == 2 ? '\n' : (char)('0' + i % 10);
	ud[0] = ' ';
	{
		static const unsigned int sizes[] = { 999, 1000, 1001, 5000 };
		unsigned int k;

		for (k = 0; k < ARRAY_SIZE(sizes); k++) {
			unsigned int hl, blen;
			char n[48], hdr[128];

			strcpy(msg, "6,77,123456,-;");
			hl = strlen(msg);
			len = sizes[k] - (sizeof(rel) - 1 + 1) - 180;
			blen = len - hl;
			for (i = hl; i < len; i++)
				msg[i] = (char)('A' + i % 23);
			memset(&dg, 0, sizeof(dg));
			rc = ext(msg, len, rel, ud, 180, "", 0);
			snprintf(n, sizeof(n), "nc_ext_total_%u", sizes[k]);
			if (sizes[k] <= 1000) {
				CHECK(n, !rc && dg.n == 1 && dg.len[0] == sizes[k] &&
				      !memcmp(dg.buf[0] + sizeof(rel), msg, len) &&
				      !memcmp(dg.buf[0] + sizeof(rel) + len, ud, 180),
				      "n %u len %u", dg.n, dg.len[0]);
				continue;
			}
			snprintf(hdr, sizeof(hdr), "%s,6,77,123456,-", rel);
			memcpy(body, msg + hl, blen);
			memcpy(body + blen, ud, 180);
			total = 0;
			CHECK(n, !rc && dg.n >= 2 && !reassemble(&dg, hdr, out, &total) &&
			      total == blen + 180 && !memcmp(out, body, total),
			      "n %u total %u", dg.n, total);
		}
	}

	/* no header separator and too long: refused, nothing sent */
	memset(msg, 'x', 1500);
	memset(&dg, 0, sizeof(dg));
	rc = ext(msg, 1500, NULL, "", 0, "", 0);
	CHECK("nc_ext_no_semicolon", rc == -EINVAL && dg.n == 0, "rc %d n %u", rc, dg.n);

	/* extended without release: 6.1-style header */
	strcpy(msg, "4,9,99,c;x\n");
	memset(&dg, 0, sizeof(dg));
	ext(msg, strlen(msg), NULL, "", 0, "", 0);
	CHECK("nc_ext_no_release", dg.n == 1 && !strcmp(dg.buf[0], "4,9,99,c;x\n"), "'%s'", dg.buf[0]);
}

/*
 * sysdata: the fields in the in-tree order; userdata then sysdata after the
 * record, in one datagram and across fragments (same msgid in each).
 */
static void test_sysdata(void)
{
	static const char rel[] = "7.2.13+deb14-cloud-amd64";
	static char msg[4096], out[70000], body[70000], sys[SNULL_NC_SYS_LEN];
	static char ud[SNULL_NC_UD_ITEMS * SNULL_NC_UD_ENTRY + 1];
	unsigned int n, i, total, ulen = 0, blen;
	char hdr[64];
	int rc;

	n = snull_nc_fmt_sysdata(sys, sizeof(sys), SNULL_NC_SYS_CPU |
				 SNULL_NC_SYS_TASKNAME | SNULL_NC_SYS_RELEASE |
				 SNULL_NC_SYS_MSGID, 3, "bash", rel, 42);
	CHECK("nc_sysdata_all", n == strlen(sys) && !strcmp(sys,
	      " cpu=3\n taskname=bash\n release=7.2.13+deb14-cloud-amd64\n msgid=42\n"),
	      "'%s'", sys);
	n = snull_nc_fmt_sysdata(sys, sizeof(sys), SNULL_NC_SYS_MSGID |
				 SNULL_NC_SYS_CPU, 0, "x", rel, 4294967295u);
	CHECK("nc_sysdata_order", !strcmp(sys, " cpu=0\n msgid=4294967295\n"), "'%s'", sys);
	n = snull_nc_fmt_sysdata(sys, sizeof(sys), 0, 1, "x", rel, 1);
	CHECK("nc_sysdata_none", n == 0 && !sys[0], "n %u", n);
	n = snull_nc_fmt_sysdata(sys, sizeof(sys), SNULL_NC_SYS_TASKNAME |
				 SNULL_NC_SYS_RELEASE, 1,
				 "0123456789abcde", rel, 1);
	CHECK("nc_sysdata_fits", n < sizeof(sys) &&
	      !strcmp(sys, " taskname=0123456789abcde\n release=7.2.13+deb14-cloud-amd64\n"),
	      "'%s'", sys);

	/* the in-tree documentation's example message */
	snull_nc_fmt_sysdata(sys, sizeof(sys), SNULL_NC_SYS_CPU | SNULL_NC_SYS_TASKNAME |
			     SNULL_NC_SYS_RELEASE | SNULL_NC_SYS_MSGID, 3, "bash", rel, 42);
	strcpy(msg, "6,1234,5678901,-;hello\n");
	memset(&dg, 0, sizeof(dg));
	rc = ext(msg, strlen(msg), rel, " foo=bar\n", 9, sys, strlen(sys));
	CHECK("nc_sysdata_one_datagram", !rc && dg.n == 1 && !strcmp(dg.buf[0],
	      "7.2.13+deb14-cloud-amd64,6,1234,5678901,-;hello\n foo=bar\n cpu=3\n"
	      " taskname=bash\n release=7.2.13+deb14-cloud-amd64\n msgid=42\n"),
	      "'%s'", dg.buf[0]);

	/* 256 userdata entries of 53-character keys and 199-byte values */
	for (i = 0; i < SNULL_NC_UD_ITEMS; i++) {
		ulen += sprintf(ud + ulen, " k%052u=", i);
		memset(ud + ulen, 'a' + i % 26, 199);
		ulen += 199;
		ud[ulen++] = '\n';
	}
	CHECK("nc_userdata_256_len", ulen == SNULL_NC_UD_ITEMS * SNULL_NC_UD_ENTRY,
	      "ulen %u", ulen);
	strcpy(msg, "6,5,66,-;short\n");
	memset(&dg, 0, sizeof(dg));
	rc = ext(msg, strlen(msg), NULL, ud, ulen, sys, strlen(sys));
	blen = strlen(msg) - 9;
	memcpy(body, msg + 9, blen);
	memcpy(body + blen, ud, ulen);
	memcpy(body + blen + ulen, sys, strlen(sys));
	total = 0;
	CHECK("nc_userdata_256_sysdata_frags", !rc && dg.n > 60 && dg.n <= 128 &&
	      !reassemble(&dg, "6,5,66,-", out, &total) &&
	      total == blen + ulen + strlen(sys) && !memcmp(out, body, total),
	      "n %u total %u", dg.n, total);
	/* the sysdata (one msgid) is cut across the last two fragments */
	memset(&dg, 0, sizeof(dg));
	strcpy(msg, "6,5,66,-;");
	memset(msg + 9, 'M', 960 - 9 - 10);
	strcpy(msg + 950, "0123456789");
	n = strlen(msg);
	rc = ext(msg, n, NULL, "", 0, sys, strlen(sys));
	snprintf(hdr, sizeof(hdr), "6,5,66,-");
	total = 0;
	CHECK("nc_sysdata_split", !rc && dg.n == 2 &&
	      !reassemble(&dg, hdr, out, &total) && total == n - 9 + strlen(sys) &&
	      !memcmp(out + n - 9, sys, strlen(sys)) &&
	      strstr(dg.buf[1], "msgid=42\n") && !strstr(dg.buf[0], "msgid"),
	      "n %u total %u", dg.n, total);
}

/* Golden frames computed with Python's struct and an RFC 1071 sum. */
static const u8 golden_udp6[68] = {
	0x02, 0x53, 0x4e, 0x00, 0x00, 0x01, 0x02, 0x53, 0x4e, 0x00, 0x00, 0x00,
	0x86, 0xdd, 0x60, 0x00, 0x00, 0x00, 0x00, 0x0e, 0x11, 0x20, 0xfd, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x01, 0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x1a, 0x09, 0x1a, 0x0a, 0x00, 0x0e,
	0x8d, 0xde, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x0a,
};

static const u8 golden_ns[86] = {
	0x33, 0x33, 0xff, 0x00, 0x00, 0x02, 0x02, 0x53, 0x4e, 0x00, 0x00, 0x00,
	0x86, 0xdd, 0x60, 0x00, 0x00, 0x00, 0x00, 0x20, 0x3a, 0xff, 0xfd, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x01, 0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x01, 0xff, 0x00, 0x00, 0x02, 0x87, 0x00, 0x2f, 0x45, 0x00, 0x00,
	0x00, 0x00, 0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x01, 0x01, 0x02, 0x53, 0x4e, 0x00,
	0x00, 0x00,
};


/* The ICMPv6 checksum of f (after the Ethernet header) recomputed, RFC 1071. */
static void icmp6_fix(u8 *f)
{
	unsigned int plen = f[18] << 8 | f[19], i;
	uint32_t s = 58 + plen;

	f[56] = f[57] = 0;
	for (i = 22; i < 54; i += 2)
		s += f[i] << 8 | f[i + 1];
	for (i = 0; i < plen; i += 2)
		s += f[54 + i] << 8 | (i + 1 < plen ? f[55 + i] : 0);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	f[56] = (u8)(~s >> 8);
	f[57] = (u8)~s;
}

static void test_ipv6(void)
{
	struct snull_nc_flow6 f = { .sport = 6665, .dport = 6666 };
	u8 fbuf[SNULL_NC_FRAME6_MAX + 64] __attribute__((aligned(16)));
	u8 *frame = fbuf + 2, g[16], m[6], bad[128];
	struct snull_nc_ndp n = { 0 }, p;
	struct in6_addr grp;
	char big[SNULL_NC_CHUNK];
	unsigned int len, i;

	memcpy(f.src_mac, mac0, 6);
	memcpy(f.dst_mac, mac1, 6);
	f.saddr = ip6("fd00::1");
	f.daddr = ip6("fd00::2");
	memset(fbuf, 0xee, sizeof(fbuf));
	len = snull_nc_build_udp6(frame, &f, "hello\n", 6);
	CHECK("nc_udp6_golden", len == 68 && !memcmp(frame, golden_udp6, 68),
	      "len %u or bytes differ", len);
	for (i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 7 + 3);
	len = snull_nc_build_udp6(frame, &f, big, sizeof(big));
	CHECK("nc_udp6_1000", len == SNULL_NC_FRAME6_MAX && frame[21] == 32 &&
	      (frame[18] << 8 | frame[19]) == 1008 &&
	      !memcmp(frame + SNULL_NC_HDR6_LEN, big, sizeof(big)), "len %u", len);

	/* the NS the client sends to learn fd00::2's MAC */
	n.type = NDISC_NEIGHBOUR_SOLICITATION;
	n.saddr = ip6("fd00::1");
	n.target = ip6("fd00::2");
	snull_nc_ndp_solicit_dst(&n.target, &grp, m);
	n.daddr = grp;
	memcpy(n.lladdr, mac0, 6);
	memcpy(g, &grp, 16);
	CHECK("nc_ndp_solicit_dst", !memcmp(g, "\xff\x02\0\0\0\0\0\0\0\0\0\x01\xff\0\0\x02", 16) &&
	      !memcmp(m, "\x33\x33\xff\0\0\x02", 6), "group or MAC");
	len = snull_nc_ndp_build(frame, m, mac0, &n);
	CHECK("nc_ndp_ns_golden", len == 86 && !memcmp(frame, golden_ns, 86), "len %u", len);
	CHECK("nc_ndp_ns_parse", snull_nc_ndp_parse(frame + 14, len - 14, &p) == SNULL_NDP_OK &&
	      p.type == 135 && p.have_lladdr && !memcmp(p.lladdr, mac0, 6) &&
	      !memcmp(&p.target, &n.target, 16) && !memcmp(&p.saddr, &n.saddr, 16),
	      "parse of our own NS");

	/* the NA that answers it: solicited, override, target option */
	memset(&n, 0, sizeof(n));
	n.type = NDISC_NEIGHBOUR_ADVERTISEMENT;
	n.saddr = ip6("fd00::2");
	n.daddr = ip6("fd00::1");
	n.target = ip6("fd00::2");
	n.solicited = n.override = true;
	memcpy(n.lladdr, mac1, 6);
	len = snull_nc_ndp_build(frame, mac0, mac1, &n);
	CHECK("nc_ndp_na_roundtrip", snull_nc_ndp_parse(frame + 14, len - 14, &p) == SNULL_NDP_OK &&
	      p.type == 136 && p.solicited && p.override && !p.router &&
	      p.have_lladdr && !memcmp(p.lladdr, mac1, 6) && frame[14 + 7] == 255 &&
	      frame[54 + 4] == 0x60, "NA flags or option");

	/* each malformation on the valid NA, checksum fixed unless named */
#define NDP_BAD(name, want, edit) do {					\
		memcpy(bad, frame, len);					\
		memset(bad + len, 0, sizeof(bad) - len);			\
		edit;								\
		CHECK(name, snull_nc_ndp_parse(bad + 14, 94 - 14, &p) == (want), \
		      "got %d", snull_nc_ndp_parse(bad + 14, 94 - 14, &p));	\
	} while (0)
	NDP_BAD("nc_ndp_hop_254", SNULL_NDP_BAD_HOP_LIMIT, (bad[21] = 254, icmp6_fix(bad)));
	NDP_BAD("nc_ndp_bad_csum", SNULL_NDP_BAD_CSUM, bad[60] ^= 1);
	NDP_BAD("nc_ndp_code_1", SNULL_NDP_BAD_CODE, (bad[55] = 1, icmp6_fix(bad)));
	NDP_BAD("nc_ndp_mcast_target", SNULL_NDP_BAD_TARGET, (bad[62] = 0xff, icmp6_fix(bad)));
	NDP_BAD("nc_ndp_opt_len_0", SNULL_NDP_BAD_OPTION, (bad[79] = 0, icmp6_fix(bad)));
	NDP_BAD("nc_ndp_opt_overrun", SNULL_NDP_BAD_OPTION, (bad[79] = 2, icmp6_fix(bad)));
	NDP_BAD("nc_ndp_lladdr_16", SNULL_NDP_BAD_LLADDR,
		(bad[19] = 40, bad[79] = 2, icmp6_fix(bad)));
	NDP_BAD("nc_ndp_short", SNULL_NDP_TRUNCATED, (bad[19] = 20, icmp6_fix(bad)));
	NDP_BAD("nc_ndp_plen_past_end", SNULL_NDP_TRUNCATED, bad[19] = 48);
	NDP_BAD("nc_ndp_solicited_to_mcast", SNULL_NDP_BAD_FLAGS,
		(memcpy(bad + 38, "\xff\x02\0\0\0\0\0\0\0\0\0\0\0\0\0\x01", 16), icmp6_fix(bad)));
	NDP_BAD("nc_ndp_echo_not_ndp", SNULL_NDP_NOT_NDP, (bad[54] = 128, icmp6_fix(bad)));
	NDP_BAD("nc_ndp_udp_not_ndp", SNULL_NDP_NOT_NDP, bad[20] = 17);
	NDP_BAD("nc_ndp_ipv4_not_ndp", SNULL_NDP_NOT_NDP, bad[14] = 0x45);
	/* a DAD probe: from ::, to the solicited-node group, no source option */
	memcpy(bad, golden_ns, 86);
	memset(bad + 22, 0, 16);
	icmp6_fix(bad);
	CHECK("nc_ndp_dad_with_slla", snull_nc_ndp_parse(bad + 14, 72, &p) == SNULL_NDP_BAD_SOURCE,
	      "DAD probe with a source option accepted");
	bad[19] = 24;
	icmp6_fix(bad);
	CHECK("nc_ndp_dad_ok", snull_nc_ndp_parse(bad + 14, 64, &p) == SNULL_NDP_OK &&
	      !p.have_lladdr, "DAD probe refused");
	for (i = 0; i < 86 - 14; i++) {
		enum snull_nc_ndp_err e = snull_nc_ndp_parse(golden_ns + 14, i, &p);

		if (e != (i < 41 ? SNULL_NDP_NOT_NDP : SNULL_NDP_TRUNCATED))
			break;
	}
	CHECK("nc_ndp_every_truncation", i == 86 - 14, "length %u accepted", i);
#undef NDP_BAD
}

void nc_tests(void)
{
	test_ipv6();
	test_sysdata();
	test_build_udp();
	test_arp();
	test_parser();
	test_ratelimit();
	test_formats();
}
