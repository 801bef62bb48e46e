// SPDX-License-Identifier: GPL-2.0
/*
 * guest.c -- helpers the test VMs' tools share (guest.h).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "guest.h"

uint64_t g_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ull + ts.tv_nsec / 1000000;
}

int g_write(const char *path, const void *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t r;

	if (fd < 0)
		return -1;
	r = write(fd, buf, len);
	close(fd);
	return r == (ssize_t)len ? 0 : -1;
}

int g_write_str(const char *path, const char *text)
{
	return g_write(path, text, strlen(text));
}

long g_read(const char *path, void *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t r;

	if (fd < 0)
		return -1;
	r = read(fd, buf, size);
	close(fd);
	return r;
}

static int g_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

unsigned int g_unhex(const char *s, unsigned char *out, unsigned int max)
{
	unsigned int n = 0;

	while (s[0] && s[1] && n < max) {
		int h = g_hexval(s[0]), l = g_hexval(s[1]);

		if (h < 0 || l < 0)
			break;
		out[n++] = h << 4 | l;
		s += 2;
	}
	return n;
}

char *g_tohex(const unsigned char *b, unsigned int n)
{
	char *s = malloc(2 * n + 2);
	unsigned int i;

	if (!s)
		return NULL;
	for (i = 0; i < n; i++)
		sprintf(s + 2 * i, "%02x", b[i]);
	if (!n)
		strcpy(s, "-");
	return s;
}

int g_enter_netns(const char *name)
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
	fprintf(stderr, "no network namespace %s\n", name);
	return -1;
}

void g_nl_attr(struct nlmsghdr *n, int type, const void *d, int len)
{
	struct rtattr *a = (struct rtattr *)((char *)n + NLMSG_ALIGN(n->nlmsg_len));

	a->rta_type = type;
	a->rta_len = RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(a), d, len);
	n->nlmsg_len = NLMSG_ALIGN(n->nlmsg_len) + RTA_ALIGN(a->rta_len);
}

struct rtattr *g_nl_nest(struct nlmsghdr *n, int type)
{
	struct rtattr *nest = (struct rtattr *)((char *)n + NLMSG_ALIGN(n->nlmsg_len));

	g_nl_attr(n, type, NULL, 0);
	return nest;
}

void g_nl_nest_end(struct nlmsghdr *n, struct rtattr *nest)
{
	nest->rta_len = (char *)n + NLMSG_ALIGN(n->nlmsg_len) - (char *)nest;
}

int g_nl_socket(int extack)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	int one = 1;

	if (s < 0)
		return -1;
	if (bind(s, (struct sockaddr *)&sa, sizeof(sa))) {
		close(s);
		return -1;
	}
	if (extack) {
		setsockopt(s, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
		setsockopt(s, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	}
	return s;
}

/* the extended ack's message after an error's echoed header, if any */
static void g_nl_extack(struct nlmsghdr *r, char *msg, size_t msglen)
{
	size_t off = NLMSG_ALIGN(sizeof(*r)) + NLMSG_ALIGN(sizeof(struct nlmsgerr));
	int left = (int)r->nlmsg_len - (int)off;
	struct rtattr *a;

	if (!(r->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	for (a = (struct rtattr *)((char *)r + off); RTA_OK(a, left); a = RTA_NEXT(a, left))
		if (a->rta_type == NLMSGERR_ATTR_MSG)
			snprintf(msg, msglen, "%s", (char *)RTA_DATA(a));
}

int g_nl_talk(int fd, struct nlmsghdr *n, char *msg, size_t msglen)
{
	char buf[4096];
	struct nlmsghdr *r;
	ssize_t got;

	if (msg && msglen)
		msg[0] = 0;
	n->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	if (send(fd, n, n->nlmsg_len, 0) < 0)
		return -1;
	for (;;) {
		got = recv(fd, buf, sizeof(buf), 0);
		if (got < 0)
			return -1;
		if (!got) {
			errno = EIO;
			return -1;
		}
		for (r = (struct nlmsghdr *)buf; NLMSG_OK(r, got); r = NLMSG_NEXT(r, got)) {
			int e;

			if (r->nlmsg_type != NLMSG_ERROR)
				continue;
			e = ((struct nlmsgerr *)NLMSG_DATA(r))->error;
			if (e && msg && msglen)
				g_nl_extack(r, msg, msglen);
			errno = -e;
			return e ? -1 : 0;
		}
	}
}

void g_nl_newlink_snull(struct g_nlreq *q, const char *name)
{
	struct rtattr *li;

	memset(q, 0, sizeof(*q));
	q->n.nlmsg_len = NLMSG_LENGTH(sizeof(q->i));
	q->n.nlmsg_type = RTM_NEWLINK;
	q->n.nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	if (name)
		g_nl_attr(&q->n, IFLA_IFNAME, name, strlen(name) + 1);
	li = g_nl_nest(&q->n, IFLA_LINKINFO);
	g_nl_attr(&q->n, IFLA_INFO_KIND, "snull", 6);
	g_nl_nest_end(&q->n, li);
}
