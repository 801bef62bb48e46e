#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot one Debian kernel with the test initramfs under QEMU (TCG) and run a
# guest script:  vmrun.sh KVER SCRIPT OUTDIR [extra kernel args]
# OUTDIR/console.log gets the serial console (kernel log), OUTDIR/out.log
# what the guest script printed (second serial port).  No network: -nic none;
# SNULL_VM_EXTRA adds QEMU arguments (make bench: two virtio-net NICs wired
# only to each other through a QEMU hub).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
kv=$1 script=$2 outdir=$3
shift 3
cache=${SNULL_CACHE:-/var/cache/snull}
mkdir -p "$outdir"
initrd=$outdir/initramfs.cpio.gz
"$top/scripts/mkinitramfs.sh" "$kv" "$initrd"
: > "$outdir/console.log"
: > "$outdir/out.log"
timeout "${SNULL_VM_TIMEOUT:-900}" qemu-system-x86_64 -accel tcg -cpu max -smp 2 -m "${SNULL_VM_MEM:-1024}" \
	-display none -monitor none -no-reboot -nic none ${SNULL_VM_EXTRA:-} \
	-kernel "$cache/kernels/$kv/vmlinuz" -initrd "$initrd" \
	-serial "file:$outdir/console.log" -serial "file:$outdir/out.log" \
	-append "console=ttyS0 panic=-1 loglevel=4 snulltest=$script $*" || true
# The guest's tty turns \n into \r\n.
sed -i 's/\r$//' "$outdir/out.log" "$outdir/console.log"
