// SPDX-License-Identifier: GPL-2.0
/*
 * sntool_xdp.c -- attach a small XDP program to a device, with no clang,
 * libbpf or bpftool in the guest: the programs are a few instructions
 * each, loaded with bpf(2) and attached with RTM_SETLINK IFLA_XDP, the
 * kernel's extended ack printed when it refuses.
 *
 *   xdp IFNAME drop|pass|aborted|tx|redirect=IFNAME|off [frags] [generic]
 *
 * tx swaps the Ethernet addresses and sends the frame back; frags loads
 * the program as one that takes multi-buffer frames; generic attaches in
 * skb mode instead of the driver's.  Exit 0 on success, 1 with the
 * kernel's reason printed.
 */
#include "sntool.h"
#include <linux/bpf.h>

#define INSN(c, d, s, o, i) \
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })
#define MOV_K(d, i)	INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define MOV_X(d, s)	INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define ADD_K(d, i)	INSN(BPF_ALU64 | BPF_ADD | BPF_K, d, 0, 0, i)
#define LDX(sz, d, s, o)	INSN(BPF_LDX | BPF_MEM | (sz), d, s, o, 0)
#define STX(sz, d, s, o)	INSN(BPF_STX | BPF_MEM | (sz), d, s, o, 0)
#define JGT_X(d, s, o)	INSN(BPF_JMP | BPF_JGT | BPF_X, d, s, o, 0)
#define CALL(f)		INSN(BPF_JMP | BPF_CALL, 0, 0, 0, f)
#define EXIT()		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

static int build(const char *what, struct bpf_insn *p)
{
	int n = 0;

	if (!strcmp(what, "drop") || !strcmp(what, "pass") ||
	    !strcmp(what, "aborted")) {
		p[n++] = MOV_K(0, !strcmp(what, "drop") ? XDP_DROP :
			       !strcmp(what, "pass") ? XDP_PASS : XDP_ABORTED);
		p[n++] = EXIT();
		return n;
	}
	if (!strcmp(what, "tx")) {
		/* r2 = data, r3 = data_end; drop a frame shorter than 14 */
		p[n++] = LDX(BPF_W, 2, 1, 0);
		p[n++] = LDX(BPF_W, 3, 1, 4);
		p[n++] = MOV_X(4, 2);
		p[n++] = ADD_K(4, 14);
		p[n++] = JGT_X(4, 3, 10);	/* to the XDP_DROP below */
		p[n++] = LDX(BPF_W, 5, 2, 0);
		p[n++] = LDX(BPF_H, 6, 2, 4);
		p[n++] = LDX(BPF_W, 7, 2, 6);
		p[n++] = LDX(BPF_H, 8, 2, 10);
		p[n++] = STX(BPF_W, 2, 7, 0);
		p[n++] = STX(BPF_H, 2, 8, 4);
		p[n++] = STX(BPF_W, 2, 5, 6);
		p[n++] = STX(BPF_H, 2, 6, 10);
		p[n++] = MOV_K(0, XDP_TX);
		p[n++] = EXIT();
		p[n++] = MOV_K(0, XDP_DROP);
		p[n++] = EXIT();
		return n;
	}
	if (!strncmp(what, "redirect=", 9)) {
		int to = if_nametoindex(what + 9);

		if (!to) {
			fprintf(stderr, "xdp: no device %s\n", what + 9);
			return -1;
		}
		p[n++] = MOV_K(1, to);
		p[n++] = MOV_K(2, 0);
		p[n++] = CALL(BPF_FUNC_redirect);
		p[n++] = EXIT();
		return n;
	}
	fprintf(stderr, "xdp: unknown program %s\n", what);
	return -1;
}

static int load(struct bpf_insn *p, int n, int frags)
{
	static char log[65536];
	union bpf_attr a;
	int fd;

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_XDP;
	a.expected_attach_type = BPF_XDP;
	a.insns = (uintptr_t)p;
	a.insn_cnt = n;
	a.license = (uintptr_t)"GPL";
	a.log_buf = (uintptr_t)log;
	a.log_size = sizeof(log);
	a.log_level = 1;
	if (frags)
		a.prog_flags = 1U << 5;	/* BPF_F_XDP_HAS_FRAGS (6.1's uapi has it too) */
	fd = syscall(__NR_bpf, BPF_PROG_LOAD, &a, sizeof(a));
	if (fd < 0)
		fprintf(stderr, "xdp: load: %s\n%s", strerror(errno), log);
	return fd;
}

int cmd_xdp(int argc, char **argv)
{
	int i, frags = 0, generic = 0, fd = -1, s, n;
	struct bpf_insn prog[32];
	struct rtattr *x;
	struct g_nlreq q;
	uint32_t flags;
	char msg[256];

	if (argc < 3)
		return 2;
	for (i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "frags"))
			frags = 1;
		else if (!strcmp(argv[i], "generic"))
			generic = 1;
		else
			return 2;
	}
	if (strcmp(argv[2], "off")) {
		n = build(argv[2], prog);
		if (n < 0)
			return 1;
		fd = load(prog, n, frags);
		if (fd < 0)
			return 1;
	}
	memset(&q, 0, sizeof(q));
	q.n.nlmsg_len = NLMSG_LENGTH(sizeof(q.i));
	q.n.nlmsg_type = RTM_SETLINK;
	q.i.ifi_family = AF_UNSPEC;
	q.i.ifi_index = if_nametoindex(argv[1]);
	if (!q.i.ifi_index) {
		fprintf(stderr, "xdp: no device %s\n", argv[1]);
		return 1;
	}
	flags = generic ? XDP_FLAGS_SKB_MODE : XDP_FLAGS_DRV_MODE;
	x = g_nl_nest(&q.n, IFLA_XDP | NLA_F_NESTED);
	g_nl_attr(&q.n, IFLA_XDP_FD, &fd, sizeof(fd));
	g_nl_attr(&q.n, IFLA_XDP_FLAGS, &flags, sizeof(flags));
	g_nl_nest_end(&q.n, x);
	s = g_nl_socket(1);
	if (s < 0 || g_nl_talk(s, &q.n, msg, sizeof(msg))) {
		fprintf(stderr, "xdp: %s: %s%s%s\n", argv[1], strerror(errno),
			msg[0] ? ": " : "", msg);
		return 1;
	}
	close(s);
	if (fd >= 0)
		close(fd);
	return 0;
}
