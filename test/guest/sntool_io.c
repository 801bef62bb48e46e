// SPDX-License-Identifier: GPL-2.0
/*
 * sntool_io.c -- what sntool's senders and receivers share: checksums of
 * captured frames, UDP sockets, the receivers' idle timer and the kick a
 * sender gives them before its first frame.
 */
#include "sntool.h"

uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t len)
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

uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* 1 if the IPv4 header and UDP checksums of an Ethernet frame verify. */
int frame_csums_ok(const uint8_t *f, size_t len)
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
int frame6_csum_ok(const uint8_t *f, size_t len)
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
int udp_socket_any(int port, int rcvbuf)
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

int udp_socket(int port, int rcvbuf)
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

void kick_receivers(void)
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

void ready(void)
{
	struct sigaction sa = { .sa_handler = idle_restart };

	/* no SA_RESTART: poll() returns EINTR */
	sigaction(SIGUSR1, &sa, NULL);
	printf("ready\n");
	fflush(stdout);
}

/* A receiver's socket S as its one poll entry, and the receiver ready. */
int rx_start(int s, struct pollfd *pfd)
{
	pfd->fd = s;
	pfd->events = POLLIN;
	ready();
	return s;
}

/* poll() until an event (> 0), an error (< 0) or the idle time (0) */
int poll_idle(struct pollfd *p, int n, int idle)
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
ssize_t recv_ready(int s, void *buf, size_t len)
{
	ssize_t n = recv(s, buf, len, MSG_DONTWAIT);

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	return n;
}
