#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The guest root of the kernel's driver selftests (scripts/drvtest.sh): a
# debootstrap'd sid with what tools/testing/selftests/drivers/net needs
# (Python with PyYAML for lib/py and pyynl, iproute2 and ethtool with JSON
# output, socat, iperf3, bpftrace, bpftool), and the C helpers of the
# tests, built with that root's compiler from the selftests' sources.
#   drvtest-root.sh KSRC     KSRC: the unpacked source (scripts/kselftest-src.sh)
# Root: $SNULL_CACHE/drvtest/root, rebuilt when the package list changes;
# the helpers go to $SNULL_CACHE/drvtest/helpers/<source version>/.  Prints
# the root's directory on its last line.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/lib.sh"
ksrc=${1:?usage: drvtest-root.sh KSRC}
base=$snull_cache/drvtest
root=$base/root
mirror=http://deb.debian.org/debian
aptopt=(-o Acquire::Check-Valid-Until=false -o DPkg::Lock::Timeout=600 -o APT::Sandbox::User=root)
pkgs="python3 python3-yaml socat ethtool iproute2 iputils-ping iperf3 bpftrace bpftool kmod procps"
log=$base/root.log
mkdir -p "$base"

if [ "$(cat "$root/.snull-drvtest" 2> /dev/null)" != "$pkgs" ]; then
	echo "drvtest-root: debootstrap sid with: $pkgs" >&2
	rm -rf "$root"
	debootstrap --variant=minbase sid "$root" "$mirror" > "$log" 2>&1 ||
		{ tail -n 5 "$log" >&2; exit 1; }
	echo "deb $mirror sid main" > "$root/etc/apt/sources.list"
	# shellcheck disable=SC2086
	in_root apt-get "${aptopt[@]}" -q update >> "$log" 2>&1 &&
		in_root apt-get "${aptopt[@]}" -q -y --no-install-recommends install $pkgs >> "$log" 2>&1 ||
		{ tail -n 5 "$log" >&2; exit 1; }
	in_root apt-get clean
	rm -rf "$root"/var/lib/apt/lists/*
	echo "$pkgs" > "$root/.snull-drvtest"
fi

# the tests' C helpers (napi_id.py's, so_txtime.py's, queues.py's AF_XDP
# one, gro.py's),
# static, so that the host's compiler and C library serve any guest root;
# the BPF objects the tests load
ver=$(cut -d' ' -f2 < "$ksrc/.source")
hdir=$base/helpers/$ver
if [ ! -f "$hdir/.complete" ]; then
	st=$ksrc/tools/testing/selftests
	rm -rf "$hdir"
	mkdir -p "$hdir/src"
	cp "$st/drivers/net/napi_id_helper.c" "$st/drivers/net/so_txtime.c" \
		"$st/net/lib/xdp_helper.c" "$st/net/lib/gro.c" \
		"$st/net/lib/ksft.h" "$st/kselftest.h" "$hdir/src/"
	# napi_id_helper.c includes ../../net/lib/ksft.h
	sed -i 's|"../../net/lib/ksft.h"|"ksft.h"|' "$hdir/src/napi_id_helper.c"
	for h in napi_id_helper so_txtime xdp_helper gro; do
		gcc -O2 -static -w -o "$hdir/$h" "$hdir/src/$h.c" >> "$log" 2>&1 ||
			echo "drvtest-root: $h did not build (see $log)" >&2
	done
	# the XDP programs (ping.py's, xdp.py's), with the host's clang and
	# libbpf headers (scripts/deps.sh)
	for b in xdp_dummy xdp_native xdp_metadata; do
		clang -O2 -g -target bpf -I/usr/include/x86_64-linux-gnu \
			-c "$st/net/lib/$b.bpf.c" -o "$hdir/$b.bpf.o" >> "$log" 2>&1 ||
			echo "drvtest-root: $b.bpf.o did not build (see $log)" >&2
	done
	rm -rf "$hdir/src"
	touch "$hdir/.complete"
fi
echo "$root"
