#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A debootstrap'd build root for a Debian release whose kernels the host
# cannot compile for (trixie: gcc-14, sid and experimental: gcc-16 and their
# kbuild), with that release's newest kernel headers of one flavour, sparse
# and perl, as DKMS would build on that system.
#   mkroot.sh SUITE [FLAVOUR]     SUITE: trixie, sid or experimental
#                                 FLAVOUR: cloud (default) or rt
# Root: $SNULL_CACHE/roots/SUITE (kept unpacked; apt lists refreshed at most
# every 12 hours so that the matrix follows the release).  experimental's
# root is sid's with experimental's lists added, as on a sid system that
# installs a kernel from experimental (apt -t experimental).  Prints the
# kernel release the root builds for on its last line, and downloads that
# kernel's image and modules into $SNULL_CACHE/kernels/<kver> for the test
# VMs.  For experimental, when it has no kernel newer than sid's, prints
# "none" on the last line instead (the matrix says so and goes on).
set -euo pipefail
suite=$1
flavour=${2:-cloud}
case $flavour in cloud|rt) ;; *) echo "mkroot: unknown flavour $flavour" >&2; exit 1 ;; esac
cache=${SNULL_CACHE:-/var/cache/snull}
root=$cache/roots/$suite
mirror=http://deb.debian.org/debian
export DEBIAN_FRONTEND=noninteractive
# sid's and experimental's Release files are past their Valid-Until date on
# the build machine's clock
aptopt=(-o Acquire::Check-Valid-Until=false -o DPkg::Lock::Timeout=600 -o APT::Sandbox::User=root)
# experimental's packages are candidates only when asked for
target=()
[ "$suite" = experimental ] && target=(-o APT::Default-Release=experimental)
log=$cache/roots/$suite.log
mkdir -p "$cache/roots"
# debootstrap knows experimental only as the sid it sits on
bootstrap=$suite
[ "$suite" = experimental ] && bootstrap=sid

mounted() { mountpoint -q "$root/proc"; }
# only what this script mounted: a debug kernel build in the root may be
# using the /proc it found there
ours=0
cleanup() { [ "$ours" = 1 ] && umount -l "$root/proc"; return 0; }
trap cleanup EXIT
. "$(dirname "$0")/lib.sh"

if [ ! -f "$root/.snull-root" ]; then
	echo "mkroot: debootstrap $bootstrap for $suite (first run only)" >&2
	rm -rf "$root"
	debootstrap --variant=minbase --include=ca-certificates "$bootstrap" "$root" "$mirror" \
		> "$log" 2>&1 || { tail -n 5 "$log" >&2; exit 1; }
	touch -d '2000-01-01' "$root/.snull-root"
fi
# What a Debian system of that release sees (the kernel a trixie user runs
# comes from the point release, -updates or -security, as in
# check-package.sh); a changed list forces a refresh below.
src="deb $mirror $bootstrap main"
if [ "$suite" = experimental ]; then
	src="$src
deb $mirror experimental main"
elif [ "$suite" != sid ]; then
	src="$src
deb $mirror $suite-updates main
deb $mirror-security $suite-security main"
fi
if [ "$(cat "$root/etc/apt/sources.list" 2>/dev/null)" != "$src" ]; then
	echo "$src" > "$root/etc/apt/sources.list"
	touch -d '2000-01-01' "$root/.snull-root"
fi
if ! mounted; then mount -t proc proc "$root/proc" && ours=1; fi
# objtool reads /proc; the kbuild scripts want a working /dev/null
[ -c "$root/dev/null" ] || mknod -m 666 "$root/dev/null" c 1 3

# refresh the lists at most every 12 hours
if [ -z "$(find "$root/.snull-root" -mmin -720)" ]; then
	in_root apt-get "${aptopt[@]}" -q update >> "$log" 2>&1 ||
		{ tail -n 5 "$log" >&2; exit 1; }
	touch "$root/.snull-root"
fi
# meta_kv META: the kernel release the meta-package META depends on
meta_kv() {
	in_root apt-cache "${target[@]}" depends "$1" 2>/dev/null |
		sed -n "s/.*Depends: linux-headers-\([0-9].*-$flavour-amd64\)\$/\1/p" | head -n 1
}
meta=linux-headers-$flavour-amd64
kv=$(meta_kv "$meta")
[ -n "$kv" ] || { echo "mkroot: $suite: cannot resolve $meta" >&2; exit 1; }
if [ "$suite" = experimental ]; then
	# experimental's kernel counts only while it is newer than sid's
	exp_ver=$(in_root apt-cache policy "$meta" | sed -n 's/^ *\(\*\*\* \)\?\([^ ]*\) 1$/\2/p' | head -n 1)
	sid_ver=$(in_root apt-cache policy "$meta" | sed -n 's/^ *\(\*\*\* \)\?\([^ ]*\) 500$/\2/p' | head -n 1)
	if [ -z "$exp_ver" ] || dpkg --compare-versions "$exp_ver" le "${sid_ver:-0}"; then
		echo "mkroot: experimental has no $flavour kernel newer than sid's (${sid_ver:-none})" >&2
		echo none
		exit 0
	fi
fi
if [ ! -d "$root/usr/src/linux-headers-$kv" ] || ! in_root sh -c 'command -v sparse' > /dev/null; then
	echo "mkroot: $suite: installing linux-headers-$kv, make, sparse, perl" >&2
	in_root apt-get "${aptopt[@]}" "${target[@]}" -q -y --no-install-recommends install \
		"linux-headers-$kv" make sparse perl kmod xz-utils zstd >> "$log" 2>&1 ||
		{ tail -n 5 "$log" >&2; exit 1; }
	in_root apt-get clean
fi

# Debian's 7.x headers packages lack scripts/checker-valid.sh, which kbuild
# runs for C=1; without it sparse is skipped with a notice.  Supply a
# stand-in that tells whether the checker runs at all.
for d in "$root"/usr/src/linux-headers-*-common*/scripts; do
	chk=$d/checker-valid.sh
	if [ -d "$d" ] && [ ! -e "$chk" ]; then
		printf '#!/bin/sh\n# snull mkroot.sh: stand-in for the file Debian does not ship\n"$@" -E -x c /dev/null > /dev/null 2>&1 && echo 1\n' > "$chk"
		chmod +x "$chk"
	fi
done

# the guest kernel: image and modules, as the Debian guests of deps.sh
dst=$cache/kernels/$kv
if [ ! -f "$dst/vmlinuz" ]; then
	echo "mkroot: $suite: fetching the $kv image and modules" >&2
	dl=$root/tmp/snull-dl
	rm -rf "$dl" "$dst.tmp"
	mkdir -p "$dl" "$dst.tmp/root"
	# sid splits the image (linux-binary-unsigned-*) from the modules
	# (linux-modules-*); older releases ship one linux-image-* package
	if in_root apt-cache "${target[@]}" show "linux-binary-unsigned-$kv" > /dev/null 2>&1; then
		pkgs=("linux-binary-unsigned-$kv" "linux-modules-$kv")
	elif in_root apt-cache show "linux-image-$kv-unsigned" > /dev/null 2>&1; then
		pkgs=("linux-image-$kv-unsigned")
	else
		pkgs=("linux-image-$kv")
	fi
	(cd "$dl" && chroot "$root" sh -c "cd /tmp/snull-dl && apt-get -o APT::Sandbox::User=root -o Acquire::Check-Valid-Until=false ${target[*]} download -q ${pkgs[*]}") >> "$log" 2>&1 ||
		{ tail -n 5 "$log" >&2; exit 1; }
	for d in "$dl"/*.deb; do dpkg-deb -x "$d" "$dst.tmp/root"; done
	img=$(find "$dst.tmp/root" \( -name "vmlinuz-$kv" -o -name 'vmlinuz.unsigned' -o -name vmlinuz \) -type f | head -n 1)
	mods=$(find "$dst.tmp/root" -type d -path "*/lib/modules/$kv" | head -n 1)
	[ -n "$img" ] && [ -n "$mods" ] || { echo "mkroot: $suite: no image or modules in ${pkgs[*]}" >&2; exit 1; }
	cp "$img" "$dst.tmp/vmlinuz"
	mv "$mods" "$dst.tmp/modules"
	rm -rf "$dst.tmp/root" "$dl" "$dst"
	mv "$dst.tmp" "$dst"
fi
echo "$kv" > "$cache/roots/$suite.$flavour.kver"
echo "$kv"
