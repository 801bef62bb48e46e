// SPDX-License-Identifier: GPL-2.0
/*
 * sntool -- small static helper run inside the test VMs (busybox has no
 * UDP nc and no raw-frame tools): sntool [-n NETNS] CMD ARGS..., CMD run
 * inside network namespace NETNS when given.  The commands and their
 * arguments are the table below, which is also the usage message.
 */
#include "sntool.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *args;
	const char *what;
} sntool_cmds[] = {
	{ "send", cmd_send, "IP PORT COUNT [SIZE] [GAP_US]",
	  "numbered UDP datagrams" },
	{ "flood", cmd_send, "IP PORT SECONDS [SIZE]",
	  "UDP datagrams as fast as possible" },
	{ "recv", cmd_recv, "PORT COUNT IDLE_MS [IFNAME]",
	  "receive them, check their order and, with IFNAME, each frame's checksums" },
	{ "listen", cmd_listen, "PORT IDLE_MS",
	  "print the datagrams (netconsole)" },
	{ "ncreasm", cmd_ncreasm, "PORT IDLE_MS [msgid]",
	  "reassemble ncfrag messages; msgid: check its continuity" },
	{ "count", cmd_count, "PORT IDLE_MS TAG",
	  "count the records carrying TAG that arrived whole" },
	{ "kmsg", cmd_kmsg, "N SIZE|mix TAG",
	  "N records of SIZE bytes (mix: 32-985) to /dev/kmsg" },
	{ "tcpsend", cmd_tcpsend, "IP PORT BYTES", "one patterned TCP stream" },
	{ "tcprecv", cmd_tcprecv, "PORT IDLE_MS", "receive it, check each byte" },
	{ "capture", cmd_capture, "IFNAME IDLE_MS",
	  "the headers of every UDP frame IFNAME sees, one line each" },
	{ "dgcmp", cmd_dgcmp, "[-f] [-m] [-1] [-n MIN] FILE_A FILE_B TEXT...",
	  "the records holding each TEXT in two `listen ... hex` outputs, byte for byte\n"
	  "      (-f: with their fragments; -m: msgid as a sequence; -1: the first both hold)" },
	{ "framecmp", cmd_framecmp, "CAPTURE PORT_A PORT_B TEXT...",
	  "the first frame carrying a TEXT to each port (capture's output), all but\n"
	  "      ports and IP id alike" },
	{ "rawcheck", cmd_rawcheck, "TXIF RXIF",
	  "send IPv4/IPv6/ARP frames on TXIF, check what RXIF gets" },
	{ "badarp", cmd_badarp, "IFNAME", "malformed ARP frames, broadcast" },
	{ "arpreply", cmd_arpreply, "IFNAME SHA SIP TIP",
	  "a well-formed ARP reply to 02:53:4e:00:00:00" },
	{ "rawsend", cmd_rawsend, "IFNAME HEX[/PAD]", "one raw frame" },
	{ "rawflood", cmd_rawflood, "IFNAME MS", "raw frames for MS ms" },
	{ "failnth", cmd_failnth, "N load|linkadd|write|mkdir ARGS",
	  "the operation with its Nth allocation failed (fault injection)" },
	{ "netdev", cmd_netdev, "queues|napis|qstats IFNAME [queue] | napi-set ID KEY VALUE...",
	  "the netdev netlink family: queues and their NAPIs, NAPI settings,\n"
	  "      qstats (queue: per queue); exit 3 when the kernel has no such family" },
	{ "xdp", cmd_xdp, "IFNAME drop|pass|aborted|tx|redirect=IFNAME|meta|off [frags] [generic]",
	  "attach a small XDP program (tx: swap the MACs, send back;\n"
	  "      meta: the metadata kfuncs' answers over a UDP payload)" },
	{ "xdpmeta", cmd_xdpmeta, "< CAPTURE", "read meta's answers from capture's lines" },
	{ "memcpy", cmd_memcpy, "MB", "copy bandwidth over an MB-sized buffer" },
	{ "userns-pairs", cmd_userns_pairs, "CGROUP MAX",
	  "as uid 65534 in a user namespace, add pairs until refused" },
};

static int usage(void)
{
	unsigned int i;

	fprintf(stderr, "usage: sntool [-n NETNS] CMD ARGS...  (on CPU $SNTOOL_CPU if set)\n");
	for (i = 0; i < sizeof(sntool_cmds) / sizeof(sntool_cmds[0]); i++)
		fprintf(stderr, "  %s %s\n      %s\n", sntool_cmds[i].name,
			sntool_cmds[i].args, sntool_cmds[i].what);
	return 2;
}

int main(int argc, char **argv)
{
	unsigned int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 2 && !strcmp(argv[1], "-n")) {
		if (g_enter_netns(argv[2]))
			return 2;
		argc -= 2;
		argv += 2;
	}
	if (argc < 2)
		return usage();
	/*
	 * SNTOOL_CPU: the CPU to run on (a kmsg writer's, which sysdata's
	 * cpu= must name; a sender's, which XPS maps to a transmit queue)
	 */
	if (getenv("SNTOOL_CPU")) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(atoi(getenv("SNTOOL_CPU")), &set);
		if (sched_setaffinity(0, sizeof(set), &set)) {
			perror("sched_setaffinity");
			return 2;
		}
	}
	for (i = 0; i < sizeof(sntool_cmds) / sizeof(sntool_cmds[0]); i++)
		if (!strcmp(argv[1], sntool_cmds[i].name))
			return sntool_cmds[i].fn(argc - 1, argv + 1);
	return usage();
}
