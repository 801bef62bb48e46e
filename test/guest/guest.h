/* SPDX-License-Identifier: GPL-2.0 */
/*
 * guest.h -- helpers the test VMs' tools share (sntool, snfuzz): time,
 * files, hex, network namespaces and rtnetlink.  guest.c.
 */
#ifndef _SNULL_GUEST_H
#define _SNULL_GUEST_H

#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

/* CLOCK_MONOTONIC in milliseconds */
uint64_t g_now_ms(void);

/* one write(2) of LEN bytes, or one read(2) of at most SIZE: 0 (bytes
 * read), or -1 with errno */
int g_write(const char *path, const void *buf, size_t len);
int g_write_str(const char *path, const char *text);
long g_read(const char *path, void *buf, size_t size);

/* hex digits to bytes, up to MAX or the first non-hex pair; the count */
unsigned int g_unhex(const char *s, unsigned char *out, unsigned int max);
/* bytes to a malloc'd hex string ("-" for none) */
char *g_tohex(const unsigned char *b, unsigned int n);

/* setns() into /run/netns/NAME (or /var/run/netns/NAME): 0 or -1 */
int g_enter_netns(const char *name);

/* An rtnetlink link request: header, ifinfomsg and attributes. */
struct g_nlreq {
	struct nlmsghdr n;
	struct ifinfomsg i;
	char buf[512];
};

void g_nl_attr(struct nlmsghdr *n, int type, const void *d, int len);
struct rtattr *g_nl_nest(struct nlmsghdr *n, int type);
void g_nl_nest_end(struct nlmsghdr *n, struct rtattr *nest);
/* a NETLINK_ROUTE socket, with extended acks when EXTACK; -1 on error */
int g_nl_socket(int extack);
/*
 * Send N (as a request asking for an ack) and wait for its ack: 0, or -1
 * with errno; the extended ack's message into MSG (MSGLEN bytes) when
 * given.
 */
int g_nl_talk(int fd, struct nlmsghdr *n, char *msg, size_t msglen);
/* RTM_NEWLINK "NAME type snull" (NAME NULL: the kernel names it) */
void g_nl_newlink_snull(struct g_nlreq *q, const char *name);

#endif
