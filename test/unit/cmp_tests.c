// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the guests' frame comparisons (test/guest/sntool_cmp.c):
 * the VM tests that compare our client's datagrams and frames with the
 * in-tree client's rest on them, so they must see a difference of one
 * byte, a missing fragment, a msgid step, a header field.
 */
#include <stdarg.h>
#include "sntool.h"
#include "unit.h"

static const char *cmp_dir;

/* FILE in the scratch directory holding TEXT; its path */
static const char *cmp_file(const char *name, const char *text)
{
	static char path[8][256];
	static int next;
	char *p = path[next++ % 8];

	FILE *f;

	snprintf(p, sizeof(path[0]), "%s/%s", cmp_dir, name);
	f = fopen(p, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	return p;
}

/* "DGRAM LEN HEX" of TEXT, as `sntool listen PORT IDLE hex` prints it */
static void cmp_dgram(char *out, size_t size, const char *text)
{
	char *hex = g_tohex((const unsigned char *)text, strlen(text));
	size_t o = strlen(out);

	snprintf(out + o, size - o, "DGRAM %zu %s\n", strlen(text), hex);
	free(hex);
}

/* the command with ARGS (NULL-terminated), its output kept out of the report */
static int cmp_run(int (*fn)(int, char **), ...)
{
	char *argv[16];
	int argc = 0, saved, null, rc;
	va_list ap;

	va_start(ap, fn);
	argv[argc++] = "cmp";
	while (argc < 15 && (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	argv[argc] = NULL;
	fflush(stdout);
	saved = dup(1);
	null = open("/dev/null", O_WRONLY);
	dup2(null, 1);
	rc = fn(argc, argv);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	close(null);
	return rc;
}

#define DG(...) cmp_run(cmd_dgcmp, __VA_ARGS__, NULL)
#define FC(...) cmp_run(cmd_framecmp, __VA_ARGS__, NULL)

static void dgcmp_tests(void)
{
	char a[4096] = "ready\n", b[4096] = "ready\n", c[4096] = "", d[4096] = "";
	const char *fa, *fb, *fc, *fd;

	cmp_dgram(a, sizeof(a), "noise before\n");
	cmp_dgram(a, sizeof(a), "6,10,100,-;rec-1 one\n");
	cmp_dgram(a, sizeof(a), "6,11,101,-;rec-2 two\n msgid=5\n");
	cmp_dgram(a, sizeof(a), "6,12,102,-;rec-3 three\n msgid=6\n");
	cmp_dgram(b, sizeof(b), "6,10,100,-;rec-1 one\n");
	cmp_dgram(b, sizeof(b), "6,11,101,-;rec-2 two\n msgid=1005\n");
	cmp_dgram(b, sizeof(b), "6,12,102,-;rec-3 three\n msgid=1006\n");
	fa = cmp_file("a", a);
	fb = cmp_file("b", b);
	CHECK("dgcmp/same_record", DG(fa, fb, "rec-1 ") == 0, "alike reported unlike");
	CHECK("dgcmp/msgid_differs_raw", DG(fa, fb, "rec-2 ") == 1,
	      "msgid 5 and 1005 compared alike without -m");
	CHECK("dgcmp/msgid_normalised", DG("-m", fa, fb, "rec-2 ", "rec-3 ") == 0,
	      "-m: records differing in msgid's value only reported unlike");
	CHECK("dgcmp/missing_record", DG(fa, fb, "rec-1 ", "rec-9 ") == 1,
	      "a record neither side holds passed");
	CHECK("dgcmp/first_both_hold", DG("-1", fa, fb, "rec-9 ", "rec-1 ") == 0,
	      "-1: the first record both hold not compared");
	CHECK("dgcmp/none_both_hold", DG("-1", fa, fb, "rec-8 ", "rec-9 ") == 1,
	      "-1 with no record on both sides passed");

	/* one byte, and the msgid step between two records */
	cmp_dgram(c, sizeof(c), "6,10,100,-;rec-1 onE\n");
	cmp_dgram(c, sizeof(c), "6,11,101,-;rec-2 two\n msgid=1005\n");
	cmp_dgram(c, sizeof(c), "6,12,102,-;rec-3 three\n msgid=1007\n");
	fc = cmp_file("c", c);
	CHECK("dgcmp/one_byte", DG(fa, fc, "rec-1 ") == 1, "one byte's difference missed");
	CHECK("dgcmp/msgid_step", DG("-m", fa, fc, "rec-2 ", "rec-3 ") == 1,
	      "msgid steps 1 and 2 reported alike");

	/* fragments: every datagram with the first one's header, others between */
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	cmp_dgram(a, sizeof(a), "6,20,200,-,ncfrag=0/30;frag-msg AAAAAAAAAA\n");
	cmp_dgram(a, sizeof(a), "6,21,201,-;other record\n");
	cmp_dgram(a, sizeof(a), "6,20,200,-,ncfrag=10/30;BBBBBBBBBB\n");
	cmp_dgram(a, sizeof(a), "6,20,200,-,ncfrag=20/30;CCCCCCCCC\n");
	cmp_dgram(b, sizeof(b), "6,20,200,-,ncfrag=0/30;frag-msg AAAAAAAAAA\n");
	cmp_dgram(b, sizeof(b), "6,20,200,-,ncfrag=10/30;BBBBBBBBBB\n");
	cmp_dgram(b, sizeof(b), "6,20,200,-,ncfrag=20/30;CCCCCCCCC\n");
	cmp_dgram(b, sizeof(b), "6,22,202,-;other record\n");
	cmp_dgram(d, sizeof(d), "6,20,200,-,ncfrag=0/30;frag-msg AAAAAAAAAA\n");
	cmp_dgram(d, sizeof(d), "6,20,200,-,ncfrag=10/30;BBBBBBBBBB\n");
	fa = cmp_file("fa", a);
	fb = cmp_file("fb", b);
	fd = cmp_file("fd", d);
	CHECK("dgcmp/fragments", DG("-f", "-n", "3", fa, fb, "frag-msg ") == 0,
	      "the same three fragments, other records between, reported unlike");
	CHECK("dgcmp/fragment_missing", DG("-f", fa, fd, "frag-msg ") == 1,
	      "a missing last fragment passed");
	CHECK("dgcmp/fragments_min", DG("-f", "-n", "4", fa, fb, "frag-msg ") == 1,
	      "three fragments passed -n 4");
	CHECK("dgcmp/no_file", DG(fa, "/nonexistent/x", "frag-msg ") == 2,
	      "a missing file not an error");
}

static void framecmp_tests(void)
{
	/* to 6680 and 6681 from different ports, IP ids apart */
	static const char v4[] =
		"ready\n"
		"FRAME 02:53:4e:00:00:01 02:53:4e:00:00:00 0800 45 0 48 17 0x0000 64 17 10.0.0.1 10.0.0.2 6700 6680 28 1 6d2d3120\n"
		"FRAME 02:53:4e:00:00:01 02:53:4e:00:00:00 0800 45 0 48 930 0x0000 64 17 10.0.0.1 10.0.0.2 6666 6681 28 1 6d2d3120\n"
		"FRAME 02:53:4e:00:00:01 02:53:4e:00:00:00 0800 45 0 48 931 0x0000 255 17 10.0.0.1 10.0.0.2 6666 6682 28 1 6d2d3120\n"
		"FRAME 02:53:4e:00:00:01 02:53:4e:00:00:00 0800 45 0 48 932 0x0000 64 17 10.0.0.1 10.0.0.2 6666 6683 28 0 6d2d3120\n"
		"END seen 4 udp4 4 errors 0 over1514 0 max 62\n";
	static const char v6[] =
		"FRAME6 02:53:4e:00:00:01 02:53:4e:00:00:00 86dd 60000000 28 17 255 fd00::1 fd00::2 6730 6690 28 1 6d2d3120\n"
		"FRAME6 02:53:4e:00:00:01 02:53:4e:00:00:00 86dd 60000000 28 17 255 fd00::1 fd00::2 6666 6691 28 1 6d2d3120\n"
		"FRAME6 02:53:4e:00:00:01 02:53:4e:00:00:00 86dd 60012345 28 17 255 fd00::1 fd00::2 6666 6692 28 1 6d2d3120\n";
	const char *f4 = cmp_file("cap4", v4), *f6 = cmp_file("cap6", v6);

	CHECK("framecmp/alike_but_ports_and_id", FC(f4, "6680", "6681", "m-1 ") == 0,
	      "frames differing in ports and IP id only reported unlike");
	CHECK("framecmp/ttl", FC(f4, "6680", "6682", "m-1 ") == 1, "a TTL of 255 against 64 missed");
	CHECK("framecmp/bad_checksum", FC(f4, "6680", "6683", "m-1 ") == 1,
	      "a frame whose checksums do not verify passed");
	CHECK("framecmp/no_frame", FC(f4, "6680", "6681", "m-2 ") == 1,
	      "no frame with the text passed");
	CHECK("framecmp/ipv6", FC(f6, "6690", "6691", "m-1 ") == 0,
	      "IPv6 frames differing in ports only reported unlike");
	CHECK("framecmp/ipv6_flow_label", FC(f6, "6690", "6692", "m-1 ") == 1,
	      "a flow label's difference missed");
}

void cmp_tests(void)
{
	char dir[] = "/tmp/snull-cmp-XXXXXX";
	char cmd[64];

	cmp_dir = mkdtemp(dir);
	if (!cmp_dir) {
		CHECK("cmp/scratch", 0, "mkdtemp: %s", strerror(errno));
		return;
	}
	dgcmp_tests();
	framecmp_tests();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		printf("(scratch %s left)\n", dir);
}
