#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build a busybox initramfs for the test VMs of one kernel:
#   mkinitramfs.sh KVER OUT.cpio.gz
# Contents: busybox, the host's iproute2 (ip, tc) and ethtool with their
# libraries, test/guest/sntool (static), snull.ko from build/KVER, the
# kernel's netconsole and configfs modules, and test/vm/*.sh.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
kv=$1 out=$2
cache=${SNULL_CACHE:-/var/cache/snull}
kdir=$cache/kernels/$kv
[ -f "$kdir/vmlinuz" ] || { echo "mkinitramfs: no guest kernel $kv in $kdir (run scripts/deps.sh)" >&2; exit 1; }
[ -f "$top/build/$kv/snull.ko" ] || { echo "mkinitramfs: build/$kv/snull.ko missing (make modules)" >&2; exit 1; }

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,run/netns,var/run,etc,lib/modules,snull,root}
cp /bin/busybox "$root/bin/busybox"
for a in $(/bin/busybox --list); do
	[ -e "$root/bin/$a" ] || ln -s busybox "$root/bin/$a"
done

# Real tools, called by absolute path from the tests (busybox's shell
# prefers its own applets of the same name).
copy_bin() {
	local b=$1 dst=$2 lib
	cp "$b" "$root$dst"
	for lib in $(ldd "$b" | grep -o '/[^ ]*'); do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}
mkdir -p "$root/opt/bin"
copy_bin "$(readlink -f /usr/bin/ip 2>/dev/null || readlink -f /bin/ip)" /opt/bin/ip
copy_bin "$(readlink -f /sbin/tc 2>/dev/null || readlink -f /usr/sbin/tc)" /opt/bin/tc
copy_bin /usr/sbin/ethtool /opt/bin/ethtool
# the IPv6 netconsole test's solicitations (Debian's ndisc6)
copy_bin /usr/bin/ndisc6 /opt/bin/ndisc6
# the bench's TCP and UDP runs (Debian's iperf3; absent, the bench skips them)
[ -x /usr/bin/iperf3 ] && copy_bin /usr/bin/iperf3 /opt/bin/iperf3
g=$top/test/guest
gcc -O2 -Wall -static -o "$root/opt/bin/sntool" "$g"/sntool*.c "$g/guest.c"
gcc -O2 -Wall -static -o "$root/opt/bin/snfuzz" "$g/snfuzz.c" "$g/guest.c"

cp "$top/build/$kv/snull.ko" "$root/lib/modules/snull.ko"
# the test-only module of test/hostile, where it was built
[ -f "$top/build/$kv/snull_hostile.ko" ] &&
	cp "$top/build/$kv/snull_hostile.ko" "$root/lib/modules/snull_hostile.ko"
# Kernel modules the tests load, with their dependencies in load order
# (lib/modules/<name>.order); built-in ones are simply absent.
declare -A seen=()
modfile() { find "$kdir/modules/kernel" -name "$1.ko" -o -name "$1.ko.xz" | head -n 1; }
add_mod() { # add_mod NAME ORDERFILE
	local m=$1 f d
	[ -n "${seen[$m]:-}" ] && { grep -qx "$m" "$2" 2>/dev/null || echo "$m" >> "$2"; return; }
	seen[$m]=1
	f=$(modfile "$m")
	[ -n "$f" ] || return 0
	for d in $(modinfo -F depends "$f" | tr ',' ' '); do add_mod "$d" "$2"; done
	case $f in
	*.xz) xz -dc "$f" > "$root/lib/modules/$m.ko" ;;
	*) cp "$f" "$root/lib/modules/$m.ko" ;;
	esac
	grep -qx "$m" "$2" 2>/dev/null || echo "$m" >> "$2"
}
for m in configfs netconsole virtio_net virtio_pci virtio_blk pktgen veth sch_fq sch_prio sch_etf \
	sch_ingress cls_fw cls_flower cls_matchall act_skbedit 8021q crc32c_generic ext4; do
	seen=()
	add_mod "$m" "$root/lib/modules/$m.order"
done
cp "$top"/test/vm/*.sh "$root/snull/"
# the kernel's netconsole selftests, their tools and stand-ins
# (test/vm/kselftest.sh), in the guests of scripts/kselftest.sh only
if [ "${SNULL_KSELFTEST:-0}" = 1 ]; then
	"$top/scripts/kselftest-initramfs.sh" "$kv" "$root"
fi
# a failed fuzz round's operations, to run again (test/vm/fuzz.sh)
if [ -n "${SNULL_REPLAY_DIR:-}" ]; then
	mkdir -p "$root/snull/replay"
	cp "$SNULL_REPLAY_DIR"/replay.* "$root/snull/replay/"
fi
mkdir -p "$root/snull/badinput"
cp "$top"/test/badinput/*.txt "$root/snull/badinput/"
echo "$kv" > "$root/etc/kver"

install -m 0755 "$top/test/vm/init" "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 > "$out"
