// SPDX-License-Identifier: GPL-2.0
/*
 * sntool_xdp.c -- attach a small XDP program to a device, with no clang,
 * libbpf or bpftool in the guest: the programs are a few instructions
 * each, loaded with bpf(2) and attached with RTM_SETLINK IFLA_XDP, the
 * kernel's extended ack printed when it refuses.
 *
 *   xdp IFNAME drop|pass|aborted|tx|redirect=IFNAME|meta|off [frags] [generic]
 *   xdpmeta < CAPTURE
 *
 * tx swaps the Ethernet addresses and sends the frame back; meta asks the
 * device's metadata kfuncs (rx hash, VLAN tag, timestamp) and writes what
 * they returned over the first 36 bytes of a UDP/IPv4 frame's payload,
 * which xdpmeta reads back from sntool capture's lines; frags loads the
 * program as one that takes multi-buffer frames; generic attaches in skb
 * mode instead of the driver's.  Exit 0 on success, 1 with the kernel's
 * reason printed.
 */
#include "sntool.h"
#include <linux/bpf.h>

#define INSN(c, d, s, o, i) \
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })
#define MOV_K(d, i)	INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define MOV_X(d, s)	INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define ADD_K(d, i)	INSN(BPF_ALU64 | BPF_ADD | BPF_K, d, 0, 0, i)
#define ST_K(sz, d, o, i)	INSN(BPF_ST | BPF_MEM | (sz), d, 0, o, i)
#define LDX(sz, d, s, o)	INSN(BPF_LDX | BPF_MEM | (sz), d, s, o, 0)
#define STX(sz, d, s, o)	INSN(BPF_STX | BPF_MEM | (sz), d, s, o, 0)
#define JGT_X(d, s, o)	INSN(BPF_JMP | BPF_JGT | BPF_X, d, s, o, 0)
#define CALL(f)		INSN(BPF_JMP | BPF_CALL, 0, 0, 0, f)
#define KCALL(id)	INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL, 0, id)
#define EXIT()		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

/*
 * A kfunc is called by its BTF id in the running kernel's BTF: walk
 * /sys/kernel/btf/vmlinux's types for the FUNC of that name.
 */
static const size_t btf_extra[] = {	/* bytes after a type, by kind */
	[1] = 4, [3] = 12, [14] = 4, [17] = 4,
};
static const size_t btf_per_member[] = {	/* and per vlen */
	[4] = 12, [5] = 12, [6] = 8, [13] = 8, [15] = 12, [19] = 12,
};

static int kfunc_id(const char *name)
{
	static uint8_t *b;
	static size_t len;
	const uint32_t *h;
	const uint8_t *t, *end;
	const char *str;
	int id = 1;

	if (!b) {
		FILE *f = fopen("/sys/kernel/btf/vmlinux", "r");

		if (!f)
			return -1;
		b = malloc(64 << 20);
		len = b ? fread(b, 1, 64 << 20, f) : 0;
		fclose(f);
	}
	h = (const uint32_t *)b;
	/* magic, version, flags; hdr_len, type_off, type_len, str_off, str_len */
	if (len < 24 || (h[0] & 0xffff) != 0xeb9f || h[1] + h[4] + h[5] > len ||
	    h[1] + h[2] + h[3] > len)
		return -1;
	t = b + h[1] + h[2];
	end = t + h[3];
	str = (const char *)b + h[1] + h[4];
	while (t + 12 <= end) {
		const uint32_t *ty = (const uint32_t *)t;
		unsigned int kind = (ty[1] >> 24) & 0x1f, vlen = ty[1] & 0xffff;

		if (kind == 12 && !strcmp(str + ty[0], name))
			return id;
		t += 12;
		if (kind < sizeof(btf_extra) / sizeof(btf_extra[0]))
			t += btf_extra[kind];
		if (kind < sizeof(btf_per_member) / sizeof(btf_per_member[0]))
			t += (size_t)vlen * btf_per_member[kind];
		id++;
	}
	return -1;
}

/*
 * meta: r6 the context; the three kfuncs' outputs on the stack, their
 * returns in r7-r9; then, when the frame is UDP/IPv4 with a payload of 36
 * bytes at 42, written there: a magic number (the program ran), hash's
 * return, hash, hash type, VLAN's return, protocol (as returned, network
 * order), TCI, timestamp's return, timestamp.
 */
#define SNULL_META_MAGIC	0x534e4d44
#define SNULL_META_LEN		36

static int build_meta(struct bpf_insn *p)
{
	int hash = kfunc_id("bpf_xdp_metadata_rx_hash");
	int vlan = kfunc_id("bpf_xdp_metadata_rx_vlan_tag");
	int ts = kfunc_id("bpf_xdp_metadata_rx_timestamp");
	int n = 0;

	if (hash < 0 || vlan < 0 || ts < 0) {
		fprintf(stderr, "xdp: the kernel's BTF has no metadata kfuncs\n");
		return -1;
	}
	p[n++] = MOV_X(6, 1);
	p[n++] = ST_K(BPF_DW, 10, -8, 0);
	p[n++] = ST_K(BPF_DW, 10, -16, 0);
	p[n++] = ST_K(BPF_DW, 10, -24, 0);
	p[n++] = MOV_X(1, 6);
	p[n++] = MOV_X(2, 10);
	p[n++] = ADD_K(2, -16);
	p[n++] = MOV_X(3, 10);
	p[n++] = ADD_K(3, -12);
	p[n++] = KCALL(hash);
	p[n++] = MOV_X(7, 0);
	p[n++] = MOV_X(1, 6);
	p[n++] = MOV_X(2, 10);
	p[n++] = ADD_K(2, -24);
	p[n++] = MOV_X(3, 10);
	p[n++] = ADD_K(3, -22);
	p[n++] = KCALL(vlan);
	p[n++] = MOV_X(8, 0);
	p[n++] = MOV_X(1, 6);
	p[n++] = MOV_X(2, 10);
	p[n++] = ADD_K(2, -8);
	p[n++] = KCALL(ts);
	p[n++] = MOV_X(9, 0);
	p[n++] = LDX(BPF_W, 2, 6, 0);	/* data */
	p[n++] = LDX(BPF_W, 3, 6, 4);	/* data_end */
	p[n++] = MOV_X(4, 2);
	p[n++] = ADD_K(4, 42 + SNULL_META_LEN);
	p[n++] = JGT_X(4, 3, 14);	/* short: pass it as it is */
	p[n++] = ST_K(BPF_W, 2, 42, SNULL_META_MAGIC);
	p[n++] = STX(BPF_W, 2, 7, 46);
	p[n++] = LDX(BPF_W, 4, 10, -16);
	p[n++] = STX(BPF_W, 2, 4, 50);
	p[n++] = LDX(BPF_W, 4, 10, -12);
	p[n++] = STX(BPF_W, 2, 4, 54);
	p[n++] = STX(BPF_W, 2, 8, 58);
	p[n++] = LDX(BPF_H, 4, 10, -24);
	p[n++] = STX(BPF_H, 2, 4, 62);
	p[n++] = LDX(BPF_H, 4, 10, -22);
	p[n++] = STX(BPF_H, 2, 4, 64);
	p[n++] = STX(BPF_W, 2, 9, 66);
	p[n++] = LDX(BPF_DW, 4, 10, -8);
	p[n++] = STX(BPF_DW, 2, 4, 70);
	p[n++] = MOV_K(0, XDP_PASS);
	p[n++] = EXIT();
	return n;
}

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
	if (!strcmp(what, "meta"))
		return build_meta(p);
	fprintf(stderr, "xdp: unknown program %s\n", what);
	return -1;
}

static int load(struct bpf_insn *p, int n, int frags, int bound_to)
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
	if (bound_to) {
		/* the kfuncs resolve to one device's: BPF_F_XDP_DEV_BOUND_ONLY */
		a.prog_ifindex = bound_to;
		a.prog_flags |= 1U << 6;
	}
	fd = syscall(__NR_bpf, BPF_PROG_LOAD, &a, sizeof(a));
	if (fd < 0)
		fprintf(stderr, "xdp: load: %s\n%s", strerror(errno), log);
	return fd;
}

int cmd_xdp(int argc, char **argv)
{
	int i, frags = 0, generic = 0, fd = -1, s, n;
	struct bpf_insn prog[64];
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
	memset(&q, 0, sizeof(q));
	q.n.nlmsg_len = NLMSG_LENGTH(sizeof(q.i));
	q.n.nlmsg_type = RTM_SETLINK;
	q.i.ifi_family = AF_UNSPEC;
	q.i.ifi_index = if_nametoindex(argv[1]);
	if (!q.i.ifi_index) {
		fprintf(stderr, "xdp: no device %s\n", argv[1]);
		return 1;
	}
	if (strcmp(argv[2], "off")) {
		n = build(argv[2], prog);
		if (n < 0)
			return 1;
		fd = load(prog, n, frags,
			  strcmp(argv[2], "meta") ? 0 : q.i.ifi_index);
		if (fd < 0)
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

/*
 * xdpmeta: the meta program's answers, from sntool capture's lines; frames
 * the program did not write are left out.
 */
int cmd_xdpmeta(int argc, char **argv)
{
	char line[8192];
	int frames = 0;

	(void)argc;
	(void)argv;
	while (fgets(line, sizeof(line), stdin)) {
		char *hex = strrchr(line, ' '), dst[64];
		unsigned int dport;
		uint8_t b[SNULL_META_LEN];
		uint32_t magic, hash, type;
		int32_t hret, vret, tret;
		uint16_t proto, tci;
		uint64_t ts;
		int i;

		/* capture's fields: ... source, destination, ports, ... */
		if (strncmp(line, "FRAME ", 6) || !hex ||
		    strlen(hex + 1) < 2 * SNULL_META_LEN ||
		    sscanf(line, "FRAME %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %63s %*s %u",
			   dst, &dport) != 2)
			continue;
		for (i = 0; i < SNULL_META_LEN; i++)
			if (sscanf(hex + 1 + 2 * i, "%2hhx", &b[i]) != 1)
				break;
		memcpy(&magic, b, 4);
		if (i < SNULL_META_LEN || magic != SNULL_META_MAGIC)
			continue;
		memcpy(&hret, b + 4, 4);
		memcpy(&hash, b + 8, 4);
		memcpy(&type, b + 12, 4);
		memcpy(&vret, b + 16, 4);
		memcpy(&proto, b + 20, 2);
		memcpy(&tci, b + 22, 2);
		memcpy(&tret, b + 24, 4);
		memcpy(&ts, b + 28, 8);
		printf("to %s:%u hash %d 0x%08x type %u vlan %d 0x%04x %u timestamp %d %llu\n",
		       dst, dport, hret, hash, type, vret, ntohs(proto), tci, tret,
		       (unsigned long long)ts);
		frames++;
	}
	return frames ? 0 : 1;
}
