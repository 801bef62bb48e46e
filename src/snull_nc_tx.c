// SPDX-License-Identifier: GPL-2.0
/*
 * snull_nc_tx.c -- the netconsole client's send side: the per-target skb
 * pool, frames handed to netpoll, and the two consoles (plain and
 * extended) that turn each kernel log record into datagrams for every
 * enabled target, with userdata and sysdata after extended records.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/console.h>
#include <linux/etherdevice.h>
#include <linux/netpoll.h>
#include <linux/sched.h>
#include <linux/utsname.h>
#include "snull.h"

#define SNULL_NC_POOL		32	/* preallocated skbs per target */

static bool snull_nc_oops_only;
module_param_named(oops_only, snull_nc_oops_only, bool, 0600);
MODULE_PARM_DESC(oops_only, "send only the messages of an oops or panic");

/* Both under snull_nc_lock: one message is formatted at a time. */
static char snull_nc_scratch[SNULL_NC_CHUNK];
static char snull_nc_sysbuf[SNULL_NC_SYS_LEN];

/* ---- the skb pool ---- */

static struct sk_buff *snull_nc_alloc_skb(struct snull_nc_target *t, gfp_t gfp)
{
	struct sk_buff *skb = alloc_skb(t->skb_len, gfp);

	if (skb)
		skb_reserve(skb, t->headroom);
	return skb;
}

void snull_nc_pool_fill(struct snull_nc_target *t)
{
	struct sk_buff *skb;

	while (skb_queue_len(&t->pool) < SNULL_NC_POOL) {
		skb = snull_nc_alloc_skb(t, GFP_KERNEL);
		if (!skb)
			break;
		skb_queue_tail(&t->pool, skb);
	}
}

static void snull_nc_refill(struct work_struct *work)
{
	snull_nc_pool_fill(container_of(work, struct snull_nc_target,
					refill_work));
}

void snull_nc_pool_drain(struct snull_nc_target *t)
{
	cancel_work_sync(&t->refill_work);
	skb_queue_purge(&t->pool);
}

void snull_nc_tx_init(struct snull_nc_target *t)
{
	skb_queue_head_init(&t->pool);
	INIT_WORK(&t->refill_work, snull_nc_refill);
}

/* From the pool first, so that logging works under memory pressure. */
struct sk_buff *snull_nc_get_skb(struct snull_nc_target *t)
{
	struct sk_buff *skb = skb_dequeue(&t->pool);

	if (!skb)
		skb = snull_nc_alloc_skb(t, GFP_ATOMIC);
	if (skb_queue_len(&t->pool) < SNULL_NC_POOL / 2 && !oops_in_progress)
		schedule_work(&t->refill_work);
	if (!skb) {
		snull_nc_stat_inc(t, SNULL_NCS_DROPPED);
		atomic64_inc(&t->transmit_errors);
	}
	return skb;
}

/* ---- sending (IRQs off, snull_nc_lock held) ---- */

void snull_nc_xmit(struct snull_nc_target *t, struct sk_buff *skb,
		   __be16 proto)
{
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	skb->protocol = proto;
	skb->dev = t->np.dev;
	/* What the in-tree client counts: netpoll found the device down. */
	if (netpoll_send_skb(&t->np, skb) == NET_XMIT_DROP)
		atomic64_inc(&t->transmit_errors);
}

static void snull_nc_emit(void *ctx, const char *buf, unsigned int len)
{
	struct snull_nc_target *t = ctx;
	struct snull_nc_flow f = {
		.saddr = t->np.local_ip.ip,
		.daddr = t->np.remote_ip.ip,
		.sport = t->np.local_port,
		.dport = t->np.remote_port,
	};
	struct sk_buff *skb = snull_nc_get_skb(t);
	unsigned int flen;

	if (!skb)
		return;
	ether_addr_copy(f.src_mac, t->np.dev->dev_addr);
	ether_addr_copy(f.dst_mac, t->dst_mac);
	flen = max_t(unsigned int, SNULL_NC_HDR_LEN + len, ETH_ZLEN);
	snull_nc_build_udp(skb_put(skb, flen), &f, t->ip_id++, buf, len);
	snull_nc_xmit(t, skb, htons(ETH_P_IP));
	snull_nc_stat_inc(t, SNULL_NCS_FRAGMENTS);
}

/*
 * One extended message to one target.  sysdata is formatted once per
 * message, so every fragment carries the same msgid.  The CPU and task are
 * the sender's: a legacy console is called by the printk caller, or by
 * whoever flushes the log for it.
 */
static int snull_nc_send_ext(struct snull_nc_target *t, const char *msg,
			     unsigned int len)
{
	const char *release = init_utsname()->release;
	struct snull_nc_extra x = {
		.release = t->opts.release ? release : NULL,
		.userdata = t->userdata,
		.ulen = t->userdata_len,
		.sysdata = snull_nc_sysbuf,
	};

	if (t->sysdata & SNULL_NC_SYS_MSGID)
		t->msgid++;
	x.slen = snull_nc_fmt_sysdata(snull_nc_sysbuf, sizeof(snull_nc_sysbuf),
				      t->sysdata, raw_smp_processor_id(),
				      current->comm, release, t->msgid);
	return snull_nc_emit_ext(msg, len, &x, snull_nc_scratch,
				 snull_nc_emit, t);
}

static void snull_nc_write(const char *msg, unsigned int len, bool ext)
{
	struct snull_nc_target *t;
	unsigned long flags;

	if (snull_nc_oops_only && !oops_in_progress)
		return;
	if (!snull_nc_enter(&flags))
		return;
	/*
	 * In a panic the CPU holding the lock may have been stopped for
	 * good: do not wait for it there.
	 */
	if (unlikely(oops_in_progress)) {
		if (!spin_trylock(&snull_nc_lock))
			goto out;
	} else {
		spin_lock(&snull_nc_lock);
	}
	list_for_each_entry(t, &snull_nc_targets, list) {
		if (!t->enabled || t->opts.extended != ext || !t->np.dev)
			continue;
		snull_nc_maybe_resolve(t);
		if (ext) {
			if (snull_nc_send_ext(t, msg, len)) {
				snull_nc_stat_inc(t, SNULL_NCS_DROPPED);
				continue;
			}
		} else {
			snull_nc_emit_plain(msg, len, snull_nc_emit, t);
		}
		snull_nc_stat_inc(t, SNULL_NCS_SENT);
	}
	spin_unlock(&snull_nc_lock);
out:
	snull_nc_leave(flags);
}

static void snull_nc_write_plain(struct console *con, const char *msg,
				 unsigned int len)
{
	snull_nc_write(msg, len, false);
}

static void snull_nc_write_ext(struct console *con, const char *msg,
			       unsigned int len)
{
	snull_nc_write(msg, len, true);
}

static struct console snull_nc_console = {
	.name	= "snullcon",
	.flags	= CON_ENABLED,
	.write	= snull_nc_write_plain,
};

static struct console snull_nc_console_ext = {
	.name	= "snullcon_ext",
	.flags	= CON_ENABLED | CON_EXTENDED,
	.write	= snull_nc_write_ext,
};

/* replay: parameter targets exist, send them the log buffer (in-tree). */
void snull_nc_consoles_register(bool replay)
{
	if (replay) {
		snull_nc_console.flags |= CON_PRINTBUFFER;
		snull_nc_console_ext.flags |= CON_PRINTBUFFER;
	}
	register_console(&snull_nc_console_ext);
	register_console(&snull_nc_console);
}

void snull_nc_consoles_unregister(void)
{
	unregister_console(&snull_nc_console);
	unregister_console(&snull_nc_console_ext);
}
