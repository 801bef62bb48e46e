# SPDX-License-Identifier: GPL-2.0
# The kernel's own netconsole selftests (tools/testing/selftests/drivers/
# net/netconsole/netcons_*.sh of the newest kernel's source package, unpacked by
# scripts/kselftest-src.sh and put into the initramfs by
# scripts/kselftest-initramfs.sh as /kselftest/tools/testing/selftests),
# run unmodified against snull's client: snull loaded with mode=pair
# netconsole_configfs=1 (so /sys/kernel/config/netconsole is snull's), an
# snull pair standing in for their netdevsim pair.  Guest side:
#   scripts/vmrun.sh KVER kselftest OUTDIR ['snullonly=REGEX']
# (make kselftest, scripts/kselftest.sh, runs it on every kernel).
#
# What is not upstream's, all outside the scripts:
#  - PATH: /opt/ksft/shim (modprobe, rmmod, modinfo, udevadm stand-ins, see
#    test/kselftest/shim.sh), then /opt/ksft/bin (real bash, socat, jq,
#    taskset, timeout, pkill, coreutils, findutils, grep, sed: busybox's
#    applets lack options the scripts use, e.g. readlink -e, find -delete,
#    date +%N), then /opt/bin (real ip).
#  - BASH_ENV=/snull/kselftest/netcons-env.bash, which has
#    test/kselftest/netcons-override.bash redefine lib_netcons.sh's device
#    helpers (create_ifaces, link_ifaces, do_cleanup) after the library is
#    sourced, and point NSIM_DEV_SYS_NEW, whose presence
#    check_for_dependencies takes for netdevsim's, at a file of snull's.
#  - snull (with its pair sn0/sn1) loaded afresh before each script, and
#    unloaded after it; snullksfttimeout=SECONDS bounds a script (900).
# snullksftclient=intree: a control run, the same scripts and stand-in pair
# against the kernel's own netconsole.ko instead of snull's client (results
# named kselftest-intree/...), to tell a harness fault from a client's.
# Each script: its output, then one KTAP result line
#   ok N kselftest/netcons_NAME | not ok N ... # reason | ok N ... # SKIP reason
# (exit 0 passes, 4 skips as kselftest, else it fails with the script's
# last FAIL/SKIP line; a kernel log with a BUG/WARNING/... also fails it).
. /snull/lib.sh
echo "kernel $(uname -r)"
KS=/kselftest/tools/testing/selftests
NC=$KS/drivers/net/netconsole
W=/tmp/ksft
mkdir -p $W
# per script, seconds (the whole guest: vmrun's SNULL_VM_TIMEOUT)
TMO=$(sed -n 's/.*snullksfttimeout=\([0-9]*\).*/\1/p' /proc/cmdline)
TMO=${TMO:-900}
CLIENT=$(sed -n 's/.*snullksftclient=\([a-z]*\).*/\1/p' /proc/cmdline)
SUITE=kselftest
LOADARGS="mode=pair netconsole_configfs=1"
if [ "$CLIENT" = intree ]; then
	SUITE=kselftest-intree
	LOADARGS="mode=pair"
fi

result() { # result NAME PASS|FAIL|SKIP [REASON]
	case $2 in
	PASS) NPASS=$((NPASS + 1)); ktap_result ok "$SUITE/$1" "${3:-}" ;;
	SKIP) NFAIL=$((NFAIL + 1)); ktap_result ok "$SUITE/$1" "SKIP${3:+ $3}" ;;
	*) NFAIL=$((NFAIL + 1)); ktap_result "not ok" "$SUITE/$1" "${3:-}" ;;
	esac
}

if [ ! -d $NC ] || [ ! -x /opt/ksft/bin/bash ]; then
	result netconsole SKIP "no selftests in the initramfs (scripts/kselftest-src.sh; scripts/kselftest-initramfs.sh from mkinitramfs.sh)"
	exit 0
fi
echo "selftests from $(cat /kselftest/.source 2> /dev/null)"

# a fresh client and pair for each script, nothing left of the one before
ksft_reset() {
	local t
	for t in /sys/kernel/config/netconsole/*/; do
		[ -d "$t" ] || continue
		echo 0 > "$t/enabled" 2> /dev/null
		for k in "$t"userdata/*/; do [ -d "$k" ] && rmdir "$k"; done
		rmdir "$t"
	done
	for p in $(pidof socat) $(pidof timeout); do kill "$p" 2> /dev/null; done
	unload_all
	rm -rf /run/ksft
	mkdir -p /run/ksft
	echo "7 4 1 7" > /proc/sys/kernel/printk
}

for s in $NC/netcons_*.sh; do
	name=$(basename "$s" .sh)
	if [ -n "$ONLY" ] && ! echo "$name" | grep -Eq "$ONLY"; then
		continue
	fi
	echo "=== $SUITE $name"
	ksft_reset
	[ "$CLIENT" = intree ] && echo intree > /run/ksft/client
	dmesg -c > /dev/null
	insmod $MOD $LOADARGS || { result "$name" FAIL "insmod snull.ko $LOADARGS"; continue; }
	rm -f $W/$name.log $W/$name.trace
	t0=$(date +%s)
	(
		cd /tmp
		export PATH=/opt/ksft/shim:/opt/ksft/bin:/opt/bin:/usr/sbin:/usr/bin:/sbin:/bin
		export BASH_ENV=/snull/kselftest/netcons-env.bash
		export KSFT_XTRACE=$W/$name.trace
		exec /opt/ksft/bin/timeout -k 10 "$TMO" /opt/ksft/bin/bash "$s"
	) > $W/$name.log 2>&1 < /dev/null
	rc=$?
	secs=$(( $(date +%s) - t0 ))
	sed 's/^/  /' $W/$name.log | tail -n 60
	log "exit $rc after $secs s"
	why=$(grep -E '^(FAIL|SKIP)' $W/$name.log | tail -n 1)
	[ -n "$why" ] || why=$(grep -v '^ *$' $W/$name.log | tail -n 1)
	case $rc in
	0) st=PASS why= ;;
	4) st=SKIP ;;
	124|137) st=FAIL why="timed out after $secs s (${why:-no output})" ;;
	*) st=FAIL why="exit $rc: ${why:-no output}" ;;
	esac
	if [ $st != PASS ]; then
		# the xtrace up to the EXIT trap's cleanup (what failed), the
		# client's kernel log and the stand-ins' calls
		grep -v '__snull_ksft' $W/$name.trace > $W/$name.tr
		n=$(grep -nE '^\+ (cleanup|do_cleanup)$' $W/$name.tr | tail -n 1 | cut -d: -f1)
		log "its xtrace before the EXIT trap:"
		# (lib.sh's wait loops left out)
		head -n "${n:-999999}" $W/$name.tr |
			grep -vE '^\+* (local |timestamp_ms|now=|seconds=|nanoseconds=|current_time=|start_time=|\(\( |\[\[ [0-9]+ =~|true$|sleep 0\.1$|out=|echo -n|echo [0-9]+$|date -u|shift$|return [01]$)' |
			tail -n 40 | sed 's/^/    /'
		log "the kernel log of snull and netpoll:"
		dmesg | grep -E 'snull|netpoll|netconsole' | grep -v 'netconsole selftest' | tail -n 30 | sed 's/^/    /'
		log "shim calls:"
		sed 's/^/    /' /run/ksft/shim.log 2> /dev/null | tail -n 30
	fi
	# the script's teardown belongs to it: unload first
	ksft_reset
	sleep 0.2
	dmesg -c > $W/$name.dmesg
	grep -E "$BAD" $W/$name.dmesg > $W/$name.bad
	if [ -s $W/$name.bad ]; then
		st=FAIL why="${why:+$why; }kernel log: $(head -n 3 $W/$name.bad | tr '\n' '|')"
		sed 's/^/  dmesg: /' $W/$name.dmesg | tail -n 40
	fi
	result "$name" $st "$why"
done
echo "$SUITE: $NPASS passed, $NFAIL failed or skipped"
ktap_totals
