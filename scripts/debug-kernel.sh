#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build (or reuse) a debug kernel for the reliability lane and the in-kernel
# fuzzer: Debian's linux-source-<series> with test/debug/snull-debug.config
# (KASAN, lockdep, kmemleak, debug objects, UBSAN, kcov, fault injection).
#   debug-kernel.sh [SERIES]   6.12 (default): bookworm's linux-source-6.12,
#                              built here with the host's gcc-12;
#                              7.2: sid's linux-source-7.2, built inside the
#                              sid root with its gcc-16, as sid builds it
# Installs it like the Debian guest kernels, as
# $SNULL_CACHE/kernels/<kver>/{vmlinuz,modules}, and keeps the build tree
# for building snull.ko against ($SNULL_CACHE/debug/tree for 6.12; for 7.2
# inside the sid root, reachable as its /lib/modules/<kver>/build, where
# scripts/build-modules.sh finds it).  Cached by the hash of the config
# fragment and the source package version; prints the kernel release on
# its last line.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${SNULL_CACHE:-/var/cache/snull}
frag=$top/test/debug/snull-debug.config
series=${1:-6.12}
case $series in
6.12) ddir=$cache/debug ;;
7.*) exec "$top/scripts/debug-kernel-sid.sh" "$series" ;;
*) echo "debug-kernel: no recipe for linux-source-$series (6.12 or 7.x)" >&2; exit 1 ;;
esac

need=()
for p in flex bison bc libelf-dev libssl-dev dwarves xz-utils cpio; do
	dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
	apt-get install -y -q "${need[@]}" >/dev/null
fi

mkdir -p "$ddir"
srcver=$(apt-cache policy linux-source-6.12 | sed -n 's/ *Candidate: //p')
key=$( (echo "$srcver"; cat "$frag") | sha256sum | cut -c1-16)
if [ -f "$ddir/key" ] && [ "$(cat "$ddir/key")" = "$key" ] &&
	[ -f "$ddir/kver" ] && [ -f "$cache/kernels/$(cat "$ddir/kver")/vmlinuz" ]; then
	echo "debug-kernel: cached $(cat "$ddir/kver") (config+source $key)" >&2
	cat "$ddir/kver"
	exit 0
fi

start=$(date +%s)
rm -rf "$ddir/tree" "$ddir/key" "$ddir/kver"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "debug-kernel: fetching linux-source-6.12 $srcver" >&2
(cd "$tmp" && apt-get -o APT::Sandbox::User=root download -q linux-source-6.12 >/dev/null)
mkdir -p "$ddir/tree"
dpkg-deb --fsys-tarfile "$tmp"/linux-source-6.12_*_all.deb |
	tar -xO ./usr/src/linux-source-6.12.tar.xz |
	tar -xJ -C "$ddir/tree" --strip-components=1
rm -f "$tmp"/*.deb
cd "$ddir/tree"
make -s allnoconfig KCONFIG_ALLCONFIG="$frag" >/dev/null
make -s olddefconfig >/dev/null
# every option of the fragment must have survived (a missing dependency
# would silently drop it)
miss=0
while IFS= read -r line; do
	case $line in
	CONFIG_*=n) opt=${line%%=*}; grep -q "^$opt=" .config && { echo "debug-kernel: $opt is set" >&2; miss=1; } ;;
	CONFIG_*) grep -qxF "$line" .config || { echo "debug-kernel: $line did not stick: $(grep "^${line%%=*}=" .config || echo unset)" >&2; miss=1; } ;;
	esac
done < "$frag"
[ $miss = 0 ] || exit 1
echo "debug-kernel: building (make -j$(nproc) bzImage modules)" >&2
make -j"$(nproc)" -s bzImage modules > "$ddir/build.log" 2>&1 || { tail -40 "$ddir/build.log" >&2; exit 1; }
kver=$(make -s kernelrelease)
rm -rf "$cache/kernels/$kver"
mkdir -p "$cache/kernels/$kver"
make -s modules_install INSTALL_MOD_PATH="$tmp/mods" >/dev/null
mv "$tmp/mods/lib/modules/$kver" "$cache/kernels/$kver/modules"
rm -f "$cache/kernels/$kver/modules/build" "$cache/kernels/$kver/modules/source"
cp arch/x86/boot/bzImage "$cache/kernels/$kver/vmlinuz"
make -s modules_prepare >/dev/null
echo "$kver" > "$ddir/kver"
echo "$key" > "$ddir/key"
echo "$(( $(date +%s) - start ))" > "$ddir/build-seconds"
echo "debug-kernel: built $kver in $(( $(date +%s) - start )) s" >&2
echo "$kver"
