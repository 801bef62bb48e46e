// SPDX-License-Identifier: GPL-2.0
/*
 * snfuzz: the in-guest fuzzer of make fuzz-kernel.  Runs only
 * inside a test VM (no network leaves it): it drives snull with random
 * frames (packet sockets in several network namespaces), configfs
 * operations on the netconsole client, rtnetlink link operations and
 * namespace churn, from several processes at once, and with kcov (when the
 * kernel has it) keeps the frames that reach new code of snull.ko as seeds.
 *
 *   snfuzz run SECONDS SEED WORKERS OUTDIR   fuzz; OUTDIR/replay.N per worker
 *   snfuzz replay FILE...                    run logged operations again
 *   snfuzz params SEED                       a random module argument line
 *   snfuzz load SEED OUTDIR                  load snull.ko with such a line
 *   snfuzz unload OUTDIR                     rmmod snull (its exit path in kcov)
 *   snfuzz inject NETNS|- DEV COUNT SEED [GAP_US]  mutated frames; prints
 *                                            how many were accepted, refused
 *   snfuzz cover OUTDIR                      print the coverage summary
 *
 * Every operation is one text line ("frame 1 sn1 ffff..."), written to the
 * replay file and flushed before it runs: a line that crashes the kernel is
 * the last line of the file, and "snfuzz replay" runs exactly those lines.
 * The seeds are test/badinput/frames.txt (copied to /snull/badinput/) plus
 * frames built here.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/ethtool.h>
#include <linux/if_link.h>
#include <linux/sockios.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "guest.h"

#define KCOV_INIT_TRACE	_IOR('c', 1, unsigned long)
#define KCOV_ENABLE	_IO('c', 100)
#define KCOV_TRACE_PC	0
#define COVER_WORDS	(256 * 1024)

#define MAXNS		6	/* 0 init, 1 b, 2 c (set up by fuzz.sh), 3..5 made here */
#define MAXFRAME	10000
#define MAXSEEDS	512
#define MAXSITES	65536
#define CFS		"/sys/kernel/config"
#define KO		"/lib/modules/snull.ko"

enum { OP_FRAME, OP_MKDIR, OP_RMDIR, OP_WRITE, OP_READ, OP_NEWLINK, OP_DELLINK,
	OP_SETLINK, OP_NSNEW, OP_NSDEL, OP_ETHTOOL, OP_UDP, OP_COUNT };
static const char *const op_names[OP_COUNT] = {
	"frame", "mkdir", "rmdir", "write", "read", "newlink", "dellink",
	"setlink", "nsnew", "nsdel", "ethtool", "udp",
};

/* shared between the workers (MAP_SHARED before fork) */
struct shared {
	unsigned long ops[OP_COUNT], ok[OP_COUNT];
	unsigned long new_cover_frames;
	unsigned int nsites;
	char kcov_why[160];
	unsigned char hit[MAXSITES];
};
static struct shared *sh;

/* kcov call sites of snull.ko outside .init.text: section, offset of the
 * return address (what kcov records), function */
struct site { unsigned long addr; int fn; };
static struct site *sites;
static unsigned int nsites;
static char (*fnames)[48];
static int nfn;
static unsigned long *kcov_area;
static int kcov_on;
static char kcov_why[160] = "not tried";

static uint64_t rng_state;
static uint64_t rnd(void)
{
	uint64_t x = rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	rng_state = x;
	return x;
}

static unsigned int rn(unsigned int n) { return n ? rnd() % n : 0; }

static FILE *replay;
static int nsfd[MAXNS] = { -1, -1, -1, -1, -1, -1 };
static int pkfd[MAXNS] = { -1, -1, -1, -1, -1, -1 };
static int nlfd[MAXNS] = { -1, -1, -1, -1, -1, -1 };
static char cfsdir[64];

struct frame { unsigned int len; unsigned char b[MAXFRAME]; };
static struct frame *seeds;
static unsigned int nseeds;

/* ---- coverage ---------------------------------------------------------- */

/* The kcov call sites of snull.ko, from its relocations, at their load
 * addresses (/sys/module/snull/sections/<name>). */
static int load_sites(void)
{
	Elf64_Ehdr *eh;
	Elf64_Shdr *shd;
	Elf64_Sym *syms = NULL;
	const char *strs = NULL, *shstr;
	unsigned long nsym = 0, i, j, symsec = 0;
	unsigned long covsym = 0;
	struct stat st;
	void *img;
	int fd;

	fd = open(KO, O_RDONLY);
	if (fd < 0 || fstat(fd, &st))
		return -1;
	img = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (img == MAP_FAILED)
		return -1;
	eh = img;
	shd = (Elf64_Shdr *)((char *)img + eh->e_shoff);
	shstr = (char *)img + shd[eh->e_shstrndx].sh_offset;
	for (i = 0; i < eh->e_shnum; i++)
		if (shd[i].sh_type == SHT_SYMTAB) {
			syms = (Elf64_Sym *)((char *)img + shd[i].sh_offset);
			nsym = shd[i].sh_size / sizeof(*syms);
			strs = (char *)img + shd[shd[i].sh_link].sh_offset;
			symsec = i;
		}
	if (!syms)
		return -1;
	for (i = 1; i < nsym; i++)
		if (!strcmp(strs + syms[i].st_name, "__sanitizer_cov_trace_pc"))
			covsym = i;
	if (!covsym) {
		snprintf(kcov_why, sizeof(kcov_why), "snull.ko has no kcov call sites (not built with KCOV_INSTRUMENT)");
		return -1;
	}
	sites = calloc(MAXSITES, sizeof(*sites));
	fnames = calloc(4096, sizeof(*fnames));
	for (i = 0; i < eh->e_shnum; i++) {
		Elf64_Shdr *tgt;
		const char *tname;
		unsigned long base = 0;
		Elf64_Rela *r;
		char path[256];
		FILE *f;

		if (shd[i].sh_type != SHT_RELA || shd[i].sh_link != symsec)
			continue;
		tgt = &shd[shd[i].sh_info];
		tname = shstr + tgt->sh_name;
		if (!(tgt->sh_flags & SHF_EXECINSTR) || !strncmp(tname, ".init", 5))
			continue;
		snprintf(path, sizeof(path), "/sys/module/snull/sections/%s", tname);
		f = fopen(path, "r");
		if (!f || fscanf(f, "%lx", &base) != 1) {
			if (f)
				fclose(f);
			continue;
		}
		fclose(f);
		r = (Elf64_Rela *)((char *)img + shd[i].sh_offset);
		for (j = 0; j < shd[i].sh_size / sizeof(*r); j++) {
			unsigned long k, off;
			int fn = -1;

			if (ELF64_R_SYM(r[j].r_info) != covsym || nsites >= MAXSITES)
				continue;
			off = r[j].r_offset;
			for (k = 1; k < nsym; k++) {
				if (ELF64_ST_TYPE(syms[k].st_info) != STT_FUNC ||
				    syms[k].st_shndx != shd[i].sh_info ||
				    off < syms[k].st_value ||
				    off >= syms[k].st_value + syms[k].st_size)
					continue;
				for (fn = 0; fn < nfn; fn++)
					if (!strcmp(fnames[fn], strs + syms[k].st_name))
						break;
				if (fn == nfn && nfn < 4096)
					snprintf(fnames[nfn++], 48, "%s", strs + syms[k].st_name);
				break;
			}
			/* kcov records the call's return address */
			sites[nsites].addr = base + off + 4;
			sites[nsites].fn = fn;
			nsites++;
		}
	}
	return nsites ? 0 : -1;
}

static int site_cmp(const void *a, const void *b)
{
	const struct site *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static void kcov_setup(void)
{
	int fd;

	fd = open("/sys/kernel/debug/kcov", O_RDWR);
	if (fd < 0) {
		snprintf(kcov_why, sizeof(kcov_why), "open /sys/kernel/debug/kcov: %s (kernel without CONFIG_KCOV)", strerror(errno));
		return;
	}
	if (ioctl(fd, KCOV_INIT_TRACE, COVER_WORDS)) {
		snprintf(kcov_why, sizeof(kcov_why), "KCOV_INIT_TRACE: %s", strerror(errno));
		close(fd);
		return;
	}
	kcov_area = mmap(NULL, COVER_WORDS * sizeof(unsigned long),
			 PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (kcov_area == MAP_FAILED || ioctl(fd, KCOV_ENABLE, KCOV_TRACE_PC)) {
		snprintf(kcov_why, sizeof(kcov_why), "KCOV_ENABLE: %s", strerror(errno));
		close(fd);
		return;
	}
	kcov_on = 1;
	snprintf(kcov_why, sizeof(kcov_why), "on");
}

static void cover_begin(void)
{
	if (kcov_on)
		__atomic_store_n(&kcov_area[0], 0, __ATOMIC_RELAXED);
}

/* new call sites of snull reached since cover_begin() */
static int cover_end(void)
{
	unsigned long n, i;
	int fresh = 0;

	if (!kcov_on)
		return 0;
	n = __atomic_load_n(&kcov_area[0], __ATOMIC_RELAXED);
	if (n >= COVER_WORDS)
		n = COVER_WORDS - 1;
	for (i = 0; i < n; i++) {
		struct site key = { .addr = kcov_area[i + 1] }, *s;

		s = bsearch(&key, sites, nsites, sizeof(*sites), site_cmp);
		if (s && !__atomic_exchange_n(&sh->hit[s - sites], 1, __ATOMIC_RELAXED))
			fresh++;
	}
	return fresh;
}

/* ---- namespaces and sockets -------------------------------------------- */

static int in_ns(int s)
{
	if (s < 0 || s >= MAXNS || nsfd[s] < 0)
		return -1;
	return setns(nsfd[s], CLONE_NEWNET);
}

static void back_home(void)
{
	int i;

	/* fault injection can fail a setns() too: try again */
	for (i = 0; i < 1000; i++)
		if (!setns(nsfd[0], CLONE_NEWNET))
			return;
	{
		perror("snfuzz: setns back to the first namespace");
		exit(2);
	}
}

static int ns_socket(int s, int *cache, int dom, int type, int proto)
{
	if (s < 0 || s >= MAXNS || nsfd[s] < 0)
		return -1;
	if (cache[s] >= 0)
		return cache[s];
	if (in_ns(s))
		return -1;
	cache[s] = socket(dom, type | SOCK_CLOEXEC, proto);
	back_home();
	return cache[s];
}

static void ns_forget(int s)
{
	if (pkfd[s] >= 0)
		close(pkfd[s]);
	if (nlfd[s] >= 0)
		close(nlfd[s]);
	if (nsfd[s] >= 0)
		close(nsfd[s]);
	pkfd[s] = nlfd[s] = nsfd[s] = -1;
}

static void ns_open_named(int s, const char *name)
{
	char p[64];

	snprintf(p, sizeof(p), "/run/netns/%s", name);
	nsfd[s] = open(p, O_RDONLY | O_CLOEXEC);
}

/* a device of namespace S other than lo, or NULL */
static const char *pick_dev(int s, char *buf)
{
	struct if_nameindex *ni, *p;
	unsigned int n = 0;

	buf[0] = 0;
	if (in_ns(s))
		return NULL;
	ni = if_nameindex();
	back_home();
	if (!ni)
		return NULL;
	for (p = ni; p->if_index; p++)
		if (strcmp(p->if_name, "lo"))
			n++;
	if (n) {
		n = rn(n);
		for (p = ni; p->if_index; p++)
			if (strcmp(p->if_name, "lo") && !n--) {
				snprintf(buf, IFNAMSIZ, "%s", p->if_name);
				break;
			}
	}
	if_freenameindex(ni);
	return buf[0] ? buf : NULL;
}

static int pick_ns(void)
{
	unsigned int i, s = rn(MAXNS);

	for (i = 0; i < MAXNS; i++, s = (s + 1) % MAXNS)
		if (nsfd[s] >= 0)
			return s;
	return 0;
}

/* ---- frames ------------------------------------------------------------ */

static void load_seeds(const char *path)
{
	char *line = NULL;
	size_t cap = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return;
	while (getline(&line, &cap, f) > 0 && nseeds < MAXSEEDS) {
		char *bar = strrchr(line, '|'), *slash;
		struct frame *fr = &seeds[nseeds];
		unsigned int pad;

		if (line[0] == '#' || !bar)
			continue;
		bar++;
		while (*bar == ' ')
			bar++;
		fr->len = g_unhex(bar, fr->b, MAXFRAME);
		slash = strchr(bar, '/');
		if (slash && sscanf(slash + 1, "%u", &pad) == 1 && pad <= MAXFRAME && pad > fr->len) {
			memset(fr->b + fr->len, 0, pad - fr->len);
			fr->len = pad;
		}
		if (fr->len)
			nseeds++;
	}
	free(line);
	fclose(f);
}

static void add_seed(const unsigned char *b, unsigned int len)
{
	struct frame *fr;

	if (nseeds < MAXSEEDS) {
		fr = &seeds[nseeds++];
	} else {
		/* the built-in and file seeds (the first 64) stay */
		fr = &seeds[64 + rn(MAXSEEDS - 64)];
	}
	memcpy(fr->b, b, len);
	fr->len = len;
}

/* built-in seeds: what each protocol handler on the path parses */
static void builtin_seeds(void)
{
	static const char *const hex[] = {
		/* IPv4/UDP 10.0.0.2 -> 10.0.0.1:6666 */
		"02534e000000020000000077080045000024000040004011267e0a0000020a000001fde41a0a0010000068656c6c6f0a00",
		/* IPv4/TCP SYN 10.0.0.2 -> 10.0.0.1:22 */
		"02534e0000000200000000770800450000280001000040061b4e0a0000020a000001d43100160000000100000000500272100000000000",
		/* VLAN 5, ARP request for 10.0.0.1 */
		"ffffffffffff02000000007781000005080600010800060400010200000000770a0000020000000000000a000001",
		/* IPv4 multicast UDP to 224.0.0.1 */
		"01005e0000010200000000770800450000200000400001118fd10a000002e00000010d050d05000c000061620000",
		/* ICMPv6 echo fd00::2 -> fd00::1 */
		"02534e00000002000000007786dd6000000000083a40fd000000000000000000000000000002fd00000000000000000000000000000180009ac300010001",
		/* QinQ over IPv4 */
		"02534e00000002000000007788a8000a81000014080045000014000000004000000000000a0000020a000001",
	};
	unsigned char b[256];
	unsigned int i, n;

	for (i = 0; i < sizeof(hex) / sizeof(hex[0]); i++) {
		n = g_unhex(hex[i], b, sizeof(b));
		add_seed(b, n);
	}
}

static const unsigned char interesting[] = { 0, 1, 0x7f, 0x80, 0xff, 0x40, 0x45, 0x60, 0x08, 0x06, 0x86, 0xdd, 0x81, 0x88, 0x11, 0x3a, 0x87, 0x88 };

static unsigned int mutate(unsigned char *b, unsigned int len)
{
	unsigned int k, rounds = 1 + rn(4);

	for (k = 0; k < rounds; k++) {
		switch (rn(10)) {
		case 0: /* bit flip */
			if (len)
				b[rn(len)] ^= 1 << rn(8);
			break;
		case 1: /* an interesting byte */
			if (len)
				b[rn(len)] = interesting[rn(sizeof(interesting))];
			break;
		case 2: /* a 16-bit length-like field */
			if (len > 2) {
				unsigned int at = rn(len - 1), v = rn(3) ? rn(70000) : 0xffff;

				b[at] = v >> 8;
				b[at + 1] = v;
			}
			break;
		case 3: /* truncate */
			len = rn(len + 1);
			break;
		case 4: /* grow: oversized frames, up to a jumbo and past it */
			{
				unsigned int nl = len + rn(rn(4) ? 200 : 9500);

				if (nl > MAXFRAME)
					nl = MAXFRAME;
				memset(b + len, rn(2) ? 0 : rn(256), nl - len);
				len = nl;
			}
			break;
		case 5: /* destination: broadcast, multicast, the pair's own */
			if (len >= 6) {
				static const unsigned char d[][6] = {
					{ 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
					{ 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 },
					{ 0x33, 0x33, 0xff, 0x00, 0x00, 0x01 },
					{ 0x02, 0x53, 0x4e, 0x00, 0x00, 0x00 },
					{ 0x02, 0x53, 0x4e, 0x00, 0x00, 0x01 },
				};
				memcpy(b, d[rn(5)], 6);
			}
			break;
		case 6: /* insert a VLAN tag after the MACs */
			if (len >= 12 && len + 4 <= MAXFRAME) {
				memmove(b + 16, b + 12, len - 12);
				b[12] = 0x81; b[13] = 0; b[14] = 0; b[15] = rn(16);
				len += 4;
			}
			break;
		case 7: /* splice another seed's tail */
			if (nseeds) {
				struct frame *o = &seeds[rn(nseeds)];
				unsigned int at = rn(len + 1), from = rn(o->len + 1);
				unsigned int n = o->len - from;

				if (at + n > MAXFRAME)
					n = MAXFRAME - at;
				memcpy(b + at, o->b + from, n);
				len = at + n;
			}
			break;
		case 8: /* random bytes */
			{
				unsigned int at = rn(len + 1), n = rn(16), i;

				for (i = 0; i < n && at + i < MAXFRAME; i++)
					b[at + i] = rnd();
				if (at + n > len)
					len = at + n < MAXFRAME ? at + n : MAXFRAME;
			}
			break;
		default: /* ethertype */
			if (len >= 14) {
				static const unsigned short t[] = { 0x0800, 0x0806, 0x86dd, 0x8100, 0x88a8, 0x0000, 0xffff, 0x05dc };
				unsigned short v = t[rn(8)];

				b[12] = v >> 8; b[13] = v;
			}
			break;
		}
	}
	return len;
}

static int do_frame(int s, const char *dev, const unsigned char *b, unsigned int len)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	struct ifreq ifr = { 0 };
	int fd = ns_socket(s, pkfd, AF_PACKET, SOCK_RAW, 0);

	if (fd < 0)
		return -1;
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", dev);
	if (ioctl(fd, SIOCGIFINDEX, &ifr))
		return -1;
	sll.sll_ifindex = ifr.ifr_ifindex;
	sll.sll_halen = ETH_ALEN;
	return sendto(fd, b, len, MSG_DONTWAIT, (struct sockaddr *)&sll, sizeof(sll)) == (ssize_t)len ? 0 : -1;
}

/* ---- rtnetlink --------------------------------------------------------- */

static int nl_talk(int s, struct nlmsghdr *n)
{
	int fd = ns_socket(s, nlfd, AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);

	return fd < 0 ? -1 : g_nl_talk(fd, n, NULL, 0);
}

static int ifindex_in(int s, const char *dev)
{
	struct ifreq ifr = { 0 };
	int fd = ns_socket(s, pkfd, AF_PACKET, SOCK_RAW, 0);

	if (fd < 0)
		return 0;
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", dev);
	return ioctl(fd, SIOCGIFINDEX, &ifr) ? 0 : ifr.ifr_ifindex;
}

static int parse_mac(const char *s, unsigned char *m, int *len)
{
	*len = 0;
	if (!strcmp(s, "-"))
		return 0;
	*len = g_unhex(s, m, 32);
	return *len;
}

/* newlink S NAME MTU MAC NS2 (MTU 0, MAC - and NS2 -1 leave them out) */
static int do_newlink(int s, const char *name, unsigned int mtu, const char *mac, int ns2)
{
	struct g_nlreq q = { 0 };
	struct rtattr *li;
	unsigned char m[32];
	int ml;

	q.n.nlmsg_len = NLMSG_LENGTH(sizeof(q.i));
	q.n.nlmsg_type = RTM_NEWLINK;
	q.n.nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	if (strcmp(name, "-"))
		g_nl_attr(&q.n, IFLA_IFNAME, name, strlen(name) + 1);
	if (mtu)
		g_nl_attr(&q.n, IFLA_MTU, &mtu, 4);
	if (parse_mac(mac, m, &ml))
		g_nl_attr(&q.n, IFLA_ADDRESS, m, ml);
	if (ns2 >= 0 && ns2 < MAXNS && nsfd[ns2] >= 0)
		g_nl_attr(&q.n, IFLA_NET_NS_FD, &nsfd[ns2], 4);
	li = g_nl_nest(&q.n, IFLA_LINKINFO);
	g_nl_attr(&q.n, IFLA_INFO_KIND, "snull", 6);
	g_nl_nest_end(&q.n, li);
	return nl_talk(s, &q.n);
}

static int do_dellink(int s, const char *name)
{
	struct g_nlreq q = { 0 };

	q.n.nlmsg_len = NLMSG_LENGTH(sizeof(q.i));
	q.n.nlmsg_type = RTM_DELLINK;
	q.i.ifi_index = ifindex_in(s, name);
	if (!q.i.ifi_index)
		return -1;
	return nl_talk(s, &q.n);
}

/* setlink S NAME up|down|mtu N|addr MAC|name NEW|netns S2 */
static int do_setlink(int s, const char *name, const char *what, const char *arg)
{
	struct g_nlreq q = { 0 };
	unsigned char m[32];
	unsigned int v;
	int ml;

	q.n.nlmsg_len = NLMSG_LENGTH(sizeof(q.i));
	q.n.nlmsg_type = RTM_NEWLINK;
	q.i.ifi_index = ifindex_in(s, name);
	if (!q.i.ifi_index)
		return -1;
	if (!strcmp(what, "up") || !strcmp(what, "down")) {
		q.i.ifi_change = IFF_UP;
		q.i.ifi_flags = what[0] == 'u' ? IFF_UP : 0;
	} else if (!strcmp(what, "mtu")) {
		v = strtoul(arg, NULL, 0);
		g_nl_attr(&q.n, IFLA_MTU, &v, 4);
	} else if (!strcmp(what, "addr")) {
		if (!parse_mac(arg, m, &ml))
			return -1;
		g_nl_attr(&q.n, IFLA_ADDRESS, m, ml);
	} else if (!strcmp(what, "name")) {
		g_nl_attr(&q.n, IFLA_IFNAME, arg, strlen(arg) + 1);
	} else if (!strcmp(what, "netns")) {
		v = atoi(arg);
		if (v >= MAXNS || nsfd[v] < 0)
			return -1;
		g_nl_attr(&q.n, IFLA_NET_NS_FD, &nsfd[v], 4);
	} else {
		return -1;
	}
	return nl_talk(s, &q.n);
}

/* a new namespace in slot S (3..5); the old one goes when nothing holds it */
static int do_nsnew(int s)
{
	if (s < 3 || s >= MAXNS)
		return -1;
	ns_forget(s);
	if (unshare(CLONE_NEWNET))
		return -1;
	nsfd[s] = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	back_home();
	return nsfd[s] < 0 ? -1 : 0;
}

/* ---- ethtool and the stack's own transmit ------------------------------- */

/* ethtool CMD (a SIOCETHTOOL query) on DEV of namespace S */
static int do_ethtool(int s, const char *dev, unsigned int cmd)
{
	static unsigned char buf[65536];
	struct ethtool_sset_info *ssi = (void *)buf;
	struct ethtool_gstrings *gs = (void *)buf;
	struct ethtool_stats *es = (void *)buf;
	struct ifreq ifr = { 0 };
	int fd = ns_socket(s, pkfd, AF_PACKET, SOCK_RAW, 0);
	unsigned int n;

	if (fd < 0)
		return -1;
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", dev);
	ifr.ifr_data = (void *)buf;
	memset(buf, 0, 4096);
	switch (cmd) {
	case ETHTOOL_GSTRINGS:
	case ETHTOOL_GSTATS:
		ssi->cmd = ETHTOOL_GSSET_INFO;
		ssi->sset_mask = 1ULL << ETH_SS_STATS;
		if (ioctl(fd, SIOCETHTOOL, &ifr))
			return -1;
		n = ssi->sset_mask ? ssi->data[0] : 0;
		if (n > 1000)
			return -1;
		memset(buf, 0, 4096);
		if (cmd == ETHTOOL_GSTRINGS) {
			gs->cmd = cmd;
			gs->string_set = ETH_SS_STATS;
			gs->len = n;
		} else {
			es->cmd = cmd;
			es->n_stats = n;
		}
		break;
	default:
		*(unsigned int *)buf = cmd;
		break;
	}
	return ioctl(fd, SIOCETHTOOL, &ifr);
}

/* udp S DST SIZE: a datagram through the stack of namespace S, so that
 * neighbour output, header_ops and the LDD3 rewrite run in this task */
static int do_udp(int s, const char *dst, unsigned int size)
{
	static char buf[9000];
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6, .sin6_port = htons(9) };
	struct sockaddr_in a4 = { .sin_family = AF_INET, .sin_port = htons(9) };
	int fd, on = 1, rc;

	char ip[64], *pct;
	int v4;

	snprintf(ip, sizeof(ip), "%s", dst);
	pct = strchr(ip, '%');
	if (pct)
		*pct++ = 0;
	v4 = inet_pton(AF_INET, ip, &a4.sin_addr) == 1;
	if (!v4 && inet_pton(AF_INET6, ip, &a6.sin6_addr) != 1)
		return -1;
	if (s < 0 || s >= MAXNS || nsfd[s] < 0 || in_ns(s))
		return -1;
	/* the scope's device and the socket belong to namespace S */
	if (pct)
		a6.sin6_scope_id = if_nametoindex(pct);
	fd = socket(v4 ? AF_INET : AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	back_home();
	if (fd < 0)
		return -1;
	if (v4) {
		setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &on, sizeof(on));
		rc = sendto(fd, buf, size % sizeof(buf), MSG_DONTWAIT, (struct sockaddr *)&a4, sizeof(a4));
	} else {
		rc = sendto(fd, buf, size % sizeof(buf), MSG_DONTWAIT, (struct sockaddr *)&a6, sizeof(a6));
	}
	close(fd);
	return rc < 0 ? -1 : 0;
}

/* ---- configfs ---------------------------------------------------------- */

static const char *const tattrs[] = {
	"enabled", "extended", "release", "dev_name", "local_port", "remote_port",
	"local_ip", "remote_ip", "remote_mac", "local_mac", "transmit_errors", "stats",
	"userdata/cpu_nr_enabled", "userdata/taskname_enabled",
	"userdata/release_enabled", "userdata/msgid_enabled",
};

static const char *const values[] = {
	"0", "1", "2", "-1", "yes", "", "\n", "1\n", "0x1", " 1",
	"sn0", "sn1", "lo", "fz0", "sn2", "sn0\n", "averyveryverylongifname",
	"6666", "0", "65535", "65536", "-5", "abc", "4294967296",
	"10.0.0.1", "10.0.0.2", "10.1.0.2", "255.255.255.255", "0.0.0.0", "10.0.0",
	"10.0.0.1.1", "fd00::1", "fd00::2", "::", "fe80::1", "fd00:::1", "::ffff:10.0.0.2",
	"02:53:4e:00:00:01", "ff:ff:ff:ff:ff:ff", "00:00:00:00:00:00", "02:53:4e:00:00",
	"02:53:4e:00:00:01:02", "zz:zz:zz:zz:zz:zz", "01:00:5e:00:00:01",
};

static const char *pick_target(char *buf, size_t n)
{
	snprintf(buf, n, "%s/fz%u", cfsdir, rn(3));
	return buf;
}

/* writes a random or boundary value; returns the text of the op line */
static void gen_cfs(char *line, size_t n)
{
	char t[128], p[256];
	unsigned char v[600];
	unsigned int len, i;
	char *hx;

	pick_target(t, sizeof(t));
	switch (rn(8)) {
	case 0:
		snprintf(line, n, "mkdir %s", t);
		return;
	case 1:
		snprintf(line, n, "rmdir %s", t);
		return;
	case 2:
		snprintf(line, n, "mkdir %s/userdata/k%u", t, rn(4));
		return;
	case 3:
		snprintf(line, n, "rmdir %s/userdata/k%u", t, rn(4));
		return;
	case 4:
		switch (rn(4)) {
		case 0: {
			static const char *const prm[] = {
				"mode", "use_napi", "pool_size", "lockup", "timeout",
				"napi_weight", "netconsole_configfs", "oops_only",
			};

			snprintf(line, n, "read /sys/module/snull/parameters/%s", prm[rn(8)]);
			return;
		}
		case 1:
			snprintf(line, n, "read %s/userdata/k%u/value", t, rn(4));
			return;
		}
		snprintf(line, n, "read %s/%s", t, tattrs[rn(sizeof(tattrs) / sizeof(tattrs[0]))]);
		return;
	}
	if (rn(20) == 0)
		snprintf(p, sizeof(p), "/sys/module/snull/parameters/oops_only");
	else if (rn(4) == 0)
		snprintf(p, sizeof(p), "%s/userdata/k%u/value", t, rn(4));
	else
		snprintf(p, sizeof(p), "%s/%s", t, tattrs[rn(sizeof(tattrs) / sizeof(tattrs[0]))]);
	if (rn(3)) {
		const char *s = values[rn(sizeof(values) / sizeof(values[0]))];

		len = strlen(s);
		memcpy(v, s, len);
	} else {
		len = rn(rn(2) ? 8 : 600);
		for (i = 0; i < len; i++)
			v[i] = rn(2) ? 'a' + rn(26) : rnd();
	}
	hx = g_tohex(v, len);
	snprintf(line, n, "write %s %s", p, hx);
	free(hx);
}

/* ---- operations -------------------------------------------------------- */

static const char *rand_name(char *buf)
{
	static const char *const names[] = {
		"fz0", "fz1", "fz2", "fz%d", "sn%d", "-", "", "x", "averyveryverylongname",
		"a/b", "a b", ".", "..", "sn0", "sn1", "lo",
	};

	snprintf(buf, 32, "%s", names[rn(sizeof(names) / sizeof(names[0]))]);
	return buf;
}

static const char *rand_mac(char *buf)
{
	static const char *const macs[] = {
		"-", "02534e0000aa", "ffffffffffff", "000000000000", "01005e000001",
		"02534e00", "02534e0000aabbcc",
	};
	unsigned int i;

	if (rn(3)) {
		snprintf(buf, 40, "%s", macs[rn(sizeof(macs) / sizeof(macs[0]))]);
	} else {
		for (i = 0; i < 6; i++)
			sprintf(buf + 2 * i, "%02x", (unsigned int)(rnd() & 0xff));
	}
	return buf;
}

static unsigned int rand_mtu(void)
{
	static const unsigned int m[] = { 0, 1, 67, 68, 576, 1280, 1500, 9000, 65535, 65536, 0xffffffff };

	return rn(3) ? m[rn(sizeof(m) / sizeof(m[0]))] : rnd() & 0xffff;
}

/* the devices fuzz.sh sets up: kept most of the time, so that the pair
 * carries traffic and the targets log for most of a round */
static int kept(const char *dev)
{
	return !strcmp(dev, "sn0") || !strcmp(dev, "sn1") || !strcmp(dev, "fzc") ||
	       !strcmp(dev, "fzcb");
}

static void text_hex(char *out, size_t n, const char *txt)
{
	char *hx = g_tohex((const unsigned char *)txt, strlen(txt));

	snprintf(out, n, "%s", hx);
	free(hx);
}

/* a whole valid target, written line by line and enabled: the paths
 * behind a successful enable (and its frames) are reached far more often
 * than by single random writes */
static void gen_target(char *line, size_t n)
{
	static const char *const dev[] = { "sn0", "sn0", "sn0", "sn1", "fzc", "fz0" };
	char t[128], v[4][80];
	int v6 = rn(3) == 0;

	pick_target(t, sizeof(t));
	text_hex(v[0], sizeof(v[0]), dev[rn(6)]);
	text_hex(v[1], sizeof(v[1]), v6 ? "fd00::1" : "10.0.0.1");
	text_hex(v[2], sizeof(v[2]), v6 ? "fd00::2" : rn(4) ? "10.0.0.2" : "10.1.0.2");
	text_hex(v[3], sizeof(v[3]), rn(2) ? "1" : "0");
	snprintf(line, n,
		 "mkdir %s\nwrite %s/enabled 30\nwrite %s/dev_name %s\nwrite %s/local_ip %s\n"
		 "write %s/remote_ip %s\nwrite %s/extended %s\nmkdir %s/userdata/k%u\n"
		 "write %s/userdata/k0/value 7a7a\nwrite %s/enabled 31",
		 t, t, t, v[0], t, v[1], t, v[2], t, v[3], t, rn(4), t, t);
}

static void gen_op(char *line, size_t n)
{
	char dev[IFNAMSIZ + 1] = "", a[64], b[64];
	unsigned int r = rn(100), s, k;

	if (r < 45) {
		struct frame fr;
		char *hx;

		/* half of them into sn1 (namespace b), towards sn0 and the
		 * client's ARP and NDP handlers */
		s = 1;
		if (!rn(2) && ifindex_in(1, "sn1")) {
			snprintf(dev, sizeof(dev), "sn1");
		} else {
			s = pick_ns();
			for (k = 0; k < MAXNS && !pick_dev(s, dev); k++)
				s = (s + 1) % MAXNS;
		}
		if (!dev[0]) {
			snprintf(line, n, "nsnew %u", 3 + rn(3));
			return;
		}
		if (nseeds) {
			fr = seeds[rn(nseeds)];
			if (rn(3))
				fr.len = mutate(fr.b, fr.len);
		} else {
			fr.len = 14;
			memset(fr.b, 0xff, 14);
		}
		hx = g_tohex(fr.b, fr.len);
		snprintf(line, n, "frame %u %s %s", s, dev, hx);
		free(hx);
	} else if (r < 62) {
		gen_cfs(line, n);
	} else if (r < 67) {
		gen_target(line, n);
	} else if (r < 70) {
		static const unsigned int c[] = {
			ETHTOOL_GDRVINFO, ETHTOOL_GSTRINGS, ETHTOOL_GSTATS, ETHTOOL_GRINGPARAM,
			ETHTOOL_GLINK, ETHTOOL_GET_TS_INFO, ETHTOOL_GSET, ETHTOOL_GLINKSETTINGS,
			ETHTOOL_GSSET_INFO,
		};

		s = pick_ns();
		if (!pick_dev(s, dev))
			snprintf(dev, sizeof(dev), "sn0");
		snprintf(line, n, "ethtool %u %s %u", s, dev, c[rn(9)]);
	} else if (r < 75) {
		static const char *const d[] = {
			"10.0.0.2", "10.0.0.1", "10.0.1.2", "10.1.0.2", "10.0.0.255", "255.255.255.255",
			"224.0.0.1", "fd00::2", "fd00::1", "ff02::1%sn0", "ff02::1%sn1", "fe80::1%sn0",
		};

		snprintf(line, n, "udp %u %s %u", rn(3), d[rn(12)], rn(4) ? rn(1500) : rn(9000));
	} else if (r < 83) {
		s = pick_ns();
		snprintf(line, n, "newlink %u %s %u %s %d", s, rand_name(a), rand_mtu(), rand_mac(b),
			 rn(3) ? -1 : (int)rn(MAXNS));
	} else if (r < 86) {
		s = pick_ns();
		if (!pick_dev(s, dev) || (kept(dev) && rn(10)))
			snprintf(dev, sizeof(dev), "fz%u", rn(3));
		snprintf(line, n, "dellink %u %s", s, dev);
	} else if (r < 98) {
		static const char *const w[] = { "up", "down", "mtu", "addr", "name", "netns", "up", "up" };
		const char *what = w[rn(8)];

		s = pick_ns();
		if (!pick_dev(s, dev))
			snprintf(dev, sizeof(dev), "sn0");
		/* the kept devices leave (name, namespace) only now and then */
		if (kept(dev) && (!strcmp(what, "name") || !strcmp(what, "netns")) && rn(10))
			what = "mtu";
		if (!strcmp(what, "mtu"))
			snprintf(a, sizeof(a), "%u", rand_mtu());
		else if (!strcmp(what, "addr"))
			rand_mac(a);
		else if (!strcmp(what, "name"))
			rand_name(a);
		else if (!strcmp(what, "netns"))
			snprintf(a, sizeof(a), "%u", rn(MAXNS));
		else
			snprintf(a, sizeof(a), "-");
		if (!a[0])
			snprintf(a, sizeof(a), "-");
		snprintf(line, n, "setlink %u %s %s %s", s, dev, what, a);
	} else if (r < 99) {
		snprintf(line, n, "nsnew %u", 3 + rn(3));
	} else {
		snprintf(line, n, "nsdel %u", 3 + rn(3));
	}
}

/* runs one op line; returns its type, *okp whether it succeeded */
static int exec_op(char *line, int *okp, int *fresh)
{
	static unsigned char buf[MAXFRAME];
	static char rbuf[8192];
	char *save, *w = strtok_r(line, " \n", &save);
	char *a1 = strtok_r(NULL, " \n", &save);
	char *a2 = strtok_r(NULL, " \n", &save);
	char *a3 = strtok_r(NULL, " \n", &save);
	char *a4 = strtok_r(NULL, " \n", &save);
	char *a5 = strtok_r(NULL, " \n", &save);
	int op, rc = -1;
	unsigned int len = 0;

	*fresh = 0;
	if (!w)
		return -1;
	for (op = 0; op < OP_COUNT; op++)
		if (!strcmp(w, op_names[op]))
			break;
	if (op == OP_COUNT || !a1)
		return -1;
	cover_begin();
	switch (op) {
	case OP_FRAME:
		if (!a2 || !a3)
			return -1;
		len = g_unhex(a3, buf, MAXFRAME);
		rc = do_frame(atoi(a1), a2, buf, len);
		break;
	case OP_MKDIR:
		rc = mkdir(a1, 0755);
		break;
	case OP_RMDIR:
		rc = rmdir(a1);
		break;
	case OP_WRITE:
		len = a2 && strcmp(a2, "-") ? g_unhex(a2, buf, MAXFRAME) : 0;
		rc = g_write(a1, buf, len);
		break;
	case OP_READ:
		rc = g_read(a1, rbuf, sizeof(rbuf)) < 0 ? -1 : 0;
		break;
	case OP_NEWLINK:
		if (!a2 || !a3 || !a4 || !a5)
			return -1;
		rc = do_newlink(atoi(a1), a2, strtoul(a3, NULL, 0), a4, atoi(a5));
		break;
	case OP_DELLINK:
		if (!a2)
			return -1;
		rc = do_dellink(atoi(a1), a2);
		break;
	case OP_SETLINK:
		if (!a2 || !a3 || !a4)
			return -1;
		rc = do_setlink(atoi(a1), a2, a3, strcmp(a4, "-") ? a4 : "");
		break;
	case OP_NSNEW:
		rc = do_nsnew(atoi(a1));
		break;
	case OP_NSDEL:
		if (atoi(a1) >= 3 && atoi(a1) < MAXNS)
			ns_forget(atoi(a1));
		rc = 0;
		break;
	case OP_ETHTOOL:
		if (!a2 || !a3)
			return -1;
		rc = do_ethtool(atoi(a1), a2, strtoul(a3, NULL, 0));
		break;
	case OP_UDP:
		if (!a2 || !a3)
			return -1;
		rc = do_udp(atoi(a1), a2, strtoul(a3, NULL, 0));
		break;
	}
	*fresh = cover_end();
	if (op == OP_FRAME && *fresh && len >= 14)
		add_seed(buf, len);
	*okp = rc == 0;
	return op;
}

static void open_home(void)
{
	nsfd[0] = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	ns_open_named(1, "b");
	ns_open_named(2, "c");
}

static void find_cfsdir(void)
{
	snprintf(cfsdir, sizeof(cfsdir), CFS "/snull_netconsole");
	if (access(cfsdir, F_OK))
		snprintf(cfsdir, sizeof(cfsdir), CFS "/netconsole");
}

static void worker(int id, double secs, uint64_t seed, const char *outdir)
{
	char path[256], line[2 * MAXFRAME + 128], copy[sizeof(line)];
	double end = g_now_ms() / 1e3 + secs;
	int ok, fresh, op;

	rng_state = seed * 0x9e3779b97f4a7c15ULL + id + 1;
	snprintf(path, sizeof(path), "%s/replay.%d", outdir, id);
	replay = fopen(path, "a");
	if (!replay)
		exit(2);
	fprintf(replay, "# worker %d seed %llu\n", id, (unsigned long long)seed);
	kcov_setup();
	if (!id)
		snprintf(sh->kcov_why, sizeof(sh->kcov_why), "%s", kcov_why);
	/* SNFUZZ_FAIL=1: this task's allocations fail as fail_* says */
	if (getenv("SNFUZZ_FAIL")) {
		int fd = open("/proc/self/make-it-fail", O_WRONLY);

		if (fd >= 0) {
			if (write(fd, "1", 1) != 1)
				perror("snfuzz: make-it-fail");
			close(fd);
		}
	}
	while (g_now_ms() / 1e3 < end) {
		char *l, *next;

		gen_op(line, sizeof(line));
		/* one generated operation can be several lines */
		for (l = line; l; l = next) {
			next = strchr(l, '\n');
			if (next)
				*next++ = 0;
			fprintf(replay, "%s\n", l);
			fflush(replay);
			strcpy(copy, l);
			errno = 0;
			op = exec_op(copy, &ok, &fresh);
			if (op < 0)
				continue;
			if (!ok)
				fprintf(replay, "# failed: %s\n", strerror(errno));
			__atomic_add_fetch(&sh->ops[op], 1, __ATOMIC_RELAXED);
			if (ok)
				__atomic_add_fetch(&sh->ok[op], 1, __ATOMIC_RELAXED);
			if (op == OP_FRAME && fresh)
				__atomic_add_fetch(&sh->new_cover_frames, 1, __ATOMIC_RELAXED);
		}
	}
	fclose(replay);
	exit(0);
}

static void setup_common(void)
{
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	seeds = calloc(MAXSEEDS, sizeof(*seeds));
	if (sh == MAP_FAILED || !seeds)
		exit(2);
	open_home();
	find_cfsdir();
	builtin_seeds();
	load_seeds("/snull/badinput/frames.txt");
	if (load_sites() == 0)
		qsort(sites, nsites, sizeof(*sites), site_cmp);
	else if (!strcmp(kcov_why, "not tried"))
		snprintf(kcov_why, sizeof(kcov_why), "cannot read the kcov call sites of " KO " and /sys/module/snull/sections");
	sh->nsites = nsites;
}

/* coverage so far: OUTDIR/cover holds the call sites hit, by function */
static void save_cover(const char *outdir)
{
	char path[256];
	unsigned int i, hit = 0, fhit, ftot;
	int fn;
	FILE *f;

	snprintf(path, sizeof(path), "%s/cover", outdir);
	/* merge with what earlier rounds reached: one line per site index */
	f = fopen(path, "r");
	if (f) {
		unsigned int idx;

		while (fscanf(f, "site %u\n", &idx) == 1)
			if (idx < nsites)
				sh->hit[idx] = 1;
		fclose(f);
	}
	f = fopen(path, "w");
	for (i = 0; f && i < nsites; i++)
		if (sh->hit[i]) {
			fprintf(f, "site %u\n", i);
			hit++;
		}
	if (f)
		fclose(f);
	printf("coverage: kcov %s; %u of %u kcov call sites of snull.ko reached (all rounds so far)\n",
	       kcov_why, hit, nsites);
	snprintf(path, sizeof(path), "%s/cover-functions", outdir);
	f = fopen(path, "w");
	for (fn = 0; f && fn < nfn; fn++) {
		fhit = ftot = 0;
		for (i = 0; i < nsites; i++)
			if (sites[i].fn == fn) {
				ftot++;
				fhit += sh->hit[i];
			}
		fprintf(f, "%-40s %4u/%-4u\n", fnames[fn], fhit, ftot);
	}
	if (f)
		fclose(f);
}

static int cmd_run(double secs, uint64_t seed, int workers, const char *outdir)
{
	int i, st, bad = 0;
	pid_t pid;

	setup_common();
	for (i = 0; i < workers; i++) {
		pid = fork();
		if (pid == 0)
			worker(i, secs, seed, outdir);
	}
	while ((pid = wait(&st)) > 0)
		if (!WIFEXITED(st) || WEXITSTATUS(st))
			bad++;
	printf("ops:");
	for (i = 0; i < OP_COUNT; i++)
		printf(" %s %lu/%lu", op_names[i], sh->ok[i], sh->ops[i]);
	printf(" (succeeded/tried)\n");
	printf("frames that reached new snull code: %lu\n", sh->new_cover_frames);
	if (sh->kcov_why[0])
		snprintf(kcov_why, sizeof(kcov_why), "%s", sh->kcov_why);
	save_cover(outdir);
	return bad ? 1 : 0;
}

static int cmd_replay(int n, char **files)
{
	char line[2 * MAXFRAME + 128];
	int i, ok, fresh;
	pid_t pid;

	setup_common();
	for (i = 0; i < n; i++) {
		pid = fork();
		if (pid == 0) {
			FILE *f = fopen(files[i], "r");

			if (!f)
				exit(2);
			kcov_setup();
			while (fgets(line, sizeof(line), f))
				if (line[0] != '#') {
					printf("replay %d: %s", i, line);
					fflush(stdout);
					exec_op(line, &ok, &fresh);
				}
			exit(0);
		}
	}
	while (wait(&i) > 0)
		;
	return 0;
}

static char *pbuf;
static size_t plen;

static void pf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	plen += vsnprintf(pbuf + plen, 1024 - plen, fmt, ap);
	va_end(ap);
}

/* a module argument line: each parameter absent, valid, at or past a bound */
static void gen_params(uint64_t seed)
{
	static const char *const badmode[] = { "foo", "", "PAIR", "pair ", "snullpair" };
	static const char *const nc[] = {
		"netconsole=@10.0.0.1/sn0,6666@10.0.0.2/",
		"netconsole=+@/sn0,@10.0.0.2/",
		"netconsole=6665@10.0.0.1/sn0,6666@10.0.0.2/02:53:4e:00:00:01",
		"netconsole=@fd00::1/sn0,@fd00::2/",
		"netconsole=@10.0.0.1/sn0,@10.0.0.2/;@10.0.0.1/sn1,6667@10.0.0.2/",
		"netconsole=bogus",
		"netconsole=@10.0.0.1/,@10.0.0.2/",
		"netconsole=99999@10.0.0.1/sn0,@10.0.0.2/",
		"netconsole=+r@10.0.0.1/sn0,@10.0.0.2/;@fd00::1/sn0,@10.0.0.2/",
	};
	struct { const char *name; unsigned int lo, hi; } u[] = {
		{ "pool_size", 2, 1024 }, { "lockup", 0, 1000000 },
		{ "timeout", 100, 60000 }, { "napi_weight", 1, 64 },
	};
	/* a third of the lines carry one value the module must refuse */
	int bad, i;
	unsigned int v;

	rng_state = seed * 0x9e3779b97f4a7c15ULL + 7;
	bad = rn(3) ? -1 : (int)rn(7);
	if (bad == 0)
		pf(" mode=%s", badmode[rn(5)]);
	else if (rn(3))
		pf(" mode=%s", rn(2) ? "snull" : "pair");
	if (bad == 1)
		pf(" use_napi=%s", rn(2) ? "maybe" : "2");
	else if (rn(2))
		pf(" use_napi=%s", rn(2) ? "1" : "0");
	for (i = 0; i < 4; i++) {
		if (bad == 2 + i) {
			switch (rn(4)) {
			case 0: pf(" %s=%u", u[i].name, u[i].lo ? u[i].lo - 1 : 0xffffffffu); break;
			case 1: pf(" %s=%u", u[i].name, u[i].hi + 1); break;
			case 2: pf(" %s=x", u[i].name); break;
			default: pf(" %s=-1", u[i].name); break;
			}
			continue;
		}
		if (rn(2))
			continue;
		/* a lockup stalls the pair and the watchdog WARNs, by design
		 * (the suite's lockup test): valid lockup is 0 here */
		if (i == 1) {
			pf(" lockup=0");
			continue;
		}
		v = rn(4) == 0 ? (rn(2) ? u[i].lo : u[i].hi) : u[i].lo + rn(u[i].hi - u[i].lo + 1);
		/* a valid timeout under 2 s fires the watchdog on a busy TCG
		 * guest without any lockup: valid ones from 2 s */
		if (i == 2 && v < 2000)
			v = 2000 + rn(58001);
		pf(" %s=%u", u[i].name, v);
	}
	if (rn(2))
		pf(" netconsole_configfs=%u", rn(2));
	if (rn(2))
		pf(" %s", nc[rn(sizeof(nc) / sizeof(nc[0]))]);
	if (rn(4) == 0)
		pf(" oops_only=1");
}

static int cmd_params(uint64_t seed)
{
	char b[1024];

	pbuf = b;
	gen_params(seed);
	printf("%s\n", b);
	return 0;
}

/*
 * Load snull.ko with random arguments (gen_params), kcov on: the
 * parameter callbacks run in this task.  Prints the arguments and the
 * outcome; exits 0 when the module is loaded, 1 when it was refused.
 */
static int cmd_load(uint64_t seed, const char *outdir)
{
	static unsigned long pcs[65536];
	char b[1024];
	unsigned long n = 0, i;
	int fd, rc, err;

	pbuf = b;
	gen_params(seed);
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	fd = open(KO, O_RDONLY | O_CLOEXEC);
	if (sh == MAP_FAILED || fd < 0)
		return 2;
	kcov_setup();
	cover_begin();
	rc = syscall(SYS_finit_module, fd, b[0] == ' ' ? b + 1 : b, 0);
	err = errno;
	if (kcov_on) {
		n = __atomic_load_n(&kcov_area[0], __ATOMIC_RELAXED);
		if (n > 65536)
			n = 65536;
		memcpy(pcs, kcov_area + 1, n * sizeof(*pcs));
	}
	close(fd);
	if (rc) {
		printf("refused:%s: %s\n", b, strerror(err));
		return 1;
	}
	printf("loaded:%s\n", b);
	if (load_sites() == 0) {
		qsort(sites, nsites, sizeof(*sites), site_cmp);
		sh->nsites = nsites;
		for (i = 0; i < n; i++) {
			struct site key = { .addr = pcs[i] }, *st;

			st = bsearch(&key, sites, nsites, sizeof(*sites), site_cmp);
			if (st)
				sh->hit[st - sites] = 1;
		}
		save_cover(outdir);
	}
	return 0;
}

/*
 * rmmod with kcov on: the exit path runs in this task.  The call sites are
 * read before the module's sections go.  Exits 0 when unloaded.
 */
static int cmd_unload(const char *outdir)
{
	unsigned long n, i;
	int rc, err;

	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return 2;
	if (load_sites() == 0)
		qsort(sites, nsites, sizeof(*sites), site_cmp);
	sh->nsites = nsites;
	kcov_setup();
	cover_begin();
	rc = syscall(SYS_delete_module, "snull", O_NONBLOCK);
	err = errno;
	if (kcov_on) {
		n = __atomic_load_n(&kcov_area[0], __ATOMIC_RELAXED);
		if (n >= COVER_WORDS)
			n = COVER_WORDS - 1;
		for (i = 0; i < n; i++) {
			struct site key = { .addr = kcov_area[i + 1] }, *st;

			st = bsearch(&key, sites, nsites, sizeof(*sites), site_cmp);
			if (st)
				sh->hit[st - sites] = 1;
		}
	}
	if (rc) {
		printf("rmmod snull: %s\n", strerror(err));
		return 1;
	}
	if (nsites)
		save_cover(outdir);
	return 0;
}

static int cmd_inject(int s, const char *dev, unsigned int count, uint64_t seed, unsigned int gap_us)
{
	unsigned int i, sent = 0, refused = 0;
	struct frame fr;

	rng_state = seed * 0x9e3779b97f4a7c15ULL + 3;
	if (!sh)
		setup_common();
	for (i = 0; i < count; i++) {
		fr = seeds[rn(nseeds)];
		if (rn(4))
			fr.len = mutate(fr.b, fr.len);
		if (do_frame(s, dev, fr.b, fr.len) == 0)
			sent++;
		else
			refused++;
		if (gap_us)
			usleep(gap_us);
	}
	printf("%u %u\n", sent, refused);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	if (argc == 6 && !strcmp(argv[1], "run"))
		return cmd_run(atof(argv[2]), strtoull(argv[3], NULL, 0), atoi(argv[4]), argv[5]);
	if (argc >= 3 && !strcmp(argv[1], "replay"))
		return cmd_replay(argc - 2, argv + 2);
	if (argc == 3 && !strcmp(argv[1], "unload"))
		return cmd_unload(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "load"))
		return cmd_load(strtoull(argv[2], NULL, 0), argv[3]);
	if (argc == 3 && !strcmp(argv[1], "params"))
		return cmd_params(strtoull(argv[2], NULL, 0));
	if ((argc == 6 || argc == 7) && !strcmp(argv[1], "inject")) {
		int s = 0;

		/* a namespace of ip netns, or "-" for this one */
		if (strcmp(argv[2], "-")) {
			setup_common();
			ns_open_named(3, argv[2]);
			s = 3;
		}
		return cmd_inject(s, argv[3], atoi(argv[4]), strtoull(argv[5], NULL, 0),
				  argc == 7 ? atoi(argv[6]) : 0);
	}
	if (argc == 3 && !strcmp(argv[1], "cover")) {
		setup_common();
		save_cover(argv[2]);
		return 0;
	}
	fprintf(stderr, "usage: snfuzz run SECONDS SEED WORKERS OUTDIR | replay FILE... | params SEED |\n"
		"       inject NS DEV COUNT SEED | cover OUTDIR\n");
	return 2;
}
