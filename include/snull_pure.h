/* SPDX-License-Identifier: GPL-2.0 */
/*
 * snull_pure.h -- what the pure code of both halves of snull.ko declares:
 * the pair's frame rewrite and parameter checks (snull_frame.c,
 * snull_param.c) and the client's grammar, frames and message formats
 * (snull_ncparse.c, snull_ncframe.c, snull_ncmsg.c).  No state, no
 * locking: the userspace unit tests and fuzzers compile those files with
 * this header, and the few kernel helpers they use come from
 * test/unit/snull_ushim.h.
 */
#ifndef _SNULL_PURE_H
#define _SNULL_PURE_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/skbuff.h>
#include <linux/if_ether.h>
#include <linux/in6.h>
#else
#include "snull_ushim.h"
#endif

/* An IPv4 or IPv6 address, as the family beside it says (netpoll's union). */
union snull_nc_addr {
	__be32 ip;
	struct in6_addr in6;
};

/* kernel differences, some of them in the code here (snull_compat.h) */
#ifdef __KERNEL__
#include "snull_compat.h"
#endif

#define SNULL_DRV_NAME		"snull"
#ifndef SNULL_VERSION
#define SNULL_VERSION		"unknown"
#endif

/* Limits of the module parameters, documented in README.md. */
#define SNULL_POOL_MIN		2
#define SNULL_POOL_MAX		1024
#define SNULL_POOL_DEFAULT	64
#define SNULL_TIMEOUT_MIN	100	/* ms */
#define SNULL_TIMEOUT_MAX	60000
#define SNULL_TIMEOUT_DEFAULT	5000
#define SNULL_LOCKUP_MAX	1000000
#define SNULL_WEIGHT_MIN	1
#define SNULL_WEIGHT_MAX	64
#define SNULL_WEIGHT_DEFAULT	64

#define SNULL_MIN_MTU		68
#define SNULL_MAX_MTU		ETH_MAX_MTU	/* as veth: nothing is copied */

/*
 * Slots a transmit under netpoll may use beyond pool_size: netpoll runs
 * with IRQs off, where the peer's NAPI cannot give slots back, so waiting
 * for one would only burn netpoll's 50 us retries.  Sized for the replay of
 * a log buffer at netconsole enable; what overflows even this is dropped
 * and counted (tx_drop_pool_full).
 */
#define SNULL_NETPOLL_RESERVE	1024

enum snull_mode {
	SNULL_MODE_SNULL,	/* LDD3: IFF_NOARP, third IPv4 octet flipped */
	SNULL_MODE_PAIR,	/* plain L2 crossover with ARP */
};

/* ---- pure logic: snull_frame.c and snull_param.c ---- */

enum snull_rewrite_result {
	SNULL_RW_DONE,		/* IPv4 addresses flipped, checksums fixed */
	SNULL_RW_NOT_IPV4,	/* not IPv4: left untouched */
	SNULL_RW_MALFORMED,	/* IPv4 but truncated/bad header: untouched */
	SNULL_RW_NOMEM,		/* could not make the headers writable */
};

/*
 * Rewrites the skb in place (after making the bytes it changes writable, so
 * a clone's sharer never sees it) and fixes the IPv4 and TCP/UDP checksums
 * for whatever checksum state the skb carries.  skb->data must point at the
 * Ethernet header.
 */
enum snull_rewrite_result snull_rewrite_ipv4(struct sk_buff *skb);

int snull_parse_mode(const char *val, enum snull_mode *mode);
const char *snull_mode_name(enum snull_mode mode);

struct snull_uint_param {
	const char *name;
	unsigned int min;
	unsigned int max;
	unsigned int value;
};

int snull_parse_uint_param(const struct snull_uint_param *p, const char *val,
			   unsigned int *out, char *err, size_t errlen);

/* ---- netconsole client, pure part: snull_nc{parse,frame,msg}.c ---- */

#define SNULL_NC_CHUNK		1000	/* payload bytes per datagram (in-tree) */
#define SNULL_NC_HDR_LEN	(ETH_HLEN + 20 + 8)
#define SNULL_NC_FRAME_MAX	(SNULL_NC_HDR_LEN + SNULL_NC_CHUNK)
#define SNULL_NC_ARP_LEN	28	/* Ethernet/IPv4 ARP payload */
#define SNULL_NC_DEFAULT_DEV	"eth0"
#define SNULL_NC_LOCAL_PORT	6665
#define SNULL_NC_REMOTE_PORT	6666
#define SNULL_NC_IFNAMSIZ	16

/* One target as given by netconsole= (in-tree 6.12 grammar). */
struct snull_nc_opts {
	bool extended;
	bool release;
	char dev_name[SNULL_NC_IFNAMSIZ];
	bool have_dev_mac;		/* egress device chosen by MAC */
	u8 dev_mac[6];
	u16 local_port;
	u16 remote_port;
	bool ipv6;			/* remote_ip's family: the target's */
	bool local_ipv6;		/* local_ip's family */
	union snull_nc_addr local_ip;	/* 0 or ::, the device's first address */
	union snull_nc_addr remote_ip;
	bool have_remote_mac;		/* else resolved by ARP */
	u8 remote_mac[6];
	/* at most ratelimit_burst records a ratelimit_interval_ms; 0: off */
	u32 ratelimit_interval_ms;
	u32 ratelimit_burst;
};

#define SNULL_NC_RL_BURST	10	/* ratelimit_burst's default */
#define SNULL_NC_RL_MAX		(24 * 3600 * 1000)	/* longest interval, ms */

/*
 * A target's rate limit: a window of @interval (in the caller's time
 * unit) opened by the first record after the last one closed, in which
 * @burst records pass; the others are counted in missed until a record
 * passes again, which reports them first.
 */
struct snull_nc_rl {
	unsigned long begin;
	unsigned int passed;
	bool open;
	unsigned long missed;
};

bool snull_nc_rl_pass(struct snull_nc_rl *rl, unsigned long now,
		      unsigned long interval, unsigned int burst,
		      unsigned long *report);
unsigned int snull_nc_rl_notice(char *buf, unsigned int size,
				unsigned long missed, const char *hdr,
				unsigned int hlen);

void snull_nc_opts_init(struct snull_nc_opts *o);
int snull_nc_parse_ip(const char *start, const char *end,
		      union snull_nc_addr *a);
bool snull_nc_addr_unset(const union snull_nc_addr *a, bool ipv6);
int snull_nc_parse_target(const char *str, struct snull_nc_opts *o,
			  char *err, size_t errlen);

struct snull_nc_flow {
	u8 src_mac[6];
	u8 dst_mac[6];
	__be32 saddr;
	__be32 daddr;
	u16 sport;
	u16 dport;
};

unsigned int snull_nc_build_udp(u8 *frame, const struct snull_nc_flow *f,
				u16 ip_id, const char *payload,
				unsigned int len);

/* IPv6: Ethernet + IPv6 + UDP, as the in-tree netconsole builds it. */
#define SNULL_NC_HDR6_LEN	(ETH_HLEN + 40 + 8)
#define SNULL_NC_FRAME6_MAX	(SNULL_NC_HDR6_LEN + SNULL_NC_CHUNK)
#define SNULL_NC_HOP_LIMIT	32	/* in-tree's, for the UDP frames */

struct snull_nc_flow6 {
	u8 src_mac[6];
	u8 dst_mac[6];
	struct in6_addr saddr;
	struct in6_addr daddr;
	u16 sport;
	u16 dport;
};

unsigned int snull_nc_build_udp6(u8 *frame, const struct snull_nc_flow6 *f,
				 const char *payload, unsigned int len);

/*
 * Neighbor Discovery (RFC 4861): the Neighbor Solicitations the client
 * answers for its own address and sends to learn the next hop's MAC, and
 * the Advertisements it sends and accepts.
 */
#define SNULL_NC_NDP_LEN	(ETH_HLEN + 40 + 24 + 8)	/* NS or NA */

struct snull_nc_ndp {
	u8 type;		/* NDISC_NEIGHBOUR_SOLICITATION or _ADVERTISEMENT */
	struct in6_addr saddr;
	struct in6_addr daddr;
	struct in6_addr target;
	bool router, solicited, override;	/* NA flags */
	bool have_lladdr;	/* source (NS) or target (NA) link-layer option */
	u8 lladdr[6];
};

enum snull_nc_ndp_err {
	SNULL_NDP_OK,
	SNULL_NDP_NOT_NDP,	/* IPv6, but not an NS or NA: not ours to judge */
	SNULL_NDP_TRUNCATED,
	SNULL_NDP_BAD_HOP_LIMIT,	/* not 255: not from the link */
	SNULL_NDP_BAD_CSUM,
	SNULL_NDP_BAD_CODE,
	SNULL_NDP_BAD_TARGET,	/* a multicast target */
	SNULL_NDP_BAD_OPTION,	/* zero length, or past the end */
	SNULL_NDP_BAD_LLADDR,	/* link-layer option not 6 bytes of Ethernet */
	SNULL_NDP_BAD_SOURCE,	/* DAD probe (::) not to solicited-node, or with SLLA */
	SNULL_NDP_BAD_FLAGS,	/* solicited NA to a multicast address */
};

enum snull_nc_ndp_err snull_nc_ndp_parse(const u8 *ip6, unsigned int len,
					 struct snull_nc_ndp *n);
unsigned int snull_nc_ndp_build(u8 *frame, const u8 *eth_dst,
				const u8 *eth_src, const struct snull_nc_ndp *n);
void snull_nc_ndp_solicit_dst(const struct in6_addr *target,
			      struct in6_addr *group, u8 *mac);

struct snull_nc_arp {
	u16 op;
	u8 sha[6];
	__be32 sip;
	u8 tha[6];
	__be32 tip;
};

enum snull_nc_arp_err {
	SNULL_ARP_OK,
	SNULL_ARP_TRUNCATED,
	SNULL_ARP_BAD_HW,	/* not Ethernet, or hardware length != 6 */
	SNULL_ARP_BAD_PROTO,	/* not IPv4, or protocol length != 4 */
	SNULL_ARP_BAD_OP,	/* neither request nor reply */
};

enum snull_nc_arp_err snull_nc_arp_parse(const u8 *arp, unsigned int len,
					 struct snull_nc_arp *a);
unsigned int snull_nc_arp_build(u8 *frame, const u8 *eth_dst,
				const struct snull_nc_arp *a);

/* Called once per datagram by the formatters below. */
typedef void (*snull_nc_emit_t)(void *ctx, const char *buf, unsigned int len);

void snull_nc_emit_plain(const char *msg, unsigned int len,
			 snull_nc_emit_t emit, void *ctx);

/* What follows the record in an extended message: userdata, then sysdata. */
struct snull_nc_extra {
	const char *release;	/* prefix "release," when not NULL */
	const char *userdata;
	unsigned int ulen;
	const char *sysdata;
	unsigned int slen;
};

int snull_nc_emit_ext(const char *msg, unsigned int len,
		      const struct snull_nc_extra *x, char *scratch,
		      snull_nc_emit_t emit, void *ctx);

/* userdata limits of the newest in-tree netconsole (7.2) */
#define SNULL_NC_UD_ITEMS	256
#define SNULL_NC_UD_NAME	53	/* key characters */
#define SNULL_NC_UD_VALUE	200	/* value bytes, NUL included */
/* " key=value\n", the value at most SNULL_NC_UD_VALUE - 1 bytes */
#define SNULL_NC_UD_ENTRY	(SNULL_NC_UD_NAME + SNULL_NC_UD_VALUE + 2)

/* sysdata fields, appended after userdata in this order when enabled */
enum snull_nc_sysdata {
	SNULL_NC_SYS_CPU	= 1 << 0,
	SNULL_NC_SYS_TASKNAME	= 1 << 1,
	SNULL_NC_SYS_RELEASE	= 1 << 2,
	SNULL_NC_SYS_MSGID	= 1 << 3,
};

#define SNULL_NC_SYS_LEN	192	/* all four, with a 64-byte release */

unsigned int snull_nc_fmt_sysdata(char *buf, unsigned int size,
				  unsigned int fields, unsigned int cpu,
				  const char *comm, const char *release,
				  u32 msgid);

#endif /* _SNULL_PURE_H */
