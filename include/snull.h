/* SPDX-License-Identifier: GPL-2.0 */
/*
 * snull.h -- private declarations shared by the objects of snull.ko
 *
 * The pure-logic part (frame rewrite, parameter checks) is also compiled
 * by the userspace unit tests, which provide the few kernel helpers it
 * uses in test/unit/snull_ushim.h.
 */
#ifndef _SNULL_H
#define _SNULL_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/netdevice.h>
#include <linux/ptr_ring.h>
#include <linux/irq_work.h>
#include <linux/u64_stats_sync.h>
#include <linux/if_vlan.h>
#include <linux/configfs.h>
#include <linux/netpoll.h>
#include <linux/workqueue.h>
#include <linux/in6.h>
#else
#include "snull_ushim.h"
#endif

/* An IPv4 or IPv6 address, as the family beside it says (netpoll's union). */
union snull_nc_addr {
	__be32 ip;
	struct in6_addr in6;
};

#ifdef __KERNEL__
#include "snull_compat.h"
#endif

#define SNULL_DRV_NAME		"snull"
#ifndef SNULL_VERSION
#define SNULL_VERSION		"0.0.0"
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

/* ---- netconsole client, pure part: snull_ncfmt.c ---- */

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

#ifdef __KERNEL__

/* ---- module configuration: snull_main.c ---- */

struct snull_config {
	enum snull_mode mode;
	bool use_napi;
	unsigned int pool_size;
	unsigned int lockup;
	unsigned int timeout_ms;
	unsigned int napi_weight;
};

struct snull_priv;

/* Extra counters shown by ethtool -S; see snull_ethtool.c for names. */
enum snull_xstat {
	SNULL_XS_TX_QUEUE_STOPS,
	SNULL_XS_TX_QUEUE_WAKES,
	SNULL_XS_TX_DROP_PEER_DOWN,
	SNULL_XS_TX_BUSY_POOL_EMPTY,
	SNULL_XS_TX_DROP_POOL_FULL,
	SNULL_XS_TX_DROP_RXQ_FULL,
	SNULL_XS_TX_DROP_BAD_LEN,
	SNULL_XS_TX_DROP_NOMEM,
	SNULL_XS_TX_REWRITES,
	SNULL_XS_TX_HEAD_COPIES,
	SNULL_XS_TX_NETPOLL_RESERVE,
	SNULL_XS_TX_DROP_NETPOLL,
	SNULL_XS_TX_LOCKUPS,
	SNULL_XS_TX_TIMEOUTS,
	SNULL_XS_POOL_TAKEN,
	SNULL_XS_POOL_RETURNED,
	SNULL_XS_RXQ_ENQUEUED,
	SNULL_XS_RXQ_DEQUEUED,
	SNULL_XS_RX_INTERRUPTS,
	SNULL_XS_RX_DROP_PURGED,
	SNULL_XS_RX_DROP_OVERSIZE,
	SNULL_XS_RX_DROP_NOMEM,
	SNULL_XS_RX_GRO_HEAD_COPIES,
	SNULL_XS_NAPI_POLLS,
	SNULL_XS_NAPI_COMPLETES,
	SNULL_XS_NAPI_BUDGET_EXHAUSTED,
	SNULL_XS_NAPI_RESCHEDULES,
	SNULL_XS_COUNT
};

struct snull_xstats {
	u64_stats_t cnt[SNULL_XS_COUNT];
	struct u64_stats_sync syncp;
};

struct snull_priv {
	struct net_device *dev;
	struct net_device __rcu *peer;
	struct snull_config cfg;

	/*
	 * FIFO of skbs sent by the peer, waiting for our receive path.  Its
	 * producers take rxq_lock, not the ring's own producer lock: netpoll
	 * transmits with IRQs off, where PREEMPT_RT's spinlock_t would sleep.
	 */
	struct ptr_ring rxq;
	raw_spinlock_t rxq_lock;
	/*
	 * Slots of the peer's pool in use: frames the peer sent that sit in
	 * our rx queue.  Taken by the peer's transmit before it touches the
	 * skb, given back by our receive path as it dequeues.  The driver's
	 * own count, not the ring's (a ptr_ring frees its slots lazily, in
	 * batches); kept with the queue so that purging it needs no peer.
	 */
	atomic_t rxq_used;
	bool rx_ready;		/* rxq accepts frames (device open) */
	bool rx_irq_masked;	/* simulated RX interrupt masked (NAPI) */
	struct napi_struct napi;
	struct irq_work rx_irq;	/* regular-interrupt mode */

	bool tx_locked;		/* simulated transmitter lockup */
	atomic_t tx_count;	/* frames sent, for the lockup period */

	struct snull_xstats __percpu *xstats;
};

static inline void snull_xstat_add(struct snull_priv *priv,
				   enum snull_xstat idx, u64 n)
{
	struct snull_xstats *s = this_cpu_ptr(priv->xstats);
	unsigned long flags;

	flags = u64_stats_update_begin_irqsave(&s->syncp);
	u64_stats_add(&s->cnt[idx], n);
	u64_stats_update_end_irqrestore(&s->syncp, flags);
}

static inline void snull_xstat_inc(struct snull_priv *priv,
				   enum snull_xstat idx)
{
	snull_xstat_add(priv, idx, 1);
}

u64 snull_xstat_read(struct snull_priv *priv, enum snull_xstat idx);

/* snull_pool.c: the pool's slots and the FIFO rx queue */
int snull_pool_init(struct snull_priv *priv);
void snull_pool_free(struct snull_priv *priv);
bool snull_pool_take(struct snull_priv *rx, unsigned int limit);
int snull_rxq_produce(struct snull_priv *rx, struct sk_buff *skb);
void snull_pool_give(struct snull_priv *rx, unsigned int n);
void snull_pool_wake(struct snull_priv *tx, struct snull_priv *rx);
bool snull_pool_full(struct snull_priv *rx);
void snull_rxq_purge(struct snull_priv *priv);

/* snull_napi.c: simulated interrupts, NAPI poll, regular-mode delivery */
void snull_napi_init(struct snull_priv *priv);
void snull_napi_fini(struct snull_priv *priv);
void snull_rx_enable(struct snull_priv *priv);
void snull_rx_disable(struct snull_priv *priv);
void snull_rx_interrupt(struct snull_priv *priv);

/* snull_netdev.c: the device pair.  snull_main.c calls in, never back:
 * init registers the link type with the module's configuration and
 * creates the first pair; exit deletes every pair.
 */
int snull_netdev_init(const struct snull_config *cfg);
void snull_netdev_exit(void);

/* snull_nc.c: the netconsole-compatible netpoll client */
int snull_nc_init(void);
void snull_nc_exit(void);

/* ---- netconsole client internals: snull_nc*.c ---- */

enum snull_nc_stat {
	SNULL_NCS_SENT,
	SNULL_NCS_FRAGMENTS,
	SNULL_NCS_DROPPED,
	SNULL_NCS_ARP_REPLIES,
	SNULL_NCS_ARP_RESOLUTIONS,
	SNULL_NCS_ARP_BAD,
	SNULL_NCS_OOPS_ONLY_SKIPPED,
	SNULL_NCS_NDP_REPLIES,
	SNULL_NCS_NDP_RESOLUTIONS,
	SNULL_NCS_NDP_BAD,
	SNULL_NCS_HELD,
	SNULL_NCS_RATELIMITED,
	SNULL_NCS_COUNT
};

struct snull_nc_target {
	struct list_head list;		/* on snull_nc_targets */
	struct config_group group;
	struct config_group userdata_group;
	char name[32];
	/* the name as the log shows it: a configfs directory name can hold
	 * any byte but '/', and control bytes must not reach the consoles
	 * (found by the in-kernel fuzzer); %*pE escapes them, up to \ooo
	 */
	char label[4 * 32];
	bool in_configfs;

	/* Configuration; changed only while disabled, under snull_nc_mutex. */
	struct snull_nc_opts opts;

	/* State read by the send path under snull_nc_lock. */
	bool enabled;
	bool resume;			/* disabled by unregister: re-enable */
	struct netpoll np;		/* only its device and names are used */
	/*
	 * Addresses and ports of the frames, set at enable from opts (the
	 * local address picked from the device when unset).  The client's
	 * own: struct netpoll has no addressing from 7.3 on.
	 */
	union snull_nc_addr local_ip;
	union snull_nc_addr remote_ip;
	bool ipv6;
	u16 local_port;
	u16 remote_port;
	u8 dst_mac[ETH_ALEN];		/* given, resolved, or broadcast */
	bool mac_known;
	union snull_nc_addr hop;	/* whom we ask (ARP/NS): remote or gateway */
	unsigned long arp_next;		/* jiffies of the next ARP request or NS */
	u16 ip_id;
	unsigned int sysdata;		/* enum snull_nc_sysdata bits */
	u32 msgid;			/* of the last message sent */
	char *userdata;			/* " key=value\n"..., kmalloc'd */
	unsigned int userdata_len;
	struct list_head userdata_items;	/* under snull_nc_mutex */
	unsigned int userdata_count;
	struct list_head stop_link;		/* notifier's private list */

	struct sk_buff_head pool;
	unsigned int skb_len;		/* headroom + frame + tailroom */
	unsigned int headroom;
	struct work_struct refill_work;
	struct sk_buff_head held;	/* PREEMPT_RT: waiting for the device */
	struct delayed_work held_work;
	struct work_struct resume_work;
	struct delayed_work arp_work;	/* asks once a second until answered */

	struct snull_nc_rl rl;		/* snull_nc_lock */
	atomic_long_t stats[SNULL_NCS_COUNT];
	atomic64_t transmit_errors;	/* as in-tree: no skb, or netpoll dropped it */
};

extern struct list_head snull_nc_targets;
extern spinlock_t snull_nc_lock;
extern struct task_struct *snull_nc_owner;
extern bool snull_nc_task_sender;
extern struct mutex snull_nc_mutex;

static inline void snull_nc_stat_inc(struct snull_nc_target *t,
				     enum snull_nc_stat s)
{
	atomic_long_inc(&t->stats[s]);
}

/*
 * snull_nc_lock protects the list and what the send side reads.  Its
 * holder's task is recorded (snull_nc_owner) because a printk made under
 * it -- a WARN from netpoll, from a driver's transmit or from a
 * configuration path -- reaches the client's consoles again in the same
 * task, or in an interrupt of it, and must not take it a second time:
 * snull_nc_inside() tells.  Another task, or an interrupt of another
 * task, may wait for it.
 *
 * Taken with spin_lock_irqsave(): IRQs off, except on PREEMPT_RT, where
 * spinlock_t is a sleeping lock taken with IRQs on (and the task kept on
 * its CPU, as nbcon's printer thread needs).  Code that runs with IRQs
 * off on PREEMPT_RT (nbcon's atomic write) may only try it:
 * snull_nc_must_try().
 */
static inline bool snull_nc_inside(void)
{
	return READ_ONCE(snull_nc_owner) == current;
}

static inline bool snull_nc_must_try(void)
{
	return oops_in_progress || in_nmi() ||
	       (IS_ENABLED(CONFIG_PREEMPT_RT) && irqs_disabled());
}

static inline void snull_nc_lock_irqsave(unsigned long *flags)
	__acquires(&snull_nc_lock)
{
	spin_lock_irqsave(&snull_nc_lock, *flags);
	WRITE_ONCE(snull_nc_owner, current);
}

static inline void snull_nc_unlock_irqrestore(unsigned long flags)
	__releases(&snull_nc_lock)
{
	WRITE_ONCE(snull_nc_owner, NULL);
	spin_unlock_irqrestore(&snull_nc_lock, flags);
}

/*
 * For senders in task context (the printer thread, the ARP/NS timer):
 * BHs off first.  On PREEMPT_RT a task can preempt a NAPI poll of the
 * target's device on its CPU, and netpoll, finding that poll "active" on
 * the CPU, defers the frame to its queue inside its IRQs-off section,
 * where that queue's spinlock_t would sleep; with BHs off the poll ends
 * first.  BHs before the lock, as in the receive handlers.
 */
static inline void snull_nc_bh_lock_irqsave(unsigned long *flags)
	__acquires(&snull_nc_lock)
{
	local_bh_disable();
	snull_nc_lock_irqsave(flags);
	snull_nc_task_sender = true;
}

static inline void snull_nc_bh_unlock_irqrestore(unsigned long flags)
	__releases(&snull_nc_lock)
{
	snull_nc_task_sender = false;
	snull_nc_unlock_irqrestore(flags);
	local_bh_enable();
}

/* Configuration paths (process context, never inside the client). */
static inline void snull_nc_cfg_lock(unsigned long *flags)
	__acquires(&snull_nc_lock)
{
	snull_nc_lock_irqsave(flags);
}

static inline void snull_nc_cfg_unlock(unsigned long flags)
	__releases(&snull_nc_lock)
{
	snull_nc_unlock_irqrestore(flags);
}

/* snull_nc.c: targets, enable/disable, device events */
struct snull_nc_target *snull_nc_alloc(const char *name);
void snull_nc_add(struct snull_nc_target *t);
void snull_nc_unlink(struct snull_nc_target *t);
void snull_nc_teardown(struct snull_nc_target *t);
int snull_nc_enable(struct snull_nc_target *t);
void snull_nc_disable(struct snull_nc_target *t);

/* snull_nc_tx.c: the skb pool, frames out, the consoles */
struct sk_buff *snull_nc_get_skb(struct snull_nc_target *t);
void snull_nc_frame_init(struct snull_nc_target *t, struct sk_buff *skb,
			 __be16 proto);
void snull_nc_xmit(struct snull_nc_target *t, struct sk_buff *skb,
		   __be16 proto);
void snull_nc_pool_fill(struct snull_nc_target *t);
void snull_nc_pool_drain(struct snull_nc_target *t);
void snull_nc_tx_init(struct snull_nc_target *t);

/*
 * The client's consoles; each enabled target is sent by the console of
 * its kind, chosen under snull_nc_lock.
 */
enum snull_nc_con {
	SNULL_NC_CON_PLAIN,
	SNULL_NC_CON_EXT,
	SNULL_NC_CON_CTX,	/* extended, run by the printk caller */
	SNULL_NC_CONS,
};

static inline enum snull_nc_con snull_nc_con_for(bool extended,
						 unsigned int sysdata)
{
	if (!extended)
		return SNULL_NC_CON_PLAIN;
#ifdef SNULL_NC_CTX_CONSOLE
	if (sysdata & (SNULL_NC_SYS_CPU | SNULL_NC_SYS_TASKNAME))
		return SNULL_NC_CON_CTX;
#endif
	return SNULL_NC_CON_EXT;
}

static inline enum snull_nc_con snull_nc_con_of(const struct snull_nc_target *t)
{
	return snull_nc_con_for(t->opts.extended, t->sysdata);
}

void snull_nc_console_need(enum snull_nc_con con, bool replay);
void snull_nc_consoles_unregister(void);

/* snull_nc_neigh.c: ARP answered and resolved */
void snull_nc_neigh_route(struct snull_nc_target *t);
void snull_nc_neigh_start(struct snull_nc_target *t);
void snull_nc_neigh_kick(struct snull_nc_target *t);
void snull_nc_neigh_stop(struct snull_nc_target *t);
void snull_nc_neigh_recount(void);
void snull_nc_neigh_init(struct snull_nc_target *t);
void snull_nc_maybe_resolve(struct snull_nc_target *t);
void snull_nc_neigh_register(void);
void snull_nc_neigh_unregister(void);

/* snull_nc_cfs.c: configfs */
void snull_nc_cfs_init_group(struct snull_nc_target *t, const char *name);
void snull_nc_userdata_free(struct snull_nc_target *t);
int snull_nc_cfs_register(bool netconsole_name);
void snull_nc_cfs_unregister(void);

/* snull_ethtool.c */
extern const struct ethtool_ops snull_ethtool_ops;

#endif /* __KERNEL__ */
#endif /* _SNULL_H */
