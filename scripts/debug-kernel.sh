#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build (or reuse) a debug kernel for the reliability lane and the in-kernel
# fuzzer: Debian's linux-source-<series> with test/debug/snull-debug.config
# (KASAN, lockdep, kmemleak, debug objects, UBSAN, kcov, fault injection);
# a series ending in -rt takes test/debug/snull-debug-rt.config on top
# (PREEMPT_RT).  One recipe, run where that source's own compiler is:
#   debug-kernel.sh [SERIES]   6.12 (default): bookworm's linux-source-6.12,
#                              built on this host with its gcc-12; the tree
#                              stays in $SNULL_CACHE/debug/tree;
#                              7.x[-rt]: sid's linux-source-7.x, built inside
#                              the sid root (scripts/mkroot.sh) with its
#                              gcc-16, as a sid machine builds it; the tree
#                              stays in the root as /usr/src/snull-debug-<series>,
#                              linked from its /lib/modules/<kver>/build
# scripts/build-modules.sh finds either tree (scripts/lib.sh, snull_ktree).
# The image and modules go to $SNULL_CACHE/kernels/<kver>/ like every guest
# kernel.  Cached by the hash of the config fragment and the source package
# version; prints the kernel release on its last line.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/lib.sh"
cache=$snull_cache
series=${1:-6.12}
base=${series%-rt}
pkg=linux-source-$base
case $base in
6.12)
	root= rel=bookworm cc=gcc ddir=$cache/debug
	[ "$series" = "$base" ] || ddir=$cache/debug-$series
	intree=$ddir/tree
	aptopt=(-o APT::Sandbox::User=root)
	;;
7.*)
	root=$cache/roots/sid rel=sid cc=gcc-16 ddir=$cache/debug-$series
	intree=/usr/src/snull-debug-$series
	aptopt=(-o Acquire::Check-Valid-Until=false -o DPkg::Lock::Timeout=600 -o APT::Sandbox::User=root)
	;;
*) echo "debug-kernel: no recipe for $pkg (6.12 or 7.x, each with -rt)" >&2; exit 1 ;;
esac
# where the recipe runs: this host, or the sid root
run() { if [ -n "$root" ]; then in_root "$@"; else "$@"; fi; }
where=${root:+ in the sid root}
mkdir -p "$ddir"
frag=$top/test/debug/snull-debug.config
if [ "$series" != "$base" ]; then
	# the base fragment without the options the rt one sets, then those
	rt=$top/test/debug/snull-debug-rt.config
	frag=$ddir/snull-debug.config
	grep -o '^CONFIG_[A-Z0-9_]*' "$rt" | sed 's/$/=/' > "$ddir/rt-options"
	{ grep -vFf "$ddir/rt-options" "$top/test/debug/snull-debug.config"; grep '^CONFIG_' "$rt"; } > "$frag"
fi

if [ -n "$root" ] && [ ! -f "$root/.snull-root" ]; then
	echo "debug-kernel: no sid root yet, preparing it (scripts/mkroot.sh sid)" >&2
	"$top/scripts/mkroot.sh" sid > /dev/null
fi
candidate() { run apt-cache policy "$pkg" 2>/dev/null | sed -n 's/ *Candidate: //p'; }
ver=$(candidate)
if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
	run apt-get "${aptopt[@]}" -q update > /dev/null 2>&1 || true
	ver=$(candidate)
fi
[ -n "$ver" ] && [ "$ver" != "(none)" ] || { echo "debug-kernel: $pkg not in $rel" >&2; exit 1; }

# the cache key's first line names the release for the root's builds
key=$( (echo "${root:+sid }$ver"; cat "$frag") | sha256sum | cut -c1-16)
if [ -f "$ddir/key" ] && [ "$(cat "$ddir/key")" = "$key" ] && [ -f "$ddir/kver" ] &&
	[ -f "$cache/kernels/$(cat "$ddir/kver")/vmlinuz" ] &&
	{ [ -z "$root" ] || [ -e "$root/lib/modules/$(cat "$ddir/kver")/build/Makefile" ]; }; then
	echo "debug-kernel: cached $(cat "$ddir/kver") (config+source $key)" >&2
	cat "$ddir/kver"
	exit 0
fi

start=$(date +%s)
need=()
for p in flex bison bc libelf-dev libssl-dev dwarves cpio kmod make xz-utils $cc; do
	run dpkg -s "$p" > /dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
	echo "debug-kernel: installing ${need[*]}$where" >&2
	run apt-get "${aptopt[@]}" -q -y install --no-install-recommends "${need[@]}" > "$ddir/apt.log" 2>&1 ||
		{ run apt-get "${aptopt[@]}" -q update > /dev/null 2>&1 || true
		  run apt-get "${aptopt[@]}" -q -y install --no-install-recommends "${need[@]}" > "$ddir/apt.log" 2>&1 ||
		  { tail -n 5 "$ddir/apt.log" >&2; exit 1; }; }
fi
rm -f "$ddir/key" "$ddir/kver"
# the source, unpacked into the tree (on the host: $root is empty)
dl=/tmp/snull-debug-dl
rm -rf "$root$dl" "$root$intree"
mkdir -p "$root$dl" "$root$intree"
trap 'rm -rf "$root$dl"' EXIT
echo "debug-kernel: fetching $pkg $ver$where" >&2
run sh -c "cd $dl && apt-get $(printf '%q ' "${aptopt[@]}") download -q '$pkg=$ver'" > "$ddir/dl.log" 2>&1 ||
	{ tail -n 5 "$ddir/dl.log" >&2; exit 1; }
dpkg-deb --fsys-tarfile "$root$dl"/"$pkg"_*_all.deb | tar -xO "./usr/src/$pkg.tar.xz" |
	tar -xJ -C "$root$intree" --strip-components=1
rm -rf "$root$dl"
# objtool reads /proc (as in scripts/build-modules.sh)
if [ -n "$root" ] && ! mountpoint -q "$root/proc"; then
	mount -t proc proc "$root/proc"
	trap 'umount -l "$root/proc"' EXIT
fi
cp "$frag" "$root$intree/snull-debug.config"
# what Debian's headers say too: the compiler is the release's
printf 'CC = %s\nHOSTCC = %s\n' "$cc" "$cc" > "$root$intree/.kernelvariables"
kmake() { run make -C "$intree" CC="$cc" HOSTCC="$cc" "$@"; }
kmake -s allnoconfig KCONFIG_ALLCONFIG=snull-debug.config > /dev/null
kmake -s olddefconfig > /dev/null
# every option of the fragment must have survived (a missing dependency
# would silently drop it)
miss=0
while IFS= read -r line; do
	case $line in
	CONFIG_*=n) opt=${line%%=*}; grep -q "^$opt=" "$root$intree/.config" && { echo "debug-kernel: $opt is set" >&2; miss=1; } ;;
	CONFIG_*) grep -qxF "$line" "$root$intree/.config" || { echo "debug-kernel: $line did not stick: $(grep "^${line%%=*}=" "$root$intree/.config" || echo unset)" >&2; miss=1; } ;;
	esac
done < "$frag"
[ $miss = 0 ] || exit 1
echo "debug-kernel: building $pkg $ver$where (make -j$(nproc) bzImage modules, $cc)" >&2
kmake -j"$(nproc)" -s bzImage modules > "$ddir/build.log" 2>&1 || { tail -40 "$ddir/build.log" >&2; exit 1; }
kver=$(kmake -s kernelrelease)
mods=/tmp/snull-debug-mods
rm -rf "$cache/kernels/$kver" "$root$mods"
mkdir -p "$cache/kernels/$kver"
kmake -s modules_install INSTALL_MOD_PATH=$mods > /dev/null
mv "$root$mods/lib/modules/$kver" "$cache/kernels/$kver/modules"
rm -rf "$root$mods"
rm -f "$cache/kernels/$kver/modules/build" "$cache/kernels/$kver/modules/source"
cp "$root$intree/arch/x86/boot/bzImage" "$cache/kernels/$kver/vmlinuz"
kmake -s modules_prepare > /dev/null
if [ -n "$root" ]; then
	mkdir -p "$root/lib/modules/$kver"
	# relative, so that the host sees it inside the root too
	# (sid's /lib is a link to usr/lib: computed from the real directory)
	ln -sfn "$(realpath --relative-to="$(realpath "$root/lib/modules/$kver")" "$root$intree")" \
		"$root/lib/modules/$kver/build"
fi
echo "$kver" > "$ddir/kver"
echo "$key" > "$ddir/key"
echo "$(( $(date +%s) - start ))" > "$ddir/build-seconds"
echo "debug-kernel: built $kver in $(( $(date +%s) - start )) s" >&2
echo "$kver"
