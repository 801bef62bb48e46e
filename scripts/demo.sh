#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo: build snull for the last kernel of the matrix (sid's rt), boot it under QEMU
# and show the pair at work.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
scripts/deps.sh
kv=$(tail -n 1 "${SNULL_CACHE:-/var/cache/snull}/kvers")
scripts/build-modules.sh "$kv"
echo "Booting $kv under QEMU (TCG, no network to the outside)..."
rm -rf build/demo/"$kv"
scripts/vmrun.sh "$kv" demo build/demo/"$kv" &
pid=$!
while [ ! -f build/demo/"$kv"/out.log ] && kill -0 $pid 2>/dev/null; do sleep 0.5; done
tail -n +1 -f build/demo/"$kv"/out.log --pid=$pid | grep -v '^SNULL-GUEST-DONE'
wait $pid
