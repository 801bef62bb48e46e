#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The newest kernel's debug build (scripts/debug-kernel.sh 7.2): sid's
# linux-source-<series> with test/debug/snull-debug.config, configured and
# built inside the sid root (scripts/mkroot.sh) with its gcc-16, as a sid
# machine would build it.  The tree stays in the root as
# /usr/src/snull-debug-<series>, linked from /lib/modules/<kver>/build, so
# scripts/build-modules.sh builds snull.ko against it in the same root; its
# .kernelvariables names gcc-16, as Debian's own headers do.  The image and
# modules go to $SNULL_CACHE/kernels/<kver>/ like every guest kernel.
# Cached by the hash of the fragment and the source package version; the
# last line printed is the kernel release.
#   debug-kernel-sid.sh [SERIES]   (default 7.2; 7.2-rt: the same source
#                                  with test/debug/snull-debug-rt.config
#                                  on top, PREEMPT_RT)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${SNULL_CACHE:-/var/cache/snull}
series=${1:-7.2}
pkg=linux-source-${series%-rt}
root=$cache/roots/sid
ddir=$cache/debug-$series
intree=/usr/src/snull-debug-$series
mkdir -p "$ddir"
frag=$top/test/debug/snull-debug.config
if [ "$series" != "${series%-rt}" ]; then
	# the base fragment without the options the rt one sets, then those
	rt=$top/test/debug/snull-debug-rt.config
	frag=$ddir/snull-debug.config
	grep -o '^CONFIG_[A-Z0-9_]*' "$rt" | sed 's/$/=/' > "$ddir/rt-options"
	{ grep -vFf "$ddir/rt-options" "$top/test/debug/snull-debug.config"; grep '^CONFIG_' "$rt"; } > "$frag"
fi
aptopt=(-o Acquire::Check-Valid-Until=false -o DPkg::Lock::Timeout=600 -o APT::Sandbox::User=root)

if [ ! -f "$root/.snull-root" ]; then
	echo "debug-kernel: no sid root yet, preparing it (scripts/mkroot.sh sid)" >&2
	"$top/scripts/mkroot.sh" sid > /dev/null
fi
. "$(dirname "$0")/lib.sh"
candidate() { in_root apt-cache policy "$pkg" 2>/dev/null | sed -n 's/ *Candidate: //p'; }
ver=$(candidate)
if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
	in_root apt-get "${aptopt[@]}" -q update > /dev/null 2>&1 || true
	ver=$(candidate)
fi
[ -n "$ver" ] && [ "$ver" != "(none)" ] || { echo "debug-kernel: $pkg not in sid" >&2; exit 1; }

mkdir -p "$ddir"
key=$( (echo "sid $ver"; cat "$frag") | sha256sum | cut -c1-16)
if [ -f "$ddir/key" ] && [ "$(cat "$ddir/key")" = "$key" ] && [ -f "$ddir/kver" ] &&
	[ -f "$cache/kernels/$(cat "$ddir/kver")/vmlinuz" ] && [ -e "$root/lib/modules/$(cat "$ddir/kver")/build/Makefile" ]; then
	echo "debug-kernel: cached $(cat "$ddir/kver") (config+source $key)" >&2
	cat "$ddir/kver"
	exit 0
fi

start=$(date +%s)
need=()
for p in flex bison bc libelf-dev libssl-dev cpio kmod gcc-16 make xz-utils; do
	in_root dpkg -s "$p" > /dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
	echo "debug-kernel: installing ${need[*]} in the sid root" >&2
	in_root apt-get "${aptopt[@]}" -q -y install --no-install-recommends "${need[@]}" > "$ddir/apt.log" 2>&1 ||
		{ in_root apt-get "${aptopt[@]}" -q update > /dev/null 2>&1 || true
		  in_root apt-get "${aptopt[@]}" -q -y install --no-install-recommends "${need[@]}" > "$ddir/apt.log" 2>&1 ||
		  { tail -n 5 "$ddir/apt.log" >&2; exit 1; }; }
fi
rm -f "$ddir/key" "$ddir/kver"
dl=$root/tmp/snull-debug-dl
rm -rf "$dl" "$root$intree"
mkdir -p "$dl" "$root$intree"
trap 'rm -rf "$dl"' EXIT
echo "debug-kernel: fetching $pkg $ver in the sid root" >&2
in_root sh -c "cd /tmp/snull-debug-dl && apt-get $(printf '%q ' "${aptopt[@]}") download -q '$pkg=$ver'" > "$ddir/dl.log" 2>&1 ||
	{ tail -n 5 "$ddir/dl.log" >&2; exit 1; }
dpkg-deb --fsys-tarfile "$dl"/"$pkg"_*_all.deb | tar -xO "./usr/src/$pkg.tar.xz" |
	tar -xJ -C "$root$intree" --strip-components=1
rm -rf "$dl"
# objtool reads /proc (as in scripts/build-modules.sh)
if ! mountpoint -q "$root/proc"; then
	mount -t proc proc "$root/proc"
	trap 'umount -l "$root/proc"' EXIT
fi
cp "$frag" "$root$intree/snull-debug.config"
# what Debian's headers say too: the compiler is gcc-16
printf 'CC = gcc-16\nHOSTCC = gcc-16\n' > "$root$intree/.kernelvariables"
kmake() { in_root make -C "$intree" CC=gcc-16 HOSTCC=gcc-16 "$@"; }
kmake -s allnoconfig KCONFIG_ALLCONFIG=snull-debug.config > /dev/null
kmake -s olddefconfig > /dev/null
miss=0
while IFS= read -r line; do
	case $line in
	CONFIG_*=n) opt=${line%%=*}; grep -q "^$opt=" "$root$intree/.config" && { echo "debug-kernel: $opt is set" >&2; miss=1; } ;;
	CONFIG_*) grep -qxF "$line" "$root$intree/.config" || { echo "debug-kernel: $line did not stick: $(grep "^${line%%=*}=" "$root$intree/.config" || echo unset)" >&2; miss=1; } ;;
	esac
done < "$frag"
[ $miss = 0 ] || exit 1
echo "debug-kernel: building $pkg $ver in the sid root (make -j$(nproc) bzImage modules, gcc-16)" >&2
kmake -j"$(nproc)" -s bzImage modules > "$ddir/build.log" 2>&1 || { tail -40 "$ddir/build.log" >&2; exit 1; }
kver=$(kmake -s kernelrelease)
rm -rf "$cache/kernels/$kver" "$root/tmp/snull-debug-mods"
mkdir -p "$cache/kernels/$kver"
kmake -s modules_install INSTALL_MOD_PATH=/tmp/snull-debug-mods > /dev/null
mv "$root/tmp/snull-debug-mods/lib/modules/$kver" "$cache/kernels/$kver/modules"
rm -rf "$root/tmp/snull-debug-mods"
rm -f "$cache/kernels/$kver/modules/build" "$cache/kernels/$kver/modules/source"
cp "$root$intree/arch/x86/boot/bzImage" "$cache/kernels/$kver/vmlinuz"
kmake -s modules_prepare > /dev/null
mkdir -p "$root/lib/modules/$kver"
# relative, so that the host sees it inside the root too
# (sid's /lib is a link to usr/lib: computed from the real directory)
ln -sfn "$(realpath --relative-to="$(realpath "$root/lib/modules/$kver")" "$root$intree")" \
	"$root/lib/modules/$kver/build"
echo "$kver" > "$ddir/kver"
echo "$key" > "$ddir/key"
echo "$(( $(date +%s) - start ))" > "$ddir/build-seconds"
echo "debug-kernel: built $kver in $(( $(date +%s) - start )) s" >&2
echo "$kver"
