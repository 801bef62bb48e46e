#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make panic-rate: how often the panic text reaches the host when the
# panic comes while every CPU floods the log (a printer thread mid-record,
# holding the client's lock).  N boots per kernel of the panic test
# (scripts/panictest.sh with SNULL_PANIC_FLOOD=1), one after the other.
#   panicrate.sh [N] [KVER...]   (N: 20; KVER: every kernel of
#                                 $SNULL_CACHE/kvers and kvers.rt)
# Prints "KVER: panic text received in X of N boots" per kernel.  The flood
# boots have no serial console (scripts/panictest.sh), so a boot that loses
# the panic text counts as the client's even where the kernel lost it: on
# 6.1 the other CPU keeps writing to the log while the panicking one
# flushes it (6.12 drops other CPUs' records during a panic).  A figure,
# not a pass/fail test: boots that lose it are kept under build/panicrate/,
# every boot's result lines in build/panicrate/KVER.log.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
cache=${SNULL_CACHE:-/var/cache/snull}
n=${1:-20}
shift || true
if [ $# -gt 0 ]; then
	kvers=("$@")
else
	mapfile -t kvers < <(awk '!seen[$0]++' "$cache/kvers" "$cache/kvers.rt" 2>/dev/null)
fi
for kv in "${kvers[@]}"; do
	[ -f "build/$kv/snull.ko" ] || { echo "$kv: build/$kv/snull.ko missing (make modules)"; continue; }
	got=0 hd=0
	for i in $(seq 1 "$n"); do
		d=build/panicrate/$kv/$i
		rm -rf "$d"
		mkdir -p "$d"
		res=$(SNULL_PANIC_FLOOD=1 scripts/panictest.sh "$kv" "$d")
		echo "$res" | sed "s|^|boot $i: |" >> "build/panicrate/$kv.log"
		echo "$res" | grep -q 'host dropped' && hd=$((hd + 1))
		if echo "$res" | grep -q '^PASS'; then
			got=$((got + 1))
			rm -rf "$d"
		fi
	done
	echo "$kv: panic text received in $got of $n boots (the host's socket dropped frames in $hd)"
done
