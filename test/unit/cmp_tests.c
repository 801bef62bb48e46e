// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the guests' frame comparisons (test/guest/sntool_cmp.c):
 * the VM tests that compare our client's datagrams and frames with the
 * in-tree client's rest on them, so they must see a difference of one
 * byte, a missing fragment, a msgid step, a header field.
 */
#include "sntool.h"
#include "unit.h"

/* the scratch files: listeners' datagrams (one a string) and captures */
static const struct {
	const char *name;
	const char *dgrams[6];
	const char *text;
} cmp_files[] = {
	{ "a", .dgrams = { "noise before\n", "6,10,100,-;rec-1 one\n",
		 "6,11,101,-;rec-2 two\n msgid=5\n",
		 "6,12,102,-;rec-3 three\n msgid=6\n" } },
	{ "b", .dgrams = { "6,10,100,-;rec-1 one\n", "6,11,101,-;rec-2 two\n msgid=1005\n",
		 "6,12,102,-;rec-3 three\n msgid=1006\n" } },
	/* one byte, and the msgid step between two records */
	{ "c", .dgrams = { "6,10,100,-;rec-1 onE\n", "6,11,101,-;rec-2 two\n msgid=1005\n",
		 "6,12,102,-;rec-3 three\n msgid=1007\n" } },
	/* fragments: every datagram with the first one's header, others between */
	{ "fa", .dgrams = { "6,20,200,-,ncfrag=0/30;frag-msg AAAAAAAAAA\n",
		  "6,21,201,-;other record\n",
		  "6,20,200,-,ncfrag=10/30;BBBBBBBBBB\n",
		  "6,20,200,-,ncfrag=20/30;CCCCCCCCC\n" } },
	{ "fb", .dgrams = { "6,20,200,-,ncfrag=0/30;frag-msg AAAAAAAAAA\n",
		  "6,20,200,-,ncfrag=10/30;BBBBBBBBBB\n",
		  "6,20,200,-,ncfrag=20/30;CCCCCCCCC\n",
		  "6,22,202,-;other record\n" } },
	{ "fd", .dgrams = { "6,20,200,-,ncfrag=0/30;frag-msg AAAAAAAAAA\n",
		  "6,20,200,-,ncfrag=10/30;BBBBBBBBBB\n" } },
	/* to 6680 and 6681 from different ports, IP ids apart; a TTL, a checksum */
	{ "cap4", .text = "ready\n"
	  "FRAME 02:53:4e:00:00:01 02:53:4e:00:00:00 0800 45 0 48 17 0x0000 64 17 10.0.0.1 10.0.0.2 6700 6680 28 1 6d2d3120\n"
	  "FRAME 02:53:4e:00:00:01 02:53:4e:00:00:00 0800 45 0 48 930 0x0000 64 17 10.0.0.1 10.0.0.2 6666 6681 28 1 6d2d3120\n"
	  "FRAME 02:53:4e:00:00:01 02:53:4e:00:00:00 0800 45 0 48 931 0x0000 255 17 10.0.0.1 10.0.0.2 6666 6682 28 1 6d2d3120\n"
	  "FRAME 02:53:4e:00:00:01 02:53:4e:00:00:00 0800 45 0 48 932 0x0000 64 17 10.0.0.1 10.0.0.2 6666 6683 28 0 6d2d3120\n"
	  "END seen 4 udp4 4 errors 0 over1514 0 max 62\n" },
	{ "cap6", .text =
	  "FRAME6 02:53:4e:00:00:01 02:53:4e:00:00:00 86dd 60000000 28 17 255 fd00::1 fd00::2 6730 6690 28 1 6d2d3120\n"
	  "FRAME6 02:53:4e:00:00:01 02:53:4e:00:00:00 86dd 60000000 28 17 255 fd00::1 fd00::2 6666 6691 28 1 6d2d3120\n"
	  "FRAME6 02:53:4e:00:00:01 02:53:4e:00:00:00 86dd 60012345 28 17 255 fd00::1 fd00::2 6666 6692 28 1 6d2d3120\n" },
};

/*
 * The cases: the command ("dgcmp" or "framecmp") and its arguments, "@NAME"
 * standing for the scratch file NAME; the exit status wanted.
 */
static const struct {
	const char *name;
	const char *argv[8];
	int rc;
	const char *why;
} cmp_cases[] = {
	{ "dgcmp/same_record", { "dgcmp", "@a", "@b", "rec-1 " }, 0, "alike reported unlike" },
	{ "dgcmp/msgid_differs_raw", { "dgcmp", "@a", "@b", "rec-2 " }, 1,
	  "msgid 5 and 1005 compared alike without -m" },
	{ "dgcmp/msgid_normalised", { "dgcmp", "-m", "@a", "@b", "rec-2 ", "rec-3 " }, 0,
	  "-m: records differing in msgid's value only reported unlike" },
	{ "dgcmp/missing_record", { "dgcmp", "@a", "@b", "rec-1 ", "rec-9 " }, 1,
	  "a record neither side holds passed" },
	{ "dgcmp/first_both_hold", { "dgcmp", "-1", "@a", "@b", "rec-9 ", "rec-1 " }, 0,
	  "-1: the first record both hold not compared" },
	{ "dgcmp/none_both_hold", { "dgcmp", "-1", "@a", "@b", "rec-8 ", "rec-9 " }, 1,
	  "-1 with no record on both sides passed" },
	{ "dgcmp/one_byte", { "dgcmp", "@a", "@c", "rec-1 " }, 1, "one byte's difference missed" },
	{ "dgcmp/msgid_step", { "dgcmp", "-m", "@a", "@c", "rec-2 ", "rec-3 " }, 1,
	  "msgid steps 1 and 2 reported alike" },
	{ "dgcmp/fragments", { "dgcmp", "-f", "-n", "3", "@fa", "@fb", "frag-msg " }, 0,
	  "the same three fragments, other records between, reported unlike" },
	{ "dgcmp/fragment_missing", { "dgcmp", "-f", "@fa", "@fd", "frag-msg " }, 1,
	  "a missing last fragment passed" },
	{ "dgcmp/fragments_min", { "dgcmp", "-f", "-n", "4", "@fa", "@fb", "frag-msg " }, 1,
	  "three fragments passed -n 4" },
	{ "dgcmp/no_file", { "dgcmp", "@fa", "/nonexistent/x", "frag-msg " }, 2,
	  "a missing file not an error" },
	{ "framecmp/alike_but_ports_and_id", { "framecmp", "@cap4", "6680", "6681", "m-1 " }, 0,
	  "frames differing in ports and IP id only reported unlike" },
	{ "framecmp/ttl", { "framecmp", "@cap4", "6680", "6682", "m-1 " }, 1,
	  "a TTL of 255 against 64 missed" },
	{ "framecmp/bad_checksum", { "framecmp", "@cap4", "6680", "6683", "m-1 " }, 1,
	  "a frame whose checksums do not verify passed" },
	{ "framecmp/no_frame", { "framecmp", "@cap4", "6680", "6681", "m-2 " }, 1,
	  "no frame with the text passed" },
	{ "framecmp/ipv6", { "framecmp", "@cap6", "6690", "6691", "m-1 " }, 0,
	  "IPv6 frames differing in ports only reported unlike" },
	{ "framecmp/ipv6_flow_label", { "framecmp", "@cap6", "6690", "6692", "m-1 " }, 1,
	  "a flow label's difference missed" },
};

/* the scratch file NAME: its contents as `sntool listen PORT IDLE hex` or
 * `sntool capture` would have printed them */
static int cmp_write(const char *dir, unsigned int k)
{
	char path[256];
	unsigned int i;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, cmp_files[k].name);
	f = fopen(path, "w");
	if (!f)
		return -1;
	if (cmp_files[k].text)
		fputs(cmp_files[k].text, f);
	for (i = 0; i < 6 && cmp_files[k].dgrams[i]; i++) {
		const char *d = cmp_files[k].dgrams[i];
		char *hex = g_tohex((const unsigned char *)d, strlen(d));

		fprintf(f, "DGRAM %zu %s\n", strlen(d), hex);
		free(hex);
	}
	return fclose(f);
}

/* case K run, its output kept out of the report: its exit status */
static int cmp_run(const char *dir, unsigned int k)
{
	char paths[8][256], *argv[8];
	int argc, saved[2], null, rc, fd;

	for (argc = 0; argc < 8 && cmp_cases[k].argv[argc]; argc++) {
		const char *a = cmp_cases[k].argv[argc];

		if (a[0] == '@') {
			snprintf(paths[argc], sizeof(paths[0]), "%s/%s", dir, a + 1);
			argv[argc] = paths[argc];
		} else {
			argv[argc] = (char *)a;
		}
	}
	fflush(stdout);
	fflush(stderr);
	null = open("/dev/null", O_WRONLY);
	for (fd = 1; fd <= 2; fd++) {
		saved[fd - 1] = dup(fd);
		dup2(null, fd);
	}
	rc = strcmp(argv[0], "dgcmp") ? cmd_framecmp(argc, argv) : cmd_dgcmp(argc, argv);
	fflush(stdout);
	fflush(stderr);
	for (fd = 1; fd <= 2; fd++) {
		dup2(saved[fd - 1], fd);
		close(saved[fd - 1]);
	}
	close(null);
	return rc;
}

void cmp_tests(void)
{
	char dir[] = "/tmp/snull-cmp-XXXXXX", cmd[64];
	unsigned int k;

	if (!mkdtemp(dir)) {
		CHECK("cmp/scratch", 0, "mkdtemp: %s", strerror(errno));
		return;
	}
	for (k = 0; k < sizeof(cmp_files) / sizeof(cmp_files[0]); k++)
		if (cmp_write(dir, k))
			CHECK("cmp/scratch", 0, "%s/%s: %s", dir, cmp_files[k].name, strerror(errno));
	for (k = 0; k < sizeof(cmp_cases) / sizeof(cmp_cases[0]); k++) {
		int rc = cmp_run(dir, k);

		CHECK(cmp_cases[k].name, rc == cmp_cases[k].rc, "%s (status %d)",
		      cmp_cases[k].why, rc);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		printf("(scratch %s left)\n", dir);
}
