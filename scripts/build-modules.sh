#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build snull.ko for each kernel release given, into build/<kver>/snull.ko,
# with W=1 and sparse; fail on any warning.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
[ $# -gt 0 ] || { echo "build-modules: no kernel with headers under /lib/modules" >&2; exit 1; }
rc=0
for kv in "$@"; do
	kdir=/lib/modules/$kv/build
	# the reliability lane's debug kernel (scripts/debug-kernel.sh)
	dbg=${SNULL_CACHE:-/var/cache/snull}/debug
	[ -f "$dbg/kver" ] && [ "$(cat "$dbg/kver")" = "$kv" ] && kdir=$dbg/tree
	[ -d "$kdir" ] || { echo "build-modules: no headers for $kv ($kdir)" >&2; rc=1; continue; }
	out=$top/build/$kv
	stage=$out/stage
	rm -rf "$stage"
	mkdir -p "$stage/src" "$stage/include" "$stage/scripts"
	cp "$top"/src/*.c "$top"/src/Kbuild "$stage/src/"
	cp "$top"/include/*.h "$stage/include/"
	cp "$top"/scripts/conftest.sh "$stage/scripts/"
	# the version is set in debian/changelog only
	(cd "$top" && dpkg-parsechangelog -S Version) | sed "s/-[^-]*$//" > "$stage/VERSION"
	sparse_flag=
	command -v sparse >/dev/null && sparse_flag=C=1
	log=$out/build.log
	if ! make -C "$kdir" M="$stage/src" W=1 $sparse_flag modules >"$log" 2>&1; then
		cat "$log"; echo "build-modules: $kv: build FAILED" >&2; rc=1; continue
	fi
	if grep -Ei 'warning:|error:' "$log"; then
		echo "build-modules: $kv: warnings (W=1/sparse) - see $log" >&2; rc=1; continue
	fi
	cp "$stage/src/snull.ko" "$out/snull.ko"
	echo "build-modules: $kv: $out/snull.ko (W=1${sparse_flag:+, sparse} clean)"
done
exit $rc
