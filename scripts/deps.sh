#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install everything `make modules`, `make check` and `make demo` need on a
# Debian 12 host, and unpack the guest kernels into the cache.  Idempotent:
# a second run only checks.  Prints the resolved kernel releases at the end.
set -euo pipefail

CACHE=${SNULL_CACHE:-/var/cache/snull}
STAMP=$CACHE/deps.stamp
export DEBIAN_FRONTEND=noninteractive

HOST_PKGS="build-essential bc kmod sparse perl xz-utils cpio gzip
	qemu-system-x86 busybox-static iproute2 ethtool iputils-ping
	clang libclang-rt-14-dev python3 dpkg-dev debhelper dh-dkms dkms lintian
	debootstrap fakeroot git e2fsprogs gnuplot-nox iperf3 ndisc6 socat jq procps libbpf-dev
	linux-headers-cloud-amd64 linux-headers-6.12-cloud-amd64"

apt_get() {
	apt-get -o DPkg::Lock::Timeout=600 -q -y "$@"
}

# Newest 6.1 and 6.12 cloud kernel releases Debian's archive offers, taken
# from the meta-packages so that we follow security updates.
kver_of() {
	apt-cache depends "$1" 2>/dev/null |
		sed -n 's/.*Depends: linux-headers-\([0-9].*-cloud-amd64\)$/\1/p' | head -n1
}

need_install=0
for p in $HOST_PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		need_install=1
done
if [ "$need_install" = 1 ] || [ ! -f "$STAMP" ]; then
	if [ ! -f "$STAMP" ] || [ "$need_install" = 1 ]; then
		apt_get update >/dev/null
	fi
	# shellcheck disable=SC2086
	apt_get install --no-install-recommends $HOST_PKGS >/dev/null
fi

mkdir -p "$CACHE/kernels"
KVERS=""
for meta in linux-headers-cloud-amd64 linux-headers-6.12-cloud-amd64; do
	kv=$(kver_of "$meta")
	[ -n "$kv" ] || { echo "deps: cannot resolve kernel for $meta" >&2; exit 1; }
	KVERS="$KVERS $kv"
	dst=$CACHE/kernels/$kv
	if [ ! -f "$dst/vmlinuz" ]; then
		tmp=$(mktemp -d)
		(cd "$tmp" && apt-get -o APT::Sandbox::User=root download -q "linux-image-$kv-unsigned" >/dev/null 2>&1 ||
			apt-get -o APT::Sandbox::User=root download -q "linux-image-$kv" >/dev/null)
		rm -rf "$dst.tmp" && mkdir -p "$dst.tmp"
		dpkg-deb -x "$tmp"/linux-image-*.deb "$dst.tmp/root"
		cp "$dst.tmp/root/boot/vmlinuz-$kv" "$dst.tmp/vmlinuz"
		mv "$dst.tmp/root/lib/modules/$kv" "$dst.tmp/modules"
		rm -rf "$dst.tmp/root" "$tmp" "$dst"
		mv "$dst.tmp" "$dst"
	fi
done

# checkpatch.pl and its companions from linux-source-6.12 (see
# scripts/checkpatch.sh); fetched once.
if [ ! -f "$CACHE/checkpatch/checkpatch.pl" ]; then
	tmp=$(mktemp -d)
	(cd "$tmp" && apt-get -o APT::Sandbox::User=root download -q linux-source-6.12 >/dev/null)
	mkdir -p "$CACHE/checkpatch.tmp"
	dpkg-deb --fsys-tarfile "$tmp"/linux-source-6.12_*_all.deb |
		tar -xO ./usr/src/linux-source-6.12.tar.xz |
		tar -xJ -C "$CACHE/checkpatch.tmp" --strip-components=2 \
			linux-source-6.12/scripts/checkpatch.pl \
			linux-source-6.12/scripts/spelling.txt \
			linux-source-6.12/scripts/const_structs.checkpatch
	rm -rf "$tmp" "$CACHE/checkpatch"
	mv "$CACHE/checkpatch.tmp" "$CACHE/checkpatch"
fi

# Debian 13's and sid's newest cloud kernels, experimental's when it is
# ahead of sid, and the rt flavours of Debian 13 and sid: built in
# debootstrap'd roots of those releases (scripts/mkroot.sh), which also
# fetch the guest kernels.
root_kver() { # root_kver SUITE FLAVOUR
	local kv
	kv=$("$(dirname "$0")/mkroot.sh" "$1" "$2" | tail -n 1) ||
		{ echo "deps: cannot prepare the $1 $2 build root" >&2; return 1; }
	echo "$kv"
}
ktrixie=$(root_kver trixie cloud)
ksid=$(root_kver sid cloud)
kexp=$(root_kver experimental cloud)
[ "$kexp" = none ] && kexp=
krt=$(root_kver trixie rt)
krt="$krt $(root_kver sid rt)"
KVERS="$KVERS $ktrixie $ksid $kexp $krt"

touch "$STAMP"
# kvers: every kernel of the matrix (make modules builds them all):
# Debian 12's 6.1 and 6.12 first, then Debian 13's 6.12, sid's newest,
# experimental's (when newer than sid's) and the rt flavours.  What make
# check runs on each (docs/testing.md, "The kernel matrix"):
# kvers.suite: the whole VM suite, panic test and stress: 6.1, 6.12 and the
#   newest cloud kernel (experimental's, else sid's)
# kvers.load: the reduced run (scripts/check.sh): Debian 13's 6.12 (the
#   same kernel as Debian 12's, built by gcc-14) and sid's kernel while
#   experimental's is newer (the same code paths as 7.3's but the netpoll
#   setup, which 6.1 and 6.12 share with it)
# kvers.rt: the rt run (scripts/check.sh) on the rt flavours
echo "$KVERS" | tr ' ' '\n' | sed '/^$/d' > "$CACHE/kvers"
knew=${kexp:-$ksid}
printf '%s\n' "$(sed -n 1p "$CACHE/kvers")" "$(sed -n 2p "$CACHE/kvers")" "$knew" > "$CACHE/kvers.suite"
printf '%s\n' "$ktrixie" ${kexp:+"$ksid"} > "$CACHE/kvers.load"
printf '%s\n' $krt > "$CACHE/kvers.rt"
# experimental's kernel, when ahead of sid's (else empty)
printf '%s' "${kexp:+$kexp
}" > "$CACHE/kvers.experimental"
cat "$CACHE/kvers"
