#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: one VM boot per kernel running test/vm/bench.sh, then a table
# (build/bench/results.md), the raw data (results.csv) and a plot
# (pps_vs_size.png).  BENCH_MODE=smoke: one short repetition, used by
# make check only to see that the benchmark works.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
mode=${BENCH_MODE:-full}
scripts/deps.sh
# the kernels of the whole suite (6.1, 6.12, the newest): the rt and the
# other builds of the same code are not benchmarked
kf=${SNULL_CACHE:-/var/cache/snull}/kvers.suite
[ -s "$kf" ] || kf=${SNULL_CACHE:-/var/cache/snull}/kvers
mapfile -t kvers < "$kf"
# BENCH_KVERS="k1 k2" limits the kernels, BENCH_ONLY=REGEX the sections
# (fwd, scale, profile, iperf, xdp, mq, paircost, stream)
[ -n "${BENCH_KVERS:-}" ] && read -r -a kvers <<< "$BENCH_KVERS"
only=${BENCH_ONLY:+snullbenchonly=$BENCH_ONLY}
out=build/bench${mode/full/}
mkdir -p "$out"
rm -f "$out"/raw-*.txt
# BENCH_BUILT=1: make check built the modules already (and may be
# reading them while this runs)
for kv in "${kvers[@]}"; do
	if [ "${BENCH_BUILT:-0}" = 1 ] && [ -f "build/$kv/snull.ko" ]; then continue; fi
	scripts/build-modules.sh "$kv" > /dev/null || exit 1
done
# two virtio-net NICs on a QEMU hub, connected to nothing else: the log
# streaming comparison on a real NIC driver
export SNULL_VM_HUB=1
pids=()
for kv in "${kvers[@]}"; do
	# one kernel at a time in full mode: the two VMs would share 2 cores
	if [ "$mode" = full ]; then
		SNULL_VM_TIMEOUT=3000 scripts/vmrun.sh "$kv" bench "$out/vm-$kv" "snullbench=$mode $only" > /dev/null 2>&1
	else
		# a hang's bound: beside make check's VM suites the smoke run
		# has taken over 15 minutes
		SNULL_VM_TIMEOUT=${SNULL_VM_TIMEOUT:-2700} \
		scripts/vmrun.sh "$kv" bench "$out/vm-$kv" "snullbench=$mode $only" > /dev/null 2>&1 &
		pids+=($!)
	fi
done
for p in "${pids[@]}"; do wait "$p"; done
for kv in "${kvers[@]}"; do
	cp "$out/vm-$kv/out.log" "$out/raw-$kv.txt"
done
python3 test/host/bench_report.py "$out" "$mode" "${kvers[@]}"
