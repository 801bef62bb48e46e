// SPDX-License-Identifier: GPL-2.0
/*
 * snull_hostile.c -- a test-only module (never packaged) that logs from
 * the contexts a netconsole client must survive, all at once: hard IRQ
 * (an irq_work that runs in hard IRQ context on PREEMPT_RT too), softirq
 * (a tasklet), a task holding a raw spinlock with IRQs off, and a tight
 * loop on every online CPU.  Every warn_every-th record of each context
 * is a WARN, which an nbcon kernel prints at once, from that context
 * (write_atomic).  Loading runs the whole set and returns when it is
 * done; each record reads "snull-hostile <tag> <context> <n>".
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/interrupt.h>
#include <linux/irq_work.h>
#include <linux/kthread.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

static char *snull_hostile_tag = "t";
module_param_named(tag, snull_hostile_tag, charp, 0400);
MODULE_PARM_DESC(tag, "word put in every record");

static unsigned int snull_hostile_hardirq = 100;
module_param_named(hardirq, snull_hostile_hardirq, uint, 0400);
MODULE_PARM_DESC(hardirq, "records from hard IRQ context");

static unsigned int snull_hostile_softirq = 100;
module_param_named(softirq, snull_hostile_softirq, uint, 0400);
MODULE_PARM_DESC(softirq, "records from softirq context");

static unsigned int snull_hostile_rawlock = 100;
module_param_named(rawlock, snull_hostile_rawlock, uint, 0400);
MODULE_PARM_DESC(rawlock, "records with a raw spinlock held, IRQs off");

static unsigned int snull_hostile_loop = 100;
module_param_named(loop, snull_hostile_loop, uint, 0400);
MODULE_PARM_DESC(loop, "records per online CPU, in a tight loop");

static unsigned int snull_hostile_warn_every = 25;
module_param_named(warn_every, snull_hostile_warn_every, uint, 0400);
MODULE_PARM_DESC(warn_every, "every Nth record of a context is a WARN (0: none)");

static DEFINE_RAW_SPINLOCK(snull_hostile_raw);

static void snull_hostile_emit(const char *ctx, unsigned int n)
{
	unsigned int w = snull_hostile_warn_every;

	if (w && n % w == w - 1)
		WARN(1, "snull-hostile %s %s %u\n", snull_hostile_tag, ctx, n);
	else
		pr_info("snull-hostile %s %s %u\n", snull_hostile_tag, ctx, n);
}

/* Hard IRQ: one record per run, queued again until the count is done. */
struct snull_hostile_irq {
	struct irq_work work;
	struct completion done;
	unsigned int n;
};

static void snull_hostile_irq_fn(struct irq_work *work)
{
	struct snull_hostile_irq *h = container_of(work, struct snull_hostile_irq,
						   work);

	snull_hostile_emit("hardirq", h->n++);
	complete(&h->done);
}

/* Softirq: a tasklet, the same way. */
struct snull_hostile_bh {
	struct tasklet_struct tasklet;
	struct completion done;
	unsigned int n;
};

static void snull_hostile_bh_fn(struct tasklet_struct *tl)
{
	struct snull_hostile_bh *h = from_tasklet(h, tl, tasklet);

	snull_hostile_emit("softirq", h->n++);
	complete(&h->done);
}

struct snull_hostile_job {
	struct completion finished;
	unsigned int cpu;
	int kind;
};

enum {
	SNULL_HOSTILE_HARDIRQ,
	SNULL_HOSTILE_SOFTIRQ,
	SNULL_HOSTILE_RAWLOCK,
	SNULL_HOSTILE_LOOP,
};

static void snull_hostile_run_hardirq(void)
{
	struct snull_hostile_irq h = {
		.work = IRQ_WORK_INIT_HARD(snull_hostile_irq_fn),
	};
	unsigned int i;

	init_completion(&h.done);
	for (i = 0; i < snull_hostile_hardirq; i++) {
		reinit_completion(&h.done);
		irq_work_queue(&h.work);
		wait_for_completion(&h.done);
		irq_work_sync(&h.work);
	}
}

static void snull_hostile_run_softirq(void)
{
	struct snull_hostile_bh h = {};
	unsigned int i;

	init_completion(&h.done);
	tasklet_setup(&h.tasklet, snull_hostile_bh_fn);
	for (i = 0; i < snull_hostile_softirq; i++) {
		reinit_completion(&h.done);
		tasklet_schedule(&h.tasklet);
		wait_for_completion(&h.done);
	}
	tasklet_kill(&h.tasklet);
}

static void snull_hostile_run_rawlock(void)
{
	unsigned long flags;
	unsigned int i;

	for (i = 0; i < snull_hostile_rawlock; i++) {
		raw_spin_lock_irqsave(&snull_hostile_raw, flags);
		snull_hostile_emit("rawlock", i);
		raw_spin_unlock_irqrestore(&snull_hostile_raw, flags);
		cond_resched();
	}
}

static void snull_hostile_run_loop(unsigned int cpu)
{
	char ctx[16];
	unsigned int i;

	snprintf(ctx, sizeof(ctx), "loop%u", cpu);
	for (i = 0; i < snull_hostile_loop; i++)
		snull_hostile_emit(ctx, i);
}

/*
 * Completes and exits without returning into this module, which may be
 * gone once the last completion has been seen.
 */
static int snull_hostile_thread(void *arg)
{
	struct snull_hostile_job *job = arg;

	switch (job->kind) {
	case SNULL_HOSTILE_HARDIRQ:
		snull_hostile_run_hardirq();
		break;
	case SNULL_HOSTILE_SOFTIRQ:
		snull_hostile_run_softirq();
		break;
	case SNULL_HOSTILE_RAWLOCK:
		snull_hostile_run_rawlock();
		break;
	default:
		snull_hostile_run_loop(job->cpu);
		break;
	}
	kthread_complete_and_exit(&job->finished, 0);
}

static unsigned int snull_hostile_nth_online(unsigned int k)
{
	unsigned int cpu;

	for_each_online_cpu(cpu)
		if (!k--)
			return cpu;
	return cpumask_first(cpu_online_mask);
}

static int __init snull_hostile_init(void)
{
	unsigned int n = 0, i, cpu, ncpu = num_online_cpus();
	struct snull_hostile_job *jobs;
	struct task_struct *p;
	int err = 0;

	jobs = kcalloc(3 + ncpu, sizeof(*jobs), GFP_KERNEL);
	if (!jobs)
		return -ENOMEM;
	for (i = 0; i < 3 + ncpu; i++) {
		/* the three contexts spread over the CPUs, a loop on each */
		jobs[n].kind = i < 3 ? i : SNULL_HOSTILE_LOOP;
		cpu = snull_hostile_nth_online(i < 3 ? i % ncpu : i - 3);
		jobs[n].cpu = cpu;
		init_completion(&jobs[n].finished);
		p = kthread_create(snull_hostile_thread, &jobs[n],
				   "snull_hostile/%u", n);
		if (IS_ERR(p)) {
			err = PTR_ERR(p);
			break;
		}
		kthread_bind(p, cpu);
		wake_up_process(p);
		n++;
	}
	for (i = 0; i < n; i++)
		wait_for_completion(&jobs[i].finished);
	pr_info("snull-hostile %s done: %u threads\n", snull_hostile_tag, n);
	kfree(jobs);
	return err;
}

static void __exit snull_hostile_exit(void)
{
}

module_init(snull_hostile_init);
module_exit(snull_hostile_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("snull test: logging from hostile contexts");
