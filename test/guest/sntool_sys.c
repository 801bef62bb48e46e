// SPDX-License-Identifier: GPL-2.0
/*
 * sntool_sys.c -- sntool's kernel-facing commands: one operation with its
 * Nth allocation failed (failnth), memory bandwidth (memcpy), and pairs
 * made by an unprivileged user until refused (userns-pairs).
 */
#include "sntool.h"

/* RTM_NEWLINK "NAME type snull": 0 or -errno */
static int nl_linkadd(int s, const char *name)
{
	struct g_nlreq q;

	g_nl_newlink_snull(&q, name);
	return g_nl_talk(s, &q.n, NULL, 0) ? -errno : 0;
}

/*
 * failnth N OP ARGS: make the Nth fault-injection point this task reaches
 * fail (failslab / fail_page_alloc via /proc/thread-self/fail-nth), then
 * run one kernel operation from this same task with everything else set
 * up beforehand, so the count lands in the kernel code under test:
 *   load FILE [PARAMS]   init_module
 *   linkadd NAME         RTM_NEWLINK type snull
 *   write PATH VALUE     one write(2) (configfs attributes)
 *   mkdir PATH           mkdir(2) (configfs targets)
 * Prints "rc <0 or errno name> injected <0|1> left <fail-nth remaining>"
 * (N - left = the fault points the operation passed).  N = 0 injects nothing
 * (the errno of a plain operation, on kernels without fault injection).
 */
int cmd_failnth(int argc, char **argv)
{
	const char *op;
	char num[32], *img = NULL;
	long n, rc, left;
	size_t len = 0;
	int fn, fd = -1, s = -1;

	if (argc < 4)
		return 2;
	n = strtol(argv[1], NULL, 0);
	op = argv[2];
	if (!strcmp(op, "load")) {
		FILE *f = fopen(argv[3], "rb");

		if (!f)
			return 2;
		fseek(f, 0, SEEK_END);
		len = (size_t)ftell(f);
		rewind(f);
		img = malloc(len);
		if (!img || fread(img, 1, len, f) != len)
			return 2;
		fclose(f);
	} else if (!strcmp(op, "linkadd")) {
		s = g_nl_socket(0);
		if (s < 0) {
			perror("netlink");
			return 2;
		}
	} else if (!strcmp(op, "write")) {
		if (argc < 5)
			return 2;
		fd = open(argv[3], O_WRONLY);
		if (fd < 0) {
			/* read-only attributes refuse the open itself */
			printf("rc %s injected 0 left -1\n", strerrorname_np(errno));
			return 0;
		}
	} else if (strcmp(op, "mkdir")) {
		return 2;
	}
	/* N = 0: no injection, just the operation and its errno */
	fn = n ? open("/proc/thread-self/fail-nth", O_RDWR) : -1;
	if (n && fn < 0) {
		perror("fail-nth");
		return 2;
	}
	snprintf(num, sizeof(num), "%ld", n);
	if (n && write(fn, num, strlen(num)) < 0) {
		perror("fail-nth");
		return 2;
	}
	if (!strcmp(op, "load"))
		rc = syscall(SYS_init_module, img, len, argc > 4 ? argv[4] : "") ? -errno : 0;
	else if (!strcmp(op, "linkadd"))
		rc = nl_linkadd(s, argv[3]);
	else if (!strcmp(op, "write"))
		rc = write(fd, argv[4], strlen(argv[4])) < 0 ? -errno : 0;
	else
		rc = mkdir(argv[3], 0755) ? -errno : 0;
	memset(num, 0, sizeof(num));
	left = n && pread(fn, num, sizeof(num) - 1, 0) > 0 ? strtol(num, NULL, 10) : -1;
	if (n && write(fn, "0", 1) < 0)
		perror("fail-nth reset");
	printf("rc %s injected %d left %ld\n",
	       rc ? strerrorname_np((int)-rc) ? strerrorname_np((int)-rc) : "?" : "0",
	       left == 0, left);
	return 0;
}

/* memcpy MB: same-VM copy bandwidth over a MB-sized buffer */
int cmd_memcpy(int argc, char **argv)
{
	size_t mb = argc > 1 ? strtoul(argv[1], NULL, 0) : 64, n = mb << 20;
	char *a = malloc(n), *b = malloc(n);
	uint64_t t0, us;
	int i, reps = 8;

	if (!a || !b)
		return 2;
	memset(a, 1, n);
	memset(b, 2, n);
	t0 = g_now_ms();
	for (i = 0; i < reps; i++)
		memcpy(i & 1 ? a : b, i & 1 ? b : a, n);
	us = (g_now_ms() - t0) * 1000;
	printf("memcpy %.1f MB/s\n", us ? reps * (double)mb * 1e6 / us : 0.0);
	return 0;
}

/*
 * userns-pairs CGROUP MAX: as uid 65534 in a new user and network
 * namespace inside cgroup directory CGROUP, create snull pairs (RTM_NEWLINK,
 * kind snull) until one is refused or MAX are made.  Prints "made N" as it
 * goes (the OOM killer may end it) and then the refusal's errno and
 * extack message.
 */
int cmd_userns_pairs(int argc, char **argv)
{
	char path[256], pid[32];
	int up[2], down[2];
	pid_t child;
	struct g_nlreq req;
	char name[16], msg[256] = "";
	int max, made = 0, nl, err = 0;

	if (argc < 3)
		return 2;
	max = atoi(argv[2]);
	/*
	 * The child drops to 65534 and makes its namespaces; this process,
	 * still root of the first namespace, writes the child's id maps (as
	 * newuidmap would), so that nothing depends on the child's /proc
	 * being writable after its credentials changed.
	 */
	if (pipe(up) || pipe(down))
		return 2;
	child = fork();
	if (child > 0) {
		char c;
		int st;

		close(up[1]);
		close(down[0]);
		if (read(up[0], &c, 1) != 1)
			return 2;
		snprintf(path, sizeof(path), "/proc/%d/setgroups", child);
		g_write_str(path, "deny");
		snprintf(path, sizeof(path), "/proc/%d/uid_map", child);
		if (g_write_str(path, "0 65534 1"))
			perror("uid_map");
		snprintf(path, sizeof(path), "/proc/%d/gid_map", child);
		if (g_write_str(path, "0 65534 1"))
			perror("gid_map");
		if (write(down[1], "g", 1) != 1)
			return 2;
		waitpid(child, &st, 0);
		if (WIFSIGNALED(st))
			printf("killed by signal %d\n", WTERMSIG(st));
		return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
	}
	if (child < 0)
		return 2;
	close(up[0]);
	close(down[1]);
	/* only the child is charged: the OOM killer has one choice there */
	snprintf(path, sizeof(path), "%s/cgroup.procs", argv[1]);
	snprintf(pid, sizeof(pid), "%d", getpid());
	if (g_write_str(path, pid)) {
		perror("cgroup.procs");
		return 2;
	}
	if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
	    setresuid(65534, 65534, 65534)) {
		perror("drop to 65534");
		return 2;
	}
	if (unshare(CLONE_NEWUSER | CLONE_NEWNET)) {
		perror("unshare");
		return 2;
	}
	{
		char c;

		if (write(up[1], "r", 1) != 1 || read(down[0], &c, 1) != 1)
			return 2;
	}
	nl = g_nl_socket(1);
	if (nl < 0) {
		perror("netlink");
		return 2;
	}
	while (made < max) {
		snprintf(name, sizeof(name), "x%d", made);
		g_nl_newlink_snull(&req, name);
		if (g_nl_talk(nl, &req.n, msg, sizeof(msg))) {
			err = errno;
			break;
		}
		made++;
		if (!(made % 10))
			printf("made %d\n", made);
	}
	printf("made %d\n", made);
	if (err)
		printf("refused errno %d (%s) extack '%s'\n", err,
		       strerror(err), msg);
	return 0;
}
