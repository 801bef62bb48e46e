#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Panic test: the guest's only NIC is a virtio-net wired to a UDP socket on
# this machine's 127.0.0.1; snull's client streams over it and the guest
# crashes (sysrq c).  Passes when the panic text reaches the host.
#   panictest.sh KVER OUTDIR      (prints PASS/FAIL lines)
# SNULL_PANIC_FLOOD=1: the guest floods the log from every CPU first
# (scripts/panicrate.sh).
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
kv=$1 out=$2
cache=${SNULL_CACHE:-/var/cache/snull}
mkdir -p "$out"
"$top/scripts/mkinitramfs.sh" "$kv" "$out/initramfs.cpio.gz" || exit 1
# a free pair of ports on loopback
# The flood boots have no console but the client's (no VGA either) and a
# log of 8 MB: an emulated UART at console loglevel 8 prints far slower
# than the flood writes, and with Debian's 128 kB log the flood, which
# runs on until the panic has stopped its CPU, overwrote the panic line
# in the kernel's log before any console had it (6.1, whose legacy
# consoles all print in step: 10 boots of 20).
con=console=ttyS0 novga=
[ -n "${SNULL_PANIC_FLOOD:-}" ] && con=log_buf_len=8M novga="-vga none"
# A guest dead before its script started is booted once more (as in vmrun.sh).
for attempt in 1 2; do
	p1=$(( 20000 + RANDOM % 20000 )); p2=$((p1 + 1))
	python3 "$top/test/host/udp_frames.py" "$p1" 6666 60 "$out/received.txt" &
	lpid=$!
	sleep 0.5
	timeout 300 qemu-system-x86_64 -accel tcg -cpu max -smp 2 -m 1024 \
		-display none -monitor none -no-reboot \
		-netdev "socket,id=n0,udp=127.0.0.1:$p1,localaddr=127.0.0.1:$p2" \
		-device virtio-net-pci,netdev=n0,mac=52:54:00:00:00:01 \
		-kernel "$cache/kernels/$kv/vmlinuz" -initrd "$out/initramfs.cpio.gz" \
		-serial "file:$out/console.log" -serial "file:$out/out.log" $novga \
		-append "$con panic=-1 loglevel=4 snulltest=panic ${SNULL_PANIC_FLOOD:+snullflood=1}" >/dev/null 2>&1
	# the listener ends after a quiet second, once it has read everything
	kill -USR1 $lpid 2>/dev/null; wait $lpid 2>/dev/null
	sed -i 's/\r$//' "$out/out.log" "$out/console.log"
	grep -q SNULL-GUEST-START "$out/out.log" && break
	[ $attempt = 2 ] && break
	why=$(grep -Ea -m1 'Oops|BUG:|Kernel panic|general protection' "$out/console.log" | cut -c1-160)
	echo "RETRY panic/$kv: guest died before its script started (${why:-no report}); booted again"
	cp "$out/console.log" "$out/console.first.log"
done
if grep -q 'Kernel panic - not syncing' "$out/received.txt" 2>/dev/null; then
	echo "PASS panic/$kv: host received: $(grep -a 'Kernel panic' "$out/received.txt" | head -n 1)"
	echo "  $(grep -ac . "$out/received.txt") lines received on 127.0.0.1:$p1, last: $(tail -n 1 "$out/received.txt" | cut -c1-100)"
else
	echo "FAIL panic/$kv: no panic text on the host (guest: $(tr '\n' ' ' < "$out/out.log" | cut -c1-200))"
fi
# frames this host's socket dropped: the harness's loss, not the guest's
hd=$(cat "$out/received.txt.hostdrops" 2>/dev/null || echo 0)
[ "$hd" = 0 ] || echo "  host dropped $hd frames (listener's socket buffer full)"
