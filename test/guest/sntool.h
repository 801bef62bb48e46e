/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sntool.h -- what sntool's files share: the commands (sntool.c's table
 * runs them) and the helpers of sntool_io.c.
 */
#ifndef _SNTOOL_H
#define _SNTOOL_H

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
#include "guest.h"

/* sntool_io.c */
uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t len);
uint16_t csum_fold(uint32_t sum);
int frame_csums_ok(const uint8_t *f, size_t len);
int frame6_csum_ok(const uint8_t *f, size_t len);
int udp_socket_any(int port, int rcvbuf);
int udp_socket(int port, int rcvbuf);
void kick_receivers(void);
void ready(void);
int rx_start(int s, struct pollfd *pfd);
int poll_idle(struct pollfd *p, int n, int idle);
ssize_t recv_ready(int s, void *buf, size_t len);

/* the commands: ARGC and ARGV from the command's name on; exit status */
int cmd_send(int argc, char **argv);
int cmd_recv(int argc, char **argv);
int cmd_ncreasm(int argc, char **argv);
int cmd_listen(int argc, char **argv);
int cmd_kmsg(int argc, char **argv);
int cmd_count(int argc, char **argv);
int cmd_tcpsend(int argc, char **argv);
int cmd_tcprecv(int argc, char **argv);
int cmd_capture(int argc, char **argv);
int cmd_xdpmeta(int argc, char **argv);
int cmd_dgcmp(int argc, char **argv);
int cmd_xdp(int argc, char **argv);
int cmd_framecmp(int argc, char **argv);
int cmd_rawcheck(int argc, char **argv);
int cmd_badarp(int argc, char **argv);
int cmd_arpreply(int argc, char **argv);
int cmd_rawsend(int argc, char **argv);
int cmd_rawflood(int argc, char **argv);
int cmd_failnth(int argc, char **argv);
int cmd_memcpy(int argc, char **argv);
int cmd_netdev(int argc, char **argv);
int cmd_userns_pairs(int argc, char **argv);

#endif
