#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: dependencies, unit tests, checkpatch, W=1/sparse builds for
# every kernel of the matrix, then the VM suite on 6.1, 6.12 and the newest
# kernel, a reduced run on the other cloud kernels and the rt run on the rt
# flavours (side by side), panic tests, stress, the kernel's netconsole
# selftests, the package and the debug kernel lane.  SNULL_CHECK_ALL=1
# (make check-all): the whole suite on every kernel.
# Ends with "N passed, N failed"; exit status 1 if anything failed.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. scripts/lib.sh
tap_open build/check.tap
start=$snull_start
# a phase's header, with the time since the start (CI's budget is judged
# by phases)
phase() { echo "== $* (at $(( $(date +%s) - start )) s)"; }

# judge_vm PREFIX KVER DIR: a guest script's output, results and console
judge_vm() {
	local pre=$1 kv=$2 d=$3
	if [ -f "$d/retry" ]; then
		retried+=("$pre/$kv: $(cat "$d/retry")")
		echo "RETRY $pre/$kv: $(cat "$d/retry")"
	fi
	vm_out "$d" 400
	vm_results "$pre/$kv" "$d"
	if grep -aEq 'Kernel panic|BUG:|Oops' "$d/console.log"; then
		ko "$pre/$kv/console" "$(grep -aEm1 'Kernel panic|BUG:|Oops' "$d/console.log")"
	else
		ok "$pre/$kv/console"
	fi
}

phase "dependencies"
if ! scripts/deps.sh; then
	echo "deps: installation failed"; echo "0 passed, 1 failed"; exit 1
fi
# kvers: every kernel of the matrix (built); suite: the kernels the whole
# VM suite, the panic test and stress run on; load: the reduced run; rt:
# the rt run (scripts/deps.sh, docs/testing.md, "The kernel matrix")
mc=${SNULL_CACHE:-/var/cache/snull}
mapfile -t kvers < "$mc/kvers"
mapfile -t suite < "$mc/kvers.suite"
kload=() krt=()
[ -s "$mc/kvers.load" ] && mapfile -t kload < "$mc/kvers.load"
[ -s "$mc/kvers.rt" ] && mapfile -t krt < "$mc/kvers.rt"
# The reduced run: the pair, both netconsole clients, the byte comparison
# with the in-tree client.  The rt run: the pair in both receive modes,
# the client's parameter and configfs targets (IPv4 and IPv6, extended and
# fragmented), the printk flood from every CPU with the pair under load,
# and the torture of targets coming and going.
# make check-all (SNULL_CHECK_ALL=1): the whole suite, the panic test and
# stress on every kernel of the matrix, the kernel's selftests on each
# kernel of the suite, three guests at a time.
if [ "${SNULL_CHECK_ALL:-0}" = 1 ]; then
	suite=("${kvers[@]}") kload=() krt=()
	export SNULL_VM_TIMEOUT=${SNULL_VM_TIMEOUT:-3600}
fi
# make check: the whole suite on the oldest and the newest kernel; on the
# kernels of kvers.suite between them (bookworm's 6.12) the client run.
# No code path of the pair or of the client's setup is 6.12's alone
# (include/snull_compat.h: each of its shims sides with 6.1 or with 7.2)
# but one: its client is the one nbcon console without the printk
# caller's context.  The client run is the reduced run plus what that
# changes: the records' formats and sysdata, who sends them (printer
# thread, atomic and emergency writes, NMI), floods and a stopped queue.
# make check-all: the whole suite there too.
full=("${suite[@]}") kclient=()
if [ "${SNULL_CHECK_ALL:-0}" != 1 ] && [ ${#suite[@]} -gt 2 ]; then
	full=("${suite[0]}" "${suite[@]: -1}")
	kclient=("${suite[@]:1:${#suite[@]}-2}")
fi
# at most SNULL_VM_PARALLEL guests of one phase at a time (make check:
# all of them; check-all: 3)
vm_slot() {
	while [ "$(jobs -rp | wc -l)" -ge "${SNULL_VM_PARALLEL:-$([ "${SNULL_CHECK_ALL:-0}" = 1 ] && echo 3 || echo 16)}" ]; do
		wait -n
	done
}
LOAD_SET='^(params|basics|pair_netns|netconsole_intree|nc_param_targets|nc_bytes_vs_intree)$'
CLIENT_SET='^(params|basics|pair_netns|netconsole_intree|nc_param_targets|nc_configfs_formats|nc_bytes_vs_intree|nc_sysdata|nc_oops_only|nc_printk_contexts|nc_hostile|nc_flood_cpus|nc_stalled_queue)$'
RT_SET='^(params|basics|snull_napi|snull_regular|pair_netns|multiqueue|multiqueue_regular|netdev_nl|xdp_native|nc_param_targets|nc_configfs_formats|nc_ipv6_ndp|nc_flood_cpus|nc_stalled_queue|nc_torture|nc_race|nc_hostile)$'

phase "unit tests (userspace, same sources as the module)"
out=$(make -s -C test/unit run 2>&1)
echo "$out" | grep -v '^PASS' || true
while read -r st name rest; do
	case $st in
	PASS) ok_quiet "unit/$name" ;;
	FAIL) ko "unit/$name" "$rest" ;;
	esac
done < <(echo "$out" | grep -E '^(PASS|FAIL) ')
echo "$out" | grep -q 'unit: .* 0 failed' || ko "unit/run" "unit test binary did not complete"

phase "fuzz (libFuzzer, ${SNULL_FUZZ_SECONDS:-10} s; make fuzz runs 10 minutes)"
if out=$(make -s -C test/fuzz run FUZZ_SECONDS="${SNULL_FUZZ_SECONDS:-10}" 2>&1) &&
	! echo "$out" | grep -q 'ERROR\|SUMMARY'; then
	ok "fuzz/nc_parsers"; echo "$out" | grep -E 'DONE|executed' | sed 's/^/    /'
else
	ko "fuzz/nc_parsers" "$(echo "$out" | grep -m1 -E 'ERROR|SUMMARY')"
fi

phase "checkpatch --strict"
if scripts/checkpatch.sh; then ok checkpatch; else ko checkpatch; fi

phase "build (W=1, sparse) for ${kvers[*]}"
for kv in "${kvers[@]}"; do
	if scripts/build-modules.sh "$kv"; then ok "build/$kv"; else ko "build/$kv"; fi
done

# The objects call each other in layers, no circle, and the pair's and
# the client's meet only in snull_main.o (the first kernel's objects).
if out=$(scripts/layers.sh "build/${kvers[0]}/stage/src" 2>&1); then
	ok "build/layers"
else
	ko "build/layers" "$(echo "$out" | grep -m1 '^layers:')"
fi
echo "$out" | sed 's/^/    /'

# The import check of build-modules.sh (scripts/check-symvers.sh) must be
# able to fail: against a copy of the first kernel's table without one of
# the symbols snull.ko imports, it has to name that symbol.
kv=${kvers[0]}
if [ -f "build/$kv/snull.ko" ] && sym=$(nm -u "build/$kv/snull.ko" | awk '$2 ~ /^netpoll_/ && !s { s = $2 } END { print s }') &&
	[ -n "$sym" ] && real=$(scripts/check-symvers.sh "$kv" | sed -n 's/.* exported by \([^ ]*\) .*/\1/p') && [ -n "$real" ]; then
	grep -v -P "\t$sym\t" "$real" > build/symvers-minus-one
	if out=$(SNULL_SYMVERS=build/symvers-minus-one scripts/check-symvers.sh "$kv" 2>&1); then
		ko "build/symvers-check-fails" "passed with $sym removed from the table"
	elif echo "$out" | grep -q "$sym is not exported"; then
		ok "build/symvers-check-fails"; echo "    $out"
	else
		ko "build/symvers-check-fails" "$out"
	fi
else
	ko "build/symvers-check-fails" "no snull.ko or no netpoll import for $kv"
fi

# The debug lane's VMs boot now and run alongside everything below (the
# suites leave CPU idle); their results are collected at the end.
phase "debug kernel lane: build and start (make check-debug, reduced set: see docs/testing.md)"
debug_start=
[ "${SNULL_SKIP_DEBUG:-0}" = 1 ] ||
	debug_start=$(SNULL_DEPS_DONE=1 SNULL_DEBUG_SET=ci scripts/check-debug.sh start 2>&1)
echo "$debug_start" | grep -Ev '^(PASS|FAIL) |^[0-9]+ passed, [0-9]+ failed$|^== summary' | sed 's/^/    /'

# Stress (100 cycles: its slab check allows 4 kB a cycle over the second
# half, and with 30 a warming cache's few slabs on 7.2-rt already came to
# more): make check on the newest rt kernel, after its rt run in the same
# chain; make check-all on every kernel.
kstress=() krtstress=("${krt[@]: -1}")
if [ "${SNULL_CHECK_ALL:-0}" = 1 ]; then
	kstress=("${suite[@]}") krtstress=()
fi
phase "VM suites (QEMU TCG, 2 vCPUs): whole suite on ${full[*]}; client run on ${kclient[*]}; reduced run on ${kload[*]}; rt run on ${krt[*]}"
pids=()
for kv in "${full[@]}"; do
	[ -f "build/$kv/snull.ko" ] || continue
	vm_slot
	SNULL_VM_TIMEOUT=${SNULL_VM_TIMEOUT:-1800} \
	scripts/vmrun.sh "$kv" suite "build/vm/$kv" > "build/vm-$kv.runlog" 2>&1 &
	pids+=($!)
done
for kv in "${kclient[@]}"; do
	[ -f "build/$kv/snull.ko" ] || continue
	SNULL_VM_TIMEOUT=${SNULL_VM_TIMEOUT:-1800} \
	scripts/vmrun.sh "$kv" suite "build/vm/$kv" "snullonly=$CLIENT_SET" \
		> "build/vm-$kv.runlog" 2>&1 &
	pids+=($!)
done
# Debian 13's build of the same 6.12 (gcc-14) and sid's kernel while
# experimental's is newer: loads, and the pair and both netconsole
# clients work as on the others
for kv in "${kload[@]}"; do
	[ -f "build/$kv/snull.ko" ] || continue
	SNULL_VM_TIMEOUT=${SNULL_VM_TIMEOUT:-1800} \
	scripts/vmrun.sh "$kv" suite "build/vm/$kv" "snullonly=$LOAD_SET" \
		> "build/vm-$kv.runlog" 2>&1 &
	pids+=($!)
done
# the rt flavours: the rt run, then (the newest) stress, in one chain
# that may go on past the panic tests
pids_rt=()
for kv in "${krt[@]}"; do
	[ -f "build/$kv/snull.ko" ] || continue
	# with the hub's virtio-net NICs: nc_hostile streams over one too
	( SNULL_VM_TIMEOUT=${SNULL_VM_TIMEOUT:-1800} SNULL_VM_HUB=1 \
	  scripts/vmrun.sh "$kv" suite "build/vm/$kv" "snullonly=$RT_SET"
	  if [ "$kv" = "${krtstress[0]:-}" ]; then
		SNULL_VM_TIMEOUT=${SNULL_VM_TIMEOUT:-1800} \
		scripts/vmrun.sh "$kv" stress "build/stress/$kv" "snullcycles=${SNULL_RT_STRESS_CYCLES:-${SNULL_STRESS_CYCLES:-100}}"
	  fi ) \
		> "build/vm-$kv.runlog" 2>&1 &
	pids_rt+=($!)
done
# The bench smoke test only asks whether the benchmark works (its runs
# are fixed-length, its figures are not judged): beside the suites.
knew=$(tail -n 1 "$mc/kvers.suite")
BENCH_BUILT=1 BENCH_MODE=smoke BENCH_KVERS=$knew scripts/bench.sh > build/benchsmoke.log 2>&1 &
bench_pid=$!
for p in "${pids[@]}"; do wait "$p"; done

# The kernel's own netconsole selftests (make kselftest runs every kernel
# of the matrix): here on the newest kernel, whose scripts they are,
# beside the panic tests (one guest at a time) once the rt chains are
# done.  Not next to the stress guests: their waits are upstream's (20 s
# for a record), and with five more guests on the 2 cores 6 of 8 ran
# out.  make check-all: after the stress guests.
kself() {
	KVERS=$1 scripts/kselftest.sh > build/kselftest.log 2>&1
}
kself_pid=
if [ "${SNULL_CHECK_ALL:-0}" != 1 ]; then
	for p in "${pids_rt[@]}"; do wait "$p"; done
	kself "$knew" &
	kself_pid=$!
fi

phase "panic test (virtio-net to a listener on this machine's 127.0.0.1)"
for kv in "${suite[@]}" "${krt[@]}"; do
	[ -f "build/$kv/snull.ko" ] || continue
	relay < <(scripts/panictest.sh "$kv" "build/panic/$kv" 2>&1)
done
for kv in "${full[@]}" "${kclient[@]}" "${kload[@]}"; do
	d=build/vm/$kv
	[ -f "$d/out.log" ] || { ko "vm/$kv" "no VM output"; continue; }
	judge_vm vm "$kv" "$d"
done

phase "bench smoke (make bench in its short mode on $knew: does the benchmark work?)"
if wait "$bench_pid"; then
	ok "bench/smoke"
	grep -E '^\| .*(64B pair|80B over .* records)' build/benchsmoke.log | sed 's/^/    /'
else
	ko "bench/smoke" "$(grep -m2 -E 'bench:|Error' build/benchsmoke.log | tr '\n' ' ')"
fi

# SNULL_STRESS_CYCLES sets another count
phase "stress on ${kstress[*]} ${krtstress[*]} (${SNULL_STRESS_CYCLES:-100} load/unload and ip link add/del cycles)"
pids=()
for kv in "${kstress[@]}"; do
	[ -f "build/$kv/snull.ko" ] || continue
	vm_slot
	SNULL_VM_TIMEOUT=${SNULL_VM_TIMEOUT:-1800} \
	scripts/vmrun.sh "$kv" stress "build/stress/$kv" "snullcycles=${SNULL_STRESS_CYCLES:-100}" \
		> "build/stress-$kv.runlog" 2>&1 &
	pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
for kv in "${kstress[@]}"; do
	d=build/stress/$kv
	[ -f "$d/out.log" ] || { ko "stress/$kv" "no VM output"; continue; }
	judge_vm stress "$kv" "$d"
done
# the rt chains started with the suites
for p in "${pids_rt[@]}"; do wait "$p"; done
for kv in "${krt[@]}"; do
	for v in vm stress; do
		[ $v = stress ] && [ "$kv" != "${krtstress[0]:-}" ] && continue
		d=build/$v/$kv
		[ -f "$d/out.log" ] || { ko "$v/$kv" "no VM output"; continue; }
		judge_vm "$v" "$kv" "$d"
	done
done

[ "${SNULL_CHECK_ALL:-0}" = 1 ] && knew=$(tr '\n' ' ' < "$mc/kvers.suite")
phase "kernel netconsole selftests (the kernel's own source package, unmodified) on $knew"
if [ -n "$kself_pid" ]; then wait "$kself_pid"; else kself "$knew"; fi
kout=$(cat build/kselftest.log)
relay "(build/kselftest/$knew/out.log)" < <(echo "$kout" | grep -E '^(PASS|FAIL) ')
echo "$kout" | grep -q '^[1-9][0-9]* passed, 0 failed$' || ko "kselftest/$knew" "$(echo "$kout" | tail -n 1)"

phase "package: build, lintian, DKMS in debootstrap'd bookworm, trixie and sid roots, boots, remove/purge"
# Not next to the VM phases: its systemd boots time out there (trixie's
# systemd-modules-load did, with eight guests on the 2 cores).
if [ "${SNULL_SKIP_PACKAGE:-0}" = 1 ]; then
	echo "SKIPPED check-package (SNULL_SKIP_PACKAGE=1)"
else
	relay < <(scripts/check-package.sh 2>&1)
fi

# The kernel's driver selftests (make drvtest runs them all): here the
# ones of the pair's queues, NAPIs, counters and generic XDP, snull's and
# veth's, beside the debug lane's last guest (after the package test,
# whose systemd boots need the cores).
drv_tests="ping.py stats.py queues.py napi_id.py napi_threaded.py"
[ "${SNULL_CHECK_ALL:-0}" = 1 ] && drv_tests=
phase "driver selftests (the kernel's drivers/net, unmodified) on $knew: ${drv_tests:-all}, started"
SNULL_DRVTESTS=$drv_tests KVERS=$knew scripts/drvtest.sh > build/drvtest.log 2>&1 &
drv_pid=$!

phase "debug kernel lane: results"
if [ "${SNULL_SKIP_DEBUG:-0}" = 1 ]; then
	echo "SKIPPED debug lane (SNULL_SKIP_DEBUG=1)"
else
	relay < <(echo "$debug_start"
		  echo "$debug_start" | grep -q '^FAIL ' || scripts/check-debug.sh collect 2>&1)
fi

phase "driver selftests: results (build/drvtest/*/table.md: snull and veth side by side)"
wait "$drv_pid"
dout=$(cat build/drvtest.log)
relay "(build/drvtest/$knew/out.log)" < <(echo "$dout" | grep -E '^(PASS|FAIL) ')
echo "$dout" | grep -q '^[1-9][0-9]* passed, 0 failed$' || ko "drvtest/$knew" "$(echo "$dout" | tail -n 1)"

summary
