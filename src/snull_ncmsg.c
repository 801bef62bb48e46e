// SPDX-License-Identifier: GPL-2.0
/*
 * snull_ncmsg.c -- the netconsole client's message formats: the
 * plain format, the extended one of the newest in-tree netconsole (release
 * prefix, userdata, sysdata, ncfrag fragmentation), and the per-target
 * rate limit with its notice.
 *
 * No skb, no locking, no allocation: the userspace unit tests and fuzzers
 * compile this file as it is.
 */
#ifdef __KERNEL__
#include <linux/kernel.h>
#include <linux/string.h>
#endif
#include "snull_pure.h"

/* Plain format: the console text cut into 1000-byte datagrams, no header. */
void snull_nc_emit_plain(const char *msg, unsigned int len,
			 snull_nc_emit_t emit, void *ctx)
{
	unsigned int chunk;

	while (len) {
		chunk = min_t(unsigned int, len, SNULL_NC_CHUNK);
		emit(ctx, msg, chunk);
		msg += chunk;
		len -= chunk;
	}
}

/*
 * sysdata, as the newest in-tree netconsole appends it after userdata:
 * " cpu=N\n taskname=T\n release=R\n msgid=N\n", each field when enabled,
 * in that order.  Returns the length written (at most size - 1).
 */
unsigned int snull_nc_fmt_sysdata(char *buf, unsigned int size,
				  unsigned int fields, unsigned int cpu,
				  const char *comm, const char *release,
				  u32 msgid)
{
	unsigned int n = 0;

	if (!size)
		return 0;
	buf[0] = '\0';
	if (fields & SNULL_NC_SYS_CPU)
		n += scnprintf(buf + n, size - n, " cpu=%u\n", cpu);
	if (fields & SNULL_NC_SYS_TASKNAME)
		n += scnprintf(buf + n, size - n, " taskname=%s\n", comm);
	if (fields & SNULL_NC_SYS_RELEASE)
		n += scnprintf(buf + n, size - n, " release=%s\n", release);
	if (fields & SNULL_NC_SYS_MSGID)
		n += scnprintf(buf + n, size - n, " msgid=%u\n", msgid);
	return n;
}

/* Copy n bytes from offset off of the stream body ‖ userdata ‖ sysdata. */
static void snull_nc_stream_copy(char *dst, const char *body, unsigned int blen,
				 const struct snull_nc_extra *x,
				 unsigned int off, unsigned int n)
{
	const char *seg[3] = { body, x->userdata, x->sysdata };
	unsigned int len[3] = { blen, x->ulen, x->slen };
	unsigned int i, take;

	for (i = 0; i < 3 && n; i++) {
		if (off >= len[i]) {
			off -= len[i];
			continue;
		}
		take = min(n, len[i] - off);
		memcpy(dst, seg[i] + off, take);
		dst += take;
		n -= take;
		off = 0;
	}
}

static unsigned int snull_nc_put_release(char *buf, const char *release)
{
	unsigned int n;

	if (!release)
		return 0;
	n = strlen(release);
	memcpy(buf, release, n);
	buf[n] = ',';
	return n + 1;
}

/*
 * Extended format, as the newest in-tree netconsole sends it:
 *   [release,]<header>;<body>[userdata][sysdata]
 * in one datagram when it fits in 1000 bytes, else fragments
 *   [release,]<header>,ncfrag=<offset>/<total>;<chunk>
 * where the chunks cut the stream body ‖ userdata ‖ sysdata.  scratch must
 * hold SNULL_NC_CHUNK bytes.  Returns -EINVAL (nothing sent) for a message
 * without the ';' that ends the header, or with a header too long to leave
 * room for a chunk.
 */
int snull_nc_emit_ext(const char *msg, unsigned int len,
		      const struct snull_nc_extra *x, char *scratch,
		      snull_nc_emit_t emit, void *ctx)
{
	unsigned int rlen = x->release ? strlen(x->release) + 1 : 0;
	unsigned int hlen, blen, total, off, pre, chunk;
	const char *body, *semi;

	if ((u64)rlen + len + x->ulen + x->slen <= SNULL_NC_CHUNK) {
		pre = snull_nc_put_release(scratch, x->release);
		memcpy(scratch + pre, msg, len);
		pre += len;
		memcpy(scratch + pre, x->userdata, x->ulen);
		pre += x->ulen;
		memcpy(scratch + pre, x->sysdata, x->slen);
		emit(ctx, scratch, pre + x->slen);
		return 0;
	}

	semi = memchr(msg, ';', len);
	if (!semi)
		return -EINVAL;
	hlen = semi - msg;
	body = semi + 1;
	blen = len - hlen - 1;
	total = blen + x->ulen + x->slen;
	/* Longest header plus ",ncfrag=" and two offsets must leave room. */
	if (rlen + hlen + 32 >= SNULL_NC_CHUNK)
		return -EINVAL;

	for (off = 0; off < total; off += chunk) {
		pre = snull_nc_put_release(scratch, x->release);
		memcpy(scratch + pre, msg, hlen);
		pre += hlen;
		pre += scnprintf(scratch + pre, SNULL_NC_CHUNK - pre,
				 ",ncfrag=%u/%u;", off, total);
		chunk = min(total - off, SNULL_NC_CHUNK - pre);
		snull_nc_stream_copy(scratch + pre, body, blen, x, off, chunk);
		emit(ctx, scratch, pre + chunk);
	}
	return 0;
}

/* ---- the per-target rate limit ---- */

/*
 * May a record go now?  Times in any unit (jiffies in the kernel), the
 * window compared by the difference, so that the counter may wrap.
 * *report: records dropped since the last one that passed, to be reported
 * before this one (0 for none).  interval 0: every record passes.
 */
bool snull_nc_rl_pass(struct snull_nc_rl *rl, unsigned long now,
		      unsigned long interval, unsigned int burst,
		      unsigned long *report)
{
	*report = 0;
	if (interval) {
		if (!rl->open || (long)(now - rl->begin) >= (long)interval) {
			rl->open = true;
			rl->begin = now;
			rl->passed = 0;
		}
		if (rl->passed >= burst) {
			rl->missed++;
			return false;
		}
		rl->passed++;
	} else {
		rl->open = false;
	}
	*report = rl->missed;
	rl->missed = 0;
	return true;
}

/*
 * The notice for @missed dropped records: a line of its own for a plain
 * target (hdr NULL), and for an extended one a record with the header of
 * the record it precedes (@hlen bytes up to its ';').  Returns its length.
 */
unsigned int snull_nc_rl_notice(char *buf, unsigned int size,
				unsigned long missed, const char *hdr,
				unsigned int hlen)
{
	int n = 0;

	if (hdr)
		n = scnprintf(buf, size, "%.*s;", (int)hlen, hdr);
	n += scnprintf(buf + n, size - n,
		       "netconsole: %lu messages dropped by rate limit\n",
		       missed);
	return n;
}
