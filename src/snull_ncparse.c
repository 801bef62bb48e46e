// SPDX-License-Identifier: GPL-2.0
/*
 * snull_ncparse.c -- the netconsole= grammar of the newest in-tree
 * netconsole (with the rate limit as an extension): one target string to
 * its options, or an error naming the field that is wrong.
 *
 * No skb, no locking, no allocation: the userspace unit tests and fuzzers
 * compile this file as it is.
 */
#ifdef __KERNEL__
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/if_ether.h>
#include <linux/inet.h>
#include <net/ipv6.h>
#endif
#include "snull_pure.h"

void snull_nc_opts_init(struct snull_nc_opts *o)
{
	memset(o, 0, sizeof(*o));
	strscpy(o->dev_name, SNULL_NC_DEFAULT_DEV, sizeof(o->dev_name));
	o->local_port = SNULL_NC_LOCAL_PORT;
	o->remote_port = SNULL_NC_REMOTE_PORT;
	o->ratelimit_burst = SNULL_NC_RL_BURST;
}

/* Copy the field [start, end) into a bounded, NUL-terminated buffer. */
static bool snull_nc_field(char *dst, size_t size, const char *start,
			   const char *end)
{
	size_t n = end - start;

	if (n >= size)
		return false;
	memcpy(dst, start, n);
	dst[n] = '\0';
	return true;
}

static int snull_nc_bad(char *err, size_t errlen, const char *field,
			const char *start, const char *end)
{
	int n = end ? (int)(end - start) : (int)strlen(start);

	snprintf(err, errlen, "%s: '%.*s' is not valid", field,
		 n > 64 ? 64 : n, start);
	return -EINVAL;
}

static int snull_nc_port(const char *start, const char *end, u16 *port,
			 const char *field, char *err, size_t errlen)
{
	char buf[8];

	if (!snull_nc_field(buf, sizeof(buf), start, end) ||
	    kstrtou16(buf, 10, port))
		return snull_nc_bad(err, errlen, field, start, end);
	return 0;
}

/*
 * IPv4 or IPv6, told from the text as in-tree (in4_pton, else in6_pton;
 * no brackets): 0 for IPv4, 1 for IPv6, -EINVAL for neither.  The rest of
 * the union is zeroed.
 */
int snull_nc_parse_ip(const char *start, const char *end,
		      union snull_nc_addr *a)
{
	const char *stop;

	memset(a, 0, sizeof(*a));
	if (end - start > 0 &&
	    in4_pton(start, end - start, (u8 *)&a->ip, -1, &stop) &&
	    stop == end)
		return 0;
	memset(a, 0, sizeof(*a));
	if (end - start > 0 &&
	    in6_pton(start, end - start, a->in6.s6_addr, -1, &stop) &&
	    stop == end)
		return 1;
	memset(a, 0, sizeof(*a));
	return -EINVAL;
}

bool snull_nc_addr_unset(const union snull_nc_addr *a, bool ipv6)
{
	return ipv6 ? ipv6_addr_any(&a->in6) : !a->ip;
}

static int snull_nc_ip(const char *start, const char *end,
		       union snull_nc_addr *a, bool *ipv6, const char *field,
		       char *err, size_t errlen)
{
	int rc = snull_nc_parse_ip(start, end, a);

	if (rc < 0)
		return snull_nc_bad(err, errlen, field, start, end);
	*ipv6 = rc;
	return 0;
}

/*
 * snull's extension after tgt-macaddr: ",ratelimit=<interval_ms>[:<burst>]"
 * (the configfs attributes ratelimit_interval_ms and ratelimit_burst).
 */
static int snull_nc_ratelimit(const char *start, const char *end,
			      struct snull_nc_opts *o, char *err, size_t errlen)
{
	static const char key[] = "ratelimit=";
	const char *colon;
	char buf[12];

	if ((size_t)(end - start) < sizeof(key) - 1 ||
	    memcmp(start, key, sizeof(key) - 1))
		return snull_nc_bad(err, errlen, "option (ratelimit=<ms>[:<burst>])",
				    start, end);
	start += sizeof(key) - 1;
	colon = memchr(start, ':', end - start);
	if (!snull_nc_field(buf, sizeof(buf), start, colon ? colon : end) ||
	    kstrtou32(buf, 10, &o->ratelimit_interval_ms) ||
	    o->ratelimit_interval_ms > SNULL_NC_RL_MAX)
		return snull_nc_bad(err, errlen, "ratelimit interval (ms)", start,
				    colon ? colon : end);
	if (colon && (!snull_nc_field(buf, sizeof(buf), colon + 1, end) ||
		      kstrtou32(buf, 10, &o->ratelimit_burst) ||
		      !o->ratelimit_burst))
		return snull_nc_bad(err, errlen, "ratelimit burst", colon + 1, end);
	return 0;
}

/*
 * [+][r][src-port]@[src-ip]/[dev],[tgt-port]@<tgt-ip>/[tgt-macaddr]
 * Empty fields keep their defaults; a dev containing ':' is a MAC address
 * selecting the egress device (6.12).  err names the field and the text.
 * snull adds [,ratelimit=<interval_ms>[:<burst>]] at the end.
 */
int snull_nc_parse_target(const char *str, struct snull_nc_opts *o,
			  char *err, size_t errlen)
{
	const char *cur = str, *delim;
	bool have_local = false;
	size_t n;
	int rc;

	snull_nc_opts_init(o);
	if (*cur == '+') {
		o->extended = true;
		cur++;
	}
	if (*cur == 'r') {
		if (!o->extended) {
			snprintf(err, errlen,
				 "flags: 'r' (release) requires '+' (extended) before it");
			return -EINVAL;
		}
		o->release = true;
		cur++;
	}

	delim = strchr(cur, '@');
	if (!delim)
		return snull_nc_bad(err, errlen, "src-port@", cur, NULL);
	if (delim != cur) {
		rc = snull_nc_port(cur, delim, &o->local_port, "src-port", err, errlen);
		if (rc)
			return rc;
	}
	cur = delim + 1;

	delim = strchr(cur, '/');
	if (!delim)
		return snull_nc_bad(err, errlen, "src-ip/", cur, NULL);
	if (delim != cur) {
		rc = snull_nc_ip(cur, delim, &o->local_ip, &o->local_ipv6,
				 "src-ip", err, errlen);
		if (rc)
			return rc;
		have_local = true;
	}
	cur = delim + 1;

	delim = strchr(cur, ',');
	if (!delim)
		return snull_nc_bad(err, errlen, "dev,", cur, NULL);
	n = delim - cur;
	if (n && memchr(cur, ':', n)) {
		char mac[18];

		if (!snull_nc_field(mac, sizeof(mac), cur, delim) ||
		    n != 17 || !mac_pton(mac, o->dev_mac))
			return snull_nc_bad(err, errlen, "dev (MAC)", cur, delim);
		o->have_dev_mac = true;
		o->dev_name[0] = '\0';
	} else if (n) {
		if (!snull_nc_field(o->dev_name, sizeof(o->dev_name), cur, delim))
			return snull_nc_bad(err, errlen, "dev", cur, delim);
	}
	cur = delim + 1;

	delim = strchr(cur, '@');
	if (!delim)
		return snull_nc_bad(err, errlen, "tgt-port@", cur, NULL);
	if (delim != cur) {
		rc = snull_nc_port(cur, delim, &o->remote_port, "tgt-port", err, errlen);
		if (rc)
			return rc;
	}
	cur = delim + 1;

	delim = strchr(cur, '/');
	if (!delim || delim == cur)
		return snull_nc_bad(err, errlen, "tgt-ip/ (required)", cur, delim);
	rc = snull_nc_ip(cur, delim, &o->remote_ip, &o->ipv6, "tgt-ip",
			 err, errlen);
	if (rc)
		return rc;
	/* As in-tree: the family of both addresses must agree. */
	if (have_local && o->local_ipv6 != o->ipv6) {
		snprintf(err, errlen,
			 "src-ip is %s but tgt-ip is %s: both must be IPv4 or both IPv6",
			 o->local_ipv6 ? "IPv6" : "IPv4",
			 o->ipv6 ? "IPv6" : "IPv4");
		return -EINVAL;
	}
	cur = delim + 1;

	n = strlen(cur);
	if (n && cur[n - 1] == '\n')
		n--;
	delim = memchr(cur, ',', n);
	if (delim) {
		rc = snull_nc_ratelimit(delim + 1, cur + n, o, err, errlen);
		if (rc)
			return rc;
		n = delim - cur;
	}
	if (n) {
		char mac[18];

		if (n != 17 || !snull_nc_field(mac, sizeof(mac), cur, cur + n) ||
		    !mac_pton(mac, o->remote_mac))
			return snull_nc_bad(err, errlen, "tgt-macaddr", cur, cur + n);
		o->have_remote_mac = true;
	}
	return 0;
}
