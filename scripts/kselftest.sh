#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make kselftest: the kernel's own netconsole selftests
# (tools/testing/selftests/drivers/net/netconsole) of the newest kernel's
# source package (experimental's linux-source-7.3: it adds
# netcons_userdata.sh), run unmodified against snull's client on each
# kernel of the VM matrix ($SNULL_CACHE/kvers.suite: 6.1, 6.12 and the
# newest; or KVERS="..."), one guest per kernel, one after the other (their
# waits are timed: two TCG guests on two cores would starve each other).
# See test/vm/kselftest.sh.
#   SNULL_KSELFTEST_ONLY=REGEX   only the scripts whose name matches
#   SNULL_KSELFTEST_CLIENT=intree   control run: the same scripts and pair
#                                   against the kernel's own netconsole.ko
# Output in build/kselftest/<kver>/out.log; ends with "N passed, N failed"
# (a skipped script counts as failed); exit status 1 if anything failed.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. scripts/lib.sh
cache=$snull_cache

if [ -n "${KVERS:-}" ]; then
	read -ra kvers <<< "$KVERS"
else
	mapfile -t kvers < "$cache/kvers.suite"
fi
# the selftests of the newest kernel's series, from the release that has
# its source package (experimental's kernel: experimental)
newest=$(sort -V "$cache/kvers.suite" | tail -n 1)
series=$(echo "$newest" | grep -Eo '^[0-9]+\.[0-9]+')
suite=sid
[ -d "$cache/roots/experimental/lib/modules/$newest" ] && suite=experimental
if ! ksrc=$(scripts/kselftest-src.sh "linux-source-$series" $suite | tail -n 1); then
	echo "kselftest: cannot fetch $suite's linux-source-$series (scripts/kselftest-src.sh)"
	echo "0 passed, 1 failed"; exit 1
fi
echo "== selftests of $(cat "$ksrc/.source")"
for kv in "${kvers[@]}"; do
	d=build/kselftest${SNULL_KSELFTEST_CLIENT:+-$SNULL_KSELFTEST_CLIENT}/$kv
	echo "== kselftest on $kv"
	if [ ! -f "build/$kv/snull.ko" ]; then
		ko "$kv/build" "build/$kv/snull.ko missing (make modules)"
		continue
	fi
	mkdir -p "$d"
	t0=$(date +%s)
	SNULL_KSELFTEST_SRC=$ksrc SNULL_KSELFTEST=1 SNULL_VM_TIMEOUT=${SNULL_VM_TIMEOUT:-2400} scripts/vmrun.sh "$kv" kselftest "$d" \
		${SNULL_KSELFTEST_ONLY:+"snullonly=$SNULL_KSELFTEST_ONLY"} \
		${SNULL_KSELFTEST_CLIENT:+"snullksftclient=$SNULL_KSELFTEST_CLIENT"} > "$d.runlog" 2>&1
	vm_out "$d" 600
	n=$(vm_ktap "$d" | wc -l)
	vm_results "$kv" "$d"
	if grep -aEq 'Kernel panic|BUG:|Oops' "$d/console.log"; then
		ko "$kv/console" "$(grep -aEm1 'Kernel panic|BUG:|Oops' "$d/console.log")"
	fi
	echo "   $kv: $n scripts in $(( $(date +%s) - t0 )) s"
done

summary
