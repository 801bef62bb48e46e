// SPDX-License-Identifier: GPL-2.0
/*
 * sntool_udp.c -- sntool's traffic and log commands: numbered UDP
 * datagrams (send, flood, recv), the netconsole listeners (listen,
 * ncreasm, count), records written to /dev/kmsg (kmsg), and one patterned
 * TCP stream (tcpsend, tcprecv).
 */
#include "sntool.h"

/* send, and flood (ARGV[0]): the same datagrams, for a time */
int cmd_send(int argc, char **argv)
{
	int flood = !strcmp(argv[0], "flood");
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
		end = g_now_ms() + count * 1000;
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
		if (flood && !(i & 255) && g_now_ms() >= end)
			break;
	}
	printf("sent %lu enobufs %lu errors %lu\n", ok, enobufs, err);
	return 0;
}

int cmd_recv(int argc, char **argv)
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
int cmd_ncreasm(int argc, char **argv)
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
	s = rx_start(udp_socket_any(atoi(argv[1]), 4 << 20), &pfd);
	idle = atoi(argv[2]);
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

/*
 * listen PORT IDLE_MS [hex]: the datagrams, one a line.  Room for bursts:
 * on a debug kernel the listener lags behind a flood from every context,
 * and what its socket drops would look like the client's loss.
 */
int cmd_listen(int argc, char **argv)
{
	uint8_t buf[65536];
	struct pollfd pfd;
	int s, idle, hex = argc > 3 && !strcmp(argv[3], "hex");

	if (argc < 3)
		return 2;
	s = rx_start(udp_socket_any(atoi(argv[1]), 16 << 20), &pfd);
	idle = atoi(argv[2]);
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

/* kmsg COUNT SIZE TAG: write COUNT records of SIZE bytes to /dev/kmsg */
int cmd_kmsg(int argc, char **argv)
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
int cmd_count(int argc, char **argv)
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
	s = rx_start(udp_socket(atoi(argv[1]), 64 << 20), &pfd);
	idle = atoi(argv[2]);
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
int cmd_tcpsend(int argc, char **argv)
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
	t0 = g_now_ms();
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
	       (unsigned long long)(g_now_ms() - t0));
	return sent == total ? 0 : 1;
}

/* tcprecv PORT IDLE_MS: accept one connection, read to EOF, check bytes. */
int cmd_tcprecv(int argc, char **argv)
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
