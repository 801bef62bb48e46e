#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build snull.ko for each kernel release given, into build/<kver>/snull.ko,
# with W=1 and sparse; fail on any warning.  A kernel whose headers are not
# on this host but in one of the release roots of scripts/mkroot.sh (Debian
# 13, sid) is built inside that root, with that release's compiler and
# sparse, as DKMS builds it there.  The test-only module of test/hostile
# (never packaged) is built beside it, into build/<kver>/snull_hostile.ko.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/lib.sh"
[ $# -gt 0 ] || { echo "build-modules: no kernel with headers under /lib/modules" >&2; exit 1; }
rc=0
for kv in "$@"; do
	snull_ktree "$kv" ||
		{ echo "build-modules: no headers for $kv (/lib/modules/$kv/build, nor in $snull_cache/roots)" >&2; rc=1; continue; }
	kdir=$kbuild root=$kroot
	out=$top/build/$kv
	stage=$out/stage
	[ -n "$root" ] && stage=$root/tmp/snull-build/$kv
	rm -rf "$out/snull.ko" "$out/snull_hostile.ko"
	mkdir -p "$out"
	rm -rf "$stage"
	mkdir -p "$stage/src" "$stage/include" "$stage/scripts" "$stage/hostile"
	cp "$top"/test/hostile/*.c "$top"/test/hostile/Kbuild "$stage/hostile/"
	cp "$top"/src/*.c "$top"/src/Kbuild "$stage/src/"
	cp "$top"/include/*.h "$stage/include/"
	cp "$top"/scripts/conftest.sh "$stage/scripts/"
	# the version is set in debian/changelog only
	(cd "$top" && dpkg-parsechangelog -S Version) | sed "s/-[^-]*$//" > "$stage/VERSION"
	sparse_flag=
	# a kcov kernel (the debug kernels of make fuzz-kernel): snull's own
	# objects get the kcov call sites (src/Kbuild, SNULL_KCOV)
	kcov_flag=
	for c in "$kdir/.config" "$root/lib/modules/$kv/build/.config"; do
		[ -f "$c" ] && grep -q '^CONFIG_KCOV=y' "$c" && kcov_flag=SNULL_KCOV=y
	done
	log=$out/build.log
	: > "$log"
	if [ -n "$root" ]; then
		chroot "$root" sh -c 'command -v sparse' > /dev/null && sparse_flag=C=1
		# unmounted after only if mounted here (a debug kernel build in
		# the root may be using it)
		ours=0
		if ! mountpoint -q "$root/proc"; then mount -t proc proc "$root/proc" && ours=1; fi
		st=0
		for m in src hostile; do
			chroot "$root" /usr/bin/env LC_ALL=C.UTF-8 make -C "/lib/modules/$kv/build" \
				M="/tmp/snull-build/$kv/$m" W=1 $sparse_flag $kcov_flag modules >> "$log" 2>&1 || st=$?
		done
		[ "$ours" = 1 ] && umount -l "$root/proc"
	else
		command -v sparse > /dev/null && sparse_flag=C=1
		st=0
		for m in src hostile; do
			make -C "$kdir" M="$stage/$m" W=1 $sparse_flag $kcov_flag modules >> "$log" 2>&1 || st=$?
		done
	fi
	if [ $st != 0 ]; then
		cat "$log"; echo "build-modules: $kv: build FAILED" >&2; rc=1; continue
	fi
	if grep -Ei 'warning:|error:' "$log"; then
		echo "build-modules: $kv: warnings (W=1/sparse) - see $log" >&2; rc=1; continue
	fi
	if [ -n "$sparse_flag" ] && ! grep -q '^  CHECK ' "$log"; then
		echo "build-modules: $kv: sparse did not run (see $log)" >&2; rc=1; continue
	fi
	cp "$stage/src/snull.ko" "$out/snull.ko"
	cp "$stage/hostile/snull_hostile.ko" "$out/snull_hostile.ko"
	if ! "$top/scripts/check-symvers.sh" "$kv"; then
		echo "build-modules: $kv: snull.ko imports what this kernel does not export" >&2
		rc=1; continue
	fi
	echo "build-modules: $kv: $out/snull.ko (W=1${sparse_flag:+, sparse} clean${root:+, built in $root with $(grep -o 'gcc-[0-9]*' "$kdir/.config" "$root/lib/modules/$kv/build/.config" 2>/dev/null | head -n 1 | sed 's/.*://')})"
done
exit $rc
