// SPDX-License-Identifier: GPL-2.0
/*
 * sntool_cmp.c -- comparisons of what two netconsole clients sent, read
 * from the files of `listen PORT IDLE hex` (one "DGRAM LEN HEX" line a
 * datagram) and of `capture` (one FRAME or FRAME6 line a UDP frame):
 *
 * dgcmp: the datagrams of the same records, byte for byte; a record is
 *   found by a text its first datagram holds; -f takes the fragments of
 *   its message too (every datagram with the first one's header, the
 *   bytes before ",ncfrag="); -m compares msgid's value as a sequence
 *   (its digits are left out of the bytes, and the steps between the
 *   records must be alike on both sides); -1 compares only the first
 *   record both sides hold; -n MIN wants at least MIN datagrams a record.
 * framecmp: the headers of the first frame carrying one of the texts to
 *   each of two ports, field by field, all but the ports and the IPv4 id
 *   (a per-sender counter); the payloads too, and both frames'
 *   checksums must verify.
 */
#include "sntool.h"

struct cmp_dgram {
	size_t len;
	uint8_t *b;
};

struct cmp_file {
	const char *path;
	struct cmp_dgram *d;
	size_t n;
};

/* a netconsole message is at most 64 kB, 1000 bytes a fragment */
#define CMP_MAX_DGRAMS 128

/* a record as one side sent it: its datagrams, msgid digits as "XX" */
struct cmp_msg {
	size_t first, n;
	struct cmp_dgram d[CMP_MAX_DGRAMS];
	long msgid;
};

static const char cmp_frag[] = ",ncfrag=";
static const char cmp_msgid[] = "msgid=";

static void cmp_free(struct cmp_file *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		free(f->d[i].b);
	free(f->d);
	f->d = NULL;
	f->n = 0;
}

/* the DGRAM lines of a listener's file; -1 when it cannot be read */
static int cmp_load(struct cmp_file *f, const char *path)
{
	char *line = NULL, *hex;
	size_t cap = 0, room = 0;
	ssize_t got;
	FILE *in;

	f->path = path;
	f->d = NULL;
	f->n = 0;
	in = fopen(path, "r");
	if (!in) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((got = getline(&line, &cap, in)) > 0) {
		struct cmp_dgram *d;

		if (strncmp(line, "DGRAM ", 6))
			continue;
		hex = strchr(line + 6, ' ');
		if (!hex)
			continue;
		hex++;
		if (f->n == room) {
			room = room ? 2 * room : 64;
			d = realloc(f->d, room * sizeof(*d));
			if (!d)
				break;
			f->d = d;
		}
		d = &f->d[f->n];
		d->b = malloc(strlen(hex) / 2 + 1);
		if (!d->b)
			break;
		d->len = g_unhex(hex, d->b, strlen(hex) / 2);
		f->n++;
	}
	free(line);
	fclose(in);
	return 0;
}

/*
 * A copy of D with each msgid's digits replaced by "XX"; the value of
 * the last one into *MSGID.
 */
static int cmp_norm(const struct cmp_dgram *d, struct cmp_dgram *out,
		    long *msgid)
{
	size_t i = 0, o = 0, k = sizeof(cmp_msgid) - 1;

	out->b = malloc(d->len + 2);
	if (!out->b)
		return -1;
	while (i < d->len) {
		if (d->len - i > k && !memcmp(d->b + i, cmp_msgid, k)) {
			size_t j = i + k;
			long v = 0;

			while (j < d->len && d->b[j] >= '0' && d->b[j] <= '9')
				v = v * 10 + d->b[j++] - '0';
			if (j > i + k) {
				memcpy(out->b + o, cmp_msgid, k);
				o += k;
				out->b[o++] = 'X';
				out->b[o++] = 'X';
				*msgid = v;
				i = j;
				continue;
			}
		}
		out->b[o++] = d->b[i++];
	}
	out->len = o;
	return 0;
}

/*
 * The record of F whose first datagram holds TEXT: 1 found, 0 not,
 * -1 out of memory.  FRAGS: with the rest of its message.
 */
static int cmp_find(const struct cmp_file *f, const char *text, int frags,
		    int norm, struct cmp_msg *m)
{
	size_t i, j, hlen = 0, tlen = strlen(text);
	const uint8_t *hdr = NULL;

	m->n = 0;
	m->msgid = -1;
	for (i = 0; i < f->n; i++)
		if (memmem(f->d[i].b, f->d[i].len, text, tlen))
			break;
	if (i == f->n)
		return 0;
	m->first = i;
	if (frags) {
		const uint8_t *p = memmem(f->d[i].b, f->d[i].len, cmp_frag,
					  sizeof(cmp_frag) - 1);

		if (p) {
			hdr = f->d[i].b;
			hlen = p - hdr;
		}
	}
	for (j = i; j < f->n && m->n < CMP_MAX_DGRAMS; j++) {
		const struct cmp_dgram *d = &f->d[j];

		if (j > i && (!hdr || d->len <= hlen || memcmp(d->b, hdr, hlen)))
			continue;
		if (norm) {
			if (cmp_norm(d, &m->d[m->n], &m->msgid))
				return -1;
		} else {
			m->d[m->n].len = d->len;
			m->d[m->n].b = malloc(d->len + 1);
			if (!m->d[m->n].b)
				return -1;
			memcpy(m->d[m->n].b, d->b, d->len);
		}
		m->n++;
		if (!hdr)
			break;
	}
	return 1;
}

static void cmp_msg_free(struct cmp_msg *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->d[i].b);
	m->n = 0;
}

/* up to MAX bytes of B from OFF, non-printing ones as \xNN */
static void cmp_show(const char *tag, const uint8_t *b, size_t len,
		     size_t off, size_t max)
{
	size_t i;

	printf("  %s @%zu: ", tag, off);
	for (i = off; i < len && i < off + max; i++) {
		if (b[i] >= 0x20 && b[i] < 0x7f && b[i] != '\\')
			putchar(b[i]);
		else
			printf("\\x%02x", b[i]);
	}
	printf("%s\n", i < len ? "..." : "");
}

static size_t cmp_bytes(const struct cmp_msg *m)
{
	size_t i, t = 0;

	for (i = 0; i < m->n; i++)
		t += m->d[i].len;
	return t;
}

/* A's record against B's: 0 the same, 1 not (the first difference shown) */
static int cmp_msgs(const struct cmp_msg *a, const struct cmp_msg *b)
{
	size_t i, k;

	if (a->n != b->n) {
		printf("  differ: %zu datagrams against %zu\n", a->n, b->n);
		return 1;
	}
	for (i = 0; i < a->n; i++) {
		const struct cmp_dgram *x = &a->d[i], *y = &b->d[i];

		for (k = 0; k < x->len && k < y->len && x->b[k] == y->b[k]; k++)
			;
		if (k == x->len && k == y->len)
			continue;
		printf("  differ: datagram %zu (%zu and %zu bytes) at byte %zu\n",
		       i + 1, x->len, y->len, k);
		k = k > 24 ? k - 24 : 0;
		cmp_show("a", x->b, x->len, k, 64);
		cmp_show("b", y->b, y->len, k, 64);
		return 1;
	}
	return 0;
}

static void cmp_note(const char *side, const struct cmp_msg *m, int found)
{
	if (!found) {
		printf(" %s: missing;", side);
		return;
	}
	printf(" %s: %zu datagram%s %zu B", side, m->n, m->n == 1 ? "" : "s",
	       cmp_bytes(m));
	if (m->msgid >= 0)
		printf(" msgid %ld", m->msgid);
	printf(";");
}

/* dgcmp [-f] [-m] [-1] [-n MIN] FILE_A FILE_B TEXT...: 0 alike, 1 not */
int cmd_dgcmp(int argc, char **argv)
{
	int frags = 0, norm = 0, first = 0, opt, bad = 0, compared = 0;
	long min = 1, prev[2] = { -1, -1 }, steps = 0;
	struct cmp_file fa, fb;
	struct cmp_msg *ma, *mb;
	int i;

	optind = 1;
	while ((opt = getopt(argc, argv, "fm1n:")) != -1) {
		switch (opt) {
		case 'f': frags = 1; break;
		case 'm': norm = 1; break;
		case '1': first = 1; break;
		case 'n': min = atol(optarg); break;
		default: return 2;
		}
	}
	if (argc - optind < 3)
		return 2;
	ma = calloc(1, sizeof(*ma));
	mb = calloc(1, sizeof(*mb));
	bad = 2;
	if (!ma || !mb || cmp_load(&fa, argv[optind]))
		goto out;
	if (cmp_load(&fb, argv[optind + 1]))
		goto out_a;
	bad = 0;
	printf("dgcmp: a = %s (%zu datagrams), b = %s (%zu)\n", fa.path, fa.n,
	       fb.path, fb.n);
	for (i = optind + 2; i < argc; i++) {
		int x = cmp_find(&fa, argv[i], frags, norm, ma);
		int y = cmp_find(&fb, argv[i], frags, norm, mb);

		if (x < 0 || y < 0) {
			fprintf(stderr, "dgcmp: out of memory\n");
			bad = 2;
			break;
		}
		printf("'%s':", argv[i]);
		cmp_note("a", ma, x);
		cmp_note("b", mb, y);
		printf("\n");
		if (!x || !y) {
			if (!first)
				bad = 1;
		} else if (!first || !compared) {
			compared++;
			cmp_show("a", ma->d[0].b, ma->d[0].len, 0, 96);
			if (ma->n < (size_t)min || mb->n < (size_t)min) {
				printf("  fewer than %ld datagrams\n", min);
				bad = 1;
			}
			if (cmp_msgs(ma, mb))
				bad = 1;
			if (norm && !first) {
				if (ma->msgid < 0 || mb->msgid < 0) {
					printf("  no msgid\n");
					bad = 1;
				} else if (prev[0] >= 0 &&
					   ma->msgid - prev[0] != mb->msgid - prev[1]) {
					printf("  msgid steps differ: %ld against %ld\n",
					       ma->msgid - prev[0], mb->msgid - prev[1]);
					bad = 1;
				} else if (prev[0] >= 0) {
					steps++;
				}
				prev[0] = ma->msgid;
				prev[1] = mb->msgid;
			}
		}
		cmp_msg_free(ma);
		cmp_msg_free(mb);
	}
	if (!compared && !bad) {
		printf("dgcmp: no record both sides hold\n");
		bad = 1;
	}
	if (!bad)
		printf("dgcmp: %d record%s alike%s\n", compared,
		       compared == 1 ? "" : "s",
		       steps ? ", msgid steps alike" : "");
	cmp_free(&fb);
out_a:
	cmp_free(&fa);
out:
	free(ma);
	free(mb);
	return bad;
}

/* ---- framecmp: the capture's header lines ---- */

#define CMP_FIELDS 20

/* The FRAME (IPv4) and FRAME6 lines' fields, counted from 0 (the tag). */
static const struct cmp_kind {
	const char *tag;
	int nf, sport, dport, id, ok, payload;
} cmp_kinds[] = {
	{ "FRAME", 18, 13, 14, 7, 16, 17 },
	{ "FRAME6", 15, 10, 11, -1, 13, 14 },
};

struct cmp_frame {
	const struct cmp_kind *k;
	char *line;
	char *f[CMP_FIELDS];
	int nf;
};

static const struct cmp_kind *cmp_split(char *line, struct cmp_frame *fr)
{
	char *save = NULL, *t;
	unsigned int k;

	fr->nf = 0;
	for (t = strtok_r(line, " \n", &save); t && fr->nf < CMP_FIELDS;
	     t = strtok_r(NULL, " \n", &save))
		fr->f[fr->nf++] = t;
	for (k = 0; k < sizeof(cmp_kinds) / sizeof(cmp_kinds[0]); k++)
		if (fr->nf == cmp_kinds[k].nf && !strcmp(fr->f[0], cmp_kinds[k].tag))
			return &cmp_kinds[k];
	return NULL;
}

/* the first frame to PORT whose payload holds TEXT (hex), into FR */
static int cmp_frame_find(char **lines, size_t n, const char *port,
			  const char *hex, struct cmp_frame *fr)
{
	const struct cmp_kind *k;
	size_t i;

	for (i = 0; i < n; i++) {
		free(fr->line);
		fr->line = strdup(lines[i]);
		if (!fr->line)
			return -1;
		k = cmp_split(fr->line, fr);
		fr->k = k;
		if (k && !strcmp(fr->f[k->dport], port) &&
		    strstr(fr->f[k->payload], hex))
			return 1;
	}
	return 0;
}

static void cmp_frame_show(const char *tag, const struct cmp_frame *fr)
{
	int i;

	printf("  %s:", tag);
	for (i = 1; i < fr->nf - 1; i++)
		printf(" %s", fr->f[i]);
	printf("\n");
}

/* framecmp CAPTURE PORT_A PORT_B TEXT...: 0 alike, 1 not */
int cmd_framecmp(int argc, char **argv)
{
	struct cmp_frame a = { NULL }, b = { NULL };
	char *line = NULL, **lines = NULL, *end = NULL;
	size_t cap = 0, n = 0, room = 0;
	int i, x = 0, y = 0, bad = 1;
	const struct cmp_kind *k;
	FILE *in;

	if (argc < 5)
		return 2;
	in = fopen(argv[1], "r");
	if (!in) {
		fprintf(stderr, "%s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	while (getline(&line, &cap, in) > 0) {
		if (!strncmp(line, "END ", 4)) {
			free(end);
			end = strdup(line);
			if (end)
				end[strcspn(end, "\n")] = 0;
		}
		if (strncmp(line, "FRAME", 5))
			continue;
		if (n == room) {
			char **l;

			room = room ? 2 * room : 64;
			l = realloc(lines, room * sizeof(*l));
			if (!l)
				break;
			lines = l;
		}
		lines[n] = strdup(line);
		if (!lines[n])
			break;
		n++;
	}
	free(line);
	fclose(in);
	for (i = 4; i < argc; i++) {
		char *hex = g_tohex((const unsigned char *)argv[i],
				    strlen(argv[i]));

		if (!hex)
			break;
		x = cmp_frame_find(lines, n, argv[2], hex, &a);
		y = x > 0 ? cmp_frame_find(lines, n, argv[3], hex, &b) : 0;
		free(hex);
		if (x < 0 || y < 0)
			break;
		if (x > 0 && y > 0)
			break;
	}
	if (x > 0 && y > 0) {
		int f, diff = 0;

		k = a.k;
		if (k != b.k) {
			printf("framecmp: an IPv4 frame against an IPv6 one\n");
			goto out;
		}
		printf("framecmp: '%s', the first text both ports' frames carry\n",
		       argv[i]);
		cmp_frame_show("a", &a);
		cmp_frame_show("b", &b);
		for (f = 1; f < k->nf; f++) {
			if (f == k->sport || f == k->dport || f == k->id)
				continue;
			if (strcmp(a.f[f], b.f[f])) {
				printf("  field %d differs: %.40s against %.40s\n",
				       f, a.f[f], b.f[f]);
				diff = 1;
			}
		}
		if (strcmp(a.f[k->ok], "1") || strcmp(b.f[k->ok], "1")) {
			printf("  checksums do not verify (a %s, b %s)\n",
			       a.f[k->ok], b.f[k->ok]);
			diff = 1;
		}
		if (!diff)
			printf("framecmp: alike but for the ports%s, checksums valid\n",
			       k->id >= 0 ? " and the IP id" : "");
		bad = diff;
	} else {
		printf("framecmp: no text in frames to both ports %s and %s (%zu frames; %s)\n",
		       argv[2], argv[3], n, end ? end : "no END line");
	}
out:
	free(a.line);
	free(b.line);
	free(end);
	while (n)
		free(lines[--n]);
	free(lines);
	return bad;
}
