#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Add what test/vm/kselftest.sh needs to a test initramfs being built:
#   kselftest-initramfs.sh KVER ROOT      (called by scripts/mkinitramfs.sh)
# - /kselftest/tools/testing/selftests: the netconsole selftests and what
#   they source (drivers/net/netconsole, drivers/net/lib/sh, net/lib.sh,
#   net/lib/sh), from the package unpacked by scripts/kselftest-src.sh
#   ($SNULL_KSELFTEST_SRC, else $SNULL_CACHE/kselftest/current, the newest
#   kernel's); absent, nothing is added and the
#   guest reports the selftests as skipped;
# - /opt/ksft/bin: the host's real tools the scripts call, with their
#   libraries (busybox's applets lack options they use, or are missing:
#   bash, socat, jq, pkill);
# - /opt/ksft/shim: modprobe, rmmod, modinfo and udevadm stand-ins
#   (test/kselftest/shim.sh);
# - /snull/kselftest: the BASH_ENV hook and the device-helper overrides.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
kv=$1 root=$2
cache=${SNULL_CACHE:-/var/cache/snull}
src=${SNULL_KSELFTEST_SRC:-$cache/kselftest/current}
ks=$src/tools/testing/selftests
if [ ! -f "$ks/drivers/net/lib/sh/lib_netcons.sh" ]; then
	echo "kselftest-initramfs: no selftests in $src (scripts/kselftest-src.sh): $kv's guest will skip them" >&2
	exit 0
fi

dst=$root/kselftest/tools/testing/selftests
mkdir -p "$dst/drivers/net" "$dst/net"
cp -a "$ks/drivers/net/netconsole" "$dst/drivers/net/"
mkdir -p "$dst/drivers/net/lib"
cp -a "$ks/drivers/net/lib/sh" "$dst/drivers/net/lib/"
cp -a "$ks/net/lib.sh" "$dst/net/"
mkdir -p "$dst/net/lib"
cp -a "$ks/net/lib/sh" "$dst/net/lib/"
cp "$src/.source" "$root/kselftest/.source"

# real tools, each with the libraries ldd names
copy_tool() {
	local b lib
	b=$(type -P "$1") || { echo "kselftest-initramfs: $1 missing on the host (scripts/deps.sh)" >&2; exit 1; }
	# pkill is pgrep under another name: keep the name it is called by
	cp "$(readlink -f "$b")" "$root/opt/ksft/bin/$1"
	for lib in $(ldd "$b" 2> /dev/null | grep -o '/[^ ]*'); do
		[ -e "$root$lib" ] && continue
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}
mkdir -p "$root/opt/ksft/bin" "$root/opt/ksft/shim" "$root/snull/kselftest"
for t in bash socat jq taskset timeout pkill \
	 readlink find xargs date mktemp seq nproc grep sed cut head tail sort \
	 tr cat env basename dirname id sleep rm rmdir mkdir ls wc uname stat \
	 tee touch mv cp ln printf sysctl; do
	copy_tool "$t"
done
# the scripts' shebang (#!/usr/bin/env bash), for running one by hand
mkdir -p "$root/usr/bin"
[ -e "$root/usr/bin/env" ] || ln -s /opt/ksft/bin/env "$root/usr/bin/env"
[ -e "$root/usr/bin/bash" ] || ln -s /opt/ksft/bin/bash "$root/usr/bin/bash"

cp "$top/test/kselftest/shim.sh" "$root/opt/ksft/shim/ksft-shim"
chmod +x "$root/opt/ksft/shim/ksft-shim"
for s in modprobe rmmod modinfo udevadm; do
	ln -sf ksft-shim "$root/opt/ksft/shim/$s"
done
cp "$top"/test/kselftest/*.bash "$root/snull/kselftest/"
