// SPDX-License-Identifier: GPL-2.0
/*
 * snull_nc_con.c -- the netconsole client's consoles (plain and extended):
 * each kernel log record turned into datagrams for every enabled target
 * of the console's kind, with userdata and sysdata after extended records,
 * the target's rate limit, and the panic's share of the skb pool.  nbcon
 * consoles where the kernel has them (see snull_compat.h), else legacy
 * ones.  Sends through snull_nc_xmit.c, resolving through snull_nc_neigh.c.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/console.h>
#include <linux/delay.h>
#include <linux/etherdevice.h>
#include <linux/kfifo.h>
#include <linux/kmsg_dump.h>
#include <linux/netpoll.h>
#include <linux/sched.h>
#include <linux/utsname.h>
#include "snull_nc.h"

/* of the pool, kept in a panic for the panic's own records (see below) */
#define SNULL_NC_PANIC_RESERVE	48

static bool snull_nc_oops_only;
module_param_named(oops_only, snull_nc_oops_only, bool, 0600);
MODULE_PARM_DESC(oops_only, "send only the messages of an oops or panic");

/* Both under snull_nc_lock: one message is formatted at a time. */
static char snull_nc_scratch[SNULL_NC_CHUNK];
static char snull_nc_sysbuf[SNULL_NC_SYS_LEN];

static void snull_nc_emit6(struct snull_nc_target *t, struct sk_buff *skb,
			   const char *buf, unsigned int len)
{
	struct snull_nc_flow6 f = {
		.saddr = t->local_ip.in6,
		.daddr = t->remote_ip.in6,
		.sport = t->local_port,
		.dport = t->remote_port,
	};

	ether_addr_copy(f.src_mac, t->np.dev->dev_addr);
	ether_addr_copy(f.dst_mac, t->dst_mac);
	snull_nc_build_udp6(skb_put(skb, SNULL_NC_HDR6_LEN + len), &f, buf, len);
	snull_nc_xmit(t, skb, htons(ETH_P_IPV6));
}

static void snull_nc_emit(void *ctx, const char *buf, unsigned int len)
{
	struct snull_nc_target *t = ctx;
	struct snull_nc_flow f = {
		.saddr = t->local_ip.ip,
		.daddr = t->remote_ip.ip,
		.sport = t->local_port,
		.dport = t->remote_port,
	};
	struct sk_buff *skb = snull_nc_get_skb(t);
	unsigned int flen;

	if (!skb)
		return;
	snull_nc_stat_inc(t, SNULL_NCS_FRAGMENTS);
	if (t->ipv6) {
		snull_nc_emit6(t, skb, buf, len);
		return;
	}
	ether_addr_copy(f.src_mac, t->np.dev->dev_addr);
	ether_addr_copy(f.dst_mac, t->dst_mac);
	flen = max_t(unsigned int, SNULL_NC_HDR_LEN + len, ETH_ZLEN);
	snull_nc_build_udp(skb_put(skb, flen), &f, t->ip_id++, buf, len);
	snull_nc_xmit(t, skb, htons(ETH_P_IP));
}

/*
 * One extended message to one target.  sysdata is formatted once per
 * message, so every fragment carries the same msgid.
 */
static int snull_nc_send_ext(struct snull_nc_target *t, const char *msg,
			     unsigned int len, unsigned int cpu,
			     const char *comm)
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
				      t->sysdata, cpu, comm, release, t->msgid);
	return snull_nc_emit_ext(msg, len, &x, snull_nc_scratch,
				 snull_nc_emit, t);
}

/*
 * The target's rate limit; snull_nc_lock held.  Not for an oops or a
 * panic: that text is what a limit must never cost.  A record over the
 * limit is counted; the first one to pass after some were dropped is
 * preceded by a notice saying how many, in the target's format.
 */
static char snull_nc_rl_buf[SNULL_NC_CHUNK];

static bool snull_nc_rl_ok(struct snull_nc_target *t, const char *msg,
			   unsigned int len, bool ext)
{
	u32 ms = READ_ONCE(t->opts.ratelimit_interval_ms);
	struct snull_nc_extra x = {};
	const char *semi = NULL;
	unsigned long missed;
	unsigned int n;

	if (oops_in_progress)
		return true;
	if (!snull_nc_rl_pass(&t->rl, jiffies, msecs_to_jiffies(ms),
			      READ_ONCE(t->opts.ratelimit_burst), &missed)) {
		snull_nc_stat_inc(t, SNULL_NCS_RATELIMITED);
		return false;
	}
	if (!missed)
		return true;
	if (ext) {
		semi = memchr(msg, ';', len);
		if (!semi)
			return true;
	}
	n = snull_nc_rl_notice(snull_nc_rl_buf, sizeof(snull_nc_rl_buf), missed,
			       semi ? msg : NULL, semi ? semi - msg : 0);
	if (!ext) {
		snull_nc_emit_plain(snull_nc_rl_buf, n, snull_nc_emit, t);
		return true;
	}
	if (t->opts.release)
		x.release = init_utsname()->release;
	snull_nc_emit_ext(snull_nc_rl_buf, n, &x, snull_nc_scratch,
			  snull_nc_emit, t);
	return true;
}

/* The printk caller a record's sysdata names. */
struct snull_nc_caller {
	unsigned int cpu;
	const char *comm;
};

static void snull_nc_send_one(struct snull_nc_target *t, const char *msg,
			      unsigned int len, bool ext,
			      const struct snull_nc_caller *who)
{
	if (!ext) {
		snull_nc_emit_plain(msg, len, snull_nc_emit, t);
		snull_nc_stat_inc(t, SNULL_NCS_SENT);
	} else if (snull_nc_send_ext(t, msg, len, who->cpu, who->comm)) {
		snull_nc_stat_inc(t, SNULL_NCS_DROPPED);
	} else {
		snull_nc_stat_inc(t, SNULL_NCS_SENT);
	}
}

/*
 * One record to every enabled target of the console's kind; locked.
 *
 * No nbcon unsafe section: the client's own lock keeps a second sender
 * out of its state, so a higher priority context (a WARN's, a panic's)
 * may take the console over at any moment and, for the panic, at once.
 * A section around a send would make the panic wait for it, and a send
 * can spin in netpoll for a while when the device's ring is full: the
 * panic then gives up on the console, stops that CPU inside the section,
 * and only the hostile takeover that follows a panic=N reboot could have
 * the console again.  A record the printer thread was sending when the
 * console was taken over is printed again by the new owner.  A panic
 * sends without the lock only once its holder cannot run again
 * (snull_nc_takeover()).
 */
static void snull_nc_send_targets(const char *msg, unsigned int len,
				  enum snull_nc_con con,
				  const struct snull_nc_caller *who)
{
	bool skip = snull_nc_oops_only && !oops_in_progress;
	bool ext = con != SNULL_NC_CON_PLAIN;
	struct snull_nc_target *t;

	list_for_each_entry(t, &snull_nc_targets, list) {
		/* A device that is down is skipped, as in-tree: nothing counts. */
		if (!t->enabled || snull_nc_con_of(t) != con || !t->np.dev ||
		    !netif_running(t->np.dev))
			continue;
		/* Checked as the record is sent, as in-tree; counted here. */
		if (skip) {
			snull_nc_stat_inc(t, SNULL_NCS_OOPS_ONLY_SKIPPED);
			continue;
		}
		snull_nc_maybe_resolve(t);
		if (snull_nc_rl_ok(t, msg, len, ext))
			snull_nc_send_one(t, msg, len, ext, who);
	}
}

#ifdef SNULL_NC_NBCON
/*
 * What the nbcon consoles' atomic writes kept (see snull_nc_keep()), one
 * kfifo of records per console, each record its caller's CPU and task
 * and then the text; sent before anything newer by whoever sends next for
 * that console: its printer thread, the irq_work the atomic write queued,
 * or a panic.  One producer, the console's nbcon owner, and one consumer
 * at a time, under snull_nc_lock: the kfifo needs no lock for that.
 */
#define SNULL_NC_KEPT_FIFO	32768		/* bytes, a power of two */
#define SNULL_NC_KEPT_TEXT	8192		/* an extended record's most */

struct snull_nc_kept_hdr {
	u32 cpu;
	char comm[TASK_COMM_LEN];
};

struct snull_nc_kept {
	STRUCT_KFIFO_REC_2(SNULL_NC_KEPT_FIFO) fifo;
	atomic_t lost;			/* no room: counted by the consumer */
	/* the producer's record, assembled before it goes in at once */
	u8 in[sizeof(struct snull_nc_kept_hdr) + SNULL_NC_KEPT_TEXT];
};

static struct snull_nc_kept snull_nc_kept[SNULL_NC_CON_CTX];
/* the consumer's copy of the oldest record; snull_nc_lock */
static u8 snull_nc_kept_out[sizeof(struct snull_nc_kept_hdr) +
			    SNULL_NC_KEPT_TEXT];

static void snull_nc_drain(enum snull_nc_con con)
{
	const struct snull_nc_kept_hdr *hdr = (const void *)snull_nc_kept_out;
	struct snull_nc_caller who;
	struct snull_nc_target *t;
	struct snull_nc_kept *k;
	unsigned int n;
	int lost;

	/* the caller's console has no atomic write */
	if (con >= ARRAY_SIZE(snull_nc_kept))
		return;
	k = &snull_nc_kept[con];
	lost = atomic_xchg(&k->lost, 0);
	if (lost)
		list_for_each_entry(t, &snull_nc_targets, list)
			if (t->enabled && snull_nc_con_of(t) == con)
				atomic_long_add(lost, &t->stats[SNULL_NCS_DROPPED]);
	while ((n = kfifo_out(&k->fifo, snull_nc_kept_out,
			      sizeof(snull_nc_kept_out)))) {
		who.cpu = hdr->cpu;
		who.comm = hdr->comm;
		if (n > sizeof(*hdr))
			snull_nc_send_targets(snull_nc_kept_out + sizeof(*hdr),
					      n - sizeof(*hdr), con, &who);
	}
}

/*
 * The deferred records' sender, in a context that may send (IRQ context
 * on the other kernels, a thread on PREEMPT_RT), with BHs off in a task.
 */
static void snull_nc_deferred_send(struct irq_work *work)
{
	unsigned long flags;
	bool task = in_task();

	if (task)
		snull_nc_bh_lock_irqsave(&flags);
	else
		snull_nc_lock_irqsave(&flags);
	snull_nc_drain(SNULL_NC_CON_PLAIN);
	snull_nc_drain(SNULL_NC_CON_EXT);
	if (task)
		snull_nc_bh_unlock_irqrestore(flags);
	else
		snull_nc_unlock_irqrestore(flags);
}

static struct irq_work snull_nc_deferred_work =
	IRQ_WORK_INIT(snull_nc_deferred_send);

/*
 * A record kept for later, by the console's owner (wctxt: nbcon's atomic
 * write): lock-free, allocation-free, NMI-safe.  The copy is an unsafe
 * section, so that a panic does not take the console over in the middle
 * of it (and where it has already, the panic prints the record itself).
 */
static void snull_nc_keep(const char *msg, unsigned int len,
			  enum snull_nc_con con,
			  struct nbcon_write_context *wctxt)
{
	struct snull_nc_kept_hdr *hdr;
	struct snull_nc_kept *k;

	if (!wctxt || con >= ARRAY_SIZE(snull_nc_kept))
		return;
	k = &snull_nc_kept[con];
	hdr = (struct snull_nc_kept_hdr *)k->in;
	if (!nbcon_enter_unsafe(wctxt))
		return;
	len = min_t(unsigned int, len, SNULL_NC_KEPT_TEXT);
	hdr->cpu = snull_nc_wctxt_cpu(wctxt);
	strscpy_pad(hdr->comm, snull_nc_wctxt_comm(wctxt), sizeof(hdr->comm));
	memcpy(k->in + sizeof(*hdr), msg, len);
	if (!kfifo_in(&k->fifo, k->in, sizeof(*hdr) + len))
		atomic_inc(&k->lost);
	nbcon_exit_unsafe(wctxt);
	irq_work_queue(&snull_nc_deferred_work);
}

/* Once per console, before it is first registered; snull_nc_mutex. */
static void snull_nc_kept_init(enum snull_nc_con con)
{
	if (con < ARRAY_SIZE(snull_nc_kept) &&
	    !kfifo_initialized(&snull_nc_kept[con].fifo))
		INIT_KFIFO(snull_nc_kept[con].fifo);
}
#else
static void snull_nc_drain(enum snull_nc_con con)
{
}

static void snull_nc_keep(const char *msg, unsigned int len,
			  enum snull_nc_con con,
			  struct nbcon_write_context *wctxt)
{
}

static void snull_nc_kept_init(enum snull_nc_con con)
{
}
#endif

/*
 * A panic's flush sends, oldest first, every record the console had not
 * sent yet -- after a flood, far more than the pool holds (nothing can be
 * allocated in a panic) -- and only then the panic's own: nbcon's flush
 * what its printer thread had not sent, a legacy console's what the
 * console lock's holder had not printed.  So in a panic a record must
 * leave some of the pool to the records after it:
 *  - found at the panic's start (the usual case): a record from before
 *    the panic (the log's end then, less a few lines that may explain it)
 *    leaves SNULL_NC_PANIC_RESERVE, one of the panic's own leaves none;
 *  - found only once the other CPUs are stopped (6.1, whose console lock
 *    was held elsewhere when the panic began): the panic's text is in the
 *    log already, the end of the log is what matters, and a record leaves
 *    one skb per record after it, plus SNULL_NC_PANIC_TAIL for the lines
 *    panic() logs after its flush (its end line).
 * @seq is the record's sequence number (a legacy console's may lag behind
 * it right after a gap in the log, which makes that record look older).
 * On 6.1, which cannot tell a panic from an oops, an oops's records go
 * first too: its backlog could not be allocated for either.  Under
 * snull_nc_lock or on the one CPU left.
 */
#define SNULL_NC_PANIC_CONTEXT	8	/* records before the panic kept */
#define SNULL_NC_PANIC_TAIL	2

static unsigned int snull_nc_panic_floor(u64 seq)
{
	static u64 panic_seq;
	static bool late;
	struct kmsg_dump_iter iter;

	if (!oops_in_progress) {
		panic_seq = 0;	/* an oops is over: the next one starts anew */
		return 0;
	}
	if (!snull_nc_oops_writer())
		return 0;
	if (!panic_seq || late) {
		kmsg_dump_rewind(&iter);
		if (!panic_seq) {
			late = num_online_cpus() == 1 && num_present_cpus() > 1;
			panic_seq = iter.next_seq;
		}
		if (late)
			return min_t(u64, iter.next_seq - seq - 1 +
				     SNULL_NC_PANIC_TAIL, SNULL_NC_POOL);
	}
	return seq + SNULL_NC_PANIC_CONTEXT < panic_seq ?
	       SNULL_NC_PANIC_RESERVE : 0;
}

static void snull_nc_send_all(const char *msg, unsigned int len,
			      enum snull_nc_con con,
			      struct nbcon_write_context *wctxt, u64 seq)
{
	struct snull_nc_caller who = {
		.cpu = snull_nc_wctxt_cpu(wctxt),
		.comm = snull_nc_wctxt_comm(wctxt),
	};

	snull_nc_drain(con);
	snull_nc_pool_floor = snull_nc_panic_floor(seq);
	snull_nc_send_targets(msg, len, con, &who);
	snull_nc_pool_floor = 0;
}

/*
 * A panic on this CPU that found the lock held by a task that will never
 * release it: every other CPU is stopped, or the holder was preempted on
 * this CPU (PREEMPT_RT; it cannot migrate while holding a spinlock_t),
 * which the panic never leaves again.  Send without the lock, as nbcon
 * takes a console over from a stopped owner: the panic text matters more
 * than what the frozen holder was doing.
 */
static bool snull_nc_takeover(const char *msg, unsigned int len,
			      enum snull_nc_con con,
			      struct nbcon_write_context *wctxt, u64 seq)
{
	struct task_struct *owner;
	bool frozen;

	if (!oops_in_progress || !snull_nc_panic_cpu())
		return false;
	rcu_read_lock();
	owner = READ_ONCE(snull_nc_owner);
	frozen = num_online_cpus() == 1 ||
		 (owner && task_cpu(owner) == raw_smp_processor_id());
	rcu_read_unlock();
	if (!frozen)
		return false;
	WRITE_ONCE(snull_nc_owner, current);
	snull_nc_send_all(msg, len, con, wctxt, seq);
	WRITE_ONCE(snull_nc_owner, owner);
	return true;
}

/*
 * From any context but the thread: take the lock unless this context is
 * inside the client already.  Where waiting is not allowed -- a panic or
 * an oops, whose holder may have been stopped for good, NMI context, and
 * on PREEMPT_RT with IRQs off (nbcon's atomic write) -- it is only tried,
 * for up to a millisecond (once in NMI context), so that a holder running
 * on another CPU can finish; a panic then takes it over from a holder
 * that cannot.
 */
static void snull_nc_write(const char *msg, unsigned int len,
			   enum snull_nc_con con,
			   struct nbcon_write_context *wctxt, u64 seq)
{
	unsigned long flags;
	int tries;

	/* a printk from inside the client: kept, if an atomic write's */
	if (snull_nc_inside()) {
		snull_nc_keep(msg, len, con, wctxt);
		return;
	}
	if (!snull_nc_must_try()) {
		snull_nc_lock_irqsave(&flags);
		snull_nc_send_all(msg, len, con, wctxt, seq);
		snull_nc_unlock_irqrestore(flags);
		return;
	}
	/*
	 * One try where waiting cannot help: in NMI, and in a panic with every
	 * other CPU stopped (a holder there never runs again, and the flush
	 * would lose a millisecond per record to it).
	 */
	tries = in_nmi() || (oops_in_progress && snull_nc_panic_cpu() &&
			     num_online_cpus() == 1) ? 1 : 1000;
	for (;;) {
		if (spin_trylock_irqsave(&snull_nc_lock, flags)) {
			WRITE_ONCE(snull_nc_owner, current);
			snull_nc_send_all(msg, len, con, wctxt, seq);
			snull_nc_unlock_irqrestore(flags);
			return;
		}
		if (!--tries)
			break;
		udelay(1);
	}
	/*
	 * A holder still running elsewhere (a panic before the other CPUs
	 * are stopped): what nbcon's atomic write could not send is kept, and
	 * goes first once the lock is had (or taken over).
	 */
	if (!snull_nc_takeover(msg, len, con, wctxt, seq))
		snull_nc_keep(msg, len, con, wctxt);
}

#ifdef SNULL_NC_NBCON
/*
 * The printer thread: device_lock() takes the client's lock (IRQs off, or
 * on PREEMPT_RT a sleeping lock that keeps the thread on its CPU, as
 * nbcon requires), then write_thread() sends.  A device_lock() from
 * inside the client (a printk from the send path, flushed where no thread
 * runs) must not take the lock again: it is noted, and write_thread()
 * then sends nothing.  Written by the lock's holder only.
 */
static bool snull_nc_nested;

static void snull_nc_device_lock(struct console *con, unsigned long *flags)
	__acquires(&snull_nc_lock)
{
	if (snull_nc_inside()) {
		snull_nc_nested = true;
		/* for sparse: held by this task's outer context already */
		__acquire(&snull_nc_lock);
		return;
	}
	snull_nc_bh_lock_irqsave(flags);
}

static void snull_nc_device_unlock(struct console *con, unsigned long flags)
	__releases(&snull_nc_lock)
{
	if (snull_nc_nested) {
		snull_nc_nested = false;
		__release(&snull_nc_lock);
	} else {
		snull_nc_bh_unlock_irqrestore(flags);
	}
}

static void snull_nc_write_thread(struct nbcon_write_context *wctxt,
				  enum snull_nc_con con)
{
	if (snull_nc_nested)
		return;
	snull_nc_send_all(wctxt->outbuf, wctxt->len, con, wctxt,
			  snull_nc_wctxt_seq(wctxt));
}

/*
 * An emergency record (a WARN) or, with no printer thread, any record:
 * from any context -- hard IRQ, NMI, under a raw spinlock or a scheduler
 * lock.  Sending takes spinlock_ts (the client's, netpoll's, the
 * driver's), allocates and may queue work, none of which such a context
 * allows: the record is kept, with the caller's CPU and task, in a ring
 * this console's owner alone writes, and an irq_work (lock-free,
 * NMI-safe) has it sent.  An oops or a panic is sent here and now, as the
 * last chance it is, what was kept first.
 */
static void snull_nc_write_atomic(struct nbcon_write_context *wctxt,
				  enum snull_nc_con con)
{
	if (oops_in_progress)
		snull_nc_write(wctxt->outbuf, wctxt->len, con, wctxt,
			       snull_nc_wctxt_seq(wctxt));
	else
		snull_nc_keep(wctxt->outbuf, wctxt->len, con, wctxt);
}

static void snull_nc_thread_plain(struct console *con,
				  struct nbcon_write_context *wctxt)
{
	snull_nc_write_thread(wctxt, SNULL_NC_CON_PLAIN);
}

static void snull_nc_thread_ext(struct console *con,
				struct nbcon_write_context *wctxt)
{
	snull_nc_write_thread(wctxt, SNULL_NC_CON_EXT);
}

static void snull_nc_atomic_plain(struct console *con,
				  struct nbcon_write_context *wctxt)
{
	snull_nc_write_atomic(wctxt, SNULL_NC_CON_PLAIN);
}

static void snull_nc_atomic_ext(struct console *con,
				struct nbcon_write_context *wctxt)
{
	snull_nc_write_atomic(wctxt, SNULL_NC_CON_EXT);
}

static struct console snull_nc_console = {
	.name		= "snullcon",
	.flags		= SNULL_NC_CON_FLAGS,
	.write_thread	= snull_nc_thread_plain,
	.write_atomic	= snull_nc_atomic_plain,
	.device_lock	= snull_nc_device_lock,
	.device_unlock	= snull_nc_device_unlock,
};

static struct console snull_nc_console_ext = {
	.name		= "snullcon_ext",
	.flags		= SNULL_NC_CON_FLAGS | CON_EXTENDED,
	.write_thread	= snull_nc_thread_ext,
	.write_atomic	= snull_nc_atomic_ext,
	.device_lock	= snull_nc_device_lock,
	.device_unlock	= snull_nc_device_unlock,
};
#endif

#ifdef SNULL_NC_CTX_CONSOLE
/*
 * A legacy console, which the printk caller runs (or whoever flushes the
 * legacy consoles then): the one of targets that want cpu= or taskname=
 * on a kernel that does not record the caller.
 */
static void snull_nc_write_ctx(struct console *con, const char *msg,
			       unsigned int len)
{
	snull_nc_write(msg, len, SNULL_NC_CON_CTX, NULL, READ_ONCE(con->seq));
}

static struct console snull_nc_console_ctx = {
	.name	= "snullcon_ctx",
	.flags	= CON_ENABLED | CON_EXTENDED,
	.write	= snull_nc_write_ctx,
};
#endif

#ifndef SNULL_NC_NBCON
/* Legacy consoles (6.1): called by the printk caller, or its flusher. */
static void snull_nc_write_plain(struct console *con, const char *msg,
				 unsigned int len)
{
	snull_nc_write(msg, len, SNULL_NC_CON_PLAIN, NULL, READ_ONCE(con->seq));
}

static void snull_nc_write_ext(struct console *con, const char *msg,
			       unsigned int len)
{
	snull_nc_write(msg, len, SNULL_NC_CON_EXT, NULL, READ_ONCE(con->seq));
}

static struct console snull_nc_console = {
	.name	= "snullcon",
	.flags	= SNULL_NC_CON_FLAGS,
	.write	= snull_nc_write_plain,
};

static struct console snull_nc_console_ext = {
	.name	= "snullcon_ext",
	.flags	= SNULL_NC_CON_FLAGS | CON_EXTENDED,
	.write	= snull_nc_write_ext,
};
#endif

/*
 * Each console is registered the first time a target of its kind is
 * enabled, and stays until the module goes, as in-tree: a console nobody
 * reads would cost every printk a printer thread's wake-up and a walk of
 * the targets.  Under snull_nc_mutex.
 */
static bool snull_nc_registered[SNULL_NC_CONS];

static struct console *snull_nc_console_of(enum snull_nc_con con)
{
	switch (con) {
	case SNULL_NC_CON_PLAIN:
		return &snull_nc_console;
	case SNULL_NC_CON_EXT:
		return &snull_nc_console_ext;
	default:
#ifdef SNULL_NC_CTX_CONSOLE
		return &snull_nc_console_ctx;
#else
		return NULL;
#endif
	}
}

void snull_nc_console_need(enum snull_nc_con con, bool replay)
{
	struct console *c = snull_nc_console_of(con);

	lockdep_assert_held(&snull_nc_mutex);
	if (!c || snull_nc_registered[con])
		return;
	/* Targets of the netconsole= parameter replay the log (in-tree). */
	if (replay)
		c->flags |= CON_PRINTBUFFER;
	snull_nc_kept_init(con);
	register_console(c);
	snull_nc_registered[con] = true;
}

void snull_nc_consoles_unregister(void)
{
	enum snull_nc_con con;

	lockdep_assert_held(&snull_nc_mutex);
	for (con = 0; con < SNULL_NC_CONS; con++) {
		if (snull_nc_registered[con])
			unregister_console(snull_nc_console_of(con));
		snull_nc_registered[con] = false;
	}
#ifdef SNULL_NC_NBCON
	/* no atomic write queues it any more; it runs no more code of ours */
	irq_work_sync(&snull_nc_deferred_work);
#endif
}
