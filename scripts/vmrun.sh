#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot one Debian kernel with the test initramfs under QEMU (TCG) and run a
# guest script:  vmrun.sh KVER SCRIPT OUTDIR [extra kernel args]
# OUTDIR/console.log gets the serial console (kernel log), OUTDIR/out.log
# what the guest script printed (second serial port).  No network: -nic none;
# SNULL_VM_EXTRA adds QEMU arguments; SNULL_VM_HUB=1 two virtio-net NICs
# (MACs 52:54:00:00:00:01 and :02) wired only to each other through a QEMU
# hub (make bench's log streaming over a real NIC driver; nc_hostile's
# virtio-net target).
# A guest that dies before its test script starts (TCG occasionally trips
# over the kernel patching its own text during early boot) is booted once
# more; OUTDIR/retry then says why, and the first console is kept as
# OUTDIR/console.first.log.  So is a guest whose script printed nothing
# within SNULL_VM_FIRST seconds (600) of boot: it hung before snull was
# loaded.  A death or hang after the script printed is a result, never
# retried.
# log_buf_len=4M: tests write bursts of records (up to 2000 of 900 bytes)
# faster than a guest starved of CPU sends them; in Debian's 128 KB ring
# printk would overwrite records no console had seen yet.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
kv=$1 script=$2 outdir=$3
shift 3
cache=${SNULL_CACHE:-/var/cache/snull}
mkdir -p "$outdir"
initrd=$outdir/initramfs.cpio.gz
"$top/scripts/mkinitramfs.sh" "$kv" "$initrd"
rm -f "$outdir/retry" "$outdir/console.first.log" "$outdir/stalled"
# started OUTDIR: the guest's script printed something after the start
# marker (the file still has the guest tty's \r\n line ends here)
if [ "${SNULL_VM_HUB:-0}" = 1 ]; then
	SNULL_VM_EXTRA="${SNULL_VM_EXTRA:-} -netdev hubport,id=h0,hubid=0 -device virtio-net-pci,netdev=h0,mac=52:54:00:00:00:01"
	SNULL_VM_EXTRA+=" -netdev hubport,id=h1,hubid=0 -device virtio-net-pci,netdev=h1,mac=52:54:00:00:00:02"
fi
started() { tr -d '\r' < "$1/out.log" 2>/dev/null | grep -qv '^SNULL-GUEST-START$'; }
first=${SNULL_VM_FIRST:-600}
for attempt in 1 2; do
	: > "$outdir/console.log"
	: > "$outdir/out.log"
	# shellcheck disable=SC2086
	timeout "${SNULL_VM_TIMEOUT:-900}" qemu-system-x86_64 -accel tcg -cpu max -smp 2 -m "${SNULL_VM_MEM:-1024}" \
		-display none -monitor none -no-reboot -nic none ${SNULL_VM_EXTRA:-} \
		-kernel "$cache/kernels/$kv/vmlinuz" -initrd "$initrd" \
		-serial "file:$outdir/console.log" -serial "file:$outdir/out.log" \
		-append "console=ttyS0 panic=-1 loglevel=4 log_buf_len=4M snulltest=$script $*" &
	qpid=$!
	# Every guest script prints its first line within seconds of starting,
	# before it loads snull.  A guest silent for SNULL_VM_FIRST seconds
	# (ci, 7.2: out.log held only the start marker after 1800 s) hung
	# before anything of snull ran: stop it and treat it as an early death.
	t=0
	while kill -0 $qpid 2>/dev/null && ! started "$outdir" && [ $t -lt "$first" ]; do
		sleep 1; t=$((t + 1))
	done
	if ! started "$outdir" && kill -0 $qpid 2>/dev/null; then
		echo "silent for $first s after boot, before its script printed anything" > "$outdir/stalled"
		kill $qpid 2>/dev/null
	fi
	wait $qpid || true
	# The guest's tty turns \n into \r\n.
	sed -i 's/\r$//' "$outdir/out.log" "$outdir/console.log"
	if [ -f "$outdir/stalled" ]; then
		why="$(cat "$outdir/stalled"); console ends: $(tail -n 2 "$outdir/console.log" | cut -c1-120 | tr '\n' '|')"
	else
		grep -q SNULL-GUEST-START "$outdir/out.log" && break
		why=$(grep -Ea -m1 'Oops|BUG:|Kernel panic|general protection' "$outdir/console.log" | cut -c1-160)
	fi
	[ $attempt = 2 ] && break
	echo "guest died before its script started (${why:-no report on the console}); booted again" > "$outdir/retry"
	cp "$outdir/console.log" "$outdir/console.first.log"
	rm -f "$outdir/stalled"
	echo "vmrun: $kv $script: $(cat "$outdir/retry")" >&2
done
