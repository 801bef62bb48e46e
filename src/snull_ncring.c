// SPDX-License-Identifier: GPL-2.0
/*
 * snull_ncring.c -- the deferral ring of the client's nbcon consoles: a
 * byte ring of records, each a header (length, the caller's CPU and task)
 * and the text, 4-byte aligned and never split: a record that would run
 * past the end leaves a skip mark (or, where not even a header fits, the
 * end's few bytes) and starts at the beginning.  The producer writes only
 * head and lost, the consumer only tail and lost_seen, so the two need no
 * lock.  Pure logic, compiled by the unit tests too.
 */
#ifdef __KERNEL__
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/barrier.h>
#endif
#include "snull.h"

#define SNULL_NC_RING_WRAP	0xffff
#define SNULL_NC_RING_HDR	sizeof(struct snull_nc_ring_rec)
#define SNULL_NC_RING_MASK	(SNULL_NC_RING_SIZE - 1)

static u32 snull_nc_ring_need(unsigned int len)
{
	return ALIGN(SNULL_NC_RING_HDR + len, 4);
}

/* Bytes from offset off to the end, if the next record cannot start there. */
static u32 snull_nc_ring_skip(const struct snull_nc_ring *r, u32 off)
{
	const struct snull_nc_ring_rec *rec;

	if (SNULL_NC_RING_SIZE - off < SNULL_NC_RING_HDR)
		return SNULL_NC_RING_SIZE - off;
	rec = (const struct snull_nc_ring_rec *)(r->buf + off);
	return rec->len == SNULL_NC_RING_WRAP ? SNULL_NC_RING_SIZE - off : 0;
}

/* false: no room (counted in lost) or too long a record */
bool snull_nc_ring_put(struct snull_nc_ring *r, const char *msg,
		       unsigned int len, unsigned int cpu, const char *comm)
{
	u32 off = r->head & SNULL_NC_RING_MASK, head = r->head, tail, need;
	struct snull_nc_ring_rec *rec;
	u32 pad = 0;

	/* the consumer done reading what it gave back */
	tail = smp_load_acquire(&r->tail);

	need = snull_nc_ring_need(len);
	if (need > SNULL_NC_RING_SIZE / 2)
		goto lost;
	if (SNULL_NC_RING_SIZE - off < need)
		pad = SNULL_NC_RING_SIZE - off;
	if (head + pad + need - tail > SNULL_NC_RING_SIZE)
		goto lost;
	if (pad) {
		if (pad >= SNULL_NC_RING_HDR) {
			rec = (struct snull_nc_ring_rec *)(r->buf + off);
			rec->len = SNULL_NC_RING_WRAP;
		}
		head += pad;
		off = 0;
	}
	rec = (struct snull_nc_ring_rec *)(r->buf + off);
	rec->len = len;
	rec->cpu = cpu;
	strscpy(rec->comm, comm, sizeof(rec->comm));
	memcpy(rec->msg, msg, len);
	/* the record before the position that shows it */
	smp_store_release(&r->head, head + need);
	return true;
lost:
	WRITE_ONCE(r->lost, r->lost + 1);
	return false;
}

/* The oldest record, in place until popped; NULL when none. */
const struct snull_nc_ring_rec *snull_nc_ring_peek(struct snull_nc_ring *r)
{
	u32 tail = r->tail, head, skip;

	/* the records written before the position that shows them */
	head = smp_load_acquire(&r->head);
	if (tail == head)
		return NULL;
	skip = snull_nc_ring_skip(r, tail & SNULL_NC_RING_MASK);
	if (skip) {
		tail += skip;
		/* the skip mark read before its room is given back */
		smp_store_release(&r->tail, tail);
		if (tail == head)
			return NULL;
	}
	return (const struct snull_nc_ring_rec *)(r->buf +
						  (tail & SNULL_NC_RING_MASK));
}

void snull_nc_ring_pop(struct snull_nc_ring *r,
		       const struct snull_nc_ring_rec *rec)
{
	/* the record read before its room is given back */
	smp_store_release(&r->tail, r->tail + snull_nc_ring_need(rec->len));
}

/* Records lost since the last call (consumer side). */
u32 snull_nc_ring_lost(struct snull_nc_ring *r)
{
	u32 lost = READ_ONCE(r->lost), n = lost - r->lost_seen;

	r->lost_seen = lost;
	return n;
}
