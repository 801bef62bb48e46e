#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check-debug: the reliability lane.  Builds (or reuses) the debug
# kernel of scripts/debug-kernel.sh, builds snull.ko against it, and runs
# the whole VM suite, the stress script and the fault-injection script on
# it, side by side.  Fails on any test failure and on any KASAN, lockdep,
# kmemleak, BUG, WARNING or atomic-sleep report in the kernel log.
#   check-debug.sh           all of it
#   check-debug.sh start     build, then boot the VMs in the background
#   check-debug.sh collect   wait for them and judge
# (make check uses the two halves to overlap the lane with its own VMs.)
# SNULL_DEBUG_SET=ci: the reduced set make check runs (see below).
# The fourth VM is the in-kernel fuzzer (test/vm/fuzz.sh): FUZZ_SECONDS of
# it, default 600 (ci: 60); FUZZ_SEED fixes its seed (default: the time).
# KVER picks the debug kernel: 6.12 (default; linux-source-6.12, built
# here), 7.2 (sid's linux-source-7.2, built in the sid root), 7.2-rt (the
# same with PREEMPT_RT), or the release of one built already
# (6.12.118-snulldebug, 7.2.13-snulldebug-rt).
# SNULL_DEBUG_SUITES: the VMs to run (default "suite stress faults fuzz";
# make fuzz-kernel runs "fuzz" alone).
# Ends with "N passed, N failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. test/vm/reports.sh
. scripts/lib.sh
mode=${1:-all}
SUITES=${SNULL_DEBUG_SUITES:-suite stress faults fuzz}
cache=${SNULL_CACHE:-/var/cache/snull}
bail() { summary; exit 1; }

if [ "$mode" != collect ]; then
	if [ "${SNULL_DEPS_DONE:-0}" != 1 ] && ! scripts/deps.sh; then
		ko deps "installation failed"; bail
	fi
	series=${KVER:-6.12}
	rt=
	case $series in *-rt*) rt=-rt ;; esac
	series=$(echo "$series" | cut -d. -f1-2 | sed 's/-.*//')$rt
	ddir=$cache/debug
	[ "$series" = 6.12 ] || ddir=$cache/debug-$series
	echo "== debug kernel (linux-source-$series + test/debug/snull-debug.config)"
	if ! kv=$(scripts/debug-kernel.sh "$series" | tail -n 1) || [ -z "$kv" ]; then
		ko debug/kernel "build failed (see $ddir/build.log)"; bail
	fi
	ok "debug/kernel $kv (built in $(cat "$ddir/build-seconds" 2>/dev/null || echo ?) s)"
	if scripts/build-modules.sh "$kv"; then ok "debug/build"; else ko "debug/build"; bail; fi

	# ci: one VM -- no stress (the rt kernel's stress judges slab
	# growth, and the debug suite ends with a kmemleak scan after its
	# many loads), no fault sweeps (with them, and with the whole
	# suite, the suite VM outlasted its 3000 s in two CI runs on 2
	# cores) and no fuzzer (make check-debug and make fuzz-kernel run
	# it; in CI it kept a debug guest busy for 15 minutes of make
	# check's 2 cores) -- the suite without the tests
	# that measure snull against other code (TCP transfers, the tap,
	# pktgen, byte comparisons with the in-tree netconsole), count and
	# order bulk traffic (ordering, exact counters, pool floods, the
	# formatting tests' long records) or only set up the pair and parse
	# module parameters (every test of the lane loads the module with
	# parameters and sets up a pair; the refused ones are the fuzzer's
	# in make check-debug), which the Debian kernels' suites run: the
	# lane's suite VM is make check's longest
	skip=
	if [ "${SNULL_DEBUG_SET:-full}" = ci ]; then
		SUITES=${SNULL_DEBUG_SUITES:-suite}
		cycles=${SNULL_DEBUG_CYCLES:-20} stride=24 fsecs=${FUZZ_SECONDS:-60}
		skip='snullskip=^(params|basics|snull_napi|snull_regular|link_add_del|bad_params|tcp_pair|gro_tcp|tcp_snull_forwarded|tap_unmodified|pktgen_clone_skb|netconsole_intree|nc_bytes_vs_intree|nc_ipv6_vs_intree|regular_backlog_drop|inorder_threaded|exact_counters|pool_flood|pool_noqueue|nc_sysdata|nc_userdata256)$'
	else
		cycles=${SNULL_DEBUG_CYCLES:-200} stride=1 fsecs=${FUZZ_SECONDS:-600}
	fi
	# the debug rt kernel: the pair, the client's tests (with the in-tree
	# netconsole's in the same boots, to tell whose a report is), stress
	# and the fuzzer
	if [ -n "$rt" ]; then
		SUITES=${SNULL_DEBUG_SUITES:-suite stress fuzz}
		skip='snullonly=^(params|basics|snull_napi|snull_regular|pair_netns|rmmod_traffic|netconsole_intree|nc_.*)$'
	fi
	seed=${FUZZ_SEED:-$(date +%s)}
	echo "== VM runs on $kv ($SUITES): stress cycles $cycles, fault sweep stride $stride, fuzzing $fsecs s (seed $seed)"
	mkdir -p build/debug
	: > build/debug/pids
	echo "$SUITES" > build/debug/suites
	for s in $SUITES; do
		rm -rf "build/debug/$s"
		# a hang's bound, not a time budget: under make check the
		# suite VM shares 2 cores with up to eight others
		vt=${SNULL_DEBUG_VM_TIMEOUT:-4200}
		[ "$s" = fuzz ] && vt=$((vt + 3 * fsecs))
		SNULL_VM_TIMEOUT=$vt SNULL_VM_MEM=2048 \
			scripts/vmrun.sh "$kv" "$s" "build/debug/$s" \
			"snullcycles=$cycles snullstride=$stride snullfuzz=$fsecs snullseed=$seed $skip" \
			> "build/debug-$s.runlog" 2>&1 < /dev/null &
		echo $! >> build/debug/pids
	done
	if [ "$mode" = start ]; then summary; exit; fi
fi

# collect: wait for the three VMs, then judge
[ -f build/debug/pids ] || { ko debug/collect "no VMs started (check-debug.sh start)"; bail; }
while read -r p; do
	while kill -0 "$p" 2>/dev/null; do sleep 2; done
done < build/debug/pids
# Reports the checkers print; the per-test dmesg checks in the guest see
# the same, this is the net for anything between tests (or a panic).
REPORTS='BUG:|WARNING:|KASAN|suspected memory leak|possible circular|possible recursive|inconsistent lock|sleeping function called from invalid context|ODEBUG|Oops|Kernel panic|UBSAN|INFO: task|soft lockup'
[ "$mode" = collect ] && [ -f build/debug/suites ] && SUITES=$(cat build/debug/suites)
for s in $SUITES; do
	d=build/debug/$s
	[ -f "$d/out.log" ] || { ko "debug/$s" "no VM output (see build/debug-$s.runlog)"; continue; }
	echo "== debug kernel: $s"
	[ -f "$d/retry" ] && echo "RETRY debug/$s: $(cat "$d/retry")"
	if [ "$s" = fuzz ]; then
		# every round's lines and the whole summary; the replay lines of
		# a failed round go to files of their own
		vm_out "$d" 1000000
		for w in 0 1; do
			grep "^SNULL-REPLAY $w " "$d/out.log" | tr -d '\r' | cut -d' ' -f3- > "$d/replay.$w"
			[ -s "$d/replay.$w" ] && echo "    replay file of worker $w: $d/replay.$w (snfuzz replay)" || rm -f "$d/replay.$w"
		done
		grep '^SNULL-COVERFN ' "$d/out.log" | tr -d '\r' | cut -d' ' -f2- > "$d/cover-functions"
	else
		vm_out "$d" 300
	fi
	vm_results "debug/$s" "$d"
	# the in-tree netconsole's own reports are shown, not counted
	# (test/vm/reports.sh); the lockup test's watchdog report is expected,
	# and so are the WARNs of test/hostile (nc_hostile)
	: > "$d/intree-reports"
	not_intree "$d/console.log" "$d/intree-reports" > "$d/console.own"
	if [ -s "$d/intree-reports" ]; then
		echo "    in-tree netconsole's own reports in this boot (trace through [netconsole], not [snull]):"
		sed 's/^\[ *[0-9.]*\] *//' "$d/intree-reports" | sort | uniq -c | sed 's/^/      /'
	fi
	expected='NETDEV WATCHDOG|WARNING: .*snull_hostile'
	if grep -aEv "$expected" "$d/console.own" | grep -aEq "$REPORTS"; then
		ko "debug/$s/console" "$(grep -aEv "$expected" "$d/console.own" | grep -aEm1 "$REPORTS")"
	else
		ok "debug/$s/console"
	fi
done
summary
