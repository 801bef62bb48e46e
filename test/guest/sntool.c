// SPDX-License-Identifier: GPL-2.0
/*
 * sntool -- small static helper run inside the test VMs (busybox has no
 * UDP nc and no raw-frame tools).
 *
 *   sntool -n NETNS CMD ...                      run CMD inside NETNS
 *   sntool send  IP PORT COUNT [SIZE] [GAP_US]   numbered UDP datagrams
 *   sntool recv  PORT COUNT IDLE_MS [IFNAME]     receive, check order and,
 *                                                with IFNAME, the checksums
 *                                                of each frame (raw socket)
 *   sntool flood IP PORT SECONDS [SIZE]          send as fast as possible
 *   sntool listen PORT IDLE_MS                   print datagrams (netconsole)
 *   sntool ncreasm PORT IDLE_MS [msgid]          reassemble ncfrag messages;
 *                                                msgid: check its continuity
 *   sntool kmsg N SIZE|mix TAG                   N records of SIZE bytes (mix:
 *                                                32-985) to /dev/kmsg, on
 *                                                CPU $SNTOOL_CPU if set
 *   sntool rawflood IF MS                        raw frames for MS ms
 *   sntool rawsend IF HEX                        one raw frame
 *   sntool failnth N OP ARGS                     OP with its Nth allocation
 *                                                failed (fault injection)
 *   sntool rawcheck TXIF RXIF                    send IPv4/IPv6/ARP frames on
 *                                                TXIF, check what RXIF gets
 *   sntool tcpsend IP PORT BYTES                 one TCP stream, patterned
 *   sntool tcprecv PORT IDLE_MS                  receive it, check each byte
 *   sntool userns-pairs CGROUP MAX               as uid 65534 in a user
 *                                                namespace, add pairs until
 *                                                refused
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <linux/if_packet.h>
#include <linux/if_ether.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <grp.h>
#include <sys/wait.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/if_link.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ull + ts.tv_nsec / 1000000;
}

static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	while (len > 1) {
		sum += (p[0] << 8) | p[1];
		p += 2;
		len -= 2;
	}
	if (len)
		sum += p[0] << 8;
	return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* 1 if the IPv4 header and UDP checksums of an Ethernet frame verify. */
static int frame_csums_ok(const uint8_t *f, size_t len)
{
	const uint8_t *ip = f + 14, *udp;
	size_t ihl, tot, ulen;
	uint32_t sum;

	if (len < 14 + 20 || f[12] != 0x08 || f[13] != 0x00)
		return 0;
	ihl = (ip[0] & 15) * 4;
	tot = (ip[2] << 8) | ip[3];
	if (ihl < 20 || 14 + tot > len || ip[9] != 17)
		return 0;
	if (csum_fold(csum_add(0, ip, ihl)) != 0)
		return 0;
	udp = ip + ihl;
	ulen = (udp[4] << 8) | udp[5];
	if (ulen < 8 || ihl + ulen > tot)
		return 0;
	if (udp[6] == 0 && udp[7] == 0)
		return 0;	/* we want a checksum there */
	sum = csum_add(0, ip + 12, 8);
	sum += 17 + ulen;
	sum = csum_add(sum, udp, ulen);
	return csum_fold(sum) == 0;
}

/* IPv6/UDP: the checksum over the pseudo-header must verify, never 0. */
static int frame6_csum_ok(const uint8_t *f, size_t len)
{
	const uint8_t *ip = f + 14, *udp = ip + 40;
	size_t plen, ulen;
	uint32_t sum;

	if (len < 14 + 40 + 8 || f[12] != 0x86 || f[13] != 0xdd || ip[6] != 17)
		return 0;
	plen = (ip[4] << 8) | ip[5];
	ulen = (udp[4] << 8) | udp[5];
	if (14 + 40 + plen > len || ulen != plen || ulen < 8)
		return 0;
	if (udp[6] == 0 && udp[7] == 0)
		return 0;
	sum = csum_add(0, ip + 8, 32);
	sum += 17 + ulen;
	sum = csum_add(sum, udp, ulen);
	return csum_fold(sum) == 0;
}

/*
 * The netconsole listeners: one IPv6 socket that also takes IPv4 (as
 * ::ffff:a.b.c.d), so a test's listener is the same for both families.
 */
static int udp_socket_any(int port, int rcvbuf)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6 };
	int s = socket(AF_INET6, SOCK_DGRAM, 0), off = 0;

	if (s < 0) {
		perror("socket(AF_INET6)");
		exit(2);
	}
	setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
	setsockopt(s, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf));
	a.sin6_port = htons(port);
	if (bind(s, (struct sockaddr *)&a, sizeof(a))) {
		perror("bind");
		exit(2);
	}
	return s;
}

static int udp_socket(int port, int rcvbuf)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	int s = socket(AF_INET, SOCK_DGRAM, 0);

	if (s < 0) {
		perror("socket");
		exit(2);
	}
	if (rcvbuf)
		setsockopt(s, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf));
	if (port) {
		a.sin_port = htons(port);
		if (bind(s, (struct sockaddr *)&a, sizeof(a))) {
			perror("bind");
			exit(2);
		}
	}
	return s;
}

/*
 * Senders kick the receivers the harness lists in SNTOOL_KICK (the same
 * SIGUSR1) just before their first frame: on a loaded guest a sender can
 * take longer to start than a receiver's idle time.  Only live sntool
 * processes: a PID in the list may have been reused.
 */
/* Does this NUL-separated command line run a receiver (one with the
 * SIGUSR1 handler)?  Anything else would be killed by the signal.
 */
static int is_receiver(char *cmd, ssize_t n)
{
	static const char * const rx[] = {
		"recv", "listen", "ncreasm", "count", "capture",
	};
	char *p = cmd;
	unsigned int i;

	cmd[n] = 0;
	while (p < cmd + n) {
		for (i = 0; i < sizeof(rx) / sizeof(rx[0]); i++)
			if (!strcmp(p, rx[i]))
				return 1;
		p += strlen(p) + 1;
	}
	return 0;
}

static void kick_receivers(void)
{
	const char *l = getenv("SNTOOL_KICK");
	char path[64], cmd[256];
	ssize_t n;
	long pid;
	char *end;
	int fd;

	while (l && *l) {
		pid = strtol(l, &end, 10);
		if (end == l) {
			l++;
			continue;
		}
		l = end;
		if (pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/cmdline", pid);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		n = read(fd, cmd, sizeof(cmd) - 1);
		close(fd);
		if (n > 0 && memmem(cmd, n, "sntool", 6) && is_receiver(cmd, n))
			kill(pid, SIGUSR1);
	}
}

static int cmd_send(int argc, char **argv, int flood)
{
	struct sockaddr_in d = { .sin_family = AF_INET };
	unsigned long count, i, ok = 0, err = 0, enobufs = 0;
	size_t size = argc > 4 ? strtoul(argv[4], NULL, 0) : 64;
	long gap = argc > 5 ? strtol(argv[5], NULL, 0) : 0;
	uint64_t end = 0;
	char buf[65536];
	int s;

	if (argc < 4)
		return 2;
	if (size < 16 || size > sizeof(buf))
		size = 64;
	inet_pton(AF_INET, argv[1], &d.sin_addr);
	d.sin_port = htons(atoi(argv[2]));
	count = strtoul(argv[3], NULL, 0);
	if (flood) {
		end = now_ms() + count * 1000;
		count = ~0ul;
	}
	s = udp_socket(0, 0);
	memset(buf, 'x', size);
	kick_receivers();
	for (i = 0; i < count; i++) {
		int n = snprintf(buf, size, "SNULL %lu ", i);

		buf[n] = 'x';
		if (sendto(s, buf, size, 0, (struct sockaddr *)&d, sizeof(d)) == (ssize_t)size)
			ok++;
		else if (errno == ENOBUFS || errno == EAGAIN)
			enobufs++;
		else
			err++;
		if (gap)
			usleep(gap);
		if (flood && !(i & 255) && now_ms() >= end)
			break;
	}
	printf("sent %lu enobufs %lu errors %lu\n", ok, enobufs, err);
	return 0;
}

/*
 * Receivers: the idle time ends a receiver once the test's traffic is over.
 * It is counted in empty 50 ms polls, not read from the clock: a TCG guest
 * starved of host CPU (three other VMs share two cores in CI) resumes with
 * its clock seconds ahead and every timer expired at once, and a clock-read
 * idle then ended receivers whose datagrams were still on their way (NoPorts
 * counted every one).  Each empty poll is a wake-up the rest of the guest
 * got to run in as well.
 *
 * Until a datagram arrives after the start or the last SIGUSR1 (the harness
 * and sntool's senders send it just before traffic), the receiver waits at
 * least SNULL_PATIENCE_MS: how long a loaded guest takes to start a sender
 * or print a record says nothing about snull.
 */
#define SNULL_POLL_MS		50
#define SNULL_PATIENCE_MS	60000

static volatile sig_atomic_t kicked;
static int armed;

static void idle_restart(int sig)
{
	(void)sig;
	kicked = 1;
}

static void ready(void)
{
	struct sigaction sa = { .sa_handler = idle_restart };

	/* no SA_RESTART: poll() returns EINTR */
	sigaction(SIGUSR1, &sa, NULL);
	printf("ready\n");
	fflush(stdout);
}

/* poll() until an event (> 0), an error (< 0) or the idle time (0) */
static int poll_idle(struct pollfd *p, int n, int idle)
{
	int empty = 0, limit, r;

	for (;;) {
		r = poll(p, n, SNULL_POLL_MS);
		if (kicked) {
			kicked = 0;
			armed = 0;
			empty = 0;
		}
		if (r > 0) {
			armed = 1;
			return r;
		}
		if (r < 0 && errno != EINTR)
			return r;
		limit = armed || idle > SNULL_PATIENCE_MS ? idle : SNULL_PATIENCE_MS;
		if (r == 0 && ++empty * SNULL_POLL_MS >= limit)
			return 0;
	}
}

/*
 * recv() once poll_idle() said there is something: never blocks, and a
 * kick landing in it (EINTR: no SA_RESTART) or a datagram gone meanwhile
 * is "nothing this time" (0), not the end of the receiver (-1: an error).
 */
static ssize_t recv_ready(int s, void *buf, size_t len)
{
	ssize_t n = recv(s, buf, len, MSG_DONTWAIT);

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	return n;
}

static int cmd_recv(int argc, char **argv)
{
	unsigned long want, got = 0, inorder = 1, next = 0, csum_ok = 0, csum_bad = 0;
	int port, idle, s, r = -1, nfds = 1;
	struct pollfd pfd[2];
	uint8_t buf[65536];

	if (argc < 4)
		return 2;
	port = atoi(argv[1]);
	want = strtoul(argv[2], NULL, 0);
	idle = atoi(argv[3]);
	s = udp_socket(port, 8 << 20);
	pfd[0].fd = s;
	pfd[0].events = POLLIN;
	if (argc > 4) {
		struct sockaddr_ll ll = { .sll_family = AF_PACKET,
					  .sll_protocol = htons(ETH_P_IP) };
		int rb = 8 << 20;

		r = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_IP));
		ll.sll_ifindex = if_nametoindex(argv[4]);
		if (r < 0 || !ll.sll_ifindex ||
		    bind(r, (struct sockaddr *)&ll, sizeof(ll))) {
			perror("raw socket");
			return 2;
		}
		setsockopt(r, SOL_SOCKET, SO_RCVBUFFORCE, &rb, sizeof(rb));
		pfd[1].fd = r;
		pfd[1].events = POLLIN;
		nfds = 2;
	}
	ready();
	while (got < want || (r >= 0 && csum_ok + csum_bad < got)) {
		if (poll_idle(pfd, nfds, idle) <= 0)
			break;
		if (pfd[0].revents & POLLIN) {
			ssize_t len = recv_ready(s, buf, sizeof(buf) - 1);
			unsigned long seq;

			buf[len > 0 ? len : 0] = 0;
			if (len > 0 && sscanf((char *)buf, "SNULL %lu", &seq) == 1) {
				if (seq != next)
					inorder = 0;
				next = seq + 1;
				got++;
			}
		}
		if (nfds == 2 && (pfd[1].revents & POLLIN)) {
			ssize_t len = recv(r, buf, sizeof(buf), 0);
			const uint8_t *ip = buf;
			size_t ihl;

			if (len < 14 + 28)
				continue;
			ip = buf + 14;
			ihl = (ip[0] & 15) * 4;
			if (ip[9] != 17 || ((ip[ihl + 2] << 8) | ip[ihl + 3]) != port)
				continue;
			if (frame_csums_ok(buf, len))
				csum_ok++;
			else
				csum_bad++;
		}
	}
	printf("received %lu inorder %lu csum_ok %lu csum_bad %lu\n",
	       got, got ? inorder : 0, csum_ok, csum_bad);
	return 0;
}

static void print_escaped(const char *tag, const uint8_t *b, size_t len)
{
	size_t i;

	printf("%s ", tag);
	for (i = 0; i < len; i++) {
		if (b[i] == '\n')
			printf("\\n");
		else if (b[i] == '\\')
			printf("\\\\");
		else if (b[i] < 0x20 || b[i] >= 0x7f)
			printf("\\x%02x", b[i]);
		else
			putchar(b[i]);
	}
	putchar('\n');
}

/*
 * Reassemble extended netconsole messages: datagrams "<hdr>,ncfrag=O/T;data"
 * are joined by header; whole messages and unfragmented datagrams are
 * printed escaped as "MSG <text>".
 */
/*
 * msgid continuity over the messages ncreasm completes (sysdata's
 * " msgid=N\n", the last line of a message): each must be the previous
 * one plus one.
 */
struct msgid_track {
	unsigned long msgs, with_id, gaps, repeats, frag_with_id;
	unsigned long first, last;
	int have;
};

static void msgid_note(struct msgid_track *m, const char *msg, size_t len,
		       int fragmented)
{
	static const char key[] = "\n msgid=";
	const char *p = NULL, *q;
	unsigned long id;

	m->msgs++;
	for (q = msg; (q = memmem(q, len - (q - msg), key, sizeof(key) - 1)); q++)
		p = q;
	if (!p)
		return;
	id = strtoul(p + sizeof(key) - 1, NULL, 10);
	m->with_id++;
	m->frag_with_id += fragmented;
	if (!m->have) {
		m->first = id;
		m->have = 1;
	} else if (id == m->last) {
		m->repeats++;
	} else if (id != (uint32_t)(m->last + 1)) {
		m->gaps++;
		printf("MSGID-GAP after %lu: %lu\n", m->last, id);
	}
	m->last = id;
}

/*
 * ncreasm PORT IDLE_MS [msgid]: print each datagram's length, each whole
 * message (MSG) and each message reassembled from its ncfrag fragments
 * (HDR, FRAGMSG nfrags); with msgid, end with the msgid continuity line.
 */
static int cmd_ncreasm(int argc, char **argv)
{
	static char hdr[1024], msg[1 << 17];
	struct msgid_track ids = { 0 };
	unsigned int have = 0, total = 0;
	int track = argc > 3 && !strcmp(argv[3], "msgid");
	uint8_t buf[2048];
	struct pollfd pfd;
	int s, idle, nfrag = 0;

	if (argc < 3)
		return 2;
	s = udp_socket_any(atoi(argv[1]), 4 << 20);
	idle = atoi(argv[2]);
	pfd.fd = s;
	pfd.events = POLLIN;
	ready();
	while (poll_idle(&pfd, 1, idle) > 0) {
		ssize_t len = recv_ready(s, buf, sizeof(buf) - 1);
		char *semi, *nf;
		unsigned int off, tot;

		if (len < 0)
			break;
		if (!len)
			continue;
		buf[len] = 0;
		printf("DGRAM %zd\n", len);
		semi = memchr(buf, ';', len);
		nf = strstr((char *)buf, ",ncfrag=");
		if (!semi || !nf || nf > semi ||
		    sscanf(nf, ",ncfrag=%u/%u;", &off, &tot) != 2 || tot > sizeof(msg)) {
			print_escaped("MSG", buf, len);
			if (track)
				msgid_note(&ids, (char *)buf, len, 0);
			continue;
		}
		if (strncmp(hdr, (char *)buf, nf - (char *)buf) || off == 0) {
			memcpy(hdr, buf, nf - (char *)buf);
			hdr[nf - (char *)buf] = 0;
			have = 0;
			nfrag = 0;
		}
		if (off + (len - (semi + 1 - (char *)buf)) > tot)
			continue;
		memcpy(msg + off, semi + 1, len - (semi + 1 - (char *)buf));
		have += len - (semi + 1 - (char *)buf);
		total = tot;
		nfrag++;
		if (have == total) {
			char tag[64];

			snprintf(tag, sizeof(tag), "FRAGMSG %d", nfrag);
			printf("HDR %s\n", hdr);
			print_escaped(tag, (uint8_t *)msg, total);
			if (track)
				msgid_note(&ids, msg, total, 1);
			have = 0;
		}
	}
	if (track)
		printf("MSGIDS messages %lu with_msgid %lu fragmented_with_msgid %lu first %lu last %lu gaps %lu repeats %lu\n",
		       ids.msgs, ids.with_id, ids.frag_with_id, ids.first,
		       ids.last, ids.gaps, ids.repeats);
	return 0;
}

static int cmd_listen(int argc, char **argv)
{
	uint8_t buf[65536];
	struct pollfd pfd;
	int s, idle, hex = argc > 3 && !strcmp(argv[3], "hex");

	if (argc < 3)
		return 2;
	s = udp_socket_any(atoi(argv[1]), 1 << 20);
	idle = atoi(argv[2]);
	pfd.fd = s;
	pfd.events = POLLIN;
	ready();
	while (poll_idle(&pfd, 1, idle) > 0) {
		ssize_t len = recv_ready(s, buf, sizeof(buf) - 1);

		if (len < 0)
			break;
		if (!len)
			continue;
		buf[len] = 0;
		if (hex) {
			ssize_t i;

			printf("DGRAM %zd ", len);
			for (i = 0; i < len; i++)
				printf("%02x", buf[i]);
			printf("\n");
		} else {
			printf("DGRAM %zd %s%s", len, buf,
			       len && buf[len - 1] == '\n' ? "" : "\n");
		}
		fflush(stdout);
	}
	return 0;
}

/* ---- capture: the headers of every IPv4/UDP frame an interface sees ----
 * One line per frame, fields in header order, so that two senders' frames
 * can be compared field by field:
 * FRAME dst src type ver_ihl tos tot_len id frag_off ttl proto saddr daddr
 *       sport dport ulen csums_ok payload-hex
 */
static int raw_open(const char *ifname, int *ifindex);

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

static int cmd_capture(int argc, char **argv)
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
	pfd.fd = s;
	pfd.events = POLLIN;
	ready();
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

static int cmd_rawcheck(int argc, char **argv)
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
		uint64_t end = now_ms() + 2000;
		struct pollfd p = { .fd = rx, .events = POLLIN };
		ssize_t n = -1;

		if (send(tx, out, len, 0) != (ssize_t)len) {
			perror("send");
			return 2;
		}
		while (now_ms() < end && poll(&p, 1, 100) >= 0) {
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
static int cmd_badarp(int argc, char **argv)
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
static int cmd_arpreply(int argc, char **argv)
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

/* kmsg COUNT SIZE TAG: write COUNT records of SIZE bytes to /dev/kmsg */
static int cmd_kmsg(int argc, char **argv)
{
	unsigned long n, i, size;
	uint32_t lcg = 1;
	int mix;
	char buf[2048];
	uint64_t t0, us;
	struct timespec a, b;
	int fd;

	if (argc < 4)
		return 2;
	n = strtoul(argv[1], NULL, 0);
	mix = !strcmp(argv[2], "mix");
	size = strtoul(argv[2], NULL, 0);
	if (size < 32 || size > 1000)
		size = 80;
	/* SNTOOL_CPU: the writer's CPU, which sysdata's cpu= must name */
	if (getenv("SNTOOL_CPU")) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(atoi(getenv("SNTOOL_CPU")), &set);
		if (sched_setaffinity(0, sizeof(set), &set)) {
			perror("sched_setaffinity");
			return 2;
		}
	}
	fd = open("/dev/kmsg", O_WRONLY);
	if (fd < 0) {
		perror("/dev/kmsg");
		return 2;
	}
	kick_receivers();
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++) {
		int h = snprintf(buf, sizeof(buf), "<6>%s %lu ", argv[3], i);

		/* mix: sizes spread over 32..985 (6.1 takes no more) by a fixed LCG */
		if (mix) {
			lcg = lcg * 1103515245u + 12345u;
			size = 32 + (lcg >> 8) % 954;
		}

		memset(buf + h, 'k', size + 3 - h);
		/*
		 * A record without its newline stays open for a continuation
		 * until the next one closes it: consoles see it only then.
		 */
		buf[size + 2] = '\n';
		if (write(fd, buf, size + 3) < 0) {
			perror("write");
			break;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	t0 = a.tv_sec * 1000000ull + a.tv_nsec / 1000;
	us = b.tv_sec * 1000000ull + b.tv_nsec / 1000 - t0;
	printf("kmsg %lu records %llu us %.1f rec/s %.2f us/rec\n", i,
	       (unsigned long long)us, us ? i * 1e6 / us : 0.0, i ? (double)us / i : 0.0);
	close(fd);
	return 0;
}

/*
 * count PORT IDLE_MS TAG: count the records carrying TAG that arrived
 * whole: unfragmented datagrams, or every ncfrag of an extended record
 * (the tag is in the message text, so in one of its fragments).
 */
static int cmd_count(int argc, char **argv)
{
	static unsigned int have[65536], tot[65536];
	static unsigned char tagged[65536];
	static unsigned char seen[1 << 20];
	unsigned long records = 0, dgrams = 0, idx, first_missing = 0, maxidx = 0;
	uint8_t buf[2048];
	struct pollfd pfd;
	int s, idle;

	if (argc < 4)
		return 2;
	s = udp_socket(atoi(argv[1]), 64 << 20);
	idle = atoi(argv[2]);
	pfd.fd = s;
	pfd.events = POLLIN;
	ready();
	while (poll_idle(&pfd, 1, idle) > 0) {
		ssize_t len = recv_ready(s, buf, sizeof(buf) - 1);
		char *semi, *nf, *p;
		unsigned int off, t, seq;

		if (len < 0)
			break;
		if (!len)
			continue;
		buf[len] = 0;
		dgrams++;
		semi = memchr(buf, ';', len);
		nf = strstr((char *)buf, ",ncfrag=");
		if (!nf || !semi || nf > semi) {
			char *t = strstr((char *)buf, argv[3]);

			if (t) {
				records++;
				if (sscanf(t + strlen(argv[3]), " %lu", &idx) == 1 &&
				    idx < sizeof(seen)) {
					seen[idx] = 1;
					if (idx > maxidx)
						maxidx = idx;
				}
			}
			continue;
		}
		/* header: [release,]prio,seq,... -- seq is the 2nd number field */
		p = (char *)buf;
		if (sscanf(nf, ",ncfrag=%u/%u;", &off, &t) != 2)
			continue;
		{
			char *c = strchr((char *)buf, ',');
			unsigned int prio;

			/* skip a release prefix (contains a '.') */
			if (c && memchr(buf, '.', c - (char *)buf))
				p = c + 1;
			else
				p = (char *)buf;
			if (sscanf(p, "%u,%u,", &prio, &seq) != 2)
				continue;
		}
		seq &= 65535;
		if (off == 0 || tot[seq] != t) {
			have[seq] = 0;
			tot[seq] = t;
			tagged[seq] = 0;
		}
		/*
		 * Only records carrying TAG count: another record sent while
		 * counting (a flush, a replay) is fragmented too when the
		 * target appends userdata to it.
		 */
		if (memmem(semi + 1, len - (semi + 1 - (char *)buf), argv[3],
			   strlen(argv[3])))
			tagged[seq] = 1;
		have[seq] += len - (semi + 1 - (char *)buf);
		if (have[seq] == t && tagged[seq])
			records++;
	}
	for (idx = 0; idx <= maxidx && seen[idx]; idx++)
		;
	first_missing = idx;
	printf("count %lu records %lu datagrams first_missing %lu\n", records,
	       dgrams, first_missing);
	return 0;
}

/* rawsend IFNAME HEX: one frame, given in hex, sent as is on IFNAME */
static int cmd_rawsend(int argc, char **argv)
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
static int cmd_rawflood(int argc, char **argv)
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
	end = now_ms() + strtoul(argv[2], NULL, 0);
	while (now_ms() < end) {
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

/* RTM_NEWLINK for "NAME type snull" over rtnetlink; returns 0 or -errno */
static int nl_put(uint8_t *buf, size_t *off, int type, const void *data, size_t len)
{
	struct rtattr *rta = (struct rtattr *)(buf + *off);

	rta->rta_type = type;
	rta->rta_len = RTA_LENGTH(len);
	if (data)
		memcpy(RTA_DATA(rta), data, len);
	*off += RTA_ALIGN(rta->rta_len);
	return 0;
}

static int nl_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);

	if (s < 0 || bind(s, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("netlink");
		exit(2);
	}
	return s;
}

static int nl_linkadd(int s, const char *name)
{
	static uint8_t buf[512];
	struct nlmsghdr *nh = (struct nlmsghdr *)buf;
	struct rtattr *li;
	size_t off;
	ssize_t r;

	memset(buf, 0, sizeof(buf));
	nh->nlmsg_type = RTM_NEWLINK;
	nh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
	nh->nlmsg_seq = 1;
	off = NLMSG_LENGTH(sizeof(struct ifinfomsg));
	nl_put(buf, &off, IFLA_IFNAME, name, strlen(name) + 1);
	li = (struct rtattr *)(buf + off);
	nl_put(buf, &off, IFLA_LINKINFO, NULL, 0);
	nl_put(buf, &off, IFLA_INFO_KIND, "snull", 6);
	li->rta_len = (unsigned short)(buf + off - (uint8_t *)li);
	nh->nlmsg_len = (uint32_t)off;
	if (send(s, buf, off, 0) < 0)
		return -errno;
	r = recv(s, buf, sizeof(buf), 0);
	if (r < (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr)))
		return -EIO;
	if (nh->nlmsg_type != NLMSG_ERROR)
		return -EIO;
	return ((struct nlmsgerr *)NLMSG_DATA(nh))->error;
}

/*
 * failnth N OP ARGS: make the Nth fault-injection point this task reaches
 * fail (failslab / fail_page_alloc via /proc/thread-self/fail-nth), then
 * run one kernel operation from this same task with everything else set
 * up beforehand, so the count lands in the kernel code under test:
 *   load FILE [PARAMS]   init_module
 *   linkadd NAME         RTM_NEWLINK type snull
 *   write PATH VALUE     one write(2) (configfs attributes)
 *   mkdir PATH           mkdir(2) (configfs targets)
 * Prints "rc <0 or errno name> injected <0|1> left <fail-nth remaining>"
 * (N - left = the fault points the operation passed).  N = 0 injects nothing
 * (the errno of a plain operation, on kernels without fault injection).
 */
static int cmd_failnth(int argc, char **argv)
{
	const char *op;
	char num[32], *img = NULL;
	long n, rc, left;
	size_t len = 0;
	int fn, fd = -1, s = -1;

	if (argc < 4)
		return 2;
	n = strtol(argv[1], NULL, 0);
	op = argv[2];
	if (!strcmp(op, "load")) {
		FILE *f = fopen(argv[3], "rb");

		if (!f)
			return 2;
		fseek(f, 0, SEEK_END);
		len = (size_t)ftell(f);
		rewind(f);
		img = malloc(len);
		if (!img || fread(img, 1, len, f) != len)
			return 2;
		fclose(f);
	} else if (!strcmp(op, "linkadd")) {
		s = nl_open();
	} else if (!strcmp(op, "write")) {
		if (argc < 5)
			return 2;
		fd = open(argv[3], O_WRONLY);
		if (fd < 0) {
			/* read-only attributes refuse the open itself */
			printf("rc %s injected 0 left -1\n", strerrorname_np(errno));
			return 0;
		}
	} else if (strcmp(op, "mkdir")) {
		return 2;
	}
	/* N = 0: no injection, just the operation and its errno */
	fn = n ? open("/proc/thread-self/fail-nth", O_RDWR) : -1;
	if (n && fn < 0) {
		perror("fail-nth");
		return 2;
	}
	snprintf(num, sizeof(num), "%ld", n);
	if (n && write(fn, num, strlen(num)) < 0) {
		perror("fail-nth");
		return 2;
	}
	if (!strcmp(op, "load"))
		rc = syscall(SYS_init_module, img, len, argc > 4 ? argv[4] : "") ? -errno : 0;
	else if (!strcmp(op, "linkadd"))
		rc = nl_linkadd(s, argv[3]);
	else if (!strcmp(op, "write"))
		rc = write(fd, argv[4], strlen(argv[4])) < 0 ? -errno : 0;
	else
		rc = mkdir(argv[3], 0755) ? -errno : 0;
	memset(num, 0, sizeof(num));
	left = n && pread(fn, num, sizeof(num) - 1, 0) > 0 ? strtol(num, NULL, 10) : -1;
	if (n && write(fn, "0", 1) < 0)
		perror("fail-nth reset");
	printf("rc %s injected %d left %ld\n",
	       rc ? strerrorname_np((int)-rc) ? strerrorname_np((int)-rc) : "?" : "0",
	       left == 0, left);
	return 0;
}

/* memcpy MB: same-VM copy bandwidth over a MB-sized buffer */
static int cmd_memcpy(int argc, char **argv)
{
	size_t mb = argc > 1 ? strtoul(argv[1], NULL, 0) : 64, n = mb << 20;
	char *a = malloc(n), *b = malloc(n);
	uint64_t t0, us;
	int i, reps = 8;

	if (!a || !b)
		return 2;
	memset(a, 1, n);
	memset(b, 2, n);
	t0 = now_ms();
	for (i = 0; i < reps; i++)
		memcpy(i & 1 ? a : b, i & 1 ? b : a, n);
	us = (now_ms() - t0) * 1000;
	printf("memcpy %.1f MB/s\n", us ? reps * (double)mb * 1e6 / us : 0.0);
	return 0;
}

/*
 * -n NS: enter the named network namespace ourselves.  "ip netns exec" also
 * unshares the mount namespace and remounts /sys, which a loaded TCG guest
 * has been seen to take tens of seconds over; a receiver must bind at once.
 */
/* The TCP tests' byte stream: position-dependent, so a lost, repeated or
 * reordered segment shows as a mismatch at the receiver.
 */
static uint8_t tcp_pattern(uint64_t i)
{
	return (uint8_t)(i * 131 + (i >> 12) * 7 + 1);
}

/* tcpsend IP PORT BYTES: one connection, large writes (TSO-sized). */
static int cmd_tcpsend(int argc, char **argv)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	static uint8_t buf[256 * 1024];
	uint64_t total, sent = 0, t0;
	size_t n, i;
	ssize_t w;
	int s, tries;

	if (argc < 4)
		return 2;
	inet_pton(AF_INET, argv[1], &a.sin_addr);
	a.sin_port = htons(atoi(argv[2]));
	total = strtoull(argv[3], NULL, 0);
	s = socket(AF_INET, SOCK_STREAM, 0);
	/* the receiver may still be starting: retry the connect for 30 s */
	for (tries = 0; connect(s, (struct sockaddr *)&a, sizeof(a)); tries++) {
		if (tries >= 300) {
			perror("connect");
			return 1;
		}
		close(s);
		usleep(100000);
		s = socket(AF_INET, SOCK_STREAM, 0);
	}
	t0 = now_ms();
	while (sent < total) {
		n = total - sent < sizeof(buf) ? total - sent : sizeof(buf);
		for (i = 0; i < n; i++)
			buf[i] = tcp_pattern(sent + i);
		w = write(s, buf, n);
		if (w <= 0) {
			perror("write");
			break;
		}
		sent += w;
	}
	close(s);
	printf("tcpsend sent %llu ms %llu\n", (unsigned long long)sent,
	       (unsigned long long)(now_ms() - t0));
	return sent == total ? 0 : 1;
}

/* tcprecv PORT IDLE_MS: accept one connection, read to EOF, check bytes. */
static int cmd_tcprecv(int argc, char **argv)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	static uint8_t buf[256 * 1024];
	uint64_t got = 0, bad = 0, first_bad = 0;
	struct pollfd p;
	int s, c, one = 1, idle;
	ssize_t r, i;

	if (argc < 3)
		return 2;
	a.sin_port = htons(atoi(argv[1]));
	idle = atoi(argv[2]);
	s = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(s, (struct sockaddr *)&a, sizeof(a)) || listen(s, 1)) {
		perror("bind/listen");
		return 2;
	}
	printf("ready\n");
	p.fd = s;
	p.events = POLLIN;
	if (poll(&p, 1, 60000) <= 0) {
		printf("tcprecv no connection\n");
		return 1;
	}
	c = accept(s, NULL, NULL);
	p.fd = c;
	for (;;) {
		if (poll(&p, 1, idle) <= 0)
			break;		/* idle: reported as short */
		r = read(c, buf, sizeof(buf));
		if (r <= 0)
			break;
		for (i = 0; i < r; i++)
			if (buf[i] != tcp_pattern(got + i) && !bad++)
				first_bad = got + i;
		got += r;
	}
	printf("tcprecv received %llu bad %llu first_bad %llu\n",
	       (unsigned long long)got, (unsigned long long)bad,
	       (unsigned long long)first_bad);
	return bad ? 1 : 0;
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

/*
 * userns-pairs CGROUP MAX: as uid 65534 in a new user and network
 * namespace inside cgroup directory CGROUP, create snull pairs (RTM_NEWLINK,
 * kind snull) until one is refused or MAX are made.  Prints "made N" as it
 * goes (the OOM killer may end it) and then the refusal's errno and
 * extack message.
 */
static int cmd_userns_pairs(int argc, char **argv)
{
	char path[256], pid[32];
	int up[2], down[2];
	pid_t child;
	struct {
		struct nlmsghdr nh;
		struct ifinfomsg ifi;
		char attrs[256];
	} req;
	char ans[4096];
	int max, made = 0, nl, err = 0;
	struct nlmsgerr *e;
	struct rtattr *li, *rta;
	ssize_t n;

	if (argc < 3)
		return 2;
	max = atoi(argv[2]);
	/*
	 * The child drops to 65534 and makes its namespaces; this process,
	 * still root of the first namespace, writes the child's id maps (as
	 * newuidmap would), so that nothing depends on the child's /proc
	 * being writable after its credentials changed.
	 */
	if (pipe(up) || pipe(down))
		return 2;
	child = fork();
	if (child > 0) {
		char c;
		int st;

		close(up[1]);
		close(down[0]);
		if (read(up[0], &c, 1) != 1)
			return 2;
		snprintf(path, sizeof(path), "/proc/%d/setgroups", child);
		write_file(path, "deny");
		snprintf(path, sizeof(path), "/proc/%d/uid_map", child);
		if (write_file(path, "0 65534 1"))
			perror("uid_map");
		snprintf(path, sizeof(path), "/proc/%d/gid_map", child);
		if (write_file(path, "0 65534 1"))
			perror("gid_map");
		if (write(down[1], "g", 1) != 1)
			return 2;
		waitpid(child, &st, 0);
		if (WIFSIGNALED(st))
			printf("killed by signal %d\n", WTERMSIG(st));
		return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
	}
	if (child < 0)
		return 2;
	close(up[0]);
	close(down[1]);
	/* only the child is charged: the OOM killer has one choice there */
	snprintf(path, sizeof(path), "%s/cgroup.procs", argv[1]);
	snprintf(pid, sizeof(pid), "%d", getpid());
	if (write_file(path, pid)) {
		perror("cgroup.procs");
		return 2;
	}
	if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
	    setresuid(65534, 65534, 65534)) {
		perror("drop to 65534");
		return 2;
	}
	if (unshare(CLONE_NEWUSER | CLONE_NEWNET)) {
		perror("unshare");
		return 2;
	}
	{
		char c;

		if (write(up[1], "r", 1) != 1 || read(down[0], &c, 1) != 1)
			return 2;
	}
	nl = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	{
		int one = 1;

		setsockopt(nl, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
		setsockopt(nl, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	}
	while (made < max) {
		memset(&req, 0, sizeof(req));
		req.nh.nlmsg_type = RTM_NEWLINK;
		req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL |
				     NLM_F_ACK;
		req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(req.ifi));
		rta = (struct rtattr *)((char *)&req + NLMSG_ALIGN(req.nh.nlmsg_len));
		rta->rta_type = IFLA_IFNAME;
		snprintf(RTA_DATA(rta), 16, "x%d", made);
		rta->rta_len = RTA_LENGTH(strlen(RTA_DATA(rta)) + 1);
		req.nh.nlmsg_len = NLMSG_ALIGN(req.nh.nlmsg_len) + RTA_ALIGN(rta->rta_len);
		li = (struct rtattr *)((char *)&req + req.nh.nlmsg_len);
		li->rta_type = IFLA_LINKINFO;
		rta = RTA_DATA(li);
		rta->rta_type = IFLA_INFO_KIND;
		strcpy(RTA_DATA(rta), "snull");
		rta->rta_len = RTA_LENGTH(6);
		li->rta_len = RTA_LENGTH(RTA_ALIGN(rta->rta_len));
		req.nh.nlmsg_len += RTA_ALIGN(li->rta_len);
		if (send(nl, &req, req.nh.nlmsg_len, 0) < 0) {
			perror("netlink send");
			return 2;
		}
		n = recv(nl, ans, sizeof(ans), 0);
		if (n < (ssize_t)NLMSG_LENGTH(sizeof(*e)))
			return 2;
		e = NLMSG_DATA((struct nlmsghdr *)ans);
		err = -e->error;
		if (err)
			break;
		made++;
		if (!(made % 10))
			printf("made %d\n", made);
	}
	printf("made %d\n", made);
	if (err) {
		const char *msg = "";
		struct nlmsghdr *h = (struct nlmsghdr *)ans;
		size_t off = NLMSG_ALIGN(sizeof(*h)) + NLMSG_ALIGN(sizeof(*e));

		/* the extack message, if any, after the echoed header */
		int left = h->nlmsg_len - off;

		if (h->nlmsg_flags & NLM_F_ACK_TLVS) {
			for (rta = (struct rtattr *)((char *)h + off);
			     RTA_OK(rta, left); rta = RTA_NEXT(rta, left))
				if (rta->rta_type == NLMSGERR_ATTR_MSG)
					msg = RTA_DATA(rta);
		}
		printf("refused errno %d (%s) extack '%s'\n", err,
		       strerror(err), msg);
	}
	return 0;
}

static int enter_netns(const char *name)
{
	static const char *const dirs[] = { "/run/netns", "/var/run/netns" };
	char path[256];
	unsigned int i;
	int fd;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dirs[i], name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (setns(fd, CLONE_NEWNET)) {
			perror("setns");
			close(fd);
			return -1;
		}
		close(fd);
		return 0;
	}
	fprintf(stderr, "sntool: no network namespace %s\n", name);
	return -1;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 2 && !strcmp(argv[1], "-n")) {
		if (enter_netns(argv[2]))
			return 2;
		argc -= 2;
		argv += 2;
	}
	if (argc < 2)
		goto usage;
	if (!strcmp(argv[1], "send"))
		return cmd_send(argc - 1, argv + 1, 0);
	if (!strcmp(argv[1], "flood"))
		return cmd_send(argc - 1, argv + 1, 1);
	if (!strcmp(argv[1], "recv"))
		return cmd_recv(argc - 1, argv + 1);
	if (!strcmp(argv[1], "listen"))
		return cmd_listen(argc - 1, argv + 1);
	if (!strcmp(argv[1], "kmsg"))
		return cmd_kmsg(argc - 1, argv + 1);
	if (!strcmp(argv[1], "count"))
		return cmd_count(argc - 1, argv + 1);
	if (!strcmp(argv[1], "memcpy"))
		return cmd_memcpy(argc - 1, argv + 1);
	if (!strcmp(argv[1], "arpreply"))
		return cmd_arpreply(argc - 1, argv + 1);
	if (!strcmp(argv[1], "badarp"))
		return cmd_badarp(argc - 1, argv + 1);
	if (!strcmp(argv[1], "ncreasm"))
		return cmd_ncreasm(argc - 1, argv + 1);
	if (!strcmp(argv[1], "rawflood"))
		return cmd_rawflood(argc - 1, argv + 1);
	if (!strcmp(argv[1], "rawsend"))
		return cmd_rawsend(argc - 1, argv + 1);
	if (!strcmp(argv[1], "failnth"))
		return cmd_failnth(argc - 1, argv + 1);
	if (!strcmp(argv[1], "rawcheck"))
		return cmd_rawcheck(argc - 1, argv + 1);
	if (!strcmp(argv[1], "capture"))
		return cmd_capture(argc - 1, argv + 1);
	if (!strcmp(argv[1], "tcpsend"))
		return cmd_tcpsend(argc - 1, argv + 1);
	if (!strcmp(argv[1], "tcprecv"))
		return cmd_tcprecv(argc - 1, argv + 1);
	if (!strcmp(argv[1], "userns-pairs"))
		return cmd_userns_pairs(argc - 1, argv + 1);
usage:
	fprintf(stderr, "usage: sntool [-n NETNS] send|recv|flood|listen|capture|rawcheck ...\n");
	return 2;
}
