// SPDX-License-Identifier: GPL-2.0
/*
 * sntool_raw.c -- sntool's raw-frame commands: capture what a device sees,
 * check what the pair does to IPv4, IPv6 and ARP frames (rawcheck), send
 * malformed or well-formed ARP (badarp, arpreply), one frame or a flood
 * (rawsend, rawflood).
 */
#include "sntool.h"

static int raw_open(const char *ifname, int *ifindex);

/* ---- capture: the headers of every IPv4/UDP frame an interface sees ----
 * One line per frame, fields in header order, so that two senders' frames
 * can be compared field by field:
 * FRAME dst src type ver_ihl tos tot_len id frag_off ttl proto saddr daddr
 *       sport dport ulen csums_ok payload-hex
 */

/*
 * IPv6/UDP (no extension header): FRAME6 dst src 86dd vtcfl plen nexthdr
 * hop saddr daddr sport dport ulen csum_ok payload-hex
 */
static void capture6(const uint8_t *f, ssize_t n)
{
	const uint8_t *ip = f + 14, *udp = ip + 40;
	char sa[INET6_ADDRSTRLEN], da[INET6_ADDRSTRLEN];
	ssize_t i, plen = (ip[4] << 8) | ip[5];

	inet_ntop(AF_INET6, ip + 8, sa, sizeof(sa));
	inet_ntop(AF_INET6, ip + 24, da, sizeof(da));
	printf("FRAME6 %02x:%02x:%02x:%02x:%02x:%02x %02x:%02x:%02x:%02x:%02x:%02x 86dd",
	       f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11]);
	printf(" %02x%02x%02x%02x %zd %u %u %s %s %u %u %u %d ",
	       ip[0], ip[1], ip[2], ip[3], plen, ip[6], ip[7], sa, da,
	       (udp[0] << 8) | udp[1], (udp[2] << 8) | udp[3],
	       (udp[4] << 8) | udp[5], frame6_csum_ok(f, n));
	for (i = 14 + 40 + 8; i < n && i < 14 + 40 + plen; i++)
		printf("%02x", f[i]);
	printf("\n");
}

int cmd_capture(int argc, char **argv)
{
	unsigned long seen = 0, udp4 = 0, errs = 0, big = 0;
	ssize_t maxlen = 0;
	uint8_t f[65536];
	struct pollfd pfd;
	int s, idx, idle, rb = 8 << 20;

	if (argc < 3)
		return 2;
	/* a line at a time: whatever ends this process, what it saw is kept */
	setvbuf(stdout, NULL, _IOLBF, 0);
	s = raw_open(argv[1], &idx);
	/* it sees every frame of the device: room for a burst of log */
	setsockopt(s, SOL_SOCKET, SO_RCVBUFFORCE, &rb, sizeof(rb));
	idle = atoi(argv[2]);
	rx_start(s, &pfd);
	while (poll_idle(&pfd, 1, idle) > 0) {
		ssize_t n = recv_ready(s, f, sizeof(f)), i;
		const uint8_t *ip = f + 14, *udp;
		size_t ihl;

		if (n < 0)
			errs++;
		if (n > 0)
			seen++;
		/* over an Ethernet frame: what GRO (or GSO) made of several */
		if (n > 1514)
			big++;
		if (n > maxlen)
			maxlen = n;
		if (n >= 14 + 40 + 8 && f[12] == 0x86 && f[13] == 0xdd && ip[6] == 17) {
			capture6(f, n);
			udp4++;
			continue;
		}
		if (n < 14 + 20 + 8 || f[12] != 0x08 || f[13] != 0 || ip[9] != 17)
			continue;
		udp4++;
		ihl = (ip[0] & 15) * 4;
		if (ihl < 20 || (size_t)n < 14 + ihl + 8)
			continue;
		udp = ip + ihl;
		printf("FRAME %02x:%02x:%02x:%02x:%02x:%02x %02x:%02x:%02x:%02x:%02x:%02x 0800",
		       f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11]);
		printf(" %02x %u %u %u 0x%04x %u %u %u.%u.%u.%u %u.%u.%u.%u %u %u %u %d ",
		       ip[0], ip[1], (ip[2] << 8) | ip[3], (ip[4] << 8) | ip[5],
		       (ip[6] << 8) | ip[7], ip[8], ip[9], ip[12], ip[13], ip[14], ip[15],
		       ip[16], ip[17], ip[18], ip[19], (udp[0] << 8) | udp[1],
		       (udp[2] << 8) | udp[3], (udp[4] << 8) | udp[5],
		       frame_csums_ok(f, n));
		/* the IP length, not the frame's: short frames are padded */
		for (i = 14 + ihl + 8; i < n && i < 14 + ((ip[2] << 8) | ip[3]); i++)
			printf("%02x", f[i]);
		printf("\n");
	}
	/* what the capture saw, for a test whose capture holds no frame */
	printf("END seen %lu udp4 %lu errors %lu over1514 %lu max %zd\n",
	       seen, udp4, errs, big, maxlen);
	return 0;
}

/* ---- rawcheck: what does the pair do to IPv4, IPv6 and ARP frames? ---- */

static int raw_open(const char *ifname, int *ifindex)
{
	struct sockaddr_ll ll = { .sll_family = AF_PACKET,
				  .sll_protocol = htons(ETH_P_ALL) };
	int s = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));

	ll.sll_ifindex = if_nametoindex(ifname);
	if (s < 0 || !ll.sll_ifindex || bind(s, (struct sockaddr *)&ll, sizeof(ll))) {
		perror(ifname);
		exit(2);
	}
	*ifindex = ll.sll_ifindex;
	return s;
}

static size_t build_frame(uint8_t *f, int kind)
{
	static const uint8_t dst[6] = { 0x02, 0x53, 0x4e, 0, 0, 1 };
	static const uint8_t src[6] = { 0x02, 0x53, 0x4e, 0, 0, 0 };
	size_t len = 0;
	uint8_t *ip = f + 14, *udp;
	uint32_t sum;
	int i;

	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	if (kind == 0) {		/* IPv4/UDP 192.168.2.8 -> 192.168.2.9 */
		f[12] = 0x08; f[13] = 0x00;
		memset(ip, 0, 20);
		ip[0] = 0x45; ip[3] = 20 + 8 + 20; ip[8] = 64; ip[9] = 17;
		ip[12] = 192; ip[13] = 168; ip[14] = 2; ip[15] = 8;
		ip[16] = 192; ip[17] = 168; ip[18] = 2; ip[19] = 9;
		sum = csum_fold(csum_add(0, ip, 20));
		ip[10] = sum >> 8; ip[11] = sum;
		udp = ip + 20;
		udp[0] = 0x30; udp[1] = 0x39; udp[2] = 0x30; udp[3] = 0x3a;
		udp[4] = 0; udp[5] = 28; udp[6] = 0; udp[7] = 0;
		for (i = 0; i < 20; i++)
			udp[8 + i] = 'a' + i;
		sum = csum_add(0, ip + 12, 8) + 17 + 28;
		sum = csum_fold(csum_add(sum, udp, 28));
		udp[6] = sum >> 8; udp[7] = sum;
		len = 14 + 48;
	} else if (kind == 1) {		/* IPv6 UDP, fe80::1 -> fe80::2 */
		f[12] = 0x86; f[13] = 0xdd;
		memset(ip, 0, 48);
		ip[0] = 0x60; ip[5] = 8; ip[6] = 17; ip[7] = 64;
		ip[8] = 0xfe; ip[9] = 0x80; ip[23] = 1;
		ip[24] = 0xfe; ip[25] = 0x80; ip[39] = 2;
		ip[40] = 0x30; ip[41] = 0x39; ip[42] = 0x30; ip[43] = 0x3a;
		ip[45] = 8; ip[46] = 0x12; ip[47] = 0x34;
		len = 14 + 48;
	} else {			/* ARP request who-has 192.168.2.9 */
		f[12] = 0x08; f[13] = 0x06;
		memset(ip, 0, 28);
		ip[1] = 1; ip[2] = 8; ip[4] = 6; ip[5] = 4; ip[7] = 1;
		memcpy(ip + 8, src, 6);
		ip[14] = 192; ip[15] = 168; ip[16] = 2; ip[17] = 8;
		ip[24] = 192; ip[25] = 168; ip[26] = 2; ip[27] = 9;
		len = 14 + 28;
	}
	if (len < 60) {
		memset(f + len, 0, 60 - len);
		len = 60;
	}
	return len;
}

/* The sender's tap must still see the original IPv4 addresses. */
static int check_tap(int obs)
{
	struct pollfd p = { .fd = obs, .events = POLLIN };
	uint8_t in[2048];

	while (poll(&p, 1, 500) > 0) {
		ssize_t n = recv(obs, in, sizeof(in), 0);
		const uint8_t *ip = in + 14;

		if (n < 34 || in[12] != 0x08 || in[13] != 0x00 || ip[9] != 17 ||
		    ip[12] != 192 || ip[13] != 168)
			continue;
		printf("ipv4: sender's tap sees %u.%u.%u.%u -> %u.%u.%u.%u (%s)\n",
		       ip[12], ip[13], ip[14], ip[15], ip[16], ip[17], ip[18], ip[19],
		       ip[14] == 2 && ip[18] == 2 ? "skb not modified" : "SKB MODIFIED");
		return ip[14] == 2 && ip[18] == 2 ? 0 : 1;
	}
	printf("ipv4: sender's tap saw nothing\n");
	return 1;
}

int cmd_rawcheck(int argc, char **argv)
{
	int tx, rx, obs, txi, rxi, obsi, kind, fails = 0;
	uint8_t out[128], in[2048];

	if (argc < 3)
		return 2;
	tx = raw_open(argv[1], &txi);
	rx = raw_open(argv[2], &rxi);
	/* A tap on the sending device: it holds a clone of each outgoing skb,
	 * so a driver that rewrote the skb in place would show it here.
	 */
	obs = raw_open(argv[1], &obsi);
	for (kind = 0; kind < 3; kind++) {
		static const char * const names[] = { "ipv4", "ipv6", "arp" };
		size_t len = build_frame(out, kind);
		uint64_t end = g_now_ms() + 2000;
		struct pollfd p = { .fd = rx, .events = POLLIN };
		ssize_t n = -1;

		if (send(tx, out, len, 0) != (ssize_t)len) {
			perror("send");
			return 2;
		}
		while (g_now_ms() < end && poll(&p, 1, 100) >= 0) {
			if (!(p.revents & POLLIN))
				continue;
			n = recv(rx, in, sizeof(in), 0);
			/* skip unrelated traffic (e.g. IPv6 autoconf) */
			if (n >= 14 && in[12] == out[12] && in[13] == out[13] &&
			    (kind != 1 || (n >= 62 && in[14 + 47] == 0x34)))
				break;
			n = -1;
		}
		if (n < 0) {
			printf("%s: not received\n", names[kind]);
			fails++;
			continue;
		}
		if (kind == 0) {
			uint8_t *ip = in + 14;
			int flipped = ip[14] == 3 && ip[18] == 3 &&
				      ip[12] == 192 && ip[19] == 9;

			printf("ipv4: len %zd src %u.%u.%u.%u dst %u.%u.%u.%u csums %s\n",
			       n, ip[12], ip[13], ip[14], ip[15], ip[16], ip[17],
			       ip[18], ip[19], frame_csums_ok(in, n) ? "ok" : "BAD");
			printf("ipv4: rewritten %s\n", flipped ? "yes" : "no");
			if (!frame_csums_ok(in, n))
				fails++;
			if (argc > 3 && (atoi(argv[3]) != flipped))
				fails++;
			fails += check_tap(obs);
		} else {
			int same = (size_t)n == len && !memcmp(in, out, len);

			printf("%s: %s\n", names[kind], same ? "untouched" : "MODIFIED");
			if (!same)
				fails++;
		}
	}
	printf("rawcheck %s\n", fails ? "FAIL" : "ok");
	return fails ? 1 : 0;
}

/* Malformed ARP frames, broadcast on IFNAME: each must be a counted drop. */
int cmd_badarp(int argc, char **argv)
{
	static const uint8_t good[28] = {
		0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,
		0x02, 0x53, 0x4e, 0x00, 0x00, 0x01, 10, 0, 0, 2,
		0, 0, 0, 0, 0, 0, 10, 0, 0, 1,
	};
	static const struct { const char *what; int off, val, len; } cases[] = {
		{ "truncated (20 of 28 bytes)", -1, 0, 20 },
		{ "hardware type 6", 1, 6, 28 },
		{ "hardware length 8", 4, 8, 28 },
		{ "protocol length 16", 5, 16, 28 },
		{ "opcode 3", 7, 3, 28 },
	};
	uint8_t f[64];
	int s, idx;
	unsigned int i;

	if (argc < 2)
		return 2;
	s = raw_open(argv[1], &idx);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(f, 0xff, 6);
		memcpy(f + 6, good + 8, 6);
		f[12] = 0x08;
		f[13] = 0x06;
		memcpy(f + 14, good, 28);
		if (cases[i].off >= 0)
			f[14 + cases[i].off] = (uint8_t)cases[i].val;
		if (send(s, f, 14 + cases[i].len, 0) < 0)
			perror("send");
		printf("sent bad ARP: %s\n", cases[i].what);
		usleep(20000);
	}
	return 0;
}

/* arpreply IFNAME SHA SIP TIP: a well-formed ARP reply to 02:53:4e:00:00:00 */
int cmd_arpreply(int argc, char **argv)
{
	uint8_t f[60] = { 0x02, 0x53, 0x4e, 0, 0, 0 };
	unsigned int m[6], i;
	int s, idx;

	if (argc < 5 || sscanf(argv[2], "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2],
			       &m[3], &m[4], &m[5]) != 6)
		return 2;
	for (i = 0; i < 6; i++)
		f[6 + i] = f[22 + i] = (uint8_t)m[i];
	f[12] = 0x08; f[13] = 0x06;
	f[14] = 0; f[15] = 1; f[16] = 0x08; f[17] = 0; f[18] = 6; f[19] = 4;
	f[20] = 0; f[21] = 2;
	inet_pton(AF_INET, argv[3], f + 28);
	memcpy(f + 32, f, 6);
	inet_pton(AF_INET, argv[4], f + 38);
	s = raw_open(argv[1], &idx);
	if (send(s, f, sizeof(f), 0) < 0)
		perror("send");
	printf("sent ARP reply %s is-at %s\n", argv[3], argv[2]);
	return 0;
}

/* rawsend IFNAME HEX: one frame, given in hex, sent as is on IFNAME */
int cmd_rawsend(int argc, char **argv)
{
	static uint8_t f[16384];
	const char *pad;
	size_t n = 0, l;
	int s, idx;
	unsigned int b;

	if (argc < 3)
		return 2;
	pad = strchr(argv[2], '/');
	l = pad ? (size_t)(pad - argv[2]) : strlen(argv[2]);
	while (n * 2 + 1 < l && n < sizeof(f) && sscanf(argv[2] + n * 2, "%2x", &b) == 1)
		f[n++] = (uint8_t)b;
	if (pad) {
		size_t want = strtoul(pad + 1, NULL, 10);

		if (want > sizeof(f))
			return 2;
		if (want > n) {
			memset(f + n, 0, want - n);
			n = want;
		}
	}
	s = raw_open(argv[1], &idx);
	kick_receivers();
	if (send(s, f, n, 0) < 0) {
		printf("rawsend %zu bytes: %s\n", n, strerrorname_np(errno));
		return 1;
	}
	printf("rawsend %zu bytes: ok\n", n);
	return 0;
}

/*
 * rawflood IFNAME MS: a minimal UDP frame to the peer's MAC, sent as fast as
 * possible for MS ms or until the device goes away (stress while unloading)
 */
int cmd_rawflood(int argc, char **argv)
{
	uint8_t f[128];
	unsigned long ok = 0, busy = 0;
	uint64_t end;
	size_t len;
	int s, idx;

	if (argc < 3)
		return 2;
	s = raw_open(argv[1], &idx);
	len = build_frame(f, 0);
	kick_receivers();
	end = g_now_ms() + strtoul(argv[2], NULL, 0);
	while (g_now_ms() < end) {
		if (send(s, f, len, 0) == (ssize_t)len)
			ok++;
		else if (errno == ENOBUFS || errno == EAGAIN)
			busy++;
		else
			break;
	}
	printf("rawflood sent %lu busy %lu\n", ok, busy);
	return 0;
}
