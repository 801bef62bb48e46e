// SPDX-License-Identifier: GPL-2.0
/*
 * sntool_genl.c -- the netdev generic netlink family, which the guests'
 * iproute2 cannot query: queues and their NAPIs (queue-get), the NAPIs
 * and their settings (napi-get, napi-set) and per-queue statistics
 * (qstats-get).  One line per object, "key=value" fields, for the shell.
 *
 * The numbers are the family's ABI (include/uapi/linux/netdev.h of the
 * kernels tested; the tools are built against older uapi headers).
 */
#include "sntool.h"
#include <linux/genetlink.h>

enum {
	NDEV_CMD_QUEUE_GET = 10,
	NDEV_CMD_NAPI_GET = 11,
	NDEV_CMD_QSTATS_GET = 12,
	NDEV_CMD_NAPI_SET = 14,
};

enum {
	NDEV_A_NAPI_IFINDEX = 1,
	NDEV_A_NAPI_ID,
	NDEV_A_NAPI_IRQ,
	NDEV_A_NAPI_PID,
	NDEV_A_NAPI_DEFER_HARD_IRQS,
	NDEV_A_NAPI_GRO_FLUSH_TIMEOUT,
	NDEV_A_NAPI_IRQ_SUSPEND_TIMEOUT,
	NDEV_A_NAPI_THREADED,
	NDEV_A_NAPI_COUNT
};

enum {
	NDEV_A_QUEUE_ID = 1,
	NDEV_A_QUEUE_IFINDEX,
	NDEV_A_QUEUE_TYPE,
	NDEV_A_QUEUE_NAPI_ID,
	NDEV_A_QUEUE_COUNT
};

enum {
	NDEV_A_QSTATS_IFINDEX = 1,
	NDEV_A_QSTATS_QUEUE_TYPE,
	NDEV_A_QSTATS_QUEUE_ID,
	NDEV_A_QSTATS_SCOPE,
	NDEV_A_QSTATS_FIRST = 8,	/* rx-packets; the counters follow */
};

/* the counters' names, from NDEV_A_QSTATS_FIRST on */
static const char *const qstat_names[] = {
	"rx-packets", "rx-bytes", "tx-packets", "tx-bytes", "rx-alloc-fail",
	"rx-hw-drops", "rx-hw-drop-overruns", "rx-csum-complete",
	"rx-csum-unnecessary", "rx-csum-none", "rx-csum-bad",
	"rx-hw-gro-packets", "rx-hw-gro-bytes", "rx-hw-gro-wire-packets",
	"rx-hw-gro-wire-bytes", "rx-hw-drop-ratelimits", "tx-hw-drops",
	"tx-hw-drop-errors", "tx-csum-none", "tx-needs-csum",
	"tx-hw-gso-packets", "tx-hw-gso-bytes", "tx-hw-gso-wire-packets",
	"tx-hw-gso-wire-bytes", "tx-hw-drop-ratelimits", "tx-stop", "tx-wake",
};

#define NQSTATS	(sizeof(qstat_names) / sizeof(qstat_names[0]))

struct genl_req {
	struct nlmsghdr n;
	struct genlmsghdr g;
	char buf[256];
};

static void req_init(struct genl_req *q, int family, int cmd, int flags)
{
	memset(q, 0, sizeof(*q));
	q->n.nlmsg_len = NLMSG_LENGTH(sizeof(q->g));
	q->n.nlmsg_type = family;
	q->n.nlmsg_flags = NLM_F_REQUEST | flags;
	q->g.cmd = cmd;
	q->g.version = 1;
}

static int genl_socket(void)
{
	int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	int one = 1;

	if (s >= 0)
		setsockopt(s, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	return s;
}

/* an attribute's value, whatever its width (the family's uint is 4 or 8) */
static uint64_t attr_uint(const struct rtattr *a)
{
	uint64_t v64;
	uint32_t v32;
	uint16_t v16;

	switch (RTA_PAYLOAD(a)) {
	case 8:
		memcpy(&v64, RTA_DATA(a), 8);
		return v64;
	case 4:
		memcpy(&v32, RTA_DATA(a), 4);
		return v32;
	case 2:
		memcpy(&v16, RTA_DATA(a), 2);
		return v16;
	default:
		return *(const uint8_t *)RTA_DATA(a);
	}
}

/* the attributes of a genl message, by type (at most MAX; 0: none) */
static void parse(struct nlmsghdr *r, const struct rtattr **tb, int max)
{
	int left = r->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	struct rtattr *a = (struct rtattr *)((char *)NLMSG_DATA(r) + GENL_HDRLEN);

	memset(tb, 0, sizeof(*tb) * max);
	for (; RTA_OK(a, left); a = RTA_NEXT(a, left))
		if (a->rta_type < max)
			tb[a->rta_type] = a;
}

/*
 * Send Q; for every reply message call FN (a dump's parts, or the one
 * answer).  0, or -1 with the error printed.
 */
static int talk(int s, struct genl_req *q,
		void (*fn)(struct nlmsghdr *r, void *arg), void *arg)
{
	static char buf[65536];
	struct nlmsghdr *r;
	ssize_t got;

	q->n.nlmsg_flags |= NLM_F_ACK;
	if (send(s, q, q->n.nlmsg_len, 0) < 0) {
		perror("netlink send");
		return -1;
	}
	for (;;) {
		got = recv(s, buf, sizeof(buf), 0);
		if (got <= 0) {
			perror("netlink recv");
			return -1;
		}
		for (r = (struct nlmsghdr *)buf; NLMSG_OK(r, got); r = NLMSG_NEXT(r, got)) {
			if (r->nlmsg_type == NLMSG_DONE)
				return 0;
			if (r->nlmsg_type == NLMSG_ERROR) {
				int e = ((struct nlmsgerr *)NLMSG_DATA(r))->error;

				if (!e)
					return 0;
				fprintf(stderr, "netdev netlink: %s\n", strerror(-e));
				errno = -e;
				return -1;
			}
			if (fn)
				fn(r, arg);
		}
	}
}

static void family_id(struct nlmsghdr *r, void *arg)
{
	const struct rtattr *tb[CTRL_ATTR_FAMILY_ID + 1];

	parse(r, tb, CTRL_ATTR_FAMILY_ID + 1);
	if (tb[CTRL_ATTR_FAMILY_ID])
		*(int *)arg = attr_uint(tb[CTRL_ATTR_FAMILY_ID]);
}

/* the netdev family's id; exit status 3 if this kernel has none */
static int netdev_family(int s)
{
	struct genl_req q;
	int id = 0;

	req_init(&q, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0);
	g_nl_attr(&q.n, CTRL_ATTR_FAMILY_NAME, "netdev", 7);
	if (talk(s, &q, family_id, &id) || !id) {
		fprintf(stderr, "no netdev netlink family on this kernel\n");
		return -1;
	}
	return id;
}

static int ifindex_of(const char *name)
{
	int i = if_nametoindex(name);

	if (!i)
		fprintf(stderr, "no device %s\n", name);
	return i;
}

static void show_queue(struct nlmsghdr *r, void *arg)
{
	const struct rtattr *tb[NDEV_A_QUEUE_COUNT];

	(void)arg;
	parse(r, tb, NDEV_A_QUEUE_COUNT);
	if (!tb[NDEV_A_QUEUE_ID] || !tb[NDEV_A_QUEUE_TYPE])
		return;
	printf("%s %llu napi=%llu\n",
	       attr_uint(tb[NDEV_A_QUEUE_TYPE]) ? "tx" : "rx",
	       (unsigned long long)attr_uint(tb[NDEV_A_QUEUE_ID]),
	       tb[NDEV_A_QUEUE_NAPI_ID] ?
	       (unsigned long long)attr_uint(tb[NDEV_A_QUEUE_NAPI_ID]) : 0ULL);
}

static void show_napi(struct nlmsghdr *r, void *arg)
{
	static const char *const names[NDEV_A_NAPI_COUNT] = {
		[NDEV_A_NAPI_IRQ] = "irq",
		[NDEV_A_NAPI_PID] = "pid",
		[NDEV_A_NAPI_DEFER_HARD_IRQS] = "defer-hard-irqs",
		[NDEV_A_NAPI_GRO_FLUSH_TIMEOUT] = "gro-flush-timeout",
		[NDEV_A_NAPI_IRQ_SUSPEND_TIMEOUT] = "irq-suspend-timeout",
		[NDEV_A_NAPI_THREADED] = "threaded",
	};
	const struct rtattr *tb[NDEV_A_NAPI_COUNT];
	int i;

	(void)arg;
	parse(r, tb, NDEV_A_NAPI_COUNT);
	if (!tb[NDEV_A_NAPI_ID])
		return;
	printf("napi %llu", (unsigned long long)attr_uint(tb[NDEV_A_NAPI_ID]));
	for (i = 0; i < NDEV_A_NAPI_COUNT; i++)
		if (names[i] && tb[i])
			printf(" %s=%llu", names[i],
			       (unsigned long long)attr_uint(tb[i]));
	printf("\n");
}

static void show_qstats(struct nlmsghdr *r, void *arg)
{
	const struct rtattr *tb[NDEV_A_QSTATS_FIRST + NQSTATS];
	unsigned int i;

	(void)arg;
	parse(r, tb, NDEV_A_QSTATS_FIRST + NQSTATS);
	if (tb[NDEV_A_QSTATS_QUEUE_TYPE] && tb[NDEV_A_QSTATS_QUEUE_ID])
		printf("%s %llu", attr_uint(tb[NDEV_A_QSTATS_QUEUE_TYPE]) ? "tx" : "rx",
		       (unsigned long long)attr_uint(tb[NDEV_A_QSTATS_QUEUE_ID]));
	else
		printf("dev");
	for (i = 0; i < NQSTATS; i++)
		if (tb[NDEV_A_QSTATS_FIRST + i])
			printf(" %s=%llu", qstat_names[i],
			       (unsigned long long)attr_uint(tb[NDEV_A_QSTATS_FIRST + i]));
	printf("\n");
}

/*
 * sntool netdev queues|napis|qstats IFNAME [queue]
 * sntool netdev napi-set NAPI_ID KEY VALUE...
 */
int cmd_netdev(int argc, char **argv)
{
	static const char *const keys[NDEV_A_NAPI_COUNT] = {
		[NDEV_A_NAPI_DEFER_HARD_IRQS] = "defer-hard-irqs",
		[NDEV_A_NAPI_GRO_FLUSH_TIMEOUT] = "gro-flush-timeout",
		[NDEV_A_NAPI_IRQ_SUSPEND_TIMEOUT] = "irq-suspend-timeout",
		[NDEV_A_NAPI_THREADED] = "threaded",
	};
	struct genl_req q;
	int s, fam, ifi, i, k;
	uint32_t v32;
	uint64_t v64;

	if (argc < 3)
		return 2;
	s = genl_socket();
	if (s < 0) {
		perror("netlink socket");
		return 1;
	}
	fam = netdev_family(s);
	if (fam < 0)
		return 3;
	if (!strcmp(argv[1], "napi-set")) {
		req_init(&q, fam, NDEV_CMD_NAPI_SET, 0);
		v32 = strtoul(argv[2], NULL, 0);
		g_nl_attr(&q.n, NDEV_A_NAPI_ID, &v32, 4);
		for (i = 3; i + 1 < argc; i += 2) {
			for (k = 0; k < NDEV_A_NAPI_COUNT; k++)
				if (keys[k] && !strcmp(keys[k], argv[i]))
					break;
			if (k == NDEV_A_NAPI_COUNT) {
				fprintf(stderr, "napi-set: no key %s\n", argv[i]);
				return 2;
			}
			if (k == NDEV_A_NAPI_GRO_FLUSH_TIMEOUT ||
			    k == NDEV_A_NAPI_IRQ_SUSPEND_TIMEOUT) {
				v64 = strtoull(argv[i + 1], NULL, 0);
				g_nl_attr(&q.n, k, &v64, 8);
			} else {
				v32 = strtoul(argv[i + 1], NULL, 0);
				g_nl_attr(&q.n, k, &v32, 4);
			}
		}
		return talk(s, &q, NULL, NULL) ? 1 : 0;
	}
	ifi = ifindex_of(argv[2]);
	if (!ifi)
		return 1;
	v32 = ifi;
	if (!strcmp(argv[1], "queues")) {
		req_init(&q, fam, NDEV_CMD_QUEUE_GET, NLM_F_DUMP);
		g_nl_attr(&q.n, NDEV_A_QUEUE_IFINDEX, &v32, 4);
		return talk(s, &q, show_queue, NULL) ? 1 : 0;
	}
	if (!strcmp(argv[1], "napis")) {
		req_init(&q, fam, NDEV_CMD_NAPI_GET, NLM_F_DUMP);
		g_nl_attr(&q.n, NDEV_A_NAPI_IFINDEX, &v32, 4);
		return talk(s, &q, show_napi, NULL) ? 1 : 0;
	}
	if (!strcmp(argv[1], "qstats")) {
		req_init(&q, fam, NDEV_CMD_QSTATS_GET, NLM_F_DUMP);
		g_nl_attr(&q.n, NDEV_A_QSTATS_IFINDEX, &v32, 4);
		if (argc > 3 && !strcmp(argv[3], "queue")) {
			v32 = 1;	/* NETDEV_QSTATS_SCOPE_QUEUE */
			g_nl_attr(&q.n, NDEV_A_QSTATS_SCOPE, &v32, 4);
		}
		return talk(s, &q, show_qstats, NULL) ? 1 : 0;
	}
	return 2;
}
