#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make drvtest: the kernel's driver selftests (tools/testing/selftests/
# drivers/net, from the source package of the newest kernel of the matrix,
# unmodified) against snull's pair and, in the same boot, veth's: dt0 in
# the root namespace, its peer in another (REMOTE_TYPE=netns), in a guest
# whose tests run in a real root (scripts/drvtest-root.sh: Python, pyynl,
# socat, bpftrace, iperf3).  Each case of snull's passes or has the status
# test/drvtest/expected names, with why; veth's are shown beside them.
#   KVERS="..."           kernels (default: the newest of the matrix)
#   SNULL_DRVTESTS="..."  tests (default: every one below)
# Results: build/drvtest/<kver>/{out.log,console.log,table.md}; ends with
# "N passed, N failed" (skip counts as failed); status 1 on a failure.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. scripts/lib.sh
cache=$snull_cache
# Every test of drivers/net's Makefile but psp.py (PSP hardware) and
# macsec.py (a MACsec offload): hds.py, so_txtime.py and shaper.py ask for
# device features a virtual pair either has or names as missing.
tests=${SNULL_DRVTESTS:-}
tests=${tests:-ping.py stats.py queues.py napi_id.py napi_threaded.py netpoll_basic.py xdp.py gro.py hds.py ring_reconfig.py shaper.py so_txtime.py}

newest=$(sort -V "$cache/kvers.suite" | tail -n 1)
if [ -n "${KVERS:-}" ]; then
	read -ra kvers <<< "$KVERS"
else
	kvers=("$newest")
fi
series=$(echo "$newest" | grep -Eo '^[0-9]+\.[0-9]+')
suite=sid
[ -d "$cache/roots/experimental/lib/modules/$newest" ] && suite=experimental
if ! ksrc=$(scripts/kselftest-src.sh "linux-source-$series" $suite | tail -n 1); then
	ko drvtest/source "cannot fetch $suite's linux-source-$series (scripts/kselftest-src.sh)"
	summary; exit 1
fi
if ! root=$(scripts/drvtest-root.sh "$ksrc" | tail -n 1); then
	ko drvtest/root "scripts/drvtest-root.sh failed"
	summary; exit 1
fi
ver=$(cut -d' ' -f2 < "$ksrc/.source")
echo "== driver selftests of $(cat "$ksrc/.source") on ${kvers[*]}: $tests"

# the tests, their helpers, the runner and the expectations, in the root;
# the guest's disk is an image of it, written nowhere (a snapshot)
rm -rf "$root/opt/drvtest"
mkdir -p "$root/opt/drvtest/src"
cp -r "$ksrc/tools" "$ksrc/Documentation" "$root/opt/drvtest/src/"
h=$cache/drvtest/helpers/$ver
st=$root/opt/drvtest/src/tools/testing/selftests
[ -f "$h/napi_id_helper" ] && cp "$h/napi_id_helper" "$st/drivers/net/"
[ -f "$h/so_txtime" ] && cp "$h/so_txtime" "$st/drivers/net/"
[ -f "$h/xdp_helper" ] && cp "$h/xdp_helper" "$st/net/lib/"
[ -f "$h/gro" ] && cp "$h/gro" "$st/net/lib/"
cp "$h"/*.bpf.o "$st/net/lib/" 2> /dev/null
install -m 0755 test/drvtest/run.sh "$root/opt/drvtest/run.sh"
install -m 0644 test/drvtest/expected "$root/opt/drvtest/expected"
mkdir -p build/drvtest
img=build/drvtest/root.img
rm -f "$img"
truncate -s 4G "$img"
mkfs.ext4 -q -F -d "$root" "$img"

for kv in "${kvers[@]}"; do
	d=build/drvtest/$kv
	if [ ! -f "build/$kv/snull.ko" ]; then
		ko "drvtest/$kv/build" "build/$kv/snull.ko missing (make modules)"
		continue
	fi
	t0=$(date +%s)
	SNULL_VM_MEM=2048 SNULL_VM_TIMEOUT=${SNULL_VM_TIMEOUT:-3600} \
		SNULL_VM_EXTRA="-drive file=$img,format=raw,if=virtio,snapshot=on" \
		scripts/vmrun.sh "$kv" drvtest "$d" "snulldrvtests=$(echo $tests | tr ' ' ',')" > "$d.runlog" 2>&1
	vm_out "$d" 300
	vm_results "drvtest/$kv" "$d"
	if grep -aEq 'Kernel panic|BUG:|Oops' "$d/console.log"; then
		ko "drvtest/$kv/console" "$(grep -aEm1 'Kernel panic|BUG:|Oops' "$d/console.log")"
	fi
	{
		echo "| case | snull | veth |"
		echo "|---|---|---|"
		sed -n 's/^DRVTABLE \([^ ]*\) \([^ ]*\) \([^ ]*\)$/| \1 | \2 | \3 |/p' "$d/out.log"
	} > "$d/table.md"
	echo "   $kv: $(grep -c '^| ' "$d/table.md") rows in $d/table.md, $(( $(date +%s) - t0 )) s"
done
rm -f "$img"
summary
